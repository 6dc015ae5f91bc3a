using System;

namespace BizMobileGo.Core.Csv
{
    /// <summary>The CSV text cannot be read: malformed quoting, a NUL character, or bytes invalid in the encoding.</summary>
    public sealed class CsvFormatException : Exception
    {
        public CsvFormatException(string errorId, int lineNumber, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
            LineNumber = lineNumber;
        }

        /// <summary>Physical line (1-based) where the problem is.</summary>
        public int LineNumber { get; }

        /// <summary>Stable identifier for PowerShell error records: "MalformedCsv" or "InvalidEncoding".</summary>
        public string ErrorId { get; }
    }
}
