namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// What a header of the sheet's own headings (ユーザー名, 識別子, 備考: <see cref="ImportHeader"/>) is told to do: pipe the
    /// sheet's rows through Import-Csv, told how to read the file as the module read it (<see cref="Csv.ImportCsvArguments"/>:
    /// a Shift_JIS sheet needs -Encoding 932), into the command whose header rule refused the file, mapping a heading that
    /// means a column on the way in. The import maps every heading it needs; a -Path command (Get-BmgDeviceDepLink,
    /// Set-BmgDeviceDepEnrollment) reads only the columns it binds from a piped row, so its sheet's notes column (備考) needs
    /// no mapping at all, and the advice names that command, not the import, which would write what the look-up only reads
    /// (walkthrough 45, finding 2).
    /// </summary>
    public sealed class OwnHeadingsAdvice
    {
        /// <summary>The command that imports a device CSV file, whose header rule every device CSV reader shares.</summary>
        public const string ImportCommand = "Import-BmgDeviceCsv";

        private readonly string _importCsvArguments;
        private readonly string _command;

        /// <param name="importCsvArguments">Import-Csv's arguments for the file (<see cref="Csv.ImportCsvArguments.Of"/>), or "".</param>
        /// <param name="command">The command that read the header: <see cref="ImportCommand"/> or a -Path command.</param>
        public OwnHeadingsAdvice(string importCsvArguments, string command)
        {
            _importCsvArguments = importCsvArguments;
            _command = command;
        }

        /// <summary>The import's advice for a header whose file is not known (piped objects, a test's names).</summary>
        public static readonly OwnHeadingsAdvice ForImport = new OwnHeadingsAdvice("", ImportCommand);

        /// <summary>The advice, showing the mapping of <paramref name="heading"/> (the header's first heading of its own).</summary>
        public string For(string heading)
        {
            string map = $"Import-Csv <file>{_importCsvArguments} | Select-Object @{{ n = '<column>'; e = {{ $_.'{heading}' }} }}, … | {_command}";
            return _command == ImportCommand
                ? $"To import a sheet with headings of its own, map them to these names on the way in: {map} (Get-Help {ImportCommand} -Examples: \"Rows built in a script\")."
                : $"To read a sheet with headings of its own, pipe its rows: Import-Csv <file>{_importCsvArguments} | {_command} reads the columns it takes " +
                  $"and no other; a heading that means one of them is mapped on the way in: {map}.";
        }
    }
}
