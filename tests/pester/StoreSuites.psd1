# The Pester files that touch the store and therefore run twice in build.ps1 Test: once on SQLite (with every
# other file) and once more on PostgreSQL (BMG_TEST_STORE=postgres: New-TestStore hands out a new database on
# the test server). Paths are relative to tests/pester. Add a file when its tests pass on both stores; a file
# that needs SQLite itself (file modes, application_id, WAL) stays off this list.
# PostgresOnly: files about the server itself (its locks, sessions, a restart); they run in the PostgreSQL run
# only and are left out of the SQLite run (tests/Invoke-PesterSuite.ps1).
@{
    Postgres = @(
        'TestStore.Tests.ps1'
    )
    PostgresOnly = @(
        'Postgres.Concurrency.Tests.ps1'
    )
}
