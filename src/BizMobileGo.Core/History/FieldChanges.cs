using System.Collections.Generic;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The field changes of an entry read back from a store (<see cref="ChangeEntry.Changes"/>): a read-only list like any
    /// other, whose ToString() is every change on one line, "Field: old → new; Field: old → (cleared); Code: changed", as
    /// every such list of the module's objects says itself (<see cref="OneLineList{T}"/>): what Export-Csv writes for the
    /// Changes column.
    /// </summary>
    public sealed class FieldChanges : OneLineList<FieldChange>
    {
        /// <summary>Between two changes on the one line.</summary>
        public const string Separator = OneLineList.Separator;

        private FieldChanges(IReadOnlyList<FieldChange> changes)
            : base(changes)
        {
        }

        /// <summary><paramref name="changes"/> as such a list: itself when it is one already (nothing is copied either way).</summary>
        public static FieldChanges Of(IReadOnlyList<FieldChange> changes) => changes as FieldChanges ?? new FieldChanges(changes);
    }
}
