using System;
using System.IO;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>The store factory: one place from a location to a store.</summary>
    public sealed class DeviceStoresTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-factory-" + Guid.NewGuid().ToString("N"));

        [Theory]
        [InlineData("postgresql://admin:S3cret!@db.example:5432/inventory?sslmode=require")]
        [InlineData("POSTGRES://admin:S3cret!@db.example/inventory")]
        [InlineData("postgresql://admin@db.example/inventory?password=S3cret!&sslmode=require")]
        public void AServerThatCanNotBeReachedIsStoreUnavailableWithoutEchoingItsPassword(string location)
        {
            Assert.True(DeviceStores.IsServerLocation(location));
            var e = Assert.Throws<BmgException>(() => DeviceStores.Open(location, StoreUse.Command));

            Assert.Equal(ErrorIds.StoreUnavailable, e.ErrorId);
            Assert.DoesNotContain("S3cret", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("S3cret", e.Target?.ToString() ?? "", StringComparison.Ordinal);
            Assert.Contains("db.example", e.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(location));
        }

        // The hook is not replaced here: other test classes open PostgreSQL stores through it at the same time.
        [Fact]
        public void ServerLocationsOpenThePostgreSqlStore() =>
            Assert.Equal(new Func<string, StoreUse, IDeviceStore>(BizMobileGo.Core.Store.Postgres.PostgresDeviceStore.Open), DeviceStores.ServerStoreOpener);

        [Theory]
        [InlineData("/var/lib/bmg/store.db")]
        [InlineData("postgresql.db")]
        [InlineData("C:\\data\\postgres:\\x")]
        public void AnythingElseIsAFilePath(string location)
        {
            Assert.False(DeviceStores.IsServerLocation(location));
            Assert.Equal(location, StoreLocation.Redacted(location));
        }

        [Fact]
        public void ASqliteStoreOpenedForACommandIsKeptForTheNextOnlyAfterReading()
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "kept.db");
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Command);
            first.GetDevices();
            DeviceStores.Release(first);

            IDeviceStore second = DeviceStores.Open(path, StoreUse.Command);
            try
            {
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Same(first, second);
                }
            }
            finally
            {
                second.Dispose();
            }
        }

        public void Dispose()
        {
            OpenStores.CloseAll();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
