using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// What the tests of how a DEP import reads the store share (DepImportPlanCountTests, DepReleaseReadTests): a fresh real
    /// SQLite store without seed data, DEP files written beside it as Import-BmgDepDevice reads them, and the store seen
    /// through <see cref="DepProfileNameTests.ReadCountingStore"/> to count which reads a plan makes.
    /// </summary>
    public abstract class DepFileStoreTests : IDisposable
    {
        private protected StoreFixture Fx { get; } = new StoreFixture(seed: false);

        public void Dispose() => Fx.Dispose();

        /// <summary>Writes <paramref name="content"/> as UTF-8 without a BOM to <paramref name="name"/> in the store's folder; its path.</summary>
        protected string Write(string name, string content)
        {
            string path = Path.Combine(Fx.Folder, name);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        /// <summary>The store, each call through it named in <paramref name="calls"/>.</summary>
        protected IDeviceStore Counting(List<string> calls) => DepProfileNameTests.ReadCountingStore.Over(Fx.Store, calls);
    }
}
