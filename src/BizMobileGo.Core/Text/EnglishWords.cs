using System.Globalization;

namespace BizMobileGo.Core.Text
{
    /// <summary>The small grammar messages need, so "1 devices" and "a Apple TV" can't be written anywhere.</summary>
    public static class EnglishWords
    {
        /// <summary>"1 device", "6 devices".</summary>
        public static string Count(int count, string singular, string? plural = null) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + Noun(count, singular, plural);

        /// <summary>As <see cref="Count(int, string, string?)"/>, for counts kept as long (history entries).</summary>
        public static string Count(long count, string singular, string? plural = null) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");

        /// <summary>The noun for a count: "device" for 1, "devices" for any other.</summary>
        public static string Noun(int count, string singular, string? plural = null) =>
            count == 1 ? singular : plural ?? singular + "s";

        /// <summary>
        /// The noun with "a" or "an" by its first letter, for the names messages use: "an Apple TV", "an iPad", "an unknown",
        /// "a Mac". A capital U is "a" (a UDID, a User: said "you"); a small u is "an" (an unknown).
        /// </summary>
        public static string WithArticle(string noun) =>
            (noun.Length != 0 && "AEIOaeiou".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;
    }
}
