BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:Header = 'UserName,Name,EmailAddress,UserDescription,Organizations,Identifier,Template,Code,OS,DeviceTags,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,RegistrationEmail,DEPMethod'

    function New-Inventory {
        <# A new store holding every field kind, a user with two devices, a device without a user, a user
           without a device, a checked-in and a withdrawn device. Returns nothing. #>
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        'Sales', 'Kiosk', '貸出' | ForEach-Object { New-BmgDeviceTag -Name $_ | Out-Null }
        New-BmgOrganization -Id 'org-a' -Name 'Org A' | Out-Null
        New-BmgOrganization -Id 'org-b' -Name '組織 B' | Out-Null
        Import-BmgDepDevice (Join-Path $PSScriptRoot '../../examples/dep-devices.csv') | Out-Null

        $taro = 'user0001,山田 太郎,taro@example.co.jp,"営業部, 東京",org-a|org-b'
        $csv = Write-TestCsv -Name 'inventory.csv' -Lines @(
            $script:Header
            "$taro,apple001,Standard,Abc123,iOS,Sales|Kiosk|貸出,aa-bb-cc-dd-ee-ff,490154203237518,,0123456789abcdef0123456789abcdef01234567,aaabbbcccddd,30,""Taro's """"work"""" phone"",""line1`r`nline2, with comma"",taro@example.co.jp,Serial"
            "$taro,apple002,,,ios,,,,A00000456789AB,00008030-001A2B3C4D5E6F7A,,,=1+2,""  padded  "",,Key Code"
            ',,,,,bravo01,,,Android,Kiosk,,,,,,365,-dash,@home,,'
            'hanako,花子,,+81 3 1234,org-b,,,,,,,,,,,,,,,'
            "jiro,Jiro,jiro@example.com,,,charlie01,,,windows,,,,,,,,,""multi`nline"",,"
        )
        $summary = Import-BmgDeviceCsv $csv
        $summary.Created | Should -Be 5

        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD -WifiMac 'AA:BB:CC:DD:EE:FF' -Imei 490154203237518 `
            -Udid 0123456789abcdef0123456789abcdef01234567 | Out-Null
        Unregister-BmgDevice charlie01 -Confirm:$false | Out-Null
        (Get-BmgDevice apple001).State | Should -Be 'CheckedIn'
        (Get-BmgDevice charlie01).State | Should -Be 'Withdrawn'
    }
}

Describe 'Export-BmgDeviceCsv' {
    Context 'round trip' {
        BeforeEach {
            New-Inventory
            $path = Join-Path $TestDrive 'export.csv'
        }

        It 'writes a file that re-imports with every row Unchanged' {
            $before = Get-StoreSnapshot
            Export-BmgDeviceCsv $path | Should -BeNullOrEmpty

            $rows = @(Import-BmgDeviceCsv $path -PassThru)
            $rows.Count | Should -Be 5
            $rows | ForEach-Object { $_.Outcome | Should -Be 'Unchanged' -Because "line $($_.Line) ($($_.Identifier)$($_.UserName)): $($_.Changes) $($_.Error)" }

            $summary = Import-BmgDeviceCsv $path
            $summary.Unchanged | Should -Be $summary.Rows
            $summary.Failed | Should -Be 0
            $summary.EmailsQueued | Should -Be 0
            Get-StoreSnapshot | Should -Be $before
        }

        It 'writes every column, values as stored, checked-in devices and list fields included' {
            Export-BmgDeviceCsv $path
            $lines = [System.IO.File]::ReadAllText($path) -split "`r`n"
            $lines[0] | Should -Be "$([char]0xFEFF)$script:Header"

            $rows = Import-Csv $path
            $rows.Count | Should -Be 5
            $apple001 = $rows | Where-Object Identifier -eq 'apple001'
            $apple001.UserName | Should -Be 'user0001'
            $apple001.Name | Should -Be '山田 太郎'
            $apple001.Organizations | Should -Be 'org-a|org-b'
            $apple001.DeviceTags | Should -Be 'Sales|Kiosk|貸出'
            $apple001.Code | Should -Be 'Abc123'
            $apple001.OS | Should -Be 'ios'
            $apple001.WifiMac | Should -Be 'AA:BB:CC:DD:EE:FF'
            $apple001.Serial | Should -Be 'AAABBBCCCDDD'
            $apple001.ExpirationDays | Should -Be '30'
            $apple001.DisplayName | Should -Be "Taro's ""work"" phone"
            $apple001.Description | Should -Be "line1`r`nline2, with comma"
            $apple001.DEPMethod | Should -Be 'Serial'

            $apple002 = $rows | Where-Object Identifier -eq 'apple002'
            $apple002.DEPMethod | Should -Be 'Keycode'
            $apple002.Code | Should -Be ((Get-BmgDevice apple002).Code | ConvertFrom-SecureString -AsPlainText)
            $apple002.ExpirationDays | Should -Be '7'
            $apple002.Description | Should -Be 'padded'
            foreach ($column in 'UserName', 'Name', 'EmailAddress', 'UserDescription', 'Organizations') {
                $apple002.$column | Should -Be $apple001.$column
            }

            $bravo = $rows | Where-Object Identifier -eq 'bravo01'
            $bravo.UserName | Should -Be ''
            $bravo.Name | Should -Be ''

            $hanako = $rows | Where-Object UserName -eq 'hanako'
            $hanako.Identifier | Should -Be ''
            $hanako.OS | Should -Be ''
            $hanako.ExpirationDays | Should -Be ''

            ($rows | Where-Object Identifier -eq 'charlie01').Description | Should -Be "multi`nline"
        }

        It 'Get-BmgDevice | Select-Object Identifier, OS, Serial, DepMethod | Export-Csv reads back with Import-BmgDeviceCsv, every row Unchanged' {
            # The header match is case-sensitive (SPEC 6.1); Select-Object names a column after the property it found,
            # whatever case was typed, so the property must be spelled as the column is.
            $before = Get-StoreSnapshot
            Get-BmgDevice | Select-Object Identifier, OS, Serial, DepMethod | Export-Csv $path -NoTypeInformation
            Get-Content $path -TotalCount 1 | Should -BeExactly '"Identifier","OS","Serial","DEPMethod"'

            $result = Invoke-Captured { Import-BmgDeviceCsv $path }
            $result.Terminating | Should -BeNullOrEmpty
            $result.Output.Failed | Should -Be 0
            $result.Output.Unchanged | Should -Be 4
            Get-StoreSnapshot | Should -Be $before
        }

        It 'spells each property of the module''s objects that is a column as the header does: in the objects, views, default sets and completion' {
            $columns = $script:Header -split ','
            foreach ($object in (Get-BmgDevice apple002), (Get-BmgDeviceDepLink apple002)) {
                foreach ($name in $object.PSObject.Properties.Name) {
                    $column = $columns | Where-Object { $_ -eq $name }
                    if ($column) { $name | Should -BeExactly $column -Because "$($object.GetType().Name).$name is the CSV column $column" }
                }
            }

            @((Get-BmgDevice apple002).PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames) -ccontains 'DEPMethod' | Should -BeTrue
            ((Get-BmgDevice apple002 | Format-Table | Out-String) -split "`r?`n" | Where-Object { $_ })[0] | Should -MatchExactly '\bDEPMethod\b'
            ((Get-BmgDeviceDepLink apple002 | Format-Table | Out-String) -split "`r?`n" | Where-Object { $_ })[0] | Should -MatchExactly '\bDEPMethod\b'
            (Get-BmgDevice apple002 | Format-List | Out-String) | Should -MatchExactly '(?m)^DEPMethod\s+:'

            $line = 'Get-BmgDevice | Select-Object depm'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) -ccontains 'DEPMethod' | Should -BeTrue
        }

        It 'writes formula-looking values with the formula escape (9.11)' {
            Export-BmgDeviceCsv $path
            $rows = Import-Csv $path
            ($rows | Where-Object Identifier -eq 'apple002').DisplayName | Should -Be "'=1+2"
            ($rows | Where-Object Identifier -eq 'bravo01').DisplayName | Should -Be "'-dash"
            ($rows | Where-Object Identifier -eq 'bravo01').Description | Should -Be "'@home"
            ($rows | Where-Object UserName -eq 'hanako').UserDescription | Should -Be "'+81 3 1234"
        }

        It 'starts the default file with the UTF-8 BOM and ends lines with CRLF' {
            Export-BmgDeviceCsv $path
            $bytes = [System.IO.File]::ReadAllBytes($path)
            $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
            $text = [System.Text.Encoding]::UTF8.GetString($bytes, 3, $bytes.Length - 3)
            $text | Should -BeLike "$script:Header`r`n*"
            $text.EndsWith("`r`n") | Should -BeTrue
            [regex]::Matches($text, "(?<!`r)`n").Count | Should -Be 1 -Because 'every line ends with CRLF; the one bare LF is inside the value "multi`nline"'
        }

        It 'round-trips with -Encoding 932, keeping the Japanese text' {
            Export-BmgDeviceCsv $path -Encoding 932
            $bytes = [System.IO.File]::ReadAllBytes($path)
            $bytes[0] | Should -Not -Be 0xEF
            [System.Text.Encoding]::RegisterProvider([System.Text.CodePagesEncodingProvider]::Instance)
            $text = [System.Text.Encoding]::GetEncoding(932).GetString($bytes)
            $text | Should -Match '山田 太郎'
            $text | Should -Match '組織|貸出'

            $rows = @(Import-BmgDeviceCsv $path -Encoding 932 -PassThru)
            $rows.Count | Should -Be 5
            $rows | ForEach-Object { $_.Outcome | Should -Be 'Unchanged' }
            (Get-BmgUser user0001).Name | Should -Be '山田 太郎'
        }

        It 'takes shift_jis and utf8 (no BOM) as encoding names' {
            Export-BmgDeviceCsv $path -Encoding shift_jis
            (@(Import-BmgDeviceCsv $path -PassThru) | Where-Object Outcome -ne 'Unchanged') | Should -BeNullOrEmpty
            Export-BmgDeviceCsv $path -Encoding utf8
            [System.IO.File]::ReadAllBytes($path)[0] | Should -Be ([byte][char]'U')
            (Import-BmgDeviceCsv $path).Unchanged | Should -Be 5
        }

        It 'refuses a value Shift_JIS cannot hold, leaving no file' {
            Write-TestCsv -Name 'emoji.csv' -Lines @('Identifier,OS,DisplayName', "emoji01,ios,Phone $([char]::ConvertFromUtf32(0x1F4F1))") |
                Import-BmgDeviceCsv | Out-Null
            $sjis = Join-Path $TestDrive 'emoji-sjis.csv'
            { Export-BmgDeviceCsv $sjis -Encoding 932 } | Should -Throw -ErrorId 'UnencodableValue,*'
            Test-Path $sjis | Should -BeFalse
            @(Get-ChildItem $TestDrive -Filter '*.tmp' -Force).Count | Should -Be 0
        }

        # Walkthrough 26, finding 8: Excel opens a UTF-16 file as "Unicode text", at tabs, so a comma-separated one showed every
        # row in column A. -Encoding unicode without -Delimiter writes tabs, and the import reads them back without -Delimiter.
        It 'writes -Encoding unicode tab-separated, as Excel''s "Unicode text", and it reads back unchanged' {
            Export-BmgDeviceCsv $path -Encoding unicode
            $bytes = [System.IO.File]::ReadAllBytes($path)
            $bytes[0..1] | Should -Be @(0xFF, 0xFE)
            $first = [System.IO.File]::ReadAllLines($path, [System.Text.Encoding]::Unicode)[0]
            $first | Should -BeExactly $script:Header.Replace(',', "`t")
            (Import-BmgDeviceCsv $path).Unchanged | Should -Be 5
        }

        It 'keeps a given -Delimiter for -Encoding unicode' {
            Export-BmgDeviceCsv $path -Encoding unicode -Delimiter ','
            [System.IO.File]::ReadAllLines($path, [System.Text.Encoding]::Unicode)[0] | Should -BeExactly $script:Header
            (Import-BmgDeviceCsv $path).Unchanged | Should -Be 5
        }

        It 'round-trips with another -Delimiter' {
            Export-BmgDeviceCsv $path -Delimiter ';'
            (Get-Content $path -TotalCount 1) | Should -Be "$([char]0xFEFF)$($script:Header.Replace(',', ';'))"
            (Import-BmgDeviceCsv $path -Delimiter ';').Unchanged | Should -Be 5
        }
    }

    Context 'selected devices' {
        BeforeEach {
            New-Inventory
            $path = Join-Path $TestDrive 'selected.csv'
        }

        It 'exports only the piped devices, with their users' {
            Get-BmgDevice -Identifier a* | Export-BmgDeviceCsv $path
            $rows = @(Import-Csv $path)
            $rows.Identifier | Should -Be @('apple001', 'apple002')
            $rows.UserName | Should -Be @('user0001', 'user0001')
            $rows.Name | Should -Be @('山田 太郎', '山田 太郎')
            $rows.UserName | Should -Not -Contain 'hanako'

            $imported = @(Import-BmgDeviceCsv $path -PassThru)
            $imported.Count | Should -Be 2
            $imported | ForEach-Object { $_.Outcome | Should -Be 'Unchanged' }
        }

        It 'exports the piped devices in the order piped, each with its user (read a chunk at a time)' {
            Get-BmgDevice charlie01, bravo01, apple002 | Export-BmgDeviceCsv $path
            $rows = @(Import-Csv $path)
            $rows.Identifier | Should -Be @('charlie01', 'bravo01', 'apple002')
            $rows.UserName | Should -Be @('jiro', '', 'user0001')
            $rows.Name | Should -Be @('Jiro', '', '山田 太郎')
        }

        It 'refuses a typed -Identifier pattern as an exact name, in Set-BmgDevice''s words: how to export what it matches' {
            $new = Join-Path $TestDrive "pattern-$([guid]::NewGuid().ToString('N')).csv"
            $result = Invoke-Captured { Export-BmgDeviceCsv $new -Identifier 'app*' }
            Assert-ErrorId $result.Errors 'DeviceNotFound'
            # The test store is the default -Database (PSDefaultParameterValues), which the piped form repeats as " -Database …".
            $result.Errors[0].Exception.Message | Should -Match ('^' + [regex]::Escape("No device has the Identifier 'app*' $(Get-InStore). Export-BmgDeviceCsv takes each -Identifier as an exact name, " +
                "not a wildcard pattern; to act on the devices a pattern matches, select them and pipe them: Get-BmgDevice 'app*'") + '( -Database …)? \| Export-BmgDeviceCsv -Path …( -Database …)?\.$')
            Test-Path $new | Should -BeFalse
        }

        It 'exports a device piped twice once' {
            @(Get-BmgDevice bravo01) + @(Get-BmgDevice BRAVO01) | Export-BmgDeviceCsv $path
            @(Import-Csv $path).Identifier | Should -Be @('bravo01')
        }

        It 'writes only the header when the pipeline brings no device' {
            $new = Join-Path $TestDrive "new-$([guid]::NewGuid().ToString('N')).csv"
            Get-BmgDevice -Identifier 'zzz*' | Export-BmgDeviceCsv $new
            Get-Content $new | Should -Be "$([char]0xFEFF)$script:Header"
        }

        It 'exports the devices named by piped module objects with an Identifier (DeviceDepLink, history entries) (walkthrough B4)' {
            $links = Invoke-Captured { Get-BmgDeviceDepLink apple* | Export-BmgDeviceCsv $path }
            $links.Errors | Should -BeNullOrEmpty -Because 'a DeviceDepLink binds by its Identifier'
            @(Import-Csv $path).Identifier | Should -Be @('apple001', 'apple002')

            $history = Invoke-Captured { Get-BmgDeviceHistory bravo01 | Export-BmgDeviceCsv $path }
            $history.Errors | Should -BeNullOrEmpty
            @(Import-Csv $path).Identifier | Should -Be @('bravo01') -Because 'each device once, however many entries name it'
        }

        It 'leaves an existing file as it was when the piped input selects no device, and says so (walkthrough B4)' {
            Export-BmgDeviceCsv $path
            $bytes = [System.IO.File]::ReadAllBytes($path)

            $unbound = Invoke-Captured { 'not-a-device-object', 42 | Export-BmgDeviceCsv $path }
            [System.IO.File]::ReadAllBytes($path) | Should -Be $bytes -Because 'a backup is never replaced by a header alone'
            @($unbound.Warnings) -like "*was not changed*" | Should -HaveCount 1

            $empty = Invoke-Captured { Get-BmgDevice -Identifier 'zzz*' | Export-BmgDeviceCsv $path }
            [System.IO.File]::ReadAllBytes($path) | Should -Be $bytes
            @($empty.Warnings) -like "*'$path' was not changed*" | Should -HaveCount 1
        }

        It 'does not replace the file when a piped device is no longer stored (walkthrough B4)' {
            Export-BmgDeviceCsv $path
            $bytes = [System.IO.File]::ReadAllBytes($path)
            $devices = @(Get-BmgDevice -Identifier a*)
            Remove-BmgDevice -Identifier apple002 -Confirm:$false

            $result = Invoke-Captured { $devices | Export-BmgDeviceCsv $path }
            Get-ErrorId $result.Errors[0] | Should -Be 'DeviceNotFound'
            Get-ErrorId $result.Terminating | Should -Be 'DeviceNotFound'
            "$($result.Terminating)" | Should -Match 'was not written'
            [System.IO.File]::ReadAllBytes($path) | Should -Be $bytes
            @(Get-ChildItem -Force (Split-Path $path) -Filter '.*.tmp') | Should -BeNullOrEmpty -Because 'no temporary file stays behind'
        }

        It 'takes devices by -InputObject' {
            Export-BmgDeviceCsv $path -InputObject (Get-BmgDevice bravo01)
            @(Import-Csv $path).Identifier | Should -Be @('bravo01')
        }
    }

    Context 'files' {
        BeforeEach {
            New-Inventory
            $path = Join-Path $TestDrive 'existing.csv'
            Set-Content -Path $path -Value 'previous content'
        }

        It 'overwrites an existing file by default' {
            Export-BmgDeviceCsv $path
            Get-Content $path -TotalCount 1 | Should -Be "$([char]0xFEFF)$script:Header"
        }

        It '-NoClobber refuses an existing file and leaves it untouched' {
            $failure = $null
            try { Export-BmgDeviceCsv $path -NoClobber } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
            $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
            $failure.TargetObject | Should -Be $path
            Get-Content $path | Should -Be 'previous content'
        }

        It '-NoClobber writes a new file' {
            $new = Join-Path $TestDrive 'new.csv'
            Export-BmgDeviceCsv $new -NoClobber
            Test-Path $new | Should -BeTrue
        }

        It 'refuses a read-only file without -Force and replaces it with -Force' {
            (Get-Item $path).IsReadOnly = $true
            try {
                { Export-BmgDeviceCsv $path } | Should -Throw -ErrorId 'FileReadOnly,*'
                Get-Content $path | Should -Be 'previous content'

                Export-BmgDeviceCsv $path -Force
                Get-Content $path -TotalCount 1 | Should -Be "$([char]0xFEFF)$script:Header"
                (Get-Item $path).IsReadOnly | Should -BeTrue
            } finally {
                (Get-Item $path).IsReadOnly = $false
            }
        }

        It '-WhatIf writes no file and leaves an existing one untouched' {
            $new = Join-Path $TestDrive 'whatif.csv'
            Export-BmgDeviceCsv $new -WhatIf
            Test-Path $new | Should -BeFalse
            Export-BmgDeviceCsv $path -WhatIf
            Get-Content $path | Should -Be 'previous content'
        }

        It '-PassThru writes the FileInfo' {
            $file = Export-BmgDeviceCsv $path -PassThru
            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.FullName | Should -Be (Resolve-Path $path).ProviderPath
        }

        It 'resolves relative paths against the current location and -LiteralPath takes brackets literally' {
            Push-Location $TestDrive
            try {
                Export-BmgDeviceCsv 'relative.csv'
                Test-Path (Join-Path $TestDrive 'relative.csv') | Should -BeTrue
                Export-BmgDeviceCsv -LiteralPath 'devices[1].csv'
                Test-Path -LiteralPath (Join-Path $TestDrive 'devices[1].csv') | Should -BeTrue
            } finally {
                Pop-Location
            }
        }

        It 'refuses a path outside the file system, a directory and an unknown encoding' {
            { Export-BmgDeviceCsv 'Variable:\devices' } | Should -Throw -ErrorId 'NotFileSystemPath,*'
            { Export-BmgDeviceCsv $TestDrive } | Should -Throw -ErrorId 'PathIsDirectory,*'
            { Export-BmgDeviceCsv (Join-Path $TestDrive 'x.csv') -Encoding 'klingon' } | Should -Throw -ErrorId 'UnknownEncoding,*'
            Test-Path (Join-Path $TestDrive 'x.csv') | Should -BeFalse
        }

        It 'is exported by the module' {
            (Get-Module BizMobileGo).ExportedCmdlets.Keys | Should -Contain 'Export-BmgDeviceCsv'
        }
    }
}

Describe 'Export-Csv of the objects, given to the imports: the refusal leads to the export that imports back (walkthrough 18, 2)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org-a' -Name 'Org A' | Out-Null
        New-BmgUser -UserName 'user0001' -Organizations 'org-a' | Out-Null
        New-BmgDevice -Identifier 'ec-1' -OS ios -DeviceTags 'Sales' | Out-Null
        New-BmgDevice -Identifier 'ec-2' -OS android | Out-Null
        Import-BmgDepDevice (Join-Path $PSScriptRoot '../../examples/dep-devices.csv') | Out-Null
    }

    It 'Get-BmgDevice | Export-Csv: the header''s object properties are UnknownCsvColumn saying what the file is and to use Export-BmgDeviceCsv, the failure too' {
        $path = Join-Path $TestDrive (New-CsvName 'objects')
        Get-BmgDevice | Export-Csv -LiteralPath $path -NoTypeInformation
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { Import-BmgDeviceCsv $path }
        $result.Errors.Count | Should -BeGreaterThan 1
        $first = $result.Errors[0]
        Get-ErrorId $first | Should -Be 'UnknownCsvColumn'
        $first.Exception.Message | Should -BeLike "*'UseDep' is not a column but a property of Get-BmgDevice's output objects*"
        $first.Exception.Message | Should -BeLike '*looks like Export-Csv of Get-BmgDevice output*Export-BmgDeviceCsv*'
        $first.Exception.Message | Should -BeLike "*-join '|'*"
        # The counted summary says it once more, and so does the failure a nightly job's log keeps (it names the first problem).
        $result.Errors[-1].Exception.Message | Should -BeLike '*the header has * problems*looks like Export-Csv of Get-BmgDevice output*Export-BmgDeviceCsv*The columns are: *'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.Exception.Message | Should -BeLike '*Export-BmgDeviceCsv*'
        # Every property that is no column is named as a property of the objects, not with a did-you-mean.
        foreach ($record in $result.Errors[1..($result.Errors.Count - 2)]) {
            Get-ErrorId $record | Should -Be 'UnknownCsvColumn'
            $record.Exception.Message | Should -BeLike "*is not a column but a property of Get-BmgDevice's output objects.*"
        }
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a typo in a header, or one column named like a property (another tool''s State), is still told as before, with no word of Export-Csv' {
        $path = Write-TestCsv -Name (New-CsvName 'typo') -Lines @('Identifier,OS,Serail', 'typo-1,ios,')
        $result = Invoke-Captured { Import-BmgDeviceCsv $path }
        Get-ErrorId $result.Errors[0] | Should -Be 'UnknownCsvColumn'
        $result.Errors[0].Exception.Message | Should -BeLike "*'Serail' is not a column*Did you mean 'Serial'?*"
        $result.Errors[0].Exception.Message | Should -Not -BeLike '*Export-Csv*'
        $path = Write-TestCsv -Name (New-CsvName 'state') -Lines @('Identifier,OS,State', 'state-1,ios,Active')
        $result = Invoke-Captured { Import-BmgDeviceCsv $path }
        Get-ErrorId $result.Errors[0] | Should -Be 'UnknownCsvColumn'
        $result.Errors[0].Exception.Message | Should -BeLike "*'State' is not a column; header names are case-sensitive*"
        $result.Errors[0].Exception.Message | Should -Not -BeLike '*Export-Csv*'
    }

    It 'a list cell that is Export-Csv''s text for a list (System.String[], even for no tags) is refused saying so and how to write the list, for DeviceTags and Organizations' {
        $devices = Join-Path $TestDrive (New-CsvName 'selected')
        Get-BmgDevice | Select-Object Identifier, OS, DeviceTags | Export-Csv -LiteralPath $devices -NoTypeInformation
        (Get-Content -LiteralPath $devices) | Should -Contain '"ec-2","android","System.String[]"' -Because 'this is what Export-Csv writes of a list, even an empty one'
        $users = Join-Path $TestDrive (New-CsvName 'users')
        # Without Database (the store a user was read from, twenty-eighth round) and UserKey (its store key, thirty-second
        # round): either column alone refuses the file as an export of Get-BmgUser's objects (at the end of this test), before
        # any row's list cell is read.
        Get-BmgUser | Select-Object * -ExcludeProperty Database, UserKey | Export-Csv -LiteralPath $users -NoTypeInformation
        $before = Get-StoreSnapshot
        foreach ($case in @(@{ Path = $devices; Field = 'DeviceTags'; Rows = 2 }, @{ Path = $users; Field = 'Organizations'; Rows = 1 })) {
            $result = Invoke-Captured { Import-BmgDeviceCsv $case.Path -SkipInvalidRows }
            $rowErrors = @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'ReferenceNotFound' })
            $rowErrors | Should -HaveCount $case.Rows
            foreach ($record in $rowErrors) {
                $record.Exception.Message | Should -BeLike "*$($case.Field) holds 'System.String``[``]', which is the text Export-Csv writes for a list property*joined by '|'*-join '|'*Export-BmgDeviceCsv*"
                $record.Exception.Message | Should -Not -BeLike '*first.*' -Because 'it is no tag or organization to create'
            }
        }
        Get-StoreSnapshot | Should -Be $before

        $everyProperty = Join-Path $TestDrive (New-CsvName 'users-all')
        Get-BmgUser | Export-Csv -LiteralPath $everyProperty -NoTypeInformation
        $result = Invoke-Captured { Import-BmgDeviceCsv $everyProperty }
        Get-ErrorId $result.Errors[0] | Should -Be 'UnknownCsvColumn'
        # The first of its columns that is no import column: UserKey (Export-Csv writes the properties in their order).
        $result.Errors[0].Exception.Message | Should -BeLike "*'UserKey' is not a column but a property of Get-BmgUser's output objects. The file looks like Export-Csv of Get-BmgUser output*Export-BmgDeviceCsv*"
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a list cell naming a tag that does not exist is still ReferenceNotFound with how to create it' {
        $path = Write-TestCsv -Name (New-CsvName 'notag') -Lines @('Identifier,OS,DeviceTags', 'nt-1,ios,Nowhere')
        $result = Invoke-Captured { Import-BmgDeviceCsv $path -SkipInvalidRows }
        $record = @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'ReferenceNotFound' })
        $record | Should -HaveCount 1
        $record[0].Exception.Message | Should -BeLike "*DeviceTags names a device tag 'Nowhere', which does not exist*New-BmgDeviceTag*"
    }

    It 'Get-BmgDepDevice | Export-Csv given to Import-BmgDepDevice: the refusal says what the file is and what to select' {
        $path = Join-Path $TestDrive (New-CsvName 'dep-objects')
        Get-BmgDepDevice | Export-Csv -LiteralPath $path -NoTypeInformation
        $before = Get-StoreSnapshot
        $result = Invoke-Captured { Import-BmgDepDevice $path }
        $refusal = @($result.Errors) + @($result.Terminating | Where-Object { $_ }) | Where-Object { (Get-ErrorId $_) -eq 'DepDeviceFileInvalid' } | Select-Object -First 1
        $refusal | Should -Not -BeNullOrEmpty
        $refusal.Exception.Message | Should -BeLike "*is not a column*is a property of Get-BmgDepDevice's output: the file looks like Export-Csv of Get-BmgDepDevice output*Select-Object the columns above*ToString('o')*"
        Get-StoreSnapshot | Should -Be $before
    }
}

Describe 'Export-BmgDeviceCsv''s verbose counts say one row as one (leftovers 19, item 4)' {
    It 'a store of one device: "1 row, 1 device, 1 user", never "1 rows"' {
        New-TestStore | Out-Null
        New-BmgUser -UserName solo | Out-Null
        New-BmgDevice -Identifier solo-1 -OS ios -UserName solo | Out-Null
        $path = Join-Path $TestDrive 'one.csv'
        $verbose = @(Export-BmgDeviceCsv -Path $path -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" })
        $verbose | Where-Object { $_ -like 'Wrote *' } | Should -BeLike "*: 1 row, 1 device, 1 user (0 without a device)."
    }
}

Describe 'A report for the manager (walkthrough 37, finding 5)' {
    It 'walkthrough 37, finding 5: the README''s recipe writes a BOM, the Japanese DisplayName and the State, and no check-in code' {
        New-Inventory
        Set-BmgDevice bravo01 -DisplayName '受付 iPad' | Out-Null
        $report = Join-Path $TestDrive 'report.csv'

        Get-BmgDeviceDepLink | Select-Object Identifier, DisplayName, State, CheckedInAt, DepDevice, DepProfile |
            Export-Csv $report -NoTypeInformation -Encoding utf8BOM

        $bytes = [IO.File]::ReadAllBytes($report)
        $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
        $rows = Import-Csv $report
        ($rows | Where-Object Identifier -EQ 'bravo01').DisplayName | Should -BeExactly '受付 iPad'
        ($rows | Where-Object Identifier -EQ 'apple001').State | Should -Be 'CheckedIn'
        [Text.Encoding]::UTF8.GetString($bytes) | Should -Not -Match 'Abc123'
        $rows[0].PSObject.Properties.Name | Should -Not -Contain 'Code'
    }
}
