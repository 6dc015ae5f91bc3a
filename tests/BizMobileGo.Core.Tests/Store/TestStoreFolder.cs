using System;
using System.IO;
using BizMobileGo.Core.Tests.Reliability;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// A folder of one test's own under the temporary folder, for its store files. <see cref="Dispose"/> clears SQLite's
    /// connection pools first: a pooled connection keeps its store file open, and the folder would not delete.
    /// </summary>
    internal sealed class TestStoreFolder : IDisposable
    {
        /// <param name="prefix">Names the test class in the folder's name ("bmg-hardening-"), so a folder left behind says whose it is.</param>
        /// <param name="create">False for a class that makes the folder only when a test needs it (<see cref="Create"/>).</param>
        public TestStoreFolder(string prefix, bool create = true)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
            if (create)
            {
                Create();
            }
        }

        public string Path { get; }

        public void Create() => Directory.CreateDirectory(Path);

        public string PathOf(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>A copy, in this folder (made if need be), of the real version-1 store file (<see cref="CopyOfVersion1StoreIn"/>).</summary>
        public string CopyOfVersion1Store()
        {
            Create();
            return CopyOfVersion1StoreIn(Path);
        }

        /// <summary>
        /// A copy, in <paramref name="folder"/>, of the real version-1 store file (tests/corpus/stores/version1.db, built by
        /// New-Version1Store.ps1 with only migration 1 applied): the oldest store a user may still have.
        /// </summary>
        public static string CopyOfVersion1StoreIn(string folder)
        {
            string root = ReliabilityFigures.RepositoryRoot() ?? throw new InvalidOperationException("repository root not found");
            string copy = System.IO.Path.Combine(folder, "version1.db");
            File.Copy(System.IO.Path.Combine(root, "tests", "corpus", "stores", "version1.db"), copy);
            return copy;
        }

        /// <summary>The folder is deleted if a test made it.</summary>
        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
