using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The stored keys that are a bare number with leading zeros: '0042' for '42'. Excel drops a digits-only cell's leading
    /// zeros when it opens a CSV by double-click, so a new device '42' or user '123' beside a stored '0042' or '000123' is
    /// likely that (walkthrough 20, finding 1): the planner warns of it (<see cref="Import.LeadingZeros"/>).
    /// </summary>
    public interface IZeroPaddedKeyReads
    {
        /// <summary>
        /// The UserNames and Identifiers the store holds that are one of <paramref name="userNames"/> or
        /// <paramref name="identifiers"/> (each a bare number: ASCII digits, the first not '0') led by one or more '0's.
        /// One look-up for a chunk's keys: a range of the key index (the keys starting with '0'), never every key.
        /// </summary>
        ZeroPaddedKeys FindZeroPaddedKeys(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers);
    }

    /// <summary>What <see cref="IZeroPaddedKeyReads.FindZeroPaddedKeys"/> found, in no particular order.</summary>
    public sealed class ZeroPaddedKeys
    {
        public static readonly ZeroPaddedKeys None = new ZeroPaddedKeys(new List<string>(), new List<string>());

        public ZeroPaddedKeys(IReadOnlyList<string> userNames, IReadOnlyList<string> identifiers)
        {
            UserNames = userNames;
            Identifiers = identifiers;
        }

        public IReadOnlyList<string> UserNames { get; }

        public IReadOnlyList<string> Identifiers { get; }
    }
}
