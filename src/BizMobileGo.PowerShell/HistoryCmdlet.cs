using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>What the history cmdlets share: the store's change history.</summary>
    public abstract class HistoryCmdlet : BmgCmdlet
    {
        private ChangeHistory? _history;

        /// <summary>The change history of the store -Database names.</summary>
        private protected ChangeHistory History
        {
            get
            {
                if (_history == null)
                {
                    // Every store keeps the history in its write path; a store that doesn't is a build without it.
                    IHistoryStore store = Store as IHistoryStore
                        ?? throw new NotSupportedException($"The store '{Store.Location}' keeps no change history.");
                    _history = new ChangeHistory(store);
                }

                return _history;
            }
        }
    }

    /// <summary>
    /// Get-BmgDeviceHistory and Get-BmgUserHistory: entries of one kind of subject, by names that subject had
    /// at any time (wildcards), newest first, filtered by time, field and OS user.
    /// </summary>
    public abstract class SubjectHistoryCmdlet : HistoryCmdlet
    {
        /// <summary>
        /// Only entries at or after this time. A DateTimeOffset, as Clear-BmgHistory -Before, so that a time the module
        /// handed out (a device's SavedAt, an entry's At) binds as it is; a DateTime or a text without an offset is local time.
        /// </summary>
        [Parameter]
        public DateTimeOffset? Since { get; set; }

        /// <summary>Only entries at or before this time (as <see cref="Since"/>).</summary>
        [Parameter]
        public DateTimeOffset? Until { get; set; }

        /// <summary>Only entries made by these OS users (wildcards, any case).</summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HistoryOsUserCompleter))]
        public string[]? User { get; set; }

        private protected abstract SubjectKind Kind { get; }

        /// <summary>Device identifiers ignore case; user names don't.</summary>
        private bool IgnoreCase => Kind == SubjectKind.Device;

        /// <summary>
        /// Writes the entries of the subjects <paramref name="names"/> name (null: every subject), or of the one subject
        /// <paramref name="subjectKey"/> (a piped device's own key), newest first.
        /// </summary>
        private protected void WriteHistory(string[]? names, bool literal, string[]? fields, string? subjectKey = null)
        {
            var query = new HistoryQuery(Kind)
            {
                Since = Since is DateTimeOffset since ? HistoryTime.FromParameter(since) : (DateTimeOffset?)null,
                Until = Until is DateTimeOffset until ? HistoryTime.FromParameter(until) : (DateTimeOffset?)null,
                Fields = fields,
            };

            if (User != null)
            {
                List<NameMatch> users = Matches(User, literal: false, ignoreCase: true, _ => false);
                if (users.Count == 0)
                {
                    return;
                }

                query.OsUser = osUser => users.Any(match => match.IsMatch(osUser));
            }

            if (subjectKey != null)
            {
                query.SubjectKeys = new[] { subjectKey };
            }
            else if (names == null || names.Length == 0)
            {
                if (PipedWithoutKey)
                {
                    return;
                }
            }
            else
            {
                HashSet<string> keys = SubjectKeys(names, literal);
                if (keys.Count == 0)
                {
                    return;
                }

                query.SubjectKeys = keys;
            }

            string typeName = $"{typeof(ChangeEntry).FullName}#{Kind}History";
            string keyProperty = Kind == SubjectKind.Device ? FieldNames.Identifier : FieldNames.UserName;
            try
            {
                foreach (ChangeEntry entry in History.Query(query))
                {
                    // The view names the subject as the kind does, and the entry pipes on by it (| Get-BmgDevice).
                    var shown = new PSObject(entry);
                    shown.TypeNames.Insert(0, typeName);
                    shown.Properties.Add(new PSAliasProperty(keyProperty, nameof(ChangeEntry.Subject)));
                    if (Kind == SubjectKind.Device)
                    {
                        // Which device the entry belongs to, as Get-BmgDevice's DeviceKey says it: an Identifier can be
                        // borne by a removed device and a later one. It pipes on too (| Get-BmgDeviceHistory: that device's).
                        shown.Properties.Add(new PSAliasProperty(nameof(Core.Devices.Device.DeviceKey), nameof(ChangeEntry.SubjectKey)));
                    }
                    WriteObject(shown);
                }
            }
            catch (BmgException e)
            {
                // Entries are read as they are written out: a store that fails on the way (a packed run of entries
                // edited by hand so it no longer reads: HistoryTampered) stops the command with its ErrorId.
                ThrowTerminatingError(ToErrorRecord(e));
            }
        }

        /// <summary>The keys of the subjects the names name; a name (not a pattern) that no subject ever had is an error.</summary>
        private HashSet<string> SubjectKeys(string[] names, bool literal)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            foreach (NameMatch match in Matches(names.Where(name => name != null).ToArray(), literal, IgnoreCase,
                name => History.FindSubjectKeys(Kind, name, found => string.Equals(found, name, comparison)).Count > 0))
            {
                IReadOnlyCollection<string> found = History.FindSubjectKeys(Kind, match.Exact, match.IsMatch, match.IsPattern ? match.Text : null);
                if (found.Count == 0 && match.Exact != null)
                {
                    WriteError(ToErrorRecord(NotFound(match.Exact)));
                }

                keys.UnionWith(found);
            }

            return keys;
        }

        private BmgException NotFound(string name) => Kind == SubjectKind.Device
            ? new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"No device has or had the Identifier '{FieldText.Printable(name)}': the change history holds nothing for it.", name)
            : new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound,
                $"No user has or had the UserName '{FieldText.Printable(name)}': the change history holds nothing for it{UserHint(name)}.", name);

        /// <summary>"; did you mean 'tanaka'? …" when a user of the store has the name but for case (the change history is case-sensitive too).</summary>
        private string UserHint(string name) => UserNameHint.DidYouMean(Store, name) is string hint ? "; " + hint : "";
    }
}
