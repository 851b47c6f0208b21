//! `public/` is always exactly the site, whatever else touches the disk: directories shequ
//! did not write are refused, links are never written through, one writer at a time, the
//! preview never shares the build's output, foreign changes to either generation are undone
//! by the next build, write failures leave everything as it was, collisions name both sides.
//!
//! "Item N" in a test's doc is the numbered failure of the output-integrity issue it guards.

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const CASE: &str = "content/2024-spring/caishichang.md";

fn fail(site: &Site, args: &[&str]) -> String {
    let out = site.run(args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?} should fail:\n{}",
        stderr(&out)
    );
    stderr(&out)
}

fn stage_of(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!(".{name}.shequ-prev"))
}

/// Every entry under `dir`, hidden ones too, without following links: files with their
/// bytes, links as `-> target`, directories as `/`.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let ft = e.file_type();
            let body = if ft.is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display()).into_bytes()
            } else if ft.is_dir() {
                b"/".to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, body)
        })
        .collect();
    v.sort();
    v
}

/// What a link planted in the output points at: a file and a folder outside the site, which
/// must never be written.
struct Bait {
    _dir: tempfile::TempDir,
    victim: PathBuf,
    outside: PathBuf,
}

impl Bait {
    fn new() -> Bait {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.html");
        std::fs::write(&victim, "precious").unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "keep").unwrap();
        Bait {
            _dir: dir,
            victim,
            outside,
        }
    }
}

fn links_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_symlink())
        .map(|e| e.into_path())
        .collect()
}

/// (Item 1.) A directory holding someone's web site is refused, and nothing in it or beside it is
/// moved, changed or deleted; an empty directory is fine, and is shequ's from then on.
#[test]
fn an_existing_web_directory_is_refused_and_left_as_it_was() {
    let site = Site::fixture("basic");
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    std::fs::create_dir_all(www.join("photos")).unwrap();
    std::fs::write(www.join("index.html"), "<h1>our old site</h1>").unwrap();
    std::fs::write(www.join("notes.txt"), "notes").unwrap();
    std::fs::write(www.join("photos/a.jpg"), "jpeg").unwrap();
    let before = tree(dir.path());
    let www_before = tree(&www);
    let www_arg = www.to_string_lossy().into_owned();
    for _ in 0..2 {
        let err = fail(&site, &["build", "--output", &www_arg]);
        assert!(
            err.contains("already holds files that shequ did not write")
                && err.contains("move those files elsewhere"),
            "{err}"
        );
        assert_eq!(
            tree(dir.path()),
            before,
            "nothing moved, written or deleted"
        );
    }
    // An empty directory becomes shequ's, and later builds keep using it.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let empty_arg = empty.to_string_lossy().into_owned();
    site.build(&["--output", &empty_arg]);
    site.build(&["--output", &empty_arg]);
    assert!(empty.join("index.html").is_file());
    assert_eq!(
        tree(&www),
        www_before,
        "the refused directory is still as it was"
    );
}

/// (Item 10.) `--output` naming a file, the current directory, or anything holding the site is
/// refused before anything is written.
#[test]
fn outputs_that_are_files_or_the_current_directory_are_refused_up_front() {
    let site = Site::fixture("basic");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.txt");
    std::fs::write(&file, "mine").unwrap();
    let err = fail(&site, &["build", "--output", &file.to_string_lossy()]);
    assert!(err.contains("it is a file, not a directory"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    // `--output .` from some other directory.
    let cwd = dir.path().join("work");
    std::fs::create_dir_all(&cwd).unwrap();
    let before = tree(dir.path());
    let out = Command::new(BIN)
        .env("SHEQU_LANG", "en")
        .current_dir(&cwd)
        .arg("--root")
        .arg(&site.root)
        .args(["build", "--output", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("it is the current directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(dir.path()), before, "nothing written anywhere");
    // System directories.
    for sys in ["/etc", "/usr/local/share/site", "/var/lib/site", "/tmp"] {
        let err = fail(&site, &["build", "--output", sys]);
        assert!(err.contains("refusing to use"), "{sys}: {err}");
    }
}

/// (Item 2.) An output that is a symbolic link: the target is written, the link stays; a link to
/// nothing is refused.
#[test]
fn a_linked_output_is_followed_and_the_link_stays() {
    let site = Site::fixture("basic");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("var-www/site");
    std::fs::create_dir_all(&target).unwrap();
    symlink(&target, site.public()).unwrap();
    site.build(&[]);
    site.edit(CASE, "防滑扶手", "防滑扶手和坡道");
    site.build(&[]);
    assert!(
        std::fs::symlink_metadata(site.public())
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_same_files(
        "the link's target",
        &snapshot(&target),
        &site.clean_build_of_copy(),
    );
    assert!(!site.root.join(".public.shequ-prev").exists());
    assert!(
        stage_of(&target).is_dir(),
        "the kept generation is beside the target"
    );
    // A link to nothing.
    let dangling = site.root.join("out-link");
    symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let err = fail(&site, &["build", "--output", &dangling.to_string_lossy()]);
    assert!(err.contains("which does not exist"), "{err}");
    assert!(!dir.path().join("nowhere").exists());
}

/// (Item 2, 8.) Links planted in public/ or in the kept generation — for a file, for a folder —
/// are never written through: what they point at stays as it was, and they are gone after
/// the next builds.
#[test]
fn links_planted_in_either_generation_are_never_written_through() {
    let site = Site::fixture("basic");
    let bait = Bait::new();
    let (victim, outside) = (&bait.victim, &bait.outside);
    site.build(&[]);
    site.build(&[]);
    let public = site.public();
    let stage = stage_of(&public);
    std::fs::remove_file(public.join("index.html")).unwrap();
    symlink(victim, public.join("index.html")).unwrap();
    std::fs::remove_file(stage.join("robots.txt")).unwrap();
    symlink(victim, stage.join("robots.txt")).unwrap();
    std::fs::remove_dir_all(stage.join("2024-spring")).unwrap();
    symlink(outside, stage.join("2024-spring")).unwrap();
    let outside_before = tree(outside);
    for round in 0..3 {
        site.edit(CASE, "防滑扶手", &format!("防滑扶手{round}"));
        site.build(&[]);
        assert_eq!(std::fs::read_to_string(victim).unwrap(), "precious");
        assert_eq!(tree(outside), outside_before, "round {round}");
        assert_same_files("public", &site.snapshot(), &site.clean_build_of_copy());
    }
    assert!(links_under(&public).is_empty() && links_under(&stage).is_empty());
}

/// (Item 5.) A file edited, deleted or added by hand in public/ does not come back.
#[test]
fn hand_changes_to_public_are_undone_by_every_next_build() {
    let site = Site::fixture("basic");
    site.build(&[]);
    site.build(&[]);
    let public = site.public();
    std::fs::write(public.join("index.html"), "hacked").unwrap();
    std::fs::remove_file(public.join("areas/index.html")).unwrap();
    std::fs::write(public.join("extra.txt"), "extra").unwrap();
    std::fs::create_dir_all(public.join("extra-dir")).unwrap();
    std::fs::write(public.join("extra-dir/x.html"), "x").unwrap();
    let clean = site.clean_build_of_copy();
    for round in 0..4 {
        let out = site.build(&[]);
        assert_same_files(&format!("round {round}"), &site.snapshot(), &clean);
        if round == 0 {
            assert!(String::from_utf8_lossy(&out.stdout).contains("written"));
        }
    }
}

/// (Item 3, 4.) Three builds at once and a running preview, edits between rounds: every build
/// ends 0 (or, with --no-wait, with the lock message), and public/ is a clean build after
/// every round; the preview converges to a clean build of its own.
#[test]
fn three_builds_and_a_preview_on_one_root_never_corrupt_public() {
    let site = Site::fixture("basic");
    site.declare_areas((0..7).map(|i| format!("片区{i}")));
    for i in 0..60 {
        site.write(
            &format!("content/2024-spring/gen{i:02}.md"),
            &format!(
                "+++\ntitle = \"生成 {i}\"\ndate = \"2024-0{}\"\narea = \"片区{}\"\nforces = [\"社区\"]\n+++\n正文 {i}。\n",
                i % 9 + 1,
                i % 7
            ),
        );
    }
    let mut server = Server::start(&site, &["--watch", "--drafts"]);
    let spawn = |extra: &[&str]| {
        Command::new(BIN)
            .env("SHEQU_LANG", "en")
            .arg("--root")
            .arg(&site.root)
            .arg("build")
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut lock_messages = 0;
    let mut text = "防滑扶手".to_string();
    for round in 0..10 {
        let next = format!("扶手{round}");
        site.edit(CASE, &text, &next);
        text = next;
        if round % 3 == 1 {
            site.write(
                &format!("content/2024-spring/r{round}.md"),
                &format!("+++\ntitle = \"第{round}轮\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n第{round}轮。\n"),
            );
        }
        let children = [spawn(&[]), spawn(&[]), spawn(&["--no-wait"])];
        let outs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        for (i, o) in outs.iter().enumerate() {
            if o.status.success() {
                continue;
            }
            assert!(
                i == 2 && stderr(o).contains("is writing") && o.status.code() == Some(1),
                "round {round}, build {i}: {}",
                stderr(o)
            );
            lock_messages += 1;
        }
        assert_same_files(
            &format!("round {round}"),
            &site.snapshot(),
            &site.clean_build_of_copy(),
        );
        let drafts = walkdir::WalkDir::new(site.public())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .any(|e| {
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).contains("草稿案例")
            });
        assert!(
            !drafts,
            "round {round}: the preview's drafts reached public/"
        );
    }
    eprintln!("--no-wait builds that met a running build: {lock_messages} of 10");
    // The preview has its drafts, and catches up with the last edit.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !server
        .get("/2024-spring/caishichang/")
        .text()
        .contains("扶手9")
    {
        assert!(Instant::now() < deadline, "the preview never caught up");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        server
            .get("/2024-spring/draft-case/")
            .text()
            .contains("草稿案例")
    );
    let _ = server.wait_stdout(|_| true);
}

/// (Item 3.) Two different sites building into one output at the same time: the output is always
/// wholly one of them, never a mix.
#[test]
fn two_sites_into_one_output_never_mix() {
    let a = Site::fixture("basic");
    let b = Site::bundled();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out_arg = out.to_string_lossy().into_owned();
    let clean_a = a.clean_build_of_copy();
    let clean_b = b.clean_build_of_copy();
    let spawn = |site: &Site| {
        Command::new(BIN)
            .env("SHEQU_LANG", "en")
            .arg("--root")
            .arg(&site.root)
            .args(["build", "--output", &out_arg])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for round in 0..5 {
        let (ca, cb) = (spawn(&a), spawn(&b));
        for c in [ca, cb] {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
        }
        let got = snapshot(&out);
        assert!(
            got == clean_a || got == clean_b,
            "round {round}: the output is a mix of both sites"
        );
    }
}

/// One writer at a time: a build that finds the output locked waits (saying who holds it)
/// or, with --no-wait, stops at once; the lock goes with its holder.
#[test]
fn a_locked_output_is_waited_for_or_refused_with_the_holders_pid() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let lock_path = site.root.join(".public.shequ-lock");
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&lock_path)
        .unwrap();
    lock.lock().unwrap();
    std::fs::write(&lock_path, "424242\n").unwrap();
    let before = tree(&site.root);
    let err = fail(&site, &["build", "--no-wait"]);
    assert!(
        err.contains("another shequ (pid 424242) is writing") && err.contains("--no-wait"),
        "{err}"
    );
    assert_eq!(tree(&site.root), before, "nothing touched");
    let mut waiting = Command::new(BIN)
        .env("SHEQU_LANG", "en")
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read what it says while it waits; release the lock once it has said so.
    let mut pipe = waiting.stderr.take().unwrap();
    let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let said = said.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = std::io::Read::read(&mut pipe, &mut buf) {
                if n == 0 {
                    break;
                }
                said.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let text = || String::from_utf8_lossy(&said.lock().unwrap()).into_owned();
    while !text().contains("waiting: another shequ (pid 424242) is writing") {
        assert!(Instant::now() < deadline, "never said it waits: {}", text());
        assert!(
            waiting.try_wait().unwrap().is_none(),
            "it did not wait: {}",
            text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "it goes on only when the lock is free"
    );
    drop(lock);
    let status = waiting.wait().unwrap();
    reader.join().unwrap();
    assert!(status.success(), "{}", text());
}

/// (Item 4.) The preview writes only its own directory, and a second preview of one site is
/// refused clearly.
#[test]
fn the_preview_never_writes_public_and_runs_once_per_site() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--drafts"]);
    assert!(
        server
            .get("/2024-spring/draft-case/")
            .text()
            .contains("草稿案例")
    );
    assert!(!site.public().exists() && !site.root.join(".public.shequ-prev").exists());
    assert!(site.preview().join("index.html").is_file());
    let second = Command::new(BIN)
        .env("SHEQU_LANG", "en")
        .arg("--root")
        .arg(&site.root)
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).contains("already previewing this site"),
        "{}",
        stderr(&second)
    );
    site.build(&[]);
    assert_same_files("public", &site.snapshot(), &site.clean_build_of_copy());
    drop(server);
}

/// (Item 10.) A write failure (here a file-size limit, as a full disk would) gives one message,
/// says nothing was written, leaves public/ as it was and removes what it wrote into the
/// kept generation; the next build succeeds.
#[test]
fn a_write_failure_is_one_message_and_leaves_everything_as_it_was() {
    use std::os::unix::process::CommandExt;
    let site = Site::fixture("basic");
    for i in 0..40 {
        site.write(
            &format!("content/2024-spring/big{i:02}.md"),
            &format!(
                "+++\ntitle = \"大 {i}\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n{}\n",
                "很长的正文。".repeat(600)
            ),
        );
    }
    site.build(&[]);
    site.build(&[]);
    let before = site.snapshot();
    let stage = stage_of(&site.public());
    let stage_before = tree(&stage);
    site.edit(CASE, "防滑扶手", "防滑扶手（新）");
    for i in 0..40 {
        site.edit(
            &format!("content/2024-spring/big{i:02}.md"),
            "很长的正文。",
            "改过的正文。",
        );
    }
    let mut cmd = Command::new(BIN);
    cmd.env("SHEQU_LANG", "en");
    cmd.arg("--root").arg(&site.root).arg("build");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 8 * 1024,
                rlim_max: 8 * 1024,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("cannot write").count(),
        1,
        "one message:\n{err}"
    );
    assert!(
        err.contains("1 error(s)") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(site.snapshot(), before, "public/ as it was");
    // Nothing this build wrote is left in the kept generation (it is marked incomplete).
    let left: Vec<String> = tree(&stage)
        .into_iter()
        .filter(|(n, b)| {
            n != ".shequ-generation" && !stage_before.contains(&(n.clone(), b.clone()))
        })
        .map(|(n, _)| n)
        .collect();
    assert!(left.is_empty(), "written and left behind: {left:?}");
    site.build(&[]);
    assert_same_files("after", &site.snapshot(), &site.clean_build_of_copy());
}

/// (Item 10.) A file of the site whose output path is a page's, or a folder of pages: the error
/// names both.
#[test]
fn collisions_name_both_sources() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "static/index.html",
            "<p>mine</p>",
            &["static/index.html", "the page shequ makes at /index.html"],
        ),
        (
            "static/wushe",
            "a file",
            &[
                "static/wushe",
                "the page shequ makes at /wushe/",
                "a folder holding",
            ],
        ),
        (
            "content/2024-spring/caishichang",
            "a file without extension",
            &[
                "content/2024-spring/caishichang",
                "/2024-spring/caishichang/index.html",
            ],
        ),
        (
            "static/robots.txt",
            "User-agent: *",
            &["static/robots.txt", "shequ's own file /robots.txt"],
        ),
    ];
    for (path, body, needles) in cases {
        let site = Site::fixture("basic");
        site.build(&[]);
        let before = site.snapshot();
        site.write(path, body);
        let err = fail(&site, &["build"]);
        for n in *needles {
            assert!(err.contains(n), "{path}: expected {n:?} in:\n{err}");
        }
        assert!(
            !err.contains("os error"),
            "{path}: not an I/O error:\n{err}"
        );
        assert_eq!(site.snapshot(), before, "{path}: public/ as it was");
    }
}

/// A small deterministic generator (xorshift), so that a failing sequence can be replayed
/// from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn entries(dir: &Path, dirs: bool) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            if dirs {
                e.file_type().is_dir()
            } else {
                e.file_type().is_file() && e.file_name() != ".shequ-generation"
            }
        })
        .map(|e| e.into_path())
        .collect()
}

/// One foreign change to `dir` (public/ or the kept generation); what it did, for the
/// failure message.
fn foreign_change(rng: &mut Rng, dir: &Path, victim: &Path, outside: &Path) -> String {
    let files = entries(dir, false);
    let dirs = entries(dir, true);
    if files.is_empty() {
        return "nothing to change".into();
    }
    let f = &files[rng.below(files.len())];
    let name = f.strip_prefix(dir).unwrap().display().to_string();
    match rng.below(8) {
        0 => {
            let mut bytes = std::fs::read(f).unwrap();
            bytes.extend_from_slice(b"<!-- edited -->");
            std::fs::write(f, bytes).unwrap();
            format!("appended to {name}")
        }
        1 => {
            // Same length, other bytes: only the stamp can tell.
            let mut bytes = std::fs::read(f).unwrap();
            if let Some(b) = bytes.first_mut() {
                *b = if *b == b'X' { b'Y' } else { b'X' };
            }
            std::fs::write(f, bytes).unwrap();
            format!("changed a byte of {name}")
        }
        2 => {
            std::fs::OpenOptions::new()
                .write(true)
                .open(f)
                .unwrap()
                .set_len(0)
                .unwrap();
            format!("truncated {name}")
        }
        3 => {
            std::fs::remove_file(f).unwrap();
            format!("deleted {name}")
        }
        4 => {
            let d = if dirs.is_empty() {
                dir.to_path_buf()
            } else {
                dirs[rng.below(dirs.len())].clone()
            };
            let p = d.join(format!("added-{}.html", rng.below(1000)));
            std::fs::write(&p, "added").unwrap();
            format!("added {}", p.strip_prefix(dir).unwrap().display())
        }
        5 => {
            std::fs::remove_file(f).unwrap();
            symlink(victim, f).unwrap();
            format!("replaced {name} by a link")
        }
        6 if !dirs.is_empty() => {
            let d = &dirs[rng.below(dirs.len())];
            std::fs::remove_dir_all(d).unwrap();
            symlink(outside, d).unwrap();
            format!(
                "replaced the folder {} by a link",
                d.strip_prefix(dir).unwrap().display()
            )
        }
        _ => {
            let d = dir.join(format!("new-dir-{}", rng.below(1000)));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("index.html"), "new").unwrap();
            format!(
                "added the folder {}",
                d.strip_prefix(dir).unwrap().display()
            )
        }
    }
}

/// Random sequences of foreign changes to public/ and the kept generation (edit, same-size
/// edit, truncate, delete, add, replace a file or a folder by a link), each followed by a
/// build, sometimes with a source edit: public/ always equals a clean build, and nothing a
/// link points at is touched.
#[test]
fn foreign_changes_to_either_generation_always_end_in_a_clean_build() {
    let site = Site::fixture("basic");
    let bait = Bait::new();
    let (victim, outside) = (&bait.victim, &bait.outside);
    site.build(&[]);
    site.build(&[]);
    let public = site.public();
    let stage = stage_of(&public);
    let mut clean = site.clean_build_of_copy();
    let seeds: Vec<u64> = match std::env::var("SHEQU_TEST_SEED") {
        Ok(s) => vec![s.parse().unwrap()],
        Err(_) => (1..=8)
            .map(|i| 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i))
            .collect(),
    };
    let mut source_edits = 0;
    for seed in seeds {
        let mut rng = Rng(seed);
        let mut log = Vec::new();
        for step in 0..6 {
            for _ in 0..=rng.below(3) {
                let target = if rng.below(2) == 0 { &public } else { &stage };
                log.push(foreign_change(&mut rng, target, victim, outside));
            }
            if rng.below(3) == 0 {
                source_edits += 1;
                site.edit(CASE, "防滑扶手", &format!("防滑扶手{source_edits}"));
                clean = site.clean_build_of_copy();
                log.push("edited a case".into());
            }
            site.build(&[]);
            let got = site.snapshot();
            if got != clean {
                panic!(
                    "seed {seed} step {step}: public/ differs from a clean build after:\n  {}\n(replay with SHEQU_TEST_SEED={seed})",
                    log.join("\n  ")
                );
            }
            assert_eq!(
                std::fs::read_to_string(victim).unwrap(),
                "precious",
                "seed {seed}"
            );
            assert_eq!(
                tree(outside),
                vec![("keep.txt".to_string(), b"keep".to_vec())],
                "seed {seed}: {log:?}"
            );
            assert!(links_under(&public).is_empty(), "seed {seed}: {log:?}");
        }
    }
}
