# Ages a store through the module and measures, at checkpoints, what a write costs as the history grows (PERFORMANCE.md,
# thirty-fourth round, "A store with a long life"): one half-changed re-import (Rows rows, Rows/2 DisplayNames change),
# an unchanged re-import, -WhatIf, the restoring re-import, and a one-device Set-BmgDevice, each with this process's CPU
# seconds (all in-process), the server's (PostgreSQL), wall and load. Build steps alternate the plain file and an
# all-changed copy (Rows entries a step). Not part of Bench: aging to 1 M entries takes minutes.
#   dotnet pwsh tests/Bench/Measure-AgedStore.ps1 [-Cycles 7] [-Postgres]
param([string] $Database, [int] $Rows = 100000, [int] $StepsPerCycle = 4, [int] $Cycles = 8,
      [string] $Module = (Join-Path $PSScriptRoot '../../out/BizMobileGo/BizMobileGo.psd1'),
      [string] $DataDir = (Join-Path ([IO.Path]::GetTempPath()) 'bmg-aged-store'), [switch] $Postgres)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Add-Type -TypeDefinition (Get-Content -Raw (Join-Path $PSScriptRoot 'BenchData.cs'))
$null = New-Item -ItemType Directory -Force $DataDir
$ServerPid = 0
$server = $null
try {
if ($Postgres) {
    . (Join-Path $PSScriptRoot '../servers/PostgresTestServer.ps1')
    $server = Start-PostgresTestServer
    $Database = New-PostgresTestDatabase -AdminUri $server.AdminUri -Prefix 'bmg_aged'
    $ServerPid = [int](Get-Content (Join-Path $server.Directory 'data/postmaster.pid') | Select-Object -First 1)
} elseif (-not $Database) { $Database = Join-Path $DataDir 'aged.db' }
$dir = $DataDir
$plain = Join-Path $dir "rows-$Rows.csv"; $half = Join-Path $dir "rows-$Rows-half.csv"; $all = Join-Path $dir "rows-$Rows-all.csv"
if (-not (Test-Path $plain)) { [BizMobileGo.Bench.BenchData]::Write($plain, $Rows, $false) }
if (-not (Test-Path $half)) { [BizMobileGo.Bench.BenchData]::Write($half, $Rows, $true) }
if (-not (Test-Path $all)) { (Get-Content -Raw $plain).Replace(',Device ', ',Renamed device ') | Set-Content -NoNewline $all }
if (-not $Postgres) { Remove-Item "$Database*" -ErrorAction SilentlyContinue }
$null = New-BmgTemplate Standard -Database $Database -WarningAction SilentlyContinue
$null = 'Sales', 'Kiosk' | New-BmgDeviceTag -Database $Database
$null = New-BmgOrganization org1 'Organization 1' -Database $Database
$null = New-BmgOrganization org2 'Organization 2' -Database $Database
$p = [Diagnostics.Process]::GetCurrentProcess()
$script:changes = 0
# The server's CPU (PostgreSQL): its postmaster and live children, plus the children that ended, in seconds.
function ServerCpu {
    if ($ServerPid -eq 0) { return 0.0 }
    $ticks = 0.0
    $pids = @($ServerPid) + @((Get-Content "/proc/$ServerPid/task/$ServerPid/children" -ErrorAction SilentlyContinue) -split ' ' | Where-Object { $_ })
    foreach ($id in $pids) {
        $f = (Get-Content "/proc/$id/stat" -ErrorAction SilentlyContinue) -replace '^.*\) ', ''
        if (-not $f) { continue }
        $parts = $f -split ' '
        $ticks += [double]$parts[11] + [double]$parts[12]
        if ($id -eq $ServerPid) { $ticks += [double]$parts[13] + [double]$parts[14] }
    }
    return $ticks / 100
}
function Step([string] $label, [scriptblock] $action, [int] $adds) {
    $p.Refresh(); $cpu0 = $p.TotalProcessorTime; $srv0 = ServerCpu; $load = (Get-Content /proc/loadavg).Split(' ')[0]
    $sw = [Diagnostics.Stopwatch]::StartNew(); & $action | Out-Null; $sw.Stop(); $p.Refresh()
    $script:changes += $adds
    "{0:HH:mm:ss} | {1,-22} | entries before ~{2,9:N0} | cpu {3,6:N1} s | server cpu {6,6:N1} s | wall {4,6:N1} s | load {5}" -f [DateTime]::UtcNow, $label, ($script:changes - $adds), ($p.TotalProcessorTime - $cpu0).TotalSeconds, $sw.Elapsed.TotalSeconds, $load, ((ServerCpu) - $srv0)
}
Step 'first import' { Import-BmgDeviceCsv $plain -Database $Database } (2 * $Rows)
for ($c = 0; $c -lt $Cycles; $c++) {
    Step 'half-changed' { Import-BmgDeviceCsv $half -Database $Database } ($Rows / 2)
    Step 'unchanged' { Import-BmgDeviceCsv $half -Database $Database } 0
    Step 'WhatIf' { Import-BmgDeviceCsv $plain -Database $Database -WhatIf } 0
    Step 'restore (half)' { Import-BmgDeviceCsv $plain -Database $Database } ($Rows / 2)
    Step 'Set one device' { Set-BmgDevice dev0000001 -Description "c$c" -Database $Database } 1
    for ($s = 0; $s -lt $StepsPerCycle; $s++) {
        $file = if ($s % 2 -eq 0) { $all } else { $plain }
        Step 'build (all changed)' { Import-BmgDeviceCsv $file -Database $Database } $Rows
    }
}
} finally { if ($server) { Stop-PostgresTestServer $server } }
