using System.Collections.Generic;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.UserNames
{
    /// <summary>
    /// The one rule for a list of names written with another separator than '|' (ReferenceData.ListSeparatorHint): the ASCII
    /// ',' and ';' of Excel, and what a Japanese IME types for them; and for a parameter that takes one name, every separator.
    /// </summary>
    public class ListSeparatorHintTests
    {
        private static readonly HashSet<string> Tags = new HashSet<string> { "Sales", "Kiosk" };

        [Theory(DisplayName = "A DeviceTags value split by a Japanese separator gets the '|' hint, showing the value with it")]
        [InlineData("Sales\u3001Kiosk", "\u3001")]
        [InlineData("Sales\uFF0CKiosk", "\uFF0C")]
        [InlineData("Sales\uFF1B Kiosk", "\uFF1B")]
        [InlineData("Sales\uFF5CKiosk", "\uFF5C")]
        [InlineData("Sales;Kiosk", ";")]
        public void JapaneseSeparatorsAreHintedAsTheAsciiOnesAre(string value, string separator)
        {
            Assert.Equal($"device tags in a list are separated by '|', not '{separator}': did you mean 'Sales|Kiosk'?",
                ReferenceData.ListSeparatorHint(ReferenceKind.DeviceTag, value, Tags.Contains));
        }

        [Fact(DisplayName = "A part that does not exist is named; a value with one name in it is no list")]
        public void MissingPartsAreNamed()
        {
            Assert.Equal("organization ids in a list are separated by '|', not ',' or '\u3001': did you mean 'Sales|Lobby|Kiosk'? ('Lobby' does not exist either)",
                ReferenceData.ListSeparatorHint(ReferenceKind.Organization, "Sales\u3001Lobby,Kiosk", Tags.Contains));
            Assert.Null(ReferenceData.ListSeparatorHint(ReferenceKind.DeviceTag, "Sales\u3001", Tags.Contains));
            Assert.Null(ReferenceData.ListSeparatorHint(ReferenceKind.DeviceTag, "Lobby", Tags.Contains));
        }

        [Fact(DisplayName = "A filter that takes one device tag says so for a value that holds several, '|' included")]
        public void OneNameFilterSaysItTakesOne()
        {
            BmgException e = ReferenceData.NotFound(ReferenceKind.DeviceTag, "Sales|Kiosk", Tags, "/srv/acme.db", oneNameParameter: "DeviceTag");
            Assert.Equal(ErrorIds.DeviceTagNotFound, e.ErrorId);
            Assert.Equal("Device tag 'Sales|Kiosk' does not exist in the store '/srv/acme.db'; -DeviceTag takes one device tag, not a list separated by '|': give 'Sales' or 'Kiosk', one a command, or a wildcard pattern.", e.Message);

            // Without a separator, or for a template (never one of a list), the not-found error is as before.
            Assert.Equal("Device tag 'sales' does not exist in the store '/srv/acme.db'; did you mean 'Sales'? (names are case-sensitive).",
                ReferenceData.NotFound(ReferenceKind.DeviceTag, "sales", Tags, "/srv/acme.db", oneNameParameter: "DeviceTag").Message);
            Assert.Equal("Template 'a;b' does not exist in the store '/srv/acme.db' (names are case-sensitive).",
                ReferenceData.NotFound(ReferenceKind.Template, "a;b", new[] { "a", "b" }, "/srv/acme.db", oneNameParameter: "Template").Message);
        }
    }
}
