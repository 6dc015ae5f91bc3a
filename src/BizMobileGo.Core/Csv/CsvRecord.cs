using System;

namespace BizMobileGo.Core.Csv
{
    /// <summary>One CSV record and the physical line (1-based) on which it starts.</summary>
    public readonly struct CsvRecord
    {
        private readonly string[]? _fields;

        public CsvRecord(int lineNumber, string[] fields)
        {
            LineNumber = lineNumber;
            _fields = fields ?? throw new ArgumentNullException(nameof(fields));
        }

        public int LineNumber { get; }

        public string[] Fields => _fields ?? Array.Empty<string>();
    }
}
