# Round 32, 1 and round 33, 1-2: a device's (and an outbox entry's) Code is a hidden code: one object made with the
# device, whose every text form is "(hidden)" and whose JSON is an empty object (round 32's SecureString told its Length),
# and which converts to a SecureString where one is asked for, so ConvertFrom-SecureString -AsPlainText reads it. Every
# habit that writes all of an object's properties (ConvertTo-Json, Export-Csv, ConvertTo-Csv, Format-List *,
# Select-Object *) shows no code nor its length; every workflow that needs the code keeps it: the -Code parameters and
# Import-BmgDeviceCsv's piped objects take it as the code, Export-BmgDeviceCsv writes the codes and its file imports back
# Unchanged, and a file of Export-Csv (which holds no codes) is refused by name rather than imported with "(hidden)" for a
# code. Real module, real stores of the run's kind (both stores).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-Plain($Secure) { $Secure | ConvertFrom-SecureString -AsPlainText }
}

Describe 'A check-in code is hidden on the objects the commands output' {
    BeforeEach {
        $script:Store = New-TestStore
        $script:Device = New-BmgDevice -Identifier 'hid-001' -OS ios -Code 'QWERTYUP' -RegistrationEmail 'hid@example.com'
        $script:Email = @(Get-BmgCheckInEmail -Identifier 'hid-001')[0]
    }

    It 'is one hidden object, "(hidden)" as text, that ConvertFrom-SecureString -AsPlainText reads as the code' {
        $device = Get-BmgDevice hid-001
        "$($device.Code)" | Should -BeExactly '(hidden)'
        [object]::ReferenceEquals($device.Code, $device.Code) | Should -BeTrue -Because 'the object holds one code object, made once, not a new one a read'
        Get-Plain $device.Code | Should -BeExactly 'QWERTYUP'
        [securestring]$device.Code | Should -BeOfType [securestring]
        "$($Email.Code)" | Should -BeExactly '(hidden)'
        Get-Plain $Email.Code | Should -BeExactly 'QWERTYUP'
    }

    It 'compares equal to another hidden code of the same code only, and never to the code as text' {
        New-BmgDevice -Identifier 'hid-002' -OS ios -Code 'QWERTYUP' | Out-Null
        New-BmgDevice -Identifier 'hid-003' -OS ios -Code 'OTHERCD9' | Out-Null
        (Get-BmgDevice hid-001).Code -eq (Get-BmgDevice hid-002).Code | Should -BeTrue
        (Get-BmgDevice hid-001).Code -eq (Get-BmgDevice hid-003).Code | Should -BeFalse
        (Get-BmgDevice hid-001).Code -eq 'QWERTYUP' | Should -BeFalse -Because 'a code typed as text is no oracle for the hidden one'
    }

    It '<Habit> of a device and of an outbox entry shows no code' -ForEach @(
        @{ Habit = 'ConvertTo-Json'; Show = { param($o) $o | ConvertTo-Json -Depth 4 } }
        @{ Habit = 'ConvertTo-Csv'; Show = { param($o) $o | ConvertTo-Csv -NoTypeInformation } }
        @{ Habit = 'Format-List *'; Show = { param($o) $o | Format-List * | Out-String -Width 300 } }
        @{ Habit = 'Select-Object *'; Show = { param($o) $o | Select-Object * | Format-Table * | Out-String -Width 500 } }
        @{ Habit = 'the default view'; Show = { param($o) $o | Out-String -Width 300 } }
    ) {
        foreach ($object in @((Get-BmgDevice hid-001), $Email)) {
            $text = "$(& $Show $object)"
            $text | Should -Match 'hid-001' -Because 'the object was shown'
            $text | Should -Not -Match 'QWERTYUP'
        }
    }

    It 'Export-Csv writes "(hidden)" in the Code column, ConvertTo-Json an empty object, Export-Clixml no code: not even its length' {
        $csv = Join-Path $TestDrive (New-CsvName 'objects')
        Get-BmgDevice hid-001 | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).Code | Should -BeExactly '(hidden)'
        (Get-Content $csv -Raw) | Should -Not -Match 'QWERTYUP'
        $json = Get-BmgDevice hid-001 | ConvertTo-Json -Compress
        $json | Should -Match '"Code":\{\}'
        $json | Should -Not -Match 'Length|QWERTYUP|\b8\b'
        $xml = Join-Path $TestDrive 'devices.xml'
        Get-BmgDevice hid-001 | Export-Clixml $xml
        $clixml = Get-Content $xml -Raw
        $clixml | Should -Match 'hid-001'
        $clixml | Should -Not -Match 'QWERTYUP|<SS' -Because 'on Linux and macOS a SecureString is written as readable hexadecimal'
    }

    It 'the -Code parameters take the hidden code and a SecureString as the code: Register-BmgDeviceCheckIn, Set-BmgDevice, New-BmgDevice' {
        Set-BmgDevice hid-001 -Code (ConvertTo-SecureString 'NEWCODE7' -AsPlainText -Force) | Out-Null
        Get-Plain (Get-BmgDevice hid-001).Code | Should -BeExactly 'NEWCODE7'

        New-BmgDevice -Identifier 'hid-002' -OS ios -Code (Get-BmgDevice hid-001).Code | Out-Null
        Get-Plain (Get-BmgDevice hid-002).Code | Should -BeExactly 'NEWCODE7'

        $checkedIn = Register-BmgDeviceCheckIn -Identifier 'hid-001' -Code (Get-BmgDevice hid-001).Code
        "$($checkedIn.State)" | Should -Be 'CheckedIn'
    }

    It 'a device piped to Import-BmgDeviceCsv or New-BmgDevice of another store keeps its code' {
        $copy = New-TestStore
        Get-BmgDevice hid-001 -Database $Store | Import-BmgDeviceCsv -Database $copy | Out-Null
        Get-Plain (Get-BmgDevice hid-001 -Database $copy).Code | Should -BeExactly 'QWERTYUP'

        $other = New-TestStore
        Get-BmgDevice hid-001 -Database $Store | New-BmgDevice -Database $other | Out-Null
        Get-Plain (Get-BmgDevice hid-001 -Database $other).Code | Should -BeExactly 'QWERTYUP'
    }

    It 'Export-BmgDeviceCsv writes the code, and its file imports back Unchanged' {
        $file = Join-Path $TestDrive (New-CsvName 'export')
        Export-BmgDeviceCsv $file
        (Import-Csv $file | Where-Object Identifier -EQ 'hid-001').Code | Should -BeExactly 'QWERTYUP'
        $result = Import-BmgDeviceCsv $file
        $result.Unchanged | Should -Be 1
        $result.Updated | Should -Be 0
    }

    # Review32, 4: refused as "an object (PSCustomObject) … give the property you mean ($_.Code.<property>)", advice that,
    # followed, stored the code's length as the code.
    It 'a Code that went through ConvertTo-Json and ConvertFrom-Json<How> is refused by the hidden code''s rule; nothing written' -TestCases @(
        @{ How = ''; AsHashtable = $false }
        @{ How = ' -AsHashtable'; AsHashtable = $true }
    ) {
        param($How, $AsHashtable)
        Set-BmgDevice hid-001 -Description 'before' | Out-Null
        $rows = Get-BmgDevice hid-001 | Select-Object Identifier, OS, Description, Code | ForEach-Object { $_.Description = 'after'; $_ } |
            ConvertTo-Json | ConvertFrom-Json -AsHashtable:$AsHashtable
        $before = Get-StoreSnapshot

        $result = Invoke-Captured { $rows | Import-BmgDeviceCsv }

        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -Match "Code value is not valid: it is what Export-Csv or ConvertTo-Csv \('\(hidden\)'.*\) or ConvertTo-Json \(an empty object.*\) write for a device's hidden code"
        "$($result.Errors[0])" | Should -Match 'Export-BmgDeviceCsv'
        "$($result.Errors[0])" | Should -Not -Match 'ObjectNotFieldValue|<property>|\b8\b' -Because 'the length is part of the secret, and no advice may store it'
        Get-StoreSnapshot | Should -Be $before
        Get-Plain (Get-BmgDevice hid-001).Code | Should -BeExactly 'QWERTYUP'
    }

    It 'what a round-32 build wrote for a hidden code (<Form>), and an Import-Clixml copy of a device, are refused by the same rule; nothing written' -TestCases @(
        @{ Form = 'a CSV cell System.Security.SecureString'; Rows = { [pscustomobject]@{ Identifier = 'hid-001'; OS = 'ios'; Description = 'after'; Code = 'System.Security.SecureString' } } }
        @{ Form = 'JSON {"Length":8}'; Rows = { '{"Identifier":"hid-001","OS":"ios","Description":"after","Code":{"Length":8}}' | ConvertFrom-Json } }
        @{ Form = 'Import-Clixml'; Rows = {
                $xml = Join-Path $TestDrive 'hid.xml'
                Get-BmgDevice hid-001 | Select-Object Identifier, OS, Code, @{ n = 'Description'; e = { 'after' } } | Export-Clixml $xml
                Import-Clixml $xml } }
    ) {
        param($Form, $Rows)
        $rows = & $Rows
        $before = Get-StoreSnapshot

        $result = Invoke-Captured { $rows | Import-BmgDeviceCsv }

        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -Match "Code value is not valid: it is what Export-Csv or ConvertTo-Csv"
        Get-StoreSnapshot | Should -Be $before
        Get-Plain (Get-BmgDevice hid-001).Code | Should -BeExactly 'QWERTYUP'
    }

    It 'a Code that is another object of one number property is still an object, not a hidden code' {
        $result = Invoke-Captured { [pscustomobject]@{ Identifier = 'hid-001'; OS = 'ios'; Code = [pscustomobject]@{ Count = 8 } } | Import-BmgDeviceCsv }
        Assert-ErrorId $result.Errors 'ObjectNotFieldValue'
        Get-Plain (Get-BmgDevice hid-001).Code | Should -BeExactly 'QWERTYUP'
    }

    It "an Export-Csv file's Code column is refused by name, nothing written, and no error holds a code" {
        $Error.Clear()
        $file = Join-Path $TestDrive (New-CsvName 'objects')
        Get-BmgDevice hid-001 | Select-Object Identifier, OS, Code | Export-Csv $file -NoTypeInformation
        $before = Get-StoreSnapshot

        $result = Invoke-Captured { Import-BmgDeviceCsv $file }

        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -Match "Code value is not valid: it is what Export-Csv or ConvertTo-Csv \('\(hidden\)'"
        "$($result.Errors[0])" | Should -Match 'Export-BmgDeviceCsv'
        Get-StoreSnapshot | Should -Be $before
        Get-Plain (Get-BmgDevice hid-001).Code | Should -BeExactly 'QWERTYUP'

        # A wrong code at check-in and a refused code: their errors, targets and exceptions hold no code either.
        Register-BmgDeviceCheckIn -Identifier hid-001 -Code 'WRONG123' -ErrorAction SilentlyContinue | Out-Null
        Set-BmgDevice hid-001 -Code 'not valid!' -ErrorAction SilentlyContinue | Out-Null
        $Error.Count | Should -BeGreaterThan 0
        foreach ($record in $Error) {
            $shown = "$record $($record.Exception) $($record.TargetObject | ConvertTo-Json -Depth 3 -WarningAction Ignore)"
            $shown | Should -Not -Match 'QWERTYUP'
        }
    }
}
