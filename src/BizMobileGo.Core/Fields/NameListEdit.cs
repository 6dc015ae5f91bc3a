using System;
using System.Collections.Generic;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>
    /// Names to add to and remove from one record's list (a device's DeviceTags, a user's Organizations): Set-BmgDevice
    /// -AddDeviceTag/-RemoveDeviceTag and Set-BmgUser -AddOrganization/-RemoveOrganization (walkthrough 28, finding 6: the
    /// whole-list parameter replaced every tag of every piped device, so "tag every Sales device with Tokyo too" took a
    /// ForEach-Object that read each device's list). The arithmetic is applied to the list as the store holds it when the
    /// change is decided (inside the writer lock), so a name another admin added meanwhile stays. One rule for both lists:
    /// the names given follow the list's own rules (<see cref="NameList.TryParse"/>: trimmed, '|' separates, duplicates
    /// collapse, names case-sensitive); the removed ones go first, keeping the order of the rest; the added ones the list
    /// lacks follow at its end, in the order given. Adding a name the list has, or removing one it lacks, changes nothing.
    /// </summary>
    public sealed class NameListEdit
    {
        private const string AddPrefix = "Add";
        private const string RemovePrefix = "Remove";

        public NameListEdit(IReadOnlyList<string?> added, IReadOnlyList<string?> removed)
        {
            Added = added;
            Removed = removed;
        }

        /// <summary>The names given to add, as given (each may hold several separated by '|').</summary>
        public IReadOnlyList<string?> Added { get; }

        /// <summary>The names given to remove, as given.</summary>
        public IReadOnlyList<string?> Removed { get; }

        /// <summary>The parameter that adds names to the list <paramref name="list"/> ("AddDeviceTag", "AddOrganization").</summary>
        public static string AddParameter(FieldKey list) => AddPrefix + Singular(list);

        /// <summary>The parameter that removes names from the list <paramref name="list"/> ("RemoveDeviceTag", "RemoveOrganization").</summary>
        public static string RemoveParameter(FieldKey list) => RemovePrefix + Singular(list);

        /// <summary>The lists that can be edited name by name.</summary>
        public static readonly IReadOnlyList<FieldKey> Lists = new[] { FieldKey.DeviceTags, FieldKey.Organizations };

        /// <summary>
        /// The list a parameter named <paramref name="parameter"/> (ignoring case, as PowerShell's names) edits, and whether it
        /// adds names (else removes them); false when it is no list-edit parameter.
        /// </summary>
        public static bool TryFindParameter(string parameter, out FieldKey list, out bool adds)
        {
            foreach (FieldKey candidate in Lists)
            {
                adds = string.Equals(parameter, AddParameter(candidate), StringComparison.OrdinalIgnoreCase);
                if (adds || string.Equals(parameter, RemoveParameter(candidate), StringComparison.OrdinalIgnoreCase))
                {
                    list = candidate;
                    return true;
                }
            }

            list = default;
            adds = false;
            return false;
        }

        private static string Singular(FieldKey list) => list switch
        {
            FieldKey.DeviceTags => "DeviceTag",
            FieldKey.Organizations => "Organization",
            _ => throw new ArgumentOutOfRangeException(nameof(list), list, "Only DeviceTags and Organizations are lists."),
        };

        /// <summary>
        /// The names given to add and to remove, each by the list's rules (<see cref="NameList.TryParse"/>); false with the
        /// first error: a name that breaks them, a blank one (it can only be a mistake: a variable that held nothing), or a
        /// name given both to add and to remove (which of the two was meant can't be told).
        /// </summary>
        public bool TryParse(FieldKey list, out IReadOnlyList<string> added, out IReadOnlyList<string> removed, out RecordError? error)
        {
            removed = Array.Empty<string>();
            if (!TryParseNames(Added, AddParameter(list), out added, out error) ||
                !TryParseNames(Removed, RemoveParameter(list), out removed, out error))
            {
                return false;
            }

            foreach (string name in added)
            {
                if (IndexOf(removed, name) >= 0)
                {
                    error = RecordError.InvalidValue(RemoveParameter(list), name,
                        $"'{FieldText.Printable(name)}' is given to -{AddParameter(list)} too; give each name to add or to remove, not both");
                    return false;
                }
            }

            return true;
        }

        private static bool TryParseNames(IReadOnlyList<string?> given, string parameter, out IReadOnlyList<string> names, out RecordError? error)
        {
            var parsed = new List<string>(given.Count);
            foreach (string? item in given)
            {
                if (string.IsNullOrWhiteSpace(item))
                {
                    names = Array.Empty<string>();
                    error = RecordError.InvalidValue(parameter, item ?? "", "must name something; a blank name adds or removes nothing");
                    return false;
                }

                if (!NameList.TryParse(item, out IReadOnlyList<string> itemNames, out string? rule))
                {
                    names = Array.Empty<string>();
                    error = RecordError.InvalidValue(parameter, item!, rule!);
                    return false;
                }

                foreach (string name in itemNames)
                {
                    if (IndexOf(parsed, name) < 0)
                    {
                        parsed.Add(name);
                    }
                }
            }

            names = parsed;
            error = null;
            return true;
        }

        /// <summary>
        /// <paramref name="current"/> without the names in <paramref name="removed"/> and with those of <paramref name="added"/>
        /// it lacks appended, in the order given; the list itself when nothing changes (<see cref="NameList.Same"/> then says so).
        /// Names compare exactly (case-sensitive), as the list's own names do.
        /// </summary>
        public static IReadOnlyList<string> Apply(IReadOnlyList<string> current, IReadOnlyList<string> added, IReadOnlyList<string> removed)
        {
            var edited = new List<string>(current.Count + added.Count);
            foreach (string name in current)
            {
                if (IndexOf(removed, name) < 0)
                {
                    edited.Add(name);
                }
            }

            foreach (string name in added)
            {
                if (IndexOf(edited, name) < 0)
                {
                    edited.Add(name);
                }
            }

            return NameList.Same(current, edited) ? current : edited.AsReadOnly();
        }

        // Lists of names are short (a few tags or organizations): a look along one is cheaper than a set. Names compare
        // exactly, as the list's own names do (StaleConfirmation.CheckListEdit compares them so too).
        internal static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (int index = 0; index < names.Count; index++)
            {
                if (string.Equals(names[index], name, StringComparison.Ordinal))
                {
                    return index;
                }
            }

            return -1;
        }
    }
}
