using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// The DEP profiles by name as they will be once some are named (a DEP file's profile names, or Set-BmgDepProfile's one):
    /// the store's, the given names over them. Read from the store once, when a name must be matched first.
    /// </summary>
    internal sealed class KnownDepProfiles
    {
        private readonly IDeviceStore _store;
        private readonly IReadOnlyDictionary<string, string> _naming;
        private Dictionary<string, List<string>>? _uuidsByName;
        private List<string>? _namedOnly;

        // Names no profile had before that rows of this file gave (a profile known only by that name from now on): the
        // first row's spelling, and where it is.
        private readonly Dictionary<string, string> _newNamedAt = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <param name="naming">uuid → name: the names being given (compared ignoring case by uuid, as the store does).</param>
        public KnownDepProfiles(IDeviceStore store, IReadOnlyDictionary<string, string> naming)
        {
            _store = store;
            _naming = naming;
        }

        /// <summary>The uuids of the profiles known by uuid that have exactly <paramref name="name"/>.</summary>
        public IReadOnlyList<string> UuidsNamed(string name) =>
            UuidsByName().TryGetValue(name, out List<string>? found) ? found : (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>
        /// Notes that a row at <paramref name="where"/> gives a profile only its <paramref name="name"/>; a name no profile
        /// had, first spelled so there, is the spelling later rows must keep (<see cref="SpelledOtherwise"/>).
        /// </summary>
        public void NoteNameOnly(string name, string where)
        {
            if (!UuidsByName().ContainsKey(name) && !NamedOnly().Contains(name, StringComparer.Ordinal))
            {
                _newNamedAt.TryAdd(name, where);
            }
        }

        /// <summary>The names no profile had that rows of this file gave (profiles known only by those names from now on), in the order first given.</summary>
        public IReadOnlyCollection<string> NewNames => _newNamedAt.Keys;

        /// <summary>
        /// The profiles whose name equals <paramref name="name"/> ignoring case but not exactly, each as "the profile 'Name'
        /// (uuid, …)", "(known only by name)", or "(new, at line 2)" for a name an earlier row of this file gave first.
        /// </summary>
        public IReadOnlyList<string> SpelledOtherwise(string name)
        {
            var spellings = new List<string>();
            foreach (KeyValuePair<string, List<string>> named in UuidsByName().OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                if (IsOtherSpelling(named.Key, name))
                {
                    spellings.Add($"the profile '{named.Key}' ({string.Join(", ", named.Value)})");
                }
            }

            foreach (string namedOnly in NamedOnly().Where(n => IsOtherSpelling(n, name) && !UuidsByName().ContainsKey(n)).OrderBy(n => n, StringComparer.Ordinal))
            {
                spellings.Add($"the profile '{namedOnly}' (known only by name)");
            }

            foreach (KeyValuePair<string, string> named in _newNamedAt.Where(n => IsOtherSpelling(n.Key, name)))
            {
                spellings.Add($"the profile '{named.Key}' (new, at {named.Value})");
            }

            return spellings;
        }

        private static bool IsOtherSpelling(string known, string name) =>
            string.Equals(known, name, StringComparison.OrdinalIgnoreCase) && !string.Equals(known, name, StringComparison.Ordinal);

        private List<DepProfile>? _profiles;

        private List<DepProfile> Profiles() => _profiles ??= _store.GetDepProfiles().ToList();

        private List<string> NamedOnly() =>
            _namedOnly ??= Profiles().Where(p => p.Uuid == null && p.Name != null).Select(p => p.Name!).ToList();

        private Dictionary<string, List<string>> UuidsByName()
        {
            if (_uuidsByName == null)
            {
                var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (DepProfile profile in Profiles())
                {
                    if (profile.Uuid != null && profile.Name != null)
                    {
                        names[profile.Uuid] = profile.Name;
                    }
                }

                foreach (KeyValuePair<string, string> named in _naming)
                {
                    names[named.Key] = named.Value;
                }

                _uuidsByName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (KeyValuePair<string, string> profile in names.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
                {
                    if (!_uuidsByName.TryGetValue(profile.Value, out List<string>? uuids))
                    {
                        _uuidsByName[profile.Value] = uuids = new List<string>();
                    }

                    uuids.Add(profile.Key);
                }
            }

            return _uuidsByName;
        }
    }

    /// <summary>
    /// What naming one DEP profile gives the devices known only by a profile name (the module's CSV gave it before any
    /// profile of that name was known): they adopt the uuid of the one profile that then has that name. That is the profile
    /// named, or, when it is renamed away from a name one other profile keeps, that other profile. A profile response, a
    /// "profiles" list (<see cref="DepImport.Plan"/>) and Set-BmgDepProfile (<see cref="DepInventory.NameProfile"/>) all
    /// name profiles by this rule. The devices come changed, not stored.
    /// </summary>
    internal sealed class DepProfileAdoptions
    {
        private DepProfileAdoptions(List<DepDevice> ofName, string? leftUuid, List<DepDevice> ofNameLeft)
        {
            OfName = ofName;
            LeftUuid = leftUuid;
            OfNameLeft = ofNameLeft;
        }

        /// <summary>The devices known only by the new name that adopt the profile's uuid (none when another profile has the name too).</summary>
        public IReadOnlyList<DepDevice> OfName { get; }

        /// <summary>The one profile left with the name the profile was renamed away from, if exactly one is.</summary>
        public string? LeftUuid { get; }

        /// <summary>The devices known only by that old name that adopt <see cref="LeftUuid"/>.</summary>
        public IReadOnlyList<DepDevice> OfNameLeft { get; }

        public IEnumerable<DepDevice> All => OfName.Concat(OfNameLeft);

        /// <param name="knownOnlyByName">The store's DEP devices that have a profile name and no uuid (<see cref="KnownOnlyByName"/>).</param>
        /// <param name="known">The profiles as they will be once named.</param>
        /// <param name="before">The profile's name until now (null: it had none).</param>
        public static DepProfileAdoptions OfNaming(IReadOnlyList<DepDevice> knownOnlyByName, KnownDepProfiles known, string uuid, string name, string? before)
        {
            List<DepDevice> ofName = known.UuidsNamed(name) is { Count: 1 } named && string.Equals(named[0], uuid, StringComparison.OrdinalIgnoreCase)
                ? Adopting(knownOnlyByName, name, uuid)
                : new List<DepDevice>();
            if (before != null && before != name && known.UuidsNamed(before) is { Count: 1 } left)
            {
                return new DepProfileAdoptions(ofName, left[0], Adopting(knownOnlyByName, before, left[0]));
            }

            return new DepProfileAdoptions(ofName, null, new List<DepDevice>());
        }

        /// <summary>The DEP devices a profile is known for only by its name (no uuid): the ones naming a profile may give a uuid.</summary>
        public static List<DepDevice> KnownOnlyByName(IDeviceStore store) =>
            store.GetDepDevices().Where(device => device.ProfileUuid == null && device.ProfileName != null).ToList();

        private static List<DepDevice> Adopting(IReadOnlyList<DepDevice> knownOnlyByName, string name, string uuid)
        {
            var adopting = new List<DepDevice>();
            foreach (DepDevice device in knownOnlyByName)
            {
                if (string.Equals(device.ProfileName, name, StringComparison.Ordinal))
                {
                    DepDevice adopted = device.Clone();
                    adopted.ProfileUuid = uuid;
                    adopting.Add(adopted);
                }
            }

            return adopting;
        }
    }
}
