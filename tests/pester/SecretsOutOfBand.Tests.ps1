# A device or check-in email that follows objects of another type in one output (a script writing a template, then a
# device; a scheduled job's log) is formatted by PowerShell "out of band": as a list of every property unless a view
# says otherwise. Its check-in code must stay out of that list as it stays out of the default views.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Check-in codes in out-of-band output' {
    BeforeAll {
        New-TestStore | Out-Null
        $script:Template = New-BmgTemplate -Name 'Kiosk'
        $script:Device = New-BmgDevice -Identifier 'oob-001' -OS ios -Template 'Kiosk' -Code 'QWERTYUP' -RegistrationEmail 'oob@example.com'
        $script:Email = @(Get-BmgCheckInEmail -Identifier 'oob-001')[0]
    }

    It 'has a device and an email that carry the code (else the test shows nothing)' {
        $Device.Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'QWERTYUP'
        $Email.Code | ConvertFrom-SecureString -AsPlainText | Should -Be 'QWERTYUP'
    }

    It 'leaves the code out of a device written after a template' {
        $text = @($Template, $Device) | Out-String -Width 200
        $text | Should -Match 'oob-001'
        $text | Should -Match 'Identifier\s*: oob-001'
        $text | Should -Not -Match 'QWERTYUP'
    }

    It 'leaves the code out of a check-in email written after a device' {
        $text = @($Device, $Email) | Out-String -Width 200
        $text | Should -Match 'oob@example.com'
        $text | Should -Not -Match 'QWERTYUP'
    }

    It 'leaves the code out when a script writes a template and then creates a device' {
        $store = Join-Path $TestDrive 'script.db'
        $run = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
`$PSDefaultParameterValues['*-Bmg*:Database'] = '$store'
New-BmgTemplate -Name 'Kiosk2'
New-BmgDevice -Identifier 'oob-002' -OS ios -Template 'Kiosk2' -Code 'ASDFGHJK'
"@
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'oob-002'
        $run.Text | Should -Not -Match 'ASDFGHJK'
    }

    It 'gives every emitted type with a check-in code a default property set: its list view, without the code' {
        $types = @((Get-Module BizMobileGo).ExportedCmdlets.Values.OutputType.Type | Where-Object { $_ -and $_.FullName -like 'BizMobileGo.*' } |
            Where-Object { $_.GetProperty('Code') } | Sort-Object FullName -Unique)
        @($types.FullName) | Should -Contain 'BizMobileGo.Core.Devices.Device'
        @($types.FullName) | Should -Contain 'BizMobileGo.Core.Dep.CheckInEmail'
        foreach ($type in $types) {
            $set = (Get-TypeData -TypeName $type.FullName).DefaultDisplayPropertySet.ReferencedProperties
            $set | Should -Not -BeNullOrEmpty -Because "$($type.FullName) carries a check-in code"
            $set | Should -Not -Contain 'Code'
            $list = (Get-FormatData -TypeName $type.FullName).FormatViewDefinition |
                Where-Object { $_.Control -is [System.Management.Automation.ListControl] } | Select-Object -First 1
            # An item shown by a script block (a time in ISO form) is named by its label: the property it shows.
            $shown = @($list.Control.Entries[0].Items | ForEach-Object { if ($_.DisplayEntry.ValueType -eq 'ScriptBlock') { $_.Label } else { $_.DisplayEntry.Value } })
            $shown | Should -Be @($set) -Because "the out-of-band list of $($type.FullName) is its list view"
        }
    }

    It 'shows no code when asked for every property either: the Code is a hidden code (rounds 32 and 33)' {
        ($Device | Format-List * | Out-String) | Should -Not -Match 'QWERTYUP'
        ($Device | Format-List * | Out-String) | Should -Match 'Code\s+: \(hidden\)'
        ($Email | Format-List * | Out-String) | Should -Not -Match 'QWERTYUP'
    }
}
