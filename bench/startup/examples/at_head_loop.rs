//! `upgrade_to_head` at head N times (default 200), for profilers:
//! `valgrind --tool=callgrind target/release/examples/at_head_loop 200`.

static MIGRATIONS: stillhead::EmbeddedMigrations =
    stillhead::embed_migrations!("../../examples/shop/migrations");

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let dir = std::env::temp_dir().join(format!("stillhead-at-head-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("shop.db").display());
    stillhead::upgrade_to_head(&url, &MIGRATIONS).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..n {
        let report = stillhead::upgrade_to_head(&url, &MIGRATIONS).unwrap();
        assert!(report.steps.is_empty());
    }
    let per_call = start.elapsed() / n as u32;
    println!("{n} calls at head: {per_call:?} per call");
    // The parts: loading the embedded set, and the run on a loaded set.
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(MIGRATIONS.load().unwrap());
    }
    println!(
        "  of which loading the embedded files: {:?}",
        start.elapsed() / n as u32
    );
    let set = MIGRATIONS.load().unwrap();
    let config = stillhead::Config::for_url(&url).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(stillhead::upgrade_set_to_head(&config, &set).unwrap());
    }
    println!(
        "  and the run on a loaded set: {:?}",
        start.elapsed() / n as u32
    );
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(stillhead::open(&config).unwrap());
    }
    println!(
        "    of which opening the connection: {:?}",
        start.elapsed() / n as u32
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
