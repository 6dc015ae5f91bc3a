namespace BizMobileGo.Core.History
{
    /// <summary>The newest entry of the chain: the next entry gets <see cref="Sequence"/> + 1 and links to <see cref="Hash"/>.</summary>
    public sealed class HistoryHead
    {
        public HistoryHead(long sequence, string hash)
        {
            Sequence = sequence;
            Hash = hash;
        }

        public long Sequence { get; }

        public string Hash { get; }
    }
}
