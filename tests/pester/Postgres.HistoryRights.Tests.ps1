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
        $clear = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Confirm:$false -Database $kit }
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
        Clear-BmgHistory -Before (Get-Date) -Confirm:$false -Database $database
        (Test-BmgHistory -Database $database).Valid | Should -BeTrue
    }
}

# left22, item 2: README "Share one inventory" says the everyday role keeps INSERT and UPDATE on change_history_names (the
# module's INSERT ... ON CONFLICT DO UPDATE needs both), so it can rewrite a row of the names index by hand, and that
# Test-BmgHistory reports such an edit as HistoryTampered naming the name and key (BadName). That is what is shown here:
# the role as README restricts it, an edit through its own login, the check, and Clear-BmgHistory refusing the history.
Describe 'Share one inventory: the everyday role''s hand edit of the names index is caught (PostgreSQL)' {
    It 'an UPDATE of change_history_names by the restricted role makes Test-BmgHistory say HistoryTampered with BadName; Clear-BmgHistory refuses and removes nothing' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null # the owner's first command creates the tables the grants name
        $kit = New-PostgresEverydayRole -Uri $database -Revoke @(
            'REVOKE UPDATE, DELETE ON change_history, change_history_packs FROM {0};'
            'REVOKE DELETE ON change_history_names FROM {0};')
        New-BmgDevice -Identifier 'kit-old' -OS ios -Database $kit -ErrorAction Stop | Out-Null
        New-BmgDevice -Identifier 'kit-other' -OS ios -Database $kit -ErrorAction Stop | Out-Null
        Rename-BmgDevice -Identifier 'kit-old' -NewName 'kit-new' -Confirm:$false -Database $kit -ErrorAction Stop
        $key = "$((Get-BmgDevice -Identifier 'kit-new' -Database $kit).DeviceKey)"
        (Test-BmgHistory -Database $kit -ErrorAction Stop).Valid | Should -BeTrue

        # The role can't touch the entries, but it can rewrite the index: the old name now hides the renamed device's entries.
        { Invoke-PostgresTestSql -Uri $kit -Sql "UPDATE change_history SET os_user = 'intruder';" } | Should -Throw '*permission denied for table change_history*'
        $null = Invoke-PostgresTestSql -Uri $kit -Sql "UPDATE change_history_names SET subject = 'kit-hidden' WHERE subject = 'kit-old';"
        (Invoke-PostgresTestSql -Uri $database -Sql "SELECT subject FROM change_history_names WHERE subject_key = '$key';") | Should -Contain 'kit-hidden'

        $check = Invoke-Captured { Test-BmgHistory -Database $kit }
        $check.Output[0].Valid | Should -BeFalse
        $check.Output[0].FirstBadEntry | Should -BeNullOrEmpty -Because 'every entry holds: the index is what was edited'
        $check.Output[0].BadName.Kind | Should -Be 'Device'
        $check.Output[0].BadName.Key | Should -Be $key
        $check.Output[0].BadName.Name | Should -BeExactly 'kit-hidden'
        Assert-ErrorId $check.Errors 'HistoryTampered'
        "$($check.Errors[0])" | Should -BeLike "The change history was changed by hand: The names index has the Identifier 'kit-hidden' of device key $key through entry *the row was inserted or altered by hand*"

        $entries = (Invoke-PostgresTestSql -Uri $database -Sql 'SELECT count(*) FROM change_history;')[0]
        foreach ($login in $kit, $database) {
            $clear = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Confirm:$false -Database $login }
            Get-ErrorId $clear.Terminating | Should -Be 'HistoryTampered' -Because 'a history whose index does not match is not cleared, by any role'
            (Invoke-PostgresTestSql -Uri $database -Sql 'SELECT count(*) FROM change_history;')[0] | Should -Be $entries
        }
    }
}

# Walk36, finding 1: a store in a schema of its own (?search_path=team2, README "Several inventories in one database")
# opened by the everyday role before the owner granted it anything on that schema failed "could not be opened: Multiple
# exceptions occurred when consuming the result set", and step 1's lines named only public. PostgreSQL only.
Describe 'Share one inventory in a schema of its own: step 1''s lines for ?search_path=team2 (PostgreSQL)' {
    It 'a role given nothing on the schema is told the GRANT lines, naming the schema; with README''s lines for team2 it writes, reads and verifies, and may not clear the history' {
        $database = New-TestStore
        $owner = "$database`?search_path=team2"
        New-BmgTemplate -Name 'Standard' -Database $owner -WarningAction Ignore | Out-Null
        $parts = ConvertFrom-PostgresUri $database
        $role = 'bmg_team2_' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        $password = [guid]::NewGuid().ToString('N')
        $null = Invoke-PostgresTestSql -Uri $database -Sql "CREATE ROLE $role LOGIN PASSWORD '$password';"
        $kit = "postgresql://${role}:$password@$($parts.Host):$($parts.Port)/$($parts.Database)?search_path=team2"

        # -WhatIf too: the dry run's open asked for CREATE on the schema (round 37, fixs37 item 1).
        foreach ($command in { Get-BmgTemplate -Database $kit }, { New-BmgTemplate -Name 'Kit' -Database $kit }, { New-BmgTemplate -Name 'Kit' -Database $kit -WhatIf }) {
            $run = Invoke-Captured $command
            Get-ErrorId $run.Terminating | Should -Be 'StoreOpenFailure'
            $run.Terminating.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $run.Terminating.Exception.Message | Should -BeLike "*(schema 'team2') may not be read by the database user '$role': permission denied for schema team2. *ask the store's owner to run the GRANT lines*"
            $run.Terminating.Exception.Message | Should -Not -BeLike "*$password*"
        }

        # README step 1's lines for a schema of its own, as it writes them (the role in bmg_kitting's place).
        $null = Invoke-PostgresTestSql -Uri $database -Sql (@(
                "GRANT CONNECT ON DATABASE $($parts.Database) TO $role;"
                "GRANT USAGE ON SCHEMA team2 TO $role;"
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA team2 TO $role;"
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA team2 TO $role;"
                "REVOKE UPDATE, DELETE ON team2.change_history, team2.change_history_packs FROM $role;"
                "REVOKE DELETE ON team2.change_history_names FROM $role;") -join [Environment]::NewLine)

        $run = Invoke-Captured {
            New-BmgTemplate -Name 'Kit' -Database $kit -ErrorAction Stop | Out-Null
            New-BmgDevice -Identifier 'team2-01' -OS ios -Template 'Kit' -Database $kit -ErrorAction Stop | Out-Null
            Set-BmgDevice -Identifier 'team2-01' -DisplayName 'Kitted in team2' -Database $kit -ErrorAction Stop
            "device $((Get-BmgDevice -Identifier 'team2-01' -Database $kit -ErrorAction Stop).DisplayName)"
            "valid $((Test-BmgHistory -Database $kit -ErrorAction Stop).Valid)"
        }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be @('device Kitted in team2', 'valid True')
        (Get-BmgTemplate -Database $owner).Name | Sort-Object | Should -Be @('Kit', 'Standard')

        $clear = Invoke-Captured { Clear-BmgHistory -Before (Get-Date) -Confirm:$false -Database $kit }
        Get-ErrorId $clear.Terminating | Should -Be 'HistoryClearDenied'
        (Test-BmgHistory -Database $owner).Valid | Should -BeTrue
    }
}
