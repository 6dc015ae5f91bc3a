using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Dep
{
    /// <summary>Apple Business Manager's device list download: its columns, and which of its rows are DEP devices of this MDM.</summary>
    internal static class AbmDeviceList
    {
        internal const string SerialColumn = "Serial Number";
        internal const string MdmServerColumn = "Assigned MDM Server";
        private const string StatusColumn = "Status";
        private const string UnassignedStatus = "Unassigned";

        /// <summary>Apple Business Manager's device list download: the columns that mean a DEP device field; the rest are ignored.</summary>
        internal static readonly (string Column, DepField Field)[] FieldColumns =
        {
            ("Device Model", DepField.Model), ("Color", DepField.Color), ("Description", DepField.Description),
            ("Asset Tag", DepField.AssetTag), ("Device Family", DepField.DeviceFamily), ("OS", DepField.OS),
        };

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
        internal static Func<CsvRecord, bool> RowsOfThisMdm(DepFileContent content, string[] names, List<CsvRecord> records, string? mdmServer, int serialColumn)
        {
            int serverColumn = Array.IndexOf(names, MdmServerColumn);
            int statusColumn = Array.IndexOf(names, StatusColumn);
            bool Unassigned(CsvRecord record) => IsUnassigned(record, statusColumn, serverColumn);

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
            string? chosen = DepDeviceFile.Blank(mdmServer);
            if (chosen != null && servers.Count != 0 && !servers.Exists(s => string.Equals(s.Name, chosen, StringComparison.OrdinalIgnoreCase)))
            {
                string notFound = $"The DEP device file '{content.Source}' can't be imported: -MdmServer '{FieldText.Printable(chosen)}' names none of the MDM servers its {MdmServerColumn} column has: {ServerList()} (compared ignoring case)";
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

            // The server -MdmServer names, as the list writes it: the plan checks it is the one the store's DEP devices were (DepMdmServerChange).
            if (chosen != null && servers.Find(s => string.Equals(s.Name, chosen, StringComparison.OrdinalIgnoreCase)) is { Name: not null } named)
            {
                content.MdmServer = named.Name;
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
            void Skip(CsvRecord record, string shownAs, string? otherServer)
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
                    Skip(record, "not assigned to an MDM server", null);
                }
                else if (chosen != null && Cell(record, serverColumn) is string server && !string.Equals(server, chosen, StringComparison.OrdinalIgnoreCase))
                {
                    CountRow(others, server);
                    Skip(record, $"assigned to '{FieldText.Printable(server)}'", server);
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
                        + string.Join(", ", (unassigned == 0 ? new string[0] : new[] { $"{EnglishWords.Number(unassigned)} {NotAssigned}" })
                            .Concat(others.Select(o => $"{EnglishWords.Number(o.Rows)} assigned to '{FieldText.Printable(o.Name)}'"))) + ".");
            }

            return record => ours.Contains(record.LineNumber);
        }

        /// <summary>A row assigned to no MDM: its Status is Unassigned, or its Assigned MDM Server is empty.</summary>
        private static bool IsUnassigned(CsvRecord record, int statusColumn, int serverColumn) =>
            string.Equals(Cell(record, statusColumn), UnassignedStatus, StringComparison.OrdinalIgnoreCase)
            || (serverColumn >= 0 && Cell(record, serverColumn) == null);

        private static string? Cell(CsvRecord record, int column) =>
            column >= 0 && column < record.Fields.Length ? DepDeviceFile.Blank(record.Fields[column]) : null;

        /// <summary>
        /// The MDM servers the assigned rows of Apple Business Manager's list name, each once (ignoring case, as -MdmServer
        /// compares them), in the file's order, read from the first <paramref name="maxRows"/> rows: what -MdmServer can name
        /// (its tab completion). Empty when the file is no such list.
        /// </summary>
        internal static List<string> ServerNames(CsvRecordReader reader, int maxRows)
        {
            var servers = new List<(string Name, int Rows)>();
            if (!(CsvFileHeader.Read(reader) is CsvFileHeader file))
            {
                return new List<string>();
            }

            int serverColumn = Array.IndexOf(file.Names, MdmServerColumn);
            int statusColumn = Array.IndexOf(file.Names, StatusColumn);
            for (int row = 0; serverColumn >= 0 && row < maxRows && reader.TryReadRecord(out CsvRecord record); row++)
            {
                if (!IsUnassigned(record, statusColumn, serverColumn) && Cell(record, serverColumn) is string server)
                {
                    CountRow(servers, server);
                }
            }

            return servers.Select(s => s.Name).ToList();
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
    }
}
