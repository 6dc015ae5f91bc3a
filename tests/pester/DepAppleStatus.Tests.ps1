# Walkthrough 31b (an Apple Business Manager kitting lead), findings 1, 7, 8 and 10: Apple's profile_status taken as Apple
# means it (a status of empty or removed is no profile; only Apple's four values, stored in its lower case), a page whose
# more_to_follow is true not imported without a word, and the serials Apple released listed by Get-BmgDepDevice -Released.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
    $script:KitUuid = '88B5E5B5F2B9D5B0A5C3D2E1F0A9B8C7'

    # Two iPads assigned the profile 'Kitting Default', named by Apple's profile response.
    function Import-KittingFetch {
        $fetch = Write-TestJson 'kit-fetch.json' ('{"devices":[' +
            '{"serial_number":"DMPX1234ABCD","model":"iPad","profile_status":"assigned","profile_uuid":"' + $KitUuid + '"},' +
            '{"serial_number":"DMPX1234ABCE","model":"iPad","profile_status":"pushed","profile_uuid":"' + $KitUuid + '"}],' +
            '"cursor":"c1","fetched_until":"2026-12-01T00:00:00Z","more_to_follow":false}')
        $named = Write-TestJson 'kit-profile.json' ('{"profile_uuid":"' + $KitUuid + '","profile_name":"Kitting Default"}')
        Import-BmgDepDevice $fetch, $named | Out-Null
    }

    function Write-Page([string] $Name, [string] $Serial, [string] $Cursor, [string] $MoreToFollow) {
        Write-TestJson $Name ('{"devices":[{"serial_number":"' + $Serial + '","model":"iPad"}],"cursor":"' + $Cursor +
            '","fetched_until":"2026-12-05T17:00:00Z","more_to_follow":' + $MoreToFollow + '}')
    }
}

Describe 'walkthrough 31b, 1: a profile_status of removed or empty is no profile' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-KittingFetch
    }

    It 'a sync entry "removed" without profile_uuid clears the profile: not counted under it, and a check-in records none' {
        $sync = Write-TestJson 'removed.json' ('{"devices":[{"serial_number":"DMPX1234ABCD","model":"iPad","profile_status":"removed",' +
            '"device_assigned_date":"2026-11-19T00:00:00Z","op_type":"modified","op_date":"2026-12-05T13:00:00Z"}],"cursor":"x","more_to_follow":false}')
        $summary = Import-BmgDepDevice $sync
        $summary.Updated | Should -Be 1
        $removed = Get-BmgDepDevice DMPX1234ABCD
        $removed.ProfileStatus | Should -BeExactly 'removed'
        $removed.ProfileUuid | Should -BeNullOrEmpty
        $removed.ProfileName | Should -BeNullOrEmpty
        (Get-BmgDepDevice DMPX1234ABCE).ProfileName | Should -Be 'Kitting Default'
        (Get-BmgDepProfile 'Kitting Default').DeviceCount | Should -Be 1

        New-BmgDevice -Identifier IPAD-002 -OS ios -Serial DMPX1234ABCD -DEPMethod Serial | Out-Null
        Register-BmgDeviceCheckIn -Serial DMPX1234ABCD | Out-Null
        $link = Get-BmgDeviceDepLink IPAD-002 -WarningAction SilentlyContinue
        "$($link.State)" | Should -Be 'CheckedIn'
        $link.DepDevice | Should -Be 'DMPX1234ABCD'
        $link.DepProfile | Should -BeNullOrEmpty
    }

    It 'a fetch response (a snapshot) giving "empty" and no profile_uuid key clears it too, in any case' {
        $fetch = Write-TestJson 'empty.json' '{"devices":[{"serial_number":"DMPX1234ABCE","model":"iPad","profile_status":"EMPTY"}],"cursor":"c2","more_to_follow":false}'
        (Import-BmgDepDevice $fetch).Updated | Should -Be 1
        $device = Get-BmgDepDevice DMPX1234ABCE
        $device.ProfileStatus | Should -BeExactly 'empty'
        $device.ProfileUuid | Should -BeNullOrEmpty
        $device.ProfileName | Should -BeNullOrEmpty
    }

    It 'the status wins over a profile the same entry names (JSON profile_uuid, the module CSV''s ProfileName)' {
        $json = Write-TestJson 'both.json' ('{"devices":[{"serial_number":"DMPX1234ABCD","profile_status":"removed","profile_uuid":"' + $KitUuid + '"}],"cursor":"c3","more_to_follow":false}')
        Import-BmgDepDevice $json | Out-Null
        (Get-BmgDepDevice DMPX1234ABCD).ProfileUuid | Should -BeNullOrEmpty
        $csv = Write-TestCsv (New-CsvName 'status') @('SerialNumber,ProfileName,ProfileStatus', 'DMPX1234ABCE,Kitting Default,Removed')
        Import-BmgDepDevice $csv | Out-Null
        $device = Get-BmgDepDevice DMPX1234ABCE
        $device.ProfileStatus | Should -BeExactly 'removed'
        $device.ProfileUuid | Should -BeNullOrEmpty
        $device.ProfileName | Should -BeNullOrEmpty
        @(Get-BmgDepProfile | Where-Object DeviceCount -GT 0) | Should -HaveCount 0
    }

    It 'a status of assigned or pushed without profile_uuid keeps the stored profile (an absent key keeps its value)' {
        $sync = Write-TestJson 'pushed.json' '{"devices":[{"serial_number":"DMPX1234ABCD","profile_status":"pushed","op_type":"modified","op_date":"2026-12-05T13:00:00Z"}],"cursor":"x","more_to_follow":false}'
        Import-BmgDepDevice $sync | Out-Null
        $device = Get-BmgDepDevice DMPX1234ABCD
        $device.ProfileStatus | Should -BeExactly 'pushed'
        $device.ProfileUuid | Should -Be $KitUuid
        $device.ProfileName | Should -Be 'Kitting Default'
    }
}

Describe 'walkthrough 31b, 7: ProfileStatus is one of Apple''s four values, stored in Apple''s lower case' {
    BeforeEach { New-TestStore | Out-Null }

    It 'the module''s CSV: Assigned is stored as assigned; bogus refuses the file naming line, field, value and the four values' {
        $good = Write-TestCsv (New-CsvName 'own') @(
            'SerialNumber,Model,DeviceAssignedDate,ProfileStatus'
            'M1OWNCSV0001,iPad,2026-11-20T09:30:00Z,assigned'
            'M1OWNCSV0002,iPad,2026-11-20,Assigned'
            'M1OWNCSV0003,iPad,2026-11-20,PUSHED'
        )
        (Import-BmgDepDevice $good).Added | Should -Be 3
        (Get-BmgDepDevice M1OWN* | Where-Object ProfileStatus -CEQ 'assigned').SerialNumber | Should -Be @('M1OWNCSV0001', 'M1OWNCSV0002')
        (Get-BmgDepDevice M1OWNCSV0003).ProfileStatus | Should -BeExactly 'pushed'

        $bad = Write-TestCsv (New-CsvName 'own') @(
            'SerialNumber,Model,ProfileStatus'
            'M1OWNCSV0001,iPad Pro,removed'
            'M1OWNCSV0004,iPad,bogus'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $bad }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue')
        "$($result.Errors[0])" | Should -BeExactly "Line 3 (serial 'M1OWNCSV0004') of '$bad': ProfileStatus 'bogus' is not valid: Apple's profile_status is empty, assigned, pushed or removed (any case)."
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        (Get-BmgDepDevice M1OWNCSV0001).Model | Should -Be 'iPad'
        (Get-BmgDepDevice M1OWNCSV0001).ProfileStatus | Should -BeExactly 'assigned'
        Get-BmgDepDevice M1OWNCSV0004 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Apple''s JSON: profile_status "Pushed" is stored as pushed; "installing" refuses the file naming devices[1]' {
        $good = Write-TestJson 'status.json' '{"devices":[{"serial_number":"F2LXK0ABCD12","profile_status":"Pushed"}],"cursor":"c","more_to_follow":false}'
        Import-BmgDepDevice $good | Out-Null
        (Get-BmgDepDevice F2LXK0ABCD12).ProfileStatus | Should -BeExactly 'pushed'
        $bad = Write-TestJson 'status2.json' '{"devices":[{"serial_number":"F2LXK0ABCD13","profile_status":"empty"},{"serial_number":"F2LXK0ABCD14","profile_status":"installing"}],"cursor":"c","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice $bad }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidFieldValue')
        "$($result.Errors[0])" | Should -BeExactly "The DEP device file '$bad', devices[1]: profile_status 'installing' is not valid: Apple's profile_status is empty, assigned, pushed or removed (any case)."
        Get-BmgDepDevice F2LXK0ABCD13 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'walkthrough 31b, 10: a page whose more_to_follow is true' {
    BeforeEach { New-TestStore | Out-Null }

    It 'imported alone: one warning naming the page and its cursor; the summary gives MoreToFollow and Cursor' {
        $page1 = Write-Page 'page1.json' P1PAGEONE001 MTU1NzM0 'true'
        $result = Invoke-Captured { Import-BmgDepDevice $page1 }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "Apple's response '$page1' says more_to_follow: true: the devices of its next page are not in this file*cursor 'MTU1NzM0'*"
        $result.Output[0].Added | Should -Be 1
        $result.Output[0].MoreToFollow | Should -BeTrue
        $result.Output[0].Cursor | Should -BeExactly 'MTU1NzM0'
    }

    It 'continued by a later device response of the command (one -Path, or piped from Get-ChildItem): no warning' {
        $page1 = Write-Page 'p[1].json' P1PAGEONE001 MTU1NzM0 'true'
        $page2 = Write-Page 'p[2].json' P1PAGETWO001 MTU1NzM1 '"false"'
        $given = Invoke-Captured { Import-BmgDepDevice -LiteralPath $page1, $page2 }
        $given.Warnings | Should -BeNullOrEmpty
        $given.Output.Added | Should -Be @(1, 1)
        New-TestStore | Out-Null
        $piped = Invoke-Captured { Get-ChildItem -LiteralPath $page1, $page2 | Import-BmgDepDevice }
        $piped.Warnings | Should -BeNullOrEmpty
        $piped.Output.MoreToFollow | Should -Be @($true, $false)
    }

    It 'a later file that is refused, or is no device response, does not continue it: the warning comes at the end' {
        $page1 = Write-Page 'page1.json' P1PAGEONE001 MTU1NzM0 '"TRUE"'
        $refused = Write-TestJson 'page2.json' '{"devices":[{"serial_number":"P1PAGETWO001","op_type":"transferred","op_date":"2026-12-05T13:00:00Z"}],"cursor":"n","more_to_follow":false}'
        $result = Invoke-Captured { Import-BmgDepDevice $page1, $refused }
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "*'$page1' says more_to_follow: true*MTU1NzM0*"
        $csv = Write-TestCsv (New-CsvName 'own') @('SerialNumber,Model', 'M1OWNCSV0009,iPad')
        $mixed = Invoke-Captured { Import-BmgDepDevice $page1, $csv }
        @($mixed.Warnings) | Should -HaveCount 1
        $mixed.Output.Source | Should -Be @($page1, $csv)
    }

    It 'under -WarningAction Stop: said before the page is written (the store stays as it was), unless a later file is given with it' {
        $page1 = Write-Page 'page1.json' P1PAGEONE001 MTU1NzM0 'true'
        $page2 = Write-Page 'page2.json' P1PAGETWO001 MTU1NzM1 'false'
        $stopped = Invoke-Captured { Import-BmgDepDevice $page1 -WarningAction Stop }
        Get-ErrorId $stopped.Terminating | Should -Be 'ActionPreferenceStop'
        "$($stopped.Terminating)" | Should -BeLike "*more_to_follow: true*MTU1NzM0*"
        @(Get-BmgDepDevice) | Should -HaveCount 0
        $both = Invoke-Captured { Import-BmgDepDevice $page1, $page2 -WarningAction Stop }
        $both.Terminating | Should -BeNullOrEmpty
        (Get-BmgDepDevice).SerialNumber | Should -Be @('P1PAGEONE001', 'P1PAGETWO001')
    }
}

Describe 'walkthrough 31b, 8: Get-BmgDepDevice -Released lists what Apple took back' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
    }

    It 'a deletion of a serial the store never held is ReleasedNotHeld, not Released; -Released lists both kinds with ReleasedAt' {
        $summary = Import-BmgDepDevice (Join-Path $Examples 'dep-sync-devices.json') -WarningVariable heldWarnings
        $summary.Released | Should -Be 1
        $summary.ReleasedNotHeld | Should -Be 0
        "$heldWarnings" | Should -Not -BeLike '*never held*'
        $unknown = Write-TestJson 'unknown.json' '{"devices":[{"serial_number":"ZZUNKNOWN001","op_type":"deleted","op_date":"2026-12-05T13:00:00Z"}],"cursor":"x","more_to_follow":false}'
        $notHeld = Import-BmgDepDevice $unknown -WarningVariable notHeldWarnings -WarningAction SilentlyContinue
        $notHeld.Released | Should -Be 0
        $notHeld.ReleasedNotHeld | Should -Be 1
        # The default table shows Released only: a warning says what the table does not (round 32), once, with what to do.
        @($notHeldWarnings | Where-Object { "$_" -like '*never held*' }) | Should -HaveCount 1
        "$notHeldWarnings" | Should -BeLike "*Apple's response '$unknown' released 1 serial the store never held as a DEP device (ZZUNKNOWN001): recorded as released (Get-BmgDepDevice -Released lists them;*fetch the device list again (every page) and import it*"

        $released = @(Get-BmgDepDevice -Released)
        $released.SerialNumber | Should -Be @('CCCDDDAAABBB', 'ZZUNKNOWN001')
        $released[0].ReleasedAt | Should -Be ([DateTimeOffset]'2026-11-22T03:10:00Z')
        $released[0].ReleasedReason | Should -BeLike "serial 'CCCDDDAAABBB' was released by Apple on $(Get-ShownTime $released[0].ReleasedAt) *"
        $released[0].Model | Should -Be 'iPhone SE'
        (Get-BmgDepDevice).SerialNumber | Should -Not -Contain 'CCCDDDAAABBB'
        (Get-BmgDepDevice -Released CCC*).SerialNumber | Should -Be 'CCCDDDAAABBB'
        ('CCCDDDAAABBB' | Get-BmgDepDevice -Released).SerialNumber | Should -Be 'CCCDDDAAABBB'
        # Its own table: when Apple released each serial.
        $table = (Get-BmgDepDevice -Released | Format-Table | Out-String -Width 80)
        $table | Should -Match 'SerialNumber\s+ReleasedAt\s+Identifier\s+Model'
        $table | Should -Match "CCCDDDAAABBB\s+$([regex]::Escape($released[0].ReleasedAt.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)))"
    }

    It 'an exact serial Apple''s list holds active is DepDeviceNotFound saying it is not released' {
        $result = Invoke-Captured { Get-BmgDepDevice -Released BBBCCCDDDAAA }
        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'DepDeviceNotFound'
        "$($result.Errors[0])" | Should -BeExactly "The serial 'BBBCCCDDDAAA' is not released: it is a DEP device of Apple's list (Get-BmgDepDevice BBBCCCDDDAAA without -Released shows it)."
    }
}
