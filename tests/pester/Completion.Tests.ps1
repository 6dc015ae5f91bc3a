# Tab completion as a user gets it at the prompt (TabExpansion2): names from the store the command
# line would use, and the value sets of enum-like parameters.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
    }

    # Two stores with different names, so a completion shows which one it read.
    $script:StoreA = Join-Path $TestDrive 'completion-a.db'
    $script:StoreB = Join-Path $TestDrive 'completion-b.db'
    'Standard', 'Spare template' | New-BmgTemplate -Database $StoreA | Out-Null
    'Sales', 'Support' | New-BmgDeviceTag -Database $StoreA | Out-Null
    New-BmgOrganization -Id 'org-a' -Name 'Org A' -Database $StoreA | Out-Null
    New-BmgOrganization -Id 'org-b' -Name 'Org B' -Database $StoreA | Out-Null
    # Held by no device or user: nothing a -RemoveDeviceTag / -RemoveOrganization could remove.
    New-BmgDeviceTag -Name 'Unheld' -Database $StoreA | Out-Null
    New-BmgOrganization -Id 'unheld-org' -Name 'Unheld Org' -Database $StoreA | Out-Null
    Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') -Database $StoreA | Out-Null
    $rows = Write-TestCsv 'completion-a.csv' @(
        'UserName,Identifier,OS,Template,DeviceTags,Organizations,RegistrationEmail'
        'user-a1,apple001,ios,Standard,Sales,org-a,'
        'user-a2,apple002,ios,Standard,Support,org-b,'
        ',other01,android,,,,other@example.com'
    )
    Import-BmgDeviceCsv $rows -Database $StoreA | Out-Null
    # Registered serials that are not in the DEP inventory, so a completion shows which list it read.
    New-BmgDevice -Identifier 'serial01' -OS ios -Serial 'F9FXK2ABCD12' -Database $StoreA | Out-Null
    New-BmgDevice -Identifier 'serial02' -OS ios -Serial 'F9FXK2ABCD34' -Database $StoreA | Out-Null
    New-BmgTemplate -Name 'Store-B template' -Database $StoreB | Out-Null
    New-BmgDevice -Identifier 'apple-b' -OS ios -Database $StoreB | Out-Null

    $script:SavedDatabase = $env:BMG_DATABASE
}

AfterAll {
    $env:BMG_DATABASE = $SavedDatabase
}

Describe 'Names from the store given with -Database' {
    BeforeDiscovery {
        $script:NameCases = @(
            @{ Line = 'Get-BmgDevice -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Get-BmgDeviceDepLink -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Set-BmgDeviceDepEnrollment -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Set-BmgDevice -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Remove-BmgDevice -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Unregister-BmgDevice -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Rename-BmgDevice -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Register-BmgDeviceCheckIn -Code x -Identifier app'; Expected = @('apple001', 'apple002') }
            @{ Line = 'Get-BmgCheckInEmail -Identifier oth'; Expected = @('other01') }
            # The email cmdlets offer the devices that have emails (other01 has one, the apples none), not every device.
            @{ Line = 'Get-BmgCheckInEmail -Identifier app'; Expected = @() }
            @{ Line = 'Get-BmgCheckInEmail -LiteralIdentifier '; Expected = @('other01') }
            @{ Line = 'Send-BmgCheckInEmail -Identifier '; Expected = @('other01') }
            @{ Line = 'Get-BmgUser -UserName user'; Expected = @('user-a1', 'user-a2') }
            @{ Line = 'Get-BmgDevice -UserName user'; Expected = @('user-a1', 'user-a2') }
            @{ Line = 'New-BmgDevice -Identifier x -OS ios -UserName user'; Expected = @('user-a1', 'user-a2') }
            @{ Line = 'Set-BmgUser -UserName user'; Expected = @('user-a1', 'user-a2') }
            @{ Line = 'Remove-BmgUser -UserName user'; Expected = @('user-a1', 'user-a2') }
            @{ Line = 'Rename-BmgUser -UserName user'; Expected = @('user-a1', 'user-a2') }
            @{ Line = 'Get-BmgDevice -Template St'; Expected = @('Standard') }
            @{ Line = 'New-BmgDevice -Identifier x -OS ios -Template S'; Expected = @("'Spare template'", 'Standard') }
            @{ Line = 'Get-BmgTemplate -Name S'; Expected = @("'Spare template'", 'Standard') }
            @{ Line = 'Remove-BmgTemplate -Name St'; Expected = @('Standard') }
            @{ Line = 'Rename-BmgTemplate -Name St'; Expected = @('Standard') }
            @{ Line = 'Get-BmgDevice -DeviceTag S'; Expected = @('Sales', 'Support') }
            @{ Line = 'New-BmgDevice -Identifier x -OS ios -DeviceTags Su'; Expected = @('Support') }
            @{ Line = 'Set-BmgDevice -Identifier apple001 -DeviceTags Sa'; Expected = @('Sales') }
            @{ Line = 'Set-BmgDevice -Identifier apple001 -AddDeviceTag Su'; Expected = @('Support') }
            # Round 29: -RemoveDeviceTag offers the tags the named devices hold, or without one found, those some device holds.
            @{ Line = 'Set-BmgDevice apple001 -RemoveDeviceTag S'; Expected = @('Sales') }
            @{ Line = 'Set-BmgDevice -Identifier apple002 -RemoveDeviceTag '; Expected = @('Support') }
            @{ Line = 'Set-BmgDevice -Identifier apple001, apple002 -RemoveDeviceTag '; Expected = @('Sales', 'Support') }
            @{ Line = 'Set-BmgDevice -RemoveDeviceTag '; Expected = @('Sales', 'Support') }
            @{ Line = 'Set-BmgDevice -Identifier no-such-device -RemoveDeviceTag '; Expected = @('Sales', 'Support') }
            @{ Line = 'Set-BmgDevice apple001 -AddDeviceTag U'; Expected = @('Unheld') }
            @{ Line = 'Set-BmgDevice apple001 -AddDeviceTag Sales, Su'; Expected = @('Support') }
            @{ Line = 'Get-BmgDeviceTag -Name S'; Expected = @('Sales', 'Support') }
            @{ Line = 'New-BmgUser -UserName x -Organizations org'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Set-BmgUser -UserName user-a1 -Organizations org-'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Set-BmgUser -UserName user-a1 -AddOrganization org-'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Set-BmgUser user-a1 -RemoveOrganization org-'; Expected = @('org-a') }
            @{ Line = 'Set-BmgUser -RemoveOrganization '; Expected = @('org-a', 'org-b') }
            @{ Line = 'Set-BmgUser -UserName user-a2 -RemoveOrganization '; Expected = @('org-b') }
            @{ Line = 'Set-BmgUser -UserName user-a1 -AddOrganization u'; Expected = @('unheld-org') }
            @{ Line = 'Get-BmgOrganization -Id org'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Get-BmgUser -Organization org-'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Get-BmgUser user -Organization org-b'; Expected = @('org-b') }
            @{ Line = 'New-BmgUser -UserName x -Organization org-'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Set-BmgUser -UserName user-a1 -Organizations org-a, org-'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Set-BmgOrganization -Id org-'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Rename-BmgOrganization -Id org-a'; Expected = @('org-a') }
            @{ Line = 'Get-BmgOrganization org-'; Expected = @('org-a', 'org-b') }
            @{ Line = 'Remove-BmgOrganization -Id org-b'; Expected = @('org-b') }
            @{ Line = 'Get-BmgDepDevice -ProfileName '; Expected = @('Kiosk', "'Sales iPhones'") }
            @{ Line = 'Get-BmgDepProfile -Name K'; Expected = @('Kiosk') }
            @{ Line = 'Get-BmgDevice -Serial F9'; Expected = @('F9FXK2ABCD12', 'F9FXK2ABCD34') }
            @{ Line = 'Get-BmgDevice -Serial f9fxk2abcd1'; Expected = @('F9FXK2ABCD12') }
            @{ Line = 'Get-BmgDevice -Serial AAABBBCCCDDD, *34'; Expected = @('F9FXK2ABCD34') }
            @{ Line = 'Get-BmgDeviceDepLink -Serial F9'; Expected = @('F9FXK2ABCD12', 'F9FXK2ABCD34') }
            @{ Line = 'Register-BmgDeviceCheckIn -Serial F9FXK2ABCD3'; Expected = @('F9FXK2ABCD34') }
            @{ Line = 'Get-BmgDepDevice -SerialNumber C'; Expected = @('C02XK1ABJG5H', 'CCCDDDAAABBB') }
            @{ Line = 'Remove-BmgDepDevice -SerialNumber c02'; Expected = @('C02XK1ABJG5H') }
            @{ Line = 'Set-BmgDepProfile -Uuid '; Expected = @('4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D', '9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B') }
            @{ Line = 'Set-BmgDepProfile -Uuid 9e'; Expected = @('9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B') }
        )
    }

    It '<Line>' -TestCases $NameCases {
        # -Database first, then the rest of the line up to the cursor.
        $verb, $rest = $Line -split ' ', 2
        $completions = Get-Completion "$verb -Database '$StoreA' $rest"
        ($completions | Sort-Object) | Should -Be ($Expected | Sort-Object)
    }
}

# Walkthrough 43, finding 11: in a store whose outbox holds no email, Get-BmgCheckInEmail -Identifier <Tab> offered nothing
# (PowerShell then offers file names). It offers the devices there, as Get-BmgDevice -Identifier does: what the command takes.
Describe 'Get-BmgCheckInEmail -Identifier in a store with no check-in email' {
    It '<Line> offers the store''s devices' -ForEach @(
        @{ Line = 'Get-BmgCheckInEmail -Identifier ' }
        @{ Line = 'Get-BmgCheckInEmail -Identifier app' }
        @{ Line = 'Get-BmgCheckInEmail -LiteralIdentifier ' }
        @{ Line = 'Send-BmgCheckInEmail -Identifier ' }
    ) {
        @(Get-BmgCheckInEmail -Database $StoreB) | Should -HaveCount 0 -Because 'store B has no check-in email'
        $verb, $rest = $Line -split ' ', 2
        Get-Completion "$verb -Database '$StoreB' $rest" | Should -Be @('apple-b')
    }
}

Describe 'DEP serials Apple released' {
    BeforeAll {
        # CCCDDDAAABBB is in Apple's list, then the sync response releases it.
        $script:ReleasedStore = Join-Path $TestDrive 'completion-released.db'
        Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') -Database $ReleasedStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-sync-devices.json') -Database $ReleasedStore | Out-Null
        (Get-BmgDepDevice -Released -Database $ReleasedStore).SerialNumber | Should -Be 'CCCDDDAAABBB'
    }

    It 'are offered by Remove-BmgDepDevice, which removes them too' {
        Get-Completion "Remove-BmgDepDevice -Database '$ReleasedStore' -SerialNumber C" | Should -Be @('C02XK1ABJG5H', 'CCCDDDAAABBB')
    }

    It 'are not offered by Get-BmgDepDevice -SerialNumber, which lists Apple''s list' {
        Get-Completion "Get-BmgDepDevice -Database '$ReleasedStore' -SerialNumber C" | Should -Be @('C02XK1ABJG5H')
    }
}

Describe 'A name with brackets' {
    BeforeAll {
        $script:Bracketed = Join-Path $TestDrive 'completion-brackets.db'
        New-BmgTemplate -Name 'Kiosk[2]' -Database $Bracketed | Out-Null
        New-BmgDeviceTag -Name 'Kiosk[2]' -Database $Bracketed | Out-Null
        New-BmgDeviceTag -Name 'Kiosk2' -Database $Bracketed | Out-Null
    }

    It 'is offered for <Word> (typed whole or half-way)' -TestCases @(
        @{ Word = 'Kiosk[' }
        @{ Word = 'Kiosk[2]' }
    ) {
        # 'Kiosk[2]*' as a pattern matches 'Kiosk2…', not the name itself: a name that starts with the word is offered too.
        Get-Completion "Get-BmgTemplate -Database '$Bracketed' -Name $Word" | Should -Be @('Kiosk[2]')
        Get-Completion "Get-BmgDeviceTag -Database '$Bracketed' -Name $Word" | Should -Contain 'Kiosk[2]'
    }
}

Describe 'Which store completion reads' {
    BeforeEach {
        $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        $env:BMG_DATABASE = $null
    }

    AfterEach {
        $env:BMG_DATABASE = $SavedDatabase
    }

    It 'is the one -Database names, not the default' {
        $env:BMG_DATABASE = $StoreA
        Get-Completion "Get-BmgDevice -Database '$StoreB' -Identifier app" | Should -Be @('apple-b')
        Get-Completion "Get-BmgTemplate -Database '$StoreB' -Name " | Should -Be @("'Store-B template'")
    }

    It 'resolves a relative -Database against the current location, as the cmdlets do' {
        Push-Location (Split-Path $StoreB)
        try {
            Get-Completion "Get-BmgDevice -Database ./$(Split-Path -Leaf $StoreB) -Identifier app" | Should -Be @('apple-b')
        } finally {
            Pop-Location
        }
    }

    It 'takes -Database from a variable' {
        $global:CompletionStore = $StoreB
        try {
            Get-Completion 'Get-BmgDevice -Database $CompletionStore -Identifier app' | Should -Be @('apple-b')
        } finally {
            Remove-Variable -Scope Global -Name CompletionStore
        }
    }

    It 'is $env:BMG_DATABASE without -Database' {
        $env:BMG_DATABASE = $StoreA
        Get-Completion 'Get-BmgDevice -Identifier app' | Should -Be @('apple001', 'apple002')
        $env:BMG_DATABASE = $StoreB
        Get-Completion 'Get-BmgDevice -Identifier app' | Should -Be @('apple-b')
    }

    It 'follows a $PSDefaultParameterValues entry for -Database, as the cmdlets do' {
        $env:BMG_DATABASE = $StoreA
        $global:PSDefaultParameterValues['Get-BmgDevice:Database'] = $StoreB
        try {
            Get-Completion 'Get-BmgDevice -Identifier app' | Should -Be @('apple-b')
            Get-Completion 'Set-BmgDevice -Identifier app' | Should -Be @('apple001', 'apple002')
        } finally {
            $global:PSDefaultParameterValues.Remove('Get-BmgDevice:Database')
        }
    }

    It 'offers nothing, and creates no file or folder, for a store that does not exist' {
        $missing = Join-Path $TestDrive 'no-such-store.db'
        Get-Completion "Get-BmgDevice -Database '$missing' -Identifier a" | Should -BeNullOrEmpty
        Get-Completion "Set-BmgDevice -Database '$missing' -Template S" | Should -BeNullOrEmpty
        Test-Path "$missing*" | Should -BeFalse
        $folder = Join-Path $TestDrive 'no-such-folder'
        Get-Completion "New-BmgUser -Database '$folder/sub/store.db' -Organizations o" | Should -BeNullOrEmpty
        Test-Path $folder | Should -BeFalse
    }

    # Round 37 (fixs37 item 3c): completers open the store, and the open reads $env:BMG_STORE_WAIT. A bad value completes
    # nothing, as any store the next command would refuse does, with no error record; the command itself says why.
    It 'offers nothing, and writes no error, while $env:BMG_STORE_WAIT is bad; the names come back once it is fixed' {
        $savedWait = $env:BMG_STORE_WAIT
        try {
            $env:BMG_STORE_WAIT = 'ten'
            $Error.Clear()
            Get-Completion "Get-BmgDevice -Database '$StoreA' -Identifier app" | Should -BeNullOrEmpty
            Get-Completion "Set-BmgDevice -Database '$StoreA' -Template S" | Should -BeNullOrEmpty
            $Error | Should -BeNullOrEmpty
            $refused = Invoke-Captured { Get-BmgDevice -Database $StoreA -Identifier 'apple001' }
            Get-ErrorId $refused.Terminating | Should -Be 'InvalidStoreWait'
        } finally {
            $env:BMG_STORE_WAIT = $savedWait
        }
        Get-Completion "Get-BmgDevice -Database '$StoreA' -Identifier app" | Should -Be @('apple001', 'apple002')
    }
}

Describe 'Enum-like parameters' {
    BeforeDiscovery {
        $script:ValueCases = @(
            @{ Line = 'Set-BmgDeviceDepEnrollment -Identifier x -Method '; Expected = @('Keycode', 'Serial') }
            @{ Line = 'Set-BmgDeviceDepEnrollment -Identifier x -Method k'; Expected = @('Keycode') }
            @{ Line = 'New-BmgDevice -Identifier x -OS ios -DEPMethod '; Expected = @('Keycode', 'Serial') }
            @{ Line = 'New-BmgDevice -Identifier x -OS '; Expected = @('android', 'ios', 'windows') }
            @{ Line = 'Set-BmgDevice -Identifier x -OS i'; Expected = @('ios') }
            @{ Line = 'Get-BmgDevice -State '; Expected = @('CheckedIn', 'Registered', 'Withdrawn') }
            @{ Line = 'Get-BmgDeviceDepLink -State c'; Expected = @('CheckedIn') }
            @{ Line = 'Import-BmgDeviceCsv x.csv -Encoding utf8'; Expected = @('utf8', 'utf8BOM', 'utf8NoBOM') }
            @{ Line = 'Import-BmgDeviceCsv x.csv -Encoding 9'; Expected = @('932') }
            @{ Line = 'Export-BmgDeviceCsv x.csv -Encoding sh'; Expected = @('shift_jis') }
        )
    }

    It '<Line>' -TestCases $ValueCases {
        (Get-Completion $Line | Sort-Object) | Should -Be ($Expected | Sort-Object)
    }
}

# Walkthrough 37, finding 11: Import-BmgDepDevice <file> -MdmServer <Tab> offered file names. It offers the MDM servers of
# Apple Business Manager's list the command line names: the assigned rows' servers, each once, whatever the file's size
# (the first rows only are read); nothing, and no error, for a file that is no such list, missing, or a FIFO.
Describe 'Import-BmgDepDevice -MdmServer completes the servers of the given list' {
    BeforeAll {
        $script:ListFolder = Join-Path $TestDrive 'abm'
        $null = New-Item -ItemType Directory $ListFolder
        $rows = @(
            '"Serial Number","Device Model","Color","Assigned MDM Server","Status"'
            'DMPZ3ZC9P801,iPad,Silver,BizMobile Go!,Assigned'
            'C02ZZ1234567,MacBook Air,Gray,Jamf Pro,Assigned'
            'DMPZ3ZC9P802,iPad,Silver,,Unassigned'
            'DMPZ3ZC9P803,iPad,Silver,Old MDM,Unassigned'
            'DMPZ3ZC9P804,iPad,Silver,bizmobile go!,Assigned'
        )
        [IO.File]::WriteAllText((Join-Path $ListFolder 'abm devices.csv'), ($rows -join "`r`n") + "`r`n")
        [IO.File]::WriteAllText((Join-Path $ListFolder 'devices.csv'), "Identifier,OS`r`nd1,ios`r`n")
        [IO.File]::WriteAllBytes((Join-Path $ListFolder 'binary.csv'), [byte[]](0, 1, 2, 0xFF, 0xFE, 0))
    }

    It '<Line>' -TestCases @(
        @{ Line = "Import-BmgDepDevice './abm devices.csv' -MdmServer "; Expected = @("'BizMobile Go!'", "'Jamf Pro'") }
        @{ Line = "Import-BmgDepDevice './abm devices.csv' -MdmServer j"; Expected = @("'Jamf Pro'") }
        @{ Line = "Import-BmgDepDevice -LiteralPath './abm devices.csv' -MdmServer "; Expected = @("'BizMobile Go!'", "'Jamf Pro'") }
        @{ Line = "Import-BmgDepDevice ./abm*.csv -MdmServer "; Expected = @("'BizMobile Go!'", "'Jamf Pro'") }
        @{ Line = "Import-BmgDepDevice ./devices.csv -MdmServer "; Expected = @() }
        @{ Line = "Import-BmgDepDevice ./binary.csv -MdmServer "; Expected = @() }
        @{ Line = "Import-BmgDepDevice ./missing.csv -MdmServer "; Expected = @() }
        @{ Line = "Import-BmgDepDevice -MdmServer "; Expected = @() }
    ) {
        Push-Location $ListFolder
        try {
            $Error.Clear()
            (@(Get-Completion $Line) -join ' | ') | Should -BeExactly ($Expected -join ' | ')
            $Error.Count | Should -Be 0 -Because 'completion never fails the prompt'
        } finally {
            Pop-Location
        }
    }

    It 'completes nothing, at once, for a FIFO no one writes to' {
        $fifo = Join-Path $ListFolder 'pipe.csv'
        mkfifo $fifo
        try {
            $job = Start-ThreadJob {
                param($folder, $module)
                Import-Module $module
                Set-Location $folder
                $line = 'Import-BmgDepDevice ./pipe.csv -MdmServer '
                @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count
            } -ArgumentList $ListFolder, $env:BMG_TEST_MODULE
            # The guard is load-scaled (HangGuard.ps1): Wait-Job -Timeout 60 was 60 s of wall clock, which a slow machine could
            # spend on the thread job's import of the module.
            $null = Wait-Until -What 'the completion to end: a completer must never wait for a writer' -GuardSeconds 60 -Condition { $job.State -in 'Completed', 'Failed' }
            $job | Wait-Job | Receive-Job | Should -Be 0
        } finally {
            Remove-Job $job -Force -ErrorAction SilentlyContinue
            Remove-Item $fifo -Force
        }
    }
}

Describe 'Values a selector takes that are not names' {
    It 'Get-BmgImportHistory -Id offers the history Ids of the store''s imports, newest first' {
        $ids = @((Get-BmgImportHistory -Database $StoreA).Id | ForEach-Object { "$_" })
        $ids.Count | Should -BeGreaterThan 0
        Get-Completion "Get-BmgImportHistory -Database '$StoreA' -Id " | Should -Be $ids
        Get-Completion "Get-BmgImportHistory -Database '$StoreA' -Id $($ids[-1])" | Should -Contain $ids[-1]
    }

    It 'a -Serial that gives a device its serial offers no registered serials' {
        Get-Completion "New-BmgDevice -Database '$StoreA' -Identifier x -OS ios -Serial F9" | Should -Not -Contain 'F9FXK2ABCD12'
        Get-Completion "Set-BmgDevice -Database '$StoreA' -Identifier apple001 -Serial F9" | Should -Not -Contain 'F9FXK2ABCD12'
    }

    It 'Send-BmgCheckInEmail -Culture offers the culture names that start with the word typed, in any case' {
        $completions = Get-Completion 'Send-BmgCheckInEmail -Culture ja'
        $completions | Should -Contain 'ja-JP'
        $completions | ForEach-Object { $_ | Should -BeLike 'ja*' }
        Get-Completion 'Send-BmgCheckInEmail -Culture EN-u' | Should -Contain 'en-US'
        Get-Completion 'Send-BmgCheckInEmail -Culture en-U' | Should -Not -Contain 'ja-JP'
        Get-Completion 'Send-BmgCheckInEmail -Culture ' | Should -Not -Contain '' -Because 'the invariant culture has no name to type'
    }
}

Describe 'The history cmdlets complete what the history knows' {
    BeforeAll {
        # A store whose history knows names no device or user has any more: a renamed device, a renamed user.
        $script:StoreH = Join-Path $TestDrive 'completion-history.db'
        New-BmgUser -UserName 'hist-user-old' -Database $StoreH | Out-Null
        New-BmgDevice -Identifier 'hist-2001' -OS ios -Database $StoreH | Out-Null
        New-BmgDevice -Identifier 'hist-2002' -OS ios -Database $StoreH | Out-Null
        Rename-BmgDevice -Identifier 'hist-2002' -NewName 'hist-soumu-02' -Database $StoreH -Confirm:$false | Out-Null
        Rename-BmgUser -UserName 'hist-user-old' -NewName 'hist-user-new' -Database $StoreH -Confirm:$false | Out-Null
        $script:OsUsers = @((Get-BmgDeviceHistory -Database $StoreH).OsUser | Sort-Object -Unique)
        # A file whose name starts as an OS user's could: -User must never offer it.
        $script:FileFolder = Join-Path $TestDrive 'completion-files'
        New-Item -ItemType Directory $FileFolder | Out-Null
        New-Item -ItemType File (Join-Path $FileFolder 'a-file.txt') | Out-Null
    }

    It 'Get-BmgDeviceHistory -Identifier offers a renamed device''s former Identifier, which finds its history' {
        $offered = Get-Completion "Get-BmgDeviceHistory -Database '$StoreH' -Identifier hist-20"
        $offered | Sort-Object | Should -Be @('hist-2001', 'hist-2002')
        Get-Completion "Get-BmgDeviceHistory -Database '$StoreH' hist-" | Should -Contain 'hist-soumu-02'
        Get-BmgDeviceHistory -Database $StoreH -Identifier 'hist-2002' | Should -Not -BeNullOrEmpty
    }

    It 'Get-BmgUserHistory -UserName offers a renamed user''s former UserName, which finds its history' {
        Get-Completion "Get-BmgUserHistory -Database '$StoreH' -UserName hist-user" | Sort-Object | Should -Be @('hist-user-new', 'hist-user-old')
        Get-BmgUserHistory -Database $StoreH -UserName 'hist-user-old' | Should -Not -BeNullOrEmpty
    }

    It '-User of <Command> offers the OS users of the history, not file names' -ForEach @(
        @{ Command = 'Get-BmgDeviceHistory' }
        @{ Command = 'Get-BmgUserHistory' }
    ) {
        $OsUsers.Count | Should -BeGreaterThan 0
        Push-Location $FileFolder
        try {
            $offered = Get-Completion "$Command -Database '$StoreH' -User "
            $offered | Should -Not -Contain './a-file.txt'
            $offered | Should -Not -Contain '.\a-file.txt'
            $offered | Sort-Object | Should -Be $OsUsers
            Get-Completion "$Command -Database '$StoreH' -User a-fi" | Should -BeNullOrEmpty
        } finally {
            Pop-Location
        }
    }
}

Describe 'Identifiers and user names are read by prefix (a store of any size)' {
    BeforeAll {
        # Names whose prefixes a store's LIKE would read as wildcards ('_', '%'), a PowerShell wildcard ('['), case twins,
        # and more names of one prefix than a completion offers.
        $script:StoreP = Join-Path $TestDrive 'completion-prefix.db'
        $lines = @('UserName,Identifier,OS')
        $lines += 'Sato,Kiosk_01,ios', 'sato2,kiosk-02,ios', 'SATO_3,KIOSKx03,ios', 'pct%user,ab_cd,ios', 'pctxuser,abxcd,ios', "o'brien,odev,ios", 'brack[1],dev.1,ios', 'brack1,dev1,ios'
        $lines += 0..209 | ForEach-Object { 'bulk-{0:D3},bulkdev-{0:D3},ios' -f $_ }
        $csv = Write-TestCsv 'completion-prefix.csv' $lines
        # More serials of one prefix than a completion offers, registered in the reverse of their order; and more device
        # tags than it offers (a small list, read whole, but never offered past the limit).
        $serials = @('Identifier,OS,Serial') + (0..209 | ForEach-Object { 'serialdev-{0:D3},ios,FBULK{1:D7}' -f $_, (209 - $_) })
        Import-BmgDeviceCsv (Write-TestCsv 'completion-serials.csv' $serials) -Database $StoreP | Out-Null
        0..209 | ForEach-Object { 'bulktag-{0:D3}' -f $_ } | New-BmgDeviceTag -Database $StoreP | Out-Null
        Import-BmgDeviceCsv $csv -Database $StoreP | Out-Null
        Rename-BmgDevice -Identifier 'kiosk-02' -NewName 'lobby-02' -Database $StoreP -Confirm:$false | Out-Null
        Rename-BmgUser -UserName 'sato2' -NewName 'suzuki' -Database $StoreP -Confirm:$false | Out-Null
    }

    It '<Line> offers <Expected> in this order' -ForEach @(
        @{ Line = 'Get-BmgDevice -Identifier kiosk'; Expected = @('Kiosk_01', 'KIOSKx03') }
        @{ Line = 'Get-BmgDevice -Identifier KIOSK_'; Expected = @('Kiosk_01') }
        @{ Line = 'Get-BmgDevice -Identifier ab_'; Expected = @('ab_cd') }
        @{ Line = 'Get-BmgDevice -Identifier k*03'; Expected = @('KIOSKx03') }
        @{ Line = 'Get-BmgDevice -Identifier *x0'; Expected = @('KIOSKx03') }
        @{ Line = 'Get-BmgDevice -Identifier dev'; Expected = @('dev.1', 'dev1') }
        @{ Line = 'Get-BmgUser -UserName o'; Expected = @("'o''brien'") }
        @{ Line = 'Get-BmgUser -UserName sat'; Expected = @('SATO_3', 'Sato') }
        @{ Line = 'Get-BmgUser -UserName SATO_'; Expected = @('SATO_3') }
        @{ Line = 'Get-BmgUser -UserName pct%'; Expected = @('pct%user') }
        @{ Line = 'Get-BmgUser -UserName brack['; Expected = @('brack[1]') }
        @{ Line = 'Get-BmgDeviceHistory -Identifier kiosk'; Expected = @('Kiosk_01', 'KIOSKx03', 'kiosk-02') }
        @{ Line = 'Get-BmgDeviceHistory -Identifier lob'; Expected = @('lobby-02') }
        @{ Line = 'Get-BmgUserHistory -UserName s'; Expected = @('SATO_3', 'Sato', 'suzuki', 'sato2') }
        @{ Line = 'Get-BmgDevice -Identifier bulkdev-20'; Expected = @(0..9 | ForEach-Object { 'bulkdev-20{0}' -f $_ }) }
        @{ Line = 'Get-BmgDevice -Serial fbulk000020'; Expected = @(0..9 | ForEach-Object { 'FBULK000020{0}' -f $_ }) }
        @{ Line = 'Get-BmgDeviceDepLink -Serial FBulk0000209'; Expected = @('FBULK0000209') }
        @{ Line = 'Register-BmgDeviceCheckIn -Code x -Serial f*0209'; Expected = @('FBULK0000209') }
    ) {
        $verb, $rest = $Line -split ' ', 2
        Get-Completion "$verb -Database '$StoreP' $rest" | Should -Be $Expected
    }

    It '<Line> offers the first 200 names only, in order' -ForEach @(
        @{ Line = 'Get-BmgDevice -Identifier bulkdev-'; Name = 'bulkdev-{0:D3}' }
        @{ Line = 'Get-BmgUser -UserName bulk-'; Name = 'bulk-{0:D3}' }
        @{ Line = 'Get-BmgDeviceHistory -Identifier bulkdev-'; Name = 'bulkdev-{0:D3}' }
        @{ Line = 'Get-BmgUserHistory -UserName bulk-'; Name = 'bulk-{0:D3}' }
        @{ Line = 'Get-BmgDevice -Serial fbulk'; Name = 'FBULK{0:D7}' }
        @{ Line = 'Get-BmgDevice -DeviceTag bulktag-'; Name = 'bulktag-{0:D3}' }
    ) {
        $verb, $rest = $Line -split ' ', 2
        Get-Completion "$verb -Database '$StoreP' $rest" | Should -Be @(0..199 | ForEach-Object { $Name -f $_ })
    }
}
