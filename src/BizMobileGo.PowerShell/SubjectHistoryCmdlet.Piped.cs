using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Piped records (Get-BmgDevice | Get-BmgDeviceHistory): kept a batch at a time and answered with one read of the history
    /// a batch, each record getting what it got when it was read alone.
    /// </summary>
    public abstract partial class SubjectHistoryCmdlet
    {
        private PipedHistoryRecords? _piped;

        /// <summary>
        /// Keeps one piped record (the names it bound; the piped Device's or User's own key and name, when it is one) for its
        /// batch, and answers the batch when it is due (<see cref="PipedBatch"/>): one history read per batch.
        /// </summary>
        private void KeepPiped(string[]? names, string? pipedKey, string? pipedName)
        {
            _piped ??= new PipedHistoryRecords();
            _piped.Add(new PipedHistoryRecords.Record(names == null ? null : (string[])names.Clone(), pipedKey, pipedName));
            if (_piped.IsDue)
            {
                WritePiped();
            }
        }

        /// <summary>
        /// Answers the kept piped records with one read of the history: each record, in the order piped, gets what it got
        /// when it was read alone (its errors, then its subjects' entries newest first).
        /// </summary>
        private void WritePiped()
        {
            if (_piped == null || _piped.Count == 0)
            {
                return;
            }

            List<PipedHistoryRecords.Record> records = _piped.Take();
            var keysOfRecord = new List<HashSet<string>?>(records.Count);
            var errorsOfRecord = new List<List<ErrorRecord>?>(records.Count);
            var allKeys = new HashSet<string>(StringComparer.Ordinal);
            Dictionary<string, List<HistorySubject>> subjectsOfName = SubjectsOfNames(records);
            foreach (PipedHistoryRecords.Record record in records)
            {
                List<ErrorRecord>? errors = null;
                HashSet<string>? keys = PipedKeys(record, subjectsOfName, error => (errors ??= new List<ErrorRecord>()).Add(error));
                keysOfRecord.Add(keys);
                errorsOfRecord.Add(errors);
                if (keys != null)
                {
                    allKeys.UnionWith(keys);
                }
            }

            // One read for the batch, grouped by subject, each subject's entries newest first as the store gives them. -User is
            // a filter of the query, as for a name typed on the command line: other OS users' entries are left out before they
            // are verified, not verified and then dropped.
            (List<NameMatch>? users, List<ErrorRecord> userErrors) = PipedOsUsers();
            var entriesOfKey = new Dictionary<string, List<ShownEntry>>(StringComparer.Ordinal);
            if (allKeys.Count != 0 && (users == null || users.Count != 0))
            {
                HistoryQuery query = NewQuery(FieldsOfCommand);
                query.SubjectKeys = allKeys;
                query.OsUser = OsUserFilter(users);
                try
                {
                    // Checked in the order the store gives them (newest first), as a query typed on the command line is. Under
                    // -Last each record's newest N are its answer, judged below.
                    foreach (ShownEntry shown in Last == null ? ReadWarned(query, last: null) : History.QueryVerified(query))
                    {
                        if (!entriesOfKey.TryGetValue(shown.SubjectKey, out List<ShownEntry>? entries))
                        {
                            entriesOfKey[shown.SubjectKey] = entries = new List<ShownEntry>();
                        }

                        entries.Add(shown);
                    }
                }
                catch (BmgException e)
                {
                    ThrowTerminatingError(ToErrorRecord(e));
                }
            }

            // The newest entries of a record's subjects, as the record would get them alone.
            IEnumerable<ShownEntry> AnswerOf(List<string> keys) => Newest(keys.Count == 1
                ? entriesOfKey.GetValueOrDefault(keys[0]) ?? Enumerable.Empty<ShownEntry>()
                : keys.SelectMany(key => entriesOfKey.GetValueOrDefault(key) ?? Enumerable.Empty<ShownEntry>()).OrderByDescending(shown => shown.Sequence));

            if (Last != null && allKeys.Count != 0 && (users == null || users.Count != 0) && ClearedWindowDue)
            {
                // Under -Last each record's answer is its own newest N: the batch lacks nothing the clear took when each one is
                // whole (all N at or after the clear's date, or every subject's created entry in it), said before its entries.
                SayClearedWindowUnlessWhole(WholeAnswerCheck.Earliest(keysOfRecord.OfType<HashSet<string>>().Select(pipedKeys =>
                {
                    var check = new WholeAnswerCheck(CreatedKept);
                    foreach (ShownEntry shown in AnswerOf(pipedKeys.ToList()))
                    {
                        check.Add(shown);
                    }

                    return check.WholeFrom(Last, pipedKeys);
                })));
            }

            for (int index = 0; index < records.Count; index++)
            {
                // -User is read once a command (PipedOsUsers), and said as it was when read per record: a bad pattern's error
                // for each record, and names no one means nothing at all.
                foreach (ErrorRecord error in userErrors)
                {
                    WriteError(error);
                }

                if (users != null && users.Count == 0)
                {
                    continue;
                }

                foreach (ErrorRecord error in errorsOfRecord[index] ?? Enumerable.Empty<ErrorRecord>())
                {
                    WriteError(error);
                }

                if (keysOfRecord[index] is not HashSet<string> pipedKeys)
                {
                    continue;
                }

                // Each entry once a command (walkthrough 35, 8): two piped names of one device (its old and new identifier, a
                // list naming it twice) gave its entries twice, and counts of the output were inflated. Without -Last a
                // subject's entries are all written at its first record, so a later record skips the subject; with -Last each
                // record takes its newest N, and an entry already written is not written again.
                List<string> keys = Last == null ? pipedKeys.Where(key => !_answeredSubjects.Contains(key)).ToList() : pipedKeys.ToList();
                foreach (ShownEntry shown in AnswerOf(keys))
                {
                    if (Last == null || (_writtenOfLast ??= new HashSet<long>()).Add(shown.Sequence))
                    {
                        WriteEntry(shown);
                    }
                }

                _answeredSubjects.UnionWith(keys);
            }
        }

        // The subjects whose entries piped records have had written (one key a subject, not one an entry: memory stays small),
        // and under -Last the entries written (at most N a piped record): each entry is written once a command.
        private readonly HashSet<string> _answeredSubjects = new HashSet<string>(StringComparer.Ordinal);
        private HashSet<long>? _writtenOfLast;

        private (List<NameMatch>? Users, List<ErrorRecord> Errors)? _pipedOsUsers;

        /// <summary>
        /// The -User filter (<see cref="OsUsers"/>) read once for every piped record (it is a command-line parameter), with the
        /// errors of its bad patterns, which each record says again as it did when -User was read per record.
        /// </summary>
        private (List<NameMatch>? Users, List<ErrorRecord> Errors) PipedOsUsers()
        {
            if (_pipedOsUsers is not { } read)
            {
                var errors = new List<ErrorRecord>();
                _pipedOsUsers = read = (OsUsers(errors.Add), errors);
            }

            return read;
        }

        /// <summary>
        /// The subjects every name of <paramref name="records"/> finds in the history (one read for the batch, not one a piped
        /// record), by name as the kind compares names.
        /// </summary>
        private Dictionary<string, List<HistorySubject>> SubjectsOfNames(List<PipedHistoryRecords.Record> records)
        {
            var comparer = IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var names = new HashSet<string>(comparer);
            foreach (PipedHistoryRecords.Record record in records)
            {
                foreach (string? name in record.Names ?? Array.Empty<string>())
                {
                    if (name != null)
                    {
                        // A piped name is literal, only trimmed (NameMatch.Create), and a piped Device's own name is one of them.
                        names.Add(name.Trim());
                    }
                }
            }

            var subjectsOfName = new Dictionary<string, List<HistorySubject>>(comparer);
            foreach (HistorySubject subject in History.FindSubjectsNamed(Kind, names))
            {
                if (!subjectsOfName.TryGetValue(subject.Name, out List<HistorySubject>? subjects))
                {
                    subjectsOfName[subject.Name] = subjects = new List<HistorySubject>();
                }

                subjects.Add(subject);
            }

            return subjectsOfName;
        }

        /// <summary>
        /// The subject keys one piped record selects, or null for none (a piped object without a name). A piped Device or User
        /// selects its own key when the history has that key under the name it bound (not every one that ever bore the name);
        /// else the names select, and a name no subject ever had is an error, handed to <paramref name="report"/>.
        /// </summary>
        private HashSet<string>? PipedKeys(PipedHistoryRecords.Record record, Dictionary<string, List<HistorySubject>> subjectsOfName, Action<ErrorRecord> report)
        {
            // The keys of the subjects a name finds, as ChangeHistory.FindSubjectKeys finds them, out of the batch's one read.
            IEnumerable<string> KeysNamed(string name, Func<string, bool> isMatch) =>
                subjectsOfName.TryGetValue(name, out List<HistorySubject>? subjects)
                    ? subjects.Where(subject => isMatch(subject.Name)).Select(subject => subject.Key) : Enumerable.Empty<string>();

            string[]? names = record.Names;
            if (names == null || names.Length == 0)
            {
                return null;
            }

            if (record.PipedKey != null && record.PipedName != null && names.Length == 1
                && string.Equals(record.PipedName, names[0], NameComparison))
            {
                string name = record.PipedName;
                if (KeysNamed(name.Trim(), found => string.Equals(found, name, NameComparison)).Contains(record.PipedKey))
                {
                    return new HashSet<string>(StringComparer.Ordinal) { record.PipedKey };
                }
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (string text in names)
            {
                if (text == null)
                {
                    continue;
                }

                // Literal: no pattern, no invalid one (NameMatch.Create); a name no subject ever had is NotFound, as SubjectKeys says it.
                NameMatch match = NameMatch.Create(text, literal: true, IgnoreCase, _ => false);
                bool any = false;
                foreach (string key in KeysNamed(match.Exact!, match.IsMatch))
                {
                    any = true;
                    keys.Add(key);
                }

                if (!any)
                {
                    ReportNoSubject(match.Exact!, report);
                }
            }

            return keys;
        }
    }
}
