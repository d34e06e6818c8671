-- upgrade
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (note) VALUES ('added; ' || new.id); END;
-- downgrade
DROP TRIGGER t_log;
-- warnings

