# Walkthrough 43, finding 13: `Import-BmgDeviceCsv ./nosuch.csv` wrote FileNotFound (ObjectNotFound), then ended in
# ImportFailed with category InvalidData, as if the file had been read and refused. A file that is not there is
# ObjectNotFound, as PowerShell's Get-Content and Import-Csv report it, and one the account may not read is
# PermissionDenied: every command that reads a file says so with one rule (Core's FileReadFailure), and ImportFailed, the
# imports' closing error, takes its causes' category when they agree.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    # "ErrorId:Category" of each record, as a script's catch would tell them apart.
    function Get-Kinds([object[]] $Records) { @($Records | ForEach-Object { "$(Get-ErrorId $_):$($_.CategoryInfo.Category)" }) }

}

Describe 'A file that is not there is ObjectNotFound, the error and ImportFailed alike' {
    BeforeEach { New-TestStore | Out-Null }

    It '<Command> <Case>: <ErrorId> then ImportFailed, both ObjectNotFound; nothing imported' -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv'; Case = 'of a missing file'; ErrorId = 'FileNotFound'
            Run = { Import-BmgDeviceCsv -LiteralPath (Join-Path $TestDrive 'nosuch.csv') } }
        @{ Command = 'Import-BmgDeviceCsv'; Case = 'of a pattern naming no file'; ErrorId = 'FileNotFound'
            Run = { Import-BmgDeviceCsv -Path (Join-Path $TestDrive 'none-*.csv') } }
        @{ Command = 'Import-BmgDeviceCsv'; Case = 'of a piped path of no file'; ErrorId = 'FileNotFound'
            Run = { (Join-Path $TestDrive 'piped-nosuch.csv') | Import-BmgDeviceCsv } }
        @{ Command = 'Import-BmgDepDevice'; Case = 'of a missing file'; ErrorId = 'FileNotFound'
            Run = { Import-BmgDepDevice -LiteralPath (Join-Path $TestDrive 'nosuch.json') } }
    ) {
        $result = Invoke-Captured $Run
        Get-Kinds $result.Errors | Should -Be @("${ErrorId}:ObjectNotFound")
        Get-Kinds $result.Terminating | Should -Be @('ImportFailed:ObjectNotFound')
        @(Get-BmgDevice).Count + @(Get-BmgDepDevice).Count | Should -Be 0
    }

    # Round 45 (fix44's leftover): ImportFailed named the missing file, then said the error's own sentence, which names it
    # again ("'x.csv' could not be imported: Cannot find the file 'x.csv' because it does not exist (FileNotFound)."). It says
    # the cause once, briefly, and still says it: a nightly job's catch may log ImportFailed alone. The error before it keeps
    # its full sentence, the same for -Path and -LiteralPath.
    It '<Command> <Given> of a missing file: ImportFailed names it once, "it does not exist (FileNotFound)"' -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv'; Given = '-Path'; Run = { param($File) Import-BmgDeviceCsv -Path $File }; File = 'nosuch.csv' }
        @{ Command = 'Import-BmgDeviceCsv'; Given = '-LiteralPath'; Run = { param($File) Import-BmgDeviceCsv -LiteralPath $File }; File = 'nosuch.csv' }
        @{ Command = 'Import-BmgDeviceCsv'; Given = 'a piped path'; Run = { param($File) $File | Import-BmgDeviceCsv }; File = 'nosuch.csv' }
        @{ Command = 'Import-BmgDepDevice'; Given = '-Path'; Run = { param($File) Import-BmgDepDevice -Path $File }; File = 'nosuch.json' }
    ) {
        $path = Join-Path $TestDrive $File
        $result = Invoke-Captured { & $Run $path }
        "$($result.Errors[0])" | Should -BeExactly "Cannot find the file '$path' because it does not exist."
        "$($result.Terminating[0])" | Should -BeExactly "'$path' could not be imported: it does not exist (FileNotFound)."
    }

    It 'two missing files: one ImportFailed, ObjectNotFound' {
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath (Join-Path $TestDrive 'a.csv'), (Join-Path $TestDrive 'b.csv') }
        Get-Kinds $result.Errors | Should -Be @('FileNotFound:ObjectNotFound', 'FileNotFound:ObjectNotFound')
        Get-Kinds $result.Terminating | Should -Be @('ImportFailed:ObjectNotFound')
    }

    It 'a missing file beside a refused one: ImportFailed is InvalidData, the refused file''s category' {
        $refused = Write-TestCsv -Name (New-CsvName 'typo') -Lines @('Identifer,OS', 'f-1,ios')
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath (Join-Path $TestDrive 'gone.csv'), $refused }
        Get-Kinds $result.Errors | Should -Be @('FileNotFound:ObjectNotFound', 'UnknownCsvColumn:InvalidData')
        Get-Kinds $result.Terminating | Should -Be @('ImportFailed:InvalidData')
    }

    It 'a refused file alone stays InvalidData' {
        $refused = Write-TestCsv -Name (New-CsvName 'typo') -Lines @('Identifer,OS', 'f-1,ios')
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $refused }
        Get-Kinds $result.Terminating | Should -Be @('ImportFailed:InvalidData')
    }

    It '<Command> -Path of a missing file: FileNotFound, ObjectNotFound' -ForEach @(
        @{ Command = 'Get-BmgDeviceDepLink'; Run = { Get-BmgDeviceDepLink -LiteralPath (Join-Path $TestDrive 'list.csv') } }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Run = { Set-BmgDeviceDepEnrollment -LiteralPath (Join-Path $TestDrive 'list.csv') } }
    ) {
        $result = Invoke-Captured $Run
        Get-Kinds $result.Errors | Should -Be @('FileNotFound:ObjectNotFound')
        $result.Terminating | Should -BeNullOrEmpty
    }
}

Describe 'A file the account may not read is PermissionDenied, the error and ImportFailed alike' {
    BeforeAll {
        # These tests run as root, which reads a file of mode 000 anyway: the commands run in a child pwsh without the
        # capabilities that let root pass file permissions (setpriv drops them from its bounding set), so the kernel refuses
        # the read as it would refuse any other account's.
        $script:Child = Join-Path $TestDrive 'unreadable-child.ps1'
        Set-Content -LiteralPath $Child -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $Csv, [string] $Dep)
Import-Module $Module
$ErrorActionPreference = 'Continue'
$runs = [ordered]@{
    'Import-BmgDeviceCsv' = { Import-BmgDeviceCsv -LiteralPath $Csv -Database $Database }
    'Import-BmgDepDevice' = { Import-BmgDepDevice -LiteralPath $Dep -Database $Database }
    'Get-BmgDeviceDepLink' = { Get-BmgDeviceDepLink -LiteralPath $Csv -Database $Database }
    'Set-BmgDeviceDepEnrollment' = { Set-BmgDeviceDepEnrollment -LiteralPath $Csv -Database $Database }
}
$seen = foreach ($name in $runs.Keys) {
    $errors = [System.Collections.Generic.List[object]]::new()
    $terminating = $null
    try { & $runs[$name] 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } } }
    catch { $terminating = $_ }
    $kind = { param($r) "$(($r.FullyQualifiedErrorId -split ',')[0]):$($r.CategoryInfo.Category)" }
    [pscustomobject]@{
        Command = $name
        Errors = @($errors | ForEach-Object { & $kind $_ })
        Messages = @($errors | ForEach-Object { "$_" })
        Terminating = if ($terminating) { & $kind $terminating } else { '' }
    }
}
$seen | ConvertTo-Json -Depth 3 -Compress
'@
        # One child runs every command (a pwsh start is seconds on a loaded machine); each test reads its command's records.
        $script:Database = New-TestStore
        $csv = Write-TestCsv -Name (New-CsvName 'locked') -Lines @('Identifier,OS', 'f-1,ios')
        $dep = Join-Path $TestDrive 'locked.json'
        Set-Content -LiteralPath $dep -Encoding utf8NoBOM -Value '{"devices":[],"cursor":"c1","more_to_follow":false}'
        & chmod 000 $csv $dep
        $fresh = Get-FreshPwshCommand $Child -Argument @('-Module', $env:BMG_TEST_MODULE, '-Database', $Database, '-Csv', $csv, '-Dep', $dep)
        $launch = if ((id -u) -eq '0') { @('setpriv', '--bounding-set', '-dac_override,-dac_read_search', $fresh.FilePath) } else { @($fresh.FilePath) }
        $arguments = @($launch | Select-Object -Skip 1) + $fresh.ArgumentList
        $script:Output = @(& $launch[0] @arguments 2>&1 | ForEach-Object { "$_" })
        $script:ExitCode = $LASTEXITCODE
        & chmod 600 $csv $dep
    }

    It '<Command> of a file of mode 000: FileOpenFailure, PermissionDenied (<Closing>); the message says access is denied' -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv'; Closing = 'ImportFailed:PermissionDenied' }
        @{ Command = 'Import-BmgDepDevice'; Closing = 'ImportFailed:PermissionDenied' }
        @{ Command = 'Get-BmgDeviceDepLink'; Closing = '' }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Closing = '' }
    ) {
        $ExitCode | Should -Be 0 -Because ($Output -join "`n")
        $seen = @(($Output | Select-Object -Last 1) | ConvertFrom-Json) | Where-Object Command -eq $Command
        $seen.Errors | Should -Be @('FileOpenFailure:PermissionDenied') -Because ($Output -join "`n")
        $seen.Messages[0] | Should -BeLike '*denied*'
        $seen.Terminating | Should -Be $Closing
    }

    It 'nothing was imported from the files' {
        @(Get-BmgDevice -Database $Database).Count + @(Get-BmgDepDevice -Database $Database).Count | Should -Be 0
    }
}
