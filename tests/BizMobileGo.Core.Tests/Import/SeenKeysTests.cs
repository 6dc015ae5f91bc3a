using System;
using System.IO;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public sealed class SeenKeysTests
    {

        [Fact]
        public void KeysBeyondTheMemoryLimitAreStillFoundWithTheirLines()
        {
            var keys = new SeenKeys(memoryLimit: 3);
            for (int line = 2; line < 12; line++)
            {
                Assert.Null(keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev" + line), line, line * 10));
            }

            // Lines 2-4 are in memory, 5-11 in the import's temporary file: both answer with the first line and tag.
            Assert.True(keys.Spilled);
            Assert.Equal((3, 30L), keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev3"), 40, 0));
            Assert.Equal((9, 90L), keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev9"), 41, 0));
            Assert.Equal((9, 90L), keys.Find(KeyKind.Identifier, KeyFingerprint.OfText("dev9")));
            Assert.Null(keys.Find(KeyKind.Identifier, KeyFingerprint.OfText("dev99")));
            keys.Dispose();
        }

        [Fact]
        public void AFileOfManyBytesStillKeepsOnlyTheMemoryLimitInMemory()
        {
            // The table sized for the file's bytes (up to the limit's keys): past the limit, keys still go to the file.
            var keys = new SeenKeys(memoryLimit: 3);
            keys.ExpectFileBytes(long.MaxValue);
            for (int line = 2; line < 12; line++)
            {
                Assert.Null(keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev" + line), line, line * 10));
            }

            Assert.True(keys.Spilled);
            Assert.Equal((3, 30L), keys.Remember(KeyKind.Identifier, KeyFingerprint.OfText("dev3"), 40, 0));
            Assert.Equal((11, 110L), keys.Find(KeyKind.Identifier, KeyFingerprint.OfText("dev11")));
            keys.Dispose();
        }

        [Fact]
        public void AnIdentifierAndAUserNameWithTheSameTextAreDifferentKeys()
        {
            using var keys = new SeenKeys(memoryLimit: 1);
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
    }

    /// <summary>
    /// The spilled keys file, found as the one new file in a temporary folder of this test's own (TMPDIR): in the shared
    /// one, any other import spilling at the same time (another test, another program) would be a second new file.
    /// </summary>
    [Collection(TemporaryFolderChanged.Name)]
    public sealed class SpilledKeysFileTests
    {
        [Fact]
        public void TheSpilledKeysFileIsPrivateAndGoneWhenTheImportEnds()
        {
            string folder = Path.Combine(Path.GetTempPath(), "bmg-keys-folder-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            string? saved = Environment.GetEnvironmentVariable("TMPDIR");
            Environment.SetEnvironmentVariable("TMPDIR", folder);
            try
            {
                string[] before = Directory.GetFiles(Path.GetTempPath(), "bmg-import-keys-*.db");
                var keys = new SeenKeys(memoryLimit: 1);
                keys.Remember(KeyKind.Identifier, 1, 2, 0);
                keys.Remember(KeyKind.Identifier, 2, 3, 0);
                string[] during = Directory.GetFiles(Path.GetTempPath(), "bmg-import-keys-*.db");
                string file = Assert.Single(during, path => Array.IndexOf(before, path) < 0);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                }

                keys.Dispose();
                Assert.False(File.Exists(file));
            }
            finally
            {
                Environment.SetEnvironmentVariable("TMPDIR", saved);
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
