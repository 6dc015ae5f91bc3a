using System.Management.Automation;
using System.Runtime.Loader;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Sends the cmdlet assembly's requests for the core library to the module's private load context
    /// (<see cref="DependencyLoadContext"/>), so another module's Microsoft.Data.Sqlite or SQLitePCLRaw
    /// can't take their place. This assembly must therefore name no dependency but the core library.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static bool _hooked;

        public void OnImport()
        {
            lock (Gate)
            {
                // Import-Module -Force runs OnImport again in the same process: hook once.
                if (!_hooked)
                {
                    AssemblyLoadContext.Default.Resolving += DependencyLoadContext.ResolveFromDefault;
                    _hooked = true;
                }
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            // Remove-Module releases the store files this process kept open between commands.
            BizMobileGo.Core.Store.OpenStores.CloseAll();
            lock (Gate)
            {
                if (_hooked)
                {
                    AssemblyLoadContext.Default.Resolving -= DependencyLoadContext.ResolveFromDefault;
                    _hooked = false;
                }
            }
        }
    }
}
