//! Holder crate for the start-up benchmark in `benches/`.
