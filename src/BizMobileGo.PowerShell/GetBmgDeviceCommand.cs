using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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
        [NotFromUserObject]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Device identifiers taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] LiteralIdentifier { get; set; } = new string[0];

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

        /// <summary>Only devices with one of these registered serials (any case; wildcards allowed); a serial no device holds is DeviceNotFound.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SerialCompleter))]
        public string[]? Serial { get; set; }

        /// <summary>-Identifier $null (or an empty list) on the command line is refused, as Set- and Remove-BmgDevice refuse it; it never means "all".</summary>
        protected override void BeginProcessingCore()
        {
            if (!MyInvocation.ExpectingInput && MyInvocation.BoundParameters.ContainsKey(nameof(Identifier)) &&
                (Identifier == null || Identifier.Length == 0 || Identifier.Any(id => id == null)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ParameterBindingException("Cannot bind argument to parameter 'Identifier' because it is null. Give an identifier, a wildcard such as '*', or leave -Identifier out for every device."),
                    "ParameterArgumentValidationErrorNullNotAllowed", ErrorCategory.InvalidData, null));
            }
        }

        protected override void ProcessRecordCore()
        {
            NameMatch? userName = Filter(UserName, nameof(UserName), ignoreCase: false, name => Store.GetUser(name) != null);
            NameMatch? template = Filter(Template, nameof(Template), ignoreCase: false, name => Store.GetTemplates().Any(t => t.Name == name));
            NameMatch? tag = Filter(DeviceTag, nameof(DeviceTag), ignoreCase: false, name => Store.GetDeviceTags().Any(t => t.Name == name));
            // -Serial comes from the command line only: read once, its errors written once however many records are piped.
            if (Serial != null && _serials == null)
            {
                // An invalid serial is its own error and left out; serials given that are all invalid select nothing.
                _serials = SerialMatches(Serial, literal: false);
                _bySerial = DevicesBySerial(_serials);
            }

            List<NameMatch>? serials = _serials;

            bool literal = ParameterSetName == LiteralSet;
            string[]? identifiers = literal ? LiteralIdentifier : Identifier;
            // A piped user (Get-BmgUser) binds only UserName: all of that user's devices. Exact serials alone: the devices
            // holding them, read by serial rather than by a scan of every device.
            IEnumerable<Device> devices = identifiers == null && UserName != null ? Store.GetDevices()
                : identifiers == null && !PipedWithoutKey && serials != null && serials.All(serial => !serial.IsPattern) ? _bySerial!
                : FindDevices(identifiers, literal || FromPipeline(nameof(Identifier)));
            foreach (Device device in devices)
            {
                if ((State == null || System.Array.IndexOf(State, device.State) >= 0)
                    && Matches(userName, device.UserName)
                    && Matches(template, device.Template)
                    && (tag == null || device.DeviceTags.Any(tag.IsMatch))
                    && (serials == null || serials.Any(serial => serial.IsMatch(device.Serial))))
                {
                    WriteObject(device);
                }
            }
        }

        private List<NameMatch>? _serials;
        private IReadOnlyList<Device>? _bySerial;

        private static bool Matches(NameMatch? filter, string? value) => filter == null || filter.IsMatch(value);

        /// <summary>
        /// The devices holding the exact serials among <paramref name="serials"/>, in the order given, read in one statement;
        /// an exact serial no device holds is a DeviceNotFound error, as an identifier no device has is.
        /// </summary>
        private IReadOnlyList<Device> DevicesBySerial(List<NameMatch> serials)
        {
            var exact = serials.Where(serial => serial.Exact != null).Select(serial => serial.Exact!).Distinct().ToList();
            if (exact.Count == 0)
            {
                return new Device[0];
            }

            var found = Store.FindDevicesBySerial(exact).Where(device => device.Serial != null).ToDictionary(device => device.Serial!);
            var devices = new List<Device>();
            foreach (string serial in exact)
            {
                if (found.TryGetValue(serial, out Device? device))
                {
                    devices.Add(device);
                }
                else
                {
                    WriteError(ToErrorRecord(DeviceEditor.SerialNotFound(serial)));
                }
            }

            return devices;
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
    }
}
