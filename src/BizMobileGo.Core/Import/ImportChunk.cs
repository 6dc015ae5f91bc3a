using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using System.Runtime.CompilerServices;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The import's window on the store, one chunk of rows at a time: the users, devices and serials the
    /// chunk names are read with one batched look-up each (<see cref="Prefetch"/>), the chunk's changes are
    /// kept in order and overlay what was read (so a later row sees what an earlier row planned), and they
    /// go to the store in one call (<see cref="Flush"/>) before the next chunk reads. Memory holds one chunk.
    /// </summary>
    /// <remarks>
    /// Everything runs inside the import's one write transaction, so the store can't change under the
    /// overlay: only this import writes. A key the chunk did not prefetch (a piped object, a key the field
    /// rules normalize differently) is read on its own and remembered like a prefetched one.
    /// </remarks>
    internal sealed class ImportChunk : IPlanReads, IPlanWrites
    {
        /// <summary>Rows planned per chunk: one batched read and one write call each.</summary>
        public const int Rows = 1000;

        private readonly IDeviceStore _store;
        private readonly Dictionary<string, User?> _users = new Dictionary<string, User?>(StringComparer.Ordinal);
        private readonly Dictionary<string, Device?> _devices = new Dictionary<string, Device?>(DeviceIdentifier.Comparer);
        private readonly Dictionary<string, Device?> _devicesBySerial = new Dictionary<string, Device?>(StringComparer.Ordinal);
        private readonly List<StoreChange> _changes = new List<StoreChange>();
        private readonly List<CheckInEmail> _emails = new List<CheckInEmail>();

        public ImportChunk(IDeviceStore store)
        {
            _store = store;
        }

        /// <summary>Rows planned since the last flush.</summary>
        public int PlannedRows { get; set; }

        /// <summary>
        /// Writes what the previous chunk planned, forgets it, and reads every user, device and serial the next
        /// chunk names: one batched look-up each. Keys that don't exist are remembered as missing.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public void Prefetch(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> serials)
        {
            Flush();
            Forget();
            if (userNames.Count != 0)
            {
                foreach (string name in userNames)
                {
                    _users[name] = null;
                }

                foreach (User user in _store.FindUsers(userNames))
                {
                    _users[user.UserName] = user;
                }
            }

            if (identifiers.Count != 0)
            {
                foreach (string identifier in identifiers)
                {
                    _devices[identifier] = null;
                }

                foreach (Device device in _store.FindDevices(identifiers))
                {
                    Remember(device);
                }
            }

            // A serial held by a device just read is known already (the usual re-import): only the others are looked up.
            var unknownSerials = new List<string>();
            foreach (string serial in serials)
            {
                if (!_devicesBySerial.ContainsKey(serial))
                {
                    _devicesBySerial[serial] = null;
                    unknownSerials.Add(serial);
                }
            }

            if (unknownSerials.Count != 0)
            {
                foreach (Device device in _store.FindDevicesBySerial(unknownSerials))
                {
                    Remember(device);
                }
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        public User? GetUser(string userName)
        {
            if (!_users.TryGetValue(userName, out User? user))
            {
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
                device = _store.GetDeviceBySerial(serial);
                _devicesBySerial[serial] = device;
                if (device != null)
                {
                    _devices[device.Identifier] = device;
                }
            }

            return device;
        }

        /// <summary>Keeps a change for the chunk's write, and shows it to the rows planned after it.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void Write(StoreChange change)
        {
            _changes.Add(change);
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

        /// <summary>Sends the chunk's changes to the store in one call, then queues their check-in emails, in row order.</summary>
        public void Flush()
        {
            if (_changes.Count != 0)
            {
                _store.ApplyChanges(_changes);
                _changes.Clear();
            }

            if (_emails.Count != 0)
            {
                new CheckInOutbox(_store).QueueAll(_emails);

                _emails.Clear();
            }

            PlannedRows = 0;
        }

        /// <summary>Forgets what was read and planned: the store holds it now (call after <see cref="Flush"/>).</summary>
        public void Forget()
        {
            _users.Clear();
            _devices.Clear();
            _devicesBySerial.Clear();
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
