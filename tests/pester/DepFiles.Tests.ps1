# Walkthrough 13, findings 1, 5, 7 and 10: what Import-BmgDepDevice takes from Apple Business Manager's device list
# (only the rows assigned to this MDM), DEP dates (ISO-8601 only), a sync that releases a serial a device still has to
# check in with, and invalid JSON explained without the parser's developer advice.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Write-TestJson([string] $Name, [string] $Json) {
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllText($path, $Json, [Text.UTF8Encoding]::new($false))
        return $path
    }

    $script:AbmHeader = '"Serial Number","Device Model","Color","Assigned MDM Server","Status"'
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
        "$($result.Errors[0])" | Should -BeLike "*line 2: DeviceAssignedDate '$Value' is not valid: must be an ISO-8601 date and time such as 2026-11-20T09:30:00Z*"
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'JSON device_assigned_date ''11/20/2026'' and op_date without an offset are refused' {
        $fetch = Write-TestJson 'us-date.json' '{"devices":[{"serial_number":"F9FXK2CCCC06","device_assigned_date":"11/20/2026"}],"cursor":"c","more_to_follow":false}'
        $sync = Write-TestJson 'local-op.json' '{"devices":[{"serial_number":"F9FXK2CCCC06","op_type":"added","op_date":"2026-11-20T09:30:00"}],"cursor":"c","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice -LiteralPath $fetch, $sync }

        @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'InvalidFieldValue' }) | Should -HaveCount 2
        "$($result.Errors[0])" | Should -BeLike "*device_assigned_date '11/20/2026' is not valid: must be an ISO-8601*"
        "$($result.Errors[2])" | Should -BeLike "*op_date '2026-11-20T09:30:00' is not valid: must be an ISO-8601*"
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
        "$($result.Warnings[0])" | Should -BeLike "Device 'iphone-2005' is still to check in through DEP with Serial 'F9FXK2CCCC05', which Apple released on 2026-12-01* (a sync response's op_type 'deleted'): its check-in will be refused until Apple's list has it again (Import-BmgDepDevice) or the device's Serial is corrected."
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

    It 'Get-BmgDepDevice and Remove-BmgDepDevice echo a released serial typed in upper case once, as typed' {
        Import-BmgDepDevice $Release -WarningAction SilentlyContinue | Out-Null
        $result = Invoke-Captured { Get-BmgDepDevice F9FXK2CCCC05 }
        "$($result.Errors[0])" | Should -BeLike "The serial 'F9FXK2CCCC05' was released by Apple on 2026-12-01*"
        $result = Invoke-Captured { Remove-BmgDepDevice f9fxk2cccc05 -Confirm:$false }
        Get-ErrorId $result.Errors[0] | Should -Be 'DepDeviceNotFound'
        "$($result.Errors[0])" | Should -BeLike "The serial 'f9fxk2cccc05' (serial numbers are compared in upper case, as 'F9FXK2CCCC05') was released by Apple on 2026-12-01*"
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

    It 'a #TYPE line, an empty first row and rows of only delimiters are skipped, before the header and after it' {
        $file = Write-TestCsv (New-CsvName 'dep-blank-rows') @(
            '#TYPE System.Management.Automation.PSCustomObject', ',,,', ' , ,', 'SerialNumber,Model,Color,', 'F9FXK2CCCC06,iPhone 15,Blue,', ',,,', 'F9FXK2CCCC07,iPhone 15,,')
        $result = Invoke-Captured { Import-BmgDepDevice $file }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Added | Should -Be 2
        (Get-BmgDepDevice -SerialNumber F9FXK2CCCC06).Color | Should -Be 'Blue'
    }

    It 'a value under a nameless header cell is UnknownCsvColumn naming the line and column, then DepDeviceFileInvalid; nothing imported' {
        $file = Write-TestCsv (New-CsvName 'dep-unnamed') @('SerialNumber,Model,,', 'F9FXK2CCCC06,iPhone 15,,', 'F9FXK2CCCC07,iPhone 15,,spare')
        $result = Invoke-Captured { Import-BmgDepDevice $file -ErrorAction Continue }

        $ids = @($result.Errors | ForEach-Object { Get-ErrorId $_ })
        $ids | Should -Be @('UnknownCsvColumn', 'DepDeviceFileInvalid')
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$file', line 3: column 4 has no name in the header, but this row has a value in it*"
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
