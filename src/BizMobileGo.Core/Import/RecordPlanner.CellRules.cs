using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    // The rules of single cells, shared by users and devices, and a failed row's cells checked one by one.
    public sealed partial class RecordPlanner
    {
        /// <summary>
        /// The errors of a row's cells, each checked on its own (format, and that a named template, tag or organization
        /// exists), for a row whose key is wrong (an invalid or repeated Identifier or UserName), so that the row names
        /// every bad cell in one pass, not one a round (walkthrough 15, finding 4). Nothing is looked up or planned: with
        /// no record named there is no existing record to compare with, so the rules that depend on one (a new device's
        /// OS, the OS that can't change, the edit lock, the serial held by another device, DEP enrollment) wait until
        /// the key is fixed. Runs only for a failed row: the path of a valid row does not change.
        /// </summary>
        /// <param name="user">Check the user's cells (the row gives a UserName).</param>
        /// <param name="device">Check the device's cells (the row gives an Identifier).</param>
        internal void CheckCells(FieldValues values, bool user, bool device, List<RecordError> errors)
        {
            if (user)
            {
                PlanUserFields(values, new User { UserName = "" }, errors);
            }

            if (device)
            {
                var plan = new RecordPlan<Device>(null, new Device { Identifier = "", State = DeviceState.Registered });
                PlanDeviceFields(values, null, plan.Proposed, plan, cellsOnly: true);
                errors.AddRange(plan.Errors);
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private static string? Text(List<RecordError> errors, string field, string? text, int maxLength, string? current, bool multiLine = false)
        {
            if (BoundedText.TryParse(text, maxLength, out string value, out string? rule, multiLine))
            {
                return value.Length == 0 ? null : value;
            }

            errors.Add(RecordError.InvalidValue(field, text ?? "", rule!));
            return current;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static string? Email(List<RecordError> errors, string field, string? text, string? current)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (EmailAddress.TryParse(text, out EmailAddress address, out string? rule))
            {
                return address.Value;
            }

            errors.Add(RecordError.InvalidValue(field, text!, rule!));
            return current;
        }

        // The lists this planner's rows named (an import's file names the same few lists again and again).
        private ParsedNameLists? _parsedLists;

        [MethodImpl(PerRowCode.Compile)]
        private IReadOnlyList<string> References(List<RecordError> errors, string field, string? text, HashSet<string> known,
            ReferenceKind referenceKind, IReadOnlyList<string> current, bool typed, ILookup<string, Organization>? organizationsByName = null)
        {
            if (!(_parsedLists ??= new ParsedNameLists()).TryParse(text, out IReadOnlyList<string> names, out string? rule))
            {
                errors.Add(RecordError.InvalidValue(field, text ?? "", rule!));
                return current;
            }

            return AllKnown(errors, field, names, known, referenceKind, typed ? ObjectText.Given.WholeList : ObjectText.Given.InFile,
                removing: false, organizationsByName) ? names : current;
        }

        /// <summary>
        /// The list <paramref name="current"/> with the names of the edit in <paramref name="values"/> added and removed (<see cref="NameListEdit"/>,
        /// the one rule for both lists), each name checked as a whole list's names are: it must exist (a name to remove too: a
        /// misspelt one would else change nothing without a word). A field given both a whole list and an edit is refused.
        /// </summary>
        private IReadOnlyList<string> EditedReferences(List<RecordError> errors, FieldKey list, FieldValues values, HashSet<string> known,
            ReferenceKind referenceKind, IReadOnlyList<string> current, ILookup<string, Organization>? organizationsByName = null)
        {
            NameListEdit edit = values.ListEdit(list)!;
            if (values.IsGiven(list))
            {
                errors.Add(RecordError.InvalidValue(NameListEdit.AddParameter(list), string.Join(", ", edit.Added.Concat(edit.Removed)),
                    $"-{list} replaces the whole list, so it is given alone, without -{NameListEdit.AddParameter(list)} or -{NameListEdit.RemoveParameter(list)}"));
                return current;
            }

            if (!edit.TryParse(list, out IReadOnlyList<string> added, out IReadOnlyList<string> removed, out RecordError? error))
            {
                errors.Add(error!);
                return current;
            }

            bool addedKnown = AllKnown(errors, NameListEdit.AddParameter(list), added, known, referenceKind, ObjectText.Given.ListEdit,
                removing: false, organizationsByName);
            bool removedKnown = AllKnown(errors, NameListEdit.RemoveParameter(list), removed, known, referenceKind, ObjectText.Given.ListEdit,
                removing: true, organizationsByName);
            return addedKnown && removedKnown ? NameListEdit.Apply(current, added, removed) : current;
        }

        /// <summary>True when every name exists; else false, with an error for each that does not.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private bool AllKnown(List<RecordError> errors, string field, IReadOnlyList<string> names, HashSet<string> known,
            ReferenceKind referenceKind, ObjectText.Given given, bool removing, ILookup<string, Organization>? organizationsByName)
        {
            bool allKnown = true;
            // By index: the list is a read-only wrapper, whose enumerator would be one more object a row.
            for (int index = 0; index < names.Count; index++)
            {
                string name = names[index];
                if (!known.Contains(name))
                {
                    // 'System.String[]' is Export-Csv's text for a list (walkthrough 18, 2), 'System.Collections.Hashtable'
                    // PowerShell's for a hashtable given to -DeviceTags (walkthrough 28, 6): said so, not "create the tag first".
                    errors.Add(ObjectText.IsObjectText(name)
                        ? ObjectText.Refusal(field, name, referenceKind, given)
                        : ReferenceData.WrittenNotFound(referenceKind, field, name, known, Renames, organizationsByName, removing));
                    allKnown = false;
                }
            }

            return allKnown;
        }

        private delegate bool TryParser<T>(string? text, out T value, out string? rule);

        [MethodImpl(PerRowCode.Compile)]
        private static string? Restriction<T>(FieldValues values, FieldKey key, string? current, List<RecordError> errors,
            TryParser<T> parse, Func<T, string> normalized)
        {
            if (!values.IsGiven(key))
            {
                return current;
            }

            string? text = values.NonBlank(key);
            if (text == null)
            {
                return null;
            }

            if (parse(text, out T value, out string? rule))
            {
                return normalized(value);
            }

            errors.Add(RecordError.InvalidValue(key.ToString(), text, rule!));
            return current;
        }
    }
}
