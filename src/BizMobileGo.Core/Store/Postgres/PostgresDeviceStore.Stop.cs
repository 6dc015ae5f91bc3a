using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Errors;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// A stop (Ctrl+C, <see cref="WaitCancellation"/>) during a round trip: the statement in flight is cancelled, and the
    /// command ends within seconds whether or not the server can still be reached (walkthrough 33a, 5b).
    /// </summary>
    /// <remarks>
    /// <para>Npgsql's sync calls take no token, and its own cancellation sends the server a cancel request on a new
    /// connection and then waits for the server to close it, with no limit: on a network that went silent that wait is as
    /// dead as the statement's, and a stalled import ignored Ctrl+C until the 300 s command timeout. So each round trip of a
    /// command that can be stopped runs on a pool thread while the command's thread waits for it or for the stop. On a stop,
    /// the cancel request goes to the server from yet another thread (a live server ends the statement with query_canceled
    /// within a round trip; the connection stays usable); if the statement has not ended <see cref="StopGrace"/> later, the
    /// connection is given up: the command goes on without it (the stop ends it) and the connection is closed when its
    /// round trip ends on its own (the keepalive, or the command timeout at the latest). Nothing of the transaction is
    /// committed: the server rolls it back when the session ends, and the session of a writer that went silent ends at the
    /// writer's idle limit (.WriterLock, <see cref="AbandonedWriterSeconds"/>).</para>
    /// <para>Work already on a pool thread of its own — an import chunk's writes, beside the planning of the next chunk
    /// (<see cref="RunAside"/>) — makes its round trips there directly, and the thread that waits for that work watches the
    /// stop for it (<see cref="EndAside"/>): one hop for the chunk, not one per statement. Each hop waits for a core; two
    /// imports at once on two busy cores are where those waits showed (Bench P5, PERFORMANCE.md, thirty-fourth round). A given-up chunk's thread may still finish its statement's error path on the store once the old connection
    /// ends (the keepalive, the command timeout); by then the stopped command has ended.</para>
    /// <para>A COMMIT is never cancelled (Transaction.Commit, <see cref="CommitAwaited"/>): the server may still carry it out, and a
    /// stopped command must not say it wrote nothing when it did. Its wait is said as any round trip's, and a stop ends it
    /// once the server has not answered <see cref="StopGrace"/> after the stop: the connection is given up and the command
    /// is told that whether it committed is unknown until the server answers (<see cref="CommitOutcomeUnknownException"/>;
    /// thirty-eighth round: before, the wait ran inline, unsaid and deaf to Ctrl+C, until the keepalive or the command timeout).</para>
    /// <para>The next row of a streamed read (the history's) is read inline when it is in the reader's buffer already, as
    /// most are (a hop a row would cost more than the row); one the reader must wait for the server for is waited for as a
    /// round trip, said and stopped alike (<see cref="ReadNextRow"/>, thirty-eighth round). A stream a stop ends before its
    /// last row closes its reader the same way, its statement cancelled (<see cref="CloseStream"/>, fortieth round).</para>
    /// <para>A round trip that begins after the stop is bounded the same way when it is the stopped work's own (silent34):
    /// a dry run's (its snapshot is one transaction, never committed), one of a transaction begun before the stop (an
    /// import's chunk still being written when the stop came between two of its statements), and every rollback, which
    /// is not cancelled but waited for only the grace: the server rolls a transaction back when its session ends, so a
    /// connection given up is as good as the ROLLBACK. Before, such a round trip ran inline, and on a network that fell
    /// silent between two round trips the stopped command waited for the 300 s command timeout.</para>
    /// <para>Statements the command makes in a transaction it begins after its stop (recording what a stopped import
    /// rolled back, its COMMIT too), or outside any transaction (a reopen's session set-up), are not cancelled — the stop
    /// was already seen — but each is waited for at most <see cref="AfterStopLimit"/>: then the connection is given up and
    /// the statement fails StoreUnavailable (<see cref="BoundedAfterStop"/>; net40: before, they ran inline, and on a network
    /// that fell silent after the reopen's connect the stopped import's record waited for the 300 s command timeout).</para>
    /// </remarks>
    public sealed partial class PostgresDeviceStore : IStoppableAside
    {
        /// <summary>How long a stop waits for a live server to answer its cancel request before the connection is given up.</summary>
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

        /// <summary>Cancels the statement or batch in flight (its Npgsql Cancel): set as each is made.</summary>
        private volatile Action? _cancelInFlight;

        /// <summary>True on the thread of a round trip that can be stopped: a statement it makes runs there, inline.</summary>
        [ThreadStatic]
        private static bool _inStoppableRoundTrip;

        /// <summary>A stop gave the connection up mid-statement: a -WhatIf snapshot, whose transaction was its state, is over.</summary>
        private bool _connectionGivenUp;

        /// <summary>The open transaction began after the stop (a stopped import's record): its statements run to their end.</summary>
        private bool _transactionBegunStopped;

        /// <summary>What a command a stop ended without its connection is told.</summary>
        private const string GivenUp = "The command was stopped while the server did not answer; the connection was closed and nothing of the unfinished transaction was committed.";

        /// <summary>The work a stop gave the connection up in (still running on it, or ended since).</summary>
        private Task? _givenUpWith;

        /// <summary>
        /// Runs <paramref name="roundTrip"/> (statements on the store's connection, and the reading of their results) so that
        /// a stop ends it promptly (see the remarks above). Without a stop to watch, inside work already watched from another
        /// thread (<see cref="RunAside"/>), or once stopped for a round trip that is not the stopped work's own, it runs inline.
        /// </summary>
        /// <param name="rollback">A rollback: bounded by the grace even after the stop, and never cancelled (<see cref="RollBackStoppably"/>).</param>
        internal T Stoppable<T>(Func<T> roundTrip, bool rollback = false)
        {
            CancellationToken stop = WaitCancellation;
            if (RunsInline(stop, rollback))
            {
                return StoppedAlready(stop) ? BoundedAfterStop(roundTrip) : roundTrip();
            }

            Task<T> running = Task.Run(() => Watched(roundTrip));
            EndAside(running, rethrow: true);
            // Ended, and not failed: EndAside threw its failure.
            return running.Result;
        }

        /// <summary>
        /// A round trip made now runs inline: no stop to watch, inside work already watched from another thread
        /// (<see cref="RunAside"/>), or once stopped for a round trip that is not the stopped work's own.
        /// </summary>
        private bool RunsInline(CancellationToken stop, bool rollback = false)
        {
            bool stoppedWorkGoesOn = rollback || _snapshot || (_inStoreTransaction && !_transactionBegunStopped);
            return !stop.CanBeCanceled || _inStoppableRoundTrip || (stop.IsCancellationRequested && !stoppedWorkGoesOn);
        }

        /// <summary>How long a round trip made after the stop, not the stopped work's own, waits for the server's answer (<see cref="BoundedAfterStop"/>).</summary>
        internal static readonly TimeSpan AfterStopLimit = StoreWait.AfterStop;

        /// <summary>
        /// Stopped already, and not on a watched thread: a round trip <see cref="RunsInline"/> lets run inline now is one made
        /// after the stop that is not the stopped work's own (<see cref="BoundedAfterStop"/>).
        /// </summary>
        private static bool StoppedAlready(CancellationToken stop) => stop.IsCancellationRequested && !_inStoppableRoundTrip;

        /// <summary>
        /// Runs a round trip made after the stop (a stopped import's record, a reopen's session set-up) to its end, never
        /// cancelled, but waits for it at most <see cref="AfterStopLimit"/>, as long as a round trip goes unsaid
        /// (<see cref="ServerWaitLine.After"/>): a stopped command has no line left to say a longer wait on, and the user who
        /// pressed Ctrl+C waits for it. Past the limit the connection is given up (<see cref="GiveUpConnection"/>), as a
        /// stopped round trip's is, and this throws StoreUnavailable: a stopped import's record says then why it is missing.
        /// Before (net40), such a round trip ran inline, and on a network that fell silent after the reopen's connect it waited
        /// for the 300 s command timeout.
        /// </summary>
        private T BoundedAfterStop<T>(Func<T> roundTrip)
        {
            Task<T> running = Task.Run(() => Watched(roundTrip));
            if (!EndedWithin(running, AfterStopLimit, CancellationToken.None))
            {
                GiveUpConnection(running);
                _givenUpWith = running;
                throw Unavailable(Location, $"the server did not answer within {AfterStopLimit.TotalSeconds:0} s after the command was stopped (the connection was closed)", new TimeoutException());
            }

            return running.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Commits the store's write transaction, waiting for the server's answer as for any round trip (said once it has
        /// gone unanswered <see cref="ServerWaitLine.After"/>), but never cancelling it: on a stop the answer is waited for
        /// <see cref="StopGrace"/> more (a live server's), then the connection is given up and
        /// <see cref="CommitOutcomeUnknownException"/> thrown. A transaction begun after the stop (a stopped import's record)
        /// commits as its other statements run: not cancelled, waited for at most <see cref="AfterStopLimit"/>.
        /// </summary>
        private void CommitAwaited(NpgsqlTransaction transaction)
        {
            CancellationToken stop = WaitCancellation;
            if (RunsInline(stop))
            {
                Func<bool> commit = () =>
                {
                    transaction.Commit();
                    return true;
                };
                _ = StoppedAlready(stop) ? BoundedAfterStop(commit) : commit();
                return;
            }

            // Nothing to cancel: a COMMIT the server got may be carried out whatever the client does next.
            _cancelInFlight = null;
            Task running = Task.Run(() => Watched(() =>
            {
                transaction.Commit();
                return true;
            }));
            if (!AnsweredOrStopped(running, stop) && !EndedWithin(running, StopGrace, CancellationToken.None))
            {
                GiveUpConnection(running);
                _givenUpWith = running;
                throw new CommitOutcomeUnknownException(CommitOutcomeUnknownException.Unknown, stop);
            }

            running.GetAwaiter().GetResult();
        }

        /// <summary>
        /// The next row of <paramref name="reader"/> (a streamed read, the command's thread enumerating it): inline when the
        /// row is in the reader's buffer already (Npgsql's ReadAsync then completes at once, without a round trip or a hop);
        /// a row the reader must wait for the server for is waited for as a round trip, said once it has gone unanswered
        /// <see cref="ServerWaitLine.After"/> and ended by a stop (<see cref="EndAside"/>). Before the thirty-eighth round
        /// every next row was read inline: a server that stopped answering mid-stream left the command unsaid and deaf to Ctrl+C.
        /// </summary>
        private bool ReadNextRow(NpgsqlDataReader reader)
        {
            CancellationToken stop = WaitCancellation;
            if (RunsInline(stop))
            {
                return reader.Read();
            }

            Task<bool> next = reader.ReadAsync(CancellationToken.None);
            if (!next.IsCompleted)
            {
                EndAside(next, rethrow: true);
            }

            return next.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Ends a streamed read's reader, unless a stop gave its connection up (<see cref="GiveUpConnection"/>): that connection's
        /// round trip may still be reading on another thread, and it goes with the connection when that round trip ends.
        /// </summary>
        /// <remarks>
        /// Closing a reader before its last row (<paramref name="readToEnd"/> false) reads the rest of its result off the
        /// connection. A stream a stop ended there — most often while the command wrote an entry, not while it waited for
        /// one — closes it as a round trip of the stop (<see cref="EndAside"/>): its statement cancelled, the reader given
        /// the grace to finish, then the connection given up. Before (the fortieth round), that close ran inline and waited
        /// for the whole rest: as long as a server or network that holds it back, up to the command timeout.
        /// </remarks>
        private void CloseStream(NpgsqlCommand command, NpgsqlDataReader reader, bool readToEnd)
        {
            if (!ReferenceEquals(command.Connection, _connection))
            {
                return;
            }

            // Not stopped (read to the end, or ended early by a failure or a caller that took enough), or inside work another
            // thread watches already (RunAside): closed inline, as before.
            if (readToEnd || !WaitCancellation.IsCancellationRequested || _inStoppableRoundTrip)
            {
                reader.Dispose();
                return;
            }

            _cancelInFlight = command.Cancel;
            // Neither the cancelled statement's error nor a given-up connection is news: the stop ends the command.
            EndAside(RunAside(reader.Dispose), rethrow: false);
        }

        /// <summary>Starts work of the store's calls on a pool thread, its round trips inline there: <see cref="EndAside"/> watches the stop.</summary>
        public Task RunAside(Action work) => Task.Run(() => Watched(() =>
        {
            work();
            return true;
        }));

        public void EndAside(Task aside, bool rethrow)
        {
            CancellationToken stop = WaitCancellation;
            try
            {
                if (stop.CanBeCanceled)
                {
                    WaitOrGiveUp(aside, stop);
                }

                aside.GetAwaiter().GetResult();
            }
            catch (Exception) when (!rethrow)
            {
                // The caller gives the work up (a rollback follows): neither its failure nor the stop is this call's.
            }
            catch (Exception e) when (CancelledByStop(e, stop))
            {
                throw new OperationCanceledException("The statement was cancelled by a stop.", e, stop);
            }
        }

        /// <summary>Runs <paramref name="work"/> on this (pool) thread with its round trips inline: another thread waits for it and watches the stop.</summary>
        private static T Watched<T>(Func<T> work)
        {
            _inStoppableRoundTrip = true;
            try
            {
                return work();
            }
            finally
            {
                _inStoppableRoundTrip = false;
            }
        }

        /// <summary>
        /// Waits for <paramref name="running"/> (round trips on another thread) or the stop. On a stop the statement in flight is
        /// cancelled; if the work has not ended <see cref="StopGrace"/> later, the connection is given up and this throws.
        /// </summary>
        /// <param name="sayServerWait">False for a wait the server is in (the writer lock's): no line says the server has not answered.</param>
        private void WaitOrGiveUp(Task running, CancellationToken stop, bool sayServerWait = true)
        {
            if (ReferenceEquals(running, _givenUpWith))
            {
                // Waited for again (a chunk's failed write is thrown on every later wait): its connection is gone already.
                throw new OperationCanceledException(GivenUp, stop);
            }

            bool ended;
            using (stop.Register(() => ThreadPool.QueueUserWorkItem(_ => CancelUntilEnded(running))))
            {
                ended = (sayServerWait ? AnsweredOrStopped(running, stop) : EndedWithin(running, Timeout.InfiniteTimeSpan, stop))
                    || EndedWithin(running, StopGrace, CancellationToken.None);
            }

            if (!ended)
            {
                GiveUpConnection(running);
                _givenUpWith = running;
                throw new OperationCanceledException(GivenUp, stop);
            }
        }

        /// <summary>
        /// Waits for <paramref name="running"/> until it ends (true) or the stop (false). A wait that lasts past
        /// <see cref="ServerWaitLine.After"/> is said (<see cref="WaitingForServer"/>), and again as it goes on, on this thread:
        /// the command's own, where a cmdlet may write (a one-shot command's round trip, an import waiting for its chunk's
        /// write); taken down as the answer or the stop comes. A hung server or a frozen machine still answers TCP, so
        /// nothing but the command timeout ends that wait (walkthrough 36, 5: 100 s without a line).
        /// </summary>
        private bool AnsweredOrStopped(Task running, CancellationToken stop)
        {
            long began = Stopwatch.GetTimestamp();
            Action<string?>? say = WaitingForServer;
            if (say == null)
            {
                return EndedWithin(running, Timeout.InfiniteTimeSpan, stop);
            }

            if (EndedWithin(running, ServerWaitLine.After, stop) || stop.IsCancellationRequested)
            {
                // The usual: answered long before the line (or stopped, which the caller bounds).
                return running.IsCompleted;
            }

            TimeSpan upTo = TimeSpan.FromSeconds(_connection.CommandTimeout);
            try
            {
                while (true)
                {
                    say(ServerWaitLine.For(Stopwatch.GetElapsedTime(began), upTo));
                    if (EndedWithin(running, ServerWaitLine.Every, stop) || stop.IsCancellationRequested)
                    {
                        return running.IsCompleted;
                    }
                }
            }
            finally
            {
                say(null);
            }
        }

        /// <summary>True for the server's answer to the stop's cancel request (query_canceled), as the provider's exception or inside the store's error.</summary>
        private static bool CancelledByStop(Exception failure, CancellationToken stop)
        {
            for (Exception? e = failure; e != null && stop.IsCancellationRequested; e = e.InnerException)
            {
                if (e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True once <paramref name="running"/> ended (done or failed) within <paramref name="limit"/>; false at the limit or the stop.</summary>
        private static bool EndedWithin(Task running, TimeSpan limit, CancellationToken stop)
        {
            try
            {
                return running.Wait(limit, stop);
            }
            catch (AggregateException)
            {
                // It ended, failing: the caller rethrows its own exception.
                return true;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return running.IsCompleted;
            }
        }

        /// <summary>
        /// Rolls back (a transaction, a savepoint, a dry run's snapshot) on the stoppable path, also after the stop: if the
        /// server has not answered the grace after the stop, the connection is given up and the server rolls the
        /// transaction back as the session ends. A rollback that fails (the session broken or gone) leaves the same to the server.
        /// </summary>
        private void RollBackStoppably(Action<NpgsqlTransaction> rollback)
        {
            NpgsqlTransaction? transaction = _transaction;
            if (transaction == null)
            {
                // None open, or a stop gave its connection up: the server rolls it back with the session.
                return;
            }

            // Nothing to cancel: a stop only ends the wait for it.
            _cancelInFlight = null;
            try
            {
                Stoppable(
                    () =>
                    {
                        rollback(transaction);
                        return true;
                    },
                    rollback: true);
            }
            catch (Exception e) when (e is OperationCanceledException || e is NpgsqlException || e is InvalidOperationException)
            {
            }
        }

        /// <summary>How long the stop's cancel request is given before it is sent again (<see cref="CancelUntilEnded"/>).</summary>
        private static readonly TimeSpan CancelAgainAfter = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// The stop's cancel request for the statement in flight, sent again every <see cref="CancelAgainAfter"/> until
        /// <paramref name="running"/> ends or <see cref="StopGrace"/> is over. Npgsql's Cancel does nothing for a command not in
        /// progress yet — a stop that lands as a round trip begins, before Npgsql starts its statement — and sends one request a
        /// statement at most, so a repeat costs nothing once one went out. Before (rel46), the stop's one request could come that
        /// early: a wait for a lock went on, the grace gave the connection up, and its session kept waiting on the server.
        /// </summary>
        /// <remarks>
        /// Each request is only for a statement of <paramref name="running"/>: the statement in flight is read first, and sent
        /// its cancel only if <paramref name="running"/> has not ended by then, on the connection it ran on (none but its
        /// statements can be in flight there until it ends or its connection is given up). The stop's callback runs this on a
        /// pool thread, which a loaded machine may start late: before (claim47) the first request went out unasked, after the
        /// round trip had ended and the command had made its next statement — a round trip after the stop (the stopped send's
        /// release of its claim, a stopped import's record), which was then cancelled as if it were the stopped work's own.
        /// </remarks>
        private void CancelUntilEnded(Task running)
        {
            NpgsqlConnection connection = Volatile.Read(ref _connection);
            long began = Stopwatch.GetTimestamp();
            do
            {
                BeforeCancel?.Invoke();
                Action? cancel = _cancelInFlight;
                if (running.IsCompleted || !ReferenceEquals(Volatile.Read(ref _connection), connection))
                {
                    break;
                }

                CancelInFlight(cancel);
            }
            while (!EndedWithin(running, CancelAgainAfter, CancellationToken.None) && Stopwatch.GetElapsedTime(began) < StopGrace);

            CancelsEnded?.Invoke();
        }

        /// <summary>Tests only: run on the stop's thread before each cancel request is considered (<see cref="CancelUntilEnded"/>).</summary>
        internal Action? BeforeCancel { get; set; }

        /// <summary>Tests only: run on the stop's thread once it sends no more cancel requests for its round trip.</summary>
        internal Action? CancelsEnded { get; set; }

        /// <summary>The open transaction began after the stop (a stopped import's record): its statements are not the stopped work's own.</summary>
        private bool TransactionBegunAfterStop => _inStoreTransaction && _transactionBegunStopped;

        /// <summary>Tests only: how many times a stop has tried to cancel the statement in flight (<see cref="CancelInFlight"/>).</summary>
        internal int CancelsTried => Volatile.Read(ref _cancelsTried);

        private int _cancelsTried;

        private void CancelInFlight(Action? cancel)
        {
            Interlocked.Increment(ref _cancelsTried);
            try
            {
                // Sends the server a cancel request; on a silent network it waits as long as that network lets it, on this thread only.
                cancel?.Invoke();
            }
            catch (Exception e) when (e is NpgsqlException || e is InvalidOperationException || e is System.IO.IOException || e is System.Net.Sockets.SocketException)
            {
                // The request could not be sent: the grace ends the wait instead.
            }
        }

        /// <summary>
        /// The stopped command goes on (to its end) without the connection its round trip still holds: that connection is closed
        /// when the round trip ends on its own, and the store opens a fresh one should the command use it again.
        /// </summary>
        private void GiveUpConnection(Task running)
        {
            NpgsqlConnection lost = _connection;
            try
            {
                // Read from the connector without a round trip (the round trip in flight owns the socket, not this).
                _abandonedProcessId = lost.ProcessID;
            }
            catch (InvalidOperationException)
            {
                // Not open any more: nothing of it is left on the server.
            }

            running.ContinueWith(
                ended =>
                {
                    _ = ended.Exception;
                    lost.Dispose();
                },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            // Its transaction is the server's to roll back; nothing here may touch it again (Npgsql is not thread-safe).
            _transaction = null;
            _connectionGivenUp = true;
            _connection = new NpgsqlConnection(_reopenConnectionString);
        }

        /// <summary>The server process of the session a stop gave up (0: none), which the next connection ends (<see cref="EndAbandonedSession"/>).</summary>
        private int _abandonedProcessId;

        /// <summary>
        /// Ends the store's own session that a stop gave up, as the next connection opens (the stopped import recording its
        /// attempt): on a link that went silent that session lives on at the server, in its transaction and holding the writer
        /// lock, until the server's idle limit (minutes), and the record waited the whole busy timeout for that lock and was
        /// never written (thirty-fourth round, left34a). Ended, its transaction is rolled back and the lock freed at once. Only a
        /// session of this role in this database with that process id; one round trip, only after such a stop. A refusal
        /// (a role that may not signal) is no failure: the record then waits for the lock as any writer does.
        /// </summary>
        private void EndAbandonedSession()
        {
            int abandoned = _abandonedProcessId;
            if (abandoned == 0)
            {
                return;
            }

            _abandonedProcessId = 0;
            try
            {
                Run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND usename = current_user AND datname = current_database();",
                    Integer(abandoned));
            }
            catch (BmgException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
            {
            }
        }

        /// <summary>A -WhatIf snapshot whose connection a stop gave up has nothing left to plan against.</summary>
        private void ThrowIfSnapshotGivenUp()
        {
            if (_connectionGivenUp && _snapshot)
            {
                throw new OperationCanceledException("The command was stopped; its dry run's transaction ended with the connection.", WaitCancellation);
            }
        }
    }
}
