//! The crates are publishable: the workspace's `rust-version` is true of
//! what it builds with (no locked dependency, of any crate, target or
//! platform, asks for a newer Rust than the manifests and the README
//! promise), and each crate meant for crates.io packages with its README
//! and both licence files.

use std::process::Command;

/// `1.89` or `1.89.0` as comparable numbers.
fn version(v: &str) -> (u64, u64, u64) {
    let mut parts = v.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_rust_version_says() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--locked", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata --locked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: Vec<&str> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    let packages = meta["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "stillhead")
        .and_then(|p| p["rust_version"].as_str())
        .expect("stillhead states a rust-version");
    let too_new: Vec<String> = packages
        .iter()
        .filter(|p| !members.contains(&p["id"].as_str().unwrap_or("")))
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > version(ours))
                .then(|| format!("{} {} needs {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "rust-version {ours} is not true of the locked dependencies: {too_new:?}"
    );
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    assert!(
        readme.contains(&format!("{ours} or newer")),
        "the README says which Rust ({ours} or newer)"
    );
}

#[test]
fn each_published_crate_packages_with_its_readme_and_licences() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for crate_name in [
        "stillhead-core",
        "stillhead-macros",
        "stillhead",
        "stillhead-cli",
    ] {
        let out = Command::new(&cargo)
            .args([
                "package",
                "-p",
                crate_name,
                "--list",
                "--allow-dirty",
                "--offline",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("cargo package runs");
        assert!(
            out.status.success(),
            "cargo package -p {crate_name} --list: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let files = String::from_utf8_lossy(&out.stdout);
        let files: Vec<&str> = files.lines().collect();
        for needed in ["Cargo.toml", "README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            assert!(
                files.contains(&needed),
                "{crate_name} packages without {needed}: {files:?}"
            );
        }
        assert!(
            !files.iter().any(|f| f.starts_with("tests/")),
            "{crate_name} packages its database tests, which need the repository's testkit"
        );
    }
}
