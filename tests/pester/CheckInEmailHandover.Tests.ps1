# A device handed to another user while its RegistrationEmail stays (walkthrough 23, finding 1): the check-in email with
# the device's code is still queued to that address (SPEC), but no longer without a word. Set-BmgDevice, an import row
# and piped edits warn, naming the device, both users and the address (never the code), and the -WhatIf line says it too.
# Real stores: runs on SQLite and PostgreSQL (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # suzuki holds iphone-0002, whose RegistrationEmail is suzuki's address; yamada, sato (no address) are other users;
    # kiosk-1 belongs to no one.
    function Initialize-HandoverStore {
        $null = New-TestStore
        $seed = Write-TestCsv -Name (New-CsvName 'seed') -Lines @(
            'UserName,Name,EmailAddress,Identifier,OS,Code,RegistrationEmail'
            'suzuki,Suzuki,suzuki@example.com,iphone-0002,ios,Secret2002,suzuki@example.com'
            'yamada,Yamada,yamada@example.com,,,,'
            'sato,Sato,,,,,'
            ',,,kiosk-1,ios,Secret3003,kitting@example.com'
        )
        $null = Import-BmgDeviceCsv -Path $seed -ErrorAction Stop
    }

    # What a command writes to the host (the 'What if:' lines), its warnings and its errors, as text.
    function Invoke-WithTranscript([scriptblock] $Command) {
        $transcript = Join-Path $TestDrive ("whatif-{0}.txt" -f [guid]::NewGuid().ToString('N'))
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            $captured = Invoke-Captured $Command
        } finally {
            $null = Stop-Transcript
        }
        [pscustomobject]@{
            Host = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', ''
            Warnings = @($captured.Warnings | ForEach-Object { "$_" })
            Errors = $captured.Errors
            Terminating = $captured.Terminating
        }
    }
}

Describe 'A device handed to another user while its RegistrationEmail stays' {
    BeforeEach { Initialize-HandoverStore }

    It 'Set-BmgDevice -UserName warns, naming device, users and address but not the code, and still queues the email (SPEC)' {
        $before = @(Get-BmgCheckInEmail -Identifier iphone-0002).Count
        $run = Invoke-Captured { Set-BmgDevice iphone-0002 -UserName yamada }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings).Count | Should -Be 1
        "$($run.Warnings[0])" | Should -BeExactly ("Device 'iphone-0002' goes to user 'yamada', but its check-in code goes to " +
            "'suzuki@example.com', the previous user's; add -RegistrationEmail 'yamada@example.com'.")
        # left26: about 160 characters, three lines at 80 columns (it was 330, five lines), and under -Verbose once a device of a batch.
        "$($run.Warnings[0])".Length | Should -BeLessOrEqual 165
        "$($run.Warnings[0])" | Should -Not -Match 'Secret2002'
        $emails = @(Get-BmgCheckInEmail -Identifier iphone-0002)
        $emails.Count | Should -Be ($before + 1)
        $emails[-1].Recipient | Should -Be 'suzuki@example.com'
        (Get-BmgDevice iphone-0002).UserName | Should -Be 'yamada'
    }

    It 'says it on the -WhatIf line of Set-BmgDevice, and changes nothing' {
        $snapshot = Get-StoreSnapshot
        $run = Invoke-WithTranscript { Set-BmgDevice iphone-0002 -UserName yamada -WhatIf }
        $run.Host | Should -Match ([regex]::Escape("Update (UserName: 'suzuki' -> 'yamada'); check-in email with the device's code to 'suzuki@example.com', the previous user's address"))
        @($run.Warnings | Where-Object { $_ -like "Device 'iphone-0002' goes to user 'yamada', but*" }).Count | Should -Be 1
        $run.Host | Should -Not -Match 'Secret2002'
        Get-StoreSnapshot | Should -Be $snapshot
    }

    It 'says nothing when the change gives the new address, or the address is the new user''s, or the device is unlinked' {
        (Invoke-Captured { Set-BmgDevice iphone-0002 -UserName yamada -RegistrationEmail yamada@example.com }).Warnings | Should -BeNullOrEmpty
        # Back to suzuki, whose address (any case) the device's RegistrationEmail is not: that one warns; then yamada again,
        # whose address it is: not.
        @((Invoke-Captured { Set-BmgDevice iphone-0002 -UserName suzuki }).Warnings).Count | Should -Be 1
        (Invoke-Captured { Set-BmgDevice iphone-0002 -RegistrationEmail YAMADA@example.com }).Warnings | Should -BeNullOrEmpty
        (Invoke-Captured { Set-BmgDevice iphone-0002 -UserName yamada }).Warnings | Should -BeNullOrEmpty
        # A device unlinked from its user: nobody new gets the code.
        (Invoke-Captured { Set-BmgDevice iphone-0002 -UserName '' }).Warnings | Should -BeNullOrEmpty
    }

    It 'warns for a device that had no user but kept its RegistrationEmail, as Remove-BmgUser -Force leaves one (left32c)' {
        # suzuki's device is given a private address, then suzuki leaves: -Force keeps an address that isn't suzuki's own.
        $null = Set-BmgDevice iphone-0002 -RegistrationEmail hanako.private@gmail.example
        $null = Remove-BmgUser suzuki -Force -Confirm:$false -WarningAction SilentlyContinue
        $left = Get-BmgDevice iphone-0002
        $left.UserName | Should -BeNullOrEmpty
        $left.RegistrationEmail | Should -Be 'hanako.private@gmail.example'
        $run = Invoke-Captured { Set-BmgDevice iphone-0002 -UserName yamada }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings).Count | Should -Be 1
        "$($run.Warnings[0])" | Should -BeExactly ("Device 'iphone-0002' goes to user 'yamada', but its check-in code goes to " +
            "'hanako.private@gmail.example', not the new user's; add -RegistrationEmail 'yamada@example.com'.")
        (Get-BmgCheckInEmail -Identifier iphone-0002)[-1].Recipient | Should -Be 'hanako.private@gmail.example' -Because 'the spec queues it still'

        # An import row that links a device without a user (kiosk-1, a kitting mailbox's address) says it too, with -WhatIf.
        $file = Write-TestCsv -Name (New-CsvName 'handover') -Lines @('Identifier,UserName', 'kiosk-1,sato')
        $preview = Invoke-WithTranscript { Import-BmgDeviceCsv -Path $file -WhatIf }
        $preview.Errors | Should -BeNullOrEmpty
        @($preview.Warnings | Where-Object { $_ -like '*goes to user*' }) | Should -BeExactly ("Line 2 of '$file': Device 'kiosk-1' goes to user 'sato', " +
            "but its check-in code goes to 'kitting@example.com', not the new user's; set the row's RegistrationEmail to the new user's address.")
        $preview.Host | Should -Match ([regex]::Escape("check-in email with the device's code to 'kitting@example.com', which is not the new user's address"))
        $preview.Host | Should -Not -Match 'Secret3003'
    }

    It 'words an address that is not the previous user''s, and a new user without an address' {
        $run = Invoke-Captured { Set-BmgDevice kiosk-1 -UserName sato; Set-BmgDevice kiosk-1 -UserName yamada; Set-BmgDevice kiosk-1 -UserName sato }
        @($run.Warnings).Count | Should -Be 3
        "$($run.Warnings[0])" | Should -BeExactly "Device 'kiosk-1' goes to user 'sato', but its check-in code goes to 'kitting@example.com', not the new user's; add -RegistrationEmail the new user's address."
        "$($run.Warnings[1])" | Should -BeExactly "Device 'kiosk-1' goes to user 'yamada', but its check-in code goes to 'kitting@example.com', not the new user's; add -RegistrationEmail 'yamada@example.com'."
        "$($run.Warnings[2])" | Should -BeExactly "Device 'kiosk-1' goes to user 'sato', but its check-in code goes to 'kitting@example.com', not the new user's; add -RegistrationEmail the new user's address."
    }

    It 'warns for a piped device too' {
        $run = Invoke-Captured { Get-BmgDevice iphone-0002 | Set-BmgDevice -UserName yamada }
        @($run.Warnings | Where-Object { "$_" -like "Device 'iphone-0002' goes to user 'yamada', but*" }).Count | Should -Be 1
    }

    It 'an import row warns with its line, and its -WhatIf line says where the email goes' {
        $file = Write-TestCsv -Name (New-CsvName 'handover') -Lines @('Identifier,UserName', 'kiosk-1,', 'iphone-0002,sato')
        $run = Invoke-WithTranscript { Import-BmgDeviceCsv -Path $file -WhatIf }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings | Where-Object { $_ -like '*goes to user*' }).Count | Should -Be 1
        $run.Warnings | Where-Object { $_ -like '*goes to user*' } | Should -BeExactly ("Line 3 of '$file': Device 'iphone-0002' goes to user 'sato', " +
            "but its check-in code goes to 'suzuki@example.com', the previous user's; set the row's RegistrationEmail to the new user's address.")
        $run.Host | Should -Match ([regex]::Escape("Line 3 of '$file': ") + "[A-Za-z]+ user 'sato', " +
            [regex]::Escape("Updated device 'iphone-0002': UserName: 'suzuki' -> 'sato'; check-in email with the device's code to 'suzuki@example.com', the previous user's address"))
        $run.Host | Should -Not -Match 'Secret2002'
    }

    It 'an import row that gives the new user an address names it; one that gives the new RegistrationEmail says nothing' {
        $file = Write-TestCsv -Name (New-CsvName 'handover') -Lines @('UserName,EmailAddress,Identifier', 'sato,sato@example.com,iphone-0002')
        $run = Invoke-Captured { Import-BmgDeviceCsv -Path $file -ErrorAction Stop }
        @($run.Warnings).Count | Should -Be 1
        "$($run.Warnings[0])" | Should -BeLike "*; set the row's RegistrationEmail to 'sato@example.com'."
        (Get-BmgCheckInEmail -Identifier iphone-0002)[-1].Recipient | Should -Be 'suzuki@example.com' -Because 'the spec queues it still'

        $file = Write-TestCsv -Name (New-CsvName 'handover') -Lines @('UserName,Identifier,RegistrationEmail', 'yamada,iphone-0002,yamada@example.com')
        (Invoke-Captured { Import-BmgDeviceCsv -Path $file -ErrorAction Stop }).Warnings | Should -BeNullOrEmpty
    }

    It 'a piped import row warns as a file''s row does' {
        $run = Invoke-Captured { [pscustomobject]@{ Identifier = 'iphone-0002'; UserName = 'yamada' } | Import-BmgDeviceCsv -ErrorAction Stop }
        @($run.Warnings).Count | Should -Be 1
        "$($run.Warnings[0])" | Should -BeLike "Line 2: Device 'iphone-0002' goes to user 'yamada'*set the row's RegistrationEmail to 'yamada@example.com'."
    }
}

# Walkthrough 25, finding 7: a piped Set-BmgDevice over 200 devices wrote one 330-character warning a device. A run that
# changes many devices, with nobody asked per device, says one warning a kind at its end: how many, the first five, what
# to do; each device's own warning is a verbose line. -Confirm and -WarningAction Stop still hear each before its change.
Describe 'Many devices handed over in one run: one warning, each device''s under -Verbose (walkthrough 25, finding 7)' {
    BeforeEach {
        Initialize-HandoverStore
        $script:Handed = @(1..7 | ForEach-Object { 'handed-{0:D2}' -f $_ })
        foreach ($identifier in $Handed) { New-BmgDevice -Identifier $identifier -OS ios -UserName suzuki -RegistrationEmail suzuki@example.com | Out-Null }
    }

    It 'a piped batch: one warning naming the count and the first five; each device''s own words under -Verbose' {
        $run = Invoke-Captured { Get-BmgDevice handed-* | Set-BmgDevice -UserName yamada }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings | ForEach-Object { "$_" }) | Should -Be @("7 devices go to another user, but their check-in codes go to " +
            "addresses not the new users' ('handed-01', 'handed-02', 'handed-03', 'handed-04', 'handed-05' and 2 more); give each its new " +
            "user's address as RegistrationEmail. -Verbose writes each device's warning.")
        @(Get-BmgDevice handed-* | Where-Object UserName -EQ yamada) | Should -HaveCount 7

        $verbose = @(Get-BmgDevice handed-* | Set-BmgDevice -UserName suzuki -RegistrationEmail suzuki@example.com -WarningAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($verbose -like '*goes to user*') | Should -BeNullOrEmpty -Because 'giving the address warns nothing'
        Get-BmgDevice handed-* | Set-BmgDevice -UserName sato -RegistrationEmail $null -WarningAction SilentlyContinue | Out-Null
        Get-BmgDevice handed-* | Set-BmgDevice -RegistrationEmail kitting@example.com -WarningAction SilentlyContinue | Out-Null
        $verbose = @(Get-BmgDevice handed-* | Set-BmgDevice -UserName yamada -WarningAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        foreach ($identifier in $Handed) {
            @($verbose -like "Device '$identifier' goes to user 'yamada', but its check-in code goes to 'kitting@example.com'*") | Should -HaveCount 1 -Because ($verbose -join "`n")
        }
    }

    It 'one device of the batch: its own warning, whole, at the end; -Verbose does not repeat it' {
        # kiosk-1, which nobody holds, is given yamada's own address first: linked to yamada, it says nothing.
        Set-BmgDevice kiosk-1 -RegistrationEmail yamada@example.com | Out-Null
        $run = Invoke-Captured { Get-BmgDevice handed-01, kiosk-1 | Set-BmgDevice -UserName yamada -Verbose 4>$null }
        @($run.Warnings | ForEach-Object { "$_" }) | Should -HaveCount 1
        "$($run.Warnings[0])" | Should -BeLike "Device 'handed-01' goes to user 'yamada', but its check-in code goes to 'suzuki@example.com'*"
        $verbose = @(Set-BmgDevice handed-02 -UserName yamada -WarningAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($verbose -like '*goes to user*') | Should -BeNullOrEmpty
    }

    It '-WhatIf previews the real run: one warning, nothing changed' {
        $run = Invoke-Captured { Get-BmgDevice handed-* | Set-BmgDevice -UserName yamada -WhatIf }
        @($run.Warnings) | Should -HaveCount 1
        "$($run.Warnings[0])" | Should -BeLike '7 devices go to another user*'
        @(Get-BmgDevice handed-* | Where-Object UserName -EQ suzuki) | Should -HaveCount 7
    }

    It '-WarningAction Stop stops at the first device''s warning, before it is changed' {
        $run = Invoke-Captured { Get-BmgDevice handed-* | Set-BmgDevice -UserName yamada -WarningAction Stop }
        $run.Terminating | Should -Not -BeNullOrEmpty
        "$($run.Terminating)" | Should -BeLike "*Device 'handed-01' goes to user 'yamada'*"
        @(Get-BmgDevice handed-* | Where-Object UserName -EQ suzuki) | Should -HaveCount 7
    }

    It 'an error that stops the run (-ErrorAction Stop) comes after the warning of the devices changed before it' {
        $run = Invoke-Captured { 'handed-01', 'handed-02', 'no-such-device', 'handed-03' | Set-BmgDevice -UserName yamada -ErrorAction Stop }
        Get-ErrorId $run.Terminating | Should -Be 'DeviceNotFound'
        @($run.Warnings | ForEach-Object { "$_" }) | Should -HaveCount 1
        "$($run.Warnings[0])" | Should -BeLike "2 devices go to another user*('handed-01', 'handed-02')*"
        (Get-BmgDevice handed-03).UserName | Should -Be 'suzuki'
    }
}
