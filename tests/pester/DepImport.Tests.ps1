# Round 14, Import-BmgDepDevice's gaps: a refused DEP file ends the command in ImportFailed (and says "would" under
# -WhatIf, in Import-BmgDeviceCsv's words), a -Confirm prompt holds no lock, -MdmServer given for a file that has no
# Assigned MDM Server column is said, Apple Business Manager's rows skipped as not this MDM's release the serials the
# store still holds as active DEP devices, and a device list downloaded in another language is refused saying to
# download it in English.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:AbmHeader = '"Serial Number","Device Model","Color","Assigned MDM Server","Status"'

    # Each kind of file Import-BmgDepDevice refuses whole: the file's own error, then nothing imported from it.
    function Write-RefusedDepFile([string] $Kind) {
        switch ($Kind) {
            'DepDeviceFileInvalid' { Write-TestJson "bad-$([guid]::NewGuid().ToString('N')).json" '{"devices": [' }
            'DepMdmServerAmbiguous' {
                Write-TestCsv (New-CsvName 'abm-two') @(
                    $AbmHeader
                    '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
                    '"JJJKKKLLLHH3","iPhone 16e","White","Other Vendor MDM","Assigned"'
                )
            }
            'InvalidFieldValue' { Write-TestCsv (New-CsvName 'dep-bad-date') @('SerialNumber,DeviceAssignedDate', 'EEEFFFGGGHHH,11/20/2026') }
        }
    }
}

Describe 'A refused DEP file ends Import-BmgDepDevice in ImportFailed, as Import-BmgDeviceCsv''s refused file does' {
    BeforeEach { New-TestStore | Out-Null }

    It 'a file refused as <Kind>: its error, the good file beside it imported, then ImportFailed with the refused file as its target' -TestCases @(
        @{ Kind = 'DepDeviceFileInvalid' }
        @{ Kind = 'DepMdmServerAmbiguous' }
        @{ Kind = 'InvalidFieldValue' }
    ) {
        $refused = Write-RefusedDepFile $Kind
        $good = Write-TestCsv (New-CsvName 'dep-good') @('SerialNumber,Model', 'AAABBBCCCDDD,iPhone 15')
        $result = Invoke-Captured { Import-BmgDepDevice $refused, $good -ErrorAction Continue }

        @($result.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Contain $Kind
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD')
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $refused
        $result.Terminating.Exception.Message | Should -BeLike "*'$refused'*so nothing was imported from it*"
    }

    It '-MdmServer naming no server of the list (DepMdmServerNotFound) ends in ImportFailed too' {
        $file = Write-TestCsv (New-CsvName 'abm-one') @($AbmHeader, '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"')
        $result = Invoke-Captured { Import-BmgDepDevice $file -MdmServer 'BizMobile' -ErrorAction Continue }

        Assert-ErrorId $result.Errors 'DepMdmServerNotFound'
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.TargetObject | Should -Be $file
    }

    It 'a nightly DEP refresh script whose list names two MDM servers exits non-zero under pwsh -File' {
        $database = New-TestStore -Created
        $file = Write-RefusedDepFile 'DepMdmServerAmbiguous'
        $run = Invoke-FreshPwsh -Script @"
Import-Module '$env:BMG_TEST_MODULE'
`$ErrorActionPreference = 'Stop'
Import-BmgDepDevice -Path '$file' -Database '$database' -ErrorAction Continue
'not reached'
"@
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Match 'DepMdmServerAmbiguous|2 MDM servers'
        $run.Text | Should -Match 'nothing was imported from it'
        $run.Text | Should -Not -Match 'not reached'
    }
}

Describe '-WhatIf of a DEP file the real run would refuse ends in ImportFailed saying so, in Import-BmgDeviceCsv''s words' {
    BeforeEach { New-TestStore -Created | Out-Null }

    It 'a file refused as <Kind> under -WhatIf: ImportFailed "What if: ... nothing would be imported from it (a dry run: nothing was written)"' -TestCases @(
        @{ Kind = 'DepDeviceFileInvalid' }
        @{ Kind = 'InvalidFieldValue' }
    ) {
        $refused = Write-RefusedDepFile $Kind
        $result = Invoke-Captured { Import-BmgDepDevice $refused -WhatIf -ErrorAction Continue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.Exception.Message | Should -BeLike "What if: *'$refused'*, so nothing would be imported from it (a dry run: nothing was written).*"
        $result.Terminating.Exception.Message | Should -Not -Match '\bfailed and wrote\b|was imported'
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }

    It 'Import-BmgDeviceCsv -WhatIf of a refused file keeps the same words' {
        $bad = Write-TestCsv (New-CsvName 'devices-bad') @('Identifier,OS', 'ok-1,ios', 'bad-1,nosuchos')
        $result = Invoke-Captured { Import-BmgDeviceCsv $bad -WhatIf -ErrorAction Continue }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $result.Terminating.Exception.Message | Should -Be "What if: 1 of 2 rows of '$bad' failed, so nothing would be imported from it (a dry run: nothing was written). Fix the failed rows (each has its own error, written before this one), or use -SkipInvalidRows to import the valid rows."
    }
}

Describe 'A -Confirm prompt of Import-BmgDepDevice holds no lock (both stores)' {
    # As Remove-BmgDepDevice's (DepInventory.Tests.ps1): a child pwsh waits at the console host's prompt (its answer read
    # from standard input) while this session writes to the same store; then Yes, and the file's changes are decided again
    # against what the store holds by then. Before, the prompt was asked inside the store's write transaction: this
    # session's write waited for it (StoreBusy after 30 s).
    BeforeAll {
        . $PSScriptRoot/Reliability.Common.ps1
        $script:ImportPromptChild = Join-Path $TestDrive 'dep-import-prompt-child.ps1'
        Set-Content -LiteralPath $script:ImportPromptChild -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $File, [string] $Prompt = 'Confirm')
Import-Module $Module
# -Confirm, or no -Confirm and $ConfirmPreference down to Import-BmgDepDevice's ConfirmImpact (Medium): both prompt.
$confirm = @{ Confirm = $true }
if ($Prompt -eq 'Preference') { $ConfirmPreference = 'Medium'; $confirm = @{} }
$out = Import-BmgDepDevice -LiteralPath $File @confirm -Database $Database -WarningAction SilentlyContinue -WarningVariable warnings -ErrorAction SilentlyContinue -ErrorVariable failures
foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("imported $($o.Released) released $($o.Committed)") } }
foreach ($w in $warnings) { [Console]::Out.WriteLine("warning $w") }
foreach ($e in $failures) { [Console]::Out.WriteLine("error $($e.FullyQualifiedErrorId.Split(',')[0])") }
[Console]::Out.WriteLine('end')
'@
    }

    It 'while a sync response waits at its prompt (<Prompt>) another admin registers a device with a serial it releases; Yes then releases it and warns naming that device' -TestCases @(
        @{ Prompt = 'Confirm' }
        # Round 14: a run that can't prompt plans once under the lock (BmgCmdlet.ConfirmMayPrompt); one whose
        # $ConfirmPreference makes it prompt still asks holding no lock.
        @{ Prompt = 'Preference' }
    ) {
        param($Prompt)
        $database = New-TestStore
        Import-BmgDepDevice (Write-TestJson 'fetch-prompt.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","model":"iPhone 16","os":"iOS"},{"serial_number":"F9FXK2CCCC09","model":"iPhone 16","os":"iOS"}]}') | Out-Null
        $release = Write-TestJson 'release-prompt.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","op_type":"deleted","op_date":"2026-12-01T12:00:00Z"}]}'

        $child = Start-BmgChild $ImportPromptChild @('-Database', $database, '-File', $release, '-Prompt', $Prompt) -Interactive
        try {
            Wait-ChildLine $child 'Performing the operation "Import DEP devices: release 1' | Should -Not -BeNullOrEmpty
            # The prompt is open: another admin writes to the store, and is not held up by it.
            (New-BmgDevice -Identifier 'during-import-prompt' -OS ios -Serial 'F9FXK2CCCC05' -DEPMethod Serial -ErrorAction Stop).Identifier | Should -Be 'during-import-prompt'

            $child.StandardInput.WriteLine('Y')
            $lines = Read-ChildToEnd $child
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
        }

        @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
        $lines | Should -Contain 'imported 1 released True'
        # Decided once the store was held: the device registered while the prompt was open is named.
        @($lines | Where-Object { $_ -like "warning Device 'during-import-prompt' $([WildcardPattern]::Escape((Get-InStore))) is still to check in through DEP with Serial 'F9FXK2CCCC05', which Apple released on 2026-12-01*" }) | Should -HaveCount 1
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('F9FXK2CCCC09')
    }
}

Describe 'A warning under -WarningAction Inquire asks holding no lock, as a -Confirm prompt does (both stores; review 30b, finding 1)' {
    # A warning that asks is a prompt like -Confirm's: asked from the plan made before the write lock is taken, the file
    # then planned again under the lock and written. Before, the question was asked inside the file's write transaction
    # (round 30's beforeWrite): this session's write waited for it and failed StoreBusy after 30 s.
    BeforeAll {
        . $PSScriptRoot/Reliability.Common.ps1
        $script:InquireChild = Join-Path $TestDrive 'dep-import-inquire-child.ps1'
        Set-Content -LiteralPath $script:InquireChild -Encoding utf8NoBOM -Value @'
param([string] $Module, [string] $Database, [string] $File)
Import-Module $Module
try {
    if ($File) {
        $out = Import-BmgDepDevice -LiteralPath $File -Database $Database -WarningAction Inquire -WarningVariable warnings -ErrorAction Stop
        foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("imported $($o.Added) committed $($o.Committed)") } }
    }
    else {
        # New-BmgDevice's warning (an 8-character serial) asks from the same confirm step as its -Confirm prompt.
        $out = New-BmgDevice -Identifier 'asked-01' -OS ios -Serial 'ABCDEFGH' -Database $Database -WarningAction Inquire -WarningVariable warnings -ErrorAction Stop
        foreach ($o in @($out)) { if ($o) { [Console]::Out.WriteLine("created $($o.Identifier)") } }
    }
}
catch { [Console]::Out.WriteLine("error $($_.FullyQualifiedErrorId.Split(',')[0])") }
foreach ($w in $warnings) { [Console]::Out.WriteLine("warning $w") }
[Console]::Out.WriteLine('end')
'@
        # Starts the child, and while its question is open writes to the store from this session (not held up by it);
        # then answers and returns the child's lines.
        function Invoke-WhileAsked([string[]] $Arguments, [string] $Answer) {
            $child = Start-BmgChild $InquireChild $Arguments -Interactive
            try {
                Wait-ChildLine $child 'Continue with this operation' | Should -Not -BeNullOrEmpty
                (New-BmgDevice -Identifier 'during-inquire' -OS ios -ErrorAction Stop).Identifier | Should -Be 'during-inquire'
                $child.StandardInput.WriteLine($Answer)
                return , (Read-ChildToEnd $child)
            }
            finally {
                if (-not $child.HasExited) { $child.Kill($true) }
            }
        }
    }

    It 'while the warning''s question is open another admin writes to the store; <Answer> then <Outcome>' -TestCases @(
        @{ Answer = 'Y'; Outcome = 'writes the file, the warning said once' }
        @{ Answer = 'H'; Outcome = 'writes nothing' }
    ) {
        param($Answer, $Outcome)
        $database = New-TestStore
        # Column 4 has no name and is blank in every row: imported with a warning.
        $warn = Write-TestCsv (New-CsvName 'dep-inquire') @('SerialNumber,Model,Description,', 'F2LXKL0AHG7F,iPad,one,')

        $lines = Invoke-WhileAsked @('-Database', $database, '-File', $warn) $Answer

        if ($Answer -eq 'Y') {
            @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
            $lines | Should -Contain 'imported 1 committed True'
            @($lines | Where-Object { $_ -like 'warning *' }) | Should -Be @("warning '$warn': column 4 has no name in the header and is blank in every row; it was ignored.")
            @(Get-BmgDepDevice).SerialNumber | Should -Be @('F2LXKL0AHG7F')
        }
        else {
            $lines | Should -Contain 'error ActionPreferenceStop'
            @($lines | Where-Object { $_ -like 'imported *' }) | Should -BeNullOrEmpty
            @(Get-BmgDepDevice) | Should -BeNullOrEmpty
        }
        @(Get-BmgDevice).Identifier | Should -Be @('during-inquire')
    }

    It 'New-BmgDevice''s warning under Inquire asks holding no lock too; <Answer> then <Outcome>' -TestCases @(
        @{ Answer = 'Y'; Outcome = 'creates the device' }
        @{ Answer = 'H'; Outcome = 'creates nothing' }
    ) {
        param($Answer, $Outcome)
        $database = New-TestStore
        $lines = Invoke-WhileAsked @('-Database', $database) $Answer

        if ($Answer -eq 'Y') {
            @($lines | Where-Object { $_ -like 'error *' }) | Should -BeNullOrEmpty
            $lines | Should -Contain 'created asked-01'
            @($lines | Where-Object { $_ -like 'warning *' }) | Should -HaveCount 1
            @(Get-BmgDevice | Sort-Object Identifier).Identifier | Should -Be @('asked-01', 'during-inquire')
        }
        else {
            $lines | Should -Contain 'error ActionPreferenceStop'
            @(Get-BmgDevice).Identifier | Should -Be @('during-inquire')
        }
    }
}

Describe 'A DEP file''s warning under -WarningAction Stop stops the import before anything is written (walkthrough 30, finding 4)' {
    BeforeEach { New-TestStore | Out-Null }

    It 'a sync response''s release of a Registered device''s serial under -WarningAction Stop: the warning is said, nothing of the file is written' {
        Import-BmgDepDevice (Write-TestJson 'fetch-stop.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","model":"iPhone 16","os":"iOS"}]}') | Out-Null
        New-BmgDevice -Identifier 'registered-stop' -OS ios -Serial 'F9FXK2CCCC05' -DEPMethod Serial | Out-Null
        $release = Write-TestJson 'release-stop.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","op_type":"deleted","op_date":"2026-12-01T12:00:00Z"}]}'

        $result = Invoke-Captured { Import-BmgDepDevice $release -WarningAction Stop }

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $result.Terminating.Exception.Message | Should -BeLike "*Device 'registered-stop'*is still to check in through DEP with Serial 'F9FXK2CCCC05', which Apple released on 2026-12-01*"
        @($result.Output) | Should -BeNullOrEmpty
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('F9FXK2CCCC05') -Because 'the release comes after its warning'

        # Without Stop the same file releases it and warns once.
        $result = Invoke-Captured { Import-BmgDepDevice $release }
        @($result.Output).Released | Should -Be @(1)
        @($result.Warnings) | Should -HaveCount 1
        @(Get-BmgDepDevice) | Should -BeNullOrEmpty
    }

    It 'an ignored blank column under -WarningAction Stop: the warning is said, no DEP device is written, the files after it are not tried; Continue writes it and warns once' {
        $good = Write-TestCsv (New-CsvName 'dep-good') @('SerialNumber,Model', 'AAABBBCCCDDD,iPhone 15')
        # Column 4 has no name and is blank in every row: the file is imported, the column ignored, with a warning.
        $warn = Write-TestCsv (New-CsvName 'dep-warn') @('SerialNumber,Model,Description,', 'F2LXKL0AHG7F,iPad,one,')
        $later = Write-TestCsv (New-CsvName 'dep-later') @('SerialNumber,Model', 'EEEFFFGGGHHH,iPad')

        $result = Invoke-Captured { Import-BmgDepDevice $good, $warn, $later -WarningAction Stop }

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $result.Terminating.Exception.Message | Should -BeLike "*'$warn': column 4 has no name in the header*"
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD') -Because 'the file before it is written, the warning stops before its own rows'

        $result = Invoke-Captured { Import-BmgDepDevice $warn }

        $result.Terminating | Should -BeNullOrEmpty
        @($result.Warnings | ForEach-Object { "$_" }) | Should -Be @("'$warn': column 4 has no name in the header and is blank in every row; it was ignored.")
        @($result.Output).Committed | Should -Be @($true)
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD', 'F2LXKL0AHG7F')
    }

    It 'pages piped one a record under -WarningAction Stop (files from Get-ChildItem, Apple''s replies as objects): all imported, no stop; a piped last page still open is written, then stops naming the reply (review31, finding 3)' {
        $page1 = Write-TestJson 'stop-page1.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPad"}],"cursor":"MTox","more_to_follow":true}'
        $page2 = Write-TestJson 'stop-page2.json' '{"devices":[{"serial_number":"BBBCCCDDDAAA","model":"iPad mini"}],"cursor":"MToy","more_to_follow":false}'

        $result = Invoke-Captured { Get-ChildItem -LiteralPath $page1, $page2 | Import-BmgDepDevice -WarningAction Stop }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        @($result.Output).Committed | Should -Be @($true, $true)
        @(Get-BmgDepDevice | Sort-Object SerialNumber).SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA')

        New-TestStore | Out-Null
        $result = Invoke-Captured { $page1, $page2 | ForEach-Object { Get-Content -LiteralPath $_ -Raw | ConvertFrom-Json } | Import-BmgDepDevice -WarningAction Stop }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output).Committed | Should -Be @($true, $true)
        @(Get-BmgDepDevice | Sort-Object SerialNumber).SerialNumber | Should -Be @('AAABBBCCCDDD', 'BBBCCCDDDAAA')

        # Path strings piped one a record are pages of one input too.
        New-TestStore | Out-Null
        $result = Invoke-Captured { $page1, $page2 | Import-BmgDepDevice -WarningAction Stop }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output).Committed | Should -Be @($true, $true)

        # The last piped page says more_to_follow: no later record continued it; it is written, and its warning at the end stops the command.
        New-TestStore | Out-Null
        $result = Invoke-Captured { Get-Content -LiteralPath $page1 -Raw | ConvertFrom-Json | Import-BmgDepDevice -WarningAction Stop }
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $result.Terminating.Exception.Message | Should -BeLike "*Apple's reply 'piped object 1' says more_to_follow: true: the devices of its next page were not piped after it to this command. Ask Apple for the next page with the cursor 'MTox' and pipe it after this one*"
        $result.Terminating.Exception.Message | Should -Not -BeLike '*page1.json*'
        @($result.Output).Committed | Should -Be @($true)
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD') -Because 'a piped page is written before the end of the input tells whether its next page came'
    }

    It '-Path page1, page2 under -WarningAction Stop, page 2 stopping before its write: page 1 (written) is still warned about, its unnamed profile too (review31, finding 8)' {
        $page1 = Write-TestJson 'open-page.json' '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPad","profile_uuid":"9A8B7C6D5E4F40312233445566778899"}],"cursor":"MTox","more_to_follow":true}'
        $warn = Write-TestCsv (New-CsvName 'dep-warn-page') @('SerialNumber,Model,Description,', 'F2LXKL0AHG7F,iPad,one,')

        $result = Invoke-Captured { Import-BmgDepDevice $page1, $warn -WarningAction Stop }

        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ActionPreferenceStop,*'
        $result.Terminating.Exception.Message | Should -BeLike "*'$warn': column 4 has no name in the header*"
        @($result.Warnings | ForEach-Object { "$_" }) | Should -Contain "Apple's response '$page1' says more_to_follow: true: the devices of its next page are not in this file, and no later file of this command continues it. Ask Apple for the next page with the cursor 'MTox' and import it (give the pages in one command, in the order Apple returned them: Import-BmgDepDevice page1.json, page2.json); until then devices Apple assigned to this MDM are missing from the DEP device list."
        # Said after the page's warning, which throws under Stop once written: each is said in its own try.
        @($result.Warnings | ForEach-Object { "$_" }) | Should -Contain "DEP devices of '$page1' are assigned the profile 9A8B7C6D5E4F40312233445566778899, whose name is not known: import Apple's profile response for it (Import-BmgDepDevice profile.json) or name it with Set-BmgDepProfile -Uuid 9A8B7C6D5E4F40312233445566778899 -Name <name>."
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('AAABBBCCCDDD')
    }
}

Describe 'Apple''s reply piped as a dictionary (ConvertFrom-Json -AsHashtable, a hashtable) is imported as the reply it is (review31, finding 9)' {
    BeforeEach { New-TestStore | Out-Null }

    It 'ConvertFrom-Json -AsHashtable''s reply and a hashtable literal: imported, not refused as "not a name for -Path"' {
        $json = '{"devices":[{"serial_number":"AAABBBCCCDDD","model":"iPad"}],"cursor":"MTox","more_to_follow":false}'
        $result = Invoke-Captured { $json | ConvertFrom-Json -AsHashtable | Import-BmgDepDevice }
        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output).Added | Should -Be @(1)
        (Get-BmgDepDevice AAABBBCCCDDD).Model | Should -Be 'iPad'

        $result = Invoke-Captured { @{ devices = @(@{ serial_number = 'BBBCCCDDDAAA'; model = 'iPad mini' }) } | Import-BmgDepDevice }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output).Added | Should -Be @(1)
        (Get-BmgDepDevice BBBCCCDDDAAA).Model | Should -Be 'iPad mini'

        # A dictionary with none of Apple's keys is still refused by -Path's rule.
        # It is told what -Path takes (a path) and what may be piped instead, never to rename a column: -Path binds no
        # property of a piped object (round 32).
        $result = Invoke-Captured { @{ serial = 'CCCDDDAAABBB' } | Import-BmgDepDevice }
        "$($result.Errors + $result.Terminating)" | Should -BeLike "*Hashtable object is not a path for -Path: give the file's path as a string, or pipe the files (Get-ChildItem ./dep-*.json | Import-BmgDepDevice), or Apple's replies as Invoke-RestMethod or ConvertFrom-Json returns them (objects with 'devices', or 'profile_uuid' and 'profile_name'*"
        "$($result.Errors + $result.Terminating)" | Should -Not -BeLike '*rename*'
        @(Get-BmgDepDevice).Count | Should -Be 2
        # Only Apple's keys hand a dictionary on, and only here: a dictionary binds no parameter by property name, so
        # elsewhere it is still refused, not looked up as 'System.Collections.Hashtable'.
        $result = Invoke-Captured { @{ Serial = 'AAABBBCCCDDD' } | Get-BmgDeviceDepLink }
        "$($result.Errors + $result.Terminating)" | Should -BeLike '*Hashtable object is not a name for -Identifier*'
    }
}

Describe '-MdmServer given for files with no Assigned MDM Server column is said, not ignored silently' {
    BeforeEach { New-TestStore | Out-Null }

    It 'Apple''s device response and the module''s CSV with -MdmServer: imported, and one warning naming each file and its kind' {
        $json = Write-TestJson 'fetch-mdm.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","model":"iPhone 16"}]}'
        $csv = Write-TestCsv (New-CsvName 'dep-own') @('SerialNumber,Model', 'AAABBBCCCDDD,iPhone 15')
        $result = Invoke-Captured { Import-BmgDepDevice $json, $csv -MdmServer 'BizMobile Go!' }

        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output).Committed | Should -Be @($true, $true)
        @($result.Warnings) | Should -HaveCount 1
        "$($result.Warnings[0])" | Should -Be ("-MdmServer 'BizMobile Go!' was not used: it chooses the rows of Apple Business Manager's device list (its Assigned MDM Server column), " +
            "and no file of this command is one: '$json' (Apple device response), '$csv' (CSV). Leave -MdmServer out for these files.")
    }

    It 'a call that imports Apple Business Manager''s list beside a JSON response uses -MdmServer: no such warning' {
        $json = Write-TestJson 'fetch-mixed.json' '{"devices":[{"serial_number":"F9FXK2CCCC05","model":"iPhone 16"}]}'
        $abm = Write-TestCsv (New-CsvName 'abm-one') @($AbmHeader, '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"')
        $result = Invoke-Captured { Import-BmgDepDevice $abm, $json -MdmServer 'bizmobile go!' }

        $result.Errors | Should -BeNullOrEmpty
        $result.Warnings | Should -BeNullOrEmpty
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('EEEFFFGGGHHH', 'F9FXK2CCCC05')
    }
}

Describe 'Apple Business Manager rows skipped as not this MDM''s release the active DEP devices of their serials' {
    BeforeEach {
        New-TestStore | Out-Null
        Import-BmgDepDevice (Write-TestCsv (New-CsvName 'dep-before') @(
                'SerialNumber,Model'
                'EEEFFFGGGHHH,iPad (10th generation)'
                'JJJKKKLLLHH2,iPhone 16e'
                'JJJKKKLLLHH3,iPhone 16e'
            )) | Out-Null
        New-BmgDevice -Identifier 'ipad-unassigned' -OS ios -Serial 'JJJKKKLLLHH2' -DEPMethod Serial | Out-Null
    }

    It 'an unassigned row and another server''s row: both released (counted as Released), the Registered device named in a warning; an unknown skipped serial gets no record' {
        $abm = Write-TestCsv (New-CsvName 'abm-moved') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
            '"JJJKKKLLLHH2","iPhone 16e","White","","Unassigned"'
            '"JJJKKKLLLHH3","iPhone 16e","White","Other Vendor MDM","Assigned"'
            '"JJJKKKLLLHH9","iPhone 16e","White","","Unassigned"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $abm -MdmServer 'BizMobile Go!' }

        $result.Errors | Should -BeNullOrEmpty
        $summary = $result.Output[0]
        $summary.Skipped | Should -Be 3
        $summary.Released | Should -Be 2
        $summary.Updated | Should -Be 1
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('EEEFFFGGGHHH')
        $still = @($result.Warnings | Where-Object { "$_" -like "Device 'ipad-unassigned'*" })
        $still | Should -HaveCount 1
        "$($still[0])" | Should -Be ("Device 'ipad-unassigned' $(Get-InStore) is still to check in through DEP with Serial 'JJJKKKLLLHH2', which Apple Business Manager's device list '$abm' shows as not assigned to an MDM server (line 3): " +
            "its check-in will be refused until Apple's list has it again (Import-BmgDepDevice) or the device's Serial is corrected.")
        $gone = Invoke-Captured { Get-BmgDepDevice -SerialNumber JJJKKKLLLHH9 }
        Get-ErrorId $gone.Errors[0] | Should -Be 'DepDeviceNotFound'
        "$($gone.Errors[0])" | Should -Not -BeLike '*released*'
    }

    It 'Get-BmgDepDevice and a check-in of a serial the list released say it may be the list that released it, not only a sync response' {
        $abm = Write-TestCsv (New-CsvName 'abm-released') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
            '"JJJKKKLLLHH2","iPhone 16e","White","","Unassigned"'
        )
        Import-BmgDepDevice $abm -WarningAction SilentlyContinue | Out-Null

        # The store keeps when a serial was released, not which of Apple's files released it: the words name both ways.
        $both = "*serial 'JJJKKKLLLHH2' was released by Apple on * (a sync response's op_type 'deleted', or Apple Business Manager's device list showing it not assigned to this MDM), so it is no longer a DEP device assigned to this MDM*"
        $get = Invoke-Captured { Get-BmgDepDevice -SerialNumber JJJKKKLLLHH2 }
        Get-ErrorId $get.Errors[0] | Should -Be 'DepDeviceNotFound'
        "$($get.Errors[0])" | Should -BeLike $both
        $checkIn = Invoke-Captured { Register-BmgDeviceCheckIn -Serial JJJKKKLLLHH2 }
        Get-ErrorId ($checkIn.Terminating ?? $checkIn.Errors[0]) | Should -Be 'CheckInRejected'
        "$($checkIn.Terminating ?? $checkIn.Errors[0])" | Should -BeLike $both
    }

    It '-WhatIf says it would release them, and writes nothing' {
        $abm = Write-TestCsv (New-CsvName 'abm-whatif') @(
            $AbmHeader
            '"EEEFFFGGGHHH","iPad (10th generation)","Blue","BizMobile Go!","Assigned"'
            '"JJJKKKLLLHH2","iPhone 16e","White","","Unassigned"'
        )
        $summary = Import-BmgDepDevice $abm -WhatIf -WarningAction SilentlyContinue

        $summary.WhatIf | Should -BeTrue
        $summary.Released | Should -Be 1
        @(Get-BmgDepDevice).SerialNumber | Should -Be @('EEEFFFGGGHHH', 'JJJKKKLLLHH2', 'JJJKKKLLLHH3')
    }
}

Describe 'Apple Business Manager''s device list downloaded in another language' {
    BeforeEach { New-TestStore | Out-Null }

    It 'a Japanese header (シリアル番号) is DepDeviceFileInvalid saying to download the list with Apple Business Manager set to English; ImportFailed' {
        $file = Write-TestCsv (New-CsvName 'abm-ja') @(
            '"シリアル番号","デバイスのモデル","カラー","割り当てられたMDMサーバ","状況"'
            '"EEEFFFGGGHHH","iPad (第10世代)","ブルー","BizMobile Go!","割り当て済み"'
        )
        $result = Invoke-Captured { Import-BmgDepDevice $file -ErrorAction Continue }

        Assert-ErrorId $result.Errors 'DepDeviceFileInvalid'
        "$($result.Errors[0])" | Should -BeLike "*'$file'*no SerialNumber column*Apple Business Manager*English*download*"
        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        Get-BmgDepDevice | Should -BeNullOrEmpty
    }
}

# desk45: the module's DEP CSV with a ProfileName column said "Profiles 0" while Get-BmgDepProfile then listed its profiles. A name
# no profile had makes a profile known only by that name: the summary's Profiles counts it, as it counts a profile a file names.
Describe 'The summary''s Profiles counts the profiles a ProfileName column makes known' {
    BeforeAll { $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path }
    BeforeEach { New-TestStore | Out-Null }

    It 'new names count once each (-WhatIf too); names of known profiles, and the same file again, count none' {
        $csv = Join-Path $Examples 'dep-devices.csv'
        (Import-BmgDepDevice $csv -WhatIf).Profiles | Should -Be 2
        (Import-BmgDepDevice $csv).Profiles | Should -Be 2 -Because "'Sales iPhones' and 'Kiosk' were known to no profile"
        @(Get-BmgDepProfile).Count | Should -Be 2
        (Import-BmgDepDevice $csv).Profiles | Should -Be 0

        $more = Join-Path $TestDrive 'dep-more.csv'
        Set-Content -LiteralPath $more -Value @('SerialNumber,Model,Description,ProfileName', 'DDDAAABBBCCC,iPhone 15,IPHONE,Kiosk',
            'EEEAAABBBCCC,iPhone 15,IPHONE,Field Engineers', 'FFFAAABBBCCC,iPhone 15,IPHONE,Field Engineers')
        (Import-BmgDepDevice $more).Profiles | Should -Be 1
        @(Get-BmgDepProfile).Count | Should -Be 3
    }

    It 'after Apple''s profile responses named the profiles, the CSV assigns them and counts none' {
        (Import-BmgDepDevice (Join-Path $Examples 'dep-profile-*.json') | Measure-Object Profiles -Sum).Sum | Should -Be 2
        (Import-BmgDepDevice (Join-Path $Examples 'dep-devices.csv')).Profiles | Should -Be 0
    }
}
