using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Import
{
    /// <summary>A header that can't be imported: every problem in it, found before any row is read.</summary>
    public sealed class ImportHeaderException : BmgException
    {
        public ImportHeaderException(IReadOnlyList<RecordError> problems, int line, string? note = null)
            : base(problems[0].ErrorId, BmgErrorCategory.InvalidData, JoinMessages(problems) + (note == null ? "" : " " + note))
        {
            Problems = problems;
            Line = line;
            Note = note;
        }

        /// <summary>What the message adds after the problems (the list of columns), for a caller that words its own summary.</summary>
        public string? Note { get; }

        /// <summary>The line the header stands on.</summary>
        public int Line { get; }

        public IReadOnlyList<RecordError> Problems { get; }

        /// <summary>How many header problems are told one by one; a file of garbage must not bury the console.</summary>
        public const int ProblemsShown = 5;

        private static string JoinMessages(IReadOnlyList<RecordError> problems)
        {
            var messages = new List<string>();
            for (int i = 0; i < problems.Count && i < ProblemsShown; i++)
            {
                messages.Add(problems[i].Message);
            }

            if (problems.Count > ProblemsShown)
            {
                messages.Add($"({problems.Count - ProblemsShown} more header problems not shown.)");
            }

            return string.Join(" ", messages);
        }
    }

    /// <summary>Which field each column of a CSV header (or each property of a pipeline object) holds.</summary>
    public sealed class ImportHeader
    {
        private readonly FieldKey[] _columnFields;

        private ImportHeader(FieldKey[] columnFields) => _columnFields = columnFields;

        public int ColumnCount => _columnFields.Length;

        /// <summary>
        /// Validates header names: exactly the vocabulary's spelling, each once. <paramref name="line"/>
        /// is where the header stands (1 for a file), for the messages.
        /// </summary>
        /// <param name="ownHeadings">What a header of the sheet's own headings is told to do; null: the import's advice.</param>
        public static ImportHeader Parse(IReadOnlyList<string> names, int line, string source = "header", OwnHeadingsAdvice? ownHeadings = null)
        {
            var problems = new List<RecordError>();
            var fields = new FieldKey[names.Count];
            var seen = new Dictionary<FieldKey, int>();
            bool listColumns = false;
            string? objectsExportedFrom = null;
            // Whether the names are an export of the objects, decided at the first unknown name (a valid header never asks).
            bool exportedFromKnown = false;
            string? objectsExported = null;
            // The first name that is a heading of the sheet's own (no ASCII letter), for the mapping advice at the end.
            string? mappedOnTheWayIn = null;
            for (int column = 0; column < names.Count; column++)
            {
                string name = names[column];
                if (Enum.TryParse(name, ignoreCase: false, out FieldKey key) && IsVocabularyName(name))
                {
                    if (seen.TryGetValue(key, out int firstColumn))
                    {
                        problems.Add(new RecordError(ErrorIds.DuplicateCsvColumn, BmgErrorCategory.InvalidData,
                            $"Line {line}: column '{name}' appears twice in the {source} (columns {firstColumn + 1} and {column + 1}); each column may appear once.",
                            name, name));
                    }
                    else
                    {
                        seen.Add(key, column);
                    }

                    fields[column] = key;
                    continue;
                }

                if (!exportedFromKnown)
                {
                    objectsExported = ExportCsvOfObjects.DeviceFileExportedFrom(names);
                    exportedFromKnown = true;
                }

                if (objectsExported != null && ExportCsvOfObjects.DeviceFileSource(name, objectsExported) is string exportedFrom)
                {
                    // Export-Csv of Get-BmgDevice output (walkthrough 18, 2): a property of the objects, no typo to suggest for.
                    // The first such column says what the file is and what to do, as the import's own failure names that one.
                    problems.Add(new RecordError(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData,
                        $"Line {line}: '{name}' is not a column but a property of {exportedFrom}'s output objects."
                        + (objectsExportedFrom == null ? " " + ExportCsvOfObjects.DeviceFileAdvice(exportedFrom) : ""), name, name));
                    objectsExportedFrom ??= exportedFrom;
                    listColumns = true;
                    continue;
                }

                if (IsHeadingOfItsOwn(name))
                {
                    // A sheet titled in Japanese (ユーザー名, 識別子): no typo of a column, so no case-and-spaces hint (walkthrough 23, 5).
                    problems.Add(new RecordError(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData,
                        $"Line {line}: '{name}' is not a column; the header must use the module's English column names.", name, name));
                    mappedOnTheWayIn ??= name;
                    listColumns = true;
                    continue;
                }

                string? suggestion = Suggest(name);
                string hint = suggestion == null ? "" : $" Did you mean '{suggestion}'?";
                listColumns |= suggestion == null;
                string what = name.Trim().Length == 0 ? $"Column {column + 1} has no name" : $"'{name}' is not a column";
                problems.Add(new RecordError(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData,
                    $"Line {line}: {what}; header names are case-sensitive and contain no spaces.{hint}", name, name));
            }

            if (problems.Count != 0)
            {
                // The vocabulary once, not once per unknown name; for an export of the objects, what to do once more at the end.
                string? columns = listColumns ? $"The columns are: {string.Join(", ", FieldValues.Names)}." : null;
                if (mappedOnTheWayIn != null)
                {
                    columns += " " + (ownHeadings ?? OwnHeadingsAdvice.ForImport).For(mappedOnTheWayIn);
                }

                throw new ImportHeaderException(problems, line, objectsExportedFrom == null || problems.Count == 1
                    ? columns
                    : ExportCsvOfObjects.DeviceFileAdvice(objectsExportedFrom) + " " + columns);
            }

            return new ImportHeader(fields);
        }

        /// <summary>
        /// A header name with no ASCII letter (ユーザー名, 識別子, 'Nº'): a heading in the sheet's own language, never near one
        /// of the English column names, so the advice is to map the headings, not to mind their case and spaces.
        /// </summary>
        private static bool IsHeadingOfItsOwn(string name) =>
            name.Trim().Length != 0 && !name.Any(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z');

        /// <summary>
        /// A CSV file's header: <see cref="Parse"/> of its names, after what files as Excel writes them need
        /// (<see cref="CsvFileHeader"/>: empty cells at the end of the header are left out; the caller checks that their
        /// columns hold no data). A line with no known column name at all is not a header: one short error, suggesting
        /// another delimiter when the line reads as a header with it.
        /// </summary>
        /// <param name="ownHeadings">What a header of the sheet's own headings is told to do (how Import-Csv reads this file, and
        /// which command the rows go to); null: the import's advice for a UTF-8 file.</param>
        public static ImportHeader ParseFile(CsvFileHeader file, char delimiter, string source = "header", OwnHeadingsAdvice? ownHeadings = null)
        {
            var kept = new List<string>(file.Names);
            try
            {
                if (!kept.Exists(IsKnownName))
                {
                    throw NotAHeader(file.Record.Fields, file.Line, delimiter, ownHeadings ?? OwnHeadingsAdvice.ForImport);
                }

                return Parse(kept, file.Line, source, ownHeadings);
            }
            catch (ImportHeaderException e) when (file.Record.EndsWithoutLineBreak)
            {
                // A header with no line break after it and no rows: a copy that stopped inside the header ('…,Serial,DEPMeth'),
                // told as IncompleteLastRow and EmptyCsv tell a copy still running, not only as a column that does not exist.
                throw new ImportHeaderException(e.Problems, e.Line, e.Note == null ? CutInsideHeader : e.Note + " " + CutInsideHeader);
            }
        }

        /// <summary>What a header refused at the end of a file without a line break adds: the file may be a copy still running.</summary>
        internal const string CutInsideHeader =
            "The file ends inside its header, without a line break and without rows: it may have been cut off while still being copied. " +
            CsvRecordReader.CutShortHint;

        /// <summary>
        /// Whether a header read at <paramref name="delimiter"/> has no known column name but has one when split at tabs, as
        /// Excel's "Unicode text" (UTF-16, tab-separated, walkthrough 26, 4) reads at ',': a file imported without -Delimiter is
        /// then read at tabs. Only a header that can't be imported at all qualifies, so no file that imports today reads otherwise.
        /// </summary>
        public static bool KnownOnlyAtTabs(IReadOnlyList<string> fields, char delimiter) =>
            delimiter != '\t' && !fields.Any(IsKnownName) && HasKnownNameAt(string.Join(delimiter.ToString(), fields), '\t');

        // The line split at another delimiter has more than one part, one of them a known name: a header written with that one.
        private static bool HasKnownNameAt(string text, char other)
        {
            string[] parts = text.Split(other);
            return parts.Length > 1 && Array.Exists(parts, part => IsKnownName(part.Trim().Trim('"')));
        }

        private static ImportHeaderException NotAHeader(IReadOnlyList<string> names, int line, char delimiter, OwnHeadingsAdvice ownHeadings)
        {
            string text = string.Join(delimiter.ToString(), names);
            foreach (char other in new[] { ';', '\t', ',', '|' })
            {
                if (other == delimiter)
                {
                    continue;
                }

                if (HasKnownNameAt(text, other))
                {
                    string shown = other == '\t' ? "\"`t\"" : $"'{other}'";
                    string named = other == '\t' ? "tabs" : $"'{other}'";
                    return Single(ErrorIds.UnknownCsvColumn, line,
                        $"Line {line}: the header has no known column name when split at '{Printable(delimiter)}', but it has when split at {named}: read it with -Delimiter {shown}.");
                }
            }

            string headings = names.Count != 0 && names.All(IsHeadingOfItsOwn)
                ? $" If it is a header of the sheet's own headings ('{names[0]}'), the header must use the module's English column names ({string.Join(", ", FieldValues.Names)}). {ownHeadings.For(names[0])}"
                : "";
            return Single(ErrorIds.MissingCsvHeader, line,
                $"line {line} looks like data, not a header: it has no known column name. The first line must be the header, for example 'Identifier,OS,Serial,DEPMethod'.{headings}");
        }

        private static ImportHeaderException Single(string errorId, int line, string message) =>
            new ImportHeaderException(new[] { new RecordError(errorId, BmgErrorCategory.InvalidData, message) }, line);

        private static string Printable(char delimiter) => delimiter == '\t' ? "tab" : delimiter.ToString();

        /// <summary>
        /// Whether <paramref name="line"/>, split at <paramref name="delimiter"/>, is only the import's column names (at least
        /// one; empty cells aside): a header line given where a file's path was meant (<see cref="CsvTextOrPath"/>).
        /// </summary>
        public static bool IsHeaderOfKnownNames(string line, char delimiter)
        {
            string[] names = line.Split(delimiter);
            bool anyName = false;
            foreach (string name in names)
            {
                if (name.Trim().Length == 0)
                {
                    continue;
                }

                if (!IsKnownName(name))
                {
                    return false;
                }

                anyName = true;
            }

            return anyName;
        }

        /// <summary>A vocabulary name in any case, with or without spaces: what a header has and data hardly ever has.</summary>
        private static bool IsKnownName(string name)
        {
            string squeezed = name.Replace(" ", "").Replace("_", "").Replace("-", "").Trim();
            foreach (string known in FieldValues.Names)
            {
                if (string.Equals(known, squeezed, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        public FieldKey FieldOf(int column) => _columnFields[column];

        /// <summary>
        /// Fills <paramref name="values"/> from one row's cells; every column of the header is given. Unless
        /// <paramref name="unescapeFormulas"/> is false (the module's own objects, whose values are the stored
        /// ones), the formula escape of an export is removed (<see cref="Export.FormulaEscape"/>), so an exported
        /// file reads back as the values that were exported.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public void Fill(IReadOnlyList<string?> cells, FieldValues values, bool unescapeFormulas = true)
        {
            values.Clear();
            for (int column = 0; column < _columnFields.Length; column++)
            {
                string? cell = column < cells.Count ? cells[column] : null;
                values[_columnFields[column]] = (unescapeFormulas ? Export.FormulaEscape.Unescape(cell) : cell) ?? "";
            }
        }

        private static bool IsVocabularyName(string name)
        {
            // Enum.TryParse also accepts numbers and comma lists; only the exact names count.
            foreach (string known in FieldValues.Names)
            {
                if (string.Equals(known, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The field a name not in the vocabulary most likely means ("Did you mean 'Serial'?"), or null when none is near:
        /// the one did-you-mean of a CSV header's unknown column and of a piped object's property that binds nothing
        /// (PipedRecordFields, which warns only of properties this suggests for, so unrelated columns stay quiet).
        /// Spaces, '_' and '-' are ignored, then the name matches a field ignoring case, or ignoring a trailing word people
        /// add to a field's name ('Serial Number', 'E-mail' for EmailAddress, 'IMEI No'), or within a few typed letters;
        /// or, typed by hand, is the end of one field's name and of no other ('Tags' for DeviceTags, 'Mac' for WifiMac).
        /// </summary>
        /// <param name="handTyped">The name was typed by hand (a CSV header): a field a few letters off is suggested. False (a
        /// piped object's property, PipedRecordFields): one edit at most — a letter off ('Organisations') or two neighbours
        /// swapped ('Serail') — since another tool's
        /// property is rarely a typo of ours and Get-ADUser's 'Surname' is two letters from 'UserName' (review).</param>
        public static string? Suggest(string name, bool handTyped = true) => Suggest(name, FieldValues.Names, handTyped);

        /// <summary>
        /// As <see cref="Suggest(string, bool)"/>, among <paramref name="names"/>: the history's -Field, whose names are a
        /// kind's fields and the ones only its history records (State, CheckInLockout), takes the same did-you-mean.
        /// </summary>
        public static string? Suggest(string name, IReadOnlyList<string> names, bool handTyped)
        {
            string squeezed = name.Replace(" ", "").Replace("_", "").Replace("-", "").Trim();
            if (squeezed.Length == 0)
            {
                return null;
            }

            string? best = null;
            int bestDistance = int.MaxValue;
            string core = WithoutFillerWord(squeezed);
            foreach (string known in names)
            {
                if (string.Equals(known, squeezed, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }

                if (string.Equals(WithoutFillerWord(known), core, StringComparison.OrdinalIgnoreCase))
                {
                    best = known;
                    bestDistance = 0;
                }

                int distance = EditDistance.Between(known.ToLowerInvariant(), squeezed.ToLowerInvariant());
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = known;
                }
            }

            int mostLetters = handTyped ? Math.Max(1, Math.Min(3, squeezed.Length / 3)) : 1;
            if (bestDistance <= mostLetters)
            {
                return best;
            }

            return handTyped ? EndOfOneName(squeezed, names) : null;
        }

        // A short name typed for a longer one ('Tags', 'Lockout'): the one name that ends with it, at least 3 letters of it.
        private static string? EndOfOneName(string squeezed, IReadOnlyList<string> names)
        {
            if (squeezed.Length < 3)
            {
                return null;
            }

            string? only = null;
            foreach (string known in names)
            {
                if (known.Length > squeezed.Length && known.EndsWith(squeezed, StringComparison.OrdinalIgnoreCase))
                {
                    if (only != null)
                    {
                        return null;
                    }

                    only = known;
                }
            }

            return only;
        }

        // Words a spreadsheet adds to a field's name that change nothing: Apple's own lists say "Serial Number", mail
        // programs "E-mail Address". Only a trailing one, and only when something is left before it.
        private static readonly string[] FillerWords = { "Number", "Address", "Addr", "Num", "No" };

        private static string WithoutFillerWord(string squeezed)
        {
            foreach (string filler in FillerWords)
            {
                if (squeezed.Length > filler.Length && squeezed.EndsWith(filler, StringComparison.OrdinalIgnoreCase))
                {
                    return squeezed.Substring(0, squeezed.Length - filler.Length);
                }
            }

            return squeezed;
        }
    }
}
