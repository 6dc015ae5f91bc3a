using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// A warning of a DEP import or removal: its text, and for one a command says once for all of its devices
    /// (<see cref="BatchedWarning"/>) its kind and the subject the batch names it by (a device's Identifier, a DEP serial).
    /// A command batches it by the kind it carries (round 39 looked the kind up by the warning's text, in a dictionary kept
    /// beside the list of texts). Each batched kind's text is formatted here, with its kind and subject, so no caller pairs
    /// a text with a kind by hand.
    /// </summary>
    public sealed record DepWarning
    {
        private DepWarning(string text, BatchedWarningKind? kind, string? subject)
        {
            Text = text;
            Kind = kind;
            Subject = subject;
        }

        /// <summary>What the user reads.</summary>
        public string Text { get; }

        /// <summary>The kind a command says once for many (<see cref="BatchedWarning.Summary"/>); null for a warning said as it comes.</summary>
        public BatchedWarningKind? Kind { get; }

        /// <summary>What a batch of <see cref="Kind"/> names this warning by; null when <see cref="Kind"/> is.</summary>
        public string? Subject { get; }

        public override string ToString() => Text;

        /// <summary>A warning said as it comes: a file's own, a release kept, -Force's list of another server.</summary>
        internal static DepWarning Said(string text) => new DepWarning(text, null, null);

        internal static IEnumerable<DepWarning> Said(IEnumerable<string> texts) => texts.Select(Said);

        /// <summary>
        /// A serial left Apple's list (removed by hand, or released by a sync response) while the device whose Serial it is
        /// still has to check in through DEP (<see cref="DeviceDepLink.ChecksInThroughDep"/>): its check-in will be refused,
        /// and the kitting team should hear it now, not at setup. <paramref name="gone"/> says how it left. Null when no such
        /// device. Named by the device (<see cref="BatchedWarningKind.DepSerialLeft"/>).
        /// </summary>
        internal static DepWarning? SerialLeft(IDeviceStore store, Device? holder, string serial, string gone) =>
            holder != null && DeviceDepLink.ChecksInThroughDep(holder.State, holder.DEPMethod)
                ? new DepWarning($"Device '{holder.Identifier}' {SearchedStore.In(store)} is still to check in through DEP with Serial '{serial}', {gone}: its check-in "
                    + "will be refused until Apple's list has it again (Import-BmgDepDevice) or the device's Serial is corrected.",
                    BatchedWarningKind.DepSerialLeft, holder.Identifier)
                : null;

        /// <summary>
        /// A file without a time re-adds a serial Apple released (<see cref="DepReleaseOverride"/>). Named by the serial
        /// (<see cref="BatchedWarningKind.DepReleaseUndone"/>).
        /// </summary>
        internal static DepWarning ReleaseUndone(DepReleaseOverride undone, string source) =>
            new DepWarning($"DEP device '{undone.SerialNumber}', which Apple released on {ShownTime.ToText(undone.ReleasedAt)}, is active again: '{source}' ({undone.Where}) "
                + "lists it as this MDM's, and the file has no time of its own (no op_date or fetched_until) to show it is newer than the release, so its devices "
                + "can check in through DEP again. If the file is older than the release, import Apple's newer data (a sync response, or a new download of the "
                + $"list) or remove the serial with Remove-BmgDepDevice {undone.SerialNumber}.",
                BatchedWarningKind.DepReleaseUndone, undone.SerialNumber);

        /// <summary>
        /// A removed DEP device is still used by <paramref name="holder"/> (not one still to check in with an active serial:
        /// <see cref="SerialLeft"/>): its release, or its DepDevice, silently left the device's link view (walkthrough 39, 6).
        /// Null when no device uses it. Named by the device (<see cref="BatchedWarningKind.DepDeviceRemoved"/>).
        /// </summary>
        internal static DepWarning? DeviceRemoved(IDeviceStore store, Device? holder, DepDevice removed)
        {
            if (holder == null)
            {
                return null;
            }

            string device = $"Device '{holder.Identifier}' {SearchedStore.In(store)}";
            string? text = removed.ReleasedAt is DateTimeOffset released
                ? $"{device} uses DEP device '{removed.SerialNumber}', which Apple released on {ShownTime.ToText(released)} and is now removed: Get-BmgDeviceDepLink "
                    + "no longer shows the release (DepReleasedAt is empty), and the device's history records it (DepReleased to none)."
                : string.Equals(holder.DepDevice, removed.SerialNumber, StringComparison.Ordinal)
                    ? $"{device} checked in through DEP with '{removed.SerialNumber}' and keeps it as its DepDevice, but the store no longer holds that DEP device: "
                        + "import Apple's list again (Import-BmgDepDevice) if it is still this MDM's."
                    : null;
            return text == null ? null : new DepWarning(text, BatchedWarningKind.DepDeviceRemoved, holder.Identifier);
        }
    }
}
