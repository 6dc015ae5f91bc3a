# Set-BmgDevice -AddDeviceTag/-RemoveDeviceTag and Set-BmgUser -AddOrganization/-RemoveOrganization (walkthrough 28,
# finding 6): some names of a list added or removed, the rest kept, on piped devices and users, under -WhatIf, in the
# history; a name the record has (or lacks) is no change; -DeviceTags/-Organizations (the whole list) is another
# parameter set; a hashtable given to the whole list is refused as such, naming the new parameters.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function New-ListFixture {
        New-TestStore | Out-Null
        'Sales', 'Tokyo', 'Osaka', 'Kiosk' | ForEach-Object { New-BmgDeviceTag -Name $_ | Out-Null }
        'org-sales', 'org-tokyo', 'org-osaka' | ForEach-Object { New-BmgOrganization -Id $_ -Name "Name of $_" | Out-Null }
        New-BmgDevice -Identifier 'sales01' -OS ios -DeviceTags 'Sales' | Out-Null
        New-BmgDevice -Identifier 'sales02' -OS ios -DeviceTags 'Kiosk', 'Sales', 'Tokyo' | Out-Null
        New-BmgDevice -Identifier 'osaka01' -OS ios -DeviceTags 'Osaka' | Out-Null
        New-BmgUser -UserName 'u-sales' -Organizations 'org-sales', 'org-osaka' | Out-Null
        New-BmgUser -UserName 'u-both' -Organizations 'org-sales', 'org-tokyo' | Out-Null
    }

    function Get-Tags([string] $Identifier) { @((Get-BmgDevice -Identifier $Identifier).DeviceTags) }

    function Get-ChangeText($Entry) { @($Entry.Changes | ForEach-Object { $_.ToString() }) }

    # What -WhatIf printed: 'What if:' lines go to the host; a transcript records them.
    function Get-WhatIfText([scriptblock] $Script) {
        $transcript = Join-Path $TestDrive "whatif-$([guid]::NewGuid().ToString('N')).txt"
        $null = Start-Transcript -LiteralPath $transcript -Force
        try { & $Script } finally { $null = Stop-Transcript }
        (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', ''
    }

    $script:Arrow = [char]0x2192
}

Describe 'Set-BmgDevice -AddDeviceTag / -RemoveDeviceTag' {
    BeforeEach { New-ListFixture }

    It 'tags every piped Sales device with Tokyo too, keeping their tags; one tagged Tokyo already is unchanged, with no history entry' {
        $entriesBefore = @(Get-BmgDeviceHistory sales02).Count

        $out = @(Get-BmgDevice -DeviceTag Sales | Set-BmgDevice -AddDeviceTag Tokyo -PassThru)

        $out.Identifier | Should -Be @('sales01', 'sales02')
        Get-Tags sales01 | Should -Be @('Sales', 'Tokyo')
        Get-Tags sales02 | Should -Be @('Kiosk', 'Sales', 'Tokyo') -Because 'it had Tokyo: the list is as it was, in its order'
        Get-Tags osaka01 | Should -Be @('Osaka') -Because 'it was not piped'
        $entry = @(Get-BmgDeviceHistory sales01)[0]
        $entry.Action | Should -Be 'Changed'
        $entry.Command | Should -Be 'Set-BmgDevice'
        Get-ChangeText $entry | Should -Be @("DeviceTags: Sales $Arrow Sales|Tokyo")
        @(Get-BmgDeviceHistory sales02) | Should -HaveCount $entriesBefore -Because 'adding a tag a device has is no change'
    }

    It 'removes a tag and keeps the others in their order; a device without it is unchanged, with no error, warning or history entry' {
        $entriesBefore = @(Get-BmgDeviceHistory osaka01).Count

        $run = Invoke-Captured { 'sales02', 'osaka01' | Set-BmgDevice -RemoveDeviceTag Sales }

        $run.Errors | Should -BeNullOrEmpty
        $run.Warnings | Should -BeNullOrEmpty
        $run.Terminating | Should -BeNullOrEmpty
        Get-Tags sales02 | Should -Be @('Kiosk', 'Tokyo')
        Get-Tags osaka01 | Should -Be @('Osaka')
        @(Get-BmgDeviceHistory osaka01) | Should -HaveCount $entriesBefore
        Get-ChangeText @(Get-BmgDeviceHistory sales02)[0] | Should -Be @("DeviceTags: Kiosk|Sales|Tokyo $Arrow Kiosk|Tokyo")
    }

    It 'adds and removes in one call, with another field, as one change and one history entry' {
        $entriesBefore = @(Get-BmgDeviceHistory sales01).Count

        Set-BmgDevice sales01 -RemoveDeviceTag Sales -AddDeviceTag Osaka, Kiosk -Description 'moved to Osaka'

        Get-Tags sales01 | Should -Be @('Osaka', 'Kiosk') -Because 'the added tags follow in the order given'
        (Get-BmgDevice sales01).Description | Should -Be 'moved to Osaka'
        $entries = @(Get-BmgDeviceHistory sales01)
        $entries | Should -HaveCount ($entriesBefore + 1)
        Get-ChangeText $entries[0] | Should -Be @("DeviceTags: Sales $Arrow Osaka|Kiosk", "Description: (none) $Arrow moved to Osaka")
    }

    It 'changes many piped devices, each from its own list' {
        1..30 | ForEach-Object { New-BmgDevice -Identifier ('many{0:d2}' -f $_) -OS ios -DeviceTags $(if ($_ % 2) { 'Sales' } else { 'Osaka', 'Sales' }) } | Out-Null

        Get-BmgDevice 'many*' | Set-BmgDevice -AddDeviceTag Tokyo -RemoveDeviceTag Sales

        $devices = @(Get-BmgDevice 'many*')
        $devices | Should -HaveCount 30
        foreach ($device in $devices) {
            $expected = if ([int]$device.Identifier.Substring(4) % 2) { @('Tokyo') } else { @('Osaka', 'Tokyo') }
            @($device.DeviceTags) | Should -Be $expected -Because "$($device.Identifier) keeps its own other tags"
        }
    }

    It '-WhatIf prints each device''s list as it is and as it would be, nothing for an unchanged one, and writes nothing' {
        $before = Get-StoreSnapshot

        $text = Get-WhatIfText { Get-BmgDevice -DeviceTag Sales | Set-BmgDevice -AddDeviceTag Tokyo -WhatIf }

        $text | Should -Match ([regex]::Escape("What if: Performing the operation `"Update (DeviceTags: 'Sales' -> 'Sales|Tokyo')`" on target `"Device 'sales01'`""))
        $text | Should -Not -Match "Device 'sales02'" -Because 'it has Tokyo: nothing to do'
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses a tag to <Verb> that does not exist with ReferenceNotFound, applies nothing of the call, and goes on with the next device' -ForEach @(
        @{ Verb = 'add'; Splat = @{ AddDeviceTag = 'Nagoya' }; Message = "AddDeviceTag names a device tag 'Nagoya', which does not exist; create it with New-BmgDeviceTag first." }
        @{ Verb = 'remove'; Splat = @{ RemoveDeviceTag = 'sales' }; Message = "RemoveDeviceTag names a device tag 'sales', which does not exist; did you mean 'Sales'? (names are case-sensitive)." }
    ) {
        $before = Get-StoreSnapshot

        $run = Invoke-Captured { 'sales01', 'osaka01' | Set-BmgDevice @Splat -Description 'not applied' }

        Assert-ErrorId $run.Errors 'ReferenceNotFound' -Count 2
        $run.Errors[0].Exception.Message | Should -BeExactly $Message
        $run.Errors.TargetObject | Should -Be @('sales01', 'osaka01')
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses a tag given both to add and to remove with InvalidFieldValue' {
        $run = Invoke-Captured { Set-BmgDevice sales01 -AddDeviceTag Tokyo -RemoveDeviceTag Tokyo }

        Assert-ErrorId $run.Errors 'InvalidFieldValue'
        $run.Errors[0].Exception.Message | Should -BeLike "*'Tokyo' is given to -AddDeviceTag too; give each name to add or to remove, not both*"
        Get-Tags sales01 | Should -Be @('Sales')
    }

    It 'can''t be given with -DeviceTags, the whole list: another parameter set' {
        $before = Get-StoreSnapshot

        { Set-BmgDevice sales01 -DeviceTags Osaka -AddDeviceTag Tokyo } | Should -Throw -ErrorId 'AmbiguousParameterSet,BizMobileGo.PowerShell.SetBmgDeviceCommand'
        { Set-BmgDevice sales01 -DeviceTags Osaka -RemoveDeviceTag Sales } | Should -Throw -ErrorId 'AmbiguousParameterSet,BizMobileGo.PowerShell.SetBmgDeviceCommand'

        Get-StoreSnapshot | Should -Be $before
        $sets = (Get-Command Set-BmgDevice).ParameterSets
        ($sets | Where-Object { $_.Parameters.Name -contains 'DeviceTags' }).Parameters.Name | Should -Not -Contain 'AddDeviceTag'
        ($sets | Where-Object { $_.Parameters.Name -contains 'AddDeviceTag' }).Parameters.Name | Should -Contain 'RemoveDeviceTag'
        ($sets | Where-Object IsDefault).Parameters.Name | Should -Contain 'DeviceTags' -Because 'a call with no tag parameter is in the whole-list set, as before'
    }

    It 'refuses a hashtable given to -DeviceTags as such, naming -AddDeviceTag, not as a tag to create' {
        $before = Get-StoreSnapshot

        $run = Invoke-Captured { Set-BmgDevice sales01 -DeviceTags @{ Add = 'Tokyo' } }

        Assert-ErrorId $run.Errors 'ReferenceNotFound'
        $message = $run.Errors[0].Exception.Message
        $message | Should -BeLike "-DeviceTags was given 'System.Collections.Hashtable', which is PowerShell's text for a hashtable*-AddDeviceTag or -RemoveDeviceTag*"
        $message | Should -Not -BeLike '*New-BmgDeviceTag*'
        Get-StoreSnapshot | Should -Be $before
    }
}

# Round 31: the list edits took an object as its text, without the check the value fields got (ValueNotObject): a
# [pscustomobject] was looked up as the tag '@{a=Sales}' ("create it with New-BmgDeviceTag"), and a Device as its
# identifier, so `-AddDeviceTag (Get-BmgDevice sales01)` added the tag 'sales01' when one was so named. Now every object
# but the list's own kind is refused at binding, in the value fields' words; a device tag (or organization) object still
# names itself, and a hashtable given to the whole list keeps its own refusal (above).
Describe 'the reference lists refuse an object as the value fields do' {
    BeforeEach {
        New-ListFixture
        # A tag and an organization named as a device and a user are: an object taken as its text would name them.
        New-BmgDeviceTag -Name 'sales02' | Out-Null
        New-BmgOrganization -Id 'u-both' -Name 'Named as a user' | Out-Null
        $script:Backup = Join-Path $TestDrive "objects-$([guid]::NewGuid().ToString('N')).xml"
        @(Get-BmgDevice sales02; Get-BmgUser u-both) | Export-Clixml -LiteralPath $Backup
    }

    It '<Command> -<Parameter> refuses <Name> (ObjectNotFieldValue''s words, at binding); nothing is written' -ForEach @(
        @{ Command = 'Set-BmgDevice'; Key = 'sales01'; Parameter = 'AddDeviceTag'; Name = 'a hashtable'; Value = { @{ Add = 'Tokyo' } }; TypeName = 'System.Collections.Hashtable' }
        @{ Command = 'Set-BmgDevice'; Key = 'sales01'; Parameter = 'RemoveDeviceTag'; Name = 'a [pscustomobject]'; Value = { [pscustomobject]@{ Name = 'Sales' } }; TypeName = 'System.Management.Automation.PSCustomObject' }
        @{ Command = 'Set-BmgDevice'; Key = 'sales01'; Parameter = 'AddDeviceTag'; Name = 'a Device'; Value = { Get-BmgDevice sales02 }; TypeName = 'BizMobileGo.Core.Devices.Device' }
        @{ Command = 'Set-BmgDevice'; Key = 'sales01'; Parameter = 'AddDeviceTag'; Name = 'a Device read back by Import-Clixml'; Value = { @(Import-Clixml -LiteralPath $Backup)[0] }; TypeName = 'BizMobileGo.Core.Devices.Device' }
        @{ Command = 'Set-BmgDevice'; Key = 'sales01'; Parameter = 'AddDeviceTag'; Name = 'a list holding a Device'; Value = { , @('Tokyo', (Get-BmgDevice sales02)) }; TypeName = 'BizMobileGo.Core.Devices.Device' }
        @{ Command = 'Set-BmgDevice'; Key = 'sales01'; Parameter = 'DeviceTags'; Name = 'a Device (the whole list)'; Value = { Get-BmgDevice sales02 }; TypeName = 'BizMobileGo.Core.Devices.Device' }
        @{ Command = 'Set-BmgUser'; Key = 'u-sales'; Parameter = 'AddOrganization'; Name = 'a User'; Value = { Get-BmgUser u-both }; TypeName = 'BizMobileGo.Core.Users.User' }
        @{ Command = 'Set-BmgUser'; Key = 'u-sales'; Parameter = 'RemoveOrganization'; Name = 'a hashtable'; Value = { @{ Remove = 'org-sales' } }; TypeName = 'System.Collections.Hashtable' }
        @{ Command = 'Set-BmgUser'; Key = 'u-sales'; Parameter = 'Organizations'; Name = 'a User read back (the whole list)'; Value = { @(Import-Clixml -LiteralPath $Backup)[1] }; TypeName = 'BizMobileGo.Core.Users.User' }
    ) {
        $before = Get-StoreSnapshot
        $value = & $Value
        $parameters = @{ $Parameter = $value }

        $run = Invoke-Captured { & $Command $Key @parameters }

        @($run.Errors) + @($run.Terminating) | Where-Object { $_ } | Select-Object -First 1 | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike "ParameterArgumentTransformationError,*"
            $_.Exception.Message | Should -BeLike "*$Parameter value is an object ($TypeName), not a value: a field takes text, a number, a date or a list of them, not an object*"
        }
        @(@($run.Errors) + @($run.Terminating) | Where-Object { $_ }) | Should -Not -BeNullOrEmpty
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a device tag or organization object still names itself, live or read back' {
        Set-BmgDevice sales01 -AddDeviceTag (Get-BmgDeviceTag Tokyo)
        Get-Tags sales01 | Should -Be @('Sales', 'Tokyo')
        $tagBackup = Join-Path $TestDrive "tag-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDeviceTag Osaka | Export-Clixml -LiteralPath $tagBackup
        Set-BmgDevice sales01 -AddDeviceTag (Import-Clixml -LiteralPath $tagBackup) -RemoveDeviceTag (Get-BmgDeviceTag Sales)
        Get-Tags sales01 | Should -Be @('Tokyo', 'Osaka')
        Set-BmgUser u-sales -RemoveOrganization (Get-BmgOrganization org-osaka)
        (Get-BmgUser u-sales).Organizations | Should -Be @('org-sales')
    }
}

Describe 'Set-BmgUser -AddOrganization / -RemoveOrganization' {
    BeforeEach { New-ListFixture }

    It 'adds and removes organizations of every piped user, keeping the others; a user with nothing to do is unchanged' {
        New-BmgUser -UserName 'u-tokyo' -Organizations 'org-sales', 'org-tokyo' | Out-Null
        $entriesBefore = @(Get-BmgUserHistory u-tokyo).Count

        Get-BmgUser -Organization org-sales | Set-BmgUser -AddOrganization org-tokyo -RemoveOrganization org-osaka

        (Get-BmgUser u-sales).Organizations | Should -Be @('org-sales', 'org-tokyo')
        (Get-BmgUser u-both).Organizations | Should -Be @('org-sales', 'org-tokyo')
        Get-ChangeText @(Get-BmgUserHistory u-sales)[0] | Should -Be @("Organizations: org-sales|org-osaka $Arrow org-sales|org-tokyo")
        @(Get-BmgUserHistory u-tokyo) | Should -HaveCount $entriesBefore -Because 'it had org-tokyo and not org-osaka: no change'
    }

    It '-WhatIf prints the resulting list and writes nothing' {
        $before = Get-StoreSnapshot

        $text = Get-WhatIfText { Set-BmgUser u-sales -RemoveOrganization org-sales -WhatIf }

        $text | Should -Match ([regex]::Escape("`"Update (Organizations: 'org-sales|org-osaka' -> 'org-osaka')`" on target `"User 'u-sales'`""))
        Get-StoreSnapshot | Should -Be $before
    }

    It 'refuses an organization that does not exist, and -Organizations with -AddOrganization' {
        $run = Invoke-Captured { Set-BmgUser u-sales -AddOrganization org-nagoya }
        Assert-ErrorId $run.Errors 'ReferenceNotFound'
        $run.Errors[0].Exception.Message | Should -BeLike "AddOrganization names an organization 'org-nagoya', which does not exist*"

        { Set-BmgUser u-sales -Organizations org-tokyo -AddOrganization org-osaka } | Should -Throw -ErrorId 'AmbiguousParameterSet,BizMobileGo.PowerShell.SetBmgUserCommand'
        (Get-BmgUser u-sales).Organizations | Should -Be @('org-sales', 'org-osaka')
    }

    It 'refuses a hashtable given to -Organizations as such, naming -AddOrganization' {
        $run = Invoke-Captured { Set-BmgUser u-sales -Organizations @{ Add = 'org-tokyo' } }

        Assert-ErrorId $run.Errors 'ReferenceNotFound'
        $run.Errors[0].Exception.Message | Should -BeLike "-Organizations was given 'System.Collections.Hashtable'*not the Id of an organization*-AddOrganization or -RemoveOrganization*"
        (Get-BmgUser u-sales).Organizations | Should -Be @('org-sales', 'org-osaka')
    }
}
