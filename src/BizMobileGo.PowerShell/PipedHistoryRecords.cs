using System.Collections.Generic;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Records piped to Get-BmgDeviceHistory / Get-BmgUserHistory, kept a batch at a time (<see cref="PipedBatch"/>) so the
    /// history is read once per batch instead of once per piped record: read per record, <c>Get-BmgDevice bulk-* |
    /// Get-BmgDeviceHistory</c> cost ~5 ms a device (a store statement, and a pack decompressed, per device; walkthrough 18,
    /// finding 3). The command answers each record as it would have alone, in the order piped.
    /// </summary>
    internal sealed class PipedHistoryRecords
    {
        private readonly PipedBatch _batch = new PipedBatch();
        private readonly List<Record> _records = new List<Record>();

        /// <summary>One piped record: the names it bound, and the store key of the piped object itself when it has one (a Device, a User).</summary>
        internal sealed class Record
        {
            public Record(string[]? names, string? pipedKey, string? pipedName)
            {
                Names = names;
                PipedKey = pipedKey;
                PipedName = pipedName;
            }

            public string[]? Names { get; }

            /// <summary>The piped Device's or User's (or history entry's) key, to be checked against the history under <see cref="PipedName"/>.</summary>
            public string? PipedKey { get; }

            public string? PipedName { get; }
        }

        /// <summary>True when the kept records should be answered (<see cref="Take"/>) now.</summary>
        public bool IsDue => _records.Count >= _batch.Limit;

        public int Count => _records.Count;

        public void Add(Record record)
        {
            _batch.Arrived(_records.Count, keeps: true);
            _records.Add(record);
        }

        /// <summary>Every kept record, in the order piped, and forgets them; the next batch may be larger.</summary>
        public List<Record> Take()
        {
            var taken = new List<Record>(_records);
            _records.Clear();
            _batch.Taken();
            return taken;
        }
    }
}
