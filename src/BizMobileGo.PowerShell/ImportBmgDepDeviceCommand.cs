using System;
using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Imports Apple's DEP data: Device Assignment Services' fetch/sync device responses and profile
    /// response (JSON), Apple Business Manager's device list CSV, or the module's own CSV; files in the order given.
    /// </summary>
    [Cmdlet(VerbsData.Import, "BmgDepDevice", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DepImportSummary))]
    public sealed class ImportBmgDepDeviceCommand : BmgCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Paths taken as they are (no wildcards); binds the PSPath of Get-ChildItem output, as Import-Csv does.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = new string[0];

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string path in literal ? LiteralPath : Path)
            {
                foreach (string file in ResolveFiles(path, literal))
                {
                    ForItem(() => Import(file));
                }
            }
        }

        private void Import(string file)
        {
            // Ctrl+C ends a FIFO's wait for its writer as for Import-BmgDeviceCsv (InputFile): the command ends stopped.
            DepImportResult result = DepImport.Import(Store, file, DateTimeOffset.UtcNow,
                plan => ShouldProcess(file, $"Import DEP devices: {plan.Describe()}"), StopToken);
            foreach (BmgException error in result.Errors)
            {
                WriteError(ToErrorRecord(error));
            }

            if (result.Errors.Count != 0)
            {
                WriteError(ToErrorRecord(new BmgException(ErrorIds.DepDeviceFileInvalid, BmgErrorCategory.InvalidData,
                    $"{result.Errors.Count} entries of the DEP device file '{file}' can't be imported (see the errors above), so nothing was imported from it.", file)));
            }

            foreach (string uuid in result.Summary.UnnamedProfileUuids)
            {
                if (!_unnamedProfiles.Exists(u => string.Equals(u.Uuid, uuid, StringComparison.OrdinalIgnoreCase)))
                {
                    _unnamedProfiles.Add((file, uuid));
                }
            }

            WriteObject(result.Summary);
        }

        // Profile uuids the files left without a name, warned about once every file had its turn: a profile response
        // later in the same call (Import-BmgDepDevice ./dep-*, in name order) names them.
        private readonly List<(string File, string Uuid)> _unnamedProfiles = new List<(string File, string Uuid)>();

        protected override void EndProcessingCore()
        {
            foreach ((string file, string uuid) in _unnamedProfiles)
            {
                if (Store.GetDepProfileName(uuid) == null)
                {
                    WriteWarning($"DEP devices of '{file}' are assigned the profile {uuid}, whose name is not known: import Apple's profile response for it (Import-BmgDepDevice profile.json) or name it with Set-BmgDepProfile -Uuid {uuid} -Name <name>.");
                }
            }
        }
    }
}
