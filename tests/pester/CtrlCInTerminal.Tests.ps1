# Ctrl+C pressed in a real terminal. The other Ctrl+C tests (Reliability.Stop, StopWhile*, ImportSettled) call
# PowerShell.Stop() in a hosted runspace; these type the byte Ctrl+C makes (0x03) into an interactive pwsh on a
# pseudo-terminal (tests/servers/PseudoTerminal.ps1), so the console host's own handling is what runs: the terminal's
# line discipline turning it into SIGINT, PSReadLine at the prompt, the host's -Confirm prompt reading its answer,
# progress and output being written to the terminal while the stop arrives.
# Runs on both stores (tests/pester/StoreSuites.psd1): the terminal's pwsh uses the test's store.
#
# Every case: the command is seen under way on the screen (a progress line, a -Verbose line, the first lines of output,
# the SMTP server holding the message), then Ctrl+C; the prompt comes back (a guard only stops a hung test), the same
# pwsh answers the next command, the screen shows no .NET exception or stack trace and no secret, and the store is as
# the case says. No test measures time.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/Postgres.Common.ps1
    . $PSScriptRoot/StopWhileWaiting.Common.ps1
    . $PSScriptRoot/../servers/PseudoTerminal.ps1
    . $PSScriptRoot/../servers/SmtpTestServer.ps1
    . $PSScriptRoot/../servers/StoppingPromptHost.ps1

    # Rows, users, emails and history of the store, in one hash (the import history, which records stopped imports
    # too, left out): equal hashes mean nothing was written.
    function Get-DataHash([string] $Database) {
        if ((Get-TestStoreKind) -eq 'postgres') { (Get-PostgresStoreState -Uri $Database).DataHash } else { (Get-StoreState $Database).DataHash }
    }

    # The terminal whose pwsh uses $Database (and has the test's $Variables). One pwsh serves the tests one after another,
    # as a person's session does, while each test that ends it well (Stop-WithCtrlC) hands it on; a test that left it in
    # any other state gets the next test a new one, so one hang fails one test.
    $script:Terminal = $null
    $script:TerminalReady = $false
    function Use-StoreTerminal([string] $Database, [hashtable] $Variables = @{}) {
        $Variables = $Variables + @{ BmgStore = $Database }
        if (-not ($script:Terminal -and $script:TerminalReady)) {
            Stop-PseudoTerminal $script:Terminal
            $script:Terminal = Start-PseudoTerminal -Module $env:BMG_TEST_MODULE
        }
        $script:TerminalReady = $false
        $assignments = foreach ($name in $Variables.Keys) { "`$$name = '$($Variables[$name] -replace "'", "''")'" }
        $null = Invoke-TerminalLine $script:Terminal (@($assignments) + '$PSDefaultParameterValues["*-Bmg*:Database"] = $BmgStore' -join '; ')
        $script:Terminal
    }

    # Types Ctrl+C ($Presses times at once) and checks what every case shares: the prompt comes back, the screen up to it
    # shows no exception, stack trace or secret, and the same pwsh answers the next command. Returns the screen up to the prompt.
    function Stop-WithCtrlC($Terminal, [int] $Presses = 1, [int] $GuardSeconds = 60) {
        Send-TerminalText $Terminal ("`u{3}" * $Presses)
        # The guard only ends a hung test: a pwsh that never shows its prompt again fails here.
        $screen = Wait-TerminalPrompt $Terminal -TimeoutSeconds $GuardSeconds
        $screen | Should -Not -Match 'Exception|Unhandled|(?m)^\s+at \S+\(' -Because 'a stopped command shows no .NET exception or stack trace'
        $screen | Should -Not -Match '(?m)^\w+-\w+: ' -Because 'a stopped command shows no error record (PowerShell shows one as "<Command>: <message>")'
        foreach ($secret in $script:Secrets) { $screen | Should -Not -Match ([regex]::Escape($secret)) -Because 'no secret is shown' }
        Test-TerminalAlive $Terminal | Should -BeTrue
        Invoke-TerminalLine $Terminal '"alive-" + (6 * 7)' | Should -Match 'alive-42' -Because 'the same pwsh answers the next command'
        $script:TerminalReady = $true
        $screen
    }

    # What must never show on the screen: the store's password (PostgreSQL), a check-in code.
    function Set-StoreSecrets([string] $Database) {
        $script:Secrets = @([regex]::Match($Database, '^postgres(?:ql)?://[^:/@]+:([^@/]+)@').Groups[1].Value | Where-Object { $_ })
    }

    function New-SeededStore {
        $database = New-TestStore
        Set-StoreSecrets $database
        New-BmgTemplate -Name 'Standard' | Out-Null
        Import-BmgDeviceCsv -LiteralPath (New-DeviceCsv -Path (Join-Path $TestDrive "seed-$([guid]::NewGuid().ToString('N')).csv") -Prefix 'seed' -Count 20) | Out-Null
        $database
    }
}

AfterAll { Stop-PseudoTerminal $script:Terminal }

Describe 'Ctrl+C in a terminal while Import-BmgDeviceCsv imports 200,000 rows' {
    BeforeAll {
        $script:Database = New-SeededStore
        # Big enough that the import is surely mid-way when its first progress line shows (after 500 ms): at SQLite's
        # fastest (about 150,000 rows a second) 200,000 rows take over a second more; PostgreSQL is slower.
        $script:Big = New-DeviceCsv -Path (Join-Path $TestDrive 'ctrlc-200k.csv') -Prefix 'ctrl' -Count 200000
    }

    BeforeEach { $null = Use-StoreTerminal $Database @{ Big = $Big } }

    It 'Ctrl+C pressed <Presses> time(s) mid-import: the prompt comes back, nothing is written, the attempt reads Stopped' -ForEach @(
        @{ Presses = 1 }
        @{ Presses = 2 }
    ) {
        $before = Get-DataHash $Database
        $attempts = @(Get-BmgImportHistory).Count
        Send-TerminalText $Terminal "Import-BmgDeviceCsv -LiteralPath `$Big`r"
        # The progress line ("N rows") shows the import holds the store and writes rows.
        $null = Wait-TerminalText $Terminal '\d[\d,]* rows' -TimeoutSeconds 120
        $screen = Stop-WithCtrlC $Terminal -Presses $Presses
        $screen | Should -Not -Match 'Created\s*:|ImportSummary' -Because 'a stopped import reports no result'

        Get-DataHash $Database | Should -Be $before -Because 'an import stopped mid-way is rolled back: all or nothing'
        $history = @(Get-BmgImportHistory)
        $history.Count | Should -Be ($attempts + 1) -Because 'the stopped attempt is recorded'
        ($history | Sort-Object Id -Descending | Select-Object -First 1).Status | Should -Be 'Stopped'
    }
}

Describe 'Ctrl+C in a terminal while the import waits for another writer' {
    BeforeAll {
        $script:Database = New-SeededStore
        $script:HolderScript = New-WriterLockHolderScript
        $script:Csv = New-DeviceCsv -Path (Join-Path $TestDrive 'ctrlc-waiting.csv') -Prefix 'wait' -Count 3
    }

    BeforeEach { $null = Use-StoreTerminal $Database @{ Csv = $Csv } }

    It 'stops at once while the other writer still holds the store; writes and records nothing; the other writer commits' {
        $attempts = @(Get-BmgImportHistory).Count
        $holderCsv = New-DeviceCsv -Path (Join-Path $TestDrive 'ctrlc-holder.csv') -Prefix 'hold' -Count 5
        $holder = Start-Holder -Script $HolderScript -Arguments @('-Database', $Database, '-Csv', $holderCsv) -HoldingLine 'holding the writer lock'
        try {
            Send-TerminalText $Terminal "Import-BmgDeviceCsv -LiteralPath `$Csv -Verbose`r"
            $null = Wait-TerminalText $Terminal 'Waiting for another writer' -TimeoutSeconds 60
            # The guard lies below the store's 30 s busy timeout: a stop that lands only when the wait ends fails here.
            $null = Stop-WithCtrlC $Terminal -GuardSeconds 20
            $holder.Process.HasExited | Should -BeFalse -Because 'the prompt came back while the other writer still held the store'
        }
        finally {
            # Asserted after the finally: a failure above is the one reported, not hidden behind this one.
            $released = Stop-Holder $holder -ReleasedLine 'committed'
        }
        $released | Should -Be 'committed' -Because 'the other writer was not disturbed'

        @(Get-BmgDevice | Where-Object Identifier -Like 'wait*') | Should -BeNullOrEmpty -Because 'the stopped import wrote nothing'
        @(Get-BmgDevice | Where-Object Identifier -Like 'hold*').Count | Should -Be 5
        @(Get-BmgImportHistory).Count | Should -Be ($attempts + 1) -Because 'only the other writer''s import is recorded: the stopped one never held the store'
        # The same import, typed again in the same pwsh, now imports. (Marked: on a busy machine its own progress line shows,
        # and the screen text, cursor moves taken out, puts the result on that line's row.)
        Invoke-TerminalLine $Terminal 'Import-BmgDeviceCsv -LiteralPath $Csv | ForEach-Object { "created=$($_.Created)" }' | Should -Match 'created=3\b'
    }
}

Describe 'Ctrl+C in a terminal at a -Confirm prompt' {
    BeforeAll { $script:Database = New-SeededStore }
    BeforeEach { $null = Use-StoreTerminal $Database }

    It 'Remove-BmgDevice''s prompt answered with Ctrl+C: the prompt comes back and nothing is removed' {
        $before = Get-DataHash $Database
        Send-TerminalText $Terminal "Remove-BmgDevice -Identifier seed000003`r"
        $null = Wait-TerminalText $Terminal '\[Y\] Yes.*\(default is "Y"\):' -TimeoutSeconds 60
        # Ctrl+C as the person answering presses it: once the console host reads the answer. (Typed in the instant before
        # that, PowerShell's console host itself hangs, with any cmdlet's prompt: RELIABILITY.md, limits.)
        Wait-TerminalReadingKeys $Terminal
        $null = Stop-WithCtrlC $Terminal

        Get-DataHash $Database | Should -Be $before -Because 'Ctrl+C at the prompt is no "Yes"'
        (Get-BmgDevice -Identifier 'seed000003').Identifier | Should -Be 'seed000003'
    }
}

# The race a person can't time (RELIABILITY.md, limits): Ctrl+C in the instant the console host starts to read a -Confirm
# answer. PowerShell's ShouldProcess then gets no choice and throws an ArgumentOutOfRangeException inside the cmdlet, while
# the pipeline stops. PowerShell turns any exception of a stopping pipeline into the stop, so nothing is shown; what the
# module must do is let it pass (never take it for an answer) with nothing written. In a terminal the race hangs PowerShell's
# own console host in about half the tries, so it runs here on a host that stops at its prompt every time.
Describe 'Ctrl+C in the instant a -Confirm prompt starts (the console host''s race, made certain)' {
    BeforeAll { $script:Database = New-SeededStore }

    It '<Command> -Confirm stopped at its prompt: a stopped pipeline, no error, nothing written or recorded' -ForEach @(
        @{ Command = 'Remove-BmgDevice'; Run = 'Remove-BmgDevice -Identifier seed000004 -Confirm' }
        @{ Command = 'New-BmgDevice'; Run = 'New-BmgDevice -Identifier race-new -OS ios -Confirm' }
        @{ Command = 'Set-BmgDevice'; Run = 'Set-BmgDevice -Identifier seed000004 -DisplayName raced -Confirm' }
        @{ Command = 'Import-BmgDeviceCsv'; Run = 'Import-BmgDeviceCsv -LiteralPath $Csv -Confirm' }
    ) {
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive "race-$([guid]::NewGuid().ToString('N')).csv") -Prefix 'race' -Count 3
        $before = Get-DataHash $Database
        $attempts = @(Get-BmgImportHistory).Count
        $shell = New-StoppingPromptShell
        try {
            $null = $shell.AddScript("Import-Module '$env:BMG_TEST_MODULE'; `$PSDefaultParameterValues['*-Bmg*:Database'] = '$($Database -replace "'", "''")'; `$Csv = '$csv'; $Run").Invoke()
            $shell.PromptHost.Prompts.Prompted | Should -Be 1 -Because 'the command asked, and its prompt was stopped'
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $shell.InvocationStateInfo.Reason | Should -BeOfType [System.Management.Automation.PipelineStoppedException]
            $shell.Streams.Error.Count | Should -Be 0 -Because 'a stopped command writes no error record'
            $errors = [powershell]::Create()
            $errors.Runspace = $shell.Runspace
            $errors.AddScript('$Error.Count').Invoke()[0] | Should -Be 0 -Because 'nor leaves one in $Error'
            $errors.Dispose()
        }
        finally {
            $shell.Runspace.Dispose()
            $shell.Dispose()
        }

        Get-DataHash $Database | Should -Be $before -Because 'a prompt that gave no answer is no "Yes"'
        @(Get-BmgImportHistory).Count | Should -Be $attempts -Because 'an import stopped at its prompt never started'
    }
}

Describe 'Ctrl+C in a terminal while output streams' {
    BeforeAll {
        $script:Database = New-TestStore
        Set-StoreSecrets $Database
        New-BmgTemplate -Name 'Standard' | Out-Null
        # 10,000 devices and their history: far more lines than a terminal shows before Ctrl+C lands (some hundreds).
        (Import-BmgDeviceCsv -LiteralPath (New-DeviceCsv -Path (Join-Path $TestDrive 'ctrlc-10k.csv') -Prefix 'hist' -Count 10000)).Created | Should -Be 10000
        $script:IdsFile = Join-Path $TestDrive 'ctrlc-ids.txt'
        Set-Content -LiteralPath $IdsFile -Value (0..9999 | ForEach-Object { 'hist{0:D6}' -f $_ })

        # The store stays open in the session for the next command (OpenStores): the stopped stream must have let go of it
        # (no reader left open on its connection), so the next read and write in the same pwsh work.
        function Assert-StoreStillServes([string] $NewIdentifier) {
            $answer = Invoke-TerminalLine $Terminal "(Get-BmgDevice -Identifier hist000001).Identifier + '|' + (New-BmgDevice -Identifier $NewIdentifier -OS ios -Template Standard).Identifier"
            $answer | Should -Match "hist000001\|$NewIdentifier" -Because 'the next command reads and writes the store'
        }
    }

    BeforeEach {
        $null = Use-StoreTerminal $Database @{ IdsFile = $IdsFile }
        $script:Before = Get-DataHash $Database
    }

    It 'piped look-ups ($ids | Get-BmgDeviceDepLink) stop mid-stream' {
        $null = Invoke-TerminalLine $Terminal '$ids = Get-Content -LiteralPath $IdsFile'
        Send-TerminalText $Terminal "`$ids | Get-BmgDeviceDepLink`r"
        $shown = Wait-TerminalText $Terminal 'hist0000\d\d' -TimeoutSeconds 60
        $screen = $shown + (Stop-WithCtrlC $Terminal)
        $screen | Should -Not -Match 'hist009999' -Because 'the stream stopped before its last look-up'
        Get-DataHash $Database | Should -Be $Before
        Assert-StoreStillServes 'after-deplink'
    }

    It 'Get-BmgDeviceHistory on a big store stops mid-stream' {
        Send-TerminalText $Terminal "Get-BmgDeviceHistory`r"
        # Newest first: the last devices imported show first.
        $shown = Wait-TerminalText $Terminal 'hist0099\d\d' -TimeoutSeconds 60
        $screen = $shown + (Stop-WithCtrlC $Terminal)
        $screen | Should -Not -Match 'hist000000' -Because 'the stream stopped before its oldest entry'
        Get-DataHash $Database | Should -Be $Before
        Assert-StoreStillServes 'after-history'
    }

    It 'a piped Set-BmgDevice stopped mid-run says how many devices it changed and the last one committed, as the store holds them' {
        $null = Invoke-TerminalLine $Terminal '$ids = Get-Content -LiteralPath $IdsFile'
        # The ids come a little slower than the edit takes them (10 ms after every tenth: ~10 s in all): on an idle machine
        # the batched edit changes the 10,000 devices in about a second (thirty-seventh round), before its progress line
        # would show and before Ctrl+C could land mid-run.
        Send-TerminalText $Terminal "`$ids | ForEach-Object { if (`$_.EndsWith('0')) { Start-Sleep -Milliseconds 10 }; `$_ } | Set-BmgDevice -Description 'stopped-run'`r"
        # Under way: its progress line (after a second) counts the devices changed so far.
        $shown = Wait-TerminalText $Terminal 'devices changed; the last committed' -TimeoutSeconds 120
        $screen = $shown + (Stop-WithCtrlC $Terminal)
        $said = [regex]::Match($screen, "Set-BmgDevice was stopped: ([\d,]+) devices? changed; the last committed: '(hist\d{6})'")
        $said.Success | Should -BeTrue -Because 'after Ctrl+C a warning line says how far the piped edit got (walkthrough 34b, finding 7)'
        $changed = @(Get-BmgDevice 'hist*' | Where-Object Description -eq 'stopped-run' | ForEach-Object Identifier | Sort-Object)
        $changed.Count | Should -Be ([int]($said.Groups[1].Value -replace ',', ''))
        $changed[-1] | Should -Be $said.Groups[2].Value
        $changed.Count | Should -BeLessThan 10000 -Because 'the run stopped before its last device'
        Assert-StoreStillServes 'after-set'
    }

    # -PassThru: the changed devices stream to the screen, so no progress line is drawn (each object written under one makes
    # the console host redraw it and ask the terminal for the cursor; a Ctrl+C then lost that answer and the host hung in
    # 5 of 7 tries: RELIABILITY.md, limits). The objects show how far it got.
    It 'a piped Set-BmgDevice -PassThru<Tail>, its devices streaming to the screen, stops at once and says how far it got' -ForEach @(
        @{ Tail = '' }
        @{ Tail = ' | Format-Table' }
    ) {
        $null = Invoke-TerminalLine $Terminal '$ids = Get-Content -LiteralPath $IdsFile'
        $description = "passthru-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Send-TerminalText $Terminal "`$ids | Set-BmgDevice -Description '$description' -PassThru$Tail`r"
        # Well past the command's first second, when a progress line would show: 3,000 of the 10,000 on the screen.
        $shown = Wait-TerminalText $Terminal 'hist0000\d\d .*hist003\d\d\d ' -TimeoutSeconds 120
        $screen = $shown + (Stop-WithCtrlC $Terminal)
        $said = [regex]::Match($screen, "Set-BmgDevice was stopped: ([\d,]+) devices? changed; the last committed: '(hist\d{6})'")
        $said.Success | Should -BeTrue -Because 'after Ctrl+C a warning line says how far the piped edit got'
        $changed = @(Get-BmgDevice 'hist*' | Where-Object Description -eq $description | ForEach-Object Identifier | Sort-Object)
        $changed.Count | Should -Be ([int]($said.Groups[1].Value -replace ',', ''))
        $changed[-1] | Should -Be $said.Groups[2].Value
        $changed.Count | Should -BeLessThan 10000 -Because 'the run stopped before its last device'
        Assert-StoreStillServes "after-passthru$($Tail.Length)"
    }
}

Describe 'Ctrl+C in a terminal while Send-BmgCheckInEmail waits on a stalled SMTP server' {
    BeforeAll { $script:Database = New-SeededStore }
    BeforeEach {
        # The server stores each message, then waits 600 s before it answers: the client waits for the reply.
        $script:Server = Start-SmtpTestServer -Arguments '--delay', '600'
        $null = Use-StoreTerminal $Database
    }
    AfterEach { Stop-SmtpTestServer $script:Server }

    It 'stops at once; the email whose reply never came stays Pending, with the stop as its last error; no code shows' {
        Send-TerminalText $Terminal "Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port $($Server.Port) -From mdm@example.com -CheckInUrl https://mdm.example.com/checkin -Verbose`r"
        # The guard is load-scaled (HangGuard.ps1), only against a hung test: a fixed 60 s of wall clock could fire at a slow machine.
        try { $null = Wait-Until -What 'the SMTP server to get the message' -GuardSeconds 60 -Condition { @(Get-ReceivedMail $Server).Count -gt 0 } }
        catch { throw "$_; the terminal showed: $(Format-TerminalTail (Get-TerminalScreen $Terminal))" }
        $mail = @(Get-ReceivedMail $Server)[0]
        $code = [regex]::Match($mail.text, 'Check-in code: (\S+)').Groups[1].Value
        $code | Should -Not -BeNullOrEmpty
        $script:Secrets += $code
        # The guard lies below the send's own 30 s time-out (SmtpSettings.Timeout): a send that ignores Ctrl+C fails here
        # rather than pass when its time-out ends it.
        $null = Stop-WithCtrlC $Terminal -GuardSeconds 20

        $email = Get-BmgCheckInEmail | Where-Object Id -EQ ([long]$mail.email_id)
        $email.Status | Should -Be 'Pending' -Because 'the server never confirmed it: the next run sends it again, with the same Message-ID'
        $email.LastError | Should -Match 'stopped'
        @(Get-BmgCheckInEmail | Where-Object Status -EQ 'Sent') | Should -BeNullOrEmpty
    }
}
