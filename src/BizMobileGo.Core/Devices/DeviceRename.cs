using System;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Devices
{
    /// <summary>
    /// Gives a device another Identifier (Rename-BmgDevice): the same device, key, state, code and DEP link under a new
    /// name, its history found by either name. An Identifier mistyped at registration is fixed without removing the
    /// device, which would lose its check-in state and DEP link (and a checked-in device can't be removed at all).
    /// </summary>
    /// <remarks>
    /// The edit lock applies (SPEC): a CheckedIn or Withdrawn device checked in with its Identifier and Code, so its
    /// Identifier is registered information and stays (DeviceLocked), as every other field does. A rename of a Registered
    /// device queues no check-in email: the code, address and deadline stay, and an email still to be sent follows the
    /// device and is filled with its Identifier when it is sent.
    /// </remarks>
    public static class DeviceRename
    {
        /// <summary>
        /// Renames the device <paramref name="identifier"/> (any case) to <paramref name="newIdentifier"/>, which must pass the
        /// Identifier rule (InvalidFieldValue) and must not be another device's (AlreadyExists, ignoring case); another case
        /// of its own Identifier is allowed and changes how it is shown. <paramref name="confirm"/> is asked (ShouldProcess)
        /// with the device and the checked new Identifier, only when something would change. Returns the renamed device as
        /// the store holds it; the device as it is when the new Identifier is the one it has (nothing is asked then); null when it was not confirmed.
        /// </summary>
        /// <param name="overwritten">
        /// Told, after the rename, when the Identifier it replaced is not the one the confirmation showed: another admin changed
        /// its case while the prompt was open (Identifier ignores case, so the device is still found). See StaleConfirmation.
        /// </param>
        /// <param name="confirmMayPrompt">
        /// False when <paramref name="confirm"/> can't prompt: the rename is then decided once, under the write lock, and nothing
        /// can be stale or replaced (<see cref="ConfirmedChange"/>).
        /// </param>
        public static Device? Rename(IDeviceStore store, string identifier, string newIdentifier, Func<Device, string, bool> confirm,
            ChangeOrigin? origin = null, Action<string>? overwritten = null, bool confirmMayPrompt = true)
        {
            string subject = $"Device '{FieldText.Printable(identifier)}'";
            if (!DeviceIdentifier.TryParse(newIdentifier, out DeviceIdentifier checkedIdentifier, out string? rule))
            {
                throw RenameRefusal.InvalidNewName(subject, FieldNames.Identifier, newIdentifier, rule!);
            }

            string newName = checkedIdentifier.Value;
            bool confirmed = false;
            bool unchanged = false;
            string? stale = null;
            Device decided = ConfirmedChange.Run(store, () =>
            {
                Device device = store.GetDevice(identifier.Trim()) ?? throw RenameRefusal.Because(subject, newName, DeviceEditor.NotFound(store, identifier));
                if (device.IsLocked)
                {
                    throw DeviceEditor.Refused(new[] { RecordPlanner.Locked(device) }, device.Identifier);
                }

                if (!DeviceIdentifier.Comparer.Equals(device.Identifier, newName) && store.GetDevice(newName) is Device holder)
                {
                    throw new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists,
                        $"Device '{device.Identifier}' can't be renamed to '{newName}': a device with the Identifier '{holder.Identifier}' already exists (Identifier ignores case).",
                        newName);
                }

                return device;
            },
                device => !(unchanged = string.Equals(device.Identifier, newName, StringComparison.Ordinal)),
                device => confirmed = confirm(device, newName),
                device => store.RenameDevice(device, newName, origin ?? ChangeOrigin.Library("DeviceRename.Rename")),
                confirmMayPrompt,
                (shown, decided) =>
                {
                    // Removed and another device created under its name while the prompt was open: refused, not warned. A
                    // warning suits a value overwritten (the value asked for is still the one wanted), but here the device
                    // itself is another one (its own key, state, code and history): renaming it would act on a device the
                    // admin never saw, and a rename can't be put back by putting a value back. Re-running the command asks again.
                    if (shown.DeviceKey != decided.DeviceKey)
                    {
                        throw Replaced(decided.Identifier, newName);
                    }

                    stale = StaleConfirmation.Check($"Device '{decided.Identifier}'", FieldNames.Identifier, shown.Identifier, decided.Identifier, newName);
                });

            if (stale != null)
            {
                overwritten?.Invoke(stale);
            }

            // A rename to the name it has changes nothing and asks nothing; -PassThru still writes the device (Rename-Item).
            // The device renamed is the one decided under the write lock, under its new name (RecordRename.Renamed: a rename
            // moves nothing else), not read again after the commit: one round trip less a piped device on PostgreSQL.
            return unchanged ? decided : confirmed ? RecordRename.Renamed(decided, newName) : null;
        }

        /// <summary>The refusal of a rename whose device was removed and another created under its Identifier while it was confirmed.</summary>
        private static BmgException Replaced(string identifier, string newName) =>
            new BmgException(ErrorIds.DeviceReplaced, BmgErrorCategory.InvalidOperation,
                $"Device '{FieldText.Printable(identifier)}' was not renamed to '{FieldText.Printable(newName)}': the device confirmed was removed, and another " +
                $"device created with the Identifier '{FieldText.Printable(identifier)}', while the rename waited for confirmation; check that it is the device " +
                "meant (Get-BmgDevice) and run the rename again.",
                identifier);
    }
}
