using System.Collections.Generic;
using System.Linq;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Which stored change lists (<see cref="ChangeListText"/>) can hold a change of one of a query's -Field names, told
    /// from their text in the store's own SQL, so that a query by field does not parse (and make an entry of) every row it
    /// reads. The member form (a JSON object, <c>{"DisplayName":["a","b"]}</c>: every changed, removed or renamed record's
    /// list) names each field it changes as a member, spelt as the module writes field names (ASCII letters and digits, which
    /// JSON never escapes): a text of that form that names none of the fields changes none of them. Every other text (the
    /// positional form of created records, the older array form, anything edited by hand) is read and parsed as before, and
    /// <see cref="HistoryQuery.Matches"/> decides on every entry read: this only leaves out rows it cannot match.
    /// </summary>
    public static class ChangedFieldText
    {
        /// <summary>The SQL LIKE pattern of the member form (a text that starts so may be left out by <see cref="MemberPatterns"/>).</summary>
        public const string MemberFormPattern = "{%";

        /// <summary>
        /// LIKE patterns (ASCII case ignored, as SQLite's LIKE and PostgreSQL's ILIKE compare, as <see cref="HistoryQuery.Fields"/>
        /// compares names) one of which a member-form text matches if it names one of <paramref name="fields"/>; null when the
        /// text can't tell (no field filter, or a name that is not ASCII letters and digits): then every row is read.
        /// </summary>
        public static string[]? MemberPatterns(IReadOnlyCollection<string>? fields)
        {
            if (fields == null || fields.Count == 0 || !fields.All(IsPlainName))
            {
                return null;
            }

            return fields.Select(field => "%\"" + field + "\":%").ToArray();
        }

        private static bool IsPlainName(string field) =>
            field.Length > 0 && field.All(c => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }
}
