using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    // The warnings of a device change that a run changing many devices says once a kind, at its end (BatchedWarning):
    // New-BmgDevice, Set-BmgDevice and Set-BmgDeviceDepEnrollment; Remove-BmgUser -Force's kept addresses.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// Writes the plan's warnings, then asks ShouldProcess, as <see cref="WarnThenConfirm(IEnumerable{string}, string, string)"/>
        /// does; but a warning of a kind a batch says once (<see cref="RecordPlan{T}.KindOf"/>) is kept for the end of the
        /// command when nobody decides on each device: no -Confirm prompt (-WhatIf, which previews the real run, keeps it too)
        /// and a warning preference that does not stop or ask at each warning (-WarningAction Stop, a script's guard, still
        /// stops before the device is changed). PowerShell's own cmdlets warn once for what a batch has in common; a kind only
        /// one device got is said in its words, at the end.
        /// </summary>
        /// <param name="location">Put before each warning of the device ("Line 3 of 'x.csv': ").</param>
        protected bool WarnThenConfirm(RecordPlan<Device> plan, string target, string action, string? location = null)
        {
            foreach (string warning in plan.Warnings)
            {
                WarnOrBatch(plan.KindOf(warning), plan.Proposed.Identifier, location + warning);
            }

            return ShouldProcess(target, action);
        }

        /// <summary>
        /// Writes one device's warning now, or keeps it for the run's end when it has a kind a batch says once and nobody
        /// decides on each device (<see cref="WarnThenConfirm(RecordPlan{Device}, string, string, string?)"/>).
        /// </summary>
        private protected void WarnOrBatch(BatchedWarningKind? kind, string identifier, string warning)
        {
            if (!Unsaid(warning))
            {
                return;
            }

            if (kind is BatchedWarningKind batched && BatchesWarnings)
            {
                Batch(batched, identifier, warning);
            }
            else
            {
                WriteWarning(warning);
            }
        }

        /// <summary>A DEP import's or removal's warning, batched by the kind it carries (<see cref="Core.Dep.DepWarning"/>).</summary>
        private protected void WarnOrBatch(Core.Dep.DepWarning warning) => WarnOrBatch(warning.Kind, warning.Subject ?? "", warning.Text);

        private bool BatchesWarnings => _batchesWarnings ??= !(ConfirmMayPrompt && !WhatIfInEffect) && !WarningActsOnEach();

        private bool? _batchesWarnings;

        /// <summary>-WarningAction (or $WarningPreference) Stop or Inquire: each warning stops or asks before its device is changed.</summary>
        private protected bool WarningActsOnEach()
        {
            ActionPreference? action = WarningPreferenceInEffect();
            return action == null || action == ActionPreference.Stop || action == ActionPreference.Inquire;
        }

        /// <summary>
        /// -WarningAction (or $WarningPreference) Inquire: a warning asks a question, a prompt like -Confirm's, so it must
        /// not be asked while the store's write lock is held (ConfirmedChange). Stop never waits.
        /// </summary>
        private protected bool WarningAsks() => WarningPreferenceInEffect() == ActionPreference.Inquire;

        // Null when the preference can't be read as an ActionPreference.
        private ActionPreference? WarningPreferenceInEffect()
        {
            object? preference = MyInvocation.BoundParameters.TryGetValue("WarningAction", out object? given)
                ? given
                : SessionState.PSVariable.GetValue("WarningPreference");
            return LanguagePrimitives.TryConvertTo(preference, out ActionPreference action) ? action : null;
        }

        private sealed class WarningBatch
        {
            public WarningBatch(BatchedWarningKind kind) => Kind = kind;

            public BatchedWarningKind Kind { get; }
            public int Count { get; set; }
            public List<string> FirstNamed { get; } = new List<string>(BatchedWarning.Named);

            /// <summary>The first device's warning, until a second device gets one of the kind: then both are verbose lines.</summary>
            public string? Held { get; set; }
        }

        // In the order each kind first came.
        private List<WarningBatch>? _warningBatches;

        private void Batch(BatchedWarningKind kind, string identifier, string warning)
        {
            _warningBatches ??= new List<WarningBatch>(2);
            WarningBatch? batch = _warningBatches.Find(b => b.Kind == kind);
            if (batch == null)
            {
                _warningBatches.Add(batch = new WarningBatch(kind));
            }

            batch.Count++;
            if (batch.FirstNamed.Count < BatchedWarning.Named)
            {
                batch.FirstNamed.Add(identifier);
            }

            if (batch.Count == 1)
            {
                batch.Held = warning;
                return;
            }

            if (batch.Held != null)
            {
                WriteVerbose(batch.Held);
                batch.Held = null;
            }

            WriteVerbose(warning);
        }

        /// <summary>
        /// Says each kind kept so far: at the end of the command, and before an error (with -ErrorAction Stop it ends the
        /// command, and the devices changed before it must not go unsaid).
        /// </summary>
        private protected void WriteBatchedWarnings()
        {
            if (_warningBatches == null)
            {
                return;
            }

            List<WarningBatch> batches = _warningBatches;
            _warningBatches = null;
            foreach (WarningBatch batch in batches)
            {
                WriteWarning(batch.Count == 1 && batch.Held != null ? batch.Held : BatchedWarning.Summary(batch.Kind, batch.Count, batch.FirstNamed, Store));
            }
        }
    }
}
