using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Files;

namespace BizMobileGo.Core.Import
{
    /// <summary>One row result held back until its import is settled, with the row's original cells when it failed.</summary>
    public readonly struct SpooledRow
    {
        public SpooledRow(ImportRowResult result, IReadOnlyList<string?>? cells, bool reported = true)
        {
            Result = result;
            Cells = cells;
            Reported = reported;
        }

        /// <summary>The row's result; of a row that is not <see cref="Reported"/>, only its Line, Source and that it did not fail.</summary>
        public ImportRowResult Result { get; }

        /// <summary>The row's cells as read (for -FailedRowsPath); null when not kept.</summary>
        public IReadOnlyList<string?>? Cells { get; }

        /// <summary>False for a row kept only for its cells (a valid row of an import that may be refused): nothing of it is reported.</summary>
        public bool Reported { get; }
    }

    /// <summary>
    /// Row results of an import kept until the import is committed or refused, because nothing may be
    /// reported before the import is settled. The first rows stay in memory; beyond that they go,
    /// compactly, to a temporary file readable by the owner only (results can name devices and users),
    /// so a million-row import stays flat in memory. The file is deleted when the spool is disposed.
    /// </summary>
    public sealed class RowResultSpool : IDisposable
    {
        /// <summary>Rows kept in memory before the spool starts its file.</summary>
        public const int DefaultRowsInMemory = 1000;

        private readonly int _rowsInMemory;
        private readonly List<SpooledRow> _memory = new List<SpooledRow>();
        private FileStream? _file;
        private BinaryWriter? _writer;
        private int _spilled;
        // Every row of an import has the same Source: the file holds it once, not once per row.
        private string? _writtenSource;
        private string? _readSource;
        // And the same store (ImportRowResult.Database): not written at all, given back to every row read from the file.
        private string? _database;

        public RowResultSpool(int rowsInMemory = DefaultRowsInMemory)
        {
            _rowsInMemory = rowsInMemory;
        }

        public int Count => _memory.Count + _spilled;

        /// <summary>
        /// The temporary file's name, once rows went to it; null while every row is in memory. On Linux and macOS the name
        /// is gone as soon as the file is open.
        /// </summary>
        public string? FilePath { get; private set; }

        /// <param name="reported">
        /// False: the row is kept only for its cells (see <see cref="SpooledRow.Reported"/>), and the file holds only its
        /// line and cells: its field changes, listed only when asked for (a created row's most of all), are never listed.
        /// </param>
        public void Add(ImportRowResult result, IReadOnlyList<string?>? cells = null, bool reported = true)
        {
            _database ??= result.Database;
            if (_memory.Count < _rowsInMemory)
            {
                // The reader reuses its cell list for the next row: keep a copy.
                _memory.Add(new SpooledRow(result, cells == null ? null : new List<string?>(cells), reported));
                return;
            }

            try
            {
                BinaryWriter writer = _writer ?? StartFile();
                writer.Write(reported);
                if (reported)
                {
                    Write(writer, result, cells, ref _writtenSource);
                }
                else
                {
                    WriteLineAndSource(writer, result, ref _writtenSource);
                    WriteCells(writer, cells);
                }
            }
            catch (Exception e) when (TemporaryFolder.IsFailure(e))
            {
                // Before the commit: the import stops and rolls back.
                throw TemporaryFolder.ImportStopped(e);
            }

            _spilled++;
        }

        /// <summary>Every row in the order added; the file part is read back one row at a time.</summary>
        public IEnumerable<SpooledRow> Read()
        {
            foreach (SpooledRow row in _memory)
            {
                yield return row;
            }

            if (_file == null || _writer == null)
            {
                yield break;
            }

            try
            {
                _writer.Flush();
                _file.Position = 0;
            }
            catch (Exception e) when (TemporaryFolder.IsFailure(e))
            {
                // After the import is settled: its last results never reached the file.
                throw TemporaryFolder.ResultsLost(e);
            }

            using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
            _readSource = null;
            for (int i = 0; i < _spilled; i++)
            {
                if (reader.ReadBoolean())
                {
                    SpooledRow row = ReadRow(reader, ref _readSource);
                    row.Result.Database = _database;
                    yield return row;
                }
                else
                {
                    (int line, string source) = ReadLineAndSource(reader, ref _readSource);
                    // A valid row (rows that failed or warn are always reported): no changes, errors or warnings to give back.
                    var result = new ImportRowResult(line, null, null, RecordAction.None, RecordAction.None,
                        new List<FieldChange>(), new List<RecordError>(), new List<string>()) { Source = source, Database = _database };
                    yield return new SpooledRow(result, ReadCells(reader), reported: false);
                }
            }
        }

        private BinaryWriter StartFile()
        {
            // GetTempFileName creates the file with mkstemp on Unix: 0600 from the first moment, no window
            // in which another user could open it (on Windows the user's own temp folder is private).
            string path = System.IO.Path.GetTempFileName();
            var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _file = file;
            FilePath = path;
            if (!OperatingSystem.IsWindows())
            {
                // The rows may hold a failed row's cells, check-in codes included. Unnamed at once, the open file serves
                // the spool as before but no longer outlives a killed process (.NET's DeleteOnClose unlinks only when the
                // file is closed there; Windows deletes it when the handle closes, however the process ends).
                File.Delete(path);
            }

            _writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
            return _writer;
        }

        private static void WriteLineAndSource(BinaryWriter writer, ImportRowResult result, ref string? lastSource)
        {
            writer.Write(result.Line);
            bool newSource = !string.Equals(result.Source, lastSource, StringComparison.Ordinal);
            writer.Write(newSource);
            if (newSource)
            {
                writer.Write(result.Source);
                lastSource = result.Source;
            }
        }

        private static (int Line, string Source) ReadLineAndSource(BinaryReader reader, ref string? lastSource)
        {
            int line = reader.ReadInt32();
            if (reader.ReadBoolean())
            {
                lastSource = reader.ReadString();
            }

            return (line, lastSource ?? "");
        }

        private static void Write(BinaryWriter writer, ImportRowResult result, IReadOnlyList<string?>? cells, ref string? lastSource)
        {
            WriteLineAndSource(writer, result, ref lastSource);
            WriteText(writer, result.Identifier);
            WriteText(writer, result.UserName);
            writer.Write((byte)result.UserAction);
            writer.Write((byte)result.DeviceAction);

            IReadOnlyList<FieldChange> changes = result.GetFieldChanges();
            writer.Write(changes.Count);
            foreach (FieldChange change in changes)
            {
                writer.Write(change.Field);
                WriteText(writer, change.OldValue);
                WriteText(writer, change.NewValue);
            }

            IReadOnlyList<RecordError> errors = result.GetErrors();
            writer.Write(errors.Count);
            foreach (RecordError error in errors)
            {
                writer.Write(error.ErrorId);
                writer.Write((byte)error.Category);
                writer.Write(error.Message);
                WriteText(writer, error.Field);
                WriteText(writer, error.Value);
                writer.Write(error.NamesRecord);
            }

            IReadOnlyList<string> warnings = result.GetWarnings();
            writer.Write(warnings.Count);
            foreach (string warning in warnings)
            {
                writer.Write(warning);
            }

            WriteText(writer, result.GetCheckInEmailNote());
            // Its error names Excel's row from it (ImportRowResult.ErrorIn).
            writer.Write(result.LineBreaksAbove);
            WriteCells(writer, cells);
        }

        private static void WriteCells(BinaryWriter writer, IReadOnlyList<string?>? cells)
        {
            writer.Write(cells == null ? -1 : cells.Count);
            if (cells != null)
            {
                foreach (string? cell in cells)
                {
                    WriteText(writer, cell);
                }
            }
        }

        private static List<string?>? ReadCells(BinaryReader reader)
        {
            int count = reader.ReadInt32();
            List<string?>? cells = count < 0 ? null : new List<string?>(count);
            for (int i = 0; i < count; i++)
            {
                cells!.Add(ReadText(reader));
            }

            return cells;
        }

        private static SpooledRow ReadRow(BinaryReader reader, ref string? lastSource)
        {
            (int line, string source) = ReadLineAndSource(reader, ref lastSource);
            string? identifier = ReadText(reader);
            string? userName = ReadText(reader);
            var userAction = (RecordAction)reader.ReadByte();
            var deviceAction = (RecordAction)reader.ReadByte();

            int count = reader.ReadInt32();
            var changes = new List<FieldChange>(count);
            for (int i = 0; i < count; i++)
            {
                changes.Add(new FieldChange(reader.ReadString(), ReadText(reader), ReadText(reader)));
            }

            count = reader.ReadInt32();
            var errors = new List<RecordError>(count);
            for (int i = 0; i < count; i++)
            {
                errors.Add(new RecordError(reader.ReadString(), (BmgErrorCategory)reader.ReadByte(), reader.ReadString(), ReadText(reader), ReadText(reader), reader.ReadBoolean()));
            }

            count = reader.ReadInt32();
            var warnings = new List<string>(count);
            for (int i = 0; i < count; i++)
            {
                warnings.Add(reader.ReadString());
            }

            string? checkInEmailNote = ReadText(reader);
            int lineBreaksAbove = reader.ReadInt32();
            List<string?>? cells = ReadCells(reader);
            return new SpooledRow(new ImportRowResult(line, identifier, userName, userAction, deviceAction, changes, errors, warnings)
                { Source = source, CheckInEmailNote = checkInEmailNote, LineBreaksAbove = lineBreaksAbove }, cells);
        }

        private static void WriteText(BinaryWriter writer, string? text)
        {
            writer.Write(text != null);
            if (text != null)
            {
                writer.Write(text);
            }
        }

        private static string? ReadText(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

        public void Dispose()
        {
            _writer?.Dispose();
            _writer = null;
            if (_file != null)
            {
                _file.Dispose(); // DeleteOnClose removes it; the Delete below covers a platform that did not.
                _file = null;
            }

            if (FilePath != null && File.Exists(FilePath))
            {
                File.Delete(FilePath);
            }

            _memory.Clear();
            _spilled = 0;
        }
    }
}
