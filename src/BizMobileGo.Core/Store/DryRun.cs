using System;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The one rule of a dry run (-WhatIf) over several files (Import-BmgDeviceCsv, Import-BmgDepDevice): it predicts the
    /// real run of those files, in which each file is its own transaction and sees what the files before it wrote. So
    /// what the real run would commit of a file is committed into the dry run's own state (<see cref="IDeviceStore.IsDryRun"/>:
    /// the private copy on SQLite, a released savepoint on PostgreSQL), never into the store; what it would refuse is
    /// rolled back there too. The next file is planned against that state.
    /// </summary>
    /// <remarks>
    /// What the dry run holds: on SQLite nothing of the store (a read snapshot of the file until its first write, then its
    /// private copy); on PostgreSQL no writer lock, but the rows a kept file would change stay locked by the dry run's one
    /// transaction until the command ends (as each file's did until that file ended, before), and Ctrl+C or any error
    /// rolls that transaction back with the store's Dispose.
    /// </remarks>
    public static class DryRun
    {
        /// <summary>Whether a dry run on <paramref name="store"/> keeps what each accepted file would write, for the files after it.</summary>
        public static bool KeepsAcceptedFiles(IDeviceStore store) => store.IsDryRun;

        /// <summary>Writes <paramref name="write"/> into the dry run's state: one transaction of the dry-run store, committed there.</summary>
        /// <exception cref="InvalidOperationException">The store is not a dry run's: its commit would write the store.</exception>
        public static void Keep(IDeviceStore store, Action write)
        {
            if (!store.IsDryRun)
            {
                throw new InvalidOperationException("Only a dry run's store (-WhatIf) may keep a dry run's writes.");
            }

            using IStoreTransaction transaction = store.BeginTransaction();
            write();
            transaction.Commit();
        }
    }
}
