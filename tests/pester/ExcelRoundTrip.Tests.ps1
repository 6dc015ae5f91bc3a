# Excel's round trip without silent harm (walkthrough 20, findings 1 and 10): an export opened in Excel by double-click
# and saved comes back without its leading zeros ('0042' -> '42'). The import can't stop Excel, but it warns, naming the
# line, the field and (never for a Code) the values: a change that only drops a stored value's leading zeros, and a new
# device or user whose key is a bare number while that number with leading zeros exists. A Code from a file that only
# lost its leading zeros is refused (walkthrough 23, finding 3): the user holds the code they were sent. And a cell of
# Excel's text-forcing formula ="0123" is refused with a hint in the fields with a format rule, kept as typed in free
# text with a warning of the same hint (walkthrough 23, finding 6).
# Real files, real stores: runs on SQLite and PostgreSQL (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A zero-padded employee number and control number (common in Japanese companies), and a device with a padded Code
    # and DisplayName, imported as a file written without Excel.
    function Initialize-PaddedStore {
        $null = New-TestStore
        $seed = Write-TestCsv -Name "seed-$([guid]::NewGuid().ToString('N')).csv" -Encoding utf8BOM -Lines @(
            'UserName,Name,Identifier,OS,Code,DisplayName'
            '000123,山田　太郎,0042,ios,0735924,山田のiPhone'
            ',,sp-lead0,ios,0123456,0099'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
    }

    # The export as Excel saves it after a double-click open: every digits-only cell without its leading zeros.
    function Write-ExcelResaved {
        $export = Join-Path $TestDrive "export-$([guid]::NewGuid().ToString('N')).csv"
        Export-BmgDeviceCsv -Path $export
        $lines = Get-Content -LiteralPath $export -Encoding utf8 | ForEach-Object {
            (($_ -split ',') | ForEach-Object { if ($_ -match '^0+\d') { $_.TrimStart('0') } else { $_ } }) -join ','
        }
        return Write-TestCsv -Name "excel-$([guid]::NewGuid().ToString('N')).csv" -Encoding utf8BOM -Lines $lines
    }

    # The warnings a command writes, as text (its output and other streams dropped).
    function Get-Warnings([scriptblock] $Command) {
        return @(& $Command 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { "$_" })
    }
}

Describe 'A value Excel stripped of its leading zeros is warned of' {
    BeforeEach { Initialize-PaddedStore }

    It 'warns of the new user and device beside the zero-padded ones, and of the changes that only drop zeros, naming line and values but never a code' {
        $file = Write-ExcelResaved
        $warnings = $null
        # The Code that lost its zeros refuses the file (the next test): its warnings are said all the same.
        try { $null = Import-BmgDeviceCsv -Path $file -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue } catch { }
        $text = @($warnings | ForEach-Object { "$_" })
        $user = @($text | Where-Object { $_ -like "*new user '123'*" })
        $user.Count | Should -Be 1
        $user[0] | Should -BeLike "Line 2 of '*': A new user '123' is created while user '000123' exists: did Excel drop leading zeros?*Data > From Text/CSV*Text*"
        $device = @($text | Where-Object { $_ -like "*new device '42'*" })
        $device.Count | Should -Be 1
        $device[0] | Should -BeLike "Line 2 of '*': *device '0042' exists: did Excel drop leading zeros?*give its Identifier with the zeros*"
        $display = @($text | Where-Object { $_ -like '*DisplayName of device*' })
        $display.Count | Should -Be 1
        $display[0] | Should -BeLike "Line 3 of '*': DisplayName of device 'sp-lead0' changes from '0099' to '99', which only drops its leading zeros: Excel drops leading zeros when it opens a CSV by double-click*"
        # The Code is refused, not warned of (next test).
        @($text | Where-Object { $_ -like '*Code of device*' }) | Should -BeNullOrEmpty
        # The codes (the seeded device 0042's, which its new twin gets as given, and sp-lead0's) are never said.
        ($text -join "`n") | Should -Not -Match '735924|123456'
    }

    It 'refuses a Code that only lost its leading zeros, naming neither code and how to change a code on purpose; the file changes nothing' {
        $file = Write-ExcelResaved
        $before = Get-StoreSnapshot
        $run = Invoke-Captured { Import-BmgDeviceCsv -Path $file -WarningAction SilentlyContinue }
        $row = @($run.Errors | Where-Object { "$_" -like 'Line 3 *' })
        $row.Count | Should -Be 1
        Get-ErrorId $row[0] | Should -Be 'InvalidFieldValue'
        $row[0].CategoryInfo.Category | Should -Be 'InvalidData'
        "$($row[0])" | Should -BeExactly ("Line 3 of '$file': Code value is not valid for device 'sp-lead0': it is the device's code without its leading zeros " +
            "(neither code is shown), and the code its user was sent would no longer work. Excel drops leading zeros when it opens a CSV by double-click; " +
            "open the file with Data > From Text/CSV and set those columns to Text (or give the value with its zeros). To change the code on purpose, " +
            "use Set-BmgDevice -Identifier 'sp-lead0' -Code.")
        $row[0].TargetObject.GetErrors()[0].Field | Should -Be 'Code'
        Get-StoreSnapshot | Should -Be $before
        (Get-BmgDevice -Identifier 'sp-lead0').Code | ConvertFrom-SecureString -AsPlainText | Should -Be '0123456'
    }

    It 'applies the other rows all the same under -SkipInvalidRows: a warning keeps a deliberate change possible' {
        $file = Write-ExcelResaved
        $warnings = $null
        $null = Import-BmgDeviceCsv -Path $file -SkipInvalidRows -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($warnings | Where-Object { "$_" -like "*new device '42'*" }).Count | Should -Be 1
        (Get-BmgDevice -Identifier '42').UserName | Should -Be '123'
        # The row of the Code is skipped whole: its DisplayName and Code stay as they were.
        (Get-BmgDevice -Identifier 'sp-lead0').DisplayName | Should -Be '0099'
        (Get-BmgDevice -Identifier 'sp-lead0').Code | ConvertFrom-SecureString -AsPlainText | Should -Be '0123456'
        # A Code without leading zeros lost, and one given with them, change the code as before.
        $file = Write-TestCsv -Name 'code-on-purpose.csv' -Lines @('Identifier,Code', 'sp-lead0,0123457')
        $null = Import-BmgDeviceCsv -Path $file -ErrorAction Stop
        (Get-BmgDevice -Identifier 'sp-lead0').Code | ConvertFrom-SecureString -AsPlainText | Should -Be '0123457'
    }

    It 'says nothing of a re-import that keeps the zeros, of other digit changes, or of a new number no padded key holds' {
        $file = Write-TestCsv -Name 'same.csv' -Lines @(
            'UserName,Name,Identifier,OS,Code,DisplayName'
            '000123,山田　太郎,0042,ios,0735924,0098'
            ',,sp-lead0,ios,123457,099'
            '420,Other,4200,ios,,'
            '1230,Other,042x,ios,,'
        )
        $text = Get-Warnings { Import-BmgDeviceCsv -Path $file -WhatIf }
        @($text | Where-Object { $_ -like '*leading zeros*' }) | Should -BeNullOrEmpty
    }

    It 'warns of a new bare number whose zero-padded twin an earlier row of the same file creates, in its chunk or an earlier one' {
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Identifier,OS,UserName')
        $lines.Add('0007,ios,0000555')
        $lines.Add('7,ios,555')
        # Beyond the first chunk (1000 rows): the twin is in the store by then, or in the chunk being written.
        foreach ($i in 1..1100) { $lines.Add("pad-$i,ios,") }
        $lines.Add('0099,ios,')
        foreach ($i in 1..1100) { $lines.Add("more-$i,ios,") }
        $lines.Add('99,ios,')
        $file = Write-TestCsv -Name 'twins.csv' -Lines $lines
        $text = Get-Warnings { Import-BmgDeviceCsv -Path $file -WhatIf }
        @($text | Where-Object { $_ -like "Line 3 of '*': A new user '555' is created while user '0000555' exists*" }).Count | Should -Be 1
        @($text | Where-Object { $_ -like "Line 3 of '*': A new device '7' is created while device '0007' exists*" }).Count | Should -Be 1
        @($text | Where-Object { $_ -like "Line $($lines.Count) of '*': A new device '99' is created while device '0099' exists*" }).Count | Should -Be 1
    }

    It 'warns of a piped row whose key no chunk read' {
        $warnings = $null
        $null = [pscustomobject]@{ Identifier = '42'; OS = 'ios'; UserName = '123' } |
            Import-BmgDeviceCsv -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        $text = @($warnings | ForEach-Object { "$_" })
        @($text | Where-Object { $_ -like "*A new device '42' is created while device '0042' exists*" }).Count | Should -Be 1
        @($text | Where-Object { $_ -like "*A new user '123' is created while user '000123' exists*" }).Count | Should -Be 1
    }

    It 'warns in New-BmgDevice, New-BmgUser and Set-BmgDevice, which plan through the same rules, naming Excel only for a piped record' {
        # Typed on the command line: no spreadsheet was involved, so the warning asks to check the value, not how a CSV was opened.
        $text = Get-Warnings { New-BmgDevice -Identifier '42' -OS ios -WhatIf }
        @($text | Where-Object { $_ -ceq "A new device '42' is created while device '0042' exists: to change that device instead, give its Identifier with the zeros." }).Count | Should -Be 1
        $text = Get-Warnings { New-BmgUser -UserName '123' -WhatIf }
        @($text | Where-Object { $_ -ceq "A new user '123' is created while user '000123' exists: to change that user instead, give its UserName with the zeros." }).Count | Should -Be 1
        $text = Get-Warnings { Set-BmgDevice -Identifier 'sp-lead0' -DisplayName '99' -WhatIf }
        @($text | Where-Object { $_ -ceq "DisplayName of device 'sp-lead0' changes from '0099' to '99', which only drops its leading zeros: to keep them, give the value with its zeros." }).Count | Should -Be 1
        # A typed Code is a change on purpose (the refusal of a file's row names this way): warned of, and applied.
        $text = Get-Warnings { Set-BmgDevice -Identifier 'sp-lead0' -Code '123456' -WhatIf }
        @($text | Where-Object { $_ -ceq "Code of device 'sp-lead0' changes only by dropping its leading zeros (neither code is shown), so the code its user was sent would no longer work: to keep them, give the value with its zeros." }).Count | Should -Be 1
        ($text -join "`n") | Should -Not -Match '123456|Excel'
        $null = Set-BmgDevice -Identifier 'sp-lead0' -Code '123456' -WarningAction SilentlyContinue -ErrorAction Stop
        (Get-BmgDevice -Identifier 'sp-lead0').Code | ConvertFrom-SecureString -AsPlainText | Should -Be '123456'
        # A device piped to Set-BmgDevice names the record, its fields are still typed.
        $text = Get-Warnings { Get-BmgDevice -Identifier 'sp-lead0' | Set-BmgDevice -DisplayName '99' -WhatIf }
        @($text | Where-Object { $_ -like "DisplayName of device 'sp-lead0' changes *: to keep them, give the value with its zeros." }).Count | Should -Be 1
        # Bound from piped records (Import-Csv's rows of a file Excel saved): worded as a file's row is.
        $text = Get-Warnings { [pscustomobject]@{ Identifier = '42'; OS = 'ios' } | New-BmgDevice -WhatIf }
        @($text | Where-Object { $_ -like "A new device '42' is created while device '0042' exists: did Excel drop leading zeros?*Data > From Text/CSV*give its Identifier with the zeros." }).Count | Should -Be 1
        $text = Get-Warnings { [pscustomobject]@{ UserName = '123' } | New-BmgUser -WhatIf }
        @($text | Where-Object { $_ -like "A new user '123' is created while user '000123' exists: did Excel drop leading zeros?*" }).Count | Should -Be 1
    }

    It 'compares an all-zero value dropped to 0 as a field, not as a key (README decision)' {
        # A field's value '000' -> '0' is what Excel makes of it, and is warned of.
        $null = Set-BmgDevice -Identifier 'sp-lead0' -DisplayName '000' -ErrorAction Stop
        $text = Get-Warnings { Set-BmgDevice -Identifier 'sp-lead0' -DisplayName '0' -WhatIf }
        @($text | Where-Object { $_ -like "DisplayName of device 'sp-lead0' changes from '000' to '0', which only drops its leading zeros*" }).Count | Should -Be 1
        # A new key '0' beside a stored '00' is not compared: the twins' look-up finds the number left after the zeros, and an
        # all-zero key leaves none (README: not a numbering; the same rule in both stores).
        $null = New-BmgDevice -Identifier '00' -OS ios -ErrorAction Stop
        $text = Get-Warnings { New-BmgDevice -Identifier '0' -OS ios -WhatIf }
        @($text | Where-Object { $_ -like '*leading zeros*' -or $_ -like '*with the zeros*' }) | Should -BeNullOrEmpty
    }

    # Leftovers 24: a Code '00' or '000' that Excel shortened to '0' is a Code that lost its leading zeros like any other
    # (refused from a file, warned of when typed); '0' given again is unchanged, and '0' -> '00' is a change, not a loss.
    It 'treats a Code ''00'' or ''000'' shortened to ''0'' as a Code that lost its leading zeros, and ''0'' as a valid Code' {
        New-BmgDevice -Identifier 'z2' -OS ios -Code '00' -WarningAction SilentlyContinue | Out-Null
        New-BmgDevice -Identifier 'z3' -OS ios -Code '000' -WarningAction SilentlyContinue | Out-Null
        $text = @(Get-Warnings { New-BmgDevice -Identifier 'z1' -OS ios -Code '0' })
        $text | Should -Be @("The Code given for device 'z1' has 1 character; a code under 6 characters is easy to guess (a generated code has 8).")
        $before = Get-StoreSnapshot
        $file = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,Code', 'z2,0', 'z3,0', 'z1,0')
        $r = Invoke-Captured { Import-BmgDeviceCsv -Path $file -SkipInvalidRows }
        @($r.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue', 'InvalidFieldValue')
        $r.Errors[0].Exception.Message | Should -BeLike "Line 2 of '*': Code value is not valid for device 'z2': it is the device's code without its leading zeros*"
        $r.Errors[1].Exception.Message | Should -BeLike "Line 3 of '*': Code value is not valid for device 'z3': it is the device's code without its leading zeros*"
        ($r.Output | Select-Object -Last 1).Unchanged | Should -Be 1
        # Leftovers 25: the refused Code gets its error alone, not the short-code warning first (a '0' is short too).
        @($r.Warnings | Where-Object { "$_" -like '*easy to guess*' }) | Should -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
        # Typed, the change is made on purpose: warned of, and applied.
        $text = Get-Warnings { Set-BmgDevice -Identifier 'z2' -Code '0' -WhatIf }
        @($text | Where-Object { $_ -like "Code of device 'z2' changes only by dropping its leading zeros*" }).Count | Should -Be 1
        # The other way round is no loss: '0' -> '00' is applied from a file with no leading-zeros word.
        $file = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,Code', 'z1,00')
        $r = Invoke-Captured { Import-BmgDeviceCsv -Path $file }
        $r.Errors | Should -BeNullOrEmpty
        @($r.Warnings | Where-Object { "$_" -like '*leading zeros*' }) | Should -BeNullOrEmpty
        ($r.Output | Select-Object -Last 1).Updated | Should -Be 1
    }
}

Describe "Excel's =`"...`" text formula" {
    BeforeEach { $null = New-TestStore }

    It '<Field> ="..." is refused with the hint' -ForEach @(
        @{ Field = 'Identifier'; Columns = 'Identifier,OS'; Row = '"=""0123""",ios' }
        @{ Field = 'Code'; Columns = 'Identifier,OS,Code'; Row = 'd1,ios,"=""0123456"""' }
        @{ Field = 'IMEI'; Columns = 'Identifier,OS,IMEI'; Row = 'd1,android,"=""490154203237518"""' }
        @{ Field = 'Serial'; Columns = 'Identifier,OS,Serial'; Row = 'd1,ios,"=""F9FXK2BBBB04"""' }
        @{ Field = 'WifiMac'; Columns = 'Identifier,OS,WifiMac'; Row = 'd1,ios,"=""001122334455"""' }
        @{ Field = 'UDID'; Columns = 'Identifier,OS,UDID'; Row = 'd1,ios,"=""00008030-001A35E11234802E"""' }
        @{ Field = 'ExpirationDays'; Columns = 'Identifier,OS,ExpirationDays'; Row = 'd1,ios,"=""007"""' }
    ) {
        $file = Write-TestCsv -Name "formula-$Field.csv" -Lines @($Columns, $Row)
        $errors = $null
        # The row's error, then the file's refusal (terminating: nothing of a file with a failed row is imported).
        try { $null = Import-BmgDeviceCsv -Path $file -ErrorVariable errors -ErrorAction SilentlyContinue } catch { }
        $row = @($errors | Where-Object { "$_" -like "Line 2 *" })
        $row.Count | Should -Be 1
        $row[0].FullyQualifiedErrorId | Should -BeLike 'InvalidFieldValue*'
        "$($row[0])" | Should -BeLike "*$Field value*is not valid: looks like Excel's =`"...`" text formula*give the value alone*"
        if ($Field -eq 'Code') { "$($row[0])" | Should -Not -Match '0123456' }
    }

    It 'is kept as typed in a free-text field, with a warning of the hint when the value is new' {
        $file = Write-TestCsv -Name 'formula-text.csv' -Lines @('Identifier,OS,DisplayName', 'd1,ios,"=""0123"""')
        $text = @(Get-Warnings { Import-BmgDeviceCsv -Path $file -ErrorAction Stop })
        (Get-BmgDevice -Identifier 'd1').DisplayName | Should -Be '="0123"'
        $text.Count | Should -Be 1
        $text[0] | Should -BeExactly ("Line 2 of '$file': DisplayName '=`"0123`"' of device 'd1' looks like Excel's =`"...`" text formula, which a CSV keeps as typed: give the value alone, without the = and the quotes; it is stored as given.")
        # Given again, stored already: nothing more to say.
        Get-Warnings { Import-BmgDeviceCsv -Path $file -ErrorAction Stop } | Should -BeNullOrEmpty
    }

    It 'warns of a new user whose UserName (a key) is the formula, and creates it as given' {
        $file = Write-TestCsv -Name 'formula-user.csv' -Lines @('UserName,Name,EmailAddress,Identifier,OS', '"=""0456""",佐藤 次郎,sato@example.com,iphone-0003,ios')
        $text = @(Get-Warnings { Import-BmgDeviceCsv -Path $file -WhatIf })
        $text.Count | Should -Be 1
        $text[0] | Should -BeExactly ("Line 2 of '$file': UserName '=`"0456`"' of the new user looks like Excel's =`"...`" text formula, which a CSV keeps as typed: give the value alone, without the = and the quotes; the user is created with that name, and a later row that gives the name alone makes another user.")
        $text = Get-Warnings { New-BmgUser -UserName '="0456"' -Name 'x' }
        @($text | Where-Object { $_ -like "UserName '=`"0456`"' of the new user looks like Excel's*" }).Count | Should -Be 1
        (Get-BmgUser -UserName '="0456"').Name | Should -Be 'x'
        # The user exists now: a row naming it again says nothing.
        Get-Warnings { Import-BmgDeviceCsv -Path $file -ErrorAction Stop } | Where-Object { $_ -like '*UserName*' } | Should -BeNullOrEmpty
    }
}

# Leftovers 24: a value pasted from a sheet's ="..." cell into a typed parameter that names a user, template, device tag or
# organization was refused with only "create it first", which would make a second item with the quotes in its name. Every
# refusal of a name that names nothing now gives the import's hint, and names the item inside the formula when it exists.
Describe "Excel's =`"...`" text formula given to a parameter that names a user, template, device tag or organization" {
    BeforeAll {
        $script:hint = "looks like Excel's =`"...`" text formula, which a CSV keeps as typed: give the value alone, without the = and the quotes"
    }

    BeforeEach {
        $null = New-TestStore
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Kiosk' | Out-Null
        New-BmgUser -UserName '0456' | Out-Null
        New-BmgDevice -Identifier 'd1' -OS ios | Out-Null
    }

    It '<Command> is <ErrorId> with the hint' -TestCases @(
        @{ Command = 'Set-BmgDevice d1 -UserName ''="0456"'''; ErrorId = 'ReferenceNotFound'; Expected = "UserName names a user '=`"0456`"', which does not exist and {0}; a user '0456' exists." }
        @{ Command = 'New-BmgDevice d2 -OS ios -UserName ''="0457"'''; ErrorId = 'ReferenceNotFound'; Expected = "UserName names a user '=`"0457`"', which does not exist and {0}." }
        @{ Command = 'Set-BmgDevice d1 -Template ''="Standard"'''; ErrorId = 'ReferenceNotFound'; Expected = "Template names a template '=`"Standard`"', which does not exist and {0}; a template 'Standard' exists." }
        @{ Command = 'New-BmgDevice d2 -OS ios -DeviceTags Kiosk, ''="Kiosk"'''; ErrorId = 'ReferenceNotFound'; Expected = "DeviceTags names a device tag '=`"Kiosk`"', which does not exist and {0}; a device tag 'Kiosk' exists." }
        @{ Command = 'New-BmgUser u2 -Organizations ''="org-sales"'''; ErrorId = 'ReferenceNotFound'; Expected = "Organizations names an organization '=`"org-sales`"', which does not exist and {0}; an organization 'org-sales' exists." }
        @{ Command = 'Set-BmgUser ''="0456"'' -Name x'; ErrorId = 'UserNotFound'; Expected = "No user has the UserName '=`"0456`"' {1}, which {0}; a user '0456' exists." }
        @{ Command = 'Get-BmgDevice -UserName ''="0456"'''; ErrorId = 'UserNotFound'; Expected = "No user has the UserName '=`"0456`"' {1}, which {0}; a user '0456' exists." }
        @{ Command = 'Get-BmgDevice -Template ''="Standard"'''; ErrorId = 'TemplateNotFound'; Expected = "Template '=`"Standard`"' does not exist {1} and {0}; a template 'Standard' exists." }
        @{ Command = 'Get-BmgUser -Organization ''="org-sales"'''; ErrorId = 'OrganizationNotFound'; Expected = "Organization '=`"org-sales`"' does not exist {1} and {0}; an organization 'org-sales' exists." }
        # Leftovers 25: the Get- look-ups by name (SelectByName) give it too, before the Id-given-a-Name hint.
        @{ Command = 'Get-BmgOrganization -Id ''="org-sales"'''; ErrorId = 'OrganizationNotFound'; Expected = "No organization is named '=`"org-sales`"' {1}; the name {0}; an organization 'org-sales' exists." }
        @{ Command = 'Get-BmgOrganization -Id ''="Sales"'''; ErrorId = 'OrganizationNotFound'; Expected = "No organization is named '=`"Sales`"' {1}; the name {0}." }
        @{ Command = 'Get-BmgTemplate -Name ''="Standard"'''; ErrorId = 'TemplateNotFound'; Expected = "No template is named '=`"Standard`"' {1}; the name {0}; a template 'Standard' exists." }
        @{ Command = 'Get-BmgTemplate -LiteralName '' ="Standard" '''; ErrorId = 'TemplateNotFound'; Expected = "No template is named '=`"Standard`"' {1}; the name {0}; a template 'Standard' exists." }
        @{ Command = 'Get-BmgDeviceTag -Name ''="Kiosk"'''; ErrorId = 'DeviceTagNotFound'; Expected = "No device tag is named '=`"Kiosk`"' {1}; the name {0}; a device tag 'Kiosk' exists." }
        @{ Command = 'Get-BmgDeviceTag -Name ''="kiosk"'''; ErrorId = 'DeviceTagNotFound'; Expected = "No device tag is named '=`"kiosk`"' {1}; the name {0}." }
    ) {
        $before = Get-StoreSnapshot
        $r = Invoke-Captured ([scriptblock]::Create($Command))
        @($r.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @($ErrorId)
        $r.Errors[0].Exception.Message | Should -BeExactly ($Expected -f $script:hint, (Get-InStore))
        Get-StoreSnapshot | Should -Be $before
    }

    It 'an import row naming a template with the formula gets the same hint, naming its line' {
        $file = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,OS,Template', 'd3,ios,"=""Standard"""')
        $r = Invoke-Captured { Import-BmgDeviceCsv -Path $file -SkipInvalidRows }
        $r.Errors[0].Exception.Message | Should -BeLike ("Line 2 (device 'd3') of '*': Template names a template '=`"Standard`"', which does not exist and $([WildcardPattern]::Escape($script:hint)); a template 'Standard' exists.*")
    }
}

# Walkthrough 28, finding 8: Export-BmgDeviceCsv writes a value that starts with = + - @ with a leading apostrophe (the
# formula escape); only Import-BmgDeviceCsv removed it. `Import-Csv export.csv | New-BmgDevice` stored "'+81-3-…", and
# `| Get-/Set-/Remove-BmgDevice` found no device "'-ipad1". Now every command reads a piped record's values (an Import-Csv
# row, a [pscustomobject]) as the import reads a file's cells (PipedCells); typed values and the module's own objects are
# taken as they are.
Describe "An export's formula escape is removed wherever a piped record's values are read (walkthrough 28, finding 8)" {
    BeforeEach {
        $null = New-TestStore
        New-BmgUser -UserName '+tanaka' -Name '=Tanaka Jiro' -EmailAddress 'tanaka@example.com' | Out-Null
        New-BmgDevice -Identifier '-ipad1' -OS ios -UserName '+tanaka' -Description '+81-3-1234-5678' -DisplayName '=SUM(A1)' | Out-Null
        # An apostrophe that is data: before a formula character (the export writes one more) and before anything else.
        New-BmgDevice -Identifier 'apos1' -OS ios -Description "'+1 kept" -DisplayName "'quoted" | Out-Null
        $script:export = Join-Path $TestDrive "fx-$([guid]::NewGuid().ToString('N')).csv"
        Export-BmgDeviceCsv -Path $export

        # What the round trip must give back: every stored value of the devices and the user, apostrophes included.
        function script:Get-Stored {
            (@(Get-BmgDevice | Sort-Object Identifier | Select-Object Identifier, UserName, Description, DisplayName, Code) +
                @(Get-BmgUser | Select-Object UserName, Name, EmailAddress)) | ConvertTo-Json -Depth 3
        }
        $script:stored = Get-Stored
    }

    It 'the export holds the escape (the documented file), and Import-Csv reads it as written' {
        $rows = @(Import-Csv -LiteralPath $export)
        @($rows.Identifier) | Should -Contain "'-ipad1"
        ($rows | Where-Object Identifier -eq "'-ipad1").Description | Should -BeExactly "'+81-3-1234-5678"
        ($rows | Where-Object Identifier -eq 'apos1').Description | Should -BeExactly "''+1 kept"
        ($rows | Where-Object Identifier -eq 'apos1').DisplayName | Should -BeExactly "'quoted"
    }

    It 'Import-Csv export.csv | Get-BmgDevice, Get-BmgUser and Get-BmgDeviceHistory find each record by its key' {
        $result = Invoke-Captured {
            Import-Csv -LiteralPath $export | Get-BmgDevice
            Import-Csv -LiteralPath $export | Where-Object UserName | Get-BmgUser
        }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Devices.Device' } | ForEach-Object Identifier) | Should -Be @('-ipad1', 'apos1')
        @($result.Output | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Users.User' } | ForEach-Object UserName) | Should -Be @('+tanaka')
        @(Import-Csv -LiteralPath $export | Where-Object Identifier -like '*ipad1' | Get-BmgDeviceHistory -ErrorAction Stop).Identifier |
            Select-Object -Unique | Should -Be '-ipad1'
    }

    It 'Import-Csv export.csv | Set-BmgDevice and | Remove-BmgDevice change the devices the rows name' {
        $set = Invoke-Captured { Import-Csv -LiteralPath $export | Where-Object Identifier -like '*ipad1' | Set-BmgDevice -DisplayName 'renamed' -WarningAction SilentlyContinue }
        $set.Errors | Should -BeNullOrEmpty
        (Get-BmgDevice -LiteralIdentifier '-ipad1').DisplayName | Should -BeExactly 'renamed'

        $removed = Invoke-Captured { Import-Csv -LiteralPath $export | Remove-BmgDevice -Confirm:$false -PassThru }
        $removed.Errors | Should -BeNullOrEmpty
        @($removed.Output.Identifier) | Should -Be @('-ipad1', 'apos1')
        @(Get-BmgDevice) | Should -HaveCount 0
    }

    It 'Import-Csv export.csv | Export-BmgDeviceCsv and | Get-BmgCheckInEmail, which bind -Identifier by name alone, read it as a cell; typed, it is taken as typed' {
        $again = Join-Path $TestDrive "again-$([guid]::NewGuid().ToString('N')).csv"
        $export2 = Invoke-Captured { Import-Csv -LiteralPath $export | Export-BmgDeviceCsv -LiteralPath $again }
        $export2.Errors | Should -BeNullOrEmpty
        $export2.Terminating | Should -BeNullOrEmpty
        @(Import-Csv -LiteralPath $again).Identifier | Should -Be @("'-ipad1", 'apos1') -Because 'the rows name both devices, each written as the export writes it'

        Set-BmgDevice -Identifier '-ipad1' -RegistrationEmail 'tanaka@example.com' -WarningAction SilentlyContinue
        $emails = Invoke-Captured { Import-Csv -LiteralPath $export | Get-BmgCheckInEmail }
        $emails.Errors | Should -BeNullOrEmpty
        @($emails.Output.Identifier) | Should -Be @('-ipad1')

        # Typed on the command line, the same text is no cell: no device, no email has it.
        $typedExport = Invoke-Captured { Export-BmgDeviceCsv -Identifier "'-ipad1" -LiteralPath (Join-Path $TestDrive "typed-$([guid]::NewGuid().ToString('N')).csv") }
        @($typedExport.Errors) + @($typedExport.Terminating) | Where-Object { $_ } | Should -Not -BeNullOrEmpty -Because 'no device is named "''-ipad1"'
        $typedEmails = Invoke-Captured { Get-BmgCheckInEmail -Identifier "'-ipad1" }
        $typedEmails.Output | Should -BeNullOrEmpty
        Assert-ErrorId $typedEmails.Errors 'DeviceNotFound'
    }

    It 'Import-Csv export.csv | New-BmgUser, then | New-BmgDevice, gives back every value exactly, apostrophes that are data included' {
        Get-BmgDevice | Remove-BmgDevice -Confirm:$false
        Get-BmgUser | Remove-BmgUser -Confirm:$false
        $users = Invoke-Captured { Import-Csv -LiteralPath $export | Where-Object UserName | New-BmgUser -WarningAction SilentlyContinue }
        $devices = Invoke-Captured { Import-Csv -LiteralPath $export | New-BmgDevice -WarningAction SilentlyContinue }
        $users.Errors | Should -BeNullOrEmpty
        $devices.Errors | Should -BeNullOrEmpty
        Get-Stored | Should -Be $stored
        (Get-BmgDevice apos1).Description | Should -BeExactly "'+1 kept"
    }

    It 'the other values a command binds from the same record by name are cells too: Rename-BmgDevice -NewName, New-BmgOrganization -Name, Get-BmgDevice -UserName' {
        $renamed = Invoke-Captured { [pscustomobject]@{ Identifier = 'apos1'; NewName = "'-apos2" } | Rename-BmgDevice -PassThru }
        $renamed.Errors | Should -BeNullOrEmpty
        $renamed.Output.Identifier | Should -BeExactly '-apos2'

        $org = Invoke-Captured { [pscustomobject]@{ Id = 'org-fx'; Name = "'=Sales (Tokyo)" } | New-BmgOrganization }
        $org.Errors | Should -BeNullOrEmpty
        (Get-BmgOrganization -Id 'org-fx').Name | Should -BeExactly '=Sales (Tokyo)'

        # A row's UserName filters Get-BmgDevice as the cell it is: the export's "'+tanaka" is the user '+tanaka'.
        @([pscustomobject]@{ Identifier = "'-ipad1"; UserName = "'+tanaka" } | Get-BmgDevice -ErrorAction Stop).Identifier | Should -BeExactly '-ipad1'
        # Typed, the same text is taken as it is: no user has that name.
        $typed = Invoke-Captured { Get-BmgDevice -UserName "'+tanaka" }
        $typed.Output | Should -BeNullOrEmpty
    }

    It 'a value typed on the command line, and a stored value of the module''s own object, keep a leading apostrophe; a piped record''s cell does not' {
        $typed = Invoke-Captured { [pscustomobject]@{ Identifier = 'typed1'; OS = 'ios' } | New-BmgDevice -Description "'+1 typed" }
        $typed.Errors | Should -BeNullOrEmpty
        (Get-BmgDevice typed1).Description | Should -BeExactly "'+1 typed"

        # A [pscustomobject] is a record of cells, as an Import-Csv row is (README decision): one escape apostrophe is removed.
        [pscustomobject]@{ Identifier = 'record1'; OS = 'ios'; Description = "'+1 record"; DisplayName = "'abc" } | New-BmgDevice | Out-Null
        (Get-BmgDevice record1).Description | Should -BeExactly '+1 record'
        (Get-BmgDevice record1).DisplayName | Should -BeExactly "'abc" -Because 'an apostrophe before anything but = + - @ is no escape'

        # The module's own Device carries stored values: piped back to Import-BmgDeviceCsv it changes nothing.
        $same = Get-BmgDevice apos1 | Import-BmgDeviceCsv -PassThru
        "$($same.Outcome)" | Should -Be 'Unchanged'
        (Get-BmgDevice apos1).Description | Should -BeExactly "'+1 kept"
        # Read back by Import-Clixml it is the module's own all the same (ModuleObjects): its other properties are left out, not
        # header errors, and its values are stored values. Its Code is '(hidden)' in the file (a HiddenCode holds no code
        # there: CheckInCodeHidden.Tests.ps1 shows that refused), so the read-back object leaves the Code out and the store
        # keeps its own (a deserialized object's property can't be removed, only emptied).
        $xml = Join-Path $TestDrive "apos-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDevice apos1 | Export-Clixml -LiteralPath $xml
        $readBack = Invoke-Captured {
            Import-Clixml -LiteralPath $xml | ForEach-Object { $_.Code = $null; $_ } | Import-BmgDeviceCsv -PassThru
        }
        $readBack.Terminating | Should -BeNullOrEmpty
        $readBack.Errors | Should -BeNullOrEmpty
        "$(($readBack.Output | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Import.ImportRowResult' }).Outcome)" | Should -Be 'Unchanged'
        (Get-BmgDevice apos1).Description | Should -BeExactly "'+1 kept"
    }
    It 'a record of a UserName alone is cells too; Select-Object of the module''s own object keeps its stored values; a failed binding leaves nothing for the next command (review 28)' {
        # A record with a UserName and no Identifier binds -UserName by name: its export's escape is removed as a key's is.
        @([pscustomobject]@{ UserName = "'+tanaka" } | Get-BmgDevice -ErrorAction Stop).Identifier | Should -BeExactly '-ipad1'

        # Select-Object of a stored user "'+tanaka" is that user, not '+tanaka' (an apostrophe there is data).
        New-BmgUser -UserName "'+tanaka" -Name 'Apostrophe Tanaka' | Out-Null
        $selected = Invoke-Captured { Get-BmgUser -LiteralUserName "'+tanaka" | Select-Object UserName, Name | Remove-BmgUser -Confirm:$false -PassThru }
        $selected.Errors | Should -BeNullOrEmpty
        @($selected.Output.UserName) | Should -Be @("'+tanaka")
        (Get-BmgUser -LiteralUserName '+tanaka').UserName | Should -BeExactly '+tanaka' -Because 'the other user stays'

        # A record whose binding fails never reaches the command's record step; its cells must not change a later command.
        $record = [pscustomobject]@{ Identifier = "'-ipad1" }
        $failed = Invoke-Captured { $record | Rename-BmgDevice }
        $failed.Errors | Should -Not -BeNullOrEmpty
        $typed = Invoke-Captured { Get-BmgDevice -Identifier $record.Identifier }
        $typed.Output | Should -BeNullOrEmpty -Because 'a typed value is taken as it is, and no device has that text'
    }
}
