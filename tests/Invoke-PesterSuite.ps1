<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the counts for build.ps1.
.DESCRIPTION
    -Store picks the store New-TestStore (tests/pester/Common.ps1) hands the tests: 'sqlite' (a file under
    $TestDrive) or 'postgres' (a new database on the server BMG_TEST_POSTGRES names). On SQLite every file
    runs but those StoreSuites.psd1 lists as PostgresOnly; on PostgreSQL the files tests/pester/StoreSuites.psd1
    lists, Postgres and PostgresOnly (read here, so that no list of files has
    to cross a 'pwsh -File' command line, which takes no arrays). -Path runs other files instead.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ResultsDirectory,
    [ValidateSet('sqlite', 'postgres')] [string] $Store = 'sqlite',
    [string[]] $Path
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

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
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; FailedNames = $failedNames } | ConvertTo-Json | Set-Content $SummaryPath
