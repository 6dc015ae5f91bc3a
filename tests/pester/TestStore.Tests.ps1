# New-TestStore hands each test a store of the kind the run is for: a file path under $TestDrive on SQLite,
# a new, empty database on the PostgreSQL test server (BMG_TEST_STORE=postgres, build.ps1 Test's second run).

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'New-TestStore' {
    It 'gives each call a store of its own, used by the Bmg cmdlets by default' {
        $first = New-TestStore
        $second = New-TestStore
        $first | Should -Not -Be $second
        $global:PSDefaultParameterValues['*-Bmg*:Database'] | Should -Be $second
    }

    # Discovery runs before BeforeAll, so the run's kind is read from the environment here.
    if ($env:BMG_TEST_STORE -ne 'postgres') {
        It 'gives a path under $TestDrive where a new, empty store is already made, on SQLite (so no test''s first write warns of it)' {
            $path = New-TestStore
            $path | Should -BeLike "$TestDrive*"
            Test-Path -LiteralPath $path | Should -BeTrue
            @(Get-BmgDeviceTag) | Should -HaveCount 0
            (Invoke-Captured { New-BmgDeviceTag -Name 'first' }).Warnings | Should -BeNullOrEmpty
        }
    } else {
        It 'gives the URI of a new database on the test server with an empty store already made, on PostgreSQL (so no test''s first write warns of it); -Empty: the database alone' {
            $uri = New-TestStore
            $uri | Should -Match '^postgresql://[^:]+:[^@]+@127\.0\.0\.1:\d+/bmg_test_[0-9a-f]{16}$'
            $database = ($uri -split '/')[-1]
            Invoke-PostgresTestSql -Sql 'SELECT current_database();' -Uri $uri | Should -Be $database
            @(Get-BmgDeviceTag) | Should -HaveCount 0
            (Invoke-Captured { New-BmgDeviceTag -Name 'first' }).Warnings | Should -BeNullOrEmpty

            $empty = New-TestStore -Empty
            $empty | Should -Not -Be $uri
            Invoke-PostgresTestSql -Sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';" -Uri $empty | Should -Be '0'
        }
    }
}
