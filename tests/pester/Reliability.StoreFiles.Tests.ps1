# Issue 9, points 1, 6, 7, 13, 14 and 15, through the built module in a real pwsh: the store file and the paths
# that lead to it, files that hold check-in codes, echoed values in messages and history, and a full or read-only
# disk (real tmpfs file systems, mounted here: these tests run as root, as the rest of the reliability suite does).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    $script:Refused = 0

    function Get-Refusal([scriptblock] $Command) {
        <# The error record a command stops with (or its first error). #>
        $caught = $null
        try { & $Command -ErrorAction Stop | Out-Null } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty -Because 'the command must fail'
        return $caught
    }

    function Get-Mode([string] $Path) { ([System.IO.File]::GetUnixFileMode($Path) -as [int]) }

    function New-Tmpfs([string] $Size) {
        $path = Join-Path $TestDrive ("fs-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $path
        & mount -t tmpfs -o "size=$Size" tmpfs $path
        $LASTEXITCODE | Should -Be 0 -Because 'the test mounts a small real file system (tmpfs) as root'
        $script:Mounts.Add($path)
        return $path
    }

    $script:Mounts = [System.Collections.Generic.List[string]]::new()
}

AfterAll {
    foreach ($mount in $script:Mounts) { & umount -l $mount 2>$null }
    Write-ReliabilityFigure -Name 'store-files' -Kind 'hostile' -Count $script:Refused `
        -Note 'hostile store paths, aliases of the store, planted files and full or read-only disks refused or handled, store unchanged'
}

Describe '9.1 export onto the store through an alias' {
    BeforeEach {
        $script:Real = Join-Path $TestDrive ("real-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        $script:Database = Join-Path $Real 'store.db'
        $null = New-Item -ItemType Directory -Path $Real
        New-BmgTemplate -Name 'Standard' -Database $Database | Out-Null
        New-BmgDevice -Identifier 'keep001' -OS ios -Database $Database | Out-Null
        $script:Alias = "$Real-alias"
        $null = New-Item -ItemType SymbolicLink -Path $Alias -Target $Real
        $script:Before = Get-StoreState $Database
    }

    It '9.1 a symlinked folder leading to the store is refused with PathIsStore and the store is kept' {
        $e = Get-Refusal { Export-BmgDeviceCsv -Path (Join-Path $Alias 'store.db') -Database $Database }
        Get-ErrorId $e | Should -Be 'PathIsStore'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-StoreState $Database).Hash | Should -Be $Before.Hash
        (Get-BmgDevice -Identifier 'keep001' -Database $Database).Identifier | Should -Be 'keep001'
        $script:Refused++
    }

    It '9.1 the store''s <_> file is refused, by its own path and through the alias' -ForEach '-wal', '-shm', '-journal' {
        foreach ($target in "$Database$_", (Join-Path $Alias "store.db$_")) {
            Get-ErrorId (Get-Refusal { Export-BmgDeviceCsv -LiteralPath $target -Database $Database }) | Should -Be 'PathIsStore'
        }
        Test-Path -LiteralPath "$Database-journal" | Should -BeFalse
        (Get-StoreState $Database).Hash | Should -Be $Before.Hash
        $script:Refused++
    }

    It '9.1 a relative path, a hard link and a file link to the store are the store too' {
        Push-Location $Alias
        try { Get-ErrorId (Get-Refusal { Export-BmgDeviceCsv -Path './store.db' -Database $Database }) | Should -Be 'PathIsStore' }
        finally { Pop-Location }
        & ln $Database (Join-Path $TestDrive 'hard-link.csv')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $TestDrive 'file-link.csv') -Target $Database
        Get-ErrorId (Get-Refusal { Export-BmgDeviceCsv -Path (Join-Path $TestDrive 'hard-link.csv') -Database $Database }) | Should -Be 'PathIsStore'
        Get-ErrorId (Get-Refusal { Export-BmgDeviceCsv -Path (Join-Path $TestDrive 'file-link.csv') -Database $Database }) | Should -Be 'PathIsStore'
        (Get-StoreState $Database).Hash | Should -Be $Before.Hash
        $script:Refused++
    }

    It '9.1 STORE.DB beside store.db: on Linux another file, written; where names ignore case, the store, refused' {
        $upper = Join-Path $Real 'STORE.DB'
        if ($IsLinux) {
            Export-BmgDeviceCsv -Path $upper -Database $Database
            (Import-Csv -LiteralPath $upper).Identifier | Should -Be 'keep001'
        }
        else {
            Get-ErrorId (Get-Refusal { Export-BmgDeviceCsv -Path $upper -Database $Database }) | Should -Be 'PathIsStore'
        }
        (Get-StoreState $Database).Hash | Should -Be $Before.Hash
    }
}

Describe '9.6 files holding codes are private from the first byte' {
    It '9.6 the default store and its folder are created 0600 and 0700' {
        $data = Join-Path $TestDrive 'xdg-data'
        $result = Invoke-FreshPwsh @"
`$env:BMG_DATABASE = `$null
`$env:XDG_DATA_HOME = '$data'
Import-Module '$env:BMG_TEST_MODULE'
New-BmgTemplate -Name T | Out-Null
(Get-BmgTemplate).Name
"@
        $result.Text | Should -Match 'T'
        $folder = Join-Path $data 'BizMobileGo'
        [Convert]::ToString((Get-Mode $folder), 8) | Should -Be '700'
        [Convert]::ToString((Get-Mode $data), 8) | Should -Be '700' -Because 'every folder the module makes on the way is private'
        [Convert]::ToString((Get-Mode (Join-Path $folder 'bizmobilego.db')), 8) | Should -Be '600'
    }

    It '9.6 a watcher polling an umask-000 folder never sees an export or a new store readable by others' {
        $folder = Join-Path $TestDrive 'watched'
        $null = New-Item -ItemType Directory -Path $folder
        & chmod 777 $folder
        $database = Join-Path $TestDrive 'watched-source.db'
        New-BmgTemplate -Name 'Standard' -Database $database | Out-Null
        Import-BmgDeviceCsv -LiteralPath (New-DeviceCsv -Path (Join-Path $TestDrive 'many.csv') -Prefix 'watch' -Count 5000) -Database $database | Out-Null

        $watcher = Join-Path $TestDrive 'watcher.ps1'
        Set-Content -LiteralPath $watcher -Value @'
param([string] $Module, [string] $Folder)
$seen = @{}
$told = $false
[Console]::Out.WriteLine('watching')
while (-not (Test-Path (Join-Path $Folder '..' 'stop-watching'))) {
    foreach ($file in [System.IO.Directory]::EnumerateFiles($Folder)) {
        try { $mode = [int][System.IO.File]::GetUnixFileMode($file); $seen[$file] = $seen[$file] -bor $mode } catch { }
    }
    # Tells the writer, once, that it caught both kinds of short-lived file (outside the watched folder).
    if (-not $told -and @($seen.Keys -match '\.tmp$').Count -and @($seen.Keys -match '\.new$').Count) {
        $null = New-Item -ItemType File -Path (Join-Path $Folder '..' 'seen-both')
        $told = $true
    }
}
foreach ($k in $seen.Keys) { [Console]::Out.WriteLine(('seen {0} {1}' -f [Convert]::ToString($seen[$k], 8), $k)) }
[Console]::Out.WriteLine('done')
'@
        $child = Start-BmgChild $watcher @('-Folder', $folder)
        try {
            Wait-ChildLine $child '^watching' | Should -Be 'watching'
            # Under umask 000: a file created first and chmod'ed afterwards would be seen as 0666 for a moment.
            $script = Join-Path $TestDrive 'export-under-umask-000.ps1'
            Set-Content -LiteralPath $script -Value @"
Import-Module '$env:BMG_TEST_MODULE'
# Exports and new stores until the watcher has caught a temporary export file and a store being made (at least 3 of
# each): each lives for milliseconds, and a busy machine may not run the watcher while a given one exists.
`$round = 0
do {
    `$round++
    Export-BmgDeviceCsv -Path '$folder/devices.csv' -Database '$database' -ErrorAction Stop
    New-BmgTemplate -Name T -Database "$folder/new-`$round.db" -ErrorAction Stop | Out-Null
} while (`$round -lt 3 -or (-not (Test-Path '$TestDrive/seen-both') -and `$round -lt 200))
'exported'
"@
            $runtime = [Environment]::ProcessPath
            $pwsh = if ([System.IO.Path]::GetFileNameWithoutExtension($runtime) -eq 'dotnet') { "'$runtime' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$runtime'" }
            $result = [pscustomobject]@{ Text = (& sh -c "umask 000; exec $pwsh -NoProfile -NonInteractive -File '$script'" 2>&1) -join "`n" }
            $result.Text | Should -Match 'exported'
            $null = New-Item -ItemType File -Path (Join-Path $TestDrive 'stop-watching')
            $lines = [System.Collections.Generic.List[string]]::new()
            while ($true) {
                $line = Wait-ChildLine $child '.'
                if ($null -eq $line -or $line -eq 'done') { break }
                $lines.Add($line)
            }
        }
        finally { if (-not $child.HasExited) { $child.Kill() }; $child.WaitForExit() }
        $lines.Where({ $_ -match '\.tmp$' }).Count | Should -BeGreaterThan 0 -Because 'the watcher must have seen the temporary export files'
        $lines.Where({ $_ -match '\.new$' }).Count | Should -BeGreaterThan 0 -Because 'the watcher must have seen the new stores being made'
        foreach ($line in $lines) { $line | Should -Match '^seen 600 ' }
        $script:Refused++
    }
}

Describe '9.7 only a file this module creates becomes a store' {
    It '9.7 another user''s empty bmg.db planted in a world-writable folder is refused and left alone' {
        $shared = Join-Path $TestDrive 'shared'
        $null = New-Item -ItemType Directory -Path $shared
        & chmod 1777 $shared
        $planted = Join-Path $shared 'bmg.db'
        $null = New-Item -ItemType File -Path $planted
        & chown nobody $planted
        & chmod 666 $planted
        $e = Get-Refusal { New-BmgTemplate -Name 'T' -Database $planted }
        Get-ErrorId $e | Should -Be 'StoreOwnedByAnotherUser'
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        (Get-Item $planted).Length | Should -Be 0
        [Convert]::ToString((Get-Mode $planted), 8) | Should -Be '666'
        & stat -c '%U' $planted | Should -Be 'nobody'
        $script:Refused++
    }

    It '9.7 an empty file of one''s own, and a link to it, are refused with StoreFileEmpty' {
        $empty = Join-Path $TestDrive 'empty.db'
        $null = New-Item -ItemType File -Path $empty
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $TestDrive 'empty-link.db') -Target $empty
        Get-ErrorId (Get-Refusal { Get-BmgDevice -Database $empty }) | Should -Be 'StoreFileEmpty'
        Get-ErrorId (Get-Refusal { Get-BmgDevice -Database (Join-Path $TestDrive 'empty-link.db') }) | Should -Be 'StoreFileEmpty'
        (Get-Item $empty).Length | Should -Be 0
        $script:Refused++
    }

    It '9.7 the null device, a FIFO and links to them are refused and never chmod''ed' {
        $nullMode = Get-Mode '/dev/null'
        $fifo = Join-Path $TestDrive 'fifo'
        & mkfifo $fifo
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $TestDrive 'null-link.db') -Target '/dev/null'
        foreach ($path in '/dev/null', $fifo, (Join-Path $TestDrive 'null-link.db')) {
            $e = Get-Refusal { New-BmgTemplate -Name 'T' -Database $path }
            Get-ErrorId $e | Should -Be 'StoreNotAFile'
            "$e" | Should -BeLike "*$path*"
        }
        Get-Mode '/dev/null' | Should -Be $nullMode
        $script:Refused++
    }
}

Describe '9.13 only FileSystem paths are stores' {
    BeforeEach {
        $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        $script:SavedDatabase = $env:BMG_DATABASE
        $script:Work = Join-Path $TestDrive ("cwd-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $Work
        Push-Location $Work
        $script:SavedProcessDirectory = [System.IO.Directory]::GetCurrentDirectory()
        [System.IO.Directory]::SetCurrentDirectory($Work)
    }
    AfterEach {
        Pop-Location
        # The process's own directory too: $TestDrive is deleted after this file, and a later child process
        # started from a deleted directory fails.
        [System.IO.Directory]::SetCurrentDirectory($SavedProcessDirectory)
        $env:BMG_DATABASE = $SavedDatabase
    }

    It '9.13 -Database <Shown> is refused with InvalidStorePath and creates nothing' -ForEach @(
        @{ Shown = 'Env:\PATH'; Path = 'Env:\PATH' }
        @{ Shown = 'variable:x'; Path = 'variable:x' }
        @{ Shown = 'Function:\prompt'; Path = 'Function:\prompt' }
        @{ Shown = 'store<NUL>.db'; Path = "store`0.db" }
    ) {
        $e = Get-Refusal { New-BmgTemplate -Name 'T' -Database $Path }
        Get-ErrorId $e | Should -Be 'InvalidStorePath'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$e" | Should -Not -Match "`0"
        @(Get-ChildItem -LiteralPath $Work -Force) | Should -BeNullOrEmpty
        $script:Refused++
    }

    It '9.13 $env:BMG_DATABASE gets the same rules' {
        $env:BMG_DATABASE = 'Env:\PATH'
        $e = Get-Refusal { Get-BmgDevice }
        Get-ErrorId $e | Should -Be 'InvalidStorePath'
        "$e" | Should -Match 'BMG_DATABASE'
        @(Get-ChildItem -LiteralPath $Work -Force) | Should -BeNullOrEmpty
    }

    It '9.13 a relative $env:BMG_DATABASE is resolved against the current location, like -Database' {
        $env:BMG_DATABASE = 'relative.db'
        New-BmgTemplate -Name 'T' | Out-Null
        Test-Path -LiteralPath (Join-Path $Work 'relative.db') | Should -BeTrue
    }
}

Describe '9.14 echoed values are capped' {
    It '9.14 a cell of nearly 1 MB (the line limit) gives a short error and a short history entry, and the store does not grow by it' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $sizeBefore = (Get-Item $database).Length
        $path = Join-Path $TestDrive 'twenty-megabytes.csv'
        $writer = [System.IO.StreamWriter]::new($path, $false, [System.Text.UTF8Encoding]::new($false))
        $writer.Write("Identifier,OS,DisplayName`r`nbig001,ios,`"")
        $writer.Write([string]::new([char]'y', 1MB - 100))   # a longer line is MalformedCsv (9.12) before any field rule
        $writer.Write("`"`r`n")
        $writer.Dispose()
        $errors = @()
        try { Import-BmgDeviceCsv -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable +errors | Out-Null } catch { $errors += $_ }
        # -ErrorVariable also collects the exception that stopped the command; the error records are what is shown.
        $errors = @($errors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors | Should -Not -BeNullOrEmpty
        foreach ($e in $errors) {
            "$e".Length | Should -BeLessThan 1000
            "$($e.TargetObject)".Length | Should -BeLessThan 1000 -Because 'the target is shown too (CategoryInfo)'
            $e.CategoryInfo.TargetName.Length | Should -BeLessThan 1000
        }
        @($errors | Where-Object { "$_" -match "'y{100}…'" }) | Should -Not -BeNullOrEmpty -Because 'the value is shown, capped at 100 characters with …'
        $history = Get-BmgImportHistory -Last 1
        $history.Errors | Should -Not -BeNullOrEmpty
        foreach ($entry in $history.Errors) { $entry.Message.Length | Should -BeLessThan 1000 }
        $null = Invoke-StoreSql $database 'PRAGMA wal_checkpoint(TRUNCATE);'
        (Get-Item $database).Length | Should -BeLessThan ($sizeBefore + 1MB)
        $script:Refused++
    }
}

Describe '9.15 a full disk and read-only media' {
    It '9.15 a store in a folder no one may write is read, a write says StoreReadOnly; a folder only others may write is refused as unreadable' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
        # An archived store (README "Move a store": kept read-only for audits) in a folder made read-only (chmod 555): SQLite's
        # reader can't make the -wal file there (SQLITE_READONLY_DIRECTORY), so the store is read as immutable, which is safe
        # because no one may write that folder. A folder its owner may still write (755, owned by another user) is not read
        # so: the owner could write meanwhile. Root writes any folder, so the reading pwsh runs without CAP_DAC_OVERRIDE
        # (setpriv), as an ordinary user would; the stores are made, and closed, by a child pwsh of their own.
        $archive = Join-Path $TestDrive 'archive'
        $shared = Join-Path $TestDrive 'shared'
        $null = New-Item -ItemType Directory -Path $archive, $shared
        $run = Invoke-FreshPwsh "Import-Module '$env:BMG_TEST_MODULE'; foreach (`$d in '$archive', '$shared') { New-BmgTemplate -Name Standard -Database `"`$d/store.db`" | Out-Null; New-BmgDevice -Identifier keep001 -OS ios -Template Standard -Database `"`$d/store.db`" 3>`$null | Out-Null }"
        $run.ExitCode | Should -Be 0 -Because $run.Text
        foreach ($d in $archive, $shared) { Test-Path "$d/store.db-wal" | Should -BeFalse -Because 'the store is closed' }
        & chmod 555 $archive
        & chown nobody $shared
        & chmod 755 $shared
        $hashes = foreach ($d in $archive, $shared) { (Get-FileHash "$d/store.db").Hash }
        $exported = Join-Path $TestDrive 'from-archive.csv'
        $child = Join-Path $TestDrive 'read-only-folder.ps1'
        Set-Content -LiteralPath $child -Encoding utf8NoBOM -Value @'
param($Module, $Archive, $Shared, $Exported)
Import-Module $Module
function Show([string] $Label, [scriptblock] $Command) {
    try { "${Label}: " + ((& $Command -ErrorAction Stop) -join ',') } catch { "${Label}: $($_.FullyQualifiedErrorId.Split(',')[0]) $($_.Exception.Message)" }
}
Show 'archive devices' { (Get-BmgDevice -Database "$Archive/store.db").Identifier }
Show 'archive export' { Export-BmgDeviceCsv -Path $Exported -Database "$Archive/store.db"; (Import-Csv $Exported).Identifier }
Show 'archive history' { $v = Test-BmgHistory -Database "$Archive/store.db"; "valid=$($v.Valid) entries=$($v.Entries)" }
Show 'archive write' { New-BmgTemplate -Name More -Database "$Archive/store.db" }
Show 'shared devices' { (Get-BmgDevice -Database "$Shared/store.db").Identifier }
[Environment]::Exit(0)
'@
        try {
            $command = Get-FreshPwshCommand $child -Argument $env:BMG_TEST_MODULE, $archive, $shared, $exported
            $output = & setpriv '--bounding-set=-dac_override,-dac_read_search' $command.FilePath @($command.ArgumentList) 2>&1 | ForEach-Object { "$_" }
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        }
        finally {
            & chmod 755 $archive
        }
        $output | Should -Contain 'archive devices: keep001'
        $output | Should -Contain 'archive export: keep001'
        $output | Should -Contain 'archive history: valid=True entries=1' -Because 'the history of an archived store is verified'
        $output | Where-Object { $_ -like 'archive write: *' } | Should -BeLike 'archive write: StoreReadOnly *can be read but not written*'
        $shown = $output | Where-Object { $_ -like 'shared devices: *' }
        $shown | Should -BeLike 'shared devices: StoreReadOnly *can''t be read or written*' -Because 'its owner may write it while it is read'
        $shown | Should -Not -Match 'can be read'
        $after = foreach ($d in $archive, $shared) { (Get-FileHash "$d/store.db").Hash }
        $after | Should -Be $hashes
        foreach ($d in $archive, $shared) { Get-ChildItem $d -Name | Should -Be 'store.db' -Because 'a reader made no -wal or -shm file' }
        $script:Refused++
    }

    It '9.15 disk full mid-import: StoreFull, the store as it was, and the attempt in the history' {
        $disk = New-Tmpfs '2m'
        $database = Join-Path $disk 'store.db'
        New-BmgTemplate -Name 'Standard' -Database $database | Out-Null
        New-BmgDevice -Identifier 'keep001' -OS ios -Database $database | Out-Null
        $before = Get-StoreState $database
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive 'fills-the-disk.csv') -Prefix 'full' -Count 20000
        $e = Get-Refusal { Import-BmgDeviceCsv -LiteralPath $csv -Database $database }
        Get-ErrorId $e | Should -Be 'StoreFull'
        "$e" | Should -Match 'the disk holding the store .* is full'
        "$e" | Should -Not -Match 'SQLite Error'
        $after = Get-StoreState $database
        $after.Integrity | Should -Be 'ok'
        $after.DataHash | Should -Be $before.DataHash
        $attempt = Get-BmgImportHistory -Last 1 -Database $database
        $attempt.Committed | Should -BeFalse
        $attempt.Errors.ErrorId | Should -Contain 'StoreFull'
        $script:Refused++
    }

    It '9.15 -WhatIf whose copy of the store does not fit in the temporary folder: a dry run that writes is StoreFull naming that folder, one that only reads needs no copy, the store as it was' {
        # -WhatIf plans on a copy in SQLite's temporary folder. SQLite reads SQLITE_TMPDIR from the process's native
        # environment, which $env: does not change in a running process on Unix: a fresh pwsh that inherits it.
        $database = Join-Path $TestDrive "whatif-$([guid]::NewGuid().ToString('N')).db"
        New-BmgTemplate -Name 'Standard' -Database $database | Out-Null
        New-BmgDevice -Identifier 'keep001' -OS ios -Database $database | Out-Null
        New-BmgDevice -Identifier 'keep002' -OS ios -Database $database | Out-Null
        # A store larger than the copy's page cache (64 MB), which the copy spills beyond to its file: one value of
        # 80 MB written straight into the file (the module's rules would refuse it; the copy copies pages, not rules).
        $null = Invoke-StoreSql $database "UPDATE devices SET description = zeroblob(80 * 1024 * 1024) WHERE identifier = 'keep001';"
        $null = Invoke-StoreSql $database 'PRAGMA wal_checkpoint(TRUNCATE);'
        # A dry run writes the rows it plans chunk by chunk (1,000 rows), so that later rows see earlier ones: a file of
        # more than one chunk writes, and so needs the copy.
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive 'whatif-writes.csv') -Prefix 'write' -Count 1500
        $unchanged = Write-TestCsv (New-CsvName) @('Identifier,OS', 'keep002,ios')
        $before = (Get-FileHash -LiteralPath $database -Algorithm SHA256).Hash
        $temporary = New-Tmpfs '1m'
        $env:SQLITE_TMPDIR = $temporary
        try {
            $run = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
# A dry run that changes nothing reads the store where it is: no copy, so the full temporary folder does not matter.
Remove-BmgDevice -Identifier 'keep002' -Database '$database' -WhatIf -ErrorAction Stop 6>`$null; 'Removed=' + (Get-BmgDevice -Identifier 'keep002' -Database '$database').Identifier
'Unchanged=' + (Import-BmgDeviceCsv -LiteralPath '$unchanged' -Database '$database' -WhatIf -ErrorAction Stop 6>`$null).Unchanged
try { Import-BmgDeviceCsv -LiteralPath '$csv' -Database '$database' -WhatIf -ErrorAction Stop 6>`$null | Out-Null; 'no error' }
catch { 'ErrorId=' + `$_.FullyQualifiedErrorId; 'Message=' + `$_.Exception.Message }
"@
        } finally {
            Remove-Item Env:SQLITE_TMPDIR
        }
        $run.Text | Should -Match 'Removed=keep002'
        $run.Text | Should -Match 'Unchanged=1'
        $run.Text | Should -Match 'ErrorId=StoreFull,'
        $run.Text | Should -Match "could not write its copy of the store .*: SQLite's temporary folder .* is full"
        $run.Text | Should -Match 'start PowerShell with SQLITE_TMPDIR'
        $run.Text | Should -Not -Match 'the disk holding the store'
        $run.Text | Should -Not -Match 'SQLite Error'
        (Get-FileHash -LiteralPath $database -Algorithm SHA256).Hash | Should -Be $before -Because 'a dry run only reads the store file'
        $script:Refused++
    }

    It '9.15 an import with SQLite''s temporary folder full: its statements keep their undo in memory, so it imports every row' {
        # A chunk's multi-row INSERT keeps what undoes it (SQLite's statement journal); beyond 64 KB SQLite used to put it
        # in a file of its temporary folder, and a full folder made the import fail StoreFull, blaming the store's disk.
        # SQLite reads SQLITE_TMPDIR from the process's native environment: a fresh pwsh that inherits it.
        $database = Join-Path $TestDrive "undo-$([guid]::NewGuid().ToString('N')).db"
        New-BmgTemplate -Name 'Standard' -Database $database | Out-Null
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive 'undo-in-memory.csv') -Prefix 'undo' -Count 1500
        $temporary = New-Tmpfs '1m'
        try { [System.IO.File]::WriteAllBytes((Join-Path $temporary 'filler'), [byte[]]::new(2MB)) } catch { }
        $env:SQLITE_TMPDIR = $temporary
        try {
            $run = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
try { 'Created=' + (Import-BmgDeviceCsv -LiteralPath '$csv' -Database '$database' -ErrorAction Stop).Created }
catch { 'ErrorId=' + `$_.FullyQualifiedErrorId; 'Message=' + `$_.Exception.Message }
"@
        } finally {
            Remove-Item Env:SQLITE_TMPDIR
        }
        $run.Text | Should -Match 'Created=1500'
        $run.Text | Should -Not -Match 'ErrorId='
        (Get-BmgDevice -Database $database | Measure-Object).Count | Should -Be 1500
        (Get-StoreState $database).Integrity | Should -Be 'ok'
    }

    It '9.15 a completely full disk: reads work, a write is StoreFull' {
        $disk = New-Tmpfs '1m'
        $database = Join-Path $disk 'store.db'
        New-BmgDevice -Identifier 'keep001' -OS ios -Database $database | Out-Null
        try { [System.IO.File]::WriteAllBytes((Join-Path $disk 'filler'), [byte[]]::new(2MB)) } catch { }
        (Get-BmgDevice -Database $database).Identifier | Should -Be 'keep001'
        Get-ErrorId (Get-Refusal { New-BmgTemplate -Name 'More' -Database $database }) | Should -Be 'StoreFull'
        $script:Refused++
    }

    # Walkthrough 33b, 5: the message ran the system's text into the next sentence and said nowhere where the rows were.
    It '9.15 a failed-rows file on a full disk: FileWriteFailure saying where the failed rows are and how to get the file; the same import again writes it' {
        $disk = New-Tmpfs '1m'
        try { [System.IO.File]::WriteAllBytes((Join-Path $disk 'filler'), [byte[]]::new(2MB)) } catch { }
        $database = Join-Path $TestDrive ("rows-{0}.db" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-BmgTemplate -Name 'Standard' -Database $database | Out-Null
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive 'half-bad.csv') -Prefix 'half' -Count 300
        # 300 more rows with one field too many: each a MalformedCsv row.
        Add-Content -LiteralPath $csv -Value @(1..300 | ForEach-Object { 'badu{0:D6},User {0},b{0}@example.com,bad{0:D6},Standard,ios,,D,E,,Serial,extra' -f $_ })
        $rejected = Join-Path $disk 'rejected.csv'

        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $csv -SkipInvalidRows -FailedRowsPath $rejected -Database $database }
        $summary = $result.Output | Where-Object Source
        $summary.Created | Should -Be 300
        $summary.Failed | Should -Be 300
        $summary.Committed | Should -BeTrue
        $writeFailure = @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'FileWriteFailure' })
        $writeFailure | Should -HaveCount 1
        $writeFailure[0].TargetObject | Should -Be $rejected
        $writeFailure[0].Exception.Message | Should -Be ("The failed rows could not be written to '$rejected': No space left on device. The import itself is settled as reported: " +
            "its 300 failed rows are still in '$csv', and their lines and errors in its import history ((Get-BmgImportHistory -Id $($summary.HistoryId)).Errors). " +
            'To get the file, clear what stopped it (free some space, get write permission) or name another -FailedRowsPath, and run the same import again: ' +
            'the rows it imported are then unchanged, and the failed rows fail again, into the file.')
        Test-Path -LiteralPath $rejected | Should -BeFalse -Because 'nothing half-written'
        # Where the message says the rows are.
        $errors = @((Get-BmgImportHistory -Id $summary.HistoryId -Database $database).Errors)
        $errors.Count | Should -BeGreaterThan 0
        $errors[0].Line | Should -Be 302

        # As it says: space freed, the same import again writes the file with every failed row, and changes nothing else.
        Remove-Item -LiteralPath (Join-Path $disk 'filler')
        $again = Import-BmgDeviceCsv -LiteralPath $csv -SkipInvalidRows -FailedRowsPath $rejected -Database $database -ErrorAction SilentlyContinue
        $again.Unchanged | Should -Be 300
        $again.Failed | Should -Be 300
        @(Import-Csv -LiteralPath $rejected).Count | Should -Be 300
        $script:Refused++
    }

    It '9.15 a store on read-only media is read, and a write says StoreReadOnly' {
        $disk = New-Tmpfs '4m'
        $database = Join-Path $disk 'store.db'
        New-BmgTemplate -Name 'Standard' -Database $database | Out-Null
        New-BmgDevice -Identifier 'keep001' -OS ios -Template Standard -Database $database | Out-Null
        & mount -o remount,ro $disk
        $LASTEXITCODE | Should -Be 0
        (Get-BmgDevice -Database $database).Identifier | Should -Be 'keep001'
        (Get-BmgTemplate -Database $database).Name | Should -Be 'Standard'
        Export-BmgDeviceCsv -Path (Join-Path $TestDrive 'from-read-only.csv') -Database $database
        (Import-Csv (Join-Path $TestDrive 'from-read-only.csv')).Identifier | Should -Be 'keep001'
        $e = Get-Refusal { New-BmgTemplate -Name 'More' -Database $database }
        Get-ErrorId $e | Should -Be 'StoreReadOnly'
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        # -WhatIf plans on a private copy, so read-only media do not stop it: what would change is shown, nothing is.
        # 1,500 rows: more than a chunk (1,000), so the dry run writes, and makes its copy from the read-only store.
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive 'onto-read-only.csv') -Prefix 'ronly' -Count 1500
        # (In a child pwsh: its 1,500 "What if:" lines go to its output, not this run's console.)
        $run = Invoke-FreshPwsh "Import-Module '$env:BMG_TEST_MODULE'; 'Created=' + (Import-BmgDeviceCsv -LiteralPath '$csv' -Database '$database' -WhatIf -ErrorAction Stop).Created"
        $run.Text | Should -Match 'Created=1500'
        $run.Text | Should -Not -Match 'SQLite Error'
        Remove-BmgDevice -Identifier 'keep001' -Database $database -WhatIf -ErrorAction Stop 6>$null
        (Get-BmgDevice -Database $database).Identifier | Should -Be 'keep001'
        $script:Refused++
    }
}
