using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>Tests set up users and devices through the store's one write path, as an insert by the tests.</summary>
    internal static class StoreTestWrites
    {
        public static readonly ChangeOrigin Origin = ChangeOrigin.Library("tests");

        public static void InsertDevice(this IDeviceStore store, Device device) => store.SaveDevice(null, device, Origin);

        public static void InsertUser(this IDeviceStore store, User user) => store.SaveUser(null, user, Origin);
    }
}
