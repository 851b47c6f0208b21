//! Partial dates: archives know a year, a month or a day, and shequ never invents the rest.

use crate::t;
use serde::Serialize;
use std::fmt;

/// A date as precise as the source: `2023`, `2023-10` or `2023-10-05`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part after the day is ignored), and
    /// the forms an editor writes in Chinese: `2023年10月5日`, `2023年10月`, `2023年`,
    /// `2023.10.5`, `2023/10/5`, `2023.10`, `2023/10`; full-width digits count as digits.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let folded = fold_full_width(s.trim());
        let s = folded.as_str();
        if let Some(parts) = chinese_parts(s)? {
            return PartialDate::from_parts(s, &parts);
        }
        let date_part = s.split(['T', ' ']).next().unwrap_or("");
        let parts: Vec<&str> = date_part.split('-').collect();
        let num = |p: &str, what: &str, digits: usize| -> Result<u32, String> {
            let wrong = || {
                let value = format!("{p:?}");
                t!(
                    "content-date-digits",
                    part = what,
                    value = value,
                    digits = digits.to_string()
                )
            };
            if p.len() != digits || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(wrong());
            }
            p.parse::<u32>().map_err(|_| wrong())
        };
        if parts.is_empty() || parts.len() > 3 || date_part.is_empty() {
            let date = format!("{s:?}");
            return Err(t!("content-date-not-date", date = date));
        }
        let year = num(parts[0], "year", 4)? as i32;
        let month = match parts.get(1) {
            Some(p) => {
                let m = num(p, "month", 2)?;
                if !(1..=12).contains(&m) {
                    return Err(t!("content-date-month", month = m.to_string()));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match parts.get(2) {
            Some(p) => {
                let d = num(p, "day", 2)?;
                let max = days_in_month(year, month.unwrap_or(1) as u32);
                if d < 1 || d > max {
                    let month = format!("{:02}", month.unwrap_or(1));
                    return Err(t!(
                        "content-date-day",
                        day = d.to_string(),
                        year = year.to_string(),
                        month = month
                    ));
                }
                Some(d as u8)
            }
            None => None,
        };
        Ok(PartialDate { year, month, day })
    }

    /// Checks year, month and day written with 4, 1–2 and 1–2 digits.
    fn from_parts(s: &str, parts: &[&str]) -> Result<PartialDate, String> {
        let date = format!("{s:?}");
        let num = |p: &str, what: &str, digits: std::ops::RangeInclusive<usize>| {
            let wrong = || {
                // Only 1–2 digits are a range.
                let n = if digits.start() == digits.end() {
                    digits.start().to_string()
                } else {
                    "one-or-two".to_string()
                };
                let value = format!("{p:?}");
                t!(
                    "content-date-digits.in",
                    part = what,
                    value = value,
                    date = date.as_str(),
                    digits = n
                )
            };
            if !digits.contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(wrong());
            }
            p.parse::<u32>().map_err(|_| wrong())
        };
        let year = num(parts[0], "year", 4..=4)? as i32;
        let month = match parts.get(1) {
            Some(p) => {
                let m = num(p, "month", 1..=2)?;
                if !(1..=12).contains(&m) {
                    return Err(t!(
                        "content-date-month.in",
                        month = m.to_string(),
                        date = date.as_str()
                    ));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(p), Some(m)) => {
                let d = num(p, "day", 1..=2)?;
                if d < 1 || d > days_in_month(year, m as u32) {
                    return Err(t!(
                        "content-date-day.in",
                        day = d.to_string(),
                        year = year.to_string(),
                        month = m.to_string()
                    ));
                }
                Some(d as u8)
            }
            _ => None,
        };
        Ok(PartialDate { year, month, day })
    }

    /// ISO form with only the known parts: `2023`, `2023-10`, `2023-10-05`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Chinese display: `2023年`, `2023年10月`, `2023年10月5日`.
    pub fn zh(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}年{m}月{d}日", self.year),
            (Some(m), None) => format!("{}年{m}月", self.year),
            _ => format!("{}年", self.year),
        }
    }

    /// RFC 3339 timestamp for Atom, which requires a full one: the first day of the
    /// known period (the feed format's need, not a claim about the day).
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00+08:00",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// `s` with full-width digits and separators (２０２３．１０) as their ASCII forms.
fn fold_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '／' => '/',
            '－' => '-',
            c => c,
        })
        .collect()
}

/// The year, month and day parts of `2023年10月5日` (any prefix of it), `2023.10.5` or
/// `2023/10/5`; None for other text (left to the ISO parser).
fn chinese_parts(s: &str) -> Result<Option<Vec<&str>>, String> {
    if s.contains(['年', '月', '日']) {
        let malformed = || {
            let date = format!("{s:?}");
            t!("content-date-chinese-form", date = date)
        };
        let (year, rest) = s.split_once('年').ok_or_else(malformed)?;
        let mut parts = vec![year.trim()];
        if !rest.trim().is_empty() {
            let (month, rest) = rest.split_once('月').ok_or_else(malformed)?;
            parts.push(month.trim());
            if !rest.trim().is_empty() {
                let day = rest.trim().strip_suffix('日').ok_or_else(malformed)?;
                parts.push(day.trim());
            }
        }
        return Ok(Some(parts));
    }
    for sep in ['.', '/'] {
        if s.contains(sep) {
            let parts: Vec<&str> = s.split(sep).collect();
            if parts.len() > 3 {
                let date = format!("{s:?}");
                return Err(t!(
                    "content-date-sep-form",
                    date = date,
                    sep = sep.to_string()
                ));
            }
            return Ok(Some(parts));
        }
    }
    Ok(None)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Reads a front-matter `date` value: a TOML date, a string or a bare year.
pub fn from_toml(value: &toml::Value) -> Result<PartialDate, String> {
    match value {
        toml::Value::String(s) => PartialDate::parse(s),
        toml::Value::Integer(y) => PartialDate::parse(&y.to_string()),
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) => PartialDate::parse(&format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
            None => Err(t!("content-date-time-only")),
        },
        other => Err(t!("content-date-kind", kind = other.type_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_three_precisions() {
        assert_eq!(PartialDate::parse("2023").unwrap().zh(), "2023年");
        assert_eq!(PartialDate::parse("2023-10").unwrap().zh(), "2023年10月");
        assert_eq!(
            PartialDate::parse("2023-10-05").unwrap().iso(),
            "2023-10-05"
        );
        assert_eq!(
            PartialDate::parse("2023-10-05T08:00:00Z").unwrap().iso(),
            "2023-10-05"
        );
    }

    #[test]
    fn parses_chinese_forms() {
        for (written, iso) in [
            ("2023年10月", "2023-10"),
            ("2023年10月5日", "2023-10-05"),
            ("2023年", "2023"),
            ("2023.10", "2023-10"),
            ("2023.10.5", "2023-10-05"),
            ("2023/10/5", "2023-10-05"),
            ("2023/10", "2023-10"),
            ("２０２３年１０月５日", "2023-10-05"),
            ("２０２３．１０", "2023-10"),
            ("2023-10-05", "2023-10-05"),
        ] {
            assert_eq!(
                PartialDate::parse(written).map(|d| d.iso()),
                Ok(iso.into()),
                "{written}"
            );
        }
        assert_eq!(
            PartialDate::parse("2023年10月5日").unwrap().zh(),
            "2023年10月5日"
        );
    }

    #[test]
    fn rejects_bad_chinese_forms() {
        for (written, why) in [
            ("2023年13月", "month 13"),
            ("2023年2月30日", "day 30 does not exist in 2023年2月"),
            ("23年10月", "the year \"23\""),
            ("2023年10月5", "is not a date"),
            ("2023年10", "is not a date"),
            ("2023.10.5.1", "is not a date"),
            ("2023/0/5", "month 0"),
            ("2023.100", "the month \"100\""),
            ("2023..5", "the month \"\""),
        ] {
            let e = PartialDate::parse(written).unwrap_err();
            assert!(e.contains(why), "{written}: {e}");
        }
    }

    #[test]
    fn rejects_bad_dates() {
        assert!(PartialDate::parse("2023-13").is_err());
        assert!(PartialDate::parse("2023-02-30").is_err());
        assert!(PartialDate::parse("23-01").is_err());
        assert!(PartialDate::parse("二〇二三").is_err());
        assert!(PartialDate::parse("").is_err());
    }

    #[test]
    fn sorts_partial_before_precise_within_year() {
        let y = PartialDate::parse("2023").unwrap();
        let m = PartialDate::parse("2023-01").unwrap();
        let d = PartialDate::parse("2023-01-01").unwrap();
        assert!(y < m && m < d);
        assert!(PartialDate::parse("2022-12-31").unwrap() < y);
    }

    #[test]
    fn accepts_toml_forms() {
        let v: toml::Table = toml::from_str("a = 2023-10-05\nb = 2023\nc = \"2023-10\"").unwrap();
        assert_eq!(from_toml(&v["a"]).unwrap().iso(), "2023-10-05");
        assert_eq!(from_toml(&v["b"]).unwrap().iso(), "2023");
        assert_eq!(from_toml(&v["c"]).unwrap().iso(), "2023-10");
    }
}
