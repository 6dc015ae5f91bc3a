using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// The helpdesk's look-up by e-mail address ("my e-mail is …": Get-BmgUser -EmailAddress, Get-BmgDevice -RegistrationEmail;
    /// walkthrough 42, finding 6; Get-BmgCheckInEmail -Recipient reads the outbox whole, as it always did, and says its misses
    /// alike). Addresses compare ignoring case, as mail systems treat them; wildcards allowed. No index holds the addresses
    /// (an index is a migration: a later round's, should look-ups by address be frequent), so the store filters by the
    /// patterns' LIKE forms (<see cref="WildcardLike"/>) in one statement: on PostgreSQL the server scans, and only
    /// the matches cross the link, as <c>*ipad*</c> look-ups of identifiers are read (<see cref="DevicePatternReads"/>). The
    /// caller matches with the patterns themselves: the store's filter is only ever a superset.
    /// </summary>
    public static class EmailLookup
    {
        /// <summary>The users whose EmailAddress one of <paramref name="patterns"/> may match, by user name; every user where a pattern has no LIKE form.</summary>
        public static IEnumerable<User> UserCandidates(IDeviceStore store, IReadOnlyList<string> patterns) =>
            WildcardLike.Of(patterns) is IReadOnlyList<string> likes ? store.GetUsersWithEmailLike(likes) : store.GetUsers();

        /// <summary>The devices whose RegistrationEmail one of <paramref name="patterns"/> may match, by Identifier; every device where a pattern has no LIKE form.</summary>
        public static IEnumerable<Device> DeviceCandidates(IDeviceStore store, IReadOnlyList<string> patterns) =>
            WildcardLike.Of(patterns) is IReadOnlyList<string> likes ? store.GetDevicesLike(NameSource.DeviceRegistrationEmails, likes) : store.GetDevices();

        /// <summary>UserNotFound of an exact address no user has: "No user has the EmailAddress 'x' in the store '…'."</summary>
        public static BmgException NoUser(IDeviceStore store, string address) =>
            new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound,
                $"No user has the EmailAddress '{FieldText.Printable(address)}' {SearchedStore.In(store)}.", address);

        /// <summary>CheckInEmailNotFound of an exact address no check-in email goes to: "No check-in email has the Recipient 'x' in the store '…'."</summary>
        public static BmgException NoCheckInEmail(IDeviceStore store, string address) =>
            new BmgException(ErrorIds.CheckInEmailNotFound, BmgErrorCategory.ObjectNotFound,
                $"No check-in email has the Recipient '{FieldText.Printable(address)}' {SearchedStore.In(store)}.", address);

        /// <summary>DeviceNotFound of an exact address no device has: "No device has the RegistrationEmail 'x' in the store '…'."</summary>
        public static BmgException NoDevice(IDeviceStore store, string address) =>
            new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"No device has the RegistrationEmail '{FieldText.Printable(address)}' {SearchedStore.In(store)}.", address);
    }
}
