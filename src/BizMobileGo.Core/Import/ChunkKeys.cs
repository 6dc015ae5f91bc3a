using System.Collections.Generic;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The keys one chunk's read looks up: its user names, identifiers and serials, and the rows' cells a store's reads may
    /// return for equal stored texts. (<see cref="ImportChunk.Prefetch(ChunkKeys, NextChunkKeys?)"/>).
    /// </summary>
    internal sealed class ChunkKeys
    {
        public ChunkKeys(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> serials, ChunkTexts? texts)
        {
            UserNames = userNames;
            Identifiers = identifiers;
            Serials = serials;
            Texts = texts;
        }

        public IReadOnlyCollection<string> UserNames { get; }

        public IReadOnlyCollection<string> Identifiers { get; }

        public IReadOnlyCollection<string> Serials { get; }

        public ChunkTexts? Texts { get; }
    }

    /// <summary>
    /// The next chunk's keys if the file's reader has read them already (never waits for them), else null;
    /// <paramref name="never"/> true when asking again can't give any (the file ended, or its keys were not collected).
    /// </summary>
    internal delegate ChunkKeys? NextChunkKeys(out bool never);

    /// <summary>As <see cref="NextChunkKeys"/>, as the file's reader collects them (<see cref="ChunkedRecords.NextKeysIfRead"/>).</summary>
    internal delegate PrefetchKeys? NextPrefetchKeys(out bool never);
}
