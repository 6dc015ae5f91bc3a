using System;
using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>Names a DEP profile by Apple's profile_uuid, for a profile whose profile response you don't have.</summary>
    [Cmdlet(VerbsCommon.Set, "BmgDepProfile", SupportsShouldProcess = true)]
    [OutputType(typeof(DepProfile))]
    public sealed class SetBmgDepProfileCommand : BmgCmdlet
    {
        /// <summary>Apple's profile_uuid; binds the Uuid or ProfileUuid of piped objects.</summary>
        // By value too (thirtieth round), as Get-BmgDepProfile's -Name: so that the one piping rule sees each piped object
        // whole, and a DEP profile or DEP device of another store is refused (PipedFromOtherStore) rather than naming this
        // store's profile of that uuid. A DEP profile binds its Uuid, a DEP device its ProfileUuid; a piped string is a uuid
        // (a uuid is what this command is about; a piped name is refused by NameProfile, saying how to select by name).
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Uuid), "Set-BmgDepProfile", RecordTypes = new[] { typeof(DepProfile), typeof(DepDevice) }, AliasesBound = new[] { "ProfileUuid" }, TakesUuids = true)]
        [Alias("ProfileUuid")]
        [ArgumentCompleter(typeof(DepProfileUuidCompleter))]
        public string Uuid { get; set; } = "";

        /// <summary>The profile's name, as in Apple Business Manager; binds the Name (or ProfileName) of piped objects.</summary>
        // By property name too (round 32), as Get-BmgDepProfile outputs it: Get-BmgDepProfile -Database $old | Set-BmgDepProfile
        // -Database $new names the new store's profiles. An unnamed profile's empty Name binds and is refused by the name rule
        // (InvalidFieldValue naming the Name), not asked for at a prompt that a pipeline of several profiles can't answer.
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [NoScriptBlock]
        [AllowNull]
        [AllowEmptyString]
        [Alias("ProfileName")]
        public string Name { get; set; } = "";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore() => ForItem(() =>
        {
            bool declined = false;
            DepProfileNaming naming = DepInventory.NameProfile(Store, Uuid, Name,
                action => !(declined = !ShouldProcess($"DEP profile {Uuid.Trim()}", action)), DateTimeOffset.UtcNow, WriteWarning, ConfirmMayPrompt);
            if (naming.Warning != null)
            {
                WriteWarning(naming.Warning);
            }

            if (naming.Done != null)
            {
                SayVerbose($"Done: {naming.Done}.");
            }

            if (PassThru && !declined)
            {
                WriteObject(naming.Profile);
            }
        });
    }
}
