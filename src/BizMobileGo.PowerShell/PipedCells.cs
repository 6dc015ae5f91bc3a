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
    /// Used by Import-BmgDeviceCsv's piped rows (<see cref="ImportBmgDeviceCsvCommand"/>) and New-BmgDevice/New-BmgUser's
    /// fields (<see cref="FieldEditCmdlet"/>), which have the record itself; and by every parameter that a command with a
    /// key taking piped records (<see cref="NameNotObjectAttribute"/>: -Identifier, -UserName, -Name, -Id) binds by the name
    /// of a record's property: the key itself, and the others marked <see cref="PipedCellAttribute"/> (Get-BmgDevice's
    /// -UserName). PowerShell hands such a parameter's transformation the property's value alone, a string like any typed
    /// one. The binding of the same record by value, which sees it whole first, notes the record here
    /// (<see cref="NoteRecord"/>); the binding by name a moment later, on the same thread, recognizes a string that is one
    /// of its cells (that very instance) and reads it as a cell (<see cref="AsBound(string)"/>). A string typed or piped is never such an
    /// instance, and the note is forgotten once the record was processed (<see cref="Forget"/>).
    /// </remarks>
    internal static class PipedCells
    {
        /// <summary>
        /// Whether <paramref name="record"/>'s property values are cells (read by <see cref="Read"/>): not a string, nor one of
        /// the module's objects in any form (<see cref="ModuleObjects"/>). Select-Object's copy of one carries the object's
        /// stored values too, where an apostrophe is data (a user "'+tanaka" selected by `Get-BmgUser | Select-Object UserName`
        /// is that user, not '+tanaka').
        /// </summary>
        public static bool AreCells(PSObject? record) =>
            record != null && !(record.BaseObject is string) && ModuleObjects.FormOf(record) == ModuleObjectForm.None;

        /// <summary>A cell as a file's cell is read: one leading apostrophe of an escaped formula-looking value removed.</summary>
        public static string? Read(string? cell) => FormulaEscape.Unescape(cell);

        // The piped record (its values cells) now being bound, from its binding by value until it was processed.
        [ThreadStatic]
        private static PSObject? _record;

        /// <summary>
        /// Notes a piped record whose values are cells (<see cref="AreCells"/>) before PowerShell binds its properties by
        /// name: the binding of the record by value, which sees it whole, calls this. Only the reference is kept: the cells
        /// are looked at when a value that starts with an apostrophe is bound (<see cref="AsBound(string)"/>), so a record
        /// without one costs nothing more (an export piped to Get-BmgDevice read every cell of every row twice as slowly).
        /// </summary>
        public static void NoteRecord(PSObject record) => _record = record;

        /// <summary>
        /// A string bound to a parameter: a cell of the noted record (that very string instance) is taken without its escape,
        /// any other string as it is.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static string AsBound(string text) =>
            _record == null || text.Length < 2 || text[0] != FormulaEscape.Mark ? text : CellOrAsIs(text);

        /// <summary>As <see cref="AsBound(string)"/> for a property's value of any type: only a string can be a cell.</summary>
        public static object? AsBound(object? value) => value is string text ? AsBound(text) : value;

        private static string CellOrAsIs(string text)
        {
            foreach (PSPropertyInfo property in _record!.Properties)
            {
                // Note properties only (an Import-Csv row's, a [pscustomobject]'s): reading another object's properties runs its getters.
                if (property.MemberType == PSMemberTypes.NoteProperty && ReferenceEquals(property.Value, text))
                {
                    return Read(text)!;
                }
            }

            return text;
        }

        /// <summary>
        /// The record was processed (BmgCmdlet.ProcessRecord): it is forgotten, so no later binding (a value typed on
        /// a later command line that happens to be the same string instance) is taken for it. Kept until then, not dropped at
        /// its first use: PowerShell may hand a property's value to the transformation more than once while it binds.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Forget()
        {
            if (_record != null)
            {
                _record = null;
            }
        }
    }
}
