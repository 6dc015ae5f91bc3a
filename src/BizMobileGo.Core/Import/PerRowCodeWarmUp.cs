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
    /// of the store is read. Stopped as soon as the import holds the store (it then competes with the import for the
    /// cores); once per process.
    /// </summary>
    internal sealed class PerRowCodeWarmUp
    {
        private static int _started;
        private volatile bool _stop;

        private PerRowCodeWarmUp()
        {
        }

        /// <summary>Starts compiling the per-row code of the import and of <paramref name="storeType"/>'s namespace; null when done before in this process.</summary>
        public static PerRowCodeWarmUp? Start(Type storeType)
        {
            if (Interlocked.Exchange(ref _started, 1) != 0)
            {
                return null;
            }

            var warmUp = new PerRowCodeWarmUp();
            var thread = new Thread(() => warmUp.Run(storeType)) { IsBackground = true, Name = "BizMobileGo warm-up" };
            thread.Start();
            return warmUp;
        }

        /// <summary>Stops between two methods (the rest compile at their first call, as without the warm-up).</summary>
        public void Stop() => _stop = true;

        private void Run(Type storeType)
        {
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
                        if (_stop)
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
