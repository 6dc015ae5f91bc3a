using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// What New-/Set-BmgUser and New-/Set-BmgDevice share: the field values given (parameters named like the CSV
    /// columns, and on the New- cmdlets the properties of a piped record), and a warning for a piped record's
    /// properties that are named like a field but set nothing.
    /// </summary>
    public abstract class FieldEditCmdlet : BmgCmdlet, IDynamicParameters
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        private PipedRecordFields? _pipedFields;

        /// <summary>
        /// The piped object itself, read only to tell which of its properties were applied: the field parameters
        /// bind from it by name (New- cmdlets) or not at all (Set- cmdlets). Hidden from tab completion, and refused when typed
        /// (<see cref="BmgCmdlet.PipelineOnlyInputAdvice"/>).
        /// A piped hashtable binds nothing by name and is refused, saying to pipe [pscustomobject] (HashtableNotRecord).
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        [HashtableNotRecord]
        public PSObject? InputObject { get; set; }

        /// <summary>"user" or "device": the kind of fields the cmdlet sets.</summary>
        protected abstract string FieldKind { get; }

        private PipedRecordFields PipedFields => _pipedFields ??= new PipedRecordFields(MyInvocation.MyCommand);

        /// <summary>
        /// The field values given for this record: a parameter given as $null or "" clears its field, as a blank CSV
        /// cell does; one not given is untouched. A parameter bound from a piped record counts only when this record
        /// has the property (see <see cref="PipedRecordFields.Has"/>); the Set- cmdlets bind none that way.
        /// </summary>
        protected FieldValues GivenFields()
        {
            IDictionary<string, object?> bound = MyInvocation.BoundParameters;
            bool pipedCells = PipedRecordHoldsCells;
            if (!MyInvocation.ExpectingInput || !PipedFields.BindsOptionalFieldsByName)
            {
                return FieldParameters.Values(bound, FromPipeline, pipedCells);
            }

            var forThisRecord = new Dictionary<string, object?>(bound.Count, System.StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, object?> parameter in bound)
            {
                if (!FromPipeline(parameter.Key) || !PipedFields.MayLinger(parameter.Key) || PipedFields.Has(InputObject, parameter.Key))
                {
                    forThisRecord.Add(parameter.Key, parameter.Value);
                }
            }

            return FieldParameters.Values(forThisRecord, FromPipeline, pipedCells);
        }

        // The piped record is an Import-Csv row or a [pscustomobject], whose values are cells (PipedCells), not the module's own object.
        private bool PipedRecordHoldsCells => FromPipeline(nameof(InputObject)) && PipedCells.AreCells(InputObject);

        /// <summary>
        /// The record's key (New-BmgDevice's Identifier, New-BmgUser's UserName) as its field is read (<see cref="GivenFields"/>):
        /// bound from a piped record's cells, without an export's formula escape; typed, as given.
        /// </summary>
        protected string KeyGiven(string parameterName, string? value) =>
            PipedRecordHoldsCells && FromPipeline(parameterName) ? PipedCells.Read(value) ?? "" : value ?? "";

        /// <summary>
        /// Set-BmgDevice/Set-BmgUser given no field parameter change nothing: say so (<see cref="BmgCmdlet.WarnNoFieldGiven"/>).
        /// </summary>
        /// <param name="recordKey">The key that names the record (-Identifier, -UserName), which changes nothing.</param>
        /// <param name="examples">Field parameters to suggest ("-DisplayName, -UserName or -DeviceTags").</param>
        protected void WarnIfNoFieldGiven(FieldValues given, FieldKey recordKey, string examples)
        {
            for (int key = 0; key < FieldValues.Count; key++)
            {
                if ((FieldKey)key != recordKey && given.Changes((FieldKey)key))
                {
                    return;
                }
            }

            WarnNoFieldGiven(examples);
        }

        /// <summary>
        /// Warns, once a command for each set of names, of the piped record's properties named like a field that set
        /// nothing (see <see cref="PipedRecordFields.NotAppliedWarning"/>). Names only: never a value (a Code is secret).
        /// </summary>
        /// <param name="recordName">The record as the user knows it ("user 'pu1'").</param>
        protected void WarnOfFieldsNotApplied(string recordName)
        {
            if (!FromPipeline(nameof(InputObject)))
            {
                return;
            }

            string? warning = PipedFields.NotAppliedWarning(InputObject, recordName, FieldKind, name => !FromPipeline(name));
            if (warning != null)
            {
                WriteWarning(warning);

                // It says which parameter to give already: no second warning that no field was given.
                NoFieldWarningNeeded = false;
            }
        }
    }
}
