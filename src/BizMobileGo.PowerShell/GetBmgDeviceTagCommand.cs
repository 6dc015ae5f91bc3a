using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgDeviceTag", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(DeviceTag))]
    public sealed class GetBmgDeviceTagCommand : BmgCmdlet
    {
        private const string PatternSet = "Name";
        private const string LiteralSet = "LiteralName";

        /// <summary>Device tag names; wildcards allowed; case-sensitive.</summary>
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "Get-BmgDeviceTag", RecordTypes = new[] { typeof(DeviceTag) })]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Names taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        public string[] LiteralName { get; set; } = new string[0];

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralSet;
            WriteObject(SelectByName(Store.GetDeviceTags(), literal ? LiteralName : Name, literal || FromPipeline(nameof(Name)), nameof(Name), x => x.Name, ignoreCase: false, "DeviceTagNotFound", "device tag",
                    (tags, name) => RenamedNotFound(ReferenceKind.DeviceTag, tags.Select(t => t.Name), name)),
                enumerateCollection: true);
        }
    }
}
