# Dot-sourced by the change history's test files (History, HistoryAudit, HistoryIntegrity; after Common.ps1 and
# Reliability.Common.ps1): rows read and edited by hand on the test's store, as an intruder with the store's file or a
# psql session would, with SQL valid on SQLite and PostgreSQL alike. One helper, so the store each file runs on (its
# suite in StoreSuites.psd1) is told apart in one place.

function Invoke-HistorySql {
    <#
    Rows of one statement run by hand on the test's store, as one list (never unrolled) of value arrays: through SQLite's
    own connection on a file (Invoke-StoreSql), through psql on a PostgreSQL database (values then come back as text).
    #>
    param([Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Sql)
    if ((Get-TestStoreKind) -ne 'postgres') { return , (Invoke-StoreSql $Database $Sql) }
    $rows = [System.Collections.Generic.List[object]]::new()
    foreach ($line in (Invoke-PostgresTestSql -Uri $Database -Sql $Sql)) { $rows.Add([object[]]($line -split '\|')) }
    return , $rows
}
