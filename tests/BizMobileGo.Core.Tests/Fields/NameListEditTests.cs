using System.Collections.Generic;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    /// <summary>The list arithmetic of -AddDeviceTag/-RemoveDeviceTag and -AddOrganization/-RemoveOrganization (walkthrough 28, 6).</summary>
    public class NameListEditTests
    {
        private static IReadOnlyList<string> Apply(string[] current, string[] added, string[] removed) =>
            NameListEdit.Apply(current, added, removed);

        [Theory]
        [InlineData(new[] { "Sales" }, new[] { "Tokyo" }, new string[0], new[] { "Sales", "Tokyo" })]
        [InlineData(new[] { "Sales", "Tokyo", "Osaka" }, new string[0], new[] { "Tokyo" }, new[] { "Sales", "Osaka" })]
        [InlineData(new[] { "Sales", "Tokyo" }, new[] { "Osaka", "Kyoto" }, new[] { "Sales" }, new[] { "Tokyo", "Osaka", "Kyoto" })]
        [InlineData(new string[0], new[] { "b", "a" }, new string[0], new[] { "b", "a" })]
        [InlineData(new[] { "Sales" }, new string[0], new[] { "Sales" }, new string[0])]
        // Names are case-sensitive, as the list's own: 'sales' is another name than 'Sales'.
        [InlineData(new[] { "Sales" }, new[] { "sales" }, new string[0], new[] { "Sales", "sales" })]
        [InlineData(new[] { "Sales", "sales" }, new string[0], new[] { "sales" }, new[] { "Sales" })]
        public void Removes_then_appends_the_names_the_list_lacks_in_the_order_given(string[] current, string[] added, string[] removed, string[] expected)
        {
            Assert.Equal(expected, Apply(current, added, removed));
        }

        [Theory]
        [InlineData(new[] { "Sales", "Tokyo" }, new[] { "Tokyo" }, new string[0])]
        [InlineData(new[] { "Sales" }, new string[0], new[] { "Osaka" })]
        [InlineData(new[] { "Sales", "Tokyo" }, new[] { "Sales" }, new[] { "Osaka" })]
        [InlineData(new string[0], new string[0], new[] { "Osaka" })]
        public void Adding_a_name_the_list_has_or_removing_one_it_lacks_changes_nothing(string[] current, string[] added, string[] removed)
        {
            IReadOnlyList<string> edited = Apply(current, added, removed);

            Assert.Same(current, edited);
            Assert.True(NameList.Same(current, edited));
        }

        [Fact]
        public void A_name_already_in_the_list_keeps_its_place()
        {
            Assert.Equal(new[] { "Tokyo", "Sales", "Osaka" }, Apply(new[] { "Tokyo", "Sales" }, new[] { "Sales", "Osaka", "Tokyo" }, new string[0]));
        }

        [Fact]
        public void The_names_given_follow_the_list_rules_trimmed_split_at_the_separator_and_collapsed()
        {
            var edit = new NameListEdit(new[] { " Tokyo ", "Osaka|Kyoto", "Tokyo" }, new[] { "Sales" });

            Assert.True(edit.TryParse(FieldKey.DeviceTags, out IReadOnlyList<string> added, out IReadOnlyList<string> removed, out RecordError? error));
            Assert.Null(error);
            Assert.Equal(new[] { "Tokyo", "Osaka", "Kyoto" }, added);
            Assert.Equal(new[] { "Sales" }, removed);
        }

        [Theory]
        [InlineData("", "AddDeviceTag", "must name something; a blank name adds or removes nothing")]
        [InlineData("  ", "AddDeviceTag", "must name something; a blank name adds or removes nothing")]
        [InlineData(null, "AddDeviceTag", "must name something; a blank name adds or removes nothing")]
        [InlineData("a||b", "AddDeviceTag", "must not contain blank names between '|' separators")]
        public void A_blank_name_to_add_is_refused_naming_the_parameter(string? name, string parameter, string rule)
        {
            var edit = new NameListEdit(new[] { "Tokyo", name }, new string[0]);

            Assert.False(edit.TryParse(FieldKey.DeviceTags, out _, out _, out RecordError? error));
            Assert.Equal(ErrorIds.InvalidFieldValue, error!.ErrorId);
            Assert.Equal(parameter, error.Field);
            Assert.EndsWith($"is not valid: {rule}.", error.Message);
        }

        [Fact]
        public void A_blank_organization_to_remove_is_refused_naming_its_parameter()
        {
            var edit = new NameListEdit(new string[0], new[] { " " });

            Assert.False(edit.TryParse(FieldKey.Organizations, out _, out _, out RecordError? error));
            Assert.Equal("RemoveOrganization", error!.Field);
        }

        [Fact]
        public void A_name_given_both_to_add_and_to_remove_is_refused()
        {
            var edit = new NameListEdit(new[] { "Sales", "Tokyo" }, new[] { "Osaka|Tokyo" });

            Assert.False(edit.TryParse(FieldKey.DeviceTags, out _, out _, out RecordError? error));
            Assert.Equal(ErrorIds.InvalidFieldValue, error!.ErrorId);
            Assert.Equal("Tokyo", error.Value);
            Assert.Contains("'Tokyo' is given to -AddDeviceTag too; give each name to add or to remove, not both", error.Message);
        }

        [Theory]
        [InlineData("AddDeviceTag", FieldKey.DeviceTags, true)]
        [InlineData("removedevicetag", FieldKey.DeviceTags, false)]
        [InlineData("AddOrganization", FieldKey.Organizations, true)]
        [InlineData("RemoveOrganization", FieldKey.Organizations, false)]
        public void Each_list_has_an_add_and_a_remove_parameter(string parameter, FieldKey list, bool adds)
        {
            Assert.True(NameListEdit.TryFindParameter(parameter, out FieldKey found, out bool foundAdds));
            Assert.Equal(list, found);
            Assert.Equal(adds, foundAdds);
        }

        [Theory]
        [InlineData("DeviceTags")]
        [InlineData("AddTemplate")]
        [InlineData("AddDeviceTags")]
        public void Other_names_are_no_list_edit_parameter(string parameter)
        {
            Assert.False(NameListEdit.TryFindParameter(parameter, out _, out _));
        }
    }
}
