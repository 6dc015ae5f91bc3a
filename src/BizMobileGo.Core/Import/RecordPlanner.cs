using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Applies the field rules of SPEC §3 to the values given for a user or a device. The CSV import and
    /// the Set- cmdlets both plan through here, so a rule and its message live in one place.
    /// </summary>
    public sealed partial class RecordPlanner
    {
        private readonly IDeviceStore _store;
        private readonly IPlanReads _reads;
        private readonly IPlanWrites _writes;
        private readonly Func<DateTimeOffset> _clock;
        // The names a record may refer to, and whether Apple's list has a non-iOS device, each read when a record first needs
        // it (a change of ExpirationDays reads none of them), then kept for this planner's life. Read late is read right:
        // a planner plans within one decision, and under the store's write lock when it decides what is applied
        // (ConfirmedChange); another writer can add, rename or remove a template, tag or organization, or import Apple's
        // list, only under that lock too, so a list read at any point while it is held is the list the change is checked
        // and applied against. A plan made outside the lock (for a prompt) is made again under it, lists read anew.
        private HashSet<string>? _templates;
        private HashSet<string>? _deviceTags;
        private HashSet<string>? _organizations;
        private bool? _hasNonIosDepDevices;

        /// <summary>The store's user names by case, read at the first row that names a user no one has (for its "did you mean"), then kept.</summary>
        private ILookup<string, string>? _userNameIndex;

        /// <param name="origin">What the applied plans are recorded as made by (the command).</param>
        public RecordPlanner(IDeviceStore store, ChangeOrigin origin, Func<DateTimeOffset>? clock = null)
            : this(store, origin, clock, null)
        {
        }

        internal RecordPlanner(IDeviceStore store, ChangeOrigin origin, Func<DateTimeOffset>? clock, ImportChunk? chunk)
        {
            _store = store;
            Origin = origin;
            var direct = chunk == null ? new DirectPlanStore(store) : null;
            _reads = (IPlanReads?)chunk ?? direct!;
            _writes = (IPlanWrites?)chunk ?? direct!;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            if (chunk != null)
            {
                // An import reads them all up front, as before: its rows plan beside a thread writing to the same store
                // (DeviceImport), which a read in the middle of the rows must not meet; and a file's rows need them anyway.
                _ = Templates;
                _ = DeviceTags;
                _ = Organizations;
                _ = HasNonIosDepDevices;
            }
        }

        private HashSet<string> Templates => _templates ??= Names(_store.GetTemplates().Select(t => t.Name));

        private HashSet<string> DeviceTags => _deviceTags ??= Names(_store.GetDeviceTags().Select(t => t.Name));

        private HashSet<string> Organizations => _organizations ??= ReadOrganizations();

        /// <summary>The organizations by display Name (ignoring case), read with their ids: for the error of a Name written where an Id belongs.</summary>
        private ILookup<string, Organization>? _organizationsByName;

        private HashSet<string> ReadOrganizations()
        {
            IReadOnlyList<Organization> organizations = _store.GetOrganizations();
            _organizationsByName = ReferenceData.OrganizationsByName(organizations);
            return Names(organizations.Select(o => o.Id));
        }

        // Read only when a Template, DeviceTags or Organizations name is missing: once a kind per import, not a row.
        // Read (the history) when a name is not found: the store may be in use by an import's writing thread until then.
        private ReferenceRenames Renames
        {
            get
            {
                _reads.WaitForStore();
                return _renames ??= new ReferenceRenames(_store as History.IHistoryStore);
            }
        }
        private ReferenceRenames? _renames;

        private bool HasNonIosDepDevices => _hasNonIosDepDevices ??= _store.HasNonIosDepDevices();

        private static HashSet<string> Names(IEnumerable<string> names) => new HashSet<string>(names, StringComparer.Ordinal);

        public DateTimeOffset Now() => _clock();

        /// <summary>What applied plans are recorded as made by; an import sets the line of each row.</summary>
        public ChangeOrigin Origin { get; set; }

        /// <summary>Where a device was given, for messages that name another device (an import answers its line).</summary>
        public Func<string, string?>? LocateDevice { get; set; }
    }
}
