using System;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The one rule for a file (or folder) piped to a parameter that takes names: it is no name, and it is refused saying a
    /// file was piped, what the parameter takes, and the commands that read such a file. An admin who pipes a file
    /// (`Get-ChildItem f.csv | Set-BmgDeviceDepEnrollment -Method Keycode`) meant its contents, a CSV of devices or Apple's
    /// DEP device list; bound as a name, its text is its path, and the command looked for the device '/home/admin/f.csv'
    /// (DeviceNotFound naming the path), or by its Name created the template 'f.csv'.
    /// </summary>
    /// <remarks>
    /// <see cref="NameNotObjectAttribute"/> applies it to every parameter it guards, when the file is piped. A command whose
    /// -LiteralPath takes a piped file (Set-BmgDeviceDepEnrollment, Get-BmgDeviceDepLink) has it handed on instead, as a
    /// <see cref="HandedOn"/>: PowerShell binds -LiteralPath by the file's PSPath when it can, and else (-Method given rules
    /// -LiteralPath out) converts what the transformation returned to -Identifier's text. The transformation can't tell
    /// those two apart (it is called alike before either), so the command asks <see cref="HandedOnFile"/> whether its
    /// -Identifier is that text, and refuses the file there.
    /// </remarks>
    internal static class PipedFile
    {
        /// <summary>
        /// A piped file handed on to a command's -LiteralPath: its text, should PowerShell bind it to the name parameter
        /// instead, is the file's path, and <see cref="HandedOnFile"/> knows that very string for the file's.
        /// </summary>
        public sealed class HandedOn
        {
            private readonly string _text;

            public HandedOn(PSObject file)
            {
                File = file;
                // A string of its own, never one a person typed: looked up by reference, it can only be this file's.
                _text = new string(PathOf(file).AsSpan());
                Texts.AddOrUpdate(_text, this);
            }

            public PSObject File { get; }

            public override string ToString() => _text;
        }

        // The text of each file handed on, by reference: held only as long as the text itself is.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, HandedOn> Texts =
            new System.Runtime.CompilerServices.ConditionalWeakTable<string, HandedOn>();

        /// <summary>The piped file whose path PowerShell bound as <paramref name="name"/> (see <see cref="HandedOn"/>), or null for a name.</summary>
        public static PSObject? HandedOnFile(string name) => Texts.TryGetValue(name, out HandedOn? handedOn) ? handedOn.File : null;

        // A file read back by Import-Clixml is still a file the admin piped.
        private static readonly string[] DeserializedTypes = { "Deserialized.System.IO.FileInfo", "Deserialized.System.IO.DirectoryInfo" };

        /// <summary>Whether the piped object is a file or folder (Get-ChildItem, Get-Item, or one read back by Import-Clixml).</summary>
        /// <remarks>
        /// A deserialized object is a property bag (PSCustomObject) and only those have their type names read: the module's own
        /// objects piped between its cmdlets, one a row, pass with two type tests.
        /// </remarks>
        public static bool Is(PSObject? piped) =>
            piped != null && (piped.BaseObject is FileSystemInfo
                || (piped.BaseObject is PSCustomObject && piped.TypeNames.Any(name => Array.IndexOf(DeserializedTypes, name) >= 0)));

        /// <summary>
        /// Why <paramref name="file"/> is no value for -<paramref name="parameterName"/>: "A file was piped ('/tmp/f.csv'), but
        /// -Identifier takes device identifiers or device objects (Get-BmgDevice …), not files. To import a CSV of devices: …".
        /// </summary>
        /// <param name="recordTypes">The module's types the parameter takes (NameNotObject's RecordTypes), or null.</param>
        /// <param name="command">The command, for the Import-Csv example; null: "…".</param>
        /// <param name="otherWay">The command's own way to read the file, said first (Set-BmgDeviceDepEnrollment's -Path), or null.</param>
        public static string Refusal(PSObject file, string parameterName, Type[]? recordTypes, string? command, string? otherWay = null)
        {
            bool folder = file.BaseObject is DirectoryInfo || file.TypeNames.Contains(DeserializedTypes[1]);
            string path = PathOf(file);
            string quoted = Core.Fields.FieldText.SingleQuotedArgument(path);
            string ways = otherWay == null ? "" : " " + otherWay;
            if (!folder && StoreAdvice(file, command) is string useStore)
            {
                // A store file (Get-ChildItem *.db | Get-BmgDevice): the admin meant that store, never a CSV import of it.
                return $"A BizMobileGo store file was piped ('{Core.Fields.FieldText.Printable(path)}'), but -{parameterName} takes "
                    + $"{Takes(parameterName, recordTypes)}, not files.{ways} {useStore}";
            }

            if (!folder)
            {
                if (parameterName == "Identifier" || parameterName == "UserName")
                {
                    ways += $" To import a CSV of devices and users: Import-BmgDeviceCsv -LiteralPath {quoted}.";
                }

                if (parameterName == "Identifier")
                {
                    ways += $" Apple's DEP device list: Import-BmgDepDevice -LiteralPath {quoted}.";
                }

                ways += $" To pipe the rows of a CSV file instead: Import-Csv -LiteralPath {quoted} | {(command == null ? "…" : command + " …")}";
            }

            return $"A {(folder ? "folder" : "file")} was piped ('{Core.Fields.FieldText.Printable(path)}'), but -{parameterName} takes {Takes(parameterName, recordTypes)}, "
                + $"not {(folder ? "folders" : "files")}.{ways}";
        }

        /// <summary>
        /// The advice for a piped file that is a BizMobileGo store (<see cref="Core.Store.StoreFile.LooksLikeStore"/>), else null:
        /// a store is named by -Database, one command a store ("To use that store, name it: Get-BmgDevice -Database '/x/a.db'.
        /// For each of several: Get-ChildItem *.db | ForEach-Object { Get-BmgDevice -Database $_.FullName }").
        /// </summary>
        /// <param name="command">The command, for the examples; null: the advice without them.</param>
        public static string? StoreAdvice(PSObject file, string? command)
        {
            string path = PathOf(file);
            if (file.BaseObject is DirectoryInfo || file.TypeNames.Contains(DeserializedTypes[1]) || !Core.Store.StoreFile.LooksLikeStore(path))
            {
                return null;
            }

            string quoted = Core.Fields.FieldText.SingleQuotedArgument(path);
            return command == null
                ? $"To use that store, name it with -Database {quoted} instead of piping it; for each of several stores, "
                    + "pipe them to ForEach-Object and give each one's FullName to -Database."
                : $"To use that store, name it: {command} -Database {quoted}. "
                    + $"For each of several stores: Get-ChildItem *.db | ForEach-Object {{ {command} -Database $_.FullName }}.";
        }

        /// <summary>What a name parameter takes, as the refusal says it.</summary>
        private static string Takes(string parameterName, Type[]? recordTypes) => parameterName switch
        {
            "Identifier" => "device identifiers or device objects (Get-BmgDevice …)",
            "UserName" => "user names or User objects (Get-BmgUser …)",
            "InputObject" when recordTypes != null => $"{string.Join(" or ", recordTypes.Select(type => type.Name))} objects",
            _ => recordTypes != null ? $"names or {string.Join(" or ", recordTypes.Select(type => type.Name))} objects" : "names",
        };

        /// <summary>The full path of a piped file or folder (a live one, or one read back by Import-Clixml).</summary>
        public static string PathOf(PSObject file) =>
            file.BaseObject is FileSystemInfo info ? info.FullName
            : file.Properties["FullName"]?.Value?.ToString() ?? file.ToString();
    }
}
