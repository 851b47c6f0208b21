//! The deploy check: a base URL that points at this computer makes a site that works only
//! here.

use super::{MAX_CONFIG_BYTES, Spans};
use crate::error::Diagnostic;
use crate::t;
use std::path::Path;

/// A warning when the base URL a build uses points at this computer (127.x, ::1,
/// localhost): links in the built site then work only here. `option` is `--base-url`;
/// otherwise config.toml's value is pointed at.
pub fn local_base_url_warning(root: &Path, option: Option<&str>) -> Option<Diagnostic> {
    let message = |url: &str| t!("config-local-base-url", url = url.trim());
    let help = || t!("config-local-base-url.help");
    if let Some(url) = option {
        return is_local_url(url).then(|| Diagnostic::warning(message(url)).help(help()));
    }
    // Only an ordinary file of the size the build read (never a FIFO: reading one blocks).
    let path = root.join("config.toml");
    std::fs::metadata(&path)
        .ok()
        .filter(|m| m.is_file() && m.len() <= MAX_CONFIG_BYTES)?;
    let text = std::fs::read_to_string(&path).ok()?;
    let url = toml::from_str::<Spans>(&text).ok()?.base_url?;
    is_local_url(url.get_ref()).then(|| {
        let span = url.span();
        Diagnostic::warning(message(url.get_ref()))
            .at("config.toml", &text, span.start, span.end)
            .label(t!("config-local-base-url.label"))
            .help(help())
    })
}

/// Whether `url`'s host is this computer: localhost, 127.0.0.0/8 or ::1.
fn is_local_url(url: &str) -> bool {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_base_urls_are_recognised() {
        for url in [
            "http://127.0.0.1:1111/",
            "http://127.1.2.3/archive/",
            "http://localhost",
            "https://LOCALHOST:8443/x",
            "http://[::1]:8080/",
            "http://user@localhost/",
            "http://shequ.localhost/",
        ] {
            assert!(is_local_url(url), "{url}");
        }
        for url in [
            "https://example.org/",
            "http://128.0.0.1/",
            "http://localhost.example.org/",
            "http://[2001:db8::1]/",
        ] {
            assert!(!is_local_url(url), "{url}");
        }
    }
}
