using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Devices
{
    /// <summary>The kinds of a device change's warning that a command changing many devices says once (<see cref="BatchedWarning"/>).</summary>
    public enum BatchedWarningKind
    {
        /// <summary>A device handed to another user keeps a RegistrationEmail that is not the new user's (<see cref="Outbox.HandedOverCheckInEmail"/>).</summary>
        CheckInEmailStaysWithPreviousUser,

        /// <summary>A DEP link Get-BmgDeviceDepLink flags, set by the change (<see cref="DeviceEditor.DepLinkWarning(IDeviceStore, Import.RecordPlan{Device})"/>).</summary>
        DepLink,

        /// <summary>
        /// A device unlinked by Remove-BmgUser -Force keeps a RegistrationEmail that is not the removed user's address
        /// (<see cref="Outbox.HandedOverCheckInEmail.KeptAfterUserRemoved"/>).
        /// </summary>
        AddressKeptAfterUserRemoved,

        /// <summary>
        /// A device still to check in through DEP whose serial left Apple's DEP device list: an import released it, or
        /// Remove-BmgDepDevice removed it (<see cref="Dep.DepWarning.SerialLeft"/>). Named by the device.
        /// </summary>
        DepSerialLeft,

        /// <summary>A serial Apple released that a file without a time of its own makes active again (<see cref="Dep.DepReleaseOverride"/>). Named by the serial.</summary>
        DepReleaseUndone,

        /// <summary>
        /// A device whose DEP device Remove-BmgDepDevice removed while it keeps using it (checked in, or its serial released):
        /// its link no longer shows the release, and its DepDevice names a serial the store no longer holds. Named by the device.
        /// </summary>
        DepDeviceRemoved,
    }

    /// <summary>
    /// What a command that changes many devices in one run (piped devices, several identifiers) says once for each kind of
    /// warning more than one device got: how many, the first few by Identifier, and what to do, where each device's own
    /// warning (then about 300 characters, five lines at 80 columns) for 200 piped devices buried everything else (walkthrough
    /// 25, 7). Each device's own warning is then a verbose line; a kind only one device got is said in that device's words.
    /// </summary>
    public static class BatchedWarning
    {
        /// <summary>How many devices a summary names; the rest are counted.</summary>
        public const int Named = 5;

        /// <param name="count">How many devices got the warning.</param>
        /// <param name="first">The first <see cref="Named"/> of them (or fewer), by Identifier, in the order they were changed.</param>
        /// <param name="store">The command's store: the DEP kind names it, as each device's DEP warning does (<see cref="SearchedStore"/>).</param>
        /// <param name="eachShownBy">
        /// Where each device's own warning is, when not in the command's verbose lines: an import keeps no device's warning past
        /// its chunk of rows (<see cref="Import.ImportDepLinks"/>), and names the command that shows each.
        /// </param>
        public static string Summary(BatchedWarningKind kind, int count, IReadOnlyList<string> first, IDeviceStore store, string? eachShownBy = null)
        {
            string named = string.Join(", ", first.Select(identifier => $"'{FieldText.Printable(identifier)}'"))
                + (count > first.Count ? $" and {count - first.Count} more" : "");
            string devices = EnglishWords.Amount(count, "device");
            return kind switch
            {
                BatchedWarningKind.CheckInEmailStaysWithPreviousUser =>
                    $"{devices} go to another user, but their check-in codes go to addresses not the new users' ({named}); "
                    + "give each its new user's address as RegistrationEmail. -Verbose writes each device's warning.",
                BatchedWarningKind.AddressKeptAfterUserRemoved =>
                    $"{devices} of the removed users keep a RegistrationEmail that is not their user's address ({named}): the next change "
                    + "of each queues its check-in code there; clear it with Set-BmgDevice <Identifier> -RegistrationEmail ''. "
                    + "-Verbose writes each device's warning.",
                BatchedWarningKind.DepSerialLeft =>
                    $"{devices} {SearchedStore.In(store)} are still to check in through DEP with a serial that is no longer in Apple's DEP device list ({named}): "
                    + "their check-ins will be refused until Apple's list has their serials again (Import-BmgDepDevice) or their Serial is corrected. "
                    + (eachShownBy ?? "-Verbose writes each device's warning."),
                BatchedWarningKind.DepReleaseUndone =>
                    $"{EnglishWords.Amount(count, "DEP device")} Apple had released {(count == 1 ? "is" : "are")} active again ({named}): the file lists them as this MDM's "
                    + "and has no time of its own (no op_date or fetched_until) to show it is newer than the releases, so their devices can check in through DEP again. "
                    + "If the file is older than the releases, import Apple's newer data or remove the serials with Remove-BmgDepDevice. -Verbose writes each serial's warning.",
                BatchedWarningKind.DepDeviceRemoved =>
                    $"{devices} {SearchedStore.In(store)} used DEP devices that were removed ({named}): Get-BmgDeviceDepLink no longer shows a release for them, "
                    + "and their DepDevice names a serial the store no longer holds; a removed release is in each device's history (DepReleased). "
                    + "-Verbose writes each device's warning.",
                _ => $"{devices} {SearchedStore.In(store)} will have their check-ins through DEP refused ({named}): Get-BmgDeviceDepLink flags each (a serial "
                    + "Apple's DEP device list lacks, a DEP device Apple released, or one that is not an iOS device), and its Warning "
                    + "says what to do. " + (eachShownBy ?? "-Verbose writes each device's warning."),
            };
        }
    }
}
