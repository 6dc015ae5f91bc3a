# Who holds a shared PostgreSQL store (walkthrough 40, 6). Every admin and the nightly job connect as one role, so a
# session that showed the server only 'BizMobileGo' left the "Waiting for another writer (…)" line and StoreBusy unable
# to say who holds the store. A session now names its OS user, host and command ("BizMobileGo <user>@<host>
# <command>", at most 63 bytes) unless the URI's application_name names it otherwise, which is kept. The holder is
# another process (a piped Import-BmgDeviceCsv held at its second row); the waiter writes with a short
# $env:BMG_STORE_WAIT, so it says it waits (-Verbose) and then ends StoreBusy. PostgreSQL only (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    . $PSScriptRoot/StopWhileWaiting.Common.ps1
    . $PSScriptRoot/Postgres.Common.ps1

    $script:WriterHolderScript = New-WriterLockHolderScript

    # What a session of this machine's user running $Command shows: cut to 63 bytes as the module cuts it.
    function Get-DefaultSessionName([string] $Command) {
        $name = "BizMobileGo $([Environment]::UserName)@$([Environment]::MachineName) $Command"
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($name)
        if ($bytes.Length -le 63) { return $name }
        # The user and host of a test machine are ASCII: one byte a character.
        $name.Substring(0, 63)
    }

    # The waiter's -Verbose wait line and StoreBusy message while the holder holds the writer lock.
    function Invoke-WaitingWrite([string] $Database, [string] $HolderDatabase) {
        $csv = New-DeviceCsv -Path (Join-Path $TestDrive "holder-$([guid]::NewGuid().ToString('N')).csv") -Prefix 'hold' -Count 5
        $holder = Start-Holder -Script $WriterHolderScript -Arguments @('-Database', $HolderDatabase, '-Csv', $csv) -HoldingLine 'holding the writer lock'
        $waitBefore = $env:BMG_STORE_WAIT
        try {
            $env:BMG_STORE_WAIT = '2'
            # StoreBusy ends the command (terminating): caught into the output, beside the verbose records said before it.
            $said = & { try { New-BmgDevice -Identifier 'waiter01' -OS ios -Template Standard -Database $Database -Verbose } catch { $_ } } 4>&1
        }
        finally {
            $env:BMG_STORE_WAIT = $waitBefore
            $released = Stop-Holder $holder -ReleasedLine 'committed'
        }
        $released | Should -Be 'committed'
        [pscustomobject]@{
            WaitLines = @($said | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Waiting for another writer*' } | ForEach-Object Message)
            Errors    = @($said | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
    }
}

Describe 'The holder of a shared PostgreSQL store is named by its person and command' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
    }

    It 'with no application_name in the URI, the wait line and StoreBusy name the holder''s OS user, host and command' {
        $said = Invoke-WaitingWrite -Database $Database -HolderDatabase $Database
        $expected = [regex]::Escape("application '$(Get-DefaultSessionName 'Import-BmgDeviceCsv')'")
        $said.WaitLines | Should -HaveCount 1
        $said.WaitLines[0] | Should -Match "^Waiting for another writer \(server process \d+, user '[^']+', $expected(, from [^)]+)?\) to finish"
        $said.Errors | Should -HaveCount 1
        $said.Errors[0].FullyQualifiedErrorId | Should -BeLike 'StoreBusy,*'
        $said.Errors[0].Exception.Message | Should -Match "stayed locked by another writer \(server process \d+, user '[^']+', $expected(, from [^)]+)?\) for 2 seconds"
        @(Get-BmgDevice | Where-Object Identifier -EQ 'waiter01') | Should -BeNullOrEmpty
    }

    # who40's leftover: a completer opened its store under the name of the command that ran last in the runspace.
    It 'a tab completer''s session says it completes the command, not the last command''s name' {
        New-BmgDevice -Identifier 'named01' -OS ios -Template Standard | Out-Null
        $line = "Set-BmgDevice -Database '$Database' -Identifier named"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('named01')
        # Its pooled session, idle now, shows the name it was last given.
        @(Get-PostgresSessions $Database | ForEach-Object Name) | Should -Contain (Get-DefaultSessionName 'completing Set-BmgDevice')
    }

    It 'an application_name the URI gives is kept: the wait line and StoreBusy name it' {
        $named = "$Database$(if ($Database.Contains('?')) { '&' } else { '?' })application_name=alice-console"
        $said = Invoke-WaitingWrite -Database $Database -HolderDatabase $named
        $said.WaitLines | Should -HaveCount 1
        $said.WaitLines[0] | Should -Match "^Waiting for another writer \(server process \d+, user '[^']+', application 'alice-console'(, from [^)]+)?\) to finish"
        $said.Errors[0].Exception.Message | Should -Match "stayed locked by another writer \(server process \d+, user '[^']+', application 'alice-console'(, from [^)]+)?\)"
    }
}
