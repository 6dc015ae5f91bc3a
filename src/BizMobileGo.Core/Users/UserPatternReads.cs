using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// The users (and their devices) wildcard patterns of user names may select, read by the patterns' literal starts
    /// (<see cref="WildcardPrefix.IdentifierStart"/>, the rule device look-ups use) rather than by reading every user:
    /// <c>Get-BmgUser user001234*</c> and <c>Get-BmgDevice -UserName user001234*</c> on 100,000 users read the few of their
    /// ranges (<see cref="NamePrefix.UserNameRanges"/>; walkthrough 25, finding 3). The patterns stay the final word: the
    /// ranges hold every name they may match, and the caller filters with them.
    /// </summary>
    public static class UserPatternReads
    {
        /// <summary>
        /// More users than this matched by a -UserName pattern: their devices are read in one scan of every device rather than
        /// one indexed read a user (a read of one user's devices costs about what a scan costs for ~20 devices, and a
        /// pattern such as <c>u*</c> matches every user).
        /// </summary>
        public const int DevicesReadByUserUpTo = 1000;

        /// <summary>
        /// The users <paramref name="patterns"/> (PowerShell wildcard patterns of user names) may match: by user name as
        /// <see cref="IUserStore.GetUsers"/> orders them, each once; every user when a pattern starts with a wildcard.
        /// </summary>
        public static IEnumerable<User> Candidates(IUserStore store, IEnumerable<string> patterns)
        {
            var starts = new List<string>();
            foreach (string pattern in patterns)
            {
                string start = WildcardPrefix.IdentifierStart(pattern);
                if (start.Length == 0)
                {
                    return store.GetUsers();
                }

                starts.Add(start);
            }

            List<string> distinct = starts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count == 1)
            {
                return store.GetUsersStartingWith(distinct[0]);
            }

            // Several starts' ranges may overlap (each reads the names past ASCII after its shorter starts): each user once, in
            // GetUsers' order (the stores sort user names by code point, as ordinal comparison does below U+D800).
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return distinct.SelectMany(store.GetUsersStartingWith).Where(user => seen.Add(user.UserName))
                .OrderBy(user => user.UserName, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// The devices of the users whose names <paramref name="isMatch"/> accepts among <paramref name="pattern"/>'s candidates,
        /// by Identifier as <see cref="IDeviceRecordStore.GetDevices"/> orders them: each matched user's devices (an index
        /// each), or every device when the pattern starts with a wildcard or matches more than <see cref="DevicesReadByUserUpTo"/>
        /// users. The caller still filters by the pattern.
        /// </summary>
        public static IEnumerable<Device> DevicesOfMatchingUsers(IDeviceStore store, string pattern, Func<string, bool> isMatch)
        {
            if (WildcardPrefix.IdentifierStart(pattern).Length == 0)
            {
                return store.GetDevices();
            }

            var matched = new List<string>();
            foreach (User user in store.GetUsersStartingWith(WildcardPrefix.IdentifierStart(pattern)))
            {
                if (isMatch(user.UserName))
                {
                    matched.Add(user.UserName);
                    if (matched.Count > DevicesReadByUserUpTo)
                    {
                        return store.GetDevices();
                    }
                }
            }

            // Identifiers are unique ignoring ASCII case, and the stores sort them folded, by code point (DevicePatternReads).
            return matched.SelectMany(store.GetDevicesOfUser)
                .OrderBy(device => UserNameHint.FoldAscii(device.Identifier), StringComparer.Ordinal).ToList();
        }
    }
}
