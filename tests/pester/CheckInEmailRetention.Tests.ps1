# The outbox's retention (walkthrough 32, finding 2): a piped Device shows only its own emails, not those of an earlier
# device that bore its Identifier, and Clear-BmgCheckInEmail forgets old entries (final ones by default, Pending only when
# named), recording the clear on the change history's chain.
# Real stores: runs on SQLite and PostgreSQL (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # ipad-r was Hanako's (her address, code Secret1111), removed; the Identifier now belongs to Mori's device.
    # kiosk-1's email is still Pending.
    function Initialize-ReusedStore {
        $null = New-TestStore
        New-BmgDevice -Identifier ipad-r -OS ios -Code Secret1111 -RegistrationEmail hanako@example.com | Out-Null
        Remove-BmgDevice ipad-r -Confirm:$false
        New-BmgDevice -Identifier ipad-r -OS ios -Code Secret2222 -RegistrationEmail mori@example.com | Out-Null
        New-BmgDevice -Identifier kiosk-1 -OS ios -Code Secret3333 -RegistrationEmail kitting@example.com | Out-Null
    }
}

Describe 'A piped device shows its own check-in emails only' {
    BeforeEach { Initialize-ReusedStore }

    It 'Get-BmgDevice | Get-BmgCheckInEmail leaves out the removed earlier device of the same Identifier' {
        $own = @(Get-BmgDevice ipad-r | Get-BmgCheckInEmail)
        $own | Should -HaveCount 1
        $own[0].Recipient | Should -BeExactly 'mori@example.com'
        $own[0].Status | Should -Be 'Pending'
    }

    It 'the typed Identifier still shows every email under the name, the earlier device''s too' {
        $all = @(Get-BmgCheckInEmail ipad-r)
        $all.Recipient | Should -Be @('hanako@example.com', 'mori@example.com')
        $all[0].Status | Should -Be 'Superseded'
    }

    It 'several piped devices each get their own emails, in order' {
        $emails = @(Get-BmgDevice ipad-r, kiosk-1 | Get-BmgCheckInEmail)
        $emails.Recipient | Should -Be @('mori@example.com', 'kitting@example.com')
    }

    It 'each email knows its device by key: a rename carries the device''s own emails, the earlier device''s stay under the old name' {
        # Thirty-third round (SQLite 22, PostgreSQL 18): the rename moved every email under the name, Hanako's too, so
        # Get-BmgCheckInEmail ipad-m showed her address under Mori's device's new name.
        $mori = Get-BmgDevice ipad-r
        Rename-BmgDevice ipad-r -NewName ipad-m -Confirm:$false
        $moved = @(Get-BmgCheckInEmail ipad-m)
        $moved.Recipient | Should -Be @('mori@example.com')
        $moved[0].DeviceKey | Should -Be $mori.DeviceKey
        $left = @(Get-BmgCheckInEmail ipad-r)
        $left.Recipient | Should -Be @('hanako@example.com')
        $left[0].DeviceKey | Should -Not -Be $mori.DeviceKey
        @(Get-BmgDevice ipad-m | Get-BmgCheckInEmail).Recipient | Should -Be @('mori@example.com')
    }

    It '-InputObject typed is refused (PipelineOnlyParameter)' {
        $device = Get-BmgDevice ipad-r
        $run = Invoke-Captured { Get-BmgCheckInEmail -InputObject $device }
        $run.Terminating | Should -Not -BeNullOrEmpty
        Get-ErrorId $run.Terminating | Should -BeExactly 'PipelineOnlyParameter'
    }
}

Describe 'Clear-BmgCheckInEmail' {
    BeforeEach { Initialize-ReusedStore }

    It 'removes the final emails queued before the date, keeps Pending ones, and records the clear on the history chain' {
        $entry = Clear-BmgCheckInEmail -Before (Get-Date) -Confirm:$false -PassThru
        @(Get-BmgCheckInEmail).Recipient | Should -Be @('mori@example.com', 'kitting@example.com')
        @(Get-BmgCheckInEmail -Recipient hanako*) | Should -HaveCount 0
        $entry.SubjectKind | Should -Be 'History'
        $entry.Action | Should -Be 'Removed'
        ($entry.Changes | Where-Object Field -eq 'RemovedEmails').NewValue | Should -BeExactly '1'
        ($entry.Changes | Where-Object Field -eq 'Statuses').NewValue | Should -BeExactly 'Sent, Failed, Superseded'
        "$($entry.Changes.NewValue)" | Should -Not -Match 'hanako|Secret'
        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $check.HeadHash | Should -BeExactly $entry.Hash
    }

    It '-WhatIf names the count and removes nothing, records nothing' {
        $head = (Test-BmgHistory).HeadHash
        $text = Get-WhatIfText { Clear-BmgCheckInEmail -Before (Get-Date) -WhatIf }
        $text | Should -Match 'Remove 1 email'
        @(Get-BmgCheckInEmail) | Should -HaveCount 3
        (Test-BmgHistory).HeadHash | Should -BeExactly $head
    }

    It 'removes Pending emails only when -Status names Pending' {
        Clear-BmgCheckInEmail -Before (Get-Date) -Status Pending -Confirm:$false
        @(Get-BmgCheckInEmail).Recipient | Should -Be @('hanako@example.com')
    }

    It 'a clear that finds nothing changes and records nothing' {
        $before = (Get-BmgCheckInEmail)[0].QueuedAt
        $head = (Test-BmgHistory).HeadHash
        Clear-BmgCheckInEmail -Before $before -Confirm:$false -PassThru | Should -BeNullOrEmpty
        @(Get-BmgCheckInEmail) | Should -HaveCount 3
        (Test-BmgHistory).HeadHash | Should -BeExactly $head
    }

    It 'a -Before later than now is refused (ClearBeforeInFuture) and removes nothing' {
        $run = Invoke-Captured { Clear-BmgCheckInEmail -Before (Get-Date).AddDays(1) -Confirm:$false }
        $run.Terminating | Should -Not -BeNullOrEmpty
        Get-ErrorId $run.Terminating | Should -BeExactly 'ClearBeforeInFuture'
        @(Get-BmgCheckInEmail) | Should -HaveCount 3
    }

    It 'a piped object is refused before anything is removed' {
        $run = Invoke-Captured { Get-BmgDevice ipad-r | Clear-BmgCheckInEmail -Before (Get-Date) -Confirm:$false }
        $run.Terminating | Should -Not -BeNullOrEmpty
        @(Get-BmgCheckInEmail) | Should -HaveCount 3
    }
}

# Walkthrough 38, 8: the help's "read one device's code" example handed ConvertFrom-SecureString a null when nothing was
# waiting, and PowerShell's raw "because it is null" error came out.
Describe 'Get-BmgCheckInEmail''s example that reads one code, run as the help gives it' {
    BeforeEach {
        $null = New-TestStore
        $script:Example = @((Get-Help Get-BmgCheckInEmail -Examples).examples.example | Where-Object { "$($_.code)" -match 'ipad-3 -Unsent' })
        $Example | Should -HaveCount 1
        $script:Block = [scriptblock]::Create("$($Example[0].code)")
    }

    It 'nothing waiting for ipad-3: no output and no error, as its remark says' {
        New-BmgDevice -Identifier ipad-3 -OS ios -Code Secret3333 | Out-Null
        $run = Invoke-Captured { & $Block }
        $run.Errors | Should -BeNullOrEmpty
        $run.Terminating | Should -BeNullOrEmpty
        $run.Output | Should -BeNullOrEmpty
        ($Example[0].remarks.Text -join ' ') | Should -BeLike '*No output means no email is waiting for ipad-3*'
    }

    It 'an email waiting: its code, once' {
        New-BmgDevice -Identifier ipad-3 -OS ios -Code Secret3333 -RegistrationEmail sato@example.com | Out-Null
        $run = Invoke-Captured { & $Block }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be @('Secret3333')
    }
}
