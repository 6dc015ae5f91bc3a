BeforeAll {
    . $PSScriptRoot/Common.ps1

    # One error record whose FullyQualifiedErrorId is '<Id>,<cmdlet>' (exact ErrorId, not a substring).

    function New-DeviceFixture {
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Std' | Out-Null
        New-BmgTemplate -Name 'Kiosk' | Out-Null
        New-BmgDeviceTag -Name 'T1' | Out-Null
        New-BmgDeviceTag -Name 'T2' | Out-Null
        New-BmgUser -UserName 'u1' | Out-Null
        New-BmgUser -UserName 'u2' | Out-Null
    }

    # A device with every field set, DEP on by Serial.
    function New-FullDevice([string] $Identifier = 'dev01', [string] $Serial = 'AAABBBCCCDDD') {
        New-BmgDevice -Identifier $Identifier -OS 'ios' -Template 'Std' -Code 'abc123' -DeviceTags 'T1' -WifiMac 'aa:bb:cc:dd:ee:ff' `
            -IMEI '490154203237518' -UDID '00008030-001a2b3c4d5e6f70' -Serial $Serial -ExpirationDays 30 -DisplayName 'Phone' `
            -Description 'A phone' -RegistrationEmail 'reg@example.com' -DEPMethod 'Serial' -UserName 'u1'
    }

    # A device that has checked in (DEP off: Identifier + Code), hence locked.
    function New-CheckedInDevice([string] $Identifier = 'locked1') {
        New-BmgDevice -Identifier $Identifier -OS 'ios' -Code 'abc123' -DisplayName 'Locked' | Out-Null
        Register-BmgDeviceCheckIn -Identifier $Identifier -Code 'abc123' | Out-Null
    }
}

Describe 'New-BmgDevice' {
    BeforeEach { New-DeviceFixture }

    It 'returns the device with the DeviceKey its row got, as Get-BmgDevice and Set-BmgDevice -PassThru show it (walkthrough 24, finding 9)' {
        $first = New-BmgDevice -Identifier keytest-1 -OS iOS
        $second = New-BmgDevice -Identifier keytest-2 -OS iOS
        $first.DeviceKey | Should -Not -BeNullOrEmpty
        $first.DeviceKey | Should -Be (Get-BmgDevice keytest-1).DeviceKey
        $second.DeviceKey | Should -Be (Get-BmgDevice keytest-2).DeviceKey
        $second.DeviceKey | Should -Not -Be $first.DeviceKey
    }

    It 'returns the DeviceKey when the history is not recorded too (Leftovers 25)' {
        # The only way to write without history is the Bench's switch, read once a process: a child process with it set.
        $database = New-TestStore -Created
        $run = Invoke-FreshPwsh @"
`$env:BMG_BENCH_WITHOUT_HISTORY = '1'
Import-Module '$env:BMG_TEST_MODULE'
`$first = New-BmgDevice -Identifier nohist-1 -OS ios -Database '$database'
`$second = New-BmgDevice -Identifier nohist-2 -OS ios -Database '$database'
"keys: `$(`$first.DeviceKey) `$(`$second.DeviceKey)"
"@
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match "keys: $((Get-BmgDevice nohist-1).DeviceKey) $((Get-BmgDevice nohist-2).DeviceKey)$"
        @(Get-BmgDeviceHistory nohist-1 -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty -Because 'the child wrote no history'
    }

    It 'creates a device, emits it and stores every field in canonical form' {
        $out = New-BmgDevice -Identifier 'Dev01' -OS 'iOS' -Template 'Std' -Code 'abc123' -DeviceTags 'T2', 'T1' -WifiMac 'aa-bb-cc-dd-ee-ff' `
            -IMEI '49-015420-323751-8' -UDID '00008030-001a2b3c4d5e6f70' -Serial 'aaabbbcccddd' -ExpirationDays 30 -DisplayName 'Phone' `
            -Description 'A phone' -RegistrationEmail 'reg@example.com' -DEPMethod 'key code' -UserName 'u1'
        $out.Identifier | Should -Be 'Dev01'
        $d = Get-BmgDevice -Identifier 'dev01'
        $d.Identifier | Should -BeExactly 'Dev01'
        $d.OS | Should -BeExactly 'ios'
        $d.Template | Should -Be 'Std'
        $d.Code | ConvertFrom-SecureString -AsPlainText | Should -BeExactly 'abc123'
        $d.DeviceTags | Should -Be @('T2', 'T1')
        $d.WifiMac | Should -BeExactly 'AA:BB:CC:DD:EE:FF'
        $d.IMEI | Should -Be '490154203237518'
        $d.UDID | Should -BeExactly '00008030-001A2B3C4D5E6F70'
        $d.Serial | Should -BeExactly 'AAABBBCCCDDD'
        $d.ExpirationDays | Should -Be 30
        $d.DisplayName | Should -Be 'Phone'
        $d.Description | Should -Be 'A phone'
        $d.RegistrationEmail | Should -Be 'reg@example.com'
        $d.DEPMethod | Should -Be 'Keycode'
        $d.UseDep | Should -BeTrue
        $d.UserName | Should -Be 'u1'
        $d.State | Should -Be 'Registered'
    }

    It 'generates an 8-character code without look-alike characters when none is given, and defaults ExpirationDays to 7' {
        $d = New-BmgDevice -Identifier 'gen1' -OS 'android'
        $d.Code | ConvertFrom-SecureString -AsPlainText | Should -Match '^[A-Za-z0-9]{8}$'
        $d.Code | ConvertFrom-SecureString -AsPlainText | Should -Not -Match '[0O1IL]'
        $d.ExpirationDays | Should -Be 7
        (Get-BmgDevice -Identifier 'gen1').Code | ConvertFrom-SecureString -AsPlainText | Should -BeExactly ($d.Code | ConvertFrom-SecureString -AsPlainText)
    }

    It 'queues a check-in email when the device has a RegistrationEmail' {
        New-BmgDevice -Identifier 'mail1' -OS 'ios' -Code 'xyz789' -RegistrationEmail 'to@example.com' | Out-Null
        $mail = @(Get-BmgCheckInEmail)
        $mail | Should -HaveCount 1
        $mail[0].Identifier | Should -Be 'mail1'
        $mail[0].Recipient | Should -Be 'to@example.com'
        $mail[0].Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'xyz789'
    }

    It 'creates devices from piped objects by property name' {
        [pscustomobject]@{ Identifier = 'p1' }, [pscustomobject]@{ Identifier = 'p2' } | New-BmgDevice -OS 'windows' | Out-Null
        (Get-BmgDevice -Identifier 'p*').Identifier | Should -Be @('p1', 'p2')
    }

    It 'refuses an Identifier that exists in another case with AlreadyExists and changes nothing' {
        New-BmgDevice -Identifier 'dev01' -OS 'ios' | Out-Null
        $before = Get-StoreSnapshot
        New-BmgDevice -Identifier 'DEV01' -OS 'android' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-ErrorId $err 'AlreadyExists'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses <Case> with <ErrorId> and writes nothing' -ForEach @(
        @{ Case = 'an Identifier with a space'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'bad id'; OS = 'ios' } }
        @{ Case = 'an Identifier of 21 characters'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = ('a' * 21); OS = 'ios' } }
        @{ Case = 'an unknown OS'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'd9'; OS = 'symbian' } }
        @{ Case = 'a blank OS'; ErrorId = 'MissingRequiredField'; Splat = @{ Identifier = 'd9'; OS = ' ' } }
        @{ Case = 'a template that does not exist'; ErrorId = 'ReferenceNotFound'; Splat = @{ Identifier = 'd9'; OS = 'ios'; Template = 'std' } }
        @{ Case = 'a device tag that does not exist'; ErrorId = 'ReferenceNotFound'; Splat = @{ Identifier = 'd9'; OS = 'ios'; DeviceTags = @('T1', 'T9') } }
        @{ Case = 'a user that does not exist'; ErrorId = 'ReferenceNotFound'; Splat = @{ Identifier = 'd9'; OS = 'ios'; UserName = 'U1' } }
        @{ Case = 'DEP enrollment on an android device'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'd9'; OS = 'android'; DEPMethod = 'Keycode' } }
        @{ Case = 'DEPMethod Serial without a Serial'; ErrorId = 'MissingRequiredField'; Splat = @{ Identifier = 'd9'; OS = 'ios'; DEPMethod = 'Serial' } }
        @{ Case = 'an unknown DEPMethod'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'd9'; OS = 'ios'; DEPMethod = 'Barcode' } }
        @{ Case = 'an IMEI with a wrong check digit'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'd9'; OS = 'ios'; IMEI = '490154203237519' } }
        @{ Case = 'a serial of 7 characters'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'd9'; OS = 'ios'; Serial = 'ABCDEFG' } }
        @{ Case = 'a Code with punctuation'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'd9'; OS = 'ios'; Code = 'ab-12' } }
        @{ Case = 'ExpirationDays 366'; ErrorId = 'InvalidFieldValue'; Splat = @{ Identifier = 'd9'; OS = 'ios'; ExpirationDays = 366 } }
    ) {
        $before = Get-StoreSnapshot
        New-BmgDevice @Splat -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-ErrorId $err $ErrorId
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses a Serial another device holds with DuplicateSerial naming that device' {
        New-BmgDevice -Identifier 'holder' -OS 'ios' -Serial 'AAABBBCCCDDD' | Out-Null
        $before = Get-StoreSnapshot
        New-BmgDevice -Identifier 'd9' -OS 'ios' -Serial 'aaabbbcccddd' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DuplicateSerial'
        $err[0].Exception.Message | Should -BeLike "*'holder'*"
        Get-StoreSnapshot | Should -Be $before
    }

    It 'writes nothing and queues nothing with -WhatIf' {
        $before = Get-StoreSnapshot
        New-BmgDevice -Identifier 'w1' -OS 'ios' -RegistrationEmail 'to@example.com' -WhatIf | Should -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
    }
}

Describe 'Get-BmgDevice' {
    BeforeAll {
        New-DeviceFixture
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgDevice -Identifier 'apple001' -OS 'ios' -Template 'Std' -DeviceTags 'Sales' -UserName 'u1' -Serial 'AAABBBCCCDDD' | Out-Null
        New-BmgDevice -Identifier 'apple002' -OS 'ios' -Template 'Kiosk' -DeviceTags 'T1', 'Sales' -UserName 'u2' -Serial 'BBBCCCDDDAAA' | Out-Null
        New-BmgDevice -Identifier 'Droid01' -OS 'android' -DeviceTags 'T2' | Out-Null
        New-CheckedInDevice -Identifier 'apple003'
    }

    It 'returns every device without an Identifier' {
        (Get-BmgDevice).Identifier | Sort-Object | Should -Be @('apple001', 'apple002', 'apple003', 'Droid01')
    }

    It 'matches wildcards ignoring case' {
        (Get-BmgDevice -Identifier 'APPLE*').Identifier | Sort-Object | Should -Be @('apple001', 'apple002', 'apple003')
        (Get-BmgDevice -Identifier '*0[12]').Identifier | Sort-Object | Should -Be @('apple001', 'apple002', 'Droid01')
    }

    It 'finds an exact Identifier in any case and shows it as first entered' {
        (Get-BmgDevice -Identifier 'DROID01').Identifier | Should -BeExactly 'Droid01'
    }

    It 'reports a missing Identifier as DeviceNotFound and still returns the others' {
        $out = Get-BmgDevice -Identifier 'nope', 'apple001' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Identifier | Should -Be 'apple001'
        Assert-ErrorId $err 'DeviceNotFound'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nope'
    }

    It 'filters by -State' {
        (Get-BmgDevice -State CheckedIn).Identifier | Should -Be 'apple003'
        (Get-BmgDevice -State Registered).Identifier | Sort-Object | Should -Be @('apple001', 'apple002', 'Droid01')
        Get-BmgDevice -State Withdrawn | Should -BeNullOrEmpty
    }

    It 'filters by -UserName (case-sensitive, wildcards)' {
        (Get-BmgDevice -UserName 'u1').Identifier | Should -Be 'apple001'
        (Get-BmgDevice -UserName 'u*').Identifier | Sort-Object | Should -Be @('apple001', 'apple002')
        Get-BmgDevice -UserName 'U1' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    # Walkthrough 13, finding 6: the rule of -Identifier and -Serial, for the filters too.
    It 'reports an exact -<Parameter> that names no <Kind> as <ErrorId>, with its did-you-mean, and selects nothing' -ForEach @(
        @{ Parameter = 'DeviceTag'; Kind = 'device tag'; Value = 'sales'; ErrorId = 'DeviceTagNotFound'; Hint = "*did you mean 'Sales'?*" }
        # A letter off an existing tag: did you mean it (walkthrough 43, finding 10; it said only "case-sensitive").
        @{ Parameter = 'DeviceTag'; Kind = 'device tag'; Value = 'Sale'; ErrorId = 'DeviceTagNotFound'; Hint = "*; did you mean 'Sales'?" }
        @{ Parameter = 'Template'; Kind = 'template'; Value = 'std'; ErrorId = 'TemplateNotFound'; Hint = "*did you mean 'Std'?*" }
        @{ Parameter = 'Template'; Kind = 'template'; Value = 'Standrad'; ErrorId = 'TemplateNotFound'; Hint = '*case-sensitive*' }
        @{ Parameter = 'UserName'; Kind = 'user'; Value = 'U1'; ErrorId = 'UserNotFound'; Hint = "*did you mean 'u1'?*" }
        @{ Parameter = 'UserName'; Kind = 'user'; Value = 'yamda'; ErrorId = 'UserNotFound'; Hint = "*'yamda'*" }
    ) {
        $filter = @{ $Parameter = $Value }
        $out = Get-BmgDevice @filter -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-ErrorId $err $ErrorId
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -BeExactly $Value
        $err[0].Exception.Message | Should -BeLike $Hint
        { Get-BmgDevice @filter -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,BizMobileGo.PowerShell.GetBmgDeviceCommand"
    }

    It 'an exported device without a user, read back with Import-Csv, is found: its blank UserName cell is no filter' {
        $csv = Join-Path $TestDrive "no-user-$([guid]::NewGuid().ToString('N')).csv"
        Get-BmgDevice -Identifier 'Droid01' | Export-Csv -LiteralPath $csv
        (Import-Csv -LiteralPath $csv).UserName | Should -BeNullOrEmpty -Because 'the test needs a device without a user'
        $out = Import-Csv -LiteralPath $csv | Get-BmgDevice -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        $out.Identifier | Should -Be 'Droid01'
    }

    It 'says so once when identifiers are piped, and nothing reaches Set-BmgDevice' {
        $before = (Get-BmgDevice -Identifier 'apple001').ExpirationDays
        $out = 'apple001', 'apple002' | Get-BmgDevice -DeviceTag 'sales' -Template 'Std' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-ErrorId $err 'DeviceTagNotFound'
        Get-BmgDevice -DeviceTag 'sales' -ErrorAction SilentlyContinue | Set-BmgDevice -ExpirationDays 99
        (Get-BmgDevice -Identifier 'apple001').ExpirationDays | Should -Be $before
    }

    It 'returns nothing and no error for a tag, template or user that exists but no device has, and for a wildcard that matches nothing' {
        New-BmgDeviceTag -Name 'NoDevices' -ErrorAction SilentlyContinue | Out-Null
        New-BmgTemplate -Name 'NoDevicesTemplate' -ErrorAction SilentlyContinue | Out-Null
        New-BmgUser -UserName 'nodevices' -ErrorAction SilentlyContinue | Out-Null
        $out = @(
            Get-BmgDevice -DeviceTag 'NoDevices' -ErrorVariable +err -ErrorAction SilentlyContinue
            Get-BmgDevice -Template 'NoDevicesTemplate' -ErrorVariable +err -ErrorAction SilentlyContinue
            Get-BmgDevice -UserName 'nodevices' -ErrorVariable +err -ErrorAction SilentlyContinue
            Get-BmgDevice -DeviceTag 'Nothing*' -ErrorVariable +err -ErrorAction SilentlyContinue
            Get-BmgDevice -Template 'Nothing*' -ErrorVariable +err -ErrorAction SilentlyContinue
            Get-BmgDevice -UserName 'nothing*' -ErrorVariable +err -ErrorAction SilentlyContinue
        )
        $out | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'takes piped users and devices by UserName without an error' {
        (Get-BmgUser -UserName 'u2' | Get-BmgDevice -ErrorVariable err).Identifier | Should -Be 'apple002'
        $err | Should -BeNullOrEmpty
        $all = @(Get-BmgDevice)
        $piped = @(Get-BmgDevice | Get-BmgDevice -ErrorVariable err2)
        $piped.Count | Should -Be $all.Count
        $err2 | Should -BeNullOrEmpty
    }

    It 'filters by -Template' {
        (Get-BmgDevice -Template 'Kiosk').Identifier | Should -Be 'apple002'
        (Get-BmgDevice -Template '*').Identifier | Sort-Object | Should -Be @('apple001', 'apple002')
    }

    It 'filters by -DeviceTag (any of the device''s tags, wildcards)' {
        (Get-BmgDevice -DeviceTag 'Sales').Identifier | Sort-Object | Should -Be @('apple001', 'apple002')
        (Get-BmgDevice -DeviceTag 'T*').Identifier | Sort-Object | Should -Be @('apple002', 'Droid01')
    }

    It 'filters by -Serial in any case' {
        (Get-BmgDevice -Serial 'bbbcccdddaaa').Identifier | Should -Be 'apple002'
        (Get-BmgDevice -Serial 'A*').Identifier | Should -Be 'apple001'
    }

    It 'takes several -Serial values, a wildcard among them; a serial no device holds is DeviceNotFound and the others still match' {
        $out = Get-BmgDevice -Serial 'bbbcccdddaaa', 'ZZZZZZZZZZ', 'A*' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Identifier | Sort-Object | Should -Be @('apple001', 'apple002')
        Assert-ErrorId $err 'DeviceNotFound'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'ZZZZZZZZZZ'
        $err[0].Exception.Message | Should -Be "No device is registered with the Serial 'ZZZZZZZZZZ' $(Get-InStore)."
    }

    It 'returns exact -Serial values in the order given, each once, and applies the other filters' {
        (Get-BmgDevice -Serial 'BBBCCCDDDAAA', 'aaabbbcccddd', 'AAABBBCCCDDD').Identifier | Should -Be @('apple002', 'apple001')
        (Get-BmgDevice -Serial 'BBBCCCDDDAAA', 'AAABBBCCCDDD' -Template 'Std').Identifier | Should -Be @('apple001')
    }

    It 'reads each -Serial through the serial rule: an invalid one is its own InvalidFieldValue and the valid ones still match' {
        $out = Get-BmgDevice -Serial 'abc', 'AAABBBCCCDDD' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Identifier | Should -Be @('apple001')
        Assert-ErrorId $err 'InvalidFieldValue'
        Get-BmgDevice -Serial 'abc' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'serials that are all invalid select nothing, not every device'
    }

    It 'with piped identifiers, reports a -Serial no device holds once' {
        $out = 'apple001', 'apple002' | Get-BmgDevice -Serial 'ZZZZZZZZZZ', 'A*' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Identifier | Should -Be @('apple001')
        Assert-ErrorId $err 'DeviceNotFound'
    }

    It 'answers many piped identifiers (read a batch at a time) in the order piped, each miss its error at its place' {
        # 720 records, fast enough to be read in batches (some aside, on another thread): the same output, in the same order,
        # as one look-up per record; a piped '*' is literal; a record with its own UserName is read alone, at its place.
        $round = 'apple001', 'nope1', 'APPLE002', 'app*', ' Droid01 ', [pscustomobject]@{ Identifier = 'apple002'; UserName = 'u1' }
        $records = foreach ($i in 1..120) { $round }
        $seen = $records | Get-BmgDevice -ErrorAction Continue 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "$(Get-ErrorId $_):$($_.TargetObject)" } else { $_.Identifier }
        }
        $expected = foreach ($i in 1..120) { 'apple001', 'DeviceNotFound:nope1', 'apple002', 'DeviceNotFound:app*', 'Droid01' }
        $seen | Should -Be @($expected)
    }

    It 'applies -Template and -State to piped identifiers read a batch at a time' {
        $records = foreach ($i in 1..300) { 'apple001', 'apple002', 'apple003' }
        $out = @($records | Get-BmgDevice -Template 'Std')
        $out.Count | Should -Be 300
        ($out.Identifier | Sort-Object -Unique) | Should -Be 'apple001'
        $locked = @($records | Get-BmgDevice -State CheckedIn)
        ($locked.Identifier | Sort-Object -Unique) | Should -Be 'apple003'
    }

    It 'writes each -Serial''s error at its place among the devices, as -Identifier does' {
        $seen = Get-BmgDevice -Serial 'AAABBBCCCDDD', 'abc', 'ZZZZZZZZZZ', 'BBBCCCDDDAAA' -ErrorAction Continue 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "$(Get-ErrorId $_):$($_.TargetObject)" } else { $_.Identifier }
        }
        $seen | Should -Be @('apple001', 'InvalidFieldValue:abc', 'DeviceNotFound:ZZZZZZZZZZ', 'apple002')
    }

    It 'refuses a -Serial of <Case>: it never means every device, so nothing piped on is removed' -ForEach @(
        @{ Case = '$null'; Value = $null }
        @{ Case = '@()'; Value = @() }
        @{ Case = "''"; Value = '' }
        @{ Case = 'a list holding $null'; Value = @('AAABBBCCCDDD', $null) }
        @{ Case = 'a list holding a blank'; Value = @('AAABBBCCCDDD', '  ') }
    ) {
        $count = @(Get-BmgDevice).Count
        { Get-BmgDevice -Serial $Value } | Should -Throw -ErrorId 'ParameterArgumentValidationErrorNullNotAllowed,BizMobileGo.PowerShell.GetBmgDeviceCommand'
        { Get-BmgDevice -Serial $Value | Remove-BmgDevice -Confirm:$false } | Should -Throw -ExpectedMessage "*parameter 'Serial'*"
        @(Get-BmgDevice).Count | Should -Be $count
    }

    It 'combines an Identifier wildcard with filters' {
        (Get-BmgDevice -Identifier 'apple*' -DeviceTag 'Sales' -Template 'Std').Identifier | Should -Be 'apple001'
    }

    It 'takes identifiers from the pipeline' {
        ('apple001', 'droid01' | Get-BmgDevice).Identifier | Should -Be @('apple001', 'Droid01')
    }

    It 'pipes into Get-BmgDeviceDepLink by property name' {
        $links = Get-BmgDevice -Identifier 'apple00*' | Get-BmgDeviceDepLink
        $links.Identifier | Sort-Object | Should -Be @('apple001', 'apple002', 'apple003')
        ($links | Where-Object Identifier -EQ 'apple003').State | Should -Be 'CheckedIn'
    }
}

Describe 'Set-BmgDevice' {
    BeforeEach {
        New-DeviceFixture
        New-FullDevice | Out-Null
    }

    It 'keeps an edit of one output object''s tag list to that object, in the same command, a later one and a later change' {
        # A device's tags reach a script as an array it may write to; the store must not hand that array to other devices.
        New-BmgDevice -Identifier 'dev1' -OS 'ios' -DeviceTags 'T1', 'T2' | Out-Null
        New-BmgDevice -Identifier 'dev2' -OS 'ios' -DeviceTags 'T1', 'T2' | Out-Null

        $both = @(Get-BmgDevice -Identifier 'dev?')
        $both[0].DeviceTags[0] = 'Edited'
        $both[1].DeviceTags | Should -Be @('T1', 'T2')

        $one = Get-BmgDevice -Identifier 'dev1'
        $one.DeviceTags[1] = 'Edited'
        (Get-BmgDevice -Identifier 'dev2').DeviceTags | Should -Be @('T1', 'T2')

        Set-BmgDevice -Identifier 'dev2' -Description 'only the description' | Out-Null
        (Get-BmgDevice -Identifier 'dev2').DeviceTags | Should -Be @('T1', 'T2')
        (Get-BmgDevice -Identifier 'dev1').DeviceTags | Should -Be @('T1', 'T2')
    }

    It 'changes only the parameters given' {
        $before = Get-BmgDevice -Identifier 'dev01' | Select-Object * -ExcludeProperty DisplayName, SavedAt
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Renamed' | Should -BeNullOrEmpty
        $after = Get-BmgDevice -Identifier 'dev01'
        $after.DisplayName | Should -Be 'Renamed'
        ($after | Select-Object * -ExcludeProperty DisplayName, SavedAt | ConvertTo-Json) | Should -Be ($before | ConvertTo-Json)
    }

    It 'clears fields given as $null or empty, as a blank CSV cell does' {
        Set-BmgDevice -Identifier 'dev01' -Template $null -DeviceTags @() -WifiMac $null -IMEI '' -UDID $null -DEPMethod '' -Serial $null `
            -DisplayName '' -Description $null -RegistrationEmail $null -UserName $null
        $d = Get-BmgDevice -Identifier 'dev01'
        foreach ($field in 'Template', 'WifiMac', 'IMEI', 'UDID', 'Serial', 'DisplayName', 'Description', 'RegistrationEmail', 'UserName', 'DEPMethod') {
            $d.$field | Should -BeNullOrEmpty -Because "$field was given as blank"
        }
        @($d.DeviceTags) | Should -HaveCount 0
        $d.UseDep | Should -BeFalse
    }

    It 'keeps the code when -Code is $null and resets ExpirationDays to 7 when it is $null' {
        Set-BmgDevice -Identifier 'dev01' -Code $null -ExpirationDays $null
        $d = Get-BmgDevice -Identifier 'dev01'
        $d.Code | ConvertFrom-SecureString -AsPlainText | Should -BeExactly 'abc123'
        $d.ExpirationDays | Should -Be 7
    }

    It 'removes all tags with -DeviceTags $null and replaces them in the given order' {
        Set-BmgDevice -Identifier 'dev01' -DeviceTags 'T2', 'T1'
        (Get-BmgDevice -Identifier 'dev01').DeviceTags | Should -Be @('T2', 'T1')
        Set-BmgDevice -Identifier 'dev01' -DeviceTags $null
        @((Get-BmgDevice -Identifier 'dev01').DeviceTags) | Should -HaveCount 0
    }

    It 'links the device to another user and unlinks it with an empty -UserName' {
        Set-BmgDevice -Identifier 'dev01' -UserName 'u2'
        (Get-BmgDevice -Identifier 'dev01').UserName | Should -Be 'u2'
        Set-BmgDevice -Identifier 'dev01' -UserName ''
        (Get-BmgDevice -Identifier 'dev01').UserName | Should -BeNullOrEmpty
    }

    It 'finds the device ignoring case and accepts the same OS in another case' {
        $out = Set-BmgDevice -Identifier 'DEV01' -OS 'IOS' -Description 'x' -PassThru
        $out.Identifier | Should -BeExactly 'dev01'
        $out.OS | Should -BeExactly 'ios'
        $out.Description | Should -Be 'x'
    }

    It 'keeps the OS with a blank -OS, as a blank Code keeps the code (walkthrough 40, 9)' {
        $out = Set-BmgDevice -Identifier 'dev01' -OS '' -Description 'y' -PassThru -ErrorAction Stop
        $out.OS | Should -BeExactly 'ios'
        $out.Description | Should -Be 'y'
        (Get-BmgDevice -Identifier 'dev01').OS | Should -BeExactly 'ios'
    }

    It 'refuses <Case> with <ErrorId>, applying nothing of the call' -ForEach @(
        @{ Case = 'a malformed WifiMac'; ErrorId = 'InvalidFieldValue'; Splat = @{ WifiMac = 'zz:bb:cc:dd:ee:ff' } }
        @{ Case = 'an IMEI with a bad check digit'; ErrorId = 'InvalidFieldValue'; Splat = @{ IMEI = '490154203237519' } }
        @{ Case = 'a malformed UDID'; ErrorId = 'InvalidFieldValue'; Splat = @{ UDID = '1234' } }
        @{ Case = 'a malformed MEID'; ErrorId = 'InvalidFieldValue'; Splat = @{ MEID = 'XYZ' } }
        @{ Case = 'ExpirationDays 0'; ErrorId = 'InvalidFieldValue'; Splat = @{ ExpirationDays = 0 } }
        @{ Case = 'a malformed RegistrationEmail'; ErrorId = 'InvalidFieldValue'; Splat = @{ RegistrationEmail = 'a@' } }
        @{ Case = 'a template that does not exist'; ErrorId = 'ReferenceNotFound'; Splat = @{ Template = 'Nope' } }
        @{ Case = 'a device tag that does not exist'; ErrorId = 'ReferenceNotFound'; Splat = @{ DeviceTags = @('T1', 'Nope') } }
        @{ Case = 'a user that does not exist'; ErrorId = 'ReferenceNotFound'; Splat = @{ UserName = 'nobody' } }
        @{ Case = 'another OS'; ErrorId = 'ImmutableField'; Splat = @{ OS = 'android' } }
        @{ Case = 'clearing the Serial while DEPMethod is Serial'; ErrorId = 'MissingRequiredField'; Splat = @{ Serial = $null } }
        @{ Case = 'an unknown DEPMethod'; ErrorId = 'InvalidFieldValue'; Splat = @{ DEPMethod = 'Wireless' } }
    ) {
        $before = Get-StoreSnapshot
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Should not stick' @Splat -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err $ErrorId
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses a date as ExpirationDays with its own message' {
        Set-BmgDevice -Identifier 'dev01' -ExpirationDays 20251130 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'InvalidFieldValue'
        $err[0].Exception.Message | Should -BeLike '*date*'
    }

    It 'refuses DEP enrollment on an android device' {
        New-BmgDevice -Identifier 'droid' -OS 'android' | Out-Null
        $before = Get-StoreSnapshot
        Set-BmgDevice -Identifier 'droid' -DEPMethod 'Keycode' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'InvalidFieldValue'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses a Serial another device holds with DuplicateSerial naming that device' {
        New-BmgDevice -Identifier 'other' -OS 'ios' -Serial 'BBBCCCDDDAAA' | Out-Null
        $before = Get-StoreSnapshot
        Set-BmgDevice -Identifier 'dev01' -Serial 'bbbcccdddaaa' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DuplicateSerial'
        $err[0].Exception.Message | Should -BeLike "*'other'*"
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses to edit a <State> device with DeviceLocked naming the device, its state and the way on' -ForEach @(
        @{ State = 'CheckedIn'; WayOn = 'withdraw it (Unregister-BmgDevice), then remove the withdrawn record (Remove-BmgDevice) and create it again (New-BmgDevice or an import row)*' }
        @{ State = 'Withdrawn'; WayOn = 'remove the withdrawn record (Remove-BmgDevice) and create it again (New-BmgDevice or an import row)*' }
    ) {
        New-CheckedInDevice -Identifier 'locked1'
        if ($State -eq 'Withdrawn') { Unregister-BmgDevice -Identifier 'locked1' -Confirm:$false }
        $before = Get-StoreSnapshot
        Set-BmgDevice -Identifier 'locked1' -DisplayName 'Changed' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DeviceLocked'
        $err[0].Exception.Message | Should -BeLike "*'locked1'*$State*"
        # The way on (walkthrough 37, finding 10): a wrong user on a checked-in device is fixed by a new record and check-in.
        $err[0].Exception.Message | Should -BeLike "*To register it with other information, $WayOn"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses a bad value on a locked device with DeviceLocked first' {
        New-CheckedInDevice -Identifier 'locked1'
        $before = Get-StoreSnapshot
        Set-BmgDevice -Identifier 'locked1' -WifiMac 'nonsense' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DeviceLocked'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'accepts a value equal to what a locked device already has (nothing changes)' {
        New-CheckedInDevice -Identifier 'locked1'
        $before = Get-StoreSnapshot
        Set-BmgDevice -Identifier 'locked1' -DisplayName 'Locked' -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
    }

    It 'reports a missing device as DeviceNotFound and goes on with the others' {
        New-BmgDevice -Identifier 'dev02' -OS 'ios' | Out-Null
        Set-BmgDevice -Identifier 'nope', 'dev02' -Description 'ok' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DeviceNotFound'
        $err[0].TargetObject | Should -Be 'nope'
        (Get-BmgDevice -Identifier 'dev02').Description | Should -Be 'ok'
    }

    It 'queues a check-in email when a device with a RegistrationEmail changes, and none when nothing changes' {
        $count = @(Get-BmgCheckInEmail).Count
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Phone'
        @(Get-BmgCheckInEmail).Count | Should -Be $count
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'Changed'
        @(Get-BmgCheckInEmail).Count | Should -Be ($count + 1)
    }

    It 'changes nothing and queues nothing with -WhatIf' {
        $before = Get-StoreSnapshot
        Set-BmgDevice -Identifier 'dev01' -DisplayName 'W' -DeviceTags @() -WhatIf | Should -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
    }

    It 'words a field the device had no value in as its history does: (none) -> the new value (walkthrough 17, 10)' {
        New-BmgDevice -Identifier 'none01' -OS 'ios' -DisplayName 'Yamada iPhone' | Out-Null
        # -WhatIf's line and -Verbose's are one text (ShouldProcess's action); -Verbose's can be captured.
        $said = @(Set-BmgDevice -Identifier 'none01' -DisplayName 'Yamada iPhone 15' -Description '営業 1課' -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $said | Should -Contain "Performing the operation `"Update (DisplayName: 'Yamada iPhone' -> 'Yamada iPhone 15'; Description: (none) -> '営業 1課')`" on target `"Device 'none01'`"."
        $history = @(@(Get-BmgDeviceHistory none01)[0].Changes | ForEach-Object { $_.ToString() })
        $history | Should -Contain "Description: (none) $([char]0x2192) 営業 1課"
    }

    It 'takes devices from Get-BmgDevice on the pipeline and emits them with -PassThru' {
        New-BmgDevice -Identifier 'dev02' -OS 'android' | Out-Null
        $out = Get-BmgDevice -Identifier 'dev*' | Set-BmgDevice -Description 'piped' -PassThru
        $out.Identifier | Should -Be @('dev01', 'dev02')
        (Get-BmgDevice).Description | Should -Be @('piped', 'piped')
    }
}

Describe 'Remove-BmgDevice' {
    BeforeEach {
        New-DeviceFixture
        New-BmgDevice -Identifier 'dev01' -OS 'ios' -Serial 'AAABBBCCCDDD' | Out-Null
        New-BmgDevice -Identifier 'dev02' -OS 'android' | Out-Null
        New-CheckedInDevice -Identifier 'locked1'
    }

    It 'removes a registered device (Identifier ignores case)' {
        Remove-BmgDevice -Identifier 'DEV01' -Confirm:$false | Should -BeNullOrEmpty
        (Get-BmgDevice).Identifier | Should -Not -Contain 'dev01'
    }

    It 'emits the removed device with -PassThru' {
        (Remove-BmgDevice -Identifier 'dev01' -Confirm:$false -PassThru).Identifier | Should -Be 'dev01'
    }

    It 'frees the serial of a removed device' {
        Remove-BmgDevice -Identifier 'dev01' -Confirm:$false
        New-BmgDevice -Identifier 'dev03' -OS 'ios' -Serial 'AAABBBCCCDDD' -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }

    It 'refuses a checked-in device with DeviceLocked and changes nothing' {
        $before = Get-StoreSnapshot
        Remove-BmgDevice -Identifier 'locked1' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DeviceLocked'
        $err[0].Exception.Message | Should -BeLike "*'locked1'*CheckedIn*"
        $err[0].TargetObject | Should -Be 'locked1' -Because 'the target is the key, never the Device with its code (9.8)'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'removes a withdrawn device' {
        Unregister-BmgDevice -Identifier 'locked1' -Confirm:$false
        Remove-BmgDevice -Identifier 'locked1' -Confirm:$false -ErrorAction Stop
        (Get-BmgDevice).Identifier | Should -Not -Contain 'locked1'
    }

    It 'reports a missing device as DeviceNotFound and changes nothing' {
        $before = Get-StoreSnapshot
        Remove-BmgDevice -Identifier 'nope' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DeviceNotFound'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'removes nothing with -WhatIf' {
        $before = Get-StoreSnapshot
        Remove-BmgDevice -Identifier 'dev01', 'dev02' -WhatIf
        Get-StoreSnapshot | Should -Be $before
    }

    It 'leaves nothing a later device of its Identifier adopts: its unsent email is Superseded and its refused check-ins forgotten' {
        New-BmgDevice -Identifier 'mail01' -OS 'ios' -Code 'Old12345' -RegistrationEmail 'old@example.com' | Out-Null
        foreach ($i in 1..5) { $null = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier 'mail01' -Code "Wrong$i" } }
        (Get-BmgDevice 'mail01').CheckInLockedUntil | Should -Not -BeNullOrEmpty
        $old = Get-BmgCheckInEmail -Identifier 'mail01'

        Remove-BmgDevice -Identifier 'MAIL01' -Confirm:$false
        $removed = Get-BmgCheckInEmail -Identifier 'mail01'
        $removed.Status | Should -Be 'Superseded'
        $removed.StatusReason | Should -Be "The device 'mail01' was removed; its check-in code must not reach anyone."

        New-BmgDevice -Identifier 'mail01' -OS 'ios' -Code 'New12345' -RegistrationEmail 'new@example.com' | Out-Null
        $unsent = @(Get-BmgCheckInEmail -Identifier 'mail01' -Unsent)
        $unsent.Count | Should -Be 1
        $unsent[0].Recipient | Should -Be 'new@example.com'
        $unsent[0].Id | Should -Not -Be $old.Id
        (Get-BmgCheckInEmail -Identifier 'mail01' | Where-Object Id -EQ $old.Id).SupersededBy | Should -BeNullOrEmpty -Because 'the removal superseded it, not the new device''s email'
        (Get-BmgDevice 'mail01').CheckInLockedUntil | Should -BeNullOrEmpty
        (Register-BmgDeviceCheckIn -Identifier 'mail01' -Code 'New12345').State | Should -Be 'CheckedIn' -Because 'the removed device''s refused check-ins do not lock the new one'
    }

    It 'removes devices piped from Get-BmgDevice and goes on past a refused one' {
        Get-BmgDevice | Remove-BmgDevice -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DeviceLocked'
        (Get-BmgDevice).Identifier | Should -Be @('locked1')
    }
}

# Walkthrough 29, finding 7: "No device has the Identifier 'acme-ip01'." in a loop over customers' stores, or with a
# forgotten $env:BMG_DATABASE, did not say which store was searched. Every not-found error names it as -Verbose's "Using
# the store" does (a path, a server URI without its password); the ErrorIds stay. Finding 12: Export-BmgDeviceCsv's
# summary said "piped devices" of devices typed as -Identifier.
Describe 'A not-found error names the store it searched' {
    BeforeEach {
        $script:A = New-TestStore
        New-BmgDevice -Identifier acme-ip01 -OS ios -Serial F9FXK2ACME01 | Out-Null
        New-BmgUser -UserName yamada | Out-Null
        # The command's default is store B; the admin names A, or forgets that B is the default.
        $script:B = New-TestStore -Created
    }

    It '<Case>: <ErrorId> naming store B, never its password' -TestCases @(
        @{ Case = 'Get-BmgDevice'; ErrorId = 'DeviceNotFound'; Run = { Get-BmgDevice acme-ip01 }; Message = "No device has the Identifier 'acme-ip01' {store}." }
        @{ Case = 'Remove-BmgDevice'; ErrorId = 'DeviceNotFound'; Run = { Remove-BmgDevice acme-ip01 -Confirm:$false }; Message = "No device has the Identifier 'acme-ip01' {store}." }
        @{ Case = 'Get-BmgDevice -Serial'; ErrorId = 'DeviceNotFound'; Run = { Get-BmgDevice -Serial F9FXK2ACME01 }; Message = "No device is registered with the Serial 'F9FXK2ACME01' {store}." }
        @{ Case = 'Get-BmgDeviceDepLink -Serial'; ErrorId = 'DeviceNotFound'; Run = { Get-BmgDeviceDepLink -Serial F9FXK2ACME01 }; Message = "No device is registered with the Serial 'F9FXK2ACME01', and none checked in as the DEP device of that serial, {store}." }
        @{ Case = 'Get-BmgDeviceHistory'; ErrorId = 'DeviceNotFound'; Run = { Get-BmgDeviceHistory acme-ip01 }; Message = "No device has or had the Identifier 'acme-ip01' {store}: *" }
        @{ Case = 'Get-BmgUser'; ErrorId = 'UserNotFound'; Run = { Get-BmgUser yamada }; Message = "No user has the UserName 'yamada' {store}." }
        @{ Case = 'Get-BmgDepDevice'; ErrorId = 'DepDeviceNotFound'; Run = { Get-BmgDepDevice F9FXK2ACME01 }; Message = "No DEP device has the serial number 'F9FXK2ACME01' {store}." }
    ) {
        $result = Invoke-Captured $Run
        Assert-ErrorId $result.Errors $ErrorId
        $said = $result.Errors[0].Exception.Message
        $said | Should -BeLike $Message.Replace('{store}', [WildcardPattern]::Escape((Get-InStore $B)))
        $said | Should -Not -BeLike "*$([WildcardPattern]::Escape((Get-InStore $A)))*"
        if ($B -match '^postgres') {
            $said | Should -Not -BeLike "*$(([uri]$B).UserInfo.Split(':')[1])*" -Because 'a server URI is shown without its password'
        }
    }

    It 'given -Database A, the same look-ups name store A' {
        $result = Invoke-Captured { Get-BmgDevice acme-ip02 -Database $A; Get-BmgDevice -Serial F9FXK2ACME02 -Database $A }
        @($result.Errors | ForEach-Object { $_.Exception.Message }) | Should -Be @(
            "No device has the Identifier 'acme-ip02' $(Get-InStore $A)."
            "No device is registered with the Serial 'F9FXK2ACME02' $(Get-InStore $A).")
    }

    It 'Export-BmgDeviceCsv -Identifier (typed) says the devices were given by -Identifier, not piped, and names the store' {
        $csv = Join-Path $TestDrive (New-CsvName 'typed')
        $result = Invoke-Captured { Export-BmgDeviceCsv -LiteralPath $csv -Identifier acme-ip01 }
        Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'DeviceNotFound'
        $result.Terminating.Exception.Message | Should -BeExactly "1 of the 1 devices given by -Identifier is not $(Get-InStore $B) (reported above), so '$csv' was not written."
        Test-Path -LiteralPath $csv | Should -BeFalse
        $piped = Invoke-Captured { [pscustomobject]@{ Identifier = 'acme-ip01' }, [pscustomobject]@{ Identifier = 'acme-ip09' } | Export-BmgDeviceCsv -LiteralPath $csv }
        $piped.Terminating.Exception.Message | Should -BeExactly "2 of the 2 piped devices are not $(Get-InStore $B) (reported above), so '$csv' was not written."
    }
}

Describe 'Get-BmgDevice and Get-BmgDeviceDepLink with many piped identifiers no device has' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'keep01' -OS 'ios' | Out-Null
        New-BmgDevice -Identifier 'old01' -OS 'ios' | Out-Null
        Rename-BmgDevice -Identifier 'old01' -NewName 'new01' | Out-Null
        New-BmgDevice -Identifier 'gone01' -OS 'ios' | Out-Null
        Remove-BmgDevice -Identifier 'gone01' -Confirm:$false | Out-Null
    }

    It '<Command> writes each miss''s error at its place, a renamed one naming its rename (the misses'' history read a batch at a time)' -ForEach @(
        @{ Command = 'Get-BmgDevice' }
        @{ Command = 'Get-BmgDeviceDepLink' }
    ) {
        $records = foreach ($i in 1..200) { 'keep01', "typo$i", 'OLD01', 'gone01', 'x*' }
        $seen = $records | & $Command -ErrorAction Continue 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "$(Get-ErrorId $_):$($_.TargetObject)" } else { $_.Identifier }
        }
        $expected = foreach ($i in 1..200) { 'keep01', "DeviceNotFound:typo$i", 'DeviceNotFound:OLD01', 'DeviceNotFound:gone01', 'DeviceNotFound:x*' }
        $seen | Should -Be @($expected)
        $errors = @($records[0..4] | & $Command -ErrorAction SilentlyContinue -ErrorVariable err)
        $err.Count | Should -Be 4
        $err[0].Exception.Message | Should -BeExactly "No device has the Identifier 'typo1' $(Get-InStore)."
        $err[1].Exception.Message | Should -Match "^No device has the Identifier 'OLD01' .*: 'old01' was renamed to 'new01' .*; give the new name\.$"
        $err[2].Exception.Message | Should -BeExactly "No device has the Identifier 'gone01' $(Get-InStore)."
        $err[3].Exception.Message | Should -Match 'Piped values are taken literally'
    }

    It 'Get-BmgDeviceDepLink -Path reads a long list a thousand rows at a time: every row at its place, each miss its error, a cell''s ''*'' literal' {
        $lines = @('Identifier') + @(foreach ($i in 1..700) { 'keep01', "typo$i", 'OLD01', 'x*' })
        $csv = Join-Path $TestDrive 'list.csv'
        Set-Content -LiteralPath $csv -Value $lines
        $seen = Get-BmgDeviceDepLink -Path $csv -ErrorAction Continue 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "$(Get-ErrorId $_):$($_.TargetObject)" } else { $_.Identifier }
        }
        $expected = foreach ($i in 1..700) { 'keep01', "DeviceNotFound:typo$i", 'DeviceNotFound:OLD01', 'DeviceNotFound:x*' }
        $seen | Should -Be @($expected)
        Set-Content -LiteralPath $csv -Value 'Identifier', 'OLD01', 'x*'
        $null = Get-BmgDeviceDepLink -Path $csv -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -Match "^No device has the Identifier 'OLD01' .*: 'old01' was renamed to 'new01' .*; give the new name\.$"
        $err[1].Exception.Message | Should -BeExactly "No device has the Identifier 'x*' $(Get-InStore)."
    }
}
