//! Reading a photo: what its bytes are (by content, not by name), within the limits, upright
//! and in sRGB. Decoding is bounded in memory: the header's size is checked before a pixel
//! is decoded, and the decoder may allocate no more than the largest photo allowed needs.

use super::{Failure, Settings};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    WebP,
    /// HEIC/HEIF, as iPhones save photos.
    Heic,
    /// AVIF: a browser format, but none shequ decodes.
    Avif,
    /// Nothing shequ reads.
    Unknown,
}

impl Kind {
    pub fn of(bytes: &[u8]) -> Kind {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Kind::Jpeg;
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Kind::Png;
        }
        if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            return Kind::WebP;
        }
        if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            let brand = &bytes[8..12];
            if brand == b"avif" || brand == b"avis" {
                return Kind::Avif;
            }
            if [
                b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
            ]
            .iter()
            .any(|b| brand == *b)
            {
                return Kind::Heic;
            }
        }
        Kind::Unknown
    }

    fn format(self) -> Option<ImageFormat> {
        match self {
            Kind::Jpeg => Some(ImageFormat::Jpeg),
            Kind::Png => Some(ImageFormat::Png),
            Kind::WebP => Some(ImageFormat::WebP),
            _ => None,
        }
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
            Kind::WebP => "WebP",
            Kind::Heic => "HEIC",
            Kind::Avif => "AVIF",
            Kind::Unknown => "?",
        }
    }
}

/// Whether a JPEG's main image is complete: after its first scan (past the EXIF thumbnail,
/// which is a JPEG of its own inside an APP1 segment) an end-of-image marker follows. A
/// copy cut short has none; decoders fill the missing part with grey instead of failing.
fn jpeg_is_complete(b: &[u8]) -> bool {
    let mut i = 2;
    // Segments up to the first start of scan (FFDA), each with its own length.
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return false;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if marker == 0xDA {
            let scan = i + 2 + len;
            // In entropy-coded data FF is always followed by 00 or a restart marker, so
            // FF D9 there is the end-of-image marker.
            return b
                .get(scan..)
                .is_some_and(|rest| rest.windows(2).any(|w| w == [0xFF, 0xD9]));
        }
        i += 2 + len;
    }
    false
}

/// The EXIF orientation (1–8), read with kamadak-exif; 1 when there is none.
fn exif_orientation(bytes: &[u8]) -> u8 {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .filter(|v| (1..=8).contains(v))
        .unwrap_or(1)
}

/// Converts RGB(A) pixels described by an ICC profile to sRGB (moxcms); pixels without a
/// profile, or with one that is not an RGB profile (CMYK JPEGs are converted to RGB by the
/// decoder already), are taken as sRGB. The profile itself is never published.
fn to_srgb(img: DynamicImage, icc: Option<Vec<u8>>) -> DynamicImage {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Some(profile) = icc.and_then(|b| ColorProfile::new_from_slice(&b).ok()) else {
        return img;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return img;
    }
    let srgb = ColorProfile::new_srgb();
    let convert = |layout: Layout, src: &[u8]| -> Option<Vec<u8>> {
        let t = profile
            .create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
            .ok()?;
        let mut dst = vec![0; src.len()];
        t.transform(src, &mut dst).ok()?;
        Some(dst)
    };
    let (w, h) = (img.width(), img.height());
    if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        match convert(Layout::Rgba, rgba.as_raw()).and_then(|v| image::RgbaImage::from_raw(w, h, v))
        {
            Some(out) => DynamicImage::ImageRgba8(out),
            None => DynamicImage::ImageRgba8(rgba),
        }
    } else {
        let rgb = img.into_rgb8();
        match convert(Layout::Rgb, rgb.as_raw()).and_then(|v| image::RgbImage::from_raw(w, h, v)) {
            Some(out) => DynamicImage::ImageRgb8(out),
            None => DynamicImage::ImageRgb8(rgb),
        }
    }
}

/// Decodes a photo upright, in sRGB, as 8-bit RGB or RGBA.
pub fn decode(bytes: &[u8], settings: &Settings) -> Result<(DynamicImage, Kind), Failure> {
    let kind = Kind::of(bytes);
    let format = match kind {
        Kind::Heic => return Err(Failure::Heic),
        Kind::Avif => return Err(Failure::Avif),
        Kind::Unknown => return Err(Failure::NotAnImage),
        k => k.format().ok_or(Failure::NotAnImage)?,
    };
    let damaged = |e: &dyn std::fmt::Display| Failure::Damaged {
        format: kind.name(),
        why: e.to_string(),
    };
    if kind == Kind::Jpeg && !jpeg_is_complete(bytes) {
        return Err(Failure::Truncated { format: "JPEG" });
    }
    // The header first: a small file may declare a huge image (a decompression bomb).
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| damaged(&e))?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > settings.max_pixels {
        return Err(Failure::TooManyPixels {
            width: w,
            height: h,
            limit: settings.max_pixels,
        });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    // RGBA at 16 bits per channel, twice over: what the largest photo allowed may need.
    limits.max_alloc = Some(settings.max_pixels.saturating_mul(16));
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| damaged(&e))?;
    let icc = decoder.icc_profile().ok().flatten();
    let img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => Failure::TooManyPixels {
            width: w,
            height: h,
            limit: settings.max_pixels,
        },
        e => damaged(&e),
    })?;
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    let mut img = to_srgb(img, icc);
    if let Some(o) = image::metadata::Orientation::from_exif(exif_orientation(bytes)) {
        img.apply_orientation(o);
    }
    Ok((img, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_content() {
        assert_eq!(Kind::of(b"\0\0\0\x18ftypheic\0\0\0\0"), Kind::Heic);
        assert_eq!(Kind::of(b"\0\0\0\x18ftypavif\0\0\0\0"), Kind::Avif);
        assert_eq!(Kind::of(b"RIFF\0\0\0\0WEBPVP8 "), Kind::WebP);
        assert_eq!(Kind::of(b"hello, world"), Kind::Unknown);
        assert_eq!(Kind::of(&[0xFF, 0xD8, 0xFF, 0xE0]), Kind::Jpeg);
    }

    #[test]
    fn a_jpeg_without_its_end_is_incomplete() {
        // SOI, a 4-byte APP0, SOS with a 2-byte header, data, EOI.
        let full = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34,
            0xFF, 0xD9,
        ];
        assert!(jpeg_is_complete(&full));
        assert!(!jpeg_is_complete(&full[..14]));
        assert!(!jpeg_is_complete(&full[..6]));
    }
}
