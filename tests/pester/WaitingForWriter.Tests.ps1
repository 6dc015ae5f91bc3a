# A command that must wait for another admin's writer lock says so with -Verbose as the wait begins — once, naming the
# store, how long at most and how to stop it (PostgreSQL: also who holds it) — instead of showing nothing until the
# wait ends (up to the store's 30 s busy timeout, then StoreBusy), as Microsoft's cmdlets say what they wait for. A
# command that finds the lock free says nothing of a wait. Runs on both stores (tests/pester/StoreSuites.psd1).
#
# The other admin is another process holding the store until the test creates a file (StopWhileWaiting.Common.ps1):
# a piped Import-BmgDeviceCsv held at its second row (its transaction, the writer lock, open), or for an open that must
# upgrade or create the store, a connection holding what that waits for (SQLite: BEGIN IMMEDIATE on a version-1 store;
# PostgreSQL: the schema's advisory lock in a new database). The waiting command runs in a runspace of this process,
# so the test sees its verbose stream while it waits. No test measures time: the line must be there while the other
# process still holds the store and the command still runs (a guard below the busy timeout keeps the old code, which
# said nothing until the wait ended, from passing late).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/StopWhileWaiting.Common.ps1

    $script:WriterHolderScript = New-WriterLockHolderScript
    $script:StoreHolderScript = New-StoreHolderScript

    # The other admin's import holds the writer lock; on PostgreSQL its sessions carry an application_name of their own,
    # which the waiting command's line names.
    function Start-WriterHolder([string] $Database) {
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive "holder-$([guid]::NewGuid().ToString('N')).csv") -Prefix 'hold' -Count 5
        $location = if ((Get-TestStoreKind) -eq 'postgres') { "$Database$(if ($Database.Contains('?')) { '&' } else { '?' })application_name=other-admin" } else { $Database }
        Start-Holder -Script $WriterHolderScript -Arguments @('-Database', $location, '-Csv', $csv) -HoldingLine 'holding the writer lock'
    }

    function Start-StoreHolder([string] $Database) {
        Start-Holder -Script $StoreHolderScript -Arguments @('-Kind', (Get-TestStoreKind), '-Database', $Database) -HoldingLine 'holding the store'
    }

    # The wait lines among verbose records (or their messages).
    function Get-WaitLines($Records) {
        @($Records | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Message } } | Where-Object { $_ -like 'Waiting for another *' })
    }

    # Returns the command's wait line(s) once it said it waits. First it loads the module and says which store it uses (a
    # fresh runspace on a loaded machine may take long: the guard, load-scaled, only stops a hung test); from there, where
    # its wait is about to begin, the guard lies below the store's 30 s busy timeout, so the old code (silent until the
    # wait ended) fails here, while the other process still holds the store.
    function Wait-UntilSaysWaiting($Run, $Holder) {
        $null = Wait-Until -What 'the waiting command to say which store it uses' -Abort { $Run.Async.IsCompleted } -Condition {
            $Run.Shell.Streams.Verbose | Where-Object Message -Like 'Using the store*'
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(25)
        while (-not (Get-WaitLines $Run.Shell.Streams.Verbose)) {
            if ([DateTime]::UtcNow -gt $deadline) {
                throw "The waiting command said nothing of its wait within 25 s of saying which store it uses; it said: $(@($Run.Shell.Streams.Verbose.Message) -join ' | ')"
            }
            Start-Sleep -Milliseconds 20
        }
        $Run.Shell.InvocationStateInfo.State | Should -Be 'Running' -Because 'the line comes as the wait begins, not when it ends'
        $Holder.Process.HasExited | Should -BeFalse -Because 'the other process still holds the store'
        Get-WaitLines $Run.Shell.Streams.Verbose
    }

    # The store as the command showed it ('Using the store ...'): a server URI without its password.
    function Get-ShownStore($Run) {
        $using = @($Run.Shell.Streams.Verbose.Message | Where-Object { $_ -like 'Using the store *' })[0]
        $using -match "^Using the store '(.+)'\.$" | Should -BeTrue -Because "the command said which store it uses ($using)"
        $Matches[1]
    }

    # The line of a write waiting for the writer lock; on PostgreSQL it names the holding session (its server process,
    # user, the other admin's application_name; the address only where the server shows it), never a password.
    function Assert-WriterWaitLine([string] $Line, [string] $Shown, [string] $Database) {
        if ((Get-TestStoreKind) -eq 'postgres') {
            $Line | Should -Match ("^Waiting for another writer \(server process \d+, user '[^']+', application 'other-admin'(, from [^)]+)?\) to finish with the store '" +
                [regex]::Escape($Shown) + "' \(up to 30 s; Ctrl\+C to stop\)\.$")
            $Line | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $Database).Password)*"
        }
        else {
            $Line | Should -BeExactly "Waiting for another writer to finish with the store '$Shown' (up to 30 s; Ctrl+C to stop)."
        }
    }
}

Describe 'A command waiting for another writer''s lock says so once (-Verbose)' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
    }

    It 'New-BmgDevice says it waits as the wait begins, once; with the lock free it says nothing of a wait' {
        $holder = Start-WriterHolder $Database
        $run = $null
        try {
            $run = Start-InRunspace {
                param($Module, $Database)
                Import-Module $Module
                New-BmgDevice -Identifier 'waiter01' -OS ios -Template Standard -Database $Database -Verbose
            } @($env:BMG_TEST_MODULE, $Database)
            $said = @(Wait-UntilSaysWaiting $run $holder)
            Stop-Holder $holder -ReleasedLine 'committed' | Should -Be 'committed'
            $holder = $null
            $created = $run.Shell.EndInvoke($run.Async)
            $shown = Get-ShownStore $run
            $all = @(Get-WaitLines $run.Shell.Streams.Verbose)
        }
        finally {
            if ($run) { $run.Shell.Dispose(); $run.Runspace.Dispose() }
            Stop-Holder $holder -ReleasedLine 'committed' | Out-Null
        }

        $said | Should -HaveCount 1
        $all | Should -HaveCount 1 -Because 'one line per wait, however long it lasts'
        Assert-WriterWaitLine $all[0] $shown $Database
        @($created).Identifier | Should -Be 'waiter01'

        # The lock free: the same command says nothing of a wait.
        $free = New-BmgDevice -Identifier 'waiter02' -OS ios -Template Standard -Verbose 4>&1
        @($free | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) | Should -Contain "Using the store '$shown'."
        Get-WaitLines ($free | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        @($free | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Identifier | Should -Be 'waiter02'
    }

    It 'Import-BmgDeviceCsv (a file) says it waits as the wait begins, once, then how long it waited; with the lock free neither' {
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive "waiting-$([guid]::NewGuid().ToString('N')).csv") -Prefix 'wait' -Count 3
        $holder = Start-WriterHolder $Database
        $run = $null
        try {
            $run = Start-InRunspace {
                param($Module, $Database, $Csv)
                Import-Module $Module
                Import-BmgDeviceCsv -LiteralPath $Csv -Database $Database -Verbose
            } @($env:BMG_TEST_MODULE, $Database, $csv)
            $said = @(Wait-UntilSaysWaiting $run $holder)
            # The import says how long it waited only after a wait of 100 ms or more (ImportStages.StoreWaitLine). The line
            # above came as the wait began, so holding on for 300 ms more makes the wait that long whatever the machine's
            # speed; released at once, a fast machine's wait could end under 100 ms and leave the 'Waited' line unsaid.
            Start-Sleep -Milliseconds 300
            Stop-Holder $holder -ReleasedLine 'committed' | Should -Be 'committed'
            $holder = $null
            $summary = $run.Shell.EndInvoke($run.Async)
            $shown = Get-ShownStore $run
            $verbose = @($run.Shell.Streams.Verbose.Message)
        }
        finally {
            if ($run) { $run.Shell.Dispose(); $run.Runspace.Dispose() }
            Stop-Holder $holder -ReleasedLine 'committed' | Out-Null
        }

        $said | Should -HaveCount 1
        $all = @(Get-WaitLines $verbose)
        $all | Should -HaveCount 1
        Assert-WriterWaitLine $all[0] $shown $Database
        # Said before the import began, and the import's own account of the wait still follows it.
        $waitAt = [array]::IndexOf($verbose, $all[0])
        $importingAt = [array]::FindIndex($verbose, [Predicate[string]] { param($m) $m -like 'Importing *' })
        $waitAt | Should -BeLessThan $importingAt
        @($verbose | Where-Object { $_ -like 'Waited * ms for the store''s writer lock;*' }) | Should -HaveCount 1
        @($summary).Created | Should -Be 3

        $again = New-DeviceCsv -Path (Join-Path $TestDrive "free-$([guid]::NewGuid().ToString('N')).csv") -Prefix 'free' -Count 3
        $free = @(Import-BmgDeviceCsv -LiteralPath $again -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        @($free.Message | Where-Object { $_ -like 'Importing *' }) | Should -HaveCount 1
        Get-WaitLines $free | Should -BeNullOrEmpty
    }

    It 'Ctrl+C after the line still stops the wait at once, as before: stopped pipeline, no error, nothing written' {
        $holder = Start-WriterHolder $Database
        $run = $null
        try {
            $run = Start-InRunspace {
                param($Module, $Database)
                Import-Module $Module
                New-BmgDevice -Identifier 'stopped01' -OS ios -Template Standard -Database $Database -Verbose
            } @($env:BMG_TEST_MODULE, $Database)
            $null = Wait-UntilSaysWaiting $run $holder
            Stop-WhileHolderHolds $run $holder -StopBecause 'Ctrl+C ends the wait for the lock, not the wait''s own end' `
                -HoldsBecause 'the other writer still holds the store' -NoErrorBecause 'a stop is no StoreBusy error'
            @(Get-WaitLines $run.Shell.Streams.Verbose) | Should -HaveCount 1
        }
        finally {
            if ($run) { $run.Shell.Dispose(); $run.Runspace.Dispose() }
            Stop-Holder $holder -ReleasedLine 'committed' | Should -Be 'committed'
        }

        Get-BmgDevice -Identifier 'stopped01' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'An edit without a prompt that waited while the other writer changed its field (walkthrough 16.6, 17.3)' {
    # Nothing can prompt, so the edit is planned once, under the writer lock (walkthrough 17, finding 3: planning it
    # before the lock too cost a piped device a dozen round trips on PostgreSQL): it overwrites the other writer's value as
    # any later writer does, and its history entry names that value. Nothing was shown before the lock, so nothing went
    # stale and nothing is warned; a run that prompted still warns "as when it was confirmed" (ConfirmedChanges.Tests.ps1).
    It 'Set-BmgDevice plans against the value the other writer left, and warns of nothing' {
        $Database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDevice -Identifier 'desk01' -OS ios -Template Standard -DisplayName 'Night 5' | Out-Null
        # The other admin's import changes desk01 while it holds the writer lock (its second row holds it).
        $csv = Join-Path $TestDrive "holder-desk-$([guid]::NewGuid().ToString('N')).csv"
        Set-Content -LiteralPath $csv -Encoding utf8NoBOM -Value 'Identifier,OS,Template,DisplayName', 'desk01,ios,Standard,Night 5 v2', 'hold02,ios,Standard,Other'
        $holder = Start-Holder -Script $WriterHolderScript -Arguments @('-Database', $Database, '-Csv', $csv) -HoldingLine 'holding the writer lock'
        $run = $null
        try {
            $run = Start-InRunspace {
                param($Module, $Database)
                Import-Module $Module
                Set-BmgDevice -Identifier 'desk01' -DisplayName 'Fixed by B' -Database $Database -Verbose
            } @($env:BMG_TEST_MODULE, $Database)
            $null = Wait-UntilSaysWaiting $run $holder
            Stop-Holder $holder -ReleasedLine 'committed' | Should -Be 'committed'
            $holder = $null
            $null = $run.Shell.EndInvoke($run.Async)
            $warnings = @($run.Shell.Streams.Warning.Message)
            $failures = @($run.Shell.Streams.Error)
        }
        finally {
            if ($run) { $run.Shell.Dispose(); $run.Runspace.Dispose() }
            Stop-Holder $holder -ReleasedLine 'committed' | Out-Null
        }

        $failures | Should -BeNullOrEmpty
        (Get-BmgDevice desk01).DisplayName | Should -Be 'Fixed by B'
        $warnings | Should -BeNullOrEmpty
        $latest = @(Get-BmgDeviceHistory desk01)[0]
        @($latest.Changes | ForEach-Object { $_.ToString() }) | Should -Be @("DisplayName: Night 5 v2 $([char]0x2192) Fixed by B")
    }
}

Describe 'A command opening a store another process is creating or upgrading says it waits (-Verbose)' {
    It 'Get-BmgDevice (SQLite) or New-BmgTemplate (PostgreSQL) says it waits as the wait begins, once, then goes on once the store is free' {
        if ((Get-TestStoreKind) -eq 'postgres') {
            $database = New-TestStore -Empty
        }
        else {
            $database = Join-Path $TestDrive ("version1-{0}.db" -f [guid]::NewGuid().ToString('N'))
            Copy-Item -LiteralPath (Join-Path $PSScriptRoot '../corpus/stores/version1.db') -Destination $database
            & chmod 600 $database   # private, as the module makes a store: a checked-out 0644 copy warns (StoreFileAccess)
            $global:PSDefaultParameterValues['*-Bmg*:Database'] = $database
        }
        $holder = Start-StoreHolder $database
        $run = $null
        try {
            # On PostgreSQL the schema is not made yet: a reader of it is StoreNotFound at once (it creates nothing), so a
            # writer is the command that waits for the other client creating it.
            $run = Start-InRunspace {
                param($Module, $Database, $Writer)
                Import-Module $Module
                if ($Writer) { New-BmgTemplate -Name 'waited' -Database $Database -Verbose } else { Get-BmgDevice -Database $Database -Verbose }
            } @($env:BMG_TEST_MODULE, $database, ((Get-TestStoreKind) -eq 'postgres'))
            $said = @(Wait-UntilSaysWaiting $run $holder)
            Stop-Holder $holder -ReleasedLine 'released' | Should -Be 'released'
            $holder = $null
            $devices = $run.Shell.EndInvoke($run.Async)
            $shown = Get-ShownStore $run
            $all = @(Get-WaitLines $run.Shell.Streams.Verbose)
        }
        finally {
            if ($run) { $run.Shell.Dispose(); $run.Runspace.Dispose() }
            Stop-Holder $holder -ReleasedLine 'released' | Out-Null
        }

        $said | Should -HaveCount 1
        $all | Should -HaveCount 1
        if ((Get-TestStoreKind) -eq 'postgres') {
            $all[0] | Should -Match ("^Waiting for another client \(server process \d+, user '[^']+', application 'schema-holder'(, from [^)]+)?\) to finish creating or upgrading the store '" +
                [regex]::Escape($shown) + "' \(Ctrl\+C to stop\)\.$")
            $all[0] | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $database).Password)*"
            @($devices).Name | Should -Be @('waited')
        }
        else {
            $all[0] | Should -Match ("^Waiting for another writer to finish with the store '" + [regex]::Escape($shown) +
                "' before upgrading it to schema version \d+ \(up to 30 s; Ctrl\+C to stop\)\.$")
            @($devices | ForEach-Object Identifier | Sort-Object) | Should -Be @('apple001', 'apple002')
        }
    }
}

# Walkthrough 22, 3: without -Verbose a writer waiting for the lock showed nothing for up to 30 s, which reads as a hang
# (and Ctrl+C). The wait's line is a progress line now, shown as the wait begins and taken down as it ends: it leaves a
# script's output, warning and error streams (and a job's log) as they were, and $ProgressPreference silences it.
Describe 'A command waiting for another writer''s lock shows it as progress without -Verbose' {
    It 'New-BmgDevice shows the wait line as a progress record while it waits, completes it as the wait ends, and writes nothing else' {
        $Database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $holder = Start-WriterHolder $Database
        $run = $null
        try {
            $run = Start-InRunspace {
                param($Module, $Database)
                Import-Module $Module
                New-BmgDevice -Identifier 'progress01' -OS ios -Template Standard -Database $Database
            } @($env:BMG_TEST_MODULE, $Database)
            # Until the line shows or the command ends (the old code showed none, and ended at the busy timeout: Running,
            # asserted next, tells them apart); the guard, load-scaled, only stops a hung test.
            $null = Wait-Until -What 'the waiting command''s progress line' -Abort { $run.Async.IsCompleted } -Condition {
                @($run.Shell.Streams.Progress | Where-Object { $_.StatusDescription -like 'Waiting for another writer*' }).Count -gt 0
            }
            $run.Shell.InvocationStateInfo.State | Should -Be 'Running' -Because 'the line is shown while the command waits'
            $shownWhileWaiting = @($run.Shell.Streams.Progress)
            Stop-Holder $holder -ReleasedLine 'committed' | Should -Be 'committed'
            $holder = $null
            $created = $run.Shell.EndInvoke($run.Async)
            $progress = @($run.Shell.Streams.Progress)
            $verbose = @($run.Shell.Streams.Verbose)
            $warnings = @($run.Shell.Streams.Warning)
            $errors = @($run.Shell.Streams.Error)
        }
        finally {
            if ($run) { $run.Shell.Dispose(); $run.Runspace.Dispose() }
            Stop-Holder $holder -ReleasedLine 'committed' | Out-Null
        }

        $shownWhileWaiting | Should -HaveCount 1
        $shownWhileWaiting[0].RecordType | Should -Be 'Processing'
        $shownWhileWaiting[0].Activity | Should -Be 'Waiting for the store'
        if ((Get-TestStoreKind) -eq 'postgres') {
            $shownWhileWaiting[0].StatusDescription | Should -Match "^Waiting for another writer \(server process \d+, user '[^']+', application 'other-admin'"
            $shownWhileWaiting[0].StatusDescription | Should -Not -BeLike "*$((ConvertFrom-PostgresUri $Database).Password)*"
        }
        $progress | Should -HaveCount 2
        $progress[1].RecordType | Should -Be 'Completed' -Because 'the line is taken down as the wait ends'
        $progress[1].ActivityId | Should -Be $progress[0].ActivityId
        $verbose | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $errors | Should -BeNullOrEmpty
        @($created).Identifier | Should -Be 'progress01'

        # The lock free: no progress line at all.
        $free = [PowerShell]::Create()
        try {
            $null = $free.AddScript({ param($Module, $Database) Import-Module $Module; New-BmgDevice -Identifier 'progress02' -OS ios -Template Standard -Database $Database }).AddArgument($env:BMG_TEST_MODULE).AddArgument($Database)
            $null = $free.Invoke()
            @($free.Streams.Progress) | Should -BeNullOrEmpty
            @($free.Streams.Error) | Should -BeNullOrEmpty
        }
        finally { $free.Dispose() }
    }
}
