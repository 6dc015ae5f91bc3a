# The CPU seconds (user + system) this process and the children it has reaped have used so far: Linux's /proc/self/stat,
# fields utime, stime, cutime and cstime (a reaped child's own children are in its figures). .NET reaps the processes it
# starts as they end, so a run's figure covers its child pwsh processes and servers. $null elsewhere. build.ps1 Test and
# tests/Invoke-PesterSuite.ps1 print it beside wall times: on a shared machine wall time says little, CPU time more.
function Get-TreeCpuSeconds {
    if (-not $IsLinux) { return $null }
    try {
        # The fields after the command's name, which is in parentheses and may hold spaces.
        $fields = ([System.IO.File]::ReadAllText('/proc/self/stat') -replace '^.*\) ', '') -split ' '
        return ([double]$fields[11] + [double]$fields[12] + [double]$fields[13] + [double]$fields[14]) / 100   # USER_HZ
    } catch { return $null }
}
