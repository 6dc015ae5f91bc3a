# Walkthrough 42, finding 6: a helpdesk call starts with "my e-mail is …", and nothing looked users or devices up by address.
# Get-BmgUser -EmailAddress and Get-BmgDevice -RegistrationEmail: any case, wildcards allowed; alone, an exact address
# nothing has is its NotFound error (as an exact name is); with names, identifiers or serials, a filter. Both stores
# (StoreSuites.psd1): the store filters by the patterns' LIKE forms, and the patterns decide.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Look-ups by e-mail address' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgUser -UserName tanaka -EmailAddress 'Tanaka@Example.com' | Out-Null
        New-BmgUser -UserName sato -EmailAddress 'sato@example.org' | Out-Null
        New-BmgUser -UserName noaddress | Out-Null
        New-BmgDevice -Identifier ipad-01 -OS ios -UserName tanaka -RegistrationEmail 'tanaka@example.com' | Out-Null
        New-BmgDevice -Identifier ipad-02 -OS ios -UserName sato -RegistrationEmail 'Helpdesk@Example.com' -Serial 'F9FXK2ABCD12' | Out-Null
        New-BmgDevice -Identifier ipad-03 -OS ios | Out-Null
    }

    It 'Get-BmgUser -EmailAddress finds a user in any case and by wildcard, and filters given or piped names' {
        (Get-BmgUser -EmailAddress 'tanaka@example.com').UserName | Should -Be 'tanaka'
        (Get-BmgUser -EmailAddress 'TANAKA@EXAMPLE.COM').UserName | Should -Be 'tanaka'
        @(Get-BmgUser -EmailAddress '*@example.*').UserName | Should -Be @('sato', 'tanaka')
        @(Get-BmgUser -EmailAddress '*@EXAMPLE.com', 'sato@*').UserName | Should -Be @('sato', 'tanaka') -Because 'each user once, in the store''s order'
        @(Get-BmgUser sato, tanaka -EmailAddress '*.org').UserName | Should -Be 'sato'
        @('sato', 'tanaka', 'noaddress' | Get-BmgUser -EmailAddress '*.com').UserName | Should -Be 'tanaka'
        (Get-BmgUser -EmailAddress 'tanaka@example.com' | Get-BmgDevice).Identifier | Should -Be 'ipad-01'
    }

    It 'Get-BmgUser: an exact address no user has is UserNotFound naming the store; a wildcard that matches nothing, or a filter of names, says nothing' {
        $result = Invoke-Captured { Get-BmgUser -EmailAddress 'nobody@example.com', 'sato@example.org' }
        $result.Output.UserName | Should -Be 'sato'
        Assert-ErrorId $result.Errors 'UserNotFound'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $result.Errors[0].TargetObject | Should -BeExactly 'nobody@example.com'
        $result.Errors[0].Exception.Message | Should -BeExactly "No user has the EmailAddress 'nobody@example.com' $(Get-InStore)."
        foreach ($silent in @({ Get-BmgUser -EmailAddress 'nobody*' }, { Get-BmgUser tanaka -EmailAddress 'nobody@example.com' })) {
            $result = Invoke-Captured $silent
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -BeNullOrEmpty -Because "$silent"
        }
    }

    It 'Get-BmgDevice -RegistrationEmail finds devices by where their check-in email goes, and filters identifiers, serials and a user' {
        (Get-BmgDevice -RegistrationEmail 'helpdesk@example.com').Identifier | Should -Be 'ipad-02'
        @(Get-BmgDevice -RegistrationEmail '*@example.com').Identifier | Should -Be @('ipad-01', 'ipad-02')
        @(Get-BmgDevice ipad-* -RegistrationEmail 'TANAKA@*').Identifier | Should -Be 'ipad-01'
        @(Get-BmgDevice -Serial 'F9FXK2ABCD12' -RegistrationEmail '*helpdesk*').Identifier | Should -Be 'ipad-02'
        @(Get-BmgDevice -UserName sato -RegistrationEmail 'tanaka@*') | Should -BeNullOrEmpty
        @('ipad-01', 'ipad-02', 'ipad-03' | Get-BmgDevice -RegistrationEmail '*@example.com').Identifier | Should -Be @('ipad-01', 'ipad-02')
    }

    It 'Get-BmgDevice: an exact address no device has is DeviceNotFound naming the store; a wildcard that matches nothing says nothing' {
        $result = Invoke-Captured { Get-BmgDevice -RegistrationEmail 'sato@example.org' }
        $result.Output | Should -BeNullOrEmpty -Because 'the user''s address is not a device''s RegistrationEmail'
        Assert-ErrorId $result.Errors 'DeviceNotFound'
        $result.Errors[0].Exception.Message | Should -BeExactly "No device has the RegistrationEmail 'sato@example.org' $(Get-InStore)."
        $result = Invoke-Captured { Get-BmgDevice -RegistrationEmail '*@example.org' }
        $result.Output | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
    }

    It 'a LIKE character in an address is literal, and a pattern the store can''t filter (a [set]) is matched on every item' {
        $result = Invoke-Captured { Get-BmgUser -EmailAddress 'tanaka_example.com' }
        Assert-ErrorId $result.Errors 'UserNotFound'
        $result.Output | Should -BeNullOrEmpty -Because "'_' is no wildcard in PowerShell's patterns"
        @(Get-BmgUser -EmailAddress '[st]a*@example.*').UserName | Should -Be @('sato', 'tanaka')
        @(Get-BmgDevice -RegistrationEmail '[ht]*@example.com').Identifier | Should -Be @('ipad-01', 'ipad-02')
    }

    # desk45, 4: the outbox's look-up by address was silent where the other two write their NotFound (one rule: SelectByEmail).
    It 'Get-BmgCheckInEmail -Recipient: an exact address no email goes to is CheckInEmailNotFound naming the store; a wildcard, or a filter of identifiers, says nothing' {
        (Get-BmgCheckInEmail -Recipient 'HELPDESK@example.com').Identifier | Should -Be 'ipad-02'
        $result = Invoke-Captured { Get-BmgCheckInEmail -Recipient 'nobody@example.com' }
        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'CheckInEmailNotFound'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $result.Errors[0].TargetObject | Should -BeExactly 'nobody@example.com'
        $result.Errors[0].Exception.Message | Should -BeExactly "No check-in email has the Recipient 'nobody@example.com' $(Get-InStore)."
        foreach ($silent in @({ Get-BmgCheckInEmail -Recipient 'nobody*' }, { Get-BmgCheckInEmail ipad-01 -Recipient 'nobody@example.com' },
                { Get-BmgCheckInEmail -Recipient 'tanaka@example.com' -Sent })) {
            $result = Invoke-Captured $silent
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -BeNullOrEmpty -Because "$silent"
        }
    }

    # desk45, 4: -EmailAddress completed nothing; it completes as -UserName does (the store's prefix read, wildcards, quotes).
    It 'Get-BmgUser -EmailAddress completes the users'' addresses: any case, a wildcard, in quotes where the line needs them' {
        function Get-Completion([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText) }
        New-BmgUser -UserName obrien -EmailAddress "o'brien@example.net" | Out-Null
        try {
            # In quotes, as -UserName's 'sato@contoso.co.jp' is (the one quoting rule: an '@' is quoted wherever it stands).
            Get-Completion 'Get-BmgUser -EmailAddress TA' | Should -BeExactly @("'Tanaka@Example.com'")
            Get-Completion 'Get-BmgUser -EmailAddress *.org' | Should -BeExactly @("'sato@example.org'")
            Get-Completion 'Get-BmgUser -EmailAddress ' | Should -BeExactly @("'o''brien@example.net'", "'sato@example.org'", "'Tanaka@Example.com'")
            Get-Completion 'Get-BmgUser -EmailAddress nobody' | Should -BeNullOrEmpty
        } finally {
            Remove-BmgUser obrien -Confirm:$false
        }
    }
}
