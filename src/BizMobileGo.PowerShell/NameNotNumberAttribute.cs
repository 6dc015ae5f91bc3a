using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Refuses a number given to a parameter typed as one of the module's enums (-State, -Status, -Action): 1, '1', or a
    /// list holding one. PowerShell binds a number to the member of that number, and the thirtieth round renumbered the
    /// output enums from 1 (README, "No enum a command outputs has a member at 0"), so `Get-BmgDevice -State 1`, which meant
    /// CheckedIn, would silently mean Registered; refusing every number means no script changes meaning unnoticed. Also
    /// refuses one text holding a comma ('Registered,CheckedIn'): PowerShell reads it as the two members' numbers added
    /// (Withdrawn), not as a list. Names in any case, an enum value itself ([…DeviceState]::CheckedIn, a device's State),
    /// tab completion, and PowerShell's own "Unable to match the identifier name" for an unknown name are unchanged. A value
    /// of the enum read back by Import-Clixml binds by its name, not its number (<see cref="NameReadBack"/>, round 31).
    /// </summary>
    /// <remarks>
    /// A transformation, as <see cref="NoScriptBlockAttribute"/>: it sees the value as given, before PowerShell converts it to
    /// the enum (a validation, or the cmdlet, sees only the member the number became). So the refusal is PowerShell's
    /// ParameterArgumentTransformationError, as every refusal at binding is, and nothing runs. tests/pester/EnumParameters.Tests.ps1
    /// walks every cmdlet's parameters, so a new enum parameter can't miss it.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class NameNotNumberAttribute : ArgumentTransformationAttribute
    {
        /// <param name="enumType">The parameter's enum (or its element type): whose names the refusal lists.</param>
        /// <param name="parameter">The parameter it is on (C# gives it), which the refusal names.</param>
        public NameNotNumberAttribute(Type enumType, [CallerMemberName] string parameter = "")
        {
            EnumType = enumType;
            Parameter = parameter;
        }

        public Type EnumType { get; }

        public string Parameter { get; }

        /// <summary>The names the parameter takes, when fewer than the enum's (a ValidateSet beside it); else all of them.</summary>
        public string[]? Names { get; set; }

        /// <summary>The names the refusal lists, in the enum's order.</summary>
        public string[] ValidNames => Names ?? Enum.GetNames(EnumType);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (NameReadBack(inputData) is string name)
            {
                return name;
            }

            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is IList list && value is not string)
            {
                object?[]? named = null;
                for (int i = 0; i < list.Count; i++)
                {
                    object? item = list[i];
                    if (NameReadBack(item) is string itemName)
                    {
                        named ??= CopyOf(list);
                        named[i] = itemName;
                        continue;
                    }

                    Refuse(item is PSObject wrappedItem ? wrappedItem.BaseObject : item);
                }

                return named ?? inputData;
            }

            Refuse(value);
            return inputData;
        }

        /// <summary>
        /// The name of a value of this enum read back by Import-Clixml (or a job's or remote session's output): its base is the
        /// number it had when written — from 0 before the thirtieth round, so `Import-Clixml old.xml` holds a Registered
        /// device's State as 0 and a Keycode DEPMethod as 1, now Serial — and its text is its name, which still means what it
        /// meant. The name is given on, so PowerShell binds that member; null for anything else.
        /// </summary>
        private string? NameReadBack(object? value) =>
            value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject && wrapped.TypeNames.Count > 0
            && string.Equals(wrapped.TypeNames[0], ModuleObjects.DeserializedPrefix + EnumType.FullName, StringComparison.Ordinal)
            && wrapped.ToString() is string text && Array.IndexOf(Enum.GetNames(EnumType), text) >= 0
                ? text
                : null;

        private static object?[] CopyOf(IList list)
        {
            var copy = new object?[list.Count];
            list.CopyTo(copy, 0);
            return copy;
        }

        private void Refuse(object? value)
        {
            string names = NamesText(ValidNames);
            if (value is string text && EnumText.IsNumber(text) || IsNumeric(value))
            {
                string given = value is string ? $"'{FieldText.Printable((string)value)}'" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                throw new ArgumentTransformationMetadataException(
                    $"-{Parameter} takes a name, not a number ({given}): give the name: {names}. A number is not read: these values "
                    + "were renumbered (they count from 1 now, not 0), so a number written for an earlier version would mean another value.");
            }

            if (value is string listText && listText.Contains(','))
            {
                throw new ArgumentTransformationMetadataException(
                    $"-{Parameter} takes names, not one text holding a list ('{FieldText.Printable(listText)}'), which PowerShell "
                    + $"would read as another value: give the names as a list (-{Parameter} {string.Join(", ", ValidNames, 0, Math.Min(2, ValidNames.Length))}); "
                    + $"the names are {names}.");
            }
        }

        /// <summary>"Registered, CheckedIn or Withdrawn".</summary>
        private static string NamesText(string[] names) =>
            names.Length < 2 ? string.Join("", names) : string.Join(", ", names, 0, names.Length - 1) + " or " + names[names.Length - 1];

        private static bool IsNumeric(object? value) => value is IConvertible convertible && !(value is Enum)
            && convertible.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal;
    }
}
