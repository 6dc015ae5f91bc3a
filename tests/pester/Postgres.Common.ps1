# Dot-sourced by the PostgreSQL-only test files (after Common.ps1 and Reliability.Common.ps1): looks into a store
# database with psql (never through the module under test), the server's view of its sessions and locks, and the
# import child that Common.ps1's Start-BmgChild runs: told to go on on its standard input, answering a -Confirm prompt.

function Add-ApplicationName([string] $Uri, [string] $Name) {
    <# The store URI with ?application_name=: the server then shows that client's sessions under this name. #>
    $separator = if ($Uri.Contains('?')) { '&' } else { '?' }
    return "$Uri${separator}application_name=$Name"
}

function Get-PostgresStoreState {
    <#
    Row counts per table of the store's schema and a hash of every row of every table (rows in text order), read
    with psql: equal hashes mean an unchanged store. DataHash leaves out the import history, which records refused
    imports too (by design: "every import that tried").
    #>
    param([Parameter(Mandatory)] [string] $Uri, [string] $Schema = 'public')
    $sql = @"
SELECT table_name || '|' ||
  (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text || '|' ||
  (xpath('/row/h/text()', query_to_xml(format('SELECT md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '''')) AS h FROM %I.%I t', table_schema, table_name), false, true, '')))[1]::text
FROM information_schema.tables WHERE table_schema = '$Schema' AND table_type = 'BASE TABLE' ORDER BY table_name;
"@
    $counts = [ordered]@{}
    $all = [System.Text.StringBuilder]::new()
    $data = [System.Text.StringBuilder]::new()
    foreach ($line in (Invoke-PostgresTestSql -Uri $Uri -Sql $sql)) {
        if (-not $line) { continue }
        $table, $count, $hash = $line -split '\|'
        $counts[$table] = [long]$count
        $null = $all.Append("$table $count $hash`n")
        if ($table -notlike 'import_history*') { $null = $data.Append("$table $count $hash`n") }
    }
    [pscustomobject]@{ Counts = $counts; Hash = $all.ToString(); DataHash = $data.ToString() }
}

function Get-PostgresSessions {
    <#
    The server's sessions on the store's database (pg_stat_activity), with what each waits for and whether it holds
    an advisory lock: Name (application_name), State, WaitType, WaitEvent, HoldsAdvisory, InTransaction, and Wrote
    (its open transaction has written rows: the server gave it a transaction id, which taking a lock alone doesn't).
    #>
    param([Parameter(Mandatory)] [string] $Uri)
    $database = (ConvertFrom-PostgresUri $Uri).Database
    $sql = @"
SELECT coalesce(a.application_name, '') || '|' || coalesce(a.state, '') || '|' || coalesce(a.wait_event_type, '') || '|' ||
  coalesce(a.wait_event, '') || '|' ||
  (EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted))::text || '|' ||
  (a.xact_start IS NOT NULL)::text || '|' || (a.backend_xid IS NOT NULL)::text
FROM pg_stat_activity a WHERE a.datname = '$database' AND a.pid <> pg_backend_pid();
"@
    foreach ($line in (Invoke-PostgresTestSql -Uri $Uri -Sql $sql)) {
        if (-not $line) { continue }
        $name, $state, $waitType, $waitEvent, $holds, $inTransaction, $wrote = $line -split '\|'
        [pscustomobject]@{ Name = $name; State = $state; WaitType = $waitType; WaitEvent = $waitEvent; HoldsAdvisory = $holds -eq 'true'
            InTransaction = $inTransaction -eq 'true'; Wrote = $wrote -eq 'true' }
    }
}

function Read-ChildRest([System.Diagnostics.Process] $Process, [int] $GuardSeconds = 300) {
    <# The rest of the child's standard output, once it has ended (killed with everything it started after the guard, New-HangGuard). #>
    $lines = [System.Collections.Generic.List[string]]::new()
    $guard = New-HangGuard $GuardSeconds
    while ($true) {
        $task = $Process.StandardOutput.ReadLineAsync()
        while (-not $task.Wait(500) -and -not (Test-HangGuardSpent $guard)) { }
        if (-not $task.IsCompleted -or $guard.Spent -ge $guard.Seconds) {
            $Process.Kill($true)
            throw "The child process did not end ($(Get-HangGuardText $guard)); its output so far: $($lines -join ' / ')"
        }
        if ($null -eq $task.Result) { break }
        $lines.Add($task.Result)
    }
    $Process.WaitForExit()
    return , $lines
}

# The import child of the PostgreSQL tests: imports a file, or pipes its rows and stops before a given row until
# told to go on (a line on its standard input), so the test knows what the import has written when it acts.
# -AskFirst: -Confirm (run it -Interactive, and answer on its standard input). It prints 'importing', 'paused <row>' when it stops, then 'ok <Committed> <Created> <Updated> <Unchanged>
# <Failed>' or 'error <ErrorId> <exception type>', a 'row <ErrorId> <line> <target>' line per error record,
# 'message <text>' for the terminating error, and 'end'.
$script:PostgresImportChild = @'
param([string] $Module, [string] $Database, [string] $Csv, [int] $PauseAt = 0, [int] $LastLine = 0, [switch] $SkipInvalidRows, [switch] $AskFirst)
Import-Module $Module
[Console]::Out.WriteLine('importing')
$rowErrors = @()
try {
    if ($PauseAt -gt 0) {
        # Piped row n is line n + 1: stopping before row $PauseAt is handed over leaves rows 1 .. $PauseAt - 1 in the import.
        $row = 0
        $summary = Import-Csv -LiteralPath $Csv | ForEach-Object -Process {
            if (++$row -eq $PauseAt) { [Console]::Out.WriteLine("paused $PauseAt"); $null = [Console]::In.ReadLine() }
            $_
        } -End {
            if ($PauseAt -eq $LastLine) { [Console]::Out.WriteLine("paused $PauseAt"); $null = [Console]::In.ReadLine() }
        } | Import-BmgDeviceCsv -Database $Database -SkipInvalidRows:$SkipInvalidRows -ErrorAction SilentlyContinue -ErrorVariable rowErrors
    }
    else {
        $summary = Import-BmgDeviceCsv -LiteralPath $Csv -Database $Database -SkipInvalidRows:$SkipInvalidRows -Confirm:$AskFirst -ErrorAction SilentlyContinue -ErrorVariable rowErrors
    }
    [Console]::Out.WriteLine("ok $($summary.Committed) $($summary.Created) $($summary.Updated) $($summary.Unchanged) $($summary.Failed)")
}
catch {
    [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0]) $($_.Exception.GetType().FullName)")
    [Console]::Out.WriteLine("message $($_.Exception.Message -replace '\s+', ' ')")
}
foreach ($e in $rowErrors) {
    if ($e -is [System.Management.Automation.ErrorRecord]) {
        [Console]::Out.WriteLine("row $($e.FullyQualifiedErrorId.Split(',')[0]) $($e.Exception.GetType().FullName) $($e.TargetObject)")
    }
}
[Console]::Out.WriteLine('end')
'@

function Get-ChildOutcome([System.Collections.Generic.List[string]] $Lines) {
    <# The parts of an import child's output: Outcome ('ok ...' or 'error ...'), Message, RowErrors (lines). #>
    [pscustomobject]@{
        Outcome = @($Lines | Where-Object { $_ -match '^(ok|error) ' })[0]
        Message = @($Lines | Where-Object { $_ -like 'message *' } | ForEach-Object { $_.Substring(8) })[0]
        RowErrors = @($Lines | Where-Object { $_ -like 'row *' })
        Lines = $Lines
    }
}

function Start-FifoWriter([string] $Fifo) {
    <#
    A process that copies its standard input into a FIFO (made here), as `producer > fifo` would: the test writes
    part of a file, acts, then writes the rest, while the module reads the FIFO as the file to import.
    #>
    & mkfifo $Fifo
    if ($LASTEXITCODE -ne 0) { throw "mkfifo $Fifo failed." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
    foreach ($a in @('-c', 'exec cat > "$0"', $Fifo)) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardInput = $true
    # cat's 'Broken pipe' when the import stops reading is expected: kept out of the test's output.
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    return [System.Diagnostics.Process]::Start($start)
}

function Write-FifoLines([System.Diagnostics.Process] $Writer, [string[]] $Lines, [int] $GuardSeconds = 120, [switch] $ReaderMayStop) {
    <#
    Writes CRLF-ended lines through the FIFO writer, and closes it after them with -ReaderMayStop; fails (instead of
    hanging) when nobody reads them within the guard. -ReaderMayStop: the reader may end before it read them all (an
    import that failed closes the file), which is then no failure here.
    #>
    $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes((($Lines -join "`r`n") + "`r`n"))
    try {
        $task = $Writer.StandardInput.BaseStream.WriteAsync($bytes, 0, $bytes.Length)
        if (-not $task.Wait([TimeSpan]::FromSeconds($GuardSeconds))) { throw "Nobody read the FIFO within $GuardSeconds s (guard)." }
        $Writer.StandardInput.BaseStream.Flush()
        if ($ReaderMayStop) { $Writer.StandardInput.Close() }
    }
    catch [System.Management.Automation.MethodInvocationException] {
        $broken = $_.Exception.InnerException -is [System.AggregateException] -and $_.Exception.InnerException.InnerException -is [System.IO.IOException]
        if (-not ($ReaderMayStop -and $broken)) { throw }
    }
    catch [System.IO.IOException] {
        if (-not $ReaderMayStop) { throw }
    }
}
