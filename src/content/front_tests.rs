//! Tests of `front`: splitting and typed parsing of front matter.

use super::*;

fn cfg() -> Config {
    Config::parse("title = \"t\"\nbase_url = \"https://e.org/\"\n[partner_aliases]\n\"民警\" = \"社区民警\"\n", Path::new("config.toml")).unwrap()
}

#[test]
fn splits_with_crlf() {
    let t = "+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n";
    let s = split(t, Path::new("a.md")).unwrap();
    assert_eq!(s.front, "title = \"a\"\r\n");
    assert_eq!(s.body, "body\r\n");
}

#[test]
fn split_errors() {
    let e = split("title = 1\n", Path::new("a.md")).unwrap_err();
    assert!(e.message.contains("missing front matter"));
    let e = split("+++\ntitle = \"a\"\nbody\n", Path::new("a.md")).unwrap_err();
    assert!(e.message.contains("never closed"));
    assert_eq!(e.line, 1);
    assert!(
        split("  \n", Path::new("a.md"))
            .unwrap_err()
            .message
            .contains("empty")
    );
}

fn case(text: &str) -> (Option<CaseMeta>, Problems) {
    let s = split(text, Path::new("c.md")).unwrap();
    parse_case(Path::new("c.md"), text, &s, &cfg())
}

#[test]
fn parses_full_case() {
    let (m, p) = case(
        "+++\ntitle = \"标题\"\ndate = 2023-10-05\narea = \"纺大\"\nforces = [\"志愿者\", \"社区\"]\ngovernance = [\"自治\"]\npartners = [\"民警\", \"物业\", \"社区民警\"]\n+++\n正文\n",
    );
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let m = m.unwrap();
    assert_eq!(m.forces, vec![0, 3]);
    assert_eq!(m.partners, vec!["社区民警", "物业"]);
    assert_eq!(m.date.iso(), "2023-10-05");
}

#[test]
fn unknown_force_points_at_it_and_suggests() {
    let (m, p) = case(
        "+++\ntitle = \"t\"\ndate = \"2023\"\narea = \"纺大\"\nforces = [\"社区\", \"社区志愿军\"]\n+++\n",
    );
    assert!(m.is_none());
    let e = &p.errors[0];
    assert_eq!((e.line, e.col), (5, 17));
    assert!(e.help.as_deref().unwrap().contains("社区志愿者"), "{e}");
}

#[test]
fn missing_area_and_bad_date_reported_together() {
    let (_, p) = case("+++\ntitle = \"t\"\ndate = \"2023-13\"\n+++\n");
    assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
    assert!(p.errors.iter().any(|e| e.message.contains("`area`")));
    assert!(
        p.errors
            .iter()
            .any(|e| e.message.contains("malformed date") && e.line == 3)
    );
}

#[test]
fn misspelled_field_warns_with_closest() {
    let (m, p) = case("+++\ntitle = \"t\"\ndate = \"2023\"\narea = \"a\"\nsumary = \"s\"\n+++\n");
    assert!(m.is_some());
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].line, 5);
    assert!(p.warnings[0].help.as_deref().unwrap().contains("`summary`"));
}

#[test]
fn wrong_type_and_bad_toml_name_line() {
    let (_, p) =
        case("+++\ntitle = \"t\"\ndate = \"2023\"\narea = \"a\"\nforces = \"社区\"\n+++\n");
    assert_eq!(p.errors[0].line, 5, "{}", p.errors[0]);
    let (_, p) = case("+++\ntitle = \"t\ndate = \"2023\"\n+++\n");
    assert!(
        p.errors[0]
            .message
            .starts_with("a mistake in the front matter: text in quotes is not closed"),
        "{}",
        p.errors[0]
    );
    assert_eq!(p.errors[0].line, 2);
}
