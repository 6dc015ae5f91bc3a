using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// What removing one user does (<see cref="UserEditor.Remove"/>), decided before it is confirmed and made so that the
    /// -WhatIf / -Confirm line, the warnings and the change say the same (walkthrough 32, findings 1 and 7):
    /// <list type="bullet">
    /// <item>A user with a CheckedIn or Withdrawn device is refused (DeviceLocked), even with -Force: SPEC's edit lock covers
    /// a device's user, and a withdrawn device keeps the user it was withdrawn from. The refusal names every locked device
    /// and the commands that lead on, in order (<see cref="LockedDevices"/>).</item>
    /// <item>With -Force the user's devices are unlinked; a RegistrationEmail that is the user's own EmailAddress is cleared
    /// with it (the leaver's address, where the device's next change would send its check-in code); one that is not (a
    /// private address, a kitting mailbox: the module can't tell) stays, and a warning names it and how to clear it.</item>
    /// <item>The devices' unsent check-in emails (Pending, Failed) are superseded, whatever their address: each was queued
    /// for the device's holder, who is gone, and the nightly Send-BmgCheckInEmail would otherwise mail the code to her.</item>
    /// </list>
    /// </summary>
    public sealed class UserRemoval
    {
        /// <summary>Each device of the user as the store holds it, and as the removal leaves it.</summary>
        private readonly IReadOnlyList<(Device Before, Device After)> _unlinks;

        private UserRemoval(User user, IReadOnlyList<(Device Before, Device After)> unlinks, int unsentEmails)
        {
            User = user;
            _unlinks = unlinks;
            UnsentEmails = unsentEmails;
        }

        /// <summary>The user to remove, as the store holds it.</summary>
        public User User { get; }

        /// <summary>The user's devices, as the store holds them, which the removal unlinks (-Force).</summary>
        public IReadOnlyList<Device> Devices => _unlinks.Select(unlink => unlink.Before).ToList();

        /// <summary>The devices whose RegistrationEmail the removal clears: it is the removed user's EmailAddress.</summary>
        public IReadOnlyList<Device> AddressesCleared =>
            _unlinks.Where(unlink => unlink.Before.RegistrationEmail != null && unlink.After.RegistrationEmail == null).Select(unlink => unlink.Before).ToList();

        /// <summary>The devices' check-in emails that could still go out (Pending, Failed), which the removal supersedes.</summary>
        public int UnsentEmails { get; }

        /// <summary>
        /// One warning a device that keeps a RegistrationEmail which is not the removed user's address
        /// (<see cref="HandedOverCheckInEmail.KeptAfterUserRemoved"/>), said before the change is confirmed, with the device's
        /// Identifier: a piped run that nobody confirms per user says them once at its end (<see cref="BatchedWarningKind.AddressKeptAfterUserRemoved"/>).
        /// </summary>
        public IReadOnlyList<(string Identifier, string Warning)> Warnings =>
            _unlinks.Where(unlink => unlink.After.RegistrationEmail != null)
                .Select(unlink => (unlink.After.Identifier, HandedOverCheckInEmail.KeptAfterUserRemoved(unlink.After))).ToList();

        /// <summary>
        /// The -WhatIf / -Confirm target: "User 'yamada' (unlinking devices 'ipad-1', 'iphone-1'; clearing the RegistrationEmail
        /// of 'ipad-1', the user's address; superseding 2 unsent check-in emails)".
        /// </summary>
        public string Target
        {
            get
            {
                var notes = new List<string>();
                if (_unlinks.Count != 0)
                {
                    notes.Add($"unlinking {EnglishWords.Noun(_unlinks.Count, "device")} {Quoted(Devices)}");
                }

                IReadOnlyList<Device> cleared = AddressesCleared;
                if (cleared.Count != 0)
                {
                    notes.Add($"clearing the RegistrationEmail of {Quoted(cleared)}, the user's address");
                }

                if (UnsentEmails != 0)
                {
                    notes.Add($"superseding {EnglishWords.Count(UnsentEmails, "unsent check-in email")}");
                }

                return $"User '{FieldText.Printable(User.UserName)}'" + (notes.Count == 0 ? "" : $" ({string.Join("; ", notes)})");
            }
        }

        /// <summary>
        /// "User 'owner' has devices 'dev01', 'dev02'; use -Force to unlink them and remove the user: -Force also supersedes
        /// their unsent check-in emails and clears a RegistrationEmail that is the user's own address (-WhatIf lists it all)."
        /// Everything -Force does is said before the admin adds it (left32c), not only the unlink.
        /// </summary>
        private static string InUseMessage(User user, IReadOnlyList<Device> devices)
        {
            string them = devices.Count == 1 ? "it" : "them";
            string their = devices.Count == 1 ? "its" : "their";
            return $"User '{user.UserName}' has {EnglishWords.Noun(devices.Count, "device")} {string.Join(", ", devices.Select(d => $"'{d.Identifier}'"))}; " +
                $"use -Force to unlink {them} and remove the user: -Force also supersedes {their} unsent check-in emails and clears " +
                "a RegistrationEmail that is the user's own address (-WhatIf lists it all).";
        }

        /// <summary>
        /// Decides the removal of <paramref name="userName"/> against what the store holds: UserNotFound, DeviceLocked (every
        /// locked device, and the way on), UserInUse without <paramref name="force"/>; else what the removal will change.
        /// </summary>
        internal static UserRemoval Decide(IDeviceStore store, string userName, bool force)
        {
            User user = store.GetUser(userName) ?? throw UserEditor.NotFound(store, userName);
            IReadOnlyList<Device> devices = store.GetDevicesOfUser(user.UserName);
            if (devices.Any(device => device.IsLocked))
            {
                throw LockedDevices(user, devices);
            }

            if (devices.Count != 0 && !force)
            {
                throw new BmgException(ErrorIds.UserInUse, BmgErrorCategory.InvalidOperation,
                    InUseMessage(user, devices), user.UserName);
            }

            var unlinks = devices.Select(device => (device, UnlinkedFrom(user, device))).ToList();
            int unsent = devices.Count == 0 ? 0 : new CheckInOutbox(store).CountUnsent(devices);
            return new UserRemoval(user, unlinks, unsent);
        }

        /// <summary>Makes the removal: unlinks the devices (and clears the user's address), supersedes their unsent emails, removes the user.</summary>
        internal void Apply(IDeviceStore store, ChangeOrigin origin)
        {
            foreach ((Device before, Device after) in _unlinks)
            {
                store.SaveDevice(before, after, origin);
            }

            if (_unlinks.Count != 0)
            {
                new CheckInOutbox(store).SupersedeAfterUserRemoved(Devices, User.UserName);
            }

            store.SaveUser(User, null, origin);
        }

        /// <summary>The device without its user, and without its RegistrationEmail when that is the user's own address.</summary>
        private static Device UnlinkedFrom(User user, Device device)
        {
            Device unlinked = device.Clone();
            unlinked.UserName = null;
            if (device.RegistrationEmail != null && HandedOverCheckInEmail.IsAddressOf(device.RegistrationEmail, user.EmailAddress))
            {
                unlinked.RegistrationEmail = null;
            }

            return unlinked;
        }

        /// <summary>
        /// DeviceLocked for a user with CheckedIn or Withdrawn devices: names every one with its state (not only the first, so
        /// a leaver with three withdrawn devices is not refused three times), why, and the commands that lead on, in order:
        /// withdraw the checked-in ones, remove the locked ones (a Withdrawn device can be removed; its history stays), then
        /// remove the user (with -Force when other devices are still linked).
        /// </summary>
        private static BmgException LockedDevices(User user, IReadOnlyList<Device> devices)
        {
            List<Device> locked = devices.Where(device => device.IsLocked).ToList();
            List<Device> checkedIn = locked.Where(device => device.State == DeviceState.CheckedIn).ToList();
            bool othersStay = locked.Count != devices.Count;
            string which = locked.Count == 1
                ? $"device '{locked[0].Identifier}' is {locked[0].State}, so its user can't change"
                : $"devices {string.Join(", ", locked.Select(device => $"'{device.Identifier}' ({device.State})"))} are locked, so their user can't change";
            var steps = new List<string>();
            if (checkedIn.Count != 0)
            {
                steps.Add($"Unregister-BmgDevice {Arguments(checkedIn)}");
            }

            steps.Add($"Remove-BmgDevice {Arguments(locked)}");
            steps.Add($"Remove-BmgUser {FieldText.SingleQuotedArgument(user.UserName)}{(othersStay ? " -Force" : "")}");
            return new BmgException(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation,
                $"User '{FieldText.Printable(user.UserName)}' can't be removed: {which}. Remove {(locked.Count == 1 ? "it" : "them")} first "
                + $"({(locked.Count == 1 ? "its" : "their")} change history stays), then the user: {string.Join("; ", steps)}.",
                user.UserName);
        }

        private static string Arguments(IEnumerable<Device> devices) =>
            string.Join(", ", devices.Select(device => FieldText.SingleQuotedArgument(device.Identifier)));

        private static string Quoted(IEnumerable<Device> devices) => string.Join(", ", devices.Select(device => $"'{device.Identifier}'"));
    }
}
