# The module in hosts other than an interactive pwsh: a session constrained before the import, a runspace that registers
# the cmdlets by type without Import-Module (walkthrough 34a, a self-service portal hosting the module). Each case runs in
# a fresh pwsh, where nothing of the module is loaded yet.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The script's last output line, read as JSON (what the child found).
    function Read-ChildResult($Child) {
        $Child.ExitCode | Should -Be 0 -Because $Child.Text
        $Child.Output[-1] | ConvertFrom-Json
    }

    # A child's first lines: a runspace's state from <Factory> (CreateDefault2, Create) with New- and Get-BmgTemplate registered
    # by type from the built cmdlet assembly, as a restricted host builds one (no Import-Module), in `$state.
    function Get-ByTypeState([string] $Factory) {
        $assembly = Join-Path (Split-Path $env:BMG_TEST_MODULE) 'BizMobileGo.PowerShell.dll'
        @"
`$cmdlets = [Reflection.Assembly]::LoadFrom('$assembly')
`$state = [Management.Automation.Runspaces.InitialSessionState]::$Factory()
foreach (`$name in 'New-BmgTemplate', 'Get-BmgTemplate') {
    `$type = `$cmdlets.GetType('BizMobileGo.PowerShell.' + (`$name -replace '-') + 'Command', `$true)
    `$state.Commands.Add([Management.Automation.Runspaces.SessionStateCmdletEntry]::new(`$name, `$type, `$null))
}
"@
    }
}

Describe 'Import-Module in a session constrained before it' {
    It 'imports every command and the views, and removes and imports again without an error' {
        # An unsigned module under WDAC/AppLocker, or a host that constrains the session first: the root script stopped at
        # its first .NET call, and PowerShell listed the module with no commands (walkthrough 34a, 1).
        $store = Join-Path $TestDrive 'constrained.db'
        New-BmgTemplate -Name Kept -Database $store -WarningAction SilentlyContinue | Out-Null
        # The child's own lines keep to ConstrainedLanguage too: a hashtable (a core type) for its answer.
        $child = Invoke-FreshPwsh @"
`$Error.Clear()
`$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
Import-Module '$env:BMG_TEST_MODULE'
`$commands = @(Get-Command -Module BizMobileGo).Count
`$view = (Get-BmgTemplate -Database '$store' | Out-String).Trim()
Remove-Module BizMobileGo
Import-Module '$env:BMG_TEST_MODULE'
@{ Mode = "`$(`$ExecutionContext.SessionState.LanguageMode)"; Errors = (`$Error | ForEach-Object { "`$_" }) -join ' | '; Commands = `$commands
    View = `$view; Again = @(Get-BmgTemplate -Database '$store').Count } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        $result.Mode | Should -Be 'ConstrainedLanguage'
        $result.Errors | Should -BeNullOrEmpty
        $result.Commands | Should -Be (Get-Command -Module BizMobileGo).Count
        $result.View | Should -Match '^Name\s' -Because 'the type data of the views came with the module'
        $result.Again | Should -Be 1
    }
}

Describe 'Cmdlets registered by type, without Import-Module' {
    It 'find the core library and work' {
        # A restricted host's "only these commands" runspace: SessionStateCmdletEntry for each cmdlet type. The hook that
        # finds the core library was added only by Import-Module, and the first command died with a FileNotFoundException
        # (walkthrough 34a, 2).
        $store = Join-Path $TestDrive 'bytype.db'
        $child = Invoke-FreshPwsh @"
$(Get-ByTypeState CreateDefault2)
`$shell = [PowerShell]::Create(`$state)
try {
    `$names = @(`$shell.AddScript("New-BmgTemplate -Name ByType -Database '$store' | Out-Null; (Get-BmgTemplate -Database '$store').Name").Invoke())
    `$failure = `$null
} catch { `$failure = `$_.Exception.InnerException.GetType().Name + ': ' + `$_.Exception.Message }
[pscustomobject]@{ Failure = `$failure; Errors = @(`$shell.Streams.Error | ForEach-Object { "`$_" }); Names = `$names } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        $result.Failure | Should -BeNullOrEmpty
        @($result.Errors) | Should -BeNullOrEmpty
        @($result.Names) | Should -Be @('ByType')
    }
}

Describe 'Store-name completion in a constrained session' {
    It 'completes from the store -Database or $PSDefaultParameterValues names, a relative path resolved against the location' {
        # The completer read the session with a script block, which ConstrainedLanguage let run but not resolve a path, and
        # NoLanguage refused: completion was silently empty (walkthrough 34a, 6).
        $store = Join-Path $TestDrive 'completion.db'
        New-BmgTemplate -Name Standard -Database $store -WarningAction SilentlyContinue | Out-Null
        $child = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE' -ErrorAction Stop
Set-Location '$TestDrive'
`$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
`$given = (TabExpansion2 'Get-BmgDevice -Database completion.db -Template ').CompletionMatches.CompletionText
`$PSDefaultParameterValues['Get-Bmg*:Database'] = 'completion.db'
`$default = (TabExpansion2 'Get-BmgDevice -Template ').CompletionMatches.CompletionText
@{ Mode = "`$(`$ExecutionContext.SessionState.LanguageMode)"; Given = @(`$given); Default = @(`$default) } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        $result.Mode | Should -Be 'ConstrainedLanguage'
        @($result.Given) | Should -Be @('Standard')
        @($result.Default) | Should -Be @('Standard')
    }
}

Describe 'A runspace without the FileSystem provider' {
    It 'takes a full store path, and refuses a relative one saying the runspace has no FileSystem provider' {
        # InitialSessionState.Create() adds no provider: PowerShell's own words were "Cannot find drive. A drive with the
        # name '/' does not exist" (walkthrough 34a, 7a), for a full path the store needs no provider to open.
        $store = Join-Path $TestDrive 'noprovider.db'
        $child = Invoke-FreshPwsh @"
$(Get-ByTypeState Create)
`$state.LanguageMode = 'NoLanguage'
`$shell = [PowerShell]::Create(`$state)
`$null = `$shell.AddCommand('New-BmgTemplate').AddParameter('Name', 'Full').AddParameter('Database', '$store').Invoke()
`$names = @(`$shell.Commands.Clear(); `$shell.AddCommand('Get-BmgTemplate').AddParameter('Database', '$store').Invoke() | ForEach-Object Name)
`$shell.Commands.Clear()
try { `$shell.AddCommand('Get-BmgTemplate').AddParameter('Database', 'relative.db').Invoke(); `$id = 'ran' }
catch { `$record = `$_.Exception.InnerException.ErrorRecord; `$id = `$record.FullyQualifiedErrorId; `$message = `$record.Exception.Message }
[pscustomobject]@{ Names = `$names; Id = `$id; Message = `$message } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        @($result.Names) | Should -Be @('Full')
        ($result.Id -split ',')[0] | Should -Be 'InvalidStorePath'
        $result.Message | Should -BeLike "*'relative.db' can't be resolved: this runspace has no FileSystem provider*give a full path*"
    }
}
