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

# Runs tests/Invoke-PesterSuite.ps1 in a fresh process (a session that already loaded an older build of the
# module would test that one) and returns its counts.
function Invoke-PesterRun {
    param([string] $Name, [string] $Store, [string] $ResultsDirectory)
    & dotnet @(Get-PesterRunArguments $Name $Store $ResultsDirectory) | Out-Host   # its output to the console, not into the returned counts
    return Read-PesterSummary $Name $ResultsDirectory $LASTEXITCODE
}

# The same in the background, its output into <Name>.log and <Name>.errors.log in the results folder (two runs' lines
# interleaved on one console would be unreadable); Complete-PesterRun waits for it, prints them and returns its counts.
# It stays in this process group: .ci/run's signal trap and its watchdog end it with the rest of the run.
function Start-PesterRun {
    param([string] $Name, [string] $Store, [string] $ResultsDirectory)
    # Start-Process joins its arguments with spaces: one with a space (a clone under 'My Projects') is quoted here.
    $arguments = @(Get-PesterRunArguments $Name $Store $ResultsDirectory | ForEach-Object { if ($_ -match '[\s"]') { '"' + ($_ -replace '"', '\"') + '"' } else { $_ } })
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -NoNewWindow -PassThru `
        -RedirectStandardOutput (Join-Path $ResultsDirectory "$Name.log") -RedirectStandardError (Join-Path $ResultsDirectory "$Name.errors.log")
    [pscustomobject]@{ Name = $Name; Process = $process; ResultsDirectory = $ResultsDirectory; Started = [DateTime]::UtcNow }
}

function Complete-PesterRun($Run) {
    $Run.Process.WaitForExit()
    foreach ($log in "$($Run.Name).log", "$($Run.Name).errors.log") {
        $path = Join-Path $Run.ResultsDirectory $log
        if ((Test-Path -LiteralPath $path) -and (Get-Item -LiteralPath $path).Length -gt 0) { Get-Content -LiteralPath $path | Out-Host }
    }
    return Read-PesterSummary $Run.Name $Run.ResultsDirectory $Run.Process.ExitCode
}

# A run that was started and has not ended (the run itself failed, or was stopped): ended with what it started.
function Stop-PesterRun($Run) {
    if ($Run -and -not $Run.Process.HasExited) {
        Write-Host "Stopping $($Run.Name): the run ended before it"
        $Run.Process.Kill($true)
        $null = $Run.Process.WaitForExit(10000)
    }
}

function Get-PesterRunArguments([string] $Name, [string] $Store, [string] $ResultsDirectory) {
    @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/Invoke-PesterSuite.ps1'),
        '-PesterManifest', (Get-PesterManifest), '-ModuleManifest', $ManifestPath, '-SummaryPath', (Join-Path $ResultsDirectory "$Name.json"),
        '-ResultsDirectory', $ResultsDirectory, '-Store', $Store)
}

function Read-PesterSummary([string] $Name, [string] $ResultsDirectory, [int] $ExitCode) {
    $summary = Join-Path $ResultsDirectory "$Name.json"
    if (-not (Test-Path $summary)) {
        # A process that died says nothing itself: its exit code does (on Linux and macOS 128 + the signal's number).
        $signals = @{ 134 = 'SIGABRT'; 135 = 'SIGBUS'; 137 = 'SIGKILL'; 139 = 'SIGSEGV' }
        $how = if ($signals.ContainsKey($ExitCode)) { "exit code $ExitCode, $($signals[$ExitCode])" } else { "exit code $ExitCode" }
        throw "Pester ($Name) produced no summary (its process ended with $how); see the output above."
    }
    return Get-Content -Raw $summary | ConvertFrom-Json
}

# The Pester files of the PostgreSQL run: those that run a second time, and those that run there only
# (tests/pester/StoreSuites.psd1, Postgres and PostgresOnly; Invoke-PesterSuite.ps1 reads it too).
function Get-PostgresPesterFiles {
    $suites = Import-PowerShellDataFile (Join-Path $Root 'tests/pester/StoreSuites.psd1')
    return @(@($suites.Postgres) + @($suites.PostgresOnly) | Where-Object { $_ } | ForEach-Object { Join-Path $Root "tests/pester/$_" })
}

function Invoke-Test {
    $phases = [System.Collections.Generic.List[string]]::new()
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    Invoke-Package   # builds, and gives tests/pester/Package.Tests.ps1 the package to install
    $phases.Add(('build and package {0:0} s' -f $clock.Elapsed.TotalSeconds))
    $results = Join-Path $Out 'test'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results

    # One PostgreSQL server for the whole run (xunit and both Pester runs), stopped on every way out,
    # Ctrl+C included (PowerShell runs finally blocks when a script is stopped).
    $postgres = $null
    $savedPostgresUri = $env:BMG_TEST_POSTGRES
    $pesterPostgres = [pscustomobject]@{ Passed = 0; Failed = 0; FailedNames = @() }
    $pester = [pscustomobject]@{ Passed = 0; Failed = 0; FailedNames = @() }
    $xunitPassed = 0; $xunitFailed = 0
    $xunitFailedNames = @()
    $runFailures = @()
    $postgresRun = $null
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

        # The PostgreSQL run beside xunit and the SQLite run, in a process of its own. Its files wait on the server, on child
        # processes and on their own sleeps more than they compute: alone, the three parts kept one of CI's two cores
        # busy (CPU 16.4 min in an 18.0 min run, 2026-12-06) and took 80 + 471 + 468 s one after the other.
        $postgresFiles = @(Get-PostgresPesterFiles)
        if ($postgres -and $postgresFiles.Count -gt 0) {
            Write-Host "Pester on PostgreSQL: $($postgresFiles.Count) file(s) of tests/pester/StoreSuites.psd1, beside xunit and the SQLite run; its output follows theirs"
            $postgresRun = Start-PesterRun -Name 'pester-postgres' -Store 'postgres' -ResultsDirectory $results
        }

        $phase = [System.Diagnostics.Stopwatch]::StartNew()
        & dotnet test (Join-Path $Root 'tests/BizMobileGo.Core.Tests') -c $Configuration --no-build -nologo @xunitFilter `
            --logger 'trx;LogFileName=core.trx' --logger 'console;verbosity=minimal' --results-directory $results
        $phases.Add(('xunit {0:0} s' -f $phase.Elapsed.TotalSeconds))
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

        $phase.Restart()
        $pester = Invoke-PesterRun -Name 'pester' -Store 'sqlite' -ResultsDirectory $results
        $phases.Add(('Pester {0:0} s' -f $phase.Elapsed.TotalSeconds))
        if ($postgresRun) {
            Write-Host "Pester on PostgreSQL: $($postgresFiles.Count) file(s) of tests/pester/StoreSuites.psd1 (ran beside xunit and the SQLite run)"
            $sqliteEnded = [DateTime]::UtcNow
            $pesterPostgres = Complete-PesterRun $postgresRun
            $ended = $postgresRun.Process.ExitTime.ToUniversalTime()
            $phases.Add(('Pester on PostgreSQL {0:0} s from the start of xunit, {1:0} s of it after Pester had ended' -f
                    ($ended - $postgresRun.Started).TotalSeconds, [Math]::Max(0, ($ended - $sqliteEnded).TotalSeconds)))
        }
    } catch {
        # The run itself failed (the PostgreSQL server did not start, a full temporary folder, xunit or Pester left no
        # result): what ran is counted, the failure is named beside the summary line as a test's would be, and the run
        # is red. Without this the summary line was missing and a CI log's tail showed only a stack trace.
        $runFailures += ("$($_.Exception.Message)" -replace '\s+', ' ').Trim()
    } finally {
        Stop-PesterRun $postgresRun   # before its server goes
        Stop-PostgresTestServer $postgres
        $env:BMG_TEST_POSTGRES = $savedPostgresUri
    }

    $passed = $xunitPassed + $pester.Passed + $pesterPostgres.Passed
    $failed = $xunitFailed + $pester.Failed + $pesterPostgres.Failed + $runFailures.Count
    # The failures' names once more beside the last line: a CI log shows its tail, and the run's output is long.
    $failedNames = @(@($runFailures | ForEach-Object { "the run: $_" }) + @($xunitFailedNames | ForEach-Object { "xunit: $_" }) +
        @($pester.FailedNames | Where-Object { $_ } | ForEach-Object { "Pester: $_" }) +
        @($pesterPostgres.FailedNames | Where-Object { $_ } | ForEach-Object { "Pester on PostgreSQL: $_" }))
    $phases.Add(('the run {0:0} s' -f $clock.Elapsed.TotalSeconds))
    Write-Host "Wall time: $($phases -join '; ')"
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

function Invoke-Clean {
    if (Test-Path $Out) { Remove-Item $Out -Recurse -Force }
    Invoke-Native dotnet @('clean', $Solution, '-nologo', '-v', 'quiet')
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' { Invoke-Clean }
    'Package' { Invoke-Package }
}
