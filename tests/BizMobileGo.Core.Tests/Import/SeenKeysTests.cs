using System;
using System.IO;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public sealed class SeenKeysTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-seenkeys-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteDeviceStore _store;

        public SeenKeysTests()
        {
            Directory.CreateDirectory(_folder);
            _store = SqliteDeviceStore.Open(Path.Combine(_folder, "store.db"));
        }

        [Fact]
        public void KeysBeyondTheMemoryLimitAreStillFoundWithTheirLines()
        {
            using IStoreTransaction transaction = _store.BeginTransaction();
            var keys = new SeenKeys(_store, memoryLimit: 3);
            for (int line = 2; line < 12; line++)
            {
                Assert.Null(keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev" + line), line, line * 10));
            }

            // Lines 2-4 are in memory, 5-11 in the store's temporary table: both answer with the first line and tag.
            Assert.Equal((3, 30L), keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev3"), 40, 0));
            Assert.Equal((9, 90L), keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev9"), 41, 0));
            Assert.Equal((9, 90L), keys.Find(KeyKind.Identifier, KeyFingerprint.OfText("dev9")));
            Assert.Null(keys.Find(KeyKind.Identifier, KeyFingerprint.OfText("dev99")));
        }

        [Fact]
        public void AnIdentifierAndAUserNameWithTheSameTextAreDifferentKeys()
        {
            using IStoreTransaction transaction = _store.BeginTransaction();
            var keys = new SeenKeys(_store, memoryLimit: 1);
            long fingerprint = KeyFingerprint.OfText("same");
            Assert.Null(keys.Remember(KeyKind.Identifier, fingerprint, 2, 0));
            Assert.Null(keys.Remember(KeyKind.UserName, fingerprint, 3, 7));
            Assert.Equal((3, 7L), keys.Remember(KeyKind.UserName, fingerprint, 4, 8));
        }

        [Fact]
        public void FingerprintsFoldTheCaseOfIdentifiersOnlyWhenAsked()
        {
            Assert.Equal(KeyFingerprint.OfText("DEVICE01", ignoreCase: true), KeyFingerprint.OfText("device01", ignoreCase: true));
            Assert.NotEqual(KeyFingerprint.OfText("DEVICE01"), KeyFingerprint.OfText("device01"));
            Assert.NotEqual(KeyFingerprint.OfValues(null, "a"), KeyFingerprint.OfValues("", "a"));
        }

        public void Dispose()
        {
            _store.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
