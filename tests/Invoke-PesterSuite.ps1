<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the counts for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ResultsDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

# The test files import the module from here, so they test the built copy, never a source tree.
$env:BMG_TEST_MODULE = (Resolve-Path $ModuleManifest).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'pester'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path $ResultsDirectory 'pester.xml'
$result = Invoke-Pester -Configuration $configuration

# Tests that could not even run (a broken BeforeAll, a parse error) count as failures.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content $SummaryPath
