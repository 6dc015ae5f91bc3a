<#
.SYNOPSIS
    Turns the figures the reliability tests wrote to out/reliability/*.json into RELIABILITY.md.
.DESCRIPTION
    Run after 'build.ps1 Test'. Each figure is written by a test only after its assertions passed, so a missing
    figure means that test failed or did not run; the report says so instead of inventing a number.

    Only the table's figures come from the run; every other sentence of the page is the text below, so a sentence
    written on RELIABILITY.md alone is lost at the next regeneration. To add or change a bullet, paste the same
    Markdown into the section's here-string below (as it is: nothing to escape) and onto RELIABILITY.md, or edit it
    here and regenerate. tests/pester/ReliabilityReport.Tests.ps1 regenerates the page from
    tests/corpus/reliability-figures/ (the figure files of the run the page shows) and fails on any difference;
    after a regeneration from a new run, copy out/reliability/*.json there.
.EXAMPLE
    dotnet pwsh ./build.ps1 Test; dotnet pwsh ./tests/Write-ReliabilityReport.ps1
#>
param(
    [string] $FiguresFolder = (Join-Path $PSScriptRoot '../out/reliability'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '../RELIABILITY.md')
)
$ErrorActionPreference = 'Stop'
$figures = @(Get-ChildItem -Path $FiguresFolder -Filter *.json -ErrorAction SilentlyContinue | ForEach-Object { Get-Content -Raw $_.FullName | ConvertFrom-Json })
if ($figures.Count -eq 0) { throw "No figures in $FiguresFolder; run 'dotnet pwsh ./build.ps1 Test' first." }

function Get-Figure([string] $Kind) { @($figures | Where-Object Kind -eq $Kind) }
function Format-Count([string] $Kind) {
    $found = Get-Figure $Kind
    if ($found.Count -eq 0) { return 'not measured (the test failed or did not run)' }
    return '{0:N0}' -f ($found | Measure-Object -Property Count -Sum).Sum
}

$kills = Get-Figure 'kills' | Select-Object -First 1
$rowsLost = if ($kills) { $kills.RowsLost } else { 'not measured' }
$commitRace = if ($kills) { "$($kills.CommitRaceCommitted) committed before the kill, $($kills.CommitRaceRolledBack) rolled back" } else { 'not measured' }
$hostile = Get-Figure 'hostile' | Select-Object -First 1

$figuresOfTheRun = @(
    '# Reliability'
    ''
    "Figures of the last test run ($([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC), written by the tests to ``out/reliability/*.json`` and"
    'turned into this page by `tests/Write-ReliabilityReport.ps1`. Regenerate: `dotnet pwsh ./build.ps1 Test; dotnet pwsh ./tests/Write-ReliabilityReport.ps1`.'
    ''
    '| what | figure |'
    '|---|---|'
    "| imports killed with SIGKILL (reading, mid-write, before commit, at commit) and survived: store intact, exactly as before, same import then succeeds | $(Format-Count 'kills') |"
    "| of which the kill raced the commit | $commitRace |"
    "| imports stopped mid-way (Ctrl+C / StopProcessing) and rolled back | $(Format-Count 'stops') |"
    "| contention runs (two importers + a reader; two writers on one device) with exact final counts | $(Format-Count 'contention') |"
    "| hostile or broken inputs rejected with the expected ErrorId and line, store unchanged | $(Format-Count 'hostile') |"
    "| hostile files that must be accepted (header only; SQL metacharacters and formula-looking text in free-text fields, stored verbatim) | $(if ($hostile) { $hostile.AcceptedVerbatim } else { 'not measured' }) |"
    "| property-based cases (CsCheck: field types, CSV write/read round-trip) | $(Format-Count 'property') |"
    "| check-in codes drawn and checked (length, alphabet, collisions, uniformity) | $(Format-Count 'checkin-codes') |"
    "| PostgreSQL concurrency runs (two admins claiming one serial, import vs check-in, prompts holding no lock, SIGKILL at three moments, server restarts, unique violations from the server, an everyday database user's rights) with exact final counts | $(Format-Count 'postgres-concurrency') |"
    "| rows lost | $rowsLost |"
)

# The sections below are Markdown written as it appears on the page (single-quoted here-strings: nothing is
# expanded or escaped). A figure a test measures belongs in the table above, read from its figure file; a number
# in these sections is a test's own setup, or one measured by hand and said to be.

# One bullet per test file or concern; a new one goes at the end, before '@.
$whatTheTestsDo = @'
## What the tests do

- `tests/pester/Reliability.Kill.Tests.ps1`: a child `pwsh` imports a 3,000-row file into a store with existing
  devices, emails and history, and is killed with SIGKILL (exit 137) at four moments; then `PRAGMA integrity_check`,
  `foreign_key_check`, row counts and a SHA-256 of every row of every table are compared with the state before.
- `tests/pester/Reliability.Stop.Tests.ps1`: `PowerShell.Stop()` (what Ctrl+C does) mid-import, in the cmdlet and in a downstream command.
- `tests/pester/Reliability.Contention.Tests.ps1`: two importers and a `Get-BmgDeviceDepLink` loop in three processes; two processes re-importing the same device.
- `tests/pester/Reliability.Hostile.Tests.ps1` with `tests/corpus/hostile/expected.json`: the corpus, a 10 MB cell (over the 1 MB line limit), 20,000 columns, a directory, a missing file, a locked file.
- `tests/BizMobileGo.Core.Tests/Properties/`: CsCheck properties; `Reliability/`: version-1 store migration, truncated stores, check-in code randomness, no SQL built from values.
- Issue 9, the store and files under attack: `tests/pester/Reliability.StoreFiles.Tests.ps1` and `Reliability/StoreHardeningTests.cs`
  (an export onto the store through links and its -wal/-shm/-journal, files 0600 from the first byte under a watcher, planted
  empty/foreign/device/FIFO store files, non-FileSystem store paths, capped echoes of a near-1 MB cell, a full and a read-only
  tmpfs); `tests/pester/Reliability.NamesCodes.Tests.ps1` and `Reliability/NamesCodesTextTests.cs` (names with `[ ] * ?`, codes
  never echoed, the check-in lockout across processes, control and bidi characters, formula escapes, serials by the serial rule);
  `tests/pester/CsvReading.Tests.ps1` and `Csv/CsvDecodingReaderTests.cs` (mixed encodings, bad bytes named by line and byte,
  a file changed while read, FIFOs, /dev/zero and /dev/urandom, the 1 MB line limit); `tests/pester/Reliability.AcrossIssues.Tests.ps1`
  (each rule on the paths other issues added: piped module objects, DEP files, the failed-rows file, -WhatIf, Send-BmgCheckInEmail).
- Issue 13, one inventory on PostgreSQL: `tests/pester/Postgres.Concurrency.Tests.ps1` (real server, real `pwsh` children; order
  made by children that stop before a given row and by the server's own view of who holds and who waits for the writer lock):
  two admins claiming one serial (the second waits, then fails `DuplicateSerial`; a free race with `-SkipInvalidRows`); a
  check-in against an import of its device, in both orders; `-Confirm` prompts of `Remove-BmgDevice` and `Import-BmgDeviceCsv`
  holding no lock (and, thirteenth round, those of `Remove-BmgDepDevice` and `Set-BmgDepProfile`: `tests/pester/DepInventory.Tests.ps1`, and,
  fourteenth round, `Import-BmgDepDevice`'s: `tests/pester/DepImport.Tests.ps1`,
  on both stores, a child `pwsh` waiting at the console prompt while another process writes; xunit
  `StoreContractTests.TheDepRemovalAndProfileNamingPromptsHoldNoLock`); SIGKILL before, during and after the writes (store hash unchanged, session and lock gone); `pg_ctl restart`
  fast and immediate mid-import (piped rows and a file read from a FIFO: `StoreUnavailable`, nothing written); a key inserted
  by raw SQL while the import waits on it (`DuplicateSerial` / `AlreadyExists`, never a raw exception).
- Store failures at the end of an import and lost connections (`Reliability/StoreHardeningTests.cs` 9.15,
  `Postgres/PostgresStoreFailureTests.cs`, `Import/LostCommitTests.cs`, `tests/pester/StoreFailures.Tests.ps1`):
  - A failure at the **last chunk or at the commit** of an import leaves every table exactly as it was. Two tests
    compare a dump of every table, except the import history that records the attempt, before and after:
    - SQLite: the only chunk fits the page cache, so nothing reaches the file before COMMIT, and the COMMIT finds a
      full tmpfs. Result: StoreFull.
    - PostgreSQL: the store's tables are moved to a tablespace on a small tmpfs, and the one chunk's write at
      completion fails with disk_full. Result: StoreFull.
  - **A connection lost during an import's COMMIT**: the server may have committed before its answer was lost. The
    import then looks, on a fresh session, for its own history row (written in its transaction, so it exists only
    if the import committed):
    - found: the error is still StoreUnavailable (the command did not see its commit succeed), but its message
      ends "The import was committed all the same: import history entry N holds its rows.", and no "not
      committed" attempt is recorded beside the committed entry;
    - not found: the import did not commit; the attempt is recorded as not committed, as for any other failure;
    - the store still unreachable: nothing is recorded, and the message ends "The import may have been committed
      (the answer to the commit was lost): Get-BmgImportHistory -Id N tells, once the store is reachable again."
    (LostCommitTests: a real SQLite store behind a proxy whose commit loses its answer after or before committing.)
  - **A store that fails in the middle of a read command** (`tests/pester/StoreFailures.Tests.ps1`, both stores: the
    PostgreSQL sessions ended, the SQLite file cut to its first page, after the command's first output): the command
    ends with the store's ErrorRecord, never an exception's type name. A cut that lands while `Get-BmgDeviceDepLink`'s
    reading thread reads a batch ended the whole process with SIGBUS while that read was memory-mapped (twenty-fifth
    to twenty-eighth round; the CI's SQLite Pester run died twice); since the twenty-ninth round no read is mapped and
    such a cut is a store error (13 of 13 tries, against 4 of 13 processes killed before): `StoreDamaged` since the
    thirty-third round (`StoreOpenFailure` with SQLite's own text before).
- **A damaged SQLite store file is refused and never written to** (`tests/pester/Reliability.DamagedStore.Tests.ps1`,
  thirty-third round; walkthrough 33b, 1 to 4): a copy cut 1,000 bytes inside its last page (SQLite itself reads the cut
  end as zeros) and one cut to half its pages, a zeroed page of the devices table, and the live store's `-wal` file left
  beside a restored backup. Get-BmgDevice, Test-BmgHistory, Import-BmgDeviceCsv, New-BmgDevice and New-BmgUser each stop
  with `StoreDamaged` naming the file, "It was not changed", a restore and `sqlite3 … .recover`; the file's SHA-256 is
  unchanged, no failed import's attempt is recorded, no `-wal`/`-shm` is made beside a cut file; after a read met the
  zeroed page, a write that would not meet it (New-BmgUser) is refused too, until the backup is put in place;
  Test-BmgHistory's quick check finds the page its chain never reads. The store's own `-wal` left by a crash is read
  (its changes there), not taken for a foreign one.
- An import that **waits for another writer's lock** (`Import/ImportWaitingForStoreTests.cs`,
  `tests/pester/ImportWaitingForStore.Tests.ps1`, both stores): it reads and parses its first chunks while a second
  connection holds the lock, then plans against what that writer committed (a device it created is updated, a template
  it created is found: a planner built before the lock fails the test); a bad header fails while the lock is held and is
  recorded after; past the busy timeout `StoreBusy` writes nothing and records nothing (PostgreSQL, a 300 ms timeout);
  Ctrl+C while waiting ends the wait at once, writes nothing, records nothing, ends the reading thread and closes the
  file (`/proc/self/fd`); a FIFO whose
  writer stalls forever still gets its `StoreBusy` after the store's 30 s (a pipe takes the lock before it reads).
- **A forked history is refused on both stores** (`History/PackedHistoryContractTests.cs`, fork cases; SQLite schema 12's
  triggers, PostgreSQL migration 5's): a row inside a pack's range, a pack over a row or another pack → `AlreadyExists`,
  rolled back; `tests/pester/HistoryUpgrade.Tests.ps1` upgrades a version-11 file written by the old module and shows the
  same forked row going into the unguarded copy.
- **Ctrl+C while waiting for another writer's lock** (`tests/pester/StopWhileWaitingForStore.Tests.ps1`, both stores;
  the contract tests `ACancelledWaitForTheWriterLock...`, `ACancelledTokenTakesAFreeLockButNeverWaits`,
  `TheStoresWaitCancellationEnds...`; `Import/ImportWaitingForStoreTests.cs`): another `pwsh` process holds the writer
  lock for the whole test (a piped import held at its second row); `New-BmgDevice` and `Import-BmgDeviceCsv` waiting for
  it are stopped (`PowerShell.Stop()`, what Ctrl+C does) once they wait (PostgreSQL: the server shows the ungranted lock).
  `Stop()` returns while the lock is still held (a guard below the 30 s busy timeout fails the old behaviour, whose stop
  landed only when the wait ended), the command ends `Stopped` with no error record, nothing is written, no import attempt
  is recorded, and after the other writer commits the same command succeeds (forty-sixth round: so too a stop that lands
  as the PostgreSQL wait begins, after its look at the stop or before Npgsql starts its statement, where the old code said
  `StoreUnavailable` or left the session waiting on the server: xunit `PostgresWriterWaitStopTests`, hooks holding each
  moment open); an import that HOLDS the lock, stopped
  while another process's `New-BmgDevice` waits for it, is rolled back and still recorded as not committed (after that
  writer: PostgreSQL hands the lock on at the rollback). On PostgreSQL no backend is left waiting
  (`pg_locks`, no ungranted lock in the store's database). An import that waited takes its start time, and its rows'
  CreatedAt/SavedAt, when it gets the lock (a clock moved past the other writer's commit: before the fix, the earlier time).
- **Ctrl+C while opening a store that must be upgraded or created, while another client holds it** (issue 13): the
  command stops at once as a stopped pipeline, while the other client still holds the store; the store is left at its
  old version with no table of the new one, no lock is held and no file is made; after the other client is done the
  command works and upgrades the store. Tested on real SQLite files and a real PostgreSQL server: xunit
  `SqliteCancelledOpenTests` / `PostgresCancelledOpenTests` (a cancelled open, an open stopped before it began, an open that
  waits and then upgrades; PostgreSQL also a new database another client is creating the store in), Pester
  `StopWhileOpeningStore.Tests.ps1` (Get-BmgDevice and New-BmgDevice in a real pwsh, the store held by another process;
  both stores; on PostgreSQL also a creation whose marker table waits behind another session's uncommitted table of
  that name, which only the schema's lock and the migrations' waits could stop before: thirty-sixth round, flaky35).
- **Ctrl+C while the network to a PostgreSQL store is silent** (thirty-third round; walkthrough 33a, 5b): a proxy of the
  test that stops forwarding, either way, once the import's session is in its transaction (a dropped VPN: no reset, no
  close). Before, the stop was ignored until the 300 s command timeout; now `PowerShell.Stop()` returns within 30 s (the
  guard; the module gives the connection up 2 s after its cancel request went unanswered), the command ends as a stopped
  pipeline with no error record, nothing is written, and once the proxy closes the connection the same import succeeds
  (Pester `Postgres.SilentNetwork.Tests.ps1`, Import-BmgDeviceCsv with and without -WhatIf; PostgreSQL only: a file
  store has no network). So too wherever the silence lands (thirty-fourth round): as a dry run's open checks the
  store's schema, and while an import with or without -WhatIf waits for a piped row, so that its rollback and a dry
  run's end are the round trips after the stop; before, both waited out the command timeout (the -WhatIf case above
  passed alone but not in whole runs, where the silence landed elsewhere). By hand, SIGINT to a console `pwsh` importing 50,000 rows through walk33a's proxy (30 ms,
  then `mode stall` once the import held the writer lock; load 22): the process ended 16 s after the signal, exit code
  1, with `StoreUnavailable … did not answer in time (… connect timeout)` — the stopped import's attempt to record
  its run on a new connection waits that connect's timeout on the still-silent link (3 s, a reopen's) —
  and nothing written (walkthrough 33a, old code: 5.4 minutes, nothing printed). Since round 34 (left34a) the record's
  new connection first ends the import's abandoned session (`pg_terminate_backend`, same role and database), which held
  the writer lock the record waited 30 s for: with the open connections silent and a new one getting through,
  `PowerShell.Stop()` returns within a 20 s guard (measured 2.1 s) and the Stopped attempt is in the import history,
  nothing of the import written (Pester `Postgres.SilentNetwork.Tests.ps1`, "A stopped import's attempt record after
  Ctrl+C on a silent network"; the old code failed it). Fortieth round (net40): a link that falls silent again as that
  record is sent (its INSERT) no longer holds the stopped command for the 300 s command timeout: each statement after
  the stop waits 5 s at most, then the connection goes and the record is said missing (`BmgImportNotRecorded`, "did
  not answer within 5 s after the command was stopped"); `PowerShell.Stop()` returned in 7.5–13.1 s, 15 runs at load
  73–196 (same Describe; the old code failed its 30 s guard). And a command whose kept connection the link reset while
  idle, its connect again never answered, ends `StoreUnavailable` after a reopen's 3 s connect timeout, not the full
  one (`connect_timeout=0`: 17 minutes; "A command whose pooled connection died with the link"; the old code failed its
  60 s guard). The writer that went silent loses its session at the writer's idle limit
  (`idle_in_transaction_session_timeout`, 5 minutes, a session's own limit kept) and the next writer gets the lock (xunit
  `PostgresAbandonedWriterTests`, the limit shortened); a dry run's transaction, which holds the rows it would change,
  carries the same limit (same test class, left34d). Thirty-eighth round (silent38): Ctrl+C while the server does not
  answer an import's COMMIT returns within 30 s too; the COMMIT is not cancelled, the command says its outcome is
  unknown until the server answers (tag `BmgCommitUnknown`) and records no stopped attempt, and once the proxy lets the
  COMMIT through the import is committed under the Id it named; Ctrl+C while a history listing waits for its next rows
  returns within 30 s, the entries written before it kept (same file, "A server that stops answering mid-command is
  said while the command waits"; the old code failed both). Fortieth round (ctrlc40): Ctrl+C while the listing writes
  an entry (the next command holds it) and the proxy holds the rest of the result returns within 30 s too: a stream
  stopped before its last row closes its reader as a round trip of the stop (its statement cancelled, the grace, then
  the connection given up); before, that close read the rest of the result inline and waited for the proxy (same
  Describe; the old code failed it). Not tested end to end: the TCP keepalive the module turns on
  (20 s, then probes every 5 s) — a proxy's system answers the probes; it needs a link that drops packets (a network
  namespace with `tc netem loss 100%`); xunit `PostgresLocationTests` checks the settings Npgsql is given.
- **Ctrl+C while an import waits for a FIFO's writer** (Pester `StopWhileWaitingForFifo.Tests.ps1`, Linux):
  Import-BmgDeviceCsv and Import-BmgDepDevice stop at once, import nothing and keep nothing open on the FIFO; the stop
  leaves no thread of ours in open(2) and no read end (a non-blocking write-open, `dd oflag=nonblock`, fails with ENXIO);
  another reader (`cat f`) waiting on the same FIFO is not woken and gets what a later writer writes; `rm f; mkfifo f`
  after the stop, then a new import with a writer a moment later imports its rows; a FIFO the importing process may read
  but not write (a child pwsh without CAP_DAC_OVERRIDE via `setpriv`, FIFO mode 0444) leaves no thread blocked in open(2).
  The test's open(2) check ignores the runtime's own `.NET DebugPipe` thread, which always waits in open(2) on a FIFO.
- **Ctrl+C typed into a real terminal** (`tests/pester/CtrlCInTerminal.Tests.ps1`, both stores): the other Ctrl+C tests
  call `PowerShell.Stop()` in a hosted runspace; this one runs the built module in an interactive `pwsh` on a
  pseudo-terminal (`tests/servers/pseudo_terminal.py`, Python's standard library, driven by `tests/servers/PseudoTerminal.ps1`)
  and types the byte Ctrl+C makes (0x03), so the console host's own handling runs: the line discipline's SIGINT, PSReadLine
  at the prompt, the host reading a `-Confirm` answer, progress and table output being written while the stop arrives.
  Each case waits for a sign that the command is under way (the progress line, the `-Verbose` waiting line, the first
  lines of output, the SMTP server holding the message), presses Ctrl+C, and checks that the prompt comes back (guards
  only end a hung test: 60 s, and 20 s where a wait of the module's own would end by itself at 30 s), the same `pwsh`
  answers the next command, the screen shows no .NET exception, stack trace, error record, store password or check-in
  code, and the store is as the case says:
  - a 200,000-row `Import-BmgDeviceCsv` mid-way (at its first progress line), Ctrl+C once and twice quickly: every
    table but the import history exactly as before, the attempt recorded as `Stopped`;
  - the same import waiting for another writer (another `pwsh` holds the writer lock): the prompt is back while the
    other writer still holds the store; nothing written or recorded; the other writer commits; the same import typed
    again in the same `pwsh` imports;
  - `Remove-BmgDevice`'s `-Confirm` prompt answered with Ctrl+C (once the host reads the answer, see the limits): nothing
    removed;
  - `$ids | Get-BmgDeviceDepLink` and `Get-BmgDeviceHistory` on a 10,000-device store, mid-stream: the stream ends
    before its last line, and the next command in the same `pwsh` reads and writes the store (the prompt that comes back
    may carry a later number than the next: on a loaded machine the console host sometimes evaluates the prompt again
    after a Ctrl+C that lands as the command ends, and only the later one shows; the test waits for any later number,
    fortieth round: 2 of 80 passes of the history case "hung" on the number with pwsh idle at its prompt);
  - `Send-BmgCheckInEmail` against an SMTP server that stored the message and never answers: the email stays `Pending`
    with "The run was stopped after the message was handed to the server, before it confirmed it: it may have been
    delivered, and the next run sends it again." (the next run sends it again with the same Message-ID). Stopped before
    the server accepted a recipient (connecting, waiting for a greeting that never comes), the email is `Pending` with
    its attempt not counted: nothing reached the server (thirty-third round, walkthrough 33c). So too for a stop that lands
    on PostgreSQL as the claim commits, or on a store round trip after it before the send (the stop cancels those): the
    claim is released in a write after the stop, bounded as any (before, the email stayed `Sending` until its claim went
    stale; forty-seventh round, claim47: `PostgresClaimStopTests`).
  Seen failing against a broken build (one mutation per case, 2026-12-04): a stopped import committing instead of rolling
  back; the store's waits given no stop token; a failed `-Confirm` prompt taken for "Yes"; the piped look-ups' pending
  batches dropped without being finished (PostgreSQL: on SQLite the reads are done before the stop lands); a stopped
  history stream reading the rest of its result; the SMTP send given no stop token. Before this file, by hand on both
  stores, none of these cases hung or misbehaved in the module; the one hang found is PowerShell's (limits).
- **-WhatIf on SQLite plans on a copy on disk, not in memory** (`Store/SqliteSnapshotTests.cs`,
  `tests/pester/Reliability.StoreFiles.Tests.ps1` 9.15): the copy is SQLite's nameless temporary database (no file name,
  its journal on disk) and what the dry run writes stays in it; with SQLite's temporary folder on a 1 MB tmpfs and an
  80 MB store, `-WhatIf` ends `StoreFull` naming that folder (not the store's disk), and the store file's bytes are
  unchanged. Measured by hand: a 1,000,000-row `-WhatIf` into a new store peaked at 320 MB (100,000 rows 298 MB); the
  in-memory copy before took 1.4 GB (323 MB). The copy is made at the dry run's first write: in the same setup
  `Remove-BmgDevice -WhatIf` and a `-WhatIf` import of an unchanged row succeed (they need no copy), a 1,500-row one
  (which writes its first chunk) is `StoreFull`; the copy is the snapshot the dry run's transaction read, even when
  another admin commits in between (`TheCopyIsTheStateTheDryRunsTransactionReadAndNoWriterWaitsForIt`), and the store
  file is let go once the copy is made (`TheStoreFileIsLetGoOnceTheCopyIsMade`).
- **A store in a folder no one may write is read; one only others may write is refused as unreadable**
  (`tests/pester/Reliability.StoreFiles.Tests.ps1` 9.15, walkthrough 32b, 6): a real `chmod 555` folder, read by a
  child pwsh that `setpriv` starts without root's CAP_DAC_OVERRIDE (root ignores modes), exports and verifies the
  history of the archived store, and its write is `StoreReadOnly` "can be read but not written"; a 755 folder owned by
  another user is `StoreReadOnly` "can't be read or written" (its owner could write during a lockless read); neither
  store file changes and no `-wal`/`-shm` file is made. SQLite reports the folder as SQLITE_READONLY_DIRECTORY (no
  `-wal` can be made, so no one has the store open); the immutable read takes no lock, which is safe only while no one
  can write the folder — hence the mode check, and the README's warning against making it writable during a read.
- **A store file no one may write is not changed, by root either** (`tests/pester/StoreFileModes.Tests.ps1`, thirty-fourth
  round, left34c): a `chmod 400` store and a `chmod 400` store of schema version 15, read by a child pwsh as root and again
  without CAP_DAC_OVERRIDE (`setpriv`): devices and the history are read, a write is `StoreReadOnly` "can be read but not
  written", the older store is `StoreReadOnly` "must be upgraded … can't be written", and both files' hashes are
  unchanged (before, root's write went into the archive and root's read upgraded it).
'@

# What the tests do not show, and why.
$limits = @'
## Limits, stated honestly

- "During parse" and "at commit" kills are not exact: rows stream from the file into the open transaction, so
  parse and write interleave, and a commit takes too little time to hit on purpose. The other kills are exact
  (the child blocks while it holds a given row or message). Whatever the moment, the check is the same:
  the store is exactly as before, or (commit race only) holds the whole import.
- The StoreBusy path after the 30-second busy timeout is forced once on SQLite (an import stalled on a FIFO holds the lock, Pester) and on
  PostgreSQL with a short timeout (xunit); the contention tests accept it but do not force it.
- **Ctrl+C at a `-Confirm` prompt can hang PowerShell's console host itself** (PowerShell 7.6.9 on Linux, any cmdlet:
  `Remove-Item -Confirm` does the same). The host turns off the terminal's SIGINT only when it starts to read the answer;
  a Ctrl+C typed in the moment between the prompt being written and that read is a SIGINT, so the host stops the pipeline
  and waits for it, while the pipeline's thread then waits in `Console.ReadKey` for a key that Ctrl+C no longer gives:
  in a pty, with Ctrl+C the instant the prompt showed, 4 of 6 tries hung, 3 of them for good (neither a second Ctrl+C,
  Enter nor "n" ended them; a second Ctrl+C ended the fourth); with Ctrl+C 700 ms later, 0 of 6. Nothing is removed (the pipeline never returns). It needs a Ctrl+C within
  milliseconds of the prompt, e.g. typed ahead; the module cannot reach that read. `CtrlCInTerminal.Tests.ps1` presses
  Ctrl+C once the terminal shows the host reads keys (ISIG off), as a person answering does. When the race does not hang
  (4 of 8 tries of `Remove-BmgDevice -Confirm`, twenty-first round), the prompt gives no choice and PowerShell's
  `ShouldProcess` throws an `ArgumentOutOfRangeException` inside the cmdlet (it indexes the choices with -1) while the
  pipeline stops; PowerShell turns any exception of a stopping pipeline into the stop, so the screen shows nothing,
  `$Error` stays empty and nothing is written: the module lets it pass and takes it for no answer, and maps nothing
  (a mapping would change nothing anyone can see). The same file makes that race certain on a host whose prompt stops
  the pipeline and returns no choice (`tests/servers/StoppingPromptHost.ps1`; it answers only once the pipeline has
  recorded the stop, which PowerShell does on a thread of its own just after the stop is asked: an exception thrown
  before that is the pipeline's own error and lands in `$Error` — seen as a flaky test on a busy machine, never
  something the module can order): `Remove-`, `New-`, `Set-BmgDevice` and
  `Import-BmgDeviceCsv -Confirm` end Stopped, with no error record, nothing written and no import recorded (seen failing
  against a build that took the failed prompt for "Yes").
- **Ctrl+C in the instant PowerShell's console host draws a progress line can hang it for good** (PowerShell 7.6.9,
  .NET 10, Linux; race24). To draw one the host asks the terminal where the cursor is (`ESC [6n`), and once a terminal
  has answered such a query .NET waits for every later answer with no time limit (VMIN=1). Ctrl+C makes the terminal's
  line discipline flush its input and output queues (NOFLSH is off), so a Ctrl+C landing between that question and
  .NET reading its answer discards one of them and the pipeline's thread waits in `read(0)` for ever: the pid's
  `Pipeline Execution` thread in `SystemNative_ReadStdin`, the pty at `-icanon isig min = 1 time = 10` (gdb and stty,
  7 hangs of 29 tries in loops of `CtrlCInTerminal.Tests.ps1`'s waiting case on a loaded machine; the full run's one
  failure). The module drew its waiting line as progress right after the same line as `-Verbose`, so the question went
  out just as "Ctrl+C to stop" showed — the moment a person (or the test) presses it. Now the line is one or the other
  (verbose with `-Verbose`, progress without), so nothing asks the terminal anything after the line a person reacts to;
  0 hangs in 30 tries since (the same loop, load average about 70). What stays is PowerShell's and .NET's: a Ctrl+C within milliseconds of any progress line
  being first drawn or redrawn (an import's progress every 500 ms; the line of a wait for a server that does not answer, every 5 s; a line written while a progress line shows) can
  still hang the host; the module cannot reach that read. A piped edit with `-PassThru` writes objects to the screen
  all the time, so it draws no progress line (pipe36: drawn, Ctrl+C hung the host in 7 of 12 tries; not drawn, 0 of 15).
- **The module's load context is exercised on Linux x64 only** (ModuleLoad.Tests.ps1, thirty-second round). The
  `linux-musl-arm64` SQLite build ships (SQLitePCLRaw.lib.e_sqlite3 2.1.13's) but has never run here; `NativeSqliteMissing`
  is tested by removing this platform's build from a copy of the module folder, `ModuleFilesMissing` by removing
  `dependencies/BizMobileGo.Core.dll` or `dependencies/CsvHelper.dll`, and another version by patching a copy's manifest
  and cmdlet assembly version and module version id (not a second real build). Importing another version into a
  process that loaded one is refused with `ModuleVersionAlreadyLoaded` by the module's root script, which runs before
  the cmdlet assembly loads and adds the type data itself (thirty-third round; before, PowerShell's own
  `FileLoadException` or 20 lines of `FormatXmlUpdateException` came first); what the check cannot see is a second copy
  of the same build, which is the same code. Stores a runspace kept open close as that runspace ends (its
  `StateChanged` to Closed or Broken); a runspace a host abandons without closing it keeps its stores until a
  `Remove-Module`, the four-store limit or the process's end (not tested: no host here does that).
- "Locked file" on Linux means held open with `FileShare.None` by another .NET process (an advisory `flock` that
  .NET honours); tests run as root, so a file without read permission would still be read and is not tested.
'@

# The outbox's delivery guarantee and the tests that hold it.
$checkInEmailGuarantee = @'
## Check-in emails: the delivery guarantee

Stated exactly: **no outbox entry is ever lost, and a crash or kill of a sender, or a server or network that fails,
at any moment makes at most one message of that run be sent twice — the one in flight — and the second copy carries
the same `Message-ID` as the first** (which most servers deliver anyway: it is a duplicate the user may see). When the
sender lives to record it (the connection broke, the server did not answer within `-TimeoutSec`, Ctrl+C) after a
recipient was accepted, that email's `LastError` says it "may have been delivered", and keeps saying so through later
failed tries (thirty-third round, walkthrough 33c, finding 3). Once a later try sends it, `LastError` is cleared with the
Sent state and the fact moves to its `StatusReason` ("Sent, but an earlier try was handed over to the server and not
confirmed, so its user may have received it twice (the same Message-ID): …"), and the run that sent it warns
(forty-second round, walkthrough 42, finding 2): `Get-BmgCheckInEmail -Status Sent | Where-Object StatusReason -Like
'*received it twice*'` lists such emails. `LastError` names what ended a try: the server's reply with its code, or that
the server closed the connection — never the 354 that asked for the content (forty-third round, walkthrough 42,
finding 8). A sender killed outright records nothing. Why: an entry is claimed (Pending → Sending, Message-ID fixed at the first claim) in one
atomic store update before anything goes to the server, and marked Sent only after the server's 250
reply; a sender sends one message at a time. A kill between the server's acceptance and that mark
leaves the entry Sending; the next run sees the claiming process is gone (same machine; a claim from
another machine after its 10-minute lease) and sends it again with the stored Message-ID. Two senders
never send the same entry: the claim is a compare-and-set only one of them wins.

- `tests/pester/CheckInEmailDelivery.Tests.ps1`, "a sender killed mid-batch": a child `pwsh` sends 8
  emails to a server that stores each message and then waits 0.4 s before accepting it; the child is
  killed after the third message arrived; a second run must leave all 8 Sent, every entry received at
  least once, at most one received twice, and the duplicate with one Message-ID and 2 attempts.
- Same file, "two concurrent senders": two senders on one store, 24 emails: 24 messages, each entry
  once, every entry 1 attempt.
- Same file, "a server that stores the message and never answers": `-TimeoutSec 2`, the run stops with
  `SmtpConnectionFailed`, the server holds the message, the email is `Pending` with "may have been delivered" in its
  `LastError`, which a next run against a server that is down keeps ("; an earlier try: …"), and a run against a
  server that is up sends it.
- Not covered: power loss. The store runs WAL with `synchronous = NORMAL`, so the last commits before a
  power cut may be lost and an entry may fall back to an earlier state: it is then sent again, with the
  same Message-ID unless its very first claim was among the lost commits. Nor a server that accepts a
  message and then loses it.
'@

$lines = @(
    $figuresOfTheRun
    ''
    $whatTheTestsDo -split '\r?\n'
    ''
    $limits -split '\r?\n'
    ''
    $checkInEmailGuarantee -split '\r?\n'
)
Set-Content -LiteralPath $OutputPath -Value $lines -Encoding utf8NoBOM
Write-Host "Wrote $OutputPath"
