# Issue 10.5: the smaller things a new user trips over: -WhatIf that touches nothing, a DEP serial that is not in
# Apple's list, -LiteralPath everywhere a file is taken, one spelling per concept, one list of ErrorIds, one
# not-found id per kind, and a README that says how a scheduled script fails.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    # One harmless invocation per cmdlet that supports -WhatIf; a new such cmdlet must add its own here.
    $script:WhatIfSamples = [ordered]@{
        'Clear-BmgCheckInEmail'      = { Clear-BmgCheckInEmail -Before (Get-Date) -WhatIf }
        'Clear-BmgHistory'           = { Clear-BmgHistory -Before (Get-Date) -WhatIf }
        'Export-BmgDeviceCsv'        = { Export-BmgDeviceCsv (Join-Path $TestDrive 'whatif-export.csv') -WhatIf }
        'Import-BmgDepDevice'        = { Import-BmgDepDevice $DepFile -WhatIf }
        'Import-BmgDeviceCsv'        = { Import-BmgDeviceCsv $RowsFile -WhatIf }
        'New-BmgDevice'              = { New-BmgDevice -Identifier whatif1 -OS ios -WhatIf }
        'New-BmgDeviceTag'           = { New-BmgDeviceTag -Name WhatIfTag -WhatIf }
        'New-BmgOrganization'        = { New-BmgOrganization -Id whatif-org -Name 'What if' -WhatIf }
        'New-BmgTemplate'            = { New-BmgTemplate -Name WhatIfTemplate -WhatIf }
        'New-BmgUser'                = { New-BmgUser -UserName whatif.user -WhatIf }
        'Register-BmgDeviceCheckIn'  = { Register-BmgDeviceCheckIn -Serial F2LXKL0AHG7F -WhatIf }
        'Remove-BmgDepDevice'        = { Remove-BmgDepDevice F2LXKL0AHG7F -WhatIf }
        'Remove-BmgDevice'           = { Remove-BmgDevice cons1 -WhatIf }
        'Remove-BmgDeviceTag'        = { Remove-BmgDeviceTag Sales -WhatIf }
        'Remove-BmgOrganization'     = { Remove-BmgOrganization org1 -WhatIf }
        'Remove-BmgTemplate'         = { Remove-BmgTemplate Standard -WhatIf }
        'Remove-BmgUser'             = { Remove-BmgUser cons.user -WhatIf }
        'Rename-BmgDevice'           = { Rename-BmgDevice cons1 -NewName cons9 -WhatIf }
        'Rename-BmgDeviceTag'        = { Rename-BmgDeviceTag Sales -NewName Sales2 -WhatIf }
        'Rename-BmgOrganization'     = { Rename-BmgOrganization org1 -NewName org2 -WhatIf }
        'Rename-BmgTemplate'         = { Rename-BmgTemplate Standard -NewName Standard2 -WhatIf }
        'Rename-BmgUser'             = { Rename-BmgUser cons.user -NewName cons.user2 -WhatIf }
        'Send-BmgCheckInEmail'       = { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port 1 -From admin@example.com -CheckInUrl 'https://mdm.example.com/checkin' -WhatIf }
        'Set-BmgDepProfile'          = { Set-BmgDepProfile -Uuid '9A1B2C3D4E5F60718293A4B5C6D7E8F9' -Name 'What if' -WhatIf }
        'Set-BmgDevice'              = { Set-BmgDevice cons1 -DisplayName 'What if' -WhatIf }
        'Set-BmgOrganization'        = { Set-BmgOrganization org1 -Name 'What if' -WhatIf }
        'Set-BmgDeviceDepEnrollment' = { Set-BmgDeviceDepEnrollment -Identifier cons1 -Method Keycode -WhatIf }
        'Set-BmgUser'                = { Set-BmgUser cons.user -Name 'What if' -WhatIf }
        'Unregister-BmgDevice'       = { Unregister-BmgDevice cons1 -WhatIf }
        'Unlock-BmgDeviceCheckIn'    = { Unlock-BmgDeviceCheckIn cons1 -WhatIf }
    }
    $script:WhatIfCases = @(foreach ($name in $WhatIfSamples.Keys) { @{ Name = $name; Sample = $WhatIfSamples[$name] } })
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    $script:DepFile = Join-Path $TestDrive 'dep-consistency.csv'
    Set-Content -LiteralPath $DepFile -Value @('SerialNumber,Model,Description,ProfileName', 'F2LXKL0AHG7F,iPhone 15,IPHONE,Sales iPhones')
    $script:RowsFile = Write-TestCsv 'rows-consistency.csv' @('UserName,Identifier,Template,OS,DeviceTags,Serial,DEPMethod',
        'cons.user,cons1,Standard,ios,Sales,F2LXKL0AHG7F,Serial', ',cons2,,android,,,')

    function New-FilledStore {
        $path = New-TestStore
        New-BmgTemplate -Name Standard | Out-Null
        New-BmgDeviceTag -Name Sales | Out-Null
        New-BmgOrganization -Id org1 -Name 'Org one' | Out-Null
        Import-BmgDepDevice $DepFile | Out-Null
        Import-BmgDeviceCsv $RowsFile | Out-Null
        return $path
    }
}

Describe '10.5 -WhatIf touches no store' {
    It '10.5 -WhatIf cmdlets support is what this test covers' {
        $supporting = @(Get-Command -Module BizMobileGo | Where-Object { $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object Name | Sort-Object)
        $supporting | Should -Be @($WhatIfSamples.Keys | Sort-Object)
    }

    It '10.5 <Name> -WhatIf creates no store file' -ForEach $WhatIfCases {
        $path = Join-Path $TestDrive "missing-$([guid]::NewGuid().ToString('N'))/store.db"
        $global:PSDefaultParameterValues['*-Bmg*:Database'] = $path
        $null = Invoke-Captured $Sample
        Test-Path $path | Should -BeFalse
        Test-Path (Split-Path $path) | Should -BeFalse -Because 'not even its folder is made'
    }

    It '10.5 <Name> -WhatIf takes no write lock and changes nothing' -ForEach $WhatIfCases {
        $path = New-FilledStore
        $before = Get-StoreState $path
        # Another process holds the write lock: a dry run must neither wait for it nor fail on it.
        $holder = New-SqliteConnection "Data Source=$path;Pooling=False"
        $holder.Open()
        $lock = $holder.CreateCommand(); $lock.CommandText = 'BEGIN IMMEDIATE;'; $null = $lock.ExecuteNonQuery()
        try {
            $result = Invoke-Captured $Sample
            # The lock is held all along, so a dry run that waited for it could only end after the store's 30 s busy timeout,
            # refused with StoreBusy (itself, or inside the command's own error, as an import's ImportFailed carries it): its
            # absence, in any form, tells the two apart. No stopwatch: 25 s of wall clock once stood for "did not wait", and a
            # loaded machine could take that long for a dry run that never waited.
            $raised = @($result.Errors + @($result.Terminating) | Where-Object { $_ })
            @($raised | ForEach-Object { Get-ErrorId $_ }) | Should -Not -Contain 'StoreBusy'
            foreach ($record in $raised) {
                for ($e = $record.Exception; $e; $e = $e.InnerException) {
                    $e.Message | Should -Not -Match 'stayed locked by another writer' -Because "a dry run does not wait for the write lock ($(Get-ErrorId $record))"
                }
            }
        } finally {
            $lock.CommandText = 'ROLLBACK;'; $null = $lock.ExecuteNonQuery(); $holder.Dispose()
        }
        (Get-StoreState $path).DataHash | Should -Be $before.DataHash
        Test-Path (Join-Path $TestDrive 'whatif-export.csv') | Should -BeFalse
    }

    It '10.5 -WhatIf migrates nothing: a store of an older schema stays at its version' {
        $path = New-FilledStore
        $version = (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0]
        $null = Invoke-StoreSql $path "PRAGMA user_version = $($version - 1);"
        $null = Invoke-Captured { New-BmgTemplate -Name Later -WhatIf }
        (Invoke-StoreSql $path 'PRAGMA user_version;')[0][0] | Should -Be ($version - 1)
    }
}

Describe '10.5 smaller things' {
    BeforeEach {
        New-FilledStore | Out-Null
    }

    It '10.5 Set-BmgDeviceDepEnrollment -Method Serial -Serial X warns when X is not in the DEP device list' {
        New-BmgDevice -Identifier dep9 -OS ios | Out-Null
        $result = Invoke-Captured { Set-BmgDeviceDepEnrollment -Identifier dep9 -Method Serial -Serial DMPWK3ABCD99 }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -Match "DMPWK3ABCD99.*not in Apple's DEP device list"
        (Get-BmgDevice dep9).DEPMethod | Should -Be 'Serial'

        $inList = Invoke-Captured { Set-BmgDeviceDepEnrollment -Identifier cons1 -Method Keycode; Set-BmgDeviceDepEnrollment -Identifier cons1 -Method Serial -Serial F2LXKL0AHG7F }
        $inList.Warnings | Should -BeNullOrEmpty
    }

    It '10.5 -LiteralPath and piped files (PSPath) for <Command>' -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv'; Literal = { param($f) Import-BmgDeviceCsv -LiteralPath $f }; Piped = { param($f) Get-ChildItem -LiteralPath $f | Import-BmgDeviceCsv } }
        @{ Command = 'Get-BmgDeviceDepLink'; Literal = { param($f) Get-BmgDeviceDepLink -LiteralPath $f }; Piped = { param($f) Get-ChildItem -LiteralPath $f | Get-BmgDeviceDepLink } }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Literal = { param($f) Set-BmgDeviceDepEnrollment -LiteralPath $f -PassThru }; Piped = { param($f) Get-ChildItem -LiteralPath $f | Set-BmgDeviceDepEnrollment -PassThru } }
    ) {
        $file = Join-Path $TestDrive "lit[$([guid]::NewGuid().ToString('N').Substring(0, 6))].csv"
        Set-Content -LiteralPath $file -Value @('Identifier,DEPMethod', 'cons1,Keycode')
        $literal = Invoke-Captured { & $Literal $file }
        $literal.Errors | Should -BeNullOrEmpty
        $literal.Terminating | Should -BeNullOrEmpty
        @($literal.Output) | Should -Not -BeNullOrEmpty
        $piped = Invoke-Captured { & $Piped $file }
        $piped.Errors | Should -BeNullOrEmpty
        $piped.Terminating | Should -BeNullOrEmpty
        @($piped.Output) | Should -Not -BeNullOrEmpty
        if ($Command -like 'Set-*') { (Get-BmgDevice cons1).DEPMethod | Should -Be 'Keycode' }
        elseif ($Command -like 'Get-*') { @($piped.Output)[0].Identifier | Should -Be 'cons1' }
        else { @($piped.Output)[0].Rows | Should -Be 1 }
    }

    It '10.5 Export-BmgDeviceCsv -LiteralPath writes a name with wildcard characters as it is' {
        $file = Join-Path $TestDrive "out[$([guid]::NewGuid().ToString('N').Substring(0, 6))].csv"
        Export-BmgDeviceCsv -LiteralPath $file
        Test-Path -LiteralPath $file | Should -BeTrue
        (Import-BmgDeviceCsv -LiteralPath $file).Unchanged | Should -BeGreaterThan 0
    }

    It '10.5 one spelling per concept: every parameter named like a CSV column is spelled as the column' {
        $columns = @($CsvHeader18 -split ',') + 'Organizations', 'UDID'
        $mismatches = foreach ($command in Get-Command -Module BizMobileGo) {
            foreach ($parameter in $command.Parameters.Keys) {
                $column = $columns | Where-Object { $_ -eq $parameter } | Select-Object -First 1
                if ($column -and $column -cne $parameter) { "$($command.Name) -$parameter (column $column)" }
            }
        }
        $mismatches | Should -BeNullOrEmpty
        (Get-Command Register-BmgDeviceCheckIn).Parameters.Keys | Should -Contain 'UDID'
        @((Get-Command Register-BmgDeviceCheckIn).Parameters.Keys) -ccontains 'IMEI' | Should -BeTrue
        @((Get-Command Register-BmgDeviceCheckIn).Parameters.Keys) -ccontains 'MEID' | Should -BeTrue
    }

    It '10.5 every ErrorId is in the one ErrorIds list and in the README''s list (UnknownEncoding too)' {
        $root = Join-Path $PSScriptRoot '../..'
        $declared = [regex]::Matches((Get-Content -Raw (Join-Path $root 'src/BizMobileGo.Core/Errors/BmgException.cs')), 'public const string (\w+) = "\1";') |
            ForEach-Object { $_.Groups[1].Value }
        $declared | Should -Contain 'UnknownEncoding'
        $readme = Get-Content -Raw (Join-Path $root 'README.md')
        $errors = $readme.Substring($readme.IndexOf('### Errors'), $readme.IndexOf('### Decisions') - $readme.IndexOf('### Errors'))
        foreach ($id in $declared) { $errors | Should -Match "``$id``" -Because "README -> Errors lists $id" }
        # ErrorIds written as text in an ErrorRecord (PowerShell's own binding ids aside) are declared too.
        $used = foreach ($file in Get-ChildItem (Join-Path $root 'src') -Recurse -Filter *.cs | Where-Object FullName -NotMatch '[\\/](obj|bin)[\\/]') {
            [regex]::Matches((Get-Content -Raw $file.FullName), 'ErrorRecord\((?:[^;]|\n)*?,\s*"([A-Z][A-Za-z]+)",\s*ErrorCategory') | ForEach-Object { $_.Groups[1].Value }
        }
        # Set-BmgDeviceDepEnrollment writes ParameterArgumentTransformationError itself for a piped file PowerShell bound after
        # NameNotObject handed it on (PipedFile): the ErrorId of every other piped object refused at binding.
        # Test- and Clear-BmgHistory refuse any piped object with PowerShell's own InputObjectNotBound, said more clearly (WholeHistoryCmdlet).
        $used = @($used | Sort-Object -Unique | Where-Object { $_ -notin 'ParameterArgumentValidationErrorNullNotAllowed', 'ParameterArgumentTransformationError', 'InputObjectNotBound' })
        $used | Should -Not -BeNullOrEmpty
        foreach ($id in $used) { $declared | Should -Contain $id }
    }

    It '10.5 one not-found id per kind: Get-, Set-, Remove- and Rename- of a missing <Kind> agree' -ForEach @(
        @{ Kind = 'template'; Id = 'TemplateNotFound'; Commands = @({ Get-BmgTemplate Nope }, { Remove-BmgTemplate Nope -Confirm:$false }, { Rename-BmgTemplate Nope -NewName X }) }
        @{ Kind = 'organization'; Id = 'OrganizationNotFound'; Commands = @({ Get-BmgOrganization nope }, { Remove-BmgOrganization nope -Confirm:$false }, { Rename-BmgOrganization nope -NewName x }, { Set-BmgOrganization nope -Name x }) }
        @{ Kind = 'device tag'; Id = 'DeviceTagNotFound'; Commands = @({ Get-BmgDeviceTag Nope }, { Remove-BmgDeviceTag Nope -Confirm:$false }, { Rename-BmgDeviceTag Nope -NewName X }) }
        @{ Kind = 'device'; Id = 'DeviceNotFound'; Commands = @({ Get-BmgDevice nope }, { Set-BmgDevice nope -DisplayName x }, { Remove-BmgDevice nope -Confirm:$false }, { Unregister-BmgDevice nope -Confirm:$false }, { Rename-BmgDevice nope -NewName x }) }
        @{ Kind = 'user'; Id = 'UserNotFound'; Commands = @({ Get-BmgUser nope }, { Set-BmgUser nope -Name x }, { Remove-BmgUser nope -Confirm:$false }, { Rename-BmgUser nope -NewName x }) }
    ) {
        foreach ($command in $Commands) {
            $result = Invoke-Captured $command
            $records = @($result.Errors) + @($result.Terminating) | Where-Object { $_ }
            @($records) | Should -HaveCount 1 -Because "$command"
            Get-ErrorId $records[0] | Should -Be $Id -Because "$command"
        }
    }

    # left26: Get-BmgTemplate/-DeviceTag/-Organization said only "No template is named 'sales iphones'." for a wrong case.
    It 'Get- of a <Kind> named in the wrong case: the not-found error names the name it nearly is' -ForEach @(
        @{ Kind = 'template'; Id = 'TemplateNotFound'; Create = { New-BmgTemplate 'Sales iPhones' }; Get = { Get-BmgTemplate 'sales iphones' }; Name = 'Sales iPhones'; Typed = 'sales iphones' }
        @{ Kind = 'device tag'; Id = 'DeviceTagNotFound'; Create = { New-BmgDeviceTag 'Kiosk' }; Get = { Get-BmgDeviceTag -LiteralName 'KIOSK' }; Name = 'Kiosk'; Typed = 'KIOSK' }
        @{ Kind = 'organization'; Id = 'OrganizationNotFound'; Create = { New-BmgOrganization 'org-Sales' -Name 'Sales' }; Get = { 'org-sales' | Get-BmgOrganization }; Name = 'org-Sales'; Typed = 'org-sales' }
    ) {
        & $Create | Out-Null
        $result = Invoke-Captured $Get
        $result.Output | Should -BeNullOrEmpty
        @($result.Errors) | Should -HaveCount 1
        Get-ErrorId $result.Errors[0] | Should -Be $Id
        $result.Errors[0].Exception.Message | Should -BeExactly "No $Kind is named '$Typed' $(Get-InStore); did you mean '$Name'? (names are case-sensitive)."
    }

    It '10.5 the README says how a scheduled script fails on a refused import, and its snippet does' {
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
        $readme | Should -Match "\`$ErrorActionPreference = 'Stop'"
        $bad = Write-TestCsv (New-CsvName) @('Identifier,OS', 'sched1,palm')
        $database = Join-Path $TestDrive "sched-$([guid]::NewGuid().ToString('N')).db"
        $run = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
`$ErrorActionPreference = 'Stop'
try { Import-BmgDeviceCsv '$bad' -Database '$database' }
catch { Write-Error `$_ -ErrorAction Continue; exit 1 }
'not reached'
"@
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Not -Match 'not reached'
    }

    It '10.5 the edit lock as the README says: an unchanged checked-in device and a changed user update the user' {
        Register-BmgDeviceCheckIn -Serial F2LXKL0AHG7F | Out-Null
        $csv = Write-TestCsv (New-CsvName) @('UserName,Name,Identifier,OS', 'cons.user,New Name,cons1,ios')
        $row = Import-BmgDeviceCsv $csv -PassThru
        $row.UserAction | Should -Be 'Updated'
        $row.DeviceAction | Should -Be 'Unchanged'
        (Get-BmgUser cons.user).Name | Should -Be 'New Name'
    }
}
