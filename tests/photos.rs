//! Photos (issue 18): every photo is published resized, upright and without metadata, in
//! `<picture>` markup with width and height; broken photos are located errors that leave
//! `public/` as it was; a warm build encodes nothing.

mod common;
use common::photos::*;
use common::*;
use std::io::Cursor;

fn photo_site() -> Site {
    let site = Site::fixture("photos");
    write_fixture_photos(&site.root);
    site
}

const CASE: &str = "content/2024-garden/yuan/index.md";

fn decode(site: &Site, rel: &str) -> image::DynamicImage {
    let bytes = std::fs::read(site.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn published(site: &Site) -> Vec<String> {
    site.snapshot().into_iter().map(|(n, _)| n).collect()
}

/// No EXIF (an EXIF reader finds none), nor XMP, IPTC or an ICC profile, in any image.
fn assert_no_metadata(site: &Site) {
    let mut images = 0;
    for (name, bytes) in site.snapshot() {
        if !name.ends_with(".jpg") && !name.ends_with(".webp") && !name.ends_with(".png") {
            continue;
        }
        images += 1;
        let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&bytes));
        assert!(
            exif.is_err(),
            "{name} has EXIF: {:?}",
            exif.map(|e| e.fields().count())
        );
        for marker in [
            &b"Exif\0"[..],
            b"GPS",
            b"PhoneCam",
            b"http://ns.adobe.com/xap",
            b"ICC_PROFILE",
            b"Photoshop 3.0",
            b"iCCP",
            b"eXIf",
        ] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker),
                "{name} holds {:?}",
                String::from_utf8_lossy(marker)
            );
        }
    }
    assert!(images > 10, "{images} images checked");
}

#[test]
fn photos_are_published_resized_upright_and_without_metadata() {
    let site = photo_site();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = published(&site);
    let dir = "2024-garden/yuan/";
    // Originals are not published.
    for original in ["gps.jpg", "cmyk.jpg", "alpha.png", "inline.jpg"] {
        assert!(
            !files.contains(&format!("{dir}{original}")),
            "{original} published"
        );
    }
    assert!(!files.contains(&"2024-garden/cover.jpg".to_string()));
    assert_no_metadata(&site);

    // Orientation 6: stored 64×32 with red on top, shown 32×64 with red on the right.
    let gps = decode(&site, &format!("{dir}gps-32.jpg")).into_rgb8();
    assert_eq!(gps.dimensions(), (32, 64));
    let red = gps.get_pixel(28, 32);
    let blue = gps.get_pixel(3, 32);
    assert!(red[0] > 150 && red[2] < 100, "right side {red:?}");
    assert!(blue[2] > 150 && blue[0] < 100, "left side {blue:?}");
    assert_eq!(decode(&site, &format!("{dir}gps-32.webp")).width(), 32);

    // The stated widths, never upscaled; the share JPEG at the photo's own width (< 1200).
    for (name, w, h) in [
        ("inline-120.webp", 120, 60),
        ("inline-240.webp", 240, 120),
        ("inline-400.webp", 400, 200),
        ("inline-120.jpg", 120, 60),
        ("inline-400.jpg", 400, 200),
        ("inline-500.jpg", 500, 250),
    ] {
        let img = decode(&site, &format!("{dir}{name}"));
        assert_eq!((img.width(), img.height()), (w, h), "{name}");
    }
    assert!(!files.contains(&format!("{dir}inline-500.webp")));

    // CMYK is published as RGB; cyan stays cyan.
    let cmyk = decode(&site, &format!("{dir}cmyk-40.jpg")).into_rgb8();
    assert_eq!(cmyk.dimensions(), (40, 30));
    let c = cmyk.get_pixel(20, 15);
    assert!(c[0] < 90 && c[1] > 160 && c[2] > 160, "cyan: {c:?}");
    // Alpha: kept in WebP, composed over white in JPEG.
    let webp = decode(&site, &format!("{dir}alpha-40.webp"));
    assert!(webp.color().has_alpha());
    assert_eq!(webp.to_rgba8().get_pixel(3, 15)[3], 0);
    assert_eq!(webp.to_rgba8().get_pixel(36, 15)[3], 255);
    let jpg = decode(&site, &format!("{dir}alpha-40.jpg")).into_rgb8();
    assert!(
        jpg.get_pixel(3, 15).0.iter().all(|&c| c > 240),
        "{:?}",
        jpg.get_pixel(3, 15)
    );

    // Markup: every <img> of every page has width and height.
    for (name, bytes) in site.snapshot() {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for img in html.split("<img").skip(1) {
            let tag = &img[..img.find('>').unwrap()];
            assert!(
                tag.contains(" width=\"") && tag.contains(" height=\""),
                "{name}: <img{tag}>"
            );
        }
    }
    let page = site.read(&format!("{dir}index.html"));
    assert!(page.contains("<div class=\"gallery\">"), "{page}");
    assert!(page.contains(
        "<source type=\"image/webp\" srcset=\"/2024-garden/yuan/inline-120.webp 120w, /2024-garden/yuan/inline-240.webp 240w, /2024-garden/yuan/inline-400.webp 400w\""
    ), "{page}");
    assert!(
        page.contains(
            "width=\"500\" height=\"250\" alt=\"花园全景\" title=\"全景\" loading=\"eager\""
        ),
        "{page}"
    );
    assert!(
        page.contains("width=\"32\" height=\"64\" alt=\"花园里的月季\" loading=\"lazy\""),
        "{page}"
    );
    assert_eq!(page.matches("loading=\"eager\"").count(), 1, "{page}");
    assert!(
        page.contains("<figcaption>手机拍的花园（带定位）"),
        "{page}"
    );
    assert!(
        page.contains("（图片缺失，仅存说明）</span>开工仪式（照片已遗失）"),
        "{page}"
    );
    assert!(
        page.contains("<meta property=\"og:image\" content=\"https://example.org/2024-garden/yuan/gps-32.jpg\">"),
        "{page}"
    );
    // The issue's photo on its area's page, with its caption, and as its share card.
    let area = site.read("areas/fangda/index.html");
    assert!(area.contains("/2024-garden/cover-80.webp 80w"), "{area}");
    assert!(area.contains("花园开放日"), "{area}");
    assert!(
        area.contains("og:image\" content=\"https://example.org/2024-garden/yuan/gps-32.jpg\""),
        "{area}"
    );
    let issue = site.read("2024-garden/index.html");
    assert!(
        issue.contains("og:image\" content=\"https://example.org/2024-garden/cover-80.jpg\""),
        "{issue}"
    );
    assert!(
        issue.contains("alt=\"花园开放日\" loading=\"eager\""),
        "{issue}"
    );

    // A warm build encodes nothing and writes nothing.
    let cache = site.root.join(".shequ/cache/photos");
    let entries = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(entries, 5, "one cache entry per photo");
    let out = std::process::Command::new(BIN)
        .env("SHEQU_TIMINGS", "1")
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("photos: 0 encoded, 5 from the cache"),
        "{}",
        stderr(&out)
    );
    // (The second build fills the writer's other generation; the third has nothing to do.)
    let out = site.build(&[]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("(0 written, 0 removed)"), "{summary}");
}

#[test]
fn originals_are_published_only_when_asked_and_then_without_metadata() {
    let site = photo_site();
    let config = site.root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("[photos]\n", "[photos]\npublish_originals = true\n"),
    )
    .unwrap();
    site.build(&[]);
    assert_no_metadata(&site);
    let gps = decode(&site, "2024-garden/yuan/gps.jpg");
    assert_eq!((gps.width(), gps.height()), (32, 64), "upright");
    assert!(
        decode(&site, "2024-garden/yuan/alpha.png")
            .color()
            .has_alpha()
    );
}

/// (file, its bytes, where it is referenced: "body" or "figure", what the error says)
fn broken() -> Vec<(&'static str, Vec<u8>, &'static str, &'static str)> {
    let good = jpeg(64, 48, |x, y| two_tone(x, y, 48), None);
    vec![
        (
            "cut.jpg",
            good[..good.len() / 2].to_vec(),
            "body",
            "is a JPEG photo cut short",
        ),
        (
            "IMG_0001.heic",
            heic(),
            "figure",
            "is a HEIC photo (as an iPhone saves them)",
        ),
        ("renamed.jpg", heic(), "body", "is a HEIC photo"),
        (
            "notes.jpg",
            b"this is a text file".to_vec(),
            "body",
            "holds no JPEG, PNG or WebP image",
        ),
        (
            "bomb.png",
            png_bomb(100_000, 100_000),
            "figure",
            "more than the 50 megapixels a photo may have",
        ),
    ]
}

#[test]
fn broken_photos_are_located_errors_and_leave_public_as_it_was() {
    let site = photo_site();
    site.build(&[]);
    let before = site.snapshot();
    let case = site.root.join(CASE);
    let text = std::fs::read_to_string(&case).unwrap();
    for (name, bytes, place, says) in broken() {
        std::fs::write(case.parent().unwrap().join(name), &bytes).unwrap();
        let edited = match place {
            "body" => format!("{text}\n![坏照片]({name})\n"),
            _ => text.replacen("src = \"./cmyk.jpg\"", &format!("src = \"{name}\""), 1),
        };
        std::fs::write(&case, &edited).unwrap();
        let out = site.run(&["build"]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(
            err.contains(&format!("content/2024-garden/yuan/{name}")),
            "{name}: {err}"
        );
        let line = edited.lines().position(|l| l.contains(name)).unwrap() + 1;
        let line_text = edited.lines().nth(line - 1).unwrap();
        let col = line_text[..line_text.find(name).unwrap()].chars().count() + 1;
        assert!(
            err.contains(&format!("--> {CASE}:{line}:{col}")),
            "{name} at {line}:{col}: {err}"
        );
        assert!(err.contains("help: "), "{name}: {err}");
        assert_same_files(name, &site.snapshot(), &before);
        std::fs::remove_file(case.parent().unwrap().join(name)).unwrap();
    }
    std::fs::write(&case, &text).unwrap();
    site.build(&[]);
}

#[test]
fn broken_photos_are_told_in_chinese_too_and_unreferenced_ones_at_themselves() {
    let site = photo_site();
    std::fs::write(
        site.root.join("content/2024-garden/yuan/IMG_0002.HEIC"),
        heic(),
    )
    .unwrap();
    let out = site.run_in("zh", &["build"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("IMG_0002.HEIC 是 HEIC 格式的照片"), "{err}");
    assert!(
        err.contains("--> content/2024-garden/yuan/IMG_0002.HEIC"),
        "{err}"
    );
    assert!(err.contains("请把它转成 JPEG"), "{err}");
    assert!(!site.public().exists());
}

#[test]
fn photo_limits_are_configurable_and_named() {
    let site = photo_site();
    let config = site.root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "[photos]\n",
            "[photos]\nmax_megabytes = 1\nmax_megapixels = 1\n",
        ),
    )
    .unwrap();
    let case = site.root.join("content/2024-garden/yuan");
    std::fs::write(case.join("big.jpg"), vec![0xFF; 1_200_000]).unwrap();
    std::fs::write(case.join("wide.png"), png_bomb(2000, 1000)).unwrap();
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert!(
        err.contains("big.jpg has 1.1 MB, more than the 1 MB a photo may have"),
        "{err}"
    );
    assert!(
        err.contains(
            "wide.png has 2000 × 1000 pixels (2.0 megapixels), more than the 1 megapixels"
        ),
        "{err}"
    );
    assert!(err.contains("raise max_megapixels under [photos]"), "{err}");
}

#[test]
fn photo_settings_are_checked_like_the_rest_of_the_config() {
    let site = photo_site();
    let config = site.root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    for (setting, says) in [
        (
            "widths = [960, 480]",
            "widths should list 1 to 8 widths in pixels, each from 64 to 4096, smallest first",
        ),
        (
            "quality = 0",
            "[photos] quality should be from 1 to 100; it is 0",
        ),
        (
            "max_megabytes = 80",
            "[photos] max_megabytes should be from 1 to 50; it is 80",
        ),
        ("publish_originals = \"yes\"", "true or false"),
        ("originals = true", "there is no setting `originals`"),
    ] {
        let key = setting.split(' ').next().unwrap();
        let edited = text.replace("widths = [120, 240, 400]\n", "") + setting + "\n";
        std::fs::write(&config, &edited).unwrap();
        let out = site.run(&["build"]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{setting}");
        assert!(err.contains(says), "{setting}: {err}");
        let line = edited.lines().position(|l| l.starts_with(key)).unwrap() + 1;
        assert!(
            err.contains(&format!("--> config.toml:{line}:")),
            "{setting}: {err}"
        );
    }
}

/// The fixture's photos are checked in (so that it builds on its own, and its output is
/// pinned in tests/output_hashes.txt) and are exactly what `write_fixture_photos` makes;
/// `SHEQU_BLESS=1` writes them anew.
#[test]
fn the_fixture_photos_are_the_ones_the_suite_makes() {
    let fixture = repo().join("tests/fixtures/photos");
    if std::env::var_os("SHEQU_BLESS").is_some() {
        write_fixture_photos(&fixture);
    }
    let site = photo_site();
    let mut total = 0;
    for rel in [
        "content/2024-garden/cover.jpg",
        "content/2024-garden/yuan/gps.jpg",
        "content/2024-garden/yuan/cmyk.jpg",
        "content/2024-garden/yuan/alpha.png",
        "content/2024-garden/yuan/inline.jpg",
    ] {
        let made = std::fs::read(site.root.join(rel)).unwrap();
        let kept = std::fs::read(fixture.join(rel)).unwrap_or_default();
        assert!(made == kept, "{rel} differs: record it with SHEQU_BLESS=1");
        total += kept.len();
    }
    assert!(total < 100 * 1024, "{total} bytes of fixture photos");
}
