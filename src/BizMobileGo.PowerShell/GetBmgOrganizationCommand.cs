using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgOrganization", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(Organization))]
    public sealed class GetBmgOrganizationCommand : BmgCmdlet
    {
        private const string PatternSet = "Id";
        private const string LiteralSet = "LiteralId";

        /// <summary>Organization ids; wildcards allowed; case-sensitive.</summary>
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), "Get-BmgOrganization", RecordTypes = new[] { typeof(Organization) })]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Names taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string[] LiteralId { get; set; } = new string[0];

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralSet;
            WriteObject(SelectByName(Store.GetOrganizations(), literal ? LiteralId : Id, literal || FromPipeline(nameof(Id)), nameof(Id), x => x.Id, ignoreCase: false, "OrganizationNotFound", "organization",
                    (organizations, id) => ReferenceData.OrganizationNameHint("-Id", id, ReferenceData.OrganizationsByName(organizations)) is string byName
                        ? $"No organization has the Id '{FieldText.Printable(id)}' {SearchedStore.In(Store)}; {byName}."
                        : RenamedNotFound(ReferenceKind.Organization, organizations.Select(o => o.Id), id)),
                enumerateCollection: true);
        }
    }
}
