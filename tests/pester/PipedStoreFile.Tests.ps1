# A store file piped where the command takes no store (walkthrough 29, finding 9). `Get-ChildItem ./t*.db | Test-BmgHistory`
# gave a generic ParameterBindingException for the file, then checked the history of $env:BMG_DATABASE's store and said
# Valid; `Get-ChildItem ./tanaka.db | Get-BmgDevice` advised importing the store as a CSV. Now Test- and Clear-BmgHistory
# (the commands that take no piped input) refuse anything piped, terminating, before any store is opened, and a piped
# store file is told to name it with -Database. The command's own store is the run's kind (New-TestStore); the piped
# store is a SQLite file on both runs.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A SQLite store file of its own, with one device: what `Get-ChildItem *.db` finds in an MSP's folder of customers.
    function New-PipedStoreFile {
        $path = Join-Path $TestDrive "tanaka-$([guid]::NewGuid().ToString('N')).db"
        New-BmgDevice -Identifier 'tanaka-ip01' -OS ios -Database $path -WarningAction Ignore | Out-Null
        Get-Item -LiteralPath $path
    }
}

Describe 'Test-BmgHistory and Clear-BmgHistory take no piped input' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'own-ip01' -OS ios | Out-Null
        $script:Before = Test-BmgHistory
    }

    It '<Command>: a piped store file is refused (InputObjectNotBound), told to use -Database; no store is checked or changed' -ForEach @(
        @{ Command = 'Test-BmgHistory'; Run = { param($piped) $piped | Test-BmgHistory }; Undone = 'nothing was checked' }
        @{ Command = 'Clear-BmgHistory'; Run = { param($piped) $piped | Clear-BmgHistory -Before (Get-Date).AddDays(1) -Confirm:$false }; Undone = 'nothing was removed' }
    ) {
        $file = New-PipedStoreFile
        $result = Invoke-Captured { & $Run $file }

        Get-ErrorId $result.Terminating | Should -Be 'InputObjectNotBound'
        $result.Terminating.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $result.Terminating.Exception.Message | Should -BeExactly ("A BizMobileGo store file was piped ('$($file.FullName)'), but $Command takes no piped input: it works on the whole " +
            "history of the store -Database names (else `$env:BMG_DATABASE, else the per-user store), and $Undone. To use that store, name it: " +
            "$Command -Database '$($file.FullName)'. For each of several stores: Get-ChildItem *.db | ForEach-Object { $Command -Database `$_.FullName }.")
        $result.Output | Should -BeNullOrEmpty -Because 'the command''s own store was not checked'
        $result.Errors | Should -BeNullOrEmpty
        (Test-BmgHistory).Entries | Should -Be $Before.Entries
        (Test-BmgHistory -Database $file.FullName).Entries | Should -Be 1
    }

    It 'the advice works: Get-ChildItem *.db | ForEach-Object { Test-BmgHistory -Database $_.FullName } checks each piped store' {
        $file = New-PipedStoreFile
        $results = @(@($file, $file) | ForEach-Object { Test-BmgHistory -Database $_.FullName })
        $results | Should -HaveCount 2
        $results.Valid | Should -Be @($true, $true)
        $results.Entries | Should -Be @(1, 1)
    }

    It 'any other piped object is refused the same way (<What>), and nothing is checked' -ForEach @(
        @{ What = 'a CSV file'; Piped = { Get-Item -LiteralPath (Write-TestCsv (New-CsvName) @('Identifier,OS', 'x1,ios')) }; Start = 'A file was piped (' }
        @{ What = 'a text'; Piped = { 'tanaka.db' }; Start = "The text 'tanaka.db' was piped" }
        @{ What = 'a device'; Piped = { Get-BmgDevice own-ip01 }; Start = 'A Device was piped' }
    ) {
        $piped = & $Piped
        $result = Invoke-Captured { $piped | Test-BmgHistory }

        Get-ErrorId $result.Terminating | Should -Be 'InputObjectNotBound'
        $result.Terminating.Exception.Message | Should -BeLike "$([WildcardPattern]::Escape($Start))*, but Test-BmgHistory takes no piped input*nothing was checked. Name the store with -Database, and run Test-BmgHistory on its own, not after a pipe."
        $result.Output | Should -BeNullOrEmpty
    }

    It '<Command>: a device of another store piped, no -Database given, is refused once as any piped object (not PipedFromOtherStore, not "nothing came")' -ForEach @(
        @{ Command = 'Test-BmgHistory'; Run = { $input | Test-BmgHistory }; Undone = 'nothing was checked' }
        @{ Command = 'Clear-BmgHistory'; Run = { $input | Clear-BmgHistory -Before (Get-Date).AddDays(1) -Confirm:$false }; Undone = 'nothing was removed' }
    ) {
        # Store A holds the piped devices; the command's store is $Store, named by $env:BMG_DATABASE alone (an admin's profile).
        $other = New-TestStore
        New-BmgDevice -Identifier 'other-ip01' -OS ios | Out-Null
        New-BmgDevice -Identifier 'other-ip02' -OS ios | Out-Null
        $devices = @(Get-BmgDevice)
        $otherBefore = Test-BmgHistory
        $saved = Set-EnvironmentStore $Store
        try {
            $result = Invoke-Captured { $devices | & $Run }
        } finally {
            Restore-EnvironmentStore $saved
        }

        Get-ErrorId $result.Terminating | Should -Be 'InputObjectNotBound'
        $result.Terminating.Exception.Message | Should -BeLike "A Device was piped, but $Command takes no piped input*$Undone. Name the store with -Database, and run $Command on its own, not after a pipe."
        $result.Errors | Should -BeNullOrEmpty -Because 'the advice to give -Database of the device''s store does not fit a command that takes no piped input'
        $result.Output | Should -BeNullOrEmpty
        (Test-BmgHistory -Database $Store).Entries | Should -Be $Before.Entries
        (Test-BmgHistory -Database $other).Entries | Should -Be $otherBefore.Entries
    }

    It 'a pipe that brings nothing (Get-ChildItem found no file) is refused, and no store is checked' {
        $result = Invoke-Captured { Get-ChildItem -LiteralPath $TestDrive -Filter 'no-such-*.db' | Test-BmgHistory }

        Get-ErrorId $result.Terminating | Should -Be 'InputObjectNotBound'
        $result.Terminating.Exception.Message | Should -BeLike 'Input was piped to it, and nothing came (the command before it wrote nothing), but Test-BmgHistory takes no piped input*'
        $result.Output | Should -BeNullOrEmpty
    }

    It 'run on its own, it checks its store as before; -InputObject typed is refused (PipelineOnlyParameter)' {
        $result = Invoke-Captured { Test-BmgHistory }
        $result.Output.Valid | Should -BeTrue
        $result.Output.Entries | Should -Be $Before.Entries

        $typed = Invoke-Captured { Test-BmgHistory -InputObject 'x' }
        Get-ErrorId $typed.Terminating | Should -Be 'PipelineOnlyParameter'
        $typed.Output | Should -BeNullOrEmpty
    }
}

Describe 'A store file piped to a command that takes names' {
    BeforeEach {
        $script:Store = New-TestStore
    }

    It '<Command>: the refusal tells to name the store with -Database, not to import it as a CSV' -ForEach @(
        @{ Command = 'Get-BmgDevice'; Parameter = 'Identifier' }
        @{ Command = 'Get-BmgUser'; Parameter = 'UserName' }
    ) {
        $file = New-PipedStoreFile
        $result = Invoke-Captured { $file | & $Command }

        @($result.Errors) | Should -HaveCount 1
        $message = $result.Errors[0].Exception.Message
        $message | Should -BeLike "*A BizMobileGo store file was piped ('$($file.FullName)'), but -$Parameter takes *, not files. To use that store, name it: $Command -Database '$($file.FullName)'. For each of several stores: Get-ChildItem `*.db | ForEach-Object { $Command -Database `$_.FullName }.*"
        $message | Should -Not -BeLike '*Import-BmgDeviceCsv*'
        $result.Output | Should -BeNullOrEmpty
    }

    It 'every command that takes names names itself in the advice (left30a: Get-BmgDeviceHistory''s said only "name it with -Database")' {
        $file = New-PipedStoreFile
        $result = Invoke-Captured { $file | Get-BmgDeviceHistory }

        @($result.Errors) | Should -HaveCount 1
        $result.Errors[0].Exception.Message | Should -BeLike ("*A BizMobileGo store file was piped ('$($file.FullName)'), but -Identifier takes *, not files. " +
            "To use that store, name it: Get-BmgDeviceHistory -Database '$($file.FullName)'. For each of several stores: Get-ChildItem *.db | ForEach-Object { Get-BmgDeviceHistory -Database `$_.FullName }.*")
        $result.Output | Should -BeNullOrEmpty
    }

    It 'a piped FIFO is not opened to see whether it is a store: the command ends with its refusal (<Command>)' -Skip:$IsWindows -ForEach @(
        @{ Command = 'Get-BmgDevice' }
        @{ Command = 'Test-BmgHistory' }
    ) {
        # Opening a FIFO waits for a writer: the pipe hung. Run in a pwsh of its own, so a hang ends the test instead of the run.
        $fifo = Join-Path $TestDrive "p-$([guid]::NewGuid().ToString('N')).db"
        & mkfifo $fifo
        $LASTEXITCODE | Should -Be 0
        $child = Join-Path $TestDrive "fifo-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $child -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Fifo, [string] $Command, [string] $Database)
Import-Module $Module
try { Get-Item -LiteralPath $Fifo | & $Command -Database $Database -ErrorVariable failed -ErrorAction SilentlyContinue } catch { $failed = @($_) }
'ErrorId=' + $failed[0].FullyQualifiedErrorId
'Message=' + $failed[0].Exception.Message
'@
        $process = Start-BmgChild $child @('-Fifo', $fifo, '-Command', $Command, '-Database', $Store)
        $output = $process.StandardOutput.ReadToEndAsync()
        # The guard is load-scaled (HangGuard.ps1): WaitForExit(120000) was 120 s of wall clock for a child pwsh's start,
        # the module's import and the command, which a slow machine could spend.
        try { $null = Wait-Until -What 'the child to end: the command must not wait for a writer of the piped FIFO' -Condition { $process.HasExited } }
        catch { $process.Kill($true); throw }
        $process.WaitForExit()
        $lines = $output.Result -split "`r?`n"
        $lines | Where-Object { $_ -like 'Message=*' } | Should -BeLike "Message=*A file was piped ('$fifo')*"
    }

    It 'a file that is no store (a CSV) still gets the CSV advice' {
        $csv = Write-TestCsv (New-CsvName) @('Identifier,OS', 'x1,ios')
        $result = Invoke-Captured { Get-Item -LiteralPath $csv | Get-BmgDevice }

        $result.Errors[0].Exception.Message | Should -BeLike "*A file was piped ('$csv')*Import-BmgDeviceCsv -LiteralPath '$csv'*Import-Csv -LiteralPath '$csv' | Get-BmgDevice …*"
    }
}

Describe 'a store file given as the CSV file of Export-BmgDeviceCsv or Import-BmgDeviceCsv (left30a)' {
    # An export written over a customer's store replaced it with a CSV of another store; an import of a store said only
    # "line 1 contains a NUL character". Now both say the file is a BizMobileGo store (PathIsStore) and leave it as it was.
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgDevice -Identifier 'own-ip01' -OS ios | Out-Null
        $script:Other = New-PipedStoreFile
        $script:OtherHash = (Get-FileHash -LiteralPath $Other.FullName).Hash
    }

    It 'Export-BmgDeviceCsv -<Parameter> given a store file is refused, PathIsStore, and the store file is left byte for byte' -ForEach @(
        @{ Parameter = 'Path' }
        @{ Parameter = 'LiteralPath' }
    ) {
        $target = @{ $Parameter = $Other.FullName }
        $result = Invoke-Captured { Export-BmgDeviceCsv @target -Force }
        Get-ErrorId $result.Terminating | Should -Be 'PathIsStore'
        $result.Terminating.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $result.Terminating.Exception.Message | Should -BeExactly ("'$($Other.FullName)' is a BizMobileGo store, not a CSV file; it would be written over. " +
            "Give another path for the CSV file to write. A store is named with -Database: Get-BmgDevice -Database '$($Other.FullName)' reads its devices.")
        (Get-FileHash -LiteralPath $Other.FullName).Hash | Should -Be $OtherHash
        (Get-BmgDevice -Database $Other.FullName).Identifier | Should -Be 'tanaka-ip01' -Because 'the other store is still a store'
    }

    It 'an existing file that is no store is replaced by Export-BmgDeviceCsv as before' {
        $plain = Join-Path $TestDrive "old-$([guid]::NewGuid().ToString('N')).csv"
        Set-Content -LiteralPath $plain -Value 'old contents'
        Export-BmgDeviceCsv -LiteralPath $plain
        (Import-Csv -LiteralPath $plain).Identifier | Should -Be 'own-ip01'
    }

    It 'a store file piped to Export-BmgDeviceCsv is refused as a piped file, and no file is written (not even a header)' {
        $out = Join-Path $TestDrive "out-$([guid]::NewGuid().ToString('N')).csv"
        $result = Invoke-Captured { $Other | Export-BmgDeviceCsv -LiteralPath $out }
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].Exception.Message | Should -BeLike "*A BizMobileGo store file was piped ('$($Other.FullName)'), but -InputObject takes Device objects, not files. To use that store, name it with -Database*"
        Get-ErrorId $result.Terminating | Should -Be 'PathIsStore'
        $result.Terminating.Exception.Message | Should -BeLike "A BizMobileGo store file was piped (reported above), not devices, so '$out' was not written.*"
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It 'Import-BmgDeviceCsv <How> a store file says it is a store (PathIsStore), imports nothing and leaves both stores as they were' -ForEach @(
        @{ How = 'given'; Run = { param($file) Import-BmgDeviceCsv -LiteralPath $file.FullName } }
        @{ How = 'piped'; Run = { param($file) $file | Import-BmgDeviceCsv } }
    ) {
        $result = Invoke-Captured { & $Run $Other }
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'PathIsStore,*'
        $result.Errors[0].Exception.Message | Should -BeExactly ("'$($Other.FullName)' is a BizMobileGo store, not a CSV file; nothing was read from it. " +
            "A store is named with -Database: Get-BmgDevice -Database '$($Other.FullName)' reads its devices.")
        "$($result.Errors[0]) $($result.Terminating)" | Should -Not -BeLike '*NUL*'
        @(Get-BmgDevice).Identifier | Should -Be @('own-ip01')
        (Get-FileHash -LiteralPath $Other.FullName).Hash | Should -Be $OtherHash
    }

    It 'the -Database advice of every message can be pasted for a store whose name holds quotes, typographic ones too (review30, finding 6)' {
        # PowerShell ends a single-quoted string at ' and at its typographic quotes (U+2018-U+201B) alike: each is doubled.
        $quoted = Join-Path $TestDrive "O'Brien$([char]0x2019)s-$([guid]::NewGuid().ToString('N')).db"
        New-BmgDevice -Identifier 'quoted-ip01' -OS ios -Database $quoted -WarningAction Ignore | Out-Null
        $savedStores = Set-EnvironmentStore $Store
        try {
            $messages = @(
                "$((Invoke-Captured { Import-BmgDeviceCsv -LiteralPath $quoted }).Errors[0])"
                "$((Invoke-Captured { Get-Item -LiteralPath $quoted | Get-BmgDevice }).Errors[0])"
                "$((Invoke-Captured { Get-BmgDevice -Identifier quoted-ip01 -Database $quoted | Set-BmgDevice -Description x }).Errors[0])"
            )
        }
        finally {
            Restore-EnvironmentStore $savedStores
        }

        foreach ($message in $messages) {
            $arguments = @([regex]::Matches($message, "-Database ('(?:[^'\u2018-\u201B]|['\u2018-\u201B]{2})*')") | ForEach-Object { $_.Groups[1].Value })
            $arguments | Should -Not -BeNullOrEmpty -Because "'$message' gives -Database advice"
            $read = Invoke-Expression "Get-BmgDevice -Identifier quoted-ip01 -Database $($arguments[0])"
            $read.Identifier | Should -Be 'quoted-ip01' -Because "the advice of '$message' names the store"
        }
    }

    It 'Import-BmgDepDevice given a store file says it is a store (PathIsStore) and imports nothing' {
        $result = Invoke-Captured { Import-BmgDepDevice -LiteralPath $Other.FullName }
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'PathIsStore,*'
        $result.Errors[0].Exception.Message | Should -BeExactly ("'$($Other.FullName)' is a BizMobileGo store, not a DEP device file; nothing was read from it. " +
            "A store is named with -Database: Get-BmgDevice -Database '$($Other.FullName)' reads its devices.")
        @(Get-BmgDepDevice) | Should -BeNullOrEmpty
        (Get-FileHash -LiteralPath $Other.FullName).Hash | Should -Be $OtherHash
    }
}
