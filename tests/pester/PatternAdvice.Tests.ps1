# What a wildcard mistake is told (walkthrough 28). Finding 2: a pattern PowerShell can't read ('[a') advised "use the
# -Literal parameter", which no cmdlet has, and to the filters that have no literal twin at all; the advice now names the
# parameter's own twin (-LiteralIdentifier) where the cmdlet has one, else the backtick escape, and the advised value works.
# Finding 9: a write cmdlet takes exact names, so `Remove-BmgDevice 'ap*'` said only "No device has the Identifier 'ap*'";
# it now says that the cmdlet takes exact names and how to select several (`Get-BmgDevice 'ap*' | Remove-BmgDevice`).
# Real pwsh, the built module, a real store; the ErrorIds are the ones they were.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The one error record a command writes or throws.
    function Get-OnlyError([scriptblock] $Script) {
        $result = Invoke-Captured $Script
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        $records | Should -HaveCount 1
        $records[0]
    }
}

Describe 'An invalid wildcard pattern''s advice names what the cmdlet has (finding 2)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgUser -UserName 'x[1' | Out-Null
        New-BmgUser -UserName 'x[12' | Out-Null
        New-BmgUser -UserName 'x1' | Out-Null
    }

    It '<Command> -<Parameter> ''[a'': InvalidWildcardPattern naming the parameter and <Twin>' -ForEach @(
        @{ Command = 'Get-BmgDevice'; Parameter = 'Identifier'; Twin = 'LiteralIdentifier'; Block = { Get-BmgDevice '[a' } }
        @{ Command = 'Get-BmgDeviceDepLink'; Parameter = 'Identifier'; Twin = 'LiteralIdentifier'; Block = { Get-BmgDeviceDepLink '[a' } }
        @{ Command = 'Get-BmgCheckInEmail'; Parameter = 'Identifier'; Twin = 'LiteralIdentifier'; Block = { Get-BmgCheckInEmail '[a' } }
        @{ Command = 'Send-BmgCheckInEmail'; Parameter = 'Identifier'; Twin = 'LiteralIdentifier'
            Block = { Send-BmgCheckInEmail -Identifier '[a' -SmtpServer 127.0.0.1 -Port 1 -From 'admin@example.com' -CheckInUrl 'https://mdm.example.com/c' } }
        @{ Command = 'Get-BmgUser'; Parameter = 'UserName'; Twin = 'LiteralUserName'; Block = { Get-BmgUser '[a' } }
        @{ Command = 'Get-BmgTemplate'; Parameter = 'Name'; Twin = 'LiteralName'; Block = { Get-BmgTemplate '[a' } }
        @{ Command = 'Get-BmgDeviceTag'; Parameter = 'Name'; Twin = 'LiteralName'; Block = { Get-BmgDeviceTag '[a' } }
        @{ Command = 'Get-BmgDepProfile'; Parameter = 'Name'; Twin = 'LiteralName'; Block = { Get-BmgDepProfile '[a' } }
        @{ Command = 'Get-BmgOrganization'; Parameter = 'Id'; Twin = 'LiteralId'; Block = { Get-BmgOrganization '[a' } }
        @{ Command = 'Get-BmgDevice'; Parameter = 'UserName'; Twin = $null; Block = { Get-BmgDevice -UserName '[a' } }
        @{ Command = 'Get-BmgDevice'; Parameter = 'Template'; Twin = $null; Block = { Get-BmgDevice -Template '[a' } }
        @{ Command = 'Get-BmgDevice'; Parameter = 'DeviceTag'; Twin = $null; Block = { Get-BmgDevice -DeviceTag '[a' } }
        @{ Command = 'Get-BmgUser'; Parameter = 'Organization'; Twin = $null; Block = { Get-BmgUser -Organization '[a' } }
        @{ Command = 'Get-BmgDepDevice'; Parameter = 'ProfileName'; Twin = $null; Block = { Get-BmgDepDevice -ProfileName '[a' } }
        @{ Command = 'Get-BmgCheckInEmail'; Parameter = 'Recipient'; Twin = $null; Block = { Get-BmgCheckInEmail -Recipient '[a' } }
        @{ Command = 'Get-BmgDeviceHistory'; Parameter = 'Identifier'; Twin = $null; Block = { Get-BmgDeviceHistory -Identifier '[a' } }
        @{ Command = 'Get-BmgDeviceHistory'; Parameter = 'User'; Twin = $null; Block = { Get-BmgDeviceHistory -User '[a' } }
        @{ Command = 'Get-BmgUserHistory'; Parameter = 'UserName'; Twin = $null; Block = { Get-BmgUserHistory -UserName '[a' } }
    ) {
        $record = Get-OnlyError $Block
        Get-ErrorId $record | Should -Be 'InvalidWildcardPattern'
        $record.TargetObject | Should -Be '[a'
        $message = $record.Exception.Message
        $message | Should -Match ('^' + [regex]::Escape("'[a' is not a valid wildcard pattern for -$($Parameter):"))
        $message | Should -Not -BeLike '*the -Literal parameter*'
        # Sentences of their own: PowerShell's reason ran into the advice ("is not valid: [a To match").
        $message | Should -Not -Match '[^.] To match'
        $parameters = (Get-Command $Command).Parameters
        if ($Twin) {
            $parameters.ContainsKey($Twin) | Should -BeTrue -Because 'the advice names a parameter the cmdlet has'
            $message | Should -Match ([regex]::Escape("give the name to -$Twin, or escape them with a backtick: -$Parameter '``[a'.") + '$')
        } else {
            $parameters.ContainsKey("Literal$Parameter") | Should -BeFalse -Because 'the cmdlet has no literal twin, so none is named'
            $message | Should -Not -BeLike '*-Literal*'
            $message | Should -Match ([regex]::Escape("escape them with a backtick: -$Parameter '``[a' (in single quotes; [WildcardPattern]::Escape(`$name) escapes a value in a variable).") + '$')
        }
    }

    It 'the value the advice gives works: it escapes only the brackets, so a ''*'' stays a pattern' {
        $message = (Get-OnlyError { Get-BmgUser 'x[1*' }).Exception.Message
        $message -match "-UserName ('(?:[^']|'')*')" | Should -BeTrue
        $advised = $Matches[1]
        $advised | Should -Be "'x``[1*'"
        @((Invoke-Expression "Get-BmgUser $advised").UserName | Sort-Object) | Should -Be @('x[1', 'x[12')
        # The twin it names takes the name as it is.
        (Get-BmgUser -LiteralUserName 'x[1').UserName | Should -Be 'x[1'
    }

    It 'a value with a quote and a bracket already escaped is advised as the command line takes it' {
        $message = (Get-OnlyError { Get-BmgDevice -UserName "O'B``[x[" }).Exception.Message
        $message | Should -Match ([regex]::Escape("-UserName 'O''B``[x``[' (in single quotes;"))
    }
}

Describe 'A write cmdlet given a wildcard pattern says it takes exact names, and how to select several (finding 9)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org1' -Name 'Org One' | Out-Null
        New-BmgTemplate -Name 'T1' | Out-Null
        New-BmgDeviceTag -Name 'tag1' | Out-Null
        New-BmgUser -UserName 'user1' -Organizations 'org1' | Out-Null
        New-BmgDevice -Identifier 'apple001' -OS ios -UserName 'user1' -Template 'T1' -DeviceTags 'tag1' | Out-Null
        New-BmgDevice -Identifier 'apple002' -OS ios | Out-Null
        $script:Before = Get-StoreSnapshot
    }

    It '<Command> <Pattern>: <ErrorId>, saying so and giving the piped form' -ForEach @(
        @{ Command = 'Remove-BmgDevice'; Parameter = 'Identifier'; Pattern = 'ap*'; ErrorId = 'DeviceNotFound'; Select = 'Get-BmgDevice'; Rest = " -Confirm:`$false"
            Block = { Remove-BmgDevice 'ap*' -Confirm:$false } }
        @{ Command = 'Set-BmgDevice'; Parameter = 'Identifier'; Pattern = 'ap*'; ErrorId = 'DeviceNotFound'; Select = 'Get-BmgDevice'; Rest = " -Description …"
            Block = { Set-BmgDevice 'ap*' -Description 'x' } }
        @{ Command = 'Unregister-BmgDevice'; Parameter = 'Identifier'; Pattern = 'apple00?'; ErrorId = 'DeviceNotFound'; Select = 'Get-BmgDevice'; Rest = " -Confirm:`$false"
            Block = { Unregister-BmgDevice 'apple00?' -Confirm:$false } }
        @{ Command = 'Rename-BmgDevice'; Parameter = 'Identifier'; Pattern = 'ap*'; ErrorId = 'DeviceNotFound'; Select = 'Get-BmgDevice'; Rest = " -NewName …"
            Block = { Rename-BmgDevice 'ap*' -NewName 'b1' } }
        @{ Command = 'Unlock-BmgDeviceCheckIn'; Parameter = 'Identifier'; Pattern = 'apple[0]01'; ErrorId = 'DeviceNotFound'; Select = 'Get-BmgDevice'; Rest = ""
            Block = { Unlock-BmgDeviceCheckIn 'apple[0]01' } }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Parameter = 'Identifier'; Pattern = 'ap*'; ErrorId = 'DeviceNotFound'; Select = 'Get-BmgDevice'; Rest = " -Disable"
            Block = { Set-BmgDeviceDepEnrollment 'ap*' -Disable } }
        @{ Command = 'Set-BmgUser'; Parameter = 'UserName'; Pattern = 'user*'; ErrorId = 'UserNotFound'; Select = 'Get-BmgUser'; Rest = " -Name …"
            Block = { Set-BmgUser 'user*' -Name 'x' } }
        @{ Command = 'Remove-BmgUser'; Parameter = 'UserName'; Pattern = 'user*'; ErrorId = 'UserNotFound'; Select = 'Get-BmgUser'; Rest = " -Force -Confirm:`$false"
            Block = { Remove-BmgUser 'user*' -Force -Confirm:$false } }
        @{ Command = 'Rename-BmgUser'; Parameter = 'UserName'; Pattern = 'user*'; ErrorId = 'UserNotFound'; Select = 'Get-BmgUser'; Rest = " -NewName …"
            Block = { Rename-BmgUser 'user*' -NewName 'user9' } }
        @{ Command = 'Remove-BmgTemplate'; Parameter = 'Name'; Pattern = 'T*'; ErrorId = 'TemplateNotFound'; Select = 'Get-BmgTemplate'; Rest = " -Confirm:`$false"
            Block = { Remove-BmgTemplate 'T*' -Confirm:$false } }
        @{ Command = 'Rename-BmgTemplate'; Parameter = 'Name'; Pattern = 'T*'; ErrorId = 'TemplateNotFound'; Select = 'Get-BmgTemplate'; Rest = " -NewName …"
            Block = { Rename-BmgTemplate 'T*' 'T2' } }
        @{ Command = 'Remove-BmgDeviceTag'; Parameter = 'Name'; Pattern = 'tag*'; ErrorId = 'DeviceTagNotFound'; Select = 'Get-BmgDeviceTag'; Rest = " -Confirm:`$false"
            Block = { Remove-BmgDeviceTag 'tag*' -Confirm:$false } }
        @{ Command = 'Rename-BmgDeviceTag'; Parameter = 'Name'; Pattern = 'tag*'; ErrorId = 'DeviceTagNotFound'; Select = 'Get-BmgDeviceTag'; Rest = " -NewName …"
            Block = { Rename-BmgDeviceTag 'tag*' 'tag2' } }
        @{ Command = 'Remove-BmgOrganization'; Parameter = 'Id'; Pattern = 'org*'; ErrorId = 'OrganizationNotFound'; Select = 'Get-BmgOrganization'; Rest = " -Confirm:`$false"
            Block = { Remove-BmgOrganization 'org*' -Confirm:$false } }
        @{ Command = 'Rename-BmgOrganization'; Parameter = 'Id'; Pattern = 'org*'; ErrorId = 'OrganizationNotFound'; Select = 'Get-BmgOrganization'; Rest = " -NewName …"
            Block = { Rename-BmgOrganization 'org*' 'org2' } }
        @{ Command = 'Set-BmgOrganization'; Parameter = 'Id'; Pattern = 'org*'; ErrorId = 'OrganizationNotFound'; Select = 'Get-BmgOrganization'; Rest = " -Name …"
            Block = { Set-BmgOrganization 'org*' -Name 'Org' } }
    ) {
        $record = Get-OnlyError $Block
        Get-ErrorId $record | Should -Be $ErrorId
        $record.TargetObject | Should -Be $Pattern
        # The test store is every command's -Database default, bound as if given: named on both sides, so the pipe reads the
        # store it writes.
        $piped = "$Select '$Pattern' -Database … | $Command$Rest -Database …"
        $record.Exception.Message | Should -BeLike "* $Command takes each -$Parameter as an exact name, not a wildcard pattern; to act on the * a pattern matches, select them and pipe them: *"
        $record.Exception.Message | Should -Match ([regex]::Escape("select them and pipe them: $piped.") + '$')
        Get-StoreSnapshot | Should -Be $script:Before
    }

    It 'the piped form it gives does what the pattern meant' {
        $message = (Get-OnlyError { Remove-BmgDevice 'ap*' -Confirm:$false }).Exception.Message
        $message -match 'pipe them: (.+)\.$' | Should -BeTrue
        # The test store stands for the "…" of -Database.
        Invoke-Expression ($Matches[1] -replace ' -Database …', ' -Database $PSDefaultParameterValues[''*-Bmg*:Database'']')
        @(Get-BmgDevice) | Should -HaveCount 0
    }

    It 'names the parameters given, never their values (a -Code is a secret), and -Database on both sides' {
        $database = $PSDefaultParameterValues['*-Bmg*:Database']
        $message = (Get-OnlyError { Set-BmgDevice 'ap*' -Code 'SECRET12' -WhatIf -Database $database }).Exception.Message
        $message | Should -Not -BeLike '*SECRET12*'
        $message | Should -Match ([regex]::Escape("pipe them: Get-BmgDevice 'ap*' -Database … | Set-BmgDevice -Code … -WhatIf -Database ….") + '$')
    }

    It 'Register-BmgDeviceCheckIn -Identifier ''ap*'' says the Identifier is exact, with no pipe to advise (one device''s report), and never whether a device has it' {
        $record = Get-OnlyError { Register-BmgDeviceCheckIn -Identifier 'ap*' -Code 'SECRET12' }
        Get-ErrorId $record | Should -Be 'CheckInRejected'
        $record.TargetObject | Should -Be 'ap*'
        $record.Exception.Message | Should -BeLike "Check-in rejected: unknown device or wrong code for Identifier 'ap*'*"
        $record.Exception.Message | Should -Match ([regex]::Escape(' Register-BmgDeviceCheckIn takes -Identifier as an exact name, not a wildcard pattern: a check-in records what one device reported.') + '$')
        $record.Exception.Message | Should -Not -BeLike '*SECRET12*'
        $record.Exception.Message | Should -Not -BeLike '*pipe*'
        # A piped row's value is no typed pattern, and a name without a wildcard character is no pattern: their rejection is as it was.
        $piped = Get-OnlyError { [pscustomobject]@{ Identifier = 'ap*'; Code = 'SECRET12' } | Register-BmgDeviceCheckIn }
        $piped.Exception.Message | Should -Not -BeLike '*exact name*'
        (Get-OnlyError { Register-BmgDeviceCheckIn -Identifier 'apple001' -Code 'WRONG123' }).Exception.Message | Should -Not -BeLike '*exact name*'
        Get-StoreSnapshot | Should -Be $script:Before
    }

    It 'a name without a wildcard character, a piped value and a row of a -Path file keep their not-found as it was' {
        (Get-OnlyError { Remove-BmgDevice 'nosuch' -Confirm:$false }).Exception.Message | Should -Be "No device has the Identifier 'nosuch' $(Get-InStore)."
        (Get-OnlyError { 'ap*' | Remove-BmgDevice -Confirm:$false }).Exception.Message | Should -Be "No device has the Identifier 'ap*' $(Get-InStore)."
        $path = Write-TestCsv -Name (New-CsvName 'dep') -Lines @('Identifier,DEPMethod,Serial', 'ap*,,')
        $record = Get-OnlyError { Set-BmgDeviceDepEnrollment -Path $path }
        $record.Exception.Message | Should -Not -BeLike '*exact name*'
        Get-StoreSnapshot | Should -Be $script:Before
    }
}
