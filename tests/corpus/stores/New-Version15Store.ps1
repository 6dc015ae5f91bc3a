<#
.SYNOPSIS
    Rebuilds version15.db: a store with a change history as schema version 15 wrote it (every entry hashed with
    canonical form version 1, created users and devices too, in packs and in rows), and version15.head.txt, the hash
    of its newest entry as Test-BmgHistory gave it then.
.DESCRIPTION
    Run once by hand, in a fresh pwsh, with the module built from a commit before migration 16 (the .db is committed,
    so the upgrade test opens a file the old code really wrote: main e0869d5 wrote the committed one). The writes: a
    created user and device as rows, an import of 30 new users and devices (packs), a device changed after it (a row)
    and a removal.
#>
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$path = Join-Path $PSScriptRoot 'version15.db'
Remove-Item "$path*" -ErrorAction SilentlyContinue
$PSDefaultParameterValues['*-Bmg*:Database'] = $path
$PSDefaultParameterValues['*-Bmg*:Confirm'] = $false

$null = New-BmgTemplate -Name Standard
$null = New-BmgOrganization -Id org1 -Name 'Org one'
$null = New-BmgUser -UserName yamada -Name '山田 太郎' -Organizations org1
$null = New-BmgDevice -Identifier old-001 -OS ios -Template Standard -DisplayName 'Before the packs' -UserName yamada
$csv = Join-Path ([System.IO.Path]::GetTempPath()) "version15-$PID.csv"
Set-Content -LiteralPath $csv -Encoding utf8 -Value (@('UserName,Name,Identifier,OS,Template') +
    (1..30 | ForEach-Object { 'packed-user-{0:D2},Packed {0},packed-{0:D2},ios,Standard' -f $_ }))
$null = Import-BmgDeviceCsv -Path $csv
Remove-Item -LiteralPath $csv
$null = Set-BmgDevice -Identifier packed-03 -DisplayName 'Changed after the import'
$null = Remove-BmgDevice -Identifier packed-05

$check = Test-BmgHistory
if (-not $check.Valid) { throw "The history does not verify: $($check.Reason)" }
Set-Content -LiteralPath (Join-Path $PSScriptRoot 'version15.head.txt') -Value $check.HeadHash -NoNewline
Write-Host "Wrote ${path}: $($check.Entries) entries, head $($check.HeadSequence) $($check.HeadHash)"
