using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// A name in a DeviceTags or Organizations list that is the text .NET gives an object, not a name: 'System.String[]',
    /// what Export-Csv writes for a list property (walkthrough 18, finding 2), or 'System.Collections.Hashtable', what
    /// PowerShell binds to -DeviceTags for a hashtable such as Exchange's @{Add='Tokyo'} (walkthrough 28, finding 6). Such a
    /// name is refused as what it is, with the way to write what was meant, not with "create it with New-BmgDeviceTag",
    /// which would make a tag of that name. Looked at only for a name that names nothing, so a valid row costs nothing more.
    /// </summary>
    public static class ObjectText
    {
        /// <summary>Where the list's text came from, which decides the advice.</summary>
        public enum Given
        {
            /// <summary>A file's cell or a piped record's property: the file's list is written wrong.</summary>
            InFile,

            /// <summary>A whole-list parameter typed on the command line (-DeviceTags, -Organizations).</summary>
            WholeList,

            /// <summary>A name to add or remove (-AddDeviceTag, -RemoveOrganization).</summary>
            ListEdit,
        }

        // A .NET array's type name as ToString() gives it, which is what Export-Csv writes for a list ('System.String[]',
        // 'System.Object[]'); a device tag or organization id so named is not worth a guess.
        private static readonly Regex ArrayTypeName = new Regex(@"^System\.[A-Za-z][A-Za-z0-9_.]*\[\]$", RegexOptions.CultureInvariant);

        // A generic type's name as ToString() gives it ('System.Collections.Generic.List`1[System.String]').
        private static readonly Regex GenericTypeName = new Regex(@"^System\.[A-Za-z][A-Za-z0-9_.]*`\d+\[.*\]$", RegexOptions.CultureInvariant);

        // Names already looked up among the loaded types: a failed import may repeat one name on every row.
        private static readonly ConcurrentDictionary<string, bool> LoadedTypeNames = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private const int LoadedTypeNamesKept = 256;

        /// <summary>
        /// True when <paramref name="name"/> is a .NET type's name as an object's text gives it: an array's or a generic type's
        /// by their form, any other ('System.Collections.Hashtable', 'System.Object') only when a loaded type has that name, so a
        /// tag named 'System.Admin' that does not exist is told as any missing name is.
        /// </summary>
        public static bool IsObjectText(string name) =>
            name.StartsWith("System.", StringComparison.Ordinal) &&
            (ArrayTypeName.IsMatch(name) || GenericTypeName.IsMatch(name) || IsLoadedTypeName(name));

        private static bool IsLoadedTypeName(string name)
        {
            if (LoadedTypeNames.TryGetValue(name, out bool loaded))
            {
                return loaded;
            }

            loaded = false;
            foreach (System.Reflection.Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (assembly.GetType(name, throwOnError: false) != null)
                {
                    loaded = true;
                    break;
                }
            }

            if (LoadedTypeNames.Count < LoadedTypeNamesKept)
            {
                LoadedTypeNames[name] = loaded;
            }

            return loaded;
        }

        /// <summary>
        /// The refusal of <paramref name="value"/>, an object's text (<see cref="IsObjectText"/>) given as a name of
        /// <paramref name="field"/>: the reference-not-found error a name that does not exist gets (<see cref="RecordError.NotFound"/>'s
        /// ErrorId, which scripts already tell), saying what the text is and what to give instead.
        /// </summary>
        public static RecordError Refusal(string field, string value, ReferenceKind kind, Given given)
        {
            string printable = FieldText.Printable(value);
            string article = ReferenceData.WithArticle(kind);
            bool array = ArrayTypeName.IsMatch(value);
            string message;
            if (given == Given.InFile && array)
            {
                message = $"{field} holds '{printable}', which is the text Export-Csv writes for a list property, not {article}: write the list as "
                    + $"its names joined by '|' (Select-Object ..., @{{n='{field}'; e={{ $_.{field} -join '|' }}}} | Export-Csv), or export "
                    + "devices with Export-BmgDeviceCsv, which does.";
            }
            else if (given == Given.InFile)
            {
                message = $"{field} holds '{printable}', which is the text of a .NET object, not {article}: write the list as its names joined by '|'.";
            }
            else
            {
                FieldKey list = kind == ReferenceKind.Organization ? FieldKey.Organizations : FieldKey.DeviceTags;
                string command = list == FieldKey.Organizations ? "Set-BmgUser" : "Set-BmgDevice";
                string add = NameListEdit.AddParameter(list);
                string remove = NameListEdit.RemoveParameter(list);
                string what = array ? "an array of objects" : value == "System.Collections.Hashtable" ? "a hashtable such as @{Add='...'}" : "an object";
                message = $"-{field} was given '{printable}', which is PowerShell's text for {what}, not {(list == FieldKey.Organizations ? "the Id of an organization" : "the name of a device tag")}: "
                    + (given == Given.WholeList
                        ? $"-{field} takes names and replaces the whole list with them; to add or remove names, give them to {command} -{add} or -{remove} ({command} ... -{add} {(list == FieldKey.Organizations ? "org-sales" : "Tokyo")})."
                        : $"give the names themselves ({command} ... -{field} {(list == FieldKey.Organizations ? "org-sales" : "Tokyo")}, or several separated by commas).");
            }

            return new RecordError(ErrorIds.ReferenceNotFound, BmgErrorCategory.ObjectNotFound, message, field, value);
        }
    }
}
