using System;
using System.Collections;
using System.Management.Automation;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A field parameter that takes text (New-BmgDevice's -Description, bound by property name from a piped row): an
    /// object given for it (a nested [pscustomobject] or hashtable, ConvertFrom-Json's nested field) is refused by the rule
    /// Import-BmgDeviceCsv applies to a piped row's field (<see cref="PipedImportRows.ObjectTypeName"/>, ObjectNotFieldValue's
    /// words), rather than bound as its display text ("@{site=Tokyo}", "System.Collections.Hashtable") and stored
    /// (review30b, 3).
    /// </summary>
    /// <remarks>
    /// On a reference list (<see cref="NamesOf"/>: -AddDeviceTag, -RemoveOrganization, -DeviceTags) the module's own objects are
    /// refused too, but for the list's own kind: a device tag binds as its name, an organization as its id (their text), while
    /// a Device binds as its identifier, so `-AddDeviceTag (Get-BmgDevice d1)` added the tag 'd1' if one was so named (round 31).
    /// </remarks>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class ValueNotObjectAttribute : ArgumentTransformationAttribute
    {
        private readonly string _field;

        /// <param name="field">The field, as the refusal names it.</param>
        public ValueNotObjectAttribute(string field) => _field = field;

        /// <summary>
        /// The module's type whose objects name an item of this reference list (DeviceTag, Organization): they bind as their
        /// text; any other of the module's objects, live or read back, is refused. Null on a value field.
        /// </summary>
        public Type? NamesOf { get; set; }

        /// <summary>
        /// A hashtable is left to the list's own refusal, which reads it as Exchange's @{Add='…'} and names -AddDeviceTag
        /// (<see cref="ObjectText.Refusal"/>): the whole lists (-DeviceTags, -Organizations).
        /// </summary>
        public bool HashtableToListRefusal { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            inputData is string || RefusedTypeName(inputData) is not string typeName
                ? inputData
                : throw new ArgumentTransformationMetadataException(RecordError.ObjectNotValue(_field, typeName).Message);

        /// <summary>The type of the object refused in <paramref name="value"/> (itself or an item of it), or null.</summary>
        private string? RefusedTypeName(object? value)
        {
            if (NamesOf == null)
            {
                return PipedImportRows.ObjectTypeName(value);
            }

            switch (value)
            {
                case null:
                case string:
                    return null;
                case IDictionary:
                    return HashtableToListRefusal ? null : value.GetType().FullName;
                case IEnumerable list:
                    foreach (object? item in list)
                    {
                        if (RefusedTypeName(item) is string itemType)
                        {
                            return itemType;
                        }
                    }

                    return null;
            }

            PSObject record = PSObject.AsPSObject(value);
            if (record.BaseObject is IEnumerable && record.BaseObject is not string)
            {
                return RefusedTypeName(record.BaseObject);
            }

            if (ModuleObjects.FormOf(record, out string? moduleType) != ModuleObjectForm.None)
            {
                return moduleType == NamesOf.FullName ? null : moduleType;
            }

            return PipedImportRows.ObjectTypeName(record);
        }
    }
}
