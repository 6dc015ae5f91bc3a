using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The store a look-up searched, as every not-found error and store-dependent warning names it: "in the store
    /// '/srv/bmg/acme.db'", its <see cref="IDeviceStore.Location"/> (a file's full path, a server's URI without its password:
    /// what -Verbose's "Using the store" line shows). Walkthrough 29, finding 7: "No device has the Identifier 'acme-ip01'."
    /// in a loop over customers' stores, or with a forgotten $env:BMG_DATABASE, left the admin to guess which store was meant.
    /// </summary>
    /// <remarks>
    /// Said always, not only when -Database or $env:BMG_DATABASE named the store: the per-user default is the one an admin
    /// meets by surprise (a new session without the variable set in the other, a scheduled task running as another user),
    /// and a message that names the store only sometimes would leave its absence to be read as "the default".
    /// </remarks>
    public static class SearchedStore
    {
        /// <summary>"in the store '&lt;location&gt;'", control characters made visible as in every message's values.</summary>
        public static string In(IDeviceStore store) => In(store.Location);

        /// <summary>"in the store '&lt;location&gt;'" for a store's <see cref="IDeviceStore.Location"/>.</summary>
        public static string In(string location) => "in " + Named(location);

        /// <summary>
        /// "the store '&lt;location&gt;'" for a store's <see cref="IDeviceStore.Location"/> (or a location redacted as one): how every
        /// message names a store, the not-found errors (<see cref="In(string)"/>) and a piped object's refusal (PipedFromOtherStore) alike.
        /// </summary>
        public static string Named(string location) => $"the store '{FieldText.Printable(location)}'";
    }
}
