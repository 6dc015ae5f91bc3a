using System.Text;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store.Postgres;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    // The application_name a session shows the server (walkthrough 40, 6): who and which command, unless the URI names it.
    public class PostgresSessionNameTests
    {
        [Fact]
        public void NamesTheOsUserHostAndCommandWhenTheUriNamesNothing()
        {
            string? before = PostgresSessionName.Command;
            try
            {
                PostgresSessionName.Command = "Set-BmgDevice";
                ChangeActor actor = ChangeActor.Current;
                string expected = PostgresSessionName.Truncate($"BizMobileGo {actor.OsUser}@{actor.Host} Set-BmgDevice");
                Assert.Equal(expected, PostgresSessionName.For(PostgresLocation.Parse("postgresql://u@h/db")));
                Assert.StartsWith("BizMobileGo ", expected);
                // The connection string, the pool's key, stays the same for every command.
                Assert.Equal("BizMobileGo", PostgresDeviceStore.ConnectionSettings(PostgresLocation.Parse("postgresql://u@h/db"), lookup: false).ApplicationName);
            }
            finally
            {
                PostgresSessionName.Command = before;
            }
        }

        [Fact]
        public void KeepsTheUrisApplicationName()
        {
            string? before = PostgresSessionName.Command;
            try
            {
                PostgresSessionName.Command = "Import-BmgDeviceCsv";
                Assert.Equal("alice-console", PostgresSessionName.For(PostgresLocation.Parse("postgresql://u@h/db?application_name=alice-console")));
            }
            finally
            {
                PostgresSessionName.Command = before;
            }
        }

        [Theory]
        [InlineData("short", "short")]
        // 63 bytes kept whole; 64 cut to 63.
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
        // 62 ASCII bytes then 'é' (2 bytes): the character would end at byte 64, so it goes whole.
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaéz", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
        // 61 ASCII bytes then '😀' (4 bytes, a surrogate pair): never half of it.
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa😀", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
        public void CutsTo63BytesOnACharactersBoundary(string text, string expected)
        {
            string cut = PostgresSessionName.Truncate(text);
            Assert.Equal(expected, cut);
            Assert.True(Encoding.UTF8.GetByteCount(cut) <= 63);
        }
    }
}
