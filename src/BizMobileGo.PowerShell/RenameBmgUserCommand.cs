using System.Management.Automation;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>Gives a user another UserName; the user's devices keep pointing at it, and its history follows.</summary>
    [Cmdlet(VerbsCommon.Rename, "BmgUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(User))]
    public sealed class RenameBmgUserCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        /// <summary>The user's UserName now (exactly: user names are case-sensitive); binds from piped User objects (Get-BmgUser) only, of the module's objects.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(UserName), "Rename-BmgUser", RecordTypes = new[] { typeof(User) })]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string UserName { get; set; } = "";

        /// <summary>The new UserName. -NewName as every Rename- cmdlet has it; -NewUserName says what it is.</summary>
        // Binds as Rename-BmgDevice's -NewName does (by property name; a blank one is the rename's error): see there.
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        [AllowEmptyString]
        [AllowNull]
        [Alias("NewUserName")]
        public string NewName { get; set; } = "";

        /// <summary>Writes the renamed user, as Rename-Item -PassThru writes the item (the item as it is for its own name; nothing under -WhatIf or a "No").</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore() => ForNamedItem(nameof(UserName), UserName, () =>
        {
            User? renamed = UserRename.Rename(Store, UserName, NewName ?? "",
                (user, newName, devices) => ShouldProcess($"User '{user.UserName}'",
                    $"Rename to '{newName}'" + (devices == 0 ? "" : devices == 1 ? " (its device follows)" : $" (its {devices} {EnglishWords.Noun(devices, "device")} follow)")), Origin, ConfirmMayPrompt);
            if (renamed != null && PassThru)
            {
                WriteObject(renamed);
            }
        });
    }
}
