# Issue 10.3: objects as PowerShell users pipe them.

BeforeAll {
    # A device read back by Import-Clixml holds '(hidden)' for its Code (a HiddenCode holds no code in the file), which the
    # import refuses rather than store (CheckInCodeHidden.Tests.ps1); these backups' tests are about the other fields, so the
    # read-back devices carry no Code (a restore then gives each device a new code; an existing one keeps its own). A
    # deserialized object's property can't be removed, only emptied.
    filter Skip-Code { $_.Code = $null; $_ }
    . $PSScriptRoot/Common.ps1
}

Describe '10.3 objects as PowerShell users pipe them' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org1' -Name 'Org one' | Out-Null
        $csv = Write-TestCsv (New-CsvName) @(
            'UserName,Name,EmailAddress,UserDescription,Organizations,Identifier,Template,Code,OS,DeviceTags,Serial,ExpirationDays,DisplayName,DEPMethod'
            'u1,User One,u1@example.com,First,org1,dev1,Standard,abc123,ios,Sales,F2LXKL0AHG7F,30,Device 1,Serial'
            'u1,User One,u1@example.com,First,org1,dev2,,,android,,,,Device 2,'
            'u2,User Two,,,,dev3,,,ios,,,,,Keycode'
        )
        Import-BmgDeviceCsv $csv | Out-Null
    }

    It '10.3 piped property names match the columns ignoring case; a file''s header stays case-sensitive' {
        $row = [pscustomobject]@{ identifier = 'lower1'; os = 'ios'; displayname = 'Lower case' }
        ($row | Import-BmgDeviceCsv -PassThru).Outcome | Should -Be 'Created'
        (Get-BmgDevice lower1).DisplayName | Should -Be 'Lower case'

        $file = Write-TestCsv (New-CsvName) @('identifier,os', 'lower2,ios')
        $result = Invoke-Captured { Import-BmgDeviceCsv $file }
        $result.Errors[-1].FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ImportFailed,*'
    }

    It '10.3 a hashtable is a row of its keys (plain and [ordered])' {
        $summary = @(@{ Identifier = 'h1'; OS = 'ios' }, [ordered]@{ Identifier = 'h2'; OS = 'android'; DisplayName = 'Ordered' }) | Import-BmgDeviceCsv
        $summary.Created | Should -Be 2
        (Get-BmgDevice h1).OS | Should -Be 'ios'
        (Get-BmgDevice h2).DisplayName | Should -Be 'Ordered'
    }

    It '10.3 Get-BmgDevice x | Import-BmgDeviceCsv is Unchanged, and so is every device at once' {
        (Get-BmgDevice dev1 | Import-BmgDeviceCsv -PassThru).Outcome | Should -Be 'Unchanged'
        $before = Get-StoreSnapshot
        $summary = Get-BmgDevice | Import-BmgDeviceCsv
        $summary.Rows | Should -Be 3
        $summary.Unchanged | Should -Be 3
        Get-StoreSnapshot | Should -Be $before
    }

    It '10.3 Get-BmgUser u | Import-BmgDeviceCsv is Unchanged' {
        (Get-BmgUser u1 | Import-BmgDeviceCsv -PassThru).Outcome | Should -Be 'Unchanged'
        (Get-BmgUser | Import-BmgDeviceCsv).Unchanged | Should -Be 2
    }

    It '10.3 the module''s own objects: read-only properties are ignored, DEPMethod is the DEPMethod column' {
        $device = Get-BmgDevice dev1
        $device.DEPMethod = 'Keycode'
        $device.DisplayName = 'Renamed'
        $result = $device | Import-BmgDeviceCsv -PassThru
        $result.Outcome | Should -Be 'Updated'
        $result.Changes | Should -Match 'DEPMethod'
        (Get-BmgDevice dev1).DEPMethod | Should -Be 'Keycode'
        (Get-BmgDevice dev1).DisplayName | Should -Be 'Renamed'

        # Another object with a property that is not a column is still refused: only the module's own are trusted.
        $result = Invoke-Captured { [pscustomobject]@{ Identifier = 'dev2'; State = 'CheckedIn' } | Import-BmgDeviceCsv }
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
    }

    # Walkthrough 30, 2: Export-Clixml writes a DepMethod as its number with its name beside it; read back, the import took
    # the number ("DEPMethod value '0' is not valid") and refused the whole restore of a backup that held a DEP device.
    It 'a backup read back by Import-Clixml restores into an empty store: DEP devices keep their DEPMethod (Serial and Keycode)' {
        $backup = Join-Path $TestDrive "backup-$([guid]::NewGuid().ToString('N')).xml"
        $users = Join-Path $TestDrive "users-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgUser | Export-Clixml -LiteralPath $users
        Get-BmgDevice | Export-Clixml -LiteralPath $backup
        $expected = Get-BmgDevice | Sort-Object Identifier | ForEach-Object { "$($_.Identifier)|$($_.DEPMethod)|$($_.Serial)|$($_.DeviceTags -join ',')|$($_.Template)" }

        $restored = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org1' -Name 'Org one' | Out-Null
        (Import-Clixml -LiteralPath $users | Import-BmgDeviceCsv -Database $restored).Failed | Should -Be 0
        $result = Invoke-Captured { Import-Clixml -LiteralPath $backup | Skip-Code | Import-BmgDeviceCsv -Database $restored }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $summary = $result.Output | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Import.ImportSummary' }
        $summary.Created | Should -Be 3
        $summary.Failed | Should -Be 0
        (Get-BmgDevice -Database $restored | Sort-Object Identifier | ForEach-Object { "$($_.Identifier)|$($_.DEPMethod)|$($_.Serial)|$($_.DeviceTags -join ',')|$($_.Template)" }) |
            Should -Be $expected
        (Get-BmgDevice dev1 -Database $restored).DEPMethod | Should -Be 'Serial'
        (Get-BmgDevice dev3 -Database $restored).DEPMethod | Should -Be 'Keycode'
    }

    # Round 31: a file Export-Clixml wrote before the output enums counted from 1 holds their old numbers (Serial 0, Keycode
    # 1, Registered 0). Import-Clixml gives each back as that number, typed Deserialized.<enum>, whose text is its name:
    # read as a number, the Keycode device would come back Serial. The module reads the name wherever it takes one.
    It 'a backup written while the enums counted from 0 restores by the names it holds, not by its numbers' {
        $backup = Join-Path $TestDrive "old-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDevice | Export-Clixml -LiteralPath $backup
        $text = Get-Content -Raw -LiteralPath $backup
        $shift = { param($m) $m.Groups[1].Value + ([int]$m.Groups[2].Value - 1) + $m.Groups[3].Value }
        $old = [regex]::Replace($text, '(<T>BizMobileGo\.Core\.[A-Za-z.]+</T>\s*<T>System\.Enum</T>[\s\S]*?<I32>)(\d+)(</I32>)', $shift)
        $old = [regex]::Replace($old, '(<TNRef RefId="\d+" />\s*<ToString>\w+</ToString>\s*<I32>)(\d+)(</I32>)', $shift)
        $old | Should -Match '<ToString>Keycode</ToString>\s*<I32>1</I32>' -Because 'the file is as an earlier build wrote it'
        $old | Should -Match '<ToString>Registered</ToString>\s*<I32>0</I32>'
        Set-Content -LiteralPath $backup -Value $old
        (Import-Clixml -LiteralPath $backup | Where-Object Identifier -eq dev3).DEPMethod.PSObject.BaseObject | Should -Be 1 -Because 'read back, the value is the old number'

        $restored = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org1' -Name 'Org one' | Out-Null
        'u1', 'u2' | ForEach-Object { New-BmgUser -UserName $_ | Out-Null }
        $result = Invoke-Captured { Import-Clixml -LiteralPath $backup | Skip-Code | Import-BmgDeviceCsv -Database $restored }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        (Get-BmgDevice dev1 -Database $restored).DEPMethod | Should -Be 'Serial'
        (Get-BmgDevice dev3 -Database $restored).DEPMethod | Should -Be 'Keycode' -Because 'its old number, 1, is Serial now'

        # Piped back to a command that changes devices: the devices it names, by identifier.
        $set = Invoke-Captured { Import-Clixml -LiteralPath $backup | Skip-Code | Set-BmgDevice -Description 'restored' -Database $restored }
        $set.Terminating | Should -BeNullOrEmpty
        $set.Errors | Should -BeNullOrEmpty
        @(Get-BmgDevice -Database $restored | Where-Object Description -eq 'restored') | Should -HaveCount 3

        # Given to an enum parameter: its name (Registered), where its number (0) was refused as a number.
        $state = @(Import-Clixml -LiteralPath $backup)[0].State
        $state.PSObject.BaseObject | Should -Be 0
        $found = Invoke-Captured { Get-BmgDevice -State $state -Database $restored }
        $found.Terminating | Should -BeNullOrEmpty
        @($found.Output) | Should -HaveCount 3
        @(Invoke-Captured { Get-BmgDevice -State @(Import-Clixml -LiteralPath $backup).State -Database $restored }).Output | Should -HaveCount 3

        # JSON holds only the numbers: refused as the field's value (must be Serial or Keycode), never read as another member.
        $json = Get-BmgDevice -Database $restored | Where-Object DEPMethod | Select-Object Identifier, OS, Serial, @{ n = 'DEPMethod'; e = { [int]$_.DEPMethod - 1 } } | ConvertTo-Json
        $before = Get-StoreSnapshot
        $fromJson = Invoke-Captured { $json | ConvertFrom-Json | Import-BmgDeviceCsv -Database $restored }
        @($fromJson.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'InvalidFieldValue'
        "$($fromJson.Errors)" | Should -BeLike '*DEPMethod*must be Serial or Keycode*'
        Get-ErrorId $fromJson.Terminating | Should -Be 'ImportFailed'
        Get-StoreSnapshot | Should -Be $before
    }

    # Walkthrough 30, 1: Select-Object -First put "Selected.System.Management.Automation.PSCustomObject" before a read-back
    # device's own type name, and the import took it for an unknown object: "the header has 14 problems".
    It 'devices read back and passed through Select-Object -First are still the module''s own for the import' {
        $backup = Join-Path $TestDrive "backup-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDevice dev3 | Export-Clixml -LiteralPath $backup
        Remove-BmgDevice dev3 -Confirm:$false
        $result = Invoke-Captured { Import-Clixml -LiteralPath $backup | Skip-Code | Select-Object -First 1 | Import-BmgDeviceCsv }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        ($result.Output | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Import.ImportSummary' }).Created | Should -Be 1
        (Get-BmgDevice dev3).DEPMethod | Should -Be 'Keycode'
    }

    # Walkthrough 30, 8: each line of `ConvertTo-Csv` text was looked up as a file ("Cannot find path '…/"Identifier","OS"'").
    It 'lines of CSV text piped are told for what they are, once (CsvTextNotPath), and nothing is imported' {
        $before = Get-StoreSnapshot
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Identifier = "ci-$_"; OS = 'ios' } }
        foreach ($text in @({ $rows | ConvertTo-Csv }, { $rows | ConvertTo-Csv -UseQuotes Never }, { $rows | ConvertTo-Csv -Delimiter ';' })) {
            $result = Invoke-Captured { & $text | Import-BmgDeviceCsv }
            Assert-ErrorId $result.Errors 'CsvTextNotPath'
            $result.Errors[0].Exception.Message | Should -BeLike '*line of CSV text, not the path of a file*ConvertFrom-Csv | Import-BmgDeviceCsv*'
            $result.Errors[0].TargetObject | Should -Be 'pipeline' -Because 'a data line may hold a check-in code: the text is not the target'
            Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
            $result.Terminating.Exception.Message | Should -BeLike "'pipeline' could not be imported: *(CsvTextNotPath)."
            Get-StoreSnapshot | Should -Be $before
        }

        # What the message says to do works.
        ($rows | ConvertTo-Csv | ConvertFrom-Csv | Import-BmgDeviceCsv).Created | Should -Be 3

        # A piped string that names a file is still its path, a comma in its name or not; one that names none and holds no
        # CSV mark is still FileNotFound.
        $named = Join-Path $TestDrive "batch,$([guid]::NewGuid().ToString('N')).csv"
        Set-Content -LiteralPath $named -Value 'Identifier,OS', 'comma-file,ios'
        ($named | Import-BmgDeviceCsv).Created | Should -Be 1
        $missing = Invoke-Captured { (Join-Path $TestDrive 'missing.csv') | Import-BmgDeviceCsv }
        Assert-ErrorId $missing.Errors 'FileNotFound'
    }

    It 'a piped path that is missing stays FileNotFound naming it, a comma or a -Delimiter in its name or not: <Name>' -ForEach @(
        @{ Name = './a, b.csv and ./c, d.csv'; Paths = @('a, b.csv', 'c, d.csv'); Delimiter = $null }
        @{ Name = './a b.csv with -Delimiter space'; Paths = @('a b.csv'); Delimiter = ' ' }
    ) {
        $before = Get-StoreSnapshot
        $missing = @($Paths | ForEach-Object { Join-Path $TestDrive "$([guid]::NewGuid().ToString('N'))-$_" })
        $result = if ($Delimiter) { Invoke-Captured { $missing | Import-BmgDeviceCsv -Delimiter $Delimiter } } else { Invoke-Captured { $missing | Import-BmgDeviceCsv } }
        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @($missing | ForEach-Object { 'FileNotFound' }) -Because 'a path-like string is a path: each missing one is told, none passed over'
        for ($i = 0; $i -lt $missing.Count; $i++) {
            $result.Errors[$i].Exception.Message | Should -BeLike "*'$($missing[$i])'*"
        }
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.Exception.Message | Should -Not -BeLike "*'pipeline'*"
        foreach ($path in $missing) {
            $result.Terminating.Exception.Message | Should -BeLike "*$path*(FileNotFound)*"
        }
        Get-StoreSnapshot | Should -Be $before
    }

    # Round 31: three shapes of CSV text were still looked up as files, FileNotFound a line: one column written without
    # quotes (no delimiter on any line), text given to -Path/-LiteralPath, and lines holding '/' (read as paths).
    It 'CSV text given where a path is taken is told once, as CsvTextNotPath: <Name>' -ForEach @(
        @{ Name = 'one column, ConvertTo-Csv -UseQuotes Never, piped'; Given = 'pipeline'; Further = 3; Run = { $rows | Select-Object Identifier | ConvertTo-Csv -UseQuotes Never | Import-BmgDeviceCsv } }
        @{ Name = 'lines holding / piped (Get-Content of a file without quotes)'; Given = 'pipeline'; Further = 3; Run = { Get-Content -LiteralPath $file | Import-BmgDeviceCsv } }
        @{ Name = 'lines holding / piped without their header'; Given = 'pipeline'; Further = 2; Run = { Get-Content -LiteralPath $file | Select-Object -Skip 1 | Import-BmgDeviceCsv } }
        @{ Name = '-Path (Get-Content -Raw): one string of all lines'; Given = '-Path'; Further = 0; Run = { Import-BmgDeviceCsv -Path (Get-Content -LiteralPath $file -Raw) } }
        @{ Name = '-Path $lines'; Given = '-Path'; Further = 3; Run = { Import-BmgDeviceCsv -Path (Get-Content -LiteralPath $file) } }
        @{ Name = '-LiteralPath $lines'; Given = '-LiteralPath'; Further = 3; Run = { Import-BmgDeviceCsv -LiteralPath (Get-Content -LiteralPath $file) } }
    ) {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Identifier = "sl-$_"; OS = 'ios'; Description = "Tokyo/Osaka $_" } }
        $file = Join-Path $TestDrive "unquoted-$([guid]::NewGuid().ToString('N')).csv"
        $rows | ConvertTo-Csv -UseQuotes Never | Set-Content -LiteralPath $file
        $before = Get-StoreSnapshot

        $result = Invoke-Captured $Run

        Assert-ErrorId $result.Errors 'CsvTextNotPath'
        $result.Errors[0].TargetObject | Should -Be $Given
        $message = $result.Errors[0].Exception.Message
        if ($Given -eq 'pipeline') {
            $message | Should -BeLike '*A piped string is a line of CSV text, not the path of a file*'
        }
        else {
            $message | Should -BeLike "$Given was given CSV text, not the path of a file: $Given takes paths of CSV files*ConvertFrom-Csv | Import-BmgDeviceCsv*"
        }

        $message | Should -BeLike $(if ($Further -eq 0) { '*It was the only*' } else { "*$Further further*passed over*" })
        $message | Should -Not -BeLike '*Tokyo/Osaka*' -Because 'the text is not echoed'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.Exception.Message | Should -BeLike "'$Given' could not be imported: *(CsvTextNotPath)."
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a real file is imported whatever its name holds (a comma, a quote, a folder), piped, by -Path or -LiteralPath; a missing one in a real folder stays FileNotFound' {
        $folder = Join-Path $TestDrive "in, 2026-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $folder
        $names = @('a,b.csv', 'Tokyo, Osaka')
        if (-not $IsWindows) { $names += 'q"uote.csv' }
        $i = 0
        foreach ($name in $names) {
            $path = Join-Path $folder $name
            foreach ($how in 'piped', 'Path', 'LiteralPath') {
                $i++
                Set-Content -LiteralPath $path -Value 'Identifier,OS', "named-$i,ios"
                $result = switch ($how) {
                    'piped' { Invoke-Captured { $path | Import-BmgDeviceCsv } }
                    'Path' { Invoke-Captured { Import-BmgDeviceCsv -Path ([WildcardPattern]::Escape($path)) } }
                    'LiteralPath' { Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $path } }
                }
                $result.Errors | Should -BeNullOrEmpty -Because "'$name' given $how is a file"
                $result.Terminating | Should -BeNullOrEmpty
                (Get-BmgDevice "named-$i").Identifier | Should -Be "named-$i"
            }
        }

        # Relative, in a folder that exists, no file ending: a path (its folder exists), told missing by its name.
        Push-Location -LiteralPath (Split-Path $folder -Parent)
        try {
            $relative = Invoke-Captured { ((Split-Path $folder -Leaf) + '/x, y') | Import-BmgDeviceCsv }
            Assert-ErrorId $relative.Errors 'FileNotFound'
            $relative.Errors[0].Exception.Message | Should -BeLike '*x, y*'
        }
        finally { Pop-Location }
    }

    It 'CSV text piped says how many further lines it passed over' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Identifier = "cn-$_"; OS = 'ios' } }
        $many = Invoke-Captured { $rows | ConvertTo-Csv | Import-BmgDeviceCsv }
        @($many.Errors).Count | Should -Be 1
        $many.Errors[0].Exception.Message | Should -BeLike '*3 further piped lines of CSV text were passed over*'
        $one = Invoke-Captured { 'Identifier,OS' | Import-BmgDeviceCsv }
        $one.Errors[0].Exception.Message | Should -BeLike '*It was the only piped line of CSV text.'
    }

    It 'a piped field holding an object is a row error (ObjectNotFieldValue), not its display text stored: <Name>' -ForEach @(
        @{ Name = 'a nested [pscustomobject]'; Field = 'Description'; Row = { [pscustomobject]@{ Identifier = 'obj-1'; OS = 'ios'; Description = [pscustomobject]@{ site = 'Tokyo' } } }; TypeName = 'System.Management.Automation.PSCustomObject' }
        @{ Name = 'ConvertFrom-Json output'; Field = 'Description'; Row = { '{"Identifier":"obj-1","OS":"ios","Description":{"site":"Tokyo","floor":3}}' | ConvertFrom-Json }; TypeName = 'System.Management.Automation.PSCustomObject' }
        @{ Name = 'a hashtable'; Field = 'Description'; Row = { [pscustomobject]@{ Identifier = 'obj-1'; OS = 'ios'; Description = @{ site = 'Tokyo' } } }; TypeName = 'System.Collections.Hashtable' }
        @{ Name = 'an object in a list'; Field = 'DeviceTags'; Row = { [pscustomobject]@{ Identifier = 'obj-1'; OS = 'ios'; DeviceTags = @('Sales', [pscustomobject]@{ tag = 'Tokyo' }) } }; TypeName = 'System.Management.Automation.PSCustomObject' }
    ) {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { & $Row | Import-BmgDeviceCsv }
        Assert-ErrorId $result.Errors 'ObjectNotFieldValue'
        $result.Errors[0].Exception.Message | Should -BeLike "Line 2 (device 'obj-1'): $Field value is an object ($TypeName)*a field takes text, a number, a date or a list of them*"
        $result.Errors[0].Exception.Message | Should -Not -BeLike '*Tokyo*' -Because 'the object is not echoed'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        Get-StoreSnapshot | Should -Be $before

        # -SkipInvalidRows: that row skipped, the next imported.
        $skipped = Invoke-Captured { @((& $Row), [pscustomobject]@{ Identifier = 'obj-2'; OS = 'ios' }) | Import-BmgDeviceCsv -SkipInvalidRows }
        $skipped.Output.Failed | Should -Be 1
        $skipped.Output.Created | Should -Be 1
        @(Get-BmgDevice | Where-Object Identifier -EQ 'obj-1') | Should -BeNullOrEmpty
    }

    It 'New-BmgDevice refuses a piped field holding an object by the same rule: <Name>' -ForEach @(
        @{ Name = 'a nested [pscustomobject]'; Row = { [pscustomobject]@{ Identifier = 'nb-1'; OS = 'ios'; Description = [pscustomobject]@{ site = 'Tokyo' } } }; TypeName = 'System.Management.Automation.PSCustomObject' }
        @{ Name = 'a hashtable'; Row = { [pscustomobject]@{ Identifier = 'nb-1'; OS = 'ios'; Description = @{ site = 'Tokyo' } } }; TypeName = 'System.Collections.Hashtable' }
    ) {
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { & $Row | New-BmgDevice }
        Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
        "$($result.Errors[0])" | Should -BeLike "*Description value is an object ($TypeName), not a value: a field takes text, a number, a date or a list of them*"
        Get-StoreSnapshot | Should -Be $before
        # Values still bind: a date and a number as text, a Clixml DEPMethod by its name.
        ([pscustomobject]@{ Identifier = 'nb-2'; OS = 'ios'; Description = [datetime]::new(2026, 12, 5, 18, 3, 2); DisplayName = 1234.5; DeviceTags = @('Sales') } | New-BmgDevice) | Out-Null
        (Get-BmgDevice nb-2).Description | Should -Be '12/05/2026 18:03:02'
        (Get-BmgDevice nb-2).DisplayName | Should -Be '1234.5'
        # Set-BmgDevice's fields (typed) and New-BmgUser's (piped) meet the same rule.
        $set = Invoke-Captured { Set-BmgDevice nb-2 -Description (& $Row).Description }
        "$($set.Errors[0])$($set.Terminating)" | Should -BeLike "*Description value is an object ($TypeName)*"
        (Get-BmgDevice nb-2).Description | Should -Be '12/05/2026 18:03:02'
        $user = Invoke-Captured { [pscustomobject]@{ UserName = 'nb-user'; Name = (& $Row).Description } | New-BmgUser }
        "$($user.Errors[0])" | Should -BeLike "*Name value is an object ($TypeName)*"
        Get-BmgUser nb-user -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'piped dates and numbers are stored in one form in <Culture>, live and read back by Import-Clixml' -ForEach @(
        @{ Culture = 'de-DE'; Shown = '1234,5' }, @{ Culture = 'ja-JP'; Shown = '1234.5' }
    ) {
        $saved = [System.Globalization.CultureInfo]::CurrentCulture
        try {
            [System.Globalization.CultureInfo]::CurrentCulture = $Culture
            # Guard: the culture is in force (de-DE writes a decimal comma).
            (1234.5).ToString() | Should -Be $Shown
            $live = [pscustomobject]@{ Identifier = 'cul-live'; OS = 'ios'; Description = [datetime]::new(2026, 12, 5, 18, 3, 2); DisplayName = 1234.5; ExpirationDays = [decimal]30 }
            $xml = Join-Path $TestDrive "cul-$Culture.xml"
            $live | Export-Clixml -LiteralPath $xml
            $back = Import-Clixml -LiteralPath $xml
            $back.Identifier = 'cul-back'
            $dated = [pscustomobject]@{ Identifier = 'cul-get-date'; OS = 'ios'; Description = (Get-Date -Date '2026-12-05T18:03:02'); DisplayName = [float]0.25 }
            ($live, $back, $dated | Import-BmgDeviceCsv).Created | Should -Be 3
        }
        finally {
            [System.Globalization.CultureInfo]::CurrentCulture = $saved
        }

        foreach ($id in 'cul-live', 'cul-back') {
            $device = Get-BmgDevice $id
            $device.Description | Should -Be '12/05/2026 18:03:02'
            $device.DisplayName | Should -Be '1234.5'
            $device.ExpirationDays | Should -Be 30
        }
        (Get-BmgDevice cul-get-date).Description | Should -Be '12/05/2026 18:03:02'
        (Get-BmgDevice cul-get-date).DisplayName | Should -Be '0.25'
    }

    It '10.3 Get-BmgUser u | Get-BmgDevice gives u''s devices' {
        @(Get-BmgUser u1 | Get-BmgDevice).Identifier | Sort-Object | Should -Be @('dev1', 'dev2')
        @(Get-BmgUser u2 | Get-BmgDevice).Identifier | Should -Be @('dev3')
        @(Get-BmgUser | Get-BmgDevice).Count | Should -Be 3
    }

    It '10.3 Get-BmgDevice -Identifier $null is refused, as Set- and Remove-BmgDevice refuse it' {
        $get = Invoke-Captured { Get-BmgDevice -Identifier $null }
        $remove = Invoke-Captured { Remove-BmgDevice -Identifier $null -Confirm:$false }
        $get.Output | Should -BeNullOrEmpty
        (Get-ErrorId $get.Terminating) | Should -Be (Get-ErrorId $remove.Terminating)
        (Get-ErrorId $get.Terminating) | Should -Be 'ParameterArgumentValidationErrorNullNotAllowed'
        "$($get.Terminating)" | Should -Match "'Identifier'"
    }

    It '10.3 -Encoding takes a [System.Text.Encoding] too (Import-BmgDeviceCsv and Export-BmgDeviceCsv)' {
        $sjis = [System.Text.Encoding]::GetEncoding(932)
        $csv = Write-TestCsv (New-CsvName) -Encoding '932' @('Identifier,OS,DisplayName', 'enc1,ios,日本語の端末')
        (Import-BmgDeviceCsv $csv -Encoding $sjis).Created | Should -Be 1
        (Get-BmgDevice enc1).DisplayName | Should -Be '日本語の端末'

        $out = Join-Path $TestDrive "export-$([guid]::NewGuid().ToString('N')).csv"
        Get-BmgDevice enc1 | Export-BmgDeviceCsv $out -Encoding ([System.Text.UnicodeEncoding]::new($false, $true))
        $bytes = [System.IO.File]::ReadAllBytes($out)
        $bytes[0..1] | Should -Be @(0xFF, 0xFE)
        [System.Text.Encoding]::Unicode.GetString($bytes) | Should -Match '日本語の端末'
    }

    It '10.3 no "(Parameter ''name'')" tails in messages: <Command>' -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv -Encoding bogus'; Script = { Import-BmgDeviceCsv (Write-TestCsv (New-CsvName) @('Identifier,OS', 'x1,ios')) -Encoding bogus } }
        @{ Command = 'Export-BmgDeviceCsv -Encoding bogus'; Script = { Export-BmgDeviceCsv (Join-Path $TestDrive 'never.csv') -Encoding bogus } }
    ) {
        $result = Invoke-Captured $Script
        (Get-ErrorId $result.Terminating) | Should -Be 'UnknownEncoding'
        $result.Terminating.Exception.Message | Should -Match "'bogus' is not a known encoding"
        $result.Terminating.Exception.Message | Should -Not -Match '\(Parameter '
        "$($result.Terminating)" | Should -Not -Match '\(Parameter '
    }
}

Describe 'a piped header refusal still says the earlier piped rows'' own errors (leftovers 19, item 5)' {
    It 'rows 1 and 3 fine, row 2 with an invalid OS, row 4 refused as a header: row 2''s error, then the refusal; nothing imported' {
        New-TestStore | Out-Null
        $rows = @(
            [pscustomobject]@{ Identifier = 'hdr-1'; OS = 'ios' }
            [pscustomobject]@{ Identifier = 'hdr-2'; OS = 'not-an-os' }
            [pscustomobject]@{ Identifier = 'hdr-3'; OS = 'ios' }
            [pscustomobject]@{ Identifier = 'hdr-4'; OS = 'ios'; State = 'CheckedIn' }
        )
        $result = Invoke-Captured { $rows | Import-BmgDeviceCsv }
        @($result.Errors) | Should -HaveCount 1
        "$($result.Errors[0])" | Should -BeLike '*line 3*'
        $result.Errors[0].TargetObject | Should -Not -BeNullOrEmpty
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'UnknownCsvColumn,*'
        Get-BmgDevice | Should -BeNullOrEmpty
    }
}
