# Issue 15, walkthrough 34a finding 4: -ChangedBy, who a service (a self-service portal) says a change is made for,
# recorded in the history beside the OS user and covered by the entry's hash. A host sets it once per runspace with
# $PSDefaultParameterValues['*-Bmg*:ChangedBy']. Rows are edited by hand with SQL valid on SQLite and PostgreSQL alike.
# It runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/History.Common.ps1
}

Describe '-ChangedBy on the commands that record history' {
    BeforeEach {
        $script:Store = New-TestStore
    }

    AfterEach {
        $global:PSDefaultParameterValues.Remove('*-Bmg*:ChangedBy')
    }

    It 'records the name beside the OS user, shows it in Format-List, and leaves it empty when not given' {
        New-BmgDevice -Identifier dev-1 -OS ios -ChangedBy ' CONTOSO\alice ' | Out-Null
        Set-BmgDevice dev-1 -DisplayName 'One' | Out-Null
        $entries = @(Get-BmgDeviceHistory dev-1)
        $entries | Should -HaveCount 2
        $entries[0].ChangedBy | Should -BeExactly '' -Because 'Set-BmgDevice was given no -ChangedBy'
        $entries[1].ChangedBy | Should -BeExactly 'CONTOSO\alice' -Because 'the name is trimmed'
        $entries[1].OsUser | Should -BeExactly ([Environment]::UserName) -Because 'the OS user still records who ran the process'
        ($entries[1] | Format-List | Out-String) | Should -Match 'ChangedBy\s*:\s*CONTOSO\\alice'
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'binds from $PSDefaultParameterValues for every command that records history, and read commands ignore it' {
        $global:PSDefaultParameterValues['*-Bmg*:ChangedBy'] = 'portal:bob'
        $result = Invoke-Captured {
            New-BmgUser -UserName suzuki | Out-Null
            New-BmgDevice -Identifier dev-2 -OS ios | Out-Null
            Set-BmgDevice dev-2 -User suzuki | Out-Null
            Rename-BmgDevice dev-2 -NewIdentifier dev-3 | Out-Null
            Get-BmgDevice dev-3 | Out-Null
            Get-BmgDeviceHistory dev-3 | Out-Null
            Test-BmgHistory | Out-Null
            Remove-BmgDevice dev-3 -Confirm:$false
        }
        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
        $global:PSDefaultParameterValues.Remove('*-Bmg*:ChangedBy')
        $shown = @(Get-BmgDeviceHistory dev-3) + @(Get-BmgUserHistory suzuki)
        $shown.Count | Should -BeGreaterOrEqual 4
        $shown.ChangedBy | Sort-Object -Unique | Should -BeExactly 'portal:bob'
        foreach ($name in 'New-BmgDevice', 'Set-BmgDevice', 'Rename-BmgDevice', 'Remove-BmgDevice', 'Import-BmgDeviceCsv', 'Clear-BmgHistory',
            'Set-BmgDeviceDepEnrollment', 'New-BmgUser', 'Set-BmgUser', 'Remove-BmgUser', 'Rename-BmgTemplate') {
            (Get-Command $name).Parameters.ContainsKey('ChangedBy') | Should -BeTrue -Because "$name records history"
        }
        foreach ($name in 'Get-BmgDevice', 'Get-BmgDeviceHistory', 'Test-BmgHistory', 'Export-BmgDeviceCsv') {
            (Get-Command $name).Parameters.ContainsKey('ChangedBy') | Should -BeFalse -Because "$name only reads"
        }
    }

    It 'records it for an import''s rows' {
        $csv = Join-Path $TestDrive 'devices.csv'
        "Identifier,OS`n" + ((1..12 | ForEach-Object { "imp-$_,ios" }) -join "`n") | Set-Content -Path $csv -Encoding utf8
        Import-BmgDeviceCsv -Path $csv -ChangedBy 'CONTOSO\carol' | Out-Null
        $entries = @(Get-BmgDeviceHistory 'imp-*')
        $entries | Should -HaveCount 12
        $entries.ChangedBy | Sort-Object -Unique | Should -BeExactly 'CONTOSO\carol'
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'the import history records who each import was made for: ChangedBy in Format-List, empty without it (actor35)' {
        $csv = Join-Path $TestDrive 'for-dave.csv'
        "Identifier,OS`nimp-a,ios`nimp-b,ios" | Set-Content -Path $csv -Encoding utf8
        $refused = Join-Path $TestDrive 'refused.csv'
        "Identifier,OS`nimp-c,ios`nimp-d,windows-phone" | Set-Content -Path $refused -Encoding utf8
        $plain = Join-Path $TestDrive 'plain.csv'
        "Identifier,OS`nimp-e,ios" | Set-Content -Path $plain -Encoding utf8
        Import-BmgDeviceCsv -Path $csv -ChangedBy ' CONTOSO\dave ' | Out-Null
        $null = Invoke-Captured { Import-BmgDeviceCsv -Path $refused -ChangedBy 'portal:erin' }
        Import-BmgDeviceCsv -Path $plain | Out-Null
        $history = @(Get-BmgImportHistory)
        $history | Should -HaveCount 3
        @($history.Status) | Should -Be @('Committed', 'Refused', 'Committed')
        @($history.ChangedBy) | Should -BeExactly @('', 'portal:erin', 'CONTOSO\dave')
        $history[2].User | Should -BeExactly $history[0].User -Because 'the OS user is recorded as before'
        ($history[2] | Format-List | Out-String) | Should -Match 'ChangedBy\s*:\s*CONTOSO\\dave'
        (Get-BmgImportHistory -Id $history[1].Id).ChangedBy | Should -BeExactly 'portal:erin'
    }

    It 'refuses <Case> as InvalidFieldValue and changes nothing' -ForEach @(
        @{ Case = 'two lines'; Value = "alice`nbob" }
        @{ Case = 'a control character'; Value = "alice$([char]7)" }
        @{ Case = 'a blank name'; Value = '   ' }
        @{ Case = 'a name over 256 characters'; Value = 'a' * 257 }
    ) {
        $result = Invoke-Captured { New-BmgDevice -Identifier dev-x -OS ios -ChangedBy $Value }
        $result.Terminating.FullyQualifiedErrorId | Should -Match '^InvalidFieldValue'
        "$($result.Terminating)" | Should -Match '-ChangedBy'
        Get-BmgDevice -Identifier dev-x -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-BmgDeviceHistory 'dev-x*') | Should -HaveCount 0
    }

    It 'Test-BmgHistory finds a ChangedBy altered or emptied by hand, and an entry without one verifies as before' {
        New-BmgDevice -Identifier dev-4 -OS ios | Out-Null
        Set-BmgDevice dev-4 -DisplayName 'Four' -ChangedBy 'CONTOSO\alice' | Out-Null
        $entry = @(Get-BmgDeviceHistory dev-4)[0]
        (Test-BmgHistory).Valid | Should -BeTrue
        foreach ($altered in 'CONTOSO\mallory', '') {
            $null = Invoke-HistorySql $Store "UPDATE change_history SET changed_by = '$altered' WHERE sequence = $($entry.Sequence);"
            $check = Test-BmgHistory -ErrorAction SilentlyContinue
            $check.Valid | Should -BeFalse
            $check.FirstBadEntry | Should -Be $entry.Sequence
        }
    }
}
