using System;
using System.Management.Automation;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A hidden -InputObject that only a piped object may bind (New-/Set-BmgDevice, New-/Set-BmgUser, Set-BmgOrganization,
    /// the history cmdlets, Get-BmgCheckInEmail, Test-/Clear-BmgHistory, Clear-BmgCheckInEmail): typed, it is refused with
    /// one PipelineOnlyParameter error that says to pipe instead, whatever else was or was not typed.
    /// </summary>
    /// <remarks>
    /// The check runs in GetDynamicParameters, the one step of a cmdlet PowerShell calls after binding what was typed and
    /// before it asks for (or, -NonInteractive, fails on) a missing mandatory parameter: a refusal in BeginProcessing came too
    /// late for `Set-BmgDevice -InputObject $d`, which ended in MissingMandatoryParameter for -Identifier (walkthrough 38, 3),
    /// and a refusal while binding (a setter, a validation attribute) always becomes PowerShell's ParameterBindingFailed.
    /// No parameter is typed by the pipeline before this step, so a bound -InputObject here was typed.
    /// Only the commands that set <see cref="PipelineOnlyInputAdvice"/> declare IDynamicParameters (this class implements
    /// its method for them): for a command that declares it, PowerShell's binder copies the command's whole parameter
    /// metadata on every call, a script's loop of look-ups paying it a thousand times for no parameter (PERFORMANCE.md,
    /// calls43). A Pester test (PipedFields) holds the two together.
    /// </remarks>
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// What the refusal of a typed -InputObject says ("-InputObject takes only piped devices (…); name a device by
        /// -Identifier."); null where the command's -InputObject takes typed values or it has none.
        /// </summary>
        private protected virtual string? PipelineOnlyInputAdvice => null;

        /// <summary>IDynamicParameters' step, for the commands that declare it: refuses a typed pipeline-only -InputObject (see the class remarks); the module adds no dynamic parameter.</summary>
        public object? GetDynamicParameters()
        {
            if (PipelineOnlyInputAdvice is string advice && MyInvocation.BoundParameters.ContainsKey("InputObject"))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(advice), ErrorIds.PipelineOnlyParameter, ErrorCategory.InvalidArgument, null));
            }

            return null;
        }
    }
}
