using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;
namespace BizMobileGo.Core.Fields
{
    /// <summary>Free text with a length limit, such as names and descriptions; blank is a legal empty text.</summary>
    public static class BoundedText
    {
        public const int NameMaxLength = 256;
        public const int DescriptionMaxLength = 1024;

        internal const string NulRule = "must not contain NUL characters";

        /// <summary>
        /// <paramref name="multiLine"/>: free text such as a description, where tab and line breaks are
        /// allowed; names allow no control character at all (see <see cref="FieldText.ForbiddenCharacterRule"/>).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, int maxLength, out string value, out string? violatedRule, bool multiLine = false)
        {
            value = string.Empty;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.IndexOf('\0') >= 0)
            {
                violatedRule = NulRule;
                return false;
            }

            violatedRule = FieldText.ForbiddenCharacterRule(trimmed, multiLine);
            if (violatedRule != null)
            {
                return false;
            }

            int characters = FieldText.CharacterCount(trimmed);
            if (characters > maxLength)
            {
                violatedRule = FieldText.TooLongRule(maxLength, characters);
                return false;
            }

            value = trimmed;
            violatedRule = null;
            return true;
        }
    }
}
