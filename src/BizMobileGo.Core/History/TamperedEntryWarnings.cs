using System.Globalization;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The warnings of a history command for the entries it shows that don't verify (<see cref="ShownEntry"/>): one naming each
    /// of the first <see cref="Named"/>, then one for the rest, said once at the end. Each starts with the ErrorId Test-BmgHistory
    /// writes for the same finding, HistoryTampered, so a log or a -WarningVariable is searched for one word. A pack's header
    /// edited by hand makes every entry of the pack (up to 256) fail alike, and an edit of many rows as many: a warning each would
    /// bury the answer, and the first ones already say what to do. Entries are named by number, subject, command and time,
    /// never by a value they hold (a check-in code is recorded as "changed" only).
    /// </summary>
    public sealed class TamperedEntryWarnings
    {
        /// <summary>How many entries that don't verify are named each in a warning of their own.</summary>
        public const int Named = 10;

        private long _notVerified;

        /// <summary>The warning to write before <paramref name="shown"/>: null when it verified, or when <see cref="Named"/> were named already.</summary>
        public string? For(ShownEntry shown)
        {
            if (shown.Verified)
            {
                return null;
            }

            _notVerified++;
            return _notVerified > Named ? null
                : $"{ErrorIds.HistoryTampered}: {shown.Problem} It is shown as stored, with Verified False. Test-BmgHistory walks the whole chain.";
        }

        /// <summary>The warning for the entries shown that don't verify beyond the first <see cref="Named"/>; null when there were none.</summary>
        public string? Rest()
        {
            if (_notVerified <= Named)
            {
                return null;
            }

            long rest = _notVerified - Named;
            string entries = rest == 1 ? "1 more entry shown does" : rest.ToString(CultureInfo.InvariantCulture) + " more entries shown do";
            return $"{ErrorIds.HistoryTampered}: {entries} not verify either ({_notVerified} in all, each shown with Verified False: "
                + "| Where-Object Verified -eq $false lists them). Test-BmgHistory walks the whole chain.";
        }
    }
}
