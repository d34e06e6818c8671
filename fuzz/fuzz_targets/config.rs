//! The config loader: `stillhead.toml` with `${VAR}` expansion, `./.env`,
//! and the environment, in a folder made from the input.
//!
//! The input holds files in `fuzz/src/lib.rs`'s form: `stillhead.toml`,
//! `.env`, and `env`, whose `NAME=VALUE` lines are the process environment
//! the loader is given (the real one is never read).
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use stillhead::config::expand_vars;
use stillhead::{Config, LoadOptions};
use stillhead_fuzz::{split_files, Folder};

fuzz_target!(|text: &str| {
    let (_, files) = split_files(text);
    let env: HashMap<String, String> = files
        .iter()
        .filter(|(name, _)| name.trim() == "env")
        .flat_map(|(_, body)| body.lines())
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = |name: &str| env.get(name).cloned();
    for (_, body) in &files {
        let _ = expand_vars(body, &lookup);
    }
    let folder = Folder::new(&files);
    let loaded = Config::load(&LoadOptions {
        working_dir: Some(folder.path().to_path_buf()),
        env: Some(env.clone()),
        ..LoadOptions::default()
    });
    if let Ok(config) = loaded {
        // A loaded URL shows without its passwords (the user's, and
        // libpq's `password=` parameters), anywhere after its scheme.
        if let Some((url, _)) = &config.url {
            let shown = url.to_string();
            let after_scheme = shown.split_once(':').map_or("", |(_, rest)| rest);
            let secrets = [
                url.password(),
                url.param("password"),
                url.param("sslpassword"),
            ];
            for secret in secrets.into_iter().flatten() {
                if secret.chars().count() >= 4 && secret != "***" {
                    assert!(
                        !after_scheme.contains(&secret),
                        "{shown} shows the password {secret:?}"
                    );
                }
            }
        }
    }
});
