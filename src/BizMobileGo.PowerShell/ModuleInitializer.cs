using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Points SQLite's native library at the module's own runtimes/&lt;rid&gt;/native folder, so one
    /// module folder works on every platform it carries a build for.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static bool _registered;

        public void OnImport()
        {
            lock (Gate)
            {
                // SetDllImportResolver may be called once per assembly and process; a second Import-Module must not try again.
                if (_registered)
                {
                    return;
                }

                _registered = true;
            }

            Assembly provider = typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly;
            string moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            string? libraryPath = NativeSqlitePath(moduleDirectory);
            if (libraryPath == null || !File.Exists(libraryPath))
            {
                return; // Let the runtime's own probing try; the first store use then says what is missing.
            }

            // NativeLibrary is not in netstandard2.0; PowerShell 7's runtime has it.
            Type nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary", throwOnError: true)!;
            Type resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver", throwOnError: true)!;
            MethodInfo load = nativeLibrary.GetMethod("Load", new[] { typeof(string) })!;
            MethodInfo setResolver = nativeLibrary.GetMethod("SetDllImportResolver")!;

            IntPtr handle = IntPtr.Zero;
            Func<string, Assembly, DllImportSearchPath?, IntPtr> resolve = (name, assembly, searchPath) =>
            {
                if (name != "e_sqlite3")
                {
                    return IntPtr.Zero;
                }

                if (handle == IntPtr.Zero)
                {
                    handle = (IntPtr)load.Invoke(null, new object[] { libraryPath })!;
                }

                return handle;
            };
            Delegate resolver = Delegate.CreateDelegate(resolverType, resolve.Target, resolve.Method);
            setResolver.Invoke(null, new object[] { provider, resolver });
        }

        private static string? NativeSqlitePath(string moduleDirectory)
        {
            string architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                _ => RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            };

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return Path.Combine(moduleDirectory, "runtimes", "win-" + architecture, "native", "e_sqlite3.dll");
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return Path.Combine(moduleDirectory, "runtimes", "osx-" + architecture, "native", "libe_sqlite3.dylib");
            }

            string linux = IsMusl() ? "linux-musl-" : "linux-";
            return Path.Combine(moduleDirectory, "runtimes", linux + architecture, "native", "libe_sqlite3.so");
        }

        // musl systems (Alpine) carry the musl dynamic loader; glibc systems don't.
        private static bool IsMusl() =>
            Directory.Exists("/lib") && Directory.GetFiles("/lib", "ld-musl-*").Length != 0;
    }
}
