using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// A device handed from one user to another keeps its RegistrationEmail unless the change gives a new one, and the
    /// check-in email the change queues (SPEC: "queued whenever a device with a RegistrationEmail is created or changed")
    /// carries the device's code to that address: the previous user's, when the admin forgot -RegistrationEmail
    /// (walkthrough 23, finding 1). The email is still queued, as the spec says; what was missing is that nobody was told.
    /// The admin is told before anything is written: a warning naming the device, both users and the address (never the
    /// code), and a note at the end of the change's -WhatIf / -Confirm line.
    /// <para>
    /// When (README, "A device handed to another user keeps its RegistrationEmail, and says so"): the change links the
    /// device to a user other than the one it had (or to a user, when it had none); its RegistrationEmail is not empty and the change leaves it as it was (given
    /// again with the same value, as an export re-imported with only its UserName edited gives it, counts as left); and
    /// that address is not the new user's EmailAddress (ignoring case: an address's domain has no case, and nobody keeps
    /// two users apart by the case of their address). The address is the previous user's EmailAddress, or another one (a
    /// kitting mailbox, an address typed only here): either way the new holder's code goes somewhere the admin did not name
    /// for the new holder, so both are said, worded by which it is. A device that had no user but kept a RegistrationEmail
    /// (left so by Remove-BmgUser -Force, which keeps an address that isn't the leaver's own, or an unlink that left the
    /// address) is handed over too: the address was no new holder's choice (walkthrough 32, left32c), so the same rule says
    /// so, worded "not the new user's". Not said: a device unlinked from its user (nobody new gets it; the address had the
    /// code already), a new device (its command names the address itself), and a change that gives a new RegistrationEmail.
    /// </para>
    /// <para>
    /// A device unlinked because its user was removed (Remove-BmgUser -Force; walkthrough 32, finding 7) leaves its user for
    /// nobody: by the same comparison (<see cref="IsAddressOf"/>) a RegistrationEmail that is the removed user's address is
    /// cleared with the link (<see cref="Users.UserRemoval"/>), and one that is not stays with a warning
    /// (<see cref="KeptAfterUserRemoved"/>): the module can't tell a private address from a kitting mailbox.
    /// </para>
    /// </summary>
    internal static class HandedOverCheckInEmail
    {
        /// <summary>True when the change hands the device to another user (or to a user, from none) and its check-in email goes elsewhere (see the class).</summary>
        /// <param name="newUsersAddress">The EmailAddress of the user the device goes to, as the change leaves that user; null when none.</param>
        [MethodImpl(PerRowCode.Compile)]
        internal static bool Applies(Device before, Device after, string? newUsersAddress) =>
            after.UserName != null && !string.Equals(before.UserName, after.UserName, StringComparison.Ordinal)
            && after.RegistrationEmail != null && string.Equals(before.RegistrationEmail, after.RegistrationEmail, StringComparison.Ordinal)
            && !IsAddressOf(after.RegistrationEmail, newUsersAddress);

        /// <summary>
        /// Whether <paramref name="address"/> is the user's whose EmailAddress is <paramref name="usersAddress"/> (null: the user
        /// has none), ignoring case: an address's domain has no case, and nobody keeps two users apart by the case of their address.
        /// </summary>
        internal static bool IsAddressOf(string address, string? usersAddress) =>
            string.Equals(address, usersAddress, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// "Device 'iphone-0002' keeps RegistrationEmail 'hanako@gmail.example', not the removed user's address: its next change
        /// queues its check-in code there; clear it with Set-BmgDevice 'iphone-0002' -RegistrationEmail ''." (about 180 characters).
        /// </summary>
        /// <param name="unlinked">The device as the removal of its user leaves it (its RegistrationEmail kept).</param>
        internal static string KeptAfterUserRemoved(Device unlinked) =>
            $"Device '{FieldText.Printable(unlinked.Identifier)}' keeps RegistrationEmail '{FieldText.Printable(unlinked.RegistrationEmail!)}', " +
            "not the removed user's address: its next change queues its check-in code there; clear it with " +
            $"Set-BmgDevice {FieldText.SingleQuotedArgument(unlinked.Identifier)} -RegistrationEmail ''.";

        /// <summary>
        /// "Device 'iphone-0002' goes to user 'yamada', but its check-in code goes to 'suzuki@example.com', the previous user's;
        /// add -RegistrationEmail 'yamada@example.com'." About 160 characters, three lines at 80 columns: it was 330 (left26),
        /// five lines a device, and a batch writes one a device under -Verbose. The previous user's name is left to the
        /// change's -WhatIf line and its history (UserName: 'suzuki' -> 'yamada'); what to do stays.
        /// </summary>
        /// <param name="previousUsersAddress">The EmailAddress of the user the device leaves; null when none.</param>
        /// <param name="typed">The UserName was typed as a parameter (Set-BmgDevice), not read from a file's row or piped record.</param>
        internal static string Warning(Device before, Device after, string? previousUsersAddress, string? newUsersAddress, bool typed) =>
            $"Device '{FieldText.Printable(after.Identifier)}' goes to user '{FieldText.Printable(after.UserName!)}', but its check-in code " +
            $"goes to '{FieldText.Printable(after.RegistrationEmail!)}', {WhoseShort(after.RegistrationEmail!, previousUsersAddress)}; " +
            $"{HowToSend(newUsersAddress, typed)}.";

        /// <summary>What the change's -WhatIf / -Confirm line ends with: "check-in email with the device's code to 'suzuki@example.com', the previous user's address".</summary>
        internal static string Note(Device after, string? previousUsersAddress) =>
            $"check-in email with the device's code to '{FieldText.Printable(after.RegistrationEmail!)}', {Whose(after.RegistrationEmail!, previousUsersAddress)}";

        private static string Whose(string address, string? previousUsersAddress) =>
            IsAddressOf(address, previousUsersAddress)
                ? "the previous user's address"
                : "which is not the new user's address";

        // The warning's words for Whose: the address is just named before them.
        private static string WhoseShort(string address, string? previousUsersAddress) =>
            IsAddressOf(address, previousUsersAddress) ? "the previous user's" : "not the new user's";

        private static string HowToSend(string? newUsersAddress, bool typed)
        {
            string known = newUsersAddress == null ? "the new user's address" : $"'{FieldText.Printable(newUsersAddress)}'";
            return typed ? $"add -RegistrationEmail {known}" : $"set the row's RegistrationEmail to {known}";
        }
    }
}
