using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    // The device's half of a row: its plan, its fields' rules, and applying it.
    public sealed partial class RecordPlanner
    {
        /// <summary>
        /// Plans the device <paramref name="identifier"/>. <paramref name="userLink"/>: null leaves the
        /// device's user as it is, "" unlinks it, a name links it (<paramref name="userExists"/> says
        /// whether that user exists or is created along with this device).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public RecordPlan<Device> PlanDevice(string identifier, FieldValues values, string? userLink, bool userExists)
        {
            Device? existing = _reads.GetDevice(identifier);
            Device proposed = existing?.Clone() ?? new Device { Identifier = identifier, State = DeviceState.Registered };
            var plan = new RecordPlan<Device>(existing, proposed);
            List<RecordError> errors = plan.Errors;
            bool codeGenerated = PlanDeviceFields(values, existing, proposed, plan, cellsOnly: false);

            if (userLink != null)
            {
                if (userLink.Length != 0 && !userExists)
                {
                    if (MangledDigits.NotFoundHint(userLink, "a user", name => _reads.GetUser(name) != null) is string formula)
                    {
                        errors.Add(RecordError.TextFormulaNotFound(FieldNames.UserName, userLink, "a user", formula));
                    }
                    else
                    {
                        if (_userNameIndex == null)
                        {
                            // Once per import, and only when a name is missing; not beside an import's writing thread.
                            _reads.WaitForStore();
                            _userNameIndex = UserNameHint.Index(_store);
                        }

                        // A user of another width ('ｋ００２' for 'k002'): no advice to create it, which made the twin (walkthrough 37, 3).
                        NearUserNames? near = UserNameHint.DidYouMean(userLink, _userNameIndex);
                        errors.Add(near != null && near.OtherWidth
                            ? RecordError.NearNameNotFound(FieldNames.UserName, userLink, "a user", near.Hint)
                            : RecordError.NotFound(FieldNames.UserName, userLink, "a user", "create it with New-BmgUser", near?.Hint));
                    }
                }

                proposed.UserName = userLink.Length == 0 ? null : userLink;
            }

            // Each check against other records reads a few fields: it is skipped only when one of those was refused (the
            // proposed value is then not the row's), so an unknown template, tag or user no longer hides it and the row's
            // next import brings no new refusal (walkthrough 43, finding 6).
            if (NoErrorOn(errors, DepEnrollmentReads))
            {
                CheckDepEnrollment(proposed, errors);
            }

            if (NoErrorOn(errors, DepDeviceReads))
            {
                CheckDepDeviceIsIos(proposed, existing, errors);
            }

            if (NoErrorOn(errors, SerialHolderReads))
            {
                CheckSerialIsFree(proposed, existing, errors);
            }

            if (errors.Count == 0)
            {
                if (existing == null)
                {
                    plan.ListChangesWhenAsked(codeGenerated
                        ? static (created, changes) => DiffDevice(null, created.Proposed, changes, codeGenerated: true)
                        : static (created, changes) => DiffDevice(null, created.Proposed, changes, codeGenerated: false));
                }
                else
                {
                    DiffDevice(existing, proposed, plan.Changes, codeGenerated);
                    // Before the edit lock's check: a locked device whose only change was Excel's '?' is unchanged.
                    KeepWhatShiftJisLost(plan);
                }
            }

            if (existing != null && existing.IsLocked && (plan.Changes.Count != 0 || errors.Count != 0))
            {
                errors.Insert(0, Locked(existing));
            }

            WarnIfExcelDroppedZeros(plan, values, "device", FieldNames.Identifier, identifier, existing?.Identifier,
                static (reads, key) => reads.GetZeroPaddedIdentifiers(key), existing?.PlainCode, plan.Proposed.PlainCode);
            TextFormulaValues.WarnOfDevice(plan);
            return plan;
        }

        /// <summary>
        /// The device's fields, each by its own rule; true when a code was generated. <paramref name="cellsOnly"/>: no record
        /// is named (<see cref="CheckCells"/>), so no code is generated and a missing OS is not asked for.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private bool PlanDeviceFields(FieldValues values, Device? existing, Device proposed, RecordPlan<Device> plan, bool cellsOnly)
        {
            List<RecordError> errors = plan.Errors;

            if (values.IsGiven(FieldKey.Template))
            {
                string? template = values.NonBlank(FieldKey.Template);
                // The name's character rule first, as a DeviceTags or Organizations name gets it (NameList): a pasted
                // 'Standard<U+200B>' is refused as the rule New-BmgTemplate refuses it by, not as a template to create.
                if (template != null && FieldText.ForbiddenCharacterRule(template) is string templateRule)
                {
                    errors.Add(RecordError.InvalidValue(FieldNames.Template, template, templateRule));
                }
                else if (template != null && !Templates.Contains(template))
                {
                    errors.Add(ReferenceData.WrittenNotFound(ReferenceKind.Template, FieldNames.Template, template, Templates, Renames));
                }

                proposed.Template = template;
            }

            bool codeGenerated = PlanCode(values, existing, proposed, plan, cellsOnly);
            PlanOs(values, existing, proposed, errors, cellsOnly);

            if (values.ListEdit(FieldKey.DeviceTags) != null)
            {
                proposed.DeviceTags = EditedReferences(errors, FieldKey.DeviceTags, values, DeviceTags, ReferenceKind.DeviceTag, proposed.DeviceTags);
            }
            else if (values.IsGiven(FieldKey.DeviceTags))
            {
                proposed.DeviceTags = References(errors, FieldNames.DeviceTags, values[FieldKey.DeviceTags], DeviceTags,
                    ReferenceKind.DeviceTag, proposed.DeviceTags, values.IsTyped(FieldKey.DeviceTags));
            }

            proposed.WifiMac = Restriction<WifiMac>(values, FieldKey.WifiMac, proposed.WifiMac, errors, WifiMac.TryParse, v => v.Value);
            proposed.IMEI = Restriction<Imei>(values, FieldKey.IMEI, proposed.IMEI, errors, Imei.TryParse, v => v.Value);
            proposed.MEID = Restriction<Meid>(values, FieldKey.MEID, proposed.MEID, errors, Meid.TryParse, v => v.Value);
            proposed.UDID = Restriction<Udid>(values, FieldKey.UDID, proposed.UDID, errors, Udid.TryParse, v => v.Value);
            PlanSerial(values, existing, proposed, plan);

            if (values.IsGiven(FieldKey.ExpirationDays))
            {
                string? text = values.NonBlank(FieldKey.ExpirationDays);
                if (text == null)
                {
                    proposed.ExpirationDays = Fields.ExpirationDays.DefaultDays;
                    plan.ExpirationDaysResetByBlank = true;
                }
                else if (Fields.ExpirationDays.TryParse(text, out ExpirationDays days, out string? rule))
                {
                    proposed.ExpirationDays = days.Days;
                }
                else
                {
                    errors.Add(RecordError.InvalidValue(FieldNames.ExpirationDays, text, rule!));
                }
            }

            if (values.IsGiven(FieldKey.DisplayName))
            {
                proposed.DisplayName = Text(errors, FieldNames.DisplayName, values[FieldKey.DisplayName], BoundedText.NameMaxLength, proposed.DisplayName);
            }

            if (values.IsGiven(FieldKey.Description))
            {
                proposed.Description = Text(errors, FieldNames.Description, values[FieldKey.Description], BoundedText.DescriptionMaxLength, proposed.Description, multiLine: true);
            }

            if (values.IsGiven(FieldKey.RegistrationEmail))
            {
                proposed.RegistrationEmail = Email(errors, FieldNames.RegistrationEmail, values[FieldKey.RegistrationEmail], proposed.RegistrationEmail);
            }

            if (values.IsGiven(FieldKey.DEPMethod))
            {
                string? text = values.NonBlank(FieldKey.DEPMethod);
                if (text == null)
                {
                    proposed.DEPMethod = null;
                }
                else if (DepMethods.TryParse(text, out DepMethod method, out string? rule))
                {
                    proposed.DEPMethod = method;
                }
                else
                {
                    errors.Add(RecordError.InvalidValue(FieldNames.DEPMethod, text, rule!));
                }
            }

            return codeGenerated;
        }

        public const string GeneratedCodeText = "(generated)";

        /// <summary>What a change shows for a code that was given: "changed", never the code.</summary>
        public const string ChangedCodeText = "changed";

        /// <summary>
        /// DeviceLocked, with the way on (README "Device states and the edit lock"): a device's registered information is fixed
        /// once checked in, so a wrong user or serial is fixed by a new record and a new check-in (walkthrough 37, finding 10).
        /// </summary>
        public static RecordError Locked(Device device) =>
            new RecordError(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation,
                $"Device '{FieldText.Printable(device.Identifier)}' is {device.State}; its registered information can't be edited any more. To register it "
                + "with other information, " + (device.State == DeviceState.CheckedIn ? "withdraw it (Unregister-BmgDevice), then " : "")
                + "remove the withdrawn record (Remove-BmgDevice) and create it again (New-BmgDevice or an import row): it then checks in again, "
                + "with a new check-in code.", FieldNames.Identifier, device.Identifier, namesRecord: true);

        /// <summary>Plans the check-in code; true when a new one was generated.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static bool PlanCode(FieldValues values, Device? existing, Device proposed, RecordPlan<Device> plan, bool cellsOnly)
        {
            string? text = values.NonBlank(FieldKey.Code);
            if (text == null)
            {
                // Blank or absent: a new device gets a generated code, an existing one keeps its own.
                if (existing == null && !cellsOnly)
                {
                    proposed.PlainCode = CheckInCode.Generate().Value;
                    return true;
                }
            }
            else if (CheckInCode.TryParse(text, out CheckInCode code, out string? rule))
            {
                proposed.PlainCode = code.Value;
                // A code refused for the zeros Excel dropped gets that error alone (LeadingZeros.IsRefusedCode); asked of a short code only.
                if (code.IsShort && code.Value != existing?.PlainCode && !LeadingZeros.IsRefusedCode(values, existing?.PlainCode, code.Value))
                {
                    plan.Warnings.Add(ShortCodeWarning(proposed.Identifier, code.Value.Length));
                }
            }
            else
            {
                plan.Errors.Add(RecordError.InvalidValue(FieldNames.Code, text, rule!));
            }

            return false;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static void PlanOs(FieldValues values, Device? existing, Device proposed, List<RecordError> errors, bool cellsOnly)
        {
            string? text = values.NonBlank(FieldKey.OS);
            if (existing == null)
            {
                if (text == null)
                {
                    if (cellsOnly)
                    {
                        return;
                    }

                    errors.Add(RecordError.Missing(FieldNames.OS, "a new device needs its OS (ios, android or windows)"));
                }
                else if (DeviceOs.TryParse(text, out DeviceOs os, out string? rule))
                {
                    proposed.OS = os.Value;
                }
                else
                {
                    errors.Add(RecordError.InvalidValue(FieldNames.OS, text, rule!));
                }

                return;
            }

            // Absent or blank on an existing device: the OS stays. It can never change once the device exists, so a blank
            // can only mean "as is", as a blank Code keeps the code (walkthrough 40, 9: an HR feed's blank OS column).
            if (text == null)
            {
                return;
            }

            if (!DeviceOs.TryParse(text, out _, out string? invalidRule))
            {
                errors.Add(RecordError.InvalidValue(FieldNames.OS, text, invalidRule!));
            }
            else if (!string.Equals(text, existing.OS, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(OsIsImmutable(existing, text));
            }
        }

        // Messages of warnings and refusals are built apart from the planning path, which stays small (and quick to compile).
        private static string ShortCodeWarning(string identifier, int length) =>
            $"The Code given for device '{identifier}' has {length} {(length == 1 ? "character" : "characters")}; a code under {CheckInCode.RecommendedMinLength} characters is easy to guess (a generated code has {CheckInCode.GeneratedLength}).";

        private static RecordError OsIsImmutable(Device existing, string text) =>
            new RecordError(ErrorIds.ImmutableField, BmgErrorCategory.InvalidOperation,
                $"OS of device '{existing.Identifier}' is '{existing.OS}' and can't be changed to '{text}' once the device is created.",
                FieldNames.OS, text, namesRecord: true);

        private static string UnusualSerialWarning(AppleSerial serial, string identifier) =>
            $"Serial '{serial.Value}' of device '{identifier}' has {serial.Value.Length} characters; every serial Apple has issued so far has 10 to 12." +
            (serial.WithoutBoxBarcodePrefix is string unprefixed
                ? $" Apple's box barcode prefixes the serial with '{AppleSerial.BoxBarcodePrefix}': the serial is likely '{unprefixed}'."
                : "");

        [MethodImpl(PerRowCode.Compile)]
        private static void PlanSerial(FieldValues values, Device? existing, Device proposed, RecordPlan<Device> plan)
        {
            if (!values.IsGiven(FieldKey.Serial))
            {
                return;
            }

            string? text = values.NonBlank(FieldKey.Serial);
            if (text == null)
            {
                proposed.Serial = null;
            }
            else if (AppleSerial.TryParse(text, out AppleSerial serial, out string? rule))
            {
                proposed.Serial = serial.Value;
                // Said when the serial is new or changes, as for a short Code: not again on every re-import of an export.
                if (serial.HasUnusualLength && serial.Value != existing?.Serial)
                {
                    plan.Warnings.Add(UnusualSerialWarning(serial, proposed.Identifier));
                }
            }
            else
            {
                plan.Errors.Add(RecordError.InvalidValue(FieldNames.Serial, text, rule!));
            }
        }

        /// <summary>Writes a planned device; returns the check-in email it queued, if any.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public CheckInEmail? Apply(RecordPlan<Device> plan)
        {
            Device device = plan.Proposed;
            RecordAction action = plan.Action;
            if (action != RecordAction.Created && action != RecordAction.Updated)
            {
                return null;
            }

            DateTimeOffset now = _clock();
            device.SavedAt = now;
            if (action == RecordAction.Created)
            {
                device.CreatedAt = now;
            }

            _writes.Write(plan.Write = StoreChange.OfDevice(plan.Existing, device, Origin));

            if (device.RegistrationEmail == null)
            {
                return null;
            }

            // An update's record has its key; a created device gets it when the change is written, before the email is.
            var email = new CheckInEmail
            {
                Recipient = device.RegistrationEmail, Identifier = device.Identifier, Code = device.Code, QueuedAt = now,
                DeviceKey = plan.Existing?.DeviceKey, QueuedFor = device,
            };
            _writes.QueueEmail(email);
            return email;
        }
    }
}
