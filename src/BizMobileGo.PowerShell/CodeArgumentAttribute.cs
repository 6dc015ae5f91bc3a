using System;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Security;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A -Code parameter takes the HiddenCode a device's (or an outbox entry's) Code is as the code it holds, and a
    /// SecureString (`Read-Host -AsSecureString`, a round-32 script's): PowerShell would otherwise bind either as its text,
    /// "(hidden)" or "System.Security.SecureString", to a string parameter. So `Register-BmgDeviceCheckIn -Identifier
    /// $d.Identifier -Code $d.Code` and a piped Device's Code bound by property name (New-BmgDevice) carry the code itself.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class CodeArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            TryReveal(inputData, out string? code) ? code : inputData;

        /// <summary>The code a HiddenCode or a SecureString (bare or in a PSObject) holds; false for any other value.</summary>
        internal static bool TryReveal(object? value, [NotNullWhen(true)] out string? code)
        {
            code = (value is PSObject wrapped ? wrapped.BaseObject : value) switch
            {
                HiddenCode hidden => SecretText.Reveal(hidden),
                SecureString secret => SecretText.Reveal(secret),
                _ => null,
            };
            return code != null;
        }
    }
}
