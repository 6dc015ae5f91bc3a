using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The import's window on the store, one chunk of rows at a time: the users, devices and serials the
    /// chunk names are read with one batched look-up each (<see cref="Prefetch(ChunkKeys)"/>), the chunk's changes are
    /// kept in order and overlay what was read (so a later row sees what an earlier row planned), and they
    /// go to the store in one call before the next chunk reads. Memory holds two chunks: the one being planned
    /// and the one being written.
    /// </summary>
    /// <remarks>
    /// Everything runs inside the import's one write transaction, so the store can't change under the
    /// overlay: only this import writes. A key the chunk did not prefetch (a piped object, a key the field
    /// rules normalize differently) is read on its own and remembered like a prefetched one.
    /// <para>
    /// A file's chunks are written beside the planning of the next one (<see cref="Prefetch(ChunkKeys)"/>): the next chunk's
    /// keys are read first, while the store holds every chunk but the one just planned, then that chunk's changes
    /// are laid over what was read (exactly the keys it wrote, in its order) and its write starts on a thread of
    /// its own. The store is used by one thread at a time: any other read (a key not prefetched) and every write
    /// first waits for that write, and its failure surfaces there, on the import's thread.
    /// </para>
    /// <para>
    /// A chunk is read at its turn, never ahead: the thirtieth round read an unchanged re-import's next chunk beside the
    /// planning of the one before on SQLite, and the thirty-first took it out (PERFORMANCE.md, speed31: no wall time
    /// gained, about 8 % more CPU).
    /// </para>
    /// </remarks>
    internal sealed partial class ImportChunk : IPlanReads, IPlanWrites
    {
        /// <summary>Rows planned per chunk: one batched read and one write call each.</summary>
        public const int Rows = 1000;

        private readonly IDeviceStore _store;
        private readonly ImportStages? _stages;
        private readonly Dictionary<string, User?> _users = new Dictionary<string, User?>(StringComparer.Ordinal);
        private readonly Dictionary<string, Device?> _devices = new Dictionary<string, Device?>(DeviceIdentifier.Comparer);
        private readonly Dictionary<string, Device?> _devicesBySerial = new Dictionary<string, Device?>(StringComparer.Ordinal);
        private List<StoreChange> _changes = new List<StoreChange>();
        private List<CheckInEmail> _emails = new List<CheckInEmail>();

        // The store's background task, beside the planning of this chunk (null: none since the last wait): the previous
        // chunk's write. One at a time: the store is used by one thread at a time.
        private Task? _storeTask;

        // The users the store held before the import made its first user (UsersMark), taken at the first read that needs it;
        // null in a store that had none, where no new user can have a case twin: nothing is looked up then.
        private UsersMark? _usersBefore;
        private bool _usersMarked;

        // The case twins, among the users before the import, of the names the chunk read and did not find: by folded name.
        private readonly Dictionary<string, List<string>> _caseTwins = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly HashSet<string> _caseTwinsRead = new HashSet<string>(StringComparer.Ordinal);

        // The keys the import wrote into tables empty when it began: the only ones a look-up there can find (OwnKeys).
        private readonly OwnKeys _ownKeys = new OwnKeys();

        public ImportChunk(IDeviceStore store, ImportStages? stages = null)
        {
            _store = store;
            _stages = stages;
        }

        /// <summary>True once <see cref="Prefetch(ChunkKeys)"/> drives the chunks (a file): the import then leaves the writes to it.</summary>
        public bool Prefetching { get; private set; }

        /// <summary>Rows planned since the last flush.</summary>
        public int PlannedRows { get; set; }

        /// <summary>
        /// Reads every user, device and serial the next chunk names (one batched look-up each; keys that don't exist
        /// are remembered as missing), lays the chunk just planned over what was read, and starts writing that chunk
        /// beside the planning of the next one.
        /// </summary>
        /// <param name="texts">The rows' cells, which the store's reads may return for equal stored texts (null: none).</param>
        [MethodImpl(PerRowCode.Compile)]
        public void Prefetch(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> serials,
            ChunkTexts? texts = null) => Prefetch(new ChunkKeys(userNames, identifiers, serials, texts));

        /// <summary>As <see cref="Prefetch(IReadOnlyCollection{string}, IReadOnlyCollection{string}, IReadOnlyCollection{string}, ChunkTexts?)"/>, with the keys collected already.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void Prefetch(ChunkKeys keys)
        {
            Prefetching = true;
            List<StoreChange> planned = _changes;
            List<CheckInEmail> emails = _emails;
            // The chunk just planned is built into its write now, while the chunk before is still being written: the
            // writing thread then only sends it (IPreparesChanges; fortieth round, PERFORMANCE.md).
            PreparedChanges? prepared = planned.Count != 0 && _store is IPreparesChanges prepares ? prepares.PrepareChanges(planned) : null;
            // The chunk before the one just planned must be written before the store is read again.
            WaitForStore();
            Forget();
            _stages?.Write.Start();
            try
            {
                if (!_ownKeys.Learned)
                {
                    // Once, before the import's first chunk is written (the one just planned is not yet): inside its transaction.
                    _ownKeys.Learn(_store is IChunkReads batched ? batched.ReadEmptyTables() : EmptyTables.None, planned);
                }

                Remember(keys, ReadStore(LookUpOf(keys)));
            }
            finally
            {
                _stages?.Write.Stop();
            }

            PlannedRows = 0;
            if (planned.Count == 0 && emails.Count == 0)
            {
                return;
            }

            _changes = new List<StoreChange>(planned.Count);
            _emails = new List<CheckInEmail>(emails.Count);
            // Which emails' devices may have unsent ones, decided here on the planning thread, in the order the chunks are written.
            IReadOnlyCollection<string>? emailsToLookUp = emails.Count == 0 ? null : _ownKeys.EmailIdentifiersToLookUp(emails);
            // A pool thread: a chunk's write takes milliseconds, and a thread of its own per chunk would be made and ended each time.
            // A store that a stop ends mid-statement watches the stop from this thread instead (IStoppableAside).
            Action write = () => WriteInBackground(planned, prepared, emails, emailsToLookUp);
            _storeTask = _store is IStoppableAside aside ? aside.RunAside(write) : Task.Run(write);

            // What was read is the store before the chunk just planned: that chunk's changes show over it. Here, beside its
            // write: only this thread's dictionaries, which the write never reads.
            foreach (StoreChange change in planned)
            {
                Show(change);
            }
        }

        private void WriteInBackground(List<StoreChange> changes, PreparedChanges? prepared, List<CheckInEmail> emails,
            IReadOnlyCollection<string>? emailsToLookUp)
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                Write(changes, prepared, emails, emailsToLookUp);
            }
            finally
            {
                _stages?.AddBackgroundStoreTime(Stopwatch.GetTimestamp() - started);
            }
        }

        /// <summary>
        /// The keys a chunk's look-ups send: for a server store only those it may hold (OwnKeys), decided from the changes
        /// planned so far; a key left out is remembered as missing all the same (<see cref="Remember(ChunkKeys, ChunkRead)"/>).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private ChunkKeys LookUpOf(ChunkKeys keys) => _store is IChunkReads
            ? new ChunkKeys(_ownKeys.UserNamesToLookUp(keys.UserNames), _ownKeys.IdentifiersToLookUp(keys.Identifiers),
                _ownKeys.SerialsToLookUp(keys.Serials), keys.Texts)
            : keys;

        /// <summary>The store's part of a chunk's read (a server store: in one round trip); any thread, while no other uses the store.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private ChunkRead ReadStore(ChunkKeys lookUp)
        {
            if (_store is IChunkReads batched)
            {
                return batched.ReadChunk(lookUp.UserNames, lookUp.Identifiers, lookUp.Serials);
            }

            if (lookUp.Texts != null && _store is IReadsChunkTexts reuses)
            {
                // Only these reads: every other read of the store (a key not prefetched) decodes its texts as before.
                reuses.ChunkTexts = lookUp.Texts;
                try
                {
                    return ReadSeparately(lookUp.UserNames, lookUp.Identifiers, lookUp.Serials);
                }
                finally
                {
                    reuses.ChunkTexts = null;
                }
            }

            return ReadSeparately(lookUp.UserNames, lookUp.Identifiers, lookUp.Serials);
        }

        /// <summary>Remembers what a chunk's read found, on the planning thread; the chunk's keys not found are remembered as missing.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void Remember(ChunkKeys keys, ChunkRead read)
        {
            IReadOnlyCollection<string> userNames = keys.UserNames, identifiers = keys.Identifiers, serials = keys.Serials;
            // What was found first, then the keys not found, as missing: each key is written once.
            foreach (User user in read.Users)
            {
                _users[user.UserName] = user;
            }

            List<string>? missing = null;
            foreach (string name in userNames)
            {
                if (_users.TryAdd(name, null))
                {
                    (missing ??= new List<string>()).Add(name);
                }
            }

            if (missing != null)
            {
                ReadCaseTwins(missing);
            }

            foreach (Device device in read.Devices)
            {
                Remember(device);
            }

            List<string>? missingIdentifiers = null;
            foreach (string identifier in identifiers)
            {
                if (_devices.TryAdd(identifier, null) && LeadingZeros.IsBareNumber(identifier))
                {
                    (missingIdentifiers ??= new List<string>()).Add(identifier);
                }
            }

            ReadZeroPaddedTwins(missing, missingIdentifiers);

            foreach (string serial in serials)
            {
                if (!_devicesBySerial.ContainsKey(serial))
                {
                    _devicesBySerial[serial] = null;
                }
            }

            foreach (Device device in read.DevicesBySerial)
            {
                Remember(device);
            }
        }

        /// <summary>The three look-ups one by one (an in-process store): only the serials not held by a device just read are looked up.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private ChunkRead ReadSeparately(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> serials)
        {
            IReadOnlyList<User> users = userNames.Count == 0 ? Array.Empty<User>() : _store.FindUsers(userNames);
            IReadOnlyList<Device> devices = identifiers.Count == 0 ? Array.Empty<Device>() : _store.FindDevices(identifiers);
            // A serial held by a device just read is known already (the usual re-import): only the others are looked up.
            var held = new HashSet<string>(devices.Count, StringComparer.Ordinal);
            foreach (Device device in devices)
            {
                if (device.Serial != null)
                {
                    held.Add(device.Serial);
                }
            }

            var unknownSerials = new List<string>();
            foreach (string serial in serials)
            {
                if (!held.Contains(serial))
                {
                    unknownSerials.Add(serial);
                }
            }

            IReadOnlyList<Device> devicesBySerial = unknownSerials.Count == 0 ? Array.Empty<Device>() : _store.FindDevicesBySerial(unknownSerials);
            return new ChunkRead(users, devices, devicesBySerial);
        }

        /// <summary>
        /// Waits for the store's background task (<see cref="_storeTask"/>: the chunk being written beside the planning)
        /// before this thread uses the store; the write's failure (a full disk, a lost file) is thrown here, and again on
        /// every later call, so nothing reads or writes past it. Also the planner's own wait (<see cref="IPlanReads.WaitForStore"/>).
        /// </summary>
        public void WaitForStore()
        {
            Task? task = _storeTask;
            if (task == null)
            {
                return;
            }

            // The write's own exception (not an AggregateException), as a write on this thread would throw it.
            End(task, rethrow: true);
            _storeTask = null;
        }

        /// <summary>
        /// Waits for the store's background task (a chunk's write) without throwing its failure: before the transaction is
        /// rolled back.
        /// </summary>
        public void EndStoreTask()
        {
            if (_storeTask != null)
            {
                // The import is being given up: the rollback undoes whatever the write did.
                End(_storeTask, rethrow: false);
            }
        }

        /// <summary>
        /// Waits for the chunk's write; with <paramref name="rethrow"/> its failure is thrown here. A store that a stop ends
        /// mid-statement waits for it as for its own round trip (IStoppableAside): a stop ends the wait within seconds.
        /// </summary>
        private void End(Task write, bool rethrow)
        {
            if (_store is IStoppableAside aside)
            {
                aside.EndAside(write, rethrow);
                return;
            }

            try
            {
                write.GetAwaiter().GetResult();
            }
            catch (Exception) when (!rethrow)
            {
            }
        }

        public DepDevice? GetDepDevice(string serial)
        {
            WaitForStore();
            return _store.GetDepDevice(serial);
        }

        /// <summary>
        /// The case twins of a user about to be created among the users the store held before the import made its first user
        /// (two new users of one file are not compared, whichever chunks they come in): read with the chunk's keys, or on
        /// their own for a name the chunk did not read (a piped record).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public IReadOnlyList<string> GetUserNameCaseTwins(string userName)
        {
            if (!_caseTwinsRead.Contains(userName))
            {
                WaitForStore();
                ReadCaseTwins(new[] { userName });
            }

            if (!_caseTwins.TryGetValue(UserNameHint.FoldAscii(userName), out List<string>? twins))
            {
                return Array.Empty<string>();
            }

            return TwinsOf(twins, userName);
        }

        // Apart from GetUserNameCaseTwins: a lambda there that captures the name made its closure object at every call, for
        // every new user of an import, though the store's folded names rarely match one.
        private static List<string> TwinsOf(List<string> folded, string userName) =>
            folded.FindAll(name => UserNameHint.AsciiCaseTwins(name, userName));

        /// <summary>Reads the case twins of user names the store does not hold, among the users before the import (one look-up).</summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private void ReadCaseTwins(IReadOnlyCollection<string> missingNames)
        {
            if (!_usersMarked)
            {
                // The first new user's look-up comes before the import has written any user: every user made since is the import's.
                _usersBefore = _store.MarkUsers();
                _usersMarked = true;
            }

            foreach (string name in missingNames)
            {
                _caseTwinsRead.Add(name);
            }

            if (_usersBefore is not UsersMark before)
            {
                return;
            }

            foreach (string twin in _store.GetUserNameCaseTwins(missingNames, before))
            {
                string folded = UserNameHint.FoldAscii(twin);
                if (!_caseTwins.TryGetValue(folded, out List<string>? twins))
                {
                    _caseTwins[folded] = twins = new List<string>(1);
                }

                twins.Add(twin);
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        public User? GetUser(string userName)
        {
            if (!_users.TryGetValue(userName, out User? user))
            {
                WaitForStore();
                user = _store.GetUser(userName);
                _users[userName] = user;
            }

            return user;
        }

        [MethodImpl(PerRowCode.Compile)]
        public Device? GetDevice(string identifier)
        {
            if (!_devices.TryGetValue(identifier, out Device? device))
            {
                WaitForStore();
                device = _store.GetDevice(identifier);
                _devices[identifier] = device;
                if (device?.Serial != null)
                {
                    _devicesBySerial[device.Serial] = device;
                }
            }

            return device;
        }

        [MethodImpl(PerRowCode.Compile)]
        public Device? GetDeviceBySerial(string serial)
        {
            if (!_devicesBySerial.TryGetValue(serial, out Device? device))
            {
                WaitForStore();
                device = _store.GetDeviceBySerial(serial);
                _devicesBySerial[serial] = device;
                if (device != null)
                {
                    _devices[device.Identifier] = device;
                }
            }

            return device;
        }

        /// <summary>The devices that checked in as a DEP device other than their Serial, by that DEP device's serial: read once an import.</summary>
        private Dictionary<string, List<Device>>? _checkedInAsOtherSerial;

        /// <summary>
        /// From one read of every device that checked in as another serial than its own (Keycode devices), at the first row
        /// that asks: not a statement a row. An import checks no device in, so what it writes never changes them.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public IReadOnlyList<Device> GetDevicesCheckedInAs(string serial)
        {
            if (_checkedInAsOtherSerial == null)
            {
                WaitForStore();
                _checkedInAsOtherSerial = new Dictionary<string, List<Device>>(StringComparer.Ordinal);
                foreach (Device device in _store.GetDevicesCheckedInAsOtherSerial())
                {
                    if (!_checkedInAsOtherSerial.TryGetValue(device.DepDevice!, out List<Device>? devices))
                    {
                        _checkedInAsOtherSerial[device.DepDevice!] = devices = new List<Device>(1);
                    }

                    devices.Add(device);
                }
            }

            return _checkedInAsOtherSerial.TryGetValue(serial, out List<Device>? found) ? found : (IReadOnlyList<Device>)Array.Empty<Device>();
        }

        /// <summary>Keeps a change for the chunk's write, and shows it to the rows planned after it.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void Write(StoreChange change)
        {
            _changes.Add(change);
            _ownKeys.Remember(change);
            Show(change);
        }

        [MethodImpl(PerRowCode.Compile)]
        private void Show(StoreChange change)
        {
            ShowZeroPadded(change);
            if (change.IsDevice)
            {
                if (change.DeviceBefore is Device before)
                {
                    _devices[before.Identifier] = null;
                    if (before.Serial != null)
                    {
                        _devicesBySerial[before.Serial] = null;
                    }
                }

                if (change.DeviceAfter is Device after)
                {
                    Remember(after);
                }
            }
            else
            {
                if (change.UserBefore is User before)
                {
                    _users[before.UserName] = null;
                }

                if (change.UserAfter is User after)
                {
                    _users[after.UserName] = after;
                }
            }
        }

        public void QueueEmail(CheckInEmail email) => _emails.Add(email);

        /// <summary>Writes the chunk's changes now (after the one being written, if any), then its check-in emails, in row order.</summary>
        public void Flush()
        {
            WaitForStore();
            if (_changes.Count != 0 || _emails.Count != 0)
            {
                _stages?.Write.Start();
                try
                {
                    Write(_changes, prepared: null, _emails, _ownKeys.EmailIdentifiersToLookUp(_emails));
                }
                finally
                {
                    _stages?.Write.Stop();
                }

                _changes.Clear();
                _emails.Clear();
            }

            PlannedRows = 0;
        }

        /// <summary>
        /// The store's writes of one chunk: its changes in one call, then its check-in emails; the unsent emails of the
        /// devices in <paramref name="emailsToLookUp"/> are looked up (null: of every device, OwnKeys). The changes' write
        /// may have been built ahead (<paramref name="prepared"/>, IPreparesChanges).
        /// </summary>
        private void Write(List<StoreChange> changes, PreparedChanges? prepared, List<CheckInEmail> emails, IReadOnlyCollection<string>? emailsToLookUp)
        {
            if (prepared != null)
            {
                ((IPreparesChanges)_store).ApplyPrepared(prepared);
            }
            else if (changes.Count != 0)
            {
                _store.ApplyChanges(changes);
            }

            if (emails.Count != 0)
            {
                new CheckInOutbox(_store).QueueAll(emails, emailsToLookUp);
            }
        }

        /// <summary>Forgets what was read and planned: the store holds it now, or the chunk being written shows it (after <see cref="Flush"/> or in <see cref="Prefetch(ChunkKeys)"/>).</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void Forget()
        {
            _users.Clear();
            _devices.Clear();
            _devicesBySerial.Clear();
            _caseTwins.Clear();
            _caseTwinsRead.Clear();
            ForgetZeroPadded();
        }

        [MethodImpl(PerRowCode.Compile)]
        private void Remember(Device device)
        {
            _devices[device.Identifier] = device;
            if (device.Serial != null)
            {
                _devicesBySerial[device.Serial] = device;
            }
        }
    }
}
