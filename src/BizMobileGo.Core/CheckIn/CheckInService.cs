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
        /// <summary>Refused check-ins (unknown device or wrong code) an Identifier may have within <see cref="LockoutWindow"/>.</summary>
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

            Device device = FindDevice(store, transaction, report, reportedSerial, now);
            Device before = device.Clone();
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

            if (device.UseDep)
            {
                if (reportedSerial == null)
                {
                    throw Rejected($"device '{device.Identifier}' enrolls through DEP, so the check-in must report the device's serial number (-Serial)", device.Identifier);
                }

                DepDevice depDevice = store.GetDepDevice(reportedSerial)
                    ?? throw Rejected($"serial '{reportedSerial}' is not a DEP device assigned to this MDM; import Apple's device list with Import-BmgDepDevice first", device.Identifier);
                CheckLinkable(depDevice, device);
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

        /// <summary>A released serial or a DEP device that is not an iPhone/iPad can't become a device's DEP device.</summary>
        private static void CheckLinkable(DepDevice depDevice, Device device)
        {
            if (depDevice.ReleasedReason is string released)
            {
                throw Rejected(released, device.Identifier);
            }

            if (!depDevice.IsIos)
            {
                throw Rejected($"serial '{depDevice.SerialNumber}' is {EnglishWords.WithArticle(DepPlatform.Describe(depDevice.Family))} DEP device; DEP enrollment here is for iOS devices (iPhone, iPad)", device.Identifier);
            }
        }

        private static Device FindDevice(IDeviceStore store, IStoreTransaction transaction, CheckInReport report, string? reportedSerial, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(report.Identifier))
            {
                if (reportedSerial == null)
                {
                    throw Rejected("give -Serial for a device that enrolls by DEP serial, or -Identifier with -Code", "");
                }

                Device? bySerial = store.GetDeviceBySerial(reportedSerial);
                if (bySerial == null || bySerial.DEPMethod != DepMethod.Serial)
                {
                    // A refused check-in as every other (CheckInRejected, as its words and the help say), not DeviceNotFound.
                    throw Rejected($"no device enrolls by DEP serial with Serial '{reportedSerial}'; a device enrolled by key code or without DEP checks in with -Identifier and -Code", reportedSerial);
                }

                return bySerial;
            }

            string identifier = report.Identifier!.Trim();
            if (identifier.Length > DeviceIdentifier.MaxLength)
            {
                // No device has a longer Identifier; the cut keeps what the store records small.
                identifier = identifier.Substring(0, DeviceIdentifier.MaxLength + 1);
            }

            if (CheckInLockout.LocksOut(store.CountCheckInFailures(identifier, now - LockoutWindow, ErrorIds.CheckInRejected)))
            {
                // The refusal is recorded too (nothing else was written in this transaction).
                store.RecordCheckInFailure(identifier, now, ErrorIds.CheckInLockedOut);
                transaction.Commit();
                throw new BmgException(ErrorIds.CheckInLockedOut, BmgErrorCategory.SecurityError,
                    $"Check-in refused: {MaxFailedCheckIns} check-ins for Identifier '{FieldText.Printable(identifier)}' failed within {LockoutWindow.TotalMinutes:0} minutes, "
                    + $"so its check-ins are refused until those failures are {LockoutWindow.TotalMinutes:0} minutes old. Nothing was changed.", identifier);
            }

            // Whether the device is unknown or the code is wrong, the answer (and the time it takes) is the same:
            // the error must not tell whether a device with this Identifier exists.
            Device? device = store.GetDevice(identifier);
            string given = report.Code?.Trim() ?? "";
            bool codeMatches = CheckInCode.FixedTimeEquals(device?.Code ?? NoDeviceCode, given) && device != null && given.Length != 0;
            if (!codeMatches)
            {
                store.RecordCheckInFailure(identifier, now, ErrorIds.CheckInRejected);
                transaction.Commit();
                throw Rejected($"unknown device or wrong code for Identifier '{FieldText.Printable(identifier)}'", identifier);
            }

            if (device!.DEPMethod == DepMethod.Serial)
            {
                throw Rejected($"device '{device.Identifier}' enrolls by DEP serial, so it is found by its serial alone: check in with -Serial", device.Identifier);
            }

            return device;
        }

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
                Device device = store.GetDevice(identifier) ?? throw DeviceEditor.NotFound(identifier);
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
