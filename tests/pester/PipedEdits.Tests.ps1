BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1

    # $Count devices pe0001… (each with its user pu0001…) imported into a new store: piped edits of them run in batches
    # (PipedBatch's rule: 1, 2, 4, … up to 1,000 records a transaction; walkthrough 34b, finding 7).
    function New-PipedEditStore([int] $Count) {
        New-TestStore | Out-Null
        $lines = @('UserName,Name,Identifier,OS,Code,ExpirationDays') + @(1..$Count | ForEach-Object { 'pu{0:D4},User {0},pe{0:D4},ios,code{0:D4},30' -f $_ })
        $csv = Write-TestCsv "pe-$([guid]::NewGuid().ToString('N')).csv" $lines
        Import-BmgDeviceCsv -Path $csv -WarningAction SilentlyContinue | Out-Null
    }

    function Get-DeviceNames([int] $Count) { 1..$Count | ForEach-Object { 'pe{0:D4}' -f $_ } }

    # What a store's history says of the changes one command made, in a form two stores can be compared by.
    function Get-EntriesOf([string] $Command) {
        @(Get-BmgUserHistory 'pu*') + @(Get-BmgDeviceHistory 'pe*') | Where-Object Command -eq $Command |
            ForEach-Object { '{0}|{1}|{2}' -f $_.GetType().Name, $_.Subject, $_.ChangeList } | Sort-Object
    }

    # The store's write of one device fails once the change was decided and confirmed, as when another client forked the
    # change history at that moment: a trigger refuses the device's UPDATE with the error the store reports then
    # (AlreadyExists, "another client wrote the history at the same time"), past every check the planner makes.
    function Set-DeviceWriteFailure([string] $Identifier) {
        $database = $global:PSDefaultParameterValues['*-Bmg*:Database']
        if ((Get-TestStoreKind) -eq 'postgres') {
            $null = Invoke-PostgresTestSql -Uri $database -Sql (@"
CREATE FUNCTION test_write_fails() RETURNS trigger LANGUAGE plpgsql AS `$`$
BEGIN
  IF NEW.identifier = '$Identifier' THEN RAISE EXCEPTION 'test: forked history' USING ERRCODE = 'unique_violation', CONSTRAINT = 'change_history_pkey'; END IF;
  RETURN NEW;
END `$`$;
CREATE TRIGGER test_write_fails BEFORE UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION test_write_fails();
"@)
        }
        else {
            $null = Invoke-StoreSql $database "CREATE TRIGGER test_write_fails BEFORE UPDATE ON devices WHEN NEW.identifier = '$Identifier' BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: change_history.sequence'); END;"
        }
    }
}

Describe 'Piped edits committed a batch at a time' {
    It 'changes every piped device but the one refused, says one error naming it, and records one entry a device as one by one does' {
        New-PipedEditStore 300
        $names = @(Get-DeviceNames 300)
        $names[149] = 'pe-missing'
        $errors = $null
        $out = @($names | Set-BmgDevice -ExpirationDays 45 -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)

        $out.Count | Should -Be 299
        ($out | Where-Object ExpirationDays -ne 45) | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DeviceNotFound,BizMobileGo.PowerShell.SetBmgDeviceCommand'
        $errors[0].TargetObject | Should -Be 'pe-missing'
        @(Get-BmgDevice 'pe*' | Where-Object ExpirationDays -eq 45).Count | Should -Be 299
        (Get-BmgDevice pe0150).ExpirationDays | Should -Be 30

        $entries = @(Get-BmgDeviceHistory 'pe*' | Where-Object Command -eq 'Set-BmgDevice')
        $entries.Count | Should -Be 299
        ($entries | Group-Object Subject | Where-Object Count -ne 1) | Should -BeNullOrEmpty
        $entries[0].ChangeList | Should -Be 'ExpirationDays: 30 → 45'
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'with -ErrorAction Stop, leaves the devices before the refused one changed and those after it as they were' {
        New-PipedEditStore 200
        $names = @(Get-DeviceNames 200)
        $names[99] = 'pe-missing'
        { $names | Set-BmgDevice -DisplayName 'Batched' -ErrorAction Stop } | Should -Throw -ErrorId 'DeviceNotFound,BizMobileGo.PowerShell.SetBmgDeviceCommand'

        $changed = @(Get-BmgDevice 'pe*' | Where-Object DisplayName -eq 'Batched' | ForEach-Object Identifier)
        $changed.Count | Should -Be 99
        $changed | Should -Contain 'pe0099'
        $changed | Should -Not -Contain 'pe0101'
    }

    It 'says at its end, under -Verbose, how many were changed and the last one committed' {
        New-PipedEditStore 40
        $verbose = @(Get-DeviceNames 40 | Set-BmgDevice -Description 'tallied' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose[-1].Message | Should -Be "Set-BmgDevice: 40 devices changed; the last committed: 'pe0040'."
    }

    It 'removes piped devices in batches, refusing a checked-in one among them and leaving it' {
        New-PipedEditStore 120
        Register-BmgDeviceCheckIn -Identifier pe0060 -Code code0060 | Out-Null
        $errors = $null
        $removed = @(Get-DeviceNames 120 | Remove-BmgDevice -Confirm:$false -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)

        $removed.Count | Should -Be 119
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DeviceLocked,BizMobileGo.PowerShell.RemoveBmgDeviceCommand'
        @(Get-BmgDevice 'pe*').Identifier | Should -Be @('pe0060')
        @(Get-BmgDeviceHistory 'pe*' | Where-Object Command -eq 'Remove-BmgDevice').Count | Should -Be 119
    }

    It 'changes piped users in batches, as one by one' {
        New-PipedEditStore 150
        $users = @(Get-BmgUser 'pu*' | Set-BmgUser -UserDescription 'batched' -PassThru)
        $users.Count | Should -Be 150
        @(Get-BmgUser 'pu*' | Where-Object UserDescription -eq 'batched').Count | Should -Be 150
        @(Get-BmgUserHistory 'pu*' | Where-Object Command -eq 'Set-BmgUser').Count | Should -Be 150
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'removes piped users in batches, refusing each in use or locked one by name, with the history one by one gives' {
        New-PipedEditStore 120
        Register-BmgDeviceCheckIn -Identifier pe0060 -Code code0060 | Out-Null
        $refused = $null
        @('pu0001', 'pu-none', 'pu0002') | Remove-BmgUser -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
        @($refused | ForEach-Object { "$(Get-ErrorId $_) $($_.TargetObject)" }) | Should -Be @('UserInUse pu0001', 'UserNotFound pu-none', 'UserInUse pu0002')
        @(Get-BmgUser 'pu*').Count | Should -Be 120 -Because 'a user with devices is not removed without -Force'

        $errors = $null
        $removed = @(Get-BmgUser 'pu*' | Remove-BmgUser -Force -Confirm:$false -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)
        $removed.Count | Should -Be 119
        $removed[0].UserName | Should -Be 'pu0001'
        $removed[-1].UserName | Should -Be 'pu0120'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DeviceLocked,BizMobileGo.PowerShell.RemoveBmgUserCommand'
        $errors[0].TargetObject | Should -Be 'pu0060'
        @(Get-BmgUser 'pu*').UserName | Should -Be @('pu0060')
        @(Get-BmgDevice 'pe*' | Where-Object UserName).Identifier | Should -Be @('pe0060') -Because 'the removed users'' devices are unlinked'
        $piped = Get-EntriesOf 'Remove-BmgUser'
        (Test-BmgHistory).Valid | Should -BeTrue

        # The same removals one user a command, on a store made the same way: the same entries.
        New-PipedEditStore 120
        Register-BmgDeviceCheckIn -Identifier pe0060 -Code code0060 | Out-Null
        foreach ($user in @(Get-BmgUser 'pu*')) { Remove-BmgUser -UserName $user.UserName -Force -Confirm:$false -ErrorAction SilentlyContinue }
        $piped.Count | Should -Be (2 * 119) -Because 'each removed user has its entry, and its unlinked device one'
        Get-EntriesOf 'Remove-BmgUser' | Should -Be $piped
    }

    It 'previews every piped user under -WhatIf and removes none' {
        New-PipedEditStore 30
        $said = @([regex]::Matches((Get-WhatIfText { Get-BmgUser 'pu*' | Remove-BmgUser -Force -WhatIf }), "What if: .*User '(pu\d{4})'") | ForEach-Object { $_.Groups[1].Value })
        $said | Should -Be @(Get-BmgUser 'pu*').UserName -Because 'each piped user is previewed on its own, in order'
        @(Get-BmgUser 'pu*').Count | Should -Be 30
    }

    It 'a write failing mid-batch: the rest are made one by one, and each device''s warning is said once' {
        New-PipedEditStore 40
        Set-DeviceWriteFailure 'pe0030'
        $warnings = $errors = $null
        $out = @(Get-DeviceNames 40 | Set-BmgDevice -Code 'k123' -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors -WarningAction SilentlyContinue -WarningVariable warnings)

        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'AlreadyExists,BizMobileGo.PowerShell.SetBmgDeviceCommand'
        $out.Count | Should -Be 39
        @(Get-BmgDeviceHistory pe0030 | Where-Object Command -eq 'Set-BmgDevice') | Should -BeNullOrEmpty -Because 'the device whose write failed is as it was'
        @(Get-BmgDevice 'pe*' | Where-Object Identifier -ne 'pe0030' | Get-BmgDeviceHistory | Where-Object Command -eq 'Set-BmgDevice').Count | Should -Be 39
        # One short-code warning a device: the devices the broken batch had made before pe0030 are made again, not warned again.
        $named = @($warnings | ForEach-Object { [regex]::Match("$_", "device '(pe\d{4})'").Groups[1].Value })
        $named.Count | Should -Be 40 -Because 'pe0030 is warned of too, before its write fails'
        ($named | Group-Object | Where-Object Count -ne 1).Name | Should -BeNullOrEmpty
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'changes nothing under -WhatIf, piped devices too' {
        New-PipedEditStore 50
        Get-DeviceNames 50 | Set-BmgDevice -DisplayName 'NotMe' -WhatIf 6>&1 | Out-Null
        @(Get-BmgDevice 'pe*' | Where-Object DisplayName -eq 'NotMe').Count | Should -Be 0
    }
}
