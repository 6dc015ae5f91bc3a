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
            if ($Serial) { [WildcardPattern]::new($p.ToUpperInvariant(), 'None') } else { [WildcardPattern]::new($p, 'IgnoreCase, CultureInvariant') }
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
        # Texts no identifier holds, in the same statement's pattern list (JSON on SQLite, text[] on PostgreSQL): each selects only itself.
        @{ Patterns = @('*"*', '*\*', '*`[*', '100%*', 'dev-a*') }
        @{ Patterns = @('dev-b*', 'dev-a*') }
        @{ Patterns = @('dev-a*', '*-1') }
        # No literal start (thirty-fourth round, left34a): the store filters by the pattern's LIKE form, whose own '%', '_' and
        # '\' are literal, so each of these must still give exactly what the pattern selects from every device.
        @{ Patterns = @('*_*') }
        @{ Patterns = @('*`_3') }
        @{ Patterns = @('*A?3') }
        @{ Patterns = @('?ev-a*') }
        @{ Patterns = @('*%*') }
        @{ Patterns = @('*\*') }
        @{ Patterns = @('*-A*', '*_B') }
        @{ Patterns = @('*[ab]') }
        @{ Patterns = @('*.?') }
        @{ Patterns = @('*`.1') }
        @{ Patterns = @("*`u{212A}*") }
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

# Walkthrough 25, finding 3: Get-BmgUser 'user001234*' and Get-BmgDevice -UserName 'user001234*' read every user (or
# device) at 100,000 users, where Get-BmgDevice 'dev001234*' read its range. They now read the ranges of the pattern's
# literal start (NamePrefix.UserNameRanges): the names that start with it, and the names that continue a shorter start
# with a character past ASCII, since PowerShell's culture-sensitive 'text*' match skips or composes such characters
# (a soft hyphen inside 'user', the Kelvin sign for 'K'). The pattern still decides: each look-up must give exactly what
# it selects from every user, in the same order.
Describe 'A wildcard look-up of users gives what the pattern selects from every user' {
    BeforeAll {
        New-TestStore | Out-Null
        $script:userNames = @('user1', 'User2', 'user10', "us`u{00AD}er3", "u`u{200B}ser4", "use`u{0301}r5", "`u{212A}ato", 'Kato', 'kato2',
            'user.a', 'usera', 'usr', 'tanaka', '田中', 'user 6', 'us', 'v1')
        $n = 0
        foreach ($name in $userNames) {
            New-BmgUser -UserName $name | Out-Null
            New-BmgDevice -Identifier ('d{0:D2}' -f $n++) -OS ios -UserName $name | Out-Null
        }
        $script:allUsers = @(Get-BmgUser)
        $script:allDevices = @(Get-BmgDevice)

        function Get-SelectedUsers([object[]] $All, [string[]] $Patterns, [string] $Property) {
            $matchers = foreach ($p in $Patterns) { [WildcardPattern]::new($p, 'None') }
            @($All | Where-Object { $value = $_.$Property; @($matchers | Where-Object { $_.IsMatch($value) }).Count -gt 0 })
        }
    }

    It 'Get-BmgUser <Patterns>, and Get-BmgDevice -UserName <Patterns>' -TestCases @(
        @{ Patterns = @('user*') }
        @{ Patterns = @('User*') }
        @{ Patterns = @('user1*') }
        @{ Patterns = @('us*') }
        @{ Patterns = @('Kato*') }
        @{ Patterns = @('kato*') }
        @{ Patterns = @('user?') }
        @{ Patterns = @('user[0-9]*') }
        @{ Patterns = @('user`.*') }
        @{ Patterns = @('user *') }
        @{ Patterns = @('u*r*') }
        @{ Patterns = @('*ser*') }
        @{ Patterns = @('田*') }
        @{ Patterns = @('tan*', 'user1*', 'Kato*') }
    ) {
        param([string[]] $Patterns)
        $expected = Get-SelectedUsers $allUsers $Patterns 'UserName'
        $got = @(Get-BmgUser -UserName $Patterns -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        ($got.UserName -join ',') | Should -BeExactly ($expected.UserName -join ',')
        $expected.Count | Should -BeGreaterThan 0

        if ($Patterns.Count -eq 1) {
            $devices = @(Get-BmgDevice -UserName $Patterns[0] -ErrorVariable failed)
            $failed | Should -BeNullOrEmpty
            ($devices.Identifier -join ',') | Should -BeExactly ((Get-SelectedUsers $allDevices $Patterns 'UserName').Identifier -join ',')
        }
    }
}

# Walkthrough 25, finding 3: an unknown or mis-cased -DeviceTag / -Template cost ~1 s at 100,000 devices before its error,
# and a -UserName pattern read every device. The names are decided first, from the kind's few names: a name or pattern
# that names nothing selects nothing, and no device is read for it; a user pattern reads the devices of the users it
# matches. A device of another user that no longer reads (a state no rule allows, written by hand, as in
# PipedBetweenCmdlets) stops any command that reads every device: these must not reach it.
Describe 'Look-ups that decide from names read no device they cannot select (walkthrough 25, finding 3)' {
    BeforeAll {
        $database = New-TestStore
        New-BmgTemplate -Name 'Standard' | Out-Null
        New-BmgDeviceTag -Name 'Kiosk' | Out-Null
        New-BmgOrganization -Id 'hq' -Name 'Head office' | Out-Null
        New-BmgUser -UserName 'user1' -Organizations hq | Out-Null
        New-BmgUser -UserName 'other' | Out-Null
        New-BmgDevice -Identifier 'mine01' -OS ios -UserName 'user1' -Template 'Standard' -DeviceTags 'Kiosk' | Out-Null
        New-BmgDevice -Identifier 'other01' -OS ios -UserName 'other' | Out-Null
        if ((Get-TestStoreKind) -eq 'postgres') {
            $null = Invoke-PostgresTestSql -Uri $database -Sql "ALTER TABLE devices DROP CONSTRAINT devices_state_check; UPDATE devices SET state = 'Lost' WHERE identifier = 'other01';"
        } else {
            . $PSScriptRoot/Reliability.Common.ps1
            $null = Invoke-StoreSql $database "PRAGMA ignore_check_constraints = ON; UPDATE devices SET state = 'Lost' WHERE identifier = 'other01';"
        }
    }

    It 'the tripwire holds: a command that reads every device stops on the device that no longer reads' {
        $result = Invoke-Captured { Get-BmgDevice }
        @($result.Terminating) + @($result.Errors) | Where-Object { $_ } | Should -Not -BeNullOrEmpty
    }

    It 'Get-BmgDevice <Shown> is <ErrorId> and reads no device' -TestCases @(
        @{ Shown = '-DeviceTag NoSuchTag'; Arguments = @{ DeviceTag = 'NoSuchTag' }; ErrorId = 'DeviceTagNotFound'; Message = "Device tag 'NoSuchTag' does not exist*" }
        @{ Shown = '-DeviceTag kiosk'; Arguments = @{ DeviceTag = 'kiosk' }; ErrorId = 'DeviceTagNotFound'; Message = "*did you mean 'Kiosk'?*" }
        @{ Shown = '-Template standard'; Arguments = @{ Template = 'standard' }; ErrorId = 'TemplateNotFound'; Message = "*did you mean 'Standard'?*" }
        @{ Shown = '-DeviceTag Nope* (no error)'; Arguments = @{ DeviceTag = 'Nope*' }; ErrorId = $null; Message = $null }
        @{ Shown = '-Template Kiosk -DeviceTag Kiosk'; Arguments = @{ Template = 'Kiosk'; DeviceTag = 'Kiosk' }; ErrorId = 'TemplateNotFound'; Message = "Template 'Kiosk' does not exist*" }
        # hq26: identifiers, patterns and serials given with it are not looked up either: nothing can be selected.
        @{ Shown = 'other01, nosuch, oth* -DeviceTag NoSuchTag'; Arguments = @{ Identifier = 'other01', 'nosuch', 'oth*'; DeviceTag = 'NoSuchTag' }; ErrorId = 'DeviceTagNotFound'; Message = "Device tag 'NoSuchTag' does not exist*" }
        @{ Shown = '-Serial C02NOSUCH0001 -Template standard'; Arguments = @{ Serial = 'C02NOSUCH0001'; Template = 'standard' }; ErrorId = 'TemplateNotFound'; Message = "*did you mean 'Standard'?*" }
        @{ Shown = 'other01 -DeviceTag Nope*'; Arguments = @{ Identifier = 'other01'; DeviceTag = 'Nope*' }; ErrorId = $null; Message = $null }
    ) {
        param([string] $Shown, [hashtable] $Arguments, [string] $ErrorId, [string] $Message)
        $result = Invoke-Captured { Get-BmgDevice @Arguments }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output) | Should -HaveCount 0
        if ($ErrorId) {
            @($result.Errors) | Should -HaveCount 1
            Get-ErrorId $result.Errors[0] | Should -Be $ErrorId
            $result.Errors[0].Exception.Message | Should -BeLike $Message
        } else {
            $result.Errors | Should -BeNullOrEmpty
        }
    }

    It 'Get-BmgDevice -UserName user1* reads the devices of the users it matches, not every device' {
        $result = Invoke-Captured { Get-BmgDevice -UserName 'user1*' }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output).Identifier | Should -Be @('mine01')
    }

    It 'Get-BmgDevice <Patterns> (no literal start) reads the devices the store''s filter selects, not every device' -TestCases @(
        @{ Patterns = @('*ine0*') }
        @{ Patterns = @('?INE01') }
        @{ Patterns = @('*e01', '*x*') }
    ) {
        param([string[]] $Patterns)
        $result = Invoke-Captured { Get-BmgDevice -Identifier $Patterns }
        $result.Terminating | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output).Identifier | Should -Be @('mine01')
    }

    It 'Get-BmgDevice -DeviceTag Kiosk -UserName user1* still selects by both' {
        $result = Invoke-Captured { Get-BmgDevice -UserName 'user1*' -DeviceTag 'Kiosk' -Template 'Stand*' }
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Output).Identifier | Should -Be @('mine01')
    }
}

# hq26: Get-BmgUserHistory 'user00123*' read every user of the history (~0.4 CPU s at 100,000 users). It now reads the
# ranges Get-BmgUser reads (NamePrefix.UserNameRanges), current and past names. The pattern still decides: each look-up
# must give exactly the entries of the users whose name, then or now, the pattern selects from the whole history.
Describe 'A wildcard look-up of user history gives what the pattern selects from the whole history' {
    BeforeAll {
        New-TestStore | Out-Null
        foreach ($name in 'user1', 'User2', 'user10', "us`u{00AD}er3", "u`u{200B}ser4", "use`u{0301}r5", "`u{212A}ato", 'Kato', 'usera', 'usr', 'tanaka', '田中', 'gone1') {
            New-BmgUser -UserName $name | Out-Null
        }
        Set-BmgUser -UserName 'user1' -UserDescription 'edited'
        Rename-BmgUser -UserName 'usera' -NewName 'zz9' -Confirm:$false
        Set-BmgUser -UserName 'zz9' -UserDescription 'after the rename'
        Remove-BmgUser -UserName 'gone1' -Confirm:$false
        $script:history = @(Get-BmgUserHistory)

        # The entries of every user that had a name the patterns match, newest first (the history's order).
        function Get-SelectedEntries([string[]] $Patterns) {
            $matchers = foreach ($p in $Patterns) { [WildcardPattern]::new($p, 'None') }
            $keys = @($history | Where-Object { $value = $_.UserName; @($matchers | Where-Object { $_.IsMatch($value) }).Count -gt 0 } | ForEach-Object SubjectKey)
            @($history | Where-Object { $keys -contains $_.SubjectKey })
        }
    }

    It 'Get-BmgUserHistory <Patterns>' -TestCases @(
        @{ Patterns = @('user*') }
        @{ Patterns = @('user1*') }
        @{ Patterns = @('User*') }
        @{ Patterns = @('Kato*') }
        @{ Patterns = @('usera*') }
        @{ Patterns = @('zz*') }
        @{ Patterns = @('gone*') }
        @{ Patterns = @('user?') }
        @{ Patterns = @('*ser*') }
        @{ Patterns = @('田*') }
        @{ Patterns = @('tan*', 'user1*', 'Kato*') }
    ) {
        param([string[]] $Patterns)
        $expected = Get-SelectedEntries $Patterns
        $got = @(Get-BmgUserHistory -UserName $Patterns -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        ($got.Sequence -join ',') | Should -BeExactly ($expected.Sequence -join ',')
        $expected.Count | Should -BeGreaterThan 0
    }
}

# Thirty-second round (flake32): a pattern ignored case as the session's culture folds it, so on an admin's Turkish system
# (tr-TR: 'I' lower-cases to a dotless 'ı') Get-BmgDevice 'IPAD*' found no 'ipad-1' while Get-BmgDevice 'IPAD-1' found it,
# and neither did the history or tab completion. Case is now ignored as the invariant culture ignores it, whatever the
# culture: the same devices as on any other system. CI's clean clone runs in the invariant culture, so each test sets it.
Describe 'A look-up pattern ignores case the same way in every culture (Turkish I and i)' {
    BeforeAll {
        New-TestStore | Out-Null
        foreach ($id in 'ipad-1', 'IPAD-2', 'Kiosk-1', 'mac-1') { New-BmgDevice -Identifier $id -OS ios | Out-Null }

        # Runs the script with this session's culture set to tr-TR, restored after.
        function Invoke-InTurkish([scriptblock] $Script) {
            $previous = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = 'tr-TR'
                [cultureinfo]::CurrentCulture.Name | Should -Be 'tr-TR'
                & $Script
            } finally {
                [cultureinfo]::CurrentCulture = $previous
            }
        }

        # The names in ordinal order, joined: a comparison no culture changes.
        function Join-Ordinal([object[]] $Names) {
            $sorted = [string[]]@($Names | Where-Object { $_ })
            [Array]::Sort($sorted, [StringComparer]::Ordinal)
            $sorted -join ','
        }
    }

    It 'Get-BmgDevice <Pattern> finds <Expected> in tr-TR as it does in the invariant culture' -TestCases @(
        @{ Pattern = 'IPAD*'; Expected = 'IPAD-2,ipad-1' }
        @{ Pattern = 'ipad-?'; Expected = 'IPAD-2,ipad-1' }
        @{ Pattern = '*I*'; Expected = 'IPAD-2,Kiosk-1,ipad-1' }
        @{ Pattern = 'KIOSK*'; Expected = 'Kiosk-1' }
    ) {
        param([string] $Pattern, [string] $Expected)
        $invariant = Join-Ordinal @(Get-BmgDevice -Identifier $Pattern).Identifier
        $turkish = Invoke-InTurkish { $found = @(Get-BmgDevice -Identifier $Pattern -ErrorVariable failed); $failed | Should -BeNullOrEmpty; Join-Ordinal $found.Identifier }
        $invariant | Should -BeExactly $Expected
        $turkish | Should -BeExactly $Expected
    }

    It 'Get-BmgDeviceHistory IPAD* reads the same entries in tr-TR' {
        $invariant = @(Get-BmgDeviceHistory -Identifier 'IPAD*').Sequence
        $turkish = Invoke-InTurkish { @(Get-BmgDeviceHistory -Identifier 'IPAD*').Sequence }
        $invariant | Should -HaveCount 2
        ($turkish -join ',') | Should -BeExactly ($invariant -join ',')
    }

    It 'tab completion of a pattern offers the same names in tr-TR' {
        $line = 'Get-BmgDevice -Identifier I*'
        $turkish = Invoke-InTurkish { Join-Ordinal @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
        $turkish | Should -BeExactly 'IPAD-2,ipad-1'
    }
}
