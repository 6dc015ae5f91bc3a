using System.Collections.ObjectModel;

namespace BizMobileGo.Core.Fields
{
    /// <summary>
    /// A list <see cref="NameList.TryParse"/> made, with its text as <see cref="NameList.Join"/> writes it, made once with the
    /// list: an import stores, diffs and compares every row's Organizations and DeviceTags by that text, which was joined
    /// anew at each use (alloc46). Read-only like the wrapper it is, so one parsed list may be shared by many records.
    /// </summary>
    internal sealed class ParsedNameList : ReadOnlyCollection<string>
    {
        public ParsedNameList(string[] names, string joined)
            : base(names)
        {
            Joined = joined;
        }

        /// <summary>The names joined by <see cref="NameList.Separator"/>.</summary>
        public string Joined { get; }
    }
}
