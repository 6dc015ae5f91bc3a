using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    // The user's half of a row: its plan, its fields' rules, and applying it.
    public sealed partial class RecordPlanner
    {
        [MethodImpl(PerRowCode.Compile)]
        public RecordPlan<User> PlanUser(string userName, FieldValues values)
        {
            User? existing = _reads.GetUser(userName);
            User proposed = existing?.Clone() ?? new User { UserName = userName };
            var plan = new RecordPlan<User>(existing, proposed);
            PlanUserFields(values, proposed, plan.Errors);

            if (existing == null && CaseTwinHint(userName) is NearUserNames hint)
            {
                plan.Warnings.Add(CaseTwinWarning(userName, hint));
            }

            if (plan.Errors.Count == 0)
            {
                if (existing == null)
                {
                    plan.ListChangesWhenAsked(static (created, changes) => DiffUser(null, created.Proposed, changes));
                }
                else
                {
                    DiffUser(existing, proposed, plan.Changes);
                    KeepWhatShiftJisLost(plan);
                }
            }

            // A static lambda: the compiler keeps one delegate, so a row allocates none.
            WarnIfExcelDroppedZeros(plan, values, "user", FieldNames.UserName, userName, existing?.UserName,
                static (reads, key) => reads.GetZeroPaddedUserNames(key), null, null);
            TextFormulaValues.WarnOfUser(plan, userName);
            return plan;
        }

        /// <summary>The user's fields, each by its own rule (no look-up of the user: see <see cref="CheckCells"/>).</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void PlanUserFields(FieldValues values, User proposed, List<RecordError> errors)
        {
            if (values.IsGiven(FieldKey.Name))
            {
                proposed.Name = Text(errors, FieldNames.Name, values[FieldKey.Name], BoundedText.NameMaxLength, proposed.Name);
            }

            if (values.IsGiven(FieldKey.EmailAddress))
            {
                proposed.EmailAddress = Email(errors, FieldNames.EmailAddress, values[FieldKey.EmailAddress], proposed.EmailAddress);
            }

            if (values.IsGiven(FieldKey.UserDescription))
            {
                proposed.UserDescription = Text(errors, FieldNames.UserDescription, values[FieldKey.UserDescription], BoundedText.DescriptionMaxLength, proposed.UserDescription, multiLine: true);
            }

            if (values.ListEdit(FieldKey.Organizations) != null)
            {
                proposed.Organizations = EditedReferences(errors, FieldKey.Organizations, values, Organizations, ReferenceKind.Organization,
                    proposed.Organizations, _organizationsByName);
            }
            else if (values.IsGiven(FieldKey.Organizations))
            {
                proposed.Organizations = References(errors, FieldNames.Organizations, values[FieldKey.Organizations], Organizations,
                    ReferenceKind.Organization, proposed.Organizations, values.IsTyped(FieldKey.Organizations), _organizationsByName);
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        public void Apply(RecordPlan<User> plan)
        {
            if (plan.Action == RecordAction.Created || plan.Action == RecordAction.Updated)
            {
                _writes.Write(plan.Write = StoreChange.OfUser(plan.Existing, plan.Proposed, Origin));
            }
        }

        /// <summary>
        /// The "did you mean 'yamada'?" of <see cref="UserNameHint"/> for a user about to be created whose name differs only in
        /// case from a user's that exists; null when none does. User names stay case-sensitive
        /// (SPEC): the user is still created, but not without a word, as Set-BmgDevice's link to a missing 'Yamada' says the same.
        /// </summary>
        /// A name typed in full-width (the IME on: 'ｋ００１') is looked up in its half-width form too, only then (walkthrough 37,
        /// finding 3): warned as a case twin is, not refused, since a UserName may be any text and the store can't seek a width fold.
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private NearUserNames? CaseTwinHint(string userName)
        {
            IReadOnlyList<string> twins = _reads.GetUserNameCaseTwins(userName);
            if (twins.Count == 0 && UserNameHint.WidthFolded(userName) is string folded)
            {
                var widthTwins = new List<string>(_reads.GetUserNameCaseTwins(folded));
                if (_reads.GetUser(folded) != null)
                {
                    widthTwins.Insert(0, folded);
                }

                twins = widthTwins;
            }

            return twins.Count == 0 ? null : UserNameHint.DidYouMean(userName, twins);
        }

        private static string CaseTwinWarning(string userName, NearUserNames hint) =>
            $"A new user '{FieldText.Printable(userName)}' is created beside a user whose UserName differs only in "
            + (hint.OtherWidth ? "case or width" : "case") + $"; {hint.Hint}.";
    }
}
