using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    // Names, serials and patterns given to parameters (see NameMatch), and the items they select: a bad pattern or a name
    // that finds nothing is an error record, and each item is selected once.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// Reads a name given to a parameter (see <see cref="NameMatch"/>); an invalid pattern is a non-terminating error and
        /// null. A store that fails while <paramref name="isName"/> asks it about the name is no mistake in the name: it
        /// goes on up and stops the command (see <see cref="AsErrorRecord"/>).
        /// </summary>
        /// <param name="parameter">The parameter the text was given to: an invalid pattern's advice names it and its -Literal… twin.</param>
        private NameMatch? Match(string text, bool literal, bool ignoreCase, Func<string, bool> isName, string parameter, Action<ErrorRecord>? report = null)
        {
            try
            {
                return NameMatch.Create(text, literal, ignoreCase, isName, parameter, LiteralTwin);
            }
            catch (BmgException e) when (!IsStoreFailure(e))
            {
                (report ?? WriteError)(ToErrorRecord(e));
                return null;
            }
        }

        /// <summary>
        /// Reads several names given to one parameter; an invalid pattern is a non-terminating error (handed to
        /// <paramref name="report"/> when given, else written) and is left out.
        /// </summary>
        private protected List<NameMatch> Matches(string[] texts, bool literal, bool ignoreCase, Func<string, bool> isName, string parameter,
            Action<ErrorRecord>? report = null)
        {
            var matches = new List<NameMatch>();
            foreach (string text in texts)
            {
                NameMatch? match = Match(text, literal, ignoreCase, isName, parameter, report);
                if (match != null)
                {
                    matches.Add(match);
                }
            }

            return matches;
        }

        /// <summary>
        /// The cmdlet's literal twin of <paramref name="parameter"/> (Identifier: LiteralIdentifier), or null when it has none
        /// (the filters: -UserName of Get-BmgDevice, -Organization, -ProfileName, -Recipient, the history's -User): the one
        /// naming rule every such pair follows. Asked only for an invalid pattern's advice (<see cref="NameMatch.Create"/>).
        /// </summary>
        private string? LiteralTwin(string parameter)
        {
            string twin = "Literal" + parameter;
            return MyInvocation.MyCommand.Parameters.ContainsKey(twin) ? twin : null;
        }

        /// <summary>
        /// Serial numbers or serial patterns (<see cref="NameMatch.Serial"/>), each read through the serial
        /// rule; an invalid one is a non-terminating error and is left out.
        /// </summary>
        private protected List<NameMatch> SerialMatches(IEnumerable<string> texts, bool literal)
        {
            var matches = new List<NameMatch>();
            foreach (string text in texts)
            {
                try
                {
                    matches.Add(NameMatch.Serial(text, literal));
                }
                catch (BmgException e)
                {
                    WriteError(ToErrorRecord(e));
                }
            }

            return matches;
        }

        /// <summary>
        /// Items by serial number (see <see cref="SerialMatches"/>), each once; a serial that finds nothing is an error, whose
        /// text <paramref name="whyNotFound"/> may give instead ("... was released by Apple on ..."), given the serial as typed
        /// and as compared.
        /// </summary>
        protected IEnumerable<T> SelectBySerial<T>(IEnumerable<T> items, string[]? serials, bool literal, Func<T, string?> serial, string notFoundErrorId, string kind,
            Func<string, string, string?>? whyNotFound = null)
        {
            if (serials == null || serials.Length == 0)
            {
                return PipedWithoutKey ? Enumerable.Empty<T>() : items;
            }

            var all = items.ToList();
            var matches = SerialMatches(serials, literal);
            foreach (NameMatch match in matches)
            {
                if (match.Exact != null && !all.Any(item => match.IsMatch(serial(item))))
                {
                    WriteError(SerialNotFoundRecord(match, notFoundErrorId, kind, whyNotFound?.Invoke(match.Text, match.Exact)));
                }
            }

            return all.Where(item => matches.Any(match => match.IsMatch(serial(item))));
        }

        /// <summary>The kind a look-up in Apple's list of active DEP devices names in its not-found error.</summary>
        private protected const string ActiveDepDeviceKind = "DEP device";

        /// <summary>
        /// An exact serial that selects nothing: "No DEP device has the serial number 'f9x1' (… compared in upper case, as
        /// 'F9X1') in the store '…'" (see <see cref="AppleSerial.Echo"/>, <see cref="SearchedStore"/>), or <paramref name="why"/> when given.
        /// A DEP serial typed with the letter O or I that Apple's list has with the digit 0 or 1 gets "Did you mean …?"
        /// (<see cref="Core.Dep.DepSerialLookalike"/>; walkthrough 42, finding 5), for Apple's list only: a -Released look-up
        /// is not pointed at an active DEP device.
        /// </summary>
        private protected ErrorRecord SerialNotFoundRecord(NameMatch match, string notFoundErrorId, string kind, string? why) =>
            new ErrorRecord(new ItemNotFoundException(why ?? $"No {kind} has the serial number {AppleSerial.Echo(match.Text, match.Exact!)} {SearchedStore.In(Store)}."
                    + (kind == ActiveDepDeviceKind ? Core.Dep.DepSerialLookalike.DepDevice(Store, match.Exact!) : "")),
                notFoundErrorId, ErrorCategory.ObjectNotFound, match.Exact);

        /// <summary>
        /// For a DEP serial that finds no DEP device: a serial a sync response released is still in the store, so the error says
        /// so and when (as a check-in with it does) rather than that the serial never existed. The serial is echoed as typed, as
        /// the not-found error echoes it (<see cref="AppleSerial.Echo"/>).
        /// </summary>
        private protected string? ReleasedSerial(string typed, string serialNumber) => ReleasedSerial(Store.GetDepDevice(serialNumber), typed, serialNumber);

        /// <summary><see cref="ReleasedSerial(string, string)"/> of a DEP device already read (<paramref name="stored"/>: null when none is stored).</summary>
        private protected static string? ReleasedSerial(Core.Dep.DepDevice? stored, string typed, string serialNumber) =>
            stored?.ReleasedBecause(AppleSerial.Echo(typed, serialNumber)) is string released ? $"The {released}." : null;

        /// <summary>
        /// A single-valued filter (Get-BmgDevice -UserName): null when not given; an invalid pattern stops
        /// the command, since the filter would hold for nothing. With <paramref name="notFound"/>, an exact name that names
        /// nothing is that non-terminating error, as an -Identifier or -Serial that finds nothing is: otherwise
        /// `Get-BmgDevice -DeviceTag sales | Set-BmgDevice …` does nothing and says nothing. The filter is still returned
        /// (it holds for nothing); a name that exists and selects nothing, and a pattern, are no error.
        /// </summary>
        private protected NameMatch? Filter(string? text, string parameterName, bool ignoreCase, Func<string, bool> isName,
            Func<string, BmgException>? notFound = null)
        {
            if (text == null)
            {
                return null;
            }

            // Asked at most once a name: NameMatch.Create asks about text with wildcard characters ('a[1]', an exact name
            // when a user has it), and the NotFound check below would ask about that same name again.
            string? asked = null;
            bool answer = false;
            bool IsNameOnce(string name)
            {
                if (!string.Equals(asked, name, StringComparison.Ordinal))
                {
                    answer = isName(name);
                    asked = name;
                }

                return answer;
            }

            NameMatch match;
            try
            {
                match = NameMatch.Create(text, FromPipeline(parameterName), ignoreCase, IsNameOnce, parameterName, LiteralTwin);
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                return null;
            }

            if (notFound != null && match.Exact != null && !IsNameOnce(match.Exact))
            {
                WriteError(ToErrorRecord(notFound(match.Exact)));
            }

            return match;
        }

        /// <summary>
        /// Items whose key one of <paramref name="names"/> names (see <see cref="NameMatch"/>), each once, in
        /// the order of <paramref name="items"/>; a name that names one item and finds none is an error (with the text-formula
        /// hint for Excel's ="0456", <see cref="ReferenceData.LookupTextFormulaHint"/>).
        /// </summary>
        /// <param name="whyNotFound">The text of a name's not-found error instead of "No {kind} is named …", or null for that one
        /// (Get-BmgOrganization -Id given an organization's Name: <see cref="ReferenceData.OrganizationNameHint"/>).</param>
        /// <param name="parameter">The parameter that took the names (an invalid pattern's advice names it).</param>
        protected IEnumerable<T> SelectByName<T>(IEnumerable<T> items, string[]? names, bool literal, string parameter, Func<T, string> key, bool ignoreCase,
            string notFoundErrorId, string kind, Func<IReadOnlyList<T>, string, string?>? whyNotFound = null)
        {
            if (names == null || names.Length == 0)
            {
                if (PipedWithoutKey)
                {
                    yield break;
                }

                foreach (T item in items)
                {
                    yield return item;
                }

                yield break;
            }

            var all = items.ToList();
            var comparison = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var keys = new HashSet<string>(all.Select(key), comparison);
            var matches = new List<NameMatch>();
            foreach (string name in names)
            {
                NameMatch? match = Match(name, literal, ignoreCase, keys.Contains, parameter);
                if (match == null)
                {
                    continue;
                }

                if (match.Exact != null && !keys.Contains(match.Exact))
                {
                    string message = ReferenceData.LookupTextFormulaHint(kind, match.Exact, keys.Contains) is string formula
                        ? $"{NoneNamed(kind, match.Exact)}; the name {formula}."
                        : whyNotFound?.Invoke(all, match.Exact) ?? NotNamed(kind, match.Exact, keys);
                    WriteError(new ErrorRecord(new ItemNotFoundException(message),
                        notFoundErrorId, ErrorCategory.ObjectNotFound, match.Exact));
                    continue;
                }

                matches.Add(match);
            }

            foreach (T item in all)
            {
                string itemKey = key(item);
                if (matches.Any(match => match.IsMatch(itemKey)))
                {
                    yield return item;
                }
            }
        }

        /// <summary>
        /// "No template is named 'sales iphones'; did you mean 'Sales iPhones'? (names are case-sensitive)": the name that
        /// nearly is one (<see cref="ReferenceData.NearNameHint"/>, every look-up's "did you mean") said, as Set-/Remove- of the
        /// kind say it; SelectByName said only "No template is named 'sales iphones'." (left26).
        /// </summary>
        private string NotNamed(string kind, string name, IEnumerable<string> names) =>
            NoneNamed(kind, name) + ReferenceData.DidYouMeanEnd(name, names, ".");

        /// <summary>"No template is named 'x' in the store '/srv/acme.db'": the store searched named, as every not-found error names it (<see cref="SearchedStore"/>).</summary>
        private protected string NoneNamed(string kind, string name) =>
            $"No {kind} is named '{Core.Fields.FieldText.Printable(name)}' {SearchedStore.In(Store)}";

        /// <summary>
        /// Devices by Identifier: an exact identifier is one indexed look-up (ignoring case), and a
        /// missing one is a DeviceNotFound error (naming the rename when the history records one, <see cref="DeviceEditor.Renamed"/>); a wildcard reads the devices of its literal start (<see cref="DevicePatternReads"/>;
        /// one that starts with a wildcard scans). No identifiers: every device.
        /// </summary>
        /// <param name="piped">The identifiers were bound from the pipeline (taken literally): a missing one's error says so when
        /// it holds a wildcard character (<see cref="DeviceEditor.PipedNotFound"/>).</param>
        protected IEnumerable<Device> FindDevices(string[]? identifiers, bool literal, bool piped = false) =>
            FindByKey(identifiers, literal || piped, nameof(Device.Identifier), Store.GetDevices, DeviceNamed, d => d.Identifier, ignoreCase: true,
                piped ? id => DeviceEditor.PipedNotFound(Store, id) : id => DeviceEditor.NotFound(Store, id),
                patterns => DevicePatternReads.Candidates(Store, NameSource.DeviceIdentifiers, patterns.Select(pattern => pattern.Text)));

        /// <summary>
        /// The device of an exact identifier; none, without a read, for a name holding a wildcard character: no identifier can
        /// hold one (<see cref="Core.Fields.DeviceIdentifier"/>'s rule), so asking whether a typed pattern such as '*dev0000*'
        /// is itself a name was a round trip that never finds a device (walkthrough 33a, finding 9).
        /// </summary>
        private Device? DeviceNamed(string identifier) => FieldText.HoldsWildcardCharacter(identifier) ? null : Store.GetDevice(identifier);

        /// <summary>
        /// Devices by registered serial number (see <see cref="NameMatch.Serial"/>; any case), each once: the exact serials read in
        /// one statement and written in the order given, each one no device holds a DeviceNotFound error at its place, as an
        /// invalid serial's error is; patterns share one read of their literal starts' devices (or one scan), after them. <paramref name="literal"/> (serials bound from the
        /// pipeline): a '*' is part of the serial, never a pattern.
        /// </summary>
        protected IEnumerable<Device> FindDevicesBySerial(string[] serials, bool literal) =>
            FindBySerial(serials, literal, exact => Store.FindDevicesBySerial(exact).Where(device => device.Serial != null).ToDictionary(device => device.Serial!),
                device => device);

        /// <summary>
        /// What <see cref="FindDevicesBySerial"/> selects, as <typeparamref name="T"/>: <paramref name="readExact"/> reads the exact
        /// serials (keyed by serial), <paramref name="fromDevice"/> turns a device a pattern selects into one.
        /// </summary>
        /// <param name="notFound">The error of an exact serial <paramref name="readExact"/> did not find (typed, serial); <see cref="DeviceEditor.SerialNotFound"/> when null.</param>
        /// <param name="checkedInAs">
        /// Where <paramref name="readExact"/> finds a serial's DEP device too (Get-BmgDeviceDepLink: the record that checked in
        /// as that DEP serial, a Keycode device's), a pattern must select the same set: the devices that checked in as a DEP
        /// serial other than their own (<see cref="IDeviceRecordStore.GetDevicesCheckedInAsOtherSerial"/>), matched by that DEP
        /// serial. Round 32: 'F2L*' missed them while the exact 'F2LXXXXXXXXX' found them. Null: by registered serial only.
        /// </param>
        private protected IEnumerable<T> FindBySerial<T>(string[] serials, bool literal, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, T>> readExact,
            Func<Device, T> fromDevice, Func<string, string, BmgException>? notFound = null, bool checkedInAs = false)
        {
            // Read first, so that an invalid serial's error keeps its place among the others.
            var read = new List<(string Text, NameMatch? Match, BmgException? Invalid)>();
            foreach (string text in serials)
            {
                try
                {
                    read.Add((text, NameMatch.Serial(text, literal), null));
                }
                catch (BmgException e)
                {
                    read.Add((text, null, e));
                }
            }

            var exact = read.Where(r => r.Match?.Exact != null).Select(r => r.Match!.Exact!).Distinct().ToList();
            IReadOnlyDictionary<string, T> found = exact.Count == 0 ? new Dictionary<string, T>() : readExact(exact);
            var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var patterns = new List<NameMatch>();
            foreach ((string _, NameMatch? match, BmgException? invalid) in read)
            {
                if (match == null)
                {
                    WriteError(ToErrorRecord(invalid!));
                }
                else if (match.IsPattern)
                {
                    patterns.Add(match);
                }
                else if (!found.TryGetValue(match.Exact!, out T? item))
                {
                    WriteError(ToErrorRecord(notFound?.Invoke(match.Text, match.Exact!) ?? DeviceEditor.SerialNotFound(Store, match.Text, match.Exact!)));
                }
                else if (written.Add(match.Exact!))
                {
                    yield return item;
                }
            }

            if (patterns.Count != 0)
            {
                bool Matches(string? serial) => serial != null && patterns.Any(pattern => pattern.IsMatch(serial));
                IEnumerable<Device> candidates = DevicePatternReads.Candidates(Store, NameSource.DeviceSerials, patterns.Select(pattern => pattern.Text));
                if (checkedInAs)
                {
                    // Merged in the candidates' order (by Identifier, ASCII letters folded), as one read would give them.
                    candidates = candidates.Where(device => Matches(device.Serial))
                        .Concat(Store.GetDevicesCheckedInAsOtherSerial().Where(device => Matches(device.DepDevice)))
                        .OrderBy(device => UserNameHint.FoldAscii(device.Identifier), StringComparer.Ordinal).ToList();
                }

                foreach (Device device in candidates)
                {
                    // A device is written once, by whichever of its serials selected it (its own, or the DEP serial it checked
                    // in as), and not again when an exact serial of the same command already wrote it by the other.
                    string?[] keys = { device.Serial, checkedInAs ? device.DepDevice : null };
                    if (keys.Any(Matches) && !keys.Any(key => key != null && written.Contains(key)))
                    {
                        foreach (string? key in keys)
                        {
                            if (key != null)
                            {
                                written.Add(key);
                            }
                        }

                        yield return fromDevice(device);
                    }
                }
            }
        }

        /// <summary>
        /// A filter by a template, device tag or organization name (Get-BmgDevice -Template / -DeviceTag, Get-BmgUser
        /// -Organization), as <see cref="Filter"/>: an exact name no such item has is its kind's NotFound error, with a did-you-mean
        /// or the rename the history records (<see cref="ReferenceRenames"/>, read only then).
        /// </summary>
        /// <returns>
        /// The filter; one that selects nothing (<see cref="NameMatch.SelectsNothing"/>) when no item of the kind is that exact
        /// name or matches that pattern: decided from the kind's few names, so that the caller reads no device or user at all
        /// (walkthrough 25, finding 3: an unknown -DeviceTag read 100,000 devices before its error). Devices and users hold only
        /// names of items that exist (a removal is refused while one is held, a rename changes its holders).
        /// </returns>
        /// <remarks>
        /// An organization's Name given for its Id is said so (<see cref="ReferenceData.OrganizationNameHint"/>): in the error of an
        /// exact name, and in a warning for a pattern that matches no Id but a Name ('Sal*'), which would otherwise select
        /// nothing and say nothing. A pattern that matches nothing at all says nothing, as Get-ChildItem's does.
        /// </remarks>
        private protected NameMatch? ReferenceFilter(string? text, string parameterName, ReferenceKind kind)
        {
            IReadOnlyList<string>? names = null;
            bool organization = kind == ReferenceKind.Organization;
            NameMatch? match = Filter(text, parameterName, ignoreCase: false, name => (names ??= ReferenceData.Names(Store, kind)).Contains(name),
                name => ReferenceData.NotFound(kind, name, names ??= ReferenceData.Names(Store, kind), Store.Location, oneNameParameter: parameterName,
                    organizations: organization ? ReferenceData.OrganizationsByName(Store.GetOrganizations()) : null,
                    renames: new ReferenceRenames(Store as Core.History.IHistoryStore)));
            if (organization && match != null && match.IsPattern && !(names ??= ReferenceData.Names(Store, kind)).Any(match.IsMatch) &&
                ReferenceData.OrganizationNamePatternHint("-" + parameterName, match.Text, Store.GetOrganizations(), match.IsMatch) is string hint)
            {
                WriteWarning(hint + ".");
            }

            return match != null && !(names ??= ReferenceData.Names(Store, kind)).Any(match.IsMatch) ? NameMatch.Nothing(match.Text) : match;
        }

        /// <summary>
        /// For Get-BmgTemplate, -DeviceTag, -Organization's <see cref="SelectByName"/>: the not-found text of a name the history
        /// records as renamed (<see cref="ReferenceData.RenamedNotFound"/>, the wording every look-up of the kind gives), or null
        /// for the usual one. <paramref name="names"/> are the kind's names now.
        /// </summary>
        private protected string? RenamedNotFound(ReferenceKind kind, IEnumerable<string> names, string name) =>
            ReferenceData.RenamedNotFound(kind, name, names.ToList(), new ReferenceRenames(Store as Core.History.IHistoryStore), Store.Location);

        /// <summary>
        /// The patterns of an e-mail address parameter (Get-BmgUser -EmailAddress, Get-BmgDevice -RegistrationEmail): any case,
        /// wildcards allowed (<see cref="Core.Users.EmailLookup"/>); an invalid pattern is its error and is left out. Null when not given.
        /// </summary>
        private protected List<NameMatch>? EmailMatches(string[]? addresses, string parameter) =>
            addresses == null ? null : Matches(addresses, literal: false, ignoreCase: true, _ => false, parameter);

        /// <summary>True when <paramref name="address"/> matches one of <paramref name="matches"/> (none given: every item, an address or not).</summary>
        private protected static bool EmailMatch(List<NameMatch>? matches, string? address) =>
            matches == null || (address != null && matches.Any(match => match.IsMatch(address)));

        /// <summary>
        /// The look-up by address alone: the items of <paramref name="candidates"/> (the store's filter) whose address
        /// <paramref name="matches"/> match, in their order; then each exact address no item has, its NotFound error
        /// (<paramref name="notFound"/>), as an exact name that finds nothing is said. A pattern that matches nothing says nothing.
        /// </summary>
        private protected IEnumerable<T> SelectByEmail<T>(IEnumerable<T> candidates, List<NameMatch> matches, Func<T, string?> address,
            Func<string, BmgException> notFound)
        {
            var found = new List<string>();
            foreach (T item in candidates)
            {
                string? value = address(item);
                if (EmailMatch(matches, value))
                {
                    found.Add(value!);
                    yield return item;
                }
            }

            foreach (NameMatch match in matches)
            {
                if (match.Exact != null && !found.Any(match.IsMatch))
                {
                    WriteError(ToErrorRecord(notFound(match.Exact)));
                }
            }
        }

        /// <summary>
        /// Users by UserName, as <see cref="FindDevices"/> does for devices (a wildcard reads the ranges of its literal start:
        /// <see cref="UserPatternReads"/>); user names are case-sensitive.
        /// </summary>
        protected IEnumerable<User> FindUsers(string[]? userNames, bool literal) =>
            FindByKey(userNames, literal, nameof(User.UserName), Store.GetUsers, Store.GetUser, u => u.UserName, ignoreCase: false,
                userName => UserEditor.NotFound(Store, userName), patterns => UserPatternReads.Candidates(Store, patterns.Select(pattern => pattern.Text)));

        private IEnumerable<T> FindByKey<T>(string[]? keys, bool literal, string parameter, Func<IEnumerable<T>> all, Func<string, T?> one, Func<T, string> key,
            bool ignoreCase, Func<string, BmgException> notFound, Func<IReadOnlyList<NameMatch>, IEnumerable<T>> patternCandidates) where T : class
        {
            if (keys == null || keys.Length == 0)
            {
                if (PipedWithoutKey)
                {
                    yield break;
                }

                foreach (T item in all())
                {
                    yield return item;
                }

                yield break;
            }

            // Each item once, however many of the names match it; wildcards share one read of the items they may match.
            var written = new HashSet<string>(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            var patterns = new List<NameMatch>();
            foreach (string text in keys)
            {
                T? named = null;
                NameMatch? match = Match(text, literal, ignoreCase, name => (named = one(name)) != null, parameter);
                if (match == null)
                {
                    continue;
                }

                if (match.IsPattern)
                {
                    patterns.Add(match);
                    continue;
                }

                T? item = named ?? one(match.Exact!);
                if (item == null)
                {
                    WriteError(ToErrorRecord(notFound(match.Exact!)));
                }
                else if (written.Add(key(item)))
                {
                    yield return item;
                }
            }

            if (patterns.Count != 0)
            {
                foreach (T item in patternCandidates(patterns))
                {
                    string name = key(item);
                    if (patterns.Any(pattern => pattern.IsMatch(name)) && written.Add(name))
                    {
                        yield return item;
                    }
                }
            }
        }
    }
}
