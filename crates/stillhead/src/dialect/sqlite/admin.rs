//! `stillhead database create|drop` on SQLite: the file, made empty or
//! deleted with its journal, WAL and shared-memory files.

use std::path::PathBuf;

use crate::dburl::{DatabaseUrl, SqliteTarget};
use crate::dialect::admin::DatabaseAdmin;
use crate::dialect::{ConnectOptions, Connected};
use crate::error::Error;

pub(super) struct SqliteAdmin;

fn file(url: &DatabaseUrl) -> Result<PathBuf, Error> {
    match url.sqlite_target()? {
        SqliteTarget::File(path) => Ok(path),
        SqliteTarget::Memory => Err(Error::Invalid(format!(
            "{} is an in-memory database: it exists only while a connection holds it, so there is nothing to create or drop",
            url.redacted()
        ))),
    }
}

impl DatabaseAdmin for SqliteAdmin {
    fn name(&self, url: &DatabaseUrl) -> Result<String, Error> {
        Ok(file(url)?.display().to_string())
    }

    fn reach_server(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<(), Error> {
        file(url).map(drop)
    }

    fn exists(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<bool, Error> {
        Ok(file(url)?.exists())
    }

    fn create(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error> {
        file(url)?;
        let opts = ConnectOptions {
            create: true,
            ..opts.clone()
        };
        match super::connection::SqliteConnection::open(url, &opts)? {
            Connected::Open(_) => Ok(()),
            Connected::Missing => Err(Error::Invalid(format!(
                "{} could not be created",
                url.redacted()
            ))),
        }
    }

    fn drop(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<(), Error> {
        let path = file(url)?;
        let io = |path: &PathBuf| {
            let path = path.display().to_string();
            move |source| Error::Io { path, source }
        };
        std::fs::remove_file(&path).map_err(io(&path))?;
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut side = path.clone().into_os_string();
            side.push(suffix);
            let side = PathBuf::from(side);
            if side.exists() {
                std::fs::remove_file(&side).map_err(io(&side))?;
            }
        }
        Ok(())
    }
}
