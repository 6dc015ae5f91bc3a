BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:Yoshi = [char]::ConvertFromUtf32(0x20BB7)   # 𠮷: no byte in Shift_JIS (CP932)
    $script:Sushi = [char]::ConvertFromUtf32(0x1F363)   # an emoji: none either

    function New-Inventory {
        <# A user and two devices whose text holds characters CP932 can't hold, imported from a UTF-8 file (as Export-BmgDeviceCsv writes it). #>
        New-TestStore | Out-Null
        $csv = Write-TestCsv -Name 'inventory.csv' -Encoding utf8BOM -Lines @(
            'UserName,Name,UserDescription,Identifier,OS,DisplayName,Description,ExpirationDays'
            "qm1,${Yoshi}野 太郎,${Yoshi}田 team,qmark-001,ios,iPad $Sushi,営業部,30"
            "qm2,山田 花子,,qmark-002,ios,${Yoshi}野の iPad,東京,30"
        )
        Import-BmgDeviceCsv $csv | Out-Null
    }

    function Write-ExcelShiftJis([string] $Name, [string[]] $Rows) {
        <# The inventory as Excel's "CSV (コンマ区切り)" saves it: Shift_JIS (CP932), '?' for what CP932 can't hold. #>
        Write-TestCsv -Name $Name -Encoding 932 -Lines (@('UserName,Name,UserDescription,Identifier,OS,DisplayName,Description,ExpirationDays') + $Rows)
    }
}

# Walkthrough 26, finding 2: a colleague edits one column of the export in Excel and saves it as "CSV (コンマ区切り)"; every
# stored value with a character CP932 can't hold came back with '?' there and was overwritten, exit 0, without a word.
Describe 'Import-BmgDeviceCsv of Excel''s Shift_JIS save: the ''?'' Excel wrote for what CP932 can''t hold' {
    BeforeEach { New-Inventory }

    It 'keeps the stored values, applies the row''s real edit, and warns once naming the first values (ExcelShiftJisLoss)' {
        $csv = Write-ExcelShiftJis 'edited.csv' @(
            'qm1,?野 太郎,?田 team,qmark-001,ios,iPad ?,営業部,60'
            'qm2,山田 花子,,qmark-002,ios,?野の iPad,東京,30'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv }
        $r.Errors | Should -BeNullOrEmpty
        $r.Terminating | Should -BeNullOrEmpty
        $summary = $r.Output | Select-Object -Last 1
        $summary.Updated | Should -Be 1
        $summary.Unchanged | Should -Be 1

        (Get-BmgUser qm1).Name | Should -BeExactly "${Yoshi}野 太郎"
        (Get-BmgUser qm1).UserDescription | Should -BeExactly "${Yoshi}田 team"
        (Get-BmgDevice qmark-001).DisplayName | Should -BeExactly "iPad $Sushi"
        (Get-BmgDevice qmark-001).ExpirationDays | Should -Be 60
        (Get-BmgDevice qmark-002).DisplayName | Should -BeExactly "${Yoshi}野の iPad"

        @($r.Warnings).Count | Should -Be 1
        $warning = $r.Warnings[0].Message
        $warning | Should -BeLike "4 values of '$csv' kept as stored where the file has '?' for characters Shift_JIS (CP932) can't hold*"
        $warning | Should -BeLike "*(line 2: Name of user 'qm1'; line 2: UserDescription of user 'qm1'; line 2: DisplayName of device 'qmark-001'; line 3: DisplayName of device 'qmark-002')*"
        $warning | Should -BeLike '*Save the file as "CSV UTF-8"*(ExcelShiftJisLoss)'
    }

    It 'under -WarningAction Stop the kept-values warning stops the import before its commit: the row''s real edit is not written either (walkthrough 30, finding 4)' {
        $csv = Write-ExcelShiftJis 'edited-stop.csv' @(
            'qm1,?野 太郎,?田 team,qmark-001,ios,iPad ?,営業部,60'
            'qm2,山田 花子,,qmark-002,ios,?野の iPad,東京,30'
        )
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -WarningAction Stop }

        $r.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $r.Terminating.Exception.Message | Should -BeLike "*4 values of '$csv' kept as stored where the file has '?'*"
        @($r.Output) | Should -BeNullOrEmpty
        (Get-BmgDevice qmark-001).ExpirationDays | Should -Be 30 -Because 'the file''s commit came after the warning'
        $history = Get-BmgImportHistory -Last 1
        $history.Source | Should -Be $csv
        $history.Status | Should -Be 'Stopped'
    }

    It 'says a single value in its own words, naming the character by its code point' {
        $csv2 = Write-ExcelShiftJis 'name-only.csv' @('qm2,?野 花子,,,,,,')
        Set-BmgUser qm2 -Name "${Yoshi}野 花子" | Out-Null
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv2 }
        @($r.Warnings).Count | Should -Be 1
        $r.Warnings[0].Message | Should -BeLike "Line 2 of '$csv2': Name of user 'qm2' is kept as '${Yoshi}野 花子': the file has '?野 花子', with '?' for '$Yoshi' (U+20BB7), which Shift_JIS (CP932) can't hold*(ExcelShiftJisLoss)"
        (Get-BmgUser qm2).Name | Should -BeExactly "${Yoshi}野 花子"
        ($r.Output | Select-Object -Last 1).Unchanged | Should -Be 1
    }

    It 'warns under -WhatIf, and -PassThru gives the row as Unchanged with its warnings; nothing is written' {
        $csv = Write-ExcelShiftJis 'whatif.csv' @('qm1,?野 太郎,?田 team,qmark-001,ios,iPad ?,営業部,30')
        $before = Get-StoreSnapshot
        $r = Invoke-Captured { Import-BmgDeviceCsv $csv -WhatIf -PassThru }
        $r.Errors | Should -BeNullOrEmpty
        $row = @($r.Output | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Import.ImportRowResult' })
        $row.Count | Should -Be 1
        $row[0].Outcome | Should -Be 'Unchanged'
        $row[0].Changes | Should -BeNullOrEmpty
        @($row[0].GetWarnings() | Where-Object { $_ -like '*(ExcelShiftJisLoss)' }).Count | Should -Be 3
        @($r.Warnings | Where-Object { $_.Message -like "3 values of '$csv' kept as stored*(ExcelShiftJisLoss)" }).Count | Should -Be 1
        Get-StoreSnapshot | Should -Be $before

        $real = Invoke-Captured { Import-BmgDeviceCsv $csv -PassThru }
        @($real.Output)[0].Outcome | Should -Be 'Unchanged'
        @($real.Warnings).Count | Should -Be 1
        Get-StoreSnapshot | Should -Be $before
    }

    It 'names five values and counts the rest; -Verbose writes each value''s own warning' {
        $rows = 1..6 | ForEach-Object { "qv$_,?野 $_,,qv-00$_,ios,,,30" }
        $utf8 = Write-TestCsv -Name 'six.csv' -Encoding utf8BOM -Lines (@('UserName,Name,UserDescription,Identifier,OS,DisplayName,Description,ExpirationDays') + ($rows -replace '\?', $Yoshi))
        Import-BmgDeviceCsv $utf8 | Out-Null
        $csv = Write-ExcelShiftJis 'six-sjis.csv' $rows
        $verbose = Import-BmgDeviceCsv $csv -Verbose 3>&1 4>&1 | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] }
        $warnings = @($verbose | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -BeLike "6 values of '*' kept as stored*line 6: Name of user 'qv5'; and 1 more)*"
        @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "Line * Name of user 'qv*' is kept as*" }).Count | Should -Be 6
        (Get-BmgUser qv6).Name | Should -BeExactly "${Yoshi}野 6"
    }

    It 'changes a value whose ''?'' is not exactly where CP932 lost a character, and one from a UTF-8 file' {
        $sjis = Write-ExcelShiftJis 'edit.csv' @('qm1,?野 次郎,?田 team,qmark-001,ios,iPad ?,営業部,30')
        $r = Invoke-Captured { Import-BmgDeviceCsv $sjis }
        (Get-BmgUser qm1).Name | Should -BeExactly '?野 次郎'
        @($r.Warnings).Count | Should -Be 1   # the UserDescription and DisplayName: still Excel's '?'

        # A UTF-8 file could have held the characters: its '?' is what the admin wrote.
        $utf8 = Write-TestCsv -Name 'utf8.csv' -Encoding utf8BOM -Lines @('Identifier,OS,DisplayName', 'qmark-002,ios,?野の iPad')
        $r = Invoke-Captured { Import-BmgDeviceCsv $utf8 }
        $r.Warnings | Should -BeNullOrEmpty
        (Get-BmgDevice qmark-002).DisplayName | Should -BeExactly '?野の iPad'
    }
}
