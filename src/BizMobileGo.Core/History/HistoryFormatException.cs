using System;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// A stored entry or pack that no longer reads, said in the module's words (which column, what is wrong with it). The
    /// readers throw only this for what they find wrong, so a reason built from its message (Test-BmgHistory's, a query's
    /// HistoryTampered) never carries .NET's parser or arithmetic text; any other exception is told in general words.
    /// </summary>
    public sealed class HistoryFormatException : FormatException
    {
        public HistoryFormatException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }

        /// <summary>What <paramref name="e"/> says when it is the module's own words; <paramref name="otherwise"/> for any other exception.</summary>
        public static string Words(Exception e, string otherwise) => e is HistoryFormatException ? e.Message : otherwise;
    }
}
