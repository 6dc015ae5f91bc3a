using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The field changes between a record's state before and after a write (null before: created; null after:
    /// removed). Fields compare by value, lists by their items in order, as the import planner compares them, so
    /// a row the import calls Unchanged records nothing. Bookkeeping times (CreatedAt, SavedAt) are not changes:
    /// the entry's own time says when.
    /// </summary>
    public static class ChangeDiff
    {
        public const string StateField = "State";
        public const string DepDeviceField = "DepDevice";
        public const string DepProfileField = "DepProfile";
        public const string CheckedInAtField = "CheckedInAt";
        public const string WithdrawnAtField = "WithdrawnAt";

        /// <summary>
        /// When Apple released the DEP serial the device uses (a DEP import's release, or its undoing): not a column of the device,
        /// recorded by the write that changes Apple's list (<see cref="DeviceFieldChanges"/>).
        /// </summary>
        public const string DepReleasedField = "DepReleased";

        /// <summary>
        /// Every field a device's diff can name, in the order entries list them (what sizes a created record's changes). Not
        /// <see cref="DepReleasedField"/>: no diff of a device's row names it (<see cref="DeviceFieldChanges"/>).
        /// </summary>
        public static IReadOnlyList<string> DeviceFields { get; } = new[]
        {
            FieldNames.Identifier, FieldNames.Template, FieldNames.Code, FieldNames.OS, FieldNames.DeviceTags, FieldNames.WifiMac,
            FieldNames.IMEI, FieldNames.MEID, FieldNames.UDID, FieldNames.Serial, FieldNames.ExpirationDays, FieldNames.DisplayName,
            FieldNames.Description, FieldNames.RegistrationEmail, FieldNames.DEPMethod, FieldNames.UserName, StateField, DepDeviceField,
            DepProfileField, CheckedInAtField, WithdrawnAtField,
        };

        /// <summary>Every field a user change can name, in the order entries list them.</summary>
        public static IReadOnlyList<string> UserFields { get; } = new[]
        {
            FieldNames.UserName, FieldNames.Name, FieldNames.EmailAddress, FieldNames.UserDescription, FieldNames.Organizations,
        };

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static IReadOnlyList<FieldChange> Of(Device? before, Device? after)
        {
            // A created device names most fields: room for all at once, not a list that grows four times.
            var changes = new Changes(before == null && after != null, DeviceFields.Count);
            Diff(ref changes, before, after);
            return changes.Result;
        }

        /// <summary>The field changes of a device write, each handed to <paramref name="changes"/> in the order entries list them.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static void Diff<TSink>(ref TSink changes, Device? before, Device? after)
            where TSink : struct, IChangeSink
        {
            Compare(ref changes, FieldNames.Identifier, before?.Identifier, after?.Identifier);
            Compare(ref changes, FieldNames.Template, before?.Template, after?.Template);
            if (!string.Equals(Blank(before?.PlainCode), Blank(after?.PlainCode), StringComparison.Ordinal))
            {
                // A code is a secret: history says that it changed, never from what or to what.
                changes.AddHidden(FieldNames.Code);
            }

            Compare(ref changes, FieldNames.OS, before?.OS, after?.OS);
            if (!NameList.Same(before?.DeviceTags, after?.DeviceTags))
            {
                Compare(ref changes, FieldNames.DeviceTags, Joined(before?.DeviceTags), Joined(after?.DeviceTags));
            }

            Compare(ref changes, FieldNames.WifiMac, before?.WifiMac, after?.WifiMac);
            Compare(ref changes, FieldNames.IMEI, before?.IMEI, after?.IMEI);
            Compare(ref changes, FieldNames.MEID, before?.MEID, after?.MEID);
            Compare(ref changes, FieldNames.UDID, before?.UDID, after?.UDID);
            Compare(ref changes, FieldNames.Serial, before?.Serial, after?.Serial);
            if (before?.ExpirationDays != after?.ExpirationDays)
            {
                Compare(ref changes, FieldNames.ExpirationDays, Number(before?.ExpirationDays), Number(after?.ExpirationDays));
            }

            Compare(ref changes, FieldNames.DisplayName, before?.DisplayName, after?.DisplayName);
            Compare(ref changes, FieldNames.Description, before?.Description, after?.Description);
            Compare(ref changes, FieldNames.RegistrationEmail, before?.RegistrationEmail, after?.RegistrationEmail);
            if (before?.DEPMethod != after?.DEPMethod)
            {
                Compare(ref changes, FieldNames.DEPMethod, DepMethods.ToText(before?.DEPMethod), DepMethods.ToText(after?.DEPMethod));
            }

            Compare(ref changes, FieldNames.UserName, before?.UserName, after?.UserName);
            if (before?.State != after?.State)
            {
                Compare(ref changes, StateField, DeviceStates.Text(before?.State), DeviceStates.Text(after?.State));
            }

            Compare(ref changes, DepDeviceField, before?.DepDevice, after?.DepDevice);
            Compare(ref changes, DepProfileField, before?.DepProfile, after?.DepProfile);
            if (before?.CheckedInAt != after?.CheckedInAt)
            {
                Compare(ref changes, CheckedInAtField, Time(before?.CheckedInAt), Time(after?.CheckedInAt));
            }

            if (before?.WithdrawnAt != after?.WithdrawnAt)
            {
                Compare(ref changes, WithdrawnAtField, Time(before?.WithdrawnAt), Time(after?.WithdrawnAt));
            }
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static IReadOnlyList<FieldChange> Of(User? before, User? after)
        {
            var changes = new Changes(before == null && after != null, UserFields.Count);
            Diff(ref changes, before, after);
            return changes.Result;
        }

        /// <summary>The field changes of a user write, each handed to <paramref name="changes"/> in the order entries list them.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static void Diff<TSink>(ref TSink changes, User? before, User? after)
            where TSink : struct, IChangeSink
        {
            Compare(ref changes, FieldNames.UserName, before?.UserName, after?.UserName);
            Compare(ref changes, FieldNames.Name, before?.Name, after?.Name);
            Compare(ref changes, FieldNames.EmailAddress, before?.EmailAddress, after?.EmailAddress);
            Compare(ref changes, FieldNames.UserDescription, before?.UserDescription, after?.UserDescription);
            if (!NameList.Same(before?.Organizations, after?.Organizations))
            {
                Compare(ref changes, FieldNames.Organizations, Joined(before?.Organizations), Joined(after?.Organizations));
            }
        }

        /// <summary>
        /// The entry for a device write, or null when nothing changed (an unchanged row records nothing).
        /// <paramref name="subjectKey"/> is the store's immutable key of the device; <paramref name="origin"/> names
        /// the command (and an import's id and line); <paramref name="actor"/> is who ran it (null: this process's user).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static ChangeEntry? ForDevice(Device? before, Device? after, string subjectKey, ChangeOrigin origin, DateTimeOffset at,
            ChangeActor? actor = null) =>
            Entry(Of(before, after), before == null, after == null, SubjectKind.Device, subjectKey, ChangeEntry.NoKeyNumber,
                Subject(before, after).Identifier, origin, at, actor);

        /// <summary>As <see cref="ForDevice(Device, Device, string, ChangeOrigin, DateTimeOffset, ChangeActor)"/>, with the store's numeric key (the recorder's case).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static ChangeEntry? ForDevice(Device? before, Device? after, long subjectKey, ChangeOrigin origin, DateTimeOffset at, ChangeActor actor,
            IReadOnlyList<FieldChange>? changes = null) =>
            Entry(changes ?? Of(before, after), before == null, after == null, SubjectKind.Device, null, subjectKey, Subject(before, after).Identifier, origin, at, actor);

        /// <summary>The entry for a user write, or null when nothing changed.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static ChangeEntry? ForUser(User? before, User? after, string subjectKey, ChangeOrigin origin, DateTimeOffset at,
            ChangeActor? actor = null) =>
            Entry(Of(before, after), before == null, after == null, SubjectKind.User, subjectKey, ChangeEntry.NoKeyNumber,
                Subject(before, after).UserName, origin, at, actor);

        /// <summary>As <see cref="ForUser(User, User, string, ChangeOrigin, DateTimeOffset, ChangeActor)"/>, with the store's numeric key (the recorder's case).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static ChangeEntry? ForUser(User? before, User? after, long subjectKey, ChangeOrigin origin, DateTimeOffset at, ChangeActor actor,
            IReadOnlyList<FieldChange>? changes = null) =>
            Entry(changes ?? Of(before, after), before == null, after == null, SubjectKind.User, null, subjectKey, Subject(before, after).UserName, origin, at, actor);

        /// <summary>
        /// The entry of a device an import created (the recorder's <see cref="RecordedWrite"/>): its changes are those of
        /// <see cref="Of(Device, Device)"/> from nothing, made only when something asks for them; the hash and the pack write
        /// them straight from the device (<see cref="ChangeEntry.CreatedRecord"/>).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static ChangeEntry ForCreated(Device after, long subjectKey, ChangeOrigin origin, DateTimeOffset at, ChangeActor actor) =>
            Created(after, SubjectKind.Device, subjectKey, after.Identifier, origin, at, actor);

        /// <summary>As <see cref="ForCreated(Device, long, ChangeOrigin, DateTimeOffset, ChangeActor)"/>, for a user.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static ChangeEntry ForCreated(User after, long subjectKey, ChangeOrigin origin, DateTimeOffset at, ChangeActor actor) =>
            Created(after, SubjectKind.User, subjectKey, after.UserName, origin, at, actor);

        /// <summary>The changes of a created record's entry (a <see cref="Device"/> or <see cref="User"/>, as <see cref="ForCreated(Device, long, ChangeOrigin, DateTimeOffset, ChangeActor)"/> keeps it).</summary>
        internal static IReadOnlyList<FieldChange> OfCreated(object record) => record is Device device ? Of(null, device) : Of(null, (User)record);

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static ChangeEntry Created(object record, SubjectKind kind, long subjectKey, string subject, ChangeOrigin origin, DateTimeOffset at,
            ChangeActor actor) =>
            new ChangeEntry(at, actor.OsUser, actor.Host, origin.Command, ImportId(origin), origin.Line, kind, subjectKey, subject, record, origin.ChangedBy);

        /// <summary>The id of the import an entry's write belongs to, once its import history entry is inserted (else none).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static long? ImportId(ChangeOrigin origin) => origin.Import is Import.ImportHistoryEntry import && import.Id != 0 ? import.Id : (long?)null;

        /// <summary>The entry of changes a write made to what a device uses, its own row left as it was (<see cref="DeviceFieldChanges"/>).</summary>
        internal static ChangeEntry? ForDevice(DeviceFieldChanges changed, long subjectKey, ChangeOrigin origin, DateTimeOffset at, ChangeActor actor) =>
            Entry(changed.Changes, false, false, SubjectKind.Device, null, subjectKey, changed.Device.Identifier, origin, at, actor);

        /// <summary>The DepReleased change: from one release time (or none) to another (or cleared: the release undone).</summary>
        internal static FieldChange DepReleased(DateTimeOffset? before, DateTimeOffset? after) =>
            new FieldChange(DepReleasedField, Time(before), Time(after));

        [MethodImpl(PerRowCode.Compile)]
        private static T Subject<T>(T? before, T? after)
            where T : class =>
            after ?? before ?? throw new ArgumentException("A change has a state before or after it.", nameof(after));

        /// <summary>The entry, its subject key a text or (<paramref name="subjectKey"/> null) the store's number; null when nothing changed.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static ChangeEntry? Entry(IReadOnlyList<FieldChange> changes, bool created, bool removed, SubjectKind kind, string? subjectKey,
            long subjectKeyNumber, string subject, ChangeOrigin origin, DateTimeOffset at, ChangeActor? actor)
        {
            if (changes.Count == 0 && !created && !removed)
            {
                return null;
            }

            ChangeActor who = actor ?? ChangeActor.Current;
            ChangeAction action = created ? ChangeAction.Created : removed ? ChangeAction.Removed : ChangeAction.Changed;
            return new ChangeEntry(at, who.OsUser, who.Host, origin.Command, ImportId(origin), origin.Line, kind, subjectKey, subjectKeyNumber, subject,
                action, changes, origin.ChangedBy);
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void Compare<TSink>(ref TSink changes, string field, string? before, string? after)
            where TSink : struct, IChangeSink
        {
            if (!string.Equals(Blank(before), Blank(after), StringComparison.Ordinal))
            {
                changes.Add(field, before, after);
            }
        }

        /// <summary>
        /// What a diff hands each change to, in the order entries list them (<see cref="Diff{TSink}(ref TSink, Device, Device)"/>):
        /// a list (<see cref="Changes"/>), or the bytes a created record's entry is hashed and packed as, written straight from
        /// the record (<see cref="ChangeEntryPack"/>). A value is never blank, and differs from the one before.
        /// </summary>
        internal interface IChangeSink
        {
            void Add(string field, string? before, string? after);

            /// <summary>A secret field that changed: that it did, never from what or to what.</summary>
            void AddHidden(string field);
        }

        /// <summary>
        /// Where a diff collects its changes: a created record's as <see cref="CreatedChanges"/> (names and values, no
        /// object a field), any other's as an array of <see cref="FieldChange"/>, exactly as long as the changes, collected in
        /// a list of the thread's: a re-import's changed record names one field or two, and a list of its own (room for four)
        /// was ~90 of the bytes its entry allocated (PERFORMANCE.md, thirty-seventh round). One set of rules fills either.
        /// </summary>
        private readonly struct Changes : IChangeSink
        {
            private readonly CreatedChanges? _created;
            private readonly List<FieldChange>? _list;

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public Changes(bool created, int createdCapacity)
            {
                _created = created ? new CreatedChanges(createdCapacity) : null;
                _list = null;
                if (!created)
                {
                    // Emptied here, not after: a diff that threw (a caller's bad record) leaves nothing for the next one.
                    _list = _scratch ??= new List<FieldChange>(DeviceFields.Count);
                    _list.Clear();
                }
            }

            [ThreadStatic]
            private static List<FieldChange>? _scratch;

            public IReadOnlyList<FieldChange> Result
            {
                [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
                get => (IReadOnlyList<FieldChange>?)_created?.Complete() ?? (_list!.Count == 0 ? Array.Empty<FieldChange>() : _list.ToArray());
            }

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void Add(string field, string? before, string? after)
            {
                if (_created != null)
                {
                    // Created: nothing before, so a change is always a value the field now has.
                    _created.Add(field, after!);
                }
                else
                {
                    _list!.Add(new FieldChange(field, before, after));
                }
            }

            public void AddHidden(string field)
            {
                if (_created != null)
                {
                    _created.AddHidden(field);
                }
                else
                {
                    _list!.Add(FieldChange.Hidden(field));
                }
            }
        }

        /// <summary>"" and null both mean "no value" (a blank cell clears a field to either).</summary>
        private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

        // A list of one name is that name (NameList.Join's text, without its enumerator and separator text).
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static string? Joined(IReadOnlyList<string>? names) =>
            names == null || names.Count == 0 ? null : names.Count == 1 ? names[0] : NameList.Join(names);

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static string? Number(int? value) =>
            value is int number && number >= 0 && number < SmallNumbers.Length ? SmallNumbers[number] : value?.ToString(CultureInfo.InvariantCulture);

        // The texts of the numbers a created device names most (its ExpirationDays), made once instead of once an entry.
        private static readonly string[] SmallNumbers = MakeSmallNumbers(1024);

        private static string[] MakeSmallNumbers(int count)
        {
            var texts = new string[count];
            for (int i = 0; i < count; i++)
            {
                texts[i] = i.ToString(CultureInfo.InvariantCulture);
            }

            return texts;
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static string? Time(DateTimeOffset? time) => time is DateTimeOffset given ? HistoryTime.ToText(given) : null;
    }
}
