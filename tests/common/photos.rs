//! Photos made by the test suite: JPEGs with hand-assembled EXIF (orientation, GPS), a
//! CMYK JPEG, a PNG with alpha, and broken files (cut short, HEIC, not an image, a
//! decompression bomb). Written into a copy of `tests/fixtures/photos`.

use image::{ImageEncoder, Rgb, RgbImage};

/// An EXIF APP1 payload (`Exif\0\0` + little-endian TIFF): IFD0 with the orientation, a
/// camera make and, with `gps`, a GPS IFD with a latitude.
pub fn exif(orientation: u16, gps: bool) -> Vec<u8> {
    let mut t: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    let entries: u16 = if gps { 3 } else { 2 };
    let ifd0_end = 8 + 2 + 12 * u32::from(entries) + 4;
    let make_at = ifd0_end;
    let make = b"PhoneCam\0";
    let gps_at = make_at + make.len() as u32 + 1;
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(entries.to_le_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_at);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    if gps {
        entry(&mut t, 0x8825, 4, 1, gps_at);
    }
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    t.push(0);
    if gps {
        // GPSLatitudeRef "N", GPSLatitude 31° 13' 5".
        let data_at = gps_at + 2 + 2 * 12 + 4;
        t.extend(2u16.to_le_bytes());
        entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
        entry(&mut t, 0x0002, 5, 3, data_at);
        t.extend(0u32.to_le_bytes());
        for (n, d) in [(31u32, 1u32), (13, 1), (5, 1)] {
            t.extend(n.to_le_bytes());
            t.extend(d.to_le_bytes());
        }
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(t);
    app1
}

/// A JPEG of `w`×`h` pixels from `pixel`, with an EXIF segment when given.
pub fn jpeg(w: u32, h: u32, pixel: impl Fn(u32, u32) -> [u8; 3], exif: Option<Vec<u8>>) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb(pixel(x, y)));
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, 92);
    if let Some(app1) = exif {
        e.add_app_segment(1, app1).unwrap();
    }
    e.encode(
        img.as_raw(),
        w as u16,
        h as u16,
        jpeg_encoder::ColorType::Rgb,
    )
    .unwrap();
    out
}

/// A CMYK JPEG of one colour.
pub fn cmyk_jpeg(w: u32, h: u32, cmyk: [u8; 4]) -> Vec<u8> {
    let data: Vec<u8> = (0..w * h).flat_map(|_| cmyk).collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 92)
        .encode(&data, w as u16, h as u16, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    out
}

/// A PNG with alpha: the left half transparent, the right half opaque green.
pub fn png_alpha(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            image::Rgba([255, 0, 0, 0])
        } else {
            image::Rgba([0, 200, 0, 255])
        }
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

/// The first bytes of an iPhone's HEIC file (an ISO-BMFF `ftyp` box, brand `heic`).
pub fn heic() -> Vec<u8> {
    let mut b = vec![0, 0, 0, 0x18];
    b.extend(b"ftypheic\0\0\0\0mif1heic");
    b.extend([0u8; 64]);
    b
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend(data);
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
}

/// A decompression bomb: a tiny PNG declaring `w`×`h` pixels.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // A few bytes of zlib data that would inflate to far more.
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9C, 0xED, 0xC1, 0x01, 0x0D, 0x00, 0x00],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// Red on top, blue below: which way up a photo is shown.
pub fn two_tone(_: u32, y: u32, h: u32) -> [u8; 3] {
    if y < h / 2 {
        [230, 20, 20]
    } else {
        [20, 20, 230]
    }
}

/// Writes the photos of `tests/fixtures/photos` into the site at `root`.
pub fn write_fixture_photos(root: &std::path::Path) {
    let case = root.join("content/2024-garden/yuan");
    // Stored 64×32, shown turned a quarter clockwise (orientation 6): 32×64.
    std::fs::write(
        case.join("gps.jpg"),
        jpeg(64, 32, |x, y| two_tone(x, y, 32), Some(exif(6, true))),
    )
    .unwrap();
    std::fs::write(case.join("cmyk.jpg"), cmyk_jpeg(40, 30, [255, 0, 0, 0])).unwrap();
    std::fs::write(case.join("alpha.png"), png_alpha(40, 30)).unwrap();
    std::fs::write(
        case.join("inline.jpg"),
        jpeg(
            500,
            250,
            |x, y| [(x % 256) as u8, (y % 256) as u8, 90],
            Some(exif(1, true)),
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("content/2024-garden/cover.jpg"),
        jpeg(80, 60, |x, _| [40, (x * 3) as u8, 40], Some(exif(1, true))),
    )
    .unwrap();
}
