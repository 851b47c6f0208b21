//! Escaping text for HTML and XML.

/// HTML/XML escaping of text and attribute values (Tera's default also escapes `/`,
/// which makes every URL unreadable and is not needed in quoted attributes).
///
/// Characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage return;
/// U+FFFE and U+FFFF) become U+FFFD, so a stray control character in a title or a body
/// cannot make the feed or the sitemap unreadable.
pub fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len() + 16);
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let (rep, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => continue,
            0..0x20 => ("\u{fffd}", 1),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{fffd}", 3),
            _ => continue,
        };
        // Every match starts at an ASCII byte or a lead byte, so `i` is a char boundary;
        // the continuation bytes of U+FFFE/U+FFFF match no arm.
        out.push_str(&input[last..i]);
        out.push_str(rep);
        last = i + len;
    }
    out.push_str(&input[last..]);
    out
}
