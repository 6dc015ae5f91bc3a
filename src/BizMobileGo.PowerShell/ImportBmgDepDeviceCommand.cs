using System;
using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>Imports Apple's list of DEP devices (CSV or the JSON device list); re-importing updates.</summary>
    [Cmdlet(VerbsData.Import, "BmgDepDevice", SupportsShouldProcess = true)]
    [OutputType(typeof(DepImportSummary))]
    public sealed class ImportBmgDepDeviceCommand : BmgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            foreach (string path in Path)
            {
                foreach (string file in ResolveFiles(path, literal: false))
                {
                    if (ShouldProcess(file, "Import DEP devices"))
                    {
                        ForItem(() => WriteObject(DepDeviceFile.Import(Store, file, DateTimeOffset.UtcNow)));
                    }
                }
            }
        }
    }
}
