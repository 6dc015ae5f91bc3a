# A number given to a parameter typed as one of the module's enums (-State, -Status, -Action). PowerShell binds 1 or '1'
# to the member numbered 1, and the thirtieth round renumbered those enums from 1 (fixb30; README, "No enum a command
# outputs has a member at 0"): `Get-BmgDevice -State 1` meant CheckedIn before and would mean Registered now, silently.
# Every such parameter refuses a number with PowerShell's ParameterArgumentTransformationError, naming the parameter,
# the value and the names to give (NameNotNumberAttribute); names in any case, enum values and tab completion still
# work. Every cmdlet's parameters are walked, so a new enum parameter can't miss the rule. Real pwsh, the built module,
# a real store (SQLite or PostgreSQL).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # "Command -Parameter" → its enum type, for every parameter of the module typed as one of its enums (or an array of them).
    function Get-EnumParameter {
        $found = [ordered]@{}
        foreach ($command in Get-Command -Module BizMobileGo | Sort-Object Name) {
            foreach ($parameter in $command.Parameters.Values) {
                $type = $parameter.ParameterType
                if ($type.IsArray) { $type = $type.GetElementType() }
                $type = [Nullable]::GetUnderlyingType($type) ?? $type
                if ($type.IsEnum -and $type.Assembly.GetName().Name -like 'BizMobileGo*') {
                    $found["$($command.Name) -$($parameter.Name)"] = @{ Enum = $type; Parameter = $parameter }
                }
            }
        }
        return $found
    }

    # The one failure a command stopped with (a binding error is written, not thrown, under 'Continue').
    function Get-Failure($Result) { @(@($Result.Errors) + @($Result.Terminating) | Where-Object { $_ }) }

    function Assert-NumberRefused($Result, [string] $Parameter, [string] $Given, [string] $Names) {
        $Result.Output | Should -BeNullOrEmpty
        $failure = Get-Failure $Result
        @($failure) | Should -HaveCount 1
        Get-ErrorId $failure[0] | Should -Be 'ParameterArgumentTransformationError'
        $failure[0].Exception.Message | Should -BeLike "*-$Parameter takes a name, not a number ($Given): give the name: $Names. A number is not read*"
    }
}

Describe 'Every parameter typed as one of the module''s enums refuses a number' {
    It 'the walk finds each such parameter, and each has the rule, listing the names it takes' {
        $parameters = Get-EnumParameter
        # Not vacuous: the parameters there are now are all found.
        foreach ($known in 'Get-BmgDevice -State', 'Get-BmgDeviceDepLink -State', 'Get-BmgImportHistory -Status', 'Get-BmgCheckInEmail -Status',
            'Get-BmgDeviceHistory -Action', 'Get-BmgUserHistory -Action') {
            $parameters.Keys | Should -Contain $known
        }
        foreach ($name in $parameters.Keys) {
            $parameter = $parameters[$name].Parameter
            $rule = @($parameter.Attributes | Where-Object { $_.GetType().Name -eq 'NameNotNumberAttribute' })
            $rule | Should -HaveCount 1 -Because "$name is typed as the enum $($parameters[$name].Enum.Name): a number must be refused"
            $rule[0].EnumType | Should -Be $parameters[$name].Enum -Because "$name's refusal lists its own enum's names"
            $set = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] })
            $takes = if ($set) { @($set[0].ValidValues) } else { [Enum]::GetNames($parameters[$name].Enum) }
            @($rule[0].ValidNames) | Should -Be $takes -Because "$name's refusal lists the names it takes"
        }
    }
}

Describe 'A number to -State, -Status and -Action is refused; names keep working' {
    BeforeAll {
        New-TestStore | Out-Null
        $examples = Join-Path $PSScriptRoot '../../examples'
        Import-BmgDepDevice (Join-Path $examples 'dep-profile-*.json'), (Join-Path $examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        New-BmgDevice enum01 -OS ios -Code enumcode01 | Out-Null
        New-BmgDevice enum02 -OS ios -Serial AAABBBCCCDDD -DEPMethod Serial | Out-Null
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
        (Get-BmgDevice enum02).State | Should -Be 'CheckedIn'
        $csv = Write-TestCsv (New-CsvName 'enum') @('Identifier,OS', 'enum03,ios')
        (Import-BmgDeviceCsv $csv).Created | Should -Be 1
        $script:States = 'Registered, CheckedIn or Withdrawn'
    }

    It 'Get-BmgDevice -State <Given> is refused, naming the value and the names' -ForEach @(
        @{ Given = '1'; Value = 1; Shown = '1' }
        @{ Given = "'2'"; Value = '2'; Shown = "'2'" }
        @{ Given = "' 1'"; Value = ' 1'; Shown = "' 1'" }
        @{ Given = 'CheckedIn, 2'; Value = @('CheckedIn', 2); Shown = '2' }
        @{ Given = '[long] 3'; Value = [long] 3; Shown = '3' }
    ) {
        $arguments = @{ State = $Value }
        $result = Invoke-Captured { Get-BmgDevice @arguments }
        Assert-NumberRefused $result 'State' $Shown $States
    }

    It 'Get-BmgDeviceDepLink -State 2 is refused as Get-BmgDevice''s is' {
        Assert-NumberRefused (Invoke-Captured { Get-BmgDeviceDepLink -State 2 }) 'State' '2' $States
    }

    It 'one text holding a list (-State ''Registered,CheckedIn'') is refused: PowerShell would read it as Withdrawn' {
        $result = Invoke-Captured { Get-BmgDevice -State 'Registered,CheckedIn' }
        $result.Output | Should -BeNullOrEmpty
        $failure = Get-Failure $result
        Get-ErrorId $failure[0] | Should -Be 'ParameterArgumentTransformationError'
        $failure[0].Exception.Message | Should -BeLike "*-State takes names, not one text holding a list ('Registered,CheckedIn')*give the names as a list (-State Registered, CheckedIn)*"
    }

    It 'names in any case, a list of names, and an enum value itself still bind' {
        @(Get-BmgDevice -State checkedin).Identifier | Should -Be @('enum02')
        @(Get-BmgDevice -State CHECKEDIN, Registered | ForEach-Object Identifier | Sort-Object) | Should -Be @('enum01', 'enum02', 'enum03')
        @(Get-BmgDevice -State (Get-BmgDevice enum02).State).Identifier | Should -Be @('enum02')
        @(Get-BmgDeviceDepLink -State CheckedIn).Identifier | Should -Be @('enum02')
    }

    # Round 31, decided: a unique start of a name binds, as PowerShell binds it on every cmdlet (its own enum conversion:
    # `Get-ChildItem -Attributes Hid`, `[IO.FileAttributes]'Dir'`). Unlike a number, a start can't come to mean another
    # member unnoticed: a member added with the same start makes it ambiguous, which PowerShell refuses.
    It 'a unique start of a name binds as on every PowerShell cmdlet; an ambiguous one is PowerShell''s refusal' {
        @(Get-BmgDevice -State check).Identifier | Should -Be @('enum02')
        @(Get-BmgDevice -State Reg, che | ForEach-Object Identifier | Sort-Object) | Should -Be @('enum01', 'enum02', 'enum03')
        $null = New-Item -ItemType Directory -Path (Join-Path $TestDrive "folder-$([guid]::NewGuid().ToString('N'))")
        @(Get-ChildItem -LiteralPath $TestDrive -Attributes Dir -Force).Count | Should -BeGreaterThan 0
        @(Get-ChildItem -LiteralPath $TestDrive -Attributes Dir -Force).FullName | Should -Be @(Get-ChildItem -LiteralPath $TestDrive -Directory -Force).FullName -Because 'PowerShell''s own cmdlets take a start as well'
        $failure = Get-Failure (Invoke-Captured { Get-BmgDeviceHistory -Action c })
        Get-ErrorId $failure[0] | Should -Be 'CannotConvertArgumentNoMessage'
        $failure[0].Exception.Message | Should -BeLike '*identifier name c cannot be processed*'
        @(Get-BmgDeviceHistory enum01 -Action cr).Action | Should -Be @('Created')
    }

    It 'an unknown name is still PowerShell''s own refusal, listing the names' {
        $failure = Get-Failure (Invoke-Captured { Get-BmgDevice -State Chekced })
        Get-ErrorId $failure[0] | Should -Be 'CannotConvertArgumentNoMessage'
        $failure[0].Exception.Message | Should -BeLike '*Unable to match the identifier name Chekced*Registered, CheckedIn, Withdrawn*'
    }

    # Round 31: Import-Clixml gives an enum back as its number typed Deserialized.<enum>, its text the name. A file written
    # while the enums counted from 0 holds Registered as 0: the name is what binds, where the number was refused.
    It 'a value read back by Import-Clixml binds by its name, not its number, also from a file of the enums from 0' {
        $saved = Join-Path $TestDrive "states-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDevice enum02 | Export-Clixml -LiteralPath $saved
        $state = (Import-Clixml -LiteralPath $saved).State
        $state.PSObject.BaseObject | Should -Be 2
        @(Get-BmgDevice -State $state).Identifier | Should -Be @('enum02')
        (Get-Content -Raw -LiteralPath $saved) -replace '(<ToString>CheckedIn</ToString>\s*<I32>)2(</I32>)', '${1}1${2}' | Set-Content -LiteralPath $saved
        $old = (Import-Clixml -LiteralPath $saved).State
        $old.PSObject.BaseObject | Should -Be 1 -Because 'the file is as a build before the thirtieth round wrote it (CheckedIn was 1)'
        @(Get-BmgDevice -State $old).Identifier | Should -Be @('enum02') -Because '1 is Registered now; the name is CheckedIn'
        @(Get-BmgDevice -State @($old, 'Registered') | ForEach-Object Identifier | Sort-Object) | Should -Be @('enum01', 'enum02', 'enum03')
    }

    It 'tab completion still offers the names' {
        (TabExpansion2 'Get-BmgDevice -State ' 21).CompletionMatches.CompletionText | Should -Be @('CheckedIn', 'Registered', 'Withdrawn')
        (TabExpansion2 'Get-BmgDeviceHistory -Action ' 29).CompletionMatches.CompletionText | Should -Be @('Changed', 'Created', 'Removed')
    }

    It 'Get-BmgImportHistory -Status 1 is refused (it meant Refused before); -Status committed works' {
        Assert-NumberRefused (Invoke-Captured { Get-BmgImportHistory -Status 1 }) 'Status' '1' 'Committed, Refused, Stopped or Failed'
        @(Get-BmgImportHistory -Status committed) | Should -HaveCount 1
    }

    It 'Get-BmgCheckInEmail -Status ''1'' is refused' {
        Assert-NumberRefused (Invoke-Captured { Get-BmgCheckInEmail -Status '1' }) 'Status' "'1'" 'Pending, Sending, Sent, Failed or Superseded'
    }

    It 'Get-BmgDeviceHistory -Action 1 is refused, naming the three names -Action takes (it meant Changed before); -Action created works' {
        Assert-NumberRefused (Invoke-Captured { Get-BmgDeviceHistory -Action 1 }) 'Action' '1' 'Created, Changed or Removed'
        Assert-NumberRefused (Invoke-Captured { Get-BmgUserHistory -Action '3' }) 'Action' "'3'" 'Created, Changed or Removed'
        @(Get-BmgDeviceHistory enum03 -Action created) | Should -HaveCount 1
    }

    It 'a number set through $PSDefaultParameterValues is not applied: PowerShell warns with the refusal and binds no filter' {
        $saved = $global:PSDefaultParameterValues['Get-BmgDevice:State']
        try {
            $global:PSDefaultParameterValues['Get-BmgDevice:State'] = 2
            $result = Invoke-Captured { Get-BmgDevice }
            @($result.Warnings) | Should -HaveCount 1
            "$($result.Warnings[0])" | Should -BeLike "*-State takes a name, not a number (2): give the name: $States.*"
            @($result.Output.Identifier | Sort-Object) | Should -Be @('enum01', 'enum02', 'enum03')
        } finally {
            if ($null -eq $saved) { $global:PSDefaultParameterValues.Remove('Get-BmgDevice:State') } else { $global:PSDefaultParameterValues['Get-BmgDevice:State'] = $saved }
        }
    }

    It 'New-/Set-BmgDevice -DEPMethod is text, checked by the field''s own rule: 1 is refused there (InvalidFieldValue, "must be Serial or Keycode")' {
        # Guards the third place a number could mean a DEP method; it was refused before this change too (DepMethods.Rule).
        foreach ($command in { New-BmgDevice enum09 -OS ios -DEPMethod 1 }, { Set-BmgDevice enum01 -DEPMethod '2' }) {
            $failure = Get-Failure (Invoke-Captured $command)
            Get-ErrorId $failure[0] | Should -Be 'InvalidFieldValue' -Because "$command"
            $failure[0].Exception.Message | Should -BeLike '*must be Serial or Keycode*'
        }
        Get-BmgDevice enum09 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-BmgDevice enum01).DEPMethod | Should -BeNullOrEmpty
    }
}
