using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>Who holds an organization (users) or a template or device tag (devices): how many, and the first few by key.</summary>
    public sealed class ReferenceUse
    {
        public ReferenceUse(ReferenceKind kind, int count, IReadOnlyList<string> firstHolders)
        {
            Kind = kind;
            Count = count;
            FirstHolders = firstHolders;
        }

        public ReferenceKind Kind { get; }

        /// <summary>How many users or devices hold the name.</summary>
        public int Count { get; }

        /// <summary>The first holders' keys (UserName, Identifier) in key order; at most as many as were asked for.</summary>
        public IReadOnlyList<string> FirstHolders { get; }

        /// <summary>"user" or "device".</summary>
        public string HolderKind => ReferenceData.HolderKind(Kind);

        /// <summary>"device 'a' uses it", "6 devices use it ('a', 'b', 'c' and 3 more)": who, so an admin knows what to change first.</summary>
        public string UsesIt()
        {
            if (Count == 1 && FirstHolders.Count == 1)
            {
                return $"{HolderKind} '{FirstHolders[0]}' uses it";
            }

            string named = string.Join(", ", FirstHolders.Select(holder => $"'{holder}'"));
            int more = Count - FirstHolders.Count;
            return $"{EnglishWords.Count(Count, HolderKind)} use it ({named}{(more > 0 ? $" and {more} more" : "")})";
        }
    }
}
