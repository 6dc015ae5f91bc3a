using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Walkthrough 26, finding 7: the history's Errors read "Line 2: line 2 is not valid UTF-8 …": the reader's own text names
    /// its line already, and the history said it again. Each error names its line once.
    /// </summary>
    public sealed class ImportHistoryErrorTextTests
    {
        [Fact]
        public void TheReadersOwnLineIsSaidOnce()
        {
            var error = new ImportHistoryError(2, null, null, ErrorIds.InvalidEncoding, "line 2 is not valid UTF-8: the byte 0x8D cannot be decoded.");

            Assert.Equal("Line 2 is not valid UTF-8: the byte 0x8D cannot be decoded.", error.ToString());
        }

        [Theory]
        [InlineData("Line 3: Serial value 'x' is not valid.", "Line 3: Serial value 'x' is not valid.")]
        [InlineData("Serial value 'x' is not valid.", "Line 3: Serial value 'x' is not valid.")]
        [InlineData("line 30 is not valid UTF-8.", "Line 3: line 30 is not valid UTF-8.")] // another line's text keeps its prefix
        public void OtherMessagesGetTheirLineAsBefore(string message, string expected)
        {
            Assert.Equal(expected, new ImportHistoryError(3, null, null, ErrorIds.InvalidFieldValue, message).ToString());
        }

        /// <summary>Walkthrough 30, finding 6: Export-Csv writes an entry's Errors as their ToString(), which was the list's type name.</summary>
        [Fact]
        public void AnEntrysErrorsAreOneLineAsText()
        {
            var errors = new List<ImportHistoryError>
            {
                new ImportHistoryError(3, "dev12", null, ErrorIds.InvalidFieldValue, "OS value 'symbian' is not valid."),
                new ImportHistoryError(0, null, null, ErrorIds.ImportStopped, "The import was stopped."),
            };
            var entry = new ImportHistoryEntry { Errors = errors };

            Assert.Equal("Line 3: OS value 'symbian' is not valid.; The import was stopped.", entry.Errors.ToString());
            Assert.Equal(errors, entry.Errors.ToList());
            Assert.Same(errors[1], entry.Errors[1]);
            Assert.Equal("", new ImportHistoryEntry().Errors.ToString());

            // Wrapped, not copied: an import still adding errors to its list shows them.
            errors.Add(new ImportHistoryError(4, null, null, ErrorIds.InvalidFieldValue, "late."));
            Assert.Equal(3, entry.Errors.Count);
        }
    }
}
