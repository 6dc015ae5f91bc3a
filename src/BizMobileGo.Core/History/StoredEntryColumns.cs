using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The columns of a stored entry that are text with a form of their own (its time, subject kind, action and change
    /// list), read as every store reads them. A value edited by hand into another form is a <see cref="FormatException"/>
    /// whose message names the column in the module's words ("its time (at) '…' is not a time as the history writes
    /// them"), never .NET's parser text: the store turns it into an unreadable entry, and Test-BmgHistory's reason says it.
    /// </summary>
    public static class StoredEntryColumns
    {
        /// <summary>A history time (<see cref="HistoryTime.ToText"/>'s form); the value is a time, so it may be shown.</summary>
        public static DateTimeOffset At(string text) =>
            HistoryTime.TryParse(text, out DateTimeOffset at) ? HistoryTime.Normalize(at)
            : throw new HistoryFormatException($"its time (at) '{text}' is not a time as the history writes them (such as 2026-12-03T08:16:00.220218Z)");

        public static SubjectKind Kind(string text) =>
            EnumText.TryParseName(text, out SubjectKind kind) ? kind
            : throw new HistoryFormatException($"its subject kind (subject_kind) '{text}' is none of {string.Join(", ", Enum.GetNames(typeof(SubjectKind)))}");

        /// <summary>
        /// One member's name, exactly: a list ('Created,Changed', which Enum.Parse reads as the members' numbers added, so as
        /// Removed) or a number is an action the history never wrote, so the entry is unreadable, not read as another action.
        /// </summary>
        public static ChangeAction Action(string text) =>
            EnumText.TryParseName(text, out ChangeAction action) ? action
            : throw new HistoryFormatException($"its action (action) '{text}' is none of {string.Join(", ", Enum.GetNames(typeof(ChangeAction)))}");

        /// <summary>
        /// The change list (<see cref="ChangeListText"/>). Its text is not shown: it is long, and what it no longer reads as
        /// is said instead.
        /// </summary>
        public static IReadOnlyList<FieldChange> Changes(string text)
        {
            try
            {
                return ChangeListText.Read(text);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new HistoryFormatException("its changes (changes) no longer read as a list of field changes", e);
            }
        }
    }
}
