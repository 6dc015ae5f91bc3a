namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// The one rule for a CSV delimiter: the reader and the writer refuse what it refuses, and the cmdlets' -Delimiter
    /// check (InvalidDelimiter) applies it before any input is read.
    /// </summary>
    public static class CsvDelimiter
    {
        /// <summary>Why a delimiter is refused, in the words every refusal uses.</summary>
        public const string Rule = "The delimiter cannot be a quote, a line break or NUL.";

        /// <summary>
        /// False for a quote (it opens a quoted field), a line break (it ends the record) and NUL (no CSV text holds it).
        /// </summary>
        public static bool IsUsable(char delimiter) =>
            delimiter != '"' && delimiter != '\r' && delimiter != '\n' && delimiter != '\0';
    }
}
