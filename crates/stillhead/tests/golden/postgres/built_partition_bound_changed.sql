-- upgrade
ALTER TABLE events DETACH PARTITION events_2026_01;
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT con.conname, 'events_2026_01' || '_' || a.attname || '_not_null' AS own
               FROM pg_constraint con
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
              WHERE con.conrelid = 'events_2026_01'::regclass AND con.contype = 'n'
    LOOP
        IF c.conname <> c.own AND octet_length(c.own) <= 63 THEN
            EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', 'events_2026_01'::regclass, c.conname, c.own);
        END IF;
    END LOOP;
END $$;
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT con.conname, pc.conname AS parent
               FROM pg_constraint con
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
               JOIN pg_attribute pa ON pa.attrelid = 'events'::regclass AND pa.attname = a.attname
               JOIN pg_constraint pc ON pc.conrelid = pa.attrelid AND pc.contype = 'n' AND pc.conkey[1] = pa.attnum
              WHERE con.conrelid = 'events_2026_01'::regclass AND con.contype = 'n' AND con.conname <> pc.conname
    LOOP
        EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', 'events_2026_01'::regclass, c.conname, c.parent);
    END LOOP;
END $$;
ALTER TABLE events ATTACH PARTITION events_2026_01 FOR VALUES FROM ('2026-01-01') TO ('2026-01-15');
-- downgrade
ALTER TABLE events DETACH PARTITION events_2026_01;
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT con.conname, 'events_2026_01' || '_' || a.attname || '_not_null' AS own
               FROM pg_constraint con
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
              WHERE con.conrelid = 'events_2026_01'::regclass AND con.contype = 'n'
    LOOP
        IF c.conname <> c.own AND octet_length(c.own) <= 63 THEN
            EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', 'events_2026_01'::regclass, c.conname, c.own);
        END IF;
    END LOOP;
END $$;
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT con.conname, pc.conname AS parent
               FROM pg_constraint con
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
               JOIN pg_attribute pa ON pa.attrelid = 'events'::regclass AND pa.attname = a.attname
               JOIN pg_constraint pc ON pc.conrelid = pa.attrelid AND pc.contype = 'n' AND pc.conkey[1] = pa.attnum
              WHERE con.conrelid = 'events_2026_01'::regclass AND con.contype = 'n' AND con.conname <> pc.conname
    LOOP
        EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', 'events_2026_01'::regclass, c.conname, c.parent);
    END LOOP;
END $$;
ALTER TABLE events ATTACH PARTITION events_2026_01 FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
-- warnings

