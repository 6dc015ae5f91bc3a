using System;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Users
{
    /// <summary>Organizations, templates and device tags: names that users and devices refer to.</summary>
    public static class ReferenceData
    {
        public static Organization AddOrganization(IDeviceStore store, string id, string name)
        {
            string checkedId = CheckName("Id", id, listItem: true);
            if (!BoundedText.TryParse(name, BoundedText.NameMaxLength, out string checkedName, out string? rule) || checkedName.Length == 0)
            {
                throw Invalid("Name", name, rule ?? "must not be blank");
            }

            using IStoreTransaction transaction = store.BeginTransaction();
            if (store.GetOrganizations().Any(o => o.Id == checkedId))
            {
                throw Exists("An organization", checkedId);
            }

            var organization = new Organization(checkedId, checkedName);
            store.InsertOrganization(organization);
            transaction.Commit();
            return organization;
        }

        public static Template AddTemplate(IDeviceStore store, string name)
        {
            string checkedName = CheckName("Name", name, listItem: false);
            using IStoreTransaction transaction = store.BeginTransaction();
            if (store.GetTemplates().Any(t => t.Name == checkedName))
            {
                throw Exists("A template", checkedName);
            }

            var template = new Template(checkedName);
            store.InsertTemplate(template);
            transaction.Commit();
            return template;
        }

        public static DeviceTag AddDeviceTag(IDeviceStore store, string name)
        {
            string checkedName = CheckName("Name", name, listItem: true);
            using IStoreTransaction transaction = store.BeginTransaction();
            if (store.GetDeviceTags().Any(t => t.Name == checkedName))
            {
                throw Exists("A device tag", checkedName);
            }

            var tag = new DeviceTag(checkedName);
            store.InsertDeviceTag(tag);
            transaction.Commit();
            return tag;
        }

        /// <summary>
        /// A name of 1 to 256 characters without control characters; names that go into a
        /// '|'-separated list (organization ids, device tags) can't contain '|'.
        /// </summary>
        private static string CheckName(string field, string text, bool listItem)
        {
            if (!BoundedText.TryParse(text, BoundedText.NameMaxLength, out string name, out string? rule))
            {
                throw Invalid(field, text, rule!);
            }

            if (name.Length == 0)
            {
                throw Invalid(field, text, "must not be blank");
            }

            if (name.Any(char.IsControl))
            {
                throw Invalid(field, text, "must not contain control characters");
            }

            if (listItem && name.IndexOf(NameList.Separator) >= 0)
            {
                throw Invalid(field, text, "must not contain '|', which separates names in a list");
            }

            return name;
        }

        private static BmgException Invalid(string field, string value, string rule) =>
            new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument, $"{field} value '{value}' is not valid: {rule}.", value);

        private static BmgException Exists(string kind, string name) =>
            new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists, $"{kind} named '{name}' already exists.", name);
    }
}
