# Issue 12 (CSV on CsvHelper, one read), issue 9.2/9.4/9.5/9.12 (the decoder under attack) and issue 10.2
# (files as Excel and PowerShell write them): real files under $TestDrive, the built module, a real store.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Write-CsvBytes([string] $Name, [byte[]] $Bytes) {
        $path = Join-Path $TestDrive $Name
        [System.IO.File]::WriteAllBytes($path, $Bytes)
        return $path
    }

    function Get-Utf8([string] $Text) { [System.Text.UTF8Encoding]::new($false).GetBytes($Text) }
}

Describe '10.2 files as Excel and PowerShell write them' {
    BeforeEach {
        $null = New-TestStore -Created
        $script:before = Get-StoreSnapshot
    }

    It '10.2 trailing empty header cells whose columns are blank in every row are ignored, with one warning' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,OS,DisplayName,,,', 'h1,ios,One,,,', 'h2,ios,Two,, ,')
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Created | Should -Be 2
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike '*columns 4 to 6 have no name*blank in every row*ignored*'
        (Get-BmgDevice -Identifier h2).DisplayName | Should -Be 'Two'
    }

    It '10.2 an empty header cell over a column that has data stays an error, naming the line' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,OS,,', 'h1,ios,,', 'h2,ios,,surprise')
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        Assert-ErrorId $result.Errors 'UnknownCsvColumn'
        "$($result.Errors[0])" | Should -BeLike "Line 3 (device 'h2') of '*.csv': *column 4 has no name*"
        $result.Terminating | Should -Not -BeNullOrEmpty
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'a file of <Case> has no header: EmptyCsv for the import and for every -Path cmdlet, naming the file' -ForEach @(
        @{ Case = 'a UTF-8 BOM alone'; Bytes = [byte[]](0xEF, 0xBB, 0xBF) }
        @{ Case = 'empty header cells alone'; Bytes = [byte[]][char[]]",,,`r`n , ,`r`n" }
    ) {
        $csv = Write-CsvBytes (New-CsvName 'noheader') $Bytes
        foreach ($command in { Import-BmgDeviceCsv -Path $csv }, { Get-BmgDeviceDepLink -Path $csv }, { Set-BmgDeviceDepEnrollment -Path $csv }) {
            $result = Invoke-Captured $command
            Get-ErrorId $result.Errors[0] | Should -Be 'EmptyCsv' -Because "$command must not end without a word (it did for the -Path cmdlets)"
            "$($result.Errors[0])" | Should -BeLike "'$csv' is empty*its first line must be the header*"
        }
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It '10.2 rows of only delimiters or blanks are skipped like empty lines' {
        $csv = Write-CsvBytes (New-CsvName) (Get-Utf8 "Identifier,OS,DisplayName`r`nh1,ios,One`r`n,,`r`n , ,`r`n`r`nh2,ios,Two`r`n")
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -PassThru }

        $result.Errors | Should -BeNullOrEmpty
        @($result.Output).Line | Should -Be @(2, 6)
        @($result.Output).DeviceAction | Should -Be @('Created', 'Created')
    }

    It '10.2 a first line #TYPE (Windows PowerShell Export-Csv) is skipped, as Import-Csv does' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('#TYPE System.Management.Automation.PSCustomObject', '"Identifier","OS"', '"h1","ios"')
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -PassThru }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Line | Should -Be 3
        (Get-BmgDevice -Identifier h1).OS | Should -Be 'ios'
    }

    It '10.2 a file without a header gets one short error: line 1 looks like data' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('taro,Taro Yamada,taro@example.com,,,ipad01,Standard,,ios', 'hanako,Hanako,hanako@example.com,,,ipad02,Standard,,ios')
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        @($result.Errors) | Should -HaveCount 1 -Because 'one error, not one per column'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'MissingCsvHeader,*'
        $result.Errors[-1].Exception.Message | Should -BeLike "*line 1 looks like data, not a header: it has no known column name*"
        $result.Errors[-1].Exception.Message.Length | Should -BeLessThan 300
        $result.Errors[-1].Exception.Message | Should -Not -BeLike "*Did you mean*"
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'an unclosed quote is one line worded as every line error, "Line N of ''file'': " (walkthrough D)' {
        $csv = Write-CsvBytes (New-CsvName 'broken-quote') (Get-Utf8 "Identifier,OS`r`nq1,`"ios`r`n")
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        Assert-ErrorId $result.Errors 'MalformedCsv'
        $message = $result.Errors[0].Exception.Message
        $message | Should -BeLike "Line 2 of '$csv': *never closed*"
        $message | Should -Not -Match '[\r\n]'
        (Get-BmgImportHistory -Last 1).Errors[0].ToString() | Should -BeLike 'Line 2: Malformed CSV: *never closed*'
    }

    # Tabs only under a given -Delimiter: without one, a header that reads only at tabs is read at tabs (walkthrough 26, 4).
    It '10.2 a header that only parses with <Name> suggests -Delimiter <Shown>' -TestCases @(
        @{ Name = 'semicolons'; Delimiter = ';'; Shown = "';'"; Given = @{} }
        @{ Name = 'tabs, under -Delimiter '','''; Delimiter = "`t"; Shown = '"`t"'; Given = @{ Delimiter = ',' } }
    ) {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @("Identifier${Delimiter}OS${Delimiter}DisplayName", "h1${Delimiter}ios${Delimiter}One")
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv @Given }

        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $result.Errors[-1].Exception.Message.Contains("-Delimiter $Shown") | Should -BeTrue -Because $result.Errors[-1].Exception.Message
        Get-StoreSnapshot | Should -BeExactly $before

        $fixed = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -Delimiter $Delimiter }
        $fixed.Output[0].Created | Should -Be 1
    }

    It '10.2 a header with many unknown names reports the first few and lists the columns once' {
        $names = (1..40 | ForEach-Object { "Bogus$_" }) + 'Identifier'
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @(($names -join ','), ((1..41 | ForEach-Object { 'x' }) -join ','))
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        @($result.Errors).Count | Should -BeLessOrEqual 6
        $message = $result.Errors[-1].Exception.Message
        ([regex]::Matches($message, 'The columns are')).Count | Should -Be 1
        # Not repeated here: the errors above are the problems; this one counts them (walkthrough P2).
        $message | Should -BeLike '*the header has 40 problems (the first 5 reported above)*'
        $message | Should -Not -BeLike "*'Bogus1' is not a column*"
    }
}

Describe '9.2 encoding detection never garbles a file' {
    BeforeEach {
        $null = New-TestStore -Created
        $script:before = Get-StoreSnapshot
    }

    It '9.2 a UTF-8 file of Japanese names with one cp1252 row fails naming that line and byte' {
        $bytes = (Get-Utf8 "Identifier,OS,DisplayName`r`nj1,ios,山本`r`nj2,ios,田中`r`n") +
            (Get-Utf8 'j3,ios,caf') + [byte[]](0xE9) + (Get-Utf8 "`r`nj4,ios,佐藤`r`n")
        $csv = Write-CsvBytes (New-CsvName) $bytes
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidEncoding,*'
        $result.Errors[-1].Exception.Message | Should -BeLike '*line 4 is not valid UTF-8*byte 0xE9*'
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It '9.2 FF FE in the middle of a 30,000-row UTF-8 file fails naming its line' {
        $lines = [System.Text.StringBuilder]::new("Identifier,OS`r`n")
        foreach ($i in 1..15000) { $null = $lines.Append("d$i,ios`r`n") }
        $tail = [System.Text.StringBuilder]::new()
        foreach ($i in 15001..30000) { $null = $tail.Append("d$i,ios`r`n") }
        $bytes = (Get-Utf8 $lines.ToString()) + [byte[]](0xFF, 0xFE) + (Get-Utf8 ",ios`r`n") + (Get-Utf8 $tail.ToString())
        $csv = Write-CsvBytes (New-CsvName) $bytes
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidEncoding,*'
        $result.Errors[-1].Exception.Message | Should -BeLike '*line 15002 is not valid UTF-8*FF*'
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It '9.2 the encoding read is stated in the summary: <Expected>' -TestCases @(
        @{ Encoding = 'utf8'; Expected = 'UTF-8' }
        @{ Encoding = 'utf8BOM'; Expected = 'UTF-8 with BOM' }
        @{ Encoding = '932'; Expected = 'Shift_JIS (CP932)' }
        @{ Encoding = 'unicode'; Expected = 'UTF-16LE' }
    ) {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,OS,DisplayName', 'e1,ios,山本の端末') -Encoding $Encoding
        $summary = Import-BmgDeviceCsv -Path $csv

        $summary.Encoding | Should -BeExactly $Expected
        (Get-BmgDevice -Identifier e1).DisplayName | Should -BeExactly '山本の端末'
    }
}

Describe '9.5 invalid byte sequences are never turned into U+FFFD' {
    BeforeEach {
        $null = New-TestStore -Created
        $script:before = Get-StoreSnapshot
    }

    It '9.5 a UTF-8-encoded lone surrogate (ED A0 80) fails naming its line' {
        $bytes = (Get-Utf8 "UserName,Name`r`nu1,Ok`r`nu2,A") + [byte[]](0xED, 0xA0, 0x80) + (Get-Utf8 "B`r`n")
        $csv = Write-CsvBytes (New-CsvName) $bytes
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidEncoding,*'
        $result.Errors[-1].Exception.Message | Should -BeLike '*line 3*'
        Get-StoreSnapshot | Should -BeExactly $before
    }
}

Describe '9.4 the file is read once and the history hashes exactly those bytes' {
    It '9.4 the history SHA-256 is the SHA-256 of the file imported' {
        $null = New-TestStore
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,OS,DisplayName', 'k1,ios,山本') -Encoding '932'
        $summary = Import-BmgDeviceCsv -Path $csv

        $entry = Get-BmgImportHistory -Id $summary.HistoryId
        $entry.Sha256 | Should -BeExactly (Get-FileHash -Algorithm SHA256 -LiteralPath $csv).Hash.ToLowerInvariant()
    }
}

Describe '9.12 pipes and endless devices' {
    BeforeEach {
        $null = New-TestStore -Created
        $script:before = Get-StoreSnapshot
    }

    It '9.12 a FIFO is read once as it streams' -Skip:(-not $IsLinux -and -not $IsMacOS) {
        $fifo = Join-Path $TestDrive "devices-$([guid]::NewGuid().ToString('N')).fifo"
        & mkfifo $fifo
        # The writer is its own process, as with `cmd > fifo` or `<(...)`; Start-Process joins arguments, so it runs a script file.
        $script = Join-Path $TestDrive 'write-fifo.sh'
        Set-Content -Path $script -Value "printf 'Identifier,OS\r\nf1,ios\r\nf2,android\r\n' > '$fifo'"
        $writer = Start-Process -FilePath 'sh' -ArgumentList $script -PassThru
        try {
            $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $fifo }
        } finally {
            if (-not $writer.WaitForExit(10000)) { $writer.Kill() }
        }

        $result.Terminating | Should -BeNullOrEmpty
        $result.Output[0].Created | Should -Be 2
        (Get-BmgImportHistory -Id $result.Output[0].HistoryId).Sha256 | Should -Match '^[0-9a-f]{64}$'
    }

    It '9.12 /dev/zero stops at once with MalformedCsv naming line 1' -Skip:$IsWindows {
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath /dev/zero }

        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'MalformedCsv,*'
        $result.Errors[-1].Exception.Message | Should -BeLike '*line 1 contains a NUL*'
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It '9.12 /dev/urandom stops bounded with a clear error' -Skip:$IsWindows {
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath /dev/urandom }

        (Get-ErrorId $result.Errors[-1]) | Should -BeIn @('MalformedCsv', 'InvalidEncoding', 'MissingCsvHeader', 'UnknownCsvColumn')
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It '9.12 a line over 1 MB stops the import with MalformedCsv naming the line' {
        $csv = Write-TestCsv -Name (New-CsvName) -Lines @('Identifier,OS,DisplayName', 'ok1,ios,x', ('long,ios,' + ('x' * 1100000)), 'ok2,ios,y')
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'MalformedCsv,*'
        $result.Errors[-1].Exception.Message | Should -BeLike '*line 3 is longer than*'
        Get-StoreSnapshot | Should -BeExactly $before
    }
}

Describe 'the -Path files of Get-BmgDeviceDepLink and Set-BmgDeviceDepEnrollment read headers as the import does' {
    BeforeEach {
        $null = New-TestStore
        $seed = Write-TestCsv -Name (New-CsvName 'seed') -Lines @('Identifier,OS,Serial', 'p1,ios,C02PATH00001', 'p2,ios,C02PATH00002')
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
    }

    It 'Excel''s empty header cells at the end, blank in every row, are ignored with the import''s one warning' {
        # Excel keeps "Identifier,Serial,," for columns once used and now empty; some rows end with the delimiters, some not.
        $csv = Write-TestCsv -Name (New-CsvName 'excel') -Lines @('Identifier,Serial,,', 'p1,C02PATH00001,,', 'p2,C02PATH00002')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }

        $result.Errors | Should -BeNullOrEmpty
        @($result.Output.Identifier) | Should -Be @('p1', 'p2')
        @($result.Warnings.Message) | Should -Be @("'$csv': columns 3 to 4 have no name in the header and are blank in every row; they were ignored.")
    }

    It 'Set-BmgDeviceDepEnrollment -Path applies a file with an empty header cell at the end' {
        $csv = Write-TestCsv -Name (New-CsvName 'excel') -Lines @('Identifier,DEPMethod,', 'p1,Keycode,', 'p2,Keycode,')
        $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Path $csv }

        $result.Errors | Should -BeNullOrEmpty
        @(Get-BmgDevice -Identifier p1, p2 | ForEach-Object { "$($_.DEPMethod)" }) | Should -Be @('Keycode', 'Keycode')
        @($result.Warnings.Message) -like '*has no name*' | Should -Be @("'$csv': column 3 has no name in the header and is blank in every row; it was ignored.")
    }

    It 'a value under an empty header cell is an error naming the line and column; the file''s other rows are read' {
        $csv = Write-TestCsv -Name (New-CsvName 'surprise') -Lines @('Identifier,Serial,,', 'p1,C02PATH00001,,', 'p2,C02PATH00002,,surprise')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }

        Assert-ErrorId $result.Errors 'UnknownCsvColumn'
        "$($result.Errors[0])" | Should -Be "Line 3 (device 'p2') of '$csv': column 4 has no name in the header, but this row has a value in it; name the column or empty its cells."
        @($result.Output.Identifier) | Should -Be @('p1')
        $result.Warnings | Should -BeNullOrEmpty -Because 'the columns were not blank in every row'
    }

    It 'an empty first row (",,,") and a #TYPE line before the header are skipped, as the import skips them' {
        $csv = Write-TestCsv -Name (New-CsvName 'firstrow') -Lines @(',,', 'Identifier,Serial,', ',,', 'p2,C02PATH00002,')
        $typed = Write-TestCsv -Name (New-CsvName 'typed') -Lines @('#TYPE System.Management.Automation.PSCustomObject', '"Identifier","Serial"', '"p1","C02PATH00001"')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv; Get-BmgDeviceDepLink -Path $typed }

        $result.Errors | Should -BeNullOrEmpty
        @($result.Output.Identifier) | Should -Be @('p2', 'p1')
    }
}

Describe 'A file caught while it is still being copied (walkthrough 26, finding 1)' {
    BeforeEach {
        $null = New-TestStore -Created
        $script:before = Get-StoreSnapshot
    }

    It 'a last row without a line break is refused with IncompleteLastRow, naming its line; nothing is written' {
        $csv = Write-CsvBytes (New-CsvName 'copying') (Get-Utf8 "Identifier,OS,DisplayName`r`nc1,ios,営業部 iPad 1`r`nc2,ios,営")
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        Assert-ErrorId $result.Errors 'IncompleteLastRow'
        $message = $result.Errors[0].Exception.Message
        $message | Should -BeLike "Line 3 (device 'c2') of '$csv': The file ends inside this row, without a line break*still being copied*import it again once the copy is complete*"
        $result.Terminating | Should -Not -BeNullOrEmpty
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It '-SkipInvalidRows imports the complete rows and hands the cut one back in the failed-rows file' {
        $csv = Write-CsvBytes (New-CsvName 'copying') (Get-Utf8 "Identifier,OS,DisplayName`r`nc1,ios,営業部 iPad 1`r`nc2,ios,営")
        $failed = Join-Path $TestDrive (New-CsvName 'failed')
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -SkipInvalidRows -FailedRowsPath $failed }

        Assert-ErrorId $result.Errors 'IncompleteLastRow'
        $result.Terminating | Should -BeNullOrEmpty
        (Get-BmgDevice -Identifier c1).DisplayName | Should -Be '営業部 iPad 1'
        Get-BmgDevice -Identifier c2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Content -LiteralPath $failed | Should -Contain 'c2,ios,営'
    }

    It 'the same file with its line break is imported' {
        $csv = Write-CsvBytes (New-CsvName 'copied') (Get-Utf8 "Identifier,OS,DisplayName`r`nc1,ios,営業部 iPad 1`r`nc2,ios,営`r`n")
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Created | Should -Be 2
    }

    # Walkthrough 26 (leftover, round 27): a copy cut inside the header's last name ('…,DisplayNa') gave UnknownCsvColumn alone.
    It 'a header cut inside its last name, with no line break and no rows, says it may still be being copied (<Command>)' -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv'; Run = { param($p) Import-BmgDeviceCsv -Path $p } }
        @{ Command = 'Get-BmgDeviceDepLink'; Run = { param($p) Get-BmgDeviceDepLink -Path $p } }
    ) {
        $csv = Write-CsvBytes (New-CsvName 'header-cut') (Get-Utf8 'Identifier,OS,DisplayNa')
        $result = Invoke-Captured { & $Run $csv }

        Assert-ErrorId $result.Errors 'UnknownCsvColumn'
        "$($result.Errors[0])" | Should -BeLike "*'DisplayNa' is not a column*The file ends inside its header, without a line break and without rows: it may have been cut off while still being copied. If the file was still being copied, import it again once the copy is complete."
        Get-StoreSnapshot | Should -BeExactly $before
    }

    It 'the same header with its line break is refused without the hint: the file is complete' {
        $csv = Write-CsvBytes (New-CsvName 'header-typo') (Get-Utf8 "Identifier,OS,DisplayNa`r`n")
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        Assert-ErrorId $result.Errors 'UnknownCsvColumn'
        "$($result.Errors[0])" | Should -Not -BeLike '*still being copied*'
    }

    It 'an empty file says it may still be being copied' {
        $csv = Write-CsvBytes (New-CsvName 'starting') ([byte[]]@())
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }

        Assert-ErrorId $result.Errors 'EmptyCsv'
        "$($result.Errors[0])" | Should -BeLike "*is empty*If the file was still being copied, import it again once the copy is complete."
    }
}

Describe 'Full-width characters in every field with a format rule (walkthrough 26, finding 5)' {
    BeforeEach {
        $null = New-TestStore -Created
        $script:before = Get-StoreSnapshot
    }

    It 'Serial, Identifier and Code all get the IME hint; a full-width space is named by its code point; the Code stays unshown' {
        $csv = Write-TestCsv -Name (New-CsvName 'ime') -Lines @('Identifier,OS,Serial,Code', "kobe`u{3000}002,ios,,", 'kobe-003,ios,FQBX０００１２３４,', 'kobe-004,ios,,ＡＢＣ１２３')
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -SkipInvalidRows }

        Assert-ErrorId $result.Errors 'InvalidFieldValue' -Count 3
        $hint = 'has full-width characters, as a Japanese IME types them: enter the value with half-width letters and digits'
        "$($result.Errors[0])" | Should -BeLike "Line 2 of '*': Identifier value 'kobe`u{3000}002' is not valid: $hint; *character 5 ('`u{3000}', U+3000, a full-width space) is none of these."
        "$($result.Errors[1])" | Should -BeLike "Line 3 (device 'kobe-003') of '*': Serial value 'FQBX０００１２３４' is not valid: $hint; *character 5 ('０', U+FF10, a full-width digit) is none of these."
        "$($result.Errors[2])" | Should -BeLike "Line 4 (device 'kobe-004') of '*': Code value is not valid: $hint; *character 1 is none of these."
        "$($result.Errors[2])" | Should -Not -BeLike '*ＡＢＣ*'
        Get-StoreSnapshot | Should -BeExactly $before
    }
}

# Walkthrough 26, finding 4's follow-up: Excel's "Unicode テキスト" (UTF-16, tabs) is read at tabs, but -FailedRowsPath wrote its
# rows at commas, which Excel opens as "Unicode text" with every row in column A. The rows go back as the file was: at tabs.
Describe '-FailedRowsPath of a tab-separated file' {
    BeforeEach {
        $null = New-TestStore -Created
    }

    It 'writes the failed rows of Excel''s "Unicode text" in UTF-16 at tabs, and they import back without -Delimiter' {
        $csv = Write-TestCsv -Name 'unicode-text.txt' -Encoding unicode -Lines @(
            "Identifier`tOS`tDisplayName"
            "ft01`tios`t大阪, 3F"
            "ft02`tnot-an-os`t東京"
        )
        $failed = Join-Path $TestDrive 'failed-unicode.txt'
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -SkipInvalidRows -FailedRowsPath $failed }

        Assert-ErrorId $result.Errors 'InvalidFieldValue'
        $bytes = [System.IO.File]::ReadAllBytes($failed)
        $bytes[0..1] | Should -Be @(0xFF, 0xFE)
        [System.IO.File]::ReadAllLines($failed, [System.Text.Encoding]::Unicode) | Should -Be @("Identifier`tOS`tDisplayName", "ft02`tnot-an-os`t東京")

        # Fixed in place and imported again, the file is read at tabs as the original was.
        [System.IO.File]::WriteAllText($failed, "Identifier`tOS`tDisplayName`r`nft02`tandroid`t東京`r`n", [System.Text.UnicodeEncoding]::new($false, $true))
        (Import-BmgDeviceCsv -Path $failed).Created | Should -Be 1
        (Get-BmgDevice -Identifier ft02).DisplayName | Should -Be '東京'
    }

    It 'leaves out a later comma file''s rows, whose delimiter differs, with a warning' {
        $tabs = Write-TestCsv -Name 'tabs.tsv' -Lines @("Identifier`tOS", "fx01`tnot-an-os")
        $commas = Write-TestCsv -Name 'commas.csv' -Lines @('Identifier,OS', 'fx02,not-an-os')
        $failed = Join-Path $TestDrive 'failed-mixed.txt'
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $tabs, $commas -SkipInvalidRows -FailedRowsPath $failed }

        Get-Content -LiteralPath $failed | Should -Be @("Identifier`tOS", "fx01`tnot-an-os")
        @($result.Warnings | Where-Object { $_.Message -like "The failed rows of '$commas' were not written*header, encoding or delimiter differs*" }).Count | Should -Be 1
    }
}
