namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Where a change comes from, as its history entry names it: the actor (OS user and host), the command
    /// and, for an import, the import history id and the CSV line of the row. The store's write path turns
    /// its own origin of a write into this.
    /// </summary>
    public sealed class ChangeSource
    {
        public ChangeSource(string command, long? importId = null, int? line = null, ChangeActor? actor = null)
        {
            Command = command;
            ImportId = importId;
            Line = line;
            Actor = actor ?? ChangeActor.Current;
        }

        public ChangeActor Actor { get; }

        public string Command { get; }

        public long? ImportId { get; }

        public int? Line { get; }
    }
}
