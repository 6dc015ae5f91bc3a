# Round 32, 1: a device's (and an outbox entry's) Code is a SecureString, as a credential's password is. Every habit that
# writes all of an object's properties (ConvertTo-Json, Export-Csv, ConvertTo-Csv, Format-List *, Select-Object *) shows
# no code; ConvertFrom-SecureString -AsPlainText reads one; every workflow that needs the code keeps it: the -Code
# parameters and Import-BmgDeviceCsv's piped objects take the SecureString as the code, Export-BmgDeviceCsv writes the
# codes and its file imports back Unchanged, and a file of Export-Csv (which holds no codes) is refused by name rather
# than imported with "System.Security.SecureString" for a code. Real module, real stores of the run's kind (both stores).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-Plain($Secure) { $Secure | ConvertFrom-SecureString -AsPlainText }
}

Describe 'A check-in code is a SecureString on the objects the commands output' {
    BeforeEach {
        $script:Store = New-TestStore
        $script:Device = New-BmgDevice -Identifier 'hid-001' -OS ios -Code 'QWERTYUP' -RegistrationEmail 'hid@example.com'
        $script:Email = @(Get-BmgCheckInEmail -Identifier 'hid-001')[0]
    }

    It 'is a SecureString whose text is the code (ConvertFrom-SecureString -AsPlainText)' {
        (Get-BmgDevice hid-001).Code | Should -BeOfType [securestring]
        Get-Plain (Get-BmgDevice hid-001).Code | Should -BeExactly 'QWERTYUP'
        $Email.Code | Should -BeOfType [securestring]
        Get-Plain $Email.Code | Should -BeExactly 'QWERTYUP'
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

    It 'Export-Csv writes the type name in the Code column and ConvertTo-Json the length only' {
        $csv = Join-Path $TestDrive (New-CsvName 'objects')
        Get-BmgDevice hid-001 | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).Code | Should -BeExactly 'System.Security.SecureString'
        (Get-BmgDevice hid-001 | ConvertTo-Json | ConvertFrom-Json).Code.Length | Should -Be 8
        (Get-Content $csv -Raw) | Should -Not -Match 'QWERTYUP'
    }

    It 'the -Code parameters take the SecureString as the code: Register-BmgDeviceCheckIn, Set-BmgDevice, New-BmgDevice' {
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
        "$($result.Errors[0])" | Should -Match "Code value is not valid: it is what Export-Csv and ConvertTo-Csv \('System\.Security\.SecureString'\) or ConvertTo-Json \(an object of its Length alone\) write for a device's hidden code"
        "$($result.Errors[0])" | Should -Match 'Export-BmgDeviceCsv'
        "$($result.Errors[0])" | Should -Not -Match 'ObjectNotFieldValue|<property>|\b8\b' -Because 'the length is part of the secret, and no advice may store it'
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
        "$($result.Errors[0])" | Should -Match "Code value is not valid: it is what Export-Csv and ConvertTo-Csv \('System\.Security\.SecureString'\)"
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
