# Walkthrough 13, findings 1, 5, 7 and 10: what Import-BmgDepDevice takes from Apple Business Manager's device list
# (only the rows assigned to this MDM), DEP dates (ISO-8601 only), a sync that releases a serial a device still has to
# check in with, and invalid JSON explained without the parser's developer advice.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:AbmHeader = '"Serial Number","Device Model","Color","Assigned MDM Server","Status"'
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
}

Describe 'Apple Business Manager rows not assigned to this MDM are not DEP devices (walkthrough 13, finding 1)' {
    BeforeEach { New-TestStore | Out-Null }

    It 'unassigned rows (Status Unassigned, or no Assigned MDM Server) are skipped, counted, and said once in one warning' {
        $file = Write-TestCsv (New-CsvName 'abm-unassigned') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
            '"JJJKKKLLLHH2","iPhone 16e","White","","Unassigned"'
            '"JJJKKKLLLHH4","iPhone 16e","White","","Assigned"'
            '"JJJKKKLLLHH5","iPhone 16e","White","BizMobile Go!","Unassigned"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Added | Should -Be 1
        $result.Output[0].Skipped | Should -Be 3
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "3 rows of the DEP device file '$file' were skipped: they are not assigned to an MDM server (Status 'Unassigned' or no Assigned MDM Server)*"
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('EEEFFFGGGHHH')
        New-BmgDevice -Identifier ipad-9002 -OS ios -Serial JJJKKKLLLHH2 -DEPMethod Serial | Out-Null
        Register-BmgDeviceCheckIn -Serial JJJKKKLLLHH2 -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        Get-ErrorId $err[0] | Should -Be 'CheckInRejected'
    }

    It 'the skip warning agrees with its count: <Expected>' -TestCases @(
        @{ Unassigned = 1; Expected = "1 row of the DEP device file '*' was skipped: it is not assigned to an MDM server (Status 'Unassigned' or no Assigned MDM Server), so it is not a DEP device of this MDM." }
        @{ Unassigned = 2; Expected = "2 rows of the DEP device file '*' were skipped: they are not assigned to an MDM server (Status 'Unassigned' or no Assigned MDM Server), so they are not DEP devices of this MDM." }
    ) {
        $file = Write-TestCsv (New-CsvName 'abm-unassigned') (@(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
        ) + @(1..$Unassigned | ForEach-Object { """JJJKKKLLLHH$_"",""iPhone 16e"",""White"","""",""Unassigned""" }))
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        $result.Output[0].Skipped | Should -Be $Unassigned
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike $Expected
    }

    It 'one row skipped for another MDM server is said in the singular' {
        $file = Write-TestCsv (New-CsvName 'abm-two') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
            '"JJJKKKLLLHH3","iPhone 16e","White","Other Vendor MDM","Assigned"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file -MdmServer 'BizMobile Go!' }

        "$($result.Warnings[0])" | Should -BeLike "1 row of the DEP device file '*' was skipped, as it is not a DEP device of this MDM: 1 assigned to 'Other Vendor MDM'."
    }

    It 'rows of two MDM servers without -MdmServer: DepMdmServerAmbiguous naming each server and its rows; nothing imported' {
        $file = Write-TestCsv (New-CsvName 'abm-two') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
            '"FFFGGGHHHEEE","iPhone 16e","White","BizMobile Go!","Assigned"'
            '"JJJKKKLLLHH3","iPhone 16e","White","Other Vendor MDM","Assigned"'
            '"JJJKKKLLLHH2","iPhone 16e","White","","Unassigned"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file -ErrorAction Continue }

        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'DepMdmServerAmbiguous'
        $error0 = @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'DepMdmServerAmbiguous' })[0]
        $error0.CategoryInfo.Category | Should -Be 'InvalidData'
        "$error0" | Should -BeLike "*'$file'*2 MDM servers*'BizMobile Go!' (2 rows)*'Other Vendor MDM' (1 row)*-MdmServer*Nothing was imported."
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'with -MdmServer the rows of other servers are skipped like unassigned ones, and said in the warning' {
        $file = Write-TestCsv (New-CsvName 'abm-two') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
            '"JJJKKKLLLHH3","iPhone 16e","White","Other Vendor MDM","Assigned"'
            '"JJJKKKLLLHH2","iPhone 16e","White","","Unassigned"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file -MdmServer 'BizMobile Go!' }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Added | Should -Be 1
        $result.Output[0].Skipped | Should -Be 2
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "*1 not assigned to an MDM server*1 assigned to 'Other Vendor MDM'*"
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('EEEFFFGGGHHH')
    }

    It '-MdmServer naming no server of the file is DepMdmServerNotFound naming the servers found; nothing imported' {
        $file = Write-TestCsv (New-CsvName 'abm-one') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file -MdmServer 'BizMobile' }

        Get-ErrorId $result.Errors[0] | Should -Be 'DepMdmServerNotFound'
        "$($result.Errors[0])" | Should -BeLike "*'BizMobile'*'BizMobile Go!' (1 row)*"
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'a file whose assigned rows name one server imports as before: nothing skipped, no warning' {
        $result = Invoke-Captured { Import-BmgDepDevice (Join-Path $PSScriptRoot '../../examples/abm-devices.csv') }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        $result.Output[0].Added | Should -Be 2
        $result.Output[0].Skipped | Should -Be 0
    }
}

Describe 'DEP dates are ISO-8601 only (walkthrough 13, finding 5)' {
    BeforeEach { New-TestStore | Out-Null }

    It 'CSV DeviceAssignedDate ''<Value>'' is InvalidFieldValue with the ISO-8601 rule; nothing imported' -TestCases @(
        @{ Value = '04/03/2026' }
        @{ Value = '2026/11/20 9:30' }
        @{ Value = '2026-11-20T09:30:00' }
        @{ Value = '2026-11-20 09:30' }
        @{ Value = '20 Nov 2026' }
    ) {
        param($Value)
        $file = Write-TestCsv (New-CsvName 'dep-dates') @('SerialNumber,Model,DeviceAssignedDate', "F9FXK2CCCC06,iPhone 15,$Value")
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        Get-ErrorId $result.Errors[0] | Should -Be 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -BeLike "Line 2 (serial 'F9FXK2CCCC06') of '$file': DeviceAssignedDate '$Value' is not valid: must be an ISO-8601 date and time such as 2026-11-20T09:30:00Z*"
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'JSON device_assigned_date ''11/20/2026'' and op_date without an offset are refused' {
        $fetch = Write-TestJson 'us-date.json' '{"devices":[{"serial_number":"F9FXK2CCCC06","device_assigned_date":"11/20/2026"}],"cursor":"c","more_to_follow":false}'
        $sync = Write-TestJson 'local-op.json' '{"devices":[{"serial_number":"F9FXK2CCCC06","op_type":"added","op_date":"2026-11-20T09:30:00"}],"cursor":"c","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice -LiteralPath $fetch, $sync }

        @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'InvalidFieldValue' }) | Should -HaveCount 2
        "$($result.Errors[0])" | Should -BeLike "*device_assigned_date '11/20/2026' is not valid: must be an ISO-8601*"
        "$($result.Errors[1])" | Should -BeLike "*op_date '2026-11-20T09:30:00' is not valid: must be an ISO-8601*"
        Get-BmgDepDevice | Should -BeNullOrEmpty

        # What ISO-8601 allows still imports: a date, Z, and an offset (kept as the same instant).
        $file = Write-TestCsv (New-CsvName 'dep-dates') @(
            'SerialNumber,Model,DeviceAssignedDate'
            'F9FXK2CCCC06,iPhone 15,2026-03-04'
            'F9FXK2CCCC07,iPhone 15,2026-11-20T09:30:00+09:00'
            'F9FXK2CCCC08,iPhone 15,2026-11-20T09:30:00.5Z'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        $result.Errors | Should -BeNullOrEmpty
        (Get-BmgDepDevice F9FXK2CCCC06).DeviceAssignedDate | Should -Be ([DateTimeOffset]'2026-03-04T00:00:00Z')
        (Get-BmgDepDevice F9FXK2CCCC07).DeviceAssignedDate | Should -Be ([DateTimeOffset]'2026-11-20T00:30:00Z')
        (Get-BmgDepDevice F9FXK2CCCC08).DeviceAssignedDate | Should -Be ([DateTimeOffset]'2026-11-20T09:30:00.5Z')
    }
}

Describe 'A sync that releases the serial a device still has to check in with says so (walkthrough 13, finding 7)' {
    BeforeEach {
        New-TestStore | Out-Null
        $script:Fetch = Write-TestJson 'f5.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","model":"iPhone 16","os":"iOS","device_family":"iPhone"},{"serial_number":"F9FXK2CCCC09","model":"iPhone 16","os":"iOS","device_family":"iPhone"}],"cursor":"c","more_to_follow":false}'
        $script:Release = Write-TestJson 'del5.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","os":"iOS","op_type":"deleted","op_date":"2026-12-01T12:00:00Z"},{"serial_number":"F9FXK2CCCC09","os":"iOS","op_type":"deleted","op_date":"2026-12-01T12:00:00Z"}],"cursor":"d","more_to_follow":false}'
        Import-BmgDepDevice $Fetch | Out-Null
        New-BmgDevice -Identifier iphone-2005 -OS ios -Serial F9FXK2CCCC05 -DEPMethod Serial | Out-Null
        New-BmgDevice -Identifier iphone-2009 -OS ios -Serial F9FXK2CCCC09 -DEPMethod Serial | Out-Null
        Register-BmgDeviceCheckIn -Serial F9FXK2CCCC09 | Out-Null
    }

    It 'the import warns naming the device still to check in (as Remove-BmgDepDevice does), not the one checked in' {
        $result = Invoke-Captured { Import-BmgDepDevice $Release }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Released | Should -Be 2
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "Device 'iphone-2005' $([WildcardPattern]::Escape((Get-InStore))) is still to check in through DEP with Serial 'F9FXK2CCCC05', which Apple released on 2026-12-01* (a sync response's op_type 'deleted'): its check-in will be refused until Apple's list has it again (Import-BmgDepDevice) or the device's Serial is corrected."
    }

    It 'Get-BmgDepDevice with the exact released serial says it was released by Apple and when (DepDeviceNotFound)' {
        Import-BmgDepDevice $Release -WarningAction SilentlyContinue | Out-Null
        $result = Invoke-Captured { Get-BmgDepDevice f9fxk2cccc05 }

        $result.Output | Should -BeNullOrEmpty
        Get-ErrorId $result.Errors[0] | Should -Be 'DepDeviceNotFound'
        # The serial as typed, then the form it was compared in, as the not-found error echoes it (AppleSerial.Echo).
        "$($result.Errors[0])" | Should -BeLike "The serial 'f9fxk2cccc05' (serial numbers are compared in upper case, as 'F9FXK2CCCC05') was released by Apple on 2026-12-01* (a sync response's op_type 'deleted', or Apple Business Manager's device list showing it not assigned to this MDM), so it is no longer a DEP device assigned to this MDM*"
        "$($result.Errors[0])" | Should -Not -BeLike 'No DEP device has*'
    }

    It 'Get-BmgDepDevice echoes a released serial typed in upper case once, as typed' {
        Import-BmgDepDevice $Release -WarningAction SilentlyContinue | Out-Null
        $result = Invoke-Captured { Get-BmgDepDevice F9FXK2CCCC05 }
        "$($result.Errors[0])" | Should -BeLike "The serial 'F9FXK2CCCC05' was released by Apple on 2026-12-01*"
    }

    # Thirty-fourth round (left34c, item 4): a released serial was DepDeviceNotFound to Remove-BmgDepDevice, so Apple's
    # released records could never be removed (Get-BmgDepDevice -Released | Remove-BmgDepDevice removed nothing).
    It 'Remove-BmgDepDevice removes released DEP devices, typed or piped from Get-BmgDepDevice -Released, asking first; their devices are as they were' {
        Import-BmgDepDevice $Release -WarningAction SilentlyContinue | Out-Null
        $historyBefore = @(Get-BmgDeviceHistory iphone-2005, iphone-2009).Count
        (Get-BmgDevice iphone-2009).DepDevice | Should -Be 'F9FXK2CCCC09'

        $whatIf = Get-WhatIfText { Remove-BmgDepDevice f9fxk2cccc05 -WhatIf }
        $whatIf | Should -BeLike "*What if: Performing the operation `"Remove`" on target `"released DEP device 'F9FXK2CCCC05' (released by Apple on 2026-12-01 *) (Serial of device 'iphone-2005')`".*"
        @(Get-BmgDepDevice -Released).SerialNumber | Should -Be @('F9FXK2CCCC05', 'F9FXK2CCCC09') -Because '-WhatIf removes nothing'

        $typed = Invoke-Captured { Remove-BmgDepDevice f9fxk2cccc05 -Confirm:$false -PassThru }
        $typed.Errors | Should -BeNullOrEmpty
        # Walkthrough 39, 6: the removal takes the release off iphone-2005's link, so it is said, and recorded in its history.
        @($typed.Warnings) | Should -HaveCount 1
        "$($typed.Warnings[0])" | Should -BeLike "Device 'iphone-2005' * uses DEP device 'F9FXK2CCCC05', which Apple released on 2026-12-01 * and is now removed: Get-BmgDeviceDepLink no longer shows the release*"
        $typed.Output.SerialNumber | Should -Be 'F9FXK2CCCC05'
        $piped = Invoke-Captured { Get-BmgDepDevice -Released | Remove-BmgDepDevice -Confirm:$false -PassThru }
        $piped.Errors | Should -BeNullOrEmpty
        $piped.Output.SerialNumber | Should -Be 'F9FXK2CCCC09'

        Get-BmgDepDevice -Released | Should -BeNullOrEmpty
        (Get-BmgDepDevice F9FXK2CCCC05 -ErrorAction SilentlyContinue -ErrorVariable gone) | Should -BeNullOrEmpty
        "$gone" | Should -BeLike 'No DEP device has the serial number*'
        # The devices are untouched: iphone-2009 stays checked in with the DEP serial it checked in as, iphone-2005 keeps its
        # Serial; the removal is in a device's history only where it took a release off the device's link (walkthrough 39, 6).
        $checkedIn = Get-BmgDevice iphone-2009
        $checkedIn.State | Should -Be 'CheckedIn'
        $checkedIn.DepDevice | Should -Be 'F9FXK2CCCC09'
        (Get-BmgDevice iphone-2005).Serial | Should -Be 'F9FXK2CCCC05'
        $removals = @(Get-BmgDeviceHistory iphone-2005, iphone-2009 | Where-Object Command -EQ 'Remove-BmgDepDevice')
        @(Get-BmgDeviceHistory iphone-2005, iphone-2009).Count | Should -Be ($historyBefore + $removals.Count)
        @($removals | Where-Object Identifier -EQ 'iphone-2005') | Should -HaveCount 1
        $removals | ForEach-Object { $_.Changes[0].Field | Should -Be 'DepReleased'; $_.Changes[0].IsCleared | Should -BeTrue }
    }
}

Describe 'Invalid JSON is explained without the parser''s developer advice (walkthrough 13, finding 10)' {
    BeforeEach { New-TestStore | Out-Null }

    It '<Case> is DepDeviceFileInvalid saying <Says>, without "reader options"' -TestCases @(
        @{ Case = 'a trailing comma in an array'; Json = '{"devices": [ {"serial_number": "F9FXK2CCCC04", "model": "iPhone"}, ]}'; Says = "line 1, character 69: a comma before the closing ']'*JSON allows no comma after the last item*" }
        @{ Case = 'a trailing comma in an object'; Json = '{"devices": [ {"serial_number": "F9FXK2CCCC04", "model": "iPhone", } ]}'; Says = "line 1, character 68: a comma before the closing '}'*JSON allows no comma after the last item*" }
        @{ Case = 'a // comment'; Json = "{`"devices`": [ {`"serial_number`": `"F9FXK2CCCC04`"} // kitting batch 3`n]}"; Says = 'line 1, character 49: a comment (//)*JSON allows no comments*' }
        @{ Case = 'a /* */ comment first'; Json = "/* from Apple */`n{`"devices`": []}"; Says = 'line 1, character 1: a comment (/*)*JSON allows no comments*' }
    ) {
        param($Case, $Json, $Says)
        $file = Write-TestJson 'hand-edited.json' $Json
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        Get-ErrorId $result.Errors[0] | Should -Be 'DepDeviceFileInvalid'
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$file' can't be imported: it is named .json but is not valid JSON: $Says"
        "$($result.Errors[0])" | Should -Not -Match 'reader options|in this mode'
    }
}

Describe 'The DEP CSV reads its header as every CSV of the module does (CsvFileHeader; fourteenth round)' {
    BeforeEach { New-TestStore | Out-Null }

    It 'Excel''s empty trailing header cells are ignored when blank in every row, and said once in a warning' {
        $file = Write-TestCsv (New-CsvName 'dep-excel') @('SerialNumber,Model,,', 'F9FXK2CCCC06,iPhone 15,,', 'F9FXK2CCCC07,iPhone 15')
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Added | Should -Be 2
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "*columns 3 to 4 have no name in the header and are blank in every row; they were ignored."
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('F9FXK2CCCC06', 'F9FXK2CCCC07')
    }

    It 'walkthrough 37, finding 11: an empty DEP CSV names both headers whole, not cut to ",."' {
        $file = Write-TestCsv (New-CsvName 'dep-empty') @(',,')
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('DepDeviceFileInvalid')
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$file' can't be imported: the file is empty; its first line must be a header: SerialNumber,*(only SerialNumber is required), or Apple Business Manager's device list, whose header begins ""Serial Number"",""Device Model"". Nothing was imported."
        "$($result.Errors[0])" | Should -Not -BeLike '*,.*'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
    }

    It 'a #TYPE line, an empty first row and rows of only delimiters are skipped, before the header and after it' {
        $file = Write-TestCsv (New-CsvName 'dep-blank-rows') @(
            '#TYPE System.Management.Automation.PSCustomObject', ',,,', ' , ,', 'SerialNumber,Model,Color,', 'F9FXK2CCCC06,iPhone 15,Blue,', ',,,', 'F9FXK2CCCC07,iPhone 15,,')
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Added | Should -Be 2
        (Get-BmgDepDevice -SerialNumber F9FXK2CCCC06).Color | Should -Be 'Blue'
    }

    It 'a value under a nameless header cell is UnknownCsvColumn naming the line and column, its one error; nothing imported' {
        $file = Write-TestCsv (New-CsvName 'dep-unnamed') @('SerialNumber,Model,,', 'F9FXK2CCCC06,iPhone 15,,', 'F9FXK2CCCC07,iPhone 15,,spare')
        $result = Invoke-Captured { Import-BmgDepDevice $file -ErrorAction Continue }

        $ids = @($result.Errors | ForEach-Object { Get-ErrorId $_ })
        $ids | Should -Be @('UnknownCsvColumn')
        "$($result.Errors[0])" | Should -BeLike "Line 3 (serial 'F9FXK2CCCC07') of '$file': column 4 has no name in the header, but this row has a value in it*"
        $result.Warnings | Should -BeNullOrEmpty
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'an empty cell before the last name is still refused as no column (the vocabulary''s rule)' {
        $file = Write-TestCsv (New-CsvName 'dep-gap') @('SerialNumber,,Model', 'F9FXK2CCCC06,,iPhone 15')
        $result = Invoke-Captured { Import-BmgDepDevice $file -ErrorAction Continue }

        Get-ErrorId $result.Errors[0] | Should -Be 'DepDeviceFileInvalid'
        "$($result.Errors[0])" | Should -BeLike "*line 1: '' is not a column*"
    }

    It 'Apple Business Manager''s list saved by Excel with empty trailing header cells imports' {
        $file = Write-TestCsv (New-CsvName 'abm-excel') @(',,,,,,', "$AbmHeader,,", '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned",,')
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Added | Should -Be 1
        (Get-BmgDepDevice -SerialNumber EEEFFFGGGHHH).Model | Should -Be 'iPad (10th generation)'
    }
}

# Walkthrough 16, 1: re-importing last week's fetch response, or an older sync entry, made a serial Apple released active
# again, and its device could check in by it. Apple's data carries its own time (op_date, else fetched_until): an entry
# not later than the stored release keeps it, and says so; a file without a time (a CSV) re-adds it, and says so.
Describe 'A DEP file older than a release does not undo it (walkthrough 16, finding 1)' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json'), (Join-Path $Examples 'dep-sync-devices.json') -WarningAction SilentlyContinue | Out-Null
        # The sync response released CCCDDDAAABBB at 2026-11-22 03:10 UTC; a device still has to check in with it.
        New-BmgDevice -Identifier apple009 -OS ios -Serial CCCDDDAAABBB -DEPMethod Serial -WarningAction SilentlyContinue | Out-Null
    }

    It 'last week''s fetch response (fetched_until before the release) leaves the serial released, warns with both times, and the check-in stays refused' {
        $result = Invoke-Captured { Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') }

        $result.Errors | Should -BeNullOrEmpty
        ($result.Output[0].Added, $result.Output[0].Unchanged) | Should -Be @(0, 4)
        $kept = @($result.Warnings | Where-Object { "$_" -like "DEP device 'CCCDDDAAABBB' was not re-added*" })
        $kept | Should -HaveCount 1
        "$($kept[0])" | Should -BeLike "*(devices``[2``]): Apple released it on 2026-11-22 *, after this entry's fetched_until 2026-11-20 *, so the file is older than the release and the release is kept. If Apple has assigned the device to this MDM again, import a fetch or sync response made after the release."
        $checkIn = Invoke-Captured { Register-BmgDeviceCheckIn -Serial CCCDDDAAABBB }
        Get-ErrorId $checkIn.Errors[0] | Should -Be 'CheckInRejected'
    }

    It 'an older sync entry (op_type added, op_date before the release) leaves it released; a newer one re-adds it' {
        $old = Write-TestJson 'sync-old.json' '{"devices":[{"serial_number":"CCCDDDAAABBB","model":"iPhone SE","op_type":"added","op_date":"2026-11-01T00:00:00Z"}],"cursor":"e","more_to_follow":false}'
        $new = Write-TestJson 'sync-new.json' '{"devices":[{"serial_number":"CCCDDDAAABBB","model":"iPhone SE","op_type":"added","op_date":"2026-11-25T00:00:00Z"}],"cursor":"f","more_to_follow":false}'

        $stale = Invoke-Captured { Import-BmgDepDevice $old }
        $stale.Output[0].Added | Should -Be 0
        "$($stale.Warnings)" | Should -BeLike "*DEP device 'CCCDDDAAABBB' was not re-added*after this entry's op_date 2026-11-01 *"
        (Invoke-Captured { Get-BmgDepDevice CCCDDDAAABBB }).Errors | Should -Not -BeNullOrEmpty

        $newer = Invoke-Captured { Import-BmgDepDevice $new }
        $newer.Output[0].Added | Should -Be 1
        $newer.Warnings | Should -BeNullOrEmpty
        (Get-BmgDepDevice CCCDDDAAABBB).Model | Should -Be 'iPhone SE'
    }

    It 'a CSV (no time of its own) re-adds the released serial and warns naming it and its release date' {
        $list = Write-TestCsv (New-CsvName 'dep-own') @('SerialNumber,Model', 'CCCDDDAAABBB,iPhone SE')
        $result = Invoke-Captured { Import-BmgDepDevice $list }

        $result.Output[0].Added | Should -Be 1
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "DEP device 'CCCDDDAAABBB', which Apple released on 2026-11-22 *, is active again: *no time of its own*Remove-BmgDepDevice CCCDDDAAABBB."
        (Get-BmgDepDevice CCCDDDAAABBB).SerialNumber | Should -Be 'CCCDDDAAABBB'
    }

    It '-WhatIf says the release is kept (fetch) or undone (CSV), naming the serial and the times' {
        $list = Write-TestCsv (New-CsvName 'dep-own') @('SerialNumber,Model', 'CCCDDDAAABBB,iPhone SE')
        $store = $PSDefaultParameterValues['*-Bmg*:Database']
        $child = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
Import-BmgDepDevice '$(Join-Path $Examples 'dep-fetch-devices.json')' -Database '$store' -WhatIf | Out-Null
Import-BmgDepDevice '$list' -Database '$store' -WhatIf | Out-Null
"@
        $child.Text | Should -Match 'What if: .*Import DEP devices: keep 1 released serial \(CCCDDDAAABBB: released 2026-11-22 .*, after its fetched_until 2026-11-20 .*: the file''s entries are older than the release, so it stays\); leave 4 unchanged'
        $child.Text | Should -Match 'What if: .*Import DEP devices: add 1 \(CCCDDDAAABBB\); reactivate 1 released serial \(CCCDDDAAABBB: released 2026-11-22 .*: the file has no time of its own'
    }
}

# Walkthrough 16, 4: the nightly job's Apple Business Manager list with -MdmServer 'BizMobile Go!' was refused the day no row
# was assigned to this MDM any more, so the devices moved to another MDM stayed active. Now that list releases them; a name
# that matches nothing the store holds, or looks like one of the list's servers, is still refused.
Describe 'Apple Business Manager''s list that assigns nothing to -MdmServer any more (walkthrough 16, finding 4)' {
    BeforeEach {
        New-TestStore | Out-Null
        $script:Yesterday = Write-TestCsv (New-CsvName 'abm2') @($AbmHeader, '"GGG111222333","iPad","Blue","BizMobile Go!","Assigned"', '"GGG111222334","iPad","Blue","Jamf","Assigned"')
        $script:Today = Write-TestCsv (New-CsvName 'abm3') @($AbmHeader, '"GGG111222333","iPad","Blue","Jamf","Assigned"', '"GGG111222334","iPad","Blue","Jamf","Assigned"')
    }

    It 'releases this MDM''s DEP devices the list now gives to another server, with one warning; their check-in is refused' {
        Import-BmgDepDevice $Yesterday -MdmServer 'BizMobile Go!' -WarningAction SilentlyContinue | Out-Null
        New-BmgDevice -Identifier ipad-3333 -OS ios -Serial GGG111222333 -DEPMethod Serial | Out-Null

        $result = Invoke-Captured { Import-BmgDepDevice $Today -MdmServer 'BizMobile Go!' }

        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
        ($result.Output[0].Released, $result.Output[0].Added, $result.Output[0].Skipped) | Should -Be @(1, 0, 2)
        $names = @($result.Warnings | Where-Object { "$_" -like '-MdmServer*' })
        $names | Should -HaveCount 1
        "$($names[0])" | Should -BeLike "-MdmServer 'BizMobile Go!' names none of the MDM servers of '$Today' ('Jamf' (2 rows)): no row is assigned to this MDM any more*1 DEP device the store held active*was released*renamed*"
        "$($result.Warnings)" | Should -BeLike "*Device 'ipad-3333' $([WildcardPattern]::Escape((Get-InStore))) is still to check in through DEP with Serial 'GGG111222333'*"
        Get-ErrorId (Invoke-Captured { Register-BmgDeviceCheckIn -Serial GGG111222333 }).Errors[0] | Should -Be 'CheckInRejected'
        @(Get-BmgDepDevice).SerialNumber | Should -BeNullOrEmpty
    }

    It 'is still DepMdmServerNotFound when the store holds none of the list''s serials active; nothing imported' {
        $result = Invoke-Captured { Import-BmgDepDevice $Today -MdmServer 'BizMobile Go!' }

        Get-ErrorId $result.Errors[0] | Should -Be 'DepMdmServerNotFound'
        "$($result.Errors[0])" | Should -BeLike "*'BizMobile Go!' names none of the MDM servers*'Jamf' (2 rows)*the store holds no active DEP device whose serial the file lists*Nothing was imported."
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'a name that looks like one of the list''s servers is refused as a typo, releasing nothing' {
        Import-BmgDepDevice $Yesterday -MdmServer 'BizMobile Go!' -WarningAction SilentlyContinue | Out-Null

        $result = Invoke-Captured { Import-BmgDepDevice $Yesterday -MdmServer 'BizMobile Go' }

        Get-ErrorId $result.Errors[0] | Should -Be 'DepMdmServerNotFound'
        "$($result.Errors[0])" | Should -BeLike "*did you mean -MdmServer 'BizMobile Go!'? Nothing was imported."
        (Get-BmgDepDevice GGG111222333).SerialNumber | Should -Be 'GGG111222333'
    }
}

# Walkthrough 16, 7: Apple's error reply and its device-details and profile-assign replies were called "neither Apple's
# device response nor its profile response", as if the module could not read Apple's format. The file's error and the
# command's ImportFailed are the pair every refused import gives (BmgCmdlet.ImportFailures.cs), so a nightly job exits 1.
Describe 'Apple''s other replies are named as what they are (walkthrough 16, finding 7)' {
    BeforeEach { New-TestStore | Out-Null }

    It '<Reply> is DepDeviceFileInvalid saying <Says>, then ImportFailed, as every refused file' -TestCases @(
        @{ Reply = 'the error reply'; Json = '{"error":"EXPIRED_CURSOR"}'; Says = "it is Apple's error reply ('EXPIRED_CURSOR'), not a device list: the request that saved it failed, so it holds no devices; the cursor it was sent is no longer valid: fetch the devices again without a cursor*" }
        @{ Reply = 'the device-details reply'; Json = '{"devices":{"AAABBBCCCDDD":{"serial_number":"AAABBBCCCDDD","model":"iPhone 15","response_status":"SUCCESS"}}}'; Says = "it is Apple's device-details reply (POST /devices*import the fetch or sync response instead*" }
        @{ Reply = 'the profile-assign reply'; Json = '{"profile_uuid":"4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D","devices":{"AAABBBCCCDDD":"SUCCESS"}}'; Says = "it is Apple's reply to assigning the profile 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D: each serial's result (such as SUCCESS), not a device list*" }
    ) {
        param($Reply, $Json, $Says)
        $file = Write-TestJson 'reply.json' $Json
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        @($result.Errors) | Should -HaveCount 1
        Get-ErrorId $result.Errors[0] | Should -Be 'DepDeviceFileInvalid'
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$file' can't be imported: $Says"
        "$($result.Errors[0])" | Should -Not -BeLike '*neither*'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
    }
}

# Walkthrough 39, 3: a nightly job given the organization's other real server ('… Osaka' for '… Tokyo') released every
# active DEP device of the store, added the other server's serials, and said so in one warning a device (801). The list
# says which server the store's DEP devices are: another -MdmServer is refused unless -Force; a batch warns once.
Describe 'An -MdmServer that is not the store''s server is refused unless -Force (walkthrough 39, finding 3)' {
    BeforeEach {
        New-TestStore | Out-Null
        $script:Servers = Write-TestCsv (New-CsvName 'abm-servers') @(
            $AbmHeader
            '"TKY000000001","iPad","Blue","BizMobile Go! Tokyo","Assigned"'
            '"TKY000000002","iPad","Blue","BizMobile Go! Tokyo","Assigned"'
            '"TKY000000003","iPad","Blue","BizMobile Go! Tokyo","Assigned"'
            '"OSK000000001","iPad","Blue","BizMobile Go! Osaka","Assigned"'
            '"OSK000000002","iPad","Blue","BizMobile Go! Osaka","Assigned"'
        )
        Import-BmgDepDevice $Servers -MdmServer 'BizMobile Go! Tokyo' -WarningAction SilentlyContinue | Out-Null
        New-BmgDevice -Identifier ipad-1 -OS ios -Serial TKY000000001 -DEPMethod Serial | Out-Null
        New-BmgDevice -Identifier ipad-2 -OS ios -Serial TKY000000002 -DEPMethod Serial | Out-Null
    }

    It 'the other server''s name is DepMdmServerChanged naming both servers and what it would release; nothing imported' {
        $result = Invoke-Captured { Import-BmgDepDevice $Servers -MdmServer 'BizMobile Go! Osaka' }

        @($result.Errors) | Should -HaveCount 1
        Get-ErrorId $result.Errors[0] | Should -Be 'DepMdmServerChanged'
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$Servers' can't be imported with -MdmServer 'BizMobile Go! Osaka': this store's DEP devices are 'BizMobile Go! Tokyo''s: the list assigns 3 of the store's active DEP devices to 'BizMobile Go! Tokyo' and 0 to 'BizMobile Go! Osaka', so importing it as 'BizMobile Go! Osaka''s list would release 3 active DEP devices and add 2 serials the store does not hold.*add -Force. Nothing was imported."
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('TKY000000001', 'TKY000000002', 'TKY000000003')
        Get-BmgDepDevice -Released | Should -BeNullOrEmpty
    }

    It '-Force imports it: the store''s DEP devices are released, with one -Force warning and one batched warning for the devices still to check in' {
        $result = Invoke-Captured { Import-BmgDepDevice $Servers -MdmServer 'BizMobile Go! Osaka' -Force }

        $result.Errors | Should -BeNullOrEmpty
        ($result.Output[0].Added, $result.Output[0].Released) | Should -Be @(2, 3)
        @($result.Warnings | Where-Object { "$_" -like '-Force:*' }) | Should -HaveCount 1
        @($result.Warnings | Where-Object { "$_" -like "Device '*" }) | Should -BeNullOrEmpty -Because 'each device''s warning is a verbose line under a batch'
        $batch = @($result.Warnings | Where-Object { "$_" -like '2 devices *' })
        $batch | Should -HaveCount 1
        "$($batch[0])" | Should -BeLike "2 devices $([WildcardPattern]::Escape((Get-InStore))) are still to check in through DEP with a serial that is no longer in Apple's DEP device list ('ipad-1', 'ipad-2'): *"

        # Back to the store's own server: the released serials are active again, said once for the three.
        $back = Invoke-Captured { Import-BmgDepDevice $Servers -MdmServer 'BizMobile Go! Tokyo' -Force }
        $back.Errors | Should -BeNullOrEmpty
        @($back.Warnings | Where-Object { "$_" -like "DEP device '*is active again*" }) | Should -BeNullOrEmpty
        @($back.Warnings | Where-Object { "$_" -like "3 DEP devices Apple had released are active again ('TKY000000001', 'TKY000000002', 'TKY000000003'): *" }) | Should -HaveCount 1
    }

    It 'the store''s own server imports as before when one of its serials moved to the other server' {
        $moved = Write-TestCsv (New-CsvName 'abm-moved') @(
            $AbmHeader
            '"TKY000000001","iPad","Blue","BizMobile Go! Tokyo","Assigned"'
            '"TKY000000002","iPad","Blue","BizMobile Go! Tokyo","Assigned"'
            '"TKY000000003","iPad","Blue","BizMobile Go! Osaka","Assigned"'
            '"OSK000000001","iPad","Blue","BizMobile Go! Osaka","Assigned"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $moved -MdmServer 'BizMobile Go! Tokyo' }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Released | Should -Be 1
    }

    It 'the skipped rows'' warning writes every count alike, grouped: 1,000 assigned to the other server' {
        $big = Write-TestCsv (New-CsvName 'abm-big') (@($AbmHeader, '"TKY000000001","iPad","Blue","BizMobile Go! Tokyo","Assigned"') +
            @(1..1000 | ForEach-Object { '"OSK{0:D9}","iPad","Blue","BizMobile Go! Osaka","Assigned"' -f $_ }))
        $result = Invoke-Captured { Import-BmgDepDevice $big -MdmServer 'BizMobile Go! Tokyo' }

        "$($result.Warnings[0])" | Should -BeLike "1,000 rows of the DEP device file '*' were skipped, as they are not DEP devices of this MDM: 1,000 assigned to 'BizMobile Go! Osaka'."
    }
}

# Roww39: a refused row of a DEP device CSV is worded as a refused row of a device CSV is (SourceLine.Row): its line, its
# serial, and Excel's row below a quoted line break; a reason that quotes the serial (a serial given twice) is not prefixed by it.
Describe 'A refused row of a DEP device CSV names its serial, and Excel''s row below a quoted line break (roww39)' {
    It 'names the serial and Excel''s row, says a repeated serial once, and a JSON entry''s place as before' {
        New-TestStore | Out-Null
        $file = Write-TestCsv (New-CsvName 'dep-rows') @(
            'SerialNumber,Model,Description,ProfileStatus'
            "F9FXK2AAAA01,iPad,`"2F kitting`r`nshelf B`",assigned"
            'F9FXK2AAAA02,iPad,,bogus'
            'f9fxk2aaaa01,iPad,,'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue', 'InvalidFieldValue', 'DuplicateKeyInFile')
        # The row of the line break itself: no Excel row (none stands above it).
        "$($result.Errors[0])" | Should -BeLike "Line 2 (serial 'F9FXK2AAAA01') of '$file': Description '2F kitting<U+000*>shelf B' is not valid: *control characters*)."
        $excel = "(Excel shows this row as row {0}: the line breaks inside cells above it count as lines but not as Excel's rows.)"
        "$($result.Errors[1])" | Should -BeExactly ("Line 4 (serial 'F9FXK2AAAA02') of '$file': ProfileStatus 'bogus' is not valid: Apple's profile_status " +
            "is empty, assigned, pushed or removed (any case). $($excel -f 3)")
        "$($result.Errors[2])" | Should -BeExactly ("Line 5 of '$file': serial number 'F9FXK2AAAA01' is given twice, at line 2 and at line 5 (serial numbers " +
            "are compared ignoring case); only a sync response may repeat a serial, as successive events. $($excel -f 4)")
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        Get-BmgDepDevice | Should -BeNullOrEmpty

        $json = Join-Path $TestDrive 'dep-rows.json'
        Set-Content -LiteralPath $json -Value '{"devices": [{"serial_number": "F9FXK2AAAA03", "profile_status": "bogus"}]}'
        $result = Invoke-Captured { Import-BmgDepDevice $json }
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$json', devices[[]0[]]: profile_status 'bogus' is not valid:*"
    }
}
