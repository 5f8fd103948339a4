//! Variables: `{{name}}` in the system prompt or any message, filled from a value table before
//! the request is shaped (so the wire view and every export show the filled request), and
//! tables of values (CSV with a header row, or JSON Lines) for Batch, one request per row.

use std::collections::BTreeMap;

use serde_json::Value;

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The `{{name}}` placeholders of `texts`, each once, in order of appearance.
///
/// ```
/// let n = qwen_route_playground::vars::names(["Hi {{ name }}, about {{topic}}.", "{{name}} again; {{ not a var }}"]);
/// assert_eq!(n, ["name", "topic"]);
/// ```
pub fn names<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else { break };
            let name = after[..end].trim();
            if !name.is_empty() && name.chars().all(is_name_char) && !out.iter().any(|n| n == name)
            {
                out.push(name.to_string());
            }
            rest = &after[end + 2..];
        }
    }
    out
}

/// `text` with each `{{name}}` that has a value replaced by it; the others stay as written.
///
/// ```
/// use std::collections::BTreeMap;
/// let v = BTreeMap::from([("name".to_string(), "Ada".to_string())]);
/// assert_eq!(qwen_route_playground::vars::fill("Hi {{ name }} and {{other}}", &v), "Hi Ada and {{other}}");
/// ```
pub fn fill(text: &str, values: &BTreeMap<String, String>) -> String {
    if values.is_empty() || !text.contains("{{") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => match values.get(after[..end].trim()) {
                Some(v) => {
                    out.push_str(v);
                    rest = &after[end + 2..];
                }
                None => {
                    out.push_str("{{");
                    rest = after;
                }
            },
            None => {
                out.push_str(&rest[start..]);
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One CSV record (RFC 4180 quoting: `"a, b"`, `""` for a quote).
fn csv_record(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur).trim().to_string()),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

/// Rows of values from a pasted table: JSON Lines (one object per line), or CSV whose first
/// line names only `known` variables. `None` when the text is neither (plain inputs, one per
/// line).
///
/// ```
/// let known = ["name".to_string(), "topic".to_string()];
/// let rows = qwen_route_playground::vars::rows("name,topic\nAda,\"maths, mostly\"\nAlan,codes", &known).unwrap();
/// assert_eq!(rows.len(), 2);
/// assert_eq!(rows[0]["topic"], "maths, mostly");
/// let rows = qwen_route_playground::vars::rows("{\"name\": \"Ada\", \"n\": 3}\n{\"name\": \"Alan\"}", &known).unwrap();
/// assert_eq!((rows[0]["n"].as_str(), rows.len()), ("3", 2));
/// assert!(qwen_route_playground::vars::rows("just some text\nmore", &known).is_none());
/// ```
pub fn rows(table: &str, known: &[String]) -> Option<Vec<BTreeMap<String, String>>> {
    let lines: Vec<&str> = table.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let first = lines.first()?;
    if first.starts_with('{') {
        let mut out = Vec::new();
        for l in &lines {
            let Ok(Value::Object(o)) = serde_json::from_str::<Value>(l) else { return None };
            out.push(
                o.into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            match v {
                                Value::String(s) => s,
                                other => other.to_string(),
                            },
                        )
                    })
                    .collect(),
            );
        }
        return Some(out);
    }
    let header = csv_record(first);
    if lines.len() < 2 || !header.iter().all(|h| known.contains(h)) {
        return None;
    }
    let rows: Vec<BTreeMap<String, String>> =
        lines[1..].iter().map(|l| header.iter().cloned().zip(csv_record(l)).collect()).collect();
    Some(rows)
}
