using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Dep;
using BizMobileGo.Core.Tests.Import;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// Walkthrough 25, finding 3: Get-BmgUser 'user001234*' and Get-BmgDevice -UserName 'user001234*' read every user or every
    /// device. What they read now, counted on a real store: the ranges of the pattern's literal start only, unless the pattern
    /// starts with a wildcard or matches more users than reading each one's devices is worth.
    /// </summary>
    public sealed class UserPatternReadsTests : System.IDisposable
    {
        private static readonly ChangeOrigin Origin = new ChangeOrigin("New-BmgUser");

        private readonly StoreFixture _fx = new StoreFixture(seed: false);

        public UserPatternReadsTests()
        {
            foreach (string name in new[] { "user1", "user10", "user2", "tanaka" })
            {
                _fx.Store.SaveUser(null, new User { UserName = name }, Origin);
                _fx.Store.SaveDevice(null, new Device { Identifier = "d-" + name, OS = "ios", UserName = name }, Origin);
            }
        }

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void A_pattern_with_a_literal_start_reads_its_ranges_not_every_user()
        {
            var calls = new List<string>();
            IDeviceStore store = DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls);

            Assert.Equal(new[] { "user1", "user10" }, UserPatternReads.Candidates(store, new[] { "user1*" }).Select(u => u.UserName));
            Assert.Equal(new[] { "tanaka", "user1", "user10" }, UserPatternReads.Candidates(store, new[] { "user1?", "tan*" }).Select(u => u.UserName));
            Assert.DoesNotContain(nameof(IDeviceStore.GetUsers), calls);

            Assert.Equal(4, UserPatternReads.Candidates(store, new[] { "*1" }).Count());
            Assert.Contains(nameof(IDeviceStore.GetUsers), calls);
        }

        [Fact]
        public void A_user_pattern_reads_the_devices_of_the_users_it_matches_not_every_device()
        {
            var calls = new List<string>();
            IDeviceStore store = DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls);
            Assert.Equal(new[] { "d-user1", "d-user10" }, UserPatternReads.DevicesOfMatchingUsers(store, "user1*", name => name.StartsWith("user1", System.StringComparison.Ordinal)).Select(d => d.Identifier));
            Assert.DoesNotContain(nameof(IDeviceStore.GetDevices), calls);
            Assert.DoesNotContain(nameof(IDeviceStore.GetUsers), calls);

            Assert.Equal(4, UserPatternReads.DevicesOfMatchingUsers(store, "*", _ => true).Count());
            Assert.Contains(nameof(IDeviceStore.GetDevices), calls);
        }
    }
}
