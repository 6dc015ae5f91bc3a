using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Applies the field rules of SPEC §3 to the values given for a user or a device. The CSV import and
    /// the Set- cmdlets both plan through here, so a rule and its message live in one place.
    /// </summary>
    public sealed class RecordPlanner
    {
        private readonly IDeviceStore _store;
        private readonly IPlanReads _reads;
        private readonly IPlanWrites _writes;
        private readonly Func<DateTimeOffset> _clock;
        // The names a record may refer to, and whether Apple's list has a non-iOS device, each read when a record first needs
        // it (a change of ExpirationDays reads none of them), then kept for this planner's life. Read late is read right:
        // a planner plans within one decision, and under the store's write lock when it decides what is applied
        // (ConfirmedChange); another writer can add, rename or remove a template, tag or organization, or import Apple's
        // list, only under that lock too, so a list read at any point while it is held is the list the change is checked
        // and applied against. A plan made outside the lock (for a prompt) is made again under it, lists read anew.
        private HashSet<string>? _templates;
        private HashSet<string>? _deviceTags;
        private HashSet<string>? _organizations;
        private bool? _hasNonIosDepDevices;

        /// <summary>The store's user names by case, read at the first row that names a user no one has (for its "did you mean"), then kept.</summary>
        private ILookup<string, string>? _userNameIndex;

        /// <param name="origin">What the applied plans are recorded as made by (the command).</param>
        public RecordPlanner(IDeviceStore store, ChangeOrigin origin, Func<DateTimeOffset>? clock = null)
            : this(store, origin, clock, null)
        {
        }

        internal RecordPlanner(IDeviceStore store, ChangeOrigin origin, Func<DateTimeOffset>? clock, ImportChunk? chunk)
        {
            _store = store;
            Origin = origin;
            var direct = chunk == null ? new DirectPlanStore(store) : null;
            _reads = (IPlanReads?)chunk ?? direct!;
            _writes = (IPlanWrites?)chunk ?? direct!;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            if (chunk != null)
            {
                // An import reads them all up front, as before: its rows plan beside a thread writing to the same store
                // (DeviceImport), which a read in the middle of the rows must not meet; and a file's rows need them anyway.
                _ = Templates;
                _ = DeviceTags;
                _ = Organizations;
                _ = HasNonIosDepDevices;
            }
        }

        private HashSet<string> Templates => _templates ??= Names(_store.GetTemplates().Select(t => t.Name));

        private HashSet<string> DeviceTags => _deviceTags ??= Names(_store.GetDeviceTags().Select(t => t.Name));

        private HashSet<string> Organizations => _organizations ??= ReadOrganizations();

        /// <summary>The organizations by display Name (ignoring case), read with their ids: for the error of a Name written where an Id belongs.</summary>
        private ILookup<string, Organization>? _organizationsByName;

        private HashSet<string> ReadOrganizations()
        {
            IReadOnlyList<Organization> organizations = _store.GetOrganizations();
            _organizationsByName = ReferenceData.OrganizationsByName(organizations);
            return Names(organizations.Select(o => o.Id));
        }

        // Read only when a Template, DeviceTags or Organizations name is missing: once a kind per import, not a row.
        // Read (the history) when a name is not found: the store may be in use by an import's writing thread until then.
        private ReferenceRenames Renames
        {
            get
            {
                _reads.WaitForStore();
                return _renames ??= new ReferenceRenames(_store as History.IHistoryStore);
            }
        }
        private ReferenceRenames? _renames;

        private bool HasNonIosDepDevices => _hasNonIosDepDevices ??= _store.HasNonIosDepDevices();

        private static HashSet<string> Names(IEnumerable<string> names) => new HashSet<string>(names, StringComparer.Ordinal);

        public DateTimeOffset Now() => _clock();


        /// <summary>What applied plans are recorded as made by; an import sets the line of each row.</summary>
        public ChangeOrigin Origin { get; set; }

        /// <summary>Where a device was given, for messages that name another device (an import answers its line).</summary>
        public Func<string, string?>? LocateDevice { get; set; }

        // ---- users ----

        [MethodImpl(PerRowCode.Compile)]
        public RecordPlan<User> PlanUser(string userName, FieldValues values)
        {
            User? existing = _reads.GetUser(userName);
            User proposed = existing?.Clone() ?? new User { UserName = userName };
            var plan = new RecordPlan<User>(existing, proposed);
            PlanUserFields(values, proposed, plan.Errors);

            if (existing == null && CaseTwinHint(userName) is string hint)
            {
                plan.Warnings.Add(CaseTwinWarning(userName, hint));
            }

            if (plan.Errors.Count == 0)
            {
                if (existing == null)
                {
                    plan.ListChangesWhenAsked(static (created, changes) => DiffUser(null, created.Proposed, changes));
                }
                else
                {
                    DiffUser(existing, proposed, plan.Changes);
                }
            }

            // A static lambda: the compiler keeps one delegate, so a row allocates none.
            WarnIfExcelDroppedZeros(plan, values, "user", FieldNames.UserName, userName, existing?.UserName,
                static (reads, key) => reads.GetZeroPaddedUserNames(key), null, null);
            TextFormulaValues.WarnOfUser(plan, userName);
            return plan;
        }

        /// <summary>
        /// The warnings of <see cref="LeadingZeros"/> for a user or device the plan applies, one rule for both: a new record
        /// whose key (<paramref name="keyField"/>) is a bare number that a record of its kind holds with leading zeros
        /// (<paramref name="zeroPaddedKeys"/> finds them), or an existing one's (<paramref name="existingKey"/> not null)
        /// changes that only drop a value's leading zeros, the Code's too (<paramref name="codeBefore"/>,
        /// <paramref name="codeAfter"/>: null for a user), unshown. A plan with errors is not applied, so it gets none.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void WarnIfExcelDroppedZeros<T>(RecordPlan<T> plan, FieldValues values, string kind, string keyField, string key, string? existingKey,
            Func<IPlanReads, string, IReadOnlyList<string>> zeroPaddedKeys, string? codeBefore, string? codeAfter)
            where T : class
        {
            if (plan.Errors.Count != 0)
            {
                return;
            }

            if (existingKey == null)
            {
                if (LeadingZeros.IsBareNumber(key) && zeroPaddedKeys(_reads, key) is { Count: > 0 } twins)
                {
                    plan.Warnings.Add(LeadingZeros.NewBesideZeroPadded(values, kind, keyField, key, twins));
                }
            }
            else if (plan.Changes.Count != 0)
            {
                LeadingZeros.WarnOfLostZeros(plan, values, kind, existingKey, codeBefore, codeAfter);
            }
        }

        /// <summary>The user's fields, each by its own rule (no look-up of the user: see <see cref="CheckCells"/>).</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void PlanUserFields(FieldValues values, User proposed, List<RecordError> errors)
        {
            if (values.IsGiven(FieldKey.Name))
            {
                proposed.Name = Text(errors, FieldNames.Name, values[FieldKey.Name], BoundedText.NameMaxLength, proposed.Name);
            }

            if (values.IsGiven(FieldKey.EmailAddress))
            {
                proposed.EmailAddress = Email(errors, FieldNames.EmailAddress, values[FieldKey.EmailAddress], proposed.EmailAddress);
            }

            if (values.IsGiven(FieldKey.UserDescription))
            {
                proposed.UserDescription = Text(errors, FieldNames.UserDescription, values[FieldKey.UserDescription], BoundedText.DescriptionMaxLength, proposed.UserDescription, multiLine: true);
            }

            if (values.IsGiven(FieldKey.Organizations))
            {
                proposed.Organizations = References(errors, FieldNames.Organizations, values[FieldKey.Organizations], Organizations,
                    ReferenceKind.Organization, proposed.Organizations, _organizationsByName);
            }
        }

        /// <summary>
        /// The errors of a row's cells, each checked on its own (format, and that a named template, tag or organization
        /// exists), for a row whose key is wrong (an invalid or repeated Identifier or UserName), so that the row names
        /// every bad cell in one pass, not one a round (walkthrough 15, finding 4). Nothing is looked up or planned: with
        /// no record named there is no existing record to compare with, so the rules that depend on one (a new device's
        /// OS, the OS that can't change, the edit lock, the serial held by another device, DEP enrollment) wait until
        /// the key is fixed. Runs only for a failed row: the path of a valid row does not change.
        /// </summary>
        /// <param name="user">Check the user's cells (the row gives a UserName).</param>
        /// <param name="device">Check the device's cells (the row gives an Identifier).</param>
        internal void CheckCells(FieldValues values, bool user, bool device, List<RecordError> errors)
        {
            if (user)
            {
                PlanUserFields(values, new User { UserName = "" }, errors);
            }

            if (device)
            {
                var plan = new RecordPlan<Device>(null, new Device { Identifier = "", State = DeviceState.Registered });
                PlanDeviceFields(values, null, plan.Proposed, plan, cellsOnly: true);
                errors.AddRange(plan.Errors);
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private static void DiffUser(User? before, User after, List<FieldChange> changes)
        {
            Compare(changes, FieldNames.UserName, before?.UserName, after.UserName);
            Compare(changes, FieldNames.Name, before?.Name, after.Name);
            Compare(changes, FieldNames.EmailAddress, before?.EmailAddress, after.EmailAddress);
            Compare(changes, FieldNames.UserDescription, before?.UserDescription, after.UserDescription);
            CompareNames(changes, FieldNames.Organizations, before?.Organizations, after.Organizations);
        }

        [MethodImpl(PerRowCode.Compile)]
        public void Apply(RecordPlan<User> plan)
        {
            if (plan.Action == RecordAction.Created || plan.Action == RecordAction.Updated)
            {
                _writes.Write(StoreChange.OfUser(plan.Existing, plan.Proposed, Origin));
            }
        }

        /// <summary>
        /// The "did you mean 'yamada'?" of <see cref="UserNameHint"/> for a user about to be created whose name differs only in
        /// case from a user's that exists; null when none does. User names stay case-sensitive
        /// (SPEC): the user is still created, but not without a word, as Set-BmgDevice's link to a missing 'Yamada' says the same.
        /// </summary>
        private string? CaseTwinHint(string userName)
        {
            IReadOnlyList<string> twins = _reads.GetUserNameCaseTwins(userName);
            return twins.Count == 0 ? null : UserNameHint.DidYouMean(userName, twins);
        }

        private static string CaseTwinWarning(string userName, string hint) =>
            $"A new user '{FieldText.Printable(userName)}' is created beside a user whose UserName differs only in case; {hint}.";

        // ---- devices ----

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

                        errors.Add(RecordError.NotFound(FieldNames.UserName, userLink, "a user", "create it with New-BmgUser",
                            UserNameHint.DidYouMean(userLink, _userNameIndex)));
                    }
                }

                proposed.UserName = userLink.Length == 0 ? null : userLink;
            }

            if (errors.Count == 0)
            {
                CheckDepEnrollment(proposed, errors);
            }

            if (errors.Count == 0)
            {
                CheckDepDeviceIsIos(proposed, existing, errors);
            }

            if (errors.Count == 0)
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
                }
            }

            if (existing != null && existing.IsLocked && (plan.Changes.Count != 0 || errors.Count != 0))
            {
                errors.Insert(0, Locked(existing));
            }

            WarnIfExcelDroppedZeros(plan, values, "device", FieldNames.Identifier, identifier, existing?.Identifier,
                static (reads, key) => reads.GetZeroPaddedIdentifiers(key), existing?.Code, plan.Proposed.Code);
            TextFormulaValues.WarnOfDevice(plan);
            return plan;
        }

        /// <summary>
        /// Warns, and notes for the -WhatIf line, when the planned change hands an existing device to another user while its
        /// RegistrationEmail, not the new user's address, stays: the check-in email the change queues carries the device's code
        /// there (<see cref="Outbox.HandedOverCheckInEmail"/>, the rule and its words). Called after <see cref="PlanDevice"/> by
        /// whoever knows the user the device goes to as the change leaves that user: an import row's user plan (its
        /// EmailAddress may change in the same row), a Set- command's stored user. A plan with errors is not applied: none.
        /// </summary>
        /// <param name="newUser">The user the device is linked to, as the change leaves it; null when none exists (yet).</param>
        [MethodImpl(PerRowCode.Compile)]
        internal void WarnIfCheckInEmailStaysWithPreviousUser(RecordPlan<Device> plan, FieldValues values, User? newUser)
        {
            Device? existing = plan.Existing;
            if (plan.Errors.Count != 0 || existing == null || !Outbox.HandedOverCheckInEmail.Applies(existing, plan.Proposed, newUser?.EmailAddress))
            {
                return;
            }

            // Read only here, for the words: a handover with an unchanged address is rare, so a row pays nothing for it.
            string? previousUsersAddress = _reads.GetUser(existing.UserName!)?.EmailAddress;
            plan.Warnings.Add(Outbox.HandedOverCheckInEmail.Warning(existing, plan.Proposed, previousUsersAddress, newUser?.EmailAddress,
                typed: values.IsTyped(FieldKey.UserName)));
            plan.CheckInEmailNote = Outbox.HandedOverCheckInEmail.Note(plan.Proposed, previousUsersAddress);
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

            if (values.IsGiven(FieldKey.DeviceTags))
            {
                proposed.DeviceTags = References(errors, FieldNames.DeviceTags, values[FieldKey.DeviceTags], DeviceTags,
                    ReferenceKind.DeviceTag, proposed.DeviceTags);
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

        public static RecordError Locked(Device device) =>
            new RecordError(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation,
                $"Device '{device.Identifier}' is {device.State}; its registered information can't be edited any more.", FieldNames.Identifier, device.Identifier);

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
                    proposed.Code = CheckInCode.Generate().Value;
                    return true;
                }
            }
            else if (CheckInCode.TryParse(text, out CheckInCode code, out string? rule))
            {
                proposed.Code = code.Value;
                if (code.IsShort && code.Value != existing?.Code)
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

            if (!values.IsGiven(FieldKey.OS))
            {
                return;
            }

            if (text != null && !DeviceOs.TryParse(text, out _, out string? invalidRule))
            {
                errors.Add(RecordError.InvalidValue(FieldNames.OS, text, invalidRule!));
            }
            else if (text == null || !string.Equals(text, existing.OS, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(OsIsImmutable(existing, text));
            }
        }

        // Messages of warnings and refusals are built apart from the planning path, which stays small (and quick to compile).
        private static string ShortCodeWarning(string identifier, int length) =>
            $"The Code given for device '{identifier}' has {length} {(length == 1 ? "character" : "characters")}; a code under {CheckInCode.RecommendedMinLength} characters is easy to guess (a generated code has {CheckInCode.GeneratedLength}).";

        private static RecordError OsIsImmutable(Device existing, string? text) =>
            new RecordError(ErrorIds.ImmutableField, BmgErrorCategory.InvalidOperation,
                $"OS of device '{existing.Identifier}' is '{existing.OS}' and can't be {(text == null ? "cleared" : $"changed to '{text}'")} once the device is created.",
                FieldNames.OS, text ?? "");

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
                    FieldNames.DEPMethod, DepMethods.ToText(proposed.DEPMethod.Value)));
            }
            else if (proposed.DEPMethod == DepMethod.Serial && proposed.Serial == null)
            {
                errors.Add(RecordError.Missing(FieldNames.Serial, $"DEPMethod 'Serial' matches the DEP device by its serial number, so device '{proposed.Identifier}' needs a Serial"));
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

            Device? holder = _reads.GetDeviceBySerial(proposed.Serial);
            if (holder != null && (existing == null || !DeviceIdentifier.Comparer.Equals(holder.Identifier, existing.Identifier)))
            {
                errors.Add(DuplicateSerial(proposed.Serial, proposed.Identifier, holder.Identifier, LocateDevice?.Invoke(holder.Identifier), holder.State));
            }
        }

        /// <summary>
        /// The error for a serial that another device record holds; the import adds the line of that record. A holder that
        /// is locked can't give the serial up by an edit (DeviceLocked), so the error says its state and the way out
        /// (walkthrough 20, finding 7): a returned phone re-kitted for a new user still has its Withdrawn record, which
        /// Remove-BmgDevice removes; a CheckedIn one is withdrawn first (Unregister-BmgDevice).
        /// </summary>
        public static RecordError DuplicateSerial(string serial, string identifier, string holder, string? holderLocation = null,
            DeviceState holderState = DeviceState.Registered) =>
            new RecordError(ErrorIds.DuplicateSerial, BmgErrorCategory.ResourceExists,
                $"Serial '{serial}' of device '{identifier}' is already held by device '{holder}'{holderLocation}"
                + (holderState == DeviceState.Registered ? "" : $", which is {holderState}")
                + "; a serial can belong to one device only."
                + (holderState switch
                {
                    DeviceState.Withdrawn => $" To give the serial to a new record (a returned device re-kitted), remove the withdrawn record first: Remove-BmgDevice -Identifier '{holder}'.",
                    DeviceState.CheckedIn => $" To give the serial to a new record, withdraw '{holder}' (Unregister-BmgDevice), then remove it (Remove-BmgDevice).",
                    _ => "",
                }),
                FieldNames.Serial, serial);

        /// <summary>
        /// The changed fields. A generated code shows as "(generated)": it is drawn anew on every
        /// plan, so a dry run could not show the value the real run will store (Get-BmgDevice shows it).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static void DiffDevice(Device? before, Device after, List<FieldChange> changes, bool codeGenerated)
        {
            Compare(changes, FieldNames.Identifier, before?.Identifier, after.Identifier);
            Compare(changes, FieldNames.Template, before?.Template, after.Template);
            if (codeGenerated || !string.Equals(before?.Code, after.Code, StringComparison.Ordinal))
            {
                // A code is a secret: the change says that it changed, never the old or the new code.
                changes.Add(new FieldChange(FieldNames.Code, null, codeGenerated ? GeneratedCodeText : ChangedCodeText));
            }

            Compare(changes, FieldNames.OS, before?.OS, after.OS);
            CompareNames(changes, FieldNames.DeviceTags, before?.DeviceTags, after.DeviceTags);
            Compare(changes, FieldNames.WifiMac, before?.WifiMac, after.WifiMac);
            Compare(changes, FieldNames.IMEI, before?.IMEI, after.IMEI);
            Compare(changes, FieldNames.MEID, before?.MEID, after.MEID);
            Compare(changes, FieldNames.UDID, before?.UDID, after.UDID);
            Compare(changes, FieldNames.Serial, before?.Serial, after.Serial);
            if (before == null || before.ExpirationDays != after.ExpirationDays)
            {
                Compare(changes, FieldNames.ExpirationDays, before?.ExpirationDays.ToString(CultureInfo.InvariantCulture), after.ExpirationDays.ToString(CultureInfo.InvariantCulture));
            }

            Compare(changes, FieldNames.DisplayName, before?.DisplayName, after.DisplayName);
            Compare(changes, FieldNames.Description, before?.Description, after.Description);
            Compare(changes, FieldNames.RegistrationEmail, before?.RegistrationEmail, after.RegistrationEmail);
            if (before == null || before.DEPMethod != after.DEPMethod)
            {
                Compare(changes, FieldNames.DEPMethod, before?.DEPMethod is DepMethod b ? DepMethods.ToText(b) : null, after.DEPMethod is DepMethod a ? DepMethods.ToText(a) : null);
            }

            Compare(changes, FieldNames.UserName, before?.UserName, after.UserName);
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

            _writes.Write(StoreChange.OfDevice(plan.Existing, device, Origin));

            if (device.RegistrationEmail == null)
            {
                return null;
            }

            var email = new CheckInEmail { Recipient = device.RegistrationEmail, Identifier = device.Identifier, Code = device.Code, QueuedAt = now };
            _writes.QueueEmail(email);
            return email;
        }

        // ---- shared field helpers ----

        [MethodImpl(PerRowCode.Compile)]
        private static string? Text(List<RecordError> errors, string field, string? text, int maxLength, string? current, bool multiLine = false)
        {
            if (BoundedText.TryParse(text, maxLength, out string value, out string? rule, multiLine))
            {
                return value.Length == 0 ? null : value;
            }

            errors.Add(RecordError.InvalidValue(field, text ?? "", rule!));
            return current;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static string? Email(List<RecordError> errors, string field, string? text, string? current)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (EmailAddress.TryParse(text, out EmailAddress address, out string? rule))
            {
                return address.Value;
            }

            errors.Add(RecordError.InvalidValue(field, text!, rule!));
            return current;
        }

        [MethodImpl(PerRowCode.Compile)]
        private IReadOnlyList<string> References(List<RecordError> errors, string field, string? text, HashSet<string> known,
            ReferenceKind referenceKind, IReadOnlyList<string> current, ILookup<string, Organization>? organizationsByName = null)
        {
            if (!NameList.TryParse(text, out IReadOnlyList<string> names, out string? rule))
            {
                errors.Add(RecordError.InvalidValue(field, text ?? "", rule!));
                return current;
            }

            bool allKnown = true;
            // By index: the list is a read-only wrapper, whose enumerator would be one more object a row.
            for (int index = 0; index < names.Count; index++)
            {
                string name = names[index];
                if (!known.Contains(name))
                {
                    // 'System.String[]' is Export-Csv's text for a list (walkthrough 18, 2): said so, not "create the tag first".
                    errors.Add(ExportCsvOfObjects.IsListTypeName(name)
                        ? ExportCsvOfObjects.ListTypeNameRefusal(field, name, ReferenceData.WithArticle(referenceKind))
                        : ReferenceData.WrittenNotFound(referenceKind, field, name, known, Renames, organizationsByName));
                    allKnown = false;
                }
            }

            return allKnown ? names : current;
        }

        private delegate bool TryParser<T>(string? text, out T value, out string? rule);

        [MethodImpl(PerRowCode.Compile)]
        private static string? Restriction<T>(FieldValues values, FieldKey key, string? current, List<RecordError> errors,
            TryParser<T> parse, Func<T, string> normalized)
        {
            if (!values.IsGiven(key))
            {
                return current;
            }

            string? text = values.NonBlank(key);
            if (text == null)
            {
                return null;
            }

            if (parse(text, out T value, out string? rule))
            {
                return normalized(value);
            }

            errors.Add(RecordError.InvalidValue(key.ToString(), text, rule!));
            return current;
        }

        private static string? Joined(IReadOnlyList<string>? names) =>
            names == null || names.Count == 0 ? null : NameList.Join(names);

        /// <summary>Compares name lists as their joined text would compare, joining them only when they differ.</summary>
        private static void CompareNames(List<FieldChange> changes, string field, IReadOnlyList<string>? before, IReadOnlyList<string>? after)
        {
            if (!NameList.Same(before, after))
            {
                Compare(changes, field, Joined(before), Joined(after));
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private static void Compare(List<FieldChange> changes, string field, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, before, after));
            }
        }
    }
}
