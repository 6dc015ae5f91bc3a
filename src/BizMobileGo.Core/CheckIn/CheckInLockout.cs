using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.CheckIn
{
    /// <summary>A device's refused check-ins that count toward the lockout, and until when they lock it.</summary>
    public sealed class CheckInLockState
    {
        public CheckInLockState(Device device, int refusedCheckIns, DateTimeOffset? lockedUntil)
        {
            Device = device;
            RefusedCheckIns = refusedCheckIns;
            LockedUntil = lockedUntil;
        }

        public Device Device { get; }

        /// <summary>The refused check-ins within the last <see cref="CheckInService.LockoutWindow"/>.</summary>
        public int RefusedCheckIns { get; }

        /// <summary>When the device's check-ins are taken again by themselves; null when they are not refused now.</summary>
        public DateTimeOffset? LockedUntil { get; }

        /// <summary>The state as the change history records it (never a code): its times in UTC, as every time a history entry holds.</summary>
        public string Describe() => Describe(LockedUntil is DateTimeOffset until
            ? string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm:ss}Z", until.UtcDateTime) : null);

        /// <summary>The state as a message shows it (-WhatIf, -Confirm): local time with its offset, as every time shown (ShownTime).</summary>
        public string ToText() => Describe(LockedUntil is DateTimeOffset until ? Times.ShownTime.ToText(until) : null);

        private string Describe(string? lockedUntil) => lockedUntil != null
            ? string.Format(CultureInfo.InvariantCulture, "locked until {0} ({1} refused check-ins)", lockedUntil, RefusedCheckIns)
            : string.Format(CultureInfo.InvariantCulture, "{0} refused check-in{1}, not locked", RefusedCheckIns, RefusedCheckIns == 1 ? "" : "s");
    }

    /// <summary>
    /// The check-in lockout as an admin sees and clears it (CheckInService counts and enforces it): until when an
    /// Identifier is locked, and Unlock-BmgDeviceCheckIn, which forgets a device's recent refused check-ins.
    /// </summary>
    public static class CheckInLockout
    {
        /// <summary>The field an unlock's change history entry names.</summary>
        public const string HistoryField = "CheckInLockout";

        /// <summary>
        /// Until when these refusals (one Identifier's, within the window) lock it: the check-in that makes the count
        /// fall below <see cref="CheckInService.MaxFailedCheckIns"/> is the one after the 5th newest refusal leaves the window.
        /// </summary>
        public static DateTimeOffset? LockedUntil(IEnumerable<DateTimeOffset> refusals)
        {
            List<DateTimeOffset> newestFirst = refusals.OrderByDescending(at => at).ToList();
            return !LocksOut(newestFirst.Count) ? null : newestFirst[CheckInService.MaxFailedCheckIns - 1] + CheckInService.LockoutWindow;
        }

        /// <summary>
        /// The one rule for "locked now": whether this many refused check-ins within <see cref="CheckInService.LockoutWindow"/>
        /// refuse the next check-in. The check-in applies it, and Get-BmgDevice's CheckInLockedUntil, IsCheckInLocked and
        /// table mark come from it (through <see cref="LockedUntil"/>), so they never disagree.
        /// </summary>
        public static bool LocksOut(int refusalsInWindow) => refusalsInWindow >= CheckInService.MaxFailedCheckIns;

        /// <summary>Every Identifier locked now and until when, ignoring case: one read of the window's refusals.</summary>
        public static IReadOnlyDictionary<string, DateTimeOffset> Current(ICheckInStore store, DateTimeOffset now)
        {
            var locked = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in store.GetCheckInFailures(now - CheckInService.LockoutWindow, ErrorIds.CheckInRejected)
                .GroupBy(failure => failure.Identifier, failure => failure.At, StringComparer.OrdinalIgnoreCase))
            {
                if (LockedUntil(group) is DateTimeOffset until)
                {
                    locked[group.Key] = until;
                }
            }

            return locked;
        }

        /// <summary>The refused check-ins of a device that count now.</summary>
        public static CheckInLockState StateOf(IDeviceStore store, Device device, DateTimeOffset now)
        {
            List<DateTimeOffset> refusals = store.GetCheckInFailures(now - CheckInService.LockoutWindow, ErrorIds.CheckInRejected)
                .Where(failure => string.Equals(failure.Identifier, device.Identifier, StringComparison.OrdinalIgnoreCase))
                .Select(failure => failure.At).ToList();
            return new CheckInLockState(device, refusals.Count, LockedUntil(refusals));
        }

        /// <summary>
        /// Forgets every refused check-in of a device being removed (in the removal's transaction), of any age and reason. They
        /// name the device by its Identifier's text only, so kept they would count toward the lockout of a device registered
        /// or renamed later under that Identifier, guessing at a code it never had. They are a rate limit's counter, not a
        /// record: nothing reads them past the lockout window, and the change history keeps the removal itself.
        /// </summary>
        public static void ForgetRemoved(ICheckInStore store, Device device) =>
            store.ClearCheckInFailures(device.Identifier, DateTimeOffset.MinValue);

        /// <summary>
        /// Forgets the device's refused check-ins of the window (locked or not yet), so its next check-in is taken, and
        /// records that in the change history (field <see cref="HistoryField"/>: what it was → cleared). A device without
        /// recent refusals is left as it is and nothing is recorded. Confirmed outside the write lock, as every change.
        /// </summary>
        public static CheckInLockState Unlock(IDeviceStore store, string identifier, Func<CheckInLockState, bool> confirm, DateTimeOffset now, ChangeOrigin origin) =>
            ConfirmedChange.Run(store, () =>
            {
                Device device = store.GetDevice(identifier) ?? throw DeviceEditor.NotFoundWithoutRename(store, identifier);
                return StateOf(store, device, now);
            }, state => state.RefusedCheckIns > 0, confirm, state =>
            {
                store.ClearCheckInFailures(state.Device.Identifier, now - CheckInService.LockoutWindow);
                var history = (IHistoryStore)store;
                long key = store.GetDeviceKey(state.Device.Identifier)
                    ?? throw new InvalidOperationException($"The device '{state.Device.Identifier}' has no key in the store.");
                ChangeActor actor = ChangeActor.Current;
                var entry = new ChangeEntry(now, actor.OsUser, actor.Host, origin.Command, null, null, SubjectKind.Device,
                    key.ToString(CultureInfo.InvariantCulture), state.Device.Identifier, ChangeAction.Changed,
                    new[] { new FieldChange(HistoryField, state.Describe(), null) }, origin.ChangedBy);
                history.Append(HistoryChain.Link(HistoryHeadCheck.Read(history), new[] { entry }));
            });
    }
}
