using System.Collections.Generic;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    // What the cmdlets that create or edit one device or user share (New-/Set-BmgDevice, New-/Set-BmgUser): the fields
    // given as parameters, and the plan's warnings before ShouldProcess.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// The field values given as parameters (parameters named like the CSV columns): a parameter
        /// given as $null or "" clears its field, as a blank CSV cell does; one not given is untouched.
        /// </summary>
        protected FieldValues GivenFields() => FieldParameters.Values(MyInvocation.BoundParameters);

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
