using System.Collections.Generic;
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

        /// <summary>Only the device with this registered serial (any case).</summary>
        [Parameter]
        [SupportsWildcards]
        public string? Serial { get; set; }

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
            string[]? identifiers = literal ? LiteralIdentifier : Identifier;
            // A piped user (Get-BmgUser) binds only UserName: all of that user's devices.
            IEnumerable<Device> devices = identifiers == null && UserName != null
                ? Store.GetDevices()
                : FindDevices(identifiers, literal || FromPipeline(nameof(Identifier)));
            foreach (Device device in devices)
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
