BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A test's own password file, empty or with one line, made the one libpq reads: ~/.pgpass of whoever runs the tests is
    # never read. Mode 0600: one open to the group or others is not read at all (libpq's rule).
    function Set-TestPasswordFile([string] $Path, [string] $Content = '') {
        Set-Content -LiteralPath $Path -Value $Content -NoNewline
        if (-not $IsWindows) { chmod 600 $Path }
        $env:PGPASSFILE = $Path
    }
}

# A server that asks for a password: none given, or a wrong one, is StoreOpenFailure saying where a password comes
# from (the URI, PGPASSWORD, the password file), never showing one. PostgreSQL only: it needs the real server, so it runs in build.ps1 Test's
# PostgreSQL Pester run (tests/pester/StoreSuites.psd1, PostgresOnly), never on SQLite.
Describe '13 the password a server asks for' {
    BeforeAll {
        $script:Saved = @{ PGPASSWORD = $env:PGPASSWORD; PGPASSFILE = $env:PGPASSFILE }
        # Made now: the tests' commands only read, and a reader of a store not made yet is StoreNotFound.
        $script:Database = New-TestStore -Created
        $script:Server = ConvertFrom-PostgresUri $script:Database
        # The URI without a password; the server's TCP connections need one (scram-sha-256).
        $script:NoPassword = 'postgresql://{0}@{1}:{2}/{3}' -f $Server.User, $Server.Host, $Server.Port, $Server.Database
        $script:PasswordFile = Join-Path $TestDrive 'pgpass'
        function Set-PasswordFile([string] $Password) {
            Set-TestPasswordFile $PasswordFile ('{0}:{1}:{2}:{3}:{4}' -f $Server.Host, $Server.Port, $Server.Database, $Server.User, $Password)
        }
        function Get-OpenFailure([string] $Uri) {
            $run = Invoke-Captured { Get-BmgDevice -Database $Uri }
            $run.Terminating | Should -Not -BeNullOrEmpty
            Get-ErrorId $run.Terminating | Should -Be 'StoreOpenFailure'
            $run.Terminating.CategoryInfo.Category | Should -Be 'SecurityError'
            $run.Terminating.TargetObject | Should -Be $NoPassword
            $run.Terminating.Exception.Message | Should -Not -BeLike "*$($Server.Password)*"
            $run.Terminating.Exception.Message | Should -Not -BeLike '*Wr0ngPass*'
            # Walkthrough 40, 10: nor the made-up file the store points Npgsql at in place of an ignored one, in the message
            # or any inner exception ($Error[0].Exception's text holds the whole chain).
            $run.Terminating.Exception.ToString() | Should -Not -BeLike '*bizmobilego-no-password-file*'
            $run.Terminating.Exception.Message
        }
    }
    BeforeEach {
        $env:PGPASSWORD = $null
        Set-TestPasswordFile $PasswordFile
    }
    AfterAll {
        $env:PGPASSWORD = $Saved.PGPASSWORD
        $env:PGPASSFILE = $Saved.PGPASSFILE
    }

    It '13 none given: the message names every place a password can come from' {
        $message = Get-OpenFailure $NoPassword
        $message | Should -BeLike "The server of the store '$NoPassword' asks the user '$($Server.User)' for a password, and none was given*"
        foreach ($place in '~/.pgpass', '$env:PGPASSFILE', '$env:PGPASSWORD', 'postgresql://user:password@host/database') {
            $message.Contains($place) | Should -BeTrue -Because "the message names $place : $message"
        }
        $message.Contains("no line of `$env:PGPASSFILE ('$PasswordFile') matches") | Should -BeTrue -Because $message
    }

    It '13 a wrong one: the message says the server refused it and where it came from (the URI, PGPASSWORD, the password file)' {
        $message = Get-OpenFailure ('postgresql://{0}:Wr0ngPass@{1}:{2}/{3}' -f $Server.User, $Server.Host, $Server.Port, $Server.Database)
        $message | Should -BeLike "The server of the store '$NoPassword' refused the password of the user '$($Server.User)'*came from the URI*"

        $env:PGPASSWORD = 'Wr0ngPass'
        Get-OpenFailure $NoPassword | Should -BeLike '*refused the password*came from $env:PGPASSWORD*'

        $env:PGPASSWORD = $null
        Set-PasswordFile 'Wr0ngPass'
        Get-OpenFailure $NoPassword | Should -BeLike "*refused the password*came from the line of `$env:PGPASSFILE ('$PasswordFile') that matches this server*"
    }

    It '13 PGPASSWORD set but empty: the message says so, and that the password file was not read because of it' {
        # Only another process can be given an empty variable: .NET and PowerShell remove a variable set to ''.
        Set-PasswordFile $Server.Password
        $childScript = Join-Path $TestDrive 'empty-pgpassword.ps1'
        Set-Content -LiteralPath $childScript -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database)
Import-Module $Module
if ($null -eq [Environment]::GetEnvironmentVariable('PGPASSWORD')) { 'PGPASSWORD not passed on'; exit 2 }
try { Get-BmgDevice -Database $Database -ErrorAction Stop; 'opened' } catch { ($_.FullyQualifiedErrorId -split ',')[0]; $_.Exception.Message }
'@
        $child = Start-BmgChild $childScript @('-Database', $NoPassword) -Environment @{ PGPASSWORD = '' }
        $lines = @($child.StandardOutput.ReadToEnd() -split "`r?`n" | Where-Object { $_ })
        $child.WaitForExit()

        $lines[0] | Should -Be 'StoreOpenFailure' -Because ($lines -join ' / ')
        $message = $lines[1]
        $message | Should -BeLike "The server of the store '$NoPassword' asks the user '$($Server.User)' for a password, and none was given: the URI has none, `$env:PGPASSWORD is set but empty, which stands for the password, so `$env:PGPASSFILE ('$PasswordFile') was not read (remove the empty variable, or set the password in it).*"
        $message | Should -Not -BeLike '*is not set*'
        $message | Should -Not -BeLike "*$($Server.Password)*"
    }

    It '13 PGPASSFILE naming a file that does not exist: ignored as by psql, the message names it and says so (walkthrough 19, 2)' {
        foreach ($missing in (Join-Path $TestDrive 'no-such-pgpass'), (Join-Path $TestDrive 'no-such-folder/pgpass')) {
            $env:PGPASSFILE = $missing
            $message = Get-OpenFailure $NoPassword
            $message | Should -BeLike "The server of the store '$NoPassword' asks the user '$($Server.User)' for a password, and none was given: the URI has none, `$env:PGPASSWORD is not set, and `$env:PGPASSFILE ('$missing') does not exist. Give it where*"
        }
    }

    It '13 a password file open to the group or others is not read, as by psql, and the message says why (walkthrough 19, 5)' -Skip:$IsWindows {
        Set-PasswordFile $Server.Password
        chmod 644 $PasswordFile
        $message = Get-OpenFailure $NoPassword
        $message | Should -BeLike "*none was given: the URI has none, `$env:PGPASSWORD is not set, and `$env:PGPASSFILE ('$PasswordFile') has group or world access (mode 0644), so it was not read, as psql does not read it (chmod 600 it). Give it where*"
        $message | Should -Not -BeLike "*$($Server.Password)*"

        chmod 600 $PasswordFile
        @(Get-BmgDevice -Database $NoPassword) | Should -HaveCount 0
    }

    It 'a password file line with an unescaped '':'' (a password holding one): StoreOpenFailure naming the file, the line and the escaping rule, never the line (walk36 2)' {
        # The colleague's line first (Npgsql reads up to the first line that matches): it is well formed, and not this user's.
        $lines = '# the team''s passwords', ('{0}:{1}:{2}:a_colleague:Coll3ague' -f $Server.Host, $Server.Port, $Server.Database),
            ('{0}:{1}:{2}:{3}:Kq7z:Pw@2' -f $Server.Host, $Server.Port, $Server.Database, $Server.User)
        Set-TestPasswordFile $PasswordFile ($lines -join "`n")
        # A URI of its own: a connection the session's pool kept from an earlier test's open needs no password file.
        $uri = "$NoPassword`?application_name=walk36-pgpass"
        $run = Invoke-Captured { Get-BmgDevice -Database $uri }
        Get-ErrorId $run.Terminating | Should -Be 'StoreOpenFailure'
        $run.Terminating.CategoryInfo.Category | Should -Be 'SecurityError'
        $message = $run.Terminating.Exception.Message
        $message | Should -BeLike "The store '$NoPassword*' could not be opened: line 3 of `$env:PGPASSFILE ('$PasswordFile') is not host:port:database:user:password (it has 6 fields separated by ':', not 5). Inside a field, such as a password, write ':' as '\:' and '\' as '\\'*Nothing was changed."
        foreach ($secret in 'Kq7z', 'Pw@2', 'Coll3ague') { $message | Should -Not -BeLike "*$secret*" }

        # Written as the message says ('\:'), the line is read: its password (Kq7z:Pw@2) is not the user's, and the server
        # refuses it as a wrong one, naming the line as the password's source.
        Set-TestPasswordFile $PasswordFile ('{0}:{1}:{2}:{3}:Kq7z\:Pw@2' -f $Server.Host, $Server.Port, $Server.Database, $Server.User)
        $run = Invoke-Captured { Get-BmgDevice -Database $uri }
        Get-ErrorId $run.Terminating | Should -Be 'StoreOpenFailure'
        $message = $run.Terminating.Exception.Message
        $message | Should -BeLike "*refused the password*came from the line of `$env:PGPASSFILE ('$PasswordFile') that matches this server*"
        $message | Should -Not -BeLike '*Pw@2*'
    }

    It '13 the right one from PGPASSWORD or the password file opens the store' {
        $env:PGPASSWORD = $Server.Password
        @(Get-BmgDevice -Database $NoPassword) | Should -HaveCount 0
        $env:PGPASSWORD = $null
        Set-PasswordFile $Server.Password
        @(Get-BmgDevice -Database $NoPassword) | Should -HaveCount 0
    }
}

# Walkthrough 22, 6: a session whose $env:PGPASSWORD changed went on with the connection the old password had opened
# (Npgsql's pool is keyed by the connection string, which did not carry it): a wrong password wrote, silently. Each
# command now authenticates with the password in effect, as psql does; the password never shows in a message.
Describe '13 a changed $env:PGPASSWORD takes effect at the next command' {
    BeforeAll {
        $script:Saved = @{ PGPASSWORD = $env:PGPASSWORD; PGPASSFILE = $env:PGPASSFILE }
        $script:Database = New-TestStore -Created
        $script:Server = ConvertFrom-PostgresUri $script:Database
        $script:NoPassword = 'postgresql://{0}@{1}:{2}/{3}' -f $Server.User, $Server.Host, $Server.Port, $Server.Database
        # An empty password file of the test's own: only PGPASSWORD gives the password.
        $script:PasswordFile = Join-Path $TestDrive 'pgpass-rotated'
        Set-TestPasswordFile $PasswordFile
    }
    AfterAll {
        $env:PGPASSWORD = $Saved.PGPASSWORD
        $env:PGPASSFILE = $Saved.PGPASSFILE
    }

    It 'the right one, then a wrong one in the same session: the wrong one is refused and nothing is written; the right one again works' {
        $env:PGPASSWORD = $Server.Password
        New-BmgTemplate -Name 'Rotated1' -Database $NoPassword | Out-Null
        @(Get-BmgTemplate -Database $NoPassword | ForEach-Object Name) | Should -Contain 'Rotated1'

        $env:PGPASSWORD = 'Wr0ngPass'
        $run = Invoke-Captured { New-BmgTemplate -Name 'Rotated2' -Database $NoPassword }
        $run.Terminating | Should -Not -BeNullOrEmpty -Because 'the pooled connection of the right password must not serve the wrong one'
        Get-ErrorId $run.Terminating | Should -Be 'StoreOpenFailure'
        $run.Terminating.Exception.Message | Should -BeLike '*refused the password*came from $env:PGPASSWORD*'
        $run.Terminating.Exception.Message | Should -Not -BeLike "*$($Server.Password)*"
        $run.Terminating.Exception.Message | Should -Not -BeLike '*Wr0ngPass*'

        $env:PGPASSWORD = $Server.Password
        @(Get-BmgTemplate -Database $NoPassword | ForEach-Object Name) | Should -Not -Contain 'Rotated2'
    }
}

# Two refusals of a connect that Npgsql's own text misleads on (walkthrough 24, finding 3): said with the cause and what to
# do, never the password. The test server has no TLS (initdb's default ssl=off, tests/servers/PostgresTestServer.ps1).
Describe 'A server without TLS under sslmode=require, and a database the server lacks' {
    BeforeAll {
        $script:Database = New-TestStore -Created
        $script:Server = ConvertFrom-PostgresUri $script:Database
        function Get-ConnectRefusal([string] $Uri, [string] $Category) {
            $run = Invoke-Captured { Get-BmgDevice -Database $Uri }
            $run.Terminating | Should -Not -BeNullOrEmpty
            Get-ErrorId $run.Terminating | Should -Be 'StoreOpenFailure'
            $run.Terminating.CategoryInfo.Category | Should -Be $Category
            $run.Terminating.Exception.Message | Should -Not -BeLike "*$($Server.Password)*"
            $run.Terminating.Exception.Message
        }
    }

    It 'sslmode=<Mode> against a server that offers no TLS: it says so and what to do (enable ssl, or sslmode=prefer on a trusted network)' -ForEach @(
        @{ Mode = 'require' }
        @{ Mode = 'verify-full' }
    ) {
        $uri = '{0}{1}sslmode={2}' -f $Database, ($(if ($Database.Contains('?')) { '&' } else { '?' })), $Mode
        $message = Get-ConnectRefusal $uri 'SecurityError'
        $message | Should -BeLike "*could not be opened: the server $($Server.Host):$($Server.Port) does not offer TLS, and the URI's sslmode=$Mode requires it. Ask the database administrator to enable ssl on the server, or (only on a network you trust) use sslmode=prefer. Nothing was changed."
        $message | Should -Not -BeLike '*No SSL enabled connection from this host*'
    }

    It 'a database the server does not have: it names the database and says to check the URI or ask the DBA (README step 1)' {
        $uri = 'postgresql://{0}:{1}@{2}:{3}/nosuchdb_fixa24' -f $Server.User, $Server.Password, $Server.Host, $Server.Port
        $message = Get-ConnectRefusal $uri 'ObjectNotFound'
        $message | Should -BeLike "*could not be opened: the server $($Server.Host):$($Server.Port) has no database 'nosuchdb_fixa24', the one the URI names. Check the URI's database name, or ask the database administrator to create it (README, Share one inventory, step 1). Nothing was changed."
    }

    It 'a host name DNS does not know: it names the host and says to check the URI, not to wait for the server (walkthrough 44, 1)' {
        # .invalid never resolves (RFC 6761), as the SMTP test's mail.bmg-test.invalid.
        $uri = 'postgresql://{0}:{1}@db.bmg-test.invalid:{2}/inventory' -f $Server.User, $Server.Password, $Server.Port
        $message = Get-ConnectRefusal $uri 'ObjectNotFound'
        $message | Should -BeLike "The store 'postgresql://$($Server.User)@db.bmg-test.invalid:$($Server.Port)/inventory' could not be opened: the server name 'db.bmg-test.invalid' does not resolve (DNS knows no such host: *). Check the URI's host (-Database or `$env:BMG_DATABASE); trying again will not help. Nothing was changed."
        $message | Should -Not -BeLike '*Try again when the server is back*'
    }
}
