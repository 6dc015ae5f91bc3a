using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Dep;
using BizMobileGo.Core.Tests.Import;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// What a single rename or user edit that can't prompt reads from the store (eighteenth round): each record once. On
    /// PostgreSQL each read is a round trip for every piped device or user, so a record read twice, or read again after the
    /// commit only to be handed back, costs a statement a record.
    /// </summary>
    public sealed class SingleEditReadTests : System.IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        private static string Describe(Device d) =>
            $"{d.Identifier}|{d.DeviceKey}|{d.PlainCode}|{d.UserName}|{d.State}|{d.CreatedAt:O}|{d.SavedAt:O}|{d.ExpirationDays}";

        [Fact]
        public void ADeviceRenameReadsTheDeviceAndTheNewNameOnceAndHandsBackTheDeviceAsStored()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Identifier,OS", "sato,OLD1,ios"));
            var calls = new List<string>();

            Device? renamed = DeviceRename.Rename(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), "old1", "New1",
                (_, _) => true, confirmMayPrompt: false);

            // The device, then whether another device holds the new name: nothing after the commit.
            Assert.Equal(2, calls.Count(c => c == nameof(IDeviceStore.GetDevice)));
            Assert.Equal(nameof(IDeviceStore.RenameDevice), calls.Last());
            Assert.NotNull(renamed);
            Assert.Equal(Describe(_fx.Device("New1")), Describe(renamed!));
            Assert.Null(_fx.Store.GetDevice("OLD1"));
        }

        [Fact]
        public void AUserRenameReadsTheUserTheNewNameAndTheDevicesOnceAndHandsBackTheUserAsStored()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Name,Identifier,OS", "yamda,Yamada,DEV1,ios", "yamda,Yamada,DEV2,ios"));
            var calls = new List<string>();
            int countAsked = -1;

            User? renamed = UserRename.Rename(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), "yamda", "yamada",
                (_, _, devices) => { countAsked = devices; return true; }, confirmMayPrompt: false);

            Assert.Equal(2, calls.Count(c => c == nameof(IDeviceStore.GetUser)));
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.GetDevicesOfUser)));
            Assert.Equal(nameof(IDeviceStore.RenameUser), calls.Last());
            Assert.Equal(2, countAsked);
            Assert.NotNull(renamed);
            User stored = _fx.User("yamada");
            Assert.Equal((stored.UserName, stored.Name), (renamed!.UserName, renamed.Name));
            Assert.Equal(new[] { "yamada", "yamada" }, new[] { _fx.Device("DEV1").UserName, _fx.Device("DEV2").UserName });
        }

        [Fact]
        public void AUserRenameToItsOwnNameReadsNoDevicesAndHandsBackTheUser()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Identifier,OS", "kato,DEV3,ios"));
            var calls = new List<string>();

            User? same = UserRename.Rename(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), "kato", "kato",
                (_, _, _) => throw new System.InvalidOperationException("nothing changes: nothing is asked"), confirmMayPrompt: false);

            Assert.Equal("kato", same!.UserName);
            Assert.DoesNotContain(nameof(IDeviceStore.GetDevicesOfUser), calls);
            Assert.DoesNotContain(nameof(IDeviceStore.RenameUser), calls);
        }

        [Fact]
        public void UserEditorCreateAndEditReadTheUserOnceEach()
        {
            var calls = new List<string>();
            IDeviceStore counting = DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls);

            UserEditor.Create(counting, "suzuki", new FieldValues { [FieldKey.Name] = "Suzuki" }, _ => true, confirmMayPrompt: false);
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.GetUser)));

            calls.Clear();
            UserEditor.Edit(counting, "suzuki", new FieldValues { [FieldKey.Name] = "Suzuki Ichiro" }, _ => true, confirmMayPrompt: false);
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.GetUser)));
            Assert.Equal("Suzuki Ichiro", _fx.User("suzuki").Name);

            // Refused as before, from the planner's read: an existing user is AlreadyExists, a missing one UserNotFound.
            var exists = Assert.Throws<BmgException>(() => UserEditor.Create(counting, "suzuki", new FieldValues(), _ => true, confirmMayPrompt: false));
            Assert.Equal("AlreadyExists", exists.ErrorId);
            var missing = Assert.Throws<BmgException>(() => UserEditor.Edit(counting, "nobody", new FieldValues { [FieldKey.Name] = "X" }, _ => true, confirmMayPrompt: false));
            Assert.Equal("UserNotFound", missing.ErrorId);
        }

        public void Dispose() => _fx.Dispose();
    }
}
