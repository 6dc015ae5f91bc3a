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
        /// <summary>
        /// Renames the reference row and writes (or records) its holders, a page of holders at a time inside the caller's
        /// transaction (walkthrough 34b, finding 2: a template's 300,000 devices read whole took 793 MB), so memory holds a
        /// page however many follow. Holders are paged by their row key, which every holder read can seek (a template's index
        /// holds it); each page is written before the next is read. Returns how many holders followed.
        /// </summary>
        /// <param name="usersAfter">The users that hold <paramref name="name"/> now, by user key, the first <c>size</c> after the given one (null: from the start).</param>
        /// <param name="devicesAfter">The same for devices (a template's or a tag's).</param>
        /// <param name="renameRow">Renames the reference row itself (a template's devices follow it in the database).</param>
        /// <param name="write">The store's one write path (ApplyChanges).</param>
        public static int Rename(ReferenceKind kind, string name, string newName, ChangeOrigin origin,
            Func<User?, int, List<User>> usersAfter, Func<Device?, int, List<Device>> devicesAfter,
            Action renameRow, HistoryRecorder recorder, Action<List<StoreChange>> write)
        {
            // Holders that follow by themselves are read (and recorded) before the row moves them; the others are written
            // after it, each page of them to the new name, so the next page's read (still of the old name) seeks past them.
            bool follow = HoldersFollowByThemselves(kind);
            if (!follow)
            {
                renameRow();
            }

            int holders = 0;
            void Follow(List<StoreChange> changes)
            {
                holders += changes.Count;
                if (follow)
                {
                    RecordFollowed(recorder, changes);
                }
                else
                {
                    write(changes);
                }
            }

            if (kind == ReferenceKind.Organization)
            {
                foreach (List<User> page in KeysetListing.Pages(usersAfter))
                {
                    Follow(Changes(kind, name, newName, page, Array.Empty<Device>(), origin));
                }
            }
            else
            {
                foreach (List<Device> page in KeysetListing.Pages(devicesAfter))
                {
                    Follow(Changes(kind, name, newName, Array.Empty<User>(), page, origin));
                }
            }

            if (follow)
            {
                renameRow();
            }

            return holders;
        }

        private static List<StoreChange> Changes(ReferenceKind kind, string name, string newName,
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
        private static void RecordFollowed(HistoryRecorder recorder, IReadOnlyList<StoreChange> changes)
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
        private static bool HoldersFollowByThemselves(ReferenceKind kind) => kind == ReferenceKind.Template;

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
