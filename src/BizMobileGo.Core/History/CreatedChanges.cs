using System;
using System.Collections;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The field changes of a created user or device: each field it has, with its value (there was none before), or a
    /// secret field that was set (<see cref="FieldChange.Hidden"/>). Kept as field codes and values, not as a
    /// <see cref="FieldChange"/> object a field: an import records one of these per new user and device, and they wait
    /// to be numbered and hashed across garbage collections, where every object they hold is copied again. The hash
    /// (<see cref="HistoryCanonicalForm"/>) and the SQLite pack (<see cref="ChangeEntryPack"/>) read the codes and values as
    /// they are; anything else reads FieldChange objects made as it asks for them, equal to those a list would hold.
    /// </summary>
    public sealed class CreatedChanges : IReadOnlyList<FieldChange>
    {
        // Each field's value (null for a secret field: its value is never kept), in order: one array of exactly the
        // record's fields once complete. Filled in a scratch array of the thread first, as a record's field count is
        // known only at the end, so what stays is one array sized to it (a device's 21 possible fields, 13 set or so).
        private string?[] _values;

        // Which fields they are: their codes (places in ChangeEntryPack.FieldCodes) as bits, as ChangeDiff names fields in
        // the codes' order. A field without a code, or one out of that order, keeps every field's name instead (_names),
        // so a change list stays exactly as given.
        private ulong _codes;
        private int _lastCode = -1;
        private string[]? _names;

        private int _count;

        [ThreadStatic]
        private static string?[]? _scratch;

        private static readonly string[] FieldCodes = ChangeEntryPack.FieldCodes;

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal CreatedChanges(int capacity)
        {
            string?[]? scratch = _scratch;
            _scratch = null;
            _values = scratch != null && scratch.Length >= capacity ? scratch : new string?[capacity];
        }

        /// <summary>A field the record has; <paramref name="value"/> is not blank.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal void Add(string field, string value) => Put(field, value);

        /// <summary>A secret field the record has: that it was set, never its value.</summary>
        internal void AddHidden(string field) => Put(field, null);

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private void Put(string field, string? value)
        {
            if (_count == _values.Length)
            {
                // The capacity given is ChangeDiff's field count, so this grows only if a field was added to a diff but
                // not to its DeviceFields/UserFields list: a created record then still records, instead of every create throwing.
                Array.Resize(ref _values, 2 * _values.Length + 1);
            }

            if (_names == null)
            {
                int code = CodeAfter(FieldCodes, field, _lastCode);
                if (code >= 0)
                {
                    _codes |= 1UL << code;
                    _lastCode = code;
                }
                else
                {
                    var names = new string[_values.Length];
                    for (int i = 0; i < _count; i++)
                    {
                        names[i] = FieldAt(i);
                    }

                    _names = names;
                }
            }

            if (_names != null)
            {
                if (_names.Length <= _count)
                {
                    Array.Resize(ref _names, _values.Length);
                }

                _names[_count] = field;
            }

            _values[_count++] = value;
        }

        /// <summary>
        /// The code of <paramref name="field"/> in <paramref name="codes"/> when it is above <paramref name="after"/> and
        /// fits a bit of <see cref="Codes"/> (below 64), else -1: a field with a code of 64 or more (were the codes ever to
        /// grow that far) is kept by name, not wrapped onto another field's bit.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static int CodeAfter(string[] codes, string field, int after)
        {
            int code = ChangeEntryPack.FieldCode(codes, field, after + 1);
            return code < CodeBits ? code : -1;
        }

        private const int CodeBits = 64;

        /// <summary>Called once every field is added: keeps an array of the fields it has, and gives the scratch back.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal CreatedChanges Complete()
        {
            string?[] scratch = _values;
            _values = scratch.AsSpan(0, _count).ToArray();
            Array.Clear(scratch, 0, _count);
            _scratch = scratch;
            if (_names != null && _names.Length != _count)
            {
                Array.Resize(ref _names, _count);
            }

            return this;
        }

        public int Count
        {
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            get => _count;
        }

        public FieldChange this[int index] =>
            index < 0 || index >= _count ? throw new System.ArgumentOutOfRangeException(nameof(index))
            : _values[index] is string value ? new FieldChange(FieldAt(index), null, value) : FieldChange.Hidden(FieldAt(index));

        /// <summary>
        /// The fields' codes (places in <see cref="ChangeEntryPack.FieldCodes"/>) as bits, lowest first in the fields'
        /// order; 0 when the fields are kept by name (<see cref="FieldAt"/>). What the hash and the pack read.
        /// </summary>
        internal ulong Codes => _names == null ? _codes : 0;

        /// <summary>The field at <paramref name="index"/> (below <see cref="Count"/>).</summary>
        internal string FieldAt(int index)
        {
            if (_names != null)
            {
                return _names[index];
            }

            ulong codes = _codes;
            for (int i = 0; i < index; i++)
            {
                codes &= codes - 1;
            }

            return FieldCodes[BitOperations.TrailingZeroCount(codes)];
        }

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
