using System;
using System.Collections.Generic;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// The DEP devices of many serial numbers (a batch of records piped to Get-BmgDepDevice or Remove-BmgDepDevice) from one batched read
    /// (<see cref="IDepStore.FindDepDevices"/>), instead of Apple's whole DEP list read again for every piped record. Each
    /// record still gets what the whole list gave it: its listed (not released) DEP devices, each once, in the list's order
    /// (<see cref="IDepStore.GetDepDevices"/>: by serial number, ordinal); and for a serial the list lacks, its stored released
    /// entry, if any, for the not-found error's reason.
    /// </summary>
    public sealed class DepDevicesOfSerials
    {
        private static readonly IComparer<DepDevice> ListOrder =
            Comparer<DepDevice>.Create((a, b) => string.CompareOrdinal(a.SerialNumber, b.SerialNumber));

        private readonly Dictionary<string, DepDevice> _stored;

        private DepDevicesOfSerials(Dictionary<string, DepDevice> stored)
        {
            _stored = stored;
        }

        /// <summary>Reads the DEP devices of <paramref name="serials"/> (exact serial numbers, as stored: upper case; repeats read once).</summary>
        public static DepDevicesOfSerials Read(IDepStore store, IEnumerable<string> serials)
        {
            var distinct = new HashSet<string>(serials, StringComparer.Ordinal);
            var stored = new Dictionary<string, DepDevice>(distinct.Count, StringComparer.Ordinal);
            if (distinct.Count != 0)
            {
                foreach (DepDevice device in store.FindDepDevices(distinct))
                {
                    stored[device.SerialNumber] = device;
                }
            }

            return new DepDevicesOfSerials(stored);
        }

        /// <summary>
        /// The listed DEP devices of one record's serials (among those read), each once, in the list's order; with
        /// <paramref name="releasedToo"/>, the released ones among them too (Remove-BmgDepDevice removes those as well).
        /// </summary>
        public List<DepDevice> Listed(IReadOnlyCollection<string> serials, bool releasedToo = false)
        {
            var listed = new List<DepDevice>(serials.Count);
            foreach (string serial in serials)
            {
                if (_stored.TryGetValue(serial, out DepDevice? device) && (device.ReleasedAt == null || releasedToo) && !listed.Contains(device))
                {
                    listed.Add(device);
                }
            }

            if (listed.Count > 1)
            {
                listed.Sort(ListOrder);
            }

            return listed;
        }

        /// <summary>The stored DEP device of <paramref name="serial"/> (among those read), a released one too; null when none.</summary>
        public DepDevice? Stored(string serial) => _stored.TryGetValue(serial, out DepDevice? device) ? device : null;

        /// <summary>
        /// The caller deleted the DEP device of <paramref name="serial"/> since the read (Remove-BmgDepDevice): later records
        /// are answered as the store now would answer them, without it.
        /// </summary>
        public void Deleted(string serial) => _stored.Remove(serial);
    }
}
