namespace BizMobileGo.Core.Store
{
    /// <summary>The store's schema as forward migrations: migration N takes user_version N-1 to N.</summary>
    internal static class SqliteSchema
    {
        /// <summary>Marks a file as a BizMobileGo store ("BMG1"), so another application's SQLite file is refused.</summary>
        public const int ApplicationId = 0x424D4731;

        public static readonly string[] Migrations =
        {
            // 1: the initial schema.
            @"
CREATE TABLE organizations (
    id   TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE templates (
    name TEXT NOT NULL PRIMARY KEY
);
CREATE TABLE device_tags (
    name TEXT NOT NULL PRIMARY KEY
);
CREATE TABLE users (
    user_id          INTEGER PRIMARY KEY,
    user_name        TEXT NOT NULL UNIQUE,
    name             TEXT,
    email_address    TEXT,
    user_description TEXT
);
CREATE TABLE user_organizations (
    user_id         INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON UPDATE CASCADE,
    position        INTEGER NOT NULL,
    PRIMARY KEY (user_id, organization_id)
) WITHOUT ROWID;
CREATE INDEX user_organizations_by_organization ON user_organizations(organization_id);
CREATE TABLE devices (
    device_id          INTEGER PRIMARY KEY,
    identifier         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    template           TEXT REFERENCES templates(name) ON UPDATE CASCADE,
    code               TEXT NOT NULL,
    os                 TEXT NOT NULL CHECK (os IN ('ios', 'android', 'windows')),
    wifi_mac           TEXT,
    imei               TEXT,
    meid               TEXT,
    udid               TEXT,
    serial             TEXT UNIQUE,
    expiration_days    INTEGER NOT NULL CHECK (expiration_days BETWEEN 1 AND 365),
    display_name       TEXT,
    description        TEXT,
    registration_email TEXT,
    user_id            INTEGER REFERENCES users(user_id),
    dep_method         TEXT CHECK (dep_method IN ('Serial', 'Keycode')),
    state              TEXT NOT NULL CHECK (state IN ('Registered', 'CheckedIn', 'Withdrawn')),
    dep_device         TEXT,
    dep_profile        TEXT,
    created_at         TEXT NOT NULL,
    saved_at           TEXT NOT NULL,
    checked_in_at      TEXT,
    withdrawn_at       TEXT
);
CREATE INDEX devices_by_user ON devices(user_id);
CREATE INDEX devices_by_template ON devices(template);
CREATE TABLE device_tag_links (
    device_id INTEGER NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
    tag_name  TEXT NOT NULL REFERENCES device_tags(name) ON UPDATE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (device_id, tag_name)
) WITHOUT ROWID;
CREATE INDEX device_tag_links_by_tag ON device_tag_links(tag_name);
CREATE TABLE dep_devices (
    serial_number TEXT NOT NULL PRIMARY KEY,
    model         TEXT,
    description   TEXT,
    profile_name  TEXT,
    imported_at   TEXT NOT NULL
);
CREATE INDEX dep_devices_by_profile ON dep_devices(profile_name);
CREATE TABLE checkin_emails (
    email_id   INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    identifier TEXT NOT NULL,
    code       TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    sent_at    TEXT
);
",
            // 2: the import history page: every import that wrote or tried to, with its row errors.
            @"
CREATE TABLE import_history (
    import_id     INTEGER PRIMARY KEY,
    started_at    TEXT NOT NULL,
    ended_at      TEXT NOT NULL,
    os_user       TEXT NOT NULL,
    source        TEXT NOT NULL,
    sha256        TEXT,
    mode          TEXT NOT NULL,
    committed     INTEGER NOT NULL,
    rows          INTEGER NOT NULL,
    created       INTEGER NOT NULL,
    updated       INTEGER NOT NULL,
    unchanged     INTEGER NOT NULL,
    failed        INTEGER NOT NULL,
    emails_queued INTEGER NOT NULL
);
CREATE TABLE import_history_errors (
    import_id  INTEGER NOT NULL REFERENCES import_history(import_id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    identifier TEXT,
    user_name  TEXT,
    error_id   TEXT NOT NULL,
    message    TEXT NOT NULL
);
CREATE INDEX import_history_errors_by_import ON import_history_errors(import_id);
",
            // 3: a user's organizations and a device's tags as one '|'-joined column (names can't contain '|').
            //    A bulk import wrote one link row per name; one column is one write, and the planner
            //    already checks that every name exists before anything is written.
            @"
ALTER TABLE users ADD COLUMN organizations TEXT;
UPDATE users SET organizations = (SELECT group_concat(organization_id, '|') FROM
    (SELECT organization_id FROM user_organizations o WHERE o.user_id = users.user_id ORDER BY position));
ALTER TABLE devices ADD COLUMN device_tags TEXT;
UPDATE devices SET device_tags = (SELECT group_concat(tag_name, '|') FROM
    (SELECT tag_name FROM device_tag_links l WHERE l.device_id = devices.device_id ORDER BY position));
DROP TABLE user_organizations;
DROP TABLE device_tag_links;
",
            // 4 (issue 11, Apple's own DEP data): the fields of Apple's device list, a sync response's
            //    release of a serial, and the profiles Apple's profile response names (profile_uuid -> name).
            //    is_ios is DepPlatform's verdict, stored so an import asks "any Macs at all?" once, not per row.
            @"
ALTER TABLE dep_devices ADD COLUMN color TEXT;
ALTER TABLE dep_devices ADD COLUMN asset_tag TEXT;
ALTER TABLE dep_devices ADD COLUMN os TEXT;
ALTER TABLE dep_devices ADD COLUMN device_family TEXT;
ALTER TABLE dep_devices ADD COLUMN profile_status TEXT;
ALTER TABLE dep_devices ADD COLUMN profile_uuid TEXT COLLATE NOCASE;
ALTER TABLE dep_devices ADD COLUMN profile_assign_time TEXT;
ALTER TABLE dep_devices ADD COLUMN profile_push_time TEXT;
ALTER TABLE dep_devices ADD COLUMN device_assigned_date TEXT;
ALTER TABLE dep_devices ADD COLUMN device_assigned_by TEXT;
ALTER TABLE dep_devices ADD COLUMN released_at TEXT;
ALTER TABLE dep_devices ADD COLUMN is_ios INTEGER NOT NULL DEFAULT 1;
CREATE INDEX dep_devices_by_profile_uuid ON dep_devices(profile_uuid);
CREATE TABLE dep_profiles (
    profile_uuid TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    profile_name TEXT NOT NULL,
    saved_at     TEXT NOT NULL
);
",
            // 5: check-in lockout (issue 9.9): every refused check-in by Identifier and code, so that guessing
            //    codes is stopped after a few tries however many processes try. Keyed by the Identifier as
            //    given (ignoring case), whether or not such a device exists, so a lockout tells nothing either.
            @"
CREATE TABLE checkin_failures (
    identifier TEXT NOT NULL COLLATE NOCASE,
    failed_at  TEXT NOT NULL,
    reason     TEXT NOT NULL
);
CREATE INDEX checkin_failures_by_identifier ON checkin_failures(identifier, failed_at);
",
            // 6 (check-in email delivery, issue 14): each outbox entry's delivery state. Claimed entries
            //    ('Sending') name the sender that holds them; the Message-ID is fixed at the first claim, so a
            //    re-send after a crash carries the same one. Older pending entries of a device that already has
            //    a newer one are superseded: the newest carries the current code and address.
            @"
ALTER TABLE checkin_emails ADD COLUMN status TEXT NOT NULL DEFAULT 'Pending'
    CHECK (status IN ('Pending', 'Sending', 'Sent', 'Failed', 'Superseded'));
ALTER TABLE checkin_emails ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE checkin_emails ADD COLUMN last_error TEXT;
ALTER TABLE checkin_emails ADD COLUMN server_reply TEXT;
ALTER TABLE checkin_emails ADD COLUMN message_id TEXT;
ALTER TABLE checkin_emails ADD COLUMN claimed_by TEXT;
ALTER TABLE checkin_emails ADD COLUMN claimed_until TEXT;
ALTER TABLE checkin_emails ADD COLUMN superseded_by INTEGER;
ALTER TABLE checkin_emails ADD COLUMN status_reason TEXT;
UPDATE checkin_emails SET status = 'Sent' WHERE sent_at IS NOT NULL;
UPDATE checkin_emails SET status = 'Superseded',
    superseded_by = (SELECT max(n.email_id) FROM checkin_emails n WHERE lower(n.identifier) = lower(checkin_emails.identifier) AND n.sent_at IS NULL),
    status_reason = 'A newer email for this device was queued before this one was sent.'
    WHERE sent_at IS NULL AND email_id < (SELECT max(n.email_id) FROM checkin_emails n WHERE lower(n.identifier) = lower(checkin_emails.identifier) AND n.sent_at IS NULL);
CREATE INDEX checkin_emails_by_status ON checkin_emails(status, email_id);
CREATE INDEX checkin_emails_pending_by_identifier ON checkin_emails(identifier COLLATE NOCASE) WHERE status = 'Pending';
",
            // 7 (issue 15, the change history): one row per entry of the hash chain (HistoryChain numbers and
            //    hashes them; the store only keeps them). An entry names its device or user by the row's key, which
            //    must never be given to another device or user: a bare INTEGER PRIMARY KEY hands the largest key out
            //    again once its row is deleted, so users and devices are rebuilt with AUTOINCREMENT (the same columns,
            //    keys and indexes). The devices are copied into a table that references the new users before the old
            //    tables go, so no foreign key is ever broken inside this transaction (PRAGMA foreign_keys can't be
            //    switched off in one). subject_key has INTEGER affinity: the keys are row keys, kept as numbers they
            //    sort as they are handed out, so an import appends to its index instead of inserting all over it
            //    (they read back as the same text; Clear-BmgHistory's own key "history" stays text).
            @"
CREATE TABLE change_history (
    sequence      INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    os_user       TEXT NOT NULL,
    host          TEXT NOT NULL,
    command       TEXT NOT NULL,
    import_id     INTEGER,
    line          INTEGER,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('Device', 'User', 'History')),
    subject_key   INTEGER NOT NULL,
    subject       TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('Created', 'Changed', 'Removed', 'Cleared')),
    changes       TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX change_history_by_subject ON change_history (subject_kind, subject_key, sequence);
CREATE INDEX change_history_by_name ON change_history (subject_kind, subject COLLATE NOCASE, subject_key);
CREATE TABLE users_keyed (
    user_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name        TEXT NOT NULL UNIQUE,
    name             TEXT,
    email_address    TEXT,
    user_description TEXT,
    organizations    TEXT
);
INSERT INTO users_keyed (user_id, user_name, name, email_address, user_description, organizations)
    SELECT user_id, user_name, name, email_address, user_description, organizations FROM users;
CREATE TABLE devices_keyed (
    device_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    identifier         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    template           TEXT REFERENCES templates(name) ON UPDATE CASCADE,
    code               TEXT NOT NULL,
    os                 TEXT NOT NULL CHECK (os IN ('ios', 'android', 'windows')),
    wifi_mac           TEXT,
    imei               TEXT,
    meid               TEXT,
    udid               TEXT,
    serial             TEXT UNIQUE,
    expiration_days    INTEGER NOT NULL CHECK (expiration_days BETWEEN 1 AND 365),
    display_name       TEXT,
    description        TEXT,
    registration_email TEXT,
    user_id            INTEGER REFERENCES users_keyed(user_id),
    dep_method         TEXT CHECK (dep_method IN ('Serial', 'Keycode')),
    state              TEXT NOT NULL CHECK (state IN ('Registered', 'CheckedIn', 'Withdrawn')),
    dep_device         TEXT,
    dep_profile        TEXT,
    created_at         TEXT NOT NULL,
    saved_at           TEXT NOT NULL,
    checked_in_at      TEXT,
    withdrawn_at       TEXT,
    device_tags        TEXT
);
INSERT INTO devices_keyed (device_id, identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days, display_name,
    description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at, checked_in_at, withdrawn_at,
    device_tags)
    SELECT device_id, identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days, display_name,
    description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at, checked_in_at, withdrawn_at,
    device_tags FROM devices;
DROP TABLE devices;
DROP TABLE users;
ALTER TABLE users_keyed RENAME TO users;
ALTER TABLE devices_keyed RENAME TO devices;
CREATE INDEX devices_by_user ON devices(user_id);
CREATE INDEX devices_by_template ON devices(template);
",
            // 8 (issue 15, the history's cost to an import): the two hashes of an entry as their 32 bytes instead of
            //    64 hex digits, which the store reads back as the same hex text. The table is rebuilt so the columns
            //    say BLOB; the old rows are copied as they are, their hex turned into bytes. A hash that is not hex (an
            //    entry edited by hand) is copied as its text, so Test-BmgHistory still names that entry after the
            //    upgrade. The changes column keeps its older JSON form in old rows; ChangeListText reads both.
            @"
CREATE TABLE change_history_bytes (
    sequence      INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    os_user       TEXT NOT NULL,
    host          TEXT NOT NULL,
    command       TEXT NOT NULL,
    import_id     INTEGER,
    line          INTEGER,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('Device', 'User', 'History')),
    subject_key   INTEGER NOT NULL,
    subject       TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('Created', 'Changed', 'Removed', 'Cleared')),
    changes       TEXT NOT NULL,
    previous_hash BLOB NOT NULL,
    hash          BLOB NOT NULL
);
INSERT INTO change_history_bytes (sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes,
    previous_hash, hash)
    SELECT sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes,
    CASE WHEN length(previous_hash) = 64 AND unhex(previous_hash) IS NOT NULL THEN unhex(previous_hash) ELSE previous_hash END,
    CASE WHEN length(hash) = 64 AND unhex(hash) IS NOT NULL THEN unhex(hash) ELSE hash END
    FROM change_history ORDER BY sequence;
DROP TABLE change_history;
ALTER TABLE change_history_bytes RENAME TO change_history;
CREATE INDEX change_history_by_subject ON change_history (subject_kind, subject_key, sequence);
CREATE INDEX change_history_by_name ON change_history (subject_kind, subject COLLATE NOCASE, subject_key);
",
            // 9 (issue 15, the history's cost to an import, which writes two entries a row):
            //    - the index of every entry by its subject's name goes (a third of the history's writes). A subject's
            //      current name is found in users and devices themselves; only names a subject no longer has (renamed
            //      away, removed) are kept, in change_history_names, each with the newest entry that carried it, so a
            //      name whose entries Clear-BmgHistory removed is forgotten as before. It is filled with every name of
            //      the history so far (the current ones too: harmless, the look-up joins both).
            //    - the table is rebuilt (SQLite can't alter a CHECK) so its CHECKs compare with OR: "x IN (list)" in a
            //      CHECK cost SQLite ~1.3 µs an entry (sqlite3 shell, 200,000 entries copied: 0.56 s user against
            //      0.30 s), the OR form nothing measurable. The rows are copied as they are: their hashes don't change.
            //    - the index by subject leaves out the kind: a user's and a device's keys may be equal, but a subject
            //      has few entries and the kind is checked on them; a shorter index entry, compared by a number first,
            //      cost ~0.1 s less per 200,000 entries copied.
            @"
CREATE TABLE change_history_rebuilt (
    sequence      INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    os_user       TEXT NOT NULL,
    host          TEXT NOT NULL,
    command       TEXT NOT NULL,
    import_id     INTEGER,
    line          INTEGER,
    subject_kind  TEXT NOT NULL CHECK (subject_kind = 'Device' OR subject_kind = 'User' OR subject_kind = 'History'),
    subject_key   INTEGER NOT NULL,
    subject       TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action = 'Created' OR action = 'Changed' OR action = 'Removed' OR action = 'Cleared'),
    changes       TEXT NOT NULL,
    previous_hash BLOB NOT NULL,
    hash          BLOB NOT NULL
);
INSERT INTO change_history_rebuilt (sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes,
    previous_hash, hash)
    SELECT sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes, previous_hash, hash
    FROM change_history ORDER BY sequence;
DROP TABLE change_history;
ALTER TABLE change_history_rebuilt RENAME TO change_history;
CREATE INDEX change_history_by_subject ON change_history (subject_key, sequence);
CREATE TABLE change_history_names (
    subject_kind TEXT NOT NULL,
    subject_key  INTEGER NOT NULL,
    subject      TEXT NOT NULL,
    through      INTEGER NOT NULL,
    PRIMARY KEY (subject_kind, subject_key, subject)
) WITHOUT ROWID;
CREATE INDEX change_history_names_by_name ON change_history_names (subject_kind, subject COLLATE NOCASE, through);
INSERT INTO change_history_names (subject_kind, subject_key, subject, through)
    SELECT subject_kind, subject_key, subject, max(sequence) FROM change_history WHERE subject_kind IN ('Device', 'User')
    GROUP BY subject_kind, subject_key, subject;
",
            // 10 (issue 12, the import at the SQLite floor): the CHECKs of devices and checkin_emails compare with OR
            //    instead of "x IN (list)", which cost SQLite ~1.5-2.5 µs a row written (200,000 device rows copied by the
            //    sqlite3 shell: 480-735 ms with the IN form, 190-270 ms with OR, 150-270 ms with no CHECK at all).
            //    The same rule in another form changes nothing stored, so the tables' text is edited in place, as
            //    SQLite documents for a CHECK (sqlite.org/lang_altertable.html, "other kinds of table schema changes"):
            //    a rebuild of devices would delete through its ON DELETE CASCADE references. A text that is not
            //    exactly the one our migrations wrote is left as it is (correct, only slower). The CREATE/DROP after
            //    it bumps the schema cookie, so every other connection reads the new text.
            @"
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (os IN (''ios'', ''android'', ''windows''))',
    'CHECK (os = ''ios'' OR os = ''android'' OR os = ''windows'')'),
    'CHECK (dep_method IN (''Serial'', ''Keycode''))',
    'CHECK (dep_method = ''Serial'' OR dep_method = ''Keycode'')'),
    'CHECK (state IN (''Registered'', ''CheckedIn'', ''Withdrawn''))',
    'CHECK (state = ''Registered'' OR state = ''CheckedIn'' OR state = ''Withdrawn'')')
    WHERE type = 'table' AND name = 'devices';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (status IN (''Pending'', ''Sending'', ''Sent'', ''Failed'', ''Superseded''))',
    'CHECK (status = ''Pending'' OR status = ''Sending'' OR status = ''Sent'' OR status = ''Failed'' OR status = ''Superseded'')')
    WHERE type = 'table' AND name = 'checkin_emails';
PRAGMA writable_schema = OFF;
CREATE TABLE schema_cookie_bump (x);
DROP TABLE schema_cookie_bump;
",
            // 11 (issue 15, a first import's history within 15 %): a run of created users and devices that share their
            //    time, OS user, host, command and import (an import chunk's new records) is kept as ONE row here instead
            //    of one row in change_history per entry (History/ChangeEntryPack.cs has the blob's form). SQLite's insert
            //    of a row and its index entry was most of an entry's cost; a pack of 200 entries is one insert. The entries
            //    are read back exactly as appended (each still hashed, verified and numbered on its own); a look-up by
            //    subject finds the pack whose key range of that kind holds the key (keys of one kind rise through the
            //    chain, so ranges don't overlap). Nothing written before is repacked: old rows stay rows.
            @"
CREATE TABLE change_history_packs (
    first_sequence   INTEGER PRIMARY KEY,
    last_sequence    INTEGER NOT NULL,
    at               TEXT NOT NULL,
    os_user          TEXT NOT NULL,
    host             TEXT NOT NULL,
    command          TEXT NOT NULL,
    import_id        INTEGER,
    previous_hash    BLOB NOT NULL,
    first_user_key   INTEGER,
    last_user_key    INTEGER,
    first_device_key INTEGER,
    last_device_key  INTEGER,
    entries          BLOB NOT NULL
);
CREATE INDEX change_history_packs_by_user ON change_history_packs (first_user_key);
CREATE INDEX change_history_packs_by_device ON change_history_packs (first_device_key);
",
            // 12 (issue 15, both stores guard the same chain): change_history's primary key refused a second entry with a
            //    sequence already used (a forked chain); with entries in two tables since migration 11, a row inside a pack's
            //    range, or a pack that holds a row or overlaps another pack, passed both primary keys. PostgreSQL's migration 5
            //    refuses them with statement triggers; SQLite has row triggers only, so each new row or pack is checked before
            //    it is inserted, with seeks of the two tables' integer primary keys (their rowids) only: the pack with the
            //    greatest first_sequence at or below a sequence is the one pack that can hold it (packs never overlap, which
            //    is what this keeps true). The refusal names change_history.sequence as the primary key's own does, so the
            //    store reports both as the same AlreadyExists (SqliteDeviceStore.Errors.cs). A pack a clear writes again
            //    (PackedClear) is inserted after its old one is deleted: nothing overlaps then. A row inserted without a
            //    sequence (only by hand) gets it after the check; Test-BmgHistory names what that breaks.
            //    A later migration that rebuilds change_history or change_history_packs the way 8 and 9 did (create a new
            //    table, copy, drop the old one, rename) drops these triggers with the old table: it must create them again.
            @"
CREATE TRIGGER change_history_outside_packs BEFORE INSERT ON change_history
WHEN (SELECT p.last_sequence FROM change_history_packs p WHERE p.first_sequence <= NEW.sequence ORDER BY p.first_sequence DESC LIMIT 1) >= NEW.sequence
BEGIN
    SELECT RAISE(ABORT, 'UNIQUE constraint failed: change_history.sequence (the sequence is kept in change_history_packs)');
END;
CREATE TRIGGER change_history_packs_apart BEFORE INSERT ON change_history_packs
WHEN EXISTS (SELECT 1 FROM change_history h WHERE h.sequence BETWEEN NEW.first_sequence AND NEW.last_sequence)
    OR EXISTS (SELECT 1 FROM change_history_packs q WHERE q.first_sequence BETWEEN NEW.first_sequence AND NEW.last_sequence)
    OR (SELECT q.last_sequence FROM change_history_packs q WHERE q.first_sequence < NEW.first_sequence ORDER BY q.first_sequence DESC LIMIT 1) >= NEW.first_sequence
BEGIN
    SELECT RAISE(ABORT, 'UNIQUE constraint failed: change_history.sequence (the entries kept together overlap entries already kept)');
END;
",
            // 13 (fourteenth round, a console on 100,000 users): the user names ignoring the case of ASCII letters, so the
            //    case-twin look-up of a new user (GetUserNameCaseTwins, twice a New-BmgUser: its preview and its write) seeks
            //    instead of reading every user name (~6 ms a call at 100,000 users). NOCASE folds ASCII letters only: the
            //    index holds exactly the rule's twins together. An import writes one more index entry per new user.
            @"
CREATE INDEX users_by_name_nocase ON users (user_name COLLATE NOCASE);
",
            // 14 (seventeenth round, tab completion of Get-/Send-BmgCheckInEmail -Identifier): the index of check-in emails by
            //    identifier holds every email, not only the pending ones, so a completion reads the identifiers that have emails
            //    as a prefix range (SqliteDeviceStore.NamePrefix) instead of offering every device. It replaces the partial index
            //    of migration 6 and serves its look-ups (the pending emails of one or many devices: a seek, then the status of
            //    the few emails of each identifier). No more index writes than before: an import's new email adds one entry
            //    as it did; a superseded email keeps its entry (the key, the identifier, doesn't change: SQLite leaves an index
            //    alone when no column of it changes) where the partial index deleted one. A store whose outbox holds emails
            //    sent long ago gets their entries in this migration, once.
            @"
DROP INDEX checkin_emails_pending_by_identifier;
CREATE INDEX checkin_emails_by_identifier ON checkin_emails(identifier COLLATE NOCASE);
",
            // 15 (walkthrough 24, 6: a team imports from several consoles and the server): each import records the host it
            //    ran on, as every change history entry does. Imports recorded before have none: '' (read as an empty Host).
            //    ADD COLUMN with a constant default rewrites no row.
            @"
ALTER TABLE import_history ADD COLUMN host TEXT NOT NULL DEFAULT '';
",
            // 16 (twenty-seventh round, issue 15; PostgreSQL's migration 13): the history hashes a created user or device with
            //    canonical form version 2 (HistoryCanonicalForm), which a module of version 15 or older doesn't know: it would
            //    name every such entry as altered. No table changes and no row is touched; the version alone makes an older
            //    module refuse a store this one may have written to (StoreVersionTooNew) instead of misreporting its history.
            //    Entries already stored keep their version-1 hashes and verify as before.
            @"
-- No schema or data change: the version number is the migration.
",
            // 17 (twenty-ninth round; PostgreSQL needs none: an identity column never hands a number out twice): an import's
            //    Id, which its change history entries name (their ImportId), is never handed out again. A bare INTEGER PRIMARY
            //    KEY gives the next import the largest Id left plus one, so once the newest import's row was deleted by hand
            //    (Test-BmgHistory: ImportNotFound, "the row was deleted by hand") the next import took its Id: the old import's
            //    entries then named the new import's row, Get-BmgImportHistory paired them with the wrong file and counts, and
            //    Test-BmgHistory no longer said the row was missing. The two tables are rebuilt, import_history with
            //    AUTOINCREMENT (the same columns, Ids and row errors): copied aside into temporary tables, dropped (the row
            //    errors first, so no foreign key is ever broken inside this transaction, nor an error cascaded away), and
            //    created again, so the new tables take the pages the old ones freed (a new store's file keeps no free page,
            //    which the import tests that fill every page rely on) and no rename is needed. The high-water mark starts above
            //    every Id an entry of the history names too: a row deleted by hand before this upgrade is not handed out again
            //    either. A one-time read of the history's import_id columns (no index); an import's own write costs one row of
            //    sqlite_sequence more, once an import.
            @"
CREATE TEMP TABLE import_history_copy AS SELECT import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated,
    unchanged, failed, emails_queued, host FROM import_history;
CREATE TEMP TABLE import_history_errors_copy AS SELECT rowid AS copied_order, import_id, line, identifier, user_name, error_id, message
    FROM import_history_errors;
DROP TABLE import_history_errors;
DROP TABLE import_history;
CREATE TABLE import_history (
    import_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at    TEXT NOT NULL,
    ended_at      TEXT NOT NULL,
    os_user       TEXT NOT NULL,
    source        TEXT NOT NULL,
    sha256        TEXT,
    mode          TEXT NOT NULL,
    committed     INTEGER NOT NULL,
    rows          INTEGER NOT NULL,
    created       INTEGER NOT NULL,
    updated       INTEGER NOT NULL,
    unchanged     INTEGER NOT NULL,
    failed        INTEGER NOT NULL,
    emails_queued INTEGER NOT NULL,
    host          TEXT NOT NULL DEFAULT ''
);
CREATE TABLE import_history_errors (
    import_id  INTEGER NOT NULL REFERENCES import_history(import_id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    identifier TEXT,
    user_name  TEXT,
    error_id   TEXT NOT NULL,
    message    TEXT NOT NULL
);
CREATE INDEX import_history_errors_by_import ON import_history_errors(import_id);
INSERT INTO import_history (import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated, unchanged,
    failed, emails_queued, host)
    SELECT import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated, unchanged,
    failed, emails_queued, host FROM temp.import_history_copy ORDER BY import_id;
INSERT INTO import_history_errors (import_id, line, identifier, user_name, error_id, message)
    SELECT import_id, line, identifier, user_name, error_id, message FROM temp.import_history_errors_copy ORDER BY copied_order;
DROP TABLE temp.import_history_copy;
DROP TABLE temp.import_history_errors_copy;
INSERT INTO sqlite_sequence (name, seq) SELECT 'import_history', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'import_history');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(import_id) FROM change_history), 0),
    coalesce((SELECT max(import_id) FROM change_history_packs), 0)) WHERE name = 'import_history';
",
            // 18 (thirtieth round; PostgreSQL's migration 14): each import records the users it created and the users the store had
            //    whose values it changed (ImportSummary.UsersCreated/UsersUpdated, walkthrough 29, finding 4), as it records
            //    its rows' counts: what it worked out, shown as 0 by an import that wrote nothing. The imports recorded before
            //    have no such counts: NULL, read as an empty UsersCreated/UsersUpdated (unknown), never 0 (none), which would
            //    claim that an import of last month changed no user. ADD COLUMN without a default rewrites no row.
            @"
ALTER TABLE import_history ADD COLUMN users_created INTEGER;
ALTER TABLE import_history ADD COLUMN users_updated INTEGER;
",
            // 19 (thirty-first round; PostgreSQL's migration 15; walkthrough 31b, findings 1 and 7): Apple's profile_status is
            //    now taken in any case and stored in Apple's lower case (DepProfileStatus), and "empty" or "removed" clears the
            //    device's profile. DEP devices imported before kept the case they were given and, with "empty" or "removed",
            //    the profile Apple no longer has for them, which a check-in recorded and Get-BmgDepProfile counted: both put
            //    right once. Text that is none of Apple's four values (imported before they were checked) is left as it is:
            //    what it meant is not known, and the next response from Apple replaces it. Touches only the rows to change.
            @"
UPDATE dep_devices SET profile_status = lower(profile_status)
    WHERE lower(profile_status) IN ('empty', 'assigned', 'pushed', 'removed') AND profile_status <> lower(profile_status);
UPDATE dep_devices SET profile_uuid = NULL, profile_name = NULL
    WHERE profile_status IN ('empty', 'removed') AND (profile_uuid IS NOT NULL OR profile_name IS NOT NULL);
",
            // 20 (thirty-first round; PostgreSQL's migration 16): a serial belongs to one device record, the one registered with
            //    it or the one that checked in as its DEP device (SerialHolders, walkthrough 31b, 5): a Keycode device's DEP
            //    serial is known only from its check-in, so the check-in, New-/Set-BmgDevice, Set-BmgDeviceDepEnrollment and
            //    Get-BmgDeviceDepLink -Serial look devices up by dep_device too, through this index. Not UNIQUE: a store the
            //    bug let two records check in as one DEP device holds such a pair already, and must still open (the writer
            //    lock makes the check and the write one step, so no new pair is made).
            @"
CREATE INDEX devices_by_dep_device ON devices(dep_device);
",
            // 21 (thirty-second round; PostgreSQL's migration 17; walkthrough 32, 6): an import records where its failed rows
            //    were written (-FailedRowsPath): that file holds the rows verbatim, their codes too, and a store that must
            //    forget has to find it. Imports before this one wrote it nowhere the store knows: NULL.
            @"
ALTER TABLE import_history ADD COLUMN failed_rows_path TEXT;
",
            // 22 (thirty-third round; PostgreSQL's migration 18): an outbox entry knows its device by the device's key, not only
            //    by its Identifier's text (a name can be reused: the iPad removed and reissued under it). device_key is filled
            //    for the entries the store can tell: those under the Identifier of a device the store holds, queued at or
            //    after its creation (the module queues a device's emails at its saves, and a rename carried them along).
            //    Every other entry (a device removed before this version) keeps NULL: it is no device's own, shown under its
            //    name only, and never sent (CheckInMessage.For). No foreign key: keys are never reused, so a removed
            //    device's key names nothing. The import retention's look-ups of the history by import (Clear-BmgHistory,
            //    ImportHistoryRetention) seek an index instead of reading every entry, one per import.
            @"
ALTER TABLE checkin_emails ADD COLUMN device_key INTEGER;
UPDATE checkin_emails SET device_key = (SELECT d.device_id FROM devices d WHERE d.identifier = checkin_emails.identifier)
    WHERE EXISTS (SELECT 1 FROM devices d WHERE d.identifier = checkin_emails.identifier AND d.created_at <= checkin_emails.queued_at);
CREATE INDEX checkin_emails_by_device_key ON checkin_emails(device_key);
CREATE INDEX change_history_by_import ON change_history(import_id) WHERE import_id IS NOT NULL;
CREATE INDEX change_history_packs_by_import ON change_history_packs(import_id) WHERE import_id IS NOT NULL;
",
            // 23 (thirty-fourth round, actor34; PostgreSQL's migration 19; issue 15, walkthrough 34a, 4): who a service said a
            //    change was made for (-ChangedBy), beside the OS user. Entries before it were made for no one named: ''. Packs
            //    got theirs in migration 26.
            @"
ALTER TABLE change_history ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
",
            // 24 (thirty-fifth round, actor35; PostgreSQL's migration 20): the import history records who the import was made
            //    for (-ChangedBy), as its entries do. Imports before it were made for no one named: ''.
            @"
ALTER TABLE import_history ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
",
            // 25 (thirty-ninth round, fixw39; PostgreSQL's migration 22; walkthrough 39, 1): each DEP device keeps the time of
            //    Apple's data that last wrote it (op_date, else fetched_until: DepEntryTimes), so that an older response imported
            //    again changes nothing for it, as one older than a release already did. DEP devices imported before hold no such
            //    time: NULL, and the next response from Apple applies to them as before (their releases still guard themselves).
            @"
ALTER TABLE dep_devices ADD COLUMN as_of TEXT;
",
            // 26 (forty-first round, hist41; PostgreSQL's migration 23; issue 15): a pack's header keeps who its entries were
            //    made for (-ChangedBy), beside its OS user, so an import given -ChangedBy packs its created records as one
            //    without does. Nothing stored is rewritten: every pack before it was made for no one named (''), and its
            //    entries hash and verify as before (the hash is over the entry, never over the pack). A module older than
            //    this version refuses the store (StoreVersionTooNew), so no reader takes such a pack's entries for ''s.
            @"
ALTER TABLE change_history_packs ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
",
            // 27 (forty-second round, hist42; PostgreSQL's migration 24; issue 15): a created user or device made for someone
            //    (-ChangedBy: what an import given it records, two entries a row, packed since migration 26) is hashed with
            //    canonical form version 4 (HistoryCanonicalForm: version 2's bytes, the pack's own, under its own tag), which a
            //    module of version 26 or older doesn't know: it would name every such entry as altered. As migration 16: no
            //    table changes and no row is touched; the version alone makes an older module refuse a store this one may have
            //    written to (StoreVersionTooNew) instead of misreporting its history. Entries already stored keep their
            //    version-3 hashes and verify as before.
            @"
-- No schema or data change: the version number is the migration.
",
        };

        public static int CurrentVersion => Migrations.Length;
    }
}
