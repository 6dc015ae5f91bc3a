# Walkthrough 35, finding 6 (tamper36): Test-BmgHistory -Records compares every device and user row with the newest value its
# entries set for each field, and names each mismatch: a field edited by hand with sqlite3 or psql, an edit by hand a later
# change overwrote (that change's entry found a value no entry had set), a row deleted by hand, a check-in code emptied (as
# set or empty, never its value). A store written only through the module matches. Subjects whose first entries a clear
# removed are counted and left uncompared. Rows are edited with SQL valid on SQLite and PostgreSQL alike; it runs on both
# stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/History.Common.ps1

    # Every kind of write that records an entry, so a store written only through the module is checked to match.
    function New-RecordsStore {
        $path = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        New-BmgUser -UserName 'yamada' -Name 'Yamada Hanako' -Organizations 'org-sales' | Out-Null
        Import-BmgDeviceCsv -Path (Write-TestCsv (New-CsvName) @(
                'Identifier,OS,UserName,DisplayName,Template,DeviceTags,DEPMethod,Serial',
                'iphone-005,ios,yamada,yamadaの iPhone,Standard,Sales,Serial,F2LXK0AAHG7F',
                'iphone-006,ios,,,,,,',
                'iphone-007,ios,,,,,,')) | Out-Null
        Set-BmgDevice iphone-006 -Description 'kiosk' -ChangedBy 'CONTOSO\alice' | Out-Null
        Rename-BmgTemplate -Name 'Standard' -NewName 'Standard-2026' | Out-Null
        Rename-BmgUser -UserName 'yamada' -NewUserName 'yamada.k' | Out-Null
        Rename-BmgDevice -Identifier 'iphone-007' -NewName 'iphone-007-old' | Out-Null
        New-BmgDevice -Identifier 'gone' -OS ios | Out-Null
        Remove-BmgDevice 'gone' -Confirm:$false
        return $path
    }

    function Get-Mismatch($Result, [string] $Subject, [string] $Field) {
        @($Result.Output[0].Records.Mismatches | Where-Object { $_.Subject -eq $Subject -and $_.Field -eq $Field })
    }
}

Describe 'Test-BmgHistory -Records (walkthrough 35, 6)' {
    BeforeEach {
        $script:Store = New-RecordsStore
        $script:Created = @(Get-BmgDeviceHistory iphone-005 -Action Created)[0]
    }

    It 'a store written only through the module matches: every row compared, no error' {
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        $check = $result.Output[0]
        $check.Valid | Should -BeTrue
        $check.Records.Match | Should -BeTrue
        $check.Records.Devices | Should -Be 3
        $check.Records.Users | Should -Be 1
        $check.Records.NotWhole | Should -Be 0
        ($check | Format-List | Out-String) | Should -Match 'Records\s*: 3 devices, 1 user: all match their history'
        (Invoke-Captured { Test-BmgHistory }).Output[0].Records | Should -BeNullOrEmpty -Because 'the comparison is opt-in'
    }

    It 'names each field edited by hand (device and user), with the value its history says and the entry that set it; Valid stays the chain''s' {
        $null = Invoke-HistorySql $Store "UPDATE devices SET display_name = 'hand edited', dep_method = NULL WHERE identifier = 'iphone-005';"
        $null = Invoke-HistorySql $Store "UPDATE users SET name = 'Forged' WHERE user_name = 'yamada.k';"
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $result.Output[0].Valid | Should -BeTrue -Because 'the chain itself still holds'
        $result.Output[0].Records.Match | Should -BeFalse
        $result.Output[0].Records.MismatchCount | Should -Be 3
        Assert-ErrorId $result.Errors 'RecordTampered' 3
        $name = Get-Mismatch $result 'iphone-005' 'DisplayName'
        $name | Should -HaveCount 1
        $name[0].Current | Should -BeExactly 'hand edited'
        $name[0].History | Should -BeExactly 'yamadaの iPhone'
        $name[0].Sequence | Should -Be $Created.Sequence
        $name[0].Problem | Should -BeExactly "Device 'iphone-005': DisplayName is 'hand edited', but its history says 'yamadaの iPhone' (entry $($Created.Sequence)): the row was edited by hand."
        $method = Get-Mismatch $result 'iphone-005' 'DEPMethod'
        $method[0].Current | Should -BeNullOrEmpty
        $method[0].History | Should -BeExactly 'Serial'
        (Get-Mismatch $result 'yamada.k' 'Name')[0].History | Should -BeExactly 'Yamada Hanako'
        @($result.Errors | ForEach-Object { $_.TargetObject }) | Should -Contain 'iphone-005'
        ($result.Output[0].Records.Mismatches | Format-Table | Out-String -Width 80) | Should -Match 'iphone-005\s+DisplayName\s+hand edited'
    }

    It 'an edit by hand that a later change overwrote is named at that change''s entry' {
        $null = Invoke-HistorySql $Store "UPDATE devices SET display_name = 'hand edited' WHERE identifier = 'iphone-005';"
        Set-BmgDevice iphone-005 -DisplayName 'Z' | Out-Null
        $later = @(Get-BmgDeviceHistory iphone-005)[0]
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $gap = Get-Mismatch $result 'iphone-005' 'DisplayName'
        $gap | Should -HaveCount 1
        $gap[0].Sequence | Should -Be $later.Sequence
        $gap[0].Current | Should -BeExactly 'hand edited' -Because 'the value that entry found'
        $gap[0].History | Should -BeExactly 'yamadaの iPhone'
        $gap[0].Problem | Should -BeLike "Device 'iphone-005': Entry $($later.Sequence) (device 'iphone-005', Set-BmgDevice, *) found DisplayName 'hand edited', but its history says 'yamadaの iPhone' (entry $($Created.Sequence)): the row was edited by hand before that entry."
    }

    It 'a row deleted by hand is named, as is a renamed device''s; a device the module removed is not' {
        $null = Invoke-HistorySql $Store "DELETE FROM devices WHERE identifier IN ('iphone-006', 'iphone-007-old');"
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $rows = @($result.Output[0].Records.Mismatches | Where-Object { $null -eq $_.Field })
        @($rows.Subject | Sort-Object) | Should -Be @('iphone-006', 'iphone-007-old')
        $rows[0].Problem | Should -BeLike "Device 'iphone-006' has no row, but its history says it exists (entry * is its newest, and no entry removed it): the row was deleted by hand."
        $result.Output[0].Records.MismatchCount | Should -Be 2 -Because 'the removed device ''gone'' is not named'
    }

    It 'a row restored by hand with the key of a device the module removed is named; a row inserted by hand with a new key is counted, not named (tamper37)' {
        $removed = @(Get-BmgDeviceHistory gone)[0]
        $removed.Action | Should -Be 'Removed'
        $columns = 'identifier, code, os, expiration_days, state, created_at, saved_at'
        $values = "'A7K29QX4', 'ios', 30, 'Registered', '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:00.0000000Z'"
        $null = Invoke-HistorySql $Store "INSERT INTO devices (device_id, $columns) VALUES ($($removed.DeviceKey), 'gone', $values);"
        $null = Invoke-HistorySql $Store "INSERT INTO devices ($columns) VALUES ('stray', $values);"
        $result = Invoke-Captured { Test-BmgHistory -Records }
        Assert-ErrorId $result.Errors 'RecordTampered' 1
        $records = $result.Output[0].Records
        $records.Devices | Should -Be 5
        $records.WithoutEntries | Should -Be 1 -Because 'no entry names the stray row''s key'
        $restored = $records.Mismatches[0]
        $restored.Subject | Should -BeExactly 'gone'
        $restored.Field | Should -BeNullOrEmpty
        $restored.Sequence | Should -Be $removed.Sequence
        $restored.Problem | Should -BeExactly "Device 'gone' has a row, but its history says it was removed (entry $($removed.Sequence)): the row was inserted or restored by hand."
    }

    It 'a check-in code emptied by hand is named as set or empty, never by its value' {
        $exported = Join-Path $TestDrive (New-CsvName)
        Export-BmgDeviceCsv -Identifier iphone-006 -Path $exported
        $code = (Import-Csv -LiteralPath $exported).Code
        $code | Should -Not -BeNullOrEmpty
        $null = Invoke-HistorySql $Store "UPDATE devices SET code = '' WHERE identifier = 'iphone-006';"
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $mismatch = Get-Mismatch $result 'iphone-006' 'Code'
        $mismatch | Should -HaveCount 1
        $mismatch[0].History | Should -BeExactly '(set)'
        $mismatch[0].Current | Should -BeNullOrEmpty
        $mismatch[0].Problem | Should -BeLike "Device 'iphone-006': Code is empty, but its history says it is set (entry *): the row was edited by hand."
        ($result.Output | ConvertTo-Json -Depth 5) + ($result.Errors | Out-String) | Should -Not -Match ([regex]::Escape($code))
    }

    It 'skips and counts the subjects whose first entries a clear removed, and says so; a store whose chain is broken is not compared' {
        Start-Sleep -Milliseconds 20
        Clear-BmgHistory -Before (Get-Date) -Confirm:$false | Out-Null
        Set-BmgDevice iphone-006 -DisplayName 'after the clear' | Out-Null
        $null = Invoke-HistorySql $Store "UPDATE devices SET display_name = 'hand edited' WHERE identifier = 'iphone-006';"
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $result.Errors | Should -BeNullOrEmpty -Because 'the device''s history no longer starts at its creation: nothing to compare it with'
        $records = $result.Output[0].Records
        $records.NotWhole | Should -Be 1
        $records.WithoutEntries | Should -Be 3
        "$records" | Should -BeExactly '3 devices, 1 user: all match their history; 1 history without its start (cleared, or the record predates the history) compared only for the row; 3 rows without entries not compared'

        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = replace(changes, 'after the clear', 'forged');"
        $broken = Invoke-Captured { Test-BmgHistory -Records }
        $broken.Output[0].Valid | Should -BeFalse
        $broken.Output[0].Records | Should -BeNullOrEmpty
        $broken.Warnings | Should -HaveCount 1
        "$($broken.Warnings[0])" | Should -BeLike 'The records were not compared with their history: the chain does not verify*'
    }
}

Describe 'Test-BmgHistory''s result says which store and when (walkthrough 35, 9)' {
    It 'carries Database and CheckedAt, as every other object of the module carries Database' {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'p-1' -OS ios | Out-Null
        $before = [DateTimeOffset]::Now
        $check = Test-BmgHistory
        $check.Database | Should -BeExactly (Get-BmgDevice p-1).Database
        $check.CheckedAt | Should -BeOfType [DateTimeOffset]
        $check.CheckedAt | Should -BeGreaterOrEqual $before.AddSeconds(-1)
        $check.CheckedAt.Offset | Should -Be ([TimeZoneInfo]::Local.GetUtcOffset($check.CheckedAt))
    }
}
