using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The canonical form writes what neighbouring entries share (time, OS user, host, command, import id) from bytes it
    /// keeps per thread, and an entry's subject key as the store's number when it was recorded with one: neither may change
    /// a hash, and the kept bytes must serve entries read back from a store as well as the recorder's.
    /// </summary>
    public class HistoryCanonicalFormTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(120);

        private static readonly IReadOnlyList<FieldChange> Changes = new[] { new FieldChange("DisplayName", "a", "b"), FieldChange.Hidden("Code") };

        /// <summary>A copy of a text that is not the same string: what a store's reader makes of each row.</summary>
        private static string Copy(string text) => new string(text.ToCharArray());

        private static ChangeEntry Entry(int key, string osUser, string host, string command, long? importId = 5, DateTimeOffset? at = null) =>
            new ChangeEntry(at ?? At, osUser, host, command, importId, key, SubjectKind.Device, key.ToString(), "iphone-" + key, ChangeAction.Changed,
                Changes);

        [Fact]
        public void AChangedByIsCoveredByVersion3AndAnEntryWithoutOneHashesAsBefore()
        {
            // Without a ChangedBy the bytes are version 1's or 2's exactly as before the field existed (old entries verify
            // without a rehash); with one, version 3's: its own tag, the name after the import id.
            ChangeEntry without = Entry(7, "root", "vm", "Set-BmgDevice");
            ChangeEntry with = new ChangeEntry(At, "root", "vm", "Set-BmgDevice", 5, 7, SubjectKind.Device, "7", "iphone-7", ChangeAction.Changed,
                Changes, @"CONTOSO\alice");
            ChangeEntry other = new ChangeEntry(At, "root", "vm", "Set-BmgDevice", 5, 7, SubjectKind.Device, "7", "iphone-7", ChangeAction.Changed,
                Changes, @"CONTOSO\bob");

            Assert.Equal("", without.ChangedBy);
            Assert.Equal(HistoryCanonicalForm.RowFormBytes(without), HistoryCanonicalForm.Bytes(without));
            Assert.StartsWith(HistoryCanonicalForm.Version1, System.Text.Encoding.UTF8.GetString(HistoryCanonicalForm.Bytes(without)).Substring(5));
            Assert.StartsWith(HistoryCanonicalForm.Version3, System.Text.Encoding.UTF8.GetString(HistoryCanonicalForm.Bytes(with)).Substring(5));
            Assert.Contains(@"CONTOSO\alice", System.Text.Encoding.UTF8.GetString(HistoryCanonicalForm.Bytes(with)));
            Assert.Equal(3, new[] { without, with, other }.Select(HistoryCanonicalForm.Hash).Distinct().Count());

            // A created device with a store's number takes the packed form: version 2 without a ChangedBy, version 4 with one
            // (forty-second round; version 3 before: a pack holds either, in its header since schema version 26).
            ChangeEntry created = new ChangeEntry(At, "root", "vm", "New-BmgDevice", null, null, SubjectKind.Device, "8", "iphone-8", ChangeAction.Created,
                Changes);
            ChangeEntry createdFor = new ChangeEntry(At, "root", "vm", "New-BmgDevice", null, null, SubjectKind.Device, "8", "iphone-8", ChangeAction.Created,
                Changes, "alice");
            Assert.True(HistoryCanonicalForm.TakesPackedForm(created, out _));
            Assert.True(HistoryCanonicalForm.TakesPackedForm(createdFor, out _));
        }

        [Fact]
        public void ACreatedRecordForSomeoneTakesVersion4OverThePacksBytesAndItsVersion3HashStillVerifies()
        {
            // Version 4: version 2's bytes (the pack's own fields, the shared part as its SHA-256) under its own tag, the
            // shared part with ChangedBy after the import id. An entry recorded before it (version 3, a row's layout) keeps
            // that hash: MatchesItsHash takes either, and neither an edited ChangedBy nor an emptied one matches any.
            var head = new HistoryHead(41, "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789");
            ChangeEntry Created(string changedBy) => new ChangeEntry(At, "root", "vm", "Import-BmgDeviceCsv", 5, 3, SubjectKind.Device, "8", "iphone-8",
                ChangeAction.Created, Changes, changedBy);
            ChangeEntry forAlice = HistoryChain.Link(head, new[] { Created("alice") })[0];
            ChangeEntry forNobody = HistoryChain.Link(head, new[] { Created("") })[0];

            string Tag(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes, 5, HistoryCanonicalForm.Version4.Length);
            Assert.Equal(HistoryCanonicalForm.Version4, Tag(HistoryCanonicalForm.Bytes(forAlice)));
            Assert.Equal(HistoryCanonicalForm.Version3, Tag(HistoryCanonicalForm.RowFormBytes(forAlice)));
            Assert.Equal(HistoryCanonicalForm.Version2, Tag(HistoryCanonicalForm.Bytes(forNobody)));
            Assert.True(HistoryCanonicalForm.Bytes(forAlice).Length < HistoryCanonicalForm.RowFormBytes(forAlice).Length / 2);
            // Version 4 and 2 differ only in the tag and the shared part's digest.
            Assert.Equal(HistoryCanonicalForm.Bytes(forNobody).Length, HistoryCanonicalForm.Bytes(forAlice).Length);
            Assert.True(HistoryChain.MatchesItsHash(forAlice));

            // As a store written before version 4 holds it: the version-3 hash.
            ChangeEntry recordedBefore = forAlice.Linked(forAlice.Sequence, forAlice.PreviousHash, HistoryCanonicalForm.RowFormHash(forAlice));
            Assert.NotEqual(forAlice.Hash, recordedBefore.Hash);
            Assert.True(HistoryChain.MatchesItsHash(recordedBefore));

            foreach (ChangeEntry hashed in new[] { forAlice, recordedBefore })
            {
                foreach (string edited in new[] { "mallory", "" })
                {
                    ChangeEntry altered = new ChangeEntry(hashed.Sequence, hashed.At, hashed.OsUser, hashed.Host, hashed.Command, hashed.ImportId, hashed.Line,
                        hashed.SubjectKind, hashed.SubjectKey, hashed.Subject, hashed.Action, hashed.Changes, hashed.PreviousHash, hashed.Hash, edited);
                    Assert.False(HistoryChain.MatchesItsHash(altered), $"{edited} over {hashed.Hash}");
                }
            }
        }

        [Theory]
        [InlineData("alice", "alice")]
        [InlineData("  CONTOSO\\alice ", "CONTOSO\\alice")]
        [InlineData(null, "")]
        [InlineData("", "")]
        public void AChangedByIsTrimmedAndNoneIsEmpty(string? given, string recorded) => Assert.Equal(recorded, ChangedByText.Check(given));

        [Theory]
        [InlineData("alice\nbob")]
        [InlineData("alice\u0007")]
        [InlineData("   ")]
        public void AChangedByOfMoreThanOneLineControlCharactersOrBlankIsRefused(string given)
        {
            var refused = Assert.Throws<BizMobileGo.Core.Errors.BmgException>(() => ChangedByText.Check(given));
            Assert.Equal(BizMobileGo.Core.Errors.ErrorIds.InvalidFieldValue, refused.ErrorId);
            Assert.Contains("-ChangedBy", refused.Message);
        }

        [Fact]
        public void AChangedByLongerThanANameIsRefused() =>
            Assert.Throws<BizMobileGo.Core.Errors.BmgException>(() => ChangedByText.Check(new string('a', 257)));

        [Fact]
        public void EntriesReadBackWithTheirOwnCopiesOfTheSharedTextsHashAsTheRecordersAndReuseTheSharedBytes()
        {
            List<ChangeEntry> recorded = Enumerable.Range(0, 200).Select(i => Entry(i, "佐藤", "kitting-01", "Import-BmgDeviceCsv")).ToList();
            // Entries made one after another with equal shared values share one header (EntryHeader.For); an entry of other
            // values made between them gives each read-back entry a header of its own, with its own copies of the texts, as
            // entries a store reads from rows in another order would have.
            List<ChangeEntry> readBack = Enumerable.Range(0, 200)
                .Select(i =>
                {
                    Entry(i, "other", "other", "other");
                    return Entry(i, Copy("佐藤"), Copy("kitting-01"), Copy("Import-BmgDeviceCsv"));
                }).ToList();
            Assert.False(ReferenceEquals(readBack[0].OsUser, readBack[1].OsUser));

            Assert.Equal(recorded.Select(HistoryCanonicalForm.Hash), readBack.Select(HistoryCanonicalForm.Hash));

            // Verifying hashes every entry read back: what it allocates an entry is the hash's 32 bytes and its 64-digit
            // text (~210 bytes), not the shared bytes made again for each (~470 more, when only the same strings matched).
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (ChangeEntry entry in readBack)
            {
                HistoryCanonicalForm.Hash(entry);
            }

            long perEntry = (GC.GetAllocatedBytesForCurrentThread() - before) / readBack.Count;
            Assert.InRange(perEntry, 0, 400);
        }

        [Fact]
        public void EachSharedValueThatDiffersFromTheEntryBeforeIsWrittenAsItsOwn()
        {
            // Entries that share all but one value with the entry before, then the first again: each must hash as it does
            // when nothing before it shares anything with it.
            ChangeEntry first = Entry(1, "sato", "kitting-01", "Import-BmgDeviceCsv");
            var entries = new[]
            {
                first,
                Entry(1, "suzuki", "kitting-01", "Import-BmgDeviceCsv"),
                Entry(1, "sato", "kitting-02", "Import-BmgDeviceCsv"),
                Entry(1, "sato", "kitting-01", "Set-BmgDevice"),
                Entry(1, "sato", "kitting-01", "Import-BmgDeviceCsv", importId: 6),
                Entry(1, "sato", "kitting-01", "Import-BmgDeviceCsv", importId: null),
                Entry(1, "sato", "kitting-01", "Import-BmgDeviceCsv", at: At.AddTicks(10)),
                Entry(1, Copy("sato"), Copy("kitting-01"), Copy("Import-BmgDeviceCsv")),
            };
            ChangeEntry unrelated = Entry(1, "nobody", "elsewhere", "Other-Command", importId: 999, at: At.AddDays(-1));

            var alone = entries.Select(entry =>
            {
                HistoryCanonicalForm.Hash(unrelated);
                return HistoryCanonicalForm.Hash(entry);
            }).ToList();
            var inTurn = entries.Select(HistoryCanonicalForm.Hash).ToList();

            Assert.Equal(alone, inTurn);
            Assert.Equal(7, inTurn.Distinct().Count()); // all differ but the last, the first again
            Assert.Equal(inTurn[0], inTurn[7]);
        }

        [Fact]
        public void AnEntryRefusesANullSubjectKeyInsteadOfRecordingAnotherOne()
        {
            Assert.Throws<ArgumentNullException>(() =>
                new ChangeEntry(At, "u", "h", "c", null, null, SubjectKind.Device, (string)null!, "s", ChangeAction.Changed, Changes));
            Assert.Throws<ArgumentNullException>(() =>
                new ChangeEntry(3, At, "u", "h", "c", null, null, SubjectKind.Device, (string)null!, "s", ChangeAction.Changed, Changes, "", ""));
            Assert.Throws<ArgumentNullException>(() =>
                ChangeDiff.ForDevice(null, new Device { Identifier = "a" }, (string)null!, new ChangeOrigin("tests", null, null), At));
            // The recorder's numeric key is a store's row number: a negative one is no key either.
            Assert.Throws<ArgumentNullException>(() =>
                new ChangeEntry(At, "u", "h", "c", null, null, SubjectKind.Device, null, -1, "s", ChangeAction.Changed, Changes));
        }

        [Fact]
        public void ASubjectKeyIsReadAsAStoresNumberFromTheNumberItWasRecordedWithOrFromItsText()
        {
            var byNumber = new ChangeEntry(At, "u", "h", "c", null, null, SubjectKind.Device, null, 0, "s", ChangeAction.Created, Changes);
            Assert.True(byNumber.TryGetKeyNumber(out long zero));
            Assert.Equal(0, zero);
            Assert.Equal("0", byNumber.SubjectKey);

            Assert.True(Entry(12, "u", "h", "c").TryGetKeyNumber(out long twelve));
            Assert.Equal(12, twelve);
            var clear = new ChangeEntry(At, "u", "h", "Clear-BmgHistory", null, null, SubjectKind.History, "history", "history", ChangeAction.Removed, Changes);
            Assert.False(clear.TryGetKeyNumber(out _));
            Assert.Equal("history", clear.SubjectKey);
        }

        // Pinned with the thirty-sixth round's build (main c68a468b), which made each changed or removed entry's action
        // segment anew: the segments made once must give these very bytes, or stored entries would no longer verify.
        [Theory]
        [InlineData(SubjectKind.Device, ChangeAction.Changed, "a416963c2a91e28ec110ac06ef5e1191e3cadd04d5bd40ba1e97525187ea5b8d")]
        [InlineData(SubjectKind.Device, ChangeAction.Removed, "5a46f9b1610a0df34eb333fc2f9668fe727ae15ee0b6b0fa99e6c1ea9c012404")]
        [InlineData(SubjectKind.User, ChangeAction.Changed, "c701beb3a9687d6c671b1df08f5d588a9220236e0f916537a2de6a5800d07744")]
        [InlineData(SubjectKind.User, ChangeAction.Removed, "92254833fc56a6b760e2c792dab6b7e8627809bbc2cd2159647603ed26011b1d")]
        [InlineData(SubjectKind.History, ChangeAction.Cleared, "58f32fb9c4aba11f2af9f8e7d83e65dbdf6ce1ab40b2c7b684bc5a3346a52681")]
        public void EachKindAndActionHashesAsTheEarlierBuildHashedIt(SubjectKind kind, ChangeAction action, string pinned)
        {
            ChangeEntry entry = PinnedEntry(kind, action);

            Assert.Equal(pinned, HistoryCanonicalForm.Hash(entry));

            // The recorder's path (linked in place, its hash written as bytes) gives the same hash as the entry linked by copy.
            var head = new HistoryHead(41, new string('c', 64));
            ChangeEntry linked = PinnedEntry(kind, action);
            HistoryChain.LinkInPlace(head, new[] { linked });
            Assert.Equal(HistoryCanonicalForm.Hash(PinnedEntry(kind, action).Linked(42, head.Hash, "")), linked.Hash);
        }

        [Fact]
        public void AChangedOrRemovedEntryIsHashedWithoutAllocating()
        {
            // Every entry of a re-import that changes rows takes this path; its action's segment was two arrays an entry.
            ChangeEntry changed = PinnedEntry(SubjectKind.Device, ChangeAction.Changed);
            ChangeEntry removed = PinnedEntry(SubjectKind.User, ChangeAction.Removed);
            var hash = new byte[32];
            for (int warm = 0; warm < 3; warm++)
            {
                HistoryCanonicalForm.HashInto(changed, 1, null, hash, hash, packedFormAllowed: true);
                HistoryCanonicalForm.HashInto(removed, 2, null, hash, hash, packedFormAllowed: true);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                HistoryCanonicalForm.HashInto(changed, 1, null, hash, hash, packedFormAllowed: true);
                HistoryCanonicalForm.HashInto(removed, 2, null, hash, hash, packedFormAllowed: true);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static ChangeEntry PinnedEntry(SubjectKind kind, ChangeAction action)
        {
            var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567);
            if (kind == SubjectKind.History)
            {
                return new ChangeEntry(at, "root", "vm", "Clear-BmgHistory", null, null, kind, "history", "history", action,
                    new[] { new FieldChange("Before", null, "2026-05-01T00:00:00.000000Z") });
            }

            IReadOnlyList<FieldChange> changes = (kind, action) switch
            {
                (SubjectKind.Device, ChangeAction.Changed) => new[] { new FieldChange("DisplayName", "Device 2", "Renamed device 2") },
                (SubjectKind.Device, _) => new[] { new FieldChange("Identifier", "iPhone-山田", null), new FieldChange("Serial", "F2LX", null) },
                (_, ChangeAction.Changed) => new[] { new FieldChange("Name", "佐藤", "鈴木") },
                _ => new[] { new FieldChange("UserName", "sato", null) },
            };
            string key = (kind, action) switch
            {
                (SubjectKind.Device, ChangeAction.Changed) => "123",
                (SubjectKind.Device, _) => "124",
                (_, ChangeAction.Changed) => "9",
                _ => "10",
            };
            return new ChangeEntry(at, "佐藤", "kitting-01", "Import-BmgDeviceCsv", 42, 7, kind, key, kind == SubjectKind.Device ? "iPhone-山田" : "sato",
                action, changes);
        }
    }
}
