using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    // The warnings a valid plan can carry beside its changes: lost leading zeros, a check-in email that stays with the previous user.
    public sealed partial class RecordPlanner
    {
        /// <summary>
        /// The warnings of <see cref="LeadingZeros"/> for a user or device the plan applies, one rule for both: a new record
        /// whose key (<paramref name="keyField"/>) is a bare number that a record of its kind holds with leading zeros
        /// (<paramref name="zeroPaddedKeys"/> finds them), or an existing one's (<paramref name="existingKey"/> not null)
        /// changes that only drop a value's leading zeros, the Code's too (<paramref name="codeBefore"/>,
        /// <paramref name="codeAfter"/>: null for a user), unshown. A plan with errors is not applied, so it gets none.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void WarnIfExcelDroppedZeros<T>(RecordPlan<T> plan, FieldValues values, string kind, string keyField, string key, string? existingKey,
            Func<IPlanReads, string, IReadOnlyList<string>> zeroPaddedKeys, string? codeBefore, string? codeAfter)
            where T : class
        {
            if (plan.Errors.Count != 0)
            {
                return;
            }

            if (existingKey == null)
            {
                if (LeadingZeros.IsBareNumber(key) && zeroPaddedKeys(_reads, key) is { Count: > 0 } twins)
                {
                    plan.Warnings.Add(LeadingZeros.NewBesideZeroPadded(values, kind, keyField, key, twins));
                }
            }
            else if (plan.Changes.Count != 0)
            {
                LeadingZeros.WarnOfLostZeros(plan, values, kind, existingKey, codeBefore, codeAfter);
            }
        }

        /// <summary>
        /// Warns, and notes for the -WhatIf line, when the planned change hands an existing device to another user while its
        /// RegistrationEmail, not the new user's address, stays: the check-in email the change queues carries the device's code
        /// there (<see cref="Outbox.HandedOverCheckInEmail"/>, the rule and its words). Called after <see cref="PlanDevice"/> by
        /// whoever knows the user the device goes to as the change leaves that user: an import row's user plan (its
        /// EmailAddress may change in the same row), a Set- command's stored user. A plan with errors is not applied: none.
        /// </summary>
        /// <param name="newUser">The user the device is linked to, as the change leaves it; null when none exists (yet).</param>
        [MethodImpl(PerRowCode.Compile)]
        internal void WarnIfCheckInEmailStaysWithPreviousUser(RecordPlan<Device> plan, FieldValues values, User? newUser)
        {
            Device? existing = plan.Existing;
            if (plan.Errors.Count != 0 || existing == null || !Outbox.HandedOverCheckInEmail.Applies(existing, plan.Proposed, newUser?.EmailAddress))
            {
                return;
            }

            // Read only here, for the words: a handover with an unchanged address is rare, so a row pays nothing for it.
            string? previousUsersAddress = existing.UserName == null ? null : _reads.GetUser(existing.UserName)?.EmailAddress;
            plan.AddWarning(Outbox.HandedOverCheckInEmail.Warning(existing, plan.Proposed, previousUsersAddress, newUser?.EmailAddress,
                typed: values.IsTyped(FieldKey.UserName)), BatchedWarningKind.CheckInEmailStaysWithPreviousUser);
            plan.CheckInEmailNote = Outbox.HandedOverCheckInEmail.Note(plan.Proposed, previousUsersAddress);
        }
    }
}
