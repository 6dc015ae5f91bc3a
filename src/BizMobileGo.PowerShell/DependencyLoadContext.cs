using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The module's private load context: the core library, Microsoft.Data.Sqlite, SQLitePCLRaw, Npgsql,
    /// MailKit and the native SQLite build all come from the module's dependencies folder, whatever versions
    /// of them other modules (or the session) already loaded. Framework assemblies (System.*) are not in that
    /// folder, so they fall through to PowerShell's own copies — unless the runtime's copy is older than a
    /// dependency was built against: Npgsql 10 asks for System.Diagnostics.DiagnosticSource 9.0 and MailKit for
    /// System.Formats.Asn1 10.0, which PowerShell 7.4's .NET 8 doesn't have. For that case only, the module
    /// carries those packages' copies in dependencies/framework-fallback.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        internal const string FolderName = "dependencies";

        /// <summary>Under <see cref="FolderName"/>: framework assemblies for runtimes whose own copy is too old.</summary>
        internal const string FrameworkFallbackFolderName = "framework-fallback";

        /// <summary>The only assembly the cmdlet assembly itself refers to outside the framework and PowerShell.</summary>
        internal const string EntryAssemblyName = "BizMobileGo.Core";

        private static readonly object Gate = new object();
        private static DependencyLoadContext? _instance;

        /// <summary>
        /// Under <see cref="FolderName"/>: ReadyToRun (precompiled) copies of some of its IL assemblies, in
        /// readytorun/&lt;rid&gt;/net&lt;major&gt;/ (src/BizMobileGo.ReadyToRun writes them).
        /// </summary>
        internal const string ReadyToRunFolderName = "readytorun";

        private readonly string _directory;

        /// <summary>This process's ReadyToRun folder; it exists only where the module carries images for this platform and runtime.</summary>
        private readonly string _imageDirectory;

        /// <summary>
        /// The context's name, as AssemblyLoadContext.GetLoadContext(assembly).Name and dotnet-dump show it: someone
        /// diagnosing two copies of Npgsql in one session sees whose copy it is (walkthrough 27, 10).
        /// </summary>
        internal const string ContextName = "BizMobileGo";

        private DependencyLoadContext(string directory)
            : base(ContextName)
        {
            _directory = directory;
            _imageDirectory = Path.Combine(directory, ReadyToRunFolder(CurrentNativePlatform, Environment.Version.Major));
        }

        /// <summary>
        /// Where the dependencies folder keeps the images precompiled for one platform and .NET major version, e.g.
        /// readytorun/linux-x64/net10. An image is native code for one operating system and processor, which another refuses
        /// whole (BadImageFormatException), and is ignored by another .NET major version (its IL then runs, compiled as
        /// usual, at no gain): a process takes the images of its own runtime identifier and <see cref="Environment.Version"/>'s
        /// major only, and the IL build serves every other.
        /// </summary>
        internal static string ReadyToRunFolder(string platform, int runtimeMajor) =>
            Path.Combine(ReadyToRunFolderName, platform, "net" + runtimeMajor.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
        /// <remarks>
        /// <para>
        /// Never throws: it answers null for what it can't load (the event's contract), and the runtime then says
        /// FileNotFoundException to whoever asked, where that caller can handle it. An exception thrown here instead ends
        /// the whole process when the asker is one of the runtime's own threads: the multicore JIT player, which pwsh starts
        /// with the JIT profile its earlier sessions recorded, loads the core library by name as the profile lists it, as
        /// soon as the cmdlet assembly is loaded, even by an import that <see cref="ModuleFiles"/> then refused (the
        /// forty-third round's integration run: exit 134 after a refused import of a folder missing the core library).
        /// </para>
        /// <para>
        /// Never re-entered: when this context can't find the core library either, the runtime falls back to the default
        /// context, whose Resolving event would call this hook again, and again, until the stack overflows and the whole
        /// process ends (walkthrough 32b, 7).
        /// </para>
        /// </remarks>
        internal static Assembly? ResolveFromDefault(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            // A folder without the file: nothing to load (Import-Module refuses that folder, naming the file).
            if (name.Name != EntryAssemblyName || _resolving || Instance.FileFor(name) == null)
            {
                return null;
            }

            _resolving = true;
            try
            {
                return Instance.LoadFromAssemblyName(name);
            }
            catch (Exception unloadable) when (unloadable is IOException or BadImageFormatException or UnauthorizedAccessException)
            {
                // A damaged or unreadable file, or one removed since the check above.
                return null;
            }
            finally
            {
                _resolving = false;
            }
        }

        [ThreadStatic]
        private static bool _resolving;

        /// <summary>The module's dependencies folder, as this context loads from it.</summary>
        internal static string DependenciesFolder => Instance._directory;

        protected override Assembly? Load(AssemblyName assemblyName) =>
            FileFor(assemblyName) is string path ? LoadFromAssemblyPath(path) : null;

        /// <summary>The module's own file for an assembly, or null when the process's (the runtime's, PowerShell's) serves.</summary>
        internal string? FileFor(AssemblyName assemblyName)
        {
            string path = Path.Combine(_directory, assemblyName.Name + ".dll");
            if (File.Exists(path))
            {
                // The IL file decides that the module carries the assembly; this platform's precompiled copy, if any, serves.
                string image = Path.Combine(_imageDirectory, assemblyName.Name + ".dll");
                return File.Exists(image) ? image : path;
            }

            // A package's Windows build (runtimes/win/lib) sits in framework-fallback/win.
            string fallbackFolder = Path.Combine(_directory, FrameworkFallbackFolderName);
            string windowsBuild = Path.Combine(fallbackFolder, "win", assemblyName.Name + ".dll");
            string fallback = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && File.Exists(windowsBuild)
                ? windowsBuild
                : Path.Combine(fallbackFolder, assemblyName.Name + ".dll");
            return File.Exists(fallback) && !RuntimeProvides(assemblyName) ? fallback : null;
        }

        private static Dictionary<string, string>? _trustedPlatformAssemblies;

        /// <summary>True when the process's own assemblies (the runtime's and PowerShell's) hold this one at the version asked for or newer.</summary>
        internal static bool RuntimeProvides(AssemblyName assemblyName)
        {
            lock (Gate)
            {
                if (_trustedPlatformAssemblies == null)
                {
                    _trustedPlatformAssemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
                    foreach (string entry in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                    {
                        _trustedPlatformAssemblies[Path.GetFileNameWithoutExtension(entry)] = entry;
                    }
                }
            }

            if (assemblyName.Name == null || !_trustedPlatformAssemblies.TryGetValue(assemblyName.Name, out string? file))
            {
                return false;
            }

            Version? available = AssemblyName.GetAssemblyName(file).Version;
            return assemblyName.Version == null || (available != null && available >= assemblyName.Version);
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            if (unmanagedDllName != "e_sqlite3")
            {
                return IntPtr.Zero;
            }

            string path = NativeSqlitePath;
            // Not carried for this platform: let the runtime's own probing try; the first store use then says what is
            // missing (NativeSqliteMissing, BmgCmdlet.Errors.cs).
            return File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
        }

        /// <summary>Where this platform's native SQLite build must be for the module to load it.</summary>
        internal static string NativeSqlitePath =>
            Path.Combine(Instance._directory, NativeSqliteRelativePath(CurrentPlatform(), RuntimeInformation.ProcessArchitecture, IsMusl()));

        /// <summary>The platforms (runtime identifiers) whose native SQLite build this module folder carries.</summary>
        internal static IReadOnlyList<string> CarriedNativePlatforms()
        {
            string runtimes = Path.Combine(Instance._directory, "runtimes");
            var carried = new List<string>();
            if (Directory.Exists(runtimes))
            {
                foreach (string folder in Directory.GetDirectories(runtimes))
                {
                    string native = Path.Combine(folder, "native");
                    if (Directory.Exists(native) && Directory.GetFiles(native, "*e_sqlite3*").Length != 0)
                    {
                        carried.Add(Path.GetFileName(folder));
                    }
                }
            }

            carried.Sort(StringComparer.Ordinal);
            return carried;
        }

        /// <summary>This platform's runtime identifier as the module's runtimes folder names it (linux-musl-arm64, win-x64, …).</summary>
        internal static string CurrentNativePlatform =>
            Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(
                NativeSqliteRelativePath(CurrentPlatform(), RuntimeInformation.ProcessArchitecture, IsMusl())))!);

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
