using System;
using System.Security;

namespace BizMobileGo.Core.Fields
{
    /// <summary>
    /// A check-in code as the objects the commands output carry it (Device.Code, CheckInEmail.Code): one immutable object
    /// made with its device, whose every text form says nothing but "(hidden)" — its ToString, so Format-List, Export-Csv,
    /// ConvertTo-Csv and "$($d.Code)" — and which ConvertTo-Json writes as an empty object (it has no public property), so
    /// no output gives the code or its length (round 33; round 32's SecureString told its Length). It converts to a
    /// read-only SecureString where one is asked for (implicit conversion, which PowerShell's binder uses), so
    /// `$d.Code | ConvertFrom-SecureString -AsPlainText` reads it as before; the module's own -Code parameters and piped
    /// imports take it as the code it holds without any SecureString (<see cref="SecretText.Reveal(HiddenCode)"/>).
    /// </summary>
    public sealed class HiddenCode : IEquatable<HiddenCode>
    {
        /// <summary>What every text form of a hidden code is; an import cell holding it is no code (CheckInCode.HiddenCodeRule).</summary>
        public const string Shown = "(hidden)";

        internal HiddenCode(string text)
        {
            Text = text;
        }

        internal string Text { get; }

        public override string ToString() => Shown;

        /// <summary>A new read-only SecureString of the code, owned (and disposable) by whoever asked for it.</summary>
        public static implicit operator SecureString(HiddenCode code) => SecretText.Hide(code.Text);

        /// <summary>Two hidden codes are equal when their codes are: `$a.Code -eq $b.Code` compares without showing either.</summary>
        public bool Equals(HiddenCode? other) => other != null && string.Equals(Text, other.Text, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as HiddenCode);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
    }
}
