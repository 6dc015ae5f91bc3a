using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Dep
{
    /// <summary>What <see cref="DepInventory.NameProfile"/> did.</summary>
    public sealed class DepProfileNaming
    {
        internal DepProfileNaming(DepProfile profile, int devicesGivenUuid, string? done, string? warning)
        {
            Profile = profile;
            DevicesGivenUuid = devicesGivenUuid;
            Done = done;
            Warning = warning;
        }

        /// <summary>The profile as the store now holds it.</summary>
        public DepProfile Profile { get; }

        /// <summary>DEP devices known only by a profile name that were given a uuid.</summary>
        public int DevicesGivenUuid { get; }

        /// <summary>The action as confirmed and written; null when nothing was written (the name was already so, or declined).</summary>
        public string? Done { get; }

        /// <summary>Said also when nothing was written: the uuid is one no DEP device or profile in the store has yet (a typo shows).</summary>
        public string? Warning { get; }
    }

    /// <summary>What <see cref="DepInventory.Remove"/> did.</summary>
    public sealed class DepRemoval
    {
        internal DepRemoval(bool removed, string? target, DepWarning? warning, Device? holder = null)
        {
            Removed = removed;
            Target = target;
            Warning = warning;
            Holder = holder;
        }

        /// <summary>True when the DEP device was deleted (confirmed, and still there once the store was held).</summary>
        public bool Removed { get; }

        /// <summary>What was asked about: the DEP device and the device whose Serial it is; null when the DEP device was gone.</summary>
        public string? Target { get; }

        /// <summary>
        /// Said after a removal only: the device whose Serial it was is still to check in through DEP, or keeps using the removed
        /// DEP device (checked in with it, or its release no longer shown). A command removing many DEP devices says its kind
        /// once (<see cref="DepWarning.Kind"/>).
        /// </summary>
        public DepWarning? Warning { get; }

        /// <summary>The device whose Serial the DEP device is (its history records a removed release); null when none.</summary>
        internal Device? Holder { get; }
    }

    /// <summary>Changes to the DEP inventory made by hand rather than from Apple's files.</summary>
    public static class DepInventory
    {
        /// <summary>
        /// Names a DEP profile uuid (Apple's profile_uuid) whose profile response the admin doesn't have. Devices known only
        /// by a name adopt the uuid of the one profile that now has that name, as when a file names it (<see cref="DepProfileAdoptions"/>).
        /// <paramref name="confirm"/> gets the whole action, adoptions counted, before anything is written.
        /// </summary>
        /// <param name="overwritten">
        /// Told, after the change, when the name it replaced is not the one the confirmation showed (another writer named the
        /// profile while the prompt was open): the rule of <see cref="StaleConfirmation"/>.
        /// </param>
        /// <param name="confirmMayPrompt">False when <paramref name="confirm"/> can't prompt: the naming is then decided once, under the write lock (<see cref="ConfirmedChange"/>).</param>
        public static DepProfileNaming NameProfile(IDeviceStore store, string? uuid, string? name, Func<string, bool> confirm, DateTimeOffset now,
            Action<string>? overwritten = null, bool confirmMayPrompt = true)
        {
            string checkedUuid = FieldText.TrimOrEmpty(uuid);
            if (checkedUuid.Length == 0)
            {
                throw new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"Uuid value '{uuid}' is not valid: {FieldText.BlankRule}; {AppleUuidRule}.", uuid);
            }

            if (!BoundedText.TryParse(name, BoundedText.NameMaxLength, out string checkedName, out string? rule) || checkedName.Length == 0)
            {
                throw new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"Name value '{name}' is not valid: {rule ?? FieldText.BlankRule}.", name);
            }

            // Asked before the store's write lock is taken, and decided again once it is held (ConfirmedChange): a prompt left
            // open must not block every other writer (on PostgreSQL, hold the server's lock).
            bool applied = false;
            string? stale = null;
            ProfileNamingDecision decision = ConfirmedChange.Run(store,
                () => DecideNaming(store, checkedUuid, checkedName),
                d => d.Action != null,
                d => confirm(d.Action!),
                d =>
                {
                    store.SetDepProfileName(checkedUuid, checkedName, now);
                    foreach (DepDevice adopted in d.Adopting)
                    {
                        store.UpsertDepDevice(adopted);
                    }

                    applied = true;
                },
                confirmMayPrompt,
                (shown, decided) => stale = StaleConfirmation.Check($"DEP profile {checkedUuid}", "Name", shown.Before, decided.Before, checkedName));
            if (stale != null)
            {
                overwritten?.Invoke(stale);
            }

            return applied
                ? new DepProfileNaming(Profile(store, checkedUuid, checkedName), decision.Adopting.Count, decision.Action, decision.Warning)
                : new DepProfileNaming(Profile(store, checkedUuid, decision.Before), 0, null, decision.Warning);
        }

        /// <summary>What naming a profile would do against what the store holds now: Action null when the name is already so.</summary>
        private sealed class ProfileNamingDecision
        {
            public ProfileNamingDecision(string? warning, string? before, List<DepDevice> adopting, string? action)
            {
                Warning = warning;
                Before = before;
                Adopting = adopting;
                Action = action;
            }

            public string? Warning { get; }
            public string? Before { get; }
            public List<DepDevice> Adopting { get; }
            public string? Action { get; }
        }

        private static ProfileNamingDecision DecideNaming(IDeviceStore store, string checkedUuid, string checkedName)
        {
            string? warning = CheckUuidIsKnown(store, checkedUuid);
            string? before = store.GetDepProfileName(checkedUuid);
            if (before == checkedName)
            {
                return new ProfileNamingDecision(warning, before, new List<DepDevice>(), null);
            }

            var known = new KnownDepProfiles(store, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [checkedUuid] = checkedName });
            DepProfileAdoptions adoptions = DepProfileAdoptions.OfNaming(DepProfileAdoptions.KnownOnlyByName(store), known, checkedUuid, checkedName, before);
            List<DepDevice> adopting = adoptions.All.ToList();
            string action = before == null ? $"Name DEP profile {checkedUuid} '{checkedName}'" : $"Rename DEP profile {checkedUuid} from '{before}' to '{checkedName}'";
            // Only what it gives: "giving its uuid to 0 DEP device(s)" read as if something were missing.
            var gives = new List<string>();
            if (adoptions.OfName.Count != 0)
            {
                gives.Add($"its uuid to {EnglishWords.Amount(adoptions.OfName.Count, "DEP device")} known only by the name '{checkedName}'");
            }

            if (adoptions.LeftUuid != null && adoptions.OfNameLeft.Count != 0)
            {
                gives.Add($"the uuid of the one profile left named '{before}' ({adoptions.LeftUuid}) to {EnglishWords.Amount(adoptions.OfNameLeft.Count, "DEP device")} known only by that name");
            }

            if (gives.Count != 0)
            {
                action += ", giving " + string.Join(", and ", gives);
            }

            return new ProfileNamingDecision(warning, before, adopting, action);
        }

        /// <summary>
        /// A uuid the store knows is taken as written, whatever its form (the DEP import keeps Apple's text as it comes, so
        /// every profile it made can be named). A uuid that is a known one written otherwise (dashes, as a GUID is often
        /// written) would silently start a second profile, so it is refused; one the store has never seen must have the form
        /// of Apple's profile_uuid (32 hex digits: else InvalidFieldValue) and is named with a warning: a typo shows, and a
        /// later fetch may still bring devices with it.
        /// Known: a profile's uuid, or one an active DEP device is assigned. Uuids compare ignoring case, as the store does.
        /// </summary>
        private static string? CheckUuidIsKnown(IDeviceStore store, string uuid)
        {
            List<string> known = store.GetDepProfiles().Where(p => p.Uuid != null).Select(p => p.Uuid!).ToList();
            if (known.Contains(uuid, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            string undashed = uuid.Replace("-", "");
            List<string> meant = known.Where(k => string.Equals(k.Replace("-", ""), undashed, StringComparison.OrdinalIgnoreCase)).ToList();
            if (meant.Count != 0)
            {
                throw new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"Uuid value '{uuid}' is not valid: it differs from the known DEP profile uuid {string.Join(", ", meant)} only in its dashes or case, " +
                    $"and a uuid is taken as written (only case is ignored); did you mean {meant[0]}?", uuid);
            }

            // Not known: it names a profile Apple has yet to send devices of, so it must be written as Apple writes one;
            // any other text would stay in the store as a profile no device of Apple's can ever have.
            if (!IsAppleProfileUuid(uuid))
            {
                throw new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"Uuid value '{FieldText.Printable(uuid)}' is not valid: no DEP device or profile has it, and {AppleUuidRule}; "
                    + "Get-BmgDepProfile lists the known uuids. " + NotANameNote(uuid) + "Nothing was named.", uuid);
            }

            return $"No DEP device or profile has the uuid '{uuid}' yet: check it for a typo (Get-BmgDepProfile lists the known uuids); " +
                "a later import of Apple's devices may bring devices with it.";
        }

        /// <summary>
        /// Set-BmgDepProfile's first parameter (and a piped string) is the uuid, never the name: a text that is no uuid at
        /// all (no hex digits and dashes only) was most likely a profile's name ('Kiosk' | Set-BmgDepProfile -Name X), and is
        /// told the way that selects a profile by its name (review30b, 6).
        /// </summary>
        private static string NotANameNote(string text) =>
            text.All(c => Uri.IsHexDigit(c) || c == '-' || c == '{' || c == '}')
                ? ""
                : $"Set-BmgDepProfile takes a profile's uuid (-Uuid, or a piped string), not its name: to rename the profile named "
                  + $"'{FieldText.Printable(text)}', pipe it (Get-BmgDepProfile -Name '{FieldText.Printable(text)}' | Set-BmgDepProfile -Name <new name>). ";

        /// <summary>The form of a profile_uuid in Apple's responses, which a uuid the store does not know yet must have.</summary>
        public const string AppleUuidRule = "a uuid not known yet must be written as Apple writes a profile_uuid: 32 hex digits without dashes, such as 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D";

        /// <summary>32 hex digits (either case), as Apple's profile_uuid is.</summary>
        internal static bool IsAppleProfileUuid(string text)
        {
            if (text.Length != 32)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (!Uri.IsHexDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        private static DepProfile Profile(IDeviceStore store, string uuid, string? name) =>
            store.GetDepProfiles().FirstOrDefault(p => string.Equals(p.Uuid, uuid, StringComparison.OrdinalIgnoreCase)) ?? new DepProfile(uuid, name, 0) { Database = store.Location };

        /// <summary>The uuids of the profiles assigned to active DEP devices whose name is not known.</summary>
        public static IEnumerable<string> UnnamedProfilesInUse(IDeviceStore store) =>
            store.GetDepProfiles().Where(p => p.Uuid != null && p.Name == null && p.DeviceCount > 0).Select(p => p.Uuid!);

        /// <summary>The origin of a removal's history entry when the caller names none.</summary>
        private static readonly ChangeOrigin RemovalOrigin = new ChangeOrigin("Remove-BmgDepDevice");

        /// <summary>
        /// Deletes a DEP device from the inventory; device records keep their Serial. <paramref name="confirm"/> gets the
        /// target: the DEP device, and the device whose Serial it is. It is asked before the store's write lock is taken,
        /// and the removal decided again once the lock is held (<see cref="ConfirmedChange"/>): a prompt left open blocks no
        /// other writer, and a DEP device another admin removed meanwhile is not removed twice. The result's warning: the
        /// device whose serial it was is still to check in through DEP (<see cref="DeviceDepLink.ChecksInThroughDep"/>), as
        /// the store holds it when the removal is written: check-in refuses a serial the list lacks, and
        /// Get-BmgDeviceDepLink says so from then on.
        /// </summary>
        /// <param name="origin">The command (and -ChangedBy) the holder's history entry names (null: Remove-BmgDepDevice's).</param>
        public static DepRemoval Remove(IDeviceStore store, DepDevice depDevice, Func<string, bool> confirm, ChangeOrigin? origin = null)
        {
            string serial = depDevice.SerialNumber;
            bool removed = false;
            // The release the store holds when the removal is decided (under the write lock, the last time it is decided).
            DateTimeOffset? storedRelease = null;
            DepRemoval decision = ConfirmedChange.Run(store, () =>
                {
                    if (store.GetDepDevice(serial) is not DepDevice stored)
                    {
                        return new DepRemoval(false, null, null);
                    }

                    storedRelease = stored.ReleasedAt;

                    Device? holder = store.GetDeviceBySerial(serial);
                    // The target as README and help pin it: the device is named, the consequence is the warning after the removal.
                    // A released one says so: its removal forgets the release time that keeps an older file from making it active again.
                    string what = stored.ReleasedAt is DateTimeOffset released
                        ? $"released DEP device '{serial}' (released by Apple on {ShownTime.ToText(released)})"
                        : $"DEP device '{serial}'";
                    string target = what + (holder == null ? "" : $" (Serial of device '{holder.Identifier}')");
                    DepWarning? warning = stored.ReleasedAt == null
                        ? DepWarning.SerialLeft(store, holder, serial, "which is no longer in the DEP device list")
                        : null;
                    return new DepRemoval(false, target, warning ?? DepWarning.DeviceRemoved(store, holder, stored), holder);
                },
                d => d.Target != null,
                d => confirm(d.Target!),
                d =>
                {
                    store.DeleteDepDevice(serial);
                    // The device's link showed the release (DepReleasedAt) and its history recorded it; the removal takes it off
                    // the link, so the history says so too, as a file that undoes a release does (walkthrough 39, 6).
                    if (d.Holder != null && storedRelease is DateTimeOffset released)
                    {
                        store.RecordDeviceChanges(new[] { DeviceFieldChanges.DepRelease(d.Holder, released, null) }, origin ?? RemovalOrigin);
                    }

                    removed = true;
                });
            return removed
                ? new DepRemoval(true, decision.Target, decision.Warning, decision.Holder)
                : new DepRemoval(false, decision.Target, null);
        }
    }
}
