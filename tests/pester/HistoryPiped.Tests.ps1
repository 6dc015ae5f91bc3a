# Walkthrough 18, findings 3, 4, 8 and 10: the history cmdlets in pipelines. Piped devices and users are answered a batch
# at a time with one read of the history per batch, each record still getting what it got alone, in the order piped;
# a piped change-history entry names its import for Get-BmgImportHistory; a device entry's DeviceKey is the Int64 that
# Get-BmgDevice's is; a reversed -Since/-Until is an error. Runs on both stores (StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # Every stream in the order written: objects as '<DeviceKey>:<Sequence>' (users: '<UserName>:<Sequence>'), errors as their ErrorId and target.
    function Get-Trace([scriptblock] $Script) {
        $ErrorActionPreference = 'Continue'
        @(& $Script 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "error $(Get-ErrorId $_) $($_.TargetObject)" }
            elseif ($_.PSObject.Properties['DeviceKey']) { "$($_.DeviceKey):$($_.Sequence)" }
            else { "$($_.UserName):$($_.Sequence)" }
        })
    }
}

Describe 'piped devices and users: one history read per batch, each record answered as alone, in order (finding 3)' {
    BeforeAll {
        New-TestStore | Out-Null
        # 1,100 devices (more than the first batches of 1, 2, 4 ... 512: the records span several batches), each with its
        # import entry, every tenth edited twice; 'twice' was removed and created again, so its name selects two devices.
        $csv = Join-Path $TestDrive 'many.csv'
        @('Identifier,OS,UserName') + @(1..1100 | ForEach-Object { 'many-{0:d4},ios,user{0:d4}' -f $_ }) | Set-Content -LiteralPath $csv
        Import-BmgDeviceCsv $csv | Out-Null
        Get-BmgDevice 'many-*0' | Set-BmgDevice -DisplayName 'first' -Confirm:$false
        Get-BmgDevice 'many-*0' | Set-BmgDevice -DisplayName 'second' -Confirm:$false
        New-BmgDevice -Identifier twice -OS ios | Out-Null
        Set-BmgDevice twice -DisplayName 'old one'
        Remove-BmgDevice twice -Confirm:$false
        New-BmgDevice -Identifier twice -OS ios | Out-Null
        Set-BmgUser user0010 -Name 'Ten'

        # What each device's entries are, newest first, from one unfiltered read.
        $script:All = @(Get-BmgDeviceHistory)
        $script:ByKey = @{}
        foreach ($entry in $All) { $script:ByKey["$($entry.DeviceKey)"] += @("$($entry.DeviceKey):$($entry.Sequence)") }
    }

    It 'Get-BmgDevice | Get-BmgDeviceHistory: every device''s own entries, newest first, devices in the order piped' {
        $devices = @(Get-BmgDevice 'many-*') + @(Get-BmgDevice twice)
        $expected = @(foreach ($device in $devices) { $ByKey["$($device.DeviceKey)"] })
        $expected.Count | Should -Be (1100 + 110 * 2 + 1)
        $trace = Get-Trace { $devices | Get-BmgDeviceHistory }
        ($trace -join ' ') | Should -BeExactly ($expected -join ' ')
    }

    It 'piped names: a name borne by two devices gives both devices'' entries merged newest first; an unknown one its DeviceNotFound at its place' {
        $names = @('many-0001', 'TWICE', 'no-such-device', 'many-0010', 'many-0010') + @(1..700 | ForEach-Object { 'many-{0:d4}' -f $_ }) + @('nothing-here', 'many-1100')
        $twice = @($All | Where-Object Identifier -EQ 'twice' | ForEach-Object { "$($_.DeviceKey):$($_.Sequence)" })
        @($twice | ForEach-Object { ($_ -split ':')[0] } | Sort-Object -Unique) | Should -HaveCount 2
        # A device named again (many-0010 twice, many-0001 in the list too) gives nothing more: each entry once a command (walkthrough 35, 8).
        $answered = @{}
        $expected = @(foreach ($name in $names) {
                switch ($name) {
                    'TWICE' { $twice }
                    { $_ -in 'no-such-device', 'nothing-here' } { "error DeviceNotFound $name" }
                    default { $key = "$((Get-BmgDevice $name).DeviceKey)"; if (-not $answered[$key]) { $answered[$key] = $true; $ByKey[$key] } }
                }
            })
        $trace = Get-Trace { $names | Get-BmgDeviceHistory }
        ($trace -join ' ') | Should -BeExactly ($expected -join ' ')
        # Each name alone gives the same, each entry once: what batching must not change.
        $subset = $names[0..5] + $names[-2..-1]
        $alone = @(foreach ($name in $subset) { Get-Trace { $name | Get-BmgDeviceHistory } }) | Select-Object -Unique
        ((Get-Trace { $subset | Get-BmgDeviceHistory }) -join ' ') | Should -BeExactly ($alone -join ' ')
    }

    It 'a device''s old and new identifier piped, or one name twice, give its entries once (walkthrough 35, 8)' {
        New-BmgDevice -Identifier renamed-old -OS ios | Out-Null
        Set-BmgDevice renamed-old -DisplayName 'before' | Out-Null
        Rename-BmgDevice renamed-old -NewIdentifier renamed-new | Out-Null
        $own = @(Get-BmgDeviceHistory -Identifier renamed-new, renamed-old)
        $own | Should -HaveCount 3
        @('renamed-new', 'renamed-old' | Get-BmgDeviceHistory) | Should -HaveCount 3 -Because 'the piped form answers as the array form does'
        @('renamed-new', 'renamed-new' | Get-BmgDeviceHistory -Last 1) | Should -HaveCount 1 -Because 'under -Last too, an entry is written once'
        @('renamed-new', 'many-0001' | Get-BmgDeviceHistory -Last 1) | Should -HaveCount 2 -Because 'another device still gets its own'
    }

    It 'a piped Device gives only its own entries, not those of the device removed under its Identifier; -Field and -User filter each record' {
        $device = Get-BmgDevice twice
        # The same device piped twice gives its entries once (walkthrough 35, 8).
        (Get-Trace { $device, $device | Get-BmgDeviceHistory }) | Should -Be @($ByKey["$($device.DeviceKey)"])
        $edited = Get-BmgDevice many-0010, many-0011, many-0020
        $displayName = @(foreach ($d in $edited) { Get-BmgDeviceHistory $d.Identifier -Field DisplayName | ForEach-Object { "$($_.DeviceKey):$($_.Sequence)" } })
        $displayName | Should -HaveCount 4
        (Get-Trace { $edited | Get-BmgDeviceHistory -Field DisplayName }) | Should -Be $displayName
        (Get-Trace { $edited | Get-BmgDeviceHistory -User 'nobody-at-all' }) | Should -BeNullOrEmpty
        (Get-Trace { $edited | Get-BmgDeviceHistory -User ([Environment]::UserName) }).Count | Should -Be (3 + 4)
    }

    It 'piped devices filter first: -Field and -Since together give each record what the command line gives it, nothing outside both (hq26)' {
        # The piped query carries every filter of the command line (histq25: filtered in the query, before verification).
        $edited = @(Get-BmgDevice many-0010, many-0011, many-0020, many-0030)
        $second = @($All | Where-Object { $_.Changes | Where-Object { $_.Field -eq 'DisplayName' -and $_.NewValue -eq 'second' } })
        $second.Count | Should -Be 110
        $since = ($second | Measure-Object -Property At -Minimum).Minimum
        $keys = @($edited | ForEach-Object { "$($_.DeviceKey)" })
        $expected = @($All | Where-Object { "$($_.DeviceKey)" -in $keys -and $_.At -ge $since -and ($_.Changes.Field -contains 'DisplayName') })
        # Both filters matter: -Field alone keeps the 'first' edits, -Since alone keeps nothing else here but the edits.
        $expected.Count | Should -Be 3
        @($All | Where-Object { "$($_.DeviceKey)" -in $keys -and ($_.Changes.Field -contains 'DisplayName') }).Count | Should -Be 6
        $expectedTrace = @(foreach ($d in $edited) { $expected | Where-Object DeviceKey -EQ $d.DeviceKey | ForEach-Object { "$($_.DeviceKey):$($_.Sequence)" } })
        $alone = @(foreach ($d in $edited) { Get-Trace { Get-BmgDeviceHistory $d.Identifier -Field DisplayName -Since $since } })
        $alone | Should -Be $expectedTrace
        (Get-Trace { $edited | Get-BmgDeviceHistory -Field DisplayName -Since $since }) | Should -Be $expectedTrace
        (Get-Trace { Get-BmgDevice 'many-00[1-3]*' | Get-BmgDeviceHistory -Field displayname -Since $since -Until $since }) |
            Should -Be @($second | Where-Object { $_.At -eq $since -and $_.Identifier -like 'many-00[1-3]*' } | Sort-Object Identifier | ForEach-Object { "$($_.DeviceKey):$($_.Sequence)" })
    }

    It '-User read once a command says a bad pattern''s error for every piped record, as read per record did; a good pattern among it still filters (leftovers 19)' {
        $edited = Get-BmgDevice many-0010, many-0020
        $me = [Environment]::UserName
        $alone = @(foreach ($d in $edited) { Get-Trace { $d | Get-BmgDeviceHistory -User '[', $me } })
        @($alone | Where-Object { $_ -like 'error InvalidWildcardPattern*' }) | Should -HaveCount 2
        @($alone | Where-Object { $_ -notlike 'error *' }) | Should -HaveCount 6
        (Get-Trace { $edited | Get-BmgDeviceHistory -User '[', $me }) | Should -Be $alone
        (Get-Trace { 'many-0010', 'no-such-one', 'MANY-0020' | Get-BmgDeviceHistory -User '[' }) | Should -Be @('error InvalidWildcardPattern [', 'error InvalidWildcardPattern [', 'error InvalidWildcardPattern [')
    }

    It 'Get-BmgUser | Get-BmgUserHistory: every user''s entries, newest first, in the order piped; an unknown name''s UserNotFound at its place' {
        $users = @(Get-BmgUser 'user00*' | Sort-Object UserName -Descending)
        $expected = @(foreach ($user in $users) { Get-BmgUserHistory -UserName $user.UserName | ForEach-Object { "$($_.UserName):$($_.Sequence)" } })
        $expected.Count | Should -Be (99 + 1)
        (Get-Trace { $users | Get-BmgUserHistory }) -join ' ' | Should -BeExactly ($expected -join ' ')
        (Get-Trace { 'user0010', 'nobody', 'user0001' | Get-BmgUserHistory }) | Should -Be (
            @(Get-BmgUserHistory user0010 | ForEach-Object { "user0010:$($_.Sequence)" }) + @('error UserNotFound nobody') + @(Get-BmgUserHistory user0001 | ForEach-Object { "user0001:$($_.Sequence)" }))
    }
}

Describe 'a piped change-history entry names its import (finding 4)' {
    BeforeAll {
        New-TestStore | Out-Null
        $csv = Join-Path $TestDrive 'one.csv'
        @('Identifier,OS', 'apple001,ios') | Set-Content -LiteralPath $csv
        $script:Summary = Import-BmgDeviceCsv $csv
        Set-BmgDevice apple001 -DisplayName 'edited'
    }

    It 'Get-BmgDeviceHistory x | Get-BmgImportHistory: the import of an import''s entry; an edit''s entry is refused at its place as naming no import' {
        $entries = @(Get-BmgDeviceHistory apple001)
        $entries.Command | Should -Be @('Set-BmgDevice', 'Import-BmgDeviceCsv')
        $result = Invoke-Captured { $entries | Get-BmgImportHistory }
        $result.Output | Should -HaveCount 1
        $result.Output[0].Id | Should -Be $Summary.HistoryId
        $result.Errors | Should -HaveCount 1
        Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
        $result.Errors[0].Exception.Message | Should -Match "A ChangeEntry object has no ImportId \(entry $($entries[0].Sequence), Device 'apple001' Changed by Set-BmgDevice: no import made it\), so it names nothing for -Id\."
        $result.Errors[0].Exception.Message | Should -Match 'Where-Object ImportId'
        # Only the import's entries: each names it; a user's entry too.
        (Get-BmgDeviceHistory apple001 | Where-Object ImportId | Get-BmgImportHistory).Id | Should -Be @($Summary.HistoryId)
    }

    It 'an object that names no import is refused as not a number for -Id, not as "not a name"' {
        $e = { Get-BmgDevice apple001 | Get-BmgImportHistory -ErrorAction Stop } | Should -Throw -PassThru
        $e.Exception.Message | Should -Match 'A Device object is not a number for -Id: give the number, or pipe ImportHistoryEntry or ImportSummary or ChangeEntry objects'
        $e.Exception.Message | Should -Not -Match 'name as a string'
    }
}

Describe 'a device entry''s DeviceKey is the Int64 Get-BmgDevice''s is (finding 8)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier apple001 -OS ios | Out-Null
    }

    It 'is an Int64 equal to the device''s, in JSON a number, and Compare-Object finds no difference' {
        $device = Get-BmgDevice apple001
        $entry = Get-BmgDeviceHistory apple001
        $entry.DeviceKey | Should -BeOfType [long]
        $entry.DeviceKey | Should -Be $device.DeviceKey
        ($entry | ConvertTo-Json -Depth 1) | Should -Match "`"DeviceKey`": $($device.DeviceKey)\b"
        Compare-Object $device $entry -Property DeviceKey | Should -BeNullOrEmpty
        # SubjectKey stays text: it is every kind's key (a clear's is 'history').
        $entry.SubjectKey | Should -BeOfType [string]
    }
}

Describe 'a reversed -Since/-Until is an error (finding 10)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgUser -UserName tanaka | Out-Null
        New-BmgDevice -Identifier apple001 -OS ios -UserName tanaka | Out-Null
    }

    It '<Command>: -Since later than -Until is InvalidTimeRange naming both times; equal times are a range' -TestCases @(
        @{ Command = 'Get-BmgDeviceHistory' }
        @{ Command = 'Get-BmgUserHistory' }
    ) {
        $now = [DateTimeOffset]::Now
        $e = { & $Command -Since $now -Until $now.AddDays(-1) } | Should -Throw -ErrorId 'InvalidTimeRange,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match ([regex]::Escape($now.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)))
        $e.Exception.Message | Should -Match ([regex]::Escape($now.AddDays(-1).ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)))
        { & $Command -Since $now -Until $now -ErrorAction Stop } | Should -Not -Throw
        @(& $Command -Since $now.AddDays(-1) -Until $now.AddDays(1)).Count | Should -BeGreaterThan 0
    }
}

Describe 'the window a query uses, in -Verbose, and a one-instant day (walkthrough 35, 7)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier apple001 -OS ios | Out-Null
    }

    It '<Command>: -Verbose shows both ends with their offset and in UTC; a midnight -Until says that day''s later entries are left out' -TestCases @(
        @{ Command = 'Get-BmgDeviceHistory'; What = 'Entries' }
        @{ Command = 'Get-BmgUserHistory'; What = 'Entries' }
        @{ Command = 'Get-BmgImportHistory'; What = 'Imports started' }
    ) {
        $since = [DateTimeOffset]::new(2026, 7, 1, 0, 0, 0, [TimeSpan]::FromHours(2))
        $until = [DateTimeOffset]::new(2026, 9, 30, 0, 0, 0, [TimeSpan]::FromHours(2))
        $verbose = @(& $Command -Since $since -Until $until -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $line = @($verbose | Where-Object { $_ -like "$What from *" })
        $line | Should -HaveCount 1
        $local = { param($t) $t.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture) }
        $line[0] | Should -BeLike "$What from $(& $local $since) (2026-06-30T22:00:00Z) to $(& $local $until) (2026-09-29T22:00:00Z), both ends included.*"
        $day = $until.ToLocalTime()
        if ($day.TimeOfDay -eq [TimeSpan]::Zero) {
            $line[0] | Should -BeLike "* -Until is midnight at the start of $($day.ToString('yyyy-MM-dd')): no entry of * after 00:00:00 is included; for the whole day give the next day (-Until $($day.AddDays(1).ToString('yyyy-MM-dd')))."
        }
    }

    It 'a date-only -Until at local midnight says so; -Since equal to -Until at midnight warns that it is one instant, not the day' {
        $today = (Get-Date).Date
        $verbose = @(Get-BmgDeviceHistory -Since $today.AddDays(-1) -Until $today -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($verbose -join "`n") | Should -BeLike "*-Until is midnight at the start of $($today.ToString('yyyy-MM-dd')): no entry of $($today.ToString('yyyy-MM-dd')) after 00:00:00 is included*"
        $same = Invoke-Captured { Get-BmgDeviceHistory -Since $today -Until $today }
        $same.Output | Should -BeNullOrEmpty
        $same.Warnings | Should -HaveCount 1
        "$($same.Warnings[0])" | Should -BeLike "-Since and -Until are both $($today.ToString('yyyy-MM-dd')) 00:00:00 *: only what was recorded at that instant is selected, not the day. For every entry of $($today.ToString('yyyy-MM-dd')), give -Until $($today.AddDays(1).ToString('yyyy-MM-dd'))."
        (Invoke-Captured { Get-BmgDeviceHistory -Since $today -Until $today.AddDays(1) }).Warnings | Should -BeNullOrEmpty
        @(Get-BmgDeviceHistory -Since $today -Until $today.AddDays(1)) | Should -HaveCount 1
    }
}
