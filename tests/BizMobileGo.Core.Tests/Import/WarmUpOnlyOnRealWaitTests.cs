using System.Reflection;
using System.Threading;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Leftovers 19, item 3: an import waiting for the store reads further ahead and compiles its per-row code
    /// (PerRowCodeWarmUp) only when another writer holds the lock (the store says a wait began), not because taking a free
    /// lock was slow: a 1-row import in a fresh process (the store's first open and its compiling take over 100 ms) compiled
    /// ~300 methods it never ran.
    /// </summary>
    public sealed class WarmUpOnlyOnRealWaitTests : System.IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        [Fact(DisplayName = "Leftovers 19: a free writer lock that is slow to take (300 ms) starts neither the read-ahead nor the warm-up")]
        public void ASlowFreeLockIsNoWait()
        {
            bool readAhead = false;
            using var import = DeviceImport.WaitingForStore(SlowToBegin.Over(_fx.Store), ImportMode.AllOrNothing, dryRun: false, source: "one.csv");

            import.TakeStore(() => readAhead = true);

            Assert.True(import.HoldsStore);
            Assert.False(readAhead);
        }

        /// <summary>A store whose BeginTransaction (an import's: BeginImportTransaction) takes 300 ms without any other writer (as a first open compiling its code does).</summary>
        public class SlowToBegin : StoreProxy
        {
            public static IDeviceStore Over(IDeviceStore store) => Over<SlowToBegin>(store);

            protected override object? Invoke(MethodInfo? method, object?[]? args)
            {
                if (method!.Name == nameof(IDeviceStore.BeginTransaction) || method.Name == nameof(IDeviceStore.BeginImportTransaction))
                {
                    Thread.Sleep(300);
                }

                return CallInner(method, args);
            }
        }
    }
}
