using System;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// The one rule for "this string, given as a CSV file's path and naming no file, is CSV text" (round 31: a one-column
    /// text, -Path given text, and lines holding '/' were looked up as files). Asked only of strings that name no file.
    /// </summary>
    public class CsvTextOrPathTests
    {
        private static readonly Func<string, bool> NoFolder = _ => false;

        [Theory]
        [InlineData("\"Identifier\",\"OS\"")] // ConvertTo-Csv's quotes
        [InlineData("Identifier,OS\nsl-1,ios\n")] // Get-Content -Raw: all lines in one string
        [InlineData("Identifier,OS")] // -UseQuotes Never
        [InlineData("Identifier")] // one column, -UseQuotes Never: a header of the import's names alone
        [InlineData("Identifier;OS")]
        [InlineData("sl-1,ios,Tokyo/Osaka 1")] // a data line holding '/', its folder part no folder
        [InlineData("sl-1,ios,2026/12/05")]
        public void Text_that_is_csv_is_told_so(string text) =>
            Assert.True(CsvTextOrPath.IsCsvText(text, ',', afterCsvText: false, NoFolder));

        [Theory]
        [InlineData("sl-1")] // a later line of one column
        [InlineData("sl-1,ios,Tokyo/Osaka 1")]
        public void A_line_after_csv_text_is_more_of_it(string text) =>
            Assert.True(CsvTextOrPath.IsCsvText(text, ',', afterCsvText: true, NoFolder));

        [Theory]
        [InlineData("./Tokyo, Osaka.csv")] // a missing file: FileNotFound naming it
        [InlineData("Tokyo, Osaka.csv")]
        [InlineData("/srv/in/a,b")]
        [InlineData("~/in/a,b")]
        [InlineData("../a,b")]
        [InlineData("C:\\in\\a,b")]
        [InlineData("devices")] // no delimiter, no known header name: a path
        [InlineData("sl-1")]
        public void A_path_is_a_path(string text) =>
            Assert.False(CsvTextOrPath.IsCsvText(text, ',', afterCsvText: false, NoFolder));

        [Fact]
        public void A_path_after_csv_text_still_looks_like_one()
        {
            Assert.False(CsvTextOrPath.IsCsvText("./more.csv", ',', afterCsvText: true, NoFolder));
            Assert.False(CsvTextOrPath.IsCsvText("/srv/in/x", ',', afterCsvText: true, NoFolder));
        }

        [Fact]
        public void A_delimiter_in_a_name_in_a_folder_that_exists_is_a_path()
        {
            Assert.False(CsvTextOrPath.IsCsvText("in/a, b", ',', afterCsvText: false, folder => folder == "in"));
            Assert.True(CsvTextOrPath.IsCsvText("in/a, b", ',', afterCsvText: false, NoFolder));
        }

        [Fact]
        public void The_delimiter_given_counts_as_a_delimiter()
        {
            Assert.True(CsvTextOrPath.IsCsvText("sl-1|ios", '|', afterCsvText: false, NoFolder));
            Assert.False(CsvTextOrPath.IsCsvText("sl-1|ios", ',', afterCsvText: false, NoFolder));
            Assert.True(CsvTextOrPath.IsCsvText("Identifier|OS", '|', afterCsvText: false, NoFolder));
        }
    }
}
