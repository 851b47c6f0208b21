//! The preview's pages name the preview: `shequ serve` builds with its own address in place
//! of the scheme, host and port of config.toml's base_url (its path kept), so the canonical
//! link, the feed and share cards of a previewed page lead back to the preview — and the
//! published address in config.toml is never replaced by a local one.

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;

#[test]
fn served_pages_carry_the_served_address_with_the_configured_path() {
    let site = Site::fixture("basic");
    site.edit(
        "config.toml",
        "base_url = \"https://example.org/\"",
        "base_url = \"https://tianshan.example.org/archive/\"",
    );
    let server = Server::start(&site, &[]);
    assert!(server.url.ends_with("/archive/"), "{}", server.url);
    let page = server.get("/archive/2024-spring/caishichang/");
    assert_eq!(page.status, 200);
    let want = format!(
        "<link rel=\"canonical\" href=\"http://{}/archive/2024-spring/caishichang/\">",
        server.addr
    );
    assert!(page.text().contains(&want), "{}", page.text());
    assert!(!page.text().contains("tianshan.example.org"));
    let feed = server.get("/archive/atom.xml").text();
    assert!(
        feed.contains(&format!("http://{}/archive/", server.addr)),
        "{feed}"
    );
    assert!(!feed.contains("tianshan.example.org"));

    // A build for publishing still uses config.toml's address, and says nothing about it.
    let out = site.build(&[]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(
        site.read("2024-spring/caishichang/index.html")
            .contains("href=\"https://tianshan.example.org/archive/2024-spring/caishichang/\"")
    );
}
