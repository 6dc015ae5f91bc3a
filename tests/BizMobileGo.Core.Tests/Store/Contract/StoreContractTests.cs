using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>
    /// Every store behaviour the module relies on (the contract written on <see cref="IDeviceStore"/>). Each store
    /// derives a class that says how to make a fresh empty store and a second connection to the same store;
    /// a store's own quirks (file modes, WAL, migrations of its schema) are tested in its own classes.
    /// </summary>
    public abstract class StoreContractTests : IDisposable
    {
        private readonly List<IDeviceStore> _opened = new List<IDeviceStore>();
        private IDeviceStore? _store;

        protected static readonly ChangeOrigin Origin = ChangeOrigin.Library("contract tests");

        /// <summary>A fresh, empty store of the kind under test (created and migrated).</summary>
        protected abstract IDeviceStore CreateEmptyStore();

        /// <summary>A second connection to the same store, as another process would have.</summary>
        protected abstract IDeviceStore OpenSecondConnection(IDeviceStore store);

        /// <summary>
        /// A store made by the first released schema (users 'yamada' with organization 'org-sales'; devices 'apple001'
        /// with serial AAABBBCCCDDD, template Standard and tag Sales, and 'apple002' CheckedIn), opened (and so migrated)
        /// by this module. Every store kind has one: its own oldest schema with that data.
        /// </summary>
        protected abstract IDeviceStore OpenOldestStore();

        /// <summary>
        /// A store at the version before the outbox kept its devices' keys (SQLite 21, PostgreSQL 17), holding device 'ipad-r'
        /// (created 2025-06-01, code Secret2222, RegistrationEmail mori@example.com) and four emails queued by earlier
        /// versions: Hanako's Superseded one under 'ipad-r' (2025-01-01) and her Pending one under 'IPAD-R' (2025-02-01), both
        /// of a device removed before the name was given again; Mori's Pending one under 'IPAD-R' (2025-06-01, the device's
        /// creation); and a Pending one under 'gone-1', a name no device has. Opened (and so migrated) by this module.
        /// </summary>
        protected abstract IDeviceStore OpenStoreBeforeEmailDeviceKeys();

        /// <summary>The rows of <see cref="OpenStoreBeforeEmailDeviceKeys"/>, one text for both stores (times as SQLite keeps them, which PostgreSQL reads too).</summary>
        protected const string EmailsBeforeDeviceKeysSql = @"
INSERT INTO devices (identifier, code, os, expiration_days, registration_email, state, created_at, saved_at)
    VALUES ('ipad-r', 'Secret2222', 'ios', 7, 'mori@example.com', 'Registered', '2025-06-01T00:00:00.0000000Z', '2025-06-01T00:00:00.0000000Z');
INSERT INTO checkin_emails (recipient, identifier, code, queued_at, status) VALUES
    ('hanako@example.com', 'ipad-r', 'Secret1111', '2025-01-01T00:00:00.0000000Z', 'Superseded'),
    ('hanako@example.com', 'IPAD-R', 'Secret1112', '2025-02-01T00:00:00.0000000Z', 'Pending'),
    ('mori@example.com', 'IPAD-R', 'Secret2222', '2025-06-01T00:00:00.0000000Z', 'Pending'),
    ('x@example.com', 'gone-1', 'Secret9999', '2025-01-01T00:00:00.0000000Z', 'Pending');";

        /// <summary>Removes what <see cref="CreateEmptyStore"/> made, once every connection is closed.</summary>
        protected virtual void DeleteStores()
        {
        }

        protected IDeviceStore Store => _store ??= Track(CreateEmptyStore());

        protected IDeviceStore Second() => Track(OpenSecondConnection(Store));

        private IDeviceStore Track(IDeviceStore store)
        {
            _opened.Add(store);
            return store;
        }

        public void Dispose()
        {
            foreach (IDeviceStore store in _opened)
            {
                store.Dispose();
            }

            DeleteStores();
        }

        protected static Device NewDevice(string identifier, string? serial = null, string? user = null, string? template = null, params string[] tags) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1234",
            OS = "ios",
            Serial = serial,
            UserName = user,
            Template = template,
            DeviceTags = tags,
            ExpirationDays = 7,
            State = DeviceState.Registered,
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            SavedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };

        protected static User NewUser(string userName, params string[] organizations) =>
            new User { UserName = userName, Name = "Name of " + userName, Organizations = organizations };

        private void Write(Action<IDeviceStore> change, IDeviceStore? store = null)
        {
            store ??= Store;
            using IStoreTransaction transaction = store.BeginTransaction();
            change(store);
            transaction.Commit();
        }

        // ---- the outbox knows its device by key (SQLite 22, PostgreSQL 18) ----

        [Fact]
        public void MigratingGivesTheOutboxItsDevicesKeysWhereTheyCanBeKnownAndEveryDeviceQuestionUsesThem()
        {
            IDeviceStore store = Track(OpenStoreBeforeEmailDeviceKeys());
            Device device = store.GetDevice("ipad-r")!;
            Dictionary<string, CheckInEmail> byWho = store.GetCheckInEmails().ToDictionary(e => $"{e.Recipient} {e.Status}");
            Assert.Equal(4, byWho.Count);
            CheckInEmail mori = byWho["mori@example.com Pending"];
            CheckInEmail hanakoSuperseded = byWho["hanako@example.com Superseded"];
            CheckInEmail hanakoPending = byWho["hanako@example.com Pending"];
            CheckInEmail gone = byWho["x@example.com Pending"];

            // Filled where the store can tell: under the Identifier of a device it holds (any case), queued at or after its
            // creation. An earlier device's emails under the name, and a name no device has, keep none: no device's own.
            Assert.Equal(device.DeviceKey, mori.DeviceKey);
            Assert.Null(hanakoSuperseded.DeviceKey);
            Assert.Null(hanakoPending.DeviceKey);
            Assert.Null(gone.DeviceKey);
            Assert.True(CheckInOutbox.IsOwnEmail(mori, device));
            Assert.False(CheckInOutbox.IsOwnEmail(hanakoPending, device));

            // The sender never sends an email that is no device's own, though a device holds its name now.
            var template = CheckInEmailTemplate.Default(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(CheckInOutbox.RemovedReason("IPAD-R"), CheckInMessage.For(store, hanakoPending, template, "https://mdm.example.com/checkin").StaleReason);
            Assert.Null(CheckInMessage.For(store, mori, template, "https://mdm.example.com/checkin").StaleReason);

            // A new email of the device supersedes its own unsent email only, and is queued with the device's key.
            Device changed = device.Clone();
            changed.PlainCode = "Secret3333";
            var queued = new CheckInEmail { Recipient = "mori@example.com", Identifier = "ipad-r", PlainCode = "Secret3333", QueuedAt = DateTimeOffset.UtcNow };
            Write(s =>
            {
                s.SaveDevice(device, changed, Origin);
                new CheckInOutbox(s).Queue(queued);
            }, store);
            Assert.Equal(device.DeviceKey, store.GetCheckInEmail(queued.Id)!.DeviceKey);
            Assert.Equal(CheckInEmailStatus.Superseded, store.GetCheckInEmail(mori.Id)!.Status);
            Assert.Equal(CheckInEmailStatus.Pending, store.GetCheckInEmail(hanakoPending.Id)!.Status);

            // A rename carries the device's own emails, not the earlier device's under the old name.
            Write(s => s.RenameDevice(store.GetDevice("ipad-r")!, "ipad-s", Origin), store);
            Assert.Equal("ipad-s", store.GetCheckInEmail(queued.Id)!.Identifier);
            Assert.Equal("ipad-s", store.GetCheckInEmail(mori.Id)!.Identifier);
            Assert.Equal("IPAD-R", store.GetCheckInEmail(hanakoPending.Id)!.Identifier);
            Assert.Equal("ipad-r", store.GetCheckInEmail(hanakoSuperseded.Id)!.Identifier);

            // A removal supersedes the device's own unsent email; the earlier device's is no concern of it.
            Device renamed = store.GetDevice("ipad-s")!;
            Assert.Equal(1, new CheckInOutbox(store).CountUnsent(new[] { renamed }));
            Write(s => new CheckInOutbox(s).SupersedeAfterRemoval(renamed), store);
            Assert.Equal(CheckInEmailStatus.Superseded, store.GetCheckInEmail(queued.Id)!.Status);
            Assert.Equal(CheckInEmailStatus.Pending, store.GetCheckInEmail(hanakoPending.Id)!.Status);
        }

        // ---- devices and users: the one write path ----

        [Fact]
        public void DevicesAreInsertedUpdatedAndDeletedThroughTheirWritePath()
        {
            Write(s => s.SaveUser(null, NewUser("sato"), Origin));
            Write(s => s.SaveDevice(null, NewDevice("DEV01", "F2LX1234ABCD", "sato"), Origin));

            Device stored = Store.GetDevice("DEV01")!;
            Assert.Equal("F2LX1234ABCD", stored.Serial);
            Assert.Equal("sato", stored.UserName);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), stored.CreatedAt);

            Device changed = stored.Clone();
            changed.DisplayName = "Front desk";
            changed.Serial = null;
            Write(s => s.SaveDevice(stored, changed, Origin));
            Assert.Equal("Front desk", Store.GetDevice("DEV01")!.DisplayName);
            Assert.Null(Store.GetDeviceBySerial("F2LX1234ABCD"));

            Write(s => s.SaveDevice(changed, null, Origin));
            Assert.Null(Store.GetDevice("DEV01"));
            Assert.Empty(Store.GetDevices());
        }

        [Fact]
        public void EveryDeviceIsListedInPagesSoWritesBetweenPagesAreSeenAndEachDeviceExistingAtTheStartComesOnce()
        {
            // Walkthrough 34b, finding 1: GetDevices read every device into a list before the first was handed on. In pages,
            // the store is free between them (a pipeline writes downstream on the same connection, as here), a later page
            // shows what was written before it was read, and the listing still ends and holds each device once.
            Write(s =>
            {
                foreach (string name in new[] { "dev-1", "dev-2", "dev-3", "dev-4", "dev-5" })
                {
                    s.SaveDevice(null, NewDevice(name), Origin);
                }
            });

            var listed = new List<Device>();
            using (KeysetListing.PagesOf(2))
            {
                foreach (Device device in Store.GetDevices())
                {
                    listed.Add(device);
                    if (device.Identifier == "dev-1")
                    {
                        Device fifth = Store.GetDevice("dev-5")!;
                        Device changed = fifth.Clone();
                        changed.DisplayName = "Changed while listing";
                        Write(s =>
                        {
                            s.SaveDevice(fifth, changed, Origin);
                            s.RenameDevice(Store.GetDevice("dev-1")!, "dev-9", Origin);
                            s.SaveDevice(null, NewDevice("dev-8"), Origin);
                        });
                    }
                }
            }

            Assert.Equal(new[] { "dev-1", "dev-2", "dev-3", "dev-4", "dev-5" }, listed.Select(d => d.Identifier));
            Assert.Equal("Changed while listing", listed[4].DisplayName);
        }

        [Fact]
        public void EveryUserIsListedInPagesSoWritesBetweenPagesAreSeenAndEachUserExistingAtTheStartComesOnce()
        {
            Write(s =>
            {
                foreach (string name in new[] { "Zed", "abe", "ito", "sato", "yoshi" })
                {
                    s.SaveUser(null, NewUser(name), Origin);
                }
            });

            var listed = new List<User>();
            using (KeysetListing.PagesOf(2))
            {
                foreach (User user in Store.GetUsers())
                {
                    listed.Add(user);
                    if (listed.Count == 1)
                    {
                        User last = Store.GetUser("yoshi")!;
                        User changed = last.Clone();
                        changed.Name = "Changed while listing";
                        Write(s =>
                        {
                            s.SaveUser(last, changed, Origin);
                            s.SaveUser(null, NewUser("zz-new"), Origin);
                        });
                    }
                }
            }

            // By code point, as the stores order user names.
            Assert.Equal(new[] { "Zed", "abe", "ito", "sato", "yoshi" }, listed.Select(u => u.UserName));
            Assert.Equal("Changed while listing", listed[4].Name);
        }

        [Fact]
        public void ADeviceCanBeRenamedThroughItsWritePath()
        {
            Write(s => s.SaveDevice(null, NewDevice("OLD01"), Origin));
            Device before = Store.GetDevice("OLD01")!;
            Device after = before.Clone();
            after.Identifier = "NEW01";
            Write(s => s.SaveDevice(before, after, Origin));

            Assert.Null(Store.GetDevice("OLD01"));
            Assert.NotNull(Store.GetDevice("new01"));
        }

        [Fact]
        public void UsersAreInsertedUpdatedAndDeleted()
        {
            Write(s =>
            {
                s.InsertOrganization(new Organization("org1", "Org one"));
                s.SaveUser(null, NewUser("ito", "org1"), Origin);
            });
            User stored = Store.GetUser("ito")!;
            Assert.Equal(new[] { "org1" }, stored.Organizations);

            User changed = stored.Clone();
            changed.EmailAddress = "ito@example.com";
            Write(s => s.SaveUser(stored, changed, Origin));
            Assert.Equal("ito@example.com", Store.GetUser("ito")!.EmailAddress);

            Write(s => s.SaveUser(changed, null, Origin));
            Assert.Null(Store.GetUser("ito"));
        }

        [Fact]
        public void ApplyChangesWritesInOrderSoALaterChangeSeesAnEarlierOne()
        {
            User user = NewUser("kato");
            Device device = NewDevice("DEV02", user: "kato");
            Device renamed = device.Clone();
            renamed.DisplayName = "second state";
            Write(s => s.ApplyChanges(new[]
            {
                StoreChange.OfUser(null, user, Origin.AtLine(2)),
                StoreChange.OfDevice(null, device, Origin.AtLine(2)),
                StoreChange.OfDevice(device, renamed, Origin.AtLine(3)),
            }));

            Assert.Equal("kato", Store.GetDevice("DEV02")!.UserName);
            Assert.Equal("second state", Store.GetDevice("DEV02")!.DisplayName);
        }

        [Fact]
        public void ChunksOfNewUsersAndTheirDevicesGiveEachDeviceItsOwnUserWithKeysInCreationOrder()
        {
            // An import's chunks in one transaction: on PostgreSQL a chunk's batch takes the next chunk's user keys ahead
            // (thirty-ninth round); the second chunk needs more than were taken, the third fewer, and names a user of the first.
            string[][] chunks = { new[] { "u1", "u2" }, new[] { "u3", "u4", "u5" }, new[] { "u6" } };
            Write(s =>
            {
                foreach (string[] names in chunks)
                {
                    var changes = new List<StoreChange>();
                    foreach (string name in names)
                    {
                        changes.Add(StoreChange.OfUser(null, NewUser(name), Origin));
                        changes.Add(StoreChange.OfDevice(null, NewDevice("dev-" + name, user: name), Origin));
                    }

                    if (names.Length == 1)
                    {
                        changes.Add(StoreChange.OfDevice(null, NewDevice("dev-u1-again", user: "u1"), Origin));
                    }

                    s.ApplyChanges(changes);
                }
            });

            string[] all = chunks.SelectMany(names => names).ToArray();
            foreach (string name in all)
            {
                Assert.Equal(name, Store.GetDevice("dev-" + name)!.UserName);
            }

            Assert.Equal("u1", Store.GetDevice("dev-u1-again")!.UserName);
            long[] keys = all.Select(name => Store.GetUser(name)!.UserKey!.Value).ToArray();
            Assert.Equal(keys.OrderBy(key => key), keys);
            Assert.Equal(all.Length, keys.Distinct().Count());
        }

        [Fact]
        public void AStoreOfTheOldestSchemaIsMigratedWithItsData()
        {
            IDeviceStore old = Track(OpenOldestStore());

            User yamada = old.GetUser("yamada")!;
            Assert.Equal(new[] { "org-sales" }, yamada.Organizations);
            Device apple = old.GetDevice("APPLE001")!;
            Assert.Equal(("AAABBBCCCDDD", "Standard", "yamada"), (apple.Serial, apple.Template, apple.UserName));
            Assert.Equal(new[] { "Sales" }, apple.DeviceTags);
            Assert.True(old.GetDevice("apple002")!.IsLocked);
            Assert.Equal(CheckInEmailStatus.Pending, old.GetCheckInEmails().Single().Status);
            // Queued at the device's creation by the first release: SQLite 22 / PostgreSQL 18 gave it the device's key.
            Assert.Equal(apple.DeviceKey, old.GetCheckInEmails().Single().DeviceKey);
            // The index of emails by identifier (SQLite 14, PostgreSQL 9) serves the old store's email: completion and the pending look-up.
            Assert.Equal("apple001", Assert.Single(old.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "App", 200)), ignoreCase: true);
            Assert.Single(old.GetCheckInEmails("Apple001", CheckInEmailStatus.Pending));

            // And it is a current store: written through the same paths.
            Device changed = apple.Clone();
            changed.DisplayName = "migrated";
            Write(s => s.SaveDevice(apple, changed, Origin), old);
            Assert.Equal("migrated", old.GetDevice("apple001")!.DisplayName);
            Write(s => Assert.Equal(1, s.RenameReference(ReferenceKind.DeviceTag, "Sales", "Field", Origin)), old);
            Assert.Equal(new[] { "Field" }, old.GetDevice("apple001")!.DeviceTags);
        }

        // ---- identifiers and uniqueness ----

        [Fact]
        public void IdentifiersAreFoundIgnoringCaseAndShownAsEntered()
        {
            Write(s => s.SaveDevice(null, NewDevice("MixedCase01"), Origin));

            Assert.Equal("MixedCase01", Store.GetDevice("mixedcase01")!.Identifier);
            Assert.Equal("MixedCase01", Store.GetDevice("MIXEDCASE01")!.Identifier);
        }

        [Fact]
        public void AnIdentifierDifferingOnlyInCaseIsAlreadyTaken()
        {
            Write(s => s.SaveDevice(null, NewDevice("DEV03"), Origin));

            var e = Assert.Throws<BmgException>(() => Write(s => s.SaveDevice(null, NewDevice("dev03"), Origin)));
            Assert.Equal(ErrorIds.AlreadyExists, e.ErrorId);
            Assert.Single(Store.GetDevices());
        }

        [Fact]
        public void ASerialHeldByAnotherDeviceIsADuplicateSerial()
        {
            Write(s => s.SaveDevice(null, NewDevice("DEV04", "F2LX0000AAAA"), Origin));

            var e = Assert.Throws<BmgException>(() => Write(s => s.SaveDevice(null, NewDevice("DEV05", "F2LX0000AAAA"), Origin)));
            Assert.Equal(ErrorIds.DuplicateSerial, e.ErrorId);
            Assert.Null(Store.GetDevice("DEV05"));
        }

        [Fact]
        public void UserNamesAreExactAndUnique()
        {
            Write(s => s.SaveUser(null, NewUser("Sato"), Origin));

            Assert.Null(Store.GetUser("sato"));
            Write(s => s.SaveUser(null, NewUser("sato"), Origin));
            var e = Assert.Throws<BmgException>(() => Write(s => s.SaveUser(null, NewUser("sato"), Origin)));
            Assert.Equal(ErrorIds.AlreadyExists, e.ErrorId);
            Assert.Equal(new[] { "Sato", "sato" }, Store.GetUsers().Select(u => u.UserName).OrderBy(n => n, StringComparer.Ordinal));
        }

        // ---- names by prefix (tab completion) ----

        [Fact]
        public void NamesStartingWithAPrefixIgnoreTheCaseOfAsciiLettersAndAreOrderedFolded()
        {
            Write(s =>
            {
                foreach (string name in new[] { "ipad-2", "IPAD-1", "iPhone-1", "mac-1", "Ärger-1", "\u212Aiosk-1" })
                {
                    s.SaveDevice(null, NewDevice(name), Origin);
                }

                foreach (string name in new[] { "yamada", "Yamato", "YAMA", "sato" })
                {
                    s.SaveUser(null, NewUser(name), Origin);
                }
            });

            Assert.Equal(new[] { "IPAD-1", "ipad-2", "iPhone-1" }, Store.GetNamesStartingWith(NameSource.DeviceIdentifiers, "Ip", 200));
            Assert.Equal(new[] { "IPAD-1", "ipad-2" }, Store.GetNamesStartingWith(NameSource.DeviceIdentifiers, "ipad-", 200));
            Assert.Equal(new[] { "YAMA", "yamada", "Yamato" }, Store.GetNamesStartingWith(NameSource.UserNames, "yama", 200));
            Assert.Equal(new[] { "Yamato" }, Store.GetNamesStartingWith(NameSource.UserNames, "YAMAT", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.UserNames, "suzuki", 200));
            // The empty prefix is every name, folded order (the stores' own: 'Ärger-1' and the Kelvin sign sort after ASCII).
            Assert.Equal(new[] { "IPAD-1", "ipad-2", "iPhone-1", "mac-1", "Ärger-1", "\u212Aiosk-1" },
                Store.GetNamesStartingWith(NameSource.DeviceIdentifiers, "", 200));
            // Only ASCII letters fold, as NOCASE does on both stores: 'ärger' is not a prefix of 'Ärger-1', 'k' not of the Kelvin sign.
            Assert.Empty(Store.GetNamesStartingWith(NameSource.DeviceIdentifiers, "ärger", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.DeviceIdentifiers, "kiosk", 200));
            Assert.Equal(new[] { "Ärger-1" }, Store.GetNamesStartingWith(NameSource.DeviceIdentifiers, "Ärger", 200));
        }

        [Fact]
        public void NamesStartingWithAPrefixStopAtTheLimit()
        {
            Write(s =>
            {
                for (int i = 0; i < 30; i++)
                {
                    s.SaveDevice(null, NewDevice($"dev-{i:D2}"), Origin);
                    s.SaveUser(null, NewUser($"user-{i:D2}"), Origin);
                }
            });

            Assert.Equal(new[] { "dev-00", "dev-01", "dev-02" }, Store.GetNamesStartingWith(NameSource.DeviceIdentifiers, "DEV-", 3));
            Assert.Equal(new[] { "user-10", "user-11" }, Store.GetNamesStartingWith(NameSource.UserNames, "user-1", 2));
            Assert.Equal(30, Store.GetNamesStartingWith(NameSource.UserNames, "", 200).Count);
            Assert.Empty(Store.GetNamesStartingWith(NameSource.UserNames, "user", 0));
        }

        [Fact]
        public void SerialsStartingWithAPrefixAreReadAsTheSerialRuleWritesThemInOrderUpToTheLimit()
        {
            // -Serial completion (fifteenth round): serials are stored upper-cased, a prefix typed in any case finds them,
            // in byte order, and the limit stops the read.
            Write(s =>
            {
                for (int i = 0; i < 12; i++)
                {
                    s.SaveDevice(null, NewDevice($"dev-{i:D2}", $"F2LX{11 - i:D8}"), Origin);
                }

                s.SaveDevice(null, NewDevice("dev-c", "C02ABCDEFGH1"), Origin);
                s.SaveDevice(null, NewDevice("dev-none"), Origin);
            });

            Assert.Equal(new[] { "F2LX00000000", "F2LX00000001", "F2LX00000002" }, Store.GetNamesStartingWith(NameSource.DeviceSerials, "f2lx", 3));
            Assert.Equal(new[] { "F2LX00000010", "F2LX00000011" }, Store.GetNamesStartingWith(NameSource.DeviceSerials, "F2lx0000001", 200));
            Assert.Equal(new[] { "C02ABCDEFGH1" }, Store.GetNamesStartingWith(NameSource.DeviceSerials, "c", 200));
            Assert.Equal(13, Store.GetNamesStartingWith(NameSource.DeviceSerials, "", 200).Count);
            Assert.Empty(Store.GetNamesStartingWith(NameSource.DeviceSerials, "F2LX_", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.DeviceSerials, "dev", 200));
        }

        [Fact]
        public void DevicesLikeAPatternAreThoseItsLikeFormMatchesIgnoringAsciiCaseAndEveryNonAsciiNameByIdentifier()
        {
            // Wildcards with no literal start (thirty-fourth round, left34a): Get-BmgDevice '*ipad*' is filtered by the store
            // (WildcardLike's LIKE form), not by reading every device. LIKE's own '%', '_' and '\' are literal when escaped, ASCII
            // case is folded, and a name holding a character past printable ASCII is always read (the pattern decides there).
            Write(s =>
            {
                foreach (string name in new[] { "ipad-1", "IPAD-2", "my-iPad", "iphone", "dev_a", "devxa", "dev%a", "dev\\a", "dev-\u212A", "dev-a\u00e9" })
                {
                    s.SaveDevice(null, NewDevice(name), Origin);
                }

                s.SaveDevice(null, NewDevice("serialed", serial: "F2LX_ABC1234"), Origin);
            });

            var all = Store.GetDevices().ToList();
            string[] Expect(params string[] names) => Ids(all.Where(d => names.Contains(d.Identifier)));
            string[] Like(params string[] patterns) => Ids(Store.GetDevicesLike(NameSource.DeviceIdentifiers, patterns));
            string[] nonAscii = { "dev-\u212A", "dev-a\u00e9" };

            Assert.Equal(Expect(nonAscii.Concat(new[] { "ipad-1", "IPAD-2", "my-iPad" }).ToArray()), Like(WildcardLike.Of("*IPAD*")!));
            Assert.Equal(Expect(nonAscii.Concat(new[] { "dev_a" }).ToArray()), Like(WildcardLike.Of("*_*")!));
            Assert.Equal(Expect(nonAscii.Concat(new[] { "dev%a" }).ToArray()), Like(WildcardLike.Of("*%*")!));
            Assert.Equal(Expect(nonAscii.Concat(new[] { "dev\\a" }).ToArray()), Like(WildcardLike.Of("*\\?")!));
            Assert.Equal(Expect(nonAscii.Concat(new[] { "dev_a", "devxa", "dev%a", "dev\\a" }).ToArray()), Like(WildcardLike.Of("*ev?a")!));
            Assert.Equal(Expect(nonAscii.Concat(new[] { "iphone", "ipad-1" }).ToArray()), Like(WildcardLike.Of("*phone")!, WildcardLike.Of("?pad-1")!));
            Assert.Equal(Expect(nonAscii), Like(WildcardLike.Of("*nothing*")!));
            // The serials' list filters the serial column alike (devices without a serial are never among them).
            Assert.Equal(new[] { "serialed" }, Ids(Store.GetDevicesLike(NameSource.DeviceSerials, new[] { WildcardLike.Of("*x_a*")! })));
            Assert.Empty(Store.GetDevicesLike(NameSource.DeviceSerials, new[] { WildcardLike.Of("*x`?a*")! }));

            // The reads of a pattern with no literal start are the devices the store's filter selects, no longer every device.
            Assert.Equal(Expect(nonAscii.Concat(new[] { "ipad-1", "IPAD-2", "my-iPad" }).ToArray()),
                Ids(DevicePatternReads.Candidates(Store, NameSource.DeviceIdentifiers, new[] { "*ipad*" })));
            Assert.Equal(Ids(all), Ids(DevicePatternReads.Candidates(Store, NameSource.DeviceIdentifiers, new[] { "*[a-c]" })));
        }

        [Fact]
        public void DevicesStartingWithAPrefixAreTheWholeRangeOfItsIdentifiersIgnoringAsciiCaseByIdentifier()
        {
            // Wildcard look-ups (twenty-second round): Get-BmgDevice 'dev-a*' reads the devices of its literal start, and the
            // pattern decides among them; the range must hold every device whose identifier starts so, whatever its case,
            // and no neighbour that sorts just outside it: ',' and '.' around '-', '_' and '[' between 'Z' and 'a' (what
            // the folding of each store must place alike), the start itself as a whole name, a character past ASCII after it.
            Write(s =>
            {
                foreach (string name in new[] { "dev-b", "DEV-A", "dev-ab", "Dev-Ac", "dev-a\u00e9", "dev,a", "dev.a", "dev-", "dev", "deva",
                    "dev_a", "DEV[a", "dev-\u212A", "kiosk-1" })
                {
                    s.SaveDevice(null, NewDevice(name), Origin);
                }
            });

            Assert.Equal(new[] { "DEV-A", "dev-ab", "Dev-Ac", "dev-a\u00e9" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "dev-a")));
            Assert.Equal(new[] { "DEV-A", "dev-ab", "Dev-Ac", "dev-a\u00e9" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "DEV-A")));
            Assert.Equal(new[] { "dev-", "DEV-A", "dev-ab", "Dev-Ac", "dev-a\u00e9", "dev-b", "dev-\u212A" },
                Ids(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "Dev-")));
            Assert.Equal(new[] { "dev-ab" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "dev-AB")));
            Assert.Equal(new[] { "DEV[a" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "dev[")));
            Assert.Equal(new[] { "dev_a" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "DEV_")));
            Assert.Empty(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "dev-c"));
            // The order is GetDevices' order (folded, by code point), and the rows are whole devices.
            var all = Store.GetDevices().ToList();
            Assert.Equal(Ids(all.Where(d => d.Identifier.StartsWith("dev", StringComparison.OrdinalIgnoreCase))),
                Ids(Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "dev")));
            Device read = Store.GetDevicesStartingWith(NameSource.DeviceIdentifiers, "kiosk")[0];
            Assert.Equal("kiosk-1", read.Identifier);
            Assert.Equal("Code1234", read.PlainCode);
        }

        [Fact]
        public void UsersStartingWithAStartAreItsRangeAndTheNamesThatLeaveAsciiBeforeItEndsByUserName()
        {
            // Get-BmgUser 'user1*' (walkthrough 25, finding 3) reads the ranges of its literal start: every name that starts with
            // it in any ASCII case, and every name that continues a shorter start of it ('', 'u', 'us', 'use', 'user') with a
            // character past ASCII, which PowerShell's culture-sensitive match may skip or compose. No other name: 'usr', 'user
            // 2' (a space is ASCII), 'user2', 'tanaka', and 'ab' + U+00AD (ASCII that leaves the start before its character).
            string[] inRanges = { "user1", "USER10", "User1.a", "us\u00ADer1", "u\u200Bser1", "\u212Aato", "\u7530\u4e2d", "use\u0301r1", "user\u00e91" };
            string[] outside = { "usr", "user 2", "user2", "tanaka", "ab\u00ADc", "user" };
            Write(s =>
            {
                foreach (string name in inRanges.Concat(outside))
                {
                    s.SaveUser(null, NewUser(name), Origin);
                }
            });

            IReadOnlyList<User> read = Store.GetUsersStartingWith("user1");
            Assert.Equal(Store.GetUsers().Select(u => u.UserName).Where(inRanges.Contains), read.Select(u => u.UserName));
            Assert.Equal(new[] { "USER10", "User1.a", "user1", "user\u00e91" }.OrderBy(n => n, StringComparer.Ordinal),
                Store.GetUsersStartingWith("USER1").Select(u => u.UserName).Where(n => n.StartsWith("user", StringComparison.OrdinalIgnoreCase)));
            Assert.Equal(new[] { "\u212Aato", "\u7530\u4e2d" }, Store.GetUsersStartingWith("k").Select(u => u.UserName));
            Assert.Equal(new[] { "user1" }, Store.GetUsersStartingWith("user1").Where(u => u.UserName == "user1").Select(u => u.UserName));
        }

        [Fact]
        public void DevicesWhoseSerialStartsWithAPrefixAreReadInAnyCaseByIdentifier()
        {
            // -Serial 'f2l*' (twenty-second round): the serial's range, upper-cased as serials are stored, in GetDevices' order
            // (by identifier, not by serial), devices without a serial never in it.
            Write(s =>
            {
                s.SaveDevice(null, NewDevice("z-first-serial", "F2LX00000001"), Origin);
                s.SaveDevice(null, NewDevice("a-last-serial", "F2LX00000009"), Origin);
                s.SaveDevice(null, NewDevice("m-other", "F2LY00000001"), Origin);
                s.SaveDevice(null, NewDevice("b-short", "F2L0000001"), Origin);
                s.SaveDevice(null, NewDevice("no-serial"), Origin);
            });

            Assert.Equal(new[] { "a-last-serial", "z-first-serial" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceSerials, "f2lx")));
            Assert.Equal(new[] { "a-last-serial", "b-short", "m-other", "z-first-serial" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceSerials, "F2L")));
            Assert.Equal(new[] { "z-first-serial" }, Ids(Store.GetDevicesStartingWith(NameSource.DeviceSerials, "F2LX00000001")));
            Assert.Empty(Store.GetDevicesStartingWith(NameSource.DeviceSerials, "F2LZ"));
            Assert.Throws<ArgumentOutOfRangeException>(() => Store.GetDevicesStartingWith(NameSource.UserNames, "F2L"));
        }

        private static string[] Ids(IEnumerable<Device> devices) => devices.Select(d => d.Identifier).ToArray();

        [Fact]
        public void AUserNameNotFoundIsHintedByItsAsciiCaseTwinsOnlyTheRuleOfTheCaseTwinWarning()
        {
            // One folding rule for user-name hints (fifteenth round): the did-you-mean of a name not found names the users the
            // case-twin warning of a new user would (ASCII letters folded), sought by the store's index.
            Write(s =>
            {
                foreach (string name in new[] { "Yamada", "YAMADA", "Ärger", "sato" })
                {
                    s.SaveUser(null, NewUser(name), Origin);
                }
            });

            Assert.Contains("did you mean 'YAMADA' or 'Yamada'?", UserEditor.NotFound(Store, "yamada").Message);
            Assert.Equal(Store.GetUserNameCaseTwins("yamada").OrderBy(n => n, StringComparer.Ordinal),
                new[] { "YAMADA", "Yamada" });
            Assert.DoesNotContain("did you mean", UserEditor.NotFound(Store, "ärger").Message);
            Assert.Empty(Store.GetUserNameCaseTwins("ärger"));
            Assert.DoesNotContain("did you mean", UserEditor.NotFound(Store, "suzuki").Message);
            Assert.Equal(ErrorIds.UserNotFound, UserEditor.NotFound(Store, "ärger").ErrorId);
        }

        [Fact]
        public void APrefixIsTakenLiterallyWildcardCharactersOfSqlAndPowerShellIncluded()
        {
            Write(s =>
            {
                foreach (string name in new[] { "a_b", "axb", "a%c", "ayc", "a[1]", "a1", "a*", "a?", "a\\d", "a'e" })
                {
                    s.SaveDevice(null, NewDevice(name), Origin);
                    s.SaveUser(null, NewUser(name), Origin);
                }
            });

            foreach (NameSource source in new[] { NameSource.DeviceIdentifiers, NameSource.UserNames })
            {
                Assert.Equal(new[] { "a_b" }, Store.GetNamesStartingWith(source, "a_", 200));
                Assert.Equal(new[] { "a%c" }, Store.GetNamesStartingWith(source, "a%", 200));
                Assert.Equal(new[] { "a[1]" }, Store.GetNamesStartingWith(source, "a[", 200));
                Assert.Equal(new[] { "a*" }, Store.GetNamesStartingWith(source, "a*", 200));
                Assert.Equal(new[] { "a?" }, Store.GetNamesStartingWith(source, "a?", 200));
                Assert.Equal(new[] { "a\\d" }, Store.GetNamesStartingWith(source, "a\\", 200));
                Assert.Equal(new[] { "a'e" }, Store.GetNamesStartingWith(source, "a'", 200));
            }
        }

        [Fact]
        public void TheZeroPaddedKeysOfBareNumbersAreTheStoredKeysThatAreThoseNumbersLedByZeros()
        {
            // Keys around the range ['0', '1') of the key indexes both stores read: '0' itself, '1', letters after zeros,
            // a zero inside, and a key of another kind holding the number (a user '0042' is no device's twin).
            foreach (string name in new[] { "000123", "0123", "123", "1123", "00123x", "0x123", "0", "00", "0042", "10042" })
            {
                string userName = name;
                Write(s => s.SaveUser(null, NewUser(userName), Origin));
            }

            foreach (string identifier in new[] { "0042", "00042", "042A", "1042", "0", "0007", "0070" })
            {
                string key = identifier;
                Write(s => s.SaveDevice(null, NewDevice(key), Origin));
            }

            ZeroPaddedKeys found = Store.FindZeroPaddedKeys(new[] { "123", "42", "9" }, new[] { "42", "7", "123" });
            Assert.Equal(new[] { "000123", "0042", "0123" }, found.UserNames.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "00042", "0007", "0042" }, found.Identifiers.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty(Store.FindZeroPaddedKeys(new[] { "5" }, Array.Empty<string>()).UserNames);
            Assert.Empty(Store.FindZeroPaddedKeys(Array.Empty<string>(), Array.Empty<string>()).Identifiers);
        }

        [Fact]
        public void AUserNamesCaseTwinsAreTheOtherNamesEqualIgnoringTheCaseOfAsciiLetters()
        {
            foreach (string name in new[] { "yamada", "YAMADA", "yamada2", "Tanaka", "Ärger", "Kim", "\u212Aim" })
            {
                string userName = name;
                Write(s => s.SaveUser(null, NewUser(userName), Origin));
            }

            Assert.Equal(new[] { "YAMADA", "yamada" }, Store.GetUserNameCaseTwins("Yamada").OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "YAMADA" }, Store.GetUserNameCaseTwins("yamada"));
            Assert.Empty(Store.GetUserNameCaseTwins("Suzuki"));
            Assert.Empty(Store.GetUserNameCaseTwins("Tanaka"));
            // Only ASCII letters fold, on both stores alike (SQLite's NOCASE): 'ärger' is not a twin of 'Ärger'.
            Assert.Empty(Store.GetUserNameCaseTwins("ärger"));
            // The Kelvin sign folds to 'k' outside ASCII (.NET, a linguistic lower()): no twin of 'kim' either way, whatever
            // index finds the candidates (SQLite's NOCASE one, PostgreSQL's lower() under "C").
            Assert.Equal(new[] { "Kim" }, Store.GetUserNameCaseTwins("kim"));
            Assert.Equal(new[] { "\u212Aim" }, Store.GetUserNameCaseTwins("\u212AIM"));
        }

        [Fact]
        public void AChunksCaseTwinsAreReadAtOnceAmongTheUsersHeldAtTheMark()
        {
            Assert.Null(Store.MarkUsers());
            foreach (string name in new[] { "yamada", "Sato", "Ärger", "\u212Aim" })
            {
                string userName = name;
                Write(s => s.SaveUser(null, NewUser(userName), Origin));
            }

            UsersMark before = Store.MarkUsers() ?? throw new InvalidOperationException("no mark of a store with users");
            Write(s => s.SaveUser(null, NewUser("SATO"), Origin));

            // Every name's twins in one look-up; the user made after the mark ('SATO') is left out, the names asked are not twins of themselves.
            Assert.Equal(new[] { "Sato", "yamada" },
                Store.GetUserNameCaseTwins(new[] { "Yamada", "sato", "YAMADA", "Suzuki" }, before).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "SATO", "Sato" },
                Store.GetUserNameCaseTwins(new[] { "sato" }, Store.MarkUsers()!.Value).OrderBy(n => n, StringComparer.Ordinal));
            // ASCII letters fold only: no twin of 'ärger' or of 'KIM' (the Kelvin sign is not 'K').
            Assert.Empty(Store.GetUserNameCaseTwins(new[] { "ärger", "kim" }, before));
            Assert.Equal(new[] { "\u212Aim" }, Store.GetUserNameCaseTwins(new[] { "\u212AIM" }, before));
            Assert.Empty(Store.GetUserNameCaseTwins(new string[0], before));
        }

        [Fact]
        public void AReferenceNameIsUnique()
        {
            Write(s => s.InsertDeviceTag(new DeviceTag("kitting")));

            var e = Assert.Throws<BmgException>(() => Write(s => s.InsertDeviceTag(new DeviceTag("kitting"))));
            Assert.Equal(ErrorIds.AlreadyExists, e.ErrorId);
        }

        // ---- batched reads ----

        [Fact]
        public void BatchedLookUpsFindWhatExistsInOneCall()
        {
            Write(s =>
            {
                s.SaveUser(null, NewUser("u1"), Origin);
                s.SaveUser(null, NewUser("u2"), Origin);
                for (int i = 0; i < 1500; i++)
                {
                    s.SaveDevice(null, NewDevice($"B{i:D4}", $"F2LX{i:D8}"), Origin);
                }
            });

            Assert.Equal(new[] { "u1", "u2" }, Store.FindUsers(new[] { "u1", "u2", "U1", "nobody" }).Select(u => u.UserName).OrderBy(n => n));

            // More keys than one statement takes, in any case, with misses: every device once.
            var identifiers = Enumerable.Range(0, 1500).Select(i => i % 2 == 0 ? $"b{i:D4}" : $"B{i:D4}").Concat(new[] { "MISSING" }).ToList();
            IReadOnlyList<Device> devices = Store.FindDevices(identifiers);
            Assert.Equal(1500, devices.Count);
            Assert.Equal(1500, devices.Select(d => d.Identifier).Distinct().Count());

            IReadOnlyList<Device> bySerial = Store.FindDevicesBySerial(new[] { "F2LX00000007", "F2LX00001499", "F2LXNOTTHERE" });
            Assert.Equal(new[] { "B0007", "B1499" }, bySerial.Select(d => d.Identifier).OrderBy(n => n));
            Assert.Empty(Store.FindDevices(Array.Empty<string>()));
        }

        [Fact]
        public void BatchedLookUpsTakeKeysWithQuotesAndUnicodeLiterally()
        {
            string[] names = { "o'brien \"田中\"", "back\\slash", "tab\there", "[\"x\"]" };
            Write(s =>
            {
                foreach (string name in names)
                {
                    s.SaveUser(null, NewUser(name), Origin);
                }
            });

            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), Store.FindUsers(names).Select(u => u.UserName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty(Store.FindUsers(new[] { "o'brien", "x", "back" }));
        }

        // ---- references: in use, renames ----

        [Fact]
        public void InUseAndRenamesMatchWholeNamesOnly()
        {
            Write(s =>
            {
                foreach (string tag in new[] { "a", "ab", "b", "ba" })
                {
                    s.InsertDeviceTag(new DeviceTag(tag));
                }

                s.InsertOrganization(new Organization("o", "O"));
                s.InsertOrganization(new Organization("oo", "OO"));
                s.SaveUser(null, NewUser("user1", "oo"), Origin);
                s.SaveDevice(null, NewDevice("T1", tags: new[] { "ab", "ba" }), Origin);
                s.SaveDevice(null, NewDevice("T2", tags: new[] { "ba", "a" }), Origin);
            });

            Assert.Null(Store.FindReferenceUse(ReferenceKind.DeviceTag, "b", 3));
            Assert.Null(Store.FindReferenceUse(ReferenceKind.Organization, "o", 3));
            ReferenceUse onlyT2 = Store.FindReferenceUse(ReferenceKind.DeviceTag, "a", 3)!;
            Assert.Equal(1, onlyT2.Count);
            Assert.Equal(new[] { "T2" }, onlyT2.FirstHolders);
            Assert.Equal("device 'T2' uses it", onlyT2.UsesIt());

            int changed = 0;
            Write(s => changed = s.RenameReference(ReferenceKind.DeviceTag, "a", "z", Origin));
            Assert.Equal(1, changed);
            Assert.Equal(new[] { "ab", "ba" }, Store.GetDevice("T1")!.DeviceTags);
            Assert.Equal(new[] { "ba", "z" }, Store.GetDevice("T2")!.DeviceTags);

            Write(s => s.RenameReference(ReferenceKind.Organization, "o", "p", Origin));
            Assert.Equal(new[] { "oo" }, Store.GetUser("user1")!.Organizations);
        }

        [Fact]
        public void InUseCountsEveryHolderAndNamesTheFirstInKeyOrder()
        {
            Write(s =>
            {
                s.InsertTemplate(new Template("Std"));
                s.InsertOrganization(new Organization("org", "Org"));
                foreach (string identifier in new[] { "U5", "U2", "U4", "U1", "U3" })
                {
                    s.SaveDevice(null, NewDevice(identifier, template: "Std"), Origin);
                }

                s.SaveUser(null, NewUser("yuki", "org"), Origin);
                s.SaveUser(null, NewUser("aoi", "org"), Origin);
            });

            ReferenceUse devices = Store.FindReferenceUse(ReferenceKind.Template, "Std", 3)!;
            Assert.Equal(5, devices.Count);
            Assert.Equal(new[] { "U1", "U2", "U3" }, devices.FirstHolders);
            Assert.Equal("5 devices use it ('U1', 'U2', 'U3' and 2 more)", devices.UsesIt());

            ReferenceUse users = Store.FindReferenceUse(ReferenceKind.Organization, "org", 3)!;
            Assert.Equal("2 users use it ('aoi', 'yuki')", users.UsesIt());
        }

        [Fact]
        public void HeldReferenceNamesAreTheWholeNamesSomeRecordHoldsEachOnce()
        {
            Write(s =>
            {
                foreach (string tag in new[] { "a", "ab", "b", "unused" })
                {
                    s.InsertDeviceTag(new DeviceTag(tag));
                }

                s.InsertTemplate(new Template("Std"));
                s.InsertTemplate(new Template("Spare"));
                s.InsertOrganization(new Organization("o", "O"));
                s.InsertOrganization(new Organization("oo", "OO"));
                s.InsertOrganization(new Organization("free", "Free"));
                s.SaveUser(null, NewUser("user1", "oo"), Origin);
                s.SaveUser(null, NewUser("user2", "oo", "o"), Origin);
                s.SaveUser(null, NewUser("user3"), Origin);
                s.SaveDevice(null, NewDevice("T1", tags: new[] { "ab", "a" }, template: "Std"), Origin);
                s.SaveDevice(null, NewDevice("T2", tags: new[] { "a", "ab" }), Origin);
                s.SaveDevice(null, NewDevice("T3"), Origin);
            });

            static IEnumerable<string> Sorted(IEnumerable<string> names) => names.OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(new[] { "a", "ab" }, Sorted(Store.HeldReferenceNames(ReferenceKind.DeviceTag)));
            Assert.Equal(new[] { "o", "oo" }, Sorted(Store.HeldReferenceNames(ReferenceKind.Organization)));
            Assert.Equal(new[] { "Std" }, Sorted(Store.HeldReferenceNames(ReferenceKind.Template)));
        }

        [Fact]
        public void SettingAnOrganizationsNameKeepsItsIdAndItsUsers()
        {
            Write(s =>
            {
                s.InsertOrganization(new Organization("org-somu", "営業部"));
                s.InsertOrganization(new Organization("org-eigyo", "営業部"));
                s.SaveUser(null, NewUser("mori", "org-somu"), Origin);
            });

            Write(s => s.SetOrganizationName("org-somu", "総務部"));

            Assert.Equal(new[] { ("org-eigyo", "営業部"), ("org-somu", "総務部") }, Store.GetOrganizations().Select(o => (o.Id, o.Name)));
            Assert.Equal(new[] { "org-somu" }, Store.GetUser("mori")!.Organizations);
        }

        [Fact]
        public void RenamingATemplateOrOrganizationCarriesEveryReference()
        {
            Write(s =>
            {
                s.InsertTemplate(new Template("Standard"));
                s.InsertOrganization(new Organization("sales", "Sales"));
                s.SaveUser(null, NewUser("mori", "sales"), Origin);
                s.SaveDevice(null, NewDevice("TPL1", template: "Standard"), Origin);
            });

            Write(s =>
            {
                Assert.Equal(1, s.RenameReference(ReferenceKind.Template, "Standard", "Basic", Origin));
                Assert.Equal(1, s.RenameReference(ReferenceKind.Organization, "sales", "field-sales", Origin));
            });

            Assert.Equal("Basic", Store.GetDevice("TPL1")!.Template);
            Assert.Equal(new[] { "Basic" }, Store.GetTemplates().Select(t => t.Name));
            Assert.Equal(new[] { "field-sales" }, Store.GetUser("mori")!.Organizations);
            Assert.Equal("Sales", Store.GetOrganizations().Single().Name);
        }

        [Fact]
        public void AnUnusedReferenceCanBeDeleted()
        {
            Write(s => s.InsertTemplate(new Template("Spare")));
            Write(s => s.DeleteReference(ReferenceKind.Template, "Spare"));
            Assert.Empty(Store.GetTemplates());
        }

        // ---- transactions, writers and readers ----

        [Fact]
        public void ATransactionNotCommittedLeavesNothing()
        {
            using (IStoreTransaction transaction = Store.BeginTransaction())
            {
                Store.SaveDevice(null, NewDevice("GONE"), Origin);
                Assert.NotNull(Store.GetDevice("GONE"));
            }

            Assert.Null(Store.GetDevice("GONE"));
        }

        [Fact]
        public void AReaderSeesTheLastCommittedStateDuringAWrite()
        {
            Write(s => s.SaveDevice(null, NewDevice("SEEN"), Origin));
            IDeviceStore reader = Second();

            using (IStoreTransaction transaction = Store.BeginTransaction())
            {
                Device before = Store.GetDevice("SEEN")!;
                Device after = before.Clone();
                after.DisplayName = "uncommitted";
                Store.SaveDevice(before, after, Origin);
                Store.SaveDevice(null, NewDevice("NEWER"), Origin);

                // The reader is not blocked, and sees neither change until the commit.
                Assert.Null(reader.GetDevice("SEEN")!.DisplayName);
                Assert.Null(reader.GetDevice("NEWER"));
                transaction.Commit();
            }

            Assert.Equal("uncommitted", reader.GetDevice("SEEN")!.DisplayName);
            Assert.NotNull(reader.GetDevice("NEWER"));
        }

        [Fact]
        public async Task ASecondWriterWaitsUntilTheFirstCommitsAndThenSeesItsWork()
        {
            IDeviceStore other = Second();
            Task<Device?> secondWriter;
            using (IStoreTransaction transaction = Store.BeginTransaction())
            {
                Store.SaveDevice(null, NewDevice("FIRST", "F2LX11112222"), Origin);
                secondWriter = Task.Run(() =>
                {
                    // The serial check a planner makes inside its transaction: true until that transaction ends.
                    using IStoreTransaction second = other.BeginTransaction();
                    Device? holder = other.GetDeviceBySerial("F2LX11112222");
                    second.Commit();
                    return holder;
                });

                // While the first writer holds the store the second can't begin (it would see no holder yet).
                Task first = await Task.WhenAny(secondWriter, Task.Delay(TimeSpan.FromMilliseconds(500)));
                Assert.NotSame(secondWriter, first);
                transaction.Commit();
            }

            Device? holder = await secondWriter;
            Assert.Equal("FIRST", holder?.Identifier);
        }

        /// <summary>How many backends of this store wait for a lock now (the server's own view); a store without one says 0.</summary>
        protected virtual long BackendsWaitingForALock() => 0;

        /// <summary>Returns once <paramref name="waiting"/> waits for the writer lock (the server shows it), or after a short while where nothing shows it.</summary>
        protected virtual Task UntilWaiting(Task waiting) => Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(300)));

        [Fact]
        public async Task ACancelledWaitForTheWriterLockEndsWhileTheLockIsHeldTakesNothingAndTheStoreWritesAfterwards()
        {
            IDeviceStore other = Second();
            using var cancellation = new CancellationTokenSource();
            using (IStoreTransaction holding = Store.BeginTransaction())
            {
                Store.SaveDevice(null, NewDevice("HOLDER"), Origin);
                Task<IStoreTransaction> waiting = Task.Run(() => other.BeginTransaction(cancellation.Token));
                await UntilWaiting(waiting);
                Assert.False(waiting.IsCompleted, "the second writer waits while the first holds the store");

                cancellation.Cancel();
                // Ends while the first writer still holds the lock (before the fix: StoreBusy after the whole busy timeout).
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
                Assert.Equal(0, BackendsWaitingForALock());

                // The holder is unaffected: it goes on writing and commits.
                Store.SaveDevice(null, NewDevice("HOLDER2"), Origin);
                holding.Commit();
            }

            // The same store object writes again (its connection usable, no lock left held by the cancelled wait).
            Write(s => s.SaveDevice(null, NewDevice("AFTER"), Origin), other);
            Write(s => s.SaveDevice(null, NewDevice("AFTER2"), Origin));
            Assert.Equal(new[] { "AFTER", "AFTER2", "HOLDER", "HOLDER2" }, Store.GetDevices().Select(d => d.Identifier).OrderBy(i => i, StringComparer.Ordinal));
        }

        [Fact]
        public async Task AWriterFindingTheLockTakenIsToldOnceAsItsWaitBeginsAndNeverWhenItIsFree()
        {
            IDeviceStore other = Second();
            var told = new System.Collections.Concurrent.ConcurrentQueue<string?>();
            other.WaitingForWriter = told.Enqueue;

            // Free: taken without a word.
            Write(s => s.SaveDevice(null, NewDevice("FREE"), Origin), other);
            Assert.Empty(told);

            using (IStoreTransaction holding = Store.BeginTransaction())
            {
                Task<IStoreTransaction> waiting = Task.Run(() => other.BeginTransaction());
                // Told while the first writer still holds the store: as the wait begins, not as it ends (the guard only stops a hung test).
                var guard = System.Diagnostics.Stopwatch.StartNew();
                while (told.IsEmpty && !waiting.IsCompleted && guard.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(20);
                }

                Assert.False(waiting.IsCompleted, "the second writer waits while the first holds the store");
                Assert.Single(told);
                holding.Commit();
                using IStoreTransaction second = await waiting;
            }

            // Then told the wait ended (null), once, so that a command takes down its progress line (walkthrough 22, 3).
            Assert.Equal(2, told.Count);
            Assert.Null(told.ToArray()[1]);
            string line = told.ToArray()[0]!;
            Assert.StartsWith("Waiting for another writer", line);
            Assert.Contains($" to finish with the store '{other.Location}' (up to ", line);
            Assert.EndsWith(" s; Ctrl+C to stop).", line);
            other.WaitingForWriter = null;
        }

        [Fact]
        public void ACancelledTokenTakesAFreeLockButNeverWaits()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            // Free: taken (a stopped command still records what it rolled back).
            using (IStoreTransaction free = Store.BeginTransaction(cancelled.Token))
            {
                Store.SaveDevice(null, NewDevice("FREE"), Origin);

                // Held by the other writer: refused at once, no wait, and no StoreBusy.
                IDeviceStore other = Second();
                Assert.ThrowsAny<OperationCanceledException>(() => other.BeginTransaction(cancelled.Token));
                free.Commit();
            }

            Assert.NotNull(Store.GetDevice("FREE"));
        }

        [Fact]
        public async Task TheStoresWaitCancellationEndsTheWaitOfBeginTransactionWithoutAToken()
        {
            IDeviceStore other = Second();
            using var cancellation = new CancellationTokenSource();
            other.WaitCancellation = cancellation.Token;
            using (IStoreTransaction holding = Store.BeginTransaction())
            {
                Task<IStoreTransaction> waiting = Task.Run(() => other.BeginTransaction());
                await UntilWaiting(waiting);
                Assert.False(waiting.IsCompleted, "the second writer waits while the first holds the store");
                cancellation.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
                holding.Commit();
            }

            other.WaitCancellation = default;
            Write(s => s.SaveDevice(null, NewDevice("AFTER"), Origin), other);
            Assert.NotNull(Store.GetDevice("AFTER"));
        }

        [Fact]
        public void AConfirmedChangeIsDecidedAgainAgainstWhatTheStoreHoldsThen()
        {
            Write(s => s.SaveDevice(null, NewDevice("LOCKME"), Origin));
            IDeviceStore checkIn = Second();

            var e = Assert.Throws<BmgException>(() => DeviceEditor.Edit(Store, "LOCKME", new FieldValues { [FieldKey.DisplayName] = "edited" }, plan =>
            {
                // While the prompt waits (no lock held), the device checks in through another connection.
                using IStoreTransaction transaction = checkIn.BeginTransaction();
                Device before = checkIn.GetDevice("LOCKME")!;
                Device after = before.Clone();
                after.State = DeviceState.CheckedIn;
                after.CheckedInAt = DateTimeOffset.UtcNow;
                checkIn.SaveDevice(before, after, Origin);
                transaction.Commit();
                return true;
            }));

            Assert.Equal(ErrorIds.DeviceLocked, e.ErrorId);
            Assert.Null(Store.GetDevice("LOCKME")!.DisplayName);
        }

        [Fact(DisplayName = "Round 39: a DEP device keeps the time of Apple's data that last wrote it (AsOf): read singly and in batches, moved by an update, cleared by none")]
        public void ADepDeviceKeepsTheTimeItsDataIsAsOf()
        {
            var asOf = new DateTimeOffset(2026, 12, 3, 9, 15, 30, TimeSpan.FromHours(9));
            Write(s =>
            {
                s.UpsertDepDevice(new DepDevice { SerialNumber = "ASOF00000001", Model = "iPad", ImportedAt = DateTimeOffset.UnixEpoch, AsOf = asOf });
                s.UpsertDepDevice(new DepDevice { SerialNumber = "ASOF00000002", Model = "iPad", ImportedAt = DateTimeOffset.UnixEpoch });
            });

            Assert.Equal(asOf, Store.GetDepDevice("ASOF00000001")!.AsOf);
            Assert.Null(Store.GetDepDevice("ASOF00000002")!.AsOf);
            var found = Store.FindDepDevices(new[] { "ASOF00000001", "ASOF00000002" }).ToDictionary(d => d.SerialNumber, d => d.AsOf);
            Assert.Equal(asOf, found["ASOF00000001"]);
            Assert.Null(found["ASOF00000002"]);

            Write(s =>
            {
                s.UpsertDepDevice(new DepDevice { SerialNumber = "ASOF00000001", Model = "iPad", ImportedAt = DateTimeOffset.UnixEpoch, AsOf = asOf.AddDays(2) });
                s.UpsertDepDevice(new DepDevice { SerialNumber = "ASOF00000002", Model = "iPad", ImportedAt = DateTimeOffset.UnixEpoch, AsOf = asOf });
            });
            Assert.Equal(asOf.AddDays(2), Store.GetDepDevice("ASOF00000001")!.AsOf);
            Assert.Equal(asOf, Store.GetDepDevice("ASOF00000002")!.AsOf);

            Write(s => s.UpsertDepDevice(new DepDevice { SerialNumber = "ASOF00000001", Model = "iPad", ImportedAt = DateTimeOffset.UnixEpoch }));
            Assert.Null(Store.GetDepDevice("ASOF00000001")!.AsOf);
        }

        [Fact(DisplayName = "Round 40: SetDepDeviceAsOf moves only a held DEP device's AsOf (every other column as stored, released too) and adds no row for a serial not held")]
        public void SettingADepDevicesAsOfWritesThatTimeAlone()
        {
            var asOf = new DateTimeOffset(2026, 12, 3, 9, 15, 30, TimeSpan.FromHours(9));
            var released = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
            Write(s =>
            {
                s.UpsertDepDevice(new DepDevice { SerialNumber = "ASOF00000001", Model = "iPad", Color = "BLUE", AssetTag = "A-1", ProfileName = "Kitting",
                    ImportedAt = DateTimeOffset.UnixEpoch, AsOf = asOf });
                s.UpsertDepDevice(new DepDevice { SerialNumber = "ASOF00000002", Model = "iPad", ImportedAt = DateTimeOffset.UnixEpoch, ReleasedAt = released });
            });

            Write(s =>
            {
                s.SetDepDeviceAsOf("ASOF00000001", asOf.AddDays(2));
                s.SetDepDeviceAsOf("ASOF00000002", asOf);
                s.SetDepDeviceAsOf("ASOF00000003", asOf);
            });

            DepDevice moved = Store.GetDepDevice("ASOF00000001")!;
            Assert.Equal((asOf.AddDays(2), "iPad", "BLUE", "A-1", "Kitting", DateTimeOffset.UnixEpoch),
                (moved.AsOf, moved.Model, moved.Color, moved.AssetTag, moved.ProfileName, moved.ImportedAt));
            DepDevice stillReleased = Store.GetDepDevice("ASOF00000002")!;
            Assert.Equal((asOf, released), (stillReleased.AsOf, stillReleased.ReleasedAt));
            Assert.Null(Store.GetDepDevice("ASOF00000003"));
        }

        [Fact]
        public void TheDepRemovalAndProfileNamingPromptsHoldNoLock()
        {
            Write(s =>
            {
                s.UpsertDepDevice(new DepDevice { SerialNumber = "PRMPT0000001", Model = "iPhone 15", ImportedAt = DateTimeOffset.UnixEpoch });
                s.UpsertDepDevice(new DepDevice { SerialNumber = "PRMPT0000002", Model = "iPad Air", ProfileName = "Kiosk", ImportedAt = DateTimeOffset.UnixEpoch });
            });
            IDeviceStore other = Second();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            // While each prompt waits, another connection writes: a cancelled token takes a free lock but never waits, so
            // a prompt asked under the write lock fails here at once (before, both were asked inside the transaction).
            void WriteWhileAsked(string identifier)
            {
                using IStoreTransaction transaction = other.BeginTransaction(cancelled.Token);
                other.SaveDevice(null, NewDevice(identifier), Origin);
                transaction.Commit();
            }

            DepInventory.Remove(Store, Store.GetDepDevice("PRMPT0000001")!, target =>
            {
                WriteWhileAsked("DURINGREMOVE");
                return true;
            });
            DepInventory.NameProfile(Store, "0A1B2C3D4E5F60718293A4B5C6D7E8F9", "Kiosk", action =>
            {
                WriteWhileAsked("DURINGNAMING");
                return true;
            }, DateTimeOffset.UnixEpoch);

            Assert.Null(Store.GetDepDevice("PRMPT0000001"));
            Assert.Equal("0A1B2C3D4E5F60718293A4B5C6D7E8F9", Store.GetDepDevice("PRMPT0000002")!.ProfileUuid);
            Assert.NotNull(Store.GetDevice("DURINGREMOVE"));
            Assert.NotNull(Store.GetDevice("DURINGNAMING"));
        }

        [Fact]
        public void AReadTransactionKeepsOneCommittedState()
        {
            Write(s => s.SaveDevice(null, NewDevice("SNAP1"), Origin));
            IDeviceStore writer = Second();
            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Single(Store.GetDevices());
                Write(s => s.SaveDevice(null, NewDevice("SNAP2"), Origin), writer);
                Assert.Single(Store.GetDevices());
            }

            Assert.Equal(2, Store.GetDevices().Count());
        }

        // ---- import history ----

        [Fact]
        public void ImportHistoryKeepsEntriesNewestFirstWithTheirErrors()
        {
            var first = new ImportHistoryEntry { StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "admin", Source = "a.csv", Mode = ImportMode.AllOrNothing, Rows = 2, Failed = 1, Committed = false,
                Errors = new[] { new ImportHistoryError(3, "DEV9", null, ErrorIds.InvalidFieldValue, "Line 3: bad") } };
            var second = new ImportHistoryEntry { StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "admin", Source = "b.csv", Sha256 = "ab", Mode = ImportMode.SkipInvalidRows, Rows = 5, PlannedCreated = 5, Committed = true };
            Write(s => s.InsertImportHistory(first));
            Write(s => s.InsertImportHistory(second));

            IReadOnlyList<ImportHistoryEntry> all = Store.GetImportHistory(null);
            Assert.Equal(new[] { "b.csv", "a.csv" }, all.Select(h => h.Source));
            Assert.True(second.Id > first.Id);
            ImportHistoryEntry one = Store.GetImportHistory(first.Id).Single();
            Assert.False(one.Committed);
            Assert.Equal(3, one.Errors.Single().Line);
            Assert.Single(Store.GetImportHistory(null, newest: 1));
        }

        [Fact]
        public void ImportHistoryFiltersBySourcePathOrFileNameAndStartTimeBeforeTheNewestAreCounted()
        {
            // Get-BmgImportHistory -Source/-Since/-Until (walkthrough 26, finding 6): in the store's query, so -Last counts the
            // imports the filter keeps, not the newest imports of any file.
            DateTimeOffset night1 = new DateTimeOffset(2026, 12, 3, 22, 0, 0, TimeSpan.Zero);
            DateTimeOffset night2 = night1.AddDays(1);
            ImportHistoryEntry Entry(string source, DateTimeOffset at) =>
                new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "admin", Source = source, Mode = ImportMode.AllOrNothing, Rows = 1, Committed = true };
            Write(s =>
            {
                s.InsertImportHistory(Entry("/share/night1/incoming/a-sjis.csv", night1));
                s.InsertImportHistory(Entry(@"C:\share\night2\incoming\A-SJIS.csv", night2));
                s.InsertImportHistory(Entry("/share/night2/incoming/b_100%.csv", night2.AddMinutes(1)));
                s.InsertImportHistory(Entry("/share/night2/incoming/bx100x.csv", night2.AddMinutes(2)));
                s.InsertImportHistory(Entry("/share/night2/incoming/社員.csv", night2.AddMinutes(3)));
            });
            string[] Sources(ImportHistoryFilter filter, int? newest = null) =>
                Store.GetImportHistory(null, newest, filter).Select(h => h.Source).ToArray();

            // A file name in any folder, A-Z in either case, either separator.
            Assert.Equal(new[] { @"C:\share\night2\incoming\A-SJIS.csv", "/share/night1/incoming/a-sjis.csv" }, Sources(new ImportHistoryFilter { Source = "a-sjis.csv" }));
            // The newest of those the filter keeps, not the newest import (社員.csv).
            Assert.Equal(new[] { "/share/night1/incoming/a-sjis.csv" }, Sources(new ImportHistoryFilter { Source = "a-sjis.csv", Since = night1, Until = night1 }, newest: 1));
            Assert.Equal(new[] { @"C:\share\night2\incoming\A-SJIS.csv" }, Sources(new ImportHistoryFilter { Source = "*sjis*" }, newest: 1));
            // A path: the pattern against the whole Source.
            Assert.Equal(new[] { "/share/night1/incoming/a-sjis.csv" }, Sources(new ImportHistoryFilter { Source = "*/night1/*" }));
            // A file name's pattern does not reach into its folders: 'a*' is no match for night2/…/bx100x.csv's 'a' of 'share'.
            Assert.Equal(new[] { @"C:\share\night2\incoming\A-SJIS.csv", "/share/night1/incoming/a-sjis.csv" }, Sources(new ImportHistoryFilter { Source = "a*" }));
            // LIKE's own % and _ are literal; ? is one character; a backtick makes * literal.
            Assert.Equal(new[] { "/share/night2/incoming/b_100%.csv" }, Sources(new ImportHistoryFilter { Source = "b_100%.csv" }));
            Assert.Equal(new[] { "/share/night2/incoming/bx100x.csv", "/share/night2/incoming/b_100%.csv" }, Sources(new ImportHistoryFilter { Source = "b?100?.csv" }));
            Assert.Empty(Sources(new ImportHistoryFilter { Source = "b`*.csv" }));
            Assert.Equal(new[] { "/share/night2/incoming/社員.csv" }, Sources(new ImportHistoryFilter { Source = "社員*" }));
            // -Since and -Until include their instants.
            Assert.Equal(5, Sources(new ImportHistoryFilter { Since = night1 }).Length);
            Assert.Equal(4, Sources(new ImportHistoryFilter { Since = night2 }).Length);
            Assert.Equal(2, Sources(new ImportHistoryFilter { Until = night2 }).Length);
            Assert.Empty(Sources(new ImportHistoryFilter { Since = night2.AddMinutes(3).AddSeconds(1) }));
            // The filter also applies to one Id.
            long first = Store.GetImportHistory(null).Last().Id;
            Assert.Single(Store.GetImportHistory(first, null, new ImportHistoryFilter { Source = "*night1*" }));
            Assert.Empty(Store.GetImportHistory(first, null, new ImportHistoryFilter { Source = "*night2*" }));
        }

        [Fact]
        public void ImportHistoryFiltersByStatusAsEachEntryWorksItOut()
        {
            // Get-BmgImportHistory -Status (left27): the store's SQL works the status out from the row and its errors; it must
            // select exactly the entries whose Status (the C# rule) is that one, whichever store.
            ImportHistoryEntry Entry(string source, ImportMode mode, bool committed, int failed, params string[] errorIds) =>
                new ImportHistoryEntry
                {
                    StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "admin", Source = source, Mode = mode,
                    Rows = 3, Failed = failed, Committed = committed,
                    Errors = errorIds.Select((id, i) => new ImportHistoryError(i + 2, null, null, id, "Line " + (i + 2) + ": x")).ToArray(),
                };
            Write(s =>
            {
                s.InsertImportHistory(Entry("committed.csv", ImportMode.AllOrNothing, committed: true, failed: 0));
                s.InsertImportHistory(Entry("skipped-rows.csv", ImportMode.SkipInvalidRows, committed: true, failed: 1, ErrorIds.InvalidFieldValue));
                s.InsertImportHistory(Entry("refused.csv", ImportMode.AllOrNothing, committed: false, failed: 2, ErrorIds.InvalidFieldValue, ErrorIds.InvalidFieldValue));
                s.InsertImportHistory(Entry("stopped.csv", ImportMode.AllOrNothing, committed: false, failed: 1, ErrorIds.InvalidFieldValue, ErrorIds.ImportStopped));
                s.InsertImportHistory(Entry("stopped-before-recorded.csv", ImportMode.AllOrNothing, committed: false, failed: 0));
                s.InsertImportHistory(Entry("failed.csv", ImportMode.AllOrNothing, committed: false, failed: 0, ErrorIds.ImportFailed));
                s.InsertImportHistory(Entry("failed-skipping.csv", ImportMode.SkipInvalidRows, committed: false, failed: 1, ErrorIds.InvalidFieldValue));
            });
            IReadOnlyList<ImportHistoryEntry> all = Store.GetImportHistory(null);
            foreach (ImportStatus status in Enum.GetValues(typeof(ImportStatus)))
            {
                string[] expected = all.Where(e => e.Status == status).Select(e => e.Source).ToArray();
                Assert.NotEmpty(expected);
                Assert.Equal(expected, Store.GetImportHistory(null, null, new ImportHistoryFilter { Statuses = new[] { status } }).Select(e => e.Source));
            }

            Assert.Equal(new[] { "failed-skipping.csv", "failed.csv", "refused.csv" },
                Store.GetImportHistory(null, null, new ImportHistoryFilter { Statuses = new[] { ImportStatus.Failed, ImportStatus.Refused } }).Select(e => e.Source));
            // The newest of those the status keeps, counted in the query.
            Assert.Equal(new[] { "stopped-before-recorded.csv" },
                Store.GetImportHistory(null, 1, new ImportHistoryFilter { Statuses = new[] { ImportStatus.Stopped } }).Select(e => e.Source));
        }

        [Fact]
        public void FindImportHistoryTellsAMissingImportFromOneTheFilterLeavesOut()
        {
            var entry = new ImportHistoryEntry
            {
                StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "admin", Source = "/share/night1/a.csv",
                Mode = ImportMode.AllOrNothing, Rows = 2, Failed = 1, Committed = false,
                Errors = new[] { new ImportHistoryError(3, "DEV9", null, ErrorIds.InvalidFieldValue, "Line 3: bad") },
            };
            Write(s => s.InsertImportHistory(entry));

            ImportHistoryLookup kept = Store.FindImportHistory(entry.Id, new ImportHistoryFilter { Source = "a.csv", Statuses = new[] { ImportStatus.Refused } });
            Assert.True(kept.Exists);
            Assert.Equal(3, Assert.Single(kept.Entry!.Errors).Line);
            ImportHistoryLookup unfiltered = Store.FindImportHistory(entry.Id, null);
            Assert.Equal(entry.Id, unfiltered.Entry!.Id);

            ImportHistoryLookup leftOut = Store.FindImportHistory(entry.Id, new ImportHistoryFilter { Statuses = new[] { ImportStatus.Committed } });
            Assert.True(leftOut.Exists);
            Assert.Null(leftOut.Entry);
            Assert.Null(Store.FindImportHistory(entry.Id, new ImportHistoryFilter { Source = "b.csv" }).Entry);

            ImportHistoryLookup missing = Store.FindImportHistory(entry.Id + 1000, new ImportHistoryFilter { Source = "a.csv" });
            Assert.False(missing.Exists);
            Assert.Null(missing.Entry);
        }

        // ---- outbox ----

        private CheckInEmail Queue(string identifier)
        {
            var email = new CheckInEmail { Recipient = "a@example.com", Identifier = identifier, PlainCode = "Secret123", QueuedAt = DateTimeOffset.UnixEpoch };
            Write(s => new CheckInOutbox(s).Queue(email));
            return email;
        }

        [Fact]
        public void IdentifiersWithCheckInEmailsStartingWithAPrefixAreOnePerFoldedIdentifierInFoldedOrderUpToTheLimit()
        {
            // Get-/Send-BmgCheckInEmail -Identifier completion: the identifiers the outbox holds emails for, whatever their
            // status (a sent and a superseded one count), one per identifier with ASCII letters folded (its smallest spelling
            // in bytes), never a device without an email.
            Write(s =>
            {
                s.SaveDevice(null, NewDevice("ipad-9"), Origin);
                s.SaveDevice(null, NewDevice("ipad-3"), Origin);
            });
            CheckInEmail sent = Queue("ipad-2");
            Assert.True(Store.MarkCheckInEmailSent(sent.Id, DateTimeOffset.UnixEpoch.AddMinutes(1), "250 ok"));
            Queue("IPAD-1");
            Queue("ipad-1");
            Queue("iPhone-1");
            Queue("Ärger-1");
            Queue("mac-1");
            CheckInEmail superseded = Queue("ipad-4");
            Store.SupersedeCheckInEmail(superseded.Id, null, "test");

            Assert.Equal(new[] { "IPAD-1", "ipad-2", "ipad-4", "iPhone-1" }, Store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "IP", 200));
            Assert.Equal(new[] { "IPAD-1", "ipad-2" }, Store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "ipad-", 2));
            Assert.Equal(new[] { "IPAD-1", "ipad-2", "ipad-4", "iPhone-1", "mac-1", "Ärger-1" },
                Store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "ipad-3", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "ärger", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "ipad_", 200));
            Assert.Empty(Store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "ip", 0));
        }

        [Fact]
        public void AnOutboxEntryIsQueuedClaimedOnceAndFinished()
        {
            CheckInEmail email = Queue("MAIL1");
            Assert.Equal(CheckInEmailStatus.Pending, Store.GetCheckInEmail(email.Id)!.Status);
            Assert.Single(Store.GetCheckInEmails("mail1", CheckInEmailStatus.Pending));

            Assert.True(Store.TryClaimCheckInEmail(email.Id, "sender-1", DateTimeOffset.UtcNow.AddMinutes(5), "<m1@x>", null));
            Assert.False(Second().TryClaimCheckInEmail(email.Id, "sender-2", DateTimeOffset.UtcNow.AddMinutes(5), "<m2@x>", null));
            Assert.Single(Store.GetUnsentCheckInEmails());

            Assert.False(Store.FinishCheckInEmailClaim(email.Id, "sender-2", CheckInEmailStatus.Sent, DateTimeOffset.UtcNow, "250 ok", null, null));
            Assert.True(Store.FinishCheckInEmailClaim(email.Id, "sender-1", CheckInEmailStatus.Sent, DateTimeOffset.UtcNow, "250 ok", null, null));
            CheckInEmail sent = Store.GetCheckInEmail(email.Id)!;
            Assert.Equal(CheckInEmailStatus.Sent, sent.Status);
            Assert.Equal(1, sent.Attempts);
            Assert.Equal("<m1@x>", sent.MessageId);
            Assert.Empty(Store.GetUnsentCheckInEmails());
        }

        [Fact]
        public void AStaleClaimIsTakenOverAndAnEntryCanBeMarkedSentByHand()
        {
            CheckInEmail email = Queue("MAIL2");
            Assert.True(Store.TryClaimCheckInEmail(email.Id, "dead-sender", DateTimeOffset.UnixEpoch, "<m@x>", null));
            Assert.True(Store.TryClaimCheckInEmail(email.Id, "next-sender", DateTimeOffset.UtcNow, "<other@x>", "dead-sender"));
            Assert.Equal("<m@x>", Store.GetCheckInEmail(email.Id)!.MessageId);

            Assert.True(Store.MarkCheckInEmailSent(email.Id, DateTimeOffset.UtcNow, "delivered by hand"));
            Assert.False(Store.MarkCheckInEmailSent(email.Id, DateTimeOffset.UtcNow, "again"));
            Assert.Equal(CheckInEmailStatus.Sent, Store.GetCheckInEmail(email.Id)!.Status);
        }

        [Fact]
        public void AFailedEntryIsRequeuedOnceAndASentOneKeepsNoLastError()
        {
            CheckInEmail email = Queue("MAIL6");
            Assert.False(Store.RequeueFailedCheckInEmail(email.Id));   // Pending, not Failed
            Assert.True(Store.TryClaimCheckInEmail(email.Id, "sender-1", DateTimeOffset.UtcNow.AddMinutes(5), "<m6@x>", null));
            Assert.True(Store.FinishCheckInEmailClaim(email.Id, "sender-1", CheckInEmailStatus.Failed, null, null, "550 no such user", "Refused for good"));

            Assert.True(Store.RequeueFailedCheckInEmail(email.Id));
            Assert.False(Second().RequeueFailedCheckInEmail(email.Id));
            CheckInEmail requeued = Store.GetCheckInEmail(email.Id)!;
            Assert.Equal(CheckInEmailStatus.Pending, requeued.Status);
            Assert.Null(requeued.StatusReason);
            Assert.Equal("550 no such user", requeued.LastError);
            Assert.Equal(1, requeued.Attempts);
            Assert.Equal("<m6@x>", requeued.MessageId);

            Assert.True(Store.TryClaimCheckInEmail(email.Id, "sender-2", DateTimeOffset.UtcNow.AddMinutes(5), "<other@x>", null));
            Assert.True(Store.FinishCheckInEmailClaim(email.Id, "sender-2", CheckInEmailStatus.Sent, DateTimeOffset.UtcNow, "250 ok", null, null));
            CheckInEmail sent = Store.GetCheckInEmail(email.Id)!;
            Assert.Null(sent.LastError);
            Assert.Equal(2, sent.Attempts);
            Assert.Equal("<m6@x>", sent.MessageId);

            CheckInEmail byHand = Queue("MAIL7");
            Assert.True(Store.TryClaimCheckInEmail(byHand.Id, "sender-1", DateTimeOffset.UtcNow.AddMinutes(5), "<m7@x>", null));
            Assert.True(Store.FinishCheckInEmailClaim(byHand.Id, "sender-1", CheckInEmailStatus.Pending, null, null, "451 later", null));
            Assert.True(Store.MarkCheckInEmailSent(byHand.Id, DateTimeOffset.UtcNow, "delivered by hand"));
            Assert.Null(Store.GetCheckInEmail(byHand.Id)!.LastError);
        }

        [Fact]
        public void ANewerEmailSupersedesTheDevicesPendingOne()
        {
            CheckInEmail older = Queue("MAIL3");
            CheckInEmail newer = Queue("mail3");

            CheckInEmail replaced = Store.GetCheckInEmail(older.Id)!;
            Assert.Equal(CheckInEmailStatus.Superseded, replaced.Status);
            Assert.Equal(newer.Id, replaced.SupersededBy);
            Assert.Equal(new[] { newer.Id }, Store.GetCheckInEmails("MAIL3", CheckInEmailStatus.Pending).Select(e => e.Id));
            Assert.Equal(2, Store.GetCheckInEmails().Count());
        }

        [Fact]
        public void AChunksEmailsQueuedAtOnceSupersedeOlderOnesAndEachOtherInOrder()
        {
            CheckInEmail older = Queue("MAIL4");
            var chunk = new[]
            {
                new CheckInEmail { Recipient = "b@example.com", Identifier = "mail4", PlainCode = "Secret456", QueuedAt = DateTimeOffset.UnixEpoch },
                new CheckInEmail { Recipient = "c@example.com", Identifier = "MAIL5", PlainCode = "Secret789", QueuedAt = DateTimeOffset.UnixEpoch },
                new CheckInEmail { Recipient = "b@example.com", Identifier = "MAIL4", PlainCode = "Secret000", QueuedAt = DateTimeOffset.UnixEpoch },
            };
            Write(s => new CheckInOutbox(s).QueueAll(chunk));

            Assert.True(chunk[0].Id > older.Id && chunk[1].Id > chunk[0].Id && chunk[2].Id > chunk[1].Id);
            Assert.Equal(chunk[0].Id, Store.GetCheckInEmail(older.Id)!.SupersededBy);
            Assert.Equal(chunk[2].Id, Store.GetCheckInEmail(chunk[0].Id)!.SupersededBy);
            Assert.Equal(new[] { chunk[2].Id }, Store.GetCheckInEmails("mail4", CheckInEmailStatus.Pending).Select(e => e.Id));
            Assert.Equal(new[] { chunk[1].Id, chunk[2].Id }, Store.FindCheckInEmails(new[] { "Mail4", "mail5", "none" }, CheckInEmailStatus.Pending).Select(e => e.Id));
        }

        [Fact]
        public void TwoEmailsOfOneDeviceQueuedAtOnceLeaveOnlyTheLaterPending()
        {
            // No older email of the device: the first of the two must still be superseded by the second (the outbox remembers
            // a chunk's email only for a device the chunk names again).
            var chunk = new[]
            {
                new CheckInEmail { Recipient = "b@example.com", Identifier = "MAIL17", PlainCode = "Secret456", QueuedAt = DateTimeOffset.UnixEpoch },
                new CheckInEmail { Recipient = "c@example.com", Identifier = "MAIL18", PlainCode = "Secret789", QueuedAt = DateTimeOffset.UnixEpoch },
                new CheckInEmail { Recipient = "b@example.com", Identifier = "mail17", PlainCode = "Secret000", QueuedAt = DateTimeOffset.UnixEpoch },
            };
            Write(s => new CheckInOutbox(s).QueueAll(chunk));

            Assert.Equal(CheckInEmailStatus.Superseded, Store.GetCheckInEmail(chunk[0].Id)!.Status);
            Assert.Equal(chunk[2].Id, Store.GetCheckInEmail(chunk[0].Id)!.SupersededBy);
            Assert.Equal(new[] { chunk[1].Id, chunk[2].Id }, Store.FindCheckInEmails(new[] { "mail17", "MAIL18" }, CheckInEmailStatus.Pending).Select(e => e.Id));
        }

        private CheckInEmail QueueFailed(string identifier)
        {
            CheckInEmail email = Queue(identifier);
            Assert.True(Store.TryClaimCheckInEmail(email.Id, "sender-1", DateTimeOffset.UtcNow.AddMinutes(5), $"<{email.Id}@x>", null));
            Assert.True(Store.FinishCheckInEmailClaim(email.Id, "sender-1", CheckInEmailStatus.Failed, null, null, "550 no such user", "Refused for good"));
            return email;
        }

        // A Pending entry beside a device's Failed one, as an older version left them (queued through the outbox now, it would
        // supersede the Failed one).
        private CheckInEmail InsertPendingBesideFailed(string identifier)
        {
            var pending = new CheckInEmail { Recipient = "a@example.com", Identifier = identifier, PlainCode = "Secret123", QueuedAt = DateTimeOffset.UnixEpoch };
            Write(s => s.InsertCheckInEmail(pending));
            return pending;
        }

        [Fact]
        public void AnOutboxEntryIsDeletedOnlyWhileItIsInTheStatusItWasJudgedIn()
        {
            // Clear-BmgCheckInEmail (walkthrough 32, 2) counts, then deletes each entry on the status it counted it in: a send
            // that finished meanwhile keeps its entry until the next clear.
            CheckInEmail failed = QueueFailed("MAIL20");
            CheckInEmail pending = Queue("MAIL21");
            bool wrongStatus = true;
            Write(s => wrongStatus = s.DeleteCheckInEmail(pending.Id, CheckInEmailStatus.Superseded));
            Assert.False(wrongStatus);
            Assert.NotNull(Store.GetCheckInEmail(pending.Id));
            bool deleted = false;
            Write(s => deleted = s.DeleteCheckInEmail(failed.Id, CheckInEmailStatus.Failed));
            Assert.True(deleted);
            Assert.Null(Store.GetCheckInEmail(failed.Id));
            Assert.Equal(new[] { pending.Id }, Store.GetCheckInEmails().Select(e => e.Id));
        }

        [Fact]
        public void TheUnsentEntriesOfManyDevicesAreTheirPendingAndFailedOnesOldestFirst()
        {
            // One read of both statuses (CheckInOutbox's supersede rule): what the Failed and Pending look-ups find together.
            CheckInEmail failed = QueueFailed("MAIL40");
            CheckInEmail pending = InsertPendingBesideFailed("mail40");
            CheckInEmail sent = Queue("MAIL41");
            Write(s => s.MarkCheckInEmailSent(sent.Id, DateTimeOffset.UnixEpoch, null));
            CheckInEmail second = Queue("Mail42");
            QueueFailed("MAIL43");          // another device's
            Queue("MAIL44");                // another device's

            IReadOnlyList<CheckInEmail> unsent = Store.FindUnsentCheckInEmails(new[] { "Mail40", "mail41", "MAIL42", "none" });
            Assert.Equal(new[] { failed.Id, pending.Id, second.Id }, unsent.Select(e => e.Id));
            Assert.Equal(new[] { CheckInEmailStatus.Failed, CheckInEmailStatus.Pending, CheckInEmailStatus.Pending }, unsent.Select(e => e.Status));
            Assert.Equal("Secret123", unsent[2].PlainCode);
            Assert.Empty(Store.FindUnsentCheckInEmails(Array.Empty<string>()));
        }

        [Fact]
        public void ADevicesFailedEntriesAreFoundIgnoringCaseAndOnlyThey()
        {
            CheckInEmail failed = QueueFailed("MAIL8");
            InsertPendingBesideFailed("mail8");
            QueueFailed("MAIL9");           // another device's
            Assert.Equal(new[] { failed.Id }, Store.GetCheckInEmails("mail8", CheckInEmailStatus.Failed).Select(e => e.Id));
            Assert.Empty(Store.GetCheckInEmails("MAIL1", CheckInEmailStatus.Failed));
        }

        [Fact]
        public void ADeviceThatCheckedInOrWasWithdrawnSupersedesItsPendingAndFailedEntriesNoOthers()
        {
            CheckInEmail failed = QueueFailed("MAIL10");
            CheckInEmail pending = InsertPendingBesideFailed("mail10");
            CheckInEmail other = Queue("MAIL11");
            Write(s => new CheckInOutbox(s).SupersedeAfterStateChange(new Device { Identifier = "mail11", State = DeviceState.Registered }));
            Assert.Equal(CheckInEmailStatus.Pending, Store.GetCheckInEmail(other.Id)!.Status);

            Write(s => new CheckInOutbox(s).SupersedeAfterStateChange(new Device { Identifier = "Mail10", State = DeviceState.CheckedIn }));
            foreach (long id in new[] { failed.Id, pending.Id })
            {
                CheckInEmail email = Store.GetCheckInEmail(id)!;
                Assert.Equal(CheckInEmailStatus.Superseded, email.Status);
                Assert.Equal("The device 'Mail10' checked in; a checked-in device needs no check-in code.", email.StatusReason);
                Assert.Null(email.SupersededBy);
            }

            Assert.Equal("550 no such user", Store.GetCheckInEmail(failed.Id)!.LastError);
            Assert.Equal(CheckInEmailStatus.Pending, Store.GetCheckInEmail(other.Id)!.Status);

            Write(s => new CheckInOutbox(s).SupersedeAfterStateChange(new Device { Identifier = "MAIL11", State = DeviceState.Withdrawn }));
            Assert.Equal("The device 'MAIL11' was withdrawn; its check-in code must not reach its former user.", Store.GetCheckInEmail(other.Id)!.StatusReason);
        }

        [Fact]
        public void ANewerEmailSupersedesTheDevicesFailedOneSoItIsNotSentAgainBesideIt()
        {
            CheckInEmail failed = QueueFailed("MAIL12");
            CheckInEmail others = QueueFailed("MAIL13");
            CheckInEmail newer = Queue("mail12");

            CheckInEmail replaced = Store.GetCheckInEmail(failed.Id)!;
            Assert.Equal(CheckInEmailStatus.Superseded, replaced.Status);
            Assert.Equal(newer.Id, replaced.SupersededBy);
            Assert.Equal($"The device was saved again; email {newer.Id} replaces this one.", replaced.StatusReason);
            Assert.Equal("550 no such user", replaced.LastError);   // what the server said stays
            // Piped back into the sender, a Failed email is made Pending again first: refused now, so it is not sent.
            Assert.False(Store.RequeueFailedCheckInEmail(failed.Id));
            Assert.Empty(Store.GetCheckInEmails("MAIL12", CheckInEmailStatus.Failed));
            Assert.Equal(new[] { newer.Id }, Store.GetCheckInEmails("MAIL12", CheckInEmailStatus.Pending).Select(e => e.Id));
            Assert.Equal(CheckInEmailStatus.Failed, Store.GetCheckInEmail(others.Id)!.Status);
        }

        [Fact]
        public void AChunksEmailsSupersedeTheirDevicesFailedOnesAndNoOthers()
        {
            CheckInEmail failed = QueueFailed("MAIL14");
            CheckInEmail others = QueueFailed("MAIL15");
            var chunk = new[]
            {
                new CheckInEmail { Recipient = "b@example.com", Identifier = "mail14", PlainCode = "Secret456", QueuedAt = DateTimeOffset.UnixEpoch },
                new CheckInEmail { Recipient = "c@example.com", Identifier = "MAIL16", PlainCode = "Secret789", QueuedAt = DateTimeOffset.UnixEpoch },
            };
            Write(s => new CheckInOutbox(s).QueueAll(chunk));

            CheckInEmail replaced = Store.GetCheckInEmail(failed.Id)!;
            Assert.Equal(CheckInEmailStatus.Superseded, replaced.Status);
            Assert.Equal(chunk[0].Id, replaced.SupersededBy);
            Assert.Equal("550 no such user", replaced.LastError);
            Assert.False(Store.RequeueFailedCheckInEmail(failed.Id));
            Assert.Equal(CheckInEmailStatus.Failed, Store.GetCheckInEmail(others.Id)!.Status);
            Assert.Equal(new[] { chunk[0].Id, chunk[1].Id }, Store.FindCheckInEmails(new[] { "MAIL14", "mail16" }, CheckInEmailStatus.Pending).Select(e => e.Id));
        }

        // ---- a removed user: the leaver flow (walkthrough 32, findings 1, 7 and 9) ----

        [Fact]
        public void AUserWithLockedDevicesIsRefusedNamingEveryOneAndTheCommandsThatLeadOnAndNothingChanges()
        {
            Device checkedIn = NewDevice("ipad-y");
            checkedIn.State = DeviceState.CheckedIn;
            Device withdrawn = NewDevice("iphone-y");
            withdrawn.State = DeviceState.Withdrawn;
            Write(s =>
            {
                s.SaveUser(null, NewUser("o'brien"), Origin);
                s.SaveDevice(null, NewDevice("mac-y", user: "o'brien"), Origin);
                checkedIn.UserName = withdrawn.UserName = "o'brien";
                s.SaveDevice(null, checkedIn, Origin);
                s.SaveDevice(null, withdrawn, Origin);
            });

            bool asked = false;
            var refused = Assert.Throws<BmgException>(() => UserEditor.Remove(Store, "o'brien", force: true, _ => asked = true, Origin));
            Assert.Equal(ErrorIds.DeviceLocked, refused.ErrorId);
            Assert.Equal("User 'o'brien' can't be removed: devices 'ipad-y' (CheckedIn), 'iphone-y' (Withdrawn) are locked, so their user can't change. "
                + "Remove them first (their change history stays), then the user: Unregister-BmgDevice 'ipad-y'; Remove-BmgDevice 'ipad-y', 'iphone-y'; "
                + "Remove-BmgUser 'o''brien' -Force.", refused.Message);
            Assert.False(asked);
            Assert.Equal("o'brien", Store.GetDevice("mac-y")!.UserName);
            Assert.NotNull(Store.GetUser("o'brien"));

            // The way on, as named: once the locked devices are gone, the user goes (with -Force: mac-y is still linked).
            Write(s =>
            {
                s.SaveDevice(s.GetDevice("ipad-y"), null, Origin);
                s.SaveDevice(s.GetDevice("iphone-y"), null, Origin);
            });
            UserEditor.Remove(Store, "o'brien", force: true, _ => true, Origin);
            Assert.Null(Store.GetUser("o'brien"));
            Assert.Null(Store.GetDevice("mac-y")!.UserName);
        }

        [Fact]
        public void OneLockedDeviceOfAUserWithNoOtherIsNamedWithItsStateAndTheUserIsRemovedWithoutForce()
        {
            Device withdrawn = NewDevice("iphone-y", user: "yamada");
            withdrawn.State = DeviceState.Withdrawn;
            Write(s =>
            {
                s.SaveUser(null, NewUser("yamada"), Origin);
                s.SaveDevice(null, withdrawn, Origin);
            });

            var refused = Assert.Throws<BmgException>(() => UserEditor.Remove(Store, "yamada", force: true, _ => true, Origin));
            Assert.Equal("User 'yamada' can't be removed: device 'iphone-y' is Withdrawn, so its user can't change. Remove it first "
                + "(its change history stays), then the user: Remove-BmgDevice 'iphone-y'; Remove-BmgUser 'yamada'.", refused.Message);
        }

        [Fact]
        public void RemovingAUserWithForceClearsTheirOwnAddressKeepsAnotherWithAWarningAndSupersedesTheDevicesUnsentEmails()
        {
            User hanako = NewUser("yamada");
            hanako.EmailAddress = "Hanako.Yamada@Example.com";
            Device work = NewDevice("ipad-y", user: "yamada");
            work.RegistrationEmail = "hanako.yamada@example.com";
            Device phone = NewDevice("iphone-y", user: "yamada");
            phone.RegistrationEmail = "hanako@gmail.example";
            Write(s =>
            {
                s.SaveUser(null, hanako, Origin);
                s.SaveDevice(null, work, Origin);
                s.SaveDevice(null, phone, Origin);
                s.SaveDevice(null, NewDevice("mac-y", user: "yamada"), Origin);
                s.SaveDevice(null, NewDevice("kept-1"), Origin);
            });
            CheckInEmail pending = Queue("IPAD-Y");
            CheckInEmail sent = Queue("iphone-y");
            Assert.True(Store.MarkCheckInEmailSent(sent.Id, DateTimeOffset.UtcNow, "250 ok"));
            CheckInEmail failed = QueueFailed("iphone-y");
            CheckInEmail kept = Queue("kept-1");

            UserRemoval? shown = null;
            UserRemoval removed = UserEditor.Remove(Store, "yamada", force: true, removal => (shown = removal) != null, Origin);

            Assert.Equal("User 'yamada' (unlinking devices 'ipad-y', 'iphone-y', 'mac-y'; clearing the RegistrationEmail of 'ipad-y', "
                + "the user's address; superseding 2 unsent check-in emails)", shown!.Target);
            Assert.Equal(new[]
            {
                "Device 'iphone-y' keeps RegistrationEmail 'hanako@gmail.example', not the removed user's address: its next change queues "
                + "its check-in code there; clear it with Set-BmgDevice 'iphone-y' -RegistrationEmail ''.",
            }, shown.Warnings.Select(kept => kept.Warning));
            Assert.Equal(new[] { "iphone-y" }, shown.Warnings.Select(kept => kept.Identifier));
            Assert.Equal("yamada", removed.User.UserName);

            Assert.Null(Store.GetUser("yamada"));
            Device workAfter = Store.GetDevice("ipad-y")!;
            Assert.Null(workAfter.UserName);
            Assert.Null(workAfter.RegistrationEmail);
            Device phoneAfter = Store.GetDevice("iphone-y")!;
            Assert.Null(phoneAfter.UserName);
            Assert.Equal("hanako@gmail.example", phoneAfter.RegistrationEmail);
            foreach ((long id, string identifier) in new[] { (pending.Id, "ipad-y"), (failed.Id, "iphone-y") })
            {
                CheckInEmail email = Store.GetCheckInEmail(id)!;
                Assert.Equal(CheckInEmailStatus.Superseded, email.Status);
                Assert.Equal($"The device '{identifier}' was unlinked from its user 'yamada', who was removed; its check-in code must not reach the former user.", email.StatusReason);
                Assert.Null(email.SupersededBy);
            }

            Assert.Equal(CheckInEmailStatus.Sent, Store.GetCheckInEmail(sent.Id)!.Status);
            Assert.Equal(CheckInEmailStatus.Pending, Store.GetCheckInEmail(kept.Id)!.Status);
        }

        [Fact]
        public void ARemovalNotConfirmedChangesNothingAndAUserWithoutDevicesSaysOnlyItsName()
        {
            Write(s =>
            {
                s.SaveUser(null, NewUser("yamada"), Origin);
                s.SaveUser(null, NewUser("sato"), Origin);
                Device device = NewDevice("ipad-y", user: "yamada");
                device.RegistrationEmail = "y@example.com";
                s.SaveDevice(null, device, Origin);
            });
            CheckInEmail pending = Queue("ipad-y");

            UserEditor.Remove(Store, "yamada", force: true, _ => false, Origin);
            Assert.NotNull(Store.GetUser("yamada"));
            Assert.Equal("yamada", Store.GetDevice("ipad-y")!.UserName);
            Assert.Equal(CheckInEmailStatus.Pending, Store.GetCheckInEmail(pending.Id)!.Status);

            Assert.Equal("User 'sato'", UserEditor.Remove(Store, "sato", force: false, _ => true, Origin).Target);
            Assert.Null(Store.GetUser("sato"));
        }

        [Fact]
        public void AUserCarriesItsStoreKeyWhichARenameKeepsAndALaterUserOfTheSameNameDoesNotShare()
        {
            User created = NewUser("yamada");
            Write(s => s.SaveUser(null, created, Origin));
            long key = Assert.IsType<long>(created.UserKey);
            Assert.Equal(key, Store.GetUser("yamada")!.UserKey);
            Assert.Equal(key, Store.FindUsers(new[] { "yamada" }).Single().UserKey);

            // Many to a run, as an import writes them.
            User first = NewUser("imported-1");
            User second = NewUser("imported-2");
            Write(s => s.ApplyChanges(new[] { StoreChange.OfUser(null, first, Origin), StoreChange.OfUser(null, second, Origin) }));
            Assert.Equal(Store.GetUser("imported-1")!.UserKey, first.UserKey);
            Assert.Equal(Store.GetUser("imported-2")!.UserKey, second.UserKey);
            Assert.NotEqual(first.UserKey, second.UserKey);

            Write(s => s.RenameUser(s.GetUser("yamada")!, "yamada.h", s.GetDevicesOfUser("yamada"), Origin));
            Assert.Equal(key, Store.GetUser("yamada.h")!.UserKey);

            Write(s => s.SaveUser(s.GetUser("yamada.h"), null, Origin));
            Write(s => s.SaveUser(null, NewUser("yamada.h"), Origin));
            Assert.NotEqual(key, Store.GetUser("yamada.h")!.UserKey);
        }

        // ---- a removed device leaves nothing behind ----

        private const string RemovedReason = "The device 'GONE1' was removed; its check-in code must not reach anyone.";

        /// <summary>
        /// Device GONE1 with a Sent, a Failed and a Pending email and refused check-ins (5: locked), removed through
        /// DeviceEditor.Remove; device KEPT1 beside it with its own. The removal supersedes GONE1's Failed and Pending emails
        /// (its Sent one stays Sent) and forgets its refused check-ins, in the store; KEPT1's are left as they are.
        /// </summary>
        private void RemoveADeviceWithEmailsAndRefusedCheckIns(DateTimeOffset now)
        {
            Write(s =>
            {
                s.SaveDevice(null, NewDevice("GONE1"), Origin);
                s.SaveDevice(null, NewDevice("KEPT1"), Origin);
            });
            CheckInEmail sent = Queue("GONE1");
            Assert.True(Store.MarkCheckInEmailSent(sent.Id, DateTimeOffset.UtcNow, "250 ok"));
            CheckInEmail failed = QueueFailed("gone1");
            // Pending beside the Failed one, as an older version left them (with the device's key, as SQLite 22 / PostgreSQL 18 gave it).
            var pending = new CheckInEmail
            {
                Recipient = "a@example.com", Identifier = "GONE1", PlainCode = "Code1234", QueuedAt = DateTimeOffset.UnixEpoch, DeviceKey = Store.GetDeviceKey("GONE1"),
            };
            Write(s => s.InsertCheckInEmail(pending));
            CheckInEmail kept = Queue("KEPT1");
            Write(s =>
            {
                for (int i = 0; i < 5; i++)
                {
                    s.RecordCheckInFailure(i % 2 == 0 ? "GONE1" : "gone1", now.AddMinutes(-i), ErrorIds.CheckInRejected);
                }

                s.RecordCheckInFailure("GONE1", now, ErrorIds.CheckInLockedOut);
                s.RecordCheckInFailure("KEPT1", now, ErrorIds.CheckInRejected);
            });
            Assert.NotNull(CheckInLockout.StateOf(Store, Store.GetDevice("GONE1")!, now).LockedUntil);

            DeviceEditor.Remove(Store, "gone1", _ => true, Origin);

            Assert.Null(Store.GetDevice("GONE1"));
            foreach (long id in new[] { failed.Id, pending.Id })
            {
                CheckInEmail email = Store.GetCheckInEmail(id)!;
                Assert.Equal(CheckInEmailStatus.Superseded, email.Status);
                Assert.Equal(RemovedReason, email.StatusReason);
                Assert.Null(email.SupersededBy);
            }

            Assert.Equal("550 no such user", Store.GetCheckInEmail(failed.Id)!.LastError);
            Assert.Equal(CheckInEmailStatus.Sent, Store.GetCheckInEmail(sent.Id)!.Status);
            Assert.Equal(CheckInEmailStatus.Pending, Store.GetCheckInEmail(kept.Id)!.Status);
            Assert.Equal(0, Store.CountCheckInFailures("GONE1", now.AddHours(-1), ErrorIds.CheckInRejected));
            Assert.Equal(0, Store.CountCheckInFailures("GONE1", now.AddHours(-1), ErrorIds.CheckInLockedOut));
            Assert.Equal(1, Store.CountCheckInFailures("KEPT1", now.AddHours(-1), ErrorIds.CheckInRejected));
        }

        [Fact]
        public void ADeviceRegisteredLaterUnderARemovedDevicesIdentifierAdoptsNoneOfItsUnsentEmailsOrRefusedCheckIns()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            RemoveADeviceWithEmailsAndRefusedCheckIns(now);

            Write(s => s.SaveDevice(null, NewDevice("gone1"), Origin));
            Assert.Empty(Store.GetCheckInEmails("GONE1", CheckInEmailStatus.Pending));
            Assert.Empty(Store.GetCheckInEmails("GONE1", CheckInEmailStatus.Failed));
            CheckInLockState state = CheckInLockout.StateOf(Store, Store.GetDevice("gone1")!, now);
            Assert.Equal(0, state.RefusedCheckIns);
            Assert.Null(state.LockedUntil);
            Assert.DoesNotContain("gone1", CheckInLockout.Current(Store, now).Keys, StringComparer.OrdinalIgnoreCase);
        }

        [Fact]
        public void ADeviceRenamedLaterToARemovedDevicesIdentifierAdoptsNoneOfItsUnsentEmailsOrRefusedCheckIns()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            Write(s => s.SaveDevice(null, NewDevice("NEXT1"), Origin));
            CheckInEmail own = Queue("NEXT1");
            Write(s => s.RecordCheckInFailure("NEXT1", now, ErrorIds.CheckInRejected));
            RemoveADeviceWithEmailsAndRefusedCheckIns(now);

            Store.RenameDevice(Store.GetDevice("NEXT1")!, "gone1", Origin);
            Assert.Equal(new[] { own.Id }, Store.GetCheckInEmails("GONE1", CheckInEmailStatus.Pending).Select(e => e.Id));
            Assert.Empty(Store.GetCheckInEmails("GONE1", CheckInEmailStatus.Failed));
            CheckInLockState state = CheckInLockout.StateOf(Store, Store.GetDevice("gone1")!, now);
            Assert.Equal(1, state.RefusedCheckIns);   // its own, not the removed device's
            Assert.Null(state.LockedUntil);
        }

        // ---- check-in failures ----

        [Fact]
        public void CheckInFailuresAreCountedPerIdentifierIgnoringCaseAndReasonSinceATime()
        {
            var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
            Write(s =>
            {
                s.RecordCheckInFailure("DEV7", t0, ErrorIds.CheckInRejected);
                s.RecordCheckInFailure("dev7", t0.AddMinutes(5), ErrorIds.CheckInRejected);
                s.RecordCheckInFailure("DEV7", t0.AddMinutes(6), "OtherReason");
                s.RecordCheckInFailure("DEV8", t0.AddMinutes(6), ErrorIds.CheckInRejected);
            });

            Assert.Equal(2, Store.CountCheckInFailures("Dev7", t0.AddSeconds(-1), ErrorIds.CheckInRejected));
            Assert.Equal(1, Store.CountCheckInFailures("DEV7", t0, ErrorIds.CheckInRejected));
        }

        [Fact]
        public void CheckInFailuresAreListedSinceATimeAndClearedPerIdentifierIgnoringCase()
        {
            var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
            Write(s =>
            {
                s.RecordCheckInFailure("DEV7", t0, ErrorIds.CheckInRejected);
                s.RecordCheckInFailure("dev7", t0.AddMinutes(5), ErrorIds.CheckInRejected);
                s.RecordCheckInFailure("Dev7", t0.AddMinutes(6), ErrorIds.CheckInLockedOut);
                s.RecordCheckInFailure("DEV8", t0.AddMinutes(6), ErrorIds.CheckInRejected);
            });

            var listed = Store.GetCheckInFailures(t0, ErrorIds.CheckInRejected).OrderBy(f => f.At).ToList();
            Assert.Equal(new[] { ("dev7", t0.AddMinutes(5)), ("DEV8", t0.AddMinutes(6)) }, listed.Select(f => (f.Identifier, f.At.ToUniversalTime())));

            int cleared = 0;
            Write(s => cleared = s.ClearCheckInFailures("dEV7", t0));
            Assert.Equal(2, cleared);   // after t0, either reason; the one at t0 is older and stays
            Assert.Equal(1, Store.CountCheckInFailures("DEV7", t0.AddSeconds(-1), ErrorIds.CheckInRejected));
            Assert.Equal(1, Store.CountCheckInFailures("DEV8", t0, ErrorIds.CheckInRejected));
        }

        [Fact]
        public void ADevicesKeyIsFoundByItsIdentifierIgnoringCase()
        {
            Write(s => s.SaveDevice(null, NewDevice("KEY01"), Origin));
            long? key = Store.GetDeviceKey("key01");
            Assert.NotNull(key);
            Assert.Equal(key, Store.GetDeviceKey("KEY01"));
            Assert.Null(Store.GetDeviceKey("KEY02"));
        }

        // ---- DEP ----

        private static DepDevice Dep(string serial, string? family = "iPhone", string? profileUuid = null) => new DepDevice
        {
            SerialNumber = serial,
            Model = "iPhone 15",
            DeviceFamily = family,
            ProfileUuid = profileUuid,
            ImportedAt = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
        };

        [Fact]
        public void DepLinksAreReadAtTheirPlacesWithTheReleaseOfTheDepDeviceTheyUse()
        {
            Write(s =>
            {
                for (int i = 0; i < 1200; i++)
                {
                    s.SaveDevice(null, NewDevice($"L{i:D4}", $"F2LX{i:D8}"), Origin);
                }

                // Uses DEP: would check in with its Serial, which Apple released.
                Device byDep = NewDevice("DEPSERIAL", "F2LXREL00001");
                byDep.DEPMethod = DepMethod.Serial;
                byDep.DisplayName = "Front desk";
                s.SaveDevice(null, byDep, Origin);

                // Not DEP: the same kind of serial released means nothing to it.
                s.SaveDevice(null, NewDevice("PLAIN", "F2LXREL00002"), Origin);

                // Checked in, linked to a DEP device that is still Apple's.
                Device linked = NewDevice("LINKED", "F2LXDEP00003");
                linked.DEPMethod = DepMethod.Keycode;
                linked.State = DeviceState.CheckedIn;
                linked.DepDevice = "F2LXDEP00003";
                linked.DepProfile = "Sales";
                linked.CheckedInAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
                s.SaveDevice(null, linked, Origin);

                var releasedAt = new DateTimeOffset(2026, 11, 22, 3, 10, 0, TimeSpan.Zero);
                foreach (string serial in new[] { "F2LXREL00001", "F2LXREL00002" })
                {
                    DepDevice released = Dep(serial);
                    released.ReleasedAt = releasedAt;
                    s.UpsertDepDevice(released);
                }

                s.UpsertDepDevice(Dep("F2LXDEP00003"));
            });

            // At their places, in any case, with repeats and misses; more than one statement's worth of keys.
            var asked = new List<string> { "depserial", "NOSUCH", "plain", "Linked", "DEPSERIAL" };
            asked.AddRange(Enumerable.Range(0, 1200).Select(i => i % 2 == 0 ? $"l{i:D4}" : $"L{i:D4}"));
            asked.Add("L0007");
            IReadOnlyList<DeviceDepLink?> links = Store.GetDepLinks(asked);

            Assert.Equal(asked.Count, links.Count);
            Assert.Null(links[1]);
            for (int i = 0; i < 1200; i++)
            {
                Assert.Equal($"L{i:D4}", links[5 + i]!.Identifier);
                Assert.Null(links[5 + i]!.Warning);
            }

            Assert.Equal("L0007", links[asked.Count - 1]!.Identifier);

            DeviceDepLink depSerial = links[0]!;
            Assert.Equal("DEPSERIAL", depSerial.Identifier);
            Assert.Equal("Front desk", depSerial.DisplayName);
            Assert.True(depSerial.UseDep);
            Assert.Equal(DepMethod.Serial, depSerial.DEPMethod);
            Assert.Equal(new DateTimeOffset(2026, 11, 22, 3, 10, 0, TimeSpan.Zero), depSerial.DepReleasedAt);
            Assert.Equal($"On {BizMobileGo.Core.Times.ShownTime.ToText(depSerial.DepReleasedAt)}, Apple released DEP device 'F2LXREL00001'", depSerial.Warning);
            Assert.Equal("DEPSERIAL", links[4]!.Identifier);

            DeviceDepLink plain = links[2]!;
            Assert.False(plain.UseDep);
            Assert.Null(plain.DepReleasedAt);
            Assert.Null(plain.Warning);

            DeviceDepLink linkedLink = links[3]!;
            Assert.Equal(DeviceState.CheckedIn, linkedLink.State);
            Assert.Equal("F2LXDEP00003", linkedLink.DepDevice);
            Assert.Equal("Sales", linkedLink.DepProfile);
            Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), linkedLink.CheckedInAt);
            Assert.Null(linkedLink.Warning);

            // The same link as one built from the whole device and its DEP device (the other paths of Get-BmgDeviceDepLink).
            Device whole = Store.GetDevice("DEPSERIAL")!;
            var built = new DeviceDepLink(whole, Store.GetDepDevice(DeviceDepLink.DepSerialOf(whole)!));
            Assert.Equal(built.Warning, depSerial.Warning);
            Assert.Equal(built.DepReleasedAt, depSerial.DepReleasedAt);

            Assert.Equal("DEPSERIAL", Store.GetDepLinkBySerial("F2LXREL00001")!.Identifier);
            Assert.NotNull(Store.GetDepLinkBySerial("F2LXREL00001")!.Warning);
            Assert.Equal("LINKED", Store.GetDepLinkBySerial("F2LXDEP00003")!.Identifier);
            Assert.Null(Store.GetDepLinkBySerial("F2LXNOTTHERE"));
            Assert.Empty(Store.GetDepLinks(Array.Empty<string>()));
        }

        /// <summary>A device that checked in as <paramref name="depSerial"/> (by key code when <paramref name="serial"/> is null).</summary>
        private static Device CheckedInAs(string identifier, string? serial, string depSerial, string? depProfile = null)
        {
            Device device = NewDevice(identifier, serial);
            device.DEPMethod = serial == null ? DepMethod.Keycode : DepMethod.Serial;
            device.State = DeviceState.CheckedIn;
            device.DepDevice = depSerial;
            device.DepProfile = depProfile;
            device.CheckedInAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
            return device;
        }

        // Walkthrough 31b, 5 and 2: a serial belongs to the record registered with it, or to the one that checked in as its
        // DEP device (a Keycode device has no registered Serial); both are found, by the store's look-ups and by SerialHolders.
        [Fact]
        public void DevicesAreFoundByTheDepDeviceTheyCheckedInAsAndHoldItsSerial()
        {
            Write(s =>
            {
                s.UpsertDepDevice(Dep("F2LXKEY00001"));
                s.SaveDevice(null, CheckedInAs("KEY1", null, "F2LXKEY00001"), Origin);
                s.SaveDevice(null, CheckedInAs("REG1", "F2LXREG00001", "F2LXREG00001"), Origin);
                s.SaveDevice(null, NewDevice("PLAIN", "F2LXPLN00001"), Origin);
            });

            Assert.Equal(new[] { "KEY1" }, Store.GetDevicesCheckedInAs("F2LXKEY00001").Select(d => d.Identifier));
            Assert.Equal(new[] { "REG1" }, Store.GetDevicesCheckedInAs("F2LXREG00001").Select(d => d.Identifier));
            Assert.Empty(Store.GetDevicesCheckedInAs("F2LXPLN00001"));
            Assert.Empty(Store.GetDevicesCheckedInAs("f2lxkey00001"));
            // Only those that hold a serial beside their Serial: REG1's is its Serial, which GetDeviceBySerial finds.
            Assert.Equal(new[] { "KEY1" }, Store.GetDevicesCheckedInAsOtherSerial().Select(d => d.Identifier));

            SerialHolder? holder = SerialHolders.Other(Store, "F2LXKEY00001", null);
            Assert.Equal("KEY1", holder?.Device.Identifier);
            Assert.True(holder!.CheckedInAs);
            Assert.False(SerialHolders.Other(Store, "F2LXREG00001", "PLAIN")!.CheckedInAs);
            Assert.Null(SerialHolders.Other(Store, "F2LXKEY00001", "key1"));
            Assert.Null(SerialHolders.Other(Store, "F2LXNONE0001", null));

            // Get-BmgDeviceDepLink -Serial and Get-BmgDepDevice's Identifier: the record that checked in as it.
            Assert.Equal("KEY1", Store.GetDepLinkBySerial("F2LXKEY00001")!.Identifier);
            Assert.Equal("F2LXKEY00001", Store.GetDepLinkBySerial("F2LXKEY00001")!.DepDevice);
            Assert.Equal("REG1", Store.GetDepLinkBySerial("F2LXREG00001")!.Identifier);
            Assert.Equal("KEY1", Store.GetDepDevice("F2LXKEY00001")!.Identifier);

            // A store the bug let two records hold one DEP device: the record registered with the serial is the link's.
            Write(s => s.SaveDevice(null, NewDevice("LATER", "F2LXKEY00001"), Origin));
            Assert.Equal("LATER", Store.GetDepLinkBySerial("F2LXKEY00001")!.Identifier);
            Assert.Equal("LATER", Store.GetDepDevice("F2LXKEY00001")!.Identifier);
        }

        // Walkthrough 31b, 11: a check-in before Apple's profile response named the profile recorded its uuid; the link shows
        // the name known now, by every read of links (the store's, and one built from the whole device); the record keeps the uuid.
        [Fact]
        public void ALinkNamesTheProfileACheckInRecordedByItsUuidOnceTheProfileHasAName()
        {
            const string uuid = "9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B";
            Write(s =>
            {
                s.UpsertDepDevice(Dep("F2LXKEY00001", profileUuid: uuid));
                s.SaveDevice(null, CheckedInAs("KEY1", null, "F2LXKEY00001", uuid), Origin);
                s.SaveDevice(null, CheckedInAs("NAMED", "F2LXNAM00001", "F2LXNAM00001", "Sales"), Origin);
            });
            var lookup = new DepLinkLookup(Store);
            Assert.Equal(uuid, Store.GetDepLinks(new[] { "KEY1" })[0]!.DepProfile);
            Assert.Equal(uuid, Store.GetDepLinkBySerial("F2LXKEY00001")!.DepProfile);
            Assert.Equal(uuid, lookup.LinkOf(Store.GetDevice("KEY1")!).DepProfile);

            Write(s => s.SetDepProfileName(uuid.ToLowerInvariant(), "Kiosk", new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.Equal("Kiosk", Store.GetDepLinks(new[] { "KEY1" })[0]!.DepProfile);
            Assert.Equal("Kiosk", Store.GetDepLinkBySerial("F2LXKEY00001")!.DepProfile);
            Assert.Equal("Kiosk", new DepLinkLookup(Store).LinkOf(Store.GetDevice("KEY1")!).DepProfile);
            Assert.Equal(uuid, Store.GetDevice("KEY1")!.DepProfile);
            // A name recorded at check-in is shown as recorded.
            Assert.Equal("Sales", Store.GetDepLinks(new[] { "NAMED" })[0]!.DepProfile);
            Assert.Equal("Sales", new DepLinkLookup(Store).LinkOf(Store.GetDevice("NAMED")!).DepProfile);
        }

        // Walkthrough 31b, 5: two Keycode devices checking in as one DEP device at the same moment, each on its own connection
        // (two check-in servers): the writer lock makes each check-in's holder check and its write one step, so one wins and
        // the other is CheckInRejected naming it.
        [Fact]
        public async Task TwoCheckInsAsOneDepDeviceAtOnceCannotBothWin()
        {
            Write(s =>
            {
                s.UpsertDepDevice(Dep("F2LXRACE0001"));
                foreach (string identifier in new[] { "RACE1", "RACE2" })
                {
                    Device device = NewDevice(identifier);
                    device.DEPMethod = DepMethod.Keycode;
                    s.SaveDevice(null, device, Origin);
                }
            });
            IDeviceStore first = Second();
            IDeviceStore second = Second();
            DateTimeOffset now = NewDevice("X").SavedAt.AddHours(1);
            Task<Exception?> CheckIn(IDeviceStore store, string identifier) => Task.Run(() =>
            {
                try
                {
                    CheckInService.CheckIn(store, new CheckInReport { Identifier = identifier, Code = "Code1234", Serial = "F2LXRACE0001" }, now);
                    return (Exception?)null;
                }
                catch (Exception e)
                {
                    return e;
                }
            });

            Task<Exception?> one, two;
            using (IStoreTransaction holding = Store.BeginTransaction())
            {
                // Both wait for the writer lock this transaction holds, then go as soon as it ends.
                one = CheckIn(first, "RACE1");
                two = CheckIn(second, "RACE2");
                await UntilWaiting(one);
                await UntilWaiting(two);
                holding.Commit();
            }

            Exception?[] outcomes = await Task.WhenAll(one, two);
            Assert.Single(outcomes, e => e == null);
            BmgException refused = Assert.IsType<BmgException>(Assert.Single(outcomes, e => e != null));
            Assert.Equal(ErrorIds.CheckInRejected, refused.ErrorId);
            string winner = Store.GetDevicesCheckedInAs("F2LXRACE0001").Single().Identifier;
            Assert.Contains($"belongs to device '{winner}', which checked in as the DEP device 'F2LXRACE0001'", refused.Message, StringComparison.Ordinal);
            Assert.Equal(DeviceState.Registered, Store.GetDevice(winner == "RACE1" ? "RACE2" : "RACE1")!.State);
        }

        [Fact]
        public void ALinkStillToCheckInThroughDepIsFlaggedWhenTheDepListLacksItsSerialButNotWhileTheListIsEmpty()
        {
            Write(s =>
            {
                // Registered, DEP on (either method) or off, serials no DEP device has.
                foreach ((string identifier, DepMethod? method) in new[] { ("BYSERIAL", (DepMethod?)DepMethod.Serial), ("BYKEYCODE", DepMethod.Keycode), ("NODEP", null) })
                {
                    Device device = NewDevice(identifier, $"F2LX{identifier.Substring(0, 4)}0001");
                    device.DEPMethod = method;
                    s.SaveDevice(null, device, Origin);
                }

                Device listed = NewDevice("LISTED", "F2LXDEP00001");
                listed.DEPMethod = DepMethod.Serial;
                s.SaveDevice(null, listed, Origin);

                // Checked in already: a DEP device removed since changes nothing for it.
                Device checkedIn = NewDevice("CHECKEDIN", "F2LXCHK00001");
                checkedIn.DEPMethod = DepMethod.Serial;
                checkedIn.State = DeviceState.CheckedIn;
                checkedIn.DepDevice = "F2LXCHK00001";
                checkedIn.CheckedInAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
                s.SaveDevice(null, checkedIn, Origin);
            });
            string[] asked = { "BYSERIAL", "BYKEYCODE", "NODEP", "LISTED", "CHECKEDIN" };

            // Apple's list never imported: no link is flagged (the cmdlet says it once for all).
            Assert.False(Store.HasDepDevices());
            Assert.All(Store.GetDepLinks(asked), link => Assert.Null(link!.Warning));
            Assert.Null(Store.GetDepLinkBySerial("F2LXBYSE0001")!.Warning);

            Write(s => s.UpsertDepDevice(Dep("F2LXDEP00001")));
            Assert.True(Store.HasDepDevices());
            IReadOnlyList<DeviceDepLink?> links = Store.GetDepLinks(asked);
            Assert.Equal(DeviceDepLink.UnlistedSerialWarning("F2LXBYSE0001"), links[0]!.Warning);
            Assert.Equal(DeviceDepLink.UnlistedSerialWarning("F2LXBYKE0001"), links[1]!.Warning);
            Assert.Contains("check-in will be refused", links[0]!.Warning, StringComparison.Ordinal);
            Assert.Null(links[0]!.DepReleasedAt);
            Assert.Null(links[2]!.Warning);
            Assert.Null(links[3]!.Warning);
            Assert.Null(links[4]!.Warning);
            Assert.Equal(links[0]!.Warning, Store.GetDepLinkBySerial("F2LXBYSE0001")!.Warning);
            Assert.Null(Store.GetDepLinkBySerial("F2LXDEP00001")!.Warning);

            // Whole devices (names, wildcards, a file) give the same links.
            var lookup = new DepLinkLookup(Store);
            for (int i = 0; i < asked.Length; i++)
            {
                Assert.Equal(links[i]!.Warning, lookup.LinkOf(Store.GetDevice(asked[i])!).Warning);
            }

            // A released DEP device is the release's warning, not this one; and a list of only released devices is not empty.
            DepDevice released = Dep("F2LXDEP00001");
            released.ReleasedAt = new DateTimeOffset(2026, 11, 22, 3, 10, 0, TimeSpan.Zero);
            Write(s => s.UpsertDepDevice(released));
            IReadOnlyList<DeviceDepLink?> afterRelease = Store.GetDepLinks(asked);
            Assert.Contains("Apple released DEP device", afterRelease[3]!.Warning, StringComparison.Ordinal);
            Assert.Equal(DeviceDepLink.UnlistedSerialWarning("F2LXBYSE0001"), afterRelease[0]!.Warning);
        }

        [Fact]
        public void ALinkReadSaysWhetherTheDepListBesideItHadADeviceReleasedOnesToo()
        {
            Write(s =>
            {
                Device listed = NewDevice("LISTED", "F2LXDEP00001");
                listed.DEPMethod = DepMethod.Serial;
                s.SaveDevice(null, listed, Origin);
                Device unlisted = NewDevice("UNLISTED", "F2LXUNL00001");
                unlisted.DEPMethod = DepMethod.Keycode;
                s.SaveDevice(null, unlisted, Origin);
                s.SaveDevice(null, NewDevice("NODEP", "F2LXNOD00001"), Origin);
            });
            string[] asked = { "LISTED", "UNLISTED", "NODEP" };
            string[] serials = { "F2LXDEP00001", "F2LXUNL00001", "F2LXNOD00001" };
            void AllRead(bool withDevices)
            {
                Assert.All(Store.GetDepLinks(asked), link => Assert.Equal(withDevices, DeviceDepLink.ReadBesideDepDevices(link!)));
                Assert.All(serials, serial => Assert.Equal(withDevices, DeviceDepLink.ReadBesideDepDevices(Store.GetDepLinkBySerial(serial)!)));
            }

            // Get-BmgDeviceDepLink asks the store whether the list is empty only when no link shown says it had a device.
            AllRead(withDevices: false);
            Write(s => s.UpsertDepDevice(Dep("F2LXDEP00001")));
            AllRead(withDevices: true);

            // A list of only released devices is not empty (HasDepDevices); a link made from a whole device does not know.
            DepDevice released = Dep("F2LXDEP00001");
            released.ReleasedAt = new DateTimeOffset(2026, 11, 22, 3, 10, 0, TimeSpan.Zero);
            Write(s => s.UpsertDepDevice(released));
            Assert.True(Store.HasDepDevices());
            AllRead(withDevices: true);
            Assert.False(DeviceDepLink.ReadBesideDepDevices(new DepLinkLookup(Store).LinkOf(Store.GetDevice("LISTED")!)));

            Write(s => s.DeleteDepDevice("F2LXDEP00001"));
            Assert.False(Store.HasDepDevices());
            AllRead(withDevices: false);
        }

        [Fact]
        public void EveryStateAndDepMethodOfALinkReadsBackAsTheWholeDeviceShowsIt()
        {
            var identifiers = new List<string>();
            Write(s =>
            {
                int n = 0;
                foreach (DeviceState state in (DeviceState[])Enum.GetValues(typeof(DeviceState)))
                {
                    foreach (DepMethod? method in new DepMethod?[] { null, DepMethod.Serial, DepMethod.Keycode })
                    {
                        Device device = NewDevice($"Mixed{n}", $"F2LXMIX{n:D5}");
                        device.State = state;
                        device.DEPMethod = method;
                        device.DisplayName = n % 2 == 0 ? null : $"Desk {n}";
                        if (state != DeviceState.Registered)
                        {
                            device.CheckedInAt = new DateTimeOffset(2026, 5, 6, 7, 8, n, TimeSpan.Zero);
                        }

                        if (state == DeviceState.Withdrawn)
                        {
                            device.WithdrawnAt = new DateTimeOffset(2026, 6, 7, 8, 9, n, TimeSpan.Zero);
                        }

                        s.SaveDevice(null, device, Origin);
                        identifiers.Add(device.Identifier);
                        n++;
                    }
                }
            });

            // Asked in another case too: the stored identifier comes back either way.
            IReadOnlyList<DeviceDepLink?> links = Store.GetDepLinks(identifiers.Concat(identifiers.Select(i => i.ToUpperInvariant())).ToList());
            for (int i = 0; i < links.Count; i++)
            {
                Device whole = Store.GetDevice(identifiers[i % identifiers.Count])!;
                var expected = new DeviceDepLink(whole);
                foreach (DeviceDepLink read in new[] { links[i]!, Store.GetDepLinkBySerial(whole.Serial!)! })
                {
                    Assert.Equal(expected.Identifier, read.Identifier);
                    Assert.Equal(expected.State, read.State);
                    Assert.Equal(expected.DEPMethod, read.DEPMethod);
                    Assert.Equal(expected.UseDep, read.UseDep);
                    Assert.Equal(expected.DisplayName, read.DisplayName);
                    Assert.Equal(expected.Serial, read.Serial);
                    Assert.Equal(expected.CheckedInAt, read.CheckedInAt);
                    Assert.Null(read.DepReleasedAt);
                }
            }
        }

        [Fact]
        public void DepDevicesAreUpsertedReleasedAndDeleted()
        {
            bool wasNew = false;
            Write(s => wasNew = s.UpsertDepDevice(Dep("F2LXDEP00001")));
            Assert.True(wasNew);
            Write(s => wasNew = s.UpsertDepDevice(Dep("F2LXDEP00001")));
            Assert.False(wasNew);
            Write(s => s.SaveDevice(null, NewDevice("DEPDEV", "F2LXDEP00001"), Origin));
            Assert.Equal("DEPDEV", Store.GetDepDevice("F2LXDEP00001")!.Identifier);
            Assert.False(Store.HasReleasedDepDevices());

            DepDevice released = Dep("F2LXDEP00001");
            released.ReleasedAt = DateTimeOffset.UnixEpoch;
            Write(s => s.UpsertDepDevice(released));
            Assert.Empty(Store.GetDepDevices());
            Assert.NotNull(Store.GetDepDevice("F2LXDEP00001")!.ReleasedAt);
            Assert.True(Store.HasReleasedDepDevices());

            Write(s => s.DeleteDepDevice("F2LXDEP00001"));
            Assert.Null(Store.GetDepDevice("F2LXDEP00001"));
        }

        [Fact]
        public void DepDevicesAreFoundInBatchesBySerialExactlyReleasedOnesToo()
        {
            Write(s =>
            {
                for (int i = 0; i < 1500; i++)
                {
                    s.UpsertDepDevice(Dep($"F2LX{i:D8}"));
                }

                DepDevice released = Dep("F2LXRELEASED");
                released.ReleasedAt = DateTimeOffset.UnixEpoch;
                s.UpsertDepDevice(released);
                s.SaveDevice(null, NewDevice("HOLDER", "F2LX00000007"), Origin);
            });

            // More keys than one statement takes, with misses and another case (serials match exactly, as GetDepDevice's do).
            var serials = Enumerable.Range(0, 1500).Select(i => $"F2LX{i:D8}").Concat(new[] { "F2LXRELEASED", "F2LXNOTTHERE", "f2lx00000001" }).ToList();
            IReadOnlyList<DepDevice> found = Store.FindDepDevices(serials);
            Assert.Equal(1501, found.Count);
            Assert.Equal(serials.Take(1501).OrderBy(s => s, StringComparer.Ordinal), found.Select(d => d.SerialNumber).OrderBy(s => s, StringComparer.Ordinal));

            // Each as GetDepDevice reads it: the device record holding the serial, the release.
            DepDevice seven = found.Single(d => d.SerialNumber == "F2LX00000007");
            Assert.Equal(("HOLDER", "iPhone 15", (DateTimeOffset?)null), (seven.Identifier, seven.Model, seven.ReleasedAt));
            Assert.Equal(DateTimeOffset.UnixEpoch, found.Single(d => d.SerialNumber == "F2LXRELEASED").ReleasedAt);
            Assert.Empty(Store.FindDepDevices(Array.Empty<string>()));
        }

        [Fact]
        public void DepDevicesForLinksGiveWhatALinkReadsOfEachSerialAsked()
        {
            Write(s =>
            {
                for (int i = 0; i < 1500; i++)
                {
                    s.UpsertDepDevice(Dep($"F2LX{i:D8}"));
                }

                DepDevice released = Dep("F2LXRELEASED");
                released.ReleasedAt = DateTimeOffset.UnixEpoch;
                s.UpsertDepDevice(released);
                DepDevice mac = Dep("F2LXMAC", family: null);
                (mac.Model, mac.OS) = ("MacBook Air", "OSX");
                s.UpsertDepDevice(mac);
            });

            // More keys than one statement takes, with misses and another case (serials match exactly, as FindDepDevices' do).
            var serials = Enumerable.Range(0, 1500).Select(i => $"F2LX{i:D8}").Concat(new[] { "F2LXRELEASED", "F2LXMAC", "F2LXNOTTHERE", "f2lx00000001" }).ToList();
            Dictionary<string, DepDevice> found = Store.FindDepDevicesForLinks(serials).ToDictionary(d => d.SerialNumber, StringComparer.Ordinal);
            Assert.Equal(serials.Take(1502).OrderBy(s => s, StringComparer.Ordinal), found.Keys.OrderBy(s => s, StringComparer.Ordinal));

            // What a DEP link reads, as the whole record gives it: the release, and for a device not iOS its family.
            foreach (string serial in new[] { "F2LX00000007", "F2LXRELEASED", "F2LXMAC" })
            {
                DepDevice whole = Store.GetDepDevice(serial)!;
                Assert.Equal((whole.ReleasedAt, whole.IsIos, whole.Family), (found[serial].ReleasedAt, found[serial].IsIos, found[serial].IsIos ? whole.Family : found[serial].Family));
            }

            Assert.Equal((false, "Mac"), (found["F2LXMAC"].IsIos, found["F2LXMAC"].Family));
            Assert.Equal(DateTimeOffset.UnixEpoch, found["F2LXRELEASED"].ReleasedAt);
            Assert.Empty(Store.FindDepDevicesForLinks(Array.Empty<string>()));
        }

        [Fact]
        public void DepProfilesAreNamedByUuidAndCounted()
        {
            Write(s =>
            {
                s.UpsertDepDevice(Dep("F2LXDEP00002", profileUuid: "UUID-A"));
                s.UpsertDepDevice(Dep("F2LXDEP00003", family: "Mac", profileUuid: "UUID-A"));
            });
            Assert.True(Store.HasNonIosDepDevices());
            Assert.Null(Store.GetDepProfileName("UUID-A"));

            Write(s => s.SetDepProfileName("UUID-A", "Kitting", DateTimeOffset.UnixEpoch));
            Write(s => s.SetDepProfileName("UUID-A", "Kitting 2", DateTimeOffset.UnixEpoch));
            Assert.Equal("Kitting 2", Store.GetDepProfileName("UUID-A"));
            DepProfile profile = Store.GetDepProfiles().Single();
            Assert.Equal(("UUID-A", "Kitting 2", 2), (profile.Uuid, profile.Name, profile.DeviceCount));
            Assert.Equal("Kitting 2", Store.GetDepDevice("F2LXDEP00002")!.ProfileName);
        }
    }
}
