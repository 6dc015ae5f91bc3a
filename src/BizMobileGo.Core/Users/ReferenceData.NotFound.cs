using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Users
{
    /// <summary>The not-found errors of a name of the kinds, and their hints: a near name, a rename, an organization Name for its Id, a list separator.</summary>
    public static partial class ReferenceData
    {
        /// <summary>
        /// The kind's not-found error for a name none of <paramref name="names"/> is (Get-, Remove-, Rename- of the kind and the
        /// Get-BmgDevice -Template/-DeviceTag filters), with the names that differ from it only by case as a "did you mean":
        /// names are case-sensitive, so 'sales' does not find 'Sales', and the hint says why.
        /// </summary>
        /// <param name="oneNameParameter">
        /// For a filter that takes one name (Get-BmgDevice -DeviceTag, without its dash): a value that holds several names says so
        /// (<see cref="OneNameSeparatorHint"/>) instead of the case hint.
        /// </param>
        /// <param name="organizations">
        /// For <see cref="ReferenceKind.Organization"/>: the organizations by Name (<see cref="OrganizationsByName"/>), so that a
        /// Name given where an Id belongs is said so (<see cref="OrganizationNameHint"/>); null: not said.
        /// </param>
        /// <param name="renames">The history's renames: a name the history records as renamed is told its new name, in the
        /// wording the writing commands use (<see cref="WrittenNotFound"/>; walkthrough 25, finding 6); null: not looked up.
        /// Read only here, on the error path.</param>
        /// <param name="storeLocation">The store searched (<see cref="IDeviceStore.Location"/>), named as every not-found error names it (<see cref="SearchedStore"/>).</param>
        public static BmgException NotFound(ReferenceKind kind, string name, IEnumerable<string> names, string storeLocation, string? oneNameParameter = null,
            ILookup<string, Organization>? organizations = null, ReferenceRenames? renames = null)
        {
            var known = new HashSet<string>(names, StringComparer.Ordinal);
            if (MangledDigits.NotFoundHint(name, WithArticle(kind), known.Contains) is string formula)
            {
                return new BmgException(NotFoundErrorId(kind), BmgErrorCategory.ObjectNotFound,
                    $"{DoesNotExist(Describe(kind), name, storeLocation)} and {formula}.", name);
            }

            if (kind == ReferenceKind.Organization && OrganizationNameHint("-" + (oneNameParameter ?? "Id"), name, organizations) is string byName)
            {
                return new BmgException(NotFoundErrorId(kind), BmgErrorCategory.ObjectNotFound,
                    $"{DoesNotExist(Describe(kind), name, storeLocation)}; {byName}.", name);
            }

            if (RenamedNotFound(kind, name, known, renames, storeLocation) is string renamed)
            {
                return new BmgException(NotFoundErrorId(kind), BmgErrorCategory.ObjectNotFound, renamed, name);
            }

            // A template is never one of a list: a ';' in its name is no separator mistaken.
            if (oneNameParameter != null && kind != ReferenceKind.Template)
            {
                if (OneNameSeparatorHint(kind, oneNameParameter, name.Trim(), known.Contains) is string hint)
                {
                    return new BmgException(NotFoundErrorId(kind), BmgErrorCategory.ObjectNotFound,
                        $"{DoesNotExist(Describe(kind), name, storeLocation)}; {hint}.", name);
                }
            }

            return NotFound(NotFoundErrorId(kind), Describe(kind), name, known, storeLocation);
        }

        /// <summary>
        /// "Template 'x' does not exist in the store '/srv/acme.db'": the start of every not-found error of a template, device tag,
        /// organization or DEP profile, the store named as a device's and user's not-found errors name it (<see cref="SearchedStore"/>;
        /// before, these named none, and in a loop over customers' stores left the admin to guess which).
        /// </summary>
        /// <param name="described">The kind as a message starts with it: "Template", "DEP profile".</param>
        public static string DoesNotExist(string described, string name, string storeLocation) =>
            $"{described} '{FieldText.Printable(name)}' does not exist {SearchedStore.In(storeLocation)}";

        /// <summary>
        /// "Device tag 'Sales' does not exist: 'Sales' was renamed to 'Sales-JP' (on … by root, Rename-BmgDeviceTag); give the
        /// new name.": the not-found text of a name the history records as renamed (<see cref="ReferenceRenames.Hint"/>), for
        /// every command that looks a template, tag or organization up by name; null when it was not renamed (or
        /// <paramref name="renames"/> is null). Only on the error path: the history is read here.
        /// </summary>
        public static string? RenamedNotFound(ReferenceKind kind, string name, IEnumerable<string> known, ReferenceRenames? renames, string storeLocation) =>
            renames?.Hint(kind, name.Trim(), known is ICollection<string> names ? names.Contains : new HashSet<string>(known, StringComparer.Ordinal).Contains) is string renamed
                ? $"{DoesNotExist(Describe(kind), name, storeLocation)}: {renamed}."
                : null;

        /// <summary>
        /// The organizations by their display Name, trimmed and ignoring case (organizations without a Name left out): what
        /// <see cref="OrganizationNameHint"/> looks a value up in. Read only on the error path of a look-up of an Id.
        /// </summary>
        public static ILookup<string, Organization> OrganizationsByName(IEnumerable<Organization> organizations) =>
            organizations.Where(o => !string.IsNullOrEmpty(o.Name)).ToLookup(o => o.Name!.Trim(), StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The text-formula hint of a Get- look-up by name that found nothing (Get-BmgOrganization -Id, Get-BmgTemplate -Name,
        /// Get-BmgDeviceTag -Name, Get-BmgDepProfile -Name), as every typed parameter gives it (<see cref="MangledDigits.NotFoundHint"/>,
        /// one rule): "looks like Excel's =\"...\" text formula, ...; a template '0456' exists", or null when the name is no
        /// ="..." formula. A '="0456"' pasted from a sheet's cell was refused there with only "No organization is named" (Leftovers 25).
        /// </summary>
        /// <param name="kind">The kind as a message names it ("template", "DEP profile").</param>
        /// <param name="exists">Whether a name of the kind exists (asked once, with the name inside the formula).</param>
        public static string? LookupTextFormulaHint(string kind, string name, Func<string, bool> exists) =>
            MangledDigits.NotFoundHint(name, ("aeiouAEIOU".IndexOf(kind[0]) >= 0 ? "an " : "a ") + kind, exists);

        /// <summary>
        /// The same not-found error for another kind of case-sensitive name (<paramref name="errorId"/>; <paramref name="kind"/>
        /// as a message names it, "DEP profile"): Get-BmgDepDevice -ProfileName's exact name that names no profile.
        /// </summary>
        public static BmgException NotFound(string errorId, string kind, string name, IEnumerable<string> names, string storeLocation)
        {
            return new BmgException(errorId, BmgErrorCategory.ObjectNotFound,
                DoesNotExist(kind, name, storeLocation) + DidYouMeanEnd(name, names, " (names are case-sensitive)."), name);
        }

        /// <summary>
        /// The end of a look-up's not-found sentence: "; did you mean 'Sales'? (names are case-sensitive)." for another case or
        /// form of a name (<see cref="NearNameHint"/>), else "; did you mean 'Standard'?" for a typo of one (<see cref="TypoHint"/>),
        /// else <paramref name="otherwise"/>.
        /// </summary>
        public static string DidYouMeanEnd(string name, IEnumerable<string> names, string otherwise) =>
            NearNameHint(name, names) is string near ? "; " + near + "."
            : TypoHint(name, names) is string typo ? "; " + typo
            : otherwise;

        /// <summary>
        /// The "did you mean" for a name that names nothing of <paramref name="names"/> but nearly is one, or null: the one
        /// wording of every command that looks a name up, the Get- filters (<see cref="NotFound(string, string, string, IEnumerable{string}, string)"/>)
        /// and the writing commands (<see cref="WrittenNotFound"/>). Nearly: equal ignoring case ("did you mean 'Sales'?
        /// (names are case-sensitive)"), or equal once both are NFKC-normalized (walkthrough 20, finding 2): half-width kana
        /// 'ｴｲｷﾞｮｳ' for 'エイギョウ', full-width letters, or a Mac's decomposed 'ガ' (NFD) for the composed one, which look
        /// the same on screen. Only a name that names nothing gets here, so the normalizing costs nothing per valid row.
        /// </summary>
        public static string? NearNameHint(string name, IEnumerable<string> names)
        {
            string wanted = name.Trim();
            string folded = Folded(wanted);
            var near = new List<string>();
            bool otherForm = false;
            foreach (string candidate in names)
            {
                if (candidate == wanted)
                {
                    continue;
                }

                if (string.Equals(candidate, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    near.Add(candidate);
                }
                else if (string.Equals(Folded(candidate), folded, StringComparison.OrdinalIgnoreCase))
                {
                    near.Add(candidate);
                    otherForm = true;
                }

                if (near.Count == NamesHinted)
                {
                    break;
                }
            }

            if (near.Count == 0)
            {
                return null;
            }

            string why = otherForm
                ? "names are case-sensitive, and half-width and full-width characters, or a decomposed character as a Mac writes it, are other characters"
                : "names are case-sensitive";
            return $"did you mean {string.Join(" or ", near.Select(n => $"'{FieldText.Printable(n)}'"))}? ({why})";
        }

        // NFKC: half-width katakana and full-width letters to their usual forms, decomposed characters composed.
        private static string Folded(string name) => name.IsNormalized(System.Text.NormalizationForm.FormKC)
            ? name
            : name.Normalize(System.Text.NormalizationForm.FormKC);

        /// <summary>
        /// "did you mean 'Standard'?" for a name a typo away from existing ones (<see cref="EditDistance"/>, ignoring case: one
        /// edit, two in a name of 8 characters or more; the nearest first, at most <see cref="NamesHinted"/>), or null: the
        /// "did you mean" a header's column gets (ImportHeader.Suggest), for a template, device tag or organization, asked
        /// only when <see cref="NearNameHint"/> found none. A row with 'Standrd' was told to create it (walkthrough 43, finding 10).
        /// Names of fewer than 3 characters get none: one edit from them is nearly any short name.
        /// </summary>
        public static string? TypoHint(string name, IEnumerable<string> names)
        {
            string wanted = name.Trim().ToLowerInvariant();
            if (wanted.Length < 3)
            {
                return null;
            }

            int allowed = wanted.Length >= 8 ? 2 : 1;
            List<string> near = names
                .Select(candidate => (candidate, distance: EditDistance.Between(candidate.ToLowerInvariant(), wanted)))
                .Where(n => n.distance > 0 && n.distance <= allowed)
                .OrderBy(n => n.distance).ThenBy(n => n.candidate, StringComparer.Ordinal)
                .Take(NamesHinted).Select(n => n.candidate).ToList();
            return near.Count == 0 ? null : $"did you mean {string.Join(" or ", near.Select(n => $"'{FieldText.Printable(n)}'"))}?";
        }

        /// <summary>The kind as a writing command's message names a value of it: "a device tag", "a template", "an organization".</summary>
        public static string WithArticle(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => "an organization",
            ReferenceKind.Template => "a template",
            _ => "a device tag",
        };

        /// <summary>
        /// A writing command's error for a Template, DeviceTags or Organizations value that names no <paramref name="kind"/>
        /// (an import row, New-/Set-BmgDevice, New-/Set-BmgUser): with the Get- filters' did-you-mean
        /// (<see cref="NearNameHint"/>) and then no advice to create it (it made a case twin, 'sales' beside 'Sales':
        /// walkthrough 20, finding 2); else with the list separator hint (<see cref="ListSeparatorHint"/>) for a list's item,
        /// and the advice to create it.
        /// </summary>
        /// <param name="field">The field as a message names it (FieldNames.DeviceTags).</param>
        /// <param name="known">The kind's names (the planner's set: enumerated only here, on the error path).</param>
        /// <param name="renames">The history's renames: a name renamed since (an export made before Rename-BmgTemplate) is told
        /// its new name, not to be created again (walkthrough 23, finding 4); null: not looked up.</param>
        /// <param name="organizations">
        /// For <see cref="ReferenceKind.Organization"/>: the organizations' (Name, Id) pairs by Name ignoring case (read with the
        /// ids), so that a Name written where its Id belongs is said so (<see cref="OrganizationNameHint"/>); null: not said.
        /// </param>
        /// <param name="removing">
        /// The name was given to remove (Set-BmgDevice -RemoveDeviceTag): no advice to create it, which would be pointless; the
        /// hints that find the name meant (a rename, another case, another separator) are the same.
        /// </param>
        public static RecordError WrittenNotFound(ReferenceKind kind, string field, string name, IReadOnlyCollection<string> known,
            ReferenceRenames? renames = null, ILookup<string, Organization>? organizations = null, bool removing = false)
        {
            string described = WithArticle(kind);
            if (MangledDigits.NotFoundHint(name, described, known.Contains) is string formula)
            {
                return RecordError.TextFormulaNotFound(field, name, described, formula);
            }

            if (kind == ReferenceKind.Organization && OrganizationNameHint(field, name, organizations) is string byName)
            {
                return new RecordError(ErrorIds.ReferenceNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{field} names {described} '{FieldText.Printable(name)}', which does not exist; {byName}.", field, name);
            }

            if (renames?.Hint(kind, name, known.Contains) is string renamed)
            {
                return new RecordError(ErrorIds.ReferenceNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{field} names {described} '{FieldText.Printable(name)}', which does not exist: {renamed}.", field, name);
            }

            string howToCreate = kind switch
            {
                ReferenceKind.Organization => "create it with New-BmgOrganization",
                ReferenceKind.Template => "create it with New-BmgTemplate",
                _ => "create it with New-BmgDeviceTag",
            };
            if (NearNameHint(name, known) is string near)
            {
                return RecordError.NearNameNotFound(field, name, described, near);
            }

            string? separators = kind == ReferenceKind.Template ? null : ListSeparatorHint(kind, name, known.Contains);
            if (removing)
            {
                return new RecordError(ErrorIds.ReferenceNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{field} names {described} '{FieldText.Printable(name)}', which does not exist, so there is none to remove{(separators == null ? "." : ". " + separators)}",
                    field, name);
            }

            // A name a typo away from one ('Standrd') may still be a new one ('Tokyo2' beside 'Tokyo1'): the advice to create it stays.
            return RecordError.NotFound(field, name, described, howToCreate, separators ?? TypoHint(name, known));
        }

        /// <summary>
        /// An organization has an Id (what users' Organizations hold) and a display Name: a value that is no Id but is an
        /// organization's Name (exactly, else ignoring case) was written where the Id belongs (Leftovers 23), so the hint names
        /// the Id that organization has: "'Sales' is the Name of the organization whose Id is 'org-sales' (Organizations
        /// takes Ids, not Names)". Null when no organization is named so. Templates and device tags have no such
        /// split: their Name is their key.
        /// </summary>
        public static string? OrganizationNameHint(string field, string name, ILookup<string, Organization>? organizations)
        {
            string wanted = name.Trim();
            if (organizations == null || wanted.Length == 0 || !organizations.Contains(wanted))
            {
                return null;
            }

            List<Organization> named = organizations[wanted].ToList();
            List<Organization> exactly = named.Where(o => o.Name == wanted).ToList();
            bool ignoringCase = exactly.Count == 0;
            List<string> ids = (ignoringCase ? named : exactly).Select(o => o.Id).Take(NamesHinted).ToList();
            string quoted = string.Join(" and ", ids.Select(id => $"'{FieldText.Printable(id)}'"));
            string whose = ids.Count == 1 ? $"the organization whose Id is {quoted}" : $"the organizations whose Ids are {quoted}";
            return $"'{FieldText.Printable(wanted)}' is{(ignoringCase ? ", ignoring case," : "")} the Name of {whose} ({field} takes Ids, not Names)";
        }

        /// <summary>
        /// A wildcard pattern given for an organization Id (Get-BmgUser -Organization 'Sal*') that matches no Id but matches the
        /// Name of organizations: the same mix-up as <see cref="OrganizationNameHint"/>, worded for a pattern: "'Sal*' matches
        /// no organization Id, but the Name of the organization whose Id is 'org-sales' (-Organization takes Ids, not Names)";
        /// null when it matches no Name either (a pattern that matches nothing says nothing, as Get-ChildItem's does) or when
        /// the caller's pattern matches an Id (the caller asks only then). <paramref name="isMatch"/> is the pattern.
        /// </summary>
        public static string? OrganizationNamePatternHint(string field, string pattern, IEnumerable<Organization> organizations, Func<string, bool> isMatch)
        {
            List<string> ids = organizations.Where(o => !string.IsNullOrEmpty(o.Name) && isMatch(o.Name!.Trim()))
                .Select(o => o.Id).Take(NamesHinted).ToList();
            if (ids.Count == 0)
            {
                return null;
            }

            string quoted = string.Join(" and ", ids.Select(id => $"'{FieldText.Printable(id)}'"));
            string whose = ids.Count == 1 ? $"the organization whose Id is {quoted}" : $"the organizations whose Ids are {quoted}";
            return $"{field} '{FieldText.Printable(pattern)}' matches no organization Id, but the Name of {whose} ({field} takes Ids, not Names)";
        }

        /// <summary>
        /// For a name of a '|'-separated list (DeviceTags, Organizations) that names nothing and holds one of the separators a
        /// list is often written with instead (<see cref="ListLookalikeSeparators"/>): the "did you mean" that says the list
        /// separator is '|' and shows the value with it, or null. Excel users and other tools write lists with ',' or ';'
        /// ("Sales;Kiosk"), a Japanese Excel user with '、', '，', '；' or a full-width '｜', and the plain not-found text then
        /// advised creating a tag named 'Sales;Kiosk' (walkthrough 15, finding 3). Said whenever the value splits into two or
        /// more names, not only when each of them exists: the value is wrong either way, and a part that does not exist is
        /// named, so one round fixes the cell. A name may hold any of them (only '|' is refused), so the caller keeps its
        /// "Otherwise create it" advice after this text.
        /// </summary>
        /// <param name="exists">Whether a name of the kind exists (the caller's set of names).</param>
        public static string? ListSeparatorHint(ReferenceKind kind, string name, Func<string, bool> exists)
        {
            if (!TrySplitList(name, ListLookalikeSeparators, exists, out List<string> parts, out string used, out string either))
            {
                return null;
            }

            return $"{ListPlural(kind)} in a list are separated by '{NameList.Separator}', not {used}: did you mean "
                + $"'{FieldText.Printable(NameList.Join(parts))}'?{either}";
        }

        /// <summary>
        /// The same rule for a parameter that takes one name, not a list (Get-BmgDevice -DeviceTag): a value that names nothing
        /// and splits at a list separator ('|' too: it separates nothing here) is several names, so the hint says the parameter
        /// takes one and names them, or null.
        /// </summary>
        /// <param name="parameter">The parameter as typed, without its dash ("DeviceTag").</param>
        public static string? OneNameSeparatorHint(ReferenceKind kind, string parameter, string name, Func<string, bool> exists)
        {
            if (!TrySplitList(name, OneNameSeparators, exists, out List<string> parts, out string used, out string either))
            {
                return null;
            }

            string singular = kind == ReferenceKind.Organization ? "organization id" : "device tag";
            return $"-{parameter} takes one {singular}, not a list separated by {used}: give "
                + $"{string.Join(" or ", parts.Take(NamesHinted).Select(part => $"'{FieldText.Printable(part)}'"))}"
                + $"{(parts.Count > NamesHinted ? $" (or one of {parts.Count - NamesHinted} more)" : "")}, one a command, or a wildcard pattern{either}";
        }

        /// <summary>
        /// The one split of both hints: the names a value holds between <paramref name="separators"/> (two or more, else
        /// false), the separators it used ("';' or ','"), and the parts that do not exist either (" ('Lobby' does not exist either)").
        /// </summary>
        private static bool TrySplitList(string name, char[] separators, Func<string, bool> exists, out List<string> parts, out string used, out string either)
        {
            parts = new List<string>();
            used = either = "";
            if (name.IndexOfAny(separators) < 0)
            {
                return false;
            }

            parts = name.Split(separators).Select(part => part.Trim()).Where(part => part.Length != 0).ToList();
            if (parts.Count < 2)
            {
                return false;
            }

            used = string.Join(" or ", separators.Where(c => name.IndexOf(c) >= 0).Select(c => $"'{c}'"));
            List<string> missing = parts.Where(part => !exists(part)).Distinct(StringComparer.Ordinal).ToList();
            either = missing.Count == 0 ? ""
                : $" ({string.Join(" and ", missing.Take(NamesHinted).Select(m => $"'{FieldText.Printable(m)}'"))}"
                  + (missing.Count > NamesHinted ? $" and {missing.Count - NamesHinted} more" : "")
                  + $" {(missing.Count == 1 ? "does" : "do")} not exist either)";
            return true;
        }

        private static string ListPlural(ReferenceKind kind) => kind == ReferenceKind.Organization ? "organization ids" : "device tags";

        /// <summary>
        /// What a list is often written with instead of '|': ',' and ';' (Excel's list separators), and what a Japanese IME
        /// types for them: the ideographic comma '、', the full-width comma '，' and semicolon '；', and the full-width '｜'
        /// (SPEC section 3: only '|' separates names).
        /// </summary>
        private static readonly char[] ListLookalikeSeparators = { ',', ';', '\u3001', '\uFF0C', '\uFF1B', '\uFF5C' };

        /// <summary>For a parameter that takes one name: the lookalikes and '|' itself.</summary>
        private static readonly char[] OneNameSeparators = ListLookalikeSeparators.Append(NameList.Separator).ToArray();

        /// <summary>How many names a "did you mean" names at most.</summary>
        private const int NamesHinted = 3;
    }
}
