BeforeAll {
    . $PSScriptRoot/Common.ps1
}

# Issue 13: one place maps -Database / $env:BMG_DATABASE to a store. A PostgreSQL URI is recognized (not taken
# for a file name) and opened as a server store; a server that can't be reached is StoreUnavailable, with the
# password never shown.
Describe '13 the store factory' {
    BeforeEach {
        $script:Database = New-TestStore
    }

    It '13 -Database with a PostgreSQL URI (<Uri>) of a server that is not there is StoreUnavailable, the password redacted everywhere' -TestCases @(
        @{ Uri = 'postgresql://admin:Pa55word@db.example:5432/inventory?sslmode=require' }
        @{ Uri = 'POSTGRES://admin:Pa55word@db.example/inventory' }
        @{ Uri = 'postgresql://admin@db.example/inventory?password=Pa55word' }
    ) {
        param($Uri)
        $run = Invoke-Captured { Get-BmgDevice -Database $Uri -Verbose 4>&1 }
        $run.Terminating | Should -Not -BeNullOrEmpty
        Get-ErrorId $run.Terminating | Should -Be 'StoreUnavailable'
        $run.Terminating.Exception.Message | Should -BeLike '*could not be reached*'
        $shown = ($run.Output | Out-String) + $run.Terminating.Exception.Message + "$($run.Terminating.TargetObject)"
        $shown | Should -Not -BeLike '*Pa55word*'
        $shown | Should -BeLike '*db.example*'
        Test-Path -LiteralPath $Uri | Should -BeFalse -Because 'a server URI is not made a file'
    }

    It '13 $env:BMG_DATABASE may name a PostgreSQL server too' {
        $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        $saved = $env:BMG_DATABASE
        try {
            $env:BMG_DATABASE = 'postgres://job:Pa55word@db.example/inventory'
            $run = Invoke-Captured { Get-BmgUser }
            Get-ErrorId $run.Terminating | Should -Be 'StoreUnavailable'
            $run.Terminating.Exception.Message | Should -BeLike '*db.example*'
            $run.Terminating.Exception.Message | Should -Not -BeLike '*Pa55word*'
        } finally {
            $env:BMG_DATABASE = $saved
        }
    }

    It '13 completion against a PostgreSQL URI offers nothing and fails nothing' {
        New-BmgDevice -Identifier 'comp001' -OS ios | Out-Null
        $line = "Get-BmgDevice -Database 'postgresql://u:p@db.example/x' -Identifier comp"
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($result.CompletionMatches).Count | Should -Be 0
        $line = "Get-BmgDevice -Identifier comp"
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Contain 'comp001'
    }
}
