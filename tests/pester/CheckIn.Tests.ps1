BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path



    # The devices of these tests: DEP by serial, DEP by key code, no DEP, and restricted ones.
    function Import-TestDevices {
        $csv = Write-TestCsv (New-CsvName 'devices') @(
            'Identifier,OS,Serial,DEPMethod,Code,WifiMac,IMEI,UDID,DisplayName'
            'dep01,ios,AAABBBCCCDDD,Serial,depcode1,,,,DEP by serial'
            'key01,ios,,Keycode,key123,,,,DEP by key code'
            'plain01,ios,,,plain123,,,,No DEP'
            'nodep01,ios,DDDEEEFFF111,Serial,nodep1,,,,Serial not in the DEP list'
            'wifi01,ios,,,wifi123,AA:BB:CC:DD:EE:FF,,,Wi-Fi restricted'
            'imei01,ios,,,imei123,,490154203237518,,IMEI restricted'
            'udid01,ios,,,udid123,,,0123456789abcdef0123456789abcdef01234567,UDID restricted'
        )
        (Import-BmgDeviceCsv $csv).Created | Should -Be 7
    }
}

Describe 'Import-BmgDepDevice' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It "imports Apple's profile responses and fetch response with each device's profile name" {
        $summary = @(Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json'))

        $summary[-1].Devices | Should -Be 4
        $summary[-1].Added | Should -Be 4
        $dep = @(Get-BmgDepDevice | Sort-Object SerialNumber)
        $dep.SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA', 'C02XK1ABJG5H', 'CCCDDDAAABBB')
        $dep.ProfileName | Should -Be @('Sales iPhones', 'Sales iPhones', $null, 'Kiosk')
        $dep.Model | Should -Be @('iPhone 15', 'iPad Air', 'MacBook Air', 'iPhone SE')
        $dep[0].Description | Should -Be 'IPHONE 15 BLACK 128GB'
    }

    It 'imports the CSV device list' {
        $summary = Import-BmgDepDevice (Join-Path $Examples 'dep-devices.csv')

        $summary.Devices | Should -Be 3
        $dep = @(Get-BmgDepDevice | Sort-Object SerialNumber)
        $dep.SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA', 'CCCDDDAAABBB')
        $dep.ProfileName | Should -Be @('Sales iPhones', 'Sales iPhones', 'Kiosk')
    }

    It 're-importing the list with a new profile for a serial updates that DEP device without duplicating it' {
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        $update = Write-TestCsv (New-CsvName 'dep') @('SerialNumber,Model,Description,ProfileName', 'AAABBBCCCDDD,iPhone 15,IPHONE 15 BLACK 128GB,Kiosk')

        $summary = Import-BmgDepDevice $update

        $summary.Added | Should -Be 0
        $summary.Updated | Should -Be 1
        $dep = @(Get-BmgDepDevice)
        $dep.Count | Should -Be 4
        @($dep | Where-Object SerialNumber -EQ 'AAABBBCCCDDD').Count | Should -Be 1
        (Get-BmgDepDevice AAABBBCCCDDD).ProfileName | Should -Be 'Kiosk'
        (Get-BmgDepDevice BBBCCCDDDAAA).ProfileName | Should -Be 'Sales iPhones'
    }
}

Describe 'Register-BmgDeviceCheckIn' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        Import-TestDevices
    }

    It 'before check-in the DEP link is empty' {
        $link = Get-BmgDeviceDepLink dep01
        $link.State | Should -Be 'Registered'
        $link.DepDevice | Should -BeNullOrEmpty
        $link.DepProfile | Should -BeNullOrEmpty
        $link.CheckedInAt | Should -BeNullOrEmpty
    }

    It 'a DEP device enrolled by serial checks in by -Serial alone and keeps the DEP device and its profile' {
        $start = [DateTimeOffset]::UtcNow.AddSeconds(-1)
        $out = Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD

        $out.Identifier | Should -Be 'dep01'
        $out.State | Should -Be 'CheckedIn'
        $link = Get-BmgDeviceDepLink dep01
        $link.State | Should -Be 'CheckedIn'
        $link.DepDevice | Should -Be 'AAABBBCCCDDD'
        $link.DepProfile | Should -Be 'Sales iPhones'
        $link.CheckedInAt | Should -Not -BeNullOrEmpty
        ([DateTimeOffset]$link.CheckedInAt) -ge $start | Should -BeTrue
        ([DateTimeOffset]$link.CheckedInAt) -le [DateTimeOffset]::UtcNow.AddSeconds(1) | Should -BeTrue
    }

    # Walkthrough 40, 8: an admin "fixed a typo" in a device's Serial, then the device checks in with Apple's serial.
    # Forty-first round: one explanation, not the edit beside "if a device's Serial was mistyped": the serial is Apple's, so the
    # edit is the likely mistake, and the message says how to undo it.
    It 'a refused serial a device had until an edit names that device and the edit; a serial no device ever had names none' {
        Set-BmgDevice dep01 -Serial AAABBBCCCDDX -ChangedBy bob -WarningAction SilentlyContinue | Out-Null
        $before = Get-StoreSnapshot

        $refused = Invoke-Captured { Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD }
        Get-ErrorId $refused.Errors[0] | Should -Be 'CheckInRejected'
        $refused.Errors[0].Exception.Message | Should -Match ("^Check-in rejected: no device enrolls by DEP serial with Serial 'AAABBBCCCDDD'; a device enrolled by key code or " +
            "without DEP checks in with -Identifier and -Code\. Device 'dep01' had this Serial until it was changed \(on \d{4}-\d\d-\d\d \d\d:\d\d( [+-]\d\d:\d\d)? " +
            "by $([regex]::Escape([Environment]::UserName)) for bob, Set-BmgDevice\), and Apple's DEP device list has it: if that change was the mistake, set it back " +
            "with Set-BmgDevice -Identifier dep01 -Serial AAABBBCCCDDD\. Nothing was changed\.$")
        Get-StoreSnapshot | Should -Be $before

        $never = Invoke-Captured { Register-BmgDeviceCheckIn -Serial ZZZYYYXXX123 }
        Get-ErrorId $never.Errors[0] | Should -Be 'CheckInRejected'
        $never.Errors[0].Exception.Message | Should -Not -BeLike '*had this Serial*'
    }

    It 'a serial Apple''s list lacks names the edit alone; a device removed since is named without the way back' {
        Set-BmgDevice nodep01 -Serial DDDEEEFFF112 -WarningAction SilentlyContinue | Out-Null
        $refused = Invoke-Captured { Register-BmgDeviceCheckIn -Serial DDDEEEFFF111 }
        Get-ErrorId $refused.Errors[0] | Should -Be 'CheckInRejected'
        $refused.Errors[0].Exception.Message | Should -Match "-Code\. Device 'nodep01' had this Serial until it was changed \([^)]*, Set-BmgDevice\)\. Nothing was changed\.$"

        Set-BmgDevice dep01 -Serial AAABBBCCCDDX -WarningAction SilentlyContinue | Out-Null
        Remove-BmgDevice dep01 -Confirm:$false
        $gone = Invoke-Captured { Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD }
        $gone.Errors[0].Exception.Message | Should -Match "-Code\. Device 'dep01' had this Serial until it was changed \([^)]*, Set-BmgDevice\)\. Nothing was changed\.$"
    }

    It 'a reported serial is matched ignoring case and surrounding spaces' {
        $out = Register-BmgDeviceCheckIn -Serial ' aaabbbcccddd '
        $out.Identifier | Should -Be 'dep01'
        (Get-BmgDeviceDepLink dep01).DepDevice | Should -Be 'AAABBBCCCDDD'
    }

    It 'a DEP device enrolled by key code checks in with -Identifier -Code -Serial and keeps the DEP device and its profile' {
        $out = Register-BmgDeviceCheckIn -Identifier key01 -Code key123 -Serial CCCDDDAAABBB

        $out.State | Should -Be 'CheckedIn'
        $link = Get-BmgDeviceDepLink key01
        $link.State | Should -Be 'CheckedIn'
        $link.DepDevice | Should -Be 'CCCDDDAAABBB'
        $link.DepProfile | Should -Be 'Kiosk'
        $link.CheckedInAt | Should -Not -BeNullOrEmpty
    }

    It 'a device without DEP checks in with -Identifier -Code and has no DEP device' {
        $out = Register-BmgDeviceCheckIn -Identifier PLAIN01 -Code plain123

        $out.Identifier | Should -Be 'plain01'
        $link = Get-BmgDeviceDepLink plain01
        $link.State | Should -Be 'CheckedIn'
        $link.UseDep | Should -BeFalse
        $link.DepDevice | Should -BeNullOrEmpty
        $link.DepProfile | Should -BeNullOrEmpty
        $link.CheckedInAt | Should -Not -BeNullOrEmpty
        (Get-BmgDevice plain01).State | Should -Be 'CheckedIn'
    }

    It 'a restricted device checks in when it reports the same value in another form (<Field>)' -TestCases @(
        @{ Field = 'WifiMac'; Action = { Register-BmgDeviceCheckIn -Identifier wifi01 -Code wifi123 -WifiMac 'aa-bb-cc-dd-ee-ff' } }
        @{ Field = 'IMEI'; Action = { Register-BmgDeviceCheckIn -Identifier imei01 -Code imei123 -Imei '49-015420-323751-8' } }
        @{ Field = 'UDID'; Action = { Register-BmgDeviceCheckIn -Identifier udid01 -Code udid123 -Udid '0123456789ABCDEF0123456789ABCDEF01234567' } }
    ) {
        $result = Invoke-Captured $Action
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].State | Should -Be 'CheckedIn'
    }

    It 'the DEP profile kept at check-in stays when the DEP list changes later' {
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
        $update = Write-TestCsv (New-CsvName 'dep') @('SerialNumber,ProfileName', 'AAABBBCCCDDD,Kiosk')
        Import-BmgDepDevice $update | Out-Null
        (Get-BmgDeviceDepLink dep01).DepProfile | Should -Be 'Sales iPhones'
    }

    Context 'rejections' {
        It '<Case>: <ErrorId>, and the store is unchanged' -TestCases @(
            @{ Case = 'wrong code'; ErrorId = 'CheckInRejected'; Pattern = 'code'; Action = { Register-BmgDeviceCheckIn -Identifier plain01 -Code wrong999 } }
            @{ Case = 'code of another case'; ErrorId = 'CheckInRejected'; Pattern = 'code'; Action = { Register-BmgDeviceCheckIn -Identifier key01 -Code wrong -Serial CCCDDDAAABBB } }
            @{ Case = 'DEP serial not in the DEP device list (by serial)'; ErrorId = 'CheckInRejected'; Pattern = 'DDDEEEFFF111'; Action = { Register-BmgDeviceCheckIn -Serial DDDEEEFFF111 } }
            @{ Case = 'DEP serial not in the DEP device list (key code)'; ErrorId = 'CheckInRejected'; Pattern = 'EEEFFF999000'; Action = { Register-BmgDeviceCheckIn -Identifier key01 -Code key123 -Serial EEEFFF999000 } }
            @{ Case = 'key code device reporting no serial'; ErrorId = 'CheckInRejected'; Pattern = 'key01'; Action = { Register-BmgDeviceCheckIn -Identifier key01 -Code key123 } }
            @{ Case = 'WifiMac mismatch'; ErrorId = 'CheckInRejected'; Pattern = 'WifiMac'; Action = { Register-BmgDeviceCheckIn -Identifier wifi01 -Code wifi123 -WifiMac 11:22:33:44:55:66 } }
            @{ Case = 'WifiMac not reported'; ErrorId = 'CheckInRejected'; Pattern = 'WifiMac'; Action = { Register-BmgDeviceCheckIn -Identifier wifi01 -Code wifi123 } }
            @{ Case = 'IMEI mismatch'; ErrorId = 'CheckInRejected'; Pattern = 'IMEI'; Action = { Register-BmgDeviceCheckIn -Identifier imei01 -Code imei123 -Imei 356938035643809 } }
            @{ Case = 'UDID mismatch'; ErrorId = 'CheckInRejected'; Pattern = 'UDID'; Action = { Register-BmgDeviceCheckIn -Identifier udid01 -Code udid123 -Udid 00008030-001A2B3C4D5E6F7A } }
            @{ Case = 'unknown identifier (the same error as a wrong code, 9.9)'; ErrorId = 'CheckInRejected'; Pattern = 'unknown device or wrong code.*ghost01'; Action = { Register-BmgDeviceCheckIn -Identifier ghost01 -Code abc } }
            @{ Case = 'unknown serial'; ErrorId = 'CheckInRejected'; Pattern = 'ZZZYYYXXX123'; Action = { Register-BmgDeviceCheckIn -Serial ZZZYYYXXX123 } }
            @{ Case = 'serial of a key code device alone'; ErrorId = 'CheckInRejected'; Pattern = 'CCCDDDAAABBB'; Action = { Register-BmgDeviceCheckIn -Serial CCCDDDAAABBB } }
        ) {
            $before = Get-StoreSnapshot
            $result = Invoke-Captured $Action

            $result.Terminating | Should -BeNullOrEmpty -Because 'a rejected check-in is a non-terminating error'
            $result.Output | Should -BeNullOrEmpty
            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be $ErrorId
            $result.Errors[0].Exception.Message | Should -Match $Pattern
            Get-StoreSnapshot | Should -Be $before
        }

        It 'a device that already checked in is rejected the second time, and its check-in is kept' {
            Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
            $first = Get-BmgDeviceDepLink dep01
            $before = Get-StoreSnapshot

            $result = Invoke-Captured { Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD }

            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be 'CheckInRejected'
            $result.Errors[0].Exception.Message | Should -Match 'CheckedIn'
            Get-StoreSnapshot | Should -Be $before
            (Get-BmgDeviceDepLink dep01).CheckedInAt | Should -Be $first.CheckedInAt
        }

        It 'a withdrawn device is rejected' {
            Unregister-BmgDevice -Identifier plain01 -Confirm:$false
            $before = Get-StoreSnapshot
            $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier plain01 -Code plain123 }
            Get-ErrorId $result.Errors[0] | Should -Be 'CheckInRejected'
            Get-StoreSnapshot | Should -Be $before
        }
    }
}

Describe 'Register-BmgDeviceCheckIn: a refusal after -Code does not tell a right code from a wrong one (walkthrough 27)' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-devices.csv') | Out-Null
        Import-TestDevices
    }

    It '<Case>: the right code gets the wrong code''s answer, and each counts toward the lockout' -TestCases @(
        @{ Case = 'a device that enrolls by DEP serial, by -Identifier -Code -Serial'; Identifier = 'dep01'; Right = 'depcode1'; Serial = 'AAABBBCCCDDD'
            Hint = '(a device that enrolls by DEP serial checks in with -Serial only, without -Identifier and -Code)' }
        @{ Case = 'a DEP device by key code that reports no serial'; Identifier = 'key01'; Right = 'key123'; Serial = $null
            Hint = '(a device that enrolls through DEP also reports its serial number with -Serial)' }
    ) {
        $reported = @{ Identifier = $Identifier }
        if ($Serial) { $reported.Serial = $Serial }
        $before = Get-StoreSnapshot

        $wrong = Invoke-Captured { Register-BmgDeviceCheckIn @reported -Code WrongCode1 }
        $right = Invoke-Captured { Register-BmgDeviceCheckIn @reported -Code $Right }

        Get-ErrorId $wrong.Errors[0] | Should -Be 'CheckInRejected'
        Get-ErrorId $right.Errors[0] | Should -Be 'CheckInRejected'
        $right.Errors[0].Exception.Message | Should -BeExactly $wrong.Errors[0].Exception.Message
        $right.Errors[0].Exception.Message | Should -BeExactly "Check-in rejected: unknown device or wrong code for Identifier '$Identifier' $Hint. Nothing was changed."
        $right.Errors[0].TargetObject | Should -BeExactly $wrong.Errors[0].TargetObject
        Get-StoreSnapshot | Should -Be $before
        # Two refusals so far; three more with the right code make five, as five wrong codes do.
        1..3 | ForEach-Object { $null = Invoke-Captured { Register-BmgDeviceCheckIn @reported -Code $Right } }
        (Get-BmgDevice $Identifier).IsCheckInLocked | Should -BeTrue
        $locked = Invoke-Captured { Register-BmgDeviceCheckIn @reported -Code $Right }
        Get-ErrorId $locked.Errors[0] | Should -Be 'CheckInLockedOut'
        (Get-BmgDevice $Identifier).State | Should -Be 'Registered'
    }

    It 'a refusal only the right code reaches (a WifiMac restriction) names its rule and counts toward the lockout' {
        1..5 | ForEach-Object {
            $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier wifi01 -Code wifi123 -WifiMac 11:22:33:44:55:66 }
            $result.Errors[0].Exception.Message | Should -Match 'WifiMac'
        }

        (Get-BmgDevice wifi01).IsCheckInLocked | Should -BeTrue
        $locked = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier wifi01 -Code wifi123 -WifiMac AA:BB:CC:DD:EE:FF }
        Get-ErrorId $locked.Errors[0] | Should -Be 'CheckInLockedOut'
        (Get-BmgDevice wifi01).State | Should -Be 'Registered'
    }

    It 'a check-in by serial alone gives no code, so its refusals are not counted' {
        1..6 | ForEach-Object { $null = Invoke-Captured { Register-BmgDeviceCheckIn -Serial DDDEEEFFF111 } }
        (Get-BmgDevice nodep01).IsCheckInLocked | Should -BeFalse
    }
}

Describe 'Register-BmgDeviceCheckIn from piped rows' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-devices.csv') | Out-Null
        Import-TestDevices
    }

    It 'checks in rows with Identifier, Code and Serial by identifier and code, and rows with Serial only by serial' {
        $rows = Write-TestCsv (New-CsvName 'reports') @(
            'Identifier,Code,Serial'
            'key01,key123,BBBCCCDDDAAA'
            'plain01,wrong-code,'
        )
        $result = Invoke-Captured { Import-Csv $rows | Register-BmgDeviceCheckIn }

        $result.Output.Identifier | Should -Be @('key01')
        $result.Output[0].DepDevice | Should -Be 'BBBCCCDDDAAA'
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'CheckInRejected'
        (Get-BmgDevice plain01).State | Should -Be 'Registered'

        $bySerial = Invoke-Captured { [pscustomobject]@{ Serial = 'AAABBBCCCDDD' } | Register-BmgDeviceCheckIn }
        $bySerial.Output.Identifier | Should -Be @('dep01')
    }

    It 'refuses a row whose reported serial is in a misspelt column (Serial Number) and checks nothing in for it' {
        # Bound, the row checked key01 in without the serial the device reported: 'Serial Number' binds no parameter.
        $rows = Write-TestCsv (New-CsvName 'reports') @(
            'Identifier,Code,Serial Number'
            'key01,key123,BBBCCCDDDAAA'
        )
        $result = Invoke-Captured { Import-Csv $rows | Register-BmgDeviceCheckIn }

        $result.Output | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $result.Errors[0].Exception.Message | Should -BeLike "*-Identifier 'key01' is refused*Register-BmgDeviceCheckIn takes Serial from a piped object's properties*'Serial Number' (did you mean 'Serial'?)*"
        $result.Errors[0].Exception.Message | Should -Not -BeLike '*BBBCCCDDDAAA*' -Because 'names only, never a value'
        $result.Errors[0].Exception.Message | Should -Not -BeLike '*key123*' -Because 'a code is secret'
        (Get-BmgDevice key01).State | Should -Be 'Registered'
    }

    It 'checks in a row with a misspelt serial column (Serial Number) when -Serial gives the serial: the column would not be taken' {
        $rows = Write-TestCsv (New-CsvName 'reports') @(
            'Identifier,Code,Serial Number'
            'key01,key123,C02IGNORED01'
        )
        $result = Invoke-Captured { Import-Csv $rows | Register-BmgDeviceCheckIn -Serial BBBCCCDDDAAA }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Identifier | Should -Be @('key01')
        $result.Output[0].DepDevice | Should -Be 'BBBCCCDDDAAA'
    }
}

Describe 'Register-BmgDeviceCheckIn and a registered serial' {
    BeforeEach {
        New-TestStore | Out-Null
    }

    It 'refuses a check-in of a device with a registered Serial that reports no serial, and takes the right one' {
        New-BmgDevice -Identifier plain02 -OS ios -Serial AAABBBCCCDDD -Code abc123 | Out-Null
        $before = Get-StoreSnapshot

        $refused = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier plain02 -Code abc123 }
        Get-ErrorId $refused.Errors[0] | Should -Be 'CheckInRejected'
        $refused.Errors[0].Exception.Message | Should -Match "AAABBBCCCDDD"
        Get-StoreSnapshot | Should -Be $before

        (Register-BmgDeviceCheckIn -Identifier plain02 -Code abc123 -Serial aaabbbcccddd).State | Should -Be 'CheckedIn'
    }
}

Describe 'Unlock-BmgDeviceCheckIn' {
    BeforeAll {
        # Five wrong codes within 15 minutes lock an Identifier's check-ins.
        function Lock-Device([string] $Identifier) {
            foreach ($i in 1..5) { $null = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier $Identifier -Code "Wrong$i" } }
        }
    }
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier lock01 -OS ios -Code Right1234 | Out-Null
        New-BmgDevice -Identifier free01 -OS ios -Code Free1234 | Out-Null
    }

    It 'Get-BmgDevice shows the lock (State in the table, CheckInLockedUntil); unlocking lets the right code check in at once, recorded in the history' {
        # Locked until 15 minutes after the first of the five refusals, which came between these two instants (bounds
        # taken around the refusals, not a minute of slack against the clock at the assertion: a slow machine passed that).
        $firstRefusalNotBefore = [DateTimeOffset]::UtcNow
        Lock-Device 'lock01'
        $lastRefusalNotAfter = [DateTimeOffset]::UtcNow
        $locked = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier lock01 -Code Right1234 }
        Assert-ErrorId $locked.Errors 'CheckInLockedOut'

        $device = Get-BmgDevice lock01
        $device.CheckInLockedUntil | Should -BeGreaterOrEqual $firstRefusalNotBefore.AddMinutes(15)
        $device.CheckInLockedUntil | Should -BeLessOrEqual $lastRefusalNotAfter.AddMinutes(15)
        (Get-BmgDevice free01).CheckInLockedUntil | Should -BeNullOrEmpty
        $table = Get-BmgDevice | Format-Table | Out-String -Width 120
        $table | Should -Match 'lock01 .*Registered \(lockout\)'
        $table | Should -Match 'free01 .*Registered\s*$|free01 .*Registered\s+\r?\n'
        (Get-BmgDevice lock01 | Format-List | Out-String) | Should -Match 'CheckInLockedUntil'

        $historyBefore = @(Get-BmgDeviceHistory -Identifier lock01).Count
        Unlock-BmgDeviceCheckIn lock01 -Confirm:$false
        (Get-BmgDevice lock01).CheckInLockedUntil | Should -BeNullOrEmpty
        (Register-BmgDeviceCheckIn -Identifier LOCK01 -Code Right1234).State | Should -Be 'CheckedIn'

        $entries = @(Get-BmgDeviceHistory -Identifier lock01)
        $entries.Count | Should -Be ($historyBefore + 2)
        $unlock = $entries[1]
        $unlock.Command | Should -Be 'Unlock-BmgDeviceCheckIn'
        $unlock.Action | Should -Be 'Changed'
        $unlock.Identifier | Should -Be 'lock01'
        $unlock.Changes.Field | Should -Be @('CheckInLockout')
        $unlock.Changes[0].OldValue | Should -Match '^locked until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(5 refused check-ins\)$'
        $unlock.Changes[0].NewValue | Should -BeNullOrEmpty
        ($entries | Format-List | Out-String -Width 200) | Should -Not -Match 'Right1234|Wrong\d'
        @(Get-BmgDeviceHistory -Field CheckInLockout).Command | Should -Be @('Unlock-BmgDeviceCheckIn')
        (Test-BmgHistory).Valid | Should -BeTrue
    }

    It 'the 80-column table keeps every column with a locked device of a 20-character Identifier and a 14-character serial; the list says until when' {
        New-BmgUser -UserName 'yamada.taro' | Out-Null
        New-BmgDevice -Identifier 'ipad-tokyo-sales0001' -OS ios -Code Right1234 -Serial 'ABCDEFGH123457' -UserName 'yamada.taro' | Out-Null
        Set-BmgDevice -Identifier 'free01' -UserName 'yamada.taro'
        Lock-Device 'ipad-tokyo-sales0001'

        $lines = @((Get-BmgDevice | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $lines[0] | Should -Match '^Identifier\s+DEPMethod\s+Serial\s+State\s+UserName$'
        $lines | Should -Contain 'ipad-tokyo-sales0001           ABCDEFGH123457 Registered (lockout) yamada.taro'
        $lines | Where-Object { $_ -like 'free01 *' } | Should -Match '^free01\s+Registered\s+yamada\.taro$'

        # Until when, in full: the date, the time and the offset (a lock can end after midnight).
        $until = (Get-BmgDevice 'ipad-tokyo-sales0001').CheckInLockedUntil
        $list = Get-BmgDevice 'ipad-tokyo-sales0001' | Format-List | Out-String -Width 80
        $list | Should -Match "CheckInLockedUntil\s*:\s*$([regex]::Escape($until.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)))"
        "$until" | Should -Match '\d{4}.*\d\d:\d\d:\d\d [+-]\d\d:\d\d'
        $list | Should -Match 'State\s*:\s*Registered\r?\n'
    }

    It 'the list view tells the check-in lockout (IsCheckInLocked) from the edit lock (IsEditLocked); IsLocked stays for scripts' {
        # Walkthrough 17, 5: "IsLocked : False" stood right under a table that called the device locked.
        Lock-Device 'lock01'
        $locked = Get-BmgDevice lock01
        $list = $locked | Format-List | Out-String -Width 80
        $list | Should -Match 'IsEditLocked\s*:\s*False'
        $list | Should -Match 'IsCheckInLocked\s*:\s*True'
        $list | Should -Not -Match '(?m)^IsLocked\s*:'
        $locked.IsLocked | Should -BeFalse
        $locked.IsCheckInLocked | Should -BeTrue

        (Register-BmgDeviceCheckIn -Identifier free01 -Code Free1234).State | Should -Be 'CheckedIn'
        $free = Get-BmgDevice free01
        $free.IsEditLocked | Should -BeTrue
        $free.IsLocked | Should -BeTrue
        $free.IsCheckInLocked | Should -BeFalse
        ($free | Format-List | Out-String -Width 80) | Should -Match 'IsEditLocked\s*:\s*True\r?\nIsCheckInLocked\s*:\s*False'
        # A checked-in device is edit-locked, not locked out: its table row carries no mark.
        ((Get-BmgDevice | Format-Table | Out-String -Width 120) -split '\r?\n' | Where-Object { $_ -like 'free01 *' }) | Should -Match 'CheckedIn\s*$'

        # The same rule as the check-in: the flag is on exactly when the next check-in is refused.
        Unlock-BmgDeviceCheckIn lock01 -Confirm:$false
        foreach ($i in 1..4) { $null = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier lock01 -Code "Wrong$i" } }
        (Get-BmgDevice lock01).IsCheckInLocked | Should -BeFalse
        $null = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier lock01 -Code 'Wrong5' }
        (Get-BmgDevice lock01).IsCheckInLocked | Should -BeTrue
        Assert-ErrorId (Invoke-Captured { Register-BmgDeviceCheckIn -Identifier lock01 -Code Right1234 }).Errors 'CheckInLockedOut'
    }

    It 'unlocks only the device named; -WhatIf changes nothing; a device without refusals is left alone and records nothing' {
        Lock-Device 'lock01'
        Lock-Device 'free01'
        $before = Get-StoreSnapshot
        $head = (Test-BmgHistory).HeadHash
        # 'What if:' lines go to the host; a transcript records them.
        $transcript = Join-Path $TestDrive 'unlock-whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            $shown = @(Unlock-BmgDeviceCheckIn lock01 -WhatIf -PassThru)
        } finally {
            $null = Stop-Transcript
        }
        $shown.Count | Should -Be 0 -Because '-WhatIf unlocks nothing, so -PassThru writes nothing'
        (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', '' |
            Should -Match "What if: .*Device 'lock01' \(locked until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d \(5 refused" -Because 'a time shown is local with its offset'
        Get-StoreSnapshot | Should -Be $before
        (Test-BmgHistory).HeadHash | Should -Be $head
        (Get-BmgDevice lock01).CheckInLockedUntil | Should -Not -BeNullOrEmpty

        Get-BmgDevice -Identifier LOCK01 | Unlock-BmgDeviceCheckIn -Confirm:$false
        (Get-BmgDevice lock01).CheckInLockedUntil | Should -BeNullOrEmpty
        (Get-BmgDevice free01).CheckInLockedUntil | Should -Not -BeNullOrEmpty
        Assert-ErrorId (Invoke-Captured { Register-BmgDeviceCheckIn -Identifier free01 -Code Free1234 }).Errors 'CheckInLockedOut'

        $head = (Test-BmgHistory).HeadHash
        $verbose = Unlock-BmgDeviceCheckIn lock01 -Confirm:$false -Verbose -PassThru 4>&1
        "$verbose" | Should -Match "'lock01' has no refused check-ins"
        @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0 -Because 'nothing was unlocked'
        (Test-BmgHistory).HeadHash | Should -Be $head
    }

    It 'a device that does not exist is DeviceNotFound; -PassThru writes the device' {
        $missing = Invoke-Captured { Unlock-BmgDeviceCheckIn nosuch01 -Confirm:$false }
        Assert-ErrorId $missing.Errors 'DeviceNotFound'
        $missing.Errors[0].TargetObject | Should -Be 'nosuch01'
        Lock-Device 'lock01'
        (Unlock-BmgDeviceCheckIn lock01 -Confirm:$false -PassThru).Identifier | Should -Be 'lock01'
    }
}

# Walkthrough 31b, finding 5: a Keycode device's DEP serial is known only from its check-in, and it did not reserve the
# serial: a second record took it as its Serial and checked in as the same DEP device. A serial belongs to one device
# record, registered with it or checked in as it (SerialHolders), for every way in.
Describe 'One DEP device, one device record: a serial a device checked in as is held (walkthrough 31b, 5)' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        Import-TestDevices
        # key01 (DEP by key code, no Serial) checks in as the DEP device CCCDDDAAABBB.
        Register-BmgDeviceCheckIn -Identifier key01 -Code key123 -Serial CCCDDDAAABBB | Out-Null
    }

    It '<Case> is DuplicateSerial naming the device that checked in as it, and the store is unchanged' -TestCases @(
        @{ Case = 'New-BmgDevice -Serial'; Script = { New-BmgDevice -Identifier ipad10 -OS ios -Serial cccdddaaabbb -DEPMethod Serial -Code abc12345 } }
        @{ Case = 'Set-BmgDevice -Serial'; Script = { Set-BmgDevice -Identifier plain01 -Serial CCCDDDAAABBB } }
        @{ Case = 'Set-BmgDeviceDepEnrollment -Serial'; Script = { Set-BmgDeviceDepEnrollment -Identifier plain01 -Method Serial -Serial CCCDDDAAABBB } }
    ) {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured $Script
        Assert-ErrorId (@($result.Errors) + @($result.Terminating | Where-Object { $_ })) 'DuplicateSerial'
        "$(@($result.Errors) + @($result.Terminating | Where-Object { $_ }))" | Should -Match "already held by device 'key01', which checked in as the DEP device 'CCCDDDAAABBB' and is CheckedIn"
        Get-StoreSnapshot | Should -Be $before
    }

    It 'an import row with that serial is DuplicateSerial naming the device, and the import changes nothing' {
        $before = Get-StoreSnapshot
        $rows = Write-TestCsv (New-CsvName 'held') @('Identifier,OS,Serial,DEPMethod,Code', 'ipad11,ios,CCCDDDAAABBB,Serial,abc12345')
        $result = Invoke-Captured { Import-BmgDeviceCsv $rows }
        "$(@($result.Errors) + @($result.Terminating | Where-Object { $_ }))" | Should -Match "DuplicateSerial|already held by device 'key01', which checked in as the DEP device 'CCCDDDAAABBB'"
        "$(@($result.Errors) + @($result.Terminating | Where-Object { $_ }))" | Should -Match "key01"
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a second check-in as that DEP device by key code is CheckInRejected naming the device, and nothing changes' {
        New-BmgDevice -Identifier key02 -OS ios -DEPMethod Keycode -Code key456789 | Out-Null
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier key02 -Code key456789 -Serial CCCDDDAAABBB }
        Assert-ErrorId $result.Errors 'CheckInRejected'
        "$($result.Errors[0])" | Should -Match "the DEP device 'CCCDDDAAABBB' belongs to device 'key01', which checked in as the DEP device 'CCCDDDAAABBB'"
        Get-StoreSnapshot | Should -Be $before
        @(Get-BmgDeviceDepLink | Where-Object DepDevice -EQ 'CCCDDDAAABBB').Identifier | Should -Be 'key01'
    }

    It 'a check-in by key code as a serial another record is registered with is CheckInRejected naming that record' {
        # dep01 is registered with AAABBBCCCDDD (DEP by serial) and has not checked in: the serial is its.
        New-BmgDevice -Identifier key03 -OS ios -DEPMethod Keycode -Code key456789 | Out-Null
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier key03 -Code key456789 -Serial AAABBBCCCDDD }
        Assert-ErrorId $result.Errors 'CheckInRejected'
        "$($result.Errors[0])" | Should -Match "the DEP device 'AAABBBCCCDDD' belongs to device 'dep01' \(its Serial\)"
        Get-StoreSnapshot | Should -Be $before
        # The record registered with it still checks in as it.
        (Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD).Identifier | Should -Be 'dep01'
    }

    It 'the device that checked in keeps the serial after it is withdrawn, until it is removed' {
        Unregister-BmgDevice key01 -Confirm:$false
        $result = Invoke-Captured { Set-BmgDevice -Identifier plain01 -Serial CCCDDDAAABBB }
        "$(@($result.Errors) + @($result.Terminating | Where-Object { $_ }))" | Should -Match "already held by device 'key01', which checked in as the DEP device 'CCCDDDAAABBB' and is Withdrawn.*Remove-BmgDevice"
        Remove-BmgDevice key01 -Confirm:$false
        Set-BmgDevice -Identifier plain01 -Serial CCCDDDAAABBB
        (Get-BmgDevice plain01).Serial | Should -Be 'CCCDDDAAABBB'
    }
}
