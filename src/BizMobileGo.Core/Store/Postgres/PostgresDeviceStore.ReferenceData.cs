using System;
using System.Collections.Generic;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>Organizations, templates and device tags, and the references users and devices hold to them (text[] elements, exact).</summary>
    public sealed partial class PostgresDeviceStore
    {
        public IReadOnlyList<Organization> GetOrganizations() =>
            Query("SELECT id, name FROM organizations ORDER BY id COLLATE \"C\";", r => new Organization(r.GetString(0), r.GetString(1)) { Database = Location });

        public void InsertOrganization(Organization organization) =>
            Run("INSERT INTO organizations (id, name) VALUES ($1, $2);", Text(organization.Id), Text(organization.Name));

        public void SetOrganizationName(string id, string name) =>
            Run("UPDATE organizations SET name = $2 WHERE id = $1;", Text(id), Text(name));

        public IReadOnlyList<Template> GetTemplates() =>
            Query("SELECT name FROM templates ORDER BY name COLLATE \"C\";", r => new Template(r.GetString(0)) { Database = Location });

        public void InsertTemplate(Template template) =>
            Run("INSERT INTO templates (name) VALUES ($1);", Text(template.Name));

        public IReadOnlyList<DeviceTag> GetDeviceTags() =>
            Query("SELECT name FROM device_tags ORDER BY name COLLATE \"C\";", r => new DeviceTag(r.GetString(0)) { Database = Location });

        public void InsertDeviceTag(DeviceTag tag) =>
            Run("INSERT INTO device_tags (name) VALUES ($1);", Text(tag.Name));

        // Every statement written out per kind: no SQL is built from names.
        // The use query gives the holders' keys, each with how many there are in all (one statement, so they agree).
        private static (string UseQuery, string DeleteSql, string RenameSql) Reference(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => (
                "SELECT user_name, count(*) OVER () FROM users WHERE organizations @> ARRAY[$1] ORDER BY user_name COLLATE \"C\" LIMIT $2;",
                "DELETE FROM organizations WHERE id = $1;",
                "UPDATE organizations SET id = $2 WHERE id = $1;"),
            ReferenceKind.Template => (
                "SELECT identifier, count(*) OVER () FROM devices WHERE template = $1 ORDER BY lower(identifier) COLLATE \"C\", identifier COLLATE \"C\" LIMIT $2;",
                "DELETE FROM templates WHERE name = $1;",
                "UPDATE templates SET name = $2 WHERE name = $1;"),
            ReferenceKind.DeviceTag => (
                "SELECT identifier, count(*) OVER () FROM devices WHERE device_tags @> ARRAY[$1] ORDER BY lower(identifier) COLLATE \"C\", identifier COLLATE \"C\" LIMIT $2;",
                "DELETE FROM device_tags WHERE name = $1;",
                "UPDATE device_tags SET name = $2 WHERE name = $1;"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        public ReferenceUse? FindReferenceUse(ReferenceKind kind, string name, int namesWanted)
        {
            var reference = Reference(kind);
            long count = 0;
            List<string> holders = Query(reference.UseQuery, r =>
            {
                count = r.GetInt64(1);
                return r.GetString(0);
            }, Text(name), Bigint(Math.Max(1, namesWanted)));
            return holders.Count == 0 ? null : new ReferenceUse(kind, (int)count, namesWanted <= 0 ? Array.Empty<string>() : holders);
        }

        public IReadOnlyCollection<string> HeldReferenceNames(ReferenceKind kind)
        {
            string sql = kind switch
            {
                ReferenceKind.Organization => "SELECT DISTINCT unnest(organizations) FROM users;",
                ReferenceKind.Template => "SELECT DISTINCT template FROM devices WHERE template IS NOT NULL;",
                ReferenceKind.DeviceTag => "SELECT DISTINCT unnest(device_tags) FROM devices;",
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            return Query(sql, r => r.GetString(0));
        }

        public void DeleteReference(ReferenceKind kind, string name)
        {
            var reference = Reference(kind);
            Run(reference.DeleteSql, Text(name));
        }

        public int RenameReference(ReferenceKind kind, string name, string newName, ChangeOrigin origin)
        {
            if (!_inStoreTransaction)
            {
                // The reference, its holders and their history are one change.
                using IStoreTransaction own = BeginTransaction();
                int holders = RenameReference(kind, name, newName, origin);
                own.Commit();
                return holders;
            }

            // Each holder is written again through its one write path, or, when the database moves it (a template's devices:
            // the templates trigger of migration 4, as ON UPDATE CASCADE did), recorded: a page of holders at a time
            // (ReferenceRename.Rename).
            var reference = Reference(kind);
            return ReferenceRename.Rename(kind, name, newName, origin,
                (last, size) => UsersWithOrganization(name, last?.UserKey ?? 0, size),
                (last, size) => kind == ReferenceKind.DeviceTag ? DevicesWithTag(name, last?.DeviceKey ?? 0, size) : DevicesWithTemplate(name, last?.DeviceKey ?? 0, size),
                () => Run(reference.RenameSql, Text(name), Text(newName)),
                Recorder, changes => ApplyChanges(changes));
        }
    }
}
