# SIGKILL mid-import: a child pwsh runs Import-BmgDeviceCsv on a large file and is killed (Process.Kill sends
# SIGKILL on Unix) at several moments. After each kill the store must pass integrity_check, be exactly what it was
# before (row counts and a hash of every row), hold no half-written email or history row, and take the same
# import afterwards.

BeforeDiscovery {
    # Moments of the kill. Parse and write interleave (rows stream from disk into the open transaction), so
    # 'while reading' is the time before the first row result. Row results leave the import only after its
    # commit (issue 10.1), so the 'paused' moments pipe the file's rows in: the child's upstream blocks before
    # it hands over the row after that line (or in its end block, after the last row), while the rows so far
    # are written to the open transaction and the commit has not come.
    $script:Kills = @(
        @{ Moment = 'while reading the file, before the first row result'; PauseAt = 0; KillOn = '^importing' }
        @{ Moment = 'during writes, after row 500 was applied'; PauseAt = 501; KillOn = '^paused' }
        @{ Moment = 'after every row was applied, before the commit'; PauseAt = -1; KillOn = '^paused' }
        @{ Moment = 'at the commit (the child is not paused; the kill races the commit)'; PauseAt = -2; KillOn = '^last' }
    )
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1

    $script:Rows = 3000
    $script:Baseline = New-TestStore
    New-BmgTemplate -Name 'Standard' | Out-Null
    # Existing content that a partial write would disturb: 40 devices the big file updates, one earlier import.
    $seed = New-DeviceCsv -Path (Join-Path $TestDrive 'seed.csv') -Prefix 'kill' -Count 40
    Import-BmgDeviceCsv -LiteralPath $seed | Out-Null
    $script:Big = New-DeviceCsv -Path (Join-Path $TestDrive 'big.csv') -Prefix 'kill' -Count $script:Rows
    # The first 40 rows update the seed devices (their description changes), the rest create.
    (Get-Content -Raw $script:Big).Replace('"Description, ', '"Changed, ') | Set-Content -NoNewline -LiteralPath $script:Big
    $script:BaselineState = Get-StoreState $script:Baseline

    $script:ChildScript = Join-Path $TestDrive 'import-child.ps1'
    Set-Content -LiteralPath $script:ChildScript -Value @'
param([string] $Module, [string] $Database, [string] $Csv, [int] $PauseAt, [int] $LastLine)
$ErrorActionPreference = 'Stop'
Import-Module $Module
[Console]::Out.WriteLine('importing')
if ($PauseAt -gt 0) {
    # Piped row n is line n + 1: pausing before row $PauseAt hands it over leaves lines 2..$PauseAt applied.
    $row = 0
    Import-Csv -LiteralPath $Csv | ForEach-Object -Process {
        if (++$row -eq $PauseAt) { [Console]::Out.WriteLine("paused $PauseAt"); [System.Threading.Thread]::Sleep(-1) }
        $_
    } -End {
        if ($PauseAt -eq $LastLine) { [Console]::Out.WriteLine("paused $PauseAt"); [System.Threading.Thread]::Sleep(-1) }
    } | Import-BmgDeviceCsv -Database $Database | Out-Null
}
else {
    # The last row's result comes after the commit, and the command ends a moment later: the child waits there, so the
    # kill lands in a live child however late a busy machine delivers it (a child that had ended was exit code 0, not 137).
    Import-BmgDeviceCsv -LiteralPath $Csv -Database $Database -PassThru | ForEach-Object {
        if ($_.Line -eq $LastLine) { [Console]::Out.WriteLine('last'); [System.Threading.Thread]::Sleep(-1) }
    }
}
[Console]::Out.WriteLine('done')
'@
    $script:Survived = 0
    $script:CommitRaceCommitted = 0
    $script:CommitRaceRolledBack = 0
}

Describe 'Import-BmgDeviceCsv killed with SIGKILL' {
    It 'killed <Moment>: store intact and as before, then the same import succeeds' -ForEach $Kills {
        $database = Copy-Store $Baseline (Join-Path $TestDrive "kill-$([guid]::NewGuid().ToString('N')).db")
        $lastLine = $Rows + 1
        $pauseLine = switch ($PauseAt) { -1 { $lastLine } -2 { 0 } default { $PauseAt } }
        $source = $Big
        $feeder = $null
        if ($PauseAt -eq 0) {
            # While reading: the file comes through a FIFO whose writer gives the first 1,500 rows and then stalls with it
            # open, so the import reads (and writes) those and waits for the rest, and the kill lands before any commit.
            # Read from the file itself, the whole import could commit before a busy machine delivered the kill.
            $source = Join-Path $TestDrive "kill-$([guid]::NewGuid().ToString('N')).fifo"
            & mkfifo $source
            $part = Join-Path $TestDrive "kill-part-$([guid]::NewGuid().ToString('N')).csv"
            Get-Content -LiteralPath $Big -TotalCount 1501 | Set-Content -LiteralPath $part
            $feed = Join-Path $TestDrive "kill-feed-$([guid]::NewGuid().ToString('N')).sh"
            # exec: the sleep takes the shell's place, so ending it (below) closes the FIFO's write end. cat's 'Broken pipe',
            # when the kill comes while it still writes, is no news.
            Set-Content -LiteralPath $feed -Value "{ cat '$part' 2>/dev/null; exec sleep 600; } > '$source'"
            $feeder = Start-Process -FilePath 'sh' -ArgumentList $feed -PassThru
        }
        $child = Start-BmgChild $ChildScript @('-Database', $database, '-Csv', $source, '-PauseAt', $pauseLine, '-LastLine', $lastLine)
        try {
            $seen = Wait-ChildLine $child $KillOn
            $seen | Should -Not -BeNullOrEmpty -Because "the child must reach the moment of the kill"
            $child.Kill()
            $child.WaitForExit()
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
            if ($feeder -and -not $feeder.HasExited) { $feeder.Kill() }
        }
        $child.ExitCode | Should -Be 137 -Because 'the child died of SIGKILL (128 + 9), not of its own accord'

        $after = Get-StoreState $database
        $after.Integrity | Should -Be 'ok'
        $after.ForeignKeyProblems | Should -Be 0
        $orphanErrors = (Invoke-StoreSql $database 'SELECT count(*) FROM import_history_errors WHERE import_id NOT IN (SELECT import_id FROM import_history);')[0][0]
        $orphanErrors | Should -Be 0
        if ($PauseAt -eq -2 -and $after.Hash -ne $BaselineState.Hash) {
            # The kill came after the commit: then the whole import must be there, with its one history row and one email per row.
            $after.Counts['devices'] | Should -Be ($BaselineState.Counts['devices'] + $Rows - 40)
            $after.Counts['checkin_emails'] | Should -Be ($BaselineState.Counts['checkin_emails'] + $Rows)
            $after.Counts['import_history'] | Should -Be ($BaselineState.Counts['import_history'] + 1)
            $script:CommitRaceCommitted++
        }
        else {
            $after.Counts | ConvertTo-Json | Should -Be ($BaselineState.Counts | ConvertTo-Json)
            $after.Hash | Should -Be $BaselineState.Hash -Because 'a killed import leaves the store exactly as it was'
            if ($PauseAt -eq -2) { $script:CommitRaceRolledBack++ }
        }

        # The same import then succeeds, and no row is lost.
        $summary = Import-BmgDeviceCsv -LiteralPath $Big -Database $database
        $summary.Committed | Should -BeTrue
        (Invoke-StoreSql $database 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'
        $lost = ($BaselineState.Counts['devices'] + $Rows - 40) - (Invoke-StoreSql $database 'SELECT count(*) FROM devices;')[0][0]
        $lost | Should -Be 0
        @(Get-BmgDevice -Database $database -Identifier 'kill000007')[0].Description | Should -Be 'Changed, 7'
        $script:Survived++
    }

    AfterAll {
        Write-ReliabilityFigure -Name 'kills' -Kind 'kills' -Count $script:Survived -Note "SIGKILLs of a $($script:Rows)-row import survived" `
            -Extra @{ RowsLost = 0; CommitRaceCommitted = $script:CommitRaceCommitted; CommitRaceRolledBack = $script:CommitRaceRolledBack }
    }
}
