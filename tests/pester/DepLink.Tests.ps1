BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path



    function Get-Ids($Links) { @($Links | ForEach-Object Identifier | Sort-Object) }
}

Describe 'Get-BmgDeviceDepLink' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'Identifier,OS,Serial,DEPMethod,Code,DisplayName'
            'Apple01,ios,AAABBBCCCDDD,Serial,code01,First iPhone'
            'apple02,ios,BBBCCCDDDAAA,Keycode,code02,Second iPad'
            'other01,ios,,,code03,Not DEP'
        )
        (Import-BmgDeviceCsv $seed).Created | Should -Be 3
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
    }

    It 'without arguments shows every device' {
        Get-Ids (Get-BmgDeviceDepLink) | Should -Be @('Apple01', 'apple02', 'other01')
    }

    It 'shows the DEP link of a checked-in DEP device' {
        $link = Get-BmgDeviceDepLink Apple01
        $link.Identifier | Should -BeExactly 'Apple01'
        $link.DisplayName | Should -Be 'First iPhone'
        $link.UseDep | Should -BeTrue
        "$($link.DEPMethod)" | Should -Be 'Serial'
        $link.Serial | Should -Be 'AAABBBCCCDDD'
        "$($link.State)" | Should -Be 'CheckedIn'
        $link.DepDevice | Should -Be 'AAABBBCCCDDD'
        $link.DepProfile | Should -Be 'Sales iPhones'
        $link.CheckedInAt | Should -Not -BeNullOrEmpty
    }

    It 'shows an empty link for a registered device' {
        $link = Get-BmgDeviceDepLink apple02
        "$($link.DEPMethod)" | Should -Be 'Keycode'
        "$($link.State)" | Should -Be 'Registered'
        $link.DepDevice | Should -BeNullOrEmpty
        $link.DepProfile | Should -BeNullOrEmpty
        $link.CheckedInAt | Should -BeNullOrEmpty
    }

    It 'has exactly the properties Identifier, DisplayName, UseDep, DEPMethod, Serial, State, DepDevice, DepProfile, CheckedInAt (and issue 11''s DepReleasedAt, Warning; walkthrough 29''s Database, in no view)' {
        $link = Get-BmgDeviceDepLink Apple01
        @($link.PSObject.Properties.Name) | Should -Be @('Identifier', 'DisplayName', 'UseDep', 'DEPMethod', 'Serial', 'State', 'DepDevice', 'DepProfile', 'CheckedInAt', 'DepReleasedAt', 'Warning', 'Database')
    }

    It '-Identifier <Given> matches exactly, ignoring case' -TestCases @(
        @{ Given = 'apple01' }
        @{ Given = 'APPLE01' }
        @{ Given = ' Apple01 ' }
    ) {
        $links = @(Get-BmgDeviceDepLink -Identifier $Given)
        $links.Count | Should -Be 1
        $links[0].Identifier | Should -BeExactly 'Apple01'
    }

    It '-Identifier with a wildcard matches ignoring case' {
        Get-Ids (Get-BmgDeviceDepLink -Identifier 'APPLE*') | Should -Be @('Apple01', 'apple02')
        Get-Ids (Get-BmgDeviceDepLink -Identifier '*01') | Should -Be @('Apple01', 'other01')
    }

    It 'takes identifiers piped as strings' {
        Get-Ids ('apple02', 'other01' | Get-BmgDeviceDepLink) | Should -Be @('apple02', 'other01')
    }

    It 'writes piped identifiers'' links in the order piped, an unknown one''s DeviceNotFound at its place, across batches' {
        # 2,500 piped identifiers: more than one batched look-up (1,000 each); two unknown ones, one in each later batch.
        $piped = foreach ($i in 0..2499) {
            switch ($i) { 1500 { 'nosuch1' } 2200 { 'NoSuch2' } default { ('APPLE01', 'other01', ' apple02 ')[$i % 3] } }
        }
        $sequence = @($piped | Get-BmgDeviceDepLink -ErrorAction Continue -ErrorVariable failures 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "error:$($_.TargetObject)" } else { $_.Identifier }
        })
        $expected = foreach ($i in 0..2499) {
            switch ($i) { 1500 { 'error:nosuch1' } 2200 { 'error:NoSuch2' } default { ('Apple01', 'other01', 'apple02')[$i % 3] } }
        }
        $sequence.Count | Should -Be 2500
        ($sequence -join ',') | Should -BeExactly ($expected -join ',')
        $failures | ForEach-Object { Get-ErrorId $_ } | Should -Be @('DeviceNotFound', 'DeviceNotFound')
    }

    It 'answers the first piped identifier at once, and the first after a pause in the input, before the next record comes' {
        # Each link is noted as it comes out, between the records the upstream script block writes: a typed or
        # slowly produced identifier is not held back for a batch of a thousand. The pause is a sleep far above
        # the 50 ms the command takes as one; nothing here depends on how fast the machine is.
        $script:seen = [System.Collections.Generic.List[string]]::new()
        & {
            'Apple01'
            $script:seen.Add('next record')
            'apple02'
            'other01'
            'APPLE01'
            Start-Sleep -Milliseconds 300
            'other01'
            $script:seen.Add('after the pause')
            'apple02'
        } | Get-BmgDeviceDepLink | ForEach-Object { $script:seen.Add($_.Identifier) }
        # Batches of 1, then 2 (apple02, other01), then up to 4: APPLE01 waits; the pause makes the next record go at once, with it.
        $script:seen | Should -Be @('Apple01', 'next record', 'apple02', 'other01', 'Apple01', 'other01', 'after the pause', 'apple02')
    }

    It 'after a fast burst (batches read on another thread) and a pause, writes every link of the burst as the next record comes' {
        # 600 records without a pause: batches of 1, 2, ... 128 are read as they come, the next (256) on another thread,
        # the last 89 are kept. The pause makes the next record go at once: with it, everything before it, in order.
        $script:seen = [System.Collections.Generic.List[string]]::new()
        & {
            foreach ($i in 0..599) { ('Apple01', 'apple02', 'other01')[$i % 3] }
            Start-Sleep -Milliseconds 300
            'other01'
            $script:seen.Add('after the pause')
            'apple02'
        } | Get-BmgDeviceDepLink | ForEach-Object { $script:seen.Add($_.Identifier) }
        $expected = @(foreach ($i in 0..599) { ('Apple01', 'apple02', 'other01')[$i % 3] }) + 'other01', 'after the pause', 'apple02'
        ($script:seen -join ',') | Should -BeExactly ($expected -join ',')
    }

    It 'stopped by -ErrorAction Stop at an unknown identifier in a batch read on another thread, writes the links before it, and the store serves the next commands' {
        # Record 1,600 is in the batch of records 1,023 to 2,022, read on another thread while the next records come.
        $piped = foreach ($i in 0..2999) { if ($i -eq 1600) { 'nosuch1' } else { ('APPLE01', 'other01')[$i % 2] } }
        $written = [System.Collections.Generic.List[string]]::new()
        $stopped = $null
        try {
            $piped | Get-BmgDeviceDepLink -ErrorAction Stop | ForEach-Object { $written.Add($_.Identifier) }
        } catch {
            $stopped = $_
        }
        Get-ErrorId $stopped | Should -Be 'DeviceNotFound'
        $stopped.TargetObject | Should -Be 'nosuch1'
        $written.Count | Should -Be 1600
        ($written -join ',') | Should -BeExactly ((0..1599 | ForEach-Object { ('Apple01', 'other01')[$_ % 2] }) -join ',')
        (Get-BmgDeviceDepLink -Serial BBBCCCDDDAAA).Identifier | Should -Be 'apple02'
        (Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'after') @('Identifier,OS,Code', 'later01,ios,code04'))).Created | Should -Be 1
        @('later01', 'apple02' | Get-BmgDeviceDepLink).Identifier | Should -Be @('later01', 'apple02')
    }

    It 'writes piped identifiers'' links before those of a file piped after them (Get-Item), in the order piped' {
        # 600 identifiers: the batch of records 256 to 511 is read on another thread, 89 are kept, then the file comes.
        $csv = Write-TestCsv (New-CsvName 'mixed') @('Identifier', 'other01')
        $seen = @(& { foreach ($i in 0..599) { ('Apple01', 'apple02')[$i % 2] }; Get-Item -LiteralPath $csv } |
            Get-BmgDeviceDepLink | ForEach-Object Identifier)
        $expected = @(foreach ($i in 0..599) { ('Apple01', 'apple02')[$i % 2] }) + 'other01'
        ($seen -join ',') | Should -BeExactly ($expected -join ',')
    }

    It 'leaves no thread of its own behind once the command ends, done or stopped (the thread names itself; Linux lists threads in /proc)' -Skip:(-not $IsLinux) {
        # A thread of the process (the runtime's, the server's client) may end between the listing and the read of its
        # name: one that is gone is nobody's thread left behind.
        function Get-ReadingThreads { @(Get-ChildItem "/proc/$PID/task" | Where-Object { "$(Get-Content -Raw "$($_.FullName)/comm" -ErrorAction Ignore)".Trim() -like 'BizMobileGo pip*' }) }
        $piped = foreach ($i in 0..2999) { ('APPLE01', 'other01')[$i % 2] }
        @($piped | Get-BmgDeviceDepLink).Count | Should -Be 3000
        try { $piped + 'nosuch1' + $piped | Get-BmgDeviceDepLink -ErrorAction Stop | Out-Null } catch { Get-ErrorId $_ | Should -Be 'DeviceNotFound' }
        # A thread ends a moment after it is told to: give it that moment, however long a loaded machine makes it (no timing
        # is asserted, only that it ends; the guard, load-scaled, only stops a hung test).
        $null = Wait-Until -What 'the reading threads to end' -Condition { (Get-ReadingThreads).Count -eq 0 }
        Get-ReadingThreads | Should -BeNullOrEmpty
    }

    It 'takes devices piped from Get-BmgDevice' {
        Get-Ids (Get-BmgDevice apple* | Get-BmgDeviceDepLink) | Should -Be @('Apple01', 'apple02')
    }

    It 'looks piped records that have only a Serial (Import-Csv of serials) up by serial, in the order piped, an unknown one''s DeviceNotFound at its place' {
        $serials = Write-TestCsv (New-CsvName 'serials') @('Serial,Note', 'bbbcccdddaaa,returned', 'ZZZZZZZZ0000,lost', 'AAABBBCCCDDD,returned')
        $result = Invoke-Captured { & { 'other01'; Import-Csv -LiteralPath $serials } | Get-BmgDeviceDepLink }
        ($result.Output.Identifier -join ',') | Should -BeExactly 'other01,apple02,Apple01'
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
        "$($result.Errors[0])" | Should -Match 'ZZZZZZZZ0000'
        # A record with both binds its Identifier (a device's own record piped back): the Serial does not win.
        (@([pscustomobject]@{ Identifier = 'other01'; Serial = 'AAABBBCCCDDD' } | Get-BmgDeviceDepLink).Identifier) | Should -Be @('other01')
    }

    It 'takes a piped record''s Serial literally: a ''*'' cell is an error for that row, never every device' {
        $serials = Write-TestCsv (New-CsvName 'serials') @('Serial', 'bbbcccdddaaa', '*', 'AAABBBCCCDDD')
        $result = Invoke-Captured { Import-Csv -LiteralPath $serials | Get-BmgDeviceDepLink }
        ($result.Output.Identifier -join ',') | Should -BeExactly 'apple02,Apple01'
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -BeIn @('DeviceNotFound', 'InvalidFieldValue')
        # On the command line -Serial still takes wildcards.
        @(Get-BmgDeviceDepLink -Serial '*').Count | Should -Be 2
    }

    It '-Serial writes each unknown serial''s error at its place among the links' {
        $seen = Get-BmgDeviceDepLink -Serial AAABBBCCCDDD, ZZZZZZZZ0000, BBBCCCDDDAAA -ErrorAction Continue 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "$(Get-ErrorId $_):$($_.TargetObject)" } else { $_.Identifier }
        }
        $seen | Should -Be @('Apple01', 'DeviceNotFound:ZZZZZZZZ0000', 'apple02')
    }

    It '-Serial finds the device with that registered serial, ignoring case' {
        (Get-BmgDeviceDepLink -Serial AAABBBCCCDDD).Identifier | Should -Be 'Apple01'
        (Get-BmgDeviceDepLink -Serial bbbcccdddaaa).Identifier | Should -Be 'apple02'
        Get-Ids (Get-BmgDeviceDepLink -Serial AAABBBCCCDDD, BBBCCCDDDAAA) | Should -Be @('Apple01', 'apple02')
    }

    It '-Serial with an unknown serial is a non-terminating DeviceNotFound' {
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Serial ZZZZZZZZ0000, AAABBBCCCDDD }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
        Get-Ids $result.Output | Should -Be @('Apple01')
    }

    It '-Path reads the devices from the Identifier column of a CSV' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS,DisplayName', 'APPLE02,ios,whatever', 'other01,ios,')
        Get-Ids (Get-BmgDeviceDepLink -Path $csv) | Should -Be @('apple02', 'other01')
    }

    It '-Path: a row whose extra fields are all blank is refused as the import refuses it, its error saying they are empty (walkthrough 17, finding 4)' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'apple02,ios,,', 'other01,ios')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'MalformedCsv'
        $result.Errors[0].Exception.Message | Should -Be ("Line 2 (device 'apple02') of '$csv': The row has 4 fields but the header has 2; its last 2 fields, past the " +
            "header's 2 columns, are empty: trailing delimiters? Remove them, or add the columns to the header.")
        Get-Ids $result.Output | Should -Be @('other01')
    }

    It '-Path: a last row without a line break (a copy still running) is refused as the import refuses it, IncompleteLastRow (walkthrough 26, finding 1)' {
        # 'other0' of a cut 'other01' would name no device here; in a store that has one, it would name the wrong one.
        $csv = Join-Path $TestDrive (New-CsvName)
        [System.IO.File]::WriteAllText($csv, "Identifier`r`napple02`r`nother0")
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'IncompleteLastRow'
        $result.Errors[0].Exception.Message | Should -BeLike "Line 3 (device 'other0') of '$csv': The file ends inside this row, without a line break*"
        Get-Ids $result.Output | Should -Be @('apple02')
    }

    It '-Path with an unknown identifier reports it and shows the others' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier', 'ghost01', 'apple02')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
        Get-Ids $result.Output | Should -Be @('apple02')
    }

    # Round 32: the column name of Apple Business Manager's export is spelled once (AbmDeviceList.SerialColumn), for the
    # DEP import and for -Path's list of serials: the one file serves both commands.
    It 'Apple Business Manager''s export is read by Import-BmgDepDevice and by -Path alike, by its "Serial Number" column' {
        $abm = Write-TestCsv (New-CsvName 'abm') @(
            '"Serial Number","Device Model","Assigned MDM Server","Status"'
            'AAABBBCCCDDD,iPhone 15,BizMobile Go!,Assigned'
            'BBBCCCDDDAAA,iPad Air,BizMobile Go!,Assigned'
        ) -Encoding utf8BOM
        $summary = Import-BmgDepDevice $abm -WarningAction SilentlyContinue
        $summary.Format | Should -Be "Apple Business Manager CSV"
        (Get-BmgDepDevice AAABBBCCCDDD).Model | Should -Be 'iPhone 15'
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $abm }
        $result.Errors | Should -BeNullOrEmpty
        Get-Ids $result.Output | Should -Be @('Apple01', 'apple02')
    }

    It 'CSV text given to -Path is one CsvTextNotPath, as Import-BmgDeviceCsv tells it, not a file looked up (round 32)' {
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path "Serial`nAAABBBCCCDDD`n" }
        Assert-ErrorId $result.Errors 'CsvTextNotPath'
        $result.Errors | Should -HaveCount 1
        "$($result.Errors[0])" | Should -BeLike '-Path was given CSV text, not the path of a file:*(... | ConvertFrom-Csv | Get-BmgDeviceDepLink)*'
        $result.Output | Should -BeNullOrEmpty
    }

    # Walkthrough 31b, finding 4: a kitting lead's list is of serials (a 'Serial' column, or Apple Business Manager's export,
    # "Serial Number" among Apple's columns); -Path refused both, while the same file piped through Import-Csv worked.
    It '-Path reads a list of serials by <Header>: each cell looked up as a piped serial is, the other columns not read' -TestCases @(
        @{ Header = 'Serial'; Lines = @('Serial', 'aaabbbcccddd ', 'BBBCCCDDDAAA') }
        @{ Header = 'Serial Number among Apple''s columns'; Lines = @('"Order Number","Serial Number","Device Model","Assigned MDM Server"', '1,AAABBBCCCDDD,iPhone,BizMobile Go!', '2,BBBCCCDDDAAA,iPad,BizMobile Go!') }
        @{ Header = 'SerialNumber'; Lines = @('SerialNumber,Note', 'AAABBBCCCDDD,x', 'BBBCCCDDDAAA,') }
    ) {
        param($Header, $Lines)
        $csv = Write-TestCsv (New-CsvName) $Lines -Encoding utf8BOM
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        $result.Errors | Should -BeNullOrEmpty
        Get-Ids $result.Output | Should -Be @('Apple01', 'apple02')
        # The same file through Import-Csv binds -Serial by the same name: one list of names for both.
        Get-Ids (Import-Csv $csv | Get-BmgDeviceDepLink) | Should -Be @('Apple01', 'apple02')
    }

    # Review31, 6: a -Path list's unknown serial was told without saying the DEP devices' check-ins were looked at too.
    It '-Path: a serial of the list found nowhere is told as -Serial tells it, the others shown' {
        $csv = Write-TestCsv (New-CsvName 'serials') @('Serial', 'ZZZZZZZZ0000', 'AAABBBCCCDDD')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        $bySerial = Invoke-Captured { Get-BmgDeviceDepLink -Serial ZZZZZZZZ0000 }

        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
        "$($result.Errors[0])" | Should -BeLike '*and none checked in as the DEP device of that serial*'
        "$($result.Errors[0])" | Should -BeExactly "$($bySerial.Errors[0])"
        Get-Ids $result.Output | Should -Be @('Apple01')
    }

    It '-Path''s serial column names are -Serial''s name and aliases, and its refusal names them all' {
        $names = @('Serial') + @((Get-Command Get-BmgDeviceDepLink).Parameters['Serial'].Aliases)
        $names | Should -Be @('Serial', 'SerialNumber', 'Serial Number')
        $csv = Write-TestCsv (New-CsvName) @('DisplayName,OS', 'x,ios')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        Assert-ErrorId $result.Errors 'MissingRequiredField'
        "$($result.Errors[0])" | Should -BeExactly ("Line 1 of '$csv': the header has no Identifier column. Get-BmgDeviceDepLink -Path reads a header with an " +
            "Identifier column, or with a column of serial numbers named Serial, SerialNumber or Serial Number; its other columns are not read.")
        $result.Output | Should -BeNullOrEmpty
    }

    It '-Path of serials: a serial no device has is DeviceNotFound naming it, a * cell is no pattern, the others are shown' {
        $csv = Write-TestCsv (New-CsvName) @('Serial', 'ZZZZZZZZZZZZ', '*', 'BBBCCCDDDAAA')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'DeviceNotFound'
        "$($result.Errors[0])" | Should -Match 'ZZZZZZZZZZZZ'
        Get-Ids $result.Output | Should -Be @('apple02')
    }

    It '-Path with an Identifier column reads identifiers even beside a Serial column' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,Serial', 'apple02,AAABBBCCCDDD')
        Get-Ids (Get-BmgDeviceDepLink -Path $csv) | Should -Be @('apple02')
    }

    # Walkthrough 31b, finding 3: the header refusal advised -Delimiter ';', which Get-BmgDeviceDepLink did not have.
    It '-Path of a '';'' file: the refusal advises -Delimiter '';'', which reads it (-LiteralPath too)' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier;DisplayName', 'apple02;x', 'other01;y')
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Path $csv }
        Assert-ErrorId $result.Errors 'UnknownCsvColumn'
        "$($result.Errors[0])" | Should -BeLike "*but it has when split at ';': read it with -Delimiter ';'.*"
        (Get-Command Get-BmgDeviceDepLink).Parameters.Keys | Should -Contain 'Delimiter'
        Get-Ids (Get-BmgDeviceDepLink -Path $csv -Delimiter ';') | Should -Be @('apple02', 'other01')
        Get-Ids (Get-BmgDeviceDepLink -LiteralPath $csv -Delimiter ';') | Should -Be @('apple02', 'other01')
        Get-Ids (Get-BmgDeviceDepLink -Path (Write-TestCsv (New-CsvName) @('Serial Number;Device Model', 'BBBCCCDDDAAA;iPad')) -Delimiter ';') | Should -Be @('apple02')
    }

    It '-Delimiter belongs to -Path: with -Identifier it is refused as PowerShell refuses a parameter of another set; a quote is InvalidDelimiter' {
        { Get-BmgDeviceDepLink -Identifier apple02 -Delimiter ';' -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,BizMobileGo.PowerShell.GetBmgDeviceDepLinkCommand'
        $csv = Write-TestCsv (New-CsvName) @('Identifier', 'apple02')
        { Get-BmgDeviceDepLink -Path $csv -Delimiter '"' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidDelimiter*'
    }

    It '-State CheckedIn shows only checked-in devices' {
        Get-Ids (Get-BmgDeviceDepLink -State CheckedIn) | Should -Be @('Apple01')
        Get-Ids (Get-BmgDeviceDepLink -State Registered) | Should -Be @('apple02', 'other01')
        Get-Ids (Get-BmgDeviceDepLink apple* -State CheckedIn) | Should -Be @('Apple01')
    }

    It 'an unknown exact identifier is a non-terminating DeviceNotFound and the others are still shown' {
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Identifier ghost01, apple02 }

        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($result.Errors[0].TargetObject)" | Should -Be 'ghost01'
        Get-Ids $result.Output | Should -Be @('apple02')
    }

    It 'a wildcard that matches nothing is not an error' {
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Identifier 'zzz*' }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -BeNullOrEmpty
    }
}

Describe 'Get-BmgDeviceDepLink flags a device still to check in through DEP whose serial Apple''s DEP list lacks (walkthrough 12, finding 6)' {
    BeforeEach {
        New-TestStore | Out-Null
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'Identifier,OS,Serial,DEPMethod,Code'
            'Apple01,ios,AAABBBCCCDDD,Serial,code01'
            'apple02,ios,BBBCCCDDDAAA,Keycode,code02'
            'iphone-x,ios,ZZZYYYXXXWWW,Serial,code03'
            'other01,ios,YYYXXXWWWZZZ,,code04'
        )
        (Import-BmgDeviceCsv $seed).Created | Should -Be 4
    }

    Context 'Apple''s DEP device list imported' {
        BeforeEach {
            Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
            Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
        }

        It 'fills Warning and writes one warning line for it, by <Way>; listed, checked-in and non-DEP devices stay quiet' -TestCases @(
            @{ Way = 'name'; Look = { Get-BmgDeviceDepLink iphone-x, Apple01, apple02, other01 } }
            @{ Way = 'wildcard'; Look = { Get-BmgDeviceDepLink * } }
            @{ Way = 'piped identifiers'; Look = { 'iphone-x', 'Apple01', 'apple02', 'other01' | Get-BmgDeviceDepLink } }
            @{ Way = '-Serial'; Look = { Get-BmgDeviceDepLink -Serial ZZZYYYXXXWWW, AAABBBCCCDDD, BBBCCCDDDAAA, YYYXXXWWWZZZ } }
            @{ Way = '-Path'; Look = { Get-BmgDeviceDepLink -Path (Write-TestCsv (New-CsvName) @('Identifier', 'iphone-x', 'Apple01', 'apple02', 'other01')) } }
        ) {
            $result = Invoke-Captured $Look

            $result.Errors | Should -BeNullOrEmpty
            $flagged = @($result.Output | Where-Object Warning)
            $flagged.Identifier | Should -Be @('iphone-x')
            $flagged[0].Warning | Should -BeExactly "Serial 'ZZZYYYXXXWWW' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial"
            $flagged[0].DepReleasedAt | Should -BeNullOrEmpty
            @($result.Warnings).Count | Should -Be 1
            "$($result.Warnings[0])" | Should -BeExactly "Device 'iphone-x' $(Get-InStore): $($flagged[0].Warning)."
            # What the warning foretells.
            Register-BmgDeviceCheckIn -Serial ZZZYYYXXXWWW -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
            Assert-ErrorId $err 'CheckInRejected'
        }

        It 'gives each of more devices than DepLinkLookup.PointLookUps the same link when it reads the DEP list once (listed, unlisted, released)' {
            # 40 more DEP devices in Apple's list and a device for each, 3 devices whose serials the list lacks, and one
            # whose DEP device Apple released: past the first 32 look-ups the command reads the list whole.
            $serials = 1..40 | ForEach-Object { 'F{0:D11}' -f $_ }
            $depCsv = Join-Path $TestDrive 'dep-40.csv'
            Set-Content -LiteralPath $depCsv -Value (@('SerialNumber,Model,Description,ProfileName') + @($serials | ForEach-Object { "$_,iPhone 15,IPHONE,Sales iPhones" }))
            Import-BmgDepDevice $depCsv -WarningAction SilentlyContinue | Out-Null
            $rows = @('Identifier,OS,Serial,DEPMethod,Code') + @($serials | ForEach-Object { "bulk-$_,ios,$_,Serial,c$_" }) +
                @('bulk-u1,ios,UUU000000001,Serial,codeu1', 'bulk-u2,ios,UUU000000002,Serial,codeu2', 'bulk-u3,ios,UUU000000003,Keycode,codeu3',
                    'bulk-rel,ios,CCCDDDAAABBB,Serial,coderel')
            (Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'bulk') $rows)).Created | Should -Be 44
            Import-BmgDepDevice (Join-Path $Examples 'dep-sync-devices.json') -WarningAction SilentlyContinue | Out-Null

            $all = @(Get-BmgDeviceDepLink 'bulk-*' -WarningAction SilentlyContinue)
            $all.Count | Should -Be 44
            @($all | Where-Object Warning | ForEach-Object Identifier | Sort-Object) | Should -Be @('bulk-rel', 'bulk-u1', 'bulk-u2', 'bulk-u3')
            ($all | Where-Object Identifier -EQ 'bulk-rel').DepReleasedAt | Should -Not -BeNullOrEmpty
            ($all | Where-Object Identifier -EQ 'bulk-u1').Warning | Should -BeLike "Serial 'UUU000000001' is not in Apple's DEP device list*"
            # One at a time gives the same links.
            foreach ($link in $all) {
                (Get-BmgDeviceDepLink $link.Identifier -WarningAction SilentlyContinue | ConvertTo-Json) | Should -Be ($link | ConvertTo-Json)
            }
        }

        It 'Remove-BmgDepDevice of the serial of a device still to check in through DEP warns naming it, and the link flags it from then on' {
            $result = Invoke-Captured { Remove-BmgDepDevice -SerialNumber BBBCCCDDDAAA -Confirm:$false }

            $result.Errors | Should -BeNullOrEmpty
            @($result.Warnings).Count | Should -Be 1
            "$($result.Warnings[0])" | Should -BeLike "Device 'apple02' $([WildcardPattern]::Escape((Get-InStore))) is still to check in through DEP with Serial 'BBBCCCDDDAAA', which is no longer in the DEP device list: its check-in will be refused*"
            (Get-BmgDeviceDepLink apple02 -WarningAction SilentlyContinue).Warning | Should -BeLike "Serial 'BBBCCCDDDAAA' is not in Apple's DEP device list*"
        }

        # Walkthrough 39, 6: the checked-in device keeps a DepDevice the store no longer holds, which is said (it was silent).
        It 'Remove-BmgDepDevice of a checked-in device''s DEP device warns naming it, of one no device uses does not; -WhatIf removes nothing and does not warn' {
            (Invoke-Captured { Remove-BmgDepDevice -SerialNumber BBBCCCDDDAAA -WhatIf }).Warnings | Should -BeNullOrEmpty
            Get-BmgDepDevice BBBCCCDDDAAA | Should -Not -BeNullOrEmpty

            $result = Invoke-Captured { Remove-BmgDepDevice -SerialNumber AAABBBCCCDDD, C02XK1ABJG5H -Confirm:$false }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Warnings) | Should -HaveCount 1
            "$($result.Warnings[0])" | Should -BeLike "Device 'Apple01' * checked in through DEP with 'AAABBBCCCDDD' and keeps it as its DepDevice, but the store no longer holds that DEP device*"
            (Get-BmgDeviceDepLink Apple01 -WarningAction SilentlyContinue).Warning | Should -BeNullOrEmpty
        }
    }

    It 'with no DEP device imported, writes one warning counting the devices shown that can''t check in, none per device, by <Way>' -TestCases @(
        @{ Way = 'name'; Look = { Get-BmgDeviceDepLink Apple01, apple02, iphone-x, other01 } }
        @{ Way = 'piped identifiers'; Look = { 'Apple01', 'apple02', 'iphone-x', 'other01' | Get-BmgDeviceDepLink } }
        # The links' own read says whether the list had a device; only when none did is the store asked (look45).
        @{ Way = '-Serial'; Look = { Get-BmgDeviceDepLink -Serial AAABBBCCCDDD, BBBCCCDDDAAA, ZZZYYYXXXWWW, YYYXXXWWWZZZ } }
        @{ Way = 'piped serials'; Look = { 'AAABBBCCCDDD', 'BBBCCCDDDAAA', 'ZZZYYYXXXWWW', 'YYYXXXWWWZZZ' | ForEach-Object { [pscustomobject]@{ Serial = $_ } } | Get-BmgDeviceDepLink } }
    ) {
        $result = Invoke-Captured $Look

        $result.Errors | Should -BeNullOrEmpty
        @($result.Output).Count | Should -Be 4
        @($result.Output | Where-Object Warning) | Should -BeNullOrEmpty
        @($result.Warnings).Count | Should -Be 1
        "$($result.Warnings[0])" | Should -BeExactly "3 devices shown enroll through DEP, but no DEP device is $(Get-InStore): their check-ins will be refused until Apple's device list is imported (Import-BmgDepDevice)."
        "$((Invoke-Captured { Get-BmgDeviceDepLink Apple01, other01 }).Warnings)" | Should -BeExactly "1 device shown enrolls through DEP, but no DEP device is $(Get-InStore): its check-in will be refused until Apple's device list is imported (Import-BmgDepDevice)."
        (Invoke-Captured { Get-BmgDeviceDepLink other01 }).Warnings | Should -BeNullOrEmpty
    }
}

Describe 'Get-BmgDeviceDepLink flags a device still to check in through DEP whose DEP device Apple''s list says is not an iOS device (os, device_family)' {
    BeforeEach {
        New-TestStore | Out-Null
        # Saved before Apple's list said what C02XK1ABJG5H is: the planner refuses a Mac only when the DEP link changes.
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'Identifier,OS,Serial,DEPMethod,Code'
            'mac-x,ios,C02XK1ABJG5H,Serial,code01'
            'ipad01,ios,BBBCCCDDDAAA,Serial,code02'
            'iphone01,ios,CCCDDDAAABBB,Keycode,code03'
            'other01,ios,AAABBBCCCDDD,,code04'
        )
        (Import-BmgDeviceCsv $seed).Created | Should -Be 4
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        (Get-BmgDepDevice C02XK1ABJG5H).IsIos | Should -BeFalse
    }

    It 'fills Warning and writes one warning line for it, by <Way>; iOS DEP devices and non-DEP devices stay quiet' -TestCases @(
        @{ Way = 'name'; Look = { Get-BmgDeviceDepLink mac-x, ipad01, iphone01, other01 } }
        @{ Way = 'wildcard'; Look = { Get-BmgDeviceDepLink * } }
        @{ Way = 'piped identifiers'; Look = { 'mac-x', 'ipad01', 'iphone01', 'other01' | Get-BmgDeviceDepLink } }
        @{ Way = '-Serial'; Look = { Get-BmgDeviceDepLink -Serial C02XK1ABJG5H, BBBCCCDDDAAA, CCCDDDAAABBB, AAABBBCCCDDD } }
        @{ Way = '-Path'; Look = { Get-BmgDeviceDepLink -Path (Write-TestCsv (New-CsvName) @('Identifier', 'mac-x', 'ipad01', 'iphone01', 'other01')) } }
    ) {
        $result = Invoke-Captured $Look

        $result.Errors | Should -BeNullOrEmpty
        @($result.Output).Count | Should -Be 4
        $flagged = @($result.Output | Where-Object Warning)
        $flagged.Identifier | Should -Be @('mac-x')
        $flagged[0].Warning | Should -BeExactly "Serial 'C02XK1ABJG5H' is a Mac in Apple's DEP device list, and DEP enrollment here is for iOS devices (iPhone, iPad), so its check-in will be refused; correct the device's Serial or turn its DEP enrollment off (Set-BmgDeviceDepEnrollment -Disable)"
        $flagged[0].DepReleasedAt | Should -BeNullOrEmpty
        @($result.Warnings).Count | Should -Be 1
        "$($result.Warnings[0])" | Should -BeExactly "Device 'mac-x' $(Get-InStore): $($flagged[0].Warning)."
        # What the warning foretells.
        Register-BmgDeviceCheckIn -Serial C02XK1ABJG5H -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        Assert-ErrorId $err 'CheckInRejected'
        # Its DEP enrollment turned off, it no longer checks in through DEP: quiet, as any such device.
        Set-BmgDeviceDepEnrollment -Identifier mac-x -Disable
        $quiet = Invoke-Captured $Look
        @($quiet.Output | Where-Object Warning) | Should -BeNullOrEmpty
        $quiet.Warnings | Should -BeNullOrEmpty
    }
}

# Walkthrough 31b, findings 2 and 11: the helpdesk has the iPad in hand (its serial on the back), and a Keycode device has no
# registered Serial; and a check-in made before Apple's profile response named its profile recorded the uuid.
Describe 'Get-BmgDeviceDepLink finds a device by the DEP device it checked in as, and names its profile by the name known now (walkthrough 31b, 2 and 11)' {
    BeforeEach {
        New-TestStore | Out-Null
        # Apple's fetch response alone: its profiles have no names yet.
        Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        New-BmgDevice -Identifier kiosk-07 -OS ios -DEPMethod Keycode -Code key456789 | Out-Null
        New-BmgDevice -Identifier other01 -OS ios -Code plain4567 | Out-Null
        Register-BmgDeviceCheckIn -Identifier kiosk-07 -Code key456789 -Serial CCCDDDAAABBB | Out-Null
    }

    It '-Serial <Given> finds the Keycode device that checked in as that DEP device' -TestCases @(
        @{ Given = 'CCCDDDAAABBB' }
        @{ Given = 'cccdddaaabbb' }
    ) {
        $link = Get-BmgDeviceDepLink -Serial $Given
        $link.Identifier | Should -Be 'kiosk-07'
        $link.Serial | Should -BeNullOrEmpty
        $link.DepDevice | Should -Be 'CCCDDDAAABBB'
    }

    # Round 32: 'CCC*' missed the Keycode device that checked in as CCCDDDAAABBB, which the exact serial finds.
    It '-Serial pattern <Pattern> selects the devices its serials typed one by one select' -TestCases @(
        @{ Pattern = 'CCC*'; Expected = @('ccc-reg', 'kiosk-07') }
        @{ Pattern = 'ccc*'; Expected = @('ccc-reg', 'kiosk-07') }
        @{ Pattern = '*DDDAAABBB'; Expected = @('kiosk-07') }
        @{ Pattern = '?CCDDDAAAB*'; Expected = @('ccc-reg', 'kiosk-07') }
    ) {
        New-BmgDevice -Identifier ccc-reg -OS ios -Serial CCCDDDAAAB00 -Code reg45678 -WarningAction SilentlyContinue | Out-Null
        $byPattern = @(Get-BmgDeviceDepLink -Serial $Pattern)
        $byPattern.Identifier | Should -Be $Expected
        # The same set as each serial typed exactly: the registered one, and the DEP serial the Keycode device checked in as.
        $exact = @(Get-BmgDeviceDepLink -Serial ($byPattern | ForEach-Object { if ($_.Serial) { $_.Serial } else { $_.DepDevice } }))
        $exact.Identifier | Should -Be $Expected
        ($byPattern | Where-Object Identifier -EQ 'kiosk-07').DepDevice | Should -Be 'CCCDDDAAABBB'
    }

    It 'an exact serial and a pattern of the same command write the device once' {
        @(Get-BmgDeviceDepLink -Serial CCCDDDAAABBB, 'CCC*').Identifier | Should -Be @('kiosk-07')
        @(Get-BmgDeviceDepLink -Serial 'CCC*', '*BBB').Identifier | Should -Be @('kiosk-07')
    }

    It 'Get-BmgDevice -Serial stays by the registered serial, exact and pattern alike' {
        @(Get-BmgDevice -Serial 'CCC*').Identifier | Should -BeNullOrEmpty
        (Invoke-Captured { Get-BmgDevice -Serial CCCDDDAAABBB }).Errors | Should -HaveCount 1
    }

    It 'a piped record with only a Serial finds it too, in the order piped' {
        $links = [pscustomobject]@{ Serial = 'CCCDDDAAABBB' }, [pscustomobject]@{ Serial = 'ZZZZZZZZ0000' } | Get-BmgDeviceDepLink -ErrorAction SilentlyContinue -ErrorVariable err
        @($links).Identifier | Should -Be @('kiosk-07')
        Assert-ErrorId $err 'DeviceNotFound'
    }

    It 'a serial that no device is registered with nor checked in as is DeviceNotFound saying both were looked at' {
        $result = Invoke-Captured { Get-BmgDeviceDepLink -Serial AAABBBCCCDDD }
        Assert-ErrorId $result.Errors 'DeviceNotFound'
        "$($result.Errors[0])" | Should -Match "No device is registered with the Serial 'AAABBBCCCDDD', and none checked in as the DEP device of that serial"
    }

    It 'the device registered with a serial comes before one that checked in as it' {
        # A store the bug let two records hold one DEP device: the registered record is the answer.
        New-BmgDevice -Identifier reg01 -OS ios -Serial AAABBBCCCDDD -DEPMethod Serial -Code reg45678 | Out-Null
        (Get-BmgDeviceDepLink -Serial AAABBBCCCDDD).Identifier | Should -Be 'reg01'
    }

    It 'Get-BmgDepDevice names the Keycode device as the DEP device''s Identifier; -Unassigned leaves it out' {
        (Get-BmgDepDevice CCCDDDAAABBB).Identifier | Should -Be 'kiosk-07'
        (Get-BmgDepDevice -Unassigned).SerialNumber | Should -Not -Contain 'CCCDDDAAABBB'
        (Get-BmgDepDevice -Unassigned).SerialNumber | Should -Contain 'AAABBBCCCDDD'
    }

    It 'a check-in before the profile had a name shows its uuid, then the name once Apple''s profile response is imported, by <Way>' -TestCases @(
        @{ Way = '-Identifier'; Read = { Get-BmgDeviceDepLink kiosk-07 } }
        @{ Way = 'a wildcard'; Read = { Get-BmgDeviceDepLink 'kiosk-*' } }
        @{ Way = 'piped identifiers'; Read = { 'kiosk-07' | Get-BmgDeviceDepLink } }
        @{ Way = '-Serial'; Read = { Get-BmgDeviceDepLink -Serial CCCDDDAAABBB } }
        @{ Way = 'no arguments'; Read = { Get-BmgDeviceDepLink | Where-Object Identifier -EQ 'kiosk-07' } }
    ) {
        (& $Read).DepProfile | Should -Be '9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B'
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-kiosk.json') | Out-Null
        (& $Read).DepProfile | Should -Be 'Kiosk'
        # The record and its history keep what the check-in recorded.
        (Get-BmgDevice kiosk-07).DepProfile | Should -Be '9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B'
        # Renamed later (Set-BmgDepProfile), the link follows the name known now.
        Set-BmgDepProfile -Uuid 9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b -Name 'Kiosk (lobby)' -WarningAction SilentlyContinue
        (& $Read).DepProfile | Should -Be 'Kiosk (lobby)'
    }
}

Describe 'Import-BmgDeviceCsv warns once about the DEP links its rows set that check-in will refuse (walkthrough 37, finding 2)' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
    }

    It 'one device: its own words, the same as New-BmgDevice''s, after the rows' {
        # Row 3's serial is what Excel makes of 9876543210E1: it passes the Serial rule, but Apple's list lacks it.
        $csv = Write-TestCsv (New-CsvName 'excel-serial') @(
            'Identifier,OS,Serial,DEPMethod'
            'ipad-jp001,ios,AAABBBCCCDDD,Serial'
            'ipad-jp008,ios,98765432100,Serial'
            'ipad-jp009,ios,,'
        )
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv }

        $result.Errors | Should -BeNullOrEmpty
        $edit = Invoke-Captured { New-BmgDevice ipad-jp010 -OS ios -Serial 98765432101 -DEPMethod Serial }
        @($result.Warnings.Message) | Should -Be @($edit.Warnings.Message -replace 'ipad-jp010', 'ipad-jp008' -replace '98765432101', '98765432100')
        @($result.Warnings.Message) | Should -Be @(
            "Device 'ipad-jp008' $(Get-InStore): Serial '98765432100' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial."
        )
        $result.Output[-1].Created | Should -Be 3
        (Get-BmgDevice ipad-jp008).Serial | Should -Be '98765432100'
    }

    It 'several devices over several chunks of rows: one summary with the count and the first names; an unchanged re-run says nothing' {
        # 2,500 rows (three chunks of 1,000): seven DEP rows whose serials Apple's list lacks, spread over the chunks, and
        # DEP rows whose serials it has, which are not flagged.
        $flagged = 10, 900, 1001, 1400, 2000, 2300, 2450
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Identifier,OS,Serial,DEPMethod')
        $listed = @{ 5 = 'AAABBBCCCDDD'; 1500 = 'BBBCCCDDDAAA'; 2499 = 'CCCDDDAAABBB' }
        for ($i = 1; $i -le 2500; $i++) {
            if ($flagged -contains $i) { $lines.Add(('dev{0:D4},ios,9{0:D10},Serial' -f $i)) }
            elseif ($listed.ContainsKey($i)) { $lines.Add(('dev{0:D4},ios,{1},Keycode' -f $i, $listed[$i])) }
            else { $lines.Add(('dev{0:D4},ios,S{0:D11},' -f $i)) }
        }
        $csv = Write-TestCsv (New-CsvName 'unlisted') $lines

        $result = Invoke-Captured { Import-BmgDeviceCsv $csv }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[-1].Created | Should -Be 2500
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeExactly ("7 devices $(Get-InStore) will have their check-ins through DEP refused ('dev0010', 'dev0900', 'dev1001', 'dev1400', 'dev2000' and 2 more): " +
            "Get-BmgDeviceDepLink flags each (a serial Apple's DEP device list lacks, a DEP device Apple released, or one that is not an iOS device), and its Warning says what to do. " +
            "Get-BmgDeviceDepLink -LiteralPath '$csv' shows each device's.")
        # Where the summary points: the file's devices' links, the flagged ones with their warnings.
        @(Get-BmgDeviceDepLink -LiteralPath $csv -WarningAction SilentlyContinue | Where-Object Warning | ForEach-Object Identifier) | Should -Be @($flagged | ForEach-Object { 'dev{0:D4}' -f $_ })

        $again = Invoke-Captured { Import-BmgDeviceCsv $csv }
        $again.Warnings | Should -BeNullOrEmpty
        $again.Output[-1].Unchanged | Should -Be 2500
    }

    It 'says nothing when Apple''s list has every serial the rows link, or the rows change no link' {
        $csv = Write-TestCsv (New-CsvName 'listed') @(
            'Identifier,OS,Serial,DEPMethod'
            'ipad-a,ios,AAABBBCCCDDD,Serial'
            'ipad-b,ios,BBBCCCDDDAAA,Keycode'
            'ipad-c,ios,98765432100,'
        )
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty

        # A device flagged already, changed in another field only: the row does not set its link (as Set-BmgDevice).
        New-BmgDevice ipad-d -OS ios -Serial 98765432101 -DEPMethod Serial -WarningAction SilentlyContinue | Out-Null
        $other = Write-TestCsv (New-CsvName 'other-field') @('Identifier,DisplayName', 'ipad-d,Front desk')
        $changed = Invoke-Captured { Import-BmgDeviceCsv $other }
        $changed.Output[-1].Updated | Should -Be 1
        $changed.Warnings | Should -BeNullOrEmpty
    }

    It 'piped rows: the summary names the look-up by Identifier' {
        $rows = 'ipad-p1', 'ipad-p2' | ForEach-Object -Begin { $n = 0 } -Process {
            $n++; [pscustomobject]@{ Identifier = $_; OS = 'ios'; Serial = "9876543210$n"; DEPMethod = 'Serial' } }
        $result = Invoke-Captured { $rows | Import-BmgDeviceCsv }

        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "2 devices $([WildcardPattern]::Escape((Get-InStore))) will have their check-ins through DEP refused ('ipad-p1', 'ipad-p2'): *Get-BmgDeviceDepLink <Identifier> shows each device's."
    }

    It 'under -WarningAction Stop the warning comes before the commit, so nothing is written; -WhatIf says it' {
        $csv = Write-TestCsv (New-CsvName 'stop') @('Identifier,OS,Serial,DEPMethod', 'ipad-jp008,ios,98765432100,Serial', 'ipad-jp009,ios,98765432101,Keycode')

        { Import-BmgDeviceCsv $csv -WarningAction Stop } | Should -Throw -ErrorId 'ActionPreferenceStop*'
        Get-BmgDevice ipad-jp008 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-BmgImportHistory -Status Stopped) | Should -HaveCount 1

        $dry = Invoke-Captured { Import-BmgDeviceCsv $csv -WhatIf }
        @($dry.Warnings.Message | Where-Object { $_ -like "2 devices * will have their check-ins through DEP refused ('ipad-jp008', 'ipad-jp009'): *" }) | Should -HaveCount 1
        Get-BmgDevice ipad-jp008 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a refused import says nothing of the links (it wrote none)' {
        $csv = Write-TestCsv (New-CsvName 'refused') @('Identifier,OS,Serial,DEPMethod', 'ipad-jp008,ios,98765432100,Serial', 'ipad-jp009,windows98,,')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv }
        $result.Terminating | Should -Not -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
    }
}

Describe 'Import-BmgDeviceCsv into a store whose DEP device list is empty' {
    BeforeEach { New-TestStore | Out-Null }

    It 'says one line for the devices it links through DEP, as Get-BmgDeviceDepLink does, not one a device' {
        $csv = Write-TestCsv (New-CsvName 'no-list') @('Identifier,OS,Serial,DEPMethod', 'ipad-1,ios,AAABBBCCCDDD,Serial', 'ipad-2,ios,BBBCCCDDDAAA,Keycode', 'ipad-3,ios,,Keycode')
        $result = Invoke-Captured { Import-BmgDeviceCsv $csv }

        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings.Message) | Should -Be @(
            "2 devices of this import enroll through DEP, but no DEP device is $(Get-InStore): their check-ins will be refused until Apple's device list is imported (Import-BmgDepDevice)."
        )
    }
}

# Walkthrough 39, 5: a Serial typed with the letter O for the digit 0 ('MON1P2Q3R4' for Apple's 'M0N1P2Q3R4') got no hint:
# Apple's serials have no letter O or I, so the serial with the digits is the one meant when Apple's list has it unclaimed.
Describe 'A serial typed with O or I for 0 or 1 gets a did-you-mean (walkthrough 39, finding 5)' {
    BeforeEach {
        New-TestStore | Out-Null
        $csv = Write-TestCsv -Name 'dep-lookalike.csv' -Lines @('SerialNumber,Model', 'M0N1P2Q3R4,iPad', 'AAABBBCCCDDD,iPad')
        Import-BmgDepDevice -Path $csv | Out-Null
    }

    It 'the DEP link warning of New-BmgDevice and of Get-BmgDeviceDepLink names the unclaimed serial with the digits' {
        $result = Invoke-Captured { New-BmgDevice -Identifier ipad-0414 -OS ios -Serial MON1P2Q3R4 -DEPMethod Serial }
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeLike "Device 'ipad-0414' *Serial 'MON1P2Q3R4' is not in Apple's DEP device list*. Did you mean 'M0N1P2Q3R4' (Apple's serials have no letter O or I: the digits 0 and 1)?"
        $link = Invoke-Captured { Get-BmgDeviceDepLink ipad-0414 }
        "$($link.Warnings[0])" | Should -BeLike "*Did you mean 'M0N1P2Q3R4'*"
    }

    It 'no hint when the serial with the digits is claimed by another device' {
        New-BmgDevice -Identifier ipad-real -OS ios -Serial M0N1P2Q3R4 -DEPMethod Serial | Out-Null
        $result = Invoke-Captured { New-BmgDevice -Identifier ipad-0414 -OS ios -Serial MON1P2Q3R4 -DEPMethod Serial }
        "$($result.Warnings[0])" | Should -Not -BeLike '*Did you mean*'
    }

    It 'the check-in refusal of the serial Apple''s list has says a device''s Serial may be the mistyped one' {
        New-BmgDevice -Identifier ipad-0414 -OS ios -Serial MON1P2Q3R4 -DEPMethod Serial -WarningAction SilentlyContinue | Out-Null
        $result = Invoke-Captured { Register-BmgDeviceCheckIn -Serial M0N1P2Q3R4 }
        Get-ErrorId $result.Errors[0] | Should -Be 'CheckInRejected'
        "$($result.Errors[0])" | Should -BeLike "*'M0N1P2Q3R4' is in Apple's DEP device list, but no device record has it: if a device's Serial was mistyped (the letter O or I for 0 or 1)*Nothing was changed."
    }

    It 'a serial typed with O at check-in, or at Get-BmgDeviceDepLink -Serial, names the device''s serial with the digits' {
        New-BmgDevice -Identifier ipad-0415 -OS ios -Serial M0N1P2Q3R4 -DEPMethod Serial | Out-Null
        $checkIn = Invoke-Captured { Register-BmgDeviceCheckIn -Serial MON1P2Q3R4 }
        "$($checkIn.Errors[0])" | Should -BeLike "*-Code. Did you mean 'M0N1P2Q3R4' (Apple's serials have no letter O or I: the digits 0 and 1)? Nothing was changed."
        $lookUp = Invoke-Captured { Get-BmgDeviceDepLink -Serial MON1P2Q3R4 }
        Get-ErrorId $lookUp.Errors[0] | Should -Be 'DeviceNotFound'
        "$($lookUp.Errors[0])" | Should -BeLike "*Did you mean 'M0N1P2Q3R4'*"
    }
}
