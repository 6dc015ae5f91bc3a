using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgDevice", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(Device))]
    public sealed class GetBmgDeviceCommand : BmgCmdlet
    {
        private const string PatternSet = "Identifier";
        private const string LiteralSet = "LiteralIdentifier";

        /// <summary>Device identifiers (control numbers); case-insensitive; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Device identifiers taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] LiteralIdentifier { get; set; } = new string[0];

        [Parameter]
        public DeviceState[]? State { get; set; }

        /// <summary>Only devices of this user (case-sensitive; wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string? UserName { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string? Template { get; set; }

        /// <summary>Only devices carrying this tag.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        public string? DeviceTag { get; set; }

        /// <summary>Only the device with this registered serial (any case).</summary>
        [Parameter]
        [SupportsWildcards]
        public string? Serial { get; set; }

        protected override void ProcessRecord()
        {
            NameMatch? userName = Filter(UserName, nameof(UserName), ignoreCase: false, name => Store.GetUser(name) != null);
            NameMatch? template = Filter(Template, nameof(Template), ignoreCase: false, name => Store.GetTemplates().Any(t => t.Name == name));
            NameMatch? tag = Filter(DeviceTag, nameof(DeviceTag), ignoreCase: false, name => Store.GetDeviceTags().Any(t => t.Name == name));
            NameMatch? serial = null;
            if (Serial != null)
            {
                try
                {
                    serial = NameMatch.Serial(Serial, literal: false);
                }
                catch (BmgException e)
                {
                    ThrowTerminatingError(ToErrorRecord(e));
                }
            }

            bool literal = ParameterSetName == LiteralSet;
            foreach (Device device in FindDevices(literal ? LiteralIdentifier : Identifier, literal || FromPipeline(nameof(Identifier))))
            {
                if ((State == null || System.Array.IndexOf(State, device.State) >= 0)
                    && Matches(userName, device.UserName)
                    && Matches(template, device.Template)
                    && (tag == null || device.DeviceTags.Any(tag.IsMatch))
                    && Matches(serial, device.Serial))
                {
                    WriteObject(device);
                }
            }
        }

        private static bool Matches(NameMatch? filter, string? value) => filter == null || filter.IsMatch(value);
    }
}
