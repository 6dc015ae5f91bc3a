using System;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// What renaming an organization, template or device tag does to the users and devices that hold it: each
    /// holder written again through the store's one write path (so its change history records the rename).
    /// One rule for every store; a store only finds the holders and renames the reference row itself.
    /// </summary>
    internal static class ReferenceRename
    {
        public static List<StoreChange> Changes(ReferenceKind kind, string name, string newName,
            IReadOnlyList<User> users, IReadOnlyList<Device> devices, ChangeOrigin origin)
        {
            var changes = new List<StoreChange>(users.Count + devices.Count);
            foreach (User before in users)
            {
                User after = before.Clone();
                after.Organizations = Renamed(before.Organizations, name, newName);
                changes.Add(StoreChange.OfUser(before, after, origin));
            }

            foreach (Device before in devices)
            {
                Device after = before.Clone();
                if (kind == ReferenceKind.Template)
                {
                    after.Template = newName;
                }
                else
                {
                    after.DeviceTags = Renamed(before.DeviceTags, name, newName);
                }

                changes.Add(StoreChange.OfDevice(before, after, origin));
            }

            return changes;
        }

        /// <summary>
        /// Hands the history the entries of holders whose rows the database has already moved, as the write path hands it
        /// its writes: a template's devices follow the template's rename by its cascade (SQLite's ON UPDATE CASCADE,
        /// PostgreSQL's templates trigger). Writing each row again set the value it already had, and on SQLite as a
        /// statement a device, since template is an indexed column (walkthrough 24, 2: a rename over 60,000 devices
        /// held the writer lock for half a minute). The entries are the same, one per device, appended in the
        /// recorder's batches (one statement a batch). <paramref name="changes"/> are devices read with their keys.
        /// </summary>
        public static void RecordFollowed(HistoryRecorder recorder, IReadOnlyList<StoreChange> changes)
        {
            foreach (StoreChange change in changes)
            {
                Device before = change.DeviceBefore!;
                recorder.RecordDevice(before, change.DeviceAfter, before.DeviceKey!.Value, change.Origin);
            }

            // As ApplyChanges does after its writes: the entries join the history now.
            recorder.Flush();
        }

        /// <summary>True when the database moves the holders itself as the reference is renamed (a template's devices).</summary>
        public static bool HoldersFollowByThemselves(ReferenceKind kind) => kind == ReferenceKind.Template;

        /// <summary>The list with every element equal to <paramref name="name"/> (whole names, exactly) renamed.</summary>
        private static IReadOnlyList<string> Renamed(IReadOnlyList<string> names, string name, string newName)
        {
            var renamed = new string[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                renamed[i] = string.Equals(names[i], name, StringComparison.Ordinal) ? newName : names[i];
            }

            return renamed;
        }
    }
}
