using System;
using System.IO;
using System.Text.Json;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>
    /// Writes a test's figures to out/reliability/&lt;name&gt;.json, which tests/Write-ReliabilityReport.ps1 turns
    /// into RELIABILITY.md. A test writes its figures only after its assertions passed, so a figure is never claimed
    /// by a failing run.
    /// </summary>
    internal static class ReliabilityFigures
    {
        public static void Write(string name, string kind, long count, string note)
        {
            string? root = RepositoryRoot();
            if (root == null)
            {
                return; // Run outside the repository (a copied test binary): nowhere to report to.
            }

            string folder = Path.Combine(root, "out", "reliability");
            Directory.CreateDirectory(folder);
            string json = JsonSerializer.Serialize(new { Source = "xunit", Name = name, Kind = kind, Count = count, Note = note });
            File.WriteAllText(Path.Combine(folder, "xunit-" + name + ".json"), json);
        }

        public static string? RepositoryRoot()
        {
            for (DirectoryInfo? folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "BizMobileGo.PowerShell.sln")))
                {
                    return folder.FullName;
                }
            }

            return null;
        }
    }
}
