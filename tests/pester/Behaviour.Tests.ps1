# What a script can rely on: preference variables, ConfirmImpact, -ErrorAction Stop, progress,
# -Verbose and Ctrl+C.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    # One command per changing cmdlet, run against the store Initialize-BehaviourStore makes.
    $script:ChangeCases = @(
        @{ Name = 'New-BmgTemplate'; Command = 'New-BmgTemplate -Name T2' }
        @{ Name = 'New-BmgDeviceTag'; Command = 'New-BmgDeviceTag -Name G2' }
        @{ Name = 'New-BmgOrganization'; Command = "New-BmgOrganization -Id O2 -Name 'Org 2'" }
        @{ Name = 'New-BmgUser'; Command = 'New-BmgUser -UserName u2' }
        @{ Name = 'New-BmgDevice'; Command = 'New-BmgDevice -Identifier d9 -OS ios' }
        @{ Name = 'Set-BmgDevice'; Command = 'Set-BmgDevice -Identifier d1 -DisplayName Changed' }
        @{ Name = 'Set-BmgUser'; Command = 'Set-BmgUser -UserName u1 -Name Changed' }
        @{ Name = 'Set-BmgDeviceDepEnrollment'; Command = 'Set-BmgDeviceDepEnrollment -Identifier d1 -Method Keycode' }
        @{ Name = 'Import-BmgDeviceCsv'; Command = 'Import-BmgDeviceCsv $RowsCsv' }
        @{ Name = 'Import-BmgDepDevice'; Command = 'Import-BmgDepDevice $DepCsv' }
        @{ Name = 'Remove-BmgDepDevice'; Command = 'Remove-BmgDepDevice -SerialNumber EEEFFFGGGHHH' }
        @{ Name = 'Set-BmgDepProfile'; Command = 'Set-BmgDepProfile -Uuid 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D -Name Sales' }
        @{ Name = 'Export-BmgDeviceCsv'; Command = 'Export-BmgDeviceCsv $ExportPath' }
        @{ Name = 'Register-BmgDeviceCheckIn'; Command = 'Register-BmgDeviceCheckIn -Identifier d1 -Code abc123' }
        @{ Name = 'Unregister-BmgDevice'; Command = 'Unregister-BmgDevice -Identifier d1' }
        @{ Name = 'Unlock-BmgDeviceCheckIn'; Command = 'Unlock-BmgDeviceCheckIn -Identifier d7' }
        @{ Name = 'Remove-BmgDevice'; Command = 'Remove-BmgDevice -Identifier d1' }
        @{ Name = 'Remove-BmgUser'; Command = 'Remove-BmgUser -UserName u1' }
        @{ Name = 'Remove-BmgTemplate'; Command = 'Remove-BmgTemplate -Name T1' }
        @{ Name = 'Remove-BmgDeviceTag'; Command = 'Remove-BmgDeviceTag -Name G1' }
        @{ Name = 'Remove-BmgOrganization'; Command = 'Remove-BmgOrganization -Id O1' }
        @{ Name = 'Rename-BmgTemplate'; Command = 'Rename-BmgTemplate -Name T1 -NewName T9' }
        @{ Name = 'Rename-BmgDeviceTag'; Command = 'Rename-BmgDeviceTag -Name G1 -NewName G9' }
        @{ Name = 'Rename-BmgOrganization'; Command = 'Rename-BmgOrganization -Id O1 -NewName O9' }
        @{ Name = 'Rename-BmgDevice'; Command = 'Rename-BmgDevice -Identifier d1 -NewName d19' }
        @{ Name = 'Rename-BmgUser'; Command = 'Rename-BmgUser -UserName u1 -NewName u19' }
        @{ Name = 'Set-BmgOrganization'; Command = 'Set-BmgOrganization -Id O1 -Name Renamed' }
        @{ Name = 'Clear-BmgHistory'; Command = 'Clear-BmgHistory -Before (Get-Date)' }
        # The store's one email is Pending: only -Status Pending removes it.
        @{ Name = 'Clear-BmgCheckInEmail'; Command = 'Clear-BmgCheckInEmail -Before (Get-Date) -Status Pending' }
        # The store's one pending email is for a removed device: sending supersedes it, with no server needed.
        @{ Name = 'Send-BmgCheckInEmail'; Command = 'Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -From a@example.com -CheckInUrl https://x.example/c' }
    )
    $script:AllCmdlets = @((Get-Module BizMobileGo).ExportedCmdlets.Values | ForEach-Object {
            @{ Name = $_.Name; Verb = $_.Verb; ConfirmImpact = $_.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact }
        })
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:ModulePath = $env:BMG_TEST_MODULE

    # A store with one of everything the change commands above act on; returns its path.
    function Initialize-BehaviourStore {
        $store = New-TestStore
        New-BmgTemplate -Name T1 | Out-Null
        New-BmgDeviceTag -Name G1 | Out-Null
        New-BmgOrganization -Id O1 -Name 'Org 1' | Out-Null
        New-BmgUser -UserName u1 | Out-Null
        New-BmgDevice -Identifier d1 -OS ios -Code abc123 | Out-Null
        # d7's check-ins are locked (5 wrong codes): what Unlock-BmgDeviceCheckIn changes.
        New-BmgDevice -Identifier d7 -OS ios -Code abc123 | Out-Null
        foreach ($i in 1..5) { Register-BmgDeviceCheckIn -Identifier d7 -Code "wrong$i" -ErrorAction SilentlyContinue }
        New-BmgDevice -Identifier d8 -OS ios -RegistrationEmail 'u8@example.com' | Out-Null
        Remove-BmgDevice -Identifier d8 -Confirm:$false
        # The removal supersedes d8's email at once (thirteenth round); a store an older version wrote still has it Pending,
        # and the sender supersedes such an email at send time: what Send-BmgCheckInEmail changes here with no mail server.
        $connection = New-SqliteConnection "Data Source=$store;Pooling=False"
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = "UPDATE checkin_emails SET status = 'Pending', status_reason = NULL, superseded_by = NULL WHERE identifier = 'd8';"
            $null = $command.ExecuteNonQuery()
        } finally { $connection.Dispose() }
        $script:RowsCsv = Write-TestCsv "rows-$([guid]::NewGuid().ToString('N')).csv" @('Identifier,OS,DisplayName', 'd5,ios,Five')
        $script:DepCsv = Write-TestCsv "dep-$([guid]::NewGuid().ToString('N')).csv" @('SerialNumber,Model,Description,ProfileName', 'AAABBBCCCDDD,iPhone,,Sales')
        $script:ExportPath = Join-Path $TestDrive "export-$([guid]::NewGuid().ToString('N')).csv"
        Import-BmgDepDevice (Write-TestCsv "dep-seed-$([guid]::NewGuid().ToString('N')).csv" @('SerialNumber,Model', 'EEEFFFGGGHHH,iPad')) | Out-Null
        return $store
    }

    # Everything a user can see, reference data and history included.
    # Everything a user sees in the store; the import history only as its committed entries, since a
    # stopped import is recorded there as an attempt (Committed = False) by design.
    function Get-FullSnapshot {
        (Get-StoreSnapshot) + (@{
                Templates = @(Get-BmgTemplate).Name; Tags = @(Get-BmgDeviceTag).Name; Organizations = @(Get-BmgOrganization | ForEach-Object { "$($_.Id)=$($_.Name)" })
                Dep = @(Get-BmgDepDevice).SerialNumber; Profiles = @(Get-BmgDepProfile | ForEach-Object { "$($_.Uuid)=$($_.Name)" }); History = @(Get-BmgImportHistory | Where-Object Committed).Count
                ChangeHistory = (Test-BmgHistory).HeadHash
            } | ConvertTo-Json)
    }

    # A CSV of many valid device rows (and optionally one bad row at the end): long enough to show progress.
    function New-BigCsv([int] $Rows, [switch] $BadLastRow) {
        $lines = [System.Collections.Generic.List[string]]::new($Rows + 2)
        $lines.Add('Identifier,OS,DisplayName')
        for ($i = 1; $i -le $Rows; $i++) { $lines.Add("big$i,ios,Device $i") }
        if ($BadLastRow) { $lines.Add('bad device!,ios,Bad') }
        $path = Join-Path $TestDrive "big-$([guid]::NewGuid().ToString('N')).csv"
        [System.IO.File]::WriteAllLines($path, $lines)
        return $path
    }

    function Get-ImportProgress($PowerShell) {
        @($PowerShell.Streams.Progress | Where-Object Activity -like 'Importing *')
    }
}

Describe 'ShouldProcess and preference variables' {
    It 'every cmdlet that changes something has a case here and supports -WhatIf/-Confirm' -TestCases ($AllCmdlets | Where-Object Verb -NotIn 'Get', 'Test') {
        $ChangeCases.Name | Should -Contain $Name
        (Get-Command $Name).Parameters.Keys | Should -Contain 'WhatIf'
    }

    It 'ConfirmImpact of <Name> is High exactly when it removes or withdraws' -TestCases $AllCmdlets {
        $expectHigh = $Verb -eq 'Remove' -or $Name -in 'Unregister-BmgDevice', 'Clear-BmgHistory', 'Clear-BmgCheckInEmail'
        ($ConfirmImpact -eq 'High') | Should -Be $expectHigh
    }

    It '$WhatIfPreference set in a script stops <Name> from changing anything' -TestCases $ChangeCases {
        $null = Initialize-BehaviourStore
        $before = Get-FullSnapshot
        $script = Join-Path $TestDrive 'whatif.ps1'
        Set-Content $script "`$WhatIfPreference = `$true`n$Command | Out-Null"
        & $script 6>$null
        Get-FullSnapshot | Should -Be $before
        Test-Path $ExportPath | Should -BeFalse
    }

    It 'without it (and with $ConfirmPreference = ''None'' in the script) <Name> changes the store without asking' -TestCases $ChangeCases {
        $null = Initialize-BehaviourStore
        $before = Get-FullSnapshot
        $script = Join-Path $TestDrive 'real.ps1'
        Set-Content $script "`$ConfirmPreference = 'None'`n$Command | Out-Null"
        & $script
        ((Get-FullSnapshot) -ne $before) -or (Test-Path $ExportPath) | Should -BeTrue
    }

    It 'a removal asks first by default ($ConfirmPreference High), and nothing is removed when it cannot ask' {
        $store = Initialize-BehaviourStore
        $run = Invoke-Isolated 'Remove-BmgTemplate -Name T1 -Database $Store' @{ Store = $store }
        "$($run.Exception) $($run.Errors)" | Should -Match 'prompt|user interaction|NonInteractive'
        @(Get-BmgTemplate).Name | Should -Contain 'T1'
    }

    It '$ConfirmPreference = ''None'' in a script lets a removal go without asking' {
        $store = Initialize-BehaviourStore
        $run = Invoke-Isolated '$ConfirmPreference = "None"; Remove-BmgTemplate -Name T1 -Database $Store' @{ Store = $store }
        $run.Exception | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        @(Get-BmgTemplate).Name | Should -Not -Contain 'T1'
    }

    It '$ConfirmPreference = ''Medium'' in a script makes New- ask too' {
        $store = Initialize-BehaviourStore
        $quiet = Invoke-Isolated 'New-BmgTemplate -Name Quiet -Database $Store' @{ Store = $store }
        $quiet.Errors | Should -BeNullOrEmpty
        $asked = Invoke-Isolated '$ConfirmPreference = "Medium"; New-BmgTemplate -Name Asked -Database $Store' @{ Store = $store }
        "$($asked.Exception) $($asked.Errors)" | Should -Match 'prompt|user interaction|NonInteractive'
        @(Get-BmgTemplate).Name | Should -Contain 'Quiet'
        @(Get-BmgTemplate).Name | Should -Not -Contain 'Asked'
    }
}

Describe 'Import-BmgDeviceCsv in scripts' {
    # The import is settled before its row errors are reported (issue 10.1): -ErrorAction Stop then stops the
    # script, but can't undo what the import decided.
    It '-ErrorAction Stop turns a row error into an exception a script can catch; an all-or-nothing import writes nothing' {
        $null = Initialize-BehaviourStore
        $before = Get-FullSnapshot
        $csv = Write-TestCsv 'stop.csv' @('Identifier,OS', 'good1,ios', 'bad device!,ios', 'good2,ios')
        $caught = $null
        try {
            Import-BmgDeviceCsv $csv -ErrorAction Stop | Out-Null
        } catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidFieldValue,*'
        $caught.TargetObject.Line | Should -Be 3
        @(Get-BmgDevice).Identifier | Should -Not -Contain 'good1'
        (Get-FullSnapshot) -replace '"History": \d+', '' | Should -Be ($before -replace '"History": \d+', '')
    }

    It '10.1 -ErrorAction Stop with -SkipInvalidRows: the valid rows are committed before the row error stops the script' {
        $null = Initialize-BehaviourStore
        $csv = Write-TestCsv 'stop-skip.csv' @('Identifier,OS', 'good1,ios', 'bad device!,ios', 'good2,ios')
        $caught = $null
        try {
            Import-BmgDeviceCsv $csv -SkipInvalidRows -ErrorAction Stop | Out-Null
        } catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidFieldValue,*'
        @(Get-BmgDevice).Identifier | Should -Contain 'good1'
        @(Get-BmgDevice).Identifier | Should -Contain 'good2'
        (Get-BmgImportHistory -Last 1).Committed | Should -BeTrue
    }

    It '-Verbose says which file, which encoding (and that it was detected), how many rows and the transaction' {
        $null = Initialize-BehaviourStore
        $csv = Write-TestCsv 'verbose.csv' @('Identifier,OS', 'v1,ios', 'v2,ios') -Encoding utf8BOM
        $messages = @(Import-BmgDeviceCsv $csv -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $messages | Should -Contain "Read '$csv' ($((Get-Item $csv).Length) bytes, UTF-8 with BOM, detected)." -Because 'the encoding is known once the file has been read (issue 12: one read)'
        ($messages -join "`n") | Should -Match '2 rows imported in one transaction: 2 created, 0 updated, 0 unchanged, 0 failed'
        $whatIf = @(Import-BmgDeviceCsv $csv -WhatIf -Verbose 4>&1 6>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        ($whatIf -join "`n") | Should -Match 'What if: 2 rows checked; nothing was written to the store'
    }
}

Describe 'Progress of a long import' {
    BeforeAll {
        # Long enough that the import takes several progress intervals (0.5 s each) on a fast machine too: 60,000 rows
        # once took 0.53 s in all, its rows reported within the first interval, so no Processing record was due (a
        # review's flaky run, thirteenth round). 200,000 rows take a few seconds.
        $script:BigCsv = New-BigCsv 200000
        $script:BigBadCsv = New-BigCsv 200000 -BadLastRow
    }

    It 'is throttled by time and completed at the end' {
        $run = Invoke-Isolated 'Import-BmgDeviceCsv $Csv -Database $Store' @{ Csv = $BigCsv; Store = (Join-Path $TestDrive 'progress-ok.db') }
        $run.Exception | Should -BeNullOrEmpty
        $summary = $run.Output | Select-Object -Last 1
        $summary.Created | Should -Be 200000
        $records = Get-ImportProgress $run.PowerShell
        $processing = @($records | Where-Object RecordType -eq 'Processing')
        $processing.Count | Should -BeGreaterThan 0 -Because "an import of $($summary.Elapsed) shows progress"
        # At most one record per half second of import: never one per row.
        $processing.Count | Should -BeLessOrEqual ([math]::Floor($summary.Elapsed.TotalSeconds / 0.5) + 1)
        $records[-1].RecordType | Should -Be 'Completed'
        @($records | Where-Object RecordType -eq 'Completed').Count | Should -Be 1
        ($records.ActivityId | Sort-Object -Unique) | Should -Be 1
    }

    It 'is completed when the import fails (all or nothing) and when -ErrorAction Stop ends it' -TestCases @(
        @{ Extra = '' }
        @{ Extra = '-ErrorAction Stop' }
    ) {
        $store = Join-Path $TestDrive "progress-fail-$([guid]::NewGuid().ToString('N')).db"
        $run = Invoke-Isolated "Import-BmgDeviceCsv `$Csv -Database `$Store $Extra" @{ Csv = $BigBadCsv; Store = $store }
        $failure = @($run.Exception) + $run.Errors | Where-Object { $_ }
        $failure | Should -Not -BeNullOrEmpty
        $records = Get-ImportProgress $run.PowerShell
        @($records | Where-Object RecordType -eq 'Processing').Count | Should -BeGreaterThan 0
        $records[-1].RecordType | Should -Be 'Completed'
        @(Get-BmgDevice -Database $store).Count | Should -Be 0
    }
}

Describe 'Ctrl+C during an import' {
    It 'stops the import and leaves the store exactly as it was' {
        $store = Initialize-BehaviourStore
        $before = Get-FullSnapshot
        $big = New-BigCsv 200000
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath'; Import-BmgDeviceCsv -LiteralPath '$big' -Database '$store'")
        $handle = $ps.BeginInvoke()
        try {
            # Wait until it is well under way (its first progress record), then press Ctrl+C.
            $deadline = [datetime]::UtcNow.AddMinutes(2)
            while ((Get-ImportProgress $ps).Count -eq 0 -and -not $handle.IsCompleted -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
            $handle.IsCompleted | Should -BeFalse -Because 'the import must still be running when it is stopped'
            $ps.Stop()
        } finally {
            $ps.Dispose()
        }
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        Get-FullSnapshot | Should -Be $before
        $attempt = Get-BmgImportHistory -Last 1
        $attempt.Committed | Should -BeFalse -Because 'a stopped import is recorded as an attempt that wrote nothing'
        $attempt.Rows | Should -BeLessThan 200000
        # The store is not left locked: the next command can write.
        New-BmgTemplate -Name AfterStop | Out-Null
        @(Get-BmgTemplate).Name | Should -Contain 'AfterStop'
    }
}
