using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The module's private load context: the core library, Microsoft.Data.Sqlite, SQLitePCLRaw and the
    /// native SQLite build all come from the module's dependencies folder, whatever versions of them
    /// other modules (or the session) already loaded. Framework assemblies (System.*) are not in that
    /// folder, so they fall through to PowerShell's own copies.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        internal const string FolderName = "dependencies";

        /// <summary>The only assembly the cmdlet assembly itself refers to outside the framework and PowerShell.</summary>
        private const string EntryAssemblyName = "BizMobileGo.Core";

        private static readonly object Gate = new object();
        private static DependencyLoadContext? _instance;

        private readonly string _directory;

        private DependencyLoadContext(string directory) => _directory = directory;

        /// <summary>One context per process: a second context would load a second, incompatible copy of the core library.</summary>
        internal static DependencyLoadContext Instance
        {
            get
            {
                lock (Gate)
                {
                    if (_instance == null)
                    {
                        string moduleDirectory = Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)!;
                        _instance = new DependencyLoadContext(Path.Combine(moduleDirectory, FolderName));
                    }

                    return _instance;
                }
            }
        }

        /// <summary>
        /// The hook on the default context: the cmdlet assembly lives there (PowerShell loaded it), and
        /// its reference to the core library is answered from this context.
        /// </summary>
        internal static Assembly? ResolveFromDefault(AssemblyLoadContext defaultContext, AssemblyName name) =>
            name.Name == EntryAssemblyName ? Instance.LoadFromAssemblyName(name) : null;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string path = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            if (unmanagedDllName != "e_sqlite3")
            {
                return IntPtr.Zero;
            }

            string path = Path.Combine(_directory, NativeSqliteRelativePath(CurrentPlatform(), RuntimeInformation.ProcessArchitecture, IsMusl()));
            // Not carried for this platform: let the runtime's own probing try; the first store use then says what is missing.
            return File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
        }

        /// <summary>Where the dependencies folder keeps SQLite's native build for a platform: runtimes/&lt;rid&gt;/native/&lt;file&gt;.</summary>
        internal static string NativeSqliteRelativePath(OSPlatform platform, Architecture architecture, bool musl)
        {
            string cpu = architecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                _ => architecture.ToString().ToLowerInvariant(),
            };

            if (platform == OSPlatform.Windows)
            {
                return Path.Combine("runtimes", "win-" + cpu, "native", "e_sqlite3.dll");
            }

            if (platform == OSPlatform.OSX)
            {
                return Path.Combine("runtimes", "osx-" + cpu, "native", "libe_sqlite3.dylib");
            }

            return Path.Combine("runtimes", (musl ? "linux-musl-" : "linux-") + cpu, "native", "libe_sqlite3.so");
        }

        private static OSPlatform CurrentPlatform() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX
            : OSPlatform.Linux;

        // musl systems (Alpine) carry the musl dynamic loader; glibc systems don't.
        private static bool IsMusl() =>
            !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && Directory.Exists("/lib") && Directory.GetFiles("/lib", "ld-musl-*").Length != 0;
    }
}
