using System.Management.Automation;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Deletes users; a user that devices are linked to is refused unless -Force, which unlinks them, clears a RegistrationEmail
    /// that is the user's address and supersedes their unsent check-in emails (<see cref="UserRemoval"/>).
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "BmgUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(User))]
    public sealed class RemoveBmgUserCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(UserName), "Remove-BmgUser", RecordTypes = new[] { typeof(User) })]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] UserName { get; set; } = new string[0];

        /// <summary>Unlink the user's devices and remove the user.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string TallyNoun => "user";

        private protected override string TallyVerb => "removed";

        protected override void ProcessRecordCore()
        {
            foreach (string userName in UserName)
            {
                EditOrKeep(nameof(UserName), userName, () =>
                {
                    bool removed = false;
                    TallyStarted();
                    UserRemoval removal = UserEditor.Remove(Store, userName, Force, decided =>
                    {
                        // Before the prompt, as a handed-over device's warning (HandedOverCheckInEmail): what stays is said
                        // while the admin can still say no; a piped run nobody confirms per user says them once, at its end.
                        foreach ((string identifier, string warning) in decided.Warnings)
                        {
                            WarnOrBatch(BatchedWarningKind.AddressKeptAfterUserRemoved, identifier, warning);
                        }

                        return removed = ShouldProcess(decided.Target, "Remove");
                    }, Origin, ConfirmMayPrompt);
                    if (removed)
                    {
                        TallyCommitted(removal.User.UserName);
                    }

                    if (removed && PassThru)
                    {
                        AfterCommit(() => WriteObject(removal.User));
                    }
                });
            }
        }
    }
}
