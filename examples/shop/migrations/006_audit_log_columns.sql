-- revision: 006_audit_log_columns
-- revises: 005_order_foreign_keys
-- message: Audit log enhancements
-- tags: audit
-- created: 2026-11-24T09:50:00Z

-- +upgrade
ALTER TABLE audit_log ADD COLUMN actor_id INTEGER REFERENCES members(id) ON DELETE SET NULL;
ALTER TABLE audit_log ADD COLUMN actor_type TEXT NOT NULL DEFAULT 'system'
    CHECK (actor_type IN ('member', 'admin', 'system'));
ALTER TABLE audit_log ADD COLUMN entity_type TEXT;
ALTER TABLE audit_log ADD COLUMN entity_id INTEGER;
ALTER TABLE audit_log ADD COLUMN request_id TEXT;
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_request_id_idx ON audit_log (request_id);

-- Data migration: actions were written as "<entity>.<verb>" (e.g.
-- "order.created"); recover the entity type from them.
UPDATE audit_log
   SET entity_type = substr(action, 1, instr(action, '.') - 1)
 WHERE instr(action, '.') > 1;

-- +downgrade
DROP INDEX audit_log_request_id_idx;
DROP INDEX audit_log_entity_idx;
ALTER TABLE audit_log DROP COLUMN request_id;
ALTER TABLE audit_log DROP COLUMN entity_id;
ALTER TABLE audit_log DROP COLUMN entity_type;
ALTER TABLE audit_log DROP COLUMN actor_type;
ALTER TABLE audit_log DROP COLUMN actor_id;

-- +upgrade dialect=postgres
ALTER TABLE audit_log ADD COLUMN actor_id BIGINT REFERENCES members (id) ON DELETE SET NULL;
ALTER TABLE audit_log ADD COLUMN actor_type TEXT NOT NULL DEFAULT 'system'
    CHECK (actor_type IN ('member', 'admin', 'system'));
ALTER TABLE audit_log ADD COLUMN entity_type TEXT;
ALTER TABLE audit_log ADD COLUMN entity_id BIGINT;
ALTER TABLE audit_log ADD COLUMN request_id TEXT;
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_request_id_idx ON audit_log (request_id);
UPDATE audit_log
   SET entity_type = split_part(action, '.', 1)
 WHERE position('.' in action) > 1;

-- +upgrade dialect=mysql
ALTER TABLE audit_log ADD COLUMN actor_id BIGINT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_id_fkey
    FOREIGN KEY (actor_id) REFERENCES members (id) ON DELETE SET NULL;
ALTER TABLE audit_log ADD COLUMN actor_type VARCHAR(10) NOT NULL DEFAULT 'system'
    CHECK (actor_type IN ('member', 'admin', 'system'));
ALTER TABLE audit_log ADD COLUMN entity_type VARCHAR(50);
ALTER TABLE audit_log ADD COLUMN entity_id BIGINT;
ALTER TABLE audit_log ADD COLUMN request_id VARCHAR(64);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_request_id_idx ON audit_log (request_id);
UPDATE audit_log
   SET entity_type = substr(action, 1, instr(action, '.') - 1)
 WHERE instr(action, '.') > 1;

-- +downgrade dialect=mysql
DROP INDEX audit_log_request_id_idx ON audit_log;
DROP INDEX audit_log_entity_idx ON audit_log;
ALTER TABLE audit_log DROP COLUMN request_id;
ALTER TABLE audit_log DROP COLUMN entity_id;
ALTER TABLE audit_log DROP COLUMN entity_type;
ALTER TABLE audit_log DROP COLUMN actor_type;
ALTER TABLE audit_log DROP FOREIGN KEY audit_log_actor_id_fkey;
ALTER TABLE audit_log DROP COLUMN actor_id;
