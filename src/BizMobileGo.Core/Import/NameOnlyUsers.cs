using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The users an import creates from rows that give none of a user's own fields (Name, EmailAddress, UserDescription,
    /// Organizations): a user that is its UserName only. From a CSV that is a choice of its columns; from the module's own
    /// Device objects piped between stores (<c>Get-BmgDevice -Database a | Import-BmgDeviceCsv -Database b</c>) it is the
    /// users' data silently left behind, since a Device names its user and no more (walkthrough 31, 11): the piped import
    /// warns once (<see cref="Warning"/>).
    /// </summary>
    public sealed class NameOnlyUsers
    {
        /// <summary>How many user names <see cref="Warning"/> lists at most.</summary>
        public const int Named = 5;

        private readonly List<string> _first = new List<string>(Named);

        /// <summary>How many users the import's rows created (or, in a dry run, would create) with their UserName only.</summary>
        public int Count { get; private set; }

        /// <summary>Whether the row's values give any of a user's own fields (an empty cell counts: it says the field).</summary>
        internal static bool GiveUserFields(FieldValues values) =>
            values.Changes(FieldKey.Name) || values.Changes(FieldKey.EmailAddress) || values.Changes(FieldKey.UserDescription) || values.Changes(FieldKey.Organizations);

        internal void Add(string userName)
        {
            Count++;
            if (_first.Count < Named)
            {
                _first.Add(userName);
            }
        }

        /// <summary>
        /// The warning of a piped import of Device objects that created users from their UserName only; null when it created none.
        /// <paramref name="dryRun"/>: said as what the real run would do.
        /// </summary>
        public string? Warning(bool dryRun) => Said(dryRun ? "The real run would create" : "Created");

        /// <summary>
        /// The same warning said before the import's commit, under a warning preference that stops or asks at each warning
        /// (-WarningAction Stop, Inquire): nothing is created yet, and a stop (or Halt) leaves the store as it was
        /// (review31, 2: said after the commit, the stop came after the write). Inquire's dry plan asks it in these words too,
        /// so the real run, finding the same users, does not say it again.
        /// </summary>
        public string? WarningBeforeCommit() => Said("This import would create");

        private string? Said(string lead)
        {
            if (Count == 0)
            {
                return null;
            }

            string names = string.Join(", ", _first.Select(name => $"'{FieldText.Printable(name)}'")) + (Count > _first.Count ? ", …" : "");
            string users = EnglishWords.Amount(Count, "user");
            return $"{lead} {users} ({names}) with their UserName only"
                + ": the piped devices name their users but carry none of a user's Name, EmailAddress, UserDescription or Organizations. "
                + "To carry the users too, pipe them first (Get-BmgUser -Database <source> | Import-BmgDeviceCsv -Database <target>, which updates "
                + "these users in place), or move the store with Export-BmgDeviceCsv, whose file holds the users' columns.";
        }
    }
}
