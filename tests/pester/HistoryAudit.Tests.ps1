# Walkthrough 14, findings 3, 5 and 6: what an auditor reads from Test-BmgHistory after clears and after an edit by hand.
# - A nightly retention clear that finds nothing to remove records nothing (14.5).
# - -KnownHash after a clear: one rule. The hash a clear recorded as the chain's start is found, and the result says which
#   clear vouches for it; the hash of an older removed entry is KnownHashNotFound, and the reason says a clear removed it (14.3).
# - A bad entry is named by its subject, command and time, and the result carries it; one missing entry is singular; a
#   column that no longer reads is named in the module's words (14.6).
# Rows are edited by hand with SQL valid on SQLite and PostgreSQL alike (table change_history, as History.Tests.ps1 says).
# It runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/History.Common.ps1

    # The minute an entry's time shows as, in a reason (local time, as the history table shows it).
    function Get-Minute($Time) { $Time.ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture) }
}

Describe 'Clear-BmgHistory that finds nothing to remove (walkthrough 14.5)' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'keep-1' -OS ios | Out-Null
        New-BmgDevice -Identifier 'keep-2' -OS ios | Out-Null
        $script:Before = Test-BmgHistory
    }

    It 'records nothing, night after night: the default view lists no clear and the head stays' {
        foreach ($night in 1..3) { Clear-BmgHistory -Before (Get-Date).AddYears(-1) -Confirm:$false }
        $after = Test-BmgHistory
        $after.Valid | Should -BeTrue
        $after.Entries | Should -Be $Before.Entries
        $after.HeadHash | Should -Be $Before.HeadHash
        $after.Clears | Should -BeNullOrEmpty
        ($after | Out-String -Width 80) | Should -Not -Match 'Clears'
    }

    It 'says so in a verbose line, and -PassThru writes nothing' {
        $out = @(Clear-BmgHistory -Before (Get-Date).AddYears(-1) -Confirm:$false -PassThru -Verbose 4>&1)
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n" |
            Should -Match 'No change history entries were recorded before .*: nothing was removed, and no clear was recorded\.'
        (Test-BmgHistory).HeadHash | Should -Be $Before.HeadHash
    }

    It 'still records a clear that removes entries' {
        $cleared = Clear-BmgHistory -Before (Get-Date) -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be "$($Before.Entries)"
        @((Test-BmgHistory).Clears).Count | Should -Be 1
    }
}

Describe 'Test-BmgHistory -KnownHash after Clear-BmgHistory: one rule (walkthrough 14.3)' {
    BeforeAll {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'kh-1' -OS android | Out-Null
        $script:First = Test-BmgHistory
        New-BmgDevice -Identifier 'kh-2' -OS android | Out-Null
        $script:Head = Test-BmgHistory
        Start-Sleep -Milliseconds 20
        New-BmgDevice -Identifier 'kh-3' -OS android | Out-Null
        # Removes kh-1's and kh-2's entries: the clear records kh-2's (the newest it removed) as the chain's start.
        $script:Cleared = Clear-BmgHistory -Before (@(Get-BmgDeviceHistory kh-3)[0].At) -Confirm:$false -PassThru
        ($Cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be "$($Head.HeadSequence)"
    }

    It 'finds the hash the clear recorded as the chain''s start, and says which clear vouches for it' {
        $result = Invoke-Captured { Test-BmgHistory -KnownHash $Head.HeadHash }
        $result.Errors | Should -BeNullOrEmpty
        $check = $result.Output[0]
        $check.Valid | Should -BeTrue
        $check.KnownEntry | Should -BeExactly ("Entry $($Head.HeadSequence), removed by the Clear-BmgHistory of $(Get-Minute $Cleared.At) by " +
            "$($Cleared.OsUser)@$($Cleared.Host), which recorded it as the chain's start")
        # The default view shows it, beside the head hash still whole on one line of 80 columns.
        $lines = @(($check | Out-String -Width 80) -split '\r?\n')
        @($lines | Where-Object { $_ -match '^KnownEntry\s*: Entry \d+, removed by the Clear-BmgHistory of ' }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match "HeadHash\s*:\s*$($check.HeadHash)$" }).Count | Should -Be 1
    }

    It 'names the entry of a hash still in the chain' {
        $now = Test-BmgHistory
        (Test-BmgHistory -KnownHash $now.HeadHash).KnownEntry | Should -BeExactly "Entry $($now.HeadSequence), in the chain"
    }

    It 'does not find an older removed entry''s hash, and the reason says the clear removed the entries before the chain''s start' {
        $result = Invoke-Captured { Test-BmgHistory -KnownHash $First.HeadHash }
        $check = $result.Output[0]
        $check.Valid | Should -BeFalse
        $check.FirstBadEntry | Should -BeNullOrEmpty
        $check.KnownEntry | Should -BeNullOrEmpty
        $check.Reason | Should -BeExactly ("No entry has the hash $($First.HeadHash), and no clear recorded it as the chain's start. " +
            "The Clear-BmgHistory of $(Get-Minute $Cleared.At) by $($Cleared.OsUser)@$($Cleared.Host) removed the entries before entry " +
            "$($Head.HeadSequence + 1): the hash of one of them can't be checked. If the hash is of a later entry, check the hash you gave; " +
            "if it is right, the entries up to it were removed or rewritten by hand, or the store was restored from a backup made before that entry " +
            "(then Entries and HeadHash are the backup's: write the new HeadHash down after a restore).")
        Assert-ErrorId $result.Errors 'KnownHashNotFound'
        "$($result.Errors[0])" | Should -BeExactly $check.Reason
    }
}

Describe 'Test-BmgHistory names a bad entry by what it records (walkthrough 14.6)' {
    BeforeEach {
        $script:Store = New-TestStore
        foreach ($i in 1..4) { New-BmgDevice -Identifier "dev-$i" -OS ios | Out-Null }
        Set-BmgDevice dev-3 -DisplayName 'Three' | Out-Null
        New-BmgUser -UserName 'suzuki' | Out-Null
        $script:Changed = @(Get-BmgDeviceHistory dev-3)[0]
    }

    # Walkthrough 15: the help's example "Whose entry was altered" is run as written, read from the help the module
    # ships (Get-Help), as the about_ EXAMPLES test does: it shows the altered entry as it reads now.
    It 'Test-BmgHistory''s help example "Whose entry was altered" runs as written and shows the altered entry' {
        $example = @((Get-Help Test-BmgHistory -Examples).examples.example | Where-Object { $_.title -like '*Whose entry was altered*' })
        $example | Should -HaveCount 1 -Because 'the help has the example'
        $code = ($example[0].code | Out-String).Trim()
        $code | Should -BeExactly '(Test-BmgHistory -ErrorAction SilentlyContinue).BadEntry | Format-List'
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = replace(changes, 'Three', 'Four') WHERE sequence = $($Changed.Sequence);"
        $result = Invoke-Captured { & ([scriptblock]::Create($code)) }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty -Because '-ErrorAction SilentlyContinue keeps the HistoryTampered error out of sight'
        $shown = $result.Output | Out-String
        $shown | Should -Match "Sequence\s*:\s*$($Changed.Sequence)\b"
        $shown | Should -Match 'Subject\s*:\s*dev-3'
        $shown | Should -Match 'Set-BmgDevice'
        $shown | Should -Match 'Four'
    }

    It 'names an altered device entry by its device, command and time, and carries the entry as it reads now' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = replace(changes, 'Three', 'Four') WHERE sequence = $($Changed.Sequence);"
        $result = Invoke-Captured { Test-BmgHistory }
        $check = $result.Output[0]
        $check.FirstBadEntry | Should -Be $Changed.Sequence
        $check.Reason | Should -BeExactly "Entry $($Changed.Sequence) (device 'dev-3', Set-BmgDevice, $(Get-Minute $Changed.At)) was altered: its content no longer matches its hash."
        "$($result.Errors[0])" | Should -Match ([regex]::Escape("Entry $($Changed.Sequence) (device 'dev-3', Set-BmgDevice, "))
        $check.BadEntry.Sequence | Should -Be $Changed.Sequence
        $check.BadEntry.Subject | Should -BeExactly 'dev-3'
        ($check.BadEntry | Format-List | Out-String) | Should -Match 'Four'
    }

    It 'names an altered user entry as the user''s' {
        $user = @(Get-BmgUserHistory suzuki)[0]
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'intruder' WHERE sequence = $($user.Sequence);"
        (Test-BmgHistory -ErrorAction SilentlyContinue).Reason |
            Should -BeExactly "Entry $($user.Sequence) (user 'suzuki', New-BmgUser, $(Get-Minute $user.At)) was altered: its content no longer matches its hash."
    }

    It 'says one missing entry in the singular, and carries no entry for it' {
        $created = @(Get-BmgDeviceHistory dev-3)[-1].Sequence
        $null = Invoke-HistorySql $Store "DELETE FROM change_history WHERE sequence = $created;"
        $check = Test-BmgHistory -ErrorAction SilentlyContinue
        $check.Reason | Should -BeExactly "Entry $created is missing between $($created - 1) and $($created + 1): it was removed by hand."
        $check.BadEntry | Should -BeNullOrEmpty
    }

    It 'names changes that no longer read in the module''s words' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = 'not a change list' WHERE sequence = $($Changed.Sequence);"
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].FirstBadEntry | Should -Be $Changed.Sequence
        $result.Output[0].Reason | Should -BeExactly "Entry $($Changed.Sequence) was altered: it can no longer be read: its changes (changes) no longer read as a list of field changes."
        Assert-ErrorId $result.Errors 'HistoryTampered'
        # A query that meets it stops with HistoryTampered in the same words.
        $query = Invoke-Captured { Get-BmgDeviceHistory dev-3 }
        "$($query.Errors[0])$($query.Terminating)" | Should -Match 'its changes \(changes\) no longer read as a list of field changes'
    }

    # Round 31: 'Created,Changed' is how PowerShell writes two members of a [Flags] enum, and Enum.Parse read it as
    # Created|Changed: the number of Removed, so the entry was shown (and verified against nothing) as a removal.
    It 'reports an action edited into a list of actions, not reads it as the action they add up to' {
        $unchecked = if ((Get-TestStoreKind) -eq 'postgres') { 'ALTER TABLE change_history DROP CONSTRAINT change_history_action_check;' } else { 'PRAGMA ignore_check_constraints = ON;' }
        $null = Invoke-HistorySql $Store "$unchecked UPDATE change_history SET action = 'Created,Changed' WHERE sequence = $($Changed.Sequence);"
        $check = Test-BmgHistory -ErrorAction SilentlyContinue
        $check.FirstBadEntry | Should -Be $Changed.Sequence
        $check.Reason | Should -BeExactly "Entry $($Changed.Sequence) was altered: it can no longer be read: its action (action) 'Created,Changed' is none of Created, Changed, Removed, Cleared."
        $query = Invoke-Captured { Get-BmgDeviceHistory dev-3 }
        "$($query.Errors[0])$($query.Terminating)" | Should -Match "its action \(action\) 'Created,Changed' is none of"
        @($query.Output | Where-Object { "$($_.Action)" -eq 'Removed' }) | Should -BeNullOrEmpty -Because 'the edited entry is no removal'
    }

    # SQLite only (defined at discovery, not skipped): PostgreSQL keeps `at` as timestamptz, which holds no text to edit.
    if ($env:BMG_TEST_STORE -ne 'postgres') {
        It 'names a time edited into another ISO form (SQLite keeps it as text) in the module''s words, not the parser''s' {
            $null = Invoke-HistorySql $Store "UPDATE change_history SET at = '2026-12-03T08:16:00.220218+00:00' WHERE sequence = $($Changed.Sequence);"
            $check = Test-BmgHistory -ErrorAction SilentlyContinue
            $check.FirstBadEntry | Should -Be $Changed.Sequence
            $check.Reason | Should -BeExactly ("Entry $($Changed.Sequence) was altered: it can no longer be read: its time (at) '2026-12-03T08:16:00.220218+00:00' " +
                "is not a time as the history writes them (such as 2026-12-03T08:16:00.220218Z).")
            $check.Reason | Should -Not -Match 'recognized|DateTime'
        }
    }
}

# Walkthrough 23, finding 7: a row edited by hand (sqlite3/psql) was shown by Get-BmgDeviceHistory as fact, the forged OS user
# and the forged old value with no hint; only Test-BmgHistory walked the chain. The history cmdlets now check each entry they
# show against its hash: one that doesn't verify is still shown, with Verified False ("(altered)" in the table), after a
# warning that starts with Test-BmgHistory's ErrorId and says its reason.
Describe 'Get-BmgDeviceHistory and Get-BmgUserHistory verify the entries they show (walkthrough 23.7)' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgUser -UserName 'yamada' | Out-Null
        New-BmgUser -UserName 'suzuki' | Out-Null
        New-BmgDevice -Identifier 'ipad-0001' -OS ios -UserName 'yamada' -Code 'A7K29QX4' | Out-Null
        Set-BmgDevice 'ipad-0001' -UserName 'suzuki' -WarningAction SilentlyContinue | Out-Null
        Set-BmgDevice 'ipad-0001' -DisplayName 'Front desk' | Out-Null
        $script:Handover = @(Get-BmgDeviceHistory 'ipad-0001' | Where-Object { $_.Changes.Field -contains 'UserName' -and $_.Action -eq 'Changed' })[0]
        $script:Altered = "Entry $($Handover.Sequence) (device 'ipad-0001', Set-BmgDevice, $(Get-Minute $Handover.At)) was altered: its content no longer matches its hash."
        $script:Warning = "HistoryTampered: $Altered It is shown as stored, with Verified False. Test-BmgHistory walks the whole chain."
    }

    It 'an untouched history shows no warning, and every entry with Verified True' {
        $result = Invoke-Captured { Get-BmgDeviceHistory; Get-BmgUserHistory; Get-BmgDevice | Get-BmgDeviceHistory; Get-BmgDeviceHistory -Field UserName -Since (Get-Date).AddHours(-1) }
        $result.Warnings | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Count | Should -BeGreaterThan 6
        $result.Output | ForEach-Object { $_.Verified | Should -BeTrue }
        ($Handover | Format-List | Out-String -Width 80) | Should -Match '(?m)^Verified\s+: True\s*$'
        (Get-BmgDeviceHistory 'ipad-0001' | Out-String -Width 80) | Should -Not -Match 'altered'
    }

    It 'a row edited by hand (OS user and old value, as the walkthrough did) is shown, marked, after a HistoryTampered warning naming it' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'tanaka', changes = replace(changes, 'yamada', 'sato') WHERE sequence = $($Handover.Sequence);"

        $result = Invoke-Captured { Get-BmgDeviceHistory 'ipad-0001' }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings | ForEach-Object Message) | Should -Be @($Warning)
        $result.Output.Count | Should -Be 3 -Because 'the altered entry is still shown, as it is stored'
        $shown = $result.Output | Where-Object Sequence -EQ $Handover.Sequence
        $shown.Verified | Should -BeFalse
        $shown.OsUser | Should -Be 'tanaka'
        @($result.Output | Where-Object Sequence -NE $Handover.Sequence | ForEach-Object Verified) | Should -Be @($true, $true)

        # The warning's reason is Test-BmgHistory's, word for word (one rule), and names no value of the entry.
        (Test-BmgHistory -ErrorAction SilentlyContinue).Reason | Should -BeExactly $Altered
        "$($result.Warnings)" | Should -Not -Match 'A7K29QX4|sato|tanaka'

        # The table marks it at 80 columns, the list says Verified False.
        $lines = @(($result.Output | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        @($lines | Where-Object { $_ -match 'tanaka\s+\(altered\) UserName$' }).Count | Should -Be 1 -Because ($lines -join "`n")
        @($lines | Where-Object { $_ -match '\(altered\)' }).Count | Should -Be 1
        ($shown | Format-List | Out-String -Width 80) | Should -Match '(?m)^Verified\s+: False\s*$'
    }

    It 'the warning comes with -Field and -Since, with a piped device, and with an OS user filter' {
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = replace(changes, 'yamada', 'sato') WHERE sequence = $($Handover.Sequence);"
        foreach ($query in @(
                { Get-BmgDeviceHistory -Field UserName -Since (Get-Date).AddHours(-1) }
                { Get-BmgDevice 'ipad-0001' | Get-BmgDeviceHistory }
                { Get-BmgDeviceHistory -User ([Environment]::UserName) })) {
            $result = Invoke-Captured $query
            @($result.Warnings | ForEach-Object Message) | Should -Be @($Warning) -Because "$query"
            ($result.Output | Where-Object Sequence -EQ $Handover.Sequence).Verified | Should -BeFalse
        }
        # A query that doesn't show the entry says nothing of it: an untouched entry is all it shows.
        $other = Invoke-Captured { Get-BmgDeviceHistory -Field DisplayName }
        $other.Warnings | Should -BeNullOrEmpty
    }

    It 'a user''s entry edited by hand is named as the user''s by Get-BmgUserHistory' {
        $user = @(Get-BmgUserHistory 'suzuki')[0]
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'intruder' WHERE sequence = $($user.Sequence);"
        $result = Invoke-Captured { Get-BmgUserHistory }
        @($result.Warnings | ForEach-Object Message) |
            Should -Be @("HistoryTampered: Entry $($user.Sequence) (user 'suzuki', New-BmgUser, $(Get-Minute $user.At)) was altered: its content no longer matches its hash. It is shown as stored, with Verified False. Test-BmgHistory walks the whole chain.")
        @($result.Output | Where-Object { -not $_.Verified }).Sequence | Should -Be $user.Sequence
    }

    It 'a pack''s header edited by hand: the first ten of its entries are named, then one warning counts the rest' {
        # 40 new devices of one import: their entries are kept together (a pack, ChangeEntryPack), whose OS user is one column.
        $csv = Write-TestCsv (New-CsvName 'pack') (@('Identifier,OS') + (1..40 | ForEach-Object { "pack-$_,ios" }))
        Import-BmgDeviceCsv $csv | Out-Null
        $null = Invoke-HistorySql $Store "UPDATE change_history_packs SET os_user = 'intruder';"

        $result = Invoke-Captured { Get-BmgDeviceHistory 'pack-*' }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Count | Should -Be 40
        @($result.Output | Where-Object { $_.Verified }) | Should -BeNullOrEmpty
        $messages = @($result.Warnings | ForEach-Object Message)
        $messages.Count | Should -Be 11
        $messages[0..9] | ForEach-Object { $_ | Should -Match "^HistoryTampered: Entry \d+ \(device 'pack-\d+', Import-BmgDeviceCsv, .*\) was altered: its content no longer matches its hash\." }
        $messages[10] | Should -BeExactly ("HistoryTampered: 30 more entries shown do not verify either (40 in all, each shown with Verified False: " +
            '| Where-Object Verified -eq $false lists them). Test-BmgHistory walks the whole chain.')
        # The entries before the import are untouched and say nothing.
        (Invoke-Captured { Get-BmgDeviceHistory 'ipad-0001' }).Warnings | Should -BeNullOrEmpty
    }
}

# Round 25 (histq25): -User is a filter of the store's SQL (HistoryQuery.OsUserNames), as -Since is. A pack's entries are all
# its header's OS user's, so another OS user's pack is left out undecoded: -User answers beside a pack of someone else's that
# no longer decodes, where reading it stopped the query; a query that reads the pack still stops, and Test-BmgHistory names it.
Describe '-User reads only those OS users'' entries' {
    It 'answers -User beside another OS user''s pack that no longer decodes; the query that reads it stops, Test-BmgHistory names it' {
        $script:Store = New-TestStore
        $me = [Environment]::UserName
        New-BmgDevice -Identifier 'mine-1' -OS ios | Out-Null
        $csv = Write-TestCsv (New-CsvName 'others') (@('Identifier,OS') + (1..40 | ForEach-Object { "other-$_,ios" }))
        Import-BmgDeviceCsv $csv | Out-Null
        Set-BmgDevice 'mine-1' -DisplayName 'Mine'
        $broken = if ((Get-TestStoreKind) -eq 'postgres') { "decode('01FF', 'hex')" } else { "X'01FF'" }
        $null = Invoke-HistorySql $Store "UPDATE change_history_packs SET os_user = 'someone-else', entries = $broken;"

        $result = Invoke-Captured { Get-BmgDeviceHistory -User $me }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output | ForEach-Object Identifier) | Should -Be @('mine-1', 'mine-1')
        @($result.Output | Where-Object { -not $_.Verified }) | Should -BeNullOrEmpty
        @(Get-BmgDevice 'mine-1' | Get-BmgDeviceHistory -User $me).Command | Should -Be @('Set-BmgDevice', 'New-BmgDevice')

        $all = Invoke-Captured { Get-BmgDeviceHistory }
        $all.Terminating.FullyQualifiedErrorId | Should -BeLike 'HistoryTampered,*'
        $others = Invoke-Captured { Get-BmgDeviceHistory -User 'someone-*' }
        $others.Terminating.FullyQualifiedErrorId | Should -BeLike 'HistoryTampered,*'
        (Invoke-Captured { Test-BmgHistory }).Output[0].Valid | Should -BeFalse
    }
}

# Round 28 (left28): an import's row of the import history deleted by hand (the module never deletes one; README "Import
# history is not hash-chained"). The entries the import made still verify, so the chain stays Valid; Test-BmgHistory lists
# the import in MissingImports and writes ImportNotFound (what Get-BmgImportHistory -Id says of that Id), not
# HistoryTampered, so that -ErrorAction Stop still fails a scheduled check.
Describe 'Test-BmgHistory names an import whose row of the import history is gone' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'by-hand' -OS ios | Out-Null
        # 20 new devices (their entries packed, ChangeEntryPack: the ImportId is the pack's column), then one change by a
        # second import (a row of change_history).
        $first = Write-TestCsv (New-CsvName 'first') (@('Identifier,OS') + (1..20 | ForEach-Object { "imp-$_,ios" }))
        Import-BmgDeviceCsv $first | Out-Null
        $second = Write-TestCsv (New-CsvName 'second') @('Identifier,OS,DisplayName', 'imp-3,ios,Three')
        Import-BmgDeviceCsv $second | Out-Null
        $script:Imports = @(Get-BmgImportHistory | Sort-Object Id)
        $Imports.Count | Should -Be 2
    }

    It 'an untouched history names no import and writes no error' {
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Valid | Should -BeTrue
        $result.Output[0].MissingImports | Should -BeNullOrEmpty
    }

    It 'a row deleted by hand: Valid stays True, MissingImports names the import and its entries, the error is ImportNotFound' {
        $gone = $Imports[0].Id
        $entries = @(Get-BmgDeviceHistory | Where-Object ImportId -EQ $gone | Sort-Object Sequence)
        $entries.Count | Should -Be 20
        $null = Invoke-HistorySql $Store "DELETE FROM import_history WHERE import_id = $gone;"

        $result = Invoke-Captured { Test-BmgHistory }
        $check = $result.Output[0]
        $check.Valid | Should -BeTrue
        $check.FirstBadEntry | Should -BeNullOrEmpty
        $check.Reason | Should -BeNullOrEmpty
        @($check.MissingImports).Count | Should -Be 1
        $check.MissingImports[0].ImportId | Should -Be $gone
        $check.MissingImports[0].FirstEntry | Should -Be $entries[0].Sequence
        $check.MissingImports[0].LastEntry | Should -Be $entries[-1].Sequence
        $check.MissingImports[0].Entries | Should -Be 20
        Assert-ErrorId $result.Errors 'ImportNotFound'
        $result.Errors[0].TargetObject | Should -Be $gone
        "$($result.Errors[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        "$($result.Errors[0])" | Should -BeExactly ("The import history has no row for import $gone, which 20 entries, $($entries[0].Sequence) to " +
            "$($entries[-1].Sequence), of the change history name (their ImportId): the row was deleted by hand (the module deletes only rows no entry names), " +
            "so Get-BmgImportHistory no longer shows that import's file, SHA-256, counts and row errors. The entries themselves verify: what the " +
            "import changed, who ran it (as the client said) and when are still in them (Get-BmgDeviceHistory | Where-Object ImportId -eq $gone; " +
            "Get-BmgUserHistory too). The import history is not hash-chained, so this is all the module can tell of it: restore the row from " +
            "a backup to show the import again; (Test-BmgHistory).MissingImports lists every import missing.")
        # What the message points at holds: the entries are there, and Get-BmgImportHistory -Id says the same of the Id.
        @(Get-BmgDeviceHistory | Where-Object ImportId -EQ $gone).Count | Should -Be 20
        Assert-ErrorId (Invoke-Captured { Get-BmgImportHistory -Id $gone }).Errors 'ImportNotFound'
        # A scheduled check fails on it.
        { Test-BmgHistory -ErrorAction Stop } | Should -Throw -ErrorId 'ImportNotFound*'
        # The other import is whole: one import named, not two.
        $Imports[1].Id | Should -Not -BeIn @($check.MissingImports.ImportId)
    }

    It 'two rows deleted: both named, oldest entry first, and the one error says which entries the first is' {
        $null = Invoke-HistorySql $Store 'DELETE FROM import_history;'
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeTrue
        @($result.Output[0].MissingImports.ImportId) | Should -Be @($Imports[0].Id, $Imports[1].Id)
        $result.Output[0].MissingImports[1].Entries | Should -Be 1
        "$($result.Output[0].MissingImports[1])" | Should -BeExactly "Import $($Imports[1].Id): entry $($result.Output[0].MissingImports[1].FirstEntry)"
        Assert-ErrorId $result.Errors 'ImportNotFound'
        "$($result.Errors[0])" | Should -BeLike "The import history has no row for imports $($Imports[0].Id), $($Imports[1].Id), which entries of the change history name (their ImportId; import $($Imports[0].Id): 20 entries, *): the rows were deleted by hand (the module deletes only rows no entry names), so Get-BmgImportHistory no longer shows those imports' file*"
    }

    It 'a clear is not refused, and once the entries naming the import are cleared the import is no longer named' {
        $gone = $Imports[0].Id
        $null = Invoke-HistorySql $Store "DELETE FROM import_history WHERE import_id = $gone;"
        $after = @(Get-BmgDeviceHistory | Where-Object ImportId -EQ $Imports[1].Id)[0]
        Clear-BmgHistory -Before $after.At -Confirm:$false
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Valid | Should -BeTrue
        $result.Output[0].MissingImports | Should -BeNullOrEmpty
        $result.Output[0].Clears[0].RemovedEntries | Should -Be 21
    }

    It 'a chain that does not verify: only HistoryTampered (imports are checked against a chain that holds, as the names index)' {
        $gone = $Imports[0].Id
        $null = Invoke-HistorySql $Store "DELETE FROM import_history WHERE import_id = $gone;"
        $null = Invoke-HistorySql $Store "UPDATE change_history SET os_user = 'intruder' WHERE sequence = 1;"
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeFalse
        $result.Output[0].MissingImports | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'HistoryTampered'
    }

    # Round 29: SQLite's bare INTEGER PRIMARY KEY gave the next import the newest import's Id once its row was deleted:
    # the deleted import's entries then named the new import's row, and Test-BmgHistory no longer said the row was gone.
    It 'the newest import''s row deleted by hand: the next import gets an Id of its own, and the deleted one is still named' {
        $gone = $Imports[1].Id
        $goneEntries = @(Get-BmgDeviceHistory | Where-Object ImportId -EQ $gone)
        $goneEntries.Count | Should -Be 1
        $null = Invoke-HistorySql $Store "DELETE FROM import_history WHERE import_id = $gone;"

        $third = Write-TestCsv (New-CsvName 'third') @('Identifier,OS,DisplayName', 'imp-4,ios,Four')
        Import-BmgDeviceCsv $third | Out-Null
        $new = @(Get-BmgImportHistory | Sort-Object Id)[-1]
        $new.Source | Should -Be $third
        $new.Id | Should -BeGreaterThan $gone
        # Each import's entries name its own row.
        @(Get-BmgDeviceHistory imp-4 | Where-Object ImportId -EQ $new.Id).Count | Should -Be 1
        @(Get-BmgDeviceHistory | Where-Object ImportId -EQ $gone).Sequence | Should -Be @($goneEntries.Sequence)
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeTrue
        @($result.Output[0].MissingImports.ImportId) | Should -Be @($gone)
        Assert-ErrorId $result.Errors 'ImportNotFound'
        Assert-ErrorId (Invoke-Captured { Get-BmgImportHistory -Id $gone }).Errors 'ImportNotFound'
    }
}
