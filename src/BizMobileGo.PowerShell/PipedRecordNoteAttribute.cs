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
    /// cell. The object is handed on as it is, so it binds, or fails to, as before; a piped file or folder is refused as
    /// <see cref="PipedFile"/> says (a store file, counted: <see cref="StoreFilesRefused"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class PipedRecordNoteAttribute : ArgumentTransformationAttribute
    {
        /// <summary>
        /// The BizMobileGo store files piped and refused on this thread so far: the command compares the count at its end with
        /// the count at its start (PowerShell binds a command's piped objects on the thread that runs it).
        /// </summary>
        [ThreadStatic]
        internal static int StoreFilesRefused;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData == null || inputData is string)
            {
                return inputData;
            }

            PSObject record = PSObject.AsPSObject(inputData);
            if (PipedFile.Is(record))
            {
                // `Get-ChildItem acme.db | Export-BmgDeviceCsv out.csv` met PowerShell's "cannot be bound" and wrote a header alone
                // (left30a): refused as a file piped to a name is, and a store counted, so that the export writes no file.
                if (PipedFile.StoreAdvice(record, null) != null)
                {
                    StoreFilesRefused++;
                }

                throw new ArgumentTransformationMetadataException(PipedFile.Refusal(record, "InputObject", new[] { typeof(Core.Devices.Device) }, null));
            }

            PipedStores.Hold(record);
            if (PipedCells.AreCells(record))
            {
                PipedCells.NoteRecord(record);
            }

            return inputData;
        }
    }
}
