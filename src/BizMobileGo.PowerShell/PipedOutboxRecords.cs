using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Outbox;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Device identifiers piped to an outbox command (Get-/Send-BmgCheckInEmail), kept a batch at a time
    /// (<see cref="PipedBatch"/>) so the outbox is read once per batch instead of once per piped record — which made
    /// <c>Get-BmgDevice | Get-BmgCheckInEmail</c> read every email once per device. Each record still gets exactly
    /// what it got alone: the emails of any of its identifiers (exactly, ignoring case), each once, in the outbox's order.
    /// </summary>
    internal sealed class PipedOutboxRecords
    {
        private readonly PipedBatch _batch = new PipedBatch();
        private readonly List<(string[] Identifiers, Device? Device)> _records = new List<(string[], Device?)>();

        /// <summary>True when the kept records should be answered (<see cref="Take"/>) now.</summary>
        public bool IsDue => _records.Count >= _batch.Limit;

        public int Count => _records.Count;

        /// <summary>
        /// Keeps one piped record's identifiers (literal: piped values are never patterns); <paramref name="device"/>, when the
        /// record is the store's own Device, limits it to that device's own emails (<see cref="CheckInOutbox.IsOwnEmail"/>), not
        /// those of an earlier device of the same Identifier.
        /// </summary>
        public void Add(string[] identifiers, Device? device = null)
        {
            _batch.Arrived(_records.Count, keeps: true);
            _records.Add((identifiers, device));
        }

        /// <summary>
        /// Every kept record, in order, with its emails out of <paramref name="outbox"/> (read once for the batch), and
        /// forgets them.
        /// </summary>
        public List<(string[] Identifiers, List<CheckInEmail> Emails)> Take(IReadOnlyList<CheckInEmail> outbox)
        {
            var byIdentifier = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
            for (int index = 0; index < outbox.Count; index++)
            {
                if (!byIdentifier.TryGetValue(outbox[index].Identifier, out List<int>? positions))
                {
                    byIdentifier[outbox[index].Identifier] = positions = new List<int>();
                }

                positions.Add(index);
            }

            var results = new List<(string[], List<CheckInEmail>)>(_records.Count);
            var positionsOfRecord = new SortedSet<int>();
            foreach ((string[] identifiers, Device? device) in _records)
            {
                positionsOfRecord.Clear();
                foreach (string? identifier in identifiers)
                {
                    if (identifier != null && byIdentifier.TryGetValue(identifier.Trim(), out List<int>? positions))
                    {
                        positionsOfRecord.UnionWith(positions);
                    }
                }

                var emails = new List<CheckInEmail>(positionsOfRecord.Count);
                foreach (int index in positionsOfRecord)
                {
                    if (device == null || CheckInOutbox.IsOwnEmail(outbox[index], device))
                    {
                        emails.Add(outbox[index]);
                    }
                }

                results.Add((identifiers, emails));
            }

            _records.Clear();
            _batch.Taken();
            return results;
        }
    }
}
