using System;
using System.Runtime.InteropServices;
using System.Security;

namespace BizMobileGo.Core.Fields
{
    /// <summary>
    /// A check-in code as the objects the commands output carry it: a <see cref="SecureString"/>, as PowerShell carries a
    /// credential's password (Get-Credential). Select-Object *, Format-List *, Export-Csv and ConvertTo-Json of such an
    /// object show "System.Security.SecureString" or {"Length":8}, never the code (README Decisions, "The check-in code is
    /// a SecureString"); `ConvertFrom-SecureString -AsPlainText` and the module's own -Code parameters read it back.
    /// </summary>
    public static class SecretText
    {
        /// <summary>What Export-Csv and Format-List write for a hidden code: a cell holding it is no code (HiddenCodeRule).</summary>
        public static readonly string HiddenCodeText = typeof(SecureString).FullName!;

        /// <summary>A read-only SecureString of <paramref name="text"/>: a new one each call, since its reader may dispose it.</summary>
        public static SecureString Hide(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>The text of <paramref name="secret"/>: only where the code goes on to a command that takes it (-Code, an import row).</summary>
        public static string Reveal(SecureString secret)
        {
            IntPtr text = Marshal.SecureStringToGlobalAllocUnicode(secret);
            try
            {
                return Marshal.PtrToStringUni(text, secret.Length);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(text);
            }
        }
    }
}
