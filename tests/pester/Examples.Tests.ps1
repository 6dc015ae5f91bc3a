BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path

}

Describe 'The examples of the manual' {
    BeforeEach {
        New-TestStore -Created | Out-Null
    }

    Context 'example 1: users and devices enrolled by serial' {
        It 'creates two users and two devices linked to them, enrolled by serial' {
            $summary = Import-BmgDeviceCsv (Join-Path $Examples 'example1-users-and-devices-serial.csv')

            $summary.Rows | Should -Be 2
            $summary.Created | Should -Be 2
            $summary.Failed | Should -Be 0
            $summary.Committed | Should -BeTrue

            $users = @(Get-BmgUser | Sort-Object UserName)
            $users.UserName | Should -Be @('user0001', 'user0002')
            $users.Name | Should -Be @('Test User 1', 'Test User 2')
            $users.UserDescription | Should -Be @('User description 1', 'User description 2')

            $devices = @(Get-BmgDevice | Sort-Object Identifier)
            $devices.Identifier | Should -Be @('apple001', 'apple002')
            $devices.UserName | Should -Be @('user0001', 'user0002')
            $devices.Serial | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA')
            $devices.DisplayName | Should -Be @('iOS Device 1', 'iOS Device 2')
            $devices.OS | Should -Be @('ios', 'ios')
            $devices | ForEach-Object {
                $_.UseDep | Should -BeTrue
                "$($_.DEPMethod)" | Should -Be 'Serial'
                $_.State | Should -Be 'Registered'
                $_.ExpirationDays | Should -Be 7
                $_.Code | ConvertFrom-SecureString -AsPlainText | Should -Match '^[A-Za-z0-9]{8}$' -Because 'a blank code on create is generated'
            }
        }
    }

    Context 'example 3: users and devices enrolled by key code' {
        It 'creates two users and two linked devices with Code 123 and DEP method Keycode' {
            $summary = Import-BmgDeviceCsv (Join-Path $Examples 'example3-users-and-devices-keycode.csv')

            $summary.Created | Should -Be 2
            $summary.Failed | Should -Be 0

            @(Get-BmgUser).Count | Should -Be 2
            $devices = @(Get-BmgDevice | Sort-Object Identifier)
            $devices.Identifier | Should -Be @('apple001', 'apple002')
            $devices.UserName | Should -Be @('user0001', 'user0002')
            $devices.Code | ConvertFrom-SecureString -AsPlainText | Should -Be @('123', '123')
            $devices | ForEach-Object {
                "$($_.DEPMethod)" | Should -Be 'Keycode'
                $_.UseDep | Should -BeTrue
                $_.Serial | Should -BeNullOrEmpty
            }
        }
    }

    Context 'example 2 and example 4: two devices with one serial' {
        It '<File>: the second row fails DuplicateSerial naming both lines and both devices, the import fails with ImportFailed and nothing is written' -TestCases @(
            @{ File = 'example2-devices-serial.csv' }
            @{ File = 'example4-devices-keycode.csv' }
        ) {
            $before = Get-StoreSnapshot
            $result = Invoke-Captured { Import-BmgDeviceCsv (Join-Path $Examples $File) }

            $result.Errors.Count | Should -Be 1
            $rowError = $result.Errors[0]
            Get-ErrorId $rowError | Should -Be 'DuplicateSerial'
            $rowError.Exception.Message | Should -Match '\b[Ll]ine 3\b'
            $rowError.Exception.Message | Should -Match '\b[Ll]ine 2\b'
            $rowError.Exception.Message | Should -Match 'apple001'
            $rowError.Exception.Message | Should -Match 'apple002'
            $rowError.Exception.Message | Should -Match 'AAABBBCCCDDD'

            $result.Terminating | Should -Not -BeNullOrEmpty
            Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
            # The refused file's summary, as under -WhatIf (walkthrough 28, finding 10): Refused, nothing created.
            @($result.Output) | Should -HaveCount 1
            $result.Output[0].Refused | Should -BeTrue
            $result.Output[0].Created | Should -Be 0
            $result.Output[0].Failed | Should -Be 1

            @(Get-BmgDevice).Count | Should -Be 0
            @(Get-BmgUser).Count | Should -Be 0
            Get-StoreSnapshot | Should -Be $before
        }

        It '<File> with -SkipInvalidRows writes only apple001 and reports the second row' -TestCases @(
            @{ File = 'example2-devices-serial.csv'; Method = 'Serial'; Days = 7 }
            @{ File = 'example4-devices-keycode.csv'; Method = 'Keycode'; Days = 123 }
        ) {
            $result = Invoke-Captured { Import-BmgDeviceCsv (Join-Path $Examples $File) -SkipInvalidRows }

            $result.Terminating | Should -BeNullOrEmpty
            $result.Errors.Count | Should -Be 1
            Get-ErrorId $result.Errors[0] | Should -Be 'DuplicateSerial'
            $summary = $result.Output | Select-Object -Last 1
            $summary.Created | Should -Be 1
            $summary.Failed | Should -Be 1
            $summary.Committed | Should -BeTrue

            $devices = @(Get-BmgDevice)
            $devices.Count | Should -Be 1
            $devices[0].Identifier | Should -Be 'apple001'
            $devices[0].Serial | Should -Be 'AAABBBCCCDDD'
            $devices[0].DisplayName | Should -Be 'iOS Device 1'
            "$($devices[0].DEPMethod)" | Should -Be $Method
            $devices[0].ExpirationDays | Should -Be $Days
        }
    }

    Context 'example 3 under -WhatIf' {
        It 'reports two creations and writes nothing' {
            $before = Get-StoreSnapshot
            $summary = Import-BmgDeviceCsv (Join-Path $Examples 'example3-users-and-devices-keycode.csv') -WhatIf

            $summary.WhatIf | Should -BeTrue
            $summary.Committed | Should -BeFalse
            $summary.Created | Should -Be 2
            Get-StoreSnapshot | Should -Be $before
            @(Get-BmgDevice).Count | Should -Be 0
        }
    }
}

# Walkthrough 14, 4: about_BizMobileGo's EXAMPLES block checked in the serial AAABBBCCCDDD, which no device of the
# files it imported has, so its point, the DEP link table, never showed. The block is read from the topic the module
# ships (what Get-Help shows) and each command is run in order in a copy of examples/, on a new store.
Describe 'about_BizMobileGo EXAMPLES runs as written' {
    BeforeAll {
        $about = Get-Content -Raw -LiteralPath (Join-Path (Get-Module BizMobileGo).ModuleBase 'en-US/about_BizMobileGo.help.txt')
        $block = [regex]::Match($about, '(?ms)^EXAMPLES\r?\n(.*?)^\S')
        if (-not $block.Success) { throw 'about_BizMobileGo has no EXAMPLES section.' }
        # The commands are the block's lines indented by eight spaces (the prose is indented by four).
        $script:AboutCommands = @($block.Groups[1].Value -split '\r?\n' | Where-Object { $_ -match '^ {8}\S' } | ForEach-Object { $_.Trim() })
        $script:AboutFolder = Join-Path $TestDrive 'about-examples'
        Copy-Item -Recurse $Examples $AboutFolder
        New-TestStore | Out-Null
    }

    It 'every command runs without an error, and the DEP link table shows the device that checked in' {
        $AboutCommands.Count | Should -BeGreaterThan 5
        Push-Location $AboutFolder
        try {
            $last = $null
            foreach ($command in $AboutCommands) {
                $block = [scriptblock]::Create($command)
                $result = Invoke-Captured { & $block }
                $result.Terminating | Should -BeNullOrEmpty -Because "'$command' must run"
                @($result.Errors | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because "'$command' must run without errors"
                $last = $result
            }
        } finally { Pop-Location }
        $AboutCommands[-1] | Should -Be 'Get-BmgDeviceDepLink -State CheckedIn'
        $links = @($last.Output)
        $links.Count | Should -Be 1 -Because 'the block ends in the DEP link table of the device that checked in'
        $links[0].Identifier | Should -Be 'apple001'
        $links[0].State | Should -Be 'CheckedIn'
        $links[0].DepDevice | Should -Be 'AAABBBCCCDDD'
        $links[0].DepProfile | Should -Not -BeNullOrEmpty
    }
}

# Walkthrough 16, 8: Get-BmgDepDevice's example 2 wrote an empty CSV on the shipped data (no unassigned iPad had a Sales
# profile), and the next step called the file empty. Each help example of the DEP cmdlets is run as Get-Help shows it, in
# a folder laid out as the README's tour is (./examples/..., and the examples' own ./serials.csv and ./incoming/), on a
# store holding the tour's data (its reference data, every DEP example, example 1's and incoming/'s users and devices,
# and apple001 checked in, as the tour leaves it: Set-BmgDeviceDepEnrollment's first example failed on it). An example naming
# a file not shipped (./abm-all-devices.csv, ./dep/fetch-page-*.json, ./returned-serials.csv) is for
# the admin's own file and is left out. Every file an example writes with Export-Csv holds at least one row.
Describe 'The help examples of the DEP cmdlets run on the shipped examples (walkthrough 16, finding 8)' {
    BeforeAll {
        $script:TourFolder = Join-Path $TestDrive 'dep-help-tour'
        New-Item -ItemType Directory $TourFolder | Out-Null
        Copy-Item -Recurse $Examples (Join-Path $TourFolder 'examples')
        Copy-Item -Recurse (Join-Path $Examples '*') $TourFolder
        function script:Initialize-TourStore([switch] $CheckedIn) {
            New-TestStore | Out-Null
            Push-Location $TourFolder
            try {
                New-BmgTemplate -Name 'Standard' | Out-Null
                New-BmgDeviceTag -Name 'Sales' | Out-Null
                Import-BmgDepDevice ./examples/dep-* -WarningAction SilentlyContinue | Out-Null
                Import-BmgDeviceCsv ./examples/example1-users-and-devices-serial.csv -WarningAction SilentlyContinue | Out-Null
                Import-BmgDeviceCsv ./examples/incoming/devices.csv -WarningAction SilentlyContinue | Out-Null
                if ($CheckedIn) { Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD -WarningAction SilentlyContinue | Out-Null }
            } finally { Pop-Location }
        }
    }

    It '<Command>: every example naming shipped files runs without an error, and what it exports is not empty' -TestCases @(
        @{ Command = 'Get-BmgDepDevice' }
        @{ Command = 'Import-BmgDepDevice' }
        @{ Command = 'Get-BmgDepProfile' }
        @{ Command = 'Set-BmgDepProfile' }
        @{ Command = 'Remove-BmgDepDevice' }
        @{ Command = 'Get-BmgDeviceDepLink' }
        @{ Command = 'Set-BmgDeviceDepEnrollment' }
    ) {
        param($Command)
        Initialize-TourStore -CheckedIn
        $examples = @((Get-Help $Command -Examples).examples.example)
        $ran = 0
        Push-Location $TourFolder
        try {
            foreach ($example in $examples) {
                $code = "$($example.code)"
                $files = @([regex]::Matches($code, '\./[\w./*-]+') | ForEach-Object Value)
                $written = @([regex]::Matches($code, 'Export-Csv\s+(\./[\w./-]+)') | ForEach-Object { $_.Groups[1].Value })
                if (@($files | Where-Object { $_ -notin $written -and -not (Test-Path $_) }).Count -ne 0) { continue }
                $written | ForEach-Object { Remove-Item $_ -ErrorAction SilentlyContinue }
                $block = [scriptblock]::Create($code)
                $result = Invoke-Captured { $ConfirmPreference = 'None'; & $block }
                $result.Terminating | Should -BeNullOrEmpty -Because "'$($example.title)' must run"
                @($result.Errors | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because "'$($example.title)' must run without errors"
                foreach ($file in $written) {
                    @(Import-Csv $file).Count | Should -BeGreaterThan 0 -Because "'$($example.title)' exports rows to $file"
                }
                $ran++
            }
        } finally { Pop-Location }
        $ran | Should -BeGreaterOrEqual 2 -Because "$Command's examples mostly use the shipped files"
    }
}

# Walkthrough 18, finding 5: two help examples failed as written in the tour's folder: Export-BmgDeviceCsv's backup
# (./backup did not exist: DirectoryNotFound) and Register-BmgDeviceCheckIn's key-code check-in (apple002, as example 1
# imports it, enrolls by DEP serial with a generated code, not by key code 123: "unknown device or wrong code"). Each is run as Get-Help shows it, in a
# fresh folder holding the shipped examples, on a store with Apple's DEP list and example 1's users and devices.
Describe 'Help examples that once failed as written run in the tour''s folder (walkthrough 18, finding 5)' {
    BeforeEach {
        $script:ExampleFolder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $ExampleFolder | Out-Null
        Copy-Item -Recurse $Examples (Join-Path $ExampleFolder 'examples')
        New-TestStore | Out-Null
        Push-Location $ExampleFolder
        Import-BmgDepDevice ./examples/dep-* -WarningAction SilentlyContinue | Out-Null
        Import-BmgDeviceCsv ./examples/example1-users-and-devices-serial.csv -WarningAction SilentlyContinue | Out-Null
        function script:Invoke-HelpExample([string] $Command, [int] $Number) {
            $example = @((Get-Help $Command -Examples).examples.example)[$Number - 1]
            $block = [scriptblock]::Create("$($example.code)")
            $result = Invoke-Captured { & $block }
            $result.Terminating | Should -BeNullOrEmpty -Because "'$($example.title)' must run"
            @($result.Errors | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because "'$($example.title)' must run without errors"
        }
    }

    AfterEach {
        Pop-Location
    }

    It 'Export-BmgDeviceCsv example 1 writes its backup into ./backup, which does not exist yet' {
        Test-Path ./backup | Should -BeFalse
        Invoke-HelpExample Export-BmgDeviceCsv 1
        $backup = @(Get-ChildItem ./backup -Filter 'devices-*.csv')
        $backup.Count | Should -Be 1
        @(Import-Csv $backup[0].FullName).Identifier | Should -Be @('apple001', 'apple002')
    }

    It 'Register-BmgDeviceCheckIn example 2 checks apple002 in by its key code and serial' {
        Invoke-HelpExample Register-BmgDeviceCheckIn 2
        $device = Get-BmgDevice apple002
        $device.State | Should -Be 'CheckedIn'
        "$($device.DEPMethod)" | Should -Be 'Keycode'
        $device.Code | ConvertFrom-SecureString -AsPlainText | Should -Be '123'
    }

    # Walkthrough 25, finding 1: the auditor's habit, Get-BmgDevice | Export-Csv, wrote every device's check-in code.
    # Walkthrough 38, finding 6: Export-Csv wrote the DeviceTags list as "System.String[]".
    It 'Get-BmgDevice "An inventory file for a report" writes every device and no check-in code, its tags joined' {
        'Sales', 'Tokyo' | New-BmgDeviceTag | Out-Null
        Set-BmgDevice apple001 -DeviceTags Sales, Tokyo | Out-Null
        $codes = @(Get-BmgDevice | ForEach-Object Code)
        $codes | Should -HaveCount 2
        $example = @((Get-Help Get-BmgDevice -Examples).examples.example | Where-Object title -Match 'report')
        $example | Should -HaveCount 1
        Invoke-HelpExample Get-BmgDevice ([array]::IndexOf(@((Get-Help Get-BmgDevice -Examples).examples.example), $example[0]) + 1)
        $rows = @(Import-Csv ./devices-report.csv)
        $rows.Identifier | Sort-Object | Should -Be @('apple001', 'apple002')
        $rows[0].PSObject.Properties.Name | Should -Not -Contain 'Code'
        $rows[0].PSObject.Properties.Name | Should -Contain 'Serial'
        ($rows | Where-Object Identifier -EQ 'apple001').DeviceTags | Should -BeExactly 'Sales;Tokyo'
        ($rows | Where-Object Identifier -EQ 'apple002').DeviceTags | Should -BeExactly ''
        $text = Get-Content -Raw ./devices-report.csv
        foreach ($code in $codes) { $text | Should -Not -Match ([regex]::Escape($code)) }
    }

    # Walkthrough 25, finding 10: each example below did not do what its title said, as written.
    It 'Get-BmgDevice "The Sales iOS devices of one user" leaves the user''s Android device out' {
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        Set-BmgDevice apple001 -DeviceTags Sales
        New-BmgDevice -Identifier android-sales-1 -OS android -UserName user0001 -DeviceTags Sales | Out-Null
        $example = @((Get-Help Get-BmgDevice -Examples).examples.example | Where-Object title -Match 'Sales .*devices of one user')
        $example | Should -HaveCount 1
        $shown = @(& ([scriptblock]::Create("$($example[0].code)")))
        $shown.Identifier | Should -Be @('apple001')
    }

    It 'Unlock-BmgDeviceCheckIn "Unlock one device" shows whether the device''s check-ins are locked before it unlocks' {
        New-BmgDevice -Identifier ipad-3 -OS ios | Out-Null
        $example = @((Get-Help Unlock-BmgDeviceCheckIn -Examples).examples.example)[0]
        $example.title | Should -Match 'Unlock one device'
        $text = & ([scriptblock]::Create("$($example.code)")) | Out-String -Width 80
        $text | Should -Match '(?m)^IsCheckInLocked\s+: False'
        $text | Should -Match '(?m)^CheckInLockedUntil\s+:'
    }

    It 'Get-BmgOrganization "Check that a file''s organizations exist" reads a file that ships, and reports the missing one' {
        New-BmgOrganization -Id 'org-sales' -Name 'Sales department' | Out-Null
        $example = @((Get-Help Get-BmgOrganization -Examples).examples.example | Where-Object title -Match 'organizations exist')
        $example | Should -HaveCount 1
        $result = Invoke-Captured ([scriptblock]::Create("$($example[0].code)"))
        $result.Terminating | Should -BeNullOrEmpty
        $result.Output.Id | Should -Be @('org-sales')
        $result.Errors | Should -HaveCount 1 -Because ($result.Errors -join "`n")
        Get-ErrorId $result.Errors[0] | Should -Be 'OrganizationNotFound'
        "$($result.Errors[0])" | Should -Match 'org-tokyo'
    }

    # Walkthrough 23, finding 10: the help's example named ./dep-changes.csv, a file examples/ did not have: it names ./enrollment-changes.csv, which ships (not dep-*: ./examples/dep-* is Apple's DEP files).
    Context 'Set-BmgDeviceDepEnrollment''s "Apply a file of changes": the file it names ships in examples/' {
        It 'runs as the help shows it in examples/: apple002 to key code, apple001 as it was, the unknown device refused by its line' {
            $null = Import-BmgDeviceCsv (Join-Path $Examples 'example1-users-and-devices-serial.csv')
            $example = @((Get-Help Set-BmgDeviceDepEnrollment).examples.example | Where-Object { $_.title -like '*Apply a file of changes*' })
            $example | Should -HaveCount 1
            $example[0].code | Should -Match '\./enrollment-changes\.csv'
            Push-Location -LiteralPath $Examples
            try {
                $messages = @(& ([scriptblock]::Create($example[0].code)))
            } finally {
                Pop-Location
            }

            $messages | Should -HaveCount 1
            # The file read, resolved as Import-BmgDeviceCsv names it (roww39: a -Path pattern was named as given).
            $read = (Resolve-Path -LiteralPath (Join-Path $Examples 'enrollment-changes.csv')).ProviderPath
            $messages[0] | Should -BeLike "Line 4 of '$([WildcardPattern]::Escape($read))':*nosuch01*"
            "$((Get-BmgDevice apple002).DEPMethod)" | Should -Be 'Keycode'
            "$((Get-BmgDevice apple001).DEPMethod)" | Should -Be 'Serial'
            (Get-BmgDevice apple001).Serial | Should -Be 'AAABBBCCCDDD'
        }
    }
}
