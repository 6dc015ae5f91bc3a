using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A hash written down or copied from a console: white space and line breaks in it are dropped before the hash is
    /// checked, so a head hash the console wrapped onto two lines, or pasted with a trailing space, is still that hash.
    /// </summary>
    internal sealed class HashTextAttribute : ArgumentTransformationAttribute
    {
        /// <param name="parameter">The parameter it is on (C# gives it), for the script-block refusal's example.</param>
        public HashTextAttribute([CallerMemberName] string parameter = "")
        {
            _parameter = parameter;
        }

        private readonly string _parameter;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            NoScriptBlockAttribute.Refuse(inputData, _parameter);
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is not string text)
            {
                return inputData;
            }

            var hash = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    hash.Append(c);
                }
            }

            return hash.ToString();
        }
    }
}
