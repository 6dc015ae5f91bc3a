# The module as users get it: a manifest with one version and explicit exports, and a .nupkg
# (build.ps1 Package) that PSResourceGet publishes to and installs from a local folder repository.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:ModuleFolder = Split-Path $env:BMG_TEST_MODULE
    $script:Manifest = Import-PowerShellDataFile $env:BMG_TEST_MODULE
    $props = [xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Build.props'))
    $script:Version = [string]$props.Project.PropertyGroup.Version
}

Describe 'The manifest' {
    It 'carries the version of Directory.Build.props' {
        $Manifest.ModuleVersion | Should -Be $Version
    }

    It 'has the same version as <File>, assembly and file version alike' -TestCases @(
        @{ File = 'BizMobileGo.PowerShell.dll' }
        @{ File = 'dependencies/BizMobileGo.Core.dll' }
    ) {
        $path = Join-Path $ModuleFolder $File
        $expected = [version]$Manifest.ModuleVersion
        $assemblyVersion = [Reflection.AssemblyName]::GetAssemblyName($path).Version
        $fileVersion = [version][Diagnostics.FileVersionInfo]::GetVersionInfo($path).FileVersion
        foreach ($actual in $assemblyVersion, $fileVersion) {
            "$($actual.Major).$($actual.Minor).$($actual.Build)" | Should -Be "$($expected.Major).$($expected.Minor).$([math]::Max($expected.Build, 0))"
        }
    }

    It '<File> names no build-machine folder and carries its symbols inside' -TestCases @(
        @{ File = 'BizMobileGo.PowerShell.dll' }
        @{ File = 'dependencies/BizMobileGo.Core.dll' }
    ) {
        # PathMap maps the checkout folder to /_/; DebugType embedded puts the portable PDB in the DLL (stack trace lines).
        $path = Join-Path $ModuleFolder $File
        $repository = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
        [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($path)) | Should -Not -Match ([regex]::Escape($repository))
        $stream = [IO.File]::OpenRead($path)
        try {
            $reader = [Reflection.PortableExecutable.PEReader]::new($stream)
            $debug = $reader.ReadDebugDirectory()
            $codeView = $debug | Where-Object Type -eq ([Reflection.PortableExecutable.DebugDirectoryEntryType]::CodeView)
            $reader.ReadCodeViewDebugDirectoryData($codeView).Path | Should -Be ([IO.Path]::ChangeExtension((Split-Path $File -Leaf), '.pdb'))
            $embedded = $debug | Where-Object Type -eq ([Reflection.PortableExecutable.DebugDirectoryEntryType]::EmbeddedPortablePdb)
            $embedded | Should -Not -BeNullOrEmpty -Because 'the symbols are inside the DLL'
            $symbols = $reader.ReadEmbeddedPortablePdbDebugDirectoryData($embedded).GetMetadataReader()
            $sources = @($symbols.Documents | ForEach-Object { $symbols.GetString($symbols.GetDocument($_).Name) })
            $sources | Should -Not -BeNullOrEmpty
            $sources | Where-Object { $_ -notlike '/_/src/*' } | Should -BeNullOrEmpty -Because 'PathMap maps the checkout folder to /_/'
            $reader.Dispose()
        }
        finally { $stream.Dispose() }
        Test-Path ([IO.Path]::ChangeExtension($path, '.pdb')) | Should -BeFalse -Because 'no separate .pdb ships'
    }

    It 'exports cmdlets by name and no functions, aliases or variables' {
        $Manifest.CmdletsToExport | Should -Not -Contain '*'
        $Manifest.CmdletsToExport.Count | Should -Be (Get-Module BizMobileGo).ExportedCmdlets.Count
        , $Manifest.FunctionsToExport | Should -BeOfType [object[]]
        $Manifest.FunctionsToExport.Count | Should -Be 0
        $Manifest.AliasesToExport.Count | Should -Be 0
        $Manifest.VariablesToExport.Count | Should -Be 0
    }

    It 'names every cmdlet the assembly has' {
        $assembly = (Get-Command Get-BmgDevice).ImplementingType.Assembly
        $defined = $assembly.GetExportedTypes() | ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
        ($Manifest.CmdletsToExport | Sort-Object) | Should -Be ($defined | Sort-Object)
    }

    It 'is for PowerShell 7.4 and later (Core), with tags, and no placeholder project or license link' {
        $Manifest.CompatiblePSEditions | Should -Be 'Core'
        $Manifest.PowerShellVersion | Should -Be '7.4'
        $Manifest.PrivateData.PSData.Tags | Should -Contain 'MDM'
        # The project has no public home: a link would lead nowhere (README "Install" says where a publisher adds its own).
        $Manifest.PrivateData.PSData.Keys | Should -Not -Contain 'ProjectUri'
        $Manifest.PrivateData.PSData.Keys | Should -Not -Contain 'LicenseUri'
        Test-ModuleManifest $env:BMG_TEST_MODULE -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }

    It 'carries the native SQLite build of every platform the README names, and no other' {
        # README: Windows, macOS and Linux, x64 and arm64, glibc and musl (walkthrough 32b, 1: musl arm64 was missing).
        $carried = @(Get-ChildItem (Join-Path $ModuleFolder 'dependencies/runtimes') -Directory | Where-Object {
                Get-ChildItem (Join-Path $_.FullName 'native') -Filter '*e_sqlite3*' -ErrorAction SilentlyContinue } | ForEach-Object Name | Sort-Object)
        $carried | Should -Be @('linux-arm64', 'linux-musl-arm64', 'linux-musl-x64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win-arm64', 'win-x64')
    }

    It 'carries ReadyToRun images of exactly the precompiled assemblies, for linux-x64 on .NET 10 only' {
        $images = Join-Path $ModuleFolder 'dependencies/readytorun'
        @(Get-ChildItem $images -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($ModuleFolder, $_.FullName).Replace('\', '/') } | Sort-Object) |
            Should -Be @($ReadyToRunAssemblies | ForEach-Object { "$ReadyToRunFolder/$_.dll" } | Sort-Object)
    }

    It 'carries in each image precompiled code of the same assembly as its IL file' {
        foreach ($Name in $ReadyToRunAssemblies) {
            $image = Join-Path $ModuleFolder "$ReadyToRunFolder/$Name.dll"
            $il = Join-Path $ModuleFolder "dependencies/$Name.dll"
            Test-ReadyToRunImage $image | Should -BeTrue
            Test-ReadyToRunImage $il | Should -BeFalse -Because 'the IL file serves every other platform and runtime'
            [Reflection.AssemblyName]::GetAssemblyName($image).FullName | Should -Be ([Reflection.AssemblyName]::GetAssemblyName($il).FullName)
            $stream = [IO.File]::OpenRead($image)
            try {
                $reader = [Reflection.PortableExecutable.PEReader]::new($stream)
                # x64 code for Linux: crossgen2 marks an image's OS by XOR-ing the processor's machine type (0x8664) with 0x7B79.
                [int]$reader.PEHeaders.CoffHeader.Machine | Should -Be (0x8664 -bxor 0x7B79)
                $reader.Dispose()
            } finally { $stream.Dispose() }
        }
    }

    It 'ships the MIT license next to it' {
        Get-Content -Raw (Join-Path $ModuleFolder 'LICENSE') | Should -Match 'MIT License[\s\S]*BizMobileGo developers'
    }

    It 'ships third-party notices naming every library file under dependencies/, with a version and licence for each package' {
        $notices = Get-Content -Raw (Join-Path $ModuleFolder 'THIRD-PARTY-NOTICES.txt')
        $named = [regex]::Matches($notices, '(?m)^Files: (.+)$') | ForEach-Object { $_.Groups[1].Value -split ', ' } |
            ForEach-Object { ($_ -split ' ')[0] }
        $shipped = Get-ChildItem (Join-Path $ModuleFolder 'dependencies') -Recurse -File -Include *.dll, *.so, *.dylib |
            Where-Object Name -ne 'BizMobileGo.Core.dll' |
            ForEach-Object { [IO.Path]::GetRelativePath((Join-Path $ModuleFolder 'dependencies'), $_.FullName).Replace('\', '/') } |
            ForEach-Object { if ($_ -like 'runtimes/*' -or $_ -like 'readytorun/*') { Split-Path $_ -Leaf } else { $_ } }
        $shipped | Should -Not -BeNullOrEmpty
        $shipped | Where-Object { $_ -notin $named } | Should -BeNullOrEmpty -Because 'each shipped library needs its notice (THIRD-PARTY-NOTICES.txt)'
        $entries = [regex]::Matches($notices, '(?m)^Package: (\S+) (\d+\.\d+\.\d+)[^\n]*\nFiles: [^\n]+\nLicence: (\S+)')
        $entries.Count | Should -Be ([regex]::Matches($notices, '(?m)^Package: ').Count) -Because 'every package has a version, its files and a licence'
        foreach ($licence in 'MIT licence', 'PostgreSQL licence', 'Apache License 2.0') { $notices | Should -Match $licence }
    }
}

Describe 'The package' {
    BeforeAll {
        $script:Package = Join-Path $ModuleFolder "../package/BizMobileGo.$Version.nupkg"
        if (-not (Test-Path $Package)) { throw "No package at ${Package}: run 'dotnet pwsh ./build.ps1 Package' (Test does)." }
        $home_ = Join-Path $TestDrive 'home'
        $repository = Join-Path $TestDrive 'repository'
        $store = Join-Path $TestDrive 'installed.db'
        $resultPath = Join-Path $TestDrive 'installed.json'
        # .config must exist: .NET reports a missing one as "", and NuGet (inside Publish-PSResource)
        # then writes its NuGet.Config into the current directory.
        $null = New-Item -ItemType Directory -Path $home_, (Join-Path $home_ '.config'), $repository
        # A user of its own: PSResourceGet's settings and the CurrentUser module folder both live
        # under HOME on Linux and macOS, so nothing of the real user's changes.
        $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; LOCALAPPDATA = $env:LOCALAPPDATA }
        try {
            $env:HOME = $home_
            $env:XDG_DATA_HOME = $null
            # Windows keeps PSResourceGet's settings there (NuGet, elsewhere, would take a set one as a relative folder).
            if ($IsWindows) { $env:LOCALAPPDATA = Join-Path $home_ 'AppData' }
            $script:Child = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name local -Uri '$repository' -Trusted
Publish-PSResource -NupkgPath '$Package' -Repository local
Install-PSResource -Name BizMobileGo -Repository local -Scope CurrentUser
try {
    `$module = Import-Module BizMobileGo -PassThru
    New-BmgTemplate -Name 'Installed' -Database '$store' | Out-Null
    [pscustomobject]@{
        ModuleBase = `$module.ModuleBase
        Version = `$module.Version.ToString()
        Templates = @(Get-BmgTemplate -Database '$store' | ForEach-Object Name)
        Published = @(Get-ChildItem '$repository' -Name)
        Found = @(Find-PSResource -Name BizMobileGo -Repository local | ForEach-Object { `$_.Version.ToString() })
    } | ConvertTo-Json | Set-Content '$resultPath'
} finally {
    Remove-Module BizMobileGo -ErrorAction SilentlyContinue
    Uninstall-PSResource -Name BizMobileGo -Scope CurrentUser -ErrorAction SilentlyContinue
    Unregister-PSResourceRepository -Name local -ErrorAction SilentlyContinue
}
"@
        } finally {
            foreach ($name in $saved.Keys) { Set-Item "env:$name" -Value $saved[$name] }
        }
        $script:Installed = if (Test-Path $resultPath) { Get-Content -Raw $resultPath | ConvertFrom-Json } else { $null }
    }

    It 'is published to a local folder repository, installed from it, and its cmdlets work' {
        $Child.ExitCode | Should -Be 0 -Because $Child.Text
        $Installed.Published | Should -Be @("BizMobileGo.$Version.nupkg")
        $Installed.Found | Should -Be @($Version)
        $Installed.Version | Should -Be $Version
        $Installed.Templates | Should -Be @('Installed')
    }

    It 'carries the licence and the third-party notices at its root' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Package)
        try { $entries = @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }
        $entries | Should -Contain 'LICENSE'
        $entries | Should -Contain 'THIRD-PARTY-NOTICES.txt'
    }

    It 'was imported from the installed copy, not the build folder' {
        $Installed.ModuleBase | Should -BeLike "$(Join-Path $TestDrive 'home')*"
        $Installed.ModuleBase | Should -Not -BeLike "$ModuleFolder*"
    }
}
