using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>Deletes users; a user that devices are linked to is refused unless -Force, which unlinks them.</summary>
    [Cmdlet(VerbsCommon.Remove, "BmgUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(User))]
    public sealed class RemoveBmgUserCommand : BmgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(UserName), "Remove-BmgUser", RecordTypes = new[] { typeof(User) })]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] UserName { get; set; } = new string[0];

        /// <summary>Unlink the user's devices and remove the user.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore()
        {
            foreach (string userName in UserName)
            {
                ForNamedItem(nameof(UserName), userName, () =>
                {
                    bool removed = false;
                    User user = UserEditor.Remove(Store, userName, Force, (u, devices) => removed = ShouldProcess(
                        $"User '{u.UserName}'" + (devices.Count == 0 ? "" : $" (unlinking devices {string.Join(", ", devices.Select(d => $"'{d.Identifier}'"))})"),
                        "Remove"), Origin, ConfirmMayPrompt);
                    if (removed && PassThru)
                    {
                        WriteObject(user);
                    }
                });
            }
        }
    }
}
