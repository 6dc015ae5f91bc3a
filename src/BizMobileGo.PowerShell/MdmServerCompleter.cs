using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Import-BmgDepDevice -MdmServer: the MDM servers Apple Business Manager's list given on the command line (-Path, wildcards
    /// resolved as the cmdlet resolves them, or -LiteralPath) assigns devices to, as its Assigned MDM Server column names them
    /// (walkthrough 37, finding 11: PowerShell offered file names). Read from the first rows of each file only
    /// (<see cref="MaxRows"/>): a Tab must answer at once. Nothing when no file is given yet, or it is not such a list or can't
    /// be read: completion never fails the prompt.
    /// </summary>
    public sealed class MdmServerCompleter : IArgumentCompleter
    {
        /// <summary>The rows read of each file: an organization's whole list in nearly every case, read in well under a second.</summary>
        internal const int MaxRows = 100_000;

        /// <summary>The files read, at most: a wildcard may name a folder's every file.</summary>
        private const int MaxFiles = 4;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var servers = new List<string>();
            foreach (string file in Files(fakeBoundParameters).Take(MaxFiles))
            {
                servers.AddRange(DepDeviceFile.MdmServersOf(file, MaxRows));
            }

            Func<string, bool> matches = CompletionPattern.Of(wordToComplete);
            return servers.Distinct(StringComparer.OrdinalIgnoreCase).Where(matches).Select(StoreNamesCompleter.Completion).ToList();
        }

        /// <summary>The files the command line names, resolved against the session's location; none when that fails.</summary>
        private static IEnumerable<string> Files(IDictionary fakeBoundParameters)
        {
            var files = new List<string>();
            try
            {
                SessionState session = StoreNamesCompleter.SessionOf();
                foreach (string path in BoundTexts.Of(fakeBoundParameters, "Path"))
                {
                    files.AddRange(session.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider)
                        .Where(_ => provider.Name == "FileSystem"));
                }

                foreach (string path in BoundTexts.Of(fakeBoundParameters, "LiteralPath"))
                {
                    files.Add(session.Path.GetUnresolvedProviderPathFromPSPath(path));
                }
            }
            catch (Exception)
            {
                // A path that names nothing (yet), another provider's: nothing to complete from.
            }

            return files;
        }
    }
}
