using System;
using System.Collections.Generic;
using System.Diagnostics;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// One import: every row is planned and applied inside one store transaction, so later rows see
    /// what earlier rows created, and the end decides once whether all of it is kept. A dry run
    /// (-WhatIf) does exactly the same work and rolls back, so it can't disagree with the real run.
    /// </summary>
    public sealed partial class DeviceImport : IDisposable
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
        /// <param name="historyIdReserved">Told this import's history Id (<see cref="HistoryId"/>) as soon as it holds the store, on the thread that took it.</param>
        public DeviceImport(IDeviceStore store, ImportMode mode, bool dryRun, string source, Func<DateTimeOffset>? clock = null, string? sha256 = null,
            string command = "Import-BmgDeviceCsv", string changedBy = "", Action<long>? historyIdReserved = null)
            : this(store, mode, dryRun, source, clock, sha256, command, takeStore: true, changedBy, historyIdReserved)
        {
        }

        private DeviceImport(IDeviceStore store, ImportMode mode, bool dryRun, string source, Func<DateTimeOffset>? clock, string? sha256,
            string command, bool takeStore, string changedBy, Action<long>? historyIdReserved)
        {
            _store = store;
            _mode = mode;
            _dryRun = dryRun;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _history = new ImportHistoryEntry { StartedAt = _clock(), User = CurrentUser(), Host = ChangeActor.Current.Host, ChangedBy = changedBy, Source = source,
                Sha256 = sha256, Mode = mode };
            _seenKeys = new SeenKeys();
            _chunk = new ImportChunk(store, Stages);
            _origin = new ChangeOrigin(command, _history, changedBy: changedBy);
            _summary = new ImportSummary { Source = source, WhatIf = dryRun, Database = store.Location };
            _readsWhileWaiting = !takeStore;
            _historyIdReserved = historyIdReserved;
            if (takeStore)
            {
                try
                {
                    TakeStore();
                }
                catch
                {
                    // Its caller never gets the import to dispose: one stopped as its Id was said is rolled back and recorded here.
                    Dispose();
                    throw;
                }
            }
        }

        // Told the Id a real import reserved, once it holds the store (on the thread that took it).
        private readonly Action<long>? _historyIdReserved;

        /// <summary>
        /// This import's import history Id, known once a real import holds the store (<see cref="TakeStore()"/>): its change
        /// entries' ImportId, and its entry's Id however it ends (committed, refused, stopped, failed). Null for a dry run,
        /// and before.
        /// </summary>
        public long? HistoryId => _dryRun || _history.Id == 0 ? null : _history.Id;

        /// <summary>
        /// An import that does not hold the store yet: a file's reading starts first (<see cref="DeviceCsvFile.ImportRows"/>
        /// takes the store once the reading thread runs), so a second admin's import reads and parses its first rows while it
        /// waits for the first admin's writer lock. Nothing of the store is read before <see cref="TakeStore()"/>.
        /// </summary>
        public static DeviceImport WaitingForStore(IDeviceStore store, ImportMode mode, bool dryRun, string source, Func<DateTimeOffset>? clock = null,
            string? sha256 = null, string command = "Import-BmgDeviceCsv", string changedBy = "", Action<long>? historyIdReserved = null) =>
            new DeviceImport(store, mode, dryRun, source, clock, sha256, command, takeStore: false, changedBy, historyIdReserved);

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
                _transaction = _store.BeginImportTransaction();
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

                // A real import's Id, as it takes the store: said at once (HistoryIdReserved), and its row, or its attempt record
                // after a rollback, is written at it, as its change entries name it. A dry run records nothing, so reserves nothing.
                if (!_dryRun)
                {
                    _history.Id = _store.ReserveImportHistoryId();
                }

                DateTimeOffset savedAt = _history.StartedAt;
                _planner = new RecordPlanner(_store, _origin, () => savedAt, _chunk)
                {
                    // A serial held by a device of an earlier row: name that row's line too.
                    LocateDevice = LineOfDevice,
                };
                if (_fileText != null)
                {
                    _planner.MayBeShiftJisFile = FileMayBeShiftJis;
                }
            }
            catch (OperationCanceledException) when (!_dryRun)
            {
                // Stopped under the lock, as its Id was reserved (PostgreSQL's first round trip there): the import had started, as
                // one stopped at its first chunk; rolled back here, and its attempt recorded (Dispose) on a new Id, as a stop's.
                // The stop often lands just here: a silent network's test stops an import as soon as its session holds the lock.
                _transaction.Dispose();
                _transaction = null;
                _history.Id = 0;
                throw;
            }
            catch
            {
                // The store failed under the first reads (the server gone): the import did not start, as above.
                _transaction.Dispose();
                _transaction = null;
                _completed = true;
                throw;
            }

            if (HistoryId is long id)
            {
                _historyIdReserved?.Invoke(id);
            }
        }

        // The file's reader, whose encoding (as detected so far) says whether a '?' may be Excel's Shift_JIS save; null for piped objects.
        private CsvDecodingReader? _fileText;

        /// <summary>
        /// The reader of the file imported: its encoding, as the reader detected (or was given) it, decides whether a changed text
        /// value that only wrote '?' for characters CP932 can't hold keeps its stored value (<see cref="ShiftJisQuestionMarks"/>).
        /// Told before the first row is planned (<see cref="DeviceCsvFile.ImportRows"/>); the encoding is not detected again.
        /// </summary>
        public void ReadsFrom(CsvDecodingReader text)
        {
            _fileText = text;
            if (text.FileLength is long bytes)
            {
                _seenKeys.ExpectFileBytes(bytes);
            }

            if (_planner != null)
            {
                _planner.MayBeShiftJisFile = FileMayBeShiftJis;
            }
        }

        // Asked per changed row: the reader's encoding is set once, when its first non-ASCII byte (or a BOM) tells it.
        private bool FileMayBeShiftJis() => ShiftJisQuestionMarks.MayBeShiftJis(_fileText!.Encoding);

        private RecordPlanner Planner => _planner ?? throw new InvalidOperationException("The import does not hold the store yet (TakeStore).");

        public ImportSummary Summary => _summary;

        /// <summary>
        /// A real all-or-nothing import: one failed row and none of its rows is written (see <see cref="CompleteTimed"/>).
        /// Known from the start, before any row is read; a -WhatIf run and a -SkipInvalidRows import are never refused.
        /// </summary>
        public bool MayBeRefused => !_dryRun && _mode == ImportMode.AllOrNothing;

        /// <summary>Where this import's time went (see <see cref="ImportStages"/>).</summary>
        public ImportStages Stages { get; } = new ImportStages();

        /// <summary>The users this import's rows created from their UserName alone (<see cref="Import.NameOnlyUsers"/>).</summary>
        public NameOnlyUsers NameOnlyUsers { get; } = new NameOnlyUsers();

        // The devices this import's rows create and update, for a file imported before (RepeatedFile).
        private readonly RepeatedFile _repeatedFile = new RepeatedFile();
        private string? _repeatedFileWarning;
        private bool _repeatedFileAsked;

        /// <summary>
        /// When the file's content was imported before by a committed import: what this import would undo of the work done since
        /// (<see cref="RepeatedFile"/>); null otherwise. Asked once the rows are planned and before the commit (the cmdlet says it
        /// then, so -WarningAction Stop writes nothing); the answer is kept, so asking again after the commit gives the same text.
        /// </summary>
        public string? RepeatedFileWarning()
        {
            if (!_repeatedFileAsked && _transaction != null && !_completed)
            {
                _repeatedFileAsked = true;
                try
                {
                    // The chunk written beside the planning holds the store's connection until it is done; the last chunk's
                    // undone work is checked first: a device that warning names is left to it (one cause said once).
                    _chunk.WaitForStore();
                    CheckDepLinks();
                }
                catch (BmgException)
                {
                    // That chunk failed: the commit meets the failure and gives the import up with it (CompleteTimed).
                    return null;
                }

                _repeatedFileWarning = _repeatedFile.Warning(_store, _history.Sha256, _history.StartedAt, _undoneWork.NamesDevice);
            }

            return _repeatedFileWarning;
        }

        // What the rows would undo of a colleague's recent work, checked a chunk at a time (UndoneWork).
        private readonly UndoneWork _undoneWork = new UndoneWork();

        /// <summary>
        /// The import's warnings about the recent work its rows would undo (<see cref="UndoneWork"/>): fields set back over
        /// a recent change, devices and users created again after a recent removal. Empty for a refused import (nothing is
        /// written). Asked once the rows are planned: before the commit (the last chunk is checked then, inside the
        /// transaction, so -WarningAction Stop writes nothing), or after it, with the same texts.
        /// </summary>
        public IReadOnlyList<string> UndoneWorkWarnings()
        {
            if (!Accepted)
            {
                return Array.Empty<string>();
            }

            if (_transaction != null && !_completed)
            {
                try
                {
                    CheckDepLinks();
                }
                catch (BmgException)
                {
                    // The chunk written beside the planning failed: the commit meets the failure and gives the import up with it.
                    return Array.Empty<string>();
                }
            }

            return _undoneWork.Warnings();
        }

        // The DEP links the rows set that check-in will refuse, checked a chunk at a time (ImportDepLinks).
        private readonly ImportDepLinks _depLinks = new ImportDepLinks();

        /// <summary>
        /// The import's one warning about the DEP links its rows set that check-in will refuse (<see cref="ImportDepLinks"/>);
        /// null when none is, and for a refused import (nothing is written). Asked once the rows are planned: before the commit
        /// (the last chunk is checked then, inside the transaction), or after it, with the same text.
        /// </summary>
        /// <param name="file">The file imported, named in the warning; null for piped rows.</param>
        public string? DepLinkWarning(string? file)
        {
            if (!Accepted)
            {
                return null;
            }

            if (_transaction != null && !_completed)
            {
                try
                {
                    CheckDepLinks();
                }
                catch (BmgException)
                {
                    // The chunk written beside the planning failed: the commit meets the failure and gives the import up with it.
                    return null;
                }
            }

            return _depLinks.Warning(_store, file);
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
            _chunk.EndStoreTask();
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
                    // Not given up for a reason of its own: stopped (Ctrl+C or a host's Stop(), an error under -ErrorAction Stop, a row's warning
                    // under -WarningAction Stop, or under Inquire answered Halt). Said in the history, so its entry reads Stopped,
                    // not as an import that failed.
                    _historyErrors.Add(new ImportHistoryError(0, null, null, ErrorIds.ImportStopped,
                        "The import was stopped (Ctrl+C or a host's PowerShell.Stop(), an error under -ErrorAction Stop, or a warning under -WarningAction Stop, or under Inquire answered Halt) before it was committed; nothing was written."));
                }

                RecordAbandonedImport();
            }
        }
    }
}
