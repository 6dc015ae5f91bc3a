using System;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Lets -Encoding take an [System.Text.Encoding] object, as Export-Csv's does, by turning it into a name
    /// that <see cref="CsvEncoding.Resolve"/> knows; names and code pages pass through unchanged.
    /// </summary>
    public sealed class EncodingArgumentTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <param name="parameter">The parameter it is on (C# gives it), for the script-block refusal's example.</param>
        public EncodingArgumentTransformationAttribute([CallerMemberName] string parameter = "")
        {
            _parameter = parameter;
        }

        private readonly string _parameter;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            NoScriptBlockAttribute.Refuse(inputData, _parameter);
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value is Encoding encoding ? NameOf(encoding) : inputData;
        }

        private static string NameOf(Encoding encoding) => encoding.CodePage switch
        {
            65001 => encoding.GetPreamble().Length > 0 ? "utf8BOM" : "utf8",
            1200 => "unicode",
            1201 => "bigendianunicode",
            12000 => "utf32",
            12001 => "bigendianutf32",
            _ => encoding.CodePage.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Resolves an -Encoding value, or stops the command with UnknownEncoding before anything is read or written.</summary>
    internal static class EncodingArgument
    {
        public static bool TryResolve(string name, out Encoding encoding, out ErrorRecord? error)
        {
            try
            {
                encoding = CsvEncoding.Resolve(name);
                error = null;
                return true;
            }
            catch (ArgumentException e)
            {
                encoding = Encoding.UTF8;
                var unknown = new BmgException(ErrorIds.UnknownEncoding, BmgErrorCategory.InvalidArgument, PlainMessage(e), name, e);
                error = new ErrorRecord(unknown, ErrorIds.UnknownEncoding, ErrorCategory.InvalidArgument, name);
                return false;
            }
        }

        /// <summary>The message without .NET's " (Parameter 'name')" tail, which names our code's variable, not the user's parameter.</summary>
        public static string PlainMessage(ArgumentException e)
        {
            string tail = $" (Parameter '{e.ParamName}')";
            return e.ParamName != null && e.Message.EndsWith(tail, StringComparison.Ordinal)
                ? e.Message.Substring(0, e.Message.Length - tail.Length)
                : e.Message;
        }
    }
}
