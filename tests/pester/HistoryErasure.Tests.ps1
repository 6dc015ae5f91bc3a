# Walkthrough 32, findings 4, 5 and 8: what Clear-BmgHistory forgets of a person, and what it keeps of itself.
# - The clear deletes the names index's rows of the entries it removes (a removed person's user name, her devices'
#   identifiers), keeps the rows of the entries it keeps, and Test-BmgHistory's check of the index still passes; a look-up
#   of a name the clear took says the clear took it, not that no one ever had it (32.4).
# - -Reason is recorded in the clear's hashed entry and shown in Test-BmgHistory's Clears (32.5).
# - A later clear carries forward the clears whose entries it removes: Clears stays complete, and a -KnownHash an earlier
#   clear recorded as its chain's start is still found, vouched for by the later clear's entry (32.8).
# What the SQLite file itself keeps is StoreFileErasure.Tests.ps1's (a file of SQLite only).
# It runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/History.Common.ps1

    function Get-Minute($Time) { $Time.ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture) }
    function Get-Field($Entry, [string] $Field) { ($Entry.Changes | Where-Object Field -EQ $Field).NewValue }
}

Describe 'Clear-BmgHistory takes the names index''s rows of the entries it removes (walkthrough 32, 4)' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgUser -UserName 'yamada' -Name 'Yamada Hanako' | Out-Null
        New-BmgDevice -Identifier 'ipad-yamada' -OS ios -UserName 'yamada' | Out-Null
        New-BmgDevice -Identifier 'ipad-kato' -OS ios | Out-Null
        Remove-BmgDevice -Identifier 'ipad-yamada' -Confirm:$false
        Remove-BmgUser -UserName 'yamada' -Confirm:$false
        Start-Sleep -Milliseconds 20
        # Kept: a rename after the clear's date, whose row (the old name) must stay.
        Rename-BmgDevice -Identifier 'ipad-kato' -NewName 'ipad-kato2' | Out-Null
        $script:Cleared = Clear-BmgHistory -Before (@(Get-BmgDeviceHistory ipad-kato2)[0].At) -Confirm:$false -PassThru
    }

    It 'deletes the rows whose entry it removed, keeps the row of an entry it keeps, and the index still checks' {
        (Get-Field $Cleared 'RemovedEntries') | Should -Be '5'
        $rows = Invoke-HistorySql $Store 'SELECT subject FROM change_history_names ORDER BY subject;'
        @($rows | ForEach-Object { "$($_[0])" }) | Should -Be @('ipad-kato')
        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $check.BadName | Should -BeNullOrEmpty
        @(Get-BmgDeviceHistory 'ipad-kato').Count | Should -Be 1
    }

    It 'a user name and an identifier the clear took are not found, and the error says the clear took them' {
        $expected = "and no entry left in the change history had it: the Clear-BmgHistory of $(Get-Minute $Cleared.At) by " +
            "$($Cleared.OsUser)@$($Cleared.Host) removed the entries recorded before *, and the names those entries carried, so a"
        $user = Invoke-Captured { Get-BmgUserHistory 'yamada' }
        Assert-ErrorId $user.Errors 'UserNotFound'
        "$($user.Errors[0])" | Should -BeLike ("No user has the UserName 'yamada' $(Get-InStore), $expected user whose entries all went then is " +
            'no longer found by its UserName (Test-BmgHistory lists the clears).')
        "$($user.Errors[0])" | Should -Not -BeLike '*has or had*'
        $device = Invoke-Captured { Get-BmgDeviceHistory 'ipad-yamada' }
        Assert-ErrorId $device.Errors 'DeviceNotFound'
        "$($device.Errors[0])" | Should -BeLike ("No device has the Identifier 'ipad-yamada' $(Get-InStore), $expected device whose entries all went " +
            'then is no longer found by its Identifier (Test-BmgHistory lists the clears).')
    }
}

Describe 'Clear-BmgHistory -Reason (walkthrough 32, 5)' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'r-1' -OS ios | Out-Null
    }

    It 'is recorded in the clear''s entry and shown in Test-BmgHistory''s Clears' {
        $cleared = Clear-BmgHistory -Before (Get-Date) -Reason '  GDPR art. 17 request #123 ' -Confirm:$false -PassThru
        (Get-Field $cleared 'Reason') | Should -BeExactly 'GDPR art. 17 request #123'
        $clear = @((Test-BmgHistory).Clears)
        $clear.Count | Should -Be 1
        $clear[0].Reason | Should -BeExactly 'GDPR art. 17 request #123'
        "$($clear[0])" | Should -BeLike '* removed 1 entry: GDPR art. 17 request #123'
    }

    It 'a reason that breaks its rule is InvalidFieldValue, naming the rule, and nothing is removed' {
        $before = Test-BmgHistory
        # Terminating, as every failure of the clear (a retention job's try/catch sees it).
        $result = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Reason "two`nlines" -Confirm:$false }
        Assert-ErrorId $result.Terminating 'InvalidFieldValue'
        "$($result.Terminating)" | Should -BeLike "-Reason 'two*lines' is not a valid reason for the clear: it must not contain *. Nothing was removed."
        $result = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Reason ('x' * 1025) -Confirm:$false }
        Assert-ErrorId $result.Terminating 'InvalidFieldValue'
        "$($result.Terminating)" | Should -BeLike '*it must be at most 1024 characters (this value has 1025). Nothing was removed.'
        $result = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Reason '   ' -WhatIf }
        Assert-ErrorId $result.Terminating 'InvalidFieldValue'
        "$($result.Terminating)" | Should -BeLike "*it must not be blank; leave -Reason out to record none. Nothing was removed."
        (Test-BmgHistory).HeadHash | Should -Be $before.HeadHash
    }
}

Describe 'A later clear carries forward the clears it removes (walkthrough 32, 8)' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'c-1' -OS ios | Out-Null
        $script:Head = Test-BmgHistory
        $script:First = Clear-BmgHistory -Before (Get-Date) -Reason 'GDPR art. 17 request #123' -Confirm:$false -PassThru
        Start-Sleep -Milliseconds 20
        New-BmgDevice -Identifier 'c-2' -OS ios | Out-Null
        $script:Second = Clear-BmgHistory -Before (Get-Date) -Confirm:$false -PassThru
    }

    It 'Clears still lists the earlier clear, with what it removed, why, and the entry that carries its record now' {
        (Get-Field $Second 'RemovedEntries') | Should -Be '2'
        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $check.Entries | Should -Be 1
        $clears = @($check.Clears)
        $clears.Count | Should -Be 2
        $clears[0].Sequence | Should -Be $First.Sequence
        $clears[0].CarriedBy | Should -Be $Second.Sequence
        $clears[0].RemovedEntries | Should -Be 1
        $clears[0].Reason | Should -BeExactly 'GDPR art. 17 request #123'
        $clears[0].OsUser | Should -Be $First.OsUser
        (Get-Minute $clears[0].At) | Should -Be (Get-Minute $First.At)
        "$($clears[0])" | Should -BeLike "* removed 1 entry (record in entry $($Second.Sequence)): GDPR art. 17 request #123"
        $clears[1].Sequence | Should -Be $Second.Sequence
        $clears[1].CarriedBy | Should -BeNullOrEmpty
        @($clears[1].PriorClears).Count | Should -Be 1
        "$($clears[1])" | Should -BeLike '* removed 2 entries (carries 1 clear)'
    }

    It 'a third clear carries both: the records go on from clear to clear' {
        Start-Sleep -Milliseconds 20
        New-BmgDevice -Identifier 'c-3' -OS ios | Out-Null
        $third = Clear-BmgHistory -Before (Get-Date) -Confirm:$false -PassThru
        $clears = @((Test-BmgHistory).Clears)
        @($clears | ForEach-Object Sequence) | Should -Be @($First.Sequence, $Second.Sequence, $third.Sequence)
        $clears[0].CarriedBy | Should -Be $third.Sequence
        $clears[1].CarriedBy | Should -Be $third.Sequence
        $clears[2].CarriedBy | Should -BeNullOrEmpty
        $clears[0].Reason | Should -BeExactly 'GDPR art. 17 request #123'
    }

    It 'a head hash written down before the earlier clear is found, vouched for by the entry that carries that clear' {
        $result = Invoke-Captured { Test-BmgHistory -KnownHash $Head.HeadHash }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Valid | Should -BeTrue
        $result.Output[0].KnownEntry | Should -BeExactly ("Entry $($Head.HeadSequence), removed by the Clear-BmgHistory of $(Get-Minute $First.At) by " +
            "$($First.OsUser)@$($First.Host), which recorded it as the chain's start (a record entry $($Second.Sequence), the Clear-BmgHistory of " +
            "$(Get-Minute $Second.At) by $($Second.OsUser)@$($Second.Host), carries forward)")
    }

    It 'the carried record is hashed with the entry that carries it: an edit of it by hand is found' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = replace(changes, '#123', '#999') WHERE sequence = $($Second.Sequence);"
        $check = Test-BmgHistory -ErrorAction SilentlyContinue
        $check.Valid | Should -BeFalse
        $check.FirstBadEntry | Should -Be $Second.Sequence
    }
}

Describe 'Who a clear was ordered for (-ChangedBy) stays in its record, and in the next clear''s (walkthrough 35, 3)' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'p-1' -OS ios | Out-Null
        $script:Head = Test-BmgHistory
        $script:First = Clear-BmgHistory -Before (Get-Date) -ChangedBy 'CONTOSO\dpo' -Confirm:$false -PassThru
        Start-Sleep -Milliseconds 20
        New-BmgDevice -Identifier 'p-2' -OS ios | Out-Null
    }

    It 'Clears shows it beside the OS user and host' {
        $clear = @((Test-BmgHistory).Clears)
        $clear.Count | Should -Be 1
        $clear[0].ChangedBy | Should -BeExactly 'CONTOSO\dpo'
        "$($clear[0])" | Should -BeLike "* $($First.OsUser)@$($First.Host) for CONTOSO\dpo removed 1 entry"
        ($clear[0] | Format-List | Out-String) | Should -Match 'ChangedBy\s*:\s*CONTOSO\\dpo'
        # The table of the clears too (tamper36): who it was ordered for is the first question about a clear.
        $table = ((Test-BmgHistory).Clears | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
        $table[0] | Should -Match '^At\s+Removed\s+Before\s+User\s+ChangedBy\s+Host\s*$'
        $table[2] | Should -Match ([regex]::Escape($First.OsUser) + '\s+CONTOSO\\dpo\s+')
    }

    It 'a later clear for another person carries the first one''s person: both are named, and the carried one is hashed' {
        $second = Clear-BmgHistory -Before (Get-Date) -ChangedBy 'CONTOSO\dpo2' -Confirm:$false -PassThru
        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $clears = @($check.Clears)
        $clears.Count | Should -Be 2
        $clears[0].CarriedBy | Should -Be $second.Sequence
        @($clears.ChangedBy) | Should -BeExactly @('CONTOSO\dpo', 'CONTOSO\dpo2')
        "$($clears[0])" | Should -BeLike "* $($First.OsUser)@$($First.Host) for CONTOSO\dpo removed 1 entry (record in entry $($second.Sequence))"
        (Test-BmgHistory -KnownHash $Head.HeadHash).KnownEntry | Should -BeExactly ("Entry $($Head.HeadSequence), removed by the Clear-BmgHistory " +
            "of $(Get-Minute $First.At) by $($First.OsUser)@$($First.Host) for CONTOSO\dpo, which recorded it as the chain's start (a record " +
            "entry $($second.Sequence), the Clear-BmgHistory of $(Get-Minute $second.At) by $($second.OsUser)@$($second.Host) for CONTOSO\dpo2, carries forward)")

        # The carried name is in the later clear's hashed changes (its own ChangedBy is a column): an edit of it is found.
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = replace(changes, 'dpo', 'eve') WHERE sequence = $($second.Sequence);"
        $altered = Test-BmgHistory -ErrorAction SilentlyContinue
        $altered.Valid | Should -BeFalse
        $altered.FirstBadEntry | Should -Be $second.Sequence
    }
}

Describe 'A query whose window a clear removed part of says so (walkthrough 35, 1)' {
    BeforeAll {
        $script:Store = New-TestStore
        Import-BmgDeviceCsv -Path (Write-TestCsv (New-CsvName) @('Identifier,OS', 'iphone-001,ios', 'iphone-002,ios')) | Out-Null
        Start-Sleep -Milliseconds 20
        Set-BmgDevice iphone-001 -DisplayName 'kept' | Out-Null
        $script:Kept = @(Get-BmgDeviceHistory iphone-001)[0].At
        $script:Cleared = Clear-BmgHistory -Before $Kept -Reason 'retention 90 days' -ChangedBy 'CONTOSO\dpo' -Confirm:$false -PassThru
        Start-Sleep -Milliseconds 20
        Set-BmgDevice iphone-001 -DisplayName 'after' | Out-Null
        $script:After = @(Get-BmgDeviceHistory iphone-001)[0].At
    }

    It 'a window inside the cleared span, one across it, and one without -Since warn once; one after it does not' {
        $inside = Invoke-Captured { Get-BmgDeviceHistory -Since $Kept.AddMinutes(-10) -Until $Kept.AddTicks(-10) }
        $inside.Output | Should -BeNullOrEmpty
        $inside.Warnings | Should -HaveCount 1
        "$($inside.Warnings[0])" | Should -BeLike ("Entries recorded before * were removed by the Clear-BmgHistory of * by $($Cleared.OsUser)@$($Cleared.Host) for CONTOSO\dpo " +
            "('retention 90 days'): this answer (from *) lacks them (Test-BmgHistory lists the clears).")

        $across = Invoke-Captured { 'iphone-001', 'iphone-002' | Get-BmgDeviceHistory -Since $Kept.AddMinutes(-10) -Until $After }
        @($across.Output).Count | Should -Be 2
        $across.Warnings | Should -HaveCount 1 -Because 'said once a command, not once a piped name'

        $whole = Invoke-Captured { Get-BmgUserHistory }
        $whole.Warnings | Should -HaveCount 1 -Because 'no -Since asks for the whole history'

        $later = Invoke-Captured { Get-BmgDeviceHistory iphone-001 -Since $After }
        @($later.Output).Count | Should -Be 1
        $later.Warnings | Should -BeNullOrEmpty -Because 'a window that starts after the clear''s date is whole'
    }

    It 'a device asked by name whose whole life came after the clear does not warn; one that had entries before it does (tamper36)' {
        # On a store cleared for retention, every device asked for said the clear: noise where the clear took nothing of it.
        New-BmgDevice -Identifier 'iphone-new' -OS ios | Out-Null
        Set-BmgDevice iphone-new -DisplayName 'new' | Out-Null
        $new = Invoke-Captured { Get-BmgDeviceHistory iphone-new }
        @($new.Output).Count | Should -Be 2
        $new.Warnings | Should -BeNullOrEmpty -Because 'its created entry is in the answer: the clear took nothing of it'
        (Invoke-Captured { 'iphone-new' | Get-BmgDeviceHistory }).Warnings | Should -BeNullOrEmpty -Because 'piped, the same'
        (Invoke-Captured { Get-BmgDeviceHistory iphone-new -Since $Kept.AddMinutes(-10) }).Warnings | Should -BeNullOrEmpty

        $old = Invoke-Captured { Get-BmgDeviceHistory iphone-new, iphone-002 }
        $old.Warnings | Should -HaveCount 1 -Because 'iphone-002 had entries before the clear, and they are gone'
        "$($old.Warnings[0])" | Should -BeLike 'Entries recorded before * were removed by the Clear-BmgHistory of *'
        (Invoke-Captured { Get-BmgDeviceHistory iphone-new -Field DisplayName }).Warnings | Should -HaveCount 1 -Because 'a filter may leave the created entry out: nothing tells'
    }

    It 'Get-BmgDeviceHistory / Get-BmgUserHistory -Last N whose answer lacks nothing the clear took does not warn; one that may lack some does (walkthrough 44, 5)' {
        # A nightly log's "-Last 5" of a device warned after every retention clear, though its newest entries, all after the
        # clear's date, lack nothing: as Get-BmgImportHistory -Last (walkthrough 44, 5), each subject's newest N all found at or
        # after the clear's date, or all it has when its created entry is among them, is whole.
        New-BmgDevice -Identifier 'ipad-late' -OS ios | Out-Null
        New-BmgUser -UserName 'late.user' | Out-Null
        Set-BmgUser late.user -Name 'Late User' | Out-Null
        Set-BmgUser late.user -Name 'Late User 2' | Out-Null

        $newest = Invoke-Captured { Get-BmgDeviceHistory iphone-001 -Last 2 }
        @($newest.Output).Count | Should -Be 2
        $newest.Warnings | Should -BeNullOrEmpty -Because 'its newest 2 were both recorded at or after the clear''s date'
        (Invoke-Captured { Get-BmgDeviceHistory iphone-001 -Last 1 -Field DisplayName }).Warnings | Should -BeNullOrEmpty -Because 'a filter too: the 1 asked for was found after the clear'
        (Invoke-Captured { Get-BmgDeviceHistory -Last 2 }).Warnings | Should -BeNullOrEmpty -Because 'every device''s newest 2 came after the clear'
        (Invoke-Captured { Get-BmgDeviceHistory ipad-late -Last 5 }).Warnings | Should -BeNullOrEmpty -Because 'all it has, its created entry among them'
        (Invoke-Captured { Get-BmgUserHistory late.user -Last 2 }).Warnings | Should -BeNullOrEmpty
        (Invoke-Captured { 'iphone-001', 'ipad-late' | Get-BmgDeviceHistory -Last 1 }).Warnings | Should -BeNullOrEmpty -Because 'piped, each record''s newest 1 came after the clear'
        (Invoke-Captured { Get-BmgUser late.user | Get-BmgUserHistory -Last 2 }).Warnings | Should -BeNullOrEmpty

        $more = Invoke-Captured { Get-BmgDeviceHistory iphone-001 -Last 5 }
        @($more.Output).Count | Should -Be 2
        $more.Warnings | Should -HaveCount 1 -Because 'fewer than asked for, and no created entry: the clear took the older ones'
        "$($more.Warnings[0])" | Should -BeLike 'Entries recorded before * were removed by the Clear-BmgHistory of *'
        (Invoke-Captured { 'ipad-late', 'iphone-001' | Get-BmgDeviceHistory -Last 3 }).Warnings | Should -HaveCount 1 -Because 'piped: iphone-001''s answer lacks its older entries'
        (Invoke-Captured { Get-BmgDeviceHistory ipad-late -Last 5 -Field DisplayName }).Warnings | Should -HaveCount 1 -Because 'a filter that may leave the created entry out, fewer than asked for: nothing tells'
    }

    It 'Get-BmgImportHistory -Since before the clear says the clear may have forgotten imports; -Id does not' {
        $imports = Invoke-Captured { Get-BmgImportHistory -Since $Kept.AddMinutes(-10) }
        $imports.Warnings | Should -HaveCount 1
        "$($imports.Warnings[0])" | Should -BeLike 'Imports that ended, and that no entry left names, before * were removed by the Clear-BmgHistory of *'
        (Invoke-Captured { Get-BmgImportHistory -Since $After }).Warnings | Should -BeNullOrEmpty
        (Invoke-Captured { Get-BmgImportHistory -Id 1 -ErrorAction SilentlyContinue }).Warnings | Should -BeNullOrEmpty
    }

    It 'Get-BmgImportHistory -Last N that finds N imports run after the clear does not warn; one that finds fewer does (walkthrough 44, 5)' {
        # A nightly job's log checks the last imports (README, Share one inventory, step 3): after a retention clear it warned
        # every night, though the newest imports, all run after the clear, lack nothing.
        foreach ($name in 'night-1', 'night-2') {
            Import-BmgDeviceCsv -Path (Write-TestCsv (New-CsvName $name) @('Identifier,OS', "$name,ios")) | Out-Null
        }
        $newest = Invoke-Captured { Get-BmgImportHistory -Last 2 }
        @($newest.Output).Count | Should -Be 2
        $newest.Warnings | Should -BeNullOrEmpty -Because 'both imports ran after the clear: nothing older could be among the newest 2'
        (Invoke-Captured { Get-BmgImportHistory -Last 1 }).Warnings | Should -BeNullOrEmpty

        $more = Invoke-Captured { Get-BmgImportHistory -Last 50 }
        @($more.Output).Count | Should -BeLessThan 50
        $more.Warnings | Should -HaveCount 1 -Because 'fewer than asked for were found: the clear may have taken the others'
        "$($more.Warnings[0])" | Should -BeLike 'Imports that ended, and that no entry left names, before * were removed by the Clear-BmgHistory of *'
        (Invoke-Captured { Get-BmgImportHistory }).Warnings | Should -HaveCount 1 -Because 'the whole import history reaches before the clear'
    }
}
