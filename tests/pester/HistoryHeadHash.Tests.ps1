# The head hash Test-BmgHistory shows is the value an admin copies into a ticket: in an 80-column console it must be on
# one line, and a copy that took a line break or a space along must still be taken as that hash.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Test-BmgHistory head hash, as copied from a console' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'hh-001' -OS ios | Out-Null
        Set-BmgDevice -Identifier 'hh-001' -DisplayName 'Changed' | Out-Null
        $script:Check = Test-BmgHistory
    }

    It 'shows the whole 64-digit head hash on one line of an 80-column list' {
        $Check.HeadHash | Should -Match '^[0-9a-f]{64}$'
        $lines = @(($Check | Out-String -Width 80) -split '\r?\n')
        @($lines | Where-Object { $_ -match "HeadHash\s*:\s*$($Check.HeadHash)$" }).Count | Should -Be 1
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 }
    }

    It 'takes a head hash copied with a line break and spaces in it' {
        $copied = " $($Check.HeadHash.Substring(0, 40))`r`n  $($Check.HeadHash.Substring(40)) "
        $result = Test-BmgHistory -KnownHash $copied -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        $result.Valid | Should -BeTrue
    }

    It 'still refuses text that is not a hash' {
        { Test-BmgHistory -KnownHash 'not-a-hash' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BizMobileGo.PowerShell.TestBmgHistoryCommand'
    }
}

Describe 'Clear-BmgHistory -PassThru, as copied from a console' {
    It 'shows the chain start''s 64-digit previous hash whole on one line of an 80-column list' {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'hh-002' -OS ios | Out-Null
        Set-BmgDevice -Identifier 'hh-002' -DisplayName 'Changed' | Out-Null
        $head = (Test-BmgHistory).HeadHash
        $cleared = Clear-BmgHistory -Before (Get-Date) -PassThru -Confirm:$false
        # Its table shows no hash; the list (Format-List, as an admin looks at a clear) holds the chain start's.
        $lines = @(($cleared | Format-List | Out-String -Width 80) -split '\r?\n')
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 -Because "'$_'" }
        @($lines | Where-Object { $_ -match "ChainStartPreviousHash: \(none\) →$" }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match "^\s+$head$" }).Count | Should -Be 1 -Because ($lines -join "`n")
    }
}

# Walkthrough 11.6: a hash mistyped or pasted from the wrong ticket was announced as "The change history was changed by
# hand" (HistoryTampered). The chain holds; the module can't tell a typo from removed newest entries, so it says both.
Describe 'Test-BmgHistory -KnownHash that no entry has' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'kh-001' -OS ios | Out-Null
        $script:Head = (Test-BmgHistory).HeadHash
    }

    It 'is KnownHashNotFound, says to check the hash, and claims no tampering' {
        # The written-down hash with one digit mistyped.
        $typo = $Head.Substring(0, 63) + $(if ($Head[63] -eq 'a') { 'b' } else { 'a' })
        $result = Invoke-Captured { Test-BmgHistory -KnownHash $typo }
        $result.Output[0].Valid | Should -BeFalse
        $result.Output[0].FirstBadEntry | Should -BeNullOrEmpty
        $result.Output[0].Reason | Should -BeLike "No entry has the hash $($typo): check the hash you gave; if it is right, the entries up to it were removed or rewritten by hand, or the store was restored from a backup made before that entry (then Entries and HeadHash are the backup's: write the new HeadHash down after a restore)."
        Assert-ErrorId $result.Errors 'KnownHashNotFound'
        $record = $result.Errors[0]
        "$record" | Should -BeExactly $result.Output[0].Reason
        "$record" | Should -Not -Match 'changed by hand'
        $record.TargetObject | Should -BeExactly $typo
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Test-BmgHistory -KnownHash $typo -ErrorAction Stop } | Should -Throw -ErrorId 'KnownHashNotFound,*'
    }

    It 'leaves HistoryTampered to a chain that is broken: the chain still holds, and Clear-BmgHistory still clears it' {
        (Test-BmgHistory).Valid | Should -BeTrue
        (Test-BmgHistory -KnownHash $Head).Valid | Should -BeTrue
        { Clear-BmgHistory -Before '2000-01-01' -Confirm:$false -ErrorAction Stop } | Should -Not -Throw
    }

    It 'still refuses a value that is not 64 hex digits before any check (<Value>)' -ForEach @(
        @{ Value = ('0' * 63) }
        @{ Value = ('g' * 64) }
    ) {
        { Test-BmgHistory -KnownHash $Value -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BizMobileGo.PowerShell.TestBmgHistoryCommand'
    }
}

# Walkthrough 31, 12: a store restored from a backup made before the head written down ends where the backup did, which
# reads exactly like the newest entries removed; the reason named only removal "by hand". Now it names the restore too.
Describe 'Test-BmgHistory -KnownHash after restoring an older backup' {
    It 'the restored store verifies, and the later head hash is not found, naming a restore as a cause' {
        $store = New-TestStore
        New-BmgDevice -Identifier 'rb-001' -OS ios | Out-Null
        $backupHead = (Test-BmgHistory).HeadHash
        # A backup as README "Back up and restore" says: VACUUM INTO, safe while the store is open or written.
        $backup = Join-Path $TestDrive 'backup-rb.db'
        $connection = New-SqliteConnection "Data Source=$store"
        $connection.Open()
        try {
            $command = $connection.CreateCommand()
            $command.CommandText = "VACUUM INTO '$($backup.Replace("'", "''"))';"
            $command.ExecuteNonQuery() | Out-Null
        } finally {
            $connection.Dispose()
        }
        Set-BmgDevice -Identifier 'rb-001' -DisplayName 'After the backup' | Out-Null
        $laterHead = (Test-BmgHistory).HeadHash

        $result = Invoke-Captured { Test-BmgHistory -Database $backup -KnownHash $laterHead }

        $result.Output[0].HeadHash | Should -Be $backupHead -Because 'the restored store is the backup, whole'
        $result.Output[0].FirstBadEntry | Should -BeNullOrEmpty
        $result.Output[0].Reason | Should -BeExactly ("No entry has the hash $($laterHead): check the hash you gave; if it is right, the entries up to it " +
            "were removed or rewritten by hand, or the store was restored from a backup made before that entry (then Entries and HeadHash are the " +
            "backup's: write the new HeadHash down after a restore).")
        Assert-ErrorId $result.Errors 'KnownHashNotFound'
        (Invoke-Captured { Test-BmgHistory -Database $backup -KnownHash $backupHead }).Output[0].Valid | Should -BeTrue
    }
}
