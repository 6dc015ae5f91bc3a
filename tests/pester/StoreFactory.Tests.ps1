BeforeAll {
    . $PSScriptRoot/Common.ps1
}

# Issue 13: one place maps -Database / $env:BMG_DATABASE to a store. A PostgreSQL URI is recognized (not taken
# for a file name) and opened as a server store; a server that can't be reached is StoreUnavailable, with the
# password never shown. (A port where nothing listens: a host name DNS does not know is StoreOpenFailure since walkthrough 44, 1.)
Describe '13 the store factory' {
    BeforeEach {
        $script:Database = New-TestStore
    }

    It '13 -Database with a PostgreSQL URI (<Uri>) of a server that is not there is StoreUnavailable, the password redacted everywhere, in one form' -TestCases @(
        @{ Uri = 'postgresql://admin:Pa55word@127.0.0.1:1/inventory?sslmode=require'; Shown = 'postgresql://admin@127.0.0.1:1/inventory?sslmode=require' }
        @{ Uri = 'POSTGRES://admin:Pa55word@127.0.0.1:1/inventory'; Shown = 'POSTGRES://admin@127.0.0.1:1/inventory' }
        @{ Uri = 'postgresql://admin@127.0.0.1:1/inventory?password=Pa55word'; Shown = 'postgresql://admin@127.0.0.1:1/inventory' }
        @{ Uri = 'postgresql://admin@127.0.0.1:1/inventory?sslmode=require&sslpassword=Pa55word'; Shown = 'postgresql://admin@127.0.0.1:1/inventory?sslmode=require' }
    ) {
        param($Uri, $Shown)
        $run = Invoke-Captured { Get-BmgDevice -Database $Uri -Verbose 4>&1 }
        $run.Terminating | Should -Not -BeNullOrEmpty
        Get-ErrorId $run.Terminating | Should -Be 'StoreUnavailable'
        $run.Terminating.Exception.Message | Should -BeLike '*could not be reached*'
        $everything = ($run.Output | Out-String) + $run.Terminating.Exception.Message + "$($run.Terminating.TargetObject)"
        $everything | Should -Not -BeLike '*Pa55word*'
        $everything | Should -BeLike '*127.0.0.1:1*'
        # One form wherever the server is named: the -Verbose line, the message, the error's target.
        @($run.Output.Message) | Should -Contain "Using the store '$Shown'."
        $run.Terminating.Exception.Message.StartsWith("The store '$Shown' ") | Should -BeTrue -Because "the message names the server as the verbose line does: $($run.Terminating.Exception.Message)"
        $run.Terminating.TargetObject | Should -Be $Shown
        Test-Path -LiteralPath $Uri | Should -BeFalse -Because 'a server URI is not made a file'
    }

    It '13 a URI that can''t be read is shown in the same form, without its password, in the -Verbose line and the error' {
        $uri = 'postgresql://admin:Pa55w@rd@db.example/inventory?sslmod=require'
        $run = Invoke-Captured { Get-BmgDevice -Database $uri -Verbose 4>&1 }
        Get-ErrorId $run.Terminating | Should -Be 'InvalidStoreUri'
        $shown = 'postgresql://admin@db.example/inventory?sslmod=require'
        @($run.Output.Message) | Should -Contain "Using the store '$shown'."
        $run.Terminating.Exception.Message.StartsWith("The store URI '$shown' can't be used") | Should -BeTrue -Because $run.Terminating.Exception.Message
        $run.Terminating.TargetObject | Should -Be $shown
    }

    It '13 a password with an unencoded @ / ? : (<Uri>) is InvalidStoreUri naming the percent-encoding rule, no piece of it shown' -TestCases @(
        @{ Uri = 'postgresql://kitting:Spr?ing=2026@db.example.com/inventory'; Pieces = 'Spr?ing=2026', 'Spr', 'ing=2026'; Shown = 'postgresql://kitting@db.example.com/inventory' }
        @{ Uri = 'postgresql://kitting:Tokyo/Spring2026@db.example.com/inventory'; Pieces = 'Tokyo', 'Spring2026'; Shown = 'postgresql://kitting@db.example.com/inventory' }
        @{ Uri = 'postgresql://kitting:Abc@Tokyo:2026Spring@db.example.com:5432/inventory'; Pieces = 'Abc@', 'Tokyo', '2026Spring'; Shown = 'postgresql://kitting@db.example.com:5432/inventory' }
    ) {
        param($Uri, $Pieces, $Shown)
        $verbose = $null
        $caught = $null
        try { Get-BmgDevice -Database $Uri -ErrorAction Stop -Verbose 4>&1 | ForEach-Object { $verbose += "$_`n" } }
        catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidStoreUri,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $caught.Exception.Message | Should -BeLike "The store URI '$Shown' can't be used: percent-encode @ : / ? # in the user name or password (%40 %3A %2F %3F %23)*"
        $caught.TargetObject | Should -Be $Shown
        $caught.Exception.InnerException | Should -BeNullOrEmpty
        $verbose | Should -Be "Using the store '$Shown'.`n"
        $everything = $verbose + $caught.Exception.Message + "$($caught.TargetObject)" + ($caught | Out-String) + "$($caught.ErrorDetails)"
        foreach ($piece in $Pieces) {
            $everything.Contains($piece) | Should -BeFalse -Because "no piece of the password ($piece) is shown: $everything"
        }
    }

    It '13 text meant as a URI but not one (<Uri>) is InvalidStoreUri, never a file path, the password shown nowhere' -TestCases @(
        @{ Uri = ' postgresql://kitting:Pa55word@db.example/inventory'; Shown = ' postgresql://kitting@db.example/inventory'; Rule = 'starts or ends with white space' }
        @{ Uri = 'postgresql://kitting:Pa55word@db.example/inventory '; Shown = 'postgresql://kitting@db.example/inventory '; Rule = 'starts or ends with white space' }
        @{ Uri = 'postgres:/kitting:Pa55word@db.example/inventory'; Shown = 'postgres:/kitting@db.example/inventory'; Rule = 'must start with postgresql:// or postgres://' }
        @{ Uri = 'postgresql:kitting:Pa55word@db.example/inventory'; Shown = 'postgresql:kitting@db.example/inventory'; Rule = 'must start with postgresql:// or postgres://' }
        @{ Uri = 'mysql://kitting:Pa55word@db.example/inventory'; Shown = 'mysql://kitting@db.example/inventory'; Rule = 'must start with postgresql:// or postgres://' }
        @{ Uri = 'postgresql://kitting@db.example/inventory?password=Pa5&5word'; Shown = 'postgresql://kitting@db.example/inventory'; Rule = "an '&' in a password is written %26" }
        @{ Uri = 'postgresql://kitting@db.example/inventory?sslpassword=Pa5&5word=x&sslmode=require'; Shown = 'postgresql://kitting@db.example/inventory?sslmode=require'; Rule = "an '&' in a sslpassword is written %26" }
        @{ Uri = 'postgresql://kitting:Pa55word@db.example/invent@ry'; Shown = 'postgresql://kitting@ry'; Rule = "an '@' after the host (in the database name or a query value) is written %40" }
    ) {
        param($Uri, $Shown, $Rule)
        foreach ($fromEnvironment in $false, $true) {
            $saved = $env:BMG_DATABASE
            try {
                if ($fromEnvironment) {
                    $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
                    $env:BMG_DATABASE = $Uri
                    $run = Invoke-Captured { Get-BmgDevice -Verbose 4>&1 }
                } else {
                    $run = Invoke-Captured { Get-BmgDevice -Database $Uri -Verbose 4>&1 }
                }
            } finally {
                $env:BMG_DATABASE = $saved
                $global:PSDefaultParameterValues['*-Bmg*:Database'] = $Database
            }
            Get-ErrorId $run.Terminating | Should -Be 'InvalidStoreUri' -Because "from `$env:BMG_DATABASE: $fromEnvironment"
            $run.Terminating.Exception.Message.StartsWith("The store URI '$Shown' can't be used: ") | Should -BeTrue -Because $run.Terminating.Exception.Message
            $run.Terminating.Exception.Message | Should -BeLike "*$Rule*"
            $run.Terminating.TargetObject | Should -Be $Shown
            @($run.Output.Message) | Should -Be @("Using the store '$Shown'.")
            $everything = ($run.Output | Out-String) + $run.Terminating.Exception.Message + "$($run.Terminating.TargetObject)" + ($run.Terminating | Out-String)
            foreach ($piece in 'Pa55word', '5word') {
                $everything.Contains($piece) | Should -BeFalse -Because "no piece of the password ($piece) is shown: $everything"
            }
        }
    }

    It '13 a connection string given as a store (<Text>) is InvalidStoreUri at once: no file made, the password shown nowhere' -TestCases @(
        @{ Text = 'Host=db;Username=u;Password=Pa55word;Database=x'; Shown = 'Host=db;Username=u;Database=x' }
        @{ Text = 'Host = db; Username = u; Password = Pa55word; Database = x'; Shown = 'Host = db; Username = u; Database = x' }
        @{ Text = 'Server=db;Port=5432;User Id=u;Password=Pa5;5word;Database=x'; Shown = 'Server=db;Port=5432;User Id=u;Database=x' }
        @{ Text = 'host=db dbname=x user=u password=Pa55word'; Shown = 'host=db dbname=x user=u' }
    ) {
        param($Text, $Shown)
        Push-Location -LiteralPath $TestDrive
        try {
            # A writer: before, it created a SQLite file of that name in the current folder.
            $run = Invoke-Captured { New-BmgTemplate -Name 'Cs' -Database $Text -Verbose 4>&1 }
        } finally { Pop-Location }
        Get-ErrorId $run.Terminating | Should -Be 'InvalidStoreUri'
        $run.Terminating.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $run.Terminating.Exception.Message | Should -BeLike "The store '$Shown' can't be used: it is a connection string*postgresql://user:password@host:port/database*"
        $run.Terminating.TargetObject | Should -Be $Shown
        @($run.Output.Message) | Should -Contain "Using the store '$Shown'."
        $everything = ($run.Output | Out-String) + $run.Terminating.Exception.Message + "$($run.Terminating.TargetObject)" + ($run.Terminating | Out-String)
        foreach ($piece in 'Pa55word', '5word') {
            $everything.Contains($piece) | Should -BeFalse -Because "no piece of the password ($piece) is shown: $everything"
        }
        @(Get-ChildItem -LiteralPath $TestDrive -Filter '*=*') | Should -HaveCount 0 -Because 'no store file is made of the text'
    }

    It '13 a file name with ; or = that is no connection string (<Name>) is still a store file' -TestCases @(
        @{ Name = 'inventory;2026.db' }
        @{ Name = 'server=prod.db' }
        @{ Name = 'a=b;c.db' }
    ) {
        param($Name)
        Push-Location -LiteralPath $TestDrive
        try {
            New-BmgTemplate -Name 'Semicolon' -Database $Name | Out-Null
            (Get-BmgTemplate -Database $Name).Name | Should -Be 'Semicolon'
        } finally { Pop-Location }
        Join-Path $TestDrive $Name | Should -Exist
    }

    It '13 a file whose name looks like a connection string is named with ./ in front' {
        Push-Location -LiteralPath $TestDrive
        try {
            New-BmgTemplate -Name 'Dotted' -Database './Host=db;Database=x' | Out-Null
        } finally { Pop-Location }
        Join-Path $TestDrive 'Host=db;Database=x' | Should -Exist
    }

    It '13 a store on a PowerShell drive written with a forward slash (TestDrive:/x.db) is a file, not a URI' {
        $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        $name = "drive-$([guid]::NewGuid().ToString('N')).db"
        New-BmgTemplate -Name 'OnDrive' -Database "TestDrive:/$name" | Out-Null
        (Get-BmgTemplate -Database "TestDrive:/$name").Name | Should -Be 'OnDrive'
        Join-Path $TestDrive $name | Should -Exist
    }

    It '13 $env:BMG_DATABASE may name a PostgreSQL server too' {
        $global:PSDefaultParameterValues.Remove('*-Bmg*:Database')
        $saved = $env:BMG_DATABASE
        try {
            $env:BMG_DATABASE = 'postgres://job:Pa55word@127.0.0.1:1/inventory'
            $run = Invoke-Captured { Get-BmgUser }
            Get-ErrorId $run.Terminating | Should -Be 'StoreUnavailable'
            $run.Terminating.Exception.Message | Should -BeLike '*127.0.0.1:1*'
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
