# Ctrl+C while an import waits for a FIFO's writer (issue 13): opening a FIFO to read blocks until a writer opens it, and
# before the fix `mkfifo f; Import-BmgDeviceCsv f` (or Import-BmgDepDevice f) with no writer ignored Ctrl+C for ever; so did
# a read of a FIFO whose writer stalled after some data. Both cmdlets open their file through one rule (Core's InputFile),
# whose FIFO stream waits cancellably for the writer and for each read's data: the command stops at once, as a stopped
# pipeline, imports nothing, and keeps nothing open on the FIFO. The command runs in a runspace of this process, so the test can Stop() it
# as Ctrl+C does. No test measures time (the guards only stop a hung test). Not a store behaviour: runs on SQLite only.
# The stop must touch nobody else's use of the FIFO: the first fix woke its blocked open by opening the FIFO for writing
# for a moment, which ended another reader's input (a `cat f` waiting too) and could land on a FIFO made anew at that
# path; InputFile now opens a FIFO without blocking and polls it, and never opens a write end.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/StopWhileWaiting.Common.ps1

    # The threads blocked in open(2)/openat(2) (the syscall numbers of x64 and arm64 Linux), in this process or another.
    # The .NET runtime's own debugger thread ('.NET DebugPipe') always waits in open(2) on a FIFO of its own: not ours.
    $script:OpenSyscall = if ([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'Arm64') { '^56 ' } else { '^(2|257) ' }
    function Get-ThreadsInOpen([string] $ProcessId = 'self') {
        @(Get-ChildItem "/proc/$ProcessId/task" -ErrorAction SilentlyContinue | Where-Object {
                (Get-Content -LiteralPath "$($_.FullName)/syscall" -ErrorAction SilentlyContinue) -match $OpenSyscall -and
                (Get-Content -LiteralPath "$($_.FullName)/comm" -ErrorAction SilentlyContinue) -ne '.NET DebugPipe' })
    }

    # True while this process has the file open (its descriptors in /proc).
    function Test-FileOpen([string] $Path) {
        @(Get-ChildItem /proc/self/fd -ErrorAction SilentlyContinue | Where-Object { $_.LinkTarget -eq $Path }).Count -gt 0
    }

    # True while some process has the FIFO open for reading: a non-blocking open for writing succeeds then (and writes
    # nothing), and fails with ENXIO when there is no reader. dd's oflag=nonblock is that open.
    function Test-FifoHasReader([string] $Fifo) {
        & dd if=/dev/null "of=$Fifo" oflag=nonblock conv=notrunc status=none 2>$null
        $LASTEXITCODE -eq 0
    }

    # Starts $Command on $Fifo in a runspace of this process and returns once it waits for the FIFO's writer (it holds the
    # FIFO open, or, as the old open did, a thread of ours is blocked in open(2)).
    function Start-WaitingImport([string] $Command, [string] $Fifo, [string] $Database) {
        $run = Start-InRunspace {
            param($Module, $Command, $Fifo, $Database)
            Import-Module $Module
            & $Command -LiteralPath $Fifo -Database $Database
        } @($env:BMG_TEST_MODULE, $Command, $Fifo, $Database)
        # The guard is load-scaled (HangGuard.ps1), only against a hung test: a fixed 120 s of wall clock could fire at a slow machine.
        $null = Wait-Until -What 'the command to wait for the FIFO''s writer' -Condition { (Test-FileOpen $Fifo) -or (Get-ThreadsInOpen) }
        Start-Sleep -Milliseconds 200
        $run.Shell.InvocationStateInfo.State | Should -Be 'Running' -Because 'the command waits for a writer'
        $run | Add-Member -NotePropertyName Fifo -NotePropertyValue $Fifo -PassThru
    }

    # Stops the waiting import as Ctrl+C does and checks it ended as a stopped pipeline without an error. $StalledWriter:
    # the writer process (Start-StalledFifoWriter) the import waits for.
    function Stop-WaitingImport($Import, [System.Diagnostics.Process] $StalledWriter) {
        try {
            Stop-Waiting $Import.Shell -Because 'Ctrl+C ends the wait for the FIFO''s writer, or for its data'
            Assert-EndedStopped $Import.Shell $Import.Async
        }
        finally {
            if ($Import.Shell.InvocationStateInfo.State -eq 'Stopping') {
                # A stop that did not land: a writer's open for a moment releases a blocked open, and a stalled writer's end
                # releases a blocked read, so the failure is reported instead of the test run hanging in Dispose.
                if ($StalledWriter) { $StalledWriter.Kill() }
                else { [System.IO.FileStream]::new($Import.Fifo, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Write).Dispose() }
            }
            $Import.Shell.Dispose()
            $Import.Runspace.Dispose()
        }
    }

    # A writer process, as with `cmd > fifo`: writes $Text into the FIFO once it opens (a reader must come), given up after 20 s.
    function Start-FifoWriter([string] $Fifo, [string] $Text, [double] $DelaySeconds = 0) {
        $script = Join-Path $TestDrive "write-fifo-$([guid]::NewGuid().ToString('N')).sh"
        # timeout: a writer whose reader never comes does not outlive the test run; long enough for a loaded machine's import
        # to reach its open (20 s once: dd gone, a late import would have waited for a writer that never came).
        Set-Content -LiteralPath $script -Value "sleep $DelaySeconds; printf '$Text' | timeout 600 dd of='$Fifo' status=none"
        Start-Process -FilePath 'sh' -ArgumentList $script -PassThru
    }

    # A writer process that writes $Text and then stalls with the FIFO open for writing, as `{ head rows.csv; sleep 600; } > fifo`;
    # returns once it stalls and a moment more, for the import (which polls the FIFO) to take the text and wait for the rest.
    # The sleep replaces the shell (exec), so killing the process ends its write end.
    function Start-StalledFifoWriter([string] $Fifo, [string] $Text) {
        $id = [guid]::NewGuid().ToString('N')
        $source = Join-Path $TestDrive "stalled-$id.txt"
        $written = Join-Path $TestDrive "stalled-$id.written"
        [IO.File]::WriteAllText($source, $Text)
        $script = Join-Path $TestDrive "stalled-writer-$id.sh"
        Set-Content -LiteralPath $script -Value "{ cat '$source'; : > '$written'; exec sleep 600; } > '$Fifo'"
        $writer = Start-Process -FilePath 'sh' -ArgumentList $script -PassThru
        # The guard is load-scaled (HangGuard.ps1), only against a hung test: a fixed 120 s of wall clock could fire at a slow machine.
        try { $null = Wait-Until -What 'the writer to get its text through' -Condition { Test-Path -LiteralPath $written } }
        catch { $writer.Kill(); throw }
        Start-Sleep -Milliseconds 300
        $writer
    }
}

Describe 'Ctrl+C while an import waits for a FIFO''s writer' {
    BeforeEach {
        $script:Database = New-TestStore -Created
        $script:Before = Get-StoreSnapshot
        $script:Fifo = Join-Path $TestDrive "no-writer-$([guid]::NewGuid().ToString('N')).fifo"
        & mkfifo $Fifo
    }

    It '<Command> on a FIFO with no writer stops at once: stopped pipeline, no error, nothing imported, the FIFO not left open' -Skip:(-not $IsLinux) -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv' }
        @{ Command = 'Import-BmgDepDevice' }
    ) {
        Stop-WaitingImport (Start-WaitingImport $Command $Fifo $Database)

        # Nothing of this process holds the FIFO (guard: hung test only).
        # The guard is load-scaled (HangGuard.ps1), only against a hung test: a fixed 120 s of wall clock could fire at a slow machine.
        $null = Wait-Until -What 'the FIFO to be closed' -Condition { -not (Test-FileOpen $Fifo) }
        Get-StoreSnapshot | Should -BeExactly $Before -Because 'nothing was imported'
    }

    It '<Command> stopped leaves no thread blocked in open(2) and no reader on the FIFO' -Skip:(-not $IsLinux) -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv' }
        @{ Command = 'Import-BmgDepDevice' }
    ) {
        Stop-WaitingImport (Start-WaitingImport $Command $Fifo $Database)

        Get-ThreadsInOpen | Should -BeNullOrEmpty -Because 'no open of the FIFO is left waiting for a writer'
        Test-FifoHasReader $Fifo | Should -BeFalse -Because 'the stopped import keeps no read end open, so a writer would get ENXIO'
    }

    It '<Command> reading a FIFO whose writer stalls after some data stops at once: stopped pipeline, no error, nothing imported, no reader left' -Skip:(-not $IsLinux) -ForEach @(
        @{ Command = 'Import-BmgDepDevice'; Header = 'SerialNumber,Model' }
        @{ Command = 'Import-BmgDeviceCsv'; Header = 'Identifier,OS' }
    ) {
        # Before the fix the read went on in read(2) for as long as the writer stalled, and Ctrl+C could not end it. Fewer rows
        # than a chunk: the CSV import's planning then waits for its reading thread (a long file's planning may still be
        # busy, and stop, while the reader waits for data).
        $rows = 1..20 | ForEach-Object { 'r{0:D5},ios' -f $_ }
        $import = Start-WaitingImport $Command $Fifo $Database
        $writer = Start-StalledFifoWriter $Fifo ((@($Header) + $rows) -join "`n")
        try {
            $import.Shell.InvocationStateInfo.State | Should -Be 'Running' -Because 'the import waits for the rest of the input'
            Stop-WaitingImport $import -StalledWriter $writer
            $writer.HasExited | Should -BeFalse -Because 'the stop landed while the writer still stalled'
        }
        finally {
            if (-not $writer.HasExited) { $writer.Kill() }
        }

        # The guard is load-scaled (HangGuard.ps1), only against a hung test: a fixed 120 s of wall clock could fire at a slow machine.
        $null = Wait-Until -What 'the FIFO to be closed' -Condition { -not (Test-FileOpen $Fifo) }
        Test-FifoHasReader $Fifo | Should -BeFalse -Because 'the stopped import keeps no read end open'
        Get-StoreSnapshot | Should -BeExactly $Before -Because 'nothing was imported'
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'a FIFO this process may read but not write: the stop leaves no thread blocked in open(2)' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
        # The old stop woke its blocked open by opening the FIFO for writing; where that is denied the open stayed blocked
        # for ever. Root may write any file, so the importing process runs without CAP_DAC_OVERRIDE (setpriv): for it
        # this FIFO (its own, mode 0444) is readable and not writable. The child reports its threads left in open(2).
        & chmod 0444 $Fifo
        $child = Join-Path $TestDrive "read-only-fifo-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $child -Encoding utf8NoBOM -Value @'
param($Module, $Fifo, $Database, $OpenSyscall)
function Get-ThreadsInOpen {
    @(Get-ChildItem /proc/self/task | Where-Object {
            (Get-Content -LiteralPath "$($_.FullName)/syscall" -ErrorAction SilentlyContinue) -match $OpenSyscall -and
            (Get-Content -LiteralPath "$($_.FullName)/comm" -ErrorAction SilentlyContinue) -ne '.NET DebugPipe' })
}
function Test-FileOpen { @(Get-ChildItem /proc/self/fd | Where-Object { $_.LinkTarget -eq $Fifo }).Count -gt 0 }
$shell = [powershell]::Create()
$null = $shell.AddScript({ param($m, $f, $d) Import-Module $m; Import-BmgDeviceCsv -LiteralPath $f -Database $d }).AddArgument($Module).AddArgument($Fifo).AddArgument($Database)
$async = $shell.BeginInvoke()
$deadline = [DateTime]::UtcNow.AddSeconds(120)
while (-not (Test-FileOpen) -and -not (Get-ThreadsInOpen)) {
    if ([DateTime]::UtcNow -gt $deadline) { 'never waited'; exit 1 }
    Start-Sleep -Milliseconds 20
}
Start-Sleep -Milliseconds 200
$stopping = $shell.BeginStop($null, $null)
if (-not $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(15))) { 'stop did not land'; [Environment]::Exit(1) }
"state: $($shell.InvocationStateInfo.State)"
"threads in open: $(@(Get-ThreadsInOpen).Count)"
"fifo open: $(Test-FileOpen)"
[Environment]::Exit(0)
'@
        $host_ = [Environment]::ProcessPath
        $arguments = @('--bounding-set=-dac_override,-dac_read_search', $host_)
        if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { $arguments += Join-Path $PSHOME 'pwsh.dll' }
        $arguments += @('-NoProfile', '-NonInteractive', '-File', $child, $env:BMG_TEST_MODULE, $Fifo, $Database, $OpenSyscall)
        $output = & setpriv @arguments 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'state: Stopped'
        $output | Should -Contain 'threads in open: 0' -Because 'a stop opens no write end, so being denied one leaves nothing blocked'
        $output | Should -Contain 'fifo open: False'
        Get-StoreSnapshot | Should -BeExactly $Before -Because 'nothing was imported'
    }

    It 'another reader waiting on the same FIFO is not woken by the stop, and gets what a later writer writes' -Skip:(-not $IsLinux) {
        $catOutput = Join-Path $TestDrive "cat-$([guid]::NewGuid().ToString('N')).txt"
        $cat = Start-Process -FilePath 'cat' -ArgumentList $Fifo -RedirectStandardOutput $catOutput -PassThru
        try {
            # The guard is load-scaled (HangGuard.ps1), only against a hung test: a fixed 120 s of wall clock could fire at a slow machine.
            $null = Wait-Until -What 'cat to wait in open(2)' -Condition { Get-ThreadsInOpen $cat.Id }

            Stop-WaitingImport (Start-WaitingImport 'Import-BmgDeviceCsv' $Fifo $Database)

            # The old stop opened the FIFO for writing for a moment: cat got end of input and exited with nothing.
            $cat.HasExited | Should -BeFalse -Because 'the stop wrote nothing to the FIFO and closed no write end'
            $writer = Start-FifoWriter $Fifo 'later data\n'
            # The writer's end of input ends cat (waited for until it holds; the guard, load-scaled, only stops a hung test).
            $null = Wait-Until -What 'the writer and cat to end' -Condition { $writer.HasExited -and $cat.HasExited }
            # Start-Process copies cat's output into the file from its own thread: cat may have exited before the copy
            # is in the file (a CI run under load read it empty). The file must get the text.
            $null = Wait-Until -What 'cat''s output in its file' -Condition { (Get-Content -Raw -LiteralPath $catOutput) -ceq "later data`n" }
            Get-Content -Raw -LiteralPath $catOutput | Should -BeExactly "later data`n"
        }
        finally {
            if (-not $cat.HasExited) { $cat.Kill() }
        }
        Get-StoreSnapshot | Should -BeExactly $Before -Because 'the stopped import imported nothing'
    }

    It 'a FIFO removed and made anew after the stop is imported by the next import, from a writer that comes a moment later' -Skip:(-not $IsLinux) {
        Stop-WaitingImport (Start-WaitingImport 'Import-BmgDeviceCsv' $Fifo $Database)
        Remove-Item -LiteralPath $Fifo
        & mkfifo $Fifo

        $writer = Start-FifoWriter $Fifo 'Identifier,OS\r\nr1,ios\r\nr2,android\r\n' -DelaySeconds 0.3
        try {
            $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $Fifo }
        }
        finally {
            if (-not $writer.WaitForExit(20000)) { $writer.Kill() }
        }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty -Because 'the new FIFO''s writer is read, not an end of input of the old stop''s making'
        $result.Output[0].Created | Should -Be 2
        @(Get-BmgDevice).Identifier | Sort-Object | Should -Be @('r1', 'r2')
    }
}
