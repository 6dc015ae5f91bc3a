using System.Management.Automation;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    /// <summary>Every recorded change of devices: who changed what, when, from what to what; newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgDeviceHistory")]
    [OutputType(typeof(DeviceHistoryEntry))]
    public sealed class GetBmgDeviceHistoryCommand : SubjectHistoryCmdlet
    {
        /// <summary>Identifiers the devices have or had (any case, wildcards); binds from piped devices.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Get-BmgDeviceHistory")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(HistoryIdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Only entries that change one of these fields.</summary>
        [Parameter]
        [NoScriptBlock]
        [HistoryField(SubjectKind.Device)]
        [ArgumentCompleter(typeof(DeviceHistoryFieldCompleter))]
        public string[]? Field { get; set; }

        private protected override SubjectKind Kind => SubjectKind.Device;

        private protected override string[]? FieldsOfCommand => Field;

        protected override void ProcessRecordCore() => WriteHistoryOf(Identifier, nameof(Identifier));

        /// <summary>A piped Device selects its own device by its DeviceKey (<see cref="SubjectHistoryCmdlet.InputObject"/>).</summary>
        private protected override (string? Key, string? Name) PipedRecordKey(object piped) =>
            piped is Device device ? (device.DeviceKey?.ToString(System.Globalization.CultureInfo.InvariantCulture), device.Identifier) : (null, null);
    }
}
