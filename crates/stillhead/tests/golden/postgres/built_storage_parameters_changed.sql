-- upgrade
ALTER TABLE hot RESET (fillfactor);
ALTER TABLE hot SET (autovacuum_enabled=false, fillfactor=75);
ALTER INDEX hot_pkey RESET (fillfactor);
ALTER INDEX hot_token_key RESET (fillfactor);
ALTER INDEX hot_token_key SET (deduplicate_items=off);
ALTER INDEX hot_seen_idx RESET (fillfactor);
ALTER INDEX hot_seen_idx SET (fillfactor=50);
-- downgrade
ALTER TABLE hot RESET (autovacuum_enabled, fillfactor);
ALTER TABLE hot SET (fillfactor=70);
ALTER INDEX hot_pkey SET (fillfactor=90);
ALTER INDEX hot_token_key RESET (deduplicate_items);
ALTER INDEX hot_token_key SET (fillfactor=80);
ALTER INDEX hot_seen_idx RESET (fillfactor);
ALTER INDEX hot_seen_idx SET (fillfactor=60);
-- warnings

