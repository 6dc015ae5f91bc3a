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

        /// <summary>
        /// The user names grouped ignoring case, built once per import or command run: a look-up is then one hash probe, not a
        /// case-insensitive pass over every user (2,000 missing names against 10,000 users took 1.7 s so).
        /// </summary>
        public static ILookup<string, string> Index(IEnumerable<string> userNames) =>
            userNames.ToLookup(name => name, StringComparer.OrdinalIgnoreCase);

        /// <summary>The <see cref="Index(IEnumerable{string})"/> of the store's users.</summary>
        public static ILookup<string, string> Index(IUserStore store) => Index(store.GetUsers().Select(user => user.UserName));

        /// <summary>
        /// Whether two different names are equal ignoring the case of ASCII letters only: the case twins a new user is warned
        /// of, as both stores' <see cref="IUserStore.GetUserNameCaseTwins"/> find them (SQLite's NOCASE).
        /// </summary>
        public static bool AsciiCaseTwins(string a, string b)
        {
            if (a.Length != b.Length || string.Equals(a, b, StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                char x = a[i], y = b[i];
                if (x != y && !(x < 128 && y < 128 && char.ToLowerInvariant(x) == char.ToLowerInvariant(y)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// <paramref name="name"/> with its ASCII letters lower-cased and every other character as it is: the key under which
        /// <see cref="AsciiCaseTwins"/> meet (what SQLite's NOCASE and PostgreSQL's lower() under the "C" collation compare).
        /// </summary>
        public static string FoldAscii(string name)
        {
            int first = 0;
            while (first < name.Length && !(name[first] >= 'A' && name[first] <= 'Z'))
            {
                first++;
            }

            if (first == name.Length)
            {
                return name;
            }

            char[] folded = name.ToCharArray();
            for (int i = first; i < folded.Length; i++)
            {
                if (folded[i] >= 'A' && folded[i] <= 'Z')
                {
                    folded[i] = (char)(folded[i] + ('a' - 'A'));
                }
            }

            return new string(folded);
        }

        /// <summary>"did you mean 'tanaka'? (user names are case-sensitive)", or null when no user's name differs only by case.</summary>
        public static string? DidYouMean(string userName, ILookup<string, string> userNameIndex)
        {
            string wanted = userName.Trim();
            List<string> near = userNameIndex[wanted]
                .Where(name => !string.Equals(name, wanted, StringComparison.Ordinal))
                .Take(MostNamed)
                .ToList();
            return near.Count == 0 ? null : $"did you mean {string.Join(" or ", near.Select(name => $"'{name}'"))}? (user names are case-sensitive)";
        }

        /// <summary>As <see cref="DidYouMean(string, ILookup{string, string})"/>, for a single look-up.</summary>
        public static string? DidYouMean(string userName, IEnumerable<string> userNames) => DidYouMean(userName, Index(userNames));

        /// <summary>As <see cref="DidYouMean(string, ILookup{string, string})"/>, among the store's users (read only when a name was not found).</summary>
        public static string? DidYouMean(IUserStore store, string userName) => DidYouMean(userName, Index(store));
    }
}
