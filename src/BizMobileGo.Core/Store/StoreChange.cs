using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// One change of a device or a user: the state the store holds before (null: an insert) and the state
    /// after (null: a delete), with its origin. <see cref="IDeviceStore.ApplyChanges"/> takes many at once,
    /// in order, so a store across a network can send a whole import chunk in one round trip.
    /// </summary>
    public sealed class StoreChange
    {
        private StoreChange(Device? deviceBefore, Device? deviceAfter, User? userBefore, User? userAfter, ChangeOrigin origin)
        {
            DeviceBefore = deviceBefore;
            DeviceAfter = deviceAfter;
            UserBefore = userBefore;
            UserAfter = userAfter;
            Origin = origin;
        }

        public static StoreChange OfDevice(Device? before, Device? after, ChangeOrigin origin) =>
            new StoreChange(before, after, null, null, origin);

        public static StoreChange OfUser(User? before, User? after, ChangeOrigin origin) =>
            new StoreChange(null, null, before, after, origin);

        /// <summary>True for a device's change, false for a user's.</summary>
        public bool IsDevice => DeviceBefore != null || DeviceAfter != null;

        public Device? DeviceBefore { get; }
        public Device? DeviceAfter { get; }
        public User? UserBefore { get; }
        public User? UserAfter { get; }
        public ChangeOrigin Origin { get; }

        /// <summary>
        /// The history's texts of this change (<see cref="History.ChangeDiff.Of(Device, Device)"/>), when something made them
        /// before the write (an import's undone-work check, <see cref="Import.UndoneWork"/>): the recorder takes them rather than
        /// diff the same records again. Null: the recorder diffs.
        /// </summary>
        internal System.Collections.Generic.IReadOnlyList<History.FieldChange>? HistoryChanges { get; set; }

        /// <summary>
        /// Gives a device or user the insert wrote the key its row got, so that what New-BmgDevice returns has the DeviceKey
        /// that Get-BmgDevice and Set-BmgDevice -PassThru show (walkthrough 24, finding 9), and New-BmgUser's user its UserKey
        /// (walkthrough 32, finding 9). A store calls it with each written row's key (the key it records the history with); an
        /// update's or removal's record already has its key.
        /// </summary>
        public void KeyWritten(long key)
        {
            if (IsDevice)
            {
                Inserted(DeviceBefore, DeviceAfter, key);
            }
            else
            {
                Inserted(UserBefore, UserAfter, key);
            }
        }

        /// <summary><see cref="KeyWritten"/> of a device written apart from a <see cref="StoreChange"/> (SQLite's SaveDevice).</summary>
        public static void Inserted(Device? before, Device? after, long key)
        {
            if (before == null && after != null)
            {
                after.DeviceKey = key;
            }
        }

        /// <summary><see cref="KeyWritten"/> of a user written apart from a <see cref="StoreChange"/> (SQLite's SaveUser).</summary>
        public static void Inserted(User? before, User? after, long key)
        {
            if (before == null && after != null)
            {
                after.UserKey = key;
            }
        }
    }
}
