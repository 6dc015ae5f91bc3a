using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgOrganization")]
    [OutputType(typeof(Organization))]
    public sealed class GetBmgOrganizationCommand : BmgCmdlet
    {
        /// <summary>Organization ids; wildcards allowed; case-sensitive.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string[]? Id { get; set; }

        protected override void ProcessRecord() =>
            WriteObject(SelectByName(Store.GetOrganizations(), Id, o => o.Id, ignoreCase: false, "OrganizationNotFound", "organization"), enumerateCollection: true);
    }
}
