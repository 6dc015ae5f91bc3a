using System.Collections.Generic;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The keys one chunk's read looks up: its user names, identifiers and serials, and the rows' cells a store's reads may
    /// return for equal stored texts. (<see cref="ImportChunk.Prefetch(ChunkKeys)"/>).
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
}
