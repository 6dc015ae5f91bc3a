using System.Collections.Generic;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// The top-level keys of Apple's Device Assignment Services replies, spelled once: what the JSON reader reads
    /// (<see cref="DepJsonFile"/>, <see cref="DepOtherAppleReplies"/>) and what tells a piped object for one of Apple's replies
    /// (<see cref="Identifying"/>: Import-BmgDepDevice hands such an object on to -InputObject).
    /// </summary>
    public static class DepReplyKeys
    {
        /// <summary>A device response's devices ({"devices": [...]}); an object of serials in Apple's per-device status replies.</summary>
        public const string Devices = "devices";

        /// <summary>
        /// A device's serial in a device response's devices list. No reply of Apple's that <see cref="Identifying"/> names has
        /// it at its top: an object with it (and no devices) is one device of that list, even where it carries profile_uuid.
        /// </summary>
        public const string DeviceSerial = "serial_number";

        /// <summary>A device response's cursor: what the next page is asked for with.</summary>
        public const string Cursor = "cursor";

        /// <summary>A device response's word that another page follows.</summary>
        public const string MoreToFollow = "more_to_follow";

        /// <summary>A profile response's uuid (also a device's key in a device response, with the same meaning for that device).</summary>
        public const string ProfileUuid = "profile_uuid";

        /// <summary>A profile response's name.</summary>
        public const string ProfileName = "profile_name";

        /// <summary>An error reply's code ({"error": "EXPIRED_CURSOR"}).</summary>
        public const string Error = "error";

        /// <summary>
        /// An error reply's code under its other spelling ({"error_code": "EXPIRED_CURSOR"}), which a saved file read as
        /// JSON is told by too (<see cref="DepOtherAppleReplies"/>): a piped object with it alone is the same reply (left32c).
        /// </summary>
        public const string ErrorCode = "error_code";

        /// <summary>
        /// The keys by which a piped object is one of Apple's JSON replies (what Invoke-RestMethod or ConvertFrom-Json returns):
        /// a device response's devices, a profile response's profile_uuid and profile_name, an error reply's error or error_code. Such an
        /// object is read as its JSON would be (<see cref="DepDeviceFile.ReadResponse"/>); Apple's other replies among them are
        /// refused saying what they are, as their saved files are (DepOtherAppleReplies). Not cursor nor more_to_follow alone:
        /// no reply has them without devices.
        /// </summary>
        public static readonly IReadOnlyList<string> Identifying = new[] { Devices, ProfileUuid, ProfileName, Error, ErrorCode };

        /// <summary>The keys an error reply's code is under, in the order they are read (<see cref="DepOtherAppleReplies"/>).</summary>
        public static readonly IReadOnlyList<string> ErrorKeys = new[] { Error, ErrorCode };
    }
}
