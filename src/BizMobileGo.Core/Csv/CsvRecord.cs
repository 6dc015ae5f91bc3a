using System;

namespace BizMobileGo.Core.Csv
{
    /// <summary>One CSV record and the physical line (1-based) on which it starts.</summary>
    public readonly struct CsvRecord
    {
        private readonly string[]? _fields;

        public CsvRecord(int lineNumber, string[] fields, bool endsWithoutLineBreak = false, int lineBreaksAbove = 0)
        {
            LineNumber = lineNumber;
            LineBreaksAbove = lineBreaksAbove;
            _fields = fields ?? throw new ArgumentNullException(nameof(fields));
            EndsWithoutLineBreak = endsWithoutLineBreak;
        }

        public int LineNumber { get; }

        /// <summary>
        /// The line breaks inside quoted cells of the records before this one (Excel's Alt+Enter): each is a physical line
        /// but not a row in Excel, so Excel shows this record as row <see cref="LineNumber"/> minus this.
        /// </summary>
        public int LineBreaksAbove { get; }

        /// <summary>
        /// The file's last record, and the file ends inside it, without a line break: it may be cut off by a copy still
        /// running, so its last field can't be trusted (the import refuses it: IncompleteLastRow).
        /// </summary>
        public bool EndsWithoutLineBreak { get; }

        public string[] Fields => _fields ?? Array.Empty<string>();
    }
}
