using System;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>
    /// A contract suite on one fresh store of the kind under test, made at its first use and closed, then removed, after the
    /// test: each store kind derives a class saying how to make its store.
    /// </summary>
    public abstract class OneStoreContractTests : IDisposable
    {
        private IDeviceStore? _store;

        /// <summary>A fresh, empty store of the kind under test (created and migrated); it must keep the history.</summary>
        protected abstract IDeviceStore CreateEmptyStore();

        /// <summary>Removes what the store kind made, once every connection is closed.</summary>
        protected virtual void DeleteStores()
        {
        }

        public void Dispose()
        {
            _store?.Dispose();
            DeleteStores();
        }

        protected IDeviceStore Store => _store ??= CreateEmptyStore();
    }
}
