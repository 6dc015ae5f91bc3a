using System.Collections.Generic;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A DEP device piped to Import-BmgDepDevice: Get-BmgDepDevice's output (of another store), or that output read back by
    /// ConvertFrom-Json or Import-Csv. Such an object has a SerialNumber and none of Apple's reply keys; its properties, as text
    /// (dates as ISO-8601, whatever the culture), are one row of the module's DEP CSV (DepDeviceFile.ReadDeviceObjects).
    /// </summary>
    internal static class DepDeviceObjects
    {
        public const string SerialProperty = "SerialNumber";

        public static bool Is(PSObject? input) =>
            input != null && input.BaseObject is not System.Collections.IDictionary && input.Properties[SerialProperty] != null
            && !PipedAppleResponse.IsReply(input);

        public static List<KeyValuePair<string, string?>> Properties(PSObject input)
        {
            var properties = new List<KeyValuePair<string, string?>>();
            foreach (PSPropertyInfo property in input.Properties)
            {
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    value = null;
                }

                object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
                string? text = bare == null ? null : PipedAppleResponse.DateText(bare) ?? LanguagePrimitives.ConvertTo<string>(bare);
                properties.Add(new KeyValuePair<string, string?>(property.Name, text));
            }

            return properties;
        }
    }
}
