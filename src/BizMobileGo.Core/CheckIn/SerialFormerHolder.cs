using System;
using System.Linq;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.CheckIn
{
    /// <summary>
    /// For a DEP check-in refused because no device has the reported serial: the device whose Serial the history shows
    /// changed away from it lately (walkthrough 40, 8: an admin "fixed a typo" in dev-00018's serial, then the device checked
    /// in with Apple's). Read only on that refusal path, never when a check-in succeeds: one read of the history's recent
    /// changes of Serial (rows only: a change is never packed), newest first, ended at the first that matches.
    /// </summary>
    internal static class SerialFormerHolder
    {
        /// <summary>How far back the history is read: a serial changed away longer ago is no recent mistake.</summary>
        internal static readonly TimeSpan Window = TimeSpan.FromDays(30);

        /// <summary>
        /// " Device 'dev-00018' had this Serial until it was changed (on 2026-12-07 03:16 by root, Set-BmgDevice)." — and when
        /// Apple's DEP device list has the serial (<paramref name="applesSerial"/>, as the list spells it), the way back: ", and
        /// Apple's DEP device list has it: if that change was the mistake, set it back with Set-BmgDevice -Identifier dev-00018
        /// -Serial 49749ZBL4KSM." — or "" when the store keeps no history or none of its changes in the window took a device's
        /// Serial away from <paramref name="reportedSerial"/>.
        /// </summary>
        internal static string Hint(IDeviceStore store, string reportedSerial, string? applesSerial, DateTimeOffset now)
        {
            if (!(store is IHistoryStore history) || reportedSerial.Length == 0)
            {
                return "";
            }

            var query = new HistoryQuery(SubjectKind.Device)
            {
                Actions = new[] { ChangeAction.Changed },
                Fields = new[] { FieldNames.Serial },
                Since = now - Window,
            };
            ChangeEntry? edit = null;
            foreach (ChangeEntry entry in history.Query(query))
            {
                if (!query.Matches(entry))
                {
                    continue;
                }

                FieldChange? serial = entry.Changes.FirstOrDefault(change => change.Field == FieldNames.Serial && !change.ValueHidden);
                if (serial != null && string.Equals(serial.OldValue, reportedSerial, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(serial.NewValue, reportedSerial, StringComparison.OrdinalIgnoreCase))
                {
                    edit = entry;
                    break;
                }
            }

            if (edit == null)
            {
                return "";
            }

            // In the words the history's renames are said (ReferenceRenames.When), so both name the same things. The way back
            // only to a device that is still there to set, asked once the history's stream is closed (PostgreSQL runs one
            // statement at a time on a connection).
            string device = FieldText.Printable(edit.Subject);
            return $" Device '{device}' had this Serial until it was changed ({ReferenceRenames.When(edit)})"
                + (applesSerial == null || store.GetDevice(edit.Subject) == null
                    ? "."
                    : $", and Apple's DEP device list has it: if that change was the mistake, set it back with Set-BmgDevice -Identifier {device} -Serial {applesSerial}.");
        }
    }
}
