<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the counts for build.ps1.
.DESCRIPTION
    -Store picks the store New-TestStore (tests/pester/Common.ps1) hands the tests: 'sqlite' (a file under
    $TestDrive), 'postgres' (a new database on the server BMG_TEST_POSTGRES names) or 'both' (the files of each store,
    each run with BMG_TEST_STORE set to its store: odd parts run SQLite's first, even parts PostgreSQL's). On SQLite every file runs but those
    StoreSuites.psd1 lists as PostgresOnly; on PostgreSQL the files tests/pester/StoreSuites.psd1 lists, Postgres and
    PostgresOnly (read here, so that no list of files has to cross a 'pwsh -File' command line, which takes no arrays).
    -Path runs other files instead (on each store -Store names).
    -Shard i -Shards n runs the i-th of n parts of those files (build.ps1 Test runs the parts side by side, each in a
    process of its own), split by tests/pester/FileSeconds.psd1 so that the parts take about as long. With 'both' the
    split is of the files of both stores together: a file and its store go to one part, which may hold files of either
    store (build.ps1 Test: the PostgreSQL files are the longer half, and two parts of each store left the SQLite parts
    done minutes before the PostgreSQL ones).
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ResultsDirectory,
    [ValidateSet('sqlite', 'postgres', 'both')] [string] $Store = 'sqlite',
    [string[]] $Path,
    [ValidateRange(1, 64)] [int] $Shard = 1,
    [ValidateRange(1, 64)] [int] $Shards = 1
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
. (Join-Path $PSScriptRoot 'CpuSeconds.ps1')

# The test files import the module from here, so they test the built copy, never a source tree.
$env:BMG_TEST_MODULE = (Resolve-Path $ModuleManifest).Path
$stores = if ($Store -eq 'both') { @('sqlite', 'postgres') } else { @($Store) }
if ($stores -contains 'postgres' -and -not $env:BMG_TEST_POSTGRES) {
    throw 'The PostgreSQL run needs BMG_TEST_POSTGRES (an admin URI of the test server); build.ps1 Test starts the server and sets it.'
}
if ($Shard -gt $Shards) { throw "-Shard $Shard is more than -Shards $Shards." }
$storeNames = @{ sqlite = 'SQLite'; postgres = 'PostgreSQL' }

# The files tests/pester/StoreSuites.psd1 names under a key, as full paths; a name that is not a file fails the run.
function Get-SuiteFiles([string] $Key) {
    @((Import-PowerShellDataFile (Join-Path $PSScriptRoot 'pester/StoreSuites.psd1')).$Key | ForEach-Object {
            $file = Join-Path $PSScriptRoot "pester/$_"
            if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { throw "tests/pester/StoreSuites.psd1 names '$_', which is not a file in tests/pester." }
            $file
        })
}

# The files a store runs: -Path's, or on PostgreSQL the StoreSuites lists, on SQLite every file but those about the
# PostgreSQL server itself (they have nothing to test on SQLite).
function Get-StoreFiles([string] $Kind) {
    if ($Path) {
        return @(Get-ChildItem -LiteralPath $Path -Recurse -File -Filter '*.Tests.ps1' | ForEach-Object FullName)
    }
    if ($Kind -eq 'postgres') { return @(Get-SuiteFiles 'Postgres') + @(Get-SuiteFiles 'PostgresOnly') }
    $excluded = @(Get-SuiteFiles 'PostgresOnly' | ForEach-Object { (Resolve-Path -LiteralPath $_).Path })
    @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'pester') -File -Filter '*.Tests.ps1' | ForEach-Object FullName |
        Where-Object { $_ -notin $excluded })
}

# What this process runs: one item a file and store.
$items = @(foreach ($kind in $stores) { foreach ($file in Get-StoreFiles $kind) { [pscustomobject]@{ Store = $kind; File = $file } } })

# The items of part $Shard of $Shards: longest first (the figures of FileSeconds.psd1 for the item's store, 5 s for a
# file not there), each to the part with the fewest seconds so far; store and name break ties, so every process of a
# run computes the same split.
function Select-ShardItems([object[]] $All) {
    $table = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'pester/FileSeconds.psd1')
    $secondsOf = { param($Item) $name = Split-Path -Leaf $Item.File; $seconds = $table[$Item.Store]; if ($seconds.ContainsKey($name)) { $seconds[$name] } else { 5.0 } }
    $totals = [double[]]::new($Shards)
    $mine = [System.Collections.Generic.List[object]]::new()
    $ordered = $All | Sort-Object @{ Expression = { & $secondsOf $_ }; Descending = $true }, @{ Expression = { $_.Store } },
        @{ Expression = { Split-Path -Leaf $_.File } }
    foreach ($item in $ordered) {
        $least = 0
        for ($i = 1; $i -lt $Shards; $i++) { if ($totals[$i] -lt $totals[$least]) { $least = $i } }
        $totals[$least] += & $secondsOf $item
        if ($least -eq $Shard - 1) { $mine.Add($item) }
    }
    $counts = ($stores | ForEach-Object { $kind = $_; "$(@($mine | Where-Object Store -EQ $kind).Count) $($storeNames[$kind])" }) -join ' and '
    Write-Host "Part $Shard of ${Shards}: $counts files of $(@($All).Count), ~$([math]::Round($totals[$Shard - 1])) s by tests/pester/FileSeconds.psd1"
    return , $mine.ToArray()
}
if ($Shards -gt 1) { $items = Select-ShardItems $items }

# A failed test's first error and the line that raised it, on one line of at most 400 characters: a flaky failure seen
# only in a CI log's tail must say what failed.
function Get-FailureText($Test) {
    $record = @($Test.ErrorRecord)[0]
    if (-not $record) { return 'no error record' }
    # A failed Should names its file and line in TargetObject; anything else thrown, in its InvocationInfo.
    $target = $record.TargetObject
    $info = $record.InvocationInfo
    $where = if ($target -is [System.Collections.IDictionary] -and $target['File']) { " ($(Split-Path -Leaf $target['File']):$($target['Line']))" }
    elseif ($info -and $info.ScriptName) { " ($(Split-Path -Leaf $info.ScriptName):$($info.ScriptLineNumber))" }
    else { '' }
    $text = ("$($record.Exception.Message)$where" -replace '\s+', ' ').Trim()
    if ($text.Length -gt 400) { $text = $text.Substring(0, 397) + '...' }
    $text
}

# Each store's files in one Invoke-Pester of their own, BMG_TEST_STORE set for it (discovery reads it too); each writes
# its NUnit file (<summary>-<store>.xml) and says its counts and wall in the log. Odd parts run SQLite's first, even parts
# PostgreSQL's: the SQLite files are mostly CPU (Bench.Tests), the PostgreSQL files mostly waits (the server, its
# restarts, lock timeouts), and side by side they share the two cores; with every part on SQLite first, CI's first
# half was all CPU and its second all waits (the forty-sixth round's integration run: 1,642 s against 1,571).
$summaryName = [IO.Path]::GetFileNameWithoutExtension($SummaryPath)
$counts = [ordered]@{}
$order = if ($Shard % 2 -eq 0) { @($stores)[-1..-(@($stores).Count)] } else { @($stores) }
foreach ($kind in $order) {
    $files = @($items | Where-Object Store -EQ $kind | ForEach-Object File)
    if (-not $files) { continue }
    $env:BMG_TEST_STORE = $kind
    # The heartbeat of build.ps1 Test reads this line to say which store a part's file runs on.
    Write-Host "Pester on $($storeNames[$kind]): $($files.Count) files"
    $started = [datetime]::UtcNow
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $files
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Normal'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = Join-Path $ResultsDirectory "$summaryName-$kind.xml"
    $result = Invoke-Pester -Configuration $configuration
    $seconds = [math]::Round(([datetime]::UtcNow - $started).TotalSeconds)

    # Tests that could not even run (a broken BeforeAll, a parse error) count as failures.
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    # Their names go into the summary too: build.ps1 repeats them next to the last line, which is what a CI log's tail shows.
    $failedNames = @(
        @($result.Failed | ForEach-Object { "$($_.ExpandedPath): $(Get-FailureText $_)" })
        @($result.FailedBlocks | ForEach-Object { "$($_.ExpandedPath) (block)" })
        @($result.FailedContainers | ForEach-Object { "$($_.Item) (file)" })
    )
    Write-Host "Pester on $($storeNames[$kind]): $($result.PassedCount) passed, $failed failed, $seconds s"
    $counts[$kind] = [pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; FailedNames = $failedNames; Seconds = $seconds }
}

# The totals (what run-pester-like callers and .ci/run's trap read) and each store's own (build.ps1 Test adds them up
# by store).
$all = @($counts.Values)
[pscustomobject]@{
    Passed = [int]($all | Measure-Object Passed -Sum).Sum; Failed = [int]($all | Measure-Object Failed -Sum).Sum
    FailedNames = @($all | ForEach-Object { $_.FailedNames } | Where-Object { $_ }); Stores = $counts; CpuSeconds = Get-TreeCpuSeconds
} | ConvertTo-Json -Depth 4 | Set-Content $SummaryPath
