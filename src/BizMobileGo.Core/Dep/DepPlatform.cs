using System;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// The one rule for "is this DEP device an iOS device": DEP enrollment here is for iOS (iPadOS
    /// counts as iOS), while Apple's list also holds Macs, Apple TVs and Vision devices.
    /// </summary>
    public static class DepPlatform
    {
        private static readonly string[] IosFamilies = { "iPhone", "iPad", "iPod" };

        /// <summary>
        /// Apple's device_family when given; else the family Apple's os names; else the one the model's
        /// name starts with (Apple Business Manager's CSV has only a model); null when nothing says.
        /// </summary>
        public static string? FamilyOf(DepDevice device)
        {
            if (device.DeviceFamily != null)
            {
                return device.DeviceFamily;
            }

            string? byOs = device.OS?.Trim().ToLowerInvariant() switch
            {
                null => null,
                "ios" => null, // iOS alone does not say iPhone or iPad
                "ipados" => "iPad",
                "osx" or "macos" => "Mac",
                "tvos" => "AppleTV",
                "visionos" or "xros" => "Vision",
                "watchos" => "Watch",
                _ => device.OS,
            };
            return byOs ?? FamilyOfModel(device.Model);
        }

        public static bool IsIos(DepDevice device)
        {
            if (device.OS != null && (device.OS.Equals("iOS", StringComparison.OrdinalIgnoreCase) || device.OS.Equals("iPadOS", StringComparison.OrdinalIgnoreCase))
                && device.DeviceFamily == null)
            {
                return true;
            }

            string? family = FamilyOf(device);
            return family == null || Array.Exists(IosFamilies, f => f.Equals(family, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>A readable name of a family for messages ("Mac", "Apple TV", "Apple Vision").</summary>
        public static string Describe(string? family) => family switch
        {
            null => "unknown",
            "AppleTV" => "Apple TV",
            "Vision" => "Apple Vision",
            _ => family,
        };

        private static readonly (string Prefix, string Family)[] ModelPrefixes =
        {
            ("iPhone", "iPhone"), ("iPad", "iPad"), ("iPod", "iPod"), ("Mac", "Mac"), ("iMac", "Mac"),
            ("Apple TV", "AppleTV"), ("Apple Vision", "Vision"),
        };

        private static string? FamilyOfModel(string? model)
        {
            string text = model?.Trim() ?? "";
            foreach ((string prefix, string family) in ModelPrefixes)
            {
                if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return family;
                }
            }

            return null;
        }
    }
}
