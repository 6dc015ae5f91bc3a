using System;

namespace BizMobileGo.Core.Csv
{
    /// <summary>One CSV record and the physical line (1-based) on which it starts.</summary>
    public readonly struct CsvRecord
    {
        private readonly string[]? _fields;

        public CsvRecord(int lineNumber, string[] fields, bool endsWithoutLineBreak = false)
        {
            LineNumber = lineNumber;
            _fields = fields ?? throw new ArgumentNullException(nameof(fields));
            EndsWithoutLineBreak = endsWithoutLineBreak;
        }

        public int LineNumber { get; }

        /// <summary>
        /// The file's last record, and the file ends inside it, without a line break: it may be cut off by a copy still
        /// running, so its last field can't be trusted (the import refuses it: IncompleteLastRow).
        /// </summary>
        public bool EndsWithoutLineBreak { get; }

        public string[] Fields => _fields ?? Array.Empty<string>();
    }
}
