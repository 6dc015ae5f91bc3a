BeforeAll {
    . $PSScriptRoot/Common.ps1

    # One error record whose FullyQualifiedErrorId is '<Id>,<cmdlet>' (exact ErrorId, not a substring).

    # Get-StoreSnapshot plus the reference data itself.
    function Get-FullSnapshot {
        $reference = @{
            Organizations = @(Get-BmgOrganization)
            Templates     = @(Get-BmgTemplate)
            DeviceTags    = @(Get-BmgDeviceTag)
        } | ConvertTo-Json -Depth 4
        return (Get-StoreSnapshot) + $reference
    }

    # The local day of something done between two readings of the clock ($Since, taken before it, and now), as a regex:
    # both days when midnight fell in between (a day read once, after a rename made at 23:59:59, named the next day).
    # Written as the module writes its times (the invariant culture: a Thai culture's calendar counts years otherwise).
    function Get-DayPattern([DateTimeOffset] $Since) {
        $days = @($Since, [DateTimeOffset]::Now) | ForEach-Object { $_.ToLocalTime().ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture) } | Select-Object -Unique
        '(?:' + (@($days | ForEach-Object { [regex]::Escape($_) }) -join '|') + ')'
    }
}

# The three kinds behave alike; each case says how to create one, how a user or device refers to it,
# and how to read those references back.
Describe '<Kind>: New-, Get-, Remove-, Rename-' -ForEach @(
    @{
        Kind = 'Organization'; Noun = 'BmgOrganization'; Key = 'Id'; ListItem = $true; Referrer = 'user'
        Create = { param($n) New-BmgOrganization -Id $n -Name "Org $n" }
        Use = { param($n) New-BmgUser -UserName 'ref1' -Organizations 'keep', $n | Out-Null; New-BmgUser -UserName 'ref2' -Organizations $n | Out-Null }
        References = { @((Get-BmgUser -UserName 'ref1').Organizations) + @((Get-BmgUser -UserName 'ref2').Organizations) }
    }
    @{
        Kind = 'Template'; Noun = 'BmgTemplate'; Key = 'Name'; ListItem = $false; Referrer = 'device'
        Create = { param($n) New-BmgTemplate -Name $n }
        Use = { param($n) New-BmgDevice -Identifier 'ref1' -OS 'ios' -Template $n | Out-Null; New-BmgDevice -Identifier 'ref2' -OS 'android' -Template $n | Out-Null; New-BmgDevice -Identifier 'ref3' -OS 'ios' -Template 'keep' | Out-Null }
        References = { @((Get-BmgDevice -Identifier 'ref1').Template) + @((Get-BmgDevice -Identifier 'ref2').Template) }
    }
    @{
        Kind = 'DeviceTag'; Noun = 'BmgDeviceTag'; Key = 'Name'; ListItem = $true; Referrer = 'device'
        Create = { param($n) New-BmgDeviceTag -Name $n }
        Use = { param($n) New-BmgDevice -Identifier 'ref1' -OS 'ios' -DeviceTags 'keep', $n | Out-Null; New-BmgDevice -Identifier 'ref2' -OS 'android' -DeviceTags $n | Out-Null }
        References = { @((Get-BmgDevice -Identifier 'ref1').DeviceTags) + @((Get-BmgDevice -Identifier 'ref2').DeviceTags) }
    }
) {
    BeforeEach {
        New-TestStore | Out-Null
        foreach ($name in 'keep', 'used', 'spare1', 'spare2') { & $Create $name | Out-Null }
        & $Use 'used'
        $Get = "Get-$Noun"
        $New = "New-$Noun"
        $Remove = "Remove-$Noun"
        $Rename = "Rename-$Noun"
    }

    It 'New- creates one and Get- returns it' {
        $out = & $Create 'fresh'
        $out.$Key | Should -Be 'fresh'
        $p = @{ $Key = 'fresh' }
        (& $Get @p).$Key | Should -Be 'fresh'
    }

    It 'New- refuses an existing key with AlreadyExists and changes nothing' {
        $before = Get-FullSnapshot
        $splat = @{ $Key = 'spare1'; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        if ($Kind -eq 'Organization') { $splat.Name = 'Again' }
        & $New @splat | Should -BeNullOrEmpty
        Assert-ErrorId $err 'AlreadyExists'
        Get-FullSnapshot | Should -Be $before
    }

    It 'New- refuses a blank key with InvalidFieldValue' {
        $before = Get-FullSnapshot
        $splat = @{ $Key = ' '; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        if ($Kind -eq 'Organization') { $splat.Name = 'Blank' }
        & $New @splat
        Assert-ErrorId $err 'InvalidFieldValue'
        Get-FullSnapshot | Should -Be $before
    }

    It 'New- refuses the list separator | in organization ids and device tags (InvalidFieldValue) and accepts it in template names' {
        $before = Get-FullSnapshot
        $splat = @{ $Key = 'a|b'; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        if ($Kind -eq 'Organization') { $splat.Name = 'Pipe' }
        $out = & $New @splat
        if ($ListItem) {
            Assert-ErrorId $err 'InvalidFieldValue'
            Get-FullSnapshot | Should -Be $before
        } else {
            $err | Should -BeNullOrEmpty
            $out.$Key | Should -Be 'a|b'
        }
    }

    It 'New- writes nothing with -WhatIf' {
        $before = Get-FullSnapshot
        $splat = @{ $Key = 'whatif'; WhatIf = $true }
        if ($Kind -eq 'Organization') { $splat.Name = 'W' }
        & $New @splat | Should -BeNullOrEmpty
        Get-FullSnapshot | Should -Be $before
    }

    # New- takes several names as Microsoft's New- cmdlets take arrays: each name its own item, its own error, its own -WhatIf.
    It 'New- takes several names at once: each is created, and one that exists is its own AlreadyExists while the others are still created' {
        $splat = @{ $Key = 'multi1', 'spare1', 'multi2'; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        if ($Kind -eq 'Organization') { $splat.Name = 'Many' }
        $out = & $New @splat
        $out.$Key | Should -Be @('multi1', 'multi2')
        Assert-ErrorId $err 'AlreadyExists'
        $err[0].TargetObject | Should -Be 'spare1'
        (& $Get).$Key | Should -Contain 'multi1'
        (& $Get).$Key | Should -Contain 'multi2'
        if ($Kind -eq 'Organization') { (Get-BmgOrganization -Id 'multi1', 'multi2').Name | Should -Be @('Many', 'Many') }
    }

    It 'New- still takes its names by position' {
        $out = if ($Kind -eq 'Organization') { New-BmgOrganization 'pos1', 'pos2' 'Positional' } else { & $New 'pos1', 'pos2' }
        $out.$Key | Should -Be @('pos1', 'pos2')
    }

    It 'New- takes piped strings, each its own item, with a partial failure' {
        $splat = @{ ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        if ($Kind -eq 'Organization') { $splat.Name = 'Piped' }
        $out = 'piped1', 'keep', 'piped2' | & $New @splat
        $out.$Key | Should -Be @('piped1', 'piped2')
        Assert-ErrorId $err 'AlreadyExists'
        $err[0].TargetObject | Should -Be 'keep'
    }

    It 'New- takes piped objects by their <Key> property, each its own item' {
        $objects = 'obj1', 'spare2', 'obj2' | ForEach-Object {
            $properties = @{ $Key = $_ }
            if ($Kind -eq 'Organization') { $properties.Name = "Object $_" }
            [pscustomobject]$properties
        }
        $out = $objects | & $New -ErrorVariable err -ErrorAction SilentlyContinue
        $out.$Key | Should -Be @('obj1', 'obj2')
        Assert-ErrorId $err 'AlreadyExists'
        if ($Kind -eq 'Organization') { (Get-BmgOrganization -Id 'obj2').Name | Should -Be 'Object obj2' }
    }

    It 'New- refuses a piped record that has no <Key> property (it never becomes the name "@{...}"), naming <Key>; the strings and records around it still bind' {
        # The record a CSV of another column gives: for organizations, OrganizationId beside the Name that does bind.
        $record = if ($Kind -eq 'Organization') { [pscustomobject]@{ OrganizationId = 'rec9'; Name = 'Nine' } } else { [pscustomobject]@{ Tag = 'rec9' } }
        $splat = @{ ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        if ($Kind -eq 'Organization') { $splat.Name = 'Piped' }
        $out = & { 'piped1'; $record; 'piped2' } | & $New @splat
        $out.$Key | Should -Be @('piped1', 'piped2')
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'ParameterArgumentTransformationError'
        "$($err[0])" | Should -BeLike "*A PSCustomObject object is not a name for -$Key*with the property '$Key'*"
        (& $Get).$Key | Should -Not -Contain '@{*' -Because 'no name is made of the record''s text'
        @((& $Get).$Key | Where-Object { $_ -like '*rec9*' }) | Should -BeNullOrEmpty
    }

    It 'New- asks -WhatIf about each name and writes none of them' {
        $before = Get-FullSnapshot
        $splat = @{ $Key = 'what1', 'what2'; WhatIf = $true }
        if ($Kind -eq 'Organization') { $splat.Name = 'W' }
        # 'What if:' lines go to the host; a transcript records them.
        $transcript = Join-Path $TestDrive "whatif-$Kind.txt"
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            & $New @splat | Should -BeNullOrEmpty
        } finally {
            $null = Stop-Transcript
        }
        $whatIf = @(Get-Content -LiteralPath $transcript | Where-Object { $_ -like 'What if:*' })
        $whatIf | Should -HaveCount 2
        $whatIf[0] | Should -Match "'what1'"
        $whatIf[1] | Should -Match "'what2'"
        Get-FullSnapshot | Should -Be $before
    }

    It 'Get- matches wildcards case-sensitively and reports an exact key in another case as <Kind>NotFound' {
        $p = @{ $Key = 'spare*' }
        (& $Get @p).$Key | Should -Be @('spare1', 'spare2')
        $p = @{ $Key = 'SPARE*' }
        & $Get @p | Should -BeNullOrEmpty
        $p = @{ $Key = 'SPARE1'; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        & $Get @p | Should -BeNullOrEmpty
        Assert-ErrorId $err "$($Kind)NotFound"
    }

    It 'Remove- removes one nothing uses, and -PassThru writes the removed <Kind> as it was, as Remove-BmgDevice and New-/Rename- write theirs (walkthrough 18, 6)' {
        $p = @{ $Key = 'spare1'; Confirm = $false; PassThru = $true }
        $out = @(& $Remove @p)
        $out.Count | Should -Be 1
        $out[0].GetType().FullName | Should -Be "BizMobileGo.Core.Users.$Kind"
        $out[0].$Key | Should -Be 'spare1'
        if ($Kind -eq 'Organization') { $out[0].Name | Should -Be 'Org spare1' -Because 'the display Name it had, read before the removal' }
        (Get-Command $Remove).OutputType.Type.FullName | Should -Be "BizMobileGo.Core.Users.$Kind"
        (& $Get).$Key | Should -Not -Contain 'spare1'
        $p = @{ $Key = 'spare2'; Confirm = $false }
        & $Remove @p | Should -BeNullOrEmpty
        (& $Get).$Key | Should -Not -Contain 'spare2'
    }

    It 'Remove- refuses one in use with ReferenceInUse naming a <Referrer> that uses it, and changes nothing' {
        $before = Get-FullSnapshot
        $p = @{ $Key = 'used'; Confirm = $false; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        & $Remove @p
        Assert-ErrorId $err 'ReferenceInUse'
        # Both holders counted and named (walkthrough 11, 9: one named, no count).
        $err[0].Exception.Message | Should -BeLike "*can't be removed: 2 ${Referrer}s use it ('ref1', 'ref2')."
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].TargetObject | Should -Be 'used'
        Get-FullSnapshot | Should -Be $before
    }

    It 'Remove- reports a key that does not exist (keys are case-sensitive) as <Kind>NotFound, as Get- does (10.5)' {
        $before = Get-FullSnapshot
        $p = @{ $Key = 'SPARE1'; Confirm = $false; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        & $Remove @p
        Assert-ErrorId $err "${Kind}NotFound"
        Get-FullSnapshot | Should -Be $before
    }

    It 'Remove- removes nothing with -WhatIf' {
        $before = Get-FullSnapshot
        $p = @{ $Key = @('spare1', 'spare2'); WhatIf = $true }
        & $Remove @p
        Get-FullSnapshot | Should -Be $before
    }

    It 'Remove- takes Get- output by property name and goes on past one in use' {
        & $Get | & $Remove -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 2    # 'keep' and 'used'
        foreach ($record in $err) { $record.FullyQualifiedErrorId | Should -BeLike 'ReferenceInUse,*' }
        (& $Get).$Key | Sort-Object | Should -Be @('keep', 'used')
    }

    It 'Rename- renames the key, every reference follows, and -PassThru writes the renamed <Kind> (as Rename-Item -PassThru writes the item)' {
        $p = @{ $Key = 'used'; NewName = 'renamed'; PassThru = $true }
        $out = @(& $Rename @p)
        $out.Count | Should -Be 1
        $out[0].GetType().FullName | Should -Be "BizMobileGo.Core.Users.$Kind"
        $out[0].$Key | Should -Be 'renamed'
        if ($Kind -eq 'Organization') { $out[0].Name | Should -Be 'Org used' }
        $keys = (& $Get).$Key
        $keys | Should -Contain 'renamed'
        $keys | Should -Not -Contain 'used'
        $refs = & $References
        $refs | Should -Contain 'renamed'
        $refs | Should -Not -Contain 'used'
        @($refs | Where-Object { $_ -eq 'renamed' }) | Should -HaveCount 2
    }

    It 'Rename- to the name it has (<Kind>, spaces around it trimmed) changes nothing, asks nothing, and -PassThru still writes the <Kind>, as Rename-Item -PassThru does' {
        $before = Get-FullSnapshot
        foreach ($newName in 'used', ' used ') {
            $p = @{ $Key = 'used'; NewName = $newName; PassThru = $true }
            $result = Invoke-Captured { & $Rename @p }
            $result.Errors | Should -BeNullOrEmpty -Because 'without -PassThru the rename accepts it (no error), so -PassThru does too'
            $result.Output | Should -HaveCount 1
            $result.Output[0].GetType().FullName | Should -Be "BizMobileGo.Core.Users.$Kind"
            $result.Output[0].$Key | Should -Be 'used'
        }
        $p = @{ $Key = 'used'; NewName = 'used' }
        (Invoke-Captured { & $Rename @p }).Errors | Should -BeNullOrEmpty
        $g = @{ $Key = 'used' }
        @(& $Get @g | & $Rename -NewName 'used' -PassThru).$Key | Should -Be 'used'
        Get-FullSnapshot | Should -Be $before
    }

    It 'Rename- keeps the position of the renamed item in a list' {
        $p = @{ $Key = 'used'; NewName = 'renamed' }
        & $Rename @p
        $refs = & $References
        if ($ListItem) { $refs[0..1] | Should -Be @('keep', 'renamed') } else { $refs | Should -Be @('renamed', 'renamed') }
    }

    It 'Rename- takes Get- output by property name' {
        $p = @{ $Key = 'spare1' }
        & $Get @p | & $Rename -NewName 'piped'
        (& $Get).$Key | Should -Contain 'piped'
        (& $Get).$Key | Should -Not -Contain 'spare1'
    }

    It 'Rename- refuses a new key that exists with AlreadyExists and changes nothing' {
        $before = Get-FullSnapshot
        $p = @{ $Key = 'used'; NewName = 'spare1'; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        & $Rename @p
        Assert-ErrorId $err 'AlreadyExists'
        Get-FullSnapshot | Should -Be $before
    }

    It 'Rename- reports a key that does not exist as <Kind>NotFound, as Get- does (10.5), and changes nothing' {
        $before = Get-FullSnapshot
        $p = @{ $Key = 'Used'; NewName = 'x'; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        & $Rename @p
        Assert-ErrorId $err "${Kind}NotFound"
        Get-FullSnapshot | Should -Be $before
    }

    It 'Rename- refuses a blank new key with InvalidFieldValue and changes nothing' {
        $before = Get-FullSnapshot
        $p = @{ $Key = 'used'; NewName = '  '; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
        & $Rename @p
        Assert-ErrorId $err 'InvalidFieldValue'
        Get-FullSnapshot | Should -Be $before
    }

    It 'Rename- changes nothing with -WhatIf, and its text says who follows (users of an organization, devices of a template or tag)' {
        $before = Get-FullSnapshot
        $p = @{ $Key = 'used'; NewName = 'renamed'; WhatIf = $true; PassThru = $true }
        # 'What if:' lines go to the host; a transcript records them.
        $transcript = Join-Path $TestDrive "rename-whatif-$Kind.txt"
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            & $Rename @p | Should -BeNullOrEmpty
        } finally {
            $null = Stop-Transcript
        }
        $shown = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', ''
        if ($Kind -eq 'Organization') {
            # Organizations are held by users only, and -NewName sets the Id: both said plainly (walkthrough 11, 8).
            $shown | Should -Match "What if: .*Change the Id to 'renamed' \(every user that lists it follows; the display Name stays"
        } else {
            $shown | Should -Match "What if: .*Rename to 'renamed' \(every device that refers to it follows\)"
        }
        $shown | Should -Not -Match 'user and device'
        Get-FullSnapshot | Should -Be $before
    }
}

Describe 'Remove- of a name many devices or one user use' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name '標準' | Out-Null
        foreach ($n in 6, 2, 4, 1, 5, 3) { New-BmgDevice -Identifier "ipad-osaka-00$n" -OS 'ios' -Template '標準' | Out-Null }
        New-BmgOrganization -Id 'org-somu' -Name '総務部' | Out-Null
        New-BmgUser -UserName 'tanaka' -Organizations 'org-somu' | Out-Null
    }

    It 'says how many devices use a template and names the first three (walkthrough 11, 9)' {
        Remove-BmgTemplate '標準' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'ReferenceInUse'
        $err[0].Exception.Message | Should -Be "Template '標準' can't be removed: 6 devices use it ('ipad-osaka-001', 'ipad-osaka-002', 'ipad-osaka-003' and 3 more)."
        (Get-BmgTemplate).Name | Should -Be '標準'
    }

    It 'names the one user of an organization in the singular' {
        Remove-BmgOrganization 'org-somu' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'ReferenceInUse'
        $err[0].Exception.Message | Should -Be "Organization 'org-somu' can't be removed: user 'tanaka' uses it."
    }
}

Describe 'Rename- of names that locked devices use' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Std' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgDevice -Identifier 'locked1' -OS 'ios' -Code 'abc123' -Template 'Std' -DeviceTags 'Sales' | Out-Null
        Register-BmgDeviceCheckIn -Identifier 'locked1' -Code 'abc123' | Out-Null
    }

    It 'carries the reference of a checked-in device along (the key changes, not the device''s information)' {
        Rename-BmgTemplate -Name 'Std' -NewName 'Standard'
        Rename-BmgDeviceTag -Name 'Sales' -NewName 'Field sales'
        $d = Get-BmgDevice -Identifier 'locked1'
        $d.Template | Should -Be 'Standard'
        $d.DeviceTags | Should -Be @('Field sales')
        $d.State | Should -Be 'CheckedIn'
    }
}

# Walkthrough 23, finding 4: an export made before Rename-BmgTemplate named the old template, and the import's advice was
# "create it with New-BmgTemplate first" — a second template, and the devices moved back to it. The change history holds
# the rename (each holder's entry, by the Rename- command): the message now gives the new name, when and by whom.
Describe 'An export made before a rename: the import''s not-found message gives the new name (walkthrough 23, finding 4)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name '標準' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgDeviceTag -Name 'Kiosk' | Out-Null
        New-BmgOrganization -Id 'hq' -Name 'Head office' | Out-Null
        $seed = Write-TestCsv -Name (New-CsvName 'seed') -Lines @(
            'UserName,Organizations,Identifier,Template,OS,DeviceTags'
            'suzuki,hq,iphone-0001,標準,ios,Kiosk|Sales'
            'yamada,hq,iphone-0002,標準,ios,Sales')
        Import-BmgDeviceCsv -LiteralPath $seed | Out-Null
        $script:export = Join-Path $TestDrive (New-CsvName 'inv')
        Export-BmgDeviceCsv -LiteralPath $export
    }

    It 'Template, DeviceTags and Organizations renamed: each row''s error names the new name and the rename, not New-Bmg…; nothing imported' {
        $renaming = [DateTimeOffset]::Now
        Rename-BmgTemplate -Name '標準' -NewName '標準 2026'
        Rename-BmgDeviceTag -Name 'Sales' -NewName 'Field sales'
        Rename-BmgOrganization -Id 'hq' -NewId 'head-office'
        $day = Get-DayPattern $renaming
        $before = Get-FullSnapshot
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $export }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        @($result.Errors) | Should -HaveCount 2
        foreach ($record in $result.Errors) {
            Get-ErrorId $record | Should -Be 'ReferenceNotFound'
            $message = $record.Exception.Message
            $message | Should -Match ("Template names a template '標準', which does not exist: '標準' was renamed to '標準 2026' " +
                "\(on $day \d\d:\d\d [+-]\d\d:\d\d by [^,]+, Rename-BmgTemplate\); give the new name\.")
            $message | Should -Match "DeviceTags names a device tag 'Sales', which does not exist: 'Sales' was renamed to 'Field sales' \(on $day [^)]*Rename-BmgDeviceTag\); give the new name\."
            $message | Should -Match "Organizations names an organization 'hq', which does not exist: 'hq' was renamed to 'head-office' \(on $day [^)]*Rename-BmgOrganization\); give the new name\."
            $message | Should -Not -Match 'New-Bmg'
        }
        Get-FullSnapshot | Should -Be $before
    }

    # Walkthrough 40, finding 3: on a shared jump host every admin is root; the rename was made for bob, and says so.
    It 'renamed with -ChangedBy: each message names the OS user and whom it was for ("by root for bob"), one wording for every kind' {
        Rename-BmgTemplate -Name '標準' -NewName '標準 2026' -ChangedBy bob
        Rename-BmgDeviceTag -Name 'Sales' -NewName 'Field sales' -ChangedBy 'CONTOSO\bob'
        Rename-BmgOrganization -Id 'hq' -NewId 'head-office' -ChangedBy bob
        Rename-BmgDevice -Identifier 'iphone-0002' -NewIdentifier 'iphone-0002b' -ChangedBy bob
        $me = [regex]::Escape([Environment]::UserName)
        $message = (Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $export }).Errors[0].Exception.Message
        $message | Should -Match "'標準' was renamed to '標準 2026' \(on [^)]* by $me for bob, Rename-BmgTemplate\); give the new name\."
        $message | Should -Match "'Sales' was renamed to 'Field sales' \(on [^)]* by $me for CONTOSO\\bob, Rename-BmgDeviceTag\); give the new name\."
        $message | Should -Match "'hq' was renamed to 'head-office' \(on [^)]* by $me for bob, Rename-BmgOrganization\); give the new name\."
        $read = Invoke-Captured { Get-BmgDevice -DeviceTag 'Sales' }
        "$($read.Errors) $($read.Terminating)" | Should -Match "by $me for CONTOSO\\bob, Rename-BmgDeviceTag\); give the new name"
        $set = Invoke-Captured { Set-BmgDevice 'iphone-0002' -DisplayName x }
        "$($set.Errors) $($set.Terminating)" | Should -Match "'iphone-0002' was renamed to 'iphone-0002b' \(on [^)]* by $me for bob, Rename-BmgDevice\)"
    }

    It 'renamed without -ChangedBy: the OS user alone, as before' {
        Rename-BmgDeviceTag -Name 'Sales' -NewName 'Field sales'
        $me = [regex]::Escape([Environment]::UserName)
        $read = Invoke-Captured { Get-BmgDevice -DeviceTag 'Sales' }
        "$($read.Errors) $($read.Terminating)" | Should -Match "\(on [^)]* by $me, Rename-BmgDeviceTag\); give the new name"
    }

    It 'renamed twice: the name it ends at, each rename said' {
        Rename-BmgTemplate -Name '標準' -NewName '標準 2026'
        Rename-BmgTemplate -Name '標準 2026' -NewName '標準 2027'
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $export }
        $result.Errors[0].Exception.Message | Should -Match "'標準' was renamed to '標準 2026' \([^)]*\), then to '標準 2027' \([^)]*\); give the new name\."
    }

    It 'a name the history never saw renamed keeps the advice to create it' {
        $file = Write-TestCsv -Name (New-CsvName 'never') -Lines @('Identifier,OS,Template', 'iphone-0003,ios,Nowhere')
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $file }
        $result.Errors[0].Exception.Message | Should -BeLike "*Template names a template 'Nowhere', which does not exist; create it with New-BmgTemplate first*"
    }

    It 'a new name removed since: no name to give, so the advice to create it stays' {
        Rename-BmgTemplate -Name '標準' -NewName '標準 2026'
        New-BmgTemplate -Name 'Other' | Out-Null
        Get-BmgDevice | Set-BmgDevice -Template 'Other'
        Remove-BmgTemplate -Name '標準 2026' -Confirm:$false
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $export }
        $result.Errors[0].Exception.Message | Should -BeLike "*'標準', which does not exist; create it with New-BmgTemplate first*"
    }
}

Describe 'Rename-BmgOrganization' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-a' -Name 'Sales department' | Out-Null
    }

    It 'is selected by -Id, changes the Id and keeps the Name' {
        Rename-BmgOrganization -Id 'org-a' -NewName 'org-sales'
        $org = Get-BmgOrganization
        $org.Id | Should -Be 'org-sales'
        $org.Name | Should -Be 'Sales department'
    }

    It 'refuses a new Id containing | with InvalidFieldValue' {
        Rename-BmgOrganization -Id 'org-a' -NewName 'a|b' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'InvalidFieldValue'
        (Get-BmgOrganization).Id | Should -Be 'org-a'
    }

    It 'lets a CSV import refer to the new Id, and refuses the old one' {
        Rename-BmgOrganization -Id 'org-a' -NewName 'org-sales'
        [pscustomobject]@{ UserName = 'u1'; Organizations = 'org-sales' } | Import-BmgDeviceCsv -ErrorAction Stop | Out-Null
        (Get-BmgUser -UserName 'u1').Organizations | Should -Be 'org-sales'
        New-BmgUser -UserName 'u2' -Organizations 'org-a' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'ReferenceNotFound'
    }
}

Describe 'Set-BmgOrganization' {
    BeforeEach {
        New-TestStore | Out-Null
        # The walkthrough's mistake: two organizations given one Name at once.
        New-BmgOrganization -Id 'org-eigyo', 'org-somu' -Name '営業部' | Out-Null
        New-BmgUser -UserName 'tanaka' -Organizations 'org-somu' | Out-Null
    }

    It 'changes the display Name, keeps the Id and the users that list it, and -PassThru writes the organization' {
        $head = (Test-BmgHistory).HeadHash
        $out = @(Set-BmgOrganization -Id 'org-somu' -Name ' 総務部 ' -PassThru)
        $out.Count | Should -Be 1
        $out[0].GetType().FullName | Should -Be 'BizMobileGo.Core.Users.Organization'
        $out[0].Id | Should -Be 'org-somu'
        $out[0].Name | Should -Be '総務部'
        (Get-BmgOrganization) | ForEach-Object { "$($_.Id)=$($_.Name)" } | Should -Be @('org-eigyo=営業部', 'org-somu=総務部')
        (Get-BmgUser tanaka).Organizations | Should -Be 'org-somu'
        # Organizations are reference data: no user changed, so the change history has nothing new.
        (Test-BmgHistory).HeadHash | Should -Be $head
    }

    It 'writes nothing without -PassThru, and takes Get-BmgOrganization output by Id' {
        Get-BmgOrganization 'org-somu' | Set-BmgOrganization -Name '総務部' | Should -BeNullOrEmpty
        (Get-BmgOrganization 'org-somu').Name | Should -Be '総務部'
        (Get-BmgOrganization 'org-eigyo').Name | Should -Be '営業部'
    }

    It 'sets each record of a CSV of Id and Name its own Name' {
        @([pscustomobject]@{ Id = 'org-eigyo'; Name = 'Sales' }, [pscustomobject]@{ Id = 'org-somu'; Name = 'General affairs' }) | Set-BmgOrganization
        (Get-BmgOrganization) | ForEach-Object { "$($_.Id)=$($_.Name)" } | Should -Be @('org-eigyo=Sales', 'org-somu=General affairs')
    }

    It 'warns once that nothing changes for piped organizations without -Name (their own Name binds), as Set-BmgDevice given no field' {
        $before = Get-FullSnapshot
        $result = Invoke-Captured { Get-BmgOrganization | Set-BmgOrganization -PassThru }
        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -Be 'Set-BmgOrganization was given no field to change, so nothing changes: give a field parameter, such as -Name.'
        $result.Output | Should -HaveCount 2 -Because '-PassThru still writes the unchanged organizations, as Set-BmgDevice -PassThru does'
        Get-FullSnapshot | Should -Be $before
        # A record of Id and Name gives a Name, even the one it has already: no warning, as for a field given its own value.
        (Invoke-Captured { [pscustomobject]@{ Id = 'org-somu'; Name = '営業部' } | Set-BmgOrganization }).Warnings | Should -BeNullOrEmpty
        (Invoke-Captured { Get-BmgOrganization 'org-somu' | Set-BmgOrganization -Name '営業部' }).Warnings | Should -BeNullOrEmpty
    }

    It 'refuses an object that is no organization (NameNotObject)' {
        $result = Invoke-Captured { Get-BmgUser tanaka | Set-BmgOrganization -Name 'x' }
        $result.Errors | Should -HaveCount 1
        Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
        "$($result.Errors[0])" | Should -BeLike '*User object is not a name for -Id: give the name as a string, or pipe Organization objects (Get-BmgOrganization … | Set-BmgOrganization …).*'
        (Get-BmgOrganization 'org-somu').Name | Should -Be '営業部'
    }

    It 'reports an Id that does not exist (case-sensitive) as OrganizationNotFound and still changes the others' {
        Set-BmgOrganization -Id 'ORG-SOMU', 'org-eigyo' -Name 'Sales' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'OrganizationNotFound'
        (Get-BmgOrganization 'org-eigyo').Name | Should -Be 'Sales'
        (Get-BmgOrganization 'org-somu').Name | Should -Be '営業部'
    }

    It 'refuses a blank Name with InvalidFieldValue and changes nothing' {
        $before = Get-FullSnapshot
        Set-BmgOrganization -Id 'org-somu' -Name '  ' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-ErrorId $err 'InvalidFieldValue'
        $err[0].Exception.Message | Should -BeLike "Name value '  ' is not valid: *"
        Get-FullSnapshot | Should -Be $before
    }

    It 'changes nothing with -WhatIf, whose text names the organization, its Name and the new Name' {
        $before = Get-FullSnapshot
        $transcript = Join-Path $TestDrive 'set-org-whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            Set-BmgOrganization 'org-somu' '総務部' -WhatIf -PassThru | Should -BeNullOrEmpty
        } finally {
            $null = Stop-Transcript
        }
        (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', '' |
            Should -Match "What if: .*Set Name to '総務部'.* on target .Organization 'org-somu' \(営業部\)"
        Get-FullSnapshot | Should -Be $before
    }
}

Describe 'Rename-BmgOrganization -NewId' {
    It 'is another name of -NewName, which sets the Id' {
        New-TestStore | Out-Null
        New-BmgOrganization -Id 'org-a' -Name 'Sales department' | Out-Null
        $out = Rename-BmgOrganization -Id 'org-a' -NewId 'org-sales' -PassThru
        $out.Id | Should -Be 'org-sales'
        $out.Name | Should -Be 'Sales department'
    }
}

# Walkthrough 25, finding 6: after Rename-BmgDeviceTag Sales -NewName 'Sales-JP', Get-BmgDevice -DeviceTag Sales said
# "does not exist (names are case-sensitive)" where New-BmgDevice said the rename. Every look-up of a template, tag or
# organization by name now says it in one wording (ReferenceData.RenamedNotFound), read from the history only then.
Describe 'A renamed template, tag or organization looked up by its old name: the error gives the new name (walkthrough 25, finding 6)' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgTemplate -Name '標準' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'hq' -Name 'Head office' | Out-Null
        New-BmgUser -UserName 'suzuki' -Organizations hq | Out-Null
        New-BmgDevice -Identifier 'iphone-0001' -OS ios -UserName suzuki -Template '標準' -DeviceTags 'Sales' | Out-Null
        $renaming = [DateTimeOffset]::Now
        Rename-BmgTemplate -Name '標準' -NewName '標準 2026'
        Rename-BmgDeviceTag -Name 'Sales' -NewName 'Sales-JP'
        Rename-BmgOrganization -Id 'hq' -NewId 'head-office'
        $script:day = Get-DayPattern $renaming
        $script:before = Get-FullSnapshot
    }

    It '<Command> is <ErrorId>, names the rename, and changes nothing' -TestCases @(
        @{ Command = { Get-BmgDevice -DeviceTag Sales }; ErrorId = 'DeviceTagNotFound'; Old = 'Sales'; New = 'Sales-JP'; Kind = 'Device tag'; By = 'Rename-BmgDeviceTag' }
        @{ Command = { Get-BmgDevice -Template '標準' }; ErrorId = 'TemplateNotFound'; Old = '標準'; New = '標準 2026'; Kind = 'Template'; By = 'Rename-BmgTemplate' }
        @{ Command = { Get-BmgUser -Organization hq }; ErrorId = 'OrganizationNotFound'; Old = 'hq'; New = 'head-office'; Kind = 'Organization'; By = 'Rename-BmgOrganization' }
        @{ Command = { Remove-BmgDeviceTag -Name Sales -Confirm:$false }; ErrorId = 'DeviceTagNotFound'; Old = 'Sales'; New = 'Sales-JP'; Kind = 'Device tag'; By = 'Rename-BmgDeviceTag' }
        @{ Command = { Remove-BmgTemplate -Name '標準' -Confirm:$false }; ErrorId = 'TemplateNotFound'; Old = '標準'; New = '標準 2026'; Kind = 'Template'; By = 'Rename-BmgTemplate' }
        @{ Command = { Remove-BmgOrganization -Id hq -Confirm:$false }; ErrorId = 'OrganizationNotFound'; Old = 'hq'; New = 'head-office'; Kind = 'Organization'; By = 'Rename-BmgOrganization' }
        @{ Command = { Rename-BmgDeviceTag -Name Sales -NewName 'Sales-EU' }; ErrorId = 'DeviceTagNotFound'; Old = 'Sales'; New = 'Sales-JP'; Kind = 'Device tag'; By = 'Rename-BmgDeviceTag' }
        @{ Command = { Set-BmgOrganization -Id hq -Name 'HQ' }; ErrorId = 'OrganizationNotFound'; Old = 'hq'; New = 'head-office'; Kind = 'Organization'; By = 'Rename-BmgOrganization' }
        @{ Command = { Get-BmgDeviceTag -Name Sales }; ErrorId = 'DeviceTagNotFound'; Old = 'Sales'; New = 'Sales-JP'; Kind = 'Device tag'; By = 'Rename-BmgDeviceTag' }
        @{ Command = { Get-BmgTemplate -Name '標準' }; ErrorId = 'TemplateNotFound'; Old = '標準'; New = '標準 2026'; Kind = 'Template'; By = 'Rename-BmgTemplate' }
        @{ Command = { Get-BmgOrganization -Id hq }; ErrorId = 'OrganizationNotFound'; Old = 'hq'; New = 'head-office'; Kind = 'Organization'; By = 'Rename-BmgOrganization' }
    ) {
        param([scriptblock] $Command, [string] $ErrorId, [string] $Old, [string] $New, [string] $Kind, [string] $By)
        $result = Invoke-Captured $Command
        $record = @(@($result.Errors) + @($result.Terminating) | Where-Object { $_ })
        $record | Should -HaveCount 1
        Get-ErrorId $record[0] | Should -Be $ErrorId
        $record[0].Exception.Message | Should -Match ([regex]::Escape("$Kind '$Old' does not exist $(Get-InStore): '$Old' was renamed to '$New' (on ") +
            "$day \d\d:\d\d [+-]\d\d:\d\d by [^,]+, $By\); give the new name\.")
        @($result.Output) | Should -HaveCount 0
        Get-FullSnapshot | Should -Be $before
    }

    It 'a name the history never saw renamed keeps its usual message' {
        $result = Invoke-Captured { Get-BmgDevice -DeviceTag 'Never' }
        $result.Errors[0].Exception.Message | Should -BeExactly "Device tag 'Never' does not exist $(Get-InStore) (names are case-sensitive)."
    }
}
