using System;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Refuses a script block given to a text parameter that takes no pipeline input. PowerShell runs a script block
    /// once per piped object ("delay-bind") only for a parameter that takes pipeline input, by value or by property name
    /// (Rename-Bmg* -NewName, New-BmgDevice's fields, every -Identifier); for any other [string] or [string[]] parameter it
    /// silently takes the script block's text, so `Import-Csv d.csv | Set-BmgDevice -Description { $_.Description }` stored
    /// "$_.Description" on every device (walkthrough 15, finding 1). Parameters of other types (int, enum,
    /// DateTimeOffset) already refuse one, as PowerShell can't convert it.
    /// </summary>
    /// <remarks>
    /// A transformation, not a validation: validation sees the value after it was turned into text. Parameters that
    /// already transform (-Encoding, -KnownHash) apply the same rule through <see cref="Refuse"/> rather than stacking
    /// this attribute. NameNotObject needs neither: its parameters take pipeline input, so PowerShell runs a script block
    /// given to them, and one piped to them by value is already refused as no name. tests/pester/ScriptBlockArguments.Tests.ps1 walks every cmdlet's parameters, so a new
    /// one can't miss it.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class NoScriptBlockAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            Refuse(inputData);
            return inputData;
        }

        /// <summary>
        /// Throws when the value is a script block (or a list holding one): PowerShell turns that into its
        /// ParameterArgumentTransformationError, whose message names the parameter before this one. The script block's own
        /// text is not repeated: it may hold a check-in code (-Code { 'ABCDEFGH' }).
        /// </summary>
        public static void Refuse(object? inputData)
        {
            if (IsScriptBlock(inputData))
            {
                throw new ArgumentTransformationMetadataException(Message);
            }
        }

        internal const string Message =
            "A script block is not run for this parameter: PowerShell runs one per piped object only for parameters that "
            + "take pipeline input, and here it would take the script block's text as the value. Give the "
            + "value itself; for a value per piped object, run the command once per object "
            + "(Import-Csv changes.csv | ForEach-Object { Set-BmgDevice $_.Identifier -Description $_.Description }), "
            + "or import a CSV that has only the key and the columns to change (Import-BmgDeviceCsv).";

        private static bool IsScriptBlock(object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is ScriptBlock)
            {
                return true;
            }

            // -DeviceTags { 'a' }, { 'b' }: each element would become its text too.
            if (value is object[] list)
            {
                foreach (object? item in list)
                {
                    if ((item is PSObject wrappedItem ? wrappedItem.BaseObject : item) is ScriptBlock)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
