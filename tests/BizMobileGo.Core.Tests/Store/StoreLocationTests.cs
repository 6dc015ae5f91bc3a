using System;
using System.Collections.Generic;
using System.Text;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// No text the module shows of a server URI — its display, or the message and target of the error reading it
    /// raises — holds any piece of the user information's password, whatever the password and the text around it.
    /// </summary>
    public class StoreLocationTests
    {
        // Passwords use upper case letters and every character a URI gives a meaning to; the text around them has no
        // upper case letter, so a piece of password in a shown text can't be a coincidence of the text around it.
        private const string PasswordCharacters = "ABCDEFGHJKLMNPQRSTUVWXYZ@:/?#&=%[],;+!$'()*";
        private const string AroundCharacters = "abcdefghijklmnopqrstuvwxyz0123456789@:/?#&=%.,[]-_";

        [Theory]
        [InlineData("Host=db;Username=u;Password=Secret;Database=x", "Host=db;Username=u;Database=x")]
        [InlineData(" Server = db ; Password = Se;cret ; Database = x", " Server = db ; Database = x")]
        [InlineData("password=Secret;host=db", "host=db")]
        [InlineData("host=db dbname=x user=u password=Secret", "host=db dbname=x user=u")]
        [InlineData("Host=db;SslPassword=Secret;Database=x", "Host=db;Database=x")]
        [InlineData("Host=db;SSL Password=Secret;Database=x", "Host=db;Database=x")]
        [InlineData("Host=db;PSW=Secret;Database=x", "Host=db;Database=x")]
        [InlineData("Enlist=true;Host=db;Password=Secret", "Enlist=true;Host=db")]
        [InlineData("Enlist=true;Host=db;Password=Se;cret=x;Database=x", "Enlist=true;Host=db;Database=x")]
        [InlineData("Host=db;Password=pa ss user=Secret;Database=x", "Host=db;Database=x")]
        [InlineData("host = db dbname=x password=Secret", "host = db dbname=x")]
        [InlineData("host=db password=Secret;sslmode=require", "host=db;sslmode=require")]
        [InlineData("Host=db;Client Passphrase=Secret;Passfile=/home/u/.pgpass", "Host=db;Passfile=/home/u/.pgpass")]
        public void AConnectionStringIsNoFileAndIsShownWithoutItsPassword(string text, string shown)
        {
            Assert.True(StoreLocation.LooksLikeConnectionString(text));
            Assert.True(DeviceStores.IsServerLocation(text));
            Assert.Equal(shown, StoreLocation.Redacted(text));
            BmgException e = Assert.Throws<BmgException>(() => DeviceStores.Open(text, StoreUse.Command));
            Assert.Equal(ErrorIds.InvalidStoreUri, e.ErrorId);
            Assert.Equal(shown, e.Target);
            Assert.DoesNotContain("cret", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("inventory;2026.db")]
        [InlineData("server=prod.db")]
        [InlineData("a=b;c.db")]
        [InlineData("./Host=db;Database=x")]
        [InlineData("/srv/bmg/host=db;dbname=x")]
        [InlineData("notes host=db dbname=x.db")]
        [InlineData("x=1;y=2.db")]
        public void AFileNameWithSemicolonsOrEqualsIsStillAFile(string path)
        {
            Assert.False(StoreLocation.LooksLikeConnectionString(path));
            Assert.False(DeviceStores.IsServerLocation(path));
            Assert.Equal(path, StoreLocation.Redacted(path));
        }

        [Fact]
        public void NoPieceOfAPasswordIsShownWhateverTheUri()
        {
            var random = new Random(Properties.TestSeed.Or(20261202));
            for (int run = 0; run < 20000; run++)
            {
                string password = Password(random);
                bool encoded = random.Next(4) == 0;
                string uri = (random.Next(2) == 0 ? "postgresql://" : "postgres://")
                    + Some(random, "abcdefghijklmnopqrstuvwxyz", 1, 8)
                    + ":" + (encoded ? Uri.EscapeDataString(password) : password) + "@"
                    + Around(random);

                foreach (string shown in Shown(uri))
                {
                    AssertNoPiece(shown, password, uri);
                }
            }
        }

        private static void AssertNoPiece(string shown, string password, string uri)
        {
            for (int length = 4; length <= password.Length; length++)
            {
                for (int start = 0; start + length <= password.Length; start++)
                {
                    string piece = password.Substring(start, length);
                    if (piece.IndexOfAny("ABCDEFGHJKLMNPQRSTUVWXYZ".ToCharArray()) >= 0)
                    {
                        Assert.False(shown.Contains(piece, StringComparison.Ordinal), $"'{shown}' shows '{piece}' of the password '{password}' of {uri}");
                    }
                }
            }
        }

        /// <summary>
        /// The password in the query (<c>?password=</c>, <c>&amp;sslpassword=</c>), not percent-encoded, and the URI around it
        /// copy-pasted with white space, written with another scheme or a postgres: typo: every such text goes to the server
        /// branch (never a file path quoted whole) and shows no piece of the password.
        /// </summary>
        [Fact]
        public void NoPieceOfAPasswordIsShownWhateverTheQueryOrTheTextAroundTheUri()
        {
            string[] starts = { "postgresql://", "postgres://", "PostgreSQL://", "postgres:/", "postgresql:", "mysql://", " postgresql://", "\tpostgres://" };
            var random = new Random(Properties.TestSeed.Or(20261203));
            for (int run = 0; run < 20000; run++)
            {
                string password = Password(random);
                string start = starts[random.Next(starts.Length)].Replace("\\t", "\t", StringComparison.Ordinal);
                string secret = random.Next(2) == 0 ? "password" : "sslpassword";
                string query = random.Next(2) == 0
                    ? $"?{secret}={password}"
                    : $"?sslmode=require&{secret}={password}" + (random.Next(2) == 0 ? "&application_name=nightly" : string.Empty);
                string uri = start + Some(random, "abcdefghijklmnopqrstuvwxyz", 1, 8) + "@db.example.com/inventory" + query
                    + (random.Next(4) == 0 ? " " : string.Empty);

                Assert.True(DeviceStores.IsServerLocation(uri), $"'{uri}' would be read as a file path, and quoted whole");
                foreach (string shown in Shown(uri))
                {
                    AssertNoPiece(shown, password, uri);
                }
            }
        }

        [Theory]
        [InlineData("jdbc:postgresql://db.example.com/inventory?user=kitting&password=Spring2026")]
        [InlineData("JDBC:PostgreSQL://kitting:Spring2026@db.example.com/inventory")]
        public void AUriInsideAnotherSchemeIsRefusedAsAUriWithoutItsPassword(string uri)
        {
            Assert.True(DeviceStores.IsServerLocation(uri), "a JDBC URL would be read as a file path, and quoted whole");
            Assert.DoesNotContain("Spring2026", StoreLocation.Redacted(uri), StringComparison.Ordinal);
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.DoesNotContain("Spring2026", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring2026", error.Target?.ToString() ?? "", StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(" postgresql://kitting:Spring2026@db.example.com/inventory", " postgresql://kitting@db.example.com/inventory", "starts or ends with white space")]
        [InlineData("postgresql://kitting:Spring2026@db.example.com/inventory ", "postgresql://kitting@db.example.com/inventory ", "starts or ends with white space")]
        [InlineData("postgres:/kitting:Spring2026@db.example.com/inventory", "postgres:/kitting@db.example.com/inventory", "must start with postgresql:// or postgres://")]
        [InlineData("postgresql:kitting:Spring2026@db.example.com/inventory", "postgresql:kitting@db.example.com/inventory", "must start with postgresql:// or postgres://")]
        [InlineData("mysql://kitting:Spring2026@db.example.com/inventory", "mysql://kitting@db.example.com/inventory", "must start with postgresql:// or postgres://")]
        public void TextMeantAsAUriButNotOneIsRefusedAsOneWithoutItsPassword(string uri, string shown, string rule)
        {
            uri = uri.Replace("\\t", "\t", StringComparison.Ordinal);
            shown = shown.Replace("\\t", "\t", StringComparison.Ordinal);
            Assert.True(DeviceStores.IsServerLocation(uri));
            Assert.Equal(shown, StoreLocation.Redacted(uri));
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.StartsWith($"The store URI '{shown}' can't be used: ", error.Message, StringComparison.Ordinal);
            Assert.Equal(shown, error.Target);
            Assert.Contains(rule, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring2026", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("postgresql://kitting@db.example.com/inventory?password=Ab&Spring2026", "password")]
        [InlineData("postgresql://kitting@db.example.com/inventory?password=Ab&Spring=2026", "password")]
        [InlineData("postgresql://kitting@db.example.com/inventory?sslmode=require&sslpassword=Ab&Spring2026&application_name=x", "sslpassword")]
        public void AnAmpersandNotEncodedInAQuerySecretIsRefusedWithoutQuotingTheRest(string uri, string secret)
        {
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.Contains($"what follows the {secret} parameter is not a parameter this module knows; an '&' in a {secret} is written %26", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring", StoreLocation.Redacted(uri), StringComparison.Ordinal);
            Assert.DoesNotContain("Ab", StoreLocation.Redacted(uri), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("postgresql://kitting:Spring2026@db.example.com/inv@ntory", "postgresql://kitting@ntory")]
        [InlineData("postgresql://kitting@db.example.com/inventory?application_name=me@home", "postgresql://@home")]
        [InlineData("postgresql://db.example.com/inv@ntory", "postgresql://@ntory")]
        public void AnAtAfterTheHostNotEncodedIsNamedAsSuch(string uri, string shown)
        {
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.Equal(shown, error.Target);
            Assert.Contains("an '@' after the host (in the database name or a query value) is written %40", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring2026", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("postgresql://kitting:Spr?ing=2026@db.example.com/inventory", "Spr?ing=2026", "postgresql://kitting@db.example.com/inventory")]
        [InlineData("postgresql://kitting:Tokyo/Spring2026@db.example.com/inventory", "Tokyo/Spring2026", "postgresql://kitting@db.example.com/inventory")]
        [InlineData("postgresql://kitting:Abc@Tokyo:2026Spring@db.example.com:5432/inventory", "Abc@Tokyo:2026Spring", "postgresql://kitting@db.example.com:5432/inventory")]
        [InlineData("postgresql://kitting:Kitc:hen#Sink@db.example.com/inventory", "Kitc:hen#Sink", "postgresql://kitting@db.example.com/inventory")]
        public void AUserInformationNotPercentEncodedIsRefusedNamingTheRule(string uri, string password, string shown)
        {
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.Contains("percent-encode @ : / ? # in the user name or password (%40 %3A %2F %3F %23)", error.Message, StringComparison.Ordinal);
            Assert.Contains($"'{shown}'", error.Message, StringComparison.Ordinal);
            Assert.Equal(shown, error.Target);
            Assert.Null(error.InnerException);
            foreach (string piece in password.Split(new[] { '?', '/', '@', ':', '#', '=' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (piece.Length >= 4)
                {
                    Assert.DoesNotContain(piece, error.Message, StringComparison.Ordinal);
                }
            }
        }

        [Theory]
        [InlineData("postgresql://u@h%3Ax/db", "host")]
        [InlineData("postgresql://u@[h:x]/db", "host")]
        [InlineData("postgresql://u@%20/db", "host")]
        [InlineData("postgresql://u@h%2Cx/db", "host")]
        [InlineData("postgresql://u@h/db?target_session_attrs=bogus", "target_session_attrs")]
        [InlineData("postgresql://u@h/db?target_session_attrs=read-write", "several hosts")]
        public void WhatNpgsqlWouldRefuseIsAnInvalidStoreUri(string uri, string rule)
        {
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        }

        private static IEnumerable<string> Shown(string uri)
        {
            yield return StoreLocation.Redacted(uri);
            PostgresLocation? location = null;
            BmgException? refused = null;
            try
            {
                location = PostgresLocation.Parse(uri);
            }
            catch (BmgException e)
            {
                refused = e;
            }
            catch (Exception e)
            {
                Assert.Fail($"{uri} raised {e.GetType().FullName}: {e.Message}");
            }

            if (location != null)
            {
                yield return location.Display;
            }
            else
            {
                Assert.Equal(ErrorIds.InvalidStoreUri, refused!.ErrorId);
                Assert.Null(refused.InnerException);
                yield return refused.Message;
                yield return refused.Target?.ToString() ?? string.Empty;
            }
        }

        private static string Password(Random random)
        {
            var password = new StringBuilder(Some(random, PasswordCharacters, 4, 14));
            // At least one upper case letter, so the password is told from the text around it.
            password[random.Next(password.Length)] = PasswordCharacters[random.Next(24)];
            return password.ToString();
        }

        private static string Around(Random random)
        {
            // A host (now and then a port, a second host), a database, a query: each of junk now and then.
            var text = new StringBuilder(random.Next(3) == 0 ? Some(random, AroundCharacters, 0, 12) : "db.example.com");
            if (random.Next(2) == 0)
            {
                text.Append(':').Append(random.Next(3) == 0 ? Some(random, AroundCharacters, 0, 6) : "5432");
            }

            if (random.Next(4) == 0)
            {
                text.Append(",standby");
            }

            if (random.Next(3) != 0)
            {
                text.Append('/').Append(random.Next(3) == 0 ? Some(random, AroundCharacters, 0, 10) : "inventory");
            }

            if (random.Next(2) == 0)
            {
                text.Append('?').Append(random.Next(2) == 0 ? Some(random, AroundCharacters, 0, 16) : "sslmode=require&application_name=nightly");
            }

            return text.ToString();
        }

        private static string Some(Random random, string characters, int shortest, int longest)
        {
            var text = new StringBuilder();
            int length = random.Next(shortest, longest + 1);
            for (int i = 0; i < length; i++)
            {
                text.Append(characters[random.Next(characters.Length)]);
            }

            return text.ToString();
        }
    }
}
