using System.Management.Automation;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgDevice")]
    [OutputType(typeof(Device))]
    public sealed class GetBmgDeviceCommand : BmgCmdlet
    {
        /// <summary>Device identifiers (control numbers); case-insensitive; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

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
            WildcardPattern? userName = Pattern(UserName, WildcardOptions.None);
            WildcardPattern? template = Pattern(Template, WildcardOptions.None);
            WildcardPattern? tag = Pattern(DeviceTag, WildcardOptions.None);
            WildcardPattern? serial = Pattern(Serial, WildcardOptions.IgnoreCase);
            foreach (Device device in FindDevices(Identifier))
            {
                if ((State == null || System.Array.IndexOf(State, device.State) >= 0)
                    && Matches(userName, device.UserName)
                    && Matches(template, device.Template)
                    && (tag == null || System.Linq.Enumerable.Any(device.DeviceTags, tag.IsMatch))
                    && Matches(serial, device.Serial))
                {
                    WriteObject(device);
                }
            }
        }

        private static WildcardPattern? Pattern(string? text, WildcardOptions options) =>
            text == null ? null : new WildcardPattern(text.Trim(), options);

        private static bool Matches(WildcardPattern? pattern, string? value) => pattern == null || (value != null && pattern.IsMatch(value));
    }
}
