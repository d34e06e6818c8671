-- revision: 007_device_sessions
-- revises: 006_audit_log_columns
-- message: Device session improvements
-- tags: sessions, authentication
-- created: 2026-11-24T10:00:00Z

-- +upgrade
ALTER TABLE device_sessions ADD COLUMN device_id TEXT;
ALTER TABLE device_sessions ADD COLUMN device_name TEXT;
ALTER TABLE device_sessions ADD COLUMN user_agent TEXT;
ALTER TABLE device_sessions ADD COLUMN ip_address TEXT;
ALTER TABLE device_sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE device_sessions ADD COLUMN revoked_at TEXT;

-- Data migration: a session was last seen when it was created, as far as we know.
UPDATE device_sessions SET last_seen_at = created_at WHERE last_seen_at IS NULL;

CREATE INDEX device_sessions_member_revoked_idx ON device_sessions (member_id, revoked_at);
-- At most one live session per member and device.
CREATE UNIQUE INDEX device_sessions_live_device_idx ON device_sessions (member_id, device_id)
    WHERE device_id IS NOT NULL AND revoked_at IS NULL;

-- +downgrade
DROP INDEX device_sessions_live_device_idx;
DROP INDEX device_sessions_member_revoked_idx;
ALTER TABLE device_sessions DROP COLUMN revoked_at;
ALTER TABLE device_sessions DROP COLUMN last_seen_at;
ALTER TABLE device_sessions DROP COLUMN ip_address;
ALTER TABLE device_sessions DROP COLUMN user_agent;
ALTER TABLE device_sessions DROP COLUMN device_name;
ALTER TABLE device_sessions DROP COLUMN device_id;

-- +upgrade dialect=postgres
ALTER TABLE device_sessions ADD COLUMN device_id TEXT;
ALTER TABLE device_sessions ADD COLUMN device_name TEXT;
ALTER TABLE device_sessions ADD COLUMN user_agent TEXT;
ALTER TABLE device_sessions ADD COLUMN ip_address INET;
ALTER TABLE device_sessions ADD COLUMN last_seen_at TIMESTAMPTZ;
ALTER TABLE device_sessions ADD COLUMN revoked_at TIMESTAMPTZ;
UPDATE device_sessions SET last_seen_at = created_at WHERE last_seen_at IS NULL;
CREATE INDEX device_sessions_member_revoked_idx ON device_sessions (member_id, revoked_at);
CREATE UNIQUE INDEX device_sessions_live_device_idx ON device_sessions (member_id, device_id)
    WHERE device_id IS NOT NULL AND revoked_at IS NULL;

-- MySQL/MariaDB have no partial indexes: the live-device index is a plain
-- one there, and the app enforces one live session per device.
-- +upgrade dialect=mysql
ALTER TABLE device_sessions ADD COLUMN device_id VARCHAR(100);
ALTER TABLE device_sessions ADD COLUMN device_name VARCHAR(255);
ALTER TABLE device_sessions ADD COLUMN user_agent VARCHAR(512);
ALTER TABLE device_sessions ADD COLUMN ip_address VARCHAR(45);
ALTER TABLE device_sessions ADD COLUMN last_seen_at TIMESTAMP NULL;
ALTER TABLE device_sessions ADD COLUMN revoked_at TIMESTAMP NULL;
UPDATE device_sessions SET last_seen_at = created_at WHERE last_seen_at IS NULL;
CREATE INDEX device_sessions_member_revoked_idx ON device_sessions (member_id, revoked_at);
CREATE INDEX device_sessions_live_device_idx ON device_sessions (member_id, device_id);

-- +downgrade dialect=mysql
DROP INDEX device_sessions_live_device_idx ON device_sessions;
DROP INDEX device_sessions_member_revoked_idx ON device_sessions;
ALTER TABLE device_sessions DROP COLUMN revoked_at;
ALTER TABLE device_sessions DROP COLUMN last_seen_at;
ALTER TABLE device_sessions DROP COLUMN ip_address;
ALTER TABLE device_sessions DROP COLUMN user_agent;
ALTER TABLE device_sessions DROP COLUMN device_name;
ALTER TABLE device_sessions DROP COLUMN device_id;
