using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;

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
        /// <param name="parameter">The parameter it is on (C# gives an attribute's constructor the name of the member it is
        /// applied to), so that the refusal's example names it.</param>
        public NoScriptBlockAttribute([CallerMemberName] string parameter = "")
        {
            Parameter = parameter;
        }

        /// <summary>The parameter the attribute is on.</summary>
        public string Parameter { get; }

        /// <summary>
        /// The field edit the parameter belongs to (Set-BmgDevice's, Set-BmgUser's fields), whose refusal shows that cmdlet run
        /// once per object and the import that changes the field from a file; none (other parameters: filters, options,
        /// paths, -Database): the refusal says only to give the value, or to run the command once per object.
        /// </summary>
        public FieldEdit Edits { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            Refuse(inputData, Parameter, Edits);
            return inputData;
        }

        /// <summary>
        /// Throws when the value is a script block (or a list holding one): PowerShell turns that into its
        /// ParameterArgumentTransformationError, whose message names the parameter before this one. The script block's own
        /// text is not repeated: it may hold a check-in code (-Code { 'ABCDEFGH' }).
        /// </summary>
        public static void Refuse(object? inputData, string parameter, FieldEdit edits = FieldEdit.None)
        {
            if (IsScriptBlock(inputData))
            {
                throw new ArgumentTransformationMetadataException(Message(parameter, edits));
            }
        }

        /// <summary>
        /// The refusal's text for <paramref name="parameter"/>. A field of Set-BmgDevice or Set-BmgUser gets that cmdlet's own
        /// per-object run ("Import-Csv changes.csv | ForEach-Object { Set-BmgUser $_.UserName -EmailAddress $_.EmailAddress }")
        /// and the import of a CSV with the key and the columns to change, which changes users as well as devices
        /// (about_BizMobileGo_CsvFormat, WHAT A ROW DOES). Every other parameter gets advice true of it: the value itself,
        /// or the command run once per object with the parameter given the object's value. Until walkthrough 28 (finding 3)
        /// every parameter got the Set-BmgDevice -Description example and the import, also a user edit, an SMTP sender, a
        /// history filter.
        /// </summary>
        internal static string Message(string parameter, FieldEdit edits)
        {
            const string why = "A script block is not run for this parameter: PowerShell runs one per piped object only for parameters that "
                + "take pipeline input, and here it would take the script block's text as the value. ";
            string? perObject = edits switch
            {
                FieldEdit.Device => "Set-BmgDevice $_.Identifier",
                FieldEdit.User => "Set-BmgUser $_.UserName",
                _ => null,
            };
            if (perObject == null)
            {
                return why + $"Give the value itself; for a value that differs per piped object, run the command once per object "
                    + $"inside ForEach-Object, where $_ is the object (-{parameter} $_.<property>).";
            }

            string key = edits == FieldEdit.Device ? "Identifier" : "UserName";
            return why + $"Give the value itself; for a value per piped object, run the command once per object "
                + $"(Import-Csv changes.csv | ForEach-Object {{ {perObject} -{parameter} $_.{parameter} }}), "
                + $"or import a CSV that has only the {key} and the columns to change (Import-BmgDeviceCsv).";
        }

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

    /// <summary>Whose field edit a <see cref="NoScriptBlockAttribute"/> parameter is: its refusal's example.</summary>
    internal enum FieldEdit
    {
        /// <summary>No field edit: a filter, an option, a path, -Database.</summary>
        None,

        /// <summary>A field of Set-BmgDevice.</summary>
        Device,

        /// <summary>A field of Set-BmgUser.</summary>
        User,
    }
}
