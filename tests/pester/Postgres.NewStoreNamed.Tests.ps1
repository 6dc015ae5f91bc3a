# A PostgreSQL store named by mistake (thirtieth round). A mistyped ?search_path= (or a database whose schema has no store)
# made that schema and the store's tables in it without a word, and the command's changes went there unnoticed, where a
# SQLite store file made at a named path is announced (NewStoreNamed.Tests.ps1, walkthrough 29, 6). Now a writer that
# creates the store in a schema that had none warns the same way, its -WhatIf says the real run would, and nothing else
# changes: the schema and tables are made as before. PostgreSQL only (StoreSuites.psd1, PostgresOnly).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    # These tests name their stores themselves.
    $script:SavedDefault = $global:PSDefaultParameterValues['*-Bmg*:Database']
    $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
    $script:SavedDatabase = $env:BMG_DATABASE
    Remove-Item Env:BMG_DATABASE -ErrorAction Ignore

    function Get-Shown([string] $Uri) { $Uri -replace '^(postgres(?:ql)?://[^:@/]*):[^@]*@', '$1@' }
    function Get-SchemaCount([string] $Uri, [string] $Schema) {
        "$(Invoke-PostgresTestSql -Uri $Uri -Sql "SELECT count(*) FROM pg_namespace WHERE nspname = '$Schema';")".Trim()
    }
    function Get-TableCount([string] $Uri, [string] $Schema) {
        "$(Invoke-PostgresTestSql -Uri $Uri -Sql "SELECT count(*) FROM pg_tables WHERE schemaname = '$Schema';")".Trim()
    }
}

AfterAll {
    if ($null -ne $SavedDefault) { $global:PSDefaultParameterValues['*-Bmg*:Database'] = $SavedDefault }
    $env:BMG_DATABASE = $SavedDatabase
}

Describe 'A writer that creates a PostgreSQL store where one was named' {
    BeforeEach {
        Remove-Item Env:BMG_DATABASE -ErrorAction Ignore
        $script:Server = New-PostgresTestDatabase
        $script:Mistyped = "$Server`?search_path=custmers"
    }

    It 'a mistyped ?search_path= warns once that it created a new, empty store in that schema; the next command says nothing' {
        $first = Invoke-Captured { New-BmgUser -UserName 'tmp.u' -Database $Mistyped }
        $second = Invoke-Captured { New-BmgUser -UserName 'tmp.v' -Database $Mistyped }

        $first.Output.UserName | Should -Be 'tmp.u'
        @($first.Warnings) | Should -HaveCount 1
        "$($first.Warnings[0])" | Should -BeExactly ("Created a new, empty store in the schema 'custmers' of '$(Get-Shown $Mistyped)' (-Database): no store was there. " +
            "If you meant an existing store, check the URI's database and ?search_path=; the new store's tables can be dropped.")
        "$($first.Warnings[0])" | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $Server).Password)*" -Because 'the password never shows'
        $second.Warnings | Should -BeNullOrEmpty -Because 'the store was there'
        $second.Output.UserName | Should -Be 'tmp.v'
        Get-TableCount $Server 'custmers' | Should -Not -Be '0' -Because 'the store is made as before'
    }

    It '$env:BMG_DATABASE naming a database with no store warns naming $env:BMG_DATABASE and the schema public' {
        $env:BMG_DATABASE = $Server
        try {
            $result = Invoke-Captured { New-BmgDeviceTag -Name 'Sales' }
        } finally {
            Remove-Item Env:BMG_DATABASE -ErrorAction Ignore
        }

        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "Created a new, empty store in the schema 'public' of '$(Get-Shown $Server)' (`$env:BMG_DATABASE): *"
        (Get-BmgDeviceTag -Database $Server).Name | Should -Be 'Sales'
    }

    It '-WhatIf says the real run would create a new store, and makes no schema and no table' {
        $result = Invoke-Captured { New-BmgTemplate -Name 'Standard' -Database $Mistyped -WhatIf }

        $result.Terminating | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeExactly ("No store exists in the schema 'custmers' of '$(Get-Shown $Mistyped)' (-Database): the real run would create a new, " +
            "empty store there. Check the URI's database and ?search_path= if you meant an existing store.")
        Get-SchemaCount $Server 'custmers' | Should -Be '0'
    }

    It 'a writer of a store that is there says nothing of it, with -WhatIf or without' {
        New-BmgDeviceTag -Name 'Sales' -Database $Server -WarningAction Ignore | Out-Null
        (Invoke-Captured { New-BmgDeviceTag -Name 'Kiosk' -Database $Server }).Warnings | Should -BeNullOrEmpty
        (Invoke-Captured { New-BmgDeviceTag -Name 'Lobby' -Database $Server -WhatIf }).Warnings | Should -BeNullOrEmpty
    }
}
