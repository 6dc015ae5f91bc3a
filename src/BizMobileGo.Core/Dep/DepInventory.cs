using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    /// <summary>Changes to the DEP inventory made by hand rather than from Apple's files.</summary>
    public static class DepInventory
    {
        /// <summary>Names a DEP profile uuid (Apple's profile_uuid) whose profile response the admin doesn't have.</summary>
        public static DepProfile NameProfile(IDeviceStore store, string? uuid, string? name, Func<string, bool> confirm, DateTimeOffset now)
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
            if (before != checkedName && confirm(before == null ? $"Name DEP profile {checkedUuid} '{checkedName}'" : $"Rename DEP profile {checkedUuid} from '{before}' to '{checkedName}'"))
            {
                store.SetDepProfileName(checkedUuid, checkedName, now);
                List<string> uuidsOfName = store.GetDepProfiles()
                    .Where(p => p.Uuid != null && string.Equals(p.Name, checkedName, StringComparison.Ordinal)).Select(p => p.Uuid!).ToList();
                foreach (DepDevice adopted in DepImport.NamedOnlyDevices(store, checkedUuid, checkedName, uuidsOfName).ToList())
                {
                    store.UpsertDepDevice(adopted);
                }

                transaction.Commit();
            }

            foreach (DepProfile profile in store.GetDepProfiles())
            {
                if (string.Equals(profile.Uuid, checkedUuid, StringComparison.OrdinalIgnoreCase))
                {
                    return profile;
                }
            }

            return new DepProfile(checkedUuid, before, 0);
        }

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
