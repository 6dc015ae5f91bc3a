using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Export
{
    /// <summary>What an export wrote.</summary>
    public sealed class DeviceCsvExportSummary
    {
        /// <summary>Data rows, not counting the header.</summary>
        public int Rows { get; internal set; }

        /// <summary>Rows that carry a device (with its user, if it has one).</summary>
        public int Devices { get; internal set; }

        /// <summary>Distinct users written, whether on device rows or on rows of their own.</summary>
        public int Users { get; internal set; }

        /// <summary>Rows of users that have no device (whole-store exports only).</summary>
        public int UsersWithoutDevice { get; internal set; }
    }

    /// <summary>How <see cref="DeviceCsvExport.WriteFile"/> treats a file that already exists.</summary>
    public sealed class DeviceCsvFileOptions
    {
        /// <summary>Refuse to replace an existing file (ErrorId FileExists).</summary>
        public bool NoClobber { get; set; }

        /// <summary>Replace a read-only file too (it stays read-only afterwards, as with Export-Csv -Force).</summary>
        public bool Force { get; set; }

        public char Delimiter { get; set; } = ',';

        /// <summary>Write formula-looking values raw, without the leading apostrophe of <see cref="FormulaEscape"/>.</summary>
        public bool NoFormulaEscape { get; set; }
    }

    /// <summary>
    /// Writes device information in the import format of SPEC §4 (every column, in vocabulary order), so
    /// that importing the file back with <see cref="DeviceImport"/> leaves every row Unchanged: one row per
    /// device with its user's values, then — for a whole-store export — one row per user without a device.
    /// </summary>
    /// <remarks>
    /// Values are written as stored, except that text a spreadsheet would run as a formula gets the
    /// leading apostrophe of <see cref="FormulaEscape"/> (the file holds every check-in code); the import
    /// removes it again. <c>escapeFormulas: false</c> writes raw values.
    /// </remarks>
    public sealed class DeviceCsvExport
    {
        private readonly IDeviceStore _store;

        // The users of the chunk of devices being written (WithUsersRead), each read once however many of the chunk's devices
        // it has; null remembers a user that is not in the store. A chunk's only: a cache of every user read held all of them
        // (walkthrough 34b: an export of 1,000,000 devices peaked at 860 MB).
        private readonly Dictionary<string, User?> _users = new Dictionary<string, User?>(StringComparer.Ordinal);

        /// <summary>The users held now (tests: a chunk's, not every user read).</summary>
        internal int UsersHeld => _users.Count;

        public DeviceCsvExport(IDeviceStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <summary>The header: every column of the import vocabulary, in its order.</summary>
        public static IReadOnlyList<string> Header => FieldValues.Names;

        /// <summary>
        /// Writes the header and the rows, streaming them one by one. <paramref name="devices"/> null:
        /// every device and every user without a device. Else those devices (a device given twice is
        /// written once) with their users, and no other user. Every value is checked against
        /// <paramref name="writer"/>'s encoding first, so a character it can't hold fails naming the row.
        /// </summary>
        /// <exception cref="BmgException">UnencodableValue: a value has a character the encoding can't represent.</exception>
        /// <param name="rowWritten">Told the rows written so far after each row (progress).</param>
        public DeviceCsvExportSummary Write(TextWriter writer, IEnumerable<Device>? devices = null, char delimiter = ',',
            CancellationToken cancellationToken = default, bool escapeFormulas = true, Action<int>? rowWritten = null)
        {
            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            // One snapshot: an import committing meanwhile can't mix two versions of a user across rows.
            using IStoreTransaction snapshot = _store.BeginReadTransaction();
            var summary = new DeviceCsvExportSummary();
            var rows = new RowWriter(writer, delimiter, escapeFormulas);
            rows.WriteHeader();

            // What has been written, by the rows' keys (a bit a key, not a set of names: flat in the store's size).
            var written = new KeySet();
            var usersWritten = new KeySet();
            foreach (Device device in WithUsersRead(devices ?? _store.GetDevices()))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (device == null || (device.DeviceKey is long key && !written.Add(key)))
                {
                    continue;
                }

                User? user = device.UserName == null ? null : FindUser(device.UserName);
                rows.WriteRow(device, user, device.UserName);
                summary.Devices++;
                summary.Rows++;
                if (user?.UserKey is long userKey && usersWritten.Add(userKey))
                {
                    summary.Users++;
                }

                rowWritten?.Invoke(summary.Rows);
            }

            if (devices == null)
            {
                foreach (User user in _store.GetUsers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (user.UserKey is not long userKey || usersWritten.Add(userKey))
                    {
                        rows.WriteRow(null, user, user.UserName);
                        summary.UsersWithoutDevice++;
                        summary.Users++;
                        summary.Rows++;
                        rowWritten?.Invoke(summary.Rows);
                    }
                }
            }

            rows.ThrowIfUnencodable();
            rows.Flush();
            return summary;
        }

        /// <summary>
        /// Writes the export to <paramref name="path"/> through a temporary file in the same folder that
        /// replaces the target only once complete, so a failed or stopped export leaves no partial file
        /// and the previous file (if any) untouched.
        /// </summary>
        /// <exception cref="BmgException">
        /// FileExists (with NoClobber), FileReadOnly (without Force), PathIsDirectory, PathIsStore,
        /// DirectoryNotFound, FileWriteFailure, UnencodableValue.
        /// </exception>
        public DeviceCsvExportSummary WriteFile(string path, Encoding encoding, IEnumerable<Device>? devices = null,
            DeviceCsvFileOptions? options = null, CancellationToken cancellationToken = default, Action<int>? rowWritten = null)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (encoding == null)
            {
                throw new ArgumentNullException(nameof(encoding));
            }

            options = options ?? new DeviceCsvFileOptions();
            string target = Path.GetFullPath(path);
            CheckTarget(target, options);

            string folder = Path.GetDirectoryName(target) ?? ".";
            string? temporary = null;
            try
            {
                DeviceCsvExportSummary summary;
                // The file carries every device's check-in code: created 0600 from its first byte, as the store is.
                using (FileStream stream = OwnerOnlyFile.CreateUnique(folder, "." + Path.GetFileName(target) + ".", ".tmp", out string created))
                using (var text = new StreamWriter(stream, Strict(encoding), 1 << 16))
                {
                    temporary = created;
                    summary = Write(text, devices, options.Delimiter, cancellationToken, !options.NoFormulaEscape, rowWritten);
                }

                // Checked again at the last moment: the folder may have been swapped for a link to the store's.
                CheckOutputTarget(target);
                MoveIntoPlace(temporary, target, options);
                return summary;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new BmgException(ErrorIds.FileWriteFailure, BmgErrorCategory.WriteError,
                    $"Could not write '{target}': {e.Message} The file was not changed.", target, e);
            }
            finally
            {
                if (temporary != null)
                {
                    TryDelete(temporary);
                }
            }
        }

        private void CheckTarget(string target, DeviceCsvFileOptions options)
        {
            CheckOutputTarget(target);

            if (!File.Exists(target))
            {
                return;
            }

            if (options.NoClobber)
            {
                throw FileExists(target);
            }

            if (!options.Force && (File.GetAttributes(target) & FileAttributes.ReadOnly) != 0)
            {
                throw new BmgException(ErrorIds.FileReadOnly, BmgErrorCategory.PermissionDenied,
                    $"'{target}' is read-only; use -Force to replace it.", target);
            }
        }

        private static void MoveIntoPlace(string temporary, string target, DeviceCsvFileOptions options)
        {
            if (!File.Exists(target))
            {
                try
                {
                    File.Move(temporary, target);
                    return;
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Created by someone else since the check: NoClobber refuses it, else replace it below.
                    if (options.NoClobber)
                    {
                        throw FileExists(target);
                    }
                }
            }
            else if (options.NoClobber)
            {
                throw FileExists(target);
            }

            FileAttributes attributes = File.GetAttributes(target);
            bool readOnly = (attributes & FileAttributes.ReadOnly) != 0;
            if (readOnly)
            {
                if (!options.Force)
                {
                    throw new BmgException(ErrorIds.FileReadOnly, BmgErrorCategory.PermissionDenied,
                        $"'{target}' is read-only; use -Force to replace it.", target);
                }

                // Unix renames over the entry whatever its mode; a chmod there would follow a link to a file
                // the module didn't create (issue 9.7), so only Windows needs the attribute cleared first.
                if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
                {
                    File.SetAttributes(target, attributes & ~FileAttributes.ReadOnly);
                }
            }

            try
            {
                // One rename on Unix, ReplaceFile on Windows: readers see the old file or the new one, never half of one.
                File.Replace(temporary, target, null);
            }
            finally
            {
                if (readOnly)
                {
                    File.SetAttributes(target, File.GetAttributes(target) | FileAttributes.ReadOnly);
                }
            }
        }

        private static BmgException FileExists(string target) =>
            new BmgException(ErrorIds.FileExists, BmgErrorCategory.ResourceExists,
                $"The file '{target}' already exists and -NoClobber was given; it was not changed.", target);

        /// <summary>Refuses a target that is the store or one of its files, a folder, or in a folder that does not exist (OutputFileTarget).</summary>
        private void CheckOutputTarget(string target) =>
            OutputFileTarget.Check(target, _store.Location, $"'{FieldText.Printable(target)}'", "the CSV file to write", null);

        private static void TryDelete(string file)
        {
            try
            {
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Leaving a hidden temporary file behind is better than hiding the error that got us here.
            }
        }

        /// <summary>A copy that throws on characters it can't encode instead of writing '?' for them.</summary>
        private static Encoding Strict(Encoding encoding)
        {
            var strict = (Encoding)encoding.Clone();
            strict.EncoderFallback = EncoderFallback.ExceptionFallback;
            strict.DecoderFallback = DecoderFallback.ExceptionFallback;
            return strict;
        }

        /// <summary>Most devices whose users are read with one statement.</summary>
        private const int UsersReadTogether = 1000;

        /// <summary>
        /// The devices as given, a chunk at a time, with the users of each chunk read with one statement
        /// (<see cref="IUserStore.FindUsers"/>) before its rows are written: one read per user was a round trip a device
        /// over a slow link (walkthrough 33a, finding 11: 500 piped devices, 1,013 round trips).
        /// </summary>
        private IEnumerable<Device> WithUsersRead(IEnumerable<Device> devices)
        {
            var chunk = new List<Device>(UsersReadTogether);
            foreach (Device device in devices)
            {
                chunk.Add(device);
                if (chunk.Count == UsersReadTogether)
                {
                    foreach (Device inChunk in ChunkWithUsers(chunk))
                    {
                        yield return inChunk;
                    }

                    chunk.Clear();
                }
            }

            foreach (Device inChunk in ChunkWithUsers(chunk))
            {
                yield return inChunk;
            }
        }

        private List<Device> ChunkWithUsers(List<Device> chunk)
        {
            _users.Clear();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (Device device in chunk)
            {
                if (device?.UserName is string name && !_users.ContainsKey(name))
                {
                    names.Add(name);
                }
            }

            if (names.Count > 1)
            {
                foreach (User user in _store.FindUsers(names))
                {
                    _users[user.UserName] = user;
                }

                foreach (string name in names)
                {
                    // A name no user has stays null: FindUser does not ask again.
                    _users.TryAdd(name, null);
                }
            }

            return chunk;
        }

        private User? FindUser(string userName)
        {
            if (!_users.TryGetValue(userName, out User? user))
            {
                user = _store.GetUser(userName);
                _users.Add(userName, user);
            }

            return user;
        }

        /// <summary>Turns a device and its user into the cells of one row and writes it.</summary>
        private sealed class RowWriter
        {
            private readonly CsvRecordWriter _csv;
            private readonly TextWriter _writer;
            private readonly Encoding _encoding;
            private readonly string?[] _cells = new string?[FieldValues.Count];
            private readonly bool _escapeFormulas;

            public RowWriter(TextWriter writer, char delimiter, bool escapeFormulas)
            {
                _escapeFormulas = escapeFormulas;
                _writer = writer;
                _csv = new CsvRecordWriter(writer, delimiter);
                // A writer that names no encoding (a custom TextWriter) is taken to hold any text, as UTF-16 does.
                _encoding = Strict(writer.Encoding ?? new UnicodeEncoding(false, false));
            }

            public void WriteHeader() => _csv.WriteRecord(FieldValues.Names);

            public void WriteRow(Device? device, User? user, string? userName)
            {
                Array.Clear(_cells, 0, _cells.Length);
                Set(FieldKey.UserName, userName);
                if (user != null)
                {
                    Set(FieldKey.Name, user.Name);
                    Set(FieldKey.EmailAddress, user.EmailAddress);
                    Set(FieldKey.UserDescription, user.UserDescription);
                    Set(FieldKey.Organizations, NameList.Join(user.Organizations));
                }

                if (device != null)
                {
                    Set(FieldKey.Identifier, device.Identifier);
                    Set(FieldKey.Template, device.Template);
                    Set(FieldKey.Code, device.PlainCode);
                    Set(FieldKey.OS, device.OS);
                    Set(FieldKey.DeviceTags, NameList.Join(device.DeviceTags));
                    Set(FieldKey.WifiMac, device.WifiMac);
                    Set(FieldKey.IMEI, device.IMEI);
                    Set(FieldKey.MEID, device.MEID);
                    Set(FieldKey.UDID, device.UDID);
                    Set(FieldKey.Serial, device.Serial);
                    Set(FieldKey.ExpirationDays, device.ExpirationDays.ToString(CultureInfo.InvariantCulture));
                    Set(FieldKey.DisplayName, device.DisplayName);
                    Set(FieldKey.Description, device.Description);
                    Set(FieldKey.RegistrationEmail, device.RegistrationEmail);
                    Set(FieldKey.DEPMethod, device.DEPMethod is DepMethod method ? DepMethods.ToText(method) : null);
                }

                // A row that can't be written is left out, and the export goes on only to name every such value: the file is
                // not kept (ThrowIfUnencodable), so the admin fixes them all in one round, not one a run (walkthrough 15, finding 4;
                // walkthrough 26, finding 2: every value of the row, each of its characters, a user's value once for all its devices).
                if (CollectUnencodable(device, userName))
                {
                    _unencodableRows++;
                    return;
                }

                _csv.WriteRecord(_cells);
            }

            /// <summary>How many values that can't be written the refusal names; it counts the rest ("and 5 more values").</summary>
            internal const int UnencodableNamed = 10;

            // The values left out, the first UnencodableNamed of them: the cell ("Name of user 'u4' (device 'k-4')") and why.
            private readonly List<(string Cell, string Problem)> _unencodable = new List<(string, string)>();
            private int _unencodableValues;
            private int _unencodableRows;
            private string? _unencodableTarget;
            // A user's value that can't be written, counted once however many of the user's devices' rows repeat it.
            private readonly HashSet<(FieldKey, string)> _unencodableUserValues = new HashSet<(FieldKey, string)>();

            /// <summary>
            /// UnencodableValue when a value could not be written: one error counting every such value (and the rows left out),
            /// naming the first <see cref="UnencodableNamed"/> with each character the encoding lacks, by code point; its target
            /// is the first row's key.
            /// </summary>
            public void ThrowIfUnencodable()
            {
                if (_unencodableValues == 0)
                {
                    return;
                }

                string encoding = CsvEncoding.Describe(_encoding);
                string advice = " Export in a Unicode encoding such as utf8BOM instead.";
                if (_unencodableValues == 1)
                {
                    throw new BmgException(ErrorIds.UnencodableValue, BmgErrorCategory.InvalidData,
                        $"{_unencodable[0].Cell} can't be written in {encoding}: {_unencodable[0].Problem}.{advice}", _unencodableTarget);
                }

                int more = _unencodableValues - _unencodable.Count;
                throw new BmgException(ErrorIds.UnencodableValue, BmgErrorCategory.InvalidData,
                    $"{EnglishWords.Amount(_unencodableValues, "value")} in {EnglishWords.Amount(_unencodableRows, "row")} can't be written in {encoding}: "
                    + string.Join("; ", _unencodable.Select(value => $"{value.Cell}: {value.Problem}"))
                    + (more > 0 ? $"; and {EnglishWords.Amount(more, "more value")}" : "") + "." + advice,
                    _unencodableTarget);
            }

            public void Flush() => _csv.Flush();

            private void Set(FieldKey key, string? value) => _cells[(int)key] = _escapeFormulas ? FormulaEscape.Escape(value) : value;

            /// <summary>
            /// A character the file's encoding can't hold (an emoji in Shift_JIS) would fail later in the writer's buffer, naming
            /// no row, or come back as another character: each non-ASCII value is checked, and each that can't be written is
            /// counted (a user's once) and, up to <see cref="UnencodableNamed"/>, named. True when the row can't be written.
            /// </summary>
            private bool CollectUnencodable(Device? device, string? userName)
            {
                bool any = false;
                for (int i = 0; i < _cells.Length; i++)
                {
                    string? value = _cells[i];
                    if (value == null || IsAscii(value) || Problem(value) is not string problem)
                    {
                        continue;
                    }

                    any = true;
                    var field = (FieldKey)i;
                    if (device != null && IsUserField(field) && userName != null && !_unencodableUserValues.Add((field, userName)))
                    {
                        continue; // the user's value, counted at the user's first row
                    }

                    _unencodableValues++;
                    if (_unencodable.Count < UnencodableNamed)
                    {
                        _unencodable.Add(($"{FieldValues.Names[i]} of {RowOf(field, device, userName)}", problem));
                        _unencodableTarget ??= device != null ? device.Identifier : userName;
                    }
                }

                return any;
            }

            /// <summary>Why the encoding can't write <paramref name="value"/>: each character it can't represent, by code point; null when it can.</summary>
            private string? Problem(string value)
            {
                try
                {
                    byte[] bytes = _encoding.GetBytes(value);
                    return string.Equals(_encoding.GetString(bytes), value, StringComparison.Ordinal) ? null : "it does not read back as the same text";
                }
                catch (EncoderFallbackException)
                {
                    var characters = new List<string>();
                    foreach ((int Start, int Length) character in UnencodableCharacters.In(value, _encoding))
                    {
                        string named = UnencodableCharacters.Named(value, character);
                        if (!characters.Contains(named))
                        {
                            characters.Add(named);
                        }
                    }

                    return characters.Count == 1
                        ? $"it has the character {characters[0]}, which the encoding can't represent"
                        : $"it has the characters {string.Join(", ", characters.Take(characters.Count - 1))} and {characters[^1]}, which the encoding can't represent";
                }
                catch (DecoderFallbackException)
                {
                    return "it does not read back as the same text";
                }
            }

            private static bool IsUserField(FieldKey field) =>
                field is FieldKey.UserName or FieldKey.Name or FieldKey.EmailAddress or FieldKey.UserDescription or FieldKey.Organizations;

            /// <summary>
            /// The record a cell belongs to: a user field (Name, EmailAddress, …) names the user, with the row's device, so that
            /// the user's Name is not called the device's ("Name of user 'wv1' (device 'wave-001')", walkthrough 26, 7).
            /// </summary>
            private static string RowOf(FieldKey field, Device? device, string? userName)
            {
                bool userField = IsUserField(field);
                if (device == null)
                {
                    return $"user '{userName}'";
                }

                return userField && userName != null ? $"user '{userName}' (device '{device.Identifier}')" : $"device '{device.Identifier}'";
            }

            private static bool IsAscii(string value)
            {
                foreach (char c in value)
                {
                    if (c > '\u007f')
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
