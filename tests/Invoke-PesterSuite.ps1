<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the counts for build.ps1.
.DESCRIPTION
    -Store picks the store New-TestStore (tests/pester/Common.ps1) hands the tests: 'sqlite' (a file under
    $TestDrive) or 'postgres' (a new database on the server BMG_TEST_POSTGRES names). On SQLite every file
    runs but those StoreSuites.psd1 lists as PostgresOnly; on PostgreSQL the files tests/pester/StoreSuites.psd1
    lists, Postgres and PostgresOnly (read here, so that no list of files has
    to cross a 'pwsh -File' command line, which takes no arrays). -Path runs other files instead.
    -Shard i -Shards n runs the i-th of n parts of those files (build.ps1 Test runs the parts side by side, each
    in a process of its own), split by tests/pester/FileSeconds.psd1 so that the parts take about as long.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ResultsDirectory,
    [ValidateSet('sqlite', 'postgres')] [string] $Store = 'sqlite',
    [string[]] $Path,
    [ValidateRange(1, 64)] [int] $Shard = 1,
    [ValidateRange(1, 64)] [int] $Shards = 1
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
. (Join-Path $PSScriptRoot 'CpuSeconds.ps1')

# The test files import the module from here, so they test the built copy, never a source tree.
$env:BMG_TEST_MODULE = (Resolve-Path $ModuleManifest).Path
$env:BMG_TEST_STORE = $Store
if ($Store -eq 'postgres' -and -not $env:BMG_TEST_POSTGRES) {
    throw 'The PostgreSQL run needs BMG_TEST_POSTGRES (an admin URI of the test server); build.ps1 Test starts the server and sets it.'
}

# The files tests/pester/StoreSuites.psd1 names under a key, as full paths; a name that is not a file fails the run.
function Get-SuiteFiles([string] $Key) {
    @((Import-PowerShellDataFile (Join-Path $PSScriptRoot 'pester/StoreSuites.psd1')).$Key | ForEach-Object {
            $file = Join-Path $PSScriptRoot "pester/$_"
            if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { throw "tests/pester/StoreSuites.psd1 names '$_', which is not a file in tests/pester." }
            $file
        })
}

$excluded = @()
if (-not $Path) {
    if ($Store -eq 'postgres') {
        $Path = @(Get-SuiteFiles 'Postgres') + @(Get-SuiteFiles 'PostgresOnly')
    } else {
        $Path = @(Join-Path $PSScriptRoot 'pester')
        # Files about the PostgreSQL server itself have nothing to test on SQLite.
        $excluded = @(Get-SuiteFiles 'PostgresOnly')
    }
}

# The files of part $Shard of $Shards: longest first (the figures of FileSeconds.psd1, 5 s for a file not there), each to
# the part with the fewest seconds so far; names break ties, so every process of a run computes the same split.
function Select-ShardFiles([string[]] $Files) {
    $seconds = (Import-PowerShellDataFile (Join-Path $PSScriptRoot 'pester/FileSeconds.psd1')).$Store
    $totals = [double[]]::new($Shards)
    $mine = [System.Collections.Generic.List[string]]::new()
    $ordered = $Files | Sort-Object @{ Expression = { $name = Split-Path -Leaf $_; if ($seconds.ContainsKey($name)) { $seconds[$name] } else { 5.0 } }; Descending = $true },
        @{ Expression = { Split-Path -Leaf $_ } }
    foreach ($file in $ordered) {
        $name = Split-Path -Leaf $file
        $least = 0
        for ($i = 1; $i -lt $Shards; $i++) { if ($totals[$i] -lt $totals[$least]) { $least = $i } }
        $totals[$least] += if ($seconds.ContainsKey($name)) { $seconds[$name] } else { 5.0 }
        if ($least -eq $Shard - 1) { $mine.Add($file) }
    }
    Write-Host "Part $Shard of ${Shards}: $($mine.Count) of $(@($Files).Count) files, ~$([math]::Round($totals[$Shard - 1])) s by tests/pester/FileSeconds.psd1"
    return , $mine.ToArray()
}
if ($Shard -gt $Shards) { throw "-Shard $Shard is more than -Shards $Shards." }
if ($Shards -gt 1) {
    $files = @(Get-ChildItem -LiteralPath $Path -Recurse -File -Filter '*.Tests.ps1' | ForEach-Object FullName |
            Where-Object { $_ -notin $excluded })
    $Path = Select-ShardFiles $files
    $excluded = @()
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.ExcludePath = $excluded
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path $ResultsDirectory ([IO.Path]::GetFileNameWithoutExtension($SummaryPath) + '.xml')
$result = Invoke-Pester -Configuration $configuration

# Tests that could not even run (a broken BeforeAll, a parse error) count as failures.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
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

# Their names go into the summary too: build.ps1 repeats them next to the last line, which is what a CI log's tail shows.
$failedNames = @(
    @($result.Failed | ForEach-Object { "$($_.ExpandedPath): $(Get-FailureText $_)" })
    @($result.FailedBlocks | ForEach-Object { "$($_.ExpandedPath) (block)" })
    @($result.FailedContainers | ForEach-Object { "$($_.Item) (file)" })
)
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; FailedNames = $failedNames; CpuSeconds = Get-TreeCpuSeconds } |
    ConvertTo-Json | Set-Content $SummaryPath
