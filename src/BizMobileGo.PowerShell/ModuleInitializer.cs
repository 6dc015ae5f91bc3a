using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
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
        private static readonly object Gate = new object();
        private static bool _hooked;
        private static bool _complete;

        public void OnImport()
        {
            lock (Gate)
            {
                // Checked until found complete: then every later import in the process (another runspace's, -Force) is spared it.
                if (!_complete)
                {
                    IReadOnlyList<string> missing = ModuleFiles.Missing();
                    if (missing.Count != 0)
                    {
                        throw new ModuleImportException(ModuleFiles.MissingRecord(missing));
                    }

                    _complete = true;
                }

                // Import-Module -Force, and every runspace's import, run OnImport again in the same process: hook once.
                if (!_hooked)
                {
                    AssemblyLoadContext.Default.Resolving += DependencyLoadContext.ResolveFromDefault;
                    RunspaceStores.KeepForCommandsRunspace();
                    _hooked = true;
                }
            }

            // Every runspace that imports the module: the store files it keeps open between commands close as it ends.
            RunspaceStores.Watch(Runspace.DefaultRunspace);
        }

        // Remove-Module releases the store files this runspace kept open between commands.
        public void OnRemove(PSModuleInfo module) => RunspaceStores.CloseAtRemove(Runspace.DefaultRunspace);

        /// <summary>Import-Module's failure, said as the module's own ErrorRecord.</summary>
        private sealed class ModuleImportException : Exception, IContainsErrorRecord
        {
            public ModuleImportException(ErrorRecord record)
                : base(record.Exception.Message, record.Exception) => ErrorRecord = record;

            public ErrorRecord ErrorRecord { get; }
        }
    }
}
