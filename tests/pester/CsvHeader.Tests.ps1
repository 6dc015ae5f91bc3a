# SPEC §4 "Header": header names are the exact, case-sensitive vocabulary, each once, in any subset and
# order; any other header stops the import before a single row is applied, naming every problem.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:Vocabulary = @('UserName', 'Name', 'EmailAddress', 'UserDescription', 'Organizations', 'Identifier', 'Template',
        'Code', 'OS', 'DeviceTags', 'WifiMac', 'IMEI', 'MEID', 'UDID', 'Serial', 'ExpirationDays', 'DisplayName',
        'Description', 'RegistrationEmail', 'DEPMethod')

    # A store with reference data and one user and device already in it, so an unchanged store is not an empty one.
    function Initialize-HeaderStore {
        $null = New-TestStore
        $null = New-BmgTemplate -Name 'Standard'
        $null = New-BmgDeviceTag -Name 'Sales'
        $null = New-BmgOrganization -Id 'HQ' -Name 'Head office'
        $seed = Write-TestCsv -Name "seed-$([guid]::NewGuid().ToString('N')).csv" -Lines @(
            'UserName,Identifier,OS,Serial,RegistrationEmail'
            'seeduser,seed01,ios,C02SEED00001,seed@example.com'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
    }

    function New-HeaderCsv([string[]] $Lines) {
        Write-TestCsv -Name "header-$([guid]::NewGuid().ToString('N')).csv" -Lines $Lines
    }

    # Runs one import and keeps everything it reported: output, non-terminating errors, the terminating error, and the
    # file's own error (a file's header problem is its non-terminating error; ImportFailed then ends the command).
    function Invoke-Import {
        param([string] $Path, [object[]] $InputObject)
        $out = $null; $ev = $null; $terminating = $null
        try {
            if ($Path) {
                $out = Import-BmgDeviceCsv -Path $Path -ErrorVariable ev -ErrorAction SilentlyContinue
            } else {
                $out = $InputObject | Import-BmgDeviceCsv -ErrorVariable ev -ErrorAction SilentlyContinue
            }
        } catch {
            $terminating = $_
        }
        [pscustomobject]@{
            Output      = @($out)
            Errors      = @($ev | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Terminating = $terminating
            FileError   = @($ev | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Select-Object -Last 1
        }
    }

    function Assert-Contains([string] $Text, [string[]] $Fragments) {
        foreach ($fragment in $Fragments) {
            $Text -like "*$([System.Management.Automation.WildcardPattern]::Escape($fragment))*" |
                Should -BeTrue -Because "the message '$Text' should contain '$fragment' (case-insensitive)"
        }
    }
}

Describe 'CSV header errors stop the import before any row is applied' {
    BeforeEach {
        Initialize-HeaderStore
        $script:before = Get-StoreSnapshot
    }

    It '<Case>' -ForEach @(
        @{ Case = "unknown column 'Colour'"; Header = 'Identifier,OS,Colour'; Row = 'h1,ios,red'; ErrorId = 'UnknownCsvColumn'; Contains = @('Line 1', "'Colour' is not a column", 'case-sensitive') }
        @{ Case = "mis-cased 'serial' suggests 'Serial'"; Header = 'Identifier,OS,serial'; Row = 'h1,ios,C02ABC12DEF3'; ErrorId = 'UnknownCsvColumn'; Contains = @('Line 1', "'serial' is not a column", "did you mean 'Serial'") }
        @{ Case = "mis-cased 'IDENTIFIER' suggests 'Identifier'"; Header = 'IDENTIFIER,OS'; Row = 'h1,ios'; ErrorId = 'UnknownCsvColumn'; Contains = @("'IDENTIFIER' is not a column", "did you mean 'Identifier'") }
        @{ Case = "mis-cased 'DepMethod' suggests 'DEPMethod'"; Header = 'Identifier,OS,DepMethod'; Row = 'h1,ios,Keycode'; ErrorId = 'UnknownCsvColumn'; Contains = @("'DepMethod' is not a column", "did you mean 'DEPMethod'") }
        @{ Case = "misspelled 'Serail' suggests 'Serial'"; Header = 'Identifier,OS,Serail'; Row = 'h1,ios,C02ABC12DEF3'; ErrorId = 'UnknownCsvColumn'; Contains = @("'Serail' is not a column", "did you mean 'Serial'") }
        @{ Case = "space-padded ' Serial'"; Header = 'Identifier,OS, Serial'; Row = 'h1,ios,C02ABC12DEF3'; ErrorId = 'UnknownCsvColumn'; Contains = @("' Serial' is not a column", "did you mean 'Serial'") }
        @{ Case = "space-padded 'Serial '"; Header = 'Identifier,OS,Serial '; Row = 'h1,ios,C02ABC12DEF3'; ErrorId = 'UnknownCsvColumn'; Contains = @("'Serial ' is not a column", "did you mean 'Serial'") }
        @{ Case = "quoted space-padded ' OS'"; Header = 'Identifier," OS"'; Row = 'h1,ios'; ErrorId = 'UnknownCsvColumn'; Contains = @("' OS' is not a column", "did you mean 'OS'") }
        @{ Case = "'Display Name' with a space inside"; Header = 'Identifier,OS,Display Name'; Row = 'h1,ios,x'; ErrorId = 'UnknownCsvColumn'; Contains = @("'Display Name' is not a column", "did you mean 'DisplayName'") }
        @{ Case = "duplicated column 'OS'"; Header = 'Identifier,OS,OS'; Row = 'h1,ios,ios'; ErrorId = 'DuplicateCsvColumn'; Contains = @('Line 1', "'OS'", 'twice') }
        @{ Case = "duplicated key column 'Identifier'"; Header = 'Identifier,OS,Identifier'; Row = 'h1,ios,h1'; ErrorId = 'DuplicateCsvColumn'; Contains = @("'Identifier'", 'twice') }
        @{ Case = 'an empty header name in the middle'; Header = 'Identifier,,OS'; Row = 'h1,x,ios'; ErrorId = 'UnknownCsvColumn'; Contains = @('Line 1', 'Column 2 has no name') }
        @{ Case = 'a header name of only spaces'; Header = 'Identifier,   ,OS'; Row = 'h1,x,ios'; ErrorId = 'UnknownCsvColumn'; Contains = @('Column 2 has no name') }
    ) {
        $csv = New-HeaderCsv @($Header, $Row, 'h2,ios')
        $result = Invoke-Import -Path $csv

        # The file's own error (the next file would still be tried), then ImportFailed ends the command (walkthrough B2).
        $result.Errors.Count | Should -Be 1 -Because 'a single header problem is reported once'
        $result.FileError.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        Assert-Contains $result.FileError.Exception.Message $Contains
        $result.FileError.Exception.Message | Should -BeLike "Line 1 of '$csv': *" -Because 'a header problem names its file'
        $result.FileError.TargetObject | Should -Be $csv
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        $result.Output | Should -BeNullOrEmpty
        Get-StoreSnapshot | Should -BeExactly $before
        @(Get-BmgDevice -Identifier 'h*').Count | Should -Be 0
    }

    It 'reports each of several problems in one header, then the count' {
        $csv = New-HeaderCsv @('Identifier,serial,Colour,OS,OS,,DisplayName', 'h1,C02ABC12DEF3,red,ios,ios,,x')
        $result = Invoke-Import -Path $csv

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        $result.FileError.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        # The problems are each reported above: the file's last error counts them and lists the columns, once (walkthrough P2).
        $result.FileError.Exception.Message | Should -BeLike "Line 1 of '$csv': the header has 4 problems (each reported above), so nothing was imported. The columns are: UserName, *"
        foreach ($repeated in "'serial' is not a column", "'Colour' is not a column", "'OS' appears twice", 'Column 6 has no name') {
            $result.FileError.Exception.Message | Should -Not -BeLike "*$repeated*"
        }

        $result.Errors.Count | Should -Be 5 -Because 'one error record per problem, then the count'
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Assert-Contains $result.Errors[0].Exception.Message @("'serial' is not a column", "did you mean 'Serial'")
        foreach ($record in $result.Errors) {
            $record.Exception.Message | Should -BeLike "Line 1 of '$csv': *" -Because 'each header problem names its file'
        }
        $result.Errors[1].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Assert-Contains $result.Errors[1].Exception.Message @("'Colour' is not a column")
        $result.Errors[2].FullyQualifiedErrorId | Should -BeLike 'DuplicateCsvColumn,*'
        Assert-Contains $result.Errors[2].Exception.Message @("'OS'", 'columns 4 and 5')
        $result.Errors[3].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Assert-Contains $result.Errors[3].Exception.Message @('Column 6 has no name')
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'reports the first five of many header problems, and the terminating error says how many there were' {
        $csv = New-HeaderCsv @('Identifier,OS,A1,A2,A3,A4,A5,A6,A7', 'h1,ios,,,,,,,')
        $result = Invoke-Import -Path $csv

        $result.Errors.Count | Should -Be 6
        $result.FileError.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $result.FileError.Exception.Message | Should -BeLike "Line 1 of '$csv': the header has 7 problems (the first 5 reported above), so nothing was imported.*"
        $result.FileError.Exception.Message | Should -Not -BeLike "*'A1' is not a column*"
        Get-StoreSnapshot | Should -BeExactly $before
    }

    # Piped property names match the columns ignoring case (issue 10.3), so only a misspelling is refused here.
    It 'rejects a bad property name of a piped object, suggesting the right one' {
        $result = Invoke-Import -InputObject ([pscustomobject]@{ Identifier = 'h1'; OS = 'ios'; Serail = 'C02ABC12DEF3' })
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Assert-Contains $result.Terminating.Exception.Message @("'Serail' is not a column", "did you mean 'Serial'")
        Get-StoreSnapshot | Should -BeExactly $before
    }

    # ImportHeader.Suggest is also the did-you-mean of piped New-/Set- properties (walkthrough 13, 3/9): the names
    # spreadsheets and Apple's lists use for a field, and a British spelling, get one too; a column unlike any field none.
    It "suggests the field for '<Column>' in a file's header" -ForEach @(
        @{ Column = 'Serial Number'; Field = 'Serial' }
        @{ Column = 'E-mail'; Field = 'EmailAddress' }
        @{ Column = 'Organisations'; Field = 'Organizations' }
        # Two neighbouring letters swapped count as one edit (walkthrough 28, finding 4): a 4-letter name is allowed one.
        @{ Column = 'IEMI'; Field = 'IMEI' }
        @{ Column = 'Seiral'; Field = 'Serial' }
    ) {
        $csv = New-HeaderCsv @("UserName,Identifier,OS,$Column", "u1,h1,ios,x")
        $result = Invoke-Import -Path $csv
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Assert-Contains $result.Errors[0].Exception.Message @("'$Column' is not a column", "did you mean '$Field'")
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It "suggests nothing for a column that reads as no field ('Notes')" {
        $csv = New-HeaderCsv @('Identifier,OS,Notes', 'h1,ios,x')
        $result = Invoke-Import -Path $csv
        $result.Errors[0].Exception.Message | Should -BeLike "*'Notes' is not a column*"
        $result.Errors[0].Exception.Message | Should -Not -BeLike '*did you mean*'
    }

    It 'rolls back the rows already piped when a later object has a bad property name' {
        $rows = @(
            [pscustomobject]@{ Identifier = 'h1'; OS = 'ios' }
            [pscustomobject]@{ UserName = 'newuser'; Identifier = 'h2'; OS = 'ios'; RegistrationEmail = 'h2@example.com' }
            [pscustomobject]@{ Identifier = 'h3'; OS = 'ios'; Colour = 'red' }
        )
        $result = Invoke-Import -InputObject $rows
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Assert-Contains $result.Terminating.Exception.Message @("'Colour' is not a column")
        Get-StoreSnapshot | Should -BeExactly $before
    }
}

# Walkthrough 13, finding 9: every cmdlet that reads a header reports it as Import-BmgDeviceCsv <file> does.
Describe 'CSV header errors of the other cmdlets that read a -Path file' {
    BeforeEach {
        Initialize-HeaderStore
        $script:before = Get-StoreSnapshot
    }

    It '<Command> -Path names the file in each of several problems, one record each, the file as the target' -ForEach @(
        @{ Command = 'Get-BmgDeviceDepLink' }
        @{ Command = 'Set-BmgDeviceDepEnrollment' }
    ) {
        $csv = New-HeaderCsv @('identifier,serial', 'seed01,C02SEED00001')
        $out = & $Command -Path $csv -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 3 -Because 'one record per bad column, then the count'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $err[0].Exception.Message | Should -BeLike "Line 1 of '$csv': 'identifier' is not a column;*"
        $err[0].Exception.Message | Should -Not -BeLike "*'serial'*"
        $err[1].Exception.Message | Should -BeLike "Line 1 of '$csv': 'serial' is not a column;*"
        $err[2].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $err[2].Exception.Message | Should -BeLike "Line 1 of '$csv': the header has 2 problems (each reported above)*"
        $err[2].TargetObject | Should -BeExactly $csv
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It '<Command> -Path names the file of a single problem and targets it' -ForEach @(
        @{ Command = 'Get-BmgDeviceDepLink' }
        @{ Command = 'Set-BmgDeviceDepEnrollment' }
    ) {
        $csv = New-HeaderCsv @('Identifier,Serial Number', 'seed01,C02SEED00001')
        & $Command -Path $csv -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $err[0].Exception.Message | Should -BeLike "Line 1 of '$csv': 'Serial Number' is not a column;*"
        $err[0].TargetObject | Should -BeExactly $csv
    }

    It 'names a column that appears twice once per file, without the file twice' {
        $csv = New-HeaderCsv @('Identifier,Identifier', 'seed01,seed01')
        Get-BmgDeviceDepLink -Path $csv -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        Assert-ErrorId $err 'DuplicateCsvColumn'
        $err[0].Exception.Message | Should -BeLike "Line 1 of '$csv': column 'Identifier' appears twice in the header (columns 1 and 2)*"
        $err[0].TargetObject | Should -BeExactly $csv
    }

    It 'calls a piped object''s bad property by the object, not by a line, and targets the object' {
        $rows = @(
            [pscustomobject]@{ Identifier = 'h1'; OS = 'ios' }
            [pscustomobject]@{ Identifier = 'h2'; OS = 'ios'; 'Serial Number' = 'C02ABC12DEF3' }
        )
        $result = Invoke-Import -InputObject $rows
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $result.Terminating.Exception.Message | Should -BeLike "Piped object 2: 'Serial Number' is not a column;*"
        $result.Terminating.Exception.Message | Should -Not -BeLike '*Line *'
        $result.Terminating.TargetObject.Identifier | Should -BeExactly 'h2'
        Get-StoreSnapshot | Should -BeExactly $before
    }
}

Describe 'CSV header: valid headers' {
    BeforeEach {
        Initialize-HeaderStore
    }

    It 'accepts the columns <Header>' -ForEach @(
        @{ Header = 'OS,Identifier'; Row = 'ios,h1'; Kind = 'Device'; Key = 'h1'; Property = 'OS'; Expected = 'ios' }
        @{ Header = 'Identifier,OS'; Row = 'h1,Android'; Kind = 'Device'; Key = 'h1'; Property = 'OS'; Expected = 'android' }
        @{ Header = 'Serial,DEPMethod,OS,Identifier'; Row = 'c02abc12def3,serial,ios,h1'; Kind = 'Device'; Key = 'h1'; Property = 'Serial'; Expected = 'C02ABC12DEF3' }
        @{ Header = 'DisplayName,Identifier,Template,OS,DeviceTags'; Row = 'Front desk,h1,Standard,ios,Sales'; Kind = 'Device'; Key = 'h1'; Property = 'DisplayName'; Expected = 'Front desk' }
        @{ Header = 'UserName'; Row = 'solo'; Kind = 'User'; Key = 'solo'; Property = 'UserName'; Expected = 'solo' }
        @{ Header = 'Organizations,EmailAddress,Name,UserName'; Row = 'HQ,solo@example.com,Solo,solo'; Kind = 'User'; Key = 'solo'; Property = 'EmailAddress'; Expected = 'solo@example.com' }
        @{ Header = 'UDID,MEID,IMEI,WifiMac,OS,Identifier'; Row = '00008020-000A1D3A3E9A002E,A10000009296F2,490154203237518,aabbccddeeff,ios,h1'; Kind = 'Device'; Key = 'h1'; Property = 'WifiMac'; Expected = 'AA:BB:CC:DD:EE:FF' }
        @{ Header = 'DEPMethod,RegistrationEmail,Description,DisplayName,ExpirationDays,Serial,UDID,MEID,IMEI,WifiMac,DeviceTags,OS,Code,Template,Identifier,Organizations,UserDescription,EmailAddress,Name,UserName'
            Row = 'Keycode,h1@example.com,desc,disp,30,C02ABC12DEF3,00008020-000A1D3A3E9A002E,A10000009296F2,490154203237518,AA:BB:CC:DD:EE:FF,Sales,ios,Code123,Standard,h1,HQ,udesc,u@example.com,User Name,u1'
            Kind = 'Device'; Key = 'h1'; Property = 'UserName'; Expected = 'u1' }
    ) {
        $csv = New-HeaderCsv @($Header, $Row)
        $result = Invoke-Import -Path $csv
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Count | Should -Be 1
        $result.Output[0].Rows | Should -Be 1
        $result.Output[0].Created | Should -Be 1
        $record = if ($Kind -eq 'User') { Get-BmgUser -UserName $Key } else { Get-BmgDevice -Identifier $Key }
        "$($record.$Property)" | Should -BeExactly $Expected
    }

    It 'accepts all 20 vocabulary columns in several random orders' {
        $values = @{
            UserName = 'u1'; Name = 'User Name'; EmailAddress = 'u@example.com'; UserDescription = 'udesc'; Organizations = 'HQ'
            Identifier = 'h1'; Template = 'Standard'; Code = 'Code123'; OS = 'ios'; DeviceTags = 'Sales'; WifiMac = 'AA:BB:CC:DD:EE:FF'
            IMEI = '490154203237518'; MEID = 'A10000009296F2'; UDID = '00008020-000A1D3A3E9A002E'; Serial = 'C02ABC12DEF3'
            ExpirationDays = '30'; DisplayName = 'disp'; Description = 'desc'; RegistrationEmail = 'h1@example.com'; DEPMethod = 'Keycode'
        }
        $random = [System.Random]::new(20251130)
        for ($i = 0; $i -lt 3; $i++) {
            $null = New-TestStore
            $null = New-BmgTemplate -Name 'Standard'; $null = New-BmgDeviceTag -Name 'Sales'; $null = New-BmgOrganization -Id 'HQ' -Name 'Head office'
            $order = @($Vocabulary | Sort-Object { $random.Next() })
            $csv = New-HeaderCsv @(($order -join ','), (@($order | ForEach-Object { $values[$_] }) -join ','))
            $result = Invoke-Import -Path $csv
            $result.Terminating | Should -BeNullOrEmpty -Because "header '$($order -join ',')' is valid"
            $device = Get-BmgDevice -Identifier 'h1'
            $device.Serial | Should -BeExactly 'C02ABC12DEF3'
            $device.ExpirationDays | Should -Be 30
            $device.UserName | Should -BeExactly 'u1'
            (Get-BmgUser -UserName 'u1').Name | Should -BeExactly 'User Name'
        }
    }

    It 'imports a header-only file as 0 rows and changes nothing' {
        $before = Get-StoreSnapshot
        $csv = New-HeaderCsv @('Identifier,OS,Serial')
        $result = Invoke-Import -Path $csv
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Count | Should -Be 1
        $result.Output[0].Rows | Should -Be 0
        $result.Output[0].Failed | Should -Be 0
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'imports a header-only file without a final line break as 0 rows' {
        $path = Join-Path $TestDrive 'header-no-newline.csv'
        [System.IO.File]::WriteAllText($path, 'Identifier,OS')
        $result = Invoke-Import -Path $path
        $result.Terminating | Should -BeNullOrEmpty
        $result.Output[0].Rows | Should -Be 0
    }
}

Describe 'CSV header: empty files and catchable errors' {
    BeforeEach {
        Initialize-HeaderStore
        $script:before = Get-StoreSnapshot
    }

    It 'fails an empty file with EmptyCsv, naming the file' {
        $path = Join-Path $TestDrive 'empty.csv'
        [System.IO.File]::WriteAllBytes($path, [byte[]]@())
        $result = Invoke-Import -Path $path
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        $result.FileError.FullyQualifiedErrorId | Should -BeLike 'EmptyCsv,*'
        Assert-Contains $result.FileError.Exception.Message @('empty.csv', 'empty', 'header')
        $result.FileError.TargetObject | Should -Be $path
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'fails a file holding only a UTF-8 byte order mark with EmptyCsv' {
        $path = Join-Path $TestDrive 'bom-only.csv'
        [System.IO.File]::WriteAllBytes($path, [byte[]](0xEF, 0xBB, 0xBF))
        $result = Invoke-Import -Path $path
        $result.FileError.FullyQualifiedErrorId | Should -BeLike 'EmptyCsv,*'
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'a header error fails the command (ImportFailed) into try/catch under the default ErrorActionPreference' {
        $csv = New-HeaderCsv @('Identifier,OS,serial', 'h1,ios,C02ABC12DEF3')
        $reachedNextStatement = $false
        $caught = $null
        $ErrorActionPreference = 'Continue'
        try {
            $null = Import-BmgDeviceCsv -Path $csv
            $reachedNextStatement = $true
        } catch {
            $caught = $_
        }
        $reachedNextStatement | Should -BeFalse
        $caught | Should -Not -BeNullOrEmpty
        # The command fails (ImportFailed, naming the file); the header's own error came before it, non-terminating.
        $caught.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        "$caught" | Should -BeLike "*$(Split-Path $csv -Leaf)*"
        $Error[1].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $Error[1].CategoryInfo.Category | Should -Be 'InvalidData'
        "$($Error[1])" | Should -BeLike "*did you mean 'Serial'*"
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'throws a header error that Should -Throw sees with -ErrorAction Stop' {
        $csv = New-HeaderCsv @('Identifier,OS,OS', 'h1,ios,ios')
        { Import-BmgDeviceCsv -Path $csv -ErrorAction Stop } | Should -Throw -ErrorId 'DuplicateCsvColumn,*'
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'an empty file fails the command (ImportFailed) into try/catch, after its EmptyCsv' {
        $path = Join-Path $TestDrive 'empty2.csv'
        [System.IO.File]::WriteAllBytes($path, [byte[]]@())
        $caught = $null
        $ErrorActionPreference = 'Continue'
        try { $null = Import-BmgDeviceCsv -Path $path } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        $Error[1].FullyQualifiedErrorId | Should -BeLike 'EmptyCsv,*'
        Get-StoreSnapshot | Should -BeExactly $before
    }
}

# Walkthrough 23, finding 5: a sheet titled in Japanese (ユーザー名, 識別子, …, saved by Excel as CP932) got "header names are
# case-sensitive and contain no spaces", the advice for a typo of an English name. A name with no ASCII letter is near no
# column: the error says the header must use the English column names, and the file's last error lists them and shows how
# to map the sheet's own headings on the way in (the help's "Rows built in a script").
Describe 'CSV header: a sheet''s own (Japanese) headings (walkthrough 23, finding 5)' {
    BeforeEach {
        Initialize-HeaderStore
        $script:before = Get-StoreSnapshot
    }

    It 'each Japanese name: "the header must use the module''s English column names", no case-and-spaces hint; the columns and the mapping once at the end' {
        $csv = Write-TestCsv -Name (New-CsvName 'jp-header') -Encoding 932 -Lines @(
            'ユーザー名,氏名,メールアドレス,識別子,OS'
            'yamada,山田 太郎,yamada@example.com,iphone-0001,ios')
        $result = Invoke-Import -Path $csv

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        $result.Errors.Count | Should -Be 5 -Because 'four unknown names, then the count'
        foreach ($record in $result.Errors[0..3]) {
            $record.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
            $record.Exception.Message | Should -BeLike "Line 1 of '$csv': '*' is not a column; the header must use the module's English column names."
            $record.Exception.Message | Should -Not -BeLike '*case-sensitive*'
        }
        $result.Errors[0].Exception.Message | Should -BeLike "*'ユーザー名' is not a column*"
        $last = $result.FileError.Exception.Message
        Assert-Contains $last @("The columns are: $($Vocabulary -join ', ').",
            "map them to these names on the way in: Import-Csv <file> -Encoding 932 | Select-Object @{ n = '<column>'; e = { `$_.'ユーザー名' } }",
            '| Import-BmgDeviceCsv (Get-Help Import-BmgDeviceCsv -Examples: "Rows built in a script")')
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'a header of Japanese names only (no known name: MissingCsvHeader) says the same after "looks like data"' {
        $csv = New-HeaderCsv @('ユーザー名,氏名,識別子', 'yamada,山田 太郎,iphone-0001')
        $result = Invoke-Import -Path $csv

        $result.FileError.FullyQualifiedErrorId | Should -BeLike 'MissingCsvHeader,*'
        Assert-Contains $result.FileError.Exception.Message @('looks like data, not a header',
            "If it is a header of the sheet's own headings ('ユーザー名'), the header must use the module's English column names ($($Vocabulary -join ', ')).",
            "e = { `$_.'ユーザー名' }")
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'a typo of an English name keeps its own hint, without the mapping advice' {
        $csv = New-HeaderCsv @('Identifier,OS,Colour', 'h1,ios,red')
        $result = Invoke-Import -Path $csv
        Assert-Contains $result.FileError.Exception.Message @("'Colour' is not a column", 'case-sensitive')
        $result.FileError.Exception.Message | Should -Not -BeLike '*on the way in*'
    }

    It 'the help example the message names maps a Japanese sheet and imports it' {
        $example = @((Get-Help Import-BmgDeviceCsv).examples.example | Where-Object { $_.title -like '*Rows built in a script*' })
        $example | Should -HaveCount 1 -Because 'the message sends the admin to this example by its title'
        $example[0].code | Should -Match 'Select-Object @\{ n = '
        $csv = Write-TestCsv -Name (New-CsvName 'jp-map') -Lines @('ユーザー名,識別子', 'yamada,iphone-0001')
        $summary = Import-Csv -LiteralPath $csv | Select-Object @{ n = 'UserName'; e = { $_.'ユーザー名' } }, @{ n = 'Identifier'; e = { $_.'識別子' } },
            @{ n = 'OS'; e = { 'ios' } } | Import-BmgDeviceCsv
        $summary.Created | Should -Be 1
        (Get-BmgDevice iphone-0001).UserName | Should -Be 'yamada'
    }
}

# Walkthrough 45, findings 3 and 2. The mapping advice showed `Import-Csv <file> | …` for any file, and PowerShell 7's
# Import-Csv reads UTF-8 unless told otherwise: followed for a sheet Japanese Excel saved as "CSV (コンマ区切り)" (CP932), every
# heading came out as mojibake, each $_.'ユーザー名' was $null, and the mapped import cleared every row's UserName. The advice now
# tells Import-Csv the encoding (and delimiter) the module read the file in. The -Path look-ups advised piping into
# Import-BmgDeviceCsv, a write, for a sheet whose notes column (備考) they only had to leave unread.
Describe 'CSV header: the advice for a sheet''s own headings reads the file as the module read it (walkthrough 45, 3 and 2)' {
    BeforeAll {
        # The Import-Csv arguments the advice gives (between 'Import-Csv <file>' and the next '|'), run on the file as told.
        function Invoke-AdvisedImportCsv([string] $Message, [string] $Path) {
            $advised = [regex]::Match($Message, 'Import-Csv <file>(?<arguments>[^|]*) \|')
            $advised.Success | Should -BeTrue -Because "the message '$Message' should show Import-Csv"
            Invoke-Expression "Import-Csv -LiteralPath `$Path$($advised.Groups['arguments'].Value)"
        }
    }

    BeforeEach {
        Initialize-HeaderStore
        $script:before = Get-StoreSnapshot
    }

    It 'a <Saved> sheet: the advice says <Arguments>, and followed, it maps each heading and keeps every user linked' -ForEach @(
        @{ Saved = 'Shift_JIS (CSV (コンマ区切り))'; Encoding = '932'; Separator = ','; Arguments = ' -Encoding 932' }
        @{ Saved = 'UTF-8 (CSV UTF-8)'; Encoding = 'utf8BOM'; Separator = ','; Arguments = '' }
        @{ Saved = 'UTF-16 (Unicode テキスト)'; Encoding = 'unicode'; Separator = "`t"; Arguments = ' -Encoding unicode -Delimiter "`t"' }
    ) {
        $csv = Write-TestCsv -Name (New-CsvName 'jp-own') -Encoding $Encoding -Lines @(
            (@('ユーザー名', '氏名', 'Identifier', 'OS') -join $Separator)
            (@('seeduser', '山田 太郎', 'seed01', 'ios') -join $Separator))
        $result = Invoke-Import -Path $csv
        $result.FileError.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $advice = $result.FileError.Exception.Message
        Assert-Contains $advice @("Import-Csv <file>$Arguments | Select-Object @{ n = '<column>'; e = { `$_.'ユーザー名' } }, … | Import-BmgDeviceCsv")
        Get-StoreSnapshot | Should -BeExactly $before

        $summary = Invoke-AdvisedImportCsv $advice $csv |
            Select-Object @{ n = 'UserName'; e = { $_.'ユーザー名' } }, @{ n = 'Name'; e = { $_.'氏名' } }, Identifier, OS |
            Import-BmgDeviceCsv -WarningVariable warned -WarningAction SilentlyContinue
        $summary.Failed | Should -Be 0
        (Get-BmgDevice seed01).UserName | Should -BeExactly 'seeduser' -Because 'a heading read as mojibake maps to $null, and a blank UserName unlinks'
        (Get-BmgUser seeduser).Name | Should -BeExactly '山田 太郎'
        $warned | Should -BeNullOrEmpty -Because 'nothing is cleared'
    }

    It '<Command> -Path of a Shift_JIS sheet with a notes column (備考): pipe its rows into <Command>, not into the import' -ForEach @(
        @{ Command = 'Get-BmgDeviceDepLink' }
        @{ Command = 'Set-BmgDeviceDepEnrollment' }
    ) {
        $csv = Write-TestCsv -Name (New-CsvName 'jp-notes') -Encoding 932 -Lines @('Identifier,DEPMethod,備考', 'seed01,Serial,山田さん用')
        & $Command -Path $csv -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Assert-Contains $err[0].Exception.Message @(
            "pipe its rows: Import-Csv <file> -Encoding 932 | $Command reads the columns it takes and no other",
            "Import-Csv <file> -Encoding 932 | Select-Object @{ n = '<column>'; e = { `$_.'備考' } }, … | $Command.")
        $err[0].Exception.Message | Should -Not -BeLike '*Import-BmgDeviceCsv*' -Because 'the import writes what the look-up only reads'
        Get-StoreSnapshot | Should -BeExactly $before

        $rows = Invoke-AdvisedImportCsv $err[0].Exception.Message $csv
        $rows[0].'備考' | Should -BeExactly '山田さん用' -Because 'Import-Csv read the file as the module did'
        $out = $rows | & $Command -ErrorAction Stop
        if ($Command -eq 'Get-BmgDeviceDepLink') {
            $out.Identifier | Should -BeExactly 'seed01'
        } else {
            (Get-BmgDevice seed01).DEPMethod | Should -BeExactly 'Serial' -Because 'the piped row''s DEPMethod binds -Method'
        }
    }
}
