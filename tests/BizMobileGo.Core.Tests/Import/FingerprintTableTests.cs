using System.Collections.Generic;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public sealed class FingerprintTableTests
    {
        // Keys a table could confuse: 0 (the empty slot's value), negatives, and keys that differ only in their high bits
        // or only in their low bits; enough of them to grow the table many times.
        private static IEnumerable<long> Keys()
        {
            yield return 0;
            yield return -1;
            yield return long.MinValue;
            yield return long.MaxValue;
            for (long i = 1; i <= 40_000; i++)
            {
                yield return i;
                yield return i << 40;
                yield return -i * 7_919;
            }
        }

        [Fact]
        public void EveryKeyIsAddedOnceAndFoundWithItsLineAndTagAfterTheTableGrows()
        {
            var table = new FingerprintTable();
            int line = 0;
            foreach (long key in Keys())
            {
                line++;
                Assert.True(table.TryAdd(key, line, key ^ 0x5555, out _), $"key {key} added");
            }

            Assert.Equal(line, table.Count);
            line = 0;
            foreach (long key in Keys())
            {
                line++;
                Assert.False(table.TryAdd(key, -1, -1, out (int Line, long Tag) held), $"key {key} held");
                Assert.Equal((line, key ^ 0x5555), held);
                Assert.True(table.TryGetValue(key, out (int Line, long Tag) found));
                Assert.Equal((line, key ^ 0x5555), found);
            }

            Assert.Equal(line, table.Count);
            Assert.False(table.TryGetValue(40_001, out _));
            Assert.False(table.TryGetValue(1L << 62, out _));
        }

        [Fact]
        public void KeysAddedBeforeAndAfterAReserveAreAllFound()
        {
            // Sized for a file's keys (SeenKeys.ExpectFileBytes) after a few were added: those are moved, none lost.
            var table = new FingerprintTable();
            for (long key = 1; key <= 1_000; key++)
            {
                Assert.True(table.TryAdd(key << 40, (int)key, key, out _));
            }

            table.Reserve(50_000);
            table.Reserve(10);
            for (long key = 1_001; key <= 60_000; key++)
            {
                Assert.True(table.TryAdd(key << 40, (int)key, key, out _));
            }

            Assert.Equal(60_000, table.Count);
            for (long key = 1; key <= 60_000; key++)
            {
                Assert.True(table.TryGetValue(key << 40, out (int Line, long Tag) found));
                Assert.Equal(((int)key, key), found);
            }

            Assert.False(table.TryGetValue(60_001L << 40, out _));
        }
    }
}
