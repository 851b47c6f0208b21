use super::*;

fn settings() -> Settings {
    Settings::from_config(&PhotosConfig::default())
}

#[test]
fn photos_are_told_by_their_ending() {
    for name in [
        "a.jpg",
        "a.JPG",
        "b/c.jpeg",
        "x.png",
        "x.webp",
        "IMG_1.HEIC",
        "y.avif",
    ] {
        assert!(is_photo_name(name), "{name}");
    }
    for name in ["a.pdf", "a.svg", "a.gif", "jpg", "a.jpg.txt"] {
        assert!(!is_photo_name(name), "{name}");
    }
}

#[test]
fn widths_are_never_upscaled() {
    let s = settings();
    let widths = |w: u32, kind: FileKind| -> Vec<u32> {
        plan(&s, w, None)
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, w)| w)
            .collect()
    };
    assert_eq!(widths(4000, FileKind::Webp), [480, 960, 1600]);
    assert_eq!(widths(4000, FileKind::Jpeg), [480, 960, 1600, 1200]);
    assert_eq!(widths(1000, FileKind::Webp), [480, 960, 1000]);
    assert_eq!(widths(1000, FileKind::Jpeg), [480, 960, 1000]);
    assert_eq!(widths(300, FileKind::Webp), [300]);
    assert_eq!(widths(300, FileKind::Jpeg), [300]);
    let with_original = plan(&s, 300, Some(FileKind::Png));
    assert_eq!(with_original.last(), Some(&(FileKind::Png, 0)));
}

#[test]
fn output_paths_sit_beside_the_source() {
    let processed = Arc::new(Processed {
        key: "k".into(),
        width: 10,
        height: 10,
        files: vec![StoredFile {
            name: "480.webp".into(),
            kind: FileKind::Webp,
            width: 480,
            height: 360,
            stored: Stored::Bytes(Arc::from(&b""[..])),
        }],
        encoded: false,
    });
    let p = Photo {
        dest: "2023/fangda/照片.v2.jpg".into(),
        processed,
    };
    let f = &p.processed.files[0];
    assert_eq!(p.path_of(f), "2023/fangda/照片.v2-480.webp");
}

#[test]
fn settings_that_change_the_files_change_the_key() {
    let a = settings();
    let mut b = settings();
    b.max_pixels = 1;
    assert_eq!(a.output_key(), b.output_key());
    b.webp_quality = 50;
    assert_ne!(a.output_key(), b.output_key());
}

#[test]
fn a_small_photo_is_processed_upright_without_metadata() {
    let img = image::RgbImage::from_fn(40, 20, |_, y| {
        if y < 10 {
            image::Rgb([250, 0, 0])
        } else {
            image::Rgb([0, 0, 250])
        }
    });
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    let p = process_bytes(&bytes, "k".into(), &settings()).unwrap();
    assert_eq!((p.width, p.height), (40, 20));
    let names: Vec<&str> = p.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["40.webp", "40.jpg"]);
}
