using System;
using System.Globalization;

namespace BizMobileGo.Core.Tests.Properties
{
    /// <summary>
    /// The seed of a test that draws from <see cref="Random"/>: its own fixed seed, or BMG_TEST_SEED when that is set, so a
    /// local loop can run it over many seeds (CI sets none and runs the fixed one). A failure names its values, so a seed that
    /// finds one is kept by writing them into an example test.
    /// </summary>
    internal static class TestSeed
    {
        public const string EnvironmentVariable = "BMG_TEST_SEED";

        public static int Or(int fixedSeed) =>
            int.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
                ? seed
                : fixedSeed;
    }
}
