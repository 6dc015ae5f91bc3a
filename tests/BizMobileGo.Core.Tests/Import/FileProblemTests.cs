using System;
using System.IO;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Which failures are one file's own (the next file of a folder import still gets its turn), and the refusal of a
    /// failed-rows path that is an input file (walkthrough B2, B3).
    /// </summary>
    public class FileProblemTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "fileproblem-" + Guid.NewGuid().ToString("N"));

        public FileProblemTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, true);

        [Fact]
        public void TheFilesOwnProblemsAreFileProblems()
        {
            Assert.True(DeviceCsvFile.IsFileProblem(new CsvFormatException(ErrorIds.MalformedCsv, 2, "Malformed CSV: line 2 contains a NUL character.")));
            Assert.True(DeviceCsvFile.IsFileProblem(new CsvFormatException(ErrorIds.InvalidEncoding, 3, "line 3 is not valid UTF-8")));
            Assert.True(DeviceCsvFile.IsFileProblem(new BmgException(ErrorIds.EmptyCsv, BmgErrorCategory.InvalidData, "'a.csv' is empty")));
            Assert.True(DeviceCsvFile.IsFileProblem(new BmgException(ErrorIds.FileChangedWhileRead, BmgErrorCategory.ResourceBusy, "still being written")));
            Assert.True(DeviceCsvFile.IsFileProblem(Assert.ThrowsAny<ImportHeaderException>(() => ImportHeader.ParseFile(CsvFileHeader.Of(new CsvRecord(1, new[] { "x", "y" })), ','))));
        }

        [Theory]
        [InlineData(ErrorIds.StoreBusy)]
        [InlineData(ErrorIds.StoreUnavailable)]
        [InlineData(ErrorIds.StoreFull)]
        [InlineData(ErrorIds.FileWriteFailure)]
        public void AStoreFailureIsNotAFileProblem(string errorId)
        {
            // These stop the command at once (README: the import stops at the first store failure).
            Assert.False(DeviceCsvFile.IsFileProblem(new BmgException(errorId, BmgErrorCategory.ResourceUnavailable, "x")));
        }

        [Fact]
        public void RefusesAFailedRowsPathThatIsTheInputByAnyPath()
        {
            string input = Path.Combine(_folder, "self.csv");
            File.WriteAllText(input, "Identifier,OS\n");
            string roundabout = Path.Combine(_folder, "..", Path.GetFileName(_folder), "self.csv");

            BmgException refused = Assert.Throws<BmgException>(() => FailedRowsFile.RefuseInput(roundabout, input));
            Assert.Equal(ErrorIds.PathIsInput, refused.ErrorId);
            Assert.Contains(input, refused.Message);

            if (!OperatingSystem.IsWindows())
            {
                string link = Path.Combine(_folder, "link.csv");
                File.CreateSymbolicLink(link, input);
                Assert.Throws<BmgException>(() => FailedRowsFile.RefuseInput(link, input));
            }

            // Another file, and a failed-rows file that doesn't exist yet, are fine.
            FailedRowsFile.RefuseInput(Path.Combine(_folder, "failed.csv"), input);
        }
    }
}
