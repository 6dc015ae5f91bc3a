<#
.SYNOPSIS
    Rebuilds version1.db: a store as the first schema version left it (only migration 1 applied), with a few rows.
.DESCRIPTION
    Run once by hand after 'build.ps1 Build'; the .db is committed so that the migration test opens a real old file
    rather than one the current code made. The migration text is read from the built assembly (SqliteSchema.Migrations[0]).
#>
param([string] $ModuleManifest = (Join-Path $PSScriptRoot '../../../out/BizMobileGo/BizMobileGo.psd1'))
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$path = Join-Path $PSScriptRoot 'version1.db'
if (Test-Path $path) { Remove-Item $path }

$core = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $ModuleManifest) 'BizMobileGo.Core.dll'))
$null = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $ModuleManifest) 'Microsoft.Data.Sqlite.dll'))
$schema = $core.GetType('BizMobileGo.Core.Store.SqliteSchema', $true)
$migration1 = $schema.GetField('Migrations').GetValue($null)[0]

$connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$path;Pooling=False")
$connection.Open()
function Invoke-Sql([string] $Sql) { $c = $connection.CreateCommand(); $c.CommandText = $Sql; $null = $c.ExecuteNonQuery(); $c.Dispose() }
Invoke-Sql 'PRAGMA page_size = 1024;'
Invoke-Sql 'PRAGMA journal_mode = DELETE;'
Invoke-Sql $migration1
Invoke-Sql @"
INSERT INTO organizations (id, name) VALUES ('org-sales', 'Sales department');
INSERT INTO templates (name) VALUES ('Standard');
INSERT INTO device_tags (name) VALUES ('Sales');
INSERT INTO users (user_id, user_name, name, email_address, user_description) VALUES (1, 'yamada', 'Taro Yamada', 'yamada@example.com', 'v1 user');
INSERT INTO user_organizations (user_id, organization_id, position) VALUES (1, 'org-sales', 0);
INSERT INTO devices (device_id, identifier, template, code, os, serial, expiration_days, display_name, user_id, dep_method, state, created_at, saved_at)
    VALUES (1, 'apple001', 'Standard', 'ABC123', 'ios', 'AAABBBCCCDDD', 7, 'Yamada iPhone', 1, 'Serial', 'Registered', '2024-01-02T03:04:05.0000000Z', '2024-01-02T03:04:05.0000000Z');
INSERT INTO devices (device_id, identifier, code, os, expiration_days, state, dep_device, dep_profile, created_at, saved_at, checked_in_at)
    VALUES (2, 'apple002', 'XYZ789', 'ios', 30, 'CheckedIn', 'BBBCCCDDDAAA', 'Default', '2024-01-02T03:04:05.0000000Z', '2024-01-02T03:04:05.0000000Z', '2024-01-03T00:00:00.0000000Z');
INSERT INTO device_tag_links (device_id, tag_name, position) VALUES (1, 'Sales', 0);
INSERT INTO dep_devices (serial_number, model, description, profile_name, imported_at) VALUES ('BBBCCCDDDAAA', 'iPad', 'v1 DEP device', 'Default', '2024-01-01T00:00:00.0000000Z');
INSERT INTO checkin_emails (recipient, identifier, code, queued_at) VALUES ('yamada@example.com', 'apple001', 'ABC123', '2024-01-02T03:04:05.0000000Z');
"@
Invoke-Sql "PRAGMA application_id = $(0x424D4731);"
Invoke-Sql 'PRAGMA user_version = 1;'
Invoke-Sql 'VACUUM;'
$connection.Dispose()
Write-Host "Wrote $path ($((Get-Item $path).Length) bytes)"
