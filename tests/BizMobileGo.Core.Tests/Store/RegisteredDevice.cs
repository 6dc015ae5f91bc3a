using System;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>A Registered iOS device with a fixed code and fixed times, for store tests that need any device to write.</summary>
    internal static class RegisteredDevice
    {
        internal static Device New(string identifier) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1234",
            OS = "ios",
            ExpirationDays = 7,
            State = DeviceState.Registered,
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            SavedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };
    }
}
