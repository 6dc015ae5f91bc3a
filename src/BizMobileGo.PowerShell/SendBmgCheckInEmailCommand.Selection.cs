using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Outbox;

namespace BizMobileGo.PowerShell
{
    /// <summary>Which emails a run sends: the outbox entries piped in, the devices piped or named, and why a device has none to send.</summary>
    public sealed partial class SendBmgCheckInEmailCommand
    {
        private PipedOutboxRecords? _piped;

        protected override void ProcessRecordCore()
        {
            if (InputObject != null)
            {
                SelectPiped();
                _anySelection = true;
                foreach (CheckInEmail email in InputObject)
                {
                    CheckInEmail stored;
                    try
                    {
                        stored = CheckInEmailSender.StoredAsPiped(Store, email);
                    }
                    catch (BmgException notThisStores)
                    {
                        // Not in this store's outbox, or its Id names another device's email here: nothing sent for it.
                        WriteError(ToErrorRecord(notThisStores));
                        continue;
                    }

                    _handedIn.Add(stored.Id);
                    Select(stored);
                }

                return;
            }

            if (Identifier == null && LiteralIdentifier == null && PipedWithoutKey)
            {
                return;
            }

            _anySelection |= Identifier != null || LiteralIdentifier != null || Recipient != null || PipedWithoutKey;
            if (Identifier != null && LiteralIdentifier == null && FromPipeline(nameof(Identifier)))
            {
                // Piped identifiers (literal) are selected a batch at a time, with one read of the outbox per batch.
                _piped ??= new PipedOutboxRecords();
                _piped.Add(Identifier);
                if (_piped.IsDue)
                {
                    SelectPiped();
                }

                return;
            }

            SelectPiped();
            // The same name rule as Get-BmgCheckInEmail (exact wins, escapes, piped values literal, a bad pattern an error).
            var unsent = Store.GetUnsentCheckInEmails();
            NameMatch? recipient = Filter(Recipient, nameof(Recipient), ignoreCase: true,
                name => unsent.Any(e => string.Equals(e.Recipient, name, StringComparison.OrdinalIgnoreCase)));
            Func<string, bool> isIdentifier = name => unsent.Any(e => string.Equals(e.Identifier, name, StringComparison.OrdinalIgnoreCase));
            var identifiers = Identifier == null && LiteralIdentifier == null ? null : new List<NameMatch>();
            if (Identifier != null)
            {
                identifiers!.AddRange(Matches(Identifier, FromPipeline(nameof(Identifier)), ignoreCase: true, isIdentifier, nameof(Identifier)));
            }

            if (LiteralIdentifier != null)
            {
                identifiers!.AddRange(Matches(LiteralIdentifier, literal: true, ignoreCase: true, isIdentifier, nameof(LiteralIdentifier)));
            }

            if (identifiers != null)
            {
                // A name that selects no unsent email says why, as a piped device does (the same rule, SayWhyNothingToSend):
                // "-Identifier tokyo-02" gave no output at all when its email was Sent or Failed. A pattern says nothing:
                // it names no device in particular, and "-Identifier *" would explain every device ever emailed.
                List<string[]> nothingUnsent = identifiers
                    .Where(id => id.Exact != null && !unsent.Any(email => id.IsMatch(email.Identifier)))
                    .Select(id => new[] { id.Exact! })
                    .ToList();
                if (nothingUnsent.Count != 0)
                {
                    SayWhyNothingToSend(nothingUnsent, piped: false, WhatBecameOf(nothingUnsent, renamedAmong: null));
                }
            }

            foreach (CheckInEmail email in unsent)
            {
                if ((identifiers == null || identifiers.Any(id => id.IsMatch(email.Identifier)))
                    && (recipient == null || recipient.IsMatch(email.Recipient)))
                {
                    Select(email);
                }
            }
        }

        /// <summary>Selects the unsent emails of the piped records kept so far, in order, as each would have selected them alone.</summary>
        private void SelectPiped()
        {
            if (_piped == null || _piped.Count == 0)
            {
                return;
            }

            var unsent = Store.GetUnsentCheckInEmails();
            NameMatch? recipient = Filter(Recipient, nameof(Recipient), ignoreCase: true,
                name => unsent.Any(e => string.Equals(e.Recipient, name, StringComparison.OrdinalIgnoreCase)));
            List<string[]>? nothingUnsent = null;
            List<string>? unmatchedNames = null;
            foreach ((string[] identifiers, List<CheckInEmail> matched) in _piped.Take(unsent))
            {
                if (matched.Count == 0)
                {
                    (nothingUnsent ??= new List<string[]>()).Add(identifiers);
                    continue;
                }

                // A record with something to send may name a device by an old Identifier beside another that has an email
                // waiting: that name is said as a record with nothing to send says it (left27), not passed over.
                foreach (string name in identifiers.Where(id => id != null).Select(id => id.Trim()).Distinct(DeviceIdentifier.Comparer))
                {
                    if (!matched.Any(email => DeviceIdentifier.Comparer.Equals(email.Identifier, name)))
                    {
                        (unmatchedNames ??= new List<string>()).Add(name);
                    }
                }

                foreach (CheckInEmail email in matched)
                {
                    if (recipient == null || recipient.IsMatch(email.Recipient))
                    {
                        Select(email);
                    }
                }
            }

            if (unmatchedNames == null && nothingUnsent == null)
            {
                return;
            }

            // A batch can need both (a record naming an old Identifier beside one with an email waiting, and a record with
            // nothing to send): one read of the outbox, and one look-up of renames, serve both (left28).
            Outcomes outcomes = WhatBecameOf(nothingUnsent ?? new List<string[]>(), unmatchedNames);
            if (unmatchedNames != null)
            {
                WarnOfRenamedNames(unmatchedNames, outcomes);
            }

            if (nothingUnsent != null)
            {
                SayWhyNothingToSend(nothingUnsent, piped: true, outcomes);
            }
        }

        /// <summary>
        /// What the outbox says of the names a batch explains: the newest email of each Identifier it holds (ignoring case), and
        /// the rename warning (<see cref="DeviceEditor.NoCheckInEmailRenamed"/>) of each name no email has that a device was
        /// renamed away from.
        /// </summary>
        private sealed record Outcomes(Dictionary<string, CheckInEmail> Newest, IReadOnlyDictionary<string, string> Renamed);

        /// <summary>
        /// <see cref="Outcomes"/> of the names of <paramref name="records"/> (each a record's Identifiers) and
        /// <paramref name="renamedAmong"/>: the whole outbox read once, the devices and the history once for the names no
        /// email has.
        /// </summary>
        private Outcomes WhatBecameOf(List<string[]> records, List<string>? renamedAmong)
        {
            var newest = new Dictionary<string, CheckInEmail>(DeviceIdentifier.Comparer);
            foreach (CheckInEmail email in Store.GetCheckInEmails())
            {
                newest[email.Identifier] = email;   // oldest first: the last one of a device wins
            }

            // A device named by a name no email ever had may have been renamed (its emails went with it): one read of the
            // devices for all such names, the history only for those no device has.
            // Every name of a record counts: a record naming several Identifiers got no warning for a renamed one (left26).
            IEnumerable<string> names = records.SelectMany(identifiers => identifiers).Where(identifier => identifier != null).Select(identifier => identifier.Trim())
                .Concat(renamedAmong ?? Enumerable.Empty<string>());
            return new Outcomes(newest, DeviceEditor.NoCheckInEmailRenamed(Store, names.Where(name => !newest.ContainsKey(name))));
        }

        /// <summary>
        /// The rename warning (<see cref="Outcomes.Renamed"/>) for each of <paramref name="names"/> that no email of the outbox
        /// has, in order, for each record naming it: the names of piped records that had something to send, so that the old
        /// name among them is said as <see cref="SayWhyNothingToSend"/> says it for a record with nothing to send.
        /// </summary>
        private void WarnOfRenamedNames(List<string> names, Outcomes outcomes)
        {
            foreach (string name in names)
            {
                if (outcomes.Renamed.TryGetValue(name, out string? warning))
                {
                    WriteWarning(warning);
                }
            }
        }

        /// <summary>
        /// Says, for each piped device (or device named by -Identifier, <paramref name="piped"/> false) that has no email to
        /// send, what became of its newest one, so "no email", "already sent at 08:23" and "Failed" can be told apart
        /// (walkthrough 14): -Verbose for each, and one warning at the end for those whose email Failed, which a piped or
        /// named device does not send again (only a piped outbox entry is retried, as the help says: a -Identifier or
        /// device selection sends Pending emails only). The outbox is read once for the batch (<paramref name="outcomes"/>), as
        /// Get-BmgCheckInEmail reads it for piped devices, and only when some device had nothing to send.
        /// </summary>
        private void SayWhyNothingToSend(List<string[]> records, bool piped, Outcomes outcomes)
        {
            if (!piped)
            {
                _devicesGiven = "named";
            }

            (Dictionary<string, CheckInEmail> newest, IReadOnlyDictionary<string, string> renamed) = outcomes;
            foreach (string[] identifiers in records)
            {
                CheckInEmail? last = null;
                foreach (string? identifier in identifiers)
                {
                    if (identifier != null && newest.TryGetValue(identifier.Trim(), out CheckInEmail? email) && (last == null || email.Id > last.Id))
                    {
                        last = email;
                    }
                }

                // Renamed by another admin: its emails went with it, under the new name; said as a warning, as a Failed one is,
                // for each of the record's names so renamed.
                List<string> names = identifiers.Where(id => id != null).Select(id => id.Trim()).Distinct(DeviceIdentifier.Comparer).ToList();
                int warned = 0;
                foreach (string name in names)
                {
                    if (renamed.TryGetValue(name, out string? warning))
                    {
                        WriteWarning(warning);
                        warned++;
                    }
                }

                string device = last?.Identifier ?? string.Join("', '", names);
                switch (last?.Status)
                {
                    case null when warned != 0 && warned == names.Count:
                        break;
                    case null:
                        SayVerbose($"Device '{device}' has no check-in email in the outbox (none was queued: a device gets one when it has a RegistrationEmail).");
                        break;
                    case CheckInEmailStatus.Sent:
                        SayVerbose($"The check-in email of device '{device}' was sent at {last.SentAt?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)} "
                            + $"(email {last.Id} to '{last.Recipient}'); a Sent email is not sent twice, and a save that changes nothing queues none: give the device a new code (Set-BmgDevice -Code) to queue a new one.");
                        break;
                    case CheckInEmailStatus.Failed:
                        SayVerbose($"The check-in email of device '{device}' failed (email {last.Id} to '{last.Recipient}': {last.StatusReason ?? last.LastError}); "
                            + $"a {(piped ? "piped" : "named")} device sends Pending emails only: pipe the outbox entry to send it again.");
                        _devicesFailed.Add(last.Identifier);
                        break;
                    default:
                        SayVerbose($"The check-in email of device '{device}' is {last.Status} (email {last.Id} to '{last.Recipient}'){(last.StatusReason == null ? "" : ": " + last.StatusReason)}; it is not sent.");
                        break;
                }
            }
        }

        private void Select(CheckInEmail email)
        {
            if (_selectedIds.Add(email.Id))
            {
                _selected.Add(email);
            }
        }
    }
}
