using System;
using System.IO;
using System.Threading;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Store
{
    /// <summary>How a command uses the store it opens.</summary>
    public enum StoreUse
    {
        /// <summary>A command's own store: read and written, and (SQLite) kept open for the next command when it only read.</summary>
        Command,

        /// <summary>
        /// A command that only reads (a look-up a script repeats): as <see cref="Command"/>, except that a store kept open
        /// is reused on a full disk too, since reading needs no space (a command that may write opens it afresh there),
        /// and that a store file that does not exist is not created: <see cref="ErrorIds.StoreNotFound"/>.
        /// </summary>
        Read,

        /// <summary>-WhatIf: a private copy the command may change freely; the store itself is only read and never locked.</summary>
        Snapshot,

        /// <summary>A short look-up (tab completion): opened, read, closed; never kept; never created (as <see cref="Read"/>).</summary>
        Lookup,

        /// <summary>
        /// -WhatIf (or $WhatIfPreference) of a command that only reads: as <see cref="Snapshot"/>, but a store file that does
        /// not exist is <see cref="ErrorIds.StoreNotFound"/>, as for <see cref="Read"/>: a dry run must not plan what the real
        /// run would refuse (an export of a mistyped store, a "valid, 0 entries" history check).
        /// </summary>
        ReadSnapshot,
    }

    /// <summary>
    /// The one place that turns a store location (-Database, $env:BMG_DATABASE, or the per-user default)
    /// into an <see cref="IDeviceStore"/>. Cmdlets, completers and tests open stores only through here, so
    /// a second kind of store is one more branch in <see cref="Open"/> and nothing else.
    /// </summary>
    public static class DeviceStores
    {
        /// <summary>
        /// Opens a PostgreSQL store for a <c>postgresql://</c> location (null: this build has none); the
        /// location it gets may hold a password. The token ends the open's waits, and the action is told when one
        /// begins (see <see cref="Open"/>).
        /// </summary>
        public static Func<string, StoreUse, CancellationToken, Action<string?>?, IDeviceStore>? ServerStoreOpener { get; set; } = Postgres.PostgresDeviceStore.Open;

        /// <summary>
        /// True for a PostgreSQL connection URI (<c>postgresql://</c> or <c>postgres://</c>, any case), which is not a file path,
        /// and for any text meant as a URI (<see cref="StoreLocation.LooksLikeUri"/>: white space around it, another scheme, a
        /// <c>postgres:</c> typo): the server branch refuses that as InvalidStoreUri, its password never shown, where a file's
        /// branch would quote the whole text as a path. A connection string (<see cref="StoreLocation.LooksLikeConnectionString"/>)
        /// is no file either: it is not resolved as a path, and opening it is InvalidStoreUri.
        /// </summary>
        public static bool IsServerLocation(string? location) => StoreLocation.LooksLikeUri(location) || StoreLocation.LooksLikeConnectionString(location);

        /// <summary>The store used when no -Database is given: $env:BMG_DATABASE, else a per-user data file.</summary>
        public static string DefaultLocation()
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("BMG_DATABASE");
            return string.IsNullOrWhiteSpace(fromEnvironment) ? PerUserLocation() : fromEnvironment!;
        }

        /// <summary>
        /// The per-user store file (~/.local/share/BizMobileGo/bizmobilego.db, %LOCALAPPDATA%\BizMobileGo\bizmobilego.db): the
        /// one store whose folder a command makes (<see cref="StoreFile.CheckFolderOfNew"/>).
        /// </summary>
        public static string PerUserLocation()
        {
            // Not created here: the store's folder is made 0700 when the store is (StoreFile.CreateNew).
            string dataRoot = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return Path.Combine(dataRoot, "BizMobileGo", "bizmobilego.db");
        }

        /// <summary>
        /// What a command says when the store it opened is new (null: it was there): a SQLite store file this open created,
        /// or a PostgreSQL store this open created in its schema; for a -WhatIf dry run, one the real run would create. A store created where someone named one (-Database,
        /// $env:BMG_DATABASE) is most often a typo or a path relative to another folder than meant, and the new store would
        /// take the command's changes where nobody reads them (walkthrough 29, 6), so the command warns. The per-user default
        /// store has its own warning (<see cref="NewPerUserStoreWarning"/>).
        /// </summary>
        /// <param name="namedBy">How the location was named, as the warning says it: "-Database", "$env:BMG_DATABASE".</param>
        public static string? NewStoreWarning(IDeviceStore store, string namedBy)
        {
            if (store is Postgres.PostgresDeviceStore { IsNew: true } server)
            {
                // A server's store is the tables of one schema: a mistyped ?search_path= (or database with a schema of the
                // module's name) makes that schema and its tables, as a mistyped file name makes a file (thirtieth round).
                string where = $"in the schema '{Fields.FieldText.Printable(server.Schema)}' of '{Fields.FieldText.Printable(server.Location)}' ({namedBy})";
                return server.IsDryRun
                    ? $"No store exists {where}: the real run would create a new, empty store there. Check the URI's database and ?search_path= if you meant an existing store."
                    : $"Created a new, empty store {where}: no store was there. If you meant an existing store, check the URI's database and ?search_path=; "
                      + "the new store's tables can be dropped.";
            }

            if (!(store is SqliteDeviceStore { IsNew: true }))
            {
                return null;
            }

            string shown = Fields.FieldText.Printable(store.Location);
            return store.IsDryRun
                ? $"No store exists at '{shown}' ({namedBy}): the real run would create a new, empty store there. Check the path if you meant an existing store."
                : $"Created a new, empty store at '{shown}' ({namedBy}): no store was there. If you meant an existing store, check the path "
                  + "(a relative path is resolved against the current location); the new store can be deleted.";
        }

        /// <summary>
        /// What a command says when the per-user default store (nothing named) is new (null: it was there). An admin of a shared
        /// inventory whose console lacks the profile's $env:BMG_DATABASE line would otherwise fill a store of their own without
        /// a word (walkthrough 44, 7), so the command that makes it warns once, naming the file and how to name a shared store;
        /// later commands find the store there and say nothing.
        /// </summary>
        public static string? NewPerUserStoreWarning(IDeviceStore store)
        {
            if (!(store is SqliteDeviceStore { IsNew: true }))
            {
                return null;
            }

            string which = $"'{Fields.FieldText.Printable(store.Location)}', your per-user store (no -Database, no $env:BMG_DATABASE)";
            const string shared = "To work in a shared store, set $env:BMG_DATABASE to its postgresql:// URI or path in your PowerShell profile ($PROFILE)";
            return store.IsDryRun
                ? $"No store exists at {which}: the real run would create a new, empty store there, yours alone. {shared}."
                : $"Created a new, empty store at {which}: this command's changes are there, yours alone. {shared}, and run the command again.";
        }

        /// <summary>
        /// What a command says when its open upgraded the store (null: it did not), and whether it is a warning (else a -Verbose
        /// line). Either store upgrades as it opens, a read too, and from then on modules that know only the older version refuse
        /// it (StoreVersionTooNew): a server's store is the team's, so there the upgrade locks out every other console and job
        /// not yet updated, and the command warns (walkthrough 31, 6); a store file is most often one admin's own, and the
        /// upgrade after a module update is expected, so it says so with -Verbose. A -WhatIf dry run says what the real run does.
        /// </summary>
        public static string? UpgradeNotice(IDeviceStore store, out bool isWarning)
        {
            isWarning = false;
            StoreUpgrade? upgrade = store switch
            {
                SqliteDeviceStore sqlite => sqlite.Upgraded,
                Postgres.PostgresDeviceStore server => server.Upgraded,
                _ => null,
            };
            if (upgrade == null)
            {
                return null;
            }

            string where = store is Postgres.PostgresDeviceStore shared
                ? $"'{Fields.FieldText.Printable(shared.Location)}' (schema '{Fields.FieldText.Printable(shared.Schema)}')"
                : $"'{Fields.FieldText.Printable(store.Location)}'";
            string older = $"modules that know schema version {upgrade.FromVersion} or older (builds before this one's {upgrade.ToVersion}) ";
            if (store.IsDryRun)
            {
                return $"The store {where} is at schema version {upgrade.FromVersion}: the real run upgrades it to {upgrade.ToVersion} first, "
                    + $"and {older}then refuse it (StoreVersionTooNew). The dry run upgraded its own copy only.";
            }

            isWarning = store is Postgres.PostgresDeviceStore;
            return $"Upgraded the store {where} from schema version {upgrade.FromVersion} to {upgrade.ToVersion}: {older}now refuse it "
                + (isWarning
                    ? "(StoreVersionTooNew), so update the module on every computer and job that uses this store."
                    : "(StoreVersionTooNew).");
        }

        /// <summary>
        /// The store at <paramref name="location"/>: a PostgreSQL URI, else a SQLite file (created and migrated
        /// as needed; see <see cref="SqliteDeviceStore.Open(string)"/>). Hand it back with <see cref="Release"/>.
        /// A SQLite store file that does not exist is created only for a command that may write (<see cref="StoreUse.Command"/>),
        /// and only in a folder that exists, but for the per-user default store (<see cref="StoreFile.CheckFolderOfNew"/>);
        /// <see cref="StoreUse.Read"/>, <see cref="StoreUse.Lookup"/> and <see cref="StoreUse.ReadSnapshot"/> get
        /// <see cref="ErrorIds.StoreNotFound"/> there, with no folder, file or -wal/-shm made, and the -WhatIf of a command that
        /// may write (<see cref="StoreUse.Snapshot"/>) an empty private copy.
        /// </summary>
        /// <param name="cancellation">
        /// The command's stop (Ctrl+C). A command stopped already opens no store (<see cref="OperationCanceledException"/>). It ends a connect to a server that does not answer, and the open's wait for another writer while the store must be created or
        /// upgraded (<see cref="OperationCanceledException"/>: the store as it was, no lock held, no file or schema made),
        /// and becomes the store's <see cref="IDeviceStore.WaitCancellation"/>, which ends its writers' waits.
        /// </param>
        /// <param name="waitingForWriter">
        /// Told the line that says what the open (a store to create or upgrade) or a write waits for, once per wait, when
        /// another client holds the store; becomes the store's <see cref="IDeviceStore.WaitingForWriter"/>, and its
        /// <see cref="IDeviceStore.WaitingForServer"/> (a server slow to answer: the same console line's place).
        /// </param>
        public static IDeviceStore Open(string location, StoreUse use, CancellationToken cancellation = default, Action<string?>? waitingForWriter = null)
        {
            // A command stopped already opens nothing, whatever the store: a connect to a server is itself a wait the
            // stop ends, and whether a pooled connection happened to be free must not decide whether a stopped command runs.
            cancellation.ThrowIfCancellationRequested();
            // Before anything is opened: a bad $env:BMG_STORE_WAIT is refused as -Database's mistakes are.
            StoreWait.Read();
            IDeviceStore store = OpenStore(location, use, cancellation, waitingForWriter);
            store.WaitCancellation = cancellation;
            store.WaitingForWriter = waitingForWriter;
            store.WaitingForServer = waitingForWriter;
            return store;
        }

        private static IDeviceStore OpenStore(string location, StoreUse use, CancellationToken cancellation, Action<string?>? waiting)
        {
            if (StoreLocation.LooksLikeConnectionString(location))
            {
                throw StoreLocation.ConnectionStringRefused(location);
            }

            if (IsServerLocation(location))
            {
                Func<string, StoreUse, CancellationToken, Action<string?>?, IDeviceStore>? opener = ServerStoreOpener;
                if (opener == null)
                {
                    string shown = StoreLocation.Redacted(location);
                    throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                        $"The store '{shown}' is a PostgreSQL server; PostgreSQL stores are not available in this build. Give the path of a store file.", shown);
                }

                return opener(location, use, cancellation, waiting);
            }

            if (use == StoreUse.Command || use == StoreUse.Snapshot)
            {
                // A use that may create the store: none in a folder that is not there, but for the per-user default store.
                // Its dry run refuses so too (a dry run must not plan what the real run would refuse), and makes nothing.
                StoreFile.CheckFolderOfNew(StoreFile.FullPath(location));
            }

            return use switch
            {
                StoreUse.Command => OpenStores.Take(location, mayWrite: true, cancellation, waiting),
                StoreUse.Read => OpenStores.Take(location, mayWrite: false, cancellation, waiting),
                // Reads the file and migrates a private copy: never waits for a writer.
                StoreUse.Snapshot => SqliteDeviceStore.OpenSnapshot(location),
                StoreUse.ReadSnapshot => SqliteDeviceStore.OpenSnapshot(location, mayCreate: false),
                _ => SqliteDeviceStore.Open(location, cancellation, mayCreate: false, waiting),
            };
        }

        /// <summary>
        /// What a command that only reads finds where the per-user default store (nothing named) does not exist yet: an
        /// empty store, the private copy a -WhatIf run of a new store starts from, so nothing is created in the store's place.
        /// A fresh install's inventory is empty, which is true; a location someone named is <see cref="ErrorIds.StoreNotFound"/>.
        /// </summary>
        public static IDeviceStore EmptyInPlaceOf(string location) => SqliteDeviceStore.OpenSnapshot(location);

        /// <summary>Which commands make a store that does not exist yet, as messages say it.</summary>
        public const string MadeByAWriter = "a command that writes (Import-BmgDeviceCsv, New-BmgDevice, New-BmgUser, ...) creates the store on first use";

        /// <summary>
        /// No store at <paramref name="location"/>, for a command that only reads: raised before any store is open, so a
        /// mistyped path shows as such instead of as an empty inventory.
        /// </summary>
        /// <param name="why">What is missing, when more than the file (a server's schema without a store).</param>
        /// <param name="check">What to check, for a location that is not a file's path.</param>
        internal static BmgException StoreNotFound(string location, string? why = null, string check = "Check the path (-Database or $env:BMG_DATABASE)")
        {
            string shown = Fields.FieldText.Printable(StoreLocation.Redacted(location));
            return new BmgException(ErrorIds.StoreNotFound, BmgErrorCategory.ObjectNotFound,
                $"The store '{shown}' does not exist{(why == null ? "" : $" ({why})")}; a command that only reads creates none. {check}; {MadeByAWriter}.",
                shown);
        }

        /// <summary>Hands a store back when its command ends: kept open for the next command where that is safe, else closed.</summary>
        public static void Release(IDeviceStore store)
        {
            if (store is not SqliteDeviceStore { KeptBetweenCommands: true } kept)
            {
                // Closed with the command's stop still set: a stopped dry run's rollback on the server is bounded as its other
                // round trips are (PostgresDeviceStore.Stop).
                store.Dispose();
                return;
            }

            // The command's stop (Ctrl+C) is its own: the next command to take a kept store sets its own.
            kept.WaitCancellation = default;
            kept.WaitingForWriter = null;
            // New (or upgraded) for the command that made it so only: the next command to take it kept finds a current store.
            kept.IsNew = false;
            kept.Upgraded = null;
            OpenStores.Return(kept);
        }
    }
}
