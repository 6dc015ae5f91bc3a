using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>Renaming a device or a user (Rename-BmgDevice, Rename-BmgUser): the writes of <see cref="RecordRename"/>, and what follows a device's Identifier.</summary>
    public sealed partial class PostgresDeviceStore
    {
        public void RenameDevice(Device device, string newIdentifier, ChangeOrigin origin)
        {
            if (!_inStoreTransaction)
            {
                // The device and what follows it are one change: never the row renamed and its outbox left behind.
                using IStoreTransaction own = BeginTransaction();
                RenameDevice(device, newIdentifier, origin);
                own.Commit();
                return;
            }

            ApplyChanges(new[] { RecordRename.OfDevice(device, newIdentifier, origin) });

            // Every outbox entry of the device follows, sent ones too (Get-BmgCheckInEmail -Identifier shows a device's
            // emails under its name): those queued for it, by its key (migration 18), not an earlier device's under the
            // old name. The refused check-ins name a device by its Identifier's text (any case) only.
            Run(RenameEmailsSql, Bigint(device.DeviceKey ?? GetDeviceKey(device.Identifier)), Text(newIdentifier));
            Run("UPDATE checkin_failures SET identifier = $2 WHERE lower(identifier) = lower($1);", Text(device.Identifier), Text(newIdentifier));
        }

        /// <summary>A device's emails take its new Identifier: a seek of checkin_emails_by_device_key (migration 18).</summary>
        internal const string RenameEmailsSql = "UPDATE checkin_emails SET identifier = $2 WHERE device_key = $1;";

        public void RenameUser(User user, string newUserName, IReadOnlyList<Device> devices, ChangeOrigin origin)
        {
            if (!_inStoreTransaction)
            {
                using IStoreTransaction own = BeginTransaction();
                RenameUser(user, newUserName, devices, origin);
                own.Commit();
                return;
            }

            // The devices keep the user's key (user_id); they are written again only so their history says whose they are.
            ApplyChanges(RecordRename.OfUser(user, newUserName, devices, origin));
        }
    }
}
