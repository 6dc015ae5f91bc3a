<#
.SYNOPSIS
    Rebuilds version8.db: a store with a change history as schema version 8 wrote it (hashes as 32-byte BLOBs,
    every field change as a JSON object member with its name, every name a subject had in the index
    change_history_by_name), and version8.head.txt, the hash of its newest entry as Test-BmgHistory gave it then.
.DESCRIPTION
    Run once by hand, in a fresh pwsh, with the module built from a commit before migration 9 (the .db is
    committed, so the upgrade test opens a file the old code really wrote). The writes cover every shape an
    entry's changes took: created records, a changed and a cleared value, a hidden check-in code, quotes and a
    backslash, Japanese text, an import with its lines, removals of a device and a user (names no longer current,
    which migration 9 keeps apart), and Clear-BmgHistory's entry, after which the chain starts at its anchor.
#>
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$path = Join-Path $PSScriptRoot 'version8.db'
Remove-Item "$path*" -ErrorAction SilentlyContinue
$PSDefaultParameterValues['*-Bmg*:Database'] = $path
$PSDefaultParameterValues['*-Bmg*:Confirm'] = $false

$null = New-BmgTemplate -Name Standard
$null = New-BmgDeviceTag -Name Sales
$null = New-BmgOrganization -Id org1 -Name 'Org one'
$null = New-BmgDevice -Identifier cleared-1 -OS ios -DisplayName 'Gone before the clear'
Start-Sleep -Milliseconds 20
$cut = Get-Date
Start-Sleep -Milliseconds 20
$null = Clear-BmgHistory -Before $cut

$null = New-BmgUser -UserName yamada -Name '山田 太郎' -EmailAddress 'yamada@example.com' -Organizations org1
$null = New-BmgDevice -Identifier old-001 -OS ios -Template Standard -DeviceTags Sales -DisplayName 'First "phone"' -Code A7K29QX4 -UserName yamada
$null = Set-BmgDevice -Identifier old-001 -DisplayName 'Back\slash phone' -Description 'to be cleared' -Code Z9Q2W7E4
$null = Set-BmgDevice -Identifier old-001 -Description ''
$csv = Join-Path ([System.IO.Path]::GetTempPath()) "version8-$PID.csv"
Set-Content -LiteralPath $csv -Encoding utf8 -Value @(
    'UserName,Name,Identifier,OS,Template,Serial'
    'suzuki,Suzuki Hanako,imp-001,android,Standard,'
    ',,imp-002,ios,,F00000000002'
)
$null = Import-BmgDeviceCsv -Path $csv
Remove-Item -LiteralPath $csv
$null = Remove-BmgDevice -Identifier imp-002
$null = New-BmgUser -UserName leaving -Name 'Leaving Soon'
$null = Remove-BmgUser -UserName leaving

$check = Test-BmgHistory
if (-not $check.Valid) { throw "The history does not verify: $($check.Reason)" }
Set-Content -LiteralPath (Join-Path $PSScriptRoot 'version8.head.txt') -Value $check.HeadHash -NoNewline
Write-Host "Wrote ${path}: $($check.Entries) entries, head $($check.HeadSequence) $($check.HeadHash)"
