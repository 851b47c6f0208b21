//! Identity of the running shequ: what a result computed by another shequ is told apart by.

use std::hash::{Hash, Hasher};

/// The running executable's version, size and modification time, hashed: a new shequ may
/// render or index the same input differently, so nothing it did not produce is kept.
pub fn fingerprint() -> u64 {
    static FP: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FP.get_or_init(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
            meta.len().hash(&mut h);
            meta.modified().ok().hash(&mut h);
        }
        h.finish()
    })
}
