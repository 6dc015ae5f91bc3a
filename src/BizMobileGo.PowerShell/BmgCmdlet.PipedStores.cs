using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    // A piped Device or User of another store than the command's (walkthrough 28, finding 5): Get-BmgDevice -Database A |
    // Remove-BmgDevice removed B's device of that Identifier, B being $env:BMG_DATABASE, and said so only under -Verbose.
    public abstract partial class BmgCmdlet
    {
        // Where this command's store is (StorePath), read once; and the last piped store compared with it, and the answer:
        // the objects of one pipe come from one store, and a SQLite file's comparison may stat both paths.
        private string? _ownStoreLocation;
        private string? _comparedStore;
        private bool _comparedIsOwn;

        /// <summary>
        /// The store the record in ProcessRecord was read from, when it is another than this command's (given -Database:
        /// the What-if and Confirm target names this command's store); null otherwise.
        /// </summary>
        private string? _recordFromOtherStore;

        private bool? _bindsWholeObjects;

        // Whether -Database was written in this command (DatabaseOnCommandLine), asked once, and only of a refusal's candidate.
        private bool? _databaseOnCommandLine;

        /// <summary>
        /// Refuses the record in ProcessRecord when it is a Device or User (or another object of the module that says its store:
        /// a check-in email, DEP device, DEP link, history entry, import; PipedStores) read from another store than the one this command
        /// opens and the command was given no -Database, or one only by $PSDefaultParameterValues (<see cref="DatabaseOnCommandLine"/>):
        /// a non-terminating PipedFromOtherStore naming both stores and the two ways forward, nothing done for it, the rest of
        /// the pipe going on. Given -Database on the command line, the command does as told (`| New-BmgDevice -Database other` copies a device), and its What-if and
        /// Confirm name its store (<see cref="ShouldProcess(string, string)"/>). Objects that say no store (an Import-Csv
        /// row, a [pscustomobject]) are taken as before. True when the record was refused.
        /// </summary>
        private bool RefusedAsFromOtherStore()
        {
            _recordFromOtherStore = null;
            // A piped string (the look-ups' hot path) holds nothing, and binds no object whole unless the command has an -InputObject.
            if (!PipedStores.AnyHeld && !(_bindsWholeObjects ??= MyInvocation.MyCommand.Parameters.ContainsKey("InputObject")))
            {
                return false;
            }

            string? piped = PipedRecordStore(out PipedRecord named);
            if (piped == null || IsOwnStore(piped))
            {
                return false;
            }

            bool byDefault = MyInvocation.BoundParameters.ContainsKey(nameof(Database)) && !(_databaseOnCommandLine ??= DatabaseOnCommandLine());
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Database)) && !byDefault)
            {
                _recordFromOtherStore = piped;
                return false;
            }

            string from = StoreLocation.Redacted(piped);
            string own = StoreLocation.Redacted(_ownStoreLocation!);
            string command = MyInvocation.MyCommand.Name;
            string what = named.Described;
            string given = MyInvocation.ExpectingInput ? $"piped {what}" : $"{what} given to {command}";
            string whyOwn = byDefault
                ? $"{command}'s -Database came from $PSDefaultParameterValues, not from the command line, and names {SearchedStore.Named(own)}"
                : $"{command} was given no -Database and uses {SearchedStore.Named(own)}";
            RefusePipedFromOtherStore(new ErrorRecord(
                new System.InvalidOperationException(
                    $"The {given} was read from {SearchedStore.Named(from)}, but {whyOwn}; "
                    + $"nothing was done for it. To act on it where it was read, give -Database {DatabaseArgument(from)}; to act on the {named} of '{FieldText.Printable(own)}', "
                    + $"give -Database {DatabaseArgument(own)}."),
                ErrorIds.PipedFromOtherStore, ErrorCategory.InvalidArgument, named.Key));
            return true;
        }

        /// <summary>
        /// Whether -Database was written in this command itself ("-Database x", "-Database:$x", an abbreviation, or a key of a
        /// splatted hashtable: <see cref="SplatNamesDatabase"/>) rather than bound by PowerShell from a $PSDefaultParameterValues entry: BoundParameters
        /// holds both alike, so the command's own text (InvocationInfo.Statement, PowerShell 7.4) is parsed. A default set in
        /// the morning and forgotten sent `Get-BmgDevice x -Database A | Set-BmgDevice …` to B's device 'x' (walkthrough 29,
        /// finding 5): the typed -Database on the left looked like it decided. When the text can't be had or read (a command
        /// run through the API, with no script text), -Database counts as typed: the command does as it did before.
        /// </summary>
        private bool DatabaseOnCommandLine()
        {
            string? statement = typeof(InvocationInfo).GetProperty("Statement")?.GetValue(MyInvocation) as string;
            if (string.IsNullOrWhiteSpace(statement)
                || !(Parser.ParseInput(statement, out _, out _)
                    .Find(ast => ast is CommandAst, true) is CommandAst command))
            {
                return true;
            }

            foreach (CommandElementAst element in command.CommandElements)
            {
                if (element is VariableExpressionAst { Splatted: true } splat && SplatNamesDatabase(splat))
                {
                    return true;
                }

                if (element is CommandParameterAst parameter && NamesDatabase(parameter.ParameterName))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a splatted variable (`@p`) may hold -Database: a hashtable with a key that names it, or a value this can't read
        /// (taken as holding it: the command does as it did before). An array splats positional arguments, and -Database
        /// has no position.
        /// </summary>
        private bool SplatNamesDatabase(VariableExpressionAst splat)
        {
            object? value = SessionState.PSVariable.GetValue(splat.VariablePath.UserPath);
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (value)
            {
                case System.Collections.IDictionary parameters:
                    foreach (object key in parameters.Keys)
                    {
                        if (key?.ToString() is string name && NamesDatabase(name))
                        {
                            return true;
                        }
                    }

                    return false;
                case System.Collections.IList:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>Whether a parameter name as written (abbreviated, an alias) is -Database, as PowerShell resolves it.</summary>
        private bool NamesDatabase(string written)
        {
            try
            {
                return MyInvocation.MyCommand.ResolveParameter(written)?.Name == nameof(Database);
            }
            catch (System.Management.Automation.PSArgumentException)
            {
                return false;
            }
            catch (ParameterBindingException)
            {
                return false;
            }
        }

        /// <summary>A store's location as a -Database argument the admin can paste: printable, in single quotes.</summary>
        private static string DatabaseArgument(string location) =>
            "'" + CodeGeneration.EscapeSingleQuotedStringContent(FieldText.Printable(location)) + "'";

        /// <summary>
        /// Refuses a piped object of another store (<see cref="RefusedAsFromOtherStore"/>): a non-terminating error, the rest
        /// of the pipe going on, as the module's other per-record errors. A command whose piped objects make one whole (an
        /// export's file, an import) overrides it to refuse that whole too.
        /// </summary>
        private protected virtual void RefusePipedFromOtherStore(ErrorRecord refusal) => WriteError(refusal);

        /// <summary>
        /// The store of the piped record now in ProcessRecord, and the record as messages name it ("device 'x'"): a Device or
        /// User bound whole (a hidden -InputObject, Export-BmgDeviceCsv's), or one whose key was bound and whose store
        /// the key's transformation held (<see cref="PipedStores"/>); null for any other record.
        /// </summary>
        private string? PipedRecordStore(out PipedRecord named)
        {
            named = default;
            string? store = null;
            foreach (KeyValuePair<string, object> parameter in MyInvocation.BoundParameters)
            {
                // Piped: the parameters the record bound. Given on the command line (`Remove-BmgDevice $device`): any of them.
                if (MyInvocation.ExpectingInput && !FromPipeline(parameter.Key))
                {
                    continue;
                }

                store = PipedStores.StoreOf(parameter.Value, out named) ?? PipedStores.Take(parameter.Value, out named);
                if (store != null)
                {
                    break;
                }
            }

            PipedStores.Clear();
            return store;
        }

        private bool IsOwnStore(string piped)
        {
            _ownStoreLocation ??= StorePath(out _);
            if (!ReferenceEquals(piped, _comparedStore) && piped != _comparedStore)
            {
                _comparedIsOwn = StoreIdentity.SameStore(piped, _ownStoreLocation);
                _comparedStore = piped;
            }

            return _comparedIsOwn;
        }

        /// <summary>
        /// ShouldProcess, the target naming this command's store when the record in hand was read from another
        /// (`Get-BmgDevice -Database A | Set-BmgDevice -Database B`): "Device 'x' in the store 'B'". Every cmdlet's
        /// two-part ShouldProcess comes here.
        /// </summary>
        protected new bool ShouldProcess(string target, string action) =>
            base.ShouldProcess(_recordFromOtherStore == null ? target
                : $"{target} in the store '{StoreLocation.Redacted(_ownStoreLocation ?? StorePath(out _))}'", action);
    }
}
