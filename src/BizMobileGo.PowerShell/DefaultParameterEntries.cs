using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Whether a $PSDefaultParameterValues entry gives a command a parameter, matched as PowerShell's binder matches it
    /// (about_Parameters_Default_Values): a key "CommandName:ParameterName", each side trimmed and maybe quoted; the command
    /// side a wildcard pattern of the command's name or of one of its aliases, the parameter side the parameter's name or an
    /// alias of it, or a pattern that matches one name or alias alone; none at all while a key 'Disabled' holds a true value.
    /// An entry whose value is not the one bound did not give it (a proxy function that sets -Database itself); a script
    /// block's value is PowerShell's to evaluate, so such an entry may have.
    /// </summary>
    internal static class DefaultParameterEntries
    {
        private const string Variable = "PSDefaultParameterValues";

        /// <summary>
        /// Whether an entry of $PSDefaultParameterValues as <paramref name="sessionState"/> sees it may have given
        /// <paramref name="command"/> the <paramref name="bound"/> value of its (string) <paramref name="parameter"/>.
        /// </summary>
        public static bool MayHaveGiven(SessionState sessionState, CommandInfo command, string parameter, string? bound)
        {
            object? value = sessionState.PSVariable.GetValue(Variable);
            if (!((value is PSObject wrapped ? wrapped.BaseObject : value) is IDictionary entries) || entries.Count == 0)
            {
                return false;
            }

            if (!command.Parameters.TryGetValue(parameter, out ParameterMetadata? metadata))
            {
                return false;
            }

            string[]? aliasesOfCommand = null;
            bool matched = false;
            foreach (DictionaryEntry entry in entries)
            {
                if (!(entry.Key is string key))
                {
                    continue;
                }

                key = key.Trim();
                if (key.Equals("Disabled", StringComparison.OrdinalIgnoreCase))
                {
                    if (LanguagePrimitives.IsTrue(entry.Value))
                    {
                        return false;
                    }

                    continue;
                }

                if (matched || !Split(key, out string commandSide, out string parameterSide) || !NamesParameter(parameterSide, metadata, command)
                    || !MayBe(entry.Value, bound))
                {
                    continue;
                }

                var commandPattern = WildcardPattern.Get(commandSide, WildcardOptions.IgnoreCase);
                matched = commandPattern.IsMatch(command.Name)
                    || (aliasesOfCommand ??= AliasesOf(sessionState, command)).Any(commandPattern.IsMatch);
            }

            return matched;
        }

        /// <summary>Whether an entry's value may be the bound one: a script block's result can't be told without running it.</summary>
        private static bool MayBe(object? value, string? bound)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (value is ScriptBlock)
            {
                return true;
            }

            try
            {
                return string.Equals(LanguagePrimitives.ConvertTo<string>(value), bound, StringComparison.Ordinal);
            }
            catch (PSInvalidCastException)
            {
                return false;
            }
        }

        /// <summary>A key's two sides, PowerShell's DefaultParameterDictionary format: "Name:Parameter", either side in quotes.</summary>
        private static bool Split(string key, out string commandSide, out string parameterSide)
        {
            commandSide = parameterSide = string.Empty;
            int separator = key.IndexOf(':');
            if (separator <= 0 || separator == key.Length - 1)
            {
                return false;
            }

            commandSide = Unquoted(key.Substring(0, separator));
            parameterSide = Unquoted(key.Substring(separator + 1));
            return commandSide.Length > 0 && parameterSide.Length > 0;
        }

        private static string Unquoted(string side)
        {
            side = side.Trim();
            return side.Length >= 2 && (side[0] == '\'' || side[0] == '"') && side[side.Length - 1] == side[0]
                ? side.Substring(1, side.Length - 2).Trim()
                : side;
        }

        /// <summary>
        /// Whether a key's parameter side gives the parameter: its name or an alias; or a pattern that matches it and no other
        /// parameter of the command (the binder ignores a pattern that matches several).
        /// </summary>
        private static bool NamesParameter(string parameterSide, ParameterMetadata parameter, CommandInfo command)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(parameterSide))
            {
                return parameterSide.Equals(parameter.Name, StringComparison.OrdinalIgnoreCase)
                    || parameter.Aliases.Contains(parameterSide, StringComparer.OrdinalIgnoreCase);
            }

            var pattern = WildcardPattern.Get(parameterSide, WildcardOptions.IgnoreCase);
            // Names and aliases are counted apart, as the binder counts them: a pattern that matches a name and its alias is ignored too.
            ParameterMetadata[] matching = command.Parameters.Values
                .SelectMany(candidate => Enumerable.Repeat(candidate, (pattern.IsMatch(candidate.Name) ? 1 : 0) + candidate.Aliases.Count(pattern.IsMatch)))
                .ToArray();
            return matching.Length == 1 && matching[0].Name == parameter.Name;
        }

        /// <summary>The names of the aliases that resolve to the command (a key may name the command by an alias).</summary>
        private static string[] AliasesOf(SessionState sessionState, CommandInfo command) =>
            sessionState.InvokeCommand.GetCommands("*", CommandTypes.Alias, true)
                .OfType<AliasInfo>()
                .Where(alias => string.Equals(alias.ResolvedCommand?.Name ?? alias.Definition, command.Name, StringComparison.OrdinalIgnoreCase))
                .Select(alias => alias.Name)
                .ToArray();
    }
}
