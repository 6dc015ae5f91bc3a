using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Outbox;

namespace BizMobileGo.Core.Store
{
    /// <summary>The check-in email outbox's SQL. Each state change is one statement, so it is atomic even outside a transaction.</summary>
    public sealed partial class SqliteDeviceStore
    {
        private const string EmailColumns = @"email_id, recipient, identifier, code, queued_at, sent_at, status, attempts, last_error, server_reply,
    message_id, superseded_by, status_reason, claimed_by, claimed_until, device_key";

        public void InsertCheckInEmail(CheckInEmail email)
        {
            email.Id = Insert("INSERT INTO checkin_emails (recipient, identifier, device_key, code, queued_at, sent_at, status) VALUES ($recipient, $identifier, $device_key, $code, $queued_at, NULL, 'Pending');", c =>
            {
                Set(c, "$recipient", email.Recipient);
                Set(c, "$device_key", email.DeviceKey);
                Set(c, "$identifier", email.Identifier);
                Set(c, "$code", email.PlainCode);
                Set(c, "$queued_at", FormatTime(email.QueuedAt));
            });
            email.Status = CheckInEmailStatus.Pending;
        }

        // An import chunk's emails, many to a statement. The keys are given, not taken from SQLite one insert at a
        // time: the next is what SQLite would pick (one above the largest; an INTEGER PRIMARY KEY without
        // AUTOINCREMENT), read once inside the write transaction, where nobody else inserts.
        private static readonly (int Rows, string Sql)[] InsertEmailStatements = MultiRowStatements(
            "INSERT INTO checkin_emails (email_id, recipient, identifier, device_key, code, queued_at, sent_at, status) VALUES ", "(?, ?, ?, ?, ?, ?, NULL, 'Pending')");

        private const int InsertEmailParameters = 6;

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public void InsertCheckInEmails(IReadOnlyList<CheckInEmail> emails)
        {
            if (_transaction == null)
            {
                // Outside a transaction each entry is a write of its own, atomic on its own.
                foreach (CheckInEmail email in emails)
                {
                    InsertCheckInEmail(email);
                }

                return;
            }

            long next = NextKey("SELECT coalesce(max(email_id), 0) + 1 FROM checkin_emails;");
            RunRows(InsertEmailStatements, emails.Count, InsertEmailParameters, [MethodImpl(PerRowCode.Compile)] (c, at, row) =>
            {
                CheckInEmail email = emails[row];
                c.SetAt(at + 1, next + row);
                c.SetAt(at + 2, email.Recipient);
                c.SetAt(at + 3, email.Identifier);
                SetNumberAt(c, at + 4, email.DeviceKey);
                c.SetAt(at + 5, email.PlainCode);
                c.SetAt(at + 6, FormatTime(email.QueuedAt));
            });
            for (int row = 0; row < emails.Count; row++)
            {
                emails[row].Id = next + row;
                emails[row].Status = CheckInEmailStatus.Pending;
            }
        }

        public IEnumerable<CheckInEmail> GetCheckInEmails() =>
            Query($"SELECT {EmailColumns} FROM checkin_emails ORDER BY email_id;", null, ReadCheckInEmail);

        public CheckInEmail? GetCheckInEmail(long id)
        {
            List<CheckInEmail> found = Query($"SELECT {EmailColumns} FROM checkin_emails WHERE email_id = $id;", c => Set(c, "$id", id), ReadCheckInEmail);
            return found.Count == 0 ? null : found[0];
        }

        // One constant statement a status, not a bound status: the pending look-up seeks the emails by identifier
        // (checkin_emails_by_identifier, migration 14: a device has a few, their status is read from the rows); Failed
        // entries are few, SQLite may find them through the status index.
        public IReadOnlyList<CheckInEmail> GetCheckInEmails(string identifier, CheckInEmailStatus status) =>
            Query(EmailsOfDeviceSql(status), c => Set(c, "$identifier", identifier), ReadCheckInEmail);

        private const string PendingEmailsOfDeviceSql =
            "SELECT " + EmailColumns + " FROM checkin_emails WHERE identifier = $identifier COLLATE NOCASE AND status = 'Pending' ORDER BY email_id;";

        private const string FailedEmailsOfDeviceSql =
            "SELECT " + EmailColumns + " FROM checkin_emails WHERE identifier = $identifier COLLATE NOCASE AND status = 'Failed' ORDER BY email_id;";

        private static string EmailsOfDeviceSql(CheckInEmailStatus status) =>
            OutboxStatements.ByStatus(status, PendingEmailsOfDeviceSql, FailedEmailsOfDeviceSql);

        // An import chunk asks for the pending emails of all its devices at once (CheckInOutbox.QueueAll), almost always
        // in vain: one statement probes the index of emails by identifier once per identifier (and reads the status of
        // the few emails each has). Named, because left to itself SQLite (3.53) may read every pending email by the status
        // index and filter: an import's own emails are pending, so each chunk read all the earlier chunks' emails again,
        // and the import grew quadratic.
        private const string PendingOfManySql = "SELECT " + EmailColumns + @" FROM checkin_emails INDEXED BY checkin_emails_by_identifier
    WHERE status = 'Pending' AND identifier COLLATE NOCASE IN (SELECT value FROM json_each($keys)) ORDER BY email_id;";

        // Failed entries are few: the status index finds them, and the identifiers are matched among those.
        private const string FailedOfManySql = "SELECT " + EmailColumns + @" FROM checkin_emails INDEXED BY checkin_emails_by_status
    WHERE status = 'Failed' AND identifier COLLATE NOCASE IN (SELECT value FROM json_each($keys)) ORDER BY email_id;";

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public IReadOnlyList<CheckInEmail> FindCheckInEmails(IReadOnlyCollection<string> identifiers, CheckInEmailStatus status)
        {
            string sql = OutboxStatements.ByStatus(status, PendingOfManySql, FailedOfManySql);
            var found = new List<CheckInEmail>();
            foreach (string keys in KeyArrays(identifiers))
            {
                found.AddRange(Query(sql, c => c.Set("$keys", keys), ReadCheckInEmail));
            }

            if (found.Count > 1)
            {
                // Oldest first across the batches too.
                found.Sort((x, y) => x.Id.CompareTo(y.Id));
            }

            return found;
        }

        /// <summary>Equal as SQLite's NOCASE collation finds them: ASCII letters fold, every other character compares exactly.</summary>
        private sealed class AsciiCaseInsensitive : IEqualityComparer<string>
        {
            public static readonly AsciiCaseInsensitive Instance = new AsciiCaseInsensitive();

            [MethodImpl(PerRowCode.Compile)]
            public bool Equals(string? x, string? y)
            {
                if (x == null || y == null || x.Length != y.Length)
                {
                    return ReferenceEquals(x, y);
                }

                for (int i = 0; i < x.Length; i++)
                {
                    if (Fold(x[i]) != Fold(y[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            [MethodImpl(PerRowCode.Compile)]
            public int GetHashCode(string text)
            {
                var hash = new HashCode();
                foreach (char c in text)
                {
                    hash.Add(Fold(c));
                }

                return hash.ToHashCode();
            }

            private static char Fold(char c) => c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
        }

        public IReadOnlyList<CheckInEmail> GetUnsentCheckInEmails() =>
            Query($"SELECT {EmailColumns} FROM checkin_emails WHERE status IN ('Pending', 'Sending') ORDER BY email_id;", null, ReadCheckInEmail);

        public bool TryClaimCheckInEmail(long id, string claimant, DateTimeOffset claimedUntil, string messageId, string? staleClaim) =>
            Change(@"UPDATE checkin_emails SET status = 'Sending', claimed_by = $claimant, claimed_until = $until, attempts = attempts + 1,
    message_id = coalesce(message_id, $message_id)
    WHERE email_id = $id AND (status = 'Pending' OR (status = 'Sending' AND claimed_by = $stale));", c =>
            {
                Set(c, "$id", id);
                Set(c, "$claimant", claimant);
                Set(c, "$until", FormatTime(claimedUntil));
                Set(c, "$message_id", messageId);
                Set(c, "$stale", staleClaim);
            });

        public bool FinishCheckInEmailClaim(long id, string claimant, CheckInEmailStatus status, DateTimeOffset? sentAt, string? serverReply,
            string? lastError, string? statusReason, bool uncountAttempt = false)
        {
            return Change(@"UPDATE checkin_emails SET status = $status, sent_at = $sent_at, server_reply = coalesce($reply, server_reply),
    last_error = CASE WHEN $status = 'Sent' THEN NULL ELSE coalesce($error, last_error) END, status_reason = $reason, claimed_by = NULL, claimed_until = NULL,
    attempts = attempts - $uncount
    WHERE email_id = $id AND status = 'Sending' AND claimed_by = $claimant;", c =>
            {
                Set(c, "$id", id);
                Set(c, "$claimant", claimant);
                Set(c, "$status", status.ToString());
                Set(c, "$sent_at", sentAt.HasValue ? FormatTime(sentAt.Value) : null);
                Set(c, "$reply", serverReply);
                Set(c, "$error", lastError);
                Set(c, "$reason", statusReason);
                Set(c, "$uncount", uncountAttempt ? 1 : 0);
            });
        }

        public bool RequeueFailedCheckInEmail(long id) =>
            Change("UPDATE checkin_emails SET status = 'Pending', status_reason = NULL WHERE email_id = $id AND status = 'Failed';", c => Set(c, "$id", id));

        public bool MarkCheckInEmailSent(long id, DateTimeOffset sentAt, string? serverReply) =>
            Change(@"UPDATE checkin_emails SET status = 'Sent', sent_at = $sent_at, server_reply = $reply, last_error = NULL, claimed_by = NULL, claimed_until = NULL
    WHERE email_id = $id AND status IN ('Pending', 'Sending');", c =>
            {
                Set(c, "$id", id);
                Set(c, "$sent_at", FormatTime(sentAt));
                Set(c, "$reply", serverReply);
            });

        public bool MarkCheckInEmailSentWithoutSending(long id, DateTimeOffset markedAt, string reason) =>
            Change("UPDATE checkin_emails SET status = 'Sent', sent_at = $sent_at, status_reason = $reason WHERE email_id = $id AND status IN ('Pending', 'Failed');", c =>
            {
                Set(c, "$id", id);
                Set(c, "$sent_at", FormatTime(markedAt));
                Set(c, "$reason", reason);
            });

        private const string DeleteEmailSql = "DELETE FROM checkin_emails WHERE email_id = $id AND status = $status;";

        public bool DeleteCheckInEmail(long id, CheckInEmailStatus status)
        {
            Run(DeleteEmailSql, c =>
            {
                Set(c, "$id", id);
                Set(c, "$status", status.ToString());
            });
            return Command(DeleteEmailSql).Changes > 0;
        }

        public void SupersedeCheckInEmail(long id, long? supersededBy, string reason) =>
            Run("UPDATE checkin_emails SET status = 'Superseded', superseded_by = $by, status_reason = $reason WHERE email_id = $id AND status = 'Pending';", c =>
            {
                Set(c, "$id", id);
                Set(c, "$by", supersededBy);
                Set(c, "$reason", reason);
            });

        // An import chunk's superseded emails (a re-import's changed devices each supersede the pending email of their
        // last save), many to a statement by key. NOT INDEXED: each row is found by its key, never by scanning the
        // pending ones through the status index (an import's own emails are pending: that read would grow with the file).
        private static readonly (int Rows, string Sql)[] SupersedeEmailStatements = MultiRowStatements(
            "UPDATE checkin_emails NOT INDEXED SET status = 'Superseded', superseded_by = v.column2, status_reason = v.column3 FROM (VALUES ",
            "(?, ?, ?)",
            ") AS v WHERE checkin_emails.email_id = v.column1 AND checkin_emails.status = 'Pending'");

        private const int SupersedeEmailParameters = 3;

        /// <summary><see cref="SupersedeCheckInEmail"/> for a chunk's entries (each at most once), many to a statement inside a transaction.</summary>
        public void SupersedeCheckInEmails(IReadOnlyList<(long Id, long? SupersededBy, string Reason)> entries)
        {
            if (_transaction == null)
            {
                // Outside a transaction each entry is a write of its own, atomic on its own.
                foreach ((long id, long? supersededBy, string reason) in entries)
                {
                    SupersedeCheckInEmail(id, supersededBy, reason);
                }

                return;
            }

            RunRows(SupersedeEmailStatements, entries.Count, SupersedeEmailParameters, [MethodImpl(PerRowCode.Compile)] (c, at, row) =>
            {
                (long id, long? supersededBy, string reason) = entries[row];
                c.SetAt(at + 1, id);
                if (supersededBy is long by)
                {
                    c.SetAt(at + 2, by);
                }
                else
                {
                    c.SetAt(at + 2, (string?)null);
                }

                c.SetAt(at + 3, reason);
            });
        }

        /// <summary>Runs one UPDATE; true when it changed a row (the compare-and-set the outbox's claims rely on).</summary>
        private bool Change(string sql, Action<SqliteStatement> bind)
        {
            Run(sql, bind);
            return Command(sql).Changes == 1;
        }

        [MethodImpl(PerRowCode.Compile)]
        private CheckInEmail ReadCheckInEmail(SqliteStatement r) => new CheckInEmail
        {
            Id = r.GetInt64(0),
            Recipient = r.GetString(1),
            Identifier = r.GetString(2),
            PlainCode = r.GetString(3),
            QueuedAt = ParseTime(r.GetString(4)),
            SentAt = r.IsDBNull(5) ? (DateTimeOffset?)null : ParseTime(r.GetString(5)),
            Status = StoredName<CheckInEmailStatus>.Parse(r.GetString(6)),
            Attempts = r.GetInt32(7),
            LastError = NullableString(r, 8),
            ServerReply = NullableString(r, 9),
            MessageId = NullableString(r, 10),
            SupersededBy = r.IsDBNull(11) ? (long?)null : r.GetInt64(11),
            StatusReason = NullableString(r, 12),
            ClaimedBy = NullableString(r, 13),
            ClaimedUntil = r.IsDBNull(14) ? (DateTimeOffset?)null : ParseTime(r.GetString(14)),
            DeviceKey = r.IsDBNull(15) ? (long?)null : r.GetInt64(15),
            Database = Location,
        };
    }
}
