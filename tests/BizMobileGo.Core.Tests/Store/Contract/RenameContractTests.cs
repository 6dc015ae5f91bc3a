using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>
    /// Renaming a device or a user (<see cref="IDeviceRecordStore.RenameDevice"/>, <see cref="IUserStore.RenameUser"/>) as
    /// every store must do it: the record keeps its key and everything else, what names a device by its Identifier's text
    /// follows it, and the history finds the record by either name. Each store derives a class that says how to make its store.
    /// </summary>
    public abstract class RenameContractTests : IDisposable
    {
        private readonly List<IDeviceStore> _opened = new List<IDeviceStore>();
        private IDeviceStore? _store;

        private static readonly ChangeOrigin Origin = new ChangeOrigin("Rename-BmgDevice");

        /// <summary>A fresh, empty store of the kind under test (created and migrated).</summary>
        protected abstract IDeviceStore CreateEmptyStore();

        /// <summary>
        /// Makes the store under test refuse (fail the statement) any UPDATE of a device row that leaves its template as it was:
        /// a row written again though the database moved it already. A trigger added with SQL beside the store's own.
        /// </summary>
        protected abstract void RefuseDeviceWritesThatKeepTheTemplate(IDeviceStore store);

        /// <summary>Removes what the store kind made, once every connection is closed.</summary>
        protected virtual void DeleteStores()
        {
        }

        public void Dispose()
        {
            foreach (IDeviceStore store in _opened)
            {
                store.Dispose();
            }

            DeleteStores();
        }

        private IDeviceStore Store
        {
            get
            {
                if (_store == null)
                {
                    _store = CreateEmptyStore();
                    _opened.Add(_store);
                }

                return _store;
            }
        }

        private IHistoryStore History => (IHistoryStore)Store;

        private void Write(Action<IDeviceStore> change)
        {
            using IStoreTransaction transaction = Store.BeginTransaction();
            change(Store);
            transaction.Commit();
        }

        private static readonly DateTimeOffset Saved = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        private static Device NewDevice(string identifier, string? user = null) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1234",
            OS = "ios",
            UserName = user,
            ExpirationDays = 7,
            State = DeviceState.Registered,
            CreatedAt = Saved,
            SavedAt = Saved,
        };

        private CheckInEmail Queue(string identifier)
        {
            var email = new CheckInEmail { Recipient = "a@example.com", Identifier = identifier, PlainCode = "Code1234", QueuedAt = Saved };
            Write(s => new CheckInOutbox(s).Queue(email));
            return email;
        }

        private HashSet<string> KeysNamed(SubjectKind kind, string name)
        {
            using IStoreTransaction read = Store.BeginReadTransaction();
            return History.FindSubjects(kind, name).Select(subject => subject.Key).ToHashSet();
        }

        private List<ChangeEntry> Chain()
        {
            using IStoreTransaction read = Store.BeginReadTransaction();
            return History.ReadChain().ToList();
        }

        [Fact]
        public void ARenamedDeviceKeepsItsKeyStateCodeAndDepLinkAndWhatNamesItByItsIdentifierFollows()
        {
            Device checkedIn = NewDevice("Old-01");
            checkedIn.State = DeviceState.CheckedIn;
            checkedIn.CheckedInAt = Saved.AddHours(1);
            checkedIn.DepDevice = "AAABBBCCCDDD";
            checkedIn.DepProfile = "Sales iPhones";
            Write(s => s.SaveDevice(null, checkedIn, Origin));
            Write(s => s.SaveDevice(null, NewDevice("other-01"), Origin));
            CheckInEmail sent = Queue("OLD-01");
            Assert.True(Store.MarkCheckInEmailSent(sent.Id, Saved.AddMinutes(1), "250 ok"));
            CheckInEmail pending = Queue("old-01");
            CheckInEmail othersEmail = Queue("other-01");
            var failedAt = DateTimeOffset.UtcNow;
            Write(s =>
            {
                s.RecordCheckInFailure("OLD-01", failedAt, ErrorIds.CheckInRejected);
                s.RecordCheckInFailure("old-01", failedAt, ErrorIds.CheckInRejected);
                s.RecordCheckInFailure("other-01", failedAt, ErrorIds.CheckInRejected);
            });
            long? key = Store.GetDeviceKey("old-01");

            Write(s => s.RenameDevice(s.GetDevice("old-01")!, "New-01", Origin));

            Assert.Null(Store.GetDevice("old-01"));
            Device renamed = Store.GetDevice("NEW-01")!;
            Assert.Equal("New-01", renamed.Identifier);
            Assert.Equal(key, Store.GetDeviceKey("new-01"));
            Assert.Equal((DeviceState.CheckedIn, "Code1234", "AAABBBCCCDDD", "Sales iPhones", Saved, Saved.AddHours(1)),
                (renamed.State, renamed.PlainCode, renamed.DepDevice, renamed.DepProfile, renamed.SavedAt, renamed.CheckedInAt));
            Assert.Equal("New-01", Store.GetDepLinks(new[] { "new-01" }).Single()!.Identifier);

            // Every outbox entry of the device, sent or not, now names it by its new Identifier; another device's stays.
            Assert.Equal(new[] { pending.Id }, Store.GetCheckInEmails("new-01", CheckInEmailStatus.Pending).Select(e => e.Id));
            Assert.Empty(Store.GetCheckInEmails("old-01", CheckInEmailStatus.Pending));
            Assert.Equal("New-01", Store.GetCheckInEmail(sent.Id)!.Identifier);
            Assert.Equal(CheckInEmailStatus.Sent, Store.GetCheckInEmail(sent.Id)!.Status);
            Assert.Equal("other-01", Store.GetCheckInEmail(othersEmail.Id)!.Identifier);

            // The refused check-ins follow, so a lockout stays on the device.
            Assert.Equal(2, Store.CountCheckInFailures("NEW-01", failedAt.AddSeconds(-1), ErrorIds.CheckInRejected));
            Assert.Equal(0, Store.CountCheckInFailures("old-01", failedAt.AddSeconds(-1), ErrorIds.CheckInRejected));
            Assert.Equal(1, Store.CountCheckInFailures("other-01", failedAt.AddSeconds(-1), ErrorIds.CheckInRejected));
        }

        [Fact]
        public void TheRenameIsOneEntryOfTheDeviceAndBothNamesFindItsWholeHistory()
        {
            Write(s => s.SaveDevice(null, NewDevice("old-02"), new ChangeOrigin("New-BmgDevice")));
            string key = Store.GetDeviceKey("old-02")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

            Write(s => s.RenameDevice(s.GetDevice("old-02")!, "new-02", Origin));
            Write(s => s.SaveDevice(null, NewDevice("old-02"), new ChangeOrigin("New-BmgDevice")));

            ChangeEntry rename = Chain()[1];
            Assert.Equal(("Rename-BmgDevice", ChangeAction.Changed, "new-02", key), (rename.Command, rename.Action, rename.Subject, rename.SubjectKey));
            Assert.Equal(new[] { "Identifier: old-02 → new-02" }, rename.Changes.Select(c => c.ToString()));

            // The old name finds the renamed device and the device registered under it since; the new one only the renamed.
            Assert.Equal(new[] { key }, KeysNamed(SubjectKind.Device, "NEW-02"));
            HashSet<string> byOldName = KeysNamed(SubjectKind.Device, "Old-02");
            Assert.Equal(2, byOldName.Count);
            Assert.Contains(key, byOldName);
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }

        [Fact]
        public void ARenameOnlyOfCaseChangesHowTheIdentifierIsShownAndIsRecorded()
        {
            Write(s => s.SaveDevice(null, NewDevice("iphone-03"), Origin));
            Queue("iphone-03");
            Write(s => s.RenameDevice(s.GetDevice("IPHONE-03")!, "iPhone-03", Origin));

            Assert.Equal("iPhone-03", Store.GetDevice("iphone-03")!.Identifier);
            Assert.Equal("iPhone-03", Store.GetCheckInEmails("iphone-03", CheckInEmailStatus.Pending).Single().Identifier);
            Assert.Equal(new[] { "Identifier: iphone-03 → iPhone-03" }, Chain().Last().Changes.Select(c => c.ToString()));
            Assert.Single(KeysNamed(SubjectKind.Device, "iphone-03"));
        }

        [Fact]
        public void ARenameRolledBackLeavesTheDeviceItsEmailsAndItsHistoryAsTheyWere()
        {
            Write(s => s.SaveDevice(null, NewDevice("old-04"), Origin));
            CheckInEmail email = Queue("old-04");
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.RenameDevice(Store.GetDevice("old-04")!, "new-04", Origin);
            }

            Assert.NotNull(Store.GetDevice("old-04"));
            Assert.Null(Store.GetDevice("new-04"));
            Assert.Equal("old-04", Store.GetCheckInEmail(email.Id)!.Identifier);
            Assert.Single(Chain());
        }

        [Fact]
        public void ARenameOutsideATransactionIsOneOfItsOwn()
        {
            Write(s => s.SaveDevice(null, NewDevice("old-05"), Origin));
            CheckInEmail email = Queue("old-05");
            Store.RenameDevice(Store.GetDevice("old-05")!, "new-05", Origin);
            Assert.Equal("new-05", Store.GetDevice("new-05")!.Identifier);
            Assert.Equal("new-05", Store.GetCheckInEmail(email.Id)!.Identifier);
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }

        [Fact]
        public void ThePastNamesTheHistoryKeepsAreFoundByPrefixEachOnce()
        {
            Write(s =>
            {
                s.SaveDevice(null, NewDevice("Kiosk-01"), new ChangeOrigin("New-BmgDevice"));
                s.SaveDevice(null, NewDevice("kiosk_02"), new ChangeOrigin("New-BmgDevice"));
                s.SaveUser(null, new User { UserName = "Yamda" }, new ChangeOrigin("New-BmgUser"));
            });
            Write(s => s.RenameDevice(s.GetDevice("Kiosk-01")!, "lobby-01", Origin));
            Write(s => s.RenameDevice(s.GetDevice("lobby-01")!, "lobby-01b", Origin));
            Write(s => s.RenameDevice(s.GetDevice("kiosk_02")!, "lobby-02", Origin));
            Write(s => s.RenameUser(s.GetUser("Yamda")!, "yamada", s.GetDevicesOfUser("Yamda"), new ChangeOrigin("Rename-BmgUser")));

            Assert.Equal(new[] { "Kiosk-01", "kiosk_02" }, Store.GetNamesStartingWith(NameSource.PastDeviceIdentifiers, "KIOSK", 200));
            Assert.Equal(new[] { "kiosk_02" }, Store.GetNamesStartingWith(NameSource.PastDeviceIdentifiers, "kiosk_", 200));
            Assert.Equal(new[] { "Kiosk-01" }, Store.GetNamesStartingWith(NameSource.PastDeviceIdentifiers, "k", 1));
            Assert.Contains("lobby-01", Store.GetNamesStartingWith(NameSource.PastDeviceIdentifiers, "lobby", 200));
            // A user's past names are the user kind's only.
            Assert.Equal(new[] { "Yamda" }, Store.GetNamesStartingWith(NameSource.PastUserNames, "yam", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.PastUserNames, "kiosk", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.PastDeviceIdentifiers, "yam", 200));
        }

        [Fact]
        public void ARenamedUserKeepsItsDevicesAndEachOfThemRecordsItsNewName()
        {
            var origin = new ChangeOrigin("Rename-BmgUser");
            Write(s =>
            {
                s.InsertOrganization(new Organization("org-sales", "Sales"));
                s.SaveUser(null, new User { UserName = "yamda", Name = "Yamada Taro", EmailAddress = "y@example.com", Organizations = new[] { "org-sales" } }, origin);
                s.SaveUser(null, new User { UserName = "sato" }, origin);
                s.SaveDevice(null, NewDevice("dev-1", "yamda"), origin);
                Device locked = NewDevice("dev-2", "yamda");
                locked.State = DeviceState.CheckedIn;
                s.SaveDevice(null, locked, origin);
                s.SaveDevice(null, NewDevice("dev-3", "sato"), origin);
            });
            long before = Chain().Last().Sequence;

            Write(s => s.RenameUser(s.GetUser("yamda")!, "yamada.taro", s.GetDevicesOfUser("yamda"), origin));

            Assert.Null(Store.GetUser("yamda"));
            User renamed = Store.GetUser("yamada.taro")!;
            Assert.Equal(("Yamada Taro", "y@example.com", "org-sales"), (renamed.Name, renamed.EmailAddress, renamed.Organizations.Single()));
            Assert.Equal(new[] { "dev-1", "dev-2" }, Store.GetDevicesOfUser("yamada.taro").Select(d => d.Identifier).OrderBy(i => i));
            Assert.Empty(Store.GetDevicesOfUser("yamda"));
            Assert.Equal("sato", Store.GetDevice("dev-3")!.UserName);
            Assert.Equal(DeviceState.CheckedIn, Store.GetDevice("dev-2")!.State);

            List<ChangeEntry> entries = Chain().Where(e => e.Sequence > before).ToList();
            // The user first (its devices find it by its new name), then each of its devices.
            Assert.Equal(new[] { (SubjectKind.User, "yamada.taro"), (SubjectKind.Device, "dev-1"), (SubjectKind.Device, "dev-2") },
                entries.Select(e => (e.SubjectKind, e.Subject)));
            Assert.All(entries, e => Assert.Equal(new[] { "UserName: yamda → yamada.taro" }, e.Changes.Select(c => c.ToString())));
            Assert.Equal(KeysNamed(SubjectKind.User, "yamada.taro"), KeysNamed(SubjectKind.User, "yamda"));
            Assert.Single(KeysNamed(SubjectKind.User, "yamda"));
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }
    

        [Fact]
        public void ATemplateRenameRecordsEachDeviceOnceWithoutWritingTheRowsTheDatabaseMoved()
        {
            // Walkthrough 24 (2): a template rename over 60,000 devices held the writer lock ~30 s. The devices follow the
            // template by the database's cascade; writing each again set the value it had (on SQLite a statement a device).
            // The history still says, for each device, Template: old → new, and the chain verifies.
            var origin = new ChangeOrigin("Rename-BmgTemplate");
            Write(s =>
            {
                s.InsertTemplate(new Template("Std"));
                s.InsertTemplate(new Template("Other"));
                for (int i = 1; i <= 3; i++)
                {
                    Device device = NewDevice($"tpl-{i}");
                    device.Template = i < 3 ? "Std" : "Other";
                    s.SaveDevice(null, device, origin);
                }
            });
            long before = Chain().Last().Sequence;
            RefuseDeviceWritesThatKeepTheTemplate(Store);

            int holders = 0;
            Write(s => holders = s.RenameReference(ReferenceKind.Template, "Std", "Standard", origin));

            Assert.Equal(2, holders);
            Assert.Equal(new[] { "Standard", "Standard", "Other" }, new[] { "tpl-1", "tpl-2", "tpl-3" }.Select(id => Store.GetDevice(id)!.Template));
            List<ChangeEntry> entries = Chain().Where(e => e.Sequence > before).ToList();
            Assert.Equal(new[] { "tpl-1", "tpl-2" }, entries.Select(e => e.Subject));
            Assert.All(entries, e => Assert.Equal(new[] { "Template: Std → Standard" }, e.Changes.Select(c => c.ToString())));
            Assert.All(entries, e => Assert.Equal("Rename-BmgTemplate", e.Command));
            Assert.True(HistoryChain.Verify(Chain()).Valid);

            // Outside a transaction the rename is one of its own, history included.
            Assert.Equal(2, Store.RenameReference(ReferenceKind.Template, "Standard", "Std-2026", origin));
            Assert.Equal(4, Chain().Count(e => e.Sequence > before));
            Assert.Equal("Std-2026", Store.GetDevice("tpl-1")!.Template);
        }

        [Theory]
        [InlineData(ReferenceKind.Template, "Rename-BmgTemplate", "Template: Std → Standard")]
        [InlineData(ReferenceKind.DeviceTag, "Rename-BmgDeviceTag", "DeviceTags: Kiosk → Lobby")]
        [InlineData(ReferenceKind.Organization, "Rename-BmgOrganization", "Organizations: sales → field-sales")]
        public void ARenamesHoldersAreReadAndFollowAPageAtATime(ReferenceKind kind, string command, string change)
        {
            // Walkthrough 34b, finding 2: a rename read every holder into one list (Rename-BmgTemplate over 300,000 devices
            // peaked at 793 MB). In pages (here of two), inside the rename's one transaction, each page written or recorded
            // before the next is read: every holder still follows once and the history has one entry each, in key order.
            var origin = new ChangeOrigin(command);
            Write(s =>
            {
                s.InsertTemplate(new Template("Std"));
                s.InsertDeviceTag(new DeviceTag("Kiosk"));
                s.InsertOrganization(new Organization("sales", "Sales"));
                foreach (string name in new[] { "h-5", "h-2", "h-4", "h-1", "h-3" })
                {
                    Device device = NewDevice(name);
                    device.Template = "Std";
                    device.DeviceTags = new[] { "Kiosk" };
                    s.SaveDevice(null, device, origin);
                    s.SaveUser(null, new User { UserName = name, Organizations = new[] { "sales" } }, origin);
                }

                s.SaveDevice(null, NewDevice("not-held"), origin);
                s.SaveUser(null, new User { UserName = "not-held" }, origin);
            });
            long before = Chain().Last().Sequence;
            string newName = change.Split(' ').Last();

            var pages = new List<int>();
            int holders = 0;
            using (KeysetListing.PagesOf(2, pages.Add))
            {
                Write(s => holders = s.RenameReference(kind, change.Split(' ')[1], newName, origin));
            }

            Assert.Equal(5, holders);
            Assert.Equal(new[] { 2, 2, 1 }, pages);
            var held = new[] { "h-5", "h-2", "h-4", "h-1", "h-3" };
            Assert.All(held, name => Assert.Equal(newName, kind switch
            {
                ReferenceKind.Template => Store.GetDevice(name)!.Template,
                ReferenceKind.DeviceTag => Store.GetDevice(name)!.DeviceTags.Single(),
                _ => Store.GetUser(name)!.Organizations.Single(),
            }));
            List<ChangeEntry> entries = Chain().Where(e => e.Sequence > before).ToList();
            Assert.Equal(held, entries.Select(e => e.Subject));
            Assert.All(entries, e => Assert.Equal(new[] { change }, e.Changes.Select(c => c.ToString())));
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }
    }
}
