using System.Collections.Generic;

namespace BizMobileGo.PowerShell
{
    // What the cmdlets that create or edit records share (New-/Set-BmgDevice, Set-BmgUser, Set-BmgOrganization): the plan's
    // warnings before ShouldProcess, and the warning of a Set- given nothing to change. The field values given, as
    // parameters or piped, are FieldEditCmdlet's.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// Values a confirmed change overwrote that its confirmation did not show (another writer's, while the command
        /// waited for the store: StaleConfirmation), said after the change.
        /// </summary>
        protected void WriteOverwritten(IEnumerable<string> overwritten)
        {
            foreach (string warning in overwritten)
            {
                if (Unsaid(warning))
                {
                    WriteWarning(warning);
                }
            }
        }

        /// <summary>Writes what the plan found worth a look (a short code, an unusual serial), then asks ShouldProcess.</summary>
        protected bool WarnThenConfirm(IEnumerable<string> warnings, string target, string action)
        {
            foreach (string warning in warnings)
            {
                WriteWarning(warning);
            }

            return ShouldProcess(target, action);
        }

        /// <summary>
        /// A Set- cmdlet given no field to change (Set-BmgDevice/Set-BmgUser without a field parameter, Set-BmgOrganization
        /// given only piped Organization objects, whose Name is the one they have) changes nothing: say so once a command, as
        /// a warning. Not an error: Set-ADUser and Set-LocalUser accept a call without changes, and a script that splats a set
        /// of changes that may be empty must not fail; but silence hid a forgotten parameter (walkthrough 11, 9).
        /// </summary>
        /// <param name="examples">Field parameters to suggest ("-DisplayName, -UserName or -DeviceTags").</param>
        private protected void WarnNoFieldGiven(string examples)
        {
            if (!NoFieldWarningNeeded)
            {
                return;
            }

            NoFieldWarningNeeded = false;
            WriteWarning($"{MyInvocation.MyCommand.Name} was given no field to change, so nothing changes: give a field parameter, such as {examples}.");
        }

        /// <summary>False once the command has said which parameter to give (the warning above, or one that names the parameters).</summary>
        private protected bool NoFieldWarningNeeded { get; set; } = true;
    }
}
