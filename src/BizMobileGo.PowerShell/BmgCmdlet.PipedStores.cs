using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
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

        /// <summary>
        /// Refuses the record in ProcessRecord when it is a Device or User (or another object of the module that says its store:
        /// a check-in email, DEP device, DEP link, history entry, import; PipedStores) read from another store than the one this command
        /// opens and the command was given no -Database ($PSDefaultParameterValues counts as given): a non-terminating
        /// PipedFromOtherStore naming both stores and the two ways forward, nothing done for it, the rest of the pipe going on.
        /// Given -Database, the command does as told (`| New-BmgDevice -Database other` copies a device), and its What-if and
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

            if (MyInvocation.BoundParameters.ContainsKey(nameof(Database)))
            {
                _recordFromOtherStore = piped;
                return false;
            }

            string from = StoreLocation.Redacted(piped);
            string own = StoreLocation.Redacted(_ownStoreLocation!);
            string command = MyInvocation.MyCommand.Name;
            string what = named.ToString();
            string given = MyInvocation.ExpectingInput ? $"piped {what}" : $"{what} given to {command}";
            RefusePipedFromOtherStore(new ErrorRecord(
                new System.InvalidOperationException(
                    $"The {given} was read from the store '{from}', but {command} was given no -Database and uses the store '{own}'; "
                    + $"nothing was done for it. To act on it where it was read, give -Database '{from}'; to act on the {what} of '{own}', "
                    + $"give -Database '{own}'."),
                ErrorIds.PipedFromOtherStore, ErrorCategory.InvalidArgument, named.Key));
            return true;
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
        protected new bool ShouldProcess(string target, string action) =>
            base.ShouldProcess(_recordFromOtherStore == null ? target
                : $"{target} in the store '{StoreLocation.Redacted(_ownStoreLocation ?? StorePath(out _))}'", action);
    }
}
