# A server that writes the module's statements to its log with their bind parameters (walkthrough 41, 5). The check-in
# codes a command writes are bind parameters: with log_statement 'mod' or 'all', or log_min_duration_statement other than
# -1, they reach the server's log unless log_parameter_max_length is 0. The README tells the DBA; the module now says it
# too, once a session for each store, naming the settings and the ALTER DATABASE line. Each case runs in a fresh pwsh:
# the warning is once a process. PostgreSQL only (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The warnings of two commands on $Database in one new session, each line prefixed with the command's number.
    function Get-SessionWarnings([string] $Database) {
        $run = Invoke-FreshPwsh -Script @"
Import-Module '$env:BMG_TEST_MODULE'
Get-BmgDevice -Database '$Database' -WarningVariable w1 -WarningAction SilentlyContinue | Out-Null
New-BmgTemplate -Name "t-`$PID" -Database '$Database' -WarningVariable w2 -WarningAction SilentlyContinue | Out-Null
`$w1 | ForEach-Object { "1: `$_" }
`$w2 | ForEach-Object { "2: `$_" }
"@
        $run.ExitCode | Should -Be 0 -Because $run.Text
        @($run.Output | Where-Object { $_ -match '^[12]: ' })
    }
}

Describe 'a server that logs bind parameters is named once a session (walk41 5)' {
    BeforeEach {
        $script:Store = New-TestStore
        $script:Name = (ConvertFrom-PostgresUri $Store).Database
    }

    It 'log_statement = mod and log_min_duration_statement = 0: one warning naming both, and the ALTER DATABASE line' {
        Invoke-PostgresTestSql -Sql "ALTER DATABASE ""$Name"" SET log_statement = 'mod';" | Out-Null
        Invoke-PostgresTestSql -Sql "ALTER DATABASE ""$Name"" SET log_min_duration_statement = 0;" | Out-Null
        $warnings = @(Get-SessionWarnings $Store)
        $warnings | Should -HaveCount 1 -Because 'once a session: the second command does not say it again'
        $warnings[0] | Should -BeLike "1: The PostgreSQL server of the store '*' writes the statements it logs with their bind parameters (log_statement = 'mod', log_min_duration_statement = 0, log_parameter_max_length = -1): the check-in codes that commands write reach the server's log.*"
        $warnings[0] | Should -BeLike "*ALTER DATABASE *$Name* SET log_parameter_max_length = 0 (README, Share one inventory, ""Check-in codes on the server"")."
        $password = (ConvertFrom-PostgresUri $Store).Password
        if ($password.Length -ge 6) { $warnings[0] | Should -Not -BeLike "*$password*" -Because 'the store is named without its password' }
    }

    It 'after the README''s ALTER DATABASE … log_parameter_max_length = 0 nothing is said' {
        Invoke-PostgresTestSql -Sql "ALTER DATABASE ""$Name"" SET log_statement = 'all';" | Out-Null
        Invoke-PostgresTestSql -Sql "ALTER DATABASE ""$Name"" SET log_parameter_max_length = 0;" | Out-Null
        Get-SessionWarnings $Store | Should -HaveCount 0
    }

    It 'a server that logs no statement (the default) is not named' {
        Get-SessionWarnings $Store | Should -HaveCount 0
    }
}
