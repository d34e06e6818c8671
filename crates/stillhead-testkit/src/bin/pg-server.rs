//! `pg-server up 13 14 16` installs (once) and starts the private servers
//! of those PostgreSQL majors (`stillhead_testkit::pgversions`) and leaves
//! them running, for `.ci/run`, which then runs tests against each with
//! `STILLHEAD_TEST_POSTGRES_PORT`; with 16 among them it also installs
//! PostgreSQL 16's `pg_dump`, so that tests find it in place. `pg-server
//! down 13 14 16` stops them.

use stillhead_testkit::pgversions::{self, PgServer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let majors: Vec<u32> = args
        .iter()
        .skip(1)
        .map(|m| m.parse().unwrap_or_else(|_| usage()))
        .collect();
    match args.first().map(String::as_str) {
        Some("up") if !majors.is_empty() => {
            for &major in &majors {
                let server = PgServer::start(major);
                println!("PostgreSQL {major} up on port {}", server.port());
                // Left running: the exit trap's `down` stops it.
                std::mem::forget(server);
            }
            if majors.contains(&16) {
                println!("pg_dump 16: {}", pgversions::pg_dump_16().display());
            }
        }
        Some("down") if !majors.is_empty() => {
            for &major in &majors {
                PgServer::stop(major);
                println!("PostgreSQL {major} stopped");
            }
        }
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!("usage: pg-server up|down MAJOR...");
    std::process::exit(2);
}
