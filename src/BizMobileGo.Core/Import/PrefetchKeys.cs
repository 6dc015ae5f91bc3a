using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>The keys a chunk of rows names, for its batched look-ups (<see cref="DeviceImport.KeysOf"/>).</summary>
    /// <remarks>Each set is made as large as a chunk's rows at once, rather than grown (and copied) step by step as it fills.</remarks>
    internal sealed class PrefetchKeys
    {
        public HashSet<string> UserNames { get; } = new HashSet<string>(ImportChunk.Rows, StringComparer.Ordinal);

        public HashSet<string> Identifiers { get; } = new HashSet<string>(ImportChunk.Rows, DeviceIdentifier.Comparer);

        public HashSet<string> Serials { get; } = new HashSet<string>(ImportChunk.Rows, StringComparer.Ordinal);

        /// <summary>The rows' cells by identifier and user name, for a store whose reads can return them (null: not collected).</summary>
        public ChunkTexts? Texts { get; init; }
    }
}
