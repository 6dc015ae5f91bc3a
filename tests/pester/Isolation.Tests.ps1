# The module's dependencies load in a load context of their own, so a session that already holds
# other versions of Microsoft.Data.Sqlite, SQLitePCLRaw or Npgsql (from another module) can still use it.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:ModuleFolder = Split-Path $env:BMG_TEST_MODULE
}

Describe 'A session that loaded older SQLite assemblies first' {
    BeforeAll {
        # Restored by the PackageDownload items of BizMobileGo.PowerShell.csproj.
        $packages = Get-NuGetPackagesFolder
        $older = @(
            "$packages/sqlitepclraw.core/2.1.11/lib/netstandard2.0/SQLitePCLRaw.core.dll"
            "$packages/sqlitepclraw.provider.e_sqlite3/2.1.11/lib/netstandard2.0/SQLitePCLRaw.provider.e_sqlite3.dll"
            "$packages/microsoft.data.sqlite.core/8.0.34/lib/net8.0/Microsoft.Data.Sqlite.dll"
            # Another major version of the CSV library (the module ships 33.1.0).
            "$packages/csvhelper/34.0.0/lib/netstandard2.0/CsvHelper.dll"
            # Another major version of the PostgreSQL client (the module ships 10.0.3).
            "$packages/npgsql/8.0.9/lib/net8.0/Npgsql.dll"
        )
        foreach ($path in $older) {
            if (-not (Test-Path $path)) { throw "The older assembly '$path' was not restored; run 'dotnet restore'." }
        }
        $store = Join-Path $TestDrive 'isolation.db'
        $resultPath = Join-Path $TestDrive 'isolation.json'
        $csvPath = Join-Path $TestDrive 'isolation.csv'
        $script:Child = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
$(($older | ForEach-Object { "Add-Type -Path '$_'" }) -join "`n")
Import-Module '$env:BMG_TEST_MODULE'
New-BmgTemplate -Name 'Standard' -Database '$store' | Out-Null
New-BmgTemplate -Name 'Spare' -Database '$store' | Out-Null
`$names = @(Get-BmgTemplate -Database '$store' | ForEach-Object Name)
Set-Content -Path '$csvPath' -Value "Identifier,OS`nisolated1,ios"
`$imported = (Import-BmgDeviceCsv -Path '$csvPath' -Database '$store').Created
# The module's PostgreSQL side, reached through its core library (the PostgreSQL store is not a cmdlet yet):
# a data source makes Npgsql load its own dependencies (logging, DiagnosticSource's metrics) with no server.
`$core = [Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([Reflection.AssemblyName]::new('BizMobileGo.Core'))
`$location = `$core.GetType('BizMobileGo.Core.Store.Postgres.PostgresLocation', `$true)::Parse('postgresql://bmg@127.0.0.1:5432/isolation')
`$dataSource = `$location.ConnectionString.GetType().Assembly.GetType('Npgsql.NpgsqlDataSource', `$true)::Create(`$location.ConnectionString.ConnectionString)
`$dataSource.Dispose()
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { `$_.GetName().Name -match '^(Microsoft\.Data\.Sqlite|SQLitePCLRaw\..*|BizMobileGo\..*|CsvHelper|Npgsql|Microsoft\.Extensions\.Logging\.Abstractions|System\.Diagnostics\.DiagnosticSource)$' } |
    ForEach-Object {
        [pscustomobject]@{
            Name = `$_.GetName().Name
            Version = `$_.GetName().Version.ToString()
            DefaultContext = [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_) -eq [Runtime.Loader.AssemblyLoadContext]::Default
            Context = [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name
            Location = `$_.Location
        }
    }
[pscustomobject]@{ Templates = `$names; Imported = `$imported; Loaded = @(`$loaded) } | ConvertTo-Json -Depth 4 | Set-Content '$resultPath'
"@
        $script:Result = if (Test-Path $resultPath) { Get-Content -Raw $resultPath | ConvertFrom-Json } else { $null }
    }

    It 'imports the module and runs store cmdlets' {
        $Child.ExitCode | Should -Be 0 -Because $Child.Text
        $Result.Templates | Should -Be @('Spare', 'Standard')
    }

    It '12 reads a CSV file with its own CsvHelper while another version is loaded' {
        $Result.Imported | Should -Be 1
        $other = $Result.Loaded | Where-Object { $_.Name -eq 'CsvHelper' -and $_.DefaultContext }
        $other.Version | Should -BeLike '34.*'
    }

    It 'kept the older assemblies in the session (the conflict really happened)' {
        $old = $Result.Loaded | Where-Object { $_.Name -eq 'Microsoft.Data.Sqlite' -and $_.DefaultContext }
        $old.Version | Should -BeLike '8.0.*'
        $oldCore = $Result.Loaded | Where-Object { $_.Name -eq 'SQLitePCLRaw.core' -and $_.DefaultContext }
        $oldCore.Version | Should -BeLike '2.1.11.*'
        $oldNpgsql = $Result.Loaded | Where-Object { $_.Name -eq 'Npgsql' -and $_.DefaultContext }
        $oldNpgsql.Version | Should -BeLike '8.0.*'
    }

    It 'loaded the module''s own <Name> from its dependencies folder into its own load context' -TestCases @(
        @{ Name = 'BizMobileGo.Core' }
        @{ Name = 'Microsoft.Data.Sqlite' }
        @{ Name = 'SQLitePCLRaw.core' }
        @{ Name = 'SQLitePCLRaw.provider.e_sqlite3' }
        @{ Name = 'CsvHelper' }
        @{ Name = 'Npgsql' }
        @{ Name = 'Microsoft.Extensions.Logging.Abstractions' }
    ) {
        $own = @($Result.Loaded | Where-Object { $_.Name -eq $Name -and -not $_.DefaultContext })
        $own.Count | Should -Be 1
        # Its ReadyToRun image where the module carries one for this platform and runtime, else its IL file.
        $own[0].Location | Should -Be (Get-ExpectedAssemblyFile $ModuleFolder $Name)
        $own[0].Context | Should -BeExactly 'BizMobileGo' -Because 'the context is named for whoever diagnoses a clash (walkthrough 27, 10)'
    }

    It 'runs precompiled code of Npgsql on linux-x64 with .NET 10, the one platform its image is for' {
        Test-ReadyToRunPlatform | Should -BeTrue -Because 'the tests run on linux-x64 under PowerShell 7.6'
        foreach ($name in $ReadyToRunAssemblies) {
            $own = @($Result.Loaded | Where-Object { $_.Name -eq $name -and -not $_.DefaultContext })
            $own[0].Location | Should -Be (Join-Path $ModuleFolder "$ReadyToRunFolder/$name.dll")
            Test-ReadyToRunImage $own[0].Location | Should -BeTrue -Because "$name's image has a managed native header"
        }
    }

    It 'took System.Diagnostics.DiagnosticSource from the runtime, as new as Npgsql asks, not from framework-fallback' {
        $diagnostics = @($Result.Loaded | Where-Object Name -eq 'System.Diagnostics.DiagnosticSource')
        $diagnostics.Count | Should -Be 1
        $diagnostics[0].DefaultContext | Should -BeTrue
        $diagnostics[0].Location | Should -Not -BeLike "$ModuleFolder*"
    }

    It 'loaded the cmdlet assembly itself into the default context' {
        $cmdlets = $Result.Loaded | Where-Object Name -eq 'BizMobileGo.PowerShell'
        $cmdlets.DefaultContext | Should -BeTrue
    }
}

Describe 'The module folder' {
    It 'holds the cmdlet assembly alone at its root' {
        @(Get-ChildItem $ModuleFolder -Filter *.dll).Name | Should -Be @('BizMobileGo.PowerShell.dll')
    }

    It 'ships no framework assembly (System.*, Microsoft.Bcl.*, PowerShell''s own) beside its dependencies' {
        $shipped = @(Get-ChildItem $ModuleFolder -Recurse -Filter *.dll | Where-Object { $_.FullName -notlike '*framework-fallback*' }).Name
        $shipped | Where-Object { $_ -like 'System.*' -or $_ -like 'Microsoft.Bcl.*' } | Should -BeNullOrEmpty
        $shipped | Should -Contain 'Microsoft.Data.Sqlite.dll'
        $shipped | Should -Contain 'CsvHelper.dll'
        $shipped | Should -Contain 'Npgsql.dll'
        @(Get-ChildItem $ModuleFolder -Recurse -Filter *.dll).Name | Should -Not -Contain 'Microsoft.CSharp.dll' -Because 'PowerShell''s .NET has it'
        @(Get-ChildItem $ModuleFolder -Recurse -Filter *.dll).Name | Should -Not -Contain 'System.Management.Automation.dll'
    }

    It 'carries, for PowerShell 7.4 (.NET 8), every framework assembly a dependency asks for in a newer version than .NET 8 has' {
        # .NET 8's reference assemblies (restored because the module builds for net8.0) say what PowerShell 7.4's runtime holds.
        $reference = Get-ChildItem (Join-Path (Get-NuGetPackagesFolder) 'microsoft.netcore.app.ref') -Directory |
            Where-Object Name -like '8.*' | Sort-Object { [version]$_.Name } | Select-Object -Last 1
        $reference | Should -Not -BeNullOrEmpty -Because '.NET 8''s reference pack is restored by the net8.0 build'
        $net8 = Join-Path $reference.FullName 'ref/net8.0'
        $fallback = Join-Path $ModuleFolder 'dependencies/framework-fallback'
        $missing = foreach ($file in Get-ChildItem (Join-Path $ModuleFolder 'dependencies'), $fallback -Filter *.dll) {
            $metadata = [Reflection.Metadata.MetadataReader]
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            $pe = [Reflection.PortableExecutable.PEReader]::new([IO.MemoryStream]::new($bytes))
            try {
                $reader = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                foreach ($handle in $reader.AssemblyReferences) {
                    $reference_ = $reader.GetAssemblyReference($handle)
                    $name = $reader.GetString($reference_.Name)
                    if ($name -notlike 'System.*' -and $name -notlike 'Microsoft.Bcl.*') { continue }
                    if ($name -in 'System.Runtime', 'System.Private.CoreLib', 'netstandard', 'System.Management.Automation') { continue }
                    $inNet8 = Join-Path $net8 "$name.dll"
                    $net8Version = if (Test-Path $inNet8) { [Reflection.AssemblyName]::GetAssemblyName($inNet8).Version } else { $null }
                    if ($null -ne $net8Version -and $net8Version -ge $reference_.Version) { continue }
                    $carried = Join-Path $fallback "$name.dll"
                    if (-not (Test-Path $carried) -or [Reflection.AssemblyName]::GetAssemblyName($carried).Version -lt $reference_.Version) {
                        "$($file.Name) -> $name $($reference_.Version)"
                    }
                }
            } finally {
                $pe.Dispose()
            }
        }
        $missing | Should -BeNullOrEmpty
        Get-ChildItem $fallback -Filter *.dll | ForEach-Object Name | Should -Contain 'System.Diagnostics.DiagnosticSource.dll'
    }

    It 'takes a framework assembly from the runtime when it is as new as asked, from framework-fallback only when older' {
        $contextType = (Get-Command Get-BmgDevice).ImplementingType.Assembly.GetType('BizMobileGo.PowerShell.DependencyLoadContext', $true)
        $provides = $contextType.GetMethod('RuntimeProvides', [Reflection.BindingFlags]'NonPublic, Static')
        $provides.Invoke($null, @([Reflection.AssemblyName]::new('System.Diagnostics.DiagnosticSource, Version=8.0.0.0'))) | Should -BeTrue
        $provides.Invoke($null, @([Reflection.AssemblyName]::new('System.Diagnostics.DiagnosticSource, Version=99.0.0.0'))) | Should -BeFalse
        $provides.Invoke($null, @([Reflection.AssemblyName]::new('Npgsql, Version=10.0.0.0'))) | Should -BeFalse
    }

    It 'has a cmdlet assembly that names no dependency but the core library' {
        # Anything else it named would be bound in the default context, where another module's copy may sit.
        $assembly = (Get-Command Get-BmgDevice).ImplementingType.Assembly
        $assembly.Location | Should -Be (Join-Path $ModuleFolder 'BizMobileGo.PowerShell.dll')
        $references = $assembly.GetReferencedAssemblies().Name
        $references | Should -Contain 'BizMobileGo.Core'
        $references | Where-Object { $_ -match 'Sqlite|SQLitePCL' } | Should -BeNullOrEmpty
    }
}

Describe 'The native SQLite build for each platform' {
    BeforeDiscovery {
        $script:Platforms = @(
            @{ Rid = 'win-x64'; Platform = 'Windows'; Architecture = 'X64'; Musl = $false }
            @{ Rid = 'win-arm64'; Platform = 'Windows'; Architecture = 'Arm64'; Musl = $false }
            @{ Rid = 'linux-x64'; Platform = 'Linux'; Architecture = 'X64'; Musl = $false }
            @{ Rid = 'linux-arm64'; Platform = 'Linux'; Architecture = 'Arm64'; Musl = $false }
            @{ Rid = 'linux-musl-x64'; Platform = 'Linux'; Architecture = 'X64'; Musl = $true }
            @{ Rid = 'linux-musl-arm64'; Platform = 'Linux'; Architecture = 'Arm64'; Musl = $true }
            @{ Rid = 'osx-x64'; Platform = 'OSX'; Architecture = 'X64'; Musl = $false }
            @{ Rid = 'osx-arm64'; Platform = 'OSX'; Architecture = 'Arm64'; Musl = $false }
        )
    }

    It 'is picked from dependencies/runtimes/<Rid>/native and is there' -TestCases $Platforms {
        $contextType = (Get-Command Get-BmgDevice).ImplementingType.Assembly.GetType('BizMobileGo.PowerShell.DependencyLoadContext', $true)
        $method = $contextType.GetMethod('NativeSqliteRelativePath', [Reflection.BindingFlags]'NonPublic, Static')
        $relative = $method.Invoke($null, @([Runtime.InteropServices.OSPlatform]::$Platform, [Runtime.InteropServices.Architecture]$Architecture, $Musl))
        $relative | Should -BeLike ([IO.Path]::Combine('runtimes', $Rid, 'native', '*'))
        Test-Path -LiteralPath (Join-Path $ModuleFolder "dependencies/$relative") -PathType Leaf | Should -BeTrue
    }
}
