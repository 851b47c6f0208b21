//! Only files of the site are read and published: symbolic links are followed only when they
//! resolve inside the site root, only ordinary files are read (a FIFO is never opened, so
//! nothing can block a build), and copied files have a size limit. Every refusal is a located
//! error; the build exits 1, reports all of them, and leaves `public/` as it was.
#![cfg(unix)]

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;
use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Longer than any build of a fixture site takes on a busy machine; a build still running
/// then is blocked (on a FIFO, say) and is killed, failing the test instead of hanging CI.
const DEADLINE: Duration = Duration::from_secs(30);

/// A marker no file of the site holds: found in `public/`, something from outside leaked.
const SECRET: &str = "SECRET-OUTSIDE-THE-SITE-7f3a";

/// `shequ --root SITE ARGS…`, killed (and the test failed) if it has not finished by
/// [`DEADLINE`].
fn run_bounded(site: &Site, args: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .env("SHEQU_LANG", "en")
        .arg("--root")
        .arg(&site.root)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("shequ {args:?} did not finish within {DEADLINE:?}: blocked reading a file?");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A directory beside the site root (outside it) holding a private key and a Markdown file,
/// both with [`SECRET`] in them.
fn outside(site: &Site) -> PathBuf {
    let dir = site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(dir.join("keys")).unwrap();
    std::fs::write(dir.join("keys/id_rsa"), format!("{SECRET}\n")).unwrap();
    std::fs::write(
        dir.join("secret.md"),
        format!("+++\ntitle = \"{SECRET}\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n{SECRET}\n"),
    )
    .unwrap();
    dir
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {path:?}"
    );
}

/// A site built once successfully (its `public/` to compare with afterwards).
fn built() -> (Site, Vec<(String, Vec<u8>)>) {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    (site, before)
}

/// Builds after `make` broke the site: exit status 1 within the deadline, every needle in
/// stderr, `public/` byte-identical to the good build's and free of anything from outside.
/// Returns stderr.
fn refused(make: impl FnOnce(&Site), needles: &[&str]) -> String {
    let (site, before) = built();
    make(&site);
    let out = run_bounded(&site, &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
    }
    assert!(
        err.contains("nothing was written"),
        "the summary line:\n{err}"
    );
    let after = site.snapshot();
    assert_same_files("public/ after a refused build", &after, &before);
    for (name, bytes) in &after {
        assert!(
            !String::from_utf8_lossy(bytes).contains(SECRET),
            "{name} holds a file from outside the site"
        );
    }
    err
}

const ORDINARY_HELP: &str = "help: only ordinary files can be published; remove it";
const LINK_HELP: &str = "help: copy the file into the site instead of linking to it";

#[test]
fn a_fifo_as_a_case_file() {
    refused(
        |s| mkfifo(&s.root.join("content/2024-spring/pipe.md")),
        &[
            "error: this is a named pipe (FIFO), not an ordinary file",
            "--> content/2024-spring/pipe.md",
            ORDINARY_HELP,
        ],
    );
}

#[test]
fn a_fifo_as_config_toml() {
    refused(
        |s| {
            std::fs::remove_file(s.root.join("config.toml")).unwrap();
            mkfifo(&s.root.join("config.toml"));
        },
        &[
            "cannot read the site configuration: it is not an ordinary file",
            "--> config.toml",
        ],
    );
}

#[test]
fn a_fifo_as_an_asset() {
    refused(
        |s| mkfifo(&s.root.join("content/2024-spring/dianti/photo.jpg")),
        &[
            "named pipe (FIFO)",
            "--> content/2024-spring/dianti/photo.jpg",
            ORDINARY_HELP,
        ],
    );
}

#[test]
fn a_fifo_in_static() {
    refused(
        |s| mkfifo(&s.root.join("static/feed.txt")),
        &["named pipe (FIFO)", "--> static/feed.txt", ORDINARY_HELP],
    );
}

#[test]
fn a_fifo_in_the_theme_and_behind_a_link() {
    refused(
        |s| {
            mkfifo(&s.root.join("themes/default/static/pipe.css"));
            mkfifo(&s.root.join("pipe"));
            symlink("../../pipe", s.root.join("content/2024-spring/pipe.png")).unwrap();
        },
        &[
            "--> themes/default/static/pipe.css",
            "--> content/2024-spring/pipe.png",
            "error: this symbolic link points to pipe, a named pipe (FIFO), not an ordinary file",
        ],
    );
}

#[test]
fn a_link_to_etc_passwd() {
    refused(
        |s| symlink("/etc/passwd", s.root.join("content/2024-spring/passwd.txt")).unwrap(),
        &[
            "error: this symbolic link points outside the site, to /etc/passwd",
            "--> content/2024-spring/passwd.txt",
            LINK_HELP,
        ],
    );
}

#[test]
fn a_case_linked_from_outside() {
    refused(
        |s| {
            let out = outside(s);
            symlink(
                out.join("secret.md"),
                s.root.join("content/2024-spring/secret.md"),
            )
            .unwrap();
        },
        &[
            "points outside the site, to ",
            "outside/secret.md",
            "--> content/2024-spring/secret.md",
        ],
    );
}

#[test]
fn a_link_to_a_directory_outside_holding_a_key() {
    let err = refused(
        |s| {
            let out = outside(s);
            symlink(
                out.join("keys"),
                s.root.join("content/2024-spring/dianti/keys"),
            )
            .unwrap();
        },
        &[
            "points outside the site, to ",
            "outside/keys",
            "--> content/2024-spring/dianti/keys\n",
            LINK_HELP,
        ],
    );
    assert!(
        !err.contains("id_rsa"),
        "the directory is not entered:\n{err}"
    );
}

#[test]
fn a_linked_issue_directory_outside() {
    let err = refused(
        |s| {
            let out = outside(s);
            std::fs::write(
                out.join("keys/_index.md"),
                "+++\ntitle = \"x\"\ndate = \"2024\"\n+++\n",
            )
            .unwrap();
            symlink(out.join("keys"), s.root.join("content/2025-leak")).unwrap();
        },
        &["--> content/2025-leak\n", "outside/keys"],
    );
    assert!(!err.contains("has no _index.md"), "{err}");
}

#[test]
fn a_linked_static_directory_outside() {
    refused(
        |s| {
            let out = outside(s);
            std::fs::remove_dir_all(s.root.join("static")).unwrap();
            symlink(out.join("keys"), s.root.join("static")).unwrap();
        },
        &[
            "points outside the site, to ",
            "outside/keys",
            "--> static\n",
            LINK_HELP,
        ],
    );
}

#[test]
fn a_link_in_static_to_outside() {
    refused(
        |s| {
            let out = outside(s);
            symlink(out.join("keys/id_rsa"), s.root.join("static/id_rsa")).unwrap();
        },
        &["outside/keys/id_rsa", "--> static/id_rsa"],
    );
}

#[test]
fn a_linked_theme_outside_is_one_error() {
    let err = refused(
        |s| {
            let out = outside(s);
            std::fs::rename(s.root.join("themes/default"), out.join("default")).unwrap();
            symlink(out.join("default"), s.root.join("themes/default")).unwrap();
        },
        &["--> themes/default\n", "outside/default"],
    );
    assert_eq!(err.matches("--> themes/default\n").count(), 1, "{err}");
}

#[test]
fn a_template_override_linked_from_outside() {
    refused(
        |s| {
            let out = outside(s);
            std::fs::create_dir_all(s.root.join("templates")).unwrap();
            symlink(out.join("secret.md"), s.root.join("templates/404.html")).unwrap();
        },
        &["--> templates/404.html", "outside/secret.md"],
    );
}

#[test]
fn an_asset_linked_to_dev_zero() {
    refused(
        |s| {
            symlink(
                "/dev/zero",
                s.root.join("content/2024-spring/dianti/zero.png"),
            )
            .unwrap()
        },
        &["to /dev/zero", "--> content/2024-spring/dianti/zero.png"],
    );
}

#[test]
fn a_dangling_link() {
    refused(
        |s| {
            symlink(
                "gone.png",
                s.root.join("content/2024-spring/dianti/photo2.png"),
            )
            .unwrap()
        },
        &[
            "error: this symbolic link points to gone.png, which does not exist",
            "--> content/2024-spring/dianti/photo2.png",
        ],
    );
}

#[test]
fn a_loop_of_links() {
    refused(
        |s| {
            symlink("b.png", s.root.join("content/2024-spring/a.png")).unwrap();
            symlink("a.png", s.root.join("content/2024-spring/b.png")).unwrap();
        },
        &[
            "--> content/2024-spring/a.png",
            "--> content/2024-spring/b.png",
            "a loop of links",
        ],
    );
}

#[test]
fn an_oversized_asset() {
    refused(
        |s| {
            let f =
                std::fs::File::create(s.root.join("content/2024-spring/dianti/video.mp4")).unwrap();
            // Sparse: big by metadata, nothing written.
            f.set_len(shequ::content::MAX_ASSET_BYTES + 1).unwrap();
        },
        &[
            "error: the file is 50.0 MB, more than the 50 MB a file copied into the site may have",
            "--> content/2024-spring/dianti/video.mp4",
        ],
    );
}

#[test]
fn every_refusal_is_reported_together() {
    let err = refused(
        |s| {
            let out = outside(s);
            mkfifo(&s.root.join("content/2024-spring/pipe.md"));
            mkfifo(&s.root.join("static/pipe.txt"));
            symlink("/etc/passwd", s.root.join("content/2023-autumn/passwd")).unwrap();
            symlink(out.join("keys/id_rsa"), s.root.join("static/id_rsa")).unwrap();
            symlink("nowhere", s.root.join("static/dangling")).unwrap();
        },
        &[
            "--> content/2024-spring/pipe.md",
            "--> static/pipe.txt",
            "--> content/2023-autumn/passwd",
            "--> static/id_rsa",
            "--> static/dangling",
        ],
    );
    assert!(err.contains("failed with 5 error(s)"), "{err}");
}

#[test]
fn links_inside_the_site_root_are_followed() {
    let site = Site::fixture("basic");
    // A case kept elsewhere in the site, linked into an issue.
    site.write(
        "shared/linked.md",
        "+++\ntitle = \"链接的案例\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n来自站内的文件。\n",
    );
    symlink(
        "../../shared/linked.md",
        site.root.join("content/2024-spring/linked.md"),
    )
    .unwrap();
    // An issue directory kept elsewhere in the site.
    site.write(
        "archive/2025-spring/_index.md",
        "+++\ntitle = \"二〇二五年春\"\ndate = \"2025\"\n+++\n编者按。\n",
    );
    site.write(
        "archive/2025-spring/kept.md",
        "+++\ntitle = \"存档案例\"\ndate = \"2025\"\narea = \"纺大\"\n+++\n正文。\n",
    );
    symlink(
        "../archive/2025-spring",
        site.root.join("content/2025-spring"),
    )
    .unwrap();
    // A static file and an asset linked within the site.
    site.write("notes/robots-extra.txt", "inside the site\n");
    symlink(
        "../notes/robots-extra.txt",
        site.root.join("static/extra.txt"),
    )
    .unwrap();
    symlink(
        "photo.png",
        site.root.join("content/2024-spring/dianti/same-photo.png"),
    )
    .unwrap();
    let out = run_bounded(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        site.read("2024-spring/linked/index.html")
            .contains("来自站内的文件。")
    );
    assert!(
        site.read("2025-spring/kept/index.html")
            .contains("存档案例")
    );
    assert_eq!(site.read("extra.txt"), "inside the site\n");
    // A photo, linked or not, is published processed (src/photos): the same files.
    assert_eq!(
        std::fs::read(site.public().join("2024-spring/dianti/same-photo-32.jpg")).unwrap(),
        std::fs::read(site.public().join("2024-spring/dianti/photo-32.jpg")).unwrap()
    );
}

#[test]
fn an_emacs_lock_link_stays_ignored() {
    let site = Site::fixture("basic");
    symlink(
        "user@host.1234:1700000000",
        site.root.join("static/.#humans.txt"),
    )
    .unwrap();
    symlink(
        "user@host.1234:1700000000",
        site.root.join("content/2024-spring/.#caishichang.md"),
    )
    .unwrap();
    let out = run_bounded(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The dev server's rebuild loop must not block on a FIFO: it reports it like any error,
/// keeps serving the last good site, and rebuilds once the FIFO is gone.
#[test]
fn serve_watch_survives_a_fifo() {
    let site = Site::fixture("basic");
    let mut server = Server::start(&site, &["--watch"]);
    let events = server.events();
    for (fifo, url) in [
        ("content/2024-spring/pipe.md", "/2024-spring/caishichang/"),
        (
            "content/2024-spring/dianti/photo.jpg",
            "/2024-spring/dianti/",
        ),
    ] {
        mkfifo(&site.root.join(fifo));
        let ev = events.next();
        assert_eq!(ev.name, "build-error", "{ev:?}");
        assert!(
            ev.data.contains(fifo) && ev.data.contains("named pipe"),
            "{ev:?}"
        );
        server.wait_stdout(|l| l.starts_with("rebuild failed: ") && l.contains(fifo));
        assert_eq!(server.get(url).status, 200, "the last good site is served");
        std::fs::remove_file(site.root.join(fifo)).unwrap();
        let ev = events.next();
        assert_eq!(ev.name, "reload", "{ev:?}");
    }
    // And it goes on rebuilding.
    site.edit(
        "content/2024-spring/caishichang.md",
        "安装了防滑扶手",
        "安装了新的防滑扶手",
    );
    assert_eq!(events.next().name, "reload");
    assert!(
        server
            .get("/2024-spring/caishichang/")
            .text()
            .contains("安装了新的防滑扶手")
    );
}
