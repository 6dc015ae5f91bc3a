using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.New, "BmgOrganization", SupportsShouldProcess = true)]
    [OutputType(typeof(Organization))]
    public sealed class NewBmgOrganizationCommand : ReferenceNewCmdlet
    {
        /// <summary>The ids of the organizations to create; each is its own item, all with the one -Name (as New-Item -Path a,b -Value v).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), "New-BmgOrganization", RecordTypes = new[] { typeof(Organization) })]
        public string[] Id { get; set; } = new string[0];

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        public string Name { get; set; } = "";

        protected override ReferenceKind Kind => ReferenceKind.Organization;

        protected override string Describe(string id) => $"{base.Describe(id)} ({Name})";

        protected override void ProcessRecordCore() => CreateEach(Id, id => ReferenceData.AddOrganization(Store, id, Name));
    }
}
