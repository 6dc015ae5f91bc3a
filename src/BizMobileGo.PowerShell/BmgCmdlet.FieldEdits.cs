using System.Collections.Generic;

namespace BizMobileGo.PowerShell
{
    // What the cmdlets that create or edit one device share (New-/Set-BmgDevice): the plan's warnings before
    // ShouldProcess. The field values given, as parameters or piped, are FieldEditCmdlet's.
    public abstract partial class BmgCmdlet
    {
        /// <summary>Writes what the plan found worth a look (a short code, an unusual serial), then asks ShouldProcess.</summary>
        protected bool WarnThenConfirm(IEnumerable<string> warnings, string target, string action)
        {
            foreach (string warning in warnings)
            {
                WriteWarning(warning);
            }

            return ShouldProcess(target, action);
        }
    }
}
