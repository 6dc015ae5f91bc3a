using System;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
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

        /// <summary>
        /// The piped object itself, so that a piped Device or device history entry of this module shows that device's own
        /// history, not that of every device that ever bore its Identifier (one removed earlier, say). Only the live object
        /// says so: a DeviceKey column of a CSV, or of an object read back from a file, may come from another store. Hidden,
        /// and refused when typed: the Identifier is what a person types.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        private protected override SubjectKind Kind => SubjectKind.Device;

        private protected override string[]? FieldsOfCommand => Field;

        protected override void BeginProcessingCore()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-InputObject takes only piped devices (Get-BmgDevice | Get-BmgDeviceHistory); name a device by -Identifier."),
                    ErrorIds.PipelineOnlyParameter, ErrorCategory.InvalidArgument, null));
            }

            base.BeginProcessingCore();
        }

        protected override void ProcessRecordCore()
        {
            if (!FromPipeline(nameof(Identifier)))
            {
                WriteHistory(Identifier);
                return;
            }

            // The store key of the piped Device or device history entry, checked (in its batch) against the history under the
            // Identifier this record bound: a Device of another store, or a key since reused, selects by its Identifier instead.
            (string? key, string? identifier) = InputObject?.BaseObject switch
            {
                Device device => (device.DeviceKey?.ToString(System.Globalization.CultureInfo.InvariantCulture), device.Identifier),
                ChangeEntry entry when entry.SubjectKind == SubjectKind.Device => (entry.SubjectKey, entry.Subject),
                _ => (null, null),
            };
            KeepPiped(Identifier, key, identifier);
        }
    }
}
