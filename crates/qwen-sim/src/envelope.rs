//! Error bodies, in each server's own envelope.
//!
//! Sources: DashScope compatible mode
//! `{"error":{"code","param","message","type"},"id","request_id"}` (infiniflow/ragflow#8972);
//! vLLM and SGLang `{"object":"error","message","type","param","code":<int>}` (QwenLM/Qwen3#20,
//! langchain4j#3475); Ollama's `/v1` `{"error":{"message","type","param","code":null}}` with
//! `invalid_request_error` / `not_found_error` / `api_error` (ollama `openai/openai.go`);
//! llama.cpp `{"error":{"code":<int>,"message","type"}}`; LiteLLM
//! `{"error":{"message","type","param","code":"<status>"}}` (measured on a LiteLLM proxy, tests/peers/litellm).

use qwen_route::catalog::{self, Dialect};
use serde_json::{json, Value};

use crate::ids::Ids;
use crate::wire::SimResponse;

/// The header naming the `catalog/errors.toml` row a simulated refusal came from, so tests (and
/// users) can tell which fact answered.
pub const ERROR_HEADER: &str = "X-Qwen-Sim-Error";

/// A refusal, before it is wrapped in a server's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// HTTP status.
    pub status: u16,
    /// The envelope's `code`, when the server sends one.
    pub code: Option<String>,
    /// The envelope's `type`.
    pub kind: Option<String>,
    /// The message, verbatim from the catalog where it has one.
    pub message: String,
    /// `Retry-After` seconds, for 429s.
    pub retry_after: Option<u32>,
    /// The `catalog/errors.toml` row it came from (sent as `X-Qwen-Sim-Error`).
    pub catalog_id: Option<&'static str>,
}

impl Failure {
    /// A refusal from the catalog's upstream-error row `id`, with the numbers in `[1, N]`
    /// ranges replaced by `limit` when given.
    ///
    /// ```
    /// let f = qwen_sim::Failure::from_catalog("max-tokens-range", Some(16384));
    /// assert_eq!(f.status, 400);
    /// assert!(f.message.ends_with("Range of max_tokens should be [1, 16384]"));
    /// ```
    pub fn from_catalog(id: &str, limit: Option<u32>) -> Failure {
        let Some(row) = catalog::upstream_error(id) else {
            return Failure::sim(500, &format!("qwen-sim has no catalog row {id:?}"));
        };
        let message = row.message_with_limit(limit.map(u64::from));
        let (code, kind) = match (row.code, row.kind) {
            (Some(c), Some(t)) => (Some(c.to_string()), Some(t.to_string())),
            (Some(c), None) => (Some(c.to_string()), Some(default_type(row.status).into())),
            // Where the sources do not show the code, DashScope's usual pair for the status.
            (None, t) => (
                Some(default_code(row.status).into()),
                Some(t.unwrap_or(default_type(row.status)).into()),
            ),
        };
        Failure {
            status: row.status,
            code,
            kind,
            message,
            retry_after: None,
            catalog_id: Some(row.id),
        }
    }

    /// A refusal written by the simulator itself (visibly so).
    ///
    /// ```
    /// assert!(qwen_sim::Failure::sim(400, "bad").message.starts_with("qwen-sim: "));
    /// ```
    pub fn sim(status: u16, message: &str) -> Failure {
        Failure {
            status,
            code: Some(default_code(status).into()),
            kind: Some(default_type(status).into()),
            message: format!("qwen-sim: {message}"),
            retry_after: None,
            catalog_id: None,
        }
    }
}

fn default_code(status: u16) -> &'static str {
    match status {
        401 => "invalid_api_key",
        404 => "model_not_found",
        429 => "limit_requests",
        s if s >= 500 => "internal_error",
        _ => "invalid_parameter_error",
    }
}

fn default_type(status: u16) -> &'static str {
    match status {
        429 => "limit_requests",
        s if s >= 500 => "internal_error",
        _ => "invalid_request_error",
    }
}

fn python_type(status: u16) -> &'static str {
    match status {
        401 => "UnauthorizedError",
        404 => "NotFoundError",
        429 => "TooManyRequestsError",
        s if s >= 500 => "InternalServerError",
        _ => "BadRequestError",
    }
}

fn ollama_type(status: u16) -> &'static str {
    match status {
        400 => "invalid_request_error",
        404 => "not_found_error",
        _ => "api_error",
    }
}

/// The error object alone (also used for error frames inside a stream).
pub(crate) fn error_value(dialect: Dialect, f: &Failure, ids: &Ids) -> Value {
    match dialect {
        Dialect::Dashscope => json!({
            "error": {"code": f.code, "param": null, "message": f.message, "type": f.kind},
            "id": ids.chat_id(),
            "request_id": ids.request_id(),
        }),
        Dialect::Vllm | Dialect::Sglang => json!({
            "object": "error",
            "message": f.message,
            "type": python_type(f.status),
            "param": null,
            "code": f.status,
        }),
        Dialect::Ollama => json!({
            "error": {"message": f.message, "type": ollama_type(f.status), "param": null, "code": null}
        }),
        Dialect::LlamaCpp => json!({
            "error": {"code": f.status, "message": f.message, "type": f.kind}
        }),
        Dialect::Litellm => json!({
            "error": {"message": f.message, "type": f.kind, "param": null, "code": f.status.to_string()}
        }),
        Dialect::Openai => json!({
            "error": {"message": f.message, "type": f.kind, "param": null, "code": f.code}
        }),
    }
}

/// The whole error response.
pub(crate) fn error_response(dialect: Dialect, f: &Failure, ids: &Ids) -> SimResponse {
    let mut r = SimResponse::json(f.status, &error_value(dialect, f, ids));
    if let Some(s) = f.retry_after {
        r = r.with_header("Retry-After", &s.to_string());
    }
    if let Some(id) = f.catalog_id {
        r = r.with_header(ERROR_HEADER, id);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_rows_keep_their_verbatim_message() {
        let f = Failure::from_catalog("thinking-non-streaming", None);
        assert_eq!(
            f.message,
            "parameter.enable_thinking must be set to false for non-streaming calls"
        );
        assert_eq!(f.code.as_deref(), Some("invalid_parameter_error"));
        let f = Failure::from_catalog("input-too-long", Some(30720));
        assert!(f.message.ends_with("[1, 30720]"), "{}", f.message);
        assert_eq!(Failure::from_catalog("nope", None).status, 500);
    }

    #[test]
    fn envelopes_per_dialect() {
        let ids = Ids::new(b"x");
        let f = Failure::from_catalog("model-not-found", None);
        let v = error_value(Dialect::Vllm, &f, &ids);
        assert_eq!(v["object"], "error");
        assert_eq!(v["code"], 404);
        let v = error_value(Dialect::Dashscope, &f, &ids);
        assert_eq!(v["error"]["code"], "model_not_found");
        assert!(v["request_id"].is_string());
        let v = error_value(Dialect::Ollama, &f, &ids);
        assert_eq!(v["error"]["type"], "not_found_error");
        assert!(v["error"]["code"].is_null());
    }
}
