BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The store files this process holds open, as Linux lists its descriptors.
    function Get-OpenStoreHandles([string] $Path) {
        @(Get-ChildItem "/proc/$PID/fd" -ErrorAction SilentlyContinue |
            Where-Object { $_.LinkTarget -eq $Path })
    }
}

# Issue 12.2: a script calling look-ups in a loop opens the store once; the kept store must never show
# anything but the file as it is now.
Describe '12.2 stores kept open between commands' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgDevice -Identifier 'first001' -OS ios -Serial 'F1RST0000001' | Out-Null
    }

    It '12.2 a look-up leaves the store open for the next command, and a command that writes closes it' {
        (Get-BmgDeviceDepLink -Serial 'F1RST0000001').Identifier | Should -Be 'first001'
        @(Get-OpenStoreHandles $Database).Count | Should -Be 1 -Because 'the look-up kept its store open'
        New-BmgDevice -Identifier 'second001' -OS ios | Out-Null
        @(Get-OpenStoreHandles $Database).Count | Should -Be 0 -Because 'after a change nothing holds the file (checkpoint, remount, unmount)'
        Test-Path "$Database-wal" | Should -BeFalse -Because 'the last connection closed and SQLite removed its -wal file'
    }

    It '12.2 a kept store sees what another process wrote since' {
        (Get-BmgDevice -Identifier 'first001').Identifier | Should -Be 'first001'
        $child = Invoke-FreshPwsh "Import-Module '$env:BMG_TEST_MODULE'; New-BmgDevice -Identifier 'other001' -OS ios -Serial 'OTHER0000001' -Database '$Database' | Out-Null"
        $child.ExitCode | Should -Be 0 -Because $child.Text
        (Get-BmgDeviceDepLink -Serial 'OTHER0000001').Identifier | Should -Be 'other001'
        (Get-BmgDevice).Identifier | Should -Be @('first001', 'other001')
    }

    It '12.2 a store file replaced between look-ups is opened afresh, never read through the old connection' {
        (Get-BmgDevice -Identifier 'first001').Identifier | Should -Be 'first001'
        $other = Join-Path $TestDrive 'replacement.db'
        New-BmgDevice -Identifier 'replaced001' -OS ios -Database $other | Out-Null
        Move-Item -LiteralPath $other -Destination $Database -Force
        (Get-BmgDevice).Identifier | Should -Be 'replaced001'
    }

    It '12.2 a store file replaced while the look-up that opened it ran is opened afresh for the next command' {
        $other = Join-Path $TestDrive 'replacement.db'
        New-BmgDevice -Identifier 'replaced001' -OS ios -Database $other | Out-Null
        # The write before closed the store, so this look-up opens it afresh; its output is handled while it still holds the store.
        Get-BmgDevice -Identifier 'first001' | ForEach-Object { Move-Item -LiteralPath $other -Destination $Database -Force }
        (Get-BmgDevice).Identifier | Should -Be 'replaced001' -Because 'the old connection would read the unlinked file'
    }

    It '12.2 a store file deleted between look-ups is not read through the kept connection; the next writer makes a new one' {
        (Get-BmgDevice -Identifier 'first001').Identifier | Should -Be 'first001'
        Remove-Item -LiteralPath $Database
        $caught = $null
        try { Get-BmgDevice -ErrorAction Stop | Out-Null } catch { $caught = $_ }
        Get-ErrorId $caught | Should -Be 'StoreNotFound' -Because 'a look-up never creates a store, and never reads the deleted one'
        Test-Path $Database | Should -BeFalse
        New-BmgTemplate -Name 'After' | Out-Null
        @(Get-BmgDevice).Count | Should -Be 0
        (Get-BmgTemplate).Name | Should -Be 'After'
    }

    It '12.2 a store made unreadable between look-ups is refused as before' {
        (Get-BmgDevice -Identifier 'first001').Identifier | Should -Be 'first001'
        Set-Content -LiteralPath $Database -Value 'not a database' -NoNewline
        Remove-Item "$Database-wal", "$Database-shm" -ErrorAction SilentlyContinue
        $caught = $null
        try { Get-BmgDevice -ErrorAction Stop | Out-Null } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        Get-ErrorId $caught | Should -Be 'StoreNotRecognized'
    }

    It '12.2 at most four stores stay open, the ones used last' {
        $stores = foreach ($n in 1..5) {
            $path = Join-Path $TestDrive "kept-$n-$([guid]::NewGuid().ToString('N')).db"
            New-BmgTemplate -Name 'Standard' -Database $path | Out-Null
            Get-BmgTemplate -Database $path | Out-Null
            $path
        }
        @(Get-OpenStoreHandles $stores[0]).Count | Should -Be 0 -Because 'the store used longest ago was closed'
        foreach ($path in $stores[1..4]) { @(Get-OpenStoreHandles $path).Count | Should -Be 1 -Because $path }
    }

    It '12.2 Remove-Module closes the stores it kept open' {
        Get-BmgDevice | Out-Null
        @(Get-OpenStoreHandles $Database).Count | Should -Be 1
        Remove-Module BizMobileGo
        try {
            @(Get-OpenStoreHandles $Database).Count | Should -Be 0
        } finally {
            Import-Module $env:BMG_TEST_MODULE -Force
        }
    }
}

Describe '12.2 the import''s profile' {
    It '12.2 -Verbose tells where the import''s time went, stage by stage' {
        New-TestStore | Out-Null
        $csv = Write-TestCsv (New-CsvName 'stages') @('Identifier,OS', 'stage001,ios', 'stage002,android')
        $verbose = Import-BmgDeviceCsv -Path $csv -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $line = @($verbose | Where-Object Message -like 'Import stages:*')
        $line.Count | Should -Be 1
        # Store writes are no part of plan and write (walkthrough 16.11): a writing thread writes beside the planning.
        $line[0].Message | Should -Match '^Import stages: read and parse \d+ ms, plan and write \d+ ms, commit \d+ ms; store writes \d+ ms, overlapping plan and write \(a writing thread writes beside the planning\)\.$'
        $line[0].Message | Should -Not -Match 'of which'
    }
}
