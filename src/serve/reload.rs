//! Live reload: the script injected into previewed pages, the error overlay it draws, and
//! the hub that sends server-sent events to every open page.
//!
//! Events (`event: NAME`, `data:` one line of JSON):
//! - `hello` on connect: `{"gen": ID, "ok": bool}`; a page built from another generation
//!   (it loaded just before a rebuild, or the server restarted) reloads itself.
//! - `reload` after a successful rebuild: `{"gen", "changed"}`.
//! - `css` after a successful rebuild that changed only stylesheets: `{"gen", "changed",
//!   "stylesheets"}` — the site's stylesheet URLs, content-hashed names included, which
//!   the page swaps in place of its `<link rel=stylesheet>`s.
//! - `build-error` after a failed rebuild, and on connect while the build is broken:
//!   `{"title", "errors": [{severity, file, line, col, message, label, help, source_line,
//!   span, text, heading, hint}]}`. Not `error`: EventSource uses that name for connection
//!   failures. `title`, `heading` (severity and place) and `hint` (the help line) are the
//!   overlay's text in the server's language; the script's fixed words are put into it
//!   when it is served ([`script`]).

use crate::error::{Diagnostic, Diagnostics, Severity};
use crate::t;
use hyper::body::Bytes;
use serde_json::json;
use std::sync::Mutex;
use tokio::sync::mpsc;

/// Where the script is served; see `http::RESERVED`.
pub const SCRIPT_URL: &str = "/__shequ/live.js";

/// Events a page may fall behind before it is dropped (it reconnects and catches up).
const CLIENT_BUFFER: usize = 32;
/// Pages connected at once; the oldest is dropped past this.
const MAX_CLIENTS: usize = 128;

/// Fans events out to connected pages and remembers what a new page must be told.
pub struct Hub {
    inner: Mutex<Inner>,
}

struct Inner {
    clients: Vec<mpsc::Sender<Bytes>>,
    /// Distinguishes this server process from an earlier one on the same port.
    instance: String,
    /// Successful builds so far.
    generation: u64,
    /// The `build-error` payload while the last build failed.
    error: Option<String>,
}

impl Inner {
    fn gen_id(&self) -> String {
        format!("{}-{}", self.instance, self.generation)
    }

    fn broadcast(&mut self, frame: &Bytes) {
        self.clients.retain(|tx| tx.try_send(frame.clone()).is_ok());
    }
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let instance = format!("{:x}", (nanos as u64) ^ u64::from(std::process::id()));
        Hub {
            inner: Mutex::new(Inner {
                clients: Vec::new(),
                instance,
                generation: 0,
                error: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The tag injected before `</body>`.
    pub fn tag(&self) -> String {
        format!(
            "<script src=\"{SCRIPT_URL}\" data-gen=\"{}\"></script>",
            self.lock().gen_id()
        )
    }

    /// A new event stream: `hello`, then the current errors if the build is broken.
    pub fn subscribe(&self) -> mpsc::Receiver<Bytes> {
        let (tx, rx) = mpsc::channel(CLIENT_BUFFER);
        let mut inner = self.lock();
        let hello = json!({"gen": inner.gen_id(), "ok": inner.error.is_none()});
        let mut first = String::from("retry: 1000\n\n");
        first.push_str(&frame("hello", &hello.to_string()));
        if let Some(err) = &inner.error {
            first.push_str(&frame("build-error", err));
        }
        if tx.try_send(Bytes::from(first)).is_ok() {
            if inner.clients.len() >= MAX_CLIENTS {
                inner.clients.remove(0);
            }
            inner.clients.push(tx);
        }
        rx
    }

    /// A rebuild succeeded: `stylesheets` is `Some` when only stylesheets changed.
    pub fn succeeded(&self, changed: &[String], stylesheets: Option<Vec<String>>) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.error = None;
        let gen_id = inner.gen_id();
        let msg = match stylesheets {
            Some(list) => frame(
                "css",
                &json!({"gen": gen_id, "changed": changed, "stylesheets": list}).to_string(),
            ),
            None => frame(
                "reload",
                &json!({"gen": gen_id, "changed": changed}).to_string(),
            ),
        };
        inner.broadcast(&Bytes::from(msg));
    }

    /// A rebuild failed: the last good site stays; pages show the errors.
    pub fn failed(&self, diags: &Diagnostics) {
        let payload = errors_json(diags);
        let mut inner = self.lock();
        let msg = Bytes::from(frame("build-error", &payload));
        inner.error = Some(payload);
        inner.broadcast(&msg);
    }

    /// Keeps idle streams open through proxies and drops pages that went away.
    pub fn ping(&self) {
        self.lock().broadcast(&Bytes::from_static(b": ping\n\n"));
    }

    /// Whether the last build failed (pages show its errors).
    pub fn is_broken(&self) -> bool {
        self.lock().error.is_some()
    }

    /// Pages connected now.
    pub fn clients(&self) -> usize {
        self.lock().clients.len()
    }
}

fn frame(event: &str, data: &str) -> String {
    // serde_json never emits a raw newline, so one data line carries it all.
    format!("event: {event}\ndata: {data}\n\n")
}

/// The `build-error` payload: errors first, then warnings.
pub fn errors_json(diags: &Diagnostics) -> String {
    let mut items: Vec<&Diagnostic> = diags.items.iter().collect();
    items.sort_by_key(|d| d.severity != Severity::Error);
    let list: Vec<serde_json::Value> = items
        .iter()
        .map(|d| {
            let severity = if d.is_error() {
                t!("serve-overlay-error")
            } else {
                t!("serve-overlay-warning")
            };
            let file = d.file.as_ref().map(|f| crate::error::display_path(f));
            let heading = match &file {
                Some(f) if d.line > 0 => t!(
                    "serve-overlay-heading",
                    severity = severity,
                    place = t!(
                        "serve-overlay-where",
                        file = f.as_str(),
                        line = d.line,
                        col = d.col
                    )
                ),
                Some(f) => t!(
                    "serve-overlay-heading",
                    severity = severity,
                    place = f.as_str()
                ),
                None => severity,
            };
            json!({
                "heading": heading,
                "hint": d.help.as_ref().map(|h| t!("serve-overlay-help", help = h.as_str())),
                "severity": if d.is_error() { "error" } else { "warning" },
                "file": d.file.as_ref().map(|f| crate::error::display_path(f)),
                "line": d.line,
                "col": d.col,
                "message": d.message,
                "label": d.label,
                "help": d.help,
                "source_line": d.source_line,
                "span": d.span_chars,
                "text": d.to_string(),
            })
        })
        .collect();
    let title = t!("serve-overlay-title", count = diags.error_count());
    json!({ "title": title, "errors": list }).to_string()
}

/// The live-reload script with its fixed words in the server's language.
pub fn script() -> &'static str {
    static SERVED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SERVED.get_or_init(|| {
        let words = json!({
            "label": t!("serve-overlay-label"),
            "intro": t!("serve-overlay-intro"),
            "close": t!("serve-overlay-close"),
            "lang": crate::i18n::lang().tag(),
        });
        SCRIPT.replacen(WORDS, &words.to_string(), 1)
    })
}

/// Where [`script`] puts the overlay's words into [`SCRIPT`].
const WORDS: &str = "{/*WORDS*/}";

/// Inserts `tag` before the last `</body>` (any case), or at the end when there is none.
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The live-reload client, served by [`script`]. Its words come from the server (in
/// `serve.ftl`); everything from the build is inserted with `textContent`, never as HTML.
pub const SCRIPT: &str = r##"// shequ serve --watch: live reload and build errors. Never part of `shequ build`.
(() => {
  "use strict";
  if (window.__shequLive) return;
  window.__shequLive = true;
  const me = document.currentScript;
  let gen = me ? me.getAttribute("data-gen") : null;
  let overlay = null;
  const T = {/*WORDS*/};
  const parse = (e) => { try { return JSON.parse(e.data); } catch (_) { return {}; } };

  // Only visible pages hold a connection: a browser allows six per host over HTTP/1.1,
  // and background tabs must not use them up. A page shown again reconnects, and `hello`
  // tells it whether it missed a rebuild.
  let es = null;
  function connect() {
    if (es) return;
    es = new EventSource("/__shequ/events");
    es.addEventListener("hello", (e) => {
      const d = parse(e);
      if (gen && d.gen && d.gen !== gen) location.reload();
      else if (d.ok) hideOverlay();
    });
    es.addEventListener("reload", () => location.reload());
    es.addEventListener("css", (e) => {
      const d = parse(e);
      if (!swapStyles(d.stylesheets || [])) { location.reload(); return; }
      if (d.gen) gen = d.gen;
      hideOverlay();
    });
    es.addEventListener("build-error", (e) => {
      const d = parse(e);
      const errors = d.errors || [];
      for (const x of errors) console.error(x.text || x.message);
      showOverlay(d.title || T.label, errors);
    });
  }
  function disconnect() {
    if (es) { es.close(); es = null; }
  }
  document.addEventListener("visibilitychange", () => (document.hidden ? disconnect() : connect()));
  if (!document.hidden) connect();

  // style.1a2b3c4d5e.css and style.css are one stylesheet in two generations.
  function key(u) {
    return new URL(u, location.href).pathname.replace(/\.[0-9a-f]{10}\.css$/, ".css");
  }

  function swapStyles(urls) {
    let ok = true;
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const old = new URL(link.href, location.href);
      if (old.origin !== location.origin) continue;
      const next = urls.find((u) => key(u) === key(old.href));
      if (!next) { ok = false; continue; }
      const fresh = link.cloneNode();
      fresh.href = next === old.pathname ? next + "?t=" + Date.now() : next;
      const done = () => link.remove();
      fresh.addEventListener("load", done);
      fresh.addEventListener("error", done);
      link.after(fresh);
    }
    return ok;
  }

  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function el(tag, css, text) {
    const n = document.createElement(tag);
    if (css) n.style.cssText = css;
    if (text != null) n.textContent = text;
    return n;
  }

  function showOverlay(title, errors) {
    hideOverlay();
    const host = el("div", "position:fixed;inset:0;z-index:2147483647;");
    host.id = "shequ-build-error";
    const root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    const box = el("div", "position:absolute;inset:0;overflow:auto;background:rgba(20,20,24,.97);color:#f4f4f4;font:15px/1.6 system-ui,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;padding:2rem;");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", T.label);
    box.setAttribute("lang", T.lang);
    box.append(el("h1", "margin:0 0 .5rem;font-size:1.4rem;color:#ff8a80;", title));
    box.append(el("p", "margin:0 0 1.5rem;color:#ccc;", T.intro));
    for (const d of errors) {
      const item = el("section", "margin:0 0 1.5rem;padding:1rem;border-left:4px solid " + (d.severity === "error" ? "#ff5252" : "#ffc107") + ";background:rgba(255,255,255,.05);");
      item.append(el("div", "font-weight:bold;", d.heading || d.severity));
      item.append(el("div", "margin:.25rem 0;", d.message || ""));
      if (d.source_line != null) {
        const pre = el("pre", "margin:.5rem 0;padding:.5rem;background:#000;color:#eee;overflow:auto;font:14px/1.5 ui-monospace,monospace;");
        const chars = Array.from(d.source_line);
        const start = Math.max(0, (d.col || 1) - 1);
        const end = start + Math.max(1, d.span || 1);
        pre.append(document.createTextNode(chars.slice(0, start).join("")));
        pre.append(el("mark", "background:#ff5252;color:#fff;", chars.slice(start, end).join("") || " "));
        pre.append(document.createTextNode(chars.slice(end).join("")));
        item.append(pre);
        if (d.label) item.append(el("div", "color:#ff8a80;", d.label));
      }
      if (d.hint) item.append(el("div", "color:#a5d6a7;", d.hint));
      box.append(item);
    }
    const close = el("button", "position:absolute;top:1rem;right:1rem;font:inherit;padding:.25rem 1rem;cursor:pointer;", T.close);
    close.addEventListener("click", hideOverlay);
    box.append(close);
    root.append(box);
    (document.body || document.documentElement).append(host);
    overlay = host;
  }
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_close() {
        let out = inject(b"<p>x</p></BODY></html>", "<s>");
        assert_eq!(out, b"<p>x</p><s></BODY></html>");
        assert_eq!(inject(b"plain", "<s>"), b"plain<s>");
    }

    #[test]
    fn events_are_one_data_line() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("bad\nthing").help("fix </script> it"));
        let json = errors_json(&d);
        assert!(!json.contains('\n'));
        assert!(frame("build-error", &json).ends_with("\n\n"));
    }

    #[test]
    fn new_pages_get_hello_then_current_errors() {
        let hub = Hub::new();
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("broken"));
        hub.failed(&d);
        let mut rx = hub.subscribe();
        let first = rx.try_recv().unwrap();
        let text = String::from_utf8_lossy(&first);
        assert!(text.contains("event: hello"), "{text}");
        assert!(text.contains("\"ok\":false"), "{text}");
        assert!(text.contains("event: build-error"), "{text}");
        hub.succeeded(&["content/a.md".into()], None);
        let next = rx.try_recv().unwrap();
        assert!(String::from_utf8_lossy(&next).starts_with("event: reload"));
    }
}
