# Issue 15: every change on record. Each kind of write records one entry per device or user it changed, in
# the same transaction (a rolled-back import records nothing; an unchanged row records nothing); the check-in
# code shows as changed only; Get-BmgDeviceHistory / Get-BmgUserHistory ask; Test-BmgHistory finds rows edited
# by hand in the store file; Clear-BmgHistory forgets and records itself.
#
# What this file assumes about the store (to edit rows by hand as an intruder would, with SQL valid on SQLite
# and PostgreSQL alike): a table change_history with one row per entry and the columns sequence (the primary
# key), at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes
# (ChangeListText JSON), previous_hash and hash. It runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/History.Common.ps1
    $script:Me = [Environment]::UserName
    $script:ThisHost = [Environment]::MachineName
    $script:Arrow = [char]0x2192

    function New-HistoryStore {
        $path = New-TestStore
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgTemplate -Name Kiosk | Out-Null
        New-BmgDeviceTag -Name Sales | Out-Null
        New-BmgOrganization -Id org1 -Name 'Org one' | Out-Null
        return $path
    }

    # The Sequence of the newest entry (0 for an empty history).
    function Get-HeadSequence { $head = (Test-BmgHistory).HeadSequence; if ($null -eq $head) { 0 } else { $head } }

    # Every device and user entry after sequence $After, oldest first.
    function Get-EntriesAfter([long] $After) {
        @(@(Get-BmgDeviceHistory) + @(Get-BmgUserHistory) | Where-Object { $_ -and $_.Sequence -gt $After } | Sort-Object Sequence)
    }

    function Get-ChangeText($Entry) { @($Entry.Changes | ForEach-Object { $_.ToString() }) }

    # What a user sees of each device, by identifier (bookkeeping times left out): to tell which devices a command changed.
    function Get-DeviceStates {
        $states = @{}
        foreach ($device in Get-BmgDevice) { $states[$device.Identifier] = ($device | Select-CodeText | Select-Object * -ExcludeProperty CreatedAt, SavedAt | ConvertTo-Json -Compress) }
        return $states
    }

    # Runs a command and checks that history recorded exactly one entry, by that command, for each device whose state changed.
    function Assert-HistoryAgreesWithDevices([scriptblock] $Command, [string] $CommandName) {
        $before = Get-DeviceStates
        $head = Get-HeadSequence
        & $Command | Out-Null
        $after = Get-DeviceStates
        $changed = @($before.Keys + $after.Keys | Sort-Object -Unique | Where-Object { $before[$_] -ne $after[$_] })
        $entries = @(Get-BmgDeviceHistory | Where-Object Sequence -GT $head)
        @($entries.Identifier | Sort-Object) | Should -Be @($changed | Sort-Object) -Because "$CommandName records one entry per device it changed, none for the others"
        foreach ($entry in $entries) { $entry.Command | Should -Be $CommandName }
        return $entries
    }
}

Describe '15 each kind of write records one entry per device or user, old → new' {
    BeforeEach { $script:Store = New-HistoryStore }

    It '15 New-, Set- and Remove-BmgDevice: created, changed (only what changed), cleared, removed' {
        New-BmgDevice -Identifier iphone-001 -OS ios -Template Standard -DisplayName 'Yamada iPhone' | Out-Null
        $created = @(Get-BmgDeviceHistory iphone-001)
        $created | Should -HaveCount 1
        $created[0].Action | Should -Be 'Created'
        $created[0].Command | Should -Be 'New-BmgDevice'
        $created[0].OsUser | Should -Be $Me
        $created[0].Host | Should -Be $ThisHost
        $created[0].ImportId | Should -BeNullOrEmpty
        Get-ChangeText $created[0] | Should -Contain "Identifier: (none) $Arrow iphone-001"
        Get-ChangeText $created[0] | Should -Contain "Template: (none) $Arrow Standard"
        Get-ChangeText $created[0] | Should -Contain 'Code: changed'

        Set-BmgDevice iphone-001 -Template Kiosk -DisplayName $null | Out-Null
        $changed = @(Get-BmgDeviceHistory iphone-001)[0]
        $changed.Action | Should -Be 'Changed'
        $changed.Command | Should -Be 'Set-BmgDevice'
        Get-ChangeText $changed | Should -Be @("Template: Standard $Arrow Kiosk", "DisplayName: Yamada iPhone $Arrow (cleared)")
        $changed.Changes[1].IsCleared | Should -BeTrue

        Set-BmgDevice iphone-001 -Template Kiosk | Out-Null
        @(Get-BmgDeviceHistory iphone-001) | Should -HaveCount 2 -Because 'a write that changes nothing records nothing'

        Remove-BmgDevice iphone-001 -Confirm:$false
        $removed = @(Get-BmgDeviceHistory iphone-001)
        $removed | Should -HaveCount 3 -Because 'the history of a removed device stays'
        $removed[0].Action | Should -Be 'Removed'
        $removed[0].Command | Should -Be 'Remove-BmgDevice'
        Get-ChangeText $removed[0] | Should -Contain "Template: Kiosk $Arrow (cleared)"
    }

    It '15 New-, Set- and Remove-BmgUser record the user''s entries' {
        New-BmgUser -UserName yamada -Name 'Yamada Taro' | Out-Null
        Set-BmgUser yamada -EmailAddress yamada@example.com -Organizations org1 | Out-Null
        Set-BmgUser yamada -Name 'Yamada Taro' | Out-Null
        Remove-BmgUser yamada -Confirm:$false
        $entries = @(Get-BmgUserHistory yamada)
        $entries.Action | Should -Be @('Removed', 'Changed', 'Created')
        $entries.Command | Should -Be @('Remove-BmgUser', 'Set-BmgUser', 'New-BmgUser')
        Get-ChangeText $entries[1] | Should -Be @("EmailAddress: (none) $Arrow yamada@example.com", "Organizations: (none) $Arrow org1")
        $entries[1].UserName | Should -Be 'yamada'
    }

    It '15 Remove-BmgUser -Force records the unlinked devices too' {
        New-BmgUser -UserName sato | Out-Null
        New-BmgDevice -Identifier ipad-1 -OS ios -UserName sato | Out-Null
        $head = Get-HeadSequence
        Remove-BmgUser sato -Force -Confirm:$false
        $entries = Get-EntriesAfter $head
        $entries | Should -HaveCount 2
        $device = $entries | Where-Object SubjectKind -EQ 'Device'
        Get-ChangeText $device | Should -Be @("UserName: sato $Arrow (cleared)")
        ($entries | Where-Object SubjectKind -EQ 'User').Action | Should -Be 'Removed'
        $entries.Command | Sort-Object -Unique | Should -Be 'Remove-BmgUser'
    }

    It '15 an import records one entry per device and per user, with the import''s id and the row''s line' {
        $csv = Write-TestCsv (New-CsvName) @(
            'UserName,Name,Identifier,OS,Template'
            'yamada,Yamada Taro,iphone-001,ios,Standard'
            'suzuki,Suzuki Hanako,iphone-002,ios,'
            ',,ipad-003,ios,Kiosk'
        )
        $summary = Import-BmgDeviceCsv $csv
        $entries = Get-EntriesAfter 0 | Where-Object Command -EQ 'Import-BmgDeviceCsv'
        $entries | Should -HaveCount 5
        foreach ($entry in $entries) { $entry.ImportId | Should -Be $summary.HistoryId; $entry.Action | Should -Be 'Created' }
        ($entries | Where-Object Subject -EQ 'iphone-001').Line | Should -Be 2
        ($entries | Where-Object Subject -EQ 'yamada').Line | Should -Be 2
        ($entries | Where-Object Subject -EQ 'ipad-003').Line | Should -Be 4

        # Re-import with one changed cell: one entry, for that device, with only that field.
        $head = Get-HeadSequence
        $changed = Write-TestCsv (New-CsvName) @(
            'UserName,Name,Identifier,OS,Template'
            'yamada,Yamada Taro,iphone-001,ios,Standard'
            'suzuki,Suzuki Hanako,iphone-002,ios,Kiosk'
            ',,ipad-003,ios,Kiosk'
        )
        $second = Import-BmgDeviceCsv $changed
        $second.Unchanged | Should -Be 2
        $after = Get-EntriesAfter $head
        $after | Should -HaveCount 1 -Because 'unchanged rows record nothing'
        $after[0].Subject | Should -Be 'iphone-002'
        $after[0].Line | Should -Be 3
        $after[0].ImportId | Should -Be $second.HistoryId
        Get-ChangeText $after[0] | Should -Be @("Template: (none) $Arrow Kiosk")
    }

    It '15 a refused (rolled-back) import records nothing, and neither does -WhatIf' {
        New-BmgDevice -Identifier keep-1 -OS ios | Out-Null
        $before = Test-BmgHistory
        $bad = Write-TestCsv (New-CsvName) @('Identifier,OS,DisplayName', 'keep-1,ios,Changed', 'new-2,ios,New', 'bad device!,ios,Bad')
        $refused = Invoke-Captured { Import-BmgDeviceCsv $bad }
        $refused.Terminating | Should -Not -BeNullOrEmpty -Because 'a failed row refuses the whole file'
        Import-BmgDeviceCsv (Write-TestCsv (New-CsvName) @('Identifier,OS,DisplayName', 'keep-1,ios,Changed')) -WhatIf | Out-Null
        $after = Test-BmgHistory
        $after.HeadHash | Should -Be $before.HeadHash
        $after.Entries | Should -Be $before.Entries
        @(Get-BmgDeviceHistory new-2 -ErrorAction SilentlyContinue) | Should -HaveCount 0
    }

    It '15 -SkipInvalidRows records the rows it committed, and nothing for the failed ones' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'good-1,ios', 'bad device!,ios', 'good-2,ios')
        Import-BmgDeviceCsv $csv -SkipInvalidRows -ErrorAction SilentlyContinue | Out-Null
        (Get-EntriesAfter 0).Subject | Sort-Object | Should -Be @('good-1', 'good-2')
        (Get-BmgDeviceHistory good-2).Line | Should -Be 4
    }

    It '15 the check-in code is recorded as changed, never its value, anywhere' {
        New-BmgDevice -Identifier code-1 -OS ios -Code A7K29QX4 | Out-Null
        Set-BmgDevice code-1 -Code Z9Q2W7E4 | Out-Null
        $entry = @(Get-BmgDeviceHistory code-1)[0]
        Get-ChangeText $entry | Should -Be @('Code: changed')
        $entry.Changes[0].OldValue | Should -BeNullOrEmpty
        $entry.Changes[0].NewValue | Should -BeNullOrEmpty
        $shown = (Get-BmgDeviceHistory code-1 | Format-List * | Out-String -Width 300) + (Get-BmgDeviceHistory code-1 | Out-String -Width 300)
        $shown | Should -Not -Match 'A7K29QX4|Z9Q2W7E4'
        $raw = (Invoke-HistorySql $Store 'SELECT * FROM change_history;' | ForEach-Object { $_ -join '|' }) -join "`n"
        $raw | Should -Not -Match 'A7K29QX4|Z9Q2W7E4'
    }

    It '15 Set-BmgDeviceDepEnrollment, check-in and withdrawal record the fields they change' {
        New-BmgDevice -Identifier dep-1 -OS ios | Out-Null
        Set-BmgDeviceDepEnrollment -Identifier dep-1 -Method Keycode | Out-Null
        $dep = @(Get-BmgDeviceHistory dep-1)[0]
        $dep.Command | Should -Be 'Set-BmgDeviceDepEnrollment'
        Get-ChangeText $dep | Should -Be @("DEPMethod: (none) $Arrow Keycode")

        New-BmgDevice -Identifier chk-1 -OS ios -Code chk12345 | Out-Null
        Register-BmgDeviceCheckIn -Identifier chk-1 -Code chk12345 | Out-Null
        $checkIn = @(Get-BmgDeviceHistory chk-1)[0]
        $checkIn.Command | Should -Be 'Register-BmgDeviceCheckIn'
        Get-ChangeText $checkIn | Should -Contain "State: Registered $Arrow CheckedIn"
        $checkIn.Changes.Field | Should -Contain 'CheckedInAt'
        (Get-ChangeText $checkIn) -join ' ' | Should -Not -Match 'chk12345'

        Unregister-BmgDevice chk-1 -Confirm:$false | Out-Null
        $withdrawn = @(Get-BmgDeviceHistory chk-1)[0]
        $withdrawn.Command | Should -Be 'Unregister-BmgDevice'
        Get-ChangeText $withdrawn | Should -Contain "State: CheckedIn $Arrow Withdrawn"
        $withdrawn.Changes.Field | Should -Contain 'WithdrawnAt'
    }

    It '15 renames of templates, device tags and organizations record each device or user they touch' {
        New-BmgUser -UserName u1 -Organizations org1 | Out-Null
        New-BmgDevice -Identifier t-1 -OS ios -Template Standard -DeviceTags Sales | Out-Null
        New-BmgDevice -Identifier t-2 -OS ios -Template Kiosk | Out-Null

        $template = Assert-HistoryAgreesWithDevices { Rename-BmgTemplate -Name Standard -NewName Office } 'Rename-BmgTemplate'
        $template | Should -HaveCount 1
        Get-ChangeText $template[0] | Should -Be @("Template: Standard $Arrow Office")

        $tag = Assert-HistoryAgreesWithDevices { Rename-BmgDeviceTag -Name Sales -NewName Field } 'Rename-BmgDeviceTag'
        Get-ChangeText $tag[0] | Should -Be @("DeviceTags: Sales $Arrow Field")

        $head = Get-HeadSequence
        Rename-BmgOrganization -Id org1 -NewName org9 | Out-Null
        $user = Get-EntriesAfter $head
        $user | Should -HaveCount 1
        $user[0].Command | Should -Be 'Rename-BmgOrganization'
        Get-ChangeText $user[0] | Should -Be @("Organizations: org1 $Arrow org9")
    }

    It '15 DEP data that touches a device (a profile renamed) records exactly the devices it changed' {
        $dep = Write-TestCsv (New-CsvName) @('SerialNumber,Model,Description,ProfileName', 'F2LXKL0AHG7F,iPhone 15,IPHONE,Sales iPhones')
        Import-BmgDepDevice $dep | Out-Null
        New-BmgDevice -Identifier dep-phone -OS ios -Serial F2LXKL0AHG7F -DEPMethod Serial | Out-Null
        Register-BmgDeviceCheckIn -Serial F2LXKL0AHG7F | Out-Null
        New-BmgDevice -Identifier bystander -OS ios | Out-Null

        $profile = (Get-BmgDepProfile 'Sales iPhones').Uuid
        if ($profile) {
            $null = Assert-HistoryAgreesWithDevices { Set-BmgDepProfile -Uuid $profile -Name 'Renamed iPhones' } 'Set-BmgDepProfile'
        }
        @(Get-BmgDeviceHistory bystander) | Should -HaveCount 1 -Because 'a device the DEP data does not touch records nothing'
    }

    It '15 a DEP release of the serial a device uses, and its undoing, record one DepReleased entry for that device (fixw35, walk35 4)' {
        $dep = Write-TestCsv (New-CsvName) @('SerialNumber,Model,Description', 'F2LXKL0AHG7F,iPhone 15,IPHONE', 'F2LXKL0AHG7G,iPhone 15,IPHONE')
        Import-BmgDepDevice $dep | Out-Null
        New-BmgDevice -Identifier dep-phone -OS ios -Serial F2LXKL0AHG7F -DEPMethod Serial | Out-Null
        New-BmgDevice -Identifier bystander -OS ios -Serial F2LXKL0AHG7G -DEPMethod Serial | Out-Null
        $release = Join-Path $TestDrive "release-$([guid]::NewGuid().ToString('N')).json"
        [IO.File]::WriteAllText($release, '{"devices":[{"serial_number":"F2LXKL0AHG7F","model":"iPhone 15","op_type":"deleted","op_date":"2026-11-25T00:00:00Z"}],"cursor":"MToz","more_to_follow":false}')

        $head = Get-HeadSequence
        Import-BmgDepDevice $release -WhatIf -WarningAction SilentlyContinue | Out-Null
        Get-HeadSequence | Should -Be $head -Because '-WhatIf records nothing'

        Import-BmgDepDevice $release -ChangedBy 'CONTOSO\alice' -WarningAction SilentlyContinue | Out-Null
        $entries = @(Get-EntriesAfter $head)
        $entries | Should -HaveCount 1 -Because 'one entry for the device whose serial Apple released, none for the others'
        $entries[0].Identifier | Should -Be 'dep-phone'
        $entries[0].Action | Should -Be 'Changed'
        $entries[0].Command | Should -Be 'Import-BmgDepDevice'
        $entries[0].ChangedBy | Should -Be 'CONTOSO\alice'
        $entries[0].OsUser | Should -Be $Me
        $entries[0].Host | Should -Be $ThisHost
        $entries[0].Changes | Should -HaveCount 1
        $entries[0].Changes[0].Field | Should -Be 'DepReleased'
        $entries[0].Changes[0].OldValue | Should -BeNullOrEmpty
        [DateTimeOffset]::Parse($entries[0].Changes[0].NewValue, [Globalization.CultureInfo]::InvariantCulture) | Should -Be ([DateTimeOffset]'2026-11-25T00:00:00Z')
        (Get-ChangeText $entries[0]) | Should -BeLike "DepReleased: (none) $Arrow 2026-11-2*"
        @(Get-BmgDeviceHistory dep-phone -Field DepReleased) | Should -HaveCount 1 -Because '-Field takes DepReleased'

        # The same file again changes nothing: nothing is recorded.
        $head = Get-HeadSequence
        Import-BmgDepDevice $release -WarningAction SilentlyContinue | Out-Null
        Get-HeadSequence | Should -Be $head

        # A file without a time of its own re-adds the serial (the release is undone, with a warning): DepReleased is cleared.
        $again = Write-TestCsv (New-CsvName) @('SerialNumber,Model,Description', 'F2LXKL0AHG7F,iPhone 15,IPHONE')
        Import-BmgDepDevice $again -WarningAction SilentlyContinue | Out-Null
        $undone = @(Get-EntriesAfter $head)
        $undone | Should -HaveCount 1
        $undone[0].Identifier | Should -Be 'dep-phone'
        $undone[0].ChangedBy | Should -BeNullOrEmpty
        $undone[0].Changes[0].Field | Should -Be 'DepReleased'
        $undone[0].Changes[0].IsCleared | Should -BeTrue

        (Test-BmgHistory).Valid | Should -BeTrue -Because 'the DEP entries join the chain as every other entry does'
    }

    It '15 Import-BmgDepDevice -ChangedBy is checked before anything is written (fixw35, walk35 4)' {
        $dep = Write-TestCsv (New-CsvName) @('SerialNumber,Model,Description', 'F2LXKL0AHG7F,iPhone 15,IPHONE')
        { Import-BmgDepDevice $dep -ChangedBy "two`nlines" -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidFieldValue*'
        @(Get-BmgDepDevice) | Should -HaveCount 0
    }
}

Describe '15 asking the history' {
    BeforeAll {
        $script:Store = New-HistoryStore
        New-BmgUser -UserName yamada | Out-Null
        New-BmgDevice -Identifier iphone-001 -OS ios -UserName yamada | Out-Null
        Start-Sleep -Milliseconds 20   # distinct entry times, so -Since/-Until can pick one entry
        Set-BmgDevice iphone-001 -Template Standard | Out-Null
        Start-Sleep -Milliseconds 20
        Set-BmgDevice iphone-001 -DisplayName 'Yamada iPhone' -Serial F2LXKL0AHG7F | Out-Null
        Start-Sleep -Milliseconds 20
        New-BmgDevice -Identifier ipad-002 -OS ios | Out-Null
        $script:All = @(Get-BmgDeviceHistory)
    }

    It '15 newest first, every device without -Identifier' {
        $All | Should -HaveCount 4
        $sequences = @($All.Sequence)
        $sequences | Should -Be @($sequences | Sort-Object -Descending)
        $All[0].Identifier | Should -Be 'ipad-002'
    }

    It '15 Get-BmgDevice | Get-BmgDeviceHistory and Get-BmgUser | Get-BmgUserHistory' {
        @(Get-BmgDevice iphone-001 | Get-BmgDeviceHistory) | Should -HaveCount 3
        @(Get-BmgDevice | Get-BmgDeviceHistory) | Should -HaveCount 4
        @(Get-BmgUser yamada | Get-BmgUserHistory).Action | Should -Be @('Created')
        @('IPHONE-001' | Get-BmgDeviceHistory) | Should -HaveCount 3 -Because 'identifiers ignore case'
    }

    It '15 wildcards, and a name that was never there is DeviceNotFound / UserNotFound' {
        @(Get-BmgDeviceHistory 'ip*').Identifier | Sort-Object -Unique | Should -Be @('ipad-002', 'iphone-001')
        @(Get-BmgDeviceHistory 'ipa?-*').Identifier | Sort-Object -Unique | Should -Be @('ipad-002')
        $missing = Invoke-Captured { Get-BmgDeviceHistory nothing-here }
        Assert-ErrorId $missing.Errors 'DeviceNotFound'
        $missingUser = Invoke-Captured { Get-BmgUserHistory nobody }
        Assert-ErrorId $missingUser.Errors 'UserNotFound'
        @(Get-BmgDeviceHistory 'zz*') | Should -HaveCount 0
    }

    It '15 -Since and -Until include their own instant' {
        $middle = $All | Where-Object { $_.Changes.Field -contains 'Template' }
        $picked = @(Get-BmgDeviceHistory -Since $middle.At.UtcDateTime -Until $middle.At.UtcDateTime)
        $picked.Sequence | Should -Be @($middle.Sequence)
        @(Get-BmgDeviceHistory -Since $middle.At.UtcDateTime).Count | Should -Be 3
        @(Get-BmgDeviceHistory -Until $middle.At.UtcDateTime).Count | Should -Be 2
        @(Get-BmgDeviceHistory -Since $middle.At.LocalDateTime -Until $middle.At.LocalDateTime).Sequence | Should -Be @($middle.Sequence) -Because 'a time without a zone is local time'
    }

    It '15 -Field and -User' {
        @(Get-BmgDeviceHistory -Field Serial).Identifier | Should -Be @('iphone-001')
        @(Get-BmgDeviceHistory -Field serial, Template) | Should -HaveCount 2
        @(Get-BmgDeviceHistory -User $Me) | Should -HaveCount 4
        @(Get-BmgDeviceHistory -User "$($Me.Substring(0, 1))*") | Should -HaveCount 4
        @(Get-BmgDeviceHistory -User 'no-such-os-user') | Should -HaveCount 0
        { Get-BmgDeviceHistory -Field NotAField } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BizMobileGo.PowerShell.GetBmgDeviceHistoryCommand'
    }

    It '15 the table fits 80 columns with whole headers; Format-List shows every field as old → new' {
        $lines = @((Get-BmgDeviceHistory | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        foreach ($label in 'At', 'User', 'Identifier', 'Changes') { $lines[0] | Should -Match "(^|\s)$label(\s|$)" }
        # The command is in Format-List, not the table (walkthrough 25, 4: it took the room of -Field's old → new).
        $lines[0] | Should -Not -Match '(^|\s)Command(\s|$)'
        # The count in words, whole at 80 columns (walkthrough 43, 9: "Serial, +1" was terse).
        ($lines -join "`n") | Should -Match 'Serial and 1 more\s*$|Serial and 1 more\r?\n' -Because 'the summary names the first changed field and how many more'
        ($lines -join "`n") | Should -Not -Match ', \+\d'
        ($lines -join "`n") | Should -Match 'created'

        $list = Get-BmgDeviceHistory iphone-001 | Select-Object -First 1 | Format-List | Out-String -Width 120
        $list | Should -Match "DisplayName: \(none\) $Arrow Yamada iPhone"
        $list | Should -Match "Serial: \(none\) $Arrow F2LXKL0AHG7F"
        $list | Should -Match "(?m)^OsUser\s+: $([regex]::Escape($Me))\s*$"
        $list | Should -Match "(?m)^Host\s+: $([regex]::Escape($ThisHost))\s*$"

        $userLines = @((Get-BmgUserHistory | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $userLines[0] | Should -Match '(^|\s)UserName(\s|$)'
    }

    It 'walkthrough 24, 5: with -Field the table shows those fields'' old → new, text left-aligned, within 80 columns' {
        $lines = @((Get-BmgDeviceHistory iphone-001 -Field Template | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $row = "^\d{4}-\d\d-\d\d \d\d:\d\d iphone-001\s+$([regex]::Escape($Me))\s+Template: \(none\) $Arrow Standard\s*$"
        @($lines | Where-Object { $_ -match $row }) | Should -HaveCount 1 -Because ($lines -join "`n")
        # A created record's entry says so before the fields' first values (the table has no Action column).
        (Get-BmgDeviceHistory iphone-001 -Field UserName | Out-String -Width 120) | Should -Match "created; UserName: \(none\) $Arrow yamada"
        (Get-BmgDeviceHistory iphone-001 -Field UserName).FieldChanges | Should -Be "created; UserName: (none) $Arrow yamada"

        # Without -Field: the summary, left-aligned under its header (it was right-aligned, and read like a number).
        $all = @((Get-BmgDeviceHistory | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $column = $all[0].IndexOf('Changes')
        @($all | Where-Object { $_ -match 'created\s*$' } | ForEach-Object { $_.IndexOf('created') } | Sort-Object -Unique) | Should -Be @($column)
        @($all | Where-Object { $_ -match 'Serial and 1 more\s*$' } | ForEach-Object { $_.IndexOf('Serial and 1 more') }) | Should -Be @($column)
        $users = @((Get-BmgUserHistory | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        @($users | Where-Object { $_ -match 'created\s*$' } | ForEach-Object { $_.IndexOf('created') }) | Should -Be @($users[0].IndexOf('Changes'))
    }

    It 'walkthrough 24, 5: -Action keeps only entries of those kinds, with -Field too, and completes its three values' {
        @(Get-BmgDeviceHistory -Action Created).Action | Should -Be @('Created', 'Created')
        @(Get-BmgDeviceHistory -Action Changed).Action | Should -Be @('Changed', 'Changed')
        @(Get-BmgDeviceHistory -Action Removed) | Should -HaveCount 0
        @(Get-BmgDeviceHistory -Action Created, Changed) | Should -HaveCount 4
        # Created entries give fields their first values: -Field OS finds both creations, -Action Changed none of them.
        @(Get-BmgDeviceHistory -Field OS) | Should -HaveCount 2
        @(Get-BmgDeviceHistory -Field OS -Action Changed) | Should -HaveCount 0
        @(Get-BmgDeviceHistory -Field UserName, Serial -Action Changed).Sequence | Should -Be @(($All | Where-Object { $_.Changes.Field -contains 'Serial' }).Sequence)
        @(Get-BmgUserHistory -Action Created).UserName | Should -Be @('yamada')
        @(Get-BmgUserHistory -Action Changed) | Should -HaveCount 0
        { Get-BmgDeviceHistory -Action Cleared } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BizMobileGo.PowerShell.GetBmgDeviceHistoryCommand'
        $line = 'Get-BmgDeviceHistory -Action '
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object) | Should -Be @('Changed', 'Created', 'Removed')
    }

    It 'walkthrough 24, 5: -Action is filtered in the store''s query: a created entry that no longer reads is not read by -Action Changed' {
        # The creation of ipad-002 made unreadable by hand: a query that read it would stop (HistoryTampered); one that
        # leaves Created rows out in SQL never parses it.
        $created = @(Get-BmgDeviceHistory ipad-002)[-1]
        $original = (Invoke-HistorySql $Store "SELECT changes FROM change_history WHERE sequence = $($created.Sequence);")[0][0]
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = '[{' WHERE sequence = $($created.Sequence);"
        try {
            $read = Invoke-Captured { Get-BmgDeviceHistory -Action Changed }
            $read.Terminating | Should -BeNullOrEmpty
            $read.Errors | Should -BeNullOrEmpty
            @($read.Output) | Should -HaveCount 2
            $all = Invoke-Captured { Get-BmgDeviceHistory }
            @($all.Errors) + @($all.Terminating) | Where-Object { $_ } | Should -Not -BeNullOrEmpty -Because 'the unfiltered query reads the broken row'
        }
        finally {
            $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = '$($original -replace "'", "''")' WHERE sequence = $($created.Sequence);"
        }
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It '15 the history belongs to the device: a removed device keeps it, and a new device with its identifier is told apart' {
        Remove-BmgDevice ipad-002 -Confirm:$false
        New-BmgDevice -Identifier ipad-002 -OS android | Out-Null
        $entries = @(Get-BmgDeviceHistory ipad-002)
        $entries.Action | Should -Be @('Created', 'Removed', 'Created')
        @($entries.SubjectKey | Sort-Object -Unique) | Should -HaveCount 2
        $entries[0].SubjectKey | Should -Not -Be $entries[1].SubjectKey
        $entries[1].SubjectKey | Should -Be $entries[2].SubjectKey
    }
}

Describe '15 wildcard look-ups read only the names that start with the pattern''s literal start' {
    BeforeAll {
        $script:Store = New-HistoryStore
        # SQL's wildcards (_ %) and PowerShell's ([ ]) in names; names that differ only in case.
        $script:UserNames = @('a_b', 'axb', 'a%b', 'a%%c', 'a[1]', 'A[1]x', 'Sato.K', 'sato.k2')
        $script:Identifiers = @('dev_1', 'devx1', 'DEV_2', 'dev-3', 'other_1')
        foreach ($name in $UserNames) { New-BmgUser -UserName $name | Out-Null }
        foreach ($identifier in $Identifiers) { New-BmgDevice -Identifier $identifier -OS ios | Out-Null }
    }

    It '15 each pattern finds exactly what PowerShell''s own wildcard matching finds: <Kind> <Pattern>' -ForEach @(
        @{ Kind = 'User'; Pattern = 'a_*' }
        @{ Kind = 'User'; Pattern = 'a%*' }
        @{ Kind = 'User'; Pattern = 'a`[*' }
        @{ Kind = 'User'; Pattern = 'A`[*' }
        @{ Kind = 'User'; Pattern = 'a?b' }
        @{ Kind = 'User'; Pattern = 'a*' }
        @{ Kind = 'User'; Pattern = '*b' }
        @{ Kind = 'User'; Pattern = 'Sato.*' }
        @{ Kind = 'User'; Pattern = 'sato*' }
        @{ Kind = 'Device'; Pattern = 'dev_*' }
        @{ Kind = 'Device'; Pattern = 'DEV_*' }
        @{ Kind = 'Device'; Pattern = 'De?-*' }
        @{ Kind = 'Device'; Pattern = 'DEV*' }
        @{ Kind = 'Device'; Pattern = '*_?' }
    ) {
        if ($Kind -eq 'User') {
            $found = @(Get-BmgUserHistory -UserName $Pattern | ForEach-Object UserName | Sort-Object -Unique -CaseSensitive)
            $matcher = [WildcardPattern]::new($Pattern, [System.Management.Automation.WildcardOptions]::None)
            $expected = @($UserNames | Where-Object { $matcher.IsMatch($_) } | Sort-Object -CaseSensitive)
        } else {
            $found = @(Get-BmgDeviceHistory -Identifier $Pattern | ForEach-Object Identifier | Sort-Object -Unique)
            $matcher = [WildcardPattern]::new($Pattern, [System.Management.Automation.WildcardOptions]::IgnoreCase)
            $expected = @($Identifiers | Where-Object { $matcher.IsMatch($_) } | Sort-Object)
        }

        $expected | Should -Not -BeNullOrEmpty -Because 'each pattern names something'
        $found | Should -Be $expected
    }
}

Describe '15 wildcard look-ups find what PowerShell''s culture-sensitive match finds' {
    # PowerShell matches a pattern 'text*' with a culture-sensitive StartsWith: it skips U+00AD, U+200B, U+FEFF (and, ignoring
    # case, ASCII controls) and takes é as e + U+0301. No start compared by code point may narrow a user name then; an
    # identifier's start ends before a character no identifier holds.
    BeforeAll {
        $script:Store = New-HistoryStore
        # U+FEFF inside the name: a name may not start or end with an invisible character (walkthrough 20, finding 6).
        $script:UserNames = @("Jose$([char]0x301) Garcia", "us$([char]0xAD)er1", "u$([char]0xFEFF)ser2", 'aZx', 'user3')
        $script:Identifiers = @('dev1', 'DEV_2', 'de-v3', 'other')
        foreach ($name in $UserNames) { New-BmgUser -UserName $name | Out-Null }
        foreach ($identifier in $Identifiers) { New-BmgDevice -Identifier $identifier -OS ios | Out-Null }
    }

    It '15 a user pattern: <Pattern>' -ForEach @(
        @{ Pattern = "Jos$([char]0xE9)*" }
        @{ Pattern = 'user*' }
        @{ Pattern = 'aZ*' }
    ) {
        $matcher = [WildcardPattern]::new($Pattern, [System.Management.Automation.WildcardOptions]::None)
        $expected = @($UserNames | Where-Object { $matcher.IsMatch($_) } | Sort-Object -CaseSensitive)
        $found = @(Get-BmgUserHistory -UserName $Pattern | ForEach-Object UserName | Sort-Object -Unique -CaseSensitive)
        $expected | Should -Not -BeNullOrEmpty -Because 'each pattern names something'
        # As code points: the names differ in characters the console doesn't show.
        @($found | ForEach-Object { [int[]]$_.ToCharArray() -join ' ' }) | Should -Be @($expected | ForEach-Object { [int[]]$_.ToCharArray() -join ' ' })
    }

    It '15 a device pattern holding a control character: <Name>' -ForEach @(
        @{ Name = 'de`u{1}v*'; Pattern = "de$([char]1)v*" }
    ) {
        $matcher = [WildcardPattern]::new($Pattern, [System.Management.Automation.WildcardOptions]::IgnoreCase)
        $expected = @($Identifiers | Where-Object { $matcher.IsMatch($_) } | Sort-Object)
        $expected | Should -Contain 'dev1' -Because 'PowerShell''s match ignores the control character'
        $found = @(Get-BmgDeviceHistory -Identifier $Pattern | ForEach-Object Identifier | Sort-Object -Unique)
        $found | Should -Be $expected
    }
}

Describe '15 tamper evidence' {
    BeforeEach {
        $script:Store = New-HistoryStore
        foreach ($i in 1..5) { New-BmgDevice -Identifier "dev-$i" -OS ios | Out-Null }
        Set-BmgDevice dev-3 -DisplayName 'Three' | Out-Null
    }

    It '15 an untouched history verifies and gives the head hash to write down' {
        $result = Test-BmgHistory
        $result.Valid | Should -BeTrue
        $result.HeadHash | Should -Match '^[0-9a-f]{64}$'
        $result.HeadSequence | Should -Be $result.Entries
        (Test-BmgHistory -KnownHash $result.HeadHash).Valid | Should -BeTrue
        ($result | Out-String -Width 80) | Should -Match $result.HeadHash
    }

    It '15 a row edited by hand (<Edit>) is named, with the error HistoryTampered' -ForEach @(
        @{ Edit = 'a changed value'; Sql = "UPDATE change_history SET changes = replace(changes, 'Three', 'Four') WHERE sequence = {0};"; Bad = 'three' }
        @{ Edit = 'another OS user'; Sql = "UPDATE change_history SET os_user = 'intruder' WHERE sequence = {0};"; Bad = 'three' }
        @{ Edit = 'another time'; Sql = "UPDATE change_history SET at = '2001-01-01T00:00:00.000000Z' WHERE sequence = {0};"; Bad = 'three' }
        @{ Edit = 'a removed middle entry'; Sql = "DELETE FROM change_history WHERE sequence = {0};"; Bad = 'three-created' }
        @{ Edit = 'the oldest entry removed'; Sql = "DELETE FROM change_history WHERE sequence = (SELECT min(sequence) FROM change_history);"; Bad = 'first' }
    ) {
        # dev-3's newest entry (its DisplayName change) is the newest of all; its creation is in the middle.
        $target = if ($Bad -eq 'three-created') { @(Get-BmgDeviceHistory dev-3)[-1].Sequence } else { @(Get-BmgDeviceHistory dev-3)[0].Sequence }
        $first = @(Get-BmgDeviceHistory | Sort-Object Sequence)[0].Sequence
        $null = Invoke-HistorySql $Store ($Sql -f $target)
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeFalse
        $result.Output[0].FirstBadEntry | Should -Be $(if ($Bad -eq 'first') { $first } else { $target })
        Assert-ErrorId $result.Errors 'HistoryTampered'
        "$($result.Errors[0])" | Should -Match "$($result.Output[0].FirstBadEntry)"
        { Test-BmgHistory -ErrorAction Stop } | Should -Throw -ErrorId 'HistoryTampered,*'
    }

    It 'walkthrough 21: the names index edited by hand (<Edit>) is found by Test-BmgHistory, and the look-up says what it read' -ForEach @(
        @{ Edit = 'the old name renamed'; Sql = "UPDATE change_history_names SET subject = 'zz' WHERE subject = 'dev-3';" }
        @{ Edit = 'the old name deleted'; Sql = "DELETE FROM change_history_names WHERE subject = 'dev-3';" }
    ) {
        # dev-3 renamed: its entries under the old name are found through the names index, which no hash covers.
        Rename-BmgDevice dev-3 -NewName dev-3-new
        @(Get-BmgDeviceHistory dev-3) | Should -HaveCount 3
        (Test-BmgHistory).Valid | Should -BeTrue
        $null = Invoke-HistorySql $Store $Sql

        $lookUp = Invoke-Captured { Get-BmgDeviceHistory dev-3 }
        Assert-ErrorId $lookUp.Errors 'DeviceNotFound'
        "$($lookUp.Errors[0])" | Should -Not -Match 'holds nothing' -Because 'only the devices and the index were read, not the entries'
        "$($lookUp.Errors[0])" | Should -Match 'Test-BmgHistory'

        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeFalse
        $result.Output[0].FirstBadEntry | Should -BeNullOrEmpty -Because 'every entry holds: the index is what was edited'
        $result.Output[0].BadName.Key | Should -Be "$((Get-BmgDevice dev-3-new).DeviceKey)"
        Assert-ErrorId $result.Errors 'HistoryTampered'
        "$($result.Errors[0])" | Should -Match "names index"
    }

    It '15 removing the newest entries is found only against a head hash written down before' {
        $writtenDown = (Test-BmgHistory).HeadHash
        $null = Invoke-HistorySql $Store 'DELETE FROM change_history WHERE sequence = (SELECT max(sequence) FROM change_history);'
        (Test-BmgHistory).Valid | Should -BeTrue -Because 'the rest is a valid chain: the README says so'
        $result = Invoke-Captured { Test-BmgHistory -KnownHash $writtenDown }
        $result.Output[0].Valid | Should -BeFalse
        # The chain holds: a removal reads exactly like a mistyped hash, so the error says to check the hash (walkthrough 11.6).
        Assert-ErrorId $result.Errors 'KnownHashNotFound'
    }
}

Describe '15 Clear-BmgHistory' {
    BeforeEach {
        $script:Store = New-HistoryStore
        foreach ($i in 1..4) { New-BmgDevice -Identifier "old-$i" -OS ios | Out-Null; Start-Sleep -Milliseconds 20 }
        $script:Cut = @(Get-BmgDeviceHistory old-3)[0]
    }

    It '15 removes the entries before the date, records itself, and what is left verifies' {
        $cleared = Clear-BmgHistory -Before $Cut.At.UtcDateTime -Confirm:$false -PassThru
        $cleared.Action | Should -Be 'Cleared'
        $cleared.Command | Should -Be 'Clear-BmgHistory'
        $cleared.OsUser | Should -Be $Me
        ($cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be '2'
        @(Get-BmgDeviceHistory).Identifier | Should -Be @('old-4', 'old-3')
        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $check.Entries | Should -Be 3
        $check.HeadHash | Should -Be $cleared.Hash
        ($cleared | Format-List | Out-String) | Should -Match 'RemovedEntries'
    }

    It '15 after a clear, an entry removed by hand from the oldest end is still found' {
        Clear-BmgHistory -Before $Cut.At.UtcDateTime -Confirm:$false
        $null = Invoke-HistorySql $Store 'DELETE FROM change_history WHERE sequence = (SELECT min(sequence) FROM change_history);'
        (Test-BmgHistory -ErrorAction SilentlyContinue).Valid | Should -BeFalse
    }

    It '15 -WhatIf removes nothing and records nothing' {
        $before = Test-BmgHistory
        Clear-BmgHistory -Before (Get-Date) -WhatIf
        (Test-BmgHistory).HeadHash | Should -Be $before.HeadHash
    }

    It '15 -WhatIf and the -Confirm prompt name how many entries the clear would remove, a pack counted by its entries' {
        # 30 rows of an import: 60 created entries, kept as a pack (a few rows of the packs table), after the 4 single rows.
        $csv = Join-Path $TestDrive 'packed-clear.csv'
        @('UserName,Identifier,OS,Template') + (1..30 | ForEach-Object { 'clear-user-{0:D2},clear-{0:D2},ios,Standard' -f $_ }) | Set-Content -LiteralPath $csv
        Import-BmgDeviceCsv -LiteralPath $csv | Out-Null
        (Invoke-HistorySql $Store 'SELECT count(*) FROM change_history_packs;')[0][0] | Should -BeGreaterThan 0
        $head = (Test-BmgHistory).HeadHash
        $upToNow = (Get-Date).ToString('o')

        # 'What if:' lines go to the host; a transcript records them.
        $transcript = Join-Path $TestDrive 'clear-whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try { Clear-BmgHistory -Before $upToNow -WhatIf } finally { $null = Stop-Transcript }
        (Get-Content -Raw -LiteralPath $transcript) -replace '\s+', ' ' |
            Should -Match 'What if: Performing the operation "Remove 64 entries" on target "Change history entries recorded before '

        # Clear-BmgHistory is ConfirmImpact High: a console asks by default; the answer No removes nothing.
        $child = Join-Path $TestDrive 'clear-confirm.ps1'
        Set-Content -LiteralPath $child -Value @'
param([string] $Module, [string] $Database, [string] $Before)
Import-Module $Module
Clear-BmgHistory -Before $Before -Database $Database
'@
        $process = Start-BmgChild $child @('-Database', $Store, '-Before', $upToNow) -Interactive
        $process.StandardInput.WriteLine('N')
        $process.StandardInput.Close()
        $prompt = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $prompt -replace '\s+', ' ' | Should -Match 'Performing the operation "Remove 64 entries" on target "Change history entries recorded before '
        (Test-BmgHistory).HeadHash | Should -Be $head
    }

    It '15 a history edited by hand is not cleared (HistoryTampered), so the clear can''t hide it' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'intruder' WHERE sequence = 2;"
        $rows = (Invoke-HistorySql $Store 'SELECT count(*) FROM change_history;')[0][0]
        $result = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Confirm:$false }
        # The command's one operation refused: a terminating error (walkthrough 19, 4), as ImportFailed.
        $result.Errors | Should -BeNullOrEmpty
        Assert-ErrorId $result.Terminating 'HistoryTampered'
        (Invoke-HistorySql $Store 'SELECT count(*) FROM change_history;')[0][0] | Should -Be $rows

        # A retention job run by pwsh -File catches it without -ErrorAction Stop (a non-terminating error passed a
        # try/catch by, and the job exited 0 having cleared nothing).
        $job = Invoke-FreshPwsh -Script @"
Import-Module '$env:BMG_TEST_MODULE'
try { Clear-BmgHistory -Before (Get-Date) -Confirm:`$false -Database '$Store' }
catch { Write-Output ('caught ' + `$_.FullyQualifiedErrorId); exit 3 }
'not caught'
"@
        $job.Text | Should -BeLike 'caught HistoryTampered,*' -Because $job.Text
        $job.ExitCode | Should -Be 3
    }
}

# Walkthrough 24, finding 4: a hand edit of the history made Clear-BmgHistory refuse every night with no way forward. The
# refusal says the ways forward; -AcceptTampered <sequence> clears entries at fault that the clear removes, when they are
# named and what it keeps verifies, and the clear's own (hashed) entry records who accepted which.
Describe 'walkthrough 24, 4: Clear-BmgHistory -AcceptTampered' {
    BeforeEach {
        $script:Store = New-HistoryStore
        foreach ($i in 1..4) { New-BmgDevice -Identifier "old-$i" -OS ios | Out-Null; Start-Sleep -Milliseconds 20 }
        # Entries 1-4 are old-1 to old-4's creations; the clear before old-3's removes entries 1 and 2.
        $script:Cut = @(Get-BmgDeviceHistory old-3)[0]
        $script:Seq = @{}
        foreach ($i in 1..4) { $Seq[$i] = @(Get-BmgDeviceHistory "old-$i")[0].Sequence }
        function Get-RowCount { [long](Invoke-HistorySql $Store 'SELECT count(*) FROM change_history;')[0][0] }
    }

    It 'the refusal names the ways forward; the named entry is then cleared, and the clear''s entry records who accepted it' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'intruder' WHERE sequence = $($Seq[2]);"
        $refused = Invoke-Captured { Clear-BmgHistory -Before $Cut.At -Confirm:$false }
        Assert-ErrorId $refused.Terminating 'HistoryTampered'
        "$($refused.Terminating[0])" | Should -Match ([regex]::Escape("-AcceptTampered $($Seq[2])"))
        "$($refused.Terminating[0])" | Should -Match 'backup'
        "$($refused.Terminating[0])" | Should -Match ([regex]::Escape('(Test-BmgHistory).BadEntry'))

        $cleared = Clear-BmgHistory -Before $Cut.At -AcceptTampered $Seq[2] -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be '2'
        ($cleared.Changes | Where-Object Field -EQ 'AcceptedTampered').NewValue | Should -Be "$($Seq[2])"
        ($cleared.Changes | Where-Object Field -EQ 'AcceptedReason').NewValue | Should -Match "Entry $($Seq[2]) \(device 'old-2'.*altered"
        $cleared.OsUser | Should -Be $Me
        @(Get-BmgDeviceHistory).Identifier | Should -Be @('old-4', 'old-3')
        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $check.Clears[-1].AcceptedTampered | Should -Be "$($Seq[2])"
        "$($check.Clears[-1])" | Should -Match "accepting tampered $($Seq[2])$"

        # The acceptance is on the chain: editing it away is itself found.
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = replace(changes, 'AcceptedTampered', 'Accepted') WHERE sequence = $($cleared.Sequence);"
        (Test-BmgHistory -ErrorAction SilentlyContinue).FirstBadEntry | Should -Be $cleared.Sequence
    }

    It 'an entry at fault that the clear would keep is not accepted: nothing is removed' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'intruder' WHERE sequence = $($Seq[3]);"
        $rows = Get-RowCount
        $refused = Invoke-Captured { Clear-BmgHistory -Before $Cut.At -AcceptTampered $Seq[3] -Confirm:$false }
        Assert-ErrorId $refused.Terminating 'HistoryTampered'
        "$($refused.Terminating[0])" | Should -Match 'would keep'
        Get-RowCount | Should -Be $rows
    }

    It 'every entry at fault must be named: one not named stops the clear, naming it' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'intruder' WHERE sequence IN ($($Seq[1]), $($Seq[2]));"
        $rows = Get-RowCount
        $refused = Invoke-Captured { Clear-BmgHistory -Before $Cut.At -AcceptTampered $Seq[2] -Confirm:$false }
        Assert-ErrorId $refused.Terminating 'HistoryTampered'
        "$($refused.Terminating[0])" | Should -Match "entry $($Seq[1]) does not verify"
        Get-RowCount | Should -Be $rows
        $cleared = Clear-BmgHistory -Before $Cut.At -AcceptTampered $Seq[1], $Seq[2] -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'AcceptedTampered').NewValue | Should -Be "$($Seq[1])-$($Seq[2])"
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'on a history that verifies, -AcceptTampered changes nothing about the clear, and its entry accepts nothing' {
        $cleared = Clear-BmgHistory -Before $Cut.At -AcceptTampered 1 -Confirm:$false -PassThru
        @($cleared.Changes.Field) | Should -Not -Contain 'AcceptedTampered'
        (Test-BmgHistory).Valid | Should -BeTrue
    }
}

# Walkthrough 13, finding 15, on both stores (Completion.Tests.ps1 runs on SQLite only).
Describe '15 tab completion offers what the history knows' {
    BeforeAll {
        $null = New-TestStore
        New-BmgUser -UserName 'comp-user-old' | Out-Null
        New-BmgDevice -Identifier 'comp-2002' -OS ios | Out-Null
        Rename-BmgDevice -Identifier 'comp-2002' -NewName 'comp-soumu-02' -Confirm:$false | Out-Null
        Rename-BmgUser -UserName 'comp-user-old' -NewName 'comp-user-new' -Confirm:$false | Out-Null
        function Get-Completion([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
        }
    }

    It 'offers a former Identifier and UserName, and the OS users of the history for -User' {
        Get-Completion 'Get-BmgDeviceHistory comp-' | Sort-Object | Should -Be @('comp-2002', 'comp-soumu-02')
        Get-Completion 'Get-BmgUserHistory -UserName comp-user-' | Sort-Object | Should -Be @('comp-user-new', 'comp-user-old')
        $osUsers = @((Get-BmgUserHistory).OsUser | Sort-Object -Unique)
        Get-Completion 'Get-BmgUserHistory -User ' | Sort-Object | Should -Be $osUsers
    }
}

# Sixteenth round: -User reads the OS users of the history's newest rows and packs (IHistoryStore.FindOsUsers), on both stores.
Describe '16 -User completion offers the OS users of rows and packs, newest first' {
    BeforeAll {
        $script:UsersStore = New-TestStore
        function Get-Completion([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
        }

        # A hand edit, then an import of more new devices (packed entries) than the 10,000 newest entries completion once
        # decoded, then another hand edit. The OS users are set by hand (a test runs as one OS user): Alice the first edit's,
        # svc-import the packs', carol the last edit's, bob a user's.
        New-BmgDevice -Identifier 'by-alice' -OS ios | Out-Null
        New-BmgUser -UserName 'user-by-bob' | Out-Null
        $csv = Write-TestCsv 'os-users.csv' (@('Identifier,OS') + (1..10050 | ForEach-Object { "imported-$_,ios" }))
        Import-BmgDeviceCsv $csv | Out-Null
        New-BmgDevice -Identifier 'by-carol' -OS ios | Out-Null
        $null = Invoke-HistorySql $UsersStore "UPDATE change_history SET os_user = 'Alice' WHERE subject = 'by-alice';"
        $null = Invoke-HistorySql $UsersStore "UPDATE change_history SET os_user = 'carol' WHERE subject = 'by-carol';"
        $null = Invoke-HistorySql $UsersStore "UPDATE change_history SET os_user = 'bob' WHERE subject = 'user-by-bob';"
        $null = Invoke-HistorySql $UsersStore "UPDATE change_history_packs SET os_user = 'svc-import';"
    }

    It '<Line> offers <Expected>' -ForEach @(
        @{ Line = 'Get-BmgDeviceHistory -User '; Expected = @('carol', 'svc-import', 'Alice') }
        @{ Line = 'Get-BmgDeviceHistory -User a'; Expected = @('Alice') }
        @{ Line = 'Get-BmgDeviceHistory -User SVC-'; Expected = @('svc-import') }
        @{ Line = 'Get-BmgDeviceHistory -User *i*'; Expected = @('svc-import', 'Alice') }
        @{ Line = 'Get-BmgDeviceHistory -User b'; Expected = @() }
        @{ Line = 'Get-BmgUserHistory -User '; Expected = @('bob') }
    ) {
        (Get-Completion $Line) -join ', ' | Should -Be ($Expected -join ', ')
    }
}

# Walkthrough 26, finding 7: Get-BmgDeviceHistory tk-0001 -Last 1 was refused (no such parameter); Get-BmgImportHistory
# has -Last. The newest N, of the names on the command line together, and of each piped record on its own.
Describe '26 -Last: the newest N entries' {
    BeforeAll {
        $script:Store = New-HistoryStore
        New-BmgUser -UserName yamada | Out-Null
        New-BmgDevice -Identifier iphone-001 -OS ios -UserName yamada | Out-Null
        Set-BmgDevice iphone-001 -Template Standard | Out-Null
        New-BmgDevice -Identifier ipad-002 -OS ios | Out-Null
        Set-BmgDevice iphone-001 -DisplayName 'Yamada iPhone' | Out-Null
        Set-BmgUser yamada -Name 'Yamada Taro' | Out-Null
        Set-BmgDevice ipad-002 -Template Kiosk | Out-Null
        $script:All = @(Get-BmgDeviceHistory)
    }

    It 'Get-BmgDeviceHistory <id> -Last 1 is that device''s latest entry; -Last 2 its two latest, newest first' {
        $own = @($All | Where-Object Identifier -eq 'iphone-001')
        @(Get-BmgDeviceHistory iphone-001 -Last 1).Sequence | Should -Be @($own[0].Sequence)
        @(Get-BmgDeviceHistory iphone-001 -Last 1).Changes.Field | Should -Be @('DisplayName')
        @(Get-BmgDeviceHistory iphone-001 -Last 2).Sequence | Should -Be @($own[0].Sequence, $own[1].Sequence)
        @(Get-BmgDeviceHistory iphone-001 -Last 10) | Should -HaveCount $own.Count
    }

    It 'names on the command line (and no name) give the newest N of them all together; the other filters apply first' {
        @(Get-BmgDeviceHistory -Last 2).Sequence | Should -Be @($All[0].Sequence, $All[1].Sequence)
        @(Get-BmgDeviceHistory 'ip*' -Last 3).Sequence | Should -Be @($All[0..2].Sequence)
        @(Get-BmgDeviceHistory -Field Template -Last 1).Identifier | Should -Be @('ipad-002')
        @(Get-BmgDeviceHistory -Action Created -Last 1).Identifier | Should -Be @('ipad-002')
        @(Get-BmgDeviceHistory iphone-001 -Action Created -Last 1).Action | Should -Be @('Created')
    }

    It 'piped devices: the newest N of each, in the order piped (each device''s last change)' {
        $last = @(Get-BmgDevice iphone-001, ipad-002 | Get-BmgDeviceHistory -Last 1)
        $last.Identifier | Should -Be @('iphone-001', 'ipad-002')
        $last.Sequence | Should -Be @(($All | Where-Object Identifier -eq 'iphone-001')[0].Sequence, ($All | Where-Object Identifier -eq 'ipad-002')[0].Sequence)
    }

    It 'Get-BmgUserHistory -Last; -Last 0 is refused' {
        @(Get-BmgUserHistory yamada -Last 1).Changes.Field | Should -Contain 'Name'
        @(Get-BmgUserHistory yamada -Last 1) | Should -HaveCount 1
        @(Get-BmgUser yamada | Get-BmgUserHistory -Last 1) | Should -HaveCount 1
        { Get-BmgDeviceHistory -Last 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BizMobileGo.PowerShell.GetBmgDeviceHistoryCommand'
    }
}
