BeforeAll {
    . $PSScriptRoot/Common.ps1


}

Describe 'Set-BmgDeviceDepEnrollment' {
    BeforeEach {
        New-TestStore | Out-Null
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'Identifier,OS,Serial,DEPMethod,Code,DisplayName'
            'apple01,ios,C02AAAAA0001,,code01,Apple one'
            'apple02,ios,,,code02,Apple two'
            'apple03,ios,C02AAAAA0003,Serial,code03,Apple three'
            'other01,ios,C02OOOOO0001,,code04,Other one'
            'droid01,android,,,code05,Android one'
        )
        (Import-BmgDeviceCsv $seed).Created | Should -Be 5
    }

    Context 'by -Identifier' {
        It '-Method Serial -Serial S turns DEP enrollment on by serial with that serial' {
            $out = Set-BmgDeviceDepEnrollment -Identifier apple02 -Method Serial -Serial c02bbbbb0002

            $out | Should -BeNullOrEmpty -Because 'without -PassThru the cmdlet emits nothing'
            $device = Get-BmgDevice apple02
            $device.UseDep | Should -BeTrue
            "$($device.DEPMethod)" | Should -Be 'Serial'
            $device.Serial | Should -Be 'C02BBBBB0002'
        }

        It 'P6 -Serial of 13 characters starting with S warns as Set-BmgDevice does, naming the box barcode''s S, then that it is not in the DEP list' {
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Identifier apple02 -Method Serial -Serial SAAABBBCCCDDD }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Warnings.Message) | Should -Be @(
                "Serial 'SAAABBBCCCDDD' of device 'apple02' has 13 characters; every serial Apple has issued so far has 10 to 12. Apple's box barcode prefixes the serial with 'S': the serial is likely 'AAABBBCCCDDD'."
                "Device 'apple02' $(Get-InStore): Serial 'SAAABBBCCCDDD' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial."
            )
            $setDevice = Invoke-Captured { Set-BmgDevice -Identifier apple01 -Serial SAAABBBCCCDDE }
            @($setDevice.Warnings.Message) | Should -Be @("Serial 'SAAABBBCCCDDE' of device 'apple01' has 13 characters; every serial Apple has issued so far has 10 to 12. Apple's box barcode prefixes the serial with 'S': the serial is likely 'AAABBBCCCDDE'.")
        }

        It 'P6 a 13-character serial in a -Path file warns naming its line' {
            $csv = Write-TestCsv (New-CsvName 'dep13') @('Identifier,DEPMethod,Serial', 'apple02,Keycode,AAAABBBCCCDDD')
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }
            $result.Errors | Should -BeNullOrEmpty
            # Then, as for DEPMethod Serial, that no DEP device list has it (a Keycode device checks in with its serial through DEP too).
            @($result.Warnings.Message) | Should -Be @(
                "Line 2 of '$csv': Serial 'AAAABBBCCCDDD' of device 'apple02' has 13 characters; every serial Apple has issued so far has 10 to 12."
                "Line 2 of '$csv': Device 'apple02' $(Get-InStore): Serial 'AAAABBBCCCDDD' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial."
            )
        }

        It '-Method Serial without -Serial keeps the registered serial' {
            Set-BmgDeviceDepEnrollment -Identifier apple01 -Method Serial
            $device = Get-BmgDevice apple01
            "$($device.DEPMethod)" | Should -Be 'Serial'
            $device.Serial | Should -Be 'C02AAAAA0001'
        }

        It '-Method <Method> turns DEP enrollment on by key code' -TestCases @(
            @{ Method = 'Keycode' }
            @{ Method = 'Key Code' }
            @{ Method = 'keycode' }
        ) {
            Set-BmgDeviceDepEnrollment -Identifier apple02 -Method $Method
            $device = Get-BmgDevice apple02
            $device.UseDep | Should -BeTrue
            "$($device.DEPMethod)" | Should -BeExactly 'Keycode'
        }

        It '-Disable turns DEP enrollment off and keeps the serial' {
            Set-BmgDeviceDepEnrollment -Identifier apple03 -Disable
            $device = Get-BmgDevice apple03
            $device.UseDep | Should -BeFalse
            $device.DEPMethod | Should -BeNullOrEmpty
            $device.Serial | Should -Be 'C02AAAAA0003'
        }

        It 'finds the device ignoring case' {
            Set-BmgDeviceDepEnrollment -Identifier APPLE02 -Method Keycode
            "$((Get-BmgDevice apple02).DEPMethod)" | Should -Be 'Keycode'
        }

        It '-PassThru writes the changed device' {
            $out = @(Set-BmgDeviceDepEnrollment -Identifier apple01 -Method Serial -PassThru)
            $out.Count | Should -Be 1
            $out[0].Identifier | Should -Be 'apple01'
            "$($out[0].DEPMethod)" | Should -Be 'Serial'
            $out[0].UseDep | Should -BeTrue
            $out[0].Serial | Should -Be 'C02AAAAA0001'
        }

        It '-WhatIf writes nothing' {
            $before = Get-StoreSnapshot
            Set-BmgDeviceDepEnrollment -Identifier apple01, apple02 -Method Keycode -WhatIf
            Set-BmgDeviceDepEnrollment -Identifier apple03 -Disable -WhatIf
            Get-StoreSnapshot | Should -Be $before
        }

        It '-WhatIf -PassThru emits nothing, since no device was changed' {
            $out = @(Set-BmgDeviceDepEnrollment -Identifier apple02 -Method Keycode -WhatIf -PassThru)
            $out.Count | Should -Be 0 -Because 'under -WhatIf nothing changed, so there is no changed device to pass on'
            (Get-BmgDevice apple02).UseDep | Should -BeFalse
        }

        It 'several identifiers change several devices' {
            Set-BmgDeviceDepEnrollment -Identifier apple01, other01 -Method Keycode
            @(Get-BmgDevice apple01, other01 | ForEach-Object { "$($_.DEPMethod)" }) | Should -Be @('Keycode', 'Keycode')
            (Get-BmgDevice apple02).UseDep | Should -BeFalse
        }
    }

    Context 'by -Path' {
        # Round 32: the text was looked up as a file's name ("Cannot find path …"); it is now told as Import-BmgDeviceCsv tells
        # it (Core's CsvTextOrPath, the one rule), and nothing is changed.
        It 'CSV text given to <Parameter> is one CsvTextNotPath, naming the command''s ways, and changes nothing' -TestCases @(
            @{ Parameter = '-Path' }
            @{ Parameter = '-LiteralPath' }
        ) {
            $before = Get-StoreSnapshot
            $text = "Identifier,DEPMethod,Serial`napple02,Serial,C02BBBBB0002`n"
            $arguments = @{ $Parameter.TrimStart('-') = $text }
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment @arguments }
            Assert-ErrorId $result.Errors 'CsvTextNotPath'
            $result.Errors | Should -HaveCount 1
            "$($result.Errors[0])" | Should -BeLike "$Parameter was given CSV text, not the path of a file: $Parameter takes paths of CSV files, and no file is named so. Give the file's path (Set-BmgDeviceDepEnrollment $Parameter ./rows.csv), or turn the text into objects and pipe them (... | ConvertFrom-Csv | Set-BmgDeviceDepEnrollment)*It was the only such string given to $Parameter."
            "$($result.Errors[0])" | Should -Not -BeLike '*C02BBBBB0002*' -Because 'the text is data, never echoed'
            "$($result.Errors[0].TargetObject)" | Should -Be $Parameter
            Get-StoreSnapshot | Should -Be $before
            # The way it advises works: the same text turned into objects and piped.
            $text | ConvertFrom-Csv | Set-BmgDeviceDepEnrollment
            (Get-BmgDevice apple02).Serial | Should -Be 'C02BBBBB0002'
        }

        It 'a real file whose name reads like CSV text is still read as the file' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            New-Item -ItemType Directory $dir | Out-Null
            $file = Join-Path $dir 'apple02,Serial.csv'
            Set-Content -LiteralPath $file -Value @('Identifier,DEPMethod,Serial', 'apple02,Serial,C02BBBBB0002')
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -LiteralPath $file }
            $result.Errors | Should -BeNullOrEmpty
            (Get-BmgDevice apple02).Serial | Should -Be 'C02BBBBB0002'
        }

        It 'applies a CSV with Identifier, DEPMethod and Serial columns' {
            $csv = Write-TestCsv (New-CsvName) @(
                'Identifier,DEPMethod,Serial'
                'apple01,Serial,C02AAAAA0001'
                'apple02,Key Code,'
                'apple03,,C02AAAAA0003'
                'other01,serial,C02OOOOO0009'
            )
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }

            $result.Errors | Should -BeNullOrEmpty
            $result.Terminating | Should -BeNullOrEmpty
            "$((Get-BmgDevice apple01).DEPMethod)" | Should -Be 'Serial'
            "$((Get-BmgDevice apple02).DEPMethod)" | Should -Be 'Keycode'
            (Get-BmgDevice apple03).UseDep | Should -BeFalse
            (Get-BmgDevice apple03).Serial | Should -Be 'C02AAAAA0003'
            "$((Get-BmgDevice other01).DEPMethod)" | Should -Be 'Serial'
            (Get-BmgDevice other01).Serial | Should -Be 'C02OOOOO0009'
        }

        It 'reports a bad row naming its line and applies the others' {
            $csv = Write-TestCsv (New-CsvName) @(
                'Identifier,DEPMethod,Serial'
                'apple02,Serial,'
                'apple01,Keycode,C02AAAAA0001'
            )
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }

            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be 'MissingRequiredField'
            $result.Errors[0].Exception.Message | Should -Match '\b[Ll]ine 2\b'
            (Get-BmgDevice apple02).UseDep | Should -BeFalse
            "$((Get-BmgDevice apple01).DEPMethod)" | Should -Be 'Keycode'
        }

        It 'a row the reader refuses names its device, and Excel''s row below a quoted line break, as the import does (roww39)' {
            $csv = Join-Path $TestDrive "$(New-CsvName 'dep-cut')"
            # A copy still running: the last row ends without a line break. A Description above holds an Alt+Enter break.
            [IO.File]::WriteAllText($csv, "Identifier,DEPMethod,Serial,Description`r`napple01,Keycode,C02AAAAA0001,`"a`r`nb`"`r`napple02,Serial,C02BB")
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }
            @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('IncompleteLastRow')
            $result.Errors[0].Exception.Message | Should -BeLike ("Line 4 (device 'apple02') of '$csv': The file ends inside this row, without a line break*" +
                "(Excel shows this row as row 3: the line breaks inside cells above it count as lines but not as Excel's rows.)")
            (Get-BmgDevice apple02).UseDep | Should -BeFalse
        }

        It 'a device named twice (any case) fails the later row with DuplicateKeyInFile naming the earlier line, as Import-BmgDeviceCsv does; -WhatIf says so too (walkthrough 20, finding 3)' {
            $csv = Write-TestCsv (New-CsvName) @(
                'Identifier,DEPMethod,Serial'
                'apple02,Serial,C02BBBBB0002'
                'other01,Keycode,'
                'APPLE02,Keycode,'
            )
            $expected = "Line 4 of '$csv': Identifier 'APPLE02' already appears on line 2; a device may appear only once per file or pipeline (Identifier ignores case)."

            $dry = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv -WhatIf }
            @($dry.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('DuplicateKeyInFile')
            $dry.Errors[0].Exception.Message | Should -Be $expected
            (Get-BmgDevice apple02).UseDep | Should -BeFalse

            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }
            @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('DuplicateKeyInFile')
            $result.Errors[0].Exception.Message | Should -Be $expected
            $apple02 = Get-BmgDevice apple02
            "$($apple02.DEPMethod)" | Should -Be 'Serial' -Because 'the earlier row is applied and the later one refused, as -WhatIf predicted'
            $apple02.Serial | Should -Be 'C02BBBBB0002'
            "$((Get-BmgDevice other01).DEPMethod)" | Should -Be 'Keycode'
            @(Get-BmgDeviceHistory apple02 | Where-Object Command -eq 'Set-BmgDeviceDepEnrollment') | Should -HaveCount 1
        }

        It 'the rule is per file: two files that each name a device once are both applied, in order' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            New-Item -ItemType Directory $dir | Out-Null
            Set-Content -LiteralPath (Join-Path $dir 'a.csv') -Value @('Identifier,DEPMethod,Serial', 'apple02,Serial,C02BBBBB0002')
            Set-Content -LiteralPath (Join-Path $dir 'b.csv') -Value @('Identifier,DEPMethod,Serial', 'apple02,Keycode,')

            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path (Join-Path $dir '*.csv') }

            $result.Errors | Should -BeNullOrEmpty
            "$((Get-BmgDevice apple02).DEPMethod)" | Should -Be 'Keycode'
        }

        # Walkthrough 31b, finding 3: the header refusal of a ';' file advised a -Delimiter this command did not have.
        It 'a '';'' file (Excel in a '';'' locale) is refused advising -Delimiter '';'', which applies it; a file of serials is still no file of identifiers here' {
            $csv = Write-TestCsv (New-CsvName) @('Identifier;DEPMethod', 'apple02;Keycode')
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }
            Assert-ErrorId $result.Errors 'UnknownCsvColumn'
            "$($result.Errors[0])" | Should -BeLike "*but it has when split at ';': read it with -Delimiter ';'."
            (Get-BmgDevice apple02).UseDep | Should -BeFalse

            $applied = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv -Delimiter ';' }
            $applied.Errors | Should -BeNullOrEmpty
            "$((Get-BmgDevice apple02).DEPMethod)" | Should -Be 'Keycode'

            $serials = Write-TestCsv (New-CsvName) @('Serial', 'BBBCCCDDDAAA')
            $refused = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $serials }
            Assert-ErrorId $refused.Errors 'MissingRequiredField'
            "$($refused.Errors[0])" | Should -BeExactly "Line 1 of '$serials': the header has no Identifier column."
        }

        It 'refuses a file without Identifier, or with a misspelled or repeated column, and changes nothing' -TestCases @(
            @{ Header = 'DEPMethod,Serial'; Row = 'Keycode,'; ErrorId = 'MissingRequiredField'; Pattern = '*the header has no Identifier column*' }
            @{ Header = 'Identifier,DEPMetod'; Row = 'apple02,Keycode'; ErrorId = 'UnknownCsvColumn'; Pattern = "*'DEPMetod' is not a column*Did you mean 'DEPMethod'?*" }
            @{ Header = 'Identifier,DEPMethod,DEPMethod'; Row = 'apple02,Keycode,Keycode'; ErrorId = 'DuplicateCsvColumn'; Pattern = "*column 'DEPMethod' appears twice*" }
        ) {
            $csv = Write-TestCsv (New-CsvName) @($Header, $Row)
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }

            $result.Terminating | Should -BeNullOrEmpty
            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be $ErrorId
            $result.Errors[0].Exception.Message | Should -BeLike $Pattern
            (Get-BmgDevice apple02).UseDep | Should -BeFalse
        }

        It 'applies the module''s own export (walkthrough 12, finding 10): only DEP enrollment changes, the other columns are read by nothing, as when the file is piped' {
            $export = Join-Path $TestDrive (New-CsvName 'export')
            Export-BmgDeviceCsv $export
            # Edited "in Excel": apple01 to enroll by key code; its DisplayName and Code edited too, which this cmdlet must not apply.
            $rows = @(Import-Csv $export)
            $row = $rows | Where-Object Identifier -EQ 'apple01'
            $row.DEPMethod = 'Keycode'
            $row.DisplayName = 'Renamed in Excel'
            $row.Code = 'EDITED99'
            $rows | Export-Csv $export -NoTypeInformation
            $before = @(Get-BmgDevice | Where-Object Identifier -NE 'apple01' | Select-CodeText | Select-Object * -ExcludeProperty CreatedAt, SavedAt) | ConvertTo-Json -Depth 5

            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $export }

            $result.Terminating | Should -BeNullOrEmpty
            $result.Errors | Should -BeNullOrEmpty
            $apple01 = Get-BmgDevice apple01
            "$($apple01.DEPMethod)" | Should -Be 'Keycode'
            $apple01.Serial | Should -Be 'C02AAAAA0001'
            $apple01.DisplayName | Should -Be 'Apple one'
            $apple01.Code | ConvertFrom-SecureString -AsPlainText | Should -Not -Be 'EDITED99'
            @(Get-BmgDevice | Where-Object Identifier -NE 'apple01' | Select-CodeText | Select-Object * -ExcludeProperty CreatedAt, SavedAt) | ConvertTo-Json -Depth 5 |
                Should -Be $before -Because 'the other rows are the devices as they are'
        }
    }

    Context 'from the pipeline' {
        It 'Get-BmgDevice a* | Set-BmgDeviceDepEnrollment -Method Keycode changes exactly those devices' {
            Get-BmgDevice a* | Set-BmgDeviceDepEnrollment -Method Keycode

            @(Get-BmgDevice a* | Sort-Object Identifier | ForEach-Object { "$($_.DEPMethod)" }) | Should -Be @('Keycode', 'Keycode', 'Keycode')
            (Get-BmgDevice apple01).Serial | Should -Be 'C02AAAAA0001'
            (Get-BmgDevice apple02).Serial | Should -BeNullOrEmpty
            (Get-BmgDevice other01).UseDep | Should -BeFalse
        }

        It '-Method binds from a DEPMethod property of piped objects, in any case' {
            @(
                [pscustomobject]@{ Identifier = 'apple01'; DepMethod = 'Serial' }
                [pscustomobject]@{ Identifier = 'apple02'; DepMethod = 'Key Code' }
            ) | Set-BmgDeviceDepEnrollment

            "$((Get-BmgDevice apple01).DEPMethod)" | Should -Be 'Serial'
            "$((Get-BmgDevice apple02).DEPMethod)" | Should -Be 'Keycode'
        }

        It 'Import-Csv x.csv | Set-BmgDeviceDepEnrollment -Method Serial takes Identifier and Serial from the columns' {
            $csv = Write-TestCsv (New-CsvName) @(
                'Identifier,Serial'
                'apple02,C02BBBBB0002'
                'other01,C02OOOOO0001'
            )
            Import-Csv $csv | Set-BmgDeviceDepEnrollment -Method Serial

            $apple02 = Get-BmgDevice apple02
            "$($apple02.DEPMethod)" | Should -Be 'Serial'
            $apple02.Serial | Should -Be 'C02BBBBB0002'
            "$((Get-BmgDevice other01).DEPMethod)" | Should -Be 'Serial'
            (Get-BmgDevice apple01).UseDep | Should -BeFalse
        }

        It 'Import-Csv x.csv | Set-BmgDeviceDepEnrollment: one pipeline of rows is one file, so a device piped twice fails the later object naming the earlier, -WhatIf too (walkthrough 20, finding 3)' {
            $csv = Write-TestCsv (New-CsvName) @(
                'Identifier,DEPMethod,Serial'
                'apple02,Serial,C02BBBBB0002'
                'APPLE02,Keycode,'
            )
            $expected = "Piped object 2: Identifier 'APPLE02' already appears as piped object 1; a device may appear only once per file or pipeline (Identifier ignores case)."

            $dry = Invoke-Captured { Import-Csv $csv | Set-BmgDeviceDepEnrollment -WhatIf }
            @($dry.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('DuplicateKeyInFile')
            $dry.Errors[0].Exception.Message | Should -Be $expected

            $result = Invoke-Captured { Import-Csv $csv | Set-BmgDeviceDepEnrollment }
            @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('DuplicateKeyInFile')
            $result.Errors[0].Exception.Message | Should -Be $expected
            $apple02 = Get-BmgDevice apple02
            "$($apple02.DEPMethod)" | Should -Be 'Serial'
            $apple02.Serial | Should -Be 'C02BBBBB0002'
        }

        It 'Import-Csv with a serial column named <Column> | Set-BmgDeviceDepEnrollment changes no device and says which column' -TestCases @(
            @{ Column = 'SerialNumber' }
            @{ Column = '"Serial Number"' }
            # Two neighbouring letters swapped are one edit (walkthrough 28, finding 4: DEP went on with the old serial).
            @{ Column = 'Serail' }
            @{ Column = 'Seiral' }
        ) {
            # Walkthrough 16: the column bound nothing, and DEP was turned on with the device's old serial, silently.
            $csv = Write-TestCsv (New-CsvName) @(
                "Identifier,$Column"
                'apple01,C02NEWSERIAL'
                'other01,C02NEWSERIA2'
            )
            $name = $Column.Trim('"')
            $before = Get-BmgDevice | Select-CodeText | Select-Object * -ExcludeProperty CreatedAt, SavedAt | ConvertTo-Json -Depth 5

            $result = Invoke-Captured { Import-Csv $csv | Set-BmgDeviceDepEnrollment -Method Serial -PassThru }

            $result.Output | Should -BeNullOrEmpty
            Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError' -Count 2
            $result.Errors[0].Exception.Message | Should -BeLike "*-Identifier 'apple01' is refused, and nothing is changed for it: Set-BmgDeviceDepEnrollment takes Serial from a piped object's properties, and '$name' (did you mean 'Serial'?) is not a field name*"
            $result.Errors[0].Exception.Message | Should -Not -BeLike '*C02NEWSERIAL*' -Because 'names only, never a value'
            Get-BmgDevice | Select-CodeText | Select-Object * -ExcludeProperty CreatedAt, SavedAt | ConvertTo-Json -Depth 5 | Should -Be $before

            # The way the message gives works, and an unrelated column (Notes) is no reason to refuse.
            Import-Csv $csv | Select-Object Identifier, @{ n = 'Serial'; e = { $_.$name } }, @{ n = 'Notes'; e = { 'x' } } |
                Set-BmgDeviceDepEnrollment -Method Serial
            (Get-BmgDevice apple01).Serial | Should -Be 'C02NEWSERIAL'
            "$((Get-BmgDevice other01).DEPMethod)" | Should -Be 'Serial'
        }

        It 'Import-Csv with a serial column named <Column> | Set-BmgDeviceDepEnrollment <Given> applies the rows: that column would not be taken' -TestCases @(
            @{ Column = 'SerialNumber'; Given = '-Disable' }
            @{ Column = '"Serial Number"'; Given = '-Serial' }
        ) {
            # The refusal guards the serial a row would give; with -Disable no serial is taken, with -Serial the command line's is.
            $csv = Write-TestCsv (New-CsvName) @(
                "Identifier,$Column"
                'apple01,C02NEWSERIAL'
                'apple03,C02NEWSERIA2'
            )

            $result = if ($Given -eq '-Disable') {
                Invoke-Captured { Import-Csv $csv | Set-BmgDeviceDepEnrollment -Disable -PassThru }
            } else {
                # One serial belongs to one device: each row gets its own.
                Invoke-Captured {
                    $n = 0; Import-Csv $csv | ForEach-Object { $_ | Set-BmgDeviceDepEnrollment -Method Serial -Serial "C02GIVEN000$((++$n))" -PassThru }
                }
            }

            $result.Errors | Should -BeNullOrEmpty
            $result.Output.Identifier | Should -Be @('apple01', 'apple03')
            if ($Given -eq '-Disable') {
                (Get-BmgDevice apple03).UseDep | Should -BeFalse
                (Get-BmgDevice apple03).Serial | Should -Be 'C02AAAAA0003'
            } else {
                "$((Get-BmgDevice apple01).DEPMethod)" | Should -Be 'Serial'
                (Get-BmgDevice apple01).Serial | Should -Be 'C02GIVEN0001'
                (Get-BmgDevice apple03).Serial | Should -Be 'C02GIVEN0002'
            }
        }

        It 'a piped object without a Serial property keeps its own registered serial' {
            @(
                [pscustomobject]@{ Identifier = 'apple02'; Serial = 'C02BBBBB0002' }
                [pscustomobject]@{ Identifier = 'apple01' }
            ) | Set-BmgDeviceDepEnrollment -Method Serial

            (Get-BmgDevice apple02).Serial | Should -Be 'C02BBBBB0002'
            (Get-BmgDevice apple01).Serial | Should -Be 'C02AAAAA0001'
            "$((Get-BmgDevice apple01).DEPMethod)" | Should -Be 'Serial'
        }

        It 'Get-BmgDevice | Set-BmgDeviceDepEnrollment -Method Serial reports devices without a serial and changes the others' {
            $result = Invoke-Captured { Get-BmgDevice apple* | Set-BmgDeviceDepEnrollment -Method Serial }

            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be 'MissingRequiredField'
            $result.Errors[0].Exception.Message | Should -Match 'apple02'
            "$((Get-BmgDevice apple01).DEPMethod)" | Should -Be 'Serial'
            (Get-BmgDevice apple02).UseDep | Should -BeFalse
        }

        It 'an unknown device is a non-terminating DeviceNotFound and the rest of the pipeline goes on' {
            $result = Invoke-Captured {
                @(
                    [pscustomobject]@{ Identifier = 'apple01' }
                    [pscustomobject]@{ Identifier = 'nosuch99' }
                    [pscustomobject]@{ Identifier = 'apple02' }
                ) | Set-BmgDeviceDepEnrollment -Method Keycode -PassThru
            }

            $result.Terminating | Should -BeNullOrEmpty
            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
            $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            "$($result.Errors[0].TargetObject)" | Should -Be 'nosuch99'
            $result.Errors[0].Exception.Message | Should -Match 'nosuch99'
            @($result.Output.Identifier) | Should -Be @('apple01', 'apple02')
            "$((Get-BmgDevice apple02).DEPMethod)" | Should -Be 'Keycode'
        }

        It 'an unknown device among -Identifier values does not stop the others' {
            $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Identifier nosuch99, apple02 -Method Keycode }
            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
            "$((Get-BmgDevice apple02).DEPMethod)" | Should -Be 'Keycode'
        }
    }

    Context 'field rules' {
        It '<Case> is refused with <ErrorId> and changes nothing' -TestCases @(
            @{ Case = 'Serial method without a serial'; ErrorId = 'MissingRequiredField'; Pattern = 'apple02'; Action = { Set-BmgDeviceDepEnrollment -Identifier apple02 -Method Serial } }
            @{ Case = 'Serial method with a blank -Serial'; ErrorId = 'MissingRequiredField'; Pattern = 'apple01'; Action = { Set-BmgDeviceDepEnrollment -Identifier apple01 -Method Serial -Serial '' } }
            @{ Case = 'an android device'; ErrorId = 'InvalidFieldValue'; Pattern = 'android'; Action = { Set-BmgDeviceDepEnrollment -Identifier droid01 -Method Keycode } }
            @{ Case = 'a serial another device holds'; ErrorId = 'DuplicateSerial'; Pattern = 'other01'; Action = { Set-BmgDeviceDepEnrollment -Identifier apple02 -Method Serial -Serial C02OOOOO0001 } }
            @{ Case = 'an unknown method'; ErrorId = 'InvalidFieldValue'; Pattern = 'Bluetooth'; Action = { Set-BmgDeviceDepEnrollment -Identifier apple02 -Method Bluetooth } }
            @{ Case = 'an invalid serial'; ErrorId = 'InvalidFieldValue'; Pattern = 'AB-12'; Action = { Set-BmgDeviceDepEnrollment -Identifier apple02 -Method Serial -Serial 'AB-12' } }
        ) {
            $before = Get-StoreSnapshot
            $result = Invoke-Captured $Action

            $result.Terminating | Should -BeNullOrEmpty -Because 'a per-item problem is a non-terminating error'
            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be $ErrorId
            $result.Errors[0].Exception.Message | Should -Match $Pattern
            Get-StoreSnapshot | Should -Be $before
        }
    }

    Context 'the edit lock' {
        BeforeEach {
            $script:LockRow = 'lock01,ios,C02LLLLL0001,code99,Locked one'
            $seed = Write-TestCsv (New-CsvName 'lock') @('Identifier,OS,Serial,Code,DisplayName', $LockRow)
            Import-BmgDeviceCsv $seed | Out-Null
        }

        It 'a <State> device refuses Set-BmgDeviceDepEnrollment with DeviceLocked naming it and its state' -TestCases @(
            @{ State = 'CheckedIn'; Lock = { Register-BmgDeviceCheckIn -Identifier lock01 -Code code99 -Serial C02LLLLL0001 | Out-Null } }
            @{ State = 'Withdrawn'; Lock = { Unregister-BmgDevice -Identifier lock01 -Confirm:$false } }
        ) {
            & $Lock
            (Get-BmgDevice lock01).State | Should -Be $State
            $before = Get-StoreSnapshot

            foreach ($action in @(
                    { Set-BmgDeviceDepEnrollment -Identifier lock01 -Method Keycode },
                    { Set-BmgDeviceDepEnrollment -Identifier lock01 -Method Serial -Serial C02LLLLL0002 },
                    { Set-BmgDeviceDepEnrollment -Identifier lock01 -Method Serial }
                )) {
                $result = Invoke-Captured $action
                $result.Errors.Count | Should -Be 1 -Because "$action"
                Get-ErrorId $result.Errors[0] | Should -Be 'DeviceLocked'
                $result.Errors[0].Exception.Message | Should -Match 'lock01'
                $result.Errors[0].Exception.Message | Should -Match $State
            }
            Get-StoreSnapshot | Should -Be $before
        }

        It 'a <State> device refuses an import row that changes it with DeviceLocked, store unchanged' -TestCases @(
            @{ State = 'CheckedIn'; Lock = { Register-BmgDeviceCheckIn -Identifier lock01 -Code code99 -Serial C02LLLLL0001 | Out-Null } }
            @{ State = 'Withdrawn'; Lock = { Unregister-BmgDevice -Identifier lock01 -Confirm:$false } }
        ) {
            & $Lock
            $before = Get-StoreSnapshot
            $csv = Write-TestCsv (New-CsvName) @('Identifier,OS,Serial,Code,DisplayName,DEPMethod', 'lock01,ios,C02LLLLL0001,code99,Locked one,Keycode')

            $result = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }

            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be 'DeviceLocked'
            $result.Errors[0].Exception.Message | Should -Match 'lock01'
            $result.Errors[0].Exception.Message | Should -Match $State
            $result.Errors[0].Exception.Message | Should -Match '\b[Ll]ine 2\b'
            Get-StoreSnapshot | Should -Be $before
        }

        It 'a <State> device: nothing else in a refused row is applied, not even the user' -TestCases @(
            @{ State = 'CheckedIn'; Lock = { Register-BmgDeviceCheckIn -Identifier lock01 -Code code99 -Serial C02LLLLL0001 | Out-Null } }
            @{ State = 'Withdrawn'; Lock = { Unregister-BmgDevice -Identifier lock01 -Confirm:$false } }
        ) {
            & $Lock
            $before = Get-StoreSnapshot
            $csv = Write-TestCsv (New-CsvName) @('UserName,Name,Identifier,DisplayName', 'newuser,New User,lock01,Renamed')

            $result = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }

            Get-ErrorId $result.Errors[0] | Should -Be 'DeviceLocked'
            Get-BmgUser -ErrorAction SilentlyContinue | Where-Object UserName -EQ 'newuser' | Should -BeNullOrEmpty
            Get-StoreSnapshot | Should -Be $before
        }

        It 'a <State> device: an import row identical to it is Unchanged, without an error' -TestCases @(
            @{ State = 'CheckedIn'; Lock = { Register-BmgDeviceCheckIn -Identifier lock01 -Code code99 -Serial C02LLLLL0001 | Out-Null } }
            @{ State = 'Withdrawn'; Lock = { Unregister-BmgDevice -Identifier lock01 -Confirm:$false } }
        ) {
            & $Lock
            $before = Get-StoreSnapshot
            $csv = Write-TestCsv (New-CsvName) @('Identifier,OS,Serial,Code,DisplayName', $LockRow)

            $result = Invoke-Captured { Import-BmgDeviceCsv $csv -PassThru }

            $result.Errors | Should -BeNullOrEmpty
            $result.Terminating | Should -BeNullOrEmpty
            "$($result.Output[0].DeviceAction)" | Should -Be 'Unchanged'
            Get-StoreSnapshot | Should -Be $before
        }
    }
}

Describe 'New-BmgDevice and Set-BmgDevice -DEPMethod Serial with a serial the DEP device list lacks warn as Set-BmgDeviceDepEnrollment does' {
    BeforeEach {
        New-TestStore | Out-Null
        $dep = Write-TestCsv (New-CsvName 'dep') @('SerialNumber,Model,Description,ProfileName', 'AAABBBCCCDDD,iPhone 15,IPHONE 15,P1')
        Import-BmgDepDevice $dep | Out-Null
        New-BmgDevice -Identifier plain01 -OS ios | Out-Null
        New-BmgDevice -Identifier plain02 -OS ios | Out-Null
    }

    It 'New-BmgDevice warns, with Set-BmgDeviceDepEnrollment''s text, and creates the device' {
        $result = Invoke-Captured { New-BmgDevice -Identifier new01 -OS ios -Serial ZZZYYYXXXWWW -DEPMethod Serial }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Identifier | Should -Be 'new01'
        @($result.Warnings.Message) | Should -Be @("Device 'new01' $(Get-InStore): Serial 'ZZZYYYXXXWWW' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial.")

        $enrollment = Invoke-Captured { Set-BmgDeviceDepEnrollment -Identifier plain01 -Method Serial -Serial ZZZYYYXXXWWV }
        @($enrollment.Warnings.Message) | Should -Be @("Device 'plain01' $(Get-InStore): Serial 'ZZZYYYXXXWWV' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial.")
    }

    It 'Set-BmgDevice warns when it sets DEPMethod Serial or changes the Serial of such a device, not at a later edit of another field (walkthrough 25, 7)' {
        $unlisted = { param($serial, $device) "Device '$device' $(Get-InStore): Serial '$serial' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial." }
        @((Invoke-Captured { Set-BmgDevice -Identifier plain02 -DEPMethod Serial -Serial ZZZYYYXXXWWU }).Warnings.Message) | Should -Be @(& $unlisted ZZZYYYXXXWWU plain02)
        "$((Get-BmgDevice plain02).DEPMethod)" | Should -Be 'Serial'
        @((Invoke-Captured { Set-BmgDevice -Identifier plain02 -Serial ZZZYYYXXXWWT }).Warnings.Message) | Should -Be @(& $unlisted ZZZYYYXXXWWT plain02)
        # An edit of another field says nothing of the serial it did not set (one rule: DeviceEditor.DepLinkWarning);
        # Get-BmgDeviceDepLink flags the device whenever it shows it.
        (Invoke-Captured { Set-BmgDevice -Identifier plain02 -DisplayName 'Front desk' }).Warnings | Should -BeNullOrEmpty
        (Get-BmgDeviceDepLink plain02 -WarningAction SilentlyContinue).Warning | Should -BeLike "Serial 'ZZZYYYXXXWWT' is not in Apple's DEP device list*"
        # An edit that changes nothing says nothing.
        (Invoke-Captured { Set-BmgDevice -Identifier plain02 -DisplayName 'Front desk' }).Warnings | Should -BeNullOrEmpty
        # Nor does a serial given again as it is, beside a change of another field.
        (Invoke-Captured { Set-BmgDevice -Identifier plain02 -Serial ZZZYYYXXXWWT -DisplayName 'Back desk' }).Warnings | Should -BeNullOrEmpty
        # A serial the list has: no such warning.
        (Invoke-Captured { New-BmgDevice -Identifier listed01 -OS ios -Serial AAABBBCCCDDD -DEPMethod Serial }).Warnings | Should -BeNullOrEmpty
        # DEPMethod Keycode checks in through DEP with the serial it reports: check-in refuses one the list lacks, the link view flags it.
        @((Invoke-Captured { New-BmgDevice -Identifier key01 -OS ios -Serial ZZZYYYXXXWWS -DEPMethod Keycode }).Warnings.Message) | Should -Be @(& $unlisted ZZZYYYXXXWWS key01)
        @((Invoke-Captured { Set-BmgDevice -Identifier plain01 -DEPMethod Keycode -Serial ZZZYYYXXXWWR }).Warnings.Message) | Should -Be @(& $unlisted ZZZYYYXXXWWR plain01)
        # A Keycode device without a Serial: the serial it will report is not known yet.
        (Invoke-Captured { New-BmgDevice -Identifier key02 -OS ios -DEPMethod Keycode }).Warnings | Should -BeNullOrEmpty
    }
}

Describe 'New-/Set-BmgDevice and Set-BmgDeviceDepEnrollment warn for every DEP link Get-BmgDeviceDepLink flags, in its words' {
    BeforeAll {
        $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
        # The link view's warning line for a device, as it writes it.
        function Get-LinkWarningLine([string] $Identifier) {
            $result = Invoke-Captured { Get-BmgDeviceDepLink $Identifier }
            $result.Output[0].Warning | Should -Not -BeNullOrEmpty -Because "the link view flags '$Identifier'"
            @($result.Warnings) | Should -HaveCount 1
            "$($result.Warnings[0])"
        }
    }

    BeforeEach {
        New-TestStore | Out-Null
        # Saved before Apple's list said what C02XK1ABJG5H is (a Mac): the planner refuses a Mac only when the DEP link changes.
        $seed = Write-TestCsv (New-CsvName 'seed') @('Identifier,OS,Serial,DEPMethod,Code', 'mac-x,ios,C02XK1ABJG5H,Serial,code01', 'plain01,ios,,,code02', 'plain02,ios,,,code03')
        (Import-BmgDeviceCsv $seed).Created | Should -Be 3
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        # A DEP device Apple released (added, then deleted).
        $release = Join-Path $TestDrive "release-$([guid]::NewGuid().ToString('N')).json"
        Set-Content -LiteralPath $release -Encoding utf8NoBOM -Value '{"devices":[{"serial_number":"RRRSSSTTTUUU","model":"iPad","os":"iOS","device_family":"iPad","op_type":"added","op_date":"2026-11-23T09:00:00Z"},{"serial_number":"RRRSSSTTTUUU","model":"iPad","os":"iOS","device_family":"iPad","op_type":"deleted","op_date":"2026-11-23T10:00:00Z"}],"cursor":"MToz","more_to_follow":false}'
        Import-BmgDepDevice $release | Out-Null
    }

    It 'a DEP device that is not an iOS device: an edit of another field says nothing of it; the link view flags it (walkthrough 25, 7)' {
        $result = Invoke-Captured { Set-BmgDevice -Identifier mac-x -DisplayName 'Lab Mac' }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        Get-LinkWarningLine mac-x | Should -BeLike "Device 'mac-x' $([WildcardPattern]::Escape((Get-InStore))): Serial 'C02XK1ABJG5H' is a Mac in Apple's DEP device list*"
    }

    It 'a serial Apple released: <Command> warns as the link view flags it' -TestCases @(
        @{ Command = 'Set-BmgDevice'; Identifier = 'plain01'; Change = { Set-BmgDevice -Identifier plain01 -DEPMethod Serial -Serial RRRSSSTTTUUU } }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Identifier = 'plain02'; Change = { Set-BmgDeviceDepEnrollment -Identifier plain02 -Method Keycode -Serial RRRSSSTTTUUU } }
        @{ Command = 'New-BmgDevice'; Identifier = 'new01'; Change = { New-BmgDevice -Identifier new01 -OS ios -DEPMethod Serial -Serial RRRSSSTTTUUU } }
    ) {
        $result = Invoke-Captured $Change
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings.Message) | Should -Be @(Get-LinkWarningLine $Identifier)
        "$($result.Warnings[0])" | Should -BeLike "On 2026-11-23 *, Apple released DEP device 'RRRSSSTTTUUU', which device '$Identifier' $([WildcardPattern]::Escape((Get-InStore))) uses."
    }

    # left26: "WARNING: Device 'dev001': DEP device 'RRRSSSTTTUUU' was released by Apple on 2026-11-23 10:00:00 +00:00." put
    # the time across the 80th column, where the console wraps it, for every Identifier of 8 characters or fewer.
    It 'a released DEP device''s WARNING line opens with its time, so an 80-column console never breaks the time (Identifier of <Length> characters)' -TestCases @(
        @{ Length = 1 }, @{ Length = 6 }, @{ Length = 8 }, @{ Length = 20 }
    ) {
        $identifier = 'd' * $Length
        $result = Invoke-Captured { New-BmgDevice -Identifier $identifier -OS ios -DEPMethod Serial -Serial RRRSSSTTTUUU }
        $line = "WARNING: $($result.Warnings[0])"
        $time = (Get-BmgDeviceDepLink $identifier -WarningAction SilentlyContinue).DepReleasedAt.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
        $line | Should -BeLike "WARNING: On $time, Apple released DEP device 'RRRSSSTTTUUU', which device '$identifier' $([WildcardPattern]::Escape((Get-InStore))) uses."
        $line.IndexOf($time) + $time.Length | Should -BeLessOrEqual 80
    }

    It '-WhatIf warns as the real run does, and changes nothing' {
        $result = Invoke-Captured { Set-BmgDevice -Identifier plain01 -DEPMethod Serial -Serial RRRSSSTTTUUU -WhatIf }
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "On 2026-11-23 *, Apple released DEP device 'RRRSSSTTTUUU', which device 'plain01' $([WildcardPattern]::Escape((Get-InStore))) uses."
        (Get-BmgDevice plain01).DEPMethod | Should -BeNullOrEmpty
    }

    # Walkthrough 25, finding 7: Get-BmgDevice dev00012* | Set-BmgDevice -DEPMethod Keycode wrote 50 such warnings.
    It 'a piped batch that sets the DEP link of several flagged devices: one warning naming them, each device''s under -Verbose' {
        Set-BmgDevice -Identifier plain01 -Serial ZZZYYYXXXW01
        Set-BmgDevice -Identifier plain02 -Serial ZZZYYYXXXW02
        $streams = @(Get-BmgDevice plain* | Set-BmgDevice -DEPMethod Keycode -Verbose 4>&1 3>&1 2>&1)
        @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        @($streams | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { "$_" }) | Should -Be @("2 devices $(Get-InStore) will have their check-ins through DEP refused ('plain01', 'plain02'): " +
            "Get-BmgDeviceDepLink flags each (a serial Apple's DEP device list lacks, a DEP device Apple released, or one that is not an " +
            "iOS device), and its Warning says what to do. -Verbose writes each device's warning.")
        $lines = @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $lines | Should -Contain (Get-LinkWarningLine plain01)
        $lines | Should -Contain (Get-LinkWarningLine plain02)
        "$((Get-BmgDevice plain02).DEPMethod)" | Should -Be 'Keycode'
    }
}
