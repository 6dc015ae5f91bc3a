<#
.SYNOPSIS
    Turns the figures the reliability tests wrote to out/reliability/*.json into RELIABILITY.md.
.DESCRIPTION
    Run after 'build.ps1 Test'. Each figure is written by a test only after its assertions passed, so a missing
    figure means that test failed or did not run; the report says so instead of inventing a number.
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

$lines = @(
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
    ''
    '## What the tests do'
    ''
    '- `tests/pester/Reliability.Kill.Tests.ps1`: a child `pwsh` imports a 3,000-row file into a store with existing'
    '  devices, emails and history, and is killed with SIGKILL (exit 137) at four moments; then `PRAGMA integrity_check`,'
    '  `foreign_key_check`, row counts and a SHA-256 of every row of every table are compared with the state before.'
    '- `tests/pester/Reliability.Stop.Tests.ps1`: `PowerShell.Stop()` (what Ctrl+C does) mid-import, in the cmdlet and in a downstream command.'
    '- `tests/pester/Reliability.Contention.Tests.ps1`: two importers and a `Get-BmgDeviceDepLink` loop in three processes; two processes re-importing the same device.'
    '- `tests/pester/Reliability.Hostile.Tests.ps1` with `tests/corpus/hostile/expected.json`: the corpus, a 10 MB cell (over the 1 MB line limit), 20,000 columns, a directory, a missing file, a locked file.'
    '- `tests/BizMobileGo.Core.Tests/Properties/`: CsCheck properties; `Reliability/`: version-1 store migration, truncated stores, check-in code randomness, no SQL built from values.'
    '- Issue 9, the store and files under attack: `tests/pester/Reliability.StoreFiles.Tests.ps1` and `Reliability/StoreHardeningTests.cs`'
    '  (an export onto the store through links and its -wal/-shm/-journal, files 0600 from the first byte under a watcher, planted'
    '  empty/foreign/device/FIFO store files, non-FileSystem store paths, capped echoes of a near-1 MB cell, a full and a read-only'
    '  tmpfs); `tests/pester/Reliability.NamesCodes.Tests.ps1` and `Reliability/NamesCodesTextTests.cs` (names with `[ ] * ?`, codes'
    '  never echoed, the check-in lockout across processes, control and bidi characters, formula escapes, serials by the serial rule);'
    '  `tests/pester/CsvReading.Tests.ps1` and `Csv/CsvDecodingReaderTests.cs` (mixed encodings, bad bytes named by line and byte,'
    '  a file changed while read, FIFOs, /dev/zero and /dev/urandom, the 1 MB line limit); `tests/pester/Reliability.AcrossIssues.Tests.ps1`'
    '  (each rule on the paths other issues added: piped module objects, DEP files, the failed-rows file, -WhatIf, Send-BmgCheckInEmail).'
    '- Issue 13, one inventory on PostgreSQL: `tests/pester/Postgres.Concurrency.Tests.ps1` (real server, real `pwsh` children; order'
    '  made by children that stop before a given row and by the server''s own view of who holds and who waits for the writer lock):'
    '  two admins claiming one serial (the second waits, then fails `DuplicateSerial`; a free race with `-SkipInvalidRows`); a'
    '  check-in against an import of its device, in both orders; `-Confirm` prompts of `Remove-BmgDevice` and `Import-BmgDeviceCsv`'
    '  holding no lock; SIGKILL before, during and after the writes (store hash unchanged, session and lock gone); `pg_ctl restart`'
    '  fast and immediate mid-import (piped rows and a file read from a FIFO: `StoreUnavailable`, nothing written); a key inserted'
    '  by raw SQL while the import waits on it (`DuplicateSerial` / `AlreadyExists`, never a raw exception).'
    ''
    '## Limits, stated honestly'
    ''
    '- "During parse" and "at commit" kills are not exact: rows stream from the file into the open transaction, so'
    '  parse and write interleave, and a commit takes too little time to hit on purpose. The other kills are exact'
    '  (the child blocks while it holds a given row or message). Whatever the moment, the check is the same:'
    '  the store is exactly as before, or (commit race only) holds the whole import.'
    '- The StoreBusy path after the 30-second busy timeout is accepted by the contention tests but not forced: waiting'
    '  30 s does not fit the CI budget, and the timeout is a constant in the store.'
    '- "Locked file" on Linux means held open with `FileShare.None` by another .NET process (an advisory `flock` that'
    '  .NET honours); tests run as root, so a file without read permission would still be read and is not tested.'
    ''
    '## Check-in emails: the delivery guarantee'
    ''
    'Stated exactly: **no outbox entry is ever lost, and a crash or kill of a sender at any moment makes at'
    'most one message be sent twice — the one in flight — and the second copy carries the same `Message-ID`'
    'as the first.** Why: an entry is claimed (Pending → Sending, Message-ID fixed at the first claim) in one'
    'atomic store update before anything goes to the server, and marked Sent only after the server''s 250'
    'reply; a sender sends one message at a time. A kill between the server''s acceptance and that mark'
    'leaves the entry Sending; the next run sees the claiming process is gone (same machine; a claim from'
    'another machine after its 10-minute lease) and sends it again with the stored Message-ID. Two senders'
    'never send the same entry: the claim is a compare-and-set only one of them wins.'
    ''
    '- `tests/pester/CheckInEmailDelivery.Tests.ps1`, "a sender killed mid-batch": a child `pwsh` sends 8'
    '  emails to a server that stores each message and then waits 0.4 s before accepting it; the child is'
    '  killed after the third message arrived; a second run must leave all 8 Sent, every entry received at'
    '  least once, at most one received twice, and the duplicate with one Message-ID and 2 attempts.'
    '- Same file, "two concurrent senders": two senders on one store, 24 emails: 24 messages, each entry'
    '  once, every entry 1 attempt.'
    '- Not covered: power loss. The store runs WAL with `synchronous = NORMAL`, so the last commits before a'
    '  power cut may be lost and an entry may fall back to an earlier state: it is then sent again, with the'
    '  same Message-ID unless its very first claim was among the lost commits. Nor a server that accepts a'
    '  message and then loses it.'
)
Set-Content -LiteralPath $OutputPath -Value $lines -Encoding utf8NoBOM
Write-Host "Wrote $OutputPath"
