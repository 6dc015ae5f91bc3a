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
    It 'loads the image of Npgsql and works' {
        Test-ReadyToRunPlatform | Should -BeTrue -Because 'the tests run on linux-x64 under PowerShell 7.6'
        $copy = Invoke-ModuleCopy 'linux-x64/net10'
        $copy.Result.Created | Should -Be 2
        foreach ($name in $ReadyToRunAssemblies) {
            $copy.Result.Loaded | Should -Contain "$($copy.Folder)/$ReadyToRunFolder/$name.dll"
        }
    }
}

Describe 'The build''s ReadyToRun step (src/BizMobileGo.ReadyToRun, CompileReadyToRun)' {
    BeforeAll {
        $script:Project = Join-Path $PSScriptRoot '../../src/BizMobileGo.ReadyToRun/BizMobileGo.ReadyToRun.csproj'
        # Where the step keeps its images between builds (obj/ in a build; the test's own, so it starts as a fresh clone's).
        $script:Kept = Join-Path $TestDrive 'kept-images'

        function Invoke-ReadyToRunStep([scriptblock] $ChangeInputs = {}) {
            <# Runs the step as build.ps1 Build does, over a module folder laid out anew (the built module's IL files);
               returns each kept image's last write time and the images the module folder got. #>
            $dependencies = Join-Path $TestDrive "build-$([guid]::NewGuid().ToString('N'))/dependencies"
            Copy-Item (Join-Path $ModuleFolder 'dependencies') -Destination $dependencies -Recurse
            Remove-Item (Join-Path $dependencies 'readytorun') -Recurse
            & $ChangeInputs $dependencies
            $output = & dotnet msbuild $Project -restore -t:CompileReadyToRun "-p:ModuleDependencies=$dependencies" `
                "-p:ReadyToRunIntermediateFolder=$Kept" -p:Configuration=Release -nologo -v:minimal 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            $written = @{}
            foreach ($name in $ReadyToRunAssemblies) { $written[$name] = (Get-Item (Join-Path $Kept "$name.dll")).LastWriteTimeUtc }
            $laidOut = @(foreach ($name in $ReadyToRunAssemblies) {
                    $image = Join-Path (Split-Path $dependencies) "$ReadyToRunFolder/$name.dll"
                    if ((Test-Path $image) -and (Test-ReadyToRunImage $image)) { $name }
                })
            [pscustomobject]@{ Written = $written; LaidOut = $laidOut }
        }
    }

    It 'compiles each image once, again when its IL file changed, and always lays every image out' {
        $first = Invoke-ReadyToRunStep
        $first.LaidOut | Should -Be $ReadyToRunAssemblies -Because 'a fresh clone compiles every image'

        $unchanged = Invoke-ReadyToRunStep
        $unchanged.LaidOut | Should -Be $ReadyToRunAssemblies
        foreach ($name in $ReadyToRunAssemblies) {
            $unchanged.Written[$name] | Should -Be $first.Written[$name] -Because "nothing $name's image is made of changed"
        }

        # Other bytes, the same assembly (as a package's patch release keeps its assembly version): a byte after its end.
        $changed = Invoke-ReadyToRunStep {
            param($dependencies)
            foreach ($name in $ReadyToRunAssemblies) { [IO.File]::AppendAllText("$dependencies/$name.dll", "`0") }
        }
        $changed.LaidOut | Should -Be $ReadyToRunAssemblies
        foreach ($name in $ReadyToRunAssemblies) {
            $changed.Written[$name] | Should -BeGreaterThan $first.Written[$name] -Because "$name's IL file changed"
        }
    }
}
