using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>An outbox entry as it would be sent now: the device it is for and the template's values; or why it must not be sent.</summary>
    public sealed class CheckInMessage
    {
        private CheckInMessage(CheckInEmail email, IReadOnlyDictionary<string, string>? values, string? staleReason)
        {
            Email = email;
            Values = values ?? new Dictionary<string, string>();
            StaleReason = staleReason;
        }

        public CheckInEmail Email { get; }

        /// <summary>The placeholder values; empty when the entry is stale.</summary>
        public IReadOnlyDictionary<string, string> Values { get; }

        /// <summary>Why the entry must not be sent (the device went away or no longer has this code or address), or null.</summary>
        public string? StaleReason { get; }

        /// <summary>
        /// What the entry says, checked against the device as it is now: an email must never carry a code the
        /// device no longer has, nor go to an address the device no longer names.
        /// </summary>
        public static CheckInMessage For(IDeviceStore store, CheckInEmail email, CheckInEmailTemplate template, string? checkInUrl)
        {
            Device? device = store.GetDevice(email.Identifier);
            if (device == null || !CheckInOutbox.IsOwnEmail(email, device))
            {
                // Removed after the email was queued by a version that left such emails Pending (a removal now supersedes them),
                // and the name perhaps given to another device since: the email was queued for the device that is gone.
                return new CheckInMessage(email, null, CheckInOutbox.RemovedReason(email.Identifier));
            }

            // Checked in or withdrawn after the email was queued (a race with the state change, or a store whose older
            // version left such emails Pending): the code is no longer needed, or must not reach the former user.
            string? notRegistered = CheckInOutbox.NotRegisteredReason(device);
            if (notRegistered != null)
            {
                return new CheckInMessage(email, null, notRegistered);
            }

            if (!string.Equals(device.PlainCode, email.PlainCode, StringComparison.Ordinal))
            {
                return new CheckInMessage(email, null, $"The device '{email.Identifier}' has another check-in code now.");
            }

            if (!string.Equals(device.RegistrationEmail, email.Recipient, StringComparison.OrdinalIgnoreCase))
            {
                return new CheckInMessage(email, null, $"The device '{email.Identifier}' no longer has the RegistrationEmail '{email.Recipient}'.");
            }

            User? user = device.UserName == null ? null : store.GetUser(device.UserName);
            string displayName = string.IsNullOrEmpty(device.DisplayName) ? device.Identifier : device.DisplayName!;
            string name = !string.IsNullOrEmpty(user?.Name) ? user!.Name! : device.UserName ?? email.Recipient;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Identifier"] = device.Identifier,
                ["DisplayName"] = displayName,
                ["Device"] = template.FormatDevice(device.Identifier, device.DisplayName),
                ["Code"] = email.PlainCode,
                ["UserName"] = device.UserName ?? "",
                ["Name"] = name,
                ["Recipient"] = email.Recipient,
                ["Deadline"] = template.FormatDeadline(email.QueuedAt.AddDays(device.ExpirationDays)),
                ["CheckInUrl"] = checkInUrl ?? "",
            };
            return new CheckInMessage(email, values, null);
        }
    }
}
