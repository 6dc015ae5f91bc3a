using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Objects piped to Import-BmgDeviceCsv (Import-Csv output, [pscustomobject]s, hashtables, the module's own
    /// objects) read as the import's rows: their property names are the header, their values the cells. A header is
    /// parsed once for each list of names, not once an object.
    /// </summary>
    internal sealed class PipedImportRows
    {
        private readonly Dictionary<string, ImportHeader> _headersBySignature = new Dictionary<string, ImportHeader>(StringComparer.Ordinal);

        /// <summary>
        /// A Device, User or DeviceDepLink of this module, live or read back (<see cref="ModuleObjects"/>): its values are
        /// stored values (an apostrophe is data, not an export's formula escape), and its properties that are not columns
        /// are left out. Select-Object's copy holds the properties the user chose: each is a column, or a header error.
        /// </summary>
        public static bool IsModuleObject(PSObject input) =>
            ModuleObjects.FormOf(input, out string? type) is ModuleObjectForm.Live or ModuleObjectForm.ReadBack
            && Array.Exists(ImportedTypes, imported => imported.FullName == type);

        private static readonly Type[] ImportedTypes = { typeof(Device), typeof(User), typeof(DeviceDepLink) };

        /// <summary>The row's cell of the column <paramref name="field"/> (names as <see cref="ReadRow"/> gives them), trimmed; null when it has none.</summary>
        public static string? Cell(List<string> names, List<string?> cells, FieldKey field)
        {
            int column = names.IndexOf(field.ToString());
            return column < 0 ? null : cells[column]?.Trim();
        }

        /// <summary>A piped row's names and values, alternating, so its failed-rows line can be written under any header.</summary>
        public static List<string?> NamedCells(List<string> names, List<string?> cells)
        {
            var named = new List<string?>(names.Count * 2);
            for (int i = 0; i < names.Count; i++)
            {
                named.Add(names[i]);
                named.Add(cells[i]);
            }

            return named;
        }

        /// <summary>
        /// A piped object as a row: a hashtable's keys, else the object's property names, matched to the columns
        /// ignoring case as PowerShell matches property names (depmethod is DEPMethod). The module's own objects
        /// also carry properties that are not columns (State, CreatedAt, DepDevice...): those are left out, so
        /// Get-BmgDevice output imports as it is. Any other object's unknown names are header errors.
        /// </summary>
        /// <returns>
        /// The row's error when a field holds an object rather than a value (<see cref="ObjectTypeName"/>): the first such
        /// field; null when every field holds text, a number, a date or a list of them.
        /// </returns>
        public static RecordError? ReadRow(PSObject input, List<string> names, List<string?> cells)
        {
            RecordError? objectValue = null;
            if (input.BaseObject is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    Add(ColumnName(entry.Key?.ToString() ?? ""), entry.Value);
                }

                return objectValue;
            }

            bool moduleObject = IsModuleObject(input);
            foreach (PSPropertyInfo property in input.Properties)
            {
                string name = ColumnName(property.Name);
                if (moduleObject && !FieldKeys.TryFind(name, out _))
                {
                    continue;
                }

                Add(name, ValueOf(property));
            }

            return objectValue;

            void Add(string name, object? value)
            {
                names.Add(name);
                cells.Add(CellText(value));
                if (objectValue == null && name == FieldNames.Code && IsHiddenCodeAsJson(value))
                {
                    objectValue = RecordError.HiddenCode();
                }
                else if (objectValue == null && ObjectTypeName(value) is string typeName)
                {
                    objectValue = RecordError.ObjectNotValue(name, typeName);
                }
            }
        }

        /// <summary>
        /// Whether a Code value is what ConvertTo-Json wrote for a hidden code, read back: an empty object (a HiddenCode has
        /// no public property), or one whose one property is Length, a number (a round-32 build's SecureString), each as
        /// ConvertFrom-Json's PSCustomObject or -AsHashtable's dictionary. Import-Clixml's copy of a HiddenCode is such an
        /// empty object too.
        /// </summary>
        private static bool IsHiddenCodeAsJson(object? value)
        {
            object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (bare is IDictionary dictionary)
            {
                switch (dictionary.Count)
                {
                    case 0:
                        return true;
                    case 1:
                        foreach (DictionaryEntry entry in dictionary)
                        {
                            return IsLength(entry.Key?.ToString(), entry.Value);
                        }

                        break;
                }

                return false;
            }

            if (bare is PSCustomObject && value is PSObject custom)
            {
                PSPropertyInfo? only = null;
                foreach (PSPropertyInfo property in custom.Properties)
                {
                    if (only != null)
                    {
                        return false;
                    }

                    only = property;
                }

                return only == null || IsLength(only.Name, ValueOf(only));
            }

            return false;

            static bool IsLength(string? name, object? length) =>
                string.Equals(name, nameof(SecureString.Length), StringComparison.OrdinalIgnoreCase)
                && (length is PSObject wrappedLength ? wrappedLength.BaseObject : length) is int or long;
        }

        private static string ColumnName(string propertyName) =>
            FieldKeys.TryFind(propertyName.Trim(), out FieldKey key) ? key.ToString() : propertyName;

        private static object? ValueOf(PSPropertyInfo property)
        {
            try
            {
                return property.Value;
            }
            catch (GetValueException)
            {
                return null;
            }
        }

        /// <summary>
        /// The type of <paramref name="value"/> when it is an object no cell can hold, else null: a [pscustomobject] (also
        /// ConvertFrom-Json's nested field, and one Import-Clixml read back as such) or a hashtable, alone or in a list.
        /// Their text would be PowerShell's display form ("@{site=Tokyo}"), stored as if it were the value (review30b, 3).
        /// An object Import-Clixml read back from another type (a DateTimeOffset, a FileInfo) keeps the text it was
        /// written as, as a live one of that type gives its own: both stay values.
        /// </summary>
        internal static string? ObjectTypeName(object? value)
        {
            switch (value)
            {
                case null:
                case string:
                    return null;
                case PSObject wrapped when wrapped.BaseObject is PSCustomObject:
                    string typeName = wrapped.TypeNames.Count > 0 ? wrapped.TypeNames[0] : typeof(PSCustomObject).FullName!;
                    return typeName.StartsWith(Deserialized, StringComparison.Ordinal)
                        && !typeName.EndsWith(typeof(PSCustomObject).FullName!, StringComparison.Ordinal)
                        ? null
                        : typeName;
                case PSObject wrapped:
                    return ObjectTypeName(wrapped.BaseObject);
                case IDictionary:
                    return value.GetType().FullName;
                case IEnumerable list:
                    foreach (object? item in list)
                    {
                        if (ObjectTypeName(item) is string itemType)
                        {
                            return itemType;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private const string Deserialized = "Deserialized.";

        /// <summary>
        /// A property's value as the import's cell: a list's items joined by '|' (the import's list cell, DeviceTags), any
        /// hidden code (a Device's Code, or a SecureString) as the code it holds, as the -Code parameters take it (CodeArgumentAttribute), any
        /// other value as PowerShell binds it to a string parameter, so a piped object's field reads here as New-BmgDevice
        /// reads the same object's (its -DEPMethod is a string, bound by property name). That keeps a PSObject whole: a
        /// value read back by Import-Clixml is its number wrapped with the text it was written as ("Serial" for the
        /// DepMethod 0), and LanguagePrimitives gives that text, where its base object gave "0" (walkthrough 30, 2: every
        /// DEP device of a restored backup was refused, "DEPMethod value '0' is not valid").
        /// </summary>
        private static string? CellText(object? value)
        {
            return value switch
            {
                null => "",
                PSObject wrapped when wrapped.BaseObject is string s => s,
                _ when CodeArgumentAttribute.TryReveal(value, out string? code) => code,
                PSObject wrapped when wrapped.BaseObject is IEnumerable list => CellText(list),
                string s => s,
                IEnumerable list => string.Join("|", ToStrings(list)),
                _ => LanguagePrimitives.ConvertTo<string>(value),
            };
        }

        private static IEnumerable<string> ToStrings(IEnumerable list)
        {
            foreach (object? item in list)
            {
                yield return LanguagePrimitives.ConvertTo<string>(item) ?? "";
            }
        }

        public ImportHeader HeaderFor(List<string> names, int line)
        {
            string signature = string.Join("\u001f", names);
            if (!_headersBySignature.TryGetValue(signature, out ImportHeader? header))
            {
                header = ImportHeader.Parse(names, line, "properties of the piped object");
                _headersBySignature.Add(signature, header);
            }

            return header;
        }
    }
}
