using System;
using System.IO;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using Xunit;

namespace BizMobileGo.Core.Tests.Errors
{
    /// <summary>
    /// BmgException.Reported: the error as the user's ErrorRecord carries it, without the core's stack trace (walkthrough 25,
    /// finding 5), even once thrown again (PowerShell's ThrowTerminatingError throws the exception it is given).
    /// </summary>
    public class BmgExceptionReportedTests
    {
        private static BmgException Thrown(Func<BmgException> make)
        {
            try
            {
                throw make();
            }
            catch (BmgException e)
            {
                return e;
            }
        }

        [Fact]
        public void KeepsErrorIdCategoryTargetAndMessageWithoutTheStack()
        {
            BmgException thrown = Thrown(() => BmgException.WithOutcome(ErrorIds.ImportFailed, BmgErrorCategory.InvalidData,
                "The file 'a.csv' has no header.", BmgException.NothingImported, "a.csv"));
            Assert.False(string.IsNullOrEmpty(thrown.StackTrace));

            BmgException reported = thrown.Reported();

            Assert.Null(reported.StackTrace);
            Assert.Equal(ErrorIds.ImportFailed, reported.ErrorId);
            Assert.Equal(BmgErrorCategory.InvalidData, reported.Category);
            Assert.Equal("a.csv", reported.Target);
            Assert.Equal(thrown.Message, reported.Message);
            Assert.Equal(thrown.Cause, reported.Cause);
            Assert.Equal(thrown.Outcome, reported.Outcome);
            Assert.DoesNotContain(" at ", reported.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void HasNoStackEvenWhenThrownAgain()
        {
            BmgException reported = new BmgException(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation, "Device 'x' is checked in.", "x").Reported();
            Assert.Same(reported, Thrown(() => reported));
            Assert.Null(reported.StackTrace);
        }

        [Fact]
        public void LeavesOutAnInnerUserErrorAndKeepsAnUnexpectedOneWithItsStack()
        {
            BmgException header = Thrown(() => new BmgException(ErrorIds.MissingCsvHeader, BmgErrorCategory.InvalidData, "Line 1: no header."));
            var csv = new CsvFormatException(ErrorIds.MalformedCsv, 3, "Line 3: a quote is not closed.");
            Assert.Null(new BmgException(ErrorIds.ImportFailed, BmgErrorCategory.InvalidData, "Nothing was imported.", "a.csv", header).Reported().InnerException);
            Assert.Null(new BmgException(ErrorIds.ImportFailed, BmgErrorCategory.InvalidData, "Nothing was imported.", "a.csv", csv).Reported().InnerException);

            IOException io;
            try
            {
                throw new IOException("disk gone");
            }
            catch (IOException e)
            {
                io = e;
            }

            BmgException store = new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError, "The store can't be opened.", "x.db", io).Reported();
            Assert.Same(io, store.InnerException);
            Assert.Null(store.StackTrace);
            Assert.Contains("disk gone", store.ToString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(io.StackTrace));
        }
    }
}
