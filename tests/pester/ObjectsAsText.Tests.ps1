# The module's objects read as their key wherever PowerShell makes text of them, as "$(Get-Item x)" does: a log line
# "Updated $device", -join, Write-Host, and Format-Wide (walkthrough 25, finding 2). Before, "$device" was the type name
# 'BizMobileGo.Core.Devices.Device' and Format-Wide listed DeviceKey numbers, users' display names, DEP profile names.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Objects as text and in Format-Wide' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Kiosk' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales department' | Out-Null
        New-BmgUser -UserName 'sato.h' -Name 'Sato Hanako' -Organizations 'org-sales' | Out-Null
        $dep = Write-TestCsv -Name 'dep.csv' -Lines @('SerialNumber,Model,ProfileName', 'F9X1AAAA0001,iPad Air,Sales iPads')
        Import-BmgDepDevice -Path $dep | Out-Null
        New-BmgDevice -Identifier 'ipad-7' -OS ios -Serial 'F9X1AAAA0001' -DEPMethod Serial -Code 'QWERTYUP' -UserName 'sato.h' `
            -RegistrationEmail 'sato@example.com' -Template 'Kiosk' -DeviceTags 'Sales' -DisplayName 'Front desk' | Out-Null
        $csv = Write-TestCsv -Name 'hr-export.csv' -Lines @('Identifier,OS', 'android-9,android')
        Import-BmgDeviceCsv -Path $csv | Out-Null

        # Each output type, one object of it, and the key it must read as.
        $script:Cases = @(
            @{ Object = Get-BmgDevice 'ipad-7'; Key = 'ipad-7' }
            @{ Object = Get-BmgUser 'sato.h'; Key = 'sato.h' }
            @{ Object = Get-BmgDeviceDepLink 'ipad-7'; Key = 'ipad-7' }
            @{ Object = Get-BmgDepDevice 'F9X1AAAA0001'; Key = 'F9X1AAAA0001' }
            @{ Object = Get-BmgDepProfile 'Sales iPads'; Key = 'Sales iPads' }
            @{ Object = Get-BmgTemplate 'Kiosk'; Key = 'Kiosk' }
            @{ Object = Get-BmgDeviceTag 'Sales'; Key = 'Sales' }
            @{ Object = Get-BmgOrganization 'org-sales'; Key = 'org-sales' }
            @{ Object = @(Get-BmgCheckInEmail -Identifier 'ipad-7')[0]; Key = 'ipad-7' }
        )
    }

    It 'has one object of each type (else the tests below show nothing)' {
        foreach ($case in $Cases) { $case.Object | Should -Not -BeNullOrEmpty }
        @($Cases.ForEach({ $_.Object.GetType().FullName }) | Sort-Object -Unique) | Should -HaveCount 9
    }

    It 'reads as its key in a string, with -join and through Out-String of the string' {
        foreach ($case in $Cases) {
            "$($case.Object)" | Should -BeExactly $case.Key -Because $case.Object.GetType().FullName
            "Updated $($case.Object)." | Should -BeExactly "Updated $($case.Key)."
            (@($case.Object, $case.Object) -join ', ') | Should -BeExactly "$($case.Key), $($case.Key)"
        }
    }

    It 'round-trips: the text of an object is what its Get- command takes' {
        (Get-BmgDevice "$(Get-BmgDevice 'ipad-7')").Identifier | Should -Be 'ipad-7'
        (Get-BmgUser "$(Get-BmgUser 'sato.h')").UserName | Should -Be 'sato.h'
        (Get-BmgDepDevice "$(Get-BmgDepDevice 'F9X1AAAA0001')").SerialNumber | Should -Be 'F9X1AAAA0001'
    }

    It 'never reads as the check-in code' {
        $device = Get-BmgDevice 'ipad-7'
        $email = @(Get-BmgCheckInEmail -Identifier 'ipad-7')[0]
        $device.Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'QWERTYUP'
        "$device $email" | Should -Not -Match 'QWERTYUP'
    }

    It 'lists the keys in Format-Wide, not DeviceKey, display names or profile names' {
        foreach ($case in $Cases) {
            $wide = ($case.Object | Format-Wide | Out-String -Width 80).Trim()
            $wide | Should -BeExactly $case.Key -Because "Format-Wide of $($case.Object.GetType().FullName)"
        }
        (Get-BmgUser | Format-Wide | Out-String) | Should -Not -Match 'Sato Hanako'
        (Get-BmgDepDevice | Format-Wide | Out-String) | Should -Not -Match 'Sales iPads'
        (Get-BmgOrganization | Format-Wide | Out-String) | Should -Not -Match 'Sales department'
    }

    It 'shows an import as its history Id and file, and lists files in Format-Wide' {
        $import = @(Get-BmgImportHistory)[0]
        "$import" | Should -BeExactly "#$($import.Id) $($import.Source)"
        $import.Source | Should -Match 'hr-export\.csv$'
        ($import | Format-Wide | Out-String -Width 200).Trim() | Should -BeExactly $import.Source
    }

    It 'shows a DEP profile known only by its uuid as that uuid' {
        # The module's own type (it loads in a context of its own, so not by name): a profile read with no name yet.
        $profile = (Get-BmgDepProfile 'Sales iPads').GetType()::new('9D6F2B1C0E5A4C3F', $null, 0)
        "$profile" | Should -BeExactly '9D6F2B1C0E5A4C3F'
    }
}
