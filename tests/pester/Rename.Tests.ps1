# Rename-BmgDevice and Rename-BmgUser: a mistyped Identifier or UserName is fixed without removing the record, so the
# device keeps its key, state, code, DEP link, check-in emails and lockout, the user keeps its devices, and the history
# belongs to the record, not the string: found by the new name and by the old one. Runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
    $script:Arrow = [char]0x2192

    # Everything a user can see, the history's head included: equal snapshots mean nothing was written.
    function Get-FullState {
        (Get-StoreSnapshot) + "`n" + (Test-BmgHistory).HeadHash + "`n" + (@(Get-BmgUser | Sort-Object UserName) | ConvertTo-Json -Depth 3)
    }

    function Get-ChangeText($Entry) { @($Entry.Changes | ForEach-Object { $_.ToString() }) }

    # The 'What if:' lines go to the host; a transcript records them.
    function Get-WhatIfText([scriptblock] $Script) {
        $transcript = Join-Path $TestDrive ("whatif-{0}.txt" -f [guid]::NewGuid().ToString('N'))
        $null = Start-Transcript -LiteralPath $transcript -Force
        try { $output = @(& $Script) } finally { $null = Stop-Transcript }
        [pscustomobject]@{ Output = $output; Text = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', '' }
    }
}

Describe 'Rename-BmgDevice' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        New-BmgUser -UserName yamada | Out-Null
        # iphone-01 checks in by its DEP serial (a DEP link); ipad-02 waits for its check-in, with an email queued.
        New-BmgDevice -Identifier iphone-01 -OS ios -Serial AAABBBCCCDDD -DEPMethod Serial -UserName yamada | Out-Null
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
        New-BmgDevice -Identifier ipad-02 -OS ios -Code Right1234 -RegistrationEmail 'yamada@example.com' -DisplayName 'Front desk' | Out-Null
    }

    It 'renames the device: the new name finds it (the same DeviceKey, code and fields), the old one does not; -PassThru writes the Device' {
        $before = Get-BmgDevice ipad-02
        $out = @(Rename-BmgDevice -Identifier ipad-02 -NewName tablet-02 -PassThru)
        $out.Count | Should -Be 1
        $out[0].GetType().FullName | Should -Be 'BizMobileGo.Core.Devices.Device'
        $out[0].Identifier | Should -BeExactly 'tablet-02'

        $after = Get-BmgDevice tablet-02
        $after.DeviceKey | Should -Be $before.DeviceKey
        $after.Code | ConvertFrom-SecureString -AsPlainText | Should -BeExactly 'Right1234'
        ($after | Select-Object * -ExcludeProperty Identifier | ConvertTo-Json) | Should -Be ($before | Select-Object * -ExcludeProperty Identifier | ConvertTo-Json) -Because 'only the Identifier changes (SavedAt too stays: a rename is no save)'

        $missing = Invoke-Captured { Get-BmgDevice ipad-02 }
        Assert-ErrorId $missing.Errors 'DeviceNotFound'
        (Register-BmgDeviceCheckIn -Identifier tablet-02 -Code Right1234).State | Should -Be 'CheckedIn' -Because 'the device checks in under its new name with its code'
    }

    It '-NewIdentifier is another name of -NewName, and positions work' {
        Rename-BmgDevice ipad-02 -NewIdentifier tablet-02
        Rename-BmgDevice tablet-02 tablet-03
        (Get-BmgDevice tablet-03).DisplayName | Should -Be 'Front desk'
    }

    It 'a rename that only changes case is allowed and changes how the Identifier is shown' {
        Rename-BmgDevice ipad-02 iPad-02
        (Get-BmgDevice IPAD-02).Identifier | Should -BeExactly 'iPad-02'
        @(Get-BmgDevice).Identifier | Should -Contain 'iPad-02'
        $entry = @(Get-BmgDeviceHistory ipad-02)[0]
        $entry.Command | Should -Be 'Rename-BmgDevice'
        Get-ChangeText $entry | Should -Be @("Identifier: ipad-02 $Arrow iPad-02")
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'refuses a new name another device has, ignoring case, with AlreadyExists and changes nothing' {
        $before = Get-FullState
        $result = Invoke-Captured { Rename-BmgDevice ipad-02 IPHONE-01 -PassThru }
        Assert-ErrorId $result.Errors 'AlreadyExists'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $result.Errors[0].Exception.Message | Should -Be "Device 'ipad-02' can't be renamed to 'IPHONE-01': a device with the Identifier 'iphone-01' already exists (Identifier ignores case)."
        $result.Output | Should -BeNullOrEmpty
        Get-FullState | Should -Be $before
    }

    It 'refuses a new name against the Identifier rule with InvalidFieldValue, naming the field, and changes nothing: <Why>' -ForEach @(
        @{ Why = 'a space'; NewName = 'ipad 02' }
        @{ Why = 'a slash'; NewName = 'ipad/02' }
        @{ Why = '21 characters'; NewName = 'a' * 21 }
        @{ Why = 'blank'; NewName = '   ' }
    ) {
        $before = Get-FullState
        $result = Invoke-Captured { Rename-BmgDevice ipad-02 $NewName }
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        $result.Errors[0].Exception.Message | Should -BeLike "Device 'ipad-02' can't be renamed: *Identifier*"
        Get-FullState | Should -Be $before
    }

    It 'an unknown device is DeviceNotFound, as Get- and Set- say it' {
        $before = Get-FullState
        Assert-ErrorId (Invoke-Captured { Rename-BmgDevice ipad-99 ipad-100 }).Errors 'DeviceNotFound'
        Get-FullState | Should -Be $before
    }

    It 'a checked-in or withdrawn device keeps its Identifier: the edit lock (DeviceLocked), nothing changed' {
        # The device checked in with its Identifier and Code: the Identifier is registered information (SPEC: the edit lock).
        $before = Get-FullState
        $result = Invoke-Captured { Rename-BmgDevice iphone-01 iphone-tokyo-01 -PassThru }
        Assert-ErrorId $result.Errors 'DeviceLocked'
        $result.Errors[0].Exception.Message | Should -BeLike "Device 'iphone-01' is CheckedIn*"
        $result.Output | Should -BeNullOrEmpty
        Get-FullState | Should -Be $before
        Unregister-BmgDevice iphone-01 -Confirm:$false | Out-Null
        Assert-ErrorId (Invoke-Captured { Rename-BmgDevice iphone-01 iphone-tokyo-01 }).Errors 'DeviceLocked'
        (Get-BmgDevice iphone-01).State | Should -Be 'Withdrawn'
    }

    It 'a Registered DEP device keeps its DEP enrollment under its new name and checks in by its serial' {
        New-BmgDevice -Identifier iphone-03 -OS ios -Serial CCCDDDAAABBB -DEPMethod Serial | Out-Null
        Rename-BmgDevice iphone-03 iphone-tokyo-03
        $link = Get-BmgDeviceDepLink iphone-tokyo-03
        $link.DEPMethod | Should -Be 'Serial'
        $link.Serial | Should -Be 'CCCDDDAAABBB'
        (Register-BmgDeviceCheckIn -Serial CCCDDDAAABBB).Identifier | Should -Be 'iphone-tokyo-03'
    }

    It 'its check-in email follows: the same outbox entry, still Pending, under the new name; no new email is queued' {
        $email = Get-BmgCheckInEmail -Identifier ipad-02
        $email.Status | Should -Be 'Pending'
        $count = @(Get-BmgCheckInEmail).Count
        Rename-BmgDevice ipad-02 tablet-02
        $followed = @(Get-BmgCheckInEmail -Identifier tablet-02)
        $followed.Count | Should -Be 1
        $followed[0].Id | Should -Be $email.Id
        $followed[0].Identifier | Should -BeExactly 'tablet-02'
        $followed[0].Status | Should -Be 'Pending'
        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier ipad-02 }
        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'DeviceNotFound'
        $result.Errors[0].Exception.Message | Should -BeLike "*'ipad-02' was renamed to 'tablet-02'*"
        @(Get-BmgCheckInEmail).Count | Should -Be $count
    }

    It 'a device whose check-ins are locked stays locked under its new name' {
        foreach ($i in 1..5) { $null = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier ipad-02 -Code "Wrong$i" } }
        Rename-BmgDevice ipad-02 tablet-02
        (Get-BmgDevice tablet-02).CheckInLockedUntil | Should -Not -BeNullOrEmpty
        Assert-ErrorId (Invoke-Captured { Register-BmgDeviceCheckIn -Identifier tablet-02 -Code Right1234 }).Errors 'CheckInLockedOut'
    }

    It 'renamed to the Identifier of a removed device, it adopts none of that device''s unsent emails or refused check-ins' {
        New-BmgDevice -Identifier gone-01 -OS ios -Code Gone1234 -RegistrationEmail 'gone@example.com' | Out-Null
        foreach ($i in 1..5) { $null = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier gone-01 -Code "Wrong$i" } }
        Remove-BmgDevice gone-01 -Confirm:$false
        $own = Get-BmgCheckInEmail -Identifier ipad-02

        Rename-BmgDevice ipad-02 gone-01
        $unsent = @(Get-BmgCheckInEmail -Identifier gone-01 -Unsent)
        $unsent.Id | Should -Be @($own.Id)
        $unsent.Recipient | Should -Be @('yamada@example.com')
        (Get-BmgDevice gone-01).CheckInLockedUntil | Should -BeNullOrEmpty
        (Register-BmgDeviceCheckIn -Identifier gone-01 -Code Right1234).State | Should -Be 'CheckedIn'
    }

    It 'records one entry Identifier old → new by Rename-BmgDevice; both names find the whole history, before and after; Test-BmgHistory verifies' {
        Set-BmgDevice ipad-02 -Description 'before the rename'
        $head = (Test-BmgHistory).HeadSequence
        Rename-BmgDevice ipad-02 tablet-02
        Set-BmgDevice tablet-02 -Description 'after the rename'

        $rename = @(Get-BmgDeviceHistory | Where-Object Sequence -GT $head | Where-Object Command -EQ 'Rename-BmgDevice')
        $rename.Count | Should -Be 1
        $rename[0].Action | Should -Be 'Changed'
        $rename[0].Identifier | Should -BeExactly 'tablet-02'
        Get-ChangeText $rename[0] | Should -Be @("Identifier: ipad-02 $Arrow tablet-02")

        $byNew = @(Get-BmgDeviceHistory tablet-02)
        $byOld = @(Get-BmgDeviceHistory IPAD-02)
        $byNew.Command | Should -Be @('Set-BmgDevice', 'Rename-BmgDevice', 'Set-BmgDevice', 'New-BmgDevice')
        $byOld.Sequence | Should -Be $byNew.Sequence
        @(Get-BmgDevice tablet-02 | Get-BmgDeviceHistory).Sequence | Should -Be $byNew.Sequence -Because 'a piped device shows its own history, its old name''s entries included'
        @(Get-BmgDeviceHistory -Identifier 'ipad-0*').Sequence | Should -Be $byNew.Sequence -Because 'a wildcard finds past names too'
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'a device created by an import (its created entry stored in a pack with the others) is found by its old name after the rename' {
        $rows = Write-TestCsv (New-CsvName 'packed') (@('Identifier,OS') + @(1..20 | ForEach-Object { 'bulk-{0:d2},ios' -f $_ }))
        (Import-BmgDeviceCsv $rows).Created | Should -Be 20
        Rename-BmgDevice bulk-07 kiosk-07
        $byOld = @(Get-BmgDeviceHistory bulk-07)
        $byOld.Command | Should -Be @('Rename-BmgDevice', 'Import-BmgDeviceCsv')
        @(Get-BmgDeviceHistory kiosk-07).Sequence | Should -Be $byOld.Sequence
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'a device registered later under the old name is another device: its history is told apart' {
        Rename-BmgDevice ipad-02 tablet-02
        New-BmgDevice -Identifier ipad-02 -OS android | Out-Null
        $entries = @(Get-BmgDeviceHistory ipad-02)
        $entries.Command | Should -Be @('New-BmgDevice', 'Rename-BmgDevice', 'New-BmgDevice')
        @($entries.DeviceKey | Sort-Object -Unique).Count | Should -Be 2
        @(Get-BmgDevice ipad-02 | Get-BmgDeviceHistory).Command | Should -Be @('New-BmgDevice')
        @(Get-BmgCheckInEmail -Identifier ipad-02) | Should -BeNullOrEmpty -Because 'the renamed device''s email is not the new device''s'
    }

    It '-WhatIf changes nothing, writes nothing with -PassThru, and says what follows' {
        $before = Get-FullState
        $shown = Get-WhatIfText { Rename-BmgDevice ipad-02 tablet-02 -WhatIf -PassThru }
        $shown.Output | Should -BeNullOrEmpty
        $shown.Text | Should -Match "What if: .*Rename to 'tablet-02' \(its history, check-in code, DEP enrollment and check-in emails follow\).*Device 'ipad-02'"
        Get-FullState | Should -Be $before
    }

    It 'the same name in the same case does nothing and records nothing; -PassThru writes the device as it is (as the other Rename- cmdlets)' {
        $before = Get-FullState
        $out = @(Rename-BmgDevice IPAD-02 ipad-02 -PassThru)
        $out.Count | Should -Be 1
        $out[0].Identifier | Should -BeExactly 'ipad-02'
        Get-FullState | Should -Be $before
    }

    It 'takes one piped device from Get-BmgDevice by its Identifier' {
        Get-BmgDevice IPAD-02 | Rename-BmgDevice -NewName tablet-02
        (Get-BmgDevice tablet-02).DisplayName | Should -Be 'Front desk'
        'tablet-02' | Rename-BmgDevice -NewName tablet-03
        (Get-BmgDevice tablet-03).DisplayName | Should -Be 'Front desk'
    }

    It 'refuses another of the module''s objects piped in (<What>), and changes nothing' -ForEach @(
        @{ What = 'a DEP link'; Source = { Get-BmgDeviceDepLink ipad-02 } }
        @{ What = 'a check-in email'; Source = { Get-BmgCheckInEmail -Identifier ipad-02 } }
        @{ What = 'a history entry'; Source = { Get-BmgDeviceHistory ipad-02 } }
    ) {
        $before = Get-FullState
        $result = Invoke-Captured { & $Source | Rename-BmgDevice -NewName tablet-02 }
        @($result.Errors) + @($result.Terminating) | Where-Object { $_ } | Select-Object -First 1 |
            ForEach-Object { $_.Exception.Message | Should -Match 'is not a name for -Identifier: .*pipe Device objects' }
        (@($result.Errors) + @($result.Terminating) | Where-Object { $_ }).Count | Should -BeGreaterThan 0
        Get-FullState | Should -Be $before
    }
}

Describe 'A rename after Clear-BmgHistory removed the entries that carried the old name (review)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgUser -UserName yamda | Out-Null
        New-BmgDevice -Identifier olddev -OS ios | Out-Null
        Start-Sleep -Milliseconds 50
        Clear-BmgHistory -Before (Get-Date) -Confirm:$false
    }

    It 'the old Identifier still finds the device''s history' {
        @(Get-BmgDeviceHistory olddev -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty -Because 'its created entry was cleared'
        Rename-BmgDevice olddev -NewName newdev
        $byOld = @(Get-BmgDeviceHistory olddev)
        $byOld.Count | Should -Be 1
        $byOld[0].Command | Should -Be 'Rename-BmgDevice'
        (Get-BmgDeviceHistory newdev | ConvertTo-Json) | Should -Be ($byOld | ConvertTo-Json)
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'the old UserName still finds the user''s history' {
        Rename-BmgUser yamda -NewName yamada
        $byOld = @(Get-BmgUserHistory yamda)
        $byOld.Count | Should -Be 1
        $byOld[0].Command | Should -Be 'Rename-BmgUser'
    }
}

Describe 'Rename-BmgUser' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgOrganization -Id org-sales -Name Sales | Out-Null
        New-BmgUser -UserName yamda -Name 'Yamada Taro' -EmailAddress 'yamada@example.com' -Organizations org-sales | Out-Null
        New-BmgUser -UserName sato | Out-Null
        New-BmgDevice -Identifier dev-1 -OS ios -UserName yamda | Out-Null
        New-BmgDevice -Identifier dev-2 -OS ios -Code Right1234 -UserName yamda | Out-Null
        Register-BmgDeviceCheckIn -Identifier dev-2 -Code Right1234 | Out-Null
        New-BmgDevice -Identifier dev-3 -OS ios -UserName sato | Out-Null
    }

    It 'the same UserName does nothing; -PassThru writes the user as it is' {
        $out = @(Rename-BmgUser yamda yamda -PassThru)
        $out.Count | Should -Be 1
        $out[0].UserName | Should -BeExactly 'yamda'
        @(Get-BmgUserHistory yamda | Where-Object Command -EQ 'Rename-BmgUser') | Should -BeNullOrEmpty
    }

    It 'renames the user; its devices, checked-in ones too, stay its own; -PassThru writes the User' {
        $out = @(Rename-BmgUser -UserName yamda -NewName yamada.taro -PassThru)
        $out.Count | Should -Be 1
        $out[0].GetType().FullName | Should -Be 'BizMobileGo.Core.Users.User'
        $out[0].UserName | Should -BeExactly 'yamada.taro'
        $user = Get-BmgUser yamada.taro
        $user.Name | Should -Be 'Yamada Taro'
        $user.EmailAddress | Should -Be 'yamada@example.com'
        $user.Organizations | Should -Be @('org-sales')
        @(Get-BmgDevice -UserName yamada.taro).Identifier | Sort-Object | Should -Be @('dev-1', 'dev-2')
        (Get-BmgDevice dev-3).UserName | Should -Be 'sato'
        Assert-ErrorId (Invoke-Captured { Get-BmgUser yamda }).Errors 'UserNotFound'
        $old = Invoke-Captured { Get-BmgDevice -UserName yamda }
        $old.Output | Should -BeNullOrEmpty
        Assert-ErrorId $old.Errors 'UserNotFound'
    }

    It 'another case is another UserName: renaming to it is allowed, and -NewUserName is another name of -NewName' {
        Rename-BmgUser yamda -NewUserName Yamda
        (Get-BmgUser Yamda).UserName | Should -BeExactly 'Yamda'
        @(Get-BmgDevice -UserName Yamda).Count | Should -Be 2
    }

    It 'refuses a UserName another user has with AlreadyExists and changes nothing' {
        $before = Get-FullState
        $result = Invoke-Captured { Rename-BmgUser yamda sato -PassThru }
        Assert-ErrorId $result.Errors 'AlreadyExists'
        $result.Errors[0].Exception.Message | Should -Be "User 'yamda' can't be renamed to 'sato': a user with the UserName 'sato' already exists."
        $result.Output | Should -BeNullOrEmpty
        Get-FullState | Should -Be $before
    }

    It 'refuses a new name against the UserName rule with InvalidFieldValue, naming the field, and changes nothing: <Why>' -ForEach @(
        @{ Why = 'blank'; NewName = ' ' }
        @{ Why = 'a control character'; NewName = "yam`tada" }
        @{ Why = '129 characters'; NewName = 'u' * 129 }
    ) {
        $before = Get-FullState
        $result = Invoke-Captured { Rename-BmgUser yamda $NewName }
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        $result.Errors[0].Exception.Message | Should -BeLike "User 'yamda' can't be renamed: *UserName*"
        Get-FullState | Should -Be $before
    }

    It 'an unknown user is UserNotFound, with the near name as a hint' {
        $result = Invoke-Captured { Rename-BmgUser Yamda x }
        Assert-ErrorId $result.Errors 'UserNotFound'
        $result.Errors[0].Exception.Message | Should -Match "did you mean 'yamda'"
    }

    It 'records UserName old → new for the user and each of its devices; both names find the user''s whole history; Test-BmgHistory verifies' {
        Set-BmgUser yamda -Name 'Yamada T.'
        $head = (Test-BmgHistory).HeadSequence
        Rename-BmgUser yamda yamada.taro

        $userEntry = @(Get-BmgUserHistory | Where-Object Sequence -GT $head)
        $userEntry.Count | Should -Be 1
        $userEntry[0].Command | Should -Be 'Rename-BmgUser'
        Get-ChangeText $userEntry[0] | Should -Be @("UserName: yamda $Arrow yamada.taro")
        $deviceEntries = @(Get-BmgDeviceHistory | Where-Object Sequence -GT $head)
        @($deviceEntries.Identifier | Sort-Object) | Should -Be @('dev-1', 'dev-2')
        foreach ($entry in $deviceEntries) {
            $entry.Command | Should -Be 'Rename-BmgUser'
            Get-ChangeText $entry | Should -Be @("UserName: yamda $Arrow yamada.taro")
        }

        $byNew = @(Get-BmgUserHistory yamada.taro)
        $byNew.Command | Should -Be @('Rename-BmgUser', 'Set-BmgUser', 'New-BmgUser')
        @(Get-BmgUserHistory yamda).Sequence | Should -Be $byNew.Sequence
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It '-WhatIf changes nothing and says how many devices follow' {
        $before = Get-FullState
        $shown = Get-WhatIfText { Rename-BmgUser yamda yamada.taro -WhatIf -PassThru }
        $shown.Output | Should -BeNullOrEmpty
        $shown.Text | Should -Match "What if: .*Rename to 'yamada.taro' \(its 2 devices follow\).*User 'yamda'"
        Get-FullState | Should -Be $before
    }

    It 'takes a piped user from Get-BmgUser, and refuses a piped device (whose UserName names its user)' {
        Get-BmgUser sato | Rename-BmgUser -NewName sato.hanako
        (Get-BmgDevice dev-3).UserName | Should -Be 'sato.hanako'

        $before = Get-FullState
        $result = Invoke-Captured { Get-BmgDevice dev-1 | Rename-BmgUser -NewName x }
        (@($result.Errors) + @($result.Terminating) | Where-Object { $_ } | Select-Object -First 1).Exception.Message |
            Should -Match 'A Device object is not a name for -UserName: .*pipe User objects'
        Get-FullState | Should -Be $before
    }
}

# Thirteenth round: renames from the pipeline as Rename-Item takes them. -NewName binds by property name on every Rename-
# cmdlet, so a renames file (Import-Csv) and a delay-bind script block (-NewName { ... }) rename item by item: each piped
# rename is its own change, and one bad row is its own non-terminating error naming the row's values and the rule.
Describe 'Renames from the pipeline' {
    BeforeEach {
        New-TestStore | Out-Null
        foreach ($i in 1..4) { New-BmgDevice -Identifier "old-0$i" -OS ios -DisplayName "Device $i" | Out-Null }
        New-BmgDevice -Identifier keep-01 -OS ios | Out-Null
    }

    It 'Import-Csv renames.csv | Rename-BmgDevice renames each row; a bad row is its own error naming its values and rule, and the others go on' {
        $csv = Write-TestCsv (New-CsvName 'renames') @(
            'Identifier,NewName'
            'old-01,new-01'
            'old-02,new 02'
            'old-99,new-99'
            'old-03,'
            'old-04,new-04'
        )
        $result = Invoke-Captured { Import-Csv $csv | Rename-BmgDevice }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Errors.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] }) | Should -Be @('InvalidFieldValue', 'DeviceNotFound', 'InvalidFieldValue')
        $result.Errors[0].Exception.Message | Should -BeLike "Device 'old-02' can't be renamed: NewName 'new 02' is not a valid Identifier: *"
        $result.Errors[1].Exception.Message | Should -Be "Device 'old-99' can't be renamed to 'new-99': no device has the Identifier 'old-99' $(Get-InStore)."
        $result.Errors[2].Exception.Message | Should -BeLike "Device 'old-03' can't be renamed: NewName is blank; give the new Identifier *"

        (Get-BmgDevice new-01).DisplayName | Should -Be 'Device 1'
        (Get-BmgDevice new-04).DisplayName | Should -Be 'Device 4'
        @(Get-BmgDevice -Identifier 'old-*').Identifier | Sort-Object | Should -Be @('old-02', 'old-03')
        @(Get-BmgDeviceHistory | Where-Object Command -EQ 'Rename-BmgDevice').Count | Should -Be 2 -Because 'each row is its own change'
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'a delay-bind script block gives each piped device its new name; a taken name fails that device alone' {
        New-BmgDevice -Identifier new-03 -OS android | Out-Null
        $result = Invoke-Captured { Get-BmgDevice 'old-*' | Rename-BmgDevice -NewName { $_.Identifier -replace '^old-', 'new-' } -PassThru }
        Assert-ErrorId $result.Errors 'AlreadyExists'
        $result.Errors[0].Exception.Message | Should -BeLike "Device 'old-03' can't be renamed to 'new-03': *"
        @($result.Output.Identifier) | Should -Be @('new-01', 'new-02', 'new-04')
        @(Get-BmgDevice -Identifier 'old-*').Identifier | Should -Be @('old-03')
        (Get-BmgDevice new-02).DisplayName | Should -Be 'Device 2'
        (Get-BmgDevice keep-01).Identifier | Should -Be 'keep-01'
    }

    It 'a piped device without -NewName is refused for -NewName alone (it has no such property); the next row still renames' {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { @((Get-BmgDevice old-01), [pscustomobject]@{ Identifier = 'old-02'; NewName = 'new-02' }) | Rename-BmgDevice }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Errors) | Should -HaveCount 1
        $result.Errors[0].Exception.Message | Should -Match 'NewName'
        (Get-BmgDevice old-01).Identifier | Should -Be 'old-01'
        (Get-BmgDevice new-02).DisplayName | Should -Be 'Device 2'
        Get-StoreSnapshot | Should -Not -Be $before
    }

    It 'every Rename- cmdlet''s -NewName binds by property name, and no object of the module has a property it would bind by accident' {
        $renames = @(Get-Command -Module BizMobileGo -Verb Rename)
        @($renames.Name | Sort-Object) | Should -Be @('Rename-BmgDevice', 'Rename-BmgDeviceTag', 'Rename-BmgOrganization', 'Rename-BmgTemplate', 'Rename-BmgUser')
        $bound = foreach ($command in $renames) {
            $parameter = $command.Parameters['NewName']
            @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName |
                Should -Be $true -Because "$($command.Name) -NewName"
            'NewName'
            $parameter.Aliases
        }

        # A Device, User, Template ... piped to a Rename- cmdlet binds its key; a property named NewName (or NewIdentifier,
        # NewUserName, NewId) on any of them would rename it silently to that value.
        # The module loads its core in its own context: the assembly is found from one of its objects.
        $types = (Get-BmgDevice old-01).GetType().Assembly.GetExportedTypes()
        $clashes = foreach ($type in $types) {
            foreach ($property in $type.GetProperties()) { if ($property.Name -in $bound) { "$($type.FullName).$($property.Name)" } }
        }
        $clashes | Should -BeNullOrEmpty
        $typeData = @(Get-TypeData -TypeName 'BizMobileGo.*' | ForEach-Object { $_.Members.Keys }) | Where-Object { $_ -in $bound }
        $typeData | Should -BeNullOrEmpty -Because 'the module''s Types.ps1xml adds no such property either'
    }

    It 'the help''s piped-rename example runs as written: the file''s rows are renamed, the -WhatIf line renames nothing' {
        $example = @((Get-Help Rename-BmgDevice -Examples).examples.example | Where-Object { $_.title -match 'from a file' })
        $example.Count | Should -Be 1 -Because 'Rename-BmgDevice''s help shows a renames file piped in'
        $example[0].code | Should -Match 'Import-Csv renames\.csv \| Rename-BmgDevice'
        $folder = Join-Path $TestDrive "help-example-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory $folder
        Set-Content -LiteralPath (Join-Path $folder 'renames.csv') -Value @('Identifier,NewName', 'old-01,new-01', 'old-03,new-03')
        Push-Location $folder
        try { $result = Invoke-Captured ([scriptblock]::Create($example[0].code)) } finally { Pop-Location }
        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
        @(Get-BmgDevice -Identifier 'new-*').Identifier | Sort-Object | Should -Be @('new-01', 'new-03')
        @(Get-BmgDevice -Identifier 'old-*').Identifier | Sort-Object | Should -Be @('old-02', 'old-04') -Because 'the -WhatIf line renames nothing'
    }

    It 'Import-Csv | Rename-BmgUser renames each row by UserName,NewName; an unknown user is its row''s error with the near name' {
        New-BmgUser -UserName yamda | Out-Null
        New-BmgUser -UserName sato | Out-Null
        Set-BmgDevice old-01 -UserName yamda
        $csv = Write-TestCsv (New-CsvName 'users') @('UserName,NewName', 'yamda,yamada', 'Sato,sato.hanako', 'sato,sato.hanako')
        $result = Invoke-Captured { Import-Csv $csv | Rename-BmgUser }
        Assert-ErrorId $result.Errors 'UserNotFound'
        $result.Errors[0].Exception.Message | Should -BeLike "User 'Sato' can't be renamed to 'sato.hanako': no user has the UserName 'Sato' $([WildcardPattern]::Escape((Get-InStore))); did you mean 'sato'*"
        @(Get-BmgUser | Sort-Object UserName).UserName | Should -Be @('sato.hanako', 'yamada')
        (Get-BmgDevice old-01).UserName | Should -Be 'yamada'
    }

    It 'Import-Csv | Rename-<Noun> renames each row by <Key>,NewName; a bad row is its own error naming both values' -ForEach @(
        @{ Noun = 'BmgTemplate'; Key = 'Name'; Make = { New-BmgTemplate -Name $args[0] }; List = { @(Get-BmgTemplate).Name } }
        @{ Noun = 'BmgDeviceTag'; Key = 'Name'; Make = { New-BmgDeviceTag -Name $args[0] }; List = { @(Get-BmgDeviceTag).Name } }
        @{ Noun = 'BmgOrganization'; Key = 'Id'; Make = { New-BmgOrganization -Id $args[0] -Name $args[0] }; List = { @(Get-BmgOrganization).Id } }
    ) {
        foreach ($name in 'a-old', 'b-old', 'taken') { & $Make $name | Out-Null }
        $csv = Write-TestCsv (New-CsvName 'ref') @("$Key,NewName", 'a-old,a-new', 'b-old,taken', 'c-old,c-new', 'b-old,')
        $result = Invoke-Captured { Import-Csv $csv | & "Rename-$Noun" }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Errors) | Should -HaveCount 3
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AlreadyExists,*'
        $result.Errors[0].Exception.Message | Should -BeLike "* 'b-old' can't be renamed to 'taken': *"
        $result.Errors[1].FullyQualifiedErrorId | Should -BeLike '*NotFound,*'
        $result.Errors[1].Exception.Message | Should -BeLike "* 'c-old' can't be renamed to 'c-new': *"
        $result.Errors[2].FullyQualifiedErrorId | Should -BeLike 'InvalidFieldValue,*'
        $result.Errors[2].Exception.Message | Should -BeLike "* 'b-old' can't be renamed: NewName is blank; give the new $Key *"
        @(& $List | Sort-Object) | Should -Be @('a-new', 'b-old', 'taken')
    }

    It 'Get-<Noun> | Rename-<Noun> -NewName { ... } renames each piped item by the script block' -ForEach @(
        @{ Noun = 'BmgTemplate'; Make = { New-BmgTemplate -Name $args[0] }; Key = 'Name' }
        @{ Noun = 'BmgDeviceTag'; Make = { New-BmgDeviceTag -Name $args[0] }; Key = 'Name' }
        @{ Noun = 'BmgOrganization'; Make = { New-BmgOrganization -Id $args[0] -Name $args[0] }; Key = 'Id' }
    ) {
        foreach ($name in 'x-1', 'x-2') { & $Make $name | Out-Null }
        & "Get-$Noun" | & "Rename-$Noun" -NewName { $_.$Key -replace '^x-', 'y-' }
        @(& "Get-$Noun" | ForEach-Object $Key | Sort-Object) | Should -Be @('y-1', 'y-2')
    }
}

Describe 'The -WhatIf prompt of Rename-BmgOrganization names the organization by its Id and display Name' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgOrganization -Id org-sales -Name 'Sales Department' | Out-Null
        New-BmgTemplate -Name Standard | Out-Null
    }

    It 'shows the display Name beside the Id, as Set-BmgOrganization does, and renames nothing' {
        $shown = Get-WhatIfText { Rename-BmgOrganization org-sales org-eigyo -WhatIf }
        $shown.Text | Should -Match "What if: .*Change the Id to 'org-eigyo'.*on target `"Organization 'org-sales' \(Sales Department\)`""
        @(Get-BmgOrganization).Id | Should -Be @('org-sales')
        $set = Get-WhatIfText { Set-BmgOrganization org-sales -Name 'Sales' -WhatIf }
        $set.Text | Should -Match "on target `"Organization 'org-sales' \(Sales Department\)`""
    }

    It 'a template is named by its Name alone, as before' {
        $shown = Get-WhatIfText { Rename-BmgTemplate Standard Basic -WhatIf }
        $shown.Text | Should -Match "on target `"Template 'Standard'`""
    }
}
