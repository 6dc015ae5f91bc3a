using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The one text form in which both stores keep an entry's field changes: a JSON array of
    /// {"field","old","new"} objects ({"field","hidden":true} for the check-in code). The hash is computed
    /// over the values, not this text, so a store may keep it as text or JSON.
    /// </summary>
    public static class ChangeListText
    {
        // Values stay readable in the store (names in Japanese, say): this text never goes into HTML.
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static string Write(IReadOnlyList<FieldChange> changes)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Options))
            {
                writer.WriteStartArray();
                foreach (FieldChange change in changes)
                {
                    writer.WriteStartObject();
                    writer.WriteString("field", change.Field);
                    if (change.ValueHidden)
                    {
                        writer.WriteBoolean("hidden", true);
                    }
                    else
                    {
                        WriteValue(writer, "old", change.OldValue);
                        WriteValue(writer, "new", change.NewValue);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public static IReadOnlyList<FieldChange> Read(string text)
        {
            using JsonDocument document = JsonDocument.Parse(text);
            var changes = new List<FieldChange>(document.RootElement.GetArrayLength());
            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                string field = item.GetProperty("field").GetString() ?? "";
                if (item.TryGetProperty("hidden", out JsonElement hidden) && hidden.ValueKind == JsonValueKind.True)
                {
                    changes.Add(FieldChange.Hidden(field));
                }
                else
                {
                    changes.Add(new FieldChange(field, ReadValue(item, "old"), ReadValue(item, "new")));
                }
            }

            return changes;
        }

        private static void WriteValue(Utf8JsonWriter writer, string name, string? value)
        {
            if (value != null)
            {
                writer.WriteString(name, value);
            }
        }

        private static string? ReadValue(JsonElement item, string name) =>
            item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
