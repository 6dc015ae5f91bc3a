using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Text;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>Plumbing: every statement is prepared once, parameterized, and reused; times and lists as stored.</summary>
    public sealed partial class SqliteDeviceStore
    {
        // ---- plumbing: every statement is prepared once, parameterized, and reused ----

        // The SQL of every statement in this class is a constant (an interned literal), and a statement's text is
        // hundreds of characters: found by reference first, it is not hashed and compared on every row of an import.
        private readonly Dictionary<string, SqliteStatement> _commandsByReference = new Dictionary<string, SqliteStatement>(SameString.Instance);

        /// <summary>
        /// Finalizes every prepared statement and forgets both caches of them: a look-up by reference after this must not
        /// find a finalized statement (its raw handle is stepped directly, SqliteDirect).
        /// </summary>
        private void DisposeStatements()
        {
            foreach (SqliteStatement statement in _commands.Values)
            {
                statement.Dispose();
            }

            _commands.Clear();
            _commandsByReference.Clear();
        }

        [MethodImpl(PerRowCode.Compile)]
        private SqliteStatement Command(string sql)
        {
            if (_commandsByReference.TryGetValue(sql, out SqliteStatement? known))
            {
                return known;
            }

            if (!_commands.TryGetValue(sql, out SqliteStatement? statement))
            {
                try
                {
                    statement = new SqliteStatement(_connection.Handle!, sql);
                    if (_copyOnWrite && !statement.ReadsOnly)
                    {
                        // A dry run's first write: from here on it works on its copy of the store (.Snapshot).
                        statement.Dispose();
                        MakeDryRunCopy();
                        statement = new SqliteStatement(_connection.Handle!, sql);
                    }
                }
                catch (SqliteException e)
                {
                    throw Failure(e);
                }

                _commands.Add(sql, statement);
            }

            // Only an interned text is kept by reference: one built at run time would add an entry per call.
            if (ReferenceEquals(string.IsInterned(sql), sql))
            {
                _commandsByReference[sql] = statement;
            }

            return statement;
        }

        /// <summary>The same string object (not merely equal text).</summary>
        // Optimized at once, as the statements' other per-batch steps: every look-up of a statement asks these (a piped look-up's
        // batches, an import's chunks), and left to tiering each was compiled twice more in a piped look-up's first second.
        private sealed class SameString : IEqualityComparer<string>
        {
            public static readonly SameString Instance = new SameString();

            [MethodImpl(PerRowCode.Compile)]
            public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

            [MethodImpl(PerRowCode.Compile)]
            public int GetHashCode(string text) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(text);
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            command.ExecuteNonQuery();
        }

        private T Scalar<T>(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
        }

        [MethodImpl(PerRowCode.Compile)]
        private void Run(string sql, Action<SqliteStatement> bind)
        {
            SqliteStatement statement = Command(sql);
            bind(statement);
            try
            {
                while (statement.Step())
                {
                }
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                throw Failure(e);
            }
            catch (SqliteException e) when (UniqueViolation(e) is BmgException duplicate)
            {
                throw duplicate;
            }
        }

        /// <summary>
        /// One statement of <paramref name="row"/> repeated (then <paramref name="end"/>) for each size: 100 rows (a chunk of 1,000 rows is ten statements),
        /// then 10 and 1 for a remainder. The texts are built once, from constants only, and interned so
        /// <see cref="Command"/> finds them by reference. (Sizes are local: static fields of partial files initialize
        /// in no fixed order.)
        /// </summary>
        private static (int Rows, string Sql)[] MultiRowStatements(string insertInto, string row, string end = "")
        {
            int[] sizes = { 100, 10, 1 };
            var statements = new (int Rows, string Sql)[sizes.Length];
            for (int size = 0; size < sizes.Length; size++)
            {
                int rows = sizes[size];
                var sql = new System.Text.StringBuilder(insertInto);
                for (int index = 0; index < rows; index++)
                {
                    sql.Append(index == 0 ? "" : ", ").Append(row);
                }

                statements[size] = (rows, string.Intern(sql.Append(end).Append(';').ToString()));
            }

            return statements;
        }

        /// <summary>
        /// Writes <paramref name="count"/> rows through <paramref name="statements"/> (largest first), in order: <paramref name="bind"/>
        /// gets the statement, the 0-based offset of the row's first parameter in it, and the row's index.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void RunRows((int Rows, string Sql)[] statements, int count, int parametersPerRow, Action<SqliteStatement, int, int> bind)
        {
            int next = 0;
            foreach ((int rows, string sql) in statements)
            {
                while (count - next >= rows)
                {
                    int first = next;
                    Run(sql, [MethodImpl(PerRowCode.Compile)] (c) =>
                    {
                        for (int row = 0; row < rows; row++)
                        {
                            bind(c, row * parametersPerRow, first + row);
                        }
                    });
                    next += rows;
                }
            }
        }

        private long Insert(string sql, Action<SqliteStatement> bind)
        {
            Run(sql, bind);
            return Command(sql).LastInsertRowId;
        }

        private T? Single<T>(string sql, string key, Func<SqliteStatement, T> read) where T : class
        {
            SqliteStatement statement = Command(sql);
            statement.Set("$key", key);
            try
            {
                return statement.Step() ? read(statement) : null;
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                throw Failure(e);
            }
            finally
            {
                // However the read ends (a damaged value throws in read too), the statement stops reading the file: the
                // store stays open between commands, and a statement left on a row keeps its read of the file open.
                statement.Reset();
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private List<T> Query<T>(string sql, Action<SqliteStatement>? bind, Func<SqliteStatement, T> read)
        {
            // Materialized: the callers (cmdlets) write output while the store may be used again.
            SqliteStatement statement = Command(sql);
            bind?.Invoke(statement);
            var results = new List<T>();
            try
            {
                while (statement.Step())
                {
                    results.Add(read(statement));
                }
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                throw Failure(e);
            }
            finally
            {
                // As in Single: a read that throws (a damaged value) must not leave the statement reading the file.
                statement.Reset();
            }

            return results;
        }

        // Every failure of the file (busy, full, read-only, damaged) becomes a store error a user can act on;
        // a unique key's violation becomes its domain error (UniqueViolation); any other constraint violation
        // stays raw: the planner checks every rule first, so it is a bug to report.
        private static bool IsStoreFailure(SqliteException e) => e.SqliteErrorCode != SqliteConstraint;

        // A batched look-up binds all its keys as one parameter, a JSON array that json_each() unpacks:
        // one prepared statement serves any number of keys, and no key is ever part of the SQL text.
        private const int KeysPerLookup = 1000;

        // The text is built in the buffer KeyArray keeps (SqliteDeviceStore.Dep): a builder made per look-up grew block by
        // block to a chunk's thousand keys, three look-ups a chunk. Sharing it is safe: each array is a string before it is
        // yielded, and the buffer is emptied before the next one is built, whatever ran in between.
        private IEnumerable<string> KeyArrays(IReadOnlyCollection<string> keys)
        {
            System.Text.StringBuilder json = _keyArray ??= new System.Text.StringBuilder(16 * 1024);
            using IEnumerator<string> each = keys.GetEnumerator();
            while (NextKeyArray(json, each) is string array)
            {
                yield return array;
            }
        }

        // The loop over a batch's keys, outside the iterator: an iterator's own code can't be compiled optimized at once.
        [MethodImpl(PerRowCode.Compile)] // per key of a chunk's look-ups: see Import.PerRowCode
        private static string? NextKeyArray(System.Text.StringBuilder json, IEnumerator<string> keys)
        {
            json.Clear();
            int inArray = 0;
            while (inArray < KeysPerLookup && keys.MoveNext())
            {
                json.Append(inArray++ == 0 ? '[' : ',');
                JsonText.AppendString(json, keys.Current);
            }

            return inArray == 0 ? null : json.Append(']').ToString();
        }

        private static void Set(SqliteStatement statement, string name, object? value) => statement.Set(name, value);

        // One call into SQLite, not two: its text of a NULL is a null pointer, read back as null (SqliteStatement.GetNullableString).
        [MethodImpl(PerRowCode.Compile)]
        private static string? NullableString(SqliteStatement reader, int ordinal) => reader.GetNullableString(ordinal);

        [MethodImpl(PerRowCode.Compile)]
        private static string? JoinList(IReadOnlyList<string> names) => names.Count == 0 ? null : NameList.Join(names);

        private readonly RepeatedList _deviceTagLists = new RepeatedList();
        private readonly RepeatedList _organizationLists = new RepeatedList();

        /// <summary>
        /// Splits a stored name list, splitting again only when the text is not the last row's string (a column read with
        /// <see cref="SqliteStatement.GetRepeatedString"/>). Each row still gets its own array, a copy of the last split:
        /// a list reaches PowerShell as a string[] a script may write to, and the store stays open between commands, so a
        /// shared array would carry one object's edit into every other device or user read with it (and into a later
        /// Set- of another one, which writes its whole list back).
        /// </summary>
        private sealed class RepeatedList
        {
            private string? _joined;
            private string[] _names = Array.Empty<string>();

            [MethodImpl(PerRowCode.Compile)]
            public IReadOnlyList<string> Split(string? joined)
            {
                if (!ReferenceEquals(joined, _joined))
                {
                    _names = string.IsNullOrEmpty(joined) ? Array.Empty<string>() : joined!.Split('|');
                    _joined = joined;
                }

                // Never the kept split itself: a row's edit of it would reach the next copies.
                return _names.Length == 0 ? Array.Empty<string>() : (string[])_names.Clone();
            }
        }

        // An import saves every row at one time: format it once, not once per row. Two slots, as ParseTime's: a re-import's
        // update binds each row's created time (an earlier import's) and then its saved time (this import's), which one
        // slot formatted anew twice a row (PERFORMANCE.md, twenty-eighth round, branch sqlite28).
        private readonly DateTimeOffset[] _formattedTimes = new DateTimeOffset[2];
        private readonly string?[] _formattedTexts = new string?[2];
        private int _nextFormattedSlot;

        [MethodImpl(PerRowCode.Compile)]
        private string FormatTime(DateTimeOffset time)
        {
            for (int slot = 0; slot < _formattedTexts.Length; slot++)
            {
                if (_formattedTexts[slot] is string formatted && time == _formattedTimes[slot])
                {
                    return formatted;
                }
            }

            string text = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            _formattedTimes[_nextFormattedSlot] = time;
            _formattedTexts[_nextFormattedSlot] = text;
            _nextFormattedSlot = (_nextFormattedSlot + 1) % _formattedTexts.Length;
            return text;
        }

        // Rows saved by one import share their times (created and last saved): parse a repeated text once.
        private readonly string?[] _parsedTexts = new string?[2];
        private readonly DateTimeOffset[] _parsedTimes = new DateTimeOffset[2];
        private int _nextParsedSlot;

        [MethodImpl(PerRowCode.Compile)]
        private DateTimeOffset ParseTime(string text)
        {
            for (int slot = 0; slot < _parsedTexts.Length; slot++)
            {
                if (string.Equals(text, _parsedTexts[slot], StringComparison.Ordinal))
                {
                    return _parsedTimes[slot];
                }
            }

            DateTimeOffset time = DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            _parsedTexts[_nextParsedSlot] = text;
            _parsedTimes[_nextParsedSlot] = time;
            _nextParsedSlot = (_nextParsedSlot + 1) % _parsedTexts.Length;
            return time;
        }
    }
}
