using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The PriorClears value of a clear's entry (walkthrough 32, 8): the earlier clears whose entries it removed, each with
    /// the fields its own entry had (ChangedBy only where it had one: records written before walkthrough 35, 3 have none, and
    /// read as none) and the clears that entry carried, oldest first, as one JSON array. The value is hashed
    /// with the entry, so a carried record is as tamper-evident as the entry it came from; a value that no longer reads as
    /// such an array gives no clears here, and the hash check says whether the entry was altered.
    /// </summary>
    internal static class PriorClearsText
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>The value for <paramref name="clears"/>; null when there are none (the entry then has no PriorClears field).</summary>
        public static string? Write(IReadOnlyList<HistoryClear> clears)
        {
            if (clears.Count == 0)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                json.WriteStartArray();
                foreach (HistoryClear clear in clears)
                {
                    json.WriteStartObject();
                    json.WriteNumber("Sequence", clear.Sequence);
                    json.WriteString("At", HistoryTime.ToText(clear.AtUtc));
                    json.WriteString("OsUser", clear.OsUser);
                    json.WriteString("Host", clear.Host);
                    // Only when there is one (walkthrough 35, 3): a record without it is written, and so hashed, as before.
                    WriteOptional(json, "ChangedBy", clear.ChangedBy.Length > 0 ? clear.ChangedBy : null);
                    WriteOptional(json, "Before", clear.BeforeUtc is DateTimeOffset before ? HistoryTime.ToText(before) : null);
                    WriteOptional(json, "RemovedEntries", clear.RemovedEntries);
                    WriteOptional(json, "ChainStart", clear.ChainStart);
                    WriteOptional(json, "ChainStartPreviousHash", clear.ChainStartPreviousHash);
                    WriteOptional(json, "Reason", clear.Reason);
                    WriteOptional(json, "AcceptedTampered", clear.AcceptedTampered);
                    WriteOptional(json, "AcceptedReason", clear.AcceptedReason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        /// <summary>The clears <paramref name="text"/> carries, each <see cref="HistoryClear.CarriedBy"/> <paramref name="carriedBy"/>.</summary>
        public static IReadOnlyList<HistoryClear> Read(string? text, long carriedBy)
        {
            var clears = new List<HistoryClear>();
            if (string.IsNullOrEmpty(text))
            {
                return clears;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    return clears;
                }

                foreach (JsonElement clear in document.RootElement.EnumerateArray())
                {
                    if (clear.ValueKind != JsonValueKind.Object || Number(clear, "Sequence") is not long sequence
                        || Text(clear, "At") is not string atText || !HistoryTime.TryParse(atText, out DateTimeOffset at))
                    {
                        continue;
                    }

                    DateTimeOffset? before = Text(clear, "Before") is string beforeText && HistoryTime.TryParse(beforeText, out DateTimeOffset time)
                        ? time : null;
                    clears.Add(HistoryClear.Carried(sequence, at, Text(clear, "OsUser") ?? "", Text(clear, "Host") ?? "",
                        Text(clear, "ChangedBy") ?? "", before,
                        Number(clear, "RemovedEntries"), Number(clear, "ChainStart"), Text(clear, "ChainStartPreviousHash"), Text(clear, "Reason"),
                        Text(clear, "AcceptedTampered"), Text(clear, "AcceptedReason"), carriedBy));
                }
            }
            catch (JsonException)
            {
                // Altered by hand: the entry's hash check names it.
            }

            return clears;
        }

        private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }

        private static void WriteOptional(Utf8JsonWriter json, string name, long? value)
        {
            if (value is long number)
            {
                json.WriteNumber(name, number);
            }
        }

        private static string? Text(JsonElement clear, string name) =>
            clear.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static long? Number(JsonElement clear, string name) =>
            clear.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)
                ? number : null;
    }
}
