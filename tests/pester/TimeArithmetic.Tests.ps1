# The module's times are DateTimeOffset values: `(Get-Date) - $_.CreatedAt` fails (silently in a calculated property),
# so the help shows the age idiom that works where an admin looks for it, Get-BmgDevice's examples and about_BizMobileGo
# (walkthrough 25, finding 8). The idiom is run as the help writes it.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'A device''s age, as the help writes it' {
    BeforeAll {
        New-TestStore | Out-Null
        New-BmgDevice -Identifier 'ipad-3' -OS ios | Out-Null
    }

    It 'Get-BmgDevice has an example for the age in days, and it gives a number' {
        $example = @((Get-Help Get-BmgDevice -Examples).examples.example | Where-Object title -Match 'age in days')
        $example | Should -HaveCount 1
        $rows = @(& ([scriptblock]::Create($example[0].code)))
        $rows | Should -HaveCount 1
        $rows[0].Identifier | Should -Be 'ipad-3'
        $rows[0].AgeDays | Should -BeOfType [int] -Because 'an empty column is what (Get-Date) - $_.CreatedAt leaves'
        $rows[0].AgeDays | Should -Be 0
        ($example[0].remarks | Out-String) | Should -Match ([regex]::Escape('(Get-Date) - $_.CreatedAt.LocalDateTime'))
    }

    It 'about_BizMobileGo says why (Get-Date) - $_.CreatedAt fails and what works' {
        $text = Get-Help about_BizMobileGo | Out-String
        $text | Should -Match ([regex]::Escape('([DateTimeOffset]::Now - $_.CreatedAt).Days'))
        $text | Should -Match ([regex]::Escape('(Get-Date) - (Get-BmgDevice ipad-3).CreatedAt.LocalDateTime'))
    }

    It 'both forms the help gives work, and the plain one fails as the help says' {
        $device = Get-BmgDevice 'ipad-3'
        ([DateTimeOffset]::Now - $device.CreatedAt).TotalSeconds | Should -BeGreaterOrEqual 0
        ((Get-Date) - (Get-BmgDevice ipad-3).CreatedAt.LocalDateTime).TotalSeconds | Should -BeGreaterOrEqual 0
        { (Get-Date) - $device.CreatedAt } | Should -Throw '*op_Subtraction*'
    }
}
