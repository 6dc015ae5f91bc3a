using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Users
{
    /// <summary>Organizations, templates and device tags: names that users and devices refer to.</summary>
    public static partial class ReferenceData
    {
        public static Organization AddOrganization(IDeviceStore store, string id, string name)
        {
            string checkedId = CheckName("Id", id, listItem: true);
            string checkedName = CheckOrganizationName(name);
            return Add(store, ReferenceKind.Organization, "Organization", checkedId,
                () => new Organization(checkedId, checkedName) { Database = store.Location }, store.InsertOrganization);
        }

        public static Template AddTemplate(IDeviceStore store, string name)
        {
            string checkedName = CheckName("Name", name, listItem: false);
            return Add(store, ReferenceKind.Template, "Template", checkedName, () => new Template(checkedName) { Database = store.Location }, store.InsertTemplate);
        }

        public static DeviceTag AddDeviceTag(IDeviceStore store, string name)
        {
            string checkedName = CheckName("Name", name, listItem: true);
            return Add(store, ReferenceKind.DeviceTag, "Device tag", checkedName, () => new DeviceTag(checkedName) { Database = store.Location }, store.InsertDeviceTag);
        }

        /// <summary>
        /// The one way an item of a reference list is added: in a transaction, refused (Exists, naming the <paramref name="noun"/>)
        /// when its kind already has the checked name, so that two sessions adding the same name can't both succeed.
        /// </summary>
        private static T Add<T>(IDeviceStore store, ReferenceKind kind, string noun, string checkedName, Func<T> create, Action<T> insert)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            if (Names(store, kind).Contains(checkedName))
            {
                throw Exists(noun, checkedName);
            }

            T item = create();
            insert(item);
            transaction.Commit();
            return item;
        }

        /// <summary>
        /// Removes an organization, template or device tag; refused while a user or device uses it. Returns the removed Organization, Template
        /// or DeviceTag as the store held it just before the removal (for -PassThru, as Remove-BmgDevice writes the device it
        /// removed), or null when the removal was not confirmed.
        /// </summary>
        public static object? Remove(IDeviceStore store, ReferenceKind kind, string name, Func<bool> confirm)
        {
            object? removed = null;
            ConfirmedChange.Run(store, () =>
            {
                string existing = Existing(store, kind, name);
                ReferenceUse? use = store.FindReferenceUse(kind, existing, HoldersNamed);
                if (use != null)
                {
                    throw new BmgException(ErrorIds.ReferenceInUse, BmgErrorCategory.InvalidOperation,
                        $"{Describe(kind)} '{existing}' can't be removed: {use.UsesIt()}.", existing);
                }

                return existing;
            }, _ => true, _ => confirm(), existing =>
            {
                // Read in the removal's transaction: an organization's display Name set while the prompt was open is the one written.
                removed = Find(store, kind, existing);
                store.DeleteReference(kind, existing);
            });
            return removed;
        }

        /// <summary>
        /// Renames an organization id, template or device tag; every user (organization) or device (template, tag) that refers
        /// to it follows. Returns the renamed organization, template or device tag; null when it was not confirmed. A new name
        /// that is the old one (once trimmed, as every name is) changes nothing and asks nothing, and returns the item as it is,
        /// as Rename-Item -PassThru writes an item renamed to its own name.
        /// </summary>
        /// <param name="confirm">Asked with the item as the store holds it (for its prompt: <see cref="Describe(object)"/>) and the checked new name.</param>
        public static object? Rename(IDeviceStore store, ReferenceKind kind, string name, string newName, Func<object, string, bool> confirm, ChangeOrigin? origin = null)
        {
            // Every refusal names the item and its new name: renames come piped from a file too, one error a row.
            string subject = $"{Describe(kind)} '{FieldText.Printable(name)}'";
            if (!TryCheckName(newName, listItem: kind != ReferenceKind.Template, out string checkedName, out string? rule))
            {
                throw RenameRefusal.InvalidNewName(subject, KeyName(kind), newName, rule!);
            }

            bool confirmed = false;
            string decided = ConfirmedChange.Run(store, () =>
            {
                string existing;
                try
                {
                    existing = Existing(store, kind, name);
                }
                catch (BmgException notFound) when (notFound.ErrorId == NotFoundErrorId(kind))
                {
                    throw RenameRefusal.Because(subject, checkedName, notFound);
                }

                if (existing != checkedName && Names(store, kind).Contains(checkedName))
                {
                    throw RenameRefusal.Because(subject, checkedName, Exists(Describe(kind), checkedName));
                }

                return existing;
            }, existing => existing != checkedName, existing => confirmed = confirm(Find(store, kind, existing), checkedName), existing => store.RenameReference(kind, existing, checkedName, origin ?? ChangeOrigin.Library("ReferenceData.Rename")));

            return confirmed || decided == checkedName ? Find(store, kind, checkedName) : null;
        }

        /// <summary>
        /// Sets an organization's display Name (its Id, which users refer to, stays). Returns the organization, or null
        /// when the change was not confirmed; a Name equal to the current one changes nothing and asks nothing.
        /// </summary>
        /// <param name="overwritten">
        /// Told, after the change, when the Name it replaced is not the one the confirmation showed (another writer set it
        /// while the prompt was open): <see cref="StaleConfirmation"/>, the rule Set-BmgDevice and Set-BmgUser follow.
        /// </param>
        /// <param name="confirmMayPrompt">False when <paramref name="confirm"/> can't prompt: the change is then decided once, under the write lock (<see cref="ConfirmedChange"/>).</param>
        public static Organization? SetOrganizationName(IDeviceStore store, string id, string name, Func<Organization, string, bool> confirm,
            Action<string>? overwritten = null, bool confirmMayPrompt = true)
        {
            string checkedName = CheckOrganizationName(name);
            bool confirmed = false;
            string? stale = null;
            Organization decided = ConfirmedChange.Run(store, () => (Organization)Find(store, ReferenceKind.Organization, id)!,
                existing => existing.Name != checkedName,
                existing => confirmed = confirm(existing, checkedName),
                existing => store.SetOrganizationName(existing.Id, checkedName),
                confirmMayPrompt,
                (shown, now) => stale = StaleConfirmation.Check($"Organization '{FieldText.Printable(now.Id)}'", "Name", shown.Name, now.Name, checkedName));
            if (stale != null)
            {
                overwritten?.Invoke(stale);
            }

            return confirmed ? new Organization(decided.Id, checkedName) { Database = store.Location } : decided.Name == checkedName ? decided : null;
        }

        /// <summary>The organization, template or device tag with this exact name (id); not found is its kind's ErrorId.</summary>
        public static object Find(IDeviceStore store, ReferenceKind kind, string name)
        {
            string existing = Existing(store, kind, name);
            return kind switch
            {
                ReferenceKind.Organization => store.GetOrganizations().First(o => o.Id == existing),
                ReferenceKind.Template => store.GetTemplates().First(t => t.Name == existing),
                _ => (object)store.GetDeviceTags().First(t => t.Name == existing),
            };
        }

        public static IReadOnlyList<string> Names(IDeviceStore store, ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => store.GetOrganizations().Select(o => o.Id).ToList(),
            ReferenceKind.Template => store.GetTemplates().Select(t => t.Name).ToList(),
            _ => store.GetDeviceTags().Select(t => t.Name).ToList(),
        };

        /// <summary>One not-found ErrorId per kind, the same for Get-, Remove- and Rename- of that kind.</summary>
        public static string NotFoundErrorId(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => ErrorIds.OrganizationNotFound,
            ReferenceKind.Template => ErrorIds.TemplateNotFound,
            _ => ErrorIds.DeviceTagNotFound,
        };

        /// <summary>What holds a name of the kind: users hold organizations, devices hold templates and device tags.</summary>
        public static string HolderKind(ReferenceKind kind) => kind == ReferenceKind.Organization ? "user" : "device";

        /// <summary>The key a name of the kind is: an organization's Id, a template's or device tag's Name.</summary>
        public static string KeyName(ReferenceKind kind) => kind == ReferenceKind.Organization ? "Id" : "Name";

        /// <summary>
        /// An organization, template or device tag as a -WhatIf/-Confirm prompt names it: its kind and key, and an organization's
        /// display Name beside its Id ("Organization 'org-sales' (Sales)"), as Rename-BmgUser's prompt names the user.
        /// </summary>
        public static string Describe(object item) => item switch
        {
            Organization organization => $"Organization '{organization.Id}'" + (string.IsNullOrEmpty(organization.Name) ? "" : $" ({organization.Name})"),
            Template template => $"Template '{template.Name}'",
            DeviceTag tag => $"Device tag '{tag.Name}'",
            _ => throw new ArgumentException($"Not an organization, template or device tag: {item.GetType().Name}.", nameof(item)),
        };

        public static string Describe(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => "Organization",
            ReferenceKind.Template => "Template",
            _ => "Device tag",
        };

        private static string Existing(IDeviceStore store, ReferenceKind kind, string name)
        {
            string trimmed = name.Trim();
            IReadOnlyList<string> names = Names(store, kind);
            if (!names.Contains(trimmed))
            {
                throw NotFound(kind, name, names, store.Location,
                    organizations: kind == ReferenceKind.Organization ? OrganizationsByName(store.GetOrganizations()) : null,
                    renames: new ReferenceRenames(store as History.IHistoryStore));
            }

            return trimmed;
        }

        /// <summary>How many holders of a name a refusal to remove it names (it says how many there are in all).</summary>
        private const int HoldersNamed = 3;

        /// <summary>An organization's display Name: 1 to 256 characters without control characters ('|' allowed: no list holds it).</summary>
        private static string CheckOrganizationName(string name)
        {
            if (!BoundedText.TryParse(name, BoundedText.NameMaxLength, out string checkedName, out string? rule) || checkedName.Length == 0)
            {
                throw Invalid("Name", name, rule ?? "must not be blank");
            }

            return checkedName;
        }

        /// <summary>
        /// A name of 1 to 256 characters without control characters; names that go into a
        /// '|'-separated list (organization ids, device tags) can't contain '|'.
        /// </summary>
        private static string CheckName(string field, string text, bool listItem) =>
            TryCheckName(text, listItem, out string name, out string? rule) ? name : throw Invalid(field, text, rule!);

        /// <summary>The rule of <see cref="CheckName"/>, for a caller that words the refusal itself (a rename names its subject).</summary>
        private static bool TryCheckName(string? text, bool listItem, out string name, out string? rule)
        {
            if (!BoundedText.TryParse(text ?? "", BoundedText.NameMaxLength, out name, out rule))
            {
                return false;
            }

            rule = name.Length == 0 ? FieldText.BlankRule
                : listItem && name.IndexOf(NameList.Separator) >= 0 ? "must not contain '|', which separates names in a list"
                : null;
            return rule == null;
        }

        private static BmgException Invalid(string field, string value, string rule) =>
            new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument, $"{field} value '{FieldText.Printable(value)}' is not valid: {rule}.", value);

        private static BmgException Exists(string kind, string name) =>
            new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists, $"{kind} '{name}' already exists.", name);
    }
}
