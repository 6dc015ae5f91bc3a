using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.New, "BmgOrganization", SupportsShouldProcess = true)]
    [OutputType(typeof(Organization))]
    public sealed class NewBmgOrganizationCommand : BmgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Id { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = "";

        protected override void ProcessRecordCore()
        {
            if (ShouldProcess($"Organization '{Id}' ({Name})", "Create"))
            {
                ForItem(() => WriteObject(ReferenceData.AddOrganization(Store, Id, Name)));
            }
        }
    }
}
