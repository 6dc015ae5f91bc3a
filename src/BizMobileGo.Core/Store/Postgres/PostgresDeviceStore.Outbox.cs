using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Outbox;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The check-in email outbox. Each state change is one conditional UPDATE (a compare-and-set on status and
    /// claim), atomic on its own even outside a transaction: of two senders claiming one entry, the row lock makes
    /// the second re-check the condition after the first commits, and it changes nothing.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        private const string EmailColumns = @"email_id, recipient, identifier, code, queued_at, sent_at, status, attempts, last_error, server_reply,
    message_id, superseded_by, status_reason, claimed_by, claimed_until, device_key";

        public void InsertCheckInEmail(CheckInEmail email)
        {
            email.Id = (long)Scalar("INSERT INTO checkin_emails (recipient, identifier, code, queued_at, status, device_key) VALUES ($1, $2, $3, $4, 'Pending', $5) RETURNING email_id;",
                Text(email.Recipient), Text(email.Identifier), Text(email.PlainCode), Time(email.QueuedAt), Bigint(email.DeviceKey))!;
            email.Status = CheckInEmailStatus.Pending;
        }

        private const string InsertCheckInEmailsSql = @"INSERT INTO checkin_emails (recipient, identifier, code, queued_at, status, device_key)
    SELECT unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), unnest($4::timestamptz[]), 'Pending', unnest($5::bigint[])
    RETURNING email_id, identifier;";

        [MethodImpl(PerRowCode.Compile)]
        public void InsertCheckInEmails(IReadOnlyList<CheckInEmail> emails)
        {
            if (emails.Count == 0)
            {
                return;
            }

            var recipients = new string[emails.Count];
            var identifiers = new string[emails.Count];
            var codes = new string[emails.Count];
            var queuedAt = new DateTimeOffset[emails.Count];
            var deviceKeys = new long?[emails.Count];
            for (int i = 0; i < emails.Count; i++)
            {
                deviceKeys[i] = emails[i].DeviceKey;
                recipients[i] = emails[i].Recipient;
                identifiers[i] = emails[i].Identifier;
                codes[i] = emails[i].PlainCode;
                queuedAt[i] = Microseconds(emails[i].QueuedAt);
            }

            // One round trip, with the history queued since the last (.HistoryTables: the chunk's packs): the ids come from
            // the column's own identity as the rows go in, and come back. The rows come from a ProjectSet (the arrays read in
            // step, in their order; not a Function Scan that copies each array into a tuplestore first: as .Changes'
            // InsertDevicesSql), so the identity gives them ascending ids in the list's order, as the users' INSERT takes its
            // keys (the entries keep their order, oldest first). Until the thirty-ninth round the ids were taken from the
            // sequence first, and the queued history went alone: three round trips a chunk, one now (PERFORMANCE.md).
            var written = new List<(long Id, string Identifier)>(emails.Count);
            NpgsqlBatchCommand insert = BatchCommand(InsertCheckInEmailsSql,
                new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = recipients },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = identifiers },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = codes },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = queuedAt },
                NullableBigints(deviceKeys));
            RunReading(new[] { insert }, (_, reader) =>
            {
                while (reader.Read())
                {
                    written.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            });
            for (int i = 0; i < emails.Count; i++)
            {
                // The rows come back in the list's order with ascending ids; anything else is a bug here, not the user's, and
                // stops the write (the import is rolled back) rather than give an email another one's id.
                if (written.Count != emails.Count || written[i].Identifier != emails[i].Identifier || (i != 0 && written[i].Id <= written[i - 1].Id))
                {
                    throw new InvalidOperationException("The check-in emails' INSERT returned its rows out of the list's order.");
                }

                emails[i].Id = written[i].Id;
                emails[i].Status = CheckInEmailStatus.Pending;
            }

            NoteRowsAdded("checkin_emails", emails.Count);
        }

        // The identifiers fold under the "C" collation (ASCII letters only, as SQLite's NOCASE), as checkin_emails_by_folded_identifier
        // (migration 9) holds them: the pending look-ups seek it, whatever the database's locale.
        internal const string PendingOfManySql = "SELECT " + EmailColumns + @" FROM checkin_emails
    WHERE lower(identifier COLLATE ""C"") = ANY (ARRAY(SELECT lower(k COLLATE ""C"") FROM unnest($1::text[]) k)) AND status = 'Pending' ORDER BY email_id;";

        private const string FailedOfManySql = "SELECT " + EmailColumns + @" FROM checkin_emails
    WHERE status = 'Failed' AND lower(identifier COLLATE ""C"") = ANY (ARRAY(SELECT lower(k COLLATE ""C"") FROM unnest($1::text[]) k)) ORDER BY email_id;";

        public IReadOnlyList<CheckInEmail> FindCheckInEmails(IReadOnlyCollection<string> identifiers, CheckInEmailStatus status) =>
            identifiers.Count == 0 ? new List<CheckInEmail>()
                : Query(OutboxStatements.ByStatus(status, PendingOfManySql, FailedOfManySql), ReadCheckInEmail, TextArray(identifiers));

        // Both look-ups as one statement, each by its own index (the folded identifier's for Pending, the status's for Failed).
        private static readonly string UnsentOfManySql =
            $"({PendingOfManySql.TrimEnd(';')}) UNION ALL ({FailedOfManySql.TrimEnd(';')}) ORDER BY email_id;";

        public IReadOnlyList<CheckInEmail> FindUnsentCheckInEmails(IReadOnlyCollection<string> identifiers) =>
            identifiers.Count == 0 ? new List<CheckInEmail>() : Query(UnsentOfManySql, ReadCheckInEmail, TextArray(identifiers));

        public IEnumerable<CheckInEmail> GetCheckInEmails() =>
            Query($"SELECT {EmailColumns} FROM checkin_emails ORDER BY email_id;", ReadCheckInEmail);

        public CheckInEmail? GetCheckInEmail(long id) =>
            Single($"SELECT {EmailColumns} FROM checkin_emails WHERE email_id = $1;", ReadCheckInEmail, Bigint(id));

        // One constant statement a status, not a bound status: the planner sees which status each asks for (the pending
        // look-up seeks the emails by folded identifier; the Failed ones are few, the planner may find them by status).
        public IReadOnlyList<CheckInEmail> GetCheckInEmails(string identifier, CheckInEmailStatus status) =>
            Query(EmailsOfDeviceSql(status), ReadCheckInEmail, Text(identifier));

        internal const string PendingEmailsOfDeviceSql =
            "SELECT " + EmailColumns + @" FROM checkin_emails WHERE lower(identifier COLLATE ""C"") = lower($1 COLLATE ""C"") AND status = 'Pending' ORDER BY email_id;";

        private const string FailedEmailsOfDeviceSql =
            "SELECT " + EmailColumns + @" FROM checkin_emails WHERE lower(identifier COLLATE ""C"") = lower($1 COLLATE ""C"") AND status = 'Failed' ORDER BY email_id;";

        private static string EmailsOfDeviceSql(CheckInEmailStatus status) =>
            OutboxStatements.ByStatus(status, PendingEmailsOfDeviceSql, FailedEmailsOfDeviceSql);

        public IReadOnlyList<CheckInEmail> GetUnsentCheckInEmails() =>
            Query($"SELECT {EmailColumns} FROM checkin_emails WHERE status IN ('Pending', 'Sending') ORDER BY email_id;", ReadCheckInEmail);

        public bool TryClaimCheckInEmail(long id, string claimant, DateTimeOffset claimedUntil, string messageId, string? staleClaim) =>
            Run(@"UPDATE checkin_emails SET status = 'Sending', claimed_by = $2, claimed_until = $3, attempts = attempts + 1,
    message_id = coalesce(message_id, $4)
    WHERE email_id = $1 AND (status = 'Pending' OR (status = 'Sending' AND claimed_by = $5));",
                Bigint(id), Text(claimant), Time(claimedUntil), Text(messageId), Text(staleClaim)) == 1;

        public bool FinishCheckInEmailClaim(long id, string claimant, CheckInEmailStatus status, DateTimeOffset? sentAt, string? serverReply,
            string? lastError, string? statusReason, bool uncountAttempt = false) =>
            Run(@"UPDATE checkin_emails SET status = $3, sent_at = $4, server_reply = coalesce($5, server_reply),
    last_error = CASE WHEN $3 = 'Sent' THEN NULL ELSE coalesce($6, last_error) END, status_reason = $7, claimed_by = NULL, claimed_until = NULL,
    attempts = attempts - $8
    WHERE email_id = $1 AND status = 'Sending' AND claimed_by = $2;",
                Bigint(id), Text(claimant), Text(status.ToString()), Time(sentAt), Text(serverReply), Text(lastError), Text(statusReason),
                Integer(uncountAttempt ? 1 : 0)) == 1;

        public bool RequeueFailedCheckInEmail(long id) =>
            Run("UPDATE checkin_emails SET status = 'Pending', status_reason = NULL WHERE email_id = $1 AND status = 'Failed';", Bigint(id)) == 1;

        public bool MarkCheckInEmailSent(long id, DateTimeOffset sentAt, string? serverReply) =>
            Run(@"UPDATE checkin_emails SET status = 'Sent', sent_at = $2, server_reply = $3, last_error = NULL, claimed_by = NULL, claimed_until = NULL
    WHERE email_id = $1 AND status IN ('Pending', 'Sending');", Bigint(id), Time(sentAt), Text(serverReply)) == 1;

        public bool MarkCheckInEmailSentWithoutSending(long id, DateTimeOffset markedAt, string reason) =>
            Run("UPDATE checkin_emails SET status = 'Sent', sent_at = $2, status_reason = $3 WHERE email_id = $1 AND status IN ('Pending', 'Failed');",
                Bigint(id), Time(markedAt), Text(reason)) == 1;

        public bool DeleteCheckInEmail(long id, CheckInEmailStatus status) =>
            Run("DELETE FROM checkin_emails WHERE email_id = $1 AND status = $2;", Bigint(id), Text(status.ToString())) > 0;

        public void SupersedeCheckInEmail(long id, long? supersededBy, string reason) =>
            Run("UPDATE checkin_emails SET status = 'Superseded', superseded_by = $2, status_reason = $3 WHERE email_id = $1 AND status = 'Pending';",
                Bigint(id), Bigint(supersededBy), Text(reason));

        /// <summary>
        /// Every entry in one statement (one round trip), each on the same condition as <see cref="SupersedeCheckInEmail"/>.
        /// The ids are also a list (<c>= ANY</c>) so the server fetches the rows by key: with the join alone it could
        /// scan every pending entry of the outbox for each chunk.
        /// </summary>
        public void SupersedeCheckInEmails(IReadOnlyList<(long Id, long? SupersededBy, string Reason)> entries)
        {
            if (entries.Count == 0)
            {
                return;
            }

            var ids = new long[entries.Count];
            var supersededBy = new long?[entries.Count];
            var reasons = new string[entries.Count];
            for (int i = 0; i < entries.Count; i++)
            {
                (ids[i], supersededBy[i], reasons[i]) = entries[i];
            }

            Run(@"UPDATE checkin_emails e SET status = 'Superseded', superseded_by = s.superseded_by, status_reason = s.reason
    FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS s(email_id, superseded_by, reason)
    WHERE e.email_id = s.email_id AND e.email_id = ANY ($1::bigint[]) AND e.status = 'Pending';",
                new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint, Value = ids },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint, Value = supersededBy },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = reasons });
        }

        private CheckInEmail ReadCheckInEmail(NpgsqlDataReader r) => new CheckInEmail
        {
            Id = r.GetInt64(0),
            Recipient = r.GetString(1),
            Identifier = r.GetString(2),
            PlainCode = r.GetString(3),
            QueuedAt = ReadTime(r, 4),
            SentAt = NullableTime(r, 5),
            Status = (CheckInEmailStatus)Enum.Parse(typeof(CheckInEmailStatus), r.GetString(6)),
            Attempts = r.GetInt32(7),
            LastError = NullableString(r, 8),
            ServerReply = NullableString(r, 9),
            MessageId = NullableString(r, 10),
            SupersededBy = r.IsDBNull(11) ? (long?)null : r.GetInt64(11),
            StatusReason = NullableString(r, 12),
            ClaimedBy = NullableString(r, 13),
            ClaimedUntil = NullableTime(r, 14),
            DeviceKey = r.IsDBNull(15) ? (long?)null : r.GetInt64(15),
            Database = Location,
        };
    }
}
