BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'The built module' {
    It 'exports the cmdlets the manifest names and imports from another directory' {
        Push-Location ([System.IO.Path]::GetTempPath())
        try {
            $module = Get-Module BizMobileGo
            $module | Should -Not -BeNullOrEmpty
            $module.ExportedCmdlets.Keys | Should -Contain 'Import-BmgDeviceCsv'
            $module.ExportedCmdlets.Keys | Should -Contain 'Get-BmgDeviceDepLink'
            $module.ExportedCmdlets.Keys | Should -Contain 'Set-BmgDeviceDepEnrollment'
        } finally {
            Pop-Location
        }
    }

    It 'creates a store on first use and reads it back' {
        $db = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        (Get-BmgTemplate).Name | Should -Be 'Standard'
        Test-Path $db | Should -BeTrue
    }
}
