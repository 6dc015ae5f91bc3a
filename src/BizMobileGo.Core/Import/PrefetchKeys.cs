using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>The keys a chunk of rows names, for its batched look-ups (<see cref="DeviceImport.KeysOf"/>).</summary>
    internal sealed class PrefetchKeys
    {
        public HashSet<string> UserNames { get; } = new HashSet<string>(StringComparer.Ordinal);

        public HashSet<string> Identifiers { get; } = new HashSet<string>(DeviceIdentifier.Comparer);

        public HashSet<string> Serials { get; } = new HashSet<string>(StringComparer.Ordinal);
    }
}
