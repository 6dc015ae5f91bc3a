using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Import
{
    // The device's checks against other records: DEP enrollment, Apple's list, a serial another device holds.
    public sealed partial class RecordPlanner
    {
        // The fields each check reads (besides the Identifier).
        private static readonly string[] DepEnrollmentReads = { FieldNames.OS, FieldNames.DEPMethod, FieldNames.Serial };
        private static readonly string[] DepDeviceReads = { FieldNames.DEPMethod, FieldNames.Serial };
        private static readonly string[] SerialHolderReads = { FieldNames.Serial };

        /// <summary>
        /// Whether none of the row's errors is about one of <paramref name="fields"/> (an error of no field counts as about
        /// every field): a check that reads only those fields can still say what else is wrong with the row.
        /// </summary>
        // Per row, three times (walk43): compiled optimized at once as the checks it guards (it ran tiered, perf44).
        [MethodImpl(PerRowCode.Compile)]
        private static bool NoErrorOn(List<RecordError> errors, string[] fields)
        {
            foreach (RecordError error in errors)
            {
                if (error.Field == null || System.Array.IndexOf(fields, error.Field) >= 0)
                {
                    return false;
                }
            }

            return true;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static void CheckDepEnrollment(Device proposed, List<RecordError> errors)
        {
            if (proposed.DEPMethod == null)
            {
                return;
            }

            if (proposed.OS != DeviceOs.Ios.Value)
            {
                errors.Add(new RecordError(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidData,
                    $"DEPMethod value '{DepMethods.ToText(proposed.DEPMethod.Value)}' is not valid: DEP enrollment is only for iOS devices, and device '{proposed.Identifier}' is '{proposed.OS}'.",
                    FieldNames.DEPMethod, DepMethods.ToText(proposed.DEPMethod.Value), namesRecord: true));
            }
            else if (proposed.DEPMethod == DepMethod.Serial && proposed.Serial == null)
            {
                errors.Add(RecordError.Missing(FieldNames.Serial, $"DEPMethod 'Serial' matches the DEP device by its serial number, so device '{proposed.Identifier}' needs a Serial", namesRecord: true));
            }
        }

        /// <summary>
        /// A device with DEP on is linked to the DEP device of its Serial at check-in: refuse the link now when
        /// Apple's list says that serial is a Mac, Apple TV or Vision device. Checked only when the link changes,
        /// so a device saved before Apple's list said so can still be edited.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void CheckDepDeviceIsIos(Device proposed, Device? existing, List<RecordError> errors)
        {
            if (proposed.DEPMethod == null || proposed.Serial == null
                || (existing != null && existing.DEPMethod != null && existing.Serial == proposed.Serial) || !HasNonIosDepDevices)
            {
                return;
            }

            DepDevice? depDevice = _reads.GetDepDevice(proposed.Serial);
            if (depDevice != null && depDevice.ReleasedAt == null && !depDevice.IsIos)
            {
                errors.Add(new RecordError(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidData,
                    $"Serial value '{proposed.Serial}' is not valid for DEP enrollment: Apple's DEP device list says it is {EnglishWords.WithArticle(DepPlatform.Describe(depDevice.Family))}, and DEP enrollment is only for iOS devices (iPhone, iPad).",
                    FieldNames.Serial, proposed.Serial));
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private void CheckSerialIsFree(Device proposed, Device? existing, List<RecordError> errors)
        {
            if (proposed.Serial == null || proposed.Serial == existing?.Serial)
            {
                return;
            }

            // Held as another record's Serial, or as the DEP device another record checked in as (SerialHolders).
            SerialHolder? holder = SerialHolders.Other(existing?.Identifier, _reads.GetDeviceBySerial(proposed.Serial), _reads.GetDevicesCheckedInAs(proposed.Serial));
            if (holder != null)
            {
                Device held = holder.Device;
                errors.Add(DuplicateSerial(proposed.Serial, proposed.Identifier, held.Identifier, LocateDevice?.Invoke(held.Identifier), held.State, holder.CheckedInAs));
            }
        }

        /// <summary>
        /// The error for a serial that another device record holds; the import adds the line of that record. A holder that
        /// is locked can't give the serial up by an edit (DeviceLocked), so the error says its state and the way out
        /// (walkthrough 20, finding 7): a returned phone re-kitted for a new user still has its Withdrawn record, which
        /// Remove-BmgDevice removes; a CheckedIn one is withdrawn first (Unregister-BmgDevice).
        /// </summary>
        /// <param name="checkedInAs">The holder holds the serial as the DEP device it checked in as (its DepDevice), not as its Serial.</param>
        public static RecordError DuplicateSerial(string serial, string identifier, string holder, string? holderLocation = null,
            DeviceState holderState = DeviceState.Registered, bool checkedInAs = false) =>
            new RecordError(ErrorIds.DuplicateSerial, BmgErrorCategory.ResourceExists,
                $"Serial '{serial}' of device '{identifier}' is already held by device '{holder}'{holderLocation}"
                + (checkedInAs ? $", which checked in as the DEP device '{serial}' and is {holderState}"
                    : holderState == DeviceState.Registered ? "" : $", which is {holderState}")
                + "; a serial can belong to one device only."
                + (holderState switch
                {
                    DeviceState.Withdrawn => $" To give the serial to a new record (a returned device re-kitted), remove the withdrawn record first: Remove-BmgDevice -Identifier '{holder}'.",
                    DeviceState.CheckedIn => $" To give the serial to a new record, withdraw '{holder}' (Unregister-BmgDevice), then remove it (Remove-BmgDevice).",
                    _ => "",
                }),
                FieldNames.Serial, serial, namesRecord: true);
    }
}
