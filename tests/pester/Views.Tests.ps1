# Every object a cmdlet emits has a default table view that fits a 120-column console, and the
# cmdlets declare what they emit.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $script:Cmdlets = @((Get-Module BizMobileGo).ExportedCmdlets.Values | ForEach-Object { @{ Name = $_.Name } })
    $script:ModuleTypes = @((Get-Module BizMobileGo).ExportedCmdlets.Values.OutputType.Name |
        Where-Object { $_ -like 'BizMobileGo.*' } | Sort-Object -Unique | ForEach-Object { @{ TypeName = $_ } })
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # Clear-BmgHistory's entry, as -PassThru writes it. A clear that removes nothing records nothing (walkthrough 14.5), so
    # the sample clears a store of its own that has an entry to remove; the test's own store keeps its history.
    function Get-ClearSample {
        $db = if ((Get-TestStoreKind) -eq 'postgres') { New-PostgresTestDatabase } else { Join-Path $TestDrive "clear-sample-$([guid]::NewGuid().ToString('N')).db" }
        New-BmgDevice -Database $db -Identifier 'clear-sample' -OS ios | Out-Null
        Clear-BmgHistory -Database $db -Before (Get-Date) -PassThru -Confirm:$false
    }

    # The labels of a type's default (first) table view.
    function Get-TableLabels([string] $TypeName) {
        $view = (Get-FormatData -TypeName $TypeName).FormatViewDefinition |
            Where-Object { $_.Control -is [System.Management.Automation.TableControl] } | Select-Object -First 1
        return @($view.Control.Headers.Label)
    }

    # Fills a store with values as long as the rules allow where a column is narrow, so a view that
    # overflows 120 columns shows it (PowerShell drops columns that don't fit).
    function Initialize-WideStore {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales-east-japan' -Name 'Sales department, East Japan region' | Out-Null
        New-BmgTemplate -Name 'Standard iPhone template for sales' | Out-Null
        New-BmgDeviceTag -Name 'Sales-Tokyo-Headquarters' | Out-Null
        $dep = Write-TestCsv "dep-$([guid]::NewGuid().ToString('N')).csv" @(
            'SerialNumber,Model,Description,ProfileName'
            'AAABBBCCCDDDEE,iPhone 15 Pro Max,IPHONE 15 PRO MAX NATURAL TITANIUM 1TB,Sales department iPhones (Tokyo HQ)'
            'BBBCCCDDDAAAEE,iPad Pro 13-inch (M4),IPAD PRO 13 WI-FI CELLULAR 2TB,Sales department iPads (Osaka branch)'
        )
        $script:DepImport = Import-BmgDepDevice $dep
        $rows = Write-TestCsv "rows-$([guid]::NewGuid().ToString('N')).csv" @(
            'UserName,Name,EmailAddress,Organizations,Identifier,Template,OS,DeviceTags,Serial,DisplayName,RegistrationEmail,DEPMethod,Code'
            'yamada.taro.sales.tokyo,Yamada Taro (Sales department),yamada.taro.sales@example.co.jp,org-sales-east-japan,ABCDEFGHIJ0123456789,Standard iPhone template for sales,ios,Sales-Tokyo-Headquarters,AAABBBCCCDDDEE,iPhone of Yamada Taro in the sales department,yamada.taro.sales@example.co.jp,Serial,ABCDEFGHJKMNPQRSTUVWXYZ234567892'
            'suzuki.hanako.sales.osaka,Suzuki Hanako (Sales department),suzuki.hanako.sales@example.co.jp,org-sales-east-japan,ZYXWVUTSRQ9876543210,Standard iPhone template for sales,ios,Sales-Tokyo-Headquarters,BBBCCCDDDAAAEE,iPad of Suzuki Hanako in the sales department,,Keycode,'
        )
        $script:ImportSummary = Import-BmgDeviceCsv $rows -WarningAction SilentlyContinue
        $script:ImportRows = Import-BmgDeviceCsv $rows -PassThru -WarningAction SilentlyContinue
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDDEE | Out-Null
    }
}

Describe 'Declared output types' {
    It '<Name> declares what it emits' -TestCases $Cmdlets {
        @((Get-Command $Name).OutputType).Count | Should -BeGreaterThan 0
    }

    It 'the objects each cmdlet emits are of a type it declares' {
        Initialize-WideStore
        $samples = @(
            @{ Command = 'Get-BmgDevice'; Output = Get-BmgDevice }
            @{ Command = 'Get-BmgUser'; Output = Get-BmgUser }
            @{ Command = 'Get-BmgDeviceDepLink'; Output = Get-BmgDeviceDepLink }
            @{ Command = 'Get-BmgOrganization'; Output = Get-BmgOrganization }
            @{ Command = 'Get-BmgTemplate'; Output = Get-BmgTemplate }
            @{ Command = 'Get-BmgDeviceTag'; Output = Get-BmgDeviceTag }
            @{ Command = 'Get-BmgDepDevice'; Output = Get-BmgDepDevice }
            @{ Command = 'Get-BmgDepProfile'; Output = Get-BmgDepProfile }
            @{ Command = 'Get-BmgCheckInEmail'; Output = Get-BmgCheckInEmail }
            @{ Command = 'Get-BmgImportHistory'; Output = Get-BmgImportHistory }
            @{ Command = 'Get-BmgDeviceHistory'; Output = Get-BmgDeviceHistory }
            @{ Command = 'Get-BmgUserHistory'; Output = Get-BmgUserHistory }
            @{ Command = 'Test-BmgHistory'; Output = Test-BmgHistory }
            @{ Command = 'Clear-BmgHistory'; Output = Get-ClearSample }
            @{ Command = 'Import-BmgDepDevice'; Output = $DepImport }
            @{ Command = 'Import-BmgDeviceCsv'; Output = @($ImportSummary) + @($ImportRows) }
        )
        foreach ($sample in $samples) {
            $declared = (Get-Command $sample.Command).OutputType.Name
            @($sample.Output).Count | Should -BeGreaterThan 0 -Because "$($sample.Command) should emit something here"
            foreach ($object in $sample.Output) {
                $declared | Should -Contain $object.GetType().FullName -Because "$($sample.Command) emitted it"
            }
        }
    }
}

Describe 'Default views' {
    It '<TypeName> has a default table view' -TestCases $ModuleTypes {
        $labels = Get-TableLabels $TypeName
        $labels.Count | Should -BeGreaterThan 0
    }

    It 'the framework types cmdlets emit are formatted by PowerShell itself' {
        $other = (Get-Module BizMobileGo).ExportedCmdlets.Values.OutputType.Name |
            Where-Object { $_ -notlike 'BizMobileGo.*' } | Sort-Object -Unique
        # Remove-BmgDeviceTag/-Template/-Organization -PassThru write the removed object since the eighteenth round, not its name.
        $other | Should -Be @('System.IO.FileInfo')
        Get-FormatData -TypeName System.IO.FileInfo -PowerShellVersion $PSVersionTable.PSVersion | Should -Not -BeNullOrEmpty
    }
}

Describe 'Tables in a 120-column console' {
    BeforeAll {
        Initialize-WideStore
    }

    It 'Get-BmgDeviceDepLink shows Identifier, DEPMethod, Serial, State, DepDevice and DepProfile within 120 columns' {
        $lines = @((Get-BmgDeviceDepLink | Out-String -Width 120) -split "`r?`n" | Where-Object { $_ })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 120 -Because "'$_'" }
        $headers = $lines[0] -split '\s+' | Where-Object { $_ }
        foreach ($header in 'Identifier', 'DEPMethod', 'Serial', 'State', 'DepDevice', 'DepProfile') {
            $headers | Should -Contain $header
        }
        $checkedIn = $lines | Where-Object { $_ -like 'ABCDEFGHIJ0123456789*' }
        $checkedIn | Should -Match 'Serial\s+AAABBBCCCDDDEE\s+CheckedIn\s+AAABBBCCCDDDEE\s+Sales department'
    }

    It 'shows every column of the <TypeName> view within 120 columns' -TestCases $ModuleTypes {
        $objects = switch ($TypeName) {
            'BizMobileGo.Core.Devices.Device' { Get-BmgDevice }
            'BizMobileGo.Core.Users.User' { Get-BmgUser }
            'BizMobileGo.Core.Devices.DeviceDepLink' { Get-BmgDeviceDepLink }
            'BizMobileGo.Core.Users.Organization' { Get-BmgOrganization }
            'BizMobileGo.Core.Users.Template' { Get-BmgTemplate }
            'BizMobileGo.Core.Users.DeviceTag' { Get-BmgDeviceTag }
            'BizMobileGo.Core.Dep.DepDevice' { Get-BmgDepDevice }
            'BizMobileGo.Core.Dep.DepProfile' { Get-BmgDepProfile }
            'BizMobileGo.Core.Dep.CheckInEmail' { Get-BmgCheckInEmail }
            'BizMobileGo.Core.Import.ImportHistoryEntry' { Get-BmgImportHistory }
            # Entries of Get-BmgDeviceHistory show in their own views (History.Tests.ps1); a plain entry is Clear-BmgHistory's.
            'BizMobileGo.Core.History.ChangeEntry' { Get-ClearSample }
            'BizMobileGo.Core.History.DeviceHistoryEntry' { Get-BmgDeviceHistory }
            'BizMobileGo.Core.History.UserHistoryEntry' { Get-BmgUserHistory }
            'BizMobileGo.Core.History.HistoryVerification' { Test-BmgHistory }
            'BizMobileGo.Core.Dep.DepImportSummary' { $DepImport }
            'BizMobileGo.Core.Import.ImportSummary' { $ImportSummary }
            'BizMobileGo.Core.Import.ImportRowResult' { $ImportRows }
            default { throw "No sample for ${TypeName}: add one here." }
        }
        @($objects).Count | Should -BeGreaterThan 0
        $text = $objects | Format-Table | Out-String -Width 120
        # The import summary's table stands under its file's group header ("Source: <file>", Import.Tests.ps1): the table's own
        # header line follows it.
        $lines = @($text -split "`r?`n" | Where-Object { $_ -and $_ -notmatch '^\s*Source: ' })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 120 -Because "'$_'" }
        # A column that doesn't fit is dropped: every label must be in the header line.
        foreach ($label in Get-TableLabels $TypeName) {
            $lines[0] | Should -Match ([regex]::Escape($label)) -Because "the header is '$($lines[0])'"
        }
    }

    It 'Format-List of an import history entry shows its file hash and its row errors' {
        $bad = Write-TestCsv "bad-$([guid]::NewGuid().ToString('N')).csv" @('Identifier,OS', 'ok-device,ios', 'bad device,ios')
        Import-BmgDeviceCsv $bad -SkipInvalidRows -ErrorAction SilentlyContinue | Out-Null
        $text = Get-BmgImportHistory -Last 1 | Format-List | Out-String -Width 120
        $text | Should -Match 'Sha256\s+: [0-9a-f]{64}'
        $text | Should -Match 'line 3: '
    }
}

# Walkthrough 11.6: Microsoft's list views label every line with its property's name, so what Format-List shows is
# what a script reads ($r.FirstBadEntry, not a "FirstBad" that is $null).
Describe 'List views name properties' {
    It 'every line of every list view of the module is labelled with a property of the objects it shows' {
        New-TestStore | Out-Null
        $csv = Write-TestCsv "labels-$([guid]::NewGuid().ToString('N')).csv" @(
            'UserName,Identifier,OS,RegistrationEmail'
            'label.user,label-1,ios,label.user@example.com'
        )
        Import-BmgDeviceCsv $csv | Out-Null
        # Real objects, as the cmdlets write them: the history cmdlets add Identifier / UserName to their entries.
        $samples = @{
            'BizMobileGo.Core.Devices.Device' = { Get-BmgDevice }
            'BizMobileGo.Core.Dep.CheckInEmail' = { Get-BmgCheckInEmail }
            'BizMobileGo.Core.Import.ImportHistoryEntry' = { Get-BmgImportHistory }
            'BizMobileGo.Core.History.DeviceHistoryEntry' = { Get-BmgDeviceHistory }
            'BizMobileGo.Core.History.UserHistoryEntry' = { Get-BmgUserHistory }
            'BizMobileGo.Core.History.ChangeEntry' = { Get-ClearSample }
            'BizMobileGo.Core.History.HistoryVerification' = { Test-BmgHistory }
            'BizMobileGo.Core.Devices.DeviceDepLink' = { Get-BmgDeviceDepLink -WarningAction SilentlyContinue }
            'BizMobileGo.Core.Dep.DepDevice' = {
                Import-BmgDepDevice (Join-Path $PSScriptRoot '../../examples/dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
                Get-BmgDepDevice
            }
        }
        $formatFiles = Get-ChildItem (Split-Path (Get-Module BizMobileGo).Path) -Filter *.Format.ps1xml
        $formatFiles | Should -Not -BeNullOrEmpty
        $checked = 0
        foreach ($file in $formatFiles) {
            foreach ($view in ([xml](Get-Content -Raw $file.FullName)).Configuration.ViewDefinitions.View) {
                if (-not $view.ListControl) { continue }
                foreach ($typeName in @($view.ViewSelectedBy.TypeName)) {
                    $samples.ContainsKey($typeName) | Should -BeTrue -Because "the list view $($view.Name) shows ${typeName}: add a sample of it here"
                    $sample = @(& $samples[$typeName])[0]
                    $sample | Should -Not -BeNullOrEmpty -Because "a sample of $typeName"
                    $properties = @($sample.PSObject.Properties.Name)
                    foreach ($item in @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem)) {
                        $label = if ($item.Label) { $item.Label } else { $item.PropertyName }
                        $label | Should -BeIn $properties -Because "the list view $($view.Name) in $($file.Name) labels a line '$label', which must be a property of $typeName"
                        if ($item.PropertyName) { $item.PropertyName | Should -Be $label -Because "the line '$label' of $($view.Name) shows that property" }
                        $checked++
                    }
                }
            }
        }
        $checked | Should -BeGreaterThan 50
    }

    It 'Test-BmgHistory lists FirstBadEntry by its name when there is one, and the head hash on one 80-column line when there is none' {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier list-1 -OS ios | Out-Null
        $good = Test-BmgHistory
        $goodList = ($good | Out-String -Width 80) -split '\r?\n'
        @($goodList | Where-Object { $_ -match "^HeadHash\s+: $($good.HeadHash)$" }) | Should -HaveCount 1
        $goodList | Should -Not -Match '^FirstBad'
        $goodList | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 -Because "'$_'" }

        $bad = $good.GetType()::new($false, 3, 2, 'Entry 2 was altered: its content no longer matches its hash.', $good.HeadHash, 3)
        $badList = ($bad | Out-String -Width 80) -split '\r?\n'
        @($badList | Where-Object { $_ -match '^FirstBadEntry\s+: 2$' }) | Should -HaveCount 1
        $badList | Should -Not -Match '^HeadHash' -Because 'the head of a broken chain is no hash to write down'
    }

    It 'an uncommitted import history entry lists what it had worked out beside its counts, named by the Planned* properties' {
        New-TestStore | Out-Null
        $csv = Write-TestCsv "planned-$([guid]::NewGuid().ToString('N')).csv" @('Identifier,OS', 'ok-1,ios', 'ok-2,ios', 'bad device,ios')
        { Import-BmgDeviceCsv $csv -ErrorAction SilentlyContinue } | Should -Throw
        $entry = Get-BmgImportHistory -Last 1
        $entry.Committed | Should -BeFalse
        $list = $entry | Format-List | Out-String -Width 120
        $entry.PlannedCreated | Should -Be 2
        $list | Should -Match "(?m)^Created\s+: 0 \(PlannedCreated: $($entry.PlannedCreated)\)\s*$"
        $list | Should -Match '(?m)^Updated\s+: 0 \(PlannedUpdated: 0\)\s*$'
        $list | Should -Match '(?m)^Unchanged\s+: 0 \(PlannedUnchanged: 0\)\s*$'
        $list | Should -Not -Match '(?m)^Planned'
    }

    It 'an import history entry lists its SHA-256 whole on one 79-column line, committed or not (walkthrough 24, 8)' {
        New-TestStore | Out-Null
        $good = Write-TestCsv "hash-good-$([guid]::NewGuid().ToString('N')).csv" @('Identifier,OS', 'ok-1,ios')
        Import-BmgDeviceCsv $good | Out-Null
        $bad = Write-TestCsv "hash-bad-$([guid]::NewGuid().ToString('N')).csv" @('Identifier,OS', 'ok-2,ios', 'bad device,ios')
        { Import-BmgDeviceCsv $bad -ErrorAction SilentlyContinue } | Should -Throw
        $entries = @(Get-BmgImportHistory)
        $entries | Should -HaveCount 2
        ($entries | Where-Object { -not $_.Committed -and $_.Rows }) | Should -Not -BeNullOrEmpty -Because 'the refused import is the case whose planned counts are listed'
        foreach ($entry in $entries) {
            $lines = @(($entry | Format-List | Out-String -Width 80) -split '\r?\n')
            @($lines | Where-Object { $_ -match "^Sha256\s+: $($entry.Sha256)$" }) | Should -HaveCount 1 -Because "the hash of import $($entry.Id) is copied from the console whole"
            @($lines | Where-Object { $_ -match '^Sha256' })[0].Length | Should -BeLessOrEqual 79
        }
    }
}

# Issue 10.4: an 80-column console (macOS Terminal, a default conhost) reads every default table, with values
# of the usual lengths (12-character serials, identifiers such as asset tags); a wider console shows longer ones.
Describe '10.4 tables in an 80-column console' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales department' | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        $dep = Write-TestCsv "dep80-$([guid]::NewGuid().ToString('N')).csv" @(
            'SerialNumber,Model,Description,ProfileName'
            'F2LXKL0AHG7F,iPhone 15,IPHONE 15 BLACK 128GB,Sales iPhones'
            'DMPWK3ABCD12,iPad Air,IPAD AIR WI-FI 64GB,Sales iPads'
        )
        $script:DepImport80 = Import-BmgDepDevice $dep
        $rows = Write-TestCsv "rows80-$([guid]::NewGuid().ToString('N')).csv" @(
            'UserName,Name,EmailAddress,Organizations,Identifier,Template,OS,DeviceTags,Serial,DisplayName,RegistrationEmail,DEPMethod,Code'
            'yamada.taro,Yamada Taro,yamada.taro@example.co.jp,org-sales,iphone-tokyo-001,Standard,ios,Sales,F2LXKL0AHG7F,Yamada iPhone,yamada.taro@example.co.jp,Serial,A7K29QX4'
            'suzuki.hana,Suzuki Hanako,suzuki.hana@example.co.jp,org-sales,ipad-osaka-0002,Standard,ios,Sales,DMPWK3ABCD12,Suzuki iPad,suzuki.hana@example.co.jp,Keycode,Z9Q2W7E4'
        )
        $script:ImportSummary80 = Import-BmgDeviceCsv $rows -SkipInvalidRows
        $script:ImportRows80 = Import-BmgDeviceCsv $rows -PassThru
        Register-BmgDeviceCheckIn -Serial F2LXKL0AHG7F | Out-Null

        # Table lines only: the import summary's group header ("Source: <file>") stands above its table.
        function Out80($Objects) { @(($Objects | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() -and $_ -notmatch '^\s*Source: ' }) }
        # Every header word is whole: a label wrapped mid-word ("Unchang" / "ed") puts a second line above the dashes.
        function Assert-WholeHeaders([string[]] $Lines, [string] $TypeName) {
            $Lines[1] | Should -Match '^[\s-]+$' -Because "the header is one line: $($Lines[0..2] -join ' / ')"
            foreach ($label in Get-TableLabels $TypeName) {
                $Lines[0] | Should -Match "(^|\s)$([regex]::Escape($label))(\s|$)" -Because "'$label' is shown whole in '$($Lines[0])'"
            }
        }
    }

    It '10.4 Get-BmgDeviceDepLink shows Identifier, DEPMethod, Serial, State, DepDevice and DepProfile uncut' {
        $lines = Out80 (Get-BmgDeviceDepLink)
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        Assert-WholeHeaders $lines 'BizMobileGo.Core.Devices.DeviceDepLink'
        foreach ($header in 'Identifier', 'DEPMethod', 'Serial', 'State', 'DepDevice', 'DepProfile') { $lines[0] | Should -Match "\b$header\b" }
        $lines | Where-Object { $_ -like 'iphone-tokyo-001 *' } |
            Should -Match '^iphone-tokyo-001\s+Serial\s+F2LXKL0AHG7F\s+CheckedIn\s+F2LXKL0AHG7F\s+Sales iPhones$'
    }

    It '10.4 Get-BmgDevice shows the whole 12-character serial, DEPMethod and State, and no check-in code' {
        $lines = Out80 (Get-BmgDevice)
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        Assert-WholeHeaders $lines 'BizMobileGo.Core.Devices.Device'
        $lines | Where-Object { $_ -like 'ipad-osaka-0002 *' } | Should -Match '\sKeycode\s+DMPWK3ABCD12\s+Registered\s+suzuki\.hana$'
        $lines[0] | Should -Not -Match '\bCode\b'
        ($lines -join "`n") | Should -Not -Match 'Z9Q2W7E4'
    }

    It '10.4 the check-in code is in no default view, nor in Format-List *, yet stays a property (a hidden code) that reads back' {
        (Get-BmgDevice | Out-String -Width 200) | Should -Not -Match 'Z9Q2W7E4'
        (Get-BmgDevice ipad-osaka-0002 | Format-List | Out-String -Width 200) | Should -Not -Match 'Z9Q2W7E4'
        (Get-BmgCheckInEmail | Out-String -Width 200) | Should -Not -Match 'Z9Q2W7E4'
        (Get-BmgCheckInEmail | Format-List | Out-String -Width 200) | Should -Not -Match 'Z9Q2W7E4'
        (Get-BmgDevice ipad-osaka-0002).Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'Z9Q2W7E4'
        (Get-BmgDevice ipad-osaka-0002 | Format-List * | Out-String -Width 200) | Should -Not -Match 'Z9Q2W7E4'
        (Get-BmgDevice ipad-osaka-0002 | Format-List * | Out-String -Width 200) | Should -Match 'Code\s+: \(hidden\)'
    }

    # The DepDevice and DepProfile views belong to the DEP inventory work (issue 10 leaves them to it).
    It '10.4 the default table of <TypeName> fits 80 columns with whole headers' -TestCases @($ModuleTypes | Where-Object { $_.TypeName -notin 'BizMobileGo.Core.Dep.DepDevice', 'BizMobileGo.Core.Dep.DepProfile' }) {
        $objects = switch ($TypeName) {
            'BizMobileGo.Core.Devices.Device' { Get-BmgDevice }
            'BizMobileGo.Core.Users.User' { Get-BmgUser }
            'BizMobileGo.Core.Devices.DeviceDepLink' { Get-BmgDeviceDepLink }
            'BizMobileGo.Core.Users.Organization' { Get-BmgOrganization }
            'BizMobileGo.Core.Users.Template' { Get-BmgTemplate }
            'BizMobileGo.Core.Users.DeviceTag' { Get-BmgDeviceTag }
            'BizMobileGo.Core.Dep.CheckInEmail' { Get-BmgCheckInEmail }
            'BizMobileGo.Core.Import.ImportHistoryEntry' { Get-BmgImportHistory }
            # Entries of Get-BmgDeviceHistory show in their own views (History.Tests.ps1); a plain entry is Clear-BmgHistory's.
            'BizMobileGo.Core.History.ChangeEntry' { Get-ClearSample }
            'BizMobileGo.Core.History.DeviceHistoryEntry' { Get-BmgDeviceHistory }
            'BizMobileGo.Core.History.UserHistoryEntry' { Get-BmgUserHistory }
            'BizMobileGo.Core.History.HistoryVerification' { Test-BmgHistory }
            'BizMobileGo.Core.Dep.DepImportSummary' { $DepImport80 }
            'BizMobileGo.Core.Import.ImportSummary' { $ImportSummary80 }
            'BizMobileGo.Core.Import.ImportRowResult' { $ImportRows80 }
            default { throw "No sample for ${TypeName}: add one here." }
        }
        @($objects).Count | Should -BeGreaterThan 0
        $lines = Out80 ($objects | Format-Table)
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        Assert-WholeHeaders $lines $TypeName
    }
}

# Thirteenth round: a file the real run would refuse (all-or-nothing, a row failed) has a dry-run summary with Created,
# Updated 0 as a file with nothing new has; the default table says Refused beside Failed (before, only Format-List
# showed it), in 80 columns. (A real run of such a file writes no summary: it ends in ImportFailed.)
Describe 'The import summary table shows Refused' {
    BeforeAll {
        New-TestStore | Out-Null
        $good = Write-TestCsv "good-$([guid]::NewGuid().ToString('N')).csv" @('Identifier,OS', 'ipad-osaka-0001,ios')
        $bad = Write-TestCsv "bad-$([guid]::NewGuid().ToString('N')).csv" @('Identifier,OS', 'ipad-osaka-0002,ios', 'ipad osaka,ios')
        $script:Accepted = Import-BmgDeviceCsv $good
        $dryRun = Invoke-Captured { Import-BmgDeviceCsv $bad -WhatIf -ErrorAction Continue }
        $script:Refused = @($dryRun.Output) | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Import.ImportSummary' }
        # Table lines only: the summary's group header ("Source: <file>") stands above its table.
        function Out80($Objects) { @(($Objects | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() -and $_ -notmatch '^\s*Source: ' }) }
    }

    It 'a file the import refuses: the -WhatIf summary''s Refused column says True, beside Failed, within 80 columns' {
        @($Refused) | Should -HaveCount 1
        $Refused.Refused | Should -BeTrue
        $lines = Out80 $Refused
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $lines[0] | Should -Match '\bFailed\s+Refused\b' -Because "Refused stands beside Failed: '$($lines[0])'"
        $lines[1] | Should -Match '^[\s-]+$' -Because 'the header is one line of whole labels'
        # Rows 2, nothing created (refused), 1 failed, refused: read under the header's own columns.
        $refusedAt = $lines[0].IndexOf('Refused')
        $lines[2].Substring($refusedAt, 'Refused'.Length).Trim() | Should -Be 'True'
        $lines[2] | Should -Match '^\s*2\s+0\s+0\s+0\s+1\s+True\s'
    }

    It 'an imported file: Refused says False, and the table still fits 80 columns' {
        $lines = Out80 $Accepted
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $lines[2] | Should -Match '^\s*1\s+1\s+0\s+0\s+0\s+False\s'
    }
}

# Walkthrough D2: the longest values a user will realistically type (20-character identifiers, the 26-character
# command Set-BmgDeviceDepEnrollment, 25-character UPN-style user names, long Apple model and profile names, a long
# organization id) must not cut the columns that say which record a row is. PowerShell shrinks or hides columns
# from the right, so each view puts its bounded key columns first and the one long free-text column last.
Describe 'D2 key columns whole in an 80-column console, with long values' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales department' | Out-Null
        New-BmgOrganization -Id 'org-sales-division-tokyo-headquarters' -Name 'Sales division, Tokyo headquarters (Marunouchi)' | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        $uuid = '4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D'
        $profileFile = Join-Path $TestDrive 'd2-profile.json'
        @{ profile_uuid = $uuid; profile_name = 'Sales department iPads (Tokyo HQ)' } | ConvertTo-Json | Set-Content -LiteralPath $profileFile
        $fetch = Join-Path $TestDrive 'd2-fetch.json'
        @{
            devices        = @(
                @{ serial_number = 'F2LXKL0AHG7F'; model = 'iPad (10th generation)'; description = 'IPAD 10TH GEN WI-FI 64GB'; device_family = 'iPad'; os = 'iPadOS'; profile_uuid = $uuid; profile_status = 'assigned' }
                @{ serial_number = 'DMPWK3ABCD12'; model = 'iPhone 15 Pro Max'; description = 'IPHONE 15 PRO MAX 256GB'; device_family = 'iPhone'; os = 'iOS'; profile_uuid = $uuid }
            )
            cursor         = 'd2'
            more_to_follow = $false
        } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $fetch
        Import-BmgDepDevice $profileFile, $fetch | Out-Null
        $rows = Write-TestCsv "d2-rows-$([guid]::NewGuid().ToString('N')).csv" @(
            'UserName,Name,EmailAddress,Organizations,Identifier,Template,OS,DeviceTags,Serial,DEPMethod,RegistrationEmail'
            'yamada.taro.longname@corp,Yamada Taro,yamada.taro@corp.example.co.jp,org-sales,ipad-sales-tokyo-001,Standard,ios,Sales,F2LXKL0AHG7F,Serial,yamada.taro@corp.example.co.jp'
            'suzuki.hanako.long@corp.j,Suzuki Hanako,suzuki.hanako@corp.example.co.jp,org-sales,iphone-sales-osk-002,Standard,ios,Sales,DMPWK3ABCD12,Keycode,'
        )
        Import-BmgDeviceCsv $rows | Out-Null
        Set-BmgDeviceDepEnrollment iphone-sales-osk-002 -Method Serial
        Register-BmgDeviceCheckIn -Serial F2LXKL0AHG7F | Out-Null
        Unregister-BmgDevice iphone-sales-osk-002 -Confirm:$false

        # The lines of the default table at 80 columns; each fits, and the header is one line of whole labels.
        function Get-Table80([object[]] $Objects, [string] $TypeName) {
            $lines = @(($Objects | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
            # Console cells, not characters: a Japanese character takes two.
            $lines | ForEach-Object { $Host.UI.RawUI.LengthInBufferCells($_) | Should -BeLessOrEqual 80 -Because "'$_'" }
            $lines[1] | Should -Match '^[\s-]+$' -Because "the header is one line: $($lines[0..2] -join ' / ')"
            foreach ($label in Get-TableLabels $TypeName) {
                $lines[0] | Should -Match "(^|\s)$([regex]::Escape($label))(\s|$)" -Because "'$label' is shown whole in '$($lines[0])'"
            }
            return $lines
        }
    }

    It 'Get-BmgDevice: Identifier, DEPMethod, Serial and State whole, and a 25-character UserName beside a 12-character serial' {
        $lines = Get-Table80 (Get-BmgDevice) 'BizMobileGo.Core.Devices.Device'
        $lines | Should -Contain 'ipad-sales-tokyo-001 Serial    F2LXKL0AHG7F CheckedIn yamada.taro.longname@corp'
        $lines | Should -Contain 'iphone-sales-osk-002 Serial    DMPWK3ABCD12 Withdrawn suzuki.hanako.long@corp.j'
    }

    It 'Get-BmgUser: a 25-character UserName''s first 15 characters and the Organizations whole' {
        $lines = Get-Table80 (Get-BmgUser) 'BizMobileGo.Core.Users.User'
        $lines | Where-Object { $_ -like 'yamada.taro.lon*' } | Should -Match '^yamada\.taro\.lon… org-sales\s+Yamada Taro\s+yamada\.taro@corp'
    }

    It 'Get-BmgDeviceDepLink: Identifier, DEPMethod, Serial, State and DepDevice whole' {
        $lines = Get-Table80 (Get-BmgDeviceDepLink) 'BizMobileGo.Core.Devices.DeviceDepLink'
        $lines | Where-Object { $_ -like 'ipad-sales-tokyo-001 *' } | Should -Match '^ipad-sales-tokyo-001\s+Serial\s+F2LXKL0AHG7F\s+CheckedIn\s+F2LXKL0AHG7F\s+Sales'
    }

    It 'Get-BmgOrganization: a 37-character Id whole; the Name takes what is left' {
        $lines = Get-Table80 (Get-BmgOrganization) 'BizMobileGo.Core.Users.Organization'
        $lines | Should -Contain 'org-sales-division-tokyo-headquarters Sales division, Tokyo headquarters (Marun…'
    }

    It 'Get-BmgDepDevice: a long model name, the claiming 20-character Identifier and ProfileStatus whole; the profile takes what is left; an unnamed one says so (walkthrough 31b, 9)' {
        $lines = Get-Table80 (Get-BmgDepDevice) 'BizMobileGo.Core.Dep.DepDevice'
        $lines | Should -Contain 'F2LXKL0AHG7F iPad (10th generation) ipad-sales-tokyo-001 assigned      Sales de…'

        # A profile Apple's profile response has not named: "(unnamed" and its uuid's head, not a cut uuid.
        $fetch = Join-Path $TestDrive 'd2-unnamed.json'
        @{ devices = @(@{ serial_number = 'G9NEWDEVICE1'; model = 'iPhone 15'; device_family = 'iPhone'; os = 'iOS'; profile_uuid = 'FFFF0000FFFF0000FFFF0000FFFF0000'; profile_status = 'pushed' }); cursor = 'u'; more_to_follow = $false } |
            ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $fetch
        Import-BmgDepDevice $fetch -WarningAction SilentlyContinue | Out-Null
        $lines = Get-Table80 (Get-BmgDepDevice G9NEWDEVICE1) 'BizMobileGo.Core.Dep.DepDevice'
        $lines | Should -Contain "G9NEWDEVICE1 iPhone 15            pushed        (unnamed FFFF0000$([char]0x2026))"
    }

    # Walkthrough 45, 5: the Name first cut the uuid, the value copied for Set-BmgDepProfile -Uuid, beside a name over 35
    # cells; the Name first had been walkthrough 11, 9's answer to the uuid first cutting a long Japanese name. Now both.
    It 'Get-BmgDepProfile: the uuid whole beside a 33-character name and beside long Japanese names, which go on over the next lines whole (walkthrough 45, 5)' {
        $lines = Get-Table80 (Get-BmgDepProfile) 'BizMobileGo.Core.Dep.DepProfile'
        $lines | Should -Contain '4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D           2 Sales department iPads (Tokyo HQ)'

        # 36 cells (the walkthrough's, one cell over what 80 columns leave the name) and 45 cells (walkthrough 11's).
        $names = @{
            '1A2B3C4D5E6F708192A3B4C5D6E7F809' = '受付用キオスク端末（本社１階ロビー）'
            '9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B' = '営業部 東京本社 iPhone 監視モード（全社共通）'
        }
        foreach ($uuid in $names.Keys) { Set-BmgDepProfile -Uuid $uuid -Name $names[$uuid] -WarningAction SilentlyContinue }
        $lines = Get-Table80 (Get-BmgDepProfile) 'BizMobileGo.Core.Dep.DepProfile'
        $nameColumn = $lines[0].IndexOf('Name')
        foreach ($uuid in $names.Keys) {
            $first = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($line) $line.StartsWith("$uuid ") })
            $first | Should -BeGreaterThan 1 -Because "a row begins with the whole uuid $uuid`n$($lines -join "`n")"
            # The row's Name cell: its first line's, then each following line's that has nothing left of the Name column.
            $shown = $lines[$first].Substring($nameColumn)
            for ($i = $first + 1; $i -lt $lines.Count -and $lines[$i].Length -gt $nameColumn -and -not $lines[$i].Substring(0, $nameColumn).Trim(); $i++) {
                $shown += $lines[$i].Substring($nameColumn)
            }
            ($shown -replace '\s') | Should -BeExactly ($names[$uuid] -replace '\s') -Because "the name is whole over its row's lines`n$($lines -join "`n")"
        }
    }

    It 'Get-BmgDeviceHistory: At and 20-character identifiers whole' {
        $lines = Get-Table80 (Get-BmgDeviceHistory) 'BizMobileGo.Core.History.DeviceHistoryEntry'
        foreach ($identifier in 'iphone-sales-osk-002', 'ipad-sales-tokyo-001') {
            @($lines | Where-Object { $_ -match "^\d{4}-\d\d-\d\d \d\d:\d\d $([regex]::Escape($identifier)) " }).Count | Should -BeGreaterThan 0 -Because "a row shows '$identifier' whole"
        }
    }

    # Walkthrough 25, finding 4: the Command column (26 wide beside Set-BmgDeviceDepEnrollment) cut -Field's old → new.
    It 'Get-BmgDeviceHistory -Field: a 20-character Identifier and the field''s old → new whole, after Set-BmgDeviceDepEnrollment and a check-in' {
        $lines = Get-Table80 (Get-BmgDeviceHistory -Field DEPMethod, UserName -Action Changed) 'BizMobileGo.Core.History.DeviceHistoryEntry'
        $arrow = [char]0x2192
        @($lines | Where-Object { $_ -match "^\d{4}-\d\d-\d\d \d\d:\d\d iphone-sales-osk-002 \S+\s+DEPMethod: Keycode $arrow Serial$" }).Count | Should -Be 1 -Because ($lines -join "`n")
        (Get-BmgDeviceHistory -Field DEPMethod -Action Changed | Format-List | Out-String -Width 80) | Should -Match '(?m)^Command\s+: Set-BmgDeviceDepEnrollment\s*$'
    }

    It 'Get-BmgUserHistory: a 25-character UserName whole' {
        $lines = Get-Table80 (Get-BmgUserHistory) 'BizMobileGo.Core.History.UserHistoryEntry'
        @($lines | Where-Object { $_ -match '^\d{4}-\d\d-\d\d \d\d:\d\d yamada\.taro\.longname@corp \S+\s+created' }).Count | Should -Be 1 -Because ($lines -join "`n")
    }

    It 'Get-BmgCheckInEmail: a 20-character Identifier whole' {
        $lines = Get-Table80 (Get-BmgCheckInEmail) 'BizMobileGo.Core.Dep.CheckInEmail'
        @($lines | Where-Object { $_ -match '^\s*\d+ ipad-sales-tokyo-001 ' }).Count | Should -BeGreaterThan 0
    }
}

# Walkthrough 17, 10: the widths were 25/13/18/20 with Wrap, so a 9-character user name sat in 25 columns and most
# addresses and any two organizations went over two lines. Then 20/14/17, which cut a user's second organization beside
# 8-character user names (walkthrough 25, 9); now 16/20/17 and EmailAddress takes the rest; a longer value ends in "…" on
# its row's one line, as in the other tables.
Describe 'The user table at 80 columns: one line a user, usual values whole' {
    BeforeAll {
        function Get-UserTable80 {
            $lines = @((Get-BmgUser | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
            # Console cells, not characters: a Japanese character takes two.
            $lines | ForEach-Object { $Host.UI.RawUI.LengthInBufferCells($_) | Should -BeLessOrEqual 80 -Because "'$_'" }
            $lines[0] | Should -Match '^UserName\s+Organizations\s+Name\s+EmailAddress$'
            $lines[1] | Should -Match '^[\s-]+$' -Because "the header is one line: $($lines[0..2] -join ' / ')"
            return $lines
        }
    }

    It 'the walkthrough''s users: user name, two organizations, kanji name and a 23-character address whole on one line' {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org-tokyo' -Name 'Tokyo' | Out-Null
        New-BmgOrganization -Id 'org-kitting' -Name 'Kitting' | Out-Null
        New-BmgUser -UserName 'kobayashi' -Name '小林 直樹' -EmailAddress 'kobayashi@example.co.jp' -Organizations 'org-sales' | Out-Null
        New-BmgUser -UserName 'suzuki' -Name '鈴木 一郎' -EmailAddress 'suzuki@example.co.jp' -Organizations 'org-sales', 'org-tokyo' | Out-Null
        New-BmgUser -UserName 'user0003' -Name '佐藤 花子' -EmailAddress 'sato@example.co.jp' -Organizations 'org-sales', 'org-tokyo', 'org-kitting' | Out-Null
        $lines = Get-UserTable80
        $lines.Count | Should -Be 5 -Because "each user is one line: $($lines -join "`n")"
        $lines | Should -Contain ('kobayashi'.PadRight(17) + 'org-sales'.PadRight(21) + '小林 直樹'.PadRight(14) + 'kobayashi@example.co.jp')
        # Two organizations whole (walkthrough 25, 9: 'org-sales|org…' beside an 8-character user name).
        $lines | Should -Contain ('suzuki'.PadRight(17) + 'org-sales|org-tokyo'.PadRight(21) + '鈴木 一郎'.PadRight(14) + 'suzuki@example.co.jp')
        # Three that don't fit end in "…"; Format-List shows them whole.
        $lines | Should -Contain ('user0003'.PadRight(17) + 'org-sales|org-tokyo… ' + '佐藤 花子'.PadRight(14) + 'sato@example.co.jp')
    }

    It 'a 13-letter romanized name, a 17-letter one and a kanji "Surname Given" each stay whole on their row''s one line' {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        New-BmgUser -UserName 'suzuki' -Name 'Suzuki Ichiro' -EmailAddress 'suzuki@example.com' | Out-Null
        New-BmgUser -UserName 'takahashi.k@corp' -Name 'Takahashi Kenichi' -EmailAddress 'takahashi@example.jp' -Organizations 'org-sales' | Out-Null
        New-BmgUser -UserName 'hasegawa' -Name '長谷川 健一郎' -EmailAddress 'hasegawa@example.jp' | Out-Null
        $lines = Get-UserTable80
        $lines.Count | Should -Be 5 -Because "each user is one line: $($lines -join "`n")"
        @($lines -match '^suzuki\s+Suzuki Ichiro\s+suzuki@example\.com$').Count | Should -Be 1 -Because ($lines -join "`n")
        @($lines -match '^takahashi\.k@corp\s+org-sales\s+Takahashi Kenichi takahashi@example\.jp$').Count | Should -Be 1 -Because ($lines -join "`n")
        @($lines -match '^hasegawa\s+長谷川 健一郎\s+hasegawa@example\.jp$').Count | Should -Be 1 -Because ($lines -join "`n")
    }

    It 'longer values end in "…" on the row''s one line, and no column is dropped, even beside a 51-character UPN' {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org-tokyo' -Name 'Tokyo' | Out-Null
        New-BmgUser -UserName 'hana@corp' -Name 'Hana' -EmailAddress 'hana@corp.example' | Out-Null
        $long = 'taro.yamada.sales.division.tokyo@corp-example.co.jp'
        New-BmgUser -UserName $long -Name 'Yamada Taro (Sales, Tokyo HQ)' -EmailAddress 'taro.yamada.sales@corp-example.co.jp' `
            -Organizations 'org-sales', 'org-tokyo' | Out-Null
        $lines = Get-UserTable80
        $lines.Count | Should -Be 4 -Because "each user is one line: $($lines -join "`n")"
        $lines | Should -Contain ('hana@corp'.PadRight(17) + ''.PadRight(21) + 'Hana'.PadRight(18) + 'hana@corp.example')
        $lines | Should -Contain ($long.Substring(0, 15) + '… ' + 'org-sales|org-tokyo'.PadRight(21) + 'Yamada Taro (Sal… ' + 'taro.yamada.sales@corp-…')
    }
}

Describe 'D2 the key columns of a device stay whole beside the longest legal values' {
    It 'Get-BmgDevice: Identifier, DEPMethod, Serial and State whole beside a 14-character serial and a 128-character UserName' {
        New-TestStore | Out-Null
        New-BmgUser -UserName ('u' * 128) | Out-Null
        New-BmgDevice -Identifier 'ipad-sales-tokyo-003' -OS ios -Serial 'F2LXKL0AHG7FAB' -DEPMethod Serial -UserName ('u' * 128) -WarningAction SilentlyContinue | Out-Null
        $lines = @((Get-BmgDevice | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $lines[0] | Should -Match '^Identifier\s+DEPMethod\s+Serial\s+State\s+UserName$'
        $lines[2] | Should -Match '^ipad-sales-tokyo-003 Serial    F2LXKL0AHG7FAB Registered u+…$'
    }
}

# A user's key is often a UPN longer than 30 characters: the user-history table keeps its header on one line at 80
# columns, At, the UserName and the OS user stay whole, and Changes takes the rest (the command is in Format-List).
Describe 'The user-history table at 80 columns with UserNames longer than 30 characters' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-sales' -Name 'Sales' | Out-Null
        $script:Long35 = 'hanako.suzuki.sales@corp-example.jp'
        $script:Long32 = 'taro.yamada.x@corp-example.co.jp'
        $rows = Write-TestCsv (New-CsvName 'userhistory80') @(
            'UserName,Name,EmailAddress'
            "$Long35,Suzuki Hanako,hanako.suzuki@corp-example.jp"
        )
        Import-BmgDeviceCsv $rows | Out-Null
        Set-BmgUser -UserName $Long35 -Name 'Suzuki Hanako (Sales)' | Out-Null
        New-BmgUser -UserName $Long32 -Name 'Yamada Taro' -Organizations 'org-sales' | Out-Null
        New-BmgUser -UserName 'yamada' -Name 'Yamada Jiro' -Organizations 'org-sales' | Out-Null
        Rename-BmgOrganization -Id 'org-sales' -NewName 'org-sales-tokyo' | Out-Null

        function Get-UserHistory80([string] $UserName) {
            $lines = @((Get-BmgUserHistory -UserName $UserName | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
            # Console cells, not characters: a Japanese character takes two.
            $lines | ForEach-Object { $Host.UI.RawUI.LengthInBufferCells($_) | Should -BeLessOrEqual 80 -Because "'$_'" }
            $lines[1] | Should -Match '^[\s-]+$' -Because "the header is one line: $($lines[0..2] -join ' / ')"
            foreach ($label in Get-TableLabels 'BizMobileGo.Core.History.UserHistoryEntry') {
                $lines[0] | Should -Match "(^|\s)$([regex]::Escape($label))(\s|$)" -Because "'$label' is shown whole in '$($lines[0])'"
            }
            return $lines
        }
    }

    It 'a 35-character UserName, the OS user and the summary' {
        $lines = Get-UserHistory80 $Long35
        $user = [regex]::Escape((Get-BmgUserHistory -UserName $Long35)[0].OsUser)
        @($lines | Where-Object { $_ -match "^\d{4}-\d\d-\d\d \d\d:\d\d $([regex]::Escape($Long35)) $user\s+created$" }).Count | Should -Be 1 -Because ($lines -join "`n")
        @($lines | Where-Object { $_ -match "^\d{4}-\d\d-\d\d \d\d:\d\d $([regex]::Escape($Long35)) $user\s+Name\s*$" }).Count | Should -Be 1 -Because 'Changes is left-aligned, as every text column (walkthrough 24, 5)'
    }

    # Walkthrough 25, finding 4: beside Rename-BmgOrganization (22) in the Command column, -Field's old → new had 7 columns.
    It 'a 32-character UserName, and -Field Organizations'' old → new after Rename-BmgOrganization: whole beside a short UserName' {
        $lines = Get-UserHistory80 $Long32
        @($lines | Where-Object { $_ -match "^\d{4}-\d\d-\d\d \d\d:\d\d $([regex]::Escape($Long32)) \S+\s+Organizations\s*$" }).Count | Should -Be 1 -Because ($lines -join "`n")
        $arrow = [char]0x2192
        foreach ($name in 'yamada', $Long32) {
            $field = @((Get-BmgUserHistory -UserName $name -Field Organizations -Action Changed | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
            $field | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
            # Beside the 32-character UPN the new value is cut, but the field and its old value read (the Command column left 7 columns).
            $cell = if ($name -eq 'yamada') { "Organizations: org-sales $arrow org-sales-tokyo$" } else { 'Organizations: org-sales' }
            @($field | Where-Object { $_ -match "^\d{4}-\d\d-\d\d \d\d:\d\d $([regex]::Escape($name))\s+\S+\s+$cell" }).Count | Should -Be 1 -Because ($field -join "`n")
        }
    }

    It 'Format-List still names the OS user and host' {
        $list = Get-BmgUserHistory -UserName $Long32 | Select-Object -First 1 | Format-List | Out-String -Width 120
        $list | Should -Match '(?m)^OsUser\s+: \S+'
        $list | Should -Match '(?m)^Host\s+: \S+'
    }
}

# Walkthrough 14, 7: the help example "The last five imports" asked for Mode, Status, Rows and Failed, and at 80 columns
# PowerShell dropped all four (the full StartedAt and the full path took the line). The example is the default table
# now, and that table keeps them beside the file's name; the full path stays Source, in Format-List.
Describe 'The import history table at 80 columns keeps Mode, Status, Rows and Failed' {
    It 'the help example "The last five imports" shows them, and the file''s whole name, beside a long folder; Format-List the whole path' {
        New-TestStore | Out-Null
        $folder = Join-Path $TestDrive 'imports/nightly-jobs/sales-department/incoming-from-the-hr-system'
        $null = New-Item -ItemType Directory $folder -Force
        $skipped = Join-Path $folder 'devices-sales-department-20261203.csv'
        Set-Content -LiteralPath $skipped -Value 'Identifier,OS', 'ok-device-1,ios', 'ok-device-2,ios', 'bad device,ios'
        $refused = Join-Path $folder 'devices-20261203.csv'
        Set-Content -LiteralPath $refused -Value 'Identifier,OS', 'ok-device-3,ios', 'bad device 2,ios'
        Import-BmgDeviceCsv $skipped -SkipInvalidRows -ErrorAction SilentlyContinue | Out-Null
        try { Import-BmgDeviceCsv $refused -ErrorAction SilentlyContinue | Out-Null } catch { }

        $example = (Get-Help Get-BmgImportHistory).examples.example | Where-Object title -Match 'The last five imports'
        @($example).Count | Should -Be 1
        $code = [scriptblock]::Create($example.code)
        $lines = @((& $code | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $table = $lines -join "`n"
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $lines[0] | Should -Match '^\s*Id\s+StartedAt\s+Status\s+Rows\s+Changed\s+Failed\s+Emails\s+Source$' -Because $table
        $lines[1] | Should -Match '^[\s-]+$'
        @($lines | Where-Object { $_ -match '\sCommitted\s+3\s+2\s+1\s+0\s+devices-' }).Count | Should -Be 1 -Because $table
        @($lines | Where-Object { $_ -match '\sRefused\s+2\s+0\s+1\s+0\s+devices-' }).Count | Should -Be 1 -Because $table
        # The file's name is whole: a longer one goes on over the next lines of its row (Wrap), so the date that
        # tells one night's file from another's is never cut off.
        $at = $lines[0].IndexOf('Source')
        $names = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $lines[2..($lines.Count - 1)]) {
            $cell = if ($line.Length -gt $at) { $line.Substring($at).TrimEnd() } else { '' }
            if ($line.Substring(0, $at).Trim()) { $names.Add($cell) } else { $names[$names.Count - 1] += $cell }
        }
        $names | Should -Be @('devices-20261203.csv', 'devices-sales-department-20261203.csv') -Because $table
        $table | Should -Not -Match 'incoming-from-the-hr-system' -Because 'the table shows the file name, not its folder'

        $list = Get-BmgImportHistory -Last 1 | Format-List | Out-String -Width 300
        $list | Should -Match "Source\s+: $([regex]::Escape($refused))"
    }
}

# Walkthrough 22, 7: with README's job account "bmg-nightly" (11 characters) in User, the table was wider than 80 columns
# and PowerShell shrank Status and Rows: "Committ/ed", "2200/1" over two lines. Their widths are fixed now, Mode is in
# Format-List, and the file's name takes what is left.
Describe 'The import history table at 80 columns with an 11-character user name' {
    It 'keeps Status, Rows and Failed whole on the row''s first line, and the file''s name whole' {
        New-TestStore | Out-Null
        $folder = Join-Path $TestDrive 'nightly'
        $null = New-Item -ItemType Directory $folder -Force
        $good = Join-Path $folder 'devices-20261204.csv'
        Set-Content -LiteralPath $good -Value 'Identifier,OS', 'night-1,ios'
        $bad = Join-Path $folder 'b.csv'
        Set-Content -LiteralPath $bad -Value 'Identifier,OS', 'night-2,ios', 'bad device,ios'
        Import-BmgDeviceCsv $good | Out-Null
        try { Import-BmgDeviceCsv $bad -ErrorAction SilentlyContinue | Out-Null } catch { }
        $skipped = Join-Path $folder 'skip.csv'
        Set-Content -LiteralPath $skipped -Value 'Identifier,OS', 'night-3,ios', 'bad device 3,ios'
        Import-BmgDeviceCsv $skipped -SkipInvalidRows -ErrorAction SilentlyContinue | Out-Null

        # The entries as the job account's (its OS user name is the entry's User); a stopped import's 22001 rows.
        $entries = @(Get-BmgImportHistory)
        $entries | ForEach-Object { $_.User = 'bmg-nightly' }
        $entries[0].Rows = 22001
        $lines = @(($entries | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $table = $lines -join "`n"
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $lines[0] | Should -Match '^\s*Id\s+StartedAt\s+Status\s+Rows\s+Changed\s+Failed\s+Emails\s+Source$' -Because $table
        $lines.Count | Should -Be 5 -Because "one line a row, nothing wrapped ($table)"
        $table | Should -Not -Match 'bmg-nightly' -Because 'the job account is in every row: Format-List shows it (walkthrough 26, finding 6)'
        @($lines | Where-Object { $_ -match '\sCommitted\s+22001\s+1\s+1\s+0\s+skip\.csv$' }).Count | Should -Be 1 -Because $table
        @($lines | Where-Object { $_ -match '\sRefused\s+2\s+0\s+1\s+0\s+b\.csv$' }).Count | Should -Be 1 -Because $table
        @($lines | Where-Object { $_ -match '\sCommitted\s+1\s+1\s+0\s+0\s+devices-20261204\.csv$' }).Count | Should -Be 1 -Because $table
        (Get-BmgImportHistory -Last 1 | Format-List | Out-String -Width 200) | Should -Match 'Mode\s+: SkipInvalidRows'
    }
}

# Walkthrough 23, finding 9: Format-List showed a device's times as PowerShell's text of a DateTimeOffset, the culture's
# (CreatedAt : 12/04/2026 18:23:54 +00:00 under the invariant culture: US order), beside ISO times in the tables, the
# history's lists and the messages. The list views now show them as those do, in every culture.
Describe 'List views show times as the tables and messages do (ISO), whatever the culture (walkthrough 23, finding 9)' {
    It '<What> | Format-List: <Properties> as yyyy-MM-dd HH:mm:ss zzz under <Culture>' -ForEach @(
        @{ What = 'Get-BmgDevice'; Properties = @('CreatedAt', 'SavedAt'); Culture = 'en-US'; Get = { Get-BmgDevice } }
        @{ What = 'Get-BmgDevice'; Properties = @('CreatedAt', 'SavedAt'); Culture = 'ja-JP'; Get = { Get-BmgDevice } }
        @{ What = 'Get-BmgCheckInEmail'; Properties = @('QueuedAt'); Culture = 'en-US'; Get = { Get-BmgCheckInEmail } }
        @{ What = 'Get-BmgImportHistory'; Properties = @('StartedAt', 'EndedAt'); Culture = 'en-US'; Get = { Get-BmgImportHistory } }
    ) {
        New-TestStore | Out-Null
        $csv = Write-TestCsv "times-$([guid]::NewGuid().ToString('N')).csv" @('UserName,Identifier,OS,RegistrationEmail', 'time.user,time-1,ios,time.user@example.com')
        Import-BmgDeviceCsv $csv | Out-Null
        $object = @(& $Get)[0]
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = [cultureinfo]::new($Culture)
            $text = $object | Format-List | Out-String -Width 200
        } finally {
            [cultureinfo]::CurrentCulture = $saved
        }
        foreach ($property in $Properties) {
            $expected = $object.$property.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
            $text | Should -Match "(?m)^$property\s+: $([regex]::Escape($expected))\s*$"
        }
    }
}

# Twenty-fourth round: the history's own views wrote their times with the current culture ($_.At.ToString('yyyy-MM-dd HH:mm')
# reads 2569-12-04 under th-TH, whose calendar is the Buddhist one, and 21.52 under fi-FI, whose time separator is '.'), and
# DEP links and DEP devices had no list view (PowerShell's text of a DateTimeOffset is the culture's). Every view's times are
# now ISO, written with the invariant culture. ja-JP and de-DE write these formats as the invariant culture does, so the
# cultures here are ones that don't.
Describe 'Every view writes its times in ISO form, whatever the culture (twenty-fourth round)' {
    BeforeAll {
        $script:ViewStore = New-TestStore
        $examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
        Import-BmgDepDevice (Join-Path $examples 'dep-profile-*.json'), (Join-Path $examples 'dep-fetch-devices.json') | Out-Null
        $csv = Write-TestCsv (New-CsvName 'views24') @('Identifier,OS,Serial,DEPMethod', 'iphone-0002,ios,AAABBBCCCDDD,Serial', 'kiosk-front-desk-001,ios,CCCDDDAAABBB,Serial')
        Import-BmgDeviceCsv $csv | Out-Null
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
        Import-BmgDepDevice (Join-Path $examples 'dep-sync-devices.json') -WarningAction SilentlyContinue | Out-Null
        $script:Clear = Get-ClearSample

        # The text of the objects' view, under a culture; the times they should show, written with the invariant culture.
        function Get-ViewText($Objects, [string] $Culture, [switch] $List) {
            $saved = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = [cultureinfo]::new($Culture)
                if ($List) { $Objects | Format-List | Out-String -Width 80 } else { $Objects | Out-String -Width 80 }
            } finally {
                [cultureinfo]::CurrentCulture = $saved
            }
        }
        function Get-Iso($Time, [string] $Format = 'yyyy-MM-dd HH:mm:ss zzz') { $Time.ToString($Format, [cultureinfo]::InvariantCulture) }
    }

    It '<What> under <Culture>' -ForEach @(
        foreach ($culture in 'th-TH', 'fi-FI') {
            @{ Culture = $culture; What = 'the device history table'; Get = { Get-BmgDeviceHistory iphone-0002 }; List = $false; Times = { param($o) Get-Iso $o.At 'yyyy-MM-dd HH:mm' } }
            @{ Culture = $culture; What = 'the device history list'; Get = { Get-BmgDeviceHistory iphone-0002 }; List = $true; Times = { param($o) Get-Iso $o.At } }
            @{ Culture = $culture; What = 'the user history table and list'; Get = { New-BmgUser -UserName "views24-$([guid]::NewGuid().ToString('N').Substring(0, 8))" | Out-Null; @(Get-BmgUserHistory)[0] }; List = $false; Times = { param($o) Get-Iso $o.At 'yyyy-MM-dd HH:mm' } }
            @{ Culture = $culture; What = 'a clear''s entry (list) and the clears table'; Get = { $Clear }; List = $true; Times = { param($o) Get-Iso $o.At } }
            @{ Culture = $culture; What = 'the DEP link list'; Get = { Get-BmgDeviceDepLink -WarningAction SilentlyContinue }; List = $true; Times = { param($o) if ($o.CheckedInAt) { Get-Iso $o.CheckedInAt }; if ($o.DepReleasedAt) { Get-Iso $o.DepReleasedAt } } }
            @{ Culture = $culture; What = 'the DEP device list'; Get = { Get-BmgDepDevice }; List = $true; Times = { param($o) foreach ($t in $o.ProfileAssignTime, $o.ProfilePushTime, $o.DeviceAssignedDate, $o.ImportedAt, $o.ReleasedAt) { if ($t) { Get-Iso $t } } } }
            @{ Culture = $culture; What = 'the import history table'; Get = { Get-BmgImportHistory -Last 1 }; List = $false; Times = { param($o) Get-Iso $o.StartedAt 'yyyy-MM-dd HH:mm' } }
        }
    ) {
        $objects = @(& $Get)
        $expected = @($objects | ForEach-Object { & $Times $_ })
        $expected.Count | Should -BeGreaterThan 0
        $text = Get-ViewText $objects $Culture -List:$List
        foreach ($time in $expected) { $text | Should -Match ([regex]::Escape($time)) -Because $text }
        $text | Should -Not -Match '2569|\d\d\.\d\d\.\d\d|\d\d/\d\d/\d{4}' -Because 'no culture''s year, separator or order'
    }

    It 'the DEP link list breaks its Warning between words, never inside the time, at 80 columns' {
        $link = Get-BmgDeviceDepLink 'kiosk-front-desk-001' -WarningAction SilentlyContinue
        $released = Get-Iso $link.DepReleasedAt
        $link.Warning | Should -Match ([regex]::Escape($released)) -Because 'the property keeps its one line'
        $lines = @((Get-ViewText $link 'en-US' -List) -split '\r?\n')
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $warning = @($lines | Where-Object { $_ -match '^Warning\s+: ' })
        $warning.Count | Should -Be 1
        $at = $warning[0].IndexOf(': ') + 2
        $continued = @($lines[([array]::IndexOf($lines, $warning[0]) + 1)..($lines.Count - 1)] | Where-Object { $_.Length -gt $at -and -not $_.Substring(0, $at).Trim() })
        $text = (@($warning[0].Substring($at)) + @($continued | ForEach-Object { $_.Substring($at) }) | ForEach-Object TrimEnd) -join ' '
        $text | Should -BeExactly $link.Warning -Because 'broken only at spaces'
        @($warning[0]) + $continued | Where-Object { $_ -match [regex]::Escape($released) } | Should -Not -BeNullOrEmpty -Because 'the time stays whole on one line'
    }
}

# Walkthrough 25, finding 9: Import-BmgDepDevice's example 1 showed its files as "dep-profile-sales.js…" and
# "dep-fetch-devices.js…" at 80 columns: the counts' labels left Source 21 columns. Since roww39 the file is a group header
# above its counts ("Source: <leaf>"), as Import-BmgDeviceCsv's summary names its file (roww38).
Describe 'The DEP import summary table at 80 columns names each file whole (walkthrough 25, finding 9)' {
    It 'Import-BmgDepDevice example 1: one line a file, each name whole' {
        New-TestStore | Out-Null
        $examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
        Push-Location $TestDrive
        try {
            if (-not (Test-Path ./examples)) { Copy-Item -Recurse $examples ./examples }
            $example = @((Get-Help Import-BmgDepDevice -Examples).examples.example)[0]
            $summaries = @(& ([scriptblock]::Create("$($example.code)")) 3>$null)
        } finally { Pop-Location }
        $summaries | Should -HaveCount 3
        $lines = @(($summaries | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $table = $lines -join "`n"
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        # Each file: its header, then the column labels, the dashes and its one line of counts.
        $lines.Count | Should -Be 12 -Because "a header and one line of counts a file: $table"
        $files = 'dep-profile-sales.json', 'dep-profile-kiosk.json', 'dep-fetch-devices.json'
        for ($i = 0; $i -lt 3; $i++) {
            $lines[4 * $i].Trim() | Should -BeExactly "Source: $($files[$i])" -Because $table
            $lines[4 * $i + 1] | Should -Match '^Added\s+Updated\s+Same\s+Released\s+Failed\s+Profiles\s+Committed$' -Because $table
            $lines[4 * $i + 3] | Should -Match '\sTrue$' -Because $table
        }
    }

    It 'a file name of 45 characters and a Japanese one stand whole on one line above their counts (roww39)' {
        New-TestStore | Out-Null
        $name = 'abm-device-list-sales-department-20261205.csv'
        $file = Write-TestCsv $name @('SerialNumber,Model,Description,ProfileName', 'AAABBBCCCDDD,iPhone 15,IPHONE 15,P1')
        $jp = Write-TestCsv '新規DEP端末_12月分（東京営業所）.csv' @('SerialNumber,Model', 'AAABBBCCCDDE,iPad')
        $summaries = @(Import-BmgDepDevice -LiteralPath $file, $jp)
        $lines = @(($summaries | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $table = $lines -join "`n"
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_'" }
        $lines | Should -HaveCount 8 -Because $table
        $lines[0].Trim() | Should -BeExactly "Source: $name"
        $lines[1] | Should -Match '^Added\s+Updated\s+Same\s+Released\s+Failed\s+Profiles\s+Committed$'
        # Profiles 1: the file's ProfileName 'P1' is a profile known only by that name from now on (desk46).
        $lines[3] | Should -Match '^\s*1\s+0\s+0\s+0\s+0\s+1\s+True$'
        $lines[4].Trim() | Should -BeExactly 'Source: 新規DEP端末_12月分（東京営業所）.csv'
        $lines[7] | Should -Match '^\s*1\s+0\s+0\s+0\s+0\s+0\s+True$'
        $summaries[1].Source | Should -BeExactly $jp
    }
}
