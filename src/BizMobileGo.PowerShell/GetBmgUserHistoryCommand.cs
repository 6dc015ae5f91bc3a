using System.Management.Automation;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>Every recorded change of users: who changed what, when, from what to what; newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgUserHistory")]
    [OutputType(typeof(UserHistoryEntry))]
    public sealed class GetBmgUserHistoryCommand : SubjectHistoryCmdlet
    {
        /// <summary>User names the users have or had (case-sensitive, wildcards); binds from piped users and devices.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(UserName), "Get-BmgUserHistory")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(HistoryUserNameCompleter))]
        public string[]? UserName { get; set; }

        /// <summary>Only entries that change one of these fields.</summary>
        [Parameter]
        [NoScriptBlock]
        [HistoryField(SubjectKind.User)]
        [ArgumentCompleter(typeof(UserHistoryFieldCompleter))]
        public string[]? Field { get; set; }

        private protected override SubjectKind Kind => SubjectKind.User;

        private protected override string[]? FieldsOfCommand => Field;

        protected override void ProcessRecordCore() => WriteHistoryOf(UserName, nameof(UserName));

        /// <summary>
        /// A piped User selects its own user by its UserKey (<see cref="SubjectHistoryCmdlet.InputObject"/>), not every user
        /// that ever had its UserName (walkthrough 32, finding 9). A piped Device binds its UserName only: its user's name.
        /// </summary>
        private protected override (string? Key, string? Name) PipedRecordKey(object piped) =>
            piped is User user ? (user.UserKey?.ToString(System.Globalization.CultureInfo.InvariantCulture), user.UserName) : (null, null);
    }
}
