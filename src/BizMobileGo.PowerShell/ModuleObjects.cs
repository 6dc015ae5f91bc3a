using System;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>How a piped object is one of the module's own (<see cref="ModuleObjects.FormOf(PSObject)"/>).</summary>
    internal enum ModuleObjectForm
    {
        /// <summary>Not the module's: an Import-Csv row, a [pscustomobject], a string, another module's object.</summary>
        None,

        /// <summary>The module's object itself (a Device, a User, a DeviceDepLink, ...).</summary>
        Live,

        /// <summary>The same read back by Import-Clixml, or a job's or remoting's output: "Deserialized.BizMobileGo.…".</summary>
        ReadBack,

        /// <summary>
        /// Select-Object's copy of a live one ("Selected.BizMobileGo.…", and such a copy read back,
        /// "Deserialized.Selected.BizMobileGo.…"): the properties the user chose, with the object's stored values. PowerShell
        /// names its copy of a read-back object "Selected.System.Management.Automation.PSCustomObject": no module's. (The
        /// same name put before a read-back object's own by `Select-Object -First 1` marks no copy: that object is still read back.)
        /// </summary>
        Selected,
    }

    /// <summary>
    /// The one rule for "is this piped object one of the module's own, and of which type": the live object, the same read
    /// back (its first type name "Deserialized.BizMobileGo.…"), or Select-Object's copy of a live one ("Selected.…"). Each use
    /// decides what the form means to it: PipedRecordFields (no not-applied warning for the module's own), PipedCells
    /// (stored values, no export cells), PipedStores (the store a Device or User was read from, PipedFromOtherStore),
    /// PipedImportRows (the import's columns only).
    /// </summary>
    /// <remarks>
    /// Only a PSCustomObject's type names are read, and only the first (<see cref="TypeNameAfterSelectMarks"/>: after any mark
    /// `Select-Object -First` put on the very object it passed on): a read-back object's and a Select-Object copy's
    /// first is its own type's, with its prefixes; a live object's PSObject.TypeNames is a table entry made beside it, one
    /// a piped object (hq26), so a live object is known by its type's assembly instead. An Import-Csv row is
    /// "System.Management.Automation.PSCustomObject" (or "CSV:…" from a file with a #TYPE line: a file's row all the same).
    /// </remarks>
    internal static class ModuleObjects
    {
        private const string ModuleNamespace = "BizMobileGo.";
        private const string SelectedPrefix = "Selected.";

        /// <summary>
        /// How <paramref name="record"/> is one of the module's objects, and the full name of the module type it is or
        /// copies (<paramref name="typeName"/>, "BizMobileGo.Core.Devices.Device"; null for <see cref="ModuleObjectForm.None"/>).
        /// </summary>
        public static ModuleObjectForm FormOf(PSObject record, out string? typeName)
        {
            Type type = record.BaseObject.GetType();
            if (type.Assembly == typeof(Device).Assembly)
            {
                typeName = type.FullName;
                return ModuleObjectForm.Live;
            }

            typeName = null;
            if (!(record.BaseObject is PSCustomObject) || !(TypeNameAfterSelectMarks(record) is string name))
            {
                return ModuleObjectForm.None;
            }

            int at = Peel(name, out bool selected);
            if (at == 0 || string.CompareOrdinal(name, at, ModuleNamespace, 0, ModuleNamespace.Length) != 0)
            {
                return ModuleObjectForm.None;
            }

            typeName = name.Substring(at);
            return selected ? ModuleObjectForm.Selected : ModuleObjectForm.ReadBack;
        }

        /// <summary>
        /// A PSCustomObject's first type name that says what it is: Select-Object's mark of an object it passed on whole is
        /// passed over. `Select-Object -First/-Last/-Skip/-Index/-Unique` (no -Property) writes the very object it was given,
        /// and on a PSCustomObject (one read back by Import-Clixml, a job's output) puts "Selected.System.Management.Automation.PSCustomObject"
        /// before its own names ("Deserialized.BizMobileGo.Core.Devices.Device"), once a pass, also on the object the caller still
        /// holds (walkthrough 30, 1: such a device lost its store, and Set-BmgDevice changed the same-named device of
        /// $env:BMG_DATABASE). A -Property copy of a read-back object is a new object whose next name is PSCustomObject's own, with
        /// no module type after the mark: it stays no module's. Null when the object has no other name.
        /// </summary>
        public static string? TypeNameAfterSelectMarks(PSObject record)
        {
            var names = record.TypeNames;
            for (int i = 0; i < names.Count; i++)
            {
                string name = names[i];
                int at = Peel(name, out bool selected);
                if (!selected || name.Length - at != PSCustomObjectName.Length
                    || string.CompareOrdinal(name, at, PSCustomObjectName, 0, PSCustomObjectName.Length) != 0)
                {
                    return name;
                }
            }

            return null;
        }

        private static readonly string PSCustomObjectName = typeof(PSCustomObject).FullName!;

        /// <summary>Where a type name's "Deserialized." and "Selected." prefixes end, and whether one was "Selected." (a copy).</summary>
        private static int Peel(string name, out bool selected)
        {
            selected = false;
            int at = 0;
            while (true)
            {
                if (string.CompareOrdinal(name, at, DeserializedPrefix, 0, DeserializedPrefix.Length) == 0)
                {
                    at += DeserializedPrefix.Length;
                }
                else if (string.CompareOrdinal(name, at, SelectedPrefix, 0, SelectedPrefix.Length) == 0)
                {
                    at += SelectedPrefix.Length;
                    selected = true;
                }
                else
                {
                    return at;
                }
            }
        }

        /// <summary>How <paramref name="record"/> is one of the module's objects (<see cref="FormOf(PSObject, out string?)"/>).</summary>
        public static ModuleObjectForm FormOf(PSObject record) => FormOf(record, out _);

        /// <summary>
        /// The module's object itself or read back (not Select-Object's copy): its properties are the module's, so none of
        /// them is reported as a field not applied or misspelt.
        /// </summary>
        public static bool IsOwn(PSObject record) => FormOf(record) is ModuleObjectForm.Live or ModuleObjectForm.ReadBack;

        /// <summary>
        /// Whether <paramref name="record"/> was read back (a PSCustomObject) from an object of the type named (its full name) or of
        /// a type derived from it: its type names list every type it was, each "Deserialized." before it (a history query's
        /// DeviceHistoryEntry is a ChangeEntry).
        /// </summary>
        public static bool WasReadBackAs(PSObject record, string typeFullName) =>
            record.BaseObject is PSCustomObject && record.TypeNames.Contains(DeserializedPrefix + typeFullName, StringComparer.Ordinal);

        /// <summary>The prefix PowerShell gives a read-back object's type names.</summary>
        public const string DeserializedPrefix = "Deserialized.";
    }
}
