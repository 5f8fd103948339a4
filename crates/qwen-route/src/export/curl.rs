//! curl: the body goes through a quoted heredoc, so no character in it needs shell escaping.

use crate::shape::Shaped;

/// Quote a word for POSIX sh when it holds anything but safe characters.
pub(crate) fn sh_quote(s: &str) -> String {
    let safe =
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub(super) fn render(shaped: &Shaped) -> String {
    let req = &shaped.request;
    let mut out = format!("curl -sS {}", sh_quote(&req.url));
    if shaped.effective.stream {
        out.push_str(" -N");
    }
    for (name, value) in &req.headers {
        // Double quotes so $ENV_VAR expands; the placeholder is the only `$` the shaper writes.
        let v = value.replace('\\', "\\\\").replace('"', "\\\"").replace('`', "\\`");
        out.push_str(&format!(" \\\n  -H \"{name}: {v}\""));
    }
    let body = serde_json::to_string_pretty(&req.body).unwrap_or_else(|_| req.body.to_string());
    out.push_str(" \\\n  -d @- <<'JSON'\n");
    out.push_str(&body);
    out.push_str("\nJSON\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("https://x/v1/chat/completions"), "https://x/v1/chat/completions");
        assert_eq!(sh_quote("http://x/?a=b&c"), "'http://x/?a=b&c'");
        assert_eq!(sh_quote("it's"), "'it'\\''s'");
    }
}
