using System;
using System.Collections.Generic;
using System.Text;
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
        // Written by hand, not through Utf8JsonWriter: an import writes one list per changed row, and the
        // writer's stream and buffers cost more than the rest of an entry. Values stay readable in the store
        // (names in Japanese, say); only what JSON requires is escaped. Read parses any JSON.
        [ThreadStatic]
        private static StringBuilder? _text;

        public static string Write(IReadOnlyList<FieldChange> changes)
        {
            StringBuilder text = _text ??= new StringBuilder(512);
            text.Clear();
            text.Append('[');
            for (int i = 0; i < changes.Count; i++)
            {
                FieldChange change = changes[i];
                text.Append(i == 0 ? "{\"field\":" : ",{\"field\":");
                AppendString(text, change.Field);
                if (change.ValueHidden)
                {
                    text.Append(",\"hidden\":true");
                }
                else
                {
                    if (change.OldValue != null)
                    {
                        text.Append(",\"old\":");
                        AppendString(text, change.OldValue);
                    }

                    if (change.NewValue != null)
                    {
                        text.Append(",\"new\":");
                        AppendString(text, change.NewValue);
                    }
                }

                text.Append('}');
            }

            return text.Append(']').ToString();
        }

        /// <summary>A JSON string (RFC 8259): quote, backslash and control characters escaped, lone surrogates too.</summary>
        private static void AppendString(StringBuilder text, string value)
        {
            text.Append('"');
            if (!NeedsEscaping(value))
            {
                // The usual value (a name, a serial, an address): appended whole, not a character at a time.
                text.Append(value).Append('"');
                return;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"' || c == '\\')
                {
                    text.Append('\\').Append(c);
                }
                else if (c < ' ' || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]))))
                {
                    text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(c);
                }
            }

            text.Append('"');
        }

        private static bool NeedsEscaping(string value)
        {
            foreach (char c in value)
            {
                if (c < ' ' || c == '"' || c == '\\' || char.IsSurrogate(c))
                {
                    return true;
                }
            }

            return false;
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

        private static string? ReadValue(JsonElement item, string name) =>
            item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
