using System;
using System.Collections.Generic;
using BizMobileGo.Core.Store.Postgres;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// The databases one test makes on the test server, dropped in the background once it is done: a test class holds
    /// one in a field and disposes it in its Dispose (xunit makes a class instance per test and disposes it after the
    /// test, passed or failed). Each test still gets databases of its own, new and empty; they just do not pile up to
    /// the server's stop (some 100 of ~300 files each, 35,000 files that the stop's rm -rf removed, and that stayed on
    /// a long-lived server named in BMG_TEST_POSTGRES for good).
    /// </summary>
    internal sealed class PostgresTestDatabases : IDisposable
    {
        private readonly List<string> _uris = new List<string>();

        /// <summary>The URIs made so far, oldest first.</summary>
        public IReadOnlyList<string> Uris => _uris;

        /// <summary>A new, empty database (<paramref name="options"/>: CREATE DATABASE's); its URI, with the password.</summary>
        public string New(string options = "")
        {
            string uri = PostgresTestServer.NewDatabase(options);
            _uris.Add(uri);
            return uri;
        }

        /// <summary>Hands the databases to <see cref="PostgresDatabaseDropper"/> and forgets them; safe to call twice.</summary>
        public void Dispose()
        {
            foreach (string uri in _uris)
            {
                PostgresDatabaseDropper.Drop(PostgresLocation.Parse(uri).ConnectionString.Database!);
            }

            _uris.Clear();
        }
    }
}
