using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// The "did you mean" of every look-up of a user name that no user has. A UserName is case-sensitive (SPEC), so
    /// 'Tanaka' does not find 'tanaka'; the hint names the users whose UserName differs from it only by the case of ASCII
    /// letters, as the CSV header check does for a mis-cased column. It is only a hint: nothing is matched ignoring case.
    /// One folding rule for every user-name hint (<see cref="FoldAscii"/>): the did-you-mean of a name not found and the
    /// case-twin warning of a new user name the same users, and it is the rule both stores index (SQLite's NOCASE,
    /// PostgreSQL's lower() under "C"), so a single hint is a seek, never a read of every user. 'ärger' gets no hint for
    /// 'Ärger': no store can seek a full Unicode fold, and a hint that read 100,000 names for it cost more than it helps.
    /// </summary>
    public static class UserNameHint
    {
        private const int MostNamed = 3;

        /// <summary>
        /// The user names grouped by <see cref="FoldAscii"/>, built once per import: a look-up is then one hash probe, not a
        /// pass over every user (2,000 missing names against 10,000 users took 1.7 s so).
        /// </summary>
        /// Keyed by <see cref="NearKey"/>: a name typed in full-width with the IME on ('ｋ００２') finds 'k002' too.
        public static ILookup<string, string> Index(IEnumerable<string> userNames) =>
            userNames.ToLookup(NearKey, StringComparer.Ordinal);

        /// <summary>
        /// A name's NFKC form (full-width letters and digits half-width, half-width kana full-width), when that is another name:
        /// the user a name typed with the IME on most likely means (walkthrough 37, finding 3); null for a name already in it.
        /// </summary>
        public static string? WidthFolded(string name) =>
            name.IsNormalized(System.Text.NormalizationForm.FormKC) ? null : name.Normalize(System.Text.NormalizationForm.FormKC);

        /// <summary>The key near names meet under in an <see cref="Index(IEnumerable{string})"/>: <see cref="FoldAscii"/> of the NFKC form.</summary>
        private static string NearKey(string name) => FoldAscii(WidthFolded(name) ?? name);

        /// <summary>The <see cref="Index(IEnumerable{string})"/> of the store's users.</summary>
        public static ILookup<string, string> Index(IUserStore store) => Index(store.GetUsers().Select(user => user.UserName));

        /// <summary>
        /// Whether two different names are equal ignoring the case of ASCII letters only: the case twins a new user is warned
        /// of, as both stores' <see cref="IUserStore.GetUserNameCaseTwins(string)"/> find them (SQLite's NOCASE).
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
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
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

        /// <summary>
        /// "did you mean 'tanaka'? (user names are case-sensitive)", and whether a user it names differs in width too
        /// (<see cref="NearUserNames"/>), or null when no user's name differs only by case (or width).
        /// </summary>
        public static NearUserNames? DidYouMean(string userName, ILookup<string, string> userNameIndex)
        {
            string wanted = userName.Trim();
            return Hint(userNameIndex[NearKey(wanted)].Where(name => !string.Equals(name, wanted, StringComparison.Ordinal)), wanted);
        }

        /// <summary>As <see cref="DidYouMean(string, ILookup{string, string})"/>, for a single look-up.</summary>
        public static NearUserNames? DidYouMean(string userName, IEnumerable<string> userNames) => DidYouMean(userName, Index(userNames));

        /// <summary>
        /// As <see cref="DidYouMean(string, ILookup{string, string})"/>, among the store's users: their case twins, an index seek
        /// (<see cref="IUserStore.GetUserNameCaseTwins(string)"/>), so a name not found never reads every user name.
        /// </summary>
        public static NearUserNames? DidYouMean(IUserStore store, string userName)
        {
            string wanted = userName.Trim();
            // Ordinal, so both stores name the same twins first (their own orders differ by collation).
            return wanted.Length == 0 ? null : Hint(store.GetUserNameCaseTwins(wanted).OrderBy(name => name, StringComparer.Ordinal), wanted);
        }

        private static NearUserNames? Hint(IEnumerable<string> twins, string wanted)
        {
            List<string> near = twins.Take(MostNamed).ToList();
            if (near.Count == 0)
            {
                return null;
            }

            bool otherWidth = near.Any(name => !AsciiCaseTwins(name, wanted));
            return new NearUserNames($"did you mean {string.Join(" or ", near.Select(name => $"'{Fields.FieldText.Printable(name)}'"))}? (user names are case-sensitive"
                + (otherWidth ? ", and half-width and full-width characters are other characters" : "") + ")", otherWidth);
        }
    }
}
