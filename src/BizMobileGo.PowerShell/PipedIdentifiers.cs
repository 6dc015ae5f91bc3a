using System;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Identifiers piped to a command, kept until a batch is full and then looked up with one batched read
    /// (<see cref="IDeviceStore.FindDevices"/>) instead of one look-up per piped record: the pipeline's own
    /// cost per object is what is left. <see cref="Take"/> gives every identifier back in the order piped,
    /// with its device or null, so a command writes the same output (and the same errors, at the same
    /// places) as it would looking each one up as it came.
    /// </summary>
    internal sealed class PipedIdentifiers
    {
        /// <summary>Identifiers per batched read: bounds the memory held and how long output waits.</summary>
        public const int BatchSize = 1000;

        // Each piped record's identifiers (trimmed), in order; a record's repeats of one device are written once, as before.
        private readonly List<string[]> _records = new List<string[]>();
        private int _count;

        public bool IsFull => _count >= BatchSize;

        /// <summary>Keeps one piped record's identifiers (a piped object without one selects nothing).</summary>
        public void Add(string[]? identifiers)
        {
            if (identifiers == null || identifiers.Length == 0)
            {
                return;
            }

            var trimmed = new string[identifiers.Length];
            for (int i = 0; i < identifiers.Length; i++)
            {
                // A piped value is literal: only trimmed, never read as a wildcard pattern.
                trimmed[i] = (identifiers[i] ?? string.Empty).Trim();
            }

            _records.Add(trimmed);
            _count += trimmed.Length;
        }

        /// <summary>Looks the kept identifiers up in one batched read and forgets them: each with its device, or null when none has it.</summary>
        public IEnumerable<(string Identifier, Device? Device)> Take(IDeviceStore store)
        {
            if (_records.Count == 0)
            {
                return Array.Empty<(string, Device?)>();
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (string[] record in _records)
            {
                keys.UnionWith(record);
            }

            // The store matches identifiers ignoring ASCII case only (SQLite's NOCASE), and so does this map.
            var found = new Dictionary<string, Device>(AsciiIgnoreCase.Instance);
            foreach (Device device in store.FindDevices(keys))
            {
                found[device.Identifier] = device;
            }

            var results = new List<(string, Device?)>(_count);
            var written = new HashSet<string>(DeviceIdentifier.Comparer);
            foreach (string[] record in _records)
            {
                written.Clear();
                foreach (string identifier in record)
                {
                    if (!found.TryGetValue(identifier, out Device? device))
                    {
                        results.Add((identifier, null));
                    }
                    else if (written.Add(device.Identifier))
                    {
                        results.Add((identifier, device));
                    }
                }
            }

            _records.Clear();
            _count = 0;
            return results;
        }

        /// <summary>Equal ignoring the case of A-Z only, as SQLite's NOCASE compares.</summary>
        private sealed class AsciiIgnoreCase : IEqualityComparer<string>
        {
            public static readonly AsciiIgnoreCase Instance = new AsciiIgnoreCase();

            public bool Equals(string? x, string? y)
            {
                if (x == null || y == null)
                {
                    return x == y;
                }

                if (x.Length != y.Length)
                {
                    return false;
                }

                for (int i = 0; i < x.Length; i++)
                {
                    if (Fold(x[i]) != Fold(y[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            public int GetHashCode(string text)
            {
                unchecked
                {
                    int hash = (int)2166136261;
                    foreach (char c in text)
                    {
                        hash = (hash ^ Fold(c)) * 16777619;
                    }

                    return hash;
                }
            }

            private static char Fold(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
        }
    }
}
