namespace BizMobileGo.PowerShell
{
    // The imports' dry run of several files (Import-BmgDeviceCsv, Import-BmgDepDevice): each file's dry run is rolled back
    // before the next file is planned, so a later file is checked against the store as it is now, not as the files before
    // it would leave it. Until the dry run keeps that state across files, a dry run of a second file says so, once.
    public abstract partial class BmgCmdlet
    {
        private int _dryRunFiles;

        /// <summary>Counts a file the command dry-runs; at the second, warns (once) that each file is dry-run alone.</summary>
        protected void DryRunOfFile()
        {
            if (++_dryRunFiles == 2)
            {
                WriteWarning("-WhatIf checks each file against the store as it is now, not as the files before it would leave it: " +
                    "a file that depends on an earlier one (a device it creates, a serial it takes) may be predicted wrongly. " +
                    "Dry-run such files one at a time after importing the earlier ones, or check the real run's result.");
            }
        }
    }
}
