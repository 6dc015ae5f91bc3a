using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    // A file's text values that only lost what Shift_JIS can't hold: the stored values are kept (ShiftJisQuestionMarks).
    public sealed partial class RecordPlanner
    {
        /// <summary>
        /// Whether the rows being planned may come from Excel's Shift_JIS save (<see cref="ShiftJisQuestionMarks.MayBeShiftJis"/>):
        /// set by an import of a file, asked as its reader knows the encoding; null for piped objects and the Set- commands.
        /// </summary>
        internal Func<bool>? MayBeShiftJisFile { get; set; }

        /// <summary>
        /// Keeps each of a user's text values (Name, UserDescription) whose change only wrote '?' for what CP932 can't hold,
        /// with the row's warning. Asked after the diff, of an existing user's changes only: nothing per unchanged row.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void KeepWhatShiftJisLost(RecordPlan<User> plan)
        {
            if (MayBeShiftJisFile == null || plan.Changes.Count == 0 || !MayBeShiftJisFile())
            {
                return;
            }

            KeepLostTexts(plan);
        }

        // Apart from the checks above: the lambdas' captured record is allocated where its method begins, so an unchanged row
        // (nearly every row of a re-import) would make one a row for nothing.
        private static void KeepLostTexts(RecordPlan<User> plan)
        {
            User user = plan.Proposed;
            KeepLost(plan, "user", user.UserName, FieldNames.Name, stored => user.Name = stored);
            KeepLost(plan, "user", user.UserName, FieldNames.UserDescription, stored => user.UserDescription = stored);
        }

        /// <summary>As <see cref="KeepWhatShiftJisLost(RecordPlan{User})"/>, of a device's DisplayName and Description.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void KeepWhatShiftJisLost(RecordPlan<Device> plan)
        {
            if (MayBeShiftJisFile == null || plan.Changes.Count == 0 || !MayBeShiftJisFile())
            {
                return;
            }

            KeepLostTexts(plan);
        }

        private static void KeepLostTexts(RecordPlan<Device> plan)
        {
            Device device = plan.Proposed;
            KeepLost(plan, "device", device.Identifier, FieldNames.DisplayName, stored => device.DisplayName = stored);
            KeepLost(plan, "device", device.Identifier, FieldNames.Description, stored => device.Description = stored);
        }

        private static void KeepLost<T>(RecordPlan<T> plan, string kind, string key, string field, Action<string> keep)
            where T : class
        {
            List<FieldChange> changes = plan.Changes;
            int index = changes.FindIndex(change => change.Field == field);
            if (index < 0 || !ShiftJisQuestionMarks.OnlyLost(changes[index].OldValue, changes[index].NewValue))
            {
                return;
            }

            FieldChange change = changes[index];
            keep(change.OldValue!);
            changes.RemoveAt(index);
            plan.Warnings.Add(ShiftJisQuestionMarks.Kept(field, kind, key, change.OldValue!, change.NewValue!));
        }
    }
}
