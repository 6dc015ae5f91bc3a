# The leaver flow (walkthrough 32, findings 1, 7 and 9): removing a user whose devices are withdrawn, checked in or still
# have check-in emails queued, and a user name reused by the next person. Real stores: runs on SQLite and PostgreSQL
# (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # yamada (Hanako) holds ipad-yamada, whose RegistrationEmail is her address, and iphone-yamada, whose RegistrationEmail
    # is her private address; kato holds ipad-kato. Each device has one Pending check-in email.
    function Initialize-LeaverStore {
        $null = New-TestStore
        $seed = Write-TestCsv -Name (New-CsvName 'leaver') -Lines @(
            'UserName,Name,EmailAddress,UserDescription,Identifier,OS,Code,RegistrationEmail'
            'yamada,Yamada Hanako,hanako.yamada@example.com,Health: long-term sick leave,ipad-yamada,ios,Secret1234,Hanako.Yamada@example.com'
            'yamada,Yamada Hanako,hanako.yamada@example.com,Health: long-term sick leave,iphone-yamada,ios,Secret5678,hanako.private@gmail.example'
            'kato,Kato Jiro,kato@example.com,,ipad-kato,ios,Secret9999,kato@example.com'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
    }

    # The commands a DeviceLocked message names after "then the user: ", each run without a prompt.
    function Invoke-WayOn([string] $Message) {
        $steps = ($Message -split 'then the user: ', 2)[1].TrimEnd('.') -split '; '
        foreach ($step in $steps) {
            Invoke-Expression "$step -Confirm:`$false -ErrorAction Stop"
        }
        $steps
    }
}

Describe 'Removing a user whose devices are locked names every one and the way on (walkthrough 32, finding 1)' {
    BeforeEach { Initialize-LeaverStore }

    It 'a withdrawn device: refused naming it, nothing changes, and the commands the message names remove the user' {
        Unregister-BmgDevice iphone-yamada -Confirm:$false
        $before = Get-StoreSnapshot
        $run = Invoke-Captured { Remove-BmgUser yamada -Force -Confirm:$false }
        Assert-ErrorId $run.Errors 'DeviceLocked'
        $message = $run.Errors[0].Exception.Message
        $message | Should -BeExactly ("User 'yamada' can't be removed: device 'iphone-yamada' is Withdrawn, so its user can't change. " +
            "Remove it first (its change history stays), then the user: Remove-BmgDevice 'iphone-yamada'; Remove-BmgUser 'yamada' -Force.")
        Get-StoreSnapshot | Should -Be $before

        Invoke-WayOn $message | Should -HaveCount 2
        Get-BmgUser | ForEach-Object UserName | Should -Not -Contain 'yamada'
        Get-BmgDevice iphone-yamada -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-BmgDevice ipad-yamada).UserName | Should -BeNullOrEmpty
        @(Get-BmgDeviceHistory iphone-yamada).Command | Should -Contain 'Unregister-BmgDevice' -Because 'a removed device''s history stays'
    }

    It 'checked-in and withdrawn devices are all named at once, with their states, and the way on withdraws the checked-in ones first' {
        New-BmgDevice -Identifier kato-phone -OS ios -UserName kato -Code Secret4321 | Out-Null
        $null = Register-BmgDeviceCheckIn -Identifier ipad-kato -Code Secret9999
        $null = Register-BmgDeviceCheckIn -Identifier kato-phone -Code Secret4321
        Unregister-BmgDevice kato-phone -Confirm:$false
        $run = Invoke-Captured { Remove-BmgUser kato -Force -Confirm:$false }
        Assert-ErrorId $run.Errors 'DeviceLocked'
        $message = $run.Errors[0].Exception.Message
        $message | Should -BeExactly ("User 'kato' can't be removed: devices 'ipad-kato' (CheckedIn), 'kato-phone' (Withdrawn) are locked, so their user " +
            "can't change. Remove them first (their change history stays), then the user: Unregister-BmgDevice 'ipad-kato'; " +
            "Remove-BmgDevice 'ipad-kato', 'kato-phone'; Remove-BmgUser 'kato'.")

        Invoke-WayOn $message | Should -HaveCount 3
        Get-BmgUser | ForEach-Object UserName | Should -Not -Contain 'kato'
        Get-BmgDevice -Identifier ipad-kato, kato-phone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'the help''s example for a leaver whose devices checked in or were withdrawn runs as written' {
        $null = Register-BmgDeviceCheckIn -Identifier ipad-yamada -Code Secret1234
        Unregister-BmgDevice iphone-yamada -Confirm:$false
        New-BmgDevice -Identifier mac-yamada -OS windows -UserName yamada | Out-Null
        $example = (Get-Help Remove-BmgUser -Examples).examples.example | Where-Object title -Like '*checked in or were withdrawn*'
        $example | Should -HaveCount 1
        $run = Invoke-Captured ([scriptblock]::Create($example.code))
        $run.Errors | Should -BeNullOrEmpty
        $run.Terminating | Should -BeNullOrEmpty
        Get-BmgUser | ForEach-Object UserName | Should -Not -Contain 'yamada'
        Get-BmgDevice -Identifier ipad-yamada, iphone-yamada -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-BmgDevice mac-yamada).UserName | Should -BeNullOrEmpty -Because 'the registered device stays, unlinked'
    }
}

Describe 'Remove-BmgUser -Force leaves nothing that mails the leaver (walkthrough 32, finding 7)' {
    BeforeEach { Initialize-LeaverStore }

    It 'clears her own address (any case), keeps another with a warning, and supersedes the devices'' unsent emails' {
        $run = Invoke-Captured { Remove-BmgUser yamada -Force -Confirm:$false }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings | ForEach-Object { "$_" }) | Should -BeExactly @(
            "Device 'iphone-yamada' keeps RegistrationEmail 'hanako.private@gmail.example', not the removed user's address: its next " +
            "change queues its check-in code there; clear it with Set-BmgDevice 'iphone-yamada' -RegistrationEmail ''.")
        "$($run.Warnings)" | Should -Not -Match 'Secret'

        $ipad = Get-BmgDevice ipad-yamada
        $ipad.UserName | Should -BeNullOrEmpty
        $ipad.RegistrationEmail | Should -BeNullOrEmpty
        (Get-BmgDevice iphone-yamada).RegistrationEmail | Should -Be 'hanako.private@gmail.example'
        foreach ($identifier in 'ipad-yamada', 'iphone-yamada') {
            $email = @(Get-BmgCheckInEmail -Identifier $identifier)
            $email | Should -HaveCount 1
            $email[0].Status | Should -Be 'Superseded'
            $email[0].StatusReason | Should -BeExactly "The device '$identifier' was unlinked from its user 'yamada', who was removed; its check-in code must not reach the former user."
        }
        @(Get-BmgCheckInEmail -Identifier ipad-kato)[0].Status | Should -Be 'Pending'

        # The nightly send: kato's email still goes, nothing goes to Hanako.
        $whatIf = Get-WhatIfText { Send-BmgCheckInEmail -WhatIf -CheckInUrl https://mdm.example.com/checkin }
        $whatIf | Should -Match "to 'kato@example.com'"
        $whatIf | Should -Not -Match 'hanako'

        # The history says what was cleared, with the removal's command.
        $entry = Get-BmgDeviceHistory ipad-yamada -Last 1
        $entry.Command | Should -Be 'Remove-BmgUser'
        ($entry | Format-List | Out-String -Width 200) | Should -Match 'RegistrationEmail: Hanako\.Yamada@example\.com → \(cleared\)'

        # The warning's way works, and queues nothing (no address).
        Set-BmgDevice iphone-yamada -RegistrationEmail ''
        (Get-BmgDevice iphone-yamada).RegistrationEmail | Should -BeNullOrEmpty
        @(Get-BmgCheckInEmail -Identifier iphone-yamada -Status Pending) | Should -HaveCount 0
    }

    It 'a piped removal nobody confirms per user says the kept addresses once, at its end; each device''s under -Verbose (left32c)' {
        $more = Write-TestCsv -Name (New-CsvName 'leavers') -Lines @(
            'UserName,EmailAddress,Identifier,OS,Code,RegistrationEmail'
            'ito,ito@example.com,iphone-ito,ios,Secret2468,ito.home@mail.example'
            'abe,abe@example.com,iphone-abe,ios,Secret1357,abe.home@mail.example'
        )
        $null = Import-BmgDeviceCsv -Path $more -ErrorAction Stop
        $verbose = [System.Collections.Generic.List[string]]::new()
        $run = Invoke-Captured {
            'yamada', 'ito', 'abe' | Remove-BmgUser -Force -Confirm:$false -Verbose 4>&1 |
                ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose.Add($_.Message) } else { $_ } }
        }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings | ForEach-Object { "$_" }) | Should -BeExactly @("3 devices of the removed users keep a RegistrationEmail that is " +
            "not their user's address ('iphone-yamada', 'iphone-ito', 'iphone-abe'): the next change of each queues its check-in code " +
            "there; clear it with Set-BmgDevice <Identifier> -RegistrationEmail ''. -Verbose writes each device's warning.")
        foreach ($identifier in 'iphone-yamada', 'iphone-ito', 'iphone-abe') {
            @($verbose -like "Device '$identifier' keeps RegistrationEmail '*', not the removed user's address*") | Should -HaveCount 1 -Because ($verbose -join "`n")
        }
        Get-BmgUser | ForEach-Object UserName | Should -Be @('kato')

    }

    It '-WarningAction Stop still stops at the first device''s warning, before its user is removed (left32c)' {
        $run = Invoke-Captured { 'kato', 'yamada' | Remove-BmgUser -Force -Confirm:$false -WarningAction Stop }
        $run.Terminating | Should -Not -BeNullOrEmpty
        "$($run.Terminating)" | Should -BeLike "*Device 'iphone-yamada' keeps RegistrationEmail*"
        Get-BmgUser | ForEach-Object UserName | Should -Be @('yamada')
        (Get-BmgDevice iphone-yamada).UserName | Should -Be 'yamada'
    }

    It '-WhatIf and the confirmation say all of it, and -WhatIf changes nothing' {
        $before = Get-StoreSnapshot
        $text = Get-WhatIfText { Remove-BmgUser yamada -Force -WhatIf }
        ($text -replace '\r?\n', '') | Should -Match ([regex]::Escape("User 'yamada' (unlinking devices 'ipad-yamada', 'iphone-yamada'; clearing the " +
            "RegistrationEmail of 'ipad-yamada', the user's address; superseding 2 unsent check-in emails)"))
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a user without devices, or whose devices have no address, is asked about by name alone' {
        New-BmgUser -UserName sato | Out-Null
        New-BmgUser -UserName suzuki | Out-Null
        New-BmgDevice -Identifier kiosk-9 -OS ios -UserName suzuki | Out-Null
        $text = (Get-WhatIfText { Remove-BmgUser sato, suzuki -Force -WhatIf }) -replace '\r?\n', ''
        $text | Should -Match ([regex]::Escape("on target `"User 'sato'`"."))
        $text | Should -Match ([regex]::Escape("on target `"User 'suzuki' (unlinking device 'kiosk-9')`"."))
    }
}

Describe 'A reused user name: a piped user shows its own history (walkthrough 32, finding 9)' {
    BeforeEach {
        Initialize-LeaverStore
        Set-BmgUser yamada -UserDescription 'Health: long-term sick leave (extended)'
        Remove-BmgUser yamada -Force -Confirm:$false 3>$null
        $script:Taro = New-BmgUser -UserName yamada -Name 'Yamada Taro' -EmailAddress taro.yamada@example.com
    }

    It 'New-BmgUser returns the UserKey Get-BmgUser shows (an Int64, in Format-List too)' {
        $Taro.UserKey | Should -BeOfType [long]
        (Get-BmgUser yamada).UserKey | Should -Be $Taro.UserKey
        (Get-BmgUser yamada | Format-List | Out-String -Width 120) | Should -Match "UserKey\s*:\s*$($Taro.UserKey)\b"
    }

    It 'Get-BmgUser X | Get-BmgUserHistory shows that user''s entries only, not those of the user removed under X' {
        $own = @(Get-BmgUser yamada | Get-BmgUserHistory)
        @($own.Command) | Should -Be @('New-BmgUser')
        @($own.UserKey | Sort-Object -Unique) | Should -Be @($Taro.UserKey)
        "$($own | Format-List * | Out-String)" | Should -Not -Match 'Health'
        # A history entry piped back gives its own user's entries too.
        @($own[0] | Get-BmgUserHistory).Command | Should -Be @('New-BmgUser')
        # The removed user's entry piped back gives hers.
        $hers = Get-BmgUserHistory yamada | Where-Object UserKey -NE $Taro.UserKey | Select-Object -First 1
        @($hers | Get-BmgUserHistory).Command | Should -Be @('Remove-BmgUser', 'Set-BmgUser', 'Import-BmgDeviceCsv')
    }

    It 'by a typed name every user who had it, each entry saying which (UserKey, in Format-List too)' {
        $all = @(Get-BmgUserHistory yamada)
        @($all.Command) | Should -Be @('New-BmgUser', 'Remove-BmgUser', 'Set-BmgUser', 'Import-BmgDeviceCsv')
        @($all.UserKey | Sort-Object -Unique) | Should -HaveCount 2
        $all[0].UserKey | Should -Be $Taro.UserKey
        @($all[1..3].UserKey | Sort-Object -Unique) | Should -HaveCount 1
        $all[1].UserKey | Should -Not -Be $Taro.UserKey
        $list = $all | Format-List | Out-String -Width 120
        $list | Should -Match "UserKey\s*:\s*$($Taro.UserKey)\b"
        $list | Should -Match "UserKey\s*:\s*$($all[3].UserKey)\b"
        (Compare-Object $Taro $all[0] -Property UserKey) | Should -BeNullOrEmpty -Because 'both are Int64'
    }

    It 'only the module''s own user gives its key: a record''s UserKey, a typed -UserName, a piped device select by name' {
        $hersKey = (Get-BmgUserHistory yamada)[-1].UserKey
        $record = Invoke-Captured { [pscustomobject]@{ UserName = 'yamada'; UserKey = $Taro.UserKey } | Get-BmgUserHistory }
        $record.Errors | Should -BeNullOrEmpty
        @($record.Output.UserKey | Sort-Object -Unique) | Should -HaveCount 2
        @((Get-BmgUser yamada | Get-BmgUserHistory -UserName kato).UserName | Sort-Object -Unique) | Should -Be @('kato')
        New-BmgDevice -Identifier ipad-taro -OS ios -UserName yamada | Out-Null
        @((Get-BmgDevice ipad-taro | Get-BmgUserHistory).UserKey | Sort-Object -Unique) | Should -HaveCount 2 -Because "a device's UserName is its user's name, not a user"
        $hersKey | Should -Not -Be $Taro.UserKey
    }

    It 'a live user whose key the history does not hold under its name falls back to the name; a renamed user keeps its key' {
        $user = Get-BmgUser yamada
        $user.UserKey = 999999
        @(($user | Get-BmgUserHistory).UserKey | Sort-Object -Unique) | Should -HaveCount 2

        Rename-BmgUser yamada -NewName yamada.taro -Confirm:$false
        $renamed = Get-BmgUser yamada.taro
        $renamed.UserKey | Should -Be $Taro.UserKey
        @(($renamed | Get-BmgUserHistory).Command) | Should -Be @('Rename-BmgUser', 'New-BmgUser')
    }

    It 'the hidden pipeline-only parameter is refused when typed' {
        $result = Invoke-Captured { Get-BmgUserHistory -InputObject (Get-BmgUser yamada) }
        $result.Output | Should -BeNullOrEmpty
        Get-ErrorId $result.Terminating | Should -Be 'PipelineOnlyParameter'
        "$($result.Terminating)" | Should -BeLike '*-InputObject takes only piped users (Get-BmgUser | Get-BmgUserHistory); name a user by -UserName.'
    }
}
