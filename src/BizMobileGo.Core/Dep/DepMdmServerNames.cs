using System;
using System.Linq;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// How an -MdmServer that names none of the servers of Apple Business Manager's list is told from a list that no longer
    /// assigns anything to this MDM (walkthrough 16, 4). A typo ('BizMobile Go' for 'BizMobile Go!') or a server renamed in
    /// Apple Business Manager ('BizMobile Go! (Tokyo)') would otherwise release every DEP device of this MDM at once.
    /// </summary>
    internal static class DepMdmServerNames
    {
        /// <summary>
        /// True when the two names are one after dropping case, blanks and punctuation, or one holds the other: too near
        /// to be a different MDM. Names of fewer than three letters and digits are compared whole only.
        /// </summary>
        internal static bool LookAlike(string server, string chosen)
        {
            string a = Letters(server);
            string b = Letters(chosen);
            if (a.Length == 0 || b.Length == 0)
            {
                return false;
            }

            if (a == b)
            {
                return true;
            }

            return Math.Min(a.Length, b.Length) >= 3 && (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal));
        }

        private static string Letters(string name) => new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
    }

    /// <summary>
    /// -MdmServer named none of the servers of Apple Business Manager's list: the name given, the list's servers (for
    /// messages), and the refusal to raise when the store holds no active DEP device the list names (a typo, a wrong file).
    /// </summary>
    public sealed class DepMdmServerNamesNone
    {
        internal DepMdmServerNamesNone(string mdmServer, string servers, BmgException refusal)
        {
            MdmServer = mdmServer;
            Servers = servers;
            Refusal = refusal;
        }

        /// <summary>The -MdmServer given, printable.</summary>
        public string MdmServer { get; }

        /// <summary>"'Jamf' (2 rows), 'Other' (1 row)".</summary>
        public string Servers { get; }

        internal BmgException Refusal { get; }

        /// <summary>The warning of a list imported as assigning nothing to this MDM, <paramref name="released"/> serials released by it.</summary>
        internal string Warning(string source, int released) =>
            $"-MdmServer '{MdmServer}' names none of the MDM servers of '{source}' ({Servers}): no row is assigned to this MDM any more, " +
            $"so the list was imported as assigning it nothing, and the {Text.EnglishWords.Count(released, "DEP device")} the store held active that it assigns to other servers {Text.EnglishWords.Was(released)} released. " +
            $"If this MDM's server was renamed in Apple Business Manager, import the list again with -MdmServer '<its new name>': the serials are added back.";
    }
}
