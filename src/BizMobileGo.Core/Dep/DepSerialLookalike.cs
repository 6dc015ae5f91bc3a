using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// A serial typed with the letter O or I where Apple's has the digit 0 or 1 (walkthrough 39, 5: 'MON1P2Q3R4' for
    /// 'M0N1P2Q3R4'). Apple's serial numbers use no letter O or I, exactly so that they are never read for 0 and 1; so a
    /// serial with O or I that is not found is most likely one with the digits, and that one serial is the only one asked
    /// for: one indexed read, whatever the serial's length (every 0 and 1 tried as a letter would be 2^n reads).
    /// </summary>
    public static class DepSerialLookalike
    {
        /// <summary>The serial with each letter O as the digit 0 and each I as 1; null when it has neither.</summary>
        public static string? WithDigits(string serial)
        {
            if (serial.IndexOf('O') < 0 && serial.IndexOf('I') < 0)
            {
                return null;
            }

            return serial.Replace('O', '0').Replace('I', '1');
        }

        /// <summary>" Did you mean 'M0N1P2Q3R4' …?", the sentence added to a message that a serial was not found.</summary>
        public static string DidYouMean(string meant) =>
            $" Did you mean '{meant}' (Apple's serials have no letter O or I: the digits 0 and 1)?";

        /// <summary>
        /// The sentence for a <paramref name="serial"/> Apple's DEP device list lacks, when its digit form (<see cref="WithDigits"/>)
        /// is a DEP device of the list (not released) that no device claims; empty otherwise.
        /// </summary>
        public static string UnclaimedDepSerial(IDeviceStore store, string serial) =>
            WithDigits(serial) is string meant && store.GetDepDevice(meant) is { ReleasedAt: null } && store.GetDeviceBySerial(meant) == null
                ? DidYouMean(meant)
                : "";

        /// <summary>The sentence for a <paramref name="serial"/> Apple's DEP device list lacks, when the list has its digit form (not released); empty otherwise.</summary>
        public static string DepDevice(IDeviceStore store, string serial) =>
            WithDigits(serial) is string meant && store.GetDepDevice(meant) is { ReleasedAt: null } ? DidYouMean(meant) : "";

        /// <summary>The sentence for a <paramref name="serial"/> no device is registered with, when a device is registered with its digit form; empty otherwise.</summary>
        public static string DeviceSerial(IDeviceStore store, string serial) =>
            WithDigits(serial) is string meant && store.GetDeviceBySerial(meant) != null ? DidYouMean(meant) : "";
    }
}
