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
        $codes = (Get-BmgCheckInEmail).Code
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
