using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Users;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace BizMobileGo.PowerShell
{
    /// <summary>The texts a completer's command line gives a parameter so far (one, or a list); none when it gives none.</summary>
    internal static class BoundTexts
    {
        public static IEnumerable<string> Of(IDictionary fakeBoundParameters, string parameter)
        {
            object? value = fakeBoundParameters.Contains(parameter) ? PSObject.AsPSObject(fakeBoundParameters[parameter])?.BaseObject : null;
            IEnumerable<object?> items = value is string || value is not IEnumerable list ? new[] { value } : list.Cast<object?>();
            foreach (object? item in items)
            {
                if (item != null && PSObject.AsPSObject(item).BaseObject is string text && text.Length != 0)
                {
                    yield return text;
                }
            }
        }
    }

    /// <summary>Which values a completer offers for the word typed so far.</summary>
    internal static class CompletionPattern
    {
        /// <summary>
        /// A value matches when the typed word (quotes left out) followed by '*' matches it as a wildcard pattern ('S*r'
        /// finds 'Spare template'), or when it starts with the word as typed (ignoring case): a name with brackets typed
        /// whole ('Kiosk[2]', a pattern that matches only 'Kiosk2…') still finds itself. A word that is no valid pattern
        /// ('io[' while typing) is taken literally, since a completer must never throw into the console. Case is ignored as a
        /// look-up ignores it (<see cref="NameMatch.IgnoreCaseOptions"/>), whatever the culture.
        /// </summary>
        public static Func<string, bool> Of(string? wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", NameMatch.IgnoreCaseOptions);
            try
            {
                // WildcardPattern parses on first use.
                pattern.IsMatch(string.Empty);
            }
            catch (WildcardPatternException)
            {
                pattern = new WildcardPattern(WildcardPattern.Escape(word) + "*", NameMatch.IgnoreCaseOptions);
            }

            return value => value.StartsWith(word, StringComparison.OrdinalIgnoreCase) || pattern.IsMatch(value);
        }
    }

    /// <summary>Completes a parameter from a fixed set of values.</summary>
    public abstract class FixedValuesCompleter : IArgumentCompleter
    {
        private readonly string[] _values;

        protected FixedValuesCompleter(params string[] values) => _values = values;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            Func<string, bool> matches = CompletionPattern.Of(wordToComplete);
            foreach (string value in _values)
            {
                if (matches(value))
                {
                    yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
                }
            }
        }
    }

    public sealed class OsCompleter : FixedValuesCompleter
    {
        public OsCompleter()
            : base("ios", "android", "windows")
        {
        }
    }

    public sealed class DepMethodCompleter : FixedValuesCompleter
    {
        public DepMethodCompleter()
            : base("Serial", "Keycode")
        {
        }
    }

    public sealed class EncodingCompleter : FixedValuesCompleter
    {
        public EncodingCompleter()
            : base("utf8", "utf8BOM", "utf8NoBOM", "unicode", "bigendianunicode", "utf32", "ascii", "latin1", "932", "shift_jis")
        {
        }
    }

    /// <summary>The culture names .NET knows on this machine ('ja-JP', 'en-US'), for a -Culture parameter; the invariant culture has no name to type.</summary>
    public sealed class CultureCompleter : FixedValuesCompleter
    {
        public CultureCompleter()
            : base(System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.AllCultures)
                .Select(culture => culture.Name).Where(name => name.Length != 0).ToArray())
        {
        }
    }
}

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Completes names from the store the command line uses (-Database when given first, else the
    /// default store). Completion never creates a store and never fails the prompt.
    /// </summary>
    public abstract class StoreNamesCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? path = StorePath(commandName, fakeBoundParameters);
            if (path == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            List<string> names;
            // A PostgreSQL session says it is a completer's, not the command's that ran last in this runspace (who40); the
            // command's name is given back after, for whatever that command's thread opens next.
            string? lastCommand = PostgresSessionName.Command;
            PostgresSessionName.Command = PostgresSessionName.Completing(commandName);
            try
            {
                // A look-up creates no store where none exists (StoreNotFound, caught below with every other failure).
                using IDeviceStore store = DeviceStores.Open(path, StoreUse.Lookup);
                names = Names(store, commandName, (wordToComplete ?? string.Empty).Trim('\'', '"'), fakeBoundParameters).ToList();
            }
            catch (System.Exception)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            finally
            {
                PostgresSessionName.Command = lastCommand;
            }

            // At most CompletionLimit names whatever the list: the small lists (templates, tags, organizations, DEP profiles)
            // are read whole (a few hundred rows take ~10 ms, a prefix look-up would save nothing a user feels), a word with a
            // wildcard reads every name of its literal start, and neither offers more than a menu shows.
            Func<string, bool> matches = CompletionPattern.Of(wordToComplete);
            return names.Where(matches).Take(NamePrefix.CompletionLimit).Select(Completion).ToList();
        }

        /// <summary>A name as a completion: in single quotes when the command line would split or read it otherwise.</summary>
        internal static CompletionResult Completion(string name)
        {
            string text = name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '|', ';', ',', '(', ')', '{', '}', '@', '#' }) >= 0
                ? "'" + name.Replace("'", "''") + "'"
                : name;
            return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }

        protected abstract IEnumerable<string> Names(IDeviceStore store);

        /// <summary>The names for <paramref name="commandName"/>: <see cref="Names(IDeviceStore)"/>, unless a completer serves commands that differ.</summary>
        private protected virtual IEnumerable<string> Names(IDeviceStore store, string commandName) => Names(store);

        /// <summary>
        /// The names that may match <paramref name="word"/> (quotes left out): every name (<see cref="Names(IDeviceStore, string)"/>),
        /// unless a completer of a large table asks the store for those that start with the word (<see cref="PrefixNames"/>).
        /// </summary>
        private protected virtual IEnumerable<string> Names(IDeviceStore store, string commandName, string word) => Names(store, commandName);

        /// <summary>
        /// The names that may match <paramref name="word"/>, given the parameters the command line binds so far
        /// (<paramref name="fakeBoundParameters"/>): <see cref="Names(IDeviceStore, string, string)"/>, unless a completer's names
        /// depend on another parameter.
        /// </summary>
        private protected virtual IEnumerable<string> Names(IDeviceStore store, string commandName, string word, IDictionary fakeBoundParameters) =>
            Names(store, commandName, word);

        /// <summary>
        /// The names of <paramref name="list"/> a word can match, read by prefix (<see cref="IUserStore.GetNamesStartingWith"/>):
        /// the word's literal start, before any wildcard character ('S*r' reads the names starting with 'S', CompletionPattern then
        /// keeps 'Spare template'). A word without wildcards reads at most <see cref="NamePrefix.CompletionLimit"/> names; one
        /// with a wildcard reads every name of its literal start (a leading '*' every name, as before), since the pattern may
        /// drop any of them, and offers at most that many too (CompleteArgument).
        /// </summary>
        private protected static IReadOnlyList<string> PrefixNames(IDeviceStore store, NameSource list, string word) =>
            store.GetNamesStartingWith(list, LiteralStart(word), Limit(word));

        /// <summary>How many names a completion of <paramref name="word"/> offers at most.</summary>
        private protected static int Limit(string word) => LiteralStart(word) == word ? NamePrefix.CompletionLimit : int.MaxValue;

        /// <summary>The word's literal start: the history look-ups' rule (<see cref="WildcardPrefix.LiteralStart"/>), escapes undone.</summary>
        private protected static string LiteralStart(string word) => WildcardPrefix.LiteralStart(word);

        /// <summary>
        /// The store the command would use: -Database as typed (resolved like the cmdlet resolves it,
        /// against the session's current location), else a $PSDefaultParameterValues entry for the
        /// command's -Database, else $env:BMG_DATABASE or the per-user store.
        /// </summary>
        private static string? StorePath(string commandName, IDictionary fakeBoundParameters)
        {
            bool given = fakeBoundParameters.Contains("Database");
            string? database = given ? PSObject.AsPSObject(fakeBoundParameters["Database"])?.BaseObject as string : null;
            try
            {
                SessionState session = SessionOf();
                if (!given)
                {
                    database = DefaultDatabase(session, commandName);
                }

                if (string.IsNullOrEmpty(database))
                {
                    return given ? null : DeviceStores.DefaultLocation();
                }

                return DeviceStores.IsServerLocation(database) ? database : session.Path.GetUnresolvedProviderPathFromPSPath(database);
            }
            catch (System.Exception)
            {
                return null; // Not a file-system path, or a drive that doesn't exist: nothing to complete from.
            }
        }

        /// <summary>
        /// The session's state as a cmdlet sees it, read in C#: the completer runs on the session's own thread, where
        /// Runspace.SessionStateProxy refuses ("a pipeline is already running"), and a script block was refused in
        /// NoLanguage and could not resolve a path in ConstrainedLanguage, so completion was silently empty there
        /// (walkthrough 34a, 6). Get-Variable runs as a command, in any language mode.
        /// </summary>
        internal static SessionState SessionOf()
        {
            using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            Collection<PSObject> found = shell.AddCommand("Get-Variable").AddParameter("Name", "ExecutionContext").AddParameter("ValueOnly").Invoke();
            return ((EngineIntrinsics)found[0].BaseObject).SessionState;
        }

        /// <summary>The -Database a $PSDefaultParameterValues entry gives <paramref name="commandName"/>, if one does.</summary>
        private static string? DefaultDatabase(SessionState session, string commandName)
        {
            if (PSObject.AsPSObject(session.PSVariable.GetValue("PSDefaultParameterValues") ?? new object()).BaseObject is IDictionary defaults)
            {
                foreach (DictionaryEntry entry in defaults)
                {
                    string[] key = entry.Key?.ToString()?.Split(':') ?? Array.Empty<string>();
                    if (key.Length == 2 && key[1].Trim().Length != 0 && PSObject.AsPSObject(entry.Value ?? new object()).BaseObject is string database
                        && new WildcardPattern(key[0].Trim(), WildcardOptions.IgnoreCase).IsMatch(commandName)
                        && new WildcardPattern(key[1].Trim(), WildcardOptions.IgnoreCase).IsMatch("Database"))
                    {
                        return database;
                    }
                }
            }

            return null;
        }
    }

    public sealed class IdentifierCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => store.GetDevices().Select(d => d.Identifier);

        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word) =>
            PrefixNames(store, NameSource.DeviceIdentifiers, word);
    }

    /// <summary>
    /// The identifiers the outbox holds check-in emails for, for a -Identifier that selects emails (Get-/Send-BmgCheckInEmail):
    /// most devices have none, and a device without one would select nothing. An outbox with no email at all (a new store,
    /// one cleared by Clear-BmgCheckInEmail) offers the device identifiers instead, as -Identifier of Get-BmgDevice does: what
    /// the command takes (a device's Identifier; one with no email answers nothing, a name no device has DeviceNotFound),
    /// where an empty answer fell back to PowerShell's file names (walkthrough 43, 11).
    /// </summary>
    public sealed class CheckInEmailIdentifierCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) =>
            store.GetCheckInEmails().Select(e => e.Identifier).Distinct(StringComparer.OrdinalIgnoreCase);

        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word)
        {
            IReadOnlyList<string> withEmails = PrefixNames(store, NameSource.CheckInEmailIdentifiers, word);
            return withEmails.Count != 0 || store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "", 1).Count != 0
                ? withEmails
                : PrefixNames(store, NameSource.DeviceIdentifiers, word);
        }
    }

    public sealed class UserNameCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => store.GetUsers().Select(u => u.UserName);

        // Ordinal, as GetUsers orders them (the store orders by the folded name).
        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word) =>
            PrefixNames(store, NameSource.UserNames, word).OrderBy(name => name, StringComparer.Ordinal);
    }

    /// <summary>The users' addresses, for Get-BmgUser -EmailAddress (desk45, 4): read as -UserName's names are, by the word's literal start.</summary>
    public sealed class UserEmailAddressCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => store.GetUsers().Select(u => u.EmailAddress).OfType<string>();

        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word) =>
            PrefixNames(store, NameSource.UserEmailAddresses, word);
    }

    public sealed class TemplateCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => ReferenceData.Names(store, ReferenceKind.Template);
    }

    public sealed class DeviceTagCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => ReferenceData.Names(store, ReferenceKind.DeviceTag);
    }

    public sealed class OrganizationCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => ReferenceData.Names(store, ReferenceKind.Organization);
    }

    /// <summary>
    /// The names a -RemoveDeviceTag or -RemoveOrganization can remove (round 29: every name of the store was offered, most of
    /// which would remove nothing): those the records the command line names (-Identifier, -UserName: each one's list) hold,
    /// or, when it names none the store has (piped records, a name still being typed), those some record holds. A name no
    /// record holds is never offered. In the list's own order (ReferenceData.Names), as the other name completers offer them.
    /// </summary>
    public abstract class HeldNamesCompleter : StoreNamesCompleter
    {
        private protected abstract ReferenceKind Kind { get; }

        /// <summary>The parameter that names the records (-Identifier, -UserName).</summary>
        private protected abstract string RecordParameter { get; }

        /// <summary>The names the record <paramref name="key"/> holds; null when the store has no such record.</summary>
        private protected abstract IReadOnlyList<string>? HeldBy(IDeviceStore store, string key);

        /// <summary>The names some record holds: one read of the users or devices (IReferenceDataStore.HeldReferenceNames).</summary>
        protected override IEnumerable<string> Names(IDeviceStore store)
        {
            var held = new HashSet<string>(store.HeldReferenceNames(Kind), StringComparer.Ordinal);
            return ReferenceData.Names(store, Kind).Where(held.Contains);
        }

        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word, IDictionary fakeBoundParameters)
        {
            HashSet<string>? held = null;
            foreach (string key in Given(fakeBoundParameters))
            {
                if (HeldBy(store, key) is IReadOnlyList<string> names)
                {
                    (held ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(names);
                }
            }

            return held == null ? Names(store) : ReferenceData.Names(store, Kind).Where(held.Contains);
        }

        /// <summary>The record names the command line gives (one, or a list), as text.</summary>
        private IEnumerable<string> Given(IDictionary fakeBoundParameters) => BoundTexts.Of(fakeBoundParameters, RecordParameter);
    }

    /// <summary>The tags -RemoveDeviceTag can remove: the named devices', or those some device has (<see cref="HeldNamesCompleter"/>).</summary>
    public sealed class HeldDeviceTagCompleter : HeldNamesCompleter
    {
        private protected override ReferenceKind Kind => ReferenceKind.DeviceTag;

        private protected override string RecordParameter => "Identifier";

        private protected override IReadOnlyList<string>? HeldBy(IDeviceStore store, string key) => store.GetDevice(key)?.DeviceTags;
    }

    /// <summary>The organizations -RemoveOrganization can remove: the named users', or those some user has (<see cref="HeldNamesCompleter"/>).</summary>
    public sealed class HeldOrganizationCompleter : HeldNamesCompleter
    {
        private protected override ReferenceKind Kind => ReferenceKind.Organization;

        private protected override string RecordParameter => "UserName";

        private protected override IReadOnlyList<string>? HeldBy(IDeviceStore store, string key) => store.GetUser(key)?.Organizations;
    }

    /// <summary>The registered serials of devices, for a -Serial that selects devices (not one that gives a device a serial).</summary>
    public sealed class SerialCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => store.GetDevices().Where(d => d.Serial != null).Select(d => d.Serial!);

        // By prefix, as identifiers: reading every device cost ~2 s a Tab at 100,000 devices.
        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word) =>
            PrefixNames(store, NameSource.DeviceSerials, word);
    }

    /// <summary>The serial numbers of the DEP inventory, for a -SerialNumber that selects DEP devices.</summary>
    public sealed class DepSerialCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => store.GetDepDevices().Select(d => d.SerialNumber);
    }

    /// <summary>The serial numbers Remove-BmgDepDevice removes: the DEP inventory's and those Apple released.</summary>
    public sealed class RemovableDepSerialCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => RemoveBmgDepDeviceCommand.Removable(store).Select(d => d.SerialNumber);
    }

    /// <summary>Apple's profile_uuid of the DEP profiles the store knows, for a -Uuid that names one.</summary>
    public sealed class DepProfileUuidCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => store.GetDepProfiles().Where(p => p.Uuid != null).Select(p => p.Uuid!);
    }

    /// <summary>The history Ids of the newest imports, newest first.</summary>
    public sealed class ImportIdCompleter : StoreNamesCompleter
    {
        // A store keeps every import ever run (and reads each one's row errors): the newest are the ones an admin looks up.
        private const int Newest = 100;

        protected override IEnumerable<string> Names(IDeviceStore store) =>
            store.GetImportHistory(null, Newest).Select(entry => entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Get-BmgImportHistory -Source: the file names of the newest imports, newest first, each once (a nightly job imports the
    /// same names again and again); one read of the newest entries, as <see cref="ImportIdCompleter"/>.
    /// </summary>
    public sealed class ImportSourceCompleter : StoreNamesCompleter
    {
        private const int Newest = 100;

        protected override IEnumerable<string> Names(IDeviceStore store) =>
            store.GetImportHistory(null, Newest).Select(entry => ImportHistoryFilter.FileName(entry.Source)).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The names the change history knows for a kind of subject, and the live ones: Get-BmgDeviceHistory and
    /// Get-BmgUserHistory find a renamed or removed subject by an old name, so completion offers it too.
    /// </summary>
    public abstract class HistoryNamesCompleter : StoreNamesCompleter
    {
        private protected abstract SubjectKind Kind { get; }

        private protected abstract IEnumerable<string> LiveNames(IDeviceStore store);

        protected override IEnumerable<string> Names(IDeviceStore store)
        {
            var comparer = Kind == SubjectKind.Device ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            IEnumerable<string> past = store is IHistoryStore history ? new ChangeHistory(history).SubjectNames(Kind) : Enumerable.Empty<string>();
            return LiveNames(store).Concat(past).Distinct(comparer);
        }

        // The live names first, then the past ones (change_history_names; a live subject's current name is among the live
        // names already), each read by prefix: the history of 200,000 entries is never read whole.
        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word)
        {
            bool devices = Kind == SubjectKind.Device;
            var comparer = devices ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            IEnumerable<string> live = PrefixNames(store, devices ? NameSource.DeviceIdentifiers : NameSource.UserNames, word);
            if (!devices)
            {
                live = live.OrderBy(name => name, StringComparer.Ordinal);
            }

            IEnumerable<string> past = PrefixNames(store, devices ? NameSource.PastDeviceIdentifiers : NameSource.PastUserNames, word);
            return live.Concat(past).Distinct(comparer).Take(Limit(word));
        }
    }

    /// <summary>Identifiers devices have or had, for Get-BmgDeviceHistory.</summary>
    public sealed class HistoryIdentifierCompleter : HistoryNamesCompleter
    {
        private protected override SubjectKind Kind => SubjectKind.Device;

        private protected override IEnumerable<string> LiveNames(IDeviceStore store) => store.GetDevices().Select(d => d.Identifier);
    }

    /// <summary>User names users have or had, for Get-BmgUserHistory.</summary>
    public sealed class HistoryUserNameCompleter : HistoryNamesCompleter
    {
        private protected override SubjectKind Kind => SubjectKind.User;

        private protected override IEnumerable<string> LiveNames(IDeviceStore store) => store.GetUsers().Select(u => u.UserName);
    }

    /// <summary>
    /// The OS users the history holds (of the command's kind: device entries for Get-BmgDeviceHistory, user entries for
    /// Get-BmgUserHistory), for -User; never file names, which PowerShell offers when a parameter has no completer.
    /// </summary>
    public sealed class HistoryOsUserCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => Names(store, SubjectKind.Device, string.Empty);

        // The store's look-up of the newest rows' and packs' OS users by prefix (IHistoryStore.FindOsUsers, OsUserWindow):
        // decoding the newest 10,000 entries cost 0.3-0.8 s a Tab at 100,000 entries (fifteenth round), and an OS user whose
        // entries lay behind an import's was never offered. Newest first: the people who changed things lately are the ones
        // an admin asks about.
        private protected override IEnumerable<string> Names(IDeviceStore store, string commandName, string word) =>
            Names(store, commandName.EndsWith("Get-BmgUserHistory", StringComparison.OrdinalIgnoreCase) ? SubjectKind.User : SubjectKind.Device, word);

        private static IEnumerable<string> Names(IDeviceStore store, SubjectKind kind, string word) =>
            store is IHistoryStore history ? history.FindOsUsers(kind, LiteralStart(word), Limit(word)) : Enumerable.Empty<string>();
    }

    public sealed class ProfileNameCompleter : StoreNamesCompleter
    {
        protected override IEnumerable<string> Names(IDeviceStore store) => store.GetDepProfiles().Where(p => p.Name != null).Select(p => p.Name!);
    }
}
