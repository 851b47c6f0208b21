//! config.toml values checked like front matter: a slug that is not a plain URL part or a
//! base_url links cannot be built from fails the build at its line and column, exit 1,
//! with public/ left as the last good build made it.

mod common;
use common::*;

/// Builds the fixture, applies `edit` to config.toml, builds again with `args`: the build
/// must fail with every `wanted` piece in stderr and leave public/ untouched.
fn refused(edit: impl Fn(&str) -> String, args: &[&str], wanted: &[&str]) {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write("config.toml", &edit(&config));
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit status, stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("refusing to write"), "{err}");
    for w in wanted {
        assert!(err.contains(w), "stderr lacks {w:?}:\n{err}");
    }
    assert_same_files("public/ after the refused build", &site.snapshot(), &before);
}

/// The fixture's `[areas."纺大"] slug = "fangda"` (config.toml line 10) set to `slug`.
fn area_slug(slug: &str) {
    let quoted = format!("{slug:?}");
    refused(
        |c| c.replace("slug = \"fangda\"", &format!("slug = {quoted}")),
        &[],
        &[
            &format!("error: slug {quoted} is not a readable URL part"),
            "--> config.toml:10:8",
            "in [areas.\"纺大\"]",
            "help: use lowercase English letters (a–z), digits and hyphens, e.g. slug = \"fangda\"",
        ],
    );
}

#[test]
fn area_slug_dot() {
    area_slug(".");
}

#[test]
fn area_slug_with_a_slash() {
    area_slug("a/b");
}

#[test]
fn area_slug_with_a_space_and_capitals() {
    area_slug("Fang Da");
}

#[test]
fn area_slug_hyphen() {
    area_slug("-");
}

#[test]
fn area_slug_leaving_the_output() {
    area_slug("../../evil");
}

#[test]
fn area_slug_empty() {
    area_slug("");
}

#[test]
fn force_and_governance_slugs_reported_together() {
    // The entries go after the fixture's last line, whatever its length.
    let lines = std::fs::read_to_string(repo().join("tests/fixtures/basic/config.toml"))
        .unwrap()
        .lines()
        .count();
    let (forces_slug, governance_slug) = (
        format!("--> config.toml:{}:8", lines + 4),
        format!("--> config.toml:{}:8", lines + 8),
    );
    refused(
        |c| {
            format!(
                "{c}\n[[forces]]\nname = \"社区\"\nslug = \"she qu\"\n\n[[governance]]\nname = \"自治\"\nslug = \"../zizhi\"\n"
            )
        },
        &[],
        &[
            "error: slug \"she qu\" is not a readable URL part",
            &forces_slug,
            "in a [[forces]] entry",
            "error: slug \"../zizhi\" is not a readable URL part",
            &governance_slug,
            "in a [[governance]] entry",
            "e.g. slug = \"zizhi\"",
        ],
    );
}

fn base_url(url: &str, says: &str) {
    refused(
        |c| c.replace("https://example.org/", url),
        &[],
        &[
            &format!("error: base_url {url:?} {says}"),
            "--> config.toml:3:12",
            "help: write the address of the site's home page, e.g. https://example.org/",
        ],
    );
}

#[test]
fn base_url_with_a_query() {
    base_url("https://example.org/?x=1", "has a query");
}

#[test]
fn base_url_with_a_fragment() {
    base_url("https://example.org/#frag", "has a fragment");
}

#[test]
fn base_url_with_a_space() {
    base_url("https://example.org/my archive/", "contains a space");
}

#[test]
fn base_url_ftp() {
    base_url("ftp://example.org/", "is not an absolute URL");
}

#[test]
fn base_url_option_with_a_query() {
    refused(
        |c| c.to_string(),
        &["--base-url", "https://staging.example.org/?preview=1"],
        &[
            "error: the --base-url option \"https://staging.example.org/?preview=1\" has a query",
            "help: write the address of the site's home page",
        ],
    );
}
