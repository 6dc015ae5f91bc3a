using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>What a command does to the device a piped object's Identifier names: which of the module's objects may name it.</summary>
    internal enum PipedUse
    {
        /// <summary>Shows it (Get-BmgDevice, Get-BmgDeviceDepLink, Get-BmgDeviceHistory): any object of the module with an Identifier.</summary>
        Read,

        /// <summary>Changes it (Set-BmgDevice, Unlock-BmgDeviceCheckIn): not from a record of the past, whose Identifier may be another device's now.</summary>
        Change,

        /// <summary>Removes or withdraws it (Remove-BmgDevice, Unregister-BmgDevice): only from objects that are the device.</summary>
        Remove,
    }

    /// <summary>
    /// Which of the module's objects that have an Identifier name a device for a command that changes or removes it. Every
    /// such object binds -Identifier by that property, but only some are the device: a history entry piped to
    /// Remove-BmgDevice must not delete a device by accident (the Identifier it shows was the name then, and another device
    /// may bear it now), nor may a DEP device list (Apple's records, Remove-BmgDepDevice's), a queue of check-in emails or an
    /// import's row results (rows that failed, or updated a device the import did not create).
    /// </summary>
    /// <remarks>
    /// The rule: a command that only shows takes every one. One that changes a device takes those that name the device it is
    /// now (a DEP device's claiming device, an email's device, a row just imported), not records of the past. One that removes
    /// or withdraws takes only the device itself (Device, and the DeviceDepLink row, a view of the device read now). Any other
    /// is refused naming what it is and the way that works: its Identifiers piped on purpose (| ForEach-Object Identifier |),
    /// which is the admin's decision then, not the pipeline's. An object of the module not listed here is judged as a record
    /// of the past: the strict side, until someone decides otherwise.
    /// </remarks>
    internal static class PipedDeviceObjects
    {
        private enum Kind
        {
            /// <summary>The device itself, as read now.</summary>
            Device,

            /// <summary>Something else that names the device it belongs to now.</summary>
            Current,

            /// <summary>A record of the past: its Identifier was the device's name then.</summary>
            Past,
        }

        // Type full name, kind, what it is (after "A DepDevice object is "), and the command that writes such objects.
        private static readonly (string Type, Kind Kind, string What, string? From)[] Types =
        {
            ("BizMobileGo.Core.Devices.Device", Kind.Device, "a device", "Get-BmgDevice"),
            ("BizMobileGo.Core.Devices.DeviceDepLink", Kind.Device, "a device's DEP link", "Get-BmgDeviceDepLink"),
            ("BizMobileGo.Core.Dep.DepDevice", Kind.Current,
                "Apple's record of a serial (Remove-BmgDepDevice removes it), not a device; its Identifier is the device that claims it", "Get-BmgDepDevice"),
            ("BizMobileGo.Core.Dep.CheckInEmail", Kind.Current, "a check-in email, not a device; its Identifier is the device it is for", "Get-BmgCheckInEmail"),
            ("BizMobileGo.Core.Import.ImportRowResult", Kind.Current,
                "one row's result of an import, not a device: the row may have failed, or updated a device the import did not create", "Import-BmgDeviceCsv -PassThru"),
            ("BizMobileGo.Core.History.ChangeEntry", Kind.Past,
                "a history entry, a past change: its Identifier was the device's name then, and may be another device's now or nobody's", "Get-BmgDeviceHistory"),
            ("BizMobileGo.Core.Import.ImportHistoryError", Kind.Past,
                "an error of a past import: its Identifier was the row's then, and may be another device's now or nobody's", null),
        };

        /// <summary>
        /// Why <paramref name="record"/>, one of the module's objects with an Identifier, names no device for a command of
        /// <paramref name="use"/> (<paramref name="command"/>: its name, for the way that works), or null when it does.
        /// </summary>
        public static string? Refusal(PSObject record, PipedUse use, string? command, string typeName)
        {
            if (use == PipedUse.Read)
            {
                return null;
            }

            (string Type, Kind Kind, string What, string? From)? known = Find(record);
            Kind kind = known?.Kind ?? Kind.Past;
            if (kind == Kind.Device || (kind == Kind.Current && use == PipedUse.Change))
            {
                return null;
            }

            string what = known?.What ?? "not a device";
            string verb = use == PipedUse.Remove ? "removes" : "changes";
            string taken = use == PipedUse.Remove ? "only from Device objects and Get-BmgDeviceDepLink's rows" : "not from records of the past";
            string from = known?.From is string producer ? producer + " … | " : "… | ";
            string filter = known?.Type == "BizMobileGo.Core.Import.ImportRowResult" ? "Where-Object DeviceAction -eq 'Created' | " : "";
            string to = command == null ? "" : " " + command;
            return $"{EnglishArticle(typeName)} object is {what}. A command that {verb} devices takes -Identifier {taken}, so that a piped list "
                + $"{verb} no device by accident. If you mean the device its Identifier names now, pipe the Identifier itself: "
                + $"{from}{filter}ForEach-Object Identifier |{to} …";
        }

        private static (string Type, Kind Kind, string What, string? From)? Find(PSObject record)
        {
            // A history query's entry is a ChangeEntry of its own type (DeviceHistoryEntry): known as the entry it is.
            string baseType = record.BaseObject is Core.History.ChangeEntry ? typeof(Core.History.ChangeEntry).FullName! : record.BaseObject.GetType().FullName ?? "";
            // A read-back object (Import-Clixml) names its type "Deserialized.…" (ModuleObjects).
            foreach ((string Type, Kind Kind, string What, string? From) entry in Types)
            {
                if (baseType == entry.Type || ModuleObjects.WasReadBackAs(record, entry.Type))
                {
                    return entry;
                }
            }

            return null;
        }

        private static string EnglishArticle(string type)
        {
            string text = Core.Text.EnglishWords.WithArticle(type);
            return char.ToUpperInvariant(text[0]) + text.Substring(1);
        }
    }
}
