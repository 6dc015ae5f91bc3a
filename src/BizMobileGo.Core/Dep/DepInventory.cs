using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    /// <summary>What <see cref="DepInventory.NameProfile"/> did.</summary>
    public sealed class DepProfileNaming
    {
        internal DepProfileNaming(DepProfile profile, int devicesGivenUuid, string? done)
        {
            Profile = profile;
            DevicesGivenUuid = devicesGivenUuid;
            Done = done;
        }

        /// <summary>The profile as the store now holds it.</summary>
        public DepProfile Profile { get; }

        /// <summary>DEP devices known only by a profile name that were given a uuid.</summary>
        public int DevicesGivenUuid { get; }

        /// <summary>The action as confirmed and written; null when nothing was written (the name was already so, or declined).</summary>
        public string? Done { get; }
    }

    /// <summary>Changes to the DEP inventory made by hand rather than from Apple's files.</summary>
    public static class DepInventory
    {
        /// <summary>
        /// Names a DEP profile uuid (Apple's profile_uuid) whose profile response the admin doesn't have. Devices known only
        /// by a name adopt the uuid of the one profile that now has that name, as when a file names it (<see cref="DepProfileAdoptions"/>).
        /// <paramref name="confirm"/> gets the whole action, adoptions counted, before anything is written.
        /// </summary>
        public static DepProfileNaming NameProfile(IDeviceStore store, string? uuid, string? name, Func<string, bool> confirm, DateTimeOffset now)
        {
            string checkedUuid = FieldText.TrimOrEmpty(uuid);
            if (checkedUuid.Length == 0 || checkedUuid.Length > 64 || !IsUuidText(checkedUuid))
            {
                throw new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"Uuid value '{uuid}' is not valid: must be Apple's profile_uuid, 1 to 64 characters of A-Z, 0-9 and '-'.", uuid);
            }

            if (!BoundedText.TryParse(name, BoundedText.NameMaxLength, out string checkedName, out string? rule) || checkedName.Length == 0)
            {
                throw new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"Name value '{name}' is not valid: {rule ?? FieldText.BlankRule}.", name);
            }

            using IStoreTransaction transaction = store.BeginTransaction();
            string? before = store.GetDepProfileName(checkedUuid);
            if (before == checkedName)
            {
                return new DepProfileNaming(Profile(store, checkedUuid, before), 0, null);
            }

            var known = new KnownDepProfiles(store, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [checkedUuid] = checkedName });
            DepProfileAdoptions adoptions = DepProfileAdoptions.OfNaming(DepProfileAdoptions.KnownOnlyByName(store), known, checkedUuid, checkedName, before);
            List<DepDevice> adopting = adoptions.All.ToList();
            string action = before == null ? $"Name DEP profile {checkedUuid} '{checkedName}'" : $"Rename DEP profile {checkedUuid} from '{before}' to '{checkedName}'";
            action += $", giving its uuid to {adoptions.OfName.Count} DEP device(s) known only by the name '{checkedName}'";
            if (adoptions.LeftUuid != null)
            {
                action += $", and the uuid of the one profile left named '{before}' ({adoptions.LeftUuid}) to {adoptions.OfNameLeft.Count} DEP device(s) known only by that name";
            }

            if (!confirm(action))
            {
                return new DepProfileNaming(Profile(store, checkedUuid, before), 0, null);
            }

            store.SetDepProfileName(checkedUuid, checkedName, now);
            foreach (DepDevice adopted in adopting)
            {
                store.UpsertDepDevice(adopted);
            }

            transaction.Commit();
            return new DepProfileNaming(Profile(store, checkedUuid, checkedName), adopting.Count, action);
        }

        private static DepProfile Profile(IDeviceStore store, string uuid, string? name) =>
            store.GetDepProfiles().FirstOrDefault(p => string.Equals(p.Uuid, uuid, StringComparison.OrdinalIgnoreCase)) ?? new DepProfile(uuid, name, 0);

        /// <summary>The uuids of the profiles assigned to active DEP devices whose name is not known.</summary>
        public static IEnumerable<string> UnnamedProfilesInUse(IDeviceStore store) =>
            store.GetDepProfiles().Where(p => p.Uuid != null && p.Name == null && p.DeviceCount > 0).Select(p => p.Uuid!);

        /// <summary>Deletes a DEP device from the inventory; device records keep their Serial.</summary>
        public static void Remove(IDeviceStore store, DepDevice depDevice, Func<DepDevice, bool> confirm)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            if (confirm(depDevice))
            {
                store.DeleteDepDevice(depDevice.SerialNumber);
                transaction.Commit();
            }
        }

        private static bool IsUuidText(string text)
        {
            foreach (char c in text)
            {
                if (!FieldText.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
