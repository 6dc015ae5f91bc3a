# Ctrl+C while an import waits for a FIFO's writer (issue 13): opening a FIFO to read blocks until a writer opens it, and
# before the fix `mkfifo f; Import-BmgDeviceCsv f` (or Import-BmgDepDevice f) with no writer ignored Ctrl+C for ever. Both
# cmdlets open their file through one rule (Core's InputFile): the command stops at once, as a stopped pipeline, imports
# nothing, and keeps nothing open on the FIFO. The command runs in a runspace of this process, so the test can Stop() it
# as Ctrl+C does. No test measures time (the guard only stops a hung test). Not a store behaviour: runs on SQLite only.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A thread of this process blocked in open(2)/openat(2) (the syscall numbers of x64 and arm64 Linux).
    $script:OpenSyscall = if ([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'Arm64') { '^56 ' } else { '^(2|257) ' }

    # True while this process has the file open (its descriptors in /proc).
    function Test-FileOpen([string] $Path) {
        @(Get-ChildItem /proc/self/fd -ErrorAction SilentlyContinue | Where-Object { $_.LinkTarget -eq $Path }).Count -gt 0
    }
}

Describe 'Ctrl+C while an import waits for a FIFO''s writer' {
    BeforeEach {
        $script:Database = New-TestStore
        $script:Before = Get-StoreSnapshot
    }

    It '<Command> on a FIFO with no writer stops at once: stopped pipeline, no error, nothing imported, the FIFO not left open' -Skip:(-not $IsLinux) -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv' }
        @{ Command = 'Import-BmgDepDevice' }
    ) {
        $fifo = Join-Path $TestDrive "no-writer-$([guid]::NewGuid().ToString('N')).fifo"
        & mkfifo $fifo
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create($runspace)
        try {
            $null = $shell.AddScript({
                    param($Module, $Command, $Fifo, $Database)
                    Import-Module $Module
                    & $Command -LiteralPath $Fifo -Database $Database
                }).AddArgument($env:BMG_TEST_MODULE).AddArgument($Command).AddArgument($fifo).AddArgument($Database)
            $async = $shell.BeginInvoke()
            # Waits until the command has the FIFO open for reading, blocked for a writer (the guard stops a hung test only).
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while (-not (Get-ChildItem /proc/self/task/*/syscall -ErrorAction SilentlyContinue | Where-Object { (Get-Content -LiteralPath $_.FullName -ErrorAction SilentlyContinue) -match $OpenSyscall })) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The command never waited in open(2).' }
                Start-Sleep -Milliseconds 20
            }
            Start-Sleep -Milliseconds 200
            $shell.InvocationStateInfo.State | Should -Be 'Running' -Because 'the command waits for a writer'

            $stopping = $shell.BeginStop($null, $null)
            $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(15)) | Should -BeTrue -Because 'Ctrl+C ends the wait for the FIFO''s writer'
            $shell.EndStop($stopping)
            $stopped = $null
            try { $null = $shell.EndInvoke($async) } catch { $stopped = $_.Exception.GetBaseException() }
            $stopped | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            @($shell.Streams.Error) | Should -BeNullOrEmpty
        }
        finally {
            if ($shell.InvocationStateInfo.State -eq 'Stopping') {
                # A stop that did not land (the old behaviour): a writer's open for a moment releases the blocked open,
                # so the failure is reported instead of the test run hanging in Dispose.
                [System.IO.FileStream]::new($fifo, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Write).Dispose()
            }
            $shell.Dispose()
            $runspace.Dispose()
        }

        # The open that waited was woken and closed: nothing of this process holds the FIFO (guard: hung test only).
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while (Test-FileOpen $fifo) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The FIFO stayed open.' }
            Start-Sleep -Milliseconds 20
        }
        Get-StoreSnapshot | Should -BeExactly $Before -Because 'nothing was imported'
    }
}
