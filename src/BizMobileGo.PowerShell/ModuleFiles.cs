using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Whether the module folder holds every assembly the cmdlets need, readable: an incomplete copy (a partial Copy-Item, a
    /// sync tool, an anti-virus quarantining one DLL) is refused by Import-Module with one ErrorRecord naming the missing
    /// (or damaged) files, instead of a FileNotFoundException from whichever cmdlet first needs one, or — for the core
    /// library — a process ended by a stack overflow (walkthrough 32b, 7).
    /// </summary>
    /// <remarks>
    /// Nothing here may use a type of the core library: it checks whether that library can be loaded at all (the ErrorId
    /// is a constant, compiled in).
    /// </remarks>
    internal static class ModuleFiles
    {
        /// <summary>
        /// What is wrong with the module folder, each file relative to it: "… is missing" for the core library, and every
        /// assembly it refers to, directly or through another of the module's assemblies, that neither the module folder nor
        /// the process provides; "… is damaged" for one of those the folder has that can't be read as an assembly (a truncated
        /// copy: left unread, .NET would fail at the first command that needs it, with a message that names no file). Empty
        /// when the folder is complete.
        /// </summary>
        internal static IReadOnlyList<string> Problems()
        {
            DependencyLoadContext context = DependencyLoadContext.Instance;
            string moduleFolder = Path.GetDirectoryName(DependencyLoadContext.DependenciesFolder)!;
            var problems = new SortedSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var pending = new Stack<AssemblyName>();
            pending.Push(new AssemblyName(DependencyLoadContext.EntryAssemblyName));
            while (pending.Count != 0)
            {
                AssemblyName name = pending.Pop();
                if (name.Name == null || !seen.Add(name.Name))
                {
                    continue;
                }

                if (context.FileFor(name) is string file)
                {
                    if (References(file) is List<AssemblyName> references)
                    {
                        references.ForEach(pending.Push);
                    }
                    else
                    {
                        problems.Add(Path.GetRelativePath(moduleFolder, file) + " is damaged");
                    }
                }
                else if (!DependencyLoadContext.RuntimeProvides(name))
                {
                    problems.Add(Path.Combine(DependencyLoadContext.FolderName, name.Name + ".dll") + " is missing");
                }
            }

            return new List<string>(problems);
        }

        /// <summary>The assemblies a file refers to, read from its metadata without loading it; null when it has none to read.</summary>
        private static List<AssemblyName>? References(string file)
        {
            try
            {
                using var stream = File.OpenRead(file);
                using var reader = new PEReader(stream);
                MetadataReader metadata = reader.GetMetadataReader();
                var names = new List<AssemblyName>();
                foreach (AssemblyReferenceHandle handle in metadata.AssemblyReferences)
                {
                    AssemblyReference reference = metadata.GetAssemblyReference(handle);
                    names.Add(new AssemblyName(metadata.GetString(reference.Name)) { Version = reference.Version });
                }

                return names;
            }
            catch (Exception unreadable)
                when (unreadable is BadImageFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Not a PE file, no metadata (InvalidOperationException), or a file that can't be read.
                return null;
            }
        }

        /// <summary>The ErrorRecord Import-Module fails with when files are missing or damaged (<see cref="Problems"/>).</summary>
        internal static ErrorRecord IncompleteRecord(IReadOnlyList<string> problems)
        {
            string moduleFolder = Path.GetDirectoryName(DependencyLoadContext.DependenciesFolder)!;
            string message =
                $"The BizMobileGo module folder '{moduleFolder}' is incomplete: {string.Join(", ", problems)} (a partial copy, or " +
                "a file removed by a sync tool or an anti-virus program). Reinstall the module (Install-PSResource BizMobileGo " +
                "-Reinstall), or copy the whole built module folder again.";
            return new ErrorRecord(new FileNotFoundException(message), ErrorIds.ModuleFilesMissing, ErrorCategory.NotInstalled, moduleFolder);
        }
    }
}
