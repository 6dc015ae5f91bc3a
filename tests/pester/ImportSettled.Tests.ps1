# Issue 10.1 and 10.2 (-FailedRowsPath): an import is decided and committed (or refused) before anything about
# it is written to the pipeline, so nothing downstream can change what was imported; failed rows go to a file
# that can be fixed and imported again as it is.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-LastHistory { Get-BmgImportHistory -Last 1 }

    # Three good rows and one whose OS is not valid (line 4).
    function New-MixedCsv {
        Write-TestCsv (New-CsvName 'mixed') @(
            'Identifier,OS,DisplayName'
            'good01,ios,One'
            'good02,ios,Two'
            'bad03,palm,Three'
            'good04,android,Four'
        )
    }
}

Describe '10.1 the import is settled before its report leaves the cmdlet' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It '10.1 -SkipInvalidRows -PassThru | Export-Csv into a missing folder keeps the valid rows and a committed history entry' {
        $csv = New-MixedCsv
        $target = Join-Path $TestDrive "missing-$([guid]::NewGuid().ToString('N'))/x.csv"
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows -PassThru | Export-Csv $target }

        $result.Terminating | Should -Not -BeNullOrEmpty -Because 'Export-Csv fails on the missing folder'
        @(Get-BmgDevice).Identifier | Sort-Object | Should -Be @('good01', 'good02', 'good04')
        $history = Get-LastHistory
        $history.Committed | Should -BeTrue
        $history.Created | Should -Be 3
        $history.Failed | Should -Be 1
    }

    It '10.1 -PassThru | Select-Object -First 1 keeps every row and a committed history entry' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'first01,ios', 'first02,ios', 'first03,ios')
        $first = Import-BmgDeviceCsv $csv -PassThru | Select-Object -First 1

        $first.Outcome | Should -Be 'Created'
        @(Get-BmgDevice).Count | Should -Be 3
        (Get-LastHistory).Committed | Should -BeTrue
    }

    It '10.1 -SkipInvalidRows -PassThru | Select-Object -First 1 keeps the valid rows too' {
        $csv = New-MixedCsv
        $null = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows -PassThru | Select-Object -First 1 }

        @(Get-BmgDevice).Count | Should -Be 3
        (Get-LastHistory).Committed | Should -BeTrue
    }

    It '10.1 a malformed line late in a file: no row is reported at all, and nothing is written' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'late01,ios', 'late02,ios', 'late03,"ios')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -PassThru }

        $result.Output | Should -BeNullOrEmpty -Because 'rows are reported only once the import is settled'
        $result.Terminating | Should -Not -BeNullOrEmpty
        @(Get-BmgDevice) | Should -BeNullOrEmpty
        (Get-LastHistory).Committed | Should -BeFalse
    }

    It '10.1 a refused all-or-nothing import never reports a row Created; the failed row and the errors come after the refusal' {
        $csv = New-MixedCsv
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -PassThru }

        @($result.Output | Where-Object Outcome -EQ 'Created') | Should -BeNullOrEmpty
        @($result.Output).Line | Should -Be @(4)
        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
        @(Get-BmgDevice) | Should -BeNullOrEmpty
    }

    It '10.1 -ErrorAction Stop on the first failed row of a -SkipInvalidRows import: the valid rows are already committed' {
        $csv = New-MixedCsv
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows -ErrorAction Stop }

        $result.Terminating | Should -Not -BeNullOrEmpty
        @(Get-BmgDevice).Count | Should -Be 3
        (Get-LastHistory).Committed | Should -BeTrue
    }

    It '10.1 piped objects are one import, settled at the end: Select-Object -First 1 keeps them all' {
        $first = 1..5 | ForEach-Object { [pscustomobject]@{ Identifier = "piped0$_"; OS = 'ios' } } |
            Import-BmgDeviceCsv -PassThru | Select-Object -First 1

        $first.Line | Should -Be 2
        @(Get-BmgDevice).Count | Should -Be 5
        (Get-LastHistory).Committed | Should -BeTrue
    }

    It '10.1 Ctrl+C after the commit (a downstream command holds the first row) keeps the whole import' {
        $database = New-TestStore
        $lines = @('Identifier,OS') + (1..2000 | ForEach-Object { 'kept{0:D5},ios' -f $_ })
        $csv = Write-TestCsv (New-CsvName) $lines
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create($runspace)
        $signal = [System.Threading.ManualResetEventSlim]::new($false)
        $runspace.SessionStateProxy.SetVariable('signal', $signal)
        $null = $shell.AddScript({
                param($Module, $Database, $Csv)
                Import-Module $Module
                Import-BmgDeviceCsv -LiteralPath $Csv -Database $Database -PassThru | ForEach-Object { $signal.Set(); Start-Sleep -Seconds 600 }
            }).AddArgument($env:BMG_TEST_MODULE).AddArgument($database).AddArgument($csv)
        $async = $shell.BeginInvoke()
        $null = Wait-Until -What 'the first row result' -Abort { $async.IsCompleted } -Condition { $signal.IsSet }   # the guard, load-scaled, stops a hang
        $signal.IsSet | Should -BeTrue -Because 'the first row result arrives'
        $shell.Stop()
        try { $null = $shell.EndInvoke($async) } catch { }
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose(); $runspace.Dispose()

        @(Get-BmgDevice).Count | Should -Be 2000
        (Get-LastHistory).Committed | Should -BeTrue
    }

    It '10.1 a temporary folder that is missing stops a -PassThru import that spills its results: FileWriteFailure naming the folder, nothing written' {
        # Beyond 1,000 results the import keeps them in a file in the temporary folder (TMPDIR) until it is settled.
        $lines = @('Identifier,OS,DisplayName') + (1..1500 | ForEach-Object { 'spill{0:d4},ios,Device {0}' -f $_ })
        $csv = Write-TestCsv (New-CsvName 'spill') $lines
        $missing = Join-Path $TestDrive "no-temp-$([guid]::NewGuid().ToString('N'))"
        $savedTemp = $env:TMPDIR
        try {
            $env:TMPDIR = $missing
            $result = Invoke-Captured { Import-BmgDeviceCsv $csv -PassThru | Measure-Object }
        } finally {
            $env:TMPDIR = $savedTemp
        }
        $result.Terminating | Should -Not -BeNullOrEmpty
        Get-ErrorId $result.Terminating | Should -Be 'FileWriteFailure'
        $result.Terminating.Exception.Message | Should -BeLike "*temporary folder '$missing*TMPDIR*then run the import again. Nothing was imported."
        $result.Terminating.Exception.Message | Should -Not -BeLike '*   at *'
        @(Get-BmgDevice).Count | Should -Be 0

        # The same file imports once the folder is back.
        (Import-BmgDeviceCsv $csv -PassThru | Measure-Object).Count | Should -Be 1500
    }

    It '10.1 a temporary folder that is missing stops a -WhatIf import too, which says its outcome in its own words' {
        # The scratch file's error keeps what it left undone apart (BmgException.Outcome): a dry run imported nothing anyway.
        $lines = @('Identifier,OS,DisplayName') + (1..1500 | ForEach-Object { 'spill{0:d4},ios,Device {0}' -f $_ })
        $csv = Write-TestCsv (New-CsvName 'spill') $lines
        $missing = Join-Path $TestDrive "no-temp-$([guid]::NewGuid().ToString('N'))"
        $savedTemp = $env:TMPDIR
        try {
            $env:TMPDIR = $missing
            $result = Invoke-Captured { Import-BmgDeviceCsv $csv -PassThru -WhatIf | Measure-Object }
        } finally {
            $env:TMPDIR = $savedTemp
        }
        Get-ErrorId $result.Terminating | Should -Be 'FileWriteFailure'
        $result.Terminating.Exception.Message | Should -BeLike "*temporary folder '$missing*TMPDIR*then run the import again. Nothing would be imported (a dry run: nothing was written)."
        $result.Terminating.Exception.Message | Should -Not -BeLike '*Nothing was imported*'
    }

    It '10.1 every cmdlet that writes several items in one transaction reports after its commit: Import-BmgDepDevice | Select-Object -First 1' {
        $dep = Join-Path $TestDrive "dep-$([guid]::NewGuid().ToString('N')).csv"
        Set-Content -LiteralPath $dep -Value @('SerialNumber,Model,Description,ProfileName', 'F2LXKL0AHG7F,iPad,one,', 'F2LXKL0AHG7G,iPad,two,')
        $null = Import-BmgDepDevice $dep | Select-Object -First 1

        @(Get-BmgDepDevice).Count | Should -Be 2
    }
}

Describe '30.4 a row''s warning under -WarningAction Stop stops the import before its commit, as it stops New-BmgDevice (walkthrough 30, finding 4)' {
    BeforeAll {
        # Line 3's serial has 8 characters: a warning, not an error (FieldRules); every other row is clean.
        $script:WarnLines = @('Identifier,OS,Serial,Description', 'kept01,ios,ABCDEFGHJK,after', 'warn02,ios,ABCDEFGH,new')
    }

    BeforeEach {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier kept01 -OS ios -Description before | Out-Null
    }

    It '30.4 -WarningAction Inquire answered Halt: nothing of the file is written and its history reads Stopped, its note naming Inquire (review 30b, finding 4)' {
        . $PSScriptRoot/Reliability.Common.ps1
        $warn = Write-TestCsv (New-CsvName 'warn') $WarnLines
        $child = Join-Path $TestDrive 'inquire-halt-child.ps1'
        Set-Content -LiteralPath $child -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $File)
Import-Module $Module
try { Import-BmgDeviceCsv -LiteralPath $File -Database $Database -WarningAction Inquire | Out-Null; [Console]::Out.WriteLine('imported') }
catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0])") }
[Console]::Out.WriteLine('end')
'@
        $before = Get-StoreSnapshot

        $process = Start-BmgChild $child @('-Database', $global:PSDefaultParameterValues['*-Bmg*:Database'], '-File', $warn) -Interactive
        try {
            Wait-ChildLine $process 'Continue with this operation' | Should -Not -BeNullOrEmpty
            $process.StandardInput.WriteLine('H')
            Wait-ChildLine $process '^(error|imported)' | Should -Be 'error ActionPreferenceStop'
            $process.WaitForExit()
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
        }

        Get-StoreSnapshot | Should -Be $before
        $history = Get-LastHistory
        $history.Status | Should -Be 'Stopped'
        @($history.Errors).ErrorId | Should -Be @('ImportStopped')
        $history.Errors[0].Message | Should -BeLike '*or under Inquire answered Halt*'
    }

    It '30.4 -WarningAction Stop: the warning is said, nothing of the file is written, its history reads Stopped, and the files after it are not tried' {
        $good = Write-TestCsv (New-CsvName 'good') @('Identifier,OS', 'good01,ios')
        $warn = Write-TestCsv (New-CsvName 'warn') $WarnLines
        $later = Write-TestCsv (New-CsvName 'later') @('Identifier,OS', 'later01,ios')
        $before = Get-StoreSnapshot

        $result = Invoke-Captured { Import-BmgDeviceCsv $warn -WarningAction Stop }

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $result.Terminating.Exception.Message | Should -BeLike "*Line 3 of '$warn': Serial 'ABCDEFGH' of device 'warn02' has 8 characters*"
        Get-StoreSnapshot | Should -Be $before -Because 'the warning came before the commit: kept01 keeps its Description, warn02 is not made'
        $history = Get-LastHistory
        $history.Source | Should -Be $warn
        $history.Status | Should -Be 'Stopped'
        $history.Committed | Should -BeFalse
        $history.Created | Should -Be 0
        $history.PlannedCreated | Should -Be 1 -Because 'what the stopped import had reached is kept'
        @($history.Errors).ErrorId | Should -Be @('ImportStopped')
        $history.Errors[0].Message | Should -BeLike '*a warning under -WarningAction Stop*'

        # Several files: the one before it is committed as usual, the stop ends the command there.
        $result = Invoke-Captured { Import-BmgDeviceCsv $good, $warn, $later -WarningAction Stop }

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        @(Get-BmgDevice).Identifier | Sort-Object | Should -Be @('good01', 'kept01')
        (Get-BmgDevice kept01).Description | Should -Be 'before'
        @(Get-BmgImportHistory -Last 2 | ForEach-Object { "$($_.Status) $($_.Source)" }) | Should -Be @("Stopped $warn", "Committed $good")
        @(Get-BmgImportHistory -Source (Split-Path -Leaf $later)) | Should -BeNullOrEmpty -Because 'a stop ends the command'
    }

    It '30.4 $WarningPreference = ''Stop'' stops piped objects the same way, and -SkipInvalidRows does not write its valid rows either' {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured {
            $WarningPreference = 'Stop'
            @([pscustomobject]@{ Identifier = 'kept01'; OS = 'ios'; Description = 'after' },
                [pscustomobject]@{ Identifier = 'warn02'; OS = 'ios'; Serial = 'ABCDEFGH' }) | Import-BmgDeviceCsv
        }
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        Get-StoreSnapshot | Should -Be $before
        $history = Get-LastHistory
        $history.Source | Should -Be 'pipeline'
        $history.Status | Should -Be 'Stopped'

        $mixed = Write-TestCsv (New-CsvName 'mixed') ($WarnLines + 'bad04,palm,,x')
        $result = Invoke-Captured { Import-BmgDeviceCsv $mixed -SkipInvalidRows -WarningAction Stop }
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        Get-StoreSnapshot | Should -Be $before
        $history = Get-LastHistory
        $history.Status | Should -Be 'Stopped'
        $history.Failed | Should -Be 1
    }

    It '30.4 a refused file under -WarningAction Stop is still recorded as refused: nothing was to be committed, its warnings come after the refusal' {
        $refused = Write-TestCsv (New-CsvName 'refused') ($WarnLines + 'bad04,palm,,x')
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { Import-BmgDeviceCsv $refused -WarningAction Stop }

        $result.Terminating | Should -Not -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
        (Get-LastHistory).Status | Should -Be 'Refused'
        @((Get-LastHistory).Errors).Line | Should -Be @(4)
    }

    It '30.4 -FailedRowsPath under -WarningAction Stop: the warning that a file''s failed rows can''t join the rejected file (another header) comes before that file''s commit (round 31)' {
        $first = Write-TestCsv (New-CsvName 'first') @('Identifier,OS', 'first01,ios', 'first02,palm')
        $second = Write-TestCsv (New-CsvName 'second') @('Identifier,OS,Description', 'second01,ios,ok', 'second02,palm,bad')
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $leftOut = "The failed rows of '$second' were not written to '$failed'*"

        $result = Invoke-Captured { Import-BmgDeviceCsv $first, $second -SkipInvalidRows -FailedRowsPath $failed -WarningAction Stop }

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $result.Terminating.Exception.Message | Should -BeLike "*$leftOut"
        (Get-BmgDevice first01).OS | Should -Be 'ios' -Because 'the file before it is committed'
        @(Get-BmgDevice second01 -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty -Because 'the warning came before the second file''s commit'
        (Get-LastHistory).Status | Should -Be 'Stopped'
        Get-Content -LiteralPath $failed | Should -Be @('Identifier,OS', 'first02,palm')

        # Continue: the second file is committed and the warning said once, after it (then whose rows the file holds).
        $result = Invoke-Captured { Import-BmgDeviceCsv $first, $second -SkipInvalidRows -FailedRowsPath $failed }

        $result.Terminating | Should -BeNullOrEmpty -Because 'each file wrote its valid rows'
        @($result.Warnings.Message | Where-Object { $_ -like $leftOut }) | Should -HaveCount 1
        (Get-BmgDevice second01).Description | Should -Be 'ok'
    }

    It '30.4 -WarningAction Continue (the default) commits the file and says its warning once, with the summary' {
        $warn = Write-TestCsv (New-CsvName 'warn') $WarnLines
        $result = Invoke-Captured { Import-BmgDeviceCsv $warn }

        $result.Terminating | Should -BeNullOrEmpty
        @($result.Warnings | ForEach-Object { "$_" }) | Should -Be @("Line 3 of '$warn': Serial 'ABCDEFGH' of device 'warn02' has 8 characters; every serial Apple has issued so far has 10 to 12.")
        @($result.Output).Committed | Should -Be @($true)
        (Get-BmgDevice kept01).Description | Should -Be 'after'
        (Get-BmgDevice warn02).Serial | Should -Be 'ABCDEFGH'
        (Get-LastHistory).Status | Should -Be 'Committed'
    }

    It '30.4 -WarningAction Stop on a file without warnings commits it as usual' {
        $clean = Write-TestCsv (New-CsvName 'clean') @('Identifier,OS,Description', 'kept01,ios,after', 'clean02,ios,new')
        $summary = Import-BmgDeviceCsv $clean -WarningAction Stop

        $summary.Committed | Should -BeTrue
        (Get-BmgDevice kept01).Description | Should -Be 'after'
        (Get-LastHistory).Status | Should -Be 'Committed'
    }
}

Describe 'A row''s warning under -WarningAction Inquire is asked before the import takes the write lock (round 31)' {
    # Round 30 asked it inside the file's write transaction: every other writer waited for the answer and ended StoreBusy
    # after 30 s. Now the file is planned first as a dry run (no lock), its warnings asked, and only then imported.
    BeforeAll {
        . $PSScriptRoot/Reliability.Common.ps1
        $script:InquireChild = Join-Path $TestDrive 'import-inquire-child.ps1'
        Set-Content -LiteralPath $script:InquireChild -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $File, [switch] $Piped)
Import-Module $Module
try {
    $out = if ($Piped) { Import-Csv -LiteralPath $File | Import-BmgDeviceCsv -Database $Database -WarningAction Inquire -WarningVariable warnings -ErrorAction Stop }
        else { Import-BmgDeviceCsv -LiteralPath $File -Database $Database -WarningAction Inquire -WarningVariable warnings -ErrorAction Stop }
    foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("imported $($o.Created) committed $($o.Committed)") } }
}
catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0])") }
foreach ($w in $warnings) { [Console]::Out.WriteLine("warning $w") }
[Console]::Out.WriteLine('end')
'@
    }

    BeforeEach {
        $script:Database = New-TestStore
        New-BmgDevice -Identifier kept01 -OS ios -Description before | Out-Null
        # Line 3's serial has 8 characters: a warning (FieldRules), whatever the store holds.
        $script:Warn = Write-TestCsv (New-CsvName 'inquire') @('Identifier,OS,Serial,Description', 'kept01,ios,ABCDEFGHJK,after', 'warn02,ios,ABCDEFGH,new')
        $script:Asked = "warning Line 3 of '$Warn': Serial 'ABCDEFGH' of device 'warn02' has 8 characters; every serial Apple has issued so far has 10 to 12."
    }

    It 'while the question is open another admin writes to the store; <Answer> then <Outcome>' -TestCases @(
        @{ Answer = 'Y'; Outcome = 'the file is imported, the warning asked once' }
        @{ Answer = 'H'; Outcome = 'nothing of the file is written, its history reads Stopped' }
    ) {
        param($Answer, $Outcome)
        $child = Start-BmgChild $InquireChild @('-Database', $Database, '-File', $Warn) -Interactive
        try {
            Wait-ChildLine $child 'Continue with this operation' | Should -Not -BeNullOrEmpty
            # Not held up by the open question (before: StoreBusy after 30 s, the lock held by the import).
            (New-BmgDevice -Identifier 'during-inquire' -OS ios -ErrorAction Stop).Identifier | Should -Be 'during-inquire'
            $child.StandardInput.WriteLine($Answer)
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        if ($Answer -eq 'Y') {
            @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
            $lines | Should -Contain 'imported 1 committed True'
            @($lines | Where-Object { $_ -like 'warning *' }) | Should -Be @($Asked) -Because 'asked from the dry plan, not said again by the import'
            (Get-BmgDevice kept01).Description | Should -Be 'after'
            (Get-BmgDevice warn02).Serial | Should -Be 'ABCDEFGH'
            (Get-LastHistory).Status | Should -Be 'Committed'
        }
        else {
            $lines | Should -Contain 'error ActionPreferenceStop'
            (Get-BmgDevice kept01).Description | Should -Be 'before'
            @(Get-BmgDevice | Sort-Object Identifier).Identifier | Should -Be @('during-inquire', 'kept01')
            $history = Get-LastHistory
            $history.Status | Should -Be 'Stopped'
            @($history.Errors).ErrorId | Should -Be @('ImportStopped')
        }
    }

    It 'a warning only the import under the lock has (another admin''s device meanwhile) is asked after the commit, holding no lock either' {
        # Line 4's 4711 is a bare number: no warning while no device is 004711; the other admin makes one while the first
        # question is open, so the import's own plan has the leading-zeros warning the dry plan had not.
        $file = Write-TestCsv (New-CsvName 'inquire-late') @('Identifier,OS,Serial', 'warn02,ios,ABCDEFGH', '4711,ios,ABCDEFGHJK')
        $child = Start-BmgChild $InquireChild @('-Database', $Database, '-File', $file) -Interactive
        try {
            Wait-ChildLine $child 'Continue with this operation' | Should -Not -BeNullOrEmpty
            New-BmgDevice -Identifier '004711' -OS ios -ErrorAction Stop | Out-Null
            $child.StandardInput.WriteLine('Y')
            Wait-ChildLine $child 'Continue with this operation' | Should -Not -BeNullOrEmpty
            # The second question comes after the commit: the file's devices are there, and this session writes freely.
            @(Get-BmgDevice warn02, 4711).Count | Should -Be 2
            (New-BmgDevice -Identifier 'during-second' -OS ios -ErrorAction Stop).Identifier | Should -Be 'during-second'
            $child.StandardInput.WriteLine('Y')
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        $lines | Should -Contain 'imported 2 committed True'
        $warnings = @($lines | Where-Object { $_ -like 'warning *' })
        $warnings | Should -HaveCount 2
        $warnings[0] | Should -BeLike "warning Line 2 of '$file': Serial 'ABCDEFGH'*"
        $warnings[1] | Should -BeLike "warning Line 3 of '$file':*004711*"
    }

    It 'piped objects are held until the input ends and asked before the lock too; <Answer> then <Outcome>' -TestCases @(
        @{ Answer = 'Y'; Outcome = 'the rows are imported, the warning asked once' }
        @{ Answer = 'H'; Outcome = 'nothing is written, the history reads Stopped' }
    ) {
        param($Answer, $Outcome)
        $child = Start-BmgChild $InquireChild @('-Database', $Database, '-File', $Warn, '-Piped') -Interactive
        try {
            Wait-ChildLine $child 'Continue with this operation' | Should -Not -BeNullOrEmpty
            (New-BmgDevice -Identifier 'during-inquire' -OS ios -ErrorAction Stop).Identifier | Should -Be 'during-inquire'
            $child.StandardInput.WriteLine($Answer)
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        if ($Answer -eq 'Y') {
            @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
            $lines | Should -Contain 'imported 1 committed True'
            @($lines | Where-Object { $_ -like 'warning *' }) | Should -Be @("warning Line 3: Serial 'ABCDEFGH' of device 'warn02' has 8 characters; every serial Apple has issued so far has 10 to 12.")
            (Get-BmgDevice warn02).Serial | Should -Be 'ABCDEFGH'
            (Get-LastHistory).Status | Should -Be 'Committed'
        }
        else {
            $lines | Should -Contain 'error ActionPreferenceStop'
            (Get-BmgDevice kept01).Description | Should -Be 'before'
            @(Get-BmgDevice | Sort-Object Identifier).Identifier | Should -Be @('during-inquire', 'kept01')
            (Get-LastHistory).Status | Should -Be 'Stopped'
        }
    }

    It 'a PowerShell that can''t answer (standard input closed) stops with PromptUnavailable: nothing written, the history says why' {
        $child = Start-BmgChild $InquireChild @('-Database', $Database, '-File', $Warn) -Interactive
        try {
            $child.StandardInput.Close()
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        # The console host printed the question before it failed to read an answer: the line ends with the error.
        @($lines | Where-Object { $_ -like '*error *' }) | Should -HaveCount 1
        @($lines | Where-Object { $_ -like '*error *' })[0] | Should -BeLike '*error PromptUnavailable'
        (Get-BmgDevice kept01).Description | Should -Be 'before'
        @(Get-BmgDevice warn02 -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        $history = Get-LastHistory
        $history.Status | Should -Be 'Failed' -Because 'no answer is no Halt: the entry says why, not Stopped'
        @($history.Errors).ErrorId | Should -Be @('PromptUnavailable')
    }
}

Describe '10.2 -FailedRowsPath' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It '10.2 the failed rows are written with the file''s own header and original cells, in its encoding (Shift_JIS), and import again as they are' {
        $csv = Write-TestCsv (New-CsvName 'sjis') -Encoding '932' -Lines @(
            'Identifier,OS,DisplayName,Description'
            'jp01,ios,営業部 iPhone,"東京, 本社"'
            'jp02,winphone,経理部 iPhone,  先頭に空白'
            'jp03,android,総務部,'
        )
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $null = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows -FailedRowsPath $failed }

        $sjis = [System.Text.Encoding]::GetEncoding(932)
        $text = $sjis.GetString([System.IO.File]::ReadAllBytes($failed))
        $text | Should -Be ("Identifier,OS,DisplayName,Description`r`njp02,winphone,経理部 iPhone,""  先頭に空白""`r`n")
        if (-not $IsWindows) { (Get-Item $failed).UnixMode | Should -Be '-rw-------' -Because 'failed rows may carry check-in codes' }

        # Fixed in place (as Excel would save it again) and imported as it is.
        [System.IO.File]::WriteAllBytes($failed, $sjis.GetBytes($text.Replace('winphone', 'ios')))
        $summary = Import-BmgDeviceCsv $failed
        $summary.Created | Should -Be 1
        (Get-BmgDevice jp02).DisplayName | Should -Be '経理部 iPhone'
    }

    It '10.2 a UTF-8 file with a BOM keeps its BOM and its delimiter; nothing is written when no row failed' {
        $csv = Write-TestCsv (New-CsvName) -Encoding 'utf8BOM' -Lines @('Identifier;OS', 'semi01;ios', 'semi02;bogus')
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $null = Invoke-Captured { Import-BmgDeviceCsv $csv -Delimiter ';' -SkipInvalidRows -FailedRowsPath $failed }

        $bytes = [System.IO.File]::ReadAllBytes($failed)
        $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
        [System.Text.Encoding]::UTF8.GetString($bytes, 3, $bytes.Length - 3) | Should -Be "Identifier;OS`r`nsemi02;bogus`r`n"

        $clean = Write-TestCsv (New-CsvName) @('Identifier,OS', 'clean01,ios')
        $none = Join-Path $TestDrive "none-$([guid]::NewGuid().ToString('N')).csv"
        Import-BmgDeviceCsv $clean -FailedRowsPath $none | Out-Null
        Test-Path $none | Should -BeFalse
    }

    It '12 an ASCII-only file (no byte tells its encoding, no BOM) gets its failed rows back without a BOM, as it was' {
        $csv = Write-TestCsv (New-CsvName 'ascii') -Lines @('Identifier,OS', 'asc01,ios', 'asc02,bogus')
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $null = Invoke-Captured { Import-BmgDeviceCsv $csv -SkipInvalidRows -FailedRowsPath $failed }

        [System.IO.File]::ReadAllBytes($failed) | Should -Be ([System.Text.Encoding]::ASCII.GetBytes("Identifier,OS`r`nasc02,bogus`r`n"))
    }

    It '10.2 a refused all-or-nothing import writes every row it did not import (all of them, in order); -WhatIf writes none' {
        $csv = New-MixedCsv
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $null = Invoke-Captured { Import-BmgDeviceCsv $csv -FailedRowsPath $failed }
        (Get-Content $failed) | Should -Be @('Identifier,OS,DisplayName', 'good01,ios,One', 'good02,ios,Two', 'bad03,palm,Three', 'good04,android,Four')

        $whatIf = Join-Path $TestDrive "whatif-$([guid]::NewGuid().ToString('N')).csv"
        $null = Invoke-Captured { Import-BmgDeviceCsv $csv -FailedRowsPath $whatIf -WhatIf }
        Test-Path $whatIf | Should -BeFalse
    }

    It '12 a refused file comes back whole in -FailedRowsPath, as read (BOM, column order, CRLF); fixed there and imported, every row of it is in the store (walkthrough finding 2)' {
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgDeviceTag -Name Sales | Out-Null
        # The walkthrough's bad.csv, its columns in its own order: line 2 a bad e-mail, line 3 an unknown template,
        # line 4 valid, line 5 line 4's serial again. Saved with a BOM, as Excel saves "CSV UTF-8".
        $csv = Write-TestCsv (New-CsvName 'bad') -Encoding 'utf8BOM' -Lines @(
            'UserName,Name,EmailAddress,Identifier,Template,OS,DeviceTags,Serial,DisplayName,DEPMethod'
            'kato,Kato Ken,kato@example,ipad-1001,Standard,ios,Sales,F9FXK2BBBB01,iPad 1001,'
            'mori,Mori Aki,mori@example.com,ipad-1002,NoSuchTemplate,ios,Sales,F9FXK2BBBB02,iPad 1002,'
            'ueda,Ueda Yu,ueda@example.com,ipad-1003,Standard,ios,Sales,F9FXK2BBBB03,iPad 1003,Serial'
            'kudo,Kudo Rin,kudo@example.com,ipad-1004,Standard,ios,Sales,F9FXK2BBBB03,iPad 1004,'
        )
        $failed = Join-Path $TestDrive "rejected-$([guid]::NewGuid().ToString('N')).csv"
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -FailedRowsPath $failed -ErrorAction Continue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        @(Get-BmgDevice -ErrorAction SilentlyContinue) | Should -HaveCount 0
        # Every row the refused import did not write, byte for byte as the input holds them.
        [System.IO.File]::ReadAllBytes($failed) | Should -Be ([System.IO.File]::ReadAllBytes($csv))

        # The admin fixes the three failed rows in that file (as Excel saves it again) and imports it as it is.
        $utf8 = [System.Text.UTF8Encoding]::new($true)
        $fixed = [System.IO.File]::ReadAllText($failed).Replace('kato@example,', 'kato@example.com,').Replace('NoSuchTemplate', 'Standard').Replace('F9FXK2BBBB03,iPad 1004', 'F9FXK2BBBB04,iPad 1004')
        [System.IO.File]::WriteAllText($failed, $fixed, $utf8)
        $summary = Import-BmgDeviceCsv $failed
        $summary.Created | Should -Be 4
        $summary.Failed | Should -Be 0
        @(Get-BmgDevice | Sort-Object Identifier).Identifier | Should -Be @('ipad-1001', 'ipad-1002', 'ipad-1003', 'ipad-1004')
        @(Get-BmgUser | Sort-Object UserName).UserName | Should -Be @('kato', 'kudo', 'mori', 'ueda')
        (Get-BmgDevice ipad-1003).Serial | Should -Be 'F9FXK2BBBB03'
    }

    It '12 a refused file of more rows than the row spool keeps in memory comes back whole and in order, its failed rows among them' {
        # 1,500 rows: the first 1,000 wait in memory, the rest in the spool's file; lines 3 and 1,400 fail.
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Identifier,OS,DisplayName')
        foreach ($i in 1..1500) { $lines.Add(('big{0:D4},{1},"Row {0}, bulk"' -f $i, $(if ($i -eq 2 -or $i -eq 1399) { 'palm' } else { 'ios' }))) }
        $csv = Write-TestCsv (New-CsvName 'big') -Lines $lines
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -FailedRowsPath $failed -ErrorAction Continue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'InvalidFieldValue' }) | Should -HaveCount 2
        @(Get-BmgDevice -ErrorAction SilentlyContinue) | Should -HaveCount 0
        [System.IO.File]::ReadAllBytes($failed) | Should -Be ([System.IO.File]::ReadAllBytes($csv))
    }

    It '12 with several files, a refused file gives all its rows and a file with no failed row none' {
        $dir = Join-Path $TestDrive "several-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory $dir
        Set-Content -LiteralPath (Join-Path $dir 'a.csv') -Value @('Identifier,OS', 'a01,ios', 'a02,ios')
        Set-Content -LiteralPath (Join-Path $dir 'b.csv') -Value @('Identifier,OS', 'b01,ios', 'b02,palm', 'b03,android')
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $result = Invoke-Captured { Import-BmgDeviceCsv (Join-Path $dir '*.csv') -FailedRowsPath $failed -ErrorAction Continue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        @(Get-BmgDevice | Sort-Object Identifier).Identifier | Should -Be @('a01', 'a02')
        (Get-Content $failed) | Should -Be @('Identifier,OS', 'b01,ios', 'b02,palm', 'b03,android')
    }

    It '17 a file refused for its header is named in a warning: its rows are not in the rejected file, and a last warning says whose rows it holds (walkthrough 17, finding 2)' {
        $dir = Join-Path $TestDrive "header-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory $dir
        $a = Join-Path $dir 'a.csv'
        $b = Join-Path $dir 'b.csv'
        Set-Content -LiteralPath $a -Value @('Identifier,OS', 'a01,ios', 'a02,palm')
        Set-Content -LiteralPath $b -Value @('Identifier,OS,Seiral', 'b01,ios,F9FXK2BBBB01')
        $failed = Join-Path $TestDrive "rejected-$([guid]::NewGuid().ToString('N')).csv"
        $result = Invoke-Captured { Import-BmgDeviceCsv (Join-Path $dir '*.csv') -FailedRowsPath $failed -ErrorAction Continue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        (Get-Content $failed) | Should -Be @('Identifier,OS', 'a01,ios', 'a02,palm')
        @($result.Warnings.Message) | Should -Be @(
            ("The rows of '$b' are not in the rejected file '$failed': the file was refused before its rows were read (UnknownCsvColumn). " +
                "Fix '$b' itself and import it again.")
            "The rejected file '$failed' holds the rows of '$a'; not those of '$b' (see the warning above)."
        )
    }

    It '17 a single file refused for its header writes no rejected file, and warnings say so; an older rejected file is not taken for this run''s (walkthrough 17, finding 2)' {
        $csv = Write-TestCsv (New-CsvName 'seiral') @('Identifier,OS,Seiral', 'b01,ios,F9FXK2BBBB01')
        $failed = Join-Path $TestDrive "rejected-$([guid]::NewGuid().ToString('N')).csv"
        Set-Content -LiteralPath $failed -Value @('Identifier,OS', 'old01,ios')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv -FailedRowsPath $failed -ErrorAction Continue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        (Get-Content $failed) | Should -Be @('Identifier,OS', 'old01,ios')
        @($result.Warnings.Message) | Should -Be @(
            ("The rows of '$csv' are not in the rejected file '$failed': the file was refused before its rows were read (UnknownCsvColumn). " +
                "Fix '$csv' itself and import it again.")
            "No rows were written to the rejected file '$failed' (the file there is from an earlier run): the rows of '$csv' could not go into it (see the warning above)."
        )

        $whatIf = Invoke-Captured { Import-BmgDeviceCsv $csv -FailedRowsPath $failed -WhatIf -ErrorAction Continue }
        $whatIf.Warnings | Should -BeNullOrEmpty -Because 'a dry run writes no rejected file'
    }

    It '18 piped objects refused at one object''s property names: a warning says none of the objects piped so far is in the rejected file, and whose rows it holds (eighteenth round)' {
        $failed = Join-Path $TestDrive "rejected-$([guid]::NewGuid().ToString('N')).csv"
        $result = Invoke-Captured {
            @([pscustomobject]@{ Identifier = 'p01'; OS = 'ios' }, [pscustomobject]@{ Identifier = 'p02'; OS = 'palm' },
                [pscustomobject]@{ Identifier = 'p03'; OS = 'ios'; Seiral = 'F9FXK2BBBB01' }) |
                Import-BmgDeviceCsv -FailedRowsPath $failed -ErrorAction Continue
        }

        Get-ErrorId $result.Terminating | Should -Be 'UnknownCsvColumn'
        Test-Path -LiteralPath $failed | Should -BeFalse
        @(Get-BmgDevice -ErrorAction SilentlyContinue) | Should -HaveCount 0
        @($result.Warnings.Message) | Should -Be @(
            ("The rows of piped objects 1 to 3 are not in the rejected file '$failed': piped object 3 was refused for its property names (UnknownCsvColumn), " +
                'the command stopped there, and none of them was imported. Fix that object and pipe them all again.')
            "No rows were written to the rejected file '$failed': the rows of 'pipeline' could not go into it (see the warning above)."
        )

        $first = Invoke-Captured { [pscustomobject]@{ Identifier = 'p04'; Seiral = 'F9FXK2BBBB04' } | Import-BmgDeviceCsv -FailedRowsPath $failed -ErrorAction Continue }
        $first.Warnings[0].Message | Should -Be ("The piped object is not in the rejected file '$failed': it was refused for its property names (UnknownCsvColumn) " +
            'before any row was imported. Fix it and pipe it again.')

        $whatIf = Invoke-Captured { [pscustomobject]@{ Identifier = 'p04'; Seiral = 'F9FXK2BBBB04' } | Import-BmgDeviceCsv -FailedRowsPath $failed -WhatIf -ErrorAction Continue }
        $whatIf.Warnings | Should -BeNullOrEmpty -Because 'a dry run writes no rejected file'
    }

    It '12 refused piped objects are all written, under the first object''s property names' {
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $null = Invoke-Captured {
            @([pscustomobject]@{ Identifier = 'p01'; OS = 'ios' }, [pscustomobject]@{ Identifier = 'p02'; OS = 'nope' }, [pscustomobject]@{ OS = 'android'; Identifier = 'p03' }) |
                Import-BmgDeviceCsv -FailedRowsPath $failed -ErrorAction Continue
        }
        @(Get-BmgDevice -ErrorAction SilentlyContinue) | Should -HaveCount 0
        (Get-Content $failed) | Should -Be @('Identifier,OS', 'p01,ios', 'p02,nope', 'p03,android')
    }

    It '10.2 failed piped objects are written under their property names' {
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $null = Invoke-Captured {
            @([pscustomobject]@{ Identifier = 'p01'; OS = 'ios' }, [pscustomobject]@{ Identifier = 'p02'; OS = 'nope' }) |
                Import-BmgDeviceCsv -SkipInvalidRows -FailedRowsPath $failed
        }
        (Get-Content $failed) | Should -Be @('Identifier,OS', 'p02,nope')
    }

    It '10.2 help example 3 of Import-BmgDeviceCsv runs on the first night: it creates ./rejected and fills it with the failed rows' {
        $example = (Get-Help Import-BmgDeviceCsv -Full).examples.example[2]
        $code = $example.code
        $code | Should -Match 'FailedRowsPath'
        $folder = Join-Path $TestDrive "night-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory (Join-Path $folder 'incoming')
        Set-Content -LiteralPath (Join-Path $folder 'incoming/devices.csv') -Value @('Identifier,OS', 'night01,ios', 'night02,palm')
        # A script file of its own: the example ends with exit 2 when rows were handed back (walkthrough 23, finding 8), and
        # exit in a script block would end the test run; in a script run with & it ends that script and sets $LASTEXITCODE.
        $script = Join-Path $folder 'nightly.ps1'
        Set-Content -LiteralPath $script -Value $code -Encoding utf8NoBOM
        Push-Location $folder
        try { $null = & $script 6>$null } finally { Pop-Location }
        $LASTEXITCODE | Should -Be 2 -Because 'a row was handed back in ./rejected'

        (Get-BmgDevice night01).OS | Should -Be 'ios'
        $rejected = @(Get-ChildItem (Join-Path $folder 'rejected') -Filter *.csv)
        $rejected | Should -HaveCount 1
        (Get-Content $rejected[0].FullName) | Should -Be @('Identifier,OS', 'night02,palm')
    }
}
