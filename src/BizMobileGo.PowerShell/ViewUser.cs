using System;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The User column of the change history's tables (BizMobileGo.History.Format.ps1xml): who the change was made for
    /// (ChangedBy) when the entry names one, else the OS user, in at most <see cref="MaxLength"/> console cells. The tables have
    /// no fixed widths, so one long name ('CONTOSO\kitting.admin.with.long.name') took 36 columns and left Changes 5 at 80, its
    /// header broken over two lines (walkthrough 44, 2). Format-List and Select-Object show the whole name, and -User matches
    /// it. Cells, not characters (desk45, 1): a Japanese name of 16 characters took 30 columns, cut every row's Changes to 20
    /// and left Get-BmgUserHistory beside a 35-character UserName without a Changes column at all. In the cmdlet assembly,
    /// not the core: a view's script block resolves types of the assemblies PowerShell loaded (see <see cref="ListValueText"/>);
    /// it takes the values as text, so a job's or remote command's entries show the same.
    /// </summary>
    public static class ViewUser
    {
        /// <summary>
        /// The most cells the column takes (ConsoleCells: a wide East Asian character takes two), as the user table's UserName
        /// (16): beside a 20-character Identifier it leaves Changes 25 columns at 80, "ExpirationDays and 1 more" whole (20
        /// left it "DisplayName and 1 mo…").
        /// </summary>
        public const int MaxLength = 16;

        private const string Ellipsis = "…";

        /// <summary>ChangedBy when given, else the OS user, shortened by <see cref="Short"/>.</summary>
        public static string? Text(object? changedBy, object? osUser)
        {
            string? given = changedBy?.ToString();
            return Short(string.IsNullOrEmpty(given) ? osUser?.ToString() : given);
        }

        /// <summary>
        /// <paramref name="name"/> in at most <see cref="MaxLength"/> cells. A longer one loses its domain first
        /// ('CONTOSO\' before the account, '@contoso.com' after it), the part most names in one store share, marked by "…" where
        /// it was ('…\alice.tanaka', 'alice.tanaka@…'); an account (or a name without a domain) still too long
        /// keeps its start and its end with "…" between ('kitting.…ng.name'): names differ at their start (people) or their
        /// end (kitting1, kitting2), and a cut at the end alone made two such names one. The domain's mark stays then too, the
        /// account cut to the cells left ('…\helpdes…erator'): without it 'CONTOSO\helpdesk.operator' showed as a local
        /// account 'helpdesk…perator' (desk45, 4).
        /// </summary>
        public static string? Short(string? name)
        {
            if (name == null || ConsoleCells.Of(name) <= MaxLength)
            {
                return name;
            }

            string account = name;
            bool domainBefore = false;
            bool domainAfter = false;
            int backslash = account.LastIndexOf('\\');
            if (backslash > 0 && backslash < account.Length - 1)
            {
                account = account.Substring(backslash + 1);
                domainBefore = true;
            }

            int at = account.LastIndexOf('@');
            if (at > 0 && at < account.Length - 1)
            {
                account = account.Substring(0, at);
                domainAfter = true;
            }

            // Each mark ('…\' before, '@…' after) takes two cells.
            int cells = MaxLength - (domainBefore ? 2 : 0) - (domainAfter ? 2 : 0);
            return (domainBefore ? Ellipsis + "\\" : "") + Middle(account, cells) + (domainAfter ? "@" + Ellipsis : "");
        }

        // The first half and the last half of cells - 1 cells, "…" between (one cell); a surrogate pair is never split.
        private static string Middle(string text, int cells)
        {
            if (ConsoleCells.Of(text) <= cells)
            {
                return text;
            }

            int head = ConsoleCells.PrefixFitting(text, cells / 2);
            if (head > 0 && char.IsHighSurrogate(text[head - 1]))
            {
                head--;
            }

            int tail = ConsoleCells.SuffixFitting(text, cells - 1 - ConsoleCells.Of(text.Substring(0, head)));
            int tailStart = text.Length - tail;
            if (tailStart < text.Length && char.IsLowSurrogate(text[tailStart]))
            {
                tailStart++;
            }

            return text.Substring(0, head) + Ellipsis + text.Substring(tailStart);
        }
    }
}
