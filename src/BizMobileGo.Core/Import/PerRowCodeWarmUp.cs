using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Compiles the methods an import runs for every row (<see cref="PerRowCode"/>: compiled optimized at their first
    /// call) on a thread of its own while the import waits for another writer's lock on the store, so the import that
    /// comes second (two admins at once) does not compile them after the wait. Only compiles: nothing is run, nothing
    /// of the store is read. It starts only when the wait lasts (an import that gets the lock at once pays nothing) and
    /// stops as soon as the import holds the store (it would then compete with the import for the cores); once per process.
    /// </summary>
    internal sealed class PerRowCodeWarmUp
    {
        /// <summary>How long the import waits for the lock before the warm-up starts.</summary>
        private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(100);

        private static int _compiled;
        private readonly ManualResetEventSlim _stop = new ManualResetEventSlim(false);

        private PerRowCodeWarmUp()
        {
        }

        /// <summary>Starts compiling the per-row code of the import and of <paramref name="storeType"/>'s namespace; null when done before in this process.</summary>
        public static PerRowCodeWarmUp? Start(Type storeType)
        {
            if (Volatile.Read(ref _compiled) != 0)
            {
                return null;
            }

            var warmUp = new PerRowCodeWarmUp();
            var thread = new Thread(() => warmUp.Run(storeType)) { IsBackground = true, Name = "BizMobileGo warm-up" };
            thread.Start();
            return warmUp;
        }

        /// <summary>Stops between two methods (the rest compile at their first call, as without the warm-up).</summary>
        public void Stop() => _stop.Set();

        private void Run(Type storeType)
        {
            if (_stop.Wait(Delay) || Interlocked.Exchange(ref _compiled, 1) != 0)
            {
                return;
            }

            try
            {
                foreach (Type type in typeof(PerRowCodeWarmUp).Assembly.GetTypes())
                {
                    if (type.IsGenericTypeDefinition || !IsImportCode(type, storeType))
                    {
                        continue;
                    }

                    foreach (MethodBase method in Methods(type))
                    {
                        if (_stop.IsSet)
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
