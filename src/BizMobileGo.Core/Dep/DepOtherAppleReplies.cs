using System.Linq;
using System.Text.Json;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// Apple's other replies a DEP script may save where a device list was expected: an error reply ({"error":
    /// "EXPIRED_CURSOR"}), the device-details reply (POST /devices: {"devices": {"SERIAL": {...}}}), and the per-device
    /// status reply of a profile assignment ({"profile_uuid": ..., "devices": {"SERIAL": "SUCCESS"}}) or of a removal or
    /// disown. None is a list of this MDM's devices: the refusal says which reply the file is and what to do, so the admin
    /// does not take it for a format the module can't read (walkthrough 16, 7).
    /// </summary>
    internal static class DepOtherAppleReplies
    {
        /// <summary>Why the file is not imported, for DepDeviceFileInvalid; null when the JSON is none of these replies.</summary>
        internal static string? Describe(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (ErrorCode(root) is string code)
            {
                return $"it is Apple's error reply ('{FieldText.Printable(code)}'), not a device list: the request that saved it failed, so it holds no devices; {ErrorAdvice(code)}";
            }

            if (!root.TryGetProperty(DepReplyKeys.Devices, out JsonElement devices) || devices.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            JsonProperty[] bySerial = devices.EnumerateObject().ToArray();
            const string ImportInstead = "import the fetch or sync response instead (its \"devices\" is a list)";
            if (bySerial.Length != 0 && bySerial.All(d => d.Value.ValueKind == JsonValueKind.Object))
            {
                return "it is Apple's device-details reply (POST /devices: \"devices\" keyed by serial number), which describes the devices asked for, " +
                    $"not the list of devices Apple assigned to this MDM; {ImportInstead}";
            }

            if (bySerial.All(d => d.Value.ValueKind == JsonValueKind.String))
            {
                string what = root.TryGetProperty(DepReplyKeys.ProfileUuid, out JsonElement uuid) && uuid.ValueKind == JsonValueKind.String
                    ? $"Apple's reply to assigning the profile {FieldText.Printable(uuid.GetString() ?? "")}"
                    : "Apple's reply to a request on devices (a profile removal or a disown)";
                return $"it is {what}: each serial's result (such as SUCCESS), not a device list; the devices' profiles show in the next fetch or sync response: {ImportInstead}";
            }

            return null;
        }

        /// <summary>The error code of an error reply: its "error" (a string, or an object's "code"), or its "error_code".</summary>
        private static string? ErrorCode(JsonElement root)
        {
            foreach (string key in DepReplyKeys.ErrorKeys)
            {
                if (!root.TryGetProperty(key, out JsonElement error))
                {
                    continue;
                }

                if (error.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(error.GetString()))
                {
                    return error.GetString()!.Trim();
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out JsonElement inner) && inner.ValueKind == JsonValueKind.String)
                {
                    return inner.GetString()!.Trim();
                }

                if (error.ValueKind == JsonValueKind.Number)
                {
                    return error.GetRawText();
                }
            }

            return null;
        }

        /// <summary>What to do: the cursor errors of a sync say how to get a new cursor; any other error, fetch again once it is fixed.</summary>
        private static string ErrorAdvice(string code)
        {
            switch (code.ToUpperInvariant())
            {
                case "EXPIRED_CURSOR":
                case "INVALID_CURSOR":
                    return "the cursor it was sent is no longer valid: fetch the devices again without a cursor (a new fetch, POST /server/devices), import that response, and sync from its cursor";
                case "CURSOR_REQUIRED":
                    return "a sync needs the cursor of a fetch: fetch the devices first (POST /server/devices), import that response, and sync from its cursor";
                default:
                    return "fix what the error says (Apple's Device Assignment Services documentation lists its codes), fetch again, and import that response";
            }
        }
    }
}
