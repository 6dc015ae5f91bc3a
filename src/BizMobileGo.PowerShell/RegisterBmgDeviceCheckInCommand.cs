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
        /// <summary>The serial number the device reported. Alone, it finds a device that enrolls by DEP serial.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SerialCompleter))]
        public string? Serial { get; set; }

        /// <summary>The device's Identifier, for devices that check in with their code (key code or no DEP).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string? Identifier { get; set; }

        /// <summary>The check-in code the user entered.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
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
            ForItem(() => WriteObject(new DeviceDepLink(CheckInService.CheckIn(Store, report, DateTimeOffset.UtcNow, Origin))));
        }
    }
}
