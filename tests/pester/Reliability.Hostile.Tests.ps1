# Hostile and broken input: every file of tests/corpus/hostile must produce exactly the errors its manifest
# (expected.json) lists and leave the store as before; plus inputs made at test time (a 10 MB cell, 20,000
# columns) and paths that are not readable CSV files (a directory, a missing file, a locked file).

BeforeDiscovery {
    $script:Corpus = (Resolve-Path (Join-Path $PSScriptRoot '../corpus/hostile')).Path
    $script:Cases = (Get-Content -Raw (Join-Path $script:Corpus 'expected.json') | ConvertFrom-Json).files |
        ForEach-Object { @{ Name = $_.name; Case = $_ } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    $script:Corpus = (Resolve-Path (Join-Path $PSScriptRoot '../corpus/hostile')).Path
    $script:Rejected = 0
    $script:Accepted = 0

    function Invoke-HostileImport {
        <# Imports a path into a fresh store with one device; returns the error records, the summary and the store states. #>
        param([string] $Path, [hashtable] $Parameters = @{})
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDevice -Identifier 'keep001' -OS ios -DisplayName 'kept' | Out-Null
        $before = Get-StoreState $database
        $errors = [System.Collections.Generic.List[object]]::new()
        $summary = $null
        try {
            $summary = Import-BmgDeviceCsv -LiteralPath $Path @Parameters -ErrorAction SilentlyContinue -ErrorVariable +rowErrors
        }
        catch { $errors.Add($_) }
        foreach ($e in @($rowErrors)) { $errors.Add($e) }
        [pscustomobject]@{ Errors = $errors; Summary = $summary; Before = $before; After = (Get-StoreState $database); Database = $database }
    }

    function Assert-Rejected($Result, [string] $ErrorId, [int] $Line = 0) {
        $matching = @($Result.Errors.Where({ $_.FullyQualifiedErrorId -and ($_.FullyQualifiedErrorId -split ',')[0] -eq $ErrorId }))
        $matching | Should -Not -BeNullOrEmpty -Because "an error $ErrorId is expected; got: $(@($Result.Errors | ForEach-Object FullyQualifiedErrorId) -join ', ')"
        if ($Line -gt 0) {
            @($matching.Where({ $_.ToString() -match "\b[Ll]ine $Line\b" }, 'First')) | Should -Not -BeNullOrEmpty -Because "the $ErrorId message must name line $Line; got: $($matching[0])"
        }
        $Result.After.Integrity | Should -Be 'ok'
        $Result.After.DataHash | Should -Be $Result.Before.DataHash -Because 'a rejected input leaves every device, user, email and reference row exactly as before'
        $Result.After.Counts['import_history'] | Should -BeLessOrEqual ($Result.Before.Counts['import_history'] + 1)
        (Invoke-StoreSql $Result.Database 'SELECT count(*) FROM import_history WHERE committed <> 0;')[0][0] | Should -Be 0 -Because 'no history row may claim a commit'
    }
}

Describe 'Hostile input: the corpus' {
    It '<Name> gives exactly the errors of expected.json, and the store as expected' -ForEach $Cases {
        $parameters = @{}
        if ($Case.PSObject.Properties['encoding']) { $parameters.Encoding = $Case.encoding }
        $result = Invoke-HostileImport (Join-Path $Corpus $Name) $parameters

        $actualIds = @($result.Errors.Where({ $true }, 'First', 200) | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] } | Where-Object { $_ } | Sort-Object -Unique)
        $expectedIds = @($Case.errors | ForEach-Object errorId | Sort-Object -Unique)
        ($actualIds -join ',') | Should -Be ($expectedIds -join ',')
        foreach ($expected in $Case.errors) { Assert-Rejected $result $expected.errorId $expected.line }
        $result.After.Integrity | Should -Be 'ok'

        if ($Case.devices -eq 0) {
            $result.After.DataHash | Should -Be $result.Before.DataHash
        }
        else {
            $result.After.Counts['devices'] | Should -Be ($result.Before.Counts['devices'] + $Case.devices)
            # Stored verbatim: every listed field holds exactly the file's cell.
            $rows = Import-Csv -LiteralPath (Join-Path $Corpus $Name)
            foreach ($row in $rows) {
                $device = Get-BmgDevice -Identifier $row.Identifier -Database $result.Database
                foreach ($field in $Case.verbatim) { $device.$field | Should -BeExactly $row.$field.Trim() }
                # 'unescaped': cells written with the export's formula escape (issue 9.11) are stored without its one apostrophe.
                foreach ($field in $Case.unescaped) { $device.$field | Should -BeExactly ($row.$field.Trim() -replace "^'(?='*[=+\-@\t\r])", '') }
            }
            $tables = foreach ($row in (Invoke-StoreSql $result.Database "SELECT name FROM sqlite_master WHERE type = 'table';")) { $row[0] }
            $tables | Should -Contain 'devices'
            $tables | Should -Contain 'users'
        }
        if ($Case.errors.Count -gt 0) { $script:Rejected++ } else { $script:Accepted++ }
    }
}

Describe 'Hostile input: made at test time' {
    It '9.12 a 10 MB cell: stopped by the 1 MB line limit (MalformedCsv) naming its line, store unchanged' {
        $path = Join-Path $TestDrive 'ten-megabyte-cell.csv'
        $writer = [System.IO.StreamWriter]::new($path, $false, [System.Text.UTF8Encoding]::new($false))
        $writer.Write("Identifier,OS,DisplayName`r`nbig001,ios,fine`r`nbig002,ios,`"")
        $writer.Write([string]::new([char]'x', 10MB))
        $writer.Write("`"`r`n")
        $writer.Dispose()
        $result = Invoke-HostileImport $path
        Assert-Rejected $result 'MalformedCsv' 3
        $script:Rejected++
    }

    It '20,000 columns: a header of 20,000 names fails UnknownCsvColumn; a row of 20,000 fields fails MalformedCsv' {
        $wideHeader = Join-Path $TestDrive 'wide-header.csv'
        [System.IO.File]::WriteAllText($wideHeader, 'Identifier,OS,' + ((1..19998 | ForEach-Object { "c$_" }) -join ',') + "`r`nw001,ios" + (',' * 19998) + "`r`n")
        Assert-Rejected (Invoke-HostileImport $wideHeader) 'UnknownCsvColumn' 1

        $wideRow = Join-Path $TestDrive 'wide-row.csv'
        [System.IO.File]::WriteAllText($wideRow, "Identifier,OS`r`nw001,ios`r`nw002,ios" + (',x' * 19998) + "`r`n")
        Assert-Rejected (Invoke-HostileImport $wideRow) 'MalformedCsv' 3
        $script:Rejected += 2
    }

    It 'a path that is a directory: PathIsDirectory, store unchanged' {
        Assert-Rejected (Invoke-HostileImport $TestDrive) 'PathIsDirectory'
        $script:Rejected++
    }

    It 'a missing file: FileNotFound, store unchanged' {
        Assert-Rejected (Invoke-HostileImport (Join-Path $TestDrive 'no-such-file.csv')) 'FileNotFound'
        $script:Rejected++
    }

    It 'a file locked by another process (FileShare.None): FileOpenFailure, store unchanged' {
        # On Linux .NET turns FileShare.None into an advisory flock(LOCK_EX) that other .NET processes honour
        # (a plain `cat` would still read the file). A file without read permission can't be tested: these tests
        # run as root, which reads it anyway. So "locked" here means: held open with FileShare.None by another pwsh.
        $path = Join-Path $TestDrive 'locked.csv'
        Set-Content -LiteralPath $path -Value "Identifier,OS`r`nlock001,ios"
        $holder = Join-Path $TestDrive 'hold-lock.ps1'
        Set-Content -LiteralPath $holder -Value @'
param([string] $Module, [string] $Path)
$stream = [System.IO.File]::Open($Path, 'Open', 'ReadWrite', 'None')
[Console]::Out.WriteLine('locked')
[System.Threading.Thread]::Sleep(-1)
'@
        $child = Start-BmgChild $holder @('-Path', $path)
        try {
            Wait-ChildLine $child '^locked' | Should -Be 'locked'
            Assert-Rejected (Invoke-HostileImport $path) 'FileOpenFailure'
        }
        finally { $child.Kill(); $child.WaitForExit() }
        # Once the lock is gone the same file imports.
        (Import-BmgDeviceCsv -LiteralPath $path -Database (New-TestStore)).Created | Should -Be 1
        $script:Rejected++
    }

    AfterAll {
        Write-ReliabilityFigure -Name 'hostile' -Kind 'hostile' -Count $script:Rejected `
            -Note 'hostile or broken inputs rejected with the expected error, store unchanged' -Extra @{ AcceptedVerbatim = $script:Accepted }
    }
}
