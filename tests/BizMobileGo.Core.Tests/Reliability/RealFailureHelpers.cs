using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>Runs a program of the system (mount, chown) and fails the test, with its output, when it fails.</summary>
    internal static class TestProcess
    {
        public static string Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(" ", arguments)} failed: {output}");
            return output;
        }
    }

    /// <summary>
    /// A real small file system (tmpfs, mounted by the test, which runs as root) at <see cref="Path"/>. Dispose unmounts
    /// it and removes the mount point, whatever the test did in between; a mount that fails leaves no directory behind.
    /// </summary>
    internal sealed class Tmpfs : IDisposable
    {
        public Tmpfs(string path, string size)
        {
            Path = path;
            Directory.CreateDirectory(path);
            try
            {
                TestProcess.Run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path);
            }
            catch
            {
                Directory.Delete(path);
                throw;
            }
        }

        public string Path { get; }

        public void ReadOnly() => TestProcess.Run("mount", "-o", "remount,ro", Path);

        /// <summary>Hands the file system's root to <paramref name="user"/> (the PostgreSQL server's account, for a tablespace).</summary>
        public void GiveTo(string user) => TestProcess.Run("chown", user, Path);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                TestProcess.Run("umount", "-l", Path);
            }
            finally
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }

    /// <summary>Imports of generated CSV text, the way Import-BmgDeviceCsv drives <see cref="DeviceImport"/>.</summary>
    internal static class TestImports
    {
        /// <summary><paramref name="rows"/> rows "prefix0", "prefix1", ... each with a Description of <paramref name="payload"/> characters.</summary>
        public static string Csv(string prefix, int rows, int payload = 400)
        {
            var text = new StringBuilder("Identifier,OS,DisplayName,Description\n");
            for (int i = 0; i < rows; i++)
            {
                text.Append(prefix).Append(i).Append(",ios,Name ").Append(i).Append(',').Append('d', payload).Append('\n');
            }

            return text.ToString();
        }

        /// <summary>
        /// Imports <paramref name="csv"/> all or nothing; <paramref name="atRow"/> runs after each row. RowsPlanned: the
        /// rows planned before the import failed or completed. A failure with every row planned came from the last
        /// chunk's write (at the end of the file, or in Complete: whichever comes first depends on when the file's
        /// reader thread sees the end), the history row or the commit.
        /// </summary>
        public static (BmgException? Error, long? HistoryId, int RowsPlanned) ImportCsv(IDeviceStore store, string csv, Action<int>? atRow = null)
        {
            var import = new DeviceImport(store, ImportMode.AllOrNothing, dryRun: false, source: "rows.csv");
            int row = 0;
            try
            {
                foreach (ImportRowResult _ in DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "rows.csv"))
                {
                    row++;   // not inside atRow?.Invoke(...): its argument is not evaluated when atRow is null
                    atRow?.Invoke(row);
                }

                return (null, import.Complete().HistoryId, row);
            }
            catch (BmgException e)
            {
                import.Abandon(0, e.ErrorId, e.Message);
                return (e, null, row);
            }
            finally
            {
                import.Dispose();
            }
        }
    }
}
