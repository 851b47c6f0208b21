//! Input-method punctuation in front matter: a Chinese input method types “ ” ， ： ＝ 【 】 and
//! the full-width space where TOML needs their ASCII forms. Found outside string values only
//! (text may use any punctuation), each with its exact place and what to type instead.

use crate::t;

/// One full-width or Chinese punctuation mark standing where TOML syntax is.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Byte offset in the scanned text.
    pub offset: usize,
    pub found: char,
    /// What TOML needs in its place.
    pub ascii: char,
}

impl Mark {
    /// The sentence that names the mark and says what to type.
    pub fn message(&self) -> String {
        let (key, needs) = lookup(self.found).unwrap_or(("other", self.found));
        let name = t!("content-punct-name", mark = key);
        match self.found {
            '“' | '”' => t!("content-punct-quotes", name = name),
            '‘' | '’' => t!("content-punct-single", name = name),
            '\u{3000}' => t!("content-punct-space", name = name),
            c => t!(
                "content-punct-other",
                name = name,
                found = c.to_string(),
                needs = needs.to_string()
            ),
        }
    }

    /// The caret's label.
    pub fn label(&self) -> String {
        match self.found {
            '\u{3000}' => t!("content-punct-label.space"),
            _ => t!("content-punct-label", ascii = self.ascii.to_string()),
        }
    }

    /// The replacement as ASCII padded with spaces to the mark's byte length, so that a
    /// corrected copy keeps every offset. Spaces go outside the string a quote opens or closes.
    fn padded(&self, opens_string: bool) -> String {
        let pad = " ".repeat(self.found.len_utf8() - 1);
        if opens_string {
            format!("{pad}{}", self.ascii)
        } else {
            format!("{}{pad}", self.ascii)
        }
    }
}

/// The mark's name (a variant of the message `content-punct-name`) and its ASCII
/// counterpart, or None when `c` is not one of the marks.
fn lookup(c: char) -> Option<(&'static str, char)> {
    Some(match c {
        '“' | '”' => ("quotes", '"'),
        '‘' | '’' => ("single", '\''),
        '，' => ("comma", ','),
        '、' => ("dunhao", ','),
        '：' => ("colon", '='),
        '＝' => ("equals", '='),
        '【' => ("lenticular", '['),
        '】' => ("lenticular", ']'),
        '［' => ("bracket", '['),
        '］' => ("bracket", ']'),
        '｛' => ("brace", '{'),
        '｝' => ("brace", '}'),
        '\u{3000}' => ("space", ' '),
        _ => return None,
    })
}

/// Where the scanner is.
#[derive(Clone, Copy, PartialEq)]
enum State {
    Syntax,
    Comment,
    /// `"…"`; `chinese` when a “ opened it (then ” closes it too).
    Basic {
        chinese: bool,
    },
    Literal {
        chinese: bool,
    },
    MultiBasic,
    MultiLiteral,
}

/// The marks in syntax positions of `front`, and a copy of `front` with each replaced by
/// its ASCII form padded to the same byte length (so spans in the copy are spans in `front`).
pub fn scan(front: &str) -> (Vec<Mark>, String) {
    let mut marks = Vec::new();
    let mut fixed = String::with_capacity(front.len());
    let mut state = State::Syntax;
    let mut iter = front.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let rest = &front[i..];
        match state {
            State::Syntax => {
                if let Some((_, ascii)) = lookup(c) {
                    let mark = Mark {
                        offset: i,
                        found: c,
                        ascii,
                    };
                    let opens = matches!(c, '“' | '‘' | '”' | '’');
                    fixed.push_str(&mark.padded(opens));
                    marks.push(mark);
                    match c {
                        '“' | '”' => state = State::Basic { chinese: true },
                        '‘' | '’' => state = State::Literal { chinese: true },
                        _ => {}
                    }
                    continue;
                }
                fixed.push(c);
                match c {
                    '#' => state = State::Comment,
                    '"' if rest.starts_with("\"\"\"") => {
                        fixed.push_str("\"\"");
                        iter.next();
                        iter.next();
                        state = State::MultiBasic;
                    }
                    '"' => state = State::Basic { chinese: false },
                    '\'' if rest.starts_with("'''") => {
                        fixed.push_str("''");
                        iter.next();
                        iter.next();
                        state = State::MultiLiteral;
                    }
                    '\'' => state = State::Literal { chinese: false },
                    _ => {}
                }
            }
            State::Comment => {
                fixed.push(c);
                if c == '\n' {
                    state = State::Syntax;
                }
            }
            State::Basic { chinese } => {
                if chinese && matches!(c, '”' | '“') {
                    let mark = Mark {
                        offset: i,
                        found: c,
                        ascii: '"',
                    };
                    fixed.push_str(&mark.padded(false));
                    marks.push(mark);
                    state = State::Syntax;
                    continue;
                }
                fixed.push(c);
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = iter.next() {
                            fixed.push(escaped);
                        }
                    }
                    // An unclosed string ends with its line, as far as finding marks goes.
                    '"' | '\n' => state = State::Syntax,
                    _ => {}
                }
            }
            State::Literal { chinese } => {
                if chinese && matches!(c, '’' | '‘') {
                    let mark = Mark {
                        offset: i,
                        found: c,
                        ascii: '\'',
                    };
                    fixed.push_str(&mark.padded(false));
                    marks.push(mark);
                    state = State::Syntax;
                    continue;
                }
                fixed.push(c);
                if matches!(c, '\'' | '\n') {
                    state = State::Syntax;
                }
            }
            State::MultiBasic => {
                fixed.push(c);
                if c == '\\' {
                    if let Some((_, escaped)) = iter.next() {
                        fixed.push(escaped);
                    }
                } else if rest.starts_with("\"\"\"") {
                    fixed.push_str("\"\"");
                    iter.next();
                    iter.next();
                    state = State::Syntax;
                }
            }
            State::MultiLiteral => {
                fixed.push(c);
                if rest.starts_with("'''") {
                    fixed.push_str("''");
                    iter.next();
                    iter.next();
                    state = State::Syntax;
                }
            }
        }
    }
    (marks, fixed)
}

/// `front` with each mark replaced by its ASCII form (a full-width space by one space).
pub fn replace(front: &str, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(front.len());
    let mut from = 0;
    for m in marks {
        out.push_str(&front[from..m.offset]);
        out.push(m.ascii);
        from = m.offset + m.found.len_utf8();
    }
    out.push_str(&front[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(front: &str) -> Vec<char> {
        scan(front).0.iter().map(|m| m.found).collect()
    }

    #[test]
    fn finds_marks_outside_strings_only() {
        assert_eq!(
            found("forces = [“社区”，“志愿者”]\n"),
            vec!['“', '”', '，', '“', '”']
        );
        assert_eq!(found("title = \"纺大，街区：“好”\"\n"), Vec::<char>::new());
        assert_eq!(found("title = “纺大，街区”\n"), vec!['“', '”']);
        assert_eq!(found("a = 'x，' # 注释，\nb ＝ 1\n"), vec!['＝']);
        assert_eq!(found("a = \"x\\\"，\"\n"), Vec::<char>::new());
        assert_eq!(
            found("a = \"\"\"\n，\n\"\"\"\nb = 【1】\n"),
            vec!['【', '】']
        );
    }

    #[test]
    fn copy_keeps_offsets_and_parses() {
        let front = "title：“纺大，街区”\nforces　＝ ［\"社区\"、\"志愿者\"］\n";
        let (marks, fixed) = scan(front);
        assert_eq!(fixed.len(), front.len());
        assert_eq!(marks.len(), 8);
        let t: toml::Table = toml::from_str(&fixed).unwrap();
        assert_eq!(t["title"].as_str(), Some("纺大，街区"));
        assert_eq!(t["forces"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            replace(front, &marks),
            "title=\"纺大，街区\"\nforces = [\"社区\",\"志愿者\"]\n"
        );
    }
}
