# Issue 10.6: README -> "A short tour" runs as it is. Its code block is read from README.md and each command is
# run in order, from a folder holding a copy of the repository's examples (as the repository root does), on a
# scratch store: the README can't drift from the module.

BeforeDiscovery {
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
    $tour = [regex]::Match($readme, '(?s)## A short tour.*?```powershell\r?\n(.*?)\r?\n```')
    if (-not $tour.Success) { throw 'README.md has no "A short tour" section with a powershell code block.' }
    $script:TourCode = $tour.Groups[1].Value
    $tokens = $null; $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($script:TourCode, [ref] $tokens, [ref] $parseErrors)
    if ($parseErrors) { throw "The tour does not parse: $($parseErrors[0].Message)" }
    $script:Commands = @(foreach ($statement in $ast.EndBlock.Statements) { @{ Command = $statement.Extent.Text } })
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:TourFolder = Join-Path $TestDrive 'tour'
    $null = New-Item -ItemType Directory $TourFolder
    Copy-Item -Recurse (Join-Path $PSScriptRoot '../../examples') (Join-Path $TourFolder 'examples')
    New-TestStore | Out-Null
    Push-Location $TourFolder
}

AfterAll {
    Pop-Location
}

Describe '10.6 the README tour runs' {
    It '10.6 the tour has commands, and names only files that ship under examples/' {
        $Commands.Count | Should -BeGreaterThan 20
        $inputs = [regex]::Matches($TourCode, '\./examples/[^\s*|]+\.(csv|json)') | ForEach-Object Value | Sort-Object -Unique
        $inputs | Should -Not -BeNullOrEmpty
        foreach ($file in $inputs) { Test-Path -LiteralPath (Join-Path $TourFolder $file) | Should -BeTrue -Because "the tour reads $file" }
        $sjis = Join-Path $TourFolder 'examples/from-japanese-excel.csv'
        $bytes = [System.IO.File]::ReadAllBytes($sjis)
        $bytes[0] | Should -Not -Be 0xEF -Because 'Japanese Excel writes no byte order mark'
        [System.Text.Encoding]::GetEncoding(932).GetString($bytes) | Should -Match '山田 太郎'
        { [System.Text.UTF8Encoding]::new($false, $true).GetString($bytes) } | Should -Throw -Because 'the file is Shift_JIS, not UTF-8'
    }

    It '10.6 runs: <Command>' -ForEach $Commands {
        # Answers Yes where the tour says "(asks)", as the reader pasting it would.
        $ConfirmPreference = 'None'
        $block = [scriptblock]::Create($Command)
        $result = Invoke-Captured { & $block }
        $result.Terminating | Should -BeNullOrEmpty -Because "'$Command' must run"
        @($result.Errors | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because "'$Command' must run without errors"
    }

    It '10.6 the tour leaves what it describes: the check-in used the code the tour set' {
        (Get-BmgDevice apple002).State | Should -Be 'CheckedIn'
        (Get-BmgDevice apple001).State | Should -Be 'Withdrawn'
        (Get-BmgDevice iphone-jp01).DisplayName | Should -Be '山田のiPhone'
        Test-Path (Join-Path $TourFolder 'inventory.csv') | Should -BeTrue
        # Walkthrough D4: the tour's outbox line shows something.
        @(Get-BmgCheckInEmail -Unsent | Where-Object Identifier -EQ 'ipad-0001').Count | Should -BeGreaterThan 0
    }
}
