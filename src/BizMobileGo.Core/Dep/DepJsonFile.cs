using System;
using System.Collections.Generic;
using System.Text.Json;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// Reads Apple's JSON: Device Assignment Services' fetch and sync device responses ({"devices": [...], "cursor": ...,
    /// "more_to_follow": ...}) and its profile response ({"profile_uuid": ..., "profile_name": ...}). Unknown keys are ignored.
    /// </summary>
    internal static class DepJsonFile
    {
        private static readonly (string Key, DepField Field)[] JsonFields =
        {
            ("model", DepField.Model), ("description", DepField.Description), ("color", DepField.Color),
            ("asset_tag", DepField.AssetTag), ("os", DepField.OS), ("device_family", DepField.DeviceFamily),
            ("profile_status", DepField.ProfileStatus), ("profile_uuid", DepField.ProfileUuid),
            ("profile_assign_time", DepField.ProfileAssignTime), ("profile_push_time", DepField.ProfilePushTime),
            ("device_assigned_date", DepField.DeviceAssignedDate), ("device_assigned_by", DepField.DeviceAssignedBy),
        };

        internal static DepFileContent Read(string content, string path)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(content);
            }
            catch (JsonException e)
            {
                throw DepDeviceFile.Invalid(path, DepJsonSyntaxError.Describe(path, content, e));
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(DepReplyKeys.ProfileName, out _))
                {
                    return ReadProfile(root, path);
                }

                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(DepReplyKeys.Devices, out JsonElement deviceArray) || deviceArray.ValueKind != JsonValueKind.Array)
                {
                    throw DepDeviceFile.Invalid(path, DepOtherAppleReplies.Describe(root)
                        ?? "the JSON is neither Apple's device response ({\"devices\": [...], \"cursor\": ...}) nor its profile response ({\"profile_uuid\": ..., \"profile_name\": ...})");
                }

                var result = new DepFileContent(path, DepDeviceFile.DeviceResponseFormat);
                ReadFetchedUntil(result, root);
                // JSON's true, or the text "true" a hand-saved response may hold: Apple's own word that a page follows.
                result.MoreToFollow = string.Equals(Text(root, DepReplyKeys.MoreToFollow, out _), "true", StringComparison.OrdinalIgnoreCase);
                result.Cursor = Text(root, DepReplyKeys.Cursor, out _);
                if (root.TryGetProperty("profiles", out JsonElement profiles) && profiles.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement profile in profiles.EnumerateArray())
                    {
                        AddProfile(result, profile, "profiles[]");
                    }
                }

                int index = 0;
                foreach (JsonElement device in deviceArray.EnumerateArray())
                {
                    string where = $"devices[{index}]";
                    int position = index++;
                    if (device.ValueKind != JsonValueKind.Object)
                    {
                        result.Errors.Add(DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, path, where, "is not an object with serial_number"));
                        continue;
                    }

                    DepEntry? entry = DepFileEntries.NewEntry(result, where, position, DepReplyKeys.DeviceSerial, Text(device, DepReplyKeys.DeviceSerial, out _));
                    if (entry == null)
                    {
                        continue;
                    }

                    foreach ((string key, DepField field) in JsonFields)
                    {
                        string? value = Text(device, key, out bool given);
                        if (given)
                        {
                            DepFileEntries.Give(result, entry, field, key, value);
                        }
                    }

                    ReadOperation(result, device, entry);
                }

                result.IsSync = result.Entries.Exists(e => e.OpType != null);
                DepFileEntries.CheckDuplicates(result);
                return result;
            }
        }

        private static DepFileContent ReadProfile(JsonElement root, string path)
        {
            var result = new DepFileContent(path, "Apple profile response");
            if (!AddProfile(result, root, "the profile"))
            {
                string problem = ProfileProblem(root) ?? NameRule(root);
                throw DepDeviceFile.Invalid(path, $"{problem}; name a profile by hand with Set-BmgDepProfile -Uuid <uuid> -Name <name>");
            }

            return result;
        }

        /// <summary>
        /// Which of profile_uuid and profile_name a profile response lacks, and how ("has no profile_uuid", "has a blank
        /// profile_name": null, "" or spaces), or null when it has both; the walkthrough's "no profile_uuid, or its
        /// profile_name is empty" left the admin to guess which.
        /// </summary>
        private static string? ProfileProblem(JsonElement profile)
        {
            var problems = new List<string>(2);
            foreach (string key in new[] { DepReplyKeys.ProfileUuid, DepReplyKeys.ProfileName })
            {
                if (Text(profile, key, out bool given) == null)
                {
                    problems.Add(given ? $"a blank {key}" : $"no {key}");
                }
            }

            return problems.Count == 0 ? null : "the profile response has " + string.Join(" and ", problems);
        }

        /// <summary>Why a given profile_name is refused (too long, a control character).</summary>
        private static string NameRule(JsonElement profile)
        {
            string name = Text(profile, DepReplyKeys.ProfileName, out _) ?? "";
            BoundedText.TryParse(name, BoundedText.NameMaxLength, out _, out string? rule);
            return $"the profile response's profile_name '{FieldText.Printable(name)}' is not valid: {rule}";
        }

        private static bool AddProfile(DepFileContent content, JsonElement profile, string where)
        {
            string? uuid = Text(profile, DepReplyKeys.ProfileUuid, out _);
            string? name = Text(profile, DepReplyKeys.ProfileName, out _);
            if (uuid == null || name == null)
            {
                return false;
            }

            if (!BoundedText.TryParse(name, BoundedText.NameMaxLength, out string checkedName, out string? rule))
            {
                content.FileFailed(where, $"profile_name '{FieldText.Printable(name)}' is not valid: {rule}");
                return false;
            }

            content.ProfileNames[uuid] = checkedName;
            return true;
        }

        /// <summary>
        /// The response's fetched_until, the time its list is as of: an entry without an op_date is as old as it, which decides
        /// whether it may re-add a serial the store holds released (<see cref="DepEntryTimes"/>); so a value that is no date
        /// refuses the file, as an op_date does.
        /// </summary>
        private static void ReadFetchedUntil(DepFileContent content, JsonElement root)
        {
            if (Text(root, "fetched_until", out _) is not string fetchedUntil)
            {
                return;
            }

            if (DepFileDate.TryParse(fetchedUntil, out DateTimeOffset date))
            {
                content.FetchedUntil = date;
            }
            else
            {
                content.FileFailed("fetched_until", DepFileDate.Rule("fetched_until", FieldText.Printable(fetchedUntil)));
            }
        }

        private static void ReadOperation(DepFileContent content, JsonElement device, DepEntry entry)
        {
            string? opType = Text(device, "op_type", out _);
            if (opType != null)
            {
                string normalized = opType.ToLowerInvariant();
                if (normalized == DepDeviceFile.OpAdded || normalized == DepDeviceFile.OpModified || normalized == DepDeviceFile.OpDeleted)
                {
                    entry.OpType = normalized;
                }
                else
                {
                    content.EntryFailed(entry, DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where,
                        $"op_type '{opType}' is not valid: Apple's sync response uses added, modified or deleted"));
                }
            }

            string? opDate = Text(device, "op_date", out _);
            if (opDate != null)
            {
                if (DepFileDate.TryParse(opDate, out DateTimeOffset date))
                {
                    entry.OpDate = date;
                }
                else
                {
                    content.EntryFailed(entry, DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where, DepFileDate.Rule("op_date", opDate)));
                }
            }
        }

        /// <summary>The text of a JSON value; <paramref name="given"/> false when the key is absent. null and "" are given and blank.</summary>
        private static string? Text(JsonElement element, string key, out bool given)
        {
            given = false;
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out JsonElement value))
            {
                return null;
            }

            given = true;
            return value.ValueKind switch
            {
                JsonValueKind.String => DepDeviceFile.Blank(value.GetString()),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            };
        }
    }
}
