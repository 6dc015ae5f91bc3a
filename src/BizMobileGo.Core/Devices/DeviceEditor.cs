using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Devices
{
    /// <summary>Edits one existing device through the same planner as the import, in its own transaction.</summary>
    public static class DeviceEditor
    {
        /// <summary>
        /// Plans the edit, asks <paramref name="confirm"/> (ShouldProcess) when it changes something, and
        /// writes it. Returns the plan; throws <see cref="BmgException"/> when the edit is refused.
        /// </summary>
        public static RecordPlan<Device> Edit(IDeviceStore store, string identifier, FieldValues values,
            Func<RecordPlan<Device>, bool> confirm, string? location = null)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            var planner = new RecordPlanner(store);
            if (store.GetDevice(identifier) == null)
            {
                throw NotFound(identifier, location);
            }

            RecordPlan<Device> plan = planner.PlanDevice(identifier, values, userLink: null, userExists: false);
            if (plan.Errors.Count != 0)
            {
                throw Refused(plan.Errors, plan.Proposed, location);
            }

            if (plan.Action == RecordAction.Updated && confirm(plan))
            {
                planner.Apply(plan);
                transaction.Commit();
            }

            return plan;
        }

        public static BmgException NotFound(string identifier, string? location = null) =>
            new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{location}No device has the Identifier '{identifier}'.", identifier);

        public static BmgException Refused(IReadOnlyList<RecordError> errors, object target, string? location = null) =>
            new BmgException(errors[0].ErrorId, errors[0].Category,
                location + string.Join(" ", errors.Select(e => e.Message)), target);
    }
}
