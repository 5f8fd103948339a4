//! Repro bundles: one redacted JSON file a user can attach to a bug report — the request with
//! the key as a placeholder, a curl script, the response (status, headers, body or stream
//! frames), timings, the diagnosis and the catalog version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assemble::Timings;
use crate::catalog;
use crate::diagnose::Diagnosis;

/// A failed exchange, as the playground or a user saved it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReproInput {
    /// Surface id.
    pub surface: String,
    /// What was sent.
    pub request: SentRequest,
    /// What came back.
    pub response: ReceivedResponse,
}

/// A request as sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SentRequest {
    /// `POST`.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers (an `Authorization` value is replaced by the surface's placeholder).
    pub headers: BTreeMap<String, String>,
    /// JSON body.
    pub body: Value,
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReceivedResponse {
    /// HTTP status, when there was one.
    pub status: Option<u16>,
    /// Headers.
    pub headers: BTreeMap<String, String>,
    /// Body text (an SSE stream as it came).
    pub body: String,
}

/// The redacted bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReproBundle {
    /// Format marker.
    pub kind: &'static str,
    /// Catalog version the diagnosis was made with.
    pub catalog_version: &'static str,
    /// Surface id.
    pub surface: String,
    /// The request, with the key as an environment-variable placeholder.
    pub request: SentRequest,
    /// The same request as a curl script (the key read from the environment).
    pub curl: String,
    /// The response, redacted.
    pub response: ReceivedResponse,
    /// The `data:` lines of a streamed response, in order.
    pub frames: Vec<String>,
    /// Timings, when the caller measured them.
    pub timings: Option<Timings>,
    /// The diagnosis.
    pub diagnosis: Option<BundleDiagnosis>,
}

/// The diagnosis, as it goes into a bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BundleDiagnosis {
    /// Stable code.
    pub code: &'static str,
    /// Title.
    pub title: String,
    /// Cause, for this request.
    pub cause: String,
    /// Fixes.
    pub fix: Vec<String>,
}

/// Replace anything that looks like a key (`sk-…`, `Bearer …`) with a mask.
///
/// ```
/// let r = qwen_route::repro::redact("Authorization: Bearer sk-abc123XYZ789 and sk-sp-zz9988776655");
/// assert!(!r.contains("abc123") && !r.contains("zz9988"));
/// assert!(r.contains("Bearer ***"));
/// ```
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(rest) = text.get(i..).filter(|r| !r.is_empty()) {
        let bearer = rest.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer "));
        let prefix_len = if bearer {
            7
        } else if rest.starts_with("sk-") {
            3
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
            continue;
        };
        let tail = &rest[prefix_len..];
        // A token runs to the next space, quote or JSON punctuation.
        let end = tail
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '}' | ']' | '&' | '<' | '>')
            })
            .unwrap_or(tail.len());
        let token = &tail[..end];
        out.push_str(&rest[..prefix_len]);
        // A placeholder such as `$DASHSCOPE_API_KEY` or a short word is not a secret.
        if token.starts_with('$') || token.chars().count() < 8 {
            out.push_str(token);
        } else {
            out.push_str("***");
        }
        i += prefix_len + end;
    }
    out
}

/// Headers that carry credentials: their values never go into a bundle.
fn credential_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization"
            | "proxy-authorization"
            | "x-api-key"
            | "api-key"
            | "x-goog-api-key"
            | "cookie"
    )
}

/// [`redact`] every string in a JSON value, in place, whatever field it is in.
///
/// ```
/// let mut v = serde_json::json!({"note": "key sk-abc123XYZ789", "list": ["Bearer sk-zz9988776655"], "n": 1});
/// qwen_route::repro::redact_json(&mut v);
/// assert!(!v.to_string().contains("abc123") && !v.to_string().contains("zz9988"));
/// assert_eq!(v["n"], 1);
/// ```
pub fn redact_json(v: &mut Value) {
    match v {
        Value::String(s) => *s = redact(s),
        Value::Array(a) => a.iter_mut().for_each(redact_json),
        Value::Object(o) => o.values_mut().for_each(redact_json),
        _ => {}
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Build the redacted bundle.
///
/// ```
/// use qwen_route::repro::{bundle, ReproInput};
/// let mut input = ReproInput { surface: "dashscope-intl".into(), ..Default::default() };
/// input.request.url = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions".into();
/// input.request.headers.insert("Authorization".into(), "Bearer sk-live-0123456789".into());
/// input.request.body = serde_json::json!({"model": "qwen-plus", "messages": []});
/// input.response.status = Some(401);
/// let b = bundle(&input, None, None);
/// let text = serde_json::to_string(&b).unwrap();
/// assert!(!text.contains("0123456789"));
/// assert_eq!(b.request.headers["Authorization"], "Bearer $DASHSCOPE_API_KEY");
/// assert!(b.curl.contains("$DASHSCOPE_API_KEY"));
/// ```
pub fn bundle(
    input: &ReproInput,
    diagnosis: Option<&Diagnosis>,
    timings: Option<&Timings>,
) -> ReproBundle {
    let env_var = catalog::surface(&input.surface).map_or("API_KEY", |s| s.env_var());
    let mut request = input.request.clone();
    if request.method.is_empty() {
        request.method = "POST".into();
    }
    request.url = redact(&request.url);
    request.headers = request
        .headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("cookie"))
        .map(|(k, v)| {
            if k.eq_ignore_ascii_case("authorization") {
                (k.clone(), format!("Bearer ${env_var}"))
            } else if credential_header(k) {
                (k.clone(), "***".to_string())
            } else {
                (k.clone(), redact(v))
            }
        })
        .collect();
    redact_json(&mut request.body);
    let mut curl = format!(
        "#!/bin/sh\n# qwen-route repro bundle: set {env_var} first.\ncurl -sS -N -X {} {}",
        request.method,
        shell_quote(&request.url)
    );
    for (k, v) in &request.headers {
        let header = if k.eq_ignore_ascii_case("authorization") {
            format!("\"Authorization: Bearer ${env_var}\"")
        } else {
            shell_quote(&format!("{k}: {v}"))
        };
        curl.push_str(&format!(" \\\n  -H {header}"));
    }
    curl.push_str(&format!(" \\\n  -d {}\n", shell_quote(&request.body.to_string())));
    let response = ReceivedResponse {
        status: input.response.status,
        headers: input
            .response
            .headers
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("set-cookie"))
            .map(|(k, v)| (k.clone(), redact(v)))
            .collect(),
        body: redact(&input.response.body),
    };
    let frames = response
        .body
        .lines()
        .filter_map(|l| l.strip_prefix("data:").map(|d| d.trim_start().to_string()))
        .collect();
    ReproBundle {
        kind: "qwen-route.repro.v1",
        catalog_version: catalog::CATALOG_VERSION,
        surface: input.surface.clone(),
        request,
        curl,
        response,
        frames,
        timings: timings.cloned(),
        diagnosis: diagnosis.map(|d| BundleDiagnosis {
            code: d.code,
            title: d.title.to_string(),
            cause: redact(&d.cause),
            fix: d.fix.iter().map(|f| redact(f)).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_placeholders_and_words() {
        assert_eq!(redact("Bearer $DASHSCOPE_API_KEY"), "Bearer $DASHSCOPE_API_KEY");
        assert_eq!(redact("use an sk- key"), "use an sk- key");
        assert_eq!(redact("x sk-1234567890abcdef y"), "x sk-*** y");
        assert_eq!(redact("Bearer abcdefghijkl"), "Bearer ***");
        assert_eq!(redact("天空 sk-短"), "天空 sk-短");
        assert_eq!(redact("bearer ab+cdefghijklmnop/="), "bearer ***");
        assert_eq!(redact(r#"{"k":"sk-abc/def+ghi=="}"#), r#"{"k":"sk-***"}"#);
    }

    #[test]
    fn the_key_is_nowhere_in_the_bundle() {
        let key = "sk-sim-intl-VERYSECRET42";
        let mut input = ReproInput { surface: "dashscope-intl".into(), ..Default::default() };
        input.request.url =
            "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions".into();
        input.request.headers.insert("Authorization".into(), format!("Bearer {key}"));
        input.request.headers.insert("Cookie".into(), "s=1".into());
        input.request.headers.insert("X-Api-Key".into(), "plainsecretvalue".into());
        input.request.body = serde_json::json!({"model": "qwen-plus", "messages": [{"role": "user", "content": format!("my key is {key}")}]});
        input.response.status = Some(200);
        input.response.body = format!("data: {{\"error\":{{\"message\":\"bad key {key}\"}}}}\n\n");
        input.response.headers.insert("Set-Cookie".into(), "x".into());
        let b = bundle(&input, None, None);
        let text = serde_json::to_string(&b).unwrap_or_default();
        assert!(!text.contains("VERYSECRET42") && !text.contains("plainsecretvalue"), "{text}");
        assert!(!text.contains("Cookie") && !text.contains("Set-Cookie"));
        assert_eq!(b.frames.len(), 1);
        assert!(b.curl.starts_with("#!/bin/sh"));
    }
}
