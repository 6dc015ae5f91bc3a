# Every exported cmdlet has real help (not the stub Get-Help makes up from the syntax), and the
# about_ topics resolve. The build already refuses missing text; this checks what a user gets.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters
    $script:Cmdlets = foreach ($command in Get-Command -Module BizMobileGo -CommandType Cmdlet) {
        @{
            Name          = $command.Name
            ConfirmImpact = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact
            Parameters    = @($command.Parameters.Keys | Where-Object { $_ -notin $commonParameters } | Sort-Object |
                    ForEach-Object { @{ Parameter = $_ } })
        }
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'The module exports cmdlets' {
    It 'exports every cmdlet of the manifest' {
        $manifest = Import-PowerShellDataFile $env:BMG_TEST_MODULE
        @(Get-Command -Module BizMobileGo -CommandType Cmdlet).Count | Should -Be $manifest.CmdletsToExport.Count
    }
}

Describe 'Help of <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
    }

    It 'has a synopsis that is not the syntax stub' {
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -Match "^$([regex]::Escape($Name))\b" -Because 'Get-Help makes the synopsis up from the syntax when there is no help'
    }

    It 'has a description' {
        ($help.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes -<Parameter>' -TestCases $Parameters {
        $entry = @($help.parameters.parameter | Where-Object name -EQ $Parameter)
        $entry.Count | Should -Be 1 -Because "-$Parameter is listed once"
        ($entry[0].description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each of which parses' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' is explained"
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because "example '$($example.title)' must parse"
        }
    }

    # Walkthrough 18, finding 5: Test-BmgHistory's example wrote to '\\audit\...', which is no path on Linux or macOS.
    It 'names no Windows-only path (\\server\share, C:\) in its examples'' code, only in comments' {
        foreach ($example in @($help.examples.example)) {
            $tokens = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$tokens, [ref]$null)
            $windowsOnly = @($tokens | Where-Object { $_.Kind -ne 'Comment' -and $_.Text -match '^[''"]?(\\\\|[A-Za-z]:\\)' } | ForEach-Object Text)
            $windowsOnly | Should -BeNullOrEmpty -Because "'$($example.title)' runs on every platform the README lists"
        }
    }

    It 'names its inputs and outputs' {
        @($help.inputTypes.inputType.type.name | Where-Object { $_ }).Count | Should -BeGreaterThan 0
        @($help.returnValues.returnValue.type.name | Where-Object { $_ }).Count | Should -BeGreaterThan 0
    }

    It 'documents every output type it declares' {
        $documented = @($help.returnValues.returnValue.type.name)
        foreach ($type in (Get-Command $Name).OutputType.Name) {
            $documented | Should -Contain $type
        }
    }

    It 'has related links' {
        @($help.relatedLinks.navigationLink.linkText | Where-Object { $_ }).Count | Should -BeGreaterThan 0
    }
}

# Walkthrough 18, finding 5: Remove-BmgDepDevice's examples didn't say that they ask (ConfirmImpact High), while the other
# Remove-* examples say "Asks for confirmation" or pass -Confirm:$false. An example that runs such a cmdlet without
# -Confirm:$false or -WhatIf stops at a prompt, so its text says so.
Describe 'Examples of <Name>, which asks for confirmation (ConfirmImpact High)' -ForEach @($Cmdlets | Where-Object { $_.ConfirmImpact -eq 'High' }) {
    It 'each example that runs it without -Confirm:$false or -WhatIf says that it asks' {
        $examples = @((Get-Help $Name -Examples).examples.example)
        foreach ($example in $examples) {
            $code = "$($example.code)"
            if ($code -notmatch "\b$Name\b" -or $code -match '-Confirm:\$false|-WhatIf') { continue }
            ($example.remarks.Text -join ' ') | Should -Match 'asks|confirm' -Because "'$($example.title)' stops at a prompt"
        }
    }
}

Describe 'The history readers say what they verify and what not (walkthrough 19, 4; walkthrough 23, 7)' {
    It '<Name> says it verifies each entry it shows, and that Test-BmgHistory verifies the whole history' -TestCases @(
        @{ Name = 'Get-BmgDeviceHistory' }, @{ Name = 'Get-BmgUserHistory' }
    ) {
        $description = (Get-Help $Name).description.Text -join ' '
        $description | Should -Match 'Each entry shown is verified as it is read'
        $description | Should -Match 'Verified False'
        $description | Should -Match 'HistoryTampered: Entry'
        $description | Should -Match 'Test-BmgHistory verifies the whole history'
    }
}

Describe 'The retention example says who runs it on a shared store (walkthrough 44, 3)' {
    It 'Clear-BmgHistory''s nightly example says the owner role runs it there, and what the everyday role gets' {
        $example = @((Get-Help Clear-BmgHistory).examples.example)[0]
        $example.code | Should -Match 'Clear-BmgHistory -Before \(Get-Date\)\.AddYears\(-1\)'
        $text = ($example.remarks | ForEach-Object Text) -join ' '
        $text | Should -Match 'run nightly'
        $text | Should -Match 'owner role'
        $text | Should -Match 'HistoryClearDenied'
    }
}

Describe 'The help shows a shared PostgreSQL store where an admin looks first (walkthrough 44, 4)' {
    It '<Name> has an example that sets $env:BMG_DATABASE to a postgresql:// URI and keeps the password in ~/.pgpass' -TestCases @(
        @{ Name = 'Get-BmgDevice' }, @{ Name = 'Import-BmgDeviceCsv' }
    ) {
        $shared = @((Get-Help $Name).examples.example | Where-Object { "$($_.code)" -match '\$env:BMG_DATABASE = ''postgresql://' })
        $shared.Count | Should -Be 1 -Because "$Name's help shows the team's store once"
        "$($shared[0].code) $(($shared[0].remarks | ForEach-Object Text) -join ' ')" | Should -Match '~/\.pgpass'
    }

    It 'no example of any cmdlet writes a password into a postgresql:// URI' {
        $withPassword = foreach ($command in Get-Command -Module BizMobileGo -CommandType Cmdlet) {
            foreach ($example in @((Get-Help $command.Name).examples.example)) {
                if ("$($example.code)" -match 'postgres(ql)?://[^/@\s'']*:[^/@\s'']*@') { "$($command.Name): $($example.title)" }
            }
        }
        @($withPassword) | Should -BeNullOrEmpty
    }

    It 'about_BizMobileGo says to set $env:BMG_DATABASE in the profile, shows a ~/.pgpass line, and the per-user warning' {
        $text = (Get-Help about_BizMobileGo | Out-String) -replace '\s+', ' '
        $text | Should -Match ([regex]::Escape('Put that line in your PowerShell profile ($PROFILE)'))
        $text | Should -Match ([regex]::Escape('db.example.com:5432:inventory:kitting:<password>'))
        $text | Should -Match 'the command that creates the file warns once'
    }
}

Describe 'about_ topics' {
    It 'about_BizMobileGo resolves and explains <Word>' -TestCases @(
        @{ Word = 'DEPMethod' }, @{ Word = 'CheckedIn' }, @{ Word = 'DeviceLocked' }, @{ Word = 'BMG_DATABASE' },
        @{ Word = 'about_BizMobileGo_CsvFormat' },
        # Walkthrough D1: the shared store and the change history.
        @{ Word = 'postgresql://' }, @{ Word = 'PGPASSWORD' }, @{ Word = '.pgpass' }, @{ Word = 'Get-BmgDeviceHistory' },
        @{ Word = 'Get-BmgUserHistory' }, @{ Word = 'Test-BmgHistory' }, @{ Word = 'Clear-BmgHistory' }, @{ Word = 'HeadHash' },
        @{ Word = '-KnownHash' }
    ) {
        Get-Help about_BizMobileGo | Out-String | Should -Match ([regex]::Escape($Word))
    }

    It 'about_BizMobileGo_CsvFormat resolves and explains <Word>' -TestCases @(
        @{ Word = 'DEPMethod' }, @{ Word = 'blank' }, @{ Word = 'absent' }, @{ Word = 'CheckedIn' }, @{ Word = 'Shift_JIS' },
        @{ Word = '932' }, @{ Word = 'ExpirationDays' }, @{ Word = 'UTF-16' }
    ) {
        Get-Help about_BizMobileGo_CsvFormat | Out-String | Should -Match ([regex]::Escape($Word))
    }

    It 'about_BizMobileGo_CsvFormat lists every column of the import format' {
        $text = Get-Help about_BizMobileGo_CsvFormat | Out-String
        $header = Get-Content -TotalCount 1 (Join-Path $PSScriptRoot '../../examples/example1-users-and-devices-serial.csv')
        foreach ($column in ($header -split ',') + 'Organizations', 'UDID') {
            $text | Should -Match "(?m)^\s+$column\s" -Because "the column table has a row for $column"
        }
    }

    # Walkthrough 15: a 95-character line in about_BizMobileGo; the about_ topics are written for an 80-column console.
    It '<Topic> has no line longer than 80 characters' -TestCases @(
        @{ Topic = 'about_BizMobileGo' }
        @{ Topic = 'about_BizMobileGo_CsvFormat' }
    ) {
        $path = Join-Path (Get-Module BizMobileGo).ModuleBase "en-US/$Topic.help.txt"
        $lines = Get-Content -LiteralPath $path
        $long = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i].Length -gt 80) { "line $($i + 1): $($lines[$i].Length)" } })
        $long | Should -BeNullOrEmpty
    }

    It 'about_BizMobileGo lists every ErrorId of the one ErrorIds list' {
        $source = Get-Content -Raw (Join-Path $PSScriptRoot '../../src/BizMobileGo.Core/Errors/BmgException.cs')
        $declared = @([regex]::Matches($source, 'public const string (\w+) = "\1";') | ForEach-Object { $_.Groups[1].Value })
        $declared | Should -Contain 'HistoryTampered'
        $text = Get-Help about_BizMobileGo | Out-String
        $errors = $text.Substring($text.IndexOf('ERRORS'))
        foreach ($id in $declared) { $errors | Should -Match "\b$id\b" -Because "about_BizMobileGo's ERRORS list names $id" }
    }

    It 'the encoding help says how much of the file detection reads, as the code does' {
        $reader = Get-Content -Raw (Join-Path $PSScriptRoot '../../src/BizMobileGo.Core/Csv/CsvDecodingReader.cs')
        $reader | Should -Match 'ByteBufferSize = 64 \* 1024;' -Because 'detection judges the buffer from the first non-ASCII byte on'
        $about = Get-Help about_BizMobileGo_CsvFormat | Out-String
        $about | Should -Match '64 KB'
        $about | Should -Not -Match 'whole file is examined'
        $parameter = (Get-Help Import-BmgDeviceCsv -Parameter Encoding | Out-String) -replace '\s+', ' '
        $parameter | Should -Match '64 KB'
        $parameter | Should -Not -Match 'whole file'
    }
}

Describe 'Parameters shared by every cmdlet' {
    It '-Database of <Name> names both stores and where a PostgreSQL password goes' -TestCases @(
        @{ Name = 'Get-BmgDevice' }, @{ Name = 'Import-BmgDeviceCsv' }, @{ Name = 'Test-BmgHistory' }, @{ Name = 'Send-BmgCheckInEmail' }
    ) {
        $text = (Get-Help $Name -Parameter Database | Out-String) -replace '\s+', ' '
        foreach ($word in 'SQLite', 'postgresql://', 'postgres://', 'PGPASSWORD', '.pgpass', 'PGPASSFILE', 'BMG_DATABASE') {
            $text | Should -Match ([regex]::Escape($word))
        }
    }

    It 'Set-BmgDeviceDepEnrollment -Path says the file gives the method, so -Method does not go with it' {
        $text = (Get-Help Set-BmgDeviceDepEnrollment -Parameter Path | Out-String) -replace '\s+', ' '
        $text | Should -Match 'DEPMethod column'
        $text | Should -Match "can't be combined with -Method"
        { Set-BmgDeviceDepEnrollment -Path ./x.csv -Method Serial } | Should -Throw -ErrorId 'AmbiguousParameterSet,BizMobileGo.PowerShell.SetBmgDeviceDepEnrollmentCommand'
    }

    # left26: since -Field validates with a did-you-mean (HistoryFieldAttribute, not ValidateSet), the help's syntax showed
    # "-Field <String[]>"; it lists the names as it lists -Action's enum, and a script reads them as ValidateSet's.
    It '<Name> -Field: the help''s syntax lists the history''s field names, as the attribute gives them; a wrong one still gets a did-you-mean' -TestCases @(
        @{ Name = 'Get-BmgDeviceHistory'; First = 'Identifier'; Last = 'CheckInLockout'; Wrong = 'Tags'; Meant = 'DeviceTags' }
        @{ Name = 'Get-BmgUserHistory'; First = 'UserName'; Last = 'Organizations'; Wrong = 'Organization'; Meant = 'Organizations' }
    ) {
        $attribute = (Get-Command $Name).Parameters['Field'].Attributes.Where({ $_.PSObject.Properties['ValidValues'] })[0]
        $values = @($attribute.ValidValues)
        $values[0] | Should -BeExactly $First
        $values[-1] | Should -BeExactly $Last
        $syntax = ((Get-Help $Name).syntax | Out-String -Width 10000) -replace '\s+', ' '
        $syntax | Should -Match ([regex]::Escape("[-Field {$($values -join ' | ')}]"))
        { & $Name -Field $Wrong } | Should -Throw "*is not a field of * history; did you mean '$Meant'?"
    }
}

Describe 'Help for the PowerShell habits of walkthrough 15' {
    BeforeAll {
        # Help text as one line: the formatter wraps it at the console's width.
        function Get-HelpText([string] $Name) { (Get-Help $Name -Full | Out-String -Width 10000) -replace '\s+', ' ' }
    }

    It 'about_BizMobileGo says a script block is refused where PowerShell would take its text, and the way that works' {
        $text = Get-HelpText about_BizMobileGo
        $text | Should -BeLike '*script block runs once per piped object only for a parameter that takes pipeline input*'
        $text | Should -BeLike '*ForEach-Object { Set-BmgDevice $_.Identifier -Description $_.Description }*'
    }

    It 'about_BizMobileGo gives ConvertTo-Json -EnumsAsStrings, the form that leaves the check-in code out, and how to read one code' {
        $text = Get-HelpText about_BizMobileGo
        $text | Should -BeLike '*ConvertTo-Json -EnumsAsStrings*'
        $text | Should -BeLike '*Select-Object * -ExcludeProperty Code*'
        $text | Should -BeLike '*.Code | ConvertFrom-SecureString -AsPlainText*'
    }

    It "Rename-BmgDevice's renames.csv example says -WhatIf checks each row against the store as it is (chained renames)" {
        Get-HelpText Rename-BmgDevice | Should -BeLike '*With -WhatIf, each row is checked against the store as it is*chained renames*'
    }

    It '<Name> says a script block given to a field parameter is refused, and the way that works' -TestCases @(
        @{ Name = 'Set-BmgDevice' }, @{ Name = 'Set-BmgUser' }
    ) {
        Get-HelpText $Name | Should -BeLike '*script block given to a field parameter is refused*ForEach-Object*'
    }
}

# left22, item 1: the twenty-first round added the result's BadName (the names index check); neither Test-BmgHistory's
# help nor about_BizMobileGo said a word of it. Every property of the result is named where the others are.
Describe 'Test-BmgHistory''s help names every property of its result (left22)' {
    It 'Get-Help Test-BmgHistory -Full names every property of its result' {
        $text = Get-Help Test-BmgHistory -Full | Out-String -Width 10000
        $properties = @((Get-Command Test-BmgHistory).OutputType.Type.GetProperties().Name)
        $properties | Should -Contain 'BadName'
        @($properties | Where-Object { $text -notmatch "\b$_\b" }) | Should -BeNullOrEmpty -Because 'each property of the result is described'
    }

    It 'the help says what BadName is: the names index row or past name, with FirstBadEntry empty and HistoryTampered' {
        $text = (Get-Help Test-BmgHistory -Full | Out-String -Width 10000) -replace '\s+', ' '
        $text | Should -BeLike '*names index*FirstBadEntry empty*BadName set*Kind*Key*Name*Through*HistoryTampered*'
        $text | Should -BeLike '*(Test-BmgHistory -ErrorAction SilentlyContinue).BadName*'
    }

    It 'about_BizMobileGo says the names index is checked and names BadName' {
        $text = (Get-Help about_BizMobileGo | Out-String -Width 10000) -replace '\s+', ' '
        $text | Should -BeLike '*names index is checked too*BadName*HistoryTampered*Clear-BmgHistory refuses*'
    }

    # left28: the result's MissingImports (an import the entries name whose import history row is gone), its own error.
    It 'the help says what MissingImports is: ImportId, FirstEntry, LastEntry, Entries, ImportNotFound, not HistoryTampered' {
        $text = (Get-Help Test-BmgHistory -Full | Out-String -Width 10000) -replace '\s+', ' '
        $text | Should -BeLike '*MissingImports lists each such import*ImportId, FirstEntry and LastEntry*Entries*ImportNotFound*not HistoryTampered*'
        $text | Should -BeLike '*(Test-BmgHistory -ErrorAction SilentlyContinue).MissingImports*'
        # The type as the module loaded it (its own load context): the item type of the result's MissingImports.
        $missingImport = (Get-Command Test-BmgHistory).OutputType.Type.GetProperty('MissingImports').PropertyType.GetGenericArguments()[0]
        $missingImport.Name | Should -Be 'MissingImport'
        $properties = @($missingImport.GetProperties().Name)
        @($properties | Where-Object { $text -notmatch "\b$_\b" }) | Should -BeNullOrEmpty -Because 'each property of a missing import is described'
    }

    It 'about_BizMobileGo says the imports the entries name are checked and names MissingImports and ImportNotFound' {
        $text = (Get-Help about_BizMobileGo | Out-String -Width 10000) -replace '\s+', ' '
        $text | Should -BeLike '*import history*is not hash-chained*MissingImports*ImportNotFound*Valid stays as the chain makes it*'
    }
}

# Walkthrough 25, finding 1: Get-BmgCheckInEmail's "What the last import queued" and New-BmgDevice's "Register devices from a
# script" put every check-in code on screen (Format-Table ..., Code), on titles about what was queued or created, and a
# helpdesk copies examples as they are. A code is shown only by an example whose title is about reading one; the
# export habit's safe form (Select-Object * -ExcludeProperty Code) sits in Get-BmgDevice's help, beside the habit.
Describe 'Help examples show no check-in code unless their title is about reading one (walkthrough 25, finding 1)' {
    BeforeAll {
        # The places of an example's code that would show a device's or an email's Code: a Code property named to a
        # Format-/Select- command (not after -ExcludeProperty), and a .Code member.
        function Get-CodeShown([string] $Code) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$null, [ref]$null)
            foreach ($command in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                if ($command.GetCommandName() -notmatch '^(Format-Table|Format-List|Format-Wide|ft|fl|fw|Select-Object|select)$') { continue }
                $parameter = $null
                foreach ($element in $command.CommandElements | Select-Object -Skip 1) {
                    if ($element -is [System.Management.Automation.Language.CommandParameterAst]) { $parameter = $element.ParameterName; continue }
                    $named = $element.FindAll({ $args[0] -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $args[0].Value -eq 'Code' }, $true)
                    if (@($named).Count -gt 0 -and $parameter -notlike 'Exclude*') { "$($command.GetCommandName()) $element" }
                    $parameter = $null
                }
            }
            foreach ($member in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.MemberExpressionAst] -and "$($args[0].Member)" -eq 'Code' }, $true)) { "$member" }
        }
    }

    It 'the check finds a Code column and a .Code, and passes -ExcludeProperty Code' {
        Get-CodeShown 'Get-BmgCheckInEmail -Unsent | Format-Table Identifier, Recipient, Code, QueuedAt' | Should -Not -BeNullOrEmpty
        Get-CodeShown '(Get-BmgDevice x).Code' | Should -Not -BeNullOrEmpty
        Get-CodeShown 'Get-BmgDevice | Select-Object * -ExcludeProperty Code | Export-Csv ./a.csv' | Should -BeNullOrEmpty
    }

    It '<Name>: an example that shows a code says so in its title' -ForEach $Cmdlets {
        foreach ($example in @((Get-Help $Name -Examples).examples.example)) {
            if ($example.title -match '\bcode\b') { continue }
            @(Get-CodeShown "$($example.code)") | Should -BeNullOrEmpty -Because "'$($example.title)' is not about reading a code"
        }
    }

    It 'Get-BmgDevice''s help gives the export without the codes, Select-Object * -ExcludeProperty Code, in an example' {
        $examples = @((Get-Help Get-BmgDevice -Examples).examples.example | Where-Object { "$($_.code)" -match '(?s)Select-Object \*.*-ExcludeProperty Code\b.*\|\s*Export-Csv' })
        $examples | Should -HaveCount 1
        ($examples[0].remarks.Text -join ' ') | Should -Match 'Get-BmgDevice \| Export-Csv'
    }
}

# Walkthrough 25, finding 10: Send-BmgCheckInEmail's examples 3 and 4 stopped with SmtpSettingsInvalid unless example 1's
# $env:BMG_SMTP_* lines had run. An example that sends without -SmtpServer names where its server comes from.
Describe 'Send-BmgCheckInEmail examples that send name where their SMTP settings come from (walkthrough 25, finding 10)' {
    It 'each example that sends without -SmtpServer sets $env:BMG_SMTP_SERVER or says where it is set' {
        foreach ($example in @((Get-Help Send-BmgCheckInEmail -Examples).examples.example)) {
            $code = "$($example.code)"
            if ($code -notmatch '\bSend-BmgCheckInEmail\b' -or $code -match '-SmtpServer|\$env:BMG_SMTP_SERVER\s*=') { continue }
            "$($example.title) $($example.remarks.Text -join ' ')" | Should -Match 'Example 1''s settings|BMG_SMTP_SERVER' -Because "'$($example.title)' needs a server"
        }
    }
}

# Walkthrough 38 (a script author against Microsoft's cmdlets), findings 1, 2, 4 and 5: what a scheduled script must do,
# what -ErrorAction SilentlyContinue hides of a refused import, -Debug in a job, and where the help lives.
Describe 'Help for the script author of walkthrough 38' {
    BeforeAll {
        function Get-HelpText([string] $Name) { (Get-Help $Name -Full | Out-String -Width 10000) -replace '\s+', ' ' }
    }

    It '<Name> says a scheduled script sets Stop, since pwsh -File exits 0 after a refused import otherwise' -TestCases @(
        @{ Name = 'about_BizMobileGo' }, @{ Name = 'Import-BmgDeviceCsv' }
    ) {
        $text = Get-HelpText $Name
        $text | Should -BeLike "*`$ErrorActionPreference = 'Stop'*"
        $text | Should -BeLike '*ImportFailed*exit*code 0*'
    }

    It '<Name> says a missing file is two records and SilentlyContinue never hides ImportFailed' -TestCases @(
        @{ Name = 'about_BizMobileGo' }, @{ Name = 'Import-BmgDeviceCsv' }
    ) {
        Get-HelpText $Name | Should -BeLike '*two*records*FileNotFound*ImportFailed*SilentlyContinue or Ignore hides*never ImportFailed*'
    }

    It 'about_BizMobileGo says to use -Verbose, not -Debug, in a non-interactive job' {
        Get-HelpText about_BizMobileGo | Should -BeLike '*-NonInteractive*use -Verbose, not -Debug*'
    }

    It 'about_BizMobileGo says the help ships with the module, and that stays true: no HelpUri, no HelpInfoUri, -Online refused' {
        Get-HelpText about_BizMobileGo | Should -BeLike '*help ships with the module*no online version*nothing for Update-Help to fetch*'
        @(Get-Command -Module BizMobileGo | Where-Object HelpUri) | Should -BeNullOrEmpty
        (Get-Module BizMobileGo).HelpInfoUri | Should -BeNullOrEmpty
        $online = $null
        try { Get-Help Get-BmgDevice -Online -ErrorAction Stop } catch { $online = $_ }
        $online.CategoryInfo.Category | Should -Be 'InvalidOperation' -Because 'PowerShell refuses -Online without an address; it opens nothing'
    }
}
