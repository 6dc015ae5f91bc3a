using System.Globalization;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// One place where a device's or user's row differs from what its change history says (Test-BmgHistory -Records): a field
    /// whose value is not the one its newest entry set, a field an entry found with a value no entry had set (the row was
    /// edited by hand between two changes), or a row that is missing or that the history says was removed. A check-in code
    /// is named as set or not, never by its value.
    /// </summary>
    public sealed class RecordMismatch
    {
        public RecordMismatch(SubjectKind kind, string subject, long subjectKey, string? field, string? current, string? history, long sequence, string problem)
        {
            Kind = kind;
            Subject = subject;
            SubjectKey = subjectKey;
            Field = field;
            Current = current;
            History = history;
            Sequence = sequence;
            Problem = problem;
        }

        /// <summary>Device or User.</summary>
        public SubjectKind Kind { get; }

        /// <summary>The Identifier or UserName: the row's, or, for a missing row, the newest entry's.</summary>
        public string Subject { get; }

        /// <summary>The store's key of the device or user (an entry's DeviceKey / UserKey).</summary>
        public long SubjectKey { get; }

        /// <summary>The field that differs; null when the whole row is missing, or there though the history says it was removed.</summary>
        public string? Field { get; }

        /// <summary>The value the row has (or an entry found); null: none. A check-in code is "(set)" or null.</summary>
        public string? Current { get; }

        /// <summary>The value the history says; null: none.</summary>
        public string? History { get; }

        /// <summary>The entry that says it: the one that set the value, or the one that found another.</summary>
        public long Sequence { get; }

        /// <summary>The mismatch as a sentence, as the RecordTampered error says it.</summary>
        public string Problem { get; }

        public override string ToString() => Problem;

        /// <summary>A value as a message quotes it: 'value', or (none).</summary>
        internal static string Quoted(string? value) => value == null ? FieldChange.NoValueText : $"'{FieldText.Printable(value)}'";

        internal static string Entry(long sequence) => "entry " + sequence.ToString(CultureInfo.InvariantCulture);
    }
}
