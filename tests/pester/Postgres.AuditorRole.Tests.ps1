BeforeAll {
    . $PSScriptRoot/Common.ps1

    if ((Get-TestStoreKind) -ne 'postgres' -or -not $env:BMG_TEST_POSTGRES) {
        throw ('Postgres.AuditorRole.Tests.ps1 runs on PostgreSQL only: BMG_TEST_STORE=postgres and BMG_TEST_POSTGRES (an admin URI ' +
            'of the test server) must be set, as build.ps1 Test does for its PostgreSQL run (tests/pester/StoreSuites.psd1, PostgresOnly).')
    }
}

# Walkthrough 27, finding 9: README "Share one inventory" documents a read-only role for an auditor (CONNECT, USAGE on the
# schema, SELECT on the tables). What it can run is shown here; its writes are refused as StoreReadOnly ("can be read but
# not written"), not as StoreOpenFailure with advice to grant it the rights it is meant not to have.
Describe 'Share one inventory: a read-only (auditor) role (PostgreSQL)' {
    It 'reads, exports and verifies the history; a write is StoreReadOnly naming the read-only role, and changes nothing' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDevice -Identifier 'aud01' -OS ios -Code 'AudCode12' | Out-Null
        Set-BmgDevice -Identifier 'aud01' -DisplayName 'Audited' | Out-Null
        $head = (Test-BmgHistory).HeadHash
        # README's auditor lines: the everyday role's GRANT lines with SELECT alone (no write, no sequence).
        $audit = New-PostgresEverydayRole -Uri $database -Revoke @(
            'REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM {0};'
            'REVOKE USAGE ON ALL SEQUENCES IN SCHEMA public FROM {0};')
        $csv = Join-Path $TestDrive 'audit-export.csv'
        $rows = Write-TestCsv (New-CsvName 'audit') @('Identifier,OS', 'aud02,ios')

        $reads = Invoke-Captured {
            "device $((Get-BmgDevice -Identifier 'aud01' -Database $audit -ErrorAction Stop).DisplayName)"
            "history $(@(Get-BmgDeviceHistory -Identifier 'aud01' -Database $audit -ErrorAction Stop).Count)"
            "valid $((Test-BmgHistory -KnownHash $head -Database $audit -ErrorAction Stop).Valid)"
            "imports $(@(Get-BmgImportHistory -Database $audit -ErrorAction Stop).Count)"
            "dep $((Get-BmgDeviceDepLink -Identifier 'aud01' -Database $audit -ErrorAction Stop).State)"
            Export-BmgDeviceCsv -Path $csv -Database $audit -ErrorAction Stop
            "exported $(@(Import-Csv $csv).Count)"
        }
        $reads.Terminating | Should -BeNullOrEmpty
        $reads.Errors | Should -BeNullOrEmpty
        $reads.Output | Should -Be @('device Audited', 'history 2', 'valid True', 'imports 0', 'dep Registered', 'exported 1')

        $before = Get-StoreSnapshot
        $entries = (Invoke-PostgresTestSql -Uri $database -Sql 'SELECT count(*) FROM change_history;')[0]
        $role = (ConvertFrom-PostgresUri $audit).User
        foreach ($write in @(
                { New-BmgTemplate -Name 'Audited' -Database $audit }
                # -WhatIf makes the change in a savepoint it rolls back: the same writes, refused alike.
                { Import-BmgDeviceCsv -Path $rows -WhatIf -Database $audit }
                # A real import's first statement takes its import history Id (nextval: USAGE on the sequence, thirty-sixth round).
                { Import-BmgDeviceCsv -Path $rows -Database $audit }
                { Register-BmgDeviceCheckIn -Identifier 'aud01' -Code 'AudCode12' -Database $audit }
                { Register-BmgDeviceCheckIn -Identifier 'aud01' -Code 'WrongCode1' -Database $audit })) {
            $refused = Invoke-Captured $write
            Get-ErrorId $refused.Terminating | Should -Be 'StoreReadOnly' -Because "$write"
            $refused.Terminating.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $message = $refused.Terminating.Exception.Message
            $message | Should -BeLike "The store '*' can be read but not written by the database user '$role': permission denied for *. A read-only role (README, Share one inventory: an auditor's role) runs the Get- cmdlets, Test-BmgHistory and Export-BmgDeviceCsv, and no change, nor its -WhatIf; *Nothing was changed."
            $message | Should -Not -BeLike '*ask the store''s owner to run the GRANT lines for this user*'
            $message | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $audit).Password)*"
            $message | Should -Not -BeLike '*AudCode12*'
            if ("$write" -like '*Import-BmgDeviceCsv -Path $rows -Database*') {
                # The Id's nextval refused by the store's own mapping of a write transaction's refusal, word for word as the
                # reservation's own catch said it (round 37, fixs37 item 4: that catch is gone).
                $message | Should -BeLike "*by the database user '$role': permission denied for sequence import_history_import_id_seq. A read-only role *USAGE on their sequences: README, Share one inventory, step 1). Nothing was changed."
            }
        }

        Get-StoreSnapshot | Should -Be $before
        (Invoke-PostgresTestSql -Uri $database -Sql 'SELECT count(*) FROM change_history;')[0] | Should -Be $entries
        (Invoke-PostgresTestSql -Uri $database -Sql 'SELECT count(*) FROM checkin_failures;')[0] | Should -Be '0'
    }
}
