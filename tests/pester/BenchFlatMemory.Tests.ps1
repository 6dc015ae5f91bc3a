BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

# tests/Bench/Measure-FlatMemory.ps1 (issue 12's flat-memory check) at 200 and 400 rows, so that it can't rot: it runs its four
# imports in fresh processes with -PassThru and prints the two peaks and their ratio. Memory itself is the check's business;
# nothing here asserts a figure.
Describe 'Measure-FlatMemory.ps1' {
    BeforeAll {
        $script:Data = Join-Path $TestDrive 'flat'
        # On the pwsh that runs this file, started directly (Common.ps1's Get-FreshPwshCommand), not through 'dotnet pwsh'.
        $command = Get-FreshPwshCommand (Join-Path $Root 'tests/Bench/Measure-FlatMemory.ps1') `
            -Argument '-Rows', 200, '-LargeRows', 400, '-ModuleManifest', $env:BMG_TEST_MODULE, '-DataDirectory', $Data
        $arguments = $command.ArgumentList
        $script:Output = & $command.FilePath @arguments 2>&1
        $script:ExitCode = $LASTEXITCODE
    }

    It 'runs every import at both row counts, each giving a result a row, with its peak and the GC heap' {
        $ExitCode | Should -Be 0 -Because ($Output -join "`n")
        foreach ($rows in 200, 400) {
            foreach ($scenario in 1..4) {
                $run = Get-Content -Raw (Join-Path $Data "$rows-$scenario.json") | ConvertFrom-Json
                $run.Count | Should -Be $rows -Because "scenario $scenario at $rows rows streams one -PassThru result a row"
                [double]$run.PeakMB | Should -BeGreaterThan 0
                [double]$run.GcLiveAfterMB | Should -BeGreaterThan 0
                [double]$run.Gc.AllocatedBytes | Should -BeGreaterThan 0
            }
        }
    }

    It 'prints each scenario''s two peaks side by side with their ratio' {
        $table = @($Output | ForEach-Object { "$_" } | Where-Object { $_ -match '^\d\. .+ MB +[\d.,]+ MB  x [\d.]+' })
        $table | Should -HaveCount 4
        foreach ($line in $table) {
            $null = $line -match '([\d.,]+) MB +([\d.,]+) MB  x ([\d.]+)'
            $small, $large, $ratio = $Matches[1..3] | ForEach-Object { [double]($_ -replace ',') }
            [math]::Abs($ratio - $large / $small) | Should -BeLessOrEqual 0.0051 -Because $line
        }
    }
}
