# Every time the module shows is local time with its offset (src/BizMobileGo.Core/Times/ShownTime.cs): device,
# DEP, check-in email, import and history times alike, in objects, views and messages; and a time given without an
# offset (-Since, -Until, Clear-BmgHistory -Before) is local time. On a UTC machine local and UTC look alike, so the
# module runs in a child pwsh whose time zone is Asia/Tokyo (UTC+09:00, no daylight saving) and reports what it saw.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
    $database = New-TestStore
    $seed = Write-TestCsv (New-CsvName 'seed') @(
        'UserName,Identifier,OS,Serial,DEPMethod,RegistrationEmail'
        'yamada,phone1,ios,AAABBBCCCDDD,Serial,yamada@example.com'
        ',kiosk1,ios,CCCDDDAAABBB,Serial,'
        ',spare1,ios,,,'
    )

    # One child does everything a user would and prints what it saw as JSON on a line of its own.
    $script:Run = Invoke-FreshPwsh -TimeZone 'Asia/Tokyo' -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($env:BMG_TEST_MODULE)'
`$PSDefaultParameterValues['*-Bmg*:Database'] = '$database'
`$examples = '$($script:Examples)'
`$facts = [ordered]@{ Zone = [TimeZoneInfo]::Local.BaseUtcOffset.ToString() }
# A fact that can't be had (a parameter that refuses a value) is recorded as its error, so each test says what failed.
function Set-Fact([string] `$Name, [scriptblock] `$Script) { try { `$facts[`$Name] = & `$Script } catch { `$facts[`$Name] = "ERROR: `$_" } }

Import-BmgDepDevice (Join-Path `$examples 'dep-profile-*.json'), (Join-Path `$examples 'dep-fetch-devices.json') | Out-Null
Import-BmgDeviceCsv '$seed' | Out-Null
Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
Import-BmgDepDevice (Join-Path `$examples 'dep-sync-devices.json') | Out-Null
Unregister-BmgDevice spare1 -Confirm:`$false | Out-Null

# The offset of every time property of every kind of object the module writes.
`$objects = @(Get-BmgDevice) + @(Get-BmgDepDevice) + @(Get-BmgCheckInEmail) + @(Get-BmgImportHistory) +
    @(Get-BmgDeviceDepLink -WarningAction SilentlyContinue) + @(Get-BmgDeviceHistory) + @(Get-BmgUserHistory)
`$facts.Offsets = @(foreach (`$o in `$objects) {
    foreach (`$p in `$o.PSObject.Properties) {
        if (`$p.Value -is [DateTimeOffset]) { '{0}.{1} {2}' -f `$o.GetType().Name, `$p.Name, `$p.Value.Offset }
    }
})

# The user's report: a device's time and the time of its history entry, side by side.
`$device = Get-BmgDevice phone1
`$created = Get-BmgDeviceHistory phone1 | Where-Object Action -eq 'Created'
`$facts.DeviceSavedAt = `$device.SavedAt.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
`$facts.HistoryAt = `$created.At.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
`$facts.SecondsApart = [math]::Abs((`$created.At - `$device.SavedAt).TotalSeconds)
`$facts.LocalNow = [DateTimeOffset]::Now.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
`$facts.DeviceList = `$device | Format-List | Out-String -Width 200
`$facts.HistoryTable = Get-BmgDeviceHistory phone1 | Format-Table | Out-String -Width 200
`$facts.DepAssigned = (Get-BmgDepDevice DDDAAABBBCCC).DeviceAssignedDate.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
`$facts.DepList = Get-BmgDepDevice DDDAAABBBCCC | Format-List | Out-String -Width 200

# Export-Csv and ConvertTo-Json write the offset; what they wrote reads back as the same instant.
`$facts.Csv = (`$device | Select-Object Identifier, SavedAt | ConvertTo-Csv) -join "``n"
`$facts.Json = `$device | Select-Object Identifier, SavedAt | ConvertTo-Json -Compress
`$wholeSecond = `$device.SavedAt.AddTicks(-(`$device.SavedAt.UtcTicks % [TimeSpan]::TicksPerSecond))
# Export-Csv writes a date as this culture does (de-DE, tr-TR: day first), and a [DateTimeOffset] cast reads the invariant
# culture (month first): 5 December read back as 12 May. Read back in the culture that wrote it (README, Times).
`$facts.CsvRoundTrip = [DateTimeOffset]::Parse((`$facts.Csv | ConvertFrom-Csv).SavedAt, [cultureinfo]::CurrentCulture) -eq `$wholeSecond
`$facts.JsonRoundTrip = ([DateTimeOffset](`$facts.Json | ConvertFrom-Json).SavedAt) -eq `$device.SavedAt

# Sorting and filtering as admins write them, against Get-Date.
`$facts.SortedBySavedAt = (@(Get-BmgDevice | Sort-Object SavedAt, Identifier | ForEach-Object Identifier) -join ',')
`$facts.SortedByInstant = (@(Get-BmgDevice | Sort-Object { `$_.SavedAt.UtcTicks }, Identifier | ForEach-Object Identifier) -join ',')
`$facts.SavedWithinAnHour = @(Get-BmgDevice | Where-Object SavedAt -ge (Get-Date).AddHours(-1)).Count
`$facts.SavedInTheFuture = @(Get-BmgDevice | Where-Object { `$_.SavedAt -gt (Get-Date).AddHours(1) }).Count

# Messages that print a time.
`$facts.LinkWarning = (Get-BmgDeviceDepLink kiosk1 -WarningAction SilentlyContinue).Warning
try { Register-BmgDeviceCheckIn -Serial CCCDDDAAABBB | Out-Null } catch { `$facts.ReleasedError = "`$_" }
try { Unregister-BmgDevice spare1 -Confirm:`$false | Out-Null } catch { `$facts.WithdrawnError = "`$_" }
`$facts.WithdrawnAt = (Get-BmgDevice spare1).WithdrawnAt.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)

# A time a history entry records as a field change reads as every other time (walkthrough 11.9), yet stays stored as UTC text.
`$withdrawal = @(Get-BmgDeviceHistory spare1 | Where-Object { `$_.Changes.Field -contains 'WithdrawnAt' })[0]
`$withdrawnChange = `$withdrawal.Changes | Where-Object Field -eq 'WithdrawnAt'
`$facts.WithdrawnChange = `$withdrawnChange.ToString()
`$facts.WithdrawnStored = 'stored ' + `$withdrawnChange.NewValue  # a text ConvertFrom-Json leaves a text
`$facts.WithdrawnEntryList = `$withdrawal | Format-List | Out-String -Width 200
`$checkIn = @(Get-BmgDeviceHistory phone1 | Where-Object { `$_.Changes.Field -contains 'CheckedInAt' })[0]
`$facts.CheckedInChange = (`$checkIn.Changes | Where-Object Field -eq 'CheckedInAt').ToString()
`$facts.CheckedInAt = (Get-BmgDevice phone1).CheckedInAt.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
`$facts.ChainValid = (Test-BmgHistory).Valid

# A time the module handed out binds to -Since, -Until and -Before as it is.
`$newest = Get-BmgDeviceHistory | Select-Object -First 1
Set-Fact SinceOwnTime { @(Get-BmgDeviceHistory -Since `$newest.At | Where-Object Sequence -eq `$newest.Sequence).Count }
Set-Fact UntilOwnTime { @(Get-BmgDeviceHistory -Until `$newest.At | Where-Object Sequence -eq `$newest.Sequence).Count }
Set-Fact SinceDeviceTime { @(Get-BmgDeviceHistory phone1 -Since `$device.SavedAt.AddMinutes(-5)).Count }

# A time given as text without an offset is local time: half an hour before the newest entry, in Tokyo's clock.
`$local = `$newest.At.ToLocalTime()
`$before = `$local.AddMinutes(-30).ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)
`$after = `$local.AddMinutes(30).ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)
Set-Fact SinceTextBefore { @(Get-BmgDeviceHistory -Since `$before | Where-Object Sequence -eq `$newest.Sequence).Count }
Set-Fact UntilTextBefore { @(Get-BmgDeviceHistory -Until `$before | Where-Object Sequence -eq `$newest.Sequence).Count }
Set-Fact SinceDateTimeAfter { @(Get-BmgDeviceHistory -Since ([datetime]`$after)).Count }
Set-Fact ClearBeforeOwnTime { @(Clear-BmgHistory -Before `$newest.At -WhatIf).Count }
`$entries = @(Get-BmgDeviceHistory).Count + @(Get-BmgUserHistory).Count
# The clear: a text time without an offset, Tokyo's, after every entry and not to come (a clear refuses a -Before later
# than now); read as UTC it would lie 9 hours ahead and be refused.
while ([DateTimeOffset]::Now -lt `$local.AddSeconds(1.1)) { Start-Sleep -Milliseconds 100 }
`$clearAt = [DateTimeOffset]::Now.ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)
`$cleared = Clear-BmgHistory -Before `$clearAt -Confirm:`$false -PassThru -Verbose 4>&1
`$facts.EntriesBeforeClear = `$entries
# The clear's own line (before it come the store's and ShouldProcess's, which names the count it asks about).
`$facts.ClearVerbose = "`$(@(`$cleared | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -like 'Removed * change history entries *' })[0])"
`$facts.ClearedRemoved = (@(`$cleared | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] })[0].Changes | Where-Object Field -eq 'RemovedEntries').NewValue
`$facts.ClearedAfter = `$clearAt
`$facts.ClearedBeforeChange = (@(`$cleared | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] })[0].Changes | Where-Object Field -eq 'Before').ToString()

[Console]::Out.WriteLine('FACTS ' + (`$facts | ConvertTo-Json -Depth 4 -Compress))
"@
    $line = $script:Run.Output | Where-Object { $_ -like 'FACTS *' } | Select-Object -First 1
    if (-not $line) { throw "The Tokyo child printed no facts (exit $($script:Run.ExitCode)): $($script:Run.Text)" }
    $script:Facts = $line.Substring(6) | ConvertFrom-Json
    $script:Tokyo = '\+09:00'
}

Describe 'Times in a non-UTC time zone (the child runs in Asia/Tokyo)' {
    It 'the child really runs at UTC+09:00' {
        $Facts.Zone | Should -Be '09:00:00'
    }

    It 'every time property of every object the module writes carries the local offset' {
        # Devices, DEP devices, check-in emails, imports, DEP links (CheckedInAt, DepReleasedAt) and history entries.
        $Facts.Offsets.Count | Should -BeGreaterThan 15
        $Facts.Offsets | Where-Object { $_ -notmatch ' 09:00:00$' } | Should -BeNullOrEmpty
        foreach ($property in 'Device.CreatedAt', 'Device.SavedAt', 'Device.CheckedInAt', 'Device.WithdrawnAt', 'DepDevice.ImportedAt',
            'DepDevice.DeviceAssignedDate', 'CheckInEmail.QueuedAt', 'ImportHistoryEntry.StartedAt', 'ImportHistoryEntry.EndedAt',
            'DeviceDepLink.CheckedInAt', 'DeviceDepLink.DepReleasedAt', 'DeviceHistoryEntry.At') {
            $Facts.Offsets | Where-Object { $_ -like "$property *" } | Should -Not -BeNullOrEmpty -Because "$property is one of the times shown"
        }
    }

    It 'a device''s SavedAt and its history entry''s At read alike, on the local clock' {
        $Facts.SecondsApart | Should -BeLessThan 60
        $Facts.DeviceSavedAt | Should -Match "$Tokyo$"
        $Facts.HistoryAt | Should -Match "$Tokyo$"
        # The two clocks shown agree (UTC beside Tokyo time would read 9 hours apart): their readings, offsets left out, are
        # as close as the instants. Comparing the texts up to the hour failed when the two seconds-apart times straddled one.
        $reading = { param($Shown) [datetime]::ParseExact($Shown.Substring(0, 19), 'yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture) }
        [math]::Abs(((& $reading $Facts.DeviceSavedAt) - (& $reading $Facts.HistoryAt)).TotalSeconds) | Should -BeLessThan 60
        # Both within the minute of the child's own local clock (the run takes seconds, not hours).
        ([DateTimeOffset]$Facts.LocalNow - [DateTimeOffset]$Facts.DeviceSavedAt).TotalMinutes | Should -BeLessThan 10
    }

    It 'the views show the same local times: Format-List of a device and a DEP device, the history table' {
        $Facts.DeviceList | Should -Match "SavedAt\s+: .*$Tokyo"
        $Facts.DepList | Should -Match "DeviceAssignedDate\s+: .*09:45:10 $Tokyo"
        $Facts.HistoryTable | Should -Match ([regex]::Escape($Facts.HistoryAt.Substring(0, 16)))
    }

    It 'a DEP time from Apple''s file (2026-11-21T00:45:10Z) shows as Tokyo''s 09:45:10' {
        $Facts.DepAssigned | Should -Be '2026-11-21 09:45:10 +09:00'
    }

    It 'Export-Csv and ConvertTo-Json write the local time with its offset, and read back as the same instant' {
        $Facts.Csv | Should -Match "$Tokyo"
        $Facts.Json | Should -Match "T\d\d:\d\d:\d\d(\.\d+)?$Tokyo"
        $Facts.CsvRoundTrip | Should -BeTrue
        $Facts.JsonRoundTrip | Should -BeTrue
    }

    It 'Sort-Object and Where-Object against Get-Date compare the instant' {
        $Facts.SortedBySavedAt | Should -Be $Facts.SortedByInstant
        $Facts.SavedWithinAnHour | Should -Be 3
        $Facts.SavedInTheFuture | Should -Be 0
    }

    It 'messages print times in local time with the offset: a released DEP device, a repeated withdrawal' {
        $Facts.LinkWarning | Should -Match '^On 2026-11-22 12:10:00 \+09:00, Apple released'
        $Facts.ReleasedError | Should -Match 'released by Apple on 2026-11-22 12:10:00 \+09:00'
        $Facts.WithdrawnError | Should -Match ([regex]::Escape("already withdrawn on $($Facts.WithdrawnAt)."))
        $Facts.WithdrawnAt | Should -Match "$Tokyo$"
    }

    It 'a time the module handed out (an entry''s At, a device''s SavedAt) binds to -Since, -Until and -Before' {
        $Facts.SinceOwnTime | Should -Be 1
        $Facts.UntilOwnTime | Should -Be 1
        $Facts.SinceDeviceTime | Should -BeGreaterThan 0
        $Facts.ClearBeforeOwnTime | Should -Be 0  # -WhatIf: bound, asked nothing, wrote nothing
    }

    It 'a time without an offset is local time: -Since and -Until as text, -Since as a DateTime' {
        # Read as UTC, "30 minutes before" in Tokyo's clock would be 8.5 hours after the entry.
        $Facts.SinceTextBefore | Should -Be 1
        $Facts.UntilTextBefore | Should -Be 0
        $Facts.SinceDateTimeAfter | Should -Be 0
    }

    It 'a time recorded as a field change shows as local time with its offset, and is still stored (and hashed) as UTC' {
        $arrow = [char]0x2192
        $Facts.WithdrawnChange | Should -BeExactly "WithdrawnAt: (none) $arrow $($Facts.WithdrawnAt)"
        $Facts.WithdrawnEntryList | Should -Match ([regex]::Escape("WithdrawnAt: (none) $arrow $($Facts.WithdrawnAt)"))
        $Facts.CheckedInChange | Should -BeExactly "CheckedInAt: (none) $arrow $($Facts.CheckedInAt)"
        $Facts.WithdrawnStored | Should -Match '^stored \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$' -Because 'what is stored and hashed is unchanged'
        $Facts.ChainValid | Should -BeTrue
        $Facts.ClearedBeforeChange | Should -BeExactly "Before: (none) $arrow $($Facts.ClearedAfter) +09:00"
    }

    It 'Clear-BmgHistory -Before reads a time without an offset as local time too, and its verbose line shows it so' {
        $Facts.ClearedRemoved | Should -Be "$($Facts.EntriesBeforeClear)"
        $Facts.ClearVerbose | Should -Match ([regex]::Escape("recorded before $($Facts.ClearedAfter) +09:00"))
    }
}
