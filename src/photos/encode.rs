//! Writing a photo's files: resized with fast_image_resize (never upscaled), encoded as WebP
//! (libwebp, lossy) and JPEG (jpeg-encoder). Neither encoder writes metadata: the files
//! carry pixels only, no EXIF, XMP, IPTC or ICC profile (the pixels are sRGB already).

use super::{FileKind, Settings};
use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;

/// An upright sRGB photo's pixels, 3 or 4 bytes each.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

impl Pixels {
    pub fn of(img: DynamicImage) -> Pixels {
        let (width, height) = (img.width(), img.height());
        let alpha = img.color().has_alpha();
        let data = if alpha {
            img.into_rgba8().into_raw()
        } else {
            img.into_rgb8().into_raw()
        };
        Pixels {
            width,
            height,
            alpha,
            data,
        }
    }

    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }

    /// This photo `width` pixels wide (height in proportion, at least 1).
    pub fn resized(&self, width: u32) -> Pixels {
        if width >= self.width {
            return Pixels {
                data: self.data.clone(),
                ..*self
            };
        }
        let height = ((u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2)
            / u64::from(self.width))
        .max(1) as u32;
        let src = Image::from_vec_u8(
            self.width,
            self.height,
            self.data.clone(),
            self.pixel_type(),
        );
        let mut dst = Image::new(width, height, self.pixel_type());
        let resized = src.map_err(|e| e.to_string()).and_then(|src| {
            Resizer::new()
                .resize(
                    &src,
                    &mut dst,
                    &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
                )
                .map_err(|e| e.to_string())
        });
        match resized {
            Ok(()) => Pixels {
                width,
                height,
                alpha: self.alpha,
                data: dst.into_vec(),
            },
            // Sizes and buffers are consistent by construction; keep the photo as it is.
            Err(_) => Pixels {
                data: self.data.clone(),
                ..*self
            },
        }
    }

    /// RGB without alpha, composed over white (for JPEG).
    fn opaque(&self) -> std::borrow::Cow<'_, [u8]> {
        if !self.alpha {
            return std::borrow::Cow::Borrowed(&self.data);
        }
        let over_white = |c: u8, a: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        std::borrow::Cow::Owned(
            self.data
                .chunks_exact(4)
                .flat_map(|p| [0, 1, 2].map(|i| over_white(p[i], p[3])))
                .collect(),
        )
    }
}

/// Encodes `p` as `kind`; an encoder's failure is a message (it should not happen: the
/// pixels are valid and within the sizes both formats hold).
pub fn encode(p: &Pixels, kind: FileKind, settings: &Settings) -> Result<Vec<u8>, String> {
    match kind {
        FileKind::Webp => webp(p, settings.webp_quality),
        FileKind::Jpeg => jpeg(p, settings.jpeg_quality),
        FileKind::Png => png(p),
    }
}

fn webp(p: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let encoder = if p.alpha {
        webp::Encoder::from_rgba(&p.data, p.width, p.height)
    } else {
        webp::Encoder::from_rgb(&p.data, p.width, p.height)
    };
    let mut config = webp::WebPConfig::new().map_err(|()| "libwebp config".to_string())?;
    config.quality = f32::from(quality);
    config.method = 4;
    let out = encoder
        .encode_advanced(&config)
        .map_err(|e| format!("WebP: {e:?}"))?;
    Ok(out.to_vec())
}

fn jpeg(p: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let (w, h) = (
        u16::try_from(p.width).map_err(|e| e.to_string())?,
        u16::try_from(p.height).map_err(|e| e.to_string())?,
    );
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_optimized_huffman_tables(true);
    encoder.set_progressive(true);
    encoder
        .encode(&p.opaque(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn png(p: &Pixels) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    let color = if p.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&p.data, p.width, p.height, color)
        .map_err(|e| e.to_string())?;
    Ok(out)
}
