//! `shequ serve --poll`: for folders where the system sends no change notices (network
//! shares, WSL's Windows drives, some containers), the files are looked at every so often.
//! Here the notices exist, but the poll watcher alone must see a save and a new file, and
//! ignore an editor's backup.

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;

const CASE: &str = "content/2024-spring/caishichang.md";
const CASE_URL: &str = "/2024-spring/caishichang/";

#[test]
fn poll_sees_saves_and_new_files_and_implies_watch() {
    let site = Site::fixture("basic");
    // No --watch: --poll turns watching on by itself.
    let mut server = Server::start(&site, &["--poll", "100"]);
    assert!(server.get(CASE_URL).text().contains("/__shequ/live.js"));
    let events = server.events();
    // The line saying what is watched comes once the start-up builds are done.
    server.wait_stdout(|l| l.contains("config.toml"));

    site.edit(CASE, "安装了防滑扶手", "安装了新的防滑扶手");
    let ev = events.next();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert!(server.get(CASE_URL).text().contains("安装了新的防滑扶手"));

    // A backup beside the case is no change.
    site.write("content/2024-spring/caishichang.md.bck", "old text");
    let text = std::fs::read_to_string(site.root.join(CASE)).unwrap();
    let copy = CASE.replace("caishichang.md", "caishichang2.md");
    site.write(
        &copy,
        &text.replace("纺大：菜市场扶手", "纺大：菜市场扶手（二）"),
    );
    let ev = events.next();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert!(!ev.data.contains(".bck"), "{ev:?}");
    assert_eq!(server.get("/2024-spring/caishichang2/").status, 200);

    assert!(
        !site
            .preview()
            .join("2024-spring/caishichang.md.bck")
            .exists()
    );
}

#[test]
fn poll_interval_out_of_range_is_refused() {
    let site = Site::fixture("basic");
    let out = site.run(&["serve", "--poll", "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("“5” is not a valid value for --poll"),
        "{}",
        stderr(&out)
    );
}
