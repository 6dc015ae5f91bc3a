namespace BizMobileGo.Core.History
{
    /// <summary>A device or user the history knows: the store's immutable key and a name it had (an identifier or user name).</summary>
    public sealed class HistorySubject
    {
        public HistorySubject(string key, string name)
        {
            Key = key;
            Name = name;
        }

        public string Key { get; }

        public string Name { get; }
    }
}
