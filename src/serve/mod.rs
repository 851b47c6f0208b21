//! `shequ serve [--watch]`: the volunteers' live preview.
//!
//! Builds into a preview directory of its own (`.shequ/serve/` in the site root, which
//! `shequ build` never reads or writes, so a preview can run beside builds and its drafts
//! never reach `public/`), serves it over HTTP under the site's base path, and with `--watch` rebuilds on every save: pages reload (or
//! swap their stylesheets) after a successful rebuild, and show the errors over the last good
//! page after a failed one. The build core knows nothing of this module: it is called through
//! [`crate::pipeline::Session`] only.
//!
//! - [`http`]: the static file server and the event stream.
//! - [`watch`]: file watching, batching a save's events, ignoring editors' temporary files.
//! - [`reload`]: the injected script, the error overlay and the event hub.

pub mod http;
pub mod reload;
pub mod watch;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, display_path};
use crate::i18n::io_error;
use crate::pipeline::{self, BuildOptions, Session};
use crate::t;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root (holding config.toml).
    pub root: PathBuf,
    /// Address to listen on (`127.0.0.1` by default).
    pub bind: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    pub watch: bool,
    pub open: bool,
    pub drafts: bool,
    /// With `watch`: watch by looking at the files every so often instead of by the system's change
    /// notices, which network shares, WSL's Windows drives and some containers lack.
    pub poll: Option<std::time::Duration>,
}

/// Runs the preview until the process is stopped. Errors are returned before serving
/// starts (bad address, a failed first build without `--watch`).
pub fn run(opts: ServeOptions) -> Result<(), Diagnostic> {
    let root = opts.root.canonicalize().map_err(|e| {
        Diagnostic::error(t!(
            "serve-root-unreadable",
            path = display_path(&opts.root),
            error = io_error(&e)
        ))
        .help(t!("serve-root-unreadable.help"))
    })?;
    let mut build_opts = BuildOptions::new(&root);
    let (output, _lock) = preview_dir(&root)?;
    build_opts.output = output.clone();
    build_opts.wait = crate::output::Wait::Held;
    build_opts.drafts = opts.drafts;
    // Listen first: the pages' absolute links name the address they are served at.
    let listener = bind(&opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(t!("serve-address-unreadable", error = io_error(&e))))?;
    build_opts.origin = Some(origin(addr));
    let mut session = Session::new(build_opts);
    // Watch first: a save during the first build is then not lost, and once "serving" is
    // printed every later save is seen.
    let watcher = if opts.watch {
        match watch::Watcher::start(&root, opts.poll) {
            Ok(w) => Some(w),
            Err(e) => {
                eprintln!("{}", t!("serve-watch-unavailable", error = watch::said(&e)));
                None
            }
        }
    } else {
        None
    };

    let start = Instant::now();
    let (summary, diags) = session.rebuild(&[]);
    pipeline::report(&diags);
    let first_ok = summary.is_some();
    match &summary {
        Some(s) => println!("{s}"),
        None if !opts.watch => {
            return Err(Diagnostic::error(t!("serve-first-build-failed"))
                .help(t!("serve-first-build-failed.help")));
        }
        None => println!(
            "{}",
            t!(
                "serve-first-build-failed-watching",
                millis = start.elapsed().as_millis() as u64,
                path = display_path(&output)
            )
        ),
    }

    let shared = Arc::new(http::Shared {
        output: output.clone(),
        base_path: RwLock::new(base_path(&root)),
        live: opts.watch,
        hub: reload::Hub::new(),
    });
    if !first_ok {
        shared.hub.failed(&diags);
    }
    let url = format!("http://{addr}{}", shared.base_path());
    if !addr.ip().is_loopback() {
        eprintln!("{}", t!("serve-not-local", address = addr.ip().to_string()));
    }
    let server = http::spawn(listener, shared.clone())
        .map_err(|e| Diagnostic::error(t!("serve-cannot-start", error = io_error(&e))))?;
    // Tests and scripts read this line for the chosen port: the address comes last.
    println!("{}", t!("serve-serving", url = url.as_str()));
    if opts.open {
        open_browser(&url);
    }

    if let Some(watcher) = watcher {
        if first_ok {
            // The output keeps the previous generation beside it and brings that copy up
            // to date on the next build: do it now, so that the first save writes only what
            // it changed. Same sources, same site: nothing to tell the pages. A save made
            // meanwhile is already queued by the watcher.
            let _ = session.rebuild(&[]);
        }
        println!("{}", t!("serve-watching"));
        watch_loop(watcher, &mut session, &shared, &root);
    }
    let _ = server.join();
    Ok(())
}

/// The preview's own output directory, `.shequ/serve/` in the site root, locked for as long
/// as the preview runs: one preview per site.
fn preview_dir(root: &Path) -> Result<(PathBuf, crate::output::OutputLock), Diagnostic> {
    let cache = root.join(".shequ");
    let made = std::fs::create_dir_all(&cache).and_then(|()| {
        // Keeps the directory out of version control without touching the site's own files.
        let ignore = cache.join(".gitignore");
        if std::fs::symlink_metadata(&ignore).is_err() {
            std::fs::write(&ignore, "*\n")?;
        }
        Ok(())
    });
    if let Err(e) = made {
        return Err(Diagnostic::error(t!(
            "serve-preview-dir-failed",
            path = display_path(&cache),
            error = io_error(&e)
        ))
        .help(t!("serve-preview-dir-failed.help")));
    }
    let dir = crate::output::resolve_preview(root, &cache.join("serve"))?;
    match crate::output::lock_output(&dir, crate::output::Wait::No) {
        Ok(Some(lock)) => Ok((dir, lock)),
        Ok(None) => Err(Diagnostic::error(t!("serve-preview-lock-failed"))),
        Err(_) => {
            Err(Diagnostic::error(t!("serve-already-running"))
                .help(t!("serve-already-running.help")))
        }
    }
}

fn bind(host: &str, port: u16) -> Result<TcpListener, Diagnostic> {
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| {
            Diagnostic::error(t!("serve-bad-address", host = host, error = io_error(&e)))
                .help(t!("serve-bad-address.help"))
        })?
        .collect();
    let mut last = None;
    for a in &addrs {
        match TcpListener::bind(a) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some((a, e)),
        }
    }
    Err(match last {
        Some((a, e)) => Diagnostic::error(t!(
            "serve-cannot-listen",
            address = a.to_string(),
            error = io_error(&e)
        ))
        .help(t!("serve-cannot-listen.help")),
        None => Diagnostic::error(t!("serve-no-address", host = host)),
    })
}

/// The base path from config.toml (`/` when it cannot be read: the build reports why).
/// `http://host:port` of a listening address; a wildcard address (`--bind 0.0.0.0`) is
/// named by this machine's loopback address, which a browser here can open.
fn origin(addr: std::net::SocketAddr) -> String {
    let ip = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    format!("http://{}", std::net::SocketAddr::new(ip, addr.port()))
}

fn base_path(root: &Path) -> String {
    let mut ignored = Diagnostics::default();
    Config::load(
        &root.join("config.toml"),
        Path::new("config.toml"),
        &mut ignored,
    )
    .map_or_else(|| "/".to_string(), |c| c.base_path)
}

/// How long a change found on disk after a rebuild may wait for the watcher's report (the
/// editor may still be saving) before it is rebuilt without one.
const REPORT_GRACE: Duration = Duration::from_millis(1000);

fn watch_loop(
    mut watcher: watch::Watcher,
    session: &mut Session,
    shared: &http::Shared,
    root: &Path,
) {
    let mut pending: Option<watch::Batch> = None;
    'batches: while let Some(batch) = pending.take().or_else(|| watcher.next_batch()) {
        if !rebuild(&batch, session, shared, root) {
            continue;
        }
        // The rebuild trusted the watcher's paths; anything else that changed on disk is
        // either about to be reported or was missed.
        if !session.verify() {
            match watcher.next_batch_within(Some(REPORT_GRACE)) {
                watch::Next::Batch(b) => pending = Some(b),
                watch::Next::Quiet => {
                    pending = Some(watch::Batch {
                        paths: Vec::new(),
                        rescan: true,
                    })
                }
                watch::Next::Closed => break 'batches,
            }
            continue;
        }
        // The search index, unless (and until) the editor saves again.
        catch_up_search(session, &watcher);
        while session.search_behind() {
            match watcher.next_batch_within(Some(REPORT_GRACE)) {
                watch::Next::Batch(b) => {
                    pending = Some(b);
                    break;
                }
                watch::Next::Quiet => catch_up_search(session, &watcher),
                watch::Next::Closed => break 'batches,
            }
        }
    }
    eprintln!("{}", t!("serve-watch-stopped"));
}

/// Rebuilds after one batch of changes and tells the terminal and open pages; true when the
/// rebuild succeeded.
fn rebuild(
    batch: &watch::Batch,
    session: &mut Session,
    shared: &http::Shared,
    root: &Path,
) -> bool {
    let changed: Vec<PathBuf> = batch.paths.iter().map(|p| root.join(p)).collect();
    let shown: Vec<String> = batch
        .paths
        .iter()
        .map(|p| crate::error::display_path(p))
        .collect();
    let start = Instant::now();
    let (summary, diags) = if batch.rescan {
        session.rebuild(&[])
    } else {
        session.rebuild(&changed)
    };
    let millis = start.elapsed().as_millis() as u64;
    let what = describe(&shown, batch.rescan);
    let Some(s) = summary else {
        pipeline::report(&diags);
        println!(
            "{}",
            t!(
                "serve-rebuild-failed",
                what = what,
                errors = diags.error_count(),
                millis = millis
            )
        );
        shared.hub.failed(&with_fallback(diags));
        return false;
    };
    // Warnings still go to the terminal; the page only shows failures.
    pipeline::report(&diags);
    shared.set_base_path(base_path(root));
    // Files linked from the served output count as changed, as copies did: the stage they
    // went into held other bytes.
    let unchanged = s.write.written == 0 && s.write.linked == 0 && s.write.removed == 0;
    if unchanged && !shared.hub.is_broken() {
        // Saved without a change that shows: open pages are current.
        println!(
            "{}",
            t!("serve-rebuilt-unchanged", what = what, millis = millis)
        );
        return true;
    }
    let css_only = !batch.rescan
        && !shown.is_empty()
        && shown
            .iter()
            .all(|p| p.to_ascii_lowercase().ends_with(".css"));
    let stylesheets = css_only.then(|| stylesheets(&shared.output, &shared.base_path()));
    let line = t!(
        "serve-rebuilt",
        what = what,
        rendered = s.rendered,
        pages = s.pages,
        written = s.write.written,
        removed = s.write.removed,
        millis = millis
    );
    if css_only {
        println!("{}", t!("serve-rebuilt.css", line = line));
    } else {
        println!("{line}");
    }
    shared.hub.succeeded(&shown, stylesheets);
    true
}

/// On large sites the search index is rebuilt after the pages are served (open pages have
/// already reloaded); the search page fetches its index revalidated, so it sees the update.
/// A save coming in meanwhile interrupts it: that rebuild goes first.
fn catch_up_search(session: &mut Session, watcher: &watch::Watcher) {
    let stirred = watcher.stirred();
    let stop = move || stirred.load(std::sync::atomic::Ordering::SeqCst);
    if let Some((summary, diags)) = session.catch_up_unless(&stop) {
        match summary {
            Some(s) => println!("{}", t!("serve-search-updated", millis = s.millis as u64)),
            None => {
                pipeline::report(&diags);
                println!("{}", t!("serve-search-failed"));
            }
        }
    }
}

/// A failed build with no error listed still needs something on the page.
fn with_fallback(mut diags: Diagnostics) -> Diagnostics {
    if !diags.has_errors() {
        diags.push(Diagnostic::error(t!("serve-build-failed")));
    }
    diags
}

fn describe(paths: &[String], rescan: bool) -> String {
    if rescan {
        return t!("serve-changed-rescan");
    }
    let sep = match crate::i18n::lang() {
        crate::i18n::Lang::Zh => "、",
        crate::i18n::Lang::En => ", ",
    };
    let files = paths.iter().take(3).cloned().collect::<Vec<_>>().join(sep);
    if paths.len() > 3 {
        t!("serve-changed-more", files = files, count = paths.len() - 3)
    } else {
        t!("serve-changed", files = files)
    }
}

/// URLs of every stylesheet in the output, for swapping them into open pages.
fn stylesheets(output: &Path, base_path: &str) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(output).ok()?;
            let rel = crate::error::display_path(rel);
            rel.to_ascii_lowercase().ends_with(".css").then(|| {
                let encoded: Vec<String> = rel.split('/').map(http::encode_segment).collect();
                format!("{base_path}{}", encoded.join("/"))
            })
        })
        .collect();
    out.sort();
    out
}

/// Opens `url` in the default browser; failure is only a warning.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let url = url.to_string();
    let by_hand = move |why: String| {
        eprintln!(
            "{}",
            t!("serve-browser-failed", why = why, url = url.as_str())
        );
    };
    match cmd.spawn() {
        // Waited for in the background (no zombie); a launcher that finds no browser
        // (xdg-open on a machine without one) says so only by its exit status.
        Ok(mut child) => {
            std::thread::spawn(move || match child.wait() {
                Ok(status) if !status.success() => by_hand(t!("serve-browser-launcher")),
                Err(e) => by_hand(io_error(&e)),
                Ok(_) => {}
            });
        }
        Err(e) => by_hand(io_error(&e)),
    }
}
