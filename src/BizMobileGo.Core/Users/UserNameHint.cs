using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// The "did you mean" of every look-up of a user name that no user has. A UserName is case-sensitive (SPEC), so
    /// 'Tanaka' does not find 'tanaka'; the hint names the users whose UserName differs from it only by case, as the
    /// CSV header check does for a mis-cased column. It is only a hint: nothing is matched ignoring case.
    /// </summary>
    public static class UserNameHint
    {
        private const int MostNamed = 3;

        /// <summary>"did you mean 'tanaka'? (user names are case-sensitive)", or null when no user's name differs only by case.</summary>
        public static string? DidYouMean(string userName, IEnumerable<string> userNames)
        {
            string wanted = userName.Trim();
            List<string> near = userNames
                .Where(name => !string.Equals(name, wanted, StringComparison.Ordinal) && string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase))
                .Take(MostNamed)
                .ToList();
            return near.Count == 0 ? null : $"did you mean {string.Join(" or ", near.Select(name => $"'{name}'"))}? (user names are case-sensitive)";
        }

        /// <summary>As <see cref="DidYouMean(string, IEnumerable{string})"/>, among the store's users (read only when a name was not found).</summary>
        public static string? DidYouMean(IUserStore store, string userName) =>
            DidYouMean(userName, store.GetUsers().Select(user => user.UserName).ToList());
    }
}
