using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// -ChangedBy as given (issue 15; walkthrough 34a, 4): declared by each command that records history, so a host's
        /// <c>$PSDefaultParameterValues['*-Bmg*:ChangedBy']</c> binds to those and a read command, without the parameter,
        /// ignores it. Null for a command without it.
        /// </summary>
        protected virtual string? ChangedByGiven => null;

        private string? _changedBy;

        /// <summary>-ChangedBy as recorded (<see cref="ChangedByText"/>): checked in BeginProcessing, before anything is read or written.</summary>
        protected string ChangedByName => _changedBy ??= ChangedByText.Check(ChangedByGiven);
    }
}
