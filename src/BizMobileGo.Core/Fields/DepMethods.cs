using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>Text form of <see cref="DepMethod"/>.</summary>
    public static class DepMethods
    {
        internal const string Rule = "must be Serial or Keycode";

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out DepMethod method, out string? violatedRule)
        {
            method = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            if (FieldText.EqualsAsciiIgnoreCase(trimmed, "Serial"))
            {
                method = DepMethod.Serial;
                violatedRule = null;
                return true;
            }

            if (IsKeycode(trimmed))
            {
                method = DepMethod.Keycode;
                violatedRule = null;
                return true;
            }

            violatedRule = Rule;
            return false;
        }

        /// <summary>The method's text, or null for none: as both stores keep it and the history records it.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public static string? ToText(DepMethod? m) => m is DepMethod given ? ToText(given) : null;

        [MethodImpl(PerRowCode.Compile)]
        public static string ToText(DepMethod m)
        {
            switch (m)
            {
                case DepMethod.Serial:
                    return "Serial";
                case DepMethod.Keycode:
                    return "Keycode";
                default:
                    return ((int)m).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool StartsWithAsciiIgnoreCase(string text, int start, string lowerCase)
        {
            for (var i = 0; i < lowerCase.Length; i++)
            {
                if (FieldText.ToAsciiLower(text[start + i]) != lowerCase[i])
                {
                    return false;
                }
            }

            return true;
        }

        // The manual and admins write "Key Code", "key-code" and "keycode" interchangeably.
        [MethodImpl(PerRowCode.Compile)]
        private static bool IsKeycode(string text)
        {
            const string Key = "key";
            const string Code = "code";
            if (text.Length < Key.Length + Code.Length
                || !StartsWithAsciiIgnoreCase(text, 0, Key)
                || !StartsWithAsciiIgnoreCase(text, text.Length - Code.Length, Code))
            {
                return false;
            }

            for (var i = Key.Length; i < text.Length - Code.Length; i++)
            {
                var c = text[i];
                if (c != ' ' && c != '-' && c != '_')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
