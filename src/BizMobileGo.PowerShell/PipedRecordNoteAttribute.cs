using System;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The binding by value of a command whose key takes a piped record's property by name alone (Export-BmgDeviceCsv's
    /// -Identifier beside its -InputObject of Devices, Get-BmgCheckInEmail's -Identifier): PowerShell hands this parameter the
    /// piped object whole before it binds the key by name, so this notes the object as a key's
    /// <see cref="NameNotObjectAttribute"/> does: its store (<see cref="PipedStores"/>, PipedFromOtherStore) and, for a record
    /// of cells (an Import-Csv row of an export), the record (<see cref="PipedCells"/>), whose key marked
    /// <see cref="PipedCellAttribute"/> is then read as an export's cell. The object is handed on as it is.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class PipedRecordNoteAttribute : ArgumentTransformationAttribute
    {
        /// <summary>
        /// Hands on an object that has the key property as null (<see cref="HandOn"/> false): it binds this parameter with
        /// nothing, cheaply, where a value of another type than the parameter's would fail its conversion, an exception a
        /// piped object (Get-BmgCheckInEmail's hidden -InputObject: 10,000 piped Devices took four times the CPU). Anything
        /// else (a string, an object without the key property) is handed on as it is, so it binds, or fails to, as before.
        /// </summary>
        public bool HandOn { get; set; } = true;

        /// <summary>The key property a noted object has (Identifier): only such an object is bound with nothing.</summary>
        public string Key { get; set; } = "Identifier";

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData == null || inputData is string)
            {
                return inputData;
            }

            PSObject record = PSObject.AsPSObject(inputData);
            PipedStores.Hold(record);
            if (PipedCells.AreCells(record))
            {
                PipedCells.NoteRecord(record);
            }

            return HandOn || record.Properties[Key] == null ? inputData : null;
        }
    }
}
