# A user's mistake (a locked device, a bad value, a name taken, a refused import, a store path that names nothing, a
# wrong check-in code) is no program fault: its ErrorRecord says the message, ErrorId, category and target, and carries
# no stack trace of the module's code in `$Error[0] | Format-List * -Force` or `$Error[0].Exception.StackTrace`
# (walkthrough 25, finding 5). Terminating errors (ImportFailed, StoreNotFound) included: PowerShell's ThrowTerminatingError
# throws the exception it is given.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # Every error a script block left (terminating or not), however it ended, newest first; not its output (a link of
    # Get-BmgDeviceDepLink -Path before its MalformedCsv).
    function Get-ErrorsOf([scriptblock] $Script) {
        $ErrorActionPreference = 'SilentlyContinue'
        $Error.Clear()
        try { $null = & $Script } catch { }
        @($Error)
    }
}

Describe 'Error records of user mistakes' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'ipad-3' -OS ios -Code 'ABCD2345' | Out-Null
        New-BmgDevice -Identifier 'apple001' -OS ios -Code 'EFGH6789' | Out-Null
        Register-BmgDeviceCheckIn -Identifier 'apple001' -Code 'EFGH6789' | Out-Null
        $noHeader = Write-TestCsv -Name 'no-header.csv' -Lines @('ipad-9,ios', 'ipad-10,ios')
        $missing = Join-Path $TestDrive 'no/such/dir/x.db'
        # The -Path cmdlets' own CSV reading (left26): the reader's CsvFormatException carried its stack trace.
        $unclosed = Write-TestCsv -Name 'unclosed.csv' -Lines @('Identifier', 'ipad-3', '"never closed')
        $tooWide = Write-TestCsv -Name 'too-wide.csv' -Lines @('Identifier,DEPMethod', 'ipad-3,Serial,C02AAAAA0001')
        $badRow = Write-TestCsv -Name 'bad-row.csv' -Lines @('Identifier,OS', 'x3,palm')

        $script:Cases = @(
            @{ Id = 'DeviceLocked'; Category = 'InvalidOperation'; Target = 'apple001'; Script = { Set-BmgDevice -Identifier 'apple001' -ExpirationDays 5 } }
            @{ Id = 'InvalidFieldValue'; Category = 'InvalidData'; Target = 'ipad-3'; Script = { Set-BmgDevice -Identifier 'ipad-3' -WifiMac 'zz' } }
            @{ Id = 'InvalidFieldValue'; Category = 'InvalidData'; Target = 'x2'; Script = { New-BmgDevice -Identifier 'x2' -OS 'palm' } }
            @{ Id = 'AlreadyExists'; Category = 'ResourceExists'; Target = 'ipad-3'; Script = { New-BmgDevice -Identifier 'ipad-3' -OS ios } }
            @{ Id = 'ImportFailed'; Category = 'InvalidData'; Target = $noHeader; Script = { Import-BmgDeviceCsv -Path $noHeader } }
            @{ Id = 'StoreNotFound'; Category = 'ObjectNotFound'; Target = $missing; Script = { Get-BmgDevice -Database $missing } }
            @{ Id = 'CheckInRejected'; Category = 'SecurityError'; Target = 'ipad-3'; Script = { Register-BmgDeviceCheckIn -Identifier 'ipad-3' -Code 'WRONGCODE' } }
            @{ Id = 'MalformedCsv'; Category = 'ParserError'; Target = $unclosed; Script = { Get-BmgDeviceDepLink -Path $unclosed } }
            @{ Id = 'MalformedCsv'; Category = 'ParserError'; Target = $tooWide; Script = { Set-BmgDeviceDepEnrollment -Path $tooWide } }
            @{ Id = 'InvalidFieldValue'; Category = 'InvalidData'; Target = $null; Script = { Import-BmgDeviceCsv -Path $badRow } }
        )
    }

    It '<Id> (case <Index>): message, ErrorId, category and target, no stack trace' -ForEach @(
        @{ Index = 0; Id = 'DeviceLocked' }, @{ Index = 1; Id = 'InvalidFieldValue' }, @{ Index = 2; Id = 'InvalidFieldValue' },
        @{ Index = 3; Id = 'AlreadyExists' }, @{ Index = 4; Id = 'ImportFailed' }, @{ Index = 5; Id = 'StoreNotFound' },
        @{ Index = 6; Id = 'CheckInRejected' }, @{ Index = 7; Id = 'MalformedCsv' }, @{ Index = 8; Id = 'MalformedCsv' },
        @{ Index = 9; Id = 'InvalidFieldValue' }
    ) {
        $case = $Cases[$Index]
        $case.Id | Should -Be $Id
        $all = @(Get-ErrorsOf $case.Script)
        $record = $all | Where-Object { (Get-ErrorId $_) -eq $case.Id } | Select-Object -First 1
        $record | Should -Not -BeNullOrEmpty
        $record.CategoryInfo.Category | Should -Be $case.Category
        if ($null -ne $case.Target) { $record.TargetObject | Should -Be $case.Target }
        $record.Exception.Message | Should -Not -BeNullOrEmpty
        $record.Exception.StackTrace | Should -BeNullOrEmpty -Because "$($case.Id) is the user's mistake, not a fault of the module"
        $record.Exception.ToString() | Should -Not -Match '(?m)^\s+at ' -Because 'no inner exception carries one either'
        ($record | Format-List * -Force | Out-String -Width 300) | Should -Not -Match 'at BizMobileGo\.'
        ($record.Exception | Format-List * -Force | Out-String -Width 300) | Should -Not -Match 'at BizMobileGo\.'
        foreach ($other in $all) {
            # The errors said before it (the file's MissingCsvHeader before ImportFailed) are the user's too.
            $other.Exception.ToString() | Should -Not -Match '(?m)^\s+at ' -Because "$($other.FullyQualifiedErrorId) is the user's mistake too"
        }
    }
}
