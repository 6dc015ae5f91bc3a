using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using BizMobileGo.Core.Import;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// One SQL statement, prepared once on the store's connection and reused: parameters are bound
    /// by name (resolved to indexes once) and every value goes through a bind call, never into the
    /// SQL text. It talks to SQLite directly because the import runs it hundreds of thousands of
    /// times, and the ADO.NET layer's per-execution bookkeeping cost more than SQLite's own work.
    /// </summary>
    internal sealed class SqliteStatement : IDisposable
    {
        private readonly sqlite3 _database;
        private readonly sqlite3_stmt _statement;
        private readonly Dictionary<string, int> _parameterIndexes = new Dictionary<string, int>(StringComparer.Ordinal);

        // What each parameter holds now (by index): SQLite keeps a bound value across sqlite3_reset, so a value equal
        // to the one already bound (an import's save time, its template, a NULL) is not bound again. A bind copies
        // the text into SQLite's memory and was a third of an import's store writes. Kept by kind, so that neither a
        // number nor its comparison is boxed: a multi-row INSERT binds thousands of values a chunk.
        private readonly BoundKind[] _boundKinds;
        private readonly string?[] _boundTexts;
        private readonly long[] _boundIntegers;

        private enum BoundKind : byte
        {
            Unknown,
            Null,
            Text,
            Integer,
        }

        // True between a step that gave a row and the reset: a statement mid-read must be bound (and so fail) as before.
        private bool _running;

        public SqliteStatement(sqlite3 database, string sql)
        {
            _database = database;
            int result = raw.sqlite3_prepare_v2(database, sql, out _statement);
            if (result != raw.SQLITE_OK)
            {
                throw Failure(result);
            }

            int parameters = raw.sqlite3_bind_parameter_count(_statement);
            _boundKinds = new BoundKind[parameters + 1];
            _boundTexts = new string?[parameters + 1];
            _boundIntegers = new long[parameters + 1];
        }

        /// <summary>True when running the statement can't write to the database (SQLite's own judgement of its program).</summary>
        public bool ReadsOnly => raw.sqlite3_stmt_readonly(_statement) != 0;

        [MethodImpl(PerRowCode.Compile)]
        public void Set(string name, object? value)
        {
            if (!_parameterIndexes.TryGetValue(name, out int index))
            {
                index = raw.sqlite3_bind_parameter_index(_statement, name);
                if (index == 0)
                {
                    throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
                }

                _parameterIndexes.Add(name, index);
            }

            SetAt(index, value);
        }

        /// <summary>Binds the parameter at <paramref name="index"/> (1-based, as SQLite counts): for statements of many anonymous "?" parameters.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void SetAt(int index, object? value)
        {
            switch (value)
            {
                case null:
                case DBNull _:
                    SetAt(index, (string?)null);
                    break;
                case string text:
                    SetAt(index, text);
                    break;
                case int number:
                    SetAt(index, (long)number);
                    break;
                case long number:
                    SetAt(index, number);
                    break;
                case bool flag:
                    SetAt(index, flag ? 1L : 0L);
                    break;
                default:
                    // Anything else is bound as its invariant text every time, and not remembered.
                    _boundKinds[index] = BoundKind.Unknown;
                    Check(raw.sqlite3_bind_text(_statement, index, Convert.ToString(value, CultureInfo.InvariantCulture)));
                    break;
            }
        }

        /// <summary>Binds a text, or NULL for null, at <paramref name="index"/> (1-based).</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void SetAt(int index, string? text)
        {
            if (!_running && (text == null
                ? _boundKinds[index] == BoundKind.Null
                : _boundKinds[index] == BoundKind.Text && string.Equals(_boundTexts[index], text, StringComparison.Ordinal)))
            {
                return;
            }

            _boundKinds[index] = BoundKind.Unknown;
            Check(text == null ? raw.sqlite3_bind_null(_statement, index) : BindText(index, text));
            _boundKinds[index] = text == null ? BoundKind.Null : BoundKind.Text;
            _boundTexts[index] = text;
        }

        /// <summary>Binds an integer at <paramref name="index"/> (1-based).</summary>
        [MethodImpl(PerRowCode.Compile)]
        public void SetAt(int index, long number)
        {
            if (!_running && _boundKinds[index] == BoundKind.Integer && _boundIntegers[index] == number)
            {
                return;
            }

            _boundKinds[index] = BoundKind.Unknown;
            Check(raw.sqlite3_bind_int64(_statement, index, number));
            _boundKinds[index] = BoundKind.Integer;
            _boundIntegers[index] = number;
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK)
            {
                throw Failure(result);
            }
        }

        // One buffer per statement for the UTF-8 bytes of a bound text; SQLite copies them on bind.
        private byte[] _utf8 = new byte[256];

        [MethodImpl(PerRowCode.Compile)]
        private int BindText(int index, string text)
        {
            int needed = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (needed > _utf8.Length)
            {
                _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
            }

            int length = Encoding.UTF8.GetBytes(text, 0, text.Length, _utf8, 0);
            return raw.sqlite3_bind_text(_statement, index, new ReadOnlySpan<byte>(_utf8, 0, length));
        }

        /// <summary>Binds bytes as a BLOB at <paramref name="index"/> (1-based); SQLite copies them. Not remembered: bound every time.</summary>
        [MethodImpl(PerRowCode.Compile)] // per history entry (its hashes) and pack: see Import.PerRowCode
        public void SetBlobAt(int index, ReadOnlySpan<byte> bytes)
        {
            _boundKinds[index] = BoundKind.Unknown;
            int result = raw.sqlite3_bind_blob(_statement, index, bytes);
            if (result != raw.SQLITE_OK)
            {
                throw Failure(result);
            }
        }

        /// <summary>Binds UTF-8 bytes as a TEXT at <paramref name="index"/> (1-based); SQLite copies them. Not remembered: bound every time.</summary>
        public void SetTextAt(int index, ReadOnlySpan<byte> utf8)
        {
            _boundKinds[index] = BoundKind.Unknown;
            int result = raw.sqlite3_bind_text(_statement, index, utf8);
            if (result != raw.SQLITE_OK)
            {
                throw Failure(result);
            }
        }

        /// <summary>Runs the statement to its next row; false when it is done (and then it is reset for the next use).</summary>
        [MethodImpl(PerRowCode.Compile)]
        public bool Step()
        {
            int result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_ROW)
            {
                _running = true;
                return true;
            }

            _running = false;
            raw.sqlite3_reset(_statement);
            if (result == raw.SQLITE_DONE)
            {
                return false;
            }

            throw Failure(result);
        }

        public void Reset()
        {
            _running = false;
            raw.sqlite3_reset(_statement);
        }

        /// <summary>SQLite's own statement pointer, for <see cref="SqliteDirect"/>; valid while this statement is.</summary>
        public IntPtr NativeHandle => _statement.DangerousGetHandle();

        public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_database);

        /// <summary>Rows changed by the last INSERT, UPDATE or DELETE on the connection.</summary>
        public int Changes => raw.sqlite3_changes(_database);

        [MethodImpl(PerRowCode.Compile)]
        public bool IsDBNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

        // The column reads call SQLite itself (SqliteDirect), not SQLitePCL: a re-import reads every device and user of
        // its file, ~24 columns each, and SQLitePCL's three managed layers and SafeHandle per call (twice per text: the
        // text, then its length) were most of that reading. A text is exactly the bytes SQLite holds (a NUL inside too).

        /// <summary>A NOT NULL text column. A NULL still reads as null, as SQLitePCL's read did (never as an empty text).</summary>
        [MethodImpl(PerRowCode.Compile)]
        public string GetString(int column) => SqliteDirect.WholeText(NativeHandle, column)!;

        /// <summary>
        /// A text column, or null for NULL: sqlite3_column_text gives a null pointer for NULL, which reads as null,
        /// so a nullable text costs one call into SQLite instead of a type check and a read. Only for text columns
        /// (a NULL converted to text is the only null pointer, short of running out of memory).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public string? GetNullableString(int column) => SqliteDirect.WholeText(NativeHandle, column);

        /// <summary>
        /// A text column, or null for NULL, as <see cref="GetNullableString"/> reads it; but when the stored text is exactly
        /// <paramref name="given"/> (an import's own cell for this value, <see cref="Import.ChunkTexts"/>), that string itself,
        /// neither decoded nor allocated again. Compared as ASCII only (any other byte or character: decoded as before), so
        /// the string returned is always equal to the stored text.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public string? GetStringAsGiven(int column, string? given)
        {
            IntPtr statement = NativeHandle;
            if (given != null && given.Length != 0)
            {
                ReadOnlySpan<byte> bytes = SqliteDirect.TextBytes(statement, column);
                // Ascii.Equals is false when either side holds anything but ASCII.
                if (bytes.Length == given.Length && Ascii.Equals(bytes, given.AsSpan()))
                {
                    return given;
                }
            }

            return SqliteDirect.WholeText(statement, column);
        }

        // The last value read from each column that GetRepeatedString reads: its UTF-8 bytes and its string.
        private byte[]?[]? _repeatedBytes;
        private string?[]? _repeatedTexts;

        /// <summary>
        /// A text column whose value mostly repeats from row to row (a template, a state, the time one import saved its
        /// rows): when the bytes are the last row's, the last row's string is returned, so a repeated value is neither
        /// decoded nor allocated again. The value read is the one <see cref="GetNullableString"/> reads.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public string? GetRepeatedString(int column)
        {
            IntPtr statement = NativeHandle;
            ReadOnlySpan<byte> bytes = SqliteDirect.TextBytes(statement, column);
            if (bytes.IsEmpty)
            {
                // NULL, or an empty text.
                return SqliteDirect.WholeText(statement, column);
            }

            byte[]?[] lastBytes = _repeatedBytes ??= new byte[]?[raw.sqlite3_column_count(_statement)];
            string?[] lastTexts = _repeatedTexts ??= new string?[lastBytes.Length];
            if (lastBytes[column] is byte[] last && bytes.SequenceEqual(last))
            {
                return lastTexts[column];
            }

            string text = Encoding.UTF8.GetString(bytes);
            if (lastBytes[column] is byte[] buffer && buffer.Length == bytes.Length)
            {
                // A value that changes every row (a serial-like text) mostly keeps its length: no new buffer each row.
                bytes.CopyTo(buffer);
            }
            else
            {
                lastBytes[column] = bytes.ToArray();
            }

            lastTexts[column] = text;
            return text;
        }

        public bool IsBlob(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_BLOB;

        /// <summary>A BLOB column's bytes, valid until the next step or reset.</summary>
        public ReadOnlySpan<byte> GetBlob(int column) => raw.sqlite3_column_blob(_statement, column);

        [MethodImpl(PerRowCode.Compile)]
        public long GetInt64(int column) => raw.sqlite3_column_int64(_statement, column);

        [MethodImpl(PerRowCode.Compile)]
        public int GetInt32(int column) => SqliteDirect.Int32(NativeHandle, column);

        private SqliteException Failure(int result) =>
            new SqliteException(raw.sqlite3_errmsg(_database).utf8_to_string(), result, raw.sqlite3_extended_errcode(_database));

        public void Dispose() => _statement.Dispose();
    }
}
