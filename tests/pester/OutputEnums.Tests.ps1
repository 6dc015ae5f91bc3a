# Walkthrough 30, finding 3: PowerShell reads an enum's 0 as false, and `Where-Object DEPMethod` is how a script author
# asks "has a value". While DepMethod.Serial, DeviceState.Registered and ImportStatus.Committed were 0, a Serial device,
# a registered device and a committed import dropped out of such a filter (and `if ($d.DEPMethod)` was false for
# Serial). Every enum a command outputs is numbered from 1 now; each test here failed before. The stores keep the names
# (HistoryUpgrade.Tests.ps1 reads a store written while the numbers started at 0).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path

    function Get-Identifiers($Objects) { @($Objects | ForEach-Object Identifier | Sort-Object) }

    # Every enum a property of the module's output has, walking from the cmdlets' OutputType types through the properties
    # whose type is the module's own (a list's or a nullable's item type too): "Type.Property" → enum type.
    function Get-OutputEnum {
        $found = [ordered]@{}
        $seen = [System.Collections.Generic.HashSet[type]]::new()
        $queue = [System.Collections.Generic.Queue[type]]::new()
        foreach ($type in (Get-Command -Module BizMobileGo).OutputType.Type) { if ($type) { $queue.Enqueue($type) } }
        while ($queue.Count -gt 0) {
            $type = $queue.Dequeue()
            if (-not $seen.Add($type)) { continue }
            foreach ($property in $type.GetProperties([System.Reflection.BindingFlags] 'Public, Instance')) {
                $item = $property.PropertyType
                if ($item.IsArray) { $item = $item.GetElementType() }
                elseif ($item.IsGenericType) { $item = $item.GetGenericArguments()[-1] }   # Nullable<T>, IReadOnlyList<T>
                if ($item.Assembly.GetName().Name -notlike 'BizMobileGo*') { continue }
                if ($item.IsEnum) { $found["$($type.Name).$($property.Name)"] = $item } else { $queue.Enqueue($item) }
            }
        }
        return $found
    }
}

Describe 'Where-Object and if keep every value of the enums a command outputs (walkthrough 30, 3)' {
    BeforeAll {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') -WarningAction SilentlyContinue | Out-Null
        $seed = Write-TestCsv (New-CsvName 'seed') @(
            'Identifier,OS,Serial,DEPMethod,Code,RegistrationEmail'
            'apple01,ios,AAABBBCCCDDD,Serial,code01,'
            'apple02,ios,BBBCCCDDDAAA,Serial,code02,'
            'apple03,ios,,Keycode,code03,'
            'other01,ios,,,code04,mail@example.com'
        )
        (Import-BmgDeviceCsv $seed -WarningAction SilentlyContinue).Created | Should -Be 4
        $refused = Write-TestCsv (New-CsvName 'refused') @('Identifier,OS', 'bad01,nosuchos')
        { Import-BmgDeviceCsv $refused -ErrorAction SilentlyContinue } | Should -Throw
        Register-BmgDeviceCheckIn -Serial AAABBBCCCDDD | Out-Null
    }

    It 'Where-Object DEPMethod keeps the Serial devices, and if ($d.DEPMethod) is true for one' {
        Get-Identifiers (Get-BmgDevice | Where-Object DEPMethod) | Should -Be @('apple01', 'apple02', 'apple03')
        Get-Identifiers (Get-BmgDevice | Where-Object { $_.DEPMethod }) | Should -Be @('apple01', 'apple02', 'apple03')
        $device = Get-BmgDevice apple02
        "$($device.DEPMethod)" | Should -Be 'Serial'
        $(if ($device.DEPMethod) { 'has one' } else { 'none' }) | Should -Be 'has one'
        $(if ((Get-BmgDevice other01).DEPMethod) { 'has one' } else { 'none' }) | Should -Be 'none'
    }

    It 'Where-Object DEPMethod and State keep them after Export-Clixml and Import-Clixml (as a job''s or a remote session''s results)' {
        # A deserialized enum is its number, with no enum left to name it: 0 stayed false there too.
        $file = Join-Path $TestDrive 'devices.clixml'
        Get-BmgDevice | Export-Clixml -LiteralPath $file
        $read = Import-Clixml -LiteralPath $file
        Get-Identifiers ($read | Where-Object DEPMethod) | Should -Be @('apple01', 'apple02', 'apple03')
        Get-Identifiers ($read | Where-Object State) | Should -Be @('apple01', 'apple02', 'apple03', 'other01')
    }

    It 'Where-Object DEPMethod keeps the Serial devices among DEP links too' {
        # The links are read by a statement of their own that turns the stored names into the enums' numbers.
        Get-Identifiers (Get-BmgDeviceDepLink | Where-Object DEPMethod) | Should -Be @('apple01', 'apple02', 'apple03')
        @(Get-BmgDeviceDepLink apple01, apple02, apple03, other01 | ForEach-Object { "$($_.DEPMethod)/$($_.State)" }) |
            Should -Be @('Serial/CheckedIn', 'Serial/Registered', 'Keycode/Registered', '/Registered')
    }

    It 'Where-Object State keeps the registered devices, on devices and on DEP links' {
        Get-Identifiers (Get-BmgDevice | Where-Object State) | Should -Be @('apple01', 'apple02', 'apple03', 'other01')
        Get-Identifiers (Get-BmgDeviceDepLink | Where-Object State) | Should -Be @('apple01', 'apple02', 'apple03', 'other01')
        $(if ((Get-BmgDevice other01).State) { 'has one' } else { 'none' }) | Should -Be 'has one'
    }

    It 'Where-Object Status keeps the committed imports, and Where-Object Mode the all-or-nothing ones' {
        @(Get-BmgImportHistory | Sort-Object Id | ForEach-Object { "$($_.Mode) $($_.Status)" }) | Should -Be @('AllOrNothing Committed', 'AllOrNothing Refused')
        @(Get-BmgImportHistory | Where-Object Status).Count | Should -Be 2
        @(Get-BmgImportHistory | Where-Object Mode).Count | Should -Be 2
    }

    It 'Where-Object Status keeps the pending check-in emails' {
        @(Get-BmgCheckInEmail | Where-Object Status | ForEach-Object { "$($_.Identifier) $($_.Status)" }) | Should -Be @('other01 Pending')
    }

    It 'Where-Object Action and SubjectKind keep the Created device entries' {
        @(Get-BmgDeviceHistory other01 | Where-Object Action | ForEach-Object { "$($_.SubjectKind) $($_.Action)" }) | Should -Be @('Device Created')
        @(Get-BmgDeviceHistory other01 | Where-Object SubjectKind).Count | Should -Be 1
    }
}

Describe 'No enum a command outputs has a member at 0' {
    It 'holds for every enum a property of the output has, RecordAction''s None (no action) aside' {
        $enums = Get-OutputEnum
        # The walk reaches what the walkthrough named, so the check below is not vacuous.
        foreach ($property in 'Device.DEPMethod', 'Device.State', 'DeviceDepLink.DEPMethod', 'ImportHistoryEntry.Status', 'ImportHistoryEntry.Mode', 'CheckInEmail.Status', 'ChangeEntry.Action', 'ChangeEntry.SubjectKind') {
            $enums.Keys | Should -Contain $property
        }
        $atZero = foreach ($entry in $enums.GetEnumerator()) {
            $zero = [Enum]::ToObject($entry.Value, 0)
            if ([Enum]::IsDefined($entry.Value, $zero) -and "$zero" -ne 'None') { "$($entry.Key): $($entry.Value.Name).$zero = 0" }
        }
        @($atZero) | Should -BeNullOrEmpty
    }
}
