using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Import
{
    /// <summary>One import as the history page keeps it: when, who, what file, how, and what went wrong.</summary>
    public sealed class ImportHistoryEntry : Store.IReadFromStore
    {
        public long Id { get; internal set; }

        /// <summary>The store whose import this was (<see cref="Store.IReadFromStore"/>): Ids are per store.</summary>
        public string? Database { get; set; }

        // Times in this computer's offset, whatever the store or the clock gave (Times/ShownTime.cs).
        public DateTimeOffset StartedAt { get => _startedAt; set => _startedAt = ShownTime.Local(value); }
        public DateTimeOffset EndedAt { get => _endedAt; set => _endedAt = ShownTime.Local(value); }

        private DateTimeOffset _startedAt;
        private DateTimeOffset _endedAt;
        public string User { get; set; } = "";

        /// <summary>The computer the import ran on (as a change history entry's Host); "" for an import recorded before hosts were.</summary>
        public string Host { get; set; } = "";

        /// <summary>
        /// Who the calling service said the import was made for (-ChangedBy, as its change entries record it); "" for none,
        /// and for an import recorded before the import history kept it (SQLite store version 23, PostgreSQL 19, or older).
        /// </summary>
        public string ChangedBy { get; set; } = "";

        public string Source { get; set; } = "";

        /// <summary>SHA-256 of the file's bytes, lower-case hex; null for piped objects.</summary>
        public string? Sha256 { get; set; }

        /// <summary>
        /// Where the import wrote its failed rows (-FailedRowsPath, the full path), when it had failed rows to write: that file
        /// holds them verbatim, check-in codes too, so a store that must forget can find it (walkthrough 32, 6). Null: none
        /// written, or an import recorded before this was kept.
        /// </summary>
        public string? FailedRowsPath { get; set; }

        public ImportMode Mode { get; set; } = ImportMode.AllOrNothing;
        public bool Committed { get; set; }

        /// <summary>How the import ended, as an admin reading the history the next morning asks it: see <see cref="ImportStatus"/>.</summary>
        public ImportStatus Status
        {
            get
            {
                if (Committed)
                {
                    return ImportStatus.Committed;
                }

                // A stop is recorded with an ImportStopped error; one recorded before that has no error at all (a refused
                // import has its rows' errors, a failed one the file's or the store's).
                if (Errors.Count == 0 || Errors.Any(error => error.ErrorId == ErrorIds.ImportStopped))
                {
                    return ImportStatus.Stopped;
                }

                return Mode == ImportMode.AllOrNothing && Failed > 0 ? ImportStatus.Refused : ImportStatus.Failed;
            }
        }

        public int Rows { get; set; }

        /// <summary>Users and devices written: 0 unless <see cref="Committed"/> (a refused or stopped import wrote nothing).</summary>
        public int Created => Committed ? PlannedCreated : 0;

        public int Updated => Committed ? PlannedUpdated : 0;

        public int Unchanged => Committed ? PlannedUnchanged : 0;

        /// <summary>
        /// Users and devices the import created or updated (<see cref="Created"/> + <see cref="Updated"/>): what tells a first
        /// import from a rerun that changed nothing, whose Rows are the same (walkthrough 26, finding 6); the table's column.
        /// </summary>
        public int Changed => Created + Updated;

        public int Failed { get; set; }

        public int EmailsQueued => Committed ? PlannedEmailsQueued : 0;

        // The counts the import worked out for its rows, as the store keeps them: for a committed import what it wrote, for
        // one refused what it would have written, for one stopped what it had reached. Created, Updated, Unchanged and
        // EmailsQueued show them only when they were written, so no uncommitted entry claims rows it never wrote.
        public int PlannedCreated { get; set; }

        public int PlannedUpdated { get; set; }

        public int PlannedUnchanged { get; set; }

        public int PlannedEmailsQueued { get; set; }

        /// <summary>
        /// Users the import created and users the store had whose values it changed (the import summary's UsersCreated and
        /// UsersUpdated): 0 unless <see cref="Committed"/>, as <see cref="Created"/>. Null for an import recorded before the
        /// history kept them (SQLite store version 17, PostgreSQL 13, or older): unknown, not none.
        /// </summary>
        public int? UsersCreated => Committed || PlannedUsersCreated is null ? PlannedUsersCreated : 0;

        public int? UsersUpdated => Committed || PlannedUsersUpdated is null ? PlannedUsersUpdated : 0;

        /// <summary>What the import worked out for its users, as the Planned counts above; null when not recorded.</summary>
        public int? PlannedUsersCreated { get; set; }

        public int? PlannedUsersUpdated { get; set; }

        /// <summary>
        /// What went wrong, in order; on one line as its ToString() (<see cref="OneLineList{T}"/>), so Export-Csv of the history
        /// writes the errors, not a type name (walkthrough 30, finding 6).
        /// </summary>
        public IReadOnlyList<ImportHistoryError> Errors { get => _errors; set => _errors = OneLineList.Of(value); }

        private IReadOnlyList<ImportHistoryError> _errors = OneLineList.Of(Array.Empty<ImportHistoryError>());

        /// <summary>
        /// "#8 hr-export.csv": the Id Get-BmgImportHistory takes, and the file an admin knows the import by (a number alone
        /// says nothing in "Failed: $entry"; walkthrough 25, finding 2).
        /// </summary>
        public override string ToString() => "#" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + FieldText.Printable(Source);
    }

    /// <summary>How an import ended.</summary>
    public enum ImportStatus
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        /// <summary>Its rows were written (with -SkipInvalidRows, its valid rows).</summary>
        Committed = 1,

        /// <summary>Rows failed and the import was all-or-nothing: nothing was written; its Errors list the rows.</summary>
        Refused,

        /// <summary>Stopped (Ctrl+C or a host's PowerShell.Stop(), an error under -ErrorAction Stop, a warning under -WarningAction Stop, or under Inquire answered Halt) before it was committed: nothing was written.</summary>
        Stopped,

        /// <summary>The file could not be read, or the store failed: nothing was written; its Errors say why.</summary>
        Failed,
    }

    public sealed class ImportHistoryError
    {
        public ImportHistoryError(int line, string? identifier, string? userName, string errorId, string message)
        {
            // The history keeps what a person can read, not a whole hostile cell: every text is capped.
            Line = line;
            Identifier = identifier == null ? null : MessageText.Value(identifier);
            UserName = userName == null ? null : MessageText.Value(userName);
            ErrorId = MessageText.Value(errorId);
            Message = MessageText.Capped(message);
        }

        public int Line { get; }
        public string? Identifier { get; }
        public string? UserName { get; }
        public string ErrorId { get; }
        public string Message { get; }

        /// <summary>
        /// "Line 3: message", the line said once (a row's message names its line already, and the reader's "line 3 is not
        /// valid UTF-8" is only capitalized: not "Line 3: line 3 …", walkthrough 26, 7); a line-0 error as it is.
        /// </summary>
        public override string ToString()
        {
            if (Line <= 0)
            {
                return Message;
            }

            string ownLine = "line " + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ";
            return Message.StartsWith(ownLine, StringComparison.Ordinal)
                ? "L" + Message.Substring(1)
                : SourceLine.Prefix(Line, null) + SourceLine.WithoutPrefix(Message, Line);
        }
    }
}
