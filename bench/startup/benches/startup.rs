//! What an application pays on every start: `stillhead::upgrade_to_head`
//! with the shop's migrations embedded, on a SQLite database already at
//! head (open, lock, read state, compare, release).

use criterion::{criterion_group, criterion_main, Criterion};

static MIGRATIONS: stillhead::EmbeddedMigrations =
    stillhead::embed_migrations!("../../examples/shop/migrations");

fn at_head(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    let first = stillhead::upgrade_to_head(&url, &MIGRATIONS).unwrap();
    assert_eq!(first.steps.len(), 7);
    c.bench_function("library upgrade_to_head at head (shop, SQLite)", |b| {
        b.iter(|| {
            let report = stillhead::upgrade_to_head(&url, &MIGRATIONS).unwrap();
            assert!(report.steps.is_empty());
        })
    });
}

criterion_group!(benches, at_head);
criterion_main!(benches);
