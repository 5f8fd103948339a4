//! Reading an error answer, whatever server wrote it.
//!
//! Shapes handled: OpenAI / DashScope compatible mode `{"error": {code, message, type, param},
//! "request_id"}` (also llama.cpp, Ollama `/v1` and LiteLLM, whose `code` may be a number or a
//! numeric string); DashScope native `{"code", "message", "request_id"}`; the DashScope Java SDK
//! wrapper `{"statusCode", "message", "code"}`; vLLM `{"object": "error", "message", "type",
//! "code"}`; Anthropic Messages `{"type": "error", "error": {type, message}, "request_id"}`;
//! Ollama native `{"error": "…"}`; FastAPI `{"detail": "…"}`; and plain text or HTML.

use serde::Serialize;
use serde_json::Value;

/// What an error answer said, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ParsedError {
    /// HTTP status, when known (error frames inside a stream have none).
    pub status: Option<u16>,
    /// The envelope's `code` (stringified when numeric).
    pub code: Option<String>,
    /// The envelope's `type`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The message (text bodies are trimmed to 500 characters).
    pub message: String,
    /// The envelope's `param`, when it names one.
    pub param: Option<String>,
    /// The request id, for support tickets.
    pub request_id: Option<String>,
    /// Which envelope shape it was.
    pub envelope: &'static str,
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parse an error object (`{"code", "message", "type", …}`) such as a stream's error frame.
///
/// ```
/// let v = serde_json::json!({"code": "limit_requests", "message": "slow down"});
/// let e = qwen_route::diagnose::parse_error_object(&v, None);
/// assert_eq!(e.code.as_deref(), Some("limit_requests"));
/// ```
pub fn parse_error_object(obj: &Value, status: Option<u16>) -> ParsedError {
    ParsedError {
        status,
        code: text(obj.get("code")),
        kind: text(obj.get("type")),
        message: text(obj.get("message")).unwrap_or_default(),
        param: text(obj.get("param")),
        request_id: None,
        envelope: "error-object",
    }
}

/// Parse an HTTP error body.
///
/// ```
/// let body = br#"{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":null,"code":404}"#;
/// let e = qwen_route::diagnose::parse_error_body(body, Some(404));
/// assert_eq!(e.envelope, "vllm");
/// assert_eq!(e.code.as_deref(), Some("404"));
/// ```
pub fn parse_error_body(body: &[u8], status: Option<u16>) -> ParsedError {
    let Ok(v) = serde_json::from_str::<Value>(&String::from_utf8_lossy(body)) else {
        return plain(body, status);
    };
    let request_id = text(v.get("request_id")).or_else(|| text(v.get("requestId")));
    match v.get("error") {
        Some(obj @ Value::Object(_)) => {
            let mut e = parse_error_object(obj, status);
            e.request_id = request_id;
            // Anthropic Messages: {"type":"error","error":{"type","message"},"request_id"}.
            e.envelope = if v.get("type").and_then(Value::as_str) == Some("error") {
                "anthropic"
            } else {
                "openai"
            };
            return e;
        }
        Some(Value::String(s)) => {
            return ParsedError {
                status,
                message: s.clone(),
                request_id,
                envelope: "ollama",
                ..ParsedError::default()
            };
        }
        _ => {}
    }
    if v.get("object").and_then(Value::as_str) == Some("error") {
        return ParsedError {
            status,
            code: text(v.get("code")),
            kind: text(v.get("type")),
            message: text(v.get("message")).unwrap_or_default(),
            param: text(v.get("param")),
            request_id,
            envelope: "vllm",
        };
    }
    if v.get("message").is_some() || v.get("code").is_some() {
        return ParsedError {
            status,
            code: text(v.get("code")),
            kind: text(v.get("type")),
            message: text(v.get("message")).unwrap_or_default(),
            param: None,
            request_id,
            envelope: if v.get("statusCode").is_some() {
                "dashscope-sdk"
            } else {
                "dashscope-native"
            },
        };
    }
    if let Some(d) = text(v.get("detail")) {
        return ParsedError {
            status,
            message: d,
            request_id,
            envelope: "detail",
            ..ParsedError::default()
        };
    }
    plain(body, status)
}

fn plain(body: &[u8], status: Option<u16>) -> ParsedError {
    let s = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    let message: String = collapsed.join(" ").chars().take(500).collect();
    ParsedError {
        status,
        message,
        envelope: if body.is_empty() { "empty" } else { "text" },
        ..ParsedError::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let e = parse_error_body(
            br#"{"code":"InvalidApiKey","message":"Invalid API-key provided.","request_id":"r1"}"#,
            Some(401),
        );
        assert_eq!(
            (e.envelope, e.code.as_deref(), e.request_id.as_deref()),
            ("dashscope-native", Some("InvalidApiKey"), Some("r1"))
        );
        let e = parse_error_body(
            br#"{"error":"model \"x\" not found, try pulling it first"}"#,
            Some(404),
        );
        assert_eq!(e.envelope, "ollama");
        let e = parse_error_body(b"<html><body><h1>404 Not Found</h1></body></html>", Some(404));
        assert_eq!(e.message, "404 Not Found");
        let e = parse_error_body(
            br#"{"error":{"code":400,"message":"bad","type":"invalid_request_error"}}"#,
            Some(400),
        );
        assert_eq!(e.code.as_deref(), Some("400"));
        assert_eq!(parse_error_body(b"", Some(502)).envelope, "empty");
    }
}
