# Walkthrough 18, finding 1: README -> "Help" quotes `Get-Help Import-BmgDeviceCsv -Examples` in a console of the width
# it names, and that copy went stale when the help's nightly example changed (it still taught -ErrorAction
# SilentlyContinue, which the help now warns against). The quoted block is compared with what the built module's help
# prints at that width, so a change to module/help/Import-BmgDeviceCsv.md fails here until the README is regenerated.
# Needs no store, so it runs on SQLite only (not in StoreSuites.psd1).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The comparison ignores only what a Markdown file can't keep or the console adds: line endings, spaces at the end
    # of a line (Get-Help pads blank lines with the indent), and blank lines before and after the whole text.
    function script:ConvertTo-ComparableText([string] $Text) {
        (($Text -replace '\r\n?', "`n") -split "`n" | ForEach-Object TrimEnd) -join "`n" -replace '^\n+|\n+$', ''
    }

    $readme = Get-Content -Raw -Encoding utf8 (Join-Path $PSScriptRoot '../../README.md')
    $section = [regex]::Match($readme, '(?ms)^## Help\r?\n(.*?)(?=^## )')
    if (-not $section.Success) { throw 'README.md has no "## Help" section.' }
    $script:HelpSection = $section.Groups[1].Value
    $block = [regex]::Match($HelpSection,
        '(?s)This is\s+`Get-Help Import-BmgDeviceCsv -Examples` in a (\d+)-column console:\s*\r?\n```\r?\n(.*?)\r?\n```')
    if (-not $block.Success) { throw 'README "Help" has no "This is `Get-Help Import-BmgDeviceCsv -Examples` in a N-column console:" block.' }
    $script:Width = [int] $block.Groups[1].Value
    $script:Quoted = $block.Groups[2].Value
}

Describe 'README "Help" quotes Get-Help as the built module prints it (walkthrough 18, finding 1)' {
    It 'the quoted Get-Help Import-BmgDeviceCsv -Examples is what a console of the width it names shows' {
        $Width | Should -BeGreaterOrEqual 80
        $PSStyle.OutputRendering = 'PlainText'
        $printed = Get-Help Import-BmgDeviceCsv -Examples | Out-String -Width $Width
        $expected = ConvertTo-ComparableText $printed
        $actual = ConvertTo-ComparableText $Quoted
        if ($actual -ne $expected) {
            # Name the first line that differs: the whole text is too long for a readable failure.
            $expectedLines = $expected -split "`n"; $actualLines = $actual -split "`n"
            $line = 0
            while ($line -lt $expectedLines.Count -and $line -lt $actualLines.Count -and $expectedLines[$line] -eq $actualLines[$line]) { $line++ }
            $actualLines[$line] | Should -Be $expectedLines[$line] -Because ("line $($line + 1) of the README's block differs from Get-Help at width $Width " +
                "(regenerate it: Get-Help Import-BmgDeviceCsv -Examples | Out-String -Width $Width)")
        }
        $actual | Should -Be $expected
    }
}
