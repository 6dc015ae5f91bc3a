using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The field changes of a created user or device: each field it has, with its value (there was none before), or a
    /// secret field that was set (<see cref="FieldChange.Hidden"/>). Kept as names and values, not as a
    /// <see cref="FieldChange"/> object a field: an import records one of these per new user and device, and they wait
    /// to be numbered and hashed across garbage collections, where every object they hold is copied again. The hash
    /// (<see cref="HistoryCanonicalForm"/>) and the SQLite pack (<see cref="ChangeEntryPack"/>) read the values as they
    /// are; anything else reads FieldChange objects made as it asks for them, equal to those a list would hold.
    /// </summary>
    public sealed class CreatedChanges : IReadOnlyList<FieldChange>
    {
        private readonly string[] _fields;

        // A field's value; null for a secret field (its value is never kept).
        private readonly string?[] _values;

        private int _count;

        internal CreatedChanges(int capacity)
        {
            _fields = new string[capacity];
            _values = new string?[capacity];
        }

        /// <summary>A field the record has; <paramref name="value"/> is not blank.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal void Add(string field, string value)
        {
            _fields[_count] = field;
            _values[_count++] = value;
        }

        /// <summary>A secret field the record has: that it was set, never its value.</summary>
        internal void AddHidden(string field)
        {
            _fields[_count] = field;
            _values[_count++] = null;
        }

        public int Count => _count;

        public FieldChange this[int index] =>
            index < 0 || index >= _count ? throw new System.ArgumentOutOfRangeException(nameof(index))
            : _values[index] is string value ? new FieldChange(_fields[index], null, value) : FieldChange.Hidden(_fields[index]);

        /// <summary>The field at <paramref name="index"/> (below <see cref="Count"/>).</summary>
        internal string FieldAt(int index) => _fields[index];

        /// <summary>The value at <paramref name="index"/>; null for a secret field.</summary>
        internal string? ValueAt(int index) => _values[index];

        public IEnumerator<FieldChange> GetEnumerator()
        {
            for (int i = 0; i < _count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
