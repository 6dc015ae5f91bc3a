using System;
using System.IO;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The import's own scratch for keys that don't fit in memory: a private SQLite file in the temporary
    /// folder (created 0600, deleted when the import ends), whatever store the import writes to. Nothing in
    /// it outlives the import or needs to survive a crash, so it is written without a journal or syncs.
    /// </summary>
    internal sealed class SpilledKeys : IDisposable
    {
        private readonly string _path;
        private readonly SqliteConnection _connection;
        private readonly SqliteStatement _insert;
        private readonly SqliteStatement _find;

        public SpilledKeys()
        {
            // An empty file is an empty SQLite database: made with the owner-only mode, then opened.
            try
            {
                using (OwnerOnlyFile.CreateUnique(Path.GetTempPath(), "bmg-import-keys-", ".db", out _path))
                {
                }
            }
            catch (Exception e) when (TemporaryFolder.IsFailure(e))
            {
                throw TemporaryFolder.ImportStopped(e);
            }

            try
            {
                _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
                _connection.Open();
                Execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384;");
                Execute("CREATE TABLE import_keys (key INTEGER PRIMARY KEY, line INTEGER NOT NULL, tag INTEGER NOT NULL);");
                _insert = new SqliteStatement(_connection.Handle!, "INSERT OR IGNORE INTO import_keys (key, line, tag) VALUES ($key, $line, $tag);");
                _find = new SqliteStatement(_connection.Handle!, "SELECT line, tag FROM import_keys WHERE key = $key;");
            }
            catch (SqliteException e)
            {
                Dispose();
                throw TemporaryFolder.ImportStopped(e);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Remembers a key with its line and tag; when it is already there, returns the earlier line and tag instead.</summary>
        public (int Line, long Tag)? Remember(long key, int line, long tag)
        {
            _insert.Set("$key", key);
            _insert.Set("$line", line);
            _insert.Set("$tag", tag);
            try
            {
                while (_insert.Step())
                {
                }
            }
            catch (SqliteException e)
            {
                // The temporary folder filled up (SQLITE_FULL) or went away under the import.
                throw TemporaryFolder.ImportStopped(e);
            }

            return _insert.Changes != 0 ? null : Find(key);
        }

        public (int Line, long Tag)? Find(long key)
        {
            _find.Set("$key", key);
            if (!_find.Step())
            {
                return null;
            }

            var earlier = (_find.GetInt32(0), _find.GetInt64(1));
            _find.Reset();
            return earlier;
        }

        private void Execute(string sql)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _insert?.Dispose();
            _find?.Dispose();
            _connection?.Dispose();
            try
            {
                File.Delete(_path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The temporary folder is cleaned by the system; a key file left there holds fingerprints only.
            }
        }
    }
}
