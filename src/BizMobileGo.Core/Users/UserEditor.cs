using System;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Users
{
    /// <summary>Creates, edits and removes one user at a time through the same planner as the import.</summary>
    public static class UserEditor
    {
        public static RecordPlan<User> Create(IDeviceStore store, string userNameText, FieldValues values, Func<RecordPlan<User>, bool> confirm,
            ChangeOrigin? origin = null, bool confirmMayPrompt = true)
        {
            if (!UserName.TryParse(userNameText, out UserName userName, out string? rule))
            {
                throw DeviceEditor.Refused(new[] { RecordError.InvalidValue(FieldNames.UserName, userNameText, rule!) }, userNameText);
            }

            // The planner reads the user (its plan's Existing): a second read here to refuse one that exists would cost a
            // round trip on PostgreSQL. Both reads were in the same decision (under the write lock when it is the one applied).
            RecordPlan<User> created = Change(store, () => Plan(store, userName.Value, values, origin ?? ChangeOrigin.Library("UserEditor.Create"), plan =>
            {
                if (plan.Existing != null)
                {
                    throw new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists,
                        $"A user with the UserName '{userName.Value}' already exists; change it with Set-BmgUser.", userName.Value);
                }
            }), confirm, confirmMayPrompt, values);

            // As DeviceEditor.Create: the user as created is of this store (User.Database).
            created.Proposed.Database = store.Location;
            return created;
        }

        /// <param name="confirmMayPrompt">False when <paramref name="confirm"/> can't prompt: the change is then planned once, under the write lock (<see cref="ConfirmedChange"/>).</param>
        public static RecordPlan<User> Edit(IDeviceStore store, string userName, FieldValues values, Func<RecordPlan<User>, bool> confirm,
            ChangeOrigin? origin = null, bool confirmMayPrompt = true) =>
            Change(store, () => Plan(store, userName, values, origin ?? ChangeOrigin.Library("UserEditor.Edit"), plan =>
            {
                if (plan.Existing == null)
                {
                    throw NotFound(store, userName);
                }
            }), confirm, confirmMayPrompt, values);

        private static RecordPlan<User> Change(IDeviceStore store, Func<(RecordPlanner Planner, RecordPlan<User> Plan)> decide,
            Func<RecordPlan<User>, bool> confirm, bool confirmMayPrompt, FieldValues values) =>
            ConfirmedChange.Run(store, decide,
                decision => decision.Plan.Action != RecordAction.Unchanged,
                decision => confirm(decision.Plan),
                decision => decision.Planner.Apply(decision.Plan),
                confirmMayPrompt,
                // A value another writer changed while the prompt was open is said after the change (StaleConfirmation).
                (shown, decided) => StaleConfirmation.Note(shown.Plan, decided.Plan, $"User '{decided.Plan.Proposed.UserName}'", values)).Plan;

        /// <param name="refuseFound">Refuses the user as found (or not) before its field errors: Create's AlreadyExists, Edit's UserNotFound.</param>
        private static (RecordPlanner, RecordPlan<User>) Plan(IDeviceStore store, string userName, FieldValues values, ChangeOrigin origin,
            Action<RecordPlan<User>> refuseFound)
        {
            var planner = new RecordPlanner(store, origin);
            RecordPlan<User> plan = planner.PlanUser(userName, values);
            refuseFound(plan);
            if (plan.Errors.Count != 0)
            {
                throw DeviceEditor.Refused(plan.Errors, plan.Proposed.UserName);
            }

            return (planner, plan);
        }

        /// <summary>
        /// Removes a user. A user that devices are linked to is refused unless <paramref name="force"/>, which unlinks them
        /// first; a checked-in or withdrawn device can't be unlinked. What it does is <see cref="UserRemoval"/>'s rule; the
        /// removal confirmed is what <paramref name="confirm"/> was shown (its Target, its Warnings).
        /// </summary>
        public static UserRemoval Remove(IDeviceStore store, string userName, bool force, Func<UserRemoval, bool> confirm,
            ChangeOrigin? origin = null, bool confirmMayPrompt = true) =>
            ConfirmedChange.Run(store, () => UserRemoval.Decide(store, userName, force), _ => true, confirm,
                removal => removal.Apply(store, origin ?? ChangeOrigin.Library("UserEditor.Remove")), confirmMayPrompt);

        /// <summary>
        /// UserNotFound for a name no user has, with the users whose name differs only by the case of ASCII letters as a hint
        /// (<see cref="UserNameHint"/>): a seek of the store's case twins, not a read of every user name. When the history records
        /// that the name was renamed (another admin's Rename-BmgUser), that is said instead (<see cref="SubjectRenames"/>), as a
        /// device's is: the history is read only here, on the error path.
        /// </summary>
        public static BmgException NotFound(IDeviceStore store, string userName)
        {
            // The store searched is named (SearchedStore), as a device's not-found error names it.
            string noUser = $"No user has the UserName '{FieldText.Printable(userName)}' {SearchedStore.In(store)}";
            if (MangledDigits.NotFoundHint(userName, "a user", name => store.GetUser(name) != null) is string formula)
            {
                return new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{noUser}, which {formula}.", userName);
            }

            if (SubjectRenames.Hint(store, SubjectKind.User, userName, name => store.GetUser(name) != null) is string renamed)
            {
                return new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{noUser}: {renamed}.", userName);
            }

            NearUserNames? hint = UserNameHint.DidYouMean(store, userName);
            return new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound,
                $"{noUser}{(hint == null ? "" : "; " + hint.Hint)}.", userName);
        }
    }
}
