using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Text;

namespace BizMobileGo.PowerShell
{
    public sealed partial class ImportBmgDeviceCsvCommand
    {
        /// <summary>One import in progress: its rows are imported and spooled; they are reported once the import is settled.</summary>
        private sealed class ImportRun : IDisposable
        {
            private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

            private readonly ImportBmgDeviceCsvCommand _cmdlet;
            private readonly string _source;
            private readonly Stream? _stream;
            private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
            private readonly string _activity;
            private readonly RowResultSpool _spool = new RowResultSpool();
            private ProgressRecord? _lastProgress;

            public ImportRun(ImportBmgDeviceCsvCommand cmdlet, DeviceImport import, string source, Stream? stream)
            {
                _cmdlet = cmdlet;
                Import = import;
                _source = source;
                _stream = stream;
                _activity = $"Importing {source}";
            }

            public DeviceImport Import { get; }

            public string Source => _source;

            /// <summary>The file being imported, named in every row's error, warning and what-if line; null for piped objects.</summary>
            private string? File => _stream == null ? null : _source;

            public int RowCount { get; private set; }

            /// <summary>The file's header as read; null for piped objects, whose failed rows carry their names.</summary>
            public string[]? HeaderCells { get; set; }

            /// <summary>The file's encoding, for the failed-rows file.</summary>
            public Encoding? Encoding { get; set; }

            /// <summary>Whether one of the piped objects was the module's own Device: then users it created from a name alone are said (<see cref="NameOnlyUsers"/>).</summary>
            public bool PipedDevices { get; set; }

            /// <summary>The delimiter the file was read at (given, or a tab found in the header), for the failed-rows file; null for piped objects.</summary>
            public char? Delimiter { get; set; }

            /// <summary>Imports nothing itself: keeps what must be reported about the row until the import is settled.</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see BmgCmdlet.Store
            public void Report(ImportRowResult row, IReadOnlyList<string?>? cells)
            {
                RowCount++;
                if (_cmdlet.StopToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }

                IReadOnlyList<string?>? kept = KeepsCells(row) ? cells : null;
                bool describe = row.Failed || row.GetWarnings().Count != 0 || _cmdlet.PassThru ||
                    (Import.Summary.WhatIf && row.Outcome != RecordAction.Unchanged) || SaysChangedUser(row);
                if (describe || kept != null)
                {
                    _spool.Add(row, kept, reported: describe);
                }

                ShowProgress();
            }

            /// <summary>Whether -FailedRowsPath may need the row's cells (<see cref="FailedRowsFile.Keeps"/>).</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see BmgCmdlet.Store
            public bool KeepsCells(ImportRowResult row) => _cmdlet.FailedRowsPath != null && FailedRowsFile.Keeps(row, Import);

            /// <summary>The rows for -FailedRowsPath, once the import is settled (<see cref="FailedRowsFile.RowsOf"/>).</summary>
            public IEnumerable<IReadOnlyList<string?>> FailedRows() => FailedRowsFile.RowsOf(_spool.Read(), Import.Summary);

            /// <summary>Reports every spooled row, in order; called once the import is settled.</summary>
            public void ReportRows()
            {
                foreach (SpooledRow spooled in _spool.Read())
                {
                    if (spooled.Reported)
                    {
                        ReportRow(spooled.Result);
                    }
                }

                SayKeptValues();
            }

            /// <summary>
            /// The warnings and errors of the rows read before the file broke (a bad byte, an unclosed quote), in order, so the
            /// console says what the import history keeps: they are real findings, to fix with the file. No what-if lines and
            /// no results: nothing of the file is imported.
            /// </summary>
            public void ReportFindingsBeforeBreak()
            {
                foreach (SpooledRow spooled in _spool.Read())
                {
                    if (spooled.Reported)
                    {
                        ReportFindings(spooled.Result);
                    }
                }

                SayKeptValues();
            }

            /// <summary>
            /// Every spooled row's warnings, in order, before the import is committed: for a warning preference that stops or
            /// asks at each warning (WriteWarning then throws, and the import, not committed, is rolled back and recorded as
            /// stopped). The rows are reported without them afterwards.
            /// </summary>
            public void ReportWarningsBeforeCommit()
            {
                SayRepeatedFile();
                // Inquire's dry plan asks it from here, holding no lock (WarningsFirst); the import then does not ask it again.
                SayUndoneWork();
                foreach (SpooledRow spooled in _spool.Read())
                {
                    if (spooled.Reported)
                    {
                        ThrowIfStopping();
                        ReportWarnings(spooled.Result);
                    }
                }

                SayKeptValues();
                SayDepLinks();
                if (PipedDevices && Import.NameOnlyUsers.WarningBeforeCommit() is string nameOnly)
                {
                    _cmdlet.WriteWarning(nameOnly);
                }

                _warningsSaid = true;
            }

            // The rows' warnings were said before the commit (ReportWarningsBeforeCommit): not again with the rows.
            private bool _warningsSaid;

            private bool _repeatedFileSaid;
            private bool _undoneWorkSaid;

            private bool _depLinksSaid;

            /// <summary>
            /// Once an import, after its rows' warnings (before the commit under a preference that stops or asks at each warning,
            /// so -WarningAction Stop writes nothing): the DEP links its rows set that check-in will refuse
            /// (<see cref="DeviceImport.DepLinkWarning"/>). Nothing for a refused import.
            /// </summary>
            public void SayDepLinks()
            {
                if (!_depLinksSaid && Import.DepLinkWarning(File) is string warning)
                {
                    _cmdlet.WriteWarning(warning);
                }

                _depLinksSaid = true;
            }

            /// <summary>
            /// Before the commit, once: that the file was imported before and this import would undo later work
            /// (<see cref="DeviceImport.RepeatedFileWarning"/>), whatever the warning preference, so -WarningAction Stop writes
            /// nothing; not for a refused import (nothing is written). One Inquire's dry plan asked is not said again (WriteWarning).
            /// </summary>
            public void SayRepeatedFile()
            {
                if (!_repeatedFileSaid && Import.Accepted && Import.RepeatedFileWarning() is string repeated)
                {
                    _cmdlet.WriteWarning(repeated);
                }

                _repeatedFileSaid = true;
            }

            /// <summary>
            /// Before the commit, once: the recent work of others this import's rows would undo, fields set back over a recent
            /// change and removed devices or users created again (<see cref="DeviceImport.UndoneWorkWarnings"/>), whatever the
            /// warning preference, so -WarningAction Stop writes nothing (as <see cref="SayRepeatedFile"/>); -WhatIf says it too.
            /// Inquire asks it from the dry plan, holding no lock (<see cref="ReportWarningsBeforeCommit"/>), and not again here.
            /// </summary>
            public void SayUndoneWork()
            {
                if (!_undoneWorkSaid)
                {
                    foreach (string warning in Import.UndoneWorkWarnings())
                    {
                        _cmdlet.WriteWarning(warning);
                    }
                }

                _undoneWorkSaid = true;
            }

            /// <summary>
            /// The settled import's warning that the piped Device objects created users from their UserName only
            /// (<see cref="NameOnlyUsers"/>): once an import, after its rows; null when there is none, or when it was said before
            /// the commit (<see cref="ReportWarningsBeforeCommit"/>) or asked in those words by Inquire's dry plan
            /// (<paramref name="asked"/>). A different count than the dry plan's (another writer meanwhile) is said here.
            /// </summary>
            public string? NameOnlyUsersWarning(ImportSummary summary, ISet<string>? asked)
            {
                if (!PipedDevices || summary.Refused || _warningsSaid
                    || (asked != null && Import.NameOnlyUsers.WarningBeforeCommit() is string before && asked.Contains(before)))
                {
                    return null;
                }

                return Import.NameOnlyUsers.Warning(summary.WhatIf);
            }

            private void ReportRow(ImportRowResult row)
            {
                ReportFindings(row);
                if (!row.Failed && Import.Summary.WhatIf && row.Outcome != RecordAction.Unchanged)
                {
                    DescribeWhatIf(row);
                }
                else if (Import.Summary.Committed && SaysChangedUser(row))
                {
                    _cmdlet.WriteVerbose(Description(row));
                }

                // A refused import wrote nothing: only its failed rows are results; no row may claim Created.
                if (_cmdlet.PassThru && (row.Failed || Import.Summary.Committed || Import.Summary.WhatIf))
                {
                    _cmdlet.WriteObject(row);
                }
            }

            private void ReportFindings(ImportRowResult row)
            {
                ThrowIfStopping();
                if (!_warningsSaid)
                {
                    ReportWarnings(row);
                }

                if (row.Failed)
                {
                    RecordError first = row.GetErrors()[0];
                    _cmdlet.WriteError(ToErrorRecord(new BmgException(first.ErrorId, first.Category, row.ErrorIn(File)!, row)));
                }
            }

            private void ThrowIfStopping()
            {
                if (_cmdlet.StopToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
            }

            private void ReportWarnings(ImportRowResult row)
            {
                foreach (string warning in row.GetWarnings())
                {
                    if (ShiftJisQuestionMarks.IsKeptWarning(warning))
                    {
                        KeepForSummary(row, warning);
                        continue;
                    }

                    _cmdlet.WriteWarning(row.WarningIn(File, warning));
                }
            }

            // The values kept where the file had Excel's '?' (ShiftJisQuestionMarks): one warning for the file when several were,
            // as a command changing many devices says a kind of warning once (BatchedWarning); each value's own is a verbose line.
            private int _keptValues;
            private readonly List<string> _keptNamed = new List<string>(ShiftJisQuestionMarks.Named);
            private string? _keptHeld;

            private void KeepForSummary(ImportRowResult row, string warning)
            {
                string located = row.WarningIn(File, warning);
                if (++_keptValues <= ShiftJisQuestionMarks.Named)
                {
                    _keptNamed.Add($"line {row.Line}: {ShiftJisQuestionMarks.SubjectOf(warning)}");
                }

                if (_keptValues == 1)
                {
                    _keptHeld = located;
                    return;
                }

                if (_keptHeld != null)
                {
                    _cmdlet.WriteVerbose(_keptHeld);
                    _keptHeld = null;
                }

                _cmdlet.WriteVerbose(located);
            }

            /// <summary>Says the values kept for Excel's '?' once the rows are reported: the one value's own warning, or the summary.</summary>
            private void SayKeptValues()
            {
                if (_keptValues != 0)
                {
                    _cmdlet.WriteWarning(_keptValues == 1 && _keptHeld != null ? _keptHeld : ShiftJisQuestionMarks.Summary(_source, _keptValues, _keptNamed));
                    _keptValues = 0;
                    _keptNamed.Clear();
                    _keptHeld = null;
                }
            }

            [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see BmgCmdlet.Store
            private void ShowProgress()
            {
                // Throttled by time: a record per row would cost more than the import itself.
                if (_sinceProgress.Elapsed >= ProgressInterval)
                {
                    _sinceProgress.Restart();
                    // A new record each time: whoever collects progress records (a runspace's Streams.Progress) keeps the reference.
                    var progress = new ProgressRecord(1, _activity, EnglishWords.Amount(RowCount, "row"));
                    if (_stream != null && _stream.CanSeek && _stream.Length > 0)
                    {
                        progress.PercentComplete = (int)Math.Min(100, _stream.Position * 100 / _stream.Length);
                    }

                    _cmdlet.WriteProgress(progress);
                    _lastProgress = progress;
                }
            }

            // Whether the row is one whose change of a user the store had is said under -Verbose in the real run (README "An
            // import that changes existing users"): the dry run says every row's changes already; a user the row created is
            // counted (ImportSummary.UsersCreated), not described.
            private bool? _saysChangedUsers;

            [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see BmgCmdlet.Store
            private bool SaysChangedUser(ImportRowResult row) =>
                row.UserAction == RecordAction.Updated && !row.Failed && (_saysChangedUsers ??= !Import.Summary.WhatIf && _cmdlet.VerboseInEffect);

            private void DescribeWhatIf(ImportRowResult row)
            {
                // Under -WhatIf this only prints "What if: <text>", the way every cmdlet reports what it would do.
                _cmdlet.ShouldProcess(Description(row), null, null);
                foreach (string warning in row.BlankCellWarnings())
                {
                    // "Template '標準' would be CLEARED: …" names no record: the row's prefix does.
                    _cmdlet.WriteWarning(row.About(File, warning, namesRecord: false));
                }
            }

            /// <summary>
            /// What the row does, as its -WhatIf line and its real run's -Verbose line say it: "Line 2 of 'x.csv': Updated user
            /// 'yamada', Created device 'acme-yamada': Name: '山田花子' -> '山田太郎'; ...".
            /// </summary>
            private string Description(ImportRowResult row)
            {
                var text = new StringBuilder(SourceLine.Prefix(row.Line, File));
                if (row.UserName != null)
                {
                    text.Append($"{row.UserAction} user '{row.UserName}'");
                }

                if (row.Identifier != null)
                {
                    text.Append(row.UserName != null ? ", " : "").Append($"{row.DeviceAction} device '{row.Identifier}'");
                }

                text.Append(": ").Append(row.Changes);
                if (row.GetCheckInEmailNote() is string note)
                {
                    text.Append("; ").Append(note);
                }

                return text.ToString();
            }

            public ImportSummary Complete() => Import.Complete();

            // Disposed more than once (a using and a finally): the import's missing record is said once.
            private bool _notRecordedSaid;

            public void Dispose()
            {
                Import.Dispose();
                if (Import.NotRecordedReason is string why && !_notRecordedSaid)
                {
                    _notRecordedSaid = true;
                    _cmdlet.SayNotRecorded(Source, why);
                }

                _spool.Dispose();
                if (_lastProgress != null)
                {
                    var completed = new ProgressRecord(1, _activity, _lastProgress.StatusDescription)
                    {
                        PercentComplete = _lastProgress.PercentComplete,
                        RecordType = ProgressRecordType.Completed,
                    };
                    _lastProgress = null;
                    _cmdlet.TakeDown(completed);
                }
            }
        }
    }
}
