//! `galera-cluster up` starts the test cluster of `stillhead_testkit::galera`
//! and leaves it running (for `.ci/run`, which then runs the MariaDB command
//! tests against one node); `galera-cluster down` stops it.

use stillhead_testkit::galera::Galera;

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("up") => {
            let cluster = Galera::start();
            println!(
                "Galera cluster up on ports {:?}",
                stillhead_testkit::galera::PORTS
            );
            // Left running: the next `Galera::start` (here `down`) adopts it,
            // since this process, its owner, is gone.
            std::mem::forget(cluster);
        }
        Some("down") => {
            // Adopted, then shut down as the guard drops.
            drop(Galera::start());
            println!("Galera cluster stopped");
        }
        _ => {
            eprintln!("usage: galera-cluster up|down");
            std::process::exit(2);
        }
    }
}
