# -Field of Get-BmgDeviceHistory/Get-BmgUserHistory: a wrong name is refused naming it and the field it nearly is, with
# the did-you-mean of a CSV header's column, instead of PowerShell's ValidateSet text of all 22 names on one line
# (walkthrough 25, finding 11). Tab completion offers the names, as ValidateSet's did.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-RefusalOf([scriptblock] $Script) {
        try { & $Script; $null } catch { $_ }
    }
}

Describe 'History -Field names' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgDevice -Identifier 'ipad-1' -OS ios | Out-Null
        Set-BmgDevice -Identifier 'ipad-1' -DeviceTags 'Sales'
        New-BmgUser -UserName 'sato.h' -Name 'Sato' | Out-Null
    }

    It 'refuses -Field Tags naming it, with "did you mean ''DeviceTags''?" and without the list' {
        $refusal = Get-RefusalOf { Get-BmgDeviceHistory -Field Tags }
        $refusal | Should -Not -BeNullOrEmpty
        $refusal.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,BizMobileGo.PowerShell.GetBmgDeviceHistoryCommand'
        $refusal.Exception.Message | Should -Match ([regex]::Escape("'Tags' is not a field of a device's history; did you mean 'DeviceTags'?"))
        $refusal.Exception.Message | Should -Not -Match 'ValidateSet|CheckInLockout'
    }

    It 'gives the same did-you-mean for a typo, and for a user''s field' {
        (Get-RefusalOf { Get-BmgDeviceHistory -Field Serail }).Exception.Message | Should -Match "did you mean 'Serial'\?"
        (Get-RefusalOf { Get-BmgDeviceHistory -Field Lockout }).Exception.Message | Should -Match "did you mean 'CheckInLockout'\?"
        (Get-RefusalOf { Get-BmgUserHistory -Field Organisation }).Exception.Message |
            Should -Match ([regex]::Escape("'Organisation' is not a field of a user's history; did you mean 'Organizations'?"))
    }

    It 'lists the fields when no name is near' {
        $message = (Get-RefusalOf { Get-BmgDeviceHistory -Field Colour }).Exception.Message
        $message | Should -Match "'Colour' is not a field of a device's history; the fields are Identifier, Template, "
        $message | Should -Match 'CheckInLockout\.$'
        (Get-RefusalOf { Get-BmgUserHistory -Field Serial }).Exception.Message |
            Should -Match "the fields are UserName, Name, EmailAddress, UserDescription, Organizations\.$"
    }

    It 'still takes every field in any case' {
        @(Get-BmgDeviceHistory -Field devicetags).Identifier | Should -Be @('ipad-1')
        @(Get-BmgDeviceHistory -Field DeviceTags, State) | Should -HaveCount 2 -Because 'the creation sets State, the edit DeviceTags'
        @(Get-BmgUserHistory -Field name).UserName | Should -Be @('sato.h')
    }

    It 'completes -Field with the kind''s names' {
        $line = 'Get-BmgDeviceHistory -Field Dev'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('DeviceTags')
        $line = 'Get-BmgDeviceHistory -Field '
        $all = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        $all | Should -HaveCount 23
        $all | Should -Contain 'DepReleased' -Because 'a DEP release of its serial is recorded for a device (walkthrough 35, 4)'
        $line = 'Get-BmgUserHistory -Field E'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('EmailAddress')
    }
}
