using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>The outbox's rules that are not about sending: what queuing an email does to older ones, and marking one sent.</summary>
    public sealed class CheckInOutbox
    {
        private readonly IDeviceStore _store;

        public CheckInOutbox(IDeviceStore store) => _store = store;

        /// <summary>
        /// Whether <paramref name="email"/> is the own email of <paramref name="device"/>: queued for that device, by its key
        /// (<see cref="CheckInEmail.DeviceKey"/>), not only under its Identifier. An Identifier can be reused: a device removed
        /// and a new one created under its name (ipad-0042 issued to the next employee) would otherwise show, supersede or send
        /// the previous holder's emails, with their addresses and codes, as its own (walkthrough 32, 2). The one rule of "this
        /// device's emails": a piped device's (Get-/Send-BmgCheckInEmail), the ones a newer email, a check-in, a withdrawal,
        /// a removal or its user's removal supersedes, the ones a rename carries, and the sender's check. An email without a
        /// key (queued before the stores kept it, for a device since removed) is no device's own. A device record no store
        /// gave (no DeviceKey) can only be told by its name.
        /// </summary>
        public static bool IsOwnEmail(CheckInEmail email, Device device) =>
            device.DeviceKey is not long key || email.DeviceKey == key;

        /// <summary>
        /// The key of the device an email is queued for, fixed before it is inserted: the key its record had when the email was
        /// planned (an update's), or the one the store gave the device when its change was written (a created device's, written
        /// before its email), or, for an email queued by other means, the key of the device under its Identifier now.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        internal long? KeyOfDevice(CheckInEmail email)
        {
            email.DeviceKey ??= email.QueuedFor?.DeviceKey ?? _store.GetDeviceKey(email.Identifier);
            email.QueuedFor = null;
            return email.DeviceKey;
        }

        /// <summary>
        /// Queues an email and supersedes the device's older unsent ones, Pending and Failed (<see cref="Unsent"/>): the user
        /// must get only the newest code, at the newest address, and a Failed one piped back into the sender must not go out
        /// beside the newer one. An email already being sent can't be called back.
        /// </summary>
        public void Queue(CheckInEmail email)
        {
            long? key = KeyOfDevice(email);
            IReadOnlyList<CheckInEmail> older = Unsent(new[] { email.Identifier }, stale => stale.DeviceKey == key);
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
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
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

            // The devices' keys by Identifier (a name appears once a chunk but for a list of one device's emails): an unsent
            // email under the name is superseded only when it is that device's own.
            var keys = new Dictionary<string, long?>(emails.Count, StringComparer.OrdinalIgnoreCase);
            for (int index = 0; index < emails.Count; index++)
            {
                keys[emails[index].Identifier] = KeyOfDevice(emails[index]);
            }

            var pending = new Dictionary<string, List<CheckInEmail>>(StringComparer.OrdinalIgnoreCase);
            foreach (CheckInEmail older in Unsent(mayHaveUnsent ?? identifiers,
                stale => keys.TryGetValue(stale.Identifier, out long? key) && stale.DeviceKey == key))
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
                SupersedeUnsent(new[] { device }, _ => reason);
            }
        }

        /// <summary>
        /// Supersedes a removed device's unsent emails (Pending and Failed), in the transaction of the removal, as
        /// <see cref="SupersedeAfterStateChange"/> does: the outbox names a device by its Identifier's text, so a device
        /// registered (or renamed) later under that Identifier would otherwise find them as its own.
        /// </summary>
        public void SupersedeAfterRemoval(Device device) => SupersedeUnsent(new[] { device }, _ => RemovedReason(device.Identifier));

        /// <summary>
        /// Supersedes the unsent emails (Pending and Failed) of devices unlinked because their user was removed
        /// (Remove-BmgUser -Force), in the transaction of the removal, whatever their address: each was queued for the device's
        /// holder, who is gone, and the nightly send would otherwise mail the device's code to the former user (walkthrough 32,
        /// finding 7). Nothing replaces them (no SupersededBy). <see cref="CountUnsent"/> counts them for the -WhatIf line.
        /// </summary>
        public void SupersedeAfterUserRemoved(IReadOnlyList<Device> devices, string userName) =>
            // The reason names the device as it is named now (an entry names it as the outbox was given it, in any case).
            SupersedeUnsent(devices, device => UserRemovedReason(device.Identifier, userName));

        /// <summary>Supersedes every unsent email of the devices (<see cref="Unsent"/>, their own only), each with its device's reason; nothing replaces them.</summary>
        private void SupersedeUnsent(IReadOnlyList<Device> devices, Func<Device, string> reasonOf)
        {
            var superseded = new List<(long Id, long? SupersededBy, string Reason)>();
            foreach ((CheckInEmail unsent, Device device) in UnsentOf(devices))
            {
                superseded.Add((unsent.Id, null, reasonOf(device)));
            }

            if (superseded.Count != 0)
            {
                _store.SupersedeCheckInEmails(superseded);
            }
        }

        /// <summary>
        /// How many emails of the devices could still go out (Pending and Failed, their own: what <see cref="UnsentOf"/> finds),
        /// read only: what a confirmation says a change will supersede before anything is changed.
        /// </summary>
        public int CountUnsent(IReadOnlyList<Device> devices)
        {
            Func<CheckInEmail, Device?> deviceOf = OwnerAmong(devices, out List<string> identifiers);
            int count = 0;
            foreach (CheckInEmail email in _store.FindUnsentCheckInEmails(identifiers))
            {
                count += deviceOf(email) == null ? 0 : 1;
            }

            return count;
        }

        /// <summary>The devices' own unsent emails (<see cref="Unsent"/>), each with its device.</summary>
        private List<(CheckInEmail Email, Device Device)> UnsentOf(IReadOnlyList<Device> devices)
        {
            Func<CheckInEmail, Device?> deviceOf = OwnerAmong(devices, out List<string> identifiers);
            var found = new List<(CheckInEmail, Device)>();
            foreach (CheckInEmail unsent in Unsent(identifiers, email => deviceOf(email) != null))
            {
                found.Add((unsent, deviceOf(unsent)!));
            }

            return found;
        }

        /// <summary>Which of the devices an email is the own email of (<see cref="IsOwnEmail"/>), or null; and the devices' Identifiers to look up.</summary>
        private static Func<CheckInEmail, Device?> OwnerAmong(IReadOnlyList<Device> devices, out List<string> identifiers)
        {
            var byIdentifier = new Dictionary<string, Device>(devices.Count, StringComparer.OrdinalIgnoreCase);
            foreach (Device device in devices)
            {
                byIdentifier[device.Identifier] = device;
            }

            identifiers = new List<string>(byIdentifier.Keys);
            return email => byIdentifier.TryGetValue(email.Identifier, out Device? device) && IsOwnEmail(email, device) ? device : null;
        }

        /// <summary>
        /// The devices' emails that could still go out (identifiers ignoring case), oldest first: their Pending ones, and
        /// their Failed ones (an admin may pipe those back into the sender), each made Pending again for a moment within this
        /// transaction: only a Pending entry is superseded. The one rule of what a newer email, a check-in, a withdrawal or
        /// a removal supersedes; one look-up for a whole import chunk (on PostgreSQL one round trip: a piped edit made two a device).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private IReadOnlyList<CheckInEmail> Unsent(IReadOnlyCollection<string> identifiers, Func<CheckInEmail, bool> isOwn)
        {
            IReadOnlyList<CheckInEmail> unsent = _store.FindUnsentCheckInEmails(identifiers);
            var own = new List<CheckInEmail>(unsent.Count);
            foreach (CheckInEmail email in unsent)
            {
                if (!isOwn(email))
                {
                    continue;
                }

                if (email.Status == CheckInEmailStatus.Failed)
                {
                    // Made Pending, or left out when a sender's claim or another change took it meanwhile, as the Pending read did.
                    if (!_store.RequeueFailedCheckInEmail(email.Id))
                    {
                        continue;
                    }

                    email.Status = CheckInEmailStatus.Pending;
                }

                own.Add(email);
            }

            return own;
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

        /// <summary>Why the check-in email of a device whose user was removed must not be sent (<see cref="SupersedeAfterUserRemoved"/>).</summary>
        internal static string UserRemovedReason(string identifier, string userName) =>
            $"The device '{identifier}' was unlinked from its user '{userName}', who was removed; its check-in code must not reach the former user.";

        /// <summary>Why a removed device's check-in email must not be sent (the one text for removal and for the sender's check).</summary>
        internal static string RemovedReason(string identifier) =>
            $"The device '{identifier}' was removed; its check-in code must not reach anyone.";

        internal static string SupersedeReason(CheckInEmail stale, CheckInEmail newer)
        {
            bool codeChanged = !string.Equals(stale.PlainCode, newer.PlainCode, StringComparison.Ordinal);
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

        /// <summary>
        /// Records a Pending or Failed entry as Sent although no message goes out (Send-BmgCheckInEmail -MarkSent): the store it
        /// was moved from sent it, or the code reached its user another way. Its StatusReason says so and who did it, so the outbox
        /// still tells a delivered email from a marked one (a marked one has no ServerReply). False when it is being sent now or is
        /// already Sent or Superseded.
        /// </summary>
        public bool MarkSentWithoutSending(long id, DateTimeOffset markedAt, ChangeActor actor) =>
            _store.MarkCheckInEmailSentWithoutSending(id, markedAt, MarkedSentReason(actor));

        /// <summary>
        /// Send-BmgCheckInEmail -MarkSent given no selection (left32c): refused, as Remove-Item without a path is, rather than
        /// mark every Pending email of the store, whose codes then never go out. A send takes every Pending email by default
        /// because sending is what the outbox is for; marking without sending is the exception (a store moved, a code given by
        /// hand), and it always concerns named devices. "-Identifier *" still marks them all, said on purpose.
        /// </summary>
        public static Errors.BmgException MarkSentNeedsSelection() =>
            new Errors.BmgException(Errors.ErrorIds.SelectionRequired, Errors.BmgErrorCategory.InvalidArgument,
                "-MarkSent needs a selection: it records emails as Sent although no message goes out, so it does not take every " +
                "Pending email as a send does. Name them with -Identifier, -LiteralIdentifier or -Recipient, or pipe devices or " +
                "Get-BmgCheckInEmail's entries; -Identifier * marks every Pending email (-WhatIf lists them first).", "MarkSent");

        /// <summary>
        /// The StatusReason of an entry a run delivered: who sent it (walk46, 3). On a store a team shares, "who mailed this code?"
        /// had no answer once the send ended (the claim that named the sender is cleared), while a marked one said who marked it.
        /// </summary>
        public static string SentReason(ChangeActor actor) =>
            $"Sent by '{actor.OsUser}' on '{actor.Host}' (Send-BmgCheckInEmail).";

        /// <summary>The StatusReason of an entry marked sent: who marked it, and that this store sent no message.</summary>
        public static string MarkedSentReason(ChangeActor actor) =>
            $"Marked sent without sending by '{actor.OsUser}' on '{actor.Host}' (Send-BmgCheckInEmail -MarkSent): no message went out from this store.";
    }
}
