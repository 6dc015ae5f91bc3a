using System;
using System.Runtime.InteropServices;
using System.Security;

namespace BizMobileGo.Core.Fields
{
    /// <summary>
    /// The one place a check-in code turns into a SecureString and back: a <see cref="HiddenCode"/> converts to one where
    /// asked (ConvertFrom-SecureString), and the -Code parameters take one (`Read-Host -AsSecureString`, a round-32 script).
    /// </summary>
    public static class SecretText
    {
        /// <summary>
        /// Whether <paramref name="text"/> is what a text form of a hidden code writes, so it holds no code: "(hidden)"
        /// (Export-Csv of a HiddenCode), or "System.Security.SecureString" (Export-Csv of a round-32 build's Code).
        /// </summary>
        public static bool IsHiddenCodeText(string text) =>
            string.Equals(text, HiddenCode.Shown, StringComparison.Ordinal)
            || string.Equals(text, typeof(SecureString).FullName, StringComparison.Ordinal);

        /// <summary>The code a hidden code holds: only where it goes on to a command that takes it (-Code, an import row).</summary>
        public static string Reveal(HiddenCode code) => code.Text;

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
