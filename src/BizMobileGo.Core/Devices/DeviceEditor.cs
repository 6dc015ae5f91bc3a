using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Devices
{
    /// <summary>
    /// Creates, edits and removes one device at a time through the same planner as the import, each in
    /// its own transaction. <c>confirm</c> is asked (ShouldProcess) only when something would change.
    /// </summary>
    public static class DeviceEditor
    {
        public static RecordPlan<Device> Create(IDeviceStore store, string identifierText, FieldValues values, Func<RecordPlan<Device>, bool> confirm)
        {
            if (!DeviceIdentifier.TryParse(identifierText, out DeviceIdentifier identifier, out string? rule))
            {
                throw Refused(new[] { RecordError.InvalidValue(FieldNames.Identifier, identifierText, rule!) }, identifierText);
            }

            using IStoreTransaction transaction = store.BeginTransaction();
            Device? existing = store.GetDevice(identifier.Value);
            if (existing != null)
            {
                throw new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists,
                    $"A device with the Identifier '{existing.Identifier}' already exists (Identifier ignores case); change it with Set-BmgDevice.", existing);
            }

            return PlanAndApply(store, transaction, identifier.Value, values, confirm, null);
        }

        /// <summary>Edits an existing device; throws <see cref="BmgException"/> when the edit is refused.</summary>
        public static RecordPlan<Device> Edit(IDeviceStore store, string identifier, FieldValues values,
            Func<RecordPlan<Device>, bool> confirm, string? location = null)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            if (store.GetDevice(identifier) == null)
            {
                throw NotFound(identifier, location);
            }

            return PlanAndApply(store, transaction, identifier, values, confirm, location);
        }

        private static RecordPlan<Device> PlanAndApply(IDeviceStore store, IStoreTransaction transaction, string identifier, FieldValues values,
            Func<RecordPlan<Device>, bool> confirm, string? location)
        {
            var planner = new RecordPlanner(store);
            string? userLink = values[FieldKey.UserName];
            bool userExists = !string.IsNullOrEmpty(userLink) && store.GetUser(userLink!) != null;
            RecordPlan<Device> plan = planner.PlanDevice(identifier, values, userLink, userExists);
            if (plan.Errors.Count != 0)
            {
                throw Refused(plan.Errors, plan.Proposed, location);
            }

            if (plan.Action != RecordAction.Unchanged && confirm(plan))
            {
                planner.Apply(plan);
                transaction.Commit();
            }

            return plan;
        }

        /// <summary>Removes a device; a checked-in device is refused (withdraw it first).</summary>
        public static Device Remove(IDeviceStore store, string identifier, Func<Device, bool> confirm)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            Device device = store.GetDevice(identifier) ?? throw NotFound(identifier);
            if (device.State == DeviceState.CheckedIn)
            {
                throw new BmgException(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation,
                    $"Device '{device.Identifier}' is CheckedIn and can't be removed; withdraw it first with Unregister-BmgDevice.", device);
            }

            if (confirm(device))
            {
                store.DeleteDevice(device);
                transaction.Commit();
            }

            return device;
        }

        public static BmgException NotFound(string identifier, string? location = null) =>
            new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"{location}No device has the Identifier '{identifier}'.", identifier);

        public static BmgException Refused(IReadOnlyList<RecordError> errors, object target, string? location = null) =>
            new BmgException(errors[0].ErrorId, errors[0].Category,
                location + string.Join(" ", errors.Select(e => e.Message)), target);
    }
}
