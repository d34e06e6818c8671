-- upgrade
-- not supported on this database: comment on view my_documents changes
-- downgrade
-- not supported on this database: comment on view my_documents changes
-- warnings

