<#
.SYNOPSIS
    Builds, tests and demonstrates the BizMobileGo module.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Bench: how many rows the generated CSV has.
    [ValidateRange(1, 10000000)]
    [int] $Rows = 100000,

    # Bench: use the module already laid out in out/ (the Test task's smoke run).
    [switch] $NoBuild,

    # Bench: only scenarios 1 and 1w and the history's ratios (issue 15), to read them again without the rest.
    [switch] $HistoryOnly,

    # Bench: how many pairs of 1 and 1w (odd: the median is one run's).
    [int] $FirstImportPairs = 7,

    # Bench: only the PostgreSQL scenarios (baseline d, P1-P5) and issue 13's targets.
    [switch] $PostgresOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleDir = Join-Path $Out 'BizMobileGo'
$ManifestPath = Join-Path $ModuleDir 'BizMobileGo.psd1'
$Solution = Join-Path $Root 'BizMobileGo.PowerShell.sln'

# Start-PostgresTestServer and friends: the throw-away PostgreSQL server of the Test and Bench tasks.
. (Join-Path $Root 'tests/servers/PostgresTestServer.ps1')
# Get-TreeCpuSeconds: the Test task's CPU seconds beside its wall times.
. (Join-Path $Root 'tests/CpuSeconds.ps1')

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    return $props.Project.PropertyGroup.Version
}

# Assemblies of the framework (and PowerShell's own): never in dependencies/, where they would shadow the
# process's copies. The runtime's copy must win.
function Test-FrameworkAssembly([string] $Name) {
    return $Name -like 'System.*' -or $Name -like 'Microsoft.Bcl.*' -or $Name -eq 'Microsoft.CSharp.dll'
}

# The module's layout: the cmdlet assembly alone in the module folder; everything it depends on
# (the core library, Microsoft.Data.Sqlite, SQLitePCLRaw, Npgsql, MailKit, native SQLite per platform) in
# dependencies/, which the module loads into its own AssemblyLoadContext (DependencyLoadContext.cs).
# Framework assemblies that packages bring in newer versions than .NET 8 has (Npgsql 10: DiagnosticSource 9;
# MailKit: Formats.Asn1 10) go to dependencies/framework-fallback/, loaded only where the runtime's copy is
# older than asked for (PowerShell 7.4); PowerShell's own System.Management.Automation is never shipped.
function Copy-ModuleLayout {
    param([string] $BinDirectory, [string] $Destination)
    $dependencies = Join-Path $Destination 'dependencies'
    $fallback = Join-Path $dependencies 'framework-fallback'
    $null = New-Item -ItemType Directory -Path $dependencies, $fallback -Force
    Copy-Item (Join-Path $BinDirectory 'BizMobileGo.PowerShell.dll') -Destination $Destination
    $assemblies = Get-ChildItem $BinDirectory -Filter *.dll | Where-Object Name -notin 'BizMobileGo.PowerShell.dll', 'System.Management.Automation.dll'
    $assemblies | Where-Object { -not (Test-FrameworkAssembly $_.Name) } | Copy-Item -Destination $dependencies
    $assemblies | Where-Object { (Test-FrameworkAssembly $_.Name) -and $_.Name -ne 'Microsoft.CSharp.dll' } | Copy-Item -Destination $fallback
    # Native SQLite per platform (the project's CopyNativeSqlite target); a fallback's Windows build to framework-fallback/win.
    Get-ChildItem (Join-Path $BinDirectory 'runtimes') -Directory | ForEach-Object {
        $native = Join-Path $_.FullName 'native'
        if (Test-Path $native) {
            $target = Join-Path $dependencies "runtimes/$($_.Name)"
            $null = New-Item -ItemType Directory -Path $target -Force
            Copy-Item $native -Destination $target -Recurse
        }
    }
    $windowsBuilds = @(Get-ChildItem (Join-Path $BinDirectory 'runtimes/win/lib') -Recurse -Filter *.dll -ErrorAction SilentlyContinue |
            Where-Object { Test-FrameworkAssembly $_.Name })
    if ($windowsBuilds) {
        $null = New-Item -ItemType Directory -Path (Join-Path $fallback 'win') -Force
        $windowsBuilds | Copy-Item -Destination (Join-Path $fallback 'win')
    }
    # The module's licence, and the notices and licences of the third-party files under dependencies/ (Package.Tests
    # checks that every one of them is named there).
    Copy-Item (Join-Path $Root 'LICENSE'), (Join-Path $Root 'THIRD-PARTY-NOTICES.txt') -Destination $Destination
}

# Precompiled (ReadyToRun) copies of some dependencies for one platform and .NET (src/BizMobileGo.ReadyToRun says which
# and why), in dependencies/readytorun/<rid>/net<major>/ beside the IL files that serve every other platform.
function Add-ReadyToRunImages([string] $Dependencies) {
    Invoke-Native dotnet @('msbuild', (Join-Path $Root 'src/BizMobileGo.ReadyToRun/BizMobileGo.ReadyToRun.csproj'), '-restore',
        '-t:CompileReadyToRun', "-p:ModuleDependencies=$Dependencies", "-p:Configuration=$Configuration", '-nologo', '-v:quiet',
        '-clp:ErrorsOnly;NoSummary')
}

# out/package/BizMobileGo.<version>.nupkg: the built module as a PSResourceGet package, for
# Publish-PSResource to any repository or Install-PSResource from a local folder repository.
function Invoke-Package {
    Invoke-Build
    $packageDir = Join-Path $Out 'package'
    if (Test-Path $packageDir) { Remove-Item $packageDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $packageDir

    # PowerShell and PSResourceGet create their folders and settings on first use, under the user's
    # data folders: a child process with a throw-away home leaves the real user's as they were.
    $settings = Join-Path $Out 'psresourceget-home'
    $null = New-Item -ItemType Directory -Path $settings -Force
    $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; LOCALAPPDATA = $env:LOCALAPPDATA }
    $pwsh = Join-Path $PSHOME 'pwsh.dll'   # run directly: the local tool would look for its manifest under HOME
    try {
        $env:HOME = $settings
        $env:XDG_DATA_HOME = $null
        if ($IsWindows) { $env:LOCALAPPDATA = $settings }
        Invoke-Native ([Environment]::ProcessPath) @($pwsh, '-NoProfile', '-NonInteractive', '-Command',
            "Compress-PSResource -Path '$ModuleDir' -DestinationPath '$packageDir' -ErrorAction Stop")
    } finally {
        foreach ($name in $saved.Keys) { Set-Item "env:$name" -Value $saved[$name] }
        Remove-Item $settings -Recurse -Force -ErrorAction SilentlyContinue
    }
    $package = Join-Path $packageDir "BizMobileGo.$(Get-ModuleVersion).nupkg"
    if (-not (Test-Path $package)) { throw "Compress-PSResource did not write $package." }
    Write-Host "Package written to $package"
}

function Invoke-Build {
    Invoke-Native dotnet @('build', $Solution, '-c', $Configuration, '-nologo', '-v', 'quiet', '-clp:ErrorsOnly;NoSummary')
    $binDir = Join-Path $Root "src/BizMobileGo.PowerShell/bin/$Configuration/net8.0"

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    Copy-ModuleLayout -BinDirectory $binDir -Destination $ModuleDir
    Add-ReadyToRunImages -Dependencies (Join-Path $ModuleDir 'dependencies')
    Get-ChildItem (Join-Path $Root 'module') -File | Where-Object Name -ne 'BizMobileGo.psd1' |
        Copy-Item -Destination $ModuleDir

    $manifest = Get-Content -Raw (Join-Path $Root 'module/BizMobileGo.psd1')
    $manifest = $manifest.Replace('{{Version}}', (Get-ModuleVersion))
    Set-Content -Path $ManifestPath -Value $manifest -Encoding utf8NoBOM
    Add-ModuleHelp
    Write-Host "Module laid out at $ManifestPath"
}

# The about_ topics, and MAML help generated from module/help/*.md and the built cmdlets (a fresh
# process, so it reads the assembly just built). A cmdlet or parameter without help fails the build.
function Add-ModuleHelp {
    Copy-Item (Join-Path $Root 'module/en-US') -Destination $ModuleDir -Recurse -Force
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'module/help/New-MamlHelp.ps1'),
        '-ModuleManifest', $ManifestPath)
}

function Get-PesterManifest {
    $globalPackages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $path = Join-Path $globalPackages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 was not restored to $path; run 'dotnet restore $Solution'." }
    return $path
}

# The Pester runs go side by side: the files of both stores (each file on each store it runs on) split in
# $PesterProcesses parts (Invoke-PesterSuite.ps1 -Store both -Shard, balanced by tests/pester/FileSeconds.psd1), each
# part a fresh pwsh (a session that already loaded an older build of the module would test that one) started beside
# xunit; a part runs its SQLite files, then its PostgreSQL files. Most of a Pester file's time is waiting (child pwsh
# start-ups, timeouts, SMTP retries, locks held by another process): one after the other the run kept one core of two
# busy (PERFORMANCE.md, ci41). One split of both stores' files, not two parts a store: the PostgreSQL files are the
# longer half, and two parts of each left the SQLite parts done four minutes before the PostgreSQL ones (PERFORMANCE.md,
# ci46). A part's output goes to its own log, printed whole when it ends: no interleaving.
$PesterProcesses = 4

function Start-PesterRun {
    param([string] $Name, [string] $Store, [int] $Shard, [int] $Shards, [string] $ResultsDirectory)
    $summary = Join-Path $ResultsDirectory "$Name.json"
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/Invoke-PesterSuite.ps1'),
            '-PesterManifest', (Get-PesterManifest), '-ModuleManifest', $ManifestPath, '-SummaryPath', $summary,
            '-ResultsDirectory', $ResultsDirectory, '-Store', $Store, '-Shard', $Shard, '-Shards', $Shards)) {
        $start.ArgumentList.Add("$argument")
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true   # no test reads the console's input; a stray prompt ends at once instead of waiting
    $process = [System.Diagnostics.Process]::Start($start)
    $process.StandardInput.Close()
    # The copies run on the thread pool (no PowerShell event handler); they end when the pipes close. Unbuffered: the logs
    # are current while the part runs (tail -f out/test/pester-1.log) and complete up to a kill.
    $output = [System.IO.FileStream]::new((Join-Path $ResultsDirectory "$Name.log"), 'Create', 'Write', 'Read', 1)
    $errors = [System.IO.FileStream]::new((Join-Path $ResultsDirectory "$Name.stderr.log"), 'Create', 'Write', 'Read', 1)
    return [pscustomobject]@{
        Name = $Name; Title = "Pester (part $Shard of $Shards)"; Store = $Store
        Summary = $summary; Process = $process; Output = $output; Errors = $errors
        Copies = @($process.StandardOutput.BaseStream.CopyToAsync($output), $process.StandardError.BaseStream.CopyToAsync($errors))
        Started = [datetime]::UtcNow; Ended = $null; Counts = $null
    }
}

# A part's output waits in its log until it ends: a part that hangs showed nothing in a CI log until the job's timeout.
# Every $PesterHeartbeatSeconds while parts run (xunit beside them, or the wait for the next to end), one line for each
# part still running: how long it has run, and the test file it last started (the log's "Starting <file>" line, which
# tests/pester/Common.ps1 writes as a file's run begins) or, between files, the one it last finished.
$PesterHeartbeatSeconds = 300

function New-PesterHeartbeat([int] $Seconds = $PesterHeartbeatSeconds) {
    [pscustomobject]@{ Seconds = $Seconds; Next = [datetime]::UtcNow.AddSeconds($Seconds) }
}

# Where a part is, from its log so far: "in <file>" (started, not yet finished), "after <file>" (finished, the next not yet
# started: a file that does not load Common.ps1, or the end), or "before its first test file" (discovery).
function Get-PesterRunPlace([string] $Log) {
    $text = try { [System.IO.File]::ReadAllText($Log) } catch { '' }
    $text = $text -replace "`e\[[0-9;]*m", ''   # Pester colours its lines
    $started = [regex]::Matches($text, '(?m)^Starting (\S+\.Tests\.ps1)\r?$')
    $finished = [regex]::Matches($text, '(?m)^\[[+-]\] (\S+\.Tests\.ps1) ')
    # A part runs its SQLite files, then its PostgreSQL files; Invoke-PesterSuite.ps1 says as each store's begin.
    $storeLines = [regex]::Matches($text, '(?m)^Pester on (SQLite|PostgreSQL): \d+ files\r?$')
    $lastStarted = if ($started.Count) { $started[$started.Count - 1] }
    $lastFinished = if ($finished.Count) { $finished[$finished.Count - 1] }
    $last = if ($lastStarted -and (-not $lastFinished -or $lastStarted.Index -gt $lastFinished.Index)) { $lastStarted } else { $lastFinished }
    if (-not $last) { return 'before its first test file' }
    $store = @($storeLines | Where-Object Index -LT $last.Index | Select-Object -Last 1)
    $on = if ($store) { " on $($store[0].Groups[1].Value)" } else { '' }
    if ($last -eq $lastStarted) { return "in $($last.Groups[1].Value)$on" }
    return "after $(Split-Path -Leaf $last.Groups[1].Value)$on"
}

# Prints the heartbeat's lines once it is due (then again $Heartbeat.Seconds later); otherwise nothing.
function Write-PesterHeartbeat([object[]] $Runs, $Heartbeat) {
    $now = [datetime]::UtcNow
    if ($now -lt $Heartbeat.Next) { return }
    $Heartbeat.Next = $now.AddSeconds($Heartbeat.Seconds)
    foreach ($run in @($Runs | Where-Object { -not $_.Ended -and -not $_.Process.HasExited })) {
        $place = Get-PesterRunPlace (Join-Path (Split-Path $run.Summary) "$($run.Name).log")
        [Console]::Out.WriteLine("---- $($run.Title): still running after $([math]::Round(($now - $run.Started).TotalSeconds)) s, $place ----")
    }
    [Console]::Out.Flush()
}

# Waits for the first of the runs still going to end, prints its output whole and returns it, Ended and Counts set
# (its summary; a part that left none throws, after its output). The heartbeat goes on meanwhile.
function Receive-PesterRun {
    param([object[]] $Runs, $Heartbeat)
    $waiting = @($Runs | Where-Object { -not $_.Ended })
    while (-not ($ended = $waiting | Where-Object { $_.Process.HasExited } | Select-Object -First 1)) {
        if ($Heartbeat) { Write-PesterHeartbeat $Runs $Heartbeat }
        Start-Sleep -Milliseconds 500
    }
    $ended.Process.WaitForExit()
    $ended.Ended = [datetime]::UtcNow
    # A grandchild that outlived the part would keep a pipe open: its copy is given up after 30 s.
    $null = [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]]$ended.Copies, 30000)
    $ended.Output.Dispose(); $ended.Errors.Dispose()
    Write-Host "---- $($ended.Title): its output ----"
    foreach ($log in @("$($ended.Name).log", "$($ended.Name).stderr.log")) {
        $text = [System.IO.File]::ReadAllText((Join-Path (Split-Path $ended.Summary) $log))
        if ($text) { [Console]::Out.Write($text); if (-not $text.EndsWith("`n")) { [Console]::Out.WriteLine() } }
    }
    [Console]::Out.Flush()
    $exitCode = $ended.Process.ExitCode
    $counts = if (Test-Path $ended.Summary) { Get-Content -Raw $ended.Summary | ConvertFrom-Json }
    $cpu = if ($counts -and $null -ne $counts.CpuSeconds) { ", $([math]::Round($counts.CpuSeconds)) CPU s" } else { '' }
    # Each store's files' wall within the part (they run one store after the other).
    $byStore = if ($counts -and $counts.Stores) {
        $names = @{ sqlite = 'SQLite'; postgres = 'PostgreSQL' }
        " ($((@($counts.Stores.PSObject.Properties) | ForEach-Object { "$($names[$_.Name]) files $($_.Value.Seconds) s" }) -join ', '))"
    } else { '' }
    Write-Host "---- $($ended.Title): ended after $([math]::Round(($ended.Ended - $ended.Started).TotalSeconds)) s$byStore$cpu (exit code $exitCode) ----"
    $ended.Counts = $counts
    if (-not $counts) {
        # A process that died says nothing itself: its exit code does (on Linux and macOS 128 + the signal's number).
        $signals = @{ 134 = 'SIGABRT'; 135 = 'SIGBUS'; 137 = 'SIGKILL'; 139 = 'SIGSEGV' }
        $how = if ($signals.ContainsKey($exitCode)) { "exit code $exitCode, $($signals[$exitCode])" } else { "exit code $exitCode" }
        throw "$($ended.Title) produced no summary (its process ended with $how); see the output above."
    }
    return $ended
}

# A run that fails or is stopped ends the parts still running, with their children (child pwsh, SMTP servers).
function Stop-PesterRun([object[]] $Runs) {
    foreach ($run in @($Runs | Where-Object { $_ -and -not $_.Ended })) {
        try { if (-not $run.Process.HasExited) { $run.Process.Kill($true) } } catch { }
        try { $run.Output.Dispose(); $run.Errors.Dispose() } catch { }
    }
}

# The Pester files of the PostgreSQL run: those that run a second time, and those that run there only
# (tests/pester/StoreSuites.psd1, Postgres and PostgresOnly; Invoke-PesterSuite.ps1 reads it too).
function Get-PostgresPesterFiles {
    $suites = Import-PowerShellDataFile (Join-Path $Root 'tests/pester/StoreSuites.psd1')
    return @(@($suites.Postgres) + @($suites.PostgresOnly) | Where-Object { $_ } | ForEach-Object { Join-Path $Root "tests/pester/$_" })
}

function Invoke-Test {
    Invoke-Package   # builds, and gives tests/pester/Package.Tests.ps1 the package to install
    $results = Join-Path $Out 'test'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results

    # One PostgreSQL server for the whole run (xunit and every Pester process), stopped on every way out,
    # Ctrl+C included (PowerShell runs finally blocks when a script is stopped).
    $postgres = $null
    $savedPostgresUri = $env:BMG_TEST_POSTGRES
    $pesterPostgres = [pscustomobject]@{ Passed = 0; Failed = 0; FailedNames = @() }
    $pester = [pscustomobject]@{ Passed = 0; Failed = 0; FailedNames = @() }
    $pesterRuns = @()
    $xunitProcess = $null
    $testsStarted = [datetime]::UtcNow
    $xunitPassed = 0; $xunitFailed = 0
    $xunitFailedNames = @()
    $runFailures = @()
    try {
        $postgres = Start-PostgresTestServer
        if ($postgres) {
            # .ci/run's signal trap waits for this folder to go (the watchdog's work) before it says the server stopped.
            Set-Content -LiteralPath (Join-Path $results 'postgres-server-folder') -Value $postgres.Directory -NoNewline
            $env:BMG_TEST_POSTGRES = $postgres.AdminUri
            Write-Host "PostgreSQL test server: $($postgres.BinDirectory), 127.0.0.1:$($postgres.Port)"
            $xunitFilter = @()
        } else {
            $env:BMG_TEST_POSTGRES = $null
            Write-Host 'PostgreSQL tests skipped: no server binaries'
            # Excluded by their trait, so they are neither run nor counted as passed.
            $xunitFilter = @('--filter', 'Category!=Postgres')
        }

        # The Pester processes start first and run beside xunit; their output waits in out/test/<name>.log.
        $both = $postgres -and @(Get-PostgresPesterFiles).Count -gt 0
        for ($shard = 1; $shard -le $PesterProcesses; $shard++) {
            $pesterRuns += Start-PesterRun -Name "pester-$shard" -Store $(if ($both) { 'both' } else { 'sqlite' }) -Shard $shard -Shards $PesterProcesses -ResultsDirectory $results
        }
        Write-Host ("Pester: $($pesterRuns.Count) processes beside xunit, the files of $(if ($both) { 'SQLite and PostgreSQL' } else { 'SQLite' }) split " +
            "among them; each one's output is printed when it ends")
        $heartbeat = New-PesterHeartbeat
        $xunitCpu = Get-TreeCpuSeconds

        # xunit writes to this console itself; polled, so that the heartbeat goes on while it runs.
        $xunit = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($argument in @('test', (Join-Path $Root 'tests/BizMobileGo.Core.Tests'), '-c', $Configuration, '--no-build', '-nologo') + $xunitFilter +
                @('--logger', 'trx;LogFileName=core.trx', '--logger', 'console;verbosity=minimal', '--results-directory', $results)) {
            $xunit.ArgumentList.Add("$argument")
        }
        $xunit.UseShellExecute = $false
        $xunitProcess = [System.Diagnostics.Process]::Start($xunit)
        while (-not $xunitProcess.WaitForExit(1000)) { Write-PesterHeartbeat $pesterRuns $heartbeat }
        $xunitProcess.WaitForExit()
        $trx = Join-Path $results 'core.trx'
        if (-not (Test-Path $trx)) { throw 'xunit produced no result file; see the output above.' }
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $xunitFailedNames = @(([xml](Get-Content -Raw $trx)).TestRun.Results.UnitTestResult |
            Where-Object { $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' } | ForEach-Object {
                # The name and the first 300 characters of its message, on one line: a CI log shows only its tail.
                $message = try { ("$($_.Output.ErrorInfo.Message)" -replace '\s+', ' ').Trim() } catch { '' }   # an aborted test may have none
                if ($message.Length -gt 300) { $message = $message.Substring(0, 297) + '...' }
                "$($_.testName): $message"
            })
        # The Pester processes are children too: while none has ended (been reaped), the difference is xunit's alone.
        $xunitCpu = if ($null -ne $xunitCpu -and -not ($pesterRuns | Where-Object { $_.Process.HasExited })) {
            ", $([math]::Round((Get-TreeCpuSeconds) - $xunitCpu)) CPU s"
        }
        Write-Host "---- xunit: ended after $([math]::Round(([datetime]::UtcNow - $testsStarted).TotalSeconds)) s$xunitCpu ----"

        # Each store's counts add up over the processes; a process that left no counts fails the run, not the others.
        while ($pesterRuns | Where-Object { -not $_.Ended }) {
            try {
                $ended = Receive-PesterRun $pesterRuns $heartbeat
                foreach ($store in @($ended.Counts.Stores.PSObject.Properties)) {
                    $total = if ($store.Name -eq 'postgres') { $pesterPostgres } else { $pester }
                    $total.Passed += [int]$store.Value.Passed
                    $total.Failed += [int]$store.Value.Failed
                    $total.FailedNames = @($total.FailedNames) + @($store.Value.FailedNames | Where-Object { $_ })
                }
            } catch {
                $runFailures += ("$($_.Exception.Message)" -replace '\s+', ' ').Trim()
            }
        }
    } catch {
        # The run itself failed (the PostgreSQL server did not start, a full temporary folder, xunit or Pester left no
        # result): what ran is counted, the failure is named beside the summary line as a test's would be, and the run
        # is red. Without this the summary line was missing and a CI log's tail showed only a stack trace.
        $runFailures += ("$($_.Exception.Message)" -replace '\s+', ' ').Trim()
    } finally {
        if ($xunitProcess -and -not $xunitProcess.HasExited) { $xunitProcess.Kill($true) }
        Stop-PesterRun $pesterRuns   # before the server: a part still running would see it go
        Stop-PostgresTestServer $postgres
        $env:BMG_TEST_POSTGRES = $savedPostgresUri
    }

    $passed = $xunitPassed + $pester.Passed + $pesterPostgres.Passed
    $failed = $xunitFailed + $pester.Failed + $pesterPostgres.Failed + $runFailures.Count
    # The failures' names once more beside the last line: a CI log shows its tail, and the run's output is long.
    $failedNames = @(@($runFailures | ForEach-Object { "the run: $_" }) + @($xunitFailedNames | ForEach-Object { "xunit: $_" }) +
        @($pester.FailedNames | Where-Object { $_ } | ForEach-Object { "Pester: $_" }) +
        @($pesterPostgres.FailedNames | Where-Object { $_ } | ForEach-Object { "Pester on PostgreSQL: $_" }))
    $cpu = Get-TreeCpuSeconds
    Write-Host ("Wall time: the tests $([math]::Round(([datetime]::UtcNow - $testsStarted).TotalSeconds)) s (xunit beside $($pesterRuns.Count) Pester processes)" +
        "$(if ($null -ne $cpu) { "; CPU of the whole task, build included: $([math]::Round($cpu)) s" })")
    foreach ($name in $failedNames) { Write-Host "FAILED $name" }
    $line = "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    if ($postgres) { $line += "; Pester on PostgreSQL: $($pesterPostgres.Passed) passed, $($pesterPostgres.Failed) failed" }
    Write-Host $line
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $demoDir = Join-Path $Out 'demo'
    if (Test-Path $demoDir) { Remove-Item $demoDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $demoDir
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'examples/demo.ps1'),
        '-ModuleManifest', $ManifestPath, '-Database', (Join-Path $demoDir 'demo.db'))
}

function Invoke-Bench {
    if (-not $NoBuild) { Invoke-Build }
    # The PostgreSQL scenarios (P1-P5 next to baseline d) wherever a throw-away server can be started.
    $postgresScenarios = @(if (-not $HistoryOnly -and (Find-PostgresBinaries)) { '-PostgresScenarios' })
    $historyOnly = @(if ($HistoryOnly) { '-HistoryOnly' })
    $postgresOnly = @(if ($PostgresOnly) { '-PostgresOnly' })
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Bench/Invoke-Benchmark.ps1') `
        -Rows $Rows -ModuleManifest $ManifestPath -OutDirectory (Join-Path $Out 'bench') -FirstImportPairs $FirstImportPairs @postgresScenarios @historyOnly @postgresOnly
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
}

# Removes what the other tasks make: out/ (the module, the package, test results, Bench's files), and the bin/ and obj/ of
# every project they build: the solution's and src/BizMobileGo.ReadyToRun, whose obj/ keeps the ReadyToRun images between
# builds. (`dotnet clean` left obj/ and that project's images.) The next Build restores and compiles everything again.
function Invoke-Clean {
    $projects = Get-ChildItem (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Filter *.csproj -Recurse
    $made = @($Out) + @($projects | ForEach-Object { Join-Path $_.DirectoryName 'bin'; Join-Path $_.DirectoryName 'obj' })
    $made | Where-Object { Test-Path $_ } | Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' { Invoke-Clean }
    'Package' { Invoke-Package }
}
