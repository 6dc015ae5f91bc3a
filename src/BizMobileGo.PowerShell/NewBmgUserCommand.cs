using System.Management.Automation;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.New, "BmgUser", SupportsShouldProcess = true)]
    [OutputType(typeof(User))]
    public sealed class NewBmgUserCommand : UserFieldsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string UserName { get; set; } = "";

        protected override void ProcessRecordCore() => ForItem(() =>
        {
            bool created = false;
            RecordPlan<User> plan = UserEditor.Create(Store, UserName, GivenFields(),
                p => created = ShouldProcess($"User '{p.Proposed.UserName}'", $"Create ({string.Join("; ", p.Changes)})"), Origin);
            if (created)
            {
                WriteObject(plan.Proposed);
            }
        });
    }
}
