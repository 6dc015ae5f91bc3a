-- The SQLite floor in the module's own schema: the sqlite3 shell loads the same file and writes its users, devices
-- and check-in emails into a store the module created (its tables, indexes, CHECKs and foreign keys, with the
-- PRAGMAs the module sets when it opens a store for writing), in one transaction, with no validation and no change
-- history. Beside c it shows what SQLite needs for the rows an import writes into the tables it really writes; the
-- rest of an import's time is the module's own (reading, rules, planning, history). It must name every column the
-- module's devices/users/checkin_emails tables require: a schema change that breaks it fails Bench loudly.
PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;
CREATE TEMP TABLE staging(UserName,Name,EmailAddress,UserDescription,Organizations,Identifier,Template,Code,OS,
  DeviceTags,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,RegistrationEmail,DEPMethod);
.import --csv --skip 1 FILE staging
BEGIN IMMEDIATE;
INSERT INTO users(user_name,name,email_address,user_description,organizations)
  SELECT UserName,Name,EmailAddress,UserDescription,Organizations FROM staging WHERE UserName <> '';
INSERT INTO devices(identifier,template,code,os,wifi_mac,imei,meid,udid,serial,expiration_days,display_name,
  description,registration_email,user_id,dep_method,device_tags,state,created_at,saved_at)
  SELECT Identifier,Template,Code,OS,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,
    RegistrationEmail,(SELECT user_id FROM users u WHERE u.user_name = s.UserName),DEPMethod,DeviceTags,'Registered',
    '2026-01-01T00:00:00.0000000Z','2026-01-01T00:00:00.0000000Z' FROM staging s;
INSERT INTO checkin_emails(recipient,identifier,code,queued_at)
  SELECT RegistrationEmail,Identifier,Code,'2026-01-01T00:00:00.0000000Z' FROM staging WHERE RegistrationEmail <> '';
COMMIT;
