//! Helpers for `shequ serve` tests: start the real binary on an ephemeral port, talk raw
//! HTTP/1.1 to it, and follow its event stream. Every wait polls with a generous deadline.
#![allow(dead_code)]

use super::{BIN, Site};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a busy two-core machine; tests never wait this long
/// unless something is broken.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `shequ serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// The printed URL, e.g. `http://127.0.0.1:PORT/archive/`.
    pub url: String,
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pump(r: impl Read + Send + 'static, into: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push(line);
        }
    });
}

impl Server {
    /// `shequ --root SITE serve --port 0 ARGS…`, once it printed its address.
    pub fn start(site: &Site, args: &[&str]) -> Server {
        Server::start_with(site, args, &[])
    }

    /// Like [`Server::start`], with environment variables.
    /// Starts the server with `env`. The search index is built with the pages (never
    /// deferred, as on small sites in a release build) unless `env` says otherwise, so that
    /// the output equals a clean build as soon as a reload is announced.
    pub fn start_with(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(BIN)
            .env("SHEQU_DEFER_SEARCH_MS", "1000000")
            .env("SHEQU_LANG", "en")
            .envs(env.iter().copied())
            .arg("--root")
            .arg(&site.root)
            .args(["serve", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        pump(child.stdout.take().unwrap(), stdout.clone());
        pump(child.stderr.take().unwrap(), stderr.clone());
        let mut server = Server {
            child,
            addr: String::new(),
            url: String::new(),
            stdout,
            stderr,
        };
        // "serving http://…" in English, "预览地址：http://…" in Chinese: the address is last.
        let line = server.wait_stdout(|l| l.contains("http://"));
        server.url = line[line.find("http://").unwrap()..].to_string();
        let rest = server.url.trim_start_matches("http://");
        server.addr = rest[..rest.find('/').unwrap()].to_string();
        server
    }

    /// Waits for a stdout line matching `pred` (any printed so far counts) and returns it.
    pub fn wait_stdout(&mut self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(l) = self.stdout.lock().unwrap().iter().find(|l| pred(l)) {
                return l.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                panic!(
                    "shequ serve exited with {status}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout.lock().unwrap().join("\n"),
                    self.stderr.lock().unwrap().join("\n")
                );
            }
            assert!(
                Instant::now() < deadline,
                "no such line on stdout:\n{}\nstderr:\n{}",
                self.stdout.lock().unwrap().join("\n"),
                self.stderr.lock().unwrap().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until stderr contains `needle` (stderr and stdout are separate pipes, read by
    /// separate threads: what came first on one may arrive later on the other).
    pub fn wait_stderr(&self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.stderr_text().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "stderr never showed {needle:?}:\n{}",
                self.stderr_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn stdout_lines(&self, pred: impl Fn(&str) -> bool) -> Vec<String> {
        self.stdout
            .lock()
            .unwrap()
            .iter()
            .filter(|l| pred(l))
            .cloned()
            .collect()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    pub fn get(&self, path: &str) -> Resp {
        get(&self.addr, path)
    }

    /// Follows the live-reload event stream; returns once `hello` arrived.
    pub fn events(&self) -> Events {
        Events::connect(&self.addr)
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `raw` (a whole request) and reads the response until the server closes.
pub fn raw_request(addr: &str, raw: &[u8]) -> Resp {
    try_raw_request(addr, raw).unwrap_or_else(|| {
        panic!(
            "no response to {:?}",
            String::from_utf8_lossy(&raw[..raw.len().min(200)])
        )
    })
}

/// Like [`raw_request`], but `None` when the connection failed before a whole response head
/// arrived (a server may reset a connection whose request it refused to read).
pub fn try_raw_request(addr: &str, raw: &[u8]) -> Option<Resp> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = s.write_all(raw);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    buf.windows(4)
        .any(|w| w == b"\r\n\r\n")
        .then(|| parse_response(&buf))
}

pub fn parse_response(buf: &[u8]) -> Resp {
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(buf)));
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: buf[end + 4..].to_vec(),
    }
}

pub fn request(addr: &str, method: &str, path: &str, extra: &[(&str, &str)]) -> Resp {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (n, v) in extra {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    raw_request(addr, req.as_bytes())
}

pub fn get(addr: &str, path: &str) -> Resp {
    request(addr, "GET", path, &[])
}

/// A live-reload event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: String,
}

/// One connection to `/__shequ/events`.
pub struct Events {
    rx: Receiver<Event>,
    _stream: TcpStream,
    pub hello: Event,
}

impl Events {
    pub fn connect(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(
            format!(
                "GET /__shequ/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
        let reader = s.try_clone().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(reader);
            let mut line = String::new();
            // Response head.
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" {
                    break;
                }
            }
            // The body is chunked: chunk-size lines interleave with event lines; event
            // frames never split a line across chunks, so both can be read line by line.
            let (mut name, mut data) = (String::new(), String::new());
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let l = line.trim_end_matches(['\r', '\n']);
                if let Some(v) = l.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = l.strip_prefix("data: ") {
                    data = v.to_string();
                } else if l.is_empty() && !name.is_empty() {
                    let ev = Event {
                        name: std::mem::take(&mut name),
                        data: std::mem::take(&mut data),
                    };
                    if tx.send(ev).is_err() {
                        return;
                    }
                }
            }
        });
        let mut events = Events {
            rx,
            _stream: s,
            hello: Event {
                name: String::new(),
                data: String::new(),
            },
        };
        let hello = events.next();
        assert_eq!(hello.name, "hello", "{hello:?}");
        events.hello = hello;
        events
    }

    /// The next event (pings are comments and never show up here).
    pub fn next(&self) -> Event {
        match self.rx.recv_timeout(PATIENCE) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => panic!("no event within {PATIENCE:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the event stream closed"),
        }
    }

    /// The next event if one comes within `wait` (for asserting that none does).
    pub fn next_within(&self, wait: Duration) -> Option<Event> {
        self.rx.recv_timeout(wait).ok()
    }
}
