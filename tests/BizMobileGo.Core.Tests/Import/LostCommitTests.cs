using System;
using System.Linq;
using System.Reflection;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Reliability;
using BizMobileGo.Core.Tests.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// The connection lost during an import's COMMIT (StoreUnavailable from the commit itself): the server may have
    /// committed before its answer was lost. A real SQLite store behind a proxy whose import transaction's Commit loses
    /// the answer after committing, or fails before it: the import history never holds a "not committed" entry beside
    /// the committed import, and the error says the import was committed.
    /// </summary>
    public sealed class LostCommitTests : IDisposable
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-lostcommit-");

        public void Dispose() => _folder.Dispose();

        /// <summary>Passes every call to the real store; the first transaction's Commit (the import's) loses its answer.</summary>
        public class LosingStore : StoreProxy
        {
            /// <summary>True: the commit is done, then its answer lost; false: the connection is lost before the commit.</summary>
            public bool CommitsBeforeLoss { get; set; }

            private bool _lost;

            protected override object? Invoke(MethodInfo? method, object?[]? args)
            {
                object? result = CallInner(method!, args);
                // The import's transaction: BeginImportTransaction (BeginTransaction for any other write).
                if ((method!.Name == nameof(IDeviceStore.BeginTransaction) || method.Name == nameof(IDeviceStore.BeginImportTransaction)) && !_lost)
                {
                    _lost = true;
                    return new LosingTransaction((IStoreTransaction)result!, CommitsBeforeLoss);
                }

                return result;
            }
        }

        private sealed class LosingTransaction : IStoreTransaction
        {
            private readonly IStoreTransaction _inner;
            private readonly bool _commitsBeforeLoss;

            public LosingTransaction(IStoreTransaction inner, bool commitsBeforeLoss)
            {
                _inner = inner;
                _commitsBeforeLoss = commitsBeforeLoss;
            }

            public void Commit()
            {
                if (_commitsBeforeLoss)
                {
                    _inner.Commit();
                }
                else
                {
                    _inner.Dispose();
                }

                throw new BmgException(ErrorIds.StoreUnavailable, BmgErrorCategory.ConnectionError, "The connection to the store was lost.");
            }

            public void Dispose() => _inner.Dispose();
        }

        private (SqliteDeviceStore Real, IDeviceStore Losing) Open(bool commitsBeforeLoss)
        {
            SqliteDeviceStore real = SqliteDeviceStore.Open(_folder.PathOf("store.db"));
            IDeviceStore losing = StoreProxy.Over<LosingStore>(real, proxy => proxy.CommitsBeforeLoss = commitsBeforeLoss);
            return (real, losing);
        }

        [Fact]
        public void An_answer_lost_after_the_commit_says_the_import_was_committed_and_records_no_failed_attempt()
        {
            (SqliteDeviceStore real, IDeviceStore losing) = Open(commitsBeforeLoss: true);
            using (real)
            {
                (BmgException? error, _, int rowsPlanned) = TestImports.ImportCsv(losing, TestImports.Csv("kept", 3));

                Assert.NotNull(error);
                Assert.Equal(3, rowsPlanned);
                Assert.Equal(ErrorIds.StoreUnavailable, error!.ErrorId);
                Assert.Contains("The import was committed all the same", error.Message, StringComparison.Ordinal);
                Assert.Equal(new[] { "kept0", "kept1", "kept2" }, real.GetDevices().Select(d => d.Identifier).OrderBy(i => i, StringComparer.Ordinal));
                ImportHistoryEntry entry = Assert.Single(real.GetImportHistory(null));
                Assert.True(entry.Committed);
                Assert.Contains(entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void A_connection_lost_before_the_commit_is_recorded_as_a_failed_attempt()
        {
            (SqliteDeviceStore real, IDeviceStore losing) = Open(commitsBeforeLoss: false);
            using (real)
            {
                (BmgException? error, _, int rowsPlanned) = TestImports.ImportCsv(losing, TestImports.Csv("gone", 3));

                Assert.NotNull(error);
                Assert.Equal(3, rowsPlanned);
                Assert.Equal(ErrorIds.StoreUnavailable, error!.ErrorId);
                Assert.DoesNotContain("committed", error.Message, StringComparison.OrdinalIgnoreCase);
                Assert.Empty(real.GetDevices());
                ImportHistoryEntry entry = Assert.Single(real.GetImportHistory(null));
                Assert.False(entry.Committed);
                Assert.Contains(entry.Errors, e => e.ErrorId == ErrorIds.StoreUnavailable);
            }
        }
    }
}
