using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>Which names <see cref="IUserStore.GetNamesStartingWith"/> reads.</summary>
    public enum NameSource
    {
        /// <summary>The identifiers of the devices.</summary>
        DeviceIdentifiers,

        /// <summary>The user names of the users.</summary>
        UserNames,

        /// <summary>The identifiers devices had before, while the history keeps an entry that carried them (change_history_names).</summary>
        PastDeviceIdentifiers,

        /// <summary>The user names users had before, likewise.</summary>
        PastUserNames,

        /// <summary>
        /// The serials of the devices. Stored as the serial rule writes them (A-Z and 0-9, letters upper-cased: AppleSerial),
        /// so the prefix is upper-cased the same way and the serial's own unique index is already in the folded order.
        /// </summary>
        DeviceSerials,

        /// <summary>
        /// The identifiers the check-in emails were queued for (any status): one per identifier folded (ASCII letters), spelled
        /// as its smallest spelling in bytes (case twins are one device to Get-BmgCheckInEmail, which matches any case).
        /// </summary>
        CheckInEmailIdentifiers,

        /// <summary>
        /// The devices' RegistrationEmail addresses: read by <see cref="IDeviceRecordStore.GetDevicesLike"/> only (Get-BmgDevice
        /// -RegistrationEmail). No index holds them, so no prefix look-up or completion reads them (<see cref="IUserStore.GetNamesStartingWith"/> refuses them).
        /// </summary>
        DeviceRegistrationEmails,

        /// <summary>
        /// The users' EmailAddress values, for Get-BmgUser -EmailAddress's completion (desk45, 4): one per address folded
        /// (ASCII letters), spelled as its smallest spelling in bytes, as <see cref="CheckInEmailIdentifiers"/>. No index holds
        /// them (an index is a migration): the stores scan the users for the range, and the LIMIT bounds what is handed over.
        /// </summary>
        UserEmailAddresses,
    }

    /// <summary>
    /// The bounds of a prefix look-up (<see cref="IUserStore.GetNamesStartingWith"/>): one rule for both stores. A name
    /// starts with the prefix when, ASCII letters folded, it lies in [prefix, prefix + U+10FFFF): the stores compare
    /// UTF-8 bytes (SQLite's NOCASE, PostgreSQL's "C" collation) and no character after the prefix sorts above the
    /// highest code point. A range, not LIKE: '_', '%' and '[' in a typed word stay literal, and the range is what a
    /// B-tree index seeks whatever LIKE's settings (SQLite's case_sensitive_like, PostgreSQL's locale).
    /// </summary>
    public static class NamePrefix
    {
        /// <summary>
        /// The most names a completion asks for. PSReadLine asks "Display all N possibilities?" past 100 (its
        /// CompletionQueryItems) and the console's own Tab cycles one name a key: nobody reads a few hundred names, and
        /// 200 keeps a menu full while a store of 100,000 names is never read whole.
        /// </summary>
        public const int CompletionLimit = 200;

        private const string Highest = "\U0010FFFF";

        /// <summary>The lower bound: the prefix with ASCII letters folded to lower case.</summary>
        public static string Low(string prefix) => Users.UserNameHint.FoldAscii(prefix);

        /// <summary>The upper bound (excluded).</summary>
        public static string High(string prefix) => Low(prefix) + Highest;

        /// <summary>
        /// The lower bound for <paramref name="list"/>: <see cref="Low(string)"/>, but for serials, which the serial rule stores
        /// upper-cased (AppleSerial): the prefix is upper-cased as a serial look-up is ('f2l' reads from 'F2L').
        /// </summary>
        public static string Low(NameSource list, string prefix) =>
            list == NameSource.DeviceSerials ? Fields.FieldText.ToAsciiUpper(prefix) : Low(prefix);

        /// <summary>The upper bound (excluded) for <paramref name="list"/>.</summary>
        public static string High(NameSource list, string prefix) => Low(list, prefix) + Highest;

        /// <summary>
        /// The ranges (each [Low, High) under the stores' rule) that hold every user name a PowerShell wildcard whose
        /// <see cref="History.WildcardPrefix.IdentifierStart"/> is <paramref name="start"/> (not empty) may match: the names that
        /// start with it, and, for each shorter start of it ('' too), the names that continue that start with a character past
        /// '~'. PowerShell matches <c>text*</c> culture-sensitively (<see cref="History.WildcardPrefix.IdentifierStart"/>): a
        /// name can match while it does not start with the text, but only through a character it skips or composes, and no
        /// printable ASCII character is one; so a name that matches and does not start with the text has such a character
        /// before the text ends ('us' + U+00AD + 'er1' for <c>user*</c>, the Kelvin sign for <c>Kato*</c>), after a start of
        /// the text. The ranges don't overlap: the text's character at each place is ASCII.
        /// </summary>
        public static IReadOnlyList<(string Low, string High)> UserNameRanges(string start)
        {
            var ranges = new List<(string Low, string High)>(start.Length + 1) { (Low(start), High(start)) };
            for (int length = 0; length < start.Length; length++)
            {
                string shorter = Low(start.Substring(0, length));
                ranges.Add((shorter + PastAscii, shorter + Highest));
            }

            return ranges;
        }

        private const string PastAscii = "\u0080";

        /// <summary>Whether <paramref name="name"/> starts with <paramref name="prefix"/> under the stores' rule (ASCII letters folded).</summary>
        public static bool Matches(string name, string prefix) =>
            Users.UserNameHint.FoldAscii(name).StartsWith(Low(prefix), StringComparison.Ordinal);

        /// <summary>Refuses a negative limit (a caller's bug, not a user's).</summary>
        public static void CheckLimit(int limit)
        {
            if (limit < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(limit));
            }
        }
    }
}
