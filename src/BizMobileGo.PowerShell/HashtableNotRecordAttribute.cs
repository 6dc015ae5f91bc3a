using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Refuses a hashtable piped to New-/Set-BmgDevice and New-/Set-BmgUser (their hidden -InputObject), saying what to pipe
    /// instead. PowerShell binds parameters by property name, and a hashtable's keys are no properties: `@{ Identifier = 'x';
    /// OS = 'ios' } | New-BmgDevice` ended in PowerShell's InputObjectMissingMandatory ("did not contain the information
    /// required"), which reads as if the keys were wrong (walkthrough 18, finding 9). The New- cmdlets keep their mandatory
    /// -Identifier/-OS and -UserName (a hashtable read as a row would need them optional, and the prompt for a missing one
    /// would go), so the hashtable is refused by this rule instead: [pscustomobject] makes it a record; Import-BmgDeviceCsv,
    /// which reads rows, not parameters, takes hashtables as they are.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class HashtableNotRecordAttribute : ArgumentTransformationAttribute
    {
        /// <summary>How many of the hashtable's keys the example names; its values are never shown (a Code is secret).</summary>
        private const int KeysShown = 4;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is IDictionary table)
            {
                throw new ArgumentTransformationMetadataException(Refusal(table));
            }

            return inputData;
        }

        internal static string Refusal(IDictionary table)
        {
            string[] keys = table.Keys.Cast<object?>().Select(key => key?.ToString() ?? "").ToArray();
            string shown = string.Join("; ", keys.Take(KeysShown).Select(key => $"{key} = ..."))
                + (keys.Length > KeysShown ? "; ..." : "");
            return "A hashtable is not a record for this command: PowerShell binds parameters from an object's properties, and a "
                + "hashtable's keys are not properties, so none of its values would bind. Pipe it as an object: "
                + $"[pscustomobject]@{{ {shown} }} (or [pscustomobject]$table for one held in a variable); Import-BmgDeviceCsv takes hashtables as rows.";
        }
    }
}
