using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// An import's Source as Get-BmgImportHistory's table shows it: its file name, cut as -Source matches one
    /// (<see cref="ImportHistoryFilter.FileName"/>: after the last / or \, a Windows job's path on a Linux console too, where
    /// Split-Path -Leaf kept all of "C:\jobs\incoming\devices.csv"). Here for the view's script block, which can name only the
    /// cmdlet assembly's types (see <see cref="ListValueText"/>); the rule itself is the core's.
    /// </summary>
    public static class ImportSourceText
    {
        public static string? FileName(string? source) => source == null ? null : ImportHistoryFilter.FileName(source);
    }
}
