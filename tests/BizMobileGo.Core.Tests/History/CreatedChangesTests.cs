using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// A created record's changes are kept as names and values (<see cref="CreatedChanges"/>), and the hash and the
    /// SQLite pack read them directly: both must give exactly what the same changes as FieldChange objects give, or
    /// entries written before and after would not verify alike.
    /// </summary>
    public class CreatedChangesTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(120);

        private static Device FullDevice() => new Device
        {
            Identifier = "iphone-東京-001", Template = "Standard", PlainCode = "A7K29QX4", OS = "ios", DeviceTags = new[] { "Sales", "Kiosk" },
            WifiMac = "00:11:22:33:44:55", IMEI = "356938035643809", Serial = "F17X0001", ExpirationDays = 30, DisplayName = "Phone \"1\"",
            Description = "", RegistrationEmail = "yamada@example.com", UserName = "yamada", DEPMethod = DepMethod.Serial,
        };

        /// <summary>The same entry with its changes as a plain list of FieldChange objects.</summary>
        private static ChangeEntry AsList(ChangeEntry entry) =>
            new ChangeEntry(entry.At, entry.OsUser, entry.Host, entry.Command, entry.ImportId, entry.Line, entry.SubjectKind, entry.SubjectKey,
                entry.Subject, entry.Action, entry.Changes.Select(c => c.ValueHidden ? FieldChange.Hidden(c.Field) : new FieldChange(c.Field, c.OldValue, c.NewValue)).ToList());

        private static IEnumerable<ChangeEntry> Created()
        {
            var origin = new ChangeOrigin("Import-BmgDeviceCsv", null, 7);
            yield return ChangeDiff.ForDevice(null, FullDevice(), "41", origin, At)!;
            yield return ChangeDiff.ForDevice(null, new Device { Identifier = "bare", PlainCode = "", OS = "android" }, "42", origin, At)!;
            yield return ChangeDiff.ForUser(null, new User { UserName = "yamada", Name = "山田 太郎", Organizations = new[] { "org1", "org2" } }, "43", origin, At)!;
        }

        [Fact]
        public void ACreatedRecordsChangesReadAsTheFieldChangesTheyStandFor()
        {
            ChangeEntry device = Created().First();
            Assert.IsType<CreatedChanges>(device.Changes);
            Assert.Equal(new[]
            {
                "Identifier: (none) \u2192 iphone-東京-001", "Template: (none) \u2192 Standard", "Code: changed", "OS: (none) \u2192 ios",
                "DeviceTags: (none) \u2192 Sales|Kiosk", "WifiMac: (none) \u2192 00:11:22:33:44:55", "IMEI: (none) \u2192 356938035643809",
                "Serial: (none) \u2192 F17X0001", "ExpirationDays: (none) \u2192 30", "DisplayName: (none) \u2192 Phone \"1\"",
                "RegistrationEmail: (none) \u2192 yamada@example.com", "DEPMethod: (none) \u2192 Serial", "UserName: (none) \u2192 yamada",
                "State: (none) \u2192 Registered",
            }, device.Changes.Select(c => c.ToString()));
            Assert.True(device.Changes[2].ValueHidden);
            Assert.Throws<ArgumentOutOfRangeException>(() => device.Changes[device.Changes.Count]);

            // A change of an existing record is still a list of FieldChange objects.
            Device before = FullDevice();
            Device after = before.Clone();
            after.DisplayName = "Renamed";
            Assert.IsNotType<CreatedChanges>(ChangeDiff.Of(before, after));
        }

        [Fact]
        public void TheHashAndThePackOfCreatedChangesAreThoseOfTheSameFieldChanges()
        {
            List<ChangeEntry> created = Created().ToList();
            IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(null, created);
            IReadOnlyList<ChangeEntry> linkedAsLists = HistoryChain.Link(null, created.Select(AsList).ToList());
            Assert.Equal(linkedAsLists.Select(e => e.Hash), linked.Select(e => e.Hash));
            Assert.Equal(ChangeListText.Write(linkedAsLists[0].Changes), ChangeListText.Write(linked[0].Changes));

            var keys = new long[linked.Count];
            Assert.Equal(linked.Count, ChangeEntryPack.Run(linked, 0, keys));
            byte[] blob = ChangeEntryPack.Encode(linked, 0, linked.Count, keys);
            byte[] blobOfLists = ChangeEntryPack.Encode(linkedAsLists, 0, linked.Count, keys);
            Assert.Equal(blobOfLists, blob);

            var header = new ChangeEntryPack.PackHeader(1, At, linked[0].OsUser, linked[0].Host, linked[0].Command, null, HistoryChain.GenesisHash);
            List<ChangeEntry> decoded = ChangeEntryPack.Decode(header, blob);
            Assert.True(HistoryChain.Verify(decoded).Valid);
            Assert.Equal(linked.Select(e => ChangeListText.Write(e.Changes)), decoded.Select(e => ChangeListText.Write(e.Changes)));
        }

        [Fact]
        public void ARowsChangesTextOfCreatedChangesIsTheSameFieldChangesTextAndMakesNoObjectAField()
        {
            // A created record's entry kept as a row (a run too short to pack; an import given -ChangedBy before schema version 26) has its
            // changes text written from the fields and values as kept: the text the same changes as a list give, in the
            // positional form and (few fields far apart: positions cost more than names) in the member form.
            var origin = new ChangeOrigin("Import-BmgDeviceCsv", null, 7);
            ChangeEntry sparse = ChangeDiff.ForDevice(null, new Device { Identifier = "bare-2", PlainCode = "", CheckedInAt = At }, "44", origin, At)!;
            // Fields out of the codes' order are kept by name (CreatedChanges): read by name, the same text.
            var byName = new CreatedChanges(4);
            byName.Add("Identifier", "by-name");
            byName.Add("Serial", "S1");
            byName.Add("Template", "Standard");
            byName.AddHidden("Code");
            ChangeEntry namesKept = new ChangeEntry(At, "sato", "pc", "Import-BmgDeviceCsv", null, 8, SubjectKind.Device, null, 45, "by-name",
                ChangeAction.Created, byName.Complete());
            List<ChangeEntry> created = Created().Append(sparse).Append(namesKept).ToList();
            Assert.All(created, e => Assert.IsType<CreatedChanges>(e.Changes));
            Assert.Equal(0UL, byName.Codes);
            Assert.StartsWith("{", ChangeListText.Write(sparse.Changes));
            Assert.StartsWith("[\"u\"", ChangeListText.Write(created[2].Changes));
            foreach (ChangeEntry entry in created)
            {
                string asList = ChangeListText.Write(AsList(entry).Changes);
                Assert.Equal(asList, ChangeListText.Write(entry.Changes));
                Assert.Equal(System.Text.Encoding.UTF8.GetBytes(asList), ChangeListText.WriteUtf8(entry.Changes).ToArray());
            }

            // Its FieldChange objects (~40 bytes a field, read twice or three times) were most of what such an import
            // allocated beside the rows' own: none is made now, and the thread's buffers are reused.
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                ChangeListText.WriteUtf8(created[0].Changes);
            }

            Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 100, 0, 16);
        }

        [Fact]
        public void LinkingInPlaceGivesTheSameChainAsLinkingCopies()
        {
            // The recorder numbers and hashes its own entries in place, with their hashes as bytes: every sequence,
            // hash, previous hash and packed byte must be what the copying Link gives, after a head of either case.
            var head = new HistoryHead(41, "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789");
            List<ChangeEntry> copies = Created().Concat(Created().Select(AsList)).ToList();
            IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(head, copies);
            List<ChangeEntry> inPlace = Created().Concat(Created().Select(AsList)).ToList();

            HistoryChain.LinkInPlace(head, inPlace);

            Assert.Equal(linked.Select(e => e.Sequence), inPlace.Select(e => e.Sequence));
            Assert.Equal(linked.Select(e => e.PreviousHash), inPlace.Select(e => e.PreviousHash));
            Assert.Equal(linked.Select(e => e.Hash), inPlace.Select(e => e.Hash));
            Assert.Equal(head.Hash, inPlace[0].PreviousHash);
            Assert.True(inPlace.Skip(1).All(e => !e.HashBytes.IsEmpty && !e.PreviousHashBytes.IsEmpty));
            Assert.Equal(linked.Select(HistoryCanonicalForm.Hash), inPlace.Select(HistoryCanonicalForm.Hash));
            var keys = new long[inPlace.Count];
            var linkedKeys = new long[linked.Count];
            Assert.Equal(2, ChangeEntryPack.Run(inPlace, 1, keys)); // keys rise per kind: the second device 41 ends the run
            Assert.Equal(ChangeEntryPack.Run(linked, 1, linkedKeys), ChangeEntryPack.Run(inPlace, 1, keys));
            Assert.Equal(ChangeEntryPack.Encode(linked, 1, 2, linkedKeys), ChangeEntryPack.Encode(inPlace, 1, 2, keys));
            Assert.Throws<InvalidOperationException>(() => HistoryChain.LinkInPlace(head, inPlace));
        }

        /// <summary>The hashes <paramref name="entries"/> had as a chain hashed with version 1 after <paramref name="head"/>, as an older store holds them.</summary>
        private static List<string> Version1Chain(HistoryHead head, IEnumerable<ChangeEntry> entries)
        {
            var hashes = new List<string>();
            string previous = head.Hash;
            long sequence = head.Sequence;
            foreach (ChangeEntry e in entries)
            {
                previous = HistoryCanonicalForm.RowFormHash(new ChangeEntry(++sequence, e.At, e.OsUser, e.Host, e.Command, e.ImportId, e.Line, e.SubjectKind,
                    e.SubjectKey, e.Subject, e.Action, e.Changes, previous, ""));
                hashes.Add(previous);
            }

            return hashes;
        }

        // Pinned when canonical version 2 was introduced (twenty-sixth round): stores hold these from then on.
        private const string PinnedVersion2Device = "ac21b14a5672b1e526ae18546fe40b6c018edbb0fd375638749af9ab8a87e679";
        private const string PinnedVersion2User = "0b00cfa2e92fab7ce96663cb2a7124b7415061664c828b7e4bd7413a5c32ae74";

        [Fact]
        public void TheHashesOfCreatedRecordsStayTheOnesEarlierVersionsWrote()
        {
            // Pinned with the build before the canonical form's fast paths (ASCII narrowing, segments made once, the
            // subject key written as a number): stores already hold these hashes. Non-ASCII text, a lone surrogate
            // (hashed as U+FFFD) and a hidden code included; the recorder's numeric keys must give what text keys gave.
            var device = new Device
            {
                Identifier = "iphone-東京-001", Template = "Standard", PlainCode = "A7K29QX4", OS = "ios", DeviceTags = new[] { "Sales", "Kiosk" },
                WifiMac = "00:11:22:33:44:55", IMEI = "356938035643809", Serial = "F17X0001", ExpirationDays = 30, DisplayName = "Phone \"1\" \ud800",
                Description = "", RegistrationEmail = "yamada@example.com", UserName = "yamada", DEPMethod = DepMethod.Serial,
            };
            var user = new User { UserName = "yamada", Name = "山田 太郎", Organizations = new[] { "org1" } };
            var origin = new ChangeOrigin("Import-BmgDeviceCsv", null, 7);
            var actor = new ChangeActor("佐藤", "kitting-01");
            var head = new HistoryHead(9, new string('b', 64));
            string[] pinned =
            {
                "7995f4d79b6df7942396c0eeb4e9cc0f59b3df727897cb50bac13324f4fc9c69",
                "dbb3b55e126ec020bf0a33da4325b03e341f75e1f59a2b0ec95208717435fdb7",
            };

            IReadOnlyList<ChangeEntry> byText = HistoryChain.Link(head,
                new[] { ChangeDiff.ForDevice(null, device, "41", origin, At, actor)!, ChangeDiff.ForUser(null, user, "43", origin, At, actor)! });
            var byNumber = new[] { ChangeDiff.ForDevice(null, device, 41L, origin, At, actor)!, ChangeDiff.ForUser(null, user, 43L, origin, At, actor)! };
            HistoryChain.LinkInPlace(head, byNumber);

            // Since the twenty-sixth round a created record is hashed with canonical version 2: its version-1 hash is still
            // the one earlier versions wrote (what verifying an entry of an older store compares), and the version-2 hash is
            // pinned as well, with the same numeric and text keys.
            string[] pinnedVersion2 =
            {
                PinnedVersion2Device,
                PinnedVersion2User,
            };
            Assert.Equal(pinned, Version1Chain(head, byText));
            Assert.Equal(pinned, Version1Chain(head, byNumber));
            Assert.Equal(pinnedVersion2, byText.Select(e => e.Hash));
            Assert.Equal(pinnedVersion2, byNumber.Select(e => e.Hash));
            Assert.Equal(new[] { "41", "43" }, byNumber.Select(e => e.SubjectKey));
            var keys = new long[2];
            var textKeys = new long[2];
            Assert.Equal(2, ChangeEntryPack.Run(byNumber, 0, keys));
            Assert.Equal(2, ChangeEntryPack.Run(byText, 0, textKeys));
            Assert.Equal(ChangeEntryPack.Encode(byText, 0, 2, textKeys), ChangeEntryPack.Encode(byNumber, 0, 2, keys));
        }

        [Fact]
        public void AFieldWhoseCodeWouldNotFitABitIsKeptByName()
        {
            // The codes are bits of a 64-bit set: were the codes ever to grow past 64, a later field must not wrap onto
            // the bit of an earlier one (code 64 would read back as code 0).
            string[] codes = Enumerable.Range(0, 70).Select(i => "Field" + i).ToArray();
            Assert.Equal(3, CreatedChanges.CodeAfter(codes, codes[3], -1));
            Assert.Equal(63, CreatedChanges.CodeAfter(codes, codes[63], 3));
            Assert.Equal(-1, CreatedChanges.CodeAfter(codes, codes[64], 63));
            Assert.Equal(-1, CreatedChanges.CodeAfter(codes, codes[69], -1));
            // Above the last code only, found by value too.
            Assert.Equal(-1, CreatedChanges.CodeAfter(codes, codes[3], 3));
            Assert.Equal(5, CreatedChanges.CodeAfter(codes, new string("Field5".ToCharArray()), 3));
            Assert.True(ChangeEntryPack.FieldCodes.Length <= 64, "the codes a created record keeps as bits");
        }

        [Fact]
        public void ACreatedRecordWithEveryFieldNamesExactlyTheFieldsChangeDiffListsAndOneMoreFieldStillFits()
        {
            // CreatedChanges is sized by DeviceFields/UserFields: every field a create can name must be in them.
            Device device = FullDevice();
            device.MEID = "35693803564380";
            device.UDID = "00008020-000A1C2E0E38002E";
            device.Description = "desk";
            device.DepDevice = "dep-1";
            device.DepProfile = "profile-1";
            device.State = DeviceState.Withdrawn;
            device.CheckedInAt = At;
            device.WithdrawnAt = At.AddDays(1);
            var origin = new ChangeOrigin("tests", null, null);
            ChangeEntry created = ChangeDiff.ForDevice(null, device, "1", origin, At)!;
            Assert.Equal(ChangeDiff.DeviceFields, created.Changes.Select(c => c.Field));
            var user = new User { UserName = "u", Name = "n", EmailAddress = "u@example.com", UserDescription = "d", Organizations = new[] { "org1" } };
            Assert.Equal(ChangeDiff.UserFields, ChangeDiff.ForUser(null, user, "2", origin, At)!.Changes.Select(c => c.Field));

            // Were a field compared but left out of those lists, a create would still record it, not throw.
            var changes = new CreatedChanges(1);
            changes.Add("Identifier", "a");
            changes.AddHidden("Code");
            changes.Add("Later", "b");
            Assert.Equal(new[] { "Identifier: (none) \u2192 a", "Code: changed", "Later: (none) \u2192 b" }, changes.Complete().Select(c => c.ToString()));

            // And hashed as the same changes as objects: a field without a code is written by its name.
            var entry = new ChangeEntry(At, "u", "h", "tests", null, null, SubjectKind.Device, "3", "a", ChangeAction.Created, changes);
            Assert.Equal(HistoryCanonicalForm.Bytes(AsList(entry)), HistoryCanonicalForm.Bytes(entry));
            Assert.Equal(HistoryCanonicalForm.Hash(AsList(entry)), HistoryCanonicalForm.Hash(entry));

            // Fields out of the codes' order keep the order they were given in, for the hash and the pack alike.
            var outOfOrder = new CreatedChanges(2);
            outOfOrder.Add("Name", "n");
            outOfOrder.Add("Identifier", "a");
            outOfOrder.AddHidden("Code");
            Assert.Equal(new[] { "Name", "Identifier", "Code" }, outOfOrder.Complete().Select(c => c.Field));
            var unordered = new ChangeEntry(At, "u", "h", "tests", null, null, SubjectKind.Device, "4", "a", ChangeAction.Created, outOfOrder);
            Assert.Equal(HistoryCanonicalForm.Bytes(AsList(unordered)), HistoryCanonicalForm.Bytes(unordered));
            IReadOnlyList<ChangeEntry> pair = HistoryChain.Link(null, new[] { unordered, entry });
            IReadOnlyList<ChangeEntry> pairAsLists = HistoryChain.Link(null, new[] { AsList(unordered), AsList(entry) });
            var keys = new long[2];
            var listKeys = new long[2];
            Assert.Equal(1, ChangeEntryPack.Run(pair, 0, keys)); // key 3 after 4: a pack's keys rise, so the pair is two runs
            Assert.Equal(1, ChangeEntryPack.Run(pairAsLists, 0, listKeys));
            Assert.Equal(ChangeEntryPack.Encode(pairAsLists, 0, 1, listKeys), ChangeEntryPack.Encode(pair, 0, 1, keys));
            Assert.Equal(1, ChangeEntryPack.Run(pair, 1, keys));
            Assert.Equal(1, ChangeEntryPack.Run(pairAsLists, 1, listKeys));
            Assert.Equal(ChangeEntryPack.Encode(pairAsLists, 1, 1, listKeys), ChangeEntryPack.Encode(pair, 1, 1, keys));
        }
    
        /// <summary>Created records of every kind of field: empty and blank values, non-ASCII text, a lone surrogate, values past a one-byte length, a secret.</summary>
        private static List<object> VariedRecords()
        {
            Device every = FullDevice();
            every.MEID = "35693803564380";
            every.UDID = "00008020-000A1C2E0E38002E";
            every.Description = new string('長', 50); // 150 UTF-8 bytes: a two-byte length
            every.DepDevice = "dep-1";
            every.DepProfile = "profile-1";
            every.State = DeviceState.Withdrawn;
            every.CheckedInAt = At;
            every.WithdrawnAt = At.AddDays(1);
            every.ExpirationDays = 5000;
            return new List<object>
            {
                FullDevice(),
                new User { UserName = "yamada", Name = "山田 太郎", Organizations = new[] { "org1", "org2" } },
                new Device { Identifier = "bare", PlainCode = "", OS = "android", Description = "", DisplayName = "", DeviceTags = Array.Empty<string>() },
                new User { UserName = "only" },
                every,
                new User { UserName = "u\ud800x", Name = new string('x', 43), EmailAddress = "u@example.com", UserDescription = "Zoë's \"desk\"", Organizations = new[] { "org1" } },
                new Device { Identifier = "iphone-\ud83d\ude00", PlainCode = "SECRET12", Serial = "F1", ExpirationDays = 0, DEPMethod = DepMethod.Keycode },
            };
        }

        private static ChangeEntry ByChanges(object record, long key, ChangeOrigin origin, ChangeActor actor) => record is Device device
            ? ChangeDiff.ForDevice(null, device, key, origin, At, actor)! : ChangeDiff.ForUser(null, (User)record, key, origin, At, actor)!;

        private static ChangeEntry OfRecord(object record, long key, ChangeOrigin origin, ChangeActor actor) => record is Device device
            ? ChangeDiff.ForCreated(device, key, origin, At, actor) : ChangeDiff.ForCreated((User)record, key, origin, At, actor);

        [Fact]
        public void AnEntryMadeOfTheCreatedRecordIsHashedAndPackedAsItsChangesAre()
        {
            // The recorder's entry of a created record keeps the record, and the canonical form and the pack write its fields
            // straight from it: every byte must be what its changes (as values, and as FieldChange objects) give, or the
            // entries an import writes would not verify as those written before.
            var origin = new ChangeOrigin("Import-BmgDeviceCsv", new BizMobileGo.Core.Import.ImportHistoryEntry { Id = 12 }, 7);
            var actor = new ChangeActor("佐藤", "kitting-01");
            var head = new HistoryHead(9, new string('b', 64));
            List<object> records = VariedRecords();
            ChangeEntry[] ofRecords = records.Select((r, i) => OfRecord(r, 100 + i, origin, actor)).ToArray();
            ChangeEntry[] byChanges = records.Select((r, i) => ByChanges(r, 100 + i, origin, actor)).ToArray();
            ChangeEntry[] asLists = byChanges.Select(AsList).ToArray();
            Assert.All(ofRecords, e => Assert.NotNull(e.CreatedRecord));
            Assert.All(byChanges, e => Assert.Null(e.CreatedRecord));

            HistoryChain.LinkInPlace(head, byChanges);
            IReadOnlyList<ChangeEntry> linkedLists = HistoryChain.Link(head, asLists);
            HistoryChain.LinkInPlace(head, ofRecords); // last: this thread keeps its fields for the pack below

            Assert.Equal(linkedLists.Select(e => e.Hash), byChanges.Select(e => e.Hash));
            Assert.Equal(byChanges.Select(e => e.Hash), ofRecords.Select(e => e.Hash));
            for (int i = 0; i < records.Count; i++)
            {
                Assert.Equal(HistoryCanonicalForm.Bytes(linkedLists[i]), HistoryCanonicalForm.Bytes(ofRecords[i]));
                Assert.Equal(HistoryCanonicalForm.RowFormBytes(linkedLists[i]), HistoryCanonicalForm.RowFormBytes(ofRecords[i]));
                Assert.Equal(ChangeListText.Write(linkedLists[i].Changes), ChangeListText.Write(ofRecords[i].Changes));
                Assert.True(HistoryChain.MatchesItsHash(ofRecords[i]));
            }

            // The pack: the same blob whether its fields were kept from the hashing (LinkedFields) or written again.
            var keys = new long[records.Count];
            var listKeys = new long[records.Count];
            Assert.False(ChangeEntryPack.LinkedFields.Of(ofRecords, 0).IsEmpty);
            Assert.Equal(records.Count, ChangeEntryPack.Run(ofRecords, 0, keys));
            Assert.Equal(records.Count, ChangeEntryPack.Run(linkedLists, 0, listKeys));
            byte[] blob = ChangeEntryPack.Encode(ofRecords, 0, records.Count, keys);
            Assert.Equal(ChangeEntryPack.Encode(linkedLists, 0, records.Count, listKeys), blob);
            var fresh = records.Select((r, i) => OfRecord(r, 100 + i, origin, actor)).ToArray();
            HistoryChain.LinkInPlace(head, fresh);
            ChangeEntryPack.LinkedFields.Forget();
            Assert.True(ChangeEntryPack.LinkedFields.Of(fresh, 0).IsEmpty);
            Assert.Equal(blob, ChangeEntryPack.Encode(fresh, 0, records.Count, keys));

            var header = new ChangeEntryPack.PackHeader(10, At, actor.OsUser, actor.Host, origin.Command, 12, head.Hash);
            List<ChangeEntry> decoded = ChangeEntryPack.Decode(header, blob);
            Assert.True(HistoryChain.VerifyFrom(decoded, (10, head.Hash), null).Valid);
            Assert.Equal(ofRecords.Select(e => e.Hash), decoded.Select(e => e.Hash));

            // The pinned version-2 hashes of the twenty-sixth round, from entries made of the records.
            var device = new Device
            {
                Identifier = "iphone-東京-001", Template = "Standard", PlainCode = "A7K29QX4", OS = "ios", DeviceTags = new[] { "Sales", "Kiosk" },
                WifiMac = "00:11:22:33:44:55", IMEI = "356938035643809", Serial = "F17X0001", ExpirationDays = 30, DisplayName = "Phone \"1\" \ud800",
                Description = "", RegistrationEmail = "yamada@example.com", UserName = "yamada", DEPMethod = DepMethod.Serial,
            };
            var pinnedPair = new[]
            {
                ChangeDiff.ForCreated(device, 41, new ChangeOrigin("Import-BmgDeviceCsv", null, 7), At, actor),
                ChangeDiff.ForCreated(new User { UserName = "yamada", Name = "山田 太郎", Organizations = new[] { "org1" } }, 43, new ChangeOrigin("Import-BmgDeviceCsv", null, 7), At, actor),
            };
            HistoryChain.LinkInPlace(head, pinnedPair);
            Assert.Equal(new[] { PinnedVersion2Device, PinnedVersion2User }, pinnedPair.Select(e => e.Hash));
        }

        [Fact]
        public void ACreatedRecordsEntryAllocatesNoListOfItsChangesOnTheHashingThread()
        {
            // An import's created records wait as their state and their entries are made, hashed and packed on the hashing
            // thread (RecordedWrite, HistoryRecorder.LinkAside): what that allocates is the import's GC work beside it. The
            // entry itself (~150 bytes) and its share of the batch's array and packs stay; its changes as values (a
            // CreatedChanges and its array, ~150 bytes more: 317 an entry here before the thirty-sixth round) are not made.
            var origin = new ChangeOrigin("Import-BmgDeviceCsv", new BizMobileGo.Core.Import.ImportHistoryEntry { Id = 5 }, 2);
            ChangeActor actor = new ChangeActor("sato", "pc");
            var writes = new RecordedWrite[200];
            HistoryHead? head = null;
            long perEntry = 0;
            for (int round = 0; round < 4; round++)
            {
                for (int i = 0; i < 100; i++)
                {
                    long key = round * 1000L + i + 1;
                    writes[2 * i] = RecordedWrite.Later(null, new User { UserName = "user" + key, Name = "User " + key, EmailAddress = $"user{key}@example.com",
                        UserDescription = "Bench user " + key, Organizations = new[] { "org2" } }, key, origin, At);
                    writes[2 * i + 1] = RecordedWrite.Later(null, new Device { Identifier = "dev" + key, Template = "Standard", PlainCode = "C" + key, OS = "ios",
                        DeviceTags = new[] { "Sales" }, Serial = "F" + key, ExpirationDays = 30, DisplayName = "Device " + key, Description = "Bench device " + key,
                        RegistrationEmail = $"user{key}@example.com", UserName = "user" + key, DEPMethod = DepMethod.Serial }, key, origin, At);
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                ChangeEntry[] entries = RecordedWrite.Entries(writes, actor);
                HistoryChain.LinkInPlace(head, entries);
                PackedAppend packed = PackedAppend.Of(entries, rentBlobs: true);
                perEntry = (GC.GetAllocatedBytesForCurrentThread() - before) / entries.Length;
                Assert.Single(packed.Packs);
                packed.Packs.ForEach(p => System.Buffers.ArrayPool<byte>.Shared.Return(p.Blob));
                head = new HistoryHead(entries[^1].Sequence, entries[^1].Hash);
            }

            Assert.InRange(perEntry, 1, 256);
        }
    }
}
