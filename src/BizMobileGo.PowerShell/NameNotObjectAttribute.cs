using System;
using System.Collections;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A name parameter that takes piped strings by value (New-BmgTemplate, New-BmgDeviceTag, New-BmgOrganization -Id):
    /// a piped object that binds none of its properties would otherwise become its own text — the record
    /// [pscustomobject]@{Tag='tagY'} would create the tag '@{Tag=tagY}'. Such an object is refused, naming the properties
    /// that bind; strings, numbers and lists of them still bind. (Get-BmgDevice's NotFromUserObject differs: a piped user
    /// binds -UserName there, so it is no identifier rather than an error.)
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class NameNotObjectAttribute : ArgumentTransformationAttribute
    {
        private readonly string _parameterName;

        public NameNotObjectAttribute(string parameterName)
        {
            _parameterName = parameterName;
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            // An object with the property binds it by name (PowerShell tries this value first, then the property).
            if (IsNameOrNames(inputData) || (inputData != null && PSObject.AsPSObject(inputData).Properties[_parameterName] != null))
            {
                return inputData;
            }

            throw new ArgumentTransformationMetadataException(
                $"A {TypeName(inputData)} object is not a name for -{_parameterName}: give the name as a string, or pipe objects with the " +
                $"property '{_parameterName}' (rename another column with Select-Object @{{n='{_parameterName}'; e={{ ... }}}}).");
        }

        private static bool IsNameOrNames(object? input)
        {
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case null:
                case string _:
                    return true;
                case IEnumerable list:
                    foreach (object? item in list)
                    {
                        object? element = item is PSObject wrappedItem ? wrappedItem.BaseObject : item;
                        if (element is IEnumerable && !(element is string) || !IsNameOrNames(element))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    // A number (or another value PowerShell writes as itself) is a name; an object with properties is not.
                    return value is IConvertible;
            }
        }

        private static string TypeName(object? input) =>
            input is PSObject wrapped && wrapped.BaseObject is PSCustomObject ? "PSCustomObject"
                : (input is PSObject other ? other.BaseObject : input)?.GetType().Name ?? "null";
    }
}
