# A script block given to a parameter (walkthrough 15, finding 1). PowerShell runs one per piped object only for a
# parameter that takes pipeline input, by value or by property name (Rename-Bmg* -NewName, New-BmgDevice's fields,
# every -Identifier); for any other [string] or [string[]] parameter it would silently take the script block's text, so
# `Import-Csv d.csv | Set-BmgDevice -Description { $_.Description }` stored "$_.Description" on every device.
# Every cmdlet's parameters are walked from Get-Command's metadata, so a parameter added later can't miss the rule.
# Real pwsh, the built module, a real store.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $script:NotDelayBound = [System.Collections.Generic.List[hashtable]]::new()
    $script:DelayBound = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($command in Get-Command -Module BizMobileGo -CommandType Cmdlet | Sort-Object Name) {
        foreach ($parameter in $command.Parameters.Values | Sort-Object Name) {
            # A [PSObject]/[object] parameter (-InputObject) takes a script block as the object it is, not as its text.
            if ($parameter.Name -in $commonParameters -or $parameter.ParameterType -in [psobject], [object]) { continue }
            # PowerShell delay-binds a parameter that takes pipeline input in some parameter set, by value or by property name.
            $fromPipeline = @($parameter.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName }).Count -gt 0
            $case = @{ Command = $command.Name; Parameter = $parameter.Name; Type = $parameter.ParameterType.Name
                IsText = $parameter.ParameterType -in [string], [string[]] }
            if ($fromPipeline) { $script:DelayBound.Add($case) } else { $script:NotDelayBound.Add($case) }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A script block as the value of one named parameter, and nothing else: binding is all that is tested.
    function Invoke-WithScriptBlock([string] $Command, [string] $Parameter) {
        $arguments = @{ $Parameter = { 'ABCDEFGH' } }
        Invoke-Captured { & $Command @arguments }
    }

    function Get-Failure($Result) {
        if ($Result.Terminating) { $Result.Terminating } else { @($Result.Errors)[0] }
    }
}

Describe 'A script block given to a parameter that takes no pipeline input' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgUser -UserName 'u1' -Name 'User One' | Out-Null
        New-BmgDevice -Identifier 'd1' -OS 'ios' -Template 'Standard' -Description 'desk A' -UserName 'u1' | Out-Null
        $script:Before = Get-StoreSnapshot
    }

    It '<Command> -<Parameter> (<Type>) refuses it at binding, naming the parameter, and changes nothing' -TestCases $NotDelayBound {
        $result = Invoke-WithScriptBlock $Command $Parameter
        $failure = Get-Failure $result
        $failure | Should -Not -BeNullOrEmpty -Because 'a script block must never be taken as its own text'
        $failure.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $failure.Exception.ParameterName | Should -Be $Parameter
        if ($IsText) {
            # PowerShell refuses a script block for other types itself (CannotConvertArgumentNoMessage); text would take it.
            Get-ErrorId $failure | Should -Be 'ParameterArgumentTransformationError'
            "$failure" | Should -BeLike "*parameter '$Parameter'*"
            "$failure" | Should -BeLike '*A script block is not run for this parameter*'
            # The way out fits the command and parameter refused (walkthrough 28, finding 3: every parameter was shown
            # Set-BmgDevice -Description and the import): a field of Set-BmgDevice or Set-BmgUser that cmdlet run once per
            # object for this field, and the import of the key and the columns to change; any other parameter the value
            # itself or the command run once per object with this parameter, and no other command.
            $edit = @{ 'Set-BmgDevice' = 'Set-BmgDevice $_.Identifier'; 'Set-BmgUser' = 'Set-BmgUser $_.UserName' }[$Command]
            # The list edits (-AddDeviceTag, -RemoveOrganization, ...) and -ChangedBy (who a service acts for, not a field) have no
            # CSV column and no property of their name: the general advice.
            if ($edit -and $Parameter -notin 'Database', 'ChangedBy' -and $Parameter -notmatch '^(Add|Remove)(DeviceTag|Organization)$') {
                "$failure" | Should -BeLike "*(Import-Csv changes.csv | ForEach-Object { $edit -$Parameter `$_.$Parameter }), or import a CSV that has only the $(($edit -split '\.')[-1]) and the columns to change (Import-BmgDeviceCsv).*".Replace('[', '`[').Replace(']', '`]')
            } else {
                "$failure" | Should -BeLike "*Give the value itself; for a value that differs per piped object, run the command once per object inside ForEach-Object, where `$_ is the object (-$Parameter `$_.<property>)."
                "$failure" | Should -Not -BeLike '*Bmg*' -Because 'no other command is the way out for this one'
            }
            "$failure" | Should -Not -BeLike '*ABCDEFGH*' -Because 'the script block may hold a check-in code (-Code)'
        }
        Get-StoreSnapshot | Should -Be $script:Before
    }

    It 'Import-Csv | Set-BmgDevice -Description { $_.Description } stores nothing (the walkthrough''s repro)' {
        $csv = Write-TestCsv -Name (New-CsvName 'desc') -Lines @('Identifier,Description,DisplayName', 'd1,desk B,Reception')
        $result = Invoke-Captured { Import-Csv -LiteralPath $csv | Set-BmgDevice -Description { $_.Description } -DisplayName { $_.DisplayName } -Confirm:$false }
        Get-ErrorId (Get-Failure $result) | Should -Be 'ParameterArgumentTransformationError'
        $device = Get-BmgDevice -Identifier 'd1'
        $device.Description | Should -Be 'desk A'
        $device.DisplayName | Should -BeNullOrEmpty
    }

    It 'refuses a list that holds a script block (-DeviceTags { ''a'' }, ''b'')' {
        "$(Get-Failure (Invoke-Captured { Set-BmgDevice -Identifier 'd1' -DeviceTags { 'a' }, 'b' -Confirm:$false }))" |
            Should -BeLike '*A script block is not run*'
        Get-StoreSnapshot | Should -Be $script:Before
    }

    It 'the way the refusal names works: ForEach-Object with the value of each row' {
        $csv = Write-TestCsv -Name (New-CsvName 'desc') -Lines @('Identifier,Description', 'd1,desk C')
        Import-Csv -LiteralPath $csv | ForEach-Object { Set-BmgDevice $_.Identifier -Description $_.Description -Confirm:$false }
        (Get-BmgDevice -Identifier 'd1').Description | Should -Be 'desk C'
        Set-BmgDevice -Identifier 'd1' -Description 'desk A' -Confirm:$false
    }
}

Describe 'A script block given to a parameter that takes pipeline input is still run per piped object' {
    It '<Command> -<Parameter> is still delay-bound (without piped input PowerShell says so, not the module)' -TestCases $DelayBound {
        $failure = Get-Failure (Invoke-WithScriptBlock $Command $Parameter)
        Get-ErrorId $failure | Should -Be 'ScriptBlockArgumentNoInput'
    }

    It 'Rename-BmgDevice -NewName { ... } and New-BmgDevice -Description { ... } take each piped object''s value' {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'a1' -OS 'ios' | Out-Null
        New-BmgDevice -Identifier 'a2' -OS 'ios' | Out-Null
        Get-BmgDevice 'a*' | Rename-BmgDevice -NewName { $_.Identifier + '-new' } -Confirm:$false
        @((Get-BmgDevice).Identifier | Sort-Object) | Should -Be @('a1-new', 'a2-new')

        $csv = Write-TestCsv -Name (New-CsvName 'new') -Lines @('Identifier,OS', 'n1,ios', 'n2,android')
        Import-Csv -LiteralPath $csv | New-BmgDevice -Description { "made as $($_.Identifier)" } | Out-Null
        (Get-BmgDevice -Identifier 'n2').Description | Should -Be 'made as n2'
    }
}
