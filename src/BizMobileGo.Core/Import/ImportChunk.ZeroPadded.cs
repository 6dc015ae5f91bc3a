using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The zero-padded twins of a chunk's new bare-number keys ('0042' for a new '42', <see cref="LeadingZeros"/>): read in
    /// one look-up with the chunk's keys, and only for a chunk that has such a key (a file of other keys reads nothing
    /// more); a key the chunk did not read (a piped record) is looked up on its own. The twins the import itself created
    /// and the store does not hold yet (the chunk being planned, the one being written) are kept as they are shown.
    /// </summary>
    internal sealed partial class ImportChunk
    {
        // The store's zero-padded keys by the bare number they pad, and the bare numbers asked about (found or not).
        private readonly Dictionary<string, List<string>> _paddedUserNames = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _paddedIdentifiers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly HashSet<string> _paddedUserNamesRead = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _paddedIdentifiersRead = new HashSet<string>(StringComparer.Ordinal);

        // The zero-padded keys created by the changes shown over the store, by the bare number they pad (made at the first
        // one: most files create none).
        private Dictionary<string, List<string>>? _createdPaddedUserNames;
        private Dictionary<string, List<string>>? _createdPaddedIdentifiers;

        public IReadOnlyList<string> GetZeroPaddedUserNames(string userName)
        {
            if (!_paddedUserNamesRead.Contains(userName))
            {
                WaitForStore();
                ReadZeroPaddedTwins(new[] { userName }, null);
            }

            return Twins(userName, _paddedUserNames, _createdPaddedUserNames, StringComparer.Ordinal);
        }

        public IReadOnlyList<string> GetZeroPaddedIdentifiers(string identifier)
        {
            if (!_paddedIdentifiersRead.Contains(identifier))
            {
                WaitForStore();
                ReadZeroPaddedTwins(null, new[] { identifier });
            }

            return Twins(identifier, _paddedIdentifiers, _createdPaddedIdentifiers, DeviceIdentifier.Comparer);
        }

        private static IReadOnlyList<string> Twins(string key, Dictionary<string, List<string>> stored, Dictionary<string, List<string>>? created, IEqualityComparer<string> same)
        {
            List<string>? twins = stored.TryGetValue(key, out List<string>? found) ? new List<string>(found) : null;
            if (created != null && created.TryGetValue(key, out List<string>? made))
            {
                foreach (string padded in made)
                {
                    // A twin the store holds by now (a key read on its own after the chunk's write) is said once.
                    if (twins == null || !twins.Contains(padded, same))
                    {
                        (twins ??= new List<string>()).Add(padded);
                    }
                }
            }

            return (IReadOnlyList<string>?)twins ?? Array.Empty<string>();
        }

        /// <summary>Reads the zero-padded twins of the bare numbers among <paramref name="userNames"/> and <paramref name="identifiers"/>, keys the store does not hold: one look-up, none when there are none.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void ReadZeroPaddedTwins(IReadOnlyCollection<string>? userNames, IReadOnlyCollection<string>? identifiers)
        {
            List<string>? bareUserNames = null;
            if (userNames != null)
            {
                foreach (string name in userNames)
                {
                    if (LeadingZeros.IsBareNumber(name) && _paddedUserNamesRead.Add(name))
                    {
                        (bareUserNames ??= new List<string>()).Add(name);
                    }
                }
            }

            List<string>? bareIdentifiers = null;
            if (identifiers != null)
            {
                foreach (string identifier in identifiers)
                {
                    if (LeadingZeros.IsBareNumber(identifier) && _paddedIdentifiersRead.Add(identifier))
                    {
                        (bareIdentifiers ??= new List<string>()).Add(identifier);
                    }
                }
            }

            if (bareUserNames == null && bareIdentifiers == null)
            {
                return;
            }

            ZeroPaddedKeys found = _store.FindZeroPaddedKeys((IReadOnlyCollection<string>?)bareUserNames ?? Array.Empty<string>(),
                (IReadOnlyCollection<string>?)bareIdentifiers ?? Array.Empty<string>());
            RememberPadded(found.UserNames, _paddedUserNames);
            RememberPadded(found.Identifiers, _paddedIdentifiers);
        }

        private static void RememberPadded(IReadOnlyList<string> padded, Dictionary<string, List<string>> byBareNumber)
        {
            foreach (string key in padded)
            {
                RememberPadded(key, key.TrimStart('0'), byBareNumber);
            }
        }

        private static void RememberPadded(string key, string bare, Dictionary<string, List<string>> byBareNumber)
        {
            if (!byBareNumber.TryGetValue(bare, out List<string>? twins))
            {
                byBareNumber[bare] = twins = new List<string>(1);
            }

            twins.Add(key);
        }

        /// <summary>Keeps a zero-padded key a shown change creates: the store read before it does not hold it.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void ShowZeroPadded(StoreChange change)
        {
            if (change.DeviceAfter is Device device)
            {
                if (change.DeviceBefore == null && device.Identifier[0] == '0')
                {
                    RememberCreatedPadded(device.Identifier, ref _createdPaddedIdentifiers);
                }
            }
            else if (change.UserAfter is User user && change.UserBefore == null && user.UserName.Length != 0 && user.UserName[0] == '0')
            {
                RememberCreatedPadded(user.UserName, ref _createdPaddedUserNames);
            }
        }

        /// <summary>A created key that is a bare number led by zeros ('0042': the bare number '42' is what a later row may hold).</summary>
        private static void RememberCreatedPadded(string key, ref Dictionary<string, List<string>>? created)
        {
            string bare = key.TrimStart('0');
            if (LeadingZeros.IsBareNumber(bare))
            {
                RememberPadded(key, bare, created ??= new Dictionary<string, List<string>>(StringComparer.Ordinal));
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private void ForgetZeroPadded()
        {
            _paddedUserNames.Clear();
            _paddedIdentifiers.Clear();
            _paddedUserNamesRead.Clear();
            _paddedIdentifiersRead.Clear();
            _createdPaddedUserNames = null;
            _createdPaddedIdentifiers = null;
        }
    }
}
