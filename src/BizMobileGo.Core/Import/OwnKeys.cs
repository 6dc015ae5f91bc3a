using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Which of a chunk's keys its look-ups must send. A table that was empty when the import first read it, inside its
    /// transaction, holds nothing but the import's own rows until the import ends (<see cref="IChunkReads.ReadEmptyTables"/>:
    /// every other writer waits for the writer lock). There a key the import has not written cannot be found, so it is
    /// not looked up: in a first import into a new store none of a chunk's five look-ups goes to the server (~6 % of its
    /// time, PERFORMANCE.md, nineteenth round), and a later chunk that names an earlier chunk's user, identifier or serial
    /// still looks that one up.
    /// </summary>
    /// <remarks>
    /// Every key the import writes is remembered as it is planned, before it can reach the store, as a fingerprint
    /// (<see cref="KeyFingerprint"/>: a few bytes a key); two keys sharing one only make a key be looked up that need not
    /// be. User names and serials compare exactly in the store, as here. Identifiers compare there as the server's
    /// lower() folds them, which may fold letters beyond ASCII (a Turkish 'I' to a dotless 'ı'): an identifier that is not
    /// all ASCII is always looked up, and once the import writes one, every identifier is (two ASCII identifiers the
    /// server folds alike are alike ignoring ASCII case, the fingerprint's own folding). Past <see cref="MemoryLimit"/> keys
    /// of a kind the import stops remembering that kind and looks all of its keys up again: memory stays flat.
    /// </remarks>
    internal sealed class OwnKeys
    {
        /// <summary>Keys remembered a kind, at most (as <see cref="SeenKeys"/> keeps in memory).</summary>
        internal const int MemoryLimit = 250_000;

        private readonly int _memoryLimit;

        // null: every key of the kind is looked up (its table held rows, or too many keys, or not known yet).
        private HashSet<long>? _userNames;
        private HashSet<long>? _identifiers;
        private HashSet<long>? _serials;
        private HashSet<long>? _emailIdentifiers;

        public OwnKeys(int memoryLimit = MemoryLimit)
        {
            _memoryLimit = memoryLimit;
        }

        /// <summary>True once <see cref="Learn"/> was told which tables were empty.</summary>
        public bool Learned { get; private set; }

        /// <summary>
        /// Takes which tables were empty, read in the import's transaction, and the changes planned and not yet written
        /// then (they will be: their keys may be found from now on). Changes written before are in the tables, which
        /// were then not empty.
        /// </summary>
        public void Learn(EmptyTables empty, IReadOnlyList<StoreChange> plannedNotWritten)
        {
            Learned = true;
            _userNames = empty.Users ? new HashSet<long>() : null;
            _identifiers = empty.Devices ? new HashSet<long>() : null;
            _serials = empty.Devices ? new HashSet<long>() : null;
            _emailIdentifiers = empty.CheckInEmails ? new HashSet<long>() : null;
            foreach (StoreChange change in plannedNotWritten)
            {
                Remember(change);
            }
        }

        /// <summary>Remembers the keys a planned change writes (the rows after it: a row's keys before it were remembered when it was written).</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void Remember(StoreChange change)
        {
            if (change.IsDevice)
            {
                if (change.DeviceAfter is Device device)
                {
                    RememberIdentifier(ref _identifiers, device.Identifier);
                    if (device.Serial != null)
                    {
                        Add(ref _serials, device.Serial);
                    }
                }
            }
            else if (change.UserAfter is User user)
            {
                Add(ref _userNames, user.UserName);
            }
        }

        /// <summary>
        /// The identifiers of a chunk's check-in emails whose unsent emails must be looked up, before the chunk's write
        /// adds them (all of them when that is not known: null); then remembers them, for the chunks after.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public IReadOnlyCollection<string>? EmailIdentifiersToLookUp(IReadOnlyList<CheckInEmail> emails)
        {
            if (_emailIdentifiers == null || emails.Count == 0)
            {
                return null;
            }

            var lookUp = new List<string>();
            foreach (CheckInEmail email in emails)
            {
                if (MayHoldIdentifier(_emailIdentifiers, email.Identifier))
                {
                    lookUp.Add(email.Identifier);
                }
            }

            foreach (CheckInEmail email in emails)
            {
                RememberIdentifier(ref _emailIdentifiers, email.Identifier);
            }

            return lookUp;
        }

        /// <summary>The user names among <paramref name="names"/> the store may hold.</summary>
        public IReadOnlyCollection<string> UserNamesToLookUp(IReadOnlyCollection<string> names) => Exact(_userNames, names);

        /// <summary>The serials among <paramref name="serials"/> a device in the store may hold.</summary>
        public IReadOnlyCollection<string> SerialsToLookUp(IReadOnlyCollection<string> serials) => Exact(_serials, serials);

        /// <summary>The identifiers among <paramref name="identifiers"/> a device in the store may hold (ignoring case, as the store does).</summary>
        public IReadOnlyCollection<string> IdentifiersToLookUp(IReadOnlyCollection<string> identifiers)
        {
            HashSet<long>? written = _identifiers;
            if (written == null || identifiers.Count == 0)
            {
                return identifiers;
            }

            var lookUp = new List<string>();
            foreach (string identifier in identifiers)
            {
                if (MayHoldIdentifier(written, identifier))
                {
                    lookUp.Add(identifier);
                }
            }

            return lookUp;
        }

        private static IReadOnlyCollection<string> Exact(HashSet<long>? written, IReadOnlyCollection<string> keys)
        {
            if (written == null || keys.Count == 0)
            {
                return keys;
            }

            var lookUp = new List<string>();
            foreach (string key in keys)
            {
                if (written.Contains(KeyFingerprint.OfText(key)))
                {
                    lookUp.Add(key);
                }
            }

            return lookUp;
        }

        private static bool MayHoldIdentifier(HashSet<long> written, string identifier) =>
            !Ascii.IsValid(identifier) || written.Contains(KeyFingerprint.OfText(identifier, ignoreCase: true));

        private void RememberIdentifier(ref HashSet<long>? written, string identifier)
        {
            if (written == null)
            {
                return;
            }

            if (!Ascii.IsValid(identifier))
            {
                // The server may fold it like an ASCII identifier (above): every identifier is looked up from now on.
                written = null;
                return;
            }

            Add(ref written, identifier, ignoreCase: true);
        }

        // Every planned change comes here: a kind not remembered (a SQLite store's, a table that held rows) makes no fingerprint.
        private void Add(ref HashSet<long>? written, string key, bool ignoreCase = false)
        {
            if (written == null)
            {
                return;
            }

            long fingerprint = KeyFingerprint.OfText(key, ignoreCase);
            if (written.Count >= _memoryLimit && !written.Contains(fingerprint))
            {
                written = null;
                return;
            }

            written.Add(fingerprint);
        }
    }
}
