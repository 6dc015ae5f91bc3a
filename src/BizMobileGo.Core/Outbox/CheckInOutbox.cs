using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>The outbox's rules that are not about sending: what queuing an email does to older ones, and marking one sent.</summary>
    public sealed class CheckInOutbox
    {
        private readonly IDeviceStore _store;

        public CheckInOutbox(IDeviceStore store) => _store = store;

        /// <summary>
        /// Whether <paramref name="email"/>, one of the emails under the Identifier of <paramref name="device"/>, is that device's own: queued
        /// when it was created or later (walkthrough 32, 2). An Identifier can be reused: a device removed and a new one created
        /// under its name (ipad-0042 issued to the next employee) would otherwise show the previous holder's emails, with their
        /// addresses and codes, as its own. Every email the module queues for a device is queued at its save (its CreatedAt at the
        /// latest), and a rename carries the device's emails along, so the time tells them apart where the name doesn't.
        /// </summary>
        /// <remarks>
        /// Compared at whole microseconds: PostgreSQL keeps times to the microsecond, so an email read back from it is queued at
        /// its device's CreatedAt rounded, while the Device New-BmgDevice hands on still holds the .NET clock's 100-ns ticks.
        /// </remarks>
        public static bool IsOwnEmail(CheckInEmail email, Device device) =>
            email.QueuedAt >= device.CreatedAt.AddTicks(-(device.CreatedAt.Ticks % TicksPerMicrosecond));

        private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

        /// <summary>
        /// Queues an email and supersedes the device's older unsent ones, Pending and Failed (<see cref="Unsent"/>): the user
        /// must get only the newest code, at the newest address, and a Failed one piped back into the sender must not go out
        /// beside the newer one. An email already being sent can't be called back.
        /// </summary>
        public void Queue(CheckInEmail email)
        {
            IReadOnlyList<CheckInEmail> older = Unsent(new[] { email.Identifier });
            _store.InsertCheckInEmail(email);
            foreach (CheckInEmail stale in older)
            {
                _store.SupersedeCheckInEmail(stale.Id, email.Id, SupersedeReason(stale, email));
            }
        }

        /// <summary>
        /// <see cref="Queue"/> for many emails in their order (an import chunk's): the devices' unsent entries
        /// (<see cref="Unsent"/>) are read in one look-up a status and the new ones inserted in one call; a later email of a
        /// device supersedes an earlier one. <paramref name="mayHaveUnsent"/>, when given, names the only devices the store may
        /// hold unsent emails of (an import into an empty outbox: those it queued in an earlier chunk); the others' are not
        /// looked up.
        /// </summary>
        public void QueueAll(IReadOnlyList<CheckInEmail> emails, IReadOnlyCollection<string>? mayHaveUnsent = null)
        {
            if (emails.Count == 0)
            {
                return;
            }

            var identifiers = new HashSet<string>(emails.Count, StringComparer.OrdinalIgnoreCase);
            // The devices with more than one email in the list (an import's chunk has none: a device appears once a file).
            HashSet<string>? repeated = null;
            for (int index = 0; index < emails.Count; index++)
            {
                string identifier = emails[index].Identifier;
                if (!identifiers.Add(identifier))
                {
                    (repeated ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(identifier);
                }
            }

            var pending = new Dictionary<string, List<CheckInEmail>>(StringComparer.OrdinalIgnoreCase);
            foreach (CheckInEmail older in Unsent(mayHaveUnsent ?? identifiers))
            {
                if (!pending.TryGetValue(older.Identifier, out List<CheckInEmail>? list))
                {
                    pending[older.Identifier] = list = new List<CheckInEmail>();
                }

                list.Add(older);
            }

            _store.InsertCheckInEmails(emails);
            // Each entry is superseded once at most (then it leaves the pending list): one call for the chunk.
            var superseded = new List<(long Id, long? SupersededBy, string Reason)>();
            for (int index = 0; index < emails.Count; index++)
            {
                CheckInEmail email = emails[index];
                if (pending.TryGetValue(email.Identifier, out List<CheckInEmail>? older))
                {
                    foreach (CheckInEmail stale in older)
                    {
                        superseded.Add((stale.Id, email.Id, SupersedeReason(stale, email)));
                    }

                    // The email is now the device's one pending entry, for a later email of the list to supersede.
                    older.Clear();
                    older.Add(email);
                }
                else if (repeated != null && repeated.Contains(email.Identifier))
                {
                    // Only a later email of the same list could supersede this one: none is remembered for a device named once.
                    pending[email.Identifier] = new List<CheckInEmail> { email };
                }
            }

            if (superseded.Count != 0)
            {
                _store.SupersedeCheckInEmails(superseded);
            }
        }

        /// <summary>
        /// Supersedes the device's unsent emails once it is no longer Registered (it checked in, or was withdrawn), in the
        /// transaction of that change: a checked-in device needs no code, and a withdrawn device's former user must not get
        /// one. Pending ones, and Failed ones too: an admin may hand those back to the sender, and they should leave the
        /// list of failures to look into (each keeps its LastError, the server's reply). Nothing replaces them (no
        /// SupersededBy). An email already being sent can't be called back; the sender's own check
        /// (<see cref="CheckInMessage.For"/>) stops it if it has not gone out yet.
        /// </summary>
        public void SupersedeAfterStateChange(Device device)
        {
            string? reason = NotRegisteredReason(device);
            if (reason != null)
            {
                SupersedeUnsent(device.Identifier, reason);
            }
        }

        /// <summary>
        /// Supersedes a removed device's unsent emails (Pending and Failed), in the transaction of the removal, as
        /// <see cref="SupersedeAfterStateChange"/> does: the outbox names a device by its Identifier's text, so a device
        /// registered (or renamed) later under that Identifier would otherwise find them as its own.
        /// </summary>
        public void SupersedeAfterRemoval(Device device) => SupersedeUnsent(device.Identifier, RemovedReason(device.Identifier));

        /// <summary>Supersedes every unsent email of the device (<see cref="Unsent"/>) with the reason; nothing replaces them (no SupersededBy).</summary>
        private void SupersedeUnsent(string identifier, string reason)
        {
            var superseded = new List<(long Id, long? SupersededBy, string Reason)>();
            foreach (CheckInEmail unsent in Unsent(new[] { identifier }))
            {
                superseded.Add((unsent.Id, null, reason));
            }

            if (superseded.Count != 0)
            {
                _store.SupersedeCheckInEmails(superseded);
            }
        }

        /// <summary>
        /// The devices' emails that could still go out (identifiers ignoring case), oldest first: their Pending ones, and
        /// their Failed ones (an admin may pipe those back into the sender), each made Pending again for a moment within this
        /// transaction: only a Pending entry is superseded. The one rule of what a newer email, a check-in, a withdrawal or
        /// a removal supersedes; one look-up a status for a whole import chunk.
        /// </summary>
        private IReadOnlyList<CheckInEmail> Unsent(IReadOnlyCollection<string> identifiers)
        {
            foreach (CheckInEmail failed in _store.FindCheckInEmails(identifiers, CheckInEmailStatus.Failed))
            {
                _store.RequeueFailedCheckInEmail(failed.Id);
            }

            return _store.FindCheckInEmails(identifiers, CheckInEmailStatus.Pending);
        }

        /// <summary>
        /// Why a device's check-in email must not be sent because of its state (the one text for the email superseded at
        /// check-in or withdrawal and for one the sender finds stale); null while it is Registered.
        /// </summary>
        internal static string? NotRegisteredReason(Device device) => device.State switch
        {
            DeviceState.CheckedIn => $"The device '{device.Identifier}' checked in; a checked-in device needs no check-in code.",
            DeviceState.Withdrawn => $"The device '{device.Identifier}' was withdrawn; its check-in code must not reach its former user.",
            _ => null,
        };

        /// <summary>Why a removed device's check-in email must not be sent (the one text for removal and for the sender's check).</summary>
        internal static string RemovedReason(string identifier) =>
            $"The device '{identifier}' was removed; its check-in code must not reach anyone.";

        internal static string SupersedeReason(CheckInEmail stale, CheckInEmail newer)
        {
            bool codeChanged = !string.Equals(stale.Code, newer.Code, StringComparison.Ordinal);
            bool addressChanged = !string.Equals(stale.Recipient, newer.Recipient, StringComparison.OrdinalIgnoreCase);
            if (codeChanged && addressChanged)
            {
                return $"The device's check-in code and RegistrationEmail changed (now '{newer.Recipient}'); email {newer.Id} replaces this one.";
            }

            if (codeChanged)
            {
                return $"The device's check-in code changed; email {newer.Id} carries the new one.";
            }

            if (addressChanged)
            {
                return $"The device's RegistrationEmail changed to '{newer.Recipient}'; email {newer.Id} goes there instead.";
            }

            return $"The device was saved again; email {newer.Id} replaces this one.";
        }

        /// <summary>Marks an entry sent (delivered some other way); false when it does not exist or is already Sent, Failed or Superseded.</summary>
        public bool MarkSent(long id, DateTimeOffset sentAt, string? serverReply = null) =>
            _store.MarkCheckInEmailSent(id, sentAt, serverReply);
    }
}
