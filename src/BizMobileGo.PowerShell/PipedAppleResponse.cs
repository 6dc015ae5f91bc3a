using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Apple's reply as PowerShell holds it after Invoke-RestMethod or ConvertFrom-Json (PSCustomObjects, arrays, strings,
    /// numbers, and DateTimes where the JSON had ISO dates), written back to the JSON it was read from, so that
    /// Import-BmgDepDevice reads a piped response by the rules of its saved file (<see cref="DepDeviceFile.ReadResponse"/>).
    /// </summary>
    internal static class PipedAppleResponse
    {
        /// <summary>Deeper than any reply of Apple's (devices nest two levels): a structure that refers to itself ends here.</summary>
        private const int MaxDepth = 64;

        /// <summary>
        /// Whether a piped object is one of Apple's replies: it has one of <see cref="DepReplyKeys.Identifying"/> as a property
        /// (Invoke-RestMethod's, ConvertFrom-Json's) or, a dictionary, as a key (ConvertFrom-Json -AsHashtable's). The one rule
        /// by which Import-BmgDepDevice's -Path hands it on to -InputObject (NameNotObject) and -InputObject imports it as a
        /// reply rather than as a piped file's path.
        /// </summary>
        internal static bool IsReply(PSObject piped) => PipedKeys.HasAny(piped, DepReplyKeys.Identifying) && !IsAppleDevice(piped);

        /// <summary>
        /// Whether a piped object is one device of a device response's list (<see cref="DepReplyKeys.DeviceSerial"/>, no
        /// devices): no reply, though a device assigned a profile carries profile_uuid as a profile response does (review32, 8),
        /// so `$reply.devices | Import-BmgDepDevice` is refused saying to pipe the reply, not read as a profile response.
        /// </summary>
        internal static bool IsAppleDevice(PSObject piped) =>
            PipedKeys.HasAny(piped, DeviceKeys) && !PipedKeys.HasAny(piped, RepliesDevices);

        private static readonly string[] DeviceKeys = { DepReplyKeys.DeviceSerial };

        private static readonly string[] RepliesDevices = { DepReplyKeys.Devices };

        /// <summary>
        /// A date as ISO-8601 text, or null for any other value. ConvertFrom-Json makes ISO dates DateTimes: written back as they
        /// were, a zone-less one without a zone, so that the dates' rule (Z or an offset) judges what the JSON said, not what
        /// PowerShell made of it; a DateTimeOffset (Get-BmgDepDevice's own dates) keeps its offset.
        /// </summary>
        internal static string? DateText(object? value) => value switch
        {
            DateTime date => date.ToString(date.Kind switch
            {
                DateTimeKind.Utc => "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
                DateTimeKind.Local => "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
                _ => "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
            }, CultureInfo.InvariantCulture),
            DateTimeOffset offsetDate => offsetDate.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
            _ => null,
        };

        /// <summary>The JSON text of <paramref name="response"/>.</summary>
        /// <exception cref="BmgException">DepDeviceFileInvalid: it nests deeper than <see cref="MaxDepth"/>.</exception>
        internal static string ToJson(object? response, string source)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                Write(writer, response, 0, source);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void Write(Utf8JsonWriter writer, object? value, int depth, string source)
        {
            if (depth > MaxDepth)
            {
                throw BmgException.WithOutcome(ErrorIds.DepDeviceFileInvalid, BmgErrorCategory.InvalidData,
                    $"{DepDeviceFile.Named(source)} can't be imported: it nests deeper than {MaxDepth} levels, which no reply of Apple's does.",
                    BmgException.NothingImported, source);
            }

            object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (bare)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case PSCustomObject _:
                    writer.WriteStartObject();
                    foreach (PSPropertyInfo property in ((PSObject)value!).Properties)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value, depth + 1, source);
                    }

                    writer.WriteEndObject();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case char character:
                    writer.WriteStringValue(character.ToString());
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case DateTime or DateTimeOffset:
                    writer.WriteStringValue(DateText(bare));
                    break;
                case double number when !double.IsFinite(number):
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case float number when !float.IsFinite(number):
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or System.Numerics.BigInteger:
                    writer.WriteRawValue(Convert.ToString(bare, CultureInfo.InvariantCulture)!, skipInputValidation: true);
                    break;
                case IDictionary dictionary:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                        Write(writer, entry.Value, depth + 1, source);
                    }

                    writer.WriteEndObject();
                    break;
                case IEnumerable items:
                    writer.WriteStartArray();
                    foreach (object? item in items)
                    {
                        Write(writer, item, depth + 1, source);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(Convert.ToString(bare, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
