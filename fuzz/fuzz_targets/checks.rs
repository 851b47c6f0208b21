//! Properties every rendered one-case site must have, shared by the `case_render` fuzz
//! target and the stable smoke test in `tests/hardening.rs` (included there by path).

use shequ::fuzzing::SingleCase;

/// The feed and the sitemap are well-formed XML, `relations.json` parses, the case page
/// exists, and no page holds a `<script` it did not get from the theme (only the search
/// page loads one): front-matter and Markdown text never become markup.
pub fn check(out: &SingleCase) -> Result<(), String> {
    for name in ["atom.xml", "sitemap.xml"] {
        let bytes = out.files.get(name).ok_or(format!("{name} missing"))?;
        let xml = std::str::from_utf8(bytes).map_err(|e| format!("{name}: {e}"))?;
        roxmltree::Document::parse(xml)
            .map_err(|e| format!("{name} is not well-formed XML: {e}\n{xml}"))?;
    }
    let json = out
        .files
        .get("relations.json")
        .ok_or("relations.json missing")?;
    serde_json::from_slice::<serde_json::Value>(json)
        .map_err(|e| format!("relations.json does not parse: {e}"))?;
    if !out.files.contains_key(&out.page_path) {
        return Err(format!("no case page at {}", out.page_path));
    }
    for (name, bytes) in &out.files {
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        let allowed = usize::from(name == "search/index.html");
        let scripts = text.matches("<script").count();
        if scripts > allowed {
            return Err(format!("{name} has {scripts} <script> tags"));
        }
    }
    Ok(())
}
