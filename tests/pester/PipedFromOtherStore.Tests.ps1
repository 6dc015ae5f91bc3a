# Walkthrough 28, finding 5: a Device or User read with -Database A and piped to a command given no -Database acted on the
# same-named record of that command's store B ($env:BMG_DATABASE), saying so only under -Verbose. Now the object remembers
# its store (Database, not in the default views, never a password), and a command not given -Database refuses an object of
# another store (PipedFromOtherStore, per object, the rest of the pipe going on); given -Database it does as told, and its
# What-if names its store. Real module, two real stores of the run's kind (both stores).
#
# The other tests' stores are chosen by $PSDefaultParameterValues['*-Bmg*:Database'], which is refused as the environment's
# store is (walkthrough 29, finding 5): each test here takes it away in its own scope, and names store B by $env:BMG_DATABASE
# as an admin's profile does.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The text a store is shown by: a server URI without its password (as -Verbose and every message show it).
    function Get-Shown([string] $Location) {
        if ($Location -match '^postgres') { $Location -replace '^(postgres(?:ql)?://[^:@/]*):[^@]*@', '$1@' } else { $Location }
    }

    function Get-Description([string] $Identifier, [string] $Store) { (Get-BmgDevice -Identifier $Identifier -Database $Store).Description }
}

Describe 'a piped Device or User of another store' {
    BeforeEach {
        # Two stores with the same device and user, told apart by their Description and Name.
        $script:A = New-TestStore
        $script:B = New-TestStore
        foreach ($store in $A, $B) {
            $null = New-BmgUser -UserName 'shared' -Name "Name in $(if ($store -eq $A) { 'A' } else { 'B' })" -Database $store
            $null = New-BmgDevice -Identifier 'dev01' -OS ios -UserName 'shared' -Serial 'F9FXK2PIPE01' -Description "$(if ($store -eq $A) { 'A' } else { 'B' }) copy" -Database $store
            $null = New-BmgDevice -Identifier 'dev02' -OS ios -Description "$(if ($store -eq $A) { 'A' } else { 'B' }) copy" -Database $store
        }

        $script:savedStores = Set-EnvironmentStore $B
    }

    AfterEach {
        Restore-EnvironmentStore $savedStores
    }

    It 'carries the store it was read from, shown without a password and not in the default views' {
        $device = Get-BmgDevice -Identifier dev01 -Database $A
        $user = Get-BmgUser -UserName shared -Database $A
        $device.Database | Should -Be (Get-Shown $A)
        $user.Database | Should -Be (Get-Shown $A)
        (New-BmgDevice -Identifier dev03 -OS ios -Database $A).Database | Should -Be (Get-Shown $A) -Because 'a device as created is of the store it was created in'
        if ($A -match '^postgres') {
            $password = ([uri]$A).UserInfo.Split(':')[1]
            $password | Should -Not -BeNullOrEmpty -Because 'the test server URI holds a password'
            ($device | Format-List * | Out-String) | Should -Not -BeLike "*$password*"
        }

        ($device | Out-String) | Should -Not -BeLike '*Database*'
        ($device | Format-List | Out-String) | Should -Not -BeLike '*Database*'
        ($user | Format-List | Out-String) | Should -Not -BeLike '*Database*'
    }

    It '<Command> not given -Database refuses a device of another store; nothing is done to the device of its own store' -ForEach @(
        @{ Command = 'Set-BmgDevice'; Parameters = @{ Description = 'changed'; Confirm = $false } }
        @{ Command = 'Remove-BmgDevice'; Parameters = @{ Confirm = $false } }
        @{ Command = 'Rename-BmgDevice'; Parameters = @{ NewIdentifier = 'renamed'; Confirm = $false } }
        @{ Command = 'Unregister-BmgDevice'; Parameters = @{ Confirm = $false } }
        @{ Command = 'Get-BmgDeviceHistory'; Parameters = @{} }
        @{ Command = 'Get-BmgDevice'; Parameters = @{} }
        @{ Command = 'Get-BmgDeviceDepLink'; Parameters = @{} }
        @{ Command = 'New-BmgDevice'; Parameters = @{ Confirm = $false } }
        @{ Command = 'Set-BmgDeviceDepEnrollment'; Parameters = @{ Method = 'Keycode'; Confirm = $false } }
        @{ Command = 'Unlock-BmgDeviceCheckIn'; Parameters = @{ Confirm = $false } }
        @{ Command = 'Get-BmgUser'; Parameters = @{} }
        @{ Command = 'Get-BmgDepDevice'; Parameters = @{} }
        @{ Command = 'Remove-BmgDepDevice'; Parameters = @{ Confirm = $false } }
        @{ Command = 'Send-BmgCheckInEmail'; Parameters = @{ CheckInUrl = 'https://mdm.example.com/checkin'; WhatIf = $true } }
    ) {
        $before = Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3
        $result = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | & $Command @Parameters }
        $result.Terminating | Should -BeNullOrEmpty

        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Output | Should -BeNullOrEmpty
        $result.Errors[0].TargetObject | Should -Be 'dev01'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $message = $result.Errors[0].Exception.Message
        $from = Get-Shown $A; $own = Get-Shown $B
        $message | Should -BeLike "The piped device 'dev01' was read from the store '$from', but $Command was given no -Database and uses the store '$own'*"
        $message | Should -BeLike "*give -Database '$from'*give -Database '$own'*"
        (Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3) | Should -Be $before -Because "B's device of that Identifier must not be touched"
        Get-Description dev01 $A | Should -Be 'A copy'
        if ($A -match '^postgres') { $message | Should -Not -BeLike "*$(([uri]$A).UserInfo.Split(':')[1])*" }
    }

    It 'a user of another store is refused by <Command>' -ForEach @(
        @{ Command = 'Set-BmgUser'; Parameters = @{ Name = 'changed'; Confirm = $false } }
        @{ Command = 'Remove-BmgUser'; Parameters = @{ Force = $true; Confirm = $false } }
        @{ Command = 'Get-BmgDevice'; Parameters = @{} }
        @{ Command = 'Get-BmgUserHistory'; Parameters = @{} }
        @{ Command = 'Rename-BmgUser'; Parameters = @{ NewName = 'renamed'; Confirm = $false } }
        @{ Command = 'New-BmgUser'; Parameters = @{ Confirm = $false } }
    ) {
        $result = Invoke-Captured { Get-BmgUser -UserName shared -Database $A | & $Command @Parameters }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Errors[0].Exception.Message | Should -BeLike "The piped user 'shared' was read from the store*"
        (Get-BmgUser -UserName shared -Database $B).Name | Should -Be 'Name in B'
    }

    It 'refuses each such object alone: the objects of its own store go on' {
        $piped = @(Get-BmgDevice -Identifier dev01 -Database $A) + @(Get-BmgDevice -Identifier dev02 -Database $B) + @('dev01')
        $result = Invoke-Captured { $piped | Set-BmgDevice -Description 'changed' }
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Errors[0].TargetObject | Should -Be 'dev01'
        Get-Description dev02 $B | Should -Be 'changed'
        Get-Description dev01 $B | Should -Be 'changed' -Because 'the piped string names a device of the command''s own store, as always'
        Get-Description dev01 $A | Should -Be 'A copy'
    }

    It 'acts where -Database says: on the store read from, on another store, and as a copy' {
        Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice -Description 'set in A' -Database $A
        Get-Description dev01 $A | Should -Be 'set in A'
        Get-Description dev01 $B | Should -Be 'B copy'

        Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice -Description 'set in B' -Database $B
        Get-Description dev01 $B | Should -Be 'set in B'

        $C = New-TestStore
        $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        $copy = Get-BmgDevice -Identifier dev02 -Database $A | New-BmgDevice -Database $C
        $copy.Description | Should -Be 'A copy'
        $copy.Database | Should -Be (Get-Shown $C)
    }

    It 'a Device or User of another store given as a parameter''s value is refused as a piped one (review 28)' {
        $device = Get-BmgDevice -Identifier dev01 -Database $A
        $user = Get-BmgUser -UserName shared -Database $A
        $removed = Invoke-Captured { Remove-BmgDevice $device -Confirm:$false }
        $set = Invoke-Captured { Set-BmgUser -UserName $user -Name 'changed' }
        foreach ($result in $removed, $set) {
            @($result.Errors) | Should -HaveCount 1
            $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'PipedFromOtherStore,*'
        }
        "$($removed.Errors[0])" | Should -BeLike "The device 'dev01' given to Remove-BmgDevice was read from the store '$(Get-Shown $A)'*"
        (Get-BmgDevice -Identifier dev01 -Database $B).Identifier | Should -Be 'dev01' -Because "B's device of that name stays"
        (Get-BmgUser -UserName shared -Database $B).Name | Should -Be 'Name in B'
        # Given -Database, it does as told: A's device goes.
        Remove-BmgDevice $device -Database $A -Confirm:$false
        Get-BmgDevice -Identifier dev01 -Database $A -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a -Database from $PSDefaultParameterValues is refused as $env:BMG_DATABASE is; one typed, abbreviated or in a splatted hashtable does as told (walkthrough 29, finding 5)' {
        # The default set in the morning and forgotten: the typed -Database on the left must not decide the write on the right.
        $global:PSDefaultParameterValues['*-Bmg*:Database'] = $B
        $result = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice -Description 'by default' -Confirm:$false }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Errors[0].TargetObject | Should -Be 'dev01'
        $from = Get-Shown $A; $own = Get-Shown $B
        $result.Errors[0].Exception.Message | Should -BeLike ("The piped device 'dev01' was read from the store '$from', but Set-BmgDevice's -Database came from " +
            "`$PSDefaultParameterValues, not from the command line, and names the store '$own'; nothing was done for it.*give -Database '$from'*give -Database '$own'.")
        Get-Description dev01 $B | Should -Be 'B copy' -Because "B's device of that name must not be changed"
        Get-Description dev01 $A | Should -Be 'A copy'

        # A splatted hashtable that holds no -Database leaves it to the default: refused the same.
        $withoutIt = @{ Description = 'splat without it'; Confirm = $false }
        $splatted = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice @withoutIt }
        Assert-ErrorId $splatted.Errors 'PipedFromOtherStore'
        Get-Description dev01 $B | Should -Be 'B copy'

        # A device of the default's own store is taken as always, and so is a name.
        Get-BmgDevice -Identifier dev02 -Database $B | Set-BmgDevice -Description 'own store' -Confirm:$false
        Get-Description dev02 $B | Should -Be 'own store'

        # Written in the command, -Database does as told, however it is written.
        Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice -Description 'typed' -Database $B
        Get-Description dev01 $B | Should -Be 'typed'
        Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice -Description 'abbreviated' -Datab $A
        Get-Description dev01 $A | Should -Be 'abbreviated'
        $splat = @{ Description = 'splatted'; Database = $A }
        Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice @splat
        Get-Description dev01 $A | Should -Be 'splatted'
    }

    Context 'a -Database the command''s own text does not show (review30, findings 1, 2)' {
        BeforeAll {
            # A wrapper function that passes its arguments on, and a proxy function (a steppable pipeline, whose statement is
            # the caller's whole pipeline): the -Database typed to them is typed, though the command's own text doesn't show it.
            function Copy-Args { $input | New-BmgDevice @args }
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Set-BmgDevice))
            Set-Item function:Set-ProxyDevice -Value ([scriptblock]::Create([System.Management.Automation.ProxyCommand]::Create($metadata)))
            # A proxy that chooses the store itself (B): its -Database is bound by the function, not by a default.
            function Set-InB {
                [CmdletBinding()] param([Parameter(ValueFromPipeline)] $InputObject, [string] $Description)
                begin {
                    $PSBoundParameters['Database'] = $B; $PSBoundParameters['Confirm'] = $false
                    $command = Get-Command Set-BmgDevice
                    $pipe = { & $command @PSBoundParameters }.GetSteppablePipeline($MyInvocation.CommandOrigin); $pipe.Begin($PSCmdlet)
                }
                process { $pipe.Process($_) }
                end { $pipe.End() }
            }
        }

        BeforeEach {
            # New-TestStore sets the default: taken away again, so that only each test's own is set ($env:BMG_DATABASE names B).
            $script:C = New-TestStore
            $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        }

        AfterEach {
            $global:PSDefaultParameterValues.Remove('Disabled')
        }

        It 'with no default, a wrapper''s @args passes -Database on: the device is copied where it says' {
            $copied = Invoke-Captured { Get-BmgDevice -Identifier dev02 -Database $A | Copy-Args -Database $C }
            $copied.Errors | Should -BeNullOrEmpty
            (Get-BmgDevice -Identifier dev02 -Database $C).Description | Should -Be 'A copy'
        }

        It 'with a default, a wrapper''s @args that holds -Database does as told; one without it is refused' {
            $global:PSDefaultParameterValues['*-Bmg*:Database'] = $B
            Get-BmgDevice -Identifier dev02 -Database $A | Copy-Args -Database $C
            (Get-BmgDevice -Identifier dev02 -Database $C).Description | Should -Be 'A copy'
            $refused = Invoke-Captured { Get-BmgDevice -Identifier dev02 -Database $A | Copy-Args -Description 'by default' }
            Assert-ErrorId $refused.Errors 'PipedFromOtherStore'
        }

        It 'with no default, a proxy function after Where-Object does as its -Database says' {
            $devices = Get-BmgDevice -Identifier dev01 -Database $A
            $proxied = Invoke-Captured { $devices | Where-Object OS -eq ios | Set-ProxyDevice -Database $B -Description 'by proxy' }
            $proxied.Errors | Should -BeNullOrEmpty
            Get-Description dev01 $B | Should -Be 'by proxy'
            Get-Description dev01 $A | Should -Be 'A copy'
        }

        It 'with a default, a proxy function given no -Database refuses a device of another store, as the command itself does; given -Database, it does as told' {
            $global:PSDefaultParameterValues['*-Bmg*:Database'] = $B
            $refused = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | Set-ProxyDevice -Description 'default through proxy' -Confirm:$false }
            Assert-ErrorId $refused.Errors 'PipedFromOtherStore'
            "$($refused.Errors[0])" | Should -BeLike "*Set-BmgDevice's -Database came from `$PSDefaultParameterValues*"
            Get-Description dev01 $B | Should -Be 'B copy' -Because "B's device of that name must not be changed"
            # Typed, even with the default's value, the proxy does as told.
            Get-BmgDevice -Identifier dev01 -Database $A | Set-ProxyDevice -Database $B -Description 'typed to proxy'
            Get-Description dev01 $B | Should -Be 'typed to proxy'
        }

        It 'a default of another value than the one bound did not give it: the function''s own -Database is done' {
            $global:PSDefaultParameterValues['*-Bmg*:Database'] = $C
            $other = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | Set-InB -Description 'chosen by the function' }
            $other.Errors | Should -BeNullOrEmpty
            Get-Description dev01 $B | Should -Be 'chosen by the function'
        }

        It 'a default of the same value can''t be told from the function''s: refused; with the defaults ''Disabled'', the bound -Database is the function''s' {
            $global:PSDefaultParameterValues['*-Bmg*:Database'] = $B
            $same = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | Set-InB -Description 'chosen by the function' }
            Assert-ErrorId $same.Errors 'PipedFromOtherStore'
            Get-Description dev01 $B | Should -Be 'B copy'
            $global:PSDefaultParameterValues['Disabled'] = $true
            $disabled = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | Set-InB -Description 'chosen by the function' }
            $disabled.Errors | Should -BeNullOrEmpty
            Get-Description dev01 $B | Should -Be 'chosen by the function'
        }
    }

    It 'a What-if given -Database names the store when it is not the one the object was read from' {
        $text = Get-WhatIfText { Get-BmgDevice -Identifier dev01 -Database $A | Remove-BmgDevice -Database $B -WhatIf }
        $text | Should -BeLike "*on target `"Device 'dev01' (Registered) in the store '$(Get-Shown $B)'`"*"
        $same = Get-WhatIfText { Get-BmgDevice -Identifier dev01 -Database $A | Remove-BmgDevice -Database $A -WhatIf }
        $same | Should -BeLike "*on target `"Device 'dev01' (Registered)`"*"
        $same | Should -Not -BeLike '*in the store*'
    }

    # Round 33 (left33b, 3): given -Database, a command that changes or removes acts on its store's record of the name,
    # which may be another person: it says so once, before it acts; one that reads or copies does not.
    It 'a command that changes or removes warns once, before it acts, that it takes its store''s record of the name; a read or copy does not' {
        $null = New-BmgUser -UserName 'other' -Database $A
        $null = New-BmgUser -UserName 'other' -Database $B
        $result = Invoke-Captured { Get-BmgUser -UserName 'other', 'shared' -Database $A | Set-BmgUser -Name 'set in B' -Database $B -Confirm:$false }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Warnings).Count | Should -Be 1 -Because 'once a command, however many objects'
        "$($result.Warnings[0])" | Should -BeLike "Set-BmgUser acts on the store '$(Get-Shown $B)' (-Database): the piped user 'other' was read from the store '$(Get-Shown $A)', so Set-BmgUser takes the user 'other' of '$(Get-Shown $B)', which may be another user*-Database '$(Get-Shown $A)'*"
        (Get-BmgUser -UserName shared -Database $B).Name | Should -Be 'set in B' -Because 'the command does as -Database tells'

        $stopped = Invoke-Captured { Get-BmgUser -UserName 'other' -Database $A | Remove-BmgUser -Database $B -Confirm:$false -WarningAction Stop }
        (@($stopped.Errors).Count -gt 0 -or $null -ne $stopped.Terminating) | Should -BeTrue -Because 'the warning stopped the command'
        @(Get-BmgUser -UserName 'other' -Database $B).Count | Should -Be 1 -Because 'the warning comes before the removal, so -WarningAction Stop removes nothing'

        foreach ($quiet in @(
                { Get-BmgDevice -Identifier dev01 -Database $A | Get-BmgDevice -Database $B }
                { Get-BmgDevice -Identifier dev02 -Database $A | New-BmgDevice -Database (New-TestStore) }
                { Get-BmgDevice -Identifier dev01 -Database $A | Set-BmgDevice -Description 'own' -Database $A }
            )) {
            $read = Invoke-Captured $quiet
            $read.Errors | Should -BeNullOrEmpty
            $read.Warnings | Should -BeNullOrEmpty -Because "$quiet reads, copies or acts where the object was read"
        }
    }

    It 'an object read back (Import-Clixml) is refused the same; an Import-Csv row or a [pscustomobject] has no store' {
        $file = Join-Path $TestDrive "devices-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDevice -Identifier dev01 -Database $A | Export-Clixml -LiteralPath $file
        $readBack = Invoke-Captured { Import-Clixml -LiteralPath $file | Set-BmgDevice -Description 'changed' }
        Assert-ErrorId $readBack.Errors 'PipedFromOtherStore'

        $csv = Join-Path $TestDrive (New-CsvName 'rows')
        Get-BmgDevice -Identifier dev01 -Database $A | Select-Object Identifier, Database | Export-Csv -LiteralPath $csv
        $rows = Invoke-Captured { Import-Csv -LiteralPath $csv | Set-BmgDevice -Description 'from a row' }
        $rows.Errors | Should -BeNullOrEmpty
        Get-Description dev01 $B | Should -Be 'from a row'

        $custom = Invoke-Captured { [pscustomobject]@{ Identifier = 'dev02'; Database = $A } | Set-BmgDevice -Description 'from an object' }
        $custom.Errors | Should -BeNullOrEmpty
        Get-Description dev02 $B | Should -Be 'from an object'
    }

    # Walkthrough 30, 1: Select-Object -First/-Last/-Skip/-Unique passes the very object on, but puts
    # "Selected.System.Management.Automation.PSCustomObject" before a read-back object's own type names: the device lost its
    # store, and Set-/Remove-BmgDevice changed B's device of that name, with a false "were not applied" warning.
    It 'an object read back keeps its store through Select-Object <Selection>: <Command> refuses it; given -Database, no warning' -ForEach @(
        @{ Selection = '-First 1'; Select = @{ First = 1 }; Command = 'Set-BmgDevice'; Parameters = @{ Description = 'WRONG STORE' } }
        @{ Selection = '-Last 1'; Select = @{ Last = 1 }; Command = 'Remove-BmgDevice'; Parameters = @{ Confirm = $false } }
        @{ Selection = '-Skip 0'; Select = @{ Skip = 0 }; Command = 'Set-BmgDevice'; Parameters = @{ Description = 'WRONG STORE' } }
        @{ Selection = '-Unique'; Select = @{ Unique = $true }; Command = 'Remove-BmgDevice'; Parameters = @{ Confirm = $false } }
    ) {
        $file = Join-Path $TestDrive "devices-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDevice -Identifier dev01 -Database $A | Export-Clixml -LiteralPath $file
        $before = Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3
        $result = Invoke-Captured { Import-Clixml -LiteralPath $file | Select-Object @Select | & $Command @Parameters }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Errors[0].Exception.Message | Should -BeLike "The piped device 'dev01' was read from the store '$(Get-Shown $A)'*"
        $result.Warnings | Should -BeNullOrEmpty
        (Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3) | Should -Be $before

        # Given its own store: done there, without a warning that the object's properties were not applied.
        $told = Invoke-Captured { Import-Clixml -LiteralPath $file | Select-Object @Select | Set-BmgDevice -Description 'told' -Database $A }
        $told.Errors | Should -BeNullOrEmpty
        $told.Warnings | Should -BeNullOrEmpty
        Get-Description dev01 $A | Should -Be 'told'
        Get-Description dev01 $B | Should -Be 'B copy'
    }

    It 'a job''s output keeps its store through Select-Object -First: Set-BmgDevice refuses it' {
        $job = Start-Job -ScriptBlock {
            param($Module, $Store)
            Import-Module $Module
            Get-BmgDevice -Identifier dev01 -Database $Store
        } -ArgumentList $env:BMG_TEST_MODULE, $A
        $fromJob = @($job | Wait-Job | Receive-Job)
        Remove-Job $job -Force
        $fromJob | Should -HaveCount 1
        $result = Invoke-Captured { $fromJob | Select-Object -First 1 | Set-BmgDevice -Description 'WRONG STORE' }
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        Get-Description dev01 $B | Should -Be 'B copy'
        # The object itself kept Select-Object's mark: piped again without it, it is refused all the same.
        $again = Invoke-Captured { $fromJob[0] | Set-BmgDevice -Description 'WRONG STORE' }
        Assert-ErrorId $again.Errors 'PipedFromOtherStore'
        Get-Description dev01 $B | Should -Be 'B copy'
    }

    # As decided in the twenty-ninth round (README, a known limit): Select-Object's copy of a read-back object is a new
    # [pscustomobject] that names no module type, so its Database is not trusted, as an Import-Csv row's is not.
    It 'Select-Object -Property''s copy of an object read back is still no module object: taken in the command''s store' {
        $file = Join-Path $TestDrive "devices-$([guid]::NewGuid().ToString('N')).xml"
        Get-BmgDevice -Identifier dev01 -Database $A | Export-Clixml -LiteralPath $file
        $result = Invoke-Captured { Import-Clixml -LiteralPath $file | Select-Object Identifier, Database | Set-BmgDevice -Description 'by name' }
        $result.Errors | Should -BeNullOrEmpty
        Get-Description dev01 $B | Should -Be 'by name'
        Get-Description dev01 $A | Should -Be 'A copy'
    }

    It 'Select-Object''s copy that keeps Database is refused as the object is: <Case>' -ForEach @(
        @{ Case = 'Select-Object * | Remove-BmgDevice'; Script = { Get-BmgDevice -Identifier dev01 -Database $A | Select-Object * | Remove-BmgDevice -Confirm:$false }; Target = 'dev01'; Kind = 'device' }
        @{ Case = 'Select-Object Identifier, Database | Set-BmgDevice'; Script = { Get-BmgDevice -Identifier dev01 -Database $A | Select-Object Identifier, Database | Set-BmgDevice -Description 'changed' }; Target = 'dev01'; Kind = 'device' }
        @{ Case = 'a copy read back'; Script = { Get-BmgDevice -Identifier dev01 -Database $A | Select-Object Identifier, Database | Export-Clixml -LiteralPath $xml; Import-Clixml -LiteralPath $xml | Set-BmgDevice -Description 'changed' }; Target = 'dev01'; Kind = 'device' }
        @{ Case = 'a device''s UserName, Database | Get-BmgUser'; Script = { Get-BmgDevice -Identifier dev01 -Database $A | Select-Object UserName, Database | Get-BmgUser }; Target = 'shared'; Kind = 'device of the user' }
        @{ Case = 'Select-Object UserName, Database | Set-BmgUser'; Script = { Get-BmgUser -UserName shared -Database $A | Select-Object UserName, Database | Set-BmgUser -Name 'changed' }; Target = 'shared'; Kind = 'user' }
    ) {
        $script:xml = Join-Path $TestDrive "copy-$([guid]::NewGuid().ToString('N')).xml"
        $before = Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3
        $result = Invoke-Captured $Script
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        $result.Output | Should -BeNullOrEmpty
        $result.Errors[0].TargetObject | Should -Be $Target
        $result.Errors[0].Exception.Message | Should -BeLike "The piped $Kind '$Target' was read from the store '$(Get-Shown $A)'*"
        (Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3) | Should -Be $before
        (Get-BmgUser -UserName shared -Database $B).Name | Should -Be 'Name in B'
    }

    It 'Select-Object''s copy without Database says no store: taken in the command''s store, as before; given -Database, it does as told' {
        $result = Invoke-Captured { Get-BmgDevice -Identifier dev01 -Database $A | Select-Object Identifier | Set-BmgDevice -Description 'by name' }
        $result.Errors | Should -BeNullOrEmpty
        Get-Description dev01 $B | Should -Be 'by name'
        Get-Description dev01 $A | Should -Be 'A copy'

        Get-BmgDevice -Identifier dev02 -Database $A | Select-Object * | Set-BmgDevice -Description 'told' -Database $B -WarningAction SilentlyContinue
        Get-Description dev02 $B | Should -Be 'told'
        $own = Invoke-Captured { Get-BmgDevice -Identifier dev02 -Database $B | Select-Object * | Remove-BmgDevice -Confirm:$false }
        $own.Errors | Should -BeNullOrEmpty -Because 'a copy of the command''s own store is taken'
        Get-BmgDevice -Identifier dev02 -Database $B -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Export-BmgDeviceCsv and Get-BmgCheckInEmail refuse a device or its copy of another store' {
        $file = Join-Path $TestDrive "export-$([guid]::NewGuid().ToString('N')).csv"
        $export = Invoke-Captured { Get-BmgDevice -Database $A | Select-Object * | Export-BmgDeviceCsv -LiteralPath $file }
        Assert-ErrorId $export.Errors 'PipedFromOtherStore' -Count 2
        Get-ErrorId $export.Terminating | Should -Be 'PipedFromOtherStore'
        Test-Path -LiteralPath $file | Should -BeFalse

        foreach ($store in $A, $B) { Set-BmgDevice -Identifier dev01 -RegistrationEmail 'shared@example.com' -Database $store -WarningAction SilentlyContinue }
        foreach ($piped in { Get-BmgDevice -Identifier dev01 -Database $A }, { Get-BmgDevice -Identifier dev01 -Database $A | Select-Object Identifier, Database }) {
            $emails = Invoke-Captured { & $piped | Get-BmgCheckInEmail }
            Assert-ErrorId $emails.Errors 'PipedFromOtherStore'
            $emails.Output | Should -BeNullOrEmpty -Because "B's email for dev01 is not the piped device's"
        }
        @(Get-BmgDevice -Identifier dev01 -Database $A | Get-BmgCheckInEmail -Database $A).Identifier | Should -Be 'dev01'
        @(Get-BmgDevice -Identifier dev01 -Database $B | Get-BmgCheckInEmail).Identifier | Should -Be 'dev01'
        # -Identifier takes piped objects by value too (NameNotObject sees each whole), so a piped name binds as well.
        @('dev01' | Get-BmgCheckInEmail).Identifier | Should -Be 'dev01'
    }

    It 'Export-BmgDeviceCsv reports the device of another store and writes no file' {
        $file = Join-Path $TestDrive "export-$([guid]::NewGuid().ToString('N')).csv"
        $result = Invoke-Captured { Get-BmgDevice -Database $A | Export-BmgDeviceCsv -LiteralPath $file }
        Assert-ErrorId $result.Errors 'PipedFromOtherStore' -Count 2
        Get-ErrorId $result.Terminating | Should -Be 'PipedFromOtherStore'
        $result.Terminating.Exception.Message | Should -BeLike '*2 of the 2 piped devices were read from another store*was not written*'
        Test-Path -LiteralPath $file | Should -BeFalse

        Get-BmgDevice -Database $A | Export-BmgDeviceCsv -LiteralPath $file -Database $A
        (Import-Csv -LiteralPath $file | Where-Object Identifier -eq dev01).Description | Should -Be 'A copy'
    }

    It 'Import-BmgDeviceCsv imports nothing from a pipe that holds a device of another store' {
        $before = Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3
        $result = Invoke-Captured { @(Get-BmgDevice -Identifier dev02 -Database $B) + @(Get-BmgDevice -Identifier dev01 -Database $A) | Import-BmgDeviceCsv }
        Get-ErrorId $result.Terminating | Should -Be 'PipedFromOtherStore'
        (Get-BmgDevice -Database $B | Select-CodeText | ConvertTo-Json -Depth 3) | Should -Be $before
    }

    It 'Import-BmgDeviceCsv -SkipInvalidRows skips a device of another store as any invalid row: counted, in the history, reported and in -FailedRowsPath' {
        $failed = Join-Path $TestDrive "failed-$([guid]::NewGuid().ToString('N')).csv"
        $piped = @(Get-BmgDevice -Identifier dev02 -Database $B) + @(Get-BmgDevice -Identifier dev01 -Database $A)
        $result = Invoke-Captured { $piped | Import-BmgDeviceCsv -SkipInvalidRows -FailedRowsPath $failed }
        $result.Terminating | Should -BeNullOrEmpty
        Assert-ErrorId $result.Errors 'PipedFromOtherStore'
        "$($result.Errors[0])" | Should -BeLike "Line 3: The piped device 'dev01' was read from the store '$(Get-Shown $A)'*"
        $summary = $result.Output | Where-Object { $_.PSObject.TypeNames[0] -eq 'BizMobileGo.Core.Import.ImportSummary' }
        $summary.Rows | Should -Be 2
        $summary.Failed | Should -Be 1
        $summary.Unchanged | Should -Be 1
        $history = Get-BmgImportHistory -Last 1 -Database $B
        $history.Failed | Should -Be 1
        @($history.Errors) | Should -HaveCount 1
        $history.Errors[0].ErrorId | Should -Be 'PipedFromOtherStore'
        $history.Errors[0].Identifier | Should -Be 'dev01'
        @(Import-Csv -LiteralPath $failed).Identifier | Should -Be 'dev01'
        Get-Description dev01 $B | Should -Be 'B copy'
    }
}
