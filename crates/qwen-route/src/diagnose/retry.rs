//! `Retry-After` without a clock: delta-seconds directly, an HTTP-date against the response's
//! own `Date` header.

/// Seconds to wait, from a `Retry-After` value and the response's `Date` header.
///
/// ```
/// use qwen_route::diagnose::retry_after_seconds;
/// assert_eq!(retry_after_seconds("3", None), Some(3.0));
/// assert_eq!(
///     retry_after_seconds("Wed, 21 Oct 2026 07:28:30 GMT", Some("Wed, 21 Oct 2026 07:28:00 GMT")),
///     Some(30.0)
/// );
/// assert_eq!(retry_after_seconds("soon", None), None);
/// ```
pub fn retry_after_seconds(value: &str, date: Option<&str>) -> Option<f64> {
    let v = value.trim();
    if let Ok(n) = v.parse::<f64>() {
        return (n.is_finite() && n >= 0.0).then_some(n);
    }
    let at = http_date(v)?;
    let now = http_date(date?.trim())?;
    Some((at - now).max(0) as f64)
}

/// Seconds since the epoch for an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(s: &str) -> Option<i64> {
    let rest = s.split_once(", ").map_or(s, |(_, r)| r);
    let mut parts = rest.split_whitespace();
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: i64 = hms.next()?.parse().ok()?;
    let m: i64 = hms.next()?.parse().ok()?;
    let sec: i64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(crate::catalog::days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch() {
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(http_date("garbage"), None);
    }
}
