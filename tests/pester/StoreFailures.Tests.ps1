# A store that fails in the middle of a command — after the command has read and written its first objects — ends
# the command with the module's own ErrorRecord: the store's ErrorId and category, the cmdlet as its origin, a message
# that names no secret and carries no stack trace. Never the exception's type name as the ErrorId (what PowerShell
# makes of an exception a cmdlet lets escape).
#
# The failures are real. On PostgreSQL the server ends the command's session (pg_terminate_backend, as an administrator
# or a restart does): StoreUnavailable. On SQLite the command reads its own copy of the store, which is cut to its first
# page while the command runs (a copy that failed half-way, a disk that lost the file's end): every later statement
# finds the file damaged, StoreDamaged (StoreOpenFailure with SQLite's raw text before the thirty-third round).
# Each test breaks the store only after the command's first object (or
# error) has come out of it, from the pipeline's own thread, so the failure lands between two reads of the command.
# Runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1

    $script:Kind = Get-TestStoreKind
    $script:Expected = if ($Kind -eq 'postgres') { @{ ErrorId = 'StoreUnavailable'; Category = 'ConnectionError' } }
    else { @{ ErrorId = 'StoreDamaged'; Category = 'InvalidData' } }

    # 3,000 users and devices (identifiers fail000000 to fail002999, users failu000000 ...), each device with a check-in code.
    $script:Source = New-TestStore
    New-BmgTemplate -Name Standard | Out-Null
    Import-BmgDeviceCsv (New-DeviceCsv -Path (Join-Path $TestDrive 'devices.csv') -Prefix 'fail' -Count 3000) | Out-Null
    $script:Codes = @(Get-BmgDevice | ForEach-Object Code)
    $Codes.Count | Should -Be 3000
    # A device piped to Export-BmgDeviceCsv that the store no longer holds: its error comes out mid-export.
    New-BmgDevice -Identifier gone01 -OS ios -Template Standard | Out-Null
    $script:Gone = Get-BmgDevice -Identifier gone01
    Remove-BmgDevice -Identifier gone01 -Confirm:$false

    $script:Password = if ($Kind -eq 'postgres') { (ConvertFrom-PostgresUri $Source).Password } else { $null }

    # A SQLite file's page size (header bytes 16 and 17; 1 means 65,536).
    function Get-PageSize([string] $Store) {
        $file = [System.IO.File]::Open($Store, 'Open', 'Read', 'ReadWrite')
        try {
            $header = [byte[]]::new(18)
            $null = $file.Read($header, 0, 18)
            $pageSize = $header[16] * 256 + $header[17]
            if ($pageSize -eq 1) { $pageSize = 65536 }
            return $pageSize
        } finally { $file.Dispose() }
    }

    # The store one failing command reads: on SQLite a copy of its own (no command of this session has it open, so
    # nothing of it is cached, and cutting it spoils no other test); on PostgreSQL the file's database.
    function New-StoreUnderTest {
        if ($Kind -eq 'postgres') { return $Source }
        $copy = Copy-Store -Database $Source -Destination (Join-Path $TestDrive ("under-test-{0}.db" -f [guid]::NewGuid().ToString('N')))
        # Checked here, not in Invoke-StoreFailure: a Should failing inside a captured pipeline would come out as the
        # command's "wrong ErrorId" instead of its own message.
        (Get-Item -LiteralPath $copy).Length | Should -BeGreaterThan (10 * (Get-PageSize $copy)) -Because 'the store has pages past its first to lose'
        return $copy
    }

    # An admin connection of the module's own Npgsql (through the module's load context, as New-SqliteConnection does):
    # ending sessions takes a moment, where psql would take a process start; a pause that long would change how
    # Get-BmgDeviceDepLink batches the piped records that follow.
    function New-AdminConnection {
        $core = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('BizMobileGo.Core'))
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core)
        $npgsql = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Npgsql'))
        $admin = ConvertFrom-PostgresUri $env:BMG_TEST_POSTGRES
        $connectionString = "Host=$($admin.Host);Port=$($admin.Port);Username=$($admin.User);Password=$($admin.Password);Database=$($admin.Database);Pooling=false"
        $connection = [Activator]::CreateInstance($npgsql.GetType('Npgsql.NpgsqlConnection'), @($connectionString))
        $connection.Open()
        return $connection
    }
    if ($Kind -eq 'postgres') { $script:Admin = New-AdminConnection }

    # Breaks the store under test at once: every session on the database ended (waiting until each is gone), or the
    # file cut to its first page (the header, which still says how many pages the store has).
    # -Lasting (PostgreSQL): the database first stops taking new sessions (ALLOW_CONNECTIONS false), so the store
    # can't open a fresh one either, until Restore-StoreConnections.
    function Invoke-StoreFailure([string] $Store, [switch] $Lasting) {
        if ($Kind -eq 'postgres') {
            if ($Lasting) { Set-StoreConnections $Store $false }
            $command = $Admin.CreateCommand()
            # The sessions chosen first (MATERIALIZED): in one WHERE the planner may call pg_terminate_backend on rows the
            # other conditions would have left out, this connection's own among them.
            $command.CommandText = "WITH sessions AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE datname = '$((ConvertFrom-PostgresUri $Store).Database)' AND pid <> pg_backend_pid()) " +
                'SELECT count(*) FROM sessions WHERE NOT pg_terminate_backend(pid, 30000);'
            # Waits until each has ended (false only for a session that ended by itself meanwhile, or after 30 s: then
            # the command under test goes on and the test fails on its missing error).
            $null = $command.ExecuteScalar()
            $command.Dispose()
            return
        }
        $pageSize = Get-PageSize $Store
        $file = [System.IO.File]::Open($Store, 'Open', 'ReadWrite', 'ReadWrite')
        try { $file.SetLength($pageSize) } finally { $file.Dispose() }
    }

    function Set-StoreConnections([string] $Store, [bool] $Allowed) {
        $command = $Admin.CreateCommand()
        $command.CommandText = "ALTER DATABASE `"$((ConvertFrom-PostgresUri $Store).Database)`" ALLOW_CONNECTIONS $($Allowed.ToString().ToLowerInvariant());"
        $null = $command.ExecuteNonQuery()
        $command.Dispose()
    }

    function Restore-StoreConnections([string] $Store) {
        if ($Kind -eq 'postgres') { Set-StoreConnections $Store $true }
    }

    # What a failure's record must be: the store's ErrorId (or one of -ErrorIds) from this cmdlet, its category, the
    # module's exception, and a message with no password, no check-in code and no stack trace.
    function Assert-StoreFailure($Record, [string] $CmdletType, [string[]] $ErrorIds = @($Expected.ErrorId)) {
        $Record | Should -Not -BeNullOrEmpty -Because 'the store failure stops the command'
        $Record.FullyQualifiedErrorId | Should -BeIn @($ErrorIds | ForEach-Object { "$_,BizMobileGo.PowerShell.$CmdletType" })
        $categories = @{ StoreUnavailable = 'ConnectionError'; StoreOpenFailure = 'OpenError'; StoreDamaged = 'InvalidData' }
        $Record.CategoryInfo.Category | Should -Be $(if ($ErrorIds.Count -eq 1) { $Expected.Category } else { $categories[$Record.Exception.ErrorId] })
        $Record.Exception.GetType().FullName | Should -Be 'BizMobileGo.Core.Errors.BmgException'
        foreach ($text in @($Record.Exception.Message, $Record.ToString(), "$($Record.TargetObject)")) {
            $text | Should -Not -Match '(?m)^\s*at \S+\(' -Because 'a message is no stack trace'
            $text | Should -Not -Match 'End of stack trace'
            if ($Password) { $text | Should -Not -Match ([regex]::Escape($Password)) -Because 'the password is never shown' }
            foreach ($code in $Codes) {
                if ($text.Contains($code)) { throw "The message names the check-in code '$code': $text" }
            }
        }
    }
}

AfterAll {
    if ($script:Admin) { $script:Admin.Dispose() }
}

Describe 'a store that fails in the middle of a command ends it with the store''s ErrorRecord' {
    AfterEach {
        # A test that failed between Invoke-StoreFailure -Lasting and its own Restore-StoreConnections.
        Restore-StoreConnections $Source
    }

    It 'Get-BmgDevice: the second identifier''s look-up fails after the first device came out' {
        $store = New-StoreUnderTest
        $script:broken = $false
        $result = Invoke-Captured {
            Get-BmgDevice -Database $store -Identifier fail000001, fail002999 |
                ForEach-Object { if (-not $script:broken) { Invoke-StoreFailure $store; $script:broken = $true }; $_ }
        }
        @($result.Output.Identifier) | Should -Be @('fail000001')
        $result.Errors | Should -BeNullOrEmpty
        Assert-StoreFailure $result.Terminating 'GetBmgDeviceCommand'
    }

    It 'Get-BmgDevice: a pattern whose check for a device of that exact name finds the store broken stops the command' {
        # 'fail00299[9]' is a pattern unless a device has exactly that name: the store is asked, and fails. That is no
        # invalid pattern (a non-terminating error, the command going on): the store's failure stops the command.
        $store = New-StoreUnderTest
        $script:broken = $false
        $result = Invoke-Captured {
            Get-BmgDevice -Database $store -Identifier 'fail000001', 'fail00299[9]' |
                ForEach-Object { if (-not $script:broken) { Invoke-StoreFailure $store; $script:broken = $true }; $_ }
        }
        @($result.Output.Identifier) | Should -Be @('fail000001')
        $result.Errors | Should -BeNullOrEmpty
        Assert-StoreFailure $result.Terminating 'GetBmgDeviceCommand'
    }

    # PostgreSQL only: its server can end a writing command's session (StoreUnavailable). A SQLite writer keeps its file
    # open and writes the pages it holds back even into a cut file; its store-wide failures (StoreBusy after the 30 s
    # busy timeout, StoreFull, StoreReadOnly, StoreOpenFailure) already stopped ForItem cmdlets before this test existed.
    if ($env:BMG_TEST_STORE -eq 'postgres') {
        It 'New-BmgUser, piped users: the store fails after the first was created; one terminating error, none per later user' {
            # A cmdlet that handles each piped item's errors itself (ForItem): a store failure is not one item's mistake.
            $store = New-StoreUnderTest
            $prefix = 'sf' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $names = foreach ($i in 1..4) { "$prefix-u$i" }
            $result = Invoke-Captured {
                & { [pscustomobject]@{ UserName = $names[0] }; Invoke-StoreFailure $store; foreach ($name in $names[1..3]) { [pscustomobject]@{ UserName = $name } } } |
                    New-BmgUser -Database $store
            }
            @($result.Output.UserName) | Should -Be @($names[0])
            $result.Errors | Should -BeNullOrEmpty
            Assert-StoreFailure $result.Terminating 'NewBmgUserCommand'
        }

        It 'Import-BmgDeviceCsv, piped rows: the session ends mid-import; one StoreUnavailable, nothing of the rows stays, the attempt recorded' {
            # The server ends the import's session after its first chunk of rows: the rollback can't run on the lost
            # session (the server discards the transaction), and the import records its attempt on a fresh one.
            $store = New-StoreUnderTest
            $prefix = 'sf' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $rows = foreach ($i in 1..3000) { [pscustomobject]@{ Identifier = "$prefix-$i"; OS = 'ios' } }
            $result = Invoke-Captured {
                & { $rows[0..1499]; Invoke-StoreFailure $store; $rows[1500..2999] } | Import-BmgDeviceCsv -Database $store
            }
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -BeNullOrEmpty
            Assert-StoreFailure $result.Terminating 'ImportBmgDeviceCsvCommand'
            @(Get-BmgDevice -Database $store -Identifier "$prefix-*") | Should -BeNullOrEmpty
            $attempt = Get-BmgImportHistory -Database $store -Last 1
            $attempt.Source | Should -Be 'pipeline'
            $attempt.Committed | Should -BeFalse
            $attempt.Errors.ErrorId | Should -Contain 'StoreUnavailable'
        }

        It 'Import-BmgDeviceCsv, piped files: the store fails after the first file was imported; one terminating error, the later files not tried' {
            # Each file is an import of its own; a store failure is no file's mistake: the command stops with the store's
            # error at the first file that meets it, with no error per later file and no ImportFailed from the end step.
            $store = New-StoreUnderTest
            $prefix = 'sf' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $files = foreach ($i in 1..3) {
                $path = Join-Path $TestDrive "$prefix-$i.csv"
                Set-Content -LiteralPath $path -Value @('Identifier,OS', "$prefix-d$i,ios")
                $path
            }
            # The failure lasts (the database takes no new session until AfterEach, or the line after the command, allows
            # them again): the store can't reopen its session for the second file, so the test pins "stop at the first
            # store failure" whatever the store's reopening does.
            $result = Invoke-Captured {
                & { Get-Item -LiteralPath $files[0]; Invoke-StoreFailure $store -Lasting; Get-Item -LiteralPath $files[1]; Get-Item -LiteralPath $files[2] } |
                    Import-BmgDeviceCsv -Database $store
            }
            Restore-StoreConnections $store
            @($result.Output.Source) | Should -Be @($files[0])
            $result.Errors | Should -BeNullOrEmpty
            # Refused a new session: StoreOpenFailure ("is not currently accepting connections"), or StoreUnavailable when
            # the pool handed out one of the ended sessions.
            Assert-StoreFailure $result.Terminating 'ImportBmgDeviceCsvCommand' -ErrorIds 'StoreOpenFailure', 'StoreUnavailable'
            @(Get-BmgDevice -Database $store -Identifier "$prefix-d*").Identifier | Should -Be @("$prefix-d1")
            # The second file's import could not begin (its transaction was refused: no attempt to record, as for a busy
            # store); the third was never tried.
            $history = @(Get-BmgImportHistory -Database $store | Where-Object Source -Like "*$prefix-*")
            @($history | ForEach-Object { '{0} {1}' -f (Split-Path $_.Source -Leaf), $_.Committed }) | Should -Be @("$prefix-1.csv True")
        }
    }

    It 'Get-BmgUser, piped user names: the second one''s look-up fails after the first user came out' {
        # Piped: a command-line list is read whole before PowerShell hands its first object on.
        $store = New-StoreUnderTest
        $users = [System.Collections.Generic.List[object]]::new()
        $result = Invoke-Captured {
            & { 'failu000001'; Invoke-StoreFailure $store; 'failu002999' } | Get-BmgUser -Database $store | ForEach-Object { $users.Add($_) }
        }
        @($users.UserName) | Should -Be @('failu000001')
        $result.Errors | Should -BeNullOrEmpty
        Assert-StoreFailure $result.Terminating 'GetBmgUserCommand'
    }

    It 'Get-BmgDeviceDepLink, 3,000 piped identifiers: a batched read fails mid-pipeline; the links before it came out, in order' {
        # Batches of 1, 2, ... 128 are read as the records come; larger ones usually on another thread (PipedIdentifiers).
        # The store breaks as record 1,600 is piped, so a batched read after it fails. Which thread read that batch is
        # not pinned here: a pause of 50 ms in the input (a loaded machine) makes the next batches small again and read
        # at once. The reading thread's failure is pinned by 'a batch read on the reading thread' below.
        # The cut may fall inside a batch's read on the reading thread: the store's reads are not memory-mapped, so that read
        # fails with the store's error too (mapped, it ended this suite's process with SIGBUS: PERFORMANCE.md, 29th round).
        $store = New-StoreUnderTest
        $identifiers = foreach ($i in 0..2999) { 'fail{0:D6}' -f $i }
        $written = [System.Collections.Generic.List[string]]::new()
        $result = Invoke-Captured {
            & { foreach ($i in 0..2999) { if ($i -eq 1600) { Invoke-StoreFailure $store }; $identifiers[$i] } } |
                Get-BmgDeviceDepLink -Database $store | ForEach-Object { $written.Add($_.Identifier) }
        }
        $result.Errors | Should -BeNullOrEmpty
        Assert-StoreFailure $result.Terminating 'GetBmgDeviceDepLinkCommand'
        # At least the batches read before the store broke; never a link of a record piped after it.
        $written.Count | Should -BeGreaterOrEqual 255
        $written.Count | Should -BeLessOrEqual 1600
        ($written -join ',') | Should -BeExactly (($identifiers | Select-Object -First $written.Count) -join ',')
    }

    It 'Get-BmgDeviceHistory, piped identifiers: the second one''s look-up fails after the first one''s entries came out' {
        $store = New-StoreUnderTest
        $entries = [System.Collections.Generic.List[object]]::new()
        $result = Invoke-Captured {
            & { 'fail000001'; Invoke-StoreFailure $store; 'fail002999' } |
                Get-BmgDeviceHistory -Database $store | ForEach-Object { $entries.Add($_) }
        }
        $entries.Count | Should -BeGreaterOrEqual 1
        @($entries.Identifier | Sort-Object -Unique) | Should -Be @('fail000001')
        $result.Errors | Should -BeNullOrEmpty
        Assert-StoreFailure $result.Terminating 'GetBmgDeviceHistoryCommand'
    }

    It 'Get-BmgDeviceDepLink, piped identifiers: the batch still kept when the input ends is read in the end step, from a broken store' {
        # The first piped record is read at once; the second waits for a batch of two (PipedBatch), the input ends with
        # the store broken, and the kept batch is read in the end step, which doesn't catch the failure itself.
        # A second record coming 50 ms or more after the first (a loaded machine) is read at once, before the store
        # breaks, and then nothing fails: such a run proves nothing and is tried again (at most 5 runs).
        '1', '2' | ForEach-Object { "fail00000$_" } | Get-BmgDeviceDepLink -Database $Source | Out-Null  # compiled before the runs
        for ($run = 1; $run -le 5; $run++) {
            $store = New-StoreUnderTest
            $written = [System.Collections.Generic.List[string]]::new()
            $result = Invoke-Captured {
                & { 'fail000001'; 'fail000002'; Invoke-StoreFailure $store } |
                    Get-BmgDeviceDepLink -Database $store | ForEach-Object { $written.Add($_.Identifier) }
            }
            if ($result.Terminating -or $result.Errors) { break }
            @($written) | Should -Be @('fail000001', 'fail000002') -Because 'a run where nothing failed read both records at once'
        }
        @($written) | Should -Be @('fail000001')
        $result.Errors | Should -BeNullOrEmpty
        Assert-StoreFailure $result.Terminating 'GetBmgDeviceDepLinkCommand'
    }

    It 'Export-BmgDeviceCsv, piped devices: the store fails after the export''s first error came out; no file is written' {
        # The piped device the store no longer holds is reported as the export reads its batch; the store breaks right
        # then, and the next batch's read meets it (the export reads piped devices up to 1,000 a statement, so the
        # devices after the missing one are more than one batch).
        # A guard: Export-BmgDeviceCsv's own end step already caught the store's failure before BmgCmdlet's wrapper, so
        # this passed without it too; it pins that the export keeps doing so (and removes its unfinished file).
        $store = New-StoreUnderTest
        $first = Get-BmgDevice -Database $Source -Identifier fail000001
        $rest = @(Get-BmgDevice -Database $Source | Select-Object -Skip 1)
        $rest.Count | Should -BeGreaterThan 2000 -Because 'the devices after the missing one fill more than one batch'
        $csv = Join-Path $TestDrive ("export-{0}.csv" -f [guid]::NewGuid().ToString('N'))
        $script:broken = $false
        $result = Invoke-Captured {
            @($first, $Gone) + $rest | Export-BmgDeviceCsv -Database $store -LiteralPath $csv 2>&1 |
                ForEach-Object { if (-not $script:broken) { Invoke-StoreFailure $store; $script:broken = $true }; $_ }
        }
        $script:broken | Should -BeTrue
        Get-ErrorId @($result.Errors)[0] | Should -Be 'DeviceNotFound'
        Assert-StoreFailure $result.Terminating 'ExportBmgDeviceCsvCommand'
        Test-Path -LiteralPath $csv | Should -BeFalse
        @(Get-ChildItem -LiteralPath $TestDrive -Filter '.export-*.tmp' -Force) | Should -BeNullOrEmpty -Because 'the unfinished file is removed'
    }
}

Describe 'argument completers never throw into the console' {
    It 'a word typed half-way that is no valid wildcard pattern (io[) is matched literally' {
        $os = [BizMobileGo.PowerShell.OsCompleter]::new()
        @($os.CompleteArgument('New-BmgDevice', 'OS', 'io[', $null, @{})) | Should -BeNullOrEmpty
        @($os.CompleteArgument('New-BmgDevice', 'OS', 'io', $null, @{}).CompletionText) | Should -Be @('ios')
        $identifiers = [BizMobileGo.PowerShell.IdentifierCompleter]::new()
        @($identifiers.CompleteArgument('Get-BmgDevice', 'Identifier', 'fail00299[', $null, @{ Database = $Source })) | Should -BeNullOrEmpty
        @($identifiers.CompleteArgument('Get-BmgDevice', 'Identifier', 'fail00299', $null, @{ Database = $Source })).Count | Should -Be 10
    }

    It 'a store that fails as names are read offers nothing' {
        # A SQLite file cut short before the completer reads it; a database the server doesn't have.
        # A guard: the completer caught every exception before (it passed without this branch's changes too).
        $store = if ($Kind -eq 'postgres') { $Source -replace '/[^/?]+$', '/no_such_store_database' } else { New-StoreUnderTest }
        if ($Kind -ne 'postgres') { Invoke-StoreFailure $store }
        $identifiers = [BizMobileGo.PowerShell.IdentifierCompleter]::new()
        @($identifiers.CompleteArgument('Get-BmgDevice', 'Identifier', 'fail', $null, @{ Database = $store })) | Should -BeNullOrEmpty
    }
}


Describe 'a batch read on the reading thread' {
    BeforeAll {
        # Drives PipedIdentifiers (internal to the module: reached by reflection) as Get-BmgDeviceDepLink does, with a
        # batched read that fails when, and only when, it runs on the reading thread. The loop runs in compiled code, so
        # records come without pauses and the batches soon grow large enough to be read aside.
        if (-not ('StoreFailuresReadAsideProbe' -as [type])) {
            Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Reflection;

public sealed class StoreFailuresReadAsideProbe
{
    public Exception Thrown;
    public string ThrownBy;
    public bool FailedOnReadingThread;
    public int Records;

    public static StoreFailuresReadAsideProbe Run(Type pipedType, Exception failure)
    {
        var probe = new StoreFailuresReadAsideProbe();
        int pipelineThread = Environment.CurrentManagedThreadId;
        Func<IReadOnlyList<string>, IReadOnlyList<object>> find = identifiers =>
        {
            if (Environment.CurrentManagedThreadId != pipelineThread)
            {
                probe.FailedOnReadingThread = true;
                throw failure;
            }

            return new object[identifiers.Count];
        };
        Func<object, string> identifierOf = item => "";
        Action<string, object> write = (identifier, item) => { };
        object piped = Activator.CreateInstance(pipedType, new object[] { find, identifierOf, write });
        MethodInfo add = pipedType.GetMethod("Add"), take = pipedType.GetMethod("Take"), takeAll = pipedType.GetMethod("TakeAll");
        PropertyInfo hasWork = pipedType.GetProperty("HasWork");
        try
        {
            for (int i = 0; i < 200000; i++)
            {
                probe.Records++;
                add.Invoke(piped, new object[] { new[] { "id" + i } });
                if ((bool)hasWork.GetValue(piped))
                {
                    probe.ThrownBy = "Take";
                    take.Invoke(piped, null);
                }
            }

            probe.ThrownBy = "TakeAll";
            takeAll.Invoke(piped, null);
            probe.ThrownBy = null;
        }
        catch (TargetInvocationException e)
        {
            // Reflection's wrapper; what the call itself threw is inside.
            probe.Thrown = e.InnerException;
            pipedType.GetMethod("Abandon").Invoke(piped, null);
        }

        return probe;
    }
}
'@
        }
    }

    It 'fails: the read''s own BmgException comes out of the pipeline thread''s take, not an AggregateException' {
        $pipedType = [BizMobileGo.PowerShell.OsCompleter].Assembly.GetType('BizMobileGo.PowerShell.PipedIdentifiers`1', $true).MakeGenericType([object])
        # The module's own BmgException (its assembly lives in the module's load context, out of reach of type literals).
        $core = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('BizMobileGo.Core'))
        $category = [Enum]::Parse($core.GetType('BizMobileGo.Core.Errors.BmgErrorCategory', $true), 'ConnectionError')
        $failure = [Activator]::CreateInstance($core.GetType('BizMobileGo.Core.Errors.BmgException', $true),
            @('StoreUnavailable', $category, 'The server ended the session.', $null, $null))
        $probe = [StoreFailuresReadAsideProbe]::Run($pipedType, $failure)
        $probe.FailedOnReadingThread | Should -BeTrue -Because ('a batch was read aside (records piped: {0})' -f $probe.Records)
        $probe.Thrown | Should -Not -BeNullOrEmpty -Because 'the failed read is given back'
        $probe.Thrown.GetType().FullName | Should -Be 'BizMobileGo.Core.Errors.BmgException'
        [object]::ReferenceEquals($probe.Thrown, $failure) | Should -BeTrue -Because 'the read''s own exception, not a wrapper'
        $probe.ThrownBy | Should -BeIn @('Take', 'TakeAll')
    }
}
