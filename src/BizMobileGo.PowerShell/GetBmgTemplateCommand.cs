using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgTemplate")]
    [OutputType(typeof(Template))]
    public sealed class GetBmgTemplateCommand : BmgCmdlet
    {
        /// <summary>Template names; wildcards allowed; case-sensitive.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            WriteObject(SelectByName(Store.GetTemplates(), Name, t => t.Name, ignoreCase: false, "TemplateNotFound", "template"), enumerateCollection: true);
    }
}
