<#
.SYNOPSIS
    Issue 12's flat-memory check: an import's peak working set at 1,000,000 rows against 100,000 (target <= 1.3 x).
.DESCRIPTION
    For each row count, Bench's file (BenchData) and its half-changed copy, a new store with Bench's reference data, then
    four imports, each in a fresh pwsh process (Measure-Scenario.ps1 -PassThru), one at a time:
      1. into the new store; 2. the same file again (all Unchanged); 3. the same file with -WhatIf; 4. the half-changed file.
    Each runs with -PassThru, its results streamed into Measure-Object, so the figure is the import's own: a caller who
    collects the results (`$x = ...`, and `$null = ...` too, which PowerShell also collects before it discards) holds
    every one of them. Prints each scenario's peak working set at each row count and the ratio of the last to the first,
    with the GC heap (right after, and live after a full collection), the bytes allocated, CPU seconds and the load
    average before the run. Not part of Bench: 1,000,000 rows take minutes.
      dotnet pwsh tests/Bench/Measure-FlatMemory.ps1 [-Rows 100000] [-LargeRows 1000000] [-Postgres]
#>
param(
    # The two row counts compared: issue 12 measures 1,000,000 against 100,000.
    [int] $Rows = 100000,
    [int] $LargeRows = 1000000,
    [string] $ModuleManifest = (Join-Path $PSScriptRoot '../../out/BizMobileGo/BizMobileGo.psd1'),
    # Where the CSV files (kept between runs: the 1,000,000-row pair is ~0.5 GB), the stores and the JSON go.
    [string] $DataDirectory = (Join-Path ([IO.Path]::GetTempPath()) 'bmg-flat-memory'),
    # Against a database of a throw-away PostgreSQL server (tests/servers) instead of a SQLite file.
    [switch] $Postgres
)
$ErrorActionPreference = 'Stop'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path
$null = New-Item -ItemType Directory -Force -Path $DataDirectory
if (-not ('BizMobileGo.Bench.BenchData' -as [type])) {
    Add-Type -TypeDefinition (Get-Content -Raw (Join-Path $PSScriptRoot 'BenchData.cs'))
}
. (Join-Path $PSScriptRoot '../servers/PostgresTestServer.ps1')

$scenarios = @(
    @{ Name = '1. into a new store'; Scenario = 'Import'; File = 'plain' }
    @{ Name = '2. same file again'; Scenario = 'Import'; File = 'plain' }
    @{ Name = '3. same file, -WhatIf'; Scenario = 'ImportWhatIf'; File = 'plain' }
    @{ Name = '4. half-changed file'; Scenario = 'Import'; File = 'half' }
)

# The children's PowerShell: this process's own, started directly, as Invoke-Benchmark.ps1 starts its children ('dotnet
# pwsh' is three processes, ~0.3 CPU s more a start). The peak measured is the child's own, so no figure moves.
$PwshFile = [Environment]::ProcessPath
$PwshArguments = @(if ([IO.Path]::GetFileNameWithoutExtension($PwshFile) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

# One fresh process a scenario.
function Invoke-Scenario([hashtable] $Scenario, [string] $Database, [string] $Csv, [string] $ResultPath) {
    $load = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 1
    & $PwshFile @PwshArguments -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-Scenario.ps1') -Scenario $Scenario.Scenario `
        -PassThru -ModuleManifest $ModuleManifest -Database $Database -Csv $Csv -ResultPath $ResultPath | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$($Scenario.Name) failed (exit code $LASTEXITCODE)." }
    $figures = Get-Content -Raw $ResultPath | ConvertFrom-Json
    $figures | Add-Member -NotePropertyName Load -NotePropertyValue $load
    return $figures
}

# Every peak moves with the GC's generation-0 budget, which .NET sizes from the CPU's cache (Invoke-Benchmark.ps1).
$method = [GC].GetMethod('GetGenerationBudget', [Reflection.BindingFlags]'Static, NonPublic, Public')
if ($method) { 'GC generation-0 budget {0:N1} MB' -f ([double]$method.Invoke($null, @(0)) / 1MB) }

$server = $null
$figures = @{}
try {
    if ($Postgres) {
        $server = Start-PostgresTestServer
        if (-not $server) { throw 'No PostgreSQL binaries found (tests/servers/PostgresTestServer.ps1).' }
    }
    foreach ($count in $Rows, $LargeRows) {
        $files = @{ plain = Join-Path $DataDirectory "devices-$count.csv"; half = Join-Path $DataDirectory "devices-$count-half-changed.csv" }
        if (-not (Test-Path $files.plain)) { [BizMobileGo.Bench.BenchData]::Write($files.plain, $count, $false) }
        if (-not (Test-Path $files.half)) { [BizMobileGo.Bench.BenchData]::Write($files.half, $count, $true) }
        if ($Postgres) {
            $database = New-PostgresTestDatabase -AdminUri $server.AdminUri -Prefix 'bmg_flat'
        } else {
            $database = Join-Path $DataDirectory "store-$count.db"
            Remove-Item "$database*" -ErrorAction SilentlyContinue
        }
        # Bench's reference data (Invoke-Benchmark.ps1, New-BenchStore), in a process of its own.
        $quoted = $ModuleManifest.Replace("'", "''"), $database.Replace("'", "''")
        $prepare = "`$ErrorActionPreference = 'Stop'; Import-Module '$($quoted[0])'; `$PSDefaultParameterValues['*-Bmg*:Database'] = '$($quoted[1])'; " +
            "`$null = New-BmgTemplate Standard -WarningAction SilentlyContinue; `$null = 'Sales', 'Kiosk' | New-BmgDeviceTag; " +
            "`$null = New-BmgOrganization org1 'Organization 1'; `$null = New-BmgOrganization org2 'Organization 2'"
        & $PwshFile @PwshArguments -NoProfile -NonInteractive -Command $prepare | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Could not prepare the store $database." }
        foreach ($scenario in $scenarios) {
            $result = Join-Path $DataDirectory ("{0}-{1}.json" -f $count, ($scenarios.IndexOf($scenario) + 1))
            $run = Invoke-Scenario $scenario $database $files[$scenario.File] $result
            if ($run.Count -ne $count) { throw "$($scenario.Name) at $count rows gave $($run.Count) results." }
            $figures["$count/$($scenario.Name)"] = $run
            "{0,9:N0} rows  {1,-22} peak {2,7:N1} MB  GC heap {3,6:N1} MB, live after {4,6:N1} MB  allocated {5,8:N0} MB  CPU {6,6:N1} s  wall {7,6:N1} s  load {8}" -f `
                $count, $scenario.Name, $run.PeakMB, $run.GcHeapMB, $run.GcLiveAfterMB, ($run.Gc.AllocatedBytes / 1MB), $run.CpuSeconds, $run.Seconds, $run.Load | Out-Host
        }
    }
} finally {
    if ($server) { Stop-PostgresTestServer $server }
}

# The side-by-side table: each scenario's two peaks and their ratio.
''
'{0,-22} {1,14} {2,14}  ratio' -f 'peak working set', ('{0:N0} rows' -f $Rows), ('{0:N0} rows' -f $LargeRows)
foreach ($scenario in $scenarios) {
    $small = $figures["$Rows/$($scenario.Name)"].PeakMB
    $large = $figures["$LargeRows/$($scenario.Name)"].PeakMB
    $ratio = $large / $small
    '{0,-22} {1,11:N1} MB {2,11:N1} MB  x {3:N2}{4}' -f $scenario.Name, $small, $large, $ratio, $(if ($ratio -gt 1.3) { '  (above issue 12''s 1.3)' })
}
