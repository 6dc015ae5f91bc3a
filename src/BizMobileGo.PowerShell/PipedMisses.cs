using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The DeviceNotFound errors of a batch of piped identifiers (<see cref="PipedIdentifiers{T}"/>) no device has, made with
    /// the batch's read (<see cref="DeviceEditor.NotFound(IDeviceStore, IReadOnlyCollection{string}, bool)"/>: one history read
    /// for all of them) and kept until the command writes each at its place. Over a slow link a miss was two round trips of its
    /// own, and the pause it made dropped the next batch to one identifier (walkthrough 33a, finding 7).
    /// </summary>
    /// <remarks>
    /// A batch may be read on the reading thread while the pipeline's thread writes an earlier one: hence the concurrent map.
    /// An error not found here (a repeat already taken) is made on the spot, as before.
    /// </remarks>
    internal sealed class PipedMisses
    {
        private readonly ConcurrentDictionary<string, BmgException> _errors = new ConcurrentDictionary<string, BmgException>(DeviceIdentifier.Comparer);

        /// <summary>Notes the errors of the identifiers <paramref name="found"/> has no item for; hands <paramref name="found"/> back.</summary>
        // Optimized at once: a batch's loop, run by every batch of a piped look-up in the command's first second.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public IReadOnlyList<T?> Note<T>(IDeviceStore store, IReadOnlyList<string> identifiers, IReadOnlyList<T?> found) where T : class
        {
            List<string>? missing = null;
            for (int place = 0; place < identifiers.Count; place++)
            {
                if (found[place] == null)
                {
                    (missing ??= new List<string>()).Add(identifiers[place]);
                }
            }

            if (missing != null)
            {
                foreach (KeyValuePair<string, BmgException> error in DeviceEditor.NotFound(store, missing, piped: true))
                {
                    _errors[error.Key] = error.Value;
                }
            }

            return found;
        }

        /// <summary>
        /// The error noted for <paramref name="identifier"/>; else (a repeat whose error was taken) made now, reading the history
        /// after <paramref name="beforeStoreRead"/> (waiting for the batches read aside: the store is used by one thread at a time).
        /// </summary>
        public BmgException ErrorOf(IDeviceStore store, string identifier, System.Action beforeStoreRead)
        {
            if (_errors.TryRemove(identifier, out BmgException? error))
            {
                return error;
            }

            beforeStoreRead();
            return DeviceEditor.PipedNotFound(store, identifier);
        }
    }
}
