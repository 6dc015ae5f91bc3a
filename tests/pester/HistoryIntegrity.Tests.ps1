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
        $null = Invoke-HistorySql $Store ("INSERT INTO change_history SELECT sequence + $Offset, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes, previous_hash, hash " +
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
