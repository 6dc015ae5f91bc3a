using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    // One row of the file: its cells read, its keys checked, its user and device planned, and the result counted.
    public sealed partial class DeviceImport : IDisposable
    {
        /// <summary>Plans one row and, unless it failed, applies it inside the import's transaction.</summary>
        /// <param name="unescapeFormulas">False for the module's own objects: their values are stored values, never export cells.</param>
        [MethodImpl(PerRowCode.Compile)]
        public ImportRowResult ImportRow(ImportHeader header, int line, IReadOnlyList<string?> cells, bool unescapeFormulas = true)
        {
            if (cells.Count != header.ColumnCount)
            {
                var errors = new List<RecordError> { FieldCountMismatch(cells, header.ColumnCount) };
                string? identifier = cells.Count > 0 ? IdentifierCell(header, cells) : null;
                return Count(new ImportRowResult(line, identifier, null, RecordAction.None, RecordAction.None,
                    new List<FieldChange>(), PrefixLine(line, errors), new List<string>()));
            }

            header.Fill(cells, _values, unescapeFormulas);
            return Count(ImportValues(line, _values));
        }

        /// <summary>Counts a row the file layer refuses before planning (data under an unnamed column).</summary>
        internal ImportRowResult RefuseRow(ImportHeader header, int line, IReadOnlyList<string?> cells, RecordError error)
        {
            string? identifier = IdentifierCell(header, cells);
            return Count(new ImportRowResult(line, identifier, null, RecordAction.None, RecordAction.None,
                new List<FieldChange>(), PrefixLine(line, new List<RecordError> { error }), new List<string>()));
        }

        /// <summary>
        /// Counts a piped object the command refuses whole before reading it as a row (a Device of another store under
        /// -SkipInvalidRows: PipedFromOtherStore; a field that holds an object: ObjectNotFieldValue) as a failed row: in the summary's Failed, the import history's errors and
        /// the report, as any skipped row. Its properties are not read as a header: they may hold what no column is.
        /// </summary>
        public ImportRowResult RefuseObject(int line, string? identifier, string? userName, RecordError error) =>
            Count(new ImportRowResult(line, identifier, userName, RecordAction.None, RecordAction.None,
                new List<FieldChange>(), PrefixLine(line, new List<RecordError> { error }), new List<string>()));

        private static string? IdentifierCell(ImportHeader header, IReadOnlyList<string?> cells)
        {
            for (int column = 0; column < header.ColumnCount && column < cells.Count; column++)
            {
                if (header.FieldOf(column) == FieldKey.Identifier)
                {
                    return cells[column]?.Trim();
                }
            }

            return null;
        }

        [MethodImpl(PerRowCode.Compile)]
        private ImportRowResult ImportValues(int line, FieldValues values)
        {
            // Made at the first error: a valid row (nearly every row) has none.
            List<RecordError>? errors = null;
            string? identifierText = values.NonBlank(FieldKey.Identifier);
            string? userNameText = values.NonBlank(FieldKey.UserName);

            if (identifierText == null && userNameText == null)
            {
                errors = new List<RecordError> { RecordError.Missing("Identifier or UserName", "a row needs an Identifier (a device), a UserName (a user) or both") };
                return new ImportRowResult(line, null, null, RecordAction.None, RecordAction.None, new List<FieldChange>(), Refusal(line, values, errors), new List<string>());
            }

            string? identifier = ParseKey<DeviceIdentifier>(identifierText, FieldNames.Identifier, DeviceIdentifier.TryParse, v => v.Value, ref errors);
            string? userName = ParseKey<UserName>(userNameText, FieldNames.UserName, Fields.UserName.TryParse, v => v.Value, ref errors);

            if (identifier != null)
            {
                (int Line, long Tag)? earlier = _seenKeys.Remember(KeyKind.Identifier, KeyFingerprint.OfText(identifier, ignoreCase: true), line, 0);
                if (earlier is (int firstLine, _))
                {
                    (errors ??= new List<RecordError>()).Add(RepeatedDevices.Error(identifier, RepeatedDevices.Line(firstLine)));
                }
            }

            // A user may carry several devices, so the same UserName on several device rows is fine
            // as long as every row says the same about the user (as an export writes it). Each such
            // row plans the user again: identical values are Unchanged, and a row whose user part
            // failed before fails the same way again.
            if (userName != null)
            {
                long userCells = UserCells(values);
                (int Line, long Tag)? first = _seenKeys.Remember(KeyKind.UserName, KeyFingerprint.OfText(userName), line, userCells);
                if (first != null)
                {
                    if (identifier == null)
                    {
                        (errors ??= new List<RecordError>()).Add(UserNameRepeatedWithoutDevice(userName, first.Value.Line));
                    }
                    else if (first.Value.Tag != userCells)
                    {
                        (errors ??= new List<RecordError>()).Add(UserNameRepeatedWithOtherValues(userName, first.Value.Line));
                    }
                }
            }

            if (errors != null)
            {
                // The key names no record to plan, but the row's other cells are checked all the same, each on its own: a
                // row that reported only its key sent the admin round again for the cell after (walkthrough 15, finding 4).
                Planner.CheckCells(values, user: userNameText != null, device: identifierText != null, errors);
                return new ImportRowResult(line, identifier ?? identifierText, userName ?? userNameText, RecordAction.None, RecordAction.None,
                    new List<FieldChange>(), Refusal(line, values, errors), new List<string>());
            }

            RecordPlan<User>? userPlan = null;
            RecordAction userAction = RecordAction.None;
            if (userName != null)
            {
                userPlan = Planner.PlanUser(userName, values);
                userAction = userPlan.Action;
                AddErrors(ref errors, userPlan.Errors);
            }

            RecordPlan<Device>? devicePlan = null;
            RecordAction deviceAction = RecordAction.None;
            IReadOnlyList<string> warnings;
            if (identifier != null)
            {
                string? userLink = values.IsGiven(FieldKey.UserName) ? userName ?? "" : null;
                devicePlan = Planner.PlanDevice(identifier, values, userLink, userExists: userName != null);
                if (errors == null)
                {
                    // Not for a row whose user part failed: nothing of it is applied, so no email is queued anywhere.
                    Planner.WarnIfCheckInEmailStaysWithPreviousUser(devicePlan, values, userPlan?.Proposed);
                }
                deviceAction = devicePlan.Action;
                AddErrors(ref errors, devicePlan.Errors);
                warnings = devicePlan.WarningsGiven;
            }
            else
            {
                warnings = Array.Empty<string>();
            }

            // The user part's warnings (a new user beside one that differs only in case) come first, as its errors do.
            if (userPlan != null && userPlan.WarningsGiven.Count != 0)
            {
                warnings = userPlan.WarningsGiven.Concat(warnings).ToList();
            }

            if (errors != null)
            {
                return new ImportRowResult(line, devicePlan?.Proposed.Identifier ?? identifier, userName,
                    Failed(userAction), Failed(deviceAction), userPlan, devicePlan, Refusal(line, values, errors), warnings);
            }

            // Applying a plan only hands it to the chunk: the store writes when the chunk is flushed (timed there).
            RecordPlanner planner = Planner;
            if (Writes(userAction) || Writes(deviceAction))
            {
                // Only a row that writes gives its change an origin: an unchanged row (nearly every row of a re-import) made one for nothing.
                planner.Origin = _origin.AtLine(line);
            }

            if (userPlan != null)
            {
                planner.Apply(userPlan);
                if (userAction == RecordAction.Created && !NameOnlyUsers.GiveUserFields(values))
                {
                    NameOnlyUsers.Add(userName!);
                }
            }

            Dep.CheckInEmail? queued = devicePlan != null ? planner.Apply(devicePlan) : null;
            if (queued != null)
            {
                _summary.PlannedEmailsQueued++;
            }

            _repeatedFile.Add(deviceAction, devicePlan?.Proposed.Identifier);
            _undoneWork.Add(line, userPlan, devicePlan, queued?.Recipient);
            if (devicePlan != null)
            {
                _depLinks.Add(devicePlan);
            }

            return new ImportRowResult(line, devicePlan?.Proposed.Identifier, userName, userAction, deviceAction, userPlan, devicePlan,
                Array.Empty<RecordError>(), warnings)
            {
                CheckInEmailNote = devicePlan?.CheckInEmailNote,
            };
        }

        // The messages of refused rows are built apart from the row's path, which stays small (and quick to compile).
        private static RecordError FieldCountMismatch(IReadOnlyList<string?> cells, int columns) =>
            new RecordError(ErrorIds.MalformedCsv, BmgErrorCategory.InvalidData, Csv.CsvRowWidth.Mismatch(cells, columns));

        private static RecordError UserNameRepeatedWithoutDevice(string userName, int firstLine) =>
            new RecordError(ErrorIds.DuplicateKeyInFile, BmgErrorCategory.InvalidData,
                $"UserName '{userName}' already appears {Csv.SourceLine.OnLine(firstLine)}; a UserName may repeat only on rows that also give a device (Identifier).",
                FieldNames.UserName, userName);

        private static RecordError UserNameRepeatedWithOtherValues(string userName, int firstLine) =>
            new RecordError(ErrorIds.DuplicateKeyInFile, BmgErrorCategory.InvalidData,
                $"UserName '{userName}' already appears {Csv.SourceLine.OnLine(firstLine)} with different user values; give a user's values once, or identically on each of the user's device rows.",
                FieldNames.UserName, userName);

        private string? LineOfDevice(string identifier) =>
            _seenKeys.Find(KeyKind.Identifier, KeyFingerprint.OfText(identifier, ignoreCase: true)) is (int line, _)
                ? $" (line {line})"
                : null;

        private static bool Writes(RecordAction action) => action == RecordAction.Created || action == RecordAction.Updated;

        private static RecordAction Failed(RecordAction action) => action == RecordAction.None ? RecordAction.None : RecordAction.Failed;

        [MethodImpl(PerRowCode.Compile)]
        private static long UserCells(FieldValues values) =>
            KeyFingerprint.OfValues(values[FieldKey.Name], values[FieldKey.EmailAddress], values[FieldKey.UserDescription], values[FieldKey.Organizations]);

        private delegate bool TryParser<T>(string? text, out T value, out string? rule);

        private static string? ParseKey<T>(string? text, string field, TryParser<T> parse, Func<T, string> value, ref List<RecordError>? errors)
        {
            if (text == null)
            {
                return null;
            }

            if (parse(text, out T parsed, out string? rule))
            {
                return value(parsed);
            }

            (errors ??= new List<RecordError>()).Add(RecordError.InvalidValue(field, text, rule!));
            return null;
        }

        /// <summary>Adds a plan's errors to the row's, making the row's list at the first.</summary>
        private static void AddErrors(ref List<RecordError>? errors, List<RecordError> planErrors)
        {
            if (planErrors.Count != 0)
            {
                (errors ??= new List<RecordError>()).AddRange(planErrors);
            }
        }

        /// <summary>A planned row's reasons as its refusal says them: each with its line, and a total row's hint (<see cref="ExcelTotalRow"/>).</summary>
        private static List<RecordError> Refusal(int line, FieldValues values, List<RecordError> errors) =>
            PrefixLine(line, ExcelTotalRow.Hinted(values, errors));

        private static List<RecordError> PrefixLine(int line, List<RecordError> errors)
        {
            var prefixed = new List<RecordError>(errors.Count);
            string prefix = Csv.SourceLine.Prefix(line, null);
            foreach (RecordError error in errors)
            {
                prefixed.Add(error.Message.StartsWith(prefix, StringComparison.Ordinal)
                    ? error
                    : new RecordError(error.ErrorId, error.Category, prefix + error.Message, error.Field, error.Value, error.NamesRecord));
            }

            return prefixed;
        }

        [MethodImpl(PerRowCode.Compile)]
        private ImportRowResult Count(ImportRowResult result)
        {
            // A chunk's rows are planned: write them in one call and forget them (rows not prefetched: piped objects;
            // a file's chunks are written by the next chunk's Prefetch, beside its planning).
            if (++_chunk.PlannedRows >= ImportChunk.Rows && !_chunk.Prefetching)
            {
                CheckDepLinks();
                _chunk.Flush();
                _chunk.Forget();
            }

            result.Source = _summary.Source;
            result.Database = _summary.Database;
            _summary.Rows++;
            switch (result.Outcome)
            {
                case RecordAction.Failed:
                    _summary.Failed++;
                    foreach (RecordError error in result.GetErrors())
                    {
                        if (_historyErrors.Count < HistoryErrorsKept)
                        {
                            _historyErrors.Add(new ImportHistoryError(result.Line, result.Identifier, result.UserName, error.ErrorId, error.Message));
                        }
                        else
                        {
                            _historyErrorsOmitted++;
                        }
                    }

                    break;
                case RecordAction.Created:
                    _summary.PlannedCreated++;
                    CountUser(result.UserAction);
                    break;
                case RecordAction.Updated:
                    _summary.PlannedUpdated++;
                    CountUser(result.UserAction);
                    break;
                default:
                    _summary.PlannedUnchanged++;
                    break;
            }

            return result;
        }

        [MethodImpl(PerRowCode.Compile)]
        private void CountUser(RecordAction userAction)
        {
            if (userAction == RecordAction.Created)
            {
                _summary.PlannedUsersCreated++;
            }
            else if (userAction == RecordAction.Updated)
            {
                _summary.PlannedUsersUpdated++;
            }
        }
    }
}
