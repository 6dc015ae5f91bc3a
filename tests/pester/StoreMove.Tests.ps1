# README "Moving per-user stores to one server" (walkthrough 31, findings 1 and 10): the recipe's commands, run as the
# README gives them, carry a store's reference data, DEP devices and profiles, users and devices (state re-recorded) into
# another store. Real module, two real stores of the run's kind (both stores, StoreSuites.psd1), Apple's example files.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = Join-Path $PSScriptRoot '../../examples'

    function Get-DeviceFacts([string] $Store) {
        Get-BmgDevice -Database $Store | Sort-Object Identifier |
            ForEach-Object { "$($_.Identifier) $($_.State) $($_.UserName) $($_.Serial) $($_.Template) $($_.DEPMethod)" }
    }
    function Get-UserFacts([string] $Store) {
        Get-BmgUser -Database $Store | Sort-Object UserName |
            ForEach-Object { "$($_.UserName)|$($_.Name)|$($_.EmailAddress)|$($_.Organizations -join ',')" }
    }
}

Describe 'moving a store into another by the README''s recipe' {
    BeforeAll {
        # The old store: the tour's reference data and DEP files, example1's users and devices, a DEP serial check-in, a
        # keycode check-in, a code check-in of a device without serial, a withdrawal, a pending email, a user without devices.
        $script:Old = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales department' | Out-Null
        Import-BmgDepDevice "$Examples/dep-profile-sales.json", "$Examples/dep-profile-kiosk.json", "$Examples/dep-fetch-devices.json" | Out-Null
        Import-BmgDeviceCsv "$Examples/example1-users-and-devices-serial.csv" | Out-Null
        Get-BmgDevice apple* | Set-BmgDeviceDepEnrollment -Method Keycode | Out-Null
        Import-Csv "$Examples/serials.csv" | Set-BmgDeviceDepEnrollment -Method Serial | Out-Null
        New-BmgUser -UserName lonely -Name 'No Device' -EmailAddress lonely@example.com -Organizations org-sales | Out-Null
        Set-BmgDevice apple002 -Code 4711x9 | Out-Null
        # A DEP serial iPhone with an IMEI, and an Android phone restricted to its IMEI (walk41 2): both report it again.
        Set-BmgDevice -Identifier (Get-BmgDevice | Where-Object Serial -EQ AAABBBCCCDDD).Identifier -IMEI 490154203237518 | Out-Null
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD -IMEI 490154203237518 | Out-Null
        New-BmgDevice -Identifier android-0500 -OS Android -Template Standard -IMEI 356938035643809 -Code 'R5t7Y9u2' | Out-Null
        Register-BmgDeviceCheckIn -Identifier android-0500 -Code 'R5t7Y9u2' -IMEI 356938035643809 | Out-Null
        Register-BmgDeviceCheckIn -Identifier apple002 -Code 4711x9 -Serial BBBCCCDDDAAA | Out-Null
        New-BmgDevice -Identifier ipad-0100 -OS iOS -Template Standard -UserName lonely -Code 'Q7w9Z2x4' | Out-Null
        Register-BmgDeviceCheckIn -Identifier ipad-0100 -Code 'Q7w9Z2x4' | Out-Null
        New-BmgDevice -Identifier ipad-0200 -OS iOS -Template Standard -Code 'K3m8P1v6' -RegistrationEmail w@example.com | Out-Null
        Register-BmgDeviceCheckIn -Identifier ipad-0200 -Code 'K3m8P1v6' | Out-Null
        Unregister-BmgDevice ipad-0200 -Confirm:$false | Out-Null
        New-BmgDevice -Identifier ipad-0300 -OS iOS -Template Standard -RegistrationEmail p@example.com | Out-Null
        # An email the old store sent (recorded as sent here: this test has no mail server): the move must not mail it again.
        New-BmgDevice -Identifier ipad-0400 -OS iOS -Template Standard -RegistrationEmail s@example.com | Out-Null
        Send-BmgCheckInEmail -Identifier ipad-0400 -MarkSent
        $script:New = New-TestStore
        # The shared store has a template of that name already (another admin's): step 1 must pass it over quietly.
        New-BmgTemplate -Name 'Standard' -Database $New | Out-Null
        $script:Csv = Join-Path $TestDrive 'moved.csv'

        # ---- the README's commands ($old, $new; Apple's files from examples/), under Stop as a migration script runs ----
        $ErrorActionPreference = 'Stop'
        $old = $Old; $new = $New
        $readme = {
            Get-BmgTemplate -Database $old | New-BmgTemplate -Database $new -ErrorAction SilentlyContinue -ErrorVariable failed
            Get-BmgDeviceTag -Database $old | New-BmgDeviceTag -Database $new -ErrorAction SilentlyContinue -ErrorVariable +failed
            Get-BmgOrganization -Database $old | New-BmgOrganization -Database $new -ErrorAction SilentlyContinue -ErrorVariable +failed
            $failed | Where-Object FullyQualifiedErrorId -NotLike 'AlreadyExists,*' | ForEach-Object { Write-Error -ErrorRecord $_ }
            $script:Step1Failed = @($failed)
            Import-BmgDepDevice "$Examples/dep-profile-sales.json", "$Examples/dep-profile-kiosk.json", "$Examples/dep-fetch-devices.json" -Database $new
            Export-BmgDeviceCsv $Csv -Database $old
            $script:Collisions = @(Import-BmgDeviceCsv $Csv -Database $new -WhatIf -PassThru -SkipInvalidRows -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
                Where-Object { $_.Failed -or $_.UserAction -eq 'Updated' -or $_.DeviceAction -eq 'Updated' })
            $script:DryRun = Import-BmgDeviceCsv $Csv -Database $new -WhatIf -WarningAction SilentlyContinue
            Import-BmgDeviceCsv $Csv -Database $new -WarningAction SilentlyContinue
            $checkedIn = (Get-BmgDevice -Database $new -State CheckedIn).Identifier
            Get-BmgDevice -Database $old -State CheckedIn | Where-Object Identifier -NotIn $checkedIn | ForEach-Object {
                $reported = if ("$($_.DEPMethod)" -eq 'Serial') { @{} } else { @{ Identifier = $_.Identifier; Code = $_.Code } }
                foreach ($id in 'Serial', 'IMEI', 'MEID', 'WifiMac', 'UDID') { if ($_.$id) { $reported[$id] = $_.$id } }
                Register-BmgDeviceCheckIn @reported -Database $new }
            $withdrawn = (Get-BmgDevice -Database $new -State Withdrawn).Identifier
            Get-BmgDevice -Database $old -State Withdrawn | Where-Object Identifier -NotIn $withdrawn | ForEach-Object {
                Unregister-BmgDevice -Identifier $_.Identifier -Database $new -Confirm:$false }
            Get-BmgCheckInEmail -Database $old | Sort-Object Id | Group-Object Identifier | ForEach-Object { $_.Group[-1] } |
                Where-Object Status -EQ Sent | ForEach-Object Identifier | Send-BmgCheckInEmail -Database $new -MarkSent
        }
        . $readme
        $script:FirstRun = @{ Collisions = $Collisions; DryRun = $DryRun; Step1Failed = $Step1Failed; Hash = (Test-BmgHistory -Database $New).HeadHash }
        # A second run (a move cut off half-way is run again): under Stop, any error ends BeforeAll.
        . $readme
        $script:SecondRun = @{ Collisions = $Collisions; DryRun = $DryRun; Hash = (Test-BmgHistory -Database $New).HeadHash }
        $script:Collisions = $FirstRun.Collisions; $script:DryRun = $FirstRun.DryRun; $script:Step1Failed = $FirstRun.Step1Failed
    }

    It 'the devices (state too), users, DEP devices and profiles are the old store''s' {
        @(Get-DeviceFacts $Old) | Should -HaveCount 7
        @(Get-BmgDevice -Database $Old -State CheckedIn) | Should -HaveCount 4
        (Get-BmgDevice android-0500 -Database $New).State | Should -Be 'CheckedIn' -Because 'a device restricted to its IMEI reports it again (walk41 2)'
        Get-DeviceFacts $New | Should -Be (Get-DeviceFacts $Old)
        Get-UserFacts $New | Should -Be (Get-UserFacts $Old)
        @(Get-BmgDepDevice -Database $New).SerialNumber | Should -Be @(Get-BmgDepDevice -Database $Old).SerialNumber
        @(Get-BmgDepProfile -Database $New | ForEach-Object { "$($_.Uuid) $($_.Name)" }) | Should -Be @(Get-BmgDepProfile -Database $Old | ForEach-Object { "$($_.Uuid) $($_.Name)" })
    }

    It 'step 1 passes over what the shared store has (its AlreadyExists kept quiet, the script going on under Stop), and keeps every error to show (walk36 7)' {
        @($Step1Failed | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) | Should -Be @('AlreadyExists')
        (Get-BmgDeviceTag -Database $New).Name | Should -Be @('Sales')
    }

    It 'the -WhatIf pass wrote nothing and planned what the real run did' {
        $DryRun.WhatIf | Should -BeTrue
        $DryRun.PlannedCreated | Should -Be 7
        $Collisions | Should -HaveCount 0 -Because 'into a store without overlap the list of collisions is empty'
    }

    It 'runs again without an error, changing nothing: every step passes over what the new store has (walk41 4)' {
        $SecondRun.Hash | Should -Be $FirstRun.Hash -Because 'a second run writes no history entry'
        $SecondRun.DryRun.PlannedUnchanged | Should -Be 7
        $SecondRun.Collisions | Should -HaveCount 0
    }

    It 'the outbox holds the pending email, the one the old store sent is marked sent, and the withdrawn device''s is superseded; the history starts anew' {
        @(Get-BmgCheckInEmail -Database $New -Unsent).Identifier | Should -Be @('ipad-0300')
        (Get-BmgCheckInEmail -Database $New -Identifier ipad-0400).StatusReason | Should -BeLike 'Marked sent without sending by *' -Because 'the old store sent it: the move marks it, rather than mailing it again'
        (Get-BmgCheckInEmail -Database $New -Identifier ipad-0200).Status | Should -Be 'Superseded'
        $check = Test-BmgHistory -Database $New
        $check.Valid | Should -BeTrue
        $check.HeadHash | Should -Not -Be (Test-BmgHistory -Database $Old).HeadHash -Because 'the history does not move: write the new head down'
    }
}

Describe 'merging a second store: the README''s list of collisions (walk41 1, 3)' {
    BeforeAll {
        # The shared store holds the first admin's suzuki and ipad-0100; the second admin's store names another person
        # and another device alike, and records the first admin's serial on a device of its own.
        $script:Shared = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgUser -UserName suzuki -Name 'Suzuki (alice)' -EmailAddress suzuki.alice@example.com | Out-Null
        New-BmgDevice -Identifier ipad-0100 -OS iOS -Template Standard -UserName suzuki -Serial F9FXK2ALIC01 | Out-Null
        New-BmgDevice -Identifier ipad-0101 -OS iOS -Template Standard -Serial F9FXK2SHAR01 | Out-Null
        $script:Second = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgUser -UserName suzuki -Name 'Suzuki (bob)' -EmailAddress suzuki.bob@example.com | Out-Null
        New-BmgDevice -Identifier ipad-0100 -OS iOS -Template Standard -UserName suzuki -Serial F9FXK2BOB001 | Out-Null
        New-BmgDevice -Identifier ipad-0900 -OS iOS -Template Standard | Out-Null
        $script:Csv = Join-Path $TestDrive 'second.csv'
        Export-BmgDeviceCsv $Csv -Database $Second
        $script:Before = (Test-BmgHistory -Database $Shared).HeadHash

        # ---- step 2's first command, as the README gives it ($new: the shared store) ----
        $new = $Shared
        $script:List = @(Import-BmgDeviceCsv $Csv -Database $new -WhatIf -PassThru -SkipInvalidRows -ErrorAction SilentlyContinue |
            Where-Object { $_.Failed -or $_.UserAction -eq 'Updated' -or $_.DeviceAction -eq 'Updated' })

        # The same second store, once its ipad-0900 carries the shared store's serial of ipad-0101.
        Set-BmgDevice -Identifier ipad-0900 -Serial F9FXK2SHAR01 -Database $Second | Out-Null
        Export-BmgDeviceCsv $Csv -Database $Second -Force
        $script:ListWithSerial = @(Import-BmgDeviceCsv $Csv -Database $new -WhatIf -PassThru -SkipInvalidRows -ErrorAction SilentlyContinue |
            Where-Object { $_.Failed -or $_.UserAction -eq 'Updated' -or $_.DeviceAction -eq 'Updated' })
    }

    It 'names the user and the device another admin''s rows would overwrite, with the changes, and wrote nothing' {
        $List | Should -HaveCount 1
        $List[0].Identifier | Should -Be 'ipad-0100'
        $List[0].UserName | Should -Be 'suzuki'
        "$($List[0].UserAction) $($List[0].DeviceAction)" | Should -Be 'Updated Updated'
        "$($List[0].Changes)" | Should -BeLike "*Suzuki (alice)*Suzuki (bob)*"
        "$($List[0].Changes)" | Should -BeLike "*F9FXK2ALIC01*F9FXK2BOB001*"
        (Get-BmgUser suzuki -Database $Shared).Name | Should -Be 'Suzuki (alice)'
        (Test-BmgHistory -Database $Shared).HeadHash | Should -Be $Before
    }

    It 'names a row whose serial the shared store holds, as a failed row with its reason' {
        $failed = @($ListWithSerial | Where-Object Failed)
        $failed | Should -HaveCount 1
        $failed[0].Identifier | Should -Be 'ipad-0900'
        $failed[0].Error | Should -BeLike "*Serial 'F9FXK2SHAR01'*already held by device 'ipad-0101'*"
        (Get-BmgDevice -Database $Shared).Identifier | Should -Not -Contain 'ipad-0900'
    }
}
