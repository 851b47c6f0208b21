//! `[photos]` in config.toml: how photos are processed (src/photos), and the limits
//! above which a photo is refused.

use crate::error::Diagnostic;
use crate::t;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// `[photos]`, with its defaults.
#[derive(Debug, Clone, Deserialize, PartialEq, Hash)]
#[serde(deny_unknown_fields, default)]
pub struct PhotosConfig {
    /// Publish each photo's original too (its metadata removed).
    pub publish_originals: bool,
    /// Widths in pixels of the resized files, smallest first.
    pub widths: Vec<u32>,
    /// WebP quality (0–100); the JPEG files use 5 more.
    pub quality: u8,
    /// Largest photo file accepted, in MB.
    pub max_megabytes: u64,
    /// Largest photo accepted, in millions of pixels.
    pub max_megapixels: u64,
}

impl Default for PhotosConfig {
    fn default() -> Self {
        PhotosConfig {
            publish_originals: false,
            widths: vec![480, 960, 1600],
            quality: 72,
            max_megabytes: 40,
            max_megapixels: 50,
        }
    }
}

/// Where `[photos]` holds its values, to point errors at them.
#[derive(Deserialize, Default)]
pub(super) struct PhotoSpans {
    widths: Option<Spanned<Vec<u32>>>,
    quality: Option<Spanned<u8>>,
    max_megabytes: Option<Spanned<u64>>,
    max_megapixels: Option<Spanned<u64>>,
}

/// The largest photo file accepted: the limit of every file read from the content
/// (`content::source::MAX_ASSET_BYTES`, 50 MB), which the walk applies first.
const MAX_MEGABYTES: u64 = 50;

impl PhotosConfig {
    /// Values out of their range, as located errors.
    pub(super) fn check(
        &self,
        spans: Option<&PhotoSpans>,
        text: &str,
        shown: &Path,
    ) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut range =
            |key: &str, value: u64, min: u64, max: u64, span: Option<std::ops::Range<usize>>| {
                if (min..=max).contains(&value) {
                    return;
                }
                let d = Diagnostic::error(t!(
                    "config-photos-range",
                    key = key,
                    value = value,
                    min = min,
                    max = max
                ))
                .help(t!("config-photos-range.help", key = key));
                errors.push(match span {
                    Some(s) => d.at(shown, text, s.start, s.end),
                    None => d.in_file(shown),
                });
            };
        let span = |f: fn(&PhotoSpans) -> Option<std::ops::Range<usize>>| spans.and_then(f);
        range(
            "quality",
            u64::from(self.quality),
            1,
            100,
            span(|s| Some(s.quality.as_ref()?.span())),
        );
        range(
            "max_megabytes",
            self.max_megabytes,
            1,
            MAX_MEGABYTES,
            span(|s| Some(s.max_megabytes.as_ref()?.span())),
        );
        range(
            "max_megapixels",
            self.max_megapixels,
            1,
            1000,
            span(|s| Some(s.max_megapixels.as_ref()?.span())),
        );
        let ascending = self.widths.windows(2).all(|w| w[0] < w[1]);
        if self.widths.is_empty()
            || self.widths.len() > 8
            || !ascending
            || self.widths.iter().any(|w| !(64..=4096).contains(w))
        {
            let d =
                Diagnostic::error(t!("config-photos-widths")).help(t!("config-photos-widths.help"));
            errors.push(match span(|s| Some(s.widths.as_ref()?.span())) {
                Some(s) => d.at(shown, text, s.start, s.end),
                None => d.in_file(shown),
            });
        }
        errors
    }
}
