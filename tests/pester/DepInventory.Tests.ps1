BeforeAll {
    . $PSScriptRoot/Common.ps1

    # One error record whose FullyQualifiedErrorId is '<Id>,<cmdlet>' (exact ErrorId, not a substring).

    # Four DEP devices: two with profile P1, one with P2, one without a profile.
    # Device records claim AAABBBCCCDDD (dev1) and CCCDDDAAABBB (dev2); dev3 has no serial.
    function New-DepFixture {
        New-TestStore | Out-Null
        $csv = Write-TestCsv -Name 'dep-devices.csv' -Lines @(
            'SerialNumber,Model,Description,ProfileName'
            'AAABBBCCCDDD,iPhone 15,IPHONE 15 BLACK,P1'
            'BBBCCCDDDAAA,iPad Air,IPAD AIR,P1'
            'CCCDDDAAABBB,iPhone SE,IPHONE SE,P2'
            'DDDAAABBBCCC,iPad mini,IPAD MINI,'
        )
        Import-BmgDepDevice -Path $csv | Out-Null
        New-BmgDevice -Identifier 'dev1' -OS 'ios' -Serial 'AAABBBCCCDDD' -DEPMethod 'Serial' | Out-Null
        New-BmgDevice -Identifier 'dev2' -OS 'ios' -Serial 'cccdddaaabbb' | Out-Null
        New-BmgDevice -Identifier 'dev3' -OS 'ios' | Out-Null
    }
}

Describe 'Get-BmgDepDevice' {
    BeforeAll { New-DepFixture }

    It 'returns every DEP device with its model, description, profile and the device record that claims it' {
        $all = @(Get-BmgDepDevice)
        $all.SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA', 'CCCDDDAAABBB', 'DDDAAABBBCCC')
        $first = $all[0]
        $first.Model | Should -Be 'iPhone 15'
        $first.Description | Should -Be 'IPHONE 15 BLACK'
        $first.ProfileName | Should -Be 'P1'
        $first.Identifier | Should -Be 'dev1'
        $all[1].Identifier | Should -BeNullOrEmpty
        $all[2].Identifier | Should -Be 'dev2'
        $all[3].ProfileName | Should -BeNullOrEmpty
    }

    It 'finds a serial in any case, also as -Serial' {
        (Get-BmgDepDevice -SerialNumber 'bbbcccdddaaa').SerialNumber | Should -Be 'BBBCCCDDDAAA'
        (Get-BmgDepDevice -Serial 'cccdddaaabbb').Identifier | Should -Be 'dev2'
    }

    It 'matches wildcards' {
        (Get-BmgDepDevice -SerialNumber '*AAA').SerialNumber | Should -Be @('BBBCCCDDDAAA')
        (Get-BmgDepDevice -SerialNumber 'a*', 'd*').SerialNumber | Should -Be @('AAABBBCCCDDD', 'DDDAAABBBCCC')
    }

    It 'reports a serial that is not a DEP device as DepDeviceNotFound and still returns the others' {
        $out = Get-BmgDepDevice -SerialNumber 'ZZZZZZZZZZZZ', 'AAABBBCCCDDD' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.SerialNumber | Should -Be 'AAABBBCCCDDD'
        Assert-ErrorId $err 'DepDeviceNotFound'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'ZZZZZZZZZZZZ'
    }

    It '-Unassigned returns the DEP devices no device record claims' {
        (Get-BmgDepDevice -Unassigned).SerialNumber | Should -Be @('BBBCCCDDDAAA', 'DDDAAABBBCCC')
    }

    It '-ProfileName filters by profile, with wildcards' {
        (Get-BmgDepDevice -ProfileName 'P1').SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA')
        (Get-BmgDepDevice -ProfileName 'P*').SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA', 'CCCDDDAAABBB')
    }

    It '-ProfileName with an exact name that names no profile is DepProfileNotFound with a did-you-mean, as Get-BmgDevice -Template''s; a wildcard matching none stays silent' {
        $result = Invoke-Captured { Get-BmgDepDevice -ProfileName 'p1' }
        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'DepProfileNotFound'
        "$($result.Errors[0])" | Should -BeExactly "DEP profile 'p1' does not exist $(Get-InStore); did you mean 'P1'? (names are case-sensitive)."
        "$($result.Errors[0].TargetObject)" | Should -Be 'p1'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'

        $none = Invoke-Captured { Get-BmgDepDevice -ProfileName 'Kiosk' }
        Assert-ErrorId $none.Errors 'DepProfileNotFound'
        "$($none.Errors[0])" | Should -BeExactly "DEP profile 'Kiosk' does not exist $(Get-InStore) (names are case-sensitive)."

        $wildcard = Invoke-Captured { Get-BmgDepDevice -ProfileName 'Kiosk*' }
        $wildcard.Output | Should -BeNullOrEmpty
        $wildcard.Errors | Should -BeNullOrEmpty
        # Said once, however it combines with other filters.
        $combined = Invoke-Captured { Get-BmgDepDevice -ProfileName 'p2' -Unassigned }
        Assert-ErrorId $combined.Errors 'DepProfileNotFound'
    }

    It 'combines -Unassigned and -ProfileName' {
        (Get-BmgDepDevice -Unassigned -ProfileName 'P1').SerialNumber | Should -Be 'BBBCCCDDDAAA'
    }

    It 'pipes into Get-BmgDevice by the claiming Identifier' {
        (Get-BmgDepDevice -SerialNumber 'AAABBBCCCDDD' | Get-BmgDevice).Identifier | Should -Be 'dev1'
    }

    It 'takes a device''s Serial from Get-BmgDevice on the pipeline' {
        (Get-BmgDevice -Identifier 'dev1' | Get-BmgDepDevice).SerialNumber | Should -Be 'AAABBBCCCDDD'
    }

    It 'returns nothing for a piped device that has no Serial, and says so' {
        # dev3 has no serial: its $null Serial must not widen the query to every DEP device, nor vanish without a word
        # (the NameNotObject rule, since -SerialNumber takes piped strings too: walkthrough 18, 7).
        $result = Invoke-Captured { Get-BmgDevice -Identifier 'dev3' | Get-BmgDepDevice }
        $result.Output | Should -HaveCount 0
        $result.Errors | Should -HaveCount 1
        "$($result.Errors[0])" | Should -BeLike '*A Device object has no Serial, so it names nothing for -SerialNumber*'
    }

    It 'pipes into Get-BmgDeviceDepLink: the links of the devices that claim DEP devices, once each' {
        $unclaimed = @(Get-BmgDepDevice -Unassigned).SerialNumber
        $unclaimed.Count | Should -BeGreaterThan 0 -Because 'the loop below checks nothing without an unclaimed DEP device'
        $result = Invoke-Captured { Get-BmgDepDevice | Get-BmgDeviceDepLink }
        # Unclaimed DEP devices have no Identifier: they must not turn into "every device", nor vanish without a word.
        $result.Output.Identifier | Should -Be @('dev1', 'dev2')
        $result.Errors | Should -HaveCount $unclaimed.Count
        for ($i = 0; $i -lt $unclaimed.Count; $i++) {
            "$($result.Errors[$i])" | Should -BeLike "*DepDevice object '$($unclaimed[$i])' has no Identifier*"
        }
    }
}

Describe 'Get-BmgDepProfile' {
    BeforeAll { New-DepFixture }

    It 'returns each profile with the count of its DEP devices (devices without a profile are not a profile)' {
        $profiles = @(Get-BmgDepProfile)
        $profiles.Name | Should -Be @('P1', 'P2')
        ($profiles | Where-Object Name -EQ 'P1').DeviceCount | Should -Be 2
        ($profiles | Where-Object Name -EQ 'P2').DeviceCount | Should -Be 1
    }

    It 'finds a profile by name (case-sensitive), also as -ProfileName, and by wildcard' {
        (Get-BmgDepProfile -Name 'P2').DeviceCount | Should -Be 1
        (Get-BmgDepProfile -ProfileName 'P1').DeviceCount | Should -Be 2
        (Get-BmgDepProfile -Name '*2').Name | Should -Be 'P2'
    }

    It 'reports a profile that does not exist as DepProfileNotFound' {
        Get-BmgDepProfile -Name 'p1' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-ErrorId $err 'DepProfileNotFound'
        $err[0].TargetObject | Should -Be 'p1'
    }

    It 'takes the ProfileName of Get-BmgDepDevice output on the pipeline' {
        $out = @(Get-BmgDepDevice -SerialNumber 'CCCDDDAAABBB' | Get-BmgDepProfile)
        $out | Should -HaveCount 1
        $out[0].Name | Should -Be 'P2'
        $out[0].DeviceCount | Should -Be 1
    }
}

Describe 'DEP inventory as it changes' {
    BeforeEach { New-DepFixture }

    It 'follows a re-import of Apple''s list: counts per profile change' {
        $csv = Write-TestCsv -Name 'dep-update.csv' -Lines @(
            'SerialNumber,Model,Description,ProfileName'
            'BBBCCCDDDAAA,iPad Air,IPAD AIR,P2'
        )
        Import-BmgDepDevice -Path $csv | Out-Null
        (Get-BmgDepProfile -Name 'P1').DeviceCount | Should -Be 1
        (Get-BmgDepProfile -Name 'P2').DeviceCount | Should -Be 2
    }

    It 'shows a DEP device as unassigned once its device record lets go of the serial, and claimed when one takes it' {
        Set-BmgDevice -Identifier 'dev2' -Serial $null
        (Get-BmgDepDevice -Unassigned).SerialNumber | Should -Contain 'CCCDDDAAABBB'
        Set-BmgDevice -Identifier 'dev3' -Serial 'BBBCCCDDDAAA'
        (Get-BmgDepDevice -SerialNumber 'BBBCCCDDDAAA').Identifier | Should -Be 'dev3'
        (Get-BmgDepDevice -Unassigned).SerialNumber | Should -Not -Contain 'BBBCCCDDDAAA'
    }

    It 'gives the DEP link the profile of the DEP device a device checked in as' {
        Register-BmgDeviceCheckIn -Serial 'AAABBBCCCDDD' | Out-Null
        $link = Get-BmgDeviceDepLink -Identifier 'dev1'
        $link.State | Should -Be 'CheckedIn'
        $link.DepDevice | Should -Be 'AAABBBCCCDDD'
        $link.DepProfile | Should -Be 'P1'
    }
}

Describe 'Import-BmgDepDevice with a broken file among good ones' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It 'reports the broken file as DepDeviceFileInvalid naming its line, and imports the next file; then ImportFailed naming the broken one' {
        $broken = Write-TestCsv (New-CsvName 'dep-broken') @('SerialNumber,Model,Description,ProfileName', 'AAABBBCCCDDD,"iPhone,Kiosk')
        $good = Write-TestCsv (New-CsvName 'dep-good') @('SerialNumber,Model,Description,ProfileName', 'BBBCCCDDDAAA,iPad,,Kiosk')
        $result = Invoke-Captured { Import-BmgDepDevice -Path $broken, $good }

        Assert-ErrorId $result.Errors 'DepDeviceFileInvalid'
        $result.Errors[0].Exception.Message | Should -Match 'line 2'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $broken
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('BBBCCCDDDAAA')
    }
}

Describe 'Get- cmdlets with overlapping names' {
    It 'writes each device once however many of the given names match it' {
        New-TestStore | Out-Null
        'dev1', 'dev2', 'other1' | ForEach-Object { New-BmgDevice -Identifier $_ -OS ios | Out-Null }
        @(Get-BmgDevice dev*, *1, DEV1 | ForEach-Object Identifier) | Should -Be @('dev1', 'dev2', 'other1')
    }
}

Describe 'Walkthrough P5: Import-BmgDepDevice -WhatIf and a refused file read as such' {
    BeforeEach { New-TestStore -Created | Out-Null }

    It 'the summary table of -WhatIf shows Committed False, of a real run True' {
        $csv = Write-TestCsv (New-CsvName 'dep-whatif') @('SerialNumber,Model,Description,ProfileName', 'AAABBBCCCDDD,iPhone 15,IPHONE 15 BLACK,P1')
        # Under the summary's group header ("Source: <file>", roww39): the column labels, the dashes, the counts.
        $lines = @((Import-BmgDepDevice $csv -WhatIf | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() -and $_ -notmatch '^\s*Source: ' })
        $lines[0] | Should -Match '\bCommitted\b'
        $lines[2] | Should -Match '^\s+1\s+0\s+0\s+0\s+0\s+1\s+False\s*$' -Because "$($lines[2]) (Profiles 1: the file's ProfileName P1 adds a profile known only by name, forty-sixth round)"
        @(Get-BmgDepDevice) | Should -HaveCount 0
        $lines = @((Import-BmgDepDevice $csv | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() -and $_ -notmatch '^\s*Source: ' })
        $lines[2] | Should -Match '^\s+1\s+0\s+0\s+0\s+0\s+1\s+True\s*$' -Because "$($lines[2]) (Profiles 1: the file's ProfileName P1 adds a profile known only by name, forty-sixth round)"
    }

    It 'a file refused for one entry says "1 entry", for two "2 entries"' {
        $one = Write-TestCsv (New-CsvName 'dep-one-bad') @('SerialNumber,Model', 'not a serial!,iPhone', 'BBBCCCDDDAAA,iPad')
        $two = Write-TestCsv (New-CsvName 'dep-two-bad') @('SerialNumber,Model', 'not a serial!,iPhone', 'bad serial 2!,iPad')
        $result = Invoke-Captured { Import-BmgDepDevice $one, $two }
        # Said once, in ImportFailed, after each entry's own error (walkthrough 37, finding 11).
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue', 'InvalidFieldValue', 'InvalidFieldValue')
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        "$($result.Terminating)" | Should -Match "^2 imports failed and wrote nothing: 1 entry of the DEP device file '.*dep-one-bad.*' failed, so nothing was imported from it\..* 2 entries of the DEP device file '.*dep-two-bad.*' failed"
    }
}

# Walkthrough 40, finding 5: one malformed line in Apple's list dropped the night's other 300 entries, and the next morning
# every DEP check-in of them was refused. -SkipInvalidRows, as Import-BmgDeviceCsv's: the failed entries are left out,
# each its own error, counted in Failed beside Committed True; no ImportFailed. A problem of the file as a whole still refuses it.
Describe 'Import-BmgDepDevice -SkipInvalidRows imports the valid entries (walkthrough 40, 5)' {
    BeforeEach { New-TestStore -Created | Out-Null }

    It 'a bad serial, a bad date and a repeated serial are left out, each its own error; the rest is imported' {
        $csv = Write-TestCsv (New-CsvName 'dep-skip') @(
            'SerialNumber,Model,DeviceAssignedDate'
            'AAABBBCCCDDD,iPhone 15,2026-11-20'
            'BADSERIAL!!,iPhone 15,2026-11-20'
            'BBBCCCDDDAAA,iPad,04/03/2026'
            'CCCDDDAAABBB,iPad,'
            'aaabbbcccddd,iPhone 15,')
        $result = Invoke-Captured { Import-BmgDepDevice $csv -SkipInvalidRows }
        $result.Terminating | Should -BeNullOrEmpty -Because 'no ImportFailed: the valid entries were imported'
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue', 'InvalidFieldValue', 'DuplicateKeyInFile')
        "$($result.Errors[0])" | Should -Match "Line 3 of '.*dep-skip.*': SerialNumber 'BADSERIAL!!' is not valid"
        $summary = $result.Output | Where-Object { $_.pstypenames -contains 'BizMobileGo.Core.Dep.DepImportSummary' }
        $summary.Devices | Should -Be 4 -Because 'the entries the file had (the bad serial became none)'
        $summary.Failed | Should -Be 3
        $summary.Added | Should -Be 2
        $summary.Committed | Should -BeTrue
        @(Get-BmgDepDevice | ForEach-Object SerialNumber | Sort-Object) | Should -Be @('AAABBBCCCDDD', 'CCCDDDAAABBB')
    }

    It 'without it the same file is refused whole, as before' {
        $csv = Write-TestCsv (New-CsvName 'dep-noskip') @('SerialNumber,Model', 'AAABBBCCCDDD,iPhone 15', 'BADSERIAL!!,iPhone 15')
        $result = Invoke-Captured { Import-BmgDepDevice $csv }
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        # Its ImportFailed names the switch, as Import-BmgDeviceCsv's does (left41).
        "$($result.Terminating)" | Should -Match ("^1 entry of the DEP device file '.*dep-noskip.*' failed, so nothing was imported from it\. " +
            'Fix the failed entries \(each has its own error, written before this one\), or use -SkipInvalidRows to import the valid entries\.$')
        @(Get-BmgDepDevice) | Should -HaveCount 0
    }

    It '-WhatIf with it: the summary says what the valid entries would do, nothing is written, no ImportFailed' {
        $csv = Write-TestCsv (New-CsvName 'dep-skip-whatif') @('SerialNumber,Model', 'AAABBBCCCDDD,iPhone 15', 'BADSERIAL!!,iPhone 15')
        $result = Invoke-Captured { Import-BmgDepDevice $csv -SkipInvalidRows -WhatIf }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Errors) | Should -HaveCount 1
        $summary = $result.Output | Where-Object { $_.pstypenames -contains 'BizMobileGo.Core.Dep.DepImportSummary' }
        $summary.Added | Should -Be 1
        $summary.Failed | Should -Be 1
        $summary.Committed | Should -BeFalse
        @(Get-BmgDepDevice) | Should -HaveCount 0
    }

    It 'Apple''s device response: a bad entry is left out; a bad fetched_until still refuses the file' {
        $json = Join-Path $TestDrive 'dep-skip.json'
        Set-Content -LiteralPath $json -Encoding utf8NoBOM -Value '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPhone 15"},{"serial_number":"BBBCCCDDDAAA","device_assigned_date":"04/03/2026"}],"cursor":"c1","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice $json -SkipInvalidRows }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Errors) | Should -HaveCount 1
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD')

        Set-Content -LiteralPath $json -Encoding utf8NoBOM -Value '{"devices":[{"serial_number":"CCCDDDAAABBB"}],"fetched_until":"yesterday","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice $json -SkipInvalidRows }
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        # The file's own error is said as such, not counted as "1 entry" (left42); the switch was given, so it is not offered.
        "$($result.Terminating)" | Should -BeExactly ("The DEP device file '$json' can't be imported: fetched_until: fetched_until 'yesterday' is not valid: " +
            'must be an ISO-8601 date and time such as 2026-11-20T09:30:00Z, or a date such as 2026-11-20 (InvalidFieldValue), so nothing was imported from it. ' +
            'Fix the file (each error is written before this one); -SkipInvalidRows leaves out failed entries, not an error of the file as a whole.')
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD')
    }
}

# left42: ImportFailed counted an error of the file as a whole (a bad fetched_until) as a failed entry ("1 entry … failed"
# for a file whose one entry was fine). It counts the entries, and names the file's own error as the file's.
Describe 'A refused DEP file''s ImportFailed counts its entries apart from an error of the file as a whole' {
    BeforeEach { New-TestStore -Created | Out-Null }

    It 'a bad fetched_until alone: no entry counted, the file''s error named; no -SkipInvalidRows offered' {
        $json = Join-Path $TestDrive 'dep-fetched.json'
        Set-Content -LiteralPath $json -Encoding utf8NoBOM -Value '{"devices":[{"serial_number":"CCCDDDAAABBB"}],"fetched_until":"yesterday","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice $json }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue')
        "$($result.Errors[0])" | Should -BeLike "The DEP device file '$json', fetched_until: fetched_until 'yesterday' is not valid: *"
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        "$($result.Terminating)" | Should -BeLike "The DEP device file '$json' can't be imported: fetched_until: fetched_until 'yesterday' is not valid: * (InvalidFieldValue), so nothing was imported from it. Fix the file (each error is written before this one)."
        "$($result.Terminating)" | Should -Not -Match 'entr(y|ies)'
        @(Get-BmgDepDevice) | Should -HaveCount 0
    }

    It 'two bad entries and a bad fetched_until: "2 entries", and the file''s error as the file''s' {
        $json = Join-Path $TestDrive 'dep-both.json'
        Set-Content -LiteralPath $json -Encoding utf8NoBOM -Value ('{"devices":[{"serial_number":"AAABBBCCCDDD","device_assigned_date":"04/03/2026"},' +
            '{"serial_number":"BBBCCCDDDAAA","op_date":"soon"},{"serial_number":"CCCDDDAAABBB"}],"fetched_until":"yesterday","more_to_follow":false}')
        $result = Invoke-Captured { Import-BmgDepDevice $json }
        @($result.Errors) | Should -HaveCount 3
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        "$($result.Terminating)" | Should -BeLike ("2 entries of the DEP device file '$json' failed, and the file as a whole can't be imported: fetched_until: fetched_until 'yesterday' is not valid: * (InvalidFieldValue), " +
            'so nothing was imported from it. Fix the file and its failed entries (each error is written before this one).')
        @(Get-BmgDepDevice) | Should -HaveCount 0
    }

    It 'under -WhatIf it reads the same, as a dry run''s' {
        $json = Join-Path $TestDrive 'dep-fetched-whatif.json'
        Set-Content -LiteralPath $json -Encoding utf8NoBOM -Value '{"devices":[{"serial_number":"CCCDDDAAABBB"}],"fetched_until":"yesterday","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice $json -WhatIf }
        "$($result.Terminating)" | Should -BeLike "What if: The DEP device file '$json' can't be imported: fetched_until: * (InvalidFieldValue), so nothing would be imported from it (a dry run: nothing was written). Fix the file (each error is written before this one)."
    }
}

Describe 'A -Confirm prompt of Remove-BmgDepDevice or Set-BmgDepProfile holds no lock (both stores)' {
    # As Remove-BmgDevice's (Postgres.Concurrency.Tests.ps1 'A -Confirm prompt holds no lock', xunit ConfirmedChangeTests):
    # a child pwsh waits at the console host's prompt (its answer read from standard input) while this session writes
    # to the same store; then Yes, and the change is decided again against what the store holds by then. Before, the
    # prompt was asked inside the store's write transaction: this session's write waited for it (StoreBusy after 30 s).
    BeforeAll {
        . $PSScriptRoot/Reliability.Common.ps1
        $script:DepPromptChild = Join-Path $TestDrive 'dep-prompt-child.ps1'
        Set-Content -LiteralPath $script:DepPromptChild -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $Command, [string] $Serial, [string] $Uuid, [string] $Name)
Import-Module $Module
# Remove-BmgDepDevice is ConfirmImpact High: the console host asks; Set-BmgDepProfile asks under -Confirm.
if ($Command -eq 'Remove') {
    $out = Remove-BmgDepDevice -SerialNumber $Serial -Database $Database -PassThru -WarningAction SilentlyContinue -WarningVariable warnings -ErrorAction SilentlyContinue -ErrorVariable failures
    foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("removed $($o.SerialNumber)") } }
} else {
    $out = Set-BmgDepProfile -Uuid $Uuid -Name $Name -Confirm -Database $Database -PassThru -WarningAction SilentlyContinue -WarningVariable warnings -ErrorAction SilentlyContinue -ErrorVariable failures
    foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("named $($o.Uuid) $($o.Name) $($o.DeviceCount)") } }
}
foreach ($w in $warnings) { [Console]::Out.WriteLine("warning $w") }
foreach ($e in $failures) { [Console]::Out.WriteLine("error $($e.FullyQualifiedErrorId.Split(',')[0])") }
[Console]::Out.WriteLine('end')
'@
    }

    It 'while Remove-BmgDepDevice waits at its prompt another admin registers a device with that serial; Yes then removes it and warns naming that device' {
        $database = New-TestStore
        $dep = Write-TestCsv (New-CsvName 'dep-prompt') @('SerialNumber,Model,Description,ProfileName', 'EEEFFFGGGHHH,iPhone 15,IPHONE 15,P1', 'FFFGGGHHHEEE,iPad Air,IPAD AIR,P1')
        Import-BmgDepDevice $dep | Out-Null

        $child = Start-BmgChild $DepPromptChild @('-Database', $database, '-Command', 'Remove', '-Serial', 'EEEFFFGGGHHH') -Interactive
        try {
            Wait-ChildLine $child 'Performing the operation "Remove" on target "DEP device .EEEFFFGGGHHH' | Should -Not -BeNullOrEmpty
            # The prompt is open: another admin writes to the store, and is not held up by it.
            (New-BmgDevice -Identifier 'during-prompt' -OS ios -Serial 'EEEFFFGGGHHH' -DEPMethod Serial -ErrorAction Stop).Identifier | Should -Be 'during-prompt'
            (Import-BmgDepDevice (Write-TestCsv (New-CsvName 'dep-during') @('SerialNumber,Model', 'GGGHHHEEEFFF,iPhone SE')) -ErrorAction Stop).Committed | Should -BeTrue

            $child.StandardInput.WriteLine('Y')
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        $lines | Should -Contain 'removed EEEFFFGGGHHH'
        # Decided once the store was held: the device registered while the prompt was open is named.
        $lines | Should -Contain "warning Device 'during-prompt' $(Get-InStore) is still to check in through DEP with Serial 'EEEFFFGGGHHH', which is no longer in the DEP device list: its check-in will be refused until Apple's list has it again (Import-BmgDepDevice) or the device's Serial is corrected."
        @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('FFFGGGHHHEEE', 'GGGHHHEEEFFF')
        (Get-BmgDevice 'during-prompt').Serial | Should -Be 'EEEFFFGGGHHH'
    }

    It 'while Set-BmgDepProfile -Confirm waits at its prompt another admin imports a device of that profile name; Yes then names the profile and gives that device its uuid too' {
        $database = New-TestStore
        $uuid = '0A1B2C3D4E5F60718293A4B5C6D7E8F9'
        $dep = Write-TestCsv (New-CsvName 'dep-kiosk') @('SerialNumber,Model,Description,ProfileName', 'KKKAAABBBCCC,iPad Air,IPAD AIR,Kiosk')
        Import-BmgDepDevice $dep | Out-Null

        $child = Start-BmgChild $DepPromptChild @('-Database', $database, '-Command', 'Name', '-Uuid', $uuid, '-Name', 'Kiosk') -Interactive
        try {
            Wait-ChildLine $child 'Performing the operation "Name DEP profile' | Should -Not -BeNullOrEmpty
            $during = Write-TestCsv (New-CsvName 'dep-kiosk-2') @('SerialNumber,Model,Description,ProfileName', 'KKKBBBCCCAAA,iPad mini,IPAD MINI,Kiosk')
            (Import-BmgDepDevice $during -ErrorAction Stop).Committed | Should -BeTrue

            $child.StandardInput.WriteLine('Y')
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        $lines | Should -Contain "named $uuid Kiosk 2"
        @(Get-BmgDepDevice | ForEach-Object ProfileUuid) | Should -Be @($uuid, $uuid)
        (Get-BmgDepProfile -Name Kiosk).Uuid | Should -Be $uuid
    }
}

Describe 'Import-BmgDepDevice with a path that names no file fails as Import-BmgDeviceCsv does (README: the nightly import)' {
    BeforeEach {
        $script:Database = New-TestStore -Created
        $script:Folder = Join-Path $TestDrive ("dep-in-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $Folder
    }

    It 'a missing file beside a good one: FileNotFound, the good file imported, then ImportFailed with the missing file as its target' {
        $good = Join-Path $Folder 'good.csv'
        Set-Content -LiteralPath $good -Value @('SerialNumber,Model', 'AAABBBCCCDDD,iPhone 15')
        $missing = Join-Path $Folder 'missing.json'
        $result = Invoke-Captured { Import-BmgDepDevice $missing, $good -ErrorAction Continue }

        Assert-ErrorId $result.Errors 'FileNotFound'
        @($result.Output).Source | Should -Be @($good)
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD')
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $missing
        $result.Terminating.Exception.Message | Should -Match ([regex]::Escape($missing))
    }

    It 'a missing -LiteralPath ends in ImportFailed' {
        $missing = Join-Path $Folder 'no-such[1].json'
        $result = Invoke-Captured { Import-BmgDepDevice -LiteralPath $missing }

        Assert-ErrorId $result.Errors 'FileNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $missing
    }

    It 'a wildcard that matches nothing (Apple''s response never saved) ends in ImportFailed naming the pattern; nothing imported' {
        $pattern = Join-Path $Folder 'dep-*.json'
        $result = Invoke-Captured { Import-BmgDepDevice $pattern -ErrorAction Continue }

        Assert-ErrorId $result.Errors 'FileNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $pattern
        @(Get-BmgDepDevice) | Should -HaveCount 0
    }

    It 'a nightly DEP refresh script whose file never arrived exits non-zero under pwsh -File' {
        $pattern = Join-Path $Folder 'dep-*.json'
        $run = Invoke-FreshPwsh -Script @"
Import-Module '$env:BMG_TEST_MODULE'
`$ErrorActionPreference = 'Stop'
Import-BmgDepDevice -Path '$pattern' -Database '$Database' -ErrorAction Continue
'not reached'
"@
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Match 'ImportFailed|could not be imported'
        $run.Text | Should -Not -Match 'not reached'
    }
}

Describe 'Get-/Remove-BmgDepDevice take piped serial numbers as strings, as Get-/Remove-BmgDevice take identifiers (walkthrough 18, 7)' {
    BeforeEach { New-DepFixture }

    It 'piped strings find the DEP devices, in any case; a piped wildcard is literal (a serial, refused by its rule), as every piped value is' {
        (& { 'aaabbbcccddd'; 'DDDAAABBBCCC' } | Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD', 'DDDAAABBBCCC')
        (Get-BmgDepDevice 'A*').SerialNumber | Should -Be 'AAABBBCCCDDD' -Because 'typed, it is a wildcard'
        $wildcard = Invoke-Captured { 'A*' | Get-BmgDepDevice }
        $wildcard.Output | Should -BeNullOrEmpty
        Assert-ErrorId $wildcard.Errors 'InvalidFieldValue'
    }

    It 'a file of serials piped to Remove-BmgDepDevice removes those and -PassThru writes them; a piped wildcard removes nothing' {
        $serials = Join-Path $TestDrive 'returned-serials.txt'
        Set-Content -LiteralPath $serials -Value 'BBBCCCDDDAAA', 'dddaaabbbccc'
        $removed = @(Get-Content -LiteralPath $serials | Remove-BmgDepDevice -Confirm:$false -PassThru)
        $removed.SerialNumber | Should -Be @('BBBCCCDDDAAA', 'DDDAAABBBCCC')
        (Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD', 'CCCDDDAAABBB')
        $before = Get-StoreSnapshot
        $wildcard = Invoke-Captured { '*' | Remove-BmgDepDevice -Confirm:$false }
        Assert-ErrorId $wildcard.Errors 'InvalidFieldValue'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'what bound before still binds: a DEP device by SerialNumber, a Device by its Serial, an Import-Csv row by either column' {
        (Get-BmgDevice dev2 | Get-BmgDepDevice).SerialNumber | Should -Be 'CCCDDDAAABBB'
        ([pscustomobject]@{ SerialNumber = 'bbbcccdddaaa' } | Get-BmgDepDevice).SerialNumber | Should -Be 'BBBCCCDDDAAA'
        ([pscustomobject]@{ Serial = 'dddaaabbbccc' } | Get-BmgDepDevice).SerialNumber | Should -Be 'DDDAAABBBCCC'
        (Get-BmgDepDevice 'BBB*' | Remove-BmgDepDevice -Confirm:$false -PassThru).SerialNumber | Should -Be 'BBBCCCDDDAAA'
        (Get-BmgDevice dev2 | Remove-BmgDepDevice -Confirm:$false -PassThru).SerialNumber | Should -Be 'CCCDDDAAABBB'
        (Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD', 'DDDAAABBBCCC')
    }

    It 'a piped object with no serial property is refused naming -SerialNumber, not PowerShell''s InputObjectNotBound' {
        $result = Invoke-Captured { [pscustomobject]@{ Tag = 'x' } | Remove-BmgDepDevice -Confirm:$false }
        $result.Errors | Should -HaveCount 1
        Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
        "$($result.Errors[0])" | Should -BeLike "*not a name for -SerialNumber*"
        (Get-BmgDepDevice).Count | Should -Be 4
    }
}

Describe 'piped serials: one read of their DEP devices per batch, each record answered as alone, in order (leftovers 19, item 1)' {
    BeforeAll {
        New-DepFixture
        # EEEAAABBBCCC released by a sync response: still stored, no longer listed.
        Import-BmgDepDevice -Path (Write-TestCsv -Name 'more.csv' -Lines @('SerialNumber,Model', 'EEEAAABBBCCC,iPhone 14')) | Out-Null
        $sync = Join-Path $TestDrive 'sync.json'
        Set-Content -LiteralPath $sync -Value '{"devices":[{"serial_number":"EEEAAABBBCCC","op_type":"deleted","op_date":"2026-12-01T12:00:00Z"}]}'
        Import-BmgDepDevice -Path $sync | Out-Null

        function Get-Trace([scriptblock] $Script) {
            $ErrorActionPreference = 'Continue'
            @(& $Script 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { "error $(Get-ErrorId $_) $($_.TargetObject) $($_.Exception.Message)" }
                else { $_.SerialNumber }
            })
        }
    }

    It 'hundreds of piped serials (several batches): the trace of each alone, in the order piped, errors at their places' {
        $one = @('aaabbbcccddd', 'ZZZZZZZZZZZZ', 'A*', 'eeeaaabbbccc', 'DDDAAABBBCCC', 'CCCDDDAAABBB', 'BBBCCCDDDAAA')
        $serials = @(1..60 | ForEach-Object { $one }) + @([pscustomobject]@{ Serial = @('dddaaabbbccc', 'AAABBBCCCDDD', 'dddaaabbbccc', 'nope', 'ZZZZZZZZZZZZ') })
        foreach ($options in @{}, @{ Unassigned = $true }, @{ ProfileName = 'P1' }) {
            $alone = @(foreach ($serial in $serials) { Get-Trace { $serial | Get-BmgDepDevice @options } })
            $alone | Should -Contain 'AAABBBCCCDDD' -Because 'found ones are written' -Not:($options.Unassigned -eq $true)
            @($alone | Where-Object { $_ -like 'error DepDeviceNotFound EEEAAABBBCCC*released by Apple*' }) | Should -HaveCount 60
            $trace = Get-Trace { $serials | Get-BmgDepDevice @options }
            ($trace -join "`n") | Should -BeExactly ($alone -join "`n")
        }
    }
}

Describe 'Remove-BmgDepDevice: piped serials read a batch at a time, each record answered as alone, in order (depremove)' {
    BeforeAll {
        function New-RemovalFixture {
            New-DepFixture
            # EEEAAABBBCCC released by a sync response: still stored, no longer listed.
            Import-BmgDepDevice -Path (Write-TestCsv -Name 'more.csv' -Lines @('SerialNumber,Model', 'EEEAAABBBCCC,iPhone 14')) | Out-Null
            $sync = Join-Path $TestDrive 'sync.json'
            Set-Content -LiteralPath $sync -Value '{"devices":[{"serial_number":"EEEAAABBBCCC","op_type":"deleted","op_date":"2026-12-01T12:00:00Z"}]}'
            Import-BmgDepDevice -Path $sync | Out-Null
            # Enough more DEP devices that hundreds of records remove some in each batch, and name again ones removed before.
            Import-BmgDepDevice -Path (Write-TestCsv -Name 'many.csv' -Lines @(@('SerialNumber,Model') + @(1..150 | ForEach-Object { 'F9FX{0:D8},iPhone 15' -f $_ }))) | Out-Null
        }

        # Each fixture is a store of its own: the messages' "in the store '…'" is read as the same words.
        function Get-Trace([scriptblock] $Script) {
            $ErrorActionPreference = 'Continue'
            $store = Get-InStore
            @(& $Script 2>&1 3>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { "error $(Get-ErrorId $_) $($_.TargetObject) $($_.Exception.Message.Replace($store, 'in the store'))" }
                elseif ($_ -is [System.Management.Automation.WarningRecord]) { "warning $($_.Message.Replace($store, 'in the store'))" }
                else { "removed $($_.SerialNumber)" }
            })
        }
    }

    It 'hundreds of piped records (several batches): the trace of each alone, in order; a serial removed by an earlier record of the batch is not found' {
        $records = @(foreach ($i in 1..150) {
            'f9fx{0:D8}' -f $i
            'F9FX{0:D8}' -f [math]::Max(1, $i - 3)
            if ($i % 25 -eq 0) { 'aaabbbcccddd'; 'ZZZZZZZZZZZZ'; 'A*'; 'eeeaaabbbccc'; [pscustomobject]@{ Serial = @('dddaaabbbccc', 'CCCDDDAAABBB', 'dddaaabbbccc', 'nope') } }
        })
        New-RemovalFixture
        $alone = @(foreach ($record in $records) { Get-Trace { $record | Remove-BmgDepDevice -Confirm:$false -PassThru } })
        $leftAlone = @(Get-BmgDepDevice -SerialNumber *).SerialNumber
        @($alone | Where-Object { $_ -like 'removed *' }) | Should -HaveCount 154
        # The released EEEAAABBBCCC is removed too, by its first record (thirty-fourth round); later ones don't find it.
        @($alone | Where-Object { $_ -eq 'removed EEEAAABBBCCC' }) | Should -HaveCount 1
        @($alone | Where-Object { $_ -like 'error DepDeviceNotFound F9FX*' }) | Should -HaveCount 150 -Because 'each repeat comes after its removal'
        $alone | Should -Contain 'removed CCCDDDAAABBB'
        @($alone | Where-Object { $_ -like 'warning *' }).Count | Should -BeGreaterThan 0

        New-RemovalFixture
        $trace = Get-Trace { $records | Remove-BmgDepDevice -Confirm:$false -PassThru }
        # A device's warning of a kind a run of many says once (walkthrough 39, 6: BatchedWarnings) is said at the end of
        # the piped run, not at its record's place: the rest is each record's trace alone, in order; the warnings are the same.
        (@($trace | Where-Object { $_ -notlike 'warning *' }) -join "`n") | Should -BeExactly (@($alone | Where-Object { $_ -notlike 'warning *' }) -join "`n")
        @($trace | Where-Object { $_ -like 'warning *' }) | Should -Be @($alone | Where-Object { $_ -like 'warning *' })
        @(Get-BmgDepDevice -SerialNumber *).SerialNumber | Should -Be $leftAlone
    }

    It '-WhatIf over several batches removes nothing and says each record''s errors as alone' {
        New-RemovalFixture
        $records = @(1..100 | ForEach-Object { 'F9FX{0:D8}' -f $_ }) + 'ZZZZZZZZZZZZ' + @(1..100 | ForEach-Object { 'F9FX{0:D8}' -f $_ })
        $trace = Get-Trace { $records | Remove-BmgDepDevice -WhatIf -PassThru }
        $alone = Get-Trace { 'ZZZZZZZZZZZZ' | Remove-BmgDepDevice -WhatIf }
        $alone | Should -BeLike 'error DepDeviceNotFound ZZZZZZZZZZZZ *'
        $trace | Should -Be @($alone)
        @(Get-BmgDepDevice -SerialNumber 'F9FX*') | Should -HaveCount 150
    }
}

# Walkthrough 39, 7: "which DEP devices have no profile?" had no filter: -ProfileName '' was DepProfileNotFound.
Describe 'Get-BmgDepDevice -NoProfile (walkthrough 39, finding 7)' {
    BeforeAll { New-DepFixture }

    It 'lists the DEP devices assigned no profile' {
        @(Get-BmgDepDevice -NoProfile).SerialNumber | Should -Be @('DDDAAABBBCCC')
        @(Get-BmgDepDevice -NoProfile -Unassigned).SerialNumber | Should -Be @('DDDAAABBBCCC')
    }

    It '-ProfileName '''' is DepProfileNotFound naming -NoProfile' {
        $result = Invoke-Captured { Get-BmgDepDevice -ProfileName '' }
        Get-ErrorId $result.Terminating | Should -Be 'DepProfileNotFound'
        "$($result.Terminating)" | Should -BeLike '*Get-BmgDepDevice -NoProfile lists the DEP devices assigned no profile.'
    }

    It 'with -ProfileName it is a parameter-set error' {
        { Get-BmgDepDevice -NoProfile -ProfileName P1 } | Should -Throw -ErrorId 'AmbiguousParameterSet,BizMobileGo.PowerShell.GetBmgDepDeviceCommand'
    }
}

# Walkthrough 39, 6: removing a released DEP device took DepReleasedAt off its checked-in device's link without a word,
# and the device's history still said released: the two views disagreed.
Describe 'Remove-BmgDepDevice of a DEP device a device uses (walkthrough 39, finding 6)' {
    BeforeEach {
        New-TestStore | Out-Null
        $csv = Write-TestCsv -Name 'dep-used.csv' -Lines @('SerialNumber,Model', 'AAABBBCCCDDD,iPad', 'BBBCCCDDDAAA,iPad', 'CCCDDDAAABBB,iPad')
        Import-BmgDepDevice -Path $csv | Out-Null
        New-BmgDevice -Identifier used-1 -OS ios -Serial AAABBBCCCDDD -DEPMethod Serial | Out-Null
        New-BmgDevice -Identifier used-2 -OS ios -Serial BBBCCCDDDAAA -DEPMethod Serial | Out-Null
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
        Register-BmgDeviceCheckIn -Serial BBBCCCDDDAAA | Out-Null
        $sync = Write-TestJson 'release-used.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","op_type":"deleted","op_date":"2026-11-25T00:00:00Z"},{"serial_number":"BBBCCCDDDAAA","op_type":"deleted","op_date":"2026-11-25T00:00:00Z"}],"cursor":"x","more_to_follow":false}'
        Import-BmgDepDevice $sync -WarningAction SilentlyContinue | Out-Null
    }

    It 'a released one: a warning naming the device, and a DepReleased entry to none, so the link and the history agree' {
        $result = Invoke-Captured { Remove-BmgDepDevice AAABBBCCCDDD -Confirm:$false }

        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "Device 'used-1' $([WildcardPattern]::Escape((Get-InStore))) uses DEP device 'AAABBBCCCDDD', which Apple released on 2026-11-25 * and is now removed: Get-BmgDeviceDepLink no longer shows the release*"
        (Get-BmgDeviceDepLink used-1 -WarningAction SilentlyContinue).DepReleasedAt | Should -BeNullOrEmpty
        $latest = @(Get-BmgDeviceHistory used-1 -Field DepReleased)[0]
        $latest.Command | Should -Be 'Remove-BmgDepDevice'
        $latest.Changes[0].IsCleared | Should -BeTrue
    }

    It 'several: one warning naming the devices, each device''s under -Verbose, and an entry for each' {
        $result = Invoke-Captured { Get-BmgDepDevice -Released | Remove-BmgDepDevice -Confirm:$false }

        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "2 devices $([WildcardPattern]::Escape((Get-InStore))) used DEP devices that were removed ('used-1', 'used-2'): *"
        foreach ($identifier in 'used-1', 'used-2') {
            @(Get-BmgDeviceHistory $identifier -Field DepReleased)[0].Command | Should -Be 'Remove-BmgDepDevice'
        }
    }
}
