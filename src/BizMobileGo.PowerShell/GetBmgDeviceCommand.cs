using System.Collections.Generic;
using System.Linq;
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
        [NotFromUserObject]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        [Parameter]
        public DeviceState[]? State { get; set; }

        /// <summary>Only devices of this user (case-sensitive; wildcards allowed); binds from piped users (Get-BmgUser).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
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

        /// <summary>-Identifier $null (or an empty list) on the command line is refused, as Set- and Remove-BmgDevice refuse it; it never means "all".</summary>
        protected override void BeginProcessing()
        {
            if (!MyInvocation.ExpectingInput && MyInvocation.BoundParameters.ContainsKey(nameof(Identifier)) &&
                (Identifier == null || Identifier.Length == 0 || Identifier.Any(id => id == null)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ParameterBindingException("Cannot bind argument to parameter 'Identifier' because it is null. Give an identifier, a wildcard such as '*', or leave -Identifier out for every device."),
                    "ParameterArgumentValidationErrorNullNotAllowed", ErrorCategory.InvalidData, null));
            }
        }

        protected override void ProcessRecord()
        {
            WildcardPattern? userName = Pattern(UserName, WildcardOptions.None);
            WildcardPattern? template = Pattern(Template, WildcardOptions.None);
            WildcardPattern? tag = Pattern(DeviceTag, WildcardOptions.None);
            WildcardPattern? serial = Pattern(Serial, WildcardOptions.IgnoreCase);
            // A piped user (Get-BmgUser) binds only UserName: all of that user's devices.
            IEnumerable<Device> devices = Identifier == null && UserName != null ? Store.GetDevices() : FindDevices(Identifier);
            foreach (Device device in devices)
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

        /// <summary>
        /// A piped user (Get-BmgUser) is not an identifier: without this, PowerShell would turn the object
        /// into its type name for -Identifier. It binds as no identifier; the user's UserName property binds -UserName.
        /// </summary>
        private sealed class NotFromUserObjectAttribute : ArgumentTransformationAttribute
        {
            public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
            {
                object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
                return value is BizMobileGo.Core.Users.User ? null : inputData;
            }
        }

        private static WildcardPattern? Pattern(string? text, WildcardOptions options) =>
            text == null ? null : new WildcardPattern(text.Trim(), options);

        private static bool Matches(WildcardPattern? pattern, string? value) => pattern == null || (value != null && pattern.IsMatch(value));
    }
}
