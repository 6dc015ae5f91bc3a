using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.Core.Import
{
    /// <summary>The change one record makes to a user or a device, computed before anything is written.</summary>
    public sealed class RecordPlan<T> where T : class
    {
        private List<FieldChange>? _changes;
        private Action<RecordPlan<T>, List<FieldChange>>? _listChanges;

        internal RecordPlan(T? existing, T proposed)
        {
            Existing = existing;
            Proposed = proposed;
        }

        public T? Existing { get; }
        public T Proposed { get; }

        /// <summary>
        /// The store's change the plan was applied as (RecordPlanner.Apply); null before. The undone-work check hands its diff
        /// of the plan to the history recorder through it (<see cref="Store.StoreChange.HistoryChanges"/>): one diff a row.
        /// </summary>
        internal Store.StoreChange? Write { get; set; }

        /// <summary>The fields the plan changes, in the order of the import vocabulary.</summary>
        public List<FieldChange> Changes => _changes ??= ListChanges();

        /// <summary>The changes as one line ("DisplayName: 'a' -> 'b'; Description: (none) -> 'c'"): each as <see cref="FieldChange.Text"/> words it.</summary>
        public string DescribeChanges() => string.Join("; ", Changes.Select(change => change.Text(Existing != null)));
        public List<RecordError> Errors { get; } = new List<RecordError>();

        /// <summary>
        /// What the change's check-in email does that the admin must hear before it is made, said after the changes on the
        /// -WhatIf / -Confirm line (<see cref="DescribeAction"/>, an import row's What if line): a device handed to another user
        /// whose email goes to the previous user's address (<see cref="Outbox.HandedOverCheckInEmail"/>). Null when nothing.
        /// </summary>
        public string? CheckInEmailNote { get; internal set; }

        /// <summary>The -WhatIf / -Confirm action: "Update (changes)", then the <see cref="CheckInEmailNote"/> when there is one.</summary>
        public string DescribeAction(string verb) =>
            CheckInEmailNote == null ? $"{verb} ({DescribeChanges()})" : $"{verb} ({DescribeChanges()}); {CheckInEmailNote}";

        /// <summary>A blank ExpirationDays cell set the default: -WhatIf warns when that changes the device (ImportRowResult.BlankCellWarnings).</summary>
        internal bool ExpirationDaysResetByBlank { get; set; }

        public List<string> Warnings => _warnings ??= new List<string>();

        // Made at the first warning (or when a caller asks for the list): an import makes two plans a row, and rows warn rarely.
        private List<string>? _warnings;

        /// <summary>The warnings so far, without making a list when there are none.</summary>
        internal IReadOnlyList<string> WarningsGiven => (IReadOnlyList<string>?)_warnings ?? Array.Empty<string>();

        /// <summary>
        /// The kind of one of <see cref="Warnings"/> that a command changing many devices says once for all of them, at its
        /// end (<see cref="BatchedWarning"/>); null for a warning said as it comes (and for every warning of an import, which
        /// does not ask).
        /// </summary>
        public BatchedWarningKind? KindOf(string warning) =>
            _kinds != null && _kinds.TryGetValue(warning, out BatchedWarningKind kind) ? kind : null;

        /// <summary>Adds a warning of a kind a batch says once (<see cref="KindOf"/>).</summary>
        internal void AddWarning(string warning, BatchedWarningKind kind)
        {
            Warnings.Add(warning);
            (_kinds ??= new Dictionary<string, BatchedWarningKind>(StringComparer.Ordinal))[warning] = kind;
        }

        private Dictionary<string, BatchedWarningKind>? _kinds;

        /// <summary>
        /// Values a confirmed change overwrote that were not the ones its confirmation showed (another writer changed them
        /// while the command waited for the store): said after the change, by <see cref="StaleConfirmation.Note"/>.
        /// </summary>
        /// <remarks>Made when first asked for: only a confirmed Set- asks, and an import makes two plans a row.</remarks>
        public List<string> Overwritten => _overwritten ??= new List<string>();

        private List<string>? _overwritten;

        /// <summary>
        /// A new record changes every field it has, so its action does not depend on the list: the list is made
        /// only when something asks for it (an import of new records shows it only under -PassThru or -WhatIf).
        /// The record is not changed after planning, so the list is the same whenever it is made.
        /// </summary>
        internal void ListChangesWhenAsked(Action<RecordPlan<T>, List<FieldChange>> listChanges) => _listChanges = listChanges;

        private List<FieldChange> ListChanges()
        {
            var changes = new List<FieldChange>(_listChanges == null ? 0 : 20);
            _listChanges?.Invoke(this, changes);
            _listChanges = null;
            return changes;
        }

        public RecordAction Action =>
            Errors.Count != 0 ? RecordAction.Failed
            : Existing == null ? RecordAction.Created
            : Changes.Count == 0 ? RecordAction.Unchanged
            : RecordAction.Updated;
    }
}
