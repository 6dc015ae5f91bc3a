# Walkthrough 18, finding 10: Send-BmgCheckInEmail -WhatIf is a dry run of who would get what. It contacts no server,
# so it needs neither -SmtpServer nor -From (nor their $env: settings); the real run still requires both. What the
# messages would carry is still checked (a check-in URL the template shows), and the What if lines hold no code.
# No SMTP server is started: none is needed. Runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Send-BmgCheckInEmail -WhatIf without SMTP settings' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier dev01 -OS ios -RegistrationEmail 'user1@example.com' | Out-Null
        New-BmgDevice -Identifier dev02 -OS ios -RegistrationEmail 'user2@example.com' | Out-Null
        $script:saved = $env:BMG_SMTP_SERVER, $env:BMG_SMTP_FROM, $env:BMG_CHECKIN_URL
        $env:BMG_SMTP_SERVER = $null; $env:BMG_SMTP_FROM = $null; $env:BMG_CHECKIN_URL = $null
    }

    AfterEach {
        $env:BMG_SMTP_SERVER, $env:BMG_SMTP_FROM, $env:BMG_CHECKIN_URL = $script:saved
    }

    It 'says who would get what, without the code, and changes nothing; the real run still needs a server and a sender' {
        $codes = (Get-BmgCheckInEmail).Code | ConvertFrom-SecureString -AsPlainText
        $codes | Should -HaveCount 2
        $before = Get-StoreSnapshot
        $transcript = Join-Path $TestDrive 'dry-run.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -Culture en-US -WhatIf -ErrorAction Stop
        } finally {
            $null = Stop-Transcript
        }
        $output = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', ''
        $output | Should -Match "What if: .*Send check-in email 'Check in your device dev01'.* on target .email 1 to 'user1@example\.com' for device 'dev01'"
        $output | Should -Match "What if: .*Send check-in email 'Check in your device dev02'.* on target .email 2 to 'user2@example\.com' for device 'dev02'"
        foreach ($code in $codes) { $output | Should -Not -Match ([regex]::Escape($code)) }
        Get-StoreSnapshot | Should -Be $before

        { Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -From 'a@example.com' } | Should -Throw -ErrorId 'SmtpSettingsInvalid,*'
        { Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -SmtpServer 127.0.0.1 } | Should -Throw -ErrorId 'SmtpSettingsInvalid,*'
        (Get-BmgCheckInEmail).Status | Should -Be @('Pending', 'Pending')
    }

    It 'still checks what the messages would carry, and a sender address given' {
        { Send-BmgCheckInEmail -WhatIf } | Should -Throw -ErrorId 'CheckInUrlMissing,*'
        { Send-BmgCheckInEmail -WhatIf -CheckInUrl 'ftp://mdm.example.com/checkin' } | Should -Throw -ErrorId 'CheckInUrlInvalid,*'
        { Send-BmgCheckInEmail -WhatIf -CheckInUrl 'https://mdm.example.com/checkin' -From 'not an address' } | Should -Throw -ErrorId 'SmtpSettingsInvalid,*'
    }
}

# Walkthrough 24, finding 7: a second run named the first sender by its claim token, and said "Performing the operation …
# Send" for an email it then skipped. The other sender is this test process under another OS user name: a claim of a live
# process, taken through the store as a sender takes it.
Describe 'An email another sender is sending: the sender is named as a person, and no "Performing the operation" line is said for it' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgDevice -Identifier dev01 -OS ios -RegistrationEmail 'user1@example.com' | Out-Null
    }

    It 'says who sends it (user, host, process, since when) and that this run does not, and contacts no server' {
        $email = @(Get-BmgCheckInEmail)[0]
        $started = (Get-Process -Id $PID).StartTime.ToUniversalTime().Ticks
        $claimant = '{0}/{1}/{2}/0badc0de/{3}/otheradmin' -f [Environment]::MachineName, $PID, $started, [DateTimeOffset]::UtcNow.Ticks
        # The module's types live in its own load context: reached through the assembly of an object it returned (Outbox.Tests.ps1).
        $core = $email.GetType().Assembly
        $store = $core.GetType('BizMobileGo.Core.Store.DeviceStores', $true)::Open($Database, 'Command')
        try {
            $store.TryClaimCheckInEmail($email.Id, $claimant, [DateTimeOffset]::UtcNow.AddMinutes(10), 'other@example.com', $null) | Should -BeTrue
        } finally {
            $store.Dispose()
        }

        # Port 9 on the loopback: nothing listens, so a connection would fail the run.
        $run = Invoke-Captured { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port 9 -From 'kitting@example.com' -CheckInUrl 'https://mdm.example.com/checkin' -Verbose -Confirm:$false 4>&1 }
        $run.Errors | Should -HaveCount 0
        $run.Terminating | Should -BeNullOrEmpty
        $verbose = @($run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Where-Object { $_ -like '*Performing the operation*' } | Should -BeNullOrEmpty -Because ($verbose -join ' | ')
        $said = "^Another sender \(user 'otheradmin' on $([regex]::Escape([Environment]::MachineName)), process $PID, its run started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\) is sending email $($email.Id); it is not sent by this run\.$"
        @($verbose | Where-Object { $_ -match $said }) | Should -HaveCount 1 -Because ($verbose -join ' | ')
        (Get-BmgCheckInEmail | Where-Object Id -EQ $email.Id).Status | Should -Be 'Sending'
    }
}
