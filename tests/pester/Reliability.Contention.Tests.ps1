# Contention: two child processes import different files into one store while a third loops
# Get-BmgDeviceDepLink; two child processes keep changing the same device. Every import commits whole or fails
# cleanly (StoreBusy); readers only ever see committed states; final counts are exact.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    $script:Runs = 0

    $script:ImportChild = Join-Path $TestDrive 'import-loop.ps1'
    Set-Content -LiteralPath $script:ImportChild -Value @'
param([string] $Module, [string] $Database, [string] $Csv, [int] $Times = 1)
Import-Module $Module
for ($i = 0; $i -lt $Times; $i++) {
    try {
        # Warnings stay off the child's output, one outcome line an import: a file run again after the other child changed
        # its device warns that it undoes that change (a file imported before, thirty-seventh round), true here and not
        # what this test watches.
        $s = Import-BmgDeviceCsv -LiteralPath $Csv -Database $Database -ErrorAction Stop -WarningAction SilentlyContinue
        [Console]::Out.WriteLine("ok $($s.Committed) $($s.Created) $($s.Updated) $($s.EmailsQueued)")
    }
    catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0])") }
}
[Console]::Out.WriteLine('end')
'@
    $script:ReaderChild = Join-Path $TestDrive 'reader-loop.ps1'
    Set-Content -LiteralPath $script:ReaderChild -Value @'
param([string] $Module, [string] $Database, [string] $StopFile)
Import-Module $Module
[Console]::Out.WriteLine('reading')
while (-not (Test-Path $StopFile)) {
    try { [Console]::Out.WriteLine("count $(@(Get-BmgDeviceDepLink -Database $Database -ErrorAction Stop).Count)") }
    catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0]) $_") }
}
[Console]::Out.WriteLine('end')
'@

    function Read-ChildLines([System.Diagnostics.Process] $Process) {
        $lines = [System.Collections.Generic.List[string]]::new()
        while ($null -ne ($line = $Process.StandardOutput.ReadLine())) { $lines.Add($line) }
        $Process.WaitForExit()
        return , $lines
    }
}

Describe 'Two imports and a reader on one store' {
    It 'each import commits whole or fails with StoreBusy; the reader only sees committed states; final counts exact' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        $fileA = New-DeviceCsv -Path (Join-Path $TestDrive 'a.csv') -Prefix 'cona' -Count 600
        $fileB = New-DeviceCsv -Path (Join-Path $TestDrive 'b.csv') -Prefix 'conb' -Count 400
        $stopFile = Join-Path $TestDrive 'stop-reader'

        $reader = Start-BmgChild $ReaderChild @('-Database', $database, '-StopFile', $stopFile)
        Wait-ChildLine $reader '^reading' | Should -Be 'reading'
        $a = Start-BmgChild $ImportChild @('-Database', $database, '-Csv', $fileA)
        $b = Start-BmgChild $ImportChild @('-Database', $database, '-Csv', $fileB)
        $resultA = Read-ChildLines $a
        $resultB = Read-ChildLines $b
        $null = New-Item -ItemType File -Path $stopFile
        $reads = Read-ChildLines $reader

        $expected = 0
        foreach ($pair in @(@($resultA, 600), @($resultB, 400))) {
            $outcome = $pair[0][0]
            $outcome | Should -Match '^(ok True \d+ 0 \d+|error StoreBusy)$'
            if ($outcome -like 'ok*') {
                $outcome | Should -Be "ok True $($pair[1]) 0 $($pair[1])"
                $expected += $pair[1]
            }
        }
        $final = Get-StoreState $database
        $final.Integrity | Should -Be 'ok'
        $final.Counts['devices'] | Should -Be $expected
        $final.Counts['checkin_emails'] | Should -Be $expected
        $final.Counts['users'] | Should -Be $expected

        $counts = @($reads | Where-Object { $_ -like 'count *' } | ForEach-Object { [int]($_ -split ' ')[1] })
        @($reads | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty -Because 'a WAL reader is never blocked by a writer'
        $counts | Should -Not -BeNullOrEmpty
        foreach ($count in $counts) { $count | Should -BeIn @(0, 600, 400, 1000) -Because 'a reader sees only committed states, never part of an import' }
        $script:Runs++
    }
}

Describe 'Two processes changing the same device' {
    It 'the device ends as one of the two writes, never a mix; every change queued exactly one email' {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDevice -Identifier 'shared01' -OS ios | Out-Null
        $header = 'Identifier,DisplayName,Description,WifiMac,ExpirationDays,RegistrationEmail'
        $fileA = Write-TestCsv -Name 'same-a.csv' -Lines @($header, 'shared01,Writer A,Written by A,AA:AA:AA:AA:AA:AA,11,a@example.com')
        $fileB = Write-TestCsv -Name 'same-b.csv' -Lines @($header, 'shared01,Writer B,Written by B,BB:BB:BB:BB:BB:BB,22,b@example.com')

        $a = Start-BmgChild $ImportChild @('-Database', $database, '-Csv', $fileA, '-Times', 6)
        $b = Start-BmgChild $ImportChild @('-Database', $database, '-Csv', $fileB, '-Times', 6)
        $linesA = Read-ChildLines $a
        $linesB = Read-ChildLines $b
        $lines = @(@($linesA) + @($linesB) | Where-Object { $_ -ne 'end' })

        $lines | Should -HaveCount 12
        foreach ($line in $lines) { $line | Should -Match '^(ok True 0 [01] [01]|error StoreBusy)$' }
        $queued = ($lines | Where-Object { $_ -like 'ok*' } | ForEach-Object { [int]($_ -split ' ')[4] } | Measure-Object -Sum).Sum

        $device = Get-BmgDevice -Identifier 'shared01' -Database $database
        $values = "$($device.DisplayName)|$($device.Description)|$($device.WifiMac)|$($device.ExpirationDays)|$($device.RegistrationEmail)"
        $values | Should -BeIn @('Writer A|Written by A|AA:AA:AA:AA:AA:AA|11|a@example.com', 'Writer B|Written by B|BB:BB:BB:BB:BB:BB|22|b@example.com')
        @(Get-BmgCheckInEmail -Database $database).Count | Should -Be $queued
        (Get-StoreState $database).Integrity | Should -Be 'ok'
        $script:Runs++
    }

    AfterAll {
        Write-ReliabilityFigure -Name 'contention' -Kind 'contention' -Count $script:Runs -Note 'multi-process contention runs with exact final counts'
    }
}
