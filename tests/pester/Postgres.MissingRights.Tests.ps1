BeforeAll {
    . $PSScriptRoot/Common.ps1

    if ((Get-TestStoreKind) -ne 'postgres' -or -not $env:BMG_TEST_POSTGRES) {
        throw ('Postgres.MissingRights.Tests.ps1 runs on PostgreSQL only: BMG_TEST_STORE=postgres and BMG_TEST_POSTGRES (an admin URI ' +
            'of the test server) must be set, as build.ps1 Test does for its PostgreSQL run (tests/pester/StoreSuites.psd1, PostgresOnly).')
    }

    # The role name in a URI New-PostgresEverydayRole made.
    function Get-RoleOf([string] $Uri) { (ConvertFrom-PostgresUri $Uri).User }
}

# Thirty-third round (left32's notes): a database role granted less than README "Share one inventory" step 1 (a DBA who
# left out DELETE on the outbox, UPDATE or INSERT somewhere) got the server's bare "permission denied for table …" with
# advice about every right. A missing right is now StoreReadOnly (PermissionDenied, a store ErrorId of the contract) naming
# the right, the table and the GRANT that gives it; nothing is changed, and never a raw Npgsql exception. PostgreSQL only:
# it needs the server's roles.
Describe 'A role without one of the rights of step 1 is told which, on which table, and the GRANT (PostgreSQL)' {
    It 'without DELETE on checkin_emails, Clear-BmgCheckInEmail stops with StoreReadOnly naming DELETE, checkin_emails and the GRANT; the outbox is as it was' {
        $database = New-TestStore
        New-BmgDevice -Identifier 'mail-01' -OS ios -Code 'Secret1111' -RegistrationEmail 'a@example.com' | Out-Null
        Set-BmgDevice -Identifier 'mail-01' -Code 'Secret2222'   # the first email is Superseded: a final one, cleared by default
        $kit = New-PostgresEverydayRole -Uri $database -Revoke @('REVOKE DELETE ON checkin_emails FROM {0};')
        $role = Get-RoleOf $kit
        $before = @(Get-BmgCheckInEmail -Database $database | ForEach-Object { "$($_.Id) $($_.Status)" })
        $entries = (Test-BmgHistory -Database $database).Entries

        $run = Invoke-Captured { Clear-BmgCheckInEmail -Before (Get-Date) -Confirm:$false -Database $kit }
        $failure = @($run.Errors) + @($run.Terminating) | Where-Object { $_ } | Select-Object -First 1
        $failure | Should -Not -BeNullOrEmpty
        Get-ErrorId $failure | Should -BeExactly 'StoreReadOnly'
        $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failure.Exception.GetType().FullName | Should -BeExactly 'BizMobileGo.Core.Errors.BmgException'   # never a raw Npgsql exception
        $failure.Exception.Message | Should -BeLike "*step 1). This command needs DELETE on the table checkin_emails, which the user does not have*"
        $failure.Exception.Message | Should -BeLike "*the store's owner gives it with: GRANT DELETE ON public.checkin_emails TO $role; Nothing was changed."
        $failure.Exception.Message | Should -BeLike '*Nothing was changed.'
        $failure.Exception.Message | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $kit).Password)*"

        @(Get-BmgCheckInEmail -Database $database | ForEach-Object { "$($_.Id) $($_.Status)" }) | Should -Be $before
        # The clear's entry on the chain went with the refused delete (one transaction).
        (Test-BmgHistory -Database $database).Entries | Should -Be $entries

        # The GRANT the message names is the one that helps.
        $null = Invoke-PostgresTestSql -Uri $database -Sql "GRANT DELETE ON public.checkin_emails TO $role;"
        Clear-BmgCheckInEmail -Before (Get-Date) -Confirm:$false -Database $kit -ErrorAction Stop
        @(Get-BmgCheckInEmail -Database $database).Status | Should -Be @('Pending')
    }

    It 'without INSERT on checkin_emails, New-BmgDevice with a RegistrationEmail stops naming INSERT on checkin_emails; the device is not created' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $kit = New-PostgresEverydayRole -Uri $database -Revoke @('REVOKE INSERT ON checkin_emails FROM {0};')
        $role = Get-RoleOf $kit

        $run = Invoke-Captured { New-BmgDevice -Identifier 'mail-02' -OS ios -RegistrationEmail 'b@example.com' -Database $kit }
        $failure = @($run.Errors) + @($run.Terminating) | Where-Object { $_ } | Select-Object -First 1
        Get-ErrorId $failure | Should -BeExactly 'StoreReadOnly'
        $failure.Exception.Message | Should -BeLike "*needs INSERT on the table checkin_emails*GRANT INSERT ON public.checkin_emails TO $role;*"
        Get-BmgDevice -Identifier 'mail-02' -Database $database -ErrorAction Ignore | Should -BeNullOrEmpty
        @(Get-BmgDeviceHistory -Identifier 'mail-02' -Database $database -ErrorAction Ignore) | Should -HaveCount 0

        # Without an email to queue the same role creates devices: only the outbox's right is missing.
        New-BmgDevice -Identifier 'mail-03' -OS ios -Database $kit -ErrorAction Stop | Out-Null
        (Get-BmgDevice -Identifier 'mail-03' -Database $database).Identifier | Should -BeExactly 'mail-03'
    }

    It 'without UPDATE on devices, Set-BmgDevice stops naming UPDATE on devices and the GRANT; the device keeps its values' {
        $database = New-TestStore
        New-BmgDevice -Identifier 'desk-01' -OS ios -DisplayName 'Before' | Out-Null
        $kit = New-PostgresEverydayRole -Uri $database -Revoke @('REVOKE UPDATE ON devices FROM {0};')
        $role = Get-RoleOf $kit

        $run = Invoke-Captured { Set-BmgDevice -Identifier 'desk-01' -DisplayName 'After' -Database $kit }
        $failure = @($run.Errors) + @($run.Terminating) | Where-Object { $_ } | Select-Object -First 1
        Get-ErrorId $failure | Should -BeExactly 'StoreReadOnly'
        $failure.Exception.Message | Should -BeLike "*needs UPDATE on the table devices*GRANT UPDATE ON public.devices TO $role;*"
        (Get-BmgDevice -Identifier 'desk-01' -Database $database).DisplayName | Should -BeExactly 'Before'
    }

    It 'without DELETE on import_history, Clear-BmgHistory (run by a role that may clear the history) names DELETE and the import history''s table' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $file = Write-TestCsv -Name (New-CsvName 'refused') -Lines @(
            'UserName,Name,EmailAddress,Identifier,Template,OS,Serial,DisplayName,Description,RegistrationEmail,DEPMethod,Code'
            ',,,bad one,Standard,ios,,,,,,code1234')
        try { $null = Import-BmgDeviceCsv -LiteralPath $file -ErrorAction SilentlyContinue } catch { }   # refused: an import row no entry names
        New-BmgDevice -Identifier 'desk-02' -OS ios | Out-Null                           # an entry for the clear to remove
        $kit = New-PostgresEverydayRole -Uri $database -Revoke @('REVOKE DELETE ON import_history, import_history_errors FROM {0};')
        $imports = @(Get-BmgImportHistory -Database $database).Count
        $imports | Should -BeGreaterThan 0

        $run = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Confirm:$false -Database $kit }
        $failure = @($run.Errors) + @($run.Terminating) | Where-Object { $_ } | Select-Object -First 1
        Get-ErrorId $failure | Should -BeExactly 'StoreReadOnly'
        $failure.Exception.Message | Should -BeLike 'The change history''s entries were removed and the clear recorded, but the imports*were not forgotten*'
        $failure.Exception.Message | Should -BeLike '*needs DELETE on the table import_history*GRANT DELETE ON public.import_history*'
        @(Get-BmgImportHistory -Database $database).Count | Should -Be $imports
        @((Test-BmgHistory -Database $database).Clears) | Should -HaveCount 1
    }
}
