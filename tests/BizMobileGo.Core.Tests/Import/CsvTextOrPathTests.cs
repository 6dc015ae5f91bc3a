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
        [InlineData("Tokyo, Osaka.json")] // Import-BmgDepDevice's missing file (review31, 4)
        [InlineData("dep,page 2.JSON")]
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

        [Theory]
        [InlineData("serial")] // a column name of the device import's, as Import-BmgDepDevice's missing file
        [InlineData("Identifier")]
        public void A_header_of_device_columns_is_text_only_where_device_columns_are_read(string text)
        {
            Assert.True(CsvTextOrPath.IsCsvText(text, ',', afterCsvText: false, NoFolder, deviceColumns: true));
            Assert.False(CsvTextOrPath.IsCsvText(text, ',', afterCsvText: false, NoFolder, deviceColumns: false));
        }

        [Fact]
        public void A_delimited_line_is_text_for_an_import_of_other_columns_too()
        {
            // Apple Business Manager's CSV header given as a path: text by its delimiter, not by the device import's names.
            Assert.True(CsvTextOrPath.IsCsvText("Serial Number,Model", ',', afterCsvText: false, NoFolder, deviceColumns: false));
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
