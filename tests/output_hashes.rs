//! The whole output of the bundled site and of every fixture site, pinned by hash
//! (`tests/output_hashes.txt`), so that a restructuring of the code that should change no
//! byte of the site is checked to change none.
//!
//! When a change is meant to change the output (a theme edit, a new page kind), look at
//! what changed, then record the new hashes with `SHEQU_BLESS=1 cargo test --test
//! output_hashes` and commit them with the change.

mod common;

use common::*;
use std::hash::Hasher;

const RECORD: &str = "tests/output_hashes.txt";

/// Hash of a built tree: every file's path, length and bytes, in path order (the
/// generation's manifest left out: it holds times and inodes).
fn tree_hash(files: &[(String, Vec<u8>)]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (path, bytes) in files {
        h.write(path.as_bytes());
        h.write(&[0]);
        h.write(&(bytes.len() as u64).to_le_bytes());
        h.write(bytes);
    }
    format!("{:016x} {} files", h.finish(), files.len())
}

fn sites() -> Vec<(String, Site)> {
    let mut v = vec![("bundled".to_string(), Site::bundled())];
    let mut names: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let site = Site::fixture(&name);
        v.push((format!("fixture {name}"), site));
    }
    v
}

#[test]
fn every_site_builds_to_its_recorded_bytes() {
    let mut got = String::new();
    for (name, site) in sites() {
        site.build(&[]);
        got.push_str(&format!("{name}: {}\n", tree_hash(&site.snapshot())));
    }
    let path = repo().join(RECORD);
    if std::env::var_os("SHEQU_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        got, want,
        "the output changed; if that is meant, record it with SHEQU_BLESS=1 (see the module doc)"
    );
}
