# Issue 11: Apple's own DEP data — fetch, sync and profile responses in Apple's exact shapes, Apple
# Business Manager's CSV, released serials and the iOS-only DEP link, through the built module.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
    $script:SalesUuid = '4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D'
    $script:KioskUuid = '9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B'

    function Import-AppleExamples {
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
    }
}

Describe '11 Apple''s fetch response and profile responses' {
    BeforeEach { New-TestStore | Out-Null }

    It '11 the examples in Apple''s shape import with profile names, new fields, and unknown keys ignored' {
        $summaries = @(Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json'))
        $summaries | Should -HaveCount 3
        $summaries.Format | Should -Be @('Apple profile response', 'Apple profile response', 'Apple device response')
        $summaries[2].Added | Should -Be 4
        $summaries[2].Committed | Should -BeTrue
        $ipad = Get-BmgDepDevice BBBCCCDDDAAA
        $ipad.ProfileName | Should -Be 'Sales iPhones'
        $ipad.ProfileUuid | Should -Be $SalesUuid
        $ipad.ProfileStatus | Should -Be 'pushed'
        $ipad.Family | Should -Be 'iPad'
        $ipad.Color | Should -Be 'SPACE GRAY'
        $ipad.DeviceAssignedDate | Should -Be ([DateTimeOffset]'2026-10-28T06:03:11Z')
        # Shown in this computer's offset at that instant, as every time the module hands out (ShownTime).
        $ipad.ProfilePushTime.Offset | Should -Be ([TimeZoneInfo]::Local.GetUtcOffset($ipad.ProfilePushTime))
        (Get-BmgDepDevice C02XK1ABJG5H).Family | Should -Be 'Mac'
        (Get-BmgDepProfile).Name | Should -Be @('Kiosk', 'Sales iPhones')
        (Get-BmgDepProfile 'Sales iPhones').Uuid | Should -Be $SalesUuid
    }

    It '11 a profile file imported after the devices names them; until then a warning names the uuid' {
        $result = Invoke-Captured { Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 2
        "$($result.Warnings[0])" | Should -Match "profile $SalesUuid, whose name is not known.*Set-BmgDepProfile -Uuid $SalesUuid"
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileName | Should -BeNullOrEmpty
        $unnamed = @(Get-BmgDepProfile | Where-Object Uuid -EQ $SalesUuid)
        $unnamed[0].Name | Should -BeNullOrEmpty
        $unnamed[0].DeviceCount | Should -Be 2
        # left26: Format-Wide showed such a profile blank (DefaultDisplayProperty Name); it shows the uuid, and a name once known.
        ($unnamed | Format-Wide | Out-String).Trim() | Should -BeExactly $SalesUuid

        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-sales.json') | Out-Null
        (Get-BmgDepProfile | Where-Object Uuid -EQ $SalesUuid | Format-Wide | Out-String).Trim() | Should -BeExactly 'Sales iPhones'

        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-sales.json') | Out-Null
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileName | Should -Be 'Sales iPhones'
    }

    It '11 several pages as several files apply in the order given, also piped from Get-ChildItem by PSPath' {
        $page1 = Write-TestJson 'dep[1].json' '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPad","profile_uuid":"4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D"}],"cursor":"MTox","fetched_until":"2026-11-20T09:30:00Z","more_to_follow":true}'
        $page2 = Write-TestJson 'dep[2].json' '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPad Air"},{"serial_number":"BBBCCCDDDAAA","model":"iPad mini"}],"cursor":"MTOy","fetched_until":"2026-11-20T09:30:00Z","more_to_follow":false}'
        $summaries = @(Get-ChildItem -LiteralPath $page1, $page2 | Import-BmgDepDevice)
        $summaries.Added | Should -Be @(1, 1)
        $summaries[1].Updated | Should -Be 1
        (Get-BmgDepDevice AAABBBCCCDDD).Model | Should -Be 'iPad Air'
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be $SalesUuid
        (Import-BmgDepDevice -LiteralPath $page1).Updated | Should -Be 1
    }

    It '11 Set-BmgDepProfile -Uuid -Name names a profile whose JSON you don''t have; -WhatIf names nothing' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        Set-BmgDepProfile -Uuid $KioskUuid -Name 'Store kiosks' -WhatIf
        (Get-BmgDepDevice CCCDDDAAABBB).ProfileName | Should -BeNullOrEmpty
        $profile = Set-BmgDepProfile -Uuid $KioskUuid.ToLowerInvariant() -Name 'Store kiosks' -PassThru
        $profile.Name | Should -Be 'Store kiosks'
        $profile.DeviceCount | Should -Be 1
        Get-BmgDepDevice AAABBBCCCDDD | Set-BmgDepProfile -Name 'Sales'
        (Get-BmgDepDevice BBBCCCDDDAAA).ProfileName | Should -Be 'Sales'
        (Get-BmgDepDevice CCCDDDAAABBB).ProfileName | Should -Be 'Store kiosks'
    }

    It 'P3 Set-BmgDepProfile refuses a known uuid written with dashes and lower case, naming it; nothing is named' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        $before = @(Get-BmgDepProfile)
        $result = Invoke-Captured { Set-BmgDepProfile -Uuid 4f2a9d3c-1b6e-4a8f-9c2d-7e1f0a3b5c6d -Name X }
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -Match "Uuid value '4f2a9d3c-1b6e-4a8f-9c2d-7e1f0a3b5c6d' is not valid: .*did you mean $SalesUuid\?"
        $after = @(Get-BmgDepProfile)
        $after.Uuid | Should -Be $before.Uuid
        $after.Name | Should -Be $before.Name
    }

    It 'P3 Set-BmgDepProfile names a uuid no DEP device or profile has yet with a warning, also under -WhatIf; a known uuid gets none' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        $unknown = '0123456789ABCDEF0123456789ABCDEF'
        $whatIf = Invoke-Captured { Set-BmgDepProfile -Uuid $unknown -Name X -WhatIf }
        @($whatIf.Warnings) | Should -HaveCount 1
        "$($whatIf.Warnings[0])" | Should -Match "No DEP device or profile has the uuid '$unknown' yet: check it for a typo"
        @(Get-BmgDepProfile | Where-Object Uuid -EQ $unknown) | Should -HaveCount 0
        $named = Invoke-Captured { Set-BmgDepProfile -Uuid $unknown -Name X -PassThru }
        @($named.Warnings) | Should -HaveCount 1
        $named.Output[0].Name | Should -Be 'X'
        $known = Invoke-Captured { Set-BmgDepProfile -Uuid $SalesUuid -Name 'Sales' -Verbose 4>&1 }
        $known.Warnings | Should -BeNullOrEmpty
        # No device is known only by the name 'Sales': the action leaves out "giving its uuid to 0 DEP devices".
        @($known.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Done: Name DEP profile $SalesUuid 'Sales'."
    }

    It 'P3 Set-BmgDepProfile refuses a uuid nobody has that is not 32 hex digits (<Uuid>) as InvalidFieldValue, under -WhatIf too; nothing is named' -TestCases @(
        @{ Uuid = 'nonsense' }
        @{ Uuid = '4F2A9D3C' }
        @{ Uuid = '0123456789ABCDEF0123456789ABCDEG' }
        @{ Uuid = '01234567-89AB-CDEF-0123-456789ABCDEF' }
    ) {
        param($Uuid)
        Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        $before = @(Get-BmgDepProfile)
        foreach ($whatIf in $true, $false) {
            $result = Invoke-Captured { Set-BmgDepProfile -Uuid $Uuid -Name X -WhatIf:$whatIf }
            Assert-ErrorId $result.Errors 'InvalidFieldValue'
            "$($result.Errors[0])" | Should -Match "Uuid value '$Uuid' is not valid: no DEP device or profile has it, and .*32 hex digits without dashes"
            $result.Errors[0].TargetObject | Should -Be $Uuid
            $result.Warnings | Should -BeNullOrEmpty
        }
        @(Get-BmgDepProfile).Uuid | Should -Be $before.Uuid
    }

    It 'P3 Set-BmgDepProfile names a uuid the DEP import took as Apple gave it, whatever its form' {
        $file = Write-TestJson 'short-uuid.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPad Air","profile_uuid":"P-OLD-1"}],"cursor":"x","more_to_follow":false}'
        Import-BmgDepDevice -LiteralPath $file -WarningAction SilentlyContinue | Out-Null
        $result = Invoke-Captured { Set-BmgDepProfile -Uuid 'P-OLD-1' -Name 'Old' -PassThru }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileName | Should -Be 'Old'
    }

    It '11 Set-BmgDepProfile refuses a blank name as InvalidFieldValue' {
        Set-BmgDepProfile -Uuid $KioskUuid -Name ' ' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'InvalidFieldValue'
        "$($err[0])" | Should -Match "Name value ' ' is not valid"
    }
}

Describe 'A profile response without a uuid or a name says which it lacks (walkthrough 11, 9)' {
    BeforeEach { New-TestStore -Created | Out-Null }

    It '<Case>: DepDeviceFileInvalid says "<Says>", and nothing is imported' -TestCases @(
        @{ Case = 'no profile_uuid'; Json = '{"profile_name": "Sales iPhones", "allow_pairing": true}'; Says = 'the profile response has no profile_uuid;' }
        @{ Case = 'an empty profile_uuid'; Json = '{"profile_uuid": "", "profile_name": "Sales iPhones"}'; Says = 'the profile response has a blank profile_uuid;' }
        @{ Case = 'an empty profile_name'; Json = '{"profile_uuid": "4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D", "profile_name": ""}'; Says = 'the profile response has a blank profile_name;' }
        @{ Case = 'a null profile_name and no uuid'; Json = '{"profile_name": null}'; Says = 'the profile response has no profile_uuid and a blank profile_name;' }
    ) {
        $before = Get-StoreSnapshot
        $file = Write-TestJson 'profile-bad.json' $Json
        $result = Invoke-Captured { Import-BmgDepDevice -LiteralPath $file }
        $record = @($result.Errors)
        $record | Should -HaveCount 1
        Get-ErrorId $record[0] | Should -Be 'DepDeviceFileInvalid'
        # The refused file then ends the command (round 14), as Import-BmgDeviceCsv's does.
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $record[0].Exception.Message | Should -BeLike "*$Says name a profile by hand with Set-BmgDepProfile -Uuid <uuid> -Name <name>*"
        $record[0].Exception.Message | Should -Not -BeLike '*, or its*'
        Get-StoreSnapshot | Should -Be $before
        @(Get-BmgDepProfile) | Should -HaveCount 0
    }
}

Describe '11 sync responses' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-AppleExamples
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'Identifier,OS,Serial,DEPMethod'
            'phone1,ios,AAABBBCCCDDD,Serial'
            'kiosk1,ios,CCCDDDAAABBB,Serial'
        )
        Import-BmgDeviceCsv $seed | Out-Null
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
    }

    It '11 op_type deleted releases the serial: gone from Get-BmgDepDevice, counted Released' {
        $summary = Import-BmgDepDevice (Join-Path $Examples 'dep-sync-devices.json')
        $summary.Added | Should -Be 1
        $summary.Released | Should -Be 1
        $summary.Updated + $summary.Unchanged + $summary.Failed | Should -Be 0
        (Get-BmgDepDevice).SerialNumber | Should -Not -Contain 'CCCDDDAAABBB'
        (Get-BmgDepDevice).SerialNumber | Should -Contain 'DDDAAABBBCCC'
        Get-BmgDepDevice CCCDDDAAABBB -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It '11 Get-BmgDeviceDepLink shows the release (Warning, DepReleasedAt and a warning) of a device that would check in with it' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-sync-devices.json') | Out-Null
        $result = Invoke-Captured { Get-BmgDeviceDepLink kiosk1 }
        $result.Output[0].DepReleasedAt | Should -Be ([DateTimeOffset]'2026-11-22T03:10:00Z')
        $result.Output[0].Warning | Should -Be "On $($result.Output[0].DepReleasedAt.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)), Apple released DEP device 'CCCDDDAAABBB'"
        "$($result.Warnings)" | Should -Be "$($result.Output[0].Warning), which device 'kiosk1' $(Get-InStore) uses."
        (Get-BmgDeviceDepLink phone1 -WarningAction SilentlyContinue).Warning | Should -BeNullOrEmpty
    }

    It '11 a check-in with a released serial is CheckInRejected naming the release, and changes nothing' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-sync-devices.json') | Out-Null
        $before = Get-StoreSnapshot
        Register-BmgDeviceCheckIn -Serial CCCDDDAAABBB -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        Assert-ErrorId $err 'CheckInRejected'
        "$($err[0])" | Should -Match ([regex]::Escape("serial 'CCCDDDAAABBB' was released by Apple on $(Get-ShownTime '2026-11-22T03:10:00Z') "))
        Get-StoreSnapshot | Should -Be $before
    }

    It '11 a device already CheckedIn keeps its recorded DepDevice and DepProfile when Apple releases the serial' {
        $sync = Write-TestJson 'release-phone.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPhone 15","os":"iOS","device_family":"iPhone","profile_status":"removed","op_type":"deleted","op_date":"2026-11-25T00:00:00Z"}],"cursor":"MToz","more_to_follow":false}'
        (Import-BmgDepDevice $sync).Released | Should -Be 1
        $link = Get-BmgDeviceDepLink phone1 -WarningAction SilentlyContinue
        "$($link.State)" | Should -Be 'CheckedIn'
        $link.DepDevice | Should -Be 'AAABBBCCCDDD'
        $link.DepProfile | Should -Be 'Sales iPhones'
        $link.DepReleasedAt | Should -Be ([DateTimeOffset]'2026-11-25T00:00:00Z')
    }

    It '11 entries apply in op_date order: added then deleted in one response ends released; a serial may repeat' {
        $sync = Write-TestJson 'sync-order.json' (@'
{"devices":[
 {"serial_number":"EEEFFFGGGHHH","model":"iPad","op_type":"deleted","op_date":"2026-11-23T10:00:00Z"},
 {"serial_number":"eeefffggghhh","model":"iPad","op_type":"added","op_date":"2026-11-23T09:00:00Z"},
 {"serial_number":"FFFGGGHHHEEE","model":"iPad","op_type":"deleted","op_date":"2026-11-23T09:00:00Z"},
 {"serial_number":"FFFGGGHHHEEE","model":"iPad mini","op_type":"added","op_date":"2026-11-23T11:00:00Z"}
],"cursor":"MTo0","more_to_follow":false}
'@)
        $summary = Import-BmgDepDevice $sync -WarningVariable syncWarnings
        $summary.Devices | Should -Be 4
        $summary.Added | Should -Be 1
        # EEEFFFGGGHHH was never a DEP device the store held: counted apart from Released (walkthrough 31b, 8).
        ($summary.Released, $summary.ReleasedNotHeld) | Should -Be @(0, 1)
        # The file added it itself before it released it: no page was missed, so no never-held warning (round 32).
        "$syncWarnings" | Should -Not -BeLike '*never held*'
        (Get-BmgDepDevice).SerialNumber | Should -Not -Contain 'EEEFFFGGGHHH'
        (Get-BmgDepDevice FFFGGGHHHEEE).Model | Should -Be 'iPad mini'
    }

    It '11 -WhatIf says what would be added and released, and writes nothing' {
        $before = (Get-BmgDepDevice | ConvertTo-Json) + (Get-StoreSnapshot)
        $summary = Import-BmgDepDevice (Join-Path $Examples 'dep-sync-devices.json') -WhatIf
        $summary.WhatIf | Should -BeTrue
        $summary.Committed | Should -BeFalse
        $summary.Released | Should -Be 1
        (Get-BmgDepDevice | ConvertTo-Json) + (Get-StoreSnapshot) | Should -Be $before

        $store = $PSDefaultParameterValues['*-Bmg*:Database']
        $child = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
Import-BmgDepDevice '$(Join-Path $Examples 'dep-sync-devices.json')' -Database '$store' -WhatIf | Out-Null
"@
        $child.Text | Should -Match 'What if: .*Import DEP devices: add 1 \(DDDAAABBBCCC\); release 1 \(CCCDDDAAABBB\)'
    }
}

Describe '11 files Apple''s way and the rules around them' {
    BeforeEach { New-TestStore | Out-Null }

    It '11 absent is untouched, empty clears: a CSV with only SerialNumber keeps Model and Description' {
        Import-AppleExamples
        $serials = Write-TestCsv (New-CsvName 'serials') @('SerialNumber', 'aaabbbcccddd')
        (Import-BmgDepDevice $serials).Unchanged | Should -Be 1
        (Get-BmgDepDevice AAABBBCCCDDD).Model | Should -Be 'iPhone 15'
        (Get-BmgDepDevice AAABBBCCCDDD).Description | Should -Be 'IPHONE 15 BLACK 128GB'
        $noProfile = Write-TestJson 'no-profile.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","color":""}],"cursor":"x","more_to_follow":false}'
        (Import-BmgDepDevice $noProfile).Updated | Should -Be 1
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileName | Should -Be 'Sales iPhones'
        (Get-BmgDepDevice AAABBBCCCDDD).Color | Should -BeNullOrEmpty
    }

    It '11 a serial twice in one file (any case) is DuplicateKeyInFile naming both places; nothing is imported' {
        $dup = Write-TestJson 'dup.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPad"},{"serial_number":"aaabbbcccddd","model":"iPhone"}],"cursor":"x","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice $dup }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('DuplicateKeyInFile')
        "$($result.Errors[0])" | Should -Match 'devices\[0\] and at devices\[1\]'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $result.Output[0].Failed | Should -Be 1
        $result.Output[0].Committed | Should -BeFalse
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It '11 a CSV or an HTML error page saved as .json is DepDeviceFileInvalid naming the file, line and character and what a .json file must hold; nothing imported, the next file is' {
        $csvAsJson = Write-TestJson 'dep-devices.json' "SerialNumber,Model`r`nAAABBBCCCDDD,iPad`r`n"
        $page = Write-TestJson 'fetch.json' "<!DOCTYPE html>`n<html><body>Service Unavailable</body></html>`n"
        $good = Write-TestCsv (New-CsvName 'dep-good') @('SerialNumber,Model', 'BBBCCCDDDAAA,iPhone')
        $result = Invoke-Captured { Import-BmgDepDevice -LiteralPath $csvAsJson, $page, $good }

        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('DepDeviceFileInvalid', 'DepDeviceFileInvalid')
        $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$csvAsJson' can't be imported: it is named .json but is not valid JSON: line 1, character 1: 'S' is an invalid start of a value; a file named .json must hold Apple's device response*, and a CSV file must be named otherwise. Nothing was imported."
        "$($result.Errors[1])" | Should -BeLike "The DEP device file '$page' can't be imported: it is named .json but is not valid JSON: line 1, character 1: '<' is an invalid start of a value;*"
        $result.Output.Source | Should -Be @($good) -Because 'a refused file writes no summary; the next file is imported'
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('BBBCCCDDDAAA')
    }

    It '11 Apple Business Manager''s device CSV imports: known columns mapped, the rest ignored' {
        $summary = Import-BmgDepDevice (Join-Path $Examples 'abm-devices.csv')
        $summary.Format | Should -Be 'Apple Business Manager CSV'
        $summary.Added | Should -Be 2
        $ipad = Get-BmgDepDevice EEEFFFGGGHHH
        $ipad.Model | Should -Be 'iPad (10th generation)'
        $ipad.Color | Should -Be 'Blue'
        $ipad.Family | Should -Be 'iPad'
    }

    It '11 a Mac is kept in the inventory but Set-BmgDeviceDepEnrollment, an import row and a check-in can''t link it' {
        Import-AppleExamples
        (Get-BmgDepDevice C02XK1ABJG5H).IsIos | Should -BeFalse
        New-BmgDevice -Identifier mac1 -OS ios -Serial C02XK1ABJG5H | Out-Null
        Set-BmgDeviceDepEnrollment -Identifier mac1 -Method Serial -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'InvalidFieldValue'
        "$($err[0])" | Should -Match "Serial value 'C02XK1ABJG5H' is not valid for DEP enrollment: .* is a Mac"
        (Get-BmgDevice mac1).DEPMethod | Should -BeNullOrEmpty

        $rows = Write-TestCsv (New-CsvName 'mac') @('Identifier,OS,Serial,DEPMethod', 'mac2,ios,C02XK1ABJG5H,Keycode')
        $result = Invoke-Captured { Import-BmgDeviceCsv $rows -SkipInvalidRows -PassThru }
        ($result.Output | Where-Object Line -EQ 2).Error | Should -Match 'is a Mac'
        Get-BmgDevice mac2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It '11 a check-in with a Mac serial is CheckInRejected naming the family' {
        $rows = Write-TestCsv (New-CsvName 'mac') @('Identifier,OS,Serial,DEPMethod', 'mac3,ios,C02XK1ABJG5H,Serial')
        Import-BmgDeviceCsv $rows | Out-Null
        Import-AppleExamples
        Register-BmgDeviceCheckIn -Serial C02XK1ABJG5H -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        Assert-ErrorId $err 'CheckInRejected'
        "$($err[0])" | Should -Match "is a Mac DEP device; DEP enrollment here is for iOS"
        "$((Get-BmgDevice mac3).State)" | Should -Be 'Registered'
    }

    It '11 Remove-BmgDepDevice deletes DEP devices by serial (wildcards, pipeline) and keeps device records' {
        Import-AppleExamples
        New-BmgDevice -Identifier phone1 -OS ios -Serial AAABBBCCCDDD | Out-Null
        Remove-BmgDepDevice C02XK1ABJG5H -Confirm:$false
        Get-BmgDepDevice | Where-Object Family -EQ 'iPad' | Remove-BmgDepDevice -Confirm:$false -WhatIf
        (Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA', 'CCCDDDAAABBB')
        $removed = Remove-BmgDepDevice 'aaa*' -Confirm:$false -PassThru
        $removed.SerialNumber | Should -Be 'AAABBBCCCDDD'
        (Get-BmgDevice phone1).Serial | Should -Be 'AAABBBCCCDDD'
        Remove-BmgDepDevice ZZZZZZZZZZZZ -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DepDeviceNotFound'
    }

    It '11 Get-BmgDepDevice: Format-List shows the new fields; the table fits 80 columns' {
        Import-AppleExamples
        New-BmgDevice -Identifier 'ipad-front-desk-01' -OS ios -Serial BBBCCCDDDAAA | Out-Null
        $list = Get-BmgDepDevice BBBCCCDDDAAA | Format-List | Out-String -Width 80
        foreach ($field in 'Family', 'ProfileStatus', 'DeviceAssignedDate', 'ProfileUuid', 'OS', 'Color') {
            $list | Should -Match "(?m)^$field\s+:"
        }
        $table = Get-BmgDepDevice | Out-String -Width 80
        $lines = @($table -split "`r?`n" | Where-Object { $_.Trim() })
        # ProfileStatus in the place of Family (walkthrough 31b, 9): the kitting lead's "pushed yet?"; Model names the family.
        $lines[0] | Should -Match '^SerialNumber\s+Model\s+Identifier\s+ProfileStatus\s+Profile\s*$'
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $table | Should -Match 'BBBCCCDDDAAA\s+iPad Air\s+ipad-front-desk-01\s+pushed\s+Sales iPhones'
        $summary = Import-BmgDepDevice (Join-Path $Examples 'abm-devices.csv') | Out-String -Width 80
        $summary | Should -Match '(?m)^\s*Source: abm-devices.csv\s*$'
        $summary | Should -Match 'Added\s+Updated\s+Same\s+Released\s+Failed\s+Profiles\s+Committed'
    }
}

Describe 'B1 the module''s own DEP CSV beside Apple''s data' {
    BeforeEach { New-TestStore | Out-Null }

    It 'B1 examples/dep-devices.csv after Apple''s responses keeps each device''s uuid; Get-BmgDepProfile lists each profile once' {
        Import-AppleExamples
        $result = Invoke-Captured { Import-BmgDepDevice (Join-Path $Examples 'dep-devices.csv') }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        $result.Output.Unchanged | Should -Be 2
        $result.Output.Updated | Should -Be 1
        (Get-BmgDepDevice CCCDDDAAABBB).ProfileUuid | Should -Be $KioskUuid
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be $SalesUuid
        $profiles = @(Get-BmgDepProfile)
        $profiles.Name | Should -Be @('Kiosk', 'Sales iPhones')
        $profiles.Uuid | Should -Be @($KioskUuid, $SalesUuid)
        $profiles.DeviceCount | Should -Be @(1, 2)
    }

    It 'B1 all the DEP examples at once (dep-*, in name order) end with Apple''s uuids, named, and no warning' {
        $result = Invoke-Captured { Import-BmgDepDevice (Join-Path $Examples 'dep-*') }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        (Split-Path -Leaf $result.Output.Source) | Should -Be @('dep-devices.csv', 'dep-fetch-devices.json', 'dep-profile-kiosk.json', 'dep-profile-sales.json', 'dep-sync-devices.json')
        $result.Output.Committed | Should -Be @($true, $true, $true, $true, $true)
        (Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA', 'C02XK1ABJG5H', 'DDDAAABBBCCC')
        (Get-BmgDepDevice BBBCCCDDDAAA).ProfileUuid | Should -Be $SalesUuid
        $profiles = @(Get-BmgDepProfile)
        $profiles.Name | Should -Be @('Kiosk', 'Sales iPhones')
        $profiles.Uuid | Should -Be @($KioskUuid, $SalesUuid)
        $profiles.DeviceCount | Should -Be @(0, 2)
    }

    It 'B1 Set-BmgDepProfile naming a profile after dep-devices.csv gave its name assigns its uuid to those devices; -WhatIf assigns nothing' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-devices.csv') | Out-Null
        Set-BmgDepProfile -Uuid $KioskUuid -Name 'Kiosk' -WhatIf
        (Get-BmgDepDevice CCCDDDAAABBB).ProfileUuid | Should -BeNullOrEmpty
        $profile = Set-BmgDepProfile -Uuid $KioskUuid -Name 'Kiosk' -PassThru
        $profile.DeviceCount | Should -Be 1
        (Get-BmgDepDevice CCCDDDAAABBB).ProfileUuid | Should -Be $KioskUuid
        $profiles = @(Get-BmgDepProfile)
        $profiles.Name | Should -Be @('Kiosk', 'Sales iPhones')
        $profiles.Uuid | Should -Be @($KioskUuid, $null)
    }

    It 'B1 a ProfileName two profiles share is InvalidFieldValue naming the line and both uuids, then ImportFailed; nothing changes' {
        Import-AppleExamples
        Set-BmgDepProfile -Uuid 11112222333344445555666677778888 -Name 'Kiosk'
        $csv = Write-TestCsv (New-CsvName 'dep-move') @('SerialNumber,ProfileName', 'AAABBBCCCDDD,Kiosk')
        $result = Invoke-Captured { Import-BmgDepDevice $csv }
        $result.Errors | Should -HaveCount 1
        (Get-ErrorId $result.Errors[0]) | Should -Be 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -Match "Line 2 \(serial 'AAABBBCCCDDD'\) of '.*': ProfileName 'Kiosk' is not valid: 2 DEP profiles have this name \(11112222333344445555666677778888, $KioskUuid\); add a ProfileUuid column"
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Output.Failed | Should -Be 1
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be $SalesUuid
    }

    It 'B1 a ProfileName differing only in case from a known profile''s is InvalidFieldValue naming the line and the spelling; the uuid stays' {
        Import-AppleExamples
        $csv = Write-TestCsv (New-CsvName 'dep-case') @('SerialNumber,ProfileName', 'AAABBBCCCDDD,sales iphones')
        $result = Invoke-Captured { Import-BmgDepDevice $csv }
        $result.Errors | Should -HaveCount 1
        (Get-ErrorId $result.Errors[0]) | Should -Be 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -Match "Line 2 \(serial 'AAABBBCCCDDD'\) of '.*': ProfileName 'sales iphones' is not valid: no DEP profile has this name, and names are compared exactly \(case-sensitive\); the profile 'Sales iPhones' \($SalesUuid\) differs only in case"
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Output.Updated | Should -Be 0
        $result.Output.Committed | Should -BeFalse
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be $SalesUuid
        (Get-BmgDepProfile).Name | Should -Be @('Kiosk', 'Sales iPhones')
    }

    It 'B1 two new spellings of one profile name in one CSV: the later row is InvalidFieldValue naming the first spelling and its line; nothing imported' {
        Import-AppleExamples
        $csv = Write-TestCsv (New-CsvName 'dep-new-case') @('SerialNumber,ProfileName', 'AAABBBCCCDDD,Field iPhones', 'BBBCCCDDDAAA,FIELD IPHONES')
        $result = Invoke-Captured { Import-BmgDepDevice $csv }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue')
        "$($result.Errors[0])" | Should -Match "Line 3 \(serial 'BBBCCCDDDAAA'\) of '.*': ProfileName 'FIELD IPHONES' is not valid: no DEP profile has this name, and names are compared exactly \(case-sensitive\); the profile 'Field iPhones' \(new, at line 2\) differs only in case"
        $result.Output.Committed | Should -BeFalse
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be $SalesUuid
        (Get-BmgDepProfile).Name | Should -Be @('Kiosk', 'Sales iPhones')
    }

    It 'B1 Set-BmgDepProfile says how many devices known only by the name it gives the uuid, in -WhatIf and -Verbose' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-devices.csv') | Out-Null
        $transcript = Join-Path $TestDrive 'whatif-transcript.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            Set-BmgDepProfile -Uuid 1111AAAA2222BBBB3333CCCC4444DDDD -Name 'Sales iPhones' -WhatIf
        } finally {
            $null = Stop-Transcript
        }
        $output = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', ''
        $output | Should -Match "What if: .*Name DEP profile 1111AAAA2222BBBB3333CCCC4444DDDD 'Sales iPhones', giving its uuid to 2 DEP devices known only by the name 'Sales iPhones'"
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -BeNullOrEmpty
        $verbose = @(Set-BmgDepProfile -Uuid 1111AAAA2222BBBB3333CCCC4444DDDD -Name 'Sales iPhones' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Contain "Done: Name DEP profile 1111AAAA2222BBBB3333CCCC4444DDDD 'Sales iPhones', giving its uuid to 2 DEP devices known only by the name 'Sales iPhones'."
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be '1111AAAA2222BBBB3333CCCC4444DDDD'
    }

    It 'B1 a profile renamed away from a name another profile shares leaves that one the devices'' profile' {
        $csv = Write-TestCsv (New-CsvName 'dep-sales') @('SerialNumber,ProfileName', 'AAABBBCCCDDD,Sales')
        Import-BmgDepDevice $csv | Out-Null
        $two = Write-TestJson 'two-sales.json' ('{"devices":[],"profiles":[{"profile_uuid":"' + $SalesUuid + '","profile_name":"Sales"},{"profile_uuid":"' + $KioskUuid + '","profile_name":"Sales"}]}')
        Import-BmgDepDevice $two | Out-Null
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -BeNullOrEmpty
        Set-BmgDepProfile -Uuid $KioskUuid -Name 'Kiosk'
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be $SalesUuid
    }

    It 'B1 -ErrorAction Stop on a refused file still warns about the unnamed profiles of the files committed before it' {
        $bad = Write-TestJson 'bad.json' '{"devices":[{"serial_number":"not a serial!"}]}'
        $terminating = $null
        try {
            Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json'), $bad -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        } catch {
            $terminating = $_
        }
        "$terminating" | Should -Match "bad\.json', devices\[0\]: serial_number"
        @($warnings).Count | Should -Be 2
        "$($warnings[0])" | Should -Match "DEP devices of '.*dep-fetch-devices\.json' are assigned the profile $SalesUuid, whose name is not known"
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileUuid | Should -Be $SalesUuid
    }

    It 'B1 no warning for an unnamed profile whose devices a later file of the same call released' {
        $fetch = Write-TestJson 'fetch.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","profile_uuid":"1111AAAA"},{"serial_number":"BBBCCCDDDAAA","profile_uuid":"2222BBBB"}]}'
        $sync = Write-TestJson 'sync.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","op_type":"deleted","op_date":"2026-11-22T03:10:00Z"}],"cursor":"x","more_to_follow":false}'
        # -WhatIf writes nothing, so its warnings come from the file's plan.
        $whatIf = Invoke-Captured { Import-BmgDepDevice $fetch -WhatIf }
        @($whatIf.Warnings).Count | Should -Be 2
        $result = Invoke-Captured { Import-BmgDepDevice $fetch, $sync }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings).Count | Should -Be 1
        "$($result.Warnings[0])" | Should -Match 'profile 2222BBBB, whose name is not known'
    }
}

# Walkthrough 31b, finding 12: a kitting lead pulls Apple's DEP data with Invoke-RestMethod, whose answer (PSCustomObjects,
# ISO dates made DateTimes) could not be given to Import-BmgDepDevice: "not a name for -Path … rename another column", and
# the JSON text was a raw DriveNotFound. ConvertFrom-Json makes the same objects Invoke-RestMethod does.
Describe 'Import-BmgDepDevice takes Apple''s reply as objects, and tells JSON text given as a path for what it is' {
    BeforeEach { New-TestStore | Out-Null }

    It 'a piped response is imported as its saved file is: the same DEP devices, dates and profiles, named piped object N' {
        $fromFile = @(Import-BmgDepDevice (Join-Path $Examples 'dep-profile-sales.json'), (Join-Path $Examples 'dep-fetch-devices.json'))
        $expected = Get-BmgDepDevice | Select-Object * -ExcludeProperty ImportedAt, Database | ConvertTo-Json -Depth 4

        New-TestStore | Out-Null
        $summaries = @(
            (Get-Content (Join-Path $Examples 'dep-profile-sales.json') -Raw | ConvertFrom-Json),
            (Get-Content (Join-Path $Examples 'dep-fetch-devices.json') -Raw | ConvertFrom-Json) | Import-BmgDepDevice)

        $summaries.Source | Should -Be @('piped object 1', 'piped object 2')
        $summaries.Format | Should -Be $fromFile.Format
        $summaries[1].Added | Should -Be $fromFile[1].Added
        $summaries[0].Profiles | Should -Be 1
        $summaries.Committed | Should -Be @($true, $true)
        (Get-BmgDepDevice | Select-Object * -ExcludeProperty ImportedAt, Database | ConvertTo-Json -Depth 4) | Should -BeExactly $expected
        (Get-BmgDepDevice BBBCCCDDDAAA).ProfilePushTime | Should -Be ([DateTimeOffset]'2026-11-03T08:40:05Z')
        (Get-BmgDepDevice BBBCCCDDDAAA).ProfileName | Should -Be 'Sales iPhones'
    }

    It 'a piped response''s entry errors name piped object N and its entry; the reply is refused whole and the command fails' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        $before = Get-BmgDepDevice | ConvertTo-Json -Depth 4
        $reply = '{"devices":[{"serial_number":"GOODSERIAL01","model":"iPad"},{"serial_number":"bad!","model":"iPad"}],"cursor":"x","more_to_follow":false}' | ConvertFrom-Json

        $result = Invoke-Captured { $reply | Import-BmgDepDevice }

        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue')
        "$($result.Errors[0])" | Should -BeExactly "Piped object 1, devices[1]: serial_number 'bad!' is not valid: must be 8 to 14 characters of A-Z or 0-9."
        # One error an entry, then ImportFailed: no record between them saying the same (walkthrough 37, finding 11).
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        "$($result.Terminating)" | Should -BeExactly ('1 entry of piped object 1 failed, so nothing was imported from it. Fix the failed entries (each has its own error, written before this one), ' +
            'or use -SkipInvalidRows to import the valid entries.')
        Get-BmgDepDevice | ConvertTo-Json -Depth 4 | Should -BeExactly $before
    }

    It 'a date ConvertFrom-Json read without a zone is refused as in a file (which time zone''s?), one with Z is kept UTC' {
        $reply = '{"devices":[{"serial_number":"ZONELESS0001","device_assigned_date":"2026-11-20T09:30:00"}],"cursor":"x"}' | ConvertFrom-Json
        $result = Invoke-Captured { $reply | Import-BmgDepDevice }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue')
        "$($result.Errors[0])" | Should -BeLike 'Piped object 1, devices`[0`]: device_assigned_date ''2026-11-20T09:30:00'' is not valid*'
        Get-BmgDepDevice | Should -BeNullOrEmpty

        $zoned = '{"devices":[{"serial_number":"ZONED0000001","device_assigned_date":"2026-11-20T18:30:00+09:00"}],"cursor":"x"}' | ConvertFrom-Json
        ($zoned | Import-BmgDepDevice).Added | Should -Be 1
        (Get-BmgDepDevice ZONED0000001).DeviceAssignedDate | Should -Be ([DateTimeOffset]'2026-11-20T09:30:00Z')
    }

    It 'Apple''s error reply piped is refused saying what it is, as its saved file is' {
        $result = Invoke-Captured { '{"error":"EXPIRED_CURSOR"}' | ConvertFrom-Json | Import-BmgDepDevice }
        Assert-ErrorId $result.Errors 'DepDeviceFileInvalid'
        "$($result.Errors[0])" | Should -BeLike "Piped object 1 can't be imported: it is Apple's error reply ('EXPIRED_CURSOR')*"
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'

        # Its other spelling alone (left32c): read as a saved file with it is, not refused as "not a path for -Path".
        $result = Invoke-Captured { '{"error_code":"EXPIRED_CURSOR"}' | ConvertFrom-Json | Import-BmgDepDevice }
        Assert-ErrorId $result.Errors 'DepDeviceFileInvalid'
        "$($result.Errors[0])" | Should -BeLike "Piped object 1 can't be imported: it is Apple's error reply ('EXPIRED_CURSOR')*"
        "$($result.Errors[0])" | Should -Not -BeLike '*not a path*'
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'files from Get-ChildItem and Apple''s reply objects piped together are imported in the order piped' {
        $page = Write-TestJson 'dep[page].json' '{"devices":[{"serial_number":"FILEPAGE0001","model":"iPad"}],"cursor":"x"}'
        $reply = '{"devices":[{"serial_number":"FILEPAGE0001","model":"iPad Air"}],"cursor":"y"}' | ConvertFrom-Json
        $summaries = @(& { Get-Item -LiteralPath $page; $reply } | Import-BmgDepDevice)
        $summaries.Source | Should -Be @($page, 'piped object 1')
        $summaries.Added | Should -Be @(1, 0)
        $summaries[1].Updated | Should -Be 1
        (Get-BmgDepDevice FILEPAGE0001).Model | Should -Be 'iPad Air'
    }

    It 'an object that is no reply of Apple''s is still refused as no path' {
        $result = Invoke-Captured { [pscustomobject]@{ Name = 'x' } | Import-BmgDepDevice }
        @($result.Errors) + @($result.Terminating) | Where-Object { $_ } | ForEach-Object { $_.FullyQualifiedErrorId } |
            Should -Contain 'ParameterArgumentTransformationError,BizMobileGo.PowerShell.ImportBmgDepDeviceCommand'
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    # Review32, 7: the object's Path property was taken as naming -Path, so the object fell through to -InputObject and
    # was read as one of Apple's replies ("neither Apple's device response … nor its profile response").
    It 'an object with a Path (an Import-Csv list of files) is refused as no path, told to pipe its Path; its Path imports' {
        $page = Write-TestJson 'dep-listed.json' '{"devices":[{"serial_number":"LISTEDFILE01","model":"iPad"}],"cursor":"x"}'
        $list = [pscustomobject]@{ Path = $page }

        $result = Invoke-Captured { $list | Import-BmgDepDevice }

        $refusal = @($result.Errors) + @($result.Terminating) | Where-Object { $_ } | Select-Object -First 1
        $refusal.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,BizMobileGo.PowerShell.ImportBmgDepDeviceCommand'
        "$refusal" | Should -BeLike "*PSCustomObject object is not a path for -Path: give the file's path as a string, or pipe the files*Its Path is taken as text: … | ForEach-Object Path | Import-BmgDepDevice.*"
        "$refusal" | Should -Not -Match 'profile response'
        Get-BmgDepDevice | Should -BeNullOrEmpty

        ($list | ForEach-Object Path | Import-BmgDepDevice).Added | Should -Be 1
        (Get-BmgDepDevice LISTEDFILE01).Model | Should -Be 'iPad'
    }

    # Review32, 8: a device Apple assigned a profile carries profile_uuid, as a profile response does; piped alone (a
    # reply's devices) it was read as a profile response. An object with serial_number is one device of the list.
    It 'one device of Apple''s device response piped alone<Why> is refused saying to pipe the reply; the reply imports it' -TestCases @(
        @{ Why = ' (with profile_uuid)'; Json = '{"serial_number":"ONEDEVICE001","model":"iPad","profile_uuid":"1111AAAA","profile_status":"assigned"}'; AsHashtable = $false }
        @{ Why = ' (without)'; Json = '{"serial_number":"ONEDEVICE001","model":"iPad"}'; AsHashtable = $false }
        @{ Why = ' (-AsHashtable, with profile_uuid)'; Json = '{"serial_number":"ONEDEVICE001","model":"iPad","profile_uuid":"1111AAAA"}'; AsHashtable = $true }
    ) {
        param($Why, $Json, $AsHashtable)
        $reply = "{""devices"":[$Json],""cursor"":""x"",""more_to_follow"":false}" | ConvertFrom-Json -AsHashtable:$AsHashtable

        $result = Invoke-Captured { $reply.devices | Import-BmgDepDevice }

        $refusal = @($result.Errors) + @($result.Terminating) | Where-Object { $_ } | Select-Object -First 1
        $refusal.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,BizMobileGo.PowerShell.ImportBmgDepDeviceCommand'
        "$refusal" | Should -BeLike "*is not a path for -Path*It is one device of Apple's device response (it has 'serial_number'): pipe the whole reply, not its devices (Invoke-RestMethod … | Import-BmgDepDevice).*"
        Get-BmgDepDevice | Should -BeNullOrEmpty
        Get-BmgDepProfile | Should -BeNullOrEmpty

        ($reply | Import-BmgDepDevice -WarningAction SilentlyContinue).Added | Should -Be 1
        (Get-BmgDepDevice ONEDEVICE001).Model | Should -Be 'iPad'
    }

    # Review31, 7: piped strings were told "given as -Path", and a -Path argument was recorded as 'pipeline'.
    It 'JSON text given as <Way> is one TextNotPath error counting its lines, ImportFailed ''<Source>'', nothing imported' -TestCases @(
        @{ Way = 'Get-Content -Raw piped'; Give = { Get-Content (Join-Path $Examples 'dep-fetch-devices.json') -Raw | Import-BmgDepDevice }; Said = 'A piped string'; Source = 'pipeline'; Further = 'It was the only piped line of text.' }
        @{ Way = 'Get-Content''s lines piped'; Give = { Get-Content (Join-Path $Examples 'dep-fetch-devices.json') | Import-BmgDepDevice }; Said = 'A piped string'; Source = 'pipeline'; Further = '* further piped lines of text were passed over without an error of their own.' }
        @{ Way = '-Path'; Give = { Import-BmgDepDevice -Path '{"devices":[]}' }; Said = 'A string given to -Path'; Source = '-Path'; Further = 'It was the only such string given to -Path.' }
    ) {
        param($Way, $Give, $Said, $Source, $Further)
        $result = Invoke-Captured $Give
        Assert-ErrorId $result.Errors 'TextNotPath'
        "$($result.Errors[0])" | Should -BeLike "$Said is text (Apple's JSON, or a line of it), not the path of a file:*ConvertFrom-Json | Import-BmgDepDevice*$Further"
        "$($result.Errors[0])" | Should -Not -Match 'AAABBBCCCDDD' -Because 'the text is data, never repeated'
        $result.Errors[0].TargetObject | Should -Be $Source
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        "$($result.Terminating)" | Should -BeLike "'$Source' could not be imported: *(TextNotPath)."
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    # Review31, 4: the device CSV's rule (path endings .csv/.txt/.tsv, a header of the device import's names is text) called
    # these TextNotPath 'pipeline', naming neither the file nor the cause.
    It 'a missing -Path <Path> is FileNotFound naming it, not text' -TestCases @(
        @{ Path = 'Tokyo, Osaka.json' }
        @{ Path = 'serial' }
    ) {
        param($Path)
        Push-Location $TestDrive
        try { $result = Invoke-Captured { Import-BmgDepDevice -Path $Path } } finally { Pop-Location }

        Assert-ErrorId $result.Errors 'FileNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $Path
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'a file whose name begins as JSON might is still a file: one that exists is imported' {
        $odd = Write-TestJson '{page1}.json' '{"devices":[{"serial_number":"BRACEFILE001"}],"cursor":"x"}'
        (Import-BmgDepDevice -LiteralPath $odd).Added | Should -Be 1
        Push-Location $TestDrive
        try { (Import-BmgDepDevice '{page1}.json').Unchanged | Should -Be 1 } finally { Pop-Location }
    }
}

Describe 'Walkthrough 39: an older Apple response changes nothing Apple changed since; Color is compared ignoring case' {
    BeforeAll {
        $script:ShopUuid = '0A1B2C3D4E5F60718293A4B5C6D7E8F9'
        $script:OfficeUuid = '1B2C3D4E5F60718293A4B5C6D7E8F90A'
    }

    BeforeEach {
        New-TestStore | Out-Null
        $shop = Write-TestJson 'profile-shop.json' "{`"profile_uuid`":`"$ShopUuid`",`"profile_name`":`"店舗 iPad (共有)`"}"
        $office = Write-TestJson 'profile-office.json' "{`"profile_uuid`":`"$OfficeUuid`",`"profile_name`":`"Office iPad - Supervised`"}"
        $script:FetchW2 = Write-TestJson 'fetch-w2.json' "{`"devices`":[{`"serial_number`":`"DMPXK2ABQ1GC`",`"model`":`"iPad`",`"color`":`"BLUE`",`"profile_status`":`"pushed`",`"profile_uuid`":`"$ShopUuid`",`"profile_assign_time`":`"2026-11-02T00:00:00Z`"}],`"cursor`":`"c`",`"fetched_until`":`"2026-11-30T00:00:00Z`",`"more_to_follow`":false}"
        $script:SyncW4 = Write-TestJson 'sync-w4.json' "{`"devices`":[{`"serial_number`":`"DMPXK2ABQ1GC`",`"model`":`"iPad`",`"profile_status`":`"assigned`",`"profile_uuid`":`"$OfficeUuid`",`"profile_assign_time`":`"2026-12-03T00:00:00Z`",`"op_type`":`"modified`",`"op_date`":`"2026-12-03T01:00:00Z`"}],`"cursor`":`"d`",`"more_to_follow`":false}"
        Import-BmgDepDevice $shop, $office, $FetchW2 | Out-Null
        Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'seed') @('Identifier,OS,Serial,DEPMethod', 'ipad-0412,ios,DMPXK2ABQ1GC,Serial')) | Out-Null
        (Import-BmgDepDevice $SyncW4).Updated | Should -Be 1
    }

    It 'last week''s fetch imported again keeps the newer profile (Unchanged, one warning), and the check-in records it' {
        $result = Invoke-Captured { Import-BmgDepDevice $FetchW2 }

        $result.Errors | Should -BeNullOrEmpty
        ($result.Output[0].Updated, $result.Output[0].Unchanged) | Should -Be @(0, 1)
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "1 DEP device was not changed from '*fetch-w2.json' (DMPXK2ABQ1GC (ProfileStatus, ProfileUuid, ProfileName, ProfileAssignTime): stored as of $(Get-ShownTime '2026-12-03T01:00:00Z'), after its fetched_until $(Get-ShownTime '2026-11-30T00:00:00Z')): *counted Unchanged*"
        $dep = Get-BmgDepDevice DMPXK2ABQ1GC
        ($dep.ProfileStatus, $dep.ProfileName) | Should -Be @('assigned', 'Office iPad - Supervised')
        $dep.AsOf | Should -Be ([DateTimeOffset]'2026-12-03T01:00:00Z')
        (Register-BmgDeviceCheckIn -Serial DMPXK2ABQ1GC).DepProfile | Should -Be 'Office iPad - Supervised'
    }

    It '-WhatIf says it keeps the serial as stored, with the fields and both times' {
        $text = Get-WhatIfText { Import-BmgDepDevice $FetchW2 -WhatIf }

        $text | Should -Match "Import DEP devices: keep 1 serial as stored \(DMPXK2ABQ1GC \(ProfileStatus, ProfileUuid, ProfileName, ProfileAssignTime\): stored as of 2026-12-0[23] .*, after its fetched_until 2026-1[12]-[0-9]+ .*: the file's entries are older than what the store holds, so they change nothing\)"
        (Get-BmgDepDevice DMPXK2ABQ1GC).ProfileName | Should -Be 'Office iPad - Supervised'
    }

    It 'Apple''s list (Blue) after the response (BLUE) is no change, and keeps the stored BLUE' {
        $list = Write-TestCsv (New-CsvName 'abm') @('"Serial Number","Device Model","Color","Assigned MDM Server","Status"', '"DMPXK2ABQ1GC","iPad","Blue","BizMobile Go! Tokyo","Assigned"')

        $summary = Import-BmgDepDevice $list

        ($summary.Updated, $summary.Unchanged) | Should -Be @(0, 1)
        (Get-BmgDepDevice DMPXK2ABQ1GC).Color | Should -BeExactly 'BLUE'
    }
}
