using System;
using System.Management.Automation;
using System.Security;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A -Code parameter takes the SecureString a device's (or an outbox entry's) Code is (<see cref="SecretText"/>) as the code
    /// it holds, and `Read-Host -AsSecureString`'s: PowerShell would otherwise bind it as its type name,
    /// "System.Security.SecureString", to a string parameter. So `Register-BmgDeviceCheckIn -Identifier $d.Identifier -Code
    /// $d.Code` and a piped Device's Code bound by property name (New-BmgDevice) carry the code itself.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class CodeArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => Revealed(inputData);

        /// <summary>The text of a SecureString (bare or in a PSObject); any other value as it is.</summary>
        internal static object? Revealed(object? value) =>
            (value is PSObject wrapped ? wrapped.BaseObject : value) is SecureString secret ? SecretText.Reveal(secret) : value;
    }
}
