//! Partial dates: archives know a year, a month or a day, and shequ never invents the rest.

use serde::Serialize;
use std::fmt;

/// A date as precise as the source: `2023`, `2023-10` or `2023-10-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part after the day is ignored).
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let s = s.trim();
        let date_part = s.split(['T', ' ']).next().unwrap_or("");
        let parts: Vec<&str> = date_part.split('-').collect();
        let num = |p: &str, what: &str, digits: usize| -> Result<u32, String> {
            if p.len() != digits || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("the {what} {p:?} should have {digits} digits"));
            }
            p.parse::<u32>().map_err(|e| e.to_string())
        };
        if parts.is_empty() || parts.len() > 3 || date_part.is_empty() {
            return Err(format!("{s:?} is not a date"));
        }
        let year = num(parts[0], "year", 4)? as i32;
        let month = match parts.get(1) {
            Some(p) => {
                let m = num(p, "month", 2)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("month {m} is not between 01 and 12"));
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
                    return Err(format!(
                        "day {d} does not exist in {year}-{:02}",
                        month.unwrap_or(1)
                    ));
                }
                Some(d as u8)
            }
            None => None,
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
            None => Err("a time without a date".into()),
        },
        other => Err(format!("a {} is not a date", other.type_str())),
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
