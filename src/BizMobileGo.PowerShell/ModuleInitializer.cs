using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.IO;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Sends the cmdlet assembly's requests for the core library to the module's private load context
    /// (<see cref="DependencyLoadContext"/>), so another module's Microsoft.Data.Sqlite or SQLitePCLRaw
    /// can't take their place. This assembly must therefore name no dependency but the core library.
    /// </summary>
    /// <remarks>
    /// OnImport and OnRemove run per runspace, but the hook and the load context serve the whole process, which may have the
    /// module imported in several runspaces at once (thread jobs, ForEach-Object -Parallel, a hosting service): the hook is
    /// added once and kept for the life of the process (the assemblies it resolves can't be unloaded anyway), and
    /// Remove-Module closes only the stores its own runspace kept open (walkthrough 32b, 9: taking the hook away broke the
    /// module in every other runspace, and an import that committed there was reported as a FileNotFoundException). The
    /// stores a runspace kept close as it ends, too (<see cref="RunspaceStores"/>).
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>The views' type data, in the module folder; the root module script adds it at every import.</summary>
        internal const string TypesFileName = "BizMobileGo.Types.ps1xml";

        private static readonly object Gate = new object();
        private static bool _kept;
        private static bool _complete;

        /// <summary>
        /// Adds the hook as .NET loads this assembly, however it is loaded: a host that registers the cmdlets by type
        /// (SessionStateCmdletEntry, no Import-Module, so no OnImport) got a raw FileNotFoundException for the core library
        /// at its first command (walkthrough 34a, 2). It names nothing from the core library, whose files OnImport checks first.
        /// </summary>
#pragma warning disable CA2255 // A module initializer in a library is what this needs: nothing of the assembly can run before the hook.
        [ModuleInitializer]
#pragma warning restore CA2255
        internal static void HookDependencies() => AssemblyLoadContext.Default.Resolving += DependencyLoadContext.ResolveFromDefault;

        public void OnImport()
        {
            lock (Gate)
            {
                // Checked until found complete: then every later import in the process (another runspace's, -Force) is spared it.
                if (!_complete)
                {
                    IReadOnlyList<string> problems = ModuleFiles.Problems();
                    if (problems.Count != 0)
                    {
                        throw new ModuleImportException(ModuleFiles.IncompleteRecord(problems));
                    }

                    _complete = true;
                }

                // Import-Module -Force, and every runspace's import, run OnImport again in the same process: once is enough.
                if (!_kept)
                {
                    RunspaceStores.KeepForCommandsRunspace();
                    _kept = true;
                }
            }

            // Every runspace that imports the module: the store files it keeps open between commands close as it ends.
            RunspaceStores.Watch(Runspace.DefaultRunspace);
        }

        /// <summary>
        /// Remove-Module releases the store files this runspace kept open between commands, and takes the views' type data
        /// away as PowerShell takes a manifest's TypesToProcess. That is done here, not by the root script's
        /// <c>$ExecutionContext.SessionState.Module.OnRemove</c>, which ConstrainedLanguage refuses to set (walkthrough 34a, 1).
        /// </summary>
        public void OnRemove(PSModuleInfo module)
        {
            RunspaceStores.CloseAtRemove(Runspace.DefaultRunspace);
            using var removal = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            try
            {
                removal.AddCommand("Remove-TypeData")
                    .AddParameter("Path", Path.Combine(module.ModuleBase, TypesFileName))
                    .AddParameter("ErrorAction", ActionPreference.Ignore)
                    .Invoke();
            }
            catch (CommandNotFoundException)
            {
                // A runspace that keeps Remove-TypeData private: the type data stays, and a later import adds the same file again.
            }
        }

        /// <summary>Import-Module's failure, said as the module's own ErrorRecord.</summary>
        private sealed class ModuleImportException : Exception, IContainsErrorRecord
        {
            public ModuleImportException(ErrorRecord record)
                : base(record.Exception.Message, record.Exception) => ErrorRecord = record;

            public ErrorRecord ErrorRecord { get; }
        }
    }
}
