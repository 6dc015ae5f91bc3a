using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    /// <summary>Every recorded change of devices: who changed what, when, from what to what; newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgDeviceHistory")]
    [OutputType(typeof(ChangeEntry))]
    public sealed class GetBmgDeviceHistoryCommand : SubjectHistoryCmdlet
    {
        /// <summary>Identifiers the devices have or had (any case, wildcards); binds from piped devices.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier))]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Only entries that change one of these fields.</summary>
        [Parameter]
        [ValidateSet(FieldNames.Identifier, FieldNames.Template, FieldNames.Code, FieldNames.OS, FieldNames.DeviceTags, FieldNames.WifiMac,
            FieldNames.IMEI, FieldNames.MEID, FieldNames.UDID, FieldNames.Serial, FieldNames.ExpirationDays, FieldNames.DisplayName,
            FieldNames.Description, FieldNames.RegistrationEmail, FieldNames.DEPMethod, FieldNames.UserName, ChangeDiff.StateField,
            ChangeDiff.DepDeviceField, ChangeDiff.DepProfileField, ChangeDiff.CheckedInAtField, ChangeDiff.WithdrawnAtField,
            BizMobileGo.Core.CheckIn.CheckInLockout.HistoryField)]
        public string[]? Field { get; set; }

        /// <summary>
        /// The store's key of a piped device (Get-BmgDevice's DeviceKey, a history entry's): that device's own history, not
        /// that of every device that ever bore its Identifier (one removed earlier, say). Hidden: the Identifier is what a
        /// person types.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceKey { get; set; }

        private protected override SubjectKind Kind => SubjectKind.Device;

        // PowerShell sets DeviceKey back to null before each piped object, so a key bound here is this object's own.
        protected override void ProcessRecordCore() =>
            WriteHistory(Identifier, FromPipeline(nameof(Identifier)), Field,
                FromPipeline(nameof(DeviceKey)) && !string.IsNullOrEmpty(DeviceKey) ? DeviceKey : null);
    }
}
