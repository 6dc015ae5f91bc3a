using System;

namespace BizMobileGo.Core.Dep
{
    /// <summary>A device that Apple Business Manager assigned to this MDM server.</summary>
    public sealed class DepDevice
    {
        public string SerialNumber { get; set; } = "";
        public string? Model { get; set; }
        public string? Description { get; set; }
        public string? ProfileName { get; set; }
        public DateTimeOffset ImportedAt { get; set; }

        /// <summary>The device record whose Serial is this DEP device's, if any.</summary>
        public string? Identifier { get; internal set; }
    }

    public sealed class DepProfile
    {
        public DepProfile(string name, int deviceCount)
        {
            Name = name;
            DeviceCount = deviceCount;
        }

        public string Name { get; }
        public int DeviceCount { get; }
    }

    public sealed class CheckInEmail : Errors.ICarriesCheckInCode
    {
        public long Id { get; set; }
        public string Recipient { get; set; } = "";
        public string Identifier { get; set; } = "";
        public string Code { get; set; } = "";
        public DateTimeOffset QueuedAt { get; set; }
        public DateTimeOffset? SentAt { get; set; }
    }
}
