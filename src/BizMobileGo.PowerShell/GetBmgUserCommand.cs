using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgUser", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(User))]
    public sealed class GetBmgUserCommand : BmgCmdlet
    {
        private const string PatternSet = "UserName";
        private const string LiteralSet = "LiteralUserName";

        /// <summary>User names; case-sensitive; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(UserName))]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[]? UserName { get; set; }

        /// <summary>User names taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] LiteralUserName { get; set; } = new string[0];

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralSet;
            WriteObject(FindUsers(literal ? LiteralUserName : UserName, literal || FromPipeline(nameof(UserName))), enumerateCollection: true);
        }
    }
}
