# Round 32, 2: a store moved with Export-/Import-BmgDeviceCsv queues a check-in email for every device with a
# RegistrationEmail, also for those whose email the old store had sent. Send-BmgCheckInEmail -MarkSent records the
# selected emails as Sent without sending them (no server contacted), asked first (-WhatIf, -Confirm), with who marked it
# in StatusReason. Real module, real stores of the run's kind (both stores), the real SMTP test server.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/../servers/SmtpTestServer.ps1

    function Get-SendParameters($Server) {
        @{ SmtpServer = '127.0.0.1'; Port = $Server.Port; From = 'BizMobileGo <mdm@example.com>'; CheckInUrl = 'https://mdm.example.com/checkin' }
    }
}

Describe 'Send-BmgCheckInEmail -MarkSent' {
    BeforeAll {
        $script:Server = Start-SmtpTestServer
        $script:Send = Get-SendParameters $Server
    }
    AfterAll { Stop-SmtpTestServer $script:Server }

    BeforeEach {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'mk-01' -OS ios -RegistrationEmail 'one@example.com' | Out-Null
        New-BmgDevice -Identifier 'mk-02' -OS ios -RegistrationEmail 'two@example.com' | Out-Null
        $script:Received = (Get-ReceivedMail $Server).Count
    }

    It '-WhatIf says what it would mark and changes nothing' {
        $before = Get-StoreSnapshot
        $text = Get-WhatIfText { Send-BmgCheckInEmail -Identifier 'mk-01' -MarkSent -WhatIf }
        "$text" | Should -Match "Mark as sent without sending .* on target ""email \d+ to 'one@example.com' for device 'mk-01'"""
        Get-StoreSnapshot | Should -Be $before
    }

    It 'marks the selected Pending email Sent with who marked it, contacts no server, and a later send leaves it alone' {
        $marked = @(Send-BmgCheckInEmail -Identifier 'mk-01' -MarkSent -PassThru -SmtpServer 'no-such-host.invalid')
        $marked | Should -HaveCount 1
        "$($marked[0].Status)" | Should -Be 'Sent'
        $marked[0].SentAt | Should -Not -BeNullOrEmpty
        $marked[0].ServerReply | Should -BeNullOrEmpty -Because 'no server replied: a marked email is told from a delivered one'
        $marked[0].StatusReason | Should -BeLike "Marked sent without sending by '*' on '*' (Send-BmgCheckInEmail -MarkSent): no message went out from this store."
        "$((Get-BmgCheckInEmail -Identifier 'mk-02').Status)" | Should -Be 'Pending' -Because 'only the selected email is marked'

        Send-BmgCheckInEmail @Send
        $mail = @(Get-ReceivedMail $Server | Select-Object -Skip $Received)
        @($mail.rcpt_tos) | Should -Be @('two@example.com')
    }

    It 'needs a selection: without one it is refused (SelectionRequired) and marks nothing; -Identifier * marks them all (left32c)' {
        $before = Get-StoreSnapshot
        $run = Invoke-Captured { Send-BmgCheckInEmail -MarkSent -Confirm:$false }
        Get-ErrorId $run.Terminating | Should -Be 'SelectionRequired'
        "$($run.Terminating)" | Should -BeLike '-MarkSent needs a selection:*-Identifier * marks every Pending email*'
        Get-StoreSnapshot | Should -Be $before

        $marked = @(Send-BmgCheckInEmail -Identifier * -MarkSent -PassThru)
        $marked.Identifier | Sort-Object | Should -Be @('mk-01', 'mk-02')
        @(Get-BmgCheckInEmail -Unsent) | Should -HaveCount 0
    }

    It 'marks nothing and is no error when the pipeline carries nothing: the move''s step 4 from a store that never sent an email (walk36 3)' {
        $before = Get-StoreSnapshot
        $run = Invoke-Captured { @() | Send-BmgCheckInEmail -MarkSent -Verbose 4>&1 }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        "$($run.Output)" | Should -BeLike '*Nothing was piped to Send-BmgCheckInEmail -MarkSent; no email was marked sent.*'
        Get-StoreSnapshot | Should -Be $before

        # The README's step 4 as a migration script runs it: under Stop, the lines after it still run.
        $old = $PSDefaultParameterValues['*-Bmg*:Database']
        $new = New-TestStore
        $ErrorActionPreference = 'Stop'
        Get-BmgCheckInEmail -Database $old | Sort-Object Id | Group-Object Identifier | ForEach-Object { $_.Group[-1] } |
            Where-Object Status -EQ Sent | ForEach-Object Identifier | Send-BmgCheckInEmail -Database $new -MarkSent
        $ErrorActionPreference = 'Continue'
        @(Get-BmgCheckInEmail -Database $old -Unsent) | Should -HaveCount 2 -Because 'nothing was marked'
    }

    It 'marks a Failed email piped in; piped Sent ones are counted in a warning, not marked again' {
        $refusing = Start-SmtpTestServer -Arguments '--reject-rcpt', 'two@'
        try {
            $refusingSend = Get-SendParameters $refusing
            Send-BmgCheckInEmail -Identifier 'mk-02' @refusingSend -ErrorAction SilentlyContinue
        } finally { Stop-SmtpTestServer $refusing }
        "$((Get-BmgCheckInEmail -Identifier 'mk-02').Status)" | Should -Be 'Failed'
        Send-BmgCheckInEmail -Identifier 'mk-01' -MarkSent
        $sentReason = (Get-BmgCheckInEmail -Identifier 'mk-01').StatusReason

        $result = Invoke-Captured { Get-BmgCheckInEmail | Send-BmgCheckInEmail -MarkSent }

        $result.Errors | Should -BeNullOrEmpty
        "$($result.Warnings)" | Should -BeLike '1 of the emails selected was not marked sent: 1 Sent.*'
        $failed = Get-BmgCheckInEmail -Identifier 'mk-02'
        "$($failed.Status)" | Should -Be 'Sent'
        $failed.LastError | Should -BeLike '550*' -Because 'what this store tried stays on the entry'
        $failed.Attempts | Should -Be 1
        (Get-BmgCheckInEmail -Identifier 'mk-01').StatusReason | Should -BeExactly $sentReason
    }

    It 'after a move, marks what the old store sent (the help''s example), and the new store mails only the rest' {
        $old = $PSDefaultParameterValues['*-Bmg*:Database']
        Send-BmgCheckInEmail -Identifier 'mk-01' @Send                       # the old store sends one of its two emails
        $csv = Join-Path $TestDrive (New-CsvName 'moved')
        Export-BmgDeviceCsv $csv -Database $old
        $new = New-TestStore
        Import-BmgDeviceCsv $csv -Database $new | Out-Null
        @(Get-BmgCheckInEmail -Database $new -Unsent).Identifier | Sort-Object | Should -Be @('mk-01', 'mk-02') -Because 'the import queues both again'
        $afterOldSend = (Get-ReceivedMail $Server).Count

        Get-BmgCheckInEmail -Database $old | Sort-Object Id | Group-Object Identifier | ForEach-Object { $_.Group[-1] } |
            Where-Object Status -EQ Sent | ForEach-Object Identifier | Send-BmgCheckInEmail -Database $new -MarkSent

        @(Get-BmgCheckInEmail -Database $new -Unsent).Identifier | Should -Be @('mk-02')
        Send-BmgCheckInEmail @Send -Database $new
        $mail = @(Get-ReceivedMail $Server | Select-Object -Skip $afterOldSend)
        @($mail.rcpt_tos) | Should -Be @('two@example.com') -Because 'mk-01''s user got the code from the old store already'
    }
}
