using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgUser")]
    [OutputType(typeof(User))]
    public sealed class GetBmgUserCommand : BmgCmdlet
    {
        /// <summary>User names; case-sensitive; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[]? UserName { get; set; }

        protected override void ProcessRecord() => WriteObject(FindUsers(UserName), enumerateCollection: true);
    }
}
