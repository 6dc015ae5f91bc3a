using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    public enum ImportMode
    {
        /// <summary>Any failed row means nothing is written.</summary>
        AllOrNothing,

        /// <summary>Valid rows are written, failed rows are reported.</summary>
        SkipInvalidRows,
    }

    /// <summary>
    /// One import: every row is planned and applied inside one store transaction, so later rows see
    /// what earlier rows created, and the end decides once whether all of it is kept. A dry run
    /// (-WhatIf) does exactly the same work and rolls back, so it can't disagree with the real run.
    /// </summary>
    public sealed class DeviceImport : IDisposable
    {
        private readonly IDeviceStore _store;
        private readonly ImportMode _mode;
        private readonly bool _dryRun;
        // Both made once the import holds the store (TakeStore): the planner reads the store's reference data.
        private RecordPlanner? _planner;
        private IStoreTransaction? _transaction;
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
        private readonly ImportSummary _summary;
        private readonly FieldValues _values = new FieldValues();

        private bool _completed;
        // Given up for a reason of its own (Abandon: a broken file, a failing store), not stopped.
        private bool _abandoned;

        private readonly Func<DateTimeOffset> _clock;
        // Keys seen in this import, for "appears twice" errors: each Identifier's line, each UserName's line and user cells.
        private readonly SeenKeys _seenKeys;
        private readonly ImportHistoryEntry _history;
        private readonly ImportChunk _chunk;
        private readonly ChangeOrigin _origin;
        private readonly List<ImportHistoryError> _historyErrors = new List<ImportHistoryError>();
        // Made by WaitingForStore: its file is read while it waits for the store, and its per-row code compiled meanwhile.
        private readonly bool _readsWhileWaiting;

        // The history keeps the first row errors of an import; a file of garbage must not fill the store.
        private const int HistoryErrorsKept = 1000;
        private int _historyErrorsOmitted;

        /// <param name="sha256">The file's SHA-256 for the import history; null for piped objects.</param>
        /// <param name="command">The command importing, for the origin of every change (see <see cref="ChangeOrigin"/>).</param>
        public DeviceImport(IDeviceStore store, ImportMode mode, bool dryRun, string source, Func<DateTimeOffset>? clock = null, string? sha256 = null,
            string command = "Import-BmgDeviceCsv")
            : this(store, mode, dryRun, source, clock, sha256, command, takeStore: true)
        {
        }

        private DeviceImport(IDeviceStore store, ImportMode mode, bool dryRun, string source, Func<DateTimeOffset>? clock, string? sha256,
            string command, bool takeStore)
        {
            _store = store;
            _mode = mode;
            _dryRun = dryRun;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _history = new ImportHistoryEntry { StartedAt = _clock(), User = CurrentUser(), Host = ChangeActor.Current.Host, Source = source, Sha256 = sha256, Mode = mode };
            _seenKeys = new SeenKeys();
            _chunk = new ImportChunk(store, Stages);
            _origin = new ChangeOrigin(command, _history);
            _summary = new ImportSummary { Source = source, WhatIf = dryRun };
            _readsWhileWaiting = !takeStore;
            if (takeStore)
            {
                TakeStore();
            }
        }

        /// <summary>
        /// An import that does not hold the store yet: a file's reading starts first (<see cref="DeviceCsvFile.ImportRows"/>
        /// takes the store once the reading thread runs), so a second admin's import reads and parses its first rows while it
        /// waits for the first admin's writer lock. Nothing of the store is read before <see cref="TakeStore"/>.
        /// </summary>
        public static DeviceImport WaitingForStore(IDeviceStore store, ImportMode mode, bool dryRun, string source, Func<DateTimeOffset>? clock = null,
            string? sha256 = null, string command = "Import-BmgDeviceCsv") =>
            new DeviceImport(store, mode, dryRun, source, clock, sha256, command, takeStore: false);

        /// <summary>True once the import holds the store (its write transaction is open).</summary>
        public bool HoldsStore => _transaction != null;

        /// <summary>
        /// Opens the import's write transaction, waiting for the store's writer lock (up to the store's busy timeout, then
        /// StoreBusy), and only then reads what planning needs: every plan sees the store as it is under the lock. Does
        /// nothing when the import holds the store already.
        /// </summary>
        public void TakeStore() => TakeStore(null);

        /// <summary>As <see cref="TakeStore()"/>, telling the file's reader when the wait for the lock lasts.</summary>
        /// <param name="whileWaiting">
        /// Run (on another thread) if the wait for the lock lasts <see cref="PerRowCodeWarmUp.Delay"/>, never after this
        /// returns; only for an import made by <see cref="WaitingForStore"/>. The file's reader reads further ahead then.
        /// </param>
        internal void TakeStore(Action? whileWaiting)
        {
            if (_transaction != null)
            {
                return;
            }

            if (_completed)
            {
                throw new InvalidOperationException("The import has ended.");
            }

            // The warm-up (and the reader's read-ahead) starts only when the store says another writer holds the lock, not on a
            // timer from here: taking a free lock can last over its delay too (a fresh process opens and compiles the store),
            // and a 1-row import then compiled ~300 per-row methods it never ran (leftovers 19).
            PerRowCodeWarmUp? warmUp = null;
            Action<string?>? sayWaiting = _store.WaitingForWriter;
            Type storeType = _store.GetType();
            _store.WaitingForWriter = line =>
            {
                if (line != null && !Stages.StoreWaitContended)
                {
                    // Timed from here: the wait for another writer, not the open and the try of a free lock before it (walkthrough 22, 8).
                    Stages.StoreWaitContended = true;
                    Stages.StoreWait.Restart();
                    if (_readsWhileWaiting)
                    {
                        warmUp ??= PerRowCodeWarmUp.Start(storeType, whileWaiting);
                    }
                }

                sayWaiting?.Invoke(line);
            };

            Stages.StoreWait.Start();
            try
            {
                _transaction = _store.BeginTransaction();
            }
            catch
            {
                // Not started: nothing to roll back, and (as for a store that can't be opened) no attempt to record. So too
                // for a wait cancelled (Ctrl+C): recording would need the very lock the other writer holds.
                _completed = true;
                throw;
            }
            finally
            {
                _store.WaitingForWriter = sayWaiting;
                warmUp?.Dispose();
                Stages.StoreWait.Stop();
                Stages.StoreWaitEnded();
            }

            try
            {
                // The import starts when it holds the store, not when it began to wait: its rows and history entry then never
                // carry a time before the commit of the writer it waited for. One time for the whole file.
                _history.StartedAt = _clock();
                DateTimeOffset savedAt = _history.StartedAt;
                _planner = new RecordPlanner(_store, _origin, () => savedAt, _chunk)
                {
                    // A serial held by a device of an earlier row: name that row's line too.
                    LocateDevice = LineOfDevice,
                };
            }
            catch
            {
                // The store failed under the first reads (the server gone): the import did not start, as above.
                _transaction.Dispose();
                _transaction = null;
                _completed = true;
                throw;
            }
        }

        private RecordPlanner Planner => _planner ?? throw new InvalidOperationException("The import does not hold the store yet (TakeStore).");

        public ImportSummary Summary => _summary;

        /// <summary>
        /// A real all-or-nothing import: one failed row and none of its rows is written (see <see cref="CompleteTimed"/>).
        /// Known from the start, before any row is read; a -WhatIf run and a -SkipInvalidRows import are never refused.
        /// </summary>
        public bool MayBeRefused => !_dryRun && _mode == ImportMode.AllOrNothing;

        /// <summary>Where this import's time went (see <see cref="ImportStages"/>).</summary>
        public ImportStages Stages { get; } = new ImportStages();

        /// <summary>Plans one row and, unless it failed, applies it inside the import's transaction.</summary>
        /// <param name="unescapeFormulas">False for the module's own objects: their values are stored values, never export cells.</param>
        [MethodImpl(PerRowCode.Compile)]
        public ImportRowResult ImportRow(ImportHeader header, int line, IReadOnlyList<string?> cells, bool unescapeFormulas = true)
        {
            if (cells.Count != header.ColumnCount)
            {
                var errors = new List<RecordError> { FieldCountMismatch(cells, header.ColumnCount) };
                string? identifier = cells.Count > 0 ? IdentifierCell(header, cells) : null;
                return Count(new ImportRowResult(line, identifier, null, RecordAction.None, RecordAction.None,
                    new List<FieldChange>(), PrefixLine(line, errors), new List<string>()));
            }

            header.Fill(cells, _values, unescapeFormulas);
            return Count(ImportValues(line, _values));
        }

        /// <summary>Counts a row the file layer refuses before planning (data under an unnamed column).</summary>
        internal ImportRowResult RefuseRow(ImportHeader header, int line, IReadOnlyList<string?> cells, RecordError error)
        {
            string? identifier = IdentifierCell(header, cells);
            return Count(new ImportRowResult(line, identifier, null, RecordAction.None, RecordAction.None,
                new List<FieldChange>(), PrefixLine(line, new List<RecordError> { error }), new List<string>()));
        }

        /// <summary>What the file was: the SHA-256 of exactly the bytes read, for the history, and the encoding they were read in.</summary>
        internal void RecordFile(string? sha256, string encoding)
        {
            _history.Sha256 = sha256;
            _summary.Encoding = encoding;
        }

        private static string? IdentifierCell(ImportHeader header, IReadOnlyList<string?> cells)
        {
            for (int column = 0; column < header.ColumnCount && column < cells.Count; column++)
            {
                if (header.FieldOf(column) == FieldKey.Identifier)
                {
                    return cells[column]?.Trim();
                }
            }

            return null;
        }

        [MethodImpl(PerRowCode.Compile)]
        private ImportRowResult ImportValues(int line, FieldValues values)
        {
            var errors = new List<RecordError>();
            string? identifierText = values.NonBlank(FieldKey.Identifier);
            string? userNameText = values.NonBlank(FieldKey.UserName);

            if (identifierText == null && userNameText == null)
            {
                errors.Add(RecordError.Missing("Identifier or UserName", "a row needs an Identifier (a device), a UserName (a user) or both"));
                return new ImportRowResult(line, null, null, RecordAction.None, RecordAction.None, new List<FieldChange>(), PrefixLine(line, errors), new List<string>());
            }

            string? identifier = ParseKey<DeviceIdentifier>(identifierText, FieldNames.Identifier, DeviceIdentifier.TryParse, v => v.Value, errors);
            string? userName = ParseKey<UserName>(userNameText, FieldNames.UserName, Fields.UserName.TryParse, v => v.Value, errors);

            if (identifier != null)
            {
                (int Line, long Tag)? earlier = _seenKeys.Remember(KeyKind.Identifier, KeyFingerprint.OfText(identifier, ignoreCase: true), line, 0);
                if (earlier is (int firstLine, _))
                {
                    errors.Add(RepeatedDevices.Error(identifier, RepeatedDevices.Line(firstLine)));
                }
            }

            // A user may carry several devices, so the same UserName on several device rows is fine
            // as long as every row says the same about the user (as an export writes it). Each such
            // row plans the user again: identical values are Unchanged, and a row whose user part
            // failed before fails the same way again.
            if (userName != null)
            {
                long userCells = UserCells(values);
                (int Line, long Tag)? first = _seenKeys.Remember(KeyKind.UserName, KeyFingerprint.OfText(userName), line, userCells);
                if (first != null)
                {
                    if (identifier == null)
                    {
                        errors.Add(UserNameRepeatedWithoutDevice(userName, first.Value.Line));
                    }
                    else if (first.Value.Tag != userCells)
                    {
                        errors.Add(UserNameRepeatedWithOtherValues(userName, first.Value.Line));
                    }
                }
            }

            if (errors.Count != 0)
            {
                // The key names no record to plan, but the row's other cells are checked all the same, each on its own: a
                // row that reported only its key sent the admin round again for the cell after (walkthrough 15, finding 4).
                Planner.CheckCells(values, user: userNameText != null, device: identifierText != null, errors);
                return new ImportRowResult(line, identifier ?? identifierText, userName ?? userNameText, RecordAction.None, RecordAction.None,
                    new List<FieldChange>(), PrefixLine(line, errors), new List<string>());
            }

            RecordPlan<User>? userPlan = null;
            RecordAction userAction = RecordAction.None;
            if (userName != null)
            {
                userPlan = Planner.PlanUser(userName, values);
                userAction = userPlan.Action;
                errors.AddRange(userPlan.Errors);
            }

            RecordPlan<Device>? devicePlan = null;
            RecordAction deviceAction = RecordAction.None;
            IReadOnlyList<string> warnings;
            if (identifier != null)
            {
                string? userLink = values.IsGiven(FieldKey.UserName) ? userName ?? "" : null;
                devicePlan = Planner.PlanDevice(identifier, values, userLink, userExists: userName != null);
                if (errors.Count == 0)
                {
                    // Not for a row whose user part failed: nothing of it is applied, so no email is queued anywhere.
                    Planner.WarnIfCheckInEmailStaysWithPreviousUser(devicePlan, values, userPlan?.Proposed);
                }
                deviceAction = devicePlan.Action;
                errors.AddRange(devicePlan.Errors);
                warnings = devicePlan.WarningsGiven;
            }
            else
            {
                warnings = Array.Empty<string>();
            }

            // The user part's warnings (a new user beside one that differs only in case) come first, as its errors do.
            if (userPlan != null && userPlan.WarningsGiven.Count != 0)
            {
                warnings = userPlan.WarningsGiven.Concat(warnings).ToList();
            }

            if (errors.Count != 0)
            {
                return new ImportRowResult(line, devicePlan?.Proposed.Identifier ?? identifier, userName,
                    Failed(userAction), Failed(deviceAction), userPlan, devicePlan, PrefixLine(line, errors), warnings);
            }

            // Applying a plan only hands it to the chunk: the store writes when the chunk is flushed (timed there).
            RecordPlanner planner = Planner;
            planner.Origin = _origin.AtLine(line);
            if (userPlan != null)
            {
                planner.Apply(userPlan);
            }

            if (devicePlan != null && planner.Apply(devicePlan) != null)
            {
                _summary.PlannedEmailsQueued++;
            }

            return new ImportRowResult(line, devicePlan?.Proposed.Identifier, userName, userAction, deviceAction, userPlan, devicePlan, errors, warnings)
            {
                CheckInEmailNote = devicePlan?.CheckInEmailNote,
            };
        }

        // The messages of refused rows are built apart from the row's path, which stays small (and quick to compile).
        private static RecordError FieldCountMismatch(IReadOnlyList<string?> cells, int columns) =>
            new RecordError(ErrorIds.MalformedCsv, BmgErrorCategory.InvalidData, Csv.CsvRowWidth.Mismatch(cells, columns));

        private static RecordError UserNameRepeatedWithoutDevice(string userName, int firstLine) =>
            new RecordError(ErrorIds.DuplicateKeyInFile, BmgErrorCategory.InvalidData,
                $"UserName '{userName}' already appears {Csv.SourceLine.OnLine(firstLine)}; a UserName may repeat only on rows that also give a device (Identifier).",
                FieldNames.UserName, userName);

        private static RecordError UserNameRepeatedWithOtherValues(string userName, int firstLine) =>
            new RecordError(ErrorIds.DuplicateKeyInFile, BmgErrorCategory.InvalidData,
                $"UserName '{userName}' already appears {Csv.SourceLine.OnLine(firstLine)} with different user values; give a user's values once, or identically on each of the user's device rows.",
                FieldNames.UserName, userName);

        private string? LineOfDevice(string identifier) =>
            _seenKeys.Find(KeyKind.Identifier, KeyFingerprint.OfText(identifier, ignoreCase: true)) is (int line, _)
                ? $" (line {line})"
                : null;

        private static RecordAction Failed(RecordAction action) => action == RecordAction.None ? RecordAction.None : RecordAction.Failed;

        private static long UserCells(FieldValues values) =>
            KeyFingerprint.OfValues(values[FieldKey.Name], values[FieldKey.EmailAddress], values[FieldKey.UserDescription], values[FieldKey.Organizations]);

        private delegate bool TryParser<T>(string? text, out T value, out string? rule);

        private static string? ParseKey<T>(string? text, string field, TryParser<T> parse, Func<T, string> value, List<RecordError> errors)
        {
            if (text == null)
            {
                return null;
            }

            if (parse(text, out T parsed, out string? rule))
            {
                return value(parsed);
            }

            errors.Add(RecordError.InvalidValue(field, text, rule!));
            return null;
        }

        private static List<RecordError> PrefixLine(int line, List<RecordError> errors)
        {
            var prefixed = new List<RecordError>(errors.Count);
            string prefix = Csv.SourceLine.Prefix(line, null);
            foreach (RecordError error in errors)
            {
                prefixed.Add(error.Message.StartsWith(prefix, StringComparison.Ordinal)
                    ? error
                    : new RecordError(error.ErrorId, error.Category, prefix + error.Message, error.Field, error.Value));
            }

            return prefixed;
        }

        /// <summary>
        /// Reads, in one batched look-up each, the users, devices and serials that the next rows name (the
        /// rows that follow until the next call), after writing what the rows before them planned.
        /// </summary>
        /// <param name="keys">The keys the rows name (<see cref="KeysOf"/>), when the reading thread collected them already.</param>
        internal void Prefetch(ImportHeader header, IReadOnlyList<Csv.CsvRecord> records, PrefetchKeys? keys = null)
        {
            keys ??= KeysOf(header, records);
            // The chunk times its own reads and writes (Stages.Write), not its wait for the chunk written beside the planning.
            _chunk.Prefetch(keys.Chunk);
        }

        /// <summary>
        /// The users, devices and serials the records name, as the field rules normalize them: pure (the header and
        /// the records only), so the thread that reads the file collects them for the next chunk while this one is planned.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        internal static PrefetchKeys KeysOf(ImportHeader header, IReadOnlyList<Csv.CsvRecord> records)
        {
            var keys = new PrefetchKeys();
            // Each key with its row's cells (ChunkTexts): the sets of keys the look-ups read are these dictionaries' keys.
            Dictionary<string, string[]> userNames = keys.RowsByUserName;
            Dictionary<string, string[]> identifiers = keys.RowsByIdentifier;
            HashSet<string> serials = keys.Serials;
            keys.Texts = new ChunkTexts(header, identifiers, userNames);
            int identifierColumn = -1, userNameColumn = -1, serialColumn = -1;
            for (int column = 0; column < header.ColumnCount; column++)
            {
                switch (header.FieldOf(column))
                {
                    case FieldKey.Identifier:
                        identifierColumn = column;
                        break;
                    case FieldKey.UserName:
                        userNameColumn = column;
                        break;
                    case FieldKey.Serial:
                        serialColumn = column;
                        break;
                }
            }

            foreach (Csv.CsvRecord record in records)
            {
                string[] cells = record.Fields;
                if (identifierColumn >= 0 && identifierColumn < cells.Length
                    && DeviceIdentifier.TryParse(cells[identifierColumn], out DeviceIdentifier identifier, out _))
                {
                    identifiers.TryAdd(identifier.Value, cells);
                }

                if (userNameColumn >= 0 && userNameColumn < cells.Length
                    && Fields.UserName.TryParse(cells[userNameColumn], out UserName userName, out _))
                {
                    userNames.TryAdd(userName.Value, cells);
                }

                if (serialColumn >= 0 && serialColumn < cells.Length
                    && AppleSerial.TryParse(cells[serialColumn], out AppleSerial serial, out _))
                {
                    serials.Add(serial.Value);
                }
            }

            return keys;
        }

        /// <summary>Writes the rows planned so far (inside the transaction) now, not beside the next chunk's planning.</summary>
        internal void WritePlanned() => _chunk.Flush();

        [MethodImpl(PerRowCode.Compile)]
        private ImportRowResult Count(ImportRowResult result)
        {
            // A chunk's rows are planned: write them in one call and forget them (rows not prefetched: piped objects;
            // a file's chunks are written by the next chunk's Prefetch, beside its planning).
            if (++_chunk.PlannedRows >= ImportChunk.Rows && !_chunk.Prefetching)
            {
                _chunk.Flush();
                _chunk.Forget();
            }

            result.Source = _summary.Source;
            _summary.Rows++;
            switch (result.Outcome)
            {
                case RecordAction.Failed:
                    _summary.Failed++;
                    foreach (RecordError error in result.GetErrors())
                    {
                        if (_historyErrors.Count < HistoryErrorsKept)
                        {
                            _historyErrors.Add(new ImportHistoryError(result.Line, result.Identifier, result.UserName, error.ErrorId, error.Message));
                        }
                        else
                        {
                            _historyErrorsOmitted++;
                        }
                    }

                    break;
                case RecordAction.Created:
                    _summary.PlannedCreated++;
                    break;
                case RecordAction.Updated:
                    _summary.PlannedUpdated++;
                    break;
                default:
                    _summary.PlannedUnchanged++;
                    break;
            }

            return result;
        }

        /// <summary>Commits when the import may be kept (not a dry run; no failed row unless skipping them); else rolls back.</summary>
        public ImportSummary Complete()
        {
            Stages.Commit.Start();
            try
            {
                return CompleteTimed();
            }
            finally
            {
                Stages.Commit.Stop();
            }
        }

        private ImportSummary CompleteTimed()
        {
            TakeStore();
            IStoreTransaction transaction = _transaction!;
            // The chunk written beside the planning may have failed: that failure is the import's, as if it had
            // been written on this thread. It is given up here, with the store's error in its history: whether such a
            // failure surfaces here or inside the file's rows (where the cmdlet abandons the import with it) depends on
            // when the reading thread reads the last chunk, and a caller that only disposes the import after Complete
            // threw would otherwise record it as stopped (Ctrl+C).
            try
            {
                _chunk.WaitForWrite();
            }
            catch (BmgException e)
            {
                Abandon(0, e.ErrorId, e.Message);
                throw;
            }

            _completed = true;
            bool accepted = !(_mode == ImportMode.AllOrNothing && _summary.Failed != 0);
            bool keep = !_dryRun && accepted;
            ImportHistoryEntry history = HistoryEntry(keep);
            if (_dryRun && accepted && DryRun.KeepsAcceptedFiles(_store))
            {
                KeepInDryRun(transaction);
            }
            else if (keep)
            {
                bool committing = false;
                try
                {
                    _chunk.Flush();
                    // In the import's own transaction: the history can't claim rows that were not written.
                    _store.InsertImportHistory(history);
                    committing = true;
                    transaction.Commit();
                }
                catch (BmgException e) when (committing && e.ErrorId == ErrorIds.StoreUnavailable)
                {
                    // The connection was lost during the COMMIT itself: the server may have committed before its answer
                    // was lost. The import's own history row (written in its transaction) tells which.
                    _chunk.StopWriting();
                    transaction.Dispose();
                    bool? committed = CommittedAfterLostCommit(history.Id);
                    if (committed == false)
                    {
                        _historyErrors.Add(new ImportHistoryError(0, null, null, e.ErrorId, e.Message));
                        RecordAbandonedImport();
                        throw;
                    }

                    // Committed, or unknown (the server still unreachable): no "not committed" entry beside a committed one.
                    throw new BmgException(e.ErrorId, e.Category, e.Message + (committed == true
                        ? $" The import was committed all the same: import history entry {history.Id} holds its rows."
                        : $" The import may have been committed (the answer to the commit was lost): Get-BmgImportHistory -Id {history.Id} tells, once the store is reachable again."),
                        e.Target, e);
                }
                catch (BmgException e)
                {
                    // The last chunk, the history row or the commit itself failed (a full disk): nothing was
                    // written, but the attempt and its reason still go into the history, in a transaction of
                    // their own, when space allows — as for a failure in any earlier chunk.
                    _historyErrors.Add(new ImportHistoryError(0, null, null, e.ErrorId, e.Message));
                    _chunk.StopWriting();
                    transaction.Dispose();
                    RecordAbandonedImport();
                    throw;
                }
            }
            else
            {
                _chunk.StopWriting();
                transaction.Dispose();
                if (!_dryRun)
                {
                    RecordAttempt(history);
                }
            }

            _summary.Committed = keep;
            _summary.Refused = _summary.Failed != 0 && _mode == ImportMode.AllOrNothing;
            _summary.Elapsed = _stopwatch.Elapsed;
            _summary.HistoryId = _dryRun ? (long?)null : history.Id;
            return _summary;
        }

        /// <summary>
        /// A dry run the real run would commit: committed into the dry run's own state (never the store), so the command's next
        /// file is planned against what this one would write (<see cref="DryRun"/>). No import history entry: a dry run records none.
        /// </summary>
        private void KeepInDryRun(IStoreTransaction transaction)
        {
            try
            {
                _chunk.Flush();
                transaction.Commit();
            }
            catch (BmgException)
            {
                // The dry run's copy failed (its temporary folder full): nothing of the store was touched.
                _chunk.StopWriting();
                transaction.Dispose();
                throw;
            }
        }

        private ImportHistoryEntry HistoryEntry(bool committed)
        {
            _history.EndedAt = _clock();
            _history.Committed = committed;
            _history.Rows = _summary.Rows;
            _history.PlannedCreated = _summary.PlannedCreated;
            _history.PlannedUpdated = _summary.PlannedUpdated;
            _history.PlannedUnchanged = _summary.PlannedUnchanged;
            _history.Failed = _summary.Failed;
            _history.PlannedEmailsQueued = _summary.PlannedEmailsQueued;
            if (_historyErrorsOmitted != 0)
            {
                _historyErrors.Add(new ImportHistoryError(0, null, null, ErrorIds.MoreErrorsNotKept,
                    $"{_historyErrorsOmitted} more row errors are not kept here; the import's own error output listed them all."));
                _historyErrorsOmitted = 0;
            }

            _history.Errors = _historyErrors;
            return _history;
        }

        private static string CurrentUser()
        {
            string domain = Environment.UserDomainName;
            string user = Environment.UserName;
            return string.IsNullOrEmpty(domain) || domain == Environment.MachineName ? user : domain + "\\" + user;
        }

        /// <summary>
        /// Gives the import up because of a failure that is not a row's (a bad header, a broken file):
        /// rolls back, and records the attempt with that failure in the import history.
        /// </summary>
        public void Abandon(int line, string errorId, string message)
        {
            _historyErrors.Add(new ImportHistoryError(line, null, null, errorId, message));
            _abandoned = true;
            Dispose();
        }

        /// <summary>
        /// Rolls back unless <see cref="Complete"/> committed: a stopped or crashed import leaves the
        /// store as it was. An import that ends here without completing (Ctrl+C, -ErrorAction Stop, a
        /// broken file) is still recorded in the import history as not committed.
        /// </summary>
        public void Dispose()
        {
            _seenKeys.Dispose();
            // Nothing may use the store while the rollback runs: a chunk still being written finishes first.
            _chunk.StopWriting();
            if (_completed)
            {
                _transaction?.Dispose();
                return;
            }

            _completed = true;
            _summary.Elapsed = _stopwatch.Elapsed;
            // An import that ended before it held the store (a bad header read while waiting for it) has nothing to roll back.
            _transaction?.Dispose();
            if (!_dryRun)
            {
                if (!_abandoned)
                {
                    // Not given up for a reason of its own: stopped (Ctrl+C, an error under -ErrorAction Stop). Said in the
                    // history, so its entry reads Stopped, not as an import that failed.
                    _historyErrors.Add(new ImportHistoryError(0, null, null, ErrorIds.ImportStopped,
                        "The import was stopped (Ctrl+C, or an error under -ErrorAction Stop) before it was committed; nothing was written."));
                }

                RecordAbandonedImport();
            }
        }

        /// <summary>Whether the import's own history row, committed, is in the store: null when the store cannot say.</summary>
        private bool? CommittedAfterLostCommit(long historyId)
        {
            try
            {
                return _store.GetImportHistory(historyId).Any(entry => entry.Committed);
            }
            catch (BmgException)
            {
                return null;
            }
        }

        private void RecordAbandonedImport()
        {
            try
            {
                RecordAttempt(HistoryEntry(committed: false));
            }
            catch (BmgException)
            {
                // The store itself is failing (busy, gone): the import already rolled back, and
                // Dispose must not hide the error that brought us here behind a second one.
            }
        }

        /// <summary>
        /// Records an import that held the store but kept nothing, in a transaction of its own. Not ended by Ctrl+C: the
        /// import gave the lock up with its rollback, and a writer queued behind it may hold it now — the record waits for
        /// that one (up to the busy timeout, as any writer), so that every import that wrote, or tried to, is in the
        /// history (SPEC). An import stopped before it held the store is not recorded (it never tried).
        /// </summary>
        private void RecordAttempt(ImportHistoryEntry entry)
        {
            using IStoreTransaction historyTransaction = _store.BeginTransaction(CancellationToken.None);
            _store.InsertImportHistory(entry);
            historyTransaction.Commit();
        }
    }
}
