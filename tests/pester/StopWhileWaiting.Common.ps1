# Dot-sourced by the Ctrl+C tests (StopWhile*.Tests.ps1, after Common.ps1; the holder functions also need
# Reliability.Common.ps1's Start-BmgChild and Wait-ChildLine): a command started in a runspace of this process so the
# test can Stop() it as Ctrl+C does, another process that holds what the command waits for, and the checks that the
# stop landed while the wait went on. No function measures time: the deadlines only stop a hung test.

function Start-InRunspace([scriptblock] $Script, [object[]] $Arguments) {
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $shell = [powershell]::Create($runspace)
    $null = $shell.AddScript($Script)
    foreach ($argument in $Arguments) { $null = $shell.AddArgument($argument) }
    [pscustomobject]@{ Shell = $shell; Runspace = $runspace; Async = $shell.BeginInvoke() }
}

# Starts $Script (a holder script with a -GoFile parameter) as another process and returns once it printed
# $HoldingLine; it holds until Stop-Holder creates its go file.
function Start-Holder([string] $Script, [string[]] $Arguments, [string] $HoldingLine) {
    $go = Join-Path $TestDrive "go-$([guid]::NewGuid().ToString('N'))"
    $process = Start-BmgChild -Script $Script -Arguments ($Arguments + @('-GoFile', $go))
    $null = Wait-ChildLine -Process $process -Pattern "^$([regex]::Escape($HoldingLine))$"
    [pscustomobject]@{ Process = $process; GoFile = $go }
}

# Lets the holder go and returns the line it printed once done ($ReleasedLine), for the test to assert. A holder that
# ended without printing it returns what tells why instead (its exit code and standard error), so that the test's
# assertion shows it.
function Stop-Holder($Holder, [string] $ReleasedLine) {
    if (-not $Holder) { return }
    New-Item -ItemType File -Path $Holder.GoFile -Force | Out-Null
    $line = Wait-ChildLine -Process $Holder.Process -Pattern "^$([regex]::Escape($ReleasedLine))$"
    $Holder.Process.WaitForExit()
    if ($null -eq $line) {
        $line = "the holder ended without printing '$ReleasedLine' (exit code $($Holder.Process.ExitCode)); stderr: $($Holder.Process.StandardError.ReadToEnd())"
    }
    $Holder.Process.Dispose()
    $line
}

# True while some lock request in the PostgreSQL store's database is not granted: a client waits there.
function Test-PostgresLockWaiting([string] $Database) {
    $name = ([uri]$Database).AbsolutePath.TrimStart('/')
    @(Invoke-PostgresTestSql -Sql "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = '$name');" -Uri $Database)[0] -ne '0'
}

# Returns once the command in $Shell waits for $WaitFor ('the store', 'the writer lock'), held by $HeldBy. PostgreSQL
# shows the wait (a lock request not granted in the store's database); SQLite shows nothing, so there: once the command
# said it uses the store, and a moment more.
function Wait-UntilWaitingFor($Shell, [string] $Database, [string] $WaitFor, [string] $HeldBy) {
    $null = Wait-Until -What 'the command to open the store' -Condition { $Shell.Streams.Verbose | Where-Object Message -Like 'Using the store*' }
    if ((Get-TestStoreKind) -eq 'postgres') {
        $null = Wait-Until -What "the command to wait for $WaitFor" -Condition { Test-PostgresLockWaiting $Database }
    }
    else {
        Start-Sleep -Milliseconds 300
    }
    $Shell.InvocationStateInfo.State | Should -Be 'Running' -Because "the command waits for $HeldBy"
}

# Ctrl+C (what Stop() does). The guard only stops a hung test, and lies below the store's 30 s busy timeout: before the
# fix the stop landed only when the wait ended there (StoreBusy, swallowed by the stopping pipeline), so the old code
# fails here rather than pass late. A wait that ends sooner on its own (a connect timeout) takes a shorter -WithinSeconds.
# -WaitedIn says, when the stop did not return, what the command was waiting in (SilentNetwork.Common.ps1: the round trip).
function Stop-Waiting($Shell, [string] $Because, [int] $WithinSeconds = 15, [scriptblock] $WaitedIn) {
    $stopping = $Shell.BeginStop($null, $null)
    $ended = $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($WithinSeconds))
    if (-not $ended -and $WaitedIn) { $Because += " ($(& $WaitedIn))" }
    $ended | Should -BeTrue -Because $Because
    $Shell.EndStop($stopping)
}

# The stopped command ended as a stopped pipeline with no error record.
function Assert-EndedStopped($Shell, $Async, [string] $NoErrorBecause) {
    $stopped = $null
    try { $null = $Shell.EndInvoke($Async) } catch { $stopped = $_.Exception.GetBaseException() }
    $stopped | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
    $Shell.InvocationStateInfo.State | Should -Be 'Stopped'
    @($Shell.Streams.Error) | Should -BeNullOrEmpty -Because $NoErrorBecause
}

# Ctrl+C on the waiting command, then: Stop() returned while the other process still holds what it waited for (it is
# blocked until the go file exists), and the command ended as a stopped pipeline with no error record.
function Stop-WhileHolderHolds($Run, $Holder, [string] $StopBecause, [string] $HoldsBecause, [string] $NoErrorBecause) {
    Stop-Waiting $Run.Shell $StopBecause
    $Holder.Process.HasExited | Should -BeFalse -Because $HoldsBecause
    Test-Path -LiteralPath $Holder.GoFile | Should -BeFalse
    Assert-EndedStopped $Run.Shell $Run.Async $NoErrorBecause
}

# Writes the script of another admin whose piped Import-BmgDeviceCsv holds the store's writer lock (its transaction) at
# its second row until its go file exists (Start-Holder), and returns its path.
function New-WriterLockHolderScript {
    $path = Join-Path $TestDrive "hold-writer-lock-$([guid]::NewGuid().ToString('N')).ps1"
    Set-Content -LiteralPath $path -Value @'
param([string] $Module, [string] $Database, [string] $Csv, [string] $GoFile)
Import-Module $Module
$index = 0
Import-Csv -LiteralPath $Csv | ForEach-Object {
    # The piped import took the store (its writer lock) at the first row: hold it at the second.
    if (++$index -eq 2) {
        [Console]::Out.WriteLine('holding the writer lock')
        [Console]::Out.Flush()
        while (-not (Test-Path -LiteralPath $GoFile)) { Start-Sleep -Milliseconds 20 }
    }
    $_
} | Import-BmgDeviceCsv -Database $Database | Out-Null
[Console]::Out.WriteLine('committed')
'@
    $path
}

# Writes the script of a client holding what opening a store to create or upgrade waits for (SQLite: BEGIN IMMEDIATE;
# PostgreSQL: the schema's advisory lock, in a session named 'schema-holder') until its go file exists, and returns its path.
function New-StoreHolderScript {
    $path = Join-Path $TestDrive "hold-store-$([guid]::NewGuid().ToString('N')).ps1"
    Set-Content -LiteralPath $path -Value @'
param([string] $Module, [string] $Kind, [string] $Database, [string] $GoFile, [string] $HoldSql)
Import-Module $Module
# The module's own data providers (its load context), used directly: the store is held, never opened (so never upgraded) here.
$core = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('BizMobileGo.Core'))
$context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core)
if ($Kind -eq 'postgres') {
    if ($Database -notmatch '^postgres(?:ql)?://(?<user>[^:@/]+):(?<password>[^@/]*)@(?<host>[^:/]+):(?<port>\d+)/(?<database>[^?]+)') { throw 'not a test server URI' }
    $npgsql = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Npgsql'))
    $connection = [Activator]::CreateInstance($npgsql.GetType('Npgsql.NpgsqlConnection'),
        @("Host=$($Matches.host);Port=$($Matches.port);Username=$($Matches.user);Password=$($Matches.password);Database=$($Matches.database);Pooling=false;Application Name=schema-holder"))
    # PostgresSchema.AdvisoryLockClass ('BMG1') and the schema: what a client creating or upgrading the store holds.
    $sql = "BEGIN; SELECT pg_advisory_xact_lock(1112360753, hashtext('public'));"
}
else {
    $sqlite = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Microsoft.Data.Sqlite'))
    $connection = [Activator]::CreateInstance($sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @("Data Source=$Database;Pooling=False"))
    $sql = 'BEGIN IMMEDIATE;'
}
# -HoldSql: what else another session holds (PostgreSQL: an uncommitted table the store's creation would make).
if ($HoldSql) { $sql = $HoldSql }
$connection.Open()
$command = $connection.CreateCommand()
$command.CommandText = $sql
$null = $command.ExecuteNonQuery()
[Console]::Out.WriteLine('holding the store')
[Console]::Out.Flush()
while (-not (Test-Path -LiteralPath $GoFile)) { Start-Sleep -Milliseconds 20 }
$connection.Dispose()
[Console]::Out.WriteLine('released')
'@
    $path
}
