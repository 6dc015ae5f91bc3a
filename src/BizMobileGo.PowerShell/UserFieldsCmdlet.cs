using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>The user fields New-BmgUser and Set-BmgUser take, named like the CSV columns; $null or "" clears.</summary>
    public abstract class UserFieldsCmdlet : BmgCmdlet
    {
        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        public string? Name { get; set; }

        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        public string? EmailAddress { get; set; }

        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        public string? UserDescription { get; set; }

        /// <summary>Organization ids, in order; $null or @() removes them all.</summary>
        [Parameter]
        [AllowNull]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        public string[]? Organizations { get; set; }
    }
}
