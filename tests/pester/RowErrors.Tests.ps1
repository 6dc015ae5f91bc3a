# Walkthrough 15, findings 3, 4 and 5: a list written with ',' or ';', every bad cell of a row in one pass, every row an
# export can't write in one refusal, and a missing DEP serial echoed as it was typed.
BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe "A list field written with ',' or ';'" {
    BeforeEach {
        New-TestStore | Out-Null
        'Sales', 'Kiosk' | ForEach-Object { New-BmgDeviceTag -Name $_ | Out-Null }
        New-BmgOrganization -Id 'org-a' -Name 'A' | Out-Null
        New-BmgOrganization -Id 'org-b' -Name 'B' | Out-Null
    }

    It "says New-BmgDevice -DeviceTags 'Sales;Kiosk' is separated by '|', showing the value with it" {
        $r = Invoke-Captured { New-BmgDevice -Identifier t-1 -OS ios -DeviceTags 'Sales;Kiosk' }
        Assert-ErrorId $r.Errors 'ReferenceNotFound'
        $r.Errors[0].Exception.Message | Should -BeLike "*device tags in a list are separated by '|', not ';': did you mean 'Sales|Kiosk'?*"
        # Both tags exist: nothing is said to be missing.
        $r.Errors[0].Exception.Message | Should -Not -BeLike '*does not exist either*'
        Get-BmgDevice t-1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It "names, in a CSV cell 'Sales,Lobby', the part that does not exist either" {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,OS,DeviceTags', 'x-05,ios,"Sales, Lobby"')
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        Assert-ErrorId $r.Errors 'ReferenceNotFound'
        $r.Errors[0].Exception.Message |
            Should -BeLike "Line 2 (device 'x-05') of '*': DeviceTags names a device tag 'Sales, Lobby', which does not exist; device tags in a list are separated by '|', not ',': did you mean 'Sales|Lobby'? ('Lobby' does not exist either) Otherwise create it with New-BmgDeviceTag first."
    }

    It "says the same for Organizations (Set-BmgUser and the import)" {
        New-BmgUser -UserName u1 | Out-Null
        $r = Invoke-Captured { Set-BmgUser u1 -Organizations 'org-a;org-b' -Confirm:$false }
        Assert-ErrorId $r.Errors 'ReferenceNotFound'
        $r.Errors[0].Exception.Message | Should -BeLike "*Organizations names an organization 'org-a;org-b'*organization ids in a list are separated by '|', not ';': did you mean 'org-a|org-b'?*"
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('UserName,Organizations', 'u2,"org-a,org-b"')
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        $r.Errors[0].Exception.Message | Should -BeLike "*did you mean 'org-a|org-b'?*"
    }

    It "says the same for the separators a Japanese IME types: '<Separator>' (<What>)" -ForEach @(
        @{ Separator = [string][char]0x3001; What = 'the ideographic comma' }
        @{ Separator = [string][char]0xFF0C; What = 'the full-width comma' }
        @{ Separator = [string][char]0xFF1B; What = 'the full-width semicolon' }
        @{ Separator = [string][char]0xFF5C; What = "the full-width '|', which SPEC section 3 does not take for '|'" }
    ) {
        $r = Invoke-Captured { New-BmgDevice -Identifier t-3 -OS ios -DeviceTags "Sales${Separator}Kiosk" }
        Assert-ErrorId $r.Errors 'ReferenceNotFound'
        $r.Errors[0].Exception.Message | Should -BeLike "*DeviceTags names a device tag 'Sales${Separator}Kiosk'*device tags in a list are separated by '|', not '$Separator': did you mean 'Sales|Kiosk'?*"
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('UserName,Organizations', "u3,org-a${Separator}org-b")
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        $r.Errors[0].Exception.Message | Should -BeLike "Line 2 (user 'u3') of '*': Organizations names an organization 'org-a${Separator}org-b'*not '$Separator': did you mean 'org-a|org-b'?*"
    }

    It "Get-BmgDevice -DeviceTag 'Sales;Kiosk' says -DeviceTag takes one tag, naming both (DeviceTagNotFound)" {
        New-BmgDevice -Identifier t-4 -OS ios -DeviceTags 'Sales' | Out-Null
        $r = Invoke-Captured { Get-BmgDevice -DeviceTag 'Sales;Kiosk' }
        Assert-ErrorId $r.Errors 'DeviceTagNotFound'
        $r.Errors[0].Exception.Message |
            Should -Be "Device tag 'Sales;Kiosk' does not exist $(Get-InStore); -DeviceTag takes one device tag, not a list separated by ';': give 'Sales' or 'Kiosk', one a command, or a wildcard pattern."
        $r.Output | Should -BeNullOrEmpty
        $r = Invoke-Captured { Get-BmgDevice -DeviceTag "Sales$([char]0x3001)Lobby" }
        $r.Errors[0].Exception.Message | Should -BeLike "*-DeviceTag takes one device tag, not a list separated by '$([char]0x3001)': give 'Sales' or 'Lobby'*('Lobby' does not exist either)."
        # '|' separates a DeviceTags list, but -DeviceTag takes one name: said too.
        $r = Invoke-Captured { Get-BmgDevice -DeviceTag 'Sales|Kiosk' }
        $r.Errors[0].Exception.Message | Should -BeLike "*-DeviceTag takes one device tag, not a list separated by '|'*"
        # A tag that exists is found as before; a name without a separator keeps the case hint.
        (Get-BmgDevice -DeviceTag Sales).Identifier | Should -Be 't-4'
        $r = Invoke-Captured { Get-BmgDevice -DeviceTag 'sales' }
        $r.Errors[0].Exception.Message | Should -Be "Device tag 'sales' does not exist $(Get-InStore); did you mean 'Sales'? (names are case-sensitive)."
    }

    It "adds nothing to a name without ',' or ';'" {
        $r = Invoke-Captured { New-BmgDevice -Identifier t-2 -OS ios -DeviceTags 'Lobby' }
        $r.Errors[0].Exception.Message | Should -Not -BeLike '*separated*'
    }
}

Describe 'A CSV row with several bad cells' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgDeviceTag -Name Sales | Out-Null
    }

    It 'reports a bad Identifier and every other bad cell in one record, one failed row' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'UserName,Name,EmailAddress,Identifier,Template,OS,DeviceTags,ExpirationDays'
            'u007,山田 太郎7,u007@example.jp,ipad 0007,Standard,iOS ,Sale,7.0'
            'u008,山田 太郎8,u008@example.jp,ipad-0008,Standard,ios,Sales,30'
        )
        $failed = Join-Path $TestDrive 'rejected.csv'
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows -FailedRowsPath $failed }
        # One ErrorRecord a row: $Error, -ErrorVariable and the summary's Failed count rows, as a nightly script does.
        Assert-ErrorId $r.Errors 'InvalidFieldValue'
        $message = $r.Errors[0].Exception.Message
        $message | Should -BeLike "Line 2 of '*': Identifier value 'ipad 0007' is not valid: *"
        $message | Should -BeLike "*DeviceTags names a device tag 'Sale', which does not exist*"
        $message | Should -BeLike "*ExpirationDays value '7.0' is not valid*"
        $summary = $r.Output | Where-Object { $_.PSObject.Properties['Refused'] }
        $summary.Failed | Should -Be 1
        $summary.Created | Should -Be 1
        # The rejected file has the row once; the history lists each of its errors, on the row's line.
        @(Import-Csv $failed).Count | Should -Be 1
        $history = Get-BmgImportHistory | Select-Object -First 1
        @($history.Errors | ForEach-Object ErrorId) | Should -Be @('InvalidFieldValue', 'ReferenceNotFound', 'InvalidFieldValue')
        @($history.Errors | ForEach-Object Line | Select-Object -Unique) | Should -Be @(2)
    }

    It 'says a repeated device as Set-BmgDeviceDepEnrollment does, in a file and among piped rows (numbered as lines: README)' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'Identifier,OS'
            'dup-1,ios'
            'DUP-1,ios'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -WhatIf }
        @($r.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'DuplicateKeyInFile,*' } | ForEach-Object { $_.Exception.Message }) |
            Should -Be @("Line 3 of '$csv': Identifier 'DUP-1' already appears on line 2; a device may appear only once per file or pipeline (Identifier ignores case).")
        # Piped rows are numbered as a file's lines would be (the first object is line 2), the row's prefix and the earlier row alike.
        $r = Invoke-Captured { [pscustomobject]@{ Identifier = 'dup-1'; OS = 'ios' }, [pscustomobject]@{ Identifier = 'DUP-1'; OS = 'ios' } | Import-BmgDeviceCsv -WhatIf }
        @($r.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'DuplicateKeyInFile,*' } | ForEach-Object { $_.Exception.Message }) |
            Should -Be @("Line 3: Identifier 'DUP-1' already appears on line 2; a device may appear only once per file or pipeline (Identifier ignores case).")
    }

    It 'checks the cells of a row whose Identifier repeats, and asks no OS of a row whose key names no record' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'Identifier,OS,DeviceTags,Template'
            'dup-1,ios,Sales,Standard'
            'dup-1,ios,Sale,Standard'
            'bad id,,Sales,Standrd'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        @($r.Errors).Count | Should -Be 2
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateKeyInFile,*'
        $r.Errors[0].Exception.Message | Should -BeLike "*already appears on line 2*DeviceTags names a device tag 'Sale'*"
        $r.Errors[1].Exception.Message | Should -BeLike "*Identifier value 'bad id' is not valid*Template names a template 'Standrd'*"
        $r.Errors[1].Exception.Message | Should -Not -BeLike '*OS is required*'
    }

    It 'says a row''s DEP and serial refusals beside an unknown template or tag, not one at a time (walkthrough 43, finding 6)' {
        New-BmgDevice -Identifier holder-1 -OS ios -Serial CCCDDDAAABBB | Out-Null
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'Identifier,OS,Template,DeviceTags,IMEI,Serial,DEPMethod'
            'dep-1,ios,Standard,Nope,,,Serial'
            'dep-2,android,Nope,Sales,,F9FXK2AAAA03,Serial'
            'dep-3,ios,Nope,Sales,,CCCDDDAAABBB,'
            'dep-4,ios,Standard,Sales,12345,CCCDDDAAABBB,'
            'dep-5,iPadOS,Standard,Nope,,,Serial'
            'dep-6,ios,Standard,Nope,,F9FX,Serial'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        @($r.Errors).Count | Should -Be 6
        $r.Errors[0].Exception.Message | Should -BeLike "*device tag 'Nope', which does not exist*Serial is required: DEPMethod 'Serial'*device 'dep-1' needs a Serial."
        $r.Errors[1].Exception.Message | Should -BeLike "*template 'Nope', which does not exist*DEP enrollment is only for iOS devices, and device 'dep-2' is 'android'."
        $r.Errors[2].Exception.Message | Should -BeLike "*template 'Nope', which does not exist*Serial 'CCCDDDAAABBB' of device 'dep-3' is already held by device 'holder-1'*"
        $r.Errors[3].Exception.Message | Should -BeLike "*IMEI value '12345' is not valid*Serial 'CCCDDDAAABBB' of device 'dep-4' is already held by device 'holder-1'*"
        # A check that reads a refused field still waits for it: no "only for iOS" for an OS that was refused, no
        # "Serial is required" for a serial that was refused.
        $r.Errors[4].Exception.Message | Should -BeLike "*OS value 'iPadOS' is not valid*device tag 'Nope'*"
        $r.Errors[4].Exception.Message | Should -Not -BeLike '*only for iOS*'
        $r.Errors[5].Exception.Message | Should -BeLike "*device tag 'Nope'*Serial value 'F9FX' is not valid*"
        $r.Errors[5].Exception.Message | Should -Not -BeLike '*Serial is required*'
        $history = Get-BmgImportHistory | Select-Object -First 1
        @($history.Errors | Where-Object Line -EQ 2 | ForEach-Object ErrorId) | Should -Be @('ReferenceNotFound', 'MissingRequiredField')
        @(Get-BmgDevice 'dep-*' -ErrorAction SilentlyContinue).Count | Should -Be 0
        # New-BmgDevice applies the same rules: both reasons in its one error.
        $r = Invoke-Captured { New-BmgDevice -Identifier dep-7 -OS ios -Template Nope -Serial cccdddaaabbb }
        $r.Errors[0].Exception.Message | Should -BeLike "*template 'Nope', which does not exist*already held by device 'holder-1'*"
    }

    It 'checks the user cells of a row whose UserName is invalid' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('UserName,EmailAddress', (('u' * 130) + ',not-an-email'))
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        Assert-ErrorId $r.Errors 'InvalidFieldValue'
        $r.Errors[0].Exception.Message | Should -BeLike "*UserName value*EmailAddress value 'not-an-email' is not valid*"
    }
}

Describe 'Export-BmgDeviceCsv -Encoding 932 with several values it cannot write' {
    It 'names every such value in one refusal, each character by its code point, and writes no file' {
        New-TestStore | Out-Null
        $yoshi = [char]::ConvertFromUtf32(0x20BB7)
        $sushi = [char]::ConvertFromUtf32(0x1F363)
        New-BmgDevice -Identifier k-1 -OS ios -DisplayName 'fine' | Out-Null
        New-BmgUser -UserName u4 -Name "${yoshi}野 太郎" | Out-Null
        New-BmgDevice -Identifier k-4 -OS ios -UserName u4 | Out-Null
        New-BmgDevice -Identifier k-5 -OS ios -DisplayName "Jürgen Groß $sushi" -Description "〜 3F" | Out-Null
        $path = Join-Path $TestDrive 'sjis.csv'
        $r = Invoke-Captured { Export-BmgDeviceCsv $path -Encoding 932 }
        $r.Terminating.FullyQualifiedErrorId | Should -BeLike 'UnencodableValue,*'
        $message = $r.Terminating.Exception.Message
        $message | Should -BeLike "3 values in 2 rows can't be written in Shift_JIS (CP932): Name of user 'u4' (device 'k-4'): it has the character '$yoshi' (U+20BB7), which the encoding can't represent; DisplayName of device 'k-5': it has the characters 'ü' (U+00FC), 'ß' (U+00DF) and '$sushi' (U+1F363), which the encoding can't represent; Description of device 'k-5': it has the character '〜' (U+301C), which the encoding can't represent. Export in a Unicode encoding*"
        $message | Should -Not -BeLike "*k-1*"
        Test-Path $path | Should -BeFalse
    }

    It 'counts a user''s value once, however many of the user''s devices repeat it' {
        New-TestStore | Out-Null
        $yoshi = [char]::ConvertFromUtf32(0x20BB7)
        New-BmgUser -UserName u5 -Name "${yoshi}田" | Out-Null
        1..3 | ForEach-Object { New-BmgDevice -Identifier "u5-$_" -OS ios -UserName u5 | Out-Null }
        New-BmgDevice -Identifier w-1 -OS ios -DisplayName '〜' | Out-Null
        $r = Invoke-Captured { Export-BmgDeviceCsv (Join-Path $TestDrive 'users.csv') -Encoding 932 }
        $message = $r.Terminating.Exception.Message
        $message | Should -BeLike "2 values in 4 rows can't be written*: Name of user 'u5' (device 'u5-1'): *; DisplayName of device 'w-1': *"
    }

    It 'names 10 values and counts the rest' {
        New-TestStore | Out-Null
        $sushi = [char]::ConvertFromUtf32(0x1F363)
        $csv = Write-TestCsv -Name (New-CsvName) -Lines (@('Identifier,OS,DisplayName') + (1..23 | ForEach-Object { 'e-{0:d2},ios,x{1}' -f $_, $sushi }))
        Import-BmgDeviceCsv $csv | Out-Null
        $r = Invoke-Captured { Export-BmgDeviceCsv (Join-Path $TestDrive 'many.csv') -Encoding 932 }
        $message = $r.Terminating.Exception.Message
        $message | Should -BeLike "23 values in 23 rows can't be written*"
        $message | Should -BeLike "*device 'e-10'*; and 13 more values. Export in a Unicode encoding*"
        $message | Should -Not -BeLike "*device 'e-11'*"
    }
}

Describe 'Get-BmgDepDevice with a serial that names no DEP device' {
    It 'echoes the serial as typed, and the upper-case form it was compared in' {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $PSScriptRoot '../../examples/dep-devices.csv') | Out-Null
        $r = Invoke-Captured { Get-BmgDepDevice f9x000000001x }
        Assert-ErrorId $r.Errors 'DepDeviceNotFound'
        $r.Errors[0].Exception.Message | Should -Be "No DEP device has the serial number 'f9x000000001x' (serial numbers are compared in upper case, as 'F9X000000001X') $(Get-InStore)."
        $r = Invoke-Captured { Get-BmgDepDevice F9X000000001X }
        $r.Errors[0].Exception.Message | Should -Be "No DEP device has the serial number 'F9X000000001X' $(Get-InStore)."
        # A serial that exists is found in any case.
        (Get-BmgDepDevice aaabbbcccddd).SerialNumber | Should -Be 'AAABBBCCCDDD'
    }

    It 'Get-BmgDevice -Serial echoes a serial no device holds as typed too' {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier s-1 -OS ios -Serial AAABBBCCCDDD | Out-Null
        $r = Invoke-Captured { Get-BmgDevice -Serial zzzzzzzzzz }
        Assert-ErrorId $r.Errors 'DeviceNotFound'
        $r.Errors[0].Exception.Message | Should -Be "No device is registered with the Serial 'zzzzzzzzzz' (serial numbers are compared in upper case, as 'ZZZZZZZZZZ') $(Get-InStore)."
        (Get-BmgDevice -Serial aaabbbcccddd).Identifier | Should -Be 's-1'
    }

    # Walkthrough 42, findings 4 and 5: the helpdesk types the serial the user reads out, in groups or with O for 0.
    It 'a serial typed in groups is looked up without its spaces and dashes; one with O or I for 0 or 1 gets a did-you-mean' {
        New-TestStore | Out-Null
        $depFile = Join-Path $TestDrive 'dep-zeros.csv'
        Set-Content -LiteralPath $depFile -Value 'SerialNumber,Model', 'F077V3R5A3T0,iPad Air', 'G1Q2W3E4R5T6,iPhone 15' -Encoding utf8
        Import-BmgDepDevice $depFile | Out-Null
        New-BmgDevice -Identifier s-1 -OS ios -Serial F077V3R5A3T0 | Out-Null

        (Get-BmgDevice -Serial 'F077 V3R5 A3T0').Identifier | Should -Be 's-1'
        (Get-BmgDevice -Serial 'f077-v3r5-a3t0').Identifier | Should -Be 's-1'
        (Get-BmgDeviceDepLink -Serial ' F077 V3R5 A3T0 ').Identifier | Should -Be 's-1'
        (Get-BmgDepDevice 'G1Q2 W3E4 R5T6').SerialNumber | Should -Be 'G1Q2W3E4R5T6'

        $r = Invoke-Captured { Get-BmgDevice -Serial 'F077 V3R5 A3TO' }
        Assert-ErrorId $r.Errors 'DeviceNotFound'
        $r.Errors[0].Exception.Message | Should -Be ("No device is registered with the Serial 'F077 V3R5 A3TO' (serial numbers are compared without spaces or dashes, " +
            "in upper case, as 'F077V3R5A3TO') $(Get-InStore). Did you mean 'F077V3R5A3T0' (Apple's serials have no letter O or I: the digits 0 and 1)?")
        $r = Invoke-Captured { Get-BmgDepDevice GIQ2W3E4R5T6 }
        Assert-ErrorId $r.Errors 'DepDeviceNotFound'
        $r.Errors[0].Exception.Message | Should -Be ("No DEP device has the serial number 'GIQ2W3E4R5T6' $(Get-InStore). " +
            "Did you mean 'G1Q2W3E4R5T6' (Apple's serials have no letter O or I: the digits 0 and 1)?")
        $r = Invoke-Captured { Get-BmgDevice -Serial ZZZZZZZZZO }
        $r.Errors[0].Exception.Message | Should -Be "No device is registered with the Serial 'ZZZZZZZZZO' $(Get-InStore)." -Because 'no device has its digit form'

        # Text that is no serial without its spaces either keeps the rule of the text as typed.
        $r = Invoke-Captured { Get-BmgDevice -Serial 'AB CD EF' }
        Assert-ErrorId $r.Errors 'InvalidFieldValue'
        $r.Errors[0].Exception.Message | Should -BeLike "Serial value 'AB CD EF' is not valid: must be 8 to 14 characters of A-Z or 0-9*"
        # A stored serial keeps the strict rule: a value with spaces is refused, never changed.
        $r = Invoke-Captured { New-BmgDevice -Identifier s-2 -OS ios -Serial 'F088 V3R5 A3T0' }
        @(@($r.Errors) + @($r.Terminating) | Where-Object { $_ } | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'InvalidFieldValue'
        Get-BmgDevice -Identifier s-2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

# Walkthrough 20, finding 2: a writing command named a Template, DeviceTags or Organizations value that differs from an
# existing name only by case and advised "create it with New-… first", which made a case twin ('sales' beside 'Sales').
Describe 'A reference name that differs from an existing one only by case or by character form' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgDeviceTag -Name Sales | Out-Null
        New-BmgDeviceTag -Name 'エイギョウ' | Out-Null
        New-BmgDeviceTag -Name 'ガイド' | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        New-BmgDevice -Identifier t-1 -OS ios | Out-Null
        New-BmgUser -UserName u1 | Out-Null
    }

    It '<Command> gets the Get- filters'' did-you-mean and no advice to create a twin' -TestCases @(
        @{ Command = 'Set-BmgDevice -Identifier t-1 -DeviceTags sales'; Expected = "DeviceTags names a device tag 'sales', which does not exist; did you mean 'Sales'? (names are case-sensitive)." }
        @{ Command = 'New-BmgDevice -Identifier t-2 -OS ios -DeviceTags SALES'; Expected = "DeviceTags names a device tag 'SALES', which does not exist; did you mean 'Sales'? (names are case-sensitive)." }
        @{ Command = 'Set-BmgDevice -Identifier t-1 -Template standard'; Expected = "Template names a template 'standard', which does not exist; did you mean 'Standard'? (names are case-sensitive)." }
        @{ Command = 'New-BmgDevice -Identifier t-2 -OS ios -Template STANDARD'; Expected = "Template names a template 'STANDARD', which does not exist; did you mean 'Standard'? (names are case-sensitive)." }
        @{ Command = 'Set-BmgUser -UserName u1 -Organizations ORG-SALES'; Expected = "Organizations names an organization 'ORG-SALES', which does not exist; did you mean 'org-sales'? (names are case-sensitive)." }
        @{ Command = 'New-BmgUser -UserName u2 -Organizations Org-Sales'; Expected = "Organizations names an organization 'Org-Sales', which does not exist; did you mean 'org-sales'? (names are case-sensitive)." }
    ) {
        $r = Invoke-Captured ([scriptblock]::Create($Command))
        @($r.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'ReferenceNotFound'
        $message = @($r.Errors | Where-Object { (Get-ErrorId $_) -eq 'ReferenceNotFound' })[0].Exception.Message
        $message | Should -BeLike "*$([WildcardPattern]::Escape($Expected))"
        $message | Should -Not -BeLike '*create it*'
        @(Get-BmgDeviceTag).Count | Should -Be 3
    }

    It 'an import row gets the same did-you-mean, naming its line' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'Identifier,OS,DeviceTags,Template'
            'd-1,ios,sales,Standard'
            'd-2,ios,Sales,standard'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        @($r.Errors).Count | Should -Be 2
        $r.Errors[0].Exception.Message | Should -Be "Line 2 (device 'd-1') of '$csv': DeviceTags names a device tag 'sales', which does not exist; did you mean 'Sales'? (names are case-sensitive)."
        $r.Errors[1].Exception.Message | Should -Be "Line 3 (device 'd-2') of '$csv': Template names a template 'standard', which does not exist; did you mean 'Standard'? (names are case-sensitive)."
    }

    It 'half-width kana and a decomposed (NFD) name get a hint that says the characters differ, in writing commands and Get- filters alike' {
        $halfWidth = 'ｴｲｷﾞｮｳ'
        $decomposed = 'ガイド'.Normalize([Text.NormalizationForm]::FormD)
        $why = '(names are case-sensitive, and half-width and full-width characters, or a decomposed character as a Mac writes it, are other characters).'

        $r = Invoke-Captured { Set-BmgDevice -Identifier t-1 -DeviceTags $halfWidth }
        $r.Errors[0].Exception.Message | Should -BeLike "*DeviceTags names a device tag '$halfWidth', which does not exist; did you mean 'エイギョウ'? $([WildcardPattern]::Escape($why))"
        $r = Invoke-Captured { Set-BmgDevice -Identifier t-1 -DeviceTags $decomposed }
        $r.Errors[0].Exception.Message | Should -BeLike "*did you mean 'ガイド'? $([WildcardPattern]::Escape($why))"
        $r = Invoke-Captured { Get-BmgDevice -DeviceTag $halfWidth }
        $r.Errors[0].Exception.Message | Should -Be "Device tag '$halfWidth' does not exist $(Get-InStore); did you mean 'エイギョウ'? $why"
        @(Get-BmgDeviceTag).Count | Should -Be 3
    }

    It 'a name with no near twin keeps the advice to create it' {
        $r = Invoke-Captured { Set-BmgDevice -Identifier t-1 -DeviceTags Lobby }
        $r.Errors[0].Exception.Message | Should -BeLike "*DeviceTags names a device tag 'Lobby', which does not exist; create it with New-BmgDeviceTag first."
        $r = Invoke-Captured { Set-BmgDevice -Identifier t-1 -Template Kiosk }
        $r.Errors[0].Exception.Message | Should -BeLike "*Template names a template 'Kiosk', which does not exist; create it with New-BmgTemplate first."
    }
}

# Walkthrough 43, finding 10: a template, device tag or organization typed a letter off ('Standrd') was told to be
# created, which makes a twin; now it gets the "did you mean" a header's column gets, and a new name keeps the advice.
Describe 'A reference name a typo away from an existing one' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgDeviceTag -Name Sales | Out-Null
        New-BmgOrganization -Id 'org-tokyo' -Name 'Tokyo office' | Out-Null
        New-BmgDevice -Identifier t-1 -OS ios | Out-Null
        New-BmgUser -UserName u1 | Out-Null
    }

    It 'an import row says "did you mean", naming its line, and keeps the advice to create it' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'UserName,Organizations,Identifier,OS,Template,DeviceTags'
            ',,d-1,ios,Standrd,Sales'
            ',,d-2,ios,Standard,Sals'
            'u2,org-tokio,,,,'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        @($r.Errors).Count | Should -Be 3
        $r.Errors[0].Exception.Message | Should -Be "Line 2 (device 'd-1') of '$csv': Template names a template 'Standrd', which does not exist; did you mean 'Standard'? Otherwise create it with New-BmgTemplate first."
        $r.Errors[1].Exception.Message | Should -Be "Line 3 (device 'd-2') of '$csv': DeviceTags names a device tag 'Sals', which does not exist; did you mean 'Sales'? Otherwise create it with New-BmgDeviceTag first."
        $r.Errors[2].Exception.Message | Should -Be "Line 4 (user 'u2') of '$csv': Organizations names an organization 'org-tokio', which does not exist; did you mean 'org-tokyo'? Otherwise create it with New-BmgOrganization first."
        @(Get-BmgTemplate).Count | Should -Be 1
    }

    It 'Set-BmgDevice, the Get- filters and the look-ups by name say it too' {
        $r = Invoke-Captured { Set-BmgDevice t-1 -Template standrd }
        $r.Errors[0].Exception.Message | Should -BeLike "*Template names a template 'standrd', which does not exist; did you mean 'Standard'? Otherwise create it with New-BmgTemplate first."
        $r = Invoke-Captured { Get-BmgDevice -Template Standrd }
        Assert-ErrorId $r.Errors 'TemplateNotFound'
        $r.Errors[0].Exception.Message | Should -Be "Template 'Standrd' does not exist $(Get-InStore); did you mean 'Standard'?"
        $r = Invoke-Captured { Get-BmgDevice -DeviceTag Sale }
        $r.Errors[0].Exception.Message | Should -Be "Device tag 'Sale' does not exist $(Get-InStore); did you mean 'Sales'?"
        $r = Invoke-Captured { Get-BmgTemplate Standrd }
        $r.Errors[0].Exception.Message | Should -BeLike "No template is named 'Standrd' *; did you mean 'Standard'?"
        $r = Invoke-Captured { Get-BmgUser -Organization org-tokio }
        $r.Errors[0].Exception.Message | Should -BeLike "*did you mean 'org-tokyo'?"
    }

    It 'a short name, or one two letters off a short name, gets no guess' {
        $r = Invoke-Captured { Set-BmgDevice t-1 -DeviceTags Sa }
        $r.Errors[0].Exception.Message | Should -BeLike "*device tag 'Sa', which does not exist; create it with New-BmgDeviceTag first."
        $r = Invoke-Captured { Set-BmgDevice t-1 -DeviceTags Sxlxs }
        $r.Errors[0].Exception.Message | Should -BeLike "*device tag 'Sxlxs', which does not exist; create it with New-BmgDeviceTag first."
    }
}

# left22, item 3 (kept, README additions): among piped rows every DuplicateKeyInFile names the later row and the earlier one
# in the numbering of every other piped row's error, ImportRowResult.Line and the import history: the first object is
# line 2, as Import-Csv's rows of a file are. One wording of the earlier row (SourceLine.OnLine) for all three messages.
Describe 'Piped rows: a repeated key names both rows in the one numbering of piped rows (left22)' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It 'an Identifier and a UserName repeated among piped objects say "Line N: ... on line M", as the rows'' other errors and results do' {
        $rows = @(
            [pscustomobject]@{ UserName = 'u1'; Name = 'A'; Identifier = 'd1'; OS = 'ios' }
            [pscustomobject]@{ UserName = 'u1'; Name = 'B'; Identifier = 'd2'; OS = 'ios' }
            [pscustomobject]@{ UserName = 'u1'; Name = 'A'; Identifier = ''; OS = '' }
            [pscustomobject]@{ UserName = 'u3'; Name = 'C'; Identifier = 'D1'; OS = 'ios' }
            [pscustomobject]@{ UserName = 'u4'; Name = 'D'; Identifier = 'd5'; OS = 'palm' }
        )
        $r = Invoke-Captured { $rows | Import-BmgDeviceCsv -SkipInvalidRows -PassThru }
        @($r.Errors | ForEach-Object { $_.Exception.Message }) | Should -Be @(
            "Line 3 (device 'd2'): UserName 'u1' already appears on line 2 with different user values; give a user's values once, or identically on each of the user's device rows."
            "Line 4: UserName 'u1' already appears on line 2; a UserName may repeat only on rows that also give a device (Identifier)."
            "Line 5: Identifier 'D1' already appears on line 2; a device may appear only once per file or pipeline (Identifier ignores case)."
            "Line 6 (device 'd5'): OS value 'palm' is not valid: must be ios, android or windows."
        )
        @($r.Output | Where-Object { $_.PSObject.Properties['Outcome'] -and $_.Outcome -eq 'Failed' } | ForEach-Object Line) | Should -Be @(3, 4, 5, 6)
        @((Get-BmgImportHistory | Select-Object -First 1).Errors | ForEach-Object Line) | Should -Be @(3, 4, 5, 6)
    }
}

# Leftovers 23: an organization has an Id (what Organizations holds) and a display Name. The Name written where the Id belongs
# was told "names an organization 'Sales', which does not exist; create it": the message now names the Id that organization has.
Describe 'An organization''s Name written where its Id belongs' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org-kiosk' -Name 'Kiosk' | Out-Null
        New-BmgUser -UserName u1 | Out-Null
    }

    It '<Command> names the Id of the organization so named' -TestCases @(
        @{ Command = 'Set-BmgUser -UserName u1 -Organizations Sales'; Expected = "Organizations names an organization 'Sales', which does not exist; 'Sales' is the Name of the organization whose Id is 'org-sales' (Organizations takes Ids, not Names)." }
        @{ Command = 'New-BmgUser -UserName u2 -Organizations org-kiosk, kiosk'; Expected = "Organizations names an organization 'kiosk', which does not exist; 'kiosk' is, ignoring case, the Name of the organization whose Id is 'org-kiosk' (Organizations takes Ids, not Names)." }
    ) {
        $r = Invoke-Captured ([scriptblock]::Create($Command))
        @($r.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('ReferenceNotFound')
        $r.Errors[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($Expected))"
        (Get-BmgUser u1).Organizations | Should -BeNullOrEmpty
    }

    It 'an import row''s Organizations cell says so too, naming its line; a name no organization has keeps its advice to create it' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'UserName,Organizations'
            'u3,Sales'
            'u4,Lobby'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        @($r.Errors).Count | Should -Be 2
        $r.Errors[0].Exception.Message | Should -BeLike "Line 2 (user 'u3') of '*': Organizations names an organization 'Sales', which does not exist; 'Sales' is the Name of the organization whose Id is 'org-sales' (Organizations takes Ids, not Names).*"
        $r.Errors[1].Exception.Message | Should -BeLike "Line 3 (user 'u4') of '*': Organizations names an organization 'Lobby', which does not exist; create it with New-BmgOrganization first.*"
    }

    # Leftovers 24: a command that looks an organization up by its Id says the same of a Name given for it.
    It '<Command> is OrganizationNotFound naming the Id of the organization so named' -TestCases @(
        @{ Command = 'Get-BmgUser -Organization Sales'; Expected = "Organization 'Sales' does not exist {0}; 'Sales' is the Name of the organization whose Id is 'org-sales' (-Organization takes Ids, not Names)." }
        @{ Command = 'Get-BmgUser -Organization kiosk'; Expected = "Organization 'kiosk' does not exist {0}; 'kiosk' is, ignoring case, the Name of the organization whose Id is 'org-kiosk' (-Organization takes Ids, not Names)." }
        @{ Command = 'Get-BmgOrganization -Id Sales'; Expected = "No organization has the Id 'Sales' {0}; 'Sales' is the Name of the organization whose Id is 'org-sales' (-Id takes Ids, not Names)." }
        @{ Command = 'Set-BmgOrganization -Id Sales -Name Other'; Expected = "Organization 'Sales' does not exist {0}; 'Sales' is the Name of the organization whose Id is 'org-sales' (-Id takes Ids, not Names)." }
        @{ Command = 'Remove-BmgOrganization -Id Kiosk -Confirm:$false'; Expected = "Organization 'Kiosk' does not exist {0}; 'Kiosk' is the Name of the organization whose Id is 'org-kiosk' (-Id takes Ids, not Names)." }
    ) {
        $before = Get-StoreSnapshot
        $r = Invoke-Captured ([scriptblock]::Create($Command))
        @($r.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('OrganizationNotFound')
        $r.Errors[0].Exception.Message | Should -BeExactly ($Expected -f (Get-InStore))
        Get-StoreSnapshot | Should -Be $before
    }

    It 'Get-BmgUser -Organization with a pattern that matches no Id but a Name warns, and selects nothing; one that matches nothing says nothing' {
        Set-BmgUser u1 -Organizations org-sales
        $r = Invoke-Captured { Get-BmgUser -Organization 'Sal*' }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -BeNullOrEmpty
        @($r.Warnings | ForEach-Object Message) | Should -Be @("-Organization 'Sal*' matches no organization Id, but the Name of the organization whose Id is 'org-sales' (-Organization takes Ids, not Names).")
        $r = Invoke-Captured { Get-BmgUser -Organization 'Lobby*' }
        @($r.Output) + @($r.Errors) + @($r.Warnings) | Should -BeNullOrEmpty
        # A pattern that matches an Id is no mix-up, whatever Names it matches too.
        New-BmgOrganization -Id 'Sales-2' -Name 'Sales two' | Out-Null
        $r = Invoke-Captured { Get-BmgUser -Organization 'Sal*' }
        $r.Warnings | Should -BeNullOrEmpty
    }
}

# Walkthrough 37, finding 4: "Line 13 of 'devices-sjis.csv'" was Excel's row 12 (a Description above held an Alt+Enter line
# break), and the error did not name the device, while the same import's Code warning did. The error now names the record
# beside the physical line (kept: the spec's rule), and Excel's row when line breaks inside cells above make them differ.
Describe 'A refused row names its record, and Excel''s row when a quoted line break stands above it' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It 'names the device of a row, the user of a row without a device, and nothing for a row with neither' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'UserName,EmailAddress,Identifier,OS,ExpirationDays,Code'
            'k011,,ipad-jp011,ios,2026/12/31,Secret42'
            'k012,not-an-address,,,,'
            ',,,ios,,'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        $messages = @($r.Errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'ImportFailed*' } | ForEach-Object { $_.Exception.Message })
        $messages | Should -HaveCount 3 -Because ($messages -join "`n")
        $messages[0] | Should -BeLike "Line 2 (device 'ipad-jp011') of '*': ExpirationDays value '2026/12/31' is not valid: *"
        $messages[1] | Should -BeLike "Line 3 (user 'k012') of '*': EmailAddress value 'not-an-address' is not valid: *"
        $messages[2] | Should -BeLike "Line 4 of '*': Identifier or UserName is required: *"
        ($messages -join "`n") | Should -Not -BeLike '*Secret42*' -Because 'a Code is never in a message'
        ($messages -join "`n") | Should -Not -BeLike '*Excel shows*' -Because 'no cell holds a line break: the lines are the rows'
    }

    It 'says Excel''s row once, after every reason, below a Description with an Alt+Enter line break; -FailedRowsPath is as before' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'Identifier,OS,Description,ExpirationDays'
            "ipad-jp001,ios,`"1st floor`r`nfront desk`",7"
            'ipad-jp002,ios,,7'
            'ipad-jp003,ios,,2026/12/31'
        )
        $rejected = Join-Path $TestDrive 'rejected.csv'
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows -FailedRowsPath $rejected }
        $errors = @($r.Errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'ImportFailed*' })
        $errors | Should -HaveCount 1
        $errors[0].Exception.Message | Should -BeLike "Line 5 (device 'ipad-jp003') of '*': ExpirationDays value '2026/12/31' is not valid: *. (Excel shows this row as row 4: the line breaks inside cells above it count as lines but not as Excel's rows.)"
        # The failed-rows file and the row result keep the physical line and their own text.
        [IO.File]::ReadAllText($rejected) | Should -BeExactly "Identifier,OS,Description,ExpirationDays`r`nipad-jp003,ios,,2026/12/31`r`n"
        (Get-BmgImportHistory -Last 1).Errors[0].Line | Should -Be 5
        @(Get-BmgDevice).Count | Should -Be 2
    }

    It 'says no Excel row for a row above the line break, nor for piped objects' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'Identifier,OS,Description,ExpirationDays'
            'ipad-jp001,ios,,2026/12/31'
            "ipad-jp002,ios,`"a`r`nb`",7"
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        $r.Errors[0].Exception.Message | Should -Not -BeLike '*Excel shows*'
        $r.Errors[0].Exception.Message | Should -BeLike "Line 2 (device 'ipad-jp001') of '*'*"
        $r = Invoke-Captured { Import-Csv $csv | Import-BmgDeviceCsv -SkipInvalidRows }
        $r.Errors[0].Exception.Message | Should -BeLike "Line 2 (device 'ipad-jp001'): ExpirationDays value*"
        $r.Errors[0].Exception.Message | Should -Not -BeLike '*Excel shows*'
    }
}

# Roww39: a row's warnings say where the row is as its errors do (Excel's row below a quoted line break; the record when the
# warning does not name it: MessageText.Tests.ps1's -WhatIf blank-cell warnings), and an error whose reason names the row's
# device says the name once.
Describe 'A row''s warnings and errors name the row one way, its record once (roww39)' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It 'a warning of a row below a quoted line break ends with Excel''s row; a reason that names the device is not prefixed by it again' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(
            'Identifier,OS,Description,Code,DEPMethod'
            "ipad-jp001,ios,`"1st floor`r`nfront desk`",,"
            'ipad-jp002,ios,,123,'
            'pixel-jp003,android,,,Serial'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows }
        $r.Warnings | Should -HaveCount 1
        "$($r.Warnings[0])" | Should -BeExactly ("Line 4 of '$csv': The Code given for device 'ipad-jp002' has 3 characters; a code under 6 characters is easy " +
            "to guess (a generated code has 8). (Excel shows this row as row 3: the line breaks inside cells above it count as lines but not as Excel's rows.)")
        $errors = @($r.Errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'ImportFailed*' })
        $errors | Should -HaveCount 1
        $errors[0].Exception.Message | Should -BeExactly ("Line 5 of '$csv': DEPMethod value 'Serial' is not valid: DEP enrollment is only for iOS devices, " +
            "and device 'pixel-jp003' is 'android'. (Excel shows this row as row 4: the line breaks inside cells above it count as lines but not as Excel's rows.)")
        # The row result's Error and the history keep their own text, without the record or Excel's row.
        $errors[0].TargetObject.Error | Should -BeLike "Line 5: DEPMethod value 'Serial' is not valid:*is 'android'."
    }
}

# Walkthrough 43, finding 7: Apple's DEP data says "os": "iPadOS", and an admin who copied it into the OS column was told only
# "must be ios, android or windows". The one OS rule (Core's DeviceOs) now says an iPhone or iPad is 'ios', and a version
# is left out, in a CSV row, a piped row and New-BmgDevice alike; the value is still refused (SPEC lists the three).
Describe 'An OS Apple''s data or a device gives (iPadOS, iOS 17) is told the value to write' {
    BeforeEach { New-TestStore | Out-Null }

    It 'a CSV row of OS <OS> is refused saying <Says>' -ForEach @(
        @{ OS = 'iPadOS'; Says = "must be ios, android or windows; an iPhone or iPad is 'ios', also where Apple calls its OS iPadOS." }
        @{ OS = 'iPhone'; Says = "must be ios, android or windows; an iPhone or iPad is 'ios', also where Apple calls its OS iPadOS." }
        @{ OS = 'iOS 17'; Says = "must be ios, android or windows, without a version: 'ios'." }
        @{ OS = 'Android 14'; Says = "must be ios, android or windows, without a version: 'android'." }
    ) {
        $csv = Write-TestCsv -Name (New-CsvName 'os') -Lines @('Identifier,OS', "ipad-1,$OS")
        $r = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $csv }
        Assert-ErrorId $r.Errors 'InvalidFieldValue'
        $r.Errors[0].Exception.Message | Should -BeExactly "Line 2 (device 'ipad-1') of '$csv': OS value '$OS' is not valid: $Says"
        Get-ErrorId $r.Terminating | Should -Be 'ImportFailed'
        @(Get-BmgDevice).Count | Should -Be 0
    }

    It 'New-BmgDevice -OS iPadOS and a piped row say it too' {
        $r = Invoke-Captured { New-BmgDevice -Identifier ipad-2 -OS iPadOS }
        Assert-ErrorId $r.Errors 'InvalidFieldValue'
        $r.Errors[0].Exception.Message | Should -BeLike "*OS value 'iPadOS' is not valid: must be ios, android or windows; an iPhone or iPad is 'ios'*"
        $piped = Invoke-Captured { [pscustomobject]@{ Identifier = 'ipad-3'; OS = 'ipados' } | Import-BmgDeviceCsv }
        $piped.Errors[0].Exception.Message | Should -BeLike "Line 2 (device 'ipad-3'): OS value 'ipados' is not valid: *an iPhone or iPad is 'ios'*"
        @(Get-BmgDevice).Count | Should -Be 0
    }

    It 'Set-BmgDevice -OS iPadOS of an iOS device is refused with the same words, the device unchanged' {
        New-BmgDevice -Identifier ipad-4 -OS ios | Out-Null
        $r = Invoke-Captured { Set-BmgDevice -Identifier ipad-4 -OS iPadOS }
        Assert-ErrorId $r.Errors 'InvalidFieldValue'
        $r.Errors[0].Exception.Message | Should -BeLike "*OS value 'iPadOS' is not valid: *an iPhone or iPad is 'ios'*"
        (Get-BmgDevice ipad-4).OS | Should -Be 'ios'
    }
}

# Walkthrough 45, finding 4: Excel's total row under the table (`合計,,,,2`), saved with the rows, was refused as "OS is
# required" for a device '2' and nothing more. Its refusal now says what the line looks like; the rules are as before.
Describe 'A total row Excel saved under the table' {
    BeforeEach {
        New-TestStore | Out-Null
        $script:Header = 'UserName,Name,EmailAddress,Organizations,Identifier,OS,Code,,'
        $script:Rows = @(
            'yamada,山田 太郎,yamada@example.co.jp,,ipad-jp001,ios,482193,,'
            'suzuki,鈴木 一郎,suzuki@example.co.jp,,ipad-jp002,ios,552190,,'
        )
    }

    It 'is refused by the field rules as before, its reason followed by what the line looks like; the store stays as it was (<Total>)' -ForEach @(
        @{ Total = '合計,,,,2,,,,'; Says = "OS is required: a new device needs its OS (ios, android or windows). This line holds only '合計' and a number under Identifier," }
        @{ Total = '集計：,,,,2,,1034383,,'; Says = "OS is required: a new device needs its OS (ios, android or windows). This line holds only '集計：' and numbers under Identifier and Code," }
        @{ Total = ',Total,,,,,5,,'; Says = "Identifier or UserName is required: *. This line holds only 'Total' and a number under Code," }
    ) {
        $csv = Write-TestCsv -Name (New-CsvName 'total') -Lines (@($Header) + $Rows + $Total) -Encoding 932
        $r = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $csv -WarningAction SilentlyContinue }
        Get-ErrorId $r.Terminating | Should -Be 'ImportFailed'
        @($r.Errors).Count | Should -Be 1
        $r.Errors[0].Exception.Message | Should -BeLike "Line 4*of '$csv': $Says*"
        $r.Errors[0].Exception.Message | Should -Not -BeLike '*1034383*' -Because 'a number under Code may be a check-in code'
        $r.Errors[0].Exception.Message | Should -BeLike "*, as the total row a sheet has under its table does: if it is one, delete that row (in Excel, or the line in the file) and import the file again."
        @(Get-BmgDevice).Count | Should -Be 0
        @(Get-BmgUser).Count | Should -Be 0
    }

    It 'piped from Import-Csv, says the same; the valid rows import under -SkipInvalidRows' {
        $csv = Write-TestCsv -Name (New-CsvName 'total') -Lines (@($Header.TrimEnd(',')) + ($Rows | ForEach-Object { $_.TrimEnd(',') }) + '合計,,,,2,,') -Encoding utf8BOM
        $r = Invoke-Captured { Import-Csv -LiteralPath $csv | Import-BmgDeviceCsv -SkipInvalidRows }
        Assert-ErrorId $r.Errors 'MissingRequiredField'
        $r.Errors[0].Exception.Message | Should -BeLike "Line 4 (device '2'): OS is required: *. This line holds only '合計' and a number under Identifier, as the total row*"
        @(Get-BmgDevice).Identifier | Sort-Object | Should -Be 'ipad-jp001', 'ipad-jp002'
    }

    It 'a refused real row is not told it looks like a total: a user and a numeric control number, a number beside other text' -ForEach @(
        @{ Row = 'tanaka,,,,1001,,,,' }
        @{ Row = '合計,,,総務部,2,,,,' }
        @{ Row = ',,,,2,,,,' }
    ) {
        $csv = Write-TestCsv -Name (New-CsvName 'real') -Lines (@($Header) + $Rows + $Row) -Encoding 932
        $r = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $csv -WarningAction SilentlyContinue }
        Get-ErrorId $r.Terminating | Should -Be 'ImportFailed'
        $r.Errors[0].Exception.Message | Should -BeLike 'Line 4 *'
        $r.Errors[0].Exception.Message | Should -Not -BeLike '*total row*'
        @(Get-BmgDevice).Count | Should -Be 0
    }
}
