using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Dep
{
    /// <summary>What one entry of a DEP file does to a device: its given fields set, its ProfileName matched to a known profile; and which fields differ.</summary>
    internal static class DepEntryFields
    {
        private static readonly Dictionary<DepField, Action<DepDevice, string?>> Setters = new Dictionary<DepField, Action<DepDevice, string?>>
        {
            [DepField.Model] = (d, v) => d.Model = v,
            [DepField.Description] = (d, v) => d.Description = v,
            // Apple's list writes Blue and its responses BLUE: a colour is a label, compared ignoring case, and the stored
            // spelling stays (walkthrough 39, 2: alternating the two reported every device Updated), as ProfileStatus's case does.
            [DepField.Color] = (d, v) => d.Color = string.Equals(d.Color, v, StringComparison.OrdinalIgnoreCase) ? d.Color : v,
            [DepField.AssetTag] = (d, v) => d.AssetTag = v,
            [DepField.OS] = (d, v) => d.OS = v,
            [DepField.DeviceFamily] = (d, v) => d.DeviceFamily = v,
            [DepField.ProfileStatus] = (d, v) => d.ProfileStatus = v,
            [DepField.ProfileAssignTime] = (d, v) => d.ProfileAssignTime = Date(v),
            [DepField.ProfilePushTime] = (d, v) => d.ProfilePushTime = Date(v),
            [DepField.DeviceAssignedDate] = (d, v) => d.DeviceAssignedDate = Date(v),
            [DepField.DeviceAssignedBy] = (d, v) => d.DeviceAssignedBy = v,
        };

        internal static void ApplyFields(DepDevice device, DepEntry entry, Func<string, string?> profileName)
        {
            foreach (KeyValuePair<DepField, string?> given in entry.Given)
            {
                if (Setters.TryGetValue(given.Key, out Action<DepDevice, string?>? set))
                {
                    set(device, given.Value);
                }
            }

            // A uuid is the profile and takes the name known for it (a ProfileName beside it named that uuid when
            // the file was read). An empty uuid cell with a name beside it leaves a profile known only by that name.
            if (entry.Given.TryGetValue(DepField.ProfileUuid, out string? uuid))
            {
                device.ProfileUuid = uuid;
                device.ProfileName = uuid == null ? null : profileName(uuid);
                if (uuid == null && entry.Given.TryGetValue(DepField.ProfileName, out string? beside))
                {
                    device.ProfileName = beside;
                }
            }

            // A field Apple leaves out keeps its stored value, but a status of "empty" or "removed" is Apple saying the device has
            // no profile (Apple leaves profile_uuid out then): the profile it had goes, or a check-in would record a removed
            // profile and Get-BmgDepProfile count the device under it (walkthrough 31b, finding 1). The status wins over a
            // profile the same entry names.
            if (SaysNoProfile(entry))
            {
                device.ProfileUuid = null;
                device.ProfileName = null;
            }
        }

        private static bool SaysNoProfile(DepEntry entry) =>
            entry.Given.TryGetValue(DepField.ProfileStatus, out string? status) && DepProfileStatus.SaysNoProfile(status);

        /// <summary>
        /// A ProfileName without a ProfileUuid column (the module's CSV) names the profile the device should have.
        /// Profile names are not keys (two of Apple's profiles may share one), uuids are: the name is matched
        /// against the profiles known by uuid, so Apple's uuid is not lost. The error's text, or null.
        /// </summary>
        internal static string? ApplyProfileName(DepDevice device, DepEntry entry, KnownDepProfiles known)
        {
            if (entry.Given.ContainsKey(DepField.ProfileUuid) || SaysNoProfile(entry) || !entry.Given.TryGetValue(DepField.ProfileName, out string? name))
            {
                return null;
            }

            if (name == null)
            {
                // An empty cell: no profile.
                device.ProfileUuid = null;
                device.ProfileName = null;
                return null;
            }

            if (string.Equals(device.ProfileName, name, StringComparison.Ordinal))
            {
                // The profile the device already has (its uuid's name, or the name alone): it stays as it is.
                return null;
            }

            IReadOnlyList<string> uuids = known.UuidsNamed(name);
            if (uuids.Count > 1)
            {
                return $"ProfileName '{name}' is not valid: {uuids.Count} DEP profiles have this name ({string.Join(", ", uuids)}); add a ProfileUuid column to say which";
            }

            if (uuids.Count == 0 && known.SpelledOtherwise(name) is { Count: > 0 } spellings)
            {
                // Names are compared exactly, so 'sales iphones' would be a new profile known only by that name: the
                // device would lose Apple's uuid and Get-BmgDepProfile would list the profile twice. Almost surely a typo.
                return $"ProfileName '{name}' is not valid: no DEP profile has this name, and names are compared exactly (case-sensitive); " +
                    $"{string.Join(", ", spellings)} differ{(spellings.Count == 1 ? "s" : "")} only in case: write the name as the profile has it";
            }

            if (uuids.Count == 0 && device.ProfileUuid != null && device.ProfileName == null)
            {
                // The device's uuid has no name yet: the name may be that profile's or another's, and replacing
                // the uuid by a bare name would lose Apple's assignment.
                return $"ProfileName '{name}' can't be matched: the device is assigned the DEP profile {device.ProfileUuid}, whose name is not known, " +
                    $"and no known profile has this name; name that profile first (Import-BmgDepDevice with Apple's profile response, or Set-BmgDepProfile -Uuid {device.ProfileUuid} -Name <name>), or add a ProfileUuid column";
            }

            // One known profile of that name: the device is assigned it. None: a profile known only by its name, whose
            // spelling later rows keep.
            if (uuids.Count == 0)
            {
                known.NoteNameOnly(name, entry.Where);
            }

            device.ProfileUuid = uuids.Count == 1 ? uuids[0] : null;
            device.ProfileName = name;
            return null;
        }

        private static DateTimeOffset? Date(string? text) =>
            text != null && DepFileDate.TryParse(text, out DateTimeOffset date) ? date : (DateTimeOffset?)null;

        internal static void Diff(DepDevice before, DepDevice after, List<string> changes)
        {
            void Compare(string field, object? a, object? b)
            {
                if (!Equals(a, b))
                {
                    changes.Add(field);
                }
            }

            Compare(nameof(DepDevice.Model), before.Model, after.Model);
            Compare(nameof(DepDevice.Description), before.Description, after.Description);
            Compare(nameof(DepDevice.Color), before.Color, after.Color);
            Compare(nameof(DepDevice.AssetTag), before.AssetTag, after.AssetTag);
            Compare(nameof(DepDevice.OS), before.OS, after.OS);
            Compare(nameof(DepDevice.DeviceFamily), before.DeviceFamily, after.DeviceFamily);
            Compare(nameof(DepDevice.ProfileStatus), before.ProfileStatus, after.ProfileStatus);
            Compare(nameof(DepDevice.ProfileUuid), before.ProfileUuid?.ToUpperInvariant(), after.ProfileUuid?.ToUpperInvariant());
            Compare(nameof(DepDevice.ProfileName), before.ProfileName, after.ProfileName);
            Compare(nameof(DepDevice.ProfileAssignTime), before.ProfileAssignTime, after.ProfileAssignTime);
            Compare(nameof(DepDevice.ProfilePushTime), before.ProfilePushTime, after.ProfilePushTime);
            Compare(nameof(DepDevice.DeviceAssignedDate), before.DeviceAssignedDate, after.DeviceAssignedDate);
            Compare(nameof(DepDevice.DeviceAssignedBy), before.DeviceAssignedBy, after.DeviceAssignedBy);
        }
    }
}
