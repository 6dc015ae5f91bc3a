# RELIABILITY.md's concurrency guarantees on PostgreSQL, with a real server and real pwsh children: two admins
# claiming one serial, an import racing a check-in, a -Confirm prompt holding no lock, a client killed with SIGKILL
# mid-import, the server restarted mid-import, and a unique violation from the server; and README's "Share one
# inventory" rights: an everyday database user with only the grants it names. PostgreSQL only: it runs in
# build.ps1 Test's PostgreSQL Pester run (tests/pester/StoreSuites.psd1, PostgresOnly), never on SQLite.
#
# No test asserts on time. Order is made, not hoped for: a child stops before a given row until told to go on (its
# standard input), and the server says who holds the store's writer lock and who waits (pg_stat_activity, pg_locks).
#
# The one clock these tests cannot wait out is the store's own: a writer waits for the writer lock 30 s (lock_timeout),
# then fails with StoreBusy. So from the moment a child waits for the lock to the holder's commit, as little runs as
# the test can arrange, whatever the machine's load (a machine loaded 50-60 deep on 2 cores runs a process ~30 times
# slower): the holder pauses after its last row, when every chunk is written and only the commit is left (its file a
# whole number of 1,000-row chunks, ImportChunk.Rows), and no child process starts while another waits for the lock
# (a pwsh start with the module took most of the 30 s there).

BeforeDiscovery {
    $script:KillMoments = @(
        @{ Moment = 'before its first chunk reached the server'; PauseAt = 501; InTransaction = $false }
        @{ Moment = 'with its first chunk written in the open transaction'; PauseAt = 1501; InTransaction = $true }
        @{ Moment = 'after every row was written, before the commit'; PauseAt = -1; InTransaction = $true }
    )
    $script:RestartModes = @(
        @{ Mode = 'fast'; Source = 'piped rows' }
        @{ Mode = 'immediate'; Source = 'piped rows' }
        @{ Mode = 'fast'; Source = 'a file (a FIFO the test writes)' }
    )
    $script:UniqueKeys = @(
        @{ Key = 'serial'; ErrorId = 'DuplicateSerial'
            RawSql = "INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at, serial) VALUES ('rawdev01', 'rawcode1', 'ios', 7, 'Registered', now(), now(), 'UNIQ0000005Q');" }
        @{ Key = 'identifier (another case)'; ErrorId = 'AlreadyExists'
            RawSql = "INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at) VALUES ('UNIQ000005', 'rawcode1', 'ios', 7, 'Registered', now(), now());" }
        @{ Key = 'user name'; ErrorId = 'AlreadyExists'
            RawSql = "INSERT INTO users (user_name, name) VALUES ('uniqu000005', 'Raw user');" }
    )
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/Postgres.Common.ps1

    if ((Get-TestStoreKind) -ne 'postgres' -or -not $env:BMG_TEST_POSTGRES) {
        throw ('Postgres.Concurrency.Tests.ps1 runs on PostgreSQL only: BMG_TEST_STORE=postgres and BMG_TEST_POSTGRES (an admin URI ' +
            'of the test server) must be set, as build.ps1 Test does for its PostgreSQL run (tests/pester/StoreSuites.psd1, PostgresOnly).')
    }

    $script:ImportChild = Join-Path $TestDrive 'pg-import-child.ps1'
    Set-Content -LiteralPath $script:ImportChild -Value $script:PostgresImportChild -Encoding utf8NoBOM

    $script:CheckInChild = Join-Path $TestDrive 'pg-checkin-child.ps1'
    Set-Content -LiteralPath $script:CheckInChild -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $Identifier, [string] $Code)
Import-Module $Module
[Console]::Out.WriteLine('checking in')
try {
    $link = Register-BmgDeviceCheckIn -Identifier $Identifier -Code $Code -Database $Database -ErrorAction Stop
    [Console]::Out.WriteLine("checkedin $($link.State)|$($link.DisplayName)")
}
catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0]) $($_.Exception.GetType().FullName)") }
[Console]::Out.WriteLine('end')
'@

    $script:RemoveChild = Join-Path $TestDrive 'pg-remove-child.ps1'
    Set-Content -LiteralPath $script:RemoveChild -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $Identifier)
Import-Module $Module
# ConfirmImpact High: the console host asks, and reads the answer from standard input.
Remove-BmgDevice -Identifier $Identifier -Database $Database -ErrorAction SilentlyContinue -ErrorVariable failures
foreach ($e in $failures) { [Console]::Out.WriteLine("error $($e.FullyQualifiedErrorId.Split(',')[0]) $($e.Exception.GetType().FullName)") }
[Console]::Out.WriteLine('end')
'@

    # Seed rows share the import file's header (New-DeviceCsv's), so a row changes only what the test means it to.
    $script:DeviceHeader = 'UserName,Name,EmailAddress,Identifier,Template,OS,Serial,DisplayName,Description,RegistrationEmail,DEPMethod,Code'

    function Add-CsvRow([string] $Path, [string[]] $Rows, [switch] $First) {
        # New-DeviceCsv writes no Code column: add an empty one, then the rows (first or last).
        $lines = [System.Collections.Generic.List[string]]([System.IO.File]::ReadAllLines($Path))
        if ($lines[0] -notlike '*,Code') { for ($i = 0; $i -lt $lines.Count; $i++) { $lines[$i] = $lines[$i] + ($(if ($i -eq 0) { ',Code' } else { ',' })) } }
        if ($First) { $lines.InsertRange(1, $Rows) } else { $lines.AddRange($Rows) }
        [System.IO.File]::WriteAllLines($Path, $lines, [System.Text.UTF8Encoding]::new($false))
        return $Path
    }

    function Wait-Waiting([string] $Database, [string] $Name, [System.Diagnostics.Process] $Process) {
        # True once the child's session waits for a lock on the server; false when the child ended first.
        Wait-Until -What "the session '$Name' to wait for a lock" -Condition {
            @(Get-PostgresSessions $Database | Where-Object { $_.Name -eq $Name -and $_.WaitType -eq 'Lock' }).Count -gt 0
        } -Abort { $Process.HasExited }
    }

    function Wait-Written([string] $Database, [string] $Name, [System.Diagnostics.Process] $Process) {
        # True once the paused child's open transaction has written its rows (the server gave it a transaction id) and
        # waits for the client: the chunk written before the pause is in, only the commit is left. False when it ended.
        Wait-Until -What "the session '$Name' to have written its rows in its open transaction" -Condition {
            @(Get-PostgresSessions $Database | Where-Object { $_.Name -eq $Name -and $_.Wrote -and $_.State -eq 'idle in transaction' }).Count -gt 0
        } -Abort { $Process.HasExited }
    }

    $script:Figures = @{ SameSerial = 0; CheckInRace = 0; Prompt = 0; Kills = 0; Restarts = 0; UniqueViolations = 0; EverydayUserRights = 0 }
}

AfterAll {
    if ($script:Figures) {
        $total = ($script:Figures.Values | Measure-Object -Sum).Sum
        Write-ReliabilityFigure -Name 'postgres-concurrency' -Kind 'postgres-concurrency' -Count $total `
            -Note 'PostgreSQL concurrency runs passed (same serial, import vs check-in, prompt, SIGKILL, server restart, unique violation, everyday user rights)' -Extra $script:Figures
    }
}

Describe 'Two admins importing files that claim the same serial (PostgreSQL)' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
    }

    It 'the first holds the store, the second waits for it: the first wins the serial, the second file is refused whole with DuplicateSerial on that row' {
        # A: one 1,000-row chunk, paused after its last row (written, not committed): after 'go' only A's commit is left.
        $fileA = New-DeviceCsv -Path (Join-Path $TestDrive 'admin-a.csv') -Prefix 'sera' -Count 1000
        $fileB = New-DeviceCsv -Path (Join-Path $TestDrive 'admin-b.csv') -Prefix 'serb' -Count 600
        # B's row 300 claims the serial of A's row 10.
        (Get-Content -Raw $fileB).Replace('SERB0000300Q', 'SERA0000010Q') | Set-Content -NoNewline -LiteralPath $fileB
        $uriA = Add-ApplicationName $Database 'bmg-admin-a'
        $uriB = Add-ApplicationName $Database 'bmg-admin-b'

        $a = Start-BmgChild $ImportChild @('-Database', $uriA, '-Csv', $fileA, '-PauseAt', 1001, '-LastLine', 1001)
        $b = $null
        try {
            Wait-ChildLine $a '^paused' | Should -Be 'paused 1001'
            # A's chunk (rows 1-1000, the serial among them) is written in its open transaction, under the writer lock.
            Wait-Written $Database 'bmg-admin-a' $a | Should -BeTrue
            $sessionA = @(Get-PostgresSessions $Database | Where-Object Name -EQ 'bmg-admin-a')
            $sessionA.InTransaction | Should -Contain $true
            $sessionA.HoldsAdvisory | Should -Contain $true -Because "the writer holds the store's advisory lock until it commits"

            $b = Start-BmgChild $ImportChild @('-Database', $uriB, '-Csv', $fileB)
            Wait-Waiting $Database 'bmg-admin-b' $b | Should -BeTrue -Because 'the second import waits for the first writer'
            $a.StandardInput.WriteLine('go')
            $resultA = Get-ChildOutcome (Read-ChildRest $a)
            $resultB = Get-ChildOutcome (Read-ChildRest $b)
        }
        finally {
            foreach ($child in @($a, $b)) { if ($child -and -not $child.HasExited) { $child.Kill($true) } }
        }

        $resultA.Outcome | Should -Be 'ok True 1000 0 0 0'
        $resultB.Outcome | Should -Match '^error ImportFailed ' -Because 'an all-or-nothing import with a failed row writes nothing'
        $resultB.RowErrors | Should -HaveCount 1
        $resultB.RowErrors[0] | Should -Match '^row DuplicateSerial BizMobileGo\.'
        @(Get-BmgDevice -Database $Database | Where-Object Serial -EQ 'SERA0000010Q').Identifier | Should -Be @('sera000010')
        $state = Get-PostgresStoreState $Database
        $state.Counts['devices'] | Should -Be 1000
        $state.Counts['users'] | Should -Be 1000
        $state.Counts['checkin_emails'] | Should -Be 1000
        $script:Figures.SameSerial++
    }

    It 'racing freely with -SkipInvalidRows: exactly one holds the serial, the other reports DuplicateSerial for that row alone' {
        $fileA = New-DeviceCsv -Path (Join-Path $TestDrive 'free-a.csv') -Prefix 'frea' -Count 800
        $fileB = New-DeviceCsv -Path (Join-Path $TestDrive 'free-b.csv') -Prefix 'freb' -Count 800
        (Get-Content -Raw $fileB).Replace('FREB0000400Q', 'FREA0000400Q') | Set-Content -NoNewline -LiteralPath $fileB

        $a = Start-BmgChild $ImportChild @('-Database', $Database, '-Csv', $fileA, '-SkipInvalidRows')
        $b = Start-BmgChild $ImportChild @('-Database', $Database, '-Csv', $fileB, '-SkipInvalidRows')
        try {
            $results = @((Get-ChildOutcome (Read-ChildRest $a)), (Get-ChildOutcome (Read-ChildRest $b)))
        }
        finally {
            foreach ($child in @($a, $b)) { if (-not $child.HasExited) { $child.Kill($true) } }
        }

        $outcomes = @($results.Outcome | Sort-Object)
        $outcomes | Should -Be @('ok True 799 0 0 1', 'ok True 800 0 0 0')
        $duplicates = @($results | ForEach-Object { $_.RowErrors })
        $duplicates | Should -HaveCount 1
        $duplicates[0] | Should -Match '^row DuplicateSerial BizMobileGo\.'
        @(Get-BmgDevice -Database $Database | Where-Object Serial -EQ 'FREA0000400Q') | Should -HaveCount 1
        $state = Get-PostgresStoreState $Database
        $state.Counts['devices'] | Should -Be 1599
        $state.Counts['checkin_emails'] | Should -Be 1599
        $script:Figures.SameSerial++
    }
}

Describe 'An import racing a check-in of one of its devices (PostgreSQL)' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $seed = Write-TestCsv -Name (New-CsvName 'race-seed') -Lines @($DeviceHeader,
            ',,,race01,Standard,ios,,Seed name,,,,race1234',
            ',,,race02,Standard,ios,,Seed name,,,,race5678')
        (Import-BmgDeviceCsv -LiteralPath $seed -Database $Database).Created | Should -Be 2
    }

    It 'a check-in waits while an import that changes the device holds the store, then checks in the imported values' {
        # 1,000 rows (one chunk), paused after the last: after 'go' only the import's commit is left.
        $file = New-DeviceCsv -Path (Join-Path $TestDrive 'race-a.csv') -Prefix 'rcea' -Count 999
        $file = Add-CsvRow $file @(',,,race01,Standard,ios,,Imported name,,,,') -First
        $uriA = Add-ApplicationName $Database 'bmg-race-import'
        $uriB = Add-ApplicationName $Database 'bmg-race-checkin'

        $a = Start-BmgChild $ImportChild @('-Database', $uriA, '-Csv', $file, '-PauseAt', 1001, '-LastLine', 1001)
        $b = $null
        try {
            Wait-ChildLine $a '^paused' | Should -Be 'paused 1001'
            Wait-Written $Database 'bmg-race-import' $a | Should -BeTrue
            $b = Start-BmgChild $CheckInChild @('-Database', $uriB, '-Identifier', 'race01', '-Code', 'race1234')
            Wait-Waiting $Database 'bmg-race-checkin' $b | Should -BeTrue -Because 'a check-in is a write: it waits for the import holding the store'
            $a.StandardInput.WriteLine('go')
            $resultA = Get-ChildOutcome (Read-ChildRest $a)
            $linesB = Read-ChildRest $b
        }
        finally {
            foreach ($child in @($a, $b)) { if ($child -and -not $child.HasExited) { $child.Kill($true) } }
        }

        $resultA.Outcome | Should -Be 'ok True 999 1 0 0'
        $linesB | Should -Contain 'checkedin CheckedIn|Imported name' -Because 'the check-in ran after the import committed and saw its values'
        $device = Get-BmgDevice -Identifier 'race01' -Database $Database
        "$($device.State)|$($device.DisplayName)" | Should -Be 'CheckedIn|Imported name'
        $script:Figures.CheckInRace++
    }

    It 'an import and a check-in both waiting behind a third writer end in one serial order; the edit lock is never bypassed' {
        $holderFile = New-DeviceCsv -Path (Join-Path $TestDrive 'race-holder.csv') -Prefix 'rceh' -Count 1000
        $file = New-DeviceCsv -Path (Join-Path $TestDrive 'race-late.csv') -Prefix 'rcel' -Count 50
        $file = Add-CsvRow $file @(',,,race02,Standard,ios,,Imported name,,,,')
        $uriHolder = Add-ApplicationName $Database 'bmg-race-holder'
        $uriB = Add-ApplicationName $Database 'bmg-race-checkin'
        $uriA = Add-ApplicationName $Database 'bmg-race-import'
        $before = Get-PostgresStoreState $Database

        $holder = Start-BmgChild $ImportChild @('-Database', $uriHolder, '-Csv', $holderFile, '-PauseAt', 1001, '-LastLine', 1001)
        $a = $null; $b = $null
        try {
            Wait-ChildLine $holder '^paused' | Should -Be 'paused 1001'
            Wait-Written $Database 'bmg-race-holder' $holder | Should -BeTrue
            # The check-in and the import start together and queue in whichever order they come: whichever the server
            # lets in first, the other must see its result. (Started one after the other, the import's process start
            # ran inside the check-in's 30 s wait.)
            $b = Start-BmgChild $CheckInChild @('-Database', $uriB, '-Identifier', 'race02', '-Code', 'race5678')
            $a = Start-BmgChild $ImportChild @('-Database', $uriA, '-Csv', $file)
            Wait-Waiting $Database 'bmg-race-checkin' $b | Should -BeTrue
            Wait-Waiting $Database 'bmg-race-import' $a | Should -BeTrue
            $holder.StandardInput.WriteLine('go')
            (Get-ChildOutcome (Read-ChildRest $holder)).Outcome | Should -Be 'ok True 1000 0 0 0'
            $linesB = Read-ChildRest $b
            $resultA = Get-ChildOutcome (Read-ChildRest $a)
        }
        finally {
            foreach ($child in @($holder, $a, $b)) { if ($child -and -not $child.HasExited) { $child.Kill($true) } }
        }

        $checkIn = @($linesB | Where-Object { $_ -like 'checkedin *' })
        $checkIn | Should -HaveCount 1 -Because 'the check-in itself is valid in either order'
        $device = Get-BmgDevice -Identifier 'race02' -Database $Database
        $device.State | Should -Be 'CheckedIn'
        if ($checkIn[0] -eq 'checkedin CheckedIn|Seed name') {
            # The check-in came first: the import must see a checked-in device, refuse its row and write nothing.
            $resultA.Outcome | Should -Match '^error ImportFailed ' -Because 'the import that came second must see the device checked in (no stale read taken before it waited)'
            $resultA.RowErrors | Should -HaveCount 1
            $resultA.RowErrors[0] | Should -Match '^row DeviceLocked BizMobileGo\..* race02$|^row DeviceLocked BizMobileGo\.'
            $device.DisplayName | Should -Be 'Seed name'
            (Get-PostgresStoreState $Database).Counts['devices'] | Should -Be ($before.Counts['devices'] + 1000)
        }
        else {
            # The import came first: the check-in saw its values.
            $checkIn[0] | Should -Be 'checkedin CheckedIn|Imported name'
            $resultA.Outcome | Should -Be 'ok True 50 1 0 0'
            $device.DisplayName | Should -Be 'Imported name'
        }
        $script:Figures.CheckInRace++
    }
}

Describe 'A -Confirm prompt holds no lock (PostgreSQL)' {
    It 'while Remove-BmgDevice waits at its prompt another admin imports and checks the device in; Yes then finds it checked in and removes nothing' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $seed = Write-TestCsv -Name (New-CsvName 'prompt-seed') -Lines @($DeviceHeader, ',,,conf01,Standard,ios,,Asked about,,,,conf1234')
        (Import-BmgDeviceCsv -LiteralPath $seed -Database $database).Created | Should -Be 1
        $uriPrompt = Add-ApplicationName $database 'bmg-prompt'

        $prompt = Start-BmgChild $RemoveChild @('-Database', $uriPrompt, '-Identifier', 'conf01') -Interactive
        try {
            Wait-ChildLine $prompt 'Performing the operation "Remove" on target "Device .conf01' | Should -Not -BeNullOrEmpty
            # The prompt is open: its session (if its connection is still open) is in no transaction and holds no lock.
            foreach ($session in @(Get-PostgresSessions $database | Where-Object Name -EQ 'bmg-prompt')) {
                $session.InTransaction | Should -BeFalse
                $session.HoldsAdvisory | Should -BeFalse
            }
            $others = New-DeviceCsv -Path (Join-Path $TestDrive 'prompt-others.csv') -Prefix 'conf' -Count 300
            $summary = Import-BmgDeviceCsv -LiteralPath $others -Database $database -ErrorAction Stop
            $summary.Committed | Should -BeTrue
            $summary.Created | Should -Be 300
            (Register-BmgDeviceCheckIn -Identifier 'conf01' -Code 'conf1234' -Database $database -ErrorAction Stop).State | Should -Be 'CheckedIn'

            $prompt.StandardInput.WriteLine('Y')
            $lines = Read-ChildRest $prompt
        }
        finally {
            if (-not $prompt.HasExited) { $prompt.Kill($true) }
        }

        # Asked about a registered device, answered Yes: the second look inside the transaction finds it checked in.
        $lines | Should -Contain 'error DeviceLocked BizMobileGo.Core.Errors.BmgException'
        (Get-BmgDevice -Identifier 'conf01' -Database $database).State | Should -Be 'CheckedIn'
        (Get-PostgresStoreState $database).Counts['devices'] | Should -Be 301
        $script:Figures.Prompt++
    }

    It 'while Import-BmgDeviceCsv -Confirm waits at its prompt another admin takes a serial of its file; Yes then finds the serial taken and writes nothing' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $asking = New-DeviceCsv -Path (Join-Path $TestDrive 'prompt-asking.csv') -Prefix 'cnfa' -Count 200
        $other = New-DeviceCsv -Path (Join-Path $TestDrive 'prompt-other.csv') -Prefix 'cnfb' -Count 200
        # The other admin's row 100 claims the serial of the asking admin's row 100.
        (Get-Content -Raw $other).Replace('CNFB0000100Q', 'CNFA0000100Q') | Set-Content -NoNewline -LiteralPath $other
        $uriPrompt = Add-ApplicationName $database 'bmg-prompt-import'

        $prompt = Start-BmgChild $ImportChild @('-Database', $uriPrompt, '-Csv', $asking, '-AskFirst') -Interactive
        try {
            Wait-ChildLine $prompt 'Import users and devices from' | Should -Not -BeNullOrEmpty
            foreach ($session in @(Get-PostgresSessions $database | Where-Object Name -EQ 'bmg-prompt-import')) {
                $session.InTransaction | Should -BeFalse
                $session.HoldsAdvisory | Should -BeFalse
            }
            $summary = Import-BmgDeviceCsv -LiteralPath $other -Database $database -ErrorAction Stop
            "$($summary.Committed) $($summary.Created)" | Should -Be 'True 200'

            $prompt.StandardInput.WriteLine('Y')
            $result = Get-ChildOutcome (Read-ChildRest $prompt)
        }
        finally {
            if (-not $prompt.HasExited) { $prompt.Kill($true) }
        }

        $result.Outcome | Should -Match '^error ImportFailed ' -Because 'the import decided after the answer, against what the store held then'
        $result.RowErrors | Should -HaveCount 1
        $result.RowErrors[0] | Should -Match '^row DuplicateSerial BizMobileGo\.'
        (Get-PostgresStoreState $database).Counts['devices'] | Should -Be 200
        $script:Figures.Prompt++
    }
}

Describe 'A client killed with SIGKILL mid-import (PostgreSQL)' {
    BeforeAll {
        # Two 1,000-row chunks (ImportChunk.Rows): the kill at row 1,501 finds the first written and the second being read,
        # the kill after the last row finds both written (over 1,000 rows added: the in-transaction ANALYZE has run). A
        # third chunk (3,000 rows until round 47) added no moment, only two more chunks for the child and the re-import.
        $script:KillRows = 2000
        $script:KillFile = New-DeviceCsv -Path (Join-Path $TestDrive 'kill-big.csv') -Prefix 'pgkl' -Count $script:KillRows
        # The first 40 rows update devices the store already has; the rest create.
        (Get-Content -Raw $script:KillFile).Replace('"Description, ', '"Changed, ') | Set-Content -NoNewline -LiteralPath $script:KillFile
    }

    It 'killed <Moment>: nothing of it stays, its session and lock are gone, the next import succeeds' -ForEach $KillMoments {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $seed = New-DeviceCsv -Path (Join-Path $TestDrive 'kill-seed.csv') -Prefix 'pgkl' -Count 40
        Import-BmgDeviceCsv -LiteralPath $seed -Database $database | Out-Null
        $before = Get-PostgresStoreState $database
        $lastLine = $KillRows + 1
        $pauseAt = if ($PauseAt -lt 0) { $lastLine } else { $PauseAt }
        $uri = Add-ApplicationName $database 'bmg-killed'

        $child = Start-BmgChild $ImportChild @('-Database', $uri, '-Csv', $KillFile, '-PauseAt', $pauseAt, '-LastLine', $lastLine)
        try {
            Wait-ChildLine $child '^paused' | Should -Be "paused $pauseAt"
            if ($InTransaction) {
                Wait-Until -What 'the killed client to have written rows in its open transaction' -Condition {
                    @(Get-PostgresSessions $database | Where-Object { $_.Name -eq 'bmg-killed' -and $_.Wrote -and $_.State -eq 'idle in transaction' }).Count -gt 0
                } -Abort { $child.HasExited } | Should -BeTrue -Because 'the kill must hit an open transaction holding written rows'
            }
            $child.Kill()
            $child.WaitForExit()
        }
        finally { if (-not $child.HasExited) { $child.Kill($true) } }
        $child.ExitCode | Should -Be 137 -Because 'the child died of SIGKILL (128 + 9)'

        # The server notices the closed connection, rolls back and ends the session; no lock outlives it.
        Wait-Until -What "the killed client's session to end" -Condition {
            @(Get-PostgresSessions $database | Where-Object Name -EQ 'bmg-killed').Count -eq 0
        } | Should -BeTrue
        @(Get-PostgresSessions $database | Where-Object HoldsAdvisory) | Should -BeNullOrEmpty
        $after = Get-PostgresStoreState $database
        $after.Counts | ConvertTo-Json | Should -Be ($before.Counts | ConvertTo-Json)
        $after.Hash | Should -Be $before.Hash -Because 'a killed import leaves the store exactly as it was'

        $summary = Import-BmgDeviceCsv -LiteralPath $KillFile -Database $database -ErrorAction Stop
        $summary.Committed | Should -BeTrue
        "$($summary.Created) $($summary.Updated)" | Should -Be "$($KillRows - 40) 40"
        (Get-PostgresStoreState $database).Counts['devices'] | Should -Be $KillRows
        (Get-BmgDevice -Identifier 'pgkl000007' -Database $database).Description | Should -Be 'Changed, 7'
        $script:Figures.Kills++
    }
}

Describe 'The server restarted mid-import (PostgreSQL)' {
    BeforeAll {
        # A server of this Describe's own: restarting it disturbs no other test's connections.
        $script:RestartServer = Start-PostgresTestServer
        if (-not $script:RestartServer) { throw 'No PostgreSQL server binaries: the restart tests need initdb and pg_ctl.' }
        # Two 1,000-row chunks: the restart lands at row 1,501, the first chunk written in the open transaction (3,000 rows
        # until round 47; the third chunk was never reached before the restart, only re-imported after it).
        $script:RestartRows = 2000
        $script:RestartFile = New-DeviceCsv -Path (Join-Path $TestDrive 'restart-big.csv') -Prefix 'pgrs' -Count $script:RestartRows
    }
    AfterAll {
        Stop-PostgresTestServer $script:RestartServer
    }

    It 'pg_ctl restart -m <Mode> while the first chunk of <Source> waits in the open transaction: StoreUnavailable, nothing half-written, the next import succeeds' -ForEach $RestartModes {
        $database = New-PostgresTestDatabase -AdminUri $RestartServer.AdminUri -Prefix 'bmg_restart'
        $PSDefaultParameterValues['*-Bmg*:Database'] = $database
        New-BmgTemplate -Name 'Standard' | Out-Null
        $seed = New-DeviceCsv -Path (Join-Path $TestDrive 'restart-seed.csv') -Prefix 'pgrs' -Count 40
        Import-BmgDeviceCsv -LiteralPath $seed | Out-Null
        $before = Get-PostgresStoreState $database
        $uri = Add-ApplicationName $database 'bmg-restarted'
        $password = (ConvertFrom-PostgresUri $database).Password

        $fromFile = $Source -like 'a file*'
        $writer = $null
        if ($fromFile) {
            # The child imports a FIFO by -LiteralPath; the test writes 1,500 rows, then the rest after the restart.
            $fifo = Join-Path $TestDrive "restart-$([guid]::NewGuid().ToString('N')).fifo"
            $writer = Start-FifoWriter $fifo
            $child = Start-BmgChild $ImportChild @('-Database', $uri, '-Csv', $fifo)
            $fileLines = [System.IO.File]::ReadAllLines($RestartFile)
        } else {
            $child = Start-BmgChild $ImportChild @('-Database', $uri, '-Csv', $RestartFile, '-PauseAt', 1501, '-LastLine', ($RestartRows + 1))
        }
        try {
            if ($fromFile) {
                Write-FifoLines $writer $fileLines[0..1500]
            } else {
                Wait-ChildLine $child '^paused' | Should -Be 'paused 1501'
            }
            # The first chunk (rows 1-1000) is written in the child's open transaction.
            Wait-Until -What 'the first chunk to be written in the open transaction' -Condition {
                @(Get-PostgresSessions $database | Where-Object { $_.Name -eq 'bmg-restarted' -and $_.Wrote -and $_.State -eq 'idle in transaction' }).Count -gt 0
            } -Abort { $child.HasExited } | Should -BeTrue
            # -l: the new server's output goes to its log, not to this pipe (which would then never end).
            Invoke-AsPostgresOwner (Join-Path $RestartServer.BinDirectory 'pg_ctl') @('-D', $RestartServer.DataDirectory, '-m', $Mode, '-w', '-t', '60',
                '-l', (Join-Path $RestartServer.Directory 'server.log'), 'restart')
            if ($fromFile) {
                Write-FifoLines $writer $fileLines[1501..($fileLines.Count - 1)] -ReaderMayStop
            } else {
                $child.StandardInput.WriteLine('go')
            }
            $result = Get-ChildOutcome (Read-ChildRest $child)
        }
        finally {
            foreach ($process in @($child, $writer)) { if ($process -and -not $process.HasExited) { $process.Kill($true) } }
        }

        $result.Outcome | Should -Be 'error StoreUnavailable BizMobileGo.Core.Errors.BmgException' -Because 'a lost server is a StoreUnavailable ErrorRecord, never a raw Npgsql exception'
        ($result.Lines -join "`n") | Should -Not -Match 'Npgsql|PostgresException|SocketException|IOException' -Because 'no raw exception reaches the user'
        ($result.Lines -join "`n") | Should -Not -BeLike "*$password*" -Because 'the password is never in a message'

        $after = Get-PostgresStoreState $database
        $after.DataHash | Should -Be $before.DataHash -Because 'nothing of the interrupted import was written'
        $after.Counts['import_history'] | Should -BeIn @($before.Counts['import_history'], ($before.Counts['import_history'] + 1))
        if ($after.Counts['import_history'] -gt $before.Counts['import_history']) {
            @(Invoke-PostgresTestSql -Uri $database -Sql 'SELECT committed FROM import_history ORDER BY import_id DESC LIMIT 1;') | Should -Be @('f')
        }

        # The next import succeeds in a new process. This session's pooled connections died with the server: its
        # next command takes one of them, finds it dead at its first statement, and connects afresh, so it works.
        $next = Start-BmgChild $ImportChild @('-Database', $database, '-Csv', $RestartFile)
        (Get-ChildOutcome (Read-ChildRest $next)).Outcome | Should -Be "ok True $($RestartRows - 40) 0 40 0"
        $again = Invoke-Captured { Get-BmgDevice -Identifier 'pgrs000001' -ErrorAction Stop }
        $again.Terminating | Should -BeNullOrEmpty -Because 'a pooled connection that died with the server is replaced, not reported'
        $again.Output.Identifier | Should -Be 'pgrs000001'
        (Get-PostgresStoreState $database).Counts['devices'] | Should -Be $RestartRows
        $script:Figures.Restarts++
    }
}

Describe 'A unique violation from the server (PostgreSQL)' {
    It 'another client inserting the same <Key> during the import: <ErrorId>, never a raw exception, and the import writes nothing' -ForEach $UniqueKeys {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $file = New-DeviceCsv -Path (Join-Path $TestDrive 'unique.csv') -Prefix 'uniq' -Count 20
        $uriImport = Add-ApplicationName $database 'bmg-unique-import'
        $parts = ConvertFrom-PostgresUri $database
        $psqlPath = Join-Path (Find-PostgresBinaries) 'psql'

        # Another client (psql, not the module: outside its lock) inserts the key and keeps its transaction open, so
        # the import's look-ups don't see it and its insert runs into the server's unique index.
        $start = [System.Diagnostics.ProcessStartInfo]::new($psqlPath)
        foreach ($a in @('-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', $parts.Host, '-p', $parts.Port, '-U', $parts.User, '-d', $parts.Database)) { $start.ArgumentList.Add($a) }
        $start.Environment['PGPASSWORD'] = $parts.Password
        $start.Environment['PGAPPNAME'] = 'bmg-raw-writer'
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $rawClient = [System.Diagnostics.Process]::Start($start)
        $import = $null
        try {
            $rawClient.StandardInput.WriteLine("BEGIN; $RawSql")
            $rawClient.StandardInput.Flush()
            Wait-Until -What 'the other client to hold its insert open' -Condition {
                @(Get-PostgresSessions $database | Where-Object { $_.Name -eq 'bmg-raw-writer' -and $_.State -eq 'idle in transaction' }).Count -gt 0
            } -Abort { $rawClient.HasExited } | Should -BeTrue

            $import = Start-BmgChild $ImportChild @('-Database', $uriImport, '-Csv', $file)
            Wait-Waiting $database 'bmg-unique-import' $import | Should -BeTrue -Because "the import's insert waits for the other client's uncommitted key"
            $rawClient.StandardInput.WriteLine('COMMIT;')
            $rawClient.StandardInput.Close()
            $rawClient.WaitForExit()
            $rawClient.ExitCode | Should -Be 0
            $result = Get-ChildOutcome (Read-ChildRest $import)
        }
        finally {
            foreach ($child in @($rawClient, $import)) { if ($child -and -not $child.HasExited) { $child.Kill($true) } }
        }

        $text = $result.Lines -join "`n"
        $text | Should -Not -Match 'Npgsql|PostgresException|23505|duplicate key value' -Because 'the server''s unique violation is the module''s own error'
        $text | Should -Match "(error|row) $ErrorId BizMobileGo\.Core\.Errors\.BmgException"
        $result.Outcome | Should -Match '^error ' -Because 'the import is refused'
        $state = Get-PostgresStoreState $database
        $state.Counts['checkin_emails'] | Should -Be 0 -Because 'nothing of the refused import was written'
        $state.Counts['devices'] | Should -Be $(if ($Key -eq 'user name') { 0 } else { 1 })
        $state.Counts['users'] | Should -Be $(if ($Key -eq 'user name') { 1 } else { 0 })
        $script:Figures.UniqueViolations++
    }
}

Describe 'Share one inventory: an everyday database user with only the rights the README names (PostgreSQL)' {
    It 'CONNECT, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on the tables and USAGE on the sequences are enough for every kind of change' {
        $database = New-TestStore
        # The store's owner (the test server's superuser) opens it once: the tables are made.
        New-BmgTemplate -Name 'Standard' | Out-Null
        $kit = New-PostgresEverydayRole -Uri $database

        $run = Invoke-Captured {
            # Enough rows for the store's bigger-import paths (several chunks; its statistics refresh).
            $file = New-DeviceCsv -Path (Join-Path $TestDrive 'kit.csv') -Prefix 'kitu' -Count 2500
            $summary = Import-BmgDeviceCsv -LiteralPath $file -Database $kit -ErrorAction Stop
            "import $($summary.Committed) $($summary.Created)"
            $seed = Write-TestCsv -Name (New-CsvName 'kit-one') -Lines @($DeviceHeader, ',,,kit01,Standard,ios,,Kit device,,,,kit12345')
            "import $((Import-BmgDeviceCsv -LiteralPath $seed -Database $kit -ErrorAction Stop).Created)"
            Set-BmgDevice -Identifier 'kitu000001' -DisplayName 'Changed by the kitting user' -Database $kit -ErrorAction Stop
            New-BmgUser -UserName 'kit-user' -Name 'Kit User' -Database $kit -ErrorAction Stop | Out-Null
            New-BmgDeviceTag -Name 'Kitting' -Database $kit -ErrorAction Stop | Out-Null
            "checkin $((Register-BmgDeviceCheckIn -Identifier 'kit01' -Code 'kit12345' -Database $kit -ErrorAction Stop).State)"
            Remove-BmgDevice -Identifier 'kitu000002' -Confirm:$false -Database $kit -ErrorAction Stop
            # Reference data: the triggers that keep devices' templates and users (schema version 4) run as this user.
            New-BmgTemplate -Name 'Spare' -Database $kit -ErrorAction Stop | Out-Null
            Rename-BmgTemplate -Name 'Standard' -NewName 'Kitting' -Database $kit -ErrorAction Stop
            Remove-BmgTemplate -Name 'Spare' -Confirm:$false -Database $kit -ErrorAction Stop
            Remove-BmgUser -UserName 'kit-user' -Confirm:$false -Database $kit -ErrorAction Stop
            Remove-BmgUser -UserName 'kituu000003' -Force -Confirm:$false -Database $kit -ErrorAction Stop
            "devices $(@(Get-BmgDevice -Database $kit -ErrorAction Stop).Count)"
            "history $(@(Get-BmgImportHistory -Database $kit -ErrorAction Stop).Count)"
            Export-BmgDeviceCsv -Path (Join-Path $TestDrive 'kit-export.csv') -Database $kit -ErrorAction Stop
        }

        $run.Terminating | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be @('import True 2500', 'import 1', 'checkin CheckedIn', 'devices 2500', 'history 2')
        (Get-BmgDevice -Identifier 'kitu000001' -Database $database).DisplayName | Should -Be 'Changed by the kitting user'
        @(Get-BmgTemplate -Database $database | ForEach-Object Name) | Should -Be @('Kitting')
        @(Get-BmgDevice -Database $database | Where-Object Template -ne 'Kitting').Count | Should -Be 0 -Because 'the rename carried every device along'
        (Get-BmgDevice -Identifier 'kitu000003' -Database $database).UserName | Should -BeNullOrEmpty -Because '-Force unlinked the removed user'
        @(Get-BmgUser -Database $database | Where-Object UserName -in 'kit-user', 'kituu000003').Count | Should -Be 0
        $script:Figures.EverydayUserRights++
    }
}
