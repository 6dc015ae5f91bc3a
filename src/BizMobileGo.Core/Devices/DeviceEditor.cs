using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Devices
{
    /// <summary>
    /// Creates, edits and removes one device at a time through the same planner as the import, each in
    /// its own transaction. <c>confirm</c> is asked (ShouldProcess) only when something would change.
    /// <c>confirmMayPrompt</c> (the cmdlets' ConfirmMayPrompt): false when <c>confirm</c> can't prompt, and the change is
    /// then planned once, under the store's write lock (<see cref="ConfirmedChange"/>); true plans it outside the lock for
    /// the prompt too, and again under it.
    /// </summary>
    public static class DeviceEditor
    {
        public static RecordPlan<Device> Create(IDeviceStore store, string identifierText, FieldValues values, Func<RecordPlan<Device>, bool> confirm,
            ChangeOrigin? origin = null, bool confirmMayPrompt = true)
        {
            ChangeOrigin madeBy = origin ?? ChangeOrigin.Library("DeviceEditor.Create");
            if (!DeviceIdentifier.TryParse(identifierText, out DeviceIdentifier identifier, out string? rule))
            {
                throw Refused(new[] { RecordError.InvalidValue(FieldNames.Identifier, identifierText, rule!) }, identifierText);
            }

            // The planner reads the device (its plan's Existing): a second read here to refuse one that exists would cost
            // a round trip a device on PostgreSQL.
            RecordPlan<Device> created = Change(store, () => Plan(store, identifier.Value, values, null, madeBy, plan =>
            {
                if (plan.Existing is Device existing)
                {
                    throw new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists,
                        $"A device with the Identifier '{existing.Identifier}' already exists (Identifier ignores case); change it with Set-BmgDevice.", existing.Identifier);
                }
            }), confirm, confirmMayPrompt, values);

            // New-BmgDevice's output is the device as created, of this store as a device read from it is (Device.Database).
            created.Proposed.Database = store.Location;
            return created;
        }

        /// <summary>Edits an existing device; throws <see cref="BmgException"/> when the edit is refused.</summary>
        public static RecordPlan<Device> Edit(IDeviceStore store, string identifier, FieldValues values,
            Func<RecordPlan<Device>, bool> confirm, string? location = null, ChangeOrigin? origin = null, bool confirmMayPrompt = true) =>
            Change(store, () => Plan(store, identifier, values, location, origin ?? ChangeOrigin.Library("DeviceEditor.Edit"), plan =>
            {
                if (plan.Existing == null)
                {
                    throw NotFound(store, identifier, location);
                }
            }), confirm, confirmMayPrompt, values);

        /// <summary>
        /// What Get-BmgDeviceDepLink would flag about the device as this change leaves it (a released DEP device, a DEP device
        /// that is not an iOS device, a serial Apple's list lacks: <see cref="DepLinkLookup.LinkOf"/>, the one rule), as the
        /// link view's warning line words it (<see cref="DeviceDepLink.WarningLine(IDeviceStore)"/>); null when the change changes nothing,
        /// does not set the link, or the link is not flagged. The one rule for New-BmgDevice, Set-BmgDevice and
        /// Set-BmgDeviceDepEnrollment, added to the plan's warnings before its confirmation (<see cref="Change"/>): an admin
        /// reads it before deciding.
        /// Said only when the change sets the link (a new device, its DEPMethod or Serial changing): a warning is about what
        /// the command did, and an edit of another field (a tag, the check-in period of every Standard device) said it for
        /// every flagged device it touched (walkthrough 25, 7). Get-BmgDeviceDepLink flags such a device whenever it shows it.
        /// An empty DEP device list (Apple's list never imported), where the link view flags no device but says one line for
        /// all, is said as an unlisted serial: an admin setting devices up before importing Apple's list hears it per device.
        /// An import asks it too, for every device whose link its rows set, a chunk of rows at a time, and says them once at its
        /// end (<see cref="Import.ImportDepLinks"/>, walkthrough 37, 2): a warning per row would bury the rest.
        /// </summary>
        public static string? DepLinkWarning(IDeviceStore store, RecordPlan<Device> plan) =>
            SetsDepLink(plan) ? DepLinkWarning(store, plan.Proposed, new DepLinkLookup(store)) : null;

        /// <summary>Whether the plan creates or changes a device so that its DEP link is set (<see cref="DepLinkWarning(IDeviceStore, RecordPlan{Device})"/>).</summary>
        internal static bool SetsDepLink(RecordPlan<Device> plan) =>
            plan.Action != RecordAction.Unchanged && plan.Action != RecordAction.Failed && SetsDepLink(plan.Existing, plan.Proposed);

        /// <summary>The warning of a device whose link a change set, with the command's one <paramref name="lookup"/>.</summary>
        private static string? DepLinkWarning(IDeviceStore store, Device device, DepLinkLookup lookup) =>
            DepLinkFlagged(device, lookup, out DeviceDepLink? link) ? DepLinkWarningLine(store, device, link) : null;

        /// <summary>
        /// The rule, unworded: the link view flags the device's link (<paramref name="link"/>, its Warning set), or Apple's list
        /// is empty and the device checks in through DEP with a Serial (<paramref name="link"/> null: the list is not read). An
        /// import asks it of each device whose link its rows set, and words only the first (<see cref="DepLinkWarningLine"/>).
        /// </summary>
        internal static bool DepLinkFlagged(Device device, DepLinkLookup lookup, out DeviceDepLink? link)
        {
            if (lookup.DepListIsEmpty)
            {
                link = null;
                return device.Serial != null && DeviceDepLink.ChecksInThroughDep(device.State, device.DEPMethod);
            }

            link = lookup.LinkOf(device);
            return link.Warning != null;
        }

        /// <summary>The warning line of a device <see cref="DepLinkFlagged"/> flagged, with the <paramref name="link"/> it gave.</summary>
        internal static string DepLinkWarningLine(IDeviceStore store, Device device, DeviceDepLink? link) =>
            (link?.WarningLine(store) ?? DeviceDepLink.WarningLine(device.Identifier, DeviceDepLink.UnlistedSerialWarning(device.Serial!), store))
            // A Serial Apple's list lacks that is an unclaimed DEP serial typed with O or I for 0 or 1 (walkthrough 39, 5).
            + (link != null && link.Warning == DeviceDepLink.UnlistedSerialWarning(device.Serial!) ? Dep.DepSerialLookalike.UnclaimedDepSerial(store, device.Serial!) : "");

        private static bool SetsDepLink(Device? before, Device after) =>
            before == null || before.DEPMethod != after.DEPMethod || before.Serial != after.Serial;

        /// <summary>
        /// A create or edit confirmed with the plan's warnings (the DEP link's among them, <see cref="DepLinkWarning(IDeviceStore, RecordPlan{Device})"/>). When
        /// the confirmation may prompt it is decided outside the lock, and again inside the write transaction; a value the
        /// change overwrites that is not the one the confirmation showed is noted on the plan applied (<see cref="StaleConfirmation"/>).
        /// When it can't, it is decided once, inside the transaction: nothing was shown before, so nothing can be stale.
        /// </summary>
        private static RecordPlan<Device> Change(IDeviceStore store, Func<(RecordPlanner Planner, RecordPlan<Device> Plan)> decide,
            Func<RecordPlan<Device>, bool> confirm, bool confirmMayPrompt, FieldValues values) =>
            ConfirmedChange.Run(store, () =>
                {
                    (RecordPlanner Planner, RecordPlan<Device> Plan) decision = decide();
                    if (DepLinkWarning(store, decision.Plan) is string warning)
                    {
                        decision.Plan.AddWarning(warning, BatchedWarningKind.DepLink);
                    }

                    return decision;
                },
                decision => decision.Plan.Action != RecordAction.Unchanged,
                decision => confirm(decision.Plan),
                decision => decision.Planner.Apply(decision.Plan),
                confirmMayPrompt,
                (shown, decided) => StaleConfirmation.Note(shown.Plan, decided.Plan, $"Device '{decided.Plan.Proposed.Identifier}'", values)).Plan;

        /// <param name="refuseFound">Refuses the device as found (or not) before its field errors: Create's AlreadyExists, Edit's DeviceNotFound.</param>
        private static (RecordPlanner, RecordPlan<Device>) Plan(IDeviceStore store, string identifier, FieldValues values, string? location, ChangeOrigin origin,
            Action<RecordPlan<Device>> refuseFound)
        {
            var planner = new RecordPlanner(store, origin);
            string? userLink = values[FieldKey.UserName];
            User? linkedUser = string.IsNullOrEmpty(userLink) ? null : store.GetUser(userLink!);
            RecordPlan<Device> plan = planner.PlanDevice(identifier, values, userLink, userExists: linkedUser != null);
            refuseFound(plan);
            planner.WarnIfCheckInEmailStaysWithPreviousUser(plan, values, linkedUser);
            if (plan.Errors.Count != 0)
            {
                throw Refused(plan.Errors, plan.Proposed.Identifier, location);
            }

            return (planner, plan);
        }

        /// <summary>
        /// Removes a device; a checked-in device is refused (withdraw it first). In the same transaction its unsent check-in
        /// emails are superseded and its refused check-ins forgotten: nothing is left for a later device of that Identifier.
        /// </summary>
        public static Device Remove(IDeviceStore store, string identifier, Func<Device, bool> confirm, ChangeOrigin? origin = null,
            bool confirmMayPrompt = true)
        {
            // Set once the device was found and shown to be confirmed: not found again when the removal is made, it went while
            // the prompt was open (ConfirmedChange decides again in the write transaction).
            bool shown = false;
            return ConfirmedChange.Run(store, () =>
            {
                Device device = store.GetDevice(identifier) ?? throw (shown ? GoneWhilePrompted(store, identifier) : NotFound(store, identifier));
                shown = true;
                if (device.State == DeviceState.CheckedIn)
                {
                    throw new BmgException(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation,
                        $"Device '{device.Identifier}' is CheckedIn and can't be removed; withdraw it first with Unregister-BmgDevice.", device.Identifier);
                }

                return device;
            }, _ => true, confirm, device =>
            {
                store.SaveDevice(device, null, origin ?? ChangeOrigin.Library("DeviceEditor.Remove"));
                // The outbox and the refused check-ins name a device by its Identifier's text, not by its key: left as they
                // are, a device registered or renamed later under this Identifier would take them as its own.
                new CheckInOutbox(store).SupersedeAfterRemoval(device);
                CheckInLockout.ForgetRemoved(store, device);
            }, confirmMayPrompt);
        }

        /// <summary>
        /// DeviceNotFound for an Identifier no device of <paramref name="store"/> has, naming the store searched
        /// (<see cref="SearchedStore"/>): "No device has the Identifier 'x' in the store '/srv/acme.db'."
        /// </summary>
        /// <param name="location">Where the Identifier was given, before the message ("Line 3: "); null: nowhere to say.</param>
        public static BmgException NotFoundWithoutRename(IDeviceStore store, string identifier, string? location = null) =>
            new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{location}{NoDevice(store, identifier)}.", identifier);

        /// <summary>
        /// <see cref="NotFoundWithoutRename"/> of a device to change: when the history records that the Identifier was renamed
        /// (another admin's Rename-BmgDevice since this one read it), the message says so, as a template's rename is said
        /// (<see cref="SubjectRenames"/>). The history is read only here, on the error path.
        /// </summary>
        public static BmgException NotFound(IDeviceStore store, string identifier, string? location = null) =>
            Renamed(store, identifier) is string renamed
                ? new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{location}{NoDevice(store, identifier)}: {renamed}.", identifier)
                : NotFoundWithoutRename(store, identifier, location);

        // "No device has the Identifier 'x' in the store '…'": the words every DeviceNotFound of an Identifier opens with; an
        // Identifier typed with the IME on ('ｉｐａｄ－ｊｐ００１') gets the full-width hint the import's Identifier rule gives
        // (walkthrough 37, finding 3): no device can have it, since the rule refuses full-width characters.
        private static string NoDevice(IDeviceStore store, string identifier) =>
            $"No device has the Identifier '{FieldText.Printable(identifier)}' {SearchedStore.In(store)}"
            + (MangledDigits.HasFullWidth(identifier) ? $" (the Identifier {MangledDigits.FullWidthLettersHint})" : "");

        /// <summary>
        /// The history's rename of an Identifier no device has now ("'ipad-0002' was renamed to 'ipad-0002b' (on …); give the new
        /// name"), or null (<see cref="SubjectRenames"/>): every command that names a device by an Identifier and finds none says it,
        /// a reading one (Get-BmgDevice, Get-BmgDeviceDepLink, Export-BmgDeviceCsv, the check-in email cmdlets) as a writing one
        /// does. Read only on that error path.
        /// </summary>
        public static string? Renamed(IDeviceStore store, string identifier) =>
            SubjectRenames.Hint(store, SubjectKind.Device, identifier.Trim(), name => store.GetDevice(name) != null);

        /// <summary>
        /// Send-BmgCheckInEmail's warnings for devices named by Identifiers that no email of the outbox has: for each one no
        /// device has now and whose rename the history records (its emails went with it, under the new name), by the Identifier
        /// as given, trimmed (Leftovers 25). One read of the devices for all of them, since a piped fleet's devices without an
        /// email all get here; the history only for those no device has.
        /// </summary>
        public static IReadOnlyDictionary<string, string> NoCheckInEmailRenamed(IDeviceStore store, IEnumerable<string?> identifiers)
        {
            var said = new Dictionary<string, string>(DeviceIdentifier.Comparer);
            foreach (string name in WithoutDevice(store, identifiers))
            {
                if (Renamed(store, name) is string renamed)
                {
                    said[name] = $"No check-in email names device '{FieldText.Printable(name)}': {renamed}.";
                }
            }

            return said;
        }

        /// <summary>
        /// Get-BmgCheckInEmail's errors for exact Identifiers that no email of the outbox names: DeviceNotFound for each one no
        /// device has either, the error Get-BmgDevice gives it (the rename the history records, the full-width hint; piped: one
        /// holding a wildcard character says piped values are literal), keyed by the Identifier as given, trimmed. It said nothing
        /// (walkthrough 42, finding 7: `-Identifier nosuch` looked like a device without email). A device that has no email is
        /// no error: a filter that selects nothing. One read of the devices and one of the history's names for them all.
        /// </summary>
        public static IReadOnlyDictionary<string, BmgException> NoCheckInEmailNotFound(IDeviceStore store, IEnumerable<string?> identifiers, bool piped)
        {
            var names = WithoutDevice(store, identifiers);
            return names.Count == 0 ? new Dictionary<string, BmgException>() : NotFound(store, names, piped);
        }

        /// <summary>The non-blank <paramref name="identifiers"/>, trimmed, that no device of <paramref name="store"/> has: one read for them all.</summary>
        private static HashSet<string> WithoutDevice(IDeviceStore store, IEnumerable<string?> identifiers)
        {
            var names = new HashSet<string>(DeviceIdentifier.Comparer);
            foreach (string? identifier in identifiers)
            {
                if (!string.IsNullOrWhiteSpace(identifier))
                {
                    names.Add(identifier!.Trim());
                }
            }

            if (names.Count != 0)
            {
                names.ExceptWith(store.FindDevices(names).Select(device => device.Identifier));
            }

            return names;
        }

        /// <summary>
        /// A Remove-BmgDevice confirmed after its prompt showed the device, whose Identifier no device has by the time the
        /// removal is made: another admin renamed it or removed it while the prompt was open. The error says which it was
        /// (a rename the history records, with the new name; else a removal), that it happened while the prompt was open,
        /// and, for a rename, that nothing was removed. A removal said only "No device has the Identifier 'x'." (left26),
        /// as if the prompt had shown a device that never was.
        /// </summary>
        private static BmgException GoneWhilePrompted(IDeviceStore store, string identifier) =>
            new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{NoDevice(store, identifier)} any more: " + (Renamed(store, identifier) is string renamed
                    ? $"it was renamed while the prompt was open, so nothing was removed. {renamed}."
                    : "another command removed it while the prompt was open."), identifier);

        /// <summary>
        /// An Identifier bound from the pipeline that no device has. Piped values are taken literally (README: "Everything bound
        /// from the pipeline is literal"), unlike Get-Item's: one holding a wildcard character reads as a pattern that matched
        /// nothing, so the error says why and how to match several (walkthrough 17, 9). Otherwise the same as <see cref="NotFound(IDeviceStore, string, string?)"/>.
        /// </summary>
        public static BmgException PipedNotFound(IDeviceStore store, string identifier) => !FieldText.HoldsWildcardCharacter(identifier) ? NotFound(store, identifier)
            : new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{NoDevice(store, identifier)}. Piped values are taken literally, not as wildcard "
                + "patterns; to match several devices, give the pattern as -Identifier.", identifier);

        /// <summary>
        /// <see cref="PipedNotFound(IDeviceStore, string)"/> (or <see cref="NotFound(IDeviceStore, string, string?)"/>) of a batch of identifiers no device has, with one read of the
        /// history's names for all of them: only a name the history holds can have been renamed, so only those are looked up one
        /// by one (<see cref="Renamed"/>). A list with 1,000 typos or serials piped as identifiers was two round trips a miss,
        /// 73 s at 30 ms (walkthrough 33a, finding 7). Keyed by the identifier as piped (trimmed).
        /// </summary>
        /// <param name="piped">
        /// The identifiers were piped (<see cref="PipedNotFound(IDeviceStore, string)"/>: one with a wildcard character says piped
        /// values are literal); false for names read from a file's cells (<see cref="NotFound(IDeviceStore, string, string?)"/>).
        /// </param>
        public static IReadOnlyDictionary<string, BmgException> NotFound(IDeviceStore store, IReadOnlyCollection<string> identifiers, bool piped)
        {
            var errors = new Dictionary<string, BmgException>(DeviceIdentifier.Comparer);
            var names = new HashSet<string>(identifiers.Where(identifier => identifier.Length != 0 && (!piped || !FieldText.HoldsWildcardCharacter(identifier))),
                DeviceIdentifier.Comparer);
            var inHistory = names.Count != 0 && store is IHistoryStore history
                ? new HashSet<string>(history.FindSubjectsNamed(SubjectKind.Device, names.ToList()).Select(subject => subject.Name), DeviceIdentifier.Comparer)
                : new HashSet<string>();
            foreach (string identifier in identifiers)
            {
                if (!errors.ContainsKey(identifier))
                {
                    errors[identifier] = names.Contains(identifier) && !inHistory.Contains(identifier)
                        ? NotFoundWithoutRename(store, identifier)
                        : piped ? PipedNotFound(store, identifier) : NotFound(store, identifier);
                }
            }

            return errors;
        }

        /// <summary>
        /// A serial given to select a device (Get-BmgDevice -Serial, Get-BmgDeviceDepLink -Serial) that no device holds:
        /// <paramref name="typed"/> as given, <paramref name="serial"/> as it was compared (<see cref="AppleSerial.Echo"/>); with
        /// "Did you mean …?" when a device holds it with the digits 0 and 1 for the letters O and I (walkthrough 42, finding 5).
        /// </summary>
        public static BmgException SerialNotFound(IDeviceStore store, string typed, string serial) =>
            new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"No device is registered with the Serial {AppleSerial.Echo(typed, serial)} {SearchedStore.In(store)}."
                + Dep.DepSerialLookalike.DeviceSerial(store, serial), serial);

        /// <summary>
        /// As <see cref="SerialNotFound"/>, for a look-up that matches the DEP device a record checked in as too
        /// (Get-BmgDeviceDepLink -Serial: the serial on the back of a Keycode device, walkthrough 31b, 2): says both were looked at.
        /// </summary>
        public static BmgException SerialNorDepDeviceNotFound(IDeviceStore store, string typed, string serial) =>
            new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"No device is registered with the Serial {AppleSerial.Echo(typed, serial)}, and none checked in as the DEP device of that serial, {SearchedStore.In(store)}."
                + Dep.DepSerialLookalike.DeviceSerial(store, serial), serial);

        public static BmgException Refused(IReadOnlyList<RecordError> errors, object target, string? location = null) =>
            new BmgException(errors[0].ErrorId, errors[0].Category,
                location + string.Join(" ", errors.Select(e => e.Message)), target);
    }
}
