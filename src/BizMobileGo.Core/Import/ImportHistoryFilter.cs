using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Which imports Get-BmgImportHistory -Source/-Since/-Until/-Status asks for ("what did last night do", "my colleague's file"). The
    /// stores filter by it in their SQL, before -Last counts the newest: the filter is exact there, never narrowed and then
    /// decided here, so the limit stays in the statement.
    /// </summary>
    public sealed class ImportHistoryFilter
    {
        /// <summary>
        /// A wildcard the import's Source (the file's full path) or its file name must match: <c>*</c> any text, <c>?</c> one
        /// character, a backtick makes the next character literal; <c>[</c> and <c>]</c> are literal (a file name's own
        /// characters, as in "devices [2].csv"). A-Z and a-z match either case, as Windows compares file names and as both
        /// stores' LIKE folds them; other characters compare as they are. Null: any import.
        /// </summary>
        public string? Source { get; set; }

        /// <summary>Only imports started at or after this time.</summary>
        public DateTimeOffset? Since { get; set; }

        /// <summary>Only imports started at or before this time.</summary>
        public DateTimeOffset? Until { get; set; }

        /// <summary>
        /// Only imports that ended so (<see cref="ImportHistoryEntry.Status"/>); null: any. The stores work the status out in
        /// their SQL from what they keep, as the entry does from the same columns (the contract tests hold the two together).
        /// </summary>
        public IReadOnlyCollection<ImportStatus>? Statuses { get; set; }

        /// <summary>
        /// Only imports of a file with this SHA-256 (lower-case hex, as <see cref="ImportHistoryEntry.Sha256"/>); null: any. An
        /// import asks for its file's earlier imports (<see cref="RepeatedFile"/>), not Get-BmgImportHistory.
        /// </summary>
        public string? Sha256 { get; set; }

        /// <summary><see cref="Statuses"/> as their names, the text the stores' SQL compares; null for any.</summary>
        public string[]? StatusNames => Statuses?.Select(status => status.ToString()).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>
        /// The file name of an import's Source: the text after its last / or \ (a Windows path on any computer), what -Source
        /// also matches. The stores' SQL cuts it the same way; this is the one C# form of it (the -Source completer, any C#
        /// caller). The table's view cuts it with Split-Path -Leaf, which cuts at either separator on any computer too.
        /// </summary>
        public static string FileName(string source) => source.Substring(source.LastIndexOfAny(PathSeparators) + 1);

        private static readonly char[] PathSeparators = { '/', '\\' };

        /// <summary><see cref="Source"/> as a LIKE pattern whose escape character is <see cref="LikeEscape"/>; null for any.</summary>
        public string? SourceLike => Source == null ? null : ToLike(Source);

        /// <summary>The escape character of <see cref="SourceLike"/> (the stores' <c>ESCAPE '\'</c>).</summary>
        public const char LikeEscape = '\\';

        /// <summary>The one translation of a -Source wildcard into LIKE: * to %, ? to _, and LIKE's own %, _ and \ escaped.</summary>
        public static string ToLike(string pattern)
        {
            var like = new StringBuilder(pattern.Length + 8);
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    AppendLiteral(like, pattern[++i]);
                }
                else if (c == '*')
                {
                    like.Append('%');
                }
                else if (c == '?')
                {
                    like.Append('_');
                }
                else
                {
                    AppendLiteral(like, c);
                }
            }

            return like.ToString();
        }

        private static void AppendLiteral(StringBuilder like, char c)
        {
            if (c == '%' || c == '_' || c == LikeEscape)
            {
                like.Append(LikeEscape);
            }

            like.Append(c);
        }
    }
}
