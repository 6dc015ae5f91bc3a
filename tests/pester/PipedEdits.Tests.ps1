BeforeAll {
    . $PSScriptRoot/Common.ps1

    # $Count devices pe0001… (each with its user pu0001…) imported into a new store: piped edits of them run in batches
    # (PipedBatch's rule: 1, 2, 4, … up to 1,000 records a transaction; walkthrough 34b, finding 7).
    function New-PipedEditStore([int] $Count) {
        New-TestStore | Out-Null
        $lines = @('UserName,Name,Identifier,OS,Code,ExpirationDays') + @(1..$Count | ForEach-Object { 'pu{0:D4},User {0},pe{0:D4},ios,code{0:D4},30' -f $_ })
        $csv = Write-TestCsv "pe-$([guid]::NewGuid().ToString('N')).csv" $lines
        Import-BmgDeviceCsv -Path $csv -WarningAction SilentlyContinue | Out-Null
    }

    function Get-DeviceNames([int] $Count) { 1..$Count | ForEach-Object { 'pe{0:D4}' -f $_ } }
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

    It 'changes nothing under -WhatIf, piped devices too' {
        New-PipedEditStore 50
        Get-DeviceNames 50 | Set-BmgDevice -DisplayName 'NotMe' -WhatIf 6>&1 | Out-Null
        @(Get-BmgDevice 'pe*' | Where-Object DisplayName -eq 'NotMe').Count | Should -Be 0
    }
}
