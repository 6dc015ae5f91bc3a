using System;
using System.Reflection;
using System.Runtime.ExceptionServices;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Tests
{
    /// <summary>
    /// A real store behind a <see cref="DispatchProxy"/>: each test's proxy handles the calls it is about (counts them,
    /// delays them, makes them fail) and passes every call on with <see cref="CallInner"/>, whose exceptions are the
    /// store's own (not a TargetInvocationException).
    /// </summary>
    public abstract class StoreProxy : DispatchProxy
    {
        protected IDeviceStore Inner { get; private set; } = null!;

        /// <summary>A <typeparamref name="TProxy"/> over <paramref name="store"/>; <paramref name="setUp"/> sets its own settings.</summary>
        public static IDeviceStore Over<TProxy>(IDeviceStore store, Action<TProxy>? setUp = null)
            where TProxy : StoreProxy
        {
            IDeviceStore proxy = Create<IDeviceStore, TProxy>();
            var typed = (TProxy)(object)proxy;
            typed.Inner = store;
            setUp?.Invoke(typed);
            return proxy;
        }

        protected object? CallInner(MethodInfo method, object?[]? args)
        {
            try
            {
                return method.Invoke(Inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
