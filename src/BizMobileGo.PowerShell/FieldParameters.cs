using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Fields;
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
        /// <param name="pipedCells">The piped record's values are cells (<see cref="PipedCells.AreCells"/>): those bound from it
        /// are read as a file's cells are, without an export's formula escape.</param>
        public static FieldValues Values(IDictionary<string, object?> boundParameters, Func<string, bool> fromPipeline, bool pipedCells = false)
        {
            var values = new FieldValues();
            foreach (KeyValuePair<string, object?> parameter in boundParameters)
            {
                if (FieldKeys.TryFind(parameter.Key, out FieldKey key))
                {
                    // A list (DeviceTags) is one cell, as the export writes it: joined, then read.
                    string text = FieldText(parameter.Value);
                    values[key] = pipedCells && fromPipeline(parameter.Key) ? PipedCells.Read(text) : text;
                    if (!fromPipeline(parameter.Key))
                    {
                        values.MarkTyped(key);
                    }
                }
            }

            foreach (FieldKey list in NameListEdit.Lists)
            {
                boundParameters.TryGetValue(NameListEdit.AddParameter(list), out object? added);
                boundParameters.TryGetValue(NameListEdit.RemoveParameter(list), out object? removed);
                if (added != null || removed != null)
                {
                    values.SetListEdit(list, new NameListEdit(Names(added), Names(removed)));
                }
            }

            return values;
        }

        /// <summary>
        /// The names given to a list-edit parameter (Set-BmgDevice -AddDeviceTag), each as its text; the Core applies the
        /// list's rules to them (<see cref="NameListEdit.TryParse"/>).
        /// </summary>
        private static IReadOnlyList<string?> Names(object? value) => value switch
        {
            null => Array.Empty<string?>(),
            PSObject wrapped => Names(wrapped.BaseObject),
            string text => new[] { text },
            System.Collections.IEnumerable list => list.Cast<object?>().Select(item => item == null ? null : FieldText(item)).ToList(),
            _ => new[] { FieldText(value) },
        };

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
