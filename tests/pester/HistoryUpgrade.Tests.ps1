# Issue 15's cost work changed how the SQLite store keeps an entry (migration 8: hashes as 32-byte BLOBs, the field
# changes in a shorter JSON form; migration 9: no index of every entry's name, the names no longer current kept
# apart, a created record's changes by position). A store whose history the older code wrote must still verify
# after the upgrade, read as before, find its subjects by every name they had, and chain on.
# Migration 17 (import Ids never handed out again) is checked on version15.db, whose only import's row is deleted first.
# tests/corpus/stores/version7.db, version8.db, version11.db, version15.db, version25.db and version26.db are such stores, written by
# the module before migration 8, 9, 12, 16, 26 and 27 (New-Version7Store.ps1, New-Version8Store.ps1, New-Version11Store.ps1,
# New-Version15Store.ps1, New-Version25Store.ps1, New-Version26Store.ps1), and version7/8/11/15/25/26.head.txt the head hashes Test-BmgHistory gave for them then. SQLite only: it opens those files (PostgreSQL's own migrations are covered
# by PostgresSchemaTests).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    $script:Arrow = [char]0x2192
    $script:Corpus = Join-Path $PSScriptRoot '../corpus/stores'
    $script:OldHead = (Get-Content -Raw (Join-Path $Corpus 'version7.head.txt')).Trim()
    $script:Version8Head = (Get-Content -Raw (Join-Path $Corpus 'version8.head.txt')).Trim()
    $script:CurrentVersion = 27   # SqliteSchema.CurrentVersion
    $script:Version11Head = (Get-Content -Raw (Join-Path $Corpus 'version11.head.txt')).Trim()
    $script:Version15Head = (Get-Content -Raw (Join-Path $Corpus 'version15.head.txt')).Trim()
    $script:Version25Head = (Get-Content -Raw (Join-Path $Corpus 'version25.head.txt')).Trim()
    $script:Version26Head = (Get-Content -Raw (Join-Path $Corpus 'version26.head.txt')).Trim()

    # A copy of the version-7 store under $TestDrive, the default store of the test's cmdlets; $Edit (SQL) is run
    # on it first with SQLite's own connection, as an intruder would before the upgrade.
    function Copy-Version7Store([string] $Edit, [string] $Version = '7') {
        $path = Join-Path $TestDrive ("version$Version-{0}.db" -f [guid]::NewGuid().ToString('N'))
        Copy-Item -LiteralPath (Join-Path $Corpus "version$Version.db") -Destination $path
        & chmod 600 $path   # private, as the module makes a store: a checked-out 0644 copy warns (StoreFileAccess)
        if ($Edit) { $null = Invoke-StoreSql $path $Edit }
        $global:PSDefaultParameterValues['*-Bmg*:Database'] = $path
        return $path
    }

    function Get-ChangeText($Entry) { @($Entry.Changes | ForEach-Object { $_.ToString() }) }
}

Describe '15 a history written before migration 8' {
    It '15 verifies after the upgrade, against the head hash written down before it' {
        $path = Copy-Version7Store
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 7
        $check = Test-BmgHistory -KnownHash $OldHead
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 9
        $check.HeadSequence | Should -Be 10
        $check.HeadHash | Should -Be $OldHead
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        # Migration 10 edited the closed value lists' CHECKs in place: the file stays sound and checks with OR.
        (Invoke-StoreSql $path 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'
        (Invoke-StoreSql $path "SELECT sql FROM sqlite_schema WHERE name = 'devices';")[0][0] | Should -BeLike "*os = 'ios' OR os = 'android'*"
        @((Invoke-StoreSql $path 'SELECT DISTINCT typeof(previous_hash), typeof(hash) FROM change_history;') | ForEach-Object { $_ -join ',' }) |
            Should -Be @('blob,blob') -Because 'the upgrade keeps every hash as its 32 bytes'
    }

    It '15 reads its entries as they were written: values, a cleared field, the hidden code, quotes, Japanese' {
        $null = Copy-Version7Store
        $device = @(Get-BmgDeviceHistory old-001)
        $device | Should -HaveCount 3
        Get-ChangeText $device[2] | Should -Contain "DisplayName: (none) $Arrow First `"phone`""
        Get-ChangeText $device[2] | Should -Contain 'Code: changed'
        Get-ChangeText $device[1] | Should -Be @('Code: changed', "DisplayName: First `"phone`" $Arrow Back\slash phone", "Description: (none) $Arrow to be cleared")
        Get-ChangeText $device[0] | Should -Be @("Description: to be cleared $Arrow (cleared)")
        Get-ChangeText @(Get-BmgUserHistory yamada)[0] | Should -Contain "Name: (none) $Arrow 山田 太郎"
        $import = @(Get-BmgDeviceHistory imp-002)
        $import.Action | Should -Be @('Removed', 'Created')
        $import[1].Line | Should -Be 3
    }

    It '15 chains new entries on, in the shorter form, and the whole chain verifies' {
        $path = Copy-Version7Store
        Set-BmgDevice -Identifier old-001 -DisplayName 'After the upgrade' -Code N3W2C0D3 | Out-Null
        New-BmgDevice -Identifier new-001 -OS ios -Description 'Quote " and \ here' | Out-Null
        $check = Test-BmgHistory -KnownHash $OldHead
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.HeadSequence | Should -Be 12
        $changes = @((Invoke-StoreSql $path 'SELECT changes FROM change_history WHERE sequence > 10 ORDER BY sequence;') | ForEach-Object { $_[0] })
        $changes[0] | Should -Be '{"Code":true,"DisplayName":["Back\\slash phone","After the upgrade"]}'
        $changes[1].StartsWith('["d","new-001",null,true,"ios",') | Should -BeTrue -Because $changes[1]
        $changes[1] | Should -Match ([regex]::Escape(',"Quote \" and \\ here",'))
        Get-ChangeText @(Get-BmgDeviceHistory old-001)[0] | Should -Be @('Code: changed', "DisplayName: Back\slash phone $Arrow After the upgrade")
    }

    It '15 an entry edited by hand before the upgrade is still named after it: <Edit>' -ForEach @(
        @{ Edit = 'another OS user'; Sql = "UPDATE change_history SET os_user = 'intruder' WHERE sequence = 5;"; Bad = 5 }
        @{ Edit = 'a hash that is not hex'; Sql = "UPDATE change_history SET hash = 'forged by hand' WHERE sequence = 6;"; Bad = 6 }
        @{ Edit = 'a removed entry'; Sql = 'DELETE FROM change_history WHERE sequence = 7;'; Bad = 7 }
    ) {
        $null = Copy-Version7Store -Edit $Sql
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeFalse
        $result.Output[0].FirstBadEntry | Should -Be $Bad
        Assert-ErrorId $result.Errors 'HistoryTampered'
        "$($result.Errors[0])" | Should -Match "Entr(y|ies) $Bad"
        if ($Reason) {
            $result.Output[0].Reason | Should -BeLike $Reason
            "$($result.Output[0].Reason) $($result.Errors[0])" | Should -Not -Match 'Arithmetic|overflow\.'
        }
    }
}

Describe '15 a history written before migration 9' {
    It '15 verifies after the upgrade, against the head hash written down before it' {
        $path = Copy-Version7Store -Version 8
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 8
        $check = Test-BmgHistory -KnownHash $Version8Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 11
        $check.HeadSequence | Should -Be 12
        $check.HeadHash | Should -Be $Version8Head
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        # Migration 10 edited the closed value lists' CHECKs in place: the file stays sound and checks with OR.
        (Invoke-StoreSql $path 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'
        (Invoke-StoreSql $path "SELECT sql FROM sqlite_schema WHERE name = 'devices';")[0][0] | Should -BeLike "*os = 'ios' OR os = 'android'*"
        @((Invoke-StoreSql $path "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'change_history' ORDER BY name;") | ForEach-Object { $_[0] }) |
            Should -Be @('change_history_by_import', 'change_history_by_subject') -Because 'the index of every name is gone (migration 22 adds the one by import)'
    }

    It '15 shows the same entries, and finds removed subjects by their names' {
        $null = Copy-Version7Store -Version 8
        $device = @(Get-BmgDeviceHistory old-001)
        $device | Should -HaveCount 3
        Get-ChangeText $device[2] | Should -Contain "DisplayName: (none) $Arrow First `"phone`""
        Get-ChangeText $device[1] | Should -Be @('Code: changed', "DisplayName: First `"phone`" $Arrow Back\slash phone", "Description: (none) $Arrow to be cleared")
        Get-ChangeText $device[0] | Should -Be @("Description: to be cleared $Arrow (cleared)")
        Get-ChangeText @(Get-BmgUserHistory yamada)[0] | Should -Contain "Name: (none) $Arrow 山田 太郎"
        $removed = @(Get-BmgDeviceHistory IMP-002)
        $removed.Action | Should -Be @('Removed', 'Created')
        $removed[1].Line | Should -Be 3
        (@(Get-BmgUserHistory leaving).Action) | Should -Be @('Removed', 'Created')
        @(Get-BmgDeviceHistory 'imp-*').Identifier | Sort-Object -Unique | Should -Be @('imp-001', 'imp-002')
        $otherCase = Invoke-Captured { Get-BmgUserHistory Leaving }
        $otherCase.Output | Should -HaveCount 0 -Because 'a user name matches exactly'
        Assert-ErrorId $otherCase.Errors 'UserNotFound'
        # cleared-1 is still a device, but its only entry was cleared before the upgrade: no entry, and no error (walkthrough 31, 5).
        $cleared = Invoke-Captured { Get-BmgDeviceHistory cleared-1 -Verbose 4>&1 }
        $cleared.Errors | Should -BeNullOrEmpty
        $said = @($cleared.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) |
            Where-Object { $_ -like "The device 'cleared-1' is in the store, but the change history holds no entry of it now: the Clear-BmgHistory of * by *@* removed the entries recorded before * (Test-BmgHistory lists the clears)." }
        @($said) | Should -HaveCount 1 -Because 'the clear recorded before the upgrade is the one named'
        @($cleared.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
    }

    It '15 chains new entries on, a created record by position, and the whole chain verifies' {
        $path = Copy-Version7Store -Version 8
        New-BmgDevice -Identifier new-001 -OS ios -Template Standard -DisplayName 'New one' | Out-Null
        Remove-BmgDevice -Identifier old-001 -Confirm:$false | Out-Null
        $check = Test-BmgHistory -KnownHash $Version8Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.HeadSequence | Should -Be 14
        $created = (Invoke-StoreSql $path 'SELECT changes FROM change_history WHERE sequence = 13;')[0][0]
        $created.StartsWith('["d","new-001","Standard",true,"ios",') | Should -BeTrue -Because $created
        Get-ChangeText @(Get-BmgDeviceHistory new-001)[0] | Should -Contain "DisplayName: (none) $Arrow New one"
        @(Get-BmgDeviceHistory old-001).Action | Should -Be @('Removed', 'Changed', 'Changed', 'Created')
    }

    It '15 an entry edited by hand before the upgrade is still named after it: <Edit>' -ForEach @(
        @{ Edit = 'another OS user'; Sql = "UPDATE change_history SET os_user = 'intruder' WHERE sequence = 5;"; Bad = 5 }
        @{ Edit = 'another time'; Sql = "UPDATE change_history SET at = '2001-01-01T00:00:00.000000Z' WHERE sequence = 8;"; Bad = 8 }
        @{ Edit = 'a removed entry'; Sql = 'DELETE FROM change_history WHERE sequence = 7;'; Bad = 7 }
    ) {
        $null = Copy-Version7Store -Version 8 -Edit $Sql
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeFalse
        $result.Output[0].FirstBadEntry | Should -Be $Bad
        Assert-ErrorId $result.Errors 'HistoryTampered'
        "$($result.Errors[0])" | Should -Match "Entr(y|ies) $Bad"
        if ($Reason) {
            $result.Output[0].Reason | Should -BeLike $Reason
            "$($result.Output[0].Reason) $($result.Errors[0])" | Should -Not -Match 'Arithmetic|overflow\.'
        }
    }
}

Describe '15 a history written before migration 11 (packed created records)' {
    It '15 keeps its rows as they are, packs what an import creates after the upgrade, and the whole chain verifies' {
        $path = Copy-Version7Store -Version 8
        $csv = Join-Path $TestDrive 'after-upgrade.csv'
        @('UserName,Identifier,OS,Template,Code') + (1..30 | ForEach-Object { 'packed-user-{0:D2},packed-{0:D2},ios,Standard,Q7K29X{0:D2}' -f $_ }) |
            Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        # A packed entry keeps the check-in code as changed, never its value: not a byte of it in any pack, read as stored
        # (version 1) or with its fields decompressed (version 2: count, length of the fields, Brotli fields, hashes).
        $packs = @((Invoke-StoreSql $path 'SELECT entries FROM change_history_packs;') | ForEach-Object { , [byte[]]$_[0] })
        $packs.Count | Should -BeGreaterThan 0
        foreach ($blob in $packs) {
            $text = if ($blob[0] -eq 2) {
                $at = 1
                $numbers = foreach ($n in 1..2) { [long]$value = 0; $shift = 0; do { $b = $blob[$at++]; $value = $value -bor ([long]($b -band 0x7F) -shl $shift); $shift += 7 } while ($b -ge 0x80); $value }
                $compressed = [System.IO.MemoryStream]::new($blob, $at, $blob.Length - $numbers[0] * 32 - $at)
                $fields = [System.IO.MemoryStream]::new()
                $brotli = [System.IO.Compression.BrotliStream]::new($compressed, [System.IO.Compression.CompressionMode]::Decompress)
                $brotli.CopyTo($fields); $brotli.Dispose()
                $fields.Length | Should -Be $numbers[1]
                [System.Text.Encoding]::Latin1.GetString($fields.ToArray())
            } else { [System.Text.Encoding]::Latin1.GetString($blob) }
            $text | Should -Match 'packed-user-' -Because 'the fields are readable here, so the absence of the code below means something'
            $text | Should -Not -Match 'Q7K29X'
        }
        (Invoke-StoreSql $path "SELECT count(*) FROM devices WHERE code LIKE 'Q7K29X%';")[0][0] | Should -Be 30
        (Get-ChangeText @(Get-BmgDeviceHistory packed-03)[0]) | Should -Contain 'Code: changed'
        (Invoke-StoreSql $path 'SELECT count(*) FROM change_history;')[0][0] | Should -Be 11 -Because 'the rows written before stay rows'
        (Invoke-StoreSql $path 'SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;')[0][0] | Should -Be 60
        $check = Test-BmgHistory -KnownHash $Version8Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 71
        $check.HeadSequence | Should -Be 72
        $entry = @(Get-BmgDeviceHistory packed-07)
        $entry | Should -HaveCount 1
        $entry[0].Action | Should -Be 'Created'
        $entry[0].Line | Should -Be 8
        @(Get-BmgDeviceHistory 'packed-*') | Should -HaveCount 30
        @(Get-BmgUserHistory packed-user-30).Action | Should -Be @('Created')
        @(Get-BmgDeviceHistory old-001).Action | Should -Be @('Changed', 'Changed', 'Created')
    }

    It '15 a packed entry edited by hand is named: <Edit>' -ForEach @(
        @{ Edit = 'another OS user'; Sql = "UPDATE change_history_packs SET os_user = 'intruder';"; Bad = 13 }
        @{ Edit = 'a blob that no longer decodes'; Sql = "UPDATE change_history_packs SET entries = X'01FF';"; Bad = 13 }
        @{ Edit = 'a removed pack'; Sql = 'DELETE FROM change_history_packs;'; Bad = 13 }
        # Walkthrough 15: a name's length too large for a number (0xFFFFFFFF) made .NET's "Arithmetic operation resulted
        # in an overflow." the reason; the reason is the module's words: the entry, the column, what is wrong.
        @{ Edit = 'a length too large'; Sql = "UPDATE change_history_packs SET entries = X'0101010500FFFFFFFF0F';"; Bad = 13
            Reason = '*the entries kept together from 13 no longer decode (column entries: a length or number too large for what it counts)*' }
    ) {
        $path = Copy-Version7Store -Version 8
        $csv = Join-Path $TestDrive 'after-upgrade.csv'
        @('UserName,Identifier,OS,Template') + (1..30 | ForEach-Object { 'packed-user-{0:D2},packed-{0:D2},ios,Standard' -f $_ }) |
            Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv
        $null = New-BmgDevice -Identifier after-pack -OS ios -Template Standard
        $null = Invoke-StoreSql $path $Sql
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output[0].Valid | Should -BeFalse
        $result.Output[0].FirstBadEntry | Should -Be $Bad
        Assert-ErrorId $result.Errors 'HistoryTampered'
        "$($result.Errors[0])" | Should -Match "Entr(y|ies) $Bad"
        if ($Reason) {
            $result.Output[0].Reason | Should -BeLike $Reason
            "$($result.Output[0].Reason) $($result.Errors[0])" | Should -Not -Match 'Arithmetic|overflow\.'
        }
        if ($Edit -eq 'a blob that no longer decodes') {
            # The query stops with the ErrorId, not a raw exception.
            $query = Invoke-Captured { Get-BmgDeviceHistory packed-01 }
            $query.Terminating | Should -Not -BeNullOrEmpty
            $query.Terminating.FullyQualifiedErrorId | Should -BeLike 'HistoryTampered,*'
            "$($query.Terminating)" | Should -Match 'entries 13-72'

        }
    }
}

Describe '15 a history written before migration 12 (the guards against a forked chain)' {
    BeforeAll {
        $script:Mounts = [System.Collections.Generic.List[string]]::new()
        # A row inside the import's pack (entries 3-62), as a client numbering from the rows only would write it.
        $script:ForkedRow = "INSERT INTO change_history (sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes, previous_hash, hash) VALUES (10, '2026-01-01T00:00:00.000000Z', 'other', 'host', 'Set-BmgDevice', NULL, NULL,
    'Device', 3, 'packed-01', 'Changed', '', zeroblob(32), zeroblob(32));"
    }

    AfterAll {
        foreach ($mount in $script:Mounts) { & umount $mount 2>$null }
    }

    It '15 keeps every entry through the upgrade, still verifies, and refuses a row inside a pack afterwards' {
        $path = Copy-Version7Store -Version 11
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 11
        # The old file has no guard: the forked row would have passed (tried on a copy of it).
        $unguarded = Join-Path $TestDrive 'unguarded.db'
        Copy-Item -LiteralPath $path -Destination $unguarded
        $null = Invoke-StoreSql $unguarded $ForkedRow
        (Invoke-StoreSql $unguarded 'SELECT count(*) FROM change_history WHERE sequence = 10;')[0][0] | Should -Be 1

        $check = Test-BmgHistory -KnownHash $Version11Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 64
        $check.HeadSequence | Should -Be 64
        $check.HeadHash | Should -Be $Version11Head
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        (Invoke-StoreSql $path 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'
        (Invoke-StoreSql $path 'SELECT count(*) FROM change_history;')[0][0] | Should -Be 4
        @((Invoke-StoreSql $path 'SELECT first_sequence, last_sequence FROM change_history_packs;') | ForEach-Object { $_ -join '-' }) | Should -Be @('3-62')
        @((Invoke-StoreSql $path "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name;") | ForEach-Object { $_[0] }) |
            Should -Be @('change_history_outside_packs', 'change_history_packs_apart')
        # Migration 14: every email by identifier instead of the pending ones (a version-11 file had the partial index);
        # migration 22: by the device's key too.
        @((Invoke-StoreSql $path "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'checkin_emails' ORDER BY name;") | ForEach-Object { $_[0] }) |
            Should -Be @('checkin_emails_by_device_key', 'checkin_emails_by_identifier', 'checkin_emails_by_status')
        @(Get-BmgDeviceHistory packed-03).Action | Should -Be @('Changed', 'Created')
        @(Get-BmgDeviceHistory packed-05).Action | Should -Be @('Removed', 'Created')
        @(Get-BmgDeviceHistory 'packed-*') | Should -HaveCount 32

        { Invoke-StoreSql $path $ForkedRow } | Should -Throw '*UNIQUE constraint failed: change_history.sequence*'
        { Invoke-StoreSql $path "INSERT INTO change_history_packs SELECT 60, 70, at, os_user, host, command, import_id, previous_hash,
    first_user_key, last_user_key, first_device_key, last_device_key, entries, changed_by FROM change_history_packs;" } |
            Should -Throw '*UNIQUE constraint failed: change_history.sequence*'
        (Invoke-StoreSql $path 'SELECT count(*) FROM change_history;')[0][0] | Should -Be 4
        (Invoke-StoreSql $path 'SELECT count(*) FROM change_history_packs;')[0][0] | Should -Be 1

        # The module's own writes chain on past the guards.
        $null = Set-BmgDevice -Identifier packed-07 -DisplayName 'After the upgrade'
        $after = Test-BmgHistory -KnownHash $Version11Head
        $after.Valid | Should -BeTrue -Because $after.Reason
        $after.HeadSequence | Should -Be 65

        # A pack written now (version 2: its fields compressed) chains on after the version-1 pack, and both verify.
        $csv = Join-Path $TestDrive 'after-version-11.csv'
        @('UserName,Identifier,OS,Template') + (1..20 | ForEach-Object { 'later-user-{0:D2},later-{0:D2},ios,Standard' -f $_ }) |
            Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv
        @((Invoke-StoreSql $path 'SELECT first_sequence, last_sequence, hex(substr(entries, 1, 1)) FROM change_history_packs ORDER BY first_sequence;') |
            ForEach-Object { $_ -join '-' }) | Should -Be @('3-62-01', '66-105-02')
        $both = Test-BmgHistory -KnownHash $Version11Head
        $both.Valid | Should -BeTrue -Because $both.Reason
        $both.HeadSequence | Should -Be 105
        @(Get-BmgDeviceHistory later-13).Action | Should -Be @('Created')
        @(Get-BmgUserHistory later-user-20).Action | Should -Be @('Created')
        @(Get-BmgDeviceHistory packed-07).Action | Should -Be @('Changed', 'Created')
        $null = Invoke-StoreSql $path "UPDATE change_history_packs SET os_user = 'intruder' WHERE first_sequence = 66;"
        $edited = Invoke-Captured { Test-BmgHistory }
        $edited.Output[0].Valid | Should -BeFalse
        $edited.Output[0].FirstBadEntry | Should -Be 66
        Assert-ErrorId $edited.Errors 'HistoryTampered'
    }

    It '15 -WhatIf plans on an upgraded copy and leaves the version-11 file as it was' {
        $path = Copy-Version7Store -Version 11
        $csv = Join-Path $TestDrive 'what-if.csv'
        @('UserName,Identifier,OS,Template') + (1..30 | ForEach-Object { 'what-if-user-{0:D2},what-if-{0:D2},ios,Standard' -f $_ }) |
            Set-Content -LiteralPath $csv -Encoding utf8
        $hash = (Get-FileHash -LiteralPath $path).Hash
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -WhatIf }
        $result.Errors | Should -HaveCount 0
        (Get-FileHash -LiteralPath $path).Hash | Should -Be $hash
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 11
        (Invoke-StoreSql $path "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger';")[0][0] | Should -Be 0
    }

    It '15 a version-11 store on read-only media is refused as read-only (it would have to be upgraded first), unchanged' {
        $disk = Join-Path $TestDrive ('ro-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $disk
        & mount -t tmpfs -o size=4m tmpfs $disk
        $LASTEXITCODE | Should -Be 0 -Because 'the test mounts a small real file system (tmpfs) as root'
        $script:Mounts.Add($disk)
        $path = Join-Path $disk 'version11.db'
        Copy-Item -LiteralPath (Join-Path $Corpus 'version11.db') -Destination $path
        & chmod 600 $path   # private, as the module makes a store: a checked-out 0644 copy warns (StoreFileAccess)
        & mount -o remount,ro $disk
        $LASTEXITCODE | Should -Be 0
        $hash = (Get-FileHash -LiteralPath $path).Hash
        $result = Invoke-Captured { Get-BmgDeviceHistory packed-03 -Database $path }
        $result.Output | Should -HaveCount 0
        $refusal = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        $refusal[0].FullyQualifiedErrorId | Should -BeLike 'StoreReadOnly,*'
        "$($refusal[0])" | Should -Match 'can be read but not written'
        (Get-FileHash -LiteralPath $path).Hash | Should -Be $hash
    }
}

Describe '15 a history written before migration 16 (canonical form version 2)' {
    BeforeAll {
        # Every table's rows as text (blobs as hex), in a fixed order: what an upgrade that changes no data leaves as it was.
        # Migration 18's columns (the import's user counts, NULL in every import recorded before it) and migration 21's
        # failed_rows_path, migrations 23's, 24's and 26's changed_by and migration 25's DEP as_of are left out: they are new, not changed; the test asserts them on their own.
        function Get-StoreContent([string] $Path) {
            $tables = @((Invoke-StoreSql $Path "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;") | ForEach-Object { $_[0] })
            foreach ($table in $tables) {
                $columns = @((Invoke-StoreSql $Path "SELECT name FROM pragma_table_info('$table') WHERE name NOT IN ('users_created', 'users_updated', 'failed_rows_path', 'changed_by', 'as_of') ORDER BY cid;") | ForEach-Object { "quote($($_[0]))" }) -join ", ' | ', "
                "== $table"
                @((Invoke-StoreSql $Path "SELECT $columns FROM $table ORDER BY 1;") | ForEach-Object { $_ -join '' })
            }
        }
    }

    It '15 is upgraded with no change to any row, and its history verifies against the head hash written down before' {
        $path = Copy-Version7Store -Version 15
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 15
        $before = Get-StoreContent $path
        $before | Should -Contain '== change_history_packs'
        $check = Test-BmgHistory -KnownHash $Version15Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 64
        $check.HeadSequence | Should -Be 64
        $check.HeadHash | Should -Be $Version15Head
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        (Get-StoreContent $path) -join "`n" | Should -BeExactly ($before -join "`n")
        (Invoke-StoreSql $path 'SELECT count(*) FROM import_history WHERE users_created IS NOT NULL OR users_updated IS NOT NULL;')[0][0] | Should -Be 0
        (Invoke-StoreSql $path 'SELECT count(*) FROM import_history WHERE failed_rows_path IS NOT NULL;')[0][0] | Should -Be 0
        (Invoke-StoreSql $path "SELECT count(*) FROM import_history WHERE changed_by <> '';")[0][0] | Should -Be 0
        (Invoke-StoreSql $path 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'
        @(Get-BmgDeviceHistory packed-03).Action | Should -Be @('Changed', 'Created')
        @(Get-BmgUserHistory yamada).Action | Should -Be @('Created')
    }

    It '15 chains version-2 entries on (packs and a row), the whole chain verifies, and an edit of either version is named' {
        $path = Copy-Version7Store -Version 15
        $csv = Join-Path $TestDrive 'after-version-15.csv'
        @('UserName,Identifier,OS,Template') + (1..20 | ForEach-Object { 'later-user-{0:D2},later-{0:D2},ios,Standard' -f $_ }) |
            Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv
        $null = New-BmgDevice -Identifier after-16 -OS ios -Template Standard
        @((Invoke-StoreSql $path 'SELECT first_sequence, last_sequence FROM change_history_packs ORDER BY first_sequence;') | ForEach-Object { $_ -join '-' }) |
            Should -Be @('3-62', '65-104')
        $check = Test-BmgHistory -KnownHash $Version15Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 105
        $check.HeadSequence | Should -Be 105
        @(Get-BmgDeviceHistory later-13).Action | Should -Be @('Created')
        @(Get-BmgDeviceHistory after-16).Action | Should -Be @('Created')

        foreach ($edit in @(
                @{ Sql = "UPDATE change_history SET subject = 'old-009' WHERE sequence = 2;"; Bad = 2 }     # version 1, a row
                @{ Sql = "UPDATE change_history SET subject = 'after-61' WHERE sequence = 105;"; Bad = 105 } # version 2, a row
                @{ Sql = "UPDATE change_history_packs SET host = 'elsewhere' WHERE first_sequence = 65;"; Bad = 65 } # version 2, a pack
            )) {
            $copy = Join-Path $TestDrive ('edited-{0}.db' -f [guid]::NewGuid().ToString('N'))
            Copy-Item -LiteralPath $path -Destination $copy
            $null = Invoke-StoreSql $copy $edit.Sql
            $result = Invoke-Captured { Test-BmgHistory -Database $copy }
            $result.Output[0].Valid | Should -BeFalse -Because $edit.Sql
            $result.Output[0].FirstBadEntry | Should -Be $edit.Bad -Because $edit.Sql
            Assert-ErrorId $result.Errors 'HistoryTampered'
        }
    }
}

# Round 29, migration 17: an import's Id (its entries' ImportId) is never handed out again. Before it, SQLite gave the next
# import the largest Id left plus one, so the Id of a newest import whose row was deleted by hand went to the next import.
Describe '15 a store written before migration 17 (import Ids)' {
    It '15 whose only import''s row was deleted by hand before the upgrade: the next import gets an Id above it, and the deleted one is still named' {
        $path = Copy-Version7Store -Version 15 -Edit 'DELETE FROM import_history;'
        $named = [long](Invoke-StoreSql $path 'SELECT max(import_id) FROM change_history_packs;')[0][0]
        $named | Should -Be 1
        $check = Invoke-Captured { Test-BmgHistory }
        @($check.Output[0].MissingImports.ImportId) | Should -Be @($named)
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        (Invoke-StoreSql $path "SELECT sql FROM sqlite_schema WHERE name = 'import_history';")[0][0] | Should -Match 'AUTOINCREMENT'
        (Invoke-StoreSql $path 'PRAGMA foreign_key_check;') | Should -BeNullOrEmpty
        (Invoke-StoreSql $path 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'

        $csv = Join-Path $TestDrive 'after-version-15-import.csv'
        @('Identifier,OS', 'after-17,ios', 'after-17,ios') | Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv -SkipInvalidRows -ErrorAction SilentlyContinue
        $import = @(Get-BmgImportHistory)
        $import.Count | Should -Be 1
        $import[0].Id | Should -BeGreaterThan $named
        # Its row errors belong to it (the errors table was rebuilt with the import history's).
        @(Get-BmgImportHistory -Id $import[0].Id).Errors.Count | Should -Be 1
        @(Get-BmgDeviceHistory after-17).ImportId | Should -Be @($import[0].Id)
        $check = Invoke-Captured { Test-BmgHistory }
        $check.Output[0].Valid | Should -BeTrue
        @($check.Output[0].MissingImports.ImportId) | Should -Be @($named)
    }

    It '15 holding imports with row errors: each keeps its Id, fields and errors (in their order), and the next import takes a new Id' {
        # Import 1 (the corpus's, its sha256 kept) gains a row error; import 5 (a later Id, no sha256) has two, not in line order.
        $path = Copy-Version7Store -Version 15 -Edit @"
INSERT INTO import_history (import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated, unchanged,
    failed, emails_queued, host)
    VALUES (5, '2026-12-05T09:00:00.0000000Z', '2026-12-05T09:00:01.0000000Z', 'root', '/tmp/later.csv', NULL, 'SkipInvalidRows', 1, 9, 7, 0, 0, 2, 0, 'vm');
INSERT INTO import_history_errors (import_id, line, identifier, user_name, error_id, message) VALUES (5, 7, 'later-07', NULL, 'InvalidFieldValue', 'seventh');
INSERT INTO import_history_errors (import_id, line, identifier, user_name, error_id, message) VALUES (5, 3, 'later-03', 'u3', 'DuplicateKey', 'third');
INSERT INTO import_history_errors (import_id, line, identifier, user_name, error_id, message) VALUES (1, 2, 'first-02', NULL, 'InvalidFieldValue', 'second');
"@
        $sha256 = (Invoke-StoreSql $path 'SELECT sha256 FROM import_history WHERE import_id = 1;')[0][0]

        $imports = @(Get-BmgImportHistory | Sort-Object Id)
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        $imports.Id | Should -Be @(1, 5)
        $imports.Sha256 | Should -Be @($sha256, $null)
        $imports.Source | Should -Be @((Invoke-StoreSql $path 'SELECT source FROM import_history WHERE import_id = 1;')[0][0], '/tmp/later.csv')
        $later = Get-BmgImportHistory -Id 5
        $later.Errors.Line | Should -Be @(7, 3)
        $later.Errors.ErrorId | Should -Be @('InvalidFieldValue', 'DuplicateKey')
        $later.Errors.Message | Should -Be @('seventh', 'third')
        (Get-BmgImportHistory -Id 1).Errors.Identifier | Should -Be @('first-02')
        (Invoke-StoreSql $path "SELECT seq FROM sqlite_sequence WHERE name = 'import_history';")[0][0] | Should -Be 5
        (Invoke-StoreSql $path 'PRAGMA foreign_key_check;') | Should -BeNullOrEmpty
        (Invoke-StoreSql $path 'PRAGMA integrity_check;')[0][0] | Should -Be 'ok'

        # Migration 18: the imports recorded before kept no user counts: unknown (null), not 0.
        @($imports | Where-Object { $null -ne $_.UsersCreated -or $null -ne $_.UsersUpdated }) | Should -BeNullOrEmpty
        ((Get-BmgImportHistory -Id 5 | Format-List | Out-String -Width 80) -split '\r?\n' -match '^Users(Created|Updated)\s+:\s*$') | Should -HaveCount 2

        $csv = Join-Path $TestDrive 'after-version-15-imports.csv'
        @('Identifier,OS,UserName', 'after-17b,ios,user17b') | Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv
        @(Get-BmgImportHistory | Sort-Object Id).Id | Should -Be @(1, 5, 6)
        (Get-BmgImportHistory -Id 6).UsersCreated | Should -Be 1
        (Get-BmgImportHistory -Id 6).UsersUpdated | Should -Be 0
        @(Get-BmgDeviceHistory after-17b).ImportId | Should -Be @(6)
        (Test-BmgHistory).Valid | Should -BeTrue
    }
}

# fixb30 (walkthrough 30, 3): the enums a command outputs are numbered from 1 now, so that PowerShell, which reads an
# enum's 0 as false, keeps a Serial device in `Where-Object DEPMethod`. enums-from-zero.db was written while they were
# numbered from 0 (New-EnumsFromZeroStore.ps1). The stores keep names, never the numbers, and the history's hashes
# cover the names: every value reads back as it was written, through whole devices and through the DEP links' own SQL
# (which turns the stored names into the enums' numbers itself), and the chain verifies against the head written then.
# Forty-first round (hist41), migration 26: a pack's header keeps who its entries were made for (-ChangedBy). Before it, an
# import given -ChangedBy wrote its entries as rows and every pack was made for no one; version25.db holds both.
Describe '15 a history written before migration 26 (packs that keep a ChangedBy)' {
    It '15 verifies after the upgrade against its head, reads every ChangedBy as before, and packs the next import for someone' {
        $path = Copy-Version7Store -Version 25
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 25
        $packs = @((Invoke-StoreSql $path 'SELECT first_sequence, last_sequence FROM change_history_packs ORDER BY first_sequence;') | ForEach-Object { $_ -join '-' })
        $check = Test-BmgHistory -KnownHash $Version25Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 103
        $check.HeadHash | Should -Be $Version25Head
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        @((Invoke-StoreSql $path 'SELECT first_sequence, last_sequence FROM change_history_packs ORDER BY first_sequence;') | ForEach-Object { $_ -join '-' }) |
            Should -Be $packs -Because 'no pack is rewritten'
        (Invoke-StoreSql $path "SELECT count(*) FROM change_history_packs WHERE changed_by <> '';")[0][0] | Should -Be 0
        (Invoke-StoreSql $path "SELECT count(*) FROM change_history WHERE changed_by = 'CONTOSO\carol';")[0][0] | Should -Be 40
        @(Get-BmgDeviceHistory carol-03 | ForEach-Object { "$($_.Action) $($_.ChangedBy)" }) | Should -Be @('Changed portal:dave', 'Created CONTOSO\carol')
        @(Get-BmgDeviceHistory packed-03 | ForEach-Object { "$($_.Action) '$($_.ChangedBy)'" }) | Should -Be @("Created ''")
        @(Get-BmgDeviceHistory old-001).ChangedBy | Should -Be @('CONTOSO\alice')

        $csv = Join-Path $TestDrive 'after-version-25.csv'
        @('UserName,Identifier,OS,Template') + (1..20 | ForEach-Object { 'erin-user-{0:D2},erin-{0:D2},ios,Standard' -f $_ }) |
            Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv -ChangedBy 'portal:erin'
        (Invoke-StoreSql $path "SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs WHERE changed_by = 'portal:erin';")[0][0] | Should -Be 40
        @(Get-BmgDeviceHistory * -User 'portal:erin').Count | Should -Be 20
        $check = Test-BmgHistory -KnownHash $Version25Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 143
    }
}

# Forty-second round (hist42), migration 27: a created record made for someone (-ChangedBy) is hashed with canonical form
# version 4 (the pack's own bytes) instead of version 3. version26.db holds version-3 entries in packs and in a row.
Describe '15 a history written before migration 27 (canonical form version 4)' {
    It '15 verifies after the upgrade against its head, chains on in version 4, and still names an edit of an older pack' {
        $path = Copy-Version7Store -Version 26
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 26
        $packs = @((Invoke-StoreSql $path 'SELECT first_sequence, last_sequence, changed_by FROM change_history_packs ORDER BY first_sequence;') | ForEach-Object { $_ -join '-' })
        $check = Test-BmgHistory -KnownHash $Version26Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 81
        $check.HeadHash | Should -Be $Version26Head
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
        @((Invoke-StoreSql $path 'SELECT first_sequence, last_sequence, changed_by FROM change_history_packs ORDER BY first_sequence;') | ForEach-Object { $_ -join '-' }) |
            Should -Be $packs -Because 'no pack is rewritten'
        @(Get-BmgDeviceHistory carol-03 | ForEach-Object { "$($_.Action) $($_.ChangedBy)" }) | Should -Be @('Created CONTOSO\carol')
        @(Get-BmgDeviceHistory old-001).ChangedBy | Should -Be @('CONTOSO\alice')

        $csv = Join-Path $TestDrive 'after-version-26.csv'
        @('UserName,Identifier,OS,Template') + (1..20 | ForEach-Object { 'erin-user-{0:D2},erin-{0:D2},ios,Standard' -f $_ }) |
            Set-Content -LiteralPath $csv -Encoding utf8
        $null = Import-BmgDeviceCsv -Path $csv -ChangedBy 'portal:erin'
        (Invoke-StoreSql $path "SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs WHERE changed_by = 'portal:erin';")[0][0] | Should -Be 40
        $check = Test-BmgHistory -KnownHash $Version26Head
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.Entries | Should -Be 121

        # carol's pack, hashed with version 3 by the module before, edited by hand: its first entry is named.
        $first = (Invoke-StoreSql $path "SELECT min(first_sequence) FROM change_history_packs WHERE changed_by = 'CONTOSO\carol';")[0][0]
        $null = Invoke-StoreSql $path "UPDATE change_history_packs SET changed_by = 'mallory' WHERE first_sequence = $first;"
        $check = Test-BmgHistory -ErrorAction SilentlyContinue
        $check.Valid | Should -BeFalse
        $check.FirstBadEntry | Should -Be $first
        $check.Reason | Should -BeLike '*altered*'
    }
}

Describe 'A store written while the output enums were numbered from 0' {
    BeforeEach {
        $script:ZeroHead = (Get-Content -Raw (Join-Path $Corpus 'enums-from-zero.head.txt')).Trim()
        $path = Join-Path $TestDrive ("enums-from-zero-{0}.db" -f [guid]::NewGuid().ToString('N'))
        Copy-Item -LiteralPath (Join-Path $Corpus 'enums-from-zero.db') -Destination $path
        & chmod 600 $path   # private, as the module makes a store: a checked-out 0644 copy warns (StoreFileAccess)
        $global:PSDefaultParameterValues['*-Bmg*:Database'] = $path
    }

    It 'reads every DEP method and state by the name it was written with, on devices and DEP links' {
        $expected = @(
            'keycode-registered Keycode Registered'
            'mailed  Registered'
            'plain-in  CheckedIn'
            'plain-withdrawn  Withdrawn'
            'serial-in Serial CheckedIn'
            'serial-registered Serial Registered'
        )
        @(Get-BmgDevice | Sort-Object Identifier | ForEach-Object { "$($_.Identifier) $($_.DEPMethod) $($_.State)" }) | Should -Be $expected
        @(Get-BmgDeviceDepLink | Sort-Object Identifier | ForEach-Object { "$($_.Identifier) $($_.DEPMethod) $($_.State)" }) | Should -Be $expected
        @(Get-BmgDeviceDepLink -Serial BBBCCCDDDAAA | ForEach-Object { "$($_.DEPMethod) $($_.State)" }) | Should -Be @('Serial Registered')
        @(Get-BmgDevice -State Registered | Sort-Object Identifier).Identifier | Should -Be @('keycode-registered', 'mailed', 'serial-registered')
    }

    It 'reads its imports'' Mode and Status and its check-in email''s Status by name' {
        @(Get-BmgImportHistory | Sort-Object Id | ForEach-Object { "$($_.Mode) $($_.Status)" }) | Should -Be @('AllOrNothing Committed', 'AllOrNothing Refused')
        @(Get-BmgImportHistory -Status Committed).Id | Should -Be @(1)
        @(Get-BmgCheckInEmail | ForEach-Object { "$($_.Identifier) $($_.Status)" }) | Should -Be @('mailed Pending')
        @(Get-BmgCheckInEmail -Status Pending).Identifier | Should -Be @('mailed')
    }

    It 'verifies its history against the head hash written then, and chains on' {
        $check = Test-BmgHistory -KnownHash $ZeroHead
        $check.Valid | Should -BeTrue -Because $check.Reason
        $check.HeadHash | Should -Be $ZeroHead
        @(Get-BmgDeviceHistory serial-in | ForEach-Object { "$($_.SubjectKind) $($_.Action)" }) | Should -Be @('Device Changed', 'Device Created')
        @(Get-BmgDeviceHistory -Action Created).Count | Should -Be 6
        Set-BmgDevice serial-registered -DepMethod Keycode -WarningAction SilentlyContinue
        "$((Get-BmgDevice serial-registered).DEPMethod)" | Should -Be 'Keycode'
        (Test-BmgHistory).Valid | Should -BeTrue
    }
}

# Walkthrough 31, 6: an upgrade was silent, a read's too, though from then on older modules refuse the store. A store file
# is most often one admin's own, upgraded after a module update as expected: -Verbose says it (a server's store warns:
# xunit PostgresStoreUpgradeTests). Said once, by the command that upgraded; a -WhatIf says what the real run does.
Describe 'a command that upgrades a store file says so' {
    It 'a read upgrades version 15 and says so with -Verbose, with no warning; the next command says nothing' {
        $path = Copy-Version7Store -Version 15
        $current = [int](Invoke-StoreSql $path 'PRAGMA user_version;')[0][0]
        $current | Should -Be 15

        $first = Invoke-Captured { Get-BmgDevice -Verbose 4>&1 }
        $again = Invoke-Captured { Get-BmgDevice -Verbose 4>&1 }

        $first.Warnings | Should -BeNullOrEmpty
        $verbose = @($first.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $latest = [int](Invoke-StoreSql $path 'PRAGMA user_version;')[0][0]
        $latest | Should -BeGreaterThan 15
        $verbose | Should -Contain ("Upgraded the store '$path' from schema version 15 to $($latest): modules that know schema version 15 or older " +
            "(builds before this one's $latest) now refuse it (StoreVersionTooNew).")
        @($again.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Upgraded*' }) | Should -BeNullOrEmpty
    }

    It '-WhatIf of a writer says the real run upgrades the store first, and leaves the file at its version' {
        $path = Copy-Version7Store -Version 15
        $dryRun = Invoke-Captured { New-BmgDeviceTag -Name 'Upgrade-Check' -WhatIf -Verbose 4>&1 }

        @($dryRun.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) |
            Where-Object { $_ -like "The store '$path' is at schema version 15: the real run upgrades it to * first, and modules that know schema version 15 or older (builds before this one's *) then refuse it (StoreVersionTooNew). The dry run upgraded its own copy only." } |
            Should -HaveCount 1
        [int](Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be 15
    }
}

# tamper37 (tamper36's leftover): Test-BmgHistory -Records compares every row with what its entries set, and the entries of
# these stores were written by older code, in older forms (hex hashes and {"field","old","new"} lists before migration 8,
# rows by position before 11, version-1 hashes and packs before 16, enums numbered from 0). After the upgrade every row
# matches its history, and a row edited by hand before the upgrade is still named. Rows made before the store kept history
# (version 1) have no entries: counted, not compared, and once changed after the upgrade checked only for being there.
Describe 'Test-BmgHistory -Records on stores older versions wrote (tamper37)' {
    BeforeAll {
        function Copy-CorpusStore([string] $Name, [string] $Edit) {
            $path = Join-Path $TestDrive ("$Name-{0}.db" -f [guid]::NewGuid().ToString('N'))
            Copy-Item -LiteralPath (Join-Path $Corpus "$Name.db") -Destination $path
            & chmod 600 $path
            if ($Edit) { $null = Invoke-StoreSql $path $Edit }
            $global:PSDefaultParameterValues['*-Bmg*:Database'] = $path
            return $path
        }
    }

    It 'every row of <Name> matches its history after the upgrade' -ForEach @(
        @{ Name = 'version1'; Devices = 2; Users = 1; WithoutEntries = 3 }
        @{ Name = 'version7'; Devices = 3; Users = 2; WithoutEntries = 1 }
        @{ Name = 'version8'; Devices = 3; Users = 2; WithoutEntries = 1 }
        @{ Name = 'version11'; Devices = 30; Users = 31; WithoutEntries = 0 }
        @{ Name = 'version15'; Devices = 30; Users = 31; WithoutEntries = 0 }
        @{ Name = 'enums-from-zero'; Devices = 6; Users = 0; WithoutEntries = 0 }
    ) {
        $path = Copy-CorpusStore $Name
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        $records = $result.Output[0].Records
        $result.Output[0].Valid | Should -BeTrue
        $records.Match | Should -BeTrue
        $records.Devices | Should -Be $Devices
        $records.Users | Should -Be $Users
        $records.NotWhole | Should -Be 0
        $records.WithoutEntries | Should -Be $WithoutEntries
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be $CurrentVersion
    }

    It 'a row edited by hand before the upgrade is named after it: entries of the older JSON form (version 7)' {
        $null = Copy-CorpusStore version7 -Edit @"
UPDATE devices SET display_name = 'hand edited' WHERE identifier = 'old-001';
UPDATE users SET name = 'Forged' WHERE user_name = 'yamada';
"@
        $result = Invoke-Captured { Test-BmgHistory -Records }
        $result.Output[0].Valid | Should -BeTrue -Because 'the chain itself holds'
        Assert-ErrorId $result.Errors 'RecordTampered' 2
        @($result.Output[0].Records.Mismatches | ForEach-Object { "$($_.Subject) $($_.Field) '$($_.Current)' '$($_.History)'" }) |
            Should -Be @("old-001 DisplayName 'hand edited' 'Back\slash phone'", "yamada Name 'Forged' '山田 太郎'")

        # A change after the upgrade overwrites the edit: its entry found a value no entry had set, and says so.
        Set-BmgDevice old-001 -DisplayName 'After the upgrade' | Out-Null
        $later = @(Get-BmgDeviceHistory old-001)[0]
        $gap = @((Test-BmgHistory -Records -ErrorAction SilentlyContinue).Records.Mismatches | Where-Object Subject -EQ 'old-001')
        $gap | Should -HaveCount 1
        $gap[0].Sequence | Should -Be $later.Sequence
        $gap[0].Current | Should -BeExactly 'hand edited'
        $gap[0].History | Should -BeExactly 'Back\slash phone'
    }

    It 'a row edited or deleted by hand before the upgrade is named after it: entries in version-1 packs (version 15)' {
        $null = Copy-CorpusStore version15 -Edit @"
UPDATE devices SET template = NULL WHERE identifier = 'packed-03';
DELETE FROM devices WHERE identifier = 'packed-07';
"@
        $result = Invoke-Captured { Test-BmgHistory -Records }
        Assert-ErrorId $result.Errors 'RecordTampered' 2
        @($result.Output[0].Records.Mismatches | ForEach-Object { "$($_.Subject) $($_.Field) '$($_.Current)' '$($_.History)'" }) |
            Should -Be @("packed-03 Template '' 'Standard'", "packed-07  '' 'packed-07'")
        $result.Output[0].Records.Mismatches[1].Problem | Should -BeLike "Device 'packed-07' has no row, but its history says it exists (entry * is its newest, and no entry removed it): the row was deleted by hand."
    }

    It 'a row made before the store kept history is not compared, and once changed is checked only for being there (version 1)' {
        $path = Copy-CorpusStore version1
        Set-BmgDevice apple001 -Description 'after the upgrade' | Out-Null
        $null = Invoke-StoreSql $path "UPDATE devices SET display_name = 'hand edited' WHERE identifier IN ('apple001', 'apple002');"
        $records = (Test-BmgHistory -Records).Records
        $records.Match | Should -BeTrue -Because 'no entry says what either device was made with'
        $records.NotWhole | Should -Be 1
        $records.WithoutEntries | Should -Be 2
        "$records" | Should -BeExactly ('2 devices, 1 user: all match their history; 1 history without its start (cleared, or the record predates the ' +
            'history) compared only for the row; 2 rows without entries not compared') -Because 'no clear removed anything from this store'

        $null = Invoke-StoreSql $path "DELETE FROM checkin_emails WHERE identifier = 'apple001'; DELETE FROM devices WHERE identifier = 'apple001';"
        $result = Invoke-Captured { Test-BmgHistory -Records }
        Assert-ErrorId $result.Errors 'RecordTampered' 1
        $result.Output[0].Records.Mismatches[0].Subject | Should -BeExactly 'apple001'
        $result.Output[0].Records.Mismatches[0].Field | Should -BeNullOrEmpty
    }
}
