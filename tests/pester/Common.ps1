# Dot-sourced by every test file: loads the built module (build.ps1 Test points BMG_TEST_MODULE at
# out/BizMobileGo) and offers small helpers for real stores and real CSV files under $TestDrive.

if (-not $env:BMG_TEST_MODULE) {
    $env:BMG_TEST_MODULE = Join-Path $PSScriptRoot '../../out/BizMobileGo/BizMobileGo.psd1'
}
Import-Module $env:BMG_TEST_MODULE -Force
# New-HangGuard and Wait-Until: waits for a condition, guarded against a hung test.
. $PSScriptRoot/HangGuard.ps1
# New-TestStore's databases on the PostgreSQL test server, and Invoke-PostgresTestSql to look into them.
. $PSScriptRoot/../servers/PostgresTestServer.ps1
# A test file begins (Pester runs them one after another): the databases the files before it made are done with.
Remove-PostgresTestDatabase
# Its run (not its discovery, where Pester's run state, $____Pester, is not there yet) says so in the part's log: build.ps1
# Test's heartbeat names the file each part still running last started, so a part that hangs shows where.
& {
    if (Get-Variable -Name '____Pester' -ErrorAction Ignore) {
        $file = (Get-PSCallStack | Where-Object ScriptName -Like '*.Tests.ps1' | Select-Object -First 1).ScriptName
        if ($file) { Write-Host "Starting $(Split-Path -Leaf $file)" }
    }
}

$script:CsvHeader18 = 'UserName,Name,EmailAddress,UserDescription,Identifier,Template,Code,OS,DeviceTags,WifiMac,IMEI,MEID,Serial,ExpirationDays,DisplayName,Description,RegistrationEmail,DEPMethod'

function Get-TestStoreKind {
    <# 'postgres' in build.ps1 Test's second Pester run (BMG_TEST_STORE=postgres), else 'sqlite'. #>
    if ($env:BMG_TEST_STORE -eq 'postgres') { 'postgres' } else { 'sqlite' }
}

function New-TestStore {
    <#
    A new, empty store: a file path under $TestDrive, or in the PostgreSQL run the URI (with its password)
    of a new database on the test server. Every Bmg cmdlet in the calling test uses it by default.
    The store is made now, its warning discarded: a command that writes warns when it makes a store someone named (a
    SQLite file: "Created a new, empty store at ...", walkthrough 29, 6; a PostgreSQL schema's tables, thirtieth round),
    and a test's first write is no typo. -Empty (PostgreSQL): the database only, for a test of a store's creation
    itself. -Created is what every store gets now (kept for the tests that say so).
    #>
    param([switch] $Created, [switch] $Empty)
    $location = if ((Get-TestStoreKind) -eq 'postgres') {
        # One the server made ahead, beside the previous test: new and empty all the same.
        New-PostgresTestDatabase -Ahead
    } else {
        Join-Path $TestDrive ("store-{0}.db" -f [guid]::NewGuid().ToString('N'))
    }
    $global:PSDefaultParameterValues['*-Bmg*:Database'] = $location
    if (-not $Empty -or (Get-TestStoreKind) -eq 'sqlite') {
        # A writer that finds nothing to change: it creates the store as any first use does, and writes nothing.
        Remove-BmgDeviceTag -Name 'no such tag' -Confirm:$false -ErrorAction Ignore -WarningAction Ignore
    }
    return $location
}

# "in the store '…'": how not-found errors and DEP warnings name the store they searched (SearchedStore), by default the
# store New-TestStore made: its path, or the server URI without its password.
function Get-InStore([string] $Location = $global:PSDefaultParameterValues['*-Bmg*:Database']) {
    $shown = if ($Location -match '^postgres') { $Location -replace '^(postgres(?:ql)?://[^:@/]*):[^@]*@', '$1@' } else { $Location }
    "in the store '$shown'"
}

# A store chosen only by $env:BMG_DATABASE (the test's -Database default taken away), as an admin's session whose variable
# was left at another customer's store: Restore-EnvironmentStore puts both back.
function Set-EnvironmentStore([string] $Store) {
    $saved = [pscustomobject]@{ Default = $global:PSDefaultParameterValues['*-Bmg*:Database']; Environment = $env:BMG_DATABASE }
    $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
    $env:BMG_DATABASE = $Store
    return $saved
}

function Restore-EnvironmentStore($Saved) {
    $env:BMG_DATABASE = $Saved.Environment
    $global:PSDefaultParameterValues['*-Bmg*:Database'] = $Saved.Default
}

function Write-TestCsv {
    <# Writes lines joined by CRLF to a file under $TestDrive in the given encoding ('utf8', 'utf8BOM', 'unicode', '932', ...). #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string[]] $Lines,
        [string] $Encoding = 'utf8',
        [string] $NewLine = "`r`n"
    )
    $path = Join-Path $TestDrive $Name
    $text = ($Lines -join $NewLine) + $NewLine
    $bytes = switch ($Encoding) {
        'utf8' { [System.Text.UTF8Encoding]::new($false).GetBytes($text) }
        'utf8BOM' { [byte[]](0xEF, 0xBB, 0xBF) + [System.Text.UTF8Encoding]::new($false).GetBytes($text) }
        'unicode' { [byte[]](0xFF, 0xFE) + [System.Text.Encoding]::Unicode.GetBytes($text) }
        '932' {
            [System.Text.Encoding]::RegisterProvider([System.Text.CodePagesEncodingProvider]::Instance)
            [System.Text.Encoding]::GetEncoding(932).GetBytes($text)
        }
        default { throw "Write-TestCsv: unknown encoding $Encoding" }
    }
    [System.IO.File]::WriteAllBytes($path, $bytes)
    return $path
}

function Write-TestJson([string] $Name, [string] $Json) {
    <# Writes a JSON file under $TestDrive exactly as given (Apple's keys, nesting and string dates), in UTF-8 without a BOM. #>
    $path = Join-Path $TestDrive $Name
    [IO.File]::WriteAllText($path, $Json, [Text.UTF8Encoding]::new($false))
    return $path
}

function Select-CodeText {
    <#
    Every property of a piped device or check-in email, its Code as text (CodeText) in place of the SecureString, which
    ConvertTo-Json writes as its Length only: a comparison of two JSON texts then still sees a changed code.
    #>
    process { $_ | Select-Object *, @{ Name = 'CodeText'; Expression = { $_.Code | ConvertFrom-SecureString -AsPlainText } } -ExcludeProperty Code }
}

function Get-StoreSnapshot {
    <# Everything a user can see in the store, as one string: equal snapshots mean an unchanged store. #>
    $devices = @(Get-BmgDevice | Select-CodeText | Select-Object * -ExcludeProperty CreatedAt, SavedAt)
    $users = @(Get-BmgUser)
    $emails = @(Get-BmgCheckInEmail | Select-CodeText)
    return (@{ Devices = $devices; Users = $users; Emails = $emails } | ConvertTo-Json -Depth 5)
}

# Runs a script block and sorts what it produced: output, non-terminating errors, warnings and the terminating error.
function Invoke-Captured([scriptblock] $Script) {
    $ErrorActionPreference = 'Continue'
    $output = [System.Collections.Generic.List[object]]::new()
    $errors = [System.Collections.Generic.List[object]]::new()
    $warnings = [System.Collections.Generic.List[object]]::new()
    $terminating = $null
    try {
        & $Script 2>&1 3>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) }
            elseif ($_ -is [System.Management.Automation.WarningRecord]) { $warnings.Add($_) }
            else { $output.Add($_) }
        }
    } catch {
        $terminating = $_
    }
    [pscustomobject]@{ Output = $output.ToArray(); Errors = $errors.ToArray(); Warnings = $warnings.ToArray(); Terminating = $terminating }
}

# Runs a script in a runspace of its own, the module imported (no interactive host: a prompt fails instead of waiting),
# and returns the runspace with its output, its streams (progress, errors) and the exception that ended it, if any.
function Invoke-Isolated([string] $Script, [hashtable] $Variables = @{}) {
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Import-Module '$env:BMG_TEST_MODULE'").AddStatement()
    foreach ($name in $Variables.Keys) {
        $null = $ps.AddCommand('Set-Variable').AddParameter('Name', $name).AddParameter('Value', $Variables[$name]).AddStatement()
    }
    $null = $ps.AddScript($Script)
    $output = $null; $exception = $null
    try { $output = $ps.Invoke() } catch { $exception = $_.Exception }
    [pscustomobject]@{ PowerShell = $ps; Output = $output; Exception = $exception; Errors = @($ps.Streams.Error) }
}

# The text a script block's 'What if:' lines wrote: they go to the host, and a transcript records them.
function Get-WhatIfText([scriptblock] $Script) {
    $transcript = Join-Path $TestDrive "whatif-$([guid]::NewGuid().ToString('N')).txt"
    $null = Start-Transcript -LiteralPath $transcript -Force
    try { & $Script 3>$null | Out-Null } finally { $null = Stop-Transcript }
    Get-Content -Raw -LiteralPath $transcript
}

# A time as every message of the module prints it (Times/ShownTime.cs): in this computer's offset at that instant, in the
# invariant culture. A test that wrote the UTC day ('2026-11-22') failed west of UTC, where 03:10Z is still the 21st.
function Get-ShownTime([DateTimeOffset] $Time) { $Time.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture) }

function Get-ErrorId($Record) { ($Record.FullyQualifiedErrorId -split ',')[0] }

function Assert-ErrorId($ErrorRecords, [string] $Id, [int] $Count = 1) {
    @($ErrorRecords) | Should -HaveCount $Count
    foreach ($record in @($ErrorRecords)) { $record.FullyQualifiedErrorId | Should -BeLike "$Id,*" }
}

# A unique CSV file name under $TestDrive, so tests of one file never share input.
function New-CsvName([string] $Prefix = 'test') { "$Prefix-$([guid]::NewGuid().ToString('N')).csv" }

function Get-FreshPwshCommand {
    <#
    The command line of a new PowerShell process that runs -File: the same PowerShell this one is (as a dotnet tool,
    'dotnet pwsh.dll'; installed, pwsh itself), without a profile, non-interactive. FilePath and ArgumentList, as
    Start-Process and ProcessStartInfo take them; -Argument: the script's own parameters after the file. -Interactive
    leaves out -NonInteractive: the console host then prints a -Confirm prompt and reads its answer from standard input.
    #>
    param([Parameter(Mandatory)] [string] $File, [object[]] $Argument = @(), [switch] $Interactive)
    $executable = [Environment]::ProcessPath
    $arguments = @('-NoProfile') + @(if (-not $Interactive) { '-NonInteractive' }) + @('-File', $File) + @($Argument | ForEach-Object { "$_" })
    if ([IO.Path]::GetFileNameWithoutExtension($executable) -eq 'dotnet') {
        $arguments = @(Join-Path $PSHOME 'pwsh.dll') + $arguments
    }
    [pscustomobject]@{ FilePath = $executable; ArgumentList = $arguments }
}

function Start-BmgChild {
    <#
    A child PowerShell (Get-FreshPwshCommand) running a script file with the built module (-Module, its first parameter),
    started and returned at once, for a test that talks to it while it runs: its standard input, output and error
    redirected (the test tells it to go on, reads its lines, and reads stderr if it fails), plain text (NO_COLOR).
    -Interactive: a -Confirm prompt is printed and its answer read from the redirected standard input, so the child waits
    at it for as long as the test wants. -Environment: variables set for the child only ('' is kept as an empty variable,
    which this process cannot set for itself).
    #>
    param([Parameter(Mandatory)] [string] $Script, [object[]] $Arguments = @(), [switch] $Interactive, [hashtable] $Environment = @{})
    $command = Get-FreshPwshCommand $Script -Argument (@('-Module', $env:BMG_TEST_MODULE) + $Arguments) -Interactive:$Interactive
    $start = [System.Diagnostics.ProcessStartInfo]::new($command.FilePath)
    foreach ($a in $command.ArgumentList) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $start.Environment['NO_COLOR'] = '1'
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    return [System.Diagnostics.Process]::Start($start)
}

function Invoke-FreshPwsh {
    <#
    Runs a script in a new PowerShell process (Get-FreshPwshCommand) and returns its exit code and its output lines. For
    what one session can't show: assemblies loaded before the module, a first Import-Module, an installed copy, a
    scheduled job. -TimeZone (an IANA name such as 'Asia/Tokyo') is the child's local time zone (TZ), for what only shows
    away from UTC. -LogFolder runs it as a scheduled task runs a job: stdout and stderr each redirected to its own file
    there (stdout.log, stderr.log), and their texts returned as Out and Err.
    #>
    param([Parameter(Mandatory)] [string] $Script, [string] $TimeZone, [string] $LogFolder)
    $file = Join-Path $TestDrive ("child-{0}.ps1" -f [guid]::NewGuid().ToString('N'))
    Set-Content -Path $file -Value $Script -Encoding utf8NoBOM
    $command = Get-FreshPwshCommand $file
    $previousRendering = $env:NO_COLOR
    $previousZone = $env:TZ
    # A job's environment is left as it is (a scheduled task sets no NO_COLOR); its redirected output is plain text anyway.
    if (-not $LogFolder) { $env:NO_COLOR = '1' }
    if ($TimeZone) { $env:TZ = $TimeZone }
    try {
        if ($LogFolder) {
            $stdout = Join-Path $LogFolder 'stdout.log'
            $stderr = Join-Path $LogFolder 'stderr.log'
            $process = Start-Process -FilePath $command.FilePath -ArgumentList $command.ArgumentList -RedirectStandardOutput $stdout `
                -RedirectStandardError $stderr -NoNewWindow -Wait -PassThru
            return [pscustomobject]@{ ExitCode = $process.ExitCode; Out = "$(Get-Content -LiteralPath $stdout -Raw)"; Err = "$(Get-Content -LiteralPath $stderr -Raw)" }
        }

        $arguments = $command.ArgumentList
        $output = & $command.FilePath @arguments 2>&1 | ForEach-Object { "$_" }
    } finally {
        $env:NO_COLOR = $previousRendering
        $env:TZ = $previousZone
    }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output); Text = ($output -join [Environment]::NewLine) }
}

function Invoke-HelpExampleInCulture {
    <#
    Runs the one help example of -Command whose code matches -Match, as Get-Help shows it, in -Folder with this session's
    culture set to -Culture (restored after), and returns Invoke-Captured's result: for what an example writes that
    depends on the culture (an auditor's export).
    #>
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string] $Match, [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $Culture)
    $example = @((Get-Help $Command -Examples).examples.example | Where-Object { "$($_.code)" -match $Match })
    $example | Should -HaveCount 1
    $block = [scriptblock]::Create("$($example[0].code)")
    $previous = [cultureinfo]::CurrentCulture
    Push-Location $Folder
    try {
        [cultureinfo]::CurrentCulture = $Culture
        Invoke-Captured { & $block }
    } finally {
        [cultureinfo]::CurrentCulture = $previous
        Pop-Location
    }
}

function Get-NuGetPackagesFolder {
    <# The NuGet global packages folder, where restore put the packages the tests load (Pester, older SQLite). #>
    $line = & dotnet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function New-SqliteConnection([string] $ConnectionString) {
    <#
    A connection of the module's own Microsoft.Data.Sqlite, for tests that look into a store file
    directly. It lives in the module's load context, out of reach of type literals; asking the default
    context for BizMobileGo.Core makes the module load it there.
    #>
    $core = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('BizMobileGo.Core'))
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core)
    $sqlite = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Microsoft.Data.Sqlite'))
    return [Activator]::CreateInstance($sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @($ConnectionString))
}

# The ReadyToRun (precompiled) images the module carries (src/BizMobileGo.ReadyToRun): these assemblies, for linux-x64
# glibc on .NET 10 (PowerShell 7.6) only; the IL files serve every other platform and runtime.
$script:ReadyToRunAssemblies = @('Npgsql')
$script:ReadyToRunFolder = 'dependencies/readytorun/linux-x64/net10'

function Test-ReadyToRunPlatform {
    <# Whether this process is of the one platform and runtime the module's images are compiled for. #>
    $IsLinux -and [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64' -and
        -not (Get-ChildItem /lib -Filter 'ld-musl-*' -ErrorAction Ignore) -and [Environment]::Version.Major -eq 10
}

function Test-ReadyToRunImage([string] $Path) {
    <# Whether a file carries precompiled code: ReadyToRun images have a managed native header, IL-only files none. #>
    $stream = [IO.File]::OpenRead($Path)
    try {
        $reader = [Reflection.PortableExecutable.PEReader]::new($stream)
        $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -ne 0
        $reader.Dispose()
    } finally { $stream.Dispose() }
}

function Get-ExpectedAssemblyFile([string] $ModuleFolder, [string] $Name) {
    <# The file the module's load context should load an assembly of dependencies/ from, in a process like this one. #>
    if ((Test-ReadyToRunPlatform) -and $Name -in $ReadyToRunAssemblies) {
        Join-Path $ModuleFolder "$ReadyToRunFolder/$Name.dll"
    } else {
        Join-Path $ModuleFolder "dependencies/$Name.dll"
    }
}
