using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>The rows and the summary of one import through real CSV text.</summary>
    internal sealed class ImportOutcome
    {
        public ImportOutcome(List<ImportRowResult> rows, ImportSummary summary)
        {
            Rows = rows;
            Summary = summary;
        }

        public List<ImportRowResult> Rows { get; }
        public ImportSummary Summary { get; }

        public ImportRowResult Line(int line) => Rows.Single(r => r.Line == line);
    }

    /// <summary>
    /// A real SQLite store in its own temp folder, with templates Std/Kiosk, device tags Sales/HQ and
    /// organizations ORG1/ORG2; deleted on Dispose.
    /// </summary>
    internal sealed class StoreFixture : IDisposable
    {
        public static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 6, 2, 9, 30, 0, TimeSpan.FromHours(9));

        public StoreFixture(bool seed = true)
        {
            Folder = Path.Combine(Path.GetTempPath(), "bmg-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            DatabasePath = Path.Combine(Folder, "store.db");
            Store = SqliteDeviceStore.Open(DatabasePath);
            if (seed)
            {
                Store.InsertTemplate(new Template("Std"));
                Store.InsertTemplate(new Template("Kiosk"));
                Store.InsertDeviceTag(new DeviceTag("Sales"));
                Store.InsertDeviceTag(new DeviceTag("HQ"));
                Store.InsertOrganization(new Organization("ORG1", "Head office"));
                Store.InsertOrganization(new Organization("ORG2", "Branch"));
            }
        }

        public string Folder { get; }
        public string DatabasePath { get; }
        public SqliteDeviceStore Store { get; private set; }

        /// <summary>The time the import's clock reports.</summary>
        public DateTimeOffset Now { get; set; } = T0;

        public static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

        /// <summary>Writes <paramref name="content"/> to a file of the fixture's folder in UTF-8 without a BOM (as Apple's files come); its path.</summary>
        public string WriteFile(string name, string content)
        {
            string path = System.IO.Path.Combine(Folder, name);
            System.IO.File.WriteAllText(path, content, new System.Text.UTF8Encoding(false));
            return path;
        }

        public ImportOutcome Import(string csv, ImportMode mode = ImportMode.AllOrNothing, bool dryRun = false, string changedBy = "")
        {
            DateTimeOffset now = Now;
            using var import = new DeviceImport(Store, mode, dryRun, "test.csv", () => now, changedBy: changedBy);
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "test.csv").ToList();
            ImportSummary summary = import.Complete();
            return new ImportOutcome(rows, summary);
        }

        /// <summary>Imports (for <paramref name="changedBy"/>: -ChangedBy) and asserts that no row failed.</summary>
        public ImportOutcome ImportOk(string csv, string changedBy = "")
        {
            ImportOutcome outcome = Import(csv, changedBy: changedBy);
            foreach (ImportRowResult row in outcome.Rows)
            {
                if (row.Failed)
                {
                    throw new Xunit.Sdk.XunitException($"Setup import failed on line {row.Line}: {row.Error}");
                }
            }

            if (!outcome.Summary.Committed)
            {
                throw new Xunit.Sdk.XunitException("Setup import was not committed.");
            }

            return outcome;
        }

        /// <summary>Closes the store and opens the file again, as a new process would (an open migrates an older store).</summary>
        public void Reopen()
        {
            Store.Dispose();
            Store = SqliteDeviceStore.Open(DatabasePath);
        }

        public Device Device(string identifier) =>
            Store.GetDevice(identifier) ?? throw new Xunit.Sdk.XunitException($"Device '{identifier}' is not in the store.");

        public User User(string userName) =>
            Store.GetUser(userName) ?? throw new Xunit.Sdk.XunitException($"User '{userName}' is not in the store.");

        /// <summary>Everything a test may compare before and after: devices, users, emails, DEP devices.</summary>
        public string Snapshot()
        {
            var text = new StringBuilder();
            foreach (Device d in Store.GetDevices())
            {
                text.Append("D|").AppendJoin("|", d.Identifier, d.Template, d.PlainCode, d.OS, string.Join(",", d.DeviceTags), d.WifiMac, d.IMEI,
                    d.MEID, d.UDID, d.Serial, d.ExpirationDays, d.DisplayName, d.Description, d.RegistrationEmail, d.UserName,
                    d.DEPMethod, d.State, d.DepDevice, d.DepProfile, d.CreatedAt.UtcTicks, d.SavedAt.UtcTicks, d.CheckedInAt?.UtcTicks,
                    d.WithdrawnAt?.UtcTicks).Append('\n');
            }

            foreach (User u in Store.GetUsers())
            {
                text.Append("U|").AppendJoin("|", u.UserName, u.Name, u.EmailAddress, u.UserDescription, string.Join(",", u.Organizations)).Append('\n');
            }

            foreach (var e in Store.GetCheckInEmails())
            {
                text.Append("E|").AppendJoin("|", e.Recipient, e.Identifier, e.PlainCode, e.QueuedAt.UtcTicks).Append('\n');
            }

            foreach (var dep in Store.GetDepDevices())
            {
                text.Append("P|").AppendJoin("|", dep.SerialNumber, dep.Model, dep.Description, dep.ProfileName).Append('\n');
            }

            return text.ToString();
        }

        public void Dispose()
        {
            Store.Dispose();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
