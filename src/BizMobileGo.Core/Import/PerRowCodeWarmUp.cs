using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// What an import does while it waits for another writer's lock on the store (started when the store says such a wait
    /// began: <see cref="Store.IDeviceStore.WaitingForWriter"/>, never for a free lock slow to take), once that wait has lasted
    /// <see cref="Delay"/>: it lets the file's reader read further ahead (the caller's action), and compiles the methods an
    /// import runs for every row (<see cref="PerRowCode"/>: compiled optimized at their first call) on a thread of its own,
    /// so the import that comes second (two admins at once) does not compile them after the wait. Only compiles: nothing is
    /// run, nothing of the store is read. An import that gets the lock at once starts no thread and reads no further ahead
    /// (a timer only); disposing, as soon as the import holds the store, stops the compiling (it would then compete with the
    /// import for the cores) and guarantees the caller's action is not run afterwards.
    /// </summary>
    internal sealed class PerRowCodeWarmUp : IDisposable
    {
        /// <summary>How long the import waits for another writer's lock before it reads further ahead and the compiling starts.</summary>
        internal static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(100);

        // Set once a warm-up has compiled every method (a stopped one leaves it unset: the next wait compiles again).
        private static int _compiled;

        private readonly Type _storeType;
        private readonly Action? _waitLasted;
        private readonly Timer _timer;
        private readonly object _gate = new object();
        private volatile bool _stopped;

        private PerRowCodeWarmUp(Type storeType, Action? waitLasted)
        {
            _storeType = storeType;
            _waitLasted = waitLasted;
            _timer = new Timer(_ => WaitLasted(), null, Delay, Timeout.InfiniteTimeSpan);
        }

        /// <summary>Starts the timer; <paramref name="waitLasted"/> runs (on the timer's thread) if the wait lasts <see cref="Delay"/>.</summary>
        public static PerRowCodeWarmUp Start(Type storeType, Action? waitLasted = null) => new PerRowCodeWarmUp(storeType, waitLasted);

        /// <summary>Stops the compiling between two methods (the rest compile at their first call, as without the warm-up).</summary>
        public void Dispose()
        {
            // Under the gate: once this returns, the caller's action has run entirely or never will.
            lock (_gate)
            {
                _stopped = true;
            }

            _timer.Dispose();
        }

        private void WaitLasted()
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                _waitLasted?.Invoke();
            }

            if (Volatile.Read(ref _compiled) == 0)
            {
                new Thread(Compile) { IsBackground = true, Name = "BizMobileGo warm-up" }.Start();
            }
        }

        private void Compile()
        {
            try
            {
                foreach (Type type in typeof(PerRowCodeWarmUp).Assembly.GetTypes())
                {
                    if (type.IsGenericTypeDefinition || !IsImportCode(type, _storeType))
                    {
                        continue;
                    }

                    foreach (MethodBase method in Methods(type))
                    {
                        if (_stopped)
                        {
                            return;
                        }

                        if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0
                            && !method.IsAbstract && !method.ContainsGenericParameters)
                        {
                            RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        }
                    }
                }

                Interlocked.Exchange(ref _compiled, 1);
            }
            catch (Exception)
            {
                // Only a warm-up: whatever is not compiled here is compiled at its first call.
            }
        }

        private static bool IsImportCode(Type type, Type storeType)
        {
            string? space = type.Namespace;
            return space == "BizMobileGo.Core.Import" || space == "BizMobileGo.Core.Fields" || space == "BizMobileGo.Core.History"
                || space == storeType.Namespace;
        }

        private static MethodBase[] Methods(Type type)
        {
            const BindingFlags all = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
            MethodInfo[] methods = type.GetMethods(all);
            ConstructorInfo[] constructors = type.GetConstructors(all);
            var both = new MethodBase[methods.Length + constructors.Length];
            methods.CopyTo(both, 0);
            constructors.CopyTo(both, methods.Length);
            return both;
        }
    }
}
