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

    It 'every command that writes declares -ChangedBy exactly when it records history (actor35)' {
        # Those that record a change entry (or Clear-'s own Cleared entry; Import-BmgDepDevice a device's DepReleased, fixw35);
        # the others write no entry: Set-BmgOrganization changes a name users don't hold, New-Bmg<reference> only reference
        # data, Set-BmgDepProfile and Remove-BmgDepDevice the DEP inventory, and Send-BmgCheckInEmail (marking sent,
        # -MarkSent) the outbox. A new command that writes must be put in one list.
        $records = 'Clear-BmgCheckInEmail', 'Clear-BmgHistory', 'Import-BmgDepDevice', 'Import-BmgDeviceCsv', 'New-BmgDevice', 'New-BmgUser',
            'Register-BmgDeviceCheckIn', 'Remove-BmgDevice', 'Remove-BmgDeviceTag', 'Remove-BmgOrganization', 'Remove-BmgTemplate',
            'Remove-BmgUser', 'Rename-BmgDevice', 'Rename-BmgDeviceTag', 'Rename-BmgOrganization', 'Rename-BmgTemplate',
            'Rename-BmgUser', 'Set-BmgDevice', 'Set-BmgDeviceDepEnrollment', 'Set-BmgUser', 'Unlock-BmgDeviceCheckIn',
            'Unregister-BmgDevice'
        $recordsNothing = 'New-BmgDeviceTag', 'New-BmgOrganization', 'New-BmgTemplate', 'Remove-BmgDepDevice',
            'Send-BmgCheckInEmail', 'Set-BmgDepProfile', 'Set-BmgOrganization'
        $writers = @(Get-Command -Module BizMobileGo | Where-Object Verb -notin 'Get', 'Test', 'Export')
        @($writers.Name | Sort-Object) | Should -Be @(@($records) + @($recordsNothing) | Sort-Object)
        foreach ($command in $writers) {
            $command.Parameters.ContainsKey('ChangedBy') | Should -Be ($command.Name -in $records) -Because "$($command.Name)"
        }
    }

    # desk45, 5: both took -ChangedBy and recorded an empty ChangedBy, so a help desk's unlock read as the service account's.
    It 'records it for <Case>, whose entries are built apart from the other commands' -ForEach @(
        @{ Case = 'Unlock-BmgDeviceCheckIn'; Run = {
            New-BmgDevice -Identifier dev-lock -OS ios -Code 'Right1' | Out-Null
            foreach ($try in 1..5) { Register-BmgDeviceCheckIn -Identifier dev-lock -Code "Wrong$try" -ErrorAction SilentlyContinue }
            (Get-BmgDevice dev-lock).IsCheckInLocked | Should -BeTrue
            Unlock-BmgDeviceCheckIn dev-lock -ChangedBy 'CONTOSO\helpdesk' -Confirm:$false
            @(Get-BmgDeviceHistory dev-lock -Field CheckInLockout -Action Changed)
        } }
        @{ Case = 'Clear-BmgCheckInEmail'; Run = {
            New-BmgDevice -Identifier dev-mail -OS ios -Code 'Right1' -RegistrationEmail 'sato@example.com' | Out-Null
            Set-BmgDevice dev-mail -Code 'Right2' | Out-Null   # the first email is Superseded: final, so cleared
            $queued = @(Get-BmgCheckInEmail dev-mail)[-1].QueuedAt
            $null = Wait-Until { [DateTimeOffset]::Now -gt $queued } -What 'a time after the emails were queued'
            @(Clear-BmgCheckInEmail -Before ([DateTimeOffset]::Now) -ChangedBy 'CONTOSO\helpdesk' -Confirm:$false -PassThru)
        } }
    ) {
        $entries = & $Run
        $entries | Should -HaveCount 1
        $entries[0].ChangedBy | Should -BeExactly 'CONTOSO\helpdesk'
        (Test-BmgHistory).Valid | Should -BeTrue
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

    # Forty-first round (hist41; issue 15): a pack's header keeps the name (SQLite's migration 26, PostgreSQL's 23), so an
    # import given -ChangedBy packs its created records as one without does, instead of a row an entry.
    It 'packs an import''s created records with the name: read back, found by -User, cleared through, and an edit of it named' {
        foreach ($import in @{ Name = 'first'; For = 'CONTOSO\carol' }, @{ Name = 'second'; For = 'portal:dave' }) {
            $csv = Join-Path $TestDrive "$($import.Name).csv"
            "UserName,Identifier,OS`n" + ((1..20 | ForEach-Object { "$($import.Name)-u$_,$($import.Name)-d$_,ios" }) -join "`n") |
                Set-Content -Path $csv -Encoding utf8
            Import-BmgDeviceCsv -Path $csv -ChangedBy $import.For | Out-Null
            Start-Sleep -Milliseconds 20
        }

        [int](Invoke-HistorySql $Store 'SELECT count(*) FROM change_history;')[0][0] | Should -Be 0 -Because 'every created record''s entry is packed'
        @((Invoke-HistorySql $Store 'SELECT DISTINCT changed_by FROM change_history_packs ORDER BY changed_by;') | ForEach-Object { $_[0] }) |
            Should -BeExactly @('CONTOSO\carol', 'portal:dave')
        $carols = @(Get-BmgDeviceHistory * -User 'contoso\CAROL')
        @($carols.Identifier | Sort-Object -Unique) | Should -HaveCount 20
        $carols.Identifier | Should -BeLike 'first-d*'
        $carols.ChangedBy | Sort-Object -Unique | Should -BeExactly 'CONTOSO\carol'
        @(Get-BmgUserHistory 'second-*').ChangedBy | Sort-Object -Unique | Should -BeExactly 'portal:dave'
        (Test-BmgHistory).Valid | Should -BeTrue

        $second = [long](Invoke-HistorySql $Store "SELECT min(first_sequence) FROM change_history_packs WHERE changed_by = 'portal:dave';")[0][0]
        foreach ($altered in 'CONTOSO\mallory', '') {
            $null = Invoke-HistorySql $Store "UPDATE change_history_packs SET changed_by = '$altered' WHERE first_sequence = $second;"
            $check = Test-BmgHistory -ErrorAction SilentlyContinue
            $check.Valid | Should -BeFalse
            $check.FirstBadEntry | Should -Be $second
        }

        $null = Invoke-HistorySql $Store "UPDATE change_history_packs SET changed_by = 'portal:dave' WHERE first_sequence = $second;"
        $cut = @(Get-BmgDeviceHistory second-d1)[0]
        $cleared = Clear-BmgHistory -Before $cut.At.UtcDateTime -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be '40'
        @(Get-BmgDeviceHistory * -User 'portal:dave').Count | Should -Be 20 -Because 'the second import''s pack stays, its name with it'
        @(Get-BmgDeviceHistory * -User 'CONTOSO\carol') | Should -HaveCount 0
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

# Thirty-fifth round (actor35): the help-desk auditor asks "what did sato do", whatever service acted: -User matches the OS
# user or the ChangedBy name, and completes both. A packed import (no ChangedBy) is found by its OS user only.
Describe '-User matches who an entry was made for as well as the OS user' {
    BeforeAll {
        $script:Store = New-TestStore
        $script:Me = [Environment]::UserName
        function Get-Completion([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
        }

        New-BmgUser -UserName sato-user -ChangedBy 'CONTOSO\sato' | Out-Null
        New-BmgDevice -Identifier for-sato -OS ios -ChangedBy 'CONTOSO\sato' | Out-Null
        New-BmgDevice -Identifier for-no-one -OS ios | Out-Null
        $csv = Join-Path $TestDrive 'packed.csv'
        "Identifier,OS`n" + ((1..20 | ForEach-Object { "packed-$_,ios" }) -join "`n") | Set-Content -Path $csv -Encoding utf8
        Import-BmgDeviceCsv -Path $csv | Out-Null
        $csv = Join-Path $TestDrive 'for-sato.csv'
        "Identifier,OS`nimported-for-sato,ios" | Set-Content -Path $csv -Encoding utf8
        Import-BmgDeviceCsv -Path $csv -ChangedBy 'CONTOSO\sato' | Out-Null
        Set-BmgDevice for-no-one -DisplayName 'Edited for sato' -ChangedBy 'CONTOSO\sato' | Out-Null
    }

    It '-User <User> finds the entries made for sato, in any case, and no other' -ForEach @(
        @{ User = 'CONTOSO\sato' }
        @{ User = 'contoso\SATO' }
        @{ User = '*\sato' }
    ) {
        $found = @(Get-BmgDeviceHistory * -User $User)
        @($found | ForEach-Object { "$($_.Identifier) $($_.Action)" }) | Should -Be @('for-no-one Changed', 'imported-for-sato Created', 'for-sato Created')
        @(Get-BmgUserHistory * -User $User).UserName | Should -Be @('sato-user')
        @(Get-BmgDevice for-sato | Get-BmgDeviceHistory -User $User).Identifier | Should -Be @('for-sato') -Because 'a piped record is filtered alike'
    }

    # Walkthrough 40, finding 4: on a shared jump host every row said "root", under -User sato too. The tables' User is
    # ChangedBy when the entry names one, else the OS user; Format-List keeps both.
    It 'the tables'' User column shows whom an entry was made for, else the OS user; -User sato shows rows labelled sato' -ForEach @(
        @{ Kind = 'device'; Get = { param($User) Get-BmgDeviceHistory for-sato, for-no-one -User $User } }
        @{ Kind = 'user'; Get = { param($User) Get-BmgUserHistory sato-user -User $User } }
    ) {
        $rows = @((& $Get 'CONTOSO\sato' | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -Skip 2)
        $rows.Count | Should -BeGreaterThan 0
        foreach ($row in $rows) {
            $row | Should -Match '^\d{4}-\d\d-\d\d \d\d:\d\d \S+\s+CONTOSO\\sato\s' -Because "a $Kind entry made for sato says so in User"
        }

        if ($Kind -eq 'device') {
            $plain = @((Get-BmgDeviceHistory for-no-one -Action Created | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
            $plain[2] | Should -Match ('^\d{4}-\d\d-\d\d \d\d:\d\d for-no-one\s+' + [regex]::Escape($Me) + '\s') -Because 'an entry made for no one names its OS user'
            $entry = @(Get-BmgDeviceHistory for-sato)[0]
            $list = $entry | Format-List | Out-String
            $list | Should -Match ('(?m)^OsUser\s+: ' + [regex]::Escape($Me) + '\s*$')
            $list | Should -Match '(?m)^ChangedBy\s+: CONTOSO\\sato\s*$'
        }
    }

    It 'the OS user still finds every entry it made, packed ones too' {
        [int](Invoke-HistorySql $Store 'SELECT count(*) FROM change_history_packs;')[0][0] | Should -BeGreaterThan 0 -Because 'the plain import''s entries are packed'
        @(Get-BmgDeviceHistory * -User $Me).Count | Should -Be 24
    }

    It 'a -User that matches neither names the OS users and the names entries were made for' {
        $result = Invoke-Captured { Get-BmgDeviceHistory * -User nobody }
        $result.Output | Should -BeNullOrEmpty
        "$($result.Warnings)" | Should -BeExactly ("-User 'nobody' matches no OS user who made an entry of a device, nor anyone one was made for (-ChangedBy); " +
            "the history's entries of a device were made by: $Me; and for: CONTOSO\sato.")
    }

    It 'completes the names entries were made for beside the OS users' {
        # Both made the newest entry (the OS user ran it for sato): their order is the store's.
        Get-Completion 'Get-BmgDeviceHistory -User ' | Sort-Object | Should -Be (@('CONTOSO\sato', $Me) | Sort-Object)
        Get-Completion 'Get-BmgDeviceHistory -User cont' | Should -Be @('CONTOSO\sato')
    }

    It 'a host''s $PSDefaultParameterValues[''*-Bmg*:ChangedBy''] does not filter what the read commands find' {
        $global:PSDefaultParameterValues['*-Bmg*:ChangedBy'] = 'CONTOSO\sato'
        try {
            @(Get-BmgDeviceHistory *).Count | Should -Be 24
        } finally {
            $global:PSDefaultParameterValues.Remove('*-Bmg*:ChangedBy')
        }
    }
}
