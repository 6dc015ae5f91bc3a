# Walkthrough 32, finding 3: what a removal and a clear leave in the SQLite file itself. SQLite deletes a row by unlinking
# it, and `strings store.db` read a removed user's row and every cleared entry afterwards. Remove-BmgUser, Remove-BmgDevice
# and Clear-BmgHistory now have SQLite zero what they delete (PRAGMA secure_delete for their statements), and a clear
# truncates the write-ahead log after its commit. The file's bytes are read as they are on disk once the commands are done.
# A file of SQLite only (a PostgreSQL server keeps dead tuples until VACUUM: the README's Erasure requests says so).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # How often $Text occurs in the store's file and its log (if one is left), as UTF-8 bytes.
    function Get-Occurrences([string] $Path, [string] $Text) {
        $count = 0
        foreach ($file in @($Path, "$Path-wal")) {
            if (-not (Test-Path -LiteralPath $file)) { continue }
            $bytes = [System.IO.File]::ReadAllBytes($file)
            $content = [System.Text.Encoding]::Latin1.GetString($bytes)
            $needle = [System.Text.Encoding]::Latin1.GetString([System.Text.Encoding]::UTF8.GetBytes($Text))
            $at = $content.IndexOf($needle, [System.StringComparison]::Ordinal)
            while ($at -ge 0) {
                $count++
                $at = $content.IndexOf($needle, $at + 1, [System.StringComparison]::Ordinal)
            }
        }
        $count
    }
}

Describe 'What a removal and a clear leave in the SQLite file (walkthrough 32, 3)' {
    BeforeEach {
        $script:Store = New-TestStore
        New-BmgUser -UserName 'leaver' -Name 'Leaver Hanako' -UserDescription 'Health: sick-leave-Q7Z' | Out-Null
        New-BmgDevice -Identifier 'ipad-leaver' -OS ios -UserName 'leaver' -Description 'badge-4411-Q7Z' | Out-Null
        New-BmgDevice -Identifier 'ipad-stays' -OS ios -Description 'stays-Q7Z' | Out-Null
    }

    It 'a removed user''s and device''s rows are zeroed, not only unlinked (their history entries still hold them)' {
        (Get-Occurrences $Store 'sick-leave-Q7Z') | Should -BeGreaterThan 0
        Remove-BmgDevice -Identifier 'ipad-leaver' -Confirm:$false
        Remove-BmgUser -UserName 'leaver' -Confirm:$false
        # What is left of them is in the history: the created and removed entries (one each carries the value), none in
        # the users or devices tables' free space.
        $inHistory = 0
        foreach ($entry in @(Get-BmgUserHistory 'leaver') + @(Get-BmgDeviceHistory 'ipad-leaver')) {
            $inHistory += @($entry.Changes | Where-Object { $_.OldValue -match 'Q7Z' -or $_.NewValue -match 'Q7Z' }).Count
        }
        (Get-Occurrences $Store 'sick-leave-Q7Z') + (Get-Occurrences $Store 'badge-4411-Q7Z') | Should -Be $inHistory
    }

    It 'after Clear-BmgHistory of everything, neither the file nor its log holds the removed person''s values' {
        Remove-BmgDevice -Identifier 'ipad-leaver' -Confirm:$false
        Remove-BmgUser -UserName 'leaver' -Confirm:$false
        Clear-BmgHistory -Before (Get-Date) -Confirm:$false
        (Test-BmgHistory).Valid | Should -BeTrue
        (Get-Occurrences $Store 'sick-leave-Q7Z') | Should -Be 0
        (Get-Occurrences $Store 'badge-4411-Q7Z') | Should -Be 0
        (Get-Occurrences $Store 'Leaver Hanako') | Should -Be 0
        # The device that stays keeps its value: only the cleared entries' copies of it went.
        (Get-Occurrences $Store 'stays-Q7Z') | Should -Be 1
        # The names index's rows of the cleared entries went with them (walkthrough 32, 4).
        (Get-Occurrences $Store 'ipad-leaver') | Should -Be 0
        Get-BmgDevice 'ipad-stays' | Should -Not -BeNullOrEmpty
    }
}
