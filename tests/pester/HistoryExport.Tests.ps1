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

# Round 25 (histq25): what a query found of an entry (Verified, FieldChanges) and the subject's name and key are properties of
# the entry's own type, not note properties added to its PSObject (those cost ~10 µs an entry, kept in a table beside it); the
# views' type names stay, and Export-Csv / ConvertTo-Json write the same columns but the stores' bookkeeping.
Describe 'What Get-BmgDeviceHistory / Get-BmgUserHistory write' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'typed-01' -OS ios -DisplayName 'Front' -Code 123456 | Out-Null
        Set-BmgDevice 'typed-01' -DisplayName 'Back' -Code 987654 -WarningAction SilentlyContinue
        New-BmgUser -UserName 'typed.user' -Name 'Typed' | Out-Null
        Set-BmgUser 'typed.user' -Name 'Retyped'
    }

    It 'a device entry: Identifier, DeviceKey, Verified and FieldChanges are properties of its type, the type the views select on' {
        $entry = @(Get-BmgDeviceHistory 'typed-01' -Field DisplayName)[0]
        # hq26: no type name inserted (a table entry beside each object): the entry's own type is the first.
        $entry.pstypenames[0] | Should -BeExactly 'BizMobileGo.Core.History.DeviceHistoryEntry'
        $entry.pstypenames | Should -Not -Contain 'BizMobileGo.Core.History.ChangeEntry#DeviceHistory'
        $entry.pstypenames | Should -Contain 'BizMobileGo.Core.History.ChangeEntry' -Because 'it is a ChangeEntry, of its own type'
        foreach ($name in 'Identifier', 'DeviceKey', 'Verified', 'FieldChanges') {
            $entry.PSObject.Properties[$name].MemberType | Should -Be 'Property' -Because "$name is the type's own, not a note property"
        }

        $entry.Identifier | Should -Be 'typed-01'
        $entry.DeviceKey | Should -BeOfType [long]
        $entry.DeviceKey | Should -Be (Get-BmgDevice 'typed-01').DeviceKey
        $entry.Verified | Should -BeTrue
        $entry.FieldChanges | Should -BeExactly "DisplayName: Front $([char]0x2192) Back"
        @(Get-BmgDeviceHistory 'typed-01')[0].FieldChanges | Should -BeNullOrEmpty -Because 'without -Field there is no FieldChanges'
    }

    It 'a user entry: UserName, UserKey, Verified and FieldChanges the same way' {
        $entry = @(Get-BmgUserHistory 'typed.user' -Field Name)[0]
        $entry.pstypenames[0] | Should -BeExactly 'BizMobileGo.Core.History.UserHistoryEntry'
        foreach ($name in 'UserName', 'UserKey', 'Verified', 'FieldChanges') {
            $entry.PSObject.Properties[$name].MemberType | Should -Be 'Property'
        }

        $entry.UserName | Should -Be 'typed.user'
        # Walkthrough 32, finding 9: which user, as Get-BmgUser says it (a name can stand for a removed user and a later one).
        $entry.UserKey | Should -BeOfType [long]
        $entry.UserKey | Should -Be (Get-BmgUser 'typed.user').UserKey
        $entry.FieldChanges | Should -BeExactly "Name: Typed $([char]0x2192) Retyped"
        $entry.PSObject.Properties['DeviceKey'] | Should -BeNullOrEmpty
    }

    It 'Export-Csv writes the entry''s columns, the subject first, without the stores'' bookkeeping, and no code' {
        $text = Get-BmgDeviceHistory 'typed-01' -Field DisplayName | ConvertTo-Csv
        # Database (walkthrough 29): the store the entry was read from, so that a report gathered from several stores says which.
        $text[0] | Should -BeExactly ('"Identifier","DeviceKey","Verified","FieldChanges","Database","Sequence","At","OsUser","Host","Command","ChangedBy","ImportId","Line",' +
            '"SubjectKind","SubjectKey","Subject","Action","Changes","PreviousHash","Hash","Summary","ChangeList"')
        $rows = @($text | ConvertFrom-Csv)
        $rows[0].FieldChanges | Should -BeExactly "DisplayName: Front $([char]0x2192) Back"
        $rows[0].Verified | Should -Be 'True'
        ($text -join "`n") | Should -Not -Match '123456|987654'
    }

    It 'ConvertTo-Json writes the same, FieldChanges one line, the changes a list, no code' {
        $json = @(Get-BmgDeviceHistory 'typed-01' -Field DisplayName)[0] | ConvertTo-Json -Depth 3
        $json | Should -Not -Match '123456|987654|EndsAName|RenamedFrom'
        $back = $json | ConvertFrom-Json
        $back.Identifier | Should -Be 'typed-01'
        $back.Verified | Should -BeTrue
        $back.FieldChanges | Should -BeExactly "DisplayName: Front $([char]0x2192) Back"
        @($back.Changes).Field | Should -Be @('Code', 'DisplayName')
    }
}

Describe 'Clear-BmgHistory -PassThru | Export-Csv (walkthrough 16.9)' {
    It 'writes the clear''s own entry''s changes on one line too' {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'gone-1' -OS ios | Out-Null
        $row = Clear-BmgHistory -Before (Get-Date) -Confirm:$false -PassThru | ConvertTo-Csv | ConvertFrom-Csv
        $row.Changes | Should -Match "^Before: \(none\) $([char]0x2192) .+; RemovedEntries: \(none\) $([char]0x2192) 1; ChainStart: \(none\) $([char]0x2192) \d+; ChainStartPreviousHash: "
    }
}

# left27: an auditor's files read the same on every computer. Export-Csv writes a time in the culture of the computer that
# ran it, to the second ("05.12.2026 16:44:05 +09:00" in German), and ConvertTo-Json an enum as its number ("Action": 1).
# The help's report example, run as Get-Help shows it under a German culture, writes At as ISO 8601 to the fraction and
# Action as its name in both files; both read back to the entries' own values.
Describe 'The auditor''s report example of Get-BmgDeviceHistory, run in another culture (left27)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'audit-01' -OS ios -DisplayName 'Front' | Out-Null
        Set-BmgDevice 'audit-01' -DisplayName 'Back' -ChangedBy 'CONTOSO\alice'
        $script:Entries = @(Get-BmgDeviceHistory 'audit-01')
        $script:Folder = Join-Path $TestDrive 'audit'
        New-Item -ItemType Directory $Folder | Out-Null
        $script:Result = Invoke-HelpExampleInCulture Get-BmgDeviceHistory 'device-changes\.csv' $Folder 'de-DE'
    }

    It 'runs as written' {
        $Result.Terminating | Should -BeNullOrEmpty
        @($Result.Errors | ForEach-Object { "$_" }) | Should -BeNullOrEmpty
    }

    It 'the CSV file: At as ISO 8601 with offset and fraction, the same instant to the tick; Action as its name' {
        $rows = @(Import-Csv (Join-Path $Folder 'device-changes.csv') -Encoding utf8BOM)
        $rows.Count | Should -Be $Entries.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].At | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}[+-]\d\d:\d\d$'
            [DateTimeOffset]::Parse($rows[$i].At, [cultureinfo]::InvariantCulture) | Should -Be $Entries[$i].At
            $rows[$i].Action | Should -BeExactly "$($Entries[$i].Action)"
        }
        $rows.Action | Should -Be @('Changed', 'Created')
    }

    It 'the JSON file: the same columns, Action as its name, At the same instant' {
        $json = @(Get-Content (Join-Path $Folder 'device-changes.json') -Raw | ConvertFrom-Json -DateKind String)
        $json.Count | Should -Be $Entries.Count
        $json.Action | Should -Be @('Changed', 'Created')
        [DateTimeOffset]::Parse($json[0].At, [cultureinfo]::InvariantCulture) | Should -Be $Entries[0].At
        @($json[0].Changes).Field | Should -Be @('DisplayName')
        $json[0].PSObject.Properties.Name | Should -Be @('Sequence', 'At', 'OsUser', 'Host', 'ChangedBy', 'Command', 'ImportId', 'Line', 'Identifier', 'DeviceKey',
            'Action', 'Changes', 'Verified')
    }

    It 'carries who, which device, the order and whether it verified (walkthrough 35, 2)' {
        $rows = @(Import-Csv (Join-Path $Folder 'device-changes.csv') -Encoding utf8BOM)
        $rows[0].ChangedBy | Should -BeExactly 'CONTOSO\alice' -Because 'the person a portal acted for is the auditor''s "who"'
        $rows[0].DeviceKey | Should -Be "$($Entries[0].DeviceKey)"
        $rows.Sequence | Should -Be @($Entries.Sequence | ForEach-Object { "$_" })
        $rows.Verified | Should -Be @('True', 'True')
    }
}

Describe 'a value that reads as another change is quoted in the Changes text (walkthrough 35, 5)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'audit-02' -OS ios -Description '営業部, 東京' | Out-Null
    }

    It 'a value that reads as another change is quoted; plain values are not; the values themselves are kept as given' {
        $Arrow = [char]0x2192
        $forged = "ok; Code: changed; UserName: kato $Arrow yamada"
        Set-BmgDevice 'audit-02' -Description $forged -ChangedBy 'CONTOSO\mallory'
        $entry = @(Get-BmgDeviceHistory 'audit-02')[0]
        "$($entry.Changes[0])" | Should -BeExactly "Description: 営業部, 東京 $Arrow `"ok; Code: changed; UserName: kato $Arrow yamada`""
        $entry.Changes[0].NewValue | Should -BeExactly $forged -Because 'only the text is quoted, not the value'
        Set-BmgDevice 'audit-02' -Description 'say "hi": now' | Out-Null
        "$(@(Get-BmgDeviceHistory 'audit-02')[0].Changes[0])" | Should -BeExactly "Description: `"ok; Code: changed; UserName: kato $Arrow yamada`" $Arrow `"say `"`"hi`"`": now`""
        Set-BmgDevice 'audit-02' -Description '(cleared)' | Out-Null
        "$(@(Get-BmgDeviceHistory 'audit-02')[0].Changes[0])" | Should -BeLike "* $Arrow `"(cleared)`""
        Set-BmgDevice 'audit-02' -Description 'plain text' | Out-Null
        "$(@(Get-BmgDeviceHistory 'audit-02')[0].Changes[0])" | Should -BeExactly "Description: `"(cleared)`" $Arrow plain text"
        (Test-BmgHistory).Valid | Should -BeTrue
    }
}
