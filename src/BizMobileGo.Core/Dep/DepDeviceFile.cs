using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;

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

        private static readonly (string Key, DepField Field)[] JsonFields =
        {
            ("model", DepField.Model), ("description", DepField.Description), ("color", DepField.Color),
            ("asset_tag", DepField.AssetTag), ("os", DepField.OS), ("device_family", DepField.DeviceFamily),
            ("profile_status", DepField.ProfileStatus), ("profile_uuid", DepField.ProfileUuid),
            ("profile_assign_time", DepField.ProfileAssignTime), ("profile_push_time", DepField.ProfilePushTime),
            ("device_assigned_date", DepField.DeviceAssignedDate), ("device_assigned_by", DepField.DeviceAssignedBy),
        };

        private const string OwnSerialColumn = "SerialNumber";

        /// <summary>The module's own CSV: exact, case-sensitive column names; another column is refused.</summary>
        private static readonly (string Column, DepField Field)[] OwnCsvColumns =
        {
            ("Model", DepField.Model), ("Description", DepField.Description), ("Color", DepField.Color),
            ("AssetTag", DepField.AssetTag), ("OS", DepField.OS), ("DeviceFamily", DepField.DeviceFamily),
            ("ProfileStatus", DepField.ProfileStatus), ("ProfileUuid", DepField.ProfileUuid), ("ProfileName", DepField.ProfileName),
            ("DeviceAssignedDate", DepField.DeviceAssignedDate), ("DeviceAssignedBy", DepField.DeviceAssignedBy),
        };

        /// <summary>The <see cref="DepFileContent.Format"/> of Apple Business Manager's device list.</summary>
        public const string AbmFormat = "Apple Business Manager CSV";

        private const string AbmSerialColumn = "Serial Number";
        private const string AbmMdmServerColumn = "Assigned MDM Server";
        private const string AbmStatusColumn = "Status";
        private const string AbmUnassigned = "Unassigned";

        /// <summary>Apple Business Manager's device list download: the columns that mean a DEP device field; the rest are ignored.</summary>
        private static readonly (string Column, DepField Field)[] AbmCsvColumns =
        {
            ("Device Model", DepField.Model), ("Color", DepField.Color), ("Description", DepField.Description),
            ("Asset Tag", DepField.AssetTag), ("Device Family", DepField.DeviceFamily), ("OS", DepField.OS),
        };

        internal static readonly DepField[] DateFields = { DepField.ProfileAssignTime, DepField.ProfilePushTime, DepField.DeviceAssignedDate };

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
                return IsJson(path, content) ? ReadJson(content, path) : ReadCsv(content, path, mdmServer);
            }
            catch (CsvFormatException e)
            {
                throw Invalid(path, e.Message, e);
            }
            catch (DecoderFallbackException e)
            {
                throw Invalid(path, $"it is not valid text in its encoding ({e.Message})", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new BmgException(ErrorIds.FileOpenFailure, BmgErrorCategory.OpenError, $"The DEP device file '{path}' can't be read: {e.Message}", path, e);
            }
        }

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

        private static bool IsNamedJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        // ---- CSV: the module's own columns, or Apple Business Manager's download ----

        private static DepFileContent ReadCsv(string content, string path, string? mdmServer)
        {
            using var reader = new CsvRecordReader(new StringReader(content));
            // The header rule of every CSV the module reads (CsvFileHeader): a '#TYPE' first line and rows of only
            // delimiters before the header are skipped, and the empty cells Excel leaves at the header's end name no column.
            if (!(CsvFileHeader.Read(reader) is CsvFileHeader file))
            {
                throw Invalid(path, $"the file is empty; its first line must be a header: {OwnSerialColumn},{string.Join(",", OwnCsvColumns.Select(c => c.Column))} (only {OwnSerialColumn} is required), or Apple Business Manager's \"{AbmSerialColumn}\",\"Device Model\",...");
            }

            CsvRecord header = file.Record;
            string[] names = file.Names;
            bool abm = Array.IndexOf(names, AbmSerialColumn) >= 0;
            var result = new DepFileContent(path, abm ? AbmFormat : "CSV");
            int serialColumn = Array.IndexOf(names, abm ? AbmSerialColumn : OwnSerialColumn);
            // Neither shape's serial column: most likely Apple Business Manager's list downloaded in another language.
            string localized = serialColumn < 0 ? LocalizedListHint : "";
            var columns = new List<(int Index, DepField Field)>();
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (i == serialColumn)
                {
                    continue;
                }

                (string Column, DepField Field)[] known = abm ? AbmCsvColumns : OwnCsvColumns;
                int match = Array.FindIndex(known, c => c.Column == name);
                if (match >= 0)
                {
                    columns.Add((i, known[match].Field));
                }
                else if (!abm)
                {
                    throw Invalid(path, $"line {header.LineNumber}: '{name}' is not a column; the columns are {OwnSerialColumn}, {string.Join(", ", OwnCsvColumns.Select(c => c.Column))} (case-sensitive), or Apple Business Manager's device list with \"{AbmSerialColumn}\"{(localized.Length == 0 ? "" : $"; the header has no {OwnSerialColumn} column{localized}")}{(BizMobileGo.Core.Import.ExportCsvOfObjects.DepFileAdvice(name) is string exported ? "; " + exported : "")}");
                }
            }

            if (serialColumn < 0)
            {
                throw Invalid(path, $"line {header.LineNumber}: the header has no {OwnSerialColumn} column{localized}");
            }

            var records = new List<CsvRecord>();
            bool unnamedColumnHasData = false;
            while (reader.TryReadRecord(out CsvRecord read))
            {
                // A row of only delimiters (Excel's empty sheet row) is skipped like an empty line, as in a device CSV.
                if (CsvFileHeader.IsBlank(read.Fields))
                {
                    continue;
                }

                // A value under a header cell with no name is never dropped silently: the row is an error naming its column.
                int unnamed = file.UnnamedColumnWithValue(read.Fields);
                if (unnamed >= 0)
                {
                    unnamedColumnHasData = true;
                    result.Errors.Add(EntryError(ErrorIds.UnknownCsvColumn, path, $"line {read.LineNumber}", CsvFileHeader.DataInUnnamedColumn(unnamed), read.Fields[unnamed]));
                    continue;
                }

                records.Add(read);
            }

            if (!unnamedColumnHasData && file.IgnoredWarning(path) is string ignored)
            {
                result.Warnings.Add(ignored);
            }

            Func<CsvRecord, bool> ours = abm ? AbmRowsOfThisMdm(result, names, records, mdmServer, serialColumn) : _ => true;
            int position = 0;
            var profileNamedAt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (CsvRecord record in records)
            {
                if (!ours(record))
                {
                    continue;
                }

                string where = $"line {record.LineNumber}";
                string? serialText = serialColumn < record.Fields.Length ? record.Fields[serialColumn] : null;
                DepEntry? entry = NewEntry(result, where, position++, abm ? AbmSerialColumn : OwnSerialColumn, serialText);
                if (entry == null)
                {
                    continue;
                }

                foreach ((int index, DepField field) in columns)
                {
                    // A short row gives no value for its missing cells: absent, so the stored value stays.
                    if (index < record.Fields.Length)
                    {
                        Give(result, entry, field, ColumnName(abm, field), record.Fields[index]);
                    }
                }

                NameProfileOfRow(result, entry, profileNamedAt);
            }

            CheckDuplicates(result);
            return result;
        }

        /// <summary>
        /// Which rows of Apple Business Manager's device list are DEP devices of this MDM. The list holds every device the
        /// organization owns: a row whose Status is Unassigned, or whose Assigned MDM Server is empty, is assigned to no MDM,
        /// and a row of another server is that server's; taken as DEP devices, they would let a device check in by a serial
        /// Apple never assigned here. They are skipped (counted, and said once in a warning), not errors: the download is
        /// meant whole. When the assigned rows name several servers, which is this MDM can't be guessed: the file is refused
        /// (DepMdmServerAmbiguous) unless <paramref name="mdmServer"/> says, and a name none of them has is refused too
        /// (DepMdmServerNotFound): a typo would skip every row. Server names compare ignoring case and outer blanks.
        /// A file with one server name is taken as this MDM's, as before.
        /// </summary>
        private static Func<CsvRecord, bool> AbmRowsOfThisMdm(DepFileContent content, string[] names, List<CsvRecord> records, string? mdmServer, int serialColumn)
        {
            int serverColumn = Array.IndexOf(names, AbmMdmServerColumn);
            int statusColumn = Array.IndexOf(names, AbmStatusColumn);
            string? Cell(CsvRecord record, int column) => column >= 0 && column < record.Fields.Length ? Blank(record.Fields[column]) : null;
            bool Unassigned(CsvRecord record) =>
                string.Equals(Cell(record, statusColumn), AbmUnassigned, StringComparison.OrdinalIgnoreCase)
                || (serverColumn >= 0 && Cell(record, serverColumn) == null);

            // The servers of the assigned rows, in the order the file names them, with their row counts.
            var servers = new List<(string Name, int Rows)>();
            foreach (CsvRecord record in records)
            {
                if (Unassigned(record) || Cell(record, serverColumn) is not string server)
                {
                    continue;
                }

                CountRow(servers, server);
            }

            string ServerList() => string.Join(", ", servers.Select(s => $"'{FieldText.Printable(s.Name)}' ({EnglishWords.Amount(s.Rows, "row")})"));
            string? chosen = Blank(mdmServer);
            if (chosen != null && servers.Count != 0 && !servers.Exists(s => string.Equals(s.Name, chosen, StringComparison.OrdinalIgnoreCase)))
            {
                string notFound = $"The DEP device file '{content.Source}' can't be imported: -MdmServer '{FieldText.Printable(chosen)}' names none of the MDM servers its {AbmMdmServerColumn} column has: {ServerList()} (compared ignoring case)";
                // A name that differs from one of the file's only in case, blanks and punctuation, or is part of it (or it of the name), is a typo
                // or a renamed server, not a server the list no longer assigns anything to: refused whatever the store holds.
                if (servers.Find(s => DepMdmServerNames.LookAlike(s.Name, chosen)) is { Name: not null } near)
                {
                    throw BmgException.WithOutcome(ErrorIds.DepMdmServerNotFound, BmgErrorCategory.ObjectNotFound,
                        $"{notFound}; did you mean -MdmServer '{FieldText.Printable(near.Name)}'?", BmgException.NothingImported, content.Source);
                }

                // Otherwise the list may simply assign nothing to this MDM any more: every assigned row is another server's, and
                // the plan releases the active DEP devices it lists; when the store holds none of them it is refused as this.
                content.MdmServerNamesNone = new DepMdmServerNamesNone(FieldText.Printable(chosen), ServerList(),
                    BmgException.WithOutcome(ErrorIds.DepMdmServerNotFound, BmgErrorCategory.ObjectNotFound,
                        $"{notFound}, and the store holds no active DEP device whose serial the file lists, so it can't be the list of a server this MDM was.",
                        BmgException.NothingImported, content.Source));
            }

            if (chosen == null && servers.Count > 1)
            {
                throw BmgException.WithOutcome(ErrorIds.DepMdmServerAmbiguous, BmgErrorCategory.InvalidData,
                    $"The DEP device file '{content.Source}' can't be imported: its assigned rows name {servers.Count} MDM servers: {ServerList()}; only the devices assigned to this MDM are its DEP devices, so say which server this MDM is: Import-BmgDepDevice -MdmServer <name> (the rows of the other servers are then skipped).",
                    BmgException.NothingImported, content.Source);
            }

            int unassigned = 0;
            var others = new List<(string Name, int Rows)>();
            // A skipped row's serial, kept (when valid) with what the list shows it as: Apple says it is not this MDM's.
            void Skip(CsvRecord record, string shownAs, bool otherServer)
            {
                if (AppleSerial.TryParse(Cell(record, serialColumn), out AppleSerial serial, out _))
                {
                    content.SkippedRows.Add(new DepSkippedRow(serial.Value, $"line {record.LineNumber}", shownAs, otherServer));
                }
            }

            var ours = new HashSet<int>();
            foreach (CsvRecord record in records)
            {
                if (Unassigned(record))
                {
                    unassigned++;
                    Skip(record, "not assigned to an MDM server", false);
                }
                else if (chosen != null && Cell(record, serverColumn) is string server && !string.Equals(server, chosen, StringComparison.OrdinalIgnoreCase))
                {
                    CountRow(others, server);
                    Skip(record, $"assigned to '{FieldText.Printable(server)}'", true);
                }
                else
                {
                    ours.Add(record.LineNumber);
                }
            }

            content.Skipped = records.Count - ours.Count;
            // When -MdmServer names none of the file's servers the plan says what became of the file instead (DepImport).
            if (content.Skipped != 0 && content.MdmServerNamesNone == null)
            {
                const string NotAssigned = "not assigned to an MDM server (Status 'Unassigned' or no Assigned MDM Server)";
                bool one = content.Skipped == 1;
                string skipped = $"{EnglishWords.Amount(content.Skipped, "row")} of the DEP device file '{content.Source}' {EnglishWords.Was(content.Skipped)} skipped";
                string theyAre = one ? "it is" : "they are";
                string depDevices = one ? "a DEP device" : "DEP devices";
                content.Warnings.Add(others.Count == 0
                    ? $"{skipped}: {theyAre} {NotAssigned}, so {theyAre} not {depDevices} of this MDM."
                    : $"{skipped}, as {theyAre} not {depDevices} of this MDM: "
                        + string.Join(", ", (unassigned == 0 ? new string[0] : new[] { $"{unassigned} {NotAssigned}" })
                            .Concat(others.Select(o => $"{o.Rows} assigned to '{FieldText.Printable(o.Name)}'"))) + ".");
            }

            return record => ours.Contains(record.LineNumber);
        }

        /// <summary>One more row of <paramref name="server"/> (names compared ignoring case), in the order the file names them.</summary>
        private static void CountRow(List<(string Name, int Rows)> servers, string server)
        {
            int known = servers.FindIndex(s => string.Equals(s.Name, server, StringComparison.OrdinalIgnoreCase));
            if (known < 0)
            {
                servers.Add((server, 1));
            }
            else
            {
                servers[known] = (servers[known].Name, servers[known].Rows + 1);
            }
        }

        /// <summary>
        /// Apple Business Manager writes its device list's column names in the language it is set to, and only the English names
        /// are known here (no source gives the other languages' exact names): the refusal says how to get a list that imports.
        /// </summary>
        private const string LocalizedListHint =
            " (nor Apple Business Manager's \"" + AbmSerialColumn + "\"). If this is Apple Business Manager's device list downloaded in another language " +
            "(a header such as 'シリアル番号'), set Apple Business Manager's language to English and download the list again: only its English column names are read";

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

            return $"-MdmServer '{FieldText.Printable(given)}' was not used: it chooses the rows of Apple Business Manager's device list (its {AbmMdmServerColumn} column), " +
                $"and no file of this command is one: {string.Join(", ", files.Select(f => $"'{FieldText.Printable(f.File)}' ({f.Format})"))}. Leave -MdmServer out for these files.";
        }


        /// <summary>
        /// A row with both a ProfileUuid and a ProfileName names that profile, as Apple's profile response does;
        /// two rows naming one uuid differently are an error (a name is the profile's, not the device's).
        /// </summary>
        private static void NameProfileOfRow(DepFileContent content, DepEntry entry, Dictionary<string, string> namedAt)
        {
            if (!entry.Given.TryGetValue(DepField.ProfileUuid, out string? uuid) || uuid == null
                || !entry.Given.TryGetValue(DepField.ProfileName, out string? name) || name == null)
            {
                return;
            }

            if (content.ProfileNames.TryGetValue(uuid, out string? earlier) && earlier != name)
            {
                content.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where,
                    $"ProfileName '{name}' is not valid: {namedAt[uuid]} names the profile {uuid} '{earlier}'; a profile has one name", entry.SerialNumber));
                return;
            }

            content.ProfileNames[uuid] = name;
            namedAt[uuid] = entry.Where;
        }

        private static string ColumnName(bool abm, DepField field) =>
            Array.Find(abm ? AbmCsvColumns : OwnCsvColumns, c => c.Field == field).Column ?? field.ToString();

        // ---- JSON: Apple's fetch / sync device responses and its profile response ----

        private static DepFileContent ReadJson(string content, string path)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(content);
            }
            catch (JsonException e)
            {
                throw Invalid(path, NotJson(path, content, e));
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("profile_name", out _))
                {
                    return ReadProfile(root, path);
                }

                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("devices", out JsonElement deviceArray) || deviceArray.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid(path, DepOtherAppleReplies.Describe(root)
                        ?? "the JSON is neither Apple's device response ({\"devices\": [...], \"cursor\": ...}) nor its profile response ({\"profile_uuid\": ..., \"profile_name\": ...})");
                }

                var result = new DepFileContent(path, "Apple device response");
                ReadFetchedUntil(result, root);
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
                        result.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, path, where, "is not an object with serial_number"));
                        continue;
                    }

                    DepEntry? entry = NewEntry(result, where, position, "serial_number", Text(device, "serial_number", out _));
                    if (entry == null)
                    {
                        continue;
                    }

                    foreach ((string key, DepField field) in JsonFields)
                    {
                        string? value = Text(device, key, out bool given);
                        if (given)
                        {
                            Give(result, entry, field, key, value);
                        }
                    }

                    ReadOperation(result, device, entry);
                }

                result.IsSync = result.Entries.Exists(e => e.OpType != null);
                CheckDuplicates(result);
                return result;
            }
        }

        /// <summary>
        /// Where the JSON breaks, counted as an editor does (line and character from 1; the parser counts from 0, in UTF-8
        /// bytes), what the parser expected there, and what the file should have been.
        /// </summary>
        private static string NotJson(string path, string content, JsonException e)
        {
            string where = "";
            string at = "";
            if (e.LineNumber is long line && e.BytePositionInLine is long bytes)
            {
                string[] lines = content.Split('\n');
                string text = line < lines.Length ? lines[line] : "";
                byte[] utf8 = Encoding.UTF8.GetBytes(text);
                int character = Encoding.UTF8.GetCharCount(utf8, 0, (int)Math.Min(bytes, utf8.Length)) + 1;
                where = string.Format(CultureInfo.InvariantCulture, "line {0}, character {1}: ", line + 1, character);
                at = character - 1 < text.Length ? text.Substring(character - 1) : "";
            }

            string reason = JsonReason(content, e.Message, at);

            const string Shapes = "Apple's device response ({\"devices\": [...], \"cursor\": ...}) or its profile response ({\"profile_uuid\": ..., \"profile_name\": ...})";
            return IsNamedJson(path)
                ? $"it is named .json but is not valid JSON: {where}{reason}; a file named .json must hold {Shapes}, and a CSV file must be named otherwise"
                : $"it is not valid JSON: {where}{reason}; expected {Shapes}";
        }

        /// <summary>
        /// What is wrong where the JSON breaks, in the admin's words. The parser's words for a file of only blanks speak of its
        /// own API ("... when isFinalBlock is true"), and for a trailing comma they give a developer's advice ("not supported in
        /// this mode. Change the reader options"): a trailing comma and a comment are the usual hand-edit mistakes, so each is
        /// named with what to do; any other message has such advice cut, never passed on.
        /// </summary>
        private static string JsonReason(string content, string message, string at)
        {
            if (string.IsNullOrWhiteSpace(content))
            {
                return "the file ends before any JSON value";
            }

            if (message.IndexOf("trailing comma", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                string closing = at.StartsWith("}", StringComparison.Ordinal) ? "}" : "]";
                return $"a comma before the closing '{closing}' (a trailing comma): JSON allows no comma after the last item; delete that comma";
            }

            if (at.StartsWith("//", StringComparison.Ordinal) || at.StartsWith("/*", StringComparison.Ordinal))
            {
                return $"a comment ({at.Substring(0, 2)}): JSON allows no comments; delete it";
            }

            string reason = JsonPositionSuffix.Replace(message, "").Trim();
            reason = JsonParserAdvice.Replace(reason, "").Trim();
            return reason.TrimEnd('.');
        }

        /// <summary>Sentences of System.Text.Json's messages addressed to a developer (its reader options, "this mode").</summary>
        private static readonly Regex JsonParserAdvice = new Regex(@"(\s*which is not supported in this mode)?\.?\s*Change the reader options\.?|\s*which is not supported in this mode", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The " LineNumber: 0 | BytePositionInLine: 7." System.Text.Json appends to its messages (0-based, in bytes).</summary>
        private static readonly Regex JsonPositionSuffix = new Regex(@"\s*(Path: \S* \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$", RegexOptions.CultureInvariant);

        private static DepFileContent ReadProfile(JsonElement root, string path)
        {
            var result = new DepFileContent(path, "Apple profile response");
            if (!AddProfile(result, root, "the profile"))
            {
                string problem = ProfileProblem(root) ?? NameRule(root);
                throw Invalid(path, $"{problem}; name a profile by hand with Set-BmgDepProfile -Uuid <uuid> -Name <name>");
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
            foreach (string key in new[] { "profile_uuid", "profile_name" })
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
            string name = Text(profile, "profile_name", out _) ?? "";
            BoundedText.TryParse(name, BoundedText.NameMaxLength, out _, out string? rule);
            return $"the profile response's profile_name '{FieldText.Printable(name)}' is not valid: {rule}";
        }

        private static bool AddProfile(DepFileContent content, JsonElement profile, string where)
        {
            string? uuid = Text(profile, "profile_uuid", out _);
            string? name = Text(profile, "profile_name", out _);
            if (uuid == null || name == null)
            {
                return false;
            }

            if (!BoundedText.TryParse(name, BoundedText.NameMaxLength, out string checkedName, out string? rule))
            {
                content.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, content.Source, where, $"profile_name '{name}' is not valid: {rule}"));
                return false;
            }

            content.ProfileNames[uuid] = checkedName;
            return true;
        }

        /// <summary>
        /// The response's fetched_until, the time its list is as of: an entry without an op_date is as old as it, which decides
        /// whether it may re-add a serial the store holds released (<see cref="DepReleaseTimes"/>); so a value that is no date
        /// refuses the file, as an op_date does.
        /// </summary>
        private static void ReadFetchedUntil(DepFileContent content, JsonElement root)
        {
            if (Text(root, "fetched_until", out _) is not string fetchedUntil)
            {
                return;
            }

            if (TryParseDate(fetchedUntil, out DateTimeOffset date))
            {
                content.FetchedUntil = date;
            }
            else
            {
                content.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, content.Source, "fetched_until", DateRule("fetched_until", FieldText.Printable(fetchedUntil))));
            }
        }

        private static void ReadOperation(DepFileContent content, JsonElement device, DepEntry entry)
        {
            string? opType = Text(device, "op_type", out _);
            if (opType != null)
            {
                string normalized = opType.ToLowerInvariant();
                if (normalized == OpAdded || normalized == OpModified || normalized == OpDeleted)
                {
                    entry.OpType = normalized;
                }
                else
                {
                    content.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where,
                        $"op_type '{opType}' is not valid: Apple's sync response uses added, modified or deleted"));
                }
            }

            string? opDate = Text(device, "op_date", out _);
            if (opDate != null)
            {
                if (TryParseDate(opDate, out DateTimeOffset date))
                {
                    entry.OpDate = date;
                }
                else
                {
                    content.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where, DateRule("op_date", opDate)));
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
                JsonValueKind.String => Blank(value.GetString()),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            };
        }

        // ---- entries ----

        private static DepEntry? NewEntry(DepFileContent content, string where, int position, string serialName, string? serialText)
        {
            if (!AppleSerial.TryParse(serialText, out AppleSerial serial, out string? rule))
            {
                content.Errors.Add(EntryError(string.IsNullOrWhiteSpace(serialText) ? ErrorIds.MissingRequiredField : ErrorIds.InvalidFieldValue,
                    content.Source, where, $"{serialName} '{FieldText.Printable(serialText ?? "")}' is not valid: {rule}", serialText));
                return null;
            }

            var entry = new DepEntry(serial.Value, where, position);
            content.Entries.Add(entry);
            return entry;
        }

        private static void Give(DepFileContent content, DepEntry entry, DepField field, string name, string? text)
        {
            string? value = Blank(text);
            if (value != null && Array.IndexOf(DateFields, field) >= 0 && !TryParseDate(value, out _))
            {
                content.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where, DateRule(name, FieldText.Printable(value)), entry.SerialNumber));
                return;
            }

            int maxLength = field == DepField.Description ? BoundedText.DescriptionMaxLength : BoundedText.NameMaxLength;
            if (value != null && !BoundedText.TryParse(value, maxLength, out value, out string? rule))
            {
                content.Errors.Add(EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where, $"{name} '{FieldText.Printable(text ?? "")}' is not valid: {rule}", entry.SerialNumber));
                return;
            }

            entry.Given[field] = value;
        }

        private static void CheckDuplicates(DepFileContent content)
        {
            if (content.IsSync)
            {
                return;
            }

            var seen = new Dictionary<string, DepEntry>(StringComparer.Ordinal);
            foreach (DepEntry entry in content.Entries)
            {
                if (seen.TryGetValue(entry.SerialNumber, out DepEntry? first))
                {
                    content.Errors.Add(EntryError(ErrorIds.DuplicateKeyInFile, content.Source, entry.Where,
                        $"serial number '{entry.SerialNumber}' is given twice, at {first.Where} and at {entry.Where} (serial numbers are compared ignoring case); only a sync response may repeat a serial, as successive events",
                        entry.SerialNumber));
                }
                else
                {
                    seen.Add(entry.SerialNumber, entry);
                }
            }
        }

        /// <summary>An ISO-8601 calendar date, read as midnight UTC (Apple Business Manager's dates are days).</summary>
        private static readonly Regex IsoDate = new Regex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant);

        /// <summary>
        /// An ISO-8601 date and time with Z or an offset, as Apple's responses write them (2026-11-20T09:30:00Z); seconds and
        /// their fraction are optional. A time without Z or an offset is refused: it could be any time zone's (a Japanese
        /// Excel's 09:30 is 00:30 UTC), and Apple never writes one.
        /// </summary>
        private static readonly Regex IsoDateTime = new Regex(
            @"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>A date and time that lacks only Z or an offset: the error then says what to add.</summary>
        private static readonly Regex IsoDateTimeWithoutOffset = new Regex(
            @"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>
        /// ISO-8601 only, as the README and the error promise: DateTimeOffset.TryParse read '04/03/2026' as April 3 (a European
        /// admin's 4 March) and '2026/11/20 9:30' as UTC. The shape is checked first, then parsed.
        /// </summary>
        internal static bool TryParseDate(string text, out DateTimeOffset date)
        {
            date = default;
            if (IsoDate.IsMatch(text))
            {
                return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
            }

            return IsoDateTime.IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out date);
        }

        private static string DateRule(string name, string value) =>
            $"{name} '{value}' is not valid: must be an ISO-8601 date and time such as 2026-11-20T09:30:00Z, or a date such as 2026-11-20"
            + (IsoDateTimeWithoutOffset.IsMatch(value)
                ? "; a time needs Z (UTC) or its offset, such as 2026-11-20T09:30:00+09:00, since without one it could be any time zone's"
                : "");

        private static string? Blank(string? text)
        {
            string? trimmed = text?.Trim();
            return string.IsNullOrEmpty(trimmed) ? null : trimmed;
        }

        internal static BmgException EntryError(string errorId, string path, string where, string reason, object? target = null) =>
            new BmgException(errorId, BmgErrorCategory.InvalidData,
                $"The DEP device file '{path}', {where}: {reason.TrimEnd('.')}.", target ?? path);

        internal static BmgException Invalid(string path, string reason, Exception? inner = null) =>
            BmgException.WithOutcome(ErrorIds.DepDeviceFileInvalid, BmgErrorCategory.InvalidData,
                $"The DEP device file '{path}' can't be imported: {reason.TrimEnd('.')}.", BmgException.NothingImported, path, inner);
    }
}
