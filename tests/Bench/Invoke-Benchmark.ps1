<#
.SYNOPSIS
    The import benchmark: BizMobileGo's import and look-ups next to two baselines, on one file, in one run.
.DESCRIPTION
    Generates a deterministic CSV of -Rows rows with every column filled, then runs each scenario in a
    fresh pwsh process (as a scheduled task runs an import) and prints rows/s and peak memory side by
    side with
      a. the script an admin would write: Import-Csv | ForEach-Object, one INSERT per row, one transaction;
      b. the sqlite3 shell's .import --csv into a plain table (no validation, no index): the upper bound;
      c. the SQLite floor (floor.sql): the sqlite3 shell loads the file into a temporary table, then writes
         its users and devices into two tables shaped like ours, indexed alike, in one transaction, without
         any validation: what SQLite itself needs to store these rows;
      c2. the same in the module's own schema (floor-own.sql): the rows written by the sqlite3 shell into a store the
         module created — its tables, indexes and checks, and the check-in email each device with a registration
         email queues — without validation and without the change history: what SQLite needs for the rows an import
         really writes (printed for the profile; the targets stay against c);
      d. the PostgreSQL floor (floor-postgres.sql): psql's \copy into a temporary table, then INSERT ... SELECT
         into two tables shaped like the PostgreSQL store's, indexed alike, in one transaction, on a new database
         of a throw-away server on loopback (tests/servers/PostgresTestServer.ps1; skipped with a warning where
         no PostgreSQL binaries are installed). Its peak memory is the server's, not measured.
      d2. the same in the module's own PostgreSQL schema (floor-own-postgres.sql), as c2 is to c.
    -PostgresOnly runs baseline d and P1-P5 only (no SQLite scenario), with the targets (build.ps1 Bench -PostgresOnly).
    -PostgresScenarios also runs the module's import scenarios against that server ('x d'; build.ps1 Bench passes
    it where PostgreSQL's binaries are installed): P1-P4 as 1-4 on a new database, and P5, two admins importing
    half the file each at once into one new database, timed from the first start to the last end. Issue 13's
    targets are checked and printed under the table: P1 >= 0.5 x d, P2 <= 0.6 x P1, P5 <= 1.3 x P1.
    The same figures are written as JSON to the output directory.
    Issue 15's ratio (1 with history against 1w without) comes from -FirstImportPairs pairs of fresh-process runs and is
    printed four ways under the table (Get-HistoryRatios); -HistoryOnly runs just those pairs and prints just that. Beside
    them, one run of 1c: the same import given -ChangedBy, whose created records' entries are packed with the name in the
    packs' header (since SQLite's schema version 26), read against 1w's median (Measure-ChangedByImport).
    -CompareWith runs only an A/B of the unchanged re-import (2) and its -WhatIf (3): another build's module (A: the
    manifest given there) against -ModuleManifest's (B), each first importing the file once into a store of its own,
    then -ReimportPairs pairs of re-imports in fresh processes, which build goes first alternating, with the load
    average before each run (Measure-ReimportComparison). -ReimportScenarios 1 adds (or, alone, runs only) pairs of
    imports into a new store: each run into an empty store of its own, prepared by its build before the pairs.
#>
param(
    [int] $Rows = 100000,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutDirectory,
    [switch] $PostgresScenarios,
    # How many pairs of 1 and 1w run (issue 15's ratio, see Measure-FirstImports): odd, so that a median is one run.
    [ValidateScript({ $_ -ge 1 -and $_ % 2 -eq 1 })] [int] $FirstImportPairs = 7,
    # Only 1 and 1w, and the history's ratios: to read issue 15's figure again and again without the rest (~1.5 min).
    [switch] $HistoryOnly,
    # Only baseline d and P1-P5 with issue 13's targets: to read the PostgreSQL figures again without the SQLite scenarios.
    [switch] $PostgresOnly,
    # Only the re-import A/B (2 and 3): the module manifest of the build to compare -ModuleManifest's with (A; B is -ModuleManifest).
    [string] $CompareWith,
    # How many pairs of each re-import scenario -CompareWith runs.
    [ValidateRange(1, 100)] [int] $ReimportPairs = 8,
    # Which scenarios -CompareWith runs: 1 (an import into a new store, each run into a store of its own), 2 (the unchanged
    # re-import), 3 (its -WhatIf), 5a and 5b (the look-ups, in each build's re-import store once it holds the DEP device
    # list), M (Import-Module itself in a fresh process); 2 and 3 unless told.
    [ValidateSet('1', '2', '3', '5a', '5b', 'M')] [string[]] $ReimportScenarios = @('2', '3')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
# The child processes import the module by this path: a relative one given on the command line failed there (New-BenchStore).
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path

# The garbage collector's generation-0 budget (MB) of a fresh process on this machine, read before this one allocates much:
# .NET sizes it from the CPU's largest cache unless DOTNET_GCgen0size sets it, and every scenario's peak working set moves
# with it (PERFORMANCE.md, thirty-fifth round: about 16 MB before a restart of the machine, 80 MB after, and each peak
# 25-75 MB higher in code that had not changed). Read through the runtime's internal GC.GetGenerationBudget; null where it has none.
$gen0BudgetMB = try {
    $method = [GC].GetMethod('GetGenerationBudget', [Reflection.BindingFlags]'Static, NonPublic, Public')
    if ($method) { [math]::Round([double]$method.Invoke($null, @(0)) / 1MB, 1) } else { $null }
} catch { $null }

$null = New-Item -ItemType Directory -Force -Path $OutDirectory
$work = Join-Path $OutDirectory "work-$Rows"
if (Test-Path $work) { Remove-Item $work -Recurse -Force }
$null = New-Item -ItemType Directory -Path $work

# The warnings the measured imports said, which Measure-Scenario.ps1 keeps off the console: the bench file's devices enroll
# through DEP and Apple's list is imported only after the first imports, so each of those says the DEP warning, as a
# user's import of that file would (the warning is part of the import's work, and stays in the window). Said in one line
# at the end (Write-ImportWarnings); any other warning in full.
$importWarnings = [System.Collections.Generic.List[object]]::new()
$depWarning = '*enroll through DEP, but no DEP device is in the store*'

function Add-ImportWarnings($Figures) {
    foreach ($message in @($Figures.Warnings)) {
        if ($message) { $importWarnings.Add([pscustomobject]@{ Scenario = $Figures.Scenario; Message = $message }) }
    }
}

function Write-ImportWarnings {
    $dep = @($importWarnings | Where-Object Message -like $depWarning)
    if ($dep.Count -ne 0) {
        $scenarios = @($dep | ForEach-Object { ($_.Scenario -split '\.')[0] } | Select-Object -Unique)
        Write-Host ("Warnings: {0} imports said the DEP warning, as expected (their devices enroll through DEP before Apple's list is imported; scenarios {1}), kept off the console" -f
            $dep.Count, ($scenarios -join ', '))
    }
    foreach ($other in $importWarnings | Where-Object Message -notlike $depWarning) {
        Write-Host "WARNING ($($other.Scenario)): $($other.Message)"
    }
}

# Start-PostgresTestServer, New-PostgresTestDatabase: baseline d's server.
. (Join-Path $PSScriptRoot '../servers/PostgresTestServer.ps1')

if (-not ('BizMobileGo.Bench.BenchData' -as [type])) {
    Add-Type -TypeDefinition (Get-Content -Raw (Join-Path $PSScriptRoot 'BenchData.cs'))
}
$csv = Join-Path $work 'devices.csv'
$halfChanged = Join-Path $work 'devices-half-changed.csv'
$identifiers = Join-Path $work 'identifiers.txt'
$depDevices = Join-Path $work 'dep-devices.csv'
[BizMobileGo.Bench.BenchData]::Write($csv, $Rows, $false)
[BizMobileGo.Bench.BenchData]::Write($halfChanged, $Rows, $true)
[BizMobileGo.Bench.BenchData]::WriteIdentifiers($identifiers, $Rows)
[BizMobileGo.Bench.BenchData]::WriteDepDevices($depDevices, $Rows)

# The children's PowerShell: this process's own, started directly ($PwshFile, then $PwshArguments). 'dotnet pwsh' (the
# repository's local tool) is three processes, the .NET CLI, the tool's shim, then pwsh: ~0.3 CPU s more a start, of ~2.3
# with the module's import (PERFORMANCE.md, forty-fifth round), and a run starts some forty children. Measured windows
# are inside the child, so no figure moves.
$PwshFile = [Environment]::ProcessPath
$PwshArguments = @(if ([IO.Path]::GetFileNameWithoutExtension($PwshFile) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

function New-BenchStore([string[]] $Path, [string] $Manifest = $ModuleManifest) {
    # The reference data the rows name; created in a child process so this one never loads the module (one process for
    # all the stores given: each costs a process start and a module load otherwise). Each store is new by design: the first
    # command's "Created a new, empty store" warning (one a store, 16 a run) is kept out of the log.
    $paths = ($Path | ForEach-Object { "'" + $_.Replace("'", "''") + "'" }) -join ', '
    $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$Manifest'; $paths | ForEach-Object { `$PSDefaultParameterValues['*-Bmg*:Database'] = `$_; " +
        "`$null = New-BmgTemplate Standard -WarningAction SilentlyContinue; `$null = 'Sales', 'Kiosk' | New-BmgDeviceTag; " +
        "`$null = New-BmgOrganization org1 'Organization 1'; `$null = New-BmgOrganization org2 'Organization 2' }"
    & $PwshFile @PwshArguments -NoProfile -NonInteractive -Command $script | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Could not prepare the store(s) $($Path -join ', ')." }
}

function Measure-Scenario([string] $Name, [hashtable] $Arguments, [hashtable] $Environment = @{}) {
    $result = Join-Path $work "$Name.json"
    $argumentList = $PwshArguments + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-Scenario.ps1'), '-ResultPath', $result)
    foreach ($key in $Arguments.Keys) { $argumentList += "-$key"; $argumentList += [string]$Arguments[$key] }
    $saved = @{}
    foreach ($key in $Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $Environment[$key]) }
    try {
        & $PwshFile @argumentList | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Scenario $Name failed (exit code $LASTEXITCODE)." }
    } finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
    $figures = Get-Content -Raw $result | ConvertFrom-Json
    $figures | Add-Member -NotePropertyName Scenario -NotePropertyValue $Name
    Add-ImportWarnings $figures
    return $figures
}

# A look-up scenario (it changes nothing, so it can run again on the same store) in $Runs fresh processes; the figures
# of the run with the median time, with every run's seconds (RunSeconds). One fresh pwsh's look-ups are bimodal: .NET's
# tiered compilation (dynamic PGO) sometimes spends ~0.7 s more CPU compiling PowerShell's own pipeline code
# (PERFORMANCE.md, fifteenth round), so one run says more about the JIT's timing than about the module. Baselines c and
# d are the best of three for the same reason; the median is the stricter figure.
function Measure-LookupScenario([string] $Name, [hashtable] $Arguments, [int] $Runs = 3) {
    $all = @(for ($run = 0; $run -lt $Runs; $run++) { Measure-Scenario $Name $Arguments })
    $median = Select-MedianRun $all
    $median | Add-Member -NotePropertyName RunSeconds -NotePropertyValue @($all | ForEach-Object { [double]$_.Seconds })
    return $median
}

# The run with the median time among a scenario's runs (an odd number of them): its own figures, stages and GC, not a mix.
function Select-MedianRun([object[]] $Runs) {
    return @($Runs | Sort-Object { [double]$_.Seconds })[[math]::Floor($Runs.Count / 2)]
}

# Issue 15 (the history's cost, "x no history") compares 1 with 1w. One fresh process's import swings by +-10-20 % (its
# JIT's tiering, a garbage collection more or less, the page cache, what else the machine does in those seconds): three
# runs each read x 1.09 and x 1.32 in two Benches of the same code (PERFORMANCE.md, twenty-third round). So they run in
# $Pairs pairs (1 and 1w one right after the other, so that both see the machine's same seconds; which of the two goes
# first alternates from pair to pair, so neither is always the one after a cold or a warm start), each run in a fresh
# process into a new store. The first pair goes into the stores given ($Store, $PlainStore: 2-4 and 4w go on with them),
# the others into throw-away stores ($SpareStores, already prepared, two a pair after the first: with history and
# without), each removed after its run. Returns the median run of 1 and of 1w, each with every run's figures (Runs).
function Measure-FirstImports([string] $Store, [string] $PlainStore, [string[]] $SpareStores, [int] $Pairs) {
    $withHistory = [System.Collections.Generic.List[object]]::new()
    $withoutHistory = [System.Collections.Generic.List[object]]::new()
    for ($pair = 0; $pair -lt $Pairs; $pair++) {
        $stores = if ($pair -eq 0) { $Store, $PlainStore } else { $SpareStores[2 * $pair - 2], $SpareStores[2 * $pair - 1] }
        $runs = @(
            { $withHistory.Add((Measure-Scenario '1. import into a new store' @{ ModuleManifest = $ModuleManifest; Database = $stores[0]; Scenario = 'Import'; Csv = $csv })) }
            { $withoutHistory.Add((Measure-Scenario '1w. import into a new store, without history' @{ ModuleManifest = $ModuleManifest; Database = $stores[1]; Scenario = 'Import'; Csv = $csv } @{ BMG_BENCH_WITHOUT_HISTORY = '1' })) }
        )
        if ($pair % 2 -eq 1) { [array]::Reverse($runs) }
        foreach ($run in $runs) { . $run }
        if ($pair -gt 0) { foreach ($spare in $stores) { Remove-Item "$spare*" -Force -ErrorAction SilentlyContinue } }
    }
    foreach ($all in $withHistory, $withoutHistory) {
        $median = Select-MedianRun $all
        $median | Add-Member -NotePropertyName Runs -NotePropertyValue @($all | ForEach-Object {
            [pscustomobject][ordered]@{ Seconds = [double]$_.Seconds; CpuSeconds = [double]$_.CpuSeconds; Created = $_.Created; StartedUtcTicks = $_.StartedUtcTicks } })
        $median
    }
}

# The middle value of a list of numbers (the mean of the two middle ones for an even count).
function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

# What the history costs a first import (issue 15: 1 / 1w at most 1.15), read four ways from the same pairs of runs: the
# ratio of the medians of 1 and of 1w (the issue's figure, the table's 'x no history'), and the median of the pairs' own
# ratios (each pair's 1 against the 1w run right beside it: a pair shares the machine's same seconds, so a slow minute
# moves both), each in wall seconds and in CPU seconds (all threads; less moved by what else the machine runs).
function Get-HistoryRatios($WithHistory, $WithoutHistory) {
    $pairs = [math]::Min($WithHistory.Runs.Count, $WithoutHistory.Runs.Count)
    $wallRatios = @(for ($i = 0; $i -lt $pairs; $i++) { [math]::Round($WithHistory.Runs[$i].Seconds / $WithoutHistory.Runs[$i].Seconds, 2) })
    $cpuRatios = @(for ($i = 0; $i -lt $pairs; $i++) { [math]::Round($WithHistory.Runs[$i].CpuSeconds / $WithoutHistory.Runs[$i].CpuSeconds, 2) })
    $medianCpu = (Get-Median ($WithHistory.Runs | ForEach-Object CpuSeconds)) / (Get-Median ($WithoutHistory.Runs | ForEach-Object CpuSeconds))
    [pscustomobject][ordered]@{
        Pairs = $pairs
        WallMediansRatio = [math]::Round($WithHistory.Seconds / $WithoutHistory.Seconds, 2)
        WallPairsMedian = [math]::Round((Get-Median $wallRatios), 2)
        CpuMediansRatio = [math]::Round($medianCpu, 2)
        CpuPairsMedian = [math]::Round((Get-Median $cpuRatios), 2)
        WallPairs = $wallRatios
        CpuPairs = $cpuRatios
    }
}

# 1c, one run: the first import given -ChangedBy (as a portal's service imports for a signed-in user). Its created records'
# entries are packed as 1's are, the name in each pack's header (forty-first round, hist41; before, they were rows:
# PERFORMANCE.md, thirty-fifth round), each hashed with canonical form version 4 (version 3 before the forty-second round); what the history costs it is shown beside
# 1w's median, as 1's is; not a target of its own.
function Measure-ChangedByImport([string] $Store, $WithoutHistory) {
    $figures = Measure-Scenario '1c. import into a new store, given -ChangedBy' @{ ModuleManifest = $ModuleManifest; Database = $Store; Scenario = 'Import'; Csv = $csv
        ChangedBy = 'svc-portal for alice@example.com' }
    [pscustomobject][ordered]@{
        Scenario = $figures.Scenario
        Seconds = [double]$figures.Seconds
        CpuSeconds = [double]$figures.CpuSeconds
        Created = $figures.Created
        AllocatedMB = [math]::Round([double]$figures.Gc.AllocatedBytes / 1MB, 1)
        WallTimesWithout = [math]::Round([double]$figures.Seconds / [double]$WithoutHistory.Seconds, 2)
        CpuTimesWithout = [math]::Round([double]$figures.CpuSeconds / [double]$WithoutHistory.CpuSeconds, 2)
    }
}

function Write-ChangedByImport($Figures) {
    Write-Host ("{0} (one run; its created records' entries packed, the name in the packs' header): {1} s ({2} CPU s, {3} MB allocated); x {4} the median of 1w (CPU x {5})" -f
        $Figures.Scenario, $Figures.Seconds, $Figures.CpuSeconds, $Figures.AllocatedMB, $Figures.WallTimesWithout, $Figures.CpuTimesWithout)
}

# Each run of 1 and 1w, in the order of the pairs.
function Write-FirstImportRuns($WithHistory, $WithoutHistory) {
    foreach ($pair in ($WithHistory, '1w'), ($WithoutHistory, '1')) {
        $figures, $other = $pair
        Write-Host ("{0}: {1} runs in fresh processes, in pairs with {2} (which of the two first alternates), each into a new store, {3}; the median is shown" -f
            $figures.Scenario, $figures.Runs.Count, $other, (($figures.Runs | ForEach-Object { '{0} s ({1} CPU s)' -f $_.Seconds, $_.CpuSeconds }) -join ', '))
    }
}

# Issue 15's figure and the three read beside it (Get-HistoryRatios).
function Write-HistoryRatios($Ratios) {
    Write-Host ("History (issue 15, 1 / 1w, at most 1.15), {0} pairs: wall x {1} (ratio of the medians: the table's 'x no history'), x {2} (median of the pairs' ratios: {3}); CPU x {4} (ratio of the medians), x {5} (median of the pairs' ratios: {6})" -f
        $Ratios.Pairs, $Ratios.WallMediansRatio, $Ratios.WallPairsMedian, ($Ratios.WallPairs -join ' '), $Ratios.CpuMediansRatio, $Ratios.CpuPairsMedian, ($Ratios.CpuPairs -join ' '))
}

function Get-SqliteShell {
    $sqlite = Get-Command sqlite3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $sqlite) {
        Write-Warning ("Baselines b and c need the sqlite3 command-line shell, which is not installed: " +
            "'apt-get install sqlite3' (Debian/Ubuntu), 'brew install sqlite' (macOS), 'winget install SQLite.SQLite' (Windows).")
    }
    return $sqlite
}

# Runs the sqlite3 shell once on a new database (a copy of -Template, if given) with the given arguments (and standard
# input, if any), the best of $Attempts runs, and returns its figures; GNU time, where present, gives the shell's peak memory.
function Measure-SqliteShell([string] $Name, [string[]] $Arguments, [string] $InputFile, [int] $Attempts = 1, [string] $Template) {
    $sqlite = Get-SqliteShell
    if (-not $sqlite) { return $null }
    # The template's last writes into its main file, so that a copy of that file is the whole store.
    if ($Template) { & $sqlite.Source $Template 'PRAGMA wal_checkpoint(TRUNCATE);' | Out-Null }
    $best = $null
    for ($attempt = 0; $attempt -lt $Attempts; $attempt++) {
        $database = Join-Path $work "sqlite3-$Name.db"
        Remove-Item "$database*" -Force -ErrorAction SilentlyContinue
        if ($Template) { Copy-Item -LiteralPath $Template -Destination $database }
        $peakMB = $null
        $report = Join-Path $work "sqlite3-$Name-time.txt"
        $command = @($sqlite.Source, $database) + $Arguments
        if (Test-Path /usr/bin/time) { $command = @('/usr/bin/time', '-o', $report, '-f', '%M %U %S') + $command }
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        if ($InputFile) { Get-Content -Raw $InputFile | & $command[0] $command[1..($command.Count - 1)] | Out-Null }
        else { & $command[0] $command[1..($command.Count - 1)] | Out-Null }
        $stopwatch.Stop()
        if ($LASTEXITCODE -ne 0) { throw "sqlite3 ($Name) failed." }
        $cpuSeconds = $null
        if (Test-Path $report) {
            # GNU time: peak resident KB, user and system CPU seconds.
            $kb, $user, $system = (Get-Content $report | Select-Object -Last 1) -split ' '
            $peakMB = [math]::Round([double]$kb / 1024, 1)
            $cpuSeconds = [math]::Round([double]$user + [double]$system, 3)
        }
        $count = [long](& $sqlite.Source $database 'SELECT count(*) FROM devices;')
        $figures = [pscustomobject]@{
            Scenario = $Name; Count = $count; Unit = 'rows'
            Seconds = [math]::Round($stopwatch.Elapsed.TotalSeconds, 3)
            PerSecond = [math]::Round($count / $stopwatch.Elapsed.TotalSeconds, 1); PeakMB = $peakMB; CpuSeconds = $cpuSeconds
        }
        if ($null -eq $best -or $figures.Seconds -lt $best.Seconds) { $best = $figures }
    }
    return $best
}

# Baseline d: psql runs floor-postgres.sql on a new database, the best of $Attempts runs (each on its own new
# database; creating the database is not timed, as sqlite3 creating its file is part of c). With -ModuleSchema (d2:
# floor-own-postgres.sql) the module first creates its schema and reference data in that database (not timed).
function Measure-PostgresFloor($Server, [string] $Name = 'd', [string] $ScriptName = 'floor-postgres.sql', [switch] $ModuleSchema, [int] $Attempts = 3) {
    $script = Join-Path $work $ScriptName
    $csvForPsql = $csv.Replace("'", "''")
    (Get-Content -Raw (Join-Path $PSScriptRoot $ScriptName)).Replace('FILE', "'$csvForPsql'") | Set-Content $script
    $psql = Join-Path $Server.BinDirectory 'psql'
    $best = $null
    $uris = @(for ($attempt = 0; $attempt -lt $Attempts; $attempt++) { New-PostgresTestDatabase -AdminUri $Server.AdminUri -Prefix "bmg_bench_$Name" })
    # Every attempt's database in one child process (a process start and a module load each otherwise).
    if ($ModuleSchema) { New-BenchStore $uris }
    for ($attempt = 0; $attempt -lt $Attempts; $attempt++) {
        $uri = $uris[$attempt]
        $parts = ConvertFrom-PostgresUri $uri
        $savedPassword = $env:PGPASSWORD
        try {
            $env:PGPASSWORD = $parts.Password
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            & $psql -X -q -h $parts.Host -p $parts.Port -U $parts.User -d $parts.Database -f $script | Out-Null
            $stopwatch.Stop()
            if ($LASTEXITCODE -ne 0) { throw "psql (baseline $Name) failed (exit code $LASTEXITCODE)." }
        } finally {
            $env:PGPASSWORD = $savedPassword
        }
        $count = [long](Invoke-PostgresTestSql -Uri $uri -Sql 'SELECT count(*) FROM devices;' | Select-Object -First 1)
        $figures = [pscustomobject]@{
            Scenario = $Name; Count = $count; Unit = 'rows'
            Seconds = [math]::Round($stopwatch.Elapsed.TotalSeconds, 3)
            PerSecond = [math]::Round($count / $stopwatch.Elapsed.TotalSeconds, 1); PeakMB = $null; CpuSeconds = $null
        }
        if ($null -eq $best -or $figures.Seconds -lt $best.Seconds) { $best = $figures }
    }
    return $best
}

# The module's import scenarios on the PostgreSQL store, against baseline d (issue 13's targets: a new database
# >= 0.5 x d; an unchanged re-import <= 0.6 x the first; two admins' imports of half the rows each, at once,
# <= 1.3 x the one import of every row, P1).
function Measure-PostgresScenarios($Server) {
    $database = New-PostgresTestDatabase -AdminUri $Server.AdminUri -Prefix 'bmg_bench'
    $togetherDatabase = New-PostgresTestDatabase -AdminUri $Server.AdminUri -Prefix 'bmg_bench_together'
    New-BenchStore $database, $togetherDatabase
    $module = @{ ModuleManifest = $ModuleManifest; Database = $database }
    @(
        Measure-Scenario 'P1. import into a new PostgreSQL database' ($module + @{ Scenario = 'Import'; Csv = $csv })
        Measure-Scenario 'P2. same file again (all Unchanged), PostgreSQL' ($module + @{ Scenario = 'Import'; Csv = $csv })
        Measure-Scenario 'P3. same file with -WhatIf, PostgreSQL' ($module + @{ Scenario = 'ImportWhatIf'; Csv = $csv })
        Measure-Scenario 'P4. half the rows change one field, PostgreSQL' ($module + @{ Scenario = 'Import'; Csv = $halfChanged })
        Measure-TogetherOnPostgres 'P5. two admins at once, half the rows each, PostgreSQL' $togetherDatabase
    )
}

# The bench file split in two: its first and second halves, each with the header (rows are independent: one user each).
function Split-BenchFile {
    $lines = [System.IO.File]::ReadAllLines($csv)
    $half = [int][math]::Floor(($lines.Count - 1) / 2)
    $first = Join-Path $work 'devices-first-half.csv'
    $second = Join-Path $work 'devices-second-half.csv'
    $encoding = [System.Text.UTF8Encoding]::new($false)
    [System.IO.File]::WriteAllLines($first, @($lines[0]) + $lines[1..$half], $encoding)
    [System.IO.File]::WriteAllLines($second, @($lines[0]) + $lines[($half + 1)..($lines.Count - 1)], $encoding)
    return $first, $second
}

# How long P5's waiting admin waits for the writer lock ($env:BMG_STORE_WAIT in its process) before StoreBusy: an hour,
# far past any holder's import, so that a slow or loaded machine measures P5 instead of failing it.
$P5StoreWaitSeconds = 3600

# Two processes import one half each into one new database (prepared, as New-BenchStore makes a store), started together
# once both have loaded the module; the figure is every row over the time from the first start to the last end.
function Measure-TogetherOnPostgres([string] $Name, [string] $Database) {
    $go = Join-Path $work 'together-go'
    Remove-Item -LiteralPath $go -Force -ErrorAction SilentlyContinue
    $admin = 0
    $runs = foreach ($file in (Split-BenchFile)) {
        $admin++
        $tag = [System.IO.Path]::GetFileNameWithoutExtension($file)
        $result = Join-Path $work "together-$tag.json"
        $ready = Join-Path $work "together-$tag.ready"
        Remove-Item -LiteralPath $ready, $result -Force -ErrorAction SilentlyContinue
        $start = [System.Diagnostics.ProcessStartInfo]::new($PwshFile)
        foreach ($a in $PwshArguments + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-Scenario.ps1'), '-ResultPath', $result,
                '-Scenario', 'Import', '-ModuleManifest', $ModuleManifest, '-Database', $database, '-Csv', $file, '-ReadyFile', $ready, '-GoFile', $go)) {
            $start.ArgumentList.Add($a)
        }
        $start.UseShellExecute = $false
        # The waiting admin's wait is part of what P5 measures: at the default 30 s it failed StoreBusy whenever the holder's
        # import took longer (a loaded machine, a larger -Rows), and P5 read nothing.
        $start.Environment['BMG_STORE_WAIT'] = [string]$P5StoreWaitSeconds
        $half = if ($admin -eq 1) { 'first half' } else { 'second half' }
        [pscustomobject]@{ Process = [System.Diagnostics.Process]::Start($start); Result = $result; Ready = $ready; Admin = "$Name, admin $admin ($half)" }
    }
    try {
        while (@($runs | Where-Object { -not (Test-Path -LiteralPath $_.Ready) }).Count -gt 0) {
            if (@($runs | Where-Object { $_.Process.HasExited }).Count -gt 0) { throw "Scenario $Name failed: an import ended before the start." }
            Start-Sleep -Milliseconds 20
        }
        $null = New-Item -ItemType File -Path $go
        foreach ($run in $runs) {
            $run.Process.WaitForExit()
            if ($run.Process.ExitCode -ne 0) { throw "Scenario $Name failed (exit code $($run.Process.ExitCode))." }
        }
    } finally {
        foreach ($run in $runs) { if (-not $run.Process.HasExited) { $run.Process.Kill($true) } }
    }
    $figures = @($runs | ForEach-Object {
        $one = Get-Content -Raw $_.Result | ConvertFrom-Json
        $one | Add-Member -NotePropertyName Scenario -NotePropertyValue $_.Admin
        Add-ImportWarnings $one
        $one
    })
    $started = ($figures | ForEach-Object { [long]$_.StartedUtcTicks } | Measure-Object -Minimum).Minimum
    $ended = ($figures | ForEach-Object { [long]$_.EndedUtcTicks } | Measure-Object -Maximum).Maximum
    $seconds = [TimeSpan]::FromTicks([long]($ended - $started)).TotalSeconds
    $count = ($figures | Measure-Object -Property Count -Sum).Sum
    # The writer lock is held from an import's first chunk to its commit: the admin that ends first held it for its whole
    # import, and the other's import went on from that commit. Their sum is P5; the second part is what a shorter P5 must cut.
    $holder = $figures | Sort-Object { [long]$_.EndedUtcTicks } | Select-Object -First 1
    $waiter = $figures | Where-Object { -not [object]::ReferenceEquals($_, $holder) } | Select-Object -First 1
    [pscustomobject]@{
        Scenario = $Name; Count = [long]$count; Unit = 'rows'
        Seconds = [math]::Round($seconds, 3)
        PerSecond = [math]::Round($count / $seconds, 1)
        PeakMB = ($figures | Measure-Object -Property PeakMB -Maximum).Maximum
        # Each admin's own import time, for the report.
        EachSeconds = @($figures | ForEach-Object { $_.Seconds })
        EachCpuSeconds = @($figures | ForEach-Object { $_.CpuSeconds })
        # From the first start to the lock holder's end, and from there to the other's end (P5 = the two).
        HolderSeconds = [math]::Round([TimeSpan]::FromTicks([long]$holder.EndedUtcTicks - $started).TotalSeconds, 3)
        AfterHolderSeconds = [math]::Round([TimeSpan]::FromTicks([long]$waiter.EndedUtcTicks - [long]$holder.EndedUtcTicks).TotalSeconds, 3)
        # Each admin's own figures (its stages and GC: a stage line each).
        Admins = $figures
    }
}

# Issue 13's targets, each with its figure and whether it was met (P1-P5 in $PostgresResults' order).
function Get-PostgresTargets($PostgresResults, $BaselineD) {
    if (@($PostgresResults).Count -lt 5) { return @() }
    $p1 = $PostgresResults[0]; $p2 = $PostgresResults[1]; $p5 = $PostgresResults[4]
    $p1OfD = if ($BaselineD) { [math]::Round($p1.PerSecond / $BaselineD.PerSecond, 2) }
    @(
        if ($BaselineD) { [pscustomobject][ordered]@{ Target = 'P1 (import into a new database) >= 0.5 x d'; Figure = $p1OfD; Limit = 0.5; Met = $p1OfD -ge 0.5 } }
        [pscustomobject][ordered]@{ Target = 'P2 (unchanged re-import) <= 0.6 x the time of P1'; Figure = [math]::Round($p2.Seconds / $p1.Seconds, 2); Limit = 0.6; Met = ($p2.Seconds / $p1.Seconds) -le 0.6 }
        [pscustomobject][ordered]@{ Target = 'P5 (two admins at once, half each) <= 1.3 x the time of P1'; Figure = [math]::Round($p5.Seconds / $p1.Seconds, 2); Limit = 1.3; Met = ($p5.Seconds / $p1.Seconds) -le 1.3 }
    )
}

# P5's two admins one after the other (the writer lock), for the JSON: each one's own seconds and CPU seconds, the lock
# holder's part (the first start to its commit) and the other's import after that commit; $null without P5.
function Get-P5Lock($PostgresResults) {
    if (@($PostgresResults).Count -lt 5) { return $null }
    $p5 = $PostgresResults[4]
    [ordered]@{ EachSeconds = $p5.EachSeconds; EachCpuSeconds = $p5.EachCpuSeconds; HolderSeconds = $p5.HolderSeconds; AfterHolderSeconds = $p5.AfterHolderSeconds; StoreWaitSeconds = $P5StoreWaitSeconds }
}

function Write-PostgresTargets($Targets, $PostgresResults) {
    foreach ($target in $Targets) {
        Write-Host ("Target {0}: {1} ({2})" -f $target.Target, $target.Figure, $(if ($target.Met) { 'met' } else { 'NOT met' }))
    }
    if (@($PostgresResults).Count -ge 5) {
        $p5 = $PostgresResults[4]
        Write-Host ("P5, each admin's own import: {0} s (CPU {1} s)" -f ($p5.EachSeconds -join ' s and '), ($p5.EachCpuSeconds -join ' s and '))
        Write-Host ("P5, one after the other: the writer lock's holder {0} s, the other admin's import after its commit {1} s" -f $p5.HolderSeconds, $p5.AfterHolderSeconds)
        Write-Host ("P5's admins wait up to {0} s for the writer lock (`$env:BMG_STORE_WAIT in their processes; unset, 30 s)" -f $P5StoreWaitSeconds)
    }
}

# The one-minute load average where the system reports it (Linux's /proc/loadavg), else $null: a figure on a shared
# machine is read beside what else ran.
function Get-LoadAverage {
    if (Test-Path -LiteralPath /proc/loadavg) { return [double]((Get-Content -LiteralPath /proc/loadavg -TotalCount 1) -split ' ')[0] }
    return $null
}

# -CompareWith: the unchanged re-import (2) and its -WhatIf (3) of two builds, A (-CompareWith's manifest) and B
# (-ModuleManifest's), in $Pairs pairs each. A one-build Bench can't show a change of a few per cent there: one fresh
# process swings more than that, and the machine moves between two Benches. So each build first imports the file once
# into a store of its own (each build's store is what its own first import wrote), then each pair runs A's and B's
# re-import one right after the other in fresh processes, which build goes first alternating from pair to pair, and the
# same for the -WhatIf. A re-import changes nothing but the import history's one entry a run, so the stores stay put.
# Prints every run (wall, CPU, load before it) and per scenario the medians, the median of the pairs' own ratios and how
# many pairs B won; writes them as JSON.
function Measure-ReimportComparison([int] $Pairs, [string[]] $Scenarios) {
    $builds = [ordered]@{ A = (Resolve-Path -LiteralPath $CompareWith).Path; B = $ModuleManifest }
    $stores = @{}
    # Scenario 1's empty stores, one a run, each prepared by the build that imports into it (removed after its run).
    $newStores = @{}
    foreach ($build in $builds.Keys) {
        if ($Scenarios -contains '1') {
            $newStores[$build] = @(for ($pair = 0; $pair -lt $Pairs; $pair++) { Join-Path $work "first-$build-$pair.db" })
        }
        $reimport = @($Scenarios | Where-Object { $_ -ne '1' }).Count -gt 0
        if ($reimport) { $stores[$build] = Join-Path $work "reimport-$build.db" }
        # The build's stores in one child process of that build.
        New-BenchStore (@($newStores[$build] | Where-Object { $_ }) + @(if ($reimport) { $stores[$build] })) $builds[$build]

        if ($reimport) {
            $first = Measure-Scenario "1. import into a new store ($build)" @{ ModuleManifest = $builds[$build]; Database = $stores[$build]; Scenario = 'Import'; Csv = $csv }
            Write-Host ("{0}: first import {1} s ({2} CPU s)" -f $build, $first.Seconds, $first.CpuSeconds)
            if ($Scenarios -match '^5') {
                & $PwshFile @PwshArguments -NoProfile -NonInteractive -Command "Import-Module '$($builds[$build])'; `$null = Import-BmgDepDevice -Path '$depDevices' -Database '$($stores[$build])'" | Out-Host
                if ($LASTEXITCODE -ne 0) { throw "Importing the bench's DEP device list failed (exit code $LASTEXITCODE)." }
            }
        }
    }
    $runs = [System.Collections.Generic.List[object]]::new()
    $commands = @{ '1' = 'Import'; '2' = 'Import'; '3' = 'ImportWhatIf'; '5a' = 'DepLinkPiped'; '5b' = 'DepLinkBySerial'; 'M' = 'ModuleImport' }
    $extra = @{ '5a' = @{ IdentifierFile = $identifiers }; '5b' = @{ Repeat = [math]::Min(1000, $Rows) } }
    foreach ($scenario in $Scenarios | ForEach-Object { [pscustomobject]@{ Key = $_; Value = $commands[$_] } }) {
        for ($pair = 0; $pair -lt $Pairs; $pair++) {
            $order = if ($pair % 2 -eq 0) { 'A', 'B' } else { 'B', 'A' }
            foreach ($build in $order) {
                $load = Get-LoadAverage
                $store = if ($scenario.Key -eq '1') { $newStores[$build][$pair] } else { $stores[$build] }
                $name = if ($scenario.Key -eq '1') { "1. import into a new store ($build)" } else { "$($scenario.Key). $($scenario.Value) ($build)" }
                $arguments = @{ ModuleManifest = $builds[$build]; Database = $store; Scenario = $scenario.Value; Csv = $csv }
                if ($extra.ContainsKey($scenario.Key)) { $arguments += $extra[$scenario.Key] }
                $figures = Measure-Scenario $name $arguments
                if ($scenario.Key -eq '1') { Remove-Item "$store*" -Force -ErrorAction SilentlyContinue }
                $run = [pscustomobject][ordered]@{
                    Scenario = $scenario.Key; Pair = $pair + 1; Build = $build; First = ($build -eq $order[0]); Load = $load
                    Seconds = [double]$figures.Seconds; CpuSeconds = [double]$figures.CpuSeconds; AllocatedMB = [math]::Round($figures.Gc.AllocatedBytes / 1MB, 1)
                    Created = $figures.Created
                }
                $runs.Add($run)
                Write-Host ("{0}. pair {1}, {2}: {3} s ({4} CPU s), load {5} before" -f $run.Scenario, $run.Pair, $run.Build, $run.Seconds, $run.CpuSeconds, $run.Load)
            }
        }
    }
    $runs | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    $summaries = foreach ($scenario in $Scenarios) {
        $of = { param($build, $property) @($runs | Where-Object { $_.Scenario -eq $scenario -and $_.Build -eq $build } | Sort-Object Pair | ForEach-Object $property) }
        $wallA = @(& $of 'A' 'Seconds'); $wallB = @(& $of 'B' 'Seconds'); $cpuA = @(& $of 'A' 'CpuSeconds'); $cpuB = @(& $of 'B' 'CpuSeconds')
        $wallRatios = @(for ($i = 0; $i -lt $wallA.Count; $i++) { $wallB[$i] / $wallA[$i] })
        $cpuRatios = @(for ($i = 0; $i -lt $cpuA.Count; $i++) { $cpuB[$i] / $cpuA[$i] })
        $loads = @($runs | Where-Object Scenario -eq $scenario | ForEach-Object Load | Where-Object { $null -ne $_ })
        [pscustomobject][ordered]@{
            Scenario = $scenario; Pairs = $wallA.Count
            WallMedianA = Get-Median $wallA; WallMedianB = Get-Median $wallB
            WallPairsMedian = [math]::Round((Get-Median $wallRatios), 3); BFasterPairs = @($wallRatios | Where-Object { $_ -lt 1 }).Count
            CpuMedianA = Get-Median $cpuA; CpuMedianB = Get-Median $cpuB
            CpuPairsMedian = [math]::Round((Get-Median $cpuRatios), 3); BCheaperPairs = @($cpuRatios | Where-Object { $_ -lt 1 }).Count
            Load = if ($loads) { '{0}-{1}' -f ($loads | Measure-Object -Minimum).Minimum, ($loads | Measure-Object -Maximum).Maximum } else { $null }
        }
    }
    $summaries | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    $jsonPath = Join-Path $OutDirectory "bench-reimport-ab-$Rows.json"
    [ordered]@{ Rows = $Rows; When = (Get-Date).ToUniversalTime().ToString('u'); A = $builds.A; B = $builds.B; Summaries = @($summaries); Runs = $runs } |
        ConvertTo-Json -Depth 4 | Set-Content $jsonPath
    Write-ImportWarnings
    Write-Host "Figures written to $jsonPath"
    Remove-Item (Join-Path $work 'reimport-*.db*'), (Join-Path $work 'first-*.db*') -Force -ErrorAction SilentlyContinue
}

if ($CompareWith) {
    Measure-ReimportComparison $ReimportPairs $ReimportScenarios
    return
}

if ($PostgresOnly) {
    # Baseline d and P1-P5 on one throw-away server, nothing of SQLite: the table's PostgreSQL rows and the targets.
    $postgres = Start-PostgresTestServer
    if (-not $postgres) { throw "-PostgresOnly needs PostgreSQL's server binaries (initdb, pg_ctl, psql), which are not installed." }
    try {
        $baselineD = Measure-PostgresFloor $postgres
        $postgresResults = @(Measure-PostgresScenarios $postgres)
    } finally {
        Stop-PostgresTestServer $postgres
    }
    $targets = @(Get-PostgresTargets $postgresResults $baselineD)
    $table = foreach ($figures in @($postgresResults) + @($baselineD)) {
        [pscustomobject][ordered]@{
            Scenario = if ($figures.Scenario -eq 'd') { 'd. PostgreSQL floor: \copy + INSERT..SELECT, indexed' } else { $figures.Scenario }
            Count = $figures.Count; Unit = $figures.Unit; Seconds = $figures.Seconds; PerSecond = $figures.PerSecond; PeakMB = $figures.PeakMB
            'CPU s' = if ($figures.PSObject.Properties['CpuSeconds']) { $figures.CpuSeconds } else { $null }
            't / t1' = if ($figures.Scenario -match '^P[2345]\.') { [math]::Round($figures.Seconds / $postgresResults[0].Seconds, 2) } else { $null }
            'x d' = [math]::Round($figures.PerSecond / $baselineD.PerSecond, 2)
        }
    }
    $jsonPath = Join-Path $OutDirectory "bench-postgres-$Rows.json"
    [ordered]@{ Rows = $Rows; When = (Get-Date).ToUniversalTime().ToString('u'); Results = @($table); PostgresTargets = $targets; P5Lock = Get-P5Lock $postgresResults } |
        ConvertTo-Json -Depth 4 | Set-Content $jsonPath
    $table | Format-Table -AutoSize -Property * | Out-String -Width 300 | Write-Host
    Write-PostgresTargets $targets $postgresResults
    Write-ImportWarnings
    Write-Host "Figures written to $jsonPath"
    return
}

$moduleDirectory = Split-Path -Parent (Resolve-Path $ModuleManifest)
$sqliteAssembly = Get-ChildItem $moduleDirectory -Recurse -Filter Microsoft.Data.Sqlite.dll | Select-Object -First 1
$nativeDirectory = Get-ChildItem $moduleDirectory -Recurse -Filter 'libe_sqlite3.so' |
    Where-Object { $_.DirectoryName -like '*linux-x64*' } | Select-Object -First 1

Write-Host "Benchmark: $Rows rows, every column filled ($csv)"
# The store 2-5b go on, and (issue 15: what the change history costs an import, target at most +15 %) a store of its own
# for the same imports with recording switched off by a variable the module reads for this measurement only (1w, 4w);
# and the throw-away stores of 1's and 1w's further runs.
$store = Join-Path $work 'store.db'
$plainStore = Join-Path $work 'without-history.db'
$spareStores = @(for ($run = 1; $run -lt $FirstImportPairs; $run++) { Join-Path $work "spare-$run.db"; Join-Path $work "spare-$run-without-history.db" })
$changedByStore = Join-Path $work 'changed-by.db'
# Baseline a's store and c2's template (the module's schema) too: every SQLite store of the run in one child process.
$scriptStore = Join-Path $work 'script.db'
$ownTemplate = Join-Path $work 'own-schema.db'
New-BenchStore (@($store, $plainStore, $changedByStore) + $spareStores + @(if (-not $HistoryOnly) { $scriptStore, $ownTemplate }))
$results = [System.Collections.Generic.List[object]]::new()
$module = @{ ModuleManifest = $ModuleManifest; Database = $store }
$plain = @{ ModuleManifest = $ModuleManifest; Database = $plainStore }
$withoutHistory = @{ BMG_BENCH_WITHOUT_HISTORY = '1' }
$firstImport, $firstImportWithoutHistory = Measure-FirstImports $store $plainStore $spareStores $FirstImportPairs
$historyRatios = Get-HistoryRatios $firstImport $firstImportWithoutHistory
$changedByImport = Measure-ChangedByImport $changedByStore $firstImportWithoutHistory
if ($HistoryOnly) {
    Write-FirstImportRuns $firstImport $firstImportWithoutHistory
    Write-HistoryRatios $historyRatios
    Write-ChangedByImport $changedByImport
    $jsonPath = Join-Path $OutDirectory "bench-history-$Rows.json"
    [ordered]@{ Rows = $Rows; When = (Get-Date).ToUniversalTime().ToString('u'); HistoryRatios = $historyRatios; ChangedByImport = $changedByImport
        ImportRuns = [ordered]@{ $firstImport.Scenario = $firstImport.Runs; $firstImportWithoutHistory.Scenario = $firstImportWithoutHistory.Runs } } |
        ConvertTo-Json -Depth 4 | Set-Content $jsonPath
    Write-ImportWarnings
    Write-Host "Figures written to $jsonPath"
    Remove-Item (Join-Path $work '*.db*') -Force -ErrorAction SilentlyContinue
    return
}
$results.Add($firstImport)
$results.Add((Measure-Scenario '2. same file again (all Unchanged)' ($module + @{ Scenario = 'Import'; Csv = $csv })))
$results.Add((Measure-Scenario '3. same file with -WhatIf' ($module + @{ Scenario = 'ImportWhatIf'; Csv = $csv })))
$results.Add((Measure-Scenario '4. half the rows change one field' ($module + @{ Scenario = 'Import'; Csv = $halfChanged })))
# 4 and 4w once each (each re-imports into the store its first run of 1 or 1w filled), one right after the other.
$plainResults = @{
    '1' = $firstImportWithoutHistory
    '4' = Measure-Scenario '4w. half the rows change one field, without history' ($plain + @{ Scenario = 'Import'; Csv = $halfChanged }) $withoutHistory
}
# The look-ups run against a store that has Apple's DEP device list, as an admin's has: without it every device that
# enrolls through DEP is flagged (and each -Serial call warns), which is not the look-up admins make.
& $PwshFile @PwshArguments -NoProfile -NonInteractive -Command "Import-Module '$ModuleManifest'; `$null = Import-BmgDepDevice -Path '$depDevices' -Database '$store'" | Out-Host
if ($LASTEXITCODE -ne 0) { throw "Importing the bench's DEP device list failed (exit code $LASTEXITCODE): 5a and 5b would measure a store without it." }
$results.Add((Measure-LookupScenario '5a. Get-BmgDeviceDepLink, identifiers piped' ($module + @{ Scenario = 'DepLinkPiped'; IdentifierFile = $identifiers })))
$results.Add((Measure-LookupScenario '5b. Get-BmgDeviceDepLink -Serial, repeated' ($module + @{ Scenario = 'DepLinkBySerial'; Repeat = [math]::Min(1000, $Rows) })))

$results.Add($plainResults['1'])
$results.Add($plainResults['4'])

$environment = @{}
if ($nativeDirectory) { $environment['LD_LIBRARY_PATH'] = $nativeDirectory.DirectoryName }
$baselineA = Measure-Scenario 'a' @{ Scenario = 'ScriptBaseline'; Database = $scriptStore; Csv = $csv; SqliteAssemblyDirectory = $sqliteAssembly.DirectoryName } $environment
$baselineB = Measure-SqliteShell 'b' @(".import --csv '$csv' devices")
$floorScript = Join-Path $work 'floor.sql'
(Get-Content -Raw (Join-Path $PSScriptRoot 'floor.sql')).Replace('FILE', "'$csv'") | Set-Content $floorScript
$baselineC = Measure-SqliteShell 'c' @() -InputFile $floorScript -Attempts 3
$ownFloorScript = Join-Path $work 'floor-own.sql'
(Get-Content -Raw (Join-Path $PSScriptRoot 'floor-own.sql')).Replace('FILE', "'$csv'") | Set-Content $ownFloorScript
$floorOwn = Measure-SqliteShell 'c2' @() -InputFile $ownFloorScript -Attempts 3 -Template $ownTemplate

# PostgreSQL: a server of its own for d (and the module's PostgreSQL scenarios), stopped on every way out.
$baselineD = $null
$floorOwnPostgres = $null
$postgresResults = @()
$postgres = $null
try {
    $postgres = Start-PostgresTestServer
    if ($postgres) {
        $baselineD = Measure-PostgresFloor $postgres
        $floorOwnPostgres = Measure-PostgresFloor $postgres -Name 'd2' -ScriptName 'floor-own-postgres.sql' -ModuleSchema
        if ($PostgresScenarios) { $postgresResults = @(Measure-PostgresScenarios $postgres) }
    } else {
        Write-Warning ("Baseline d needs PostgreSQL's server binaries (initdb, pg_ctl, psql), which are not installed: " +
            "'apt-get install postgresql' (Debian/Ubuntu), 'brew install postgresql' (macOS).")
    }
} finally {
    Stop-PostgresTestServer $postgres
}

function Get-Ratio($Figures, $Baseline) {
    if ($null -eq $Baseline -or $Figures.Unit -ne 'rows' -or -not $Baseline.PerSecond) { return $null }
    return [math]::Round($Figures.PerSecond / $Baseline.PerSecond, 2)
}

# The same ratio in CPU seconds (rows per CPU second against c's): steadier than wall-clock seconds on a machine
# shared with other work, and it counts both of the import's threads (c runs on one).
function Get-CpuRatio($Figures, $Baseline) {
    if ($null -eq $Baseline -or $Figures.Unit -ne 'rows' -or -not $Baseline.PSObject.Properties['CpuSeconds'] -or -not $Baseline.CpuSeconds -or
        -not $Figures.PSObject.Properties['CpuSeconds'] -or -not $Figures.CpuSeconds) { return $null }
    return [math]::Round(($Figures.Count / $Figures.CpuSeconds) / ($Baseline.Count / $Baseline.CpuSeconds), 2)
}

$table = foreach ($figures in @($results) + @($postgresResults) + @($baselineA, $baselineB, $baselineC, $floorOwn, $baselineD, $floorOwnPostgres) | Where-Object { $_ }) {
    $label = switch ($figures.Scenario) {
        'a' { 'a. script: Import-Csv | ForEach-Object INSERT' }
        'b' { 'b. sqlite3 .import (no validation, no index)' }
        'c' { 'c. SQLite floor: .import + INSERT..SELECT, indexed' }
        'c2' { 'c2. SQLite floor, the module''s own schema, no history' }
        'd' { 'd. PostgreSQL floor: \copy + INSERT..SELECT, indexed' }
        'd2' { 'd2. PostgreSQL floor, the module''s own schema, no history' }
        default { $figures.Scenario }
    }
    [pscustomobject][ordered]@{
        Scenario = $label
        Count = $figures.Count
        Unit = $figures.Unit
        Seconds = $figures.Seconds
        PerSecond = $figures.PerSecond
        PeakMB = $figures.PeakMB
        'CPU s' = if ($figures.PSObject.Properties['CpuSeconds']) { $figures.CpuSeconds } else { $null }
        # Time against the first import's (issue 12: a re-import and -WhatIf should take at most 0.6 of it).
        't / t1' = if ($figures.Unit -eq 'rows' -and $figures.Scenario -match '^[234]\.') { [math]::Round($figures.Seconds / $results[0].Seconds, 2) }
            elseif ($figures.Unit -eq 'rows' -and $figures.Scenario -match '^P[2345]\.') { [math]::Round($figures.Seconds / $postgresResults[0].Seconds, 2) }
            else { $null }
        # The same in CPU seconds (steadier on a shared machine).
        't / t1 CPU' = if ($figures.Unit -eq 'rows' -and $figures.Scenario -match '^[234]\.' -and $results[0].PSObject.Properties['CpuSeconds'] -and $results[0].CpuSeconds) {
                [math]::Round($figures.CpuSeconds / $results[0].CpuSeconds, 2) } else { $null }
        # The import with history against the same import without it (issue 15: at most 1.15).
        'x no history' = if ($figures.Scenario -match '^([14])\. ' -and $plainResults[$Matches[1]]) { [math]::Round($figures.Seconds / $plainResults[$Matches[1]].Seconds, 2) } else { $null }
        'x c' = Get-Ratio $figures $baselineC
        'x c CPU' = Get-CpuRatio $figures $baselineC
        'x b' = Get-Ratio $figures $baselineB
        'x a' = Get-Ratio $figures $baselineA
        'x d' = Get-Ratio $figures $baselineD
    }
}

$machine = [ordered]@{
    Cores = [Environment]::ProcessorCount
    Processor = if (Test-Path /proc/cpuinfo) { ((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -split ':\s*', 2)[1] } else { $env:PROCESSOR_IDENTIFIER }
    MemoryGB = if (Test-Path /proc/meminfo) { [math]::Round([double]((Get-Content /proc/meminfo -TotalCount 1) -replace '\D', '') / 1MB, 1) } else { $null }
    # The largest CPU cache (Linux: the kernel's list of cpu0's caches), which the GC sizes its generation 0 from.
    LargestCacheMB = if (Test-Path /sys/devices/system/cpu/cpu0/cache) {
        $sizes = @(Get-ChildItem /sys/devices/system/cpu/cpu0/cache -Filter 'index*' | ForEach-Object {
            $size = (Get-Content (Join-Path $_.FullName 'size') -ErrorAction SilentlyContinue) -replace 'K$', ''
            if ($size -match '^\d+$') { [double]$size / 1KB } })
        if ($sizes) { ($sizes | Measure-Object -Maximum).Maximum } else { $null }
    } else { $null }
    Gen0BudgetMB = $gen0BudgetMB
    OS = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
    PowerShell = $PSVersionTable.PSVersion.ToString()
}
# The import's profile per scenario (its -Verbose 'Import stages' line): where the milliseconds went; and the garbage
# collector's share of the measured work (each P5 admin's apart: two processes).
$measured = @(foreach ($figures in @($results) + @($postgresResults)) {
    if ($figures.PSObject.Properties['Admins']) { $figures.Admins } else { $figures }
})
$stages = [ordered]@{}
$gc = [ordered]@{}
foreach ($figures in $measured) {
    if ($figures.PSObject.Properties['Stages'] -and $figures.Stages) { $stages[$figures.Scenario] = $figures.Stages }
    if ($figures.PSObject.Properties['Gc'] -and $figures.Gc) {
        $g = $figures.Gc
        $line = 'GC: {0:0} ms paused, {1}/{2}/{3} collections, {4:0} MB allocated' -f $g.PauseMs, $g.Gen0Collections, $g.Gen1Collections, $g.Gen2Collections, ($g.AllocatedBytes / 1MB)
        $gc[$figures.Scenario] = [pscustomobject][ordered]@{
            PauseMs = $g.PauseMs; Gen0Collections = $g.Gen0Collections; Gen1Collections = $g.Gen1Collections; Gen2Collections = $g.Gen2Collections
            AllocatedBytes = $g.AllocatedBytes; Line = $line
        }
    }
}
# Issue 13's targets for the PostgreSQL store, each with its figure and whether it was met.
$targets = @(Get-PostgresTargets $postgresResults $baselineD)
$lookupRuns = [ordered]@{}
foreach ($figures in $results | Where-Object { $_.PSObject.Properties['RunSeconds'] }) { $lookupRuns[$figures.Scenario] = $figures.RunSeconds }
$importRuns = [ordered]@{}
foreach ($figures in $firstImport, $firstImportWithoutHistory) { $importRuns[$figures.Scenario] = $figures.Runs }
$report = [ordered]@{ Rows = $Rows; When = (Get-Date).ToUniversalTime().ToString('u'); Machine = $machine; Results = @($table); Stages = $stages; Gc = $gc
    LookupRuns = $lookupRuns; ImportRuns = $importRuns; HistoryRatios = $historyRatios; ChangedByImport = $changedByImport; PostgresTargets = @($targets)
    P5Lock = Get-P5Lock $postgresResults }
$jsonPath = Join-Path $OutDirectory "bench-$Rows.json"
$report | ConvertTo-Json -Depth 4 | Set-Content $jsonPath

$table | Format-Table -AutoSize -Property * | Out-String -Width 300 | Write-Host
Write-PostgresTargets $targets $postgresResults
Write-FirstImportRuns $firstImport $firstImportWithoutHistory
Write-HistoryRatios $historyRatios
Write-ChangedByImport $changedByImport
Write-Host ("{0} and {1}: one run each (each re-imports into the store its first run of 1 or 1w filled); 'x no history' is 4 / 4w, and for 1 the medians' ratio" -f
    $results[3].Scenario, $plainResults['4'].Scenario)
foreach ($figures in $results | Where-Object { $_.PSObject.Properties['RunSeconds'] }) {
    Write-Host ("{0}: {1} runs in fresh processes, {2} s; the median is shown" -f $figures.Scenario, $figures.RunSeconds.Count, ($figures.RunSeconds -join ' s, '))
}
foreach ($name in $stages.Keys) {
    # The import's own -Verbose line as it is (ImportStages.ToString): one wording for both; then the GC in the same window.
    $line = "${name}: $($stages[$name].Line)"
    if ($gc.Contains($name)) { $line += " $($gc[$name].Line)" }
    Write-Host $line
}
Write-Host ("Machine: {0} cores, {1}, largest cache {2} MB, {3} GB, {4}; the GC's generation-0 budget {5} MB (peak memory moves with it)" -f
    $machine.Cores, $machine.Processor, $machine.LargestCacheMB, $machine.MemoryGB, $machine.OS, $machine.Gen0BudgetMB)
Write-ImportWarnings
Write-Host "Figures written to $jsonPath"
Remove-Item (Join-Path $work '*.db*') -Force -ErrorAction SilentlyContinue
