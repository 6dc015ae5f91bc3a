using System;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The binding by value of a command whose key takes a piped record's property by name alone (Export-BmgDeviceCsv's
    /// -Identifier beside its -InputObject of Devices): PowerShell hands this parameter the piped object whole before it
    /// binds the key by name, so this notes the object as a key's <see cref="NameNotObjectAttribute"/> does: its store
    /// (<see cref="PipedStores"/>, PipedFromOtherStore) and, for a record of cells (an Import-Csv row of an export), the
    /// record (<see cref="PipedCells"/>), whose key marked <see cref="PipedCellAttribute"/> is then read as an export's
    /// cell. The object is handed on as it is, so it binds, or fails to, as before.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class PipedRecordNoteAttribute : ArgumentTransformationAttribute
    {
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

            return inputData;
        }
    }
}
