# Dot-sourced by the tests that press Ctrl+C in a real terminal: an interactive pwsh (the same PowerShell as this
# session, with the built module) on a pseudo-terminal that tests/servers/pseudo_terminal.py keeps (Python's standard
# library only). The test types commands, waits for what the screen shows, and types Ctrl+C (the byte 0x03, which the
# terminal's line discipline turns into SIGINT, or PSReadLine reads at the prompt).
#
#   $terminal = Start-PseudoTerminal -Module $env:BMG_TEST_MODULE
#   Invoke-TerminalLine $terminal 'Get-BmgDevice | Measure-Object'      # the screen text up to the next prompt
#   Send-TerminalText $terminal "Import-BmgDeviceCsv big.csv`r"; Wait-TerminalText $terminal 'rows' ; Send-TerminalText $terminal "`u{3}"
#   Wait-TerminalPrompt $terminal                                           # the prompt that follows the command
#   Stop-PseudoTerminal $terminal                                           # in finally: the pwsh is killed
#
# The prompt is numbered ("PTY#7> "), so a wait for the next prompt never mistakes an old one for it. No function
# measures time: the time-outs only end a test that hangs.

$script:PseudoTerminalScript = Join-Path $PSScriptRoot 'pseudo_terminal.py'

function Start-PseudoTerminal {
    <#
    Starts an interactive pwsh on a new pseudo-terminal (200 columns, 50 rows, TERM=xterm-256color), imports -Module
    and sets -Variables (name = value, strings) in it, and returns once its first numbered prompt shows.
    #>
    param([Parameter(Mandatory)] [string] $Module, [hashtable] $Variables = @{}, [string] $WorkingDirectory = $TestDrive)
    $runtime = [Environment]::ProcessPath
    $program = @($runtime)
    # As a dotnet tool, this process is 'dotnet pwsh.dll'; installed, it is pwsh itself.
    if ([IO.Path]::GetFileNameWithoutExtension($runtime) -eq 'dotnet') { $program += Join-Path $PSHOME 'pwsh.dll' }
    $start = [System.Diagnostics.ProcessStartInfo]::new('python3')
    foreach ($a in @('-u', $script:PseudoTerminalScript, '--') + $program + @('-NoProfile', '-NoLogo')) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $start.WorkingDirectory = $WorkingDirectory
    $start.Environment['TERM'] = 'xterm-256color'
    $start.Environment.Remove('NO_COLOR') | Out-Null
    $process = [System.Diagnostics.Process]::Start($start)
    $ready = $process.StandardOutput.ReadLine() | ConvertFrom-Json
    $terminal = [pscustomobject]@{ Process = $process; Pid = [int]$ready.pid; Prompt = 0; Screen = [System.Text.StringBuilder]::new() }
    $null = Wait-TerminalText $terminal 'PS .*?> ' -TimeoutSeconds 60
    # A numbered prompt; the module, its store and the test's variables.
    # No inline predictions: the screen then shows what was typed and what the commands wrote, nothing more.
    $setup = @('function global:prompt { $global:PtyPrompt++; "PTY#$($global:PtyPrompt)> " }', 'Set-PSReadLineOption -PredictionSource None')
    $setup += "Import-Module '$Module'"
    foreach ($name in $Variables.Keys) { $setup += "`$global:$name = '$($Variables[$name] -replace "'", "''")'" }
    Send-TerminalText $terminal (($setup -join '; ') + "`r")
    $null = Wait-TerminalPrompt $terminal
    $terminal
}

function Invoke-PseudoTerminalRequest($Terminal, [hashtable] $Request) {
    $Terminal.Process.StandardInput.WriteLine(($Request | ConvertTo-Json -Compress))
    $Terminal.Process.StandardInput.Flush()
    $line = $Terminal.Process.StandardOutput.ReadLine()
    if ($null -eq $line) { throw 'The pseudo-terminal (tests/servers/pseudo_terminal.py) ended.' }
    $line | ConvertFrom-Json
}

function Send-TerminalText($Terminal, [string] $Text) {
    <# Types $Text: "`r" is Enter, "`u{3}" is Ctrl+C. #>
    $null = Invoke-PseudoTerminalRequest $Terminal @{ op = 'send'; text = $Text }
}

function Wait-TerminalText {
    <#
    Waits until the screen, after what earlier waits consumed, matches $Pattern (a regular expression; '.' matches line
    ends too); returns the screen text up to the end of the match. Throws, with what the screen showed, on time-out.
    #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string] $Pattern, [int] $TimeoutSeconds = 60)
    $answer = Invoke-PseudoTerminalRequest $Terminal @{ op = 'expect'; pattern = $Pattern; timeout = $TimeoutSeconds }
    $null = $Terminal.Screen.Append($answer.text)
    if (-not $answer.ok) {
        throw "The terminal did not show /$Pattern/ within $TimeoutSeconds s; it showed: $(Format-TerminalTail $answer.text)"
    }
    $answer.text
}

function Wait-TerminalPrompt {
    <#
    Waits for the next numbered prompt (the command before it has ended); returns the screen text up to it. Next is any
    number past the last one seen, not just the one after it: a Ctrl+C that lands as the stopped command ends can make
    the console host evaluate the prompt again and show only the later one (seen on a loaded machine: the screen ended
    in "PTY#192> ", pwsh idle in PSReadLine's ReadKey, while the test waited for "PTY#191> " until its guard).
    #>
    param([Parameter(Mandatory)] $Terminal, [int] $TimeoutSeconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds) # guard against a hung test only
    $text = ''
    do {
        $left = [Math]::Max(1, [int][Math]::Ceiling(($deadline - [DateTime]::UtcNow).TotalSeconds))
        $text += Wait-TerminalText $Terminal 'PTY#\d+> ' -TimeoutSeconds $left
        $shown = [int][regex]::Match($text, 'PTY#(\d+)> $').Groups[1].Value
    } while ($shown -le $Terminal.Prompt)
    $Terminal.Prompt = $shown
    $text
}

function Invoke-TerminalLine {
    <# Types one command line and Enter; returns the screen text up to the prompt that follows it. #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string] $Line, [int] $TimeoutSeconds = 60)
    Send-TerminalText $Terminal "$Line`r"
    Wait-TerminalPrompt $Terminal -TimeoutSeconds $TimeoutSeconds
}

function Wait-TerminalReadingKeys {
    <#
    Waits until the terminal hands Ctrl+C to the program as a key instead of turning it into SIGINT: the console host
    does so while it reads the answer to a prompt (a -Confirm choice). Ctrl+C typed before that moment is a signal.
    #>
    param([Parameter(Mandatory)] $Terminal, [int] $TimeoutSeconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds) # guard against a hung test only
    while ((Invoke-PseudoTerminalRequest $Terminal @{ op = 'mode' }).signals) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "The terminal still turned Ctrl+C into a signal after $TimeoutSeconds s: nothing read keys." }
        Start-Sleep -Milliseconds 20
    }
}

function Test-TerminalAlive($Terminal) {
    <# Whether the pwsh on the terminal still runs. #>
    (Invoke-PseudoTerminalRequest $Terminal @{ op = 'alive' }).alive
}

function Get-TerminalScreen($Terminal) {
    <# Everything the terminal showed so far, escape sequences taken out. #>
    (Invoke-PseudoTerminalRequest $Terminal @{ op = 'transcript' }).text
}

function Format-TerminalTail([string] $Text, [int] $Characters = 3000) {
    $tail = if ($Text.Length -gt $Characters) { '…' + $Text.Substring($Text.Length - $Characters) } else { $Text }
    $tail -replace "`r", '' -replace "`n", ' ⏎ '
}

function Stop-PseudoTerminal($Terminal) {
    <# Kills the pwsh (its process group) and the pseudo-terminal's keeper. #>
    if (-not $Terminal) { return }
    if (-not $Terminal.Process.HasExited) {
        try { $null = Invoke-PseudoTerminalRequest $Terminal @{ op = 'close' } } catch { }
        if (-not $Terminal.Process.WaitForExit(10000)) { $Terminal.Process.Kill() }
    }
    $Terminal.Process.Dispose()
}
