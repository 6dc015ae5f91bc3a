using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Sets an organization's display Name. Its Id, which users list, stays (Rename-BmgOrganization changes the Id), so no
    /// user changes and nothing is recorded in the change history, as for New- and Remove-BmgOrganization.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "BmgOrganization", SupportsShouldProcess = true)]
    [OutputType(typeof(Organization))]
    public sealed class SetBmgOrganizationCommand : BmgCmdlet, IDynamicParameters
    {
        /// <summary>The ids of the organizations; each is its own item, all given the one -Name. Exact (case-sensitive), no wildcards.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), "Set-BmgOrganization", RecordTypes = new[] { typeof(Organization) })]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string[] Id { get; set; } = new string[0];

        /// <summary>The display Name; binds the Name of piped records (a CSV of Id,Name renames many).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        public string Name { get; set; } = "";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// The piped object itself, read only to tell a piped Organization (whose Name binds -Name, but is the Name it has:
        /// nothing to set) from a record of Id and Name. Hidden from tab completion, and refused when typed.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        private protected override string? PipelineOnlyInputAdvice =>
            "-InputObject takes only piped organizations (Get-BmgOrganization | Set-BmgOrganization -Name ...); name one by -Id.";

        protected override void ProcessRecordCore()
        {
            // Get-BmgOrganization x | Set-BmgOrganization: -Name came from the organization itself, so nothing was given to change.
            if (FromPipeline(nameof(Name)) && InputObject?.BaseObject is Organization)
            {
                WarnNoFieldGiven("-Name");
            }

            foreach (string id in Id)
            {
                ForNamedItem(nameof(Id), id, () =>
                {
                    Organization? organization = ReferenceData.SetOrganizationName(Store, id, Name,
                        (existing, name) => ShouldProcess(ReferenceData.Describe(existing), $"Set Name to '{name}'"),
                        WriteWarning, ConfirmMayPrompt);
                    if (organization != null && PassThru)
                    {
                        WriteObject(organization);
                    }
                });
            }
        }
    }
}
