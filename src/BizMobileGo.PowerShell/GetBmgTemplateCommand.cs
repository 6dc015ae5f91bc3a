using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgTemplate", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(Template))]
    public sealed class GetBmgTemplateCommand : BmgCmdlet
    {
        private const string PatternSet = "Name";
        private const string LiteralSet = "LiteralName";

        /// <summary>Template names; wildcards allowed; case-sensitive.</summary>
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "Get-BmgTemplate", RecordTypes = new[] { typeof(Template) })]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Names taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string[] LiteralName { get; set; } = new string[0];

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralSet;
            WriteObject(SelectByName(Store.GetTemplates(), literal ? LiteralName : Name, literal || FromPipeline(nameof(Name)), nameof(Name), x => x.Name, ignoreCase: false, "TemplateNotFound", "template",
                    (templates, name) => RenamedNotFound(ReferenceKind.Template, templates.Select(t => t.Name), name)),
                enumerateCollection: true);
        }
    }
}
