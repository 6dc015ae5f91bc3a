# Walkthrough 16, finding 9: an auditor's "last month's changes as CSV". Export-Csv writes each property's .NET ToString(),
# so the Changes column of Get-BmgDeviceHistory / Get-BmgUserHistory must say the changes on one line (FieldChanges),
# not the list's type name. The round trip Export-Csv -> Import-Csv keeps a cleared value, Japanese text and a changed
# check-in code (recorded as "changed", its value never); the objects themselves stay lists (ConvertTo-Json, indexing).
# It runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Get-BmgDeviceHistory | Export-Csv (walkthrough 16.9)' {
    BeforeAll {
        $script:Store = New-TestStore
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgDevice -Identifier 'desk-01' -OS ios -Template Standard -DisplayName 'Front desk' -Description 'Lobby' -Code 123456 | Out-Null
        Set-BmgDevice 'desk-01' -DisplayName '受付の iPad' -Description '' -Code 987654 -WarningAction SilentlyContinue
        New-BmgUser -UserName 'sato' -Name 'Sato' | Out-Null
        Set-BmgUser 'sato' -Name '佐藤 花子'
        $script:Csv = Join-Path $TestDrive 'history.csv'
    }

    It 'writes the Changes column as the changes on one line, and Import-Csv reads them back' {
        Get-BmgDeviceHistory 'desk-01' | Export-Csv $Csv -Encoding utf8BOM
        $rows = @(Import-Csv $Csv -Encoding utf8BOM)
        $rows.Count | Should -Be 2
        $edit = $rows | Where-Object Command -EQ 'Set-BmgDevice'
        $edit.Changes | Should -BeExactly "Code: changed; DisplayName: Front desk $([char]0x2192) 受付の iPad; Description: Lobby $([char]0x2192) (cleared)"
        $created = $rows | Where-Object Command -EQ 'New-BmgDevice'
        $created.Changes | Should -Match "^Identifier: \(none\) $([char]0x2192) desk-01; "
        $created.Changes | Should -Match '; Code: changed(;|$)'
        (Get-Content $Csv -Raw) | Should -Not -Match 'System\.Collections|FieldChange\]'
        (Get-Content $Csv -Raw) | Should -Not -Match '123456|987654'
    }

    It 'writes every entry on one line of the file but the ChangeList column''s' {
        $text = Get-BmgDeviceHistory 'desk-01' | Select-Object At, OsUser, Command, Identifier, Changes | ConvertTo-Csv
        @($text).Count | Should -Be 3
    }

    It 'does the same for Get-BmgUserHistory' {
        $row = Get-BmgUserHistory 'sato' | Where-Object Command -EQ 'Set-BmgUser' | ConvertTo-Csv | ConvertFrom-Csv
        $row.Changes | Should -BeExactly "Name: Sato $([char]0x2192) 佐藤 花子"
    }

    It 'keeps Changes a list of field changes for everything else' {
        $entry = Get-BmgDeviceHistory 'desk-01' | Where-Object Command -EQ 'Set-BmgDevice'
        $entry.Changes.Count | Should -Be 3
        $entry.Changes[1].Field | Should -Be 'DisplayName'
        @($entry.Changes | Where-Object IsCleared).Field | Should -Be 'Description'
        $json = $entry | Select-Object Changes | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        @($json.Changes).Count | Should -Be 3
        $json.Changes[0].Field | Should -Be 'Code'
        $json.Changes[0].ValueHidden | Should -BeTrue
    }
}

Describe 'Clear-BmgHistory -PassThru | Export-Csv (walkthrough 16.9)' {
    It 'writes the clear''s own entry''s changes on one line too' {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'gone-1' -OS ios | Out-Null
        $row = Clear-BmgHistory -Before (Get-Date).AddDays(1) -Confirm:$false -PassThru | ConvertTo-Csv | ConvertFrom-Csv
        $row.Changes | Should -Match "^Before: \(none\) $([char]0x2192) .+; RemovedEntries: \(none\) $([char]0x2192) 1; ChainStart: \(none\) $([char]0x2192) \d+; ChainStartPreviousHash: "
    }
}
