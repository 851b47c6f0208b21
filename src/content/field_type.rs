//! A front-matter value of the wrong type, said in the editor's words: what the field should
//! be, with an example using the field's own name (instead of serde's "expected i64").

use crate::t;

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
        Kind::Text(example) => t!("content-type.text", field = field, example = example),
        Kind::List(example) if item && !expected.contains("sequence") => {
            t!("content-type.list-item", field = field, example = example)
        }
        Kind::List(example) => t!("content-type.list", field = field, example = example),
        Kind::WholeNumber(example) => {
            t!(
                "content-type.whole-number",
                field = field,
                example = example
            )
        }
        Kind::YesNo(example) => t!("content-type.yes-no", field = field, example = example),
        Kind::Figures => t!("content-type.figures", field = field),
    })
}

/// In the editor's words, what serde's message says she wrote (`string "1"` → `this is
/// text in quotes "1"`); `value` is the text written there.
pub fn found(serde_message: &str, value: &str) -> Option<String> {
    let rest = serde_message.trim().strip_prefix("invalid type: ")?;
    let found = rest.rsplit_once(", expected ")?.0;
    let found = crate::config::toml_error::found_words(found, value);
    Some(t!("content-type.found", found = found))
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
            found("invalid type: string \"1\", expected i64", "\"1\"").as_deref(),
            Some("this is text in quotes \"1\"")
        );
    }
}
