# The module's ReadyToRun images (dependencies/readytorun/<rid>/net<major>, src/BizMobileGo.ReadyToRun) serve only a
# process of the platform and .NET major version they were compiled for: everywhere else the IL files serve, and nothing
# breaks. A copy of the module whose images are filed under another platform's or runtime's folder stands for that
# process (this machine is the images' own platform, so the copy's folder is what differs).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:ModuleFolder = Split-Path $env:BMG_TEST_MODULE

    function Invoke-ModuleCopy([string] $ImagesFolder) {
        <# Imports a copy of the module whose images sit in $ImagesFolder, imports a CSV file into a SQLite store, opens
           an Npgsql data source; returns the files the module's load context loaded and the devices created. #>
        $copy = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item $ModuleFolder -Destination "$copy/BizMobileGo" -Recurse
        $images = "$copy/BizMobileGo/dependencies/readytorun"
        $built = "$copy/BizMobileGo/$ReadyToRunFolder"
        $moved = "$images/$ImagesFolder"
        if ($moved -ne $built) {
            $null = New-Item -ItemType Directory -Path (Split-Path $moved) -Force
            Move-Item $built -Destination $moved
            Get-ChildItem $images -Directory | Where-Object { -not (Get-ChildItem $_.FullName -Recurse -File) } | Remove-Item -Recurse
        }
        $csv = Join-Path $copy 'devices.csv'
        Set-Content -Path $csv -Value "Identifier,OS`nprecompiled1,ios`nprecompiled2,ios"
        $result = Join-Path $copy 'result.json'
        $child = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$copy/BizMobileGo/BizMobileGo.psd1'
`$created = (Import-BmgDeviceCsv -Path '$csv' -Database '$copy/store.db').Created
`$core = [Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([Reflection.AssemblyName]::new('BizMobileGo.Core'))
`$location = `$core.GetType('BizMobileGo.Core.Store.Postgres.PostgresLocation', `$true)::Parse('postgresql://bmg@127.0.0.1:5432/fallback')
`$location.ConnectionString.GetType().Assembly.GetType('Npgsql.NpgsqlDataSource', `$true)::Create(`$location.ConnectionString.ConnectionString).Dispose()
`$context = [Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'BizMobileGo'
[pscustomobject]@{ Created = `$created; Loaded = @(`$context.Assemblies | ForEach-Object Location) } | ConvertTo-Json | Set-Content '$result'
"@
        $child.ExitCode | Should -Be 0 -Because $child.Text
        [pscustomobject]@{ Folder = "$copy/BizMobileGo"; Result = Get-Content -Raw $result | ConvertFrom-Json }
    }
}

Describe 'A process of another platform or .NET than the images were compiled for' {
    It 'loads the IL files and works when the images are for <Case>' -TestCases @(
        @{ Case = 'another .NET major version'; ImagesFolder = 'linux-x64/net9' }
        @{ Case = 'another processor'; ImagesFolder = 'linux-arm64/net10' }
        @{ Case = 'another operating system'; ImagesFolder = 'win-x64/net10' }
        @{ Case = 'musl rather than glibc'; ImagesFolder = 'linux-musl-x64/net10' }
    ) {
        $copy = Invoke-ModuleCopy $ImagesFolder
        $copy.Result.Created | Should -Be 2
        foreach ($name in $ReadyToRunAssemblies) {
            $copy.Result.Loaded | Should -Contain "$($copy.Folder)/dependencies/$name.dll"
        }
        $copy.Result.Loaded | Where-Object { $_ -like '*/readytorun/*' } | Should -BeNullOrEmpty
    }
}

Describe 'A process of the platform and .NET the images were compiled for' {
    It 'loads the images of Microsoft.Data.Sqlite and Npgsql and works' {
        Test-ReadyToRunPlatform | Should -BeTrue -Because 'the tests run on linux-x64 under PowerShell 7.6'
        $copy = Invoke-ModuleCopy 'linux-x64/net10'
        $copy.Result.Created | Should -Be 2
        foreach ($name in $ReadyToRunAssemblies) {
            $copy.Result.Loaded | Should -Contain "$($copy.Folder)/$ReadyToRunFolder/$name.dll"
        }
    }
}
