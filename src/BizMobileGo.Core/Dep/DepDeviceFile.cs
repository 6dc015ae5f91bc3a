using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// Reads the files Apple gives for DEP devices: the JSON of Device Assignment Services' fetch and sync
    /// device responses ({"devices": [...], "cursor": ..., "more_to_follow": ...}) and its profile response
    /// ({"profile_uuid": ..., "profile_name": ...}), Apple Business Manager's device list CSV
    /// ("Serial Number","Device Model",...), and the module's own CSV (SerialNumber, Model, ...).
    /// Unknown JSON keys and unknown Apple Business Manager columns are ignored: Apple adds fields.
    /// </summary>
    public static class DepDeviceFile
    {
        public const string OpAdded = "added";
        public const string OpModified = "modified";
        public const string OpDeleted = "deleted";

        /// <summary>The <see cref="DepFileContent.Format"/> of Apple Business Manager's device list.</summary>
        public const string AbmFormat = "Apple Business Manager CSV";

        /// <summary>The <see cref="DepFileContent.Format"/> of Device Assignment Services' fetch and sync device responses.</summary>
        public const string DeviceResponseFormat = "Apple device response";

        /// <summary>
        /// Imports one file whole, for callers without an error stream: a file with bad entries is refused
        /// as DepDeviceFileInvalid naming the first of them. The cmdlet uses <see cref="DepImport"/> to report each.
        /// </summary>
        public static DepImportSummary Import(IDeviceStore store, string path, DateTimeOffset now)
        {
            DepImportResult result = DepImport.Import(store, path, now);
            if (result.Errors.Count != 0)
            {
                throw Invalid(path, string.Join("; ", result.Errors.Take(3).Select(e => e.Message.TrimEnd('.'))), result.Errors[0]);
            }

            return result.Summary;
        }

        /// <summary>
        /// The most characters a DEP file may hold: Apple's responses come in pages of at most 1,000 devices (well
        /// under a megabyte each), so anything near this is not a DEP file, and an endless input stops here.
        /// </summary>
        public const int MaxFileCharacters = 64 * 1024 * 1024;

        /// <summary>
        /// Reads a DEP file; <paramref name="cancellation"/> (Ctrl+C) ends the wait of a FIFO for its writer, as for a device
        /// CSV (<see cref="InputFile"/>), and the read between two reads of the input.
        /// </summary>
        /// <param name="mdmServer">
        /// The Assigned MDM Server whose rows of Apple Business Manager's list are this MDM's (Import-BmgDepDevice -MdmServer);
        /// needed only when the list names several. Other files have no such column and ignore it.
        /// </param>
        public static DepFileContent Read(string path, CancellationToken cancellation = default, string? mdmServer = null)
        {
            if (StoreFile.LooksLikeStore(path))
            {
                // A store given as Apple's list (Import-BmgDepDevice ./acme.db) is said to be one, as Import-BmgDeviceCsv says it.
                throw new BmgException(ErrorIds.PathIsStore, BmgErrorCategory.InvalidArgument,
                    StoreFile.NotCsvFile(path, $"'{FieldText.Printable(path)}'", "nothing was read from it", "a DEP device file"), path);
            }

            try
            {
                using FileStream stream = InputFile.OpenRead(path, cancellation);
                // A JSON response may be one long line: only the file's size is bounded, not its lines.
                using var text = new CsvDecodingReader(stream, null, cancellation, maxLineLength: MaxFileCharacters);
                var read = new StringBuilder();
                char[] buffer = new char[64 * 1024];
                int count;
                while ((count = text.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (read.Length + count > MaxFileCharacters)
                    {
                        throw Invalid(path, string.Format(CultureInfo.InvariantCulture,
                            "it holds more than {0:N0} characters; Apple's device responses come in pages of at most 1,000 devices: import each page as its own file", MaxFileCharacters));
                    }

                    read.Append(buffer, 0, count);
                }

                string content = read.ToString();
                return IsJson(path, content) ? DepJsonFile.Read(content, path) : DepCsvFile.Read(content, path, mdmServer);
            }
            catch (CsvFormatException e)
            {
                throw Invalid(path, e.Message, e);
            }
            catch (DecoderFallbackException e)
            {
                throw Invalid(path, $"it is not valid text in its encoding ({e.Message})", e);
            }
            catch (Exception e) when (FileReadFailure.Is(e))
            {
                throw FileReadFailure.Of(path, e, $"The DEP device file '{path}'");
            }
        }

        /// <summary>
        /// The MDM servers Apple Business Manager's list <paramref name="path"/> assigns devices to, for -MdmServer's tab
        /// completion: read from its first <paramref name="maxRows"/> rows (a Tab must answer at once, and a list of an
        /// organization's every device may be large), each once. Empty for anything else: another file, a file that can't be
        /// read or decoded, a FIFO or device (which could block the prompt); completion never fails the prompt.
        /// </summary>
        public static IReadOnlyList<string> MdmServersOf(string path, int maxRows)
        {
            try
            {
                if (UnixFileStatus.Of(path) is UnixFileStatus status && status.Kind != UnixFileKind.Regular)
                {
                    return Array.Empty<string>();
                }

                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new CsvRecordReader(new CsvDecodingReader(stream, null));
                return AbmDeviceList.ServerNames(reader, maxRows);
            }
            catch (Exception)
            {
                return Array.Empty<string>();
            }
        }

        /// <summary>The source of the <paramref name="number"/>th piped response (from 1): errors, warnings and its summary name it so.</summary>
        public static string PipedSource(int number) => PipedPrefix + number.ToString(CultureInfo.InvariantCulture);

        /// <summary>The source of the piped objects <paramref name="first"/> to <paramref name="last"/> imported as one (ReadDeviceObjects).</summary>
        public static string PipedSources(int first, int last) =>
            first == last ? PipedSource(first) : string.Format(CultureInfo.InvariantCulture, "{0}{1}–{2}", PipedRangePrefix, first, last);

        private const string PipedPrefix = "piped object ";
        private const string PipedRangePrefix = "piped objects ";

        /// <summary>
        /// Reads Apple's reply given as JSON text rather than a file (a piped response object, written back to the JSON it was
        /// read from): the rules, errors and warnings of a saved response, its entries named by <paramref name="source"/>.
        /// </summary>
        /// <summary>
        /// DEP devices as objects, each its source ("piped object 4") and its values as text: the rows of one module DEP CSV
        /// named <paramref name="source"/> (<see cref="PipedSources"/>), one import (DepCsvFile.ReadObjects).
        /// </summary>
        public static DepFileContent ReadDeviceObjects(IReadOnlyList<(string Source, IReadOnlyList<KeyValuePair<string, string?>> Properties)> objects, string source) =>
            DepCsvFile.ReadObjects(objects, source);

        public static DepFileContent ReadResponse(string json, string source)
        {
            if (json.Length > MaxFileCharacters)
            {
                throw Invalid(source, string.Format(CultureInfo.InvariantCulture,
                    "it holds more than {0:N0} characters of JSON; Apple's device responses come in pages of at most 1,000 devices: import each page as its own response", MaxFileCharacters));
            }

            return DepJsonFile.Read(json, source);
        }

        /// <summary>How a message names a source at its start: "The DEP device file '/srv/dep.json'", or "Piped object 2".</summary>
        public static string Named(string source) =>
            IsPiped(source) ? "P" + source.Substring(1) : $"The DEP device file '{source}'";

        /// <summary>Whether <paramref name="source"/> is a piped reply's ("piped object 2"), not a file's.</summary>
        public static bool IsPiped(string source) =>
            source.StartsWith(PipedPrefix, StringComparison.Ordinal) || source.StartsWith(PipedRangePrefix, StringComparison.Ordinal);

        /// <summary>
        /// A file named .json is JSON whatever it holds, so a CSV saved under that name, or an HTML error page or a truncated
        /// download saved as Apple's response, is refused naming where its JSON breaks instead of read as a CSV. A file of
        /// another name (a .txt, a FIFO or /dev/fd/N with none) is JSON when its content begins as JSON does; else CSV.
        /// </summary>
        private static bool IsJson(string path, string content)
        {
            if (IsNamedJson(path))
            {
                return true;
            }

            string start = content.TrimStart();
            return start.StartsWith("{", StringComparison.Ordinal) || start.StartsWith("[", StringComparison.Ordinal);
        }

        internal static bool IsNamedJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The warning for -MdmServer given to a command none of whose files is Apple Business Manager's device list (the only
        /// shape it applies to), naming each file and its shape; null when one was such a list, or -MdmServer was not given.
        /// </summary>
        public static string? MdmServerUnused(string? mdmServer, IReadOnlyList<(string File, string Format)> files)
        {
            if (Blank(mdmServer) is not string given || files.Count == 0 || files.Any(f => f.Format == AbmFormat))
            {
                return null;
            }

            return $"-MdmServer '{FieldText.Printable(given)}' was not used: it chooses the rows of Apple Business Manager's device list (its {AbmDeviceList.MdmServerColumn} column), " +
                $"and no file of this command is one: {string.Join(", ", files.Select(f => $"'{FieldText.Printable(f.File)}' ({f.Format})"))}. Leave -MdmServer out for these files.";
        }

        /// <summary>
        /// The warning for a device response whose more_to_follow is true and that no later file of the command continues: Apple
        /// has more devices for the request than this page holds, and the DEP device list stays incomplete until the next page
        /// (asked for with the page's cursor) is imported too. The cursor is a position in Apple's list, not a credential.
        /// </summary>
        public static string MoreToFollowWarning(string file, string? cursor)
        {
            // A reply piped from Invoke-RestMethod (or ConvertFrom-Json) is continued by the next piped reply, not by a file.
            bool piped = IsPiped(file);
            string what = piped ? "reply" : "response";
            string next = cursor == null
                ? $"The {what} has no cursor to ask for that page with: fetch the devices again and {(piped ? "pipe" : "save")} every page"
                : $"Ask Apple for the next page with the cursor '{FieldText.Printable(cursor)}' and " + (piped
                    ? "pipe it after this one (pipe every page to one Import-BmgDepDevice, in the order Apple returned them)"
                    : "import it (give the pages in one command, in the order Apple returned them: Import-BmgDepDevice page1.json, page2.json)");
            return $"Apple's {what} '{FieldText.Printable(file)}' says more_to_follow: true: " + (piped
                    ? "the devices of its next page were not piped after it to this command. "
                    : "the devices of its next page are not in this file, and no later file of this command continues it. ")
                + next + "; until then devices Apple assigned to this MDM are missing from the DEP device list.";
        }

        internal static string? Blank(string? text)
        {
            string? trimmed = text?.Trim();
            return string.IsNullOrEmpty(trimmed) ? null : trimmed;
        }

        internal static BmgException EntryError(string errorId, string path, string where, string reason, object? target = null) =>
            RowError(errorId, path, where, 0, 0, null, reason, target);

        /// <summary>
        /// An error about one device entry: a CSV row's as every CSV row's error is worded (<see cref="SourceLine.Row"/>: "Line 3
        /// (serial 'F9FXK2AAAA01') of 'dep.csv': …", and Excel's row below a quoted line break), else "The DEP device file
        /// 'x.json', devices[2]: …". <paramref name="namesSerial"/>: the reason names the entry's serial itself (a serial given
        /// twice), so the row is not named by it again.
        /// </summary>
        internal static BmgException EntryError(string errorId, DepFileContent content, DepEntry entry, string reason, bool namesSerial = false) =>
            RowError(errorId, content.Source, entry.Where, entry.Line, entry.LineBreaksAbove, namesSerial ? null : entry.SerialNumber, reason, entry.SerialNumber);

        /// <summary>
        /// An error about the entry at <paramref name="where"/>: when it is a row of a CSV file (<paramref name="line"/> above 0),
        /// worded by <see cref="SourceLine.Row"/>, the row named by its <paramref name="serial"/> (null: none, or the reason names it).
        /// </summary>
        internal static BmgException RowError(string errorId, string path, string where, int line, int lineBreaksAbove, string? serial, string reason,
            object? target = null) =>
            new BmgException(errorId, BmgErrorCategory.InvalidData, line > 0 && !IsPiped(path)
                    ? SourceLine.Row(line, path, string.IsNullOrWhiteSpace(serial) ? null : SourceLine.Record("serial", serial!.Trim()), lineBreaksAbove, reason.TrimEnd('.') + ".")
                    : $"{Named(path)}, {where}: {reason.TrimEnd('.')}.",
                target ?? path);

        internal static BmgException Invalid(string path, string reason, Exception? inner = null) =>
            BmgException.WithOutcome(ErrorIds.DepDeviceFileInvalid, BmgErrorCategory.InvalidData,
                $"{Named(path)} can't be imported: {reason.TrimEnd('.')}.", BmgException.NothingImported, path, inner);
    }
}
