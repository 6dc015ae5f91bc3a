# Which of the module's objects that have an Identifier (or a UserName) a command that changes or removes takes from the
# pipeline (NameNotObjectAttribute, PipedDeviceObjects): a history entry, a DEP device list, a queue of check-in emails or
# an import's row results piped to Remove-BmgDevice must not delete a device by accident, and a refused object says the
# way that works, as PowerShell's own errors do. Real module, real store (both stores).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Initialize-PipedStore {
        $null = New-TestStore
        $dep = Write-TestCsv -Name (New-CsvName 'dep') -Lines @('SerialNumber,Model', 'F9FXK2PIPE01,iPhone')
        $null = Import-BmgDepDevice -Path $dep -ErrorAction Stop
        $seed = Write-TestCsv -Name (New-CsvName 'seed') -Lines @(
            'UserName,Identifier,OS,Serial,DEPMethod,RegistrationEmail'
            'pipeuser,pipe01,ios,F9FXK2PIPE01,Keycode,pipe01@example.com'
            'otheruser,pipe02,ios,C02PIPE00002,,'
        )
        $script:rowResults = @(Import-BmgDeviceCsv -Path $seed -PassThru -ErrorAction Stop | Where-Object { $_.PSObject.TypeNames[0] -like '*ImportRowResult' })
    }

    # The refusal of one piped object: the record's error, its message, and whether the device is still there.
    function Invoke-Piped([object] $InputObject, [string] $Command, [hashtable] $Parameters = @{}) {
        Invoke-Captured { $InputObject | & $Command @Parameters -Confirm:$false }
    }
}

Describe 'commands that remove or withdraw devices take only objects that are the device' {
    BeforeEach { Initialize-PipedStore }

    It 'Remove-BmgDevice refuses a piped <Type>, saying what it is and the way that works; no device is removed' -ForEach @(
        @{ Type = 'DepDevice'; Get = { Get-BmgDepDevice -SerialNumber F9FXK2PIPE01 }; Way = 'Get-BmgDepDevice … | ForEach-Object Identifier | Remove-BmgDevice …'; Says = "Apple's record of a serial (Remove-BmgDepDevice removes it)" }
        @{ Type = 'ChangeEntry'; Get = { Get-BmgDeviceHistory -Identifier pipe01 | Select-Object -First 1 }; Way = 'Get-BmgDeviceHistory … | ForEach-Object Identifier | Remove-BmgDevice …'; Says = 'a history entry, a past change' }
        @{ Type = 'CheckInEmail'; Get = { Get-BmgCheckInEmail | Select-Object -First 1 }; Way = 'Get-BmgCheckInEmail … | ForEach-Object Identifier | Remove-BmgDevice …'; Says = 'a check-in email, not a device' }
        @{ Type = 'ImportRowResult'; Get = { $script:rowResults[0] }; Way = "Import-BmgDeviceCsv -PassThru … | Where-Object DeviceAction -eq 'Created' | ForEach-Object Identifier | Remove-BmgDevice …"; Says = 'the row may have failed' }
    ) {
        $object = & $Get
        $object.Identifier | Should -Be 'pipe01' -Because 'the object names the device by its Identifier'
        $result = Invoke-Piped $object Remove-BmgDevice

        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $message = $result.Errors[0].Exception.Message
        $message | Should -BeLike "*$([WildcardPattern]::Escape($Says))*"
        $message | Should -BeLike "*takes -Identifier only from Device objects and Get-BmgDeviceDepLink's rows*"
        $message | Should -BeLike "*$([WildcardPattern]::Escape($Way))*"
        Get-BmgDevice -Identifier pipe01 | Should -Not -BeNullOrEmpty -Because 'the device must not be removed by accident'
    }

    It 'a history entry of a renamed device piped to Remove-BmgDevice removes no device that took its old name since; a DEP link row still removes its device' {
        $entry = Get-BmgDeviceHistory -Identifier pipe02 | Select-Object -First 1
        Rename-BmgDevice -Identifier pipe02 -NewIdentifier pipe02old -Confirm:$false
        $null = New-BmgDevice -Identifier pipe02 -OS ios
        $entry.Identifier | Should -Be 'pipe02'

        $result = Invoke-Piped $entry Remove-BmgDevice
        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        @(Get-BmgDevice -Identifier pipe02, pipe02old).Identifier | Should -Be @('pipe02', 'pipe02old')

        $link = Invoke-Piped (Get-BmgDeviceDepLink -Identifier pipe02) Remove-BmgDevice
        $link.Errors | Should -BeNullOrEmpty
        Get-BmgDevice -Identifier pipe02 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Unregister-BmgDevice refuses a piped history entry as Remove-BmgDevice does' {
        $entry = Get-BmgDeviceHistory -Identifier pipe02 | Select-Object -First 1
        $result = Invoke-Piped $entry Unregister-BmgDevice

        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $result.Errors[0].Exception.Message | Should -BeLike '*Get-BmgDeviceHistory … | ForEach-Object Identifier | Unregister-BmgDevice …*'
        (Get-BmgDevice -Identifier pipe02).State | Should -Not -Be 'Withdrawn'
    }
}

Describe 'commands that change devices take objects that name the device now, not records of the past' {
    BeforeEach { Initialize-PipedStore }

    It 'Set-BmgDevice refuses a piped history entry; a DEP device, a check-in email and an import row result change the device they name' {
        $entry = Get-BmgDeviceHistory -Identifier pipe01 | Select-Object -First 1
        $refused = Invoke-Piped $entry Set-BmgDevice @{ Description = 'from history' }
        Assert-ErrorId $refused.Errors 'ParameterArgumentTransformationError'
        $refused.Errors[0].Exception.Message | Should -BeLike "*its Identifier was the device's name then*Get-BmgDeviceHistory … | ForEach-Object Identifier | Set-BmgDevice …*"
        (Get-BmgDevice -Identifier pipe01).Description | Should -BeNullOrEmpty

        foreach ($object in (Get-BmgDepDevice -SerialNumber F9FXK2PIPE01), (Get-BmgCheckInEmail | Select-Object -First 1), $script:rowResults[0]) {
            $changed = Invoke-Piped $object Set-BmgDevice @{ Description = "from $($object.GetType().Name)" }
            $changed.Errors | Should -BeNullOrEmpty
            (Get-BmgDevice -Identifier pipe01).Description | Should -Be "from $($object.GetType().Name)"
        }
    }
}

Describe 'every command that changes or removes a device refuses a piped history entry (fifteenth round)' {
    BeforeEach { Initialize-PipedStore }

    # Set-BmgDeviceDepEnrollment and Send-BmgCheckInEmail took -Identifier by property name alone, so the one piping rule
    # never saw the object: a history entry changed whatever device bears its old name now (sending changes its email).
    # Set-BmgDevice, Remove-BmgDevice and Unregister-BmgDevice are checked above; Unlock-BmgDeviceCheckIn has the same
    # attribute, Rename-BmgDevice takes Device objects only and Register-BmgDeviceCheckIn none of the module's.
    It '<Command> <Switch> refuses a piped history entry naming the way that works; the device, its history and its email are unchanged' -ForEach @(
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Switch = '-Method'; Parameters = @{ Method = 'Serial' } }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Switch = '-Disable'; Parameters = @{ Disable = $true } }
        @{ Command = 'Send-BmgCheckInEmail'; Switch = ''; Parameters = @{ SmtpServer = 'localhost'; From = 'mdm@example.com'; CheckInUrl = 'https://mdm.example.com/checkin' } }
    ) {
        $entry = Get-BmgDeviceHistory -Identifier pipe01 | Select-Object -First 1
        $before = Get-BmgDevice -Identifier pipe01 | Select-Object Identifier, State, DepMethod, Serial, Description | ConvertTo-Json -Compress
        $historyBefore = @(Get-BmgDeviceHistory -Identifier pipe01).Count
        $emailsBefore = Get-BmgCheckInEmail | ForEach-Object { "$($_.Id) $($_.Status) $($_.Attempts)" }

        $result = Invoke-Piped $entry $Command $Parameters

        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $result.Errors[0].Exception.Message | Should -BeLike "*a history entry, a past change*Get-BmgDeviceHistory … | ForEach-Object Identifier | $Command …*"
        Get-BmgDevice -Identifier pipe01 | Select-Object Identifier, State, DepMethod, Serial, Description | ConvertTo-Json -Compress | Should -Be $before
        @(Get-BmgDeviceHistory -Identifier pipe01).Count | Should -Be $historyBefore
        Get-BmgCheckInEmail | ForEach-Object { "$($_.Id) $($_.Status) $($_.Attempts)" } | Should -Be $emailsBefore
    }

    It 'Set-BmgDeviceDepEnrollment: a history entry of a renamed device changes no device that took its old name since' {
        $entry = Get-BmgDeviceHistory -Identifier pipe02 | Select-Object -First 1
        Rename-BmgDevice -Identifier pipe02 -NewIdentifier pipe02old -Confirm:$false
        $null = New-BmgDevice -Identifier pipe02 -OS ios
        $entry.Identifier | Should -Be 'pipe02'

        $result = Invoke-Piped $entry Set-BmgDeviceDepEnrollment @{ Method = 'Keycode' }
        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        (Get-BmgDevice -Identifier pipe02).DEPMethod | Should -BeNullOrEmpty
        (Get-BmgDevice -Identifier pipe02old).DEPMethod | Should -BeNullOrEmpty
    }

    It 'Set-BmgDeviceDepEnrollment still takes piped names, Devices, DEP devices, check-in emails, import row results, records and files' {
        'pipe02' | Set-BmgDeviceDepEnrollment -Method Keycode
        (Get-BmgDevice -Identifier pipe02).DEPMethod | Should -Be 'Keycode'
        Get-BmgDevice -Identifier pipe02 | Set-BmgDeviceDepEnrollment -Disable
        (Get-BmgDevice -Identifier pipe02).DEPMethod | Should -BeNullOrEmpty
        [pscustomobject]@{ Identifier = 'pipe02'; DepMethod = 'Keycode' } | Set-BmgDeviceDepEnrollment
        (Get-BmgDevice -Identifier pipe02).DEPMethod | Should -Be 'Keycode'

        foreach ($object in (Get-BmgDepDevice -SerialNumber F9FXK2PIPE01), (Get-BmgCheckInEmail | Select-Object -First 1), $script:rowResults[0]) {
            $result = Invoke-Piped $object Set-BmgDeviceDepEnrollment @{ Method = 'Serial'; Serial = 'F9FXK2PIPE01' }
            $result.Errors | Should -BeNullOrEmpty -Because "a $($object.GetType().Name) names the device it belongs to now"
            (Get-BmgDevice -Identifier pipe01).DEPMethod | Should -Be 'Serial'
            Set-BmgDeviceDepEnrollment -Identifier pipe01 -Method Keycode
        }

        $file = Write-TestCsv -Name (New-CsvName 'enroll') -Lines @('Identifier,DEPMethod', 'pipe02,')
        Get-ChildItem -LiteralPath $file | Set-BmgDeviceDepEnrollment
        (Get-BmgDevice -Identifier pipe02).DEPMethod | Should -BeNullOrEmpty -Because 'a piped file still binds -LiteralPath'
    }
}

Describe 'Set-BmgUser and Remove-BmgUser refusing a piped Device show the way that works' {
    BeforeEach { Initialize-PipedStore }

    It '<Command> names | Get-BmgUser | and | ForEach-Object UserName |, and the first way works' -ForEach @(
        @{ Command = 'Set-BmgUser' }
        @{ Command = 'Remove-BmgUser' }
    ) {
        $device = Get-BmgDevice -Identifier pipe02
        $result = Invoke-Piped $device $Command $(if ($Command -eq 'Set-BmgUser') { @{ Name = 'x' } } else { @{} })

        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $message = $result.Errors[0].Exception.Message
        $message | Should -BeLike "*A Device object is not a name for -UserName*"
        $message | Should -BeLike "*The Device's UserName names a user: pipe the User objects (Get-BmgDevice … | Get-BmgUser | $Command …) or the names (Get-BmgDevice … | ForEach-Object UserName | $Command …).*"

        # The way the message shows, as an admin would type it.
        if ($Command -eq 'Set-BmgUser') {
            Get-BmgDevice -Identifier pipe02 | Get-BmgUser | Set-BmgUser -Name 'Other User'
            (Get-BmgUser -UserName otheruser).Name | Should -Be 'Other User'
        } else {
            Get-BmgDevice -Identifier pipe02 | ForEach-Object UserName | Remove-BmgUser -Force -Confirm:$false
            Get-BmgUser -UserName otheruser -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }
}

Describe 'a file piped where a name is wanted is refused saying a file was piped (PipedFile)' {
    BeforeEach {
        Initialize-PipedStore
        # A CSV of devices, and a file named like a device: neither is looked up, created or removed by its path or name.
        $script:csv = Write-TestCsv -Name (New-CsvName 'piped') -Lines @('Identifier,DEPMethod', 'pipe02,Keycode')
        $script:snapshot = Get-StoreSnapshot
    }

    It 'Set-BmgDeviceDepEnrollment <Given> refuses it (ParameterArgumentTransformationError), naming the file, what -Identifier takes and the ways that work' -ForEach @(
        @{ Given = '-Method Keycode'; Parameters = @{ Method = 'Keycode' }; Without = 'without -Method' }
        @{ Given = '-Disable'; Parameters = @{ Disable = $true }; Without = 'without -Disable' }
        @{ Given = '-Method Serial -Serial'; Parameters = @{ Method = 'Serial'; Serial = 'F9FXK2PIPE01' }; Without = 'without -Method, -Serial' }
    ) {
        $result = Invoke-Piped (Get-Item -LiteralPath $csv) Set-BmgDeviceDepEnrollment $Parameters

        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $message = $result.Errors[0].Exception.Message
        $message | Should -BeLike "A file was piped ('$csv'), but -Identifier takes device identifiers or device objects (Get-BmgDevice …), not files.*"
        $message | Should -BeLike "*pipe the file $Without (or give it to -Path)*"
        $message | Should -BeLike "*Import-BmgDeviceCsv -LiteralPath '$csv'*Import-BmgDepDevice -LiteralPath '$csv'*"
        $message | Should -Not -BeLike '*No device has the Identifier*'
        $result.Errors[0].TargetObject.FullName | Should -Be $csv
        Get-StoreSnapshot | Should -Be $snapshot -Because 'nothing was looked up as a device, nothing changed'
    }

    It 'a folder piped to Set-BmgDeviceDepEnrollment -Method is refused as a folder' {
        $result = Invoke-Piped (Get-Item -LiteralPath $TestDrive) Set-BmgDeviceDepEnrollment @{ Method = 'Keycode' }
        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $result.Errors[0].Exception.Message | Should -BeLike "A folder was piped ('*'), but -Identifier takes device identifiers or device objects (Get-BmgDevice …), not folders.*"
    }

    It 'piped without -Method it is still read as the CSV of -LiteralPath, and the next piped device is still changed' {
        Get-ChildItem -LiteralPath $csv | Set-BmgDeviceDepEnrollment
        (Get-BmgDevice -Identifier pipe02).DEPMethod | Should -Be 'Keycode'
        $result = Invoke-Captured { (Get-Item -LiteralPath $csv), 'pipe02' | Set-BmgDeviceDepEnrollment -Disable }
        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        (Get-BmgDevice -Identifier pipe02).DEPMethod | Should -BeNullOrEmpty -Because 'the file is refused, the name after it still applied'
    }

    It '<Command> refuses a piped file with the same words (at binding), not as an object without an Identifier' -ForEach @(
        @{ Command = 'Send-BmgCheckInEmail'; Parameters = @{ WhatIf = $true; SmtpServer = 'localhost' }; Takes = '-Identifier takes device identifiers or device objects' }
        @{ Command = 'Set-BmgDevice'; Parameters = @{ Description = 'x'; Confirm = $false }; Takes = '-Identifier takes device identifiers or device objects' }
        @{ Command = 'Remove-BmgDevice'; Parameters = @{ Confirm = $false }; Takes = '-Identifier takes device identifiers or device objects' }
        @{ Command = 'Get-BmgDevice'; Parameters = @{}; Takes = '-Identifier takes device identifiers or device objects' }
        @{ Command = 'Set-BmgUser'; Parameters = @{ Name = 'x'; Confirm = $false }; Takes = '-UserName takes user names or User objects' }
        @{ Command = 'New-BmgTemplate'; Parameters = @{}; Takes = '-Name takes names or Template objects' }
        @{ Command = 'Remove-BmgDeviceTag'; Parameters = @{ Confirm = $false }; Takes = '-Name takes names or DeviceTag objects' }
    ) {
        $result = Invoke-Captured { Get-Item -LiteralPath $csv | & $Command @Parameters }

        Assert-ErrorId $result.Errors 'ParameterArgumentTransformationError'
        $result.Errors[0].Exception.Message | Should -BeLike "*A file was piped ('$csv'), but $Takes*, not files.*Import-Csv -LiteralPath '$csv' | *"
        Get-StoreSnapshot | Should -Be $snapshot -Because 'a file named like a template is not created, nor one removed by its Name'
    }
}
