# The module's dependencies load in a load context of their own, so a session that already holds
# other versions of Microsoft.Data.Sqlite or SQLitePCLRaw (from another module) can still use it.

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
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { `$_.GetName().Name -match '^(Microsoft\.Data\.Sqlite|SQLitePCLRaw\..*|BizMobileGo\..*|CsvHelper)$' } |
    ForEach-Object {
        [pscustomobject]@{
            Name = `$_.GetName().Name
            Version = `$_.GetName().Version.ToString()
            DefaultContext = [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_) -eq [Runtime.Loader.AssemblyLoadContext]::Default
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
    }

    It 'loaded the module''s own <Name> from its dependencies folder into its own load context' -TestCases @(
        @{ Name = 'BizMobileGo.Core' }
        @{ Name = 'Microsoft.Data.Sqlite' }
        @{ Name = 'SQLitePCLRaw.core' }
        @{ Name = 'SQLitePCLRaw.provider.e_sqlite3' }
        @{ Name = 'CsvHelper' }
    ) {
        $own = @($Result.Loaded | Where-Object { $_.Name -eq $Name -and -not $_.DefaultContext })
        $own.Count | Should -Be 1
        $own[0].Location | Should -Be (Join-Path $ModuleFolder "dependencies/$Name.dll")
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

    It 'ships no framework assembly (System.*, Microsoft.Bcl.*, PowerShell''s own)' {
        $shipped = @(Get-ChildItem $ModuleFolder -Recurse -Filter *.dll).Name
        $shipped | Where-Object { $_ -like 'System.*' -or $_ -like 'Microsoft.Bcl.*' } | Should -BeNullOrEmpty
        $shipped | Should -Contain 'Microsoft.Data.Sqlite.dll'
        $shipped | Should -Contain 'CsvHelper.dll'
        $shipped | Should -Not -Contain 'Microsoft.CSharp.dll' -Because 'PowerShell''s .NET has it'
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
