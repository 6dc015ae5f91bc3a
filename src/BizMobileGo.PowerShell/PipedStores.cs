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
    /// (Import-Clixml, a job's output: "Deserialized.BizMobileGo.Core.Devices.Device") carry it as text. Any other object
    /// (an Import-Csv row, a [pscustomobject]) has no store, whatever its properties.
    /// </summary>
    /// <remarks>
    /// Most commands see only the piped object's key (its Identifier or UserName, bound by property name); the key
    /// parameter's transformation (<see cref="NameNotObjectAttribute"/>) sees it whole, and holds its store here until the
    /// command's ProcessRecord for it, as <see cref="PipedMisspeltFields"/> holds misspelt fields: PowerShell binds a record
    /// and runs its ProcessRecord on the same thread, with no other binding of that command between. What is held is matched
    /// by the very key objects the record carried (its Identifier's and UserName's strings, by reference), so a slot left by
    /// a record whose binding failed is never taken for another's.
    /// </remarks>
    internal static class PipedStores
    {
        private const string DeviceTypeName = "Deserialized.BizMobileGo.Core.Devices.Device";
        private const string UserTypeName = "Deserialized.BizMobileGo.Core.Users.User";

        private sealed class Held
        {
            public Held(string store, string? named, object? identifier, object? userName)
            {
                Store = store;
                Named = named;
                Identifier = identifier;
                UserName = userName;
            }

            public string Store { get; }

            public string? Named { get; }

            public object? Identifier { get; }

            public object? UserName { get; }
        }

        [ThreadStatic]
        private static Held? _held;

        /// <summary>
        /// The store <paramref name="value"/> was read from, and its key as messages name it ("device 'x'"): a Device or User,
        /// live or read back, that says its store; null for anything else.
        /// </summary>
        public static string? StoreOf(object? value, out string? named)
        {
            named = null;
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case Device device when device.Database != null:
                    named = $"device '{Core.Fields.FieldText.Printable(device.Identifier)}'";
                    return device.Database;
                case User user when user.Database != null:
                    named = $"user '{Core.Fields.FieldText.Printable(user.UserName)}'";
                    return user.Database;
                case PSCustomObject _ when value is PSObject record:
                    return DeserializedStoreOf(record, out named);
                case Array list when list.Length == 1:
                    // A Device bound whole to a list parameter (Export-BmgDeviceCsv -InputObject): one piped object a record.
                    return StoreOf(list.GetValue(0), out named);
                default:
                    return null;
            }
        }

        private static string? DeserializedStoreOf(PSObject record, out string? named)
        {
            named = null;
            bool device = record.TypeNames.Contains(DeviceTypeName);
            if (!device && !record.TypeNames.Contains(UserTypeName))
            {
                return null;
            }

            string key = device ? nameof(Device.Identifier) : nameof(User.UserName);
            named = $"{(device ? "device" : "user")} '{Core.Fields.FieldText.Printable(record.Properties[key]?.Value?.ToString() ?? "")}'";
            return record.Properties[nameof(Device.Database)]?.Value?.ToString() is string store && store.Length != 0 ? store : null;
        }

        /// <summary>Holds the store of the piped object being bound (nothing for one without), for <see cref="Take"/>.</summary>
        public static void Hold(PSObject record)
        {
            _held = StoreOf(record, out string? named) is string store
                ? new Held(store, named, record.Properties[nameof(Device.Identifier)]?.Value, record.Properties[nameof(User.UserName)]?.Value)
                : null;
        }

        /// <summary>
        /// The store held for the record whose parameter bound <paramref name="boundValue"/> from the pipeline (a key string,
        /// or a list of one), and the key as messages name it; null when none was held for it. Forgets what was held.
        /// </summary>
        public static string? Take(object? boundValue, out string? named)
        {
            named = null;
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

            if (!ReferenceEquals(key, held.Identifier) && !ReferenceEquals(key, held.UserName))
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
}
