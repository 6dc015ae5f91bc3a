@{
    RootModule           = 'BizMobileGo.psm1'
    ModuleVersion        = '{{Version}}'
    GUID                 = '6f3b2a8e-4c1d-4e5f-9a7b-2d8c0e1f3a45'
    Author               = 'BizMobileGo developers'
    CompanyName          = 'BizMobileGo'
    Copyright            = '(c) BizMobileGo developers. Licensed under the MIT License.'
    Description          = 'Register iPhones and iPads for the BizMobile Go! MDM service: device information, DEP enrollment, bulk CSV import and DEP link look-ups.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = 'Core'
    FormatsToProcess     = @('BizMobileGo.Format.ps1xml', 'BizMobileGo.History.Format.ps1xml')
    CmdletsToExport      = @(
        'Clear-BmgCheckInEmail'
        'Clear-BmgHistory'
        'Export-BmgDeviceCsv'
        'Get-BmgCheckInEmail'
        'Get-BmgDepDevice'
        'Get-BmgDepProfile'
        'Get-BmgDevice'
        'Get-BmgDeviceDepLink'
        'Get-BmgDeviceHistory'
        'Get-BmgDeviceTag'
        'Get-BmgImportHistory'
        'Get-BmgOrganization'
        'Get-BmgTemplate'
        'Get-BmgUser'
        'Get-BmgUserHistory'
        'Import-BmgDepDevice'
        'Import-BmgDeviceCsv'
        'New-BmgDevice'
        'New-BmgDeviceTag'
        'New-BmgOrganization'
        'New-BmgTemplate'
        'New-BmgUser'
        'Register-BmgDeviceCheckIn'
        'Remove-BmgDepDevice'
        'Remove-BmgDevice'
        'Remove-BmgDeviceTag'
        'Remove-BmgOrganization'
        'Remove-BmgTemplate'
        'Remove-BmgUser'
        'Rename-BmgDevice'
        'Rename-BmgDeviceTag'
        'Rename-BmgOrganization'
        'Rename-BmgTemplate'
        'Rename-BmgUser'
        'Send-BmgCheckInEmail'
        'Set-BmgDepProfile'
        'Set-BmgDevice'
        'Set-BmgDeviceDepEnrollment'
        'Set-BmgOrganization'
        'Set-BmgUser'
        'Test-BmgHistory'
        'Unlock-BmgDeviceCheckIn'
        'Unregister-BmgDevice'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('MDM', 'DEP', 'ADE', 'AppleBusinessManager', 'iOS', 'iPhone', 'iPad', 'BizMobileGo', 'CSV', 'SQLite', 'PostgreSQL', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri: the project has no public home yet, and a link that leads nowhere is worse than
            # none. LICENSE and THIRD-PARTY-NOTICES.txt ship in the module folder. A publisher with a home of its own adds
            # both here (README "Install").
        }
    }
}
