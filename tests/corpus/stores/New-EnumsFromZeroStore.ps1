<#
.SYNOPSIS
    Rebuilds enums-from-zero.db: a store written while the enums a command outputs were numbered from 0 (DepMethod
    Serial = 0, DeviceState Registered = 0, ImportStatus Committed = 0, ImportMode, CheckInEmailStatus, SubjectKind,
    ChangeAction), and enums-from-zero.head.txt, the hash of its newest history entry as Test-BmgHistory gave it then.
.DESCRIPTION
    Run once by hand, in a fresh pwsh, with the module built from a commit before the thirtieth round's fixb30 (the .db
    is committed, so the test opens a file the old code really wrote: integrate30 00319bc3 wrote the committed one).
    The stores keep every such value by its name; the test reads each one back through both read paths (whole devices
    and the DEP links' own SQL) and checks that the history, whose hashes cover the names, still verifies.
    The writes: devices with each DEP method and none, each state (a DEP check-in, a code check-in, a withdrawal), a
    committed import that queued a check-in email and a refused one.
#>
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$path = Join-Path $PSScriptRoot 'enums-from-zero.db'
Remove-Item "$path*" -ErrorAction SilentlyContinue
$PSDefaultParameterValues['*-Bmg*:Database'] = $path
$PSDefaultParameterValues['*-Bmg*:Confirm'] = $false
$examples = Join-Path $PSScriptRoot '../../../examples'

$null = Import-BmgDepDevice (Join-Path $examples 'dep-profile-*.json'), (Join-Path $examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue
$csv = Join-Path ([System.IO.Path]::GetTempPath()) "enums-from-zero-$PID.csv"
Set-Content -LiteralPath $csv -Encoding utf8 -Value @(
    'Identifier,OS,Serial,DEPMethod,Code,RegistrationEmail'
    'serial-in,ios,AAABBBCCCDDD,Serial,code01,'
    'serial-registered,ios,BBBCCCDDDAAA,Serial,code02,'
    'keycode-registered,ios,,Keycode,code03,'
    'plain-in,ios,,,code04,'
    'plain-withdrawn,ios,,,code05,'
    'mailed,ios,,,code06,user@example.com'
)
$null = Import-BmgDeviceCsv -Path $csv -WarningAction SilentlyContinue
Set-Content -LiteralPath $csv -Encoding utf8 -Value @('Identifier,OS', 'refused,nosuchos')
try { $null = Import-BmgDeviceCsv -Path $csv -ErrorAction SilentlyContinue } catch { }   # refused: its row is recorded
Remove-Item -LiteralPath $csv
$null = Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD
$null = Register-BmgDeviceCheckIn -Identifier plain-in -Code code04 -UDID '00008030-001A2B3C4D5E6F70'
$null = Unregister-BmgDevice -Identifier plain-withdrawn

$check = Test-BmgHistory
if (-not $check.Valid) { throw "The history does not verify: $($check.Reason)" }
Set-Content -LiteralPath (Join-Path $PSScriptRoot 'enums-from-zero.head.txt') -Value $check.HeadHash -NoNewline
Get-BmgDevice | Format-Table Identifier, DEPMethod, State | Out-Host
Get-BmgImportHistory | Format-Table Id, Mode, Status | Out-Host
Get-BmgCheckInEmail | Format-Table Id, Status | Out-Host
Write-Host "Wrote ${path}: $($check.Entries) entries, head $($check.HeadSequence) $($check.HeadHash)"
