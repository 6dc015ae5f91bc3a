# Ctrl+C: stopping the pipeline mid-import (PowerShell.Stop(), which is what Ctrl+C does: StopProcessing on the
# running cmdlet) rolls the import back: the store, its outbox and its import history are exactly as before.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    $script:Database = New-TestStore
    New-BmgTemplate -Name 'Standard' | Out-Null
    Import-BmgDeviceCsv -LiteralPath (New-DeviceCsv -Path (Join-Path $TestDrive 'seed.csv') -Prefix 'stop' -Count 20) | Out-Null
    $script:Big = New-DeviceCsv -Path (Join-Path $TestDrive 'big.csv') -Prefix 'stop' -Count 3000 -Start 20
    $script:Stopped = 0
}

Describe 'Import-BmgDeviceCsv stopped mid-import (Ctrl+C)' {
    # Rows are reported only after the commit (10.1), so a stop must land while the import is still open: while
    # a downstream command holds the verbose message that starts reading the file, or while the command that
    # pipes rows in holds row 500. A stop after the commit keeps the import (ImportSettled.Tests.ps1).
    It 'stopped <Where>: rolled back, store and history as before; the same import then succeeds' -ForEach @(
        @{ Where = 'as the import starts reading its file'; Piped = $false }
        @{ Where = 'mid-import, while the command piping the rows holds row 500'; Piped = $true }
    ) {
        $before = Get-StoreState $Database
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create($runspace)
        $signal = [System.Threading.ManualResetEventSlim]::new($false)
        $runspace.SessionStateProxy.SetVariable('signal', $signal)
        $null = $shell.AddScript({
                param($Module, $Database, $Csv, $Piped)
                Import-Module $Module
                if ($Piped) {
                    $index = 0
                    Import-Csv -LiteralPath $Csv | ForEach-Object {
                        if (++$index -eq 500) { $signal.Set(); Start-Sleep -Seconds 600 }
                        $_
                    } | Import-BmgDeviceCsv -Database $Database -PassThru
                } else {
                    Import-BmgDeviceCsv -LiteralPath $Csv -Database $Database -PassThru -Verbose 4>&1 | ForEach-Object {
                        if ($_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Importing*') { $signal.Set(); Start-Sleep -Seconds 600 }
                    }
                }
            }).AddArgument($env:BMG_TEST_MODULE).AddArgument($Database).AddArgument($Big).AddArgument($Piped)
        $async = $shell.BeginInvoke()
        $null = Wait-Until -What 'the import under way' -Abort { $async.IsCompleted } -Condition { $signal.IsSet }   # the guard, load-scaled, stops a hang
        $signal.IsSet | Should -BeTrue -Because 'the import is under way'
        $shell.Stop()
        $stopped = $null
        try { $null = $shell.EndInvoke($async) } catch { $stopped = $_.Exception.GetBaseException() }
        $stopped | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose(); $runspace.Dispose()

        $after = Get-StoreState $Database
        $after.Integrity | Should -Be 'ok'
        foreach ($table in $before.Counts.Keys | Where-Object { $_ -notlike 'import_history*' }) {
            $after.Counts[$table] | Should -Be $before.Counts[$table] -Because "a stopped import leaves $table as it was"
        }
        $after.DataHash | Should -Be $before.DataHash -Because 'a stopped import leaves devices, users and emails as they were'
        # The attempt itself is recorded, as one uncommitted history entry.
        $after.Counts['import_history'] | Should -Be ($before.Counts['import_history'] + 1)
        (Invoke-StoreSql $Database 'SELECT committed FROM import_history ORDER BY import_id DESC LIMIT 1;')[0][0] | Should -Be 0

        (Import-BmgDeviceCsv -LiteralPath $Big).Created | Should -Be 3000
        (Invoke-StoreSql $Database 'SELECT count(*) FROM devices;')[0][0] | Should -Be 3020
        $null = Invoke-StoreSql $Database "DELETE FROM checkin_emails WHERE identifier NOT LIKE 'stop00000%' AND identifier NOT LIKE 'stop00001%';"
        $script:Stopped++
        # Back to the state before, for the next case: remove what the re-import added.
        $null = Invoke-StoreSql $Database "DELETE FROM devices WHERE CAST(substr(identifier, 5) AS INTEGER) >= 20; DELETE FROM users WHERE user_id NOT IN (SELECT user_id FROM devices WHERE user_id IS NOT NULL); DELETE FROM import_history WHERE import_id > (SELECT min(import_id) FROM import_history);"
    }

    AfterAll {
        Write-ReliabilityFigure -Name 'stops' -Kind 'stops' -Count $script:Stopped -Note 'imports stopped (Ctrl+C) mid-way and rolled back'
    }
}
