using System;
using System.IO;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>Tests that point the process's temporary folder (TMPDIR) elsewhere: they run alone, so no other test writes there meanwhile.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TemporaryFolderChanged
    {
        public const string Name = "Temporary folder changed";
    }

    /// <summary>An import's scratch files in a temporary folder that is missing: a clear error naming it, never a raw IOException.</summary>
    [Collection(TemporaryFolderChanged.Name)]
    public sealed class TemporaryFolderTests
    {
        [Fact]
        public void Keys_beyond_memory_with_the_temporary_folder_missing_stop_the_import_with_FileWriteFailure_naming_it()
        {
            string missing = Path.Combine(Path.GetTempPath(), "bmg-missing-" + Guid.NewGuid().ToString("N"));
            string? saved = Environment.GetEnvironmentVariable("TMPDIR");
            Environment.SetEnvironmentVariable("TMPDIR", missing);
            try
            {
                var keys = new SeenKeys(memoryLimit: 1);
                Assert.Null(keys.Remember(KeyKind.Identifier, 1, 2, 0));
                BmgException e = Assert.Throws<BmgException>(() => keys.Remember(KeyKind.Identifier, 2, 3, 0));
                Assert.Equal(ErrorIds.FileWriteFailure, e.ErrorId);
                Assert.Contains(missing, e.Message, StringComparison.Ordinal);
                Assert.Contains("Nothing was imported", e.Message, StringComparison.Ordinal);
                Assert.Equal(BmgException.NothingImported, e.Outcome); // a dry run says it in its own words (AsDryRun)
                keys.Dispose();
            }
            finally
            {
                Environment.SetEnvironmentVariable("TMPDIR", saved);
            }

            Assert.False(Directory.Exists(missing));
        }
    }
}
