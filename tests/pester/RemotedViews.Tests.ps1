# The module's views show every time of an object that came back from Start-Job / Receive-Job (or Invoke-Command, which
# serializes alike: one level deep) and from Import-Clixml (two levels), not only of a live one (walkthrough 28, finding 7).
# Such an object's DateTimeOffset properties are text ("12/05/2026 11:05:04 +00:00") or a Deserialized.System.DateTimeOffset,
# and the views called the value's ToString(format, culture): every time column was blank. Every view's time now goes
# through one helper (src/BizMobileGo.PowerShell/ViewTime.cs). Real pwsh, the built module, a real store, a real job (a
# child pwsh) and PowerShell's own serializer; each object's times are compared with the live object's, as its view shows them.

BeforeDiscovery {
    # Each kind of object that has a time, read by the same command here and in the job, and the times its views show:
    # a table's to the minute, a list's with the seconds and the offset.
    $Samples = @(
        @{ Type = 'Device'; Read = 'Get-BmgDevice phone1'; Table = @(); List = 'CreatedAt', 'SavedAt', 'CheckedInAt' }
        @{ Type = 'Device'; Read = 'Get-BmgDevice spare1'; Table = @(); List = 'WithdrawnAt' }
        @{ Type = 'Device'; Read = 'Get-BmgDevice lock01'; Table = @(); List = 'CheckInLockedUntil' }
        @{ Type = 'DeviceDepLink'; Read = 'Get-BmgDeviceDepLink phone1'; Table = @(); List = 'CheckedInAt' }
        @{ Type = 'DeviceDepLink'; Read = 'Get-BmgDeviceDepLink kiosk1 -WarningAction SilentlyContinue'; Table = @(); List = 'DepReleasedAt' }
        @{ Type = 'DepDevice'; Read = 'Get-BmgDepDevice BBBCCCDDDAAA'; Table = @(); List = 'ProfileAssignTime', 'ProfilePushTime', 'DeviceAssignedDate', 'ImportedAt' }
        @{ Type = 'CheckInEmail'; Read = 'Get-BmgCheckInEmail phone1'; Table = 'SentAt'; List = 'QueuedAt', 'SentAt' }
        @{ Type = 'ImportHistoryEntry'; Read = 'Get-BmgImportHistory | Select-Object -First 1'; Table = 'StartedAt'; List = 'StartedAt', 'EndedAt' }
        @{ Type = 'DeviceHistoryEntry'; Read = 'Get-BmgDeviceHistory phone1 | Select-Object -First 1'; Table = 'At'; List = 'At' }
        @{ Type = 'UserHistoryEntry'; Read = 'Get-BmgUserHistory yamada | Select-Object -First 1'; Table = 'At'; List = 'At' }
    )
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/../servers/SmtpTestServer.ps1

    # The text a view shows for a time: what the view's format makes of the live value.
    function Get-Shown($Time, [string] $Format) { $Time.ToString($Format, [cultureinfo]::InvariantCulture) }
    $script:TableFormat = 'yyyy-MM-dd HH:mm'
    $script:ListFormat = 'yyyy-MM-dd HH:mm:ss zzz'

    # Asserts that the object's table shows each of $Table's times and its list each of $List's, taken from $Live.
    function Assert-TimesShown($Object, $Live, [string[]] $Table = @(), [string[]] $List = @()) {
        $tableText = $Object | Format-Table | Out-String -Width 250
        foreach ($property in $Table) {
            $Live.$property | Should -Not -BeNullOrEmpty -Because "the sample must have a $property to show"
            $tableText | Should -Match ([regex]::Escape((Get-Shown $Live.$property $TableFormat))) -Because "the table shows $property"
        }
        $listText = $Object | Format-List | Out-String -Width 250
        foreach ($property in $List) {
            $Live.$property | Should -Not -BeNullOrEmpty -Because "the sample must have a $property to show"
            $listText | Should -Match "(?m)^$property\s*: $([regex]::Escape((Get-Shown $Live.$property $ListFormat)))\s*$" -Because "the list shows $property"
        }
    }

    # PowerShell's own serializer, as remoting (depth 1) and Export-/Import-Clixml (depth 2) use it.
    function ConvertTo-Deserialized($Object, [int] $Depth) {
        [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($Object, $Depth))
    }
}

Describe 'Times in the views of deserialized objects' -ForEach @(@{ Samples = $Samples }) {
    BeforeAll {
        $examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
        $script:Database = New-TestStore
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'UserName,Identifier,OS,Serial,DEPMethod,RegistrationEmail,Code'
            'yamada,phone1,ios,AAABBBCCCDDD,Serial,yamada@example.com,'
            ',kiosk1,ios,CCCDDDAAABBB,Serial,,'
            ',spare1,ios,,,,'
            ',lock01,ios,,,,Right1234'
        )
        Import-BmgDepDevice (Join-Path $examples 'dep-profile-*.json'), (Join-Path $examples 'dep-fetch-devices.json') | Out-Null
        Import-BmgDeviceCsv $seed | Out-Null
        # phone1's check-in email, sent (before its check-in, which would supersede it unsent): a SentAt beside its QueuedAt.
        $smtp = Start-SmtpTestServer
        try {
            Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port $smtp.Port -From 'mdm@example.com' -CheckInUrl 'https://mdm.example.com/checkin' | Out-Null
        } finally {
            Stop-SmtpTestServer $smtp
        }

        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
        # Apple releases kiosk1's serial: its DEP link gets a DepReleasedAt.
        Import-BmgDepDevice (Join-Path $examples 'dep-sync-devices.json') -WarningAction SilentlyContinue | Out-Null
        Unregister-BmgDevice spare1 -Confirm:$false | Out-Null
        # Five refused codes lock lock01's check-in: a CheckInLockedUntil.
        foreach ($i in 1..5) { $null = Invoke-Captured { Register-BmgDeviceCheckIn -Identifier lock01 -Code "Wrong$i" } }
        $reads = @($Samples | ForEach-Object { $_.Read })

        # Clear-BmgHistory's entry (a ChangeEntry) and the clear as Test-BmgHistory lists it (a HistoryClear), of a store of
        # their own: the job makes the clear, and this session reads the clear's time back.
        $script:ClearStore = Join-Path $TestDrive "clear-$([guid]::NewGuid().ToString('N')).db"
        New-BmgDevice -Database $ClearStore -Identifier 'clear-sample' -OS ios | Out-Null
        Start-Sleep -Milliseconds 1100   # the clear's -Before lies after the entry it removes

        $job = Start-Job -ScriptBlock {
            param($Module, $Database, $ClearStore, $Reads)
            $ErrorActionPreference = 'Stop'
            Import-Module $Module
            $PSDefaultParameterValues['*-Bmg*:Database'] = $Database
            foreach ($read in $Reads) { & ([scriptblock]::Create($read)) }
            Clear-BmgHistory -Database $ClearStore -Before (Get-Date) -PassThru -Confirm:$false
            (Test-BmgHistory -Database $ClearStore).Clears | Select-Object -First 1
        } -ArgumentList $env:BMG_TEST_MODULE, $Database, $ClearStore, $reads
        $script:FromJob = @($job | Wait-Job | Receive-Job)
        Remove-Job $job -Force
        $script:Clear = (Test-BmgHistory -Database $ClearStore).Clears[0]
    }

    Context 'from Start-Job / Receive-Job' {
        It 'the job wrote every sample, as deserialized objects whose times are text' {
            $FromJob | Should -HaveCount ($Samples.Count + 2)
            for ($i = 0; $i -lt $Samples.Count; $i++) {
                $FromJob[$i].PSObject.TypeNames[0] | Should -BeLike "Deserialized.BizMobileGo.Core.*.$($Samples[$i].Type)"
                # What made the columns blank: the time is a string here, not a DateTimeOffset.
                $FromJob[$i].(@($Samples[$i].List)[0]) | Should -BeOfType [string] -Because "$($Samples[$i].Read) wrote its $(@($Samples[$i].List)[0])"
            }
        }

        It '<Read>: its <Type> view shows the times as the live object''s does' -ForEach @(
            for ($i = 0; $i -lt $Samples.Count; $i++) { $Samples[$i] + @{ Index = $i } }
        ) {
            $live = & ([scriptblock]::Create($Read))
            Assert-TimesShown $FromJob[$Index] $live -Table $Table -List $List
        }

        It 'Clear-BmgHistory''s entry (ChangeEntry) shows its At in its table and list' {
            $entry = $FromJob[$Samples.Count]
            $entry.PSObject.TypeNames[0] | Should -Be 'Deserialized.BizMobileGo.Core.History.ChangeEntry'
            $entry.At | Should -BeOfType [string]
            Assert-TimesShown $entry $Clear -Table 'At' -List 'At'
        }

        It 'a clear as Test-BmgHistory lists it (HistoryClear) shows its At and Before' {
            $cleared = $FromJob[$Samples.Count + 1]
            $cleared.PSObject.TypeNames[0] | Should -Be 'Deserialized.BizMobileGo.Core.History.HistoryClear'
            Assert-TimesShown $cleared $Clear -Table 'At', 'Before'
        }
    }

    Context 'written and read back by PowerShell''s serializer' {
        It '<Read>, at depth <Depth>: its <Type> view shows the times as the live object''s does' -ForEach @(
            foreach ($depth in 1, 2) { foreach ($sample in $Samples) { $sample + @{ Depth = $depth } } }
        ) {
            $live = & ([scriptblock]::Create($Read))
            $copy = ConvertTo-Deserialized $live $Depth
            $copy.PSObject.TypeNames[0] | Should -BeLike "Deserialized.BizMobileGo.Core.*.$Type"
            $copy.(@($List)[0]) | Should -Not -BeNullOrEmpty
            $copy.(@($List)[0]) | Should -Not -BeOfType [DateTimeOffset]
            Assert-TimesShown $copy $live -Table $Table -List $List
        }

        It 'a clear (HistoryClear), at depth <_>, shows its At and Before' -ForEach 1, 2 {
            Assert-TimesShown (ConvertTo-Deserialized $Clear $_) $Clear -Table 'At', 'Before'
        }

        It 'the live objects'' views are as before: the same text, from the DateTimeOffset itself' {
            $live = Get-BmgDeviceHistory phone1 | Select-Object -First 1
            $live.At | Should -BeOfType [DateTimeOffset]
            Assert-TimesShown $live $live -Table 'At' -List 'At'
        }
    }
}

# Round 29: a DateTime in a deserialized object's time (PowerShell's serializer keeps one as it is; or a property set by
# hand) was shown through a DateTimeOffset made of it, which throws for DateTime.MinValue east of UTC and DateTime.MaxValue
# west of it (the UTC instant falls outside the calendar): the view showed a blank. It shows the clock and its offset now.
# Only away from UTC, so in a child pwsh of each zone.
Describe 'A deserialized object''s time at the calendar''s ends' {
    It 'in <Zone>, its <Property> of DateTime.<Value> is shown in its list and table, not left blank' -ForEach @(
        @{ Zone = 'Asia/Tokyo'; Value = 'MinValue'; Property = 'CreatedAt'; Clock = '0001-01-01 00:00:00'; Minute = '0001-01-01 00:00' }
        @{ Zone = 'America/New_York'; Value = 'MaxValue'; Property = 'SavedAt'; Clock = '9999-12-31 23:59:59'; Minute = '9999-12-31 23:59' }
    ) {
        $database = New-TestStore
        New-BmgDevice -Identifier 'ends1' -OS ios | Out-Null
        $run = Invoke-FreshPwsh -TimeZone $Zone -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($env:BMG_TEST_MODULE)'
`$device = Get-BmgDevice -Database '$database' ends1
`$copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize(`$device, 1))
`$copy.$Property = [datetime]::$Value
`$offset = [TimeZoneInfo]::Local.GetUtcOffset([datetime]::$Value)
'OFFSET ' + (`$(if (`$offset -lt [TimeSpan]::Zero) { '-' } else { '+' })) + `$offset.ToString('hh\:mm')
'EAST ' + ([TimeZoneInfo]::Local.BaseUtcOffset -gt [TimeSpan]::Zero)
`$copy | Format-List -DisplayError | Out-String -Width 250
'TABLE'
`$copy | Format-Table Identifier, @{ Label = '$Property'; Expression = { [BizMobileGo.PowerShell.ViewTime]::Text(`$_.$Property, 'yyyy-MM-dd HH:mm') } } -DisplayError | Out-String -Width 250
"@
        $run.ExitCode | Should -Be 0 -Because $run.Text
        # The zone is the one the case needs (.NET read TZ): east of UTC for MinValue, west for MaxValue.
        $run.Text | Should -Match "EAST $($Value -eq 'MinValue')"
        $offset = ($run.Output | Where-Object { $_ -like 'OFFSET *' }) -replace '^OFFSET '
        $run.Text | Should -Match "(?m)^$Property\s*: $([regex]::Escape("$Clock $offset"))\s*$"
        $run.Text | Should -Not -Match '#ERR'
        $run.Text | Should -Match "ends1\s+$([regex]::Escape($Minute))"
    }
}
