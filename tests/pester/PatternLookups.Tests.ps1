# Wildcard look-ups read the devices of the pattern's literal start, not every device (twenty-second round; walkthrough 22,
# finding 1): Get-BmgDevice 'dev0042*', -Serial 'F2L*', Get-BmgDeviceDepLink -Identifier 'dev0042*'. The pattern still
# decides, so each look-up here must give exactly what the pattern selects from every device (Get-BmgDevice alone, the
# full read), in the same order, with no error: case differences, ranges, escapes, a start that is a whole name, names that
# sort just outside the start's range, and patterns whose start is empty or past ASCII (those read every device).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function New-PatternFixture {
        New-TestStore | Out-Null
        $serials = @{ 'DEV-A' = 'C02ABC12DEF1'; 'dev-ab' = 'C02ABC12DEF2'; 'tokyo-01' = 'C02ABD12DEF3'; 'Z-1' = 'D02ABC12DEF4'; 'dev-b' = 'C02ABC12DE' }
        foreach ($id in 'dev-b', 'DEV-A', 'dev-ab', 'Dev-Ac', 'dev.a', 'dev-', 'dev', 'deva', 'dev_a', 'DEV_B', 'kiosk-1', 'KIOSK-2',
            'a.1', 'Z-1', '_z', 'dev-a.1', 'dev-a-2', 'dev-a_3', 'tokyo-01', 'Tokyo-02', 'osaka-1', 'dev-AB2') {
            $fields = @{ Identifier = $id; OS = 'ios' }
            if ($serials.ContainsKey($id)) { $fields.Serial = $serials[$id] }
            New-BmgDevice @fields | Out-Null
        }
    }

    # What the patterns select from every device, in the order Get-BmgDevice lists every device.
    function Get-Selected([object[]] $All, [string[]] $Patterns, [string] $Property = 'Identifier', [switch] $Serial) {
        $matchers = foreach ($p in $Patterns) {
            if ($Serial) { [WildcardPattern]::new($p.ToUpperInvariant(), 'None') } else { [WildcardPattern]::new($p, 'IgnoreCase') }
        }
        @($All | Where-Object { $value = $_.$Property; $value -and @($matchers | Where-Object { $_.IsMatch($value) }).Count -gt 0 } |
            ForEach-Object Identifier)
    }
}

Describe 'A wildcard look-up of devices gives what the pattern selects from every device' {
    BeforeAll {
        New-PatternFixture
        $script:all = @(Get-BmgDevice)
        $script:allLinks = @(Get-BmgDeviceDepLink)
    }

    It 'Get-BmgDevice <Patterns>' -TestCases @(
        @{ Patterns = @('dev-a*') }
        @{ Patterns = @('DEV-A*') }
        @{ Patterns = @('Dev-a?') }
        @{ Patterns = @('dev-a[a-c]*') }
        @{ Patterns = @('dev-[a-c]*') }
        @{ Patterns = @('dev-a`.*') }
        @{ Patterns = @('dev-a`-*') }
        @{ Patterns = @('dev-ab*') }
        @{ Patterns = @('DEV-AB?') }
        @{ Patterns = @('dev*') }
        @{ Patterns = @('dev-*b') }
        @{ Patterns = @('dev_*') }
        @{ Patterns = @('dev`_*') }
        @{ Patterns = @('Z*') }
        @{ Patterns = @('_*') }
        @{ Patterns = @('devx*') }
        @{ Patterns = @('*-a*') }
        @{ Patterns = @('[d]ev-a*') }
        @{ Patterns = @("`u{212A}iosk*") }
        @{ Patterns = @("kiosk-`u{212A}*") }
        @{ Patterns = @('tokyo-*', 'osaka-*', 'Tokyo-0*') }
        @{ Patterns = @('dev-a*', 'dev*', 'DEV-A?') }
        @{ Patterns = @('dev-b*', 'dev-a*') }
        @{ Patterns = @('dev-a*', '*-1') }
    ) {
        param([string[]] $Patterns)
        $got = @(Get-BmgDevice -Identifier $Patterns -ErrorVariable failed | ForEach-Object Identifier)
        $failed | Should -BeNullOrEmpty
        ($got -join ',') | Should -BeExactly ((Get-Selected $all $Patterns) -join ',')
    }

    It 'writes the exact names first, in the order given, then the devices the patterns select, each once' {
        $got = @(Get-BmgDevice -Identifier 'kiosk-1', 'dev-a*', 'dev-AB', 'KIOSK-1' -ErrorVariable failed | ForEach-Object Identifier)
        $failed | Should -BeNullOrEmpty
        ($got -join ',') | Should -BeExactly 'kiosk-1,dev-ab,DEV-A,dev-a-2,dev-a.1,dev-a_3,dev-AB2,Dev-Ac'
    }

    It 'Get-BmgDevice -Serial <Patterns>' -TestCases @(
        @{ Patterns = @('c02abc*') }
        @{ Patterns = @('C02AB?12*') }
        @{ Patterns = @('c02abc12de') }
        @{ Patterns = @('C02ABC12DE*') }
        @{ Patterns = @('*DEF?') }
        @{ Patterns = @('C*', 'D02*') }
        @{ Patterns = @('c02abd*', 'C02ABC*') }
    ) {
        param([string[]] $Patterns)
        $got = @(Get-BmgDevice -Serial $Patterns -ErrorVariable failed | ForEach-Object Identifier)
        $failed | Should -BeNullOrEmpty
        ($got -join ',') | Should -BeExactly ((Get-Selected $all $Patterns -Property Serial -Serial) -join ',')
    }

    It 'Get-BmgDeviceDepLink -Identifier <Patterns>' -TestCases @(
        @{ Patterns = @('dev-a*') }
        @{ Patterns = @('DEV-AB?', 'tokyo*') }
        @{ Patterns = @('*b') }
    ) {
        param([string[]] $Patterns)
        $got = @(Get-BmgDeviceDepLink -Identifier $Patterns -ErrorVariable failed | ForEach-Object Identifier)
        $failed | Should -BeNullOrEmpty
        ($got -join ',') | Should -BeExactly ((Get-Selected $allLinks $Patterns) -join ',')
        $got.Count | Should -BeGreaterThan 0
    }

    It 'a pattern that selects nothing selects nothing and says nothing; a name that names nothing is still DeviceNotFound' {
        $got = @(Get-BmgDevice -Identifier 'devz*', 'dev-zz' -ErrorVariable failed -ErrorAction SilentlyContinue)
        $got.Count | Should -Be 0
        $failed.Count | Should -Be 1
        Get-ErrorId $failed[0] | Should -Be 'DeviceNotFound'
    }
}
