using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Export;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The one rule for a value a cmdlet takes from a piped record's property: a record that is not one of the module's own
    /// objects (an Import-Csv row, a [pscustomobject]) holds cells, as a file's row does, so the formula escape of an export
    /// is removed from it (<see cref="FormulaEscape.Unescape"/>, the rule Import-BmgDeviceCsv reads a file's cells by). Then
    /// `Import-Csv export.csv | New-BmgDevice` stores '+81-3-…' and not "'+81-3-…", and `| Remove-BmgDevice` finds the device
    /// '-ipad1' that the export wrote as "'-ipad1" (walkthrough 28, finding 8). The module's own objects (a Device, also read
    /// back by Import-Clixml) carry stored values, where an apostrophe is data; a value typed on the command line is taken as
    /// typed; a piped string is a name as it is.
    /// </summary>
    /// <remarks>
    /// Used by Import-BmgDeviceCsv's piped rows (<see cref="ImportBmgDeviceCsvCommand"/>), New-BmgDevice/New-BmgUser's field
    /// parameters (<see cref="FieldEditCmdlet"/>), and every key parameter that takes piped records by the name of its
    /// property (<see cref="NameNotObjectAttribute"/>: -Identifier, -UserName, -Name, -Id, -SerialNumber). Those keys bind by
    /// property name, where PowerShell hands the transformation the property's value alone: the binding of the same record
    /// by value, which sees the whole record first, notes the key's text here (<see cref="NoteKey"/>), and the key's binding
    /// a moment later, on the same thread, recognizes that very string (by reference) and takes it without the escape
    /// (<see cref="KeyAsBound"/>); a string typed or piped is never that instance, and the note is forgotten once the record
    /// was processed (<see cref="Forget"/>).
    /// </remarks>
    internal static class PipedCells
    {
        /// <summary>Whether <paramref name="record"/>'s property values are cells (read by <see cref="Read"/>): not a string, nor the module's own object.</summary>
        public static bool AreCells(PSObject? record) =>
            record != null && !(record.BaseObject is string) && !PipedRecordFields.IsModuleObject(record);

        /// <summary>A cell as a file's cell is read: one leading apostrophe of an escaped formula-looking value removed.</summary>
        public static string? Read(string? cell) => FormulaEscape.Unescape(cell);

        // The key text of the record now being bound whose escape Read removes, and the text it binds as instead.
        [ThreadStatic]
        private static string? _escapedKey;

        [ThreadStatic]
        private static string? _keyAsBound;

        /// <summary>
        /// Notes the value of a piped record's key property (the record's cells: <see cref="AreCells"/>) before PowerShell binds
        /// it by name; returns the value as it will be bound (without the escape), which is what the command sees as its key.
        /// </summary>
        public static object? NoteKey(object? keyValue)
        {
            _escapedKey = null;
            _keyAsBound = null;
            if (keyValue is string text && Read(text) is string unescaped && !ReferenceEquals(unescaped, text))
            {
                _escapedKey = text;
                _keyAsBound = unescaped;
                return unescaped;
            }

            return keyValue;
        }

        /// <summary>A string bound to a key parameter: the noted key of the record being bound is taken without its escape, any other as it is.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static string KeyAsBound(string text) => _escapedKey != null && ReferenceEquals(text, _escapedKey) ? _keyAsBound! : text;

        /// <summary>
        /// The record was processed (BmgCmdlet.ProcessRecord): its noted key is forgotten, so no later binding (a value typed on
        /// a later command line that happens to be the same string instance) is taken for it. Kept until then, not dropped at
        /// its first use: PowerShell may hand a property's value to the transformation more than once while it binds.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Forget()
        {
            if (_escapedKey != null)
            {
                _escapedKey = null;
                _keyAsBound = null;
            }
        }
    }
}
