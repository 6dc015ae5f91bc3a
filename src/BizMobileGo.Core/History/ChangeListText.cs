using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using BizMobileGo.Core.Import;
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
    /// A list that only gives fields values they didn't have (a created record: most of what an import writes) is
    /// written shorter still, by position (since migration 9): a JSON array whose first item names a fixed list of
    /// fields (<see cref="Layouts"/>), then each field's value in that list's order: a string, <c>true</c> for a
    /// secret, <c>null</c> for a field the list doesn't name; trailing nulls are left out. For example
    /// <c>["d","iphone-001",null,true,"ios"]</c> is Identifier, Code (changed) and OS of a created device.
    /// It is written only where it is the shorter text, so a one-field change keeps its member form.
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
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
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

        /// <summary>
        /// The fixed field lists of the positional form, named by its first item. Frozen once written: a store keeps
        /// entries in it, so a field added later to a device or user gets a new list under a new name, never a slot here.
        /// </summary>
        internal static readonly (string Name, string[] Fields)[] Layouts =
        {
            ("d", new[]
            {
                "Identifier", "Template", "Code", "OS", "DeviceTags", "WifiMac", "IMEI", "MEID", "UDID", "Serial", "ExpirationDays",
                "DisplayName", "Description", "RegistrationEmail", "DEPMethod", "UserName", "State", "DepDevice", "DepProfile",
                "CheckedInAt", "WithdrawnAt",
            }),
            ("u", new[] { "UserName", "Name", "EmailAddress", "UserDescription", "Organizations" }),
        };

        // Each layout's slot of each field code (ChangeEntryPack.FieldCodes; -1: not in it): a created record's fields kept as
        // codes find their slots without a search by name.
        private static readonly int[][] SlotsOfCodes = Array.ConvertAll(Layouts,
            layout => Array.ConvertAll(ChangeEntryPack.FieldCodes, field => Array.IndexOf(layout.Fields, field)));

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static StringBuilder Build(IReadOnlyList<FieldChange> changes)
        {
            StringBuilder text = _text ??= new StringBuilder(512);
            text.Clear();
            // A created record's fields as codes (at most 64: one bit each), read once here.
            CreatedChanges? created = changes as CreatedChanges;
            ulong bits = created?.Codes ?? 0;
            Span<int> codes = bits != 0 ? stackalloc int[created!.Count] : default;
            for (int i = 0; i < codes.Length; i++, bits &= bits - 1)
            {
                codes[i] = BitOperations.TrailingZeroCount(bits);
            }

            var listed = new Listed(changes, created, codes);
            Span<int> slots = listed.Count <= 64 ? stackalloc int[listed.Count] : new int[listed.Count];
            for (int layout = 0; layout < Layouts.Length; layout++)
            {
                if (TryBuildPositional(text, listed, layout, slots))
                {
                    return text;
                }
            }

            text.Append('{');
            for (int i = 0; i < listed.Count; i++)
            {
                if (i != 0)
                {
                    text.Append(',');
                }

                JsonText.AppendString(text, listed.Field(i));
                text.Append(':');
                string? oldValue = listed.OldValue(i);
                string? newValue = listed.NewValue(i);
                if (listed.Hidden(i))
                {
                    text.Append("true");
                }
                else if (oldValue == null && newValue != null)
                {
                    JsonText.AppendString(text, newValue);
                }
                else
                {
                    text.Append('[');
                    AppendValue(text, oldValue);
                    text.Append(',');
                    AppendValue(text, newValue);
                    text.Append(']');
                }
            }

            return text.Append('}');
        }

        /// <summary>
        /// Writes <paramref name="changes"/> by position in layout <paramref name="layout"/>'s fields when each only gives a
        /// field a value it didn't have (or is a secret), they follow the list's order, and the result is shorter than the
        /// member form (a gap costs "null,", a member its quoted name and colon); otherwise writes nothing.
        /// <paramref name="slots"/>: room for each change's slot.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static bool TryBuildPositional(StringBuilder text, Listed changes, int layout, Span<int> slots)
        {
            int slot = 0;
            int gaps = 0;
            int saved = 0;
            for (int i = 0; i < changes.Count; i++)
            {
                bool valueOnly = changes.OldValue(i) == null && (changes.Hidden(i) ? changes.NewValue(i) == null : changes.NewValue(i) != null);
                int found = valueOnly ? changes.SlotFrom(i, layout, slot) : -1;
                if (found < 0)
                {
                    return false;
                }

                slots[i] = found;
                gaps += found - slot;
                saved += changes.Field(i).Length + 3;
                slot = found + 1;
            }

            if (changes.Count == 0 || saved - 4 - 5 * gaps <= 0)
            {
                return false;
            }

            text.Append("[\"").Append(Layouts[layout].Name).Append('"');
            slot = 0;
            for (int i = 0; i < changes.Count; i++)
            {
                for (; slot < slots[i]; slot++)
                {
                    text.Append(",null");
                }

                text.Append(',');
                if (changes.Hidden(i))
                {
                    text.Append("true");
                }
                else
                {
                    JsonText.AppendString(text, changes.NewValue(i)!);
                }

                slot = slots[i] + 1;
            }

            text.Append(']');
            return true;
        }

        /// <summary>
        /// A change list as <see cref="Build"/> reads it: a created record's <see cref="CreatedChanges"/> by its fields (as
        /// codes, when it keeps them so) and values, without the <see cref="FieldChange"/> object its indexer makes at every
        /// read (rows of created records: an import given -ChangedBy, whose entries were never packed before schema version 26, made ~1.3 KB of them
        /// an entry); any other list by its objects.
        /// </summary>
        private readonly ref struct Listed
        {
            private readonly IReadOnlyList<FieldChange> _list;
            private readonly CreatedChanges? _created;
            private readonly ReadOnlySpan<int> _codes;

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public Listed(IReadOnlyList<FieldChange> changes, CreatedChanges? created, ReadOnlySpan<int> codes)
            {
                _list = changes;
                _created = created;
                _codes = codes;
            }

            public int Count
            {
                [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
                get => _list.Count;
            }

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public string Field(int index) =>
                !_codes.IsEmpty ? ChangeEntryPack.FieldCodes[_codes[index]] : _created != null ? _created.FieldAt(index) : _list[index].Field;

            // A created record's field had no value before; its value is null only for a secret (CreatedChanges.ValueAt).
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public string? OldValue(int index) => _created != null ? null : _list[index].OldValue;

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public string? NewValue(int index) => _created != null ? _created.ValueAt(index) : _list[index].NewValue;

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public bool Hidden(int index) => _created != null ? _created.ValueAt(index) == null : _list[index].ValueHidden;

            /// <summary>The slot of change <paramref name="index"/>'s field in layout <paramref name="layout"/>, at or after <paramref name="from"/>; -1 if none.</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public int SlotFrom(int index, int layout, int from)
            {
                if (_codes.IsEmpty)
                {
                    return Array.IndexOf(Layouts[layout].Fields, Field(index), from);
                }

                // A layout names each field once: the one slot of the code is the search's answer when it is not before from.
                int slot = SlotsOfCodes[layout][_codes[index]];
                return slot >= from ? slot : -1;
            }
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

        /// <summary>Reads every form: the object and the positional array <see cref="Write"/> writes, or the older array of {"field","old","new"} objects.</summary>
        public static IReadOnlyList<FieldChange> Read(string text)
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return ReadObjectForm(root);
            }

            // The older array holds objects; the positional one starts with the name of its field list.
            return root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.String ? ReadPositionalForm(root) : ReadArrayForm(root);
        }

        private static List<FieldChange> ReadPositionalForm(JsonElement root)
        {
            string name = root[0].GetString() ?? "";
            string[]? fields = Array.Find(Layouts, layout => layout.Name == name).Fields;
            var changes = new List<FieldChange>(root.GetArrayLength());
            int slot = -1;
            foreach (JsonElement value in root.EnumerateArray())
            {
                if (slot++ < 0 || value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                // A list or slot no writer writes (an entry edited by hand) reads as something, so the entry fails
                // to verify instead of the history failing to read.
                string field = fields != null && slot - 1 < fields.Length ? fields[slot - 1] : $"{name}[{slot - 1}]";
                switch (value.ValueKind)
                {
                    case JsonValueKind.True:
                        changes.Add(FieldChange.Hidden(field));
                        break;
                    case JsonValueKind.String:
                        changes.Add(new FieldChange(field, null, value.GetString()));
                        break;
                    default:
                        changes.Add(new FieldChange(field, null, value.GetRawText()));
                        break;
                }
            }

            return changes;
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
