//! `shequ serve --watch` on fixture sites: live reload after edits, errors over the last good
//! site, renames and deletions, stylesheet swaps, editors' save patterns, and the HTTP
//! server's hardening (traversal, long URLs, HEAD, Range, many clients).

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;

const CASE: &str = "content/2024-spring/caishichang.md";
const CASE_URL: &str = "/2024-spring/caishichang/";

/// A clean `shequ build` of a copy of the site's sources for the server's address,
/// compared with what the server left in its preview directory (and public/ never written
/// by it).
fn assert_public_equals_clean_build(site: &Site, server: &Server) {
    assert_same_files(
        "served",
        &site.preview_snapshot(),
        &site.clean_build_of_copy_with(&["--base-url", &server.url]),
    );
    assert!(!site.public().exists(), "the preview never writes public/");
}

#[test]
fn edit_break_fix_rename_delete() {
    let site = Site::fixture("basic");
    let mut server = Server::start(&site, &["--watch"]);
    let page = server.get(CASE_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("纺大：菜市场扶手"));
    assert!(
        page.text().contains("/__shequ/live.js"),
        "the live-reload script is injected"
    );
    assert!(
        !site
            .read_preview("2024-spring/caishichang/index.html")
            .contains("__shequ"),
        "never in the built files"
    );
    let events = server.events();
    assert!(
        events.hello.data.contains("\"ok\":true"),
        "{:?}",
        events.hello
    );

    // Edit a case: one reload, the new text served.
    site.edit(CASE, "安装了防滑扶手", "安装了新的防滑扶手");
    let ev = events.next();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert!(ev.data.contains(CASE), "{ev:?}");
    assert!(server.get(CASE_URL).text().contains("安装了新的防滑扶手"));
    server.wait_stdout(|l| l.starts_with("rebuilt: ") && l.contains(CASE) && l.contains(" ms"));

    // Break the front matter: an error event with file and line, the old page still served.
    site.edit(CASE, "forces = [\"社区\"", "forces = [\"社区志愿军\"");
    let ev = events.next();
    assert_eq!(ev.name, "build-error", "{ev:?}");
    let err: serde_json::Value = serde_json::from_str(&ev.data).unwrap();
    let first = &err["errors"][0];
    assert_eq!(first["file"], CASE, "{ev:?}");
    assert_eq!(first["line"], 5, "{ev:?}");
    assert!(first["message"].as_str().unwrap().contains("社区志愿军"));
    assert!(first["help"].as_str().unwrap().contains("社区志愿者"));
    let old = server.get(CASE_URL);
    assert_eq!(old.status, 200);
    assert!(old.text().contains("安装了新的防滑扶手"), "last good page");
    server.wait_stdout(|l| l.starts_with("rebuild failed: ") && l.contains(CASE));
    // The terminal shows the same error.
    server.wait_stderr(&format!("--> {CASE}:5:11"));
    // A page opened now learns of the errors at once.
    let late = server.events();
    assert!(late.hello.data.contains("\"ok\":false"), "{:?}", late.hello);
    assert_eq!(late.next().name, "build-error");

    // Fix it: reload, and the site is whole again.
    site.edit(CASE, "forces = [\"社区志愿军\"", "forces = [\"社区\"");
    let ev = events.next();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert_eq!(late.next().name, "reload");
    assert!(server.get(CASE_URL).text().contains("安装了新的防滑扶手"));
    assert!(server.events().hello.data.contains("\"ok\":true"));

    // Rename a case: the old URL is the site's 404 page, the new one serves.
    std::fs::rename(
        site.root.join(CASE),
        site.root.join("content/2024-spring/shichang.md"),
    )
    .unwrap();
    assert_eq!(events.next().name, "reload");
    let gone = server.get(CASE_URL);
    assert_eq!(gone.status, 404);
    assert!(gone.text().contains("<html"), "the site's 404 page");
    let moved = server.get("/2024-spring/shichang/");
    assert_eq!(moved.status, 200);
    assert!(moved.text().contains("安装了新的防滑扶手"));

    // Delete a case.
    std::fs::remove_file(site.root.join("content/2023-autumn/qunzu.md")).unwrap();
    assert_eq!(events.next().name, "reload");
    assert_eq!(server.get("/2023-autumn/qunzu/").status, 404);

    assert_public_equals_clean_build(&site, &server);
}

#[test]
fn stylesheet_change_swaps_links_without_reload() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--watch"]);
    let page = server.get("/").text();
    let old_css = links(&page)
        .into_iter()
        .find(|l| l.starts_with("/style.") && l.ends_with(".css"))
        .unwrap();
    let events = server.events();
    let css = site.root.join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.shequ-test { color: red; }\n");
    std::fs::write(&css, text).unwrap();
    let ev = events.next();
    assert_eq!(ev.name, "css", "{ev:?}");
    let data: serde_json::Value = serde_json::from_str(&ev.data).unwrap();
    let sheets: Vec<String> = data["stylesheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let new_css = sheets
        .iter()
        .find(|s| s.starts_with("/style."))
        .unwrap()
        .clone();
    assert_ne!(new_css, old_css);
    let r = server.get(&new_css);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(r.text().contains(".shequ-test"));
    assert_eq!(server.get(&old_css).status, 404);
    assert!(server.get("/").text().contains(&new_css));
    let script = server.get("/__shequ/live.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("stylesheet"));
    assert_public_equals_clean_build(&site, &server);
}

#[test]
fn editor_save_patterns_rebuild_once_and_temp_files_never() {
    let site = Site::fixture("basic");
    // Editors take microseconds between the steps of a save; this test may be descheduled
    // between them for much longer, so it widens the quiet window that closes a batch.
    let mut server = Server::start_with(&site, &["--watch"], &[("SHEQU_WATCH_QUIET_MS", "300")]);
    let events = server.events();
    let dir = site.root.join("content/2024-spring");
    let file = dir.join("caishichang.md");
    let text = std::fs::read_to_string(&file).unwrap();

    // Temporary files alone: swap files, locks, backups, vim's 4913 probe.
    std::fs::write(dir.join(".caishichang.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("caishichang.md~"), &text).unwrap();
    std::fs::write(dir.join("#caishichang.md#"), "autosave").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    // Emacs's lock is a dangling symbolic link; the build core's walk still reports those
    // as unreadable, so a plain file stands in for it here.
    std::fs::write(dir.join(".#caishichang.md"), "user@host.1234").unwrap();
    std::fs::write(dir.join("caishichang.md___jb_tmp___"), "x").unwrap();

    // vim's save: rename to a backup, write anew, delete the backup.
    std::fs::rename(&file, dir.join("caishichang.md~")).unwrap();
    std::fs::write(&file, text.replace("防滑扶手", "不锈钢扶手")).unwrap();
    std::fs::remove_file(dir.join("caishichang.md~")).unwrap();
    let ev = events.next();
    assert_eq!(ev.name, "reload", "{ev:?}");
    let data: serde_json::Value = serde_json::from_str(&ev.data).unwrap();
    assert_eq!(data["changed"], serde_json::json!([CASE]), "{ev:?}");
    assert!(server.get(CASE_URL).text().contains("不锈钢扶手"));

    // Write-to-temp-then-rename (gedit, many editors): again one rebuild.
    let tmp = dir.join(".goutputstream-ABC123");
    std::fs::write(&tmp, text.replace("防滑扶手", "铜扶手")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let ev = events.next();
    assert_eq!(ev.name, "reload", "{ev:?}");
    let data: serde_json::Value = serde_json::from_str(&ev.data).unwrap();
    assert_eq!(data["changed"], serde_json::json!([CASE]), "{ev:?}");

    // Another file: the next event is about it alone, so nothing above fired twice.
    site.edit(
        "content/2023-autumn/qunzu.md",
        "志愿者参与排摸。",
        "志愿者参与排摸和登记。",
    );
    let ev = events.next();
    assert_eq!(ev.name, "reload", "{ev:?}");
    let data: serde_json::Value = serde_json::from_str(&ev.data).unwrap();
    assert_eq!(
        data["changed"],
        serde_json::json!(["content/2023-autumn/qunzu.md"]),
        "{ev:?}"
    );
    server.wait_stdout(|l| l.contains("content/2023-autumn/qunzu.md changed"));
    let rebuilds =
        server.stdout_lines(|l| l.starts_with("rebuilt: ") || l.starts_with("rebuild failed: "));
    assert_eq!(rebuilds.len(), 3, "{rebuilds:#?}");
    assert!(server.get(CASE_URL).text().contains("铜扶手"));
    assert_public_equals_clean_build(&site, &server);
}

#[test]
fn first_build_failure_is_shown_then_fixed() {
    let site = Site::fixture("basic");
    site.edit(CASE, "title = ", "title = = ");
    let server = Server::start(&site, &["--watch"]);
    let events = server.events();
    assert!(events.hello.data.contains("\"ok\":false"));
    let ev = events.next();
    assert_eq!(ev.name, "build-error");
    assert!(ev.data.contains(CASE), "{ev:?}");
    // Nothing was ever built: misses get a page that still carries the overlay script.
    let r = server.get(CASE_URL);
    assert_eq!(r.status, 404);
    assert!(r.text().contains("/__shequ/live.js"));
    site.edit(CASE, "title = = ", "title = ");
    assert_eq!(events.next().name, "reload");
    assert_eq!(server.get(CASE_URL).status, 200);
}

#[test]
fn without_watch_there_is_no_script_and_a_failed_build_exits() {
    let site = Site::fixture("basic");
    {
        let server = Server::start(&site, &[]);
        let r = server.get(CASE_URL);
        assert_eq!(r.status, 200);
        assert!(!r.text().contains("__shequ"));
        assert_eq!(server.get("/__shequ/events").status, 404);
    }
    site.edit(CASE, "title = ", "title = = ");
    let out = site.run(&["serve", "--port", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(CASE), "{}", stderr(&out));
}

#[test]
fn base_path_is_honoured() {
    let site = Site::fixture("basic");
    site.edit(
        "config.toml",
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/archive/\"",
    );
    let server = Server::start(&site, &[]);
    assert!(server.url.ends_with("/archive/"), "{}", server.url);
    let r = server.get("/");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("/archive/"));
    assert_eq!(server.get("/archive").header("location"), Some("/archive/"));
    let home = server.get("/archive/");
    assert_eq!(home.status, 200);
    for link in links(&home.text()) {
        if link.starts_with('/') && !link.starts_with("//") {
            let path = link.split(['#', '?']).next().unwrap();
            assert_eq!(server.get(path).status, 200, "{link}");
        }
    }
    assert_eq!(server.get("/archive/2024-spring/caishichang/").status, 200);
    let r = server.get("/2024-spring/caishichang/");
    assert_eq!(r.status, 404, "outside the base path");
    assert!(r.text().contains("<html"));
    let r = server.get("/archive/2024-spring/caishichang");
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("location"),
        Some("/archive/2024-spring/caishichang/")
    );
}

#[test]
fn http_hardening() {
    let site = Site::fixture("basic");
    site.write("static/docs/readme.txt", "文档");
    // A secret beside the site that no request may reach.
    std::fs::write(site.root.join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(&site, &[]);
    let a = &server.addr;

    // Traversal in every spelling: 400 or 404, never the file.
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/docs/..%5c..%5csecret.txt",
        "/docs/%2e%2e/%2e%2e/secret.txt",
        "//secret.txt",
        "/%00/secret.txt",
        "/robots.txt%00.html",
        "/%ff%fe",
        "/%zz",
        &format!("/{}", site.root.join("secret.txt").display()),
        "/../../../../../../etc/passwd",
        "/config.toml",
        "/.shequ-generation",
    ] {
        let r = get(a, path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(!r.text().contains("TOP SECRET"), "{path}");
        assert!(!r.text().contains("root:"), "{path}");
    }
    // Absolute-form request targets name a path like any other.
    let r = raw_request(
        a,
        format!("GET http://{a}/../secret.txt HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert!(!r.text().contains("TOP SECRET"));
    // A raw NUL or space in the request line is not HTTP.
    let r = raw_request(
        a,
        b"GET /robots.txt\0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 400);

    // Very long URLs are refused, and the server carries on.
    let long = format!("/{}", "a".repeat(10_000));
    assert_eq!(get(a, &long).status, 414);
    let huge = format!("/{}", "a".repeat(200_000));
    let req = format!("GET {huge} HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n");
    // The server may reset the connection before the answer is read: only a wrong answer fails.
    if let Some(r) = try_raw_request(a, req.as_bytes()) {
        assert!(r.status == 414 || r.status == 431, "{}", r.status);
    }
    assert_eq!(get(a, "/robots.txt").status, 200);

    // No directory listings.
    assert_eq!(get(a, "/docs/").status, 404);
    assert_eq!(get(a, "/docs/readme.txt").text(), "文档");

    // Content types with charset.
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/2024-spring/dianti/photo-32.jpg", "image/jpeg"),
        ("/2023-autumn/leaflet.pdf", "application/pdf"),
    ] {
        let r = get(a, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ty), "{path}");
    }

    // HEAD: the headers of GET, no body.
    let full = get(a, "/robots.txt");
    let head = request(a, "HEAD", "/robots.txt", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );

    // Range requests.
    let r = request(a, "GET", "/robots.txt", &[("Range", "bytes=0-9")]);
    assert_eq!(r.status, 206);
    assert_eq!(r.body, &full.body[..10]);
    assert_eq!(
        r.header("content-range").unwrap(),
        format!("bytes 0-9/{}", full.body.len())
    );
    let r = request(a, "GET", "/robots.txt", &[("Range", "bytes=-5")]);
    assert_eq!(r.body, &full.body[full.body.len() - 5..]);
    let r = request(a, "GET", "/robots.txt", &[("Range", "bytes=99999-")]);
    assert_eq!(r.status, 416);
    let r = request(a, "GET", "/robots.txt", &[("Range", "bytes=0-1,3-4")]);
    assert_eq!(r.status, 200);

    // Only GET and HEAD.
    let r = request(a, "POST", "/robots.txt", &[("Content-Length", "0")]);
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, HEAD"));
    let r = request(a, "DELETE", "/robots.txt", &[]);
    assert_eq!(r.status, 405);
}

#[test]
fn many_concurrent_clients() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--watch"]);
    let addr = server.addr.clone();
    // Event streams held open while others fetch pages.
    let streams: Vec<Events> = (0..20).map(|_| server.events()).collect();
    let workers: Vec<_> = (0..64)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let paths = ["/", CASE_URL, "/areas/", "/atom.xml", "/nope/"];
                for j in 0..10 {
                    let p = paths[(i + j) % paths.len()];
                    let r = get(&addr, p);
                    let want = if p == "/nope/" { 404 } else { 200 };
                    assert_eq!(r.status, want, "{p}");
                    if let Some(len) = r.header("content-length") {
                        assert_eq!(len.parse::<usize>().unwrap(), r.body.len(), "{p}");
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    // 84 connections at once, yet a handful of threads: none per connection.
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
        let threads: usize = status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(threads <= 24, "{threads} threads");
    }
    // Keep-alive: several requests on one connection.
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    use std::io::Write;
    for _ in 0..3 {
        s.write_all(format!("GET /robots.txt HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .unwrap();
    }
    s.write_all(
        format!("GET /robots.txt HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut buf = String::new();
    use std::io::Read;
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s.read_to_string(&mut buf).unwrap();
    assert_eq!(buf.matches("HTTP/1.1 200 OK").count(), 4);
    drop(streams);
    assert_eq!(get(&addr, "/").status, 200);
}

#[test]
fn open_starts_the_browser_on_the_served_url() {
    let site = Site::fixture("basic");
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("opened");
    let fake = bin.path().join("xdg-open");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(&site, &["--open"], &[("PATH", &path)]);
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if let Ok(text) = std::fs::read_to_string(&log)
            && text.ends_with('\n')
        {
            assert_eq!(text.trim(), server.url);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the browser was never opened"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A launcher that finds no browser (xdg-open exits with an error, opening nothing): the
/// editor is told, with the address to open herself, and the preview runs on.
#[test]
fn open_without_a_browser_says_which_address_to_open() {
    let site = Site::fixture("basic");
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("xdg-open");
    std::fs::write(&fake, "#!/bin/sh\nexit 3\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(&site, &["--open"], &[("PATH", &path)]);
    let url = server.url.clone();
    eventually("the address to open by hand", || {
        server.stderr.lock().unwrap().iter().any(|l| {
            l.contains("could not open a browser")
                && l.contains(&format!("open {url} in your browser by hand"))
        })
    });
    assert!(
        !server
            .stderr
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("points at this computer"))
    );
}

/// Polls `cond` until it holds, for at most [`PATIENCE`].
fn eventually(what: &str, cond: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while !cond() {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn templates_dir_created_later_and_config_changes_are_watched() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--watch"]);
    assert!(!site.root.join("templates").exists());
    let theme_404 = site
        .root
        .join("themes/default/templates/404.html")
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(&theme_404)
        .unwrap()
        .replace("页面未找到", "这一页走丢了");
    std::fs::create_dir(site.root.join("templates")).unwrap();
    std::fs::write(site.root.join("templates/404.html"), &text).unwrap();
    eventually("the override in the new templates/ is used", || {
        server.get("/nope/").text().contains("这一页走丢了")
    });
    // Edits inside the new directory are seen too.
    site.edit("templates/404.html", "这一页走丢了", "这一页真的走丢了");
    eventually("an edit in templates/ is picked up", || {
        server.get("/nope/").text().contains("这一页真的走丢了")
    });

    // config.toml, replaced the way editors do it (write a temp file, rename over).
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let tmp = site.root.join(".config.toml.tmp");
    std::fs::write(
        &tmp,
        config.replace("https://example.org/", "https://example.org/archive/"),
    )
    .unwrap();
    std::fs::rename(&tmp, site.root.join("config.toml")).unwrap();
    eventually("the new base path is served", || {
        server.get("/archive/").status == 200
    });
    assert_eq!(server.get("/").header("location"), Some("/archive/"));
    assert_eq!(server.get(&format!("/archive{CASE_URL}")).status, 200);
    let url = format!("http://{}/archive/", server.addr);
    assert_same_files(
        "served",
        &site.preview_snapshot(),
        &site.clean_build_of_copy_with(&["--base-url", &url]),
    );
}

#[test]
fn drafts_flag_serves_drafts() {
    let site = Site::fixture("basic");
    {
        let server = Server::start(&site, &[]);
        assert_eq!(server.get("/2024-spring/draft-case/").status, 404);
    }
    let server = Server::start(&site, &["--drafts"]);
    assert_eq!(server.get("/2024-spring/draft-case/").status, 200);
}

/// On large sites the pages are served first and the search index (with relations.json)
/// rebuilt right after; forced here on the small fixture.
#[test]
fn deferred_search_index_catches_up_after_the_pages() {
    let site = Site::fixture("basic");
    let mut server = Server::start_with(&site, &["--watch"], &[("SHEQU_DEFER_SEARCH_MS", "0")]);
    let events = server.events();
    site.edit(CASE, "安装了防滑扶手", "安装了新的防滑扶手");
    assert_eq!(events.next().name, "reload");
    assert!(server.get(CASE_URL).text().contains("安装了新的防滑扶手"));
    server.wait_stdout(|l| l.starts_with("search index brought up to date in "));
    assert_public_equals_clean_build(&site, &server);
}
