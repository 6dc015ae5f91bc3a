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
            // No file: left as it is.
            Assert.Equal("Line 1: x", SourceLine.Of("Line 1: x", 1, null));
        }

        [Fact]
        public void NamesTheFileOfAMessageWithoutItsLinePrefix()
        {
            // A broken file's message words its line itself; it is said of the file all the same (walkthrough B2).
            Assert.Equal("'h.csv': Malformed CSV: line 2 contains a NUL character.", SourceLine.Of("Malformed CSV: line 2 contains a NUL character.", 2, "h.csv"));
            Assert.Equal("'h.csv': Line 2: x", SourceLine.Of("Line 2: x", 1, "h.csv"));
            Assert.Equal("'a<U+001B>.csv': x", SourceLine.Of("x", 1, "a\u001b.csv"));
            // A message that names the file first already is not named twice.
            Assert.Equal("'h.csv' is empty.", SourceLine.Of("'h.csv' is empty.", 1, "h.csv"));
        }

        [Fact]
        public void NamesAPipedObjectInsteadOfALine()
        {
            // Walkthrough 13, finding 9: a piped object has no line; "Line 2" sent the admin looking for a file.
            Assert.Equal("Piped object 1: 'Serail' is not a column.", SourceLine.OfPipedObject("Line 2: 'Serail' is not a column.", 2, 1));
            Assert.Equal("Piped object 3: x", SourceLine.OfPipedObject("x", 4, 3));
        }
    }
}
