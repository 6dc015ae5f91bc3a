using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Npgsql;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// Drops the test databases handed to it on a few threads of its own, beside the tests (as tests/servers/
    /// PostgresTestServer.ps1's droppers do for Pester). Why in the background: PostgreSQL 15's DROP DATABASE waits for a
    /// checkpoint of its own, ~0.03 s on an idle machine but a second and more on a loaded one, which a test need not wait
    /// for; several threads, because drops that wait at the same time are served by one checkpoint. WITH (FORCE) ends the
    /// sessions still open on the database (this process's pooled connections to it). A drop that fails is reported on
    /// standard error and the rest go on: a database left behind costs room only, the server's stop removes it. As the
    /// test process ends, the drops still queued are finished (within a guard; a hung drop must not hang the run).
    /// </summary>
    internal static class PostgresDatabaseDropper
    {
        private const int Threads = 3;
        private static readonly TimeSpan FinishGuard = TimeSpan.FromSeconds(60);
        private static readonly BlockingCollection<string> Queue = new BlockingCollection<string>();
        private static readonly object Gate = new object();
        private static List<Thread>? _threads;

        /// <summary>Queues DROP DATABASE of <paramref name="name"/> (a name PostgresTestServer.NewDatabase made) on the test server.</summary>
        public static void Drop(string name)
        {
            StartOnce();
            Queue.Add(name);
        }

        private static void StartOnce()
        {
            lock (Gate)
            {
                if (_threads != null)
                {
                    return;
                }

                string admin = PostgresTestServer.Admin.ConnectionString.ConnectionString;
                _threads = new List<Thread>();
                for (int i = 0; i < Threads; i++)
                {
                    var thread = new Thread(() => DropQueued(admin)) { IsBackground = true, Name = "test database dropper " + i };
                    thread.Start();
                    _threads.Add(thread);
                }

                AppDomain.CurrentDomain.ProcessExit += (_, _) => Finish();
            }
        }

        private static void DropQueued(string adminConnectionString)
        {
            NpgsqlConnection? admin = null;
            foreach (string name in Queue.GetConsumingEnumerable())
            {
                try
                {
                    if (admin == null)
                    {
                        admin = new NpgsqlConnection(adminConnectionString);
                        admin.Open();
                    }

                    PostgresTestServer.Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE);");
                }
                catch (Exception e) when (e is NpgsqlException || e is InvalidOperationException)
                {
                    Console.Error.WriteLine($"Could not drop the test database {name} (the server's stop removes it): {e.Message}");
                    admin?.Dispose();
                    admin = null;
                }
            }

            admin?.Dispose();
        }

        private static void Finish()
        {
            Queue.CompleteAdding();
            var guard = Stopwatch.StartNew();
            foreach (Thread thread in _threads!)
            {
                TimeSpan left = FinishGuard - guard.Elapsed;
                if (left <= TimeSpan.Zero || !thread.Join(left))
                {
                    Console.Error.WriteLine($"Test databases were still being dropped after {FinishGuard.TotalSeconds:0} s (guard); the server's stop removes them.");
                    return;
                }
            }
        }
    }
}
