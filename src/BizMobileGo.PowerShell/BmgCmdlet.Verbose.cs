using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace BizMobileGo.PowerShell
{
    public abstract partial class BmgCmdlet
    {
        // Asked once a command: a script's loop of look-ups asks it once a call, and the answer is the command's (PowerShell's
        // own WriteVerbose reads the preference once a command too).
        private bool? _verboseInEffect;

        /// <summary>
        /// Whether this command's verbose lines are shown: -Verbose (or -Debug) given to it, else $VerbosePreference where it
        /// runs — as PowerShell decides whether WriteVerbose shows a line.
        /// </summary>
        private protected bool VerboseInEffect => _verboseInEffect ??= VerboseWanted();

        private bool VerboseWanted()
        {
            Dictionary<string, object> bound = MyInvocation.BoundParameters;
            if (bound.TryGetValue("Verbose", out object? verbose))
            {
                return LanguagePrimitives.IsTrue(verbose);
            }

            if (bound.TryGetValue("Debug", out object? debug) && LanguagePrimitives.IsTrue(debug))
            {
                return true;
            }

            return LanguagePrimitives.TryConvertTo(GetVariableValue("VerbosePreference"), out ActionPreference preference)
                && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
        }

        /// <summary>
        /// A verbose line whose text is built only when verbose output is wanted: <c>SayVerbose($"Using the store '{...}'.")</c>
        /// evaluates nothing inside the braces and formats nothing otherwise (<see cref="VerboseLine"/>). Every verbose line a
        /// command writes as it runs goes through here: a script's loop of a thousand look-ups would build a thousand texts
        /// no one reads (PERFORMANCE.md, calls41). A line already made for another use is written with WriteVerbose itself.
        /// </summary>
        private protected void SayVerbose([InterpolatedStringHandlerArgument("")] ref VerboseLine line)
        {
            if (line.Wanted)
            {
                WriteVerbose(line.ToStringAndClear());
            }
        }

        /// <summary>The text of a <see cref="SayVerbose"/> line, formatted only when its command shows verbose lines.</summary>
        [InterpolatedStringHandler]
        private protected ref struct VerboseLine
        {
            private DefaultInterpolatedStringHandler _text;

            public VerboseLine(int literalLength, int formattedCount, BmgCmdlet command, out bool wanted)
            {
                wanted = Wanted = command.VerboseInEffect;
                _text = wanted ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
            }

            internal bool Wanted { get; }

            public void AppendLiteral(string value) => _text.AppendLiteral(value);

            public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

            public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

            public void AppendFormatted<T>(T value, int alignment, string? format = null) => _text.AppendFormatted(value, alignment, format);

            public void AppendFormatted(string? value) => _text.AppendFormatted(value);

            internal string ToStringAndClear() => _text.ToStringAndClear();
        }
    }
}
