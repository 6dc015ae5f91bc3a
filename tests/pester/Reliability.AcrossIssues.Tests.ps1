# Where the rules of one issue meet the new code of another (issues 9, 10, 11 and 14 were built side by side):
# each rule must hold on every path, not only on the path it was first written for.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
}

Describe '9.11 and 10.3: the module''s own objects carry stored values, not export cells' {
    It '9.11 a DisplayName that starts with an apostrophe and = round-trips Unchanged from Get-BmgDevice' {
        $null = New-TestStore
        New-BmgDevice -Identifier 'dev1' -OS ios | Out-Null
        Set-BmgDevice 'dev1' -DisplayName "'=1+1" | Out-Null
        $row = Get-BmgDevice 'dev1' | Import-BmgDeviceCsv -PassThru
        $row.DeviceAction | Should -Be 'Unchanged'
        (Get-BmgDevice 'dev1').DisplayName | Should -Be "'=1+1"
    }

    It '9.11 a piped Import-Csv row of an exported file still loses exactly the export''s escape' {
        $null = New-TestStore
        $path = Write-TestCsv -Name (New-CsvName 'escaped') -Lines @('Identifier,OS,DisplayName', "dev2,ios,'+81 3")
        Import-Csv -LiteralPath $path | Import-BmgDeviceCsv | Out-Null
        (Get-BmgDevice 'dev2').DisplayName | Should -Be '+81 3'
    }
}

Describe '9.10 every echoed value is printable, whatever produced the message' {
    It '9.10 an unknown column holding a terminal escape is shown as code points' {
        $null = New-TestStore
        $path = Write-TestCsv -Name (New-CsvName 'esc-header') -Lines @("Identifier,OS,O$([char]27)]0;PWNED$([char]7)S", 'dev1,ios,x')
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $path }
        $messages = @($result.Errors) + @($result.Terminating | Where-Object { $_ }) | ForEach-Object { $_.Exception.Message }
        $messages | Should -Not -BeNullOrEmpty
        foreach ($message in $messages) {
            $message | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]'
        }
        ($messages -join ' ') | Should -Match '<U\+001B>'
    }

    It '9.10 a file name holding a terminal escape is shown as code points in the -WhatIf target and the summary' {
        $store = New-TestStore
        $path = Write-TestCsv -Name "esc$([char]27)]0;PWNED$([char]7)-$([guid]::NewGuid().ToString('N')).csv" -Lines @('Identifier,OS', 'dev1,ios')
        $child = Invoke-FreshPwsh @"
Import-Module '$env:BMG_TEST_MODULE'
Import-BmgDeviceCsv -LiteralPath '$($path -replace "'", "''")' -Database '$store' -WhatIf | Out-Null
"@
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $target = @($child.Output | Where-Object { $_ -like 'What if:*Import users and devices*' })
        $target | Should -HaveCount 1 -Because $child.Text
        $target[0] | Should -Not -Match '[\x1B\x07]'
        $target[0] | Should -Match '<U\+001B>'
        $summary = (Import-BmgDeviceCsv -LiteralPath $path).ToString()
        $summary | Should -Not -Match '[\x1B\x07]'
        $summary | Should -Match '<U\+001B>\]0;PWNED<U\+0007>-'
    }

    It '9.10 Set-BmgDepProfile refuses a name with an escape and does not echo it raw' {
        $null = New-TestStore
        $result = Invoke-Captured { Set-BmgDepProfile -Uuid '4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D' -Name "x$([char]27)]0;PWNED$([char]7)y" }
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        $records | Should -Not -BeNullOrEmpty
        foreach ($record in $records) { $record.Exception.Message | Should -Not -Match '[\x1B\x07]' }
        @(Get-BmgDepProfile) | Should -HaveCount 0
    }
}

Describe '9.7 and 10.5: -WhatIf refuses what the real run refuses' {
    It '9.7 -WhatIf on an existing empty file is StoreFileEmpty, as the real run is' {
        $path = Join-Path $TestDrive "empty-$([guid]::NewGuid().ToString('N')).db"
        [System.IO.File]::WriteAllBytes($path, [byte[]]@())
        $csv = Write-TestCsv -Name (New-CsvName 'whatif-empty') -Lines @('Identifier,OS', 'dev1,ios')
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $csv -Database $path -WhatIf }
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        ($records | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'StoreFileEmpty'
        (Get-Item $path).Length | Should -Be 0
    }
}

Describe '10.2 -FailedRowsPath is a file of the file system, and no copy of its rows stays behind' {
    BeforeEach {
        $script:Database = New-TestStore -Created
        $script:Csv = Write-TestCsv -Name (New-CsvName 'failed') -Lines @('Identifier,OS,Code', 'good1,ios,abc123', 'bad1,blackberry,secretcode77')
    }

    It '10.2 -FailedRowsPath Env:\X is refused before anything is imported' {
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $Csv -SkipInvalidRows -FailedRowsPath 'Env:\BMG_FAILED_ROWS' }
        Get-ErrorId $result.Terminating | Should -Be 'NotFileSystemPath'
        @(Get-BmgDevice) | Should -HaveCount 0
        Test-Path Env:\BMG_FAILED_ROWS | Should -BeFalse
    }

    It '10.2 a -FailedRowsPath that is a folder is refused before anything is imported, and no hidden copy of the rows' {
        $folder = Join-Path $TestDrive "rows-folder-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $folder
        $result = Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $Csv -SkipInvalidRows -FailedRowsPath $folder }
        Get-ErrorId $result.Terminating | Should -Be 'PathIsDirectory'
        @(Get-BmgDevice) | Should -HaveCount 0
        @(Get-ChildItem -LiteralPath $TestDrive -Force -Filter '.*.tmp') | Should -HaveCount 0
    }
}

Describe '11: a DEP file in Apple''s compact JSON may be one long line' {
    It '11 a fetch response of 4,000 devices on one line (over 1 MB) imports' {
        $null = New-TestStore
        $devices = foreach ($i in 1..4000) {
            [ordered]@{ serial_number = ('C{0:D11}' -f $i); model = 'iPad Pro 12.9-inch (6th generation) Wi-Fi + Cellular'; description = 'IPAD PRO 12.9 WI-FI CELL 256GB SPACE GRAY-JPN'; color = 'SPACE GRAY'; profile_status = 'empty'; device_assigned_by = 'kitting-admin@example.co.jp'; device_assigned_date = '2026-11-20T09:30:00Z'; os = 'iPadOS'; device_family = 'iPad' }
        }
        $json = [ordered]@{ devices = @($devices); cursor = 'MTAwMA'; fetched_until = '2026-11-30T00:00:00Z'; more_to_follow = $false } | ConvertTo-Json -Depth 4 -Compress
        $json.Length | Should -BeGreaterThan 1MB
        $path = Join-Path $TestDrive 'fetch-compact.json'
        [System.IO.File]::WriteAllText($path, $json)
        $summary = Import-BmgDepDevice -LiteralPath $path
        $summary.Added | Should -Be 4000
        @(Get-BmgDepDevice) | Should -HaveCount 4000
    }
}

Describe '9.3 and 9.16 on the cmdlets added beside them' {
    It '9.3 Send-BmgCheckInEmail -Identifier ''a['' is InvalidWildcardPattern, not a raw exception' {
        $null = New-TestStore
        $result = Invoke-Captured { Send-BmgCheckInEmail -Identifier 'a[' -SmtpServer 127.0.0.1 -Port 1 -From 'admin@example.com' -CheckInUrl 'https://mdm.example.com/c' }
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        ($records | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'InvalidWildcardPattern'
    }

    It '9.16 Remove-BmgDepDevice reads serials by the serial rule' {
        $null = New-TestStore
        $result = Invoke-Captured { Remove-BmgDepDevice 'abcdefghſſ' -Confirm:$false }
        $records = @($result.Errors) + @($result.Terminating | Where-Object { $_ })
        ($records | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'InvalidFieldValue'
    }
}

Describe '10.5 a -Path pattern that names no file is an error, as with Import-Csv' {
    It '10.5 <Command> of a pattern matching nothing writes FileNotFound and imports nothing' -ForEach @(
        @{ Command = 'Import-BmgDeviceCsv' }
        @{ Command = 'Import-BmgDepDevice' }
    ) {
        $null = New-TestStore -Created
        $folder = Join-Path $TestDrive "empty-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $folder
        $result = Invoke-Captured { & $Command -Path (Join-Path $folder '*.csv') }
        Assert-ErrorId $result.Errors 'FileNotFound'
        $result.Errors[0].Exception.Message | Should -Match "No file matches .*holds no file whose name matches '\*\.csv'"
        @(Get-BmgImportHistory) | Should -HaveCount 0
    }

    It '10.5 a file name holding [ ] given to -Path says to use -LiteralPath; -LiteralPath imports it' {
        $null = New-TestStore
        $path = Write-TestCsv -Name 'dep[1].csv' -Lines @('SerialNumber,Model', 'C02XK1ABJG5H,iPad')
        $result = Invoke-Captured { Import-BmgDepDevice -Path $path }
        Assert-ErrorId $result.Errors 'FileNotFound'
        (Import-BmgDepDevice -LiteralPath $path).Added | Should -Be 1
    }
}

Describe '14 the outbox as a scheduled task reads it' {
    It '14.4 -Unsent (-Pending) lists what is still to be sent, not Superseded or Failed emails' {
        $null = New-TestStore
        New-BmgDevice -Identifier 'dev1' -OS ios -RegistrationEmail 'a@example.com' | Out-Null
        Set-BmgDevice 'dev1' -RegistrationEmail 'b@example.com' | Out-Null
        @(Get-BmgCheckInEmail).Status | Sort-Object | Should -Be @('Pending', 'Superseded')
        $unsent = @(Get-BmgCheckInEmail -Pending)
        $unsent | Should -HaveCount 1
        $unsent[0].Recipient | Should -Be 'b@example.com'
    }

    It '14.1 -UseSsl requires TLS as with Send-MailMessage: a server without STARTTLS gets nothing, even on loopback' {
        . $PSScriptRoot/../servers/SmtpTestServer.ps1
        $server = Start-SmtpTestServer
        try {
            $null = New-TestStore
            New-BmgDevice -Identifier 'dev1' -OS ios -RegistrationEmail 'a@example.com' | Out-Null
            $result = Invoke-Captured { Send-BmgCheckInEmail -SmtpServer 127.0.0.1 -Port $server.Port -From 'mdm@example.com' -CheckInUrl 'https://mdm.example.com/c' -UseSsl }
            Get-ErrorId $result.Terminating | Should -Be 'UnencryptedConnectionRefused'
            $result.Terminating.Exception.Message | Should -Match '-UseSsl requires TLS'
            @(Get-ReceivedMail $server) | Should -HaveCount 0
            (Get-BmgCheckInEmail).Status | Should -Be 'Pending'
        } finally {
            Stop-SmtpTestServer $server
        }
    }
}
