<#
.SYNOPSIS
    Runs one benchmark scenario in this (fresh) process and writes its figures as JSON.
.DESCRIPTION
    Called by Invoke-Benchmark.ps1, one process per scenario, the way a scheduled task runs an
    import. Rows per second are measured around the work itself; peak memory is this process's own
    high-water mark.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Import', 'ImportWhatIf', 'DepLinkPiped', 'DepLinkBySerial', 'ScriptBaseline', 'ModuleImport')]
    [string] $Scenario,
    [Parameter(Mandatory)] [string] $Database,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $ModuleManifest,
    [string] $Csv,
    [string] $IdentifierFile,
    [string] $SqliteAssemblyDirectory,
    [int] $Repeat = 1000,
    # Imports started together (two admins at once): the process writes ReadyFile once the module is loaded and
    # starts its import when GoFile exists, so that loading is not part of the overlap.
    [string] $ReadyFile,
    [string] $GoFile,
    # Import: who the import is made for (Import-BmgDeviceCsv -ChangedBy), as a portal's service gives it.
    [string] $ChangedBy,
    # Import, ImportWhatIf: with -PassThru, its result a row streamed into Measure-Object (issue 12's flat-memory check,
    # Measure-FlatMemory.ps1); the count of results is the figure's count.
    [switch] $PassThru
)
$ErrorActionPreference = 'Stop'

# The measured window: Start-Work and Stop-Work around exactly the work, nothing of loading the module or of reading
# the summary after. CPU seconds (all threads, user + system) spent by this process in it: on a shared machine the
# wall-clock seconds swing with the other processes' load, the CPU seconds much less. And the garbage collector's share
# of it: its pauses (every thread stopped), its collections of each generation, and the bytes allocated.
$stopwatch = [System.Diagnostics.Stopwatch]::new()
$cpuAtStart = [TimeSpan]::Zero
$cpuInWork = [TimeSpan]::Zero
$gcAtStart = $null
$gcInWork = $null
# When the measured work started and ended (UTC ticks): imports run together are timed from the first start to the last end.
$script:StartedUtc = $null
$script:EndedUtc = $null
# The measured import's warnings (Write-Result); none for the scenarios that import nothing. -PassThru's runs
# (Measure-FlatMemory.ps1) leave theirs on the console, as before.
$importWarnings = @()

# The process's garbage collection so far. A collection of generation 1 or 2 collects the younger ones too, so it also
# counts in CollectionCount(0): the counts are .NET's own, as dotnet-counters shows them.
function Get-GcFigures {
    [pscustomobject]@{
        Pause = [GC]::GetTotalPauseDuration()
        Gen0 = [GC]::CollectionCount(0); Gen1 = [GC]::CollectionCount(1); Gen2 = [GC]::CollectionCount(2)
        Allocated = [GC]::GetTotalAllocatedBytes($false)
    }
}

function Start-Work {
    $script:gcAtStart = Get-GcFigures
    $script:cpuAtStart = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    $script:StartedUtc = [DateTime]::UtcNow.Ticks
    $stopwatch.Start()
}

function Stop-Work {
    $stopwatch.Stop()
    $script:EndedUtc = [DateTime]::UtcNow.Ticks
    $script:cpuInWork = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $script:cpuAtStart
    $end = Get-GcFigures
    $script:gcInWork = [pscustomobject]@{
        PauseMs = [math]::Round(($end.Pause - $script:gcAtStart.Pause).TotalMilliseconds, 1)
        Gen0Collections = $end.Gen0 - $script:gcAtStart.Gen0
        Gen1Collections = $end.Gen1 - $script:gcAtStart.Gen1
        Gen2Collections = $end.Gen2 - $script:gcAtStart.Gen2
        AllocatedBytes = $end.Allocated - $script:gcAtStart.Allocated
    }
}

# Created: the rows an import created (every row, for an import into a new store).
function Write-Result([double] $Seconds, [long] $Count, [string] $Unit, $Stages = $null, $Created = $null) {
    # The warnings the measured import said (-WarningVariable importWarnings): produced as a user's import produces them, kept
    # off the console (3>$null) and handed to Invoke-Benchmark.ps1, which says in one line that they came as expected.
    $warnings = @($script:importWarnings | ForEach-Object { $_.Message })
    $process = Get-Process -Id $PID
    [pscustomobject]@{
        StartedUtcTicks = $script:StartedUtc
        EndedUtcTicks = $script:EndedUtc
        Count   = $Count
        Unit    = $Unit
        Seconds = [math]::Round($Seconds, 3)
        CpuSeconds = [math]::Round($script:cpuInWork.TotalSeconds, 3)
        PerSecond = if ($Seconds -gt 0) { [math]::Round($Count / $Seconds, 1) } else { $null }
        PeakMB  = [math]::Round($process.PeakWorkingSet64 / 1MB, 1)
        # The GC heap right after the work (live and not yet collected), and what is still live after a full collection
        # (what the process keeps; read last, so that the collection does not lower the figures above).
        GcHeapMB = [math]::Round([GC]::GetTotalMemory($false) / 1MB, 1)
        GcLiveAfterMB = [math]::Round([GC]::GetTotalMemory($true) / 1MB, 1)
        Stages  = $Stages
        Gc      = $script:gcInWork
        Created = $Created
        Warnings = $warnings
    } | ConvertTo-Json | Set-Content -Path $ResultPath
}

# The import's own profile, from its -Verbose line 'Import stages: read and parse N ms, plan and write N ms, commit N ms;
# store writes N ms, overlapping ...' (ImportStages.ToString, the one formatter): its figures, and the line itself, which
# Invoke-Benchmark.ps1 prints as it is.
function Get-Stages($Output) {
    $line = $Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Import stages:*' } | Select-Object -First 1
    if ($line -and $line.Message -match 'read and parse (\d+) ms, plan and write (\d+) ms, commit (\d+) ms; store writes (\d+) ms') {
        return [pscustomobject]@{ ReadAndParseMs = [long]$Matches[1]; PlanAndWriteMs = [long]$Matches[2]; StoreWritesMs = [long]$Matches[4]; CommitMs = [long]$Matches[3]; Line = $line.Message }
    }
    return $null
}

switch ($Scenario) {
    'Import' {
        Import-Module $ModuleManifest
        if ($GoFile) {
            $null = New-Item -ItemType File -Path $ReadyFile -Force
            while (-not (Test-Path -LiteralPath $GoFile)) { Start-Sleep -Milliseconds 10 }
        }
        $madeFor = @{}
        if ($ChangedBy) { $madeFor.ChangedBy = $ChangedBy }
        if ($PassThru) {
            Import-Module Microsoft.PowerShell.Utility
            Start-Work
            $results = (Import-BmgDeviceCsv -Path $Csv -Database $Database @madeFor -PassThru | Measure-Object).Count
            Stop-Work
            Write-Result $stopwatch.Elapsed.TotalSeconds $results 'results'
            break
        }
        Start-Work
        $output = Import-BmgDeviceCsv -Path $Csv -Database $Database @madeFor -Verbose -WarningVariable importWarnings 4>&1 3>$null
        Stop-Work
        $summary = $output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        if ($summary.Failed -ne 0) { throw "$($summary.Failed) rows failed" }
        Write-Result $stopwatch.Elapsed.TotalSeconds $summary.Rows 'rows' (Get-Stages $output) $summary.Created
    }
    'ImportWhatIf' {
        Import-Module $ModuleManifest
        if ($PassThru) {
            Import-Module Microsoft.PowerShell.Utility
            Start-Work
            $results = (Import-BmgDeviceCsv -Path $Csv -Database $Database -WhatIf -PassThru 6>$null | Measure-Object).Count
            Stop-Work
            Write-Result $stopwatch.Elapsed.TotalSeconds $results 'results'
            break
        }
        Start-Work
        $output = Import-BmgDeviceCsv -Path $Csv -Database $Database -WhatIf -Verbose -WarningVariable importWarnings 6>$null 4>&1 3>$null
        Stop-Work
        $summary = $output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        Write-Result $stopwatch.Elapsed.TotalSeconds $summary.Rows 'rows' (Get-Stages $output)
    }
    'ModuleImport' {
        # Import-Module itself in a fresh process, as a scheduled job's first line: loading and initializing the module.
        Start-Work
        Import-Module $ModuleManifest
        Stop-Work
        Write-Result $stopwatch.Elapsed.TotalSeconds 1 'imports'
    }
    'DepLinkPiped' {
        Import-Module $ModuleManifest
        $identifiers = [System.IO.File]::ReadAllLines($IdentifierFile)
        # Measure-Object's module loaded before the window: it is the harness's cmdlet, not the look-up (~0.2 CPU s).
        Import-Module Microsoft.PowerShell.Utility
        Start-Work
        $found = ($identifiers | Get-BmgDeviceDepLink -Database $Database | Measure-Object).Count
        Stop-Work
        if ($found -ne $identifiers.Count) { throw "found $found of $($identifiers.Count) devices" }
        Write-Result $stopwatch.Elapsed.TotalSeconds $found 'lookups'
    }
    'DepLinkBySerial' {
        Import-Module $ModuleManifest
        $null = Get-BmgDeviceDepLink -Serial 'F00000000000' -Database $Database
        Start-Work
        for ($i = 0; $i -lt $Repeat; $i++) {
            $null = Get-BmgDeviceDepLink -Serial 'F00000000000' -Database $Database
        }
        Stop-Work
        Write-Result $stopwatch.Elapsed.TotalSeconds $Repeat 'lookups'
    }
    'ScriptBaseline' {
        # The script an admin would write without the module: Import-Csv, one parameterized INSERT
        # per row into the same tables, in one transaction.
        foreach ($name in 'SQLitePCLRaw.core.dll', 'SQLitePCLRaw.provider.e_sqlite3.dll', 'SQLitePCLRaw.batteries_v2.dll', 'Microsoft.Data.Sqlite.dll') {
            Add-Type -Path (Join-Path $SqliteAssemblyDirectory $name)
        }
        $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Database")
        $connection.Open()
        Start-Work
        $transaction = $connection.BeginTransaction()
        $user = $connection.CreateCommand()
        $user.Transaction = $transaction
        $user.CommandText = 'INSERT INTO users (user_name, name, email_address, user_description, organizations) VALUES ($u, $n, $e, $d, $o)'
        foreach ($p in '$u', '$n', '$e', '$d', '$o') { $null = $user.Parameters.Add($p, 'Text') }
        $device = $connection.CreateCommand()
        $device.Transaction = $transaction
        $device.CommandText = @'
INSERT INTO devices (identifier, template, code, os, device_tags, wifi_mac, imei, meid, udid, serial, expiration_days, display_name,
    description, registration_email, user_id, dep_method, state, created_at, saved_at)
VALUES ($i, $t, $c, $os, $tags, $mac, $imei, $meid, $udid, $s, $x, $dn, $desc, $re, last_insert_rowid(), $dep, 'Registered', $now, $now)
'@
        foreach ($p in '$i', '$t', '$c', '$os', '$tags', '$mac', '$imei', '$meid', '$udid', '$s', '$x', '$dn', '$desc', '$re', '$dep', '$now') {
            $null = $device.Parameters.Add($p, 'Text')
        }
        $now = [DateTime]::UtcNow.ToString('o')
        $rows = 0
        Import-Csv $Csv | ForEach-Object {
            $user.Parameters['$u'].Value = $_.UserName; $user.Parameters['$n'].Value = $_.Name
            $user.Parameters['$e'].Value = $_.EmailAddress; $user.Parameters['$d'].Value = $_.UserDescription
            $user.Parameters['$o'].Value = $_.Organizations
            $null = $user.ExecuteNonQuery()
            $device.Parameters['$i'].Value = $_.Identifier; $device.Parameters['$t'].Value = $_.Template
            $device.Parameters['$c'].Value = $_.Code; $device.Parameters['$os'].Value = $_.OS.ToLowerInvariant()
            $device.Parameters['$tags'].Value = $_.DeviceTags; $device.Parameters['$mac'].Value = $_.WifiMac
            $device.Parameters['$imei'].Value = $_.IMEI; $device.Parameters['$meid'].Value = $_.MEID
            $device.Parameters['$udid'].Value = $_.UDID; $device.Parameters['$s'].Value = $_.Serial
            $device.Parameters['$x'].Value = $_.ExpirationDays; $device.Parameters['$dn'].Value = $_.DisplayName
            $device.Parameters['$desc'].Value = $_.Description; $device.Parameters['$re'].Value = $_.RegistrationEmail
            $device.Parameters['$dep'].Value = $_.DEPMethod; $device.Parameters['$now'].Value = $now
            $null = $device.ExecuteNonQuery()
            $rows++
        }
        $transaction.Commit()
        Stop-Work
        $connection.Dispose()
        Write-Result $stopwatch.Elapsed.TotalSeconds $rows 'rows'
    }
}
