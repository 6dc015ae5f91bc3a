using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Which runspace the store files kept open between commands (<see cref="OpenStores"/>) belong to, and when they close:
    /// as the runspace that kept them ends (a ForEach-Object -Parallel block's, a thread job's, a runspace pool's in a
    /// nightly script), and at Remove-Module in it. A store another runspace took or keeps is never closed here.
    /// </summary>
    /// <remarks>
    /// Without the watch, the stores an ended runspace kept stayed open (the file, its -wal and -shm) until a Remove-Module
    /// elsewhere, the four-store limit or the end of the process (thirty-third round: 50 parallel blocks over three store
    /// files left nine files open). A PostgreSQL store keeps nothing per runspace: its connections go back to Npgsql's pool,
    /// which closes them after 10 idle seconds (PostgresDeviceStore.ConnectionSettings).
    /// The core library's types are named only in methods of their own, called once the module's assembly hook can
    /// resolve them (ModuleInitializer).
    /// </remarks>
    internal static class RunspaceStores
    {
        // The runspaces watched already: a runspace imports the module again (-Force, Remove-Module then Import-Module), and
        // each import must not add another handler. Weak, so a watched runspace that ended is not kept alive by it.
        private static readonly ConditionalWeakTable<Runspace, object> Watched = new ConditionalWeakTable<Runspace, object>();

        /// <summary>Keeps the stores a command hands back for the command's runspace (<see cref="OpenStores.Keeper"/>).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void KeepForCommandsRunspace() => OpenStores.Keeper = () => Runspace.DefaultRunspace;

        /// <summary>Closes the stores <paramref name="runspace"/> kept once it ends; called at every import of the module into it.</summary>
        public static void Watch(Runspace? runspace)
        {
            if (runspace == null || !Watched.TryAdd(runspace, Watched))
            {
                return;
            }

            runspace.StateChanged += CloseWhenEnded;
            // Ended while the handler was being added: the event has been raised already.
            if (HasEnded(runspace))
            {
                CloseWhenEnded(runspace, null);
            }
        }

        /// <summary>Remove-Module in <paramref name="removing"/>: closes its stores, those kept by no runspace, and any an ended runspace still kept.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void CloseAtRemove(Runspace? removing) =>
            OpenStores.Close(keeper => keeper == null || ReferenceEquals(keeper, removing) || HasEnded(keeper));

        private static void CloseWhenEnded(object? sender, RunspaceStateEventArgs? change)
        {
            if (sender is Runspace runspace && HasEnded(runspace))
            {
                runspace.StateChanged -= CloseWhenEnded;
                CloseKeptFor(runspace);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CloseKeptFor(Runspace runspace) => OpenStores.Close(keeper => ReferenceEquals(keeper, runspace));

        private static bool HasEnded(object? keeper) =>
            keeper is Runspace runspace && runspace.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken or RunspaceState.Closing;
    }
}
