using BizMobileGo.Core.Csv;
using Xunit;

namespace BizMobileGo.Core.Tests.Csv
{
    /// <summary>One wording for where a CSV line is, in every command (walkthrough B2).</summary>
    public class SourceLineTests
    {
        [Fact]
        public void NamesTheFileAndTheLine()
        {
            Assert.Equal("Line 3 of '/incoming/b.csv': ", SourceLine.Prefix(3, "/incoming/b.csv"));
            Assert.Equal("Line 3: ", SourceLine.Prefix(3, null));
        }

        [Fact]
        public void AFileNameIsEchoedPrintable()
        {
            Assert.Equal("Line 2 of 'a<U+001B>]0;x<U+0007>.csv': ", SourceLine.Prefix(2, "a\u001b]0;x\u0007.csv"));
        }

        [Fact]
        public void SaysOfAFileWhatTheImportSaidWithoutIt()
        {
            Assert.Equal("Line 1 of 'h.csv': 'Colour' is not a column.", SourceLine.Of("Line 1: 'Colour' is not a column.", 1, "h.csv"));
            // Another line's message, or no file: left as it is.
            Assert.Equal("Line 2: x", SourceLine.Of("Line 2: x", 1, "h.csv"));
            Assert.Equal("Line 1: x", SourceLine.Of("Line 1: x", 1, null));
        }
    }
}
