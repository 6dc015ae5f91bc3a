using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace BizMobileGo.Core.Fields
{
    /// <summary>A <c>|</c>-separated list of names, such as Organizations and DeviceTags.</summary>
    public static class NameList
    {
        public const char Separator = '|';

        internal const string BlankItemRule = "must not contain blank names between '|' separators";

        public static bool TryParse(string? text, out IReadOnlyList<string> names, out string? violatedRule)
        {
            names = Array.Empty<string>();
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = null;
                return true;
            }

            var distinct = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in trimmed.Split(Separator))
            {
                var name = item.Trim();
                if (name.Length == 0)
                {
                    violatedRule = BlankItemRule;
                    return false;
                }

                violatedRule = FieldText.ForbiddenCharacterRule(name);
                if (violatedRule != null)
                {
                    return false;
                }

                if (seen.Add(name))
                {
                    distinct.Add(name);
                }
            }

            names = new ReadOnlyCollection<string>(distinct);
            violatedRule = null;
            return true;
        }

        public static string Join(IEnumerable<string> names) => string.Join(Separator.ToString(), names);
    }
}
