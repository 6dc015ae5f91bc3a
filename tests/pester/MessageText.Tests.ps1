# Walkthrough 20, findings 5, 6, 7 and 8: how values are shown in -WhatIf lines, -PassThru Changes and warnings (one
# formatting, FieldText.Printable, for every message), invisible characters, a serial held by a locked device, and the
# blank ExpirationDays that resets a stored value to the default.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
}

Describe 'A line break in a value is shown as its code point (U+000A) in -WhatIf lines, -PassThru Changes and CLEARED warnings (finding 5)' {
    BeforeEach {
        New-TestStore | Out-Null
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'Identifier,OS,DisplayName,Description'
            "jp-1,ios,Name,`"一行目`n二行目`""
        )
        Import-BmgDeviceCsv $seed | Out-Null
    }

    It 'Set-BmgDevice -WhatIf says the change on one line' {
        $text = Get-WhatIfText { Set-BmgDevice -Identifier jp-1 -Description "三行目`n四行目" -WhatIf }
        $text | Should -Match ([regex]::Escape("Description: '一行目<U+000A>二行目' -> '三行目<U+000A>四行目'"))
    }

    It 'an import''s -PassThru Changes and -WhatIf line keep a row on one line' {
        $csv = Write-TestCsv (New-CsvName) @(
            'Identifier,OS,Description'
            "jp-1,ios,`"東京本社`n内線 1`""
        )
        $text = Get-WhatIfText { Import-BmgDeviceCsv $csv -WhatIf }
        $text | Should -Match ([regex]::Escape("Description: '一行目<U+000A>二行目' -> '東京本社<U+000A>内線 1'"))

        $row = Import-BmgDeviceCsv $csv -PassThru | Where-Object { $_.PSObject.Properties['Changes'] -and $_.Identifier -eq 'jp-1' }
        $row.Changes | Should -Be "Description: '一行目<U+000A>二行目' -> '東京本社<U+000A>内線 1'"
        (Get-BmgDevice jp-1).Description | Should -Be "東京本社`n内線 1" -Because 'only the message shows the code point; the value is stored as given'
    }

    It 'the CLEARED warning shows the value it would clear on one line' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,Description', 'jp-1,')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -WhatIf }
        @($result.Warnings.Message) | Should -Contain "Line 2 (device 'jp-1') of '$csv': Description '一行目<U+000A>二行目' would be CLEARED: a blank cell clears the registered value."
    }
}

Describe 'A blank ExpirationDays that resets a stored value warns under -WhatIf (finding 8)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier b-1 -OS ios -ExpirationDays 30 | Out-Null
        New-BmgDevice -Identifier b-2 -OS ios | Out-Null
    }

    It 'warns for a device whose 30 would become 7, not for one that has 7 already, nor for a 7 written in the cell' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,ExpirationDays', 'b-1,', 'b-2,')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -WhatIf }
        @($result.Warnings.Message | Where-Object { $_ -like '*ExpirationDays*' }) |
            Should -Be @("Line 2 (device 'b-1') of '$csv': ExpirationDays '30' would be reset to 7: a blank cell means the default.")
        (Get-BmgDevice b-1).ExpirationDays | Should -Be 30

        $typed = Write-TestCsv (New-CsvName) @('Identifier,ExpirationDays', 'b-1,7')
        $result = Invoke-Captured { Import-BmgDeviceCsv $typed -WhatIf }
        @($result.Warnings.Message | Where-Object { $_ -like '*ExpirationDays*' }) | Should -BeNullOrEmpty
    }
}

Describe 'Invisible format characters (U+200B, U+FEFF) in messages and values (finding 6)' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It 'an Identifier or Serial with a U+200B is refused naming the character and its position, the value showing its code point' {
        $zw = [char]0x200B
        $csv = Write-TestCsv (New-CsvName) @(
            'Identifier,OS,Serial'
            "zw-1$zw,ios,"
            "zw-2,ios,F9FXK2ZW$($zw)AA1"
        )
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        @($result.Errors.Exception.Message) | Should -Be @(
            "Line 2 of '$csv': Identifier value 'zw-1<U+200B>' is not valid: must be 1 to 20 characters of A-Z, a-z, 0-9, '.', '-' or '_'; character 5 (U+200B) is none of these."
            "Line 3 (device 'zw-2') of '$csv': Serial value 'F9FXK2ZW<U+200B>AA1' is not valid: must be 8 to 14 characters of A-Z or 0-9; character 9 (U+200B) is none of these."
        )
        $result = Invoke-Captured { Get-BmgDevice "zw-1$zw" }
        $result.Errors[0].Exception.Message | Should -BeLike "*'zw-1<U+200B>'*"
    }

    It 'a text field refuses a U+200B or U+FEFF at its start or end, and keeps one inside' {
        $zw = [char]0x200B
        $csv = Write-TestCsv (New-CsvName) @(
            'Identifier,OS,DisplayName'
            "t-1,ios,名前$zw"
            "t-2,ios,$([char]0xFEFF)名前"
            "t-3,ios,名$($zw)前"
        )
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        @($result.Errors.Exception.Message) | Should -Be @(
            "Line 2 (device 't-1') of '$csv': DisplayName value '名前<U+200B>' is not valid: must not start or end with an invisible character (it has U+200B at character 3); give the value without it. A value stored with it before this rule keeps it until changed: correct the cell and import again, or use Set-BmgDevice or Set-BmgUser; a stored name by renaming it (Rename-BmgUser, Rename-BmgTemplate, Rename-BmgDeviceTag, Rename-BmgOrganization)."
            "Line 3 (device 't-2') of '$csv': DisplayName value '<U+FEFF>名前' is not valid: must not start or end with an invisible character (it has U+FEFF at character 1); give the value without it. A value stored with it before this rule keeps it until changed: correct the cell and import again, or use Set-BmgDevice or Set-BmgUser; a stored name by renaming it (Rename-BmgUser, Rename-BmgTemplate, Rename-BmgDeviceTag, Rename-BmgOrganization)."
        )
        @(Get-BmgDevice).Identifier | Should -Be @('t-3')
        (Get-BmgDevice t-3).DisplayName | Should -Be "名$($zw)前"
    }
}

Describe 'A value stored with an invisible character at its end before the rule (msgs20): the refusal says how to fix it, and it can be fixed' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgUser -UserName 'zw-user' -Name 'Bob' | Out-Null
        New-BmgDevice -Identifier 'zw-dev' -OS ios -UserName 'zw-user' -DisplayName 'Phone' | Out-Null
        # As a store written before the twentieth round holds them: no command stores such a value any more.
        if ((Get-TestStoreKind) -eq 'postgres') {
            $null = Invoke-PostgresTestSql -Uri $Database -Sql "UPDATE users SET user_name = 'zw-user' || chr(8203), name = chr(65279) || 'Bob'; UPDATE devices SET display_name = 'Phone' || chr(8203);"
        } else {
            $null = Invoke-StoreSql -Database $Database -Sql "UPDATE users SET user_name = 'zw-user' || char(8203), name = char(65279) || 'Bob'; UPDATE devices SET display_name = 'Phone' || char(8203);"
        }
        $script:Export = Join-Path $TestDrive (New-CsvName 'zw-export')
        Export-BmgDeviceCsv -Path $Export
    }

    It 'an export re-imported unchanged is refused, each value naming its character and the commands that change it' {
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $Export -WhatIf }
        $row = @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'InvalidFieldValue' })
        $row.Count | Should -Be 1
        $message = $row[0].Exception.Message
        $message | Should -BeLike "*UserName value 'zw-user<U+200B>' is not valid: must not start or end with an invisible character (it has U+200B at character 8); give the value without it.*"
        $message | Should -BeLike "*DisplayName value 'Phone<U+200B>' is not valid: *; give the value without it. A value stored with it before this rule keeps it until changed: correct the cell and import again, or use Set-BmgDevice or Set-BmgUser; a stored name by renaming it (Rename-BmgUser,*"
    }

    It 'the commands the message names fix every value, and the export then re-imports unchanged' {
        $zw = [char]0x200B
        Rename-BmgUser -UserName "zw-user$zw" -NewName 'zw-user' -Confirm:$false -ErrorAction Stop
        Set-BmgUser -UserName 'zw-user' -Name 'Bob' -ErrorAction Stop
        Set-BmgDevice -Identifier 'zw-dev' -DisplayName 'Phone' -ErrorAction Stop
        (Get-BmgDevice -Identifier 'zw-dev').UserName | Should -BeExactly 'zw-user'
        Export-BmgDeviceCsv -Path $Export
        $summary = Import-BmgDeviceCsv -Path $Export -ErrorAction Stop
        $summary.Unchanged | Should -Be 1
        $summary.Failed | Should -Be 0
    }

    It 'so does a corrected cell for a field (the import changes the stored value)' {
        $zw = [char]0x200B
        Rename-BmgUser -UserName "zw-user$zw" -NewName 'zw-user' -Confirm:$false -ErrorAction Stop
        $corrected = Write-TestCsv (New-CsvName) @('UserName,Name,Identifier,OS,DisplayName', 'zw-user,Bob,zw-dev,ios,Phone')
        $summary = Import-BmgDeviceCsv -Path $corrected -ErrorAction Stop
        $summary.Updated | Should -BeGreaterOrEqual 1
        (Get-BmgDevice -Identifier 'zw-dev').DisplayName | Should -BeExactly 'Phone'
        (Get-BmgUser -UserName 'zw-user').Name | Should -BeExactly 'Bob'
    }
}

Describe 'A serial held by a locked device: the error says its state and the way out (finding 7)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier held-1 -OS ios -Serial F9FXK2LOCK03 -Code abc123 | Out-Null
        Register-BmgDeviceCheckIn -Identifier held-1 -Code abc123 -Serial F9FXK2LOCK03 | Out-Null
    }

    It 'a Withdrawn holder: remove the withdrawn record with Remove-BmgDevice' {
        Unregister-BmgDevice -Identifier held-1 -Confirm:$false
        $result = Invoke-Captured { New-BmgDevice -Identifier held-1-new -OS ios -Serial f9fxk2lock03 }
        Assert-ErrorId $result.Errors 'DuplicateSerial'
        $result.Errors[0].Exception.Message | Should -BeLike "Serial 'F9FXK2LOCK03' of device 'held-1-new' is already held by device 'held-1', which is Withdrawn; a serial can belong to one device only. To give the serial to a new record (a returned device re-kitted), remove the withdrawn record first: Remove-BmgDevice -Identifier 'held-1'."

        Remove-BmgDevice -Identifier held-1 -Confirm:$false
        New-BmgDevice -Identifier held-1-new -OS ios -Serial f9fxk2lock03 | Out-Null
        (Get-BmgDevice held-1-new).Serial | Should -Be 'F9FXK2LOCK03'
    }

    It 'a CheckedIn holder, in an import row too: withdraw it, then remove it' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS,Serial', 'held-1-new,ios,F9FXK2LOCK03')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        Assert-ErrorId $result.Errors 'DuplicateSerial'
        $result.Errors[0].Exception.Message | Should -Be "Line 2 of '$csv': Serial 'F9FXK2LOCK03' of device 'held-1-new' is already held by device 'held-1', which is CheckedIn; a serial can belong to one device only. To give the serial to a new record, withdraw 'held-1' (Unregister-BmgDevice), then remove it (Remove-BmgDevice)."
    }

    It 'a Registered holder: the message is as before' {
        New-BmgDevice -Identifier free-1 -OS ios -Serial C02AAAAA0001 | Out-Null
        $result = Invoke-Captured { New-BmgDevice -Identifier free-2 -OS ios -Serial C02AAAAA0001 }
        $result.Errors[0].Exception.Message | Should -Be "Serial 'C02AAAAA0001' of device 'free-2' is already held by device 'free-1'; a serial can belong to one device only."
    }
}

# left22, item 4: a Template cell or -Template naming 'Standard<U+200B>' was "a template ..., which does not exist; create it
# with New-BmgTemplate first", while New-BmgTemplate refuses that very name by the invisible-character rule. A DeviceTags or
# Organizations name already got the rule (NameList); the Template now gets it from the same FieldText rule.
Describe 'A reference name with an invisible character at its end is refused by the rule New-BmgTemplate refuses it by (left22)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 1 -Name 'Head office' | Out-Null
        New-BmgDevice -Identifier 'inv-1' -OS ios -Template 'Standard' | Out-Null
        $script:Before = Get-StoreSnapshot
    }

    It 'the <Field> cell holding <Shown> fails as InvalidFieldValue naming the field, the value escaped, the rule and the line' -ForEach @(
        @{ Field = 'Template'; Char = 0x200B; Value = 'Standard'; Shown = 'Standard<U+200B>'; At = 9 }
        @{ Field = 'Template'; Char = 0xFEFF; Value = 'Standard'; Shown = 'Standard<U+FEFF>'; At = 9 }
        @{ Field = 'DeviceTags'; Char = 0x200B; Value = 'Sales'; Shown = 'Sales<U+200B>'; At = 6 }
        @{ Field = 'Organizations'; Char = 0xFEFF; Value = '1'; Shown = '1<U+FEFF>'; At = 2 }
    ) {
        $cell = $Value + [char]$Char
        $lines = if ($Field -eq 'Organizations') { @('UserName,Organizations', "inv-user,$cell") } else { @("Identifier,OS,$Field", "inv-2,ios,$cell") }
        $csv = Write-TestCsv (New-CsvName) $lines
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv }
        $rows = @($result.Errors | Where-Object { (Get-ErrorId $_) -ne 'ImportFailed' })
        $rows.Count | Should -Be 1
        Get-ErrorId $rows[0] | Should -Be 'InvalidFieldValue'
        $record = if ($Field -eq 'Organizations') { "user 'inv-user'" } else { "device 'inv-2'" }
        $rows[0].Exception.Message | Should -BeLike ("Line 2 ($record) of '$csv': $Field value '$Shown' is not valid: must not start or end with an invisible character " +
            "(it has $($Shown.Substring($Shown.IndexOf('<') + 1, 6)) at character $At); give the value without it.*")
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        Get-StoreSnapshot | Should -BeExactly $Before
    }

    It '<Command> -Template with a U+200B at its end is refused as InvalidFieldValue naming the field, the value escaped and the rule' -ForEach @(
        @{ Command = 'New-BmgDevice' }
        @{ Command = 'Set-BmgDevice' }
    ) {
        $template = "Standard$([char]0x200B)"
        $result = if ($Command -eq 'New-BmgDevice') {
            Invoke-Captured { New-BmgDevice -Identifier 'inv-3' -OS ios -Template $template }
        } else {
            Invoke-Captured { Set-BmgDevice -Identifier 'inv-1' -Template $template }
        }
        $errors = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        $errors.Count | Should -Be 1
        Get-ErrorId $errors[0] | Should -Be 'InvalidFieldValue'
        $errors[0].Exception.Message | Should -BeLike "Template value 'Standard<U+200B>' is not valid: must not start or end with an invisible character (it has U+200B at character 9); give the value without it.*"
        Get-StoreSnapshot | Should -BeExactly $Before
    }

    It 'a no-break space (U+00A0) at the end of a Template cell is white space, trimmed as every cell is, so the template is found' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS,Template', "inv-4,ios,Standard$([char]0x00A0)")
        Import-BmgDeviceCsv $csv -ErrorAction Stop | Out-Null
        (Get-BmgDevice -Identifier 'inv-4').Template | Should -BeExactly 'Standard'
    }
}
