BeforeAll {
    . $PSScriptRoot/Common.ps1

    # Marks an outbox entry sent through the core library's API (CheckInOutbox.MarkSent), as a sender
    # that delivered it some other way would. The module's types live in its own load context, so they
    # are reached through the assembly of an object it returned.
    function Set-EmailSent([string] $Database, [long] $Id) {
        $core = (Get-BmgCheckInEmail -Database $Database | Select-Object -First 1).GetType().Assembly
        $store = $core.GetType('BizMobileGo.Core.Store.DeviceStores', $true)::Open($Database, 'Lookup')
        try {
            $outbox = [Activator]::CreateInstance($core.GetType('BizMobileGo.Core.Outbox.CheckInOutbox', $true), @($store))
            $outbox.MarkSent($Id, [DateTimeOffset]::UtcNow, '250 delivered by hand') | Should -BeTrue
            $outbox.MarkSent($Id, [DateTimeOffset]::UtcNow, $null) | Should -BeFalse -Because 'an entry is marked sent once'
        } finally {
            $store.Dispose()
        }
    }
}

Describe 'Get-BmgCheckInEmail' {
    BeforeAll {
        $script:db = New-TestStore
        $script:start = [DateTimeOffset]::UtcNow.AddSeconds(-1)
        New-BmgDevice -Identifier 'Dev01' -OS 'ios' -Code 'abc123' -RegistrationEmail 'alice@example.com' | Out-Null       # email 1
        New-BmgDevice -Identifier 'dev02' -OS 'android' -Code 'def456' -RegistrationEmail 'Bob@Example.org' | Out-Null     # email 2
        New-BmgDevice -Identifier 'dev03' -OS 'ios' | Out-Null                                                            # no email
        Set-EmailSent -Database $script:db -Id 1
        Set-BmgDevice -Identifier 'dev01' -Code 'ghi789'                                                                   # email 3
        $script:end = [DateTimeOffset]::UtcNow.AddSeconds(1)
    }

    It 'holds one row per queued email: recipient, identifier, code, queued time, sent time' {
        $all = @(Get-BmgCheckInEmail)
        $all | Should -HaveCount 3
        $all.Id | Should -Be @(1, 2, 3)
        $all.Recipient | Should -Be @('alice@example.com', 'Bob@Example.org', 'alice@example.com')
        $all.Identifier | Should -Be @('Dev01', 'dev02', 'Dev01')
        $all.Code | ConvertFrom-SecureString -AsPlainText | Should -Be @('abc123', 'def456', 'ghi789')
        foreach ($email in $all) {
            $email.QueuedAt | Should -BeGreaterOrEqual $script:start
            $email.QueuedAt | Should -BeLessOrEqual $script:end
        }
        $all[0].SentAt | Should -Not -BeNullOrEmpty
        $all[0].Status | Should -Be 'Sent'
        $all[0].ServerReply | Should -Be '250 delivered by hand'
        $all[1].SentAt | Should -BeNullOrEmpty
        $all.Status | Should -Be @('Sent', 'Pending', 'Pending') -Because 'a new email supersedes only pending ones, not one already sent'
    }

    It 'queues nothing for a device without a RegistrationEmail' {
        Get-BmgCheckInEmail -Identifier 'dev03' | Should -BeNullOrEmpty
    }

    It 'filters by Identifier in any case, with wildcards' {
        (Get-BmgCheckInEmail -Identifier 'DEV01').Id | Should -Be @(1, 3)
        (Get-BmgCheckInEmail -Identifier 'dev0*').Id | Should -Be @(1, 2, 3)
        (Get-BmgCheckInEmail -Identifier 'dev02', 'nope' -ErrorAction SilentlyContinue).Id | Should -Be 2
    }

    It 'an exact Identifier no email and no device has is DeviceNotFound, as Get-BmgDevice says it; a pattern or a device without email says nothing' {
        # Walkthrough 42, finding 7: `Get-BmgCheckInEmail -Identifier nosuch` wrote nothing and said nothing.
        $expected = (Invoke-Captured { Get-BmgDevice -Identifier nosuch }).Errors[0].Exception.Message
        $expected | Should -BeExactly "No device has the Identifier 'nosuch' $(Get-InStore)."
        foreach ($attempt in @(
                { Get-BmgCheckInEmail -Identifier nosuch }
                { Get-BmgCheckInEmail -LiteralIdentifier nosuch }
                { 'nosuch' | Get-BmgCheckInEmail }
                { [pscustomobject]@{ Identifier = 'nosuch' } | Get-BmgCheckInEmail }
                { Get-BmgCheckInEmail -Identifier nosuch -Status Pending }
            )) {
            $result = Invoke-Captured $attempt
            $result.Output | Should -BeNullOrEmpty
            $result.Warnings | Should -BeNullOrEmpty
            Assert-ErrorId $result.Errors 'DeviceNotFound'
            $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $result.Errors[0].TargetObject | Should -BeExactly 'nosuch'
            $result.Errors[0].Exception.Message | Should -BeExactly $expected -Because "$attempt"
        }
        # Each name at its place among the others: the emails found are still written.
        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier 'nosuch', 'dev02', 'nosuch2' }
        $result.Output.Id | Should -Be 2
        Assert-ErrorId $result.Errors 'DeviceNotFound' -Count 2
        $result.Errors.TargetObject | Should -Be @('nosuch', 'nosuch2')
        # A name typed with the IME on gets the full-width hint Get-BmgDevice gives it.
        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier 'ｄｅｖ０２' }
        Assert-ErrorId $result.Errors 'DeviceNotFound'
        $result.Errors[0].Exception.Message | Should -BeExactly (Invoke-Captured { Get-BmgDevice -Identifier 'ｄｅｖ０２' }).Errors[0].Exception.Message
        $result.Errors[0].Exception.Message | Should -BeLike '*full-width*'
        foreach ($silent in @(
                { Get-BmgCheckInEmail -Identifier 'nosuch*' }
                { Get-BmgCheckInEmail -Identifier dev03 }
                { Get-BmgDevice dev03 | Get-BmgCheckInEmail }
                { 'dev03' | Get-BmgCheckInEmail }
                { Get-BmgCheckInEmail -Identifier dev02 -Sent }
            )) {
            $result = Invoke-Captured $silent
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -BeNullOrEmpty -Because "$silent"
            $result.Warnings | Should -BeNullOrEmpty
        }
    }

    It '<Command> -<Parameter> completes on Tab the identifiers that have emails, not a device without one' -TestCases @(
        @{ Command = 'Get-BmgCheckInEmail'; Parameter = 'Identifier' }
        @{ Command = 'Get-BmgCheckInEmail'; Parameter = 'LiteralIdentifier' }
        @{ Command = 'Send-BmgCheckInEmail'; Parameter = 'Identifier' }
        @{ Command = 'Send-BmgCheckInEmail'; Parameter = 'LiteralIdentifier' }
    ) {
        # dev03 is a device (Get-BmgDevice -Identifier completes it) but has no email: an email cmdlet doesn't offer it.
        # Dev01 has two emails (one sent, one pending): offered once.
        $line = "$Command -$Parameter DE"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('Dev01', 'dev02')
        $line = "$Command -$Parameter dev03"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches) | Should -HaveCount 0
        $line = "$Command -$Parameter *2"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('dev02')
    }

    It 'filters by -Recipient in any case, with wildcards, also as -Address' {
        (Get-BmgCheckInEmail -Recipient 'bob@example.org').Id | Should -Be 2
        (Get-BmgCheckInEmail -Recipient '*@EXAMPLE.COM').Id | Should -Be @(1, 3)
        (Get-BmgCheckInEmail -Address 'alice*').Id | Should -Be @(1, 3)
    }

    It '-Unsent returns the emails not sent yet and -Sent the ones sent' {
        (Get-BmgCheckInEmail -Unsent).Id | Should -Be @(2, 3)
        $sent = @(Get-BmgCheckInEmail -Sent)
        $sent.Id | Should -Be @(1)
        $sent[0].SentAt | Should -Not -BeNullOrEmpty
    }

    It 'refuses -Unsent together with -Sent' {
        { Get-BmgCheckInEmail -Unsent -Sent -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,BizMobileGo.PowerShell.GetBmgCheckInEmailCommand' -ExceptionType ([System.Management.Automation.ParameterBindingException])
    }

    It 'combines the filters' {
        (Get-BmgCheckInEmail -Identifier 'dev01' -Unsent).Id | Should -Be 3
        (Get-BmgCheckInEmail -Identifier 'dev01' -Sent -Recipient 'alice@*').Id | Should -Be 1
        Get-BmgCheckInEmail -Identifier 'dev02' -Sent | Should -BeNullOrEmpty
    }

    It 'takes the Identifier of Get-BmgDevice output on the pipeline' {
        (Get-BmgDevice -Identifier 'dev01' | Get-BmgCheckInEmail).Id | Should -Be @(1, 3)
    }

    It 'answers many piped devices a batch at a time with what each would get alone, in order, filters applied' {
        # Piped records are answered with one read of the outbox per batch (not one per record): each record still gets
        # the emails of its identifier (any case), in the outbox's order, and a record's repeats once.
        $piped = 'dev02', 'DEV01', 'nothing', 'dev03', 'dev01' | ForEach-Object { [pscustomobject]@{ Identifier = $_ } }
        # 'nothing' (no email, no device) is its DeviceNotFound, once for each command; dev03 (a device without email) says nothing.
        ($piped | Get-BmgCheckInEmail -ErrorAction SilentlyContinue -ErrorVariable missing).Id | Should -Be @(2, 1, 3, 1, 3)
        @($missing).TargetObject | Should -Be 'nothing'
        ($piped | Get-BmgCheckInEmail -Unsent -ErrorAction SilentlyContinue).Id | Should -Be @(2, 3, 3)
        ($piped | Get-BmgCheckInEmail -Recipient 'bob@*' -ErrorAction SilentlyContinue).Id | Should -Be @(2)
        ([pscustomobject]@{ Identifier = @('dev01', 'DEV01', 'dev02') } | Get-BmgCheckInEmail).Id | Should -Be @(1, 2, 3)
        $alone = @(foreach ($record in $piped) { Get-BmgCheckInEmail -LiteralIdentifier $record.Identifier -ErrorAction SilentlyContinue }).Id
        ($piped | Get-BmgCheckInEmail -ErrorAction SilentlyContinue).Id | Should -Be $alone
    }

    It 'sees the emails an earlier command of the same pipeline queued just before each record' {
        # The batch is read when it is answered, after every record in it arrived: an email queued by the command
        # before it in the pipeline, for the device it is handed, is there.
        $new = 1..3 | ForEach-Object { New-BmgDevice -Identifier "stream$_" -OS 'ios' -RegistrationEmail "s$_@example.com" } |
            Get-BmgCheckInEmail
        $new.Identifier | Should -Be @('stream1', 'stream2', 'stream3')
        $new.Recipient | Should -Be @('s1@example.com', 's2@example.com', 's3@example.com')
    }
}

Describe 'What queues a check-in email' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'dev01' -OS 'ios' -Code 'abc123' -RegistrationEmail 'alice@example.com' | Out-Null
    }

    It 'a change to a device with a RegistrationEmail queues one with the current code' {
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Phone'
        $emails = @(Get-BmgCheckInEmail -Identifier 'dev01')
        $emails | Should -HaveCount 2
        $emails[1].Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'abc123'
    }

    It 'a change of the RegistrationEmail queues one to the new address' {
        Set-BmgDevice -Identifier 'dev01' -RegistrationEmail 'carol@example.com'
        (Get-BmgCheckInEmail -Unsent | Select-Object -Last 1).Recipient | Should -Be 'carol@example.com'
    }

    It 'a Set- that changes nothing, a refused Set- and a -WhatIf queue nothing' {
        Set-BmgDevice -Identifier 'dev01' -Code 'abc123'
        Set-BmgDevice -Identifier 'dev01' -WifiMac 'bad' -ErrorAction SilentlyContinue
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'W' -WhatIf
        @(Get-BmgCheckInEmail) | Should -HaveCount 1
    }

    It 'an import row queues one, counted in the summary' {
        $summary = [pscustomobject]@{ Identifier = 'dev02'; OS = 'ios'; Code = 'xyz789'; RegistrationEmail = 'dave@example.com' } | Import-BmgDeviceCsv
        $summary.EmailsQueued | Should -Be 1
        $email = Get-BmgCheckInEmail -Identifier 'dev02'
        $email.Recipient | Should -Be 'dave@example.com'
        $email.Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'xyz789'
    }
}
