using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.New, "BmgTemplate", SupportsShouldProcess = true)]
    [OutputType(typeof(Template))]
    public sealed class NewBmgTemplateCommand : BmgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = "";

        protected override void ProcessRecordCore()
        {
            if (ShouldProcess($"Template '{Name}'", "Create"))
            {
                ForItem(() => WriteObject(ReferenceData.AddTemplate(Store, Name)));
            }
        }
    }
}
