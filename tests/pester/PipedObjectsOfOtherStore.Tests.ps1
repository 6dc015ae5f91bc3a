# Walkthrough 29, findings 1, 2, 3 and 8: only a Device or User knew its store, so a check-in email, DEP device, DEP link,
# history entry or import read with -Database A and piped to a command of store B ($env:BMG_DATABASE) acted on B's object
# of the same key: Send-BmgCheckInEmail sent B's email of that Id (another customer's person and code), Remove-BmgDepDevice
# removed B's DEP device of that serial, Get-BmgImportHistory showed B's import. Now each carries Database (not in the
# default views, never a password) and a command not given -Database refuses one of another store (PipedFromOtherStore),
# as for a Device; Send-BmgCheckInEmail also refuses a piped email that is not the stored email of its Id
# (CheckInEmailMismatch), whatever the store. Real module, real stores of the run's kind (both stores), the real SMTP
# test server.
#
# The other tests' stores are chosen by $PSDefaultParameterValues['*-Bmg*:Database'], which counts as -Database given: each
# test here takes it away, and names store B by $env:BMG_DATABASE as an admin's profile does.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/../servers/SmtpTestServer.ps1

    # The text a store is shown by: a server URI without its password (as -Verbose and every message show it).
    function Get-Shown([string] $Location) {
        if ($Location -match '^postgres') { $Location -replace '^(postgres(?:ql)?://[^:@/]*):[^@]*@', '$1@' } else { $Location }
    }

    # A store holding what both customers have alike: the DEP device DUPSERIAL001, a device of that serial, a user, and
    # their check-in emails (Id 1 and 2 in each store), all made by imports (so their history entries have an ImportId).
    function New-CustomerStore([string] $Name) {
        $store = New-TestStore
        $dep = Write-TestCsv "dep-$Name-$([guid]::NewGuid().ToString('N')).csv" @('SerialNumber,Model', 'DUPSERIAL001,iPhone')
        $null = Import-BmgDepDevice $dep -Database $store
        $devices = Write-TestCsv (New-CsvName "devices-$Name") @(
            'Identifier,OS,Serial,UserName,Name,RegistrationEmail',
            "$Name-ip01,ios,,$Name.user,User of $Name,u1@$Name.example.com",
            "shared,ios,DUPSERIAL001,shared.user,Shared of $Name,lobby@$Name.example.com")
        $null = Import-BmgDeviceCsv $devices -Database $store
        $store
    }

    function Get-SendParameters($Server) {
        @{ SmtpServer = '127.0.0.1'; Port = $Server.Port; From = 'BizMobileGo <mdm@example.com>'; CheckInUrl = 'https://mdm.example.com/checkin' }
    }
}

Describe 'check-in emails, DEP devices, DEP links, history entries and imports of another store' {
    BeforeAll {
        $script:server = Start-SmtpTestServer
    }

    AfterAll { Stop-SmtpTestServer $script:server }

    BeforeEach {
        $script:A = New-CustomerStore 'acme'
        $script:B = New-CustomerStore 'sakura'
        $script:savedStores = Set-EnvironmentStore $B
        $script:mailBefore = @(Get-ReceivedMail $server).Count
    }

    AfterEach {
        Restore-EnvironmentStore $savedStores
    }

    It 'each carries the store it was read from, shown without a password and not in the default views' {
        $objects = @(
            Get-BmgCheckInEmail -Identifier shared -Database $A
            Get-BmgDepDevice -SerialNumber DUPSERIAL001 -Database $A
            Get-BmgDeviceDepLink -Identifier shared -Database $A
            Get-BmgDeviceDepLink -Serial DUPSERIAL001 -Database $A
            Get-BmgDeviceHistory -Identifier shared -Database $A
            Get-BmgUserHistory -UserName shared.user -Database $A
            Get-BmgImportHistory -Database $A
        )
        $objects | Should -HaveCount 7
        foreach ($object in $objects) {
            $object.Database | Should -Be (Get-Shown $A) -Because "a $($object.GetType().Name) says its store"
            ($object | Format-Table | Out-String -Width 300) | Should -Not -BeLike '*Database*'
            ($object | Format-List | Out-String -Width 300) | Should -Not -BeLike '*Database*'
            if ($A -match '^postgres') {
                ($object | Format-List * | Out-String -Width 300) | Should -Not -BeLike "*$(([uri]$A).UserInfo.Split(':')[1])*"
            }
        }
        (Get-BmgCheckInEmail -Identifier shared -Database $B).Database | Should -Be (Get-Shown $B)
    }

    It '<Command> not given -Database refuses a piped <Kind> of another store; nothing is done in its own store' -ForEach @(
        @{ Kind = 'check-in email'; Read = { Get-BmgCheckInEmail -Identifier shared -Database $A }; Command = 'Send-BmgCheckInEmail'; Target = '2'; Named = "check-in email '2' (device 'shared', to 'lobby@acme.example.com')" }
        @{ Kind = 'check-in email'; Read = { Get-BmgCheckInEmail -Identifier shared -Database $A }; Command = 'Get-BmgDevice'; Target = '2'; Named = "check-in email '2' (device 'shared', to 'lobby@acme.example.com')" }
        @{ Kind = 'DEP device'; Read = { Get-BmgDepDevice -SerialNumber DUPSERIAL001 -Database $A }; Command = 'Remove-BmgDepDevice'; Target = 'DUPSERIAL001'; Named = "DEP device 'DUPSERIAL001'" }
        @{ Kind = 'DEP link of device'; Read = { Get-BmgDeviceDepLink -Serial DUPSERIAL001 -Database $A }; Command = 'Remove-BmgDepDevice'; Target = 'shared'; Named = "DEP link of device 'shared'" }
        @{ Kind = 'device'; Read = { Get-BmgDevice -Identifier shared -Database $A }; Command = 'Get-BmgCheckInEmail'; Target = 'shared'; Named = "device 'shared'" }
        @{ Kind = 'device history entry'; Read = { Get-BmgDeviceHistory -Identifier shared -Database $A | Where-Object ImportId }; Command = 'Get-BmgImportHistory'; Target = $null; Named = "device history entry '*' (device 'shared')" }
        @{ Kind = 'user history entry'; Read = { Get-BmgUserHistory -UserName shared.user -Database $A }; Command = 'Get-BmgUser'; Target = $null; Named = "user history entry '*' (user 'shared.user')" }
        @{ Kind = 'import'; Read = { Get-BmgImportHistory -Database $A }; Command = 'Get-BmgImportHistory'; Target = '1'; Named = "import '1'" }
    ) {
        $piped = @(& $Read)
        $piped | Should -HaveCount 1
        $parameters = if ($Command -eq 'Send-BmgCheckInEmail') { Get-SendParameters $server } elseif ($Command -eq 'Remove-BmgDepDevice') { @{ Confirm = $false } } else { @{} }
        $result = Invoke-Captured { $piped | & $Command @parameters }

        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Output | Should -BeNullOrEmpty -Because "B's object of that key must not be shown or acted on"
        if ($Target) { $result.Errors[0].TargetObject | Should -Be $Target }
        $result.Errors[0].Exception.Message |
            Should -BeLike "The piped $Named was read from the store '$(Get-Shown $A)', but $Command was given no -Database and uses the store '$(Get-Shown $B)'*"
        # An email's Id and a history entry's Sequence name nothing to the admin: its device and recipient, or its subject, do.
        $result.Errors[0].Exception.Message | Should -BeLike "*to act on the $Kind '*' of '$(Get-Shown $B)'*"
        @(Get-ReceivedMail $server).Count | Should -Be $mailBefore -Because 'no email of either store is sent'
        (Get-BmgCheckInEmail -Identifier shared -Database $B).Status | Should -Be 'Pending'
        (Get-BmgDepDevice -SerialNumber DUPSERIAL001 -Database $B).SerialNumber | Should -Be 'DUPSERIAL001' -Because "B's DEP device stays"
        (Get-BmgDepDevice -SerialNumber DUPSERIAL001 -Database $A).SerialNumber | Should -Be 'DUPSERIAL001'

        # The same pipe into a command whose store is the object's own goes on as before, on that store's object.
        $env:BMG_DATABASE = $A
        $own = Invoke-Captured { $piped | & $Command @parameters -WarningAction SilentlyContinue }
        $own.Errors | Should -BeNullOrEmpty
        switch ($Command) {
            'Send-BmgCheckInEmail' { (Get-BmgCheckInEmail -Identifier shared -Database $A).Status | Should -Be 'Sent' }
            'Remove-BmgDepDevice' { Get-BmgDepDevice -SerialNumber DUPSERIAL001 -Database $A -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
            'Get-BmgCheckInEmail' { $own.Output.Recipient | Should -Be 'lobby@acme.example.com' }
            default { $own.Output.Database | Should -Be (Get-Shown $A) }
        }
        (Get-BmgCheckInEmail -Identifier shared -Database $B).Status | Should -Be 'Pending'
        (Get-BmgDepDevice -SerialNumber DUPSERIAL001 -Database $B).SerialNumber | Should -Be 'DUPSERIAL001'
    }

    # Thirtieth round: an import's summary (HistoryId), its -PassThru rows (Identifier, UserName) and a DEP profile (Name) bound
    # the key of a later command, which looked in its own store: B's import of A's HistoryId, B's device 'shared', B's profile.
    It 'an import summary, a -PassThru row and a DEP profile carry their store; <Command> not given -Database refuses one of another store' -ForEach @(
        @{ Kind = 'import'; Read = { Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'again') @('Identifier,OS', 'shared,ios')) -Database $A }; Command = 'Get-BmgImportHistory' }
        @{ Kind = 'imported row'; Read = { Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'rows') @('Identifier,OS,UserName', 'shared,ios,shared.user')) -PassThru -Database $A }; Command = 'Get-BmgDevice'; Target = 'shared' }
        @{ Kind = 'imported row'; Read = { Import-BmgDeviceCsv (Write-TestCsv (New-CsvName 'rows') @('Identifier,OS,UserName', 'shared,ios,shared.user')) -PassThru -Database $A }; Command = 'Get-BmgUser'; Target = 'shared' }
        @{ Kind = 'DEP profile'; Read = { Set-BmgDepProfile -Uuid 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D -Name 'Sales' -PassThru -Database $A -WarningAction SilentlyContinue }; Command = 'Get-BmgDepProfile'; Target = 'Sales' }
        @{ Kind = 'DEP profile'; Read = { Set-BmgDepProfile -Uuid 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D -Name 'Sales' -PassThru -Database $A -WarningAction SilentlyContinue }; Command = 'Set-BmgDepProfile'; Target = 'Sales'; Parameters = @{ Name = 'Renamed'; PassThru = $true; WarningAction = 'SilentlyContinue' } }
    ) {
        if (-not $Parameters) { $Parameters = @{} }
        $null = Set-BmgDepProfile -Uuid 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D -Name 'Sales' -Database $B -WarningAction SilentlyContinue
        $piped = @(& $Read)
        $piped | Should -HaveCount 1
        $piped[0].Database | Should -Be (Get-Shown $A)
        ($piped[0] | Format-Table | Out-String -Width 300) | Should -Not -BeLike '*Database*'
        ($piped[0] | Format-List | Out-String -Width 300) | Should -Not -BeLike '*Database*'
        ($piped[0] | Format-List * | Out-String -Width 300) | Should -BeLike '*Database*' -Because 'Format-List * shows it'
        $target = if ($Target) { $Target } else { "$($piped[0].HistoryId)" }

        $result = Invoke-Captured { $piped | & $Command @Parameters }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Output | Should -BeNullOrEmpty -Because "B's object of that key must not be shown or changed"
        (Get-BmgDepProfile -Database $B).Name | Should -Be 'Sales' -Because "B's profile keeps its name"
        $result.Errors[0].TargetObject | Should -Be $target
        $result.Errors[0].Exception.Message |
            Should -BeLike "The piped $Kind '$target' was read from the store '$(Get-Shown $A)', but $Command was given no -Database and uses the store '$(Get-Shown $B)'*"

        # Into a command of the object's own store, it goes on as before.
        $env:BMG_DATABASE = $A
        $own = Invoke-Captured { $piped | & $Command @Parameters }
        $own.Errors | Should -BeNullOrEmpty
        @($own.Output) | Should -HaveCount 1
        if ($own.Output[0].PSObject.Properties['Database']) { $own.Output[0].Database | Should -Be (Get-Shown $A) }
    }

    It 'a check-in email of another store read back (Import-Clixml) is refused the same' {
        $file = Join-Path $TestDrive "emails-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgCheckInEmail -Identifier shared -Database $A | Export-Clixml -LiteralPath $file
        $send = Get-SendParameters $server
        $result = Invoke-Captured { Import-Clixml -LiteralPath $file | Send-BmgCheckInEmail @send }
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        @(Get-ReceivedMail $server).Count | Should -Be $mailBefore
        (Get-BmgCheckInEmail -Identifier shared -Database $B).Status | Should -Be 'Pending'
    }

    It 'Send-BmgCheckInEmail given -Database sends the piped email only where it is that store''s email of its Id' {
        $send = Get-SendParameters $server
        # Given the other store: its email 2 is another device's, to another person (CheckInEmailMismatch), nothing is sent.
        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier shared -Database $A | Send-BmgCheckInEmail @send -Database $B }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'CheckInEmailMismatch'
        $result.Errors[0].TargetObject | Should -Be 2
        $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $message = $result.Errors[0].Exception.Message
        $message | Should -BeLike "The piped check-in email 2 (device 'shared', to 'lobby@acme.example.com') is not the email 2 of the store '$(Get-Shown $B)', which is to 'lobby@sakura.example.com'; nothing was sent for it.*"
        $code = (Get-BmgCheckInEmail -Identifier shared -Database $B).Code | ConvertFrom-SecureString -AsPlainText
        $message | Should -Not -BeLike "*$code*"
        @(Get-ReceivedMail $server).Count | Should -Be $mailBefore
        (Get-BmgCheckInEmail -Identifier shared -Database $B).Status | Should -Be 'Pending'

        # Given the store it was read from: sent there, to its own recipient.
        Get-BmgCheckInEmail -Identifier shared -Database $A | Send-BmgCheckInEmail @send -Database $A
        $mail = @(Get-ReceivedMail $server)
        $mail.Count | Should -Be ($mailBefore + 1)
        $mail[-1].rcpt_tos | Should -Be @('lobby@acme.example.com')
        (Get-BmgCheckInEmail -Identifier shared -Database $A).Status | Should -Be 'Sent'
        (Get-BmgCheckInEmail -Identifier shared -Database $B).Status | Should -Be 'Pending'
    }

    It 'Send-BmgCheckInEmail given a store whose outbox lacks the piped email''s Id names the email by its device, recipient and the store' {
        $C = New-TestStore
        $null = New-BmgDevice -Identifier 'c-only' -OS ios -Database $C
        $send = Get-SendParameters $server
        $result = Invoke-Captured { Get-BmgCheckInEmail -Identifier shared -Database $A | Send-BmgCheckInEmail @send -Database $C }
        Assert-ErrorId $result.Errors 'CheckInEmailNotFound'
        $result.Errors[0].Exception.Message |
            Should -Be "There is no check-in email 2 (device 'shared', to 'lobby@acme.example.com') in the store '$(Get-Shown $C)'."
        @(Get-ReceivedMail $server).Count | Should -Be $mailBefore
    }

    It 'Send-BmgCheckInEmail refuses a piped email of its own store that no longer is the stored email of its Id (device renamed since)' {
        $env:BMG_DATABASE = $A
        $email = Get-BmgCheckInEmail -Identifier acme-ip01 -Database $A
        Rename-BmgDevice -Identifier acme-ip01 -NewIdentifier acme-ip99 -Database $A -Confirm:$false
        $send = Get-SendParameters $server
        $result = Invoke-Captured { $email | Send-BmgCheckInEmail @send }
        Assert-ErrorId $result.Errors 'CheckInEmailMismatch'
        $result.Errors[0].Exception.Message | Should -BeLike "*email 1 (device 'acme-ip01', *which is for device 'acme-ip99'*"
        @(Get-ReceivedMail $server).Count | Should -Be $mailBefore
    }
}

Describe 'organizations, templates and device tags of another store' {
    BeforeEach {
        # The same names in two stores.
        $script:A = New-TestStore
        $script:B = New-TestStore
        foreach ($store in $A, $B) {
            $null = New-BmgOrganization -Id 'org-sales' -Name "Sales of $(if ($store -eq $A) { 'A' } else { 'B' })" -Database $store
            $null = New-BmgTemplate -Name 'Standard' -Database $store
            $null = New-BmgDeviceTag -Name 'Kiosk' -Database $store
        }

        $script:savedStores = Set-EnvironmentStore $B
    }

    AfterEach {
        Restore-EnvironmentStore $savedStores
    }

    It 'each carries the store it was read from or made in, not in the default views' {
        $objects = @(
            Get-BmgOrganization -Id org-sales -Database $A
            Get-BmgTemplate -Name Standard -Database $A
            Get-BmgDeviceTag -Name Kiosk -Database $A
            New-BmgDeviceTag -Name Lobby -Database $A
        )
        $objects | Should -HaveCount 4
        foreach ($object in $objects) {
            $object.Database | Should -Be (Get-Shown $A) -Because "a $($object.GetType().Name) says its store"
            ($object | Format-Table | Out-String -Width 300) | Should -Not -BeLike '*Database*'
            ($object | Format-List | Out-String -Width 300) | Should -Not -BeLike '*Database*'
            ($object | Out-String -Width 300) | Should -Not -BeLike '*Database*'
        }
    }

    It '<Command> not given -Database refuses a piped <Kind> of another store; its own store''s stays' -ForEach @(
        @{ Kind = 'organization'; Read = { Get-BmgOrganization -Id org-sales -Database $A }; Command = 'Remove-BmgOrganization'; Parameters = @{ Confirm = $false }; Target = 'org-sales' }
        @{ Kind = 'organization'; Read = { Get-BmgOrganization -Id org-sales -Database $A }; Command = 'Set-BmgOrganization'; Parameters = @{ Name = 'changed'; Confirm = $false }; Target = 'org-sales' }
        @{ Kind = 'template'; Read = { Get-BmgTemplate -Name Standard -Database $A }; Command = 'Remove-BmgTemplate'; Parameters = @{ Confirm = $false }; Target = 'Standard' }
        @{ Kind = 'template'; Read = { Get-BmgTemplate -Name Standard -Database $A }; Command = 'Rename-BmgTemplate'; Parameters = @{ NewName = 'Renamed'; Confirm = $false }; Target = 'Standard' }
        @{ Kind = 'device tag'; Read = { Get-BmgDeviceTag -Name Kiosk -Database $A }; Command = 'Remove-BmgDeviceTag'; Parameters = @{ Confirm = $false }; Target = 'Kiosk' }
        @{ Kind = 'device tag'; Read = { Get-BmgDeviceTag -Name Kiosk -Database $A }; Command = 'Rename-BmgDeviceTag'; Parameters = @{ NewName = 'Renamed'; Confirm = $false }; Target = 'Kiosk' }
    ) {
        $piped = @(& $Read)
        $result = Invoke-Captured { $piped | & $Command @Parameters }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Errors[0].TargetObject | Should -Be $Target
        $result.Errors[0].Exception.Message |
            Should -BeLike "The piped $Kind '$Target' was read from the store '$(Get-Shown $A)', but $Command was given no -Database and uses the store '$(Get-Shown $B)'*"
        (Get-BmgOrganization -Id org-sales -Database $B).Name | Should -Be 'Sales of B'
        (Get-BmgTemplate -Name Standard -Database $B).Name | Should -Be 'Standard'
        (Get-BmgDeviceTag -Name Kiosk -Database $B).Name | Should -Be 'Kiosk'

        # Given -Database, the command does as told.
        $given = Invoke-Captured { $piped | & $Command @Parameters -Database $A }
        $given.Errors | Should -BeNullOrEmpty
        (Get-BmgOrganization -Id org-sales -Database $B).Name | Should -Be 'Sales of B'
        (Get-BmgDeviceTag -Name Kiosk -Database $B).Name | Should -Be 'Kiosk'
    }
}

# Walkthrough 31, 11: devices piped from one store into another's import made their users as names only (no Name,
# EmailAddress or Organizations), without a word. Now such an import warns once, naming how many and how to carry them.
Describe 'Get-BmgDevice -Database A | Import-BmgDeviceCsv -Database B' {
    BeforeEach {
        $script:A = New-TestStore
        New-BmgUser -UserName 'sato' -Name 'Sato Hanako' -EmailAddress 'sato@example.com' -Database $A | Out-Null
        New-BmgUser -UserName 'yamada' -Name 'Yamada Taro' -EmailAddress 'taro@example.com' -Database $A | Out-Null
        New-BmgDevice -Identifier 'mv-01' -OS ios -UserName 'sato' -Database $A | Out-Null
        New-BmgDevice -Identifier 'mv-02' -OS ios -UserName 'yamada' -Database $A | Out-Null
        New-BmgDevice -Identifier 'mv-03' -OS ios -UserName 'yamada' -Database $A | Out-Null
        New-BmgDevice -Identifier 'mv-04' -OS ios -Database $A | Out-Null
        $script:B = New-TestStore
        $script:Advice = ": the piped devices name their users but carry none of a user's Name, EmailAddress, UserDescription or Organizations. " +
            "To carry the users too, pipe them first (Get-BmgUser -Database <source> | Import-BmgDeviceCsv -Database <target>, which updates " +
            "these users in place), or move the store with Export-BmgDeviceCsv, whose file holds the users' columns."
    }

    It 'warns once after the import, naming the users made of a name only; the users then come by Get-BmgUser piped' {
        $result = Invoke-Captured { Get-BmgDevice -Database $A | Import-BmgDeviceCsv -Database $B }

        $result.Errors | Should -BeNullOrEmpty
        $result.Output[-1].Created | Should -Be 4
        $result.Output[-1].UsersCreated | Should -Be 2
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeExactly ("Created 2 users ('sato', 'yamada') with their UserName only$Advice")
        (Get-BmgUser sato -Database $B).Name | Should -BeNullOrEmpty -Because 'that is what the warning says'

        $users = Invoke-Captured { Get-BmgUser -Database $A | Import-BmgDeviceCsv -Database $B }
        $users.Warnings | Should -BeNullOrEmpty
        (Get-BmgUser sato -Database $B).EmailAddress | Should -Be 'sato@example.com'
    }

    It 'says nothing when the users come first, and -WhatIf says what the real run would do' {
        $dryRun = Invoke-Captured { Get-BmgDevice -Database $A | Import-BmgDeviceCsv -Database $B -WhatIf }
        @($dryRun.Warnings) | Should -HaveCount 1
        "$($dryRun.Warnings[0])" | Should -BeExactly ("The real run would create 2 users ('sato', 'yamada') with their UserName only$Advice")

        Get-BmgUser -Database $A | Import-BmgDeviceCsv -Database $B | Out-Null
        $devices = Invoke-Captured { Get-BmgDevice -Database $A | Import-BmgDeviceCsv -Database $B }
        $devices.Warnings | Should -BeNullOrEmpty
        $devices.Output[-1].Created | Should -Be 4
        (Get-BmgUser yamada -Database $B).Name | Should -Be 'Yamada Taro'
    }

    # Review31, 2: said only after the commit, a -WarningAction Stop stopped the command with B written (history Committed,
    # no summary), and Inquire's Halt came after the write. Under a preference that stops or asks it is said before the commit.
    It '-WarningAction Stop: the warning is said before the commit, so the stop leaves the store as it was (history Stopped)' {
        $result = Invoke-Captured { Get-BmgDevice -Database $A | Import-BmgDeviceCsv -Database $B -WarningAction Stop }

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $result.Terminating.Exception.Message | Should -BeLike "*This import would create 2 users ('sato', 'yamada') with their UserName only*"
        $result.Output | Should -BeNullOrEmpty -Because 'nothing was imported, so no summary'
        Get-BmgDevice -Database $B | Should -BeNullOrEmpty -Because 'the stop came before the write'
        Get-BmgUser -Database $B | Should -BeNullOrEmpty
        (Get-BmgImportHistory -Database $B -Last 1).Status | Should -Be 'Stopped'
    }

    It '-WarningAction Inquire asks it before the write (the dry plan''s questions); <Answer> then <Outcome>' -TestCases @(
        @{ Answer = 'Y'; Outcome = 'the devices are imported and it is not said again' }
        @{ Answer = 'H'; Outcome = 'nothing is written, the history reads Stopped' }
    ) {
        param($Answer, $Outcome)
        . $PSScriptRoot/Reliability.Common.ps1
        $child = Join-Path $TestDrive 'name-only-inquire-child.ps1'
        Set-Content -LiteralPath $child -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Source, [string] $Target)
Import-Module $Module
try {
    $out = Get-BmgDevice -Database $Source | Import-BmgDeviceCsv -Database $Target -WarningAction Inquire -WarningVariable warnings -ErrorAction Stop
    foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("imported $($o.Created) committed $($o.Committed)") } }
}
catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0])") }
foreach ($w in $warnings) { [Console]::Out.WriteLine("warning $w") }
[Console]::Out.WriteLine('end')
'@
        $process = Start-BmgChild $child @('-Source', $A, '-Target', $B) -Interactive
        try {
            Wait-ChildLine $process 'Continue with this operation' | Should -Not -BeNullOrEmpty
            Get-BmgDevice -Database $B | Should -BeNullOrEmpty -Because 'asked before the write'
            $process.StandardInput.WriteLine($Answer)
            $lines = Read-ChildToEnd $process
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
        }

        if ($Answer -eq 'Y') {
            $lines | Should -Contain 'imported 4 committed True'
            @($lines | Where-Object { $_ -like 'warning *' }) | Should -Be @("warning This import would create 2 users ('sato', 'yamada') with their UserName only$Advice")
            @(Get-BmgDevice -Database $B).Count | Should -Be 4
        }
        else {
            $lines | Should -Contain 'error ActionPreferenceStop'
            Get-BmgDevice -Database $B | Should -BeNullOrEmpty
            Get-BmgUser -Database $B | Should -BeNullOrEmpty
            (Get-BmgImportHistory -Database $B -Last 1).Status | Should -Be 'Stopped'
        }
    }

    It 'an explicit -WarningAction Continue still says it once, after the commit, as the real run did it' {
        $result = Invoke-Captured { Get-BmgDevice -Database $A | Import-BmgDeviceCsv -Database $B -WarningAction Continue }

        $result.Terminating | Should -BeNullOrEmpty
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -BeExactly ("Created 2 users ('sato', 'yamada') with their UserName only$Advice")
        $result.Output[-1].UsersCreated | Should -Be 2
    }

    It 'a CSV file of the same rows is the admin''s own choice of columns: no warning' {
        $csv = Write-TestCsv (New-CsvName 'names') @('Identifier,OS,UserName', 'mv-01,ios,sato')
        (Invoke-Captured { Import-BmgDeviceCsv $csv -Database $B }).Warnings | Should -BeNullOrEmpty
    }
}
