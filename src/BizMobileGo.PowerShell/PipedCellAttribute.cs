using System;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A parameter that binds a piped record's property by name beside a key that takes piped records
    /// (<see cref="NameNotObjectAttribute"/>), such as Get-BmgDevice's -UserName beside -Identifier: the record's value is
    /// read as an export's cell, as the key's is (<see cref="PipedCells"/>), so `Import-Csv export.csv | Get-BmgDevice`
    /// filters by the user '+tanaka' that the export wrote as "'+tanaka". Any other value (typed) is taken as it is.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class PipedCellAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => PipedCells.AsBound(inputData);
    }
}
