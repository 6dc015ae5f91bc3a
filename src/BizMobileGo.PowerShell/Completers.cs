using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace BizMobileGo.PowerShell
{
    /// <summary>Completes a parameter from a fixed set of values.</summary>
    public abstract class FixedValuesCompleter : IArgumentCompleter
    {
        private readonly string[] _values;

        protected FixedValuesCompleter(params string[] values) => _values = values;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            foreach (string value in _values)
            {
                if (pattern.IsMatch(value))
                {
                    yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
                }
            }
        }
    }

    public sealed class DepMethodCompleter : FixedValuesCompleter
    {
        public DepMethodCompleter()
            : base("Serial", "Keycode")
        {
        }
    }
}
