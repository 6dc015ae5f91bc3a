using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>Changes the given fields of users; fields not given stay as they are.</summary>
    [Cmdlet(VerbsCommon.Set, "BmgUser", SupportsShouldProcess = true, DefaultParameterSetName = WholeOrganizationListSet)]
    [OutputType(typeof(User))]
    public sealed class SetBmgUserCommand : UserFieldsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(UserName), "Set-BmgUser", RecordTypes = new[] { typeof(User) })]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] UserName { get; set; } = new string[0];

        private protected override string? PipelineOnlyInputAdvice =>
            "-InputObject takes only piped users (Get-BmgUser | Set-BmgUser -EmailAddress ...); name a user by -UserName.";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string TallyNoun => "user";

        protected override void ProcessRecordCore()
        {
            // A piped record's other properties are not applied (see UserFieldsCmdlet); say so rather than drop them silently.
            WarnOfFieldsNotApplied($"user '{FieldText.Printable(string.Join("', '", UserName))}'");
            FieldValues given = GivenFields();
            WarnIfNoFieldGiven(given, FieldKey.UserName, "-Name, -EmailAddress or -Organizations");
            foreach (string userName in UserName)
            {
                EditOrKeep(nameof(UserName), userName, () =>
                {
                    bool declined = false;
                    TallyStarted();
                    RecordPlan<User> plan = UserEditor.Edit(Store, userName, given,
                        change => !(declined = !ShouldProcess($"User '{change.Proposed.UserName}'", $"Update ({change.DescribeChanges()})")), Origin, ConfirmMayPrompt);
                    if (!declined && plan.Action == RecordAction.Updated)
                    {
                        TallyCommitted(plan.Proposed.UserName);
                    }

                    WriteOverwritten(plan.Overwritten);
                    User user = plan.Proposed;
                    if (PassThru && !declined)
                    {
                        AfterCommit(() => WriteObject(user));
                    }
                });
            }
        }
    }
}
