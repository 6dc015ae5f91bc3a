using System;
using System.IO;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>$env:BMG_STORE_WAIT is the process's: the tests that set it run alone.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class StoreWaitVariableCollection
    {
        public const string Name = "$env:BMG_STORE_WAIT";
    }

    /// <summary>
    /// Round 37 (fixs37 item 3a): a SQLite store kept open between commands that only read kept, for its reads, the wait
    /// $env:BMG_STORE_WAIT gave the command that opened it; the variable is read as each command opens its store, so a changed
    /// one applies to the next command, kept store or not. A WAL reader's busy wait can't be provoked on demand, so the test
    /// reads what the connection's statements would wait: SQLite's busy timeout (PRAGMA busy_timeout) and the command timeout.
    /// </summary>
    [Collection(StoreWaitVariableCollection.Name)]
    public sealed class KeptStoreWaitTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-keptwait-" + Guid.NewGuid().ToString("N"));
        private readonly string? _saved = Environment.GetEnvironmentVariable(StoreWait.EnvironmentVariable);

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(StoreWait.EnvironmentVariable, _saved);
            StoreWait.Read();
            OpenStores.CloseAll();
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void AStoreKeptOpenBetweenCommandsWaitsForTheNextCommandAsTheVariableSaysThen()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // Nothing is kept on Windows (no stat(2)): every command opens the store afresh, with the wait of its time.
            }

            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "kept.db");
            Environment.SetEnvironmentVariable(StoreWait.EnvironmentVariable, "2");
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Command);
            first.GetDevices();
            Assert.Equal((TimeSpan.FromSeconds(2), 2), ((SqliteDeviceStore)first).StatementWaits);
            DeviceStores.Release(first);

            foreach ((string variable, TimeSpan busy, int command) in new[] { ("7", TimeSpan.FromSeconds(7), 7), ("0", TimeSpan.Zero, 1), ("", TimeSpan.FromSeconds(30), 30) })
            {
                Environment.SetEnvironmentVariable(StoreWait.EnvironmentVariable, variable);
                IDeviceStore next = DeviceStores.Open(path, StoreUse.Read);
                Assert.Same(first, next);
                Assert.Equal((busy, command), ((SqliteDeviceStore)next).StatementWaits);
                next.GetDevices();
                DeviceStores.Release(next);
            }
        }
    }
}
