using System;
using System.Management.Automation;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Records what a device reported when it checked in; the device is then locked.</summary>
    // One parameter set on purpose: piped rows with Identifier, Code and Serial columns must bind all
    // three, and -Serial alone must work too; the core says which combination is missing.
    [Cmdlet(VerbsLifecycle.Register, "BmgDeviceCheckIn", SupportsShouldProcess = true)]
    [OutputType(typeof(DeviceDepLink))]
    public sealed class RegisterBmgDeviceCheckInCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        /// <summary>The serial number the device reported. Alone, it finds a device that enrolls by DEP serial.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SerialCompleter))]
        public string? Serial { get; set; }

        /// <summary>The device's Identifier, for devices that check in with their code (key code or no DEP).</summary>
        // Also by value, only so that the one piping rule sees each piped object whole: a check-in is what a device
        // reported, and the store's own records (Get-BmgDevice, a DEP link, a check-in email) carry the device's Identifier,
        // Code and Serial — piped back, they checked the device in with nothing having reported. Those are refused; a
        // record of reported values (Import-Csv of a check-in file, a [pscustomobject]) binds by its properties as before,
        // one with only a Serial leaves -Identifier empty, and a piped string is an identifier.
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Register-BmgDeviceCheckIn", NoValueWith = new[] { nameof(Serial) }, ModuleObjectsRefusedBecause = ModuleObjectRefused,
            FieldsTaken = new[] { nameof(Serial), nameof(Code), nameof(UDID), nameof(IMEI), nameof(MEID), nameof(WifiMac) })]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string? Identifier { get; set; }

        private const string ModuleObjectRefused =
            "is the store's own record of a device, not a check-in: Register-BmgDeviceCheckIn records what a device reported. " +
            "Pipe the reported values (Import-Csv of a check-in file with Identifier and Code, or Serial, columns), or give " +
            "-Identifier and -Code, or -Serial.";

        /// <summary>The check-in code the user entered.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CodeArgument]
        public string? Code { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? UDID { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? IMEI { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? MEID { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? WifiMac { get; set; }

        protected override void ProcessRecordCore()
        {
            if (Identifier != null && FromPipeline(nameof(Identifier)) && PipedMisspeltFieldsRefusal(Identifier) is string misspelt)
            {
                // A row's 'Serial Number' checked the device in without the serial it reported; a -Serial given here is taken instead.
                WritePipedObjectRefused(misspelt, Identifier);
                return;
            }

            string target = Identifier != null ? $"Device '{Identifier}'" : $"Device with serial '{Serial}'";
            if (!ShouldProcess(target, "Record check-in"))
            {
                return;
            }

            var report = new CheckInReport
            {
                Identifier = Identifier,
                Code = Code,
                Serial = Serial,
                Udid = UDID,
                Imei = IMEI,
                Meid = MEID,
                WifiMac = WifiMac,
            };
            Action checkIn = () => WriteObject(new DeviceDepLink(CheckInService.CheckIn(Store, report, DateTimeOffset.UtcNow, Origin)));
            if (Identifier == null)
            {
                ForItem(checkIn);
                return;
            }

            // A typed 'ap*' is told the Identifier is exact; never whether a device has it (the rejection says neither).
            ForExactItem(nameof(Identifier), Identifier, Core.Errors.ErrorIds.CheckInRejected, "a check-in records what one device reported", checkIn);
        }
    }
}
