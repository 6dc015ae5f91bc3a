using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A record piped to New-/Set-BmgUser or New-/Set-BmgDevice (an Import-Csv row, a [pscustomobject]) against the
    /// command's field parameters: which of its properties PowerShell bound by name, and which properties named like a
    /// field set nothing — so that none of them is lost without a word.
    /// </summary>
    /// <remarks>
    /// PowerShell matches a property to a parameter by the parameter's name or an alias, ignoring case, never trimming.
    /// One instance serves one command: the parameters are read once (CommandInfo.Parameters is built anew on every
    /// access), and each set of unapplied property names is reported once, not once a record.
    /// </remarks>
    internal sealed class PipedRecordFields
    {
        private readonly string _commandName;

        // Every name (and alias) of the command's parameters, ignoring case, to the parameter's name and whether it binds by property name.
        private readonly Dictionary<string, (string Parameter, bool ByPropertyName)> _parameters =
            new Dictionary<string, (string, bool)>(StringComparer.OrdinalIgnoreCase);

        // Each parameter's name and aliases, by its name (ignoring case).
        private readonly Dictionary<string, string[]> _namesOfParameter = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

        // Parameters that bind by property name and are not mandatory: the ones an earlier record's value can linger in.
        private readonly HashSet<string> _optionalByPropertyName = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        private readonly HashSet<string> _reported = new HashSet<string>(StringComparer.Ordinal);

        public PipedRecordFields(CommandInfo command)
        {
            _commandName = command.Name;
            foreach (ParameterMetadata parameter in command.Parameters.Values)
            {
                bool byPropertyName = parameter.ParameterSets.Values.Any(set => set.ValueFromPipelineByPropertyName);
                if (byPropertyName && !parameter.ParameterSets.Values.Any(set => set.IsMandatory))
                {
                    _optionalByPropertyName.Add(parameter.Name);
                }

                string[] names = parameter.Aliases.Prepend(parameter.Name).ToArray();
                _namesOfParameter[parameter.Name] = names;
                foreach (string name in names)
                {
                    _parameters[name] = (parameter.Name, byPropertyName);
                }
            }
        }

        /// <summary>
        /// True when the command has optional parameters that bind by property name (New-BmgUser's fields): only those
        /// can hold an earlier record's value. A mandatory one is bound anew for every record, or the record fails.
        /// </summary>
        public bool BindsOptionalFieldsByName => _optionalByPropertyName.Count != 0;

        /// <summary>Whether an earlier record's value can linger in <paramref name="parameterName"/> (see <see cref="Has"/>).</summary>
        public bool MayLinger(string parameterName) => _optionalByPropertyName.Contains(parameterName);

        /// <summary>
        /// Whether <paramref name="record"/> has a property PowerShell binds to <paramref name="parameterName"/>.
        /// A parameter bound from an earlier record stays in BoundParameters with that record's value when the
        /// current one lacks the property (PowerShell resets only the parameter itself): this tells them apart.
        /// </summary>
        public bool Has(PSObject? record, string parameterName)
        {
            if (record == null || !_namesOfParameter.TryGetValue(parameterName, out string[]? names))
            {
                return false;
            }

            // The indexer looks a name up (ignoring case) without listing every property of the record.
            foreach (string name in names)
            {
                if (record.Properties[name] != null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The warning for <paramref name="record"/>'s properties that are named like a field (any case, spaces around
        /// ignored) and set nothing; null when there are none, when the record is one of the module's own objects, or
        /// when the same names were reported before in this command. A property whose parameter was given on the command
        /// line is not reported: the value given there was meant to win.
        /// </summary>
        /// <param name="recordName">The record as the user knows it ("user 'pu1'").</param>
        /// <param name="fieldKind">"user" or "device": the fields the command takes at all.</param>
        /// <param name="onCommandLine">Whether a parameter was given on the command line.</param>
        public string? NotAppliedWarning(PSObject? record, string recordName, string fieldKind, Func<string, bool> onCommandLine)
        {
            if (record == null || record.BaseObject is string || ModuleObjects.IsOwn(record))
            {
                return null;
            }

            var spaced = new List<string>();
            var parametersOnly = new List<string>();
            var otherFields = new List<string>();
            var nearMisses = new List<(string Name, string Field)>();
            foreach (PSPropertyInfo property in record.Properties)
            {
                if (!FieldKeys.TryFind(property.Name.Trim(), out _))
                {
                    // Not a field's name: ignored, as PowerShell ignores any property that matches no parameter, unless it
                    // reads as a misspelt field (MisspeltField).
                    if (!_parameters.ContainsKey(property.Name) && MisspeltField(property.Name) is string field)
                    {
                        nearMisses.Add((property.Name, field));
                    }

                    continue;
                }

                if (!_parameters.TryGetValue(property.Name, out var parameter))
                {
                    (_parameters.ContainsKey(property.Name.Trim()) ? spaced : otherFields).Add(property.Name);
                }
                else if (!parameter.ByPropertyName && !onCommandLine(parameter.Parameter))
                {
                    parametersOnly.Add(property.Name);
                }
            }

            var notApplied = spaced.Concat(parametersOnly).Concat(otherFields).Concat(nearMisses.Select(miss => miss.Name)).ToList();
            if (notApplied.Count == 0 || !_reported.Add(string.Join("\u001f", notApplied)))
            {
                return null;
            }

            var reasons = new List<string>();
            if (parametersOnly.Count != 0)
            {
                reasons.Add($"{_commandName} takes field values as parameters only, never from a piped object's properties: give " +
                    $"{string.Join(", ", parametersOnly.Select(name => "-" + name.Trim()))}, or change {fieldKind}s from records with Import-BmgDeviceCsv.");
            }

            if (otherFields.Count != 0)
            {
                reasons.Add($"{Quoted(otherFields)} {(otherFields.Count == 1 ? "is not a" : "are not")} {fieldKind} field{(otherFields.Count == 1 ? "" : "s")} " +
                    $"and {_commandName} sets {fieldKind} fields only: Import-BmgDeviceCsv applies every field of a record, users and devices.");
            }

            if (spaced.Count != 0)
            {
                reasons.Add($"{Quoted(spaced)} {(spaced.Count == 1 ? "has" : "have")} spaces around the name: a property binds to a parameter " +
                    "only when named exactly like it.");
            }

            if (nearMisses.Count != 0)
            {
                reasons.Add(MisspeltFieldsSentence(nearMisses));
            }

            return $"The piped object's {Quoted(notApplied)} {Core.Text.EnglishWords.Was(notApplied.Count)} not applied to {recordName} " +
                $"(said once in this command for these properties). {string.Join(" ", reasons)}";
        }

        /// <summary>
        /// The one rule for a piped property that reads as a misspelt field ('Serial Number', 'SerialNumber', 'E-mail'):
        /// the field it was meant for, or null. Such a property binds nothing (PowerShell binds a property only by a
        /// parameter's exact name or alias, any case), yet the value it holds was meant for that field, and
        /// Import-BmgDeviceCsv refuses such a column. The CSV header's did-you-mean decides, one letter off at most
        /// (handTyped: false), so a 'Notes' column or another tool's object (Get-ADUser's 'Surname') is passed over.
        /// The caller has checked that the name is no field's and binds no parameter.
        /// Set-BmgDevice/Set-BmgUser and New-BmgDevice/New-BmgUser warn of it (<see cref="NotAppliedWarning"/>); a
        /// command that takes that very field from the piped object refuses the object (<see cref="MisspeltFieldsTaken"/>).
        /// </summary>
        public static string? MisspeltField(string propertyName)
        {
            // Worked out once a name: every piped object of a kind has the same names, and Suggest measures the name
            // against every field (review). Bounded, so that a long session of odd names holds no more than this.
            if (Suggestions.TryGetValue(propertyName, out string? field))
            {
                return field;
            }

            field = ImportHeader.Suggest(propertyName, handTyped: false);
            if (Suggestions.Count < MostSuggestionsKept)
            {
                Suggestions.TryAdd(propertyName, field);
            }

            return field;
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Suggestions =
            new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);

        private const int MostSuggestionsKept = 4096;

        /// <summary>
        /// The properties of a piped object that read as a misspelt name of one of <paramref name="fieldsTaken"/>, the
        /// fields the command takes from a piped object's properties (Set-BmgDeviceDepEnrollment's DEPMethod and Serial),
        /// with the field each was meant for; empty for a string and for the module's own objects (their property names
        /// are the module's). Properties that are a field's name (any case, spaces around ignored) are not looked at:
        /// those bind, or are another field the command does not take.
        /// </summary>
        public static List<(string Name, string Field)> MisspeltFieldsTaken(PSObject record, IReadOnlyCollection<string> fieldsTaken)
        {
            var misspelt = new List<(string Name, string Field)>();
            if (record.BaseObject is string || ModuleObjects.IsOwn(record))
            {
                return misspelt;
            }

            foreach (PSPropertyInfo property in record.Properties)
            {
                if (!FieldKeys.TryFind(property.Name.Trim(), out _) && MisspeltField(property.Name) is string field
                    && fieldsTaken.Contains(field, StringComparer.OrdinalIgnoreCase))
                {
                    misspelt.Add((property.Name, field));
                }
            }

            return misspelt;
        }

        /// <summary>"'Serial Number' (did you mean 'Serial'?) is not a field name: …": the words of every report of misspelt properties.</summary>
        public static string MisspeltFieldsSentence(IReadOnlyList<(string Name, string Field)> misspelt) =>
            $"{string.Join(", ", misspelt.Select(miss => $"'{FieldText.Printable(miss.Name)}' (did you mean '{miss.Field}'?)"))} " +
            $"{(misspelt.Count == 1 ? "is not a field name" : "are not field names")}: a property binds to a parameter only when named " +
            "exactly like it (any case); rename the column, or the property with Select-Object @{n='<field>'; e={ ... }}.";

        private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(name => $"'{FieldText.Printable(name)}'"));
    }
}
