using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// What renaming a device or a user writes through the one write path, the same for every store: the record with its
    /// new key (the store keeps its row, so its subject key and its history stay), and for a user each device that
    /// points at it, whose UserName reads differently now. A store adds only what refers to a device by its Identifier's
    /// text in its own tables (the outbox, the refused check-ins).
    /// </summary>
    internal static class RecordRename
    {
        /// <summary>
        /// The device's change. Only the Identifier moves: SavedAt too stays, because a rename is no save of the registered
        /// information (the check-in deadline, ExpirationDays after the last save, does not move), as with a template rename.
        /// </summary>
        public static StoreChange OfDevice(Device device, string newIdentifier, ChangeOrigin origin) =>
            StoreChange.OfDevice(device, Renamed(device, newIdentifier), origin);

        /// <summary>
        /// The device as a rename leaves it in the store: <paramref name="device"/> (as the store held it) under the new
        /// Identifier, nothing else changed. What Rename-BmgDevice hands back, without reading the device again.
        /// </summary>
        public static Device Renamed(Device device, string newIdentifier)
        {
            Device renamed = device.Clone();
            renamed.Identifier = newIdentifier;
            return renamed;
        }

        /// <summary>The user as a rename leaves it in the store (as <see cref="Renamed(Device, string)"/> for a device).</summary>
        public static User Renamed(User user, string newUserName)
        {
            User renamed = user.Clone();
            renamed.UserName = newUserName;
            return renamed;
        }

        /// <summary>The user's change first (a device's user is found by the new name), then one per device of the user.</summary>
        public static List<StoreChange> OfUser(User user, string newUserName, IReadOnlyList<Device> devices, ChangeOrigin origin)
        {
            var changes = new List<StoreChange>(devices.Count + 1);
            changes.Add(StoreChange.OfUser(user, Renamed(user, newUserName), origin));
            foreach (Device before in devices)
            {
                Device after = before.Clone();
                after.UserName = newUserName;
                changes.Add(StoreChange.OfDevice(before, after, origin));
            }

            return changes;
        }
    }
}
