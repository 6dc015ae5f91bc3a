# Reading the change history back (walkthrough 12, findings 5 and 8): who cleared history, when and how many entries
# went, found later by Test-BmgHistory (a clear's own entry is no device's or user's, so Get-BmgDeviceHistory and
# Get-BmgUserHistory don't list it); and the history table at 80 columns keeps the "+N" of its Changes summary. Runs on
# both stores (StoreSuites.psd1): the clears are read through the store's chain.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A table's lines at 80 columns that are not blank: the header, its rule, then the rows newest first.
    function Get-TableLines([scriptblock] $Command) {
        @((& $Command | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
    }
    $script:Me = [Environment]::UserName
    $script:ThisHost = [Environment]::MachineName

    # Creates a device and returns its entry, a little after the one before, so that a clear can cut between two entries.
    function New-DatedDevice([string] $Identifier) {
        Start-Sleep -Milliseconds 20
        New-BmgDevice -Identifier $Identifier -OS ios | Out-Null
        return @(Get-BmgDeviceHistory $Identifier)[0]
    }
}

Describe 'a clear''s own record is read back by Test-BmgHistory' {
    BeforeEach {
        New-TestStore | Out-Null
        $script:Entries = @(foreach ($i in 1..4) { New-DatedDevice "dev-$i" })
    }

    It 'after two clears, both are listed, oldest first, with who, when, before what and how many' {
        $first = Clear-BmgHistory -Before $Entries[2].At -Confirm:$false -PassThru     # dev-1 and dev-2
        $second = Clear-BmgHistory -Before $Entries[3].At -Confirm:$false -PassThru    # dev-3; dev-4 (newer) stops the run

        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $check.Clears | Should -HaveCount 2
        $check.Clears.Sequence | Should -Be @($first.Sequence, $second.Sequence)
        $check.Clears.RemovedEntries | Should -Be @(2, 1)
        $check.Clears.Before | Should -Be @($Entries[2].At, $Entries[3].At)
        $check.Clears.At | Should -Be @($first.At, $second.At)
        $check.Clears.OsUser | Should -Be @($Me, $Me)
        $check.Clears.Host | Should -Be @($ThisHost, $ThisHost)

        # What a person sees: one line a clear in the default list, and every column of the clears' table, in 80 columns.
        $list = @(($check | Out-String -Width 80) -split '\r?\n')
        $list | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 -Because "'$_'" }
        $shown = "$($first.At.ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture)) $Me@$ThisHost removed 2 entries"
        @($list | Where-Object { $_ -match "^Clears\s+: $([regex]::Escape($shown))$" }) | Should -HaveCount 1
        $indent = ' ' * (@($list | Where-Object { $_ -match '^Clears' })[0].IndexOf(':') + 2)
        $list | Should -Contain "$indent$($second.At.ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture)) $Me@$ThisHost removed 1 entry"

        $table = @(($check.Clears | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $table[0] | Should -Match '^At\s+Removed\s+Before\s+User\s+ChangedBy\s+Host$'
        $table[2] | Should -Match "^$([regex]::Escape($first.At.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)))\s+2 $([regex]::Escape($Entries[2].At.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture))) $([regex]::Escape($Me))\s+$([regex]::Escape($ThisHost))"
        $table | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
    }

    It 'a clear that removes an older clear''s entry leaves its own readable, counting that entry, and carries the older one forward' {
        $first = Clear-BmgHistory -Before $Entries[2].At -Confirm:$false -PassThru    # dev-1, dev-2
        $later = New-DatedDevice 'dev-5'
        $last = Clear-BmgHistory -Before $later.At -Confirm:$false -PassThru          # dev-3, dev-4 and the first clear

        $check = Test-BmgHistory
        $check.Valid | Should -BeTrue
        $check.Clears | Should -HaveCount 2
        $check.Clears[1].Sequence | Should -Be $last.Sequence
        $check.Clears[1].RemovedEntries | Should -Be 3
        $check.Clears[1].Before | Should -Be $later.At
        # Walkthrough 32, 8: the first clear's record outlives its entry, in the second's.
        $check.Clears[0].Sequence | Should -Be $first.Sequence
        $check.Clears[0].RemovedEntries | Should -Be 2
        $check.Clears[0].CarriedBy | Should -Be $last.Sequence
        # The line with its time's offset (tamper36) is longer than the list view's 80 columns here; the view wraps it.
        "$($check.Clears[1])" | Should -Match 'removed 3 entries \(carries 1 clear\)$'
        (($check | Out-String -Width 80) -replace '\s+', ' ') | Should -Match 'removed 3 entries \(carries 1 clea ?r\)'
    }

    It 'a history never cleared lists no clears, and its list shows no Clears line' {
        (Test-BmgHistory).Clears | Should -HaveCount 0
        (Test-BmgHistory | Out-String -Width 80) | Should -Not -Match '(?m)^Clears'
    }
}

Describe 'the history table at 80 columns keeps the count of changed fields' {
    BeforeAll {
        New-TestStore | Out-Null
        # 20 characters: the longest Identifier the field rules allow.
        $script:Long = 'iphone-tokyo-0000001'
        New-BmgDevice -Identifier $Long -OS ios -Code abcd1234 | Out-Null
        Set-BmgDevice $Long -DisplayName 'Front desk' -Description 'Reception' -ExpirationDays 20 -WifiMac aabbccddeeff | Out-Null
        Register-BmgDeviceCheckIn -Identifier $Long -Code abcd1234 -WifiMac aa:bb:cc:dd:ee:ff | Out-Null
        Unregister-BmgDevice $Long -Confirm:$false
        $script:Shown = @(Get-BmgDeviceHistory $Long)
        $script:Rows = @(($Shown | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() } | Select-Object -Skip 2)
    }

    It 'every row fits, names its identifier whole, and each changed entry ends with its "and N more"' {
        $Rows | Should -HaveCount $Shown.Count
        $Shown.Command | Should -Contain 'Register-BmgDeviceCheckIn'
        for ($i = 0; $i -lt $Shown.Count; $i++) {
            $entry = $Shown[$i]
            $Rows[$i].Length | Should -BeLessOrEqual 80 -Because "'$($Rows[$i])'"
            $Rows[$i] | Should -Match "^\S+ \S+ $Long "
            if ($entry.Changes.Count -gt 1 -and $entry.Action -eq 'Changed') {
                $Rows[$i] | Should -Match " and $($entry.Changes.Count - 1) more$" -Because "$($entry.Command) changed $($entry.Changes.Count) fields: '$($Rows[$i])'"
            }
        }
        # The count in words, whole at 80 columns beside a 20-character Identifier (walkthrough 43, 9: ", +3" was terse).
        $Rows[[array]::IndexOf($Shown.Command, 'Set-BmgDevice')] | Should -Match '\S+ and 3 more$' -Because 'Set-BmgDevice changed four fields'
    }

    It 'the summary names the first changed field and how many more; Format-List still shows every one' {
        $set = $Shown | Where-Object Command -EQ 'Set-BmgDevice'
        $set.Summary | Should -Be "$($set.Changes[0].Field) and 3 more"
        $list = $set | Format-List | Out-String -Width 120
        foreach ($field in 'DisplayName', 'Description', 'ExpirationDays', 'WifiMac') { $list | Should -Match "$field\: " }
    }
}

# Leftovers 23 (walkthrough 22): -User that no entry's OS user matches printed nothing, as a filter that matches nothing does;
# but a name the history has never seen may be a typo. Then, and only then, a warning names the OS users the history knows.
Describe '-User that names no OS user of the history' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgUser -UserName sato | Out-Null
        New-BmgDevice -Identifier ipad-1 -OS ios -UserName sato | Out-Null
    }

    It 'warns, naming the OS users who made the entries, on both history cmdlets, typed or piped' {
        $found = @(Get-BmgDeviceHistory -User nobody -WarningVariable warned -WarningAction SilentlyContinue)
        $found | Should -HaveCount 0
        $warned | Should -HaveCount 1
        "$warned" | Should -BeExactly "-User 'nobody' matches no OS user who made an entry of a device; the history's entries of a device were made by: $Me."

        $found = @(Get-BmgUserHistory sato -User 'nob*', 'x?' -WarningVariable warned -WarningAction SilentlyContinue)
        $found | Should -HaveCount 0
        "$warned" | Should -BeExactly "-User 'nob*', 'x?' matches no OS user who made an entry of a user; the history's entries of a user were made by: $Me."

        $found = @(Get-BmgDevice ipad-1 | Get-BmgDeviceHistory -User nobody -WarningVariable warned -WarningAction SilentlyContinue)
        $found | Should -HaveCount 0
        $warned | Should -HaveCount 1
    }

    It 'stays silent when -User names an OS user of the history whose entries the other filters leave out, or finds entries' {
        @(Get-BmgDeviceHistory -User $Me.ToUpperInvariant() -WarningVariable warned) | Should -HaveCount 1
        $warned | Should -HaveCount 0
        @(Get-BmgDeviceHistory -User $Me -Since (Get-Date).AddDays(1) -WarningVariable warned) | Should -HaveCount 0
        $warned | Should -HaveCount 0
        @(Get-BmgDeviceHistory -User nobody, "$($Me.Substring(0, 1))*" -Field WithdrawnAt -WarningVariable warned) | Should -HaveCount 0
        $warned | Should -HaveCount 0
    }
}

# Walkthrough 31, 5: after a retention clear, a device or user the store holds, whose entries all went, was "No device has
# or had the Identifier" (a piped device too), which was false and pointed at Test-BmgHistory as if the index were damaged.
# Now such a look-up writes nothing but a -Verbose line naming the clear; a name the store never had is still not found.
Describe 'looking up a device or user of the store whose entries a clear removed' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgUser -UserName 'kept.user' -Name 'Kept User' | Out-Null
        New-BmgDevice -Identifier 'kept-1' -OS ios -UserName 'kept.user' | Out-Null
        Start-Sleep -Milliseconds 20
        $script:Cleared = Clear-BmgHistory -Before (Get-Date) -Confirm:$false -PassThru
        $script:ClearText = "the Clear-BmgHistory of $($Cleared.At.ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture)) by $Me@$ThisHost removed the entries recorded before " +
            "$((Test-BmgHistory).Clears[-1].Before.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)) (Test-BmgHistory lists the clears)."
    }

    It '<Case>: no entry and no error; -Verbose says it is in the store and names the clear' -ForEach @(
        @{ Case = 'a device by name'; Run = { Get-BmgDeviceHistory kept-1 -Verbose 4>&1 }; Said = "The device 'kept-1' is in the store" }
        @{ Case = 'a device by name in another case'; Run = { Get-BmgDeviceHistory KEPT-1 -Verbose 4>&1 }; Said = "The device 'KEPT-1' is in the store" }
        @{ Case = 'a piped device'; Run = { Get-BmgDevice kept-1 | Get-BmgDeviceHistory -Verbose 4>&1 }; Said = "The device 'kept-1' is in the store" }
        @{ Case = 'a user by name'; Run = { Get-BmgUserHistory kept.user -Verbose 4>&1 }; Said = "The user 'kept.user' is in the store" }
        @{ Case = 'a piped user'; Run = { Get-BmgUser kept.user | Get-BmgUserHistory -Verbose 4>&1 }; Said = "The user 'kept.user' is in the store" }
    ) {
        $result = Invoke-Captured $Run

        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        $verbose = @($result.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "$Said, but the change history holds no entry of it now: $ClearText"
    }

    It 'a name the store never had is still DeviceNotFound / UserNotFound, and the message is true' {
        $device = Invoke-Captured { Get-BmgDeviceHistory never-here }
        Assert-ErrorId $device.Errors 'DeviceNotFound'
        # After a clear, which took the names of the entries it removed (walkthrough 32, 4), "has or had" can't be told apart
        # from "had, and the clear took it": the message says what is left and names the clear.
        $removed = $ClearText -replace ' \(Test-BmgHistory lists the clears\)\.$', ''
        "$($device.Errors[0])" | Should -BeExactly ("No device has the Identifier 'never-here' $(Get-InStore), and no entry left in the change history had it: " +
            "$removed, and the names those entries carried, so a device whose entries all went then is no longer found by its Identifier (Test-BmgHistory lists the clears).")
        $user = Invoke-Captured { Get-BmgUserHistory 'Kept.User' }
        Assert-ErrorId $user.Errors 'UserNotFound'    # user names match exactly
    }

    It 'a device created after the clear shows its entries as before' {
        New-BmgDevice -Identifier 'kept-2' -OS ios | Out-Null
        @(Get-BmgDeviceHistory kept-2).Action | Should -Be @('Created')
    }
}

# Walkthrough 44, 2: the tables have no fixed widths, so one long User ('CONTOSO\kitting.admin.with.long.name', 36 characters)
# took its whole width and left Changes 5 columns at 80, its header broken over two lines ("Chang" / "es"). User now shows
# at most 16 characters (ViewUser): a long name loses its domain, then its middle; Format-List and -User keep the whole name.
Describe 'the history tables at 80 columns beside a long User' {
    BeforeAll {
        New-TestStore | Out-Null
        $script:Long = 'iphone-tokyo-0000001'
        $script:Admin1 = 'CONTOSO\kitting.station.admin1'
        $script:Admin2 = 'CONTOSO\kitting.station.admin2'
        New-BmgUser -UserName 'sato@contoso.co.jp' | Out-Null
        New-BmgDevice -Identifier $Long -OS ios | Out-Null
        Set-BmgDevice $Long -DisplayName 'Front desk' -Description 'Reception' -ChangedBy 'CONTOSO\kitting.admin.with.long.name' | Out-Null
        Set-BmgDevice $Long -DisplayName 'Back office' -ChangedBy $Admin1 | Out-Null
        Set-BmgDevice $Long -Description 'Storage' -ChangedBy $Admin2 | Out-Null
        Set-BmgUser 'sato@contoso.co.jp' -Name 'Sato Ichiro' -ChangedBy 'alice.tanaka@contoso.co.jp' | Out-Null
        New-BmgDevice -Identifier 'ipad-helpdesk' -OS ios | Out-Null
        Set-BmgDevice 'ipad-helpdesk' -DisplayName 'Helpdesk' -ChangedBy 'CONTOSO\helpdesk.operator' | Out-Null
    }

    It '<Case>: the header is whole on one line, every row fits, and Changes is readable' -ForEach @(
        @{ Case = 'Get-BmgDeviceHistory'; Run = { Get-BmgDeviceHistory $Long } }
        @{ Case = 'Get-BmgDeviceHistory -Field'; Run = { Get-BmgDeviceHistory $Long -Field Description, DisplayName } }
        @{ Case = 'Get-BmgUserHistory'; Run = { Get-BmgUserHistory 'sato@contoso.co.jp' } }
    ) {
        $lines = Get-TableLines $Run
        $lines[0] | Should -Match '^At\s+(Identifier|UserName)\s+User\s+Changes$'
        $lines[1] | Should -Match '^-+ +-+ +-+ +-+$'
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line'" }
        # Changes keeps 25 columns beside a 20-character subject and the longest User: "ExpirationDays and 1 more" is whole.
        80 - $lines[0].IndexOf('Changes') | Should -BeGreaterOrEqual 25 -Because "'$($lines[0])'"
    }

    # desk46: an account still too long without its domain kept no mark of it ('helpdesk' + '…' + 'perator' for
    # 'CONTOSO\helpdesk.operator'); now the domain's '…\' stays and the account's middle goes, in the same 16 columns.
    It 'a long name loses its domain, marked, then its middle, and two names that differ at their end stay two' {
        $e = [char]0x2026
        $rows = @(Get-TableLines { Get-BmgDeviceHistory $Long } | Select-Object -Skip 2)
        $rows[0] | Should -Match ([regex]::Escape("$e\kitting${e}admin2") + ' +Description$')
        $rows[1] | Should -Match ([regex]::Escape("$e\kitting${e}admin1") + ' +DisplayName$')
        $rows[2] | Should -Match ([regex]::Escape("$e\kitting${e}g.name") + ' +\S+ and 1 more$')
        $lines = Get-TableLines { Get-BmgDeviceHistory 'ipad-helpdesk' }
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line'" }
        $lines[2] | Should -Match ([regex]::Escape(" $e\helpdes${e}erator ") + ' *DisplayName$')
        $lines[0].IndexOf('Changes') - $lines[0].IndexOf(' User ') - 1 | Should -BeLessOrEqual 17 -Because "'$($lines[0])'"
        $user = @(Get-TableLines { Get-BmgUserHistory 'sato@contoso.co.jp' } | Select-Object -Skip 2)
        $user[0] | Should -Match ([regex]::Escape('alice.tanaka@' + [char]0x2026) + ' +Name$')
    }

    It 'Format-List shows the whole name, and -User matches the whole name' {
        (Get-BmgDeviceHistory $Long -Last 1 | Format-List | Out-String -Width 120) | Should -Match ([regex]::Escape("ChangedBy") + '\s+: ' + [regex]::Escape($Admin2))
        @(Get-BmgDeviceHistory $Long -User $Admin1).ChangedBy | Should -Be @($Admin1)
        (Get-BmgDeviceHistory $Long -User $Admin1 | Out-String -Width 80) | Should -Match ([regex]::Escape([char]0x2026 + '\kitting' + [char]0x2026 + 'admin1'))
    }
}

# desk45, 1: User was capped at 16 characters, not 16 columns. A Japanese ChangedBy (two columns a character) of 16 characters
# took 30 columns: every row's -Field old → new was cut at 20 columns ("DisplayName: Lobby →…"), and Get-BmgUserHistory beside
# a 35-character UserName showed no Changes column at all. The header is ASCII, so its positions are columns.
Describe 'the history tables at 80 columns beside a Japanese User' {
    BeforeAll {
        New-TestStore | Out-Null
        $script:Device = 'iphone-0030'
        $script:LongUser = 'maximilian-alexander-longname-00017'
        $script:Japanese = '山田 太郎（情報システム部ヘルプデスク）'
        New-BmgUser -UserName $LongUser | Out-Null
        New-BmgDevice -Identifier $Device -OS ios -DisplayName 'Lobby' | Out-Null
        Set-BmgDevice $Device -DisplayName 'Desk' -ChangedBy $Japanese | Out-Null
        Set-BmgUser $LongUser -Name 'Max' -ChangedBy $Japanese | Out-Null
    }

    It '<Case>: User takes at most 16 columns and Changes is there' -ForEach @(
        @{ Case = 'Get-BmgDeviceHistory -Field'; Run = { Get-BmgDeviceHistory $Device -Field DisplayName } }
        @{ Case = 'Get-BmgUserHistory'; Run = { Get-BmgUserHistory $LongUser } }
        @{ Case = 'Get-BmgUserHistory -Field'; Run = { Get-BmgUserHistory $LongUser -Field Name } }
    ) {
        $lines = Get-TableLines $Run
        $lines[0] | Should -Match '^At\s+(Identifier|UserName)\s+User\s+Changes$'
        $lines[0].IndexOf('Changes') - $lines[0].IndexOf(' User ') - 1 | Should -BeLessOrEqual 17 -Because "'$($lines[0])'"
        $lines[2] | Should -Match ([regex]::Escape('山田 太' + [char]0x2026))
    }

    It 'the Japanese user''s change says what it was and what it became' {
        $rows = @(Get-TableLines { Get-BmgDeviceHistory $Device -Field DisplayName } | Select-Object -Skip 2)
        $rows[0] | Should -Match ([regex]::Escape('DisplayName: Lobby → Desk') + '$')
        $user = @(Get-TableLines { Get-BmgUserHistory $LongUser } | Select-Object -Skip 2)
        $user[0] | Should -Match ' Name$'
    }

    It 'Format-List and -User keep the whole name' {
        (Get-BmgDeviceHistory $Device -Last 1 | Format-List | Out-String -Width 120) | Should -Match ('ChangedBy\s+: ' + [regex]::Escape($Japanese))
        @(Get-BmgDeviceHistory $Device -User $Japanese).Count | Should -Be 1
    }
}
