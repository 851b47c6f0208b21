//! The preview's HTTP server: the output directory as the hosted site would serve it, plus
//! the live-reload endpoints under `/__shequ/`.
//!
//! hyper (HTTP/1.1 only) on a small tokio runtime: two worker threads, a bounded blocking
//! pool for file reads and a cap on open connections, so a flood of clients queues in the
//! listen backlog instead of spawning threads. Files are resolved by path on every request:
//! the output directory is swapped by renaming directories, and a handle opened before a
//! swap would show the old generation forever.

use super::reload::{self, Hub};
use hyper::body::{Body as HttpBody, Bytes, Frame, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

/// Connections served at once; more wait in the listen backlog.
const MAX_CONNECTIONS: usize = 256;
/// Longest request path accepted (bytes, still percent-encoded).
pub const MAX_PATH_BYTES: usize = 4096;
/// Prefix of the preview's own endpoints; never part of a built site (its names start with
/// `_`, which content files may not produce).
pub const RESERVED: &str = "/__shequ/";
const SCRIPT_PATH: &str = "/__shequ/live.js";
const EVENTS_PATH: &str = "/__shequ/events";

/// What the request handlers share with the rebuild loop.
pub struct Shared {
    /// The output directory, resolved by path on every request.
    pub output: PathBuf,
    /// Path part of the site's base_url (`/` or `/archive/`); changes with config.toml.
    pub base_path: RwLock<String>,
    /// Inject the live-reload script and serve the event stream (`--watch`).
    pub live: bool,
    pub hub: Hub,
}

impl Shared {
    pub fn base_path(&self) -> String {
        self.base_path
            .read()
            .map_or_else(|e| e.into_inner().clone(), |p| p.clone())
    }

    pub fn set_base_path(&self, path: String) {
        match self.base_path.write() {
            Ok(mut p) => *p = path,
            Err(e) => *e.into_inner() = path,
        }
    }
}

/// A response body: a whole buffer, or an event stream fed by the hub.
pub enum Body {
    Full(Option<Bytes>),
    Stream(tokio::sync::mpsc::Receiver<Bytes>),
}

impl Body {
    fn empty() -> Body {
        Body::Full(None)
    }
    fn bytes(b: impl Into<Bytes>) -> Body {
        let b = b.into();
        if b.is_empty() {
            Body::Full(None)
        } else {
            Body::Full(Some(b))
        }
    }
}

impl HttpBody for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            Body::Stream(rx) => rx.poll_recv(cx).map(|o| o.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            Body::Full(None) => SizeHint::with_exact(0),
            Body::Stream(_) => SizeHint::default(),
        }
    }
}

/// Starts serving `listener` on a thread of its own; returns that thread.
pub fn spawn(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    listener.set_nonblocking(true)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .thread_name("shequ-http")
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("shequ-serve".into())
        .spawn(move || rt.block_on(accept_loop(listener, shared)))
}

async fn accept_loop(listener: std::net::TcpListener, shared: Arc<Shared>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "{}",
                crate::t!("serve-cannot-serve", error = crate::i18n::io_error(&e))
            );
            return;
        }
    };
    if shared.live {
        let hub_owner = shared.clone();
        tokio::spawn(async move {
            let every = Duration::from_secs(15);
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            loop {
                tick.tick().await;
                hub_owner.hub.ping();
            }
        });
    }
    let limit = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = limit.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            Err(_) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |req| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(handle(req, &shared).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(64 * 1024)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Answers one request.
pub async fn handle<B>(req: Request<B>, shared: &Shared) -> Response<Body> {
    let head = req.method() == Method::HEAD;
    if req.method() != Method::GET && !head {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = req.uri().path();
    let query = req.uri().query();
    if raw.len() > MAX_PATH_BYTES {
        return plain(StatusCode::URI_TOO_LONG, "414 URI too long\n");
    }
    let mut response = route(raw, query, req.headers(), shared).await;
    if head {
        *response.body_mut() = Body::empty();
    }
    response
}

async fn route(
    raw: &str,
    query: Option<&str>,
    headers: &hyper::HeaderMap,
    shared: &Shared,
) -> Response<Body> {
    if !raw.starts_with('/') {
        return plain(StatusCode::BAD_REQUEST, "400 bad request\n");
    }
    if shared.live {
        if raw == SCRIPT_PATH {
            let mut r = Response::new(Body::bytes(reload::script()));
            set_type(&mut r, "text/javascript; charset=utf-8");
            no_store(&mut r);
            return r;
        }
        if raw == EVENTS_PATH {
            let mut r = Response::new(Body::Stream(shared.hub.subscribe()));
            set_type(&mut r, "text/event-stream; charset=utf-8");
            no_store(&mut r);
            r.headers_mut()
                .insert("x-accel-buffering", HeaderValue::from_static("no"));
            return r;
        }
    }
    let Some(segments) = decode_path(raw) else {
        return plain(StatusCode::BAD_REQUEST, "400 bad request\n");
    };
    let base: Vec<String> = shared
        .base_path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(&percent_decode(s).unwrap_or_default()).into_owned())
        .collect();
    let base_path = encode_path(&base);
    let dir_request = raw.ends_with('/');
    if segments.len() < base.len() || segments.iter().zip(&base).any(|(a, b)| a != b) {
        // Outside the site: `/` goes to the site's root, the rest is a miss.
        if segments.is_empty() {
            return redirect(&base_path, query);
        }
        return not_found(shared).await;
    }
    let rel = &segments[base.len()..];
    if rel.is_empty() && !dir_request {
        return redirect(&base_path, query);
    }
    if rel.iter().any(|s| s == crate::output::MANIFEST) || raw.starts_with(RESERVED) {
        return not_found(shared).await;
    }
    let mut target = shared.output.clone();
    target.extend(rel);
    let Some(kind) = inside(&shared.output, &target).await else {
        return not_found(shared).await;
    };
    let file = match kind {
        Kind::Dir if !dir_request => {
            let mut all = base.clone();
            all.extend(rel.iter().cloned());
            return redirect(&encode_path(&all), query);
        }
        Kind::Dir => {
            let index = target.join("index.html");
            match inside(&shared.output, &index).await {
                Some(Kind::File) => index,
                _ => return not_found(shared).await,
            }
        }
        Kind::File if dir_request => return not_found(shared).await,
        Kind::File => target,
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => file_response(&file, bytes, headers, shared),
        Err(_) => not_found(shared).await,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
}

/// What `target` is, if it exists and its real path stays inside `root` (no symbolic link
/// leads out of the site).
async fn inside(root: &Path, target: &Path) -> Option<Kind> {
    let root = tokio::fs::canonicalize(root).await.ok()?;
    let real = tokio::fs::canonicalize(target).await.ok()?;
    if !real.starts_with(&root) {
        return None;
    }
    let meta = tokio::fs::metadata(&real).await.ok()?;
    if meta.is_dir() {
        Some(Kind::Dir)
    } else if meta.is_file() {
        Some(Kind::File)
    } else {
        None
    }
}

/// Splits a request path into decoded segments. Each segment is decoded once, after
/// splitting, so `%2f` never becomes a separator. `None` (→ 400): bad escapes, invalid
/// UTF-8, `..`, NUL, slashes or backslashes inside a segment. Empty and `.` segments drop out.
pub fn decode_path(raw: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for seg in raw.split('/') {
        let s = String::from_utf8(percent_decode(seg)?).ok()?;
        if s == ".." || s.contains(['/', '\\', '\0']) || s.chars().any(char::is_control) {
            return None;
        }
        if s.is_empty() || s == "." {
            continue;
        }
        if cfg!(windows) && s.contains(':') {
            return None;
        }
        out.push(s);
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            ) else {
                return None;
            };
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// `/a/b/` from decoded segments, each percent-encoded.
fn encode_path(segments: &[String]) -> String {
    let mut out = String::from("/");
    for s in segments {
        out.push_str(&encode_segment(s));
        out.push('/');
    }
    out
}

/// Percent-encodes one path segment (everything but unreserved characters).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn redirect(to: &str, query: Option<&str>) -> Response<Body> {
    let location = match query {
        Some(q) => format!("{to}?{q}"),
        None => to.to_string(),
    };
    // 302, not 301: a preview's base path may change with config.toml.
    let mut r = plain(StatusCode::FOUND, "");
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(Body::bytes(text));
    *r.status_mut() = status;
    set_type(&mut r, "text/plain; charset=utf-8");
    set_len(&mut r, text.len());
    no_store(&mut r);
    r
}

/// The page for a miss before any build, in the server's language.
fn fallback_404() -> Vec<u8> {
    let title = crate::text::escape_html(&crate::t!("serve-404-title"));
    let text = crate::text::escape_html(&crate::t!("serve-404-text"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><h1>{title}</h1><p>{text}</p></body></html>\n",
        crate::i18n::lang().tag()
    )
    .into_bytes()
}

/// The site's own 404.html (with the live-reload script), or a plain page before any build.
async fn not_found(shared: &Shared) -> Response<Body> {
    let page = shared.output.join("404.html");
    let bytes = match inside(&shared.output, &page).await {
        Some(Kind::File) => tokio::fs::read(&page)
            .await
            .unwrap_or_else(|_| fallback_404()),
        _ => fallback_404(),
    };
    let body = if shared.live {
        reload::inject(&bytes, &shared.hub.tag())
    } else {
        bytes
    };
    let len = body.len();
    let mut r = Response::new(Body::bytes(body));
    *r.status_mut() = StatusCode::NOT_FOUND;
    set_type(&mut r, "text/html; charset=utf-8");
    set_len(&mut r, len);
    no_store(&mut r);
    r
}

fn file_response(
    path: &Path,
    bytes: Vec<u8>,
    headers: &hyper::HeaderMap,
    shared: &Shared,
) -> Response<Body> {
    let ctype = content_type(path);
    let bytes = if shared.live && ctype.starts_with("text/html") {
        reload::inject(&bytes, &shared.hub.tag())
    } else {
        bytes
    };
    let total = bytes.len();
    let range = if headers.contains_key(header::IF_RANGE) {
        // No validators to compare against: the whole file is always correct.
        None
    } else {
        headers
            .get(header::RANGE)
            .and_then(|v| v.to_str().ok())
            .map(|v| parse_range(v, total))
    };
    let mut r = match range {
        Some(RangeSpec::Unsatisfiable) => {
            let mut r = plain(StatusCode::RANGE_NOT_SATISFIABLE, "");
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{total}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return r;
        }
        Some(RangeSpec::Bytes(start, end)) => {
            let slice = Bytes::from(bytes).slice(start..=end);
            let len = slice.len();
            let mut r = Response::new(Body::bytes(slice));
            *r.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{total}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            set_len(&mut r, len);
            r
        }
        Some(RangeSpec::Ignore) | None => {
            let mut r = Response::new(Body::bytes(bytes));
            set_len(&mut r, total);
            r
        }
    };
    set_type(&mut r, ctype);
    no_store(&mut r);
    r.headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    r
}

#[derive(Debug, PartialEq, Eq)]
pub enum RangeSpec {
    /// Inclusive byte range.
    Bytes(usize, usize),
    Unsatisfiable,
    /// Malformed, several ranges, or another unit: answer with the whole file.
    Ignore,
}

/// A single `bytes=` range against a body of `len` bytes.
pub fn parse_range(value: &str, len: usize) -> RangeSpec {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return RangeSpec::Ignore;
    };
    if spec.contains(',') {
        return RangeSpec::Ignore;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeSpec::Ignore;
    };
    let (a, b) = (a.trim(), b.trim());
    let num = |s: &str| -> Option<usize> {
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        // Longer than usize: effectively infinite.
        Some(s.parse::<usize>().unwrap_or(usize::MAX))
    };
    match (num(a), num(b)) {
        (Some(start), end) if b.is_empty() || end.is_some() => {
            if start >= len {
                return RangeSpec::Unsatisfiable;
            }
            let end = end.map_or(len - 1, |e| e.min(len - 1));
            if end < start {
                return RangeSpec::Ignore;
            }
            RangeSpec::Bytes(start, end)
        }
        (None, Some(suffix)) if a.is_empty() => {
            if suffix == 0 || len == 0 {
                return RangeSpec::Unsatisfiable;
            }
            RangeSpec::Bytes(len - suffix.min(len), len - 1)
        }
        _ => RangeSpec::Ignore,
    }
}

/// Content type by extension; text types carry their charset.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" if path.file_name().is_some_and(|n| n == "atom.xml") => {
            "application/atom+xml; charset=utf-8"
        }
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

fn set_type(r: &mut Response<Body>, ctype: &'static str) {
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

fn set_len(r: &mut Response<Body>, len: usize) {
    r.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
}

fn no_store(r: &mut Response<Body>) {
    // A preview must never show a cached, older page.
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
