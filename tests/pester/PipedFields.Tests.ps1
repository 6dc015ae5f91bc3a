# Records piped to New-/Set-BmgUser and New-/Set-BmgDevice (Import-Csv rows, [pscustomobject]s, the module's own
# objects): the New- cmdlets bind every field by property name, with the rules of the same value given as a
# parameter; the Set- cmdlets apply parameters only and warn of a foreign record's field properties they did not
# apply. Real pwsh, the built module, a real store (SQLite, or PostgreSQL in the second run), real CSV files.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function New-PipedFieldsFixture {
        $store = New-TestStore
        New-BmgOrganization -Id 'org-a' -Name 'A' | Out-Null
        New-BmgOrganization -Id 'org-b' -Name 'B' | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgTemplate -Name 'Kiosk' | Out-Null
        'Sales', 'Tokyo' | New-BmgDeviceTag | Out-Null
        New-BmgUser -UserName 'user1' -Name 'User One' -EmailAddress 'user1@example.com' | Out-Null
        return $store
    }

    # Import-Csv's rows of a real file under $TestDrive.
    function Import-TestCsv([string[]] $Lines) {
        Import-Csv -LiteralPath (Write-TestCsv -Name (New-CsvName 'piped') -Lines $Lines)
    }
}

Describe 'New-BmgUser binds the fields of piped records by property name' {
    BeforeEach { New-PipedFieldsFixture | Out-Null }

    It 'creates a piped [pscustomobject] with every field it carries (walkthrough B3)' {
        $created = [pscustomobject]@{ UserName = 'pu1'; Name = 'Piped User'; EmailAddress = 'pu1@example.com'; UserDescription = 'from a pipe'; Organizations = 'org-b|org-a' } |
            New-BmgUser
        $created.UserName | Should -Be 'pu1'
        $stored = Get-BmgUser -UserName 'pu1'
        $stored.Name | Should -Be 'Piped User'
        $stored.EmailAddress | Should -Be 'pu1@example.com'
        $stored.UserDescription | Should -Be 'from a pipe'
        $stored.Organizations | Should -Be @('org-b', 'org-a') -Because "a '|'-joined cell is a list, as in the CSV"
    }

    It 'creates each Import-Csv row as its own user: a blank cell is no value, a bad row is its own error naming field and value' {
        $rows = Import-TestCsv @(
            'UserName,Name,EmailAddress,Organizations'
            'csv1,First,csv1@example.com,org-a'
            'csv2,,,'
            'csv3,Third,not-an-address,org-a'
            'csv4,Fourth,csv4@example.com,org-a|org-b'
        )
        $result = Invoke-Captured { $rows | New-BmgUser }
        @($result.Output.UserName) | Should -Be @('csv1', 'csv2', 'csv4')
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -BeLike "*EmailAddress*'not-an-address'*"
        (Get-BmgUser -UserName 'csv1').Name | Should -Be 'First'
        $blank = Get-BmgUser -UserName 'csv2'
        $blank.Name | Should -BeNullOrEmpty
        $blank.Organizations | Should -HaveCount 0
        (Get-BmgUser -UserName 'csv4').Organizations | Should -Be @('org-a', 'org-b')
        Get-BmgUser -UserName 'csv3' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It "never gives a record the value of an earlier record's property it lacks" {
        # PowerShell keeps the earlier record's value in BoundParameters when the next record lacks the property.
        [pscustomobject]@{ UserName = 'mix1'; Name = 'One'; Organizations = 'org-a' },
        [pscustomobject]@{ UserName = 'mix2' },
        [pscustomobject]@{ UserName = 'mix3'; EmailAddress = 'mix3@example.com' } | New-BmgUser | Out-Null
        (Get-BmgUser -UserName 'mix1').Name | Should -Be 'One'
        $second = Get-BmgUser -UserName 'mix2'
        $second.Name | Should -BeNullOrEmpty
        $second.Organizations | Should -HaveCount 0
        $third = Get-BmgUser -UserName 'mix3'
        $third.Name | Should -BeNullOrEmpty
        $third.EmailAddress | Should -Be 'mix3@example.com'
    }

    It 'lets a parameter given on the command line win over the piped property for every record' {
        [pscustomobject]@{ UserName = 'cl1'; Name = 'Piped'; Organizations = 'org-a' },
        [pscustomobject]@{ UserName = 'cl2'; Name = 'Piped too' } | New-BmgUser -Organizations 'org-b' | Out-Null
        (Get-BmgUser -UserName 'cl1').Organizations | Should -Be @('org-b')
        (Get-BmgUser -UserName 'cl1').Name | Should -Be 'Piped'
        (Get-BmgUser -UserName 'cl2').Organizations | Should -Be @('org-b')
    }

    It 'copies a piped User of another store with its fields' {
        Set-BmgUser -UserName 'user1' -UserDescription 'desc' -Organizations 'org-b', 'org-a'
        $source = Get-BmgUser -UserName 'user1'
        $target = New-TestStore
        New-BmgOrganization -Id 'org-a' -Name 'A' | Out-Null
        New-BmgOrganization -Id 'org-b' -Name 'B' | Out-Null
        $result = Invoke-Captured { $source | New-BmgUser -Database $target }
        $result.Warnings | Should -BeNullOrEmpty -Because "the module's own objects are never warned about"
        $copy = Get-BmgUser -UserName 'user1' -Database $target
        $copy.Name | Should -Be 'User One'
        $copy.EmailAddress | Should -Be 'user1@example.com'
        $copy.UserDescription | Should -Be 'desc'
        $copy.Organizations | Should -Be @('org-b', 'org-a')
    }

    It 'refuses a blank UserName cell by the field rule (InvalidFieldValue naming UserName), not as an empty string' {
        $rows = Import-TestCsv @('UserName,Name', ',Nobody', 'ok1,Somebody')
        $result = Invoke-Captured { $rows | New-BmgUser }
        @($result.Output.UserName) | Should -Be @('ok1')
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -BeLike '*UserName*'
    }

    It 'warns once of field properties it did not apply (device fields, names with spaces), naming no value' {
        # Import-Csv trims header names; a [pscustomobject] (or Select-Object) keeps the spaces.
        $rows = [pscustomobject]@{ UserName = 'sp1'; ' Name' = 'Spaced One'; Identifier = 'dev-sp1'; Code = 'SECRETCODE1' },
        [pscustomobject]@{ UserName = 'sp2'; ' Name' = 'Spaced Two'; Identifier = 'dev-sp2'; Code = 'SECRETCODE2' }
        $result = Invoke-Captured { $rows | New-BmgUser }
        @($result.Output.UserName) | Should -Be @('sp1', 'sp2')
        $result.Warnings | Should -HaveCount 1 -Because 'one warning for each set of names, not one a record'
        $warning = "$($result.Warnings[0])"
        $warning | Should -BeLike "*' Name'*"
        $warning | Should -BeLike "*'Identifier'*"
        $warning | Should -BeLike "*'Code'*"
        $warning | Should -BeLike "*user 'sp1'*"
        $warning | Should -BeLike '*Import-BmgDeviceCsv*'
        $warning | Should -Not -BeLike '*SECRETCODE*'
        $warning | Should -Not -BeLike '*Spaced One*'
        (Get-BmgUser -UserName 'sp1').Name | Should -BeNullOrEmpty
    }

    It 'shows each record with its own piped fields under -WhatIf, and writes nothing' {
        $store = $global:PSDefaultParameterValues['*-Bmg*:Database']
        $before = Get-StoreSnapshot
        $child = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
[pscustomobject]@{ UserName = 'wi1'; Name = 'What If One' }, [pscustomobject]@{ UserName = 'wi2'; EmailAddress = 'wi2@example.com' } |
    New-BmgUser -Database '$store' -WhatIf
"@
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $lines = @($child.Output | Where-Object { $_ -like 'What if:*' })
        $lines | Should -HaveCount 2
        $lines[0] | Should -BeLike "*Name: 'What If One'*"
        $lines[1] | Should -BeLike "*EmailAddress: 'wi2@example.com'*"
        $lines[1] | Should -Not -BeLike '*What If One*'
        Get-StoreSnapshot | Should -Be $before
    }
}

Describe 'New-BmgDevice binds the fields of piped records by property name' {
    BeforeEach { New-PipedFieldsFixture | Out-Null }

    It 'registers each Import-Csv row with its fields, as an import row would (walkthrough: no OS prompt)' {
        $rows = Import-TestCsv @(
            'Identifier,OS,Template,DeviceTags,Serial,DEPMethod,ExpirationDays,Code,DisplayName,UserName'
            'pipe01,ios,Standard,Sales|Tokyo,AAABBBCCCDDD,Serial,,,iPhone 1,user1'
            'pipe02,android,,,,,30,abcd2345,,'
        )
        $result = Invoke-Captured { $rows | New-BmgDevice }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output.Identifier) | Should -Be @('pipe01', 'pipe02')
        $first = Get-BmgDevice -Identifier 'pipe01'
        $first.OS | Should -Be 'ios'
        $first.Template | Should -Be 'Standard'
        $first.DeviceTags | Should -Be @('Sales', 'Tokyo')
        $first.Serial | Should -Be 'AAABBBCCCDDD'
        $first.DEPMethod | Should -Be 'Serial'
        $first.ExpirationDays | Should -Be 7 -Because 'a blank ExpirationDays cell is 7, as in a CSV'
        $first.Code | ConvertFrom-SecureString -AsPlainText | Should -Match '^[A-Za-z0-9]{8}$' -Because 'a blank Code cell gets a generated code'
        $first.DisplayName | Should -Be 'iPhone 1'
        $first.UserName | Should -Be 'user1'
        $second = Get-BmgDevice -Identifier 'pipe02'
        $second.OS | Should -Be 'android'
        $second.ExpirationDays | Should -Be 30
        $second.Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'abcd2345'
        $second.Template | Should -BeNullOrEmpty
        $second.DeviceTags | Should -HaveCount 0
        $second.UserName | Should -BeNullOrEmpty
    }

    It 'names the field and value of a bad row (<Case>) and still registers the others' -ForEach @(
        @{ Case = 'a blank OS'; Cells = 'bad01,,'; ErrorId = 'MissingRequiredField'; Like = '*OS*' }
        @{ Case = 'a malformed serial'; Cells = 'bad01,ios,AB'; ErrorId = 'InvalidFieldValue'; Like = "*Serial*'AB'*" }
        @{ Case = 'a blank Identifier'; Cells = ',ios,'; ErrorId = 'InvalidFieldValue'; Like = '*Identifier*' }
    ) {
        $rows = Import-TestCsv @('Identifier,OS,Serial', 'good01,ios,', $Cells, 'good02,android,')
        $result = Invoke-Captured { $rows | New-BmgDevice }
        @($result.Output.Identifier) | Should -Be @('good01', 'good02')
        Assert-ErrorId $result.Errors $ErrorId
        "$($result.Errors[0])" | Should -BeLike $Like
        Get-BmgDevice -Identifier 'bad01' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'reads an ExpirationDays text as a cell: a date is refused with the field rule, blank text typed is 7' {
        $rows = Import-TestCsv @('Identifier,OS,ExpirationDays', 'exp01,ios,2025-11-30', 'exp02,ios,14')
        $result = Invoke-Captured { $rows | New-BmgDevice }
        @($result.Output.Identifier) | Should -Be @('exp02')
        $result.Errors | Should -HaveCount 1
        "$($result.Errors[0])" | Should -BeLike "*ExpirationDays*'2025-11-30'*looks like a date*"
        (New-BmgDevice -Identifier 'exp03' -OS ios -ExpirationDays '').ExpirationDays | Should -Be 7
    }

    It 'copies a piped Device of another store with its fields and its check-in code, as Registered' {
        New-BmgDevice -Identifier 'src01' -OS ios -Template 'Kiosk' -DeviceTags 'Tokyo' -Serial 'QQQRRRSSSTTT' -DEPMethod Keycode `
            -ExpirationDays 21 -Code 'Keep4Copy' -DisplayName 'Source' -UserName 'user1' | Out-Null
        Unregister-BmgDevice -Identifier 'src01' -Confirm:$false | Out-Null
        $source = Get-BmgDevice -Identifier 'src01'
        $source.State | Should -Be 'Withdrawn'
        $target = New-TestStore
        New-BmgTemplate -Name 'Kiosk' -Database $target | Out-Null
        New-BmgDeviceTag -Name 'Tokyo' -Database $target | Out-Null
        New-BmgUser -UserName 'user1' -Database $target | Out-Null
        $result = Invoke-Captured { $source | New-BmgDevice -Database $target }
        $result.Errors | Should -BeNullOrEmpty
        # The one warning: a Keycode device checks in through DEP with its Serial, which the target's (empty) DEP list lacks (DeviceEditor.DepLinkWarning).
        @($result.Warnings.Message) | Should -Be @("Device 'src01' $(Get-InStore $target): Serial 'QQQRRRSSSTTT' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial.")
        $copy = Get-BmgDevice -Identifier 'src01' -Database $target
        $copy.State | Should -Be 'Registered'
        $copy.OS | Should -Be 'ios'
        $copy.Template | Should -Be 'Kiosk'
        $copy.DeviceTags | Should -Be @('Tokyo')
        $copy.Serial | Should -Be 'QQQRRRSSSTTT'
        $copy.DEPMethod | Should -Be 'Keycode'
        $copy.ExpirationDays | Should -Be 21
        $copy.Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'Keep4Copy'
        $copy.DisplayName | Should -Be 'Source'
        $copy.UserName | Should -Be 'user1'
    }

    It "warns once of a row's user fields it did not apply, naming the properties and never a value" {
        $rows = Import-TestCsv @(
            'Identifier,OS,Code,UserName,Name,EmailAddress'
            'uf01,ios,Secret111,user1,Renamed One,renamed@example.com'
            'uf02,ios,Secret222,user1,Renamed Two,renamed2@example.com'
        )
        $result = Invoke-Captured { $rows | New-BmgDevice }
        @($result.Output.Identifier) | Should -Be @('uf01', 'uf02')
        $result.Warnings | Should -HaveCount 1
        $warning = "$($result.Warnings[0])"
        $warning | Should -BeLike "*'Name', 'EmailAddress'*"
        $warning | Should -BeLike "*device 'uf01'*"
        $warning | Should -Not -BeLike '*Secret*'
        $warning | Should -Not -BeLike '*Renamed*'
        (Get-BmgUser -UserName 'user1').Name | Should -Be 'User One'
    }
}

Describe 'Set-BmgUser and Set-BmgDevice apply parameters only, and say what a piped record carried in vain' {
    BeforeEach {
        New-PipedFieldsFixture | Out-Null
        New-BmgDevice -Identifier 'dev01' -OS ios -Template 'Standard' -Serial 'AAABBBCCCDDD' -DisplayName 'One' | Out-Null
        New-BmgDevice -Identifier 'dev02' -OS android -Template 'Standard' | Out-Null
    }

    It "Set-BmgUser leaves a piped record's Name alone and warns, naming it and the parameter to use (walkthrough B3); not for a parameter given, nor for a piped User" {
        $result = Invoke-Captured { [pscustomobject]@{ UserName = 'user1'; Name = 'From pipe' } | Set-BmgUser -PassThru }
        $result.Output.Name | Should -Be 'User One'
        $result.Warnings | Should -HaveCount 1
        $warning = "$($result.Warnings[0])"
        $warning | Should -BeLike "*'Name' was not applied to user 'user1'*"
        $warning | Should -BeLike '*-Name*'
        $warning | Should -Not -BeLike '*From pipe*'

        $quiet = Invoke-Captured {
            [pscustomobject]@{ UserName = 'user1'; Name = 'From pipe' } | Set-BmgUser -Name 'From parameter'
            Get-BmgUser -UserName 'user1' | Set-BmgUser -UserDescription 'piped user'
        }
        $quiet.Warnings | Should -BeNullOrEmpty
        $user = Get-BmgUser -UserName 'user1'
        $user.Name | Should -Be 'From parameter'
        $user.UserDescription | Should -Be 'piped user'
        $user.EmailAddress | Should -Be 'user1@example.com'
    }

    It 'Set-BmgDevice warns once for CSV rows of the fields it did not apply; a piped Device is a selection only, never written back' {
        $stale = Get-BmgDevice -Identifier 'dev01'
        Set-BmgDevice -Identifier 'dev01' -Template 'Kiosk' -DisplayName 'Changed since'
        $rows = Import-TestCsv @('Identifier,Serial,Template,Code', 'dev01,ZZZYYYXXXWWW,Standard,Secret999', 'dev02,VVVUUUTTTSSS,Standard,Secret998')
        $result = Invoke-Captured {
            $stale | Set-BmgDevice -Description 'from a stale Device'
            $rows | Set-BmgDevice -Template 'Kiosk' -PassThru
        }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -HaveCount 1
        $warning = "$($result.Warnings[0])"
        $warning | Should -BeLike "*'Serial', 'Code' were not applied to device 'dev01'*"
        $warning | Should -Not -BeLike "*'Template'*" -Because '-Template was given as a parameter'
        $warning | Should -Not -BeLike '*Secret99*'
        $device = Get-BmgDevice -Identifier 'dev01'
        $device.Template | Should -Be 'Kiosk'
        $device.DisplayName | Should -Be 'Changed since' -Because "the stale Device's DisplayName is not written back"
        $device.Description | Should -Be 'from a stale Device'
        $device.Serial | Should -Be 'AAABBBCCCDDD'
        (Get-BmgDevice -Identifier 'dev02').Serial | Should -BeNullOrEmpty
    }

    It "Set-BmgDevice -ExpirationDays '' resets the period to 7, as a blank cell does" {
        Set-BmgDevice -Identifier 'dev01' -ExpirationDays 30
        Set-BmgDevice -Identifier 'dev01' -ExpirationDays ''
        (Get-BmgDevice -Identifier 'dev01').ExpirationDays | Should -Be 7
    }
}

Describe 'Get-Help says which parameters take pipeline input by property name' {
    It '<Cmdlet> binds every field parameter by property name, with the same fields as <SetCmdlet>' -ForEach @(
        @{ Cmdlet = 'New-BmgUser'; SetCmdlet = 'Set-BmgUser'; Key = 'UserName' }
        @{ Cmdlet = 'New-BmgDevice'; SetCmdlet = 'Set-BmgDevice'; Key = 'Identifier' }
    ) {
        $fieldNames = @($CsvHeader18 -split ',') + 'Organizations', 'UDID'
        $newFields = @((Get-Command $Cmdlet).Parameters.Keys | Where-Object { $_ -in $fieldNames } | Sort-Object)
        $setFields = @((Get-Command $SetCmdlet).Parameters.Keys | Where-Object { $_ -in $fieldNames } | Sort-Object)
        $newFields | Should -Be $setFields
        # Same type and same value rules (AllowNull, AllowEmptyString, completers, ...; not the compiler's nullability
        # marks, which PowerShell does not read) for every field but the key,
        # which Set- takes as a list: a value New- takes is taken by Set- and meets the same field rule. NoScriptBlock is
        # about binding, not the value: Set-'s fields take no pipeline input, so they refuse a script block New- runs per row.
        foreach ($name in $newFields | Where-Object { $_ -ne $Key }) {
            $new = (Get-Command $Cmdlet).Parameters[$name]
            $set = (Get-Command $SetCmdlet).Parameters[$name]
            $set.ParameterType | Should -Be $new.ParameterType -Because "-$name is the same field on both"
            $attributes = { param($p) @($p.Attributes | Where-Object { $_ -isnot [System.Management.Automation.ParameterAttribute] -and $_.GetType().Namespace -ne 'System.Runtime.CompilerServices' -and $_.GetType().Name -ne 'NoScriptBlockAttribute' } | ForEach-Object { $_.GetType().FullName + ':' + $_.Type } | Sort-Object) }
            (& $attributes $set) | Should -Be (& $attributes $new) -Because "-$name has the same value rules on both"
        }
        foreach ($name in $newFields) {
            (Get-Help $Cmdlet -Parameter $name).pipelineInput | Should -Be 'True (ByPropertyName)' -Because "-$name of $Cmdlet binds piped records"
            $setInput = (Get-Help $SetCmdlet -Parameter $name).pipelineInput
            if ($name -eq $Key) { $setInput | Should -BeLike 'True*' } else { $setInput | Should -Be 'False' -Because "$SetCmdlet takes -$name as a parameter only" }
        }
    }
}

Describe 'An ExpirationDays value meets the one field rule the import uses, typed or piped, New- or Set-' {
    BeforeEach {
        New-PipedFieldsFixture | Out-Null
        New-BmgDevice -Identifier 'dev01' -OS ios -ExpirationDays 21 | Out-Null
    }

    It "refuses '<Value>' given to New-BmgDevice -ExpirationDays as InvalidFieldValue naming field and value" -ForEach @(
        @{ Value = '2025-11-30' }, @{ Value = 'abc' }, @{ Value = '1,000' }, @{ Value = '+30' }, @{ Value = '0' }
    ) {
        $result = Invoke-Captured { New-BmgDevice -Identifier 'typed01' -OS ios -ExpirationDays $Value }
        $result.Terminating | Should -BeNullOrEmpty -Because 'a field value is not a binding error'
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -BeLike "*ExpirationDays*'$Value'*"
        Get-BmgDevice -Identifier 'typed01' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses the same cells piped to New-BmgDevice, each row its own InvalidFieldValue, as an import refuses them' {
        $path = Write-TestCsv -Name (New-CsvName 'expdays') -Lines @(
            'Identifier,OS,ExpirationDays', 'p01,ios,2025-11-30', 'p02,ios,abc', 'p03,ios,"1,000"', 'p04,ios,+30', 'p05,ios,30')
        $result = Invoke-Captured { Import-Csv -LiteralPath $path | New-BmgDevice }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output.Identifier) | Should -Be @('p05')
        Assert-ErrorId $result.Errors 'InvalidFieldValue' -Count 4
        "$($result.Errors[2])" | Should -BeLike "*ExpirationDays*'1,000'*"
        "$($result.Errors[3])" | Should -BeLike "*ExpirationDays*'+30'*"
        $import = Invoke-Captured { Import-BmgDeviceCsv -Path $path -Confirm:$false }
        @($import.Errors | ForEach-Object { Get-ErrorId $_ } | Sort-Object -Unique) | Should -Be @('InvalidFieldValue') -Because 'the import refuses them by the same rule'
    }

    It "refuses '<Value>' given to Set-BmgDevice -ExpirationDays, typed or with a piped record, and keeps the stored period" -ForEach @(
        @{ Value = '2025-11-30' }, @{ Value = 'abc' }, @{ Value = '1,000' }, @{ Value = '+30' }
    ) {
        $typed = Invoke-Captured { Set-BmgDevice -Identifier 'dev01' -ExpirationDays $Value }
        $typed.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $typed.Errors 'InvalidFieldValue'
        "$($typed.Errors[0])" | Should -BeLike "*ExpirationDays*'$Value'*"
        $piped = Invoke-Captured { [pscustomobject]@{ Identifier = 'dev01' } | Set-BmgDevice -ExpirationDays $Value }
        $piped.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $piped.Errors 'InvalidFieldValue'
        (Get-BmgDevice -Identifier 'dev01').ExpirationDays | Should -Be 21
    }

    It 'takes a typed whole number, and resets to 7 for $null or blank text' {
        (New-BmgDevice -Identifier 'num01' -OS ios -ExpirationDays 30).ExpirationDays | Should -Be 30
        (New-BmgDevice -Identifier 'num02' -OS ios -ExpirationDays $null).ExpirationDays | Should -Be 7
        (Set-BmgDevice -Identifier 'dev01' -ExpirationDays 45 -PassThru).ExpirationDays | Should -Be 45
        (Set-BmgDevice -Identifier 'dev01' -ExpirationDays $null -PassThru).ExpirationDays | Should -Be 7
        Set-BmgDevice -Identifier 'dev01' -ExpirationDays 45
        (Set-BmgDevice -Identifier 'dev01' -ExpirationDays ' ' -PassThru).ExpirationDays | Should -Be 7
    }
}

Describe 'A null key property meets its field rule, as a blank one does' {
    BeforeEach { New-PipedFieldsFixture | Out-Null }

    It '<Case> is <ErrorId> naming <Field>, and the next record is still created' -ForEach @(
        @{ Case = 'a JSON null OS'; Cmdlet = 'New-BmgDevice'; Json = '[{"Identifier":"jn01","OS":null},{"Identifier":"jn02","OS":"ios"}]'; ErrorId = 'MissingRequiredField'; Field = 'OS'; Key = 'Identifier'; Created = 'jn02' }
        @{ Case = 'a JSON null Identifier'; Cmdlet = 'New-BmgDevice'; Json = '[{"Identifier":null,"OS":"ios"},{"Identifier":"jn02","OS":"ios"}]'; ErrorId = 'InvalidFieldValue'; Field = 'Identifier'; Key = 'Identifier'; Created = 'jn02' }
        @{ Case = 'a JSON null UserName'; Cmdlet = 'New-BmgUser'; Json = '[{"UserName":null,"Name":"Nobody"},{"UserName":"jn03"}]'; ErrorId = 'InvalidFieldValue'; Field = 'UserName'; Key = 'UserName'; Created = 'jn03' }
    ) {
        $records = $Json | ConvertFrom-Json
        $result = Invoke-Captured { $records | & $Cmdlet }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors $ErrorId
        "$($result.Errors[0])" | Should -BeLike "*$Field*"
        @($result.Output.$Key) | Should -Be @($Created)
    }

    It 'refuses a [pscustomobject] with UserName = $null by the UserName rule' {
        $result = Invoke-Captured { [pscustomobject]@{ UserName = $null } | New-BmgUser }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        "$($result.Errors[0])" | Should -BeLike '*UserName*'
    }
}

Describe "The module's own objects read back by Import-Clixml or from a job are not warned about" {
    BeforeEach {
        New-PipedFieldsFixture | Out-Null
        New-BmgDevice -Identifier 'dev01' -OS ios -DisplayName 'One' | Out-Null
    }

    It 'Set-BmgUser and Set-BmgDevice take a deserialized User/Device as a selection, silently' {
        $users = Join-Path $TestDrive 'users.clixml'
        $devices = Join-Path $TestDrive 'devices.clixml'
        Get-BmgUser -UserName 'user1' | Export-Clixml -LiteralPath $users
        Get-BmgDevice -Identifier 'dev01' | Export-Clixml -LiteralPath $devices
        $result = Invoke-Captured {
            Import-Clixml -LiteralPath $users | Set-BmgUser -UserDescription 'from clixml'
            Import-Clixml -LiteralPath $devices | Set-BmgDevice -Description 'from clixml'
        }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        (Get-BmgUser -UserName 'user1').UserDescription | Should -Be 'from clixml'
        (Get-BmgUser -UserName 'user1').Name | Should -Be 'User One'
        (Get-BmgDevice -Identifier 'dev01').Description | Should -Be 'from clixml'
    }
}

Describe "A piped property named like a misspelt field is not dropped without a word (walkthrough 13, 3)" {
    BeforeEach { New-PipedFieldsFixture | Out-Null }

    It "New-BmgDevice warns of 'Serial Number' with the CSV header's did-you-mean 'Serial', once for many rows, never with the value" {
        $rows = Import-TestCsv @(
            'Identifier,OS,Template,Serial Number,DisplayName,Notes'
            'ipad-8001,ios,Standard,F9FXK2HHHH01,Eight one,kept in locker 3'
            'ipad-8002,ios,Standard,F9FXK2HHHH02,Eight two,spare'
        )
        $result = Invoke-Captured { $rows | New-BmgDevice }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output.Identifier) | Should -Be @('ipad-8001', 'ipad-8002')
        $result.Warnings | Should -HaveCount 1 -Because 'the same properties are named once a command'
        $warning = "$($result.Warnings[0])"
        $warning | Should -BeLike "*'Serial Number' was not applied to device 'ipad-8001'*"
        $warning | Should -BeLike "*'Serial Number' (did you mean 'Serial'?)*"
        $warning | Should -Not -BeLike '*Notes*' -Because 'a column that reads as no field is passed over, as PowerShell passes it over'
        $warning | Should -Not -BeLike '*F9FXK2HHHH01*'
        (Get-BmgDevice -Identifier 'ipad-8001').Serial | Should -BeNullOrEmpty
    }

    It "New-BmgDevice warns of '<Name>', two neighbouring letters swapped, as of any one-edit misspelling (walkthrough 28, 4)" -ForEach @(
        @{ Name = 'Serail' }
        @{ Name = 'Seiral' }
    ) {
        # A swap was two edits, more than a piped property is allowed: the device was created without its serial, silently.
        $record = [pscustomobject]@{ Identifier = 'ipad-8101'; OS = 'ios'; $Name = 'F9FXK2HHHH11'; Model = 'iPad'; Surname = 'Yamada' }
        $result = Invoke-Captured { $record | New-BmgDevice }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -HaveCount 1
        $warning = "$($result.Warnings[0])"
        $warning | Should -BeLike "*'$Name' was not applied to device 'ipad-8101'*"
        $warning | Should -BeLike "*'$Name' (did you mean 'Serial'?) is not a field name*"
        $warning | Should -Not -BeLike '*Model*' -Because 'a name unlike any field is passed over'
        $warning | Should -Not -BeLike '*Surname*' -Because 'two edits from UserName, swap or not, is another name'
        $warning | Should -Not -BeLike '*F9FXK2HHHH11*' -Because 'names only, never a value'
    }

    It "New-BmgUser warns of 'E-mail' (EmailAddress) and 'Organisations' (Organizations) in one warning" {
        $rows = Import-TestCsv @('UserName,Name,E-mail,Organisations,Department', 'ito,Ito Ken,ito@example.com,org-a,Sales')
        $result = Invoke-Captured { $rows | New-BmgUser }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.UserName | Should -Be 'ito'
        $result.Warnings | Should -HaveCount 1
        $warning = "$($result.Warnings[0])"
        $warning | Should -BeLike "*'E-mail', 'Organisations' were not applied to user 'ito'*"
        $warning | Should -BeLike "*'E-mail' (did you mean 'EmailAddress'?), 'Organisations' (did you mean 'Organizations'?) are not field names*"
        $warning | Should -Not -BeLike '*Department*'
    }

    It "Set-BmgDevice names a near-miss too; a piped Device and an object with unrelated properties draw no warning" {
        New-BmgDevice -Identifier 'dev01' -OS ios -Template 'Standard' | Out-Null
        $named = Invoke-Captured { [pscustomobject]@{ Identifier = 'dev01'; 'Serial No' = 'F9FXK2HHHH03' } | Set-BmgDevice -DisplayName 'x' }
        $named.Warnings | Should -HaveCount 1
        "$($named.Warnings[0])" | Should -BeLike "*'Serial No' (did you mean 'Serial'?)*"

        $quiet = Invoke-Captured {
            Get-BmgDevice -Identifier 'dev01' | Set-BmgDevice -Description 'piped device'
            [pscustomobject]@{ Identifier = 'dev01'; Notes = 'n'; Location = 'Tokyo'; Model = 'iPad' } | Set-BmgDevice -Description 'other tool'
        }
        $quiet.Warnings | Should -BeNullOrEmpty
    }

    It "another tool's objects draw no near-miss warning for a name two letters off a field (Get-ADUser's Surname is not UserName)" {
        $adUser = [pscustomobject]@{ UserName = 'ad-user1'; SamAccountName = 'ad-user1'; GivenName = 'Taro'; Surname = 'Yamada'; Department = 'Sales' }
        $result = Invoke-Captured { $adUser | New-BmgUser }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty -Because 'a piped property is one letter off a field at most to be read as its misspelling (review, thirteenth round)'
        (Get-BmgUser -UserName 'ad-user1').UserName | Should -BeExactly 'ad-user1'
    }
}

Describe 'A piped hashtable is refused by the New- and Set- cmdlets saying to pipe [pscustomobject] (walkthrough 18, 9)' {
    BeforeEach { New-PipedFieldsFixture | Out-Null }

    It '<Command>: the refusal says what a hashtable is here and what to pipe, names its keys but no value; the records around it still bind' -ForEach @(
        @{ Command = 'New-BmgDevice'; Table = @{ Identifier = 'ht-dev'; OS = 'ios' }; Record = [pscustomobject]@{ Identifier = 'ht-ok'; OS = 'ios' }; Key = 'Identifier' }
        @{ Command = 'New-BmgUser'; Table = [ordered]@{ UserName = 'ht-user'; Code = 'SECRET99' }; Record = [pscustomobject]@{ UserName = 'ht-ok' }; Key = 'UserName' }
    ) {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { $Table | & $Command }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -HaveCount 1
        Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError' -Because 'not PowerShell''s InputObjectMissingMandatory, which reads as if the keys were wrong'
        "$($result.Errors[0])" | Should -BeLike "*A hashtable is not a record for this command*``[pscustomobject``]@{*$Key = ...*}*Import-BmgDeviceCsv takes hashtables*"
        "$($result.Errors[0])" | Should -Not -BeLike '*SECRET99*'
        "$($result.Errors[0])" | Should -Not -BeLike "*$($Table[$Key])*" -Because 'keys only, never values'
        Get-StoreSnapshot | Should -Be $before
        (& { $Record; $Table } | & $Command -ErrorAction SilentlyContinue).$Key | Should -Be 'ht-ok'
        ([pscustomobject]$Table | & $Command -ErrorAction SilentlyContinue -WarningAction SilentlyContinue).$Key | Should -Be $Table[$Key] -Because 'the way the refusal names works'
    }

    It 'Set-BmgDevice says the same of a hashtable' {
        $result = Invoke-Captured { @{ Identifier = 'dev01'; Description = 'x' } | Set-BmgDevice }
        Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
        "$($result.Errors[0])" | Should -BeLike '*A hashtable is not a record for this command*`[pscustomobject`]*'
    }
}

Describe 'A typed -InputObject of New-/Set-BmgDevice, New-/Set-BmgUser and Set-BmgOrganization is refused, saying to pipe (walkthrough 38, 3)' {
    BeforeEach {
        New-PipedFieldsFixture | Out-Null
        New-BmgDevice -Identifier 'io-dev' -OS 'ios' | Out-Null
    }

    # The refusal runs in IDynamicParameters' step (BmgCmdlet.PipelineOnlyInput.cs), so only these commands declare it: for a
    # command that does, PowerShell's binder copies its whole parameter metadata on every call, which a script's loop of
    # look-ups paid for no parameter (PERFORMANCE.md, calls43). A command given the refusal without the interface would
    # never refuse; one with the interface and no refusal pays for nothing.
    It 'the commands that refuse a typed -InputObject declare IDynamicParameters, and no other command does' {
        $nonPublic = [System.Reflection.BindingFlags]'Instance, NonPublic'
        $commands = @(Get-Command -Module BizMobileGo -CommandType Cmdlet)
        $commands.Count | Should -BeGreaterThan 30
        $refusing = foreach ($command in $commands) {
            $advice = $command.ImplementingType.GetProperty('PipelineOnlyInputAdvice', $nonPublic).GetMethod
            $refuses = $advice.DeclaringType -ne $advice.GetBaseDefinition().DeclaringType
            [System.Management.Automation.IDynamicParameters].IsAssignableFrom($command.ImplementingType) | Should -Be $refuses -Because $command.Name
            if ($refuses) { $command.Name }
        }
        $refusing | Should -Contain 'Set-BmgDevice'
        $refusing | Should -Contain 'Get-BmgDeviceHistory'
        $refusing | Should -Not -Contain 'Get-BmgDeviceDepLink'
    }

    # PowerShell asks for (-NonInteractive: fails on) a missing mandatory parameter before the cmdlet runs: typed alone,
    # -InputObject ended in MissingMandatoryParameter for -Identifier/-OS, which reads as if the object lacked them.
    It '<Command> -InputObject alone: PipelineOnlyParameter naming the pipe, nothing written' -ForEach @(
        @{ Command = 'New-BmgDevice'; Object = { [pscustomobject]@{ Identifier = 'io-new'; OS = 'ios' } }; Pipe = 'Import-Csv devices.csv | New-BmgDevice' }
        @{ Command = 'Set-BmgDevice'; Object = { Get-BmgDevice io-dev }; Pipe = 'Get-BmgDevice | Set-BmgDevice' }
        @{ Command = 'New-BmgUser'; Object = { [pscustomobject]@{ UserName = 'io-user' } }; Pipe = 'Import-Csv users.csv | New-BmgUser' }
        @{ Command = 'Set-BmgUser'; Object = { Get-BmgUser user1 }; Pipe = 'Get-BmgUser | Set-BmgUser' }
        @{ Command = 'Set-BmgOrganization'; Object = { Get-BmgOrganization org-a }; Pipe = 'Get-BmgOrganization | Set-BmgOrganization' }
    ) {
        $object = & $Object
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { & $Command -InputObject $object }
        Get-ErrorId $result.Terminating | Should -Be 'PipelineOnlyParameter'
        "$($result.Terminating)" | Should -BeLike "-InputObject takes only piped *($Pipe*)*"
        $result.Output | Should -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
    }

    It 'typed beside the named record, it is refused too, not ignored: nothing is changed' {
        $device = Get-BmgDevice io-dev
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { Set-BmgDevice io-dev -InputObject $device -Description 'typed' }
        Get-ErrorId $result.Terminating | Should -Be 'PipelineOnlyParameter'
        "$($result.Terminating)" | Should -BeLike '*name a device by -Identifier.'
        Get-StoreSnapshot | Should -Be $before

        $device | Set-BmgDevice -Description 'piped' | Out-Null
        (Get-BmgDevice io-dev).Description | Should -Be 'piped' -Because 'only the typed -InputObject is refused'
    }
}
