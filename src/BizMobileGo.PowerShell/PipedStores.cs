using System;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The store a piped object of the module was read from (its Database: a Device, User, CheckInEmail, DepDevice, DepProfile,
    /// DeviceDepLink, history entry, ImportHistoryEntry, ImportSummary, ImportRowResult, Organization, Template or DeviceTag,
    /// <see cref="IReadFromStore"/>),
    /// for the command it is piped to: one
    /// not given -Database refuses an object of another store (PipedFromOtherStore), and one given it names its own store in
    /// a What-if or Confirm (<see cref="BmgCmdlet"/>, BmgCmdlet.PipedStores.cs). Live objects say it by their Database;
    /// objects read back (Import-Clixml, a job's output: "Deserialized.BizMobileGo.Core.Devices.Device") carry it as text, and
    /// so does Select-Object's copy of either that kept its Database (<see cref="ModuleObjects"/>). Any other object (an
    /// Import-Csv row, a [pscustomobject]) has no store, whatever its properties.
    /// </summary>
    /// <remarks>
    /// Most commands see only the piped object's key (its Identifier, UserName, Serial or Id, bound by property name); the key
    /// parameter's transformation (<see cref="NameNotObjectAttribute"/>) sees it whole, and holds its store here until the
    /// command's ProcessRecord for it, as <see cref="PipedMisspeltFields"/> holds misspelt fields: PowerShell binds a record
    /// and runs its ProcessRecord on the same thread, with no other binding of that command between. What is held is matched
    /// by the very key objects the record carried (its Identifier's, UserName's or Serial's string, by reference), so a slot left by
    /// a record whose binding failed is never taken for another's; a number (an Id) is boxed anew when bound, so it is matched
    /// by its value: only a piped number of the same value, right after a module object whose binding failed, could take it.
    /// </remarks>
    internal static class PipedStores
    {
        /// <summary>
        /// Each of the module's objects that says its store (<see cref="IReadFromStore"/>): what messages call it, its key as
        /// they name it, and the properties by which it binds a command's key parameter, read as they are bound. A read-back
        /// object (Import-Clixml, a job's output) is known by its first type name, "Deserialized." and the type's full name
        /// (past the mark Select-Object -First puts before it: <see cref="ModuleObjects.TypeNameAfterSelectMarks"/>).
        /// </summary>
        private static readonly StoredType[] StoredTypes =
        {
            // A Device binds by its Identifier, its UserName (Get-BmgUser, Get-BmgDevice -UserName) and its Serial
            // (Get-BmgDepDevice, Remove-BmgDepDevice); a User by its UserName.
            new StoredType(typeof(Device), "device", nameof(Device.Identifier), nameof(Device.Identifier), nameof(Device.UserName), nameof(Device.Serial)),
            new StoredType(typeof(User), "user", nameof(User.UserName), nameof(User.UserName)),
            // Walkthrough 29: an email names a device (Get-BmgDevice, Get-BmgCheckInEmail); a DEP device its serial
            // (Remove-BmgDepDevice) and its device; a DEP link its device and Serial; a history entry its subject and its
            // ImportId (Get-BmgImportHistory); an import its Id.
            new StoredType(typeof(CheckInEmail), "check-in email", nameof(CheckInEmail.Id), nameof(CheckInEmail.Identifier), nameof(CheckInEmail.Id))
            {
                // An email's Id is per store and says nothing to the admin: its device and recipient do (never its code).
                Details = new[] { ("device", nameof(CheckInEmail.Identifier)), ("to", nameof(CheckInEmail.Recipient)) },
            },
            // A DEP device binds its profile too (Get-BmgDepProfile, Set-BmgDepProfile).
            new StoredType(typeof(DepDevice), DepDeviceKind, nameof(DepDevice.SerialNumber), nameof(DepDevice.SerialNumber), nameof(DepDevice.Identifier),
                nameof(DepDevice.ProfileName), nameof(DepDevice.ProfileUuid)),
            new StoredType(typeof(DeviceDepLink), "DEP link of device", nameof(DeviceDepLink.Identifier), nameof(DeviceDepLink.Identifier), nameof(DeviceDepLink.Serial)),
            new StoredType(typeof(DeviceHistoryEntry), "device history entry", nameof(ChangeEntry.Sequence), nameof(DeviceHistoryEntry.Identifier), nameof(ChangeEntry.ImportId))
            {
                Details = new[] { ("device", nameof(DeviceHistoryEntry.Identifier)) },
            },
            new StoredType(typeof(UserHistoryEntry), "user history entry", nameof(ChangeEntry.Sequence), nameof(UserHistoryEntry.UserName), nameof(ChangeEntry.ImportId))
            {
                Details = new[] { ("user", nameof(UserHistoryEntry.UserName)) },
            },
            new StoredType(typeof(ImportHistoryEntry), "import", nameof(ImportHistoryEntry.Id), nameof(ImportHistoryEntry.Id)),
            // Thirtieth round: an import's summary names its import (HistoryId), a -PassThru row its device and user, a DEP
            // profile itself (Get-BmgDepProfile by Name, Set-BmgDepProfile by Uuid).
            new StoredType(typeof(ImportSummary), "import", nameof(ImportSummary.HistoryId), nameof(ImportSummary.HistoryId)),
            new StoredType(typeof(ImportRowResult), "imported row", nameof(ImportRowResult.Identifier), nameof(ImportRowResult.Identifier), nameof(ImportRowResult.UserName)),
            new StoredType(typeof(DepProfile), DepProfileKind, nameof(DepProfile.Name), nameof(DepProfile.Name), nameof(DepProfile.Uuid)),
            // Reference data: Set-, Remove- and Rename- of another customer's organization, template or tag of that name.
            new StoredType(typeof(Organization), "organization", nameof(Organization.Id), nameof(Organization.Id)),
            new StoredType(typeof(Template), "template", nameof(Template.Name), nameof(Template.Name)),
            new StoredType(typeof(DeviceTag), "device tag", nameof(DeviceTag.Name), nameof(DeviceTag.Name)),
        };

        private const string DepDeviceKind = "DEP device";
        private const string DepProfileKind = "DEP profile";

        /// <summary>
        /// Whether the record's key is Apple's (a DEP device's serial, a DEP profile's uuid), so the same key in another store
        /// is the same device or profile; every other key (an Identifier, a UserName, an email's or entry's number) is the
        /// store's own, and another store's record of it may be another device or person (BmgCmdlet.WarnActingByName).
        /// </summary>
        public static bool KeyIsApples(PipedRecord record) => record.Kind is DepDeviceKind or DepProfileKind;

        private sealed class StoredType
        {
            public StoredType(Type type, string kind, string key, params string[] keyProperties)
            {
                Type = type;
                Kind = kind;
                Key = key;
                KeyProperties = keyProperties;
                // A live object's properties read directly, not by PowerShell's look-up by name (once per piped object):
                // the values are the very objects PowerShell binds (a string by reference).
                KeyGetter = type.GetProperty(key)!;
                KeyGetters = Array.ConvertAll(keyProperties, name => type.GetProperty(name)!);
            }

            public System.Reflection.PropertyInfo KeyGetter { get; }

            public System.Reflection.PropertyInfo[] KeyGetters { get; }

            public Type Type { get; }

            public string Kind { get; }

            public string Key { get; }

            public string[] KeyProperties { get; }

            /// <summary>
            /// What a message says beside the key of an object whose key alone names nothing to the admin (an email's Id, a
            /// history entry's Sequence): each a word and the property whose value follows it, "(device 'x', to 'a@b')".
            /// </summary>
            public (string Word, string Property)[]? Details { get; init; }
        }

        private sealed class Held
        {
            public Held(string store, PipedRecord named, object?[] keys)
            {
                Store = store;
                Named = named;
                Keys = keys;
            }

            public string Store { get; }

            public PipedRecord Named { get; }

            public object?[] Keys { get; }
        }

        [ThreadStatic]
        private static Held? _held;

        /// <summary>
        /// The store <paramref name="value"/> was read from, what it is ("device", "check-in email") and its key (Identifier,
        /// Id): one of the module's objects (<see cref="StoredTypes"/>), live or read back, that says its store; null for anything else.
        /// </summary>
        public static string? StoreOf(object? value, out PipedRecord record)
        {
            record = default;
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case IReadFromStore stored when stored.Database != null && TypeOf(stored) is StoredType type:
                    record = new PipedRecord(type.Kind, KeyText(type.KeyGetter.GetValue(stored)), stored, type.Details);
                    return stored.Database;
                case PSCustomObject _ when value is PSObject readBack:
                    return DeserializedStoreOf(readBack, out record);
                case Array list when list.Length == 1:
                    // A Device bound whole to a list parameter (Export-BmgDeviceCsv -InputObject, Send-BmgCheckInEmail's
                    // emails): one piped object a record.
                    return StoreOf(list.GetValue(0), out record);
                default:
                    return null;
            }
        }

        private static StoredType? TypeOf(IReadFromStore stored) => Array.Find(StoredTypes, type => type.Type == stored.GetType());

        /// <summary>The stored type a read-back object or Select-Object's copy is of (<see cref="ModuleObjects.FormOf(PSObject, out string?)"/>); null for any other.</summary>
        private static StoredType? StoredTypeOf(PSObject record) =>
            ModuleObjects.FormOf(record, out string? typeName) is ModuleObjectForm.ReadBack or ModuleObjectForm.Selected
                ? Array.Find(StoredTypes, candidate => candidate.Type.FullName == typeName) : null;

        private static string KeyText(object? key) => key is PSObject wrapped ? KeyText(wrapped.BaseObject)
            : Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? "";

        private static string? DeserializedStoreOf(PSObject record, out PipedRecord named)
        {
            named = default;
            // A module object read back, or Select-Object's copy of one (`| Select-Object *`, `| Select-Object Identifier,
            // Database`): one rule for all (ModuleObjects), which reads only the first type name (a piped import's rows go
            // through here, one each). A copy that left Database out says no store, and is taken as before.
            StoredType? type = StoredTypeOf(record);
            if (type == null || !(record.Properties[nameof(IReadFromStore.Database)]?.Value?.ToString() is string store) || store.Length == 0)
            {
                return null;
            }

            if (record.Properties[type.Key] is PSPropertyInfo own)
            {
                named = new PipedRecord(type.Kind, KeyText(own.Value), record, type.Details);
                return store;
            }

            // A copy may hold another key than the object's own (a device's `Select-Object UserName, Database` piped to
            // Get-BmgUser): named by the key it holds, "device of the user 'tanaka'".
            string kind = type.Kind, key = "";
            foreach (string name in type.KeyProperties)
            {
                if (record.Properties[name]?.Value is object value)
                {
                    key = KeyText(value);
                    kind = type.Type != typeof(Device) ? kind : name == nameof(Device.UserName) ? "device of the user" : name == nameof(Device.Serial) ? "device with the serial" : kind;
                    break;
                }
            }

            named = new PipedRecord(kind, key);
            return store;
        }

        /// <summary>Holds the store of the piped object being bound (nothing for one without), for <see cref="Take"/>.</summary>
        public static void Hold(PSObject record)
        {
            _held = StoreOf(record, out PipedRecord named) is string store ? new Held(store, named, KeysOf(record)) : null;
        }

        /// <summary>The values of the key properties of one of the module's objects (<see cref="StoredTypes"/>), as they bind.</summary>
        private static object?[] KeysOf(PSObject record)
        {
            if (record.BaseObject is IReadFromStore stored)
            {
                StoredType? live = TypeOf(stored);
                return live == null ? Array.Empty<object?>() : Array.ConvertAll(live.KeyGetters, getter => getter.GetValue(stored));
            }

            StoredType? type = StoredTypeOf(record);
            return type == null ? Array.Empty<object?>()
                : Array.ConvertAll(type.KeyProperties, name => record.Properties[name]?.Value is PSObject wrapped ? wrapped.BaseObject : record.Properties[name]?.Value);
        }

        /// <summary>
        /// The store held for the record whose parameter bound <paramref name="boundValue"/> from the pipeline (a key string,
        /// or a list of one), and what the record is; null when none was held for it. Forgets what was held.
        /// </summary>
        public static string? Take(object? boundValue, out PipedRecord named)
        {
            named = default;
            Held? held = _held;
            if (held == null)
            {
                return null;
            }

            object? key = boundValue is Array list && list.Length == 1 ? list.GetValue(0) : boundValue;
            if (key == null)
            {
                return null;
            }

            // A number (an email's or import's Id, a history entry's ImportId) is boxed anew when bound: matched by its value.
            if (!Array.Exists(held.Keys, candidate => ReferenceEquals(candidate, key) || (key is ValueType && key.Equals(candidate))))
            {
                return null;
            }

            named = held.Named;
            _held = null;
            return held.Store;
        }

        /// <summary>Whether a store is held (a module object was bound since the last record's ProcessRecord).</summary>
        public static bool AnyHeld => _held != null;

        /// <summary>Forgets what was held: the record now in ProcessRecord was matched, or had nothing held.</summary>
        public static void Clear() => _held = null;
    }

    /// <summary>A piped object of the module as messages name it: what it is ("device", "check-in email") and its key, as stored.</summary>
    internal readonly struct PipedRecord
    {
        private readonly object? _source;
        private readonly (string Word, string Property)[]? _details;

        public PipedRecord(string kind, string key, object? source = null, (string Word, string Property)[]? details = null)
        {
            Kind = kind;
            Key = key;
            _source = source;
            _details = details;
        }

        public string Kind { get; }

        public string Key { get; }

        /// <summary>"device 'apple001'", the key printable (a control character as its code point).</summary>
        public override string ToString() => $"{Kind ?? "object"} '{Core.Fields.FieldText.Printable(Key ?? "")}'";

        /// <summary>
        /// <see cref="ToString"/> and what names the object to the admin when its key does not: "check-in email '4' (device
        /// 'acme-ip06', to 'tanaka@example.com')", "device history entry '12' (device 'acme-ip06')". Read only for a message.
        /// </summary>
        public string Described
        {
            get
            {
                if (_details == null || _source == null)
                {
                    return ToString();
                }

                var said = new System.Collections.Generic.List<string>();
                foreach ((string word, string property) in _details)
                {
                    object? value = _source is PSObject record ? record.Properties[property]?.Value : _source.GetType().GetProperty(property)?.GetValue(_source);
                    if (value != null && Convert.ToString(value is PSObject wrapped ? wrapped.BaseObject : value, System.Globalization.CultureInfo.InvariantCulture) is string text && text.Length != 0)
                    {
                        said.Add($"{word} '{Core.Fields.FieldText.Printable(text)}'");
                    }
                }

                return said.Count == 0 ? ToString() : $"{this} ({string.Join(", ", said)})";
            }
        }
    }
}
