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

/// A kept result's bytes as written: `magic`, the key it is valid for, a checksum of the
/// payload, the payload (what [`unseal`] checks before anything is trusted).
pub fn seal(magic: &[u8], key: u64, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(magic.len() + 16 + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of bytes [`seal`]ed with `magic` and `key`, when they are whole.
pub fn unseal<'a>(bytes: &'a [u8], magic: &[u8], key: u64) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(magic)?;
    let (stored_key, rest) = rest.split_first_chunk::<8>()?;
    let (sum, payload) = rest.split_first_chunk::<8>()?;
    (u64::from_le_bytes(*stored_key) == key
        && u64::from_le_bytes(*sum) == xxhash_rust::xxh3::xxh3_64(payload))
    .then_some(payload)
}

/// A kept result's file, read only when it is a regular file (never a link followed out of
/// the cache, never a FIFO).
pub fn read_kept(file: &std::path::Path) -> Option<Vec<u8>> {
    std::fs::symlink_metadata(file)
        .ok()
        .filter(|m| m.is_file())
        .and_then(|_| std::fs::read(file).ok())
}
