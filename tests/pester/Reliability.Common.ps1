# Dot-sourced by the Reliability.*.Tests.ps1 files (after Common.ps1): raw looks into a store file, waits on child
# `pwsh` processes running the built module (Common.ps1's Start-BmgChild starts them), and the figures each test writes
# to out/reliability/.

$script:RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:FiguresFolder = Join-Path $script:RepositoryRoot 'out/reliability'

function Invoke-StoreSql {
    <# Rows of one query on a store file, as one list (never unrolled) of value arrays; the connection is closed afterwards. #>
    param([Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Sql)
    $connection = New-SqliteConnection "Data Source=$Database;Pooling=False"
    try {
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = $Sql
        $reader = $command.ExecuteReader()
        $rows = [System.Collections.Generic.List[object]]::new()
        while ($reader.Read()) {
            $values = [object[]]::new($reader.FieldCount)
            $null = $reader.GetValues($values)
            $rows.Add($values)
        }
        $reader.Dispose()
        return , $rows
    }
    finally { $connection.Dispose() }
}

function Get-StoreState {
    <#
    Integrity, row counts per table and a SHA-256 of every row of every table (in key order), read with a raw
    connection (which, like the module, recovers the WAL: committed frames count, uncommitted ones don't).
    #>
    param([Parameter(Mandatory)] [string] $Database)
    $integrity = $(foreach ($row in (Invoke-StoreSql $Database 'PRAGMA integrity_check;')) { $row[0] }) -join '; '
    $foreignKeyProblems = (Invoke-StoreSql $Database 'PRAGMA foreign_key_check;').Count
    $tables = foreach ($row in (Invoke-StoreSql $Database "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;")) { $row[0] }
    $counts = [ordered]@{}
    $text = [System.Text.StringBuilder]::new()
    foreach ($table in $tables) {
        $columns = (Invoke-StoreSql $Database "SELECT name FROM pragma_table_info('$table');").Count
        $orderBy = (1..$columns) -join ', '
        $rows = Invoke-StoreSql $Database "SELECT * FROM $table ORDER BY $orderBy;"
        $counts[$table] = $rows.Count
        $null = $text.Append("#$table`n")
        foreach ($row in $rows) { $null = $text.Append((($row.ForEach( { if ($_ -is [DBNull]) { '<null>' } else { [string]$_ } })) -join "`u{1f}")).Append("`n") }
    }
    $all = $text.ToString()
    $hash = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($all)))
    # The same without the import history, which records failed imports too (by design: "every import that tried").
    $data = [regex]::Replace($all, "(?s)#import_history(_errors)?`n.*?(?=#|\z)", '')
    $dataHash = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($data)))
    [pscustomobject]@{ Integrity = $integrity; ForeignKeyProblems = $foreignKeyProblems; Counts = $counts; Hash = $hash; DataHash = $dataHash }
}

function Copy-Store {
    <# A copy of a store file; the source is checkpointed first so that the copy is one self-contained file. #>
    param([Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Destination)
    $null = Invoke-StoreSql $Database 'PRAGMA wal_checkpoint(TRUNCATE);'
    Copy-Item -LiteralPath $Database -Destination $Destination
    return $Destination
}

function Wait-ChildLine {
    <#
    Reads the child's stdout until a line matches; returns that line, or $null when the child ended first.
    The guard (New-HangGuard) only stops a hung child; no test asserts on time.
    #>
    param([Parameter(Mandatory)] [System.Diagnostics.Process] $Process, [Parameter(Mandatory)] [string] $Pattern, [int] $GuardSeconds = 120)
    $guard = New-HangGuard $GuardSeconds
    while (-not (Test-HangGuardSpent $guard)) {
        $task = $Process.StandardOutput.ReadLineAsync()
        while (-not $task.Wait(500) -and -not (Test-HangGuardSpent $guard)) { }
        if (-not $task.IsCompleted) { break }
        $line = $task.Result
        if ($null -eq $line) { return $null }
        if ($line -match $Pattern) { return $line }
    }
    $Process.Kill($true)
    throw "The child process did not print a line matching '$Pattern' ($(Get-HangGuardText $guard)); stderr: $($Process.StandardError.ReadToEnd())"
}

function Read-ChildToEnd {
    <#
    The child's lines from here to its 'end' line (the child scripts' last), or to its end should it end first; waits for
    it to exit. The children of the prompt and question tests (-Confirm, -WarningAction Inquire) print one line a result
    and 'end'; a hung child is killed by Wait-ChildLine's guard. One reader for them all (left42: the duplicates' D1).
    -KeepRunning: a child that goes on to its next command after 'end' (ConfirmedChanges.Tests.ps1) is not waited for.
    #>
    param([Parameter(Mandatory)] [System.Diagnostics.Process] $Process, [switch] $KeepRunning)
    $lines = [System.Collections.Generic.List[string]]::new()
    while ($null -ne ($line = Wait-ChildLine $Process '.')) {
        $lines.Add($line)
        if ($line -eq 'end') { break }
    }
    if (-not $KeepRunning) { $Process.WaitForExit() }
    return , $lines.ToArray()
}

function Write-ReliabilityFigure {
    <# One figure of this run for RELIABILITY.md; written only when the test that calls it reached this point. #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Kind, [Parameter(Mandatory)] [long] $Count, [string] $Note = '', [hashtable] $Extra = @{})
    $null = New-Item -ItemType Directory -Force -Path $script:FiguresFolder
    $figure = [ordered]@{ Source = 'pester'; Name = $Name; Kind = $Kind; Count = $Count; Note = $Note }
    foreach ($key in $Extra.Keys) { $figure[$key] = $Extra[$key] }
    $figure | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $script:FiguresFolder "pester-$Name.json") -Encoding utf8NoBOM
}

function New-DeviceCsv {
    <#
    A device CSV of $Count rows (users and devices, every device with a serial and a RegistrationEmail so that the
    import queues emails): identifiers "<Prefix>000001"..., all distinct from other prefixes.
    #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Prefix, [Parameter(Mandatory)] [int] $Count, [int] $Start = 0)
    $builder = [System.Text.StringBuilder]::new("UserName,Name,EmailAddress,Identifier,Template,OS,Serial,DisplayName,Description,RegistrationEmail,DEPMethod`r`n")
    for ($i = $Start; $i -lt $Start + $Count; $i++) {
        $null = $builder.AppendFormat('{0}u{1:D6},User {1},{0}{1}@example.com,{0}{1:D6},Standard,ios,{2}{1:D7}Q,Display {1},"Description, {1}",{0}d{1}@example.com,Serial' + "`r`n",
            $Prefix, $i, $Prefix.ToUpperInvariant().Substring(0, 4))
    }
    [System.IO.File]::WriteAllText($Path, $builder.ToString(), [System.Text.UTF8Encoding]::new($false))
    return $Path
}
