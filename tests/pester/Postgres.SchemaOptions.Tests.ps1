# libpq's usual way to choose a schema, options=-csearch_path=<schema> (or PGOPTIONS), was taken and then overridden by
# the module's own search_path: the command read and wrote the public schema's store while the location shown said the
# other (walkthrough 31, 7). Now the search_path options set names the store's schema, by ?search_path='s rules; a URI
# that names two schemas is refused. PostgreSQL only (StoreSuites.psd1, PostgresOnly).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:SavedDefault = $global:PSDefaultParameterValues['*-Bmg*:Database']
    $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
    $script:SavedOptions = $env:PGOPTIONS
}

AfterAll {
    if ($null -ne $SavedDefault) { $global:PSDefaultParameterValues['*-Bmg*:Database'] = $SavedDefault }
    $env:PGOPTIONS = $SavedOptions
}

Describe 'a schema chosen by libpq options' {
    BeforeEach {
        Remove-Item Env:PGOPTIONS -ErrorAction Ignore
        $script:Server = New-PostgresTestDatabase
        New-BmgTemplate -Name 'PublicOnly' -Database $Server -WarningAction Ignore | Out-Null
        New-BmgTemplate -Name 'OsakaOnly' -Database "$Server`?search_path=osaka" -WarningAction Ignore | Out-Null
    }

    AfterEach { Remove-Item Env:PGOPTIONS -ErrorAction Ignore }

    It '?options=<Options> reads and writes the osaka store' -ForEach @(
        @{ Options = '-csearch_path%3Dosaka' }
        @{ Options = '-c%20search_path%3DOsaka' }
        @{ Options = '-cstatement_timeout%3D5000%20--search-path%3Dosaka' }
    ) {
        $uri = "$Server`?options=$Options"
        (Get-BmgTemplate -Database $uri).Name | Should -Be @('OsakaOnly')
        New-BmgTemplate -Name 'ByOptions' -Database $uri | Out-Null

        (Get-BmgTemplate -Database "$Server`?search_path=osaka").Name | Should -Be @('ByOptions', 'OsakaOnly')
        (Get-BmgTemplate -Database $Server).Name | Should -Be @('PublicOnly') -Because 'nothing went to the public store'
    }

    It 'PGOPTIONS chooses the schema when the URI names none; ?search_path= in the URI outweighs it' {
        $env:PGOPTIONS = '-c search_path=osaka'
        (Get-BmgTemplate -Database $Server).Name | Should -Be @('OsakaOnly')
        (Get-BmgTemplate -Database "$Server`?search_path=public").Name | Should -Be @('PublicOnly')
    }

    It 'a URI whose options and ?search_path= name two schemas is refused, naming both; nothing is read or made' {
        $result = Invoke-Captured { Get-BmgTemplate -Database "$Server`?options=-csearch_path%3Dosaka&search_path=tokyo" }

        $result.Output | Should -BeNullOrEmpty
        "$($result.Terminating.FullyQualifiedErrorId)" | Should -BeLike 'InvalidStoreUri,*'
        "$($result.Terminating.Exception.Message)" | Should -BeLike "*options sets search_path 'osaka' and ?search_path= names 'tokyo': name the store's schema once, with ?search_path=*"
        "$($result.Terminating.Exception.Message)" | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $Server).Password)*"
        "$(Invoke-PostgresTestSql -Uri $Server -Sql "SELECT count(*) FROM pg_namespace WHERE nspname = 'tokyo';")".Trim() | Should -Be '0'
    }

    It 'a search_path in options that is no one schema is refused by ?search_path=''s rule' {
        $result = Invoke-Captured { Get-BmgTemplate -Database "$Server`?options=-csearch_path%3Dosaka%2Cpublic" }
        "$($result.Terminating.FullyQualifiedErrorId)" | Should -BeLike 'InvalidStoreUri,*'
        "$($result.Terminating.Exception.Message)" | Should -BeLike "*the search_path that options sets 'osaka,public' must name one schema*"
    }
}
