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
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
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
        Get-BmgTemplate -Database $old | New-BmgTemplate -Database $new -ErrorAction SilentlyContinue -ErrorVariable failed
        Get-BmgDeviceTag -Database $old | New-BmgDeviceTag -Database $new -ErrorAction SilentlyContinue -ErrorVariable +failed
        Get-BmgOrganization -Database $old | New-BmgOrganization -Database $new -ErrorAction SilentlyContinue -ErrorVariable +failed
        $failed | Where-Object FullyQualifiedErrorId -NotLike 'AlreadyExists,*' | ForEach-Object { Write-Error -ErrorRecord $_ }
        $script:Step1Failed = @($failed)
        Import-BmgDepDevice "$Examples/dep-profile-sales.json", "$Examples/dep-profile-kiosk.json", "$Examples/dep-fetch-devices.json" -Database $new
        Export-BmgDeviceCsv $Csv -Database $old
        $script:DryRun = Import-BmgDeviceCsv $Csv -Database $new -WhatIf -WarningAction SilentlyContinue
        Import-BmgDeviceCsv $Csv -Database $new -WarningAction SilentlyContinue
        Get-BmgDevice -Database $old -State CheckedIn | ForEach-Object {
            $reported = if ("$($_.DEPMethod)" -eq 'Serial') { @{ Serial = $_.Serial } } else { @{ Identifier = $_.Identifier; Code = $_.Code } }
            if ("$($_.DEPMethod)" -ne 'Serial' -and $_.Serial) { $reported.Serial = $_.Serial }
            Register-BmgDeviceCheckIn @reported -Database $new }
        Get-BmgDevice -Database $old -State Withdrawn | ForEach-Object {
            Unregister-BmgDevice -Identifier $_.Identifier -Database $new -Confirm:$false }
        Get-BmgCheckInEmail -Database $old | Sort-Object Id | Group-Object Identifier | ForEach-Object { $_.Group[-1] } |
            Where-Object Status -EQ Sent | ForEach-Object Identifier | Send-BmgCheckInEmail -Database $new -MarkSent
    }

    It 'the devices (state too), users, DEP devices and profiles are the old store''s' {
        @(Get-DeviceFacts $Old) | Should -HaveCount 6
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
        $DryRun.PlannedCreated | Should -Be 6
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
