// Rebuild when a migration file is added or removed: embed_migrations! sees
// the files that exist at compile time, and cargo only re-runs it when told.
fn main() {
    println!("cargo:rerun-if-changed=../shop/migrations");
}
