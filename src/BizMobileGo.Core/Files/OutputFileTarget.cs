using System.IO;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// The one check of a CSV file the module is about to write (Export-BmgDeviceCsv's file, Import-BmgDeviceCsv's
    /// -FailedRowsPath), made before anything is read or written: the store or one of its -wal/-shm/-journal files, by any
    /// path or link, or any other BizMobileGo store file (PathIsStore: it would be written over), a folder (PathIsDirectory), a file in a folder that does not
    /// exist (DirectoryNotFound).
    /// </summary>
    public static class OutputFileTarget
    {
        /// <param name="path">The file to write.</param>
        /// <param name="storeLocation">The store's file; null for a server's store.</param>
        /// <param name="named">How the messages name the path: "'x.csv'", "-FailedRowsPath 'x.csv'".</param>
        /// <param name="written">What the file is for: "the CSV file to write", "the CSV file to write the failed rows to".</param>
        /// <param name="outcome">What the refusal left undone, said after the message (<see cref="BmgException.Outcome"/>): null, or <see cref="BmgException.NothingImported"/>.</param>
        public static void Check(string path, string? storeLocation, string named, string written, string? outcome)
        {
            if (storeLocation != null && StoreFile.Overlapping(path, storeLocation) is string storeFile)
            {
                string what = storeFile.Length == storeLocation.Length ? "the store itself" : $"the store's own file '{FieldText.Printable(storeFile)}'";
                throw Refusal(ErrorIds.PathIsStore, BmgErrorCategory.InvalidArgument,
                    $"{named} is {what} (the same file, by another path or link); it would be written over. Give another path for {written}.", outcome, path);
            }

            // Another BizMobileGo store than the command's (`Export-BmgDeviceCsv ./acme.db -Database ./tanaka.db`): written over,
            // a customer's whole store was gone, replaced by a CSV of another's (left30a). Any other existing file is replaced as before.
            if (StoreFile.LooksLikeStore(path))
            {
                throw Refusal(ErrorIds.PathIsStore, BmgErrorCategory.InvalidArgument, StoreFile.NotCsvFile(path, named, $"it would be written over. Give another path for {written}"), outcome, path);
            }

            if (Directory.Exists(path))
            {
                throw Refusal(ErrorIds.PathIsDirectory, BmgErrorCategory.InvalidArgument,
                    $"{named} is a folder; give the path of {written}.", outcome, path);
            }

            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder != null && !Directory.Exists(folder))
            {
                throw Refusal(ErrorIds.DirectoryNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{named}: the folder '{FieldText.Printable(folder)}' does not exist; create it or give another path.", outcome, path);
            }
        }

        private static BmgException Refusal(string errorId, BmgErrorCategory category, string cause, string? outcome, string path) =>
            outcome == null ? new BmgException(errorId, category, cause, path) : BmgException.WithOutcome(errorId, category, cause, outcome, path);
    }
}
