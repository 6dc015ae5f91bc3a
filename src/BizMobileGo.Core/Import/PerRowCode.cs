using System.Runtime.CompilerServices;

namespace BizMobileGo.Core.Import
{
    /// <summary>How the methods an import runs for every row are compiled.</summary>
    /// <remarks>
    /// An import runs in a fresh process (a scheduled task, a new pwsh), and .NET's tiered compilation would
    /// compile each of these methods three times (quickly, then instrumented, then optimized) and run the first two
    /// versions for much of a 20,000-row file, the instrumented one slowly. Compiled optimized at once instead, a new
    /// store's import of the bench file took 150-220 ms less CPU at 20,000 rows (issue 12's profile), and the
    /// same when the process was already warm.
    /// </remarks>
    internal static class PerRowCode
    {
        public const MethodImplOptions Compile = MethodImplOptions.AggressiveOptimization;
    }
}
