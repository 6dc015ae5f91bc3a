using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>An import chunk's cells, which the reads of its devices and users return for equal stored texts.</summary>
    public sealed partial class SqliteDeviceStore : IReadsChunkTexts
    {
        // Set by ImportChunk around its batched reads only (the store is used by one thread at a time); null otherwise.
        private ChunkTexts? _chunkTexts;

        ChunkTexts? IReadsChunkTexts.ChunkTexts
        {
            set => _chunkTexts = value;
        }
    }
}
