using System;
using System.Collections.Generic;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Import
{
    /// <summary>One import as the history page keeps it: when, who, what file, how, and what went wrong.</summary>
    public sealed class ImportHistoryEntry
    {
        public long Id { get; internal set; }
        // Times in this computer's offset, whatever the store or the clock gave (Times/ShownTime.cs).
        public DateTimeOffset StartedAt { get => _startedAt; set => _startedAt = ShownTime.Local(value); }
        public DateTimeOffset EndedAt { get => _endedAt; set => _endedAt = ShownTime.Local(value); }

        private DateTimeOffset _startedAt;
        private DateTimeOffset _endedAt;
        public string User { get; set; } = "";
        public string Source { get; set; } = "";

        /// <summary>SHA-256 of the file's bytes, lower-case hex; null for piped objects.</summary>
        public string? Sha256 { get; set; }

        public ImportMode Mode { get; set; }
        public bool Committed { get; set; }
        public int Rows { get; set; }
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int Failed { get; set; }
        public int EmailsQueued { get; set; }
        public IReadOnlyList<ImportHistoryError> Errors { get; set; } = Array.Empty<ImportHistoryError>();
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
    }
}
