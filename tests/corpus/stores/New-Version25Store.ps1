<#
.SYNOPSIS
    Rebuilds version25.db: a store with a change history as schema version 25 wrote it (an import's created users and
    devices in packs, which had no place for -ChangedBy; an import given -ChangedBy as rows), and version25.head.txt,
    the hash of its newest entry as Test-BmgHistory gave it then.
.DESCRIPTION
    Run once by hand, in a fresh pwsh, with the module built from a commit before migration 26 (the .db is committed,
    so the upgrade test opens a file the old code really wrote: main 7761a5a9 wrote the committed one). The writes: a
    user and a device made for someone (rows), an import of 30 new users and devices (packs), an import of 20 given
    -ChangedBy (rows, two entries a row), and a change of one of them made for someone else (a row).
#>
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$path = Join-Path $PSScriptRoot 'version25.db'
Remove-Item "$path*" -ErrorAction SilentlyContinue
$PSDefaultParameterValues['*-Bmg*:Database'] = $path
$PSDefaultParameterValues['*-Bmg*:Confirm'] = $false

$null = New-BmgTemplate -Name Standard
$null = New-BmgOrganization -Id org1 -Name 'Org one'
$null = New-BmgUser -UserName yamada -Name '山田 太郎' -Organizations org1 -ChangedBy 'CONTOSO\alice'
$null = New-BmgDevice -Identifier old-001 -OS ios -Template Standard -DisplayName 'Made for alice' -UserName yamada -ChangedBy 'CONTOSO\alice'
$csv = Join-Path ([System.IO.Path]::GetTempPath()) "version25-$PID.csv"
Set-Content -LiteralPath $csv -Encoding utf8 -Value (@('UserName,Name,Identifier,OS,Template') +
    (1..30 | ForEach-Object { 'packed-user-{0:D2},Packed {0},packed-{0:D2},ios,Standard' -f $_ }))
$null = Import-BmgDeviceCsv -Path $csv
Set-Content -LiteralPath $csv -Encoding utf8 -Value (@('UserName,Name,Identifier,OS,Template') +
    (1..20 | ForEach-Object { 'carol-user-{0:D2},For carol {0},carol-{0:D2},ios,Standard' -f $_ }))
$null = Import-BmgDeviceCsv -Path $csv -ChangedBy 'CONTOSO\carol'
Remove-Item -LiteralPath $csv
$null = Set-BmgDevice -Identifier carol-03 -DisplayName 'Changed for dave' -ChangedBy 'portal:dave'

$check = Test-BmgHistory
if (-not $check.Valid) { throw "The history does not verify: $($check.Reason)" }
Set-Content -LiteralPath (Join-Path $PSScriptRoot 'version25.head.txt') -Value $check.HeadHash -NoNewline
Write-Host "Wrote ${path}: $($check.Entries) entries, head $($check.HeadSequence) $($check.HeadHash)"
