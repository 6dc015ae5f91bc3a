BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

# Invoke-Benchmark.ps1 -CompareWith (the re-import A/B of two builds) at 300 rows, so that it can't rot: it runs, alternates,
# and its figures are sane numbers. Speed itself is the benchmark's business; nothing here asserts a time.
Describe 'Invoke-Benchmark.ps1 -CompareWith' {
    BeforeAll {
        $out = Join-Path $TestDrive 'bench'
        # The module given by a path relative to the current directory, without './': the children's Import-Module took
        # such a path for a module's name before the script resolved it.
        $relative = [System.IO.Path]::GetRelativePath($Root, $env:BMG_TEST_MODULE)
        Push-Location $Root
        try {
            & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Bench/Invoke-Benchmark.ps1') `
                -Rows 300 -ModuleManifest $relative -CompareWith $env:BMG_TEST_MODULE -ReimportPairs 2 -OutDirectory $out *> (Join-Path $TestDrive 'bench.log')
        } finally {
            Pop-Location
        }
        $script:ExitCode = $LASTEXITCODE
        $script:Relative = $relative
        $script:Report = Get-Content -Raw (Join-Path $out 'bench-reimport-ab-300.json') -ErrorAction SilentlyContinue | ConvertFrom-Json
    }

    It 'runs to the end with a relative module path and writes its JSON report' {
        $Relative | Should -Not -BeLike '.*' -Because 'the path is given as a user types it'
        $ExitCode | Should -Be 0 -Because (Get-Content -Raw (Join-Path $TestDrive 'bench.log'))
        $Report.Rows | Should -Be 300
        $Report.B | Should -Be (Resolve-Path $env:BMG_TEST_MODULE).Path
    }

    It 'runs each re-import scenario in pairs of fresh processes, which build goes first alternating, the load beside each run' {
        $runs = @($Report.Runs)
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
        @($Report.Summaries) | Should -HaveCount 2
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
}
