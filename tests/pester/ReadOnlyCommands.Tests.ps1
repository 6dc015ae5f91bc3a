# A command that only reads never creates a store (a new user's walkthrough, finding P9). A mistyped -Database for a
# Get- used to leave new folders and an empty store file behind and showed an empty inventory; now a store someone
# named (-Database, $env:BMG_DATABASE) that does not exist is StoreNotFound, and the per-user default location of a
# fresh install reads as empty. Either way nothing is created: no folder, no file, no -wal/-shm. SQLite files only:
# a PostgreSQL database must exist anyway (README, Decisions).

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
        'Clear-BmgHistory', 'Import-BmgDepDevice', 'Import-BmgDeviceCsv', 'New-BmgDevice', 'New-BmgDeviceTag',
        'New-BmgOrganization', 'New-BmgTemplate', 'New-BmgUser', 'Register-BmgDeviceCheckIn', 'Remove-BmgDepDevice',
        'Remove-BmgDevice', 'Remove-BmgDeviceTag', 'Remove-BmgOrganization', 'Remove-BmgTemplate', 'Remove-BmgUser',
        'Rename-BmgDeviceTag', 'Rename-BmgOrganization', 'Rename-BmgTemplate', 'Send-BmgCheckInEmail', 'Set-BmgDepProfile',
        'Set-BmgDevice', 'Set-BmgDeviceDepEnrollment', 'Set-BmgUser', 'Unregister-BmgDevice'
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

    It 'a writer still creates the store on first use, and a reader then finds what it wrote' {
        $store = Join-Path $Folder 'new/devices.db'
        New-BmgOrganization -Id 'org1' -Name 'Org 1' -Database $store | Out-Null
        Test-Path $store | Should -BeTrue
        (Get-BmgOrganization -Database $store).Id | Should -Be 'org1'

        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'ro-dev1,ios')
        $imported = Join-Path $Folder 'imported/devices.db'
        Import-BmgDeviceCsv $csv -Database $imported | Out-Null
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
