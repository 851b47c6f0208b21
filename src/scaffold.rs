//! `shequ new <issue>/<slug> --area 纺大`: writes a case file with every field, ready to fill.
//! The file is a draft with a title and a date, so the next build and preview still succeed.

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, display_path};
use crate::t;
use std::path::{Path, PathBuf};

/// Creates the case (and the issue's `_index.md` if the issue is new); returns the paths made.
/// `title` defaults to the slug; `date` to today.
pub fn new_case(
    root: &Path,
    spec: &str,
    area: &str,
    title: Option<&str>,
    date: Option<&str>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let spec = spec.trim_matches('/').trim_end_matches(".md");
    let Some((issue, slug)) = spec.split_once('/') else {
        return Err(Diagnostic::error(t!("scaffold-bad-spec", spec = spec))
            .help(t!("scaffold-bad-spec.help")));
    };
    let ok = |s: &str| {
        !s.is_empty()
            && !s.starts_with(['.', '_', '-'])
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if !ok(issue) || !ok(slug) {
        return Err(Diagnostic::error(t!("scaffold-invalid-spec", spec = spec))
            .help(t!("scaffold-invalid-spec.help")));
    }
    if area.trim().is_empty() {
        return Err(
            Diagnostic::error(t!("scaffold-area-empty")).help(t!("scaffold-area-empty.help"))
        );
    }
    let area = area.trim();
    // The area is checked as the build will check it; a broken config.toml is the build's to
    // report. Without one this is not a site's folder: nothing is made.
    let mut ignored = Diagnostics::default();
    let config_path = root.join("config.toml");
    let config = Config::load(&config_path, Path::new("config.toml"), &mut ignored);
    if config.is_none()
        && !config_path.is_file()
        && let Some(d) = ignored.items.into_iter().next()
    {
        return Err(d);
    }
    if let Some(config) = config
        && !config.allows_area(area)
    {
        return Err(config.unknown_area(area));
    }
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(slug);
    let today = today();
    let date = date.map(str::trim).unwrap_or(&today);
    crate::content::date::PartialDate::parse(date).map_err(|e| {
        Diagnostic::error(t!("scaffold-bad-date", why = e)).help(t!("scaffold-bad-date.help"))
    })?;
    let dir = root.join("content").join(issue);
    let file = dir.join(format!("{slug}.md"));
    if file.exists() {
        return Err(
            Diagnostic::error(t!("scaffold-exists", path = display_path(&file)))
                .help(t!("scaffold-exists.help")),
        );
    }
    let io = |p: &Path, e: std::io::Error| {
        let why = crate::i18n::io_error(&e);
        Diagnostic::error(t!(
            "scaffold-cannot-write",
            path = display_path(p),
            why = why
        ))
    };
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let mut made = Vec::new();
    let index = dir.join("_index.md");
    if !index.exists() {
        let text = format!(
            "+++\ntitle = \"{issue}\"\ndate = \"{date}\"\nsummary = \"\"\n+++\n\n（编者按）\n"
        );
        std::fs::write(&index, text).map_err(|e| io(&index, e))?;
        made.push(index);
    }
    let area_q = quote(area);
    let title_q = quote(title);
    // The notes after `#` are for her, in her language.
    let note_date = t!("scaffold-comment-date");
    let note_forces = t!("scaffold-comment-forces");
    let note_governance = t!("scaffold-comment-governance");
    let note_partners = t!("scaffold-comment-partners");
    let note_draft = t!("scaffold-comment-draft");
    let note_src = t!("scaffold-comment-src");
    let text = format!(
        r#"+++
title = "{title_q}"
date = "{date}"          # {note_date}
area = "{area_q}"
forces = []             # {note_forces}
governance = []         # {note_governance}
partners = []           # {note_partners}
tags = []
summary = ""
authors = []
draft = true            # {note_draft}
# slug = "{slug}"
# weight = 1

# [[figures]]
# src = "photo.jpg"     # {note_src}
# caption = ""
+++

"#
    );
    std::fs::write(&file, text).map_err(|e| io(&file, e))?;
    made.push(file);
    Ok(made)
}

/// `s` as the inside of a TOML basic string.
fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Today's local date, `YYYY-MM-DD`.
fn today() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let t = libc::time_t::try_from(now).unwrap_or(0);
    // SAFETY: `tm` is a plain C struct that `localtime_r` (`localtime_s` on Windows) fills;
    // both pointers are valid.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    #[cfg(not(windows))]
    let failed = unsafe { libc::localtime_r(&t, &mut tm) }.is_null();
    #[cfg(windows)]
    let failed = unsafe { libc::localtime_s(&mut tm, &t) } != 0;
    if failed {
        return civil_date(now / 86_400);
    }
    format!(
        "{:04}-{:02}-{:02}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday
    )
}

/// The date `days` after 1970-01-01 (UTC), from Howard Hinnant's `civil_from_days`.
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(19_782), "2024-02-29");
        assert_eq!(super::civil_date(20_789), "2026-12-02");
    }

    #[test]
    fn today_is_a_date() {
        assert!(crate::content::date::PartialDate::parse(&super::today()).is_ok());
    }
}
