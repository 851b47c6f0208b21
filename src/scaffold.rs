//! `shequ new <issue>/<slug> --area 纺大`: writes a case file with every field, ready to fill.

use crate::error::Diagnostic;
use std::path::{Path, PathBuf};

/// Creates the case (and the issue's `_index.md` if the issue is new); returns the paths made.
pub fn new_case(
    root: &Path,
    spec: &str,
    area: &str,
    date: &str,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let spec = spec.trim_matches('/').trim_end_matches(".md");
    let Some((issue, slug)) = spec.split_once('/') else {
        return Err(
            Diagnostic::error(format!("{spec:?} should be <issue>/<slug>"))
                .help("for example: shequ new 2024-spring/fangda-caishichang --area 纺大"),
        );
    };
    let ok = |s: &str| {
        !s.is_empty()
            && !s.starts_with(['.', '_', '-'])
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if !ok(issue) || !ok(slug) {
        return Err(
            Diagnostic::error(format!("{spec:?} is not a valid <issue>/<slug>"))
                .help("use letters, digits and hyphens, e.g. 2024-spring/fangda-caishichang"),
        );
    }
    if area.trim().is_empty() {
        return Err(Diagnostic::error("--area is empty")
            .help("name the residential area, e.g. --area 纺大"));
    }
    crate::content::date::PartialDate::parse(date).map_err(|e| {
        Diagnostic::error(format!("--date: {e}")).help("write 2024, 2024-03 or 2024-03-15")
    })?;
    let dir = root.join("content").join(issue);
    let file = dir.join(format!("{slug}.md"));
    if file.exists() {
        return Err(
            Diagnostic::error(format!("{} already exists", file.display()))
                .help("choose another slug"),
        );
    }
    let io = |p: &Path, e: std::io::Error| {
        Diagnostic::error(format!("cannot write {}: {e}", p.display()))
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
    let area_q = area.replace('\\', "\\\\").replace('"', "\\\"");
    let text = format!(
        r#"+++
title = ""
date = "{date}"          # "2024", "2024-03" or "2024-03-15": as precise as the source
area = "{area_q}"
forces = []             # 五社: 社区, 社会组织, 社会工作者, 社区志愿者, 社会慈善资源
governance = []         # 五治: 政治, 自治, 法治, 德治, 智治
partners = []           # e.g. "物业", "业委会", "社区民警"
tags = []
summary = ""
authors = []
# slug = "{slug}"
# draft = true
# weight = 1

# [[figures]]
# src = "photo.jpg"     # optional: the caption may exist without its image
# caption = ""
+++

"#
    );
    std::fs::write(&file, text).map_err(|e| io(&file, e))?;
    made.push(file);
    Ok(made)
}
