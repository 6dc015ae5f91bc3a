using System;
using System.Management.Automation;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Records what a device reported when it checked in; the device is then locked.</summary>
    [Cmdlet(VerbsLifecycle.Register, "BmgDeviceCheckIn", DefaultParameterSetName = SerialSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DeviceDepLink))]
    public sealed class RegisterBmgDeviceCheckInCommand : BmgCmdlet
    {
        private const string SerialSet = "Serial";
        private const string CodeSet = "IdentifierAndCode";

        /// <summary>The serial number the device reported. Alone, it finds a device that enrolls by DEP serial.</summary>
        [Parameter(ParameterSetName = SerialSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = CodeSet, ValueFromPipelineByPropertyName = true)]
        public string? Serial { get; set; }

        /// <summary>The device's Identifier, for devices that check in with their code (key code or no DEP).</summary>
        [Parameter(ParameterSetName = CodeSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string? Identifier { get; set; }

        /// <summary>The check-in code the user entered.</summary>
        [Parameter(ParameterSetName = CodeSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string? Code { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Udid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Imei { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Meid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? WifiMac { get; set; }

        protected override void ProcessRecord()
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
                Udid = Udid,
                Imei = Imei,
                Meid = Meid,
                WifiMac = WifiMac,
            };
            ForItem(() => WriteObject(new DeviceDepLink(CheckInService.CheckIn(Store, report, DateTimeOffset.UtcNow))));
        }
    }
}
