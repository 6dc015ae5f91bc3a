using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The field changes of an entry read back from a store (<see cref="ChangeEntry.Changes"/>): a read-only list like any
    /// other, whose ToString() is every change on one line, "Field: old → new; Field: old → (cleared); Code: changed".
    /// That is what Export-Csv and ConvertTo-Csv write for the Changes column: they write each property's .NET ToString()
    /// (a types.ps1xml ToString does not reach them), which for a plain List was its type name (walkthrough 16, 9).
    /// Enumeration, indexing, Count and ConvertTo-Json (an array of the changes) see the list as before.
    /// </summary>
    public sealed class FieldChanges : IReadOnlyList<FieldChange>
    {
        /// <summary>Between two changes on the one line.</summary>
        public const string Separator = "; ";

        private readonly IReadOnlyList<FieldChange> _changes;

        private FieldChanges(IReadOnlyList<FieldChange> changes) => _changes = changes;

        /// <summary><paramref name="changes"/> as such a list: itself when it is one already (nothing is copied either way).</summary>
        public static FieldChanges Of(IReadOnlyList<FieldChange> changes) => changes as FieldChanges ?? new FieldChanges(changes);

        public FieldChange this[int index] => _changes[index];

        public int Count => _changes.Count;

        public IEnumerator<FieldChange> GetEnumerator() => _changes.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Every change as <see cref="FieldChange.ToString"/> says it, joined by <see cref="Separator"/>: one line.</summary>
        public override string ToString()
        {
            var line = new StringBuilder();
            for (int i = 0; i < _changes.Count; i++)
            {
                if (i != 0)
                {
                    line.Append(Separator);
                }

                line.Append(_changes[i].ToString());
            }

            return line.ToString();
        }
    }
}
