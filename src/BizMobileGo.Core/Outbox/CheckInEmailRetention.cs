using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// The outbox's retention (Clear-BmgCheckInEmail; walkthrough 32, 2): the outbox keeps every entry it ever queued, and
    /// each holds an address and a check-in code, so a store that must forget (a leaver's addresses) needs a way to remove
    /// old entries. The one rule of which entries a clear removes is <see cref="IsCleared"/>; the clear is recorded in the
    /// change history (a hashed entry of kind History naming the date, the statuses and how many went), never the addresses.
    /// </summary>
    public sealed class CheckInEmailRetention
    {
        /// <summary>The history entry's subject: the outbox as a whole (entries of kind History are the store's own).</summary>
        public const string SubjectKey = "checkin-emails";

        public const string StatusesField = "Statuses";
        public const string RemovedEmailsField = "RemovedEmails";

        /// <summary>
        /// What a clear removes when no status is named: entries that are final. Never Pending nor Sending ones: they are still
        /// to be sent (or being sent right now), so removing them would silently cancel a device's check-in mail. Those go only
        /// when named in -Status.
        /// </summary>
        public static readonly IReadOnlyList<CheckInEmailStatus> FinalStatuses =
            new[] { CheckInEmailStatus.Sent, CheckInEmailStatus.Failed, CheckInEmailStatus.Superseded };

        private readonly IDeviceStore _store;

        public CheckInEmailRetention(IDeviceStore store) => _store = store;

        /// <summary>The one rule: an entry queued before <paramref name="before"/> whose status is one of <paramref name="statuses"/>.</summary>
        public static bool IsCleared(CheckInEmail email, DateTimeOffset before, IReadOnlyCollection<CheckInEmailStatus> statuses) =>
            email.QueuedAt < before && statuses.Contains(email.Status);

        /// <summary>The statuses a clear removes: <paramref name="named"/> (each once, in the enum's order), or <see cref="FinalStatuses"/>.</summary>
        public static IReadOnlyList<CheckInEmailStatus> Statuses(IReadOnlyCollection<CheckInEmailStatus>? named) =>
            named == null || named.Count == 0 ? FinalStatuses : named.Distinct().OrderBy(status => status).ToList();

        /// <summary>The entries a clear would remove now, oldest first. Removes nothing.</summary>
        public IReadOnlyList<CheckInEmail> Planned(DateTimeOffset before, IReadOnlyCollection<CheckInEmailStatus>? statuses)
        {
            IReadOnlyList<CheckInEmailStatus> removed = Statuses(statuses);
            return _store.GetCheckInEmails().Where(email => IsCleared(email, before, removed)).ToList();
        }

        /// <summary>
        /// Removes the entries <see cref="IsCleared"/> picks, after <paramref name="confirm"/> said yes to how many (counted outside
        /// the write transaction, so a waiting prompt doesn't hold the store's write lock), and records the clear in the change
        /// history in the same transaction. Returns the history entry, or null when confirm said no or nothing was to be removed
        /// (then nothing is recorded either: a nightly job on a young outbox adds no entry a night). An entry whose status
        /// changed since it was counted (a send finished meanwhile) is judged as it is by then.
        /// </summary>
        /// <exception cref="Errors.BmgException">ClearBeforeInFuture: <paramref name="before"/> is later than <paramref name="now"/>; nothing was removed.</exception>
        public ChangeEntry? Clear(DateTimeOffset before, IReadOnlyCollection<CheckInEmailStatus>? statuses, ChangeOrigin origin, DateTimeOffset now,
            Func<int, bool> confirm, ChangeActor? actor = null)
        {
            ClearBeforeTime.Check(before, now);
            IReadOnlyList<CheckInEmailStatus> removedStatuses = Statuses(statuses);
            if (!confirm(Planned(before, removedStatuses).Count))
            {
                return null;
            }

            using IStoreTransaction write = _store.BeginTransaction();
            int removed = 0;
            foreach (CheckInEmail email in Planned(before, removedStatuses))
            {
                if (_store.DeleteCheckInEmail(email.Id, email.Status))
                {
                    removed++;
                }
            }

            if (removed == 0)
            {
                return null;
            }

            var changes = new List<FieldChange>
            {
                new FieldChange(HistoryChain.ClearedBeforeField, null, HistoryTime.ToText(HistoryTime.Normalize(before))),
                new FieldChange(StatusesField, null, string.Join(", ", removedStatuses)),
                new FieldChange(RemovedEmailsField, null, removed.ToString(CultureInfo.InvariantCulture)),
            };
            ChangeActor by = actor ?? ChangeActor.Current;
            var entry = new ChangeEntry(now, by.OsUser, by.Host, origin.Command, null, null, SubjectKind.History, SubjectKey, "check-in emails",
                ChangeAction.Removed, FieldChanges.Of(changes), origin.ChangedBy);
            IHistoryStore history = _store as IHistoryStore
                ?? throw new NotSupportedException($"The store '{_store.Location}' keeps no change history.");
            IReadOnlyList<ChangeEntry> recorded = ChangeHistory.Record(history, new[] { entry });
            write.Commit();
            return recorded[0];
        }
    }
}
