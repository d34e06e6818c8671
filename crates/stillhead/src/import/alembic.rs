//! Alembic projects: revision ids, parents, `depends_on`, branch labels and
//! messages from the scripts, SQL from Alembic's own offline mode.
