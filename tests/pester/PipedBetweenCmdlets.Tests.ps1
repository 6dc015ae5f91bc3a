# One cmdlet's output objects piped into another: each binds by a property that means the same thing there, or is refused
# at once naming its type; never its type name or its text as a name ('BizMobileGo.Core.Users.Template').

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path

    # Runs the pipe and returns its errors; the caller checks nothing was looked up under the object's text.
    function Invoke-Pipe([scriptblock] $Source, [string] $Command, [hashtable] $Extra = @{}) {
        $objects = @(& $Source)
        $objects | Should -Not -BeNullOrEmpty -Because 'the test needs an object to pipe'
        if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { $Extra = $Extra + @{ Confirm = $false } }
        $result = Invoke-Captured { $objects | & $Command @Extra }
        $result
    }
}

Describe 'objects piped between BizMobileGo cmdlets' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Sales' | Out-Null
        New-BmgOrganization -Id 'org1' -Name 'Org one' | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'UserName,Name,Organizations,Identifier,Template,Code,OS,DeviceTags,Serial,DEPMethod,RegistrationEmail'
            'u1,User One,org1,Apple01,Standard,code01,ios,Sales,AAABBBCCCDDD,Serial,r@example.com'
            'u1,User One,org1,apple02,,code02,ios,,,,'
            'u2,User Two,,other01,,code03,ios,,,,'
        )
        (Import-BmgDeviceCsv $seed).Created | Should -Be 3
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
    }

    Context 'an object of another kind is refused, naming its type and the parameter' {
        It '<Source> | <Command> is ParameterArgumentTransformationError naming <Type> and -<Parameter>, and looks nothing up under its text' -TestCases @(
            @{ Source = { Get-BmgTemplate Standard }; Type = 'Template'; Command = 'Get-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgDeviceTag Sales }; Type = 'DeviceTag'; Command = 'Get-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgOrganization org1 }; Type = 'Organization'; Command = 'Get-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgDepProfile | Select-Object -First 1 }; Type = 'DepProfile'; Command = 'Get-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgImportHistory | Select-Object -First 1 }; Type = 'ImportHistoryEntry'; Command = 'Get-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgUser u1 }; Type = 'User'; Command = 'Get-BmgDeviceDepLink'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgTemplate Standard }; Type = 'Template'; Command = 'Get-BmgDeviceDepLink'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgUser u1 }; Type = 'User'; Command = 'Get-BmgDeviceHistory'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgUserHistory u1 | Select-Object -First 1 }; Type = 'ChangeEntry'; Command = 'Get-BmgDeviceHistory'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgTemplate Standard }; Type = 'Template'; Command = 'Set-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgUser u1 }; Type = 'User'; Command = 'Remove-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgOrganization org1 }; Type = 'Organization'; Command = 'Unregister-BmgDevice'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgTemplate Standard }; Type = 'Template'; Command = 'Unlock-BmgDeviceCheckIn'; Parameter = 'Identifier' }
            @{ Source = { Get-BmgTemplate Standard }; Type = 'Template'; Command = 'Get-BmgUser'; Parameter = 'UserName' }
            @{ Source = { Get-BmgDeviceDepLink Apple01 }; Type = 'DeviceDepLink'; Command = 'Get-BmgUser'; Parameter = 'UserName' }
            @{ Source = { Get-BmgCheckInEmail | Select-Object -First 1 }; Type = 'CheckInEmail'; Command = 'Get-BmgUser'; Parameter = 'UserName' }
            @{ Source = { Get-BmgDepDevice AAABBBCCCDDD }; Type = 'DepDevice'; Command = 'Get-BmgUserHistory'; Parameter = 'UserName' }
            @{ Source = { Get-BmgDeviceTag Sales }; Type = 'DeviceTag'; Command = 'Set-BmgUser'; Parameter = 'UserName' }
            @{ Source = { Get-BmgDeviceHistory Apple01 | Select-Object -First 1 }; Type = 'ChangeEntry'; Command = 'Remove-BmgUser'; Parameter = 'UserName' }
            @{ Source = { Get-BmgDevice Apple01 }; Type = 'Device'; Command = 'Get-BmgTemplate'; Parameter = 'Name' }
            @{ Source = { Get-BmgDevice Apple01 }; Type = 'Device'; Command = 'Get-BmgOrganization'; Parameter = 'Id' }
            @{ Source = { Get-BmgDeviceDepLink Apple01 }; Type = 'DeviceDepLink'; Command = 'Remove-BmgDeviceTag'; Parameter = 'Name' }
            @{ Source = { Get-BmgDepProfile | Select-Object -First 1 }; Type = 'DepProfile'; Command = 'Import-BmgDepDevice'; Parameter = 'Path'; Noun = 'a path' }
        ) {
            $before = Get-StoreSnapshot
            $result = Invoke-Pipe $Source $Command
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -HaveCount 1
            Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
            "$($result.Errors[0])" | Should -BeLike "*$Type object is not $(if ($Noun) { $Noun } else { 'a name' }) for -$Parameter*"
            "$($result.Errors[0])" | Should -Not -BeLike '*BizMobileGo.Core*' -Because 'the type name is never taken as a name'
            Get-StoreSnapshot | Should -Be $before
        }

        It 'a user, an organization, a DEP profile is no template or tag by its Name (their Name is a display name): <Command> refuses <Type>' -TestCases @(
            @{ Source = { Get-BmgUser u1 }; Type = 'User'; Command = 'Get-BmgTemplate' }
            @{ Source = { Get-BmgOrganization org1 }; Type = 'Organization'; Command = 'Get-BmgDeviceTag' }
            @{ Source = { Get-BmgDepProfile | Select-Object -First 1 }; Type = 'DepProfile'; Command = 'Get-BmgTemplate' }
            @{ Source = { Get-BmgTemplate Standard }; Type = 'Template'; Command = 'Get-BmgDeviceTag' }
            @{ Source = { Get-BmgDeviceTag Sales }; Type = 'DeviceTag'; Command = 'Remove-BmgTemplate' }
        ) {
            $result = Invoke-Pipe $Source $Command
            $result.Errors | Should -HaveCount 1
            Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
            "$($result.Errors[0])" | Should -BeLike "*$Type object is not a name for -Name*"
        }

        It 'an import history entry or a check-in email is no organization by its Id' {
            foreach ($source in { Get-BmgImportHistory | Select-Object -First 1 }, { Get-BmgCheckInEmail | Select-Object -First 1 }) {
                $result = Invoke-Pipe $source 'Get-BmgOrganization'
                $result.Errors | Should -HaveCount 1
                "$($result.Errors[0])" | Should -BeLike '*object is not a name for -Id: give the name as a string, or pipe Organization objects.*'
            }
        }

        It 'Get-BmgUser | New-BmgTemplate makes no template of the user''s display name; the strings around it still bind' {
            $user = Get-BmgUser u1
            $result = Invoke-Captured { & { 'T1'; $user; 'T2' } | New-BmgTemplate }
            @($result.Output.Name) | Should -Be @('T1', 'T2')
            $result.Errors | Should -HaveCount 1
            "$($result.Errors[0])" | Should -BeLike '*User object is not a name for -Name*pipe Template objects (Get-BmgTemplate … | New-BmgTemplate …).*'
            @(Get-BmgTemplate).Name | Should -Not -Contain 'User One'
        }

        It 'a refused object is told the command that reads the right objects, piped to this one (left30a): <Command> given <Given>' -TestCases @(
            @{ Given = 'a User'; Source = { Get-BmgUser u1 }; Command = 'Remove-BmgTemplate'; Expected = '*pipe Template objects (Get-BmgTemplate … | Remove-BmgTemplate …).*' }
            @{ Given = 'a User'; Source = { Get-BmgUser u1 }; Command = 'Rename-BmgDeviceTag'; Expected = '*pipe DeviceTag objects (Get-BmgDeviceTag … | Rename-BmgDeviceTag …).*' }
            @{ Given = 'a Template'; Source = { Get-BmgTemplate Standard }; Command = 'Get-BmgDeviceHistory'; Expected = "*pipe objects with the property 'Identifier' (Get-BmgDevice … | Get-BmgDeviceHistory …).*" }
            @{ Given = 'a Template'; Source = { Get-BmgTemplate Standard }; Command = 'Get-BmgImportHistory'; Expected = '*pipe ImportHistoryEntry or ImportSummary or ChangeEntry objects (Import-BmgDeviceCsv … or Get-BmgDeviceHistory … | Get-BmgImportHistory …).*' }
            @{ Given = 'a row without the column'; Source = { [pscustomobject]@{ Device = 'd1' } }; Command = 'Get-BmgUserHistory'; Expected = "*(rename another column with Select-Object @{n='UserName'; e={ ... }} | Get-BmgUserHistory).*" }
            # Round 32: the advice names every property that selects records of the command, not the one parameter alone.
            @{ Given = 'a row without the column'; Source = { [pscustomobject]@{ Device = 'd1' } }; Command = 'Get-BmgDeviceDepLink'; Expected = "*pipe objects with one of the properties 'Identifier', 'Serial', 'SerialNumber' or 'Serial Number' (rename another column to one of them, as Select-Object @{n='Identifier'; e={ ... }} | Get-BmgDeviceDepLink).*" }
            @{ Given = 'a row without the column'; Source = { [pscustomobject]@{ Device = 'd1' } }; Command = 'Get-BmgDevice'; Expected = "*pipe objects with one of the properties 'Identifier' or 'UserName' (rename another column to one of them*" }
            @{ Given = 'a row without the column'; Source = { [pscustomobject]@{ Device = 'd1' } }; Command = 'Remove-BmgDepDevice'; Expected = "*pipe objects with one of the properties 'SerialNumber' or 'Serial' (rename another column to one of them*" }
            @{ Given = 'a row without the column'; Source = { [pscustomobject]@{ Device = 'd1' } }; Command = 'Import-BmgDepDevice'; Expected = "*PSCustomObject object is not a path for -Path: give the file's path as a string, or pipe the files (Get-ChildItem ./dep-*.json | Import-BmgDepDevice), or Apple's replies *" }
        ) {
            $result = Invoke-Pipe $Source $Command
            $result.Errors | Should -HaveCount 1
            "$($result.Errors[0])" | Should -BeLike $Expected
            "$($result.Errors[0])" | Should -Not -BeLike '*… | …*' -Because 'a way forward names the commands, never a bare "… | …"'
        }

        It 'each property a refusal advises to pipe binds a parameter of that command: <Command>' -TestCases @(
            @{ Command = 'Get-BmgDeviceDepLink'; Named = @('Serial', 'SerialNumber', 'Serial Number') }
            @{ Command = 'Get-BmgDevice'; Named = @('UserName') }
            @{ Command = 'Remove-BmgDepDevice'; Named = @('Serial') }
        ) {
            # The advice is a way that works: a row renamed as it says is taken, not refused.
            foreach ($name in $Named) {
                $row = [pscustomobject]@{ $name = 'nothing-there' }
                $result = Invoke-Pipe { $row } $Command
                "$($result.Errors)" | Should -Not -BeLike '*is not a name for*' -Because "a row with '$name' binds a parameter of $Command"
            }
        }

        It 'every parameter that refuses piped objects knows the command it belongs to' {
            $assembly = (Get-Command Get-BmgDevice).ImplementingType.Assembly
            $checked = 0
            foreach ($type in $assembly.GetTypes()) {
                $cmdlet = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
                if (-not $cmdlet) { continue }
                foreach ($property in $type.GetProperties()) {
                    foreach ($attribute in $property.GetCustomAttributes($true) | Where-Object { $_.GetType().Name -eq 'NameNotObjectAttribute' }) {
                        $attribute.Command | Should -BeExactly "$($cmdlet.VerbName)-$($cmdlet.NounName)" -Because "$($type.Name).$($property.Name) names its command in its refusals"
                        $checked++
                    }
                }
            }
            $checked | Should -BeGreaterThan 30
        }

        It 'a deserialized object (Import-Clixml) is told by its type too: a Template read back binds Get-BmgTemplate, not Get-BmgDevice' {
            $file = Join-Path $TestDrive 'template.xml'
            Get-BmgTemplate Standard | Export-Clixml -LiteralPath $file
            $back = Import-Clixml -LiteralPath $file
            ($back | Get-BmgTemplate).Name | Should -BeExactly 'Standard'
            $result = Invoke-Captured { $back | Get-BmgDevice }
            $result.Errors | Should -HaveCount 1
            "$($result.Errors[0])" | Should -BeLike '*Template object is not a name for -Identifier*'
        }
    }

    Context 'an object that names the same record binds by its property' {
        It 'a user history entry | Get-BmgDevice gives the devices of that user' {
            @(Get-BmgUserHistory u1 | Select-Object -First 1 | Get-BmgDevice).Identifier | Sort-Object | Should -Be @('Apple01', 'apple02')
        }

        It 'a record with only a UserName | Get-BmgDevice gives that user''s devices (it is no identifier "@{UserName=u2}")' {
            $result = Invoke-Captured { [pscustomobject]@{ UserName = 'u2' } | Get-BmgDevice }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output.Identifier) | Should -Be @('other01')
        }

        It '<Source> | Get-BmgDevice gives its device' -TestCases @(
            @{ Source = { Get-BmgDeviceDepLink Apple01 } }
            @{ Source = { Get-BmgDeviceHistory Apple01 | Select-Object -First 1 } }
            @{ Source = { Get-BmgDepDevice AAABBBCCCDDD } }
            @{ Source = { Get-BmgCheckInEmail | Select-Object -First 1 } }
        ) {
            @(& $Source | Get-BmgDevice).Identifier | Should -Be @('Apple01')
        }

        It 'Get-BmgDevice | Get-BmgUser gives the users of those devices; Get-BmgUser | Get-BmgDevice their devices' {
            @(Get-BmgDevice | Get-BmgUser).UserName | Sort-Object -Unique | Should -Be @('u1', 'u2')
            @(Get-BmgUser u2 | Get-BmgDevice).Identifier | Should -Be @('other01')
        }

        It 'Get-BmgUser | Get-BmgDevice reads each piped user''s devices only, not every device per record' {
            # A device of another user that no longer reads (a state no rule allows, written by hand): reading every device
            # for each piped user, as the command did (2 s a record at 100,000 devices), stops on it; the user's own do not.
            $database = $global:PSDefaultParameterValues['*-Bmg*:Database']
            if ((Get-TestStoreKind) -eq 'postgres') {
                $null = Invoke-PostgresTestSql -Uri $database -Sql "ALTER TABLE devices DROP CONSTRAINT devices_state_check; UPDATE devices SET state = 'Lost' WHERE identifier = 'other01';"
            } else {
                . $PSScriptRoot/Reliability.Common.ps1
                $null = Invoke-StoreSql $database "PRAGMA ignore_check_constraints = ON; UPDATE devices SET state = 'Lost' WHERE identifier = 'other01';"
            }
            $result = Invoke-Captured { Get-BmgUser u1 | Get-BmgDevice }
            $result.Terminating | Should -BeNullOrEmpty
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output).Identifier | Should -Be @('Apple01', 'apple02')
            $missing = Invoke-Captured { [pscustomobject]@{ UserName = 'U1' } | Get-BmgDevice }
            @($missing.Output) | Should -BeNullOrEmpty
            Assert-ErrorId $missing.Errors 'UserNotFound'
        }

        It 'the same kind binds: Get-BmgTemplate | Get-BmgTemplate, organizations, tags, users, devices' {
            (Get-BmgTemplate Standard | Get-BmgTemplate).Name | Should -BeExactly 'Standard'
            (Get-BmgDeviceTag Sales | Get-BmgDeviceTag).Name | Should -BeExactly 'Sales'
            (Get-BmgOrganization org1 | Get-BmgOrganization).Id | Should -BeExactly 'org1'
            (Get-BmgUser u2 | Get-BmgUser).UserName | Should -BeExactly 'u2'
            (Get-BmgDevice other01 | Get-BmgDeviceDepLink).Identifier | Should -BeExactly 'other01'
        }

        It 'Get-ChildItem | Import-BmgDepDevice still binds each file by its PSPath' {
            $result = Invoke-Captured { Get-ChildItem (Join-Path $Examples 'dep-profile-*.json') | Import-BmgDepDevice }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output | Should -Not -BeNullOrEmpty
            $result.Output.Source | ForEach-Object { $_ | Should -BeLike '*dep-profile-*.json' }
        }

        It 'strings, numbers and CSV records still bind; a record of serials still reaches Get-BmgDeviceDepLink -Serial' {
            @('Apple01', 'other01' | Get-BmgDeviceDepLink).Identifier | Should -Be @('Apple01', 'other01')
            (Get-BmgDeviceDepLink -Serial AAABBBCCCDDD).Identifier | Should -Be 'Apple01'
            @([pscustomobject]@{ Serial = 'AAABBBCCCDDD' } | Get-BmgDeviceDepLink).Identifier | Should -Be @('Apple01')
            @([pscustomobject]@{ Identifier = 'apple02' } | Get-BmgDevice).Identifier | Should -Be @('apple02')
            $result = Invoke-Captured { [pscustomobject]@{ Tag = 'x' } | Get-BmgDevice }
            "$($result.Errors[0])" | Should -BeLike "*PSCustomObject object is not a name for -Identifier*with one of the properties 'Identifier' or 'UserName'*"
        }
    }

    Context 'a check-in is what a device reports, never the store''s own record piped back' {
        It '<Source> | Register-BmgDeviceCheckIn is refused naming <Type>, checks nothing in, and shows no code' -TestCases @(
            @{ Source = { Get-BmgDevice apple02 }; Type = 'Device' }
            @{ Source = { Get-BmgDeviceDepLink apple02 }; Type = 'DeviceDepLink' }
            @{ Source = { Get-BmgCheckInEmail | Where-Object Identifier -EQ 'Apple01' | Select-Object -First 1 }; Type = 'CheckInEmail' }
            @{ Source = { $file = Join-Path $TestDrive 'device.xml'; Get-BmgDevice apple02 | Export-Clixml -LiteralPath $file; Import-Clixml -LiteralPath $file }; Type = 'Device' }
        ) {
            $before = Get-StoreSnapshot
            $result = Invoke-Pipe $Source 'Register-BmgDeviceCheckIn'
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -HaveCount 1
            Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
            "$($result.Errors[0])" | Should -BeLike "*$Type object is the store's own record of a device, not a check-in: Register-BmgDeviceCheckIn records what a device reported.*"
            # Every text the error carries: message, details, target, the exception chain.
            $text = ($result.Errors[0] | Format-List * -Force | Out-String) + $result.Errors[0].Exception.ToString() + "$($result.Errors[0].TargetObject)"
            $text | Should -Not -Match 'code0[12]' -Because 'a check-in code is a secret'
            Get-StoreSnapshot | Should -Be $before
            (Get-BmgDevice apple02).State | Should -Be 'Registered'
        }

        It 'records of reported values still check in: an Import-Csv check-in file, a serial-only record; a wrong code is CheckInRejected' {
            $rows = Write-TestCsv (New-CsvName 'reports') @(
                'Identifier,Code,Serial'
                'apple02,code02,'
                'other01,wrong,'
            )
            $result = Invoke-Captured { Import-Csv $rows | Register-BmgDeviceCheckIn }
            @($result.Output.Identifier) | Should -Be @('apple02')
            $result.Errors | Should -HaveCount 1
            Get-ErrorId $result.Errors[0] | Should -Be 'CheckInRejected'
            (Get-BmgDevice apple02).State | Should -Be 'CheckedIn'
            (Get-BmgDevice other01).State | Should -Be 'Registered'
        }
    }

    Context 'an Id, Name or Serial binds only where it means that record' {
        It '<Source> | <Command> is refused naming <Type> and -<Parameter>, and changes nothing' -TestCases @(
            # Get-BmgImportHistory -Id takes numbers: its refusal says so (walkthrough 18: not "a name ... as a string").
            @{ Source = { Get-BmgCheckInEmail | Select-Object -First 1 }; Type = 'CheckInEmail'; Command = 'Get-BmgImportHistory'; Parameter = 'Id'; Extra = @{}; Noun = 'a number' }
            @{ Source = { Get-BmgOrganization org1 }; Type = 'Organization'; Command = 'Get-BmgImportHistory'; Parameter = 'Id'; Extra = @{}; Noun = 'a number' }
            @{ Source = { Get-BmgUser u1 }; Type = 'User'; Command = 'Rename-BmgTemplate'; Parameter = 'Name'; Extra = @{ NewName = 'Renamed' } }
            @{ Source = { Get-BmgTemplate Standard }; Type = 'Template'; Command = 'Rename-BmgDeviceTag'; Parameter = 'Name'; Extra = @{ NewName = 'Renamed' } }
            @{ Source = { Get-BmgImportHistory | Select-Object -First 1 }; Type = 'ImportHistoryEntry'; Command = 'Rename-BmgOrganization'; Parameter = 'Id'; Extra = @{ NewName = 'Renamed' } }
            @{ Source = { Get-BmgUser u1 }; Type = 'User'; Command = 'Get-BmgDepProfile'; Parameter = 'Name'; Extra = @{} }
        ) {
            New-BmgTemplate -Name 'User One' | Out-Null
            $before = Get-StoreSnapshot
            $names = "$(@(Get-BmgTemplate).Name) $(@(Get-BmgDeviceTag).Name) $(@(Get-BmgOrganization).Name)"
            $result = Invoke-Pipe $Source $Command $Extra
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -HaveCount 1
            Get-ErrorId $result.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
            "$($result.Errors[0])" | Should -BeLike "*$Type object is not $(if ($Noun) { $Noun } else { 'a name' }) for -$Parameter*"
            Get-StoreSnapshot | Should -Be $before
            "$(@(Get-BmgTemplate).Name) $(@(Get-BmgDeviceTag).Name) $(@(Get-BmgOrganization).Name)" | Should -Be $names
        }

        It 'import history entries, import summaries and numbers still give their import; a -WhatIf summary (no HistoryId) is refused' {
            $summary = Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'again') @('Identifier,OS', 'other01,ios'))
            ($summary | Get-BmgImportHistory).Id | Should -Be $summary.HistoryId
            (Get-BmgImportHistory -Id $summary.HistoryId | Get-BmgImportHistory).Id | Should -Be $summary.HistoryId
            ($summary.HistoryId | Get-BmgImportHistory).Id | Should -Be $summary.HistoryId
            $whatIf = Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'whatif') @('Identifier,OS', 'other01,ios')) -WhatIf
            $result = Invoke-Captured { $whatIf | Get-BmgImportHistory }
            $result.Output | Should -BeNullOrEmpty -Because 'a summary without a history id is no "every import"'
            "$($result.Errors[0])" | Should -BeLike '*ImportSummary object has no HistoryId: a -WhatIf run records no history, so it names nothing for -Id*'
        }

        It 'a record (Import-Csv) binds by the parameter''s alias as by its name: HistoryId, ProfileName' {
            $summary = Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'alias') @('Identifier,OS', 'other01,ios'))
            $result = Invoke-Captured { [pscustomobject]@{ HistoryId = $summary.HistoryId } | Get-BmgImportHistory }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output.Id | Should -Be $summary.HistoryId

            $profileName = (Get-BmgDepDevice AAABBBCCCDDD).ProfileName
            $result = Invoke-Captured { [pscustomobject]@{ ProfileName = $profileName } | Get-BmgDepProfile }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output.Name | Should -Be $profileName

            # DEP devices written out and read back: one profile per row that has one, no error per row.
            $csv = Join-Path $TestDrive 'dep-devices.csv'
            Get-BmgDepDevice | Export-Csv -LiteralPath $csv
            $rows = @(Import-Csv -LiteralPath $csv | Where-Object ProfileName)
            $rows.Count | Should -BeGreaterThan 0
            $result = Invoke-Captured { $rows | Get-BmgDepProfile }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output).Count | Should -Be $rows.Count
        }

        It 'templates, tags, organizations and strings still rename; a DEP device still gives its profile' {
            (Get-BmgTemplate Standard | Rename-BmgTemplate -NewName Std2 -PassThru).Name | Should -Be 'Std2'
            ('Sales' | Rename-BmgDeviceTag -NewName Sales2 -PassThru).Name | Should -Be 'Sales2'
            (Get-BmgOrganization org1 | Rename-BmgOrganization -NewName org9 -PassThru).Id | Should -Be 'org9'
            $profileName = (Get-BmgDepDevice AAABBBCCCDDD).ProfileName
            $profileName | Should -Not -BeNullOrEmpty
            (Get-BmgDepDevice AAABBBCCCDDD | Get-BmgDepProfile).Name | Should -Be $profileName
            (Get-BmgDepProfile | Select-Object -First 1 | Get-BmgDepProfile) | Should -Not -BeNullOrEmpty
        }

        It 'Get-BmgDevice | Remove-BmgDepDevice removes the DEP record of the device''s serial; -WhatIf names both' {
            # 'What if:' lines go to the host; a transcript records them.
            $transcript = Join-Path $TestDrive 'remove-dep-whatif.txt'
            $null = Start-Transcript -LiteralPath $transcript -Force
            try {
                Get-BmgDevice Apple01 | Remove-BmgDepDevice -WhatIf
            } finally {
                $null = Stop-Transcript
            }
            (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n', '' |
                Should -Match "What if: .*Remove.* on target .DEP device 'AAABBBCCCDDD' \(Serial of device 'Apple01'\)"
            Get-BmgDepDevice AAABBBCCCDDD | Should -Not -BeNullOrEmpty
            $others = @(Get-BmgDepDevice).Count - 1

            Get-BmgDevice Apple01 | Remove-BmgDepDevice -Confirm:$false
            Get-BmgDepDevice | Where-Object SerialNumber -EQ 'AAABBBCCCDDD' | Should -BeNullOrEmpty
            @(Get-BmgDepDevice).Count | Should -Be $others -Because 'only the DEP record of that serial goes'
            (Get-BmgDevice Apple01).Serial | Should -Be 'AAABBBCCCDDD' -Because 'the device keeps the serial it registered'
        }
    }

    Context 'a module object without its key' {
        It 'Get-BmgDepDevice -Unassigned | <Command> is one error per DEP device, naming its serial' -TestCases @(
            @{ Command = 'Get-BmgDeviceDepLink' }
            @{ Command = 'Get-BmgDevice' }
            @{ Command = 'Get-BmgDeviceHistory' }
        ) {
            $unassigned = @(Get-BmgDepDevice -Unassigned)
            $unassigned.Count | Should -BeGreaterThan 1
            $result = Invoke-Pipe { Get-BmgDepDevice -Unassigned } $Command
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -HaveCount $unassigned.Count
            for ($i = 0; $i -lt $unassigned.Count; $i++) {
                Get-ErrorId $result.Errors[$i] | Should -Be 'ParameterArgumentTransformationError'
                "$($result.Errors[$i])" | Should -BeLike "*A DepDevice object '$($unassigned[$i].SerialNumber)' has no Identifier, so it names nothing for -Identifier.*-Serial*"
            }
        }
    }

    Context 'a DEP profile known only by its Uuid (a fetch response imported alone)' {
        BeforeEach {
            New-TestStore | Out-Null
            Import-BmgDepDevice (Join-Path $Examples 'dep-fetch-devices.json') 3>$null | Out-Null
        }

        It 'Get-BmgDepProfile | Get-BmgDepProfile and Get-BmgDepDevice | Get-BmgDepProfile select it by its Uuid' {
            $profiles = @(Get-BmgDepProfile)
            $profiles.Count | Should -BeGreaterThan 0
            $profiles | ForEach-Object { $_.Name | Should -BeNullOrEmpty; $_.Uuid | Should -Not -BeNullOrEmpty }
            $result = Invoke-Captured { $profiles | Get-BmgDepProfile }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output.Uuid) | Should -Be @($profiles.Uuid)

            $assigned = @(Get-BmgDepDevice | Where-Object ProfileUuid)
            $assigned.Count | Should -BeGreaterThan 0
            $result = Invoke-Captured { $assigned | Get-BmgDepProfile }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output.Uuid) | Should -Be @($assigned.ProfileUuid)
        }

        It 'a DEP device with neither a ProfileName nor a ProfileUuid is still refused' {
            $none = @(Get-BmgDepDevice | Where-Object { -not $_.ProfileUuid })
            $none.Count | Should -BeGreaterThan 0
            $result = Invoke-Captured { $none | Get-BmgDepProfile }
            $result.Output | Should -BeNullOrEmpty
            $result.Errors | Should -HaveCount $none.Count
            "$($result.Errors[0])" | Should -BeLike "*DepDevice object '$($none[0].SerialNumber)' has no ProfileName*"
        }

        It 'a piped profile keeps selecting by its Uuid after it is named' {
            $unnamed = Get-BmgDepProfile | Select-Object -First 1
            $uuid = $unnamed.Uuid
            $device = Get-BmgDepDevice | Where-Object ProfileUuid -EQ $uuid | Select-Object -First 1
            $device.ProfileName | Should -BeNullOrEmpty
            Set-BmgDepProfile -Uuid $uuid -Name 'Named later' | Out-Null
            # Objects read before the naming have no name; their profile is found by the Uuid, by its name now.
            $result = Invoke-Captured { $device, $unnamed | Get-BmgDepProfile }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output.Name) | Should -Be @('Named later', 'Named later')
            @($result.Output.Uuid) | Should -Be @($uuid, $uuid)
        }

        It 'Set-BmgDepProfile takes a piped string as the uuid: a name piped is refused saying it takes a uuid, and how to select by name' {
            $unnamed = Get-BmgDepProfile | Select-Object -First 1
            Set-BmgDepProfile -Uuid $unnamed.Uuid -Name 'Kiosk' -WarningAction SilentlyContinue | Out-Null
            $before = @(Get-BmgDepProfile | ForEach-Object { "$($_.Uuid)=$($_.Name)" })
            $byName = Invoke-Captured { 'Kiosk' | Set-BmgDepProfile -Name 'Renamed' -Confirm:$false }
            Assert-ErrorId $byName.Errors 'InvalidFieldValue'
            $byName.Errors[0].Exception.Message | Should -BeLike "*takes a profile's uuid (-Uuid, or a piped string), not its name*Get-BmgDepProfile -Name 'Kiosk' | Set-BmgDepProfile -Name*"
            @(Get-BmgDepProfile | ForEach-Object { "$($_.Uuid)=$($_.Name)" }) | Should -Be $before

            # A uuid-like typo is told the uuid rule alone (it is no name).
            $typo = Invoke-Captured { '4F2A9D3C' | Set-BmgDepProfile -Name 'Renamed' -Confirm:$false }
            $typo.Errors[0].Exception.Message | Should -Not -BeLike '*not its name*'

            # The uuid piped as a string names it; the way the refusal gives works.
            ($unnamed.Uuid | Set-BmgDepProfile -Name 'Kiosk 2' -PassThru -Confirm:$false).Name | Should -Be 'Kiosk 2'
            (Get-BmgDepProfile -Name 'Kiosk 2' | Set-BmgDepProfile -Name 'Kiosk 3' -PassThru -Confirm:$false).Uuid | Should -Be $unnamed.Uuid

            # Another object is refused as no uuid, not as no name.
            New-BmgDevice -Identifier 'not-a-profile' -OS ios | Out-Null
            $device = Invoke-Captured { Get-BmgDevice 'not-a-profile' | Set-BmgDepProfile -Name 'Renamed' -Confirm:$false }
            Get-ErrorId $device.Errors[0] | Should -Be 'ParameterArgumentTransformationError'
            "$($device.Errors[0])" | Should -BeLike "*object is not a uuid for -Uuid: give the profile's uuid as a string*"
            "$($device.Errors[0])" | Should -Not -BeLike '*give the name*'
        }
    }

    Context 'a piped device''s history is its own' {
        BeforeEach {
            Remove-BmgDevice apple02 -Confirm:$false
            New-BmgDevice -Identifier apple02 -OS ios -UserName u2 -Code code09 | Out-Null
        }

        It 'Get-BmgDevice X | Get-BmgDeviceHistory shows that device''s entries only, not those of the device removed under X' {
            $device = Get-BmgDevice apple02
            $device.DeviceKey | Should -Not -BeNullOrEmpty
            $own = @($device | Get-BmgDeviceHistory)
            @($own.Command) | Should -Be @('New-BmgDevice')
            @($own.DeviceKey | Sort-Object -Unique) | Should -Be @("$($device.DeviceKey)")
            # A history entry piped back gives its own device's entries too.
            @($own[0] | Get-BmgDeviceHistory).Command | Should -Be @('New-BmgDevice')
        }

        It 'by a typed identifier every device that bore it, each entry saying which (DeviceKey, in Format-List too)' {
            $device = Get-BmgDevice apple02
            $all = @(Get-BmgDeviceHistory apple02)
            @($all.Command) | Should -Be @('New-BmgDevice', 'Remove-BmgDevice', 'Import-BmgDeviceCsv')
            @($all.DeviceKey | Sort-Object -Unique) | Should -HaveCount 2
            $all[0].DeviceKey | Should -Be "$($device.DeviceKey)"
            $all[1].DeviceKey | Should -Be $all[2].DeviceKey
            $all[1].DeviceKey | Should -Not -Be $all[0].DeviceKey
            $list = $all | Format-List | Out-String -Width 120
            $list | Should -Match "DeviceKey\s*:\s*$($device.DeviceKey)\b"
            $list | Should -Match "DeviceKey\s*:\s*$($all[2].DeviceKey)\b"
            (Get-BmgDevice apple02 | Format-List | Out-String -Width 120) | Should -Match "DeviceKey\s*:\s*$($device.DeviceKey)\b"
        }

        It 'only the module''s own device gives its key: a record''s DeviceKey (a CSV, another store''s) selects by its Identifier' {
            $apple01Key = (Get-BmgDevice Apple01).DeviceKey
            $result = Invoke-Captured { [pscustomobject]@{ Identifier = 'other01'; DeviceKey = $apple01Key } | Get-BmgDeviceHistory }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output.Identifier | Sort-Object -Unique) | Should -Be @('other01')

            # Devices of this store written out and read back against another store: each row by its Identifier there.
            $csv = Join-Path $TestDrive 'devices.csv'
            Get-BmgDevice | Export-Csv -LiteralPath $csv
            New-TestStore | Out-Null
            New-BmgDevice -Identifier zzz01 -OS ios -Code code77 | Out-Null
            New-BmgDevice -Identifier apple02 -OS ios -Code code78 | Out-Null
            $result = Invoke-Captured { Import-Csv -LiteralPath $csv | Where-Object Identifier -EQ 'apple02' | Get-BmgDeviceHistory }
            @($result.Output.Identifier | Sort-Object -Unique) | Should -Be @('apple02')
            @($result.Output.Command) | Should -Be @('New-BmgDevice')
        }

        It 'a typed -Identifier is not overridden by the key of a piped device' {
            $result = Invoke-Captured { Get-BmgDevice Apple01 | Get-BmgDeviceHistory -Identifier other01 }
            @($result.Output.Identifier | Sort-Object -Unique) | Should -Be @('other01')
        }

        It 'a live device whose key the history does not hold under its Identifier falls back to the Identifier' {
            $device = Get-BmgDevice other01
            $device.DeviceKey = 999999
            $result = Invoke-Captured { $device | Get-BmgDeviceHistory }
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output.Identifier | Sort-Object -Unique) | Should -Be @('other01')
        }

        It 'the hidden pipeline-only parameter is refused when typed' {
            $result = Invoke-Captured { Get-BmgDeviceHistory -InputObject (Get-BmgDevice Apple01) }
            $result.Output | Should -BeNullOrEmpty
            Get-ErrorId $result.Terminating | Should -Be 'PipelineOnlyParameter'
            "$($result.Terminating)" | Should -BeLike '*-InputObject takes only piped devices*-Identifier*'
            (Get-Command Get-BmgDeviceHistory).Parameters.ContainsKey('DeviceKey') | Should -BeFalse -Because 'a typed -DeviceKey was silently ignored'
        }
    }
}
