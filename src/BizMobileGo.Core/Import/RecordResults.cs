using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Import
{
    public enum RecordAction
    {
        None,
        Created,
        Updated,
        Unchanged,
        Failed,
    }

    /// <summary>One field that a record changes; a cleared value is one that had a value and will have none.</summary>
    public sealed class FieldChange
    {
        public FieldChange(string field, string? oldValue, string? newValue)
        {
            Field = field;
            OldValue = oldValue;
            NewValue = newValue;
        }

        public string Field { get; }
        public string? OldValue { get; }
        public string? NewValue { get; }
        public bool IsCleared => NewValue == null && OldValue != null;

        public override string ToString() => Text(recordExisted: false);

        /// <summary>
        /// The change as a prompt, -WhatIf and -Verbose show it. <paramref name="recordExisted"/>: the record was there before
        /// the change, so a field it held no value in reads "Field: (none) -> 'new'", the history's word for it
        /// (<see cref="History.FieldChange.NoValueText"/>: "Description: (none) → 営業 1課"; walkthrough 17, finding 10); a new
        /// record's fields are its values alone ("OS: 'ios'"). The check-in code's value is never shown (its text says what
        /// happened to it: changed, generated), so it reads the same either way.
        /// </summary>
        /// <remarks>
        /// Each value as every message shows one (<see cref="FieldText.Printable"/>): an Alt+Enter line break in a Description
        /// is "&lt;U+000A&gt;", as in errors and the history, so one row's -WhatIf line or -PassThru Changes stays one line in a log
        /// (walkthrough 20, finding 5). Made only when asked for (-WhatIf, -Confirm, -PassThru), never per imported row.
        /// </remarks>
        public string Text(bool recordExisted) => IsCleared
            ? $"{Field}: '{Shown(OldValue)}' -> CLEARED"
            : OldValue != null ? $"{Field}: '{Shown(OldValue)}' -> '{Shown(NewValue)}'"
            : recordExisted && Field != FieldNames.Code ? $"{Field}: {History.FieldChange.NoValueText} -> '{Shown(NewValue)}'"
            : $"{Field}: '{Shown(NewValue)}'";

        /// <summary>
        /// The -WhatIf warning for a value a blank cell takes away, or null: "Template '標準' would be CLEARED: a blank cell
        /// clears the registered value." (SPEC §4: loudly), and the same surprise for a field whose blank means its default,
        /// ExpirationDays (walkthrough 20, finding 8): "ExpirationDays '30' would be reset to 7: a blank cell means the default."
        /// </summary>
        /// <param name="resetByBlank">The row's ExpirationDays cell was blank (<see cref="ImportRowResult"/> knows).</param>
        public string? BlankCellWarning(bool resetByBlank) =>
            IsCleared ? $"{Field} '{Shown(OldValue)}' would be CLEARED: a blank cell clears the registered value."
            : resetByBlank && OldValue != null && Field == FieldNames.ExpirationDays
                ? $"{Field} '{Shown(OldValue)}' would be reset to {Shown(NewValue)}: a blank cell means the default."
            : null;

        private static string Shown(string? value) => value == null ? "" : FieldText.Printable(value);
    }

    /// <summary>Why a record was refused: the ErrorId, the field and value concerned, and a message naming the rule.</summary>
    public sealed class RecordError
    {
        /// <param name="namesRecord">The message names the row's record ("… of device 'x' …"): the row's error then does not
        /// name it again before it (<see cref="NamesRecord"/>).</param>
        public RecordError(string errorId, BmgErrorCategory category, string message, string? field = null, string? value = null, bool namesRecord = false)
        {
            ErrorId = errorId;
            Category = category;
            Message = MessageText.Capped(message);
            Field = field;
            // Shown as the error's target (and in its CategoryInfo): capped like the message.
            Value = value == null ? null : MessageText.Value(value);
            NamesRecord = namesRecord;
        }

        /// <summary>
        /// Whether the message names the row's record (its device, or the user of a row with no device): said by whoever words
        /// it, never read from the text, so that a row's error (<see cref="ImportRowResult.ErrorIn"/>) names the record once:
        /// not "Line 3 (device 'dev01'): The piped device 'dev01' …" (roww39).
        /// </summary>
        public bool NamesRecord { get; }

        public string ErrorId { get; }
        public BmgErrorCategory Category { get; }
        public string Message { get; }
        public string? Field { get; }
        public string? Value { get; }

        /// <summary>
        /// The value is echoed with its control characters made visible; a Code is never echoed (a typo
        /// of a real code is nearly the code, and the message goes to the screen and into import history).
        /// </summary>
        public static RecordError InvalidValue(string field, string value, string rule) =>
            field == FieldNames.Code
                ? new RecordError(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidData, $"{field} value is not valid: {rule}.", field)
                : new RecordError(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidData,
                    $"{field} value '{FieldText.Printable(value)}' is not valid: {rule}.", field, value);

        /// <summary>
        /// A piped row's Code that is ConvertTo-Json's form of a hidden code read back ({"Length":8}): refused by the hidden
        /// code's rule (<see cref="CheckInCode.HiddenCodeRule"/>), not as an object whose property to give, which would store
        /// the length as the code (review32, 4).
        /// </summary>
        public static RecordError HiddenCode() => InvalidValue(FieldNames.Code, "", CheckInCode.HiddenCodeRule);

        public static RecordError Missing(string field, string why, bool namesRecord = false) =>
            new RecordError(ErrorIds.MissingRequiredField, BmgErrorCategory.InvalidData, $"{field} is required: {why}.", field, namesRecord: namesRecord);

        /// <summary>
        /// A piped row's field whose value is an object (<paramref name="typeName"/>), not text: refused rather than stored as
        /// its display form ("@{site=Tokyo}"). The object itself is not echoed: it may hold anything, a check-in code too.
        /// </summary>
        public static RecordError ObjectNotValue(string field, string typeName) =>
            new RecordError(ErrorIds.ObjectNotFieldValue, BmgErrorCategory.InvalidData,
                $"{field} value is an object ({typeName}), not a value: a field takes text, a number, a date or a list of them, "
                + $"not an object. Give the property you mean (Select-Object @{{n='{field}'; e={{ $_.{field}.<property> }}}}), "
                + "or turn the object into text first.", field);

        /// <param name="didYouMean">A hint of a name that is nearly the value ("did you mean 'tanaka'? …"), or null.</param>
        public static RecordError NotFound(string field, string value, string kind, string howToCreate, string? didYouMean = null) =>
            new RecordError(ErrorIds.ReferenceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{field} names {kind} '{FieldText.Printable(value)}', which does not exist; "
                + (didYouMean == null ? $"{howToCreate} first." : $"{didYouMean} Otherwise {howToCreate} first."), field, value);

        /// <summary>The same error for a value that nearly names one (<paramref name="nearName"/>, "did you mean ..."): no advice to create it, which made the twin.</summary>
        public static RecordError NearNameNotFound(string field, string value, string kind, string nearName) =>
            new RecordError(ErrorIds.ReferenceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{field} names {kind} '{FieldText.Printable(value)}', which does not exist; {nearName}.", field, value);

        /// <summary>
        /// The same error for a value that is Excel's ="..." text formula (<see cref="MangledDigits.NotFoundHint"/>): the hint, and
        /// no advice to create it, which would make a second item named with the formula's quotes.
        /// </summary>
        public static RecordError TextFormulaNotFound(string field, string value, string kind, string textFormulaHint) =>
            new RecordError(ErrorIds.ReferenceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{field} names {kind} '{FieldText.Printable(value)}', which does not exist and {textFormulaHint}.", field, value);
    }

    /// <summary>What importing one row did, or would do under -WhatIf.</summary>
    public sealed class ImportRowResult : Store.IReadFromStore
    {
        private List<FieldChange>? _changes;
        // The plans the changes come from, until the changes are asked for (see RecordPlan.Changes).
        private RecordPlan<User>? _userPlan;
        private RecordPlan<Device>? _devicePlan;
        // Read only, never changed: a planned row's is the one empty array (DeviceImport.ImportValues), not a list a row.
        private readonly IReadOnlyList<RecordError> _errors;
        // A row without warnings shares the empty array (read-only: nothing adds to a result's warnings).
        private readonly IReadOnlyList<string> _warnings;
        // The device's ExpirationDays cell was blank, so a change of it is a reset to the default (BlankCellWarnings).
        private readonly bool _expirationDaysResetByBlank;

        [MethodImpl(PerRowCode.Compile)]
        internal ImportRowResult(int line, string? identifier, string? userName, RecordAction userAction, RecordAction deviceAction,
            List<FieldChange> changes, List<RecordError> errors, IReadOnlyList<string> warnings)
        {
            Line = line;
            Identifier = identifier;
            UserName = userName;
            UserAction = userAction;
            DeviceAction = deviceAction;
            _changes = errors.Count == 0 ? changes : new List<FieldChange>();
            _errors = errors;
            _warnings = warnings;
        }

        /// <summary>A planned row: its changes are the user's, then the device's, listed when first asked for.</summary>
        [MethodImpl(PerRowCode.Compile)]
        internal ImportRowResult(int line, string? identifier, string? userName, RecordAction userAction, RecordAction deviceAction,
            RecordPlan<User>? userPlan, RecordPlan<Device>? devicePlan, IReadOnlyList<RecordError> errors, IReadOnlyList<string> warnings)
        {
            Line = line;
            Identifier = identifier;
            UserName = userName;
            UserAction = userAction;
            DeviceAction = deviceAction;
            // A failed row changes nothing: its plans' changes (the half of the row that was valid) were never made, and a
            // Changes text listing them beside Outcome Failed, in a -PassThru export, would read as done.
            if (errors.Count == 0)
            {
                _userPlan = userPlan;
                _devicePlan = devicePlan;
                _expirationDaysResetByBlank = devicePlan != null && devicePlan.ExpirationDaysResetByBlank;
            }
            else
            {
                _changes = new List<FieldChange>();
            }

            _errors = errors;
            _warnings = warnings;
        }

        /// <summary>
        /// The file the row is in, as the import's summary and history name it ("pipeline" for piped objects): with several
        /// files in one call (Get-ChildItem | Import-BmgDeviceCsv) the line alone points nowhere.
        /// </summary>
        public string Source { get; internal set; } = "";

        public int Line { get; }

        public string? Identifier { get; }
        public string? UserName { get; }
        public RecordAction UserAction { get; }
        public RecordAction DeviceAction { get; }

        /// <summary>
        /// The changed fields as text, so a row result exports to CSV as it is; empty for a failed row (its Outcome and
        /// Error say what happened) and for an unchanged one.
        /// </summary>
        public string Changes => string.Join("; ", ChangeList);

        /// <summary>
        /// Every reason the row was refused, as text that says its line once ("Line 2: A. B."); null when it was not. Each
        /// reason keeps its own "Line 2: " in <see cref="GetErrors"/>, as the import history keeps them. The record is not named
        /// here, as in <see cref="ErrorIn"/>: this object's Identifier and UserName stand beside it.
        /// </summary>
        public string? Error => _errors.Count == 0 ? null : SourceLine.Prefix(Line, null) + Reasons();

        /// <summary>
        /// The line breaks inside quoted cells above the row (<see cref="CsvRecord.LineBreaksAbove"/>): set by the file's reader,
        /// 0 for piped objects, whose lines are their numbers.
        /// </summary>
        internal int LineBreaksAbove { get; set; }

        public string? ErrorId => _errors.Count == 0 ? null : _errors[0].ErrorId;

        /// <summary>
        /// Every reason the row was refused as one message that says once where the row is and which record it is: "Line 13
        /// (device 'ipad-jp011') of 'b.csv': A. B." (the Identifier, else the UserName: never a Code), then, when cells above
        /// hold line breaks, the row Excel shows (<see cref="SourceLine.Row"/>); null when it was not refused. The record is
        /// left out when a reason names it already (<see cref="NamesRecord(RecordError)"/>).
        /// </summary>
        /// <param name="file">The file the row is in; null for piped objects ("Line 3 (device 'x'): A. B.").</param>
        public string? ErrorIn(string? file) =>
            _errors.Count == 0 ? null : About(file, Reasons(), _errors.Any(NamesRecord));

        /// <summary>
        /// Whether <paramref name="error"/> names the row's record itself: it says so (<see cref="RecordError.NamesRecord"/>), or
        /// it is about the record's key (an Identifier refused as invalid, or repeated), whose value it echoes.
        /// </summary>
        private bool NamesRecord(RecordError error) =>
            error.NamesRecord || error.Field == (string.IsNullOrEmpty(Identifier) ? FieldNames.UserName : FieldNames.Identifier);

        /// <summary>
        /// One of the row's warnings (<see cref="GetWarnings"/>) as the command says it: where the row is, then, below quoted line
        /// breaks, Excel's row (<see cref="SourceLine.Row"/>). Not the record: every warning of a row names its record itself
        /// ("The Code given for device 'x' …", "A new user 'y' …"), the rule for whoever adds one.
        /// </summary>
        public string WarningIn(string? file, string warning) => About(file, warning, namesRecord: true);

        /// <summary>
        /// A message about the row (<paramref name="text"/>), as every message of a row is worded (<see cref="SourceLine.Row"/>):
        /// its line and file, its record unless <paramref name="namesRecord"/> (the text names it), Excel's row below line breaks.
        /// </summary>
        public string About(string? file, string text, bool namesRecord) =>
            SourceLine.Row(Line, file, namesRecord ? null : RecordName(), LineBreaksAbove, text);

        private string Reasons()
        {
            var text = new StringBuilder();
            for (int i = 0; i < _errors.Count; i++)
            {
                text.Append(i == 0 ? "" : " ").Append(SourceLine.WithoutPrefix(_errors[i].Message, Line));
            }

            return text.ToString();
        }

        /// <summary>"device 'ipad-jp011'", else "user 'k001'" for a row of a user alone; null when the row has neither.</summary>
        private string? RecordName()
        {
            bool device = !string.IsNullOrEmpty(Identifier);
            string? key = device ? Identifier : UserName;
            return string.IsNullOrEmpty(key) ? null : SourceLine.Record(device ? "device" : "user", key!);
        }

        public bool Failed => _errors.Count != 0;

        public IReadOnlyList<FieldChange> GetFieldChanges() => ChangeList;

        /// <summary>The -WhatIf warnings for the values the row's blank cells take away (<see cref="FieldChange.BlankCellWarning"/>).</summary>
        public IEnumerable<string> BlankCellWarnings()
        {
            foreach (FieldChange change in ChangeList)
            {
                if (change.BlankCellWarning(_expirationDaysResetByBlank) is string warning)
                {
                    yield return warning;
                }
            }
        }

        private List<FieldChange> ChangeList
        {
            get
            {
                if (_changes == null)
                {
                    _changes = Merged(_userPlan?.Changes, _devicePlan?.Changes);
                    _userPlan = null;
                    _devicePlan = null;
                }

                return _changes;
            }
        }

        /// <summary>
        /// One plan's own list when only one has changes; else both, the user's first, each field once. Both name
        /// UserName when the row creates its user (the user's key) and links its device to that user (the device's
        /// UserName, named so in Get-BmgDeviceHistory and the CSV column): the same name twice in one list reads as
        /// a repetition. One is left out: the device's when the link is new (the user's entry names the same user), the
        /// user's when the device moved from another user (the link's old value is the news; UserAction says Created).
        /// </summary>
        private static List<FieldChange> Merged(List<FieldChange>? user, List<FieldChange>? device)
        {
            if (device == null || device.Count == 0)
            {
                return user ?? device ?? new List<FieldChange>();
            }

            if (user == null || user.Count == 0)
            {
                return device;
            }

            int userKey = user.FindIndex(change => change.Field == FieldNames.UserName);
            int link = device.FindIndex(change => change.Field == FieldNames.UserName);
            bool leaveOutLink = userKey >= 0 && link >= 0 && device[link].OldValue == null;
            bool leaveOutUserKey = userKey >= 0 && link >= 0 && !leaveOutLink;
            var both = new List<FieldChange>(user.Count + device.Count);
            for (int i = 0; i < user.Count; i++)
            {
                if (!(leaveOutUserKey && i == userKey))
                {
                    both.Add(user[i]);
                }
            }

            for (int i = 0; i < device.Count; i++)
            {
                if (!(leaveOutLink && i == link))
                {
                    both.Add(device[i]);
                }
            }

            return both;
        }

        public IReadOnlyList<RecordError> GetErrors() => _errors;

        /// <summary>
        /// "Line 3, iphone-tokyo-001" (the Identifier, else the UserName): what a row error's CategoryInfo shows as its
        /// target, since the row result is the error's TargetObject (scripts read its Line, Identifier, ErrorId), and
        /// PowerShell shows a target by its text: the type's name, "BizMobileGo.Core.Import.ImportRowResult", told an
        /// admin nothing.
        /// </summary>
        public override string ToString()
        {
            string line = "Line " + Line.ToString(CultureInfo.InvariantCulture);
            string? key = string.IsNullOrEmpty(Identifier) ? UserName : Identifier;
            return string.IsNullOrEmpty(key) ? line : line + ", " + FieldText.Printable(key);
        }

        /// <summary>Things worth a look that don't stop the row (an unusual serial length).</summary>
        public IReadOnlyList<string> GetWarnings() => _warnings;

        /// <summary>
        /// What the row's check-in email does that its -WhatIf line says after the changes (<see cref="RecordPlan{T}.CheckInEmailNote"/>:
        /// a device handed to another user whose email goes to the previous user's address); null when nothing. A method, not
        /// a property: -PassThru's row objects (and their Export-Csv columns) stay as they were.
        /// </summary>
        public string? GetCheckInEmailNote() => CheckInEmailNote;

        internal string? CheckInEmailNote { get; set; }

        /// <summary>The row's outcome in one word: failed, else the strongest of its user and device actions.</summary>
        public RecordAction Outcome
        {
            get
            {
                if (Failed)
                {
                    return RecordAction.Failed;
                }

                if (UserAction == RecordAction.Created || DeviceAction == RecordAction.Created)
                {
                    return RecordAction.Created;
                }

                return UserAction == RecordAction.Updated || DeviceAction == RecordAction.Updated
                    ? RecordAction.Updated
                    : RecordAction.Unchanged;
            }
        }

        /// <summary>
        /// The store the row was imported into (<see cref="Store.IReadFromStore"/>): its Identifier and UserName bind the key of a
        /// later command (`-PassThru | Get-BmgDevice`), which must look in that store, not in its own (PipedFromOtherStore).
        /// </summary>
        public string? Database { get; internal set; }
    }

    /// <summary>The counts of one import.</summary>
    public sealed class ImportSummary : Store.IReadFromStore
    {
        public string Source { get; internal set; } = "";
        public int Rows { get; internal set; }

        // Created, Updated, Unchanged and EmailsQueued: what the import wrote, or under -WhatIf what it would write. An
        // all-or-nothing import with a failed row writes nothing, and its dry run must not predict otherwise (twelfth-round
        // walkthrough, finding 3: a -WhatIf said "Created 1" for a file the real run refused): 0 then, as the import
        // history shows a refused import, with the rows' own outcomes kept in the Planned counts.
        public int Created => Refused ? 0 : PlannedCreated;
        public int Updated => Refused ? 0 : PlannedUpdated;
        public int Unchanged => Refused ? 0 : PlannedUnchanged;
        public int Failed { get; internal set; }
        public int EmailsQueued => Refused ? 0 : PlannedEmailsQueued;

        // The users the rows created and changed, beside the rows' counts: a row counts once, as Created when it creates its
        // device, even when it also rewrote the Name or EmailAddress of a user the store had (a device moved from another
        // store's export, walkthrough 29, finding 4: "Created 1 Updated 0" while the target store's user of that UserName
        // took the other store's person's values). A user of several rows is counted by the row that changed it.
        public int UsersCreated => Refused ? 0 : PlannedUsersCreated;
        public int UsersUpdated => Refused ? 0 : PlannedUsersUpdated;

        /// <summary>
        /// True when rows failed and the import is all-or-nothing: nothing was written (nor, under -WhatIf, would be), and
        /// the command ends with ImportFailed. The import history calls such an import Refused.
        /// </summary>
        public bool Refused { get; internal set; }

        // The counts the rows worked out, written or not (as Get-BmgImportHistory's PlannedCreated, ...).
        public int PlannedCreated { get; internal set; }
        public int PlannedUpdated { get; internal set; }
        public int PlannedUnchanged { get; internal set; }
        public int PlannedEmailsQueued { get; internal set; }
        public int PlannedUsersCreated { get; internal set; }
        public int PlannedUsersUpdated { get; internal set; }

        public TimeSpan Elapsed { get; internal set; }

        public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Math.Round(Rows / Elapsed.TotalSeconds, 1) : Rows;

        /// <summary>True when the rows were written; false for -WhatIf and for a refused all-or-nothing import.</summary>
        public bool Committed { get; internal set; }

        public bool WhatIf { get; internal set; }

        /// <summary>The import history entry written for this import (Get-BmgImportHistory -Id); none for -WhatIf.</summary>
        public long? HistoryId { get; internal set; }

        /// <summary>The encoding the file was read in ("UTF-8", "Shift_JIS (CP932)", ...); null for piped objects.</summary>
        public string? Encoding { get; internal set; }

        /// <summary>
        /// The store imported into (<see cref="Store.IReadFromStore"/>): its <see cref="HistoryId"/> names an import of that store
        /// only (`$summary | Get-BmgImportHistory`; every store has an import 1).
        /// </summary>
        public string? Database { get; internal set; }

        // The file name as row messages show it: a control character in it is <U+001B>, never sent to the screen raw.
        // "1 row", "2 rows": counted as every text of the import counts its rows (EnglishWords).
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0}: {1}, {2} created, {3} updated, {4} unchanged, {5} failed", FieldText.Printable(Source), EnglishWords.Amount(Rows, "row"), Created, Updated, Unchanged, Failed);
    }
}
