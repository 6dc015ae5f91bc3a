# The Pester files that touch the store and therefore run twice in build.ps1 Test: once on SQLite (with every
# other file) and once more on PostgreSQL (BMG_TEST_STORE=postgres: New-TestStore hands out a new database on
# the test server). Paths are relative to tests/pester. Add a file when its tests pass on both stores; a file
# that needs SQLite itself (file modes, application_id, WAL) stays off this list.
# PostgresOnly: files about the server itself (its locks, sessions, a restart); they run in the PostgreSQL run
# only and are left out of the SQLite run (tests/Invoke-PesterSuite.ps1).
@{
    Postgres = @(
        'TestStore.Tests.ps1'
        'StoreFactory.Tests.ps1'
        'Devices.Tests.ps1'
        'Users.Tests.ps1'
        'Import.Tests.ps1'
        'ImportHistory.Tests.ps1'
        'ImportSettled.Tests.ps1'
        'ImportWaitingForStore.Tests.ps1'
        'ImportNightlyJob.Tests.ps1'
        'ExcelRoundTrip.Tests.ps1'
        'StopWhileWaitingForStore.Tests.ps1'
        'StopWhileOpeningStore.Tests.ps1'
        'WaitingForWriter.Tests.ps1'
        'PipedObjects.Tests.ps1'
        'PipedFields.Tests.ps1'
        'PipedBetweenCmdlets.Tests.ps1'
        'PipedDeviceObjects.Tests.ps1'
        'ReferenceData.Tests.ps1'
        'RowErrors.Tests.ps1'
        'FieldRules.Tests.ps1'
        'CheckIn.Tests.ps1'
        'DepLink.Tests.ps1'
        'DepEnrollment.Tests.ps1'
        'ConfirmedChanges.Tests.ps1'
        'DepInventory.Tests.ps1'
        'DepApple.Tests.ps1'
        'DepFiles.Tests.ps1'
        'DepImport.Tests.ps1'
        'DryRunAcrossFiles.Tests.ps1'
        'Export.Tests.ps1'
        'Outbox.Tests.ps1'
        'ReadmeTour.Tests.ps1'
        'CsvEncoding.Tests.ps1'
        'CsvHeader.Tests.ps1'
        'CsvReading.Tests.ps1'
        'Examples.Tests.ps1'
        'CheckInEmailDelivery.Tests.ps1'
        'Reliability.AcrossIssues.Tests.ps1'
        'History.Tests.ps1'
        'HistoryReading.Tests.ps1'
        'HistoryAudit.Tests.ps1'
        'HistoryExport.Tests.ps1'
        'HistoryPiped.Tests.ps1'
        'CheckInEmailDryRun.Tests.ps1'
        'Times.Tests.ps1'
        'StoreFailures.Tests.ps1'
        'ReadOnlyCommands.Tests.ps1'
        'Rename.Tests.ps1'
    )
    PostgresOnly = @(
        'Postgres.Concurrency.Tests.ps1'
        'Postgres.Passwords.Tests.ps1'
        'Postgres.HistoryRights.Tests.ps1'
    )
}
