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

    It 'refuses the import naming a damaged <File> (a truncated copy), and imports nothing' -TestCases @(
        @{ File = 'dependencies/BizMobileGo.Core.dll' }
        @{ File = 'dependencies/CsvHelper.dll' }
    ) {
        # Read for its references, such a file used to stop Import-Module with a bare BadImageFormatException ("Invalid
        # metadata section span.") that named no file.
        $manifest = New-ModuleCopy ('damaged' + ($File -replace '\W', ''))
        $damaged = Join-Path (Split-Path $manifest) $File
        [IO.File]::WriteAllBytes($damaged, [IO.File]::ReadAllBytes($damaged)[0..999])
        $child = Invoke-FreshPwsh @"
try { Import-Module '$manifest' -ErrorAction Stop; `$id = 'imported' } catch { `$id = `$_.FullyQualifiedErrorId; `$message = `$_.Exception.Message; `$category = `$_.CategoryInfo.Category.ToString() }
[pscustomobject]@{ Id = `$id; Message = `$message; Category = `$category; Commands = @(Get-Command -Module BizMobileGo -ErrorAction SilentlyContinue).Count } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        ($result.Id -split ',')[0] | Should -Be 'ModuleFilesMissing'
        $result.Category | Should -Be 'NotInstalled'
        $result.Message | Should -BeLike "*'$(Split-Path $manifest)' is incomplete: $([IO.Path]::Combine($File -split '/')) is damaged (*Reinstall the module*"
        $result.Commands | Should -Be 0
    }

    It 'lives on when the runtime loads the core library in the background after the refused import' -Skip:$IsWindows {
        # The forty-third round's integration run ended such a child with exit 134: pwsh replays the JIT profile its earlier
        # sessions recorded (multicore JIT), and the player thread loads each assembly the profile lists as soon as the
        # assemblies before it are loaded, BizMobileGo.Core by name once the cmdlet assembly is. It asked the module's
        # Resolving hook, which threw FileNotFoundException on a thread nobody handles. Here the child starts the player
        # itself, after the refused import, with a profile a session of the whole module recorded. XDG_CACHE_HOME is where
        # pwsh keeps its profiles (not on Windows); DOTNET_MultiCoreJitMinNumCpus=1 has the player run on one processor too.
        $manifest = New-ModuleCopy 'backgroundload' -Remove 'dependencies/BizMobileGo.Core.dll'
        $cache = Join-Path $TestDrive 'jit-cache'
        $previousCache = $env:XDG_CACHE_HOME
        $previousCpus = $env:DOTNET_MultiCoreJitMinNumCpus
        $env:XDG_CACHE_HOME = $cache
        $env:DOTNET_MultiCoreJitMinNumCpus = '1'
        try {
            $recording = Invoke-FreshPwsh @"
[Runtime.ProfileOptimization]::StartProfile('BizMobileGo')
Import-Module '$env:BMG_TEST_MODULE' -ErrorAction Stop
New-BmgTemplate -Name Recorded -Database '$(Join-Path $TestDrive 'recorded.db')' -WarningAction SilentlyContinue | Out-Null
"@
            $recording.ExitCode | Should -Be 0 -Because $recording.Text
            [IO.File]::ReadAllText((Join-Path $cache 'powershell/BizMobileGo')) | Should -Match 'BizMobileGo\.Core' -Because 'the recorded profile lists the core library'

            $child = Invoke-FreshPwsh @"
try { Import-Module '$manifest' -ErrorAction Stop; `$id = 'imported' } catch { `$id = `$_.FullyQualifiedErrorId }
# The hook itself, asked on this thread: no file, no assembly, and no exception.
`$hook = [AppDomain]::CurrentDomain.GetAssemblies().Where({ `$_.GetName().Name -eq 'BizMobileGo.PowerShell' }, 'First')[0].
    GetType('BizMobileGo.PowerShell.DependencyLoadContext', `$true).GetMethod('ResolveFromDefault', [Reflection.BindingFlags]'NonPublic, Static')
try { `$direct = `$hook.Invoke(`$null, @([Runtime.Loader.AssemblyLoadContext]::Default, [Reflection.AssemblyName]'BizMobileGo.Core')); `$threw = `$null }
catch { `$direct = `$null; `$threw = `$_.Exception.InnerException.GetType().Name }
# Handlers run in the order they were added: this one, added after the module's hook, hears of a request from another
# thread that the hook answered null (one it threw for ends the process first).
Add-Type -TypeDefinition @'
public static class CoreRequests
{
    public static readonly System.Threading.ManualResetEventSlim Heard = new System.Threading.ManualResetEventSlim();
    private static int _listener;
    public static void Listen()
    {
        _listener = System.Environment.CurrentManagedThreadId;
        System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += Hear;
    }
    private static System.Reflection.Assembly Hear(System.Runtime.Loader.AssemblyLoadContext context, System.Reflection.AssemblyName name)
    {
        if (name.Name == "BizMobileGo.Core" && System.Environment.CurrentManagedThreadId != _listener) { Heard.Set(); }
        return null;
    }
}
'@
[CoreRequests]::Listen()
[Runtime.ProfileOptimization]::StartProfile('BizMobileGo')
`$heard = [CoreRequests]::Heard.Wait(60000)
[pscustomobject]@{ Id = `$id; Direct = `$null -eq `$direct; Threw = `$threw; Heard = `$heard } | ConvertTo-Json -Compress
"@
        } finally {
            $env:XDG_CACHE_HOME = $previousCache
            $env:DOTNET_MultiCoreJitMinNumCpus = $previousCpus
        }
        $result = Read-ChildResult $child
        ($result.Id -split ',')[0] | Should -Be 'ModuleFilesMissing'
        $result.Threw | Should -BeNullOrEmpty
        $result.Direct | Should -BeTrue
        $result.Heard | Should -BeTrue -Because 'the player thread asked for the core library'
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
# Wait-Job, then Receive-Job and Remove-Job: Receive-Job -Wait -AutoRemoveJob on a thread job that ends as it is asked
# now and then fails to remove it ("cannot remove the job it does not exist or it is a child job", a CI run of round 46).
`$fromJob, `$jobRunspace = `$job | Wait-Job | Receive-Job
Remove-Job `$job -Force
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

Describe 'Stores kept open by runspaces that ended' {
    It 'closes the store files of 50 ended ForEach-Object -Parallel blocks and of an ended thread job, not those of live runspaces' -Skip:(-not $IsLinux) {
        # Linux only: /proc/self/fd shows which store files this process holds open. A read keeps its store (the file, its
        # -wal and -shm) open for the next command; a runspace that ends without Remove-Module used to leave it open until
        # the process ended (thirty-third round: nine files after 50 blocks over three stores).
        $mine = Join-Path $TestDrive 'kept-mine.db'
        $even = Join-Path $TestDrive 'kept-even.db'
        $odd = Join-Path $TestDrive 'kept-odd.db'
        $jobs = Join-Path $TestDrive 'kept-job.db'
        $child = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:BMG_TEST_MODULE'
function Get-OpenStore { @(Get-ChildItem /proc/self/fd -ErrorAction SilentlyContinue | ForEach-Object LinkTarget | Where-Object { `$_ -like '$TestDrive/kept-*' } | Sort-Object -Unique) }
# Waits for a condition, at most a minute (a busy machine), never for a set time.
function Wait-Until([scriptblock] `$condition) { for (`$i = 0; `$i -lt 600 -and -not (& `$condition); `$i++) { Start-Sleep -Milliseconds 100 } }
foreach (`$store in '$mine', '$even', '$odd', '$jobs') { New-BmgTemplate -Name T -Database `$store -WarningAction SilentlyContinue | Out-Null }
Get-BmgTemplate -Database '$mine' | Out-Null       # the main runspace's read: kept for its next command
# A thread job that reads its store and then waits: a live runspace, whose kept store must stay open.
`$release = [Threading.ManualResetEventSlim]::new()
`$job = Start-ThreadJob { Import-Module '$env:BMG_TEST_MODULE'; Get-BmgTemplate -Database '$jobs' | Out-Null; [runspace]::DefaultRunspace; `$null = (`$using:release).Wait(60000) }
Wait-Until { `$job.Output.Count -gt 0 }
`$jobRunspace = `$job.Output[0]
1..50 | ForEach-Object -ThrottleLimit 5 -Parallel {
    Import-Module '$env:BMG_TEST_MODULE'
    Get-BmgTemplate -Database (('$even', '$odd')[`$_ % 2]) | Out-Null
    [runspace]::DefaultRunspace
} -OutVariable blocks | Out-Null
Wait-Until { -not (@(`$blocks | Where-Object { `$_.RunspaceStateInfo.State -ne 'Closed' })) }
`$afterBlocks = Get-OpenStore
`$release.Set()
`$null = `$job | Wait-Job | Receive-Job
Remove-Job `$job -Force
Wait-Until { `$jobRunspace.RunspaceStateInfo.State -eq 'Closed' }
`$afterJob = Get-OpenStore
[pscustomobject]@{ BlockRunspaces = @(`$blocks | Sort-Object -Unique { `$_.InstanceId }).Count; AfterBlocks = `$afterBlocks; AfterJob = `$afterJob
    Templates = @(Get-BmgTemplate -Database '$even').Count; JobRunspace = `$jobRunspace.RunspaceStateInfo.State.ToString() } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        $result.BlockRunspaces | Should -BeGreaterThan 1 -Because 'the blocks ran in runspaces of their own'
        $result.JobRunspace | Should -Be 'Closed'
        # The main runspace's store and the waiting job's stay open; the blocks' stores closed as their runspaces ended.
        @($result.AfterBlocks) | Should -Contain $mine
        @($result.AfterBlocks) | Should -Contain $jobs
        @($result.AfterBlocks) | Should -Not -Contain $even
        @($result.AfterBlocks) | Should -Not -Contain $odd
        @($result.AfterBlocks | Where-Object { $_ -like '*-wal' -or $_ -like '*-shm' } | ForEach-Object { $_ -replace '-(wal|shm)$' } | Sort-Object -Unique) |
            Should -Be @($jobs, $mine) -Because 'only kept stores have their -wal and -shm open'
        @($result.AfterJob) | Should -Contain $mine
        @($result.AfterJob) | Should -Not -Contain $jobs
        $result.Templates | Should -Be 1 -Because 'a store closed under a runspace opens again for the next command'
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

    It 'refuses it with ModuleVersionAlreadyLoaded naming both versions, keeps the loaded one working, and imports it again without an error' {
        # What an update in a running session gives (README, "After installing a new version, start a new pwsh"): .NET loads
        # one assembly name once per process, so the module's root script refuses the other version before PowerShell's own
        # FileLoadException or TypeData errors could come (walkthrough 32b, 3).
        $store = Join-Path $TestDrive 'versions.db'
        $child = Invoke-FreshPwsh @"
Import-Module '$Old' -ErrorAction Stop
New-BmgTemplate -Name Kept -Database '$store' | Out-Null
`$Error.Clear()
Import-Module '$New' -Force -ErrorAction SilentlyContinue
`$force = @(`$Error | ForEach-Object { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId; Category = `$_.CategoryInfo.Category.ToString(); Message = `$_.Exception.Message } })
`$stillThere = @(Get-BmgTemplate -Database '$store').Count
`$loadedAfterForce = @(Get-Module BizMobileGo | ForEach-Object { `$_.Version.ToString() })
Remove-Module BizMobileGo
`$Error.Clear()
Import-Module '$New' -ErrorAction SilentlyContinue
`$afterRemove = @(`$Error | ForEach-Object FullyQualifiedErrorId)
`$loaded = @(Get-Module BizMobileGo).Count
`$Error.Clear()
Import-Module '$Old' -ErrorAction Stop
[pscustomobject]@{ Force = `$force; StillThere = `$stillThere; LoadedAfterForce = `$loadedAfterForce; AfterRemove = `$afterRemove; Loaded = `$loaded
    Back = @(Get-BmgTemplate -Database '$store').Count; View = (Get-BmgTemplate -Database '$store' | Out-String).Trim(); ErrorsAfter = `$Error.Count } | ConvertTo-Json -Compress -Depth 3
"@
        $result = Read-ChildResult $child
        # The root script names the ErrorId as text; it is the one declared in the ErrorIds list.
        $core = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'BizMobileGo.Core' }, 'First')[0]
        $core.GetType('BizMobileGo.Core.Errors.ErrorIds', $true).GetField('ModuleVersionAlreadyLoaded').GetValue($null) | Should -Be 'ModuleVersionAlreadyLoaded'
        @($result.Force).Count | Should -Be 1 -Because 'one error, not the 20 TypeData lines'
        $result.Force[0].Id | Should -Be 'ModuleVersionAlreadyLoaded'
        $result.Force[0].Category | Should -Be 'ResourceExists'
        $result.Force[0].Message | Should -BeLike "BizMobileGo $NewVersion ('$(Split-Path $New)') can't be loaded*version $OldVersion is loaded already (from '$(Split-Path $Old)')*Start a new pwsh to use $NewVersion*-RequiredVersion $OldVersion*"
        $result.StillThere | Should -Be 1
        @($result.LoadedAfterForce) | Should -Be @($OldVersion)
        @($result.AfterRemove) | Should -Be @('ModuleVersionAlreadyLoaded')
        $result.Loaded | Should -Be 0
        $result.ErrorsAfter | Should -Be 0
        $result.Back | Should -Be 1
        $result.View | Should -Match '^Name\s' -Because 'the type data of the views came back with the module'
    }

    It 'refuses another build of the loaded version, and imports a copy of the loaded build' {
        # Two builds with one version number (a rebuild without raising it) are told apart by their module version id: the
        # first loaded used to run silently. A copy of the same build (the built folder and its installed copy) is the same code.
        $rebuilt = New-ModuleCopy 'rebuilt'
        $assembly = Join-Path (Split-Path $rebuilt) 'BizMobileGo.PowerShell.dll'
        $bytes = [IO.File]::ReadAllBytes($assembly)
        $reader = [Reflection.PortableExecutable.PEReader]::new([IO.MemoryStream]::new($bytes))
        try {
            $metadata = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($reader)
            $mvidAt = $reader.PEHeaders.MetadataStartOffset + ([Reflection.Metadata.Ecma335.MetadataTokens]::GetHeapOffset($metadata.GetModuleDefinition().Mvid) - 1) * 16 +
                [Reflection.Metadata.Ecma335.MetadataReaderExtensions]::GetHeapMetadataOffset($metadata, [Reflection.Metadata.Ecma335.HeapIndex]::Guid)
        } finally { $reader.Dispose() }
        [guid]::NewGuid().ToByteArray().CopyTo($bytes, $mvidAt)
        [IO.File]::WriteAllBytes($assembly, $bytes)
        $copy = New-ModuleCopy 'samebuild'
        $child = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE' -ErrorAction Stop
`$Error.Clear()
Import-Module '$rebuilt' -Force -ErrorAction SilentlyContinue
`$rebuiltErrors = @(`$Error | ForEach-Object { `$_.FullyQualifiedErrorId + ': ' + `$_.Exception.Message })
`$Error.Clear()
Import-Module '$copy' -Force -ErrorAction SilentlyContinue
[pscustomobject]@{ Rebuilt = `$rebuiltErrors; CopyErrors = `$Error.Count; Bases = @((Get-Module BizMobileGo).ModuleBase); Commands = @(Get-Command -Module BizMobileGo).Count } | ConvertTo-Json -Compress
"@
        $result = Read-ChildResult $child
        @($result.Rebuilt).Count | Should -Be 1
        $result.Rebuilt[0] | Should -BeLike "ModuleVersionAlreadyLoaded: *another build of version $OldVersion is loaded already*"
        $result.CopyErrors | Should -Be 0
        # PowerShell lists both copies (they are two module paths), as it lists any module imported from two folders.
        @($result.Bases) | Should -Contain (Split-Path $copy)
        $result.Commands | Should -Be (Get-Command -Module BizMobileGo).Count
    }
}
