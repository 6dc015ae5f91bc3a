# A SQLite store file's own mode and kind (thirty-fourth round, left34c), through the built module in a real pwsh: a store
# file (or its -wal/-shm) open to other accounts warns, once a session; a store file no one may write (chmod a-w, an
# archive) is opened to read also by root, whom SQLite would let write it; a folder given as the store path is refused
# saying so. SQLite files only (file modes): not on the PostgreSQL list of StoreSuites.psd1. These tests run as root, as
# the rest of the suite does; the archive's test runs its commands a second time without CAP_DAC_OVERRIDE (setpriv), as
# an ordinary user would.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1

    function Get-Refusal([scriptblock] $Command) {
        <# The error record a command stops with (or its first error). #>
        $caught = $null
        try { & $Command -ErrorAction Stop | Out-Null } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty -Because 'the command must fail'
        return $caught
    }
}

Describe 'a store file open to other accounts warns once a session (left34c, item 1)' {
    It 'a store of mode <Mode> warns naming the file, its mode and chmod 600; the next command says nothing' -TestCases @(
        @{ Mode = '644' }
        @{ Mode = '640' }   # group-readable (a team's shared folder): the group can read every check-in code too
        @{ Mode = '606' }
    ) {
        param($Mode)
        $store = New-TestStore
        New-BmgTemplate -Name Standard | Out-Null
        & chmod $Mode $store

        $first = Invoke-Captured { Get-BmgTemplate }
        $again = Invoke-Captured { Get-BmgTemplate; New-BmgTemplate -Name More }

        $first.Output.Name | Should -Be 'Standard'
        @($first.Warnings) | Should -HaveCount 1
        $warning = "$($first.Warnings[0])"
        $warning | Should -BeLike "The store file* '$store' (mode 0$Mode)*open to other accounts (group or others): a store holds every check-in code and the users' names and addresses.*"
        $warning | Should -BeLike "*chmod 600 '$store'*"
        $again.Warnings | Should -BeNullOrEmpty -Because 'once a session, not once a command'
        $again.Errors | Should -BeNullOrEmpty
    }

    It 'a store kept open between commands still warns of a -wal, and of the store file, made open to others between them' {
        # A command that only reads keeps the store open for the next (OpenStores): the store file's mode is then the one its
        # stamp shows (a chmod changes the stamp, and the store is opened afresh), the -wal's is asked each command (calls42).
        $store = New-TestStore
        New-BmgTemplate -Name Standard | Out-Null
        $kept = Invoke-Captured { Get-BmgTemplate }
        Test-Path -LiteralPath "$store-wal" | Should -BeTrue -Because 'the kept connection keeps its -wal'

        & chmod 644 "$store-wal"
        $walOpened = Invoke-Captured { Get-BmgTemplate }
        & chmod 640 $store
        $fileOpened = Invoke-Captured { Get-BmgTemplate }

        $kept.Warnings | Should -BeNullOrEmpty
        @($walOpened.Warnings) | Should -HaveCount 1
        "$($walOpened.Warnings[0])" | Should -BeLike "The store file '$store-wal' (mode 0644) is open to other accounts*chmod 600 '$store-wal'"
        @($fileOpened.Warnings) | Should -HaveCount 1
        # Opened afresh: SQLite makes the new -shm with the store file's mode, so it may be named too; the -wal was told already.
        "$($fileOpened.Warnings[0])" | Should -BeLike "The store file* '$store' (mode 0640)* open to other accounts*chmod 600 '$store'*"
        "$($fileOpened.Warnings[0])" | Should -Not -BeLike "*'$store-wal'*"
        $fileOpened.Output.Name | Should -Be 'Standard'
    }

    It 'a store the module made (0600) warns of nothing, and its -wal and -shm are 0600 too' {
        $store = New-TestStore
        $result = Invoke-Captured { New-BmgTemplate -Name Standard; Get-BmgTemplate }

        $result.Warnings | Should -BeNullOrEmpty
        foreach ($file in $store, "$store-wal", "$store-shm") {
            if (Test-Path -LiteralPath $file) { (Get-Item -LiteralPath $file).UnixMode | Should -Be '-rw-------' }
        }
    }

    It 'a read-only archive open to others (0444) is told chmod 400, which keeps it read-only' {
        $store = New-TestStore
        New-BmgTemplate -Name Standard | Out-Null
        # Closed, as an archived store is: the -wal and -shm files are gone.
        $null = Invoke-FreshPwsh "Import-Module '$env:BMG_TEST_MODULE'; New-BmgTemplate -Name Archived -Database '$store' | Out-Null"
        $archive = Join-Path $TestDrive ("archive-{0}.db" -f [guid]::NewGuid().ToString('N'))
        $run = Invoke-FreshPwsh "Copy-Item -LiteralPath '$store' -Destination '$archive'; & chmod 444 '$archive'; Import-Module '$env:BMG_TEST_MODULE'; (Get-BmgTemplate -Database '$archive').Name -join ','"

        $run.ExitCode | Should -Be 0 -Because $run.Text
        # Its -wal and -shm, which SQLite makes as it reads with the store file's mode, are named too, each once.
        $run.Text | Should -BeLike "*WARNING: The store files '$archive' (mode 0444), '$archive-wal' (mode 0444), '$archive-shm' (mode 0444) are open to other accounts*chmod 400 '$archive' '$archive-wal' '$archive-shm'*"
        $run.Output[-1] | Should -Be 'Archived,Standard'
    }
}

Describe 'a store file no one may write is opened to read, by root too (left34c, item 2)' {
    It 'as root and as an ordinary user: reads work, a change is StoreReadOnly, an upgrade too, and the file is unchanged' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
        $archive = Join-Path $TestDrive 'archive.db'
        $made = Invoke-FreshPwsh "Import-Module '$env:BMG_TEST_MODULE'; New-BmgTemplate -Name Standard -Database '$archive' | Out-Null; New-BmgDevice -Identifier keep001 -OS ios -Template Standard -Database '$archive' 3>`$null | Out-Null"
        $made.ExitCode | Should -Be 0 -Because $made.Text
        # An archive of an older module's store: the read would upgrade it, which changes the file as much as a write does.
        $older = Join-Path $TestDrive 'archive-version15.db'
        Copy-Item -LiteralPath (Join-Path $PSScriptRoot '../corpus/stores/version15.db') -Destination $older
        & chmod 400 $archive $older   # chmod a-w of a private store
        $hashes = foreach ($file in $archive, $older) { (Get-FileHash -LiteralPath $file).Hash }
        $child = Join-Path $TestDrive 'archive.ps1'
        Set-Content -LiteralPath $child -Encoding utf8NoBOM -Value @'
param($Module, $Archive, $Older)
Import-Module $Module
function Show([string] $Label, [scriptblock] $Command) {
    try { "${Label}: " + ((& $Command -ErrorAction Stop) -join ',') } catch { "${Label}: $($_.FullyQualifiedErrorId.Split(',')[0]) $($_.Exception.Message)" }
}
Show 'devices' { (Get-BmgDevice -Database $Archive).Identifier }
Show 'history' { $v = Test-BmgHistory -Database $Archive; "valid=$($v.Valid) entries=$($v.Entries)" }
Show 'write' { New-BmgTemplate -Name More -Database $Archive }
Show 'older' { (Get-BmgDevice -Database $Older).Identifier }
[Environment]::Exit(0)
'@
        $command = Get-FreshPwshCommand $child -Argument $env:BMG_TEST_MODULE, $archive, $older
        $asRoot = & $command.FilePath @($command.ArgumentList) 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 0 -Because ($asRoot -join "`n")
        $asUser = & setpriv '--bounding-set=-dac_override,-dac_read_search' $command.FilePath @($command.ArgumentList) 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 0 -Because ($asUser -join "`n")

        foreach ($output in @(, $asRoot) + @(, $asUser)) {
            $output | Should -Contain 'devices: keep001'
            $output | Should -Contain 'history: valid=True entries=1'
            $output | Where-Object { $_ -like 'write: *' } | Should -BeLike 'write: StoreReadOnly *can be read but not written*nothing was changed*'
            $output | Where-Object { $_ -like 'older: *' } | Should -BeLike 'older: StoreReadOnly *schema version 15 and must be upgraded*can''t be written*it was not changed*'
        }
        $after = foreach ($file in $archive, $older) { (Get-FileHash -LiteralPath $file).Hash }
        $after | Should -Be $hashes
        [int](Invoke-StoreSql $older 'PRAGMA user_version;')[0][0] | Should -Be 15
        [int](Invoke-StoreSql $archive "SELECT count(*) FROM templates WHERE name = 'More';")[0][0] | Should -Be 0
    }
}

Describe 'a folder given as the store path (left34c, item 3)' {
    BeforeAll {
        $script:SavedDefault = $global:PSDefaultParameterValues['*-Bmg*:Database']
        $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
    }

    AfterAll { $global:PSDefaultParameterValues['*-Bmg*:Database'] = $script:SavedDefault }

    It '<Command> is StoreOpenFailure saying it is a folder and naming a store file in it; nothing is created there' -TestCases @(
        @{ Command = 'a read'; Run = { param($Path) Get-BmgDevice -Database $Path } }
        @{ Command = 'a write'; Run = { param($Path) New-BmgTemplate -Name Standard -Database $Path } }
        @{ Command = 'a dry run'; Run = { param($Path) New-BmgTemplate -Name Standard -Database $Path -WhatIf } }
    ) {
        param($Command, $Run)
        $folder = Join-Path $TestDrive ("stores-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $folder
        foreach ($path in $folder, "$folder/") {
            $e = Get-Refusal { & $Run $path }
            Get-ErrorId $e | Should -Be 'StoreOpenFailure'
            "$e" | Should -Be "The store path '$path' is a folder, not a store file; nothing was created in it. Give the path of the store file (a new store is made where no file exists yet), for example -Database '$folder/bizmobilego.db'."
        }
        @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
    }
}
