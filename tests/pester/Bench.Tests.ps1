BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

# The benchmark at 1,000 rows, so that it can't rot: it runs, and its figures are sane numbers.
# Speed itself is the benchmark's business; nothing here asserts a time.
Describe 'build.ps1 Bench' {
    BeforeAll {
        $out = Join-Path $TestDrive 'bench'
        # The PostgreSQL scenarios too, where a throw-away server can be started (as build.ps1 Bench does).
        $script:WithPostgres = [bool](Find-PostgresBinaries)
        $postgresScenarios = @(if ($script:WithPostgres) { '-PostgresScenarios' })
        # Three pairs of 1 and 1w, not a real run's seven: the fewest that still alternate which goes first (1, 1w; 1w, 1; 1, 1w)
        # and have a median that is one run's; each pair is two imports in fresh processes.
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Bench/Invoke-Benchmark.ps1') `
            -Rows 1000 -ModuleManifest $env:BMG_TEST_MODULE -OutDirectory $out -FirstImportPairs 3 @postgresScenarios *> (Join-Path $TestDrive 'bench.log')
        $script:ExitCode = $LASTEXITCODE
        $script:Report = Get-Content -Raw (Join-Path $out 'bench-1000.json') -ErrorAction SilentlyContinue | ConvertFrom-Json
    }

    It 'runs to the end and writes its JSON report' {
        $ExitCode | Should -Be 0
        $Report.Rows | Should -Be 1000
        $Report.Machine.Cores | Should -BeGreaterThan 0
        # What the peak memory of every scenario moves with: the GC's generation-0 budget, sized from the largest CPU cache.
        [double]$Report.Machine.Gen0BudgetMB | Should -BeGreaterThan 0
        if (Test-Path /sys/devices/system/cpu/cpu0/cache) { [double]$Report.Machine.LargestCacheMB | Should -BeGreaterThan 0 }
    }

    It 'measures every scenario of the module and the script baseline, each with a positive rate and peak memory' {
        $scenarios = $Report.Results.Scenario
        foreach ($expected in '1. import into a new store', '2. same file again (all Unchanged)', '3. same file with -WhatIf',
            '4. half the rows change one field', '5a. Get-BmgDeviceDepLink, identifiers piped', '5b. Get-BmgDeviceDepLink -Serial, repeated') {
            $scenarios | Should -Contain $expected
        }
        $scenarios | Should -Contain 'a. script: Import-Csv | ForEach-Object INSERT'
        foreach ($result in $Report.Results) {
            $result.Count | Should -BeGreaterThan 0 -Because $result.Scenario
            [double]$result.PerSecond | Should -BeGreaterThan 0 -Because $result.Scenario
            [double]::IsFinite([double]$result.PerSecond) | Should -BeTrue -Because $result.Scenario
            # b: where GNU time is missing; d and d2: the PostgreSQL server's memory is not the measured process's.
            if ($result.Scenario -notmatch '^(b|d|d2)\.') { [double]$result.PeakMB | Should -BeGreaterThan 0 -Because $result.Scenario }
            # The CPU seconds of the measured work, beside the wall-clock seconds (every process of the module and a).
            if ($result.Scenario -match '^([1-5]|a)') { [double]$result.'CPU s' | Should -BeGreaterThan 0 -Because $result.Scenario }
        }
        ($Report.Results | Where-Object Scenario -like '1.*').Count | Should -Be 1000
        if (Find-PostgresBinaries) {
            ($Report.Results | Where-Object Scenario -like 'd.*').Count | Should -Be 1000
            # d2: the rows written by psql into a database the module made (its schema; the count of its devices).
            ($Report.Results | Where-Object Scenario -like 'd2.*').Count | Should -Be 1000
        }
        if (Get-Command sqlite3 -CommandType Application -ErrorAction SilentlyContinue) {
            # c2: the rows written by the sqlite3 shell into a store the module made.
            ($Report.Results | Where-Object Scenario -like 'c2.*').Count | Should -Be 1000
        }
        ($Report.Results | Where-Object Scenario -like '5a.*').Count | Should -Be 1000
    }

    It 'runs each look-up scenario in three fresh processes and shows the median run, every run''s seconds beside it' {
        foreach ($name in '5a. Get-BmgDeviceDepLink, identifiers piped', '5b. Get-BmgDeviceDepLink -Serial, repeated') {
            $runs = @($Report.LookupRuns.$name)
            $runs | Should -HaveCount 3 -Because $name
            $shown = [double]($Report.Results | Where-Object Scenario -eq $name).Seconds
            $sorted = @($runs | ForEach-Object { [double]$_ } | Sort-Object)
            $shown | Should -Be $sorted[1] -Because "$name shows the median of $($runs -join ', ')"
            Get-Content -Raw (Join-Path $TestDrive 'bench.log') | Should -Match ([regex]::Escape("${name}: 3 runs in fresh processes"))
        }
    }

    It 'runs 1 and 1w in pairs (seven unless -FirstImportPairs says otherwise), which of the two first alternating, each into a new store, and shows the median run of each, every run beside it' {
        # build.ps1 Bench runs seven pairs unless -FirstImportPairs says otherwise (its default, which it passes on, and the
        # script's own); this run was given three.
        foreach ($file in 'build.ps1', 'tests/Bench/Invoke-Benchmark.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $Root $file), [ref]$null, [ref]$null)
            $parameter = $ast.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'FirstImportPairs' }
            $parameter.DefaultValue.Value | Should -Be 7 -Because "$file runs seven pairs unless -FirstImportPairs says otherwise"
        }
        $names = '1. import into a new store', '1w. import into a new store, without history'
        $pairs = 3
        $Report.HistoryRatios.Pairs | Should -Be $pairs -Because 'the run was given -FirstImportPairs 3'
        $middle = ($pairs - 1) / 2
        $log = Get-Content -Raw (Join-Path $TestDrive 'bench.log')
        $medians = @{}
        foreach ($name in $names) {
            $runs = @($Report.ImportRuns.$name)
            $runs | Should -HaveCount $pairs -Because $name
            # Each run into a new store: every row created (a run into a store an earlier run filled would find them unchanged).
            foreach ($run in $runs) { $run.Created | Should -Be 1000 -Because "every run of $name imports into a new store" }
            $shown = $Report.Results | Where-Object Scenario -EQ $name
            $sorted = @($runs | ForEach-Object { [double]$_.Seconds } | Sort-Object)
            [double]$shown.Seconds | Should -Be $sorted[$middle] -Because "$name shows the median of $($sorted -join ', ')"
            # The median run's own figures, not a mix: its CPU seconds are that run's (of either, should two runs tie to the millisecond).
            @($runs | Where-Object { [double]$_.Seconds -eq $sorted[$middle] } | ForEach-Object { [double]$_.CpuSeconds }) | Should -Contain ([double]$shown.'CPU s') -Because $name
            $log | Should -Match ([regex]::Escape("${name}: $pairs runs in fresh processes")) -Because $name
            $medians[$name] = $sorted[$middle]
        }
        # In pairs, which goes first alternating: 1, 1w, then 1w, 1, then 1, 1w, … by the time each measured import started.
        $order = @(foreach ($name in $names) { foreach ($run in $Report.ImportRuns.$name) { [pscustomobject]@{ Name = $name; Started = [long]$run.StartedUtcTicks } } }) |
            Sort-Object Started | ForEach-Object Name
        $order | Should -Be @(for ($pair = 0; $pair -lt $pairs; $pair++) { if ($pair % 2 -eq 0) { $names[0], $names[1] } else { $names[1], $names[0] } })
        # History's cost: the median of 1 against the median of 1w.
        [double]($Report.Results | Where-Object Scenario -EQ $names[0]).'x no history' |
            Should -Be ([math]::Round($medians[$names[0]] / $medians[$names[1]], 2))
        $Report.HistoryRatios.WallMediansRatio | Should -Be ([math]::Round($medians[$names[0]] / $medians[$names[1]], 2))
        $log | Should -Match ([regex]::Escape("History (issue 15, 1 / 1w, at most 1.15), $pairs pairs: wall x "))
        # 1c: one import given -ChangedBy into a new store of its own, beside 1w's median.
        $Report.ChangedByImport.Created | Should -Be 1000
        [double]$Report.ChangedByImport.CpuTimesWithout | Should -Be ([math]::Round([double]$Report.ChangedByImport.CpuSeconds / [double]($Report.Results | Where-Object Scenario -EQ $names[1]).'CPU s', 2))
        [double]$Report.ChangedByImport.AllocatedMB | Should -BeGreaterThan 0
        $log | Should -Match ([regex]::Escape("1c. import into a new store, given -ChangedBy (one run; its created records' entries packed, the name in the packs' header): "))
        # 4 and 4w stay single runs, and the report says so.
        $log | Should -Match ([regex]::Escape('4. half the rows change one field and 4w. half the rows change one field, without history: one run each'))
    }

    It 'records every import scenario''s garbage collection in its measured work and prints it on the scenario''s stage line' {
        $log = Get-Content (Join-Path $TestDrive 'bench.log')
        $names = @('1. import into a new store', '2. same file again (all Unchanged)', '3. same file with -WhatIf', '4. half the rows change one field',
            '1w. import into a new store, without history', '4w. half the rows change one field, without history')
        if ($WithPostgres) {
            $names += 'P1. import into a new PostgreSQL database', 'P2. same file again (all Unchanged), PostgreSQL',
                'P3. same file with -WhatIf, PostgreSQL', 'P4. half the rows change one field, PostgreSQL',
                'P5. two admins at once, half the rows each, PostgreSQL, admin 1 (first half)', 'P5. two admins at once, half the rows each, PostgreSQL, admin 2 (second half)'
        }
        foreach ($name in $names) {
            $gc = $Report.Gc.$name
            $gc | Should -Not -BeNullOrEmpty -Because $name
            [double]$gc.PauseMs | Should -BeGreaterOrEqual 0 -Because $name
            # A collection of an older generation collects the younger ones too, so the counts never rise with the generation.
            [long]$gc.Gen0Collections | Should -BeGreaterOrEqual ([long]$gc.Gen1Collections) -Because $name
            [long]$gc.Gen1Collections | Should -BeGreaterOrEqual ([long]$gc.Gen2Collections) -Because $name
            [long]$gc.Gen2Collections | Should -BeGreaterOrEqual 0 -Because $name
            # Reading and planning 500 or 1,000 rows allocates; a window that missed the work would show next to nothing.
            [long]$gc.AllocatedBytes | Should -BeGreaterThan 1MB -Because $name
            $gc.Line | Should -BeLike 'GC: * ms paused, */*/* collections, * MB allocated' -Because $name
            $gc.Line | Should -BeLike "* $($gc.Gen0Collections)/$($gc.Gen1Collections)/$($gc.Gen2Collections) collections*" -Because $name
            # On the scenario's stage line, after the import's own stages.
            $log | Should -Contain "${name}: $($Report.Stages.$name.Line) $($gc.Line)" -Because $name
        }
    }

    It 'measures the PostgreSQL scenarios next to baseline d (two admins at once among them) and checks issue 13''s targets, or says why not' {
        if (-not $WithPostgres) {
            # Without PostgreSQL's binaries (CI installs them) Bench must say why d and P1-P5 are missing, not drop them silently.
            @($Report.Results | Where-Object { $_.Scenario -like 'd.*' -or $_.Scenario -like 'd2.*' -or $_.Scenario -like 'P*' }) | Should -HaveCount 0
            Get-Content -Raw (Join-Path $TestDrive 'bench.log') | Should -Match "Baseline d needs PostgreSQL's server binaries"
            return
        }
        foreach ($name in 'P1. import into a new PostgreSQL database', 'P2. same file again (all Unchanged), PostgreSQL',
            'P3. same file with -WhatIf, PostgreSQL', 'P4. half the rows change one field, PostgreSQL', 'P5. two admins at once, half the rows each, PostgreSQL') {
            $result = $Report.Results | Where-Object Scenario -EQ $name
            $result | Should -Not -BeNullOrEmpty -Because $name
            $result.Count | Should -Be 1000 -Because $name
            [double]$result.'x d' | Should -BeGreaterThan 0 -Because $name
        }
        @($Report.PostgresTargets) | Should -HaveCount 3
        foreach ($target in $Report.PostgresTargets) { [double]$target.Figure | Should -BeGreaterThan 0 -Because $target.Target }
        # P5's two admins one after the other: the writer lock's holder, then the other's import after its commit (their sum is P5).
        $p5 = $Report.Results | Where-Object Scenario -EQ 'P5. two admins at once, half the rows each, PostgreSQL'
        $lock = $Report.P5Lock
        [double]$lock.HolderSeconds | Should -BeGreaterThan 0
        [double]$lock.AfterHolderSeconds | Should -BeGreaterOrEqual 0
        [math]::Abs([double]$lock.HolderSeconds + [double]$lock.AfterHolderSeconds - [double]$p5.Seconds) | Should -BeLessOrEqual 0.01
        @($lock.EachCpuSeconds | Where-Object { [double]$_ -gt 0 }) | Should -HaveCount 2
        # The waiting admin's wait is part of P5: far past the default 30 s, so that a slow holder is measured, not StoreBusy.
        [int]$lock.StoreWaitSeconds | Should -BeGreaterThan 30
        Get-Content (Join-Path $TestDrive 'bench.log') | Should -Contain (
            "P5's admins wait up to $($lock.StoreWaitSeconds) s for the writer lock (`$env:BMG_STORE_WAIT in their processes; unset, 30 s)")
        Get-Content (Join-Path $TestDrive 'bench.log') | Should -Contain (
            "P5, one after the other: the writer lock's holder $($lock.HolderSeconds) s, the other admin's import after its commit $($lock.AfterHolderSeconds) s")
    }

    It '12.2 records where each import scenario''s time went, stage by stage' {
        foreach ($scenario in '1. import into a new store', '2. same file again (all Unchanged)', '3. same file with -WhatIf', '4. half the rows change one field') {
            $stage = $Report.Stages.$scenario
            $stage | Should -Not -BeNullOrEmpty -Because $scenario
            foreach ($name in 'ReadAndParseMs', 'PlanAndWriteMs', 'StoreWritesMs', 'CommitMs') {
                [long]$stage.$name | Should -BeGreaterOrEqual 0 -Because "$scenario $name"
            }
            ([long]$stage.ReadAndParseMs + [long]$stage.PlanAndWriteMs) | Should -BeGreaterThan 0 -Because "$scenario reads and plans 1,000 rows"
            # The import's own -Verbose line, printed as it is (one wording: ImportStages.ToString).
            $stage.Line | Should -BeLike 'Import stages: *; store writes * ms, overlapping plan and write*' -Because $scenario
            # (The GC's figures follow on the same line: the test above.)
            @(Get-Content (Join-Path $TestDrive 'bench.log') | Where-Object { $_.StartsWith("${scenario}: $($stage.Line)") }) | Should -HaveCount 1 -Because $scenario
        }
    }

    It 'keeps the DEP warning its imports say off the console, and says in one line that they said it' {
        # The bench file's devices enroll through DEP and Apple's list is imported only after the first imports: each of those
        # says the DEP warning, as a user's import of that file would, and Bench's console shows none of the (long) lines.
        $log = Get-Content (Join-Path $TestDrive 'bench.log')
        @($log | Where-Object { $_ -like '*enroll through DEP, but no DEP device is in the store*' }) | Should -HaveCount 0
        $said = @($log | Where-Object { $_ -like 'Warnings: * imports said the DEP warning, as expected (*), kept off the console' })
        $said | Should -HaveCount 1
        # Still produced: every run of 1 and 1w, and 1c, imports into a new store (and P1 and P5's two admins on PostgreSQL).
        $firstImports = 2 * [int]$Report.HistoryRatios.Pairs + 1 + $(if ($WithPostgres) { 3 } else { 0 })
        [int]($said[0] -replace '^Warnings: (\d+) .*', '$1') | Should -Be $firstImports
        # Any other warning an import said is printed in full, never kept off the console: here there is none.
        @($log | Where-Object { $_ -like 'WARNING (*' }) | Should -HaveCount 0
    }

    It 'gives each import scenario its ratio to the script baseline' {
        foreach ($result in $Report.Results | Where-Object Unit -eq 'rows') {
            [double]$result.'x a' | Should -BeGreaterThan 0 -Because $result.Scenario
        }
    }
}

# Invoke-Benchmark.ps1 -CompareWith (the A/B of two builds) at 300 rows, so that it can't rot: it runs, alternates, and its
# figures are sane numbers. Speed itself is the benchmark's business; nothing here asserts a time. One run of every
# scenario it takes (1, each run into an empty store of its own; the re-import 2 and its -WhatIf 3; the look-ups 5a and
# 5b, in each build's store once it holds the DEP device list; M, Import-Module's own, as the thirty-seventh round
# measured ReadyToRun images with): each scenario's runs and summary are its own, so one run checks what three did, and
# each build's stores are prepared, and its re-import store first filled, once instead of two or three times.
Describe 'Invoke-Benchmark.ps1 -CompareWith' {
    BeforeAll {
        $out = Join-Path $TestDrive 'bench'
        # The module given by a path relative to the current directory, without './': the children's Import-Module took
        # such a path for a module's name before the script resolved it.
        $relative = [System.IO.Path]::GetRelativePath($Root, $env:BMG_TEST_MODULE)
        Push-Location $Root
        try {
            # -Command: -File would bind only the first of several scenarios.
            & dotnet pwsh -NoProfile -NonInteractive -Command ("& '{0}' -Rows 300 -ModuleManifest '{1}' -CompareWith '{2}' -ReimportPairs 2 -ReimportScenarios 1, 2, 3, 5a, 5b, M -OutDirectory '{3}'" -f
                (Join-Path $Root 'tests/Bench/Invoke-Benchmark.ps1'), $relative, $env:BMG_TEST_MODULE, $out) *> (Join-Path $TestDrive 'bench.log')
        } finally {
            Pop-Location
        }
        $script:ExitCode = $LASTEXITCODE
        $script:Relative = $relative
        $script:Out = $out
        $script:Report = Get-Content -Raw (Join-Path $out 'bench-reimport-ab-300.json') -ErrorAction SilentlyContinue | ConvertFrom-Json
    }

    It 'runs to the end with a relative module path and writes its JSON report' {
        $Relative | Should -Not -BeLike '.*' -Because 'the path is given as a user types it'
        $ExitCode | Should -Be 0 -Because (Get-Content -Raw (Join-Path $TestDrive 'bench.log'))
        $Report.Rows | Should -Be 300
        $Report.B | Should -Be (Resolve-Path $env:BMG_TEST_MODULE).Path
    }

    It 'runs each re-import scenario in pairs of fresh processes, which build goes first alternating, the load beside each run' {
        $runs = @($Report.Runs | Where-Object Scenario -In '2', '3')
        $runs | Should -HaveCount 8 -Because 'two scenarios, two pairs, two builds'
        foreach ($scenario in '2', '3') {
            foreach ($pair in 1, 2) {
                $both = @($runs | Where-Object { $_.Scenario -eq $scenario -and $_.Pair -eq $pair })
                ($both.Build | Sort-Object) -join ',' | Should -Be 'A,B' -Because "scenario $scenario pair $pair"
                $first = @($both | Where-Object First)
                $first | Should -HaveCount 1
                $first[0].Build | Should -Be $(if ($pair -eq 1) { 'A' } else { 'B' }) -Because 'which build goes first alternates'
            }
        }
        foreach ($run in $runs) {
            [double]$run.Seconds | Should -BeGreaterThan 0
            [double]$run.CpuSeconds | Should -BeGreaterThan 0
            [double]$run.AllocatedMB | Should -BeGreaterThan 0
            if (Test-Path /proc/loadavg) { $run.Load | Should -Not -BeNullOrEmpty }
        }
    }

    It 'summarizes each scenario from its own runs: medians, the pairs'' ratios and how many pairs B won' {
        @($Report.Summaries) | Should -HaveCount 6
        foreach ($summary in $Report.Summaries) {
            $summary.Pairs | Should -Be 2
            $mine = @($Report.Runs | Where-Object Scenario -eq $summary.Scenario)
            $wallA = @($mine | Where-Object Build -eq 'A' | ForEach-Object { [double]$_.Seconds } | Sort-Object)
            [double]$summary.WallMedianA | Should -Be (($wallA[0] + $wallA[1]) / 2)
            $ratios = @(foreach ($pair in 1, 2) {
                $a = $mine | Where-Object { $_.Pair -eq $pair -and $_.Build -eq 'A' }
                $b = $mine | Where-Object { $_.Pair -eq $pair -and $_.Build -eq 'B' }
                [double]$b.Seconds / [double]$a.Seconds
            })
            [double]$summary.WallPairsMedian | Should -Be ([math]::Round(($ratios[0] + $ratios[1]) / 2, 3))
            $summary.BFasterPairs | Should -Be @($ratios | Where-Object { $_ -lt 1 }).Count
        }
    }

    # -ReimportScenarios 1: the first import's A/B, each run into an empty store of its own.
    It 'imports into a new store in every run, in alternating pairs, and leaves no store behind' {
        $ExitCode | Should -Be 0 -Because (Get-Content -Raw (Join-Path $TestDrive 'bench.log'))
        $runs = @($Report.Runs | Where-Object Scenario -EQ '1')
        $runs | Should -HaveCount 4 -Because 'one scenario, two pairs, two builds'
        foreach ($run in $runs) {
            $run.Created | Should -Be 300 -Because "run $($run.Pair) of $($run.Build) created every row: its store was new"
            $run.First | Should -Be (($run.Pair -eq 1) -eq ($run.Build -eq 'A')) -Because 'which build goes first alternates'
        }
        @($Report.Summaries | Where-Object Scenario -EQ '1') | Should -HaveCount 1
        # Neither scenario 1's stores nor the re-import stores of the others.
        @(Get-ChildItem (Join-Path $Out 'work-300') -Filter '*.db*' -ErrorAction SilentlyContinue) | Should -HaveCount 0
    }

    # -ReimportScenarios 5a, 5b, M: the look-ups' A/B and Import-Module's own.
    It 'runs each of them in alternating pairs of fresh processes and summarizes each' {
        $ExitCode | Should -Be 0 -Because (Get-Content -Raw (Join-Path $TestDrive 'bench.log'))
        # Every scenario asked for, each in two pairs of the two builds, and no other.
        (@($Report.Runs | Group-Object Scenario | ForEach-Object { '{0}:{1}' -f $_.Name, $_.Count }) | Sort-Object) | Should -Be @('1:4', '2:4', '3:4', '5a:4', '5b:4', 'M:4')
        $runs = @($Report.Runs | Where-Object Scenario -In '5a', '5b', 'M')
        $runs | Should -HaveCount 12 -Because 'three scenarios, two pairs, two builds'
        foreach ($run in $runs) {
            [double]$run.Seconds | Should -BeGreaterThan 0
            $run.First | Should -Be (($run.Pair -eq 1) -eq ($run.Build -eq 'A')) -Because 'which build goes first alternates'
        }
        (@($Report.Summaries).Scenario | Sort-Object) | Should -Be @('1', '2', '3', '5a', '5b', 'M')
    }
}
