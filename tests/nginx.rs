//! The nginx server block of docs/nginx.conf (linked from the README and the editor's guide),
//! run by a real nginx over the built fixture site: pretty URLs, the slash redirect, the site's
//! 404 page, gzip and caching of hashed assets.
//! The test command (scripts/test) installs nginx when it is missing.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

fn get(port: u16, path: &str, gzip: bool) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let enc = if gzip {
        "Accept-Encoding: gzip\r\n"
    } else {
        ""
    };
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: example.org\r\n{enc}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let headers = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = headers.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if headers.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n =
            usize::from_str_radix(std::str::from_utf8(&b[..line_end]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[line_end + 2..line_end + 2 + n]);
        b = &b[line_end + 2 + n + 2..];
    }
}

fn start(public: &std::path::Path, dir: &std::path::Path) -> (Nginx, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let block = std::fs::read_to_string(repo().join("docs/nginx.conf"))
        .unwrap()
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace(
            "root /srv/shequ/public;",
            &format!("root {};", public.display()),
        );
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n{block}\n}}\n",
        d = dir.display()
    );
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new("nginx")
        .arg("-c")
        .arg(&conf_path)
        .arg("-p")
        .arg(dir)
        .spawn()
        .expect("nginx must be installed (scripts/test installs it)");
    let mut guard = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            guard.0.try_wait().unwrap().is_none(),
            "nginx exited: see its message above"
        );
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (guard, port)
}

#[test]
fn readme_nginx_block_serves_the_archive() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (_nginx, port) = start(&site.public(), dir.path());

    let page = get(port, "/2024-spring/caishichang/", false);
    assert_eq!(page.status, 200);
    assert!(
        page.headers
            .contains("content-type: text/html; charset=utf-8"),
        "{}",
        page.headers
    );
    assert!(String::from_utf8_lossy(&page.body).contains("纺大：菜市场扶手"));

    let redirect = get(port, "/2024-spring/caishichang", false);
    assert_eq!(redirect.status, 301);
    assert!(
        redirect
            .headers
            .contains("location: /2024-spring/caishichang/"),
        "{}",
        redirect.headers
    );

    let missing = get(port, "/no/such/page/", false);
    assert_eq!(missing.status, 404);
    assert!(
        String::from_utf8_lossy(&missing.body).contains("页面未找到"),
        "the site's 404 page"
    );

    let gz = get(port, "/2024-spring/caishichang/", true);
    assert!(
        gz.headers.contains("content-encoding: gzip"),
        "{}",
        gz.headers
    );
    assert!(gz.body.len() < page.body.len());

    let css = std::fs::read_dir(site.public())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap();
    let css = get(port, &format!("/{css}"), true);
    assert_eq!(css.status, 200);
    assert!(
        css.headers.contains("max-age=31536000") && css.headers.contains("immutable"),
        "{}",
        css.headers
    );
    assert!(css.headers.contains("content-encoding: gzip"));

    let feed = get(port, "/atom.xml", false);
    assert_eq!(feed.status, 200);
    assert!(
        feed.headers.contains("content-type: application/atom+xml"),
        "{}",
        feed.headers
    );

    assert_eq!(get(port, "/.shequ-generation", false).status, 404);
}
