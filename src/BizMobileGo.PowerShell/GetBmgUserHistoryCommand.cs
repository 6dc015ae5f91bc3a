using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;

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

        protected override void ProcessRecordCore()
        {
            if (FromPipeline(nameof(UserName)))
            {
                KeepPiped(UserName);
            }
            else
            {
                WriteHistory(UserName);
            }
        }
    }
}
