using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The one text form in which both stores keep an entry's field changes: a JSON object with one member per
    /// changed field, in the entry's order, whose value says what changed:
    /// <list type="bullet">
    /// <item><c>"Serial":"F0001"</c>: no value before, this one after (every field of a created record);</item>
    /// <item><c>"Name":["Yamada","Sato"]</c>: from the first to the second, <c>null</c> for no value
    /// (<c>["old",null]</c> is a cleared field);</item>
    /// <item><c>"Code":true</c>: a secret that changed, recorded without either value.</item>
    /// </list>
    /// Stores written before it keep the older, longer form: a JSON array of {"field","old","new"} objects
    /// ({"field","hidden":true} for a secret), which <see cref="Read"/> reads as well, so no entry is rewritten.
    /// The hash is computed over the values, not this text (<see cref="HistoryCanonicalForm"/>), so either form
    /// verifies.
    /// </summary>
    public static class ChangeListText
    {
        // Written by hand, not through Utf8JsonWriter: an import writes one list per changed row, and the
        // writer's stream and buffers cost more than the rest of an entry. Values stay readable in the store
        // (names in Japanese, say); only what JSON requires is escaped. Read parses any JSON.
        // The short form exists for the import's sake: a created device's list is about half as long as in the
        // older form, and the history's bytes are most of what an import writes.
        [ThreadStatic]
        private static StringBuilder? _text;

        public static string Write(IReadOnlyList<FieldChange> changes) => Build(changes).ToString();

        /// <summary>
        /// The same text as UTF-8 bytes, in a buffer of this thread that the next call overwrites: for a store that
        /// binds the bytes as they are (SQLite), so an import's entries make no string of their changes at all.
        /// </summary>
        public static ReadOnlySpan<byte> WriteUtf8(IReadOnlyList<FieldChange> changes)
        {
            StringBuilder text = Build(changes);
            int most = Utf8.GetMaxByteCount(text.Length);
            byte[] bytes = _utf8 is { } buffer && buffer.Length >= most ? buffer : (_utf8 = new byte[Math.Max(most, 1024)]);
            // One encoder across the builder's chunks: a chunk may end between the two halves of a surrogate pair
            // (an emoji, a rare kanji), which encoded chunk by chunk would be two lone surrogates.
            Encoder encoder = _encoder ??= Utf8.GetEncoder();
            encoder.Reset();
            int length = 0;
            foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
            {
                length += encoder.GetBytes(chunk.Span, bytes.AsSpan(length), flush: false);
            }

            length += encoder.GetBytes(ReadOnlySpan<char>.Empty, bytes.AsSpan(length), flush: true);
            return bytes.AsSpan(0, length);
        }

        [ThreadStatic]
        private static Encoder? _encoder;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        [ThreadStatic]
        private static byte[]? _utf8;

        private static StringBuilder Build(IReadOnlyList<FieldChange> changes)
        {
            StringBuilder text = _text ??= new StringBuilder(512);
            text.Clear();
            text.Append('{');
            for (int i = 0; i < changes.Count; i++)
            {
                FieldChange change = changes[i];
                if (i != 0)
                {
                    text.Append(',');
                }

                JsonText.AppendString(text, change.Field);
                text.Append(':');
                if (change.ValueHidden)
                {
                    text.Append("true");
                }
                else if (change.OldValue == null && change.NewValue != null)
                {
                    JsonText.AppendString(text, change.NewValue);
                }
                else
                {
                    text.Append('[');
                    AppendValue(text, change.OldValue);
                    text.Append(',');
                    AppendValue(text, change.NewValue);
                    text.Append(']');
                }
            }

            return text.Append('}');
        }

        private static void AppendValue(StringBuilder text, string? value)
        {
            if (value == null)
            {
                text.Append("null");
            }
            else
            {
                JsonText.AppendString(text, value);
            }
        }

        /// <summary>Reads either form: the object <see cref="Write"/> writes, or the older array of {"field","old","new"} objects.</summary>
        public static IReadOnlyList<FieldChange> Read(string text)
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Array ? ReadArrayForm(root) : ReadObjectForm(root);
        }

        private static List<FieldChange> ReadObjectForm(JsonElement root)
        {
            var changes = new List<FieldChange>();
            foreach (JsonProperty member in root.EnumerateObject())
            {
                JsonElement value = member.Value;
                switch (value.ValueKind)
                {
                    case JsonValueKind.True:
                        changes.Add(FieldChange.Hidden(member.Name));
                        break;
                    case JsonValueKind.String:
                        changes.Add(new FieldChange(member.Name, null, value.GetString()));
                        break;
                    case JsonValueKind.Array when value.GetArrayLength() == 2:
                        changes.Add(new FieldChange(member.Name, StringOrNull(value[0]), StringOrNull(value[1])));
                        break;
                    default:
                        // Nothing Write writes: an entry edited by hand. Kept as its raw text, so it no longer
                        // matches its hash and Test-BmgHistory names it, instead of failing to read the history.
                        changes.Add(new FieldChange(member.Name, null, value.GetRawText()));
                        break;
                }
            }

            return changes;
        }

        private static string? StringOrNull(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static List<FieldChange> ReadArrayForm(JsonElement root)
        {
            var changes = new List<FieldChange>(root.GetArrayLength());
            foreach (JsonElement item in root.EnumerateArray())
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
