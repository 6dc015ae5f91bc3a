BeforeAll { . $PSScriptRoot/Common.ps1 }

# Walkthrough 24 (2): a template or tag rename that many devices follow takes the writer lock for seconds; a progress
# line says what the console waits for, and goes when the rename ends.
Describe 'Progress of a reference rename' {
    It '<Command> shows one progress line naming what follows, completed at the end' -TestCases @(
        @{ Command = 'Rename-BmgTemplate'; Expected = "Template 'Std' to 'Standard': every device that refers to it follows" }
        @{ Command = 'Rename-BmgDeviceTag'; Expected = "Device tag 'Tag1' to 'Tag2': every device that refers to it follows" }
    ) {
        $store = Join-Path $TestDrive "rename-progress-$([guid]::NewGuid().ToString('N')).db"
        $csv = Join-Path $TestDrive "rename-progress-$([guid]::NewGuid().ToString('N')).csv"
        [IO.File]::WriteAllLines($csv, [string[]](@('Identifier,OS,Template,DeviceTags') + (1..20 | ForEach-Object { "rp-$_,ios,Std,Tag1" })))
        $old, $new = if ($Command -eq 'Rename-BmgTemplate') { 'Std', 'Standard' } else { 'Tag1', 'Tag2' }
        $run = Invoke-Isolated "New-BmgTemplate Std -Database `$Store | Out-Null; New-BmgDeviceTag Tag1 -Database `$Store | Out-Null
            Import-BmgDeviceCsv `$Csv -Database `$Store | Out-Null; $Command $old -NewName $new -Database `$Store -Confirm:`$false" @{ Store = $store; Csv = $csv }
        $run.Exception | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        $records = @($run.PowerShell.Streams.Progress | Where-Object Activity -eq $Command)
        $records.RecordType | Should -Be @('Processing', 'Completed')
        $records[0].StatusDescription | Should -BeExactly $Expected
        ($records.ActivityId | Sort-Object -Unique) | Should -Be 3
        @(Get-BmgDevice -Database $store | Where-Object { $_.Template -eq 'Standard' -or $_.DeviceTags -contains 'Tag2' }).Count | Should -Be 20
    }

    It 'shows none for -WhatIf' {
        $store = Join-Path $TestDrive "rename-progress-$([guid]::NewGuid().ToString('N')).db"
        $run = Invoke-Isolated 'New-BmgTemplate Std -Database $Store | Out-Null; Rename-BmgTemplate Std -NewName Standard -Database $Store -WhatIf' @{ Store = $store }
        $run.Exception | Should -BeNullOrEmpty
        @($run.PowerShell.Streams.Progress | Where-Object Activity -eq 'Rename-BmgTemplate') | Should -BeNullOrEmpty
    }
}
