-- d2, the PostgreSQL floor in the module's own schema (the counterpart of floor-own.sql, c2): psql's \copy loads
-- the same file into a temporary table, and one transaction writes its users, devices and check-in emails into a
-- database the module created (its tables, indexes, checks, reference triggers), with no validation and no change
-- history: what the server needs for the rows an import really writes. Invoke-Benchmark.ps1 names the CSV file.
\set ON_ERROR_STOP on
SET client_encoding = 'UTF8';
CREATE TEMP TABLE staging(UserName text, Name text, EmailAddress text, UserDescription text, Organizations text,
  Identifier text, Template text, Code text, OS text, DeviceTags text, WifiMac text, IMEI text, MEID text, UDID text,
  Serial text, ExpirationDays text, DisplayName text, Description text, RegistrationEmail text, DEPMethod text);
\copy staging FROM FILE WITH (FORMAT csv, HEADER true)
BEGIN;
INSERT INTO users(user_name, name, email_address, user_description, organizations)
  SELECT UserName, Name, EmailAddress, UserDescription, coalesce(string_to_array(Organizations, '|'), '{}')
  FROM staging WHERE UserName <> '';
INSERT INTO devices(identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days, display_name,
  description, registration_email, user_id, dep_method, device_tags, state, created_at, saved_at)
  SELECT s.Identifier, s.Template, s.Code, s.OS, s.WifiMac, s.IMEI, s.MEID, s.UDID, s.Serial, s.ExpirationDays::integer,
    s.DisplayName, s.Description, s.RegistrationEmail, u.user_id, s.DEPMethod, coalesce(string_to_array(s.DeviceTags, '|'), '{}'),
    'Registered', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
  FROM staging s LEFT JOIN users u ON u.user_name = s.UserName;
INSERT INTO checkin_emails(recipient, identifier, code, queued_at)
  SELECT RegistrationEmail, Identifier, Code, '2026-01-01T00:00:00Z' FROM staging WHERE RegistrationEmail <> '';
COMMIT;
