using System.Globalization;
using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// What PowerShell 7's Import-Csv needs to be told to read a file as the module read it, for advice that pipes the file's
    /// rows (<c>Import-Csv &lt;file&gt; -Encoding 932 | …</c>). Import-Csv reads UTF-8 unless given -Encoding, and splits at
    /// ',' unless given -Delimiter: the mapping advice for a sheet with headings of its own, followed for a Shift_JIS file
    /// (Japanese Excel's "CSV (コンマ区切り)"), read every heading as mojibake, so each <c>$_.'ユーザー名'</c> was $null and the
    /// piped import cleared every row's UserName (walkthrough 45, finding 3).
    /// </summary>
    public static class ImportCsvArguments
    {
        /// <summary>
        /// " -Encoding 932", " -Encoding unicode -Delimiter \"`t\"", …, or "" for a UTF-8 (or ASCII: <paramref name="read"/> null)
        /// file read at commas, which Import-Csv reads so by itself (a UTF-8 byte order mark included).
        /// </summary>
        public static string Of(Encoding? read, char delimiter) => EncodingArgument(read) + DelimiterArgument(delimiter);

        private static string EncodingArgument(Encoding? read)
        {
            switch (read?.CodePage)
            {
                case null:
                case 65001:
                case 20127:
                    return "";
                case 1200:
                    return " -Encoding unicode";
                case 1201:
                    return " -Encoding bigendianunicode";
                case 12000:
                    return " -Encoding utf32";
                case 12001:
                    return " -Encoding bigendianutf32";
                default:
                    // PowerShell 7.4+ takes a code page number: 932, 1252, 51932 (what the module reads, it names so).
                    return " -Encoding " + read.CodePage.ToString(CultureInfo.InvariantCulture);
            }
        }

        private static string DelimiterArgument(char delimiter) =>
            delimiter == ',' ? "" : delimiter == '\t' ? " -Delimiter \"`t\"" : delimiter == '\'' ? " -Delimiter \"'\"" : $" -Delimiter '{delimiter}'";
    }
}
