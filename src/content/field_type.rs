//! A front-matter value of the wrong type, said in the editor's words: what the field should
//! be, with an example using the field's own name (instead of serde's "expected i64").

/// What a field holds, with an example line.
enum Kind {
    Text(&'static str),
    List(&'static str),
    WholeNumber(&'static str),
    YesNo(&'static str),
    Figures,
}

fn kind(field: &str) -> Option<Kind> {
    Some(match field {
        "title" => Kind::Text("title = \"纺大：菜市场扶手\""),
        "area" => Kind::Text("area = \"纺大\""),
        "summary" => Kind::Text("summary = \"为菜市场安装防滑扶手。\""),
        "slug" => Kind::Text("slug = \"fangda-shangpu\""),
        "credit" => Kind::Text("credit = \"编辑部\""),
        "caption" => Kind::Text("caption = \"居民议事会现场\""),
        "src" => Kind::Text("src = \"photo.jpg\""),
        "alt" => Kind::Text("alt = \"居民围坐讨论\""),
        "forces" => Kind::List("forces = [\"社区\", \"社区志愿者\"]"),
        "governance" => Kind::List("governance = [\"自治\", \"德治\"]"),
        "partners" => Kind::List("partners = [\"物业\", \"社区民警\"]"),
        "tags" => Kind::List("tags = [\"菜市场\"]"),
        "authors" => Kind::List("authors = [\"张三\"]"),
        "weight" => Kind::WholeNumber("weight = 1"),
        "draft" => Kind::YesNo("draft = true"),
        "figures" => Kind::Figures,
        _ => return None,
    })
}

/// The sentence for serde's `invalid type: <found>, expected <expected>` on `field`, or None
/// when the message is another kind or the field is not one of ours.
pub fn message(field: &str, serde_message: &str) -> Option<String> {
    let rest = serde_message.trim().strip_prefix("invalid type: ")?;
    let expected = rest.rsplit_once(", expected ")?.1;
    let item = expected.contains("string") || expected.contains("char");
    Some(match kind(field)? {
        Kind::Text(example) => format!("{field} should be text in quotes, e.g. {example}"),
        Kind::List(example) if item && !expected.contains("sequence") => {
            format!("each item of {field} should be text in quotes, e.g. {example}")
        }
        Kind::List(example) => format!("{field} should be a list, e.g. {example}"),
        Kind::WholeNumber(example) => {
            format!("{field} should be a whole number without quotes, e.g. {example}")
        }
        Kind::YesNo(example) => {
            format!("{field} should be true or false without quotes, e.g. {example}")
        }
        Kind::Figures => format!(
            "{field} should be a list of pictures, each a [[figures]] block such as [[figures]] caption = \"居民议事会现场\""
        ),
    })
}

/// In the editor's words, what serde's message says she wrote (`string "1"` → `text "1"`).
pub fn found(serde_message: &str) -> Option<String> {
    let rest = serde_message.trim().strip_prefix("invalid type: ")?;
    let found = rest.rsplit_once(", expected ")?.0;
    let words = [
        ("string ", "text in quotes "),
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
        ("sequence", "a list"),
        ("map", "a table"),
    ];
    let said = words
        .iter()
        .find_map(|(from, to)| found.strip_prefix(from).map(|r| format!("{to}{r}")))
        .unwrap_or_else(|| found.to_string());
    Some(format!("this is {}", said.replace('`', "")))
}

/// The key whose value is at byte `at` of `front`: the nearest line at or above it that
/// reads `key = …` (a dotted key gives its last part; table headers are skipped).
pub fn key_at(front: &str, at: usize) -> Option<String> {
    let at = at.min(front.len());
    let line_end = front[at..].find('\n').map_or(front.len(), |i| at + i);
    front[..line_end].lines().rev().find_map(|line| {
        let (key, _) = line.split_once('=')?;
        let key = key.trim();
        if key.is_empty() || key.starts_with(['[', '#']) || key.contains(['"', '\'', ',']) {
            return None;
        }
        key.rsplit('.').next().map(|k| k.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_the_field_should_be() {
        assert_eq!(
            message("weight", "invalid type: string \"1\", expected i64").as_deref(),
            Some("weight should be a whole number without quotes, e.g. weight = 1")
        );
        assert!(
            message(
                "forces",
                "invalid type: string \"社区\", expected a sequence"
            )
            .unwrap()
            .starts_with("forces should be a list, e.g. forces = [")
        );
        assert!(
            message("tags", "invalid type: integer `1`, expected a string")
                .unwrap()
                .starts_with("each item of tags")
        );
        assert_eq!(message("weight", "missing field `caption`"), None);
        assert_eq!(
            found("invalid type: string \"1\", expected i64").as_deref(),
            Some("this is text in quotes \"1\"")
        );
    }

    #[test]
    fn finds_the_key_of_a_value() {
        let front = "title = \"t\"\nforces = [\n  \"社区\",\n  1,\n]\n[[figures]]\ncaption = 2\n";
        assert_eq!(
            key_at(front, front.find("1,").unwrap()).as_deref(),
            Some("forces")
        );
        assert_eq!(
            key_at(front, front.find("2\n").unwrap()).as_deref(),
            Some("caption")
        );
        assert_eq!(key_at(front, 8).as_deref(), Some("title"));
    }
}
