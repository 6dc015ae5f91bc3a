using System.Globalization;
using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Text given to -ExpirationDays (an Import-Csv cell piped to New-BmgDevice, or typed) read as an import reads the
    /// cell: blank is $null (7 days, as a blank cell), and text that is no whole number is refused with the field's
    /// rule (a date gets its own message) instead of PowerShell's "Cannot convert value to System.Int32". A whole
    /// number goes on as it is, so 0 or 400 meets the range rule (InvalidFieldValue) as a typed number does.
    /// </summary>
    internal sealed class ExpirationDaysTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is not string text)
            {
                return inputData;
            }

            if (text.Trim().Length == 0)
            {
                return null;
            }

            if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int days))
            {
                return days;
            }

            ExpirationDays.TryParse(text, out _, out string? rule);
            throw new ArgumentTransformationMetadataException(
                RecordError.InvalidValue(FieldNames.ExpirationDays, text, rule ?? "must be a whole number of days from 1 to 365").Message);
        }
    }
}
