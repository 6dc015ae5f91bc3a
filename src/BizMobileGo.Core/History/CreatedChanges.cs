using System;
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
        // Each field and its value (null for a secret field: its value is never kept), in turn: one array of exactly
        // the record's fields once complete. Filled in a scratch array of the thread first, as a record's field count is
        // known only at the end, so what stays is one array sized to it (a device's 21 possible fields, 13 set or so).
        private string?[] _items;

        private int _count;

        [ThreadStatic]
        private static string?[]? _scratch;

        internal CreatedChanges(int capacity)
        {
            string?[]? scratch = _scratch;
            _scratch = null;
            _items = scratch != null && scratch.Length >= 2 * capacity ? scratch : new string?[2 * capacity];
        }

        /// <summary>A field the record has; <paramref name="value"/> is not blank.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal void Add(string field, string value)
        {
            Room();
            _items[2 * _count] = field;
            _items[2 * _count++ + 1] = value;
        }

        /// <summary>A secret field the record has: that it was set, never its value.</summary>
        internal void AddHidden(string field)
        {
            Room();
            _items[2 * _count] = field;
            _items[2 * _count++ + 1] = null;
        }

        /// <summary>
        /// Room for one more field. The capacity given is ChangeDiff's field count, so this grows only if a field was
        /// added to a diff but not to its DeviceFields/UserFields list: a created record then still records, instead of
        /// every create throwing.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private void Room()
        {
            if (2 * _count + 2 > _items.Length)
            {
                Array.Resize(ref _items, 2 * _items.Length + 2);
            }
        }

        /// <summary>Called once every field is added: keeps an array of the fields it has, and gives the scratch back.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal CreatedChanges Complete()
        {
            string?[] scratch = _items;
            _items = scratch.AsSpan(0, 2 * _count).ToArray();
            Array.Clear(scratch, 0, 2 * _count);
            _scratch = scratch;
            return this;
        }

        public int Count => _count;

        public FieldChange this[int index] =>
            index < 0 || index >= _count ? throw new System.ArgumentOutOfRangeException(nameof(index))
            : _items[2 * index + 1] is string value ? new FieldChange(_items[2 * index]!, null, value) : FieldChange.Hidden(_items[2 * index]!);

        /// <summary>The field at <paramref name="index"/> (below <see cref="Count"/>).</summary>
        internal string FieldAt(int index) => _items[2 * index]!;

        /// <summary>The value at <paramref name="index"/>; null for a secret field.</summary>
        internal string? ValueAt(int index) => _items[2 * index + 1];

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
