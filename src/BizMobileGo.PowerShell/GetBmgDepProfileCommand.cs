using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>The DEP profiles: those named (by profile response or Set-BmgDepProfile) and those assigned to DEP devices, with how many DEP devices each has.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgDepProfile", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(DepProfile))]
    public sealed class GetBmgDepProfileCommand : BmgCmdlet
    {
        private const string PatternSet = "Name";
        private const string LiteralSet = "LiteralName";

        /// <summary>DEP profile names; wildcards allowed; case-sensitive.</summary>
        // By value too, only so that the one piping rule sees each piped object whole: a user's or a template's Name is no
        // profile name; a DEP profile binds its Name, a DEP device its ProfileName.
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "Get-BmgDepProfile", RecordTypes = new[] { typeof(DepProfile), typeof(DepDevice) }, AliasesBound = new[] { "ProfileName" },
            WithoutKeyUse = new[] { nameof(DepProfile.Uuid), nameof(DepDevice.ProfileUuid) })]
        [Alias("ProfileName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Names taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[] LiteralName { get; set; } = new string[0];

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralSet;
            bool piped = FromPipeline(nameof(Name));
            var profiles = Store.GetDepProfiles();
            string[]? names = literal ? LiteralName : Name;
            if (piped && names != null)
            {
                // A piped profile or DEP device without a name binds its Uuid (NameNotObject): the profile of that Uuid, by
                // its name if it has one by now (a DEP device read before Set-BmgDepProfile named it).
                names = names.Select(name => profiles.FirstOrDefault(p => p.Uuid == name) is DepProfile byUuid ? byUuid.Name ?? name : name).ToArray();
            }

            WriteObject(SelectByName(profiles, names, literal || piped, nameof(Name), p => p.Name ?? p.Uuid ?? "", ignoreCase: false, "DepProfileNotFound", "DEP profile"),
                enumerateCollection: true);
        }
    }
}
