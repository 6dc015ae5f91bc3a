# A command that only reads never creates a store (a new user's walkthrough, finding P9). A mistyped -Database for a
# Get- used to leave new folders and an empty store file behind and showed an empty inventory; now a store someone
# named (-Database, $env:BMG_DATABASE) that does not exist is StoreNotFound, and the per-user default location of a
# fresh install reads as empty. Either way nothing is created: no folder, no file, no -wal/-shm. The tests name SQLite
# files, but for one Describe that names a store of the run's kind: on PostgreSQL (a database must exist anyway,
# README, Decisions) a reader of a schema without a store creates neither schema nor tables.

BeforeDiscovery {
    # Every command of the module, as reader or writer: a new command must be put in one list (the first test
    # fails until it is), and a reader is then held to the rules below.
    $script:Readers = @(
        'Export-BmgDeviceCsv', 'Get-BmgCheckInEmail', 'Get-BmgDepDevice', 'Get-BmgDepProfile', 'Get-BmgDevice',
        'Get-BmgDeviceDepLink', 'Get-BmgDeviceHistory', 'Get-BmgDeviceTag', 'Get-BmgImportHistory', 'Get-BmgOrganization',
        'Get-BmgTemplate', 'Get-BmgUser', 'Get-BmgUserHistory', 'Test-BmgHistory'
    )
    $script:ReaderCases = @($Readers | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Readers = @(
        'Export-BmgDeviceCsv', 'Get-BmgCheckInEmail', 'Get-BmgDepDevice', 'Get-BmgDepProfile', 'Get-BmgDevice',
        'Get-BmgDeviceDepLink', 'Get-BmgDeviceHistory', 'Get-BmgDeviceTag', 'Get-BmgImportHistory', 'Get-BmgOrganization',
        'Get-BmgTemplate', 'Get-BmgUser', 'Get-BmgUserHistory', 'Test-BmgHistory'
    )
    $script:Writers = @(
        'Clear-BmgCheckInEmail', 'Clear-BmgHistory', 'Import-BmgDepDevice', 'Import-BmgDeviceCsv', 'New-BmgDevice', 'New-BmgDeviceTag',
        'New-BmgOrganization', 'New-BmgTemplate', 'New-BmgUser', 'Register-BmgDeviceCheckIn', 'Remove-BmgDepDevice',
        'Remove-BmgDevice', 'Remove-BmgDeviceTag', 'Remove-BmgOrganization', 'Remove-BmgTemplate', 'Remove-BmgUser',
        'Rename-BmgDevice', 'Rename-BmgDeviceTag', 'Rename-BmgOrganization', 'Rename-BmgTemplate', 'Rename-BmgUser', 'Send-BmgCheckInEmail', 'Set-BmgDepProfile',
        'Set-BmgDevice', 'Set-BmgDeviceDepEnrollment', 'Set-BmgOrganization', 'Set-BmgUser', 'Unlock-BmgDeviceCheckIn', 'Unregister-BmgDevice'
    )

    # The only parameters a reader can't run without (Export-BmgDeviceCsv's file); a new reader with a mandatory
    # parameter fails below until it is given here.
    function Get-ReaderArguments([string] $Name) {
        if ($Name -eq 'Export-BmgDeviceCsv') { @{ Path = Join-Path $TestDrive "export-$([guid]::NewGuid().ToString('N')).csv" } } else { @{} }
    }

    # Whatever another file set as every command's -Database, and $env:BMG_DATABASE: these tests name the store themselves.
    $script:SavedDefault = $global:PSDefaultParameterValues['*-Bmg*:Database']
    $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
    $script:SavedDatabase = $env:BMG_DATABASE
}

AfterAll {
    if ($null -ne $SavedDefault) { $global:PSDefaultParameterValues['*-Bmg*:Database'] = $SavedDefault }
    $env:BMG_DATABASE = $SavedDatabase
}

Describe 'Which commands only read' {
    # Only a list: the rules below (nothing created, nothing changed) are what make each reader one.
    It 'every command of the module is a reader or a writer; the readers are its Get-, Test- and Export- commands' {
        $commands = @(Get-Command -Module BizMobileGo)
        @($Readers + $Writers | Sort-Object) | Should -Be @($commands.Name | Sort-Object)
        @($commands | Where-Object Verb -in 'Get', 'Test', 'Export' | ForEach-Object Name | Sort-Object) | Should -Be @($Readers | Sort-Object)
    }
}

Describe 'A reader given a store that does not exist' {
    BeforeEach {
        $script:Folder = Join-Path $TestDrive "missing-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $Folder | Out-Null
    }

    It '<Name> -Database in a folder that does not exist: StoreNotFound naming the path; no folder, no file' -ForEach $ReaderCases {
        $arguments = Get-ReaderArguments $Name
        $store = Join-Path $Folder 'tyop/devices.db'
        $result = Invoke-Captured { & $Name -Database $store @arguments }

        $result.Output | Should -BeNullOrEmpty
        $result.Terminating | Should -Not -BeNullOrEmpty
        Get-ErrorId $result.Terminating | Should -Be 'StoreNotFound'
        $result.Terminating.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $result.Terminating.TargetObject | Should -Be $store
        $result.Terminating.Exception.Message | Should -BeLike "*'$store' does not exist*"
        $result.Terminating.Exception.Message | Should -BeLike '*a command that writes (Import-BmgDeviceCsv, New-BmgDevice, New-BmgUser*'
        @(Get-ChildItem -Force $Folder) | Should -BeNullOrEmpty
        if ($arguments.Path) { Test-Path $arguments.Path | Should -BeFalse -Because 'no CSV is written from a store that is not there' }
    }

    It '<Name> with $env:BMG_DATABASE naming a file of an existing folder: StoreNotFound; nothing created' -ForEach $ReaderCases {
        $arguments = Get-ReaderArguments $Name
        $store = Join-Path $Folder 'devcies.db'
        $env:BMG_DATABASE = $store
        try {
            $result = Invoke-Captured { & $Name @arguments }
        } finally {
            $env:BMG_DATABASE = $SavedDatabase
        }

        Get-ErrorId $result.Terminating | Should -Be 'StoreNotFound'
        $result.Terminating.Exception.Message | Should -BeLike "*'$store'*"
        @(Get-ChildItem -Force $Folder) | Should -BeNullOrEmpty
    }

    # A dry run must not plan what the real run refuses: -WhatIf (or $WhatIfPreference) reads a private copy, and that
    # copy is not made for a reader's missing store.
    It '<Name> while $WhatIfPreference is $true: StoreNotFound, as without it; nothing created' -ForEach $ReaderCases {
        $arguments = Get-ReaderArguments $Name
        $store = Join-Path $Folder 'tyop/devices.db'
        $result = Invoke-Captured { $WhatIfPreference = $true; & $Name -Database $store @arguments }

        $result.Output | Should -BeNullOrEmpty
        Get-ErrorId $result.Terminating | Should -Be 'StoreNotFound'
        $result.Terminating.TargetObject | Should -Be $store
        @(Get-ChildItem -Force $Folder) | Should -BeNullOrEmpty
    }

    It 'Export-BmgDeviceCsv -WhatIf plans no export of a store that does not exist: StoreNotFound, no file' {
        $csv = Join-Path $Folder 'e.csv'
        $store = Join-Path $Folder 'tyop/devices.db'
        $result = Invoke-Captured { Export-BmgDeviceCsv -Path $csv -Database $store -WhatIf }

        Get-ErrorId $result.Terminating | Should -Be 'StoreNotFound'
        @(Get-ChildItem -Force $Folder) | Should -BeNullOrEmpty
    }

    It 'a reader under -WhatIf reads a store that is there; a writer under -WhatIf still plans a store not made yet' {
        $store = Join-Path $Folder 'there.db'
        New-BmgDeviceTag -Name 'present' -Database $store | Out-Null
        $csv = Join-Path $Folder 'there.csv'
        (Invoke-Captured { $WhatIfPreference = $true; Get-BmgDeviceTag -Database $store }).Output.Name | Should -Be 'present'
        (Invoke-Captured { Export-BmgDeviceCsv -Path $csv -Database $store -WhatIf }).Terminating | Should -BeNullOrEmpty
        Test-Path $csv | Should -BeFalse

        $new = Join-Path $Folder 'new.db'
        $planned = Invoke-Captured { New-BmgDeviceTag -Name 'planned' -Database $new -WhatIf }
        $planned.Terminating | Should -BeNullOrEmpty
        Test-Path $new | Should -BeFalse
    }

    It 'StoreNotFound stops the command even with -ErrorAction SilentlyContinue, as the other errors opening a store' {
        $store = Join-Path $Folder 'tyop/devices.db'
        $result = Invoke-Captured { Get-BmgDevice -Database $store -ErrorAction SilentlyContinue; 'went on' }

        Get-ErrorId $result.Terminating | Should -Be 'StoreNotFound'
        $result.Output | Should -Not -Contain 'went on'
    }

    It 'a path relative to the current location is named as the full path it resolves to' {
        Push-Location $Folder
        try {
            $result = Invoke-Captured { Get-BmgDevice -Database ./tyop/devices.db }
        } finally {
            Pop-Location
        }

        Get-ErrorId $result.Terminating | Should -Be 'StoreNotFound'
        $result.Terminating.Exception.Message | Should -BeLike "*'$(Join-Path $Folder 'tyop/devices.db')' does not exist*"
        Test-Path (Join-Path $Folder 'tyop') | Should -BeFalse
    }

    It 'a writer still creates the store on first use (in a folder that exists), and a reader then finds what it wrote' {
        $store = Join-Path $Folder 'new-devices.db'
        New-BmgOrganization -Id 'org1' -Name 'Org 1' -Database $store -WarningAction Ignore | Out-Null
        Test-Path $store | Should -BeTrue
        (Get-BmgOrganization -Database $store).Id | Should -Be 'org1'

        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'ro-dev1,ios')
        $imported = Join-Path $Folder 'imported-devices.db'
        Import-BmgDeviceCsv $csv -Database $imported -WarningAction Ignore | Out-Null
        (Get-BmgDevice -Database $imported).Identifier | Should -Be 'ro-dev1'
    }

    It 'a reader of a store that is there still works after a writer made it (the store kept open is not stale)' {
        $store = Join-Path $Folder 'kept.db'
        (Invoke-Captured { Get-BmgUser -Database $store }).Terminating | Should -Not -BeNullOrEmpty
        New-BmgDevice -Identifier 'kept1' -OS android -Database $store | Out-Null
        (Get-BmgDevice -Database $store).Identifier | Should -Be 'kept1'
        Remove-Item -Force "$store*"
        Get-ErrorId (Invoke-Captured { Get-BmgDevice -Database $store }).Terminating | Should -Be 'StoreNotFound'
        @(Get-ChildItem -Force $Folder) | Should -BeNullOrEmpty
    }
}

# The list above decides nothing by itself (the cmdlets' base class decides by the same verbs): what makes a reader
# one is that it leaves the store as it was. Each runs with the arguments an admin would give, on a store with data.
# The same rule on the store kind of the run: on PostgreSQL a store is a schema's tables (?search_path=, 'public' by default),
# and a reader of a schema without them gets StoreNotFound and creates no schema and no table, as on SQLite no file.
Describe 'A reader of a store not made yet, on the store kind of this run' {
    BeforeAll {
        $script:Server = if ((Get-TestStoreKind) -eq 'postgres') { New-PostgresTestDatabase }
        function Get-Schemas { Invoke-PostgresTestSql -Uri $Server -Sql "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema' ORDER BY 1;" }
        function Get-Tables { Invoke-PostgresTestSql -Uri $Server -Sql "SELECT count(*) FROM pg_tables WHERE schemaname NOT LIKE 'pg_%' AND schemaname <> 'information_schema';" }
    }

    It '<Name>: StoreNotFound naming the store; nothing created (SQLite: no file; PostgreSQL: no schema, no table)' -ForEach $ReaderCases {
        $arguments = Get-ReaderArguments $Name
        if ($Server) {
            $store = "$Server`?search_path=not_made"
            $shown = $store -replace '//([^:]+):[^@]+@', '//$1@'
            $schemasBefore = Get-Schemas
        } else {
            $store = Join-Path $TestDrive "not-made-$([guid]::NewGuid().ToString('N')).db"
            $shown = $store
        }
        foreach ($whatIf in $false, $true) {
            $result = Invoke-Captured { $WhatIfPreference = $whatIf; & $Name -Database $store @arguments }

            $result.Output | Should -BeNullOrEmpty
            Get-ErrorId $result.Terminating | Should -Be 'StoreNotFound' -Because "-WhatIf: $whatIf"
            $result.Terminating.TargetObject | Should -Be $shown
            $result.Terminating.Exception.Message | Should -BeLike "The store '$shown' does not exist*a command that only reads creates none*"
        }
        if ($Server) {
            Get-Schemas | Should -Be $schemasBefore
            Get-Tables | Should -Be '0'
        } else {
            Test-Path -LiteralPath $store | Should -BeFalse
        }
    }
}

Describe 'A reader leaves a store that is there as it was' {
    BeforeAll {
        . $PSScriptRoot/Reliability.Common.ps1
        $script:Store = Join-Path $TestDrive 'readers.db'
        $global:PSDefaultParameterValues['*-Bmg*:Database'] = $Store
        try {
            New-BmgOrganization -Id 'org1' -Name 'Org 1' | Out-Null
            New-BmgTemplate -Name 'tpl1' | Out-Null
            New-BmgDeviceTag -Name 'tag1' | Out-Null
            New-BmgUser -UserName 'sato' -EmailAddress 'sato@example.com' -Organizations 'org1' | Out-Null
            New-BmgDevice -Identifier 'ro-1' -OS ios -Serial 'C02XK0AAJG5H' -UserName 'sato' -Template 'tpl1' -DeviceTags 'tag1' | Out-Null
            Set-BmgDevice -Identifier 'ro-1' -DisplayName 'Front desk' | Out-Null
            $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'ro-2,android')
            Import-BmgDeviceCsv $csv | Out-Null
        } finally {
            $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        }

        # What an admin gives each reader; a new reader fails below until it is given here.
        $script:TypicalArguments = @{
            'Export-BmgDeviceCsv'  = @{ Path = Join-Path $TestDrive 'readers-export.csv' }
            'Get-BmgCheckInEmail'  = @{ Identifier = 'ro-*' }
            'Get-BmgDepDevice'     = @{}
            'Get-BmgDepProfile'    = @{}
            'Get-BmgDevice'        = @{ Identifier = 'ro-1' }
            'Get-BmgDeviceDepLink' = @{ Serial = 'C02XK0AAJG5H' }
            'Get-BmgDeviceHistory' = @{ Identifier = 'ro-1' }
            'Get-BmgDeviceTag'     = @{ Name = 'tag*' }
            'Get-BmgImportHistory' = @{ Last = 1 }
            'Get-BmgOrganization'  = @{ Id = 'org1' }
            'Get-BmgTemplate'      = @{}
            'Get-BmgUser'          = @{ UserName = 'sato' }
            'Get-BmgUserHistory'   = @{ UserName = 'sato' }
            'Test-BmgHistory'      = @{}
        }
    }

    It '<Name> changes no row of any table' -ForEach $ReaderCases {
        $TypicalArguments.ContainsKey($Name) | Should -BeTrue -Because "every reader is run here with typical arguments"
        $before = Get-StoreState $Store
        $arguments = $TypicalArguments[$Name]
        foreach ($run in @(@{}, $arguments)) {
            if ($Name -eq 'Export-BmgDeviceCsv') { $run = $arguments }
            $result = Invoke-Captured { & $Name -Database $Store @run }
            $result.Terminating | Should -BeNullOrEmpty
            $result.Errors | Should -BeNullOrEmpty
        }

        $after = Get-StoreState $Store
        $after.Hash | Should -Be $before.Hash -Because "$Name only reads"
    }
}

Describe 'The per-user default store of a fresh install' {
    It 'every reader shows nothing, without an error, and creates nothing; the first writer creates the store' -Skip:(-not $IsLinux) {
        # The default location is LocalApplicationData ($XDG_DATA_HOME on Linux)/BizMobileGo/bizmobilego.db: a temporary
        # folder in a new process, with nothing named ($env:BMG_DATABASE unset, no -Database default).
        $dataHome = Join-Path $TestDrive "xdg-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $dataHome | Out-Null
        $export = Join-Path $TestDrive "default-export-$([guid]::NewGuid().ToString('N')).csv"
        $getCommands = ($Readers | Where-Object { $_ -notin 'Export-BmgDeviceCsv', 'Test-BmgHistory' } | ForEach-Object { "'$_'" }) -join ', '
        $run = Invoke-FreshPwsh @"
Remove-Item Env:BMG_DATABASE -ErrorAction Ignore
`$env:XDG_DATA_HOME = '$dataHome'
Import-Module '$env:BMG_TEST_MODULE'
`$ErrorActionPreference = 'Stop'
foreach (`$name in @($getCommands)) { 'output {0}: {1}' -f `$name, @(& `$name).Count }
Test-BmgHistory | ForEach-Object { 'history: valid {0}, {1} entries' -f `$_.Valid, `$_.Entries }
Export-BmgDeviceCsv '$export'
Get-BmgDevice -Verbose 4>&1 | ForEach-Object { "verbose: `$_" }
'created before a writer: ' + @(Get-ChildItem -Force -Recurse '$dataHome').Count
New-BmgOrganization -Id 'first' -Name 'First' | Out-Null
(Get-BmgOrganization).Id
"@

        $run.ExitCode | Should -Be 0 -Because $run.Text
        foreach ($name in $Readers | Where-Object { $_ -notin 'Export-BmgDeviceCsv', 'Test-BmgHistory' }) {
            $run.Output | Should -Contain "output ${name}: 0"
        }
        $run.Output | Should -Contain 'history: valid True, 0 entries'
        $store = Join-Path $dataHome 'BizMobileGo/bizmobilego.db'
        $run.Output | Should -Contain "verbose: Using the store '$store'."
        $run.Output | Should -Contain "verbose: No store exists yet at '$store': nothing to show; a command that writes (Import-BmgDeviceCsv, New-BmgDevice, New-BmgUser, ...) creates the store on first use."
        $run.Output | Should -Contain 'created before a writer: 0'
        $run.Output[-1] | Should -Be 'first'
        Test-Path $store | Should -BeTrue
    }
}
