using System;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// Gives a user another UserName (Rename-BmgUser): the same user, its devices still its own, its history found by
    /// either name. A UserName mistyped at registration is fixed without removing the user, which would unlink its devices.
    /// </summary>
    /// <remarks>
    /// Locked (checked-in, withdrawn) devices of the user are no obstacle: they keep the same user, only its name reads
    /// differently, as they keep a template that is renamed.
    /// </remarks>
    public static class UserRename
    {
        /// <summary>
        /// Renames the user <paramref name="userName"/> (exactly) to <paramref name="newUserName"/>, which must pass the
        /// UserName rule (InvalidFieldValue) and must not be another user's (AlreadyExists; user names are case-sensitive,
        /// so 'Tanaka' beside 'tanaka' is another name). <paramref name="confirm"/> is asked (ShouldProcess) with the user,
        /// the checked new UserName and how many devices follow, only when something would change. Returns the renamed user;
        /// the user as it is when the new UserName is the one it has (nothing is asked then); null when it was not confirmed.
        /// </summary>
        /// <param name="confirmMayPrompt">False when <paramref name="confirm"/> can't prompt: the rename is then decided once, under the write lock (<see cref="ConfirmedChange"/>).</param>
        public static User? Rename(IDeviceStore store, string userName, string newUserName, Func<User, string, int, bool> confirm,
            ChangeOrigin? origin = null, bool confirmMayPrompt = true)
        {
            string subject = $"User '{FieldText.Printable(userName)}'";
            if (!UserName.TryParse(newUserName, out UserName checkedUserName, out string? rule))
            {
                throw RenameRefusal.InvalidNewName(subject, FieldNames.UserName, newUserName, rule!);
            }

            string newName = checkedUserName.Value;
            bool confirmed = false;
            bool unchanged = false;
            // The user's devices are read once, with the user (for the prompt's count and for the rename, which writes each of
            // them again), and only when the name changes: the rename is given them, not left to read them a second time.
            (User User, IReadOnlyList<Device> Devices) decided = ConfirmedChange.Run<(User User, IReadOnlyList<Device> Devices)>(store, () =>
            {
                User user = store.GetUser(userName.Trim()) ?? throw RenameRefusal.Because(subject, newName, UserEditor.NotFound(store, userName));
                if (user.UserName == newName)
                {
                    return (user, Array.Empty<Device>());
                }

                if (store.GetUser(newName) != null)
                {
                    throw new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists,
                        $"User '{user.UserName}' can't be renamed to '{newName}': a user with the UserName '{newName}' already exists.", newName);
                }

                return (user, store.GetDevicesOfUser(user.UserName));
            },
                decision => !(unchanged = decision.User.UserName == newName),
                decision => confirmed = confirm(decision.User, newName, decision.Devices.Count),
                decision => store.RenameUser(decision.User, newName, decision.Devices, origin ?? ChangeOrigin.Library("UserRename.Rename")), confirmMayPrompt);

            // A rename to the name it has changes nothing and asks nothing; -PassThru still writes the user (Rename-Item).
            // The user renamed is the one decided under the write lock, under its new name, not read again after the commit.
            return unchanged ? decided.User : confirmed ? RecordRename.Renamed(decided.User, newName) : null;
        }
    }
}
