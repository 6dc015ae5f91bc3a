<#
.SYNOPSIS
    Rebuilds version26.db: a store with a change history as schema version 26 wrote it (an import given -ChangedBy packed,
    each created record's entry hashed with canonical form version 3; a device made for someone as a row, version 3 too;
    an import for no one packed, version 2), and version26.head.txt, the hash of its newest entry as Test-BmgHistory
    gave it then.
.DESCRIPTION
    Run once by hand, in a fresh pwsh, with the module built from a commit before migration 27 (the .db is committed,
    so the upgrade test opens a file the old code really wrote: main 1e434854 wrote the committed one).
#>
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$path = Join-Path $PSScriptRoot 'version26.db'
Remove-Item "$path*" -ErrorAction SilentlyContinue
$PSDefaultParameterValues['*-Bmg*:Database'] = $path
$PSDefaultParameterValues['*-Bmg*:Confirm'] = $false

$null = New-BmgTemplate -Name Standard
$null = New-BmgOrganization -Id org1 -Name 'Org one'
$null = New-BmgDevice -Identifier old-001 -OS ios -Template Standard -DisplayName 'Made for alice' -ChangedBy 'CONTOSO\alice'
$csv = Join-Path ([System.IO.Path]::GetTempPath()) "version26-$PID.csv"
Set-Content -LiteralPath $csv -Encoding utf8 -Value (@('UserName,Name,Identifier,OS,Template') +
    (1..20 | ForEach-Object { 'carol-user-{0:D2},For carol {0},carol-{0:D2},ios,Standard' -f $_ }))
$null = Import-BmgDeviceCsv -Path $csv -ChangedBy 'CONTOSO\carol'
Set-Content -LiteralPath $csv -Encoding utf8 -Value (@('UserName,Name,Identifier,OS,Template') +
    (1..20 | ForEach-Object { 'packed-user-{0:D2},Packed {0},packed-{0:D2},ios,Standard' -f $_ }))
$null = Import-BmgDeviceCsv -Path $csv
Remove-Item -LiteralPath $csv

$check = Test-BmgHistory
if (-not $check.Valid) { throw "The history does not verify: $($check.Reason)" }
Set-Content -LiteralPath (Join-Path $PSScriptRoot 'version26.head.txt') -Value $check.HeadHash -NoNewline
Write-Host "Wrote ${path}: $($check.Entries) entries, head $($check.HeadSequence) $($check.HeadHash)"
