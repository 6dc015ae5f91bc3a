using System.IO;
using System.Runtime.InteropServices;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// Whether two store locations are one store (StoreIdentity.SameStore): what decides whether a command refuses a piped
    /// Device or User as read from another store (PipedFromOtherStore). Real files and links for SQLite; PostgreSQL URIs are
    /// only read, never connected to.
    /// </summary>
    public class StoreIdentityTests
    {
        [Theory]
        [InlineData("postgresql://bmg:Secret1@db.example:5432/inventory?search_path=bmg", "postgresql://bmg@db.example:5432/inventory?search_path=bmg")]
        [InlineData("postgresql://bmg:Secret1@DB.Example/inventory", "postgres://other@db.example:5432/inventory?application_name=x")]
        [InlineData("postgresql://bmg@db.example/inventory?search_path=public", "postgresql://bmg@db.example/inventory")]
        [InlineData("postgresql://bmg@db.example", "postgresql://bmg@db.example/bmg")]
        public void ServerUrisOfOneStoreAreOneWhateverTheUserPasswordOrOtherParameters(string first, string second)
        {
            Assert.True(StoreIdentity.SameStore(first, second));
            Assert.True(StoreIdentity.SameStore(second, first));
        }

        [Theory]
        [InlineData("postgresql://bmg@db.example/inventory", "postgresql://bmg@db.example/Inventory")]
        [InlineData("postgresql://bmg@db.example/inventory", "postgresql://bmg@db.example:5433/inventory")]
        [InlineData("postgresql://bmg@db.example/inventory", "postgresql://bmg@db2.example/inventory")]
        [InlineData("postgresql://bmg@db.example/inventory", "postgresql://bmg@db.example/inventory?search_path=laptop")]
        [InlineData("postgresql://bmg@db.example/inventory", "/tmp/inventory.db")]
        public void ServerUrisOfOtherDatabasesSchemasOrServersAreNotOne(string first, string second)
        {
            Assert.False(StoreIdentity.SameStore(first, second));
            Assert.False(StoreIdentity.SameStore(second, first));
        }

        [Fact]
        public void AStoreFileIsOneByAnyPathThatReachesItAndAnotherFileIsNot()
        {
            using var folder = new TestStoreFolder("bmg-identity-");
            string store = folder.PathOf("a.db");
            File.WriteAllText(store, "");
            string other = folder.PathOf("b.db");
            File.WriteAllText(other, "");

            Assert.True(StoreIdentity.SameStore(store, Path.Combine(folder.Path, ".", "sub", "..", "a.db")));
            Assert.False(StoreIdentity.SameStore(store, other));

            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // A symlinked folder reaches the same file; a store that does not exist yet is one by its folder's identity too.
                string linked = folder.PathOf("linked");
                Directory.CreateSymbolicLink(linked, folder.Path);
                Assert.True(StoreIdentity.SameStore(store, Path.Combine(linked, "a.db")));
                Assert.True(StoreIdentity.SameStore(folder.PathOf("new.db"), Path.Combine(linked, "new.db")));
                Assert.False(StoreIdentity.SameStore(folder.PathOf("new.db"), Path.Combine(linked, "new2.db")));
            }
        }
    }
}
