using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Names added to and removed from a device's DeviceTags and a user's Organizations through the planner (walkthrough 28,
    /// 6), on a real SQLite store with tags Sales/HQ and organizations ORG1/ORG2.
    /// </summary>
    public sealed class ListEditTests : System.IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        private static FieldValues Edit(FieldKey list, string[] added, string[] removed)
        {
            var values = new FieldValues();
            values.SetListEdit(list, new NameListEdit(added, removed));
            return values;
        }

        [Fact]
        public void A_tag_is_added_after_the_device_tags_and_removed_keeping_the_rest()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "LE1,ios,Sales"));

            RecordPlan<Device> added = DeviceEditor.Edit(_fx.Store, "LE1", Edit(FieldKey.DeviceTags, new[] { "HQ" }, new string[0]), _ => true);
            Assert.Equal(RecordAction.Updated, added.Action);
            Assert.Equal(new[] { "Sales", "HQ" }, _fx.Device("LE1").DeviceTags);
            FieldChange change = Assert.Single(added.Changes);
            Assert.Equal((FieldNames.DeviceTags, "Sales", "Sales|HQ"), (change.Field, change.OldValue, change.NewValue));

            DeviceEditor.Edit(_fx.Store, "LE1", Edit(FieldKey.DeviceTags, new string[0], new[] { "Sales" }), _ => true);
            Assert.Equal(new[] { "HQ" }, _fx.Device("LE1").DeviceTags);
        }

        [Fact]
        public void A_tag_the_device_has_added_or_one_it_lacks_removed_is_unchanged_and_not_confirmed()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "LE2,ios,Sales"));
            int asked = 0;

            RecordPlan<Device> plan = DeviceEditor.Edit(_fx.Store, "LE2", Edit(FieldKey.DeviceTags, new[] { "Sales" }, new[] { "HQ" }), _ => ++asked > 0);

            Assert.Equal(RecordAction.Unchanged, plan.Action);
            Assert.Equal(0, asked);
            Assert.Equal(new[] { "Sales" }, _fx.Device("LE2").DeviceTags);
        }

        [Fact]
        public void A_tag_another_writer_added_while_the_prompt_was_open_stays()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "LE3,ios,Sales"));
            _fx.Store.InsertDeviceTag(new DeviceTag("Tokyo"));

            DeviceEditor.Edit(_fx.Store, "LE3", Edit(FieldKey.DeviceTags, new[] { "Tokyo" }, new string[0]), _ =>
            {
                using SqliteDeviceStore other = SqliteDeviceStore.Open(_fx.Store.Location);
                DeviceEditor.Edit(other, "LE3", Edit(FieldKey.DeviceTags, new[] { "HQ" }, new string[0]), _ => true);
                return true;
            }, confirmMayPrompt: true);

            // Decided again under the lock, on the list as it was then: the whole-list parameter would have dropped HQ.
            Assert.Equal(new[] { "Sales", "HQ", "Tokyo" }, _fx.Device("LE3").DeviceTags);
        }

        [Fact]
        public void A_tag_to_remove_that_does_not_exist_is_reference_not_found_without_advice_to_create_it()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "LE4,ios,Sales"));

            BmgException refused = Assert.Throws<BmgException>(() =>
                DeviceEditor.Edit(_fx.Store, "LE4", Edit(FieldKey.DeviceTags, new string[0], new[] { "sales" }), _ => true));

            Assert.Equal(ErrorIds.ReferenceNotFound, refused.ErrorId);
            Assert.Equal("RemoveDeviceTag names a device tag 'sales', which does not exist; did you mean 'Sales'? (names are case-sensitive).", refused.Message);
            Assert.Equal(new[] { "Sales" }, _fx.Device("LE4").DeviceTags);
        }

        [Fact]
        public void A_tag_to_add_that_does_not_exist_is_reference_not_found_and_nothing_else_is_applied()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags,DisplayName", "LE5,ios,Sales,Before"));
            FieldValues values = Edit(FieldKey.DeviceTags, new[] { "Nagoya" }, new string[0]);
            values[FieldKey.DisplayName] = "After";

            BmgException refused = Assert.Throws<BmgException>(() => DeviceEditor.Edit(_fx.Store, "LE5", values, _ => true));

            Assert.Equal(ErrorIds.ReferenceNotFound, refused.ErrorId);
            Assert.StartsWith("AddDeviceTag names a device tag 'Nagoya', which does not exist; create it with New-BmgDeviceTag first.", refused.Message);
            Assert.Equal("Before", _fx.Device("LE5").DisplayName);
        }

        [Fact]
        public void A_whole_list_and_an_edit_of_it_together_are_refused()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "LE6,ios,Sales"));
            FieldValues values = Edit(FieldKey.DeviceTags, new[] { "HQ" }, new string[0]);
            values[FieldKey.DeviceTags] = "Sales";

            BmgException refused = Assert.Throws<BmgException>(() => DeviceEditor.Edit(_fx.Store, "LE6", values, _ => true));

            Assert.Equal(ErrorIds.InvalidFieldValue, refused.ErrorId);
            Assert.Contains("-DeviceTags replaces the whole list, so it is given alone, without -AddDeviceTag or -RemoveDeviceTag", refused.Message);
        }

        [Theory]
        [InlineData("System.Collections.Hashtable", "a hashtable such as @{Add='...'}")]
        [InlineData("System.Object[]", "an array of objects")]
        public void A_typed_whole_list_holding_an_object_text_is_refused_naming_the_list_edit_parameters(string text, string what)
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "LE7,ios,Sales"));
            var values = new FieldValues { [FieldKey.DeviceTags] = text };
            values.MarkTyped(FieldKey.DeviceTags);

            BmgException refused = Assert.Throws<BmgException>(() => DeviceEditor.Edit(_fx.Store, "LE7", values, _ => true));

            Assert.Equal(ErrorIds.ReferenceNotFound, refused.ErrorId);
            Assert.Equal($"-DeviceTags was given '{text}', which is PowerShell's text for {what}, not the name of a device tag: -DeviceTags takes "
                + "names and replaces the whole list with them; to add or remove names, give them to Set-BmgDevice -AddDeviceTag or "
                + "-RemoveDeviceTag (Set-BmgDevice ... -AddDeviceTag Tokyo).", refused.Message);
            Assert.DoesNotContain("New-BmgDeviceTag", refused.Message);
        }

        [Fact]
        public void Organizations_are_added_and_removed_by_the_same_rule()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Organizations", "le-u1,ORG1"));

            RecordPlan<User> plan = UserEditor.Edit(_fx.Store, "le-u1", Edit(FieldKey.Organizations, new[] { "ORG2" }, new[] { "ORG1" }), _ => true);

            Assert.Equal(RecordAction.Updated, plan.Action);
            Assert.Equal(new[] { "ORG2" }, _fx.User("le-u1").Organizations);
            Assert.Equal(RecordAction.Unchanged,
                UserEditor.Edit(_fx.Store, "le-u1", Edit(FieldKey.Organizations, new[] { "ORG2" }, new[] { "ORG1" }), _ => true).Action);

            BmgException refused = Assert.Throws<BmgException>(() =>
                UserEditor.Edit(_fx.Store, "le-u1", Edit(FieldKey.Organizations, new[] { "System.Collections.Hashtable" }, new string[0]), _ => true));
            Assert.Equal("-AddOrganization was given 'System.Collections.Hashtable', which is PowerShell's text for a hashtable such as "
                + "@{Add='...'}, not the Id of an organization: give the names themselves (Set-BmgUser ... -AddOrganization org-sales, or "
                + "several separated by commas).", refused.Message);
        }

        [Theory]
        [InlineData("System.Collections.Hashtable", true)]
        [InlineData("System.Object[]", true)]
        [InlineData("System.String[]", true)]
        [InlineData("System.Collections.Generic.List`1[System.String]", true)]
        [InlineData("System.Admin", false)]
        [InlineData("Sales", false)]
        [InlineData("system.collections.hashtable", false)]
        public void Object_text_is_an_array_or_generic_type_name_or_a_loaded_type_name(string name, bool expected)
        {
            Assert.Equal(expected, ObjectText.IsObjectText(name));
        }

        public void Dispose() => _fx.Dispose();
    }
}
