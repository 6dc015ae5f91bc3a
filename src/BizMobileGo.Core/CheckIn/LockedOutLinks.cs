using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.CheckIn
{
    /// <summary>
    /// The check-in lockout as Get-BmgDeviceDepLink says it (desk45, 6): the link view is where a helpdesk looks when a device
    /// won't check in, and a locked-out device's Warning was empty while Get-BmgDevice's table said "Registered (lockout)".
    /// One per command: the lockouts are read once (<see cref="CheckInLockout.Current"/>, the rule the check-in applies), and
    /// only when a link shown is Registered, the one state a lockout can refuse.
    /// </summary>
    public sealed class LockedOutLinks
    {
        private readonly ICheckInStore _store;
        private readonly Action _beforeRead;
        private IReadOnlyDictionary<string, DateTimeOffset>? _locked;

        /// <param name="beforeRead">Called before the one read (a command's batch read aside must end first: one thread uses the store).</param>
        public LockedOutLinks(ICheckInStore store, Action beforeRead)
        {
            _store = store;
            _beforeRead = beforeRead;
        }

        /// <summary>
        /// When <paramref name="link"/>'s device is locked out now, adds the lockout to its Warning and returns what was added
        /// (the command's warning line says it); null otherwise.
        /// </summary>
        public string? Note(DeviceDepLink link)
        {
            if (link.State != DeviceState.Registered)
            {
                return null;
            }

            if (_locked == null)
            {
                _beforeRead();
                _locked = CheckInLockout.Current(_store, DateTimeOffset.UtcNow);
            }

            if (!_locked.TryGetValue(link.Identifier, out DateTimeOffset until))
            {
                return null;
            }

            string warning = Warning(until, link.DEPMethod);
            link.AddWarning(warning);
            return warning;
        }

        /// <summary>
        /// The lockout in the words of CheckInLockedOut and Unlock-BmgDeviceCheckIn, until when in local time with its offset (as
        /// every time in a message). A device that enrolls by DEP serial checks in by its serial alone, which the lockout does not
        /// refuse (only check-ins by Identifier and code count and are refused): said, so no one unlocks a device for nothing.
        /// </summary>
        public static string Warning(DateTimeOffset until, DepMethod? depMethod) => string.Format(CultureInfo.InvariantCulture,
            "Check-ins by its Identifier and code are refused until {0} (CheckInLockedOut: {1} failed within {2:0} minutes){3}; Unlock-BmgDeviceCheckIn lifts the lockout",
            Times.ShownTime.ToText(until), CheckInService.MaxFailedCheckIns, CheckInService.LockoutWindow.TotalMinutes,
            depMethod == DepMethod.Serial ? ", not its check-in by serial alone" : "");
    }
}
