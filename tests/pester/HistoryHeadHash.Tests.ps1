# The head hash Test-BmgHistory shows is the value an admin copies into a ticket: in an 80-column console it must be on
# one line, and a copy that took a line break or a space along must still be taken as that hash.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Test-BmgHistory head hash, as copied from a console' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'hh-001' -OS ios | Out-Null
        Set-BmgDevice -Identifier 'hh-001' -DisplayName 'Changed' | Out-Null
        $script:Check = Test-BmgHistory
    }

    It 'shows the whole 64-digit head hash on one line of an 80-column list' {
        $Check.HeadHash | Should -Match '^[0-9a-f]{64}$'
        $lines = @(($Check | Out-String -Width 80) -split '\r?\n')
        @($lines | Where-Object { $_ -match "HeadHash\s*:\s*$($Check.HeadHash)$" }).Count | Should -Be 1
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 }
    }

    It 'takes a head hash copied with a line break and spaces in it' {
        $copied = " $($Check.HeadHash.Substring(0, 40))`r`n  $($Check.HeadHash.Substring(40)) "
        $result = Test-BmgHistory -KnownHash $copied -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        $result.Valid | Should -BeTrue
    }

    It 'still refuses text that is not a hash' {
        { Test-BmgHistory -KnownHash 'not-a-hash' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BizMobileGo.PowerShell.TestBmgHistoryCommand'
    }
}

Describe 'Clear-BmgHistory -PassThru, as copied from a console' {
    It 'shows the chain start''s 64-digit previous hash whole on one line of an 80-column list' {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'hh-002' -OS ios | Out-Null
        Set-BmgDevice -Identifier 'hh-002' -DisplayName 'Changed' | Out-Null
        $head = (Test-BmgHistory).HeadHash
        $cleared = Clear-BmgHistory -Before (Get-Date).AddDays(1) -PassThru -Confirm:$false
        # Its table shows no hash; the list (Format-List, as an admin looks at a clear) holds the chain start's.
        $lines = @(($cleared | Format-List | Out-String -Width 80) -split '\r?\n')
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 -Because "'$_'" }
        @($lines | Where-Object { $_ -match "ChainStartPreviousHash: \(none\) →$" }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match "^\s+$head$" }).Count | Should -Be 1 -Because ($lines -join "`n")
    }
}
