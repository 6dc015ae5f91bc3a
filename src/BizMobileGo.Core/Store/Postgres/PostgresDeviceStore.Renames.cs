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

            // The outbox and the refused check-ins name a device by its Identifier's text (any case), not by its key.
            // Every outbox entry follows, sent ones too: Get-BmgCheckInEmail -Identifier shows a device's emails, and a
            // device later registered under the old name must not find them as its own.
            Run(RenameEmailsSql, Text(device.Identifier), Text(newIdentifier));
            Run("UPDATE checkin_failures SET identifier = $2 WHERE lower(identifier) = lower($1);", Text(device.Identifier), Text(newIdentifier));
        }

        /// <summary>
        /// A device's emails take its new Identifier. Folded as every outbox look-up folds, lower(... COLLATE "C") (ASCII
        /// letters only, as SQLite's NOCASE), not lower() under the database's locale: the same emails on either store, and
        /// a seek of checkin_emails_by_folded_identifier (migration 9), the outbox's one index by identifier, rather than a
        /// read of every email. (The refused check-ins keep lower(): checkin_failures_by_identifier is on lower(identifier).)
        /// </summary>
        internal const string RenameEmailsSql = @"UPDATE checkin_emails SET identifier = $2 WHERE lower(identifier COLLATE ""C"") = lower($1 COLLATE ""C"");";

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
