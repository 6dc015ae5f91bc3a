# Dot-sourced by Common.ps1 (so by every test file): waiting for a condition on a loaded machine. A test that waits for
# something another thread or process does waits until it holds (Wait-Until), never for a fixed time, and asserts
# nothing on time; its guard (New-HangGuard) only stops a hung test, and lengthens with the machine's load.

# A guard against a hung test: a child that never prints its line or never ends, a condition that never holds. Not a
# limit on time (no test asserts on time): its seconds are those of a machine with a core to spare, and they pass more
# slowly while the machine is loaded past its cores (1-minute load average per core, up to ten times more slowly). A
# machine loaded 50-60 deep on 2 cores runs a child pwsh some 30 times slower: a 120 s guard of wall-clock time fired at
# a child that was only slow (it had not yet reached its pause after starting, loading the module and piping 1,200 rows).
# A real hang is still caught: within the guard on a machine with a core free (CI's own run), within ten times it on a
# swamped one.
function New-HangGuard([int] $Seconds) {
    [pscustomobject]@{ Seconds = $Seconds; Spent = 0.0; Last = [DateTime]::UtcNow; Started = [DateTime]::UtcNow }
}

function Test-HangGuardSpent($Guard) {
    <# True once the guard's seconds have passed, each wall-clock second counted as 1 / (how many times slower the machine runs now). #>
    $now = [DateTime]::UtcNow
    $Guard.Spent += ($now - $Guard.Last).TotalSeconds / (Get-MachineSlowdown)
    $Guard.Last = $now
    return $Guard.Spent -ge $Guard.Seconds
}

function Get-HangGuardText($Guard) {
    '{0} s guard, load-scaled: {1:0} s of wall-clock time, load average {2}' -f $Guard.Seconds, ([DateTime]::UtcNow - $Guard.Started).TotalSeconds,
        $(if (Test-Path -LiteralPath '/proc/loadavg') { ((Get-Content -LiteralPath '/proc/loadavg' -TotalCount 1) -split ' ')[0] } else { 'unknown' })
}

function Get-MachineSlowdown {
    <# How many times slower than with a core to spare a runnable process runs now: load average per core, 1 to 10 (1 without /proc/loadavg). #>
    if (-not (Test-Path -LiteralPath '/proc/loadavg')) { return 1.0 }
    $load = [double]::Parse(((Get-Content -LiteralPath '/proc/loadavg' -TotalCount 1) -split ' ')[0], [cultureinfo]::InvariantCulture)
    return [Math]::Min(10.0, [Math]::Max(1.0, $load / [Environment]::ProcessorCount))
}

function Wait-Until {
    <#
    Polls a condition until it holds (returns $true). The guard (New-HangGuard) only stops a hung test (then it fails,
    naming what it waited for); no test asserts on time. -Abort ends the wait early (returns $false) when it holds
    first, e.g. a child that ended when it should still be waiting.
    #>
    param([Parameter(Mandatory)] [scriptblock] $Condition, [Parameter(Mandatory)] [string] $What, [scriptblock] $Abort, [int] $GuardSeconds = 120)
    $guard = New-HangGuard $GuardSeconds
    while (-not (Test-HangGuardSpent $guard)) {
        if (& $Condition) { return $true }
        if ($Abort -and (& $Abort)) { return $false }
        Start-Sleep -Milliseconds 100
    }
    throw "Waited for: $What ($(Get-HangGuardText $guard))"
}
