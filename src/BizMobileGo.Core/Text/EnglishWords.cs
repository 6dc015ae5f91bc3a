using System.Globalization;

namespace BizMobileGo.Core.Text
{
    /// <summary>The small grammar messages need, so "1 devices" and "a Apple TV" can't be written anywhere.</summary>
    public static class EnglishWords
    {
        /// <summary>"1 device", "6 devices".</summary>
        public static string Count(int count, string singular, string? plural = null) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + Noun(count, singular, plural);

        /// <summary>
        /// "1 entry", "12,345 entries": a count that can run into thousands, its digits grouped by commas whatever the
        /// session's culture, as the rest of the module's English text.
        /// </summary>
        public static string Amount(long count, string singular, string? plural = null) =>
            Number(count) + " " + Noun(count, singular, plural);

        /// <summary>"12,345": a count as <see cref="Amount"/> writes it, for a sentence that names the noun once for several counts.</summary>
        public static string Number(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

        /// <summary>The noun for a count: "device" for 1, "devices" for any other.</summary>
        public static string Noun(long count, string singular, string? plural = null) =>
            count == 1 ? singular : plural ?? singular + "s";

        /// <summary>"was" for 1, "were" for any other count: the verb that agrees with a count's noun ("1 row … was skipped").</summary>
        public static string Was(long count) => count == 1 ? "was" : "were";

        /// <summary>
        /// The noun with "a" or "an" by its first letter, for the names messages use: "an Apple TV", "an iPad", "an unknown",
        /// "a Mac". A capital U is "a" (a UDID, a User: said "you"); a small u is "an" (an unknown).
        /// </summary>
        public static string WithArticle(string noun) =>
            (noun.Length != 0 && "AEIOaeiou".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;
    }
}
