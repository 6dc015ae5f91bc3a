<#
.SYNOPSIS
    A tour of BizMobileGo on a new store: import the manual's examples, check devices in, show the DEP links.
.EXAMPLE
    dotnet pwsh ./build.ps1 Demo
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $Database
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$PSDefaultParameterValues['*-Bmg*:Database'] = $Database
$examples = $PSScriptRoot

function Show([string] $Title) { Write-Host "`n== $Title" -ForegroundColor Cyan }

Show "Apple's DEP data as Apple gives it: two profile responses, then the fetch response"
# The tour's store is new by design (build.ps1 Demo removes the last one), so the first command's "Created a new, empty
# store" warning is left out of the tour; Apple's example files give no other warning.
Import-BmgDepDevice (Join-Path $examples 'dep-profile-*.json'), (Join-Path $examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue |
    Format-Table Format, Added, Updated, Released, Failed, Profiles
Get-BmgDepDevice | Format-Table

Show 'Example 1: users and devices enrolled by serial'
Import-BmgDeviceCsv (Join-Path $examples 'example1-users-and-devices-serial.csv') | Format-Table

Show 'Example 2 gives two devices one serial: the whole file is refused, nothing is written'
try {
    # The row's error, then the refused file's summary (Refused, nothing created), then ImportFailed (the catch).
    Import-BmgDeviceCsv (Join-Path $examples 'example2-devices-serial.csv') -ErrorAction Continue 2>&1 |
        ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { Write-Host "  error: $_" -ForegroundColor Yellow } else { Write-Host "  summary (Refused: $($_.Refused)): $_" } }
} catch {
    Write-Host "  $($_.FullyQualifiedErrorId): $_" -ForegroundColor Yellow
}

Show 'What example 3 would change (-WhatIf writes nothing)'
Import-BmgDeviceCsv (Join-Path $examples 'example3-users-and-devices-keycode.csv') -WhatIf | Format-Table

Show 'apple002 switches to key-code enrollment, keeping its serial'
Set-BmgDeviceDepEnrollment -Identifier apple002 -Method Keycode -PassThru | Format-Table   # the device table: Identifier, DEPMethod, Serial, State, UserName

Show 'Check-ins: apple001 by its DEP serial alone, apple002 with its identifier and code'
Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Format-Table   # the DEP link table
$code = (Get-BmgDevice apple002).Code
Register-BmgDeviceCheckIn -Identifier apple002 -Code $code -Serial BBBCCCDDDAAA | Format-Table   # the DEP link table

Show 'Checked-in devices are locked'
try {
    Set-BmgDeviceDepEnrollment -Identifier apple001 -Disable
} catch {
    Write-Host "  $($_.FullyQualifiedErrorId): $_" -ForegroundColor Yellow
}

Show "Apple's sync response: a new iPad, and a serial Apple released"
Import-BmgDepDevice (Join-Path $examples 'dep-sync-devices.json') | Format-Table Format, Added, Updated, Released, Failed, Profiles

Show 'DEP links'
Get-BmgDeviceDepLink | Format-Table | Out-String -Width 140 | Write-Host
