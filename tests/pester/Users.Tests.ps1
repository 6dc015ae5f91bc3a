BeforeAll {
    . $PSScriptRoot/Common.ps1

    # One error record whose FullyQualifiedErrorId is '<Id>,<cmdlet>' (exact ErrorId, not a substring).

    function New-UserFixture {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-a' -Name 'A' | Out-Null
        New-BmgOrganization -Id 'org-b' -Name 'B' | Out-Null
        New-BmgUser -UserName 'user1' -Name 'User One' -EmailAddress 'user1@example.com' -UserDescription 'first' -Organizations 'org-a' | Out-Null
        New-BmgUser -UserName 'user2' -Name 'User Two' | Out-Null
    }
}

Describe 'New-BmgUser' {
    BeforeEach { New-UserFixture }

    It 'creates a user with every field, emits it, and collapses duplicate organizations in the given order' {
        $user = New-BmgUser -UserName 'u3' -Name 'Three' -EmailAddress 'three@example.com' -UserDescription 'desc' -Organizations 'org-b', 'org-a', 'org-b'
        $user.UserName | Should -Be 'u3'
        $stored = Get-BmgUser -UserName 'u3'
        $stored.Name | Should -Be 'Three'
        $stored.EmailAddress | Should -Be 'three@example.com'
        $stored.UserDescription | Should -Be 'desc'
        $stored.Organizations | Should -Be @('org-b', 'org-a')
    }

    It 'treats user names as case-sensitive keys' {
        New-BmgUser -UserName 'USER1' | Out-Null
        (Get-BmgUser).UserName | Should -Contain 'USER1'
        (Get-BmgUser).UserName | Should -Contain 'user1'
    }

    It 'creates users from piped objects by property name' {
        [pscustomobject]@{ UserName = 'p1' }, [pscustomobject]@{ UserName = 'p2' } | New-BmgUser | Out-Null
        (Get-BmgUser -UserName 'p*').UserName | Should -Be @('p1', 'p2')
    }

    It 'refuses an existing user name with AlreadyExists and changes nothing' {
        $before = Get-StoreSnapshot
        $out = New-BmgUser -UserName 'user1' -Name 'Other' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-ErrorId $err 'AlreadyExists'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses <Case> with <ErrorId> and writes nothing' -ForEach @(
        @{ Case = 'a malformed email address'; ErrorId = 'InvalidFieldValue'; Splat = @{ UserName = 'u9'; EmailAddress = 'Bob <bob@example.com>' } }
        @{ Case = 'an organization that does not exist'; ErrorId = 'ReferenceNotFound'; Splat = @{ UserName = 'u9'; Organizations = @('org-a', 'org-x') } }
        @{ Case = 'a user name with a control character'; ErrorId = 'InvalidFieldValue'; Splat = @{ UserName = "u`t9" } }
        @{ Case = 'a Name longer than 256 characters'; ErrorId = 'InvalidFieldValue'; Splat = @{ UserName = 'u9'; Name = ('x' * 257) } }
        @{ Case = 'a blank organization item'; ErrorId = 'InvalidFieldValue'; Splat = @{ UserName = 'u9'; Organizations = @('org-a', ' ') } }
    ) {
        $before = Get-StoreSnapshot
        New-BmgUser @Splat -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-ErrorId $err $ErrorId
        Get-StoreSnapshot | Should -Be $before
    }

    It 'names the missing organization in the error' {
        New-BmgUser -UserName 'u9' -Organizations 'org-x' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -BeLike "*'org-x'*"
    }

    It 'writes nothing with -WhatIf' {
        $before = Get-StoreSnapshot
        New-BmgUser -UserName 'u9' -Name 'Nine' -WhatIf | Should -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
    }
}

Describe 'Get-BmgUser' {
    BeforeAll {
        New-UserFixture
        New-BmgUser -UserName 'User3' | Out-Null
    }

    It 'returns every user without a name' {
        (Get-BmgUser).UserName | Sort-Object | Should -Be (@('User3', 'user1', 'user2') | Sort-Object)
    }

    It 'matches wildcards case-sensitively' {
        (Get-BmgUser -UserName 'user*').UserName | Should -Be @('user1', 'user2')
        (Get-BmgUser -UserName 'User*').UserName | Should -Be @('User3')
        (Get-BmgUser -UserName '*[23]').UserName | Sort-Object | Should -Be (@('User3', 'user2') | Sort-Object)
    }

    It 'matches an exact name exactly: another case is UserNotFound' {
        $out = Get-BmgUser -UserName 'USER1' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-ErrorId $err 'UserNotFound'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'USER1'
    }

    It 'reports a missing name and still returns the others' {
        $out = Get-BmgUser -UserName 'nobody', 'user2' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.UserName | Should -Be 'user2'
        Assert-ErrorId $err 'UserNotFound'
    }

    It 'takes user names from the pipeline' {
        ('user1', 'user2' | Get-BmgUser).UserName | Should -Be @('user1', 'user2')
    }

    # Sixteenth round: Get-BmgUser -Organization, the users' filter as Get-BmgDevice -DeviceTag is the devices'.
    It '-Organization keeps the users in an organization whose Id matches' {
        New-BmgUser -UserName 'user4' -Organizations 'org-b', 'org-a' | Out-Null
        try {
            (Get-BmgUser -Organization 'org-a').UserName | Sort-Object | Should -Be @('user1', 'user4')
            (Get-BmgUser -Organization 'org-b').UserName | Should -Be @('user4')
            (Get-BmgUser -Organization 'org-*').UserName | Sort-Object | Should -Be @('user1', 'user4')
            (Get-BmgUser -UserName 'user*' -Organization 'org-b').UserName | Should -Be @('user4')
            ('user1', 'user2' | Get-BmgUser -Organization 'org-a').UserName | Should -Be @('user1')
            Get-BmgUser -Organization 'x*' | Should -BeNullOrEmpty
        } finally {
            Remove-BmgUser -UserName 'user4' -Confirm:$false
        }
    }

    It '-Organization with an Id no organization has is OrganizationNotFound, once however many names are piped' {
        $out = 'user1', 'user2' | Get-BmgUser -Organization 'ORG-A' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-ErrorId $err 'OrganizationNotFound'
        $err[0].TargetObject | Should -Be 'ORG-A'
        "$($err[0])" | Should -BeLike "*did you mean 'org-a'*"
    }

    It '-Organization completes the organizations'' Ids on Tab' {
        $line = 'Get-BmgUser -Organization org-'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('org-a', 'org-b')
    }
}

Describe 'Get-BmgUser of every user writes each as it is read (thirty-fifth round, walkthrough 34b)' {
    BeforeAll {
        New-TestStore | Out-Null
        $csv = Join-Path $TestDrive 'users-5001.csv'
        @('UserName,Name') + (1..5001 | ForEach-Object { 'u{0:D5},Before' -f $_ }) | Set-Content -LiteralPath $csv
        Import-BmgDeviceCsv -Path $csv | Out-Null
    }

    # Its reads are pages of 5,000 (fixb34), but WriteObject(<all>, enumerateCollection) collected every user before the
    # first went on (1,000,000 users: 934 MB). One at a time, the first is downstream before the second page is read.
    It 'hands the first user on before it reads the next page: a change made downstream then shows on that page' {
        $last = Get-BmgUser | ForEach-Object -Begin { $first = $true } -Process {
            if ($first) {
                $first = $false
                Set-BmgUser -UserName 'u05001' -Name 'Changed downstream'
            }
            $_
        } | Select-Object -Last 1
        $last.UserName | Should -Be 'u05001'
        $last.Name | Should -Be 'Changed downstream'
    }
}

Describe 'Set-BmgUser' {
    BeforeEach { New-UserFixture }

    It 'changes only the parameters given' {
        $before = Get-BmgUser -UserName 'user1'
        Set-BmgUser -UserName 'user1' -Name 'Renamed' | Should -BeNullOrEmpty
        $after = Get-BmgUser -UserName 'user1'
        $after.Name | Should -Be 'Renamed'
        $after.EmailAddress | Should -Be $before.EmailAddress
        $after.UserDescription | Should -Be $before.UserDescription
        $after.Organizations | Should -Be $before.Organizations
    }

    It 'clears a field given as $null or an empty value' {
        Set-BmgUser -UserName 'user1' -EmailAddress $null -UserDescription '' -Organizations @()
        $after = Get-BmgUser -UserName 'user1'
        $after.EmailAddress | Should -BeNullOrEmpty
        $after.UserDescription | Should -BeNullOrEmpty
        @($after.Organizations) | Should -HaveCount 0
        $after.Name | Should -Be 'User One'
    }

    It 'replaces the organizations in the given order' {
        Set-BmgUser -UserName 'user1' -Organizations 'org-b', 'org-a'
        (Get-BmgUser -UserName 'user1').Organizations | Should -Be @('org-b', 'org-a')
    }

    It 'emits the user with -PassThru' {
        $out = Set-BmgUser -UserName 'user1' -Name 'P' -PassThru
        $out.UserName | Should -Be 'user1'
        $out.Name | Should -Be 'P'
    }

    It 'refuses <Case> with <ErrorId>, applying nothing of the call' -ForEach @(
        @{ Case = 'a malformed email'; ErrorId = 'InvalidFieldValue'; Splat = @{ Name = 'Changed'; EmailAddress = 'not-an-address' } }
        @{ Case = 'a missing organization'; ErrorId = 'ReferenceNotFound'; Splat = @{ Name = 'Changed'; Organizations = @('org-zzz') } }
        @{ Case = 'a description over 1024 characters'; ErrorId = 'InvalidFieldValue'; Splat = @{ Name = 'Changed'; UserDescription = ('d' * 1025) } }
    ) {
        $before = Get-StoreSnapshot
        Set-BmgUser -UserName 'user1' @Splat -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err $ErrorId
        Get-StoreSnapshot | Should -Be $before
    }

    It 'reports a user that does not exist as UserNotFound' {
        $before = Get-StoreSnapshot
        Set-BmgUser -UserName 'nobody' -Name 'x' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'UserNotFound'
        $err[0].TargetObject | Should -Be 'nobody'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'goes on with the other users after a missing one' {
        Set-BmgUser -UserName 'nobody', 'user2' -UserDescription 'ok' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'UserNotFound'
        (Get-BmgUser -UserName 'user2').UserDescription | Should -Be 'ok'
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-StoreSnapshot
        Set-BmgUser -UserName 'user1' -Name 'W' -Organizations @() -WhatIf
        Get-StoreSnapshot | Should -Be $before
    }

    It 'takes users from Get-BmgUser on the pipeline' {
        Get-BmgUser -UserName 'user*' | Set-BmgUser -UserDescription 'piped'
        (Get-BmgUser).UserDescription | Should -Be @('piped', 'piped')
    }
}

Describe 'Remove-BmgUser' {
    BeforeEach {
        New-UserFixture
        New-BmgUser -UserName 'owner' | Out-Null
        New-BmgDevice -Identifier 'dev01' -OS 'ios' -UserName 'owner' | Out-Null
        New-BmgDevice -Identifier 'dev02' -OS 'android' -UserName 'owner' | Out-Null
    }

    It 'removes a user without devices' {
        Remove-BmgUser -UserName 'user2' -Confirm:$false | Should -BeNullOrEmpty
        (Get-BmgUser).UserName | Should -Not -Contain 'user2'
    }

    It 'emits the removed user with -PassThru' {
        $out = Remove-BmgUser -UserName 'user2' -Confirm:$false -PassThru
        $out.UserName | Should -Be 'user2'
    }

    It 'refuses a user that devices are linked to with UserInUse, naming the devices, and changes nothing' {
        $before = Get-StoreSnapshot
        Remove-BmgUser -UserName 'owner' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'UserInUse'
        $err[0].Exception.Message | Should -BeLike "*'dev01'*"
        $err[0].Exception.Message | Should -BeLike "*'dev02'*"
        $err[0].Exception.Message | Should -BeLike '*-Force*'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'with -Force unlinks the devices and removes the user' {
        Remove-BmgUser -UserName 'owner' -Force -Confirm:$false
        (Get-BmgUser).UserName | Should -Not -Contain 'owner'
        $devices = Get-BmgDevice -Identifier 'dev01', 'dev02'
        $devices | Should -HaveCount 2
        $devices | ForEach-Object { $_.UserName | Should -BeNullOrEmpty }
    }

    It 'changes nothing with -Force -WhatIf' {
        $before = Get-StoreSnapshot
        Remove-BmgUser -UserName 'owner' -Force -WhatIf
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses, even with -Force, a user whose device is checked in (DeviceLocked), and changes nothing' {
        New-BmgDevice -Identifier 'locked1' -OS 'ios' -Code 'abc123' -UserName 'owner' | Out-Null
        Register-BmgDeviceCheckIn -Identifier 'locked1' -Code 'abc123' | Out-Null
        $before = Get-StoreSnapshot
        Remove-BmgUser -UserName 'owner' -Force -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'DeviceLocked'
        $err[0].Exception.Message | Should -BeLike "*'locked1'*CheckedIn*"
        Get-StoreSnapshot | Should -Be $before
    }

    It 'reports a missing user as UserNotFound (names are case-sensitive)' {
        $before = Get-StoreSnapshot
        Remove-BmgUser -UserName 'USER2' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'UserNotFound'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'says "device" and "it" for a user with one device (walkthrough 11, 9)' {
        New-BmgUser -UserName 'yamada.taro' | Out-Null
        New-BmgDevice -Identifier 'iphone-tokyo-001' -OS 'ios' -UserName 'yamada.taro' | Out-Null
        Remove-BmgUser -UserName 'yamada.taro' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'UserInUse'
        # left32c: what -Force does besides the unlink is said before the admin adds it.
        $err[0].Exception.Message | Should -Be ("User 'yamada.taro' has device 'iphone-tokyo-001'; use -Force to unlink it and remove the user: " +
            "-Force also supersedes its unsent check-in emails and clears a RegistrationEmail that is the user's own address (-WhatIf lists it all).")
        Remove-BmgUser -UserName 'owner' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Be ("User 'owner' has devices 'dev01', 'dev02'; use -Force to unlink them and remove the user: " +
            "-Force also supersedes their unsent check-in emails and clears a RegistrationEmail that is the user's own address (-WhatIf lists it all).")
    }

    It 'removes users piped from Get-BmgUser and goes on past a refused one' {
        Get-BmgUser | Remove-BmgUser -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'UserInUse'
        (Get-BmgUser).UserName | Should -Be @('owner')
    }
}

# UserName is case-sensitive (SPEC): 'Tanaka' does not find 'tanaka', but every look-up that finds no user says whom
# it may have meant, from one place (UserNameHint), as the CSV header check does for a mis-cased column.
Describe 'A user name that differs from a user''s only by case (walkthrough 11, 9)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgUser -UserName 'tanaka' -Name 'Tanaka Ichiro' | Out-Null
        New-BmgUser -UserName 'suzuki' | Out-Null
        New-BmgDevice -Identifier 'd0' -OS 'ios' | Out-Null
    }

    It '<Command> says "did you mean" and changes nothing' -TestCases @(
        @{ Command = 'Set-BmgUser'; Run = { Set-BmgUser Tanaka -Name 'x' -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'UserNotFound'
            Message = "No user has the UserName 'Tanaka' {store}; did you mean 'tanaka'? (user names are case-sensitive)." }
        @{ Command = 'Remove-BmgUser'; Run = { Remove-BmgUser TANAKA -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'UserNotFound'
            Message = "No user has the UserName 'TANAKA' {store}; did you mean 'tanaka'? (user names are case-sensitive)." }
        @{ Command = 'Get-BmgUser'; Run = { Get-BmgUser Tanaka -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'UserNotFound'
            Message = "No user has the UserName 'Tanaka' {store}; did you mean 'tanaka'? (user names are case-sensitive)." }
        @{ Command = 'Get-BmgUserHistory'; Run = { Get-BmgUserHistory Tanaka -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'UserNotFound'
            Message = "No user has or had the UserName 'Tanaka' {store}: neither the store's users nor the history's index of past user names has it (Test-BmgHistory checks that index against the history's entries); did you mean 'tanaka'? (user names are case-sensitive)." }
        @{ Command = 'New-BmgDevice -UserName'; Run = { New-BmgDevice -Identifier 'd1' -OS 'ios' -UserName 'Tanaka' -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'ReferenceNotFound'
            Message = "UserName names a user 'Tanaka', which does not exist; did you mean 'tanaka'? (user names are case-sensitive) Otherwise create it with New-BmgUser first." }
        @{ Command = 'Set-BmgDevice -UserName'; Run = { Set-BmgDevice -Identifier 'd0' -UserName 'SUZUKI' -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'ReferenceNotFound'
            Message = "UserName names a user 'SUZUKI', which does not exist; did you mean 'suzuki'? (user names are case-sensitive) Otherwise create it with New-BmgUser first." }
    ) {
        $before = Get-StoreSnapshot
        $err = @(& $Run)
        Assert-ErrorId $err $ErrorId
        $err[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($Message.Replace('{store}', (Get-InStore))))"
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a name no user has in any case gets no hint' {
        Set-BmgUser nobody -Name 'x' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Be "No user has the UserName 'nobody' $(Get-InStore)."
    }
}

Describe 'Set-BmgUser and Set-BmgDevice with no field parameter (walkthrough 11, 9)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgUser -UserName 'tanaka' -Name 'Tanaka' | Out-Null
        foreach ($identifier in 'iphone-tokyo-003', 'iphone-tokyo-004') { New-BmgDevice -Identifier $identifier -OS 'ios' | Out-Null }
    }

    It '<Command> warns once that nothing changes, writes no error, and changes nothing' -TestCases @(
        @{ Command = 'Set-BmgDevice'; Run = { Set-BmgDevice 'iphone-tokyo-003', 'iphone-tokyo-004' -PassThru }; Fields = '-DisplayName, -UserName or -DeviceTags'; PassedThru = 2 }
        @{ Command = 'Set-BmgUser'; Run = { Set-BmgUser tanaka -PassThru }; Fields = '-Name, -EmailAddress or -Organizations'; PassedThru = 1 }
    ) {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured $Run
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -Be "$Command was given no field to change, so nothing changes: give a field parameter, such as $Fields."
        $result.Output | Should -HaveCount $PassedThru -Because '-PassThru still writes the unchanged records, as Set-ADUser -PassThru does'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a field given with the value it has already changes nothing and warns nothing (as Set-ADUser)' {
        $result = Invoke-Captured { Set-BmgUser tanaka -Name 'Tanaka' }
        $result.Warnings | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
    }
}

Describe 'Creating a user whose name differs from a user''s only by case warns (walkthrough 13, 2)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgUser -UserName 'yamada' -Name 'Yamada Taro' | Out-Null
        New-BmgDevice -Identifier 'ipad-6002' -OS 'ios' -UserName 'yamada' | Out-Null
    }

    It 'New-BmgUser creates the user (names stay case-sensitive) with the did-you-mean warning, -WhatIf too' {
        $dry = Invoke-Captured { New-BmgUser -UserName 'Yamada' -WhatIf }
        $dry.Warnings | Should -HaveCount 1
        "$($dry.Warnings[0])" | Should -Be "A new user 'Yamada' is created beside a user whose UserName differs only in case; did you mean 'yamada'? (user names are case-sensitive)."
        (Get-BmgUser).UserName -ccontains 'Yamada' | Should -BeFalse -Because '-WhatIf creates nothing'

        $result = Invoke-Captured { New-BmgUser -UserName 'Yamada' }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.UserName | Should -BeExactly 'Yamada'
        $result.Warnings | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "*did you mean 'yamada'?*"
        (Get-BmgUser).UserName -ccontains 'Yamada' | Should -BeTrue
    }

    It 'an import warns once, naming the line of the row that creates the user (not for a later row of that user; two new users of one file are not compared)' {
        $csv = Write-TestCsv -Name (New-CsvName 'case') -Lines @(
            'UserName,Identifier,OS'
            'Yamada,ipad-6002,ios'
            'Yamada,ipad-6003,ios'
            'suzuki,ipad-6004,ios'
            'SUZUKI,ipad-6005,ios'
        )
        foreach ($whatIf in $true, $false) {
            $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv -WhatIf:$whatIf }
            $result.Errors | Should -BeNullOrEmpty
            # Line 5's SUZUKI beside line 4's new suzuki is not compared: the import keeps no list of the users it creates
            # (flat memory), and they are written a chunk at a time (README Decisions).
            @($result.Warnings) | Should -HaveCount 1 -Because "whatIf=${whatIf}: one warning for the row that creates 'Yamada' beside the store's 'yamada', none for line 3"
            "$($result.Warnings[0])" | Should -BeLike "Line 2 of '$csv': A new user 'Yamada' is created beside *did you mean 'yamada'? (user names are case-sensitive)."
        }

        (Get-BmgDevice -Identifier 'ipad-6002').UserName | Should -BeExactly 'Yamada'
    }

    It 'a long import compares every new user with the users the store held before it, whatever chunk the row is in, and never with users it made itself' {
        # Rows 2-33 make 32 new users; then 2,000 rows of devices of an existing user fill the next chunks (1,000 rows
        # each), so lines 2034-2035 are planned after the first chunks were written: 'U01' differs only in case from a
        # user this file made (not compared, as two rows of one chunk are not), 'YAMADA' from a user the store held.
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('UserName,Identifier,OS')
        foreach ($i in 1..32) { $lines.Add(('u{0:D2},ipad-new-{0:D2},ios' -f $i)) }
        foreach ($i in 1..2000) { $lines.Add(('yamada,ipad-fill-{0:D4},ios' -f $i)) }
        $lines.Add('U01,ipad-late-1,ios')
        $lines.Add('YAMADA,ipad-late-2,ios')
        $csv = Write-TestCsv -Name (New-CsvName 'case-chunks') -Lines $lines
        $result = Invoke-Captured { Import-BmgDeviceCsv -Path $csv }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1 -Because 'line 2034 (U01 beside this file''s u01) is not compared; line 2035 (YAMADA beside the store''s yamada) is'
        "$($result.Warnings[0])" | Should -BeLike "Line 2035 of '$csv': A new user 'YAMADA' is created beside *did you mean 'yamada'? (user names are case-sensitive)."
        (Get-BmgUser -UserName 'U01').UserName | Should -BeExactly 'U01'
    }

    It 'a new user no name resembles draws no warning' {
        $result = Invoke-Captured { New-BmgUser -UserName 'sato' }
        $result.Warnings | Should -BeNullOrEmpty
    }
}

Describe 'Set-BmgUser and Remove-BmgUser take User objects only, as Rename-BmgUser (walkthrough 13, 4/8)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgUser -UserName 'takahashi3' -EmailAddress 't3@example.com' | Out-Null
        New-BmgDevice -Identifier 'iphone-2003' -OS 'ios' -UserName 'takahashi3' -Code 'Check2003' | Out-Null
    }

    It '<Command> refuses a piped Device (its UserName names another record) and changes nothing' -ForEach @(
        @{ Command = 'Remove-BmgUser'; Run = { Get-BmgDevice iphone-2003 | Remove-BmgUser -Force -Confirm:$false } }
        @{ Command = 'Set-BmgUser'; Run = { Get-BmgDevice iphone-2003 | Set-BmgUser -Name 'Changed' } }
    ) {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured $Run
        @($result.Errors) + @($result.Terminating | Where-Object { $_ }) | Select-Object -First 1 | ForEach-Object {
            "$_" | Should -BeLike '*A Device object is not a name for -UserName*pipe User objects*'
        }
        @($result.Errors) + @($result.Terminating | Where-Object { $_ }) | Should -Not -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a piped User, a name and an Import-Csv-like record still bind' {
        Get-BmgUser takahashi3 | Set-BmgUser -Name 'From user'
        'takahashi3' | Set-BmgUser -UserDescription 'From name'
        [pscustomobject]@{ UserName = 'takahashi3' } | Set-BmgUser -EmailAddress 't3b@example.com'
        $user = Get-BmgUser takahashi3
        $user.Name | Should -Be 'From user'
        $user.UserDescription | Should -Be 'From name'
        $user.EmailAddress | Should -Be 't3b@example.com'
        Get-BmgUser takahashi3 | Remove-BmgUser -Force -Confirm:$false
        (Get-BmgUser).UserName | Should -Not -Contain 'takahashi3'
    }

    It '<Command> error has the user name as its TargetObject, not the User object' -ForEach @(
        @{ Command = 'Set-BmgUser (a field rule)'; Run = { Set-BmgUser takahashi3 -EmailAddress 'yamada@example' -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'InvalidFieldValue' }
        @{ Command = 'Remove-BmgUser (UserInUse)'; Run = { Remove-BmgUser takahashi3 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'UserInUse' }
        @{ Command = 'Remove-BmgUser (DeviceLocked)'; Setup = { Register-BmgDeviceCheckIn -Identifier iphone-2003 -Code 'Check2003' | Out-Null }
            Run = { Remove-BmgUser takahashi3 -Force -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err }; ErrorId = 'DeviceLocked' }
    ) {
        if ($Setup) { & $Setup }
        $err = @(& $Run)
        Assert-ErrorId $err $ErrorId
        $err[0].TargetObject | Should -BeOfType [string]
        $err[0].TargetObject | Should -BeExactly 'takahashi3'
        $err[0].CategoryInfo.TargetName | Should -BeExactly 'takahashi3'
    }
}

Describe 'A user name typed in full-width with the IME on (walkthrough 37, finding 3)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgUser -UserName 'k001' -Name 'Kato' | Out-Null
        New-BmgDevice -Identifier 'ipad-jp064' -OS 'ios' | Out-Null
    }

    It 'Set-BmgDevice -UserName names the half-width user and does not advise creating the full-width twin' {
        $result = Invoke-Captured { Set-BmgDevice ipad-jp064 -UserName 'ｋ００１' }
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ReferenceNotFound,*'
        "$($result.Errors[0])" | Should -BeExactly ("UserName names a user 'ｋ００１', which does not exist; did you mean 'k001'? " +
            "(user names are case-sensitive, and half-width and full-width characters are other characters).")
        (Get-BmgDevice ipad-jp064).UserName | Should -BeNullOrEmpty
    }

    It 'an import row creating the full-width twin warns, naming the user meant' {
        $csv = Write-TestCsv -Name 'ime.csv' -Lines @('Identifier,OS,UserName', 'ipad-jp066,ios,ｋ００１')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings.Message) | Should -Be @(
            "Line 2 of '$csv': A new user 'ｋ００１' is created beside a user whose UserName differs only in case or width; did you mean 'k001'? (user names are case-sensitive, and half-width and full-width characters are other characters)."
        )
    }

    It 'Get-BmgDevice of a full-width Identifier gets the IME hint' {
        $result = Invoke-Captured { Get-BmgDevice 'ｉｐａｄ－ｊｐ０６４' }
        $result.Errors | Should -HaveCount 1
        "$($result.Errors[0])" | Should -BeLike "No device has the Identifier 'ｉｐａｄ－ｊｐ０６４' * (the Identifier has full-width characters, as a Japanese IME types them: enter the value with half-width letters and digits)."
    }
}
