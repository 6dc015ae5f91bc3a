using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>The DEP profiles: those named (by profile response or Set-BmgDepProfile) and those assigned to DEP devices, with how many DEP devices each has.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgDepProfile")]
    [OutputType(typeof(DepProfile))]
    public sealed class GetBmgDepProfileCommand : BmgCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ProfileName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            WriteObject(SelectByName(Store.GetDepProfiles(), Name, p => p.Name ?? p.Uuid ?? "", ignoreCase: false, "DepProfileNotFound", "DEP profile"), enumerateCollection: true);
    }
}
