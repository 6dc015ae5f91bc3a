BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1

    if ((Get-TestStoreKind) -ne 'postgres' -or -not $env:BMG_TEST_POSTGRES) {
        throw ('Postgres.HistoryRights.Tests.ps1 runs on PostgreSQL only: BMG_TEST_STORE=postgres and BMG_TEST_POSTGRES (an admin URI ' +
            'of the test server) must be set, as build.ps1 Test does for its PostgreSQL run (tests/pester/StoreSuites.psd1, PostgresOnly).')
    }
}

# Walkthrough 19, finding 4: README "Share one inventory" grants the everyday role UPDATE and DELETE on every table, the
# change history's too, so every admin's login can rewrite the history by hand. The history needs less: the everyday
# commands only add to it (INSERT, SELECT; change_history_names keeps past names with INSERT ... ON CONFLICT DO UPDATE,
# so it keeps UPDATE), and only Clear-BmgHistory removes entries. PostgreSQL only: it needs the server's roles.
Describe 'Share one inventory: an everyday role that can''t rewrite the change history (PostgreSQL)' {
    It 'without UPDATE and DELETE on change_history and change_history_packs it imports, edits, renames, checks in and removes; Clear-BmgHistory is refused naming the right' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $kit = New-PostgresEverydayRole -Uri $database -Revoke @(
            'REVOKE UPDATE, DELETE ON change_history, change_history_packs FROM {0};'
            'REVOKE DELETE ON change_history_names FROM {0};')

        $run = Invoke-Captured {
            # Enough rows for the history's packs (a run of created records' entries) and several chunks.
            $file = New-DeviceCsv -Path (Join-Path $TestDrive 'kit.csv') -Prefix 'kitu' -Count 2500
            "import $((Import-BmgDeviceCsv -LiteralPath $file -Database $kit -ErrorAction Stop).Created)"
            $seed = Write-TestCsv -Name (New-CsvName 'kit-one') -Lines @(
                'UserName,Name,EmailAddress,Identifier,Template,OS,Serial,DisplayName,Description,RegistrationEmail,DEPMethod,Code'
                ',,,kit01,Standard,ios,,Kit device,,,,kit12345')
            "import $((Import-BmgDeviceCsv -LiteralPath $seed -Database $kit -ErrorAction Stop).Created)"
            Set-BmgDevice -Identifier 'kitu000001' -DisplayName 'Changed by the kitting user' -Database $kit -ErrorAction Stop
            Rename-BmgDevice -Identifier 'kitu000002' -NewName 'kitu-renamed' -Confirm:$false -Database $kit -ErrorAction Stop
            "checkin $((Register-BmgDeviceCheckIn -Identifier 'kit01' -Code 'kit12345' -Database $kit -ErrorAction Stop).State)"
            Remove-BmgDevice -Identifier 'kitu000003' -Confirm:$false -Database $kit -ErrorAction Stop
            "history $(@(Get-BmgDeviceHistory -Identifier 'kitu000002' -Database $kit -ErrorAction Stop).Count)"
            "valid $((Test-BmgHistory -Database $kit -ErrorAction Stop).Valid)"
        }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be @('import 2500', 'import 1', 'checkin CheckedIn', 'history 2', 'valid True')

        $entries = (Invoke-PostgresTestSql -Uri $database -Sql 'SELECT count(*) FROM change_history;')[0]
        $clear = Invoke-Captured { Clear-BmgHistory -Before (Get-Date).AddDays(1) -Confirm:$false -Database $kit }
        $clear.Errors | Should -BeNullOrEmpty
        # Walkthrough 22, 4: its own ErrorId (the store opened and was read), and the owner's role as the advice, never the
        # rights the README revokes on purpose.
        Get-ErrorId $clear.Terminating | Should -Be 'HistoryClearDenied'
        $clear.Terminating.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $clear.Terminating.Exception.Message | Should -BeLike '*permission denied for table change_history*'
        $clear.Terminating.Exception.Message | Should -BeLike '*run Clear-BmgHistory as the store''s owner role. Nothing was changed.'
        $clear.Terminating.Exception.Message | Should -Not -BeLike '*UPDATE, DELETE on its tables*'
        $clear.Terminating.Exception.Message | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $kit).Password)*"
        (Invoke-PostgresTestSql -Uri $database -Sql 'SELECT count(*) FROM change_history;')[0] | Should -Be $entries
        (Test-BmgHistory -Database $database).Valid | Should -BeTrue

        # The owner still clears.
        Clear-BmgHistory -Before (Get-Date).AddDays(1) -Confirm:$false -Database $database
        (Test-BmgHistory -Database $database).Valid | Should -BeTrue
    }
}
