using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.New, "BmgTemplate", SupportsShouldProcess = true)]
    [OutputType(typeof(Template))]
    public sealed class NewBmgTemplateCommand : ReferenceNewCmdlet
    {
        /// <summary>The names of the templates to create; each is its own item.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "New-BmgTemplate", RecordTypes = new[] { typeof(Template) })]
        public string[] Name { get; set; } = new string[0];

        protected override ReferenceKind Kind => ReferenceKind.Template;

        protected override void ProcessRecordCore() => CreateEach(Name, name => ReferenceData.AddTemplate(Store, name));
    }
}
