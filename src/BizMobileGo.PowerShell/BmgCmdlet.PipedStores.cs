using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
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

        /// <summary>
        /// Whether each command class has an -InputObject (binds piped objects whole), asked of PowerShell once a class: the
        /// answer is the class's (the module adds no dynamic parameter), and CommandInfo.Parameters builds a new
        /// ParameterMetadata of every parameter on each call — once per command was ~5 % of a script's loop of
        /// -Serial look-ups (Bench 5b; PERFORMANCE.md, fortieth round).
        /// </summary>
        private static readonly ConcurrentDictionary<Type, bool> BindsWholeObjectsByClass = new ConcurrentDictionary<Type, bool>();

        private bool? _bindsWholeObjects;

        private bool BindsWholeObjects => _bindsWholeObjects ??=
            BindsWholeObjectsByClass.GetOrAdd(GetType(), static (_, command) => command.MyInvocation.MyCommand.Parameters.ContainsKey("InputObject"), this);

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
        // Optimized at once, as ProcessRecord, its caller: it runs for every piped record, and its piped string's answer is the
        // first test. The rest (a record that holds a store) is a method of its own, left to tiering: a piped look-up never runs it.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool RefusedAsFromOtherStore()
        {
            _recordFromOtherStore = null;
            // A piped string (the look-ups' hot path) holds nothing, and binds no object whole unless the command has an -InputObject.
            return (PipedStores.AnyHeld || BindsWholeObjects)
                && RefusedAsFromStoreHeld();
        }

        /// <summary><see cref="RefusedAsFromOtherStore"/> for a record that may hold a store.</summary>
        private bool RefusedAsFromStoreHeld()
        {
            string? piped = PipedRecordStore(out PipedRecord named);
            if (piped == null || IsOwnStore(piped))
            {
                return false;
            }

            bool byDefault = MyInvocation.BoundParameters.ContainsKey(nameof(Database)) && !(_databaseOnCommandLine ??= DatabaseOnCommandLine());
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Database)) && !byDefault)
            {
                _recordFromOtherStore = piped;
                WarnActingByName(piped, named);
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
                    + $"nothing was done for it. To act on it where it was read, give -Database {FieldText.SingleQuotedArgument(from)}; to act on the {named} of '{FieldText.Printable(own)}', "
                    + $"give -Database {FieldText.SingleQuotedArgument(own)}."),
                ErrorIds.PipedFromOtherStore, ErrorCategory.InvalidArgument, named.Key));
            return true;
        }

        // Whether this command said it acts by name on another store's piped records (WarnActingByName): once a command.
        private bool _warnedActingByName;

        /// <summary>
        /// Verbs of the commands that take a piped record of another store as a name to read (Get, Test) or as fields to
        /// create or copy from (New, Import, Export: a store move); every other command changes or removes its own store's
        /// record of that name.
        /// </summary>
        private static readonly HashSet<string> ReadOrCopyVerbs = new(System.StringComparer.OrdinalIgnoreCase)
        {
            VerbsCommon.Get, VerbsDiagnostic.Test, VerbsCommon.New, VerbsData.Import, VerbsData.Export,
        };

        /// <summary>
        /// Round 33 (left33b, 3): a command given -Database that changes or removes records, piped one read from another store,
        /// acts on its own store's record of that name or number, as told (`| Remove-BmgUser -Database B`: B's user of that
        /// UserName) — but keys are the store's own, so that may be another person or device. It says so once, before it
        /// acts on the first such record (under -WarningAction Stop nothing is done; -WhatIf and -Confirm name the store),
        /// naming the record, both stores and how to act where it was read. A DEP device's serial and a DEP profile's uuid are
        /// Apple's: the same in every store, no warning.
        /// </summary>
        private void WarnActingByName(string piped, PipedRecord named)
        {
            if (_warnedActingByName || PipedStores.KeyIsApples(named) || ReadOrCopyVerbs.Contains(MyInvocation.MyCommand is CmdletInfo cmdlet ? cmdlet.Verb : ""))
            {
                return;
            }

            _warnedActingByName = true;
            string from = StoreLocation.Redacted(piped);
            string own = StoreLocation.Redacted(_ownStoreLocation!);
            string command = MyInvocation.MyCommand.Name;
            string given = MyInvocation.ExpectingInput ? $"piped {named.Described}" : $"{named.Described} given to {command}";
            WriteWarning(
                $"{command} acts on {SearchedStore.Named(own)} (-Database): the {given} was read from {SearchedStore.Named(from)}, "
                + $"so {command} takes the {named} of '{FieldText.Printable(own)}', which may be another {named.Kind} (names and numbers are each store's own). "
                + $"Every further object piped from another store is taken the same way, without this warning again. To act where it was read, give -Database {FieldText.SingleQuotedArgument(from)}; "
                + "-WhatIf lists each target with its store.");
        }

        /// <summary>
        /// Whether -Database was given on the command line rather than bound by PowerShell from a $PSDefaultParameterValues
        /// entry: BoundParameters holds both alike. A default set in the morning and forgotten sent `Get-BmgDevice x -Database A
        /// | Set-BmgDevice …` to B's device 'x' (walkthrough 29, finding 5): the typed -Database on the left looked like it
        /// decided. -Database counts as from a default only when both say so: an entry of $PSDefaultParameterValues gives this
        /// command this -Database (<see cref="DefaultParameterEntries"/>: 'Disabled' honoured, the value compared), and the command as written
        /// (<see cref="WrittenCommand"/>) names no -Database (<see cref="WritesDatabase"/>). Whenever either can't be told (no
        /// text: a command run through the API; a splat that can't be read), -Database counts as typed: the command does as it
        /// did before, never refusing a -Database the admin gave (review30, finding 1: a wrapper's `@args` and a proxy function
        /// were refused with no default set at all).
        /// </summary>
        private bool DatabaseOnCommandLine() =>
            !DefaultParameterEntries.MayHaveGiven(SessionState, MyInvocation.MyCommand, nameof(Database), Database)
            || !(WrittenCommand() is CommandAst command)
            || WritesDatabase(command);

        /// <summary>
        /// This command as written in its statement (InvocationInfo.Statement, PowerShell 7.4), or null when that can't be told.
        /// The statement is the command's own text, except in a steppable pipeline (a proxy function's), where it is the
        /// caller's whole pipeline: the command named as it was invoked (InvocationName: the proxy's name there) is taken, or the
        /// statement's only command (`&amp; $command`); none or several of that name: null.
        /// </summary>
        private CommandAst? WrittenCommand()
        {
            string? statement = typeof(InvocationInfo).GetProperty("Statement")?.GetValue(MyInvocation) as string;
            if (string.IsNullOrWhiteSpace(statement))
            {
                return null;
            }

            List<CommandAst> commands = Parser.ParseInput(statement, out _, out _)
                .FindAll(ast => ast is CommandAst, true).Cast<CommandAst>().ToList();
            List<CommandAst> named = commands
                .Where(command => string.Equals(command.GetCommandName(), MyInvocation.InvocationName, System.StringComparison.OrdinalIgnoreCase))
                .ToList();
            return named.Count == 1 ? named[0]
                : named.Count == 0 && commands.Count == 1 ? commands[0]
                : null;
        }

        /// <summary>
        /// Whether a command as written gives -Database: "-Database x", "-Database:$x", an abbreviation, or a splat that holds
        /// it or can't be read (<see cref="SplatNamesDatabase"/>).
        /// </summary>
        private bool WritesDatabase(CommandAst command)
        {
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
        /// Whether a splatted variable (`@p`) may hold -Database: a hashtable with a key that names it; a list (a function's
        /// `@args`) with a parameter PowerShell marked as one ("-Database" written in the function's call, which the splat
        /// passes on as a parameter, where a plain string '-Database' is passed as a value); or a value this can't read
        /// (taken as holding it: the command does as it did before).
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
                case System.Collections.IList arguments:
                    foreach (object argument in arguments)
                    {
                        if (argument is PSObject marked && marked.Properties[ParameterMarkInArgs]?.Value is string name && NamesDatabase(name))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return true;
            }
        }

        /// <summary>The note by which PowerShell marks an argument of $args that was written as a parameter ("-Database"), so that `@args` passes it on as one.</summary>
        private const string ParameterMarkInArgs = "<CommandParameterName>";

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
        protected new bool ShouldProcess(string target, string action)
        {
            string shown = _recordFromOtherStore == null ? target : $"{target} in the store '{StoreLocation.Redacted(_ownStoreLocation ?? StorePath(out _))}'";
            return AskOrRefuse(() => base.ShouldProcess(shown, action), isWarning: false, $"{action}: {shown}");
        }
    }
}
