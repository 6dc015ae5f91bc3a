using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Parameters named like the CSV columns (New-/Set-BmgDevice -Serial, New-/Set-BmgUser -EmailAddress) as the field
    /// values the planner checks, so a parameter and a CSV cell go through the same rules.
    /// </summary>
    internal static class FieldParameters
    {
        /// <summary>
        /// The field values among <paramref name="boundParameters"/>: a parameter given as $null or "" clears its
        /// field, as a blank CSV cell does; one not given is untouched. Parameters that are not fields are left out.
        /// A value <paramref name="fromPipeline"/> does not say was bound from a piped record is typed (<see cref="FieldValues.IsTyped"/>).
        /// </summary>
        public static FieldValues Values(IDictionary<string, object?> boundParameters, Func<string, bool> fromPipeline)
        {
            var values = new FieldValues();
            foreach (KeyValuePair<string, object?> parameter in boundParameters)
            {
                if (FieldKeys.TryFind(parameter.Key, out FieldKey key))
                {
                    values[key] = FieldText(parameter.Value);
                    if (!fromPipeline(parameter.Key))
                    {
                        values.MarkTyped(key);
                    }
                }
            }

            return values;
        }

        private static string FieldText(object? value) => value switch
        {
            null => "",
            PSObject wrapped => FieldText(wrapped.BaseObject),
            string text => text,
            System.Collections.IEnumerable list => string.Join("|", list.Cast<object?>().Select(FieldText)),
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
