# What a -Confirm prompt of New-/Set-BmgDevice, Set-BmgDeviceDepEnrollment, Set-BmgUser, Set-BmgOrganization,
# Set-BmgDepProfile and Rename-BmgDevice shows, and what happens when
# another admin changes the record while it is open. A child pwsh waits at the console host's prompt (its answer read
# from standard input, Common.ps1's Start-BmgChild -Interactive) while this session writes to the same
# store; then Yes, and the change is decided again inside the writer lock (ConfirmedChange). Runs on both stores
# (tests/pester/StoreSuites.psd1). No test measures time: the guards only stop a hung child.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Reliability.Common.ps1
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path

    # The child runs one command after another, each read from its standard input as one JSON line (Database, Run: text,
    # with $Database in scope) under -Confirm; each command's warnings go to the console as they come (so the test sees
    # them beside the prompt) and are printed again once it ends as 'warning <text>' lines, whole, then 'end'. One child
    # serves the Its one after another (each with a store of its own): a fresh pwsh with the module took most of an It's
    # time, and what an It asserts is the prompt's and the command's, not the process's (PERFORMANCE.md, ci46).
    $script:PromptChild = Join-Path $TestDrive 'prompt-child.ps1'
    Set-Content -LiteralPath $script:PromptChild -Encoding utf8NoBOM -Value @'
param([string] $Module)
Import-Module $Module
$PSStyle.OutputRendering = 'PlainText'
while ($null -ne ($line = [Console]::In.ReadLine())) {
    $command = $line | ConvertFrom-Json
    $Database = $command.Database
    $warnings = $failures = $null
    # Dot-sourced: the command's -WarningVariable and -ErrorVariable (given by Start-PromptChild) land in this scope.
    $out = . ([scriptblock]::Create($command.Run))
    foreach ($w in $warnings) { [Console]::Out.WriteLine("warning $w") }
    foreach ($e in $failures) { [Console]::Out.WriteLine("error $($e.FullyQualifiedErrorId.Split(',')[0])"); [Console]::Out.WriteLine("message: $e") }
    [Console]::Out.WriteLine('end')
}
'@
    # The child, and whether it waits for its next command (its last one said 'end'). A child left anywhere else (an It
    # that failed before its answer) is killed, and the next It starts a new one.
    $script:PromptProcess = $null
    $script:PromptProcessIdle = $false

    # Gives the child the command and returns it with the lines it printed up to and including its prompt's "Performing
    # the operation" line.
    function Start-PromptChild([string] $Database, [string] $Run) {
        if ($script:PromptProcess -and -not $script:PromptProcessIdle) { Stop-PromptChild }
        if (-not $script:PromptProcess -or $script:PromptProcess.HasExited) { $script:PromptProcess = Start-BmgChild $PromptChild @() -Interactive }
        $child = $script:PromptProcess
        $script:PromptProcessIdle = $false
        $child.StandardInput.WriteLine((@{ Database = $Database; Run = "$Run -WarningVariable warnings -ErrorAction SilentlyContinue -ErrorVariable failures" } | ConvertTo-Json -Compress))
        $lines = [System.Collections.Generic.List[string]]::new()
        while ($true) {
            $line = Wait-ChildLine $child '.'
            if ($null -eq $line) { throw "The child ended before its prompt: $($lines -join ' | ') $($child.StandardError.ReadToEnd())" }
            $lines.Add($line)
            if ($line -like '*Performing the operation*') { break }
        }
        [pscustomobject]@{ Process = $child; BeforePrompt = $lines.ToArray() }
    }

    # Answers the prompt and returns the rest of the command's output, up to its 'end'.
    function Complete-PromptChild($Child, [string] $Answer = 'Y') {
        $Child.Process.StandardInput.WriteLine($Answer)
        $rest = Read-ChildToEnd $Child.Process -KeepRunning
        $script:PromptProcessIdle = $rest.Count -gt 0 -and $rest[-1] -eq 'end'
        return , $rest
    }

    # Ends the child unless it waits for its next command (an It's finally: a failure must not leave it at a prompt).
    function Stop-PromptChild {
        if ($script:PromptProcess -and -not $script:PromptProcessIdle -and -not $script:PromptProcess.HasExited) { $script:PromptProcess.Kill($true) }
    }
}

AfterAll {
    if ($script:PromptProcess -and -not $script:PromptProcess.HasExited) { $script:PromptProcess.Kill($true) }
}

Describe 'A DEP link warning comes before the -Confirm prompt, so the admin reads it before deciding' {
    BeforeEach {
        $script:Database = New-TestStore
        Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json'), (Join-Path $Examples 'dep-fetch-devices.json') | Out-Null
        New-BmgDevice -Identifier plain01 -OS ios | Out-Null
    }

    It '<Command> -Confirm writes "not in Apple''s DEP device list" before its prompt' -TestCases @(
        @{ Command = 'New-BmgDevice'; Run = 'New-BmgDevice -Identifier new01 -OS ios -DEPMethod Serial -Serial ZZZYYYXXXWWW -Database $Database -Confirm'; Identifier = 'new01'; Serial = 'ZZZYYYXXXWWW' }
        @{ Command = 'Set-BmgDevice'; Run = 'Set-BmgDevice -Identifier plain01 -DEPMethod Serial -Serial ZZZYYYXXXWWV -Database $Database -Confirm'; Identifier = 'plain01'; Serial = 'ZZZYYYXXXWWV' }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Run = 'Set-BmgDeviceDepEnrollment -Identifier plain01 -Method Serial -Serial ZZZYYYXXXWWU -Database $Database -Confirm'; Identifier = 'plain01'; Serial = 'ZZZYYYXXXWWU' }
    ) {
        $child = Start-PromptChild $Database $Run
        try {
            $rest = Complete-PromptChild $child 'N'
        }
        finally {
            Stop-PromptChild
        }

        $expected = "Device '$Identifier' $(Get-InStore): Serial '$Serial' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial."
        @($child.BeforePrompt | Where-Object { $_ -like "WARNING: Device '$Identifier' $([WildcardPattern]::Escape((Get-InStore))): Serial '$Serial' is not in Apple's DEP device list*" }) |
            Should -HaveCount 1 -Because "the warning comes before the prompt (before it: $($child.BeforePrompt -join ' | '))"
        @($rest | Where-Object { $_ -like 'WARNING:*' }) | Should -BeNullOrEmpty -Because 'it is said once, before the prompt'
        $rest | Should -Contain "warning $expected"
        @($rest | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
    }
}

Describe 'A value another admin changed while the -Confirm prompt was open is named when it is overwritten (walkthrough 13, 11)' {
    BeforeEach {
        $script:Database = New-TestStore
        New-BmgUser -UserName 'night' -Name 'Night 5' | Out-Null
        New-BmgDevice -Identifier 'desk01' -OS ios -DisplayName 'Night 5' -Serial 'AAABBBCCC111' | Out-Null
    }

    # Each command that confirms a change and then makes it follows one rule (StaleConfirmation.Check): a value overwritten
    # that is not the one the prompt showed is named. Walkthrough 15: Set-BmgOrganization and Set-BmgDepProfile confirm one Name.
    It '<Command>: the prompt showed ''Night 5''; another admin made it ''Night 5 v2''; Yes overwrites it and warns naming the <Field>, both values' -ForEach @(
        @{ Command = 'Set-BmgDevice'; Setup = {}
            Run = 'Set-BmgDevice -Identifier desk01 -DisplayName ''Fixed by B'' -Database $Database -Confirm'; Prompt = "*'Night 5' -> 'Fixed by B'*"
            Meanwhile = { Set-BmgDevice -Identifier desk01 -DisplayName 'Night 5 v2' }; Read = { (Get-BmgDevice desk01).DisplayName }; Subject = "Device 'desk01'"; Field = 'DisplayName' }
        @{ Command = 'Set-BmgUser'; Setup = {}
            Run = 'Set-BmgUser -UserName night -Name ''Fixed by B'' -Database $Database -Confirm'; Prompt = "*'Night 5' -> 'Fixed by B'*"
            Meanwhile = { Set-BmgUser -UserName night -Name 'Night 5 v2' }; Read = { (Get-BmgUser night).Name }; Subject = "User 'night'"; Field = 'Name' }
        @{ Command = 'Set-BmgOrganization'; Setup = { New-BmgOrganization -Id sales -Name 'Night 5' }
            Run = 'Set-BmgOrganization -Id sales -Name ''Fixed by B'' -Database $Database -Confirm'; Prompt = "*Set Name to 'Fixed by B'*"
            Meanwhile = { Set-BmgOrganization -Id sales -Name 'Night 5 v2' }; Read = { (Get-BmgOrganization -Id sales).Name }; Subject = "Organization 'sales'"; Field = 'Name' }
        @{ Command = 'Set-BmgDepProfile'; Setup = { Set-BmgDepProfile -Uuid 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D -Name 'Night 5' -WarningAction SilentlyContinue }
            Run = 'Set-BmgDepProfile -Uuid 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D -Name ''Fixed by B'' -Database $Database -Confirm'; Prompt = '*Rename DEP profile 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D*'
            Meanwhile = { Set-BmgDepProfile -Uuid 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D -Name 'Night 5 v2' -WarningAction SilentlyContinue }
            Read = { (Get-BmgDepProfile | Where-Object Uuid -eq 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D).Name }; Subject = 'DEP profile 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D'; Field = 'Name' }
    ) {
        & $Setup | Out-Null
        $child = Start-PromptChild $Database $Run
        try {
            $child.BeforePrompt[-1] | Should -BeLike $Prompt
            # The prompt is open: another admin changes the same field.
            & $Meanwhile | Out-Null
            & $Read | Should -Be 'Night 5 v2'
            $rest = Complete-PromptChild $child
        }
        finally {
            Stop-PromptChild
        }

        @($rest | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        & $Read | Should -Be 'Fixed by B'
        @($rest | Where-Object { $_ -like 'warning *' }) | Should -Be @(
            "warning ${Subject}: $Field was 'Night 5 v2' when the change was made, not 'Night 5' as when it was confirmed (another writer changed it meanwhile); 'Night 5 v2' was overwritten with 'Fixed by B'.")
    }

    It 'Set-BmgDevice: a field the prompt showed no change of, changed meanwhile, is named too; one the other admin left alone is not; no check-in code is named' {
        $child = Start-PromptChild $Database 'Set-BmgDevice -Identifier desk01 -DisplayName ''Night 5'' -Description ''Front'' -Code ''secretcode42'' -Database $Database -Confirm'
        try {
            $child.BeforePrompt[-1] | Should -Not -BeLike '*DisplayName*' -Because 'the DisplayName asked for is the one it has'
            Set-BmgDevice -Identifier desk01 -DisplayName 'Night 6' -Code 'othercode77'
            $rest = Complete-PromptChild $child
        }
        finally {
            Stop-PromptChild
        }

        @($rest | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        (Get-BmgDevice desk01).DisplayName | Should -Be 'Night 5'
        @($rest | Where-Object { $_ -like 'warning *' }) | Should -Be @(
            "warning Device 'desk01': DisplayName was 'Night 6' when the change was made, not 'Night 5' as when it was confirmed (another writer changed it meanwhile); 'Night 6' was overwritten with 'Night 5'.")
        "$rest" | Should -Not -BeLike '*secretcode42*'
        "$rest" | Should -Not -BeLike '*othercode77*'
    }

    It 'Rename-BmgDevice: the prompt showed ''desk01''; another admin renamed it ''DESK01'' (Identifier ignores case); Yes renames it and names the Identifier overwritten' {
        $child = Start-PromptChild $Database 'Rename-BmgDevice -Identifier desk01 -NewName desk02 -Database $Database -Confirm'
        try {
            $child.BeforePrompt[-1] | Should -BeLike "*Rename to 'desk02'*"
            Rename-BmgDevice -Identifier desk01 -NewName DESK01
            $rest = Complete-PromptChild $child
        }
        finally {
            Stop-PromptChild
        }

        @($rest | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        (Get-BmgDevice desk02).Identifier | Should -BeExactly 'desk02'
        @($rest | Where-Object { $_ -like 'warning *' }) | Should -Be @(
            "warning Device 'DESK01': Identifier was 'DESK01' when the change was made, not 'desk01' as when it was confirmed (another writer changed it meanwhile); 'DESK01' was overwritten with 'desk02'.")
    }

    # Round 29: a list given names to add and remove is edited as it is when the change is made, so the other admin's change
    # is merged, not overwritten; the warning said "overwritten" all the same. It says what the list became now, and, only
    # for a name the change undid of the other admin's, which.
    It '<Command> <Given>: the prompt showed <Shown>; another admin made it <Found>; Yes edits that list and says <Says>' -ForEach @(
        @{ Command = 'Set-BmgDevice'; Given = '-AddDeviceTag Tokyo'; Shown = "'Sales'"; Found = "'Sales|Osaka'"; Says = 'that change was kept'
            Setup = { New-BmgDeviceTag Sales; New-BmgDeviceTag Tokyo; New-BmgDeviceTag Osaka; Set-BmgDevice desk01 -DeviceTags Sales }
            Run = 'Set-BmgDevice -Identifier desk01 -AddDeviceTag Tokyo -Database $Database -Confirm'; Prompt = "*DeviceTags: 'Sales' -> 'Sales|Tokyo'*"
            Meanwhile = { Set-BmgDevice desk01 -AddDeviceTag Osaka }; Read = { (Get-BmgDevice desk01).DeviceTags -join '|' }; After = 'Sales|Osaka|Tokyo'
            Warning = "Device 'desk01': DeviceTags was 'Sales|Osaka' when the change was made, not 'Sales' as when it was confirmed (another writer changed it meanwhile); -AddDeviceTag/-RemoveDeviceTag edited the list as it was then, keeping that change: it is now 'Sales|Osaka|Tokyo'." }
        @{ Command = 'Set-BmgUser'; Given = '-RemoveOrganization sales -AddOrganization tokyo'; Shown = "'sales|tokyo'"; Found = "'sales'"; Says = 'which name it added back'
            Setup = { New-BmgOrganization -Id sales -Name Sales; New-BmgOrganization -Id tokyo -Name Tokyo; Set-BmgUser night -Organizations sales, tokyo }
            Run = 'Set-BmgUser -UserName night -RemoveOrganization sales -AddOrganization tokyo -Database $Database -Confirm'; Prompt = "*Organizations: 'sales|tokyo' -> 'tokyo'*"
            Meanwhile = { Set-BmgUser night -RemoveOrganization tokyo }; Read = { (Get-BmgUser night).Organizations -join '|' }; After = 'tokyo'
            Warning = "User 'night': Organizations was 'sales' when the change was made, not 'sales|tokyo' as when it was confirmed (another writer changed it meanwhile); -AddOrganization/-RemoveOrganization edited the list as it was then: it is now 'tokyo', 'tokyo' added back after the other writer removed it." }
        # The list shown is the one read, not the new value, when the prompt showed no change of it (round 29 review, 6:
        # "not 'Sales' as when it was confirmed").
        @{ Command = 'Set-BmgDevice'; Given = '-AddDeviceTag Sales -DisplayName (the tag held already)'; Shown = "'Sales|Tokyo', unchanged"; Found = '(none)'; Says = 'the list it showed, and which name it added back'
            Setup = { New-BmgDeviceTag Sales; New-BmgDeviceTag Tokyo; Set-BmgDevice desk01 -DeviceTags Sales, Tokyo }
            Run = 'Set-BmgDevice -Identifier desk01 -AddDeviceTag Sales -DisplayName ''Night shift'' -Database $Database -Confirm'; Prompt = "*-> 'Night shift'*"
            Meanwhile = { Set-BmgDevice desk01 -RemoveDeviceTag Sales, Tokyo }; Read = { (Get-BmgDevice desk01).DeviceTags -join '|' }; After = 'Sales'
            Warning = "Device 'desk01': DeviceTags was (none) when the change was made, not 'Sales|Tokyo' as when it was confirmed (another writer changed it meanwhile); -AddDeviceTag/-RemoveDeviceTag edited the list as it was then: it is now 'Sales', 'Sales' added back after the other writer removed it." }
    ) {
        & $Setup | Out-Null
        $child = Start-PromptChild $Database $Run
        try {
            $child.BeforePrompt[-1] | Should -BeLike $Prompt
            & $Meanwhile | Out-Null
            $rest = Complete-PromptChild $child
        }
        finally {
            Stop-PromptChild
        }

        @($rest | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        & $Read | Should -Be $After
        @($rest | Where-Object { $_ -like 'warning *' }) | Should -Be @("warning $Warning")
    }

    It 'nothing changed meanwhile: no such warning' {
        $child = Start-PromptChild $Database 'Set-BmgDevice -Identifier desk01 -DisplayName ''Fixed by B'' -Database $Database -Confirm'
        try {
            $rest = Complete-PromptChild $child
        }
        finally {
            Stop-PromptChild
        }

        @($rest | Where-Object { $_ -like 'warning *' -or $_ -like 'error *' }) | Should -BeNullOrEmpty
        (Get-BmgDevice desk01).DisplayName | Should -Be 'Fixed by B'
    }

    It 'Set-BmgDepProfile: the prompt named a profile no one had named; another admin named it meanwhile; Yes warns that the name was (none) when confirmed' {
        $uuid = '9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B'
        $child = Start-PromptChild $Database "Set-BmgDepProfile -Uuid $uuid -Name 'Fixed by B' -Database `$Database -Confirm"
        try {
            $child.BeforePrompt[-1] | Should -BeLike "*Name DEP profile $uuid*"
            Set-BmgDepProfile -Uuid $uuid -Name 'Kiosk' -WarningAction SilentlyContinue | Out-Null
            $rest = Complete-PromptChild $child
        }
        finally {
            Stop-PromptChild
        }

        @($rest | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        @($rest | Where-Object { $_ -like 'warning *' }) | Should -Contain (
            "warning DEP profile ${uuid}: Name was 'Kiosk' when the change was made, not (none) as when it was confirmed (another writer changed it meanwhile); 'Kiosk' was overwritten with 'Fixed by B'.")
    }

    # Walkthrough 15: a device removed and another created under its Identifier while Rename-BmgDevice's prompt was open
    # is another device (its own key, state, code and history): the rename is refused, naming the device, and nothing changes.
    It 'Rename-BmgDevice: the device confirmed was removed and re-created under its name meanwhile; Yes refuses with DeviceReplaced, renames nothing' {
        $child = Start-PromptChild $Database 'Rename-BmgDevice -Identifier desk01 -NewName desk02 -Database $Database -Confirm'
        try {
            $child.BeforePrompt[-1] | Should -BeLike "*Rename to 'desk02'*"
            Remove-BmgDevice -Identifier desk01 -Confirm:$false
            New-BmgDevice -Identifier desk01 -OS android -DisplayName 'Another one' | Out-Null
            $rest = Complete-PromptChild $child
        }
        finally {
            Stop-PromptChild
        }

        @($rest | Where-Object { $_ -like 'error *' }) | Should -Be @('error DeviceReplaced')
        @($rest | Where-Object { $_ -like 'message: *' }) | Should -Be @(
            "message: Device 'desk01' was not renamed to 'desk02': the device confirmed was removed, and another device created with the Identifier 'desk01', while the rename waited for confirmation; check that it is the device meant (Get-BmgDevice) and run the rename again.")
        @($rest | Where-Object { $_ -like 'warning *' }) | Should -BeNullOrEmpty
        (Get-BmgDevice desk01).DisplayName | Should -Be 'Another one'
        Get-BmgDevice desk02 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'A device or user another admin renamed: the not-found error says the rename, as a template''s does (walkthrough 24, finding 1)' {
    BeforeAll {
        # "(on 2026-12-04 21:38 +09:00 by root, Rename-BmgDevice)": when, by whom and with which command, as ReferenceRenames words it.
        function Get-By([string] $Command) { "\(on \d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d by $([regex]::Escape([Environment]::UserName)), $Command\)" }
    }

    BeforeEach {
        $script:Database = New-TestStore
        New-BmgUser -UserName sato | Out-Null
        New-BmgDevice -Identifier ipad-0002 -OS ios -UserName sato | Out-Null
    }

    It 'Set-, Remove- and Rename-BmgDevice of the old Identifier, typed or piped as the Device read before: DeviceNotFound naming the new one; nothing changed' {
        $kept = Get-BmgDevice ipad-0002
        Rename-BmgDevice ipad-0002 -NewName ipad-0002b
        $before = Get-StoreSnapshot
        foreach ($attempt in @(
                { Set-BmgDevice ipad-0002 -DisplayName 'B edit' }
                { $kept | Set-BmgDevice -DisplayName 'B edit piped' }
                { Remove-BmgDevice ipad-0002 -Confirm:$false }
                { Rename-BmgDevice ipad-0002 -NewName ipad-0002c }
            )) {
            $result = Invoke-Captured $attempt
            Assert-ErrorId $result.Errors 'DeviceNotFound'
            $result.Errors[0].Exception.Message | Should -Match ("^(Device 'ipad-0002' can't be renamed to 'ipad-0002c': )?No device has the Identifier 'ipad-0002' " + [regex]::Escape((Get-InStore)) + ": 'ipad-0002' was renamed to 'ipad-0002b' " + (Get-By 'Rename-BmgDevice') + '; give the new name\.$') -Because "$attempt"
        }
        Get-StoreSnapshot | Should -Be $before
    }

    It 'a device renamed twice names both renames; one renamed and then removed says it was removed, and no name to give' {
        Rename-BmgDevice ipad-0002 -NewName ipad-0002b
        Rename-BmgDevice ipad-0002b -NewName ipad-0002c
        $twice = Invoke-Captured { Set-BmgDevice ipad-0002 -DisplayName x }
        $twice.Errors[0].Exception.Message | Should -Match ("'ipad-0002' was renamed to 'ipad-0002b' " + (Get-By 'Rename-BmgDevice') + ", then to 'ipad-0002c' " + (Get-By 'Rename-BmgDevice') + '; give the new name\.$')

        Remove-BmgDevice ipad-0002c -Confirm:$false
        $gone = Invoke-Captured { Set-BmgDevice ipad-0002 -DisplayName x }
        Assert-ErrorId $gone.Errors 'DeviceNotFound'
        $gone.Errors[0].Exception.Message | Should -Match ("'ipad-0002' was renamed to 'ipad-0002b' .*, then to 'ipad-0002c' .*, then removed " + (Get-By 'Remove-BmgDevice') + '\.$')
    }

    It 'an Identifier no device ever had, or one whose device was removed (not renamed), says what it said before' {
        Remove-BmgDevice ipad-0002 -Confirm:$false
        foreach ($name in 'ipad-0002', 'never-had') {
            $result = Invoke-Captured { Set-BmgDevice $name -DisplayName x }
            Assert-ErrorId $result.Errors 'DeviceNotFound'
            $result.Errors[0].Exception.Message | Should -BeExactly "No device has the Identifier '$name' $(Get-InStore)."
        }
    }

    It 'Set-, Remove- and Rename-BmgUser of the old UserName: UserNotFound naming the new one; nothing changed' {
        Rename-BmgUser sato -NewName sato2
        $before = Get-StoreSnapshot
        foreach ($attempt in @(
                { Set-BmgUser sato -Name 'Sato Ichiro' }
                { Remove-BmgUser sato -Confirm:$false }
                { Rename-BmgUser sato -NewName sato3 }
            )) {
            $result = Invoke-Captured $attempt
            Assert-ErrorId $result.Errors 'UserNotFound'
            $result.Errors[0].Exception.Message | Should -Match ("No user has the UserName 'sato' " + [regex]::Escape((Get-InStore)) + ": 'sato' was renamed to 'sato2' " + (Get-By 'Rename-BmgUser') + '; give the new name\.$') -Because "$attempt"
        }
        Get-StoreSnapshot | Should -Be $before
    }

    It 'Remove-BmgDevice answered Yes after another admin renamed the device while its prompt was open: the error names the rename; nothing removed' {
        $child = Start-PromptChild $Database 'Remove-BmgDevice -Identifier ipad-0002 -Database $Database -Confirm'
        Rename-BmgDevice ipad-0002 -NewName ipad-0002b
        $after = Complete-PromptChild $child
        $after | Should -Contain 'error DeviceNotFound'
        # Leftovers 25: that it happened while the prompt was open, and that nothing was removed.
        ($after | Where-Object { $_ -like 'message: *' }) | Should -Match ("No device has the Identifier 'ipad-0002' " + [regex]::Escape((Get-InStore)) + " any more: it was renamed while the prompt was open, so nothing was removed\. " +
            "'ipad-0002' was renamed to 'ipad-0002b' " + (Get-By 'Rename-BmgDevice') + '; give the new name\.$')
        (Get-BmgDevice ipad-0002b).Identifier | Should -BeExactly 'ipad-0002b'
    }

    It 'Remove-BmgDevice answered Yes after another admin removed the device while its prompt was open: the error says so (left26)' {
        $child = Start-PromptChild $Database 'Remove-BmgDevice -Identifier ipad-0002 -Database $Database -Confirm'
        Remove-BmgDevice ipad-0002 -Confirm:$false
        $after = Complete-PromptChild $child
        $after | Should -Contain 'error DeviceNotFound'
        ($after | Where-Object { $_ -like 'message: *' }) | Should -BeExactly "message: No device has the Identifier 'ipad-0002' $(Get-InStore) any more: another command removed it while the prompt was open."
    }

    # Leftovers 25: the reading commands that name a device or user say the rename as the writing ones do.
    It 'Get-BmgDevice (typed, literal, piped), Get-BmgDeviceDepLink (typed, piped), Export-BmgDeviceCsv and Get-BmgUser of the old name: the not-found error names the rename' {
        Rename-BmgDevice ipad-0002 -NewName ipad-0002b
        Rename-BmgUser sato -NewName sato2
        $renamed = "^No device has the Identifier 'ipad-0002' " + [regex]::Escape((Get-InStore)) + ": 'ipad-0002' was renamed to 'ipad-0002b' " + (Get-By 'Rename-BmgDevice') + '; give the new name\.$'
        $csv = Join-Path $TestDrive 'renamed.csv'
        foreach ($attempt in @(
                { Get-BmgDevice ipad-0002 }
                { Get-BmgDevice -LiteralIdentifier ipad-0002 }
                { 'ipad-0002' | Get-BmgDevice }
                { Get-BmgDeviceDepLink ipad-0002 }
                { [pscustomobject]@{ Identifier = 'ipad-0002' } | Get-BmgDeviceDepLink }
                { [pscustomobject]@{ Identifier = 'ipad-0002' } | Export-BmgDeviceCsv -Path $csv }
            )) {
            $result = Invoke-Captured $attempt
            Assert-ErrorId @($result.Errors)[0] 'DeviceNotFound'
            @($result.Errors)[0].Exception.Message | Should -Match $renamed -Because "$attempt"
        }
        Test-Path $csv | Should -BeFalse
        $user = Invoke-Captured { Get-BmgUser sato }
        Assert-ErrorId $user.Errors 'UserNotFound'
        $user.Errors[0].Exception.Message | Should -Match ("^No user has the UserName 'sato' " + [regex]::Escape((Get-InStore)) + ": 'sato' was renamed to 'sato2' " + (Get-By 'Rename-BmgUser') + '; give the new name\.$')
        # A wildcard that matches nothing says nothing, as before; a name never had says what it said.
        (Invoke-Captured { Get-BmgDevice ipad-0002? }).Errors | Should -BeNullOrEmpty
        (Invoke-Captured { Get-BmgDevice never-had }).Errors[0].Exception.Message | Should -BeExactly "No device has the Identifier 'never-had' $(Get-InStore)."
    }

    It 'Get-BmgDeviceDepLink given many piped names, some read aside: each missing one at its place, the renamed one naming its rename' {
        # Over 256 names piped without a pause: later batches are read on another thread (PipedIdentifiers), and the rename's
        # history read waits for them.
        $names = @(foreach ($i in 1..1200) { if ($i % 3 -eq 0) { 'ipad-0002' } else { "never-had-$i" } })
        Rename-BmgDevice ipad-0002 -NewName ipad-0002b
        $result = Invoke-Captured { $names | Get-BmgDeviceDepLink }
        @($result.Errors).Count | Should -Be 1200
        $messages = @($result.Errors | ForEach-Object { $_.Exception.Message })
        for ($i = 1; $i -le 1200; $i++) {
            $messages[$i - 1] | Should -BeLike $(if ($i % 3 -eq 0) { "*'ipad-0002' was renamed to 'ipad-0002b'*" } else { "No device has the Identifier 'never-had-$i' $([WildcardPattern]::Escape((Get-InStore)))." })
        }
    }

    It 'Get-BmgCheckInEmail of the old Identifier is DeviceNotFound naming the rename; Send-BmgCheckInEmail warns that it was renamed' {
        Set-BmgDevice ipad-0002 -RegistrationEmail sato@example.com | Out-Null
        Rename-BmgDevice ipad-0002 -NewName ipad-0002b
        (Get-BmgCheckInEmail -Identifier ipad-0002b).Count | Should -Be 1
        $warning = "No check-in email names device 'ipad-0002': 'ipad-0002' was renamed to 'ipad-0002b' " + (Get-By 'Rename-BmgDevice') + '; give the new name\.$'
        $notFound = "No device has the Identifier 'ipad-0002' $([regex]::Escape((Get-InStore))): 'ipad-0002' was renamed to 'ipad-0002b' " + (Get-By 'Rename-BmgDevice') + '; give the new name\.$'
        # Get- says it as Get-BmgDevice does (walkthrough 42, finding 7), typed or piped; Send- (a command that acts) warns.
        foreach ($attempt in @(
                { Get-BmgCheckInEmail -Identifier ipad-0002 }
                { [pscustomobject]@{ Identifier = 'ipad-0002' } | Get-BmgCheckInEmail }
            )) {
            $result = Invoke-Captured $attempt
            $result.Output | Should -BeNullOrEmpty
            $result.Warnings | Should -BeNullOrEmpty -Because "$attempt"
            Assert-ErrorId $result.Errors 'DeviceNotFound'
            $result.Errors[0].Exception.Message | Should -Match $notFound -Because "$attempt"
        }
        foreach ($attempt in @(
                { Send-BmgCheckInEmail -Identifier ipad-0002 -CheckInUrl 'https://mdm.example.com/checkin' -WhatIf }
                { 'ipad-0002' | Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -WhatIf }
            )) {
            $result = Invoke-Captured $attempt
            $result.Output | Should -BeNullOrEmpty
            @($result.Warnings | Where-Object { "$_" -match $warning }).Count | Should -Be 1 -Because "$attempt"
        }
        # left26: a piped record naming several Identifiers, the old name among them (Get-: with or without another's email,
        # each name no email and no device has is its error; Send- explains only a record that has nothing to send).
        $result = Invoke-Captured { [pscustomobject]@{ Identifier = 'never-had', 'ipad-0002' } | Get-BmgCheckInEmail }
        Assert-ErrorId $result.Errors 'DeviceNotFound' -Count 2
        $result.Errors[0].Exception.Message | Should -BeExactly "No device has the Identifier 'never-had' $(Get-InStore)."
        $result.Errors[1].Exception.Message | Should -Match $notFound
        $result = Invoke-Captured { [pscustomobject]@{ Identifier = 'ipad-0002b', 'ipad-0002' } | Get-BmgCheckInEmail }
        @($result.Output).Count | Should -Be 1
        Assert-ErrorId $result.Errors 'DeviceNotFound'
        $result.Errors[0].Exception.Message | Should -Match $notFound
        foreach ($attempt in @(
                { [pscustomobject]@{ Identifier = 'never-had', 'ipad-0002' } | Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -WhatIf }
                # left27: Send- of a record that has something to send (the new name's email waits) says the old name too.
                { [pscustomobject]@{ Identifier = 'ipad-0002b', 'ipad-0002' } | Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -WhatIf }
                { [pscustomobject]@{ Identifier = 'ipad-0002', 'ipad-0002B' } | Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -WhatIf }
            )) {
            $result = Invoke-Captured $attempt
            $result.Errors | Should -BeNullOrEmpty
            @($result.Warnings | Where-Object { "$_" -match $warning }).Count | Should -Be 1 -Because "$attempt"
        }
        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier never-had }
        $result.Warnings | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'DeviceNotFound'
        # left28: one batch needing both (a record with something to send that names an old Identifier, and records with nothing
        # to send, one of them an old Identifier too), which read the outbox once between them: each is said as it is alone.
        New-BmgDevice ipad-0003 -OS ios -RegistrationEmail ito@example.com | Out-Null
        Rename-BmgDevice ipad-0003 -NewName ipad-0003b
        $batch = @(
            [pscustomobject]@{ Identifier = 'ipad-0002b', 'ipad-0002' }
            [pscustomobject]@{ Identifier = 'ipad-0003' }
            [pscustomobject]@{ Identifier = 'never-had' }
        )
        $result = Invoke-Captured { $batch | Send-BmgCheckInEmail -CheckInUrl 'https://mdm.example.com/checkin' -WhatIf -Verbose 4>&1 }
        $result.Errors | Should -BeNullOrEmpty
        $warning3 = "No check-in email names device 'ipad-0003': 'ipad-0003' was renamed to 'ipad-0003b' " + (Get-By 'Rename-BmgDevice') + '; give the new name\.$'
        @($result.Warnings | ForEach-Object { "$_" } | Where-Object { $_ -match $warning -or $_ -match $warning3 }).Count | Should -Be 2
        "$($result.Warnings[0])" | Should -Match $warning
        "$($result.Warnings[1])" | Should -Match $warning3
        @($result.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) |
            Should -Contain "Device 'never-had' has no check-in email in the outbox (none was queued: a device gets one when it has a RegistrationEmail)."
        # A device that has the old name now is not said to be renamed.
        New-BmgDevice ipad-0002 -OS ios | Out-Null
        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier ipad-0002 }
        $result.Warnings | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty -Because 'a device without email is no error'
    }
}
