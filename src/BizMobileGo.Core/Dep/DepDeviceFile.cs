using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    public sealed class DepImportSummary
    {
        public string Source { get; internal set; } = "";
        public int Devices { get; internal set; }
        public int Created { get; internal set; }
        public int Updated { get; internal set; }
    }

    /// <summary>
    /// Reads Apple's list of DEP devices: a CSV (SerialNumber, Model, Description, ProfileName) or the
    /// JSON of Apple's device list ({"devices": [...], "profiles": [...]}), and stores it.
    /// </summary>
    public static class DepDeviceFile
    {
        private static readonly string[] CsvColumns = { "SerialNumber", "Model", "Description", "ProfileName" };

        public static DepImportSummary Import(IDeviceStore store, string path, DateTimeOffset now)
        {
            List<DepDevice> devices = Read(path, now);
            var summary = new DepImportSummary { Source = path, Devices = devices.Count };
            using IStoreTransaction transaction = store.BeginTransaction();
            foreach (DepDevice device in devices)
            {
                if (store.UpsertDepDevice(device))
                {
                    summary.Created++;
                }
                else
                {
                    summary.Updated++;
                }
            }

            transaction.Commit();
            return summary;
        }

        public static List<DepDevice> Read(string path, DateTimeOffset now)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                using TextReader text = CsvEncoding.OpenText(stream, null);
                string content = text.ReadToEnd();
                return content.TrimStart().StartsWith("{", StringComparison.Ordinal)
                    ? ReadJson(content, path, now)
                    : ReadCsv(content, path, now);
            }
            catch (CsvFormatException e)
            {
                throw Invalid(path, e.Message, e);
            }
            catch (DecoderFallbackException e)
            {
                throw Invalid(path, $"it is not valid text in its encoding ({e.Message})", e);
            }
            catch (IOException e)
            {
                throw new BmgException(ErrorIds.FileOpenFailure, BmgErrorCategory.OpenError, $"The DEP device file '{path}' can't be read: {e.Message}", path, e);
            }
        }

        private static List<DepDevice> ReadCsv(string content, string path, DateTimeOffset now)
        {
            var devices = new List<DepDevice>();
            using var reader = new CsvRecordReader(new StringReader(content));
            if (!reader.TryReadRecord(out CsvRecord header))
            {
                throw Invalid(path, "the file is empty; its first line must be the header SerialNumber,Model,Description,ProfileName");
            }

            var columns = new int[CsvColumns.Length];
            for (int i = 0; i < CsvColumns.Length; i++)
            {
                columns[i] = Array.IndexOf(header.Fields, CsvColumns[i]);
            }

            foreach (string name in header.Fields)
            {
                if (Array.IndexOf(CsvColumns, name) < 0)
                {
                    throw Invalid(path, $"line {header.LineNumber}: '{name}' is not a column; the columns are {string.Join(", ", CsvColumns)} (case-sensitive)");
                }
            }

            if (columns[0] < 0)
            {
                throw Invalid(path, $"line {header.LineNumber}: the header has no SerialNumber column");
            }

            while (reader.TryReadRecord(out CsvRecord record))
            {
                string? Cell(int column) => columns[column] < 0 || columns[column] >= record.Fields.Length ? null : Blank(record.Fields[columns[column]]);
                devices.Add(NewDepDevice(path, $"line {record.LineNumber}", Cell(0), Cell(1), Cell(2), Cell(3), now));
            }

            return devices;
        }

        private static List<DepDevice> ReadJson(string content, string path, DateTimeOffset now)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(content);
            }
            catch (JsonException e)
            {
                throw Invalid(path, $"it is not valid JSON ({e.Message})");
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("devices", out JsonElement deviceArray) || deviceArray.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid(path, "the JSON has no \"devices\" array; expected Apple's device list {\"devices\": [...], \"profiles\": [...]}");
                }

                var profileNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (root.TryGetProperty("profiles", out JsonElement profiles) && profiles.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement profile in profiles.EnumerateArray())
                    {
                        string? uuid = StringProperty(profile, "profile_uuid");
                        string? name = StringProperty(profile, "profile_name");
                        if (uuid != null && name != null)
                        {
                            profileNames[uuid] = name;
                        }
                    }
                }

                var devices = new List<DepDevice>();
                int index = 0;
                foreach (JsonElement device in deviceArray.EnumerateArray())
                {
                    string? uuid = StringProperty(device, "profile_uuid");
                    string? profileName = uuid != null && profileNames.TryGetValue(uuid, out string? name) ? name : null;
                    devices.Add(NewDepDevice(path, $"devices[{index}]", StringProperty(device, "serial_number"),
                        StringProperty(device, "model"), StringProperty(device, "description"), profileName, now));
                    index++;
                }

                return devices;
            }
        }

        private static DepDevice NewDepDevice(string path, string where, string? serialText, string? model, string? description, string? profileName, DateTimeOffset now)
        {
            if (!AppleSerial.TryParse(serialText, out AppleSerial serial, out string? rule))
            {
                throw Invalid(path, $"{where}: SerialNumber '{FieldText.Printable(serialText ?? "")}' is not valid: {rule}");
            }

            // The one text rule (issue 9.10): Apple's file is input like any other.
            foreach ((string field, string? text) in new[] { ("Model", model), ("Description", description), ("ProfileName", profileName) })
            {
                string? forbidden = text == null ? null : FieldText.ForbiddenCharacterRule(text);
                if (forbidden != null)
                {
                    throw Invalid(path, $"{where}: {field} '{FieldText.Printable(text!)}' is not valid: {forbidden}");
                }
            }

            return new DepDevice { SerialNumber = serial.Value, Model = model, Description = description, ProfileName = profileName, ImportedAt = now };
        }

        private static string? StringProperty(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? Blank(value.GetString())
                : null;

        private static string? Blank(string? text)
        {
            string? trimmed = text?.Trim();
            return string.IsNullOrEmpty(trimmed) ? null : trimmed;
        }

        private static BmgException Invalid(string path, string reason, Exception? inner = null) =>
            new BmgException(ErrorIds.DepDeviceFileInvalid, BmgErrorCategory.InvalidData,
                $"The DEP device file '{path}' can't be imported: {reason.TrimEnd('.')}. Nothing was imported.", path, inner);
    }
}
