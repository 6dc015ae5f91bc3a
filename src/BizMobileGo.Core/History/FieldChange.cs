using System;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// One field of one change entry: its value before and after. Null is "no value": a null
    /// <see cref="NewValue"/> after a value is a cleared field. A secret (the check-in code) is recorded as
    /// changed with neither value (<see cref="ValueHidden"/>), so history never holds a code.
    /// </summary>
    public sealed class FieldChange
    {
        public FieldChange(string field, string? oldValue, string? newValue)
        {
            Field = field;
            OldValue = string.IsNullOrEmpty(oldValue) ? null : oldValue;
            NewValue = string.IsNullOrEmpty(newValue) ? null : newValue;
        }

        private FieldChange(string field)
        {
            Field = field;
            ValueHidden = true;
        }

        /// <summary>A change of a secret field: that it changed, never from what or to what.</summary>
        public static FieldChange Hidden(string field) => new FieldChange(field);

        public string Field { get; }

        public string? OldValue { get; }

        public string? NewValue { get; }

        /// <summary>True for a secret field (the check-in code): both values are null and stay unknown.</summary>
        public bool ValueHidden { get; }

        public bool IsCleared => !ValueHidden && OldValue != null && NewValue == null;

        public const string ChangedText = "changed";
        public const string NoValueText = "(none)";
        public const string ClearedText = "(cleared)";

        /// <summary>"Field: old → new", "Field: old → (cleared)", "Field: (none) → new", or "Code: changed".</summary>
        public override string ToString()
        {
            if (ValueHidden)
            {
                return $"{Field}: {ChangedText}";
            }

            string before = OldValue == null ? NoValueText : Shown(OldValue);
            string after = NewValue == null ? ClearedText : Shown(NewValue);
            if (OldValue == null && NewValue == null)
            {
                after = NoValueText;
            }

            return $"{Field}: {before} \u2192 {after}";
        }

        // A time is kept (and hashed) as UTC text to the microsecond, but shown as the module shows every time, local with
        // its offset, so "WithdrawnAt: (none) → 2026-12-02 16:39:06 +09:00" reads like the entry's At beside it.
        private string Shown(string value) =>
            HistoryTime.IsTimeField(Field) && HistoryTime.TryParse(value, out DateTimeOffset time) ? ShownTime.ToText(time) : Quoted(FieldText.Printable(value));

        /// <summary>
        /// A value that could be read as the text's own structure ("; " between changes, ": " after a field, the arrow, the
        /// words "(none)", "(cleared)", "changed", or spaces at either end) in double quotes, a quote in it doubled, as CSV
        /// quotes a cell (walkthrough 35, 5): a Description of 'ok; Code: changed; UserName: kato → yamada' read in an export as
        /// three changes, a check-in code change and a reassignment among them that never happened. Other values are as they are.
        /// </summary>
        internal static string Quoted(string value) =>
            value.Contains("; ", StringComparison.Ordinal) || value.Contains(": ", StringComparison.Ordinal) || value.Contains('\u2192')
            || value.StartsWith('"') || value.Length != value.Trim().Length || value == NoValueText || value == ClearedText || value == ChangedText
                ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : value;
    }
}
