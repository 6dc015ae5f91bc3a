# Walkthrough 12 (a nightly job): a missing input or an empty drop folder fails the job as a refused file does; a dry
# run of a file the real run would refuse says so and ends as the real run does; ImportFailed names its file(s) as its
# target; and the help's nightly-job template keeps its log under pwsh -File with stdout and stderr redirected, each
# error on one line led by its ErrorId.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The walkthrough's inputs: good.csv has two valid rows; bad.csv has a bad e-mail (line 2), an unknown template
    # (line 3), a valid row (line 4) and a row repeating line 4's serial (line 5).
    $script:Header = 'UserName,Name,EmailAddress,Identifier,Template,OS,DeviceTags,Serial,DisplayName,DEPMethod'
    $script:GoodLines = @(
        $Header
        'abe,Abe Jun,abe@example.com,ipad-2001,Standard,ios,Sales,F9FXK2CCCC01,iPad 2001,Serial'
        'ito,Ito Mai,ito@example.com,ipad-2002,Standard,ios,Sales,F9FXK2CCCC02,iPad 2002,'
    )
    $script:BadLines = @(
        $Header
        'kato,Kato Ken,kato@example,ipad-1001,Standard,ios,Sales,F9FXK2BBBB01,iPad 1001,'
        'mori,Mori Aki,mori@example.com,ipad-1002,NoSuchTemplate,ios,Sales,F9FXK2BBBB02,iPad 1002,'
        'ueda,Ueda Yu,ueda@example.com,ipad-1003,Standard,ios,Sales,F9FXK2BBBB03,iPad 1003,Serial'
        'kudo,Kudo Rin,kudo@example.com,ipad-1004,Standard,ios,Sales,F9FXK2BBBB03,iPad 1004,'
    )

    function New-NightlyStore {
        $location = New-TestStore
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgDeviceTag -Name Sales | Out-Null
        $location
    }

    # A new folder under $TestDrive, by its name there (Write-TestCsv takes names under $TestDrive).
    function New-Folder {
        $name = 'dir-' + [guid]::NewGuid().ToString('N')
        $null = New-Item -ItemType Directory -Path (Join-Path $TestDrive $name)
        $name
    }

    # Runs a help example of Import-BmgDeviceCsv exactly as Get-Help shows it, as a scheduled task does (pwsh -File, output
    # redirected: Invoke-FreshPwsh -LogFolder), in a job folder holding incoming/ as the test made it.
    function Invoke-HelpExampleJob([string] $Title, [string] $Store, [string] $Job) {
        $example = @((Get-Help Import-BmgDeviceCsv).examples.example | Where-Object { $_.title -like $Title })
        $example | Should -HaveCount 1
        Invoke-FreshPwsh -LogFolder $Job -Script @"
Import-Module '$env:BMG_TEST_MODULE'
`$env:BMG_DATABASE = '$Store'
Set-Location -LiteralPath '$Job'
$($example[0].code)
"@
    }

    function Invoke-KeepGoodRowsJob([string] $Store, [string] $Job) {
        Invoke-HelpExampleJob '*keeps the good rows and hands back the bad ones*' $Store $Job
    }

    function Invoke-NightlyLogJob([string] $Store, [string] $Job) {
        Invoke-HelpExampleJob '*nightly job whose log keeps*' $Store $Job
    }
}

Describe 'Walkthrough 12, finding 1: a path that names no file fails the command as a refused file does' {
    BeforeEach { $null = New-NightlyStore }

    It 'a missing file beside a good one: FileNotFound, the good file imported, then ImportFailed with the missing file as its target' {
        $folder = New-Folder
        $good = Write-TestCsv "$folder/good.csv" $GoodLines
        $missing = Join-Path $TestDrive $folder 'missing.csv'
        $result = Invoke-Captured { Import-BmgDeviceCsv $missing, $good -ErrorAction Continue }

        Assert-ErrorId $result.Errors 'FileNotFound'
        @($result.Output).Source | Should -Be @($good)
        @(Get-BmgDevice).Identifier | Should -Be @('ipad-2001', 'ipad-2002')
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $missing
        $result.Terminating.Exception.Message | Should -Match ([regex]::Escape($missing))
    }

    It 'a missing -LiteralPath ends in ImportFailed' {
        $missing = Join-Path $TestDrive (New-Folder) 'no-such[1].csv'
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $missing }

        Assert-ErrorId $result.Errors 'FileNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $missing
    }

    It 'a wildcard that matches nothing (an empty drop folder) ends in ImportFailed naming the pattern' {
        $pattern = Join-Path $TestDrive (New-Folder) '*.csv'
        $result = Invoke-Captured { Import-BmgDeviceCsv $pattern -ErrorAction Continue }

        Assert-ErrorId $result.Errors 'FileNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $pattern
        @(Get-BmgDevice) | Should -HaveCount 0
    }

    It 'a folder a pattern also matches (incoming/* beside archive/) is passed over: no error, no ImportFailed (review)' {
        $folder = New-Folder
        $good = Write-TestCsv "$folder/good.csv" $GoodLines
        $null = New-Item -ItemType Directory -Path (Join-Path $TestDrive $folder 'archive')
        $result = Invoke-Captured { Import-BmgDeviceCsv (Join-Path $TestDrive $folder '*') -ErrorAction Continue }

        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output).Source | Should -Be @($good)
    }

    It 'a pattern that matches only folders is a pattern that named no file: FileNotFound, then ImportFailed' {
        $folder = New-Folder
        $null = New-Item -ItemType Directory -Path (Join-Path $TestDrive $folder 'archive')
        $pattern = Join-Path $TestDrive $folder '*'
        $result = Invoke-Captured { Import-BmgDeviceCsv $pattern -ErrorAction Continue }

        Assert-ErrorId $result.Errors 'FileNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $pattern
    }

    It 'a script with $ErrorActionPreference = Stop and -ErrorAction Continue reaches its catch for a missing file (the walkthrough''s script)' {
        $folder = New-Folder
        $good = Write-TestCsv "$folder/good.csv" $GoodLines
        $caught = & {
            $ErrorActionPreference = 'Stop'
            try { Import-BmgDeviceCsv (Join-Path $TestDrive $folder 'missing.csv'), $good -ErrorAction Continue 2>$null | Out-Null; 'no error' }
            catch { $_ }
        }
        ($caught.FullyQualifiedErrorId -split ',')[0] | Should -Be 'ImportFailed'
    }
}

Describe 'Walkthrough 12, finding 7: ImportFailed names the file, or the files, it is about' {
    BeforeEach { $null = New-NightlyStore }

    It 'one refused file: TargetObject and CategoryInfo.TargetName are its path' {
        $bad = Write-TestCsv "$(New-Folder)/bad.csv" $BadLines
        $result = Invoke-Captured { Import-BmgDeviceCsv $bad -ErrorAction SilentlyContinue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $bad
        $result.Terminating.TargetObject | Should -BeOfType [string]
        $result.Terminating.CategoryInfo.TargetName | Should -Be $bad
        $result.Terminating.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'several: the list of the files that wrote nothing, in the order they were tried, and a file moves aside by it' {
        $folder = New-Folder
        $bad1 = Write-TestCsv "$folder/a-bad.csv" $BadLines
        $null = Write-TestCsv "$folder/b-good.csv" $GoodLines
        $bad2 = Write-TestCsv "$folder/c-header.csv" @('NoSuchColumn', 'x')
        $result = Invoke-Captured { Import-BmgDeviceCsv (Join-Path $TestDrive $folder '*.csv') -ErrorAction SilentlyContinue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        @($result.Terminating.TargetObject) | Should -Be @($bad1, $bad2)
        $result.Terminating.CategoryInfo.TargetName | Should -Be "$bad1, $bad2"
        $quarantine = Join-Path $TestDrive (New-Folder)
        Move-Item -LiteralPath $result.Terminating.TargetObject -Destination $quarantine
        @(Get-ChildItem $quarantine -Name) | Should -Be @('a-bad.csv', 'c-header.csv')
    }
}

Describe 'Walkthrough 28, finding 10: a file refused by its rows writes its summary in the real run too, as the dry run does' {
    BeforeEach { $null = New-NightlyStore }

    It 'every file read has its summary, the refused one with Refused and the HistoryId of its Refused entry; then ImportFailed' {
        # Before, the refused file wrote no summary in the real run (only under -WhatIf): a nightly `$r | Export-Csv`
        # reported the good files and dropped the refused one, and `$r | Where-Object Refused` was always empty.
        $folder = New-Folder
        $bad = Write-TestCsv "$folder/a.csv" $BadLines
        $good = Write-TestCsv "$folder/b.csv" $GoodLines
        $dry = Invoke-Captured { Import-BmgDeviceCsv $bad, $good -WhatIf -ErrorAction Continue }
        $result = Invoke-Captured { Import-BmgDeviceCsv $bad, $good -ErrorAction Continue }

        @($result.Output | ForEach-Object { $_.PSObject.TypeNames[0] }) | Should -Be @('BizMobileGo.Core.Import.ImportSummary', 'BizMobileGo.Core.Import.ImportSummary')
        @($result.Output.Source) | Should -Be @($bad, $good)
        @($result.Output.Source) | Should -Be @($dry.Output.Source) -Because 'a dry run of several files predicts the real run of them, summaries too'
        $refused = @($result.Output | Where-Object Refused)
        $refused | Should -HaveCount 1
        $refused[0].Source | Should -Be $bad
        $refused[0].WhatIf | Should -BeFalse
        $refused[0].Committed | Should -BeFalse
        $refused[0].Created | Should -Be 0
        $refused[0].Failed | Should -Be 3
        $refused[0].PlannedCreated | Should -Be 1
        $entry = Get-BmgImportHistory | Where-Object Source -eq $bad
        $entry.Status | Should -Be 'Refused'
        $refused[0].HistoryId | Should -Be $entry.Id
        $result.Output[1].Committed | Should -BeTrue
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @($dry.Errors | ForEach-Object { Get-ErrorId $_ })
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $bad
        @(Get-BmgDevice).Identifier | Should -Be @('ipad-2001', 'ipad-2002') -Because 'the refused file wrote nothing'
    }

    It 'the summary follows the rows'' errors; -PassThru still writes row results only; -ErrorAction Stop stops at the first failed row, before any summary' {
        $bad = Write-TestCsv "$(New-Folder)/bad.csv" $BadLines
        $before = Get-StoreSnapshot

        $ordered = [System.Collections.Generic.List[object]]::new()
        try { Import-BmgDeviceCsv $bad -ErrorAction Continue 2>&1 | ForEach-Object { $ordered.Add($_) } } catch { $ordered.Add($_) }
        @($ordered | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { Get-ErrorId $_ } else { $_.PSObject.TypeNames[0] } }) |
            Should -Be @('InvalidFieldValue', 'ReferenceNotFound', 'DuplicateSerial', 'BizMobileGo.Core.Import.ImportSummary', 'ImportFailed')

        $passThru = Invoke-Captured { Import-BmgDeviceCsv $bad -PassThru -ErrorAction SilentlyContinue }
        @($passThru.Output | ForEach-Object { $_.PSObject.TypeNames[0] } | Select-Object -Unique) | Should -Be @('BizMobileGo.Core.Import.ImportRowResult')
        Get-ErrorId $passThru.Terminating | Should -Be 'ImportFailed'

        $collected = $null
        $caught = try { $collected = Import-BmgDeviceCsv $bad -ErrorAction Stop -OutVariable stopped; 'no error' } catch { $_ }
        Get-ErrorId $caught | Should -Be 'InvalidFieldValue' -Because 'try/catch sees the first failing row, as the help says'
        $collected | Should -BeNullOrEmpty
        @($stopped) | Should -HaveCount 0
        Get-StoreSnapshot | Should -Be $before
    }
}

Describe 'Walkthrough 12, finding 3: -WhatIf of a file the real run would refuse reads as refused and ends in ImportFailed' {
    BeforeEach { $null = New-NightlyStore }

    It 'summary: Created 0, Refused, the planned counts kept; then ImportFailed saying it is a dry run; nothing written' {
        $bad = Write-TestCsv "$(New-Folder)/bad.csv" $BadLines
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { Import-BmgDeviceCsv $bad -WhatIf -ErrorAction Continue }

        @($result.Errors) | Should -HaveCount 3
        $summary = @($result.Output) | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Import.ImportSummary' }
        @($summary) | Should -HaveCount 1
        $summary.WhatIf | Should -BeTrue
        $summary.Refused | Should -BeTrue
        $summary.Committed | Should -BeFalse
        $summary.Created | Should -Be 0
        $summary.EmailsQueued | Should -Be 0
        $summary.Failed | Should -Be 3
        $summary.PlannedCreated | Should -Be 1
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.Exception.Message | Should -Match '^What if: 3 of 4 rows of .* nothing would be imported'
        $result.Terminating.TargetObject | Should -Be $bad
        Get-StoreSnapshot | Should -Be $before
        Get-BmgImportHistory | Should -BeNullOrEmpty
    }

    It 'the real run of the same file agrees: refused, Created 0 and PlannedCreated 1 in its history' {
        $bad = Write-TestCsv "$(New-Folder)/bad.csv" $BadLines
        $dry = Invoke-Captured { Import-BmgDeviceCsv $bad -WhatIf -ErrorAction SilentlyContinue }
        $real = Invoke-Captured { Import-BmgDeviceCsv $bad -ErrorAction SilentlyContinue }

        Get-ErrorId $real.Terminating | Should -Be 'ImportFailed'
        $entry = Get-BmgImportHistory -Last 1
        $entry.Status | Should -Be 'Refused'
        $summary = @($dry.Output)[-1]
        $summary.Created | Should -Be $entry.Created
        $summary.PlannedCreated | Should -Be $entry.PlannedCreated
    }

    It 'with -SkipInvalidRows the dry run is not refused: Created counts the valid row and no ImportFailed' {
        $bad = Write-TestCsv "$(New-Folder)/bad.csv" $BadLines
        $result = Invoke-Captured { Import-BmgDeviceCsv $bad -WhatIf -SkipInvalidRows -ErrorAction SilentlyContinue }

        $result.Terminating | Should -BeNullOrEmpty
        $summary = @($result.Output)[-1]
        $summary.Refused | Should -BeFalse
        $summary.Created | Should -Be 1
    }

    It 'a file that can''t be imported at all ends a dry run in ImportFailed too' {
        $unreadable = Write-TestCsv "$(New-Folder)/header.csv" @('NoSuchColumn', 'x')
        $result = Invoke-Captured { Import-BmgDeviceCsv $unreadable -WhatIf -ErrorAction SilentlyContinue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $unreadable
    }

    It 'the per-row "What if:" lines stay (a child pwsh shows the host''s text)' {
        $bad = Write-TestCsv "$(New-Folder)/bad.csv" $BadLines
        $store = $PSDefaultParameterValues['*-Bmg*:Database']
        $child = Invoke-FreshPwsh -Script @"
Import-Module '$env:BMG_TEST_MODULE'
`$env:BMG_DATABASE = '$store'
try { Import-BmgDeviceCsv -LiteralPath '$bad' -WhatIf -ErrorAction SilentlyContinue | Out-Null } catch { 'caught ' + (`$_.FullyQualifiedErrorId -split ',')[0] }
"@
        $child.Text | Should -Match "What if: Line 4 of '.*bad\.csv': Created user 'ueda', Created device 'ipad-1003'"
        $child.Text | Should -Match 'caught ImportFailed'
    }
}

Describe 'Walkthrough 12, finding 4: the nightly-job template of the help keeps its log under pwsh -File with redirected output' {
    It 'exit code 1 for a refused file; the good file''s summary on stdout; the ImportFailed text on stderr' {
        $store = New-NightlyStore
        $name = New-Folder
        $job = Join-Path $TestDrive $name
        $null = New-Item -ItemType Directory -Path (Join-Path $job 'incoming')
        $null = Write-TestCsv "$name/incoming/good.csv" $GoodLines
        $bad = Write-TestCsv "$name/incoming/bad.csv" $BadLines
        # Dropped during the day: the template leaves only files written in the last 5 minutes for the next run.
        Get-ChildItem (Join-Path $job 'incoming') | ForEach-Object { $_.LastWriteTime = (Get-Date).AddHours(-3) }
        # The template exactly as Get-Help Import-BmgDeviceCsv -Examples shows it.
        $run = Invoke-NightlyLogJob $store $job
        $out = $run.Out
        $err = $run.Err
        $run.ExitCode | Should -Be 1 -Because "stdout: $out stderr: $err"
        # Each file's counts under its name (the summary's Source header: walkthrough 37, 11).
        $out | Should -Match '(?m)^\s*Source: good\.csv\s+Rows\b[^\n]*\n[- \r]+\n\s*2\s+2\s+0\s+0\s+0\s+False\s+0\s+0\s+True\s*$'
        $err | Should -Match ([regex]::Escape("3 of 4 rows of '$bad' failed, so nothing was imported from it."))
        $err | Should -Match ([regex]::Escape("EmailAddress value 'kato@example' is not valid"))
        # Each error one line starting with its ErrorId (walkthrough 19, finding 6): a log grepped for an ErrorId finds it.
        $lines = @($err -split '\r?\n' | Where-Object { $_ })
        $lines | Should -HaveCount 4 -Because "stderr: $err"
        $lines[0] | Should -BeLike "InvalidFieldValue: Line 2 (device 'ipad-1001') of '$bad': EmailAddress value 'kato@example' is not valid*"
        $lines[1] | Should -BeLike "ReferenceNotFound: Line 3 (device 'ipad-1002') of '$bad': *NoSuchTemplate*"
        $lines[2] | Should -BeLike "DuplicateSerial: Line 5 of '$bad': Serial 'F9FXK2BBBB03'*"
        $lines[3] | Should -BeLike "ImportFailed: 3 of 4 rows of '$bad' failed, so nothing was imported from it.*"

        # Walkthrough 26, finding 1: a file written in the last 5 minutes may still be being copied; the next run takes it.
        $null = New-Item -ItemType Directory -Path (Join-Path $job 'archive')
        Move-Item -LiteralPath (Join-Path $job 'incoming/bad.csv'), (Join-Path $job 'incoming/good.csv') -Destination (Join-Path $job 'archive')
        [System.IO.File]::WriteAllText((Join-Path $job 'incoming/copying.csv'), "Identifier,OS`r`nfresh-1,ios`r`n")
        $run = Invoke-NightlyLogJob $store $job
        $err = $run.Err
        $run.ExitCode | Should -Be 1 -Because "stderr: $err"
        $err.Trim() | Should -BeExactly 'NoFileReady: No file in ./incoming is ready to import.'
        Get-BmgDevice -Identifier fresh-1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    # Walkthrough 26, findings 3 and 4: Excel's "Unicode text" (UTF-16, tab-separated, saved as .txt) is in the job's pattern
    # and read at tabs; and the summary table is sized to every file, so a long Source after 60 short ones is not cut
    # (Format-Table without -AutoSize sizes its columns from the first objects, about 50).
    It 'imports Excel''s "Unicode text" *.txt beside the *.csv files, and its table shows every Source in full' {
        $store = New-NightlyStore
        $name = New-Folder
        $job = Join-Path $TestDrive $name
        $null = New-Item -ItemType Directory -Path (Join-Path $job 'incoming')
        $null = Write-TestCsv "$name/incoming/a.csv" $GoodLines
        foreach ($n in 1..60) { $null = Write-TestCsv ("$name/incoming/a{0:d2}.csv" -f $n) @('Identifier,OS', ('many-{0:d2},ios' -f $n)) }
        $longName = 'b-unicode-text-saved-by-the-osaka-branch-office-for-the-december-delivery.txt'
        $null = Write-TestCsv "$name/incoming/$longName" -Encoding unicode -Lines @(
            ($Header -replace ',', "`t")
            "sato`tSato Eri`tsato@example.com`tipad-3001`tStandard`tios`tSales`tF9FXK2DDDD01`t大阪 iPad 3001`t"
        )
        $null = Write-TestCsv "$name/incoming/notes.md" -Lines @('not a device list')
        # Files older than the job's five minutes: the job leaves a file still arriving for the next run (walkthrough 26, finding 1)
        Get-ChildItem (Join-Path $job 'incoming') | ForEach-Object { $_.LastWriteTime = (Get-Date).AddHours(-3) }
        $run = Invoke-NightlyLogJob $store $job
        $out = $run.Out
        $err = $run.Err
        $run.ExitCode | Should -Be 0 -Because "stdout: $out stderr: $err"
        $err | Should -BeNullOrEmpty
        $out | Should -Match '(?m)^\s*Source: a\.csv\s+Rows\b[^\n]*\n[- \r]+\n\s*2\s+2\s+0\s+0\s+0\s+False\s+0\s+0\s+True\s*$'
        $out | Should -Match ('(?m)^\s*Source: ' + [regex]::Escape($longName) + '\s+Rows\b[^\n]*\n[- \r]+\n\s*1\s+1\s+0\s+0\s+0\s+False\s+0\s+0\s+True\s*$')
        $out | Should -Not -Match '…'
        @(Get-BmgDevice | Where-Object Identifier -like 'many-*') | Should -HaveCount 60
        (Get-BmgDevice -Identifier 'ipad-3001').DisplayName | Should -BeExactly '大阪 iPad 3001'
    }
}

# Walkthrough 14, finding 1: the help's "nightly import that keeps the good rows" example, offered for a scheduled task,
# exited 0 on a missing file or a header typo (-ErrorAction SilentlyContinue hid the cause that ImportFailed said was
# "reported above"), and a missing file has no import history entry for Get-BmgImportHistory -Last 1 to show.
Describe 'Walkthrough 14, finding 1: the help''s nightly -SkipInvalidRows import fails the task on a file it could not import' {
    BeforeEach {
        $script:store = New-NightlyStore
        $script:name = New-Folder
        $script:job = Join-Path $TestDrive $name
        $null = New-Item -ItemType Directory -Path (Join-Path $job 'incoming')
    }

    It 'a missing file: exit code 1, FileNotFound and ImportFailed in the log, no import history entry' {
        # An earlier, unrelated import: what Get-BmgImportHistory -Last 1 shows after a night without input.
        $null = Import-BmgDeviceCsv (Write-TestCsv "$name/earlier.csv" $GoodLines)
        $result = Invoke-KeepGoodRowsJob $store $job
        $result.ExitCode | Should -Be 1 -Because "stdout: $($result.Out) stderr: $($result.Err)"
        $result.Err | Should -Match 'incoming/devices\.csv'
        $result.Err | Should -Match 'does not exist|did not resolve to a file'
        $result.Err | Should -Match "(?s)could not be imported: .*\(FileNotFound\)"
        # Decided (twelfth round, kept): a file that never arrived never became an import.
        @(Get-BmgImportHistory).Count | Should -Be 1
    }

    It 'a header typo: exit code 1, the column''s error and ImportFailed in the log' {
        Set-Content -LiteralPath (Join-Path $job 'incoming/devices.csv') -Value "Identifer,OS`nipad-9,ios" -Encoding utf8NoBOM
        $result = Invoke-KeepGoodRowsJob $store $job
        $result.ExitCode | Should -Be 1 -Because "stdout: $($result.Out) stderr: $($result.Err)"
        $result.Err | Should -Match "Identifer"
        $result.Err | Should -Match "Did you mean 'Identifier'"
        $result.Err | Should -Match 'could not be imported'
        $entry = Get-BmgImportHistory -Last 1
        $entry.Source | Should -BeLike '*incoming/devices.csv' -Because 'a file that was read and refused has its entry'
        $entry.Status | Should -Be 'Failed'
    }

    # Walkthrough 23, finding 8: a night whose every row failed exited 0 and looked fine the next morning. Rows handed back
    # are work waiting: the job exits 2 (1 stays "a file could not be imported at all").
    It 'bad rows: the good ones imported, the bad ones in ./rejected and in the log, exit code 2' {
        $null = Write-TestCsv "$name/incoming/devices.csv" $BadLines
        $result = Invoke-KeepGoodRowsJob $store $job
        $result.ExitCode | Should -Be 2 -Because "stdout: $($result.Out) stderr: $($result.Err)"
        $result.Err | Should -Match ([regex]::Escape("EmailAddress value 'kato@example' is not valid"))
        @(Get-BmgDevice).Identifier | Should -Be @('ipad-1003')
        $rejected = @(Get-ChildItem -LiteralPath (Join-Path $job 'rejected') -Filter 'devices-*.csv')
        $rejected | Should -HaveCount 1
        @(Import-Csv -LiteralPath $rejected[0].FullName).Identifier | Should -Be @('ipad-1001', 'ipad-1002', 'ipad-1004')
    }

    It 'every row failed: nothing imported, exit code 2, the rows in ./rejected (walkthrough 23, finding 8)' {
        $null = Write-TestCsv "$name/incoming/devices.csv" @($Header, 'mori,Mori Aki,mori@example.com,ipad-1002,NoSuchTemplate,ios,Sales,F9FXK2BBBB02,iPad 1002,')
        $result = Invoke-KeepGoodRowsJob $store $job
        $result.ExitCode | Should -Be 2 -Because "stdout: $($result.Out) stderr: $($result.Err)"
        @(Get-BmgDevice) | Should -HaveCount 0
        $entry = Get-BmgImportHistory -Last 1
        $entry.Failed | Should -Be 1
        @(Get-ChildItem -LiteralPath (Join-Path $job 'rejected') -Filter 'devices-*.csv') | Should -HaveCount 1
    }

    It 'a good night: exit code 0 and no rejected file' {
        $null = Write-TestCsv "$name/incoming/devices.csv" $GoodLines
        $result = Invoke-KeepGoodRowsJob $store $job
        $result.ExitCode | Should -Be 0 -Because "stdout: $($result.Out) stderr: $($result.Err)"
        @(Get-ChildItem -LiteralPath (Join-Path $job 'rejected') -Filter 'devices-*.csv') | Should -HaveCount 0
    }

    # Walkthrough 23, finding 2: named by date only, a second run the same day (a re-run after fixing the share, a manual run
    # after the scheduled one) replaced the first run's rejected rows.
    It 'two runs the same day with different bad rows: each run''s rejected rows kept in a file of its own (walkthrough 23, finding 2)' {
        $null = Write-TestCsv "$name/incoming/devices.csv" @($Header, 'mori,Mori Aki,mori@example.com,ipad-1002,NoSuchTemplate,ios,Sales,F9FXK2BBBB02,iPad 1002,')
        $first = Invoke-KeepGoodRowsJob $store $job
        $first.ExitCode | Should -Be 2 -Because "stdout: $($first.Out) stderr: $($first.Err)"
        # The name holds the time to the second: the second run must not start within the first's second.
        Start-Sleep -Milliseconds 1100
        $null = Write-TestCsv "$name/incoming/devices.csv" @($Header, 'kato,Kato Ken,kato@example,ipad-1001,Standard,ios,Sales,F9FXK2BBBB01,iPad 1001,')
        $second = Invoke-KeepGoodRowsJob $store $job
        $second.ExitCode | Should -Be 2 -Because "stdout: $($second.Out) stderr: $($second.Err)"

        $rejected = @(Get-ChildItem -LiteralPath (Join-Path $job 'rejected') -Filter 'devices-*.csv' | Sort-Object Name)
        $rejected | Should -HaveCount 2
        @(Import-Csv -LiteralPath $rejected[0].FullName).Identifier | Should -Be @('ipad-1002')
        @(Import-Csv -LiteralPath $rejected[1].FullName).Identifier | Should -Be @('ipad-1001')
    }
}
