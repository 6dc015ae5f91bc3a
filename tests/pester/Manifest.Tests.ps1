BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:Module = Get-Module BizMobileGo
    # The cmdlets' assembly: the root module's one binary nested module (the root script, BizMobileGo.psm1, imports it).
    $script:Assembly = @($script:Module.NestedModules | Where-Object ModuleType -eq 'Binary')[0].ImplementingAssembly
    # Every concrete cmdlet class of the assembly, with its CmdletAttribute.
    $script:CmdletTypes = @(
        $script:Assembly.GetExportedTypes() |
            Where-Object { -not $_.IsAbstract } |
            ForEach-Object {
                $attribute = [System.Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
                if ($attribute) { [pscustomobject]@{ Name = "$($attribute.VerbName)-$($attribute.NounName)"; Type = $_; Attribute = $attribute } }
            }
    )
    $script:ChangingVerbs = 'New', 'Set', 'Remove', 'Rename', 'Import', 'Register', 'Unregister', 'Export', 'Send', 'Clear', 'Unlock'  # Export writes a file, as Export-Csv does; Send sends mail and records it
}

Describe 'The module''s cmdlets' {
    It 'loads its cmdlets from BizMobileGo.PowerShell.dll' {
        $script:Assembly.GetName().Name | Should -Be 'BizMobileGo.PowerShell'
        $script:CmdletTypes.Count | Should -BeGreaterThan 20
    }

    It 'exports exactly the cmdlet classes of the assembly' {
        $exported = @(Get-Command -Module BizMobileGo -CommandType Cmdlet).Name | Sort-Object
        $exported | Should -Be (@($script:CmdletTypes.Name) | Sort-Object)
        @(Get-Command -Module BizMobileGo -CommandType Function, Alias) | Should -HaveCount 0
    }

    It 'exports every cmdlet the issue names' {
        $exported = @(Get-Command -Module BizMobileGo).Name
        foreach ($name in 'New-BmgUser', 'Get-BmgUser', 'Set-BmgUser', 'Remove-BmgUser', 'New-BmgDevice', 'Get-BmgDevice', 'Set-BmgDevice',
            'Remove-BmgDevice', 'Remove-BmgOrganization', 'Remove-BmgTemplate', 'Remove-BmgDeviceTag', 'Rename-BmgOrganization',
            'Rename-BmgTemplate', 'Rename-BmgDeviceTag', 'Get-BmgDepDevice', 'Get-BmgDepProfile', 'Get-BmgCheckInEmail', 'Get-BmgImportHistory') {
            $exported | Should -Contain $name
        }
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($cmdlet in $script:CmdletTypes) { $approved | Should -Contain $cmdlet.Attribute.VerbName -Because $cmdlet.Name }
    }

    It 'gives every data-changing cmdlet SupportsShouldProcess (-WhatIf, -Confirm), and no Get- cmdlet' {
        foreach ($cmdlet in $script:CmdletTypes) {
            $changes = $script:ChangingVerbs -contains $cmdlet.Attribute.VerbName
            $cmdlet.Attribute.SupportsShouldProcess | Should -Be $changes -Because "$($cmdlet.Name) $(if ($changes) { 'changes data' } else { 'only reads' })"
            $parameters = (Get-Command $cmdlet.Name).Parameters
            $parameters.ContainsKey('WhatIf') | Should -Be $changes -Because $cmdlet.Name
            $parameters.ContainsKey('Confirm') | Should -Be $changes -Because $cmdlet.Name
        }
    }

    It 'gives Remove-*, Unregister-BmgDevice, Clear-BmgHistory and Clear-BmgCheckInEmail ConfirmImpact High, and no other cmdlet' {
        foreach ($cmdlet in $script:CmdletTypes) {
            $high = $cmdlet.Attribute.VerbName -eq 'Remove' -or $cmdlet.Name -in 'Unregister-BmgDevice', 'Clear-BmgHistory', 'Clear-BmgCheckInEmail'
            ($cmdlet.Attribute.ConfirmImpact -eq [System.Management.Automation.ConfirmImpact]::High) | Should -Be $high -Because $cmdlet.Name
        }
    }

    It 'gives -PassThru to every changing cmdlet that otherwise emits nothing (Set-, Remove-, Rename-, Unregister-)' {
        foreach ($cmdlet in $script:CmdletTypes | Where-Object { $_.Attribute.VerbName -in 'Set', 'Remove', 'Rename', 'Unregister' }) {
            (Get-Command $cmdlet.Name).Parameters.ContainsKey('PassThru') | Should -BeTrue -Because $cmdlet.Name
        }
    }

    It 'takes -Database on every cmdlet' {
        foreach ($cmdlet in $script:CmdletTypes) {
            (Get-Command $cmdlet.Name).Parameters.ContainsKey('Database') | Should -BeTrue -Because $cmdlet.Name
        }
    }

    It 'names Rename-* parameters as the issue says: -NewName, organizations selected by -Id' {
        foreach ($name in 'Rename-BmgOrganization', 'Rename-BmgTemplate', 'Rename-BmgDeviceTag', 'Rename-BmgDevice', 'Rename-BmgUser') {
            (Get-Command $name).Parameters['NewName'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -Contain $true
        }
        (Get-Command Rename-BmgOrganization).Parameters.ContainsKey('Id') | Should -BeTrue
    }

    It 'binds the key of every Get- output by property name into the matching Set-/Remove-/Rename-' -ForEach @(
        @{ Target = 'Set-BmgUser'; Parameter = 'UserName' }
        @{ Target = 'Remove-BmgUser'; Parameter = 'UserName' }
        @{ Target = 'Set-BmgDevice'; Parameter = 'Identifier' }
        @{ Target = 'Remove-BmgDevice'; Parameter = 'Identifier' }
        @{ Target = 'Get-BmgDeviceDepLink'; Parameter = 'Identifier' }
        @{ Target = 'Remove-BmgOrganization'; Parameter = 'Id' }
        @{ Target = 'Rename-BmgOrganization'; Parameter = 'Id' }
        @{ Target = 'Remove-BmgTemplate'; Parameter = 'Name' }
        @{ Target = 'Rename-BmgTemplate'; Parameter = 'Name' }
        @{ Target = 'Remove-BmgDeviceTag'; Parameter = 'Name' }
        @{ Target = 'Rename-BmgDeviceTag'; Parameter = 'Name' }
        @{ Target = 'Rename-BmgDevice'; Parameter = 'Identifier' }
        @{ Target = 'Rename-BmgUser'; Parameter = 'UserName' }
    ) {
        $attributes = (Get-Command $Target).Parameters[$Parameter].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })
        $attributes.ValueFromPipelineByPropertyName | Should -Contain $true
    }
}
