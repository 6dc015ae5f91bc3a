using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using BizMobileGo.Core.Csv;

namespace BizMobileGo.Core.Import
{
    /// <summary>One chunk of a file's non-blank records, and the read failure that ended the file after them, if any.</summary>
    internal sealed class RecordChunk
    {
        public RecordChunk(List<CsvRecord> records, ExceptionDispatchInfo? failure, bool last, PrefetchKeys? keys = null)
        {
            Records = records;
            Failure = failure;
            Last = last;
            Keys = keys;
        }

        public List<CsvRecord> Records { get; }

        /// <summary>The keys the records name, collected on the reading thread (null: the import collects them).</summary>
        public PrefetchKeys? Keys { get; }

        /// <summary>A failure to read (decode, NUL, unclosed quote), to be raised after <see cref="Records"/> are imported.</summary>
        public ExceptionDispatchInfo? Failure { get; }

        public bool Last { get; }
    }

    /// <summary>
    /// Reads and parses a file's records a chunk at a time on a thread of its own, one chunk ahead of the
    /// import, so parsing on one core overlaps planning and writing on the other. The import still sees every
    /// record in file order, and a read failure after the records before it. Disposing stops the reading
    /// thread and waits for it, so the reader is never used after its import ends (Ctrl+C, an error).
    /// </summary>
    /// <remarks>
    /// Past the first chunks, the reader starts a chunk only once the import has taken the one before it, so at most two chunks of
    /// parsed records are alive (the one planned, the one read): records waiting longer would outlive more
    /// garbage collections, and copying them from generation to generation is what parsed rows cost most.
    /// Reading a chunk takes a fraction of the time planning and writing it does, so one ahead keeps both busy.
    /// When the import waits for another writer's lock on the store before it takes its first chunk, and the wait lasts,
    /// it allows the reader up to <see cref="ChunksBeforeFirst"/> (<see cref="AllowReadAhead"/>): the parsing code is
    /// compiled and the first rows are ready when the lock comes, and the import drains the extra chunks back to one ahead.
    /// An import that gets the lock at once keeps the two-chunk bound from the start.
    /// </remarks>
    internal sealed class ChunkedRecords : IDisposable
    {
        private const int ChunksAhead = 1;

        /// <summary>The most chunks read before the import takes the first, once allowed (a small constant: memory stays flat).</summary>
        internal const int ChunksBeforeFirst = 4;

        private readonly CsvRecordReader _reader;
        private readonly ImportStages _stages;
        private readonly BlockingCollection<RecordChunk> _chunks = new BlockingCollection<RecordChunk>();
        // A chunk may be read when the import has room for it: taken by each chunk read, given back when the import takes one.
        private readonly SemaphoreSlim _room = new SemaphoreSlim(ChunksAhead);
        // Room the import keeps when it takes a chunk, until the reader is back to ChunksAhead (given by AllowReadAhead).
        private int _extraRoom;
        private bool _taken;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Thread _thread;
        private readonly Func<List<CsvRecord>, PrefetchKeys>? _keysOf;
        private bool _ended;

        /// <param name="keysOf">Collects the keys a chunk names (pure: it runs on the reading thread, beside the planning).</param>
        public ChunkedRecords(CsvRecordReader reader, ImportStages stages, Func<List<CsvRecord>, PrefetchKeys>? keysOf = null)
        {
            _reader = reader;
            _stages = stages;
            _keysOf = keysOf;
            _thread = new Thread(ReadAll) { IsBackground = true, Name = "BizMobileGo CSV reader" };
            _thread.Start();
        }

        /// <summary>True when <see cref="Next"/> would not wait for the reader (the next chunk is read, or there is none).</summary>
        public bool NextIsReady => _ended || _chunks.Count > 0;

        /// <summary>The next chunk in file order, or null after the last one.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public RecordChunk? Next()
        {
            if (_ended)
            {
                return null;
            }

            RecordChunk chunk = _chunks.Take();
            _taken = true;
            _ended = chunk.Last;
            if (_extraRoom > 0)
            {
                _extraRoom--;
            }
            else if (!_ended)
            {
                _room.Release();
            }

            return chunk;
        }

        /// <summary>
        /// Lets the reader read up to <see cref="ChunksBeforeFirst"/> chunks before the import takes the first (it waits for
        /// the store). Once only, and only before the first <see cref="Next"/>: the caller makes sure it is not run beside it
        /// (<see cref="PerRowCodeWarmUp"/> runs it, if at all, before the import's wait ends).
        /// </summary>
        public void AllowReadAhead()
        {
            if (_taken || _extraRoom > 0)
            {
                return;
            }

            _extraRoom = ChunksBeforeFirst - ChunksAhead;
            _room.Release(_extraRoom);
        }

        private void ReadAll()
        {
            try
            {
                bool more = true;
                while (more)
                {
                    _room.Wait(_stop.Token);
                    var records = new List<CsvRecord>(ImportChunk.Rows);
                    ExceptionDispatchInfo? failure = ReadChunk(records, out more);
                    _chunks.Add(new RecordChunk(records, failure, last: !more, KeysOf(records)), _stop.Token);
                    // Counted once the import can take them: a count that includes a chunk means the import may take it now.
                    _stages.AddRecordsRead(records.Count);
                }
            }
            catch (OperationCanceledException)
            {
                // The import ended before the file did: nobody takes the rest.
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private PrefetchKeys? KeysOf(List<CsvRecord> records)
        {
            if (_keysOf == null || records.Count == 0)
            {
                return null;
            }

            try
            {
                return _keysOf(records);
            }
            catch (Exception)
            {
                // Never expected (the field rules report, they don't throw); the import then collects them itself.
                return null;
            }
        }

        /// <summary>Reads up to a chunk of non-blank records; a failure is returned, to be raised after the records before it.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private ExceptionDispatchInfo? ReadChunk(List<CsvRecord> chunk, out bool more)
        {
            more = true;
            // Timed once per chunk: a clock read per record would cost more than some records take to parse.
            _stages.Read.Start();
            try
            {
                while (chunk.Count < ImportChunk.Rows && !_stop.IsCancellationRequested)
                {
                    if (!_reader.TryReadRecord(out CsvRecord record))
                    {
                        more = false;
                        break;
                    }

                    if (!CsvFileHeader.IsBlank(record.Fields))
                    {
                        chunk.Add(record);
                    }
                }

                return null;
            }
            catch (Exception e)
            {
                more = false;
                return ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _stages.Read.Stop();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _chunks.Dispose();
            _room.Dispose();
            _stop.Dispose();
        }
    }
}
