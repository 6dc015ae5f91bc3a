using System;
using System.Collections.Generic;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>Organizations, templates and device tags, and the references users and devices hold to them.</summary>
    public sealed partial class SqliteDeviceStore
    {
        // ---- reference data ----

        public IReadOnlyList<Organization> GetOrganizations() =>
            Query("SELECT id, name FROM organizations ORDER BY id;", null, r => new Organization(r.GetString(0), r.GetString(1)) { Database = Location });

        public void InsertOrganization(Organization organization) =>
            Run("INSERT INTO organizations (id, name) VALUES ($id, $name);", c =>
            {
                Set(c, "$id", organization.Id);
                Set(c, "$name", organization.Name);
            });

        public void SetOrganizationName(string id, string name) =>
            Run("UPDATE organizations SET name = $name WHERE id = $id;", c =>
            {
                Set(c, "$id", id);
                Set(c, "$name", name);
            });

        public IReadOnlyList<Template> GetTemplates() =>
            Query("SELECT name FROM templates ORDER BY name;", null, r => new Template(r.GetString(0)) { Database = Location });

        public void InsertTemplate(Template template) =>
            Run("INSERT INTO templates (name) VALUES ($name);", c => Set(c, "$name", template.Name));

        public IReadOnlyList<DeviceTag> GetDeviceTags() =>
            Query("SELECT name FROM device_tags ORDER BY name;", null, r => new DeviceTag(r.GetString(0)) { Database = Location });

        public void InsertDeviceTag(DeviceTag tag) =>
            Run("INSERT INTO device_tags (name) VALUES ($name);", c => Set(c, "$name", tag.Name));

        // The holders of a name, each with how many there are in all (one statement, so the count and the names agree).
        private static (string Table, string Key, string UseQuery) Reference(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => ("organizations", "id",
                "SELECT user_name, count(*) OVER () FROM users WHERE instr('|' || organizations || '|', '|' || $key || '|') > 0 ORDER BY user_name LIMIT $limit;"),
            ReferenceKind.Template => ("templates", "name",
                "SELECT identifier, count(*) OVER () FROM devices WHERE template = $key ORDER BY identifier LIMIT $limit;"),
            ReferenceKind.DeviceTag => ("device_tags", "name",
                "SELECT identifier, count(*) OVER () FROM devices WHERE instr('|' || device_tags || '|', '|' || $key || '|') > 0 ORDER BY identifier LIMIT $limit;"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        public ReferenceUse? FindReferenceUse(ReferenceKind kind, string name, int namesWanted)
        {
            var reference = Reference(kind);
            long count = 0;
            IReadOnlyList<string> holders = Query(reference.UseQuery, c =>
            {
                Set(c, "$key", name);
                Set(c, "$limit", (long)Math.Max(1, namesWanted));
            }, r =>
            {
                count = r.GetInt64(1);
                return r.GetString(0);
            });
            return holders.Count == 0 ? null : new ReferenceUse(kind, (int)count, namesWanted <= 0 ? Array.Empty<string>() : holders);
        }

        public IReadOnlyCollection<string> HeldReferenceNames(ReferenceKind kind)
        {
            // Each distinct stored list once ('|'-joined), split here: one scan however many names the store has.
            string sql = kind switch
            {
                ReferenceKind.Organization => "SELECT DISTINCT organizations FROM users WHERE organizations IS NOT NULL AND organizations <> '';",
                ReferenceKind.Template => "SELECT DISTINCT template FROM devices WHERE template IS NOT NULL;",
                ReferenceKind.DeviceTag => "SELECT DISTINCT device_tags FROM devices WHERE device_tags IS NOT NULL AND device_tags <> '';",
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            var held = new HashSet<string>(StringComparer.Ordinal);
            foreach (string list in Query(sql, null, r => r.GetString(0)))
            {
                held.UnionWith(kind == ReferenceKind.Template ? new[] { list } : list.Split(Fields.NameList.Separator));
            }

            return held;
        }

        public void DeleteReference(ReferenceKind kind, string name)
        {
            var reference = Reference(kind);
            Run($"DELETE FROM {reference.Table} WHERE {reference.Key} = $key;", c => Set(c, "$key", name));
        }

        public int RenameReference(ReferenceKind kind, string name, string newName, ChangeOrigin origin)
        {
            if (_transaction == null)
            {
                // The reference, its holders and their history are one change.
                using IStoreTransaction own = BeginTransaction();
                int holders = RenameReference(kind, name, newName, origin);
                own.Commit();
                return holders;
            }

            // Each holder is written again through its one write path, or, when the database moves it, recorded: a page of
            // holders at a time (ReferenceRename.Rename).
            var reference = Reference(kind);
            return ReferenceRename.Rename(kind, name, newName, origin,
                (last, size) => UsersWithOrganization(name, last?.UserKey ?? 0, size),
                (last, size) => kind == ReferenceKind.DeviceTag ? DevicesWithTag(name, last?.DeviceKey ?? 0, size) : DevicesWithTemplate(name, last?.DeviceKey ?? 0, size),
                () => Run($"UPDATE {reference.Table} SET {reference.Key} = $new WHERE {reference.Key} = $key;", c =>
                {
                    Set(c, "$key", name);
                    Set(c, "$new", newName);
                }),
                Recorder, changes => ApplyChanges(changes));
        }
    }
}
