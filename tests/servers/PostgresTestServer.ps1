# Dot-sourced by build.ps1 (Test, Bench) and tests/pester/Common.ps1: a real, throw-away PostgreSQL server
# for the tests. initdb into a temporary folder, start on a free loopback port with the unix socket in that
# folder, a superuser with a password (TCP connections must present it, so URI passwords and PGPASSWORD are
# really exercised), one database per test (dropped in the background once its test file is done), and a stop
# that removes everything.
#
#   $server = Start-PostgresTestServer            # $null when Find-PostgresBinaries finds nothing
#   $env:BMG_TEST_POSTGRES = $server.AdminUri     # postgresql://bmg_test:<password>@127.0.0.1:<port>/postgres
#   $uri = New-PostgresTestDatabase               # a new, empty database; its URI (with the password)
#   Remove-PostgresTestDatabase                   # drops those made so far (Common.ps1, as each test file begins)
#   Stop-PostgresTestServer $server               # in finally: pg_ctl stop -m immediate, folder removed

$script:PostgresTestUser = 'bmg_test'

function Find-PostgresBinaries {
    <# The folder holding initdb, pg_ctl and psql, newest major version first; $null when there is none. #>
    $candidates = @(Get-ChildItem -Path '/usr/lib/postgresql/*/bin' -Directory -ErrorAction SilentlyContinue |
            Sort-Object { [int]($_.Parent.Name -replace '\D', '0') } -Descending |
            ForEach-Object FullName)
    # Elsewhere (Homebrew, a Windows install, a source build): pg_ctl on PATH.
    $onPath = Get-Command pg_ctl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $candidates += Split-Path -Parent $onPath.Source }
    foreach ($directory in $candidates) {
        $complete = @('initdb', 'pg_ctl', 'psql') | Where-Object {
            -not (Test-Path (Join-Path $directory $_)) -and -not (Test-Path (Join-Path $directory "$_.exe"))
        }
        if (-not $complete) { return $directory }
    }
    return $null
}

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port } finally { $listener.Stop() }
}

# initdb and the server refuse to run as root: there they run as the 'postgres' OS user.
function Invoke-AsPostgresOwner([string] $Program, [string[]] $Arguments) {
    $isRoot = -not $IsWindows -and ((& id -u) -eq '0')
    if ($isRoot) {
        $output = & runuser -u postgres -- $Program @Arguments 2>&1
    } else {
        $output = & $Program @Arguments 2>&1
    }
    if ($LASTEXITCODE -ne 0) {
        throw "'$(Split-Path -Leaf $Program) $($Arguments -join ' ')' failed (exit code $LASTEXITCODE): $($output -join [Environment]::NewLine)"
    }
}

function Start-PostgresTestServer {
    <#
    Starts a new server; returns BinDirectory, Directory, Port, User, Password, AdminUri ($null if no
    binaries are installed). Stop it with Stop-PostgresTestServer, in a finally block.
    #>
    param([string] $BinDirectory = (Find-PostgresBinaries))
    if (-not $BinDirectory) { return $null }

    $directory = Join-Path ([System.IO.Path]::GetTempPath()) ("bmg-pg-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 12))
    $null = New-Item -ItemType Directory -Path $directory
    $isRoot = -not $IsWindows -and ((& id -u) -eq '0')
    $password = [guid]::NewGuid().ToString('N')
    $server = [pscustomobject]@{
        BinDirectory = $BinDirectory
        Directory    = $directory
        DataDirectory = Join-Path $directory 'data'
        Port         = 0
        User         = $script:PostgresTestUser
        Password     = $password
        AdminUri     = $null
    }
    try {
        $passwordFile = Join-Path $directory 'password'
        Set-Content -LiteralPath $passwordFile -Value $password -NoNewline -Encoding ascii
        if ($isRoot) {
            # The postgres user must reach and own the folder (the temp folder's parents are traversable).
            & chmod 755 $directory
            & chown -R postgres $directory
        }
        # Unix-socket connections (only the folder's owner reaches the socket) are trusted; TCP needs the password.
        Invoke-AsPostgresOwner (Join-Path $BinDirectory 'initdb') @('-D', $server.DataDirectory, '-U', $server.User,
            "--pwfile=$passwordFile", '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync')
        Remove-Item -LiteralPath $passwordFile -Force

        # A free port can be taken between the probe and the start: try a few.
        $lastError = $null
        for ($attempt = 0; $attempt -lt 3 -and $server.Port -eq 0; $attempt++) {
            $port = Get-FreeLoopbackPort
            # fsync and synchronous commit off: a test server, thrown away after the run.
            $options = "-p $port -k $directory -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=200"
            try {
                Invoke-AsPostgresOwner (Join-Path $BinDirectory 'pg_ctl') @('-D', $server.DataDirectory, '-o', $options,
                    '-l', (Join-Path $directory 'server.log'), '-w', '-t', '60', 'start')
                $server.Port = $port
            } catch {
                $lastError = $_
            }
        }
        if ($server.Port -eq 0) { throw "The PostgreSQL test server did not start: $lastError" }
        Start-PostgresTestServerWatchdog $server
        $server.AdminUri = "postgresql://$($server.User):$password@127.0.0.1:$($server.Port)/postgres"
        return $server
    } catch {
        Stop-PostgresTestServer $server
        throw
    }
}

function Start-PostgresTestServerWatchdog($Server) {
    <#
    A killed run (SIGKILL, a CI job's timeout) runs no finally block, and the server would outlive it with its folder.
    A small shell, in a session of its own so that a signal to the run's process group does not reach it, waits for
    this process to end or the folder to go (Stop-PostgresTestServer's work); if the process ended first, it stops the
    server and removes the folder itself. Where there is no setsid (Windows, macOS) there is no watchdog.
    #>
    if ($IsWindows -or -not (Get-Command setsid -CommandType Application -ErrorAction SilentlyContinue)) { return }
    $script = @'
owner=$1; folder=$2; data=$3; pg_ctl=$4; shift 4
while kill -0 "$owner" 2>/dev/null && [ -d "$folder" ]; do sleep 2; done
[ -d "$folder" ] || exit 0
[ -f "$data/postmaster.pid" ] && "$@" "$pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
rm -rf -- "$folder"
'@
    $start = [System.Diagnostics.ProcessStartInfo]::new('setsid')
    $isRoot = -not $IsWindows -and ((& id -u) -eq '0')
    $asOwner = if ($isRoot) { @('runuser', '-u', 'postgres', '--') } else { @() }
    foreach ($argument in @('sh', '-c', $script, 'bmg-pg-watchdog', "$PID", $Server.Directory, $Server.DataDirectory,
            (Join-Path $Server.BinDirectory 'pg_ctl')) + $asOwner) {
        $start.ArgumentList.Add($argument)
    }
    # Its standard streams are not the run's: a CI log's pipe must not stay open for it.
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $null = [System.Diagnostics.Process]::Start($start)
}

function Stop-PostgresTestServer($Server) {
    <# Stops the server at once (its data is thrown away) and removes its folder; safe to call twice or with $null. #>
    if (-not $Server -or -not (Test-Path -LiteralPath $Server.Directory)) { return }
    if (Test-Path -LiteralPath (Join-Path $Server.DataDirectory 'postmaster.pid')) {
        try {
            Invoke-AsPostgresOwner (Join-Path $Server.BinDirectory 'pg_ctl') @('-D', $Server.DataDirectory, '-m', 'immediate', '-w', 'stop')
        } catch {
            # pg_ctl could not stop it: end the postmaster by its own pid file, so no server outlives the run.
            $serverPid = Get-Content -LiteralPath (Join-Path $Server.DataDirectory 'postmaster.pid') -TotalCount 1 -ErrorAction SilentlyContinue
            if ($serverPid -match '^\d+$') { Stop-Process -Id ([int]$serverPid) -Force -ErrorAction SilentlyContinue }
        }
    }
    # What the server holds at the end (the template databases, the last test file's, and any drops still queued; xunit's
    # tests drop theirs as each is done, tests/BizMobileGo.Core.Tests/Postgres/PostgresTestDatabases.cs) rm removes in
    # seconds where Remove-Item took minutes on a loaded machine (13 min once, when every test's database was left to the end).
    if (-not $IsWindows -and (Get-Command rm -CommandType Application -ErrorAction SilentlyContinue)) {
        & rm -rf -- $Server.Directory 2>$null
    }
    Remove-Item -LiteralPath $Server.Directory -Recurse -Force -ErrorAction SilentlyContinue
}

function ConvertFrom-PostgresUri([string] $Uri) {
    # Only the URIs this file makes: postgresql://user:password@host:port/database
    if ($Uri -notmatch '^postgres(?:ql)?://(?<user>[^:@/]+):(?<password>[^@/]*)@(?<host>[^:/]+):(?<port>\d+)/(?<database>[^?]+)') {
        throw "Not a test server URI (postgresql://user:password@host:port/database)."
    }
    [pscustomobject]@{ User = $Matches.user; Password = $Matches.password; Host = $Matches.host; Port = [int]$Matches.port; Database = $Matches.database }
}

function Invoke-PostgresTestSql {
    <# Runs SQL with psql on the test server (admin URI, or any URI it made); returns psql's output lines. #>
    param(
        [Parameter(Mandatory)] [string] $Sql,
        [string] $Uri = $env:BMG_TEST_POSTGRES,
        [string] $Database
    )
    if (-not $Uri) { throw 'No PostgreSQL test server: BMG_TEST_POSTGRES is not set (build.ps1 Test sets it).' }
    $parts = ConvertFrom-PostgresUri $Uri
    if (-not $Database) { $Database = $parts.Database }
    $binDirectory = Find-PostgresBinaries
    $psql = if ($binDirectory) { Join-Path $binDirectory 'psql' } else { 'psql' }
    $saved = $env:PGPASSWORD
    try {
        # The password through the environment, never on a command line another user can read.
        $env:PGPASSWORD = $parts.Password
        $output = & $psql -X -q -A -t -v ON_ERROR_STOP=1 -h $parts.Host -p $parts.Port -U $parts.User -d $Database -c $Sql 2>&1
    } finally {
        $env:PGPASSWORD = $saved
    }
    if ($LASTEXITCODE -ne 0) { throw "psql failed (exit code $LASTEXITCODE): $($output -join [Environment]::NewLine)" }
    return @($output | ForEach-Object { "$_" })
}

function New-PostgresEverydayRole {
    <#
    A login role with exactly the rights README "Share one inventory" grants the everyday admins on the store at $Uri
    (CONNECT, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on its tables, USAGE on its sequences), then the $Revoke
    statements ('{0}' stands for the role); returns the store's URI as that role.
    #>
    param([Parameter(Mandatory)] [string] $Uri, [string[]] $Revoke = @())
    $parts = ConvertFrom-PostgresUri $Uri
    $role = 'bmg_kit_' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $password = [guid]::NewGuid().ToString('N')
    $grants = @(
        "CREATE ROLE $role LOGIN PASSWORD '$password';"
        "GRANT CONNECT ON DATABASE $($parts.Database) TO $role;"
        "GRANT USAGE ON SCHEMA public TO $role;"
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $role;"
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO $role;"
    ) + @($Revoke | ForEach-Object { $_ -f $role })
    $null = Invoke-PostgresTestSql -Uri $Uri -Sql ($grants -join [Environment]::NewLine)
    return "postgresql://${role}:$password@$($parts.Host):$($parts.Port)/$($parts.Database)"
}

function New-PostgresTestDatabase {
    <#
    Creates a new, empty database with a unique name on the test server and returns its URI (with the password).
    -Ahead: take it from the few that Get-PostgresDatabaseMaker has the server create ahead (New-TestStore's many
    databases), so the test does not wait for the server to copy template1. It is as new and empty as any other:
    made for this call only, never handed out twice.
    #>
    param([string] $AdminUri = $env:BMG_TEST_POSTGRES, [string] $Prefix = 'bmg_test', [switch] $Ahead)
    $parts = ConvertFrom-PostgresUri $AdminUri
    if ($Ahead) {
        $name = Receive-PostgresDatabaseAhead (Get-PostgresDatabaseMaker -AdminUri $AdminUri -Prefix $Prefix)
    } else {
        $name = New-PostgresDatabaseName $Prefix
        $null = Invoke-PostgresTestSql -Uri $AdminUri -Sql "CREATE DATABASE $name;"
    }
    if (-not (Get-Variable -Name BmgPostgresTestDatabases -Scope Global -ErrorAction Ignore)) {
        $global:BmgPostgresTestDatabases = [System.Collections.Generic.List[object]]::new()
    }
    $global:BmgPostgresTestDatabases.Add([pscustomobject]@{ AdminUri = $AdminUri; Name = $name })
    return "postgresql://$($parts.User):$($parts.Password)@$($parts.Host):$($parts.Port)/$name"
}

function Remove-PostgresTestDatabase {
    <#
    Drops every database New-PostgresTestDatabase has handed out in this process on the server at $AdminUri, and forgets
    them (and those on other servers, which a test started itself and which go with that server). Common.ps1 calls it as
    each test file begins, so the databases of the files before it, done with whether they passed or not, do not pile
    up: a PostgreSQL run makes one or more per test, some 2,000 of 300-odd files and 7 MB each, which the server's
    folder kept to the end (600,000 files, minutes of rm -rf on a loaded machine). The drops run in the background
    (Get-PostgresDatabaseDropper): each one waits for a checkpoint, up to a second and more on a loaded machine, which
    the next file need not wait for.
    #>
    param([string] $AdminUri = $env:BMG_TEST_POSTGRES)
    $made = Get-Variable -Name BmgPostgresTestDatabases -Scope Global -ValueOnly -ErrorAction Ignore
    if (-not $made -or $made.Count -eq 0) { return }
    $names = @($made | Where-Object AdminUri -eq $AdminUri | ForEach-Object Name)
    $made.Clear()
    if ($names.Count -eq 0 -or -not $AdminUri) { return }
    $droppers = @(Get-PostgresDatabaseDropper $AdminUri)
    # The module's pooled connections to them are still open: ended all at once first, so that each drop's FORCE (which
    # waits for the sessions it ends, in tenths of a second) mostly finds none left.
    $list = ($names | ForEach-Object { "'$_'" }) -join ', '
    $droppers[0].StandardInput.WriteLine("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname IN ($list);")
    for ($i = 0; $i -lt $names.Count; $i++) {
        $droppers[$i % $droppers.Count].StandardInput.WriteLine("DROP DATABASE IF EXISTS $($names[$i]) WITH (FORCE);")
    }
}

function Get-PostgresDatabaseDropper([string] $AdminUri, [int] $Count = 3) {
    <#
    $Count psql processes per admin URI for the whole Pester process (in a global, as Get-PostgresDatabaseMaker's) that
    run the DROP DATABASE statements written to them, beside the tests. Several: each drop waits for a checkpoint of its
    own (PostgreSQL 15's dropdb), ~0.03 s with nothing beside it but a second and more on a machine loaded 40 deep, and drops
    that wait at the same time are served by one checkpoint. One that has stopped at an error is replaced, and its
    error shown as a warning: a database left behind costs the run only room, the server's stop removes it.
    #>
    if (-not (Get-Variable -Name BmgPostgresDatabaseDroppers -Scope Global -ErrorAction Ignore)) { $global:BmgPostgresDatabaseDroppers = @{} }
    $droppers = @($global:BmgPostgresDatabaseDroppers[$AdminUri] | Where-Object { $_ })
    foreach ($stopped in @($droppers | Where-Object HasExited)) {
        Write-Warning "psql, dropping the test databases of finished test files, stopped (exit code $($stopped.ExitCode)): $($stopped.StandardError.ReadToEnd())"
    }
    $droppers = @($droppers | Where-Object { -not $_.HasExited })
    while ($droppers.Count -lt $Count) {
        $dropper = Start-PostgresSqlProcess $AdminUri
        # Its output (the counts of ended sessions) is drained so that it never blocks on a full pipe; its errors are read once it has stopped.
        $null = $dropper.StandardOutput.ReadToEndAsync()
        $droppers += $dropper
    }
    $global:BmgPostgresDatabaseDroppers[$AdminUri] = $droppers
    return $droppers
}

function New-PostgresDatabaseName([string] $Prefix) { '{0}_{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 16) }

function Get-PostgresDatabaseMaker {
    <#
    One psql process per admin URI and prefix for the whole Pester process (in a global, since every test file
    dot-sources this file anew) that runs 'CREATE DATABASE' statements as they are written to its standard input,
    each followed by a line naming the database it made. It ends with this process (its standard input closes).
    -Ahead: how many it keeps asked for; a test that makes a store finds one ready while the server makes the next
    beside the test's own work.
    #>
    param([Parameter(Mandatory)] [string] $AdminUri, [Parameter(Mandatory)] [string] $Prefix, [int] $Ahead = 3)
    if (-not (Get-Variable -Name BmgPostgresDatabaseMakers -Scope Global -ErrorAction Ignore)) { $global:BmgPostgresDatabaseMakers = @{} }
    $key = "$AdminUri|$Prefix"
    $maker = $global:BmgPostgresDatabaseMakers[$key]
    if ($maker -and -not $maker.Process.HasExited) { return $maker }

    $process = Start-PostgresSqlProcess $AdminUri
    $maker = [pscustomobject]@{
        Process = $process
        Prefix  = $Prefix
        Pending = [System.Collections.Generic.Queue[string]]::new()
        Errors  = $process.StandardError.ReadToEndAsync()   # drained all along, read when psql has failed
    }
    $global:BmgPostgresDatabaseMakers[$key] = $maker
    foreach ($i in 1..$Ahead) { Request-PostgresDatabaseAhead $maker }
    return $maker
}

function Start-PostgresSqlProcess([string] $AdminUri) {
    <# A psql process on the server at $AdminUri that runs the statements written to its standard input, stopping at the first error. #>
    $parts = ConvertFrom-PostgresUri $AdminUri
    $binDirectory = Find-PostgresBinaries
    $start = [System.Diagnostics.ProcessStartInfo]::new($(if ($binDirectory) { Join-Path $binDirectory 'psql' } else { 'psql' }))
    foreach ($argument in @('-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', $parts.Host, '-p', "$($parts.Port)", '-U', $parts.User, '-d', $parts.Database)) {
        $start.ArgumentList.Add($argument)
    }
    # The password in the child's environment only: this process's PGPASSWORD is the tests' to set.
    $start.Environment['PGPASSWORD'] = $parts.Password
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $process.StandardInput.AutoFlush = $true
    return $process
}

function Request-PostgresDatabaseAhead($Maker) {
    $name = New-PostgresDatabaseName $Maker.Prefix
    # The line that says it is made: a query's row, which psql writes out at once, also into a pipe.
    $Maker.Process.StandardInput.WriteLine("CREATE DATABASE $name;")
    $Maker.Process.StandardInput.WriteLine("SELECT 'created $name';")
    $Maker.Pending.Enqueue($name)
}

function Receive-PostgresDatabaseAhead($Maker, [int] $GuardSeconds = 120) {
    <# The oldest database asked for, once the server has made it; asks for the next one first. #>
    $name = $Maker.Pending.Dequeue()
    Request-PostgresDatabaseAhead $Maker
    $deadline = [DateTime]::UtcNow.AddSeconds($GuardSeconds)
    while ($true) {
        $task = $Maker.Process.StandardOutput.ReadLineAsync()
        $left = ($deadline - [DateTime]::UtcNow).TotalMilliseconds
        if ($left -le 0 -or -not $task.Wait([int]$left)) {
            $Maker.Process.Kill()
            throw "psql did not make the database $name within $GuardSeconds s (guard)."
        }
        $line = $task.Result
        if ($null -eq $line) {
            $Maker.Process.WaitForExit()
            throw "psql, making the test databases, ended (exit code $($Maker.Process.ExitCode)): $($Maker.Errors.Result)"
        }
        if ($line -eq "created $name") { return $name }
    }
}
