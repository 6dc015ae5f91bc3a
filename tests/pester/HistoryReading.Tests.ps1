# Reading the change history back (walkthrough 12, findings 5 and 8): who cleared history, when and how many entries
# went, found later by Test-BmgHistory (a clear's own entry is no device's or user's, so Get-BmgDeviceHistory and
# Get-BmgUserHistory don't list it); and the history table at 80 columns keeps the "+N" of its Changes summary. Runs on
# both stores (StoreSuites.psd1): the clears are read through the store's chain.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Me = [Environment]::UserName
    $script:ThisHost = [Environment]::MachineName

    # Creates a device and returns its entry, a little after the one before, so that a clear can cut between two entries.
    function New-DatedDevice([string] $Identifier) {
        Start-Sleep -Milliseconds 20
        New-BmgDevice -Identifier $Identifier -OS ios | Out-Null
        return @(Get-BmgDeviceHistory $Identifier)[0]
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

    It 'every row fits, names its command and identifier whole, and each changed entry ends with its "+N"' {
        $Rows | Should -HaveCount $Shown.Count
        $Shown.Command | Should -Contain 'Register-BmgDeviceCheckIn'
        for ($i = 0; $i -lt $Shown.Count; $i++) {
            $entry = $Shown[$i]
            $Rows[$i].Length | Should -BeLessOrEqual 80 -Because "'$($Rows[$i])'"
            $Rows[$i] | Should -Match "^\S+ \S+ $([regex]::Escape($entry.Command))\s+$Long "
            if ($entry.Changes.Count -gt 1 -and $entry.Action -eq 'Changed') {
                $Rows[$i] | Should -Match ", \+$($entry.Changes.Count - 1)$" -Because "$($entry.Command) changed $($entry.Changes.Count) fields: '$($Rows[$i])'"
            }
        }
        ($Rows | Where-Object { $_ -match 'Set-BmgDevice' }) | Should -Match ', \+3$' -Because 'Set-BmgDevice changed four fields'
    }

    It 'the summary names the first changed field and how many more; Format-List still shows every one' {
        $set = $Shown | Where-Object Command -EQ 'Set-BmgDevice'
        $set.Summary | Should -Be "$($set.Changes[0].Field), +3"
        $list = $set | Format-List | Out-String -Width 120
        foreach ($field in 'DisplayName', 'Description', 'ExpirationDays', 'WifiMac') { $list | Should -Match "$field\: " }
    }
}
