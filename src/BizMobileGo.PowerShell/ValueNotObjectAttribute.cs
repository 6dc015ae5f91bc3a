using System;
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
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class ValueNotObjectAttribute : ArgumentTransformationAttribute
    {
        private readonly string _field;

        /// <param name="field">The field, as the refusal names it.</param>
        public ValueNotObjectAttribute(string field) => _field = field;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            inputData is string || PipedImportRows.ObjectTypeName(inputData) is not string typeName
                ? inputData
                : throw new ArgumentTransformationMetadataException(RecordError.ObjectNotValue(_field, typeName).Message);
    }
}
