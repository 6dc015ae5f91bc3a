# Walkthrough 17, finding 1: a dry run (-WhatIf) of several files predicts what the real run of the same files does.
# The real run imports each file in its own transaction, so a later file sees what the earlier ones wrote; the dry run
# must too, while writing nothing to the store. Before, each file's dry run was rolled back before the next was
# planned: a dry run passed where the real run refused a file (a serial the first file takes), or refused a file the
# real run imports (a row updating a device the first file creates); Import-BmgDepDevice ./dep-* -WhatIf counted
# wrongly and warned about a profile whose name the same command imports.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # What a test compares of a run: each imported file's counts, the terminating error's id and target (the refused
    # files), and the errors' ids; the summaries of the refused files apart (Refused), which the real run writes too
    # since walkthrough 28, finding 10 (before, only the dry run did).
    function Get-ImportOutcome([object] $Captured) {
        [pscustomobject]@{
            Files = @($Captured.Output | Where-Object { $_.PSObject.Properties['PlannedCreated'] -and -not $_.Refused } | ForEach-Object {
                    '{0}: Rows {1} Created {2} Updated {3} Unchanged {4} Failed {5} Refused {6}' -f (Split-Path $_.Source -Leaf),
                        $_.Rows, $_.PlannedCreated, $_.PlannedUpdated, $_.PlannedUnchanged, $_.Failed, $_.Refused
                }) -join "`n"
            Failed = if ($Captured.Terminating) { '{0} {1}' -f (Get-ErrorId $Captured.Terminating), ($Captured.Terminating.TargetObject -join ',') } else { 'none' }
            Errors = @($Captured.Errors | ForEach-Object { Get-ErrorId $_ }) -join ','
            Refused = @($Captured.Output | Where-Object { $_.PSObject.Properties['PlannedCreated'] -and $_.Refused } | ForEach-Object {
                    '{0}: Created {1} Updated {2} Failed {3}' -f (Split-Path $_.Source -Leaf), $_.PlannedCreated, $_.PlannedUpdated, $_.Failed
                }) -join "`n"
        }
    }

    function Get-DepOutcome([object] $Captured) {
        [pscustomobject]@{
            Files = @($Captured.Output | ForEach-Object {
                    '{0}: Added {1} Updated {2} Unchanged {3} Released {4} Failed {5} Profiles {6}' -f (Split-Path $_.Source -Leaf),
                        $_.Added, $_.Updated, $_.Unchanged, $_.Released, $_.Failed, $_.Profiles
                }) -join "`n"
            Warnings = @($Captured.Warnings | ForEach-Object { $_.Message }) -join "`n"
            Failed = if ($Captured.Terminating) { Get-ErrorId $Captured.Terminating } else { 'none' }
        }
    }

    # Everything the dry run could have changed, read back from the store: devices, users, e-mails, DEP devices and
    # profiles, and the import history (a dry run records nothing).
    function Get-WholeStore {
        (Get-StoreSnapshot) + (@(Get-BmgDepDevice) | ConvertTo-Json -Depth 4) + (@(Get-BmgDepProfile) | ConvertTo-Json -Depth 4) +
            (@(Get-BmgImportHistory) | Select-Object * -ExcludeProperty StartedAt, EndedAt, Elapsed | ConvertTo-Json -Depth 4)
    }

    function New-FileSet([hashtable] $Files) {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $folder | Out-Null
        foreach ($name in $Files.Keys) {
            [IO.File]::WriteAllText((Join-Path $folder $name), (($Files[$name] -join "`r`n") + "`r`n"), [Text.UTF8Encoding]::new($false))
        }
        return $folder
    }
}

Describe 'Import-BmgDeviceCsv -WhatIf of several files: each file sees what the files before it would write (both stores)' {
    BeforeEach {
        New-TestStore | Out-Null
        New-BmgTemplate Standard | Out-Null
        # A device already there: the dry run must copy (SQLite) or write over (PostgreSQL) a store that holds something.
        Import-BmgDeviceCsv -InputObject ([pscustomobject]@{ Identifier = 'old-001'; OS = 'iOS'; Template = 'Standard' }) | Out-Null
    }

    It 'a serial the first file takes: the dry run refuses the second file, as the real run does, and writes nothing' {
        $folder = New-FileSet @{
            '1.csv' = 'Identifier,OS,Template,Serial', 'hiro-001,iOS,Standard,F9FXK2HHHH01'
            '2.csv' = 'Identifier,OS,Template,Serial', 'hiro-002,iOS,Standard,F9FXK2HHHH01'
        }
        $before = Get-WholeStore

        $dry = Get-ImportOutcome (Invoke-Captured { Import-BmgDeviceCsv "$folder/*.csv" -WhatIf })

        Get-WholeStore | Should -Be $before
        $real = Get-ImportOutcome (Invoke-Captured { Import-BmgDeviceCsv "$folder/*.csv" })
        $real.Failed | Should -Be "ImportFailed $(Join-Path $folder '2.csv')"
        $dry.Failed | Should -Be $real.Failed
        $dry.Errors | Should -Be $real.Errors
        $dry.Files | Should -Be $real.Files
        $dry.Refused | Should -Be '2.csv: Created 0 Updated 0 Failed 1'
        $real.Refused | Should -Be $dry.Refused
    }

    It 'a device the first file creates: the dry run updates it in the second file, as the real run does, and writes nothing' {
        $folder = New-FileSet @{
            '1-new.csv' = 'UserName,Name,Identifier,OS,Template', 'mori,森 一,mori-001,iOS,Standard'
            '2-update.csv' = 'Identifier,DisplayName,UserName', 'mori-001,森さんの端末,mori'
        }
        $before = Get-WholeStore

        $dry = Get-ImportOutcome (Invoke-Captured { Import-BmgDeviceCsv "$folder/*.csv" -WhatIf })

        Get-WholeStore | Should -Be $before
        $real = Get-ImportOutcome (Invoke-Captured { Import-BmgDeviceCsv "$folder/*.csv" })
        $real.Failed | Should -Be 'none'
        $dry.Failed | Should -Be 'none'
        $dry.Files | Should -Be $real.Files
        $dry.Files | Should -Match '2-update.csv: Rows 1 Created 0 Updated 1'
    }

    It 'a refused file writes nothing in the dry run either: the file after it does not see its rows' {
        # 2.csv is refused (its second row's OS); 3.csv updates the device 2.csv's first row would have created: the real
        # run refuses 3.csv too (OS is required for a new device), and so must the dry run.
        $folder = New-FileSet @{
            '1.csv' = 'Identifier,OS,Template', 'kept-001,iOS,Standard'
            '2.csv' = 'Identifier,OS,Template', 'gone-001,iOS,Standard', 'gone-002,nosuchos,Standard'
            '3.csv' = 'Identifier,DisplayName', 'gone-001,never', 'kept-001,kept'
        }
        $before = Get-WholeStore

        $dry = Get-ImportOutcome (Invoke-Captured { Import-BmgDeviceCsv "$folder/*.csv" -WhatIf })

        Get-WholeStore | Should -Be $before
        $real = Get-ImportOutcome (Invoke-Captured { Import-BmgDeviceCsv "$folder/*.csv" })
        $dry.Failed | Should -Be $real.Failed
        $dry.Errors | Should -Be $real.Errors
        $dry.Files | Should -Be $real.Files
        $real.Failed | Should -Be "ImportFailed $(Join-Path $folder '2.csv'),$(Join-Path $folder '3.csv')"
        $dry.Refused | Should -Be "2.csv: Created 1 Updated 0 Failed 1`n3.csv: Created 0 Updated 1 Failed 1"
        $real.Refused | Should -Be $dry.Refused
    }

    It 'the refusal of several files says "What if:" once' {
        $folder = New-FileSet @{
            '1.csv' = 'Identifier,OS', 'bad-1,nosuchos'
            '2.csv' = 'Identifier,OS', 'bad-2,nosuchos'
        }
        $result = Invoke-Captured { Import-BmgDeviceCsv "$folder/*.csv" -WhatIf }

        Get-ErrorId $result.Terminating | Should -Be 'ImportFailed'
        $message = $result.Terminating.Exception.Message
        $message | Should -BeLike 'What if: 2 imports would fail and write nothing: 1 of 1 row of *1.csv'' failed, so nothing would be imported from it (a dry run: nothing was written).*'
        ([regex]::Matches($message, 'What if:')).Count | Should -Be 1
    }
}

Describe 'Import-BmgDepDevice -WhatIf of several files predicts the real run (both stores)' {
    BeforeEach { New-TestStore -Created | Out-Null }

    It 'the examples'' dep-* files: the same counts and warnings as the real run, and nothing written' {
        $files = @(Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Filter 'dep-*' | Sort-Object Name | ForEach-Object FullName)
        $files.Count | Should -BeGreaterThan 2
        $before = Get-WholeStore

        $dry = Get-DepOutcome (Invoke-Captured { Import-BmgDepDevice $files -WhatIf })

        Get-WholeStore | Should -Be $before
        $real = Get-DepOutcome (Invoke-Captured { Import-BmgDepDevice $files })
        $real.Failed | Should -Be 'none'
        $dry.Failed | Should -Be 'none'
        $dry.Warnings | Should -Be $real.Warnings
        $dry.Files | Should -Be $real.Files
    }
}
