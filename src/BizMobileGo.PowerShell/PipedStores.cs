using System;
using System.Management.Automation;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The store a piped Device or User was read from (its Database), for the command it is piped to: one not given -Database
    /// refuses an object of another store (PipedFromOtherStore), and one given it names its own store in a What-if or Confirm
    /// (<see cref="BmgCmdlet"/>, BmgCmdlet.PipedStores.cs). Live objects say it by their Database; objects read back
    /// (Import-Clixml, a job's output: "Deserialized.BizMobileGo.Core.Devices.Device") carry it as text, and so does
    /// Select-Object's copy of either that kept its Database (<see cref="ModuleObjects"/>). Any other object (an Import-Csv
    /// row, a [pscustomobject]) has no store, whatever its properties.
    /// </summary>
    /// <remarks>
    /// Most commands see only the piped object's key (its Identifier or UserName, bound by property name); the key
    /// parameter's transformation (<see cref="NameNotObjectAttribute"/>) sees it whole, and holds its store here until the
    /// command's ProcessRecord for it, as <see cref="PipedMisspeltFields"/> holds misspelt fields: PowerShell binds a record
    /// and runs its ProcessRecord on the same thread, with no other binding of that command between. What is held is matched
    /// by the very key objects the record carried (its Identifier's, UserName's or Serial's string, by reference), so a slot left by
    /// a record whose binding failed is never taken for another's.
    /// </remarks>
    internal static class PipedStores
    {
        // The properties by which a piped Device or User binds a command's key: a Device's Identifier, its UserName
        // (Get-BmgUser, Get-BmgDevice -UserName) and its Serial (Get-BmgDepDevice, Remove-BmgDepDevice); a User's UserName.
        private static readonly string[] KeyProperties = { nameof(Device.Identifier), nameof(Device.UserName), nameof(Device.Serial) };
        private static readonly string[] UserKeyProperties = { nameof(User.UserName) };

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
        /// The store <paramref name="value"/> was read from, what it is ("device", "user") and its key (Identifier, UserName):
        /// a Device or User, live or read back, that says its store; null for anything else.
        /// </summary>
        public static string? StoreOf(object? value, out PipedRecord record)
        {
            record = default;
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case Device device when device.Database != null:
                    record = new PipedRecord("device", device.Identifier);
                    return device.Database;
                case User user when user.Database != null:
                    record = new PipedRecord("user", user.UserName);
                    return user.Database;
                case PSCustomObject _ when value is PSObject readBack:
                    return DeserializedStoreOf(readBack, out record);
                case Array list when list.Length == 1:
                    // A Device bound whole to a list parameter (Export-BmgDeviceCsv -InputObject): one piped object a record.
                    return StoreOf(list.GetValue(0), out record);
                default:
                    return null;
            }
        }

        private static string? DeserializedStoreOf(PSObject record, out PipedRecord named)
        {
            named = default;
            // A Device or User read back, or Select-Object's copy of one (`| Select-Object *`, `| Select-Object Identifier,
            // Database`): one rule for all (ModuleObjects), which reads only the first type name (a piped import's rows go
            // through here, one each). A copy that left Database out says no store, and is taken as before.
            if (ModuleObjects.FormOf(record, out string? type) == ModuleObjectForm.None)
            {
                return null;
            }

            bool device = type == typeof(Device).FullName;
            if (!device && type != typeof(User).FullName)
            {
                return null;
            }

            string? store = record.Properties[nameof(Device.Database)]?.Value?.ToString();
            if (string.IsNullOrEmpty(store))
            {
                return null;
            }

            // A copy may hold another key than the object's own (a device's `Select-Object UserName, Database` piped to
            // Get-BmgUser): named by the key it holds, "device of the user 'tanaka'".
            string kind = device ? "device" : "user";
            string? key = null;
            foreach (string name in device ? KeyProperties : UserKeyProperties)
            {
                if (record.Properties[name]?.Value?.ToString() is string value)
                {
                    key = value;
                    kind = !device || name == nameof(Device.Identifier) ? kind : name == nameof(Device.UserName) ? "device of the user" : "device with the serial";
                    break;
                }
            }

            named = new PipedRecord(kind, key ?? "");
            return store;
        }

        /// <summary>Holds the store of the piped object being bound (nothing for one without), for <see cref="Take"/>.</summary>
        public static void Hold(PSObject record)
        {
            _held = StoreOf(record, out PipedRecord named) is string store
                ? new Held(store, named, record.BaseObject switch
                {
                    // A live object's keys read as the properties give them, without PowerShell's look-up by name (per piped object).
                    Device device => new object?[] { device.Identifier, device.UserName, device.Serial },
                    User user => new object?[] { user.UserName },
                    _ => Array.ConvertAll(KeyProperties, name => record.Properties[name]?.Value),
                })
                : null;
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

            object? key = boundValue is string[] list && list.Length == 1 ? list[0] : boundValue;
            if (key == null)
            {
                return null;
            }

            if (!Array.Exists(held.Keys, candidate => ReferenceEquals(candidate, key)))
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

    /// <summary>A piped Device or User as messages name it: what it is ("device", "user") and its key, as stored.</summary>
    internal readonly struct PipedRecord
    {
        public PipedRecord(string kind, string key)
        {
            Kind = kind;
            Key = key;
        }

        public string Kind { get; }

        public string Key { get; }

        /// <summary>"device 'apple001'", the key printable (a control character as its code point).</summary>
        public override string ToString() => $"{Kind ?? "object"} '{Core.Fields.FieldText.Printable(Key ?? "")}'";
    }
}
