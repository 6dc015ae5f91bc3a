# A store someone named (-Database, $env:BMG_DATABASE) that is not there (walkthrough 29, finding 6). A typo or a path
# relative to another folder than meant made a new, empty store, and even its folders, and the command's changes went
# into it unnoticed: only -Verbose said "Using the store ...". Now a writer refuses a named store in a folder that does
# not exist (DirectoryNotFound, as Out-File and Export-Csv do; nothing made), and warns when it creates a new store where
# one was named; the per-user default store's folder is still made, and its first writer warns once, since an admin of a
# shared inventory who forgot the profile's $env:BMG_DATABASE line would fill it unnoticed (walkthrough 44, 7). SQLite files only: a PostgreSQL
# database that does not exist is refused by the server (StoreOpenFailure), so a mistyped URI makes nothing there.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    # These tests name their stores themselves.
    $script:SavedDefault = $global:PSDefaultParameterValues['*-Bmg*:Database']
    $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
    $script:SavedDatabase = $env:BMG_DATABASE
    Remove-Item Env:BMG_DATABASE -ErrorAction Ignore

    function Assert-DirectoryNotFound($Result, [string] $Store) {
        $folder = Split-Path $Store
        Get-ErrorId $Result.Terminating | Should -Be 'DirectoryNotFound'
        $Result.Terminating.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $Result.Terminating.TargetObject | Should -Be $Store
        $Result.Terminating.Exception.Message | Should -BeLike "The store '$Store' can't be created: the folder '$folder' does not exist*Nothing was created.*New-Item -ItemType Directory -Path '$folder'*"
        $Result.Output | Should -BeNullOrEmpty
    }
}

BeforeDiscovery {
    # Writers whose -WhatIf opens the store as the real run does (round 29: New-BmgTemplate, -DeviceTag and -Organization
    # planned "Create" in a folder that is not there, and did not say a new store would be made).
    $script:WhatIfWriters = @(
        @{ Command = 'New-BmgUser'; Run = { param($db) New-BmgUser -UserName 'tmp.u' -Database $db -WhatIf } }
        @{ Command = 'New-BmgDevice'; Run = { param($db) New-BmgDevice -Identifier 'acme-ip13' -OS ios -Database $db -WhatIf } }
        @{ Command = 'New-BmgTemplate'; Run = { param($db) New-BmgTemplate -Name 'Standard' -Database $db -WhatIf } }
        @{ Command = 'New-BmgDeviceTag'; Run = { param($db) New-BmgDeviceTag -Name 'Lobby' -Database $db -WhatIf } }
        @{ Command = 'New-BmgOrganization'; Run = { param($db) New-BmgOrganization -Id 'acme' -Name 'Acme' -Database $db -WhatIf } }
    )
}

AfterAll {
    if ($null -ne $SavedDefault) { $global:PSDefaultParameterValues['*-Bmg*:Database'] = $SavedDefault }
    $env:BMG_DATABASE = $SavedDatabase
}

Describe 'A writer given a store in a folder that does not exist' {
    BeforeEach {
        Remove-Item Env:BMG_DATABASE -ErrorAction Ignore
        $script:Folder = Join-Path $TestDrive "named-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $Folder | Out-Null
    }

    It '<Command> -Database ./custmers/acme.db: DirectoryNotFound naming the store and its folder; no folder, no file' -ForEach @(
        @{ Command = 'New-BmgUser'; Run = { param($db) New-BmgUser -UserName 'tmp.u' -Database $db } }
        @{ Command = 'New-BmgDevice'; Run = { param($db) New-BmgDevice -Identifier 'acme-ip13' -OS ios -Database $db } }
        @{ Command = 'Import-BmgDeviceCsv'; Run = { param($db) Import-BmgDeviceCsv -LiteralPath (Write-TestCsv (New-CsvName) @('Identifier,OS', 'acme-ip14,ios')) -Database $db } }
        @{ Command = 'Remove-BmgDeviceTag'; Run = { param($db) Remove-BmgDeviceTag -Name 'none' -Confirm:$false -Database $db } }
    ) {
        Push-Location $Folder
        try {
            $result = Invoke-Captured { & $Run './custmers/acme.db' }
        } finally {
            Pop-Location
        }

        Assert-DirectoryNotFound $result (Join-Path $Folder 'custmers/acme.db')
        @(Get-ChildItem -LiteralPath $Folder -Force) | Should -BeNullOrEmpty
    }

    It '<Command> -WhatIf refuses it too (the real run would), and makes nothing' -ForEach $WhatIfWriters {
        $store = Join-Path $Folder 'custmers/acme.db'
        $result = Invoke-Captured { & $Run $store }

        Assert-DirectoryNotFound $result $store
        @(Get-ChildItem -LiteralPath $Folder -Force) | Should -BeNullOrEmpty
    }

    It 'a relative $env:BMG_DATABASE is resolved against the current location: from a subfolder it names a folder that is not there' {
        New-Item -ItemType Directory (Join-Path $Folder 'data'), (Join-Path $Folder 'sub') | Out-Null
        $env:BMG_DATABASE = './data/acme.db'
        Push-Location $Folder
        try {
            New-BmgTemplate -Name 'Standard' -WarningAction Ignore | Out-Null
            Set-Location ./sub
            $result = Invoke-Captured { New-BmgDevice -Identifier 'acme-ip13' -OS ios -Template 'Standard' }
        } finally {
            Pop-Location
        }

        Assert-DirectoryNotFound $result (Join-Path $Folder 'sub/data/acme.db')
        @(Get-ChildItem -LiteralPath (Join-Path $Folder 'sub') -Force) | Should -BeNullOrEmpty
        (Get-BmgTemplate -Database (Join-Path $Folder 'data/acme.db')).Name | Should -Be 'Standard'
    }

    It 'a path whose folder is a file: DirectoryNotFound saying so, the file unchanged' {
        $file = Join-Path $Folder 'customers'
        Set-Content -LiteralPath $file -Value 'notes'
        $result = Invoke-Captured { New-BmgUser -UserName 'tmp.u' -Database (Join-Path $file 'acme.db') }

        Get-ErrorId $result.Terminating | Should -Be 'DirectoryNotFound'
        $result.Terminating.Exception.Message | Should -BeLike "*'$file' is not a folder*"
        Get-Content -LiteralPath $file | Should -Be 'notes'
    }
}

Describe 'A writer that creates a store where one was named' {
    BeforeEach {
        Remove-Item Env:BMG_DATABASE -ErrorAction Ignore
        $script:Folder = Join-Path $TestDrive "named-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $Folder | Out-Null
    }

    It 'a typo (-Database ./acem.db) warns once that it created a new, empty store there, naming the full path' {
        Push-Location $Folder
        try {
            $first = Invoke-Captured { New-BmgUser -UserName 'tmp.u' -Database ./acem.db }
            $second = Invoke-Captured { New-BmgUser -UserName 'tmp.v' -Database ./acem.db }
        } finally {
            Pop-Location
        }

        $store = Join-Path $Folder 'acem.db'
        $first.Output.UserName | Should -Be 'tmp.u'
        @($first.Warnings) | Should -HaveCount 1
        "$($first.Warnings[0])" | Should -BeExactly ("Created a new, empty store at '$store' (-Database): no store was there. If you meant an existing store, " +
            'check the path (a relative path is resolved against the current location); the new store can be deleted.')
        $second.Warnings | Should -BeNullOrEmpty -Because 'the store was there'
        $second.Output.UserName | Should -Be 'tmp.v'
    }

    It 'a store made by a writer that changed nothing, kept open, is no longer new to the next command' {
        $store = Join-Path $Folder 'kept.db'
        $made = Invoke-Captured { Remove-BmgDeviceTag -Name 'none' -Confirm:$false -ErrorAction Ignore -Database $store }
        $next = Invoke-Captured { New-BmgDeviceTag -Name 'Sales' -Database $store }

        @($made.Warnings) | Should -HaveCount 1
        "$($made.Warnings[0])" | Should -BeLike "Created a new, empty store at '$store'*"
        $next.Warnings | Should -BeNullOrEmpty
    }

    It 'a relative $env:BMG_DATABASE, from another folder, warns naming the store it made and $env:BMG_DATABASE' {
        New-Item -ItemType Directory (Join-Path $Folder 'sub') | Out-Null
        $env:BMG_DATABASE = './acme.db'
        Push-Location $Folder
        try {
            New-BmgTemplate -Name 'Standard' -WarningAction Ignore | Out-Null
            Set-Location ./sub
            $result = Invoke-Captured { New-BmgDeviceTag -Name 'Sales' }
        } finally {
            Pop-Location
        }

        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "Created a new, empty store at '$(Join-Path $Folder 'sub/acme.db')' (`$env:BMG_DATABASE): *"
    }

    It '<Command> -WhatIf says the real run would create a new store, and makes nothing' -ForEach $WhatIfWriters {
        $store = Join-Path $Folder 'new.db'
        $result = Invoke-Captured { & $Run $store }

        $result.Terminating | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeExactly "No store exists at '$store' (-Database): the real run would create a new, empty store there. Check the path if you meant an existing store."
        @(Get-ChildItem -LiteralPath $Folder -Force) | Should -BeNullOrEmpty
    }

    It 'a writer of a store that is there says nothing of it' {
        $store = Join-Path $Folder 'acme.db'
        New-BmgDeviceTag -Name 'Sales' -Database $store -WarningAction Ignore | Out-Null
        (Invoke-Captured { New-BmgDeviceTag -Name 'Kiosk' -Database $store }).Warnings | Should -BeNullOrEmpty
        (Invoke-Captured { New-BmgDeviceTag -Name 'Lobby' -Database $store -WhatIf }).Warnings | Should -BeNullOrEmpty
    }
}

Describe 'The per-user default store (nothing named)' {
    It 'the first writer makes its folder and the store and warns once, naming the file and $env:BMG_DATABASE; later commands say nothing' -Skip:(-not $IsLinux) {
        # An admin of a shared inventory whose console lacks the profile's $env:BMG_DATABASE line (walkthrough 44, 7).
        $dataHome = Join-Path $TestDrive "xdg-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $dataHome | Out-Null
        $run = Invoke-FreshPwsh @"
Remove-Item Env:BMG_DATABASE -ErrorAction Ignore
`$env:XDG_DATA_HOME = '$dataHome'
Import-Module '$env:BMG_TEST_MODULE'
`$ErrorActionPreference = 'Stop'
New-BmgOrganization -Id 'dry' -Name 'Dry' -WhatIf 3>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.WarningRecord]) { "dry warning: `$_" } }
New-BmgOrganization -Id 'first' -Name 'First' 3>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.WarningRecord]) { "first warning: `$_" } }
New-BmgOrganization -Id 'second' -Name 'Second' 3>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.WarningRecord]) { "second warning: `$_" } }
(Get-BmgOrganization).Id -join ','
"@

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $store = Join-Path $dataHome 'BizMobileGo/bizmobilego.db'
        $which = "'$store', your per-user store (no -Database, no `$env:BMG_DATABASE)"
        $shared = 'To work in a shared store, set $env:BMG_DATABASE to its postgresql:// URI or path in your PowerShell profile ($PROFILE)'
        @($run.Output | Where-Object { "$_" -like 'dry warning:*' }) | Should -Be @(
            "dry warning: No store exists at ${which}: the real run would create a new, empty store there, yours alone. $shared.")
        @($run.Output | Where-Object { "$_" -like 'first warning:*' }) | Should -Be @(
            "first warning: Created a new, empty store at ${which}: this command's changes are there, yours alone. $shared, and run the command again.")
        @($run.Output | Where-Object { "$_" -like 'second warning:*' }) | Should -BeNullOrEmpty -Because 'the store was there'
        $run.Output[-1] | Should -Be 'first,second'
        Test-Path $store | Should -BeTrue
    }
}
