using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Devices
{
    /// <summary>
    /// The devices wildcard patterns of identifiers or serials may select, read by the patterns' literal starts
    /// (<see cref="WildcardPrefix.IdentifierStart"/>, the rule Get-BmgDeviceHistory's look-up and tab completion use) rather
    /// than by reading every device: <c>Get-BmgDevice dev0042*</c> on 100,000 devices reads the hundred or so of its range
    /// (walkthrough 22, finding 1). The patterns stay the final word: a range is only ever a superset of what they match
    /// (every name a pattern matches starts with its literal start, ASCII letters folded), and the caller filters with them.
    /// </summary>
    public static class DevicePatternReads
    {
        /// <summary>
        /// The devices that <paramref name="patterns"/> (PowerShell wildcard patterns of <paramref name="list"/>: identifiers or
        /// serials) may match, by Identifier as <see cref="IDeviceRecordStore.GetDevices"/> orders them: the ranges of their
        /// literal starts; when a pattern starts with a wildcard (<c>*4242</c> can match any device), the devices the store's
        /// filter by the patterns' LIKE forms selects (<see cref="WildcardLike"/>), or every device where a pattern has none.
        /// </summary>
        public static IEnumerable<Device> Candidates(IDeviceRecordStore store, NameSource list, IEnumerable<string> patterns)
        {
            IReadOnlyList<string> given = patterns as IReadOnlyList<string> ?? patterns.ToList();
            IReadOnlyList<string>? starts = Starts(list, given);
            if (starts == null)
            {
                return WildcardLike.Of(given) is IReadOnlyList<string> likes ? store.GetDevicesLike(list, likes) : store.GetDevices();
            }

            if (starts.Count == 1)
            {
                return store.GetDevicesStartingWith(list, starts[0]);
            }

            // Ranges that don't overlap (Starts) hold each device once; merged into GetDevices' order: identifiers are unique
            // ignoring ASCII case, and the stores sort them folded, by code point.
            return starts.SelectMany(start => store.GetDevicesStartingWith(list, start))
                .OrderBy(device => UserNameHint.FoldAscii(device.Identifier), StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// The starts to read for <paramref name="patterns"/>, folded as the store compares them (<see cref="NamePrefix.Low(NameSource, string)"/>),
        /// each range once: a start inside another's range is left out ('dev*' and 'DEV00*' read 'dev'). Null when a pattern's
        /// literal start is empty: every device must be read.
        /// </summary>
        public static IReadOnlyList<string>? Starts(NameSource list, IEnumerable<string> patterns)
        {
            var starts = new List<string>();
            foreach (string pattern in patterns)
            {
                string start = NamePrefix.Low(list, WildcardPrefix.IdentifierStart(pattern));
                if (start.Length == 0)
                {
                    return null;
                }

                starts.Add(start);
            }

            // Sorted, a start that begins with an earlier one comes right after the start it begins with (or after others that do).
            starts.Sort(StringComparer.Ordinal);
            var kept = new List<string>();
            foreach (string start in starts)
            {
                if (kept.Count == 0 || !start.StartsWith(kept[kept.Count - 1], StringComparison.Ordinal))
                {
                    kept.Add(start);
                }
            }

            return kept;
        }
    }
}
