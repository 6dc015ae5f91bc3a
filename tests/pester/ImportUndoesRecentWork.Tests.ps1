# An import must not silently undo a colleague's recent work (walkthrough 40, findings 1 and 2): an edited export that puts
# back a field another admin changed since, and a nightly file that creates again a user removed this afternoon. Real
# stores: runs on SQLite and PostgreSQL (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # Alice's export of three devices (ExpirationDays 30), as the README's "change many devices as a file" says.
    function Initialize-AlicesExport {
        $script:Database = New-TestStore
        $seed = Write-TestCsv -Name (New-CsvName 'seed') -Lines @(
            'Identifier,OS,DisplayName,ExpirationDays'
            'dev-00001,ios,Device 1,30'
            'dev-00002,ios,Device 2,30'
            'dev-00003,ios,Device 3,30'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
        $script:Export = Join-Path $TestDrive (New-CsvName 'alice-edit')
        Get-BmgDevice | Export-BmgDeviceCsv -Path $script:Export
    }

    # Alice's edit in Excel: ExpirationDays 30 -> 60 in every row, nothing else; the edited file's path.
    function Edit-AlicesExport {
        $edited = Join-Path $TestDrive (New-CsvName 'alice-edit2')
        Import-Csv -LiteralPath $script:Export | ForEach-Object { $_.ExpirationDays = '60'; $_ } |
            Export-Csv -LiteralPath $edited -NoTypeInformation -Encoding utf8
        $edited
    }

    # user0003 with a device, removed by Bob; the nightly HR file still lists user0003, with a new device.
    function Initialize-Leaver {
        $null = New-TestStore
        $seed = Write-TestCsv -Name (New-CsvName 'seed') -Lines @(
            'UserName,EmailAddress,Identifier,OS,Code,RegistrationEmail'
            'user0003,user0003@corp.example.com,dev-00003,ios,Secret1234,user0003@corp.example.com'
            'user0004,user0004@corp.example.com,dev-00004,ios,Secret5678,user0004@corp.example.com'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
        Remove-BmgDevice dev-00003 -Confirm:$false
        Remove-BmgUser -UserName user0003 -Force -Confirm:$false -ChangedBy bob
        $script:Nightly = Write-TestCsv -Name (New-CsvName 'nightly') -Lines @(
            'UserName,EmailAddress,Identifier,OS,Code,RegistrationEmail'
            'user0004,user0004@corp.example.com,dev-00004,ios,,user0004@corp.example.com'
            'user0003,user0003@corp.example.com,dev-02103,ios,Secret4321,user0003@corp.example.com'
        )
    }
}

Describe 'An edited export that puts back a field a colleague changed since (walkthrough 40, finding 1)' {
    BeforeEach { Initialize-AlicesExport }

    It 'warns once, naming the line, device, field, both values, when and who; the rows are imported' {
        Set-BmgDevice dev-00001 -DisplayName 'Bob: replaced screen' -ChangedBy bob
        $edited = Edit-AlicesExport

        $summary = Import-BmgDeviceCsv -Path $edited -ChangedBy alice -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Updated | Should -Be 3
        @($warnings) | Should -HaveCount 1
        $text = [string]$warnings[0]
        $text | Should -BeLike ("1 row would set a field back to the value it had before another change of the last 7 days, undoing it: " +
            "Line 2 (device 'dev-00001'): DisplayName would go back to 'Device 1' over 'Bob: replaced screen', changed (on * by * for bob, Set-BmgDevice). " +
            "To keep that work, stop (nothing is written under -WarningAction Stop)*")
        $text | Should -Not -BeLike '*dev-00002*'
    }

    It 'writes nothing under -WarningAction Stop: the store as before, the attempt Stopped' {
        Set-BmgDevice dev-00001 -DisplayName 'Bob: replaced screen' -ChangedBy bob
        $edited = Edit-AlicesExport

        { Import-BmgDeviceCsv -Path $edited -ChangedBy alice -WarningAction Stop } | Should -Throw -ErrorId 'ActionPreferenceStop*'

        (Get-BmgDevice dev-00001).DisplayName | Should -BeExactly 'Bob: replaced screen'
        @(Get-BmgDevice | Where-Object ExpirationDays -eq 60) | Should -HaveCount 0
        (Get-BmgImportHistory -Last 1).Status | Should -Be 'Stopped'
    }

    It 'says it under -WhatIf too, and changes nothing' {
        Set-BmgDevice dev-00001 -DisplayName 'Bob: replaced screen' -ChangedBy bob
        $edited = Edit-AlicesExport

        Import-BmgDeviceCsv -Path $edited -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null

        @($warnings | Where-Object { "$_" -like "1 row would set a field back*Line 2 (device 'dev-00001'): DisplayName would go back*" }) | Should -HaveCount 1
        (Get-BmgDevice dev-00001).DisplayName | Should -BeExactly 'Bob: replaced screen'
    }

    It 'says nothing for an intended edit: a field nobody changed since, or a value of its own over the colleague''s' {
        Set-BmgDevice dev-00002 -DisplayName 'Bob: replaced screen' -ChangedBy bob
        $edited = Join-Path $TestDrive (New-CsvName 'alice-own')
        Import-Csv -LiteralPath $script:Export | ForEach-Object {
            $_.ExpirationDays = '60'
            if ($_.Identifier -eq 'dev-00002') { $_.DisplayName = 'Alice: spare' }
            $_
        } | Export-Csv -LiteralPath $edited -NoTypeInformation -Encoding utf8

        $summary = Import-BmgDeviceCsv -Path $edited -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Updated | Should -Be 3
        @($warnings) | Should -HaveCount 0
        (Get-BmgDevice dev-00002).DisplayName | Should -BeExactly 'Alice: spare'
    }

    It 'says nothing for an export taken after the colleague''s change' {
        Set-BmgDevice dev-00001 -DisplayName 'Bob: replaced screen' -ChangedBy bob
        Get-BmgDevice | Export-BmgDeviceCsv -Path $script:Export -Force
        $edited = Edit-AlicesExport

        $null = Import-BmgDeviceCsv -Path $edited -WarningVariable warnings -WarningAction SilentlyContinue

        @($warnings) | Should -HaveCount 0
        (Get-BmgDevice dev-00001).DisplayName | Should -BeExactly 'Bob: replaced screen'
    }
}

Describe 'A nightly file that creates again a user removed this afternoon (walkthrough 40, finding 2)' {
    BeforeEach { Initialize-Leaver }

    It 'warns once, naming the line, the user, the removal and the check-in email it queues' {
        $summary = Import-BmgDeviceCsv -Path $script:Nightly -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.UsersCreated | Should -Be 1
        @($warnings) | Should -HaveCount 1
        [string]$warnings[0] | Should -BeLike ("1 row would create again a device or user removed in the last 7 days: " +
            "Line 3: user 'user0003' was removed (on * by * for bob, Remove-BmgUser); this import creates it again and queues a check-in " +
            "email to 'user0003@corp.example.com'. To leave them removed, stop (nothing is written under -WarningAction Stop) and take those rows out of the file.")
    }

    It 'writes nothing under -WarningAction Stop: no user, no device, no email' {
        { Import-BmgDeviceCsv -Path $script:Nightly -WarningAction Stop } | Should -Throw -ErrorId 'ActionPreferenceStop*'

        Get-BmgUser user0003 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-BmgDevice dev-02103 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-BmgCheckInEmail | Where-Object Identifier -eq 'dev-02103') | Should -HaveCount 0
        (Get-BmgImportHistory -Last 1).Status | Should -Be 'Stopped'
    }

    It 'names a device removed and created again too, without an email' {
        $file = Write-TestCsv -Name (New-CsvName 'again') -Lines @(
            'Identifier,OS'
            'dev-00003,ios'
        )

        $null = Import-BmgDeviceCsv -Path $file -WarningVariable warnings -WarningAction SilentlyContinue

        @($warnings) | Should -HaveCount 1
        [string]$warnings[0] | Should -BeLike "1 row would create again*Line 2: device 'dev-00003' was removed (on * by *, Remove-BmgDevice); this import creates it again. To leave*"
    }
}

# Walkthrough 45, finding 1: HR's sheet still names a device (and a user) by the name it had before Rename-BmgDevice
# (Rename-BmgUser); the nightly import created a second device 'iphone-jp011' for ito, with a check-in code of its own,
# beside the renamed one, and said nothing, while Get-BmgDevice iphone-jp011 knew the rename.
Describe 'A nightly file that names a device or user by the name it had before a rename this week (walkthrough 45, finding 1)' {
    BeforeEach {
        $null = New-TestStore
        $script:Sheet = Write-TestCsv -Name (New-CsvName 'hr') -Encoding 932 -Lines @(
            'UserName,Name,EmailAddress,Identifier,OS,DisplayName,RegistrationEmail'
            'ito,伊藤 翔太,ito@example.co.jp,iphone-jp011,ios,伊藤のiPhone,'
            'sato,佐藤 花子,sato@example.co.jp,iphone-jp010,ios,佐藤のiPhone,sato@example.co.jp'
        )
        $null = Import-BmgDeviceCsv -Path $script:Sheet -ErrorAction Stop
    }

    It 'warns once, naming the line, the old name, each rename since and the record it creates; the rows are imported' {
        Rename-BmgDevice iphone-jp011 -NewName iphone-soumu-11 -ChangedBy bob
        Rename-BmgDevice iphone-soumu-11 -NewName iphone-soumu-12

        $summary = Import-BmgDeviceCsv -Path $script:Sheet -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Created | Should -Be 1
        @($warnings) | Should -HaveCount 1
        [string]$warnings[0] | Should -BeLike ("1 row would create a device or user under a name renamed in the last 7 days, a second one beside the renamed one: " +
            "Line 2: device 'iphone-jp011' was renamed to 'iphone-soumu-11' (on * by * for bob, Rename-BmgDevice), then to 'iphone-soumu-12' (on *, Rename-BmgDevice); " +
            "this import creates a new device 'iphone-jp011'. To change the renamed device or user instead, stop (nothing is written under -WarningAction Stop) " +
            "and give its new name in those rows.")
        @(Get-BmgDevice -UserName ito).Identifier | Sort-Object | Should -Be @('iphone-jp011', 'iphone-soumu-12')
    }

    It 'a renamed user: the row''s new user named with the rename and its check-in email; nothing written under -WarningAction Stop' {
        Rename-BmgUser sato -NewName sato.hanako -Confirm:$false
        $emails = @(Get-BmgCheckInEmail).Count

        $null = Import-BmgDeviceCsv -Path $script:Sheet -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings | Where-Object { "$_" -like '*renamed in the last 7 days*' }) | Should -HaveCount 1
        [string]($warnings | Where-Object { "$_" -like '*renamed in the last 7 days*' }) | Should -BeLike ("1 row would create a device or user under a name renamed*" +
            "Line 3: user 'sato' was renamed to 'sato.hanako' (on * by *, Rename-BmgUser); this import creates a new user 'sato' and queues a check-in email to 'sato@example.co.jp'. To change*")

        { Import-BmgDeviceCsv -Path $script:Sheet -WarningAction Stop } | Should -Throw -ErrorId 'ActionPreferenceStop*'

        Get-BmgUser sato -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-BmgDevice iphone-jp010).UserName | Should -BeExactly 'sato.hanako'
        @(Get-BmgCheckInEmail).Count | Should -Be $emails
        (Get-BmgImportHistory -Last 1).Status | Should -Be 'Stopped'
    }

    It 'says nothing for a name renamed away and given to a new record since, nor for the new name' {
        Rename-BmgDevice iphone-jp011 -NewName iphone-soumu-11
        $null = New-BmgDevice -Identifier iphone-jp011 -OS ios
        $file = Write-TestCsv -Name (New-CsvName 'after') -Lines @('Identifier,OS,DisplayName', 'iphone-jp011,ios,x', 'iphone-soumu-11,ios,y', 'iphone-jp099,ios,z')

        $summary = Import-BmgDeviceCsv -Path $file -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Created | Should -Be 1
        @($warnings) | Should -HaveCount 0
    }

    It 'says the removal, not the rename, of a name renamed away whose new record was removed since' {
        Rename-BmgDevice iphone-jp011 -NewName iphone-soumu-11
        $null = New-BmgDevice -Identifier iphone-jp011 -OS ios
        Remove-BmgDevice iphone-jp011 -Confirm:$false
        $file = Write-TestCsv -Name (New-CsvName 'again') -Lines @('Identifier,OS', 'iphone-jp011,ios')

        $null = Import-BmgDeviceCsv -Path $file -WarningVariable warnings -WarningAction SilentlyContinue

        @($warnings) | Should -HaveCount 1
        [string]$warnings[0] | Should -BeLike "1 row would create again a device or user removed in the last 7 days: Line 2: device 'iphone-jp011' was removed (on *"
    }
}

Describe 'A file longer than a chunk: the recent work is read once and every chunk''s rows are checked against it (round 41, issue 12)' {
    # The history is read at the first chunk that changes or creates rows (RecentWork); rows of later chunks are checked
    # against that read (a creation in memory, a change of a subject changed this week by its chunk's own read).
    It 'names a line of the third chunk that sets a field back and one that creates again a device removed this week' {
        $null = New-TestStore
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Identifier,OS,DisplayName,ExpirationDays')
        foreach ($i in 1..2500) { $lines.Add(('dev-{0:d5},ios,Device {0},30' -f $i)) }
        $seed = Write-TestCsv -Name (New-CsvName 'seed-long') -Lines $lines
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
        Set-BmgDevice dev-02400 -DisplayName 'Bob: replaced screen' -ChangedBy bob
        Remove-BmgDevice dev-02450 -Confirm:$false
        $edited = Write-TestCsv -Name (New-CsvName 'edited-long') -Lines @($lines | ForEach-Object { $_ -replace ',30$', ',60' })

        $summary = Import-BmgDeviceCsv -Path $edited -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Updated | Should -Be 2499
        $summary.Created | Should -Be 1
        @($warnings) | Should -HaveCount 2
        [string]$warnings[0] | Should -BeLike "1 row would set a field back*Line 2401 (device 'dev-02400'): DisplayName would go back to 'Device 2400' over 'Bob: replaced screen'*"
        [string]$warnings[1] | Should -BeLike "1 row would create again*Line 2451: device 'dev-02450' was removed (on *"
    }
}

Describe 'A row that undoes work on both its user and its device is one row (walkthrough 44, finding 8)' {
    # Two admins' files of the same 1,006 users and devices: the later import of Alice's file sets back every user's Name
    # and every device's DisplayName that Bob's file changed. That is 1,006 rows, as the summary says, not 2,012.
    It 'counts the rows that set fields back, not their users and devices: "1,006 rows …; and 1,001 more"' {
        $null = New-TestStore
        $alice = Write-TestCsv -Name (New-CsvName 'alice-both') -Lines (@('UserName,Name,Identifier,OS,DisplayName') +
            @(1..1006 | ForEach-Object { 'user{0:d4},Name {0},dev-{0:d5},ios,Device {0}' -f $_ }))
        $bob = Write-TestCsv -Name (New-CsvName 'bob-both') -Lines (@('UserName,Name,Identifier,OS,DisplayName') +
            @(1..1006 | ForEach-Object { 'user{0:d4},Bob name {0},dev-{0:d5},ios,Bob device {0}' -f $_ }))
        $null = Import-BmgDeviceCsv -Path $alice -ErrorAction Stop
        $null = Import-BmgDeviceCsv -Path $bob -ChangedBy bob -ErrorAction Stop

        $summary = Import-BmgDeviceCsv -Path $alice -ChangedBy alice -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Updated | Should -Be 1006
        $summary.UsersUpdated | Should -Be 1006
        $undone = @($warnings | Where-Object { "$_" -like '* would set a field back *' })
        $undone | Should -HaveCount 1
        [string]$undone[0] | Should -BeLike ("1,006 rows would set a field back to the value it had before another change of the last 7 days, undoing it: " +
            "Line 2 (device 'dev-00001'): DisplayName would go back to 'Device 1' over 'Bob device 1', changed (*); Line 3 (device 'dev-00002'): *; and 1,001 more. To keep that work*")
        [string]$undone[0] | Should -Not -BeLike "*Line 2 (user 'user0001')*" -Because 'a row is named once, by its device'
    }

    It 'counts a row that creates again both a removed user and a removed device once (<Where>)' -ForEach @(
        # The first chunk's rows are checked together once the recent work is read; a later chunk's row by row as planned.
        @{ Where = 'in the first chunk'; Filler = 0 }
        @{ Where = 'after 1,200 other rows'; Filler = 1200 }
    ) {
        $null = New-TestStore
        $seed = Write-TestCsv -Name (New-CsvName 'both-seed') -Lines @(
            'UserName,EmailAddress,Identifier,OS'
            'user0003,user0003@corp.example.com,dev-00003,ios'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
        Remove-BmgDevice dev-00003 -Confirm:$false
        Remove-BmgUser -UserName user0003 -Confirm:$false -ChangedBy bob
        $file = Write-TestCsv -Name (New-CsvName 'both-again') -Lines (@('UserName,EmailAddress,Identifier,OS') +
            @(1..$Filler | Where-Object { $Filler } | ForEach-Object { ',,new-{0:d5},ios' -f $_ }) +
            @('user0003,user0003@corp.example.com,dev-00003,ios'))

        $null = Import-BmgDeviceCsv -Path $file -WarningVariable warnings -WarningAction SilentlyContinue

        $again = @($warnings | Where-Object { "$_" -like '* would create again *' })
        $again | Should -HaveCount 1
        $text = [string]$again[0]
        $text | Should -BeLike ("1 row would create again a device or user removed in the last 7 days: Line $($Filler + 2): * was removed (on *); " +
            "this import creates it again; its * was removed (on *); this import creates it again. To leave*") -Because 'one row, its other subject said in its item'
        $text | Should -BeLike "*device 'dev-00003' was removed (on *, Remove-BmgDevice)*"
        $text | Should -BeLike "*user 'user0003' was removed (on * for bob, Remove-BmgUser)*"
    }
}

Describe 'Under -WarningAction Inquire the undone-work warning asks holding no lock (round 41, issue 15)' {
    # As a row's warning and the repeated-file warning (ImportSettled.Tests.ps1): asked from the dry plan before the import
    # takes the write lock; round 40 asked it inside the import's transaction, so another admin's write waited for the answer.
    BeforeAll {
        . $PSScriptRoot/Reliability.Common.ps1
        $script:InquireChild = Join-Path $TestDrive 'undone-inquire-child.ps1'
        Set-Content -LiteralPath $script:InquireChild -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $File)
Import-Module $Module
try {
    $out = Import-BmgDeviceCsv -LiteralPath $File -Database $Database -WarningAction Inquire -WarningVariable warnings -ErrorAction Stop
    foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("imported $($o.Updated) committed $($o.Committed)") } }
}
catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0])") }
foreach ($w in $warnings) { [Console]::Out.WriteLine("warning $w") }
[Console]::Out.WriteLine('end')
'@
    }

    BeforeEach { Initialize-AlicesExport }

    It 'while the question is open another admin writes to the store; <Answer> then <Outcome>' -TestCases @(
        @{ Answer = 'Y'; Outcome = 'the file is imported, the warning asked once' }
        @{ Answer = 'H'; Outcome = 'nothing of the file is written, its history reads Stopped' }
    ) {
        param($Answer, $Outcome)
        Set-BmgDevice dev-00001 -DisplayName 'Bob: replaced screen' -ChangedBy bob
        $edited = Edit-AlicesExport
        $child = Start-BmgChild $InquireChild @('-Database', $Database, '-File', $edited) -Interactive
        try {
            Wait-ChildLine $child 'Continue with this operation' | Should -Not -BeNullOrEmpty
            # Not held up by the open question (round 40: StoreBusy after 30 s, the lock held by the import).
            (New-BmgDevice -Identifier 'during-inquire' -OS ios -ErrorAction Stop).Identifier | Should -Be 'during-inquire'
            $child.StandardInput.WriteLine($Answer)
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        if ($Answer -eq 'Y') {
            @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
            $lines | Should -Contain 'imported 3 committed True'
            @($lines | Where-Object { $_ -like 'warning *' }) | Should -HaveCount 1 -Because 'asked from the dry plan, not said again by the import'
            @($lines | Where-Object { $_ -like "warning 1 row would set a field back*Line 2 (device 'dev-00001')*" }) | Should -HaveCount 1
            (Get-BmgDevice dev-00001).DisplayName | Should -BeExactly 'Device 1'
            (Get-BmgImportHistory -Last 1).Status | Should -Be 'Committed'
        }
        else {
            $lines | Should -Contain 'error ActionPreferenceStop'
            (Get-BmgDevice dev-00001).DisplayName | Should -BeExactly 'Bob: replaced screen'
            @(Get-BmgDevice | Where-Object ExpirationDays -eq 60) | Should -HaveCount 0
            (Get-BmgImportHistory -Last 1).Status | Should -Be 'Stopped'
        }
    }
}
