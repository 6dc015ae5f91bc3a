# Round 32, 3: DEP devices round-trip. Get-BmgDepDevice's output of one store piped to Import-BmgDepDevice of another (or
# read back from ConvertTo-Json, or from Export-Csv of its columns with ISO dates) carries every field Apple gave, profile
# times included; a released serial is refused by name (DepDeviceFileInvalid) rather than made active; an object with a
# property that is no DEP device field is refused naming it, nothing written. Set-BmgDepProfile takes Name and Uuid from
# Get-BmgDepProfile's output by property name. Real module, real stores of the run's kind (both stores), Apple's example files.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = Join-Path $PSScriptRoot '../../examples'

    # What a store knows of its DEP devices, less what is the store's own (when imported, which store).
    function Get-DepFacts([string] $Store) {
        # AsOf is the store's own, as ImportedAt is (the time of Apple's data that wrote the row; a piped object has none).
        Get-BmgDepDevice -Database $Store | Sort-Object SerialNumber | Select-Object * -ExcludeProperty ImportedAt, AsOf, Database | ConvertTo-Json -Depth 3
    }
}

Describe 'DEP devices from one store into another' {
    BeforeAll {
        $script:Old = New-TestStore
        Import-BmgDepDevice "$Examples/dep-profile-sales.json", "$Examples/dep-fetch-devices.json", "$Examples/dep-sync-devices.json" -WarningAction SilentlyContinue | Out-Null
        # The store knows profile assign and push times, a release, and an unnamed-later profile: a fair sample.
        @(Get-BmgDepDevice | Where-Object ProfilePushTime) | Should -Not -BeNullOrEmpty
    }

    It 'Get-BmgDepDevice -Database a | Import-BmgDepDevice -Database b carries every field' {
        $new = New-TestStore
        $null = Get-BmgDepDevice -Database $Old | Import-BmgDepDevice -Database $new -WarningAction SilentlyContinue
        Get-DepFacts $new | Should -Be (Get-DepFacts $Old)
        @(Get-BmgDepProfile -Database $new | ForEach-Object { "$($_.Uuid) $($_.Name) $($_.DeviceCount)" }) |
            Should -Be @(Get-BmgDepProfile -Database $Old | ForEach-Object { "$($_.Uuid) $($_.Name) $($_.DeviceCount)" })
    }

    # Round 33 (left33b, 4): piped DEP devices are imported together, as the rows of one CSV (up to 1,000 at once): one
    # transaction and one summary, and one refused object leaves the store as it was.
    It 'piped DEP devices are one import with one summary, and one refused object among them writes none of them' {
        $new = New-TestStore
        $devices = @(Get-BmgDepDevice -Database $Old)
        $devices.Count | Should -BeGreaterThan 1
        $summaries = @($devices | Import-BmgDepDevice -Database $new -WarningAction SilentlyContinue)
        $summaries | Should -HaveCount 1
        $summaries[0].Source | Should -Be "piped objects 1–$($devices.Count)"
        $summaries[0].Added | Should -Be $devices.Count
        Get-DepFacts $new | Should -Be (Get-DepFacts $Old)

        $other = New-TestStore
        $mixed = $devices + @(Get-BmgDepDevice -Released -Database $Old)
        $result = Invoke-Captured { $mixed | Import-BmgDepDevice -Database $other }
        Get-ErrorId ($result.Errors + @($result.Terminating) | Where-Object { $_ } | Select-Object -First 1) | Should -Be 'DepDeviceFileInvalid'
        "$($result.Errors) $($result.Terminating)" | Should -Match "Piped object $($mixed.Count) can't be imported: the DEP device 'CCCDDDAAABBB' was released"
        @(Get-BmgDepDevice -Database $other) | Should -BeNullOrEmpty -Because 'a refused object leaves the store as it was, as a refused CSV row does'
    }

    It 'its ConvertTo-Json read back by ConvertFrom-Json imports the same' {
        $new = New-TestStore
        $json = Join-Path $TestDrive 'dep.json'
        Get-BmgDepDevice -Database $Old | ConvertTo-Json | Set-Content $json
        $null = Get-Content $json -Raw | ConvertFrom-Json | Import-BmgDepDevice -Database $new -WarningAction SilentlyContinue
        Get-DepFacts $new | Should -Be (Get-DepFacts $Old)
    }

    It 'an Export-Csv of its columns, dates as ISO-8601, imports the same (ProfileAssignTime and ProfilePushTime are columns)' {
        $new = New-TestStore
        $csv = Join-Path $TestDrive (New-CsvName 'dep')
        $iso = { param($name) @{ Name = $name; Expression = [scriptblock]::Create("if (`$_.$name) { `$_.$name.ToString('o') }") } }
        Get-BmgDepDevice -Database $Old |
            Select-Object SerialNumber, Model, Description, Color, AssetTag, OS, DeviceFamily, ProfileStatus, ProfileUuid, ProfileName,
                (& $iso DeviceAssignedDate), DeviceAssignedBy, (& $iso ProfileAssignTime), (& $iso ProfilePushTime) |
            Export-Csv $csv -NoTypeInformation
        $null = Import-BmgDepDevice $csv -Database $new -WarningAction SilentlyContinue
        Get-DepFacts $new | Should -Be (Get-DepFacts $Old)
    }

    It 'a released DEP device piped in is refused by name (DepDeviceFileInvalid), and nothing is written' {
        $new = New-TestStore
        $released = @(Get-BmgDepDevice -Released -Database $Old)
        $released | Should -HaveCount 1

        $result = Invoke-Captured { $released | Import-BmgDepDevice -Database $new }

        Get-ErrorId ($result.Errors + @($result.Terminating) | Where-Object { $_ } | Select-Object -First 1) | Should -Be 'DepDeviceFileInvalid'
        "$($result.Errors) $($result.Terminating)" | Should -Match "the DEP device 'CCCDDDAAABBB' was released \(ReleasedAt .*\).*Remove-BmgDepDevice"
        @(Get-BmgDepDevice -Database $new) | Should -BeNullOrEmpty
        @(Get-BmgDepDevice -Released -Database $new) | Should -BeNullOrEmpty
    }

    It 'an object with a property that is no DEP device field is refused naming it, nothing written' {
        $new = New-TestStore
        $result = Invoke-Captured { [pscustomobject]@{ SerialNumber = 'F9X1AAAA0001'; Model = 'iPad'; Colour = 'Blue' } | Import-BmgDepDevice -Database $new }
        "$($result.Errors) $($result.Terminating)" | Should -Match "'Colour' is not a property of a DEP device"
        @(Get-BmgDepDevice -Database $new) | Should -BeNullOrEmpty
    }

    It 'Get-BmgDepProfile -Database a | Set-BmgDepProfile -Database b names the profiles by their Name and Uuid' {
        $new = New-TestStore
        Import-BmgDepDevice "$Examples/dep-fetch-devices.json" -Database $new -WarningAction SilentlyContinue | Out-Null
        @(Get-BmgDepProfile -Database $new | Where-Object Name) | Should -BeNullOrEmpty -Because 'the fetch response names no profile'

        Get-BmgDepProfile -Database $Old | Set-BmgDepProfile -Database $new -Confirm:$false

        $named = @(Get-BmgDepProfile -Database $Old | Where-Object Name | ForEach-Object { "$($_.Uuid) $($_.Name)" })
        $named | Should -Not -BeNullOrEmpty
        @(Get-BmgDepProfile -Database $new | Where-Object Name | ForEach-Object { "$($_.Uuid) $($_.Name)" }) | Should -Be $named
    }

    It 'an unnamed profile piped to Set-BmgDepProfile is refused by the name rule, not asked for' {
        $new = New-TestStore
        $result = Invoke-Captured { [pscustomobject]@{ Uuid = '4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D'; Name = '' } | Set-BmgDepProfile -Database $new }
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -Match "^Name value '' is not valid"
    }
}
