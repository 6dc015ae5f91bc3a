# A damaged SQLite store file (walkthrough 33b, findings 1 to 4), through the built module in a real pwsh, with real
# damaged files: one cut short inside its last page and one by whole pages, a zeroed page, and a -wal file left from
# another copy of the store beside a restored backup. Each is refused with StoreDamaged naming the file, saying it was
# not changed and what to do, and is never written to: not by a command's write, not by a failed import's attempt
# record, not by a later command of the session after a read reported the damage. SQLite only: the cases are SQLite
# files (not in StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1

    # A store of 600 devices and users (with their history), and a CSV of 5 more.
    $script:Healthy = New-TestStore
    New-BmgTemplate -Name Standard | Out-Null
    Import-BmgDeviceCsv (New-DeviceCsv -Path (Join-Path $TestDrive 'devices.csv') -Prefix 'dmgd' -Count 600) | Out-Null
    $script:MoreCsv = New-DeviceCsv -Path (Join-Path $TestDrive 'more.csv') -Prefix 'more' -Count 5
    $null = Invoke-StoreSql $Healthy 'PRAGMA wal_checkpoint(TRUNCATE);'
    $script:PageSize = [long](Invoke-StoreSql $Healthy 'PRAGMA page_size;')[0][0]
    $script:Pages = [long](Invoke-StoreSql $Healthy 'PRAGMA page_count;')[0][0]
    $Pages | Should -BeGreaterThan 40 -Because 'the store has pages to lose'

    # A copy of the healthy store, its own file in $TestDrive, for one test to damage.
    function New-StoreCopy([string] $Name) {
        $copy = Join-Path $TestDrive ("$Name-{0}.db" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        Copy-Item -LiteralPath $Healthy -Destination $copy
        return $copy
    }

    function Get-FileHashText([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }

    # What every refusal of a damaged file says: StoreDamaged, InvalidData, the file, that it was not changed, what to do,
    # and never SQLite's raw text or history tampering.
    function Assert-Damaged($Record, [string] $Store, [string] $Why) {
        $Record | Should -Not -BeNullOrEmpty -Because 'a damaged store stops the command'
        Get-ErrorId $Record | Should -Be 'StoreDamaged'
        $Record.CategoryInfo.Category | Should -Be 'InvalidData'
        $Record.TargetObject | Should -Be $Store
        $message = $Record.Exception.Message
        $message | Should -BeLike "The store file '$Store' is damaged: *"
        $message | Should -BeLike "*$Why*"
        $message | Should -BeLike '*It was not changed.*'
        $message | Should -BeLike '*Restore the newest backup*'
        $message | Should -BeLike "*sqlite3 '$Store' .recover | sqlite3 recovered.db*"
        $message | Should -Not -Match 'SQLite Error|disk I/O error|AcceptTampered|by hand'
    }

    # Each command an admin might run on the store, in this session; what each one ends with.
    $script:Commands = [ordered]@{
        'Get-BmgDevice'       = { Get-BmgDevice -Database $args[0] }
        'Test-BmgHistory'     = { Test-BmgHistory -Database $args[0] }
        'Import-BmgDeviceCsv' = { Import-BmgDeviceCsv -LiteralPath $args[1] -Database $args[0] }
        'New-BmgDevice'       = { New-BmgDevice -Identifier 'new001' -OS ios -Database $args[0] }
        'New-BmgUser'         = { New-BmgUser -UserName 'newuser01' -Database $args[0] }
    }
}

Describe 'a store file cut short (walkthrough 33b, 3 and 4)' {
    It 'cut <Shown>: every command refuses it with StoreDamaged, and nothing writes to it, no -wal or -shm made, no attempt recorded' -ForEach @(
        @{ Shown = '1,000 bytes inside its last page'; Short = 1000; Why = 'it is shorter than its own header says' }
        @{ Shown = 'to half its pages'; Short = -1; Why = 'SQLite finds its contents malformed (SQLITE_CORRUPT)' }
    ) {
        $store = New-StoreCopy 'cut'
        $length = if ($Short -gt 0) { $Pages * $PageSize - $Short } else { [long]($Pages / 2) * $PageSize }
        $file = [System.IO.File]::Open($store, 'Open', 'ReadWrite', 'ReadWrite')
        try { $file.SetLength($length) } finally { $file.Dispose() }
        $before = Get-FileHashText $store
        if ($Short -gt 0) {
            # What the walkthrough met: SQLite itself reads the file, its cut end as zeros (the module said nothing, and a
            # failed import's attempt record then "repaired" the file into what read as history tampering).
            (Invoke-StoreSql $store 'PRAGMA page_count;')[0][0] | Should -Be $Pages
            Remove-Item -LiteralPath "$store-wal", "$store-shm" -ErrorAction Ignore
            $before = Get-FileHashText $store
        }

        foreach ($name in $Commands.Keys) {
            $result = Invoke-Captured { & $Commands[$name] $store $MoreCsv }
            Assert-Damaged $result.Terminating $store $Why
            $result.Output | Where-Object { $_ -isnot [string] } | Should -BeNullOrEmpty -Because "$name outputs nothing"
            if ($Short -gt 0) {
                $result.Terminating.Exception.Message | Should -BeLike ("*({0:N0} of {1:N0} bytes: {2:N0} pages of {3:N0} bytes)*" -f $length, ($Pages * $PageSize), $Pages, $PageSize)
            }
        }

        (Get-Item -LiteralPath $store).Length | Should -Be $length -Because 'nothing extended the file'
        Get-FileHashText $store | Should -Be $before
        Test-Path -LiteralPath "$store-wal" | Should -BeFalse -Because 'nothing opened it to write'
        Test-Path -LiteralPath "$store-shm" | Should -BeFalse
    }
}

Describe 'a store file with a zeroed page (walkthrough 33b, 2)' {
    It 'a read that meets the page is StoreDamaged; from then on no command of the session writes to the file, until it is restored' {
        $store = New-StoreCopy 'zeroed'
        # The devices table's root page: every read of the devices meets it; a new user's write does not.
        $root = [long](Invoke-StoreSql $store "SELECT rootpage FROM sqlite_master WHERE name = 'devices';")[0][0]
        Remove-Item -LiteralPath "$store-wal", "$store-shm" -ErrorAction Ignore
        $file = [System.IO.File]::Open($store, 'Open', 'ReadWrite', 'ReadWrite')
        try { $file.Position = ($root - 1) * $PageSize; $file.Write([byte[]]::new($PageSize), 0, $PageSize) } finally { $file.Dispose() }
        $before = Get-FileHashText $store

        $read = Invoke-Captured { Get-BmgDevice -Database $store }
        Assert-Damaged $read.Terminating $store 'SQLite finds its contents malformed (SQLITE_CORRUPT)'

        # New-BmgUser never reads the devices: SQLite alone would let it commit into the file it just called malformed.
        foreach ($name in 'New-BmgUser', 'Import-BmgDeviceCsv') {
            $write = Invoke-Captured { & $Commands[$name] $store $MoreCsv }
            Assert-Damaged $write.Terminating $store 'SQLite finds its contents malformed (SQLITE_CORRUPT) (reported earlier in this session; the file has not changed since)'
        }

        Get-FileHashText $store | Should -Be $before -Because 'no write reached the file'
        # Test-BmgHistory checks the file (SQLite's quick check, which meets the zeroed page) before it walks the chain: its
        # Valid said True here, since no entry is on that page.
        $check = Invoke-Captured { Test-BmgHistory -Database $store }
        Assert-Damaged $check.Terminating $store 'SQLite finds its contents malformed (SQLITE_CORRUPT)'
        $check.Output | Should -BeNullOrEmpty
        # Reads that don't meet the page go on: what still reads can be read.
        @(Get-BmgImportHistory -Database $store).Count | Should -BeGreaterThan 0
        Get-FileHashText $store | Should -Be $before

        # The backup put in its place (another file now): written as any store.
        Copy-Item -LiteralPath $Healthy -Destination $store -Force
        New-BmgUser -UserName 'newuser01' -Database $store | Out-Null
        (Get-BmgUser -UserName 'newuser01' -Database $store).UserName | Should -Be 'newuser01'
        @(Get-BmgDevice -Database $store).Count | Should -Be 600
    }
}

Describe 'an import that meets a damaged page (walkthrough 33b, 4)' {
    It 'is StoreDamaged, rolls back, and records no attempt: the file is as it was' {
        $store = New-StoreCopy 'import'
        $imports = @(Get-BmgImportHistory -Database $store).Count
        $root = [long](Invoke-StoreSql $store "SELECT rootpage FROM sqlite_master WHERE name = 'devices';")[0][0]
        Remove-Item -LiteralPath "$store-wal", "$store-shm" -ErrorAction Ignore
        $file = [System.IO.File]::Open($store, 'Open', 'ReadWrite', 'ReadWrite')
        try { $file.Position = ($root - 1) * $PageSize; $file.Write([byte[]]::new($PageSize), 0, $PageSize) } finally { $file.Dispose() }
        $before = Get-FileHashText $store

        # The first command of the session on this file: the import itself meets the page.
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $MoreCsv -Database $store }
        Assert-Damaged $result.Terminating $store 'SQLite finds its contents malformed (SQLITE_CORRUPT)'
        Get-FileHashText $store | Should -Be $before -Because 'no attempt record was written into the damaged file'
        @(Get-BmgImportHistory -Database $store).Count | Should -Be $imports
    }
}

Describe 'a -wal file left beside a restored backup (walkthrough 33b, 1)' {
    BeforeAll {
        # The backup: the store as it was (600 devices). The live store then grows by 400 devices, and a raw connection
        # with no automatic checkpoint changes every device, so its -wal file holds pages past the backup's end.
        $script:Backup = New-StoreCopy 'backup'
        $script:Live = New-StoreCopy 'live'
        Import-BmgDeviceCsv (New-DeviceCsv -Path (Join-Path $TestDrive 'later.csv') -Prefix 'late' -Count 400) -Database $Live | Out-Null
        $script:Restored = Join-Path $TestDrive 'restored'
        $script:LeftOver = Join-Path $TestDrive 'leftover'
        $null = New-Item -ItemType Directory -Path $Restored, $LeftOver
        $connection = New-SqliteConnection "Data Source=$Live;Pooling=False"
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = "PRAGMA wal_autocheckpoint = 0; UPDATE devices SET description = description || '$('z' * 300)';"
            $null = $command.ExecuteNonQuery()
            # Copied while the connection is open (the -wal file is still there): the backup put in the store's place with
            # the live store's -wal left beside it; and, for the store's own leftover, the live file with its -wal (a crash).
            Copy-Item -LiteralPath $Backup -Destination (Join-Path $Restored 'store.db')
            Copy-Item -LiteralPath "$Live-wal" -Destination (Join-Path $Restored 'store.db-wal')
            Copy-Item -LiteralPath $Live -Destination (Join-Path $LeftOver 'store.db')
            Copy-Item -LiteralPath "$Live-wal" -Destination (Join-Path $LeftOver 'store.db-wal')
        } finally { $connection.Dispose() }
    }

    It 'every command refuses the store with StoreDamaged naming the -wal file, and writes nothing; without the -wal the store is the backup' {
        $store = Join-Path $Restored 'store.db'
        $before = Get-FileHashText $store
        $walBefore = Get-FileHashText "$store-wal"
        foreach ($name in $Commands.Keys) {
            $result = Invoke-Captured { & $Commands[$name] $store $MoreCsv }
            Assert-Damaged $result.Terminating $store "the -wal file beside it ('$store-wal', "
            $result.Terminating.Exception.Message | Should -BeLike "*It was left from another copy of the store.*remove them (Remove-Item -LiteralPath '$store-wal', '$store-shm') and the store is the backup*"
        }

        Get-FileHashText $store | Should -Be $before
        Get-FileHashText "$store-wal" | Should -Be $walBefore
        Test-Path -LiteralPath "$store-shm" | Should -BeFalse -Because 'SQLite never opened the file'

        Remove-Item -LiteralPath "$store-wal"
        @(Get-BmgDevice -Database $store).Count | Should -Be 600
        (Invoke-StoreSql $store 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'
        (Test-BmgHistory -Database $store).Valid | Should -BeTrue
    }

    It 'the store''s own -wal file left by a crash is no foreign one: its changes are read' {
        $store = Join-Path $LeftOver 'store.db'
        $devices = @(Get-BmgDevice -Database $store)
        $devices.Count | Should -Be 1000
        $devices | Where-Object { -not $_.Description.EndsWith('z' * 300) } | Should -BeNullOrEmpty -Because 'every change in the -wal file is the store''s'
        (Invoke-StoreSql $store 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'
    }
}
