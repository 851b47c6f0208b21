//! One harness for every integration test: copy a fixture site to a temp dir, run the real
//! binary on it, and look at `public/`.
#![allow(dead_code)]

pub mod photos;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_shequ");

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

pub struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`, with the default theme unless it brings its own.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(&repo().join("tests/fixtures").join(name), &root);
        if !root.join("themes").exists() {
            copy_dir(&repo().join("themes"), &root.join("themes"));
        }
        Site { _dir: dir, root }
    }

    /// A copy of the bundled site (config.toml, content/, themes/).
    pub fn bundled() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::copy(repo().join("config.toml"), root.join("config.toml")).unwrap();
        copy_dir(&repo().join("content"), &root.join("content"));
        copy_dir(&repo().join("themes"), &root.join("themes"));
        Site { _dir: dir, root }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in("en", args)
    }

    /// [`Site::run`] with shequ speaking `lang` (`zh` or `en`).
    pub fn run_in(&self, lang: &str, args: &[&str]) -> Output {
        Command::new(BIN)
            .env("SHEQU_LANG", lang)
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .output()
            .unwrap()
    }

    /// Builds and asserts success.
    pub fn build(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.public().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Lists these areas in config.toml (`[areas."…"]`): once it lists any, a case's area
    /// must be one of them.
    pub fn declare_areas<S: AsRef<str>>(&self, names: impl IntoIterator<Item = S>) {
        let path = self.root.join("config.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        for name in names {
            let key: String = name
                .as_ref()
                .chars()
                .map(|c| match c {
                    '"' | '\\' => format!("\\{c}"),
                    c if c.is_control() => format!("\\u{:04X}", c as u32),
                    c => c.to_string(),
                })
                .collect();
            text.push_str(&format!("\n[areas.\"{key}\"]\n"));
        }
        std::fs::write(&path, text).unwrap();
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Every file under `public/` with its bytes, for byte-identical comparisons.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        snapshot(&self.public())
    }

    /// The dev server's own output directory (never public/).
    pub fn preview(&self) -> PathBuf {
        self.root.join(".shequ/serve")
    }

    /// What the dev server built last.
    pub fn preview_snapshot(&self) -> Vec<(String, Vec<u8>)> {
        snapshot(&self.preview())
    }

    pub fn read_preview(&self, rel: &str) -> String {
        std::fs::read_to_string(self.preview().join(rel)).unwrap()
    }

    /// Replaces the first `from` in the source file `rel` with `to`.
    #[allow(dead_code)]
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    /// The output of a clean `shequ build` of a copy of the site's sources (what a warm or
    /// served output must equal).
    #[allow(dead_code)]
    pub fn clean_build_of_copy(&self) -> Vec<(String, Vec<u8>)> {
        self.clean_build_of_copy_with(&[])
    }

    /// [`Site::clean_build_of_copy`] with more arguments for `shequ build`.
    #[allow(dead_code)]
    pub fn clean_build_of_copy_with(&self, args: &[&str]) -> Vec<(String, Vec<u8>)> {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("site");
        std::fs::create_dir_all(&copy).unwrap();
        std::fs::copy(self.root.join("config.toml"), copy.join("config.toml")).unwrap();
        for name in ["content", "themes", "templates", "static"] {
            if self.root.join(name).exists() {
                copy_dir(&self.root.join(name), &copy.join(name));
            }
        }
        let out = Command::new(BIN)
            .arg("--root")
            .arg(&copy)
            .arg("build")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "clean build failed: {}", stderr(&out));
        snapshot(&copy.join("public"))
    }
}

/// Asserts two snapshots hold the same files with the same bytes.
#[allow(dead_code)]
pub fn assert_same_files(what: &str, got: &[(String, Vec<u8>)], want: &[(String, Vec<u8>)]) {
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(got), names(want), "{what}: file lists differ");
    for ((name, a), (_, b)) in got.iter().zip(want) {
        assert!(a == b, "{what}: {name} differs from a clean build");
    }
}

pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != ".shequ-generation")
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Values of `href="…"` and `src="…"` attributes.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Every internal link of every HTML page that does not resolve to a file; links must
/// start with `base_path`.
pub fn broken_links(public: &Path, base_path: &str, host: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for e in walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().and_then(|x| x.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        let page = e.path().strip_prefix(public).unwrap().display().to_string();
        for link in links(&html) {
            let link = link
                .strip_prefix(host)
                .map(|l| format!("/{}", l.trim_start_matches('/')))
                .unwrap_or(link);
            if link.starts_with('#')
                || link.starts_with("http")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap();
            let Some(rel) = path.strip_prefix(base_path) else {
                broken.push(format!("{page}: {link} is outside {base_path}"));
                continue;
            };
            let target = public.join(rel);
            let ok = if rel.is_empty() || rel.ends_with('/') {
                target.join("index.html").is_file()
            } else {
                target.is_file()
            };
            if !ok {
                broken.push(format!("{page}: {link}"));
            }
        }
    }
    broken
}
