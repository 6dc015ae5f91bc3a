using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Import
{
    /// <summary>The fields a CSV row (or a Set- cmdlet) can carry, in the order of the import vocabulary.</summary>
    public enum FieldKey
    {
        UserName,
        Name,
        EmailAddress,
        UserDescription,
        Organizations,
        Identifier,
        Template,
        Code,
        OS,
        DeviceTags,
        WifiMac,
        IMEI,
        MEID,
        UDID,
        Serial,
        ExpirationDays,
        DisplayName,
        Description,
        RegistrationEmail,
        DEPMethod,
    }

    public static class FieldKeys
    {
        /// <summary>The field named exactly <paramref name="name"/> (ignoring case, as PowerShell parameter names do).</summary>
        public static bool TryFind(string name, out FieldKey key)
        {
            foreach (string known in FieldValues.Names)
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    key = (FieldKey)Enum.Parse(typeof(FieldKey), known);
                    return true;
                }
            }

            key = default;
            return false;
        }
    }

    /// <summary>
    /// The values given for one record: null means the field was not given (an absent column, an
    /// unused parameter) and leaves it untouched; "" means given blank, which clears it.
    /// </summary>
    public sealed class FieldValues
    {
        public static readonly int Count = Enum.GetValues(typeof(FieldKey)).Length;
        public static readonly IReadOnlyList<string> Names = Enum.GetNames(typeof(FieldKey));

        private readonly string?[] _values = new string?[Count];

        // The fields whose value was typed (a bit a FieldKey): see IsTyped.
        private int _typed;

        // Names to add to and remove from a list field, by FieldKey; null until one is given (never by an import's row).
        private Fields.NameListEdit?[]? _listEdits;

        public string? this[FieldKey key]
        {
            get => _values[(int)key];
            set => _values[(int)key] = value?.Trim();
        }

        public bool IsGiven(FieldKey key) => _values[(int)key] != null;

        /// <summary>
        /// Names to add to and remove from the list field <paramref name="key"/> (Set-BmgDevice -AddDeviceTag), or null. A list
        /// field has either a whole value (<see cref="IsGiven"/>) or an edit, never both: the cmdlets' parameter sets keep them apart.
        /// </summary>
        public Fields.NameListEdit? ListEdit(FieldKey key) => _listEdits?[(int)key];

        /// <summary>Gives the names to add to and remove from the list field <paramref name="key"/> (<see cref="ListEdit"/>).</summary>
        public void SetListEdit(FieldKey key, Fields.NameListEdit edit) => (_listEdits ??= new Fields.NameListEdit?[Count])[(int)key] = edit;

        /// <summary>The field is given a value or, for a list, names to add or remove: the record's field may change.</summary>
        public bool Changes(FieldKey key) => IsGiven(key) || ListEdit(key) != null;

        public bool IsBlank(FieldKey key) => _values[(int)key]?.Length == 0;

        /// <summary>The value when given and not blank, else null.</summary>
        public string? NonBlank(FieldKey key)
        {
            string? value = _values[(int)key];
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>
        /// The field's value was typed as a command's parameter (Set-BmgDevice -DisplayName 7, New-BmgUser 123), not read from
        /// a file's row or a piped record (the default). A warning that a value may have lost what a spreadsheet dropped
        /// (<see cref="LeadingZeros"/>) then asks to check the value typed, not how the file was opened: no file was involved.
        /// </summary>
        public bool IsTyped(FieldKey key) => (_typed & (1 << (int)key)) != 0;

        /// <summary>Marks the field's value as typed (<see cref="IsTyped"/>).</summary>
        public void MarkTyped(FieldKey key) => _typed |= 1 << (int)key;

        public void Clear()
        {
            Array.Clear(_values, 0, _values.Length);
            _typed = 0;
            _listEdits = null;
        }
    }
}
