using System.Linq;
using System.Text.Json;
using BizMobileGo.Core.Tests.Store.Contract;
using BizMobileGo.Core.Text;
using Xunit;

namespace BizMobileGo.Core.Tests.Text
{
    /// <summary>
    /// JsonText.Array, the one writer of the JSON arrays the module hands to SQL (a filter's names and patterns, a batch's
    /// keys): what a JSON reader reads back is the names themselves, in their order; the usual name is written as it is.
    /// </summary>
    public sealed class JsonTextTests
    {
        [Fact]
        public void AnArrayOfNamesOfEveryKindOfTextReadsBackAsTheNames()
        {
            string json = JsonText.Array(JsonParameterContractTests.HardNames)!;
            string[] read = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
            Assert.Equal(JsonParameterContractTests.HardNames, read);
        }

        [Fact]
        public void EachEscapeIsJsonsOwnAndTheUsualNameIsWrittenAsItIs()
        {
            Assert.Equal("[\"dev-01\",\"佐藤\"]", JsonText.Array(new[] { "dev-01", "佐藤" }));
            Assert.Equal("[\"a\\\"b\",\"c\\\\d\",\"\\u0009\\u001f\"]", JsonText.Array(new[] { "a\"b", "c\\d", "\t\u001f" }));
            // A lone surrogate (no character of its own) is escaped; a pair is one character, written as it is.
            Assert.Equal("[\"\\ud800x\",\"\U0001F600\"]", JsonText.Array(new[] { "\ud800x", "\U0001F600" }));
        }

        [Fact]
        public void NoNamesIsAnEmptyArrayAndNoListIsNull()
        {
            Assert.Equal("[]", JsonText.Array(new string[0]));
            Assert.Null(JsonText.Array(null));
        }
    }
}
