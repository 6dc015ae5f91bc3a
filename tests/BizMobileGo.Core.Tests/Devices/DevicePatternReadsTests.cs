using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Devices
{
    /// <summary>Which ranges a wildcard look-up of devices reads (Get-BmgDevice 'dev0042*', -Serial 'f2l*'): twenty-second round.</summary>
    public sealed class DevicePatternReadsTests
    {
        [Theory]
        // One range a literal start, folded as the store compares it (identifiers lower-cased, serials upper-cased).
        [InlineData(NameSource.DeviceIdentifiers, new[] { "DEV0042*" }, new[] { "dev0042" })]
        [InlineData(NameSource.DeviceSerials, new[] { "f2l*" }, new[] { "F2L" })]
        // A start inside another's range is read once, with it; starts that only share characters are two ranges, in order.
        [InlineData(NameSource.DeviceIdentifiers, new[] { "dev00*", "Dev*", "DEV0?" }, new[] { "dev" })]
        [InlineData(NameSource.DeviceIdentifiers, new[] { "tokyo-*", "osaka-*", "Tokyo-0*" }, new[] { "osaka-", "tokyo-" })]
        [InlineData(NameSource.DeviceIdentifiers, new[] { "dev-a*", "dev-ab?", "dev-b[0-9]" }, new[] { "dev-a", "dev-b" })]
        // The start stops at an escaped wildcard character (no identifier holds it) and at a character past ASCII.
        [InlineData(NameSource.DeviceIdentifiers, new[] { "dev`*1*" }, new[] { "dev" })]
        [InlineData(NameSource.DeviceIdentifiers, new[] { "dev\u212A*" }, new[] { "dev" })]
        public void EachPatternsLiteralStartIsOneRangeUnlessAnotherHoldsIt(NameSource list, string[] patterns, string[] starts)
        {
            Assert.Equal(starts, DevicePatternReads.Starts(list, patterns));
        }

        [Theory]
        [InlineData("*42")]
        [InlineData("?ev1")]
        [InlineData("[d]ev*")]
        [InlineData("\u212Aiosk*")]
        public void APatternThatStartsWithAWildcardOrAWideLetterReadsEveryDevice(string pattern)
        {
            Assert.Null(DevicePatternReads.Starts(NameSource.DeviceIdentifiers, new[] { "dev*", pattern }));
        }
    }
}
