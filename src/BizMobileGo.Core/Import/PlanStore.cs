using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>What the planner reads: the users and devices a record names (keys as the field rules normalize them).</summary>
    internal interface IPlanReads
    {
        User? GetUser(string userName);

        /// <summary>The device with this Identifier, ignoring case.</summary>
        Device? GetDevice(string identifier);
        Device? GetDeviceBySerial(string serial);

        /// <summary>The devices that checked in as the DEP device of a serial other than their own Serial (<see cref="SerialHolders"/>).</summary>
        IReadOnlyList<Device> GetDevicesCheckedInAs(string serial);

        /// <summary>The DEP device of a serial (Apple's list): only asked when the list holds non-iOS devices.</summary>
        DepDevice? GetDepDevice(string serial);

        /// <summary>The UserNames that differ from <paramref name="userName"/>, a user about to be created, only in the case of ASCII letters.</summary>
        IReadOnlyList<string> GetUserNameCaseTwins(string userName);

        /// <summary>The UserNames that are <paramref name="userName"/>, a bare number about to be created, with leading zeros (<see cref="LeadingZeros"/>).</summary>
        IReadOnlyList<string> GetZeroPaddedUserNames(string userName);

        /// <summary>The Identifiers that are <paramref name="identifier"/>, a bare number about to be created, with leading zeros (<see cref="LeadingZeros"/>).</summary>
        IReadOnlyList<string> GetZeroPaddedIdentifiers(string identifier);

        /// <summary>
        /// Before the planner reads the store itself (a "did you mean" index, the history's renames: rows that fail): an
        /// import's chunk may be being written on another thread, which such a read must not meet.
        /// </summary>
        void WaitForStore();
    }

    /// <summary>Where the planner's applied plans go: changes in order, and the check-in emails they queue.</summary>
    internal interface IPlanWrites
    {
        void Write(StoreChange change);
        void QueueEmail(CheckInEmail email);
    }

    /// <summary>Reads and writes straight through to the store: one command's single record (New-/Set- cmdlets).</summary>
    internal sealed class DirectPlanStore : IPlanReads, IPlanWrites
    {
        private readonly IDeviceStore _store;

        public DirectPlanStore(IDeviceStore store)
        {
            _store = store;
        }

        public User? GetUser(string userName) => _store.GetUser(userName);

        public Device? GetDevice(string identifier) => _store.GetDevice(identifier);

        public Device? GetDeviceBySerial(string serial) => _store.GetDeviceBySerial(serial);

        public IReadOnlyList<Device> GetDevicesCheckedInAs(string serial) => _store.GetDevicesCheckedInAs(serial);

        public DepDevice? GetDepDevice(string serial) => _store.GetDepDevice(serial);

        public IReadOnlyList<string> GetUserNameCaseTwins(string userName) => _store.GetUserNameCaseTwins(userName);

        public IReadOnlyList<string> GetZeroPaddedUserNames(string userName) =>
            _store.FindZeroPaddedKeys(new[] { userName }, System.Array.Empty<string>()).UserNames;

        public IReadOnlyList<string> GetZeroPaddedIdentifiers(string identifier) =>
            _store.FindZeroPaddedKeys(System.Array.Empty<string>(), new[] { identifier }).Identifiers;

        public void WaitForStore()
        {
            // Nothing else uses the store: every read and write is on the caller's thread.
        }

        public void Write(StoreChange change) => _store.ApplyChanges(new[] { change });

        public void QueueEmail(CheckInEmail email) => new CheckInOutbox(_store).Queue(email);
    }
}
