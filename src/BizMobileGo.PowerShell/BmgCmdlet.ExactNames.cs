using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    // The write cmdlets' exact names: a typed name with wildcard characters that names nothing says that the cmdlet takes
    // exact names, and how to act on the items a pattern matches.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// <see cref="ForItem"/> for one item of a cmdlet that takes exact names (Set-, Remove-, Rename-, Unregister-,
        /// Unlock-…): when <paramref name="name"/>, typed to <paramref name="parameter"/>, holds a wildcard character and no item
        /// has it, its not-found error ("No device has the Identifier 'ap*'.") goes on to say that the cmdlet takes exact names
        /// and how to select several: "Remove-BmgDevice takes each -Identifier as an exact name, not a wildcard pattern; to act on
        /// the devices a pattern matches, select them and pipe them: Get-BmgDevice 'ap*' | Remove-BmgDevice." Remove-Item and
        /// Stop-Process take patterns, so that is a PowerShell user's first try, and the bare not-found read as if nothing
        /// matched (walkthrough 28, finding 9). Write targets stay literal: a pattern typed to a removal is not widened. A piped
        /// name (a Device's Identifier, a cell of Import-Csv) is no typed pattern, and keeps its error as it is.
        /// </summary>
        protected void ForNamedItem(string parameter, string name, Action work) =>
            WithExactNameHint(work, e => ExactNameHint(e, parameter, name));

        /// <summary>
        /// <paramref name="e"/> with <see cref="ForNamedItem"/>'s hint added when it is a typed pattern's not-found (Set-BmgDevice's
        /// words, for a command that reads its items by exact names too: Export-BmgDeviceCsv -Identifier 'cdev*', walkthrough 33a,
        /// finding 11); else <paramref name="e"/> as it is.
        /// </summary>
        private protected BmgException WithExactNameHint(BmgException e, string parameter, string name) =>
            ExactNameHint(e, parameter, name) is string hint ? WithHint(e, hint) : e;

        private static BmgException WithHint(BmgException e, string hint) => new BmgException(e.ErrorId, e.Category, e.Message + " " + hint, e.Target, e.InnerException);

        private string? ExactNameHint(BmgException e, string parameter, string name) =>
            PatternSelectors.TryGetValue(e.ErrorId, out (string Items, string Select) kind)
                && TypedPattern(e, parameter, name) is string typed ? PipedFormHint(parameter, typed, kind) : null;

        /// <summary>
        /// <see cref="ForNamedItem"/> for a cmdlet that acts on one item by its nature, so that no pipe of several is advised
        /// (Register-BmgDeviceCheckIn: a check-in is what one device reported): a typed <paramref name="name"/> with wildcard
        /// characters that <paramref name="errorId"/> refuses goes on to say that the name is exact, and
        /// <paramref name="why"/>. A piped name keeps its error as it is.
        /// </summary>
        protected void ForExactItem(string parameter, string name, string errorId, string why, Action work) =>
            WithExactNameHint(work, e => e.ErrorId == errorId && TypedPattern(e, parameter, name) != null
                ? $"{MyInvocation.MyCommand.Name} takes -{parameter} as an exact name, not a wildcard pattern: {why}."
                : null);

        private void WithExactNameHint(Action work, Func<BmgException, string?> hintFor) => ForItem(() =>
        {
            try
            {
                work();
            }
            catch (BmgException e) when (hintFor(e) is string hint)
            {
                throw WithHint(e, hint);
            }
        });

        /// <summary>
        /// For each kind's not-found ErrorId: the kind's items, as the hint names them, and the cmdlet that selects them by a
        /// pattern.
        /// </summary>
        private static readonly Dictionary<string, (string Items, string Select)> PatternSelectors = new Dictionary<string, (string, string)>
        {
            [ErrorIds.DeviceNotFound] = ("devices", "Get-BmgDevice"),
            [ErrorIds.UserNotFound] = ("users", "Get-BmgUser"),
            [ErrorIds.TemplateNotFound] = ("templates", "Get-BmgTemplate"),
            [ErrorIds.DeviceTagNotFound] = ("device tags", "Get-BmgDeviceTag"),
            [ErrorIds.OrganizationNotFound] = ("organizations", "Get-BmgOrganization"),
        };

        /// <summary>
        /// The name as typed, trimmed, when it holds a wildcard character, was typed (not piped) to <paramref name="parameter"/>,
        /// and is what <paramref name="e"/> refused (its target); null otherwise.
        /// </summary>
        private string? TypedPattern(BmgException e, string parameter, string name)
        {
            string typed = name.Trim();
            return WildcardPattern.ContainsWildcardCharacters(typed) && e.Target is string target
                && string.Equals(target, typed, StringComparison.OrdinalIgnoreCase) && !FromPipeline(parameter) ? typed : null;
        }

        /// <summary>The hint <see cref="ForNamedItem"/> adds: the cmdlet takes exact names, and the piped form that selects by the pattern.</summary>
        private string PipedFormHint(string parameter, string typed, (string Items, string Select) kind)
        {
            string command = MyInvocation.MyCommand.Name;
            string quoted = "'" + CodeGeneration.EscapeSingleQuotedStringContent(typed) + "'";
            string database = MyInvocation.BoundParameters.ContainsKey(nameof(Database)) && !FromPipeline(nameof(Database)) ? " -Database …" : "";
            return $"{command} takes each -{parameter} as an exact name, not a wildcard pattern; to act on the {kind.Items} a pattern matches, "
                + $"select them and pipe them: {kind.Select} {quoted}{database} | {command}{OtherParameters(parameter)}.";
        }

        /// <summary>
        /// The parameters given with the name, by name only (" -Description … -WhatIf"; a value is never repeated: it may be a
        /// check-in code), for the piped form of the same command. A switch given :$false keeps it (-Confirm:$false).
        /// </summary>
        private string OtherParameters(string parameter) => string.Concat(MyInvocation.BoundParameters
            .Where(given => given.Key != parameter && !FromPipeline(given.Key))
            .Select(given => given.Value is SwitchParameter flag ? (flag.IsPresent ? $" -{given.Key}" : $" -{given.Key}:$false") : $" -{given.Key} …"));
    }
}
