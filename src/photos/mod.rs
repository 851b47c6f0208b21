//! Photos: every JPEG, PNG or WebP file beside a case or an issue is processed at build time
//! instead of being copied — turned upright (EXIF orientation), converted to sRGB, resized
//! to the configured widths (never upscaled) and encoded as WebP and JPEG, with no metadata
//! (EXIF with its GPS position, XMP, IPTC, ICC) left in any published file. The original is
//! published only when `[photos] publish_originals = true`, and then re-encoded without its
//! metadata too. A HEIC, AVIF, damaged or oversized file is a [`Failure`], which the render
//! stage reports at each reference to it.
//!
//! Processing runs in parallel (rayon), and its results are cached on disk by content hash
//! and settings ([`cache`]) and, in the dev server, by file stamp in memory ([`Memo`]).

mod cache;
mod decode;
mod encode;
pub mod markup;

use crate::config::PhotosConfig;
use crate::model::CopiedAsset;
use crate::t;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Bumped whenever processing changes what it writes: older cache entries are then unused.
const CACHE_VERSION: u32 = 1;

/// The file endings of photos (case-insensitive); files of any other ending are copied.
const PHOTO_ENDINGS: &[&str] = &["jpg", "jpeg", "jpe", "png", "webp", "heic", "heif", "avif"];

/// Whether a file beside a case is a photo, by its name.
pub fn is_photo_name(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| PHOTO_ENDINGS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

/// What processing makes of photos, from `[photos]` in config.toml.
#[derive(Debug, Clone)]
pub struct Settings {
    pub widths: Vec<u32>,
    /// Width of the JPEG shared as `og:image`.
    pub share_width: u32,
    pub webp_quality: u8,
    pub jpeg_quality: u8,
    pub publish_originals: bool,
    pub max_bytes: u64,
    pub max_pixels: u64,
}

impl Settings {
    pub fn from_config(c: &PhotosConfig) -> Settings {
        Settings {
            widths: c.widths.clone(),
            share_width: 1200,
            webp_quality: c.quality,
            jpeg_quality: c.quality.saturating_add(5).min(95),
            publish_originals: c.publish_originals,
            max_bytes: c.max_megabytes * 1024 * 1024,
            max_pixels: c.max_megapixels * 1_000_000,
        }
    }

    /// Hash of everything a photo's files depend on (the limits decide only errors).
    fn output_key(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        (
            CACHE_VERSION,
            &self.widths,
            self.share_width,
            self.webp_quality,
            self.jpeg_quality,
            self.publish_originals,
        )
            .hash(&mut h);
        h.finish()
    }
}

/// Why a photo cannot be published.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Heic,
    Avif,
    /// Named like a photo, but no JPEG, PNG or WebP inside.
    NotAnImage,
    Truncated {
        format: &'static str,
    },
    Damaged {
        format: &'static str,
        why: String,
    },
    TooManyPixels {
        width: u32,
        height: u32,
        limit: u64,
    },
    TooBig {
        len: u64,
        limit: u64,
    },
    /// The file could not be read (the message says why).
    Unreadable(String),
    Encode(String),
    /// Two photos (or a photo and a copied file) would publish the same file.
    Clash {
        path: String,
        other: String,
    },
}

impl Failure {
    /// The message and the help for photo `file` (as shown).
    pub fn describe(&self, file: &str) -> (String, String) {
        let mb = |n: u64| format!("{:.1}", n as f64 / (1024.0 * 1024.0));
        match self {
            Failure::Heic => (t!("photo-heic", file = file), t!("photo-heic.help")),
            Failure::Avif => (t!("photo-avif", file = file), t!("photo-convert.help")),
            Failure::NotAnImage => (
                t!("photo-not-an-image", file = file),
                t!("photo-not-an-image.help"),
            ),
            Failure::Truncated { format } => (
                t!("photo-truncated", file = file, format = *format),
                t!("photo-damaged.help"),
            ),
            Failure::Damaged { format, why } => (
                t!(
                    "photo-damaged",
                    file = file,
                    format = *format,
                    why = why.as_str()
                ),
                t!("photo-damaged.help"),
            ),
            Failure::TooManyPixels {
                width,
                height,
                limit,
            } => (
                t!(
                    "photo-too-many-pixels",
                    file = file,
                    width = *width,
                    height = *height,
                    megapixels = format!(
                        "{:.1}",
                        f64::from(*width) * f64::from(*height) / 1_000_000.0
                    ),
                    limit = limit / 1_000_000
                ),
                t!("photo-too-many-pixels.help"),
            ),
            Failure::TooBig { len, limit } => (
                t!(
                    "photo-too-big",
                    file = file,
                    size = mb(*len),
                    limit = limit / (1024 * 1024)
                ),
                t!("photo-too-big.help"),
            ),
            Failure::Unreadable(why) => (
                t!("photo-unreadable", file = file, why = why.as_str()),
                t!("photo-damaged.help"),
            ),
            Failure::Encode(why) => (
                t!("photo-encode", file = file, why = why.as_str()),
                t!("photo-damaged.help"),
            ),
            Failure::Clash { path, other } => (
                t!(
                    "photo-clash",
                    file = file,
                    path = path.as_str(),
                    other = other.as_str()
                ),
                t!("photo-clash.help"),
            ),
        }
    }
}

/// The kind of a published file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Webp,
    Jpeg,
    Png,
}

impl FileKind {
    fn ext(self) -> &'static str {
        match self {
            FileKind::Webp => "webp",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }

    fn of_name(name: &str) -> Option<FileKind> {
        match name.rsplit_once('.')?.1 {
            "webp" => Some(FileKind::Webp),
            "jpg" => Some(FileKind::Jpeg),
            "png" => Some(FileKind::Png),
            _ => None,
        }
    }
}

/// Where a processed file's bytes are.
#[derive(Debug, Clone)]
pub enum Stored {
    File(PathBuf),
    Bytes(Arc<[u8]>),
}

/// One file processing made: `480.webp`, `1200.jpg`, `original.jpg`.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub name: String,
    pub kind: FileKind,
    pub width: u32,
    pub height: u32,
    pub stored: Stored,
}

impl StoredFile {
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match &self.stored {
            Stored::File(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
            Stored::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
        }
    }

    fn is_original(&self) -> bool {
        self.name.starts_with("original.")
    }
}

/// What processing made of one photo's bytes, wherever the photo is published.
#[derive(Debug)]
pub struct Processed {
    /// Cache key: content hash and settings.
    pub key: String,
    /// Upright size.
    pub width: u32,
    pub height: u32,
    pub files: Vec<StoredFile>,
    /// Encoded by this build (not taken from a cache).
    pub encoded: bool,
}

impl Processed {
    /// Whether its files are still there (a cache entry may have been removed since).
    fn files_exist(&self) -> bool {
        self.files.iter().all(|f| match &f.stored {
            Stored::File(p) => p.is_file(),
            Stored::Bytes(_) => true,
        })
    }
}

/// A processed photo at its place in the site.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The source's path under the output root (`2023-tianshan/fangda/photo.jpg`).
    pub dest: String,
    pub processed: Arc<Processed>,
}

impl Photo {
    /// The output path of a processed file: `photo-480.webp` beside the source's path, the
    /// source's own path for the original.
    pub fn path_of(&self, f: &StoredFile) -> String {
        if f.is_original() {
            return self.dest.clone();
        }
        let stem = match self.dest.rsplit_once('.') {
            Some((stem, _)) if !stem.ends_with('/') && !stem.is_empty() => stem,
            _ => &self.dest,
        };
        format!("{stem}-{}", f.name)
    }

    /// The published files and their output paths.
    pub fn outputs(&self) -> impl Iterator<Item = (String, &StoredFile)> {
        self.processed.files.iter().map(|f| (self.path_of(f), f))
    }

    /// Resized files of `kind`, smallest first.
    pub fn sized(&self, kind: FileKind) -> impl Iterator<Item = &StoredFile> {
        self.processed
            .files
            .iter()
            .filter(move |f| f.kind == kind && !f.is_original())
    }

    /// The JPEG shared as `og:image`: the one nearest 1200 pixels wide.
    pub fn share(&self) -> Option<&StoredFile> {
        self.sized(FileKind::Jpeg)
            .min_by_key(|f| f.width.abs_diff(1200))
    }

    /// What the markup and files of this photo derive from, for page fingerprints.
    pub fn signature(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(format!("{}\0{}", self.dest, self.processed.key).as_bytes())
    }
}

/// The file names, kinds and widths processing makes of a `w`×`h` photo of format `kind`.
fn plan(settings: &Settings, w: u32, original: Option<FileKind>) -> Vec<(FileKind, u32)> {
    let top = settings.widths.iter().copied().max().unwrap_or(w).min(w);
    let mut widths: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|&x| x < top)
        .collect();
    widths.push(top);
    widths.sort_unstable();
    widths.dedup();
    let mut out: Vec<(FileKind, u32)> = widths
        .iter()
        .flat_map(|&x| [(FileKind::Webp, x), (FileKind::Jpeg, x)])
        .collect();
    let share = settings.share_width.min(w);
    if !widths.contains(&share) {
        out.push((FileKind::Jpeg, share));
    }
    if let Some(k) = original {
        out.push((k, 0));
    }
    out
}

/// Decodes and encodes a photo's bytes (the key is computed by the caller).
fn process_bytes(bytes: &[u8], key: String, settings: &Settings) -> Result<Processed, Failure> {
    let (img, kind) = decode::decode(bytes, settings)?;
    let full = encode::Pixels::of(img);
    let original = settings.publish_originals.then_some(match kind {
        decode::Kind::Png => FileKind::Png,
        decode::Kind::WebP => FileKind::Webp,
        _ => FileKind::Jpeg,
    });
    let mut plan = plan(settings, full.width, original);
    // Largest first, each size resized from the one before it.
    plan.sort_by_key(|&(_, w)| std::cmp::Reverse(if w == 0 { u32::MAX } else { w }));
    let mut files = Vec::with_capacity(plan.len());
    let mut current: Option<encode::Pixels> = None;
    for (file_kind, w) in plan {
        let name = if w == 0 {
            format!("original.{}", file_kind.ext())
        } else {
            format!("{w}.{}", file_kind.ext())
        };
        let bytes = if w == 0 {
            encode::encode(&full, file_kind, settings)
        } else {
            if current.as_ref().is_none_or(|c| c.width != w) {
                let from = current.as_ref().unwrap_or(&full);
                current = Some(from.resized(w));
            }
            let px = current.as_ref().unwrap_or(&full);
            encode::encode(px, file_kind, settings)
        }
        .map_err(Failure::Encode)?;
        let px = current.as_ref().filter(|_| w != 0).unwrap_or(&full);
        files.push(StoredFile {
            name,
            kind: file_kind,
            width: px.width,
            height: px.height,
            stored: Stored::Bytes(bytes.into()),
        });
    }
    files.sort_by_key(|a| (a.kind as u8, a.width));
    Ok(Processed {
        key,
        width: full.width,
        height: full.height,
        files,
        encoded: true,
    })
}

type Outcome = Result<Arc<Processed>, Failure>;

/// A photo file's size, modification time and settings key, and its outcome.
type Remembered = (u64, Option<std::time::SystemTime>, u64, Outcome);

/// What the dev server remembers of photos between rebuilds: each file's outcome, valid
/// while its size and modification time and the settings are the same.
#[derive(Default)]
pub struct Memo {
    entries: Mutex<HashMap<PathBuf, Remembered>>,
}

/// Every photo of a build, by its source's output path.
#[derive(Default)]
pub struct Photos {
    by_dest: HashMap<String, Outcome>,
    /// Output path of the source → the source as shown (for messages).
    shown: HashMap<String, PathBuf>,
    pub publish_originals: bool,
    /// Photos encoded by this build, and taken from a cache.
    pub encoded: usize,
    pub cached: usize,
    cache: Option<PathBuf>,
}

impl Photos {
    /// The photo published from the source at output path `dest`, when it is one.
    pub fn get(&self, dest: &str) -> Option<Result<Photo, &Failure>> {
        Some(match self.by_dest.get(dest)? {
            Ok(p) => Ok(Photo {
                dest: dest.to_string(),
                processed: p.clone(),
            }),
            Err(f) => Err(f),
        })
    }

    /// Whether the source at `dest` is a photo (processed, or failed).
    pub fn is_photo(&self, dest: &str) -> bool {
        self.by_dest.contains_key(dest)
    }

    /// The source of the photo at `dest`, as shown in messages.
    pub fn shown(&self, dest: &str) -> String {
        self.shown
            .get(dest)
            .map_or_else(|| dest.to_string(), |p| crate::error::display_path(p))
    }

    /// Every photo that processed, in output-path order.
    pub fn all(&self) -> Vec<Photo> {
        let mut v: Vec<Photo> = self
            .by_dest
            .iter()
            .filter_map(|(d, r)| {
                Some(Photo {
                    dest: d.clone(),
                    processed: r.as_ref().ok()?.clone(),
                })
            })
            .collect();
        v.sort_by(|a, b| a.dest.cmp(&b.dest));
        v
    }

    /// Every photo that failed: its source as shown, and why.
    pub fn failures(&self) -> Vec<(&Path, &str, &Failure)> {
        let mut v: Vec<(&Path, &str, &Failure)> = self
            .by_dest
            .iter()
            .filter_map(|(d, r)| {
                Some((self.shown.get(d)?.as_path(), d.as_str(), r.as_ref().err()?))
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// Removes the cache entries this build did not use (after a successful build).
    pub fn prune_cache(&self) {
        let Some(dir) = &self.cache else { return };
        let live: HashSet<String> = self
            .by_dest
            .values()
            .filter_map(|r| Some(r.as_ref().ok()?.key.clone()))
            .collect();
        cache::DiskCache { dir: dir.clone() }.prune(&live);
    }
}

/// Processes every photo among `assets` (in parallel), from the caches where it can.
pub fn process(
    assets: &[CopiedAsset],
    root: &Path,
    config: &PhotosConfig,
    memo: Option<&Memo>,
) -> Photos {
    let settings = Settings::from_config(config);
    let settings_key = settings.output_key();
    let disk = cache::DiskCache::new(root);
    let photos: Vec<&CopiedAsset> = assets.iter().filter(|a| is_photo_name(&a.dest)).collect();
    let outcomes: Vec<Outcome> = photos
        .par_iter()
        .map(|a| {
            let meta = std::fs::metadata(&a.src).ok();
            let stamp = meta.as_ref().map(|m| (m.len(), m.modified().ok()));
            if let (Some(memo), Some((len, mtime))) = (memo, stamp)
                && let Ok(entries) = memo.entries.lock()
                && let Some((l, t, k, outcome)) = entries.get(&a.src)
                && (*l, *t, *k) == (len, mtime, settings_key)
                && outcome.as_ref().ok().is_none_or(|p| p.files_exist())
            {
                return outcome.clone();
            }
            let outcome = process_file(a, &settings, settings_key, &disk);
            if let (Some(memo), Some((len, mtime))) = (memo, stamp)
                && let Ok(mut entries) = memo.entries.lock()
            {
                entries.insert(a.src.clone(), (len, mtime, settings_key, outcome.clone()));
            }
            outcome
        })
        .collect();
    let mut out = Photos {
        publish_originals: settings.publish_originals,
        cache: Some(disk.dir_path().to_path_buf()),
        ..Photos::default()
    };
    // Every output path names one source: copied files first, then photos in order.
    let mut taken: HashMap<String, PathBuf> = assets
        .iter()
        .filter(|a| !is_photo_name(&a.dest))
        .map(|a| (a.dest.clone(), a.file.clone()))
        .collect();
    for (a, outcome) in photos.into_iter().zip(outcomes) {
        let outcome = outcome.and_then(|p| {
            let photo = Photo {
                dest: a.dest.clone(),
                processed: p.clone(),
            };
            let paths: Vec<String> = photo.outputs().map(|(path, _)| path).collect();
            if let Some((path, other)) = paths
                .iter()
                .find_map(|path| Some((path.clone(), taken.get(path)?.clone())))
            {
                return Err(Failure::Clash {
                    path,
                    other: crate::error::display_path(&other),
                });
            }
            taken.extend(paths.into_iter().map(|path| (path, a.file.clone())));
            Ok(p)
        });
        match &outcome {
            Ok(p) if p.encoded => out.encoded += 1,
            Ok(_) => out.cached += 1,
            Err(_) => {}
        }
        out.shown.insert(a.dest.clone(), a.file.clone());
        out.by_dest.insert(a.dest.clone(), outcome);
    }
    out
}

/// One photo file: read within the limits, then from the disk cache or processed anew.
fn process_file(
    a: &CopiedAsset,
    settings: &Settings,
    settings_key: u64,
    disk: &cache::DiskCache,
) -> Outcome {
    if let Ok(m) = std::fs::metadata(&a.src)
        && m.len() > settings.max_bytes
    {
        return Err(Failure::TooBig {
            len: m.len(),
            limit: settings.max_bytes,
        });
    }
    let bytes =
        crate::content::read_asset(&a.src, &a.file).map_err(|d| Failure::Unreadable(d.message))?;
    if bytes.len() as u64 > settings.max_bytes {
        return Err(Failure::TooBig {
            len: bytes.len() as u64,
            limit: settings.max_bytes,
        });
    }
    let key = format!(
        "{:032x}",
        xxhash_rust::xxh3::xxh3_128(
            &[
                &xxhash_rust::xxh3::xxh3_128(&bytes).to_le_bytes()[..],
                &settings_key.to_le_bytes()[..]
            ]
            .concat()
        )
    );
    if let Some(p) = disk.load(&key) {
        return Ok(Arc::new(p));
    }
    let p = process_bytes(&bytes, key, settings)?;
    Ok(Arc::new(disk.store(p)))
}

#[cfg(test)]
mod tests;
