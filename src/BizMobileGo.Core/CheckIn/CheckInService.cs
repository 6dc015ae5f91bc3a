using System;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.CheckIn
{
    /// <summary>What a device reported when it checked in.</summary>
    public sealed class CheckInReport
    {
        public string? Identifier { get; set; }
        public string? Code { get; set; }
        public string? Serial { get; set; }
        public string? Udid { get; set; }
        public string? Imei { get; set; }
        public string? Meid { get; set; }
        public string? WifiMac { get; set; }
    }

    /// <summary>Check-in and withdrawal: the only changes a device accepts once its information is locked.</summary>
    public static class CheckInService
    {
        /// <summary>Refused check-ins by Identifier and code (any reason) an Identifier may have within <see cref="LockoutWindow"/>.</summary>
        public const int MaxFailedCheckIns = 5;

        public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(15);

        // Compared against when no device has the Identifier, so that an unknown device takes as long as a wrong code.
        private const string NoDeviceCode = "NoDeviceHasThisIdentifierXXXXXXX";

        public static Device CheckIn(IDeviceStore store, CheckInReport report, DateTimeOffset now, ChangeOrigin? origin = null)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            string? reportedSerial = null;
            if (!string.IsNullOrWhiteSpace(report.Serial))
            {
                if (!AppleSerial.TryParse(report.Serial, out AppleSerial serial, out string? rule))
                {
                    throw Rejected($"the reported Serial '{FieldText.Printable(report.Serial!)}' is not valid: {rule}", report.Serial!);
                }

                reportedSerial = serial.Value;
            }

            Device device;
            DepDevice? depDevice;
            if (string.IsNullOrWhiteSpace(report.Identifier))
            {
                // By serial alone: no code is given, so no answer here can confirm one, and nothing is counted.
                device = FindBySerial(store, reportedSerial, now);
                depDevice = CheckDeviceRules(store, device, report, reportedSerial, now);
            }
            else
            {
                string identifier = CountedIdentifier(report.Identifier!);
                RefuseWhenLockedOut(store, transaction, identifier, now);
                try
                {
                    device = FindByCode(store, report, identifier, reportedSerial);
                    depDevice = CheckDeviceRules(store, device, report, reportedSerial, now);
                    if (device.UseDep && depDevice == null)
                    {
                        // Which method a device enrolls by is no one's business before check-in: the wrong code's answer.
                        throw CodeRefused(identifier, reportedSerial);
                    }
                }
                catch (BmgException e) when (e.ErrorId == ErrorIds.CheckInRejected)
                {
                    // Every refusal after a code was given counts toward the lockout, those that only the right code
                    // reaches too: uncounted and unrecorded, they would confirm a code without a trace or a limit.
                    // Nothing else was written in this transaction, so the commit records the refusal alone.
                    store.RecordCheckInFailure(identifier, now, ErrorIds.CheckInRejected);
                    transaction.Commit();
                    throw;
                }
            }

            Device before = device.Clone();
            if (depDevice != null)
            {
                device.DepDevice = depDevice.SerialNumber;
                // A profile whose name is not known yet is recorded by its uuid rather than not at all.
                device.DepProfile = depDevice.ProfileName ?? depDevice.ProfileUuid;
            }

            device.State = DeviceState.CheckedIn;
            device.CheckedInAt = now;
            store.SaveDevice(before, device, origin ?? ChangeOrigin.Library("CheckInService.CheckIn"));
            new CheckInOutbox(store).SupersedeAfterStateChange(device);
            transaction.Commit();
            return device;
        }

        /// <summary>
        /// The device's own rules, each refusal naming its rule (SPEC: a rejected check-in says which rule failed).
        /// Returns the DEP device a device with DEP on links to; null when DEP is off, or when DEP is on and no serial
        /// was reported (the caller words that refusal: by serial alone it can't happen).
        /// </summary>
        private static DepDevice? CheckDeviceRules(IDeviceStore store, Device device, CheckInReport report, string? reportedSerial, DateTimeOffset now)
        {
            if (device.State != DeviceState.Registered)
            {
                throw Rejected($"device '{device.Identifier}' is already {device.State}", device.Identifier);
            }

            DateTimeOffset expires = device.SavedAt.AddDays(device.ExpirationDays);
            if (now > expires)
            {
                throw Rejected($"the check-in period of device '{device.Identifier}' ended on {ShownTime.ToText(expires)} ({device.ExpirationDays} days after it was last saved); save the device again to renew it", device.Identifier);
            }

            CheckRestriction<WifiMac>(device, FieldNames.WifiMac, device.WifiMac, report.WifiMac, WifiMac.TryParse, v => v.Value);
            CheckRestriction<Imei>(device, FieldNames.IMEI, device.IMEI, report.Imei, Imei.TryParse, v => v.Value);
            CheckRestriction<Meid>(device, FieldNames.MEID, device.MEID, report.Meid, Meid.TryParse, v => v.Value);
            CheckRestriction<Udid>(device, FieldNames.UDID, device.UDID, report.Udid, Udid.TryParse, v => v.Value);

            if (device.Serial != null && device.Serial != reportedSerial)
            {
                throw Rejected(reportedSerial == null
                    ? $"device '{device.Identifier}' is registered with Serial '{device.Serial}', so the check-in must report that serial (-Serial)"
                    : $"device '{device.Identifier}' is registered with Serial '{device.Serial}' but reported '{reportedSerial}'", device.Identifier);
            }

            if (!device.UseDep || reportedSerial == null)
            {
                return null;
            }

            DepDevice depDevice = store.GetDepDevice(reportedSerial)
                ?? throw Rejected($"serial '{reportedSerial}' is not a DEP device assigned to this MDM; import Apple's device list with Import-BmgDepDevice first", device.Identifier);
            if (WhyNotLinkable(store, depDevice, device) is string reason)
            {
                throw Rejected(reason, device.Identifier);
            }

            return depDevice;
        }

        /// <summary>
        /// Why <paramref name="depDevice"/> can't become <paramref name="device"/>'s DEP device at its check-in, or null: a
        /// released serial, a DEP device that is not an iPhone/iPad, or one another device record holds (registered with its
        /// serial, or checked in as it: one DEP device is one record, <see cref="SerialHolders"/>). The check-in rejects for
        /// it; <see cref="WhyCheckInWouldFail"/> asks it before a check-in (the check-in email).
        /// </summary>
        private static string? WhyNotLinkable(IDeviceStore store, DepDevice depDevice, Device device)
        {
            if (depDevice.ReleasedReason is string released)
            {
                return released;
            }

            if (!depDevice.IsIos)
            {
                return $"serial '{depDevice.SerialNumber}' is {EnglishWords.WithArticle(DepPlatform.Describe(depDevice.Family))} DEP device; DEP enrollment here is for iOS devices (iPhone, iPad)";
            }

            if (SerialHolders.Other(store, depDevice.SerialNumber, device.Identifier) is SerialHolder holder)
            {
                return $"the DEP device '{depDevice.SerialNumber}' belongs to {holder.Describe(depDevice.SerialNumber)}"
                    + (holder.CheckedInAs ? "" : " (its Serial)")
                    + $"; one DEP device is one device record. If '{holder.Device.Identifier}' is this device's old record, withdraw it (Unregister-BmgDevice) and remove it (Remove-BmgDevice), then check in again";
            }

            return null;
        }

        /// <summary>
        /// Why a check-in of the Registered <paramref name="device"/> would be rejected whatever it reports, as far as the store
        /// can tell before it: a device that enrolls through DEP with a registered Serial whose DEP device can't be linked
        /// (<see cref="WhyNotLinkable"/>: released by Apple, not an iOS device, another record's). Null when it may check in,
        /// or when that depends on what it reports (a Keycode device without a Serial; a serial Apple's list lacks yet, which
        /// an import of the list may add before the user checks in). The check-in email holds its code for it (CheckInEmailSender).
        /// </summary>
        public static string? WhyCheckInWouldFail(IDeviceStore store, Device device)
        {
            if (!device.UseDep || device.Serial == null || device.State != DeviceState.Registered)
            {
                return null;
            }

            DepDevice? depDevice = store.GetDepDevice(device.Serial);
            return depDevice == null ? null : WhyNotLinkable(store, depDevice, device);
        }

        private static Device FindBySerial(IDeviceStore store, string? reportedSerial, DateTimeOffset now)
        {
            if (reportedSerial == null)
            {
                throw Rejected("give -Serial for a device that enrolls by DEP serial, or -Identifier with -Code", "");
            }

            Device? bySerial = store.GetDeviceBySerial(reportedSerial);
            if (bySerial == null || bySerial.DEPMethod != DepMethod.Serial)
            {
                // A refused check-in as every other (CheckInRejected, as its words and the help say), not DeviceNotFound.
                throw new BmgException(ErrorIds.CheckInRejected, BmgErrorCategory.SecurityError,
                    $"Check-in rejected: no device enrolls by DEP serial with Serial '{reportedSerial}'; a device enrolled by key code or without DEP checks in with -Identifier and -Code."
                    + SerialMeant(store, reportedSerial, bySerial, now)
                    + " Nothing was changed.", reportedSerial);
            }

            return bySerial;
        }

        /// <summary>
        /// The refusal's explanation, one at most: a serial reported with O or I for 0 or 1 (Dep.DepSerialLookalike) names the
        /// device registered with the digits. When no device has the serial now (<paramref name="holder"/> null; one that has it,
        /// enrolled otherwise, is what the first sentence says), the device whose Serial an edit took it from lately
        /// (SerialFormerHolder), which also says Apple's list has it; else, for a serial of Apple's list, that a device's Serial
        /// may be the one mistyped, which its DEP link flags (walkthrough 40: the two read as two unrelated guesses together).
        /// </summary>
        private static string SerialMeant(IDeviceStore store, string reportedSerial, Device? holder, DateTimeOffset now)
        {
            string meant = Dep.DepSerialLookalike.DeviceSerial(store, reportedSerial);
            if (holder != null)
            {
                return meant;
            }

            DepDevice? listed = store.GetDepDevice(reportedSerial) is { ReleasedAt: null } depDevice ? depDevice : null;
            string formerHolder = SerialFormerHolder.Hint(store, reportedSerial, listed?.SerialNumber, now);
            if (meant.Length != 0 || formerHolder.Length != 0)
            {
                return meant + formerHolder;
            }

            return listed != null
                ? $" '{reportedSerial}' is in Apple's DEP device list, but no device record has it: if a device's Serial was mistyped "
                    + "(the letter O or I for 0 or 1), Get-BmgDeviceDepLink flags it as not in Apple's list; correct it with Set-BmgDevice -Serial."
                : "";
        }

        /// <summary>The Identifier as the refused check-ins count it.</summary>
        private static string CountedIdentifier(string given)
        {
            string identifier = given.Trim();
            // No device has a longer Identifier; the cut keeps what the store records small.
            return identifier.Length > DeviceIdentifier.MaxLength ? identifier.Substring(0, DeviceIdentifier.MaxLength + 1) : identifier;
        }

        private static void RefuseWhenLockedOut(IDeviceStore store, IStoreTransaction transaction, string identifier, DateTimeOffset now)
        {
            if (CheckInLockout.LocksOut(store.CountCheckInFailures(identifier, now - LockoutWindow, ErrorIds.CheckInRejected)))
            {
                // The refusal is recorded too (nothing else was written in this transaction).
                store.RecordCheckInFailure(identifier, now, ErrorIds.CheckInLockedOut);
                transaction.Commit();
                throw new BmgException(ErrorIds.CheckInLockedOut, BmgErrorCategory.SecurityError,
                    $"Check-in refused: {MaxFailedCheckIns} check-ins for Identifier '{FieldText.Printable(identifier)}' failed within {LockoutWindow.TotalMinutes:0} minutes, "
                    + $"so its check-ins are refused until those failures are {LockoutWindow.TotalMinutes:0} minutes old. Nothing was changed.", identifier);
            }
        }

        private static Device FindByCode(IDeviceStore store, CheckInReport report, string identifier, string? reportedSerial)
        {
            // Whether the device is unknown or the code is wrong, the answer (and the time it takes) is the same:
            // the error must not tell whether a device with this Identifier exists.
            Device? device = store.GetDevice(identifier);
            string given = report.Code?.Trim() ?? "";
            bool codeMatches = CheckInCode.FixedTimeEquals(device?.PlainCode ?? NoDeviceCode, given) && device != null && given.Length != 0;
            if (!codeMatches || device!.DEPMethod == DepMethod.Serial)
            {
                // A device that enrolls by DEP serial is never checked in by code: its refusal is the wrong code's, so
                // that it does not tell a right code from a wrong one (walkthrough 27).
                throw CodeRefused(identifier, reportedSerial);
            }

            return device;
        }

        /// <summary>
        /// The one answer to a check-in by -Identifier and -Code that neither the code nor the device decides: an
        /// unknown device, a wrong code, a device that enrolls by DEP serial and a DEP device that reported no serial
        /// all read alike. Its hint depends only on whether -Serial was given, so it gives nothing away.
        /// </summary>
        private static BmgException CodeRefused(string identifier, string? reportedSerial) =>
            Rejected($"unknown device or wrong code for Identifier '{FieldText.Printable(identifier)}' ("
                + (reportedSerial == null
                    ? "a device that enrolls through DEP also reports its serial number with -Serial"
                    : "a device that enrolls by DEP serial checks in with -Serial only, without -Identifier and -Code")
                + ")", identifier);

        private delegate bool TryParser<T>(string? text, out T value, out string? rule);

        private static void CheckRestriction<T>(Device device, string field, string? registered, string? reported, TryParser<T> parse, Func<T, string> normalized)
        {
            if (registered == null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(reported))
            {
                throw Rejected($"device '{device.Identifier}' is restricted to {field} '{registered}', and the check-in reported no {field}", device.Identifier);
            }

            if (!parse(reported, out T value, out string? rule))
            {
                throw Rejected($"the reported {field} '{FieldText.Printable(reported!)}' is not valid: {rule}", device.Identifier);
            }

            if (normalized(value) != registered)
            {
                throw Rejected($"device '{device.Identifier}' is restricted to {field} '{registered}', but the check-in reported '{normalized(value)}'", device.Identifier);
            }
        }

        /// <summary>Withdraws a device: from then on its information stays as it is.</summary>
        public static Device Withdraw(IDeviceStore store, string identifier, Func<Device, bool> confirm, DateTimeOffset now, ChangeOrigin? origin = null) =>
            ConfirmedChange.Run(store, () =>
            {
                Device device = store.GetDevice(identifier) ?? throw DeviceEditor.NotFoundWithoutRename(store, identifier);
                if (device.State == DeviceState.Withdrawn)
                {
                    throw new BmgException(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation,
                        $"Device '{device.Identifier}' was already withdrawn on {ShownTime.ToText(device.WithdrawnAt)}.", device.Identifier);
                }

                return device;
            }, _ => true, confirm, device =>
            {
                Device before = device.Clone();
                device.State = DeviceState.Withdrawn;
                device.WithdrawnAt = now;
                store.SaveDevice(before, device, origin ?? ChangeOrigin.Library("CheckInService.Withdraw"));
                new CheckInOutbox(store).SupersedeAfterStateChange(device);
            });

        private static BmgException Rejected(string reason, object target) =>
            new BmgException(ErrorIds.CheckInRejected, BmgErrorCategory.SecurityError, $"Check-in rejected: {reason}. Nothing was changed.", target);
    }
}
