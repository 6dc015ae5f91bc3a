# The module's load context as an admin's machine meets it: an incomplete module folder, a platform without its native
# SQLite build, Remove-Module in one runspace of several, and another version already loaded in the process (walkthrough
# 32b, findings 3, 4, 7 and 9). Each case runs in a fresh pwsh against a copy of the built module folder under $TestDrive.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:ModuleFolder = Split-Path $env:BMG_TEST_MODULE

    # A copy of the built module folder, with -Remove (paths relative to it) deleted; returns its manifest.
    function New-ModuleCopy([string] $Name, [string[]] $Remove = @()) {
        $copy = Join-Path $TestDrive "$Name/BizMobileGo"
        $null = New-Item -ItemType Directory -Path (Split-Path $copy)
        Copy-Item -LiteralPath $ModuleFolder -Destination $copy -Recurse
        foreach ($path in $Remove) { Remove-Item -LiteralPath (Join-Path $copy $path) -Recurse -Force }
        Join-Path $copy 'BizMobileGo.psd1'
    }

    # The script's last output line, read as JSON (what the child found).
    function Read-ChildResult($Child) {
        $Child.ExitCode | Should -Be 0 -Because $Child.Text
        $Child.Output[-1] | ConvertFrom-Json
    }

    $contextType = (Get-Command Get-BmgDevice).ImplementingType.Assembly.GetType('BizMobileGo.PowerShell.DependencyLoadContext', $true)
    $script:CurrentRid = $contextType.GetProperty('CurrentNativePlatform', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null)
}

Describe 'A module folder missing one of its assemblies' {
    It 'refuses the import naming <File>, and the session lives on' -TestCases @(
        @{ File = 'dependencies/BizMobileGo.Core.dll' }
        @{ File = 'dependencies/CsvHelper.dll' }
    ) {
        $manifest = New-ModuleCopy ($File -replace '\W', '') -Remove $File
        $child = Invoke-FreshPwsh @"
try { Import-Module '$manifest' -ErrorAction Stop; `$id = 'imported' } catch { `$id = `$_.FullyQualifiedErrorId; `$message = `$_.Exception.Message }
`$commands = @(Get-Command -Module BizMobileGo -ErrorAction SilentlyContinue).Count
try { Get-BmgTemplate -Database '$(Join-Path $TestDrive 'never.db')' -ErrorAction Stop; `$after = 'ran' } catch { `$after = `$_.FullyQualifiedErrorId }
[pscustomobject]@{ Id = `$id; Message = `$message; Commands = `$commands; After = `$after } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        ($result.Id -split ',')[0] | Should -Be 'ModuleFilesMissing'
        $result.Message | Should -BeLike "*'$(Split-Path $manifest)' is incomplete: $([IO.Path]::Combine($File -split '/')) is missing*Reinstall the module*"
        $result.Commands | Should -Be 0
        $result.After | Should -Not -Be 'ran'
    }
}

Describe 'A platform whose native SQLite build is missing' {
    It 'says NativeSqliteMissing with the platform, the file looked for and the platforms carried, on every store command' {
        $manifest = New-ModuleCopy 'nonative' -Remove "dependencies/runtimes/$CurrentRid"
        $store = Join-Path $TestDrive 'nonative.db'
        $child = Invoke-FreshPwsh @"
Import-Module '$manifest' -ErrorAction Stop
`$records = foreach (`$command in { New-BmgTemplate -Name X -Database '$store' }, { New-BmgTemplate -Name Y -Database '$store' }) {
    try { & `$command -ErrorAction Stop } catch { `$_ }
}
[pscustomobject]@{
    Ids = @(`$records | ForEach-Object FullyQualifiedErrorId)
    Categories = @(`$records | ForEach-Object { `$_.CategoryInfo.Category.ToString() })
    Message = `$records[0].Exception.Message
} | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        $result.Ids | ForEach-Object { ($_ -split ',')[0] } | Should -Be @('NativeSqliteMissing', 'NativeSqliteMissing')
        $result.Categories | Should -Be @('NotInstalled', 'NotInstalled')
        $looked = Join-Path (Split-Path $manifest) "dependencies/runtimes/$CurrentRid/native"
        $result.Message | Should -BeLike "*no SQLite build for this platform ($CurrentRid): '$looked*' is missing*"
        $carried = @(Get-ChildItem (Join-Path $ModuleFolder 'dependencies/runtimes') -Directory -Name | Where-Object { $_ -ne $CurrentRid } | Sort-Object)
        $result.Message | Should -BeLike "*carries SQLite for: $($carried -join ', ').*PostgreSQL store*"
    }
}

Describe 'Remove-Module in one runspace of several' {
    It 'leaves the module and the stores it kept open working in the others' -Skip:(-not $IsLinux) {
        # Linux only for the open-file part: /proc/self/fd shows which store files this process holds open.
        $mine = Join-Path $TestDrive 'mine.db'
        $theirs = Join-Path $TestDrive 'theirs.db'
        $child = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:BMG_TEST_MODULE'
function Test-Open([string] `$path) { @(Get-ChildItem /proc/self/fd -ErrorAction SilentlyContinue | ForEach-Object LinkTarget) -contains `$path }
New-BmgTemplate -Name Mine -Database '$mine' | Out-Null
New-BmgTemplate -Name Theirs -Database '$theirs' | Out-Null
Get-BmgTemplate -Database '$mine' | Out-Null          # a read: the store stays open for the next command
1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
    Import-Module '$env:BMG_TEST_MODULE'
    Get-BmgTemplate -Database '$theirs' | Out-Null
    Remove-Module BizMobileGo
}
`$keptAfterTheirs = Test-Open '$mine'
`$users = @(Get-BmgUser -Database '$mine').Count       # a cmdlet this runspace had not run yet
# A thread job that uses the store last keeps it; once that job's runspace has ended, the main runspace's Remove-Module
# closes it too (nothing else would).
`$job = Start-ThreadJob { Import-Module '$env:BMG_TEST_MODULE'; Get-BmgOrganization -Database '$mine' | Measure-Object | ForEach-Object Count; [runspace]::DefaultRunspace }
`$fromJob, `$jobRunspace = Receive-Job `$job -Wait -AutoRemoveJob
for (`$i = 0; `$i -lt 100 -and `$jobRunspace.RunspaceStateInfo.State -ne 'Closed'; `$i++) { Start-Sleep -Milliseconds 100 }
Remove-Module BizMobileGo
[pscustomobject]@{ KeptAfterTheirs = `$keptAfterTheirs; Users = `$users; FromJob = `$fromJob; KeptAfterMine = Test-Open '$mine' } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        $result.KeptAfterTheirs | Should -BeTrue
        $result.Users | Should -Be 0
        $result.FromJob | Should -Be 0
        $result.KeptAfterMine | Should -BeFalse
    }
}

Describe 'Another version of the module already loaded in the process' {
    BeforeAll {
        # A second version as an update brings it: the manifest's ModuleVersion and the cmdlet assembly's version one minor
        # version up, and a module version id of its own (patched in the assembly's metadata, where .NET reads them: a
        # rebuild would take minutes).
        $script:Old = New-ModuleCopy 'v1'
        $script:New = New-ModuleCopy 'v2'
        $assembly = Join-Path (Split-Path $New) 'BizMobileGo.PowerShell.dll'
        $bytes = [IO.File]::ReadAllBytes($assembly)
        $reader = [Reflection.PortableExecutable.PEReader]::new([IO.MemoryStream]::new($bytes))
        try {
            $metadata = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($reader)
            $version = $metadata.GetAssemblyDefinition().Version
            # The module version id: its 1-based index into the #GUID heap, 16 bytes a GUID.
            $mvidHandle = $metadata.GetModuleDefinition().Mvid
            $mvidAt = $reader.PEHeaders.MetadataStartOffset + ([Reflection.Metadata.Ecma335.MetadataTokens]::GetHeapOffset($mvidHandle) - 1) * 16 +
                [Reflection.Metadata.Ecma335.MetadataReaderExtensions]::GetHeapMetadataOffset($metadata, [Reflection.Metadata.Ecma335.HeapIndex]::Guid)
            # The Assembly table's one row: HashAlgId (4 bytes), then Major, Minor, Build, Revision (2 bytes each).
            $row = $reader.PEHeaders.MetadataStartOffset +
                [Reflection.Metadata.Ecma335.MetadataReaderExtensions]::GetTableMetadataOffset($metadata, [Reflection.Metadata.Ecma335.TableIndex]::Assembly)
        } finally { $reader.Dispose() }
        [BitConverter]::GetBytes([uint16]($version.Minor + 1)).CopyTo($bytes, $row + 6)
        # And another module version id, as a real build has: .NET takes an assembly of the same name and id for the one
        # it loaded already, and loads nothing new.
        [guid]::NewGuid().ToByteArray().CopyTo($bytes, $mvidAt)
        [IO.File]::WriteAllBytes($assembly, $bytes)
        $script:OldVersion = '{0}.{1}.{2}' -f $version.Major, $version.Minor, $version.Build
        $script:NewVersion = '{0}.{1}.{2}' -f $version.Major, ($version.Minor + 1), $version.Build
        [Reflection.AssemblyName]::GetAssemblyName($assembly).Version.ToString(3) | Should -Be $NewVersion
        (Get-Content -Raw $New) -replace "ModuleVersion\s*=\s*'[^']+'", "ModuleVersion = '$NewVersion'" | Set-Content -LiteralPath $New
    }

    It 'fails to import it, and the loaded version imports again without an error, as README Install says' {
        # What an update in a running session gives (README, "After installing a new version, start a new pwsh"): .NET
        # loads one assembly name once per process, and PowerShell's own error says so; nothing of the module's runs first.
        $store = Join-Path $TestDrive 'versions.db'
        $child = Invoke-FreshPwsh @"
Import-Module '$Old' -ErrorAction Stop
New-BmgTemplate -Name Kept -Database '$store' | Out-Null
`$Error.Clear()
Import-Module '$New' -Force -ErrorAction SilentlyContinue
`$force = @(`$Error | ForEach-Object FullyQualifiedErrorId)
`$stillThere = @(Get-BmgTemplate -Database '$store').Count
Remove-Module BizMobileGo
`$Error.Clear()
Import-Module '$New' -ErrorAction SilentlyContinue
`$afterRemove = @(`$Error | ForEach-Object { `$_.Exception.GetType().Name + ': ' + `$_.Exception.Message })
`$loaded = @(Get-Module BizMobileGo).Count
`$Error.Clear()
Import-Module '$Old' -ErrorAction Stop
[pscustomobject]@{ Force = `$force; StillThere = `$stillThere; AfterRemove = `$afterRemove; Loaded = `$loaded
    Back = @(Get-BmgTemplate -Database '$store').Count; ErrorsAfter = `$Error.Count } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        @($result.Force) | Should -Be @('FormatXmlUpdateException,Microsoft.PowerShell.Commands.ImportModuleCommand')
        $result.StillThere | Should -Be 1
        @($result.AfterRemove).Count | Should -Be 1
        $result.AfterRemove[0] | Should -BeLike "FileLoadException: *BizMobileGo.PowerShell, Version=$NewVersion.0*Assembly with same name is already loaded*"
        $result.Loaded | Should -Be 0
        $result.ErrorsAfter | Should -Be 0
        $result.Back | Should -Be 1
    }
}
