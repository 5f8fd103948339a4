//! Which catalog rows have not been checked for a while.
//!
//! The core does no I/O, so "today" is an argument: the CLI passes the system date.
//!
//! ```
//! use qwen_route::catalog::{self, CivilDate};
//! let today = CivilDate::parse("2027-06-01").unwrap();
//! let old = catalog::stale_rows(today, 30);
//! assert!(old.iter().any(|r| r.row == "surface:dashscope-intl"));
//! assert!(catalog::stale_rows(CivilDate::parse("2026-11-21").unwrap(), 30).is_empty());
//! ```

use serde::Serialize;

use super::{
    aliases, disputes, models, prefixes, prices, regions, surfaces, tradeoffs, upstream_errors,
    workloads,
};

/// A calendar date (proleptic Gregorian), as the catalog writes it: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CivilDate {
    days: i64,
}

impl CivilDate {
    /// Parse `YYYY-MM-DD`; `None` for anything else, including impossible days.
    ///
    /// ```
    /// use qwen_route::catalog::CivilDate;
    /// assert!(CivilDate::parse("2026-02-29").is_none());
    /// assert_eq!(CivilDate::parse("2026-12-02").unwrap().to_string(), "2026-12-02");
    /// ```
    pub fn parse(s: &str) -> Option<CivilDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(r)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(CivilDate { days: days_from_civil(y, m, d) })
    }

    /// The date `n` days after 1970-01-01 (the CLI passes the system clock's day).
    ///
    /// ```
    /// use qwen_route::catalog::CivilDate;
    /// assert_eq!(CivilDate::from_unix_days(0).to_string(), "1970-01-01");
    /// assert_eq!(CivilDate::from_unix_days(20_789).to_string(), "2026-12-02");
    /// ```
    pub fn from_unix_days(n: i64) -> CivilDate {
        CivilDate { days: n }
    }

    /// Days from `earlier` to `self`.
    ///
    /// ```
    /// use qwen_route::catalog::CivilDate;
    /// let a = CivilDate::parse("2026-11-21").unwrap();
    /// let b = CivilDate::parse("2026-12-02").unwrap();
    /// assert_eq!(b.days_since(a), 11);
    /// ```
    pub fn days_since(self, earlier: CivilDate) -> i64 {
        self.days - earlier.days
    }
}

impl std::fmt::Display for CivilDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = civil_from_days(self.days);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Days since 1970-01-01, counting in 400-year eras that start on March 1st, so that the leap
// day is the last day of the shifted year (the usual civil-calendar arithmetic).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A catalog row whose `checked` date is older than asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleRow {
    /// `surface:<id>`, `model:<id>`, `alias:<alias>`, `prefix:<prefix>`, `region:<id>`,
    /// `workload:<id>`, `error:<id>`, `tradeoff:<id>`, `price:<model>/<region>` or
    /// `dispute:<row>.<field>`.
    pub row: String,
    /// When it was last checked.
    pub checked: &'static str,
    /// How many days ago that was.
    pub age_days: i64,
}

/// Every row checked more than `days` days before `today`, oldest first.
pub fn stale_rows(today: CivilDate, days: u32) -> Vec<StaleRow> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    rows.extend(regions().iter().map(|r| (format!("region:{}", r.id), r.checked)));
    rows.extend(surfaces().iter().map(|s| (format!("surface:{}", s.id), s.checked)));
    rows.extend(models().iter().map(|m| (format!("model:{}", m.id), m.checked)));
    rows.extend(aliases().iter().map(|a| (format!("alias:{}", a.alias), a.checked)));
    rows.extend(prefixes().iter().map(|p| (format!("prefix:{}", p.prefix), p.checked)));
    rows.extend(workloads().iter().map(|w| (format!("workload:{}", w.id), w.checked)));
    rows.extend(upstream_errors().iter().map(|e| (format!("error:{}", e.id), e.checked)));
    rows.extend(tradeoffs().iter().map(|t| (format!("tradeoff:{}", t.id), t.checked)));
    rows.extend(prices().iter().map(|p| (format!("price:{}/{}", p.model, p.region), p.checked)));
    rows.extend(disputes().iter().map(|d| (format!("dispute:{}.{}", d.row, d.field), d.checked)));
    let mut out: Vec<StaleRow> = rows
        .into_iter()
        .filter_map(|(row, checked)| {
            // build.rs rejects a malformed date, so every row parses.
            let age_days = today.days_since(CivilDate::parse(checked)?);
            (age_days > i64::from(days)).then_some(StaleRow { row, checked, age_days })
        })
        .collect();
    out.sort_by(|a, b| b.age_days.cmp(&a.age_days).then_with(|| a.row.cmp(&b.row)));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_across_leap_days_and_eras() {
        for s in ["1970-01-01", "2000-02-29", "2024-12-31", "2100-03-01", "1600-02-29"] {
            assert_eq!(CivilDate::parse(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
        for bad in
            ["2026-13-01", "2026-00-10", "2100-02-29", "26-12-02", "2026-1-02", "２０２６-12-02"]
        {
            assert!(CivilDate::parse(bad).is_none(), "{bad}");
        }
        let a = CivilDate::parse("2024-02-28").expect("date");
        assert_eq!(CivilDate::parse("2024-03-01").expect("date").days_since(a), 2);
    }

    #[test]
    fn a_row_is_stale_only_past_the_limit() {
        let today = CivilDate::parse("2027-01-01").expect("date");
        let all = stale_rows(today, 0);
        let oldest = all.first().map(|r| r.age_days).expect("rows");
        assert!(all.windows(2).all(|w| w[0].age_days >= w[1].age_days));
        let limit = u32::try_from(oldest).expect("positive");
        assert!(stale_rows(today, limit).is_empty());
        let rows = stale_rows(today, limit - 1);
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.age_days == oldest));
    }
}
