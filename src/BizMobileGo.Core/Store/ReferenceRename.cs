using System;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;
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
