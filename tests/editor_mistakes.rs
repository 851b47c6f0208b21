//! The editor's everyday mistakes, one row each: what she wrote, what `shequ build` says,
//! and where it points. Each row names a mistake the build used to let through silently.

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;

/// One mistake: files written over the `basic` fixture (which lists the areas 纺大, 延西 and 紫云).
struct Mistake {
    what: &'static str,
    files: &'static [(&'static str, &'static str)],
    /// An error stops the build; a warning does not.
    error: bool,
    /// Substrings of the message and its help, in order.
    says: &'static [&'static str],
    /// Where the message points: `file:line:col`, or the file alone.
    at: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        what: "a photo's area misspelled in a case",
        files: &[(
            "content/2024-spring/m.md",
            "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\n\n[[figures]]\ncaption = \"扶手\"\narea = \"延西小区\"\n+++\n",
        )],
        error: true,
        says: &["the area \"延西小区\" is not one", "did you mean \"延西\"?"],
        at: "content/2024-spring/m.md:8:8",
    },
    Mistake {
        what: "a photo's area misspelled in an issue",
        files: &[(
            "content/2024-spring/_index.md",
            "+++\ntitle = \"2024年春季刊\"\ndate = \"2024-03\"\n\n[[figures]]\ncaption = \"合影\"\narea = \"纺大居民区\"\n+++\n",
        )],
        error: true,
        says: &[
            "the area \"纺大居民区\" is not one",
            "did you mean \"纺大\"?",
        ],
        at: "content/2024-spring/_index.md:7:8",
    },
    Mistake {
        what: "an area with 居民区 after its name",
        files: &[(
            "content/2024-spring/m.md",
            "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大居民区\"\n+++\n",
        )],
        error: true,
        says: &[
            "the area \"纺大居民区\" is not one of the areas listed in config.toml",
            "did you mean \"纺大\"?",
            "add [areas.\"纺大居民区\"] to config.toml",
        ],
        at: "content/2024-spring/m.md:4:8",
    },
    Mistake {
        what: "an area with 小区 after its name",
        files: &[(
            "content/2024-spring/m.md",
            "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"延西小区\"\n+++\n",
        )],
        error: true,
        says: &["the area \"延西小区\" is not one", "did you mean \"延西\"?"],
        at: "content/2024-spring/m.md:4:8",
    },
    Mistake {
        what: "an area typed with a homophone",
        files: &[(
            "content/2024-spring/m.md",
            "+++\ntitle = \"x\"\ndate = \"2024\"\n  area   =  \"纺达\"\n+++\n",
        )],
        error: true,
        says: &["the area \"纺达\" is not one", "did you mean \"纺大\"?"],
        at: "content/2024-spring/m.md:4:13",
    },
    Mistake {
        what: "an area that is not listed and resembles none",
        files: &[(
            "content/2024-spring/m.md",
            "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"天山路\"\n+++\n",
        )],
        error: true,
        says: &[
            "the area \"天山路\" is not one",
            "the areas are 纺大, 延西, 紫云; to add a new area, add [areas.\"天山路\"] to config.toml",
        ],
        at: "content/2024-spring/m.md:4:8",
    },
    Mistake {
        what: "a case in a bundle directory with an unlisted area",
        files: &[(
            "content/2024-spring/b/index.md",
            "+++\ntitle = \"x\"\ndate = \"2024\"\nforces = [\"社区\"]\narea = \"纺大社区\"\n+++\n",
        )],
        error: true,
        says: &["the area \"纺大社区\" is not one", "did you mean \"纺大\"?"],
        at: "content/2024-spring/b/index.md:5:8",
    },
    Mistake {
        what: "base_url left at the preview's address",
        files: &[(
            "config.toml",
            "title = \"测试社区档案\"\nbase_url = \"http://127.0.0.1:1111/\"\n\n[areas.\"纺大\"]\norder = 1\n[areas.\"延西\"]\norder = 2\n[areas.\"紫云\"]\n",
        )],
        error: false,
        says: &[
            "base_url \"http://127.0.0.1:1111/\" points at this computer",
            "set base_url to the address readers use, or pass --base-url",
        ],
        at: "config.toml:2:12",
    },
    Mistake {
        what: "base_url at localhost",
        files: &[(
            "config.toml",
            "title = \"测试社区档案\"\n\nbase_url = \"http://localhost/archive/\"\n[areas.\"纺大\"]\n[areas.\"延西\"]\n[areas.\"紫云\"]\n",
        )],
        error: false,
        says: &["base_url \"http://localhost/archive/\" points at this computer"],
        at: "config.toml:3:12",
    },
    Mistake {
        what: "a case saved as .md.txt",
        files: &[(
            "content/2024-spring/yanxi.md.txt",
            "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"延西\"\n+++\n",
        )],
        error: false,
        says: &[
            "\"yanxi.md.txt\" looks like a case, but only files ending in .md are read",
            "rename it to yanxi.md",
        ],
        at: "content/2024-spring/yanxi.md.txt\n",
    },
    Mistake {
        what: "a case saved as .markdown",
        files: &[("content/2024-spring/dianti/notes.markdown", "正文\n")],
        error: false,
        says: &[
            "\"notes.markdown\" looks like a case",
            "rename it to notes.md",
        ],
        at: "content/2024-spring/dianti/notes.markdown\n",
    },
    Mistake {
        what: "a case saved with a capital .MD",
        files: &[("content/2024-spring/Fangda.MD", "正文\n")],
        error: false,
        says: &["\"Fangda.MD\" looks like a case", "rename it to Fangda.md"],
        at: "content/2024-spring/Fangda.MD\n",
    },
];

#[test]
fn each_mistake_is_reported_where_it_is() {
    for m in MISTAKES {
        let site = Site::fixture("basic");
        for (rel, text) in m.files {
            site.write(rel, text);
        }
        let out = site.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(
            out.status.success(),
            !m.error,
            "{}: exit status {:?}\n{err}",
            m.what,
            out.status
        );
        let Some(start) = err.find(m.says[0]) else {
            panic!("{}: no {:?} in\n{err}", m.what, m.says[0]);
        };
        let kind = if m.error { "error: " } else { "warning: " };
        assert!(
            err[..start].ends_with(kind),
            "{}: not {kind:?}\n{err}",
            m.what
        );
        // The message's own block: up to the next blank line.
        let block = err[start..].split("\n\n").next().unwrap_or_default();
        assert!(
            block.contains(&format!("--> {}", m.at))
                || block.ends_with(&format!("--> {}", m.at.trim_end())),
            "{}: not at {:?}:\n{block}",
            m.what,
            m.at
        );
        let mut rest = block;
        for needle in m.says {
            let Some(i) = rest.find(needle) else {
                panic!("{}: no {needle:?} (in order) in\n{block}", m.what);
            };
            rest = &rest[i + needle.len()..];
        }
    }
}

/// `shequ new --area` is checked as the build checks it, and writes nothing when it is wrong.
#[test]
fn new_refuses_an_unlisted_area_and_writes_nothing() {
    let site = Site::fixture("basic");
    let before = snapshot(&site.root);
    let out = site.run(&["new", "2025-winter/a", "--area", "纺大居民区"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for needle in [
        "the area \"纺大居民区\" is not one of the areas listed in config.toml",
        "did you mean \"纺大\"?",
    ] {
        assert!(err.contains(needle), "no {needle:?} in\n{err}");
    }
    assert_same_files("new with a wrong area", &snapshot(&site.root), &before);
}

/// A scaffolded case never breaks the build, and stays unpublished until she removes
/// `draft = true`.
#[test]
fn new_then_build_succeeds_and_publishes_nothing_new() {
    let site = Site::fixture("basic");
    let out = site.run(&["new", "x/y", "--area", "纺大"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.root.join("content/x/y.md")).unwrap();
    assert!(text.contains("\ntitle = \"y\"\n"), "{text}");
    assert!(text.contains("\ndraft = true"), "{text}");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.exists("x/y/index.html"), "the draft is not published");
    assert!(
        !site.read("sitemap.xml").contains("/x/y/"),
        "nor listed in the sitemap"
    );
    let out = site.run(&["new", "x/z", "--area", "延西", "--title", "加装电梯"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.root.join("content/x/z.md")).unwrap();
    assert!(text.contains("\ntitle = \"加装电梯\"\n"), "{text}");
}

/// A preview is local by nature: `serve` builds for 127.0.0.1 without the deploy warning.
#[test]
fn serve_does_not_warn_of_its_own_address() {
    let site = Site::fixture("basic");
    let mut server = serve_helpers::Server::start_with(&site, &[], &[]);
    server.wait_stdout(|l| l.starts_with("serving "));
    assert!(
        !server
            .stderr
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("points at this computer")),
        "{:?}",
        server.stderr.lock().unwrap()
    );
}

#[test]
fn an_unlisted_area_does_not_hide_the_other_mistakes_of_the_build() {
    let site = Site::fixture("basic");
    site.write(
        "content/2024-spring/m.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大居民区\"\n+++\n\n![扶手](fushou.jpg)\n\n[延西的案例](yanxi-nope.md)\n",
    );
    site.write(
        "content/2024-spring/n.md",
        "+++\ntitle = \"y\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n\n见[另一个案例](m.md)。\n",
    );
    let before = site.snapshot();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for (what, at) in [
        (
            "the area \"纺大居民区\" is not one",
            "content/2024-spring/m.md:4:8",
        ),
        ("fushou.jpg", "content/2024-spring/m.md:7:"),
        ("yanxi-nope.md", "content/2024-spring/m.md:9:"),
    ] {
        let i = err
            .find(what)
            .unwrap_or_else(|| panic!("no {what:?} in:\n{err}"));
        assert!(err[i..].contains(at), "{what} not at {at}:\n{err}");
    }
    // The link to the case with the unlisted area is fine: that case exists.
    assert!(!err.contains("content/2024-spring/n.md"), "{err}");
    assert!(err.contains("3 error"), "{err}");
    assert_eq!(site.snapshot(), before, "nothing was written");
}
