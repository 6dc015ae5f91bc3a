using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>Remove- and Rename- for organizations, templates and device tags: one behaviour, three kinds.</summary>
    public abstract class ReferenceChangeCmdlet : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        protected abstract ReferenceKind Kind { get; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Removes each name; -PassThru writes the removed Organization, Template or DeviceTag, as Remove-BmgDevice writes the device.</summary>
        /// <param name="parameter">The parameter that took the names (Id, Name): a pattern typed there is said to be no pattern.</param>
        protected void RemoveNames(string parameter, string[] names)
        {
            foreach (string name in names)
            {
                ForNamedItem(parameter, name, () =>
                {
                    object? removed = ReferenceData.Remove(Store, Kind, name, () => ShouldProcess($"{ReferenceData.Describe(Kind)} '{name}'", "Remove"));
                    if (removed != null && PassThru)
                    {
                        WriteObject(removed);
                    }
                });
            }
        }

        /// <summary>Renames the item; -PassThru writes the renamed Organization, Template or DeviceTag, as Rename-Item writes the item.</summary>
        protected void RenameName(string parameter, string name, string newName) => ForNamedItem(parameter, name, () =>
        {
            // A rename that many users or devices follow writes (or records) each of them under the writer lock: seconds
            // at tens of thousands (PERFORMANCE.md, twenty-fourth round). A progress line says what the console waits for,
            // as the import's does; it goes once the rename has ended, however it ended.
            ProgressRecord? shown = null;
            try
            {
                object? renamed = ReferenceData.Rename(Store, Kind, name, newName, (existing, checkedName) =>
                {
                    if (!ShouldProcess(ReferenceData.Describe(existing), RenameAction(checkedName)))
                    {
                        return false;
                    }

                    shown ??= new ProgressRecord(RenameProgressId, MyInvocation.MyCommand.Name,
                        $"{ReferenceData.Describe(existing)} to '{checkedName}': every {ReferenceData.HolderKind(Kind)} that refers to it follows");
                    WriteProgress(shown);
                    return true;
                }, Origin);
                if (renamed != null && PassThru)
                {
                    WriteObject(renamed);
                }
            }
            finally
            {
                if (shown != null)
                {
                    this.TakeDown(new ProgressRecord(RenameProgressId, shown.Activity, shown.StatusDescription) { RecordType = ProgressRecordType.Completed });
                }
            }
        });

        // Not the writer-lock wait's line (BmgCmdlet), which may show beside it.
        private const int RenameProgressId = 3;

        /// <summary>The -WhatIf/-Confirm action: what the new name is and who follows it.</summary>
        protected virtual string RenameAction(string newName) => $"Rename to '{newName}' (every {ReferenceData.HolderKind(Kind)} that refers to it follows)";
    }

    /// <summary>New- for organizations, templates and device tags: each name given or piped is its own item (its own -WhatIf/-Confirm, its own error).</summary>
    public abstract class ReferenceNewCmdlet : BmgCmdlet
    {
        protected abstract ReferenceKind Kind { get; }

        /// <summary>The item as -WhatIf and -Confirm name it.</summary>
        protected virtual string Describe(string name) => $"{ReferenceData.Describe(Kind)} '{name}'";

        /// <summary>Creates each name in turn: one that can't be created (AlreadyExists, an invalid name) is that name's error, and the others are still created.</summary>
        protected void CreateEach(string[] names, System.Func<string, object> create)
        {
            // -WhatIf opens the store as the real run does (its snapshot): a missing folder is refused and a new store is
            // warned of, not planned as "Create" (a dry run must not plan what the real run would refuse).
            if (WhatIfInEffect)
            {
                _ = Store;
            }

            foreach (string name in names)
            {
                if (ShouldProcess(Describe(name), "Create"))
                {
                    ForItem(() => WriteObject(create(name)));
                }
            }
        }
    }

    [Cmdlet(VerbsCommon.Remove, "BmgOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Organization))]
    public sealed class RemoveBmgOrganizationCommand : ReferenceChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), "Remove-BmgOrganization", RecordTypes = new[] { typeof(Organization) })]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string[] Id { get; set; } = new string[0];

        protected override ReferenceKind Kind => ReferenceKind.Organization;

        protected override void ProcessRecordCore() => RemoveNames(nameof(Id), Id);
    }

    [Cmdlet(VerbsCommon.Remove, "BmgTemplate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Template))]
    public sealed class RemoveBmgTemplateCommand : ReferenceChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "Remove-BmgTemplate", RecordTypes = new[] { typeof(Template) })]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string[] Name { get; set; } = new string[0];

        protected override ReferenceKind Kind => ReferenceKind.Template;

        protected override void ProcessRecordCore() => RemoveNames(nameof(Name), Name);
    }

    [Cmdlet(VerbsCommon.Remove, "BmgDeviceTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DeviceTag))]
    public sealed class RemoveBmgDeviceTagCommand : ReferenceChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "Remove-BmgDeviceTag", RecordTypes = new[] { typeof(DeviceTag) })]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        public string[] Name { get; set; } = new string[0];

        protected override ReferenceKind Kind => ReferenceKind.DeviceTag;

        protected override void ProcessRecordCore() => RemoveNames(nameof(Name), Name);
    }

    /// <summary>Changes an organization's Id (the name users list); Set-BmgOrganization -Name changes its display Name.</summary>
    [Cmdlet(VerbsCommon.Rename, "BmgOrganization", SupportsShouldProcess = true)]
    [OutputType(typeof(Organization))]
    public sealed class RenameBmgOrganizationCommand : ReferenceChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), "Rename-BmgOrganization", RecordTypes = new[] { typeof(Organization) })]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string Id { get; set; } = "";

        /// <summary>The new Id. -NewName as every Rename- cmdlet has it; -NewId says what it is.</summary>
        // Binds as Rename-BmgDevice's -NewName does (by property name; a blank one is the rename's error): see there.
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        [AllowEmptyString]
        [AllowNull]
        [Alias("NewId")]
        public string NewName { get; set; } = "";

        protected override ReferenceKind Kind => ReferenceKind.Organization;

        protected override string RenameAction(string newName) =>
            $"Change the Id to '{newName}' (every user that lists it follows; the display Name stays: Set-BmgOrganization -Name changes that)";

        protected override void ProcessRecordCore() => RenameName(nameof(Id), Id, NewName ?? "");
    }

    [Cmdlet(VerbsCommon.Rename, "BmgTemplate", SupportsShouldProcess = true)]
    [OutputType(typeof(Template))]
    public sealed class RenameBmgTemplateCommand : ReferenceChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "Rename-BmgTemplate", RecordTypes = new[] { typeof(Template) })]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string Name { get; set; } = "";

        // Binds as Rename-BmgDevice's -NewName does (by property name; a blank one is the rename's error): see there.
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        [AllowEmptyString]
        [AllowNull]
        public string NewName { get; set; } = "";

        protected override ReferenceKind Kind => ReferenceKind.Template;

        protected override void ProcessRecordCore() => RenameName(nameof(Name), Name, NewName ?? "");
    }

    [Cmdlet(VerbsCommon.Rename, "BmgDeviceTag", SupportsShouldProcess = true)]
    [OutputType(typeof(DeviceTag))]
    public sealed class RenameBmgDeviceTagCommand : ReferenceChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "Rename-BmgDeviceTag", RecordTypes = new[] { typeof(DeviceTag) })]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        public string Name { get; set; } = "";

        // Binds as Rename-BmgDevice's -NewName does (by property name; a blank one is the rename's error): see there.
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        [AllowEmptyString]
        [AllowNull]
        public string NewName { get; set; } = "";

        protected override ReferenceKind Kind => ReferenceKind.DeviceTag;

        protected override void ProcessRecordCore() => RenameName(nameof(Name), Name, NewName ?? "");
    }
}
