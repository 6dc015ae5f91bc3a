using System;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// Apple's profile_status of a DEP device (the module's CSV calls it ProfileStatus): one of empty, assigned, pushed or
    /// removed. The one rule for both file shapes (<see cref="DepFileEntries.Give"/>): any case is taken and stored in Apple's
    /// lower case, so `Where-Object ProfileStatus -ceq assigned` and Group-Object see one value; other text refuses the entry.
    /// </summary>
    internal static class DepProfileStatus
    {
        internal const string Empty = "empty";
        internal const string Assigned = "assigned";
        internal const string Pushed = "pushed";
        internal const string Removed = "removed";

        private static readonly string[] Statuses = { Empty, Assigned, Pushed, Removed };

        /// <summary>Apple's value for <paramref name="text"/> (any case), or false with the rule it breaks.</summary>
        internal static bool TryParse(string text, out string status, out string? rule)
        {
            string lower = text.ToLowerInvariant();
            if (Array.IndexOf(Statuses, lower) >= 0)
            {
                status = lower;
                rule = null;
                return true;
            }

            status = text;
            rule = "Apple's profile_status is empty, assigned, pushed or removed (any case)";
            return false;
        }

        /// <summary>
        /// True for a status that says the device has no profile: "empty" (none was ever assigned) and "removed" (Apple's
        /// "Remove a Profile": "the devices in the list will have no profiles associated with them"). Such an entry clears the
        /// device's profile, whatever profile_uuid it gives or leaves out (<see cref="DepEntryFields.ApplyFields"/>).
        /// </summary>
        internal static bool SaysNoProfile(string? status) => status == Empty || status == Removed;
    }
}
