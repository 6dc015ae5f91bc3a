# SPEC §3 field rules, end to end: real CSV files on disk (and a few piped objects) imported into real
# SQLite stores by the built module; accepted values are read back in their stored form, rejected ones
# must fail with the right ErrorId, a message naming the field, the value and the line, and leave the
# store exactly as it was.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A store with the reference data the cases name, one device (seed01, holding serial C02SEED00001)
    # and one user, so "the store is unchanged" compares something that is not empty.
    function Initialize-FieldStore {
        $null = New-TestStore
        $null = New-BmgTemplate -Name 'Standard'
        $null = New-BmgDeviceTag -Name 'Sales'
        $null = New-BmgDeviceTag -Name 'Kiosk'
        $null = New-BmgOrganization -Id 'HQ' -Name 'Head office'
        $null = New-BmgOrganization -Id 'Branch' -Name 'Branch office'
        $seed = Write-TestCsv -Name "seed-$([guid]::NewGuid().ToString('N')).csv" -Lines @(
            'UserName,Name,Identifier,OS,Serial,DisplayName'
            'seeduser,Seed User,seed01,ios,C02SEED00001,Seed device'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
    }

    function ConvertTo-CsvCell([AllowNull()] [string] $Value) {
        if ($null -eq $Value) { return '' }
        if ($Value -match '[",\r\n]') { return '"' + $Value.Replace('"', '""') + '"' }
        return $Value
    }

    # One header line and one row (line 2) from an ordered table of column -> cell.
    function New-CaseCsv([System.Collections.IDictionary] $Columns) {
        $header = @($Columns.Keys) -join ','
        $row = @($Columns.Values | ForEach-Object { ConvertTo-CsvCell $_ }) -join ','
        return Write-TestCsv -Name "case-$([guid]::NewGuid().ToString('N')).csv" -Lines @($header, $row)
    }

    # Runs one import and keeps everything it reported: output, row errors, warnings, the terminating error.
    function Invoke-Import {
        param([string] $Path, [object[]] $InputObject)
        $out = $null; $ev = $null; $wv = $null; $terminating = $null
        try {
            if ($Path) {
                $out = Import-BmgDeviceCsv -Path $Path -ErrorVariable ev -WarningVariable wv -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            } else {
                $out = $InputObject | Import-BmgDeviceCsv -ErrorVariable ev -WarningVariable wv -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            }
        } catch {
            $terminating = $_
        }
        [pscustomobject]@{
            Output      = @($out)
            Piped       = -not $Path
            # -ErrorVariable also collects the terminating error, as an exception; keep the error records.
            Errors      = @($ev | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Warnings    = @($wv | ForEach-Object { "$_" })
            Terminating = $terminating
        }
    }

    function Get-StoredValue([string] $Kind, [string] $Key, [string] $Property) {
        $record = if ($Kind -eq 'User') { Get-BmgUser -UserName $Key } else { Get-BmgDevice -Identifier $Key }
        $record | Should -Not -BeNullOrEmpty -Because "the $Kind '$Key' should have been stored"
        # A Code is a SecureString: its text is the stored value.
        return (@($record.$Property) | ForEach-Object { if ($_ -is [securestring] -or $_.GetType().FullName -eq 'BizMobileGo.Core.Fields.HiddenCode') { $_ | ConvertFrom-SecureString -AsPlainText } else { "$_" } }) -join '|'
    }

    # Asserts a rejected import: exactly one row error with this ErrorId whose message holds every
    # expected fragment, then the import's terminating ImportFailed error, and an unchanged store.
    function Assert-Rejected($Result, [string] $ErrorId, [string[]] $Contains, [string] $Before, [int] $Line = 2) {
        $Result.Errors.Count | Should -Be 1 -Because "one row fails with one error record (got: $($Result.Errors -join ' / '))"
        $record = $Result.Errors[0]
        $record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $message = $record.Exception.Message
        # A file's row names its file; piped objects have none (walkthrough B2). The record beside the line, when the row has
        # one its reasons don't name already (walkthrough 37, 4: RowErrors.Tests.ps1 pins which).
        $record = "( \((device|user) '[^']+'\))?"
        $where = if ($Result.Piped) { "^Line $Line$($record): " } else { "^Line $Line$record of '[^']*\.csv': " }
        $message | Should -Match $where -Because 'a row error names its line (and file), once'
        ([regex]::Matches($message, "\bLine $Line\b")).Count | Should -Be 1
        foreach ($fragment in $Contains) {
            $message.Contains($fragment) | Should -BeTrue -Because "the message '$message' should contain '$fragment'"
        }
        $Result.Terminating | Should -Not -BeNullOrEmpty -Because 'an all-or-nothing import with a failed row ends with a terminating error'
        $Result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        Get-StoreSnapshot | Should -BeExactly $Before
    }
}

Describe 'Field rules: accepted values are stored in canonical form' {
    BeforeEach {
        Initialize-FieldStore
    }

    It '<Case>' -ForEach @(
        @{ Case = 'Identifier of 20 allowed characters is stored as entered'; Columns = [ordered]@{ Identifier = 'Ab.cd-ef_0123456789Z'; OS = 'ios' }; Kind = 'Device'; Key = 'Ab.cd-ef_0123456789Z'; Property = 'Identifier'; Expected = 'Ab.cd-ef_0123456789Z' }
        @{ Case = 'Identifier is trimmed'; Columns = [ordered]@{ Identifier = '  pad01  '; OS = 'ios' }; Kind = 'Device'; Key = 'pad01'; Property = 'Identifier'; Expected = 'pad01' }
        @{ Case = 'UserName of 128 characters with non-ASCII text'; Columns = [ordered]@{ UserName = ('山' * 120) + 'yamada.t'; Name = 'x' }; Kind = 'User'; Key = ('山' * 120) + 'yamada.t'; Property = 'UserName'; Expected = ('山' * 120) + 'yamada.t' }
        @{ Case = 'Name of exactly 256 characters'; Columns = [ordered]@{ UserName = 'u1'; Name = 'n' * 256 }; Kind = 'User'; Key = 'u1'; Property = 'Name'; Expected = 'n' * 256 }
        @{ Case = 'UserDescription of exactly 1024 characters'; Columns = [ordered]@{ UserName = 'u1'; UserDescription = 'd' * 1024 }; Kind = 'User'; Key = 'u1'; Property = 'UserDescription'; Expected = 'd' * 1024 }
        @{ Case = 'EmailAddress plain address'; Columns = [ordered]@{ UserName = 'u1'; EmailAddress = 'bob.smith+it@example.co.jp' }; Kind = 'User'; Key = 'u1'; Property = 'EmailAddress'; Expected = 'bob.smith+it@example.co.jp' }
        @{ Case = 'Organizations: duplicates collapse, order kept'; Columns = [ordered]@{ UserName = 'u1'; Organizations = 'Branch|HQ|Branch' }; Kind = 'User'; Key = 'u1'; Property = 'Organizations'; Expected = 'Branch|HQ' }
        @{ Case = 'DisplayName of exactly 256 characters'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DisplayName = 'v' * 256 }; Kind = 'Device'; Key = 'd1'; Property = 'DisplayName'; Expected = 'v' * 256 }
        @{ Case = 'Description of exactly 1024 characters'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Description = 'w' * 1024 }; Kind = 'Device'; Key = 'd1'; Property = 'Description'; Expected = 'w' * 1024 }
        @{ Case = 'RegistrationEmail plain address'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; RegistrationEmail = 'owner@example.com' }; Kind = 'Device'; Key = 'd1'; Property = 'RegistrationEmail'; Expected = 'owner@example.com' }
        @{ Case = 'DeviceTags: duplicates collapse, order kept'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DeviceTags = 'Kiosk|Sales|Kiosk' }; Kind = 'Device'; Key = 'd1'; Property = 'DeviceTags'; Expected = 'Kiosk|Sales' }
        @{ Case = 'Template naming an existing template'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Template = 'Standard' }; Kind = 'Device'; Key = 'd1'; Property = 'Template'; Expected = 'Standard' }
        @{ Case = 'Code of 32 letters and digits is stored as entered'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Code = 'aB3' * 10 + 'Zz' }; Kind = 'Device'; Key = 'd1'; Property = 'Code'; Expected = 'aB3' * 10 + 'Zz' }
        @{ Case = 'OS IOS -> ios'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'IOS' }; Kind = 'Device'; Key = 'd1'; Property = 'OS'; Expected = 'ios' }
        @{ Case = 'OS Android (padded) -> android'; Columns = [ordered]@{ Identifier = 'd1'; OS = ' Android ' }; Kind = 'Device'; Key = 'd1'; Property = 'OS'; Expected = 'android' }
        @{ Case = 'OS WINDOWS -> windows'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'WINDOWS' }; Kind = 'Device'; Key = 'd1'; Property = 'OS'; Expected = 'windows' }
        @{ Case = 'WifiMac with dashes, lower case'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; WifiMac = 'aa-bb-cc-dd-ee-ff' }; Kind = 'Device'; Key = 'd1'; Property = 'WifiMac'; Expected = 'AA:BB:CC:DD:EE:FF' }
        @{ Case = 'WifiMac without separators'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; WifiMac = 'aabbccddeeff' }; Kind = 'Device'; Key = 'd1'; Property = 'WifiMac'; Expected = 'AA:BB:CC:DD:EE:FF' }
        @{ Case = 'WifiMac with colons'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; WifiMac = 'Aa:bB:cc:DD:ee:FF' }; Kind = 'Device'; Key = 'd1'; Property = 'WifiMac'; Expected = 'AA:BB:CC:DD:EE:FF' }
        @{ Case = 'IMEI with spaces'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; IMEI = '49 015420 323751 8' }; Kind = 'Device'; Key = 'd1'; Property = 'IMEI'; Expected = '490154203237518' }
        @{ Case = 'IMEI with dashes'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; IMEI = '49-015420-323751-8' }; Kind = 'Device'; Key = 'd1'; Property = 'IMEI'; Expected = '490154203237518' }
        @{ Case = 'MEID of 15 digits with a valid check digit -> 14 upper hex'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; MEID = 'af0123450abcdec' }; Kind = 'Device'; Key = 'd1'; Property = 'MEID'; Expected = 'AF0123450ABCDE' }
        @{ Case = 'MEID of 14 lower-case hex digits -> upper'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; MEID = 'a10000009296f2' }; Kind = 'Device'; Key = 'd1'; Property = 'MEID'; Expected = 'A10000009296F2' }
        @{ Case = 'UDID legacy 40 hex -> lower'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; UDID = '2B6F0CC904D137BE2E1730235F5664094B831186' }; Kind = 'Device'; Key = 'd1'; Property = 'UDID'; Expected = '2b6f0cc904d137be2e1730235f5664094b831186' }
        @{ Case = 'UDID 8-16 (2018+) -> upper'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; UDID = '00008020-000a1d3a3e9a002e' }; Kind = 'Device'; Key = 'd1'; Property = 'UDID'; Expected = '00008020-000A1D3A3E9A002E' }
        @{ Case = 'UDID as a UUID -> upper'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; UDID = '6f1c3b2a-9d4e-4f5a-8b7c-1d2e3f4a5b6c' }; Kind = 'Device'; Key = 'd1'; Property = 'UDID'; Expected = '6F1C3B2A-9D4E-4F5A-8B7C-1D2E3F4A5B6C' }
        @{ Case = 'Serial lower case -> upper'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = 'c02abc12def3' }; Kind = 'Device'; Key = 'd1'; Property = 'Serial'; Expected = 'C02ABC12DEF3' }
        @{ Case = 'ExpirationDays 007 -> 7'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '007' }; Kind = 'Device'; Key = 'd1'; Property = 'ExpirationDays'; Expected = '7' }
        @{ Case = 'ExpirationDays 365'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '365' }; Kind = 'Device'; Key = 'd1'; Property = 'ExpirationDays'; Expected = '365' }
        @{ Case = 'ExpirationDays 1'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '1' }; Kind = 'Device'; Key = 'd1'; Property = 'ExpirationDays'; Expected = '1' }
        @{ Case = 'ExpirationDays blank on create -> 7'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '' }; Kind = 'Device'; Key = 'd1'; Property = 'ExpirationDays'; Expected = '7' }
        @{ Case = "DEPMethod 'key code' -> Keycode"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DEPMethod = 'key code' }; Kind = 'Device'; Key = 'd1'; Property = 'DEPMethod'; Expected = 'Keycode' }
        @{ Case = "DEPMethod 'KEYCODE' -> Keycode"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DEPMethod = 'KEYCODE' }; Kind = 'Device'; Key = 'd1'; Property = 'DEPMethod'; Expected = 'Keycode' }
        @{ Case = "DEPMethod 'Key Code' turns DEP enrollment on"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DEPMethod = 'Key Code' }; Kind = 'Device'; Key = 'd1'; Property = 'UseDep'; Expected = 'True' }
        @{ Case = "DEPMethod 'serial' with a Serial -> Serial"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = 'C02ABC12DEF3'; DEPMethod = 'serial' }; Kind = 'Device'; Key = 'd1'; Property = 'DEPMethod'; Expected = 'Serial'; Warning = "Serial 'C02ABC12DEF3' is not in Apple's DEP device list" }
        @{ Case = 'DEPMethod blank leaves DEP enrollment off'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DEPMethod = '' }; Kind = 'Device'; Key = 'd1'; Property = 'UseDep'; Expected = 'False' }
    ) {
        $csv = New-CaseCsv $Columns
        $result = Invoke-Import -Path $csv

        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        if ($Warning) {
            # A device enrolled by its serial that Apple's list (empty here) lacks: the DEP link warning New-BmgDevice gives.
            @($result.Warnings).Count | Should -Be 1
            $result.Warnings[0] | Should -BeLike "*$Warning*"
        } else {
            $result.Warnings | Should -BeNullOrEmpty
        }
        $result.Output[0].Created | Should -Be 1
        Get-StoredValue $Kind $Key $Property | Should -BeExactly $Expected
    }

    It 'generates an 8-character code without look-alike characters when Code is blank on create' {
        $csv = New-CaseCsv ([ordered]@{ Identifier = 'd1'; OS = 'ios'; Code = '' })
        $result = Invoke-Import -Path $csv
        $result.Terminating | Should -BeNullOrEmpty
        (Get-BmgDevice -Identifier 'd1').Code | ConvertFrom-SecureString -AsPlainText | Should -MatchExactly '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$'
    }

    It 'keeps the OS of an existing device when the OS cell is blank (walkthrough 40, 9), and -WhatIf says nothing clears' {
        $csv = New-CaseCsv ([ordered]@{ Identifier = 'seed01'; OS = ''; DisplayName = 'renamed' })
        $dry = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -WhatIf -PassThru }
        $dry.Errors | Should -BeNullOrEmpty
        $dry.Output[0].Changes | Should -Match 'DisplayName'
        $dry.Output[0].Changes | Should -Not -Match '\bOS\b'
        @($dry.Warnings | Where-Object { $_.Message -cmatch 'CLEARED' }) | Should -BeNullOrEmpty
        $result = Invoke-Import -Path $csv
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Updated | Should -Be 1
        $device = Get-BmgDevice -Identifier 'seed01'
        $device.OS | Should -BeExactly 'ios'
        $device.DisplayName | Should -BeExactly 'renamed'
    }

    It 'keeps the Identifier as first entered when a later import names it in another case' {
        $first = New-CaseCsv ([ordered]@{ Identifier = 'Dev.01'; OS = 'ios'; DisplayName = 'first' })
        $second = New-CaseCsv ([ordered]@{ Identifier = 'DEV.01'; DisplayName = 'second' })
        (Invoke-Import -Path $first).Terminating | Should -BeNullOrEmpty
        $result = Invoke-Import -Path $second
        $result.Terminating | Should -BeNullOrEmpty
        $result.Output[0].Updated | Should -Be 1
        $devices = @(Get-BmgDevice | Where-Object Identifier -like 'dev.01')
        $devices.Count | Should -Be 1
        $devices[0].Identifier | Should -BeExactly 'Dev.01'
        $devices[0].DisplayName | Should -BeExactly 'second'
    }

    It 'treats UserName as case-sensitive: bob and Bob are two users' {
        $csv = Write-TestCsv -Name 'users.csv' -Lines @('UserName,Name', 'bob,lower', 'Bob,upper')
        (Invoke-Import -Path $csv).Terminating | Should -BeNullOrEmpty
        (Get-BmgUser -UserName 'bob').Name | Should -BeExactly 'lower'
        (Get-BmgUser -UserName 'Bob').Name | Should -BeExactly 'upper'
    }

    It '<Case> imports without a warning' -ForEach @(
        @{ Case = 'Serial of 10 characters'; Serial = 'C02ABC12DE' }
        @{ Case = 'Serial of 12 characters'; Serial = 'C02ABC12DEF3' }
    ) {
        $result = Invoke-Import -Path (New-CaseCsv ([ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = $Serial }))
        $result.Terminating | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        (Get-BmgDevice -Identifier 'd1').Serial | Should -BeExactly $Serial
    }

    It '<Case> imports but writes a warning naming the line, serial and length' -ForEach @(
        @{ Case = 'Serial of 9 characters'; Serial = 'c02abc12d'; Stored = 'C02ABC12D'; Length = 9 }
        @{ Case = 'Serial of 8 characters'; Serial = 'C02ABC12'; Stored = 'C02ABC12'; Length = 8 }
        @{ Case = 'Serial of 14 characters'; Serial = 'C02ABC12DEF345'; Stored = 'C02ABC12DEF345'; Length = 14 }
    ) {
        $result = Invoke-Import -Path (New-CaseCsv ([ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = $Serial }))
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Created | Should -Be 1
        $result.Warnings.Count | Should -Be 1
        $result.Warnings[0] | Should -BeLike "Line 2 of '*.csv': *"
        $result.Warnings[0].Contains("'$Stored'") | Should -BeTrue -Because $result.Warnings[0]
        $result.Warnings[0].Contains("$Length characters") | Should -BeTrue -Because $result.Warnings[0]
        (Get-BmgDevice -Identifier 'd1').Serial | Should -BeExactly $Stored
    }
}

Describe 'Field rules: rejected values' {
    BeforeEach {
        Initialize-FieldStore
        $script:before = Get-StoreSnapshot
    }

    It '<Case>' -ForEach @(
        @{ Case = 'Identifier of 21 characters'; Columns = [ordered]@{ Identifier = 'ABCDEFGHIJKLMNOPQRSTU'; OS = 'ios' }; ErrorId = 'InvalidFieldValue'; Contains = @('Identifier', "'ABCDEFGHIJKLMNOPQRSTU'") }
        @{ Case = 'Identifier with a space inside'; Columns = [ordered]@{ Identifier = 'bad id'; OS = 'ios' }; ErrorId = 'InvalidFieldValue'; Contains = @('Identifier', "'bad id'") }
        @{ Case = 'Identifier with a non-ASCII letter'; Columns = [ordered]@{ Identifier = 'dév01'; OS = 'ios' }; ErrorId = 'InvalidFieldValue'; Contains = @('Identifier', "'dév01'") }
        @{ Case = 'UserName with a control character'; Columns = [ordered]@{ UserName = "bob`u{7}smith"; Name = 'Bob' }; ErrorId = 'InvalidFieldValue'; Contains = @('UserName', "'bob<U+0007>smith'", 'control') }
        @{ Case = 'UserName of 129 characters'; Columns = [ordered]@{ UserName = 'u' * 129; Name = 'Bob' }; ErrorId = 'InvalidFieldValue'; Contains = @('UserName', "'$('u' * 100)…'") }
        @{ Case = 'EmailAddress with a display name'; Columns = [ordered]@{ UserName = 'u1'; EmailAddress = 'Bob <b@x.com>' }; ErrorId = 'InvalidFieldValue'; Contains = @('EmailAddress', "'Bob <b@x.com>'") }
        @{ Case = 'EmailAddress without @'; Columns = [ordered]@{ UserName = 'u1'; EmailAddress = 'bob.example.com' }; ErrorId = 'InvalidFieldValue'; Contains = @('EmailAddress', "'bob.example.com'") }
        @{ Case = 'RegistrationEmail with a display name'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; RegistrationEmail = 'Bob <b@x.com>' }; ErrorId = 'InvalidFieldValue'; Contains = @('RegistrationEmail', "'Bob <b@x.com>'") }
        @{ Case = 'Name of 257 characters'; Columns = [ordered]@{ UserName = 'u1'; Name = 'n' * 257 }; ErrorId = 'InvalidFieldValue'; Contains = @('Name', "'$('n' * 100)…'", '256') }
        @{ Case = 'DisplayName of 257 characters'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DisplayName = 'v' * 257 }; ErrorId = 'InvalidFieldValue'; Contains = @('DisplayName', "'$('v' * 100)…'", '256') }
        @{ Case = 'Description of 1025 characters'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Description = 'w' * 1025 }; ErrorId = 'InvalidFieldValue'; Contains = @('Description', "'$('w' * 100)…'", '1024') }
        @{ Case = 'UserDescription of 1025 characters'; Columns = [ordered]@{ UserName = 'u1'; UserDescription = 'd' * 1025 }; ErrorId = 'InvalidFieldValue'; Contains = @('UserDescription', "'$('d' * 100)…'", '1024') }
        @{ Case = "Code with '-'"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Code = 'abc-123' }; ErrorId = 'InvalidFieldValue'; Contains = @('Code value is not valid', 'A-Z, a-z or 0-9') }
        @{ Case = 'Code of 33 characters'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Code = 'C' * 33 }; ErrorId = 'InvalidFieldValue'; Contains = @('Code value is not valid', '1 to 32 characters') }
        # Walkthrough 13, 13: what is wrong, by what reveals nothing of the code (its length, a position), never the code.
        @{ Case = 'Code of 40 characters, its length said'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Code = 'Q' * 40 }; ErrorId = 'InvalidFieldValue'; Contains = @('Code value is not valid', 'it has 40 characters'); Lacks = @('QQQQ') }
        @{ Case = "Code 'Secret-99', the position of '-' said"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Code = 'Secret-99' }; ErrorId = 'InvalidFieldValue'; Contains = @('Code value is not valid', 'character 7 is none of these'); Lacks = @('Secret', "'-'") }
        @{ Case = "OS 'blackberry'"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'blackberry' }; ErrorId = 'InvalidFieldValue'; Contains = @('OS', "'blackberry'") }
        @{ Case = 'WifiMac of 10 hex digits'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; WifiMac = 'AA:BB:CC:DD:EE' }; ErrorId = 'InvalidFieldValue'; Contains = @('WifiMac', "'AA:BB:CC:DD:EE'") }
        @{ Case = 'WifiMac with a non-hex digit'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; WifiMac = 'GG:BB:CC:DD:EE:FF' }; ErrorId = 'InvalidFieldValue'; Contains = @('WifiMac', "'GG:BB:CC:DD:EE:FF'") }
        @{ Case = 'IMEI with a bad Luhn check digit'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; IMEI = '490154203237519' }; ErrorId = 'InvalidFieldValue'; Contains = @('IMEI', "'490154203237519'", 'Luhn') }
        @{ Case = 'IMEI of 14 digits'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; IMEI = '49015420323751' }; ErrorId = 'InvalidFieldValue'; Contains = @('IMEI', "'49015420323751'") }
        @{ Case = 'MEID of 13 hex digits'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; MEID = 'A10000009296F' }; ErrorId = 'InvalidFieldValue'; Contains = @('MEID', "'A10000009296F'") }
        @{ Case = 'MEID of 16 hex digits'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; MEID = 'AF0123450ABCDEC0' }; ErrorId = 'InvalidFieldValue'; Contains = @('MEID', "'AF0123450ABCDEC0'") }
        @{ Case = 'MEID of 15 with a wrong check digit'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; MEID = 'AF0123450ABCDE0' }; ErrorId = 'InvalidFieldValue'; Contains = @('MEID', "'AF0123450ABCDE0'") }
        @{ Case = 'UDID 8-15 hex'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; UDID = '00008020-000A1D3A3E9A002' }; ErrorId = 'InvalidFieldValue'; Contains = @('UDID', "'00008020-000A1D3A3E9A002'") }
        @{ Case = 'UDID of 40 characters with a non-hex digit'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; UDID = 'Z' + ('a' * 39) }; ErrorId = 'InvalidFieldValue'; Contains = @('UDID', "'Z$('a' * 39)'") }
        @{ Case = 'UDID as a UUID with a group too short'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; UDID = '6F1C3B2A-9D4E-4F5A-8B7-1D2E3F4A5B6C' }; ErrorId = 'InvalidFieldValue'; Contains = @('UDID', "'6F1C3B2A-9D4E-4F5A-8B7-1D2E3F4A5B6C'") }
        @{ Case = 'Serial of 7 characters'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = 'C02ABCD' }; ErrorId = 'InvalidFieldValue'; Contains = @('Serial', "'C02ABCD'") }
        @{ Case = "Serial with '!'"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = 'C02AB!12DEF3' }; ErrorId = 'InvalidFieldValue'; Contains = @('Serial', "'C02AB!12DEF3'") }
        @{ Case = 'Serial of 15 characters'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = 'C02ABC12DEF3456' }; ErrorId = 'InvalidFieldValue'; Contains = @('Serial', "'C02ABC12DEF3456'") }
        @{ Case = 'ExpirationDays 0'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '0' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'0'", '365') }
        @{ Case = 'ExpirationDays 366'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '366' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'366'", '365') }
        @{ Case = "ExpirationDays 'abc'"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = 'abc' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'abc'") }
        @{ Case = 'ExpirationDays 7.5'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '7.5' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'7.5'") }
        @{ Case = "ExpirationDays '20251130' is called a date"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '20251130' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'20251130'", 'looks like a date') }
        @{ Case = "ExpirationDays '2025/11/30' is called a date"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '2025/11/30' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'2025/11/30'", 'looks like a date') }
        @{ Case = "IMEI '3.52099E+14' (Excel's scientific notation) gets a hint"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; IMEI = '3.52099E+14' }; ErrorId = 'InvalidFieldValue'; Contains = @('IMEI', "'3.52099E+14'", "Excel's scientific notation", 'format the column as Text', 'must be 15 digits') }
        @{ Case = "MEID '3.52099E+13' (Excel's scientific notation) gets a hint"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; MEID = '3.52099E+13' }; ErrorId = 'InvalidFieldValue'; Contains = @('MEID', "'3.52099E+13'", "Excel's scientific notation", 'must be 14 hex digits') }
        @{ Case = "IMEI of full-width digits (a Japanese IME) gets a hint"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; IMEI = '４９０１５４２０３２３７５１８' }; ErrorId = 'InvalidFieldValue'; Contains = @('IMEI', 'full-width', 'half-width digits', 'must be 15 digits') }
        @{ Case = "ExpirationDays '７' (a full-width digit) gets a hint"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '７' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'７'", 'full-width', 'half-width digits', 'whole number') }
        @{ Case = "ExpirationDays '7.5' gets no hint"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; ExpirationDays = '7.5' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'7.5' is not valid: must be a whole number") }
        @{ Case = "DEPMethod 'Magic'"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DEPMethod = 'Magic' }; ErrorId = 'InvalidFieldValue'; Contains = @('DEPMethod', "'Magic'") }
        @{ Case = "Organizations with a blank item 'HQ||Branch'"; Columns = [ordered]@{ UserName = 'u1'; Organizations = 'HQ||Branch' }; ErrorId = 'InvalidFieldValue'; Contains = @('Organizations', "'HQ||Branch'") }
        @{ Case = "DeviceTags with a blank item 'Sales||Kiosk'"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DeviceTags = 'Sales||Kiosk' }; ErrorId = 'InvalidFieldValue'; Contains = @('DeviceTags', "'Sales||Kiosk'") }
        @{ Case = "DeviceTags with a trailing blank item 'Sales|'"; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DeviceTags = 'Sales|' }; ErrorId = 'InvalidFieldValue'; Contains = @('DeviceTags', "'Sales|'") }
        @{ Case = 'Template that does not exist'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Template = 'Nope' }; ErrorId = 'ReferenceNotFound'; Contains = @('Template', "'Nope'") }
        @{ Case = 'Template named in another case'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Template = 'standard' }; ErrorId = 'ReferenceNotFound'; Contains = @('Template', "'standard'") }
        @{ Case = 'DeviceTags naming a tag that does not exist'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DeviceTags = 'Sales|Nope' }; ErrorId = 'ReferenceNotFound'; Contains = @('DeviceTags', "'Nope'") }
        @{ Case = 'Organizations naming one that does not exist'; Columns = [ordered]@{ UserName = 'u1'; Organizations = 'HQ|Nope' }; ErrorId = 'ReferenceNotFound'; Contains = @('Organizations', "'Nope'") }
        @{ Case = 'OS column absent on create'; Columns = [ordered]@{ Identifier = 'd1'; DisplayName = 'x' }; ErrorId = 'MissingRequiredField'; Contains = @('OS') }
        @{ Case = 'OS blank on create'; Columns = [ordered]@{ Identifier = 'd1'; OS = '   ' }; ErrorId = 'MissingRequiredField'; Contains = @('OS') }
        @{ Case = 'DEPMethod Serial without a Serial'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; DEPMethod = 'Serial' }; ErrorId = 'MissingRequiredField'; Contains = @('Serial', "'d1'") }
        @{ Case = 'DEP enrollment on an android device'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'android'; DEPMethod = 'Keycode' }; ErrorId = 'InvalidFieldValue'; Contains = @('DEPMethod', "'Keycode'", 'iOS') }
        @{ Case = 'changing the OS of an existing device'; Columns = [ordered]@{ Identifier = 'SEED01'; OS = 'android' }; ErrorId = 'ImmutableField'; Contains = @('OS', "'seed01'", "'android'") }
        @{ Case = 'a Serial held by another device'; Columns = [ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = 'c02seed00001' }; ErrorId = 'DuplicateSerial'; Contains = @('Serial', "'C02SEED00001'", "'seed01'") }
    ) {
        $result = Invoke-Import -Path (New-CaseCsv $Columns)
        Assert-Rejected $result $ErrorId $Contains $before
        foreach ($absent in @($Lacks | Where-Object { $_ })) {
            "$($result.Errors)" | Should -Not -BeLike "*$([System.Management.Automation.WildcardPattern]::Escape($absent))*"
        }
    }

    It 'a Serial held by a device of an earlier row names that device and its line' {
        $csv = Write-TestCsv -Name 'dupserial.csv' -Lines @(
            'Identifier,OS,Serial'
            'first01,ios,C02ABC12DEF3'
            'second01,ios,c02abc12def3'
        )
        $result = Invoke-Import -Path $csv
        Assert-Rejected $result 'DuplicateSerial' @("'C02ABC12DEF3'", "'first01'", 'line 2') $before -Line 3
    }

    It 'reports every bad field of one row' {
        $csv = New-CaseCsv ([ordered]@{ Identifier = 'd1'; OS = 'ios'; Serial = 'C02ABCD'; ExpirationDays = '0'; WifiMac = 'nope' })
        $result = Invoke-Import -Path $csv
        Assert-Rejected $result 'InvalidFieldValue' @("Serial value 'C02ABCD'", "ExpirationDays value '0'", "WifiMac value 'nope'") $before
    }
}

Describe 'Field rules: piped objects' {
    BeforeEach {
        Initialize-FieldStore
        $script:before = Get-StoreSnapshot
    }

    It 'stores a piped [pscustomobject] in canonical form' {
        $result = Invoke-Import -InputObject ([pscustomobject]@{ Identifier = 'a1'; OS = 'iOS'; WifiMac = 'aabbccddeeff'; DEPMethod = 'key code'; ExpirationDays = '007'; Serial = 'c02abc12def3' })
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $device = Get-BmgDevice -Identifier 'a1'
        $device.OS | Should -BeExactly 'ios'
        $device.WifiMac | Should -BeExactly 'AA:BB:CC:DD:EE:FF'
        "$($device.DEPMethod)" | Should -BeExactly 'Keycode'
        $device.ExpirationDays | Should -Be 7
        $device.Serial | Should -BeExactly 'C02ABC12DEF3'
    }

    It 'rejects <Case> from a piped object' -ForEach @(
        @{ Case = 'a bad Identifier'; Row = @{ Identifier = 'bad id'; OS = 'iOS' }; ErrorId = 'InvalidFieldValue'; Contains = @('Identifier', "'bad id'") }
        @{ Case = 'a date as ExpirationDays'; Row = @{ Identifier = 'a1'; OS = 'iOS'; ExpirationDays = '20251130' }; ErrorId = 'InvalidFieldValue'; Contains = @('ExpirationDays', "'20251130'", 'looks like a date') }
        @{ Case = 'DEP on android'; Row = @{ Identifier = 'a1'; OS = 'Android'; DEPMethod = 'Keycode' }; ErrorId = 'InvalidFieldValue'; Contains = @('DEPMethod', "'Keycode'") }
        @{ Case = 'a missing OS'; Row = @{ Identifier = 'a1' }; ErrorId = 'MissingRequiredField'; Contains = @('OS') }
        @{ Case = 'a Serial held by another device'; Row = @{ Identifier = 'a1'; OS = 'ios'; Serial = 'C02SEED00001' }; ErrorId = 'DuplicateSerial'; Contains = @("'seed01'") }
    ) {
        $result = Invoke-Import -InputObject ([pscustomobject]$Row)
        Assert-Rejected $result $ErrorId $Contains $before
    }

    It 'stops at the first bad row under -ErrorAction Stop with its ErrorId, and writes nothing' {
        { [pscustomobject]@{ Identifier = 'a1'; OS = 'blackberry' } | Import-BmgDeviceCsv -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidFieldValue,*'
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'numbers piped rows as lines of a file: the third object is line 4' {
        $rows = @(
            [pscustomobject]@{ Identifier = 'p1'; OS = 'ios' }
            [pscustomobject]@{ Identifier = 'p2'; OS = 'ios' }
            [pscustomobject]@{ Identifier = 'p3'; OS = 'ios'; Serial = 'C02ABCD' }
        )
        $result = Invoke-Import -InputObject $rows
        Assert-Rejected $result 'InvalidFieldValue' @('Serial', "'C02ABCD'") $before -Line 4
    }
}
