using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Devices
{
    /// <summary>Text form of <see cref="DeviceState"/>: its name, as both stores keep it and the history records it.</summary>
    public static class DeviceStates
    {
        /// <summary>The state's name (what <c>ToString</c> gives), without boxing the enum: a store writes it for every row.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public static string Text(DeviceState state) => state switch
        {
            DeviceState.Registered => nameof(DeviceState.Registered),
            DeviceState.CheckedIn => nameof(DeviceState.CheckedIn),
            DeviceState.Withdrawn => nameof(DeviceState.Withdrawn),
            _ => state.ToString(),
        };

        /// <summary>The state's name, or null for none (a record the history diff has no side of).</summary>
        [MethodImpl(PerRowCode.Compile)]
        public static string? Text(DeviceState? state) => state is DeviceState given ? Text(given) : null;
    }
}
