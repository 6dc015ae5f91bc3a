using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>The keys a chunk of rows names, for its batched look-ups (<see cref="DeviceImport.KeysOf"/>).</summary>
    /// <remarks>Each set is made as large as a chunk's rows at once, rather than grown (and copied) step by step as it fills.</remarks>
    internal sealed class PrefetchKeys
    {
        /// <summary>The user names, each with the cells of the first row that names it (<see cref="ChunkTexts"/>).</summary>
        public Dictionary<string, string[]> RowsByUserName { get; } = new Dictionary<string, string[]>(ImportChunk.Rows, StringComparer.Ordinal);

        /// <summary>The identifiers, each with the cells of the first row that names it (<see cref="ChunkTexts"/>).</summary>
        public Dictionary<string, string[]> RowsByIdentifier { get; } = new Dictionary<string, string[]>(ImportChunk.Rows, DeviceIdentifier.Comparer);

        // The keys are the dictionaries' own: a row's cells cost no second set of the same keys.
        public IReadOnlyCollection<string> UserNames => RowsByUserName.Keys;

        public IReadOnlyCollection<string> Identifiers => RowsByIdentifier.Keys;

        public HashSet<string> Serials { get; } = new HashSet<string>(ImportChunk.Rows, StringComparer.Ordinal);

        /// <summary>The rows' cells by identifier and user name, for a store whose reads can return them.</summary>
        public ChunkTexts? Texts { get; set; }

        /// <summary>The keys as the chunk's read takes them: one object a chunk, by which a read made ahead is known.</summary>
        public ChunkKeys Chunk => _chunk ??= new ChunkKeys(UserNames, Identifiers, Serials, Texts);

        private ChunkKeys? _chunk;
    }
}
