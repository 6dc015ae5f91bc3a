# Walkthrough 27 (security sign-off), the change history's integrity: a write does not extend a chain whose newest
# entry doesn't verify (finding 2); HistoryTampered's way forward is built from the kind of failure (finding 7); an
# entry that no longer reads is reported without a stack trace, and Clear-BmgHistory refuses a -Before later than
# now (finding 10). Rows are edited with SQL valid on SQLite and PostgreSQL alike; it runs on both stores.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/History.Common.ps1

    function Get-RowCount { [long](Invoke-HistorySql $Store 'SELECT count(*) FROM change_history;')[0][0] }

    # The entries of devices dev-1..dev-4, each created apart, then dev-2 changed: every one a row of change_history.
    function New-IntegrityStore {
        $path = New-TestStore
        foreach ($i in 1..4) { New-BmgDevice -Identifier "dev-$i" -OS ios | Out-Null; Start-Sleep -Milliseconds 20 }
        Set-BmgDevice dev-2 -DisplayName 'Two' | Out-Null
        return $path
    }
}

Describe 'walkthrough 27, 2: a write does not extend a chain whose newest entry does not verify' {
    BeforeEach { $script:Store = New-IntegrityStore }

    It 'a copy of the newest row added by hand at <Where> stops the next write (HistoryTampered naming it); deleting the row lets writes go on' -ForEach @(
        @{ Where = 'the next sequence'; Offset = 1; Reason = 'was altered: its content no longer matches its hash' }
        @{ Where = 'a sequence far ahead (the walkthrough''s + 1,000,000)'; Offset = 1000000; Reason = 'does not follow entry' }
    ) {
        $head = (Test-BmgHistory).HeadSequence
        $added = $head + $Offset
        $null = Invoke-HistorySql $Store ("INSERT INTO change_history SELECT sequence + $Offset, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes, previous_hash, hash, changed_by " +
            "FROM change_history WHERE sequence = $head;")
        $rows = Get-RowCount

        $refused = Invoke-Captured { Set-BmgDevice dev-1 -DisplayName 'after the junk' }
        Assert-ErrorId @(@($refused.Errors) + @($refused.Terminating) | Where-Object { $_ }) 'HistoryTampered'
        $message = "$(@(@($refused.Errors) + @($refused.Terminating) | Where-Object { $_ })[0])"
        $message | Should -Match "Entry $added \("
        $message | Should -Match ([regex]::Escape($Reason))
        $message | Should -Match ([regex]::Escape("if entry $added (with any other entry after the last one that verifies) was added by hand, the store's owner deletes it"))
        (Get-BmgDevice dev-1).DisplayName | Should -Not -Be 'after the junk'
        Get-RowCount | Should -Be $rows

        # The way back the README gives: delete the rows after the last entry that verifies.
        $null = Invoke-HistorySql $Store "DELETE FROM change_history WHERE sequence > $head;"
        Set-BmgDevice dev-1 -DisplayName 'after the delete' | Out-Null
        (Get-BmgDevice dev-1).DisplayName | Should -Be 'after the delete'
        (Test-BmgHistory).Valid | Should -BeTrue
    }
}

Describe 'walkthrough 27, 7: HistoryTampered''s way forward for a missing entry' {
    BeforeEach { $script:Store = New-IntegrityStore }

    It 'an entry removed from the middle: no BadEntry sentence, the clear timed after the entry before the gap, and that advice clears it' {
        $seq = @(Get-BmgDeviceHistory dev-3)[0].Sequence
        $null = Invoke-HistorySql $Store "DELETE FROM change_history WHERE sequence = $seq;"
        $result = Invoke-Captured { Test-BmgHistory }
        Assert-ErrorId $result.Errors 'HistoryTampered'
        $result.Output[0].BadEntry | Should -BeNullOrEmpty
        $message = "$($result.Errors[0])"
        $message | Should -Not -Match 'BadEntry'
        $message | Should -Match ([regex]::Escape("restore the missing entry's row from a backup"))
        $message | Should -Match ([regex]::Escape("Clear-BmgHistory -Before <a time after entry $($seq - 1)'s> -AcceptTampered $seq"))

        # The advice works: a time after entry seq-1's (the entry after the gap's own time) clears through the gap.
        $after = @(Get-BmgDeviceHistory dev-4)[0]
        $cleared = Clear-BmgHistory -Before $after.At -AcceptTampered $seq -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'AcceptedTampered').NewValue | Should -Be "$seq"
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'the oldest entry removed: the clear timed after the first entry left, and that advice clears it' {
        $null = Invoke-HistorySql $Store 'DELETE FROM change_history WHERE sequence = 1;'
        $result = Invoke-Captured { Test-BmgHistory }
        Assert-ErrorId $result.Errors 'HistoryTampered'
        $message = "$($result.Errors[0])"
        $message | Should -Not -Match 'BadEntry'
        $message | Should -Match ([regex]::Escape("Clear-BmgHistory -Before <a time after entry 2's> -AcceptTampered 1"))

        $cleared = Clear-BmgHistory -Before (@(Get-BmgDeviceHistory dev-3)[0].At) -AcceptTampered 1 -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'AcceptedTampered').NewValue | Should -Be '1'
        (Test-BmgHistory).Valid | Should -BeTrue
    }
}

Describe 'walkthrough 27, 10: an entry that no longer reads is reported without a stack trace' {
    BeforeEach { $script:Store = New-IntegrityStore }

    It 'Get-BmgDeviceHistory stops with HistoryTampered saying what no longer reads, and no inner exception' {
        $seq = @(Get-BmgDeviceHistory dev-2)[0].Sequence
        $null = Invoke-HistorySql $Store "UPDATE change_history SET changes = '{not json' WHERE sequence = $seq;"
        $result = Invoke-Captured { Get-BmgDeviceHistory dev-2 }
        $stopped = @(@($result.Errors) + @($result.Terminating) | Where-Object { $_ })
        Assert-ErrorId $stopped 'HistoryTampered'
        "$($stopped[0])" | Should -Match ([regex]::Escape("entry $seq can no longer be read: its changes (changes) no longer read as a list of field changes"))
        $stopped[0].Exception.InnerException | Should -BeNullOrEmpty
        ($stopped[0] | Format-List * -Force | Out-String) | Should -Not -Match '\bat BizMobileGo\.'

        # The way forward for an entry with no time to go by: after the entry before it, and no BadEntry to look at.
        $check = Invoke-Captured { Test-BmgHistory }
        "$($check.Errors[0])" | Should -Not -Match 'BadEntry'
        "$($check.Errors[0])" | Should -Match ([regex]::Escape("Clear-BmgHistory -Before <a time after entry $($seq - 1)'s> -AcceptTampered $seq"))
    }
}

# left28: entries kept together (a pack: an import's new devices) whose bytes were altered by hand could not be forgotten:
# Test-BmgHistory named the first and its way forward said -AcceptTampered <it>, but the clear then called the rest of the
# pack missing, and its delete read the pack again and stopped. The way forward now names the pack's entries, and it works.
Describe 'walkthrough 27, 7: a pack of entries that no longer decodes can be cleared as the way forward says' {
    BeforeEach {
        $script:Store = New-IntegrityStore
        $csv = Write-TestCsv (New-CsvName 'pack') (@('Identifier,OS') + (1..20 | ForEach-Object { "pack-$_,ios" }))
        Import-BmgDeviceCsv $csv | Out-Null
        Start-Sleep -Milliseconds 20
        Set-BmgDevice dev-3 -DisplayName 'after the pack' | Out-Null
        $pack = (Invoke-HistorySql $Store 'SELECT first_sequence, last_sequence FROM change_history_packs;')
        $pack.Count | Should -Be 1
        $script:First = [long]$pack[0][0]
        $script:Last = [long]$pack[0][1]
        ($Last - $First + 1) | Should -Be 20
        $script:Entries = (Test-BmgHistory).Entries
        $broken = if ((Get-TestStoreKind) -eq 'postgres') { "decode('01FFFFFFFFFFFFFFFFFFFF', 'hex')" } else { "X'01FFFFFFFFFFFFFFFFFFFF'" }
        $null = Invoke-HistorySql $Store "UPDATE change_history_packs SET entries = $broken;"
    }

    It 'Test-BmgHistory names the pack''s entries in its way forward, and the clear it gives removes them, unread, recorded' {
        $check = Invoke-Captured { Test-BmgHistory }
        Assert-ErrorId $check.Errors 'HistoryTampered'
        $check.Output[0].FirstBadEntry | Should -Be $First
        # Its entries are counted, not called missing.
        $check.Output[0].Entries | Should -Be $Entries
        $check.Output[0].MissingBetween | Should -BeNullOrEmpty
        $message = "$($check.Errors[0])"
        $message | Should -Match ([regex]::Escape("Entry $First (Import-BmgDeviceCsv) was altered: the entries kept together from $First no longer decode"))
        $message | Should -Match ([regex]::Escape("Clear-BmgHistory -Before <a time after entry $($First - 1)'s> -AcceptTampered ${First}: it removes entries $First-$Last, kept together, unread"))

        # Without the acceptance the clear refuses, removing nothing.
        $after = @(Get-BmgDeviceHistory dev-3)[0]
        $after.Summary | Should -Not -BeNullOrEmpty
        Assert-ErrorId (Invoke-Captured { Clear-BmgHistory -Before $after.At -Confirm:$false }).Terminating 'HistoryTampered'
        (Invoke-HistorySql $Store 'SELECT first_sequence FROM change_history_packs;').Count | Should -Be 1

        # The advice: a time after entry First-1's (the entry after the pack's own time), accepting First.
        $cleared = Clear-BmgHistory -Before $after.At -AcceptTampered $First -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'AcceptedTampered').NewValue | Should -Be "$First"
        ($cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be "$Last"
        (Invoke-HistorySql $Store 'SELECT first_sequence FROM change_history_packs;').Count | Should -Be 0
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Valid | Should -BeTrue
        # What it kept reads: the entry after the pack, and the clear.
        @(Get-BmgDeviceHistory dev-3).Sequence | Should -Be @($after.Sequence)
        Get-BmgDeviceHistory 'pack-*' | Should -BeNullOrEmpty
    }

    It 'a write after it goes on: the newest entry verifies, and the pack before it is not taken for entries removed' {
        # The head check reads the newest entry and the one before it: the pack's stand-in, whose entries end where the head begins.
        Set-BmgDevice dev-4 -DisplayName 'after the edit' | Out-Null
        (Get-BmgDevice dev-4).DisplayName | Should -Be 'after the edit'
        (Test-BmgHistory -ErrorAction SilentlyContinue).FirstBadEntry | Should -Be $First
    }

    # Round 29 (left by round 28): its last_sequence (not hashed) widened by hand over the entries after it. Test-BmgHistory
    # counted those entries twice and its way forward named them as removed; the clear that accepted the pack then found the
    # entry after it "after entry <the widened end>" and, that accepted too, stopped at the pack: it could never be cleared.
    It 'its header widened by hand <Over>: Test-BmgHistory still names it (and says so), and the clear its way forward gives removes it alone' -ForEach @(
        @{ Over = 'over the entry after it (the newest)'; Widen = 1 }
        @{ Over = 'far past the newest entry'; Widen = 1000 }
    ) {
        $null = Invoke-HistorySql $Store "UPDATE change_history_packs SET last_sequence = last_sequence + $Widen;"
        $after = @(Get-BmgDeviceHistory dev-3)[0]
        $after.Sequence | Should -Be ($Last + 1)

        $check = Invoke-Captured { Test-BmgHistory }
        Assert-ErrorId $check.Errors 'HistoryTampered'
        $check.Output[0].Valid | Should -BeFalse
        $check.Output[0].FirstBadEntry | Should -Be $First
        # Each entry counted once: the widened column claims no entry the chain holds apart from it.
        $check.Output[0].Entries | Should -Be $Entries
        $check.Output[0].HeadSequence | Should -Be $after.Sequence
        $message = "$($check.Errors[0])"
        $message | Should -Match ([regex]::Escape("the entries kept together from $First no longer decode"))
        $message | Should -Match ([regex]::Escape("its last_sequence says $($Last + $Widen), but entry $($after.Sequence) follows it"))
        $message | Should -Match ([regex]::Escape("-AcceptTampered ${First}: it removes entries $First-$Last, kept together, unread"))

        # Not accepted, the clear still refuses, removing nothing.
        Assert-ErrorId (Invoke-Captured { Clear-BmgHistory -Before $after.At -Confirm:$false }).Terminating 'HistoryTampered'
        (Invoke-HistorySql $Store 'SELECT first_sequence FROM change_history_packs;').Count | Should -Be 1

        $cleared = Clear-BmgHistory -Before $after.At -AcceptTampered $First -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'AcceptedTampered').NewValue | Should -Be "$First"
        ($cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be "$Last"
        ($cleared.Changes | Where-Object Field -EQ 'ChainStart').NewValue | Should -Be "$($after.Sequence)"
        # The clear's own entry follows the newest entry read, not the widened column.
        $cleared.Sequence | Should -Be ($after.Sequence + 1)
        (Invoke-HistorySql $Store 'SELECT first_sequence FROM change_history_packs;').Count | Should -Be 0
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Valid | Should -BeTrue
        $result.Output[0].Entries | Should -Be 2
        # The entry after the pack is kept, as it was.
        $kept = @(Get-BmgDeviceHistory dev-3)
        $kept.Sequence | Should -Be @($after.Sequence)
        $kept[0].Hash | Should -Be $after.Hash
        Get-BmgDeviceHistory 'pack-*' | Should -BeNullOrEmpty
        Set-BmgDevice dev-4 -DisplayName 'after the clear' | Out-Null
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    # Round 30 (left by round 29): widened far past the newest entry, the next entry's number fell inside the range the column
    # claims, and the store's guard against a forked chain (SQLite's migration-12 trigger, PostgreSQL's migration-5 one) refused
    # every write as AlreadyExists "another client wrote the history at the same time; try again": no retry could help, and
    # nothing said the history was edited. The head check now refuses it as HistoryTampered, naming the pack and the way back.
    It 'its header widened by hand far past the newest entry, two entries after it: a write is refused as HistoryTampered naming the pack, not AlreadyExists; after the clear it goes on' {
        Set-BmgDevice dev-4 -DisplayName 'second after the pack' | Out-Null
        $null = Invoke-HistorySql $Store 'UPDATE change_history_packs SET last_sequence = last_sequence + 1000;'
        $newest = @(Get-BmgDeviceHistory dev-4)[0]

        $write = Invoke-Captured { Set-BmgDevice dev-4 -DisplayName 'refused' }
        $refusal = @($write.Errors) + @($write.Terminating | Where-Object { $_ })
        Assert-ErrorId $refusal 'HistoryTampered'
        "$($refusal[0])" | Should -Match ([regex]::Escape("the entries kept together from $First claim the numbers up to $($Last + 1000) (their last_sequence column), past the newest entry $($newest.Sequence)"))
        "$($refusal[0])" | Should -Match ([regex]::Escape('Test-BmgHistory'))
        "$($refusal[0])" | Should -Not -Match 'try again'
        (Get-BmgDevice dev-4).DisplayName | Should -Be 'second after the pack'

        Clear-BmgHistory -Before $newest.At -AcceptTampered $First -Confirm:$false | Out-Null
        Set-BmgDevice dev-4 -DisplayName 'after the clear' | Out-Null
        (Get-BmgDevice dev-4).DisplayName | Should -Be 'after the clear'
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'its header widened by hand over the newest entry: a write goes on before the clear, the newest entry following the pack''s own end' {
        $null = Invoke-HistorySql $Store 'UPDATE change_history_packs SET last_sequence = last_sequence + 1;'
        Set-BmgDevice dev-4 -DisplayName 'after the edit' | Out-Null
        (Get-BmgDevice dev-4).DisplayName | Should -Be 'after the edit'
        $check = Test-BmgHistory -ErrorAction SilentlyContinue
        $check.FirstBadEntry | Should -Be $First
        $check.Entries | Should -Be ($Entries + 1)
    }
}

Describe 'walkthrough 27, 10: Clear-BmgHistory -Before later than now' {
    BeforeEach { $script:Store = New-IntegrityStore }

    It 'is refused (ClearBeforeInFuture, naming the time and the rule) and removes nothing, <Run>' -ForEach @(
        @{ Run = 'confirmed'; WhatIf = $false }
        @{ Run = 'with -WhatIf'; WhatIf = $true }
    ) {
        $rows = Get-RowCount
        $head = (Test-BmgHistory).HeadHash
        $result = Invoke-Captured { Clear-BmgHistory -Before (Get-Date).AddMinutes(1) -Confirm:$false -WhatIf:$WhatIf }
        Assert-ErrorId $result.Terminating 'ClearBeforeInFuture'
        $result.Terminating.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($result.Terminating)" | Should -Match '^-Before \d{4}-\d\d-\d\d \d\d:\d\d.* is later than now \('
        "$($result.Terminating)" | Should -Match ([regex]::Escape('to clear every entry recorded so far, -Before (Get-Date). Nothing was removed.'))
        Get-RowCount | Should -Be $rows
        (Test-BmgHistory).HeadHash | Should -Be $head
    }

    It 'a -Before of now clears every entry recorded so far' {
        $cleared = Clear-BmgHistory -Before (Get-Date) -Confirm:$false -PassThru
        ($cleared.Changes | Where-Object Field -EQ 'RemovedEntries').NewValue | Should -Be '5'
        (Test-BmgHistory).Valid | Should -BeTrue
    }
}
